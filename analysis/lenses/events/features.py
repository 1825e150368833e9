"""Cheap article and article-pair features for grouping news articles into events.

Every article is cut into a headline (its title, else its first line), a lede
(the first ~60 words after the headline) and a body (the first ``BODY_WORDS``
words). Vectors are fitted on the corpus itself (IDF from the user's corpus), so
the same code serves a 3-article corpus and a 10,000-article one. Candidate pairs
are each article's nearest neighbours, never all pairs, and every pair feature is
a row-wise product of two sparse rows.

Example:
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": ["2020-01-07", "2020-01-08"],
    ...     "title": ["NATO pulls troops out of Iraq", "NATO moves troops from Iraq"],
    ...     "text": ["NATO said on Tuesday it would move 200 troops out of Iraq.", "NATO is moving 200 troops out of Iraq."]})
    >>> vectors = article_vectors(arts)
    >>> pairs = candidate_pairs(vectors, n_neighbors=5)
    >>> round(float(pair_features(vectors, pairs)["numbers"].iloc[0]), 2)
    1.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from .dates import article_dates, day_numbers, is_dateline

HEADLINE_WORDS = 30
LEDE_WORDS = 60
BODY_WORDS = 400
N_NEIGHBORS = 20
SALIENT_NAMES = 3
PAIR_CHUNK = 4096
MEAN_TERMS = 100
BLOCK_ROWS = 512
ENTITY_LABELS_KEPT = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")
NUMBER_ENTITY_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019']?\s+(?=[\"\u201c\u2018A-Z0-9])")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-3]\d)(?!\d)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'\u2019.-]*[a-zA-Z](?:\s+(?:[A-Z][a-zA-Z'\u2019.-]*[a-zA-Z]))*")
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|St|Jr|Rev|Prof)\.\s*$")
_NAME_STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "said", "says", "read", "more", "click", "advertisement", "image", "photo",
}


def _words(text: str) -> list[str]:
    return text.split()


def _strip_title(text: str, title: str) -> str:
    """``text`` without a leading copy of ``title`` (some feeds repeat the headline)."""
    if title and text[: len(title) + 5].lstrip().startswith(title.strip()):
        return text.lstrip()[len(title.strip()) :].lstrip()
    return text


def _split_headline(text: str) -> tuple[str, str]:
    """First line (or first sentence when the first line is long) and the rest."""
    stripped = text.lstrip()
    parts = _PARAGRAPH.split(stripped, maxsplit=1)
    first, rest = parts[0].strip(), (parts[1] if len(parts) > 1 else "")
    if len(first.split()) > HEADLINE_WORDS:
        sentences = _SENTENCE_END.split(first, maxsplit=1)
        first, rest = sentences[0].strip(), (sentences[1] if len(sentences) > 1 else "") + "\n\n" + rest
    return first, rest


def _drop_dateline_paragraphs(text: str) -> str:
    """Leading short paragraphs that are only a date or time stamp ("May 23, 2005", "7: 00pm UK, Wednesday 05 May 2010")."""
    paragraphs = [p for p in _PARAGRAPH.split(text) if p.strip()]
    while paragraphs and is_dateline(paragraphs[0].strip()):
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def boilerplate_paragraphs(articles: pd.DataFrame, *, min_share: float = 0.02, min_articles: int = 5) -> frozenset[str]:
    """Paragraphs (lines) that are outlet furniture, not news: found word for word in two or more articles of one
    outlet, or in more than ``max(min_articles, min_share * n)`` articles overall ("Sign up for our newsletter",
    "ProPublica is a nonprofit newsroom..."). A paragraph shared by a few articles of different outlets (wire copy)
    is kept: it is evidence of one event.

    Example:
        >>> arts = pd.DataFrame({"outlet": ["P", "P", "Q"], "text": ["Sign up.\\nNavy sailor ill.", "Sign up.\\nDrug shortage.", "Navy sailor ill."]})
        >>> sorted(boilerplate_paragraphs(arts))
        ['Sign up.']
    """
    texts = articles.get("text", pd.Series("", index=articles.index)).fillna("").astype(str)
    outlets = articles.get("outlet", pd.Series("", index=articles.index)).fillna("").astype(str)
    overall: dict[str, int] = {}
    by_outlet: dict[tuple[str, str], int] = {}
    for outlet, text in zip(outlets, texts, strict=True):
        for paragraph in {" ".join(p.split()) for p in _PARAGRAPH.split(text)}:
            if paragraph:
                overall[paragraph] = overall.get(paragraph, 0) + 1
                if outlet:
                    by_outlet[(outlet, paragraph)] = by_outlet.get((outlet, paragraph), 0) + 1
    limit = max(min_articles, min_share * len(texts))
    dropped = {p for p, count in overall.items() if count > limit}
    dropped |= {p for (_, p), count in by_outlet.items() if count >= 2}
    return frozenset(dropped)


def _without(text: str, drop: frozenset[str]) -> str:
    if not drop:
        return text
    return "\n\n".join(p for p in _PARAGRAPH.split(text) if " ".join(p.split()) not in drop)


def article_parts(articles: pd.DataFrame, *, drop: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Headline, lede and body of each article, from ``title`` and ``text``.

    The headline is the title, else the text's first line (ECB+ has no titles);
    a copy of the title opening the text is skipped; date-stamp lines and the
    paragraphs in ``drop`` (see :func:`boilerplate_paragraphs`) are dropped.

    Example:
        >>> article_parts(pd.DataFrame({"title": [""], "text": ["Quake hits Chile\\n\\nMay 3, 2010\\n\\nA strong quake hit Chile."]})).iloc[0].tolist()
        ['Quake hits Chile', 'A strong quake hit Chile.', 'A strong quake hit Chile.']
    """
    titles = articles.get("title", pd.Series("", index=articles.index)).fillna("").astype(str)
    texts = articles.get("text", pd.Series("", index=articles.index)).fillna("").astype(str)
    rows = []
    for title, text in zip(titles, texts, strict=True):
        text = _without(text, drop)
        title = " ".join(title.split())
        if title:
            headline, rest = title, _strip_title(text, title)
        else:
            headline, rest = _split_headline(_drop_dateline_paragraphs(text))
        rest = _drop_dateline_paragraphs(rest)
        words = _words(rest)
        rows.append((headline, " ".join(words[:LEDE_WORDS]), " ".join(words[:BODY_WORDS])))
    return pd.DataFrame(rows, columns=["headline", "lede", "body"], index=articles.index)


