"""Entry point for the shared PolNeAR scorer: the package's attribution extractor on one article's text.

Run from ``training/`` (the scorer puts its own folder on ``sys.path``, not this one)::

    cd training && PYTHONPATH=.:.. python ../../shared/eval/polnear_score.py polnear_entry:extract_text

The spaCy pipeline and the model are built on the first call and kept for the process (the scorer calls
:func:`extract_text` once per article). It scores the same predictions as
``python training/attribution.py evaluate`` reports for the stored-threshold model.
"""
from __future__ import annotations

import functools

from analysis.annotate import attribution
from analysis.annotate.attribution.model import extract, load_attribution_model
from analysis.annotate.quotes import find_quotes
from analysis.resources import Resources


@functools.lru_cache(maxsize=1)
def _extractor() -> tuple:
    """(spaCy pipeline, attribution model), once per process."""
    resources = Resources()
    return resources.nlp(), resources.model(attribution.MODEL_FILE, load_attribution_model)


def extract_text(text: str) -> list[dict]:
    """Attributions of ``text`` as the scorer reads them: cue and speaker offsets (-1 where absent), and the rest.

    Example:
        >>> rows = extract_text('"We will win," Trump told reporters.')
        >>> [(r["cue"], r["speaker"], r["kind"]) for r in rows]
        [('told', 'Trump', 'direct')]
    """
    nlp, model = _extractor()
    doc = nlp(text)
    found = extract(doc, model, quotes=find_quotes(doc.text))
    return [{**row, "content_pieces": [tuple(p) for p in row["content_pieces"]]} for row in found.to_dict("records")]
