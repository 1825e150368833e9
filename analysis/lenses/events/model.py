"""The learned pair scorer: logistic regression over pair features, stored as JSON.

A model holds the feature names, the standardisation and the coefficients,
plus the clustering thresholds chosen on the dev data. Loading needs nothing
but ``json`` and numpy.

Example:
    >>> model = load_event_model("event_model.json")                    # doctest: +SKIP
    >>> pair_probabilities(model, features).round(2)                     # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

BASE_FEATURES = ("headline", "lede", "body", "names", "salient_names", "numbers", "years", "cross", "body_relative")
DATE_FEATURES = ("date_agreement",)
DATE_GAP_CAP = 30.0  # days: beyond a month, a wider gap says nothing more (ECB+ events include aftermath months later)
FEATURE_SETS = {
    "text": BASE_FEATURES + DATE_FEATURES,
    "text+embedding": BASE_FEATURES + DATE_FEATURES + ("embedding",),
    "text+lead": BASE_FEATURES + DATE_FEATURES + ("lead_names",),
    "text+contrast": BASE_FEATURES + DATE_FEATURES + ("lead_names", "body_contrast", "names_contrast"),
    "text+embedding+contrast": BASE_FEATURES + DATE_FEATURES + ("lead_names", "body_contrast", "names_contrast", "embedding", "embedding_contrast"),
}


@dataclass(frozen=True)
class PairModel:
    """Logistic regression over standardised pair features, with clustering thresholds."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float = 0.5
    trees: dict | None = None


@dataclass(frozen=True)
class EventModel:
    """Pair scorers for events and storylines, with and without embeddings, plus search settings.

    ``scorers`` maps "event/text", "event/text+embedding", "storyline/text",
    "storyline/text+embedding" to a :class:`PairModel` (each with its own
    clustering threshold).
    """

    scorers: dict
    n_neighbors: int = 20
    contrast_neighbors: int = 10
    names_from: str = "capitalised"
    notes: dict = field(default_factory=dict)

    @property
    def uses_embeddings(self) -> bool:
        return "event/text+embedding" in self.scorers


def scorer_for(model: EventModel, level: str, *, embeddings: bool) -> PairModel:
    """The pair scorer for ``level`` ("event" or "storyline"), using embeddings if available and wanted."""
    key = f"{level}/text+embedding" if embeddings and f"{level}/text+embedding" in model.scorers else f"{level}/text"
    return model.scorers[key]


