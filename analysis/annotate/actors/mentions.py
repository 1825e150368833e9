"""Named mentions of actors in one parsed article, one canonical name per actor, and names merged across a corpus.

:func:`find_mentions` reads spaCy's PERSON/ORG/GPE/NORP entities and decides for each whether it
names an actor (``is_actor``) and which one (``actor``), with the rule that decided (``rule``):

- ``person`` / ``surname`` / ``first_name``: a person; a surname or "President Trump" links to the
  article's full name "Donald Trump".
- ``alias``: a state, demonym, capital, party or institution of the rule tables ("U.S." -> United States).
- ``agent_noun``: a modifier of an agent noun, read as a mention of the modifier ("U.S. officials",
  "the Trump administration"); the span grows to cover the noun.
- ``possessive``, ``name``: an owner ("Iran's"), a name in any other position.
- ``people_of_nationality``: a plural demonym naming people ("Americans are stocking up"): the actor is
  "Americans", a group, not the state.
- not actors: ``modifier`` ("U.S. Constitution", "Iran deal", "Fox News poll"), ``title_of_person``
  (the "U.S." of "U.S. Secretary of State Mike Pompeo"), ``location`` ("in Baghdad", "a Texas
  town"), ``medium`` (where something was said: "wrote on Twitter", "appeared on Fox News"), ``link_text`` (hover cards and repeated link names: "Bernie Sanders Bernie SandersWarren"),
  ``headline`` (a line with no verb), ``dateline``, ``not_actor`` (a name of ``not_actors.csv``: "COVID-19"),
  ``party_member`` (one member, not the party: "the Ohio Republican", "one Democrat"), ``home_of_person`` (a
  person's state or country: "Sen. Ted Cruz of Texas", "Rep. Michael Burgess, R-Texas").

Example:
    >>> from analysis.resources import Resources; from analysis.annotate.actors.tables import load_tables
    >>> doc = Resources().nlp()("Donald Trump spoke. U.S. officials said Trump would defend the US dollar.")
    >>> m = find_mentions(doc, tables=load_tables())
    >>> m[["text", "actor", "is_actor", "rule"]].values.tolist()[1:]
    [['U.S. officials', 'United States', True, 'agent_noun'], ['Trump', 'Donald Trump', True, 'surname'], ['US', 'United States', False, 'modifier']]
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .roles import (
    appositives,
    best_role,
    describe,
    entities_in,
    party_after,
    sentence_ids,
    title_before,
)
from .tables import ActorTables, fold

MENTION_COLUMNS = ["start", "end", "text", "label", "actor", "kind", "affiliation", "is_actor", "rule"]
LABELS = ("PERSON", "ORG", "GPE", "NORP")
LOCATIVE_PREPS = {"in", "at", "inside", "within", "across", "throughout", "near", "around", "outside", "into",
                  "through", "via", "along", "beyond", "onto", "toward", "towards"}
AGENT_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "conj"}
# a building that names an institution, used as a place: "in front of", "across from", "invited me to", "left"
_SPATIAL_NOUNS = {"front", "outside", "steps", "lawn", "lawns", "gate", "gates", "grounds", "side", "fence", "doors",
                  "perimeter", "roof", "entrance", "block", "blocks"}
_DISTANCE_WORDS = {"across", "away", "block", "blocks", "mile", "miles", "feet", "yards", "steps", "street"}
_MOTION_VERBS = {"come", "go", "head", "travel", "return", "invite", "walk", "march", "move", "bring", "summon",
                 "welcome", "arrive", "drive", "fly", "rush", "retreat"}
_PLACE_VERBS = {"leave", "enter", "visit", "surround", "storm", "reach", "exit", "tour", "approach", "depart",
                "guard", "evacuate", "light", "fence"}
_TRUST_NOUNS = {"confidence", "trust", "faith", "belief", "interest"}
# a place's people are not the place: "the people of Louisiana", "residents of Wuhan" (the place is where they live)
_RESIDENT_NOUNS = {"people", "residents", "citizens", "voters", "families", "children", "workers", "taxpayers",
                   "population", "inhabitants", "communities"}
# where a person comes from is a place: "a woman from Alabama", "students from China"
_ORIGIN_NOUNS = _RESIDENT_NOUNS | {"woman", "man", "person", "student", "students", "immigrant", "immigrants",
                                   "refugee", "refugees", "native", "natives", "girl", "boy", "mother", "father",
                                   "family", "worker", "resident", "voter", "teen", "teenager", "migrant", "migrants"}
# a people named by race or ethnicity and nationality is its own group: "black Americans", "Asian Americans"
_GROUP_ADJECTIVES = {"black", "white", "hispanic", "latino", "latina", "latinx", "asian", "native", "african",
                     "jewish", "muslim", "arab", "indigenous", "mexican", "chinese", "korean", "japanese", "irish",
                     "italian", "filipino", "vietnamese", "indian", "pakistani", "cuban", "haitian", "somali"}
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_PARTICLES = {"al", "el", "de", "da", "van", "von", "der", "la", "le", "du", "del", "bin", "ibn", "abu", "st.", "mc"}
_NON_TITLE_FIRST = {"former", "acting", "then", "vice", "deputy", "lieutenant", "chief", "prime", "supreme",
                    "attorney", "first", "lady", "sir", "dame", "lord", "the", "of", "u.s.", "us", "state", "general",
                    "senate", "house", "majority", "minority", "leader", "press", "white"}
# the same card as the ``hover_card`` row of boilerplate.csv (full name, nickname in parentheses, headlines, "MORE"),
# for text that did not pass through the cleaner, and a card without "MORE" ("Nancy Pelosi Nancy PelosiThe ...")
_HOVER = re.compile(
    r"(?P<shown>(?:[A-Z][\w.'’-]*\s){0,3}(?P<sur>[A-Z][\w'’-]+))(?:\s|(?=[A-Z][a-z]))"
    r"(?P<card>(?:(?:[A-Z][\w.'’-]*|\([A-Z][\w.'’-]*\))\s){0,4}(?P=sur)"
    r"(?:(?=[A-Z0-9\"'‘“])(?:[^\n]{0,800}?\s)?MORE\b|(?=[A-Z])\S*))")
_REPEAT = re.compile(r"\b(?P<name>(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w'’-]+) (?P<card>(?P=name))\b")
_ACRONYM = re.compile(r"([A-Z][\w&.'’-]*(?:\s+(?:of|for|and|the|on|&|[A-Z][\w&.'’-]*)){1,8})\s+\(([A-Z][A-Za-z.]{1,7})\)")


def link_text_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of link text pasted into an article: hover cards ("Nancy Pelosi Nancy PelosiThe
    Hill's Morning Report ... MORE") and a name repeated back to back.

    Example:
        >>> t = "Rep. Tulsi Gabbard Tulsi GabbardGOP Sen. Cotton calls for cash MORE (D-Hawaii) said"
        >>> [t[s:e] for s, e in link_text_spans(t)]
        ['Tulsi GabbardGOP Sen. Cotton calls for cash MORE']
    """
    spans = [m.span("card") for m in _HOVER.finditer(text)]
    spans += [m.span("card") for m in _REPEAT.finditer(text)]
    return sorted(set(spans))


