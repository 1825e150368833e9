"""Events: group articles that report the same happening, from their text and dates.

Two articles belong to one event when their words and names overlap (TF-IDF
cosine of headline and opening paragraphs) and they were published close in
time. Similarity is only computed inside a sliding date window, with sparse
matrix products and the ``n_neighbors`` best matches kept per article, so a
corpus of tens of thousands of articles never builds an all-pairs matrix.
Candidate links form a graph; inside each connected component, average-linkage
clustering cut at ``threshold`` keeps a chain of loosely related stories from
collapsing into one event.

Granularity is one number, ``threshold`` (with ``window_days``):

- ``granularity="story"`` (the default, ``STORY_THRESHOLD``): one happening,
  e.g. "NATO moves personnel out of Iraq" and "Esper says no withdrawal" are
  two events even on the same day. Measured on the synthetic dev sets of
  :func:`synthetic_corpus` (100 events x 3 outlets, see ``tests/test_events.py``).
- ``granularity="storyline"`` (``STORYLINE_THRESHOLD``, a 10-day window): the
  aftermath of one happening, e.g. everything that followed the killing of
  Soleimani. The six seed stories (3-10 January 2020) are six events at story
  level and one storyline; :func:`analysis.facts.build` aligns facts and looks
  for omissions within storylines, with a relevance test per article.

A manifest ``event`` column, where filled, overrides the clustering; articles
without one join the manifest event their cluster contains, if exactly one.

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({
    ...     "article_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...     "date": ["2020-01-07", "2020-01-07", "2020-02-20"],
    ...     "headline": ["NATO pulls troops out of Iraq", "NATO moves its troops out of Iraq", "Flood hits Jakarta"],
    ...     "text": ["NATO said it would move troops out of Iraq.", "NATO troops leave Iraq, NATO said.", "Floods in Jakarta."]})
    >>> assign_events(arts).tolist()
    ['E001', 'E001', 'E002']
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, hstack
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .stats import SEED

STORY_THRESHOLD = 0.4
STORY_WINDOW_DAYS = 3
STORYLINE_THRESHOLD = 0.05
STORYLINE_WINDOW_DAYS = 10
GRANULARITIES = {
    "story": (STORY_THRESHOLD, STORY_WINDOW_DAYS),
    "storyline": (STORYLINE_THRESHOLD, STORYLINE_WINDOW_DAYS),
}
DAY_DECAY = 0.1
ENTITY_WEIGHT = 0.7
MAX_REPEATS = 5
LEAD_WORDS = 250
MAX_COMPONENT = 4000


_WEEKDAY_NUMBERS = {name.lower(): i for i, name in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}
_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_PATTERN = re.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month1>{_MONTH})(?:,?\s+(?P<year1>\d{{4}}))?"
    rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>\d{{4}}))?"
    r"|(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<night>\s+night)?"
    r"|(?P<relative>yesterday|today|tonight|last\s+night|last\s+week))\b"
)


@lru_cache(maxsize=4096)
def _reference_date(reference: str):
    """``reference`` as a Timestamp (NaT when unreadable), parsed once per distinct value: articles share few dates."""
    return pd.to_datetime(reference, errors="coerce")


def resolve_dates(text: str, reference: str) -> list[tuple[int, int, str]]:
    """Dates named in ``text`` as ``(start, end, ISO date)``, resolved against the ``reference`` date.

    A weekday is the latest such day on or before the reference (news is written
    about the past: "on Wednesday" in a Friday 10 January article is 8 January);
    a day and month without a year takes the reference's year, or the year
    before when that would put it more than a month after the reference. "Last
    week" is taken as seven days before. Nothing is returned without a readable
    reference, except full dates.

    Example:
        >>> resolve_dates("Iran responded on Wednesday; the strike on Jan. 3 and on 27 December.", "2020-01-10")
        [(18, 27, '2020-01-08'), (43, 49, '2020-01-03'), (57, 68, '2019-12-27')]
    """
    matches = list(DATE_PATTERN.finditer(text))
    if not matches:
        return []
    ref = _reference_date(reference) if reference else pd.NaT
    found = []
    for m in matches:
        g = m.groupdict()
        when = pd.NaT
        if g["iso"]:
            when = pd.to_datetime(g["iso"], errors="coerce")
        elif g["month1"] or g["month2"]:
            month = _MONTHS[(g["month1"] or g["month2"])[:3].lower()]
            day = int(g["day1"] or g["day2"])
            year = g["year1"] or g["year2"]
            if year:
                when = pd.Timestamp(year=int(year), month=month, day=min(day, 28 if month == 2 else day))
            elif not pd.isna(ref):
                try:
                    when = pd.Timestamp(year=ref.year, month=month, day=day)
                    if when > ref + pd.Timedelta(days=31):
                        when = pd.Timestamp(year=ref.year - 1, month=month, day=day)
                except ValueError:
                    when = pd.NaT
        elif not pd.isna(ref) and g["weekday"]:
            back = (ref.dayofweek - _WEEKDAY_NUMBERS[g["weekday"].lower()]) % 7
            when = ref - pd.Timedelta(days=back)
        elif not pd.isna(ref) and g["relative"]:
            word = " ".join(g["relative"].lower().split())
            back = {"yesterday": 1, "today": 0, "tonight": 0, "last night": 1, "last week": 7}[word]
            when = ref - pd.Timedelta(days=back)
        if not pd.isna(when):
            found.append((m.start(), m.end(), when.strftime("%Y-%m-%d")))
    return found


_SENTENCE_BREAK = re.compile(r"(?<=[.!?\u201d\"])\s+|\n\s*\n")
_NAME_OR_NUMBER = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\s+(?:al-|bin |de |of |the )?[A-Z][\w'\u2019-]*)*|\b\d[\d,.]*\d\b|\b\d\b")


def boilerplate_sentences(texts: pd.Series, *, max_repeats: int = MAX_REPEATS) -> set[str]:
    """Sentences found word for word in more than ``max_repeats`` articles (datelines, sign-offs, promos).

    Example:
        >>> sorted(boilerplate_sentences(pd.Series(["A b. Sign off.", "C d. Sign off."]), max_repeats=1))
        ['Sign off.']
    """
    counts = Counter(s for text in texts.fillna("").astype(str) for s in {x.strip() for x in _SENTENCE_BREAK.split(text)} if s)
    return {sentence for sentence, count in counts.items() if count > max_repeats}


def article_documents(articles: pd.DataFrame, *, lead_words: int = LEAD_WORDS, drop: set[str] | frozenset = frozenset()) -> pd.Series:
    """The text each article is compared on: headline twice, then its first ``lead_words`` words.

    Sentences in ``drop`` (see :func:`boilerplate_sentences`) are left out.

    Example:
        >>> article_documents(pd.DataFrame({"headline": ["Big news"], "text": ["One two three."]}), lead_words=2).tolist()
        ['Big news. Big news. One two']
    """
    headlines = articles.get("headline", pd.Series("", index=articles.index)).fillna("").astype(str)
    texts = articles.get("text", pd.Series("", index=articles.index)).fillna("").astype(str)
    if drop:
        texts = texts.map(lambda t: " ".join(x.strip() for x in _SENTENCE_BREAK.split(t) if x.strip() and x.strip() not in drop))
    leads = texts.map(lambda t: " ".join(t.split()[:lead_words]))
    return (headlines + ". " + headlines + ". " + leads).str.strip(". ").where(headlines != "", leads)


def names_and_numbers(document: str) -> str:
    """Capitalised word sequences and numbers of ``document``, one token each.

    Example:
        >>> names_and_numbers("Qassem Soleimani was killed in Baghdad, 7 people died.")
        'qassem_soleimani baghdad 7'
    """
    return " ".join(m.group(0).replace(" ", "_").lower() for m in _NAME_OR_NUMBER.finditer(document) if m.group(0).lower() not in _SENTENCE_STARTS)


_SENTENCE_STARTS = {
    "the", "a", "an", "in", "on", "at", "it", "he", "she", "they", "we", "i", "this", "that", "but", "and", "as", "after", "earlier", "meanwhile", "some", "no",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}


def tfidf_vectors(documents: pd.Series, *, entity_weight: float = ENTITY_WEIGHT) -> csr_matrix:
    """L2-normalised article vectors: word TF-IDF joined with name-and-number TF-IDF.

    Words: unigrams and bigrams, English stop words, sublinear tf. Names and
    numbers (:func:`names_and_numbers`) carry ``entity_weight`` of the squared
    norm: events of one region share common words, rarely the same people,
    places and figures. Terms in more than half the documents are dropped once
    the corpus has 20 or more articles.
    """
    n_docs = len(documents)
    max_df = 0.5 if n_docs >= 20 else 1.0
    documents = documents.fillna("").astype(str)
    parts = []
    for weight, vectorizer, docs in [
        (1.0 - entity_weight, TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True, max_df=max_df), documents),
        (entity_weight, TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, max_df=max_df), documents.map(names_and_numbers)),
    ]:
        if weight <= 0:
            continue
        try:
            parts.append(csr_matrix(vectorizer.fit_transform(docs.tolist())) * np.sqrt(weight))
        except ValueError:  # empty vocabulary
            parts.append(csr_matrix((n_docs, 1)))
    return csr_matrix(normalize(hstack(parts).tocsr()))


def day_numbers(dates: pd.Series) -> pd.Series:
    """Days since 1970-01-01 as floats, NaN where the date is missing or unreadable."""
    parsed = pd.to_datetime(dates.fillna("").astype(str).replace("", None), errors="coerce", format="mixed")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.days
    return days.astype(float)


def event_dates(articles: pd.DataFrame) -> pd.Series:
    """The day each article's lead says the news happened, else its publication date.

    The first date in the headline and first paragraph ("on Wednesday", "Jan. 3"),
    resolved against the publication date and no later than it.

    Example:
        >>> event_dates(pd.DataFrame({"date": ["2020-01-10"], "headline": [""], "text": ["Iran fired missiles on Wednesday."]})).tolist()
        ['2020-01-08']
    """
    dates = articles.get("date", pd.Series("", index=articles.index)).fillna("").astype(str)
    headlines = articles.get("headline", pd.Series("", index=articles.index)).fillna("").astype(str)
    texts = articles.get("text", pd.Series("", index=articles.index)).fillna("").astype(str)
    resolved = []
    for date, headline, text in zip(dates, headlines, texts, strict=True):
        lead = headline + "\n\n" + text.split("\n\n")[0]
        found = [d for _, _, d in resolve_dates(lead, date) if not date or d <= date]
        resolved.append(found[0] if found else date)
    return pd.Series(resolved, index=articles.index, name="event_date")


def candidate_links(
    vectors: csr_matrix,
    days: np.ndarray,
    *,
    window_days: int,
    n_neighbors: int = 10,
    min_similarity: float = 0.0,
    day_decay: float = DAY_DECAY,
) -> pd.DataFrame:
    """Sparse links ``(i, j, similarity)``, i < j, between articles at most ``window_days`` apart.

    Similarity is TF-IDF cosine times ``exp(-day_decay * days apart)``. Articles
    are compared day by day against the following ``window_days`` days only, and
    each keeps its ``n_neighbors`` best links. Undated articles are compared with
    every article (no date penalty): their number should stay small.
    """
    n = vectors.shape[0]
    rows: list[tuple[int, int, float]] = []
    dated = np.flatnonzero(~np.isnan(days))
    undated = np.flatnonzero(np.isnan(days))

    def keep(block_rows: np.ndarray, block_cols: np.ndarray, sims: np.ndarray) -> None:
        for r, i in enumerate(block_rows):
            row = sims[r]
            order = np.argsort(-row, kind="stable")[: n_neighbors + 1]
            for c in order:
                j = block_cols[c]
                if j != i and row[c] > min_similarity:
                    rows.append((min(i, j), max(i, j), float(row[c])))

    if len(dated):
        dated_days = days[dated]
        for day in np.unique(dated_days):
            block_rows = dated[dated_days == day]
            block_cols = dated[(dated_days >= day - window_days) & (dated_days <= day + window_days)]
            sims = (vectors[block_rows] @ vectors[block_cols].T).toarray()
            gaps = np.abs(days[block_cols][None, :] - day)
            keep(block_rows, block_cols, sims * np.exp(-day_decay * gaps))
    if len(undated):
        everyone = np.arange(n)
        for start in range(0, len(undated), 512):
            block_rows = undated[start : start + 512]
            keep(block_rows, everyone, (vectors[block_rows] @ vectors.T).toarray())
    links = pd.DataFrame(rows, columns=["i", "j", "similarity"])
    return links.sort_values(["i", "j", "similarity"]).drop_duplicates(["i", "j"], keep="last").reset_index(drop=True)


def average_linkage_labels(similarities: np.ndarray, *, threshold: float) -> np.ndarray:
    """Cluster labels (1-based) from a square similarity matrix, by average linkage cut at ``threshold``.

    Example:
        >>> average_linkage_labels(np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.1], [0.0, 0.1, 1.0]]), threshold=0.5).tolist()
        [1, 1, 2]
    """
    if len(similarities) == 1:
        return np.ones(1, dtype=int)
    distances = np.clip(1.0 - similarities, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    return fcluster(linkage(squareform(distances, checks=False), method="average"), t=1.0 - threshold, criterion="distance")


def component_clusters(n: int, pairs: np.ndarray, split) -> np.ndarray:
    """Cluster number (0-based) of each of ``n`` items: connected components of the linked ``pairs`` (rows ``i, j``),
    each divided by ``split(members)``, which returns one label per member.

    Work stays per component, so a corpus costs the sum of its components' squares, not its own square.

    Example:
        >>> component_clusters(4, np.array([[0, 1], [1, 2]]), lambda m: np.arange(len(m)) // 2).tolist()
        [0, 0, 1, 2]
    """
    pairs = np.asarray(pairs, dtype=int).reshape(-1, 2)
    graph = csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    n_components, component = connected_components(graph, directed=False)
    labels = np.full(n, -1)
    next_label = 0
    for comp in range(n_components):
        members = np.flatnonzero(component == comp)
        sub = split(members) if len(members) > 1 else np.ones(1, dtype=int)
        for value in np.unique(sub):
            labels[members[sub == value]] = next_label
            next_label += 1
    return labels


def _average_linkage(members: np.ndarray, vectors: csr_matrix, days: np.ndarray, *, threshold: float, day_decay: float) -> np.ndarray:
    """Cluster labels (1-based) of ``members`` by average linkage cut at ``threshold`` similarity."""
    sims = (vectors[members] @ vectors[members].T).toarray()
    member_days = days[members]
    gaps = np.abs(member_days[:, None] - member_days[None, :])
    return average_linkage_labels(sims * np.exp(-day_decay * np.nan_to_num(gaps, nan=0.0)), threshold=threshold)


def cluster_articles(
    vectors: csr_matrix,
    days: np.ndarray,
    *,
    threshold: float,
    window_days: int,
    n_neighbors: int = 10,
    day_decay: float = DAY_DECAY,
) -> np.ndarray:
    """Cluster number per article (0-based, arbitrary order): linked components, then average linkage."""
    links = candidate_links(vectors, days, window_days=window_days, n_neighbors=n_neighbors, min_similarity=threshold, day_decay=day_decay)

    def split(members: np.ndarray) -> np.ndarray:
        if len(members) > MAX_COMPONENT:
            warnings.warn(
                f"events: {len(members)} articles linked into one component; kept as one event "
                "(raise threshold or narrow window_days)",
                stacklevel=4,
            )
            return np.ones(len(members), dtype=int)
        return _average_linkage(members, vectors, days, threshold=threshold, day_decay=day_decay)

    return component_clusters(vectors.shape[0], links[["i", "j"]].to_numpy(), split)


def assign_events(
    articles: pd.DataFrame,
    *,
    granularity: str = "story",
    threshold: float | None = None,
    window_days: int | None = None,
    n_neighbors: int = 10,
) -> pd.Series:
    """One event id per article, as a Series named ``event`` aligned to ``articles.index``.

    Args:
        articles: ``article_id, date, headline, text`` (``outlet`` unused here);
            an optional ``event`` column (from the manifest) overrides the clustering
            where it is filled.
        granularity: ``"story"`` (one happening) or ``"storyline"`` (a happening
            and its aftermath); sets ``threshold`` and ``window_days``.
        threshold: similarity (cosine times date decay) needed to join an event;
            overrides the granularity preset.
        window_days: articles further apart than this are never linked.
        n_neighbors: links kept per article (keeps the graph sparse).

    Returns:
        Event ids ``E001, E002, ...`` numbered by each event's earliest date, then
        smallest article_id; manifest ids are kept as given.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": ["2020-01-03", ""],
        ...     "headline": ["Strike kills general", "Strike kills general in Baghdad"], "text": ["", ""]})
        >>> assign_events(arts).tolist()
        ['E001', 'E001']
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {sorted(GRANULARITIES)}, not {granularity!r}")
    preset_threshold, preset_window = GRANULARITIES[granularity]
    threshold = preset_threshold if threshold is None else threshold
    window_days = preset_window if window_days is None else window_days
    if articles.empty:
        return pd.Series([], index=articles.index, name="event", dtype=object)
    days = day_numbers(event_dates(articles)).to_numpy()
    drop = boilerplate_sentences(articles.get("text", pd.Series("", index=articles.index)))
    vectors = tfidf_vectors(article_documents(articles, drop=drop))
    labels = cluster_articles(vectors, days, threshold=threshold, window_days=window_days, n_neighbors=n_neighbors)
    return _name_events(articles, labels, days)


