"""Read the event-grouping dev data: BASIL dev and ECB+ topics 1-35, as the events lens reads articles.

The corpora are not part of the project: they sit at ``../shared/data/basil_dev`` and
``../shared/data/ecbplus_dev`` from the project's root (``EVENTS_DATA_ROOT`` or ``--data`` point elsewhere).
Only dev data is read: ECB+ topics 36-45 and the BASIL events outside ``basil_dev`` are held out and never
touched; a file holding a held-out ECB+ topic is refused.

- BASIL dev (Fan et al., EMNLP 2019): 150 articles on 50 events, three outlets each; gold ``event``.
- ECB+ dev (Cybulska & Vossen, LREC 2014; CC BY 3.0): 772 documents of 33 topics; gold ``subtopic`` (the event:
  ``<topic>ecb`` / ``<topic>ecbplus``, two real happenings of one kind) and ``topic`` (the storyline). No dates,
  no titles; each document is its own outlet.

Example:
    >>> basil, ecb = read_basil_dev(), read_ecbplus_dev()
    >>> len(basil), basil["event"].nunique(), len(ecb), ecb["subtopic"].nunique(), ecb["topic"].nunique()
    (150, 50, 772, 66, 33)
    >>> [len(t) for t in ecb_topic_groups(ecb["topic"])]
    [11, 11, 11]
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths

DATA_ROOT = Path(os.environ.get("EVENTS_DATA_ROOT", paths.PROJECT_DIR.parent / "shared" / "data"))
ARTICLE_COLUMNS = ("article_id", "outlet", "date", "title", "text")
DEV_TOPICS = range(1, 36)  # ECB+ topics 36-45 are the held-out set
ECB_CORPORA = 3  # the 33 dev topics dealt into 3 corpora of 11 topics: about a held-out set's size
CITATIONS = {
    "basil": "BASIL dev (Fan et al., EMNLP 2019)",
    "ecbplus": "ECB+ topics 1-35 (Cybulska & Vossen, LREC 2014; CC BY 3.0)",
}


def _read_jsonl(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: set EVENTS_DATA_ROOT or pass --data (the folder holding "
                                "basil_dev/ and ecbplus_dev/)")
    with open(path, encoding="utf-8") as handle:
        frame = pd.DataFrame([json.loads(line) for line in handle if line.strip()])
    for column in ARTICLE_COLUMNS[1:]:
        frame[column] = frame[column].fillna("").astype(str)
    frame["article_id"] = frame["article_id"].astype(str)
    return frame.drop(columns=[c for c in ("sentences", "url") if c in frame]).reset_index(drop=True)


def read_basil_dev(*, root: Path | str = DATA_ROOT) -> pd.DataFrame:
    """BASIL dev in file order: ``article_id, outlet, date, title, text, event``."""
    return _read_jsonl(Path(root) / "basil_dev" / "articles.jsonl")


def read_ecbplus_dev(*, root: Path | str = DATA_ROOT) -> pd.DataFrame:
    """ECB+ topics 1-35 in file order: ``article_id, outlet, date, title, text, topic, subtopic`` (``topic`` an int).

    Raises:
        ValueError: if the file holds a topic outside 1-35 (held-out data is never read).
    """
    frame = _read_jsonl(Path(root) / "ecbplus_dev" / "articles.jsonl")
    frame["topic"] = frame["topic"].astype(int)
    outside = sorted(set(frame["topic"]) - set(DEV_TOPICS))
    if outside:
        raise ValueError(f"ECB+ dev file holds topics {outside}: only topics 1-35 may be read")
    frame["subtopic"] = frame["subtopic"].astype(str)
    return frame


def ecb_topic_groups(topics, *, n_groups: int = ECB_CORPORA, seed: int = 0) -> list[list[int]]:
    """The ECB+ topics shuffled (``numpy`` generator seeded with ``seed``) and dealt into ``n_groups`` corpora.

    Example:
        >>> ecb_topic_groups([1, 2, 3, 4, 5, 6], n_groups=2, seed=0)
        [[1, 4, 6], [2, 3, 5]]
    """
    perm = np.random.default_rng(seed).permutation(sorted(set(int(t) for t in topics)))
    return [sorted(int(t) for t in perm[k::n_groups]) for k in range(n_groups)]


def ecb_corpora(ecb: pd.DataFrame, *, seed: int = 0, n_groups: int = ECB_CORPORA) -> list[tuple[list[int], pd.DataFrame]]:
    """The ECB+ corpora of one deal: ``(topics, articles in file order)`` for each group of topics."""
    out = []
    for topics in ecb_topic_groups(ecb["topic"], n_groups=n_groups, seed=seed):
        out.append((topics, ecb[ecb["topic"].isin(topics)].reset_index(drop=True)))
    return out