def headline_lines(doc, text: str) -> list[tuple[int, int]]:
    """Character spans of short lines with no verb (headlines, link lists, captions, bylines); ``text`` is ``doc.text``."""
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) <= 20 and not any(t.pos_ in ("VERB", "AUX") for t in span):
                out.append((start, end))
        start = end + 1
    return out


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _trim(doc, ent, junk: list[tuple[int, int]]):
    """The entity without a leading 'the', a trailing possessive or punctuation, and cut before link text."""
    start, end = ent.start, ent.end
    for s, _e in junk:
        if doc[start].idx < s < doc[end - 1].idx + len(doc[end - 1]):
            while end > start and doc[end - 1].idx + len(doc[end - 1]) > s:
                end -= 1
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _strip_title(span, tables: ActorTables):
    """(title span or None, name span) of a PERSON entity: "President Donald Trump" -> ("President", "Donald Trump")."""
    i = span.start
    while i < span.end - 1:
        t = span.doc[i]
        low = t.lower_
        alias = tables.aliases.get(low)
        if (t.text in tables.titles or low in tables.role_words or low in _NON_TITLE_FIRST or low.rstrip(".") in ("sen", "rep", "gov")
                or (alias is not None and alias.kind in ("party", "demonym", "state"))):
            i += 1
            continue
        break
    # A name starts after a lone dash or colon ("Weak - Rubio", "Trump: Cruz").
    for t in span.doc[i:span.end - 1]:
        if t.text in ("-", "–", "—", ":", "|") and t.whitespace_:
            i = t.i + 1
    name = span.doc[i:span.end]
    # A run of name tokens stops at the first lower-case word ("Trump said" tagged as one PERSON).
    cut = next((t.i for t in name if t.text[:1].islower() and t.lower_ not in _PARTICLES and t.text not in ("-",)
                and not (t.i > 0 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_)), name.end)
    name = span.doc[name.start:cut]
    return (span.doc[span.start:i] if i > span.start else None), name


_PATRONYMIC = re.compile(r"\b(?:bin|ibn|bint)\s+\S+$", re.IGNORECASE)


def _ends_in_surname(name: str) -> bool:
    """Whether a full name's last word is a family name a bare mention can use: not in "Mohammed bin Salman", where
    "Salman" is his father's name (a bare "King Salman" is the father).

    Example:
        >>> _ends_in_surname("Mohammed bin Salman"), _ends_in_surname("Ben Carson")
        (False, True)
    """
    return not _PATRONYMIC.search(name)


def _name_key(tokens: list[str]) -> tuple[str, str]:
    """(first, last) of a name, without suffixes and initials: 'Donald J. Trump Jr.' -> ('donald', 'trump jr')."""
    words = [w for w in tokens if not re.fullmatch(r"[A-Z]\.?", w)]
    words = [w for w in words if w.lower() not in _SUFFIXES] or words
    if not words:
        return ("", "")
    return (words[0].lower(), words[-1].lower().replace("’", "'"))


def _agent_head(root, span, tables: ActorTables):
    """The agent noun a modifier entity attaches to ("officials" in "U.S. officials"), else None."""
    head = root.head
    if head.i in range(span.start, span.end) or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if head.lower_ in tables.agent_nouns or head.lemma_.lower() in tables.agent_nouns:
        return head
    if head.tag_ == "NNS" and (head.lower_ in tables.role_words or head.lemma_.lower() in tables.role_words):
        return head  # "Iraqi lawmakers"; a singular "the California senator" is a person, not California
    return None


