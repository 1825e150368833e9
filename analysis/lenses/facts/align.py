"""Facts within each event: align sentences that state the same thing, then find omissions and unique claims.

For each event with two or more outlets, the sentences that can state a fact (status ``fact``) are
scored pairwise by the learned :class:`~.model.FactModel` and grouped by average linkage at its
``cluster_threshold``; a fact is one group. Omissions and unique claims are then judged within the
same event against every embedded sentence of the article (any status but caption, link or boilerplate).

Example:
    >>> options = FactOptions(min_other_outlets=2)
    >>> options.central_share
    0.3
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .pairs import article_pair_features, pair_features
from .sentences import COMPLETE_SENTENCE, joined, names_something, told_as_background

SAME_ARTICLE = -0.3
# MiniLM cosines from which a sentence is taken to state a fact in other words, chosen on ECB+ dev
# (analysis/models/facts_stated_eval.csv, out of fold): for omissions the highest cosine at which "omitted"
# is 80% precise (0.6: P 0.85, R 0.11); for unique claims a lower one, since a claim made elsewhere must not
# be called unique (at 0.6, 5.6% of statements another document also makes are missed; at 0.5, 1.3%)
MATCH_COSINE = 0.6
UNIQUE_COSINE = 0.5
# ... and from which a sentence of an earlier article is the same statement, so the fact is background rather
# than news of the happening (the lowest cosine at which two sentences of one ECB+ topic are the same event
# statement 80% of the time: 0.75, P 0.84; at 0.6 only 0.70, too loose for sentences on the same subject)
BACKGROUND_COSINE = 0.75
# ... and from which a sentence naming the same person or organisation (not one the whole event names) makes a
# claim in other words, so the claim is not unique: on ECB+ dev, two documents' sentences of one topic that name
# the same person or organisation are the same statement 71% of the time from cosine 0.4 (P 0.707), as often as
# any two sentences at 0.6 (P 0.702). (For omissions the same test was measured and left out: "omitted" P 0.831,
# R 0.058, against 0.846 and 0.108 for the cosine of 0.6 alone.)
SHARED_NAME_COSINE = 0.4
# ... and from which two sentences of two articles that are each other's closest in the other's article are one
# statement: on ECB+ dev such mutual pairs from 0.45 are the same statement as often (P 0.644) as any sentence and
# its closest at UNIQUE_COSINE (0.641); a unique claim must pass both (facts_stated_eval.csv)
MUTUAL_COSINE = 0.45
VERBATIM_WORDS = 6  # a run of this many words printed by another outlet makes a claim not unique (a shared quote)
PARAPHRASE_COSINE = 0.85  # MiniLM cosine from which two sentences are taken to be the same statement
SEARCHED_STATUSES = ("fact", "question", "fragment", "opinion", "generic")
FACT_COLUMNS = ["fact_id", "article_id", "sentence_id", "event", "happening", "outlet", "n_articles", "n_outlets",
                "probability", "cohesion", "firm_fact", "firm_outlets"]
OMISSION_COLUMNS = ["event", "happening", "article_id", "outlet", "date", "fact_id", "n_carrying_outlets", "carried_by",
                    "carrier_wording", "nearest_sentence_id", "nearest_text", "nearest_similarity"]
UNIQUE_COLUMNS = ["event", "happening", "article_id", "outlet", "sentence_id", "last_sentence_id", "fact_id", "voice", "text",
                  "nearest_other_similarity", "n_event_outlets"]


@dataclass(frozen=True)
class FactOptions:
    """Settings of the facts lens (defaults are the documented ones; a user may change them).

    Attributes:
        min_other_outlets: an article omits a fact only when at least this many other outlets carry it.
        central_share: ... and when at least this share of the event's outlets carry it (central, not background).
        min_event_outlets: unique claims and omissions are looked for in events with at least this many outlets.
        per_article: at most this many sentences of an article are embedded (its first ones).
        max_event_sentences: an event's sentences are capped at this (the per-article cap shrinks to fit).
        unique_per_article: at most this many unique claims are listed per article (its earliest).
        lead_sentences: a fact is central when at least half of its sentences sit among the first this many
            sentences of their articles (news puts the happening first).
        news_window_days: an article omits a fact only when dated at most this many days after the fact's first
            report (on BASIL dev, 149 of 150 articles of an event are dated within 2 days of its first one;
            a later article covers the aftermath, where the fact is old news).
    """

    min_other_outlets: int = 2
    central_share: float = 0.3
    min_event_outlets: int = 3
    per_article: int = 60
    max_event_sentences: int = 3000
    unique_per_article: int = 3
    lead_sentences: int = 10
    news_window_days: int = 2


@dataclass(frozen=True)
class CorpusContext:
    """Every embedded sentence of the corpus (all events), by date, to tell news from background (a statement an
    article dated earlier already made is not news of this happening) and a unique claim from one made in another
    event's articles. Build it with :meth:`of`; it holds the corpus's vectors by reference and reads them one day at
    a time (no copy of the whole corpus)."""

    vectors: np.ndarray
    days: tuple[str, ...]
    rows_of_day: tuple[np.ndarray, ...]
    outlets: np.ndarray
    names: tuple[frozenset, ...] = ()

    @classmethod
    def of(cls, vectors: np.ndarray, dates, outlets, names=None) -> "CorpusContext":
        """The context of the corpus's sentences (``dates`` ISO strings; "" for undated, left out; ``names`` the
        persons and organisations each sentence names, and its salient numbers, optional).

        Example:
            >>> c = CorpusContext.of(np.eye(3), ["2018-09-18", "", "2018-09-16"], ["A", "B", "C"])
            >>> c.days, [r.tolist() for r in c.rows_of_day]
            (('2018-09-16', '2018-09-18'), [[2], [0]])
        """
        dates = np.asarray(dates, dtype=str)
        days = tuple(sorted(set(dates.tolist()) - {""}))
        names = tuple(frozenset(n) for n in names) if names is not None else tuple(frozenset() for _ in dates)
        return cls(vectors, days, tuple(np.flatnonzero(dates == d) for d in days), np.asarray(outlets, dtype=str), names)

    def stated_before(self, vectors: np.ndarray, date: str, threshold: float, *, not_by: str | None = None) -> bool:
        """Whether an article dated before ``date`` (of another outlet than ``not_by``) has a sentence within
        ``threshold`` cosine of any of ``vectors`` (the latest days are searched first).

        Example:
            >>> c = CorpusContext.of(np.array([[1.0, 0.0]]), ["2018-09-16"], ["AP"])
            >>> c.stated_before(np.array([[1.0, 0.0]]), "2018-09-18", 0.6), c.stated_before(np.array([[1.0, 0.0]]), "2018-09-16", 0.6)
            (True, False)
        """
        if not date:
            return False
        for day in range(bisect.bisect_left(self.days, date) - 1, -1, -1):
            rows = self.rows_of_day[day]
            if not_by is not None:
                rows = rows[self.outlets[rows] != not_by]
            if len(rows) and (vectors @ self.vectors[rows].T).max() >= threshold:
                return True
        return False

    def said_near(self, vector: np.ndarray, date: str, window_days: int | None, *, not_by: str,
                  anchors: frozenset = frozenset(), cosine: float = UNIQUE_COSINE,
                  name_cosine: float = SHARED_NAME_COSINE) -> bool:
        """Whether another outlet's sentence dated within ``window_days`` of ``date`` (any event; the whole corpus
        when ``window_days`` is None or the date is unknown) says the same: a cosine of ``cosine`` or more, or of
        ``name_cosine`` or more while naming one of ``anchors``.

        Example:
            >>> c = CorpusContext.of(np.array([[0.6, 0.8], [1.0, 0.0]]), ["2018-09-16", "2018-09-17"], ["AP", "NPR"],
            ...                      names=[{"persons:hatch"}, set()])
            >>> v = np.array([0.0, 1.0])
            >>> c.said_near(v, "2018-09-17", 2, not_by="Fox"), c.said_near(v, "2018-09-17", 2, not_by="Fox", anchors={"persons:hatch"})
            (True, True)
            >>> c.said_near(v, "2018-09-17", 2, not_by="AP"), c.said_near(v, "2018-09-30", 2, not_by="Fox")
            (False, False)
        """
        if date and window_days is not None:
            lo = bisect.bisect_left(self.days, shift_date(date, -window_days))
            hi = bisect.bisect_right(self.days, shift_date(date, window_days))
            parts = self.rows_of_day[lo:hi]
            rows = np.concatenate(parts) if parts else np.zeros(0, dtype=int)
        else:
            rows = np.arange(len(self.vectors))
        rows = rows[self.outlets[rows] != not_by]
        if not len(rows):
            return False
        near = self.vectors[rows] @ vector
        if near.max() >= cosine:
            return True
        if anchors and self.names:
            return any(self.names[r] & anchors for r in rows[near >= name_cosine])
        return False


def shift_date(date: str, days: int) -> str:
    """The ISO date ``days`` after ``date`` ("" when ``date`` is not a date).

    Example:
        >>> shift_date("2018-09-30", 2), shift_date("2018-09-30", -2)
        ('2018-10-02', '2018-09-28')
    """
    try:
        return (pd.Timestamp(date) + pd.Timedelta(days=days)).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return ""


def days_between(first: str, later: str) -> int:
    """Whole days from ``first`` to ``later`` (ISO dates).

    Example:
        >>> days_between("2018-09-12", "2018-09-29")
        17
    """
    try:
        return (pd.Timestamp(later) - pd.Timestamp(first)).days
    except (ValueError, TypeError):  # a date the corpus reader could not normalise: no window applies
        return 0


def event_sentences(fact_sentences: pd.DataFrame, events: pd.DataFrame, articles: pd.DataFrame,
                    options: FactOptions) -> pd.DataFrame:
    """The sentences to embed: those of events with two or more outlets, capped per article and per event.

    Returns the fact-sentence rows with ``event``, ``outlet`` and ``date``, sorted by event, article and sentence.
    """
    columns = ["article_id", "outlet", "date"] + [c for c in ("section", "opinion") if c in articles]
    meta = events[["article_id", "event"]].merge(articles[columns], on="article_id")
    n_outlets = meta.groupby("event")["outlet"].nunique()
    meta = meta[meta["event"].map(n_outlets) >= 2]
    rows = fact_sentences[fact_sentences["status"].isin(SEARCHED_STATUSES)].merge(meta, on="article_id")
    rows = rows.sort_values(["event", "article_id", "sentence_id"], kind="mergesort").reset_index(drop=True)
    n_articles = rows.groupby("event")["article_id"].transform("nunique")
    cap = np.minimum(options.per_article, np.maximum(8, options.max_event_sentences // n_articles))
    rank = rows.groupby("article_id").cumcount()
    rows = rows[rank < cap].reset_index(drop=True)
    rows["date"] = rows["date"].fillna("").astype(str)
    rows["section"] = rows["section"].fillna("").astype(str) if "section" in rows else ""
    # an article labelled opinion by its headline ("OPINION: ...", the corpus's ``opinion``) or closed by a
    # columnist's bio or a commentary disclaimer is an opinion piece, whatever its outlet
    signed = set(fact_sentences.loc[fact_sentences["status"] == "signature", "article_id"])
    labelled = rows.pop("opinion").astype(str).str.lower().isin(("true", "1")) if "opinion" in rows else False
    rows.loc[rows["article_id"].isin(signed) | labelled, "section"] = "opinion"
    rows["position"] = rows.groupby("article_id").cumcount()
    return rows


def cluster(probability: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage groups of a symmetric probability matrix, cut where mean probability falls below ``threshold``.

    Example:
        >>> p = np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]])
        >>> cluster(p, 0.5).tolist()
        [0, 0, 1]
    """
    n = len(probability)
    if n < 2:
        return np.zeros(n, dtype=int)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - np.round((probability + probability.T) / 2.0, 9)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"), t=1.0 - threshold,
                      criterion="distance")
    _, first = np.unique(labels, return_index=True)
    order = {label: rank for rank, label in enumerate(labels[np.sort(first)])}
    return np.array([order[label] for label in labels], dtype=int)


