"""Score tone predictions against NewsMTSC-style gold: macro-F1, per-class F1, accuracy, calibration.

Gold comes from NewsMTSC JSON lines (Hamborg & Donnay, EACL 2021; MIT, Copyright 2020 Felix Hamborg),
read by :func:`mention_table` into one row per target. Labels are the class names of
:data:`~analysis.lenses.tone.mentions.LABELS`. Calibration is measured on the top-class confidence over
equal-width bins (:func:`reliability_table`, :func:`expected_calibration_error`). The sentence-polarity
baselines (TextBlob, VADER) ignore the target: one score per sentence, cut into three classes at
thresholds the caller chooses (:func:`lexicon_labels`).

Example:
    >>> row = ('{"primary_gid": "p", "sentence_normalized": "Obama can do better at State than Susan Rice.", '
    ...        '"targets": [{"Input.gid": "a", "from": 0, "to": 5, "mention": "Obama", "polarity": 6.0}, '
    ...        '{"Input.gid": "b", "from": 34, "to": 44, "mention": "Susan Rice", "polarity": 2.0}]}')
    >>> gold = mention_table([row])
    >>> gold[["start", "end", "label"]].values.tolist()
    [[0, 5, 'positive'], [34, 44, 'negative']]
    >>> classification_scores(gold["label"], ["positive", "neutral"])["macro_f1"]
    0.3333333333333333
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .mentions import LABELS

POLARITY_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
MENTION_COLUMNS = ["sentence", "start", "end", "mention", "label", "gid", "primary_gid"]
RELIABILITY_COLUMNS = ["bin", "lower", "upper", "mean_confidence", "accuracy", "count"]
BINS = 10


def mention_table(rows) -> pd.DataFrame:
    """One row per NewsMTSC target: the sentence, the target's span in it, its gold label.

    Args:
        rows: NewsMTSC JSON lines (strings, e.g. an open ``.jsonl`` file) or the dicts they hold.

    Returns:
        ``sentence, start, end, mention, label, gid, primary_gid``: ``start``/``end`` are the target's
        ``from``/``to`` character offsets into ``sentence`` (NewsMTSC's ``sentence_normalized``), ``label``
        is the class name of its ``polarity`` (2 negative, 4 neutral, 6 positive), ``gid`` the target's
        ``Input.gid``. Coreferent ``further_mentions`` are not rows. File order, then target order.

    Example:
        >>> mention_table([{"primary_gid": "p", "sentence_normalized": "Trump won.",
        ...                 "targets": [{"Input.gid": "g", "from": 0, "to": 5, "mention": "Trump",
        ...                              "polarity": 4.0}]}]).values.tolist()
        [['Trump won.', 0, 5, 'Trump', 'neutral', 'g', 'p']]
    """
    records = []
    for row in rows:
        if isinstance(row, str):
            if not row.strip():
                continue
            row = json.loads(row)
        for target in row["targets"]:
            records.append((row["sentence_normalized"], int(target["from"]), int(target["to"]), target["mention"],
                            POLARITY_LABELS[float(target["polarity"])], target["Input.gid"], row["primary_gid"]))
    return pd.DataFrame(records, columns=MENTION_COLUMNS)


def classification_scores(gold, predicted) -> dict:
    """Macro-F1, F1 per class, accuracy and the counts behind them.

    Args:
        gold: gold class names, one per mention.
        predicted: predicted class names, same order.

    Returns:
        ``n, accuracy, macro_f1`` and per class ``f1_<class>, n_<class>`` (gold) and ``predicted_<class>``.
        A class with no true positive has F1 0.

    Example:
        >>> s = classification_scores(["negative", "neutral", "positive", "positive"],
        ...                           ["negative", "neutral", "neutral", "positive"])
        >>> s["accuracy"], round(s["macro_f1"], 4), s["f1_positive"], s["predicted_neutral"]
        (0.75, 0.7778, 0.6666666666666666, 2)
    """
    gold = np.asarray(gold, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    if gold.shape != predicted.shape:
        raise ValueError("gold and predicted differ in length")
    out = {"n": int(gold.size), "accuracy": float((gold == predicted).mean()) if gold.size else 0.0}
    f1s = []
    for name in LABELS:
        tp = int(((gold == name) & (predicted == name)).sum())
        n_gold, n_pred = int((gold == name).sum()), int((predicted == name).sum())
        f1 = 2.0 * tp / (n_gold + n_pred) if tp else 0.0
        f1s.append(f1)
        out.update({f"f1_{name}": f1, f"n_{name}": n_gold, f"predicted_{name}": n_pred})
    out["macro_f1"] = float(np.mean(f1s))
    return out


def reliability_table(probabilities, gold, *, bins: int = BINS) -> pd.DataFrame:
    """Top-class confidence against accuracy in equal-width bins.

    The predicted class is the most probable one (first on a tie); a confidence on a bin edge falls
    in the lower bin (bins are ``(lower, upper]``, the first also holds 0).

    Args:
        probabilities: (n, 3) probabilities, columns in :data:`LABELS` order.
        gold: gold class names.
        bins: number of bins over [0, 1].

    Returns:
        ``bin, lower, upper, mean_confidence, accuracy, count``, one row per bin (NaN means when empty).

    Example:
        >>> t = reliability_table([[0.9, 0.05, 0.05], [0.2, 0.5, 0.3]], ["negative", "positive"], bins=2)
        >>> t[["bin", "mean_confidence", "accuracy", "count"]].values.tolist()
        [[0.0, 0.5, 0.0, 1.0], [1.0, 0.9, 1.0, 1.0]]
    """
    probabilities = np.asarray(probabilities, dtype=np.float64).reshape(-1, len(LABELS))
    confidence = probabilities.max(axis=1)
    correct = (np.asarray(LABELS, dtype=object)[probabilities.argmax(axis=1)] == np.asarray(gold, dtype=object))
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        rows.append((b, edges[b], edges[b + 1],
                     float(confidence[inside].mean()) if inside.any() else float("nan"),
                     float(correct[inside].mean()) if inside.any() else float("nan"), int(inside.sum())))
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def expected_calibration_error(probabilities, gold, *, bins: int = BINS) -> float:
    """Mean gap between confidence and accuracy over the bins of :func:`reliability_table`, weighted by count.

    Example:
        >>> round(expected_calibration_error([[1.0, 0.0, 0.0], [0.6, 0.3, 0.1]], ["negative", "neutral"]), 6)
        0.3
    """
    table = reliability_table(probabilities, gold, bins=bins)
    filled = table[table["count"] > 0]
    gaps = (filled["mean_confidence"] - filled["accuracy"]).abs() * filled["count"]
    return float(gaps.sum() / max(int(table["count"].sum()), 1))


def calibrated_probabilities(logits, *, offset=(0.0, 0.0, 0.0), temperature: float = 1.0) -> np.ndarray:
    """``softmax((logits + offset) / temperature)`` in float64, row by row, as the tone model computes it.

    With ``temperature=1`` it gives the probabilities before temperature scaling.

    Example:
        >>> calibrated_probabilities([[0.0, 0.0, 0.0]], offset=(0.0, 0.0, np.log(2.0))).round(2).tolist()
        [[0.25, 0.25, 0.5]]
    """
    scaled = (np.asarray(logits, dtype=np.float64) + np.asarray(offset, dtype=np.float64)) / float(temperature)
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=1, keepdims=True)


def sentence_polarity(sentences, *, scorer: str) -> np.ndarray:
    """One polarity per sentence: TextBlob's ``polarity`` (``scorer="textblob"``) or VADER's ``compound``.

    Both lie in [-1, 1] and ignore which target the sentence is scored for.

    Example:
        >>> sentence_polarity(["A terrible, awful disaster.", "A great success."], scorer="vader").round(2).tolist()
        [-0.88, 0.83]
    """
    if scorer == "textblob":
        from textblob import TextBlob

        return np.array([TextBlob(s).sentiment.polarity for s in sentences], dtype=np.float64)
    if scorer == "vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        return np.array([analyzer.polarity_scores(s)["compound"] for s in sentences], dtype=np.float64)
    raise ValueError(f"unknown scorer {scorer!r}: use 'textblob' or 'vader'")


def threshold_labels(scores, *, low: float, high: float) -> list[str]:
    """Scores cut into classes: negative below ``low``, positive above ``high``, neutral between (inclusive).

    Example:
        >>> threshold_labels([-0.5, -0.1, 0.0, 0.5], low=-0.1, high=0.1)
        ['negative', 'neutral', 'neutral', 'positive']
    """
    if low > high:
        raise ValueError("low must not exceed high")
    scores = np.asarray(scores, dtype=np.float64)
    return [LABELS[0] if s < low else LABELS[2] if s > high else LABELS[1] for s in scores]


def lexicon_labels(sentences, *, scorer: str, low: float, high: float) -> list[str]:
    """The sentence-polarity baseline: :func:`sentence_polarity` cut at ``low``/``high`` (:func:`threshold_labels`).

    Example:
        >>> lexicon_labels(["A terrible, awful disaster.", "The vote is on Tuesday."], scorer="vader",
        ...                low=-0.05, high=0.05)
        ['negative', 'neutral']
    """
    return threshold_labels(sentence_polarity(sentences, scorer=scorer), low=low, high=high)