def _name_events(articles: pd.DataFrame, labels: np.ndarray, days: np.ndarray) -> pd.Series:
    """Turn cluster numbers into stable ids, applying manifest ``event`` values first."""
    ids = articles["article_id"].astype(str).to_numpy() if "article_id" in articles else np.arange(len(articles)).astype(str)
    manifest = articles["event"].fillna("").astype(str).str.strip().to_numpy() if "event" in articles else np.full(len(articles), "")
    frame = pd.DataFrame({"label": labels, "day": np.nan_to_num(days, nan=np.inf), "article_id": ids, "manifest": manifest})
    order = frame.groupby("label").agg(day=("day", "min"), article_id=("article_id", "min")).sort_values(["day", "article_id"])
    auto_names = {label: f"E{rank + 1:03d}" for rank, label in enumerate(order.index)}
    names = []
    for label, given in zip(frame["label"], frame["manifest"], strict=True):
        if given:
            names.append(given)
            continue
        cluster_manifest = sorted(set(frame.loc[(frame["label"] == label) & (frame["manifest"] != ""), "manifest"]))
        names.append(cluster_manifest[0] if len(cluster_manifest) == 1 else auto_names[label])
    return pd.Series(names, index=articles.index, name="event", dtype=object)


def event_table(articles: pd.DataFrame, events: pd.Series) -> pd.DataFrame:
    """Per event: ``event, n_articles, n_outlets, outlets, first_date, last_date, headline, status``.

    ``status`` says what the event can be used for: ``"comparable"`` (two or more
    outlets), ``"single outlet"`` or ``"single article"``.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "date": ["2020-01-03", "2020-01-04"], "headline": ["H1", "H2"]})
        >>> event_table(arts, pd.Series(["E001", "E001"]))[["event", "n_outlets", "status"]].values.tolist()
        [['E001', 2, 'comparable']]
    """
    frame = articles.assign(event=events.to_numpy())
    rows = []
    for event, group in frame.groupby("event", sort=True):
        outlets = sorted(set(group.get("outlet", pd.Series(dtype=str)).dropna().astype(str)) - {""})
        dates = sorted(d for d in group.get("date", pd.Series(dtype=str)).fillna("").astype(str) if d)
        status = "single article" if len(group) == 1 else ("single outlet" if len(outlets) < 2 else "comparable")
        first = group.sort_values(["date", "article_id"]) if "date" in group else group
        rows.append((event, len(group), len(outlets), ";".join(outlets), dates[0] if dates else "", dates[-1] if dates else "", str(first["headline"].iloc[0]) if "headline" in first else "", status))
    return pd.DataFrame(rows, columns=["event", "n_articles", "n_outlets", "outlets", "first_date", "last_date", "headline", "status"])


