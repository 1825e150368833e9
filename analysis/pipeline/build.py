"""One build: raw folder -> corpus -> per-article stage -> reductions -> tables and figures.

Example:
    >>> import tempfile
    >>> from analysis import paths
    >>> from analysis.lenses.base import Registry
    >>> out = tempfile.mkdtemp()
    >>> summary = build(paths.RAW_DIR, out, figures_dir=out, registry=Registry(), parse_cache=False)
    >>> summary["articles"], summary["tables"] >= 8
    (6, True)
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import annotate, io, paths
from ..corpus import build_corpus
from ..corpus.outlets import Selection, select
from ..lenses import default_registry
from ..lenses.base import CORPUS_TABLES, Registry
from ..resources import Resources, Settings
from . import executor, progress
from .stage import BATCH_SIZE, make_batches
from .tables import Tables

log = logging.getLogger("analysis")
PARSE_CACHE = Path("parse_cache") / "docs.sqlite"


@dataclass
class BuildOptions:
    """How to run a build (everything but the folders)."""

    jobs: int | None = None
    dask: str | None = None
    batch_size: int = BATCH_SIZE
    parse_cache: bool | str | Path = True
    rule_files: dict[str, str] = field(default_factory=dict)
    selection: Selection = field(default_factory=Selection)
    show_progress: bool | None = None
    prune_parse_cache: bool = False


def settings_for(raw_dir: Path, out_dir: Path, options: BuildOptions, *, threads: int = 1) -> Settings:
    """The worker settings of a build: user rule tables from the raw folder, the parse store under ``out_dir``."""
    store = None
    if options.parse_cache:
        store = str(out_dir / PARSE_CACHE if options.parse_cache is True else Path(options.parse_cache))
    return Settings(rule_dirs=(str(raw_dir),), rule_files=tuple(sorted(options.rule_files.items())),
                    parse_store=store, threads=threads)


def run_article_stage(corpus_tables: Tables, registry: Registry, settings: Settings, options: BuildOptions) -> dict:
    """Run the per-article stage over the corpus, writing each batch's tables as parts; return counts."""
    articles, sentences = corpus_tables["articles"], corpus_tables["sentences"]
    lenses = registry.article_lenses()
    names = list(annotate.TABLES) + [t for lens in lenses for t in lens.article_tables]
    corpus_tables.clear_parts(names)
    batches = list(make_batches(articles, sentences, size=options.batch_size))
    jobs = max(1, min(options.jobs or executor.default_jobs(), len(batches)))  # no idle worker loading models
    sizes = {b.number: b.n_words for b in batches}
    words = sum(sizes.values())
    log.info("reading %s article(s) in %d batch(es) on %d worker(s)", f"{len(articles):,}", len(batches), jobs)
    bar = progress.bar(total=words, unit="words", desc="reading articles", enabled=options.show_progress,
                       log=log.info)
    for number, tables in executor.map_batches(batches, settings, lenses, jobs=jobs, dask=options.dask):
        for name in names:
            corpus_tables.write_part(name, number, tables.get(name, pd.DataFrame()))
        bar.update(sizes[number])
    bar.close()
    return {"batches": len(batches), "jobs": jobs}


def run_reductions(tables: Tables, registry: Registry, resources: Resources, *, timings: dict) -> None:
    """Each lens's cross-article step, in dependency order; its tables go into ``tables``."""
    for lens in registry.ordered():
        if lens.reduce is None:
            continue
        started = time.perf_counter()
        produced = lens.reduce(tables, resources)
        missing = set(lens.writes) - set(produced)
        if missing:
            raise ValueError(f"lens {lens.name!r} reduce did not return {sorted(missing)}")
        for name in lens.writes:
            tables.put(name, produced[name])
        timings[lens.name] = round(time.perf_counter() - started, 1)
        log.info("%s: %s in %.1f s", lens.name, ", ".join(lens.writes), timings[lens.name])


