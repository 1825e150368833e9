"""Framing markers: hedges, boosters and distancing words in an outlet's own voice, per 1,000 words.

The lexicon (``analysis/data/framing_markers.csv``: entry, category, pattern, source) lists each
marker with where it comes from (Hyland 2005 metadiscourse; Recasens et al. 2013 bias markers).
Matches are whole words outside quotations; when two overlap the longer wins.

Example:
    >>> import re
    >>> [m[2] for m in find_markers("It was reportedly a so-called plan.", [("so-called", "distancing",
    ...     re.compile(r"\\bso[- ]called\\b")), ("reportedly", "distancing", re.compile(r"\\breportedly\\b"))], [(0, 35)])]
    ['reportedly', 'so-called']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ... import stats

MATCH_COLUMNS = ["start", "end", "entry", "category", "matched"]
RATE_COLUMNS = ["outlet", "category", "n_markers", "n_words", "n_articles", "per_1000", "ci_low", "ci_high", "status"]
MIN_WORDS = 500


def compile_markers(table: pd.DataFrame) -> list[tuple[str, str, re.Pattern]]:
    return [(r.entry, r.category, re.compile(rf"(?<![\w-])(?:{r.pattern})(?![\w-])", re.IGNORECASE))
            for r in table.itertuples() if str(r.pattern).strip()]


def find_markers(text: str, compiled, own_spans: list[tuple[int, int]]) -> list[tuple]:
    """(start, end, entry, category, matched) of each marker inside ``own_spans``; the longest wins."""
    found = []
    for s0, e0 in own_spans:
        chunk = text[s0:e0]
        for order, (entry, category, rx) in enumerate(compiled):
            found += [(s0 + m.start(), s0 + m.end(), order, entry, category) for m in rx.finditer(chunk)]
    found.sort(key=lambda r: (-(r[1] - r[0]), r[0], r[2]))
    taken, rows = [], []
    for start, end, _order, entry, category in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        rows.append((start, end, entry, category, text[start:end]))
    return sorted(rows, key=lambda r: (r[0], r[2]))


def marker_rates(matches: pd.DataFrame, words: pd.DataFrame, articles: pd.DataFrame, categories: list[str], *,
                 min_words: int = MIN_WORDS) -> pd.DataFrame:
    """Markers per 1,000 own-voice words per outlet and category, with a bootstrap interval over articles."""
    outlet_of = articles.set_index("article_id")["outlet"]
    per_article = (matches.groupby(["article_id", "category"]).size().rename("n").reset_index()
                   if len(matches) else pd.DataFrame(columns=["article_id", "category", "n"]))
    rows = []
    words = words.assign(outlet=words["article_id"].map(outlet_of))
    for outlet, group in words.groupby("outlet", sort=True):
        n_words = int(group["n_words"].sum())
        for category in categories:
            hits = per_article[per_article["category"] == category].set_index("article_id")["n"]
            n = group["article_id"].map(hits).fillna(0).to_numpy(dtype=np.float64)
            w = group["n_words"].to_numpy(dtype=np.float64)
            if n_words < min_words:
                rows.append((outlet, category, int(n.sum()), n_words, len(group), np.nan, np.nan, np.nan,
                             f"not enough text: {n_words} own-voice words (< {min_words})"))
                continue
            low, high = stats.ratio_ci(n, w, scale=1000.0)
            rows.append((outlet, category, int(n.sum()), n_words, len(group), 1000.0 * n.sum() / n_words, low, high, "ok"))
    return pd.DataFrame(rows, columns=RATE_COLUMNS)
