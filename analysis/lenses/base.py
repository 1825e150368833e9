"""The lens contract and the registry that orders lenses by what they need.

A lens is a :class:`Lens` value: its name, the tables it reads, the tables it writes, and up
to three functions:

* ``per_article(article, resources) -> {table: DataFrame}``: work that depends on one article
  only (its :class:`~analysis.annotate.ArticleAnnotations` and the rule tables). The pipeline runs
  it in parallel batches, locally or on a Dask cluster; its tables are named in ``article_tables``.
* ``reduce(tables, resources) -> {table: DataFrame}``: work across articles, reading only the
  tables it declared in ``reads`` from ``tables`` (a :class:`~analysis.pipeline.tables.Tables`).
* ``figures(tables, figures_dir) -> [Path]``: the lens's figures, drawn from its tables.

Nothing loads a lens by name: a :class:`Registry` holds lens values and orders them so that each
runs after the lenses whose tables it reads.

Example:
    >>> import pandas as pd
    >>> counts = Lens(name="counts", reads=("articles",), writes=("article_counts",),
    ...               reduce=lambda tables, resources: {"article_counts": tables["articles"].groupby("outlet").size().reset_index(name="n")})
    >>> share = Lens(name="share", reads=("article_counts",), writes=("article_share",),
    ...              reduce=lambda tables, resources: {"article_share": tables["article_counts"].assign(share=lambda t: t["n"] / t["n"].sum())})
    >>> [lens.name for lens in Registry([share, counts]).ordered()]
    ['counts', 'share']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# Tables that exist before any lens runs: the corpus and the shared per-article annotations.
CORPUS_TABLES = ("articles", "sentences", "removed_lines", "build_log")
ANNOTATION_TABLES = ("quotes", "attributions", "voice", "mentions")

PerArticle = Callable[..., Mapping[str, pd.DataFrame]]
Reduce = Callable[..., Mapping[str, pd.DataFrame]]
Figures = Callable[..., list[Path]]


@dataclass(frozen=True)
class Lens:
    """One lens: what it needs, what it writes, and the functions that build it.

    Attributes:
        name: a short name used in messages and the benchmark.
        reads: tables the lens's ``reduce`` and ``figures`` read (corpus, annotations, other lenses').
        writes: tables ``reduce`` returns (written as ``NAME.csv``).
        article_tables: tables ``per_article`` returns (written in parts, read by ``reduce``).
        internal: those of ``article_tables`` that stay in parts for the reductions (working data such as
            sentence vectors) and are never written as ``NAME.csv``.
        models: models it asks :class:`~analysis.resources.Resources` for (for the benchmark and docs).
        rules: rule tables it reads (``analysis/data/NAME.csv`` or a user's own).
        per_article, reduce, figures: see the module docstring; any may be ``None``.
        description: one line for ``docs`` and the CLI.
    """

    name: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    article_tables: tuple[str, ...] = ()
    internal: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    per_article: PerArticle | None = None
    reduce: Reduce | None = None
    figures: Figures | None = None
    description: str = ""

    def produces(self) -> tuple[str, ...]:
        """Every table this lens makes: per-article tables first, then reductions."""
        return self.article_tables + self.writes


@dataclass(frozen=True)
class Registry:
    """An ordered set of lenses; :meth:`ordered` puts each after the lenses it reads from.

    Raises ``ValueError`` naming the lens when a table is produced twice, when a lens reads a
    table nobody produces, or when lenses read each other in a cycle.
    """

    lenses: tuple[Lens, ...] = field(default_factory=tuple)

    def __init__(self, lenses: Iterable[Lens] = ()):
        object.__setattr__(self, "lenses", tuple(lenses))
        self._check()

    def _check(self) -> None:
        made: dict[str, str] = {t: "corpus" for t in CORPUS_TABLES + ANNOTATION_TABLES}
        names = [lens.name for lens in self.lenses]
        if len(set(names)) != len(names):
            raise ValueError(f"two lenses share a name: {sorted(n for n in names if names.count(n) > 1)}")
        for lens in self.lenses:
            for table in lens.produces():
                if table in made:
                    raise ValueError(f"lens {lens.name!r} writes {table!r}, already made by {made[table]!r}")
                made[table] = lens.name
        for lens in self.lenses:
            unknown = [t for t in lens.reads if t not in made]
            if unknown:
                raise ValueError(f"lens {lens.name!r} reads {unknown}, which no lens writes; "
                                 f"register the lens that makes them")

    def with_lens(self, lens: Lens) -> "Registry":
        """A new registry with ``lens`` added (the way to plug in a lens of your own)."""
        return Registry(self.lenses + (lens,))

    def without(self, *names: str) -> "Registry":
        """A new registry without the named lenses (and without any lens that reads their tables)."""
        dropped = {lens.name for lens in self.lenses if lens.name in names}
        keep = list(self.lenses)
        while True:
            gone = {t for lens in self.lenses if lens.name in dropped for t in lens.produces()}
            readers = {lens.name for lens in keep if set(lens.reads) & gone}
            if not readers - dropped:
                break
            dropped |= readers
        return Registry(lens for lens in keep if lens.name not in dropped)

    def producer(self, table: str) -> Lens | None:
        """The lens that makes ``table`` (``None`` for corpus and annotation tables)."""
        return next((lens for lens in self.lenses if table in lens.produces()), None)

    def ordered(self) -> list[Lens]:
        """The lenses in an order where every lens comes after the ones it reads; ties keep registration order."""
        done: set[str] = set()
        order: list[Lens] = []
        pending = list(self.lenses)
        while pending:
            ready = [lens for lens in pending if all(self._ready(t, done | {lens.name}) for t in lens.reads)]
            if not ready:
                raise ValueError(f"lenses read each other in a cycle: {[lens.name for lens in pending]}")
            lens = ready[0]
            order.append(lens)
            done.add(lens.name)
            pending.remove(lens)
        return order

    def _ready(self, table: str, done: set[str]) -> bool:
        lens = self.producer(table)
        return lens is None or lens.name in done

    def article_lenses(self) -> list[Lens]:
        """Lenses with per-article work, in order."""
        return [lens for lens in self.ordered() if lens.per_article is not None]

    def tables(self) -> list[str]:
        """Every table the registry's lenses write as ``NAME.csv``, in build order (internal tables left out)."""
        return [t for lens in self.ordered() for t in lens.produces() if t not in lens.internal]
