"""A tiny portable linear model over string features: weights and vocabulary as JSON, no pickle.

Example:
    >>> m = LinearModel.fit([["a", "b"], ["b"], ["a"], ["c"]], [1, 0, 1, 0], min_count=1)
    >>> bool(m.score([["a"]])[0] > 0)
    True
"""
from __future__ import annotations

import collections
import json
import math

import numpy as np
import scipy.sparse as sp


class LinearModel:
    """Logistic-regression weights keyed by feature name; unknown features are ignored."""

    def __init__(self, weights: dict[str, float], intercept: float):
        self.weights = weights
        self.intercept = float(intercept)

    @classmethod
    def fit(cls, rows: list[list[str]], labels, *, c: float = 1.0, min_count: int = 2, seed: int = 0,
            class_weight=None) -> "LinearModel":
        """Fit L2 logistic regression (liblinear, seeded) on one-hot string features."""
        from sklearn.linear_model import LogisticRegression

        counts = collections.Counter(f for row in rows for f in set(row))
        names = sorted(f for f, n in counts.items() if n >= min_count)
        index = {f: k for k, f in enumerate(names)}
        x = _matrix(rows, index)
        clf = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=2000,
                                 class_weight=class_weight)
        clf.fit(x, np.asarray(labels))
        coef = clf.coef_[0].astype(np.float64)
        # four decimals and no near-zero weights keep the artifact small; scores move by < 1e-3
        return cls({f: round(float(coef[k]), 4) for f, k in index.items() if abs(coef[k]) >= 5e-4},
                   round(float(clf.intercept_[0]), 4))

    def score(self, rows: list[list[str]]) -> np.ndarray:
        """Log-odds of each row (float64, independent of feature order)."""
        w = self.weights
        # fsum is exactly rounded, so the score does not depend on set order (hash seed)
        return np.array([math.fsum([self.intercept] + [w.get(f, 0.0) for f in set(row)]) for row in rows],
                        dtype=np.float64)

    def to_json(self) -> dict:
        return {"intercept": self.intercept, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, obj: dict) -> "LinearModel":
        return cls(dict(obj["weights"]), obj["intercept"])

    def top(self, n: int = 20) -> list[tuple[str, float]]:
        """The ``n`` features with the largest absolute weights (ties by name)."""
        return sorted(self.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:n]


def _matrix(rows, index):
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({index[f] for f in row if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(rows), len(index)))


def save_models(path: str, models: dict[str, LinearModel], meta: dict) -> None:
    """Write several named models and metadata to one JSON file (sorted keys: same bytes every run)."""
    obj = {"meta": meta, "models": {k: m.to_json() for k, m in models.items()}}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, sort_keys=True, separators=(",", ":"))


def read_models(path: str) -> tuple[dict[str, LinearModel], dict]:
    with open(path, encoding="utf-8") as fh:
        obj = json.load(fh)
    return {k: LinearModel.from_json(v) for k, v in obj["models"].items()}, obj["meta"]
