"""Tests of the word-choice lens (analysis.wording) on the seed pages and synthetic text."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import nlp, paths

HERE = Path(__file__).parent / "data" / "wording"
_TERMINAL = re.compile(r"[.!?”\"’')]$")


def _body_lines(lines: list[str], first: str, last: str) -> list[str]:
    """Lines from the one starting with ``first`` to the one starting with ``last``, chrome dropped.

    Chrome rules (C4-style): keep lines with 5+ words that end in terminal punctuation,
    and drop lines repeated inside the range (photo captions).
    """
    stripped = [line.strip() for line in lines]
    i = next(k for k, line in enumerate(stripped) if line.startswith(first))
    j = next(k for k, line in enumerate(stripped) if k >= i and line.startswith(last))
    body = stripped[i : j + 1]
    return [
        line for line in body
        if len(line.split()) >= 5 and _TERMINAL.search(line) and body.count(line) == 1
    ]


def seed_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """articles and sentences (docs/CONTRACTS.md) built from the raw seed pages."""
    spec = pd.read_csv(HERE / "seed_articles.csv", dtype=str, keep_default_na=False)
    articles, sentences = [], []
    for row in spec.itertuples(index=False):
        lines = (paths.RAW_DIR / row.source_file).read_text(encoding="utf-8").splitlines()
        headline = ""
        if row.headline_line:
            headline = next(line.strip() for line in lines if line.strip().startswith(row.headline_line))
        paragraphs = _body_lines(lines, row.body_first, row.body_last)
        text = "\n\n".join(paragraphs)
        offset = 0
        n = 0
        for p, para in enumerate(paragraphs):
            for s, e in nlp.sentence_spans(para):
                sentences.append((row.article_id, n, p, offset + s, offset + e, para[s:e]))
                n += 1
            offset += len(para) + 2
        articles.append((row.article_id, row.source_file, int(row.story), row.outlet, headline, text,
                         len(text.split()), n, row.note))
    articles = pd.DataFrame(articles, columns=["article_id", "source_file", "story", "outlet", "headline",
                                               "text", "n_words", "n_sentences", "note"])
    sentences = pd.DataFrame(sentences, columns=["article_id", "sentence_id", "paragraph", "start", "end", "text"])
    return articles, sentences
