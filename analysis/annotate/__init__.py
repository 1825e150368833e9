"""Shared text annotations, computed once per article and read by every lens.

For each article: its sentences (each with the page furniture it is, if any: :mod:`.furniture`), the spaCy
parse (:mod:`.parse`), quote spans (:mod:`.quotes`), attributions (:mod:`.attribution`: cue, speaker,
content), the voice of every span (:mod:`.voice`: the outlet's own, quoted or reported), actor mentions and
resolved speakers (:mod:`.actors`). Lenses read them
from an :class:`ArticleAnnotations` in their per-article step and from the ``quotes``,
``attributions``, ``voice`` and ``mentions`` tables afterwards; none re-derives them.

Example:
    >>> import pandas as pd
    >>> from analysis.resources import Resources
    >>> articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "date": [""], "headline": [""],
    ...                          "text": ['"We will respond," the minister said. Markets fell.']})
    >>> from analysis.corpus import sentences_frame
    >>> [annotated] = annotate_articles(articles, sentences_frame(articles), Resources())
    >>> annotated.voice[["start", "end", "voice"]].values.tolist()
    [[0, 18, 'quoted'], [18, 51, 'own']]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import attribution, furniture, parse, quotes, transcript, voice
from .actors.mentions import find_mentions
from .actors.speakers import resolve_speakers

TABLES = ("quotes", "attributions", "voice", "mentions")
SENTENCE_OFFSET = {"attributions": "cue_start"}  # the offset that places a row in its sentence


@dataclass
class ArticleAnnotations:
    """Everything known about one article's text, shared by the lenses' per-article steps."""

    article: dict
    sentences: pd.DataFrame
    doc: object
    quotes: pd.DataFrame
    attributions: pd.DataFrame
    voice: pd.DataFrame
    mentions: pd.DataFrame

    @property
    def article_id(self) -> str:
        return str(self.article["article_id"])

    def sentence_of(self, offsets) -> list[int]:
        """The ``sentence_id`` holding each character offset (-1 outside every sentence)."""
        starts = self.sentences["start"].to_numpy()
        ends = self.sentences["end"].to_numpy()
        ids = self.sentences["sentence_id"].to_numpy()
        out = []
        for offset in offsets:
            k = int(np.searchsorted(starts, int(offset), side="right")) - 1
            out.append(int(ids[k]) if k >= 0 and int(offset) < ends[k] else -1)
        return out

    def with_sentence_ids(self, table: pd.DataFrame, *, column: str = "start") -> pd.DataFrame:
        """``table`` with ``sentence_id`` (of the offset in ``column``) in place of ``sentence_start``."""
        table = table.drop(columns=["sentence_start"], errors="ignore")
        table.insert(0, "sentence_id", self.sentence_of(table[column]) if len(table) else pd.Series(dtype=int))
        return table

    def voice_at(self, start: int, end: int) -> str:
        """The voice of the span ``[start, end)``: the voice covering most of it."""
        return voice.voice_of_span(self.voice, start, end)

    def sentence_voice(self, span) -> str:
        """The voice of a sentence (a spaCy span): that of the words it attributes when its head verb is an
        attribution's cue ("Davis, 38, said she would ...", "'Washington is a leaking machine,' the president said
        during the announcement"), else the voice covering most of it. The frame ("the president said during ...")
        is the outlet's words, but the sentence's claim is the speaker's."""
        start, end = span.start_char, span.end_char
        cues = self.attributions
        if len(span) and len(cues) and "cue_start" in cues.columns:
            head = span.root.idx
            hit = np.flatnonzero((cues["cue_start"].to_numpy() <= head) & (head < cues["cue_end"].to_numpy()))
            speaker = str(cues["speaker"].iloc[int(hit[0])]) if len(hit) and "speaker" in cues.columns else ""
            if len(hit) and speaker.strip().lower() not in ("i", "we"):  # "I told it anyway": the writer's own voice
                spans = self.voice[(self.voice["attribution"] == int(hit[0])) & (self.voice["voice"] != "own")]
                said = voice.voice_of_span(spans, start, end)
                if said != "own":
                    return said
        return self.voice_at(start, end)


def annotate_articles(articles: pd.DataFrame, sentences: pd.DataFrame, resources) -> list[ArticleAnnotations]:
    """Parse and annotate each article (one spaCy pass over the batch, read from the parse store where saved)."""
    nlp = resources.nlp()
    texts = articles["text"].fillna("").astype(str).tolist()
    docs = parse.parse_texts(texts, nlp, store=resources.parse_store())
    by_article = dict(tuple(sentences.groupby("article_id", sort=False))) if len(sentences) else {}
    rules = furniture.compile_filter(resources.rule_table("fact_filter"))
    annotated = []
    for row, doc in zip(articles.to_dict("records"), docs):
        article_sentences = by_article.get(row["article_id"], sentences.iloc[0:0])
        article_sentences = article_sentences.assign(filtered_as=furniture.filter_statuses(
            article_sentences.get("text", pd.Series(dtype=str)), rules))
        found_quotes = quotes.find_quotes(doc.text)
        tables = resources.actor_tables()
        found_mentions = find_mentions(doc, tables=tables)
        found = attribution.extract(doc, found_quotes, resources)
        top = found_quotes[found_quotes["depth"] == 0] if len(found_quotes) else found_quotes
        found = resolve_speakers(doc, found, found_mentions, tables=tables, home_country=resources.settings.home_country,
                                 quotes=list(zip(top["start"], top["end"])))
        spans = voice.voice_spans(doc.text, found_quotes, found, transcript.transcript_turns(doc.text))
        found_mentions["voice"] = [voice.voice_of_span(spans, s, e) for s, e in
                                   zip(found_mentions["start"], found_mentions["end"])]
        annotated.append(ArticleAnnotations(row, article_sentences, doc, found_quotes, found, spans, found_mentions))
    return annotated


def annotation_tables(annotated: list[ArticleAnnotations]) -> dict[str, pd.DataFrame]:
    """The annotation tables of a batch, one row per item, with ``article_id`` first."""
    out = {}
    for name in TABLES:
        parts = [a.with_sentence_ids(getattr(a, name), column=SENTENCE_OFFSET.get(name, "start")).assign(
            article_id=a.article_id) for a in annotated]
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        if "content_pieces" in table:
            table["content_pieces"] = [";".join(f"{int(a)}-{int(b)}" for a, b in pieces) for pieces in table["content_pieces"]]
        out[name] = table[["article_id"] + [c for c in table.columns if c != "article_id"]] if len(table.columns) else table
    return out
