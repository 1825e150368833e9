"""The sentence-pair scorer of the facts lens: P(two sentences state the same fact), stored as JSON.

A logistic regression over standardised pair features (:func:`~.pairs.pair_features`), learned
from the gold event chains of ECB+ dev (``training/facts.py`` rebuilds ``analysis/models/facts.json``),
with the two cuts chosen on dev: ``cluster_threshold`` (average linkage joins sentences while their
mean probability reaches it) and ``match_threshold`` (an article states a fact when one of its
sentences reaches it against one of the fact's sentences: lower, so an omission is claimed only
when nothing comes close), and ``firm_threshold`` (the lowest cut whose facts were 90% precise on dev: an
omission is claimed only for a fact whose sentences hold together at least this well). The ``article_gate``
scores whether two articles report the same happening; an event's articles are split into happenings where
it falls below ``split_threshold`` (two earthquakes the events lens put in one event are kept apart).

Example:
    >>> m = FactModel(names=("embedding",), means=(0.5,), scales=(0.25,), coefficients=(4.0,), intercept=-1.0)
    >>> m.probability({"embedding": np.array([[0.5, 0.9]])}).round(3).tolist()
    [[0.269, 0.996]]
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class FactModel:
    """Logistic regression over named pair-feature matrices, and the cuts that turn it into facts."""

    names: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    cluster_threshold: float = 0.5
    match_threshold: float = 0.3
    firm_threshold: float = 0.5
    article_gate: dict | None = None
    split_threshold: float = 0.0
    notes: dict = field(default_factory=dict)

    def gate(self, article_features: dict) -> np.ndarray | float:
        """P(two articles report the same happening) from whole-article features (1 without a gate)."""
        if not self.article_gate:
            return 1.0
        g = self.article_gate
        return logistic(article_features, g["names"], g["means"], g["scales"], g["coefficients"], g["intercept"])

    def probability(self, features: dict) -> np.ndarray:
        """P(same fact) for every pair, from a dict of equally shaped feature arrays (float64, rounded to 1e-9)."""
        return logistic(features, self.names, self.means, self.scales, self.coefficients, self.intercept)


def logistic(features: dict, names, means, scales, coefficients, intercept) -> np.ndarray:
    """A standardised logistic regression over named, equally shaped feature arrays (float64, rounded to 1e-9).

    Example:
        >>> logistic({"x": np.array([0.0, 2.0])}, ["x"], [1.0], [1.0], [2.0], 0.0).round(3).tolist()
        [0.119, 0.881]
    """
    missing = [n for n in names if n not in features]
    if missing:
        raise ValueError(f"fact model: pair features lack {missing}")
    z = np.full(np.shape(features[names[0]]), float(intercept))
    for name, mean, scale, coef in zip(names, means, scales, coefficients):
        z = z + coef * (np.asarray(features[name], dtype=np.float64) - mean) / scale
    return np.round(1.0 / (1.0 + np.exp(-z)), 9)


def fit_fact_model(features: dict, labels: np.ndarray, names: tuple[str, ...], *, c: float = 1.0, **cuts) -> FactModel:
    """Fit the L2 logistic regression (lbfgs, deterministic) on labelled pairs given as 1-d feature arrays."""
    from sklearn.linear_model import LogisticRegression

    x = np.column_stack([np.asarray(features[n], dtype=np.float64) for n in names])
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, np.asarray(labels, dtype=int))

    def r(values):
        return tuple(float(f"{v:.10g}") for v in values)

    return FactModel(names=tuple(names), means=r(mean), scales=r(scale), coefficients=r(fitted.coef_[0]),
                     intercept=float(f"{fitted.intercept_[0]:.10g}"), **cuts)


def fit_article_gate(features: dict, labels: np.ndarray, names: tuple[str, ...], *, c: float = 1.0) -> dict:
    """The article gate: a logistic regression over whole-article pair features (same happening or not)."""
    model = fit_fact_model(features, labels, names, c=c)
    return {"names": list(model.names), "means": list(model.means), "scales": list(model.scales),
            "coefficients": list(model.coefficients), "intercept": model.intercept}


def save_fact_model(model: FactModel, path: str | Path) -> None:
    """Write the model as indented, key-sorted JSON (same bytes for the same model)."""
    Path(path).write_text(json.dumps(asdict(model), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_fact_model(path: str | Path) -> FactModel:
    """Read a :class:`FactModel` written by :func:`save_fact_model`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return FactModel(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


__all__ = ["FactModel", "fit_fact_model", "fit_article_gate", "save_fact_model", "load_fact_model"]
