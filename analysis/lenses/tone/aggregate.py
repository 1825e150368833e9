"""Tone per outlet and actor, in the outlet's own voice and in the speech it attributes, with intervals.

``tone`` is the expected tone of a mention under the calibrated model, P(positive) - P(negative), from
-1 to 1; shares are the mean probabilities (the expected share of mentions in each class). Intervals
resample articles, then mentions within them (two-stage bootstrap), so an outlet's few articles carry
their weight. Rows need at least ``min_mentions`` mentions.

Example:
    >>> m = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["Iran"] * 3, "voice": ["own", "quoted", "own"],
    ...                   "tone": [-0.5, 0.2, -0.1], "p_negative": [0.6, 0.1, 0.3], "p_neutral": [0.3, 0.6, 0.5],
    ...                   "p_positive": [0.1, 0.3, 0.2], "label": ["negative", "neutral", "neutral"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> tone_by_outlet(m, arts, min_mentions=1)[["outlet", "actor", "voice", "n_mentions", "mean_tone"]].values.tolist()
    [['X', 'Iran', 'attributed', 1, 0.2], ['X', 'Iran', 'own', 2, -0.3]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ... import stats

VOICE_GROUP = {"own": "own", "quoted": "attributed", "reported": "attributed"}
BY_OUTLET_COLUMNS = ["outlet", "actor", "voice", "n_mentions", "n_articles", "mean_tone", "tone_low", "tone_high",
                     "share_negative", "share_neutral", "share_positive", "n_negative", "n_neutral", "n_positive"]
MIN_MENTIONS = 3


def with_voice_groups(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions with their voice group (own / attributed) as ``voice``."""
    return mentions.assign(voice=mentions["voice"].map(VOICE_GROUP).fillna("own"))


def with_outlets(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions with their article's outlet and their voice group (own / attributed)."""
    outlet = articles.set_index("article_id")["outlet"]
    return with_voice_groups(mentions).assign(outlet=mentions["article_id"].map(outlet))


def tone_by_outlet(mentions: pd.DataFrame, articles: pd.DataFrame, *, min_mentions: int = MIN_MENTIONS) -> pd.DataFrame:
    """One row per outlet, actor and voice group with at least ``min_mentions`` mentions."""
    if mentions.empty:
        return pd.DataFrame(columns=BY_OUTLET_COLUMNS)
    table = with_outlets(mentions, articles)
    rows = []
    for (outlet, actor, voice), g in table.groupby(["outlet", "actor", "voice"], sort=True):
        if len(g) < min_mentions:
            continue
        low, high = stats.bootstrap_ci(g["tone"].to_numpy(dtype=np.float64), clusters=g["article_id"].to_numpy())
        counts = g["label"].value_counts()
        rows.append((outlet, actor, voice, len(g), g["article_id"].nunique(), float(g["tone"].mean()), low, high,
                     float(g["p_negative"].mean()), float(g["p_neutral"].mean()), float(g["p_positive"].mean()),
                     int(counts.get("negative", 0)), int(counts.get("neutral", 0)), int(counts.get("positive", 0))))
    return pd.DataFrame(rows, columns=BY_OUTLET_COLUMNS)


def tone_shares(mentions: pd.DataFrame, *, model: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corpus's split of mentions into negative, neutral and positive, by voice: own, quoted (inside quotation
    marks), reported (indirect speech), attributed (quoted and reported) and all. Hard labels (counts and shares)
    beside the expected shares (mean probabilities) and, given the ``model``'s own probabilities of the same
    mentions, the shares the model alone expects (before the corpus's neutral share).

    Example:
        >>> m = pd.DataFrame({"voice": ["own", "quoted", "reported"], "label": ["neutral", "negative", "neutral"],
        ...                   "p_negative": [0.1, 0.8, 0.2], "p_neutral": [0.8, 0.1, 0.7], "p_positive": [0.1, 0.1, 0.1]})
        >>> t = tone_shares(m)
        >>> t[t["label"] == "negative"][["voice", "n_mentions"]].values.tolist()
        [['own', 0], ['quoted', 1], ['reported', 0], ['attributed', 1], ['all', 1]]
    """
    columns = ["voice", "label", "n_mentions", "share_labelled", "expected_share", "model_expected_share"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    raw = model if model is not None else mentions
    tables = [(t, with_voice_groups(t)["voice"]) for t in (mentions, raw)]  # (mentions, own / attributed) each

    def part(t: pd.DataFrame, group: pd.Series, voice: str) -> pd.DataFrame:
        if voice == "all":
            return t
        return t[(group if voice in ("own", "attributed") else t["voice"]) == voice]

    rows = []
    for voice in ("own", "quoted", "reported", "attributed", "all"):
        (g, r) = (part(t, group, voice) for t, group in tables)
        for label in ("negative", "neutral", "positive"):
            n = int((g["label"] == label).sum())
            rows.append((voice, label, n, n / len(g) if len(g) else np.nan,
                         float(g[f"p_{label}"].mean()) if len(g) else np.nan,
                         float(r[f"p_{label}"].mean()) if len(r) else np.nan))
    return pd.DataFrame(rows, columns=columns)
