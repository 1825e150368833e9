"""Outlet names grouped, and the part of a corpus a user chooses to analyse.

An outlet's news and opinion sections are different voices: they stay apart (``outlet``), and
are grouped (``outlet_group``, ``section``) so a reader can put them side by side. Groups come
from a user-extendable alias table (``analysis/data/outlet_aliases.csv``), then from the names'
own shape ("New York Times - News", "CNN (Web News)", "Fox News Opinion"). An article whose headline
carries its section's label ("OPINION: ...") is an opinion piece (``opinion``) whatever its outlet's name says.

Example:
    >>> outlet_sections(pd.Series(["New York Times - News", "CNN - Editorial", "NPR Online News", "Fox News"]),
    ...     pd.DataFrame(columns=["outlet", "outlet_group", "section", "source"])).values.tolist()
    [['New York Times', 'news'], ['CNN', 'opinion'], ['NPR', 'news'], ['Fox News', '']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

NEWS_WORDS = r"news|online news|web news|wire"
OPINION_WORDS = r"opinion|opinions|editorial|editorials|op-ed|commentary|column"
SECTION_SUFFIX = re.compile(
    rf"^(?P<name>.+?)\s*(?:[-\u2013\u2014:|]\s*|\(\s*)(?P<section>{NEWS_WORDS}|{OPINION_WORDS})\s*\)?\s*$", re.IGNORECASE)
# Without a separator only unambiguous section words count ("NPR Online News"; not the "News" of "Fox News").
BARE_SUFFIX = re.compile(rf"^(?P<name>.+?)\s+(?P<section>online news|web news|{OPINION_WORDS})\s*$", re.IGNORECASE)


# A headline that opens with its section's label ("OPINION: ...", "Editorial: ...", "COLUMN: ..."): 432 of the 10,000
# articles of the ABP scale_10k sample, 11 of them under outlet names that give no section and 2 under "- News" names
# in the Supreme Court corpus alone
OPINION_LABEL = re.compile(rf"^\s*(?:{OPINION_WORDS})\s*[:|\u2013\u2014-]\s", re.IGNORECASE)


def opinion_pieces(headlines: pd.Series, sections: pd.Series) -> pd.Series:
    """Whether each article is an opinion piece: its outlet's section is opinion, or its headline is labelled so.

    Example:
        >>> opinion_pieces(pd.Series(["OPINION: Delay the vote", "Senate delays vote", "Opinion | The court"]),
        ...                pd.Series(["", "news", "news"])).tolist()
        [True, False, True]
    """
    labelled = headlines.fillna("").astype(str).str.match(OPINION_LABEL)
    return (sections.fillna("").astype(str) == "opinion") | labelled


def _section_of(word: str) -> str:
    return "opinion" if re.fullmatch(OPINION_WORDS, word.strip(), re.IGNORECASE) else "news"


def outlet_sections(outlets: pd.Series, aliases: pd.DataFrame) -> pd.DataFrame:
    """``outlet_group`` and ``section`` (news, opinion or "") for each outlet name.

    A row of ``aliases`` (columns ``outlet, outlet_group, section``) wins; otherwise a trailing
    "- News", "(Web News)", "- Opinion", " Editorial" names the section and the rest the group.
    """
    table = {str(r.outlet).strip(): (r.outlet_group, r.section) for r in aliases.itertuples()}
    rows = []
    for name in outlets.fillna("").astype(str):
        key = name.strip()
        if key in table:
            rows.append(table[key])
            continue
        match = SECTION_SUFFIX.match(key) or BARE_SUFFIX.match(key)
        rows.append((match["name"].strip(), _section_of(match["section"])) if match else (key, ""))
    return pd.DataFrame(rows, columns=["outlet_group", "section"], index=outlets.index)


@dataclass(frozen=True)
class Selection:
    """The articles a user asked for: outlets (names or groups), a date range (ISO, inclusive)."""

    outlets: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def describe(self) -> str:
        parts = []
        if self.outlets:
            parts.append("outlets " + ", ".join(self.outlets))
        if self.since or self.until:
            parts.append(f"dates {self.since or '...'} to {self.until or '...'}")
        return "; ".join(parts) or "everything"


def select(articles: pd.DataFrame, sentences: pd.DataFrame, selection: Selection) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The chosen articles and their sentences, and how many were left out.

    Undated articles are left out by a date range (a range cannot say they fall inside it).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "outlet_group": ["X", "Y"],
        ...                      "date": ["2020-01-02", ""]})
        >>> kept, _, dropped = select(arts, pd.DataFrame({"article_id": []}), Selection(since="2020-01-01"))
        >>> kept["article_id"].tolist(), dropped
        (['a'], 1)
    """
    keep = pd.Series(True, index=articles.index)
    if selection.outlets and len(articles):
        wanted = {o.strip().lower() for o in selection.outlets}
        group = articles["outlet_group"] if "outlet_group" in articles else articles["outlet"]
        keep &= articles["outlet"].str.lower().isin(wanted) | group.str.lower().isin(wanted)
    if (selection.since or selection.until) and len(articles):
        dates = articles["date"].fillna("").astype(str)
        keep &= dates.ne("")
        if selection.since:
            keep &= dates >= selection.since
        if selection.until:
            keep &= dates <= selection.until
    kept = articles[keep].reset_index(drop=True)
    kept_sentences = sentences[sentences["article_id"].isin(set(kept["article_id"]))].reset_index(drop=True)
    return kept, kept_sentences, int((~keep).sum())