def stem(word: str) -> str:
    """A crude suffix stripper so "asked"/"asks"/"asking" and "quake"/"quakes" meet.

    Example:
        >>> [stem(w) for w in ["asked", "quakes", "firing", "policies", "bus"]]
        ['ask', 'quake', 'fir', 'policy', 'bus']
    """
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix) and not word.endswith("ss") and not word.endswith("us"):
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                return word[:-1]
            return word[: -len(suffix)]
    return word


def content_words(text: str, *, stems: dict[str, str] | None = None) -> list[str]:
    """Lower-cased, stemmed words without English stop words (``stems``: an optional cache the caller owns).

    Example:
        >>> content_words("The man who killed four people was sentenced")
        ['man', 'kill', 'people', 'sentenc']
    """
    stems = {} if stems is None else stems
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0).lower().replace("\u2019", "'")
        if len(word) > 1 and word not in ENGLISH_STOP_WORDS:
            stemmed = stems.get(word)
            if stemmed is None:
                stemmed = stems[word] = stem(word)
            out.append(stemmed)
    return out


def capitalised_names(text: str) -> list[str]:
    """Capitalised words not opening a sentence, lower-cased, one token per word (a cheap stand-in for NER).

    Example:
        >>> capitalised_names("Rep. Joe Sestak said no. He won against Senator Arlen Specter in May.")
        ['joe', 'sestak', 'senator', 'arlen', 'specter']
    """
    names = []
    for m in _CAPITALISED.finditer(text):
        start = m.start()
        before = text[max(0, start - 8) : start]
        tokens = m.group(0).split()
        opener = re.search(r"[.!?\"\u201c]\s*$", before) and not _TITLE_ABBREVIATION.search(before)
        if start == 0 or opener or before.endswith("\n"):
            tokens = tokens[1:]  # sentence opener: capitalised by position, not by name
        for token in tokens:
            word = token.lower().strip(".'\u2019").replace("\u2019s", "").replace("'s", "")
            if len(word) > 1 and word not in _NAME_STOPWORDS:
                names.append(word)
    return names


def numbers_in(text: str) -> list[str]:
    """Numbers written in ``text`` (commas dropped), e.g. death tolls, counts, sums.

    Example:
        >>> numbers_in("A 6.1 quake killed 1,200 people and 3 more, 7: 00pm")
        ['6.1', '1200', '3']
    """
    found = []
    for m in _NUMBER.finditer(text):
        after = text[m.end() : m.end() + 2]
        if after.startswith(":"):
            continue
        found.append(m.group(0).replace(",", ""))
    return found


