"""Findings: where one outlet differs from the other outlets covering the same events, and the data carries it.

Each outlet is compared with its **peers**: the articles of other outlets in the events it covered (events
with two or more outlets), so a difference is not just a difference in which stories were covered. A
finding needs at least ``min_articles`` articles on each side (default 2) and 95% intervals that do not
overlap (intervals resample articles, then items within them), and it must still hold without the article that
carries it most, on items from at least two other articles (no finding rests on one or two pieces); a finding on
the share of a speaker group must also hold without the group's most quoted speaker (a group, not one person).
Pooling the events can still mislead: an outlet whose articles sit mostly in one event, beside peers whose articles
sit mostly in another, differs by the events' mix. So the difference must also show **event by event**: in at
least two thirds of the shared events where both sides have ``MIN_EVENT_ITEMS`` items, the outlet's value lies on the
finding's side of its peers' in the same event (an event where both sides are equal, as when neither quotes the
group, says nothing of the direction and is not counted). Each finding carries its numbers, counts,
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
                   "peer_value", "peer_low", "peer_high", "peer_items", "peer_articles", "gap", "events_agreeing",
                   "events_compared", "evidence"]
MIN_ARTICLES = 2
MIN_ITEMS = 5
MIN_EVENT_ITEMS = 3
ANONYMOUS, NAMED = "anonymous sources", "sources named or described"
# an article at least this much quoted is printed speech: in the ABP corpora read, every article over 0.8 is a
# transcript, an interview or a statement's text (7 of 480), while news reports heavy with quotes stay under 0.7
PRINTED_SPEECH_SHARE = 0.8
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


def _row(lens, outlet, subject, text, own, peer, by_event, evidence) -> dict:
    return dict(zip(FINDING_COLUMNS, [lens, outlet, subject, text, *own, *peer, abs(own[0] - peer[0]), *by_event, evidence]))


def events_in_direction(a: pd.DataFrame, b: pd.DataFrame, statistic, event_of: pd.Series | None, *, higher: bool,
                        min_items: int = MIN_EVENT_ITEMS) -> tuple[int, int]:
    """(events where the outlet's ``statistic`` of its rows ``a`` lies above its peers' rows ``b``, or below when
    ``higher`` is false; events compared), over the events where both sides have ``min_items`` rows and differ.
    Without ``event_of`` (article id -> event) all rows are one event.

    Example:
        >>> a = pd.DataFrame({"article_id": ["a1"] * 3 + ["a2"] * 3, "x": [1, 1, 1, 0, 0, 1]})
        >>> b = pd.DataFrame({"article_id": ["b1"] * 3 + ["b2"] * 3, "x": [0, 0, 0, 1, 1, 1]})
        >>> ev = pd.Series({"a1": "E1", "b1": "E1", "a2": "E2", "b2": "E2"})
        >>> events_in_direction(a, b, lambda r: r["x"].mean(), ev, higher=True)
        (1, 2)
    """
    if event_of is None:
        event_a, event_b = pd.Series("", index=a.index), pd.Series("", index=b.index)
    else:
        event_a, event_b = a["article_id"].map(event_of), b["article_id"].map(event_of)
    agreeing = compared = 0
    for event in sorted(set(event_a.dropna()) & set(event_b.dropna())):
        x, y = a[event_a == event], b[event_b == event]
        # rounded: two equal shares of different counts (1/3 and 2/6) are equal, not apart by float noise
        gap = round(float(statistic(x) - statistic(y)), 9) if min(len(x), len(y)) >= min_items else 0.0
        if gap:
            compared += 1
            agreeing += bool(gap > 0 if higher else gap < 0)
    return agreeing, compared


def holds_by_event(agreeing: int, compared: int) -> bool:
    """Whether a pooled difference shows in at least two thirds of the events compared (and in one at least).

    Example:
        >>> holds_by_event(2, 3), holds_by_event(1, 2), holds_by_event(1, 1), holds_by_event(0, 0)
        (True, False, True, False)
    """
    return compared > 0 and 3 * agreeing >= 2 * compared


def _by_event_text(by_event: tuple[int, int]) -> str:
    agreeing, compared = by_event
    return (f" It shows in {'the one event' if compared == 1 else f'{agreeing} of the {compared} events'} where the two "
            f"sides differ with at least {MIN_EVENT_ITEMS} items each.")


def tone_findings(mentions: pd.DataFrame, sentences: pd.DataFrame, groups: dict, *, min_items: int = MIN_ITEMS,
                  event_of: pd.Series | None = None) -> list[dict]:
    """Own-voice tone toward an actor: the outlet against its peers (event by event too, given ``event_of``)."""
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
            by_event = events_in_direction(a, b, lambda rows: rows["tone"].mean(), event_of, higher=x > y)
            if not holds_by_event(*by_event):
                continue
            word = "more negatively" if x < y else "more positively"
            text = (f"{outlet} writes about {actor} {word} in its own voice than the other outlets covering the same "
                    f"events: mean tone {x:+.2f} [{lo_a:+.2f}, {hi_a:+.2f}] over {len(a)} mentions in "
                    f"{a['article_id'].nunique()} articles, against {y:+.2f} [{lo_b:+.2f}, {hi_b:+.2f}] over {len(b)} "
                    f"mentions in {b['article_id'].nunique()} articles." + _by_event_text(by_event))
            out.append(_row("tone", outlet, actor, text, (x, lo_a, hi_a, len(a), a["article_id"].nunique()),
                            (y, lo_b, hi_b, len(b), b["article_id"].nunique()), by_event,
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
                   person: str | None = None, event_of: pd.Series | None = None) -> list[dict]:
    """Shares of ``column`` values (optionally within each ``within`` value): the outlet against its peers, pooled
    and, given ``event_of`` (article id -> event), event by event. ``person`` names a column (the speaker) without
    whose most frequent value the finding must also hold."""
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
                by_event = events_in_direction(a, b, lambda rows, v=value: (rows[column] == v).mean(), event_of,
                                               higher=own[0] > peer[0])
                if not holds_by_event(*by_event):
                    continue
                # the outlet's own sentences; when it has fewer, the peers' sentences it has no counterpart for
                behind = a[a[column] == value] if own[0] > peer[0] else b[b[column] == value]
                evidence = _evidence(behind, sentences)
                out.append(_row(lens, outlet, value if scope is None else f"{scope}: {value}",
                                describe(outlet, scope, value, own, peer) + _by_event_text(by_event), own, peer,
                                by_event, evidence if own[0] > peer[0] else f"other outlets: {evidence}" if evidence else ""))
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


def printed_speech(voice: pd.DataFrame, *, share: float = PRINTED_SPEECH_SHARE) -> set[str]:
    """Article ids whose text is at least ``share`` quoted: a transcript, an interview or a statement printed whole
    (the voices in it are its speakers' conversation, not the outlet's choice of sources).

    Example:
        >>> v = pd.DataFrame({"article_id": ["a", "a", "b"], "start": [0, 10, 0], "end": [10, 100, 100],
        ...                   "voice": ["own", "quoted", "own"]})
        >>> printed_speech(v)
        {'a'}
    """
    if voice is None or voice.empty:
        return set()
    length = (voice["end"] - voice["start"]).clip(lower=0)
    quoted = length.where(voice["voice"] == "quoted", 0).groupby(voice["article_id"]).sum()
    total = length.groupby(voice["article_id"]).sum()
    return set(quoted.index[(quoted >= share * total) & (total > 0)])


def comparable(tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles and events findings compare: without articles that are printed speech (:func:`printed_speech`)."""
    spoken = printed_speech(tables["voice"])
    articles, events = tables["articles"], tables["events"]
    return articles[~articles["article_id"].isin(spoken)], events[~events["article_id"].isin(spoken)]


