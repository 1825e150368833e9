"""Page furniture among an article's sentences: photo captions and credits, link text, boilerplate and sign-offs.

A sentence of furniture is part of the page, not of the story: no lens reads it as the outlet's prose. Each
sentence gets the status of the first row of the ``fact_filter`` rule table whose pattern it matches, or ""
(a ``signature`` row, the bio line or disclaimer that closes an opinion piece, applies to an article's last
:data:`CLOSING_SENTENCES` sentences only). The statuses in :data:`FURNITURE` are furniture; the table's other
rows (``fragment``: the tail of a quote split over two sentences) matter to the facts lens only.

Example:
    >>> rules = compile_filter(pd.DataFrame({"status": ["caption"], "pattern": [r"\\(Photo:"]}))
    >>> filter_statuses(["Protesters marched on Sunday.", "(Photo: Jonathan Ernst/Reuters)"], rules)
    ['', 'caption']
"""

from __future__ import annotations

import re

import pandas as pd

FURNITURE = ("caption", "link", "boilerplate", "signature")
CLOSING_SENTENCES = 2


def compile_filter(rules: pd.DataFrame) -> list[tuple[str, re.Pattern]]:
    """The ``fact_filter`` rule table as (status, compiled pattern) pairs, in table order."""
    return [(str(s), re.compile(str(p), re.I)) for s, p in zip(rules["status"], rules["pattern"])]


def filter_status(text: str, rules, *, closing: bool = False) -> str:
    """The status of the first rule ``text`` matches ("" for none); ``closing`` says the sentence is among the
    article's last ones, where ``signature`` rules apply."""
    text = str(text or "").strip()
    for status, pattern in rules:
        if (status != "signature" or closing) and pattern.search(text):
            return status
    return ""


def filter_statuses(texts, rules) -> list[str]:
    """:func:`filter_status` of each sentence of one article, in order (the last ones are its closing ones)."""
    texts = list(texts)
    return [filter_status(t, rules, closing=k >= len(texts) - CLOSING_SENTENCES) for k, t in enumerate(texts)]
