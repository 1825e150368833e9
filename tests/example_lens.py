"""A lens written the way a user would add one: questions asked in each outlet's own voice.

It is registered with ``default_registry().with_lens(QUESTIONS)`` and built end to end in
``test_architecture.py``; ``docs/ARCHITECTURE.md`` walks through it.
"""

from __future__ import annotations

import pandas as pd

from analysis.lenses.base import Lens
from analysis.style import empty_figure, save_figure


def questions_per_article(batch, resources) -> dict[str, pd.DataFrame]:
    """Per article: its sentences that end in '?' and are in the outlet's own voice."""
    rows = []
    for article in batch:
        for s in article.sentences.itertuples():
            if s.text.rstrip().endswith("?") and article.voice_at(s.start, s.end) == "own":
                rows.append((article.article_id, s.sentence_id, s.text))
    return {"own_questions": pd.DataFrame(rows, columns=["article_id", "sentence_id", "text"])}


def questions_by_outlet(tables, resources) -> dict[str, pd.DataFrame]:
    """Across articles: own-voice questions per outlet."""
    articles = tables["articles"][["article_id", "outlet"]]
    found = tables["own_questions"].merge(articles, on="article_id")
    counts = articles.groupby("outlet").size().rename("n_articles").to_frame()
    counts["n_questions"] = found.groupby("outlet").size()
    return {"questions_by_outlet": counts.fillna(0).astype(int).reset_index()}


def questions_figure(tables, figures_dir):
    fig, _ = empty_figure(f"{int(tables['questions_by_outlet']['n_questions'].sum())} own-voice questions")
    return [save_figure(fig, tables["questions_by_outlet"], "example_questions", figures_dir)]


QUESTIONS = Lens(name="questions", reads=("articles", "voice", "own_questions"),
                 article_tables=("own_questions",), writes=("questions_by_outlet",),
                 per_article=questions_per_article, reduce=questions_by_outlet, figures=questions_figure,
                 description="questions asked in each outlet's own voice")
