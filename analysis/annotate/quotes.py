"""The one quote finder: quotation spans in an article's text.

Double quotes (straight, curly, guillemets) and single quotes used as quotation marks are paired
within a paragraph. A quote that runs over paragraphs reopens each paragraph (news convention); an
unclosed quote ends at the end of its paragraph, never beyond. A quote inside a quote is part of
the outer one. ``start``/``end`` include the marks.

Example:
    >>> find_quotes('He said \u201cno\u201d and \u2018yes\u2019.')[["start", "end", "closed"]].values.tolist()
    [[8, 12, True], [17, 22, True]]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..corpus.clean import paragraph_spans

QUOTE_COLUMNS = ["start", "end", "content_start", "content_end", "closed"]

_QUOTE_OPEN = "\u201c\u201e\u00ab\u201f"
_QUOTE_CLOSE = "\u201d\u00bb"
_DOUBLE_MARKS = _QUOTE_OPEN + _QUOTE_CLOSE + '"'
_SINGLE_MARKS = "\u2018\u2019'"
_ALL_MARKS = _DOUBLE_MARKS + _SINGLE_MARKS


@dataclass
class _Quote:
    open: int
    close: int  # position of the closing mark, -1 when the quote never closes
    start: int  # content start
    end: int  # content end (exclusive)
    para_first: int
    para_last: int
    style: str
    closed: bool = True


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the quote mark at ``i`` within paragraph [lo, hi)."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left_edge = prev.isspace() or prev in "([{\u2014\u2013-/:;" + _ALL_MARKS
    right_edge = nxt.isspace() or nxt in ",.;:!?)]}\u2026\u2014\u2013-" + _ALL_MARKS
    starts_text = nxt.isalnum() or nxt in "([{$\u00a3\u20ac#\u2026\u2014-" + _ALL_MARKS
    can_open, can_close = left_edge and starts_text, right_edge and not prev.isspace()
    if ch in _QUOTE_OPEN:
        return "close" if not can_open and (can_close or right_edge) else "open"
    if ch in _QUOTE_CLOSE:
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _find_quotes(text: str, paras: list[tuple[int, int]]) -> tuple[list[_Quote], list[str]]:
    quotes, problems = _double_quotes(text, paras)
    quotes += _single_quotes(text, paras, quotes)
    quotes.sort(key=lambda q: (q.open, -q.end))
    outer, reach = [], -1
    for q in quotes:  # keep outermost quotes only: a quote inside a quote is part of it
        if q.open < reach:
            continue
        outer.append(q)
        reach = max(reach, q.end)
    return outer, problems


def _double_quotes(text: str, paras: list[tuple[int, int]]) -> tuple[list[_Quote], list[str]]:
    quotes, problems = [], []
    carry = None  # (open position, first paragraph) of a quote continuing into the next paragraph
    for pi, (lo, hi) in enumerate(paras):
        marks = [i for i in range(lo, hi) if text[i] in _DOUBLE_MARKS]
        open_at = None
        if carry is not None:
            if marks and marks[0] == lo and _mark_role(text, lo, lo, hi) != "close":
                open_at, marks = carry, marks[1:]
            else:
                prev_hi = paras[pi - 1][1]
                problems.append(f"quote opened at offset {carry[0]} is not closed before the paragraph break at {prev_hi}")
                quotes.append(_Quote(carry[0], -1, carry[0] + 1, prev_hi, carry[1], pi - 1, "double", False))
            carry = None
        for i in marks:
            role = _mark_role(text, i, lo, hi)
            if open_at is None:
                if role == "close":
                    problems.append(f"closing quote mark at offset {i} has no opening mark")
                else:
                    open_at = (i, pi)
            elif role == "open" and i > open_at[0] + 1:
                problems.append(f"quote opened at offset {open_at[0]} is not closed before another opens at {i}")
                quotes.append(_Quote(open_at[0], -1, open_at[0] + 1, i, open_at[1], pi, "double", False))
                open_at = (i, pi)
            else:
                quotes.append(_Quote(open_at[0], i, open_at[0] + 1, i, open_at[1], pi, "double"))
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] in _DOUBLE_MARKS and _mark_role(text, nxt, nxt, paras[pi + 1][1]) != "close":
                carry = open_at
            else:
                problems.append(f"quote opened at offset {open_at[0]} is not closed before the paragraph ends at {hi}")
                quotes.append(_Quote(open_at[0], -1, open_at[0] + 1, hi, open_at[1], pi, "double", False))
    if carry is not None:
        problems.append(f"quote opened at offset {carry[0]} is never closed")
        quotes.append(_Quote(carry[0], -1, carry[0] + 1, paras[-1][1], carry[1], len(paras) - 1, "double", False))
    return quotes, problems


def _single_quotes(text: str, paras: list[tuple[int, int]], doubles: list[_Quote]) -> list[_Quote]:
    """Quotes in single marks (curly or straight); unmatched marks are apostrophes and are ignored."""
    covered = [(q.open, q.close if q.close >= 0 else q.end) for q in doubles]
    quotes = []
    for pi, (lo, hi) in enumerate(paras):
        open_at = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _SINGLE_MARKS or any(a <= i <= b for a, b in covered):
                continue
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 1] if i + 1 < hi else " "
            opens = (prev.isspace() or prev in "([\u2014\u2013:" + _DOUBLE_MARKS) and (nxt.isalnum() or nxt in "$\u00a3\u20ac")
            closes = (not prev.isspace()) and not nxt.isalnum()
            if ch == "\u2019":
                opens = False
            if ch == "\u2018":
                closes = closes and not opens
            if open_at is None and opens:
                open_at = i
            elif open_at is not None and closes and i - open_at > 1:
                quotes.append(_Quote(open_at, i, open_at + 1, i, pi, pi, "single"))
                open_at = None
    return quotes


def find_quotes(text: str) -> pd.DataFrame:
    """Quotations in ``text``: ``start``/``end`` (with the marks), the content offsets, and whether each closes."""
    text = text if isinstance(text, str) else ""
    paras = paragraph_spans(text)
    if not paras:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    quotes, _ = _find_quotes(text, paras)
    rows = [(q.open, (q.close + 1) if q.closed else q.end, q.start, q.end, q.closed) for q in quotes]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype({"closed": bool})
