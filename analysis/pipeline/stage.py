"""The per-article stage: parse, annotate and run every lens's per-article step on a batch.

A :class:`Batch` is a fixed slice of the corpus (articles in the corpus table's order, a fixed number
per batch), so its results do not depend on how many processes run or where: the same corpus
gives the same bytes with ``--jobs 1``, ``--jobs 4`` or a Dask cluster.

Example:
    >>> from analysis import paths
    >>> from analysis.corpus import build_corpus
    >>> corpus = build_corpus(paths.RAW_DIR)
    >>> [len(b.articles) for b in make_batches(corpus.articles, corpus.sentences, size=4)]
    [4, 2]
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ..annotate import annotate_articles, annotation_tables
from ..lenses.base import Lens

BATCH_SIZE = 16


@dataclass(frozen=True)
class Batch:
    """Batch number ``number``: some articles and their sentences."""

    number: int
    articles: pd.DataFrame
    sentences: pd.DataFrame

    @property
    def n_words(self) -> int:
        return int(self.articles["text"].fillna("").str.split().str.len().sum())


def make_batches(articles: pd.DataFrame, sentences: pd.DataFrame, *, size: int = BATCH_SIZE) -> Iterator[Batch]:
    """Consecutive batches of ``size`` articles in the corpus order, each with its sentences."""
    ordered = articles.reset_index(drop=True)
    grouped = dict(tuple(sentences.groupby("article_id", sort=False))) if len(sentences) else {}
    empty = sentences.iloc[0:0]
    for number, start in enumerate(range(0, len(ordered), size)):
        part = ordered.iloc[start:start + size].reset_index(drop=True)
        own = [grouped.get(a, empty) for a in part["article_id"]]
        yield Batch(number, part, pd.concat(own, ignore_index=True) if own else empty)


def release_free_memory() -> bool:
    """Hand freed memory back to the system; ``True`` if the C library did.

    glibc keeps freed heap pages for reuse, and the parse's and the models' scratch arrays leave them too
    fragmented to reuse: without this, each step of a batch leaves 100-350 MB behind (16 real articles), and a
    worker's memory grows with every batch instead of staying flat. It takes well under a millisecond (a full
    ``gc.collect()`` would take a quarter of a second with the models loaded, and finds little: the scratch is
    freed as soon as it goes out of use). Elsewhere (no glibc) it does nothing.

    Example:
        >>> release_free_memory() in (True, False)
        True
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process already runs on
    except (OSError, AttributeError, TypeError):  # no malloc_trim (macOS), no CDLL(None) (Windows)
        return False
    return bool(trim(0))


def run_batch(batch: Batch, resources, lenses: list[Lens]) -> dict[str, pd.DataFrame]:
    """Annotation tables and every lens's per-article tables for one batch."""
    annotated = annotate_articles(batch.articles, batch.sentences, resources)
    tables = annotation_tables(annotated)
    for lens in lenses:
        if lens.per_article is None:
            continue
        release_free_memory()  # the scratch memory of the step before: the next one's peak does not add to it
        produced = lens.per_article(annotated, resources)
        missing = set(lens.article_tables) - set(produced)
        if missing:
            raise ValueError(f"lens {lens.name!r} per_article did not return {sorted(missing)}")
        tables.update({name: produced[name] for name in lens.article_tables})
    return tables
