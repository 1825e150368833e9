"""A static, offline HTML report of executed notebooks.

Each executed notebook becomes one self-contained page: no script, stylesheet,
font or image is loaded from anywhere (figures stay embedded as the PNG data
URIs the notebook holds, the stylesheet and a few lines of script are inline).
Every page has a navigation bar (index, previous/next notebook, all pages, the
page's own sections); code cells are collapsed, and tables and text outputs
longer than ``MAX_ROWS`` rows are folded into ``<details>``. An index page
summarises the corpus and shows one card per notebook.

The same notebooks give the same bytes: nothing depends on the clock, the
file system's order or random ids, and each file is written atomically with
the user's umask.

Example:
    >>> collapse_long_tables("<table><tbody>" + "<tr><td>1</td></tr>" * 20 + "</tbody></table>")[:51]
    '<details class="long-table"><summary>20 rows - show'
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import nbformat

from .. import io
from . import html_assets
from .html_fragments import MAX_ROWS, collapse_long_tables, strip_external_resources, text_block

DEFAULT_TITLE = "How the outlets framed the story"
# Output formats in order of preference (as nbconvert's HTML exporter), then the ones shown as a note.
MIME_ORDER = ("text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain")
UNSHOWN_MIME = ("application/vnd.jupyter.widget-view+json", "application/javascript")


class PageEntry(NamedTuple):
    """One notebook page as the index and navigation list it: file name, title and first paragraph."""

    href: str
    title: str
    summary: str


# --------------------------------------------------------------------------- writing files

def write_atomic(text: str, target: Path) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically with the user's file mode (:func:`analysis.io.write_text`)."""
    io.write_text(text, target)
    return Path(target)


# --------------------------------------------------------------------------- rendering cells

def render_markdown(source: str, *, attachments: dict | None = None, folder: Path | None = None) -> str:
    """Markdown as offline-safe HTML (headings get ids and anchors; attachments become data URIs).

    Images that are files inside ``folder`` (the notebook's folder) are embedded as data URIs;
    any other image (remote, or outside that folder) is replaced by a short note.

    Example:
        >>> render_markdown("## A b")
        '<h2 id="A-b">A b<a class="anchor-link" href="#A-b">&#182;</a></h2>'
    """
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=False, attachments=attachments or {},
                               embed_images=folder is not None, path=str(folder) if folder is not None else "")
    return strip_external_resources(MarkdownWithMath(renderer=renderer).render(source))


def render_code(source: str, *, language: str = "ipython3") -> str:
    """Syntax-highlighted code (pygments classes, styled by the page stylesheet)."""
    from nbconvert.filters.highlight import Highlight2HTML

    return Highlight2HTML(pygments_lexer=language)(source)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def render_output(output: dict, *, alt: str = "", max_rows: int = MAX_ROWS) -> str:
    """One cell output as HTML: the richest format the page can show without loading anything."""
    from nbconvert.filters.ansi import ansi2html

    kind = output.get("output_type")
    if kind == "stream":
        css = "stream stderr" if output.get("name") == "stderr" else "stream"
        return text_block(ansi2html(_joined(output.get("text", ""))), css_class=css, max_rows=max_rows, already_html=True)
    if kind == "error":
        trace = "\n".join(output.get("traceback", [])) or f"{output.get('ename')}: {output.get('evalue')}"
        return text_block(ansi2html(trace), css_class="error", max_rows=10**9, already_html=True)
    data, meta = output.get("data", {}), output.get("metadata", {})
    mime = next((m for m in MIME_ORDER if m in data), None)
    if mime is None:
        return '<p class="note">[interactive output, not shown in the static report]</p>' if any(m in data for m in UNSHOWN_MIME) else ""
    value = _joined(data[mime])
    if mime == "text/html":
        value = re.sub(r"<td>(?:NaN|None|nan|NaT|<NA>)</td>", "<td></td>", value)  # a missing value is a blank cell
        value = re.sub(r"(<th[^>]*>)([a-z0-9]+(?:_[a-z0-9]+)+)(</th>)",  # "n_articles" heads a column as "n articles"
                       lambda m: m.group(1) + m.group(2).replace("_", " ") + m.group(3), value)
        return f'<div class="output-html">{collapse_long_tables(strip_external_resources(value), max_rows=max_rows)}</div>'
    if mime == "text/markdown":
        return f'<div class="output-markdown">{render_markdown(value)}</div>'
    if mime == "image/svg+xml":
        return f'<div class="output-image">{strip_external_resources(value)}</div>'
    if mime in ("image/png", "image/jpeg"):
        size = meta.get(mime, {}) if isinstance(meta.get(mime), dict) else {}
        dims = "".join(f' {k}="{int(size[k])}"' for k in ("width", "height") if k in size)
        b64 = value.replace("\n", "")
        return f'<div class="output-image"><img src="data:{mime};base64,{b64}" alt="{html.escape(alt)}"{dims}></div>'
    css = "latex" if mime == "text/latex" else "plain"
    return text_block(value, css_class=css, max_rows=max_rows)