def entity_tokens(entities: pd.DataFrame, article_ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Name words and numbers per article from an NER table ``article_id, text, label`` (spaCy labels).

    Returns two Series aligned with ``article_ids``: space-joined lower-cased name
    words (people, organisations, places...) and space-joined numbers.
    """
    names: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = {}
    for article_id, text, label in zip(entities["article_id"].astype(str), entities["text"].astype(str), entities["label"].astype(str), strict=True):
        if label in ENTITY_LABELS_KEPT:
            words = [w.lower().strip(".'\u2019").replace("\u2019s", "").replace("'s", "") for w in text.split()]
            names.setdefault(article_id, []).extend(w for w in words if len(w) > 1 and w not in _NAME_STOPWORDS)
        elif label in NUMBER_ENTITY_LABELS:
            numbers.setdefault(article_id, []).extend(numbers_in(text))
    ids = article_ids.astype(str)
    return (ids.map(lambda a: " ".join(names.get(a, []))), ids.map(lambda a: " ".join(numbers.get(a, []))))


@dataclass(frozen=True)
class ArticleVectors:
    """Row-normalised sparse vectors of one corpus (rows in the corpus's canonical order) and its dates."""

    headline: csr_matrix
    lede: csr_matrix
    body: csr_matrix
    names: csr_matrix
    lead_names: csr_matrix
    salient_names: csr_matrix
    numbers: csr_matrix
    years: csr_matrix
    embedding: np.ndarray | None
    days: np.ndarray


def _fit_transform(documents: list[list[str]], *, fit_on: list[list[str]] | None = None, sublinear: bool = True) -> list[csr_matrix] | csr_matrix:
    """TF-IDF of pre-tokenised documents; IDF fitted on ``fit_on`` (default: the documents themselves)."""
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=sublinear, norm="l2", dtype=np.float64)
    try:
        vectorizer.fit(fit_on if fit_on is not None else documents)
        return csr_matrix(vectorizer.transform(documents))
    except ValueError:  # empty vocabulary
        return csr_matrix((len(documents), 1), dtype=np.float64)


def article_vectors(articles: pd.DataFrame, *, embeddings: np.ndarray | None = None, entities: pd.DataFrame | None = None) -> ArticleVectors:
    """Fit the corpus's vectors: TF-IDF of headline, lede and body words, of names and of numbers.

    Names and numbers come from ``entities`` (``article_id, text, label``) when
    given, else from capitalised words and digits in headline and body.
    ``embeddings`` (one row per article, in row order) are kept as they are.
    """
    parts = article_parts(articles, drop=boilerplate_paragraphs(articles))
    stems: dict[str, str] = {}
    head = [content_words(t, stems=stems) for t in parts["headline"]]
    lede = [content_words(t, stems=stems) for t in parts["lede"]]
    body = [content_words(t, stems=stems) for t in parts["body"]]
    vocabulary_docs = [h + b for h, b in zip(head, body, strict=True)]
    if entities is not None:
        ids = articles["article_id"] if "article_id" in articles else pd.Series(range(len(articles)), index=articles.index).astype(str)
        name_text, number_text = entity_tokens(entities, ids)
        names = [n.split() + capitalised_names(h) for n, h in zip(name_text, parts["headline"], strict=True)]
        lead_names = [capitalised_names(h) + capitalised_names(x) for h, x in zip(parts["headline"], parts["lede"], strict=True)]
        numbers = [n.split() for n in number_text]
    else:
        names = [capitalised_names(h) + capitalised_names(b) for h, b in zip(parts["headline"], parts["body"], strict=True)]
        lead_names = [capitalised_names(h) + capitalised_names(x) for h, x in zip(parts["headline"], parts["lede"], strict=True)]
        numbers = [numbers_in(h + " " + b) for h, b in zip(parts["headline"], parts["body"], strict=True)]
    years = [_YEAR.findall(h + " " + b) for h, b in zip(parts["headline"], parts["body"], strict=True)]
    numbers = [[n for n in ns if not _YEAR.fullmatch(n)] for ns in numbers]
    name_vectors = _fit_transform(names)
    return ArticleVectors(
        headline=_fit_transform(head, fit_on=vocabulary_docs),
        lede=_fit_transform(lede, fit_on=vocabulary_docs),
        body=_fit_transform(body),
        names=name_vectors,
        lead_names=_fit_transform(lead_names, fit_on=names),
        salient_names=top_terms(name_vectors, k=SALIENT_NAMES),
        numbers=_fit_transform(numbers, sublinear=False),
        years=_fit_transform(years),
        embedding=None if embeddings is None else np.asarray(embeddings, dtype=np.float64),
        days=day_numbers(article_dates(articles)),
    )


def top_terms(matrix: csr_matrix, *, k: int) -> csr_matrix:
    """A 0/1 matrix marking each row's ``k`` highest-weighted columns (ties by column number).

    Example:
        >>> top_terms(csr_matrix(np.array([[0.1, 0.5, 0.3], [0.0, 0.0, 0.2]])), k=2).toarray().tolist()
        [[0.0, 1.0, 1.0], [0.0, 0.0, 1.0]]
    """
    matrix = csr_matrix(matrix)
    rows, cols = [], []
    for r in range(matrix.shape[0]):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        idx, val = matrix.indices[start:end], matrix.data[start:end]
        best = np.lexsort((idx, -val))[:k]
        rows.extend([r] * len(best))
        cols.extend(idx[best].tolist())
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=matrix.shape)