def event_probability(rows: pd.DataFrame, vectors: np.ndarray, tfidf, model, *, positions: bool = True) -> np.ndarray:
    """The same-fact probability of every pair of an event's sentences (see :func:`pair_probabilities`)."""
    features, gate = event_features(rows, vectors, tfidf, model)
    return pair_probabilities(features, gate, rows, model, positions=positions)


def event_features(rows: pd.DataFrame, vectors: np.ndarray, tfidf, model) -> tuple[dict, np.ndarray | None]:
    """The pair features of every two sentences of ``rows`` and the article gate between their articles
    (``None`` for a model without one), computed once for every probability drawn from them."""
    index = np.arange(len(rows))
    features = pair_features(rows, rows, vectors, vectors, tfidf, left_rows=index, right_rows=index)
    gate = model.gate(article_pair_features(rows, vectors, tfidf)) if model.article_gate else None
    return features, gate


def pair_probabilities(features: dict, gate, rows: pd.DataFrame, model, *, positions: bool = True) -> np.ndarray:
    """The same-fact probability of every pair (times the article gate, the probability that the two articles
    report the same happening); ``SAME_ARTICLE`` within one article, so that average linkage keeps a fact to
    about one sentence per article (an article states a fact once; its repetitions would otherwise pull
    unrelated facts together). ``positions=False`` scores each pair with its position terms at their training
    mean (whether two sentences say the same thing, wherever they stand)."""
    if not positions:
        features = {**features, **{name: np.full(features[name].shape, mean)
                                   for name, mean in zip(model.names, model.means) if name.endswith("_position")}}
    probability = model.probability(features)
    if gate is not None:
        probability = np.round(probability * gate, 9)
    article = rows["article_id"].to_numpy()
    probability[article[:, None] == article[None, :]] = SAME_ARTICLE
    return probability


