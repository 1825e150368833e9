"""The pipeline: read the corpus once, run every lens, write tables and figures.

Lenses are functions of DataFrames; this module is the only place that reads
raw files (through :mod:`analysis.corpus`) and writes ``data/processed/`` and
``figures/``. Outputs are written atomically and sorted, so the same raw folder
always gives the same bytes.

Example:
    >>> import tempfile
    >>> from analysis import paths
    >>> out = tempfile.mkdtemp()
    >>> summary = build(paths.RAW_DIR, out, figures_dir=out, lenses=())
    >>> summary["articles"]
    6
"""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

import pandas as pd

from . import corpus, io, nlp, paths

log = logging.getLogger("analysis")

# Lens modules in the order they run; each exposes build(articles, sentences, **inputs) -> dict of tables
# and draw_figures(tables, figures_dir) -> list of PNG paths.
LENSES: tuple[str, ...] = ("attribution", "tone", "wording", "facts")
# spaCy parses of the corpus, kept between runs (see analysis.nlp.ParseStore); safe to delete
PARSE_CACHE = Path("parse_cache") / "docs.sqlite"


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table as ``out_dir/NAME.csv`` (atomic, deterministic)."""
    written = []
    for name, table in sorted(tables.items()):
        path = Path(out_dir) / f"{name}.csv"
        io.write_csv(table, path)
        written.append(path)
    return written


def corpus_tables(result: corpus.BuildResult) -> dict[str, pd.DataFrame]:
    """The corpus outputs by file stem."""
    return {
        "articles": result.articles,
        "sentences": result.sentences,
        "removed_lines": result.removed_lines,
        "build_log": result.log,
    }


def lens_inputs(name: str, tables: dict[str, pd.DataFrame], *, model_dir: str | Path,
                rules: dict[str, pd.DataFrame] | None = None) -> dict:
    """Keyword arguments of one lens's ``build``: earlier tables, the tone model folder, user rule tables."""
    rules = rules or {}
    actors, acts = rules.get("actors"), rules.get("acts")
    if name == "attribution":
        return {"actors": actors} if actors is not None else {}
    if name == "tone":
        return {"model_dir": model_dir, "actors": actors}
    if name == "wording":
        return {"attributions": tables.get("attributions"), "actors": actors, "acts": acts}
    if name == "facts":
        return {"attributions": tables.get("attributions"), "actor_table": actors}
    return {}


