"""Mention versus use (for word choice): is a word being talked about (named, labelled, distanced) rather than used?

"Calling the attack an assassination obscures ...", "the so-called caliphate", "what Iran calls a
martyrdom", "the word 'terrorist'", "a 'peace' deal" (scare quotes): in each, the word is a mention, and a
word-choice lens must not count it as the outlet's own choice.

Example:
    >>> from analysis.resources import Resources
    >>> doc = Resources().nlp()("Calling the attack an assassination obscures what happened.")
    >>> is_mentioned_word(doc, doc[4])
    True
    >>> doc = Resources().nlp()("The assassination shocked the region.")
    >>> is_mentioned_word(doc, doc[1])
    False
"""
from __future__ import annotations

import re

NAMING_VERBS = frozenset("call dub label term brand name nickname characterize describe refer deem style title".split())
META_NOUNS = frozenset("word term phrase label name expression epithet moniker description characterization "
                       "slogan euphemism descriptor adjective noun verb".split())
_SO_CALLED = re.compile(r"(?:so[- ]called|self[- ](?:styled|proclaimed|described)|supposed|alleged)\s+(?:[\w'-]+\s+){0,3}$", re.I)
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _phrase_head(tok):
    """The noun a modifier belongs to ('national' in 'national emergency' -> 'emergency')."""
    while tok.dep_ in ("amod", "compound", "nmod") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _named_by_verb(head) -> bool:
    """The noun is what something is called: object complement of a naming verb, or 'as' object of one."""
    gov = head.head
    if head.dep_ in ("oprd", "attr", "dobj", "xcomp", "ccomp", "npadvmod", "appos") and gov.lemma_.lower() in NAMING_VERBS:
        # "called the attack an assassination": the second object; "calls it X": oprd or a second dobj
        objs = [c for c in gov.children if c.dep_ in ("dobj", "oprd", "attr")]
        if head.dep_ != "dobj" or len(objs) > 1 or gov.lower_ in ("dubbed", "labeled", "labelled", "termed", "branded"):
            return True
        # "what Iran calls a martyrdom": the first object is the relative 'what'
        return any(c.lower_ in ("what", "it", "them", "this", "that") and c.i < head.i for c in gov.children)
    if gov.dep_ == "prep" and gov.lower_ == "as" and gov.head.lemma_.lower() in NAMING_VERBS | {"see", "regard", "view"}:
        return True
    return False


def _in_scare_quotes(doc, tok, *, max_tokens: int = 4) -> bool:
    """The word stands inside a short quotation of its own (not a quoted sentence)."""
    left = tok.i
    while left > 0 and tok.i - left < max_tokens and doc[left - 1].text not in _QUOTE_MARKS and doc[left - 1].text != "''":
        left -= 1
    right = tok.i
    while right + 1 < len(doc) and right - tok.i < max_tokens and doc[right + 1].text not in _QUOTE_MARKS \
            and doc[right + 1].text != "''":
        right += 1
    if left == 0 or right + 1 >= len(doc):
        return False
    opening, closing = doc[left - 1].text, doc[right + 1].text
    if opening not in _QUOTE_MARKS + "''" or closing not in _QUOTE_MARKS + "''":
        return False
    if opening in "\u2019\u201d" or closing in "\u2018\u201c":
        return False
    inner = doc[left:right + 1]
    return len(inner) <= max_tokens and not any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" for t in inner)


def is_mentioned_word(doc, token, *, text: str | None = None) -> bool:
    """True when ``token`` is mentioned (named, labelled, put at a distance), not used by the writer.

    Args:
        doc: spaCy Doc (en_core_web_sm parse).
        token: a token of ``doc`` (typically a loaded noun or adjective).
        text: ``doc.text``, when the caller has it (spaCy rebuilds it from every token on each access).

    Returns:
        True for: the object complement of a naming verb ("calling X a Y", "what Iran calls a Y",
        "dubbed Y", "described as Y"), a word after "so-called"/"self-styled"/"alleged", a word named by a
        meta noun ("the word Y", "the term 'Y'"), a word in scare quotes (a short quotation of its own).

    Example:
        >>> from analysis.resources import Resources
        >>> doc = Resources().nlp()("The so-called caliphate collapsed.")
        >>> is_mentioned_word(doc, doc[4])
        True
    """
    head = _phrase_head(token)
    if _named_by_verb(head):
        return True
    text = doc.text if text is None else text
    start = min(t.idx for t in head.subtree) if head.i >= token.i else token.idx
    before = text[max(0, start - 40):token.idx]
    if _SO_CALLED.search(before):
        return True
    if head.dep_ in ("appos", "compound", "attr", "npadvmod") and head.head.lemma_.lower() in META_NOUNS:
        return True
    if any(c.lemma_.lower() in META_NOUNS and c.dep_ in ("compound", "appos", "nmod") for c in head.children):
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in {"use", "usage"} | META_NOUNS:
        return True
    return _in_scare_quotes(doc, token)
