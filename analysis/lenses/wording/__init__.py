"""Word choice: the labels each outlet uses in its own voice, the words that set it apart, its markers.

Per article (from the shared annotations): framing-term uses with their voice, labels attached to
named actors, own-voice word counts and framing markers. Across articles: label shares per outlet,
distinctive terms (Fightin' Words) and marker rates per 1,000 own-voice words, with intervals.
"""

from __future__ import annotations

import pandas as pd

from ..base import Lens
from . import labels, markers, summary, terms
from .figures import draw_figures


def per_article(batch, resources) -> dict[str, pd.DataFrame]:
    """Label uses, actor labels, own-voice term counts and marker matches of each article in ``batch``."""
    term_table = resources.rule_table("framing_terms")
    acts = resources.rule_table("acts") if resources.rule_path("acts").is_file() else None
    if acts is not None and set(labels.TERM_COLUMNS) <= set(acts.columns):
        columns = labels.TERM_COLUMNS + [c for c in labels.OPTIONAL_TERM_COLUMNS if c in acts.columns]
        term_table = pd.concat([acts[columns], term_table], ignore_index=True).fillna("")
    compiled_terms = labels.compile_terms(term_table)
    compiled_markers = markers.compile_markers(resources.rule_table("framing_markers"))
    role_words = resources.actor_tables().role_words
    contexts = labels.sense_contexts(resources.rule_table("sense_contexts"))
    out = {"label_uses": [], "actor_labels": [], "term_counts": [], "own_words": [], "marker_matches": []}
    for article in batch:
        aid = article.article_id
        uses = labels.term_uses(article, compiled_terms, role_words=role_words, contexts=contexts)
        out["label_uses"].append(article.with_sentence_ids(uses).assign(article_id=aid))
        out["actor_labels"].append(article.with_sentence_ids(labels.actor_labels(article)).assign(article_id=aid))
        counts, n_words = terms.term_counts(article)
        out["term_counts"].append(counts.assign(article_id=aid))
        out["own_words"].append(pd.DataFrame({"article_id": [aid], "n_words": [n_words]}))
        own = [(int(s), int(e)) for s, e, v in zip(article.voice["start"], article.voice["end"], article.voice["voice"]) if v == "own"]
        found = pd.DataFrame(markers.find_markers(article.doc.text, compiled_markers, own), columns=markers.MATCH_COLUMNS)
        out["marker_matches"].append(article.with_sentence_ids(found).assign(article_id=aid))
    return {name: summary.first_column(pd.concat(parts, ignore_index=True), "article_id") for name, parts in out.items()}


def reduce(tables, resources) -> dict[str, pd.DataFrame]:
    """Label shares, distinctive terms and marker rates per outlet."""
    articles = tables["articles"]
    categories = sorted(set(resources.rule_table("framing_markers")["category"]))
    return {
        "label_summary": summary.label_summary(tables["label_uses"], articles),
        "actor_label_summary": summary.actor_label_summary(tables["actor_labels"], articles),
        "distinctive_terms": terms.distinctive_terms(tables["term_counts"], tables["own_words"], articles),
        "marker_rates": markers.marker_rates(tables["marker_matches"], tables["own_words"], articles, categories),
    }


LENS = Lens(
    name="wording",
    reads=("articles", "voice", "mentions", "label_uses", "actor_labels", "term_counts", "own_words", "marker_matches"),
    article_tables=("label_uses", "actor_labels", "term_counts", "own_words", "marker_matches"),
    writes=("label_summary", "actor_label_summary", "distinctive_terms", "marker_rates"),
    rules=("framing_terms", "acts", "framing_markers", "sense_contexts"),
    per_article=per_article, reduce=reduce, figures=draw_figures,
    description="labels in the outlet's own voice, distinctive words, framing markers",
)