def _coalesced(outputs: list) -> list:
    """Outputs with consecutive stream outputs of the same name merged (as a notebook shows them)."""
    merged: list = []
    for output in outputs:
        if merged and output.get("output_type") == "stream" and merged[-1].get("output_type") == "stream" \
                and merged[-1].get("name") == output.get("name"):
            merged[-1] = {**merged[-1], "text": _joined(merged[-1]["text"]) + _joined(output["text"])}
        else:
            merged.append(output)
    return merged


def render_cell(cell: dict, *, language: str = "ipython3", max_rows: int = MAX_ROWS, folder: Path | None = None) -> str:
    """One notebook cell as HTML; a code cell's source is folded into ``<details class="code">``.

    A code cell tagged ``full-table`` keeps its long tables and texts unfolded.
    """
    if cell.get("cell_type") == "markdown":
        body = render_markdown(cell.get("source", ""), attachments=cell.get("attachments"), folder=folder)
        return f'<section class="md">{body}</section>'
    if cell.get("cell_type") == "raw":
        return ""
    source = cell.get("source", "")
    tags = cell.get("metadata", {}).get("tags", [])
    if "injected-parameters" in tags or ("parameters" in tags and not cell.get("outputs")):
        return ""  # the run's settings (folders, a selection of events): plumbing, not something to read
    max_rows = sys.maxsize if "full-table" in tags else max_rows
    label = "parameters" if "parameters" in tags else "injected parameters" if "injected-parameters" in tags else "code"
    count = cell.get("execution_count")
    summary = f"{label}{f' [{count}]' if count else ''}"
    alt = str(cell.get("metadata", {}).get("alt", ""))
    code = f'<details class="code"><summary>{summary}</summary>{render_code(source, language=language)}</details>' if source.strip() else ""
    outputs = "".join(render_output(o, alt=alt, max_rows=max_rows) for o in _coalesced(cell.get("outputs", [])))
    return f'<section class="cell">{code}{f"<div class=outputs>{outputs}</div>" if outputs else ""}</section>'


# --------------------------------------------------------------------------- titles and summaries

