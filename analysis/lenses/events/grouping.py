"""Group a corpus's articles into events (one happening) and storylines (a happening and its aftermath).

Pipeline: corpus-fitted vectors -> each article's nearest neighbours ->
learned P(same event) for each candidate pair -> average-linkage clustering cut
at the model's event threshold, never joining articles whose given dates span more
than :data:`EVENT_MAX_SPAN_DAYS` -> the same clustering continued on P(same
storyline) from the events, cut at the storyline threshold, with no date cap (the
aftermath of a happening weeks later is its storyline). Nothing is n x n.

Rows are put in a canonical order (by ``article_id``) first, so the output does
not depend on the input's row order. Events are numbered ``EV001...`` and
storylines ``SL001...`` by earliest date (undated last), then label, then
smallest article id.

Example:
    >>> model = load_event_model("event_model.json")                 # doctest: +SKIP
    >>> assignments = group_events(articles, model=model)             # doctest: +SKIP
    >>> assignments.attrs["status"]                                   # doctest: +SKIP
    'grouped'
    >>> event_table(articles, assignments).head()                    # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import article_dates, day_numbers
from .features import (
    article_parts,
    article_vectors,
    candidate_pairs,
    content_words,
    nearest_neighbours,
    pair_features,
)
from .linkage import average_linkage
from .model import EventModel, load_event_model, pair_probabilities, scorer_for

__all__ = ["group_events", "event_table", "grouping_status", "load_event_model", "scored_pairs"]

REQUIRED_COLUMNS = ("article_id",)
# The most days an event's articles may span, by the dates the corpus gives (its `date` column; a date guessed
# from the text is not used: in ECB+ dev such dates put one event's articles up to two years apart). BASIL dev's
# events span at most 3 days; its leave-events-out ARI rises from 0.970 to 1.000 at 4 (2 days: 0.993).
# Storylines have no cap: a happening's aftermath weeks later is the same storyline. np.inf turns it off.
EVENT_MAX_SPAN_DAYS = 4.0


def _canonical(articles: pd.DataFrame) -> np.ndarray:
    """Row positions sorted by article id (ids must be unique)."""
    ids = articles["article_id"].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"article_id must be unique; repeated: {sorted(ids[ids.duplicated()].unique())[:5]}")
    return np.argsort(ids.to_numpy(), kind="stable")


def scored_pairs(articles: pd.DataFrame, *, model: EventModel, embeddings: np.ndarray | None = None, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Candidate pairs of ``articles`` (rows in the given order) with P(same event) and P(same storyline).

    Returns ``i, j`` (row positions), the pair features, ``p_event`` and ``p_storyline``.
    """
    use_embeddings = embeddings is not None and model.uses_embeddings
    use_entities = entities is not None and model.names_from == "entities"
    vectors = article_vectors(articles, embeddings=embeddings if use_embeddings else None, entities=entities if use_entities else None)
    neighbours = nearest_neighbours(vectors, n_neighbors=model.n_neighbors)
    pairs = candidate_pairs(vectors, neighbours=neighbours)
    features = pair_features(vectors, pairs, neighbours=neighbours, contrast_neighbours=model.contrast_neighbors)
    scored = pairs.join(features)
    scored["p_event"] = pair_probabilities(scorer_for(model, "event", embeddings=use_embeddings), scored)
    scored["p_storyline"] = pair_probabilities(scorer_for(model, "storyline", embeddings=use_embeddings), scored)
    return scored


def _member_confidence(n: int, labels: np.ndarray, pairs: pd.DataFrame) -> np.ndarray:
    """Per article: mean P(same event) with the other members of its event (unlinked pairs count 0);
    for an article alone, 1 - its highest P(same event) with any article."""
    i, j, p = pairs["i"].to_numpy(), pairs["j"].to_numpy(), pairs["p_event"].to_numpy()
    inside = labels[i] == labels[j]
    totals = np.zeros(n)
    np.add.at(totals, i[inside], p[inside])
    np.add.at(totals, j[inside], p[inside])
    sizes = np.bincount(labels, minlength=int(labels.max()) + 1)[labels].astype(np.float64)
    best = np.zeros(n)
    np.maximum.at(best, i, p)
    np.maximum.at(best, j, p)
    return np.where(sizes > 1, totals / np.maximum(sizes - 1, 1), 1.0 - best)


