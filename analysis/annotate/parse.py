"""The spaCy parse: one pipeline, the project's sentence boundaries, and a store of parsed docs.

The pipeline is ``en_core_web_sm`` with one component added in front of the parser,
``preset_sentences``, which marks the boundaries of :func:`analysis.corpus.sentences.article_sentence_spans`,
so the parse, ``sentences.csv`` and every lens agree on what a sentence is.

:class:`ParseStore` keeps parsed docs in one SQLite file keyed by the pipeline and the text: a text
parsed once, in any build, is read back (about ten times faster than parsing it).

Example:
    >>> from analysis.resources import Resources
    >>> nlp = Resources().nlp()
    >>> [s.text for s in nlp("U.S. Secretary of State Mike Pompeo spoke. He left.").sents]
    ['U.S. Secretary of State Mike Pompeo spoke.', 'He left.']
"""

from __future__ import annotations

import bisect
import hashlib
import sqlite3
import warnings
import zlib
from collections.abc import Iterable
from pathlib import Path

from ..corpus.sentences import article_sentence_spans

STORE_FORMAT = "doc-bytes-zlib-2"  # part of every key: a store written in another format is never misread
STORE_CHUNK = 500  # keys per SQLite query


def preset_sentences(doc):
    """spaCy component: a token starts a sentence when a project boundary falls after the previous token's start."""
    starts = [s for _, s, _ in article_sentence_spans(doc.text)]
    previous = -1
    for token in doc:
        token.is_sent_start = token.i == 0 or bisect.bisect_right(starts, token.idx) > bisect.bisect_right(starts, previous)
        previous = token.idx
    return doc


def load_pipeline(module):
    """``module.load()`` with :func:`preset_sentences` before the parser."""
    from spacy.language import Language

    if "preset_sentences" not in Language.factories:
        Language.component("preset_sentences", func=preset_sentences)
    nlp = module.load()
    nlp.add_pipe("preset_sentences", before="parser")
    return nlp


def pipeline_key(nlp) -> str:
    """What every store key of this pipeline starts with: format, model, versions and components."""
    import spacy

    meta = nlp.meta
    return (f"{STORE_FORMAT}|{meta.get('lang')}_{meta.get('name')}|{meta.get('version')}|spacy {spacy.__version__}|"
            f"{','.join(nlp.pipe_names)}|")


class ParseStore:
    """spaCy docs saved in one SQLite file, keyed by pipeline and text.

    ``hits`` and ``misses`` count texts read back and texts parsed. Several processes may share
    one file (SQLite locks it; each batch is one transaction). Docs are saved without tensors,
    zlib-compressed: about 0.2 MB per 1,000 words.

    Example:
        >>> import tempfile
        >>> from analysis.resources import Resources
        >>> nlp = Resources().nlp()
        >>> store = ParseStore(Path(tempfile.mkdtemp()) / "docs.sqlite")
        >>> [d.text for d in parse_texts(["He left."], nlp, store=store)], store.misses
        (['He left.'], 1)
        >>> [t.dep_ for t in parse_texts(["He left."], nlp, store=store)[0]], store.hits
        (['nsubj', 'ROOT', 'punct'], 1)
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=120)
        self._db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, doc BLOB NOT NULL)")
        self.hits = 0
        self.misses = 0

    def get(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), STORE_CHUNK):
            part = keys[start:start + STORE_CHUNK]
            rows = self._db.execute(f"SELECT key, doc FROM docs WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(rows.fetchall())
        return found

    def put(self, items: list[tuple[str, bytes]]) -> None:
        with self._db:  # one transaction: a batch is saved whole or not at all
            self._db.executemany("INSERT OR REPLACE INTO docs (key, doc) VALUES (?, ?)", items)

    def keys(self) -> set[str]:
        return {k for (k,) in self._db.execute("SELECT key FROM docs")}

    def prune(self, keep: set[str]) -> int:
        """Delete every doc whose key is not in ``keep``; return how many."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_keys (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep_keys")
            self._db.executemany("INSERT OR IGNORE INTO keep_keys (key) VALUES (?)", ((k,) for k in sorted(keep)))
            removed = self._db.execute("DELETE FROM docs WHERE key NOT IN (SELECT key FROM keep_keys)").rowcount
        if removed:
            self._db.execute("VACUUM")
        return int(removed)

    def close(self) -> None:
        self._db.close()


def open_store(path: str | Path | None) -> ParseStore | None:
    """A :class:`ParseStore` at ``path``; ``None`` without a path or when the file is not a store (with a warning)."""
    if path is None:
        return None
    try:
        store = ParseStore(path)
        store.get(["probe"])
        return store
    except sqlite3.DatabaseError as error:
        warnings.warn(f"{path}: not a readable parse store ({error}); parsing without it. "
                      "Delete the file to start a new one.", stacklevel=2)
        return None


def store_keys(texts: Iterable[str], nlp) -> list[str]:
    """The store key of each text under ``nlp``."""
    prefix = pipeline_key(nlp)
    return [hashlib.sha256((prefix + t).encode("utf-8")).hexdigest() for t in texts]


def parse_texts(texts: list[str], nlp, *, store: ParseStore | None = None, batch_size: int = 16) -> list:
    """spaCy docs of ``texts`` in order, read from ``store`` where it has them, else parsed (and saved)."""
    from spacy.tokens import Doc

    texts = list(texts)
    if store is None:
        return list(nlp.pipe(texts, batch_size=batch_size))
    keys = store_keys(texts, nlp)
    saved = store.get(sorted(set(keys)))
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in saved))
    fresh = dict(zip(missing, nlp.pipe(missing, batch_size=batch_size), strict=True))
    if fresh:
        store.put([(k, zlib.compress(fresh[t].to_bytes(exclude=["tensor"]), 1))
                   for t, k in dict(zip(texts, keys)).items() if t in fresh])
    store.misses += len(fresh)
    docs = []
    for text, key in zip(texts, keys):
        doc = fresh.get(text)
        if doc is None:
            doc = Doc(nlp.vocab).from_bytes(zlib.decompress(saved[key]))
            store.hits += 1
        docs.append(doc)
    return docs