def _in_person_title(root, doc) -> bool:
    """Whether ``root`` modifies, through a chain of compounds, a PERSON name ("U.S. Secretary of State Mike Pompeo")."""
    t = root
    for _ in range(6):
        if t.dep_ not in ("compound", "amod", "nmod", "poss", "pobj", "prep", "npadvmod") or t.head is t:
            return False
        t = t.head
        if t.ent_type_ == "PERSON":
            return True
        # "Senate Minority Leader Chuck Schumer": the name is parsed as the title noun's apposition
        if t.i + 1 < len(doc) and doc[t.i + 1].ent_type_ == "PERSON" \
                and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.i > t.i for c in t.children):
            return True
    return False


def _locative(root) -> bool:
    """Whether a place name is used as a location: the object of 'in/at/across...', or in apposition to one."""
    t = root
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS:
            return True
        if t.dep_ in ("appos", "conj", "compound") and t.head is not t:
            t = t.head
            continue
        return False
    return False


def _home_of_person(doc, span, root, tables: ActorTables) -> bool:
    """Whether a place names where a person is from or elected: "Cruz of Texas", "Burgess, R-Texas", "Lee, Utah,"."""
    if span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].text in tables.party_codes:
        return True  # "R-Texas", "D-N.Y."
    if root.dep_ == "appos" and root.head.ent_type_ == "PERSON":
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.i > 0:
        owner, before = root.head.head, doc[root.head.i - 1]
        if owner.ent_type_ == "PERSON" or (owner.i != root.head.i and fold(owner.text) in tables.party_members):
            return True
        # "Rep. Kevin Brady (R) of Texas"
        return before.text == ")" and root.head.i >= 2 and doc[root.head.i - 2].text in tables.party_codes
    return False


def _one_party_member(span, root, tables: ActorTables) -> bool:
    """Whether a party noun names one member: "the Ohio Republican", "one Democrat", "Boehner, Ohio Republican"."""
    if fold(span.text) not in tables.party_members or root.tag_ not in ("NN", "NNP"):
        return False
    return root.dep_ == "appos" or any(c.dep_ in ("det", "amod", "nummod", "compound", "poss", "nmod", "prep")
                                       for c in root.children)


def _is_subsequence(short: str, letters: str) -> bool:
    rest = iter(letters)
    return all(ch in rest for ch in short)


def _defined_names(text: str) -> list[tuple[str, str]]:
    """(acronym, full name) of each 'Full Name (ACRONYM)' definition in the text.

    The capitals of the full name spell the acronym, or contain it in order from its first word to its last
    ("The Centers for Medicare and Medicaid Services (CMS)": the name starts at "Centers").
    """
    out = []
    for m in _ACRONYM.finditer(text):
        short = m.group(2).replace(".", "").upper()
        words = [w for w in re.finditer(r"[A-Za-z][\w'’-]*", m.group(1)) if w.group()[0].isupper()]
        initials = "".join(w.group()[0] for w in words).upper()
        if short in initials:
            start = m.start(1)
        else:
            firsts = [i for i, w in enumerate(words) if initials[i] == short[0]
                      and initials[-1] == short[-1] and _is_subsequence(short, initials[i:])]
            if not firsts:
                continue
            start = m.start(1) + words[firsts[-1]].start()
        out.append((m.group(2), text[start:m.end(1)].strip()))
    return out


def _building_as_place(root) -> bool:
    """Whether a building that names an institution is used as a place ("outside the White House", "left the Kremlin")."""
    if root.dep_ == "dobj":
        return root.head.lemma_ in _PLACE_VERBS
    if root.dep_ != "pobj" or root.head is root:
        return False
    prep = root.head
    if prep.lower_ in LOCATIVE_PREPS:
        return not (prep.lower_ == "in" and prep.head.lemma_.lower() in _TRUST_NOUNS)  # "confidence in the White House"
    if prep.lower_ == "on":
        return root.lower_ in ("hill", "street")  # "Republicans on Capitol Hill", "on Downing Street"
    if prep.lower_ == "of":
        return prep.head.lower_ in _SPATIAL_NOUNS  # "in front of", "the steps of"
    if prep.lower_ == "from":
        return prep.head.lower_ in _DISTANCE_WORDS  # "across from", "a block from"
    return prep.lower_ == "to" and prep.head.lemma_ in _MOTION_VERBS  # "invited me to", "came to"


def _acronyms(text: str) -> dict:
    """Acronyms defined in the article: 'Centers for Disease Control and Prevention (CDC)' -> {'cdc': full name}.

    Example:
        >>> _acronyms("The Centers for Medicare and Medicaid Services (CMS) said so.")
        {'cms': 'Centers for Medicare and Medicaid Services'}
    """
    return {fold(short): full for short, full in _defined_names(text)}


