"""The scorecard (one row per outlet) and the per-event view (each event's outlets side by side).

Example:
    >>> top_counts(pd.Series(["a", "b", "a"]), top=1)
    'a (2)'
"""

from __future__ import annotations

import pandas as pd

from ...style import top_outlets

EVENT_VIEW_COLUMNS = ["event", "label", "outlet", "n_articles", "headline", "tone", "voices", "labels", "facts"]
MAX_EVENTS = 20


def top_counts(values: pd.Series, *, top: int = 3) -> str:
    """The most frequent values with their counts: "a (5); b (2)"."""
    counts = values[values.fillna("") != ""].value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable").head(top)
    return "; ".join(f"{k} ({v})" for k, v in counts.items())


def _tone_cell(rows: pd.DataFrame, actors: list[str]) -> str:
    own = rows[rows["voice"] == "own"]
    parts = []
    for actor in actors:
        part = own[own["actor"] == actor]
        if len(part):
            parts.append(f"{actor} {part['tone'].mean():+.2f} ({len(part)})")
    return "; ".join(parts)


def _labels_cell(uses: pd.DataFrame) -> str:
    own = uses[(uses["voice"] == "own") & ~uses["mentioned"].astype(bool)]
    return "; ".join(f"{family}: {top_counts(part['label'], top=2)}" for family, part in own.groupby("family", sort=True))


def event_view(tables, *, max_events: int = MAX_EVENTS, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each of the largest events covered by two or more outlets, one row per outlet: its articles'
    headline, own-voice tone toward the event's three most named actors, who it quotes, the labels it uses,
    and (when the facts lens ran) the facts it carries and leaves out."""
    from ..actors import with_corpus_names

    articles, events, table = tables["articles"], tables["events"], tables["event_table"]
    big = table[table["n_outlets"] >= 2].sort_values(["n_articles", "event"], ascending=[False, True]).head(max_events)
    mentions = tables["tone_mentions"]
    mentions = mentions.assign(actor=with_corpus_names(mentions, tables["actor_names"])) if len(mentions) else mentions
    speakers, uses = tables["speakers"], tables["label_uses"]
    merged = articles[["article_id", "outlet", "headline"]].merge(events[["article_id", "event"]], on="article_id")
    rows = []
    for event in big["event"]:
        members = merged[merged["event"] == event]
        ids = set(members["article_id"])
        event_mentions = mentions[mentions["article_id"].isin(ids)] if len(mentions) else mentions
        actors = top_counts(event_mentions["actor"], top=3).split("; ") if len(event_mentions) else []
        actors = [a.rsplit(" (", 1)[0] for a in actors if a]
        for outlet, part in members.groupby("outlet", sort=True):
            own_ids = set(part["article_id"])
            fact_cell = ""
            if facts is not None and len(facts):
                mine = facts[(facts["event"] == event) & (facts["outlet"] == outlet)]
                fact_cell = f"carries {int(mine['n_carried'].sum())}, leaves out {int(mine['n_omitted'].sum())}" if len(mine) else ""
            rows.append((event, big.set_index("event").loc[event, "label"], outlet, len(part),
                         str(part["headline"].iloc[0]),
                         _tone_cell(event_mentions[event_mentions["article_id"].isin(own_ids)], actors) if len(event_mentions) else "",
                         top_counts(speakers.loc[speakers["article_id"].isin(own_ids), "group"]) if len(speakers) else "",
                         _labels_cell(uses[uses["article_id"].isin(own_ids)]) if len(uses) else "", fact_cell))
    return pd.DataFrame(rows, columns=EVENT_VIEW_COLUMNS)


def scorecard(tables, *, n_outlets: int = 12) -> pd.DataFrame:
    """One row per outlet (the most prolific ``n_outlets``): its coverage and, per lens, its headline numbers."""
    from ..actors import with_corpus_names

    articles, events = tables["articles"], tables["events"]
    mentions = tables["tone_mentions"]
    mentions = mentions.assign(actor=with_corpus_names(mentions, tables["actor_names"])) if len(mentions) else mentions
    speakers, uses = tables["speakers"], tables["label_uses"]
    merged = articles[["article_id", "outlet", "section"]].merge(events[["article_id", "event"]], on="article_id")
    spread = merged.groupby("event")["outlet"].nunique()
    rows = []
    for outlet in top_outlets(articles, n=n_outlets):
        mine = merged[merged["outlet"] == outlet]
        ids = set(mine["article_id"])
        own = mentions[mentions["article_id"].isin(ids) & (mentions["voice"] == "own")] if len(mentions) else mentions
        said = speakers[speakers["article_id"].isin(ids)] if len(speakers) else speakers
        rows.append({
            "outlet": outlet,
            "articles": len(mine),
            "events": mine["event"].nunique(),
            "events shared with other outlets": int(mine.loc[mine["event"].map(spread).ge(2), "event"].nunique()),
            "most named actors (own-voice tone, mentions)": "; ".join(
                f"{a} {g['tone'].mean():+.2f} ({len(g)})" for a, g in own.groupby("actor") if a in
                [x.rsplit(" (", 1)[0] for x in top_counts(own["actor"]).split("; ") if x]) if len(own) else "",
            "attributions": len(said),
            "most quoted groups": top_counts(said["group"]) if len(said) else "",
            "anonymous share": f"{said['anonymous'].mean():.0%}" if len(said) else "",
            "own-voice labels": _labels_cell(uses[uses["article_id"].isin(ids)]) if len(uses) else "",
        })
    return pd.DataFrame(rows)