def _plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", fragment))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def notebook_title_and_summary(nb: nbformat.NotebookNode, *, fallback: str, max_chars: int = 320) -> tuple[str, str]:
    """The first heading of the notebook's markdown and the first paragraph after it (plain text, shortened)."""
    title, summary = "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        rendered = render_markdown(cell.source)
        if not title:
            heading = re.search(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", rendered, flags=re.DOTALL)
            title = _plain_text(heading.group(1)) if heading else ""
        paragraph = re.search(r"<p>(.*?)</p>", rendered, flags=re.DOTALL)
        if paragraph and not summary:
            summary = _plain_text(paragraph.group(1))
        if title and summary:
            break
    if len(summary) > max_chars:  # whole sentences that fit; a first sentence too long is cut at a word
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z*(\"“])", summary)
        kept = ""
        for sentence in sentences:
            if len(kept) + len(sentence) + 1 > max_chars:
                break
            kept = f"{kept} {sentence}".strip()
        summary = kept or summary[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return title or fallback, summary


def page_entry(notebook: Path, *, href: str | None = None) -> PageEntry:
    """Title and first paragraph of an executed notebook, with its page's file name.

    Example:
        >>> page_entry(Path("/work/main/notebooks/01-corpus.ipynb")).href
        '01-corpus.html'
    """
    notebook = Path(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    title, summary = notebook_title_and_summary(nb, fallback=notebook.stem)
    return PageEntry(href or quote(f"{notebook.stem}.html"), title, summary)


def short_label(title: str) -> str:
    """A title up to its first colon ("02 · Tone: who is ..." -> "02 · Tone"), for navigation links."""
    head = title.split(":", 1)[0].strip()
    return head if 0 < len(head) <= 40 else (title[:40].rsplit(" ", 1)[0] + " …" if len(title) > 40 else title)


# --------------------------------------------------------------------------- pages

def _page(title: str, body: str, *, with_script: bool) -> str:
    script = f"<script>{html_assets.SCRIPT}</script>\n" if with_script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{html_assets.STYLESHEET}</style>\n</head>\n"
            f"<body>\n{body}\n{script}</body>\n</html>\n")


def navigation(pages: list[tuple[str, str]], current: str, *, index_href: str = "index.html") -> tuple[str, str]:
    """Links to the index and the previous/next page, and the side list of all pages, for page ``current``.

    Example:
        >>> bar, side = navigation([("a.html", "A"), ("b.html", "B: b")], "b.html")
        >>> bar
        '<a class="home" href="index.html">Report index</a><a class="prev" rel="prev" href="a.html" title="A">← A</a><span class="next disabled">→</span>'
    """
    hrefs = [href for href, _ in pages]
    at = hrefs.index(current) if current in hrefs else -1

    def link(i: int, arrow: str, rel: str) -> str:
        if at < 0 or not 0 <= i < len(pages):
            return f'<span class="{rel} disabled">{arrow}</span>'
        href, title = pages[i]
        label = f"← {short_label(title)}" if rel == "prev" else f"{short_label(title)} →"
        return f'<a class="{rel}" rel="{rel}" href="{html.escape(href)}" title="{html.escape(title)}">{html.escape(label)}</a>'

    bar = f'<a class="home" href="{html.escape(index_href)}">Report index</a>{link(at - 1, "←", "prev")}{link(at + 1, "→", "next")}'
    items = "".join(
        f'<li><a href="{html.escape(href)}" title="{html.escape(title)}"'
        f'{" aria-current=page" if href == current else ""}>{html.escape(short_label(title))}</a></li>'
        for href, title in pages)
    side = f'<h2>Notebooks</h2><ol class="pages"><li><a href="{html.escape(index_href)}">Index</a></li>{items}</ol>'
    return bar, side


def _contents(body: str) -> str:
    """A list of the page's section headings (level 2, else level 3), linking their anchors."""
    heads = re.findall(r'<h2 id="([^"]*)">(.*?)</h2>', body, flags=re.DOTALL) \
        or re.findall(r'<h3 id="([^"]*)">(.*?)</h3>', body, flags=re.DOTALL)
    items = "".join(f'<li><a href="#{ident}">{html.escape(_plain_text(text))}</a></li>' for ident, text in heads)
    return f"<h2>On this page</h2><ul class=\"toc\">{items}</ul>" if items else ""


def export_page(notebook: Path, target: Path, *, pages: list[tuple[str, str]], index_href: str = "index.html",
                max_rows: int = MAX_ROWS) -> Path:
    """Write one self-contained, offline HTML page for an executed notebook.

    Args:
        notebook: the executed ``.ipynb``.
        target: the page to write; its file name should be one of the ``pages`` hrefs.
        pages: ``(href, title)`` of every page, in reading order (for previous/next and the page list).
        index_href: where the index page is, relative to the page.
        max_rows: tables and text outputs longer than this are folded ("N rows - show").

    Returns:
        ``target``.

    Example:
        >>> import tempfile; out = Path(tempfile.mkdtemp()) / "01-corpus.html"
        >>> p = export_page(Path("/work/main/notebooks/01-corpus.ipynb"), out, pages=[("01-corpus.html", "01 · Corpus")])
        >>> "<script src=" in p.read_text(), 'href="index.html"' in p.read_text()
        (False, True)
    """
    notebook, target = Path(notebook), Path(target)
    nb = nbformat.read(str(notebook), as_version=4)
    language = nb.metadata.get("language_info", {}).get("pygments_lexer") or "ipython3"
    title, _ = notebook_title_and_summary(nb, fallback=notebook.stem)
    body = "\n".join(filter(None, (render_cell(cell, language=language, max_rows=max_rows, folder=notebook.parent)
                                    for cell in nb.cells)))
    bar, side = navigation(pages, quote(target.name), index_href=index_href)
    layout = (f'<header class="topbar">{bar}<button type="button" id="toggle-code" hidden>Show all code</button></header>\n'
              f'<div class="layout">\n<nav class="sidebar" aria-label="Report">{side}{_contents(body)}</nav>\n'
              f'<main class="notebook">\n{body}\n</main>\n</div>\n<footer class="bottombar">{bar}</footer>')
    return write_atomic(_page(title, layout, with_script=True), target)


def _summary_value(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{html.escape(str(k))} {html.escape(str(v))}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(html.escape(str(v)) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return html.escape(str(value))


def write_index(pages: list[PageEntry] | list[tuple[str, str, str]], target: Path, *, title: str, corpus_summary: dict) -> Path:
    """Write the index page: a corpus summary table and one card per notebook page.

    Args:
        pages: ``(href, title, first paragraph)`` of each page, in reading order.
        target: the index file to write.
        title: the report's title.
        corpus_summary: label -> value (int, str, list or dict), shown in its order; may be empty.

    Example:
        >>> import tempfile; out = Path(tempfile.mkdtemp()) / "index.html"
        >>> "Articles" in write_index([("a.html", "A", "x")], out, title="T", corpus_summary={"Articles": 3}).read_text()
        True
    """
    rows = "".join(f"<tr><th scope=\"row\">{html.escape(str(k))}</th><td>{_summary_value(v)}</td></tr>"
                   for k, v in corpus_summary.items())
    table = f'<section class="corpus"><h2>Corpus</h2><table class="summary">{rows}</table></section>' if rows else ""
    cards = "".join(
        f'<li class="card"><a href="{html.escape(href)}"><h3>{html.escape(page_title)}</h3>'
        f'<p>{html.escape(summary)}</p><span class="more">Read →</span></a></li>'
        for href, page_title, summary in pages)
    body = (f'<header class="topbar"><span class="home">Report index</span></header>\n<main class="index">'
            f'<h1>{html.escape(title)}</h1>\n{table}\n<section><h2>Notebooks</h2><ol class="cards">{cards}</ol></section></main>')
    return write_atomic(_page(title, body, with_script=False), Path(target))


# --------------------------------------------------------------------------- the corpus summary and the whole report

def _read_rows(path: Path) -> list[dict[str, str]]:
    return io.read_csv(path).astype(object).fillna("").astype(str).to_dict("records")


def corpus_summary(processed_dir: Path) -> dict:
    """Articles, outlets, dates, events and findings of a processed corpus (only what its tables hold).

    Example:
        >>> from analysis import paths
        >>> corpus_summary(paths.PROCESSED_DIR)["Outlets"]
        4
    """
    processed_dir = Path(processed_dir)
    summary: dict = {}
    if (processed_dir / "articles.csv").exists():
        articles = _read_rows(processed_dir / "articles.csv")
        outlets: dict[str, int] = {}
        for row in articles:
            name = (row.get("outlet") or "").strip() or "(unknown)"
            outlets[name] = outlets.get(name, 0) + 1
        dates = sorted(d for d in ((row.get("date") or "").strip()[:10] for row in articles) if d)
        summary["Articles"] = len(articles)
        summary["Outlets"] = len(outlets)
        summary["Articles per outlet"] = dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])))
        if dates:
            summary["Dates"] = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        if len(dates) < len(articles):
            summary["Articles without a date"] = len(articles) - len(dates)
    if (processed_dir / "events.csv").exists():
        events = _read_rows(processed_dir / "events.csv")
        for column, label in (("event", "Events"), ("storyline", "Storylines")):
            if events and column in events[0]:
                summary[label] = len({row[column] for row in events if row[column]})
    if (processed_dir / "findings.csv").exists():
        summary["Findings"] = len(_read_rows(processed_dir / "findings.csv"))
    return summary


