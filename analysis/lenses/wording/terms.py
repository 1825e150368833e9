"""Distinctive words: which words and word pairs set an outlet's own voice apart from the rest.

Counts are taken per article over the outlet's own voice only (quoted and reported words are left
out), then each outlet is compared with the pooled rest of the corpus by the log-odds ratio with
an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").

Example:
    >>> d, z = log_odds_dirichlet(np.array([10, 1]), np.array([1, 10]), np.array([11, 11]))
    >>> bool(z[0] > 0 > z[1])
    True
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
COUNT_COLUMNS = ["ngram", "term", "count"]
DISTINCTIVE_COLUMNS = ["outlet", "ngram", "term", "count", "count_rest", "n_words", "n_words_rest", "delta", "z", "status"]
NOT_ENOUGH_TEXT = "not enough text"
MIN_WORDS = 500
MIN_COUNT = 5


def own_voice_mask(annotated) -> np.ndarray:
    """For each token of the article, True when it is in the outlet's own voice."""
    spans = annotated.voice
    own = np.zeros(len(annotated.doc.text) + 1, dtype=bool)
    for s, e, v in zip(spans["start"], spans["end"], spans["voice"]):
        if v == "own":
            own[int(s):int(e)] = True
    return np.array([own[t.idx] for t in annotated.doc], dtype=bool)


def _term(token) -> str:
    return token.text.replace("\u2019", "'").lower()


def term_counts(annotated) -> tuple[pd.DataFrame, int]:
    """Own-voice unigram and bigram counts of one article, and its number of own-voice words.

    Bigrams join two adjacent own-voice words with no stop word and no line break between them.
    """
    doc, own = annotated.doc, own_voice_mask(annotated)
    words = [bool(own[t.i]) and bool(WORD.fullmatch(t.text)) for t in doc]
    uni, bi = Counter(), Counter()
    for t in doc:
        if not words[t.i]:
            continue
        uni[_term(t)] += 1
        if t.i + 1 < len(doc) and words[t.i + 1] and "\n" not in t.whitespace_ and not t.is_stop and not doc[t.i + 1].is_stop:
            bi[f"{_term(t)} {_term(doc[t.i + 1])}"] += 1
    rows = [(1, w, c) for w, c in sorted(uni.items())] + [(2, w, c) for w, c in sorted(bi.items())]
    return pd.DataFrame(rows, columns=COUNT_COLUMNS), int(sum(uni.values()))


def log_odds_dirichlet(count_i: np.ndarray, count_j: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior, and its z-score (Monroe et al. 2008)."""
    y_i, y_j, a = (np.asarray(x, dtype=np.float64) for x in (count_i, count_j, prior))
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), a.sum()
    delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
    var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
    return delta, delta / np.sqrt(var)


def distinctive_terms(counts: pd.DataFrame, words: pd.DataFrame, articles: pd.DataFrame, *,
                      min_count: int = MIN_COUNT, min_words: int = MIN_WORDS, top: int = 40) -> pd.DataFrame:
    """The ``top`` most distinctive terms of each outlet (by z), per n-gram size, with counts beside them.

    ``counts``: ``article_id, ngram, term, count``; ``words``: ``article_id, n_words``. Outlets or a
    rest of the corpus with fewer than ``min_words`` own-voice words get one row saying so.
    """
    outlet_of = articles.set_index("article_id")["outlet"]
    counts = counts.assign(outlet=counts["article_id"].map(outlet_of))
    words_by_outlet = words.assign(outlet=words["article_id"].map(outlet_of)).groupby("outlet")["n_words"].sum()
    total_words = int(words_by_outlet.sum())
    rows = []
    for ngram in (1, 2):
        table = counts[counts["ngram"] == ngram].pivot_table(index="term", columns="outlet", values="count",
                                                             aggfunc="sum", fill_value=0)
        table = table[table.sum(axis=1) >= min_count] if len(table) else table
        y_all = table.sum(axis=1).to_numpy(dtype=np.float64) if len(table) else np.zeros(0)
        for outlet in sorted(words_by_outlet.index):
            n_out = int(words_by_outlet[outlet])
            n_rest = total_words - n_out
            status = (f"{NOT_ENOUGH_TEXT}: {n_out} own-voice words (< {min_words})" if n_out < min_words else
                      f"{NOT_ENOUGH_TEXT}: the rest has {n_rest} own-voice words (< {min_words})" if n_rest < min_words else
                      f"{NOT_ENOUGH_TEXT}: fewer than 2 terms seen {min_count}+ times" if len(table) < 2 else "")
            if status:
                rows.append((outlet, ngram, "", 0, 0, n_out, n_rest, np.nan, np.nan, status))
                continue
            y_i = table[outlet].to_numpy(dtype=np.float64) if outlet in table.columns else np.zeros(len(table))
            delta, z = log_odds_dirichlet(y_i, y_all - y_i, y_all)
            order = np.lexsort((table.index.to_numpy(), -np.round(z, 6)))[:top]
            for k in order:
                rows.append((outlet, ngram, table.index[k], int(y_i[k]), int(y_all[k] - y_i[k]), n_out, n_rest,
                             float(delta[k]), float(z[k]), "ok"))
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)
