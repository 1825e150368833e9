"""The static HTML report: one page per executed notebook and an index.

Example:
    >>> notebook_summary  # doctest: +ELLIPSIS
    <function notebook_summary at ...>
"""

from __future__ import annotations

import html
from pathlib import Path

import nbformat

from .. import io


def export_html(notebook: str | Path, target: str | Path) -> Path:
    """A self-contained HTML page of an executed notebook (figures embedded as data URIs)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="classic").from_filename(str(notebook))
    io.write_text(body, target)
    return Path(target)


def write_index(pages: list[Path], target: str | Path, *, title: str, summaries: dict[str, str]) -> Path:
    """An index page linking each notebook's HTML page."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a>: {html.escape(summaries.get(p.stem, ""))}</li>'
        for p in pages
    )
    body = (f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n<ul>\n{items}\n</ul></body></html>\n")
    io.write_text(body, target)
    return Path(target)


def notebook_summary(notebook: str | Path) -> str:
    """The first line of a notebook's first markdown cell, without '#'."""
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            return cell.source.strip().splitlines()[0].lstrip("# ").strip()
    return ""


def build_report(notebooks: list[Path], html_dir: str | Path, *, title: str = "How the outlets framed the story") -> Path:
    """HTML pages for executed notebooks plus an index page; returns the index path."""
    html_dir = Path(html_dir)
    pages = [export_html(nb, html_dir / f"{nb.stem}.html") for nb in notebooks]
    summaries = {nb.stem: notebook_summary(nb) for nb in notebooks}
    return write_index(pages, html_dir / "index.html", title=title, summaries=summaries)


def closing_summary(processed_dir: str | Path, index: str | Path, *, seconds: float) -> str:
    """The lines printed when a report is done: what the corpus holds, the top findings, where to look."""
    from .. import io as _io

    processed_dir = Path(processed_dir)
    lines = []
    articles = processed_dir / "articles.csv"
    if articles.is_file():
        table = _io.read_csv(articles)
        lines.append(f"{len(table)} article(s) from {table['outlet'].nunique() if len(table) else 0} outlet(s)")
    events = processed_dir / "events.csv"
    if events.is_file():
        table = _io.read_csv(events)
        lines.append(f"{len(table)} event(s)")
    findings = processed_dir / "findings.csv"
    if findings.is_file():
        table = _io.read_csv(findings)
        lines.append(f"{len(table)} finding(s) the data carries" + (":" if len(table) else ""))
        lines += [f"  - {f}" for f in table["finding"].head(5)]
    lines.append(f"report: {index}  ({seconds / 60:.1f} min)")
    return "\n".join(lines)