def adjusted_rand(true_events, predicted_events) -> float:
    """Adjusted Rand index between two event labelings (1.0 = identical partitions)."""
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(list(true_events), list(predicted_events)))


# ---------------------------------------------------------------------------
# Synthetic dev set: events covered by several outlets, for measuring assign_events
# ---------------------------------------------------------------------------

_TOPICS = [
    # (region nouns, countries, leaders, cities, organisations)
    ("Gulf", ["Iran", "Iraq", "Kuwait"], ["Hassan Rouhani", "Adel Abdul Mahdi", "Javad Zarif"], ["Baghdad", "Basra", "Erbil", "Tehran"], ["the Revolutionary Guards", "Kataib Hezbollah"]),
    ("Levant", ["Syria", "Lebanon", "Jordan"], ["Bashar al-Assad", "Michel Aoun", "Ayman Safadi"], ["Damascus", "Aleppo", "Beirut", "Idlib"], ["Hezbollah", "the Syrian Democratic Forces"]),
    ("Sahel", ["Mali", "Niger", "Burkina Faso"], ["Ibrahim Boubacar Keita", "Mahamadou Issoufou", "Roch Kabore"], ["Bamako", "Niamey", "Gao", "Ouagadougou"], ["MINUSMA", "the G5 Sahel force"]),
    ("Korea", ["North Korea", "South Korea", "Japan"], ["Kim Jong Un", "Moon Jae-in", "Shinzo Abe"], ["Pyongyang", "Seoul", "Busan", "Tokyo"], ["the Korean Central News Agency", "the Joint Chiefs of Staff"]),
    ("Andes", ["Bolivia", "Peru", "Chile"], ["Jeanine Anez", "Martin Vizcarra", "Sebastian Pinera"], ["La Paz", "Lima", "Santiago", "Cochabamba"], ["the MAS party", "the Organization of American States"]),
    ("Balkans", ["Serbia", "Kosovo", "Montenegro"], ["Aleksandar Vucic", "Albin Kurti", "Milo Djukanovic"], ["Belgrade", "Pristina", "Podgorica", "Mitrovica"], ["KFOR", "the Serbian Orthodox Church"]),
    ("Horn", ["Ethiopia", "Sudan", "Somalia"], ["Abiy Ahmed", "Abdalla Hamdok", "Mohamed Farmajo"], ["Addis Ababa", "Khartoum", "Mogadishu", "Kismayo"], ["al-Shabaab", "the African Union mission"]),
    ("Caucasus", ["Armenia", "Azerbaijan", "Georgia"], ["Nikol Pashinyan", "Ilham Aliyev", "Giorgi Gakharia"], ["Yerevan", "Baku", "Tbilisi", "Stepanakert"], ["the OSCE Minsk Group", "the Georgian Dream party"]),
    ("Hong Kong", ["China", "Hong Kong", "Taiwan"], ["Carrie Lam", "Xi Jinping", "Tsai Ing-wen"], ["Hong Kong", "Shenzhen", "Taipei", "Kowloon"], ["the Civil Human Rights Front", "the Legislative Council"]),
    ("Venezuela", ["Venezuela", "Colombia", "Brazil"], ["Nicolas Maduro", "Juan Guaido", "Ivan Duque"], ["Caracas", "Maracaibo", "Cucuta", "Bogota"], ["the National Assembly", "PDVSA"]),
    ("Libya", ["Libya", "Egypt", "Tunisia"], ["Fayez al-Sarraj", "Khalifa Haftar", "Abdel Fattah al-Sisi"], ["Tripoli", "Benghazi", "Misrata", "Sirte"], ["the Libyan National Army", "the Government of National Accord"]),
    ("Kashmir", ["India", "Pakistan", "Afghanistan"], ["Narendra Modi", "Imran Khan", "Ashraf Ghani"], ["Srinagar", "Islamabad", "Kabul", "Jammu"], ["the Taliban", "Jaish-e-Mohammed"]),
    ("Baltic", ["Russia", "Estonia", "Lithuania"], ["Vladimir Putin", "Juri Ratas", "Gitanas Nauseda"], ["Moscow", "Tallinn", "Vilnius", "Kaliningrad"], ["the Baltic Fleet", "NATO's enhanced forward presence"]),
    ("Yemen", ["Yemen", "Saudi Arabia", "Oman"], ["Abd-Rabbu Mansour Hadi", "Mohammed bin Salman", "Abdul-Malik al-Houthi"], ["Sanaa", "Aden", "Hodeidah", "Marib"], ["the Houthi movement", "the Saudi-led coalition"]),
    ("Sahara", ["Algeria", "Morocco", "Mauritania"], ["Abdelmadjid Tebboune", "Saad-Eddine El Othmani", "Mohamed Ould Ghazouani"], ["Algiers", "Rabat", "Nouakchott", "Oran"], ["the Hirak movement", "the Polisario Front"]),
    ("Myanmar", ["Myanmar", "Bangladesh", "Thailand"], ["Aung San Suu Kyi", "Sheikh Hasina", "Prayuth Chan-ocha"], ["Naypyidaw", "Yangon", "Cox's Bazar", "Sittwe"], ["the Arakan Army", "the Tatmadaw"]),
    ("Great Lakes", ["Congo", "Rwanda", "Uganda"], ["Felix Tshisekedi", "Paul Kagame", "Yoweri Museveni"], ["Kinshasa", "Goma", "Kigali", "Beni"], ["the Allied Democratic Forces", "MONUSCO"]),
    ("Ukraine", ["Ukraine", "Belarus", "Moldova"], ["Volodymyr Zelenskiy", "Alexander Lukashenko", "Igor Dodon"], ["Kyiv", "Donetsk", "Minsk", "Mariupol"], ["the Joint Forces Operation", "the Normandy Four"]),
    ("Mexico", ["Mexico", "Guatemala", "Honduras"], ["Andres Manuel Lopez Obrador", "Alejandro Giammattei", "Juan Orlando Hernandez"], ["Mexico City", "Culiacan", "Tijuana", "Guatemala City"], ["the Sinaloa cartel", "the National Guard"]),
    ("Nile", ["Egypt", "Ethiopia", "Sudan"], ["Sameh Shoukry", "Seleshi Bekele", "Yasser Abbas"], ["Cairo", "Addis Ababa", "Khartoum", "Aswan"], ["the Grand Ethiopian Renaissance Dam", "the World Bank"]),
]