def _join_split_names(doc, ents: list, acronyms: dict) -> list:
    """One ORG entity for each use of a name the article defines (``acronyms``: :func:`_acronyms`) that the NER cut
    in two or more pieces."""
    text = doc.text
    names = {full for full in acronyms.values() if " " in full}
    out = list(ents)
    for full in sorted(names):
        for m in re.finditer(re.escape(full), text):
            inside = [e for e in out if e.start_char < m.end() and e.end_char > m.start()]
            if len(inside) < 2:
                continue
            span = doc.char_span(m.start(), m.end(), label="ORG", alignment_mode="contract")
            if span is None:
                continue
            out = sorted([e for e in out if e not in inside] + [span], key=lambda e: e.start)
    return out


def _alias_after_country(span, tables: ActorTables):
    """The organisation a name is after its country ("U.S. Food and Drug Administration" -> FDA), else None."""
    for k in (1, 2):
        if len(span) <= k:
            return None
        prefix = tables.aliases.get(fold(span[:k].text))
        if prefix is None or prefix.kind not in ("state", "demonym"):
            continue
        rest = span[k + 1:] if span[k].text in ("'s", "’s") else span[k:]
        hit = tables.aliases.get(fold(rest.text)) if len(rest) else None
        if hit is not None and hit.kind == "organisation" and hit.country == prefix.country:
            return hit
    return None


def _classify(doc, span, label: str, tables: ActorTables, acronyms: dict, surnames: set):
    """(actor, kind, country, is_actor, rule, end) of one non-person entity."""
    key = fold(span.text)
    hit = tables.aliases.get(key) or (None if key in acronyms else _alias_after_country(span, tables))
    if hit is None and key in acronyms:
        full = acronyms[key]
        hit = tables.aliases.get(fold(full))
        actor, kind, country = (hit.actor, hit.kind, hit.country) if hit else (full, "organisation", "")
    elif hit is not None:
        actor, kind, country = hit.actor, hit.kind, hit.country
    else:
        actor = re.sub(r"\s+", " ", span.text.replace("’", "'"))
        kind = {"ORG": "organisation", "GPE": "place", "NORP": "group"}[label]
        country = ""
        if label == "GPE":
            region = tables.aliases.get(key)
            country = region.country if region else ""
    root = span.root
    end = span.end
    if root.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss") and _in_person_title(root, doc):
        return actor, kind, country, False, "title_of_person", end
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in tables.role_words:
        return actor, kind, country, False, "title_of_person", end  # "Secretary of State Mike Pompeo"
    if hit is not None and hit.building and _building_as_place(root):
        return actor, kind, country, False, "location", end
    if kind == "party":
        if _one_party_member(span, root, tables):
            return actor, kind, country, False, "party_member", end
        if root.head.tag_ in ("VBN", "VBG") and span.end < len(doc) and (doc[span.end].text == "-"
                                                                         or root.head.i == span.end):
            return actor, kind, country, False, "modifier", end  # "the Republican-controlled House", "Republican controlled"
    if kind in ("state", "region", "capital", "place") and _home_of_person(doc, span, root, tables):
        return actor, kind, country, False, "home_of_person", end
    if root.dep_ in ("compound", "amod", "nmod", "npadvmod"):
        head = _agent_head(root, span, tables)
        if head is not None and head.lemma_.lower() == "camp" and kind in ("state", "demonym", "place", "region", "capital"):
            return actor, kind, country, False, "location", end  # "a Somali refugee camp" is a place, not a faction
        if head is not None and head.i >= span.end:
            return actor, kind, country, True, "agent_noun", head.i + 1
        if root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in range(span.start, span.end):
            return actor, kind, country, False, "modifier", end
    if kind in ("place", "capital", "region", "state") or (label == "GPE" and kind != "organisation"):
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _RESIDENT_NOUNS:
            return actor, kind, country, False, "location", end
        if root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lower_ in _ORIGIN_NOUNS:
            return actor, kind, country, False, "location", end  # "a 33-year-old woman from Alabama"
    if kind in ("place", "capital", "region") or (label == "GPE" and kind != "organisation"):
        if _locative(root):
            return actor, kind, country, False, "location", end
        if kind in ("place", "capital") and root.dep_ not in AGENT_DEPS and root.dep_ != "pobj":
            return actor, kind, country, False, "location", end
    if (label == "ORG" and root.dep_ == "pobj" and root.head.lower_ in ("on", "via")
            and root.head.head.pos_ in ("VERB", "AUX")):
        return actor, kind, country, False, "medium", end  # "said on Twitter", "appeared on Fox News"
    if kind == "demonym" and label == "NORP" and span.text.endswith("s") and root.pos_ in ("NOUN", "PROPN") \
            and root.dep_ not in ("compound", "amod", "nmod") and not (span.start > 0 and doc[span.start - 1].lower_ == "the"):
        # "Americans are stocking up": the people of a country, not its state ("the Americans" is often the state)
        people = span.text.replace("’", "'").removesuffix("'s").removesuffix("'")
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in _GROUP_ADJECTIVES and before.head.i == root.i:
            return f"{before.text[:1].upper()}{before.text[1:]} {people}", "group", country, True, "people_of_group", end
        return people, "group", country, True, "people_of_nationality", end
    if root.dep_ == "poss":
        if kind == "demonym" and label == "NORP" and not span.text.endswith("s"):
            return actor, kind, country, False, "person_of_nationality", end  # "any other American's laptops"
        return actor, kind, country, True, "possessive", end
    return actor, kind, country, True, ("alias" if hit is not None else "name"), end


