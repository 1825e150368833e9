"""Attribution extraction: cue, speaker and content of every attribution in an article.

A linear cue classifier over spaCy tokens and a linear speaker ranker over nominal candidates,
both trained on PolNeAR train (Newell, Margolin & Ruths, LREC 2018) by ``train_attribution.py``;
content spans come from rules over quotes and the parse (``content.py``).

Example:
    >>> model = load_attribution_model()
    >>> from analysis.resources import Resources
    >>> nlp = Resources().nlp()
    >>> rows = extract(nlp('"We will win," Trump told reporters on Monday.'), model)
    >>> rows[["cue", "speaker", "kind"]].values.tolist()
    [['told', 'Trump', 'direct']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import paths
from ..quotes import line_spans
from .content import content_pieces
from .features import (
    SPEECH_LEMMAS,
    DocContext,
    cue_candidates,
    cue_features,
    doc_context,
    speaker_candidates,
    speaker_features,
)
from .linear import LinearModel, read_models

DEFAULT_MODEL_PATH = paths.MODELS_DIR / "attribution.json"
ATTRIBUTION_COLUMNS = ["cue_start", "cue_end", "cue", "cue_lemma", "cue_class", "speaker_start", "speaker_end", "speaker",
                       "content_start", "content_end", "kind", "cue_score", "speaker_score", "content_pieces"]
_SPAN_STOP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "prep", "ccomp", "parataxis"}
_PRONOUNS_AS_SPEAKERS = {"he", "she", "they", "we", "i", "you", "it", "who", "his", "her", "their", "its", "my", "our"}
# Lines that are chrome, not reporting: link text, bylines, "Read more", captions and credits.
_CHROME_LINE = re.compile(
    r"^\s*(?:read more|related(?: stories| articles| coverage)?|see also|more from|more:|also:|the latest:|recommended|click here|"
    r"watch(?: the video)?|photo|image|caption|credit|video|listen|share|sign up|subscribe|advertisement|follow us|"
    r"by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*$)(?:\b|(?<=:))", re.I)
_CREDIT = re.compile(r"\((?:AP|Reuters|AFP|Getty|EPA)?\s*Photo[^)]*\)|\bPhoto(?:graph)?:\s|\bImage:\s|/\s*(?:AP|Getty Images|Reuters|AFP)\)?\s*$",
                     re.I)


@dataclass(frozen=True)
class AttributionModel:
    """The trained cue classifier and speaker ranker.

    Attributes:
        cue, speaker: linear models over string features.
        lexicon: lemmas that may head a cue (learned from train).
        threshold_speech: cue log-odds threshold for speech cues (say, tell, according to, ...).
        threshold_other: threshold for other cues (believe, want, show, ...), set higher: they are noisier.
    """
    cue: LinearModel
    speaker: LinearModel
    lexicon: frozenset
    threshold_speech: float = 0.0
    threshold_other: float = 2.0
    meta: dict | None = None


def load_attribution_model(path: str = DEFAULT_MODEL_PATH, **thresholds) -> AttributionModel:
    """Read the JSON artifact written by ``train_attribution.py`` (keyword thresholds override the stored ones)."""
    models, meta = read_models(path)
    return AttributionModel(models["cue"], models["speaker"], frozenset(meta["cue_lexicon"]),
                            float(thresholds.get("threshold_speech", meta.get("cue_threshold_speech", 0.0))),
                            float(thresholds.get("threshold_other", meta.get("cue_threshold_other", 2.0))), meta)


def is_speech_cue(token) -> bool:
    """A cue of saying or writing (the evaluation scope), as opposed to believing, wanting, showing."""
    return token.lemma_.lower() in SPEECH_LEMMAS or token.lower_ == "according" or token.text == ":"


def chrome_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are page chrome (link text, byline, "Read more"/"Related" line, photo caption or credit).

    Example:
        >>> t = "Read more: Trump says he will win\\n\\nBy Jane Doe\\n\\nTrump said he would win."
        >>> [t[s:e] for s, e in chrome_paragraphs(t)]
        ['Read more: Trump says he will win', 'By Jane Doe']
    """
    return [(s, e) for s, e in line_spans(text) if _CHROME_LINE.match(text[s:e]) or _CREDIT.search(text[s:e])]