def design_matrix(features: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    """Model inputs (float64) from raw pair features: date gaps become flags and a log gap (0 when undated).

    Example:
        >>> design_matrix(pd.DataFrame({"days_apart": [0.0, np.nan, 9.0, 400.0]}), ("dated", "date_agreement")).round(2).tolist()
        [[1.0, 1.1], [0.0, 0.0], [1.0, -1.2], [1.0, -2.34]]
    """
    days = features["days_apart"].to_numpy(dtype=np.float64) if "days_apart" in features else np.full(len(features), np.nan)
    dated = ~np.isnan(days)
    derived = {
        "dated": dated.astype(np.float64),
        "log_days_apart": np.where(dated, np.log1p(np.nan_to_num(days)), 0.0),
        "within_a_day": (dated & (np.nan_to_num(days, nan=99) <= 1)).astype(np.float64),
        "over_a_week": (dated & (np.nan_to_num(days) > 7)).astype(np.float64),
        "over_a_month": (dated & (np.nan_to_num(days) > 30)).astype(np.float64),
        "date_agreement": np.where(dated, np.log1p(2.0) - np.log1p(np.minimum(np.nan_to_num(days), DATE_GAP_CAP)), 0.0),
        "log_days_or_missing": np.log1p(days),
    }
    def column(name: str) -> np.ndarray:
        if "*" in name:
            left, right = name.split("*", 1)
            return column(left) * column(right)
        return derived[name] if name in derived else features[name].to_numpy(dtype=np.float64)

    columns = [column(n) for n in names]
    return np.column_stack(columns) if columns else np.zeros((len(features), 0))


def fit_pair_model(pairs: pd.DataFrame, *, feature_set: str | tuple[str, ...] = "text", c: float = 1.0, label: str = "same",
                   weight: str | None = "weight", with_trees: bool = False) -> PairModel:
    """Fit the logistic regression on labelled candidate pairs (deterministic: lbfgs, no sampling), and optionally
    monotone boosted trees whose probability is averaged with it."""
    from sklearn.linear_model import LogisticRegression

    names = FEATURE_SETS[feature_set] if isinstance(feature_set, str) else tuple(feature_set)
    x = design_matrix(pairs, names)
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales = np.where(scales > 0, scales, 1.0)
    clf = LogisticRegression(C=c, max_iter=2000)
    sample_weight = pairs[weight].to_numpy(dtype=np.float64) if weight and weight in pairs else None
    clf.fit((x - means) / scales, pairs[label].to_numpy(), sample_weight=sample_weight)
    trees = fit_tree_scorer(pairs, names, label=label, weight=weight) if with_trees else None
    return PairModel(names, tuple(means.tolist()), tuple(scales.tolist()), tuple(clf.coef_[0].tolist()), float(clf.intercept_[0]), trees=trees)


TREE_BLEND = 0.5


def tree_features(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The boosted trees' inputs and monotone directions: every similarity (+1) and the log day gap (-1, NaN if undated)."""
    kept = tuple(n for n in names if n not in DATE_FEATURES and "*" not in n) + ("log_days_or_missing",)
    return kept, tuple([1] * (len(kept) - 1) + [-1])


def fit_tree_scorer(pairs: pd.DataFrame, names: tuple[str, ...], *, label: str = "same", weight: str | None = "weight",
                    n_trees: int = 100, max_leaf_nodes: int = 8, min_samples_leaf: int = 50, seed: int = 0) -> dict:
    """Monotone gradient-boosted trees on the pair features, exported as plain arrays (see :func:`tree_probabilities`)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    inputs, monotone = tree_features(names)
    clf = HistGradientBoostingClassifier(max_iter=n_trees, learning_rate=0.1, max_leaf_nodes=max_leaf_nodes, min_samples_leaf=min_samples_leaf,
                                         l2_regularization=1.0, monotonic_cst=list(monotone), early_stopping=False, random_state=seed)
    sample_weight = pairs[weight].to_numpy(dtype=np.float64) if weight and weight in pairs else None
    clf.fit(design_matrix(pairs, inputs), pairs[label].to_numpy(), sample_weight=sample_weight)
    trees = []
    for (predictor,) in clf._predictors:  # binary: one tree per iteration
        nodes = predictor.nodes
        trees.append({
            "feature": nodes["feature_idx"].astype(int).tolist(),
            "threshold": nodes["num_threshold"].astype(float).tolist(),
            "left": nodes["left"].astype(int).tolist(),
            "right": nodes["right"].astype(int).tolist(),
            "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
            "leaf": nodes["is_leaf"].astype(int).tolist(),
            "value": nodes["value"].astype(float).tolist(),
        })
    return {"features": list(inputs), "baseline": float(np.ravel(clf._baseline_prediction)[0]), "trees": trees, "blend": TREE_BLEND}


def tree_probabilities(trees: dict, features: pd.DataFrame) -> np.ndarray:
    """P(label) from exported trees: sigmoid(baseline + sum of leaf values); NaN follows ``missing_left``."""
    x = design_matrix(features, tuple(trees["features"]))
    raw = np.full(len(x), trees["baseline"], dtype=np.float64)
    rows = np.arange(len(x))
    for tree in trees["trees"]:
        feature, threshold = np.array(tree["feature"]), np.array(tree["threshold"])
        left, right, missing_left = np.array(tree["left"]), np.array(tree["right"]), np.array(tree["missing_left"], dtype=bool)
        leaf, value = np.array(tree["leaf"], dtype=bool), np.array(tree["value"])
        node = np.zeros(len(x), dtype=np.int64)
        active = ~leaf[node]
        while active.any():
            current = node[active]
            values = x[rows[active], feature[current]]
            go_left = np.where(np.isnan(values), missing_left[current], values <= threshold[current])
            node[active] = np.where(go_left, left[current], right[current])
            active = ~leaf[node]
        raw += value[node]
    return 1.0 / (1.0 + np.exp(-raw))


def pair_probabilities(model: PairModel, features: pd.DataFrame) -> np.ndarray:
    """P(same event) of each pair (float64): the logistic regression, blended with the trees when the model has them."""
    x = (design_matrix(features, model.features) - np.array(model.means)) / np.array(model.scales)
    z = x @ np.array(model.coefficients) + model.intercept
    linear = 1.0 / (1.0 + np.exp(-z))
    if not model.trees:
        return linear
    blend = model.trees["blend"]
    return (1.0 - blend) * linear + blend * tree_probabilities(model.trees, features)


def save_event_model(model: EventModel, path: str) -> None:
    """Write ``model`` as indented JSON (floats rounded to 10 significant digits, for stable bytes)."""
    raw = asdict(model)

    def rounded(value):
        if isinstance(value, float):
            return float(f"{value:.10g}")
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [rounded(v) for v in value]
        return value

    with open(path, "w", encoding="utf-8") as handle:
        json.dump(rounded(raw), handle, indent=1, sort_keys=True)
        handle.write("\n")


def load_event_model(path: str) -> EventModel:
    """Read a model written by :func:`save_event_model`.

    Example:
        >>> model = load_event_model("event_model.json")               # doctest: +SKIP
        >>> sorted(model.scorers)                                       # doctest: +SKIP
        ['event/text', 'event/text+embedding', 'storyline/text', 'storyline/text+embedding']
    """
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    scorers = {}
    for key, value in raw.pop("scorers").items():
        for name in ("features", "means", "scales", "coefficients"):
            value[name] = tuple(value[name])
        scorers[key] = PairModel(**value)
    return EventModel(scorers=scorers, **raw)