def happenings(rows: pd.DataFrame, vectors: np.ndarray, tfidf, model) -> np.ndarray:
    """For each row of one event, which happening its article reports: the event's articles grouped by average
    linkage on the model's article gate, cut at ``split_threshold`` (all 0 without a gate)."""
    codes, _ = pd.factorize(rows["article_id"].reset_index(drop=True))
    if not model.article_gate or model.split_threshold <= 0 or codes.max(initial=0) == 0:
        return np.zeros(len(rows), dtype=int)
    gate = model.gate(article_pair_features(rows, vectors, tfidf))
    first = rows.reset_index(drop=True).drop_duplicates("article_id").index.to_numpy()
    return cluster(gate[np.ix_(first, first)], model.split_threshold)[codes]


def event_facts(rows: pd.DataFrame, vectors: np.ndarray, tfidf, model, options: FactOptions, *, unit: str = "",
                context: CorpusContext | None = None):
    """Facts, omissions and unique claims of one happening (``rows`` from :func:`event_sentences`, one event or
    one happening of it, named ``unit``); ``context`` holds the corpus's other sentences, to leave out what an
    earlier article already stated."""
    rows = rows.assign(happening=unit or str(rows["event"].iloc[0]))
    features, gate = event_features(rows, vectors, tfidf, model)
    probability = pair_probabilities(features, gate, rows, model)
    alignable = (rows["status"] == "fact").to_numpy()
    idx = np.flatnonzero(alignable)
    facts = fact_groups(rows, idx, probability, model.cluster_threshold, "F")
    # omissions and unique claims ask whether two sentences say the same thing wherever they stand in their
    # articles (the scorer's position terms serve the alignment of leads; a quote repeated deep in three
    # articles is one fact)
    cosine = features["embedding"]
    anywhere = np.maximum(pair_probabilities(features, gate, rows, model, positions=False), paraphrases(rows, cosine))
    firm = fact_groups(rows, idx, anywhere, model.firm_threshold, "K")
    omitted = omissions(rows, firm, anywhere, cosine, model, options, vectors=vectors, context=context)
    unique = unique_claims(rows, firm, anywhere, cosine, model, options, vectors=vectors, context=context)
    # the loose grouping (the cut that scores best on ECB+, where every sentence is about its event) also joins
    # unrelated sentences of long real articles ("She attempted to scold them." with three other outlets' lines):
    # each sentence carries its firm fact too, the grouping at the cut where facts were 90% precise on dev, and
    # what the lens reports as shared (coverage, the notebook's list) is firm
    facts = facts.merge(firm[["article_id", "sentence_id", "fact_id", "n_outlets"]].rename(
        columns={"fact_id": "firm_fact", "n_outlets": "firm_outlets"}), on=["article_id", "sentence_id"], how="left")
    return facts[FACT_COLUMNS], omitted, unique


