"""Small-sample statistics used by every lens: seeded bootstrap intervals and caveats.

Five pages cannot carry strong claims, so every comparison reports counts and a
95% interval, and two groups are only called different when their intervals do
not overlap.

Example:
    >>> lo, hi = bootstrap_ci([0.0, 1.0, 1.0, 0.0, 1.0], seed=0)
    >>> 0.0 <= lo <= 0.6 <= hi <= 1.0
    True
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pandas as pd

SEED = 20200103
N_BOOT = 2000
MIN_MENTIONS = 10
MIN_ARTICLES = 3


def bootstrap_ci(
    values: Sequence[float],
    *,
    statistic: Callable[[np.ndarray], float] = np.mean,
    n_boot: int = N_BOOT,
    level: float = 0.95,
    seed: int = SEED,
    clusters: Sequence | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over ``values`` (NaN, NaN when empty).

    The resampling is seeded, so the same values always give the same interval.
    With ``clusters`` (one key per value, e.g. the article of each mention) and at
    least two clusters, the bootstrap has two stages: it resamples clusters, then
    values within each drawn cluster, so the interval carries the variation between
    articles as well as within them (mentions of one story are not independent).
    With one cluster it is the plain bootstrap over values.

    Example:
        >>> one_story = bootstrap_ci([0.0, 1.0, 1.0, 0.0], clusters=["a"] * 4)
        >>> one_story == bootstrap_ci([0.0, 1.0, 1.0, 0.0])
        True
        >>> two_stories = [0.0] * 6 + [1.0] * 6  # that disagree: the interval is wider
        >>> bootstrap_ci(two_stories, clusters=["a"] * 6 + ["b"] * 6), bootstrap_ci(two_stories)
        ((0.0, 1.0), (0.25, 0.75))
    """
    x = np.asarray(values, dtype=float)
    keep = ~np.isnan(x)
    x = x[keep]
    if len(x) == 0:
        return (float("nan"), float("nan"))
    if len(x) == 1:
        return (float(x[0]), float(x[0]))
    rng = np.random.default_rng(seed)
    keys = pd.factorize(pd.Series(np.asarray(clusters, dtype=object)[keep]), sort=True)[0] if clusters is not None else None
    if keys is not None and keys.max() > 0:
        stats = _two_stage_statistics(x, keys, rng, statistic=statistic, n_boot=n_boot)
    else:
        samples = x[rng.integers(0, len(x), size=(n_boot, len(x)))]
        stats = samples.mean(axis=1) if statistic is np.mean else np.apply_along_axis(statistic, 1, samples)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(stats, [alpha, 1 - alpha])
    return (float(lo), float(hi))