def central_members(articles: pd.DataFrame, groups: pd.Series) -> pd.Series:
    """For each group, the row label of its most central article: highest mean TF-IDF cosine of headline+lede to
    the group's other members (ties: smallest article id).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["Quake hits Chile", "Chile quake kills 3", "Strong quake hits Chile, kills 3"], "text": ["", "", ""]})
        >>> central_members(arts, pd.Series(["E", "E", "E"])).tolist()
        [2]
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    parts = article_parts(articles)
    tokens = [content_words(h + " " + lede) for h, lede in zip(parts["headline"], parts["lede"], strict=True)]
    ids = articles["article_id"].astype(str).to_numpy()
    try:
        matrix = TfidfVectorizer(analyzer=lambda t: t, sublinear_tf=True).fit_transform(tokens)
    except ValueError:
        matrix = None
    chosen = {}
    positions = pd.Series(np.arange(len(articles)), index=articles.index)
    for group, members in positions.groupby(groups.to_numpy(), sort=True):
        rows = members.to_numpy()
        if matrix is None or len(rows) <= 2:
            scores = np.zeros(len(rows))
        else:
            sims = (matrix[rows] @ matrix[rows].T).toarray()
            scores = (sims.sum(axis=1) - sims.diagonal()) / (len(rows) - 1)
        order = np.lexsort((ids[rows], -np.round(scores, 12)))
        chosen[group] = articles.index[rows[order[0]]]
    return pd.Series(chosen)


def _number_groups(articles: pd.DataFrame, labels: np.ndarray, prefix: str) -> np.ndarray:
    """Names ``PREFIX001...`` for cluster labels, ordered by earliest date (undated last), label, smallest id."""
    keys = pd.Series(labels, index=articles.index).astype(str)
    days = pd.Series(day_numbers(article_dates(articles)), index=articles.index)
    central = central_members(articles, keys)
    headlines = article_parts(articles)["headline"]
    ids = articles["article_id"].astype(str)
    table = pd.DataFrame({
        "key": central.index,
        "first_day": [days[keys == k].min() for k in central.index],
        "label": [headlines[central[k]].lower() for k in central.index],
        "first_id": [ids[keys == k].min() for k in central.index],
    })
    table["first_day"] = table["first_day"].fillna(np.inf)
    table = table.sort_values(["first_day", "label", "first_id"], kind="stable").reset_index(drop=True)
    width = max(3, len(str(len(table))))
    names = {k: f"{prefix}{n + 1:0{width}d}" for n, k in enumerate(table["key"])}
    return keys.map(names).to_numpy()


def grouping_status(articles: pd.DataFrame, assignments: pd.DataFrame) -> dict[str, str]:
    """What kind of corpus this was: ``status`` and ``dates``.

    ``status``: "empty", "single_article", "one_event" (every article in one
    event), "unrelated" (no two articles share an event), else "grouped".
    ``dates``: "dated", "partly_dated" or "undated" (no usable date at all: no
    date spans are reported and the grouping rests on text alone).

    Example:
        >>> grouping_status(pd.DataFrame({"article_id": ["a"], "date": [""]}), pd.DataFrame({"article_id": ["a"], "event": ["EV001"]}))
        {'status': 'single_article', 'dates': 'undated'}
    """
    n = len(assignments)
    n_events = assignments["event"].nunique() if n else 0
    if n == 0:
        status = "empty"
    elif n == 1:
        status = "single_article"
    elif n_events == 1:
        status = "one_event"
    elif n_events == n:
        status = "unrelated"
    else:
        status = "grouped"
    dated = ~np.isnan(day_numbers(article_dates(articles))) if len(articles) else np.zeros(0, dtype=bool)
    dates = "undated" if not dated.any() else ("dated" if dated.all() else "partly_dated")
    return {"status": status, "dates": dates}


def given_days(articles: pd.DataFrame) -> np.ndarray:
    """Day numbers of the dates the corpus gives (``date`` column), NaN where it gives none: the dates the event
    span cap trusts.

    Example:
        >>> given_days(pd.DataFrame({"date": ["1970-01-03", ""], "text": ["", "Posted 11/27/2005 Quake"]})).tolist()
        [2.0, nan]
    """
    return day_numbers(articles["date"]) if "date" in articles else np.full(len(articles), np.nan)


def group_events(articles: pd.DataFrame, *, model: EventModel, embeddings: np.ndarray | None = None, entities: pd.DataFrame | None = None,
                 max_span_days: float = EVENT_MAX_SPAN_DAYS) -> pd.DataFrame:
    """Assign every article an event and a storyline.

    Args:
        articles: ``article_id, outlet, date, title, text`` (``date`` ISO or
            empty; ``title`` may be empty: the first line of text stands in).
        model: from :func:`load_event_model`.
        embeddings: optional MiniLM vectors, one row per article in ``articles``'
            row order (see ``embed.embed_articles``); used only if the model has
            an embedding scorer.
        entities: optional NER table ``article_id, text, label`` (spaCy labels),
            used only by a model trained on entities (``model.names_from``); the
            shipped model uses capitalised words, which measured as well as spaCy
            NER on dev, so the lens does not need the parse.

    Returns:
        ``article_id, event, storyline, event_confidence`` in ``articles``' row
        order; ``.attrs`` holds ``status`` and ``dates`` (see :func:`grouping_status`).
        ``event_confidence`` is the article's mean P(same event) with its event's
        other members, or, for an article alone, 1 - its best P(same event).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "date": [""], "title": ["Quake hits Chile"], "text": ["A quake hit Chile."]})
        >>> out = group_events(arts, model=None)
        >>> out[["event", "storyline"]].values.tolist(), out.attrs["status"]
        ([['EV001', 'SL001']], 'single_article')
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in articles]
    if missing:
        raise ValueError(f"articles lack columns {missing}")
    columns = ["article_id", "event", "storyline", "event_confidence"]
    if len(articles) == 0:
        out = pd.DataFrame({c: pd.Series(dtype=object if c != "event_confidence" else np.float64) for c in columns})
        out.attrs.update({"status": "empty", "dates": "undated"})
        return out
    order = _canonical(articles)
    canonical = articles.iloc[order].reset_index(drop=True)
    n = len(canonical)
    if n == 1:
        events = storylines = np.zeros(1, dtype=np.int64)
        confidence = np.ones(1)
    else:
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float64)
            if embeddings.shape[0] != len(articles):
                raise ValueError("embeddings must have one row per article")
            embeddings = embeddings[order]
        pairs = scored_pairs(canonical, model=model, embeddings=embeddings, entities=entities)
        with_embeddings = embeddings is not None and model.uses_embeddings
        event_threshold = scorer_for(model, "event", embeddings=with_embeddings).threshold
        storyline_threshold = scorer_for(model, "storyline", embeddings=with_embeddings).threshold
        events = average_linkage(n, pairs["i"], pairs["j"], pairs["p_event"], threshold=event_threshold,
                                 days=given_days(canonical), max_span_days=max_span_days)
        storylines = average_linkage(n, pairs["i"], pairs["j"], pairs["p_storyline"], threshold=storyline_threshold, initial=events)
        confidence = _member_confidence(n, np.unique(events, return_inverse=True)[1], pairs)
    result = pd.DataFrame({
        "article_id": canonical["article_id"].to_numpy(),
        "event": _number_groups(canonical, events, "EV"),
        "storyline": _number_groups(canonical, storylines, "SL"),
        "event_confidence": np.round(confidence, 6),
    })
    back = np.empty(n, dtype=np.int64)
    back[order] = np.arange(n)
    result = result.iloc[back].reset_index(drop=True)
    result.attrs.update(grouping_status(articles, result))
    return result