def paraphrases(rows: pd.DataFrame, cosine: np.ndarray, *, threshold: float = PARAPHRASE_COSINE) -> np.ndarray:
    """1 for two sentences of different articles whose MiniLM vectors are paraphrase-close (``cosine`` at least
    ``threshold``), else 0: the same sentence copied across outlets states the same fact whatever the scorer says.

    Example:
        >>> rows = pd.DataFrame({"article_id": ["a", "b", "c"]})
        >>> paraphrases(rows, np.array([[1.0, 0.99, 0.0], [0.99, 1.0, 0.14], [0.0, 0.14, 1.0]])).tolist()
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    article = rows["article_id"].to_numpy()
    close = np.asarray(cosine) >= threshold
    return (close & (article[:, None] != article[None, :])).astype(np.float64)


def fact_groups(rows: pd.DataFrame, idx: np.ndarray, probability: np.ndarray, threshold: float, letter: str) -> pd.DataFrame:
    """The sentences ``idx`` of one happening grouped into facts at ``threshold``, one row per sentence, named
    ``{happening}-{letter}0001`` from the fact carried by the most outlets down."""
    labels = np.full(len(rows), -1)
    labels[idx] = cluster(probability[np.ix_(idx, idx)], threshold)
    event, unit = str(rows["event"].iloc[0]), str(rows["happening"].iloc[0])
    facts = rows.loc[idx, ["article_id", "sentence_id", "outlet"]].assign(group=labels[idx], event=event, happening=unit)
    facts["n_articles"] = facts.groupby("group")["article_id"].transform("nunique")
    facts["n_outlets"] = facts.groupby("group")["outlet"].transform("nunique")
    best = np.where(labels[:, None] == labels[None, :], probability, 0.0)
    facts["probability"] = np.round(best[idx].max(1), 4) if len(idx) else []
    facts["cohesion"] = fact_cohesion(probability[np.ix_(idx, idx)], labels[idx], rows["article_id"].to_numpy()[idx])
    order = (facts.groupby("group").agg(n=("n_outlets", "first")).reset_index()
             .sort_values(["n", "group"], ascending=[False, True]))
    name = {g: f"{unit}-{letter}{k + 1:04d}" for k, g in enumerate(order["group"])}
    facts["fact_id"] = facts["group"].map(name)
    return facts


def fact_cohesion(probability: np.ndarray, labels: np.ndarray, article: np.ndarray) -> np.ndarray:
    """For each sentence, the mean same-fact probability over the pairs of its fact in different articles (rounded).

    Example:
        >>> p = np.array([[1, .8, .1], [.8, 1, .3], [.1, .3, 1]])
        >>> fact_cohesion(p, np.array([0, 0, 0]), np.array(["a", "b", "c"])).tolist()
        [0.4, 0.4, 0.4]
    """
    out = np.zeros(len(labels))
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        i, j = np.triu_indices(len(members), 1)
        keep = article[members[i]] != article[members[j]]
        values = probability[members[i[keep]], members[j[keep]]]
        out[members] = values.mean() if len(values) else 0.0
    return np.round(out, 4)


def omissions(rows, facts, probability, cosine, model, options: FactOptions, *, vectors: np.ndarray | None = None,
              context: CorpusContext | None = None) -> pd.DataFrame:
    """Articles of the happening that leave out a central fact other outlets carry (see :class:`FactOptions`).
    ``facts`` are the firm facts (grouped at the model's ``firm_threshold``, 90% precise on dev), so a loose group
    is never "omitted"; every embedded sentence of the article is searched, and one that reaches the same
    ``firm_threshold`` against any of the fact's sentences means the article states it."""
    n_event_outlets = rows["outlet"].nunique()
    if n_event_outlets < options.min_event_outlets:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    # central to the event the reader sees, not only to the happening it was split into
    whole_event = int(rows["event_outlets"].max()) if "event_outlets" in rows else n_event_outlets
    need = max(options.min_other_outlets, math.ceil(options.central_share * max(n_event_outlets, whole_event)))
    key = {k: i for i, k in enumerate(zip(rows["article_id"], rows["sentence_id"]))}
    out = []
    articles = rows.drop_duplicates("article_id")
    quoted_by = {a: set(str(v).split("|")) - {""}
                 for a, v in zip(articles["article_id"], articles.get("article_speakers", [""] * len(articles)))}
    articles = articles.loc[articles["section"] != "opinion", ["article_id", "outlet", "date"]]  # a column is not an account
    rows_of = rows.groupby("article_id", sort=False).indices
    news_of_day = same_day_news(rows, facts)
    for fact_id, members in facts[facts["n_outlets"] >= need].groupby("fact_id", sort=True):
        member_rows = [key[k] for k in zip(members["article_id"], members["sentence_id"])]
        if (rows.loc[member_rows, "position"] < options.lead_sentences).mean() < 0.5:
            continue  # stated deep in the carrying articles: background, not the happening
        if not any(names_something(rows.loc[i]) for i in member_rows):
            continue  # no carrier names a person, place, body, number or date: a line ("It could happen to anybody's kid."), not a fact to check
        carriers = sorted(set(members["outlet"]))
        speakers = fact_speakers(rows, member_rows)
        dates = rows.loc[member_rows, "date"]
        first_date = min((d for d in dates if d), default="")
        if context is not None and vectors is not None and context.stated_before(vectors[member_rows], first_date, BACKGROUND_COSINE):
            continue  # an earlier article already stated it: background to this happening, not its news
        for article in articles.itertuples(index=False):
            if article.outlet in carriers or len([c for c in carriers if c != article.outlet]) < options.min_other_outlets:
                continue
            if first_date and article.date and article.date < first_date:
                continue  # not yet reportable on the article's date
            if first_date and article.date and days_between(first_date, article.date) > options.news_window_days:
                continue  # written later, about the aftermath: the fact is old news there
            if first_date and article.date == first_date and not news_of_day.get(article.article_id, set()) - {fact_id}:
                continue  # first reported that day, by an article that reports none of that day's news (a preview)
            if speakers & quoted_by[article.article_id]:
                continue  # the article quotes the fact's speaker: it reports what they said in its own choice of words
            own = rows_of[article.article_id]
            scores = probability[np.ix_(own, member_rows)].max(1)
            near = cosine[np.ix_(own, member_rows)].max(1)
            if len(scores) and (scores.max() >= model.firm_threshold or near.max() >= MATCH_COSINE):
                continue  # a sentence of the article would join the fact at the level its own sentences hold
            nearest = own[int(np.argmax(near))] if len(own) else None
            wording = " | ".join(f"{outlet}: {rows.loc[member_rows[k], 'text_preview']}"
                                 for k, outlet in enumerate(members["outlet"]) if outlet not in members["outlet"].iloc[:k].tolist())
            out.append({"event": rows["event"].iloc[0], "happening": rows["happening"].iloc[0], "article_id": article.article_id, "outlet": article.outlet,
                        "date": article.date, "fact_id": fact_id, "n_carrying_outlets": len(carriers),
                        "carried_by": "; ".join(carriers), "carrier_wording": wording,
                        "nearest_sentence_id": -1 if nearest is None else int(rows.loc[nearest, "sentence_id"]),
                        "nearest_text": "" if nearest is None else rows.loc[nearest, "text_preview"],
                        "nearest_similarity": round(float(near.max()), 4) if len(near) else 0.0})
    return pd.DataFrame(out, columns=OMISSION_COLUMNS)


def fact_speakers(rows: pd.DataFrame, member_rows: list[int]) -> set[str]:
    """The named speakers every sentence of a fact that names one attributes it to: a fact that is one person's
    statement (a sentence of the quote that names nobody does not change who said it).

    Example:
        >>> rows = pd.DataFrame({"speakers": ["trump", "comey|trump", "", "comey"]})
        >>> sorted(fact_speakers(rows, [0, 1, 2])), sorted(fact_speakers(rows, [0, 3])), sorted(fact_speakers(rows, [2]))
        (['trump'], [], [])
    """
    if "speakers" not in rows:
        return set()
    voiced = [set(str(rows.at[i, "speakers"]).split("|")) - {""} for i in member_rows]
    voiced = [v for v in voiced if v]
    return set.intersection(*voiced) if voiced else set()


def same_day_news(rows: pd.DataFrame, facts: pd.DataFrame) -> dict:
    """For each article, the facts it carries that two or more outlets carry and that were first reported on
    the article's own date: the news of its day. A same-day preview or a morning column carries none, so it
    is not said to omit what happened later that day.

    Example:
        >>> r = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0], "date": ["2018-09-27"] * 3})
        >>> f = pd.DataFrame({"fact_id": ["K1", "K1", "K2"], "article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0],
        ...                   "outlet": ["X", "Y", "Z"], "n_outlets": [2, 2, 1]})
        >>> same_day_news(r, f)
        {'a': {'K1'}, 'b': {'K1'}}
    """
    dated = facts[facts["n_outlets"] >= 2].merge(rows[["article_id", "sentence_id", "date"]], on=["article_id", "sentence_id"])
    dated = dated[dated["date"] != ""]
    first = dated.groupby("fact_id")["date"].min()
    news = dated[dated["date"] == dated["fact_id"].map(first)]
    return {a: set(g["fact_id"]) for a, g in news.groupby("article_id", sort=True)}


def sentence_names(row, kinds=("persons", "places", "orgs")) -> set[str]:
    """The persons, places and organisations (or the ``kinds`` given) a fact-sentence row names; a person by the
    last word of the name, so "Lindsey Graham" in one sentence and "Graham" in another are one person.

    Example:
        >>> sorted(sentence_names({"persons": "lindsey graham|ford", "places": "", "orgs": "fox news"}))
        ['orgs:fox news', 'persons:ford', 'persons:graham']
    """
    return {f"{k}:{v.split()[-1] if k == 'persons' else v}" for k in kinds for v in str(row[k] or "").split("|")
            if v.strip()}


SCALE_WORDS = ("thousand", "million", "billion", "trillion")


def salient_numbers(numbers) -> set[str]:
    """The numbers of a fact-sentence row that pin a fact down: 1,000 or more and not a year, or with a scale word
    ("3.3 million"). Smaller ones recur across claims ("more than 200 students", "more than 200 protesters", "270
    electoral votes").

    Example:
        >>> sorted(salient_numbers("800000|3|270|2019|3.3|million"))
        ['numbers:3.3 million', 'numbers:800000']
    """
    parts = [p for p in str(numbers or "").split("|") if p]
    out = set()
    for i, part in enumerate(parts):
        scaled = i + 1 < len(parts) and parts[i + 1] in SCALE_WORDS
        try:
            value = float(part)
        except ValueError:
            continue
        if scaled:
            out.add(f"numbers:{part} {parts[i + 1]}")
        elif value >= 1000 and not (1900 <= value <= 2100 and value.is_integer()):
            out.add(f"numbers:{part}")
    return out


def protagonists(rows: pd.DataFrame, share: float = 0.5) -> set[str]:
    """Names in at least ``share`` of the event's articles: what the whole event is about, so naming one does not
    tie two sentences to one statement.

    Example:
        >>> rows = pd.DataFrame({"article_id": ["a", "b", "c"], "persons": ["ford", "ford|hatch", "ford"],
        ...                      "places": ["", "", ""], "orgs": ["", "", ""]})
        >>> sorted(protagonists(rows))
        ['persons:ford']
    """
    n_articles = rows["article_id"].nunique()
    by_name = holders_of_names(rows, "article_id", ("persons", "orgs"))
    return {name for name, articles in by_name.items() if len(articles) >= share * n_articles}


def event_names(rows: pd.DataFrame) -> set[str]:
    """Names used by two or more outlets of the event (what the happening is about).

    Example:
        >>> rows = pd.DataFrame({"outlet": ["A", "B", "B"], "persons": ["ford", "ford|judge", "judge"],
        ...                      "places": ["", "", ""], "orgs": ["", "", ""]})
        >>> sorted(event_names(rows))
        ['persons:ford']
    """
    return {name for name, outlets in holders_of_names(rows, "outlet").items() if len(outlets) >= 2}


def holders_of_names(rows: pd.DataFrame, key: str, kinds=("persons", "places", "orgs")) -> dict[str, set]:
    """Each name the rows hold (of ``kinds``) -> the set of ``key`` values (articles, outlets) whose rows name it."""
    by_name: dict[str, set] = {}
    for row in rows.to_dict("records"):
        for name in sentence_names(row, kinds):
            by_name.setdefault(name, set()).add(row[key])
    return by_name


def unique_claims(rows, facts, probability, cosine, model, options: FactOptions, *, vectors: np.ndarray | None = None,
                  context: CorpusContext | None = None) -> pd.DataFrame:
    """Claims of substance no other outlet makes: a subject, a verb of substance, something named, counted or
    dated, and a name the event's other outlets also use (so it is about the happening, not background);
    an opinion section's own-voice sentences are opinions, not claims, and elsewhere an own-voice sentence
    is a claim only with something checkable in it (a number or a date), not dated before the article's news
    ("last month", "in June" in a September article), and a main verb that reports a happening: "released Thursday night shows Kavanaugh setting up a meeting" is reporting, "Democrats tapped
    her emotions" is characterisation and "the Senate is divided 51-49" a standing state. A quoted or reported
    claim told as said back then ("Obama said at the time", "first emerged during the 2008 primary") is
    background too."""
    n_event_outlets = rows["outlet"].nunique()
    if n_event_outlets < options.min_event_outlets:
        return pd.DataFrame(columns=UNIQUE_COLUMNS)
    single = facts[facts["n_outlets"] == 1]
    key = {k: i for i, k in enumerate(zip(rows["article_id"], rows["sentence_id"]))}
    names = event_names(rows)
    common = protagonists(rows)
    outlet = rows["outlet"].to_numpy()
    article = rows["article_id"].to_numpy()
    out = []
    for fact in single.itertuples(index=False):
        i = key[(fact.article_id, fact.sentence_id)]
        row = rows.loc[i]
        named = names_something(row)
        if not (named and row["verbs"] and bool(row["has_subject"]) and int(row["n_tokens"]) >= 8):
            continue
        if not sentence_names(row) & names or (row["section"] == "opinion" and row["voice"] == "own"):
            continue
        if not COMPLETE_SENTENCE.search(str(row["text"]).strip()):
            continue  # a heading, a list item or an embedded post's tail, not a sentence a reader can take as a claim
        if bool(row.get("pronoun_subject", False)):
            # "He was also counting on ...", "his tweets ...": whose claim it is, and so whether another outlet makes
            # it, is in another sentence; on ECB+ dev 9.8% of such statements (6 of 61) another document also makes
            # are not found there, against 0.9% of the others (facts_stated_eval.csv)
            continue
        if row["voice"] == "own" and (not (row["numbers"] or row["dates"]) or bool(row.get("describes_state", False))
                                      or told_as_background(row["dates"], row["text_preview"], row["date"])):
            continue  # a standing state or background ("last month", "in June"), not news of the happening
        if row["voice"] != "own" and told_as_background(row["dates"], row["text_preview"], row["date"], attributed=True):
            continue  # said back then ("Obama said at the time", "first emerged during the 2008 primary"): background
        others = outlet != fact.outlet
        nearest = float(cosine[i, others].max()) if others.any() else 0.0
        if nearest >= UNIQUE_COSINE or (others.any() and probability[i, others].max() >= model.match_threshold):
            continue  # another outlet says it, in these words or others
        if mutual_nearest(cosine, article, i, others) >= MUTUAL_COSINE:
            continue  # another outlet's sentence and this one are each other's closest: one statement told two ways
        if context is not None and vectors is not None and \
                context.stated_before(vectors[i:i + 1], row["date"], BACKGROUND_COSINE, not_by=fact.outlet):
            continue  # another outlet said it in an earlier article
        numbers = frozenset(salient_numbers(row["numbers"]))
        if context is not None and vectors is not None and (
                context.said_near(vectors[i], row["date"], options.news_window_days, not_by=fact.outlet,
                                  anchors=frozenset(sentence_names(row, ("persons", "orgs")) - common) | numbers)
                or context.said_near(vectors[i], row["date"], None, not_by=fact.outlet, cosine=math.inf,
                                     anchors=numbers)):
            # another outlet said it in those days, or gives the same number anywhere in the corpus (a cosine of
            # 0.5 alone, outside the window, mostly joins sentences on one topic, not one claim)
            continue
        out.append({"event": fact.event, "happening": fact.happening, "article_id": fact.article_id, "outlet": fact.outlet,
                    "sentence_id": int(fact.sentence_id), "last_sentence_id": int(fact.sentence_id), "fact_id": fact.fact_id,
                    "voice": row["voice"],
                    "text": row["text"], "nearest_other_similarity": round(nearest, 4),
                    "n_event_outlets": n_event_outlets})
    table = pd.DataFrame(out, columns=UNIQUE_COLUMNS)
    if len(table):
        table = table.sort_values(["article_id", "sentence_id"]).groupby("article_id").head(options.unique_per_article)
    return table.reset_index(drop=True)


def closest_both_ways(cosine: np.ndarray, article: np.ndarray, i: int, other: str) -> int | None:
    """Sentence ``i``'s closest sentence in article ``other`` when ``i`` is in turn that sentence's closest in
    ``i``'s own article; else None (``article`` names each row's article).

    Example:
        >>> cos = np.array([[1.0, 0.47, 0.2], [0.47, 1.0, 0.6], [0.2, 0.6, 1.0]])
        >>> closest_both_ways(cos, np.array(["a", "b", "c"]), 0, "b"), closest_both_ways(cos, np.array(["a", "b", "a"]), 0, "b")
        (1, None)
    """
    theirs = np.flatnonzero(article == other)
    j = int(theirs[int(np.argmax(cosine[i, theirs]))])
    mine = np.flatnonzero(article == article[i])
    return j if mine[int(np.argmax(cosine[j, mine]))] == i else None


def mutual_nearest(cosine: np.ndarray, article: np.ndarray, i: int, others: np.ndarray) -> float:
    """The highest cosine between sentence ``i`` and a sentence among ``others`` (a mask) that is its closest in its
    article both ways (:func:`closest_both_ways`); 0.0 if there is none.

    Example:
        >>> cos = np.array([[1.0, 0.47, 0.2], [0.47, 1.0, 0.6], [0.2, 0.6, 1.0]])
        >>> mutual_nearest(cos, np.array(["a", "b", "c"]), 0, np.array([False, True, True]))
        0.47
        >>> mutual_nearest(cos, np.array(["a", "b", "a"]), 0, np.array([False, True, False]))  # 1's closest in "a" is 2
        0.0
    """
    found = [closest_both_ways(cosine, article, i, other) for other in np.unique(article[others])]
    return max([float(cosine[i, j]) for j in found if j is not None], default=0.0)


def join_runs(claims: pd.DataFrame, speakers_of: pd.Series) -> pd.DataFrame:
    """One row per run of consecutive sentences of one article that share a named speaker: a statement told over
    two sentences ("Benenson told CNN the campaign was still 'playing for 270' ..." then his quote) is one claim,
    not two; two sentences in a row of the outlet's own voice, or of two speakers, stay two. ``speakers_of`` maps
    (article_id, sentence_id) to the sentence's speaker keys, "|"-joined (:func:`speaker_keys`). The run keeps
    its first row, its texts joined, ``last_sentence_id`` its last sentence and its highest similarity to
    another outlet.

    Example:
        >>> claims = pd.DataFrame({"article_id": ["a", "a", "a", "a"], "sentence_id": [4, 5, 6, 9],
        ...                        "last_sentence_id": [4, 5, 6, 9], "nearest_other_similarity": [0.2, 0.3, 0.1, 0.1],
        ...                        "text": ["Lee told CNN so.", "'It was late,' he said.", "Critics disagree.", "Other."]})
        >>> speakers_of = pd.Series({("a", 4): "lee", ("a", 5): "lee", ("a", 6): "critics"})
        >>> join_runs(claims, speakers_of)[["sentence_id", "last_sentence_id", "text"]].values.tolist()
        [[4, 5, "Lee told CNN so. 'It was late,' he said."], [6, 6, 'Critics disagree.'], [9, 9, 'Other.']]
    """
    if claims.empty:
        return claims
    claims = claims.reset_index(drop=True)
    keys = [set(str(speakers_of.get((a, s), "") or "").split("|")) - {""}
            for a, s in zip(claims["article_id"], claims["sentence_id"])]
    same_speaker = pd.Series([k > 0 and bool(keys[k] & keys[k - 1]) for k in range(len(claims))], index=claims.index)
    starts = ((claims["article_id"] != claims["article_id"].shift()) |
              (claims["sentence_id"] != claims["last_sentence_id"].shift() + 1) | ~same_speaker)
    run = starts.cumsum()
    first = claims[starts.to_numpy()].set_index(run[starts].to_numpy())
    grouped = claims.groupby(run.to_numpy())
    first["text"] = grouped["text"].agg(lambda t: " ".join(str(x) for x in t))
    first["last_sentence_id"] = grouped["last_sentence_id"].max()
    first["nearest_other_similarity"] = grouped["nearest_other_similarity"].max()
    return first.reset_index(drop=True)[claims.columns]


def attributed_to_named_speaker(claims: pd.DataFrame, speakers: pd.DataFrame) -> np.ndarray:
    """For each claim, whether its words are someone's in the claim itself: own voice, or a sentence that holds an
    attribution to a named, non-anonymous speaker. "The administration has been criticized" is nobody's claim, and
    the middle of a long quote ("If you're a Democrat, you think the opposite.") does not say who claims it.

    Example:
        >>> claims = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "voice": ["quoted", "quoted"]})
        >>> speakers = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "speaker_name": ["Durbin"],
        ...                          "anonymous": [False], "content_start": [1], "content_end": [70]})
        >>> attributed_to_named_speaker(claims, speakers).tolist()
        [True, False]
    """
    if claims.empty:
        return np.zeros(0, dtype=bool)
    named = speakers[(speakers["speaker_name"].astype(str) != "") & ~speakers["anonymous"].astype(bool)]
    same_sentence = set(zip(named["article_id"], named["sentence_id"]))
    return np.array([voice == "own" or (a, s) in same_sentence
                     for a, s, voice in zip(claims["article_id"], claims["sentence_id"], claims["voice"])], dtype=bool)


def said_by_commentator(claims: pd.DataFrame, speakers: pd.DataFrame, roles) -> np.ndarray:
    """For each claim, whether a speaker of its sentence holds a commentator's role (a word of ``roles``, the
    ``commentator_roles`` rule table, in the speaker's role): a columnist's or a pundit's words are opinion by
    their job ("NYT columnist Paul Krugman: ..."), not a claim about the happening.

    Example:
        >>> claims = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1]})
        >>> speakers = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
        ...                          "role": ["NYT columnist", "Clinton's chief strategist"]})
        >>> said_by_commentator(claims, speakers, ["columnist", "pundit"]).tolist()
        [True, False]
    """
    words = sorted({str(r).strip().lower() for r in roles if str(r).strip()})
    if claims.empty or not words or "role" not in speakers:
        return np.zeros(len(claims), dtype=bool)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")s?\b", re.IGNORECASE)
    hits = speakers[speakers["role"].fillna("").astype(str).map(lambda r: bool(pattern.search(r)))]
    flagged = set(zip(hits["article_id"], hits["sentence_id"]))
    return np.array([(a, s) in flagged for a, s in zip(claims["article_id"], claims["sentence_id"])], dtype=bool)


