"""Tone toward actors: how each outlet writes about the people, bodies and states it names.

Per article, every named actor mention is classified by a target-dependent model (all-MiniLM-L6-v2, first
four layers, LoRA-tuned on NewsMTSC's train split with the target marked; calibrated by temperature;
``training/tone.py`` rebuilds ``analysis/models/tone/``), in the outlet's own voice or in speech it quotes or
reports. Across articles: tone per outlet and actor with intervals over articles, and the corpus's split of
negative, neutral and positive mentions beside the calibrated expected split.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..actors import with_corpus_names
from ..base import Lens
from . import aggregate, mentions, prior
from .figures import draw_figures

MODEL_FOLDER = "tone"


def load(path):
    from .model import load_tone_model

    return load_tone_model(path)


def per_article(batch, resources) -> dict[str, pd.DataFrame]:
    """Every actor mention of the batch with the model's calibrated probabilities, tone and label."""
    return {"tone_scores": mentions.tone_mentions(batch, resources.model(MODEL_FOLDER, load),
                                                  resources.rule_table("victim_cues"))}


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    """The mentions re-weighted to the corpus's own neutral share (:mod:`.prior`), and their aggregates."""
    scored = tables["tone_scores"]
    if len(scored):
        scored = scored.sort_values(["article_id", "sentence_id", "start", "end"], kind="stable").reset_index(drop=True)
    model_p = scored[["p_negative", "p_neutral", "p_positive"]].to_numpy(dtype=np.float64)
    found = mentions.relabelled(scored, prior.adjust(model_p, prior.neutral_share(model_p))) if len(scored) else scored
    named = found.assign(actor=with_corpus_names(found, tables["actor_names"])) if len(found) else found
    return {"tone_mentions": found,
            "tone_by_outlet": aggregate.tone_by_outlet(named, tables["articles"]),
            "tone_shares": aggregate.tone_shares(named, model=scored)}


LENS = Lens(name="tone", reads=("articles", "mentions", "actor_names", "tone_scores"),
            article_tables=("tone_scores",), internal=("tone_scores",),
            writes=("tone_mentions", "tone_by_outlet", "tone_shares"),
            models=("tone",), rules=("victim_cues",), per_article=per_article, reduce=reduce, figures=draw_figures,
            description="tone toward each actor, own voice and quoted apart, with intervals")