def build_report(notebooks: list[Path], html_dir: Path, *, processed_dir: Path | None = None,
                 title: str = DEFAULT_TITLE, max_rows: int = MAX_ROWS) -> Path:
    """Export every executed notebook (sorted by file name) and the index page; return the index path.

    Example:
        >>> import tempfile
        >>> from analysis import paths
        >>> nbs = sorted(paths.NOTEBOOKS_DIR.glob("0[01]-*.ipynb"))
        >>> build_report(nbs, Path(tempfile.mkdtemp())).name
        'index.html'
    """
    notebooks = sorted((Path(nb) for nb in notebooks), key=lambda p: (p.name, str(p)))
    names = [nb.stem for nb in notebooks]
    if len(set(names)) != len(names) or "index" in names:
        raise ValueError(f"notebook names must be unique and not 'index': {names}")
    html_dir = Path(html_dir)
    entries = [page_entry(nb) for nb in notebooks]
    nav_pages = [(entry.href, entry.title) for entry in entries]
    for nb in notebooks:
        export_page(nb, html_dir / f"{nb.stem}.html", pages=nav_pages, max_rows=max_rows)
    summary = corpus_summary(processed_dir) if processed_dir is not None else {}
    return write_index(entries, html_dir / "index.html", title=title, corpus_summary=summary)


def closing_summary(processed_dir: str | Path, index: str | Path, *, seconds: float) -> str:
    """The lines printed when a report is done: what the corpus holds, the top findings, where to look."""
    processed_dir = Path(processed_dir)
    lines = [", ".join(f"{v} {k.lower().removesuffix('s') if v == 1 else k.lower()}"
                       for k, v in corpus_summary(processed_dir).items() if isinstance(v, int | str) and k != "Dates")]
    findings = processed_dir / "findings.csv"
    if findings.is_file():
        table = io.read_csv(findings)
        lines += ["top findings:"] + [f"  - {f}" for f in table["finding"].head(5)] if len(table) else []
    lines.append(f"report: {index}  ({seconds / 60:.1f} min)")
    return "\n".join(lines)
