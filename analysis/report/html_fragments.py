"""HTML fragments made safe to open offline, and long tables and texts folded into ``<details>``.

Notebook outputs and markdown may hold scripts, frames, stylesheets or images that load from the
network (or from local files the page will not have). ``strip_external_resources`` re-emits a
fragment without any of them (links stay); ``collapse_long_tables`` and ``text_block`` fold what is
longer than ``MAX_ROWS`` rows behind a "N rows - show" summary.

Example:
    >>> collapse_long_tables("<table><tbody>" + "<tr><td>1</td></tr>" * 20 + "</tbody></table>")[:51]
    '<details class="long-table"><summary>20 rows - show'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_ROWS = 15

_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_DROPPED_WITH_CONTENT = {"script", "iframe", "object", "frame", "frameset", "applet", "noscript", "template"}
_DROPPED_TAGS = {"link", "base", "meta", "embed"}
_RESOURCE_ATTRS = {"src", "srcset", "data", "poster", "background", "href", "xlink:href", "action", "formaction", "lowsrc"}
_LINK_TAGS = {"a", "area"}
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?!data:|#)", re.IGNORECASE)


def _is_embedded(url: str) -> bool:
    """Whether a resource URL loads nothing (a data URI or an in-page fragment)."""
    url = url.strip().lower()
    return url.startswith(("data:", "#")) or url == ""


def _is_pandas_boilerplate(css: str) -> bool:
    """Whether a ``<style>`` block only holds pandas' ``.dataframe`` rules (the page stylesheet has them)."""
    selectors = [s.strip() for block in re.sub(r"\{[^}]*\}", "\n", css).split("\n") for s in block.split(",") if s.strip()]
    return bool(selectors) and all(s.startswith(".dataframe") for s in selectors)


class _OfflineFilter(HTMLParser):
    """Re-emits HTML without scripts, frames, comments or anything that loads a remote or local file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.skip_depth = 0  # > 0 inside a dropped element
        self.style_parts: list[str] | None = None  # collecting a <style> block
        self.style_attrs = ""

    def _emit(self, text: str) -> None:
        (self.style_parts if self.style_parts is not None else self.parts).append(text)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skip_depth:
            if tag in _DROPPED_WITH_CONTENT and not closed:
                self.skip_depth += 1
            return
        if tag in _DROPPED_WITH_CONTENT:
            self.skip_depth = 0 if closed else 1
            return
        if tag in _DROPPED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if value is None:  # a bare attribute such as ``hidden``
                if not name.startswith("on") and name not in _RESOURCE_ATTRS:
                    kept.append(f" {name}")
                continue
            if name.startswith("on") or value.strip().lower().startswith(("javascript:", "vbscript:")):
                continue
            if name in _RESOURCE_ATTRS and not (tag in _LINK_TAGS and name == "href") and not _is_embedded(value):
                continue
            if name == "style" and _EXTERNAL_CSS.search(value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "img" and not any(part.startswith(' src="data:') for part in kept):
            self._emit('<span class="blocked-image">[image not embedded]</span>')
            return
        if tag == "style":
            self.style_parts = []
            self.style_attrs = "".join(kept)
            return
        self._emit(f"<{tag}{''.join(kept)}{' /' if closed else ''}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=tag in _VOID_TAGS)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag in _DROPPED_WITH_CONTENT:
                self.skip_depth -= 1
            return
        if tag in _DROPPED_WITH_CONTENT or tag in _DROPPED_TAGS or tag in _VOID_TAGS:
            return
        if tag == "style" and self.style_parts is not None:
            css, self.style_parts = "".join(self.style_parts), None
            if not _EXTERNAL_CSS.search(css) and not _is_pandas_boilerplate(css):
                self.parts.append(f"<style{self.style_attrs}>{css}</style>")
            return
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip_depth:
            self._emit(data)

    def handle_entityref(self, name):
        if not self.skip_depth:
            self._emit(f"&{name};")

    def handle_charref(self, name):
        if not self.skip_depth:
            self._emit(f"&#{name};")

    # Comments, doctypes, processing instructions and CDATA are dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


def strip_external_resources(fragment: str) -> str:
    """The HTML fragment without scripts, frames, remote/local resource loads or pandas' repeated ``<style>``.

    Links (``<a href>``) stay; an ``<img>`` whose source is not a data URI becomes a short note.

    Example:
        >>> strip_external_resources('<script src="https://cdn.x/a.js"></script><a href="https://x.org">x</a><img src="https://x/p.png">')
        '<a href="https://x.org">x</a><span class="blocked-image">[image not embedded]</span>'
    """
    parser = _OfflineFilter()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


# --------------------------------------------------------------------------- folding long tables and texts

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)


def _table_rows(table_html: str) -> int:
    """Body rows of a table: the ``<tr>`` inside ``<tbody>``, or all ``<tr>`` outside ``<thead>``."""
    bodies = re.findall(r"<tbody\b.*?</tbody>", table_html, flags=re.IGNORECASE | re.DOTALL)
    if bodies:
        return sum(len(re.findall(r"<tr\b", body, flags=re.IGNORECASE)) for body in bodies)
    without_head = re.sub(r"<thead\b.*?</thead>", "", table_html, flags=re.IGNORECASE | re.DOTALL)
    return len(re.findall(r"<tr\b", without_head, flags=re.IGNORECASE))


def collapse_long_tables(fragment: str, *, max_rows: int = MAX_ROWS) -> str:
    """Wrap each outermost table of more than ``max_rows`` body rows in ``<details>`` ("N rows - show").

    Example:
        >>> short = "<table><tr><td>1</td></tr></table>"
        >>> collapse_long_tables(short) == short
        True
    """
    pieces, depth, start, last = [], 0, 0, 0
    for match in _TABLE_TAG.finditer(fragment):
        if not match.group(1):
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                table = fragment[start:match.end()]
                rows = _table_rows(table)
                if rows > max_rows:
                    pieces.append(fragment[last:start])
                    pieces.append(f'<details class="long-table"><summary>{rows} rows - show</summary>{table}</details>')
                    last = match.end()
    pieces.append(fragment[last:])
    return "".join(pieces)


def text_block(text: str, *, css_class: str, max_rows: int = MAX_ROWS, already_html: bool = False) -> str:
    """Preformatted text, folded into ``<details>`` ("N lines - show") beyond ``max_rows`` lines.

    Example:
        >>> text_block("a < b", css_class="stream")
        '<pre class="stream">a &lt; b</pre>'
    """
    body = text if already_html else html.escape(text, quote=False)
    block = f'<pre class="{css_class}">{body.rstrip()}</pre>'
    n_lines = text.rstrip("\n").count("\n") + 1
    if n_lines > max_rows:
        return f'<details class="long-text"><summary>{n_lines} lines - show</summary>{block}</details>'
    return block
