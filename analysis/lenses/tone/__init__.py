"""Tone toward actors: how each outlet writes about the people, bodies and states it names.

Per article, every named actor mention is classified by a target-dependent model (all-MiniLM-L6-v2, first
four layers, LoRA-tuned on NewsMTSC's train split with the target marked; calibrated by temperature;
``training/tone.py`` rebuilds ``analysis/models/tone/``), in the outlet's own voice or in speech it quotes or
reports. Across articles: tone per outlet and actor with intervals over articles, and the corpus's split of
negative, neutral and positive mentions beside the calibrated expected split.
"""

from __future__ import annotations

import pandas as pd

from ..actors import with_corpus_names
from ..base import Lens
from . import aggregate, mentions
from .figures import draw_figures

MODEL_FOLDER = "tone"


def load(path):
    from .model import load_tone_model

    return load_tone_model(path)


def per_article(batch, resources) -> dict[str, pd.DataFrame]:
    """Every actor mention of the batch with its calibrated probabilities, tone and label."""
    return {"tone_mentions": mentions.tone_mentions(batch, resources.model(MODEL_FOLDER, load),
                                                    resources.rule_table("victim_cues"))}


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    found = tables["tone_mentions"]
    found = found.assign(actor=with_corpus_names(found, tables["actor_names"])) if len(found) else found
    return {"tone_by_outlet": aggregate.tone_by_outlet(found, tables["articles"]),
            "tone_shares": aggregate.tone_shares(found)}


LENS = Lens(name="tone", reads=("articles", "mentions", "actor_names", "tone_mentions"),
            article_tables=("tone_mentions",), writes=("tone_by_outlet", "tone_shares"),
            models=("tone",), rules=("victim_cues",), per_article=per_article, reduce=reduce, figures=draw_figures,
            description="tone toward each actor, own voice and quoted apart, with intervals")
