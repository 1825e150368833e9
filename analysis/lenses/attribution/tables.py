"""Attribution tables: who speaks in each outlet's articles, how they are introduced, how many are anonymous.

Shares are per outlet over its listed attributions (speech cues, and belief or intention cues the model
is sure of), with a 95% interval that resamples the outlet's articles (an outlet with one article gets the
interval of that article alone). ``cue_tone`` comes from the reporting-verb table
(``analysis/data/reporting_verbs.csv``: neutral "said", distancing "claimed", confirming "confirmed",
accusing "accused", conceding "admitted"; each row sourced).

Example:
    >>> s = pd.DataFrame({"article_id": ["a", "a", "b"], "group": ["Legislator", "Anonymous", "Legislator"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "X"]})
    >>> share_by_outlet(s, arts, "group")[["outlet", "group", "n", "n_total", "share"]].values.tolist()
    [['X', 'Anonymous', 1, 3, 0.3333333333333333], ['X', 'Legislator', 2, 3, 0.6666666666666666]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ... import stats
from ...annotate.actors.speakers import fill_from_corpus, qualify_by_corpus

SPEAKER_COLUMNS = ["article_id", "sentence_id", "cue", "cue_lemma", "cue_class", "cue_tone", "kind", "speaker",
                   "speaker_name", "corpus_speaker", "role", "role_category", "affiliation", "group", "anonymous",
                   "resolved_by", "content_start", "content_end"]
UNRESOLVED = "unresolved"


def cue_tones(cues: pd.Series, verbs: pd.DataFrame) -> pd.Series:
    """The class of each cue lemma in the reporting-verb table (``neutral`` when the table has no row)."""
    by_lemma = dict(zip(verbs["lemma"].str.lower(), verbs["class"]))
    return cues.fillna("").str.lower().map(by_lemma).fillna("neutral")


def speakers(attributions: pd.DataFrame, names: pd.DataFrame, verbs: pd.DataFrame, *, aliases: dict | None = None) -> pd.DataFrame:
    """The listed attributions with their speakers' corpus names and groups (an actor unresolved in one
    article takes the group it has elsewhere in the corpus; a state group without a country takes the one its
    own words name, given the actor tables' ``aliases``, else the corpus's) and the cue's class."""
    listed = attributions[attributions["listed"].astype(bool)].copy() if len(attributions) else attributions.copy()
    if listed.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    for column in ("speaker_name", "group", "role_category", "resolved_by", "role", "affiliation"):
        listed[column] = listed[column].fillna("").astype(str)
    filled = qualify_by_corpus(fill_from_corpus(listed, names), aliases=aliases)
    filled["corpus_speaker"] = filled["corpus_actor"].fillna("")
    filled["cue_tone"] = cue_tones(filled["cue_lemma"], verbs)
    # anonymous by its words ("senior White House officials", "sources familiar"), whatever body it speaks for
    filled["anonymous"] = filled["role_category"].eq("anonymous") | filled["group"].str.startswith("Anonymous")
    filled["group"] = filled["group"].replace("", UNRESOLVED)
    return filled[SPEAKER_COLUMNS].reset_index(drop=True)


def share_by_outlet(table: pd.DataFrame, articles: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per outlet and value of ``column``: count, the outlet's total, share and an interval over articles."""
    columns = ["outlet", column, "n", "n_total", "n_articles", "share", "share_low", "share_high"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    data = table.assign(outlet=table["article_id"].map(articles.set_index("article_id")["outlet"]))
    rows = []
    for outlet, g in data.groupby("outlet", sort=True):
        per_article = g.groupby(["article_id", column]).size().unstack(fill_value=0)
        totals = per_article.sum(axis=1).to_numpy(dtype=np.float64)
        for value in sorted(per_article.columns):
            counts = per_article[value].to_numpy(dtype=np.float64)
            low, high = stats.share_ci(counts, totals)
            rows.append((outlet, value, int(counts.sum()), int(totals.sum()), len(per_article),
                         float(counts.sum() / totals.sum()), low, high))
    return pd.DataFrame(rows, columns=columns)


def top_speakers(found: pd.DataFrame, articles: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """Each outlet's most quoted named speakers, with their group and counts."""
    columns = ["outlet", "speaker", "group", "n_attributions", "n_articles"]
    named = found[found["corpus_speaker"] != ""]
    if named.empty:
        return pd.DataFrame(columns=columns)
    named = named.assign(outlet=named["article_id"].map(articles.set_index("article_id")["outlet"]))
    grouped = named.groupby(["outlet", "corpus_speaker"]).agg(
        group=("group", lambda s: s.value_counts().sort_index().idxmax()),
        n_attributions=("article_id", "size"), n_articles=("article_id", "nunique")).reset_index()
    grouped = grouped.rename(columns={"corpus_speaker": "speaker"})
    grouped = grouped.sort_values(["outlet", "n_attributions", "speaker"], ascending=[True, False, True])
    return grouped.groupby("outlet").head(top)[columns].reset_index(drop=True)


def resolution_summary(found: pd.DataFrame) -> pd.DataFrame:
    """How many voices have a group, how many are unresolved or anonymous (the measure the lens is read by)."""
    n = len(found)
    rows = [("voices", n, 1.0 if n else np.nan)]
    for label, mask in (("unresolved", found["group"] == UNRESOLVED), ("anonymous", found["anonymous"].astype(bool)),
                        ("named speaker", found["speaker_name"] != "")):
        k = int(mask.sum())
        rows.append((label, k, k / n if n else np.nan))
    return pd.DataFrame(rows, columns=["measure", "n", "share"])
