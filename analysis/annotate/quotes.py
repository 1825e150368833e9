"""Find quotations in article text: double quotes (straight, curly, low-9), guillemets, and single
quotes used as quotation marks (never apostrophes), paired within a paragraph.

News convention: a quotation running over several paragraphs leaves each paragraph open and
reopens the next with a new mark, so an unclosed quote ends at the end of its paragraph
(``closed`` is False), never at the end of the text. A paragraph is a run of text between line breaks.

Example:
    >>> text = '"We will win," he said. He called it \\u2018a disgrace\\u2019.\\n\\n\\u201cIt goes on\\n\\u201cand on.\\u201d'
    >>> find_quotes(text)[["start", "end", "closed", "mark"]].values.tolist()
    [[0, 14, True, 'double'], [37, 49, True, 'single'], [52, 63, False, 'double'], [64, 73, True, 'double']]
"""
from __future__ import annotations

import re

import pandas as pd

QUOTE_COLUMNS = ["start", "end", "closed", "mark", "depth"]
_DOUBLE_OPEN = "\u201c\u201e\u00ab\u201f"
_DOUBLE_CLOSE = "\u201d\u00bb"
_DOUBLE_EITHER = '"\u2033'
_SINGLE_OPEN = "\u2018\u2039\u201a"
_SINGLE_CLOSE = "\u2019\u203a"
_SINGLE_EITHER = "'"
_OPEN_CONTEXT = set(" \t([{-\u2014\u2013/") | set(_DOUBLE_OPEN) | set('"')
_WORD = re.compile(r"\w")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line (quotes never run over a line break; white space trimmed).

    Example:
        >>> line_spans("One.\\n\\nTwo. \\n")
        [(0, 4), (6, 10)]
    """
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((s, e))
    return spans


def _role(text: str, i: int, start: int, end: int, *, width: int = 1) -> str:
    """'open', 'close' or 'either' for a straight mark, from the characters around it."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    opens = before.isspace() or before in _OPEN_CONTEXT or i == start
    closes = after.isspace() or after in ".,;:!?)]}\u2014\u2013-" or i + width == end
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


_DOUBLE_MARK = re.compile("''|``|[\"\u2033\u201c\u201e\u00ab\u201f\u201d\u00bb]")


def _double_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Double-mark quotations of one paragraph; two straight apostrophes count as one double mark."""
    found, open_at = [], None
    for m in _DOUBLE_MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        context = _role(text, i, start, end, width=len(ch))
        if ch in _DOUBLE_OPEN or ch == "``":
            # a curly opener typed where a closer belongs ('called it \u201cabhorrent\u201c in') closes
            role = "close" if open_at is not None and context == "close" else "open"
        elif ch in _DOUBLE_CLOSE:
            role = "open" if open_at is None and context == "open" else "close"
        else:
            role = context
        if open_at is None:
            if role != "close":
                open_at = i
            continue
        if role == "open" and ch in _DOUBLE_OPEN and text[open_at] in _DOUBLE_OPEN:
            # a second curly opener before any closer: the first quote was left open
            found.append((open_at, _trim_end(text, open_at, i), False))
            open_at = i
            continue
        found.append((open_at, m.end(), True))
        open_at = None
    if open_at is not None:
        found.append((open_at, end, False))
    return found


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _is_apostrophe(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if _WORD.match(before) and _WORD.match(after):
        return True  # don't, Trump's
    if text[i] in "\u2019'" and after.isdigit() and not _WORD.match(before):
        return True  # '90s
    return False


def _single_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Single-mark quotations: an opener after space/start and a closer before space/punctuation."""
    found, open_at = [], None
    for i in range(start, end):
        ch = text[i]
        if ch not in _SINGLE_OPEN + _SINGLE_CLOSE + _SINGLE_EITHER or _is_apostrophe(text, i, start, end):
            continue
        if ch == "'" and (text[i - 1:i] == "'" or text[i + 1:i + 2] == "'"):
            continue  # part of a doubled mark ('') that stands for a double quote
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        can_open = ch not in _SINGLE_CLOSE and (i == start or before.isspace() or before in _OPEN_CONTEXT) \
            and not after.isspace()
        can_close = ch not in _SINGLE_OPEN and not before.isspace() and \
            (i + 1 == end or after.isspace() or after in ".,;:!?)]}\u2014\u2013-\"\u201d")
        if open_at is None:
            if can_open:
                open_at = i
        elif can_close:
            # "voters' concerns": a plural possessive, not a closer, when a lowercase word follows
            if before in "sS" and after == " " and re.match(r" [a-z]", text[i + 1:i + 3]) and \
                    text.find("\u2019" if ch == "\u2019" else ch, i + 1, end) >= 0:
                continue
            if i - open_at > 1:
                found.append((open_at, i + 1, True))
            open_at = None
        elif can_open and ch in _SINGLE_OPEN:
            open_at = i
    return found


def find_quotes(text: str) -> pd.DataFrame:
    """Quotation spans of ``text``, marks included.

    Args:
        text: article text; paragraphs are separated by line breaks.

    Returns:
        DataFrame with ``start``, ``end`` (character offsets, marks included), ``closed`` (False when the
        paragraph ended first), ``mark`` ('double' or 'single') and ``depth`` (1 for a quote inside a
        quote), sorted by start.

    Example:
        >>> find_quotes("Trump's aide said it was \\u2018fake news\\u2019 and \\"a lie.\\"").values.tolist()
        [[25, 36, True, 'single', 0], [41, 49, True, 'double', 0]]
    """
    rows = []
    for p_start, p_end in line_spans(text):
        doubles = _double_quotes(text, p_start, p_end)
        for s, e, closed in doubles:
            rows.append((s, e, closed, "double", 0))
        # single quotes: inside a double quote they are nested; outside, primary (British style, headlines)
        cuts = [p_start] + [x for s, e, _ in doubles for x in (s, e)] + [p_end]
        for k in range(0, len(cuts), 2):
            for s, e, closed in _single_quotes(text, cuts[k], cuts[k + 1]):
                rows.append((s, e, closed, "single", 0))
        for s, e, _ in doubles:
            inner_start, inner_end = quote_inner(text, s, e)
            for qs, qe, closed in _single_quotes(text, inner_start, inner_end):
                rows.append((qs, qe, closed, "single", 1))
    rows.sort()
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype(
        {"start": "int64", "end": "int64", "closed": "bool", "mark": "object", "depth": "int64"})


def quote_inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside the marks of the quotation ``text[start:end]`` (an unclosed one keeps its end).

    Example:
        >>> quote_inner('"Yes," he said', 0, 6)
        (1, 5)
        >>> quote_inner("''Yes,'' he said", 0, 8)
        (2, 6)
    """
    width = 2 if text[start:start + 2] in ("''", "``") else 1
    inner_start = start + width
    close_width = 2 if text[max(start, end - 2):end] == "''" and end - 2 >= inner_start else 1
    has_close = end - close_width >= inner_start and text[end - 1] in _DOUBLE_CLOSE + _DOUBLE_EITHER + _SINGLE_CLOSE + _SINGLE_EITHER
    inner_end = end - close_width if has_close else end
    return inner_start, max(inner_start, inner_end)