def speaker_keys(attributions: pd.DataFrame, voice: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The named speakers of each sentence (its attributions' speakers, and the speaker of a quote that runs on into
    it) and of each article, by the last word of the name, lower-cased and "|"-joined: what an omission reads to
    ask whether the article quotes the speaker of a fact at all. ``voice`` rows point to their article's
    ``attributions`` rows by position.

    Example:
        >>> atts = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 3], "speaker_name": ["Donald Trump", ""]})
        >>> voice = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [1, 3], "attribution": [0, 1]})
        >>> by_sentence, by_article = speaker_keys(atts, voice)
        >>> by_sentence.to_dict(), by_article.to_dict()
        ({('a', 0): 'trump', ('a', 1): 'trump'}, {'a': 'trump'})
    """
    empty = pd.Series(dtype=str)
    if attributions.empty:
        return empty, empty
    named = attributions[["article_id", "sentence_id", "speaker_name"]].assign(
        k=attributions.groupby("article_id", sort=False).cumcount(),
        key=attributions["speaker_name"].fillna("").astype(str).str.lower().str.split().str[-1].fillna(""))
    named = named[named["key"] != ""]
    linked = voice.loc[voice["attribution"] >= 0, ["article_id", "sentence_id", "attribution"]].merge(
        named[["article_id", "k", "key"]], left_on=["article_id", "attribution"], right_on=["article_id", "k"])
    both = pd.concat([named[["article_id", "sentence_id", "key"]], linked[["article_id", "sentence_id", "key"]]])
    if both.empty:
        return empty, empty
    return both.groupby(["article_id", "sentence_id"])["key"].agg(joined), both.groupby("article_id")["key"].agg(joined)


def names_beyond_speaker(claims: pd.DataFrame, fact_sentences: pd.DataFrame, speakers: pd.DataFrame) -> np.ndarray:
    """For each claim, whether it names a person, place, organisation or number beyond the words that introduce the
    speakers of its sentence (a date may be the day it was said): "'It gets pretty boring,' Sen. Chuck Grassley said
    Tuesday" names only its speaker and is colour, not a claim about the happening. Own-voice claims are checked
    for numbers and dates elsewhere: True.

    Example:
        >>> claims = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "voice": ["quoted", "quoted"]})
        >>> rows = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "persons": ["grassley", "grassley|collins"],
        ...                      "places": ["", ""], "orgs": ["", ""], "numbers": ["", ""], "dates": ["", ""]})
        >>> said = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "speaker": ["Sen. Chuck Grassley"] * 2,
        ...                      "speaker_name": ["Chuck Grassley"] * 2})
        >>> names_beyond_speaker(claims, rows, said).tolist()
        [False, True]
    """
    if claims.empty:
        return np.zeros(0, dtype=bool)
    key = ["article_id", "sentence_id"]
    columns = [c for c in ("speaker", "speaker_name", "role", "affiliation") if c in speakers]
    intro = speakers[key + columns].fillna("").astype({c: str for c in columns})
    intro = intro.assign(words=intro[columns].agg(" ".join, axis=1).str.lower()).groupby(key)["words"].agg(" ".join)
    named = claims[key].merge(fact_sentences[key + ["persons", "places", "orgs", "numbers", "dates"]], on=key, how="left")
    out = []
    for voice, row in zip(claims["voice"], named.fillna("").to_dict("records")):
        if voice == "own":
            out.append(True)
            continue
        words = intro.get((row["article_id"], row["sentence_id"]), "")
        items = [v for k in ("persons", "places", "orgs", "numbers") for v in str(row[k]).split("|") if v]
        out.append(any(item not in words for item in items))
    return np.array(out, dtype=bool)


def word_shingles(text: str, n: int = VERBATIM_WORDS) -> set[tuple[str, ...]]:
    """The runs of ``n`` consecutive words of ``text``, lower-cased, punctuation dropped.

    Example:
        >>> sorted(word_shingles("A calculated and orchestrated political hit.", 5))
        [('a', 'calculated', 'and', 'orchestrated', 'political'), ('calculated', 'and', 'orchestrated', 'political', 'hit')]
    """
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'").replace("'", ""))
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def verbatim_elsewhere(claims: pd.DataFrame, sentences: pd.DataFrame, outlet_of: dict) -> np.ndarray:
    """For each claim, whether another outlet prints the same run of :data:`VERBATIM_WORDS` words anywhere in
    the corpus (in any event: a quote two outlets print is not one outlet's claim, however the events fell).
    Streams the corpus's sentences once against the claims' word runs."""
    if claims.empty:
        return np.zeros(0, dtype=bool)
    owner: dict = {}
    for k, (text, outlet) in enumerate(zip(claims["full_text"], claims["outlet"])):
        for shingle in word_shingles(text):
            owner.setdefault(shingle, []).append((k, outlet))
    found = np.zeros(len(claims), dtype=bool)
    for article_id, text in zip(sentences["article_id"], sentences["text"]):
        outlet = outlet_of.get(article_id)
        for shingle in word_shingles(str(text)):
            for k, claim_outlet in owner.get(shingle, ()):
                if claim_outlet != outlet:
                    found[k] = True
    return found