def neighbour_matrix(vectors: ArticleVectors) -> csr_matrix:
    """The vectors candidate pairs are searched with: body words, names and (if present) the embedding, L2-normalised."""
    parts = [vectors.body * np.sqrt(0.4), vectors.names * np.sqrt(0.3), vectors.headline * np.sqrt(0.3)]
    if vectors.embedding is not None:
        parts = [p * np.sqrt(0.5) for p in parts] + [csr_matrix(vectors.embedding) * np.sqrt(0.5)]
    return csr_matrix(normalize(hstack(parts).tocsr()))


def nearest_neighbours(vectors: ArticleVectors, *, n_neighbors: int = N_NEIGHBORS, block_rows: int = BLOCK_ROWS) -> np.ndarray:
    """Each article's ``n_neighbors`` most similar articles (n x k row numbers, best first).

    Works block by block (``block_rows`` x n dense at most), never n x n. Ties
    are broken by row number, so the result depends only on the vectors.
    """
    matrix = neighbour_matrix(vectors)
    n = matrix.shape[0]
    k = min(n_neighbors, n - 1)
    out = np.zeros((n, max(k, 0)), dtype=np.int64)
    if k <= 0:
        return out
    for start in range(0, n, block_rows):
        rows = np.arange(start, min(n, start + block_rows))
        sims = (matrix[rows] @ matrix.T).toarray()
        sims[np.arange(len(rows)), rows] = -np.inf
        top = np.argpartition(-sims, k, axis=1)[:, : k + 1] if n > k + 1 else np.tile(np.arange(n), (len(rows), 1))
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.lexsort((top, -top_sims), axis=1)[:, :k]
        out[rows] = np.take_along_axis(top, order, axis=1)
    return out


def candidate_pairs(vectors: ArticleVectors, *, n_neighbors: int = N_NEIGHBORS, neighbours: np.ndarray | None = None) -> pd.DataFrame:
    """Pairs ``(i, j)``, i < j, where one is among the other's ``n_neighbors`` most similar articles."""
    if neighbours is None:
        neighbours = nearest_neighbours(vectors, n_neighbors=n_neighbors)
    n, k = neighbours.shape
    if k == 0:
        return pd.DataFrame({"i": np.zeros(0, dtype=np.int64), "j": np.zeros(0, dtype=np.int64)})
    i, j = np.repeat(np.arange(n), k), neighbours.ravel()
    pairs = np.unique(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1), axis=0)
    return pd.DataFrame({"i": pairs[:, 0].astype(np.int64), "j": pairs[:, 1].astype(np.int64)})


def neighbourhood_means(matrix, neighbours: np.ndarray, *, m: int, keep_terms: int = MEAN_TERMS) -> csr_matrix:
    """Row i: the mean of the rows of ``matrix`` of article i's ``m`` nearest neighbours, cut to its ``keep_terms``
    heaviest terms (what the neighbourhood is about; keeps the rows sparse)."""
    n = neighbours.shape[0]
    m = min(m, neighbours.shape[1])
    if m == 0:
        return csr_matrix(matrix.shape)
    averaging = csr_matrix((np.full(n * m, 1.0 / m), (np.repeat(np.arange(n), m), neighbours[:, :m].ravel())), shape=(n, n))
    means = csr_matrix(averaging @ matrix)
    return means.multiply(top_terms(means, k=keep_terms)).tocsr()