def _speaker_span(doc, head: int, cue: int, ctx: DocContext) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``doc[head]``: its subtree without clauses, never the cue."""
    tok = doc[head]
    if tok.lower_ in _PRONOUNS_AS_SPEAKERS or tok.pos_ == "PRON":
        return tok.idx, tok.idx + len(tok)
    left, right = tok.i, tok.i
    for child in tok.children:
        if child.dep_ in _SPAN_STOP_DEPS and not (child.dep_ == "prep" and child.i > tok.i and child.lower_ == "of"):
            continue
        sub = [t.i for t in child.subtree]
        if cue in sub or any(ctx.quote_of_token[i] >= 0 and ctx.quote_of_token[i] != ctx.quote_of_token[head] for i in sub):
            continue
        left, right = min(left, min(sub)), max(right, max(sub))
    if left <= cue <= right:
        left, right = (max(left, cue + 1), right) if head > cue else (left, min(right, cue - 1))
    while right > left and (doc[right].is_punct or doc[right].is_space) and \
            not (doc[right].text == ")" and any(doc[k].text == "(" for k in range(left, right))):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    start, end = doc[left].idx, doc[right].idx + len(doc[right])
    text = ctx.text
    if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
        end += 1  # "Sen. Lindsey Graham (R-SC)": keep the closing parenthesis
    return start, end


def _in_spans(offset: int, spans) -> bool:
    return any(s <= offset < e for s, e in spans)


def extract(doc, model: AttributionModel, *, quotes: pd.DataFrame | None = None,
            threshold_speech: float | None = None, threshold_other: float | None = None) -> pd.DataFrame:
    """Every attribution in a parsed article.

    Args:
        doc: spaCy Doc of the whole article (en_core_web_sm; the shared pipeline of :mod:`analysis.annotate.parse`).
        model: from :func:`load_attribution_model`.
        quotes: quotation table (:func:`quotes.find_quotes`) if already computed.
        threshold_speech, threshold_other: override the model's cue thresholds (log-odds). The stored ones are
            chosen for the speech-cue evaluation; for the voice annotation ``threshold_other=0.0`` measures
            better (more belief/intention attributions: "wants", "believes", "shows").

    Returns:
        DataFrame with :data:`ATTRIBUTION_COLUMNS`: offsets into ``doc.text`` (-1 where absent), ``kind`` one of
        direct, indirect, partial, according_to, mixed; ``content_pieces`` the list of (start, end) pieces.

    Example:
        >>> from analysis.resources import Resources
        >>> nlp, model = Resources().nlp(), load_attribution_model()
        >>> extract(nlp("According to the poll, Clinton leads."), model)[["cue", "speaker", "kind"]].values.tolist()
        [['According to', 'the poll', 'according_to']]
    """
    ctx = doc_context(doc, quotes)
    text = ctx.text
    chrome = chrome_paragraphs(text)
    cands = [i for i in cue_candidates(doc, model.lexicon) if not _in_spans(doc[i].idx, chrome)]
    rows = []
    if not cands:
        return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    scores = model.cue.score([cue_features(doc, i, ctx) for i in cands])
    t_speech = model.threshold_speech if threshold_speech is None else threshold_speech
    t_other = model.threshold_other if threshold_other is None else threshold_other
    chosen = [(i, s) for i, s in zip(cands, scores) if s > (t_speech if is_speech_cue(doc[i]) else t_other)]
    for cue, cue_score in chosen:
        tok = doc[cue]
        spk = [j for j in speaker_candidates(doc, cue, ctx) if not _in_spans(doc[j].idx, chrome)]
        speaker, spk_score = (-1, -1), float("nan")
        if spk:
            s_scores = model.speaker.score([speaker_features(doc, cue, j, ctx) for j in spk])
            best = int(np.argmax(s_scores))  # first maximum: ties go to the earlier token
            speaker, spk_score = _speaker_span(doc, spk[best], cue, ctx), float(s_scores[best])
        pieces, kind = content_pieces(doc, cue, ctx, speaker=speaker)
        cue_end = tok.idx + len(tok)
        if tok.lower_ == "according" and cue + 1 < len(doc) and doc[cue + 1].lower_ == "to":
            cue_end = doc[cue + 1].idx + len(doc[cue + 1])
        rows.append({
            "cue_start": tok.idx, "cue_end": cue_end, "cue": text[tok.idx:cue_end],
            "cue_lemma": tok.lemma_.lower() if tok.text != ":" else ":",
            "cue_class": "speech" if is_speech_cue(tok) else "other",
            "speaker_start": speaker[0], "speaker_end": speaker[1],
            "speaker": text[speaker[0]:speaker[1]] if speaker[0] >= 0 else "",
            "content_start": min((p[0] for p in pieces), default=-1), "content_end": max((p[1] for p in pieces), default=-1),
            "kind": kind, "cue_score": float(cue_score), "speaker_score": spk_score, "content_pieces": pieces,
        })
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
