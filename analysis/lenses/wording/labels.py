"""Labels: the words an outlet uses for contested things and for the actors it names, by voice.

* Framing terms (``analysis/data/framing_terms.csv``, a user's ``acts.csv`` in the same format added
  to it): each use of a label of a family ("assassination", "killing", "strike" for the killing of a
  person), its verb and noun forms alike, with the voice it is in. A word talked *about* ("calling it an
  assassination obscures...", "the so-called regime", "what Iran calls a martyrdom") is ``mentioned``, not a use.
* A term row may say what a use must look like (column ``applies_to``): ``person`` (the act is done to people:
  "killed Soleimani", "a contractor was killed", "the assassination of Iran's top general", not "eliminated the
  60-vote barrier", "character assassination" or a virus's death toll), ``noun`` ("rebels", not "rebel
  at the idea"), ``not system`` ("the Assad regime", not "the tax regime" or "a regime of customs checks") or a
  sense with cue words in ``sense_contexts.csv`` (``armed conflict``: "shot down by insurgents", not "insurgent
  candidates" in campaign copy; the sentence's cues decide, else the article's). A capitalised match of a lower-case label inside an organisation's name ("Food and Drug
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
# words that stand for people in any story (role nouns come from the actor tables' role_words.csv)
PERSON_PRONOUNS = frozenset("him her them he she they who whom".split())
PEOPLE_NOUNS = frozenset(("people person civilian man woman child boy girl baby member someone anyone "
                          "contractor employee staff passenger crew student teenager journalist reporter hostage "
                          "prisoner detainee militant fighter insurgent rebel refugee migrant citizen national tourist "
                          "pilgrim mourner bystander guard policeman demonstrator protester marcher").split())
# causes of death that are not someone's act: "the virus has killed 3,000 people" is a death toll, not a killing
ILLNESS_WORDS = frozenset("virus coronavirus disease illness pandemic epidemic outbreak flu influenza covid "
                          "covid-19 infection cancer pathogen ebola measles malaria cholera tuberculosis polio "
                          "zika sars mers hiv aids plague".split())
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


def _is_person(token, people: set[int], role_words: dict) -> bool:
    """A token that stands for people: inside a named person, a personal pronoun, a role or people noun ("general",
    "contractor", "civilians"), a nationality ("Americans") or a count ("290 were killed")."""
    lemma = token.lemma_.lower()
    return (token.idx in people or token.lower_ in PERSON_PRONOUNS or lemma in PEOPLE_NOUNS
            or lemma in role_words or token.lower_ in role_words or token.ent_type_ == "NORP" or token.like_num)


def _names_people(head, people: set[int], role_words: dict) -> bool:
    """Whether a phrase stands for people, read at its head and the heads it is coordinated with ("killed Soleimani
    and Muhandis"); a number or name deeper in the phrase does not count ("the 60-vote barrier", "the nomination of
    Brett Kavanaugh")."""
    return any(_is_person(t, people, role_words) for t in [head] + [c for c in head.children if c.dep_ == "conj"])


def _of_object(token):
    """The object of the first "of" in the word's phrase, outside its clauses ("the killing in Baghdad of General
    Soleimani"), or None."""
    clauses = {t.i for c in token.children if c.dep_ in ("relcl", "acl", "ccomp", "advcl") for t in c.subtree}
    for t in token.subtree:
        if t.i > token.i and t.i not in clauses and t.dep_ == "prep" and t.lower_ == "of":
            return next((g for g in t.children if g.dep_ == "pobj"), None)
    return None


def _is_illness(token) -> bool:
    """An illness, or the spread or outbreak of one ("the spread of disease, which killed 10,000")."""
    if token.lemma_.lower() in ILLNESS_WORDS:
        return True
    return any(g.lemma_.lower() in ILLNESS_WORDS for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj")


def _causes(verb, *, climb: int = 3) -> list:
    """Who or what does the act of ``verb``: its subject or "by" agent, found on the verb it is joined to when it
    has none ("has infected 100,000 people and killed 3,000", "spread worldwide, killing 7,000", "the flu, which is
    estimated to kill 290,000"), a relative pronoun read as the noun it stands for ("an outbreak that has killed")."""
    v, passive = verb, False
    for _ in range(climb):
        found = [c for c in v.children if c.dep_ == "nsubj" or (passive and c.dep_ == "nsubjpass")]
        found += [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if found:
            return [v.head if c.lower_ in ("that", "which", "who") and v.dep_ == "relcl" else c for c in found]
        if v.dep_ not in ("conj", "advcl", "xcomp") or v.head is v:
            return []
        passive, v = v.dep_ == "xcomp", v.head
    return []


def has_person_object(token, people: set[int], role_words: dict) -> bool:
    """Whether the act ``token`` names (verb or noun) is done to people rather than to a thing, and not by an
    illness: a verb needs a person, pronoun, role, people noun or count as its object or passive subject ("killed
    him", "a contractor was killed", "290 were killed"; not "eliminated the barrier", "kill the nomination") and a
    subject that is not a disease ("the virus has killed 3,000 people"); a noun's "of" object must be such a
    person ("the killing of Soleimani", not "the elimination of the filibuster"), and a noun without one may not be
    a thing's ("character assassination", "scream bloody murder"); a bare "the assassination" refers back to one and
    counts, while a verb with no object does not ("they kill at the Oscars").

    Example:
        >>> doc = nlp("The drone strike killed Qassem Soleimani.")  # doctest: +SKIP
        >>> has_person_object(doc[3], {t.idx for t in doc[4:6]}, {})  # doctest: +SKIP
        True
    """
    if token.pos_ in ("VERB", "AUX"):
        if any(_is_illness(c) for c in _causes(token)):
            return False
        targets = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "obj")]
        if token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":  # "the general killed in the strike"
            targets.append(token.head)
        if not targets:
            target = _of_object(token)
            return target is not None and _names_people(target, people, role_words)  # "they kill at the Oscars"
        return any(_names_people(target, people, role_words) for target in targets)
    target = _of_object(token)
    if target is not None:
        # a long possessive title can break the parse ("the killing of Iran's Revolutionary Guard Corps' Al Quds
        # commander Qasem Soleimani" hangs "of" on "Corps"): a name right after a proper-noun object counts
        after = token.doc[target.i + 1:min(target.i + 16, target.sent.end)]
        return _names_people(target, people, role_words) or (target.pos_ == "PROPN" and any(t.idx in people for t in after))
    if token.head.lemma_.lower() in ("scream", "cry", "yell", "shout") and any(c.lower_ == "bloody" for c in token.children):
        return False  # "scream bloody murder", an idiom
    things = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return not any(not _is_person(c, people, role_words) for c in things)


def sense_contexts(table: pd.DataFrame) -> dict[str, dict[str, frozenset]]:
    """The cue words of each sense, by the ``applies_to`` value they serve (``sense_contexts.csv``).

    Example:
        >>> sense_contexts(pd.DataFrame({"applies_to": ["armed conflict"] * 2, "sense": ["armed conflict", "electoral politics"],
        ...                              "cue": ["troop", "Voter"]}))["armed conflict"]["electoral politics"]
        frozenset({'voter'})
    """
    found: dict[str, dict[str, set]] = {}
    for needs, sense, cue in zip(table["applies_to"], table["sense"], table["cue"]):
        found.setdefault(needs.strip().lower(), {}).setdefault(sense.strip().lower(), set()).add(cue.strip().lower())
    return {needs: {sense: frozenset(cues) for sense, cues in senses.items()} for needs, senses in found.items()}


def _cue_counts(tokens, senses: dict[str, frozenset]) -> dict[str, int]:
    """How many of ``tokens`` (word or lemma) are cues of each sense."""
    return {sense: sum(t.lower_ in cues or t.lemma_.lower() in cues for t in tokens) for sense, cues in senses.items()}


def reads_as_other_sense(token, needs: str, senses: dict[str, frozenset]) -> bool:
    """Whether the words around ``token`` speak more of another sense than of ``needs``: its sentence decides, and
    the whole article only when the sentence has no cue ("insurgent candidates who courted Bannon's support" is
    electoral politics; "shot down by insurgents" is armed conflict). A tie keeps the use.

    Example:
        >>> senses = {"armed conflict": frozenset({"troop"}), "electoral politics": frozenset({"candidate"})}
        >>> doc = nlp("Insurgent candidates courted his support.")  # doctest: +SKIP
        >>> reads_as_other_sense(doc[0], "armed conflict", senses)  # doctest: +SKIP
        True
    """
    for tokens in (token.sent, token.doc):
        counts = _cue_counts(tokens, senses)
        if any(counts.values()):
            return max(n for sense, n in counts.items() if sense != needs) > counts.get(needs, 0)
    return False


def _names_a_system(token, people: set[int], role_words: dict) -> bool:
    """Whether a "regime" is a system rather than a government: a common noun before it ("the tax regime", "Iowa's
    voter ID regime") or a thing after its "of" ("a regime of customs checks"), not a name ("the Assad regime",
    "the regime of Bashar al-Assad")."""
    before = [t for c in token.children if c.dep_ in ("compound", "nmod") for t in c.subtree]  # "a vote-by-mail regime"
    if any(t.pos_ == "NOUN" for t in before):
        return True
    target = _of_object(token)
    return (target is not None and target.pos_ == "NOUN" and not target.ent_type_
            and not _names_people(target, people, role_words))


def _in_organisation_name(doc, token, actor_ends: set[int]) -> bool:
    """A capitalised word inside an organisation's name, not right after a named actor ("Food and Drug
    Administration" yes, "the Trump Administration" no)."""
    if not token.text[:1].isupper() or token.is_sent_start or token.ent_type_ not in NAME_ENTITIES:
        return False
    before = doc[token.i - 1] if token.i > 0 else None
    return not (before is not None and before.idx + len(before) in actor_ends)


def term_uses(annotated, terms: list[tuple], *, role_words: dict | None = None,
              contexts: dict | None = None) -> pd.DataFrame:
    """Every framing-term use in one article, with its voice and whether it is only mentioned; matches that are
    another sense of the word (``applies_to``, with the cue words of :func:`sense_contexts`) or part of an
    organisation's name are left out."""
    doc, text, rows = annotated.doc, annotated.doc.text, []
    role_words, contexts = role_words or {}, contexts or {}
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
        if token is not None and needs == "person" and not has_person_object(token, people, role_words):
            continue
        if token is not None and needs == "noun" and (token.pos_ not in ("NOUN", "PROPN")
                                                       or any(c.dep_ == "nsubj" for c in token.children)):
            continue  # "the political system rebel at the idea": a noun tag on a verb with a subject
        if token is not None and needs == "not system" and _names_a_system(token, people, role_words):
            continue  # "the tax regime", "a regime of customs checks"
        if token is not None and needs in contexts and reads_as_other_sense(token, needs, contexts[needs]):
            continue  # "insurgent candidates who courted Bannon's support"
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
