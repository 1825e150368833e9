"""Facts: what outlets covering one event each report, what some leave out, and what only one claims.

Per article (from the shared parse and voice): one row per sentence with the names, numbers and
dates it holds and a ``status`` saying why it cannot state a fact (caption, link, boilerplate,
question, fragment, opinion, generic) or ``fact``. Across articles, within each event of two or
more outlets: a learned sentence-pair scorer (``training/facts.py`` rebuilds
``analysis/models/facts.json`` from ECB+ dev) over MiniLM and lemma TF-IDF similarity and shared or
conflicting names, numbers and dates groups sentences into facts; omissions and unique claims are
judged against every sentence of the article (:mod:`.align`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import Lens
from .align import (
    FACT_COLUMNS,
    OMISSION_COLUMNS,
    SEARCHED_STATUSES,
    UNIQUE_COLUMNS,
    CorpusContext,
    FactOptions,
    attributed_to_named_speaker,
    event_facts,
    event_sentences,
    happenings,
    join_runs,
    names_beyond_speaker,
    said_by_commentator,
    salient_numbers,
    sentence_names,
    speaker_keys,
    verbatim_elsewhere,
)
from .figures import draw_figures
from .model import load_fact_model
from .pairs import lemma_vectors
from .sentences import fact_sentences

MODEL_FILE = "facts.json"
VECTOR_TABLE = "sentence_vectors"
COVERAGE_COLUMNS = ["event", "outlet", "n_articles", "n_carried", "n_omitted", "n_unique"]
PREVIEW_CHARS = 300


def per_article(batch, resources) -> dict[str, pd.DataFrame]:
    """The fact-sentence rows of each article in ``batch``, and the vectors of the sentences the reduction searches."""
    parts = [fact_sentences(article) for article in batch]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["article_id", "sentence_id", "status"])
    texts = {(a.article_id, int(i)): t for a in batch for i, t in zip(a.sentences["sentence_id"], a.sentences["text"])}
    return {"fact_sentences": rows, VECTOR_TABLE: sentence_vectors(rows, texts, resources)}


def sentence_vectors(rows: pd.DataFrame, texts: dict, resources, *, limit: int = FactOptions().per_article) -> pd.DataFrame:
    """MiniLM vectors (float32 columns ``v000``...) of each article's first ``limit`` searched sentences: every
    sentence the reduction can embed, encoded once, in the parallel article stage. A vector does not depend on
    the batch it is encoded in (:mod:`analysis.annotate.embed`), so the reduction gets the same bits as if it
    encoded them itself."""
    searched = rows[rows["status"].isin(SEARCHED_STATUSES)]
    first = searched[searched.groupby("article_id", sort=False).cumcount() < limit]
    keys = list(zip(first["article_id"], first["sentence_id"].astype(int)))
    table = pd.DataFrame({"article_id": [a for a, _ in keys], "sentence_id": [s for _, s in keys]})
    if not keys:
        return table
    vectors = resources.encoder().encode([str(texts.get(k, "")) for k in keys])
    columns = pd.DataFrame(vectors, columns=[f"v{k:03d}" for k in range(vectors.shape[1])])
    return pd.concat([table, columns], axis=1)


def row_vectors(rows: pd.DataFrame, tables, resources) -> np.ndarray:
    """The float64 vectors of ``rows`` (article_id, sentence_id, text): read from the article stage's
    ``sentence_vectors`` where it has them, the others encoded here."""
    if rows.empty:
        return np.zeros((0, 1))
    stored = pd.DataFrame(columns=["article_id", "sentence_id"])
    if VECTOR_TABLE in tables:
        wanted = rows["article_id"].unique().tolist()
        stored = tables.read(VECTOR_TABLE, articles=wanted)
    columns = [c for c in stored.columns if c.startswith("v")]
    merged = rows[["article_id", "sentence_id"]].merge(stored, on=["article_id", "sentence_id"], how="left")
    vectors = merged[columns].to_numpy(np.float64) if columns else np.full((len(rows), 0), np.nan)
    missing = np.isnan(vectors).any(axis=1) if columns else np.ones(len(rows), dtype=bool)
    if missing.any():
        encoded = resources.encoder().encode(rows.loc[missing, "text"].tolist()).astype(np.float64)
        if not columns:
            vectors = np.zeros((len(rows), encoded.shape[1]))
        vectors[missing] = encoded
    return vectors


def candidate_rows(tables, options: FactOptions) -> pd.DataFrame:
    """The sentences the reduction embeds, with their text (see :func:`.align.event_sentences`)."""
    rows = event_sentences(tables["fact_sentences"], tables["events"], tables["articles"], options)
    text = tables["sentences"][["article_id", "sentence_id", "text"]]
    rows = rows.merge(text, on=["article_id", "sentence_id"], how="left")
    rows["text"] = rows["text"].fillna("").astype(str)
    # a cut sentence says so: a reader must not take "Coons also asked Horowitz about" for the whole claim
    long = rows["text"].str.len() > PREVIEW_CHARS
    rows["text_preview"] = rows["text"].where(~long, rows["text"].str.slice(0, PREVIEW_CHARS).str.rstrip() + " …")
    wanted = rows["article_id"].unique().tolist()
    by_sentence, by_article = speaker_keys(tables.read("attributions", columns=["article_id", "sentence_id", "speaker_name"], articles=wanted),
                                           tables.read("voice", columns=["article_id", "sentence_id", "attribution"], articles=wanted))
    rows["speakers"] = pd.Series(list(zip(rows["article_id"], rows["sentence_id"]))).map(by_sentence).fillna("").astype(str).to_numpy() if len(rows) else ""
    rows["article_speakers"] = rows["article_id"].map(by_article).fillna("").astype(str)
    return rows


def align_corpus(rows: pd.DataFrame, vectors: np.ndarray, model, options: FactOptions):
    """Facts, omissions and unique claims of every event in ``rows`` (sorted by event), each event split into
    the happenings its articles report (:func:`.align.happenings`), concatenated."""
    tfidf = lemma_vectors(rows["lemmas"])
    context = CorpusContext.of(vectors, rows["date"].fillna("").astype(str).to_numpy(), rows["outlet"].astype(str).to_numpy(),
                               names=[sentence_names(row, ("persons", "orgs")) | salient_numbers(row["numbers"])
                                      for row in rows.to_dict("records")])
    facts, omitted, unique = [], [], []
    rows = rows.assign(event_outlets=rows.groupby("event")["outlet"].transform("nunique"))
    for event, index in rows.groupby("event", sort=True).indices.items():
        labels = happenings(rows.iloc[index].reset_index(drop=True), vectors[index], tfidf[index], model)
        for k in np.unique(labels):
            inside = index[labels == k]
            unit = str(event) if labels.max() == 0 else f"{event}.{k + 1}"
            f, o, u = event_facts(rows.iloc[inside].reset_index(drop=True), vectors[inside], tfidf[inside], model,
                                  options, unit=unit, context=context)
            facts.append(f), omitted.append(o), unique.append(u)

    def stack(parts, columns):
        parts = [p for p in parts if len(p)]
        return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)

    return stack(facts, FACT_COLUMNS), stack(omitted, OMISSION_COLUMNS), stack(unique, UNIQUE_COLUMNS)


def claims_of_substance(unique: pd.DataFrame, tables, speakers_of: pd.Series, commentator_roles=()) -> pd.DataFrame:
    """The unique claims that are someone's (own voice, or attributed to a named speaker who is not a commentator by
    role), that name something beyond their speaker, and that no other outlet prints word for word anywhere in the
    corpus; consecutive sentences of one article with the same speaker (``speakers_of``: (article_id, sentence_id)
    -> speaker keys, the candidate rows' ``speakers``) are one claim (:func:`.align.join_runs`)."""
    if unique.empty:
        return unique
    sentences = tables["sentences"]
    full = unique.merge(sentences[["article_id", "sentence_id", "text"]].rename(columns={"text": "full_text"}),
                        on=["article_id", "sentence_id"], how="left")
    full["full_text"] = full["full_text"].fillna("").astype(str)
    keep = attributed_to_named_speaker(full, tables["speakers"])
    keep &= names_beyond_speaker(full, tables["fact_sentences"], tables["speakers"])
    keep &= ~said_by_commentator(full, tables["speakers"], commentator_roles)
    keep &= ~verbatim_elsewhere(full, sentences, dict(zip(tables["articles"]["article_id"], tables["articles"]["outlet"])))
    return join_runs(unique[keep].reset_index(drop=True), speakers_of)


def fact_coverage(facts: pd.DataFrame, omitted: pd.DataFrame, unique: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Per event and outlet: articles, shared facts carried (firm facts of two or more outlets), central facts left
    out, unique claims."""
    if rows.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    base = rows.groupby(["event", "outlet"])["article_id"].nunique().rename("n_articles").reset_index()
    shared = facts[facts["firm_outlets"] >= 2].drop_duplicates(["firm_fact", "outlet"])
    counts = [shared.groupby(["event", "outlet"]).size().rename("n_carried"),
              omitted.groupby(["event", "outlet"]).size().rename("n_omitted"),
              unique.groupby(["event", "outlet"]).size().rename("n_unique")]
    for series in counts:
        base = base.merge(series.reset_index(), on=["event", "outlet"], how="left")
    base[["n_carried", "n_omitted", "n_unique"]] = base[["n_carried", "n_omitted", "n_unique"]].fillna(0).astype(int)
    return base[COVERAGE_COLUMNS].sort_values(["event", "outlet"]).reset_index(drop=True)


def reduce(tables, resources, options: FactOptions | None = None) -> dict[str, pd.DataFrame]:
    """Facts carried by two or more articles (loosely, or firmly by two or more outlets), omissions, unique claims and
    coverage per event and outlet."""
    options = options or FactOptions()
    if tables["articles"].empty:  # nothing was read: every table empty, with its columns
        return {"facts": pd.DataFrame(columns=FACT_COLUMNS), "omissions": pd.DataFrame(columns=OMISSION_COLUMNS),
                "unique_claims": pd.DataFrame(columns=UNIQUE_COLUMNS), "fact_coverage": pd.DataFrame(columns=COVERAGE_COLUMNS),
                "fact_status": pd.DataFrame(columns=["status", "n_sentences"])}
    model = resources.model(MODEL_FILE, load_fact_model)
    rows = candidate_rows(tables, options)
    vectors = row_vectors(rows, tables, resources)
    facts, omitted, unique = align_corpus(rows, vectors, model, options)
    speakers_of = pd.Series(rows["speakers"].to_numpy(), index=pd.MultiIndex.from_arrays([rows["article_id"], rows["sentence_id"]]))
    unique = claims_of_substance(unique, tables, speakers_of, resources.rule_table("commentator_roles")["role"].tolist())
    coverage = fact_coverage(facts, omitted, unique, rows)
    status = tables["fact_sentences"].groupby("status").size().rename("n_sentences").reset_index()
    shared = (facts["n_articles"] >= 2) | (facts["firm_outlets"] >= 2)
    return {"facts": facts[shared].reset_index(drop=True), "omissions": omitted,
            "unique_claims": unique, "fact_coverage": coverage, "fact_status": status}


LENS = Lens(name="facts", reads=("articles", "sentences", "events", "fact_sentences", VECTOR_TABLE, "speakers", "attributions",
                                  "voice"),
            article_tables=("fact_sentences", VECTOR_TABLE), internal=(VECTOR_TABLE,),
            writes=("facts", "omissions", "unique_claims", "fact_coverage", "fact_status"),
            models=(MODEL_FILE, "sentence encoder"), rules=("fact_filter", "commentator_roles"),
            per_article=per_article, reduce=reduce, figures=draw_figures,
            description="facts across an event's outlets, omissions and unique claims")
