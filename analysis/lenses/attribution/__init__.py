"""Attribution: whose voices each outlet carries, how it introduces them, and how many are anonymous.

Per article, the shared annotation already holds every attribution with its cue, speaker span, content and
resolved speaker (:mod:`analysis.annotate.attribution`, :mod:`analysis.annotate.actors`). Across articles this
lens gives speakers their corpus names and groups and compares outlets' shares with intervals over articles.
"""

from __future__ import annotations

import pandas as pd

from ...annotate.actors.tables import places_of_corpus
from ..base import Lens
from . import tables as t
from .figures import draw_figures


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    articles = tables["articles"]
    actor_tables = resources.actor_tables()
    # "The Wuhan Municipal Health Commission" speaks for China when the corpus says "Wuhan, China"
    aliases = {**places_of_corpus(articles["text"], actor_tables), **actor_tables.aliases}
    found = t.speakers(tables["attributions"], tables["actor_names"], resources.rule_table("reporting_verbs"),
                       aliases=aliases)
    return {
        "speakers": found,
        "voices_by_outlet": t.share_by_outlet(found, articles, "group"),
        "cue_tones_by_outlet": t.share_by_outlet(found, articles, "cue_tone"),
        "top_speakers": t.top_speakers(found, articles),
        "voice_resolution": t.resolution_summary(found),
    }


LENS = Lens(name="attribution", reads=("articles", "attributions", "actor_names"),
            writes=("speakers", "voices_by_outlet", "cue_tones_by_outlet", "top_speakers", "voice_resolution"),
            rules=("reporting_verbs",), reduce=reduce, figures=draw_figures,
            description="whose voices each outlet carries, with which verbs, how many anonymous")
