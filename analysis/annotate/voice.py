"""Whose voice each part of an article is in: every character of an article is the outlet's own voice, quoted, or reported.

``quoted``: inside quotation marks (top-level quotes, marks included), or in speech printed without them
(transcript turns, reprinted statements: :mod:`analysis.annotate.transcript`). ``reported``: the indirect content
of an attribution outside quotation marks. ``own``: everything else (the outlet speaking, including the
cues and speakers of attributions).

Example:
    >>> import pandas as pd
    >>> from analysis.annotate.quotes import find_quotes
    >>> text = 'Trump said the vote was rigged. "It is," he added.'
    >>> atts = pd.DataFrame({"content_pieces": [[(11, 30)], [(33, 38)]]})
    >>> voice_spans(text, find_quotes(text), atts)[["start", "end", "voice", "attribution"]].values.tolist()
    [[0, 11, 'own', -1], [11, 30, 'reported', 0], [30, 32, 'own', -1], [32, 40, 'quoted', 1], [40, 50, 'own', -1]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

VOICES = ("own", "quoted", "reported")
VOICE_COLUMNS = ["start", "end", "voice", "attribution"]
_OWN, _QUOTED, _REPORTED = 0, 1, 2
_NAMES = {_OWN: "own", _QUOTED: "quoted", _REPORTED: "reported"}


def voice_spans(text: str, quotes: pd.DataFrame, attributions: pd.DataFrame,
                turns: pd.DataFrame | None = None) -> pd.DataFrame:
    """Partition ``text`` into own / quoted / reported spans.

    Args:
        text: article text.
        quotes: from :func:`quotes.find_quotes` (only depth-0 quotations are used).
        attributions: from :func:`attribution_model.extract`; reads ``content_pieces`` (list of (start, end)),
            or ``content_start``/``content_end`` when that column is absent.
        turns: optional spans of speech without quotation marks (:func:`transcript.transcript_turns`); quoted
            whatever the attributions inside them say.

    Returns:
        DataFrame with ``start``, ``end``, ``voice`` and ``attribution`` (row index into ``attributions`` whose
        content covers the span, the first such row; -1 when none), consecutive spans covering the whole text.
    """
    n = len(text)
    voice = np.zeros(n, dtype=np.int8)
    owner = np.full(n, -1, dtype=np.int64)
    pieces_col = "content_pieces" if "content_pieces" in attributions.columns else None
    for k, row in enumerate(attributions.itertuples(index=False)):
        pieces = getattr(row, pieces_col) if pieces_col else [(row.content_start, row.content_end)]
        for s, e in pieces:
            if 0 <= s < e <= n:
                free = owner[s:e] < 0
                owner[s:e][free] = k
                voice[s:e] = _REPORTED
    for s, e in turns[["start", "end"]].to_numpy() if turns is not None and len(turns) else []:
        voice[s:e] = _QUOTED
    top = quotes[quotes["depth"] == 0] if len(quotes) else quotes
    for s, e in top[["start", "end"]].to_numpy() if len(top) else []:
        voice[s:e] = _QUOTED
        inside = owner[s:e][owner[s:e] >= 0]
        owner[s:e] = inside[0] if len(inside) else -1  # the whole quotation belongs to one attribution
    own = voice == _OWN
    owner[own] = -1
    if n == 0:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    change = np.flatnonzero((voice[1:] != voice[:-1]) | (owner[1:] != owner[:-1])) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [n]])
    return pd.DataFrame({"start": starts.astype(np.int64), "end": ends.astype(np.int64),
                         "voice": [_NAMES[int(voice[s])] for s in starts],
                         "attribution": owner[starts].astype(np.int64)}, columns=VOICE_COLUMNS)


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
