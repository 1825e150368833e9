"""Findings: where one outlet differs from the other outlets covering the same events, and the data carries it.

Each outlet is compared with its **peers**: the articles of other outlets in the events it covered (events
with two or more outlets), so a difference is not just a difference in which stories were covered. A
finding needs at least ``min_articles`` articles on each side (default 2) and 95% intervals that do not
overlap (intervals resample articles, then items within them), and it must still hold without the article that
carries it most, on items from at least two other articles (no finding rests on one or two pieces); a finding on
the share of a speaker group must also hold without the group's most quoted speaker (a group, not one person). Each finding carries its numbers, counts,
intervals and up to three sentences of the outlet behind it (``article_id#sentence_id``), all in the
outlet's own voice where the finding is about its own voice.

Example:
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"]})
    >>> ev = pd.DataFrame({"article_id": ["a", "b", "c"], "event": ["E1", "E1", "E2"]})
    >>> sorted(peers(arts, ev, "X"))
    ['b']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ... import stats

FINDING_COLUMNS = ["lens", "outlet", "subject", "finding", "value", "low", "high", "n_items", "n_articles",
                   "peer_value", "peer_low", "peer_high", "peer_items", "peer_articles", "gap", "evidence"]
MIN_ARTICLES = 2
MIN_ITEMS = 5
MAX_EVIDENCE = 3


def peers(articles: pd.DataFrame, events: pd.DataFrame, outlet: str) -> set[str]:
    """Article ids of other outlets in the events where ``outlet`` has an article."""
    merged = articles[["article_id", "outlet"]].merge(events[["article_id", "event"]], on="article_id")
    covered = set(merged.loc[merged["outlet"] == outlet, "event"])
    return set(merged.loc[merged["event"].isin(covered) & (merged["outlet"] != outlet), "article_id"])


def compared_outlets(articles: pd.DataFrame, events: pd.DataFrame, *, min_articles: int = MIN_ARTICLES) -> dict[str, tuple[set, set]]:
    """Outlet -> (its articles in shared events, its peers' articles), for outlets with enough of both."""
    merged = articles[["article_id", "outlet"]].merge(events[["article_id", "event"]], on="article_id")
    spread = merged.groupby("event")["outlet"].nunique()
    shared = merged[merged["event"].isin(spread[spread >= 2].index)]
    out = {}
    for outlet in sorted(shared["outlet"].unique()):
        own = set(shared.loc[shared["outlet"] == outlet, "article_id"])
        other = peers(articles, events, outlet)
        if len(own) >= min_articles and len(other) >= min_articles:
            out[outlet] = (own, other)
    return out


def _evidence(rows: pd.DataFrame, sentences: pd.DataFrame, *, order: str | None = None, ascending: bool = True) -> str:
    rows = rows.sort_values([order, "article_id", "sentence_id"] if order else ["article_id", "sentence_id"],
                            ascending=[ascending, True, True] if order else True)
    rows = rows.drop_duplicates(["article_id", "sentence_id"])
    # one sentence from each article first, so the evidence shows the spread behind the finding
    rank = rows.groupby("article_id", sort=False).cumcount()
    rows = rows.assign(_rank=rank.to_numpy()).sort_values("_rank", kind="stable").head(MAX_EVIDENCE)
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    return " | ".join(f"{a}#{s}: {text.get((a, s), '')}" for a, s in zip(rows["article_id"], rows["sentence_id"]))


def _row(lens, outlet, subject, text, own, peer, evidence) -> dict:
    return dict(zip(FINDING_COLUMNS, [lens, outlet, subject, text, *own, *peer, abs(own[0] - peer[0]), evidence]))


def tone_findings(mentions: pd.DataFrame, sentences: pd.DataFrame, groups: dict, *, min_items: int = MIN_ITEMS) -> list[dict]:
    """Own-voice tone toward an actor: the outlet against its peers."""
    own_voice = mentions[mentions["voice"] == "own"]
    out = []
    for outlet, (mine, theirs) in groups.items():
        a_all, b_all = own_voice[own_voice["article_id"].isin(mine)], own_voice[own_voice["article_id"].isin(theirs)]
        for actor in sorted(set(a_all["actor"]) & set(b_all["actor"])):
            a, b = a_all[a_all["actor"] == actor], b_all[b_all["actor"] == actor]
            if min(len(a), len(b)) < min_items or min(a["article_id"].nunique(), b["article_id"].nunique()) < MIN_ARTICLES:
                continue
            lo_a, hi_a = stats.bootstrap_ci(a["tone"].to_numpy(np.float64), clusters=a["article_id"].to_numpy())
            lo_b, hi_b = stats.bootstrap_ci(b["tone"].to_numpy(np.float64), clusters=b["article_id"].to_numpy())
            if stats.intervals_overlap(lo_a, hi_a, lo_b, hi_b) or not _holds_without_top_article(a, (lo_b, hi_b)):
                continue
            x, y = float(a["tone"].mean()), float(b["tone"].mean())
            word = "more negatively" if x < y else "more positively"
            text = (f"{outlet} writes about {actor} {word} in its own voice than the other outlets covering the same "
                    f"events: mean tone {x:+.2f} [{lo_a:+.2f}, {hi_a:+.2f}] over {len(a)} mentions in "
                    f"{a['article_id'].nunique()} articles, against {y:+.2f} [{lo_b:+.2f}, {hi_b:+.2f}] over {len(b)} "
                    f"mentions in {b['article_id'].nunique()} articles.")
            out.append(_row("tone", outlet, actor, text, (x, lo_a, hi_a, len(a), a["article_id"].nunique()),
                            (y, lo_b, hi_b, len(b), b["article_id"].nunique()),
                            _evidence(a, sentences, order="tone", ascending=x < y)))
    return out


def _without_top(rows: pd.DataFrame, holder: pd.Series, weight: pd.Series) -> pd.DataFrame:
    """``rows`` without those of the ``holder`` value (an article id, a speaker) with the largest total ``weight``
    (ties: the first value in sorted order; empty values are nobody's and never dropped; values of no weight are
    never the top): what a finding must still hold on, so that none rests on one article or one person.

    Example:
        >>> rows = pd.DataFrame({"article_id": ["a", "b", "b"], "who": ["", "K", "L"]})
        >>> _without_top(rows, rows["who"], pd.Series([5, 1, 1]))["who"].tolist()
        ['', 'L']
    """
    named = holder != ""
    totals = weight[named].groupby(holder[named]).sum()
    totals = totals[totals > 0]
    return rows[holder != totals.idxmax()] if len(totals) else rows


def _holds_without_top_article(a: pd.DataFrame, peer_interval: tuple[float, float], *, min_items: int = MIN_ITEMS) -> bool:
    """Whether the outlet's mean tone, without its article holding the most mentions, still rests on
    ``min_items`` mentions in at least two articles and lies outside the peers' interval on the same side."""
    kept = _without_top(a, a["article_id"], pd.Series(1, index=a.index))
    if len(kept) < min_items or kept["article_id"].nunique() < MIN_ARTICLES:
        return False
    low, high = peer_interval
    return kept["tone"].mean() < low if a["tone"].mean() < low else kept["tone"].mean() > high


def _share(rows: pd.DataFrame, mask: pd.Series) -> tuple[float, float, float, int, int]:
    per_article = pd.DataFrame({"article_id": rows["article_id"], "hit": mask.astype(float)}).groupby("article_id")["hit"]
    hits, totals = per_article.sum().to_numpy(np.float64), per_article.size().to_numpy(np.float64)
    low, high = stats.share_ci(hits, totals)
    return float(hits.sum() / totals.sum()), low, high, len(rows), len(totals)


def _holds_without(rows: pd.DataFrame, hit: pd.Series, drop: pd.Series, other_high: float, *, min_items: int) -> bool:
    """Whether the share of ``hit`` rows, without the rows of the ``drop`` value giving the most hits (an article id,
    a speaker; empty values are nobody's), still rests on ``min_items`` rows, has hits in at least two articles,
    and stays above ``other_high``.

    Example:
        >>> rows = pd.DataFrame({"article_id": ["a", "a", "b", "c", "c"], "who": ["K", "K", "K", "L", "M"]})
        >>> hit = pd.Series([True, True, True, False, False])
        >>> _holds_without(rows, hit, rows["who"], 0.1, min_items=1), _holds_without(rows, hit, rows["article_id"], 0.1, min_items=1)
        (False, False)
    """
    kept = _without_top(rows, drop, hit.astype(int))
    kept_hit = hit[kept.index]
    return (len(kept) >= min_items and kept.loc[kept_hit, "article_id"].nunique() >= MIN_ARTICLES
            and _share(kept, kept_hit)[0] > other_high)


def share_findings(table: pd.DataFrame, sentences: pd.DataFrame, groups: dict, *, lens: str, column: str,
                   within: str | None = None, describe, min_items: int = MIN_ITEMS, skip=("unresolved",),
                   person: str | None = None) -> list[dict]:
    """Shares of ``column`` values (optionally within each ``within`` value): the outlet against its peers.
    ``person`` names a column (the speaker) without whose most frequent value the finding must also hold."""
    out = []
    for outlet, (mine, theirs) in groups.items():
        a_all, b_all = table[table["article_id"].isin(mine)], table[table["article_id"].isin(theirs)]
        for scope in (sorted(set(a_all[within]) & set(b_all[within])) if within else [None]):
            a = a_all if scope is None else a_all[a_all[within] == scope]
            b = b_all if scope is None else b_all[b_all[within] == scope]
            if min(len(a), len(b)) < min_items or min(a["article_id"].nunique(), b["article_id"].nunique()) < MIN_ARTICLES:
                continue
            for value in sorted(set(a[column]) | set(b[column])):
                if value in skip:
                    continue
                own, peer = _share(a, a[column] == value), _share(b, b[column] == value)
                if stats.intervals_overlap(own[1], own[2], peer[1], peer[2]):
                    continue
                # no finding from one or two articles, nor from one speaker: without the article (or the speaker)
                # giving the most hits, the higher side must still hold ``min_items`` items, hits in two articles
                # and a share above the other side's interval
                more, other = (a, peer) if own[0] > peer[0] else (b, own)
                hit = more[column] == value
                if not _holds_without(more, hit, more["article_id"], other[2], min_items=min_items):
                    continue
                if person and not _holds_without(more, hit, more[person].astype(str), other[2], min_items=min_items):
                    continue
                # the outlet's own sentences; when it has fewer, the peers' sentences it has no counterpart for
                behind = a[a[column] == value] if own[0] > peer[0] else b[b[column] == value]
                evidence = _evidence(behind, sentences)
                out.append(_row(lens, outlet, value if scope is None else f"{scope}: {value}",
                                describe(outlet, scope, value, own, peer), own, peer,
                                evidence if own[0] > peer[0] else f"other outlets: {evidence}" if evidence else ""))
    return out


def _pct(share: tuple) -> str:
    return f"{share[0]:.0%} [{share[1]:.0%}, {share[2]:.0%}] of {share[3]}"


def voice_text(outlet, scope, group, own, peer) -> str:
    more = "more" if own[0] > peer[0] else "fewer"
    return (f"{outlet} gives {more} of its attributions to {group} than the other outlets covering the same events: "
            f"{_pct(own)} attributions in {own[4]} articles, against {_pct(peer)} in {peer[4]} articles.")


def label_text(outlet, family, label, own, peer) -> str:
    more = "more often" if own[0] > peer[0] else "less often"
    return (f"In its own voice, {outlet} uses '{label}' {more} than the other outlets covering the same events when it "
            f"names {family}: {_pct(own)} uses in {own[4]} articles, against {_pct(peer)} in {peer[4]} articles.")


def findings(tables, *, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Every finding the data carries, strongest gap first within each lens."""
    articles, sentences = tables["articles"], tables["sentences"]
    groups = compared_outlets(articles, tables["events"], min_articles=min_articles)
    rows = []
    if groups:
        mentions = tables["tone_mentions"]
        if len(mentions):
            from ..actors import with_corpus_names

            mentions = mentions.assign(actor=with_corpus_names(mentions, tables["actor_names"]))
            rows += tone_findings(mentions, sentences, groups)
        speakers = tables["speakers"]
        if len(speakers):
            # "I" is the writer in a column but the interviewee in a transcript: no finding is drawn from it
            rows += share_findings(speakers, sentences, groups, lens="attribution", column="group", describe=voice_text,
                                   skip=("unresolved", "Author (first person)"), person="corpus_speaker")
        uses = tables["label_uses"]
        if len(uses):
            own = uses[(uses["voice"] == "own") & ~uses["mentioned"].astype(bool)]
            rows += share_findings(own, sentences, groups, lens="word choice", column="label", within="family",
                                   describe=label_text)
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    order = {"tone": 0, "attribution": 1, "word choice": 2, "omissions": 3}
    table = table.assign(_l=table["lens"].map(order)).sort_values(["_l", "gap", "outlet", "subject"],
                                                                  ascending=[True, False, True, True])
    return table.drop(columns="_l").reset_index(drop=True)


def comparisons_made(tables, *, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Which outlets could be compared (enough articles in shared events), and why the others could not."""
    articles, events = tables["articles"], tables["events"]
    groups = compared_outlets(articles, events, min_articles=min_articles)
    merged = articles[["article_id", "outlet"]].merge(events[["article_id", "event"]], on="article_id")
    spread = merged.groupby("event")["outlet"].nunique()
    shared = merged[merged["event"].isin(spread[spread >= 2].index)]
    rows = []
    for outlet, n in articles["outlet"].value_counts().sort_index().items():
        in_shared = int((shared["outlet"] == outlet).sum())
        n_peers = len(groups[outlet][1]) if outlet in groups else len(peers(articles, events, outlet))
        status = ("compared" if outlet in groups else
                  "no event shared with another outlet" if in_shared == 0 else
                  f"fewer than {min_articles} articles in shared events" if in_shared < min_articles else
                  f"fewer than {min_articles} peer articles")
        rows.append((outlet, int(n), in_shared, n_peers, status))
    return pd.DataFrame(rows, columns=["outlet", "n_articles", "articles_in_shared_events", "peer_articles", "status"])