def findings(tables, *, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Every finding the data carries, strongest gap first within each lens."""
    sentences = tables["sentences"]
    articles, events = comparable(tables)
    groups = compared_outlets(articles, events, min_articles=min_articles)
    event_of = events.set_index("article_id")["event"]
    rows = []
    if groups:
        mentions = tables["tone_mentions"]
        if len(mentions):
            from ..actors import with_corpus_names

            mentions = mentions.assign(actor=with_corpus_names(mentions, tables["actor_names"]))
            rows += tone_findings(mentions, sentences, groups, event_of=event_of)
        speakers = tables["speakers"]
        if len(speakers):
            # "I" is the writer in a column but the interviewee in a transcript: no finding is drawn from it
            rows += share_findings(speakers, sentences, groups, lens="attribution", column="group", describe=voice_text,
                                   skip=("unresolved", "Author (first person)"), person="corpus_speaker",
                                   event_of=event_of)
            # how much an outlet leans on sources it does not name, whatever body they speak for
            sourcing = speakers.assign(sourcing=np.where(speakers["anonymous"].astype(bool), ANONYMOUS, NAMED))
            rows += share_findings(sourcing, sentences, groups, lens="attribution", column="sourcing",
                                   describe=voice_text, skip=(NAMED,), event_of=event_of)
        uses = tables["label_uses"]
        if len(uses):
            own = uses[(uses["voice"] == "own") & ~uses["mentioned"].astype(bool)]
            rows += share_findings(own, sentences, groups, lens="word choice", column="label", within="family",
                                   describe=label_text, event_of=event_of)
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    order = {"tone": 0, "attribution": 1, "word choice": 2, "omissions": 3}
    table = table.assign(_l=table["lens"].map(order)).sort_values(["_l", "gap", "outlet", "subject"],
                                                                  ascending=[True, False, True, True])
    return table.drop(columns="_l").reset_index(drop=True)


def comparisons_made(tables, *, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Which outlets could be compared (enough articles in shared events, printed speech left out), and why the others
    could not."""
    articles, events = comparable(tables)
    groups = compared_outlets(articles, events, min_articles=min_articles)
    merged = articles[["article_id", "outlet"]].merge(events[["article_id", "event"]], on="article_id")
    spread = merged.groupby("event")["outlet"].nunique()
    shared = merged[merged["event"].isin(spread[spread >= 2].index)]
    rows = []
    for outlet, n in tables["articles"]["outlet"].value_counts().sort_index().items():
        in_shared = int((shared["outlet"] == outlet).sum())
        n_peers = len(groups[outlet][1]) if outlet in groups else len(peers(articles, events, outlet))
        status = ("compared" if outlet in groups else
                  "only printed speech (transcripts, interviews, statements)" if not (articles["outlet"] == outlet).any() else
                  "no event shared with another outlet" if in_shared == 0 else
                  f"fewer than {min_articles} articles in shared events" if in_shared < min_articles else
                  f"fewer than {min_articles} peer articles")
        rows.append((outlet, int(n), in_shared, n_peers, status))
    return pd.DataFrame(rows, columns=["outlet", "n_articles", "articles_in_shared_events", "peer_articles", "status"])
