"""Per-outlet summaries of labels: how often each outlet uses each label of a family, by voice.

Example:
    >>> uses = pd.DataFrame({"article_id": ["a", "a", "b"], "family": ["f"] * 3, "label": ["x", "y", "x"],
    ...                      "voice": ["own"] * 3, "mentioned": [False] * 3})
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["A", "B"]})
    >>> label_summary(uses, arts)[["outlet", "label", "n_uses", "share"]].values.tolist()
    [['A', 'x', 1, 0.5], ['A', 'y', 1, 0.5], ['B', 'x', 1, 1.0]]
"""

from __future__ import annotations

import pandas as pd

from ... import stats

SUMMARY_COLUMNS = ["outlet", "family", "label", "voice", "n_uses", "n_articles", "n_family", "share", "share_low", "share_high"]


def first_column(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` with ``column`` moved first."""
    return table[[column] + [c for c in table.columns if c != column]]


def label_summary(uses: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Uses per outlet, family, label and voice (mentions of a word are not uses), with the share
    of the family's uses in that voice and a Wilson interval."""
    if uses.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    used = uses[~uses["mentioned"].astype(bool)].assign(outlet=lambda t: t["article_id"].map(
        articles.set_index("article_id")["outlet"]))
    grouped = used.groupby(["outlet", "family", "label", "voice"]).agg(
        n_uses=("article_id", "size"), n_articles=("article_id", "nunique")).reset_index()
    totals = grouped.groupby(["outlet", "family", "voice"])["n_uses"].transform("sum")
    grouped["n_family"] = totals
    grouped["share"] = grouped["n_uses"] / totals
    bounds = [stats.wilson_ci(int(k), int(n)) for k, n in zip(grouped["n_uses"], totals)]
    grouped["share_low"] = [b[0] for b in bounds]
    grouped["share_high"] = [b[1] for b in bounds]
    return grouped.sort_values(["outlet", "family", "voice", "n_uses", "label"],
                               ascending=[True, True, True, False, True])[SUMMARY_COLUMNS].reset_index(drop=True)


def actor_label_summary(found: pd.DataFrame, articles: pd.DataFrame, *, top: int = 5) -> pd.DataFrame:
    """The ``top`` labels each outlet attaches to each actor in its own voice, with counts."""
    columns = ["outlet", "actor", "label", "n_uses", "n_articles"]
    own = found[found["voice"] == "own"] if len(found) else found
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.assign(outlet=own["article_id"].map(articles.set_index("article_id")["outlet"]),
                     label=own["label"].str.lower().str.strip())
    grouped = own.groupby(["outlet", "actor", "label"]).agg(n_uses=("article_id", "size"),
                                                            n_articles=("article_id", "nunique")).reset_index()
    grouped = grouped.sort_values(["outlet", "actor", "n_uses", "label"], ascending=[True, True, False, True])
    return grouped.groupby(["outlet", "actor"]).head(top)[columns].reset_index(drop=True)
