"""Read NewsMTSC (Hamborg & Donnay, EACL 2021; MIT, Copyright 2020 Felix Hamborg) from the project's copy.

``data/external/newsmtsc/`` holds the train split and NewsMTSC's own dev splits (``dev_rw`` real-world,
``dev_mt`` multi-target) with their licence. Early stopping and the temperature use a hold-out of train
grouped by story (:func:`story_group`, :func:`holdout_mask`), so no story is on both sides; dev is never
trained on (only the positive logit offset is chosen on it, see ``training/tone.py``).

Example:
    >>> dev = read_split("dev_rw")
    >>> len(dev), dev["label"].value_counts().sort_index().to_dict()
    (343, {'negative': 134, 'neutral': 136, 'positive': 73})
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis import paths
from analysis.lenses.tone.evaluate import mention_table

NEWSMTSC_DIR = paths.NEWSMTSC_TRAIN.parent
SPLITS = ("train", "dev_rw", "dev_mt")
CITATION = ('NewsMTSC, MIT licence, Copyright 2020 Felix Hamborg. Cite: Hamborg & Donnay, "NewsMTSC: A Dataset '
            'for (Multi-)Target-dependent Sentiment Classification in Political News Articles", EACL 2021.')
HOLDOUT_FRACTION = 0.15
HOLDOUT_SALT = "tone-holdout-v1"


def read_split(split: str, *, folder=NEWSMTSC_DIR) -> pd.DataFrame:
    """The mention table (:func:`~analysis.lenses.tone.evaluate.mention_table`) of one split, plus its ``group``."""
    if split not in SPLITS:
        raise ValueError(f"unknown NewsMTSC split {split!r}: one of {SPLITS}")
    with open(f"{folder}/{split}.jsonl", encoding="utf-8") as handle:
        table = mention_table(handle)
    return table.assign(group=[story_group(g) for g in table["primary_gid"]])


def story_group(primary_gid: str) -> str:
    """The story a NewsMTSC sentence comes from: the AllSides event (all outlets' articles on it), else the article.

    Example:
        >>> story_group("allsides_1000_401_25_Reality Leigh Winner_0_6")
        'allsides_event_401'
        >>> story_group("polusa_v1_113704059_-1_35_Northam_148_155")
        'polusa_v1_113704059'
    """
    parts = primary_gid.split("_")
    if parts[0] == "allsides":
        return f"allsides_event_{parts[2]}"
    return "_".join(parts[:3])


def holdout_mask(groups: pd.Series, *, fraction: float = HOLDOUT_FRACTION, salt: str = HOLDOUT_SALT) -> np.ndarray:
    """True for rows whose group is held out: the group's salted SHA-256, read as a number in [0, 1), is below ``fraction``.

    Example:
        >>> holdout_mask(pd.Series(["a", "a", "b"]), fraction=0.0).tolist()
        [False, False, False]
    """
    def draw(group: str) -> float:
        return int(hashlib.sha256(f"{salt}:{group}".encode()).hexdigest()[:12], 16) / float(16 ** 12)

    draws = {g: draw(g) for g in groups.unique()}
    return groups.map(draws).to_numpy() < fraction
