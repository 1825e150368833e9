"""The corpus's own share of neutral mentions, and the model's probabilities adjusted to it.

The tone model learned its classes at NewsMTSC's train shares (38% negative, 35% neutral, 27% positive), and
NewsMTSC picked sentences likely to carry sentiment. A real corpus names most actors in plain reports, so the
model's posteriors put too little weight on neutral there. :func:`neutral_share` re-estimates the corpus's
neutral share by expectation-maximisation over its own mentions (the prior-shift correction of Saerens, Latinne
& Decaestecker, Neural Computation 2002, with negative and positive kept at their train ratio), and
:func:`adjust` rescales each mention's probabilities to it. Nothing is tuned: the only input is the corpus.

Measured on real corpora read blind (ABP `scale_10k`): on 53 sampled mentions of the 2013 and 2020 corpora, labels
right went from 26 to 34; on 28 mentions of the coronavirus and 2016 election corpora whose label the correction
changes, a reader labelling blind agreed with the corrected label 21 times and with the model's 5. On NewsMTSC dev, where the neutral share is known, the same correction lowers macro-F1 (0.818 to 0.773
real-world, 0.759 to 0.725 multi-target): the model's own evaluation is reported without it.

Example:
    >>> import numpy as np
    >>> rows = [[0.70, 0.20, 0.10], [0.10, 0.30, 0.60], [0.50, 0.45, 0.05], [0.05, 0.90, 0.05], [0.02, 0.08, 0.90],
    ...         [0.40, 0.35, 0.25]]
    >>> corpus = np.tile(rows, (20, 1))             # 120 mentions
    >>> share = neutral_share(corpus)
    >>> share, corpus[:6].argmax(axis=1).tolist(), adjust(corpus[:6], share).argmax(axis=1).tolist()
    (0.4757, [0, 2, 0, 1, 2, 0], [0, 2, 1, 1, 2, 1])
"""

from __future__ import annotations

import numpy as np

# NewsMTSC train split (Hamborg & Donnay 2021): 3,316 negative, 3,028 neutral, 2,395 positive targets of 8,739
TRAIN_SHARES = np.array([3316, 3028, 2395], dtype=np.float64) / 8739
MIN_MENTIONS = 100  # below this, the corpus's share is too uncertain to estimate: the model's probabilities stand
MAX_ITERATIONS = 200
TOLERANCE = 1e-9


def _priors(neutral: float) -> np.ndarray:
    polar = TRAIN_SHARES[[0, 2]] / TRAIN_SHARES[[0, 2]].sum()
    return np.array([(1 - neutral) * polar[0], neutral, (1 - neutral) * polar[1]])


def adjust(probabilities: np.ndarray, neutral: float) -> np.ndarray:
    """Probabilities (negative, neutral, positive) re-weighted from the train shares to a neutral share of ``neutral``."""
    weighted = np.asarray(probabilities, dtype=np.float64) * (_priors(neutral) / TRAIN_SHARES)
    return weighted / weighted.sum(axis=1, keepdims=True)


def neutral_share(probabilities: np.ndarray) -> float:
    """The corpus's share of neutral mentions by EM; the train share when the corpus has too few mentions."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    neutral = float(TRAIN_SHARES[1])
    if len(probabilities) < MIN_MENTIONS:
        return neutral
    for _ in range(MAX_ITERATIONS):
        updated = float(adjust(probabilities, neutral)[:, 1].mean())
        if abs(updated - neutral) < TOLERANCE:
            neutral = updated
            break
        neutral = updated
    return round(neutral, 4)
