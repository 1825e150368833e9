"""Attributions: cue, speaker and content of every attribution in an article.

A linear cue classifier and a linear speaker ranker over the spaCy parse, trained on PolNeAR's train
split (Newell, Margolin & Ruths, LREC 2018; ``training/attribution.py`` rebuilds the weights in
``analysis/models/attribution.json``), and rules for content spans (:mod:`.content`). Speech cues
("said", "according to") use the threshold chosen on train by cross-validation; other cues ("believes",
"wants") a lower one that measures better for the voice annotation. ``cue_class`` tells them apart.

Example:
    >>> import pandas as pd
    >>> from analysis.resources import Resources
    >>> resources = Resources()
    >>> doc = resources.nlp()('"We will respond," the minister told reporters.')
    >>> extract(doc, pd.DataFrame(columns=["start", "end", "depth"]), resources)[["cue", "speaker", "kind"]].values.tolist()
    [['told', 'the minister', 'direct']]
"""

from __future__ import annotations

import pandas as pd

from ..actors.mentions import link_text_spans
from .model import ATTRIBUTION_COLUMNS, load_attribution_model
from .model import extract as extract_with

MODEL_FILE = "attribution.json"
THRESHOLD_OTHER = 0.0  # belief and intention cues: PolNeAR dev voice F1 0.853 against 0.813 at the stored 3.0


def extract(doc, quotes: pd.DataFrame, resources) -> pd.DataFrame:
    """Every attribution of a parsed article (:data:`ATTRIBUTION_COLUMNS`; offsets -1 where absent)."""
    model = resources.model(MODEL_FILE, load_attribution_model)
    found = extract_with(doc, model, quotes=quotes if len(quotes) else None, threshold_other=THRESHOLD_OTHER)
    # listed: what the attribution tables count (speech cues, and other cues above the model's own threshold);
    # the rest only mark their content as reported speech in the voice annotation
    found["listed"] = ((found["cue_class"] == "speech") | (found["cue_score"] > model.threshold_other)) & \
        ~negated(doc, found) & ~in_link_text(doc.text, found)
    return found


def in_link_text(text: str, found: pd.DataFrame) -> pd.Series:
    """Whether each attribution's cue lies in link text pasted into the article (a hover card's headlines:
    "Senators urge FCC to shore up internet access ... MORE"): a headline list, not a voice of the article.

    Example:
        >>> t = "Sen. Tom Cotton Tom CottonSenators urge FCC to act | Pelosi rejects calls MORE (R-Ark.) said no."
        >>> in_link_text(t, pd.DataFrame({"cue_start": [t.index("urge"), t.index("said")]})).tolist()
        [True, False]
    """
    spans = link_text_spans(text)
    return pd.Series([any(s <= int(c) < e for s, e in spans) for c in found["cue_start"]], index=found.index, dtype=bool)


NOBODY = ("no ", "not one ", "not a single ", "none ", "nobody", "no one", "neither ")


def negated(doc, found: pd.DataFrame) -> pd.Series:
    """Whether each attribution cites nobody's words: a negated cue ("did not say whether") or a speaker who is
    no one ("not one senator said publicly they had changed their mind"). Such rows still mark their content in
    the voice annotation but are not counted as anyone's voice.

    Example:
        >>> from analysis.resources import Resources
        >>> resources = Resources()
        >>> doc = resources.nlp()("Not one senator said publicly they had changed their mind. The aide said it was over.")
        >>> found = extract(doc, pd.DataFrame(columns=["start", "end", "depth"]), resources)
        >>> found["listed"].tolist()
        [False, True]
    """
    out = []
    for cue_start, cue_end, speaker in zip(found["cue_start"], found["cue_end"], found["speaker"].fillna("").astype(str)):
        span = doc.char_span(int(cue_start), int(cue_end), alignment_mode="expand") if int(cue_start) >= 0 else None
        negative = span is not None and any(c.dep_ == "neg" for t in span for c in t.children)
        out.append(negative or speaker.lower().startswith(NOBODY))
    return pd.Series(out, index=found.index, dtype=bool)


__all__ = ["ATTRIBUTION_COLUMNS", "extract", "load_attribution_model"]
