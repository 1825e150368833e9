"""Command line: ``python -m analysis build|notebooks|report``.

* ``build [--raw DIR] [--out DIR] [--figures DIR] [--no-parse-cache]``: rebuild processed tables and figures
  (spaCy parses are kept in ``OUT/parse_cache`` and read back on the next build).
* ``notebooks``: execute the bundled notebooks in place (after ``build``).
* ``report [--raw DIR --out DIR]``: build, execute every notebook and export HTML.
  Without ``--raw`` it rebuilds the bundled corpus in place and writes the HTML
  under ``build/report``; with ``--raw`` everything goes under ``--out``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from . import paths, pipeline, report

MAX_PRINTED = 25


def _print_summary(summary: dict, out_dir: Path, figures_dir: Path, log_path: Path) -> None:
    print(f"read {summary['files_read']} file(s): {summary['articles']} article(s), {summary['sentences']} sentence(s)")
    print(f"cleaning removed {summary['removed_lines']} line(s) (see {out_dir / 'removed_lines.csv'})")
    if summary["problems"]:
        print(f"{summary['problems']} problem(s) with the input (all in {log_path}):")
        for line in summary["problem_lines"][:MAX_PRINTED]:
            print(f"  - {line}")
        if summary["problems"] > MAX_PRINTED:
            print(f"  ... and {summary['problems'] - MAX_PRINTED} more")
    print(f"tables: {out_dir} ({summary['tables']}); figures: {figures_dir} ({summary['figures']})")


def cmd_build(args) -> int:
    out_dir = Path(args.out)
    figures_dir = Path(args.figures) if args.figures else (paths.FIGURES_DIR if args.out == str(paths.PROCESSED_DIR) else out_dir / "figures")
    summary = pipeline.build(args.raw, out_dir, figures_dir=figures_dir, model_dir=args.model_dir,
                             actors=args.actors, acts=args.acts, parse_cache=not args.no_parse_cache,
                             prune_parse_cache=args.prune_parse_cache)
    _print_summary(summary, out_dir, figures_dir, out_dir / "build_log.csv")
    return 0


def cmd_notebooks(args) -> int:
    for nb in report.notebook_paths():
        print(f"executing {nb.name}")
        report.execute_notebook(nb, nb)
    return 0


def cmd_report(args) -> int:
    if args.raw is None:
        summary = pipeline.build(paths.RAW_DIR, paths.PROCESSED_DIR, figures_dir=paths.FIGURES_DIR)
        _print_summary(summary, paths.PROCESSED_DIR, paths.FIGURES_DIR, paths.PROCESSED_DIR / "build_log.csv")
        executed = []
        for nb in report.notebook_paths():
            print(f"executing {nb.name}")
            executed.append(report.execute_notebook(nb, nb))
        html_dir = Path(args.out) if args.out else paths.BUILD_DIR / "report"
    else:
        out = Path(args.out or (paths.BUILD_DIR / "user-report")).resolve()
        processed, figures_dir = out / "processed", out / "figures"
        summary = pipeline.build(Path(args.raw), processed, figures_dir=figures_dir, actors=args.actors, acts=args.acts)
        _print_summary(summary, processed, figures_dir, processed / "build_log.csv")
        params = {"PROCESSED_DIR": str(processed), "FIGURES_DIR": str(figures_dir)}
        executed = []
        for nb in report.notebook_paths():
            print(f"executing {nb.name} on {args.raw}")
            executed.append(report.execute_notebook(nb, out / "notebooks" / nb.name, parameters=params))
        html_dir = out / "html"
    index = report.build_report(executed, html_dir)
    print(f"HTML report: {index}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild processed tables and figures from a raw folder")
    b.add_argument("--raw", default=str(paths.RAW_DIR), help="folder of raw articles (default: data/raw)")
    b.add_argument("--out", default=str(paths.PROCESSED_DIR), help="folder for processed tables (default: data/processed)")
    b.add_argument("--figures", default=None, help="folder for figures (default: figures/, or OUT/figures)")
    b.add_argument("--model-dir", default=None, help="where the tone model is cached (default: data/processed)")
    b.add_argument("--actors", default=None, help="your actor table (default: RAW/actors.csv if present, else the packaged one)")
    b.add_argument("--acts", default=None, help="your act table (default: RAW/acts.csv if present, else the packaged one)")
    b.add_argument("--no-parse-cache", action="store_true", help="parse every text again instead of reading OUT/parse_cache")
    b.add_argument("--prune-parse-cache", action="store_true",
                   help="afterwards, drop the parses in OUT/parse_cache that this build did not use (texts no longer in the corpus)")
    b.set_defaults(func=cmd_build)
    n = sub.add_parser("notebooks", help="execute the bundled notebooks in place")
    n.set_defaults(func=cmd_notebooks)
    r = sub.add_parser("report", help="build, execute notebooks and export HTML")
    r.add_argument("--raw", default=None, help="a user's raw folder (default: the bundled corpus)")
    r.add_argument("--out", default=None, help="output folder (default: build/report or build/user-report)")
    r.add_argument("--actors", default=None, help="your actor table (default: RAW/actors.csv if present)")
    r.add_argument("--acts", default=None, help="your act table (default: RAW/acts.csv if present)")
    r.set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems are collected in build_log.csv and summarised
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