def run_lenses(articles: pd.DataFrame, sentences: pd.DataFrame, *, lenses=LENSES, model_dir: str | Path,
               rules: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """Run the lenses in order; later lenses receive earlier tables (e.g. ``attributions``).

    ``rules`` may hold a user's own ``actors`` and ``acts`` tables, replacing the packaged ones.
    """
    tables: dict[str, pd.DataFrame] = {}
    for name in lenses:
        module = importlib.import_module(f"analysis.{name}")
        started = time.perf_counter()
        produced = module.build(articles, sentences, **lens_inputs(name, tables, model_dir=model_dir, rules=rules))
        tables.update(produced)
        log.info("%s: %s in %.1f s", name, ", ".join(sorted(produced)), time.perf_counter() - started)
    return tables


def user_rules(raw_dir: str | Path, *, actors: str | Path | None = None, acts: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """A user's actor and act tables: given paths, else ``actors.csv`` / ``acts.csv`` in the raw folder, else none."""
    from . import actors as actors_mod
    from . import wording

    found = {}
    actors = actors or (Path(raw_dir) / "actors.csv" if (Path(raw_dir) / "actors.csv").exists() else None)
    acts = acts or (Path(raw_dir) / "acts.csv" if (Path(raw_dir) / "acts.csv").exists() else None)
    if actors is not None:
        found["actors"] = actors_mod.load_actors(actors)
        log.info("actor table: %s (%d actors)", actors, len(found["actors"]))
    if acts is not None:
        found["acts"] = wording.load_acts(acts)
        log.info("act table: %s (%d rows)", acts, len(found["acts"]))
    return found


def empty_lens_tables(lenses=LENSES) -> dict[str, pd.DataFrame]:
    """The lens tables, empty but with their columns, for a corpus without articles."""
    tables: dict[str, pd.DataFrame] = {}
    for name in lenses:
        module = importlib.import_module(f"analysis.{name}")
        if hasattr(module, "empty_tables"):
            tables.update(module.empty_tables())
    return tables


def draw_figures(tables: dict[str, pd.DataFrame], figures_dir: str | Path, *, lenses=LENSES) -> list[Path]:
    """Every figure of the report, drawn from the tables by package functions."""
    from . import figures

    drawn = figures.draw_corpus_figures(tables, figures_dir)
    for name in lenses:
        module = importlib.import_module(f"analysis.{name}")
        if hasattr(module, "draw_figures"):
            drawn += module.draw_figures(tables, figures_dir)
    return drawn


def build(
    raw_dir: str | Path = paths.RAW_DIR,
    out_dir: str | Path = paths.PROCESSED_DIR,
    *,
    figures_dir: str | Path = paths.FIGURES_DIR,
    model_dir: str | Path | None = None,
    lenses=LENSES,
    progress: bool | None = None,
    actors: str | Path | None = None,
    acts: str | Path | None = None,
    parse_cache: bool | str | Path = True,
    prune_parse_cache: bool = False,
) -> dict:
    """Rebuild processed tables and figures from ``raw_dir``; return counts for the run summary.

    The tone model is read from (or, the first time, trained into) ``model_dir``,
    by default the bundled ``data/processed``: a user's corpus reuses it. A user's own
    actor and act tables (``actors``, ``acts``, or ``actors.csv`` / ``acts.csv`` in the raw
    folder) replace the packaged ones. Every lens's spaCy parses are kept in ``parse_cache``
    (``True``: ``out_dir/parse_cache/docs.sqlite``; ``False``: none), so a rebuild parses only
    new text; the tables are the same bytes with or without it. ``prune_parse_cache`` then
    drops the parses this build did not use (texts no longer in the corpus), when every
    lens ran.
    """
    raw_dir, out_dir, figures_dir = Path(raw_dir), Path(out_dir), Path(figures_dir)
    result = corpus.build_corpus(raw_dir, progress=progress)
    tables = corpus_tables(result)
    read_back = parsed = pruned = 0
    if len(result.articles):
        rules = user_rules(raw_dir, actors=actors, acts=acts)
        store_path = (out_dir / PARSE_CACHE if parse_cache is True else Path(parse_cache)) if parse_cache else None
        with nlp.parse_store(store_path) as store:
            tables.update(run_lenses(result.articles, result.sentences, lenses=lenses,
                                     model_dir=model_dir or paths.PROCESSED_DIR, rules=rules))
            if store is not None:
                read_back, parsed = store.hits, store.misses
                log.info("parse store %s: %d text(s) read back, %d parsed", store.path, read_back, parsed)
                if prune_parse_cache and set(LENSES) <= set(lenses):
                    pruned = store.prune_unused()
                    log.info("parse store %s: %d parse(s) no build input used any more, removed", store.path, pruned)
    else:
        tables.update(empty_lens_tables(lenses))
    write_tables(tables, out_dir)
    pngs = draw_figures(tables, figures_dir, lenses=lenses if len(result.articles) else ())
    return {
        "files_read": int(result.articles["source_file"].nunique()) if len(result.articles) else 0,
        "articles": len(result.articles),
        "sentences": len(result.sentences),
        "removed_lines": len(result.removed_lines),
        "problems": int((result.log["level"] != "info").sum()),
        "problem_lines": [f"{r.source_file}{':' + r.line if r.line else ''}: {r.message}"
                          for r in result.log.itertuples() if r.level != "info"],
        "tables": len(tables),
        "figures": len(pngs),
        "parses_read_back": read_back,
        "texts_parsed_into_store": parsed,
        "parses_pruned": pruned,
    }