def write_outputs(tables: Tables, names: list[str], out_dir: Path) -> list[Path]:
    """Write every named table as ``out_dir/NAME.csv`` (rounded, atomic, the user's file mode)."""
    written = []
    for name in names:
        path = out_dir / f"{name}.csv"
        io.write_csv(tables.read(name), path)
        written.append(path)
        tables.memory.pop(name, None) if name not in ("articles", "sentences") else None
    return written


def build(raw_dir: str | Path = paths.RAW_DIR, out_dir: str | Path = paths.PROCESSED_DIR, *,
          figures_dir: str | Path = paths.FIGURES_DIR, registry: Registry | None = None,
          options: BuildOptions | None = None, **option_values) -> dict:
    """Rebuild every table and figure of ``raw_dir`` into ``out_dir`` and ``figures_dir``; return a summary.

    ``options`` (or its fields as keywords, e.g. ``jobs=2, parse_cache=False``) say how to run.
    """
    options = options or BuildOptions(**option_values)
    raw_dir, out_dir, figures_dir = Path(raw_dir), Path(out_dir), Path(figures_dir)
    registry = registry if registry is not None else default_registry()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    corpus = build_corpus(raw_dir, progress=options.show_progress)
    articles, sentences, dropped = select(corpus.articles, corpus.sentences, options.selection)
    timings["corpus"] = round(time.perf_counter() - started, 1)
    tables = Tables(out_dir, memory={"articles": articles, "sentences": sentences,
                                     "removed_lines": corpus.removed_lines, "build_log": corpus.log})
    settings = settings_for(raw_dir, out_dir, options)
    stage = {"batches": 0, "jobs": 0}
    if len(articles):
        started = time.perf_counter()
        stage = run_article_stage(tables, registry, settings, options)
        timings["article stage"] = round(time.perf_counter() - started, 1)
    else:
        log.warning("no articles to analyse in %s: only the corpus tables are written (build_log.csv says why)",
                    raw_dir)
        registry = Registry([lens for lens in registry.lenses if set(lens.reads) <= set(CORPUS_TABLES)])
    resources = Resources(settings_for(raw_dir, out_dir, options, threads=stage["jobs"] or 1))
    try:
        run_reductions(tables, registry, resources, timings=timings)
    finally:
        resources.close()
    names = list(dict.fromkeys([*CORPUS_TABLES, *(annotate.TABLES if len(articles) else ()), *registry.tables()]))
    write_outputs(tables, names, out_dir)
    figures = draw_figures(tables, registry, figures_dir)
    pruned = prune_store(settings.parse_store, articles) if options.prune_parse_cache else 0
    log_table = corpus.log
    return {
        "files_read": int(articles["source_file"].nunique()) if len(articles) else 0,
        "articles": len(articles),
        "articles_left_out": dropped,
        "outlets": int(articles["outlet"].nunique()) if len(articles) else 0,
        "sentences": len(sentences),
        "removed_lines": len(corpus.removed_lines),
        "problems": int((log_table["level"] != "info").sum()) if len(log_table) else 0,
        "problem_lines": [f"{r.source_file}{':' + str(r.line) if r.line else ''}: {r.message}"
                          for r in log_table.itertuples() if r.level != "info"],
        "tables": len(names),
        "figures": len(figures),
        "parses_pruned": pruned,
        "batches": stage["batches"],
        "jobs": stage["jobs"],
        "seconds": timings,
        "tables_dir": str(out_dir),
        "figures_dir": str(figures_dir),
    }


def prune_store(store_path: str | None, articles: pd.DataFrame) -> int:
    """Drop from the parse store every parse this build did not use (edited, removed or selected-out articles,
    an older spaCy model); return how many."""
    from ..annotate import parse
    from ..resources import Resources

    store = parse.open_store(store_path)
    if store is None:
        return 0
    try:
        keep = set(parse.store_keys(articles["text"].fillna("").astype(str).tolist(), Resources().nlp()))
        return store.prune(keep)
    finally:
        store.close()


def draw_figures(tables: Tables, registry: Registry, figures_dir: Path) -> list[Path]:
    """Every lens's figures, drawn from the built tables."""
    drawn: list[Path] = []
    for lens in registry.ordered():
        if lens.figures is not None:
            drawn += lens.figures(tables, figures_dir)
    return drawn