def _merge_split_names(ents: list, tables: ActorTables) -> list:
    """Join a first name the NER cut off from the surname after it ("Brett"/ORG + "Kavanaugh"/PERSON)."""
    out = []
    for ent in ents:
        prev = out[-1] if out else None
        if (prev is not None and ent.label_ == "PERSON" and prev.label_ != "PERSON" and len(prev) == 1
                and prev.end == ent.start and prev.text.lower() in tables.first_names and fold(prev.text) not in tables.aliases):
            out[-1] = ent.doc.char_span(prev.start_char, ent.end_char, label="PERSON")
            continue
        out.append(ent)
    return out


def _person_words(ents, tables: ActorTables) -> tuple[set, set]:
    """(full names, surnames) in lower case of the article's PERSON entities."""
    fulls, surnames = set(), set()
    for ent in ents:
        if ent.label_ == "PERSON":
            _title, name = _strip_title(ent, tables)
            words = name.text.replace("’", "'").lower().split()
            if len(words) >= 2:
                fulls.add(" ".join(words))
            if words and (len(words) >= 2 or name.text[:1].isupper()) and words[-1] not in tables.aliases:
                surnames.add(words[-1])
    return fulls, surnames


def _looks_like_person(span, names: tuple[set, set], tables: ActorTables, acronyms: dict) -> bool:
    """Whether an ORG/GPE/NORP entity is a person the NER mislabelled: the article's person name or surname,
    or a first name of the name table followed by a capitalised word ("Morgan Ortagus")."""
    key = fold(span.text)
    if key in tables.aliases or key in acronyms:
        return False
    _title, span = _strip_title(span, tables)
    if len(span) == 0:
        return False
    words = span.text.replace("’", "'").lower().split()
    fulls, surnames = names
    if " ".join(words) in fulls or (len(words) == 1 and words[0] in surnames):
        return True
    return (len(words) in (2, 3) and words[0] in tables.first_names and all(w[:1].isupper() for w in span.text.split())
            and not any(w in tables.org_words for w in words))


def find_mentions(doc, *, tables: ActorTables) -> pd.DataFrame:
    """Named mentions of actors in one parsed article (offsets into ``doc.text``).

    Args:
        doc: a spaCy Doc (en_core_web_sm: NER and dependency parse).
        tables: rule tables from :func:`tables.load_tables`.

    Returns:
        One row per PERSON/ORG/GPE/NORP entity: ``start, end, text, label, actor`` (canonical name in the
        article), ``kind`` (person, state, demonym, capital, region, party, organisation, place, group),
        ``affiliation`` (country or party), ``is_actor`` and the ``rule`` that decided.
    """
    text = doc.text  # built from the tokens on every access: read once
    junk = link_text_spans(text)
    headlines = headline_lines(doc, text)
    acronyms = _acronyms(text)
    rows, people = [], []
    ents = _merge_split_names(_join_split_names(doc, [e for e in doc.ents if e.label_ in LABELS], acronyms), tables)
    names = _person_words(ents, tables)
    for ent in ents:
        span = _trim(doc, ent, junk)
        if span is None:
            rows.append([ent.start_char, ent.end_char, ent.text, ent.label_, "", "", "", False, "link_text"])
            continue
        start, end_char = span.start_char, span.end_char
        if _inside(junk, start, end_char):
            rows.append([start, end_char, span.text, ent.label_, "", "", "", False, "link_text"])
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if span.text.isupper() and start == line_start and re.match(r"\s*(?:\(|—|-|–|,)", text[end_char:end_char + 3]):
            rows.append([start, end_char, span.text, ent.label_, "", "", "", False, "dateline"])
            continue
        if fold(span.text) in tables.not_actors or (ent.label_ == "PERSON" and fold(span[-1].text) in tables.not_actors):
            # "Defunding Obamacare" tagged as a person is no one either
            rows.append([start, end_char, span.text, ent.label_, "", "", "", False, "not_actor"])
            continue
        label = ent.label_
        if label != "PERSON" and _looks_like_person(span, names, tables, acronyms):
            label = "PERSON"
        if label == "PERSON":
            title, name = _strip_title(span, tables)
            if len(name) == 0 or not name.text[:1].isupper():
                rows.append([start, end_char, span.text, ent.label_, "", "", "", False, "not_a_name"])
                continue
            alias = tables.aliases.get(fold(name.text))
            # a one-word name that is also an organisation's ("Hill", "The Hill") is the organisation, unless the
            # article names a person with that surname ("Anita Hill")
            if alias is not None and alias.kind != "person" and len(name) == 1 and alias.table != "user" \
                    and not any(full.split()[-1] == name.text.lower().replace("’", "'") for full in names[0]):
                ent_label = "ORG" if alias.kind == "organisation" else "GPE"
                actor, kind, country, ok, rule, end = _classify(doc, span, ent_label, tables, acronyms, set())
                rows.append([start, doc[end - 1].idx + len(doc[end - 1]), text[start:doc[end - 1].idx + len(doc[end - 1])],
                             ent.label_, actor, kind, country, ok, rule])
                continue
            root = span.root
            head = _agent_head(root, span, tables) if root.dep_ == "compound" else None
            rule, end = ("agent_noun", head.i + 1) if head is not None and head.i >= span.end else ("person", span.end)
            if rule == "person" and root.dep_ == "compound" and root.head.pos_ in ("NOUN",) and root.head.i >= span.end:
                rule = "modifier"
            people.append((len(rows), name, title, root))
            rows.append([start, doc[end - 1].idx + len(doc[end - 1]), text[start:doc[end - 1].idx + len(doc[end - 1])],
                         label, name.text.replace("’", "'"), "person", "", rule != "modifier", rule])
            continue
        actor, kind, country, ok, rule, end = _classify(doc, span, ent.label_, tables, acronyms, set())
        rows.append([start, doc[end - 1].idx + len(doc[end - 1]), text[start:doc[end - 1].idx + len(doc[end - 1])],
                     ent.label_, actor, kind, country, ok, rule])
    _recover_names(doc, rows, people, names, tables)
    _link_people(rows, people, tables)
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    if frame.empty:
        return frame.astype({"start": int, "end": int, "is_actor": bool})
    frame = frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    in_headline = [_inside(headlines, s, e) for s, e in zip(frame["start"], frame["end"])]
    frame.loc[in_headline, "is_actor"] = False
    frame.loc[in_headline, "rule"] = "headline"
    roles = {actor: best_role(found) for actor, found in person_roles(doc, frame, tables=tables, text=text).items()}
    person = frame["kind"] == "person"
    frame.loc[person, "affiliation"] = [roles[a].party or roles[a].country if a in roles else "" for a in frame.loc[person, "actor"]]
    return frame


