"""Pair features between the sentences of one event: what the fact scorer reads.

Every feature is an ``n x m`` matrix between two sets of sentences: the MiniLM cosine of their
vectors, the cosine of their lemma TF-IDF vectors (IDF fitted on the corpus), and for persons,
places, organisations, numbers and date keys how many they share (capped at 3) and whether both
name some and share none (a conflict: "6.1" against "5.4" magnitude).

Example:
    >>> rows = pd.DataFrame({"article_id": ["a", "b"], "lemmas": ["quake|strike|aceh", "quake|hit|aceh"], "persons": ["", ""],
    ...     "places": ["aceh", "aceh"], "orgs": ["", ""], "numbers": ["6.1", "5.4"], "dates": ["", ""]})
    >>> f = pair_features(rows, rows, np.eye(2), np.eye(2), lemma_vectors(rows["lemmas"]), left_rows=[0, 1], right_rows=[0, 1])
    >>> int(f["places_shared"][0, 1]), int(f["numbers_conflict"][0, 1])
    (1, 1)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .sentences import KEY_COLUMNS

SHARED_CAP = 3
FEATURES = ("embedding", "lemma_tfidf", *(f"{k}_shared" for k in KEY_COLUMNS), *(f"{k}_conflict" for k in KEY_COLUMNS),
            "embedding_x_tfidf", "mutual_best", "earlier_position", "later_position")
ARTICLE_FEATURES = ("article_embedding", "article_tfidf", *(f"article_{k}" for k in KEY_COLUMNS))


def lemma_vectors(lemmas: pd.Series) -> sparse.csr_matrix:
    """Sublinear, L2-normalised TF-IDF rows of ``|``-joined lemma strings, IDF fitted on these rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = lemmas.fillna("").astype(str).str.replace("|", " ", regex=False)
    if not docs.str.strip().any():
        return sparse.csr_matrix((len(docs), 1))
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float64)
    return vectorizer.fit_transform(docs.tolist()).tocsr()


def key_incidence(values: pd.Series) -> sparse.csr_matrix:
    """A 0/1 matrix: one row per sentence, one column per distinct key of a ``|``-joined column."""
    items = [v.split("|") if v else [] for v in values.fillna("").astype(str)]
    vocabulary = {k: i for i, k in enumerate(sorted({k for keys in items for k in keys}))}
    rows = [r for r, keys in enumerate(items) for _ in keys]
    cols = [vocabulary[k] for keys in items for k in keys]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(items), max(len(vocabulary), 1)))


def pair_features(left: pd.DataFrame, right: pd.DataFrame, left_vectors: np.ndarray, right_vectors: np.ndarray,
                  tfidf: sparse.csr_matrix, *, left_rows=None, right_rows=None) -> dict[str, np.ndarray]:
    """Feature matrices between ``left`` and ``right`` sentences (rows of a fact-sentence table).

    ``left_vectors``/``right_vectors`` are their unit MiniLM vectors; ``tfidf`` holds the lemma
    TF-IDF rows of both, stacked left then right unless ``left_rows``/``right_rows`` index into it.
    """
    n = len(left)
    left_rows = np.arange(n) if left_rows is None else np.asarray(left_rows)
    right_rows = np.arange(n, n + len(right)) if right_rows is None else np.asarray(right_rows)
    out = {"embedding": np.clip(np.asarray(left_vectors) @ np.asarray(right_vectors).T, -1.0, 1.0),
           "lemma_tfidf": (tfidf[left_rows] @ tfidf[right_rows].T).toarray()}
    both = pd.concat([left[list(KEY_COLUMNS)], right[list(KEY_COLUMNS)]], ignore_index=True)
    for key in KEY_COLUMNS:
        incidence = key_incidence(both[key])
        a, b = incidence[:n], incidence[n:]
        shared = (a @ b.T).toarray()
        has_a = np.asarray(a.sum(1)).ravel() > 0
        has_b = np.asarray(b.sum(1)).ravel() > 0
        out[f"{key}_shared"] = np.minimum(shared, SHARED_CAP)
        out[f"{key}_conflict"] = (np.outer(has_a, has_b) & (shared == 0)).astype(np.float64)
    out["embedding_x_tfidf"] = out["embedding"] * out["lemma_tfidf"]
    out.update(relative_features(out["embedding"] + out["lemma_tfidf"], left, right))
    left_rank, right_rank = np.log1p(position(left)), np.log1p(position(right))
    out["earlier_position"] = np.minimum(left_rank[:, None], right_rank[None, :])
    out["later_position"] = np.maximum(left_rank[:, None], right_rank[None, :])
    return out


