"""Executing the notebooks and exporting a static HTML report.

Notebooks take their folders from a cell tagged ``parameters`` (papermill
style). For the bundled corpus they run in place with their defaults; for a
user's corpus they are copied into the output folder, an ``injected-parameters``
cell pointing at that corpus's tables is added after the parameters cell, and
they run there, so the bundled results stay untouched.

Example:
    >>> injected_cell({"PROCESSED_DIR": "/tmp/p"}).source
    "# Parameters injected for this run\\nPROCESSED_DIR = '/tmp/p'"
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import nbformat

from . import io, paths

KERNEL = "python3"
TIMEOUT_S = 900


def notebook_paths(notebooks_dir: str | Path = paths.NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in reading order (their names start with a number)."""
    return sorted(p for p in Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))


def injected_cell(parameters: dict) -> nbformat.NotebookNode:
    """A code cell assigning ``parameters``, tagged ``injected-parameters``."""
    lines = ["# Parameters injected for this run"] + [f"{k} = {v!r}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cell.pop("id", None)
    return cell


def with_parameters(nb: nbformat.NotebookNode, parameters: dict | None) -> nbformat.NotebookNode:
    """The notebook with an injected-parameters cell after its ``parameters`` cell (replacing an old one)."""
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if not parameters:
        return nb
    at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(at + 1, injected_cell(parameters))
    return nb


def execute_notebook(source: str | Path, target: str | Path, *, parameters: dict | None = None) -> Path:
    """Run a notebook top to bottom (cwd = its target folder) and save it executed at ``target``."""
    from nbclient import NotebookClient

    nb = with_parameters(nbformat.read(source, as_version=4), parameters)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    env_before = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        NotebookClient(nb, timeout=TIMEOUT_S, kernel_name=KERNEL, resources={"metadata": {"path": str(target.parent)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = env_before
    _strip_volatile(nb)
    with io.atomic_path(target) as tmp:
        nbformat.write(nb, str(tmp))
    return target


def _strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drop execution timestamps so a re-run changes only what really changed."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)


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
