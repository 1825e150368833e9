"""Read PolNeAR (Newell, Margolin & Ruths, LREC 2018) from its brat folders into tables.

The corpus is not part of the project: it sits at ``../shared/data/polnear`` from the project's root
(``POLNEAR_ROOT`` or ``--polnear`` points elsewhere). One annotation file per article, the first in
sorted order, as the shared scorer (``polnear_score.py``) takes it; the .ann text is parsed by
:func:`analysis.lenses.attribution.evaluate.gold_tables`.

Example:
    >>> articles = list_articles("dev")
    >>> len(articles), sorted(articles.columns)
    (84, ['ann', 'name', 'text'])
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.lenses.attribution.evaluate import gold_tables

POLNEAR_ROOT = Path(os.environ.get("POLNEAR_ROOT", paths.PROJECT_DIR.parent / "shared" / "data" / "polnear"))
CITATION = "PolNeAR (Newell, Margolin & Ruths, LREC 2018)"


def list_articles(split: str, *, root: Path | str = POLNEAR_ROOT) -> pd.DataFrame:
    """Articles of a split with an annotation file: ``name``, ``text`` path and ``ann`` path, sorted by name.

    Raises:
        FileNotFoundError: when the split's folder is missing (the corpus is not shipped with the project).
    """
    folder = Path(root) / split
    if not (folder / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR {split} not found at {folder}: set POLNEAR_ROOT or pass --polnear")
    rows = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        name = text_path.name[:-4]
        # the scorer's own rule: the first sorted file whose name starts with the article's name
        anns = sorted((folder / "attributions").glob(name + "*.ann"))
        if anns:
            rows.append({"name": name, "text": str(text_path), "ann": str(anns[0])})
    return pd.DataFrame(rows, columns=["name", "text", "ann"])


def read_text(path: str | Path) -> str:
    """A file's text, read as the shared scorer reads it (UTF-8; PolNeAR has no carriage returns)."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def read_gold(ann_path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attributions, cues) of one annotation file (see :func:`gold_tables`)."""
    return gold_tables(read_text(ann_path))