# event type -> (headline templates, lead templates, detail templates, quotes)
_EVENT_TYPES = {
    "airstrike": (
        ["{n} killed in air strike near {city}", "Air raid on {city} kills {n}", "Warplanes pound {city}, {n} dead", "{country}: strike near {city} leaves {n} dead"],
        ["An air strike near {city} killed {n} people on {weekday}, officials said.", "At least {n} people died when warplanes bombed targets outside {city} on {weekday}.", "Aircraft struck a {site} on the edge of {city} on {weekday}, killing {n}, according to local officials.", "{n} people were killed in an aerial bombardment of {city}'s {site}, {org} said on {weekday}."],
        ["Rescue workers searched the rubble of the {site} for survivors.", "The bombing hit a {site} used by {org}, witnesses said.", "Hospitals in {city} said they had received dozens of wounded."],
        ["This was a deliberate attack on civilians", "We will respond at a time of our choosing", "The strike targeted a legitimate military objective"],
    ),
    "protest": (
        ["Thousands rally in {city} against {leader}", "Protesters fill streets of {city}", "Mass protest in {city} demands {leader} quit", "{city} protesters defy ban"],
        ["Tens of thousands of protesters marched through {city} on {weekday} demanding the resignation of {leader}.", "Crowds estimated at {n},000 gathered in central {city} on {weekday} to protest against {leader}'s government.", "Demonstrators took to the streets of {city} on {weekday}, calling on {leader} to step down.", "A huge crowd rallied in {city} on {weekday}, in the biggest protest yet against {leader}."],
        ["Police fired tear gas near the {site}.", "Organisers said {n},000 people took part, police gave a lower figure.", "{org} called for a general strike."],
        ["We will not leave until he goes", "The people have spoken", "These protests are organised from abroad"],
    ),
    "election": (
        ["{leader} claims victory in {country} vote", "{country} election: {leader} ahead in early count", "Early results put {leader} in front", "{country} votes, {leader} leads"],
        ["{leader} claimed victory in {country}'s presidential election on {weekday}, with {n} percent of votes counted.", "Early results from {country}'s election gave {leader} a lead on {weekday}, the electoral commission said.", "Voters in {country} went to the polls on {weekday}, and preliminary figures showed {leader} ahead with {n} percent.", "{country}'s electoral commission said on {weekday} that {leader} had won about {n} percent of the vote."],
        ["Turnout was reported at {n} percent in {city}.", "Observers from {org} said the vote was largely orderly.", "The opposition alleged fraud at polling stations in {city}."],
        ["This is a victory for the whole nation", "We will not accept these results", "The count is not over yet"],
    ),
    "talks": (
        ["{leader} and {leader2} meet in {city}", "Talks in {city} end without deal", "{country} and {country2} hold talks in {city}", "Leaders agree to more talks after {city} meeting"],
        ["{leader} met {leader2} in {city} on {weekday} for talks on the crisis.", "Talks between {country} and {country2} were held in {city} on {weekday}, ending without a breakthrough.", "{leader} and {leader2} sat down in {city} on {weekday}, their first meeting in {n} months.", "Negotiators for {country} and {country2} met in {city} on {weekday} and agreed to meet again."],
        ["The meeting lasted {n} hours, officials said.", "{org} welcomed the talks.", "No joint statement was issued after the {city} meeting."],
        ["The talks were frank and constructive", "There is still a long way to go", "We agreed to continue the dialogue"],
    ),
    "sanctions": (
        ["New sanctions on {country} over {org}", "{country} hit with fresh sanctions", "Sanctions target {country}'s {site}", "Sanctions widen against {leader}'s allies"],
        ["New sanctions were imposed on {country} on {weekday}, targeting {n} officials linked to {org}.", "Western governments announced fresh sanctions against {country} on {weekday}, freezing assets of {n} individuals.", "{country} was hit with a new round of sanctions on {weekday} aimed at its {site}.", "Sanctions announced on {weekday} blacklist {n} companies tied to {leader}'s government."],
        ["The measures freeze assets and ban travel.", "{leader} called the sanctions economic warfare.", "The {site} is a key source of revenue for {country}."],
        ["These sanctions are illegal", "Pressure will continue until behaviour changes", "The people will pay the price"],
    ),
    "earthquake": (
        ["Quake near {city} kills {n}", "Earthquake strikes {country}, {n} dead", "Strong tremor hits {city}", "{n} dead as earthquake rocks {country}"],
        ["A magnitude 6 earthquake struck near {city} on {weekday}, killing at least {n} people.", "At least {n} people died when a powerful earthquake hit {country}'s {city} region on {weekday}.", "A strong quake shook {city} on {weekday}, toppling buildings and killing {n}.", "An earthquake near {city} on {weekday} left {n} people dead, emergency services said."],
        ["Aftershocks were felt as far away as the {site}.", "Rescuers were digging through collapsed homes in {city}.", "{leader} declared three days of mourning."],
        ["We are doing everything to reach the survivors", "Whole villages have been flattened", "We need tents and blankets urgently"],
    ),
    "hostage": (
        ["{n} hostages freed in {city}", "Hostages released near {city}", "Captives freed after talks in {city}", "{org} frees {n} hostages"],
        ["{n} hostages held by {org} were freed near {city} on {weekday}.", "{org} released {n} captives on {weekday} after negotiations in {city}.", "Security forces said on {weekday} that {n} hostages had been freed near {city}.", "{n} people kidnapped by {org} walked free near {city} on {weekday}."],
        ["Some had been held for {n} months.", "Mediators from {country2} helped secure the release.", "No ransom was paid, {leader}'s office said."],
        ["They are safe and will soon be home", "We thank all those who worked for their release", "This shows negotiation works"],
    ),
    "court": (
        ["Court jails former {country} minister", "{city} court sentences ex-official to {n} years", "Former minister convicted in {city}", "Ex-minister gets {n} years for graft"],
        ["A court in {city} sentenced a former {country} minister to {n} years in prison on {weekday} for corruption.", "A former minister was jailed for {n} years by a {city} court on {weekday} over graft linked to the {site}.", "Judges in {city} convicted a former {country} minister of embezzlement on {weekday}, handing down a {n}-year sentence.", "{country}'s former minister was found guilty of corruption in {city} on {weekday} and sentenced to {n} years."],
        ["The case involved contracts for the {site}.", "Defence lawyers said they would appeal.", "{org} welcomed the verdict."],
        ["Justice has been served", "This is a political trial", "We will appeal the verdict"],
    ),
    "missile": (
        ["{country} fires missile toward {country2}", "Missile launch from {country} alarms region", "{country} tests new missile", "{country} launches missiles near {city}"],
        ["{country} fired a ballistic missile on {weekday}, {org} said, the {n}th launch this year.", "A missile launched by {country} on {weekday} flew about {n}00 km before falling into the sea.", "{country} test-fired missiles from near {city} on {weekday}, according to {org}.", "{org} said {country} launched {n} short-range missiles on {weekday} from the {city} area."],
        ["The missile came down near the {site}.", "{leader2} condemned the launch as a provocation.", "{country2} convened its security council."],
        ["This launch is a serious provocation", "Our tests are for self-defence", "We are monitoring the situation closely"],
    ),
    "bombing": (
        ["Car bomb kills {n} in {city}", "Blast at {city} {site} kills {n}", "{n} dead in {city} explosion", "Suicide bomber strikes {city}"],
        ["A car bomb exploded near a {site} in {city} on {weekday}, killing {n} people.", "At least {n} people were killed when a suicide bomber struck a {site} in {city} on {weekday}.", "An explosion ripped through a {site} in {city} on {weekday}, leaving {n} dead, police said.", "{n} people died in a bomb attack on a {site} in {city} on {weekday}, officials said."],
        ["{org} claimed responsibility for the attack.", "The blast shattered windows across the district.", "{leader} ordered an investigation."],
        ["This cowardly attack will not go unpunished", "We grieve with the families", "Security will be tightened across the country"],
    ),
    "resignation": (
        ["{country} prime minister resigns", "{country} government quits after protests", "PM steps down in {country}", "{country}: premier resigns amid pressure"],
        ["{country}'s prime minister resigned on {weekday} after weeks of pressure, handing his resignation to {leader}.", "The prime minister of {country} stepped down on {weekday}, {n} days after protests began in {city}.", "{country}'s government collapsed on {weekday} when the prime minister quit.", "Bowing to pressure, {country}'s premier announced his resignation on {weekday} in a televised address from {city}."],
        ["{leader} asked him to stay on in a caretaker role.", "{org} said the resignation was not enough.", "Talks on a new government are expected to take weeks."],
        ["I am stepping down to spare the country", "This is only the first step", "The people have won"],
    ),
    "flood": (
        ["Floods kill {n} in {country}", "Heavy rains flood {city}", "{n} dead as floods hit {city}", "{country} floods displace thousands"],
        ["Flooding after heavy rain killed {n} people in and around {city} on {weekday}.", "At least {n} people died as floods swept through {country}'s {city} region on {weekday}.", "Torrential rain flooded {city} on {weekday}, killing {n} and forcing thousands from their homes.", "Floodwaters submerged parts of {city} on {weekday}, and {n} deaths were confirmed."],
        ["The river burst its banks near the {site}.", "{leader} visited flooded districts.", "Aid agencies warned of disease."],
        ["We have lost everything", "Help is on the way", "The worst floods in decades"],
    ),
    "deal": (
        ["{country} and {country2} sign deal on {site}", "Agreement reached on {site}", "{leader} signs accord with {leader2}", "Deal on {site} signed in {city}"],
        ["{country} and {country2} signed an agreement on the {site} in {city} on {weekday}.", "{leader} and {leader2} signed a deal on {weekday} in {city} covering the {site}.", "An accord on the {site} worth {n} billion dollars was signed by {country} and {country2} on {weekday}.", "Officials from {country} and {country2} put their names to a {site} agreement in {city} on {weekday}."],
        ["The deal is worth about {n} billion dollars.", "{org} had mediated the talks.", "Critics said the agreement lacked detail."],
        ["This agreement opens a new chapter", "We made painful compromises", "The deal will bring jobs"],
    ),
    "clash": (
        ["Border clashes kill {n} soldiers", "Troops clash near {city}", "{n} soldiers dead in {country}-{country2} clash", "Fighting erupts near {city}"],
        ["Clashes between {country} and {country2} troops near {city} killed {n} soldiers on {weekday}.", "{n} soldiers died in fighting near {city} on {weekday}, {org} said.", "Troops from {country} and {country2} exchanged fire near {city} on {weekday}, leaving {n} dead.", "Fighting broke out near {city} on {weekday}, killing {n} soldiers on both sides."],
        ["Artillery fire was reported near the {site}.", "{leader2} accused {country} of starting the fighting.", "{org} called for restraint."],
        ["Our forces responded to an attack", "We will defend every inch of our land", "Both sides must stop firing now"],
    ),
}
_SITES = ["market", "checkpoint", "power plant", "airport", "oil terminal", "border crossing", "hospital", "port", "military base", "university", "dam", "pipeline", "bus station", "stadium", "refinery", "railway line"]
_FIRST_NAMES = ["Amina", "Omar", "Lina", "Karim", "Sofia", "Tariq", "Elena", "Yusuf", "Mariam", "Pavel", "Nadia", "Jorge", "Leila", "Samir", "Ana", "Bilal", "Irina", "Hassan", "Rosa", "Daniel", "Farah", "Ivan", "Salma", "Mateo"]
_LAST_NAMES = ["Haddad", "Okafor", "Petrov", "Rahimi", "Mendes", "Kovac", "Nasser", "Ortega", "Hussein", "Lindqvist", "Diallo", "Morales", "Karimi", "Novak", "Saleh", "Traore", "Ivanova", "Qureshi", "Alvarez", "Mansour", "Keita", "Bakr", "Sokolov", "Farouk"]
_OFFICIAL_TITLES = ["the local governor", "a police spokesman", "the provincial health chief", "an army spokesman", "the interior minister", "a regional official"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_OUTLETS = {
    "Reuters": ("{CITY} (Reuters) - ", "Reuters could not independently verify the reports."),
    "AP": ("{CITY} (AP) — ", "The Associated Press contributed to this report."),
    "AFP": ("{CITY}: ", "AFP correspondents in the region reported similar accounts."),
    "Sputnik": ("", "Sputnik has reached out for comment."),
    "RT": ("", "RT has asked for comment but has not heard back."),
}
_SPECIFICS = [
    "{official}, {title}, said {n2} people had been questioned or treated so far.",
    "\u201cThe situation is under control,\u201d said {official}, {title}, adding that {n2} extra police had been deployed.",
    "According to {official}, {title}, the toll could rise; {n2} people were still unaccounted for.",
    "{official}, {title}, told reporters that {n2} families had been affected.",
]
_BACKGROUND = [
    "Tensions in the {region} have risen since {prev_lead}",
    "The latest events come after {prev_headline_lower}, earlier this month.",
    "Earlier, {prev_lead_lower}",
    "{region} analysts say the situation remains volatile.",
    "{leader} has faced mounting criticism at home.",
    "{org} has been active in the area for years.",
]


def synthetic_corpus(
    *, n_events: int = 100, outlets_per_event: int = 3, n_topics: int = 20, days: int = 40, repeat_type: float = 0.2, seed: int = SEED
) -> pd.DataFrame:
    """A deterministic synthetic corpus for measuring :func:`assign_events`.

    ``n_events`` events spread over ``n_topics`` regions and ``days`` days; each is
    reported by ``outlets_per_event`` outlets, one to two days apart, in
    paraphrased wording (different headline, lead and detail templates, outlet
    datelines and boilerplate). It is meant to be hard: events of one region share
    countries, leaders and organisations and fall on nearby days, often of the
    same type (two air strikes in one region in a week), and articles carry
    background sentences quoting an earlier event of the same region.

    Returns:
        ``article_id, outlet, date, headline, text, true_event``, sorted by article_id.

    Example:
        >>> corpus = synthetic_corpus(n_events=4, n_topics=2, seed=1)
        >>> len(corpus), corpus["true_event"].nunique()
        (12, 4)
    """
    rng = np.random.default_rng(seed)
    type_names = sorted(_EVENT_TYPES)
    start = pd.Timestamp("2020-01-01")
    topic_ids = np.arange(n_events) % n_topics
    topic_days = rng.integers(0, max(1, days - 8), size=n_topics)
    events = []
    for k in range(n_events):
        topic = int(topic_ids[k])
        region, countries, leaders, cities, orgs = _TOPICS[topic % len(_TOPICS)]
        same_region = [e for e in events if e["topic"] == topic]
        if same_region and rng.random() < repeat_type:  # same kind of event again in this region: the hardest case
            kind = same_region[-1]["kind"]
        else:
            kind = type_names[int(rng.integers(len(type_names)))]
        used_cities = {e["slots"]["city"] for e in same_region if e["kind"] == kind}
        city_pool = [c for c in cities if c not in used_cities] or cities
        country, country2 = rng.choice(countries, size=2, replace=False)
        leader, leader2 = rng.choice(leaders, size=2, replace=False)
        _, _, _, quotes = _EVENT_TYPES[kind]
        slots = {
            "region": region, "country": str(country), "country2": str(country2),
            "leader": str(leader), "leader2": str(leader2), "city": str(rng.choice(city_pool)),
            "org": str(rng.choice(orgs)), "site": str(rng.choice(_SITES)), "n": str(int(rng.integers(3, 60))),
        }
        day = int(topic_days[topic] + rng.integers(0, 8))
        date = start + pd.Timedelta(days=day)
        slots["weekday"] = _WEEKDAYS[date.dayofweek]
        slots["official"] = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        slots["title"] = str(rng.choice(_OFFICIAL_TITLES))
        slots["n2"] = str(int(rng.integers(2, 400)))
        speaker = slots["leader"] if rng.random() < 0.5 else f"a spokesman for {slots['org']}"
        quote = f"\u201c{quotes[int(rng.integers(len(quotes)))]},\u201d {speaker} said."
        events.append({"event": f"T{k:03d}", "topic": topic, "kind": kind, "date": date, "slots": slots, "quote": quote})
    rows = []
    outlet_names = sorted(_OUTLETS)
    for index, event in enumerate(events):
        heads, leads, details, quotes = _EVENT_TYPES[event["kind"]]
        slots = event["slots"]
        earlier = [e for e in events[:index] if e["topic"] == event["topic"]]
        prev = earlier[-1] if earlier else None
        chosen = rng.choice(outlet_names, size=outlets_per_event, replace=False)
        style = rng.permutation(len(leads))
        for position, outlet in enumerate(sorted(chosen)):
            prefix, boilerplate = _OUTLETS[str(outlet)]
            lead = leads[int(style[position % len(style)])].format(**slots)
            headline = heads[int(rng.integers(len(heads)))].format(**slots)
            body = [prefix.replace("{CITY}", slots["city"].upper()) + lead]
            picked = rng.permutation(len(details))[: 1 + int(rng.integers(0, 2))]
            body += [details[int(i)].format(**slots) for i in picked]
            body.append(_SPECIFICS[int(rng.integers(len(_SPECIFICS)))].format(**slots))
            if rng.random() < 0.7:  # agency copy often carries the same quote
                body.append(event["quote"])
            else:
                other = f"a spokesman for {slots['org']}" if rng.random() < 0.5 else slots["leader2"]
                body.append(f"\u201c{quotes[int(rng.integers(len(quotes)))]},\u201d {other} said.")
            if prev is not None and rng.random() < 0.8:
                prev_heads, prev_leads, _, _ = _EVENT_TYPES[prev["kind"]]
                prev_lead = prev_leads[int(rng.integers(len(prev_leads)))].format(**prev["slots"])
                fill = {**slots, "prev_lead": prev_lead[0].lower() + prev_lead[1:], "prev_lead_lower": prev_lead[0].lower() + prev_lead[1:],
                        "prev_headline_lower": prev_heads[int(rng.integers(len(prev_heads)))].format(**prev["slots"]).lower()}
                body.append(_BACKGROUND[int(rng.integers(3))].format(**fill))
            body.append(_BACKGROUND[3 + int(rng.integers(3))].format(**slots))
            body.append(boilerplate)
            date = event["date"] + pd.Timedelta(days=int(rng.integers(0, 2)) if position else 0)
            rows.append((f"{event['event']}-{outlet}", str(outlet), date.strftime("%Y-%m-%d"), headline, "\n\n".join(body), event["event"]))
    corpus = pd.DataFrame(rows, columns=["article_id", "outlet", "date", "headline", "text", "true_event"])
    return corpus.sort_values("article_id").reset_index(drop=True)