def _recover_names(doc, rows: list, people: list, names: tuple[set, set], tables: ActorTables) -> None:
    """Add the surnames of the article's people that the NER left untagged ("Trump said" with no entity)."""
    fulls, surnames = names
    covered = set()
    for row in rows:
        covered.update(range(row[0], row[1]))
    for t in doc:
        if not t.text[:1].isupper() or t.idx in covered or t.lower_.replace("’", "'") not in surnames or t.ent_iob_ != "O" \
                or fold(t.text) in tables.not_actors:
            continue
        if t.dep_ == "compound" and t.head.i > t.i:
            head = _agent_head(t, doc[t.i:t.i + 1], tables)
            if head is None:
                continue
            phrase, rule = doc[t.i:head.i + 1], "agent_noun"
        else:
            phrase, rule = doc[t.i:t.i + 1], "surname_recovered"
        name = doc[t.i:t.i + 1]
        prev = doc[t.i - 1] if t.i > 0 else None
        if prev is not None and prev.text[:1].isupper() and prev.lower_ in tables.first_names and prev.whitespace_:
            # "Brett" tagged ORG and "Kavanaugh" untagged: one name
            for r in rows:
                if r[0] == prev.idx and r[1] == prev.idx + len(prev):
                    r[7], r[8] = False, "part_of_name"
            name = doc[prev.i:t.i + 1]
            phrase = doc[prev.i:phrase.end]
        people.append((len(rows), name, None, t))
        rows.append([phrase.start_char, phrase.end_char, phrase.text, "PERSON", name.text.replace("’", "'"), "person", "", True, rule])


_HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "mx")
# role words (role_words.csv) that name a person as someone's relative, not by an office they hold ("first lady
# Melania Trump"); a title key is read from role_words.csv, so a relation must be there to count here
_RELATIVES = frozenset({"first lady", "wife", "husband", "son", "daughter", "father", "mother"})
_SIDE_WORDS = {"team", "camp"}
NEAR_NAME_CHARS = 300  # about two sentences: a bare surname right after a full name is that person


def _title_key(title, name=None, tables: ActorTables | None = None) -> str:
    """The title before a name as a lookup key ("Dr." -> "dr", "Premier" -> "premier"), else "".

    Without a title inside the entity, the word or two right before the name count if they are a title or a role
    ("Premier" of "Premier Li" when the tagger took only "Li"; "first lady" of "first lady Melania Trump").
    """
    if title is None and name is not None and tables is not None:
        for width in (2, 1):
            before = name.doc[max(0, name.start - width):name.start]
            if len(before) == width and ((width == 1 and before.text in tables.titles)
                                         or before.text.lower() in tables.role_words):
                title = before
                break
    return "" if title is None else title.text.lower().replace(".", "").strip()


def _nearest_or_main(char: int, candidates: list, order: list, full: dict, *, near: int = NEAR_NAME_CHARS):
    """Which of several people sharing a surname a bare "Trump" at ``char`` names: the one named in full just
    before (within ``near`` characters: "his father, Fred Trump. Trump built ..."), else the one the article named
    in full first (its main person: Donald Trump, not the father or the daughter named pages later), counting only
    people named before the mention when any is.

    Example:
        >>> from collections import Counter
        >>> full = {("donald", "trump"): Counter({"Donald Trump": 1}), ("ivanka", "trump"): Counter({"Ivanka Trump": 2})}
        >>> order = [(0, ("donald", "trump")), (900, ("ivanka", "trump")), (1100, ("ivanka", "trump"))]
        >>> [_nearest_or_main(c, list(full), order, full) for c in (500, 1000, 5000)]
        [('donald', 'trump'), ('ivanka', 'trump'), ('donald', 'trump')]
    """
    named = [(pos, k) for pos, k in order if k in candidates]
    before = [(pos, k) for pos, k in named if pos <= char]
    if before and char - before[-1][0] <= near:
        return before[-1][1]
    first = before or named
    return first[0][1] if first else max(candidates, key=lambda k: (sum(full[k].values()), k))