def article_pair_features(rows: pd.DataFrame, vectors: np.ndarray, tfidf: sparse.csr_matrix) -> dict[str, np.ndarray]:
    """Whole-article similarity for every pair of ``rows`` (through their articles): the cosine of the articles'
    mean MiniLM vectors and summed TF-IDF vectors, and the Jaccard overlap of the names, numbers and dates each
    article's rows hold. Two articles on two happenings of the same kind differ here even where sentences match."""
    mean, summed = article_centroids(rows, vectors, tfidf)
    out = {"article_embedding": mean @ mean.T, "article_tfidf": (summed @ summed.T).toarray()}
    codes, _ = pd.factorize(rows["article_id"].reset_index(drop=True))
    for key in KEY_COLUMNS:
        incidence = key_incidence(rows[key].reset_index(drop=True))
        member = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(codes.max() + 1, len(codes)))
        per_article = (member @ incidence > 0).astype(np.float64)
        shared = (per_article @ per_article.T).toarray()
        size = np.asarray(per_article.sum(1)).ravel()
        union = size[:, None] + size[None, :] - shared
        jaccard = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        out[f"article_{key}"] = jaccard[np.ix_(codes, codes)]
    return out


def article_centroids(rows: pd.DataFrame, vectors: np.ndarray, tfidf: sparse.csr_matrix):
    """For each row, the unit mean MiniLM vector and the unit summed TF-IDF vector of its article's rows (the
    whole article's drift: two articles on two happenings of the same kind differ here even where sentences match)."""
    codes, articles = pd.factorize(rows["article_id"].reset_index(drop=True))
    member = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(articles), len(codes)))
    mean = member @ np.asarray(vectors)
    mean = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    summed = sparse.csr_matrix(member @ tfidf)
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(1)).ravel())
    summed = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ summed
    return mean[codes], sparse.csr_matrix(summed)[codes]


__all__ = ["FEATURES", "ARTICLE_FEATURES", "pair_features", "article_pair_features", "lemma_vectors", "key_incidence"]


def position(rows: pd.DataFrame) -> np.ndarray:
    """Each sentence's place among its article's rows (0 = the first: the lede states the central facts)."""
    return rows.reset_index(drop=True).groupby("article_id", sort=False).cumcount().to_numpy(dtype=np.float64)


def relative_features(similarity: np.ndarray, left: pd.DataFrame, right: pd.DataFrame) -> dict[str, np.ndarray]:
    """How a pair stands among its neighbours: ``mutual_best`` counts the directions (0-2) in which each
    sentence is the other's most similar sentence of that article; ``embedding_contrast`` is the pair's
    similarity less the mean similarity of both sentences to the other side (what they share beyond the topic)."""
    best_right = np.zeros(similarity.shape, dtype=bool)
    best_left = np.zeros(similarity.shape, dtype=bool)
    for _, cols in right.reset_index(drop=True).groupby("article_id", sort=False).indices.items():
        block = similarity[:, cols]
        best_right[:, cols] = block >= block.max(1, keepdims=True) - 1e-12
    for _, rows_ in left.reset_index(drop=True).groupby("article_id", sort=False).indices.items():
        block = similarity[rows_, :]
        best_left[rows_, :] = block >= block.max(0, keepdims=True) - 1e-12
    row_mean = similarity.mean(1, keepdims=True) if similarity.size else similarity
    col_mean = similarity.mean(0, keepdims=True) if similarity.size else similarity
    return {"mutual_best": best_right.astype(np.float64) + best_left.astype(np.float64),
            "embedding_contrast": similarity - 0.5 * (row_mean + col_mean)}
