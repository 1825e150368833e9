"""Tone toward each actor mention: the sentence, the mention's span in it, the model's probabilities.

Every named actor (``mentions.is_actor``) is classified once per sentence and voice, at its first
mention there (a second "Trump" in the same sentence is the same judgement), except in the page's
furniture (a photo credit, link text, a sign-off: the sentence's ``filtered_as``,
:mod:`analysis.annotate.furniture`), which is not the story; quoted words there stay (an embedded post
pasted with its link: "... told the cmte she 'does not know Kavanaugh' https://t.co/... — Nicholas
Fandos (@npfandos)" keeps Leland Keyser and loses Nicholas Fandos). The outlet's own voice and quoted or
reported speech are told apart by the mention's voice. Probabilities are the calibrated model's,
rounded to 4 places, and the label is read off the rounded values (ties go to neutral), so a label
never flips with floating-point noise.

The victim of a killing ("the death of George Floyd", "Morton was killed", rows of the ``victim_cues`` rule
table) is never negative: NewsMTSC's annotators label such targets neutral or positive (22 of 22 in its train
and dev splits), while the model, which saw few of them, often says negative. Its negative probability moves to
neutral.

Example:
    >>> import numpy as np
    >>> labels_of(np.array([[0.2, 0.5, 0.3], [0.45, 0.1, 0.45], [0.7, 0.2, 0.1]]))
    ['neutral', 'negative', 'negative']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...annotate.furniture import FURNITURE

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
        if s.get("filtered_as", "") in FURNITURE and m.voice != "quoted":
            continue  # a credit or link; an embedded post's words stay, speech pasted with its link
        text = str(s["text"])
        if len(text) > MAX_SENTENCE_CHARS:
            continue
        rows.append((sid, int(m.start), int(m.end), m.text, m.actor, m.voice, text,
                     int(m.start) - int(s["start"]), int(m.end) - int(s["start"])))
    table = pd.DataFrame(rows, columns=["sentence_id", "start", "end", "mention", "actor", "voice", "sentence",
                                        "span_start", "span_end"])
    return table.drop_duplicates(["sentence_id", "actor", "voice"]).reset_index(drop=True)


def victims(sentences, spans, cues: pd.DataFrame) -> np.ndarray:
    """Whether each target is the victim of a killing, by the ``victim_cues`` rows (``side``, ``pattern``).

    Example:
        >>> cues = pd.DataFrame({"side": ["before"], "pattern": [r"\\bdeath of (?:the )?$"]})
        >>> victims(["Protests followed the death of George Floyd."], [(31, 43)], cues).tolist()
        [True]
    """
    before = [re.compile(p, re.IGNORECASE) for p in cues.loc[cues["side"] == "before", "pattern"]]
    after = [re.compile(p, re.IGNORECASE) for p in cues.loc[cues["side"] == "after", "pattern"]]
    out = []
    for sentence, (start, end) in zip(sentences, spans):
        left, right = sentence[max(0, start - 40):start], sentence[end:end + 40]
        out.append(any(c.search(left) for c in before) or any(c.search(right) for c in after))
    return np.array(out, dtype=bool)


def relabelled(table: pd.DataFrame, probabilities: np.ndarray) -> pd.DataFrame:
    """``table`` with new probabilities (rounded to 4 places), the tone and the label read off them."""
    probabilities = np.round(np.asarray(probabilities, dtype=np.float64), 4)
    out = table.copy()
    out[["p_negative", "p_neutral", "p_positive"]] = probabilities
    out["tone"] = np.round(probabilities[:, 2] - probabilities[:, 0], 4)
    out["label"] = labels_of(probabilities)
    return out


def tone_mentions(batch, model, victim_cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Classified mentions of every article in ``batch`` (one model call for the whole batch)."""
    inputs = [mention_inputs(a).assign(article_id=a.article_id) for a in batch]
    table = pd.concat(inputs, ignore_index=True) if inputs else pd.DataFrame()
    if table.empty:
        return pd.DataFrame(columns=["article_id"] + MENTION_COLUMNS)
    spans = list(zip(table["span_start"], table["span_end"]))
    probabilities = np.asarray(model.predict_proba(table["sentence"].tolist(), spans), dtype=np.float64)
    if victim_cues is not None and len(victim_cues):
        victim = victims(table["sentence"].tolist(), spans, victim_cues)
        probabilities[victim, 1] += probabilities[victim, 0]
        probabilities[victim, 0] = 0.0
    return relabelled(table, probabilities)[["article_id"] + MENTION_COLUMNS]
