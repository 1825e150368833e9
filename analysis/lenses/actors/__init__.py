"""Actors across the corpus: one name per actor (``actor_names``) and who is named how often (``actor_summary``).

Mentions come from the shared annotation (one article at a time); here the article names are merged into
corpus names ("Trump" and "Donald J. Trump" into "Donald Trump") so the tone and attribution lenses count
one actor once.

Example:
    >>> m = pd.DataFrame({"article_id": ["a", "b"], "actor": ["Donald Trump", "Trump"], "kind": ["person"] * 2,
    ...                   "is_actor": [True, True], "start": [0, 0], "end": [12, 5], "affiliation": ["", ""]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
    >>> actor_summary(m, actor_names(m), arts)[["corpus_actor", "n_mentions", "n_articles", "n_outlets"]].values.tolist()
    [['Donald Trump', 2, 2, 2]]
"""

from __future__ import annotations

import pandas as pd

from ...annotate.actors.mentions import canonical_actors
from ..base import Lens

SUMMARY_COLUMNS = ["corpus_actor", "kind", "affiliation", "n_mentions", "n_articles", "n_outlets"]


def actor_names(mentions: pd.DataFrame) -> pd.DataFrame:
    """``article_id, actor, corpus_actor`` for every actor named in an article."""
    if mentions.empty:
        return pd.DataFrame(columns=["article_id", "actor", "corpus_actor"])
    return canonical_actors(mentions.assign(is_actor=mentions["is_actor"].astype(bool))).reset_index(drop=True)


def with_corpus_names(table: pd.DataFrame, names: pd.DataFrame, *, column: str = "actor") -> pd.Series:
    """The corpus name of each row's ``column`` (the article's own name where none is known)."""
    key = dict(zip(zip(names["article_id"], names["actor"]), names["corpus_actor"]))
    return pd.Series([key.get((a, n), n) for a, n in zip(table["article_id"], table[column])], index=table.index, dtype=object)


def actor_summary(mentions: pd.DataFrame, names: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every corpus actor with its kind, affiliation, mentions, articles and outlets, most named first."""
    actors = mentions[mentions["is_actor"].astype(bool) & (mentions["actor"].fillna("") != "")]
    if actors.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    actors = actors.assign(corpus_actor=with_corpus_names(actors, names),
                           outlet=actors["article_id"].map(articles.set_index("article_id")["outlet"]),
                           affiliation=actors["affiliation"].fillna(""))
    grouped = actors.groupby("corpus_actor").agg(
        kind=("kind", lambda s: s.value_counts().sort_index().idxmax()),
        affiliation=("affiliation", lambda s: s[s != ""].value_counts().sort_index().idxmax() if (s != "").any() else ""),
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique"), n_outlets=("outlet", "nunique"),
    ).reset_index()
    return grouped.sort_values(["n_mentions", "corpus_actor"], ascending=[False, True])[SUMMARY_COLUMNS].reset_index(drop=True)


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    mentions = tables.read("mentions", columns=["article_id", "actor", "kind", "is_actor", "affiliation", "start", "end"])
    names = actor_names(mentions)
    return {"actor_names": names, "actor_summary": actor_summary(mentions, names, tables["articles"])}


LENS = Lens(name="actors", reads=("articles", "mentions"), writes=("actor_names", "actor_summary"), reduce=reduce,
            description="one corpus name per actor, and how often each is named")
