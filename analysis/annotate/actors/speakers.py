"""Who speaks in each attribution: a named speaker, the role and side they speak for, and the group a chart shows.

:func:`resolve_speakers` takes the speaker spans of an attribution extractor (``speaker_start``,
``speaker_end`` into ``doc.text``; -1 when an attribution has none) and gives per row:

- ``speaker_name``: the named person or body, following pronouns ("he", "they") and definite role nouns
  ("the senator", "the spokesman", "the company") back to the nearest compatible named antecedent;
- ``role`` (the words that give it: "Pentagon spokesman", "Sen."), ``role_category``, ``affiliation``
  (party or organisation when the text tells), ``country``;
- ``group``: what a chart of "whose voices" shows, e.g. "Government: United States", "Legislator:
  Democratic Party", "Expert/academic", "Anonymous: United States"; ``unresolved`` when the side cannot
  be told (never a catch-all);
- ``resolved_by``: the rule that decided (name, pronoun, role_noun_antecedent, role_description,
  anonymous, organisation, first_person_quote, poll, user_table, ...).

Example:
    >>> from analysis.resources import Resources; from analysis.annotate.actors.tables import load_tables; from analysis.annotate.actors.mentions import find_mentions
    >>> t = load_tables(); doc = Resources().nlp()("Sen. Chuck Schumer (D-N.Y.) spoke on Monday. He said the bill was bad.")
    >>> att = pd.DataFrame({"speaker_start": [45], "speaker_end": [47]})
    >>> resolve_speakers(doc, att, find_mentions(doc, tables=t), tables=t)[["speaker_name", "group", "resolved_by"]].values.tolist()
    [['Chuck Schumer', 'Legislator: Democratic Party', 'pronoun']]
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from types import SimpleNamespace

import pandas as pd

from .mentions import link_text_spans, person_roles
from .roles import (
    INHERITING_ROLES,
    STAFF_ROLES,
    Role,
    appositives,
    best_role,
    describe,
    organisation_category,
    sentence_ids,
)
from .tables import STATE_CATEGORIES, ActorTables, fold

SPEAKER_COLUMNS = ["speaker_text", "speaker_name", "role", "role_category", "affiliation", "country", "group", "resolved_by"]
UNRESOLVED = "unresolved"
FORMER_OFFICIAL = "former official"
CHAMBER_WORDS = frozenset({"senate", "house", "congressional", "congress", "legislative", "parliamentary"})
CATEGORY_LABELS = {
    "government": "Government", "diplomat": "Government", "legislator": "Legislator", "military": "Military",
    "judiciary": "Judiciary", "law enforcement": "Law enforcement", "legal": "Legal", "party/campaign": "Party/campaign",
    "international": "International organisation", "expert": "Expert/academic", "medical": "Medical",
    "advocacy": "Advocacy/NGO", "business": "Business", "media": "Media", "religious": "Religious",
    "citizen": "Citizen/witness", "celebrity": "Celebrity/sports", "anonymous": "Anonymous",
    "poll": "Poll/survey", "author": "Author (first person)", "former official": "Former official",
    "unnamed official": "Unnamed official",
}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
_PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
_POLL_WORDS = {"poll", "polls", "survey", "surveys", "results", "poll's", "numbers"}
_SHARE_WORDS = {"percent", "%", "majority", "plurality", "third", "half", "quarter", "two-thirds", "fifth"}
_DOCUMENTS = {"report", "study", "poll", "survey", "statement", "letter", "memo", "document", "filing", "ruling",
              "complaint", "lawsuit", "tweet", "post", "release", "analysis", "data", "order", "opinion", "email",
              "website", "ad", "advertisement", "video", "book", "article", "story", "interview", "speech", "brief",
              "results", "numbers", "findings", "estimate", "estimates", "projection", "model", "figures"}
_ORG_NOUNS = {"company": "business", "firm": "business", "agency": "government", "department": "government",
              "ministry": "government", "government": "government", "administration": "government",
              "court": "judiciary", "committee": "legislator", "campaign": "party/campaign", "party": "party/campaign",
              "group": "advocacy", "organization": "advocacy", "organisation": "advocacy", "university": "expert",
              "network": "media", "newspaper": "media", "paper": "media", "outlet": "media", "hospital": "medical",
              "military": "military", "army": "military", "police": "law enforcement", "office": "government"}
# roles that say what a person is in the story, not their job: they outrank an occupation the corpus also gives
STORY_ROLES_PATTERN = r"\b(?:accuser|victim|witness|survivor|whistle-?blower|complainant)s?\b"
# a party-and-state tag set after a legislator's name ("Sen. Bob Corker, R-Tenn.,", "Grassley ... MORE (R-Iowa)")
_PARTY_TAG = re.compile(r"\(?[RDI](?:-|\.,\s?)[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?\)?")  # or "(R., La.)"
_ANONYMOUS_CUES = {"familiar", "anonymity", "anonymously", "unnamed", "unidentified", "senior", "knowledgeable"}
_ANONYMOUS_TAIL = ("familiar with", "anonymity", "not authorized", "n't authorized", "n\u2019t authorized", "declined to be named",
                  "who asked not", "not authorised")
UNNAMED_CATEGORIES = ("anonymous", "unnamed official")
# how far after a speaker's noun an anonymity cue is looked for, within its sentence: "One nurse at a major
# metropolitan hospital, who asked for anonymity" is 9 tokens; 12 tokens caught 4 more cued speakers in the ABP
# coronavirus corpus, all anonymous, where 8 caught none, and the sentence's end kept out the next sentence's
# "People familiar with ..."
TAIL_TOKENS = 12


def group_label(category: str, *, party: str = "", country: str = "") -> str:
    """The chart group of a speaker: the category, qualified by the state or party it acts for.

    Example:
        >>> group_label("military", country="United States"), group_label("legislator", party="Republican Party")
        ('Military: United States', 'Legislator: Republican Party')
    """
    if not category:
        return UNRESOLVED
    label = CATEGORY_LABELS.get(category, category)
    if category == "legislator" and (party or country):
        return f"{label}: {party or country}"
    if category == "party/campaign" and party:
        return f"{label}: {party}"
    if (category in STATE_CATEGORIES or category in UNNAMED_CATEGORIES) and country:
        return f"{label}: {country}"
    return label


def _gender_votes(doc, mentions: pd.DataFrame, sent_of: list[int], sent_starts: list[int],
                  quotes: list[tuple[int, int]] = ()) -> dict:
    """Pronoun evidence per person: a person who is the only one named in a sentence, and 'he'/'she' as the
    subject of the next sentence (or 'his'/'her' later in the same one), outside quotation marks (in
    'Sen. Mazie Hirono: "I put his denial ..."' the 'his' is someone else)."""
    votes: dict = {}
    quoted = {t.i for s, e in quotes for t in doc.char_span(s, e, alignment_mode="expand") or ()}
    bounds = sent_starts + [len(doc)]
    sents = [doc[bounds[k]:bounds[k + 1]] for k in range(len(sent_starts))]
    people = mentions[(mentions["kind"] == "person") & mentions["is_actor"]]
    by_sent: dict = {}
    for row in people.itertuples():
        tok = doc.char_span(row.start, row.end, alignment_mode="expand")
        if tok is not None:
            by_sent.setdefault(sent_of[tok.start], []).append((row.actor, tok.end))
    for k, found in by_sent.items():
        if len({a for a, _e in found}) != 1:
            continue
        actor, end = found[0]
        words = [t.lower_ for t in sents[k] if t.i >= end and t.lower_ in ("his", "her") and t.i not in quoted]
        if k + 1 < len(sents) and k + 1 not in by_sent:
            words += [t.lower_ for t in sents[k + 1] if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in ("he", "she")
                      and t.i not in quoted]
        for w in words:
            votes.setdefault(actor, Counter())["m" if w in ("he", "his") else "f"] += 1
    return votes


def _gender(actor: str, role: Role, votes: dict, tables: ActorTables) -> str:
    if role.gender:
        return role.gender
    first = actor.split()[0].lower() if len(actor.split()) >= 2 else ""
    if first in tables.first_names:
        return tables.first_names[first]
    c = votes.get(actor)
    if c and (c["m"] + c["f"]) >= 2 and max(c.values()) / (c["m"] + c["f"]) >= 0.75:
        return "m" if c["m"] > c["f"] else "f"
    return ""


class _Article:
    """What the resolver knows about one article: its mentions, people, their roles and gender."""

    def __init__(self, doc, mentions: pd.DataFrame, tables: ActorTables, home_country: str, text: str,
                 quotes: list[tuple[int, int]]):
        self.doc, self.tables, self.home_country = doc, tables, home_country
        actors = mentions[mentions["is_actor"] & (mentions["actor"] != "")].sort_values("start", kind="stable")
        self.mentions = list(actors.itertuples(index=False))
        named = mentions[mentions["actor"] != ""].sort_values("start", kind="stable")
        self.all_mentions = list(named.itertuples(index=False))
        self.sent_of, sent_starts = sentence_ids(doc)
        described = person_roles(doc, mentions, tables=tables, text=text)
        self.roles = {a: best_role(r) for a, r in described.items()}
        votes = _gender_votes(doc, mentions, self.sent_of, sent_starts, quotes=list(quotes))
        self.gender = {m.actor: _gender(m.actor, self.roles.get(m.actor, Role()), votes, tables)
                       for m in self.mentions if m.kind == "person"}
        self.described = {a: " ".join(r.role.lower() for r in rs) for a, rs in described.items()}
        from spacy.attrs import IDX

        self.token_starts = doc.to_array([IDX]).reshape(-1).tolist()
        self.text = text
        self.quotes = list(quotes)
        self.speaker_starts: set = set()  # starts of person mentions already resolved as speakers
        self.unnamed_speakers: list = []  # (start, head lemma, plural, result) of each speaker left unnamed, in order

    def sent_index(self, char: int) -> int:
        i = bisect.bisect_right(self.token_starts, char) - 1
        return self.sent_of[i] if i >= 0 else -1

    def is_subject(self, m, *, main_clause: bool = False) -> bool:
        """Whether a mention is a clause subject (with ``main_clause``, of its sentence's main verb), or in
        apposition to or compounded with one."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ in ("appos", "compound") and root.head is not root:
            root = root.head
        return root.dep_ in ("nsubj", "nsubjpass") and (not main_clause or root.head.dep_ == "ROOT")


def _words_after(doc, end: int, n: int) -> str:
    """The text of up to ``n`` tokens from token ``end``, stopping where a new sentence starts."""
    stop = min(len(doc), end + n)
    for k in range(end + 1, stop):
        if doc[k].is_sent_start:
            stop = k
            break
    return doc[end:stop].text if end < stop else ""


def _affiliation(role: Role, country: str) -> str:
    """Party first; then the state for a state role ("Iran's UN ambassador" -> Iran), else the organisation."""
    if role.party:
        return role.party
    if role.category in STATE_CATEGORIES:
        return country or role.organisation
    return role.organisation or country


def _person_result(art: _Article, actor: str, rule: str, extra: Role | None = None) -> dict:
    extra = extra if extra is not None else Role()
    role = extra.merged(art.roles.get(actor, Role())) if extra.category else art.roles.get(actor, Role()).merged(extra)
    country = role.country or ("" if not role.category or role.category not in STATE_CATEGORIES else art.home_country)
    user = art.tables.user_groups.get(actor)
    # "former Vice President Joe Biden" no longer speaks for the government: a former state office is its own group
    category = FORMER_OFFICIAL if role.former and role.category in STATE_CATEGORIES else role.category
    return {"speaker_name": actor, "role": role.role, "role_category": category,
            "affiliation": _affiliation(role, country), "country": country,
            "group": user or group_label(category, party=role.party, country=country),
            "resolved_by": rule + ("+user_table" if user else "+former_role" if role.former and role.category else "")}


def _after_chamber(doc, start: int) -> bool:
    """Whether the words right before ``start`` (within its sentence) name a legislative chamber."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    first = span[0]
    before = doc[max(first.sent.start, first.i - 2):first.i]
    return any(t.lower_ in CHAMBER_WORDS for t in before)


def _body_result(art: _Article, m, rule: str) -> dict:
    """A named organisation, state or party speaking ("the Pentagon said", "Iran said", "Democrats say")."""
    hit = art.tables.aliases.get(fold(m.actor))
    category = hit.role_category if hit is not None else ""
    if m.kind in ("state", "capital", "demonym", "region"):
        category = "government"
    if not category:
        category = organisation_category(m.actor, art.tables)[0]
    if not category:  # "America Rising, a conservative political action committee"
        span = art.doc.char_span(m.start, m.end, alignment_mode="expand")
        for desc in appositives(art.doc, span.root) if span is not None else []:
            category = describe(desc, art.tables).category
            if category:
                break
    party = m.actor if m.kind == "party" else ""
    if party and _after_chamber(art.doc, m.start):  # "Senate Republicans", "House Democrats": members of a chamber
        category, rule = "legislator", rule + "+chamber"
    country = m.affiliation if m.kind != "party" else (hit.country if hit else "")
    if not country and m.kind == "organisation":  # "U.S. Labor Department", "Wuhan Municipal Health Commission"
        for word in m.actor.replace("'s", "").split():
            found = art.tables.aliases.get(fold(word))
            if found is not None and found.kind in ("state", "demonym", "region", "capital"):
                country = found.country
                break
    if m.kind == "group" and not category:
        category = "citizen"
    user = art.tables.user_groups.get(m.actor)
    return {"speaker_name": m.actor, "role": "", "role_category": category, "affiliation": party or m.affiliation,
            "country": country, "group": user or group_label(category, party=party, country=country),
            "resolved_by": rule + ("+user_table" if user else "")}


def _unnamed_result(art: _Article, span, rule: str) -> dict:
    """A speaker described without a name ("a Pentagon spokesman", "U.S. officials", "sources")."""
    role = describe(span, art.tables)
    head = span.root
    if head.lower_ in STAFF_ROLES or head.lemma_.lower() in STAFF_ROLES:
        # "A spokesman for Sen. Chuck Grassley (R-Iowa) confirmed": the principal after the noun says whom they speak for
        ends = [p.right_edge.i + 1 for p in head.children if p.dep_ == "prep" and p.lower_ == "for"]
        if ends and max(ends) > span.end:
            wider = describe(span.doc[span.start:max(ends)], art.tables)
            role = wider if wider.category == "legislator" else role
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    lemma = head.lemma_.lower()
    agent = art.tables.agent_nouns.get(head.lower_) or art.tables.agent_nouns.get(lemma)
    unnamed = agent and (bool(words & _ANONYMOUS_CUES) or head.tag_ in ("NNS", "NNPS")
                         or not any(t.dep_ == "det" and t.lower_ == "the" for t in head.children))
    tail = _words_after(art.doc, span.end, TAIL_TOKENS).lower()
    cued = (agent and bool(words & _ANONYMOUS_CUES)) or any(cue in tail for cue in _ANONYMOUS_TAIL)
    places = [] if role.country else _countries_of_place(head, art.tables.aliases)
    if cued or (unnamed and agent == "source"):
        category = "anonymous"
    elif unnamed and agent == "public":  # "many people are asking": the public, not a source
        category = "citizen"
    elif unnamed:  # an official left unnamed speaks for the body or state their words name ("White House officials")
        named = (role.organisation or role.country) and not role.party
        category = role.category if named and role.category in (*STATE_CATEGORIES, "international") \
            else "unnamed official"
    else:
        category = role.category or _ORG_NOUNS.get(lemma, "")
    singular = head.tag_ in ("NN", "NNP")  # "a state official", not "world leaders"
    country = role.country or (places[0] if len(places) == 1 else "") or (
        art.home_country if not places and singular and (category in STATE_CATEGORIES or (category in UNNAMED_CATEGORIES and role.category in STATE_CATEGORIES)) else "")
    # an anonymous official of a body the words name speaks for that body, anonymously: "multiple senior White House
    # officials" are the US government's voice (``anonymous`` says how), not a group of their own
    # (a former official speaks for no body: "one unidentified former State Department official" stays anonymous)
    body = role.category if category == "anonymous" and (role.organisation or role.country) and not role.party \
        and not role.former and role.category in (*STATE_CATEGORIES, "international") else ""
    return {"speaker_name": "", "role": role.role or span.text, "role_category": category,
            "affiliation": _affiliation(role, country), "country": country,
            "group": group_label(body or category, party=role.party, country=country),
            "resolved_by": (rule + ("+unnamed" if unnamed else "") + ("+several_countries" if len(places) > 1 else ""))
            if category else UNRESOLVED}


def _countries_of_place(head, aliases: dict) -> list[str]:
    """The countries the speaker's own "in"/"from" phrase names, in order ("health officials in Italy": Italy;
    "health officials in Belgium and South Korea": both, so no one country speaks)."""
    found: list[str] = []
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "from")):
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        objects += [c for o in objects for c in o.subtree if c.dep_ == "conj" and c.head in objects]
        for obj in objects:
            name = country_named(obj.doc[obj.left_edge.i:obj.i + 1].text, aliases)
            if name and name not in found:
                found.append(name)
    return found


def _antecedent_person(art: _Article, char: int, gender: str, role_word: str = ""):
    """The named person a pronoun or role noun at ``char`` refers to, or None.

    Candidates are the people named before it: first outside quotes (a name inside '"Obama is weak," he
    said' is not the speaker), nearest sentence first, subjects and earlier speakers before other mentions;
    the gender must match where it is known."""
    here = art.sent_index(char)
    own_quote = next(((s, e) for s, e in art.quotes if s <= char < e), None)
    before = [m for m in art.mentions if m.kind == "person" and m.end <= char
              and (own_quote is not None and own_quote[0] <= m.start or not any(s <= m.start < e for s, e in art.quotes))]
    if role_word:
        category = (art.tables.role_words.get(role_word) or ("", ""))[0]
        # a word for an unnamed speaker ("the official", "the source") is a person only where the article calls
        # them so: the government's category alone made "the official" the president
        generic = bool(art.tables.agent_nouns.get(role_word))
        before = [m for m in before if role_word in art.described.get(m.actor, "") or role_word in m.text.lower()
                  or (category and not generic and art.roles.get(m.actor, Role()).category == category)]

    def ordered(window: int):
        for k in range(here, here - window - 1, -1):
            in_sent = [m for m in before if art.sent_index(m.start) == k]
            if k == here:
                in_sent = sorted(in_sent, key=lambda m: (not (art.is_subject(m) or m.start in art.speaker_starts), -m.start))
            else:
                in_sent = sorted(in_sent, key=lambda m: (not (art.is_subject(m) or m.start in art.speaker_starts), m.start))
            yield from in_sent

    subject_here = [m for m in before if art.sent_index(m.start) == here and art.is_subject(m)
                    and art.gender.get(m.actor, "") in (gender, "")]
    if subject_here:  # "McAuliffe has said ..., but he refuses": the subject of the pronoun's own sentence
        return subject_here[-1]
    speaker = next((m for m in reversed(before)  # the latest speaker of a compatible gender in the last five sentences
                    if m.start in art.speaker_starts and here - art.sent_index(m.start) <= 5
                    and art.gender.get(m.actor, "") in (gender, "")), None)
    subject_before = [m for m in before if art.sent_index(m.start) == here - 1 and art.is_subject(m, main_clause=True)
                      and art.gender.get(m.actor, "") in (gender, "")]
    if subject_before and (speaker is None or art.sent_index(speaker.start) < here - 1):
        return subject_before[-1]  # "Hirono was asked about ... She suggests": not a speaker three sentences up
    if speaker is not None:
        return speaker
    for window, known_only in ((3, True), (3, False), (12, True)):
        for m in ordered(window):
            g = art.gender.get(m.actor, "")
            if (g == gender) if known_only and gender else (not gender or g in ("", gender)):
                return m
    # The article's most mentioned compatible person so far (the story's protagonist).
    counts = Counter(m.actor for m in before if not gender or art.gender.get(m.actor, "") in ("", gender))
    if counts:
        return next(m for m in reversed(before) if m.actor == max(sorted(counts), key=lambda a: counts[a]))
    return None


def _antecedent_body(art: _Article, char: int, *, plural: bool, category: str = ""):
    """The named organisation/state/group an 'it', 'they' or 'the company' refers to, or None."""
    here = art.sent_index(char)
    for m in reversed([m for m in art.mentions if m.kind != "person" and m.end <= char]):
        if here - art.sent_index(m.start) > 3:
            break
        if m.kind == "place" or (plural and m.kind == "capital"):
            continue
        if category and _body_result(art, m, "")["role_category"] != category:
            continue
        return m
    return None


def _plural_antecedent(art: _Article, pronoun):
    """The nearest plural noun naming people or bodies before a 'they' in this or the two sentences before
    ("officials", "Republicans", "the researchers"), subjects first."""
    here = art.sent_of[pronoun.i]
    found = []
    for t in art.doc[max(0, pronoun.i - 120):pronoun.i]:
        if art.sent_of[t.i] < here - 2 or t.tag_ not in ("NNS", "NNPS"):
            continue
        lemma = t.lemma_.lower()
        named = t.ent_type_ in ("NORP", "ORG")
        if named or lemma in art.tables.role_words or lemma in art.tables.agent_nouns or t.lower_ in art.tables.role_words:
            found.append(t)
    if not found:
        return None
    subjects = [t for t in found if t.dep_ in ("nsubj", "nsubjpass")]
    return (subjects or found)[-1]


def _name_words(span) -> list:
    """The tokens of a speaker span that can be part of a name (no determiner, punctuation or space)."""
    return [t for t in span if not (t.dep_ == "det" or t.is_punct or t.is_space)]


def _person_by_surname(art: _Article, span) -> str | None:
    """The one person of the article whose name ends with the speaker's words, for a speaker of proper nouns the
    mention finder tied to no one or to something else ("Pelosi said" after "Nancy Pelosi", "said de Blasio" after
    "Bill de Blasio"); None when no person or two people end so."""
    words = _name_words(span)
    if not words or len(words) > 3 or words[-1].pos_ != "PROPN" or not all(t.pos_ == "PROPN" or t.is_lower for t in words):
        return None
    tail = " " + " ".join(t.text for t in words).lower()
    if art.tables.aliases.get(fold(tail.strip())) is not None:
        return None  # "Democrats", "Iran": a party or state, whatever a garbled name ends with
    found = sorted({m.actor for m in art.mentions if m.kind == "person" and (" " + m.actor.lower()).endswith(tail)})
    return found[0] if len(found) == 1 else None


def _named_acronym(art: _Article, span):
    """A body the speaker names by an all-capital alias the entity tagger passed over ("said WHO", where "WHO"
    also spells a pronoun), as a mention-like record for :func:`_body_result`; None otherwise."""
    words = _name_words(span)
    if len(words) != 1 or len(words[0].text) < 2 or not words[0].text.isupper():
        return None
    hit = art.tables.aliases.get(fold(words[0].text))
    if hit is None or hit.kind not in ("organisation", "party", "state"):
        return None
    return SimpleNamespace(actor=hit.actor, kind=hit.kind, start=span.start_char, end=span.end_char,
                           affiliation=hit.country if hit.kind != "party" else "")


def _tagged_person(art: _Article, char: int):
    """The person a party-and-state tag at ``char`` follows: the name just before it ("Sen. Bob Corker, R-Tenn.,"),
    or just before the hover card pasted between them ("Sen. John Cornyn John CornynGOP senators ... MORE (R-Texas)");
    None when no name stands right there."""
    cut = char
    for start, end in link_text_spans(art.text):
        if end <= cut and not art.text[end:cut].strip(" ,("):
            cut = start
    # a name the mention finder ran on into the card ("John Cornyn John CornynGOP senators") still stands there
    near = [m for m in art.mentions if m.kind == "person" and m.start < cut and m.end <= char
            and (m.end >= cut or not art.text[m.end:cut].strip(" ,("))]
    return near[-1] if near else None


def _unnamed_antecedent(art: _Article, char: int, lemma: str, plural: bool) -> dict | None:
    """The latest speaker before ``char`` left unnamed under the same noun in the same number ("an Ethiopian health
    official" for a later "the official", not "officials"), as the resolver gave it, or None."""
    earlier = [r for at, word, many, r in art.unnamed_speakers if at < char and word == lemma and many == plural]
    return {**earlier[-1], "resolved_by": "unnamed_antecedent"} if earlier else None


def _speaker_span(doc, start: int, end: int):
    """The tokens of a speaker's characters ``[start, end)`` without leading punctuation or bullets, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    while span is not None and len(span) and (span[0].is_punct or span[0].is_space or span[0].text in ("•", "#")):
        span = span[1:]
    return span if span is not None and len(span) else None


def _resolve_one(art: _Article, start: int, end: int, depth: int = 0) -> dict:
    doc = art.doc
    span = _speaker_span(doc, start, end)
    if span is None:
        return {"resolved_by": UNRESOLVED}
    head = span.root
    if _PARTY_TAG.fullmatch(span.text.strip(" ,")):
        tagged = _tagged_person(art, span.start_char)
        return _person_result(art, tagged.actor, "name_party_tag") if tagged is not None else {"resolved_by": UNRESOLVED}
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl" and depth < 2:
        noun = head.head.head
        out = _resolve_one(art, noun.left_edge.idx, noun.idx + len(noun), depth + 1)
        if out.get("group", UNRESOLVED) == UNRESOLVED and noun.dep_ == "appos":
            # "Andrew, a Massachusetts technology professional who asked ...": the name the description is of
            return _resolve_one(art, noun.head.left_edge.idx, noun.head.idx + len(noun.head), depth + 1)
        return out
    inside = [m for m in art.mentions if m.start < span.end_char and m.end > span.start_char]
    heads = [m for m in inside if m.start <= head.idx < m.end]
    if not heads:  # a name in a headline or caption is not a mention but still names its speaker
        heads = [m for m in art.all_mentions if m.start <= head.idx < m.end and m.rule == "headline"]
    people = [m for m in inside if m.kind == "person"]
    for m in heads:
        if m.kind == "person":
            return _person_result(art, m.actor, "name")
    for m in people:  # "the American ambassador at the time, John E. Herbst": the name in apposition speaks
        tok = doc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is not None and ((tok.root.dep_ == "appos" and tok.root.head == head) or (head.dep_ == "appos" and head.head == tok.root)):
            return _person_result(art, m.actor, "name_appositive")
        # "Speaker Nancy Pelosi" with the title as the parse's head: a title, no preposition, before the name
        if tok is not None and head.i < tok.start and not any(t.pos_ == "ADP" or t.is_punct for t in doc[head.i:tok.start]):
            return _person_result(art, m.actor, "name_title")
    surname = None if people else _person_by_surname(art, span)
    if surname is not None:
        return _person_result(art, surname, "surname")
    for m in heads:
        if m.rule != "agent_noun":
            return _body_result(art, m, "organisation")
    acronym = None if inside else _named_acronym(art, span)
    if acronym is not None:
        return _body_result(art, acronym, "acronym")
    low = head.lower_
    if low in _PRONOUN_GENDER:
        m = _antecedent_person(art, span.start_char, _PRONOUN_GENDER[low])
        return _person_result(art, m.actor, "pronoun") if m is not None else {"resolved_by": UNRESOLVED}
    if low in _FIRST_PERSON:
        return {"resolved_by": "first_person"}  # resolved after the others: the speaker of the quote it is in
    if low in ("you", "your", "yourself"):
        return {"resolved_by": UNRESOLVED}
    if low in _PLURAL_PRONOUNS or low in ("it", "its"):
        m = _antecedent_body(art, span.start_char, plural=low not in ("it", "its"))
        if low in _PLURAL_PRONOUNS and (m is None or art.sent_index(span.start_char) - art.sent_index(m.start) > 1):
            noun = _plural_antecedent(art, head)
            if noun is not None and depth < 2:
                out = _resolve_one(art, noun.left_edge.idx, noun.idx + len(noun), depth + 1)
                if out.get("group", UNRESOLVED) != UNRESOLVED:
                    return {**out, "resolved_by": "pronoun_plural_noun"}
        if m is not None:
            if m.rule == "agent_noun" and m.kind != "person":
                target = doc.char_span(m.start, m.end, alignment_mode="expand")
                return {**_unnamed_result(art, target, "pronoun_unnamed"), "speaker_name": ""}
            return _body_result(art, m, "pronoun_body") if m.kind != "person" else _person_result(art, m.actor, "pronoun_body")
        return {"resolved_by": UNRESOLVED}
    owner = [c for c in head.children if c.dep_ == "poss" and c.lower_ in _PRONOUN_GENDER]
    if owner and (head.lemma_.lower() in art.tables.agent_nouns or head.lemma_.lower() in _DOCUMENTS):
        m = _antecedent_person(art, owner[0].idx, _PRONOUN_GENDER[owner[0].lower_])
        if m is not None:
            out = _person_result(art, m.actor, "possessive_pronoun_owner")
            return {**out, "speaker_name": out["speaker_name"] if head.lemma_.lower() in _DOCUMENTS else "", "role": span.text}
    if low in _SHARE_WORDS or (head.like_num and any(t.lower_ in ("percent", "%") for t in span)):
        return {"speaker_name": "", "role": span.text, "role_category": "citizen", "group": group_label("citizen"),
                "resolved_by": "poll_share"}
    lemma = head.lemma_.lower()
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those") for c in head.children)
    if lemma in _DOCUMENTS or low in _DOCUMENTS:
        owners = [m for m in art.all_mentions if m.start < head.idx and m.end > span.start_char]
        if not owners:  # "The poll, conducted by Monmouth University, found ..."
            sent = art.sent_index(span.start_char)
            owners = [m for m in art.all_mentions if m.kind not in ("place", "state", "capital", "region", "demonym")
                      and art.sent_index(m.start) == sent and m.start >= span.start_char and m.kind != "person"][:1]
        if owners:
            m = owners[-1]
            return (_person_result(art, m.actor, "document_owner") if m.kind == "person" else _body_result(art, m, "document_owner"))
        if low in _POLL_WORDS or lemma in _POLL_WORDS:
            return {"speaker_name": "", "role": span.text, "role_category": "poll", "group": "Poll/survey", "resolved_by": "poll"}
        return {"resolved_by": UNRESOLVED}
    role_hit = art.tables.role_words.get(low) or art.tables.role_words.get(lemma)
    if definite and not people and not any(m for m in inside if m.kind != "person") and head.tag_ in ("NN", "NNP"):
        if role_hit is not None:
            gender = role_hit[1]
            m = _antecedent_person(art, span.start_char, gender, lemma)
            out = _person_result(art, m.actor, "role_noun_antecedent") if m is not None else {}
            named = country_named(span.text, art.tables.aliases) if out else ""
            # "The senior U.S. military officer" is not the Iranian commander named before
            if out and (not named or not out["country"] or out["country"] == named):
                return out
        elif lemma in _ORG_NOUNS:
            m = _antecedent_body(art, span.start_char, plural=False, category=_ORG_NOUNS[lemma])
            if m is not None and m.rule != "agent_noun":
                return _body_result(art, m, "org_noun_antecedent")
    if people and (role_hit is not None or lemma in art.tables.agent_nouns):
        # "a spokesman for Hillary Clinton": an unnamed speaker on a named person's side.
        owner = _person_result(art, people[-1].actor, "")
        out = _unnamed_result(art, span, "speaks_for_person")
        if out["role_category"] in ("", "government", *UNNAMED_CATEGORIES) and owner["role_category"]:
            for key in ("affiliation", "country"):
                out[key] = out[key] or owner[key]
            if out["role_category"] not in UNNAMED_CATEGORIES:
                out["role_category"] = owner["role_category"]
                out["group"] = owner["group"]
            else:
                out["group"] = group_label(out["role_category"], country=out["country"])
        return out
    out = _unnamed_result(art, span, "role_description")
    # "the official", "those officials": the unnamed speaker introduced before under that noun ("an Ethiopian health
    # official, who asked not to be named"), unless this sentence says they are anonymous or names another country
    earlier = (_unnamed_antecedent(art, span.start_char, lemma, head.tag_ in ("NNS", "NNPS"))
               if definite and art.tables.agent_nouns.get(lemma) else None)
    if earlier and out["role_category"] != "anonymous" and out["country"] in ("", earlier.get("country")):
        return earlier
    if out["role_category"] == "" and lemma in INHERITING_ROLES:
        out["resolved_by"] = UNRESOLVED
    return out


def _quote_speaker(art: _Article, attributions: pd.DataFrame, results: dict, i: int, quotes: list) -> dict:
    """The speaker of the quote a first-person source ("I", "we") stands in: the attribution whose content
    holds it, else the nearest resolved speaker outside quotes in the same paragraph."""
    start = int(attributions["speaker_start"].iloc[i])
    if "content_start" in attributions:
        for j in range(len(attributions)):
            cs, ce = int(attributions["content_start"].iloc[j]), int(attributions["content_end"].iloc[j])
            if j != i and cs <= start < ce and results[j]["group"] != UNRESOLVED and results[j]["resolved_by"] != "first_person":
                return {**{k: results[j][k] for k in SPEAKER_COLUMNS if k != "speaker_text"}, "resolved_by": "first_person_quote"}
    quote = next(((s, e) for s, e in quotes if s <= start < e), None)
    if quote is None:  # "I" outside any quote: the writer of the article
        return {"speaker_name": "", "role": "author", "role_category": "author", "group": group_label("author"),
                "resolved_by": "first_person_author"}
    para_start = art.text.rfind("\n", 0, quote[0]) + 1
    para_end = art.text.find("\n", quote[1])
    para_end = len(art.text) if para_end < 0 else para_end
    best = None
    for j in range(len(attributions)):
        s = int(attributions["speaker_start"].iloc[j])
        if j == i or s < 0 or not (para_start <= s < para_end) or any(qs <= s < qe for qs, qe in quotes):
            continue
        if results[j]["group"] == UNRESOLVED or results[j]["resolved_by"] == "first_person":
            continue
        distance = min(abs(s - quote[1]), abs(s - quote[0]))
        if best is None or distance < best[0]:
            best = (distance, j)
    if best is None:
        return {"resolved_by": UNRESOLVED}
    return {**{k: results[best[1]][k] for k in SPEAKER_COLUMNS if k != "speaker_text"}, "resolved_by": "first_person_quote"}


def resolve_speakers(doc, attributions: pd.DataFrame, mentions: pd.DataFrame, *, tables: ActorTables,
                     quotes: list[tuple[int, int]] = (), home_country: str = "") -> pd.DataFrame:
    """Resolve the speaker of every attribution of one article.

    Args:
        doc: the parsed article.
        attributions: rows with ``speaker_start`` and ``speaker_end`` (character offsets; -1 for none).
        mentions: :func:`mentions.find_mentions` of the same ``doc``.
        tables: rule tables from :func:`tables.load_tables`.
        quotes: the article's quotation spans (:func:`analysis.annotate.quotes.find_quotes`).
        home_country: the country a government title with no country belongs to ("Attorney General",
            "Gov."), e.g. "United States" for a corpus of US outlets; empty leaves the group unqualified.

    Returns:
        ``attributions`` with the columns of :data:`SPEAKER_COLUMNS` added, in the same row order.
    """
    text = doc.text
    art = _Article(doc, mentions, tables, home_country, text, list(quotes))
    order = sorted(range(len(attributions)), key=lambda i: (int(attributions["speaker_start"].iloc[i]), i))
    results: dict = {}
    for i in order:
        start, end = int(attributions["speaker_start"].iloc[i]), int(attributions["speaker_end"].iloc[i])
        if start < 0 or end <= start:
            res = {"resolved_by": "no_speaker"}
        else:
            res = _resolve_one(art, start, end)
            art.speaker_starts.update(m.start for m in art.mentions
                                      if m.kind == "person" and m.actor == res.get("speaker_name") and start <= m.start < end)
            span = _speaker_span(doc, start, end)  # the head _resolve_one read, for a later "the official"
            if span is not None and not res.get("speaker_name") and res.get("group", UNRESOLVED) != UNRESOLVED:
                art.unnamed_speakers.append((start, span.root.lemma_.lower(), span.root.tag_ in ("NNS", "NNPS"), res))
        res = {"speaker_text": text[start:end] if start >= 0 else "", "speaker_name": "", "role": "",
               "role_category": "", "affiliation": "", "country": "", "group": UNRESOLVED, **res}
        if res["group"] == UNRESOLVED and res["resolved_by"] not in ("no_speaker", "first_person"):
            res["resolved_by"] = UNRESOLVED if not res["speaker_name"] else res["resolved_by"] + "_no_role"
        results[i] = {k: res[k] for k in SPEAKER_COLUMNS}
    for i in order:
        if results[i]["resolved_by"] == "first_person":
            results[i] = {**results[i], **_quote_speaker(art, attributions, results, i, quotes)}
    extra = pd.DataFrame([results[i] for i in range(len(attributions))], columns=SPEAKER_COLUMNS, index=attributions.index)
    return pd.concat([attributions, extra], axis=1)


def country_named(text: str, aliases: dict) -> str:
    """The first state named in ``text`` by its name, demonym or capital ("" if none): the country a speaker's own
    words give ("China's National Health Commission", "head of the Norwegian Refugee Council").

    Example:
        >>> from analysis.annotate.actors.tables import load_tables
        >>> aliases = load_tables().aliases
        >>> [country_named(t, aliases) for t in ("China\u2019s National Health Commission", "New Mexico officials", "a spokesman")]
        ['China', 'United States', '']
    """
    words = re.findall(r"[A-Z][\w.]*(?:[\u2019']s)?", text or "")
    k = 0
    while k < len(words):
        for n in (2, 1):  # the longer name first: "New Mexico" is a US state, not Mexico
            hit = aliases.get(fold(" ".join(words[k:k + n]))) if k + n <= len(words) else None
            if hit is not None:
                if hit.kind in ("state", "demonym", "capital", "region", "place"):
                    return hit.country
                k += n - 1
                break
        k += 1
    return ""


def qualify_by_corpus(speakers: pd.DataFrame, *, share: float = 0.8, min_rows: int = 5,
                      aliases: dict | None = None) -> pd.DataFrame:
    """Give an unqualified state group ("Government", "Judiciary", "Anonymous") the country its row's own words
    name (speaker, role, affiliation; with ``aliases``, the actor tables' index), else the country that at least
    ``share`` of the corpus's qualified rows of the same category name, when there are ``min_rows`` of them:
    in a corpus where 95% of government speakers with a known country are American, "Government" is
    "Government: United States"; where they are split between two states it stays unqualified.
    Legislators are qualified by party, which a country cannot give, so they are left as they are.

    Example:
        >>> s = pd.DataFrame({"group": ["Government"] + ["Government: United States"] * 5,
        ...                   "role_category": ["government"] * 6, "resolved_by": ["name"] * 6})
        >>> qualify_by_corpus(s)["group"].tolist()[0]
        'Government: United States'
    """
    out = speakers.copy()
    for category in sorted(set(out["role_category"])):
        if not category or (category not in STATE_CATEGORIES and category not in UNNAMED_CATEGORIES) or category == "legislator":
            continue
        label = group_label(category)
        rows = out["role_category"] == category
        bare = rows & (out["group"] == label) & ~out["resolved_by"].str.contains("+several_countries", regex=False)
        if aliases is not None and bare.any():
            columns = [c for c in ("speaker", "role", "affiliation") if c in out]
            words = out.loc[bare, columns].fillna("").astype(str).agg(" ".join, axis=1)
            if "speaker_name" in out:  # a person's own name is not a country cue ("Jim Jordan"); a body's name is
                names = out.loc[bare, "speaker_name"].fillna("")
                bodies = out.loc[bare, "resolved_by"].fillna("").str.startswith("organisation")
                words = [w.replace(name, " ") if name and not body else w for w, name, body in zip(words, names, bodies)]
            named = pd.Series([country_named(w, aliases) for w in words], index=out.index[bare])
            named = named[named != ""]
            out.loc[named.index, "group"] = [group_label(category, country=c) for c in named]
            out.loc[named.index, "resolved_by"] = out.loc[named.index, "resolved_by"] + "+country_named"
            bare = rows & (out["group"] == label) & ~out["resolved_by"].str.contains("+several_countries", regex=False)
        qualified = out.loc[rows & out["group"].str.startswith(label + ": "), "group"]
        if len(qualified) < min_rows:
            continue
        top, n = Counter(qualified).most_common(1)[0]
        if n >= share * len(qualified) and bare.any():
            out.loc[bare, "group"] = top
            out.loc[bare, "resolved_by"] = out.loc[bare, "resolved_by"] + "+corpus_country"
    return out


def _party_groups(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """The (group, category) of each legislator row qualified by a party, not by the country alone.

    Example:
        >>> rows = pd.DataFrame({"group": ["Legislator: United States", "Legislator: Democratic Party", "Legislator"],
        ...                      "role_category": ["legislator"] * 3, "country": ["United States"] * 3})
        >>> _party_groups(rows)
        [('Legislator: Democratic Party', 'legislator')]
    """
    countries = rows["country"].fillna("").astype(str) if "country" in rows else pd.Series("", index=rows.index)
    label = CATEGORY_LABELS["legislator"]
    return [(g, c) for g, c, country in zip(rows["group"], rows["role_category"], countries)
            if c == "legislator" and g.startswith(label + ": ") and g != f"{label}: {country}"]


def fill_from_corpus(speakers: pd.DataFrame, canonical: pd.DataFrame) -> pd.DataFrame:
    """Give every named speaker one group across the corpus: the most frequent group the same corpus actor has
    from a current role (ties broken by name). A speaker left unresolved in one article, described there only
    by a former office ("former Florida governor Jeb Bush"), or introduced by another of their roles
    ("Judiciary Committee Chairman Chuck Grassley" / "Sen. Chuck Grassley") speaks for the same side
    everywhere, so an outlet's share of a group does not depend on how it introduced the person. A part in
    the story given in two or more articles (accuser, victim, witness, survivor, whistleblower) outranks an
    occupation: the accuser who is a professor speaks as a citizen/witness.

    Args:
        speakers: rows of :func:`resolve_speakers` of many articles with an ``article_id`` column.
        canonical: :func:`mentions.canonical_actors` of the same articles.

    Example:
        >>> s = pd.DataFrame({"article_id": ["a", "b"], "speaker_name": ["Trump", "Donald Trump"],
        ...                   "group": ["unresolved", "Government: United States"], "role_category": ["", "government"],
        ...                   "resolved_by": ["name_no_role", "name"]})
        >>> c = pd.DataFrame({"article_id": ["a", "b"], "actor": ["Trump", "Donald Trump"], "corpus_actor": ["Donald Trump"] * 2})
        >>> fill_from_corpus(s, c)["group"].tolist()
        ['Government: United States', 'Government: United States']
    """
    key = dict(zip(zip(canonical["article_id"], canonical["actor"]), canonical["corpus_actor"]))
    out = speakers.copy()
    out["corpus_actor"] = [key.get((a, n), n) for a, n in zip(out["article_id"], out["speaker_name"])]
    former = out["resolved_by"].str.contains("former_role", regex=False)
    chamber = out["resolved_by"].str.contains("+chamber", regex=False)  # "Senate Republicans" stay legislators
    known = out[(out["group"] != UNRESOLVED) & (out["corpus_actor"] != "") & ~former & ~chamber]
    best: dict = {}
    for actor, rows in known.groupby("corpus_actor", sort=True):
        counts = Counter(zip(rows["group"], rows["role_category"]))
        top = max(sorted(counts), key=lambda g: counts[g])
        roles = rows["role"].fillna("").astype(str) if "role" in rows else pd.Series("", index=rows.index)
        story = roles.str.lower().str.contains(STORY_ROLES_PATTERN)
        if rows.loc[story, "article_id"].nunique() >= 2:
            # "Kavanaugh's accuser, a psychology professor": her part in the story, not her job
            best[actor] = (group_label("citizen"), "citizen")
            continue
        # "Government" most often, "Government: United States" where an outlet said which: the qualified form
        refined = [g for g in sorted(counts) if g[0].startswith(top[0] + ": ")]
        best[actor] = max(refined, key=lambda g: counts[g]) if refined else top
        # a legislator's party says more than the country a title gave ("House Speaker": Legislator: United States;
        # "Speaker Nancy Pelosi (D-Calif.)": Legislator: Democratic Party): the party, where any article gives it
        partisan = Counter(g for g in _party_groups(rows) if counts[g])
        if best[actor][1] == "legislator" and partisan:
            best[actor] = max(sorted(partisan), key=lambda g: partisan[g])
    # an unqualified group ("Government") takes the side the same actor has elsewhere ("Government: United States")
    unqualified = [(g != UNRESOLVED and ":" not in g and a in best and best[a][0].startswith(g + ":"))
                   for g, a in zip(out["group"], out["corpus_actor"])]
    named = out["corpus_actor"].isin(best) & ~out["group"].str.startswith(tuple(CATEGORY_LABELS[c] for c in UNNAMED_CATEGORIES)) \
        & ~chamber
    fill = (named & (out["group"] != pd.Series([best.get(a, ("",))[0] for a in out["corpus_actor"]], index=out.index))) \
        | pd.Series(unqualified, index=out.index)
    out.loc[fill, "group"] = [best[a][0] for a in out.loc[fill, "corpus_actor"]]
    out.loc[fill, "role_category"] = [best[a][1] for a in out.loc[fill, "corpus_actor"]]
    out.loc[fill, "resolved_by"] = out.loc[fill, "resolved_by"] + "+corpus"
    return out
