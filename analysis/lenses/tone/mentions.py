"""Tone toward each actor mention: the sentence, the mention's span in it, the model's probabilities.

Every named actor (``mentions.is_actor``) is classified once per sentence and voice, at its first
mention there (a second "Trump" in the same sentence is the same judgement); the outlet's own voice and
quoted or reported speech are told apart by the mention's voice. Probabilities are the
calibrated model's, rounded to 4 places, and the label is read off the rounded values (ties go to
neutral), so a label never flips with floating-point noise.

Example:
    >>> import numpy as np
    >>> labels_of(np.array([[0.2, 0.5, 0.3], [0.45, 0.1, 0.45], [0.7, 0.2, 0.1]]))
    ['neutral', 'negative', 'negative']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LABELS = ("negative", "neutral", "positive")
MENTION_COLUMNS = ["sentence_id", "start", "end", "mention", "actor", "voice", "p_negative", "p_neutral", "p_positive",
                   "tone", "label"]
MAX_SENTENCE_CHARS = 1000


def labels_of(probabilities: np.ndarray) -> list[str]:
    """The label of each row of rounded probabilities; a tie with neutral goes to neutral, else to negative."""
    rounded = np.round(np.asarray(probabilities, dtype=np.float64), 4)
    out = []
    for neg, neu, pos in rounded:
        best = max(neg, neu, pos)
        out.append("neutral" if neu == best else "negative" if neg == best else "positive")
    return out


def mention_inputs(annotated) -> pd.DataFrame:
    """The actor mentions of one article with their sentence text and their span inside it."""
    mentions = annotated.mentions
    if "is_actor" in mentions:
        mentions = mentions[mentions["is_actor"].astype(bool)]
    sentences = annotated.sentences.set_index("sentence_id")
    ids = annotated.sentence_of(mentions["start"]) if len(mentions) else []
    rows = []
    for m, sid in zip(mentions.itertuples(), ids):
        if sid < 0:
            continue
        s = sentences.loc[sid]
        text = str(s["text"])
        if len(text) > MAX_SENTENCE_CHARS:
            continue
        rows.append((sid, int(m.start), int(m.end), m.text, m.actor, m.voice, text,
                     int(m.start) - int(s["start"]), int(m.end) - int(s["start"])))
    table = pd.DataFrame(rows, columns=["sentence_id", "start", "end", "mention", "actor", "voice", "sentence",
                                        "span_start", "span_end"])
    return table.drop_duplicates(["sentence_id", "actor", "voice"]).reset_index(drop=True)


def tone_mentions(batch, model) -> pd.DataFrame:
    """Classified mentions of every article in ``batch`` (one model call for the whole batch)."""
    inputs = [mention_inputs(a).assign(article_id=a.article_id) for a in batch]
    table = pd.concat(inputs, ignore_index=True) if inputs else pd.DataFrame()
    if table.empty:
        return pd.DataFrame(columns=["article_id"] + MENTION_COLUMNS)
    probabilities = np.round(model.predict_proba(table["sentence"].tolist(),
                                                 list(zip(table["span_start"], table["span_end"]))), 4)
    table[["p_negative", "p_neutral", "p_positive"]] = probabilities
    table["tone"] = np.round(probabilities[:, 2] - probabilities[:, 0], 4)
    table["label"] = labels_of(probabilities)
    return table[["article_id"] + MENTION_COLUMNS]
