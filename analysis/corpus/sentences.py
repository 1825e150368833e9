"""Sentence boundaries: nupunkt's Punkt model (shipped inside the package) plus two news repairs.

Every table that speaks of sentences (``sentences.csv``, the parse, the lenses) takes its
boundaries from :func:`sentence_spans`, so they always agree.

Example:
    >>> sentence_spans("He left. She stayed.")
    [(0, 8), (9, 20)]
"""

from __future__ import annotations

import re

import nupunkt

from .clean import paragraph_spans

_QUOTE_END = re.compile(r"[?!,]['\"\u2019\u201d]$")
_ATTRIBUTION_TAIL = re.compile(
    r"^(?:[a-z]|(?:[A-Z][\w.'\u2019-]*\s){1,5}(?:said|says|told|added|asked|wrote|stated|insisted|claimed|continued)\b)"
)


_ABBREVIATION_END = re.compile(
    r"\b(?:U\.S|U\.K|U\.N|E\.U|Gen|Lt|Col|Maj|Sgt|Capt|Adm|Dr|Mr|Mrs|Ms|St|Sen|Rep|Gov|Pres|Sec)\.$"
)
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there here but and or so yet "
    "in on at for with from by as after before when while if although though because since meanwhile however "
    "earlier later also still".split()
)


def _continues_abbreviation(previous: str, following: str) -> bool:
    """True when a split fell after an abbreviation inside a noun phrase ('U.S. Secretary of State')."""
    if not _ABBREVIATION_END.search(previous):
        return False
    first = following.split(maxsplit=1)[0] if following.split() else ""
    return first[:1].isupper() and first.lower().strip(",;:") not in _SENTENCE_STARTERS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, without surrounding white space.

    A quoted question or exclamation followed by its attribution stays one
    sentence (``"Why?" Pompeo asked.``), as readers and the other lenses expect.

    A split after an abbreviation inside a name is undone (``U.S. Secretary of State``).

    Example:
        >>> len(sentence_spans('"Is that true?" Pompeo told reporters. He left.'))
        2
        >>> len(sentence_spans("He called U.S. Secretary of State Mike Pompeo. The U.S. The end."))
        3
    """
    spans: list[tuple[int, int]] = []
    for start, end in nupunkt.sent_spans(text):
        chunk = text[start:end]
        s = start + len(chunk) - len(chunk.lstrip())
        e = end - (len(chunk) - len(chunk.rstrip()))
        if e <= s:
            continue
        previous = text[spans[-1][0]:spans[-1][1]] if spans else ""
        if spans and ((_QUOTE_END.search(previous) and _ATTRIBUTION_TAIL.match(text[s:e]) and len(text[s:e].split()) <= 8)
                      or _continues_abbreviation(previous, text[s:e])):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def article_sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """``(paragraph, start, end)`` of every sentence of an article: paragraphs first, then sentences in each.

    The sentence table, the parse and every lens take their sentences from here, so no sentence runs
    over a paragraph break.

    Example:
        >>> article_sentence_spans("He left. She stayed.\\n\\nThen it rained")
        [(0, 0, 8), (0, 9, 20), (1, 22, 36)]
    """
    rows = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        rows += [(p_index, p_start + s, p_start + e) for s, e in sentence_spans(text[p_start:p_end])]
    return rows