def _cannot_be(key: tuple, office: str, titles: dict, tables: ActorTables) -> bool:
    """Whether a bare surname, with ``office`` (its title key, "" for none) before it, cannot name the person ``key``
    the article named in full with ``titles``: someone the article named only as a relative ("first lady Melania
    Trump") is not the "Trump" or "President Trump" of other sentences (the article's other bearer of the name,
    named in full or not), though she can be "Mrs. Trump"; nobody is named by a courtesy title of the other sex
    than their own title gives ("Mr. Trump" is not "first lady Melania Trump").

    Example:
        >>> from analysis.annotate.actors.tables import load_tables
        >>> t = load_tables(); titles = {("melania", "trump"): {"first lady"}, ("donald", "trump"): {""}}
        >>> [_cannot_be(k, o, titles, t) for k, o in [(("melania", "trump"), "president"), (("melania", "trump"), ""),
        ...     (("melania", "trump"), "mr"), (("melania", "trump"), "mrs"), (("donald", "trump"), "president")]]
        [True, True, True, False, False]
    """
    given = {t for t in titles.get(key, ()) if t and t not in _HONORIFICS}
    if office in _HONORIFICS:
        wanted = _title_gender(office, tables)
        known = {_title_gender(t, tables) for t in titles.get(key, ())} - {""}
        return bool(wanted and known) and wanted not in known
    return bool(given) and given <= _RELATIVES


def _title_gender(title: str, tables: ActorTables) -> str:
    """"m" or "f" when a title key says ("mrs" -> "f", "first lady" -> "f"), else ""."""
    if title in tables.role_words:
        return tables.role_words[title][1]
    return next((t.gender[:1] for k, t in tables.titles.items() if k.lower().rstrip(".") == title and t.gender), "")


def _link_people(rows: list, people: list, tables: ActorTables) -> None:
    """Give every person mention the article's full name (in place)."""
    full: dict = {}      # (first, last) -> Counter of surface forms
    order: list = []     # (position, key) of full-name mentions
    titles: dict = {}    # (first, last) -> the titles written before the full name ("dr", "premier")
    for _index, name, title, _root in people:
        words = name.text.replace("’", "'").split()
        if len([w for w in words if not re.fullmatch(r"[A-Z]\.?", w) and w.lower() not in _SUFFIXES]) >= 2 \
                and words[0].lower() not in _SIDE_WORDS:  # "Team Trump" is a side, not a person the surname names
            key = _name_key(words)
            full.setdefault(key, Counter())[" ".join(words)] += 1
            order.append((name.start_char, key))
            titles.setdefault(key, set()).add(_title_key(title, name, tables))
    # A shorter name that ends a longer one ("Abdul Mahdi" of "Adel Abdul Mahdi") is that person.
    longer = {}
    for key, forms in full.items():
        for form in forms:
            for other_key, other_forms in full.items():
                if other_key != key and any(o.endswith(" " + form) and not any(
                        w.lower() in tables.aliases or w.lower() in tables.role_words for w in o[:-len(form)].split())
                        for o in other_forms):
                    longer[key] = other_key
    for key in sorted(longer):
        target = longer[key]
        seen = {key}
        while target in longer and target not in seen:
            seen.add(target)
            target = longer[target]
        longer[key] = target
    for key, target in sorted(longer.items()):
        if key in full and target in full and target != key:
            full[target].update(full.pop(key))
    order = [(pos, longer.get(k, k)) for pos, k in order]
    canonical = {key: max(forms, key=lambda f: (forms[f], len(f), f)) for key, forms in full.items()}
    for key, target in longer.items():
        if target in canonical:
            canonical[key] = canonical[target]
    by_last: dict = {}
    by_first: dict = {}
    for key in full:
        if any(_ends_in_surname(form) for form in full[key]):
            by_last.setdefault(key[1], []).append(key)
            by_last.setdefault(key[1].split()[-1], []).append(key)
        by_first.setdefault(key[0], []).append(key)
    for index, name, _title, _root in people:
        words = name.text.replace("’", "'").split()
        key = _name_key(words)
        rule = rows[index][8]
        if key not in canonical:
            single = words[-1].lower() if len(words) == 1 or all(re.fullmatch(r"[A-Z]\.?", w) for w in words[:-1]) else ""
            office = _title_key(_title, name, tables)
            named = sorted(set(by_last.get(single, []))) if single else []
            # none left: the article's other bearer of the name, never named in full (left to the corpus's names)
            candidates = [k for k in named if not _cannot_be(k, office, titles, tables)]
            kind_rule = "surname"
            if not named and single:
                # "Dr. Li" is Dr. Li Wenliang (a surname written first), "Premier Li" is not: an office before one
                # name links to a full name only if that person holds it there too
                candidates = sorted(k for k in set(by_first.get(single, []))
                                    if office in ("", *_HONORIFICS) or office in titles.get(k, ()))
                kind_rule = "first_name"
            if candidates:
                key = _nearest_or_main(name.start_char, candidates, order, full)
                if rule in ("person",):
                    rule = kind_rule if len(candidates) == 1 else kind_rule + "_nearest"
        actor = canonical.get(key, " ".join(words))
        rows[index][4] = actor
        rows[index][8] = rule