def _two_stage_statistics(x: np.ndarray, keys: np.ndarray, rng: np.random.Generator, *, statistic, n_boot: int) -> np.ndarray:
    """``statistic`` of each of ``n_boot`` resamples: clusters (``keys``) drawn with replacement, then values within each.

    Vectorised over resamples, in chunks of a few million drawn values, so memory stays bounded for large groups.
    """
    order = np.argsort(keys, kind="stable")
    x, keys = x[order], keys[order]
    sizes = np.bincount(keys)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    drawn = rng.integers(0, len(sizes), size=(n_boot, len(sizes)))  # the clusters of each resample
    lengths = sizes[drawn]
    totals = lengths.sum(axis=1)  # values in each resample
    stats = np.empty(n_boot)
    chunk = max(1, 4_000_000 // max(int(totals.max()), 1))
    for first in range(0, n_boot, chunk):
        last = min(first + chunk, n_boot)
        counts = lengths[first:last].ravel()
        offsets = np.repeat(starts[drawn[first:last]].ravel(), counts)
        within = np.floor(rng.random(int(counts.sum())) * np.repeat(counts, counts)).astype(np.int64)
        sample = x[offsets + within]
        bounds = np.concatenate(([0], np.cumsum(totals[first:last])[:-1]))
        if statistic is np.mean:
            stats[first:last] = np.add.reduceat(sample, bounds) / totals[first:last]
        else:
            stats[first:last] = [statistic(part) for part in np.split(sample, bounds[1:])]
    return stats


def summarize(
    df: pd.DataFrame,
    by: list[str],
    value: str,
    *,
    seed: int = SEED,
    n_boot: int = N_BOOT,
    cluster: str | None = None,
) -> pd.DataFrame:
    """Per group: ``n``, ``mean``, ``ci_low``, ``ci_high`` of ``value`` (bootstrap 95%).

    With ``cluster`` (a column, e.g. ``article_id``) the interval resamples clusters, then
    rows within them (see :func:`bootstrap_ci`).

    Example:
        >>> d = pd.DataFrame({"outlet": ["A", "A", "B"], "x": [1.0, 0.0, 1.0]})
        >>> summarize(d, ["outlet"], "x")[["outlet", "n", "mean"]].values.tolist()
        [['A', 2, 0.5], ['B', 1, 1.0]]
    """
    rows = []
    for key, group in df.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        vals = group[value].astype(float).to_numpy()
        lo, hi = bootstrap_ci(vals, seed=seed, n_boot=n_boot, clusters=group[cluster].to_numpy() if cluster else None)
        rows.append((*key, len(vals), float(np.nanmean(vals)) if len(vals) else float("nan"), lo, hi))
    return pd.DataFrame(rows, columns=[*by, "n", "mean", "ci_low", "ci_high"])


def wilson_ci(successes: int, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (NaN, NaN when ``n`` is 0).

    Example:
        >>> [round(v, 3) for v in wilson_ci(3, 10)]
        [0.108, 0.603]
    """
    if n <= 0:
        return (float("nan"), float("nan"))
    from scipy.stats import norm

    z = float(norm.ppf(1 - (1 - level) / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def intervals_overlap(a_low: float, a_high: float, b_low: float, b_high: float) -> bool:
    """True when two intervals overlap (then no difference is claimed)."""
    return not (a_high < b_low or b_high < a_low)


def caveat(n_items: int, n_articles: int, *, what: str = "mentions") -> str:
    """A plain-words warning when a group is too small to compare, else ''.

    Example:
        >>> caveat(4, 1)
        'only 1 article and 4 mentions: too few to compare'
    """
    problems = []
    if n_articles < MIN_ARTICLES:
        problems.append(f"only {n_articles} article{'s' if n_articles != 1 else ''}")
    if n_items < MIN_MENTIONS:
        problems.append(f"{n_items} {what}")
    if not problems:
        return ""
    return " and ".join(problems) + ": too few to compare"


def ratio_ci(numerators, denominators, *, scale: float = 1.0, n_boot: int = N_BOOT, level: float = 0.95,
             seed: int = SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of ``scale * sum(numerators) / sum(denominators)`` resampling units.

    Each unit (an article) keeps its numerator with its denominator, so a rate per 1,000 words carries
    the variation between articles. One unit gives its own rate twice.

    Example:
        >>> ratio_ci([1, 3], [100, 100], scale=1000.0)
        (10.0, 30.0)
    """
    n = np.asarray(numerators, dtype=np.float64)
    d = np.asarray(denominators, dtype=np.float64)
    if len(n) == 0 or d.sum() <= 0:
        return (float("nan"), float("nan"))
    if len(n) == 1:
        value = float(scale * n[0] / d[0])
        return (value, value)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(n), size=(n_boot, len(n)))
    num, den = n[picks].sum(axis=1), d[picks].sum(axis=1)
    rates = scale * num[den > 0] / den[den > 0]
    alpha = (1 - level) / 2
    return (float(np.quantile(rates, alpha)), float(np.quantile(rates, 1 - alpha)))


def share_ci(successes, totals, *, level: float = 0.95, seed: int = SEED) -> tuple[float, float]:
    """Interval of a share pooled over units (articles): the article bootstrap (:func:`ratio_ci`) widened to
    cover the Wilson interval of the pooled counts, so a share observed as 0% or 100% in few articles keeps
    the uncertainty its item count leaves (a bootstrap of all zeros is [0, 0]).

    Example:
        >>> [round(v, 3) for v in share_ci([0, 0], [5, 7])]
        [0.0, 0.242]
    """
    boot_low, boot_high = ratio_ci(successes, totals, level=level, seed=seed)
    k, n = int(np.sum(successes)), int(np.sum(totals))
    if n <= 0:
        return (float("nan"), float("nan"))
    wilson_low, wilson_high = wilson_ci(k, n, level=level)
    return (float(min(boot_low, wilson_low)), float(max(boot_high, wilson_high)))