def event_table(articles: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per event: ``event, storyline, label, date_first, date_last, n_articles, n_outlets, confidence``.

    ``label`` is the most central member's headline (its first line when it has
    no title) followed by the date span; ``confidence`` the mean of its members'
    ``event_confidence`` (for events of two or more, the mean within-event pair
    probability).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "date": ["2020-01-07", "2020-01-08"], "title": ["NATO leaves Iraq", "NATO pulls out of Iraq"], "text": ["", ""]})
        >>> asg = pd.DataFrame({"article_id": ["a", "b"], "event": ["EV001"] * 2, "storyline": ["SL001"] * 2, "event_confidence": [0.9, 0.9]})
        >>> event_table(arts, asg).iloc[0].astype(str).tolist()
        ['EV001', 'SL001', 'NATO leaves Iraq (2020-01-07 to 2020-01-08)', '2020-01-07', '2020-01-08', '2', '2', '0.9']
    """
    kept = [c for c in ("article_id", "outlet", "date", "title", "text") if c in articles]
    merged = articles[kept].reset_index(drop=True).merge(
        assignments[["article_id", "event", "storyline", "event_confidence"]], on="article_id", how="inner", validate="one_to_one"
    )
    columns = ["event", "storyline", "label", "date_first", "date_last", "n_articles", "n_outlets", "confidence"]
    if merged.empty:
        return pd.DataFrame(columns=columns)
    merged["_date"] = article_dates(merged).replace("", None)
    merged = merged.sort_values("article_id", kind="stable").reset_index(drop=True)
    central = central_members(merged, merged["event"])
    headlines = article_parts(merged)["headline"]
    outlets = merged["outlet"] if "outlet" in merged else pd.Series("", index=merged.index)
    rows = []
    for event, members in merged.groupby("event", sort=True):
        first, last = members["_date"].min(), members["_date"].max()
        span = "" if pd.isna(first) else (f" ({first})" if first == last else f" ({first} to {last})")
        rows.append((
            event,
            members["storyline"].iloc[0],
            " ".join(str(headlines[central[event]]).split())[:160] + span,
            "" if pd.isna(first) else first,
            "" if pd.isna(last) else last,
            len(members),
            int(outlets[members.index].fillna("").astype(str).str.strip().replace("", None).nunique()),
            round(float(members["event_confidence"].mean()), 6),
        ))
    return pd.DataFrame(rows, columns=columns)
