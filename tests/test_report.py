"""Tests of the offline HTML report, on the project's real executed notebooks.

Run: python -m pytest -q tests/test_report.py
"""

from __future__ import annotations

import csv
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis import paths
from analysis.report import html as report_html

NOTEBOOKS_DIR = paths.NOTEBOOKS_DIR
PROCESSED_DIR = paths.PROCESSED_DIR
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
LOADING_ATTRS = {"src", "srcset", "href", "data", "poster", "background", "xlink:href"}


class _Tags(HTMLParser):
    """Start tags with their attributes, the text of <style> blocks, and table rows inside/outside <details>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.in_style = False
        self.details_stack: list[str] = []
        self.table_stack: list[dict] = []
        self.tables: list[dict] = []  # {"rows": n, "folded": bool}
        self.summaries: list[str] = []
        self.in_summary = False
        self.in_tbody = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "style":
            self.in_style = True
        elif tag == "details":
            self.details_stack.append(attributes.get("class") or "")
        elif tag == "summary":
            self.in_summary = True
            self.summaries.append("")
        elif tag == "table":
            self.table_stack.append({"rows": 0, "folded": "long-table" in self.details_stack})
        elif tag == "tbody":
            self.in_tbody += 1
        elif tag == "tr" and self.table_stack and self.in_tbody:
            self.table_stack[-1]["rows"] += 1

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        elif tag == "details" and self.details_stack:
            self.details_stack.pop()
        elif tag == "summary":
            self.in_summary = False
        elif tag == "table" and self.table_stack:
            self.tables.append(self.table_stack.pop())
        elif tag == "tbody":
            self.in_tbody -= 1

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        if self.in_summary:
            self.summaries[-1] += data


def parsed(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def remote_loads(path: Path) -> list[str]:
    """Every URL a page would fetch from a network: resource attributes (not <a href>) and CSS imports/urls."""
    page = parsed(path)
    found = [f"<{tag} {name}={value}>" for tag, attrs in page.tags for name, value in attrs.items()
             if name in LOADING_ATTRS and tag not in ("a", "area") and value and REMOTE.match(value)]
    found += [m for css in page.styles for m in re.findall(r"@import[^;]*|url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", css)]
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    html_dir = tmp_path_factory.mktemp("report")
    report_html.build_report(NOTEBOOKS, html_dir, processed_dir=PROCESSED_DIR)
    return html_dir


def page_names() -> list[str]:
    return [f"{nb.stem}.html" for nb in NOTEBOOKS]


def test_the_checker_finds_a_cdn_script(tmp_path):
    page = tmp_path / "old.html"
    page.write_text('<html><head><script src="https://cdnjs.cloudflare.com/require.js"></script></head></html>')
    assert any("cdnjs.cloudflare.com" in url for url in remote_loads(page))


def test_pages_load_nothing_from_the_network(report):
    for page in sorted(report.glob("*.html")):
        assert remote_loads(page) == [], page.name
        tags = parsed(page).tags
        assert not [t for t, a in tags if t in ("script", "iframe") and "src" in a], page.name
        assert not [t for t, a in tags if t == "link"], page.name


def test_remote_scripts_and_images_in_a_notebook_are_dropped_but_its_links_stay(tmp_path):
    nb = nbformat.read(str(NOTEBOOKS_DIR / "01-corpus.ipynb"), as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(
        "Source: [Reuters, 7 January 2020](https://www.reuters.com/article/us-iraq-security-usa-pompeo) "
        "![logo](https://upload.wikimedia.org/reuters.png)"))
    plotly_like = nbformat.v4.new_output("display_data", data={
        "text/html": '<script src="https://cdn.plot.ly/plotly-2.27.0.min.js"></script>'
                     '<script type="text/javascript">require(["plotly"], function(Plotly) {});</script>'
                     '<link rel="stylesheet" href="https://cdn.example.org/x.css">'
                     '<div style="background:url(https://example.org/bg.png)">Tone by outlet</div>'
                     '<img src="https://example.org/tone.png" alt="tone">'
                     '<audio controls="controls"><source src="https://example.org/clip.mp3" type="audio/mpeg"/></audio>',
        "text/plain": "<Figure>"})
    code_cell = next(c for c in nb.cells if c.cell_type == "code")
    code_cell.outputs.append(plotly_like)
    source = tmp_path / "01-corpus.ipynb"
    nbformat.write(nb, str(source))
    page = report_html.export_page(source, tmp_path / "01-corpus.html", pages=[("01-corpus.html", "01 · Corpus")])
    text = page.read_text(encoding="utf-8")
    assert remote_loads(page) == []
    assert "require(" not in text and "plot.ly" not in text and "example.org" not in text and "upload.wikimedia.org" not in text
    assert '<a href="https://www.reuters.com/article/us-iraq-security-usa-pompeo">Reuters, 7 January 2020</a>' in text
    assert "Tone by outlet" in text


def test_every_page_links_to_the_index_its_neighbours_and_all_pages(report):
    names = page_names()
    for i, name in enumerate(names):
        hrefs = [a.get("href") for tag, a in parsed(report / name).tags if tag == "a"]
        assert "index.html" in hrefs, name
        assert set(names) <= set(hrefs), name
        links = {a.get("rel"): a.get("href") for tag, a in parsed(report / name).tags if tag == "a" and a.get("rel")}
        assert links.get("prev") == (names[i - 1] if i > 0 else None), name
        assert links.get("next") == (names[i + 1] if i + 1 < len(names) else None), name


def test_index_lists_every_page_with_its_title_and_the_corpus_counts(report):
    index = (report / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index
        first_heading = next(c.source for c in nbformat.read(str(nb), as_version=4).cells if c.cell_type == "markdown")
        title = first_heading.splitlines()[0].lstrip("# ").strip()
        assert f"<h3>{report_html.html.escape(title)}</h3>" in index, nb.name
    with open(PROCESSED_DIR / "articles.csv", newline="", encoding="utf-8") as handle:
        articles = list(csv.DictReader(handle))
    dates = sorted(a["date"] for a in articles if a["date"])
    assert f"<th scope=\"row\">Articles</th><td>{len(articles)}</td>" in index
    assert f"<th scope=\"row\">Outlets</th><td>{len({a['outlet'] for a in articles})}</td>" in index
    assert f"{dates[0]} to {dates[-1]}" in index
    assert remote_loads(report / "index.html") == []


def test_long_tables_are_folded_with_their_row_count_and_short_ones_are_not(report):
    n_long = 0
    for name in page_names():
        page = parsed(report / name)
        for table in page.tables:
            assert table["folded"] == (table["rows"] > report_html.MAX_ROWS), (name, table)
            n_long += table["folded"]
        row_summaries = [s for s in page.summaries if s.endswith("rows - show")]
        folded_counts = sorted(t["rows"] for t in page.tables if t["folded"])
        assert sorted(int(s.split()[0]) for s in row_summaries) == folded_counts, name
    assert n_long >= 1  # the bundled notebooks hold long tables (folding is exercised); none may stay unfolded


def test_code_cells_are_collapsed_and_settings_cells_left_out(report):
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(str(nb_path), as_version=4)
        settings = ("parameters", "injected-parameters")  # the run's folders and selection are not shown
        n_code = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip()
                     and not set(settings) & set(c.metadata.get("tags", [])))
        code_details = [a for t, a in parsed(report / f"{nb_path.stem}.html").tags if t == "details" and a.get("class") == "code"]
        assert len(code_details) == n_code, nb_path.name
        assert all("open" not in a for a in code_details), nb_path.name


def test_each_figure_is_embedded_once_and_a_page_is_no_bigger_than_its_notebook_and_assets(report):
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(str(nb_path), as_version=4)
        page = (report / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        pngs = [o["data"]["image/png"].replace("\n", "") for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        for png in pngs:
            assert page.count(png) == 1, nb_path.name
        assert page.count("<style>") == 1  # one stylesheet; pandas' per-table <style> blocks are dropped
        # the page adds only its stylesheet, script and navigation to what the notebook holds
        from analysis.report import html_assets
        overhead = len(html_assets.STYLESHEET.encode()) + len(html_assets.SCRIPT.encode()) + 8_000
        assert len(page.encode()) < nb_path.stat().st_size + overhead, nb_path.name


def test_same_notebooks_give_the_same_bytes(report, tmp_path):
    again = tmp_path / "again"
    report_html.build_report(list(reversed(NOTEBOOKS)), again, processed_dir=PROCESSED_DIR)
    first = sorted(p.name for p in report.iterdir())
    assert first == sorted(p.name for p in again.iterdir())  # no stray temporary files either
    for name in first:
        assert (report / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.parametrize("umask, mode", [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_file_modes_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        index = report_html.build_report([NOTEBOOKS_DIR / "01-corpus.ipynb"], tmp_path / "out", processed_dir=PROCESSED_DIR)
    finally:
        os.umask(old)
    for path in (index, tmp_path / "out" / "01-corpus.html"):
        assert path.stat().st_mode & 0o777 == mode, path.name


def test_a_failed_write_leaves_the_previous_page_and_no_temporary_file(tmp_path):
    target = tmp_path / "index.html"
    report_html.write_atomic("old page", target)
    with pytest.raises(UnicodeEncodeError):
        report_html.write_atomic("new page with a lone surrogate \ud800", target)
    assert target.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_corpus_summary_counts_events_from_events_csv():
    summary = report_html.corpus_summary(PROCESSED_DIR)
    with open(PROCESSED_DIR / "events.csv", newline="", encoding="utf-8") as handle:
        events = {row["event"] for row in csv.DictReader(handle)}
    assert summary["Events"] == len(events)
    findings = PROCESSED_DIR / "findings.csv"
    if findings.is_file():  # the count is the table's, nothing made up
        with open(findings, newline="", encoding="utf-8") as handle:
            assert summary["Findings"] == len(list(csv.DictReader(handle)))
    else:
        assert "Findings" not in summary
    json.dumps(summary)  # plain values only


def test_a_cell_tagged_full_table_keeps_its_long_table_open(tmp_path):
    import pandas as pd

    table = pd.DataFrame({"outlet": [f"outlet {i}" for i in range(40)], "n": range(40)}).to_html()
    cell = nbformat.v4.new_code_cell("tables['long']")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/html": table}, execution_count=1)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A long table"), cell])
    nbformat.write(nb, str(tmp_path / "plain.ipynb"))
    cell.metadata["tags"] = ["full-table"]
    nbformat.write(nb, str(tmp_path / "tagged.ipynb"))
    untagged = parsed(report_html.export_page(tmp_path / "plain.ipynb", tmp_path / "plain.html", pages=[]))
    tagged = parsed(report_html.export_page(tmp_path / "tagged.ipynb", tmp_path / "tagged.html", pages=[]))
    assert [t["folded"] for t in untagged.tables] == [True]
    assert [t["folded"] for t in tagged.tables] == [False]


def test_a_missing_value_is_a_blank_cell_not_nan():
    from analysis.report.html import render_output

    table = "<table><tr><th>tone</th></tr><tr><td>NaN</td></tr><tr><td>0.3</td></tr></table>"
    shown = render_output({"output_type": "display_data", "data": {"text/html": table}, "metadata": {}})
    assert "NaN" not in shown and "<td></td>" in shown and "<td>0.3</td>" in shown


def test_a_column_name_reads_as_words_in_the_report():
    from analysis.report.html import render_output

    table = '<table><tr><th>n_articles</th><th class="x">event_confidence</th><th>EV001</th></tr></table>'
    shown = render_output({"output_type": "display_data", "data": {"text/html": table}, "metadata": {}})
    assert "<th>n articles</th>" in shown and "event confidence</th>" in shown and "<th>EV001</th>" in shown
