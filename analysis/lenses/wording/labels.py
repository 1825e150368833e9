"""Labels: the words an outlet uses for contested things and for the actors it names, by voice.

* Framing terms (``analysis/data/framing_terms.csv``, a user's ``acts.csv`` in the same format added
  to it): each use of a label of a family ("assassination", "killing", "strike" for the killing of a
  person), its verb and noun forms alike, with the voice it is in. A word talked *about* ("calling it an
  assassination obscures...", "the so-called regime", "what Iran calls a martyrdom") is ``mentioned``, not a use.
* Actor labels: what an outlet calls a named actor: appositions ("Soleimani, *Iran's top general*"),
  title words before the name ("*Iranian general* Qassem Soleimani") and predicate nouns
  ("Soleimani was *a terrorist*").

Example:
    >>> import re
    >>> compile_terms(pd.DataFrame({"family": ["f"], "label": ["murder"], "pattern": ["murder(?:ed)?"],
    ...                             "source": ["s"]}))[0][2].pattern
    '(?<![\\\\w-])(?:murder(?:ed)?)(?![\\\\w-])'
"""

from __future__ import annotations

import re

import pandas as pd

from ...annotate import voice as voice_mod
from ...annotate.actors.roles import sentence_ids
from ...annotate.mention_use import is_mentioned_word

TERM_COLUMNS = ["family", "label", "pattern", "source"]
USE_COLUMNS = ["start", "end", "family", "label", "matched", "voice", "mentioned"]
ACTOR_LABEL_COLUMNS = ["start", "end", "actor", "label", "kind", "voice"]
TITLE_POS = ("NOUN", "ADJ", "PROPN")


def compile_terms(table: pd.DataFrame) -> list[tuple[str, str, re.Pattern]]:
    """(family, label, whole-word regex) for each row with a pattern."""
    return [(r.family, r.label, re.compile(rf"(?<![\w-])(?:{r.pattern})(?![\w-])", re.IGNORECASE))
            for r in table.itertuples() if str(r.pattern).strip()]


def is_mentioned(doc, start: int, end: int, *, text: str | None = None) -> bool:
    """True when the words at ``[start, end)`` are talked about rather than used (:mod:`analysis.annotate.mention_use`)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return bool(span is not None and len(span) and is_mentioned_word(doc, span.root, text=text))


def term_uses(annotated, terms: list[tuple[str, str, re.Pattern]]) -> pd.DataFrame:
    """Every framing-term match in one article, with its voice and whether it is only mentioned."""
    doc, text, rows = annotated.doc, annotated.doc.text, []
    taken: list[tuple[int, int]] = []
    found = sorted(((m.start(), m.end(), fam, lab) for fam, lab, rx in terms for m in rx.finditer(text)),
                   key=lambda r: (r[0], -(r[1] - r[0]), r[2], r[3]))
    for start, end, family, label in found:
        if any(start < e and s < end for s, e in taken):
            continue  # the longest match wins ("targeted killing" over "killing")
        taken.append((start, end))
        rows.append((start, end, family, label, text[start:end],
                     voice_mod.voice_of_span(annotated.voice, start, end), is_mentioned(doc, start, end, text=text)))
    return pd.DataFrame(rows, columns=USE_COLUMNS)


def _noun_phrase(token) -> tuple[int, int]:
    """Character span of a noun's phrase without relative clauses and trailing punctuation."""
    keep = [t for t in token.subtree if not any(a.dep_ in ("relcl", "acl") and a in token.children and t in a.subtree
                                                for a in token.children)]
    keep = [t for t in keep if not t.is_punct] or [token]
    return keep[0].idx, keep[-1].idx + len(keep[-1])


def actor_labels(annotated) -> pd.DataFrame:
    """Labels attached to each named actor mention: apposition, title words, predicate noun."""
    doc, rows = annotated.doc, []
    text = doc.text  # rebuilt from every token on each access: read once
    sentence_of, sentence_starts = sentence_ids(doc)
    for m in annotated.mentions.itertuples():
        span = doc.char_span(int(m.start), int(m.end), alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        first = sentence_starts[sentence_of[span.start]]
        titles = [t for t in doc[max(span.start - 4, first):span.start]
                  if t.head.i in range(span.start, span.end) and t.dep_ in ("compound", "amod") and t.pos_ in TITLE_POS]
        if titles:
            rows.append((titles[0].idx, titles[-1].idx + len(titles[-1]), m.actor,
                         " ".join(t.text for t in titles), "title"))
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                s, e = _noun_phrase(child)
                rows.append((s, e, m.actor, text[s:e], "apposition"))
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            for child in head.head.children:
                if child.dep_ == "attr" and child.pos_ == "NOUN":
                    s, e = _noun_phrase(child)
                    rows.append((s, e, m.actor, text[s:e], "predicate"))
    table = pd.DataFrame(rows, columns=ACTOR_LABEL_COLUMNS[:-1])
    table["voice"] = [voice_mod.voice_of_span(annotated.voice, s, e) for s, e in zip(table["start"], table["end"])]
    return table.drop_duplicates(["start", "end", "actor"]).reset_index(drop=True)