def contrast_cosine(matrix, means, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of two L2-normalised rows after subtracting their neighbourhoods' mean (what they share beyond their topic).

    Example:
        >>> x = csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]]))
        >>> contrast_cosine(x, csr_matrix(np.array([[0.3, 0.4]] * 3)), np.array([0]), np.array([2])).round(2).tolist()
        [-0.83]
    """
    xi_xj = _rowwise_dot_cross(matrix, matrix, i, j)
    xi_ci, xi_cj = _rowwise_dot_cross(matrix, means, i, i), _rowwise_dot_cross(matrix, means, i, j)
    xj_ci, xj_cj = _rowwise_dot_cross(matrix, means, j, i), _rowwise_dot_cross(matrix, means, j, j)
    ci_ci, cj_cj, ci_cj = _rowwise_dot_cross(means, means, i, i), _rowwise_dot_cross(means, means, j, j), _rowwise_dot_cross(means, means, i, j)
    xi_c, xj_c = 0.5 * (xi_ci + xi_cj), 0.5 * (xj_ci + xj_cj)
    c_c = 0.25 * (ci_ci + 2 * ci_cj + cj_cj)
    xi_xi = _rowwise_dot_cross(matrix, matrix, i, i)
    xj_xj = _rowwise_dot_cross(matrix, matrix, j, j)
    numerator = xi_xj - xi_c - xj_c + c_c
    denominator = np.sqrt(np.maximum(xi_xi - 2 * xi_c + c_c, 1e-12) * np.maximum(xj_xj - 2 * xj_c + c_c, 1e-12))
    return numerator / denominator


def _rowwise_dot(matrix: csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return _rowwise_dot_cross(matrix, matrix, i, j)


def pair_features(vectors: ArticleVectors, pairs: pd.DataFrame, *, neighbours: np.ndarray | None = None, contrast_neighbours: int = 10) -> pd.DataFrame:
    """Similarity features of each candidate pair (rows ``i, j`` of the corpus).

    Cosines of headline, lede, body, names, numbers and headline-to-lede (both
    ways, max); the embedding cosine (NaN without embeddings); each body cosine
    relative to the best match of either article (how it ranks in the corpus);
    days apart (NaN unless both dated).
    """
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    features = pd.DataFrame(index=pairs.index)
    features["headline"] = _rowwise_dot(vectors.headline, i, j)
    features["lede"] = _rowwise_dot(vectors.lede, i, j)
    features["body"] = _rowwise_dot(vectors.body, i, j)
    features["names"] = _rowwise_dot(vectors.names, i, j)
    features["numbers"] = _rowwise_dot(vectors.numbers, i, j)
    features["years"] = _rowwise_dot(vectors.years, i, j)
    present = (vectors.names > 0).astype(np.float64)
    n_salient = np.maximum(np.asarray(vectors.salient_names.sum(axis=1)).ravel(), 1.0)
    features["salient_names"] = np.minimum(
        _rowwise_dot_cross(vectors.salient_names, present, i, j) / n_salient[i], _rowwise_dot_cross(vectors.salient_names, present, j, i) / n_salient[j]
    )
    features["lead_names"] = _rowwise_dot(vectors.lead_names, i, j)
    if neighbours is not None:
        for name, matrix in (("body", vectors.body), ("names", vectors.names)):
            features[f"{name}_contrast"] = contrast_cosine(matrix, neighbourhood_means(matrix, neighbours, m=contrast_neighbours), i, j)
        if vectors.embedding is not None:
            emb = vectors.embedding
            means = emb[neighbours[:, : min(contrast_neighbours, neighbours.shape[1])]].mean(axis=1) if neighbours.shape[1] else np.zeros_like(emb)
            c = 0.5 * (means[i] + means[j])
            a, b = emb[i] - c, emb[j] - c
            features["embedding_contrast"] = np.einsum("ij,ij->i", a, b) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)
    features["cross"] = np.maximum(_rowwise_dot_cross(vectors.headline, vectors.lede, i, j), _rowwise_dot_cross(vectors.headline, vectors.lede, j, i))
    if vectors.embedding is not None:
        features["embedding"] = np.einsum("ij,ij->i", vectors.embedding[i], vectors.embedding[j])
    else:
        features["embedding"] = np.nan
    n = vectors.body.shape[0]
    best = np.zeros(n)
    body = features["body"].to_numpy()
    np.maximum.at(best, i, body)
    np.maximum.at(best, j, body)
    features["body_relative"] = body / np.maximum(np.maximum(best[i], best[j]), 1e-9)
    features["days_apart"] = np.abs(vectors.days[i] - vectors.days[j])
    return features


def _rowwise_dot_cross(a: csr_matrix, b: csr_matrix, i: np.ndarray, j: np.ndarray, *, chunk: int = PAIR_CHUNK) -> np.ndarray:
    """Dot product of row ``a[i[k]]`` with row ``b[j[k]]`` for every k, in chunks (bounded memory)."""
    out = np.zeros(len(i), dtype=np.float64)
    for start in range(0, len(i), chunk):
        stop = start + chunk
        out[start:stop] = np.asarray(a[i[start:stop]].multiply(b[j[start:stop]]).sum(axis=1)).ravel()
    return out
