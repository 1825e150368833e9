"""Command line: ``python -m analysis build|notebooks|report``.

* ``build``: rebuild every table and figure from a raw folder.
* ``notebooks``: execute the bundled notebooks in place (after ``build``).
* ``report``: build, execute every notebook and export the HTML report. Without ``--raw`` it
  rebuilds the bundled corpus in place; with ``--raw DIR --out OUT`` everything goes under OUT and
  the report is ``OUT/html/index.html``.

Selections: ``--outlets "Reuters,AP"``, ``--since 2020-01-01``, ``--until 2020-01-31`` choose the
articles; ``--events EV001,EV004`` chooses the events the notebooks show.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

from . import paths

MAX_PRINTED = 10
log = logging.getLogger("analysis")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def build_options(args):
    """:class:`~analysis.pipeline.BuildOptions` from parsed arguments."""
    from .corpus.outlets import Selection
    from .pipeline import BuildOptions

    rule_files = {name: value for name, value in (("actors", args.actors), ("acts", args.acts)) if value}
    dask = args.dask_scheduler or ("local" if args.dask else None)
    return BuildOptions(jobs=args.jobs, dask=dask, parse_cache=not args.no_parse_cache, rule_files=rule_files,
                        prune_parse_cache=getattr(args, "prune_parse_cache", False),
                        selection=Selection(outlets=_split(args.outlets), since=args.since, until=args.until))


def print_build_summary(summary: dict) -> None:
    """What a build read, what it left out, what went wrong, where the results are."""
    print(f"read {summary['files_read']} file(s): {summary['articles']} article(s) from {summary['outlets']} "
          f"outlet(s), {summary['sentences']} sentence(s)")
    if summary.get("articles_left_out"):
        print(f"{summary['articles_left_out']} article(s) left out by the selection")
    print(f"cleaning removed {summary['removed_lines']} line(s) (see removed_lines.csv)")
    if summary["problems"]:
        print(f"{summary['problems']} problem(s) with the input (all in build_log.csv):")
        for line in summary["problem_lines"][:MAX_PRINTED]:
            print(f"  - {line}")
        if summary["problems"] > MAX_PRINTED:
            print(f"  ... and {summary['problems'] - MAX_PRINTED} more")
    timing = ", ".join(f"{k} {v:.0f} s" for k, v in summary["seconds"].items())
    print(f"time: {timing}")
    print(f"tables: {summary['tables_dir']} ({summary['tables']}); figures: {summary['figures_dir']} ({summary['figures']})")
    if summary.get("parses_pruned"):
        print(f"parse store: {summary['parses_pruned']} unused parse(s) dropped")


def cmd_build(args) -> int:
    from .pipeline import build

    out_dir = Path(args.out)
    figures_dir = Path(args.figures) if args.figures else (
        paths.FIGURES_DIR if out_dir.resolve() == paths.PROCESSED_DIR.resolve() else out_dir / "figures")
    print(f"building {args.raw} -> {out_dir}")
    summary = build(args.raw, out_dir, figures_dir=figures_dir, options=build_options(args))
    print_build_summary(summary)
    return 0


def cmd_notebooks(args) -> int:
    from .report import execute_notebook, notebook_paths

    for nb in notebook_paths():
        print(f"executing {nb.name}")
        execute_notebook(nb, nb)
    return 0


def cmd_report(args) -> int:
    from .pipeline import build
    from .report import build_report, execute_notebook, notebook_paths
    from .report.html import closing_summary

    started = time.perf_counter()
    bundled = args.raw is None
    out = paths.PROJECT_DIR if bundled else Path(args.out or (paths.BUILD_DIR / "user-report")).resolve()
    processed = paths.PROCESSED_DIR if bundled else out / "processed"
    figures_dir = paths.FIGURES_DIR if bundled else out / "figures"
    raw = paths.RAW_DIR if bundled else Path(args.raw)
    print(f"report on {raw}: tables, figures, notebooks and HTML under {out if not bundled else paths.PROJECT_DIR}")
    summary = build(raw, processed, figures_dir=figures_dir, options=build_options(args))
    print_build_summary(summary)
    if summary["articles"] == 0:
        print(f"no article could be read from {raw}: no notebooks or report were made. Check the files listed in "
              f"{processed / 'build_log.csv'} (formats: .jsonl, .jsonl.gz, .csv, .html, .txt).", file=sys.stderr)
        return 1
    parameters = None if bundled else {"PROCESSED_DIR": str(processed), "FIGURES_DIR": str(figures_dir),
                                       "EVENTS": list(_split(args.events))}
    executed = []
    notebooks = notebook_paths()
    for i, nb in enumerate(notebooks, start=1):
        print(f"[{i}/{len(notebooks)}] executing {nb.name}", flush=True)
        target = nb if bundled else out / "notebooks" / nb.name
        executed.append(execute_notebook(nb, target, parameters=parameters))
    html_dir = paths.BUILD_DIR / "report" if bundled else out / "html"
    index = build_report(executed, html_dir, processed_dir=processed)
    print(closing_summary(processed, index, seconds=time.perf_counter() - started))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    def run_options(q):
        q.add_argument("--jobs", type=int, default=None, help="worker processes for the per-article stage (default: the cores)")
        q.add_argument("--dask", action="store_true", help="run the per-article stage on a local Dask cluster of --jobs workers")
        q.add_argument("--dask-scheduler", default=None, metavar="tcp://HOST:PORT",
                       help="run the per-article stage on this Dask cluster")
        q.add_argument("--no-parse-cache", action="store_true", help="parse every text again instead of reading OUT/parse_cache")
        q.add_argument("--prune-parse-cache", action="store_true",
                       help="after the build, drop from OUT/parse_cache every parse this build did not use")
        q.add_argument("--outlets", default=None, help="only these outlets or outlet groups, comma-separated")
        q.add_argument("--since", default=None, help="only articles dated on or after YYYY-MM-DD")
        q.add_argument("--until", default=None, help="only articles dated on or before YYYY-MM-DD")
        q.add_argument("--actors", default=None, help="your actor table (default: RAW/actors.csv if present)")
        q.add_argument("--acts", default=None, help="your act table (default: RAW/acts.csv if present)")

    b = sub.add_parser("build", help="rebuild tables and figures from a raw folder")
    b.add_argument("--raw", default=str(paths.RAW_DIR), help="folder of raw articles (default: data/raw)")
    b.add_argument("--out", default=str(paths.PROCESSED_DIR), help="folder for tables (default: data/processed)")
    b.add_argument("--figures", default=None, help="folder for figures (default: figures/, or OUT/figures)")
    run_options(b)
    b.set_defaults(func=cmd_build)
    n = sub.add_parser("notebooks", help="execute the bundled notebooks in place")
    n.set_defaults(func=cmd_notebooks)
    r = sub.add_parser("report", help="build, execute the notebooks and export HTML")
    r.add_argument("--raw", default=None, help="your raw folder (default: the bundled corpus)")
    r.add_argument("--out", default=None, help="output folder (default: build/user-report)")
    r.add_argument("--events", default=None, help="only these events in the notebooks, e.g. EV001,EV004")
    run_options(r)
    r.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("distributed", "tornado", "asyncio", "traitlets"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("once")  # each distinct warning is printed once; problems also go to build_log.csv
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
