"""Labels: the words an outlet uses for contested things and for the actors it names, by voice.

* Framing terms (``analysis/data/framing_terms.csv``, a user's ``acts.csv`` in the same format added
  to it): each use of a label of a family ("assassination", "killing", "strike" for the killing of a
  person), its verb and noun forms alike, with the voice it is in. A word talked *about* ("calling it an
  assassination obscures...", "the so-called regime", "what Iran calls a martyrdom") is ``mentioned``, not a use.
* A term row may say what a use must look like (column ``applies_to``): ``named person`` (the act has a named
  person or a person's role as its object: "killed Soleimani", "the assassination of Iran's top general", not
  "eliminated the 60-vote barrier", "character assassination" or a death toll), ``noun`` ("rebels", not "rebel
  at the idea") or ``not system`` ("the Assad regime", not "the tax regime"). A capitalised match of a lower-case label inside an organisation's name ("Food and Drug
  Administration", "NARAL Pro-Choice America") is a name, not a label, unless a named actor comes right before it
  ("the Trump Administration"); labels that are names themselves ("Affordable Care Act") always count.
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
OPTIONAL_TERM_COLUMNS = ["applies_to"]
NAME_ENTITIES = ("ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT")
ACTOR_KINDS = ("person", "state", "demonym", "capital", "region")
USE_COLUMNS = ["start", "end", "family", "label", "matched", "voice", "mentioned"]
ACTOR_LABEL_COLUMNS = ["start", "end", "actor", "label", "kind", "voice"]
TITLE_POS = ("NOUN", "ADJ", "PROPN")


def compile_terms(table: pd.DataFrame) -> list[tuple[str, str, re.Pattern, str]]:
    """(family, label, whole-word regex, applies_to) for each row with a pattern."""
    needs = table["applies_to"] if "applies_to" in table.columns else pd.Series("", index=table.index)
    return [(r.family, r.label, re.compile(rf"(?<![\w-])(?:{r.pattern})(?![\w-])", re.IGNORECASE),
             str(need or "").strip().lower())
            for r, need in zip(table.itertuples(), needs) if str(r.pattern).strip()]


def is_mentioned(doc, start: int, end: int, *, text: str | None = None) -> bool:
    """True when the words at ``[start, end)`` are talked about rather than used (:mod:`analysis.annotate.mention_use`)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return bool(span is not None and len(span) and is_mentioned_word(doc, span.root, text=text))


def _person_offsets(annotated) -> set[int]:
    """Character offsets of every token inside a named person (a person mention or a PERSON entity)."""
    found = set()
    mentions = annotated.mentions
    people = mentions[mentions["kind"] == "person"] if len(mentions) and "kind" in mentions else mentions.iloc[0:0]
    spans = list(zip(people["start"], people["end"])) + [(e.start_char, e.end_char) for e in annotated.doc.ents
                                                        if e.label_ == "PERSON"]
    for s, e in spans:
        found.update(range(int(s), int(e)))
    return found


def has_person_object(token, people: set[int], role_words: dict) -> bool:
    """True when the act ``token`` names (verb or noun) has a named person or a person's role as its object:
    the verb's object or passive subject, the noun's "of" object, possessor or compound.

    Example:
        >>> doc = nlp("The drone strike killed Qassem Soleimani.")  # doctest: +SKIP
        >>> has_person_object(doc[3], {t.idx for t in doc[4:6]}, {})  # doctest: +SKIP
        True
    """
    if token.pos_ in ("VERB", "AUX"):
        targets = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "obj")]
        if token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":  # "the general killed in the strike"
            targets.append(token.head)
    else:
        targets = [c for c in token.children if c.dep_ in ("poss", "compound")]
        targets += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                    if g.dep_ == "pobj"]
    for target in targets:
        for t in target.subtree:
            if t.idx in people or (t.i == target.i and t.lemma_.lower() in role_words):
                return True
    return False


def _in_organisation_name(doc, token, actor_ends: set[int]) -> bool:
    """A capitalised word inside an organisation's name, not right after a named actor ("Food and Drug
    Administration" yes, "the Trump Administration" no)."""
    if not token.text[:1].isupper() or token.is_sent_start or token.ent_type_ not in NAME_ENTITIES:
        return False
    before = doc[token.i - 1] if token.i > 0 else None
    return not (before is not None and before.idx + len(before) in actor_ends)


def term_uses(annotated, terms: list[tuple], *, role_words: dict | None = None) -> pd.DataFrame:
    """Every framing-term use in one article, with its voice and whether it is only mentioned; matches that are
    another sense of the word (``applies_to``) or part of an organisation's name are left out."""
    doc, text, rows = annotated.doc, annotated.doc.text, []
    role_words = role_words or {}
    people = _person_offsets(annotated)
    mentions = annotated.mentions
    actors = mentions[mentions["kind"].isin(ACTOR_KINDS)] if len(mentions) and "kind" in mentions else mentions.iloc[0:0]
    actor_ends = {int(e) for e in actors["end"]}
    taken: list[tuple[int, int]] = []
    found = sorted(((m.start(), m.end(), term[0], term[1], term[3] if len(term) > 3 else "")
                    for term in terms for m in term[2].finditer(text)),
                   key=lambda r: (r[0], -(r[1] - r[0]), r[2], r[3]))
    for start, end, family, label, needs in found:
        if any(start < e and s < end for s, e in taken):
            continue  # the longest match wins ("targeted killing" over "killing")
        taken.append((start, end))
        span = doc.char_span(start, end, alignment_mode="expand")
        token = span.root if span is not None and len(span) else None
        if token is not None and label[:1].islower() and _in_organisation_name(doc, token, actor_ends):
            continue
        if token is not None and needs == "named person" and not has_person_object(token, people, role_words):
            continue
        if token is not None and needs == "noun" and (token.pos_ not in ("NOUN", "PROPN")
                                                       or any(c.dep_ == "nsubj" for c in token.children)):
            continue  # "the political system rebel at the idea": a noun tag on a verb with a subject
        if token is not None and needs == "not system" and any(c.dep_ == "compound" and c.pos_ == "NOUN"
                                                               for c in token.children):
            continue  # "the tax regime", "a testing regime"
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
