"""Events: which articles report the same happening (event ``EV...``) and its aftermath (storyline ``SL...``).

A pair scorer learned from BASIL and ECB+ dev data (``training/events.py`` rebuilds
``analysis/models/events.json``) scores candidate article pairs from corpus-fitted TF-IDF vectors of
headline, lede and body, names, numbers, dates when present, and the MiniLM vector of headline and lede;
average linkage groups articles into events, then events into storylines. A corpus that is one event,
undated or unrelated says so in ``event_status`` and gets no invented structure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import Lens
from .features import article_parts, boilerplate_paragraphs
from .figures import draw_figures
from .grouping import event_table, group_events, grouping_status
from .model import load_event_model

MODEL_FILE = "events.json"


def embedding_texts(articles: pd.DataFrame) -> list[str]:
    """What is embedded for each article: its headline, then its lede (corpus-wide boilerplate paragraphs left out)."""
    parts = article_parts(articles, drop=boilerplate_paragraphs(articles))
    return (parts["headline"] + ". " + parts["lede"]).str.strip(". ").tolist()


def as_event_input(articles: pd.DataFrame) -> pd.DataFrame:
    """The columns the grouping reads, from the corpus table (``headline`` is the title)."""
    return pd.DataFrame({"article_id": articles["article_id"], "outlet": articles["outlet"],
                         "date": articles["date"].fillna("").astype(str), "title": articles["headline"].fillna("").astype(str),
                         "text": articles["text"].fillna("").astype(str)})


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    """Events and storylines of the corpus, one row per event, and the corpus's grouping status."""
    articles = as_event_input(tables["articles"])
    model = resources.model(MODEL_FILE, load_event_model)
    embeddings = None
    if len(articles) > 1 and model.uses_embeddings:
        embeddings = resources.encoder().encode(embedding_texts(articles)).astype(np.float64)
    assignments = group_events(articles, model=model, embeddings=embeddings)
    status = grouping_status(articles, assignments)
    table = event_table(articles, assignments)
    summary = pd.DataFrame([{**status, "n_articles": len(articles), "n_events": len(table),
                             "n_storylines": assignments["storyline"].nunique() if len(assignments) else 0,
                             "n_events_with_2_outlets": int((table["n_outlets"] >= 2).sum()) if len(table) else 0}])
    return {"events": assignments.reset_index(drop=True), "event_table": table, "event_status": summary}


LENS = Lens(name="events", reads=("articles",), writes=("events", "event_table", "event_status"),
            models=(MODEL_FILE, "sentence encoder"), reduce=reduce, figures=draw_figures,
            description="articles grouped into events (one happening) and storylines")
