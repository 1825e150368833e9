"""Build the seed-corpus test inputs (articles, sentences) from the raw pages.

A stand-in for ``analysis.corpus`` until it lands: body lines only, chosen by
hand (photo captions, standfirst bullets, promos and page chrome left out).
Run from the project root: ``.venv/bin/python tests/data/facts/make_seed.py``.
It writes ``seed_articles.csv`` and ``seed_sentences.csv`` beside itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import io, paths
from analysis.nlp import sentence_spans

HERE = Path(__file__).resolve().parent

# (source_file, story, outlet, date, headline line, body line ranges (1-based, inclusive), skipped lines)
STORIES = [
    ("000_c1c8499ca4b5f6ca.txt", 1, "Reuters", "2020-01-07", 3, [(10, 32)], []),
    ("000_c1c8499ca4b5f6ca.txt", 2, "AFP", "2020-01-07", 34, [(46, 66)], []),
    ("001_cd59827476a30d14.txt", 1, "Sputnik", "2020-01-06", 7, [(18, 60)], [24, 25, 26]),
    ("002_fef9c184b96aac0a.txt", 1, "Reuters", "2020-01-10", 1, [(5, 33)], []),
    ("003_7ad6a651d57beef3.txt", 1, "RT", "2020-01-03", 1, [(3, 12)], [7]),
    ("004_19f1b381fbdfb763.txt", 1, "Reuters", "2020-01-07", None, [(3, 65)], [35]),
]


def story_rows(raw_dir: Path = paths.RAW_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, sentences) for the seed stories, following docs/CONTRACTS.md."""
    articles, sentences = [], []
    for source, story, outlet, date, head_line, ranges, skipped in STORIES:
        lines = (raw_dir / source).read_text(encoding="utf-8").split("\n")
        headline = lines[head_line - 1].strip() if head_line else ""
        paragraphs = []
        for first, last in ranges:
            for number in range(first, last + 1):
                line = " ".join(lines[number - 1].replace("\u00a0", " ").split())
                if line and number not in skipped:
                    paragraphs.append(line)
        text = "\n\n".join(paragraphs)
        article_id = f"{source[:-4]}-{story}"
        offset, sentence_id = 0, 0
        for paragraph_no, paragraph in enumerate(paragraphs):
            for start, end in sentence_spans(paragraph):
                sentences.append((article_id, sentence_id, paragraph_no, offset + start, offset + end, paragraph[start:end]))
                sentence_id += 1
            offset += len(paragraph) + 2
        articles.append((article_id, source, story, outlet, date, headline, text, len(text.split()), sentence_id))
    articles = pd.DataFrame(articles, columns=["article_id", "source_file", "story", "outlet", "date", "headline", "text", "n_words", "n_sentences"])
    sentences = pd.DataFrame(sentences, columns=["article_id", "sentence_id", "paragraph", "start", "end", "text"])
    return articles, sentences


if __name__ == "__main__":
    arts, sents = story_rows()
    io.write_csv(arts, HERE / "seed_articles.csv")
    io.write_csv(sents, HERE / "seed_sentences.csv")
    print(len(arts), "articles,", len(sents), "sentences")