def person_roles(doc, mentions: pd.DataFrame, *, tables: ActorTables, text: str | None = None) -> dict:
    """Every description of each person in the article: {actor: [Role, ...]} (titles, appositives, party codes).

    Example:
        >>> from analysis.resources import Resources; from analysis.annotate.actors.tables import load_tables
        >>> t = load_tables(); doc = Resources().nlp()("Sen. Chuck Schumer (D-N.Y.) spoke. Schumer left.")
        >>> r = best_role(person_roles(doc, find_mentions(doc, tables=t), tables=t)["Chuck Schumer"])
        >>> (r.category, r.party)
        ('legislator', 'Democratic Party')
    """
    out: dict = {}
    text = doc.text if text is None else text
    junk = link_text_spans(text)
    sent_of, sent_starts = sentence_ids(doc)
    for row in mentions.itertuples():
        if row.kind != "person" or not row.is_actor:
            continue
        span = doc.char_span(row.start, row.end, alignment_mode="expand")
        if span is None:
            continue
        ents = [e for e in entities_in(span) if e.label_ == "PERSON"] or [span]
        title, name = _strip_title(ents[0], tables)
        root = ents[0].root
        described = [describe(title, tables)] if title is not None else []
        first = ents[0].start if title is None else title.start
        before = title_before(doc, first, root, sent_starts[sent_of[first]])
        if before is not None:
            described.append(describe(before, tables))
        described += [describe(a, tables) for a in appositives(doc, root)]
        after = next((e for s, e in junk if row.end <= s <= row.end + 2), row.end)
        described.append(party_after(text, after, tables))
        out.setdefault(row.actor, []).extend(r for r in described if r.role or r.party or r.gender)
    return out


def canonical_actors(mentions: pd.DataFrame, *, dominance: float = 4.0) -> pd.DataFrame:
    """Merge the actors of all articles into corpus names.

    People with the same (first, last) name merge ("Donald J. Trump" = "Donald Trump", the most frequent
    form wins); a two-word name that ends exactly one longer name goes to it ("Blasey Ford" = "Christine
    Blasey Ford"); a surname-only actor goes to the unique full name sharing its surname in the corpus, or to
    the one with ``dominance`` times more articles than the next. Other actors keep their name.

    Args:
        mentions: the rows of :func:`find_mentions` of many articles, with an ``article_id`` column.

    Returns:
        DataFrame[article_id, actor, corpus_actor], one row per (article, actor).

    Example:
        >>> m = pd.DataFrame({"article_id": ["a", "b", "c"], "actor": ["Donald J. Trump", "Donald Trump", "Trump"],
        ...                   "kind": ["person"] * 3, "is_actor": [True] * 3})
        >>> canonical_actors(m)["corpus_actor"].tolist()
        ['Donald Trump', 'Donald Trump', 'Donald Trump']
    """
    pairs = mentions.loc[mentions["is_actor"] & (mentions["actor"] != ""), ["article_id", "actor", "kind"]]
    pairs = pairs.drop_duplicates(["article_id", "actor"]).sort_values(["article_id", "actor"], kind="stable")
    person = pairs["kind"] == "person"
    forms: dict = {}
    for actor, n in pairs.loc[person, "actor"].value_counts().sort_index().items():
        words = actor.split()
        if len(words) >= 2:
            forms.setdefault(_name_key(words), Counter())[actor] += int(n)
    best = {key: max(c, key=lambda f: (c[f], -len(f), f)) for key, c in forms.items()}
    by_tail: dict = {}  # "blasey ford" -> the longer names ending in it ("Christine Blasey Ford")
    for name in best.values():
        if len(name.split()) >= 3:
            by_tail.setdefault(tuple(name.lower().split()[-2:]), set()).add(name)

    def longer_name(name: str) -> str:
        longer = by_tail.get(tuple(name.lower().split()), ()) if len(name.split()) == 2 else ()
        return next(iter(longer)) if len(longer) == 1 else name

    best = {key: longer_name(name) for key, name in best.items()}
    articles_of: Counter = Counter()
    for actor, n in pairs.loc[person, "actor"].value_counts().items():
        if len(actor.split()) >= 2:
            articles_of[best[_name_key(actor.split())]] += int(n)
    by_last: dict = {}
    for name in sorted(set(best.values())):
        if _ends_in_surname(name):
            by_last.setdefault(_name_key(name.split())[1], set()).add(name)

    def corpus_name(actor: str, kind: str) -> str:
        words = actor.split()
        if kind != "person":
            return actor
        if len(words) >= 2:
            return best[_name_key(words)]
        options = sorted(by_last.get(actor.lower().replace("’", "'"), ()), key=lambda n: (-articles_of[n], n))
        if len(options) == 1 or (len(options) > 1 and articles_of[options[0]] >= dominance * articles_of[options[1]]):
            return options[0]
        return actor

    out = pairs.assign(corpus_actor=[corpus_name(a, k) for a, k in zip(pairs["actor"], pairs["kind"])])
    return out[["article_id", "actor", "corpus_actor"]].reset_index(drop=True)
