"""Whose voice each part of an article is in: the outlet's ``own``, ``quoted`` or ``reported``.

* ``quoted``: inside quotation marks (:mod:`.quotes`);
* ``reported``: the content of an attribution outside quotation marks ("officials said *the strike
  was legal*", "*the strike was legal*, according to officials");
* ``own``: everything else, the words the outlet uses in its own voice.

Example:
    >>> import pandas as pd
    >>> quotes = pd.DataFrame({"start": [0], "end": [9], "closed": [True]})
    >>> said = pd.DataFrame({"content_start": [24], "content_end": [37]})
    >>> voice_spans('"No," he said. Aides said it was legal.', quotes, said)[["start", "end", "voice"]].values.tolist()
    [[0, 9, 'quoted'], [9, 24, 'own'], [24, 37, 'reported'], [37, 39, 'own']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

VOICES = ("own", "quoted", "reported")
SPAN_COLUMNS = ["start", "end", "voice"]


def voice_spans(text: str, quotes: pd.DataFrame, attributions: pd.DataFrame) -> pd.DataFrame:
    """Spans covering ``text`` end to end, each with one voice; quoted wins over reported."""
    n = len(text)
    if n == 0:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    codes = np.zeros(n, dtype=np.int8)  # 0 own, 1 quoted, 2 reported
    if len(attributions):
        for start, end in zip(attributions["content_start"], attributions["content_end"]):
            if 0 <= start < end:
                codes[int(start):int(end)] = 2
    for start, end in zip(quotes["start"], quotes["end"]):
        codes[int(start):int(end)] = 1
    change = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [n]])
    return pd.DataFrame({"start": starts.astype(int), "end": ends.astype(int),
                         "voice": [VOICES[c] for c in codes[starts]]})


def voice_of_span(spans: pd.DataFrame, start: int, end: int) -> str:
    """The voice covering most of ``[start, end)`` (``own`` when nothing is known).

    Example:
        >>> spans = pd.DataFrame({"start": [0, 10], "end": [10, 30], "voice": ["quoted", "own"]})
        >>> voice_of_span(spans, 2, 8), voice_of_span(spans, 8, 20)
        ('quoted', 'own')
    """
    if not len(spans) or end <= start:
        return "own"
    lo = np.maximum(spans["start"].to_numpy(), start)
    hi = np.minimum(spans["end"].to_numpy(), end)
    overlap = np.clip(hi - lo, 0, None)
    if overlap.max() <= 0:
        return "own"
    return str(spans["voice"].to_numpy()[int(np.argmax(overlap))])
