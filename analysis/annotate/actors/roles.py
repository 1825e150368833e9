"""Role descriptions around a name: titles before it, appositives beside it, "(D-N.Y.)" after it.

A description is read into a :class:`Role`: the words that give the role, its category (the
vocabulary of :data:`tables.ROLE_CATEGORIES`), the party and the country it speaks for, and a
gender cue. Used by :mod:`mentions` (affiliation of a person) and :mod:`speakers` (role and group).

Example:
    >>> from analysis.resources import Resources; from analysis.annotate.actors.tables import load_tables
    >>> doc = Resources().nlp()("Iran's UN ambassador Majid Takht-Ravanchi spoke.")
    >>> r = describe(doc[0:4], load_tables())
    >>> (r.role, r.category, r.country)
    ("Iran's UN ambassador", 'diplomat', 'Iran')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .tables import STATE_CATEGORIES, ActorTables, fold

# Roles that take their category from the organisation named beside them
# ("a spokesman for the Red Cross" is advocacy, "director of the CDC" government).
INHERITING_ROLES = {"spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "chair",
                    "president", "executive director", "head", "leader", "member", "official", "officials",
                    "founder", "executive", "manager", "officer", "adviser", "advisor", "aide", "employee",
                    "commissioner", "administrator", "secretary", "deputy", "agent", "counsel", "attorney",
                    "lawyer", "fellow", "senior fellow", "analyst", "researcher", "scientist", "economist",
                    "press secretary", "consultant", "strategist", "general counsel", "chief",
                    # a body's representative is the body's: "a company representative", "the U.N. representative for
                    # the International Federation of Red Cross" (read in the ABP coronavirus corpus); a legislator
                    # is told by the title ("Representative Elise Stefanik", "Rep.") or by the chamber
                    "representative"}
# the tag ends at a comma or a parenthesis, or at the sentence's end ("Rep. Pramila Jayapal, D-Wash. She said ...")
# or National Review's "(R., La.)"
_PARTY_AFTER = re.compile(r"^\s*(?:MORE\s*)?[,(]\s*([A-Z][a-z]{0,2})\s*(?:[-–]|\.,)\s*([A-Z][A-Za-z. ]{0,14}?)\s*(?:[,)]|(?<=\.)(?=\s|$))")
_PARTY_ALONE = re.compile(r"^\s*(?:MORE\s*)?\(([DRI])\)")
# roles that speak for the person they work for: a legislator's staff speak for the legislator
STAFF_ROLES = {"spokesman", "spokeswoman", "spokesperson", "press secretary", "aide", "communications director",
               "chief of staff", "senior aide", "top aide"}


@dataclass(frozen=True)
class Role:
    """What a description says about an actor. Empty strings where it says nothing."""

    role: str = ""
    category: str = ""
    country: str = ""
    party: str = ""
    organisation: str = ""
    gender: str = ""
    former: bool = False
    party_only: bool = False  # the category comes from a party word alone ("Republican Donald Trump")

    def merged(self, other: "Role") -> "Role":
        """This role with the blanks filled from ``other``."""
        return Role(*(a if a not in ("", False) else b for a, b in zip(self.__dict__.values(), other.__dict__.values())))


def _match_role(words: list[str], tables: ActorTables, named: list[bool] | None = None) -> tuple[int, int, str, str]:
    """The rightmost longest role phrase in ``words`` (lower case): (start, end, category, gender). Words flagged
    in ``named`` belong to an organisation's or a building's name ("Massachusetts General Hospital") and are
    not roles."""
    best = (-1, -1, "", "")
    n = len(words)
    for i in range(n):
        for size in range(min(tables.max_role_words, n - i), 0, -1):
            if named is not None and all(named[i:i + size]):
                continue
            phrase = " ".join(words[i:i + size])
            hit = tables.role_words.get(phrase)
            if hit is None and size == 1 and phrase.endswith("s") and phrase[:-1] in tables.role_words:
                hit = tables.role_words[phrase[:-1]]
            if hit is not None:
                end = i + size
                if end > best[1] or (end == best[1] and i < best[0]):
                    best = (i, end, hit[0], hit[1])
                break
    return best


def organisation_category(name: str, tables: ActorTables) -> tuple[str, str]:
    """(category, country) of an organisation's name from institutions.csv or the words of its name.

    Example:
        >>> from analysis.annotate.actors.tables import load_tables
        >>> organisation_category("Yale University", load_tables())
        ('expert', '')
    """
    hit = tables.aliases.get(fold(name))
    if hit is not None and hit.kind in ("organisation", "party"):
        return hit.role_category, hit.country
    words = fold(name).split()
    for size in (2, 1):
        for i in range(len(words) - size, -1, -1):
            cat = tables.org_words.get(" ".join(words[i:i + size]))
            if cat:
                return cat, ""
    return "", ""


def entities_in(span) -> list:
    """The named entities inside ``span``, read from its tokens (``Span.ents`` rescans the whole Doc)."""
    out, start = [], None
    doc = span.doc
    for t in span:
        if t.ent_iob_ == "B" or (t.ent_iob_ == "I" and start is None):
            if start is not None:
                out.append(doc[start:t.i])
            start = t.i
        elif t.ent_iob_ != "I" and start is not None:
            out.append(doc[start:t.i])
            start = None
    if start is not None:
        out.append(doc[start:span.end])
    return [e for e in (doc.char_span(e.start_char, e.end_char, label=doc[e.start].ent_type_) for e in out) if e is not None]


def describe(span, tables: ActorTables) -> Role:
    """Read one description (a spaCy Span of titles, an appositive, a role noun phrase) into a :class:`Role`.

    Named entities inside it give the country, party or organisation; a role word gives the category;
    a role such as "spokesman" takes the category of the organisation it names.
    """
    tokens = [t for t in span if not t.is_punct or t.text in ("-", "'s", "’s")]
    if not tokens:
        return Role()
    head = tables.aliases.get(span.root.lower_) if len(span) else None
    if span.root.tag_ in ("NNS", "NNPS") and head is not None and head.kind == "party":
        return Role()  # "Republicans in Congress" (a list item parsed as an appositive) names a group, not one person
    words = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    named = [t.ent_type_ in ("ORG", "FAC") and t.ent_iob_ == "I" for t in tokens]  # inside a name, not its first word
    i, j, category, gender = _match_role(words, tables, named)
    if i < 0:
        i, j, category, gender = _match_role(lemmas, tables, named)
    for t in tokens:
        title = tables.titles.get(t.text)
        if title is not None:
            gender = gender or title.gender
            if not category and title.role_category:
                category = title.role_category
                i, j = (t.i - tokens[0].i, t.i - tokens[0].i + 1) if i < 0 else (i, j)
    role_phrase = " ".join(words[i:j]) if i >= 0 else ""
    country = party = organisation = ""
    org_category = ""
    unknown_body = False
    for ent in entities_in(span):
        hit = tables.aliases.get(fold(ent.text))
        if ent.label_ in ("GPE", "NORP") and hit is not None and hit.kind in ("state", "demonym", "capital", "region"):
            country = country or hit.country
        elif hit is not None and hit.kind == "party":
            party, country = party or hit.actor, country or hit.country
            if ent.label_ == "ORG" and not organisation:  # "Republican National Committee research director"
                organisation, org_category = hit.actor, "party/campaign"
        elif ent.label_ in ("ORG", "FAC") or (hit is not None and hit.kind == "organisation"):
            cat, org_country = organisation_category(ent.text, tables)
            if cat and not organisation:
                organisation, org_category = (hit.actor if hit else ent.text), cat
            unknown_body = unknown_body or not cat
            country = country or org_country
    for t in tokens:  # party adjectives the NER leaves out ("Democratic senator")
        hit = tables.aliases.get(t.lower_) if t.text[:1].isupper() else None
        if hit is not None and hit.kind == "party" and not party:
            party, country = hit.actor, country or hit.country
    if ("campaign" in lemmas or "party" in lemmas) and (not category or role_phrase in INHERITING_ROLES):
        category = "party/campaign"
    elif org_category and (not category or role_phrase in INHERITING_ROLES):
        category = org_category
    elif role_phrase in INHERITING_ROLES and unknown_body:
        # "AHIP President Karen Ignagni": the role of a body whose side the tables do not know is not the state's
        category = ""
    elif role_phrase in INHERITING_ROLES:
        # a body described by its kind, or named where the tagger saw no name: "an insurance industry spokesman",
        # "a company spokeswoman", "spokesman with America's Health Insurance Plans"
        kinds = [tables.org_words[w] for w in words[:max(i, 0)] + words[j:] if w in tables.org_words]
        category = kinds[-1] if kinds else category
    if role_phrase in STAFF_ROLES and any(getattr(tables.titles.get(t.text), "role_category", "") == "legislator"
                                          for t in tokens[max(j, 0):]):
        # "a spokesman for Sen. Chuck Grassley (R-Iowa)" speaks for a legislator, not for the government
        category = "legislator"
        for ent in (e for e in entities_in(span) if e.label_ == "PERSON" and not party):
            tag = party_after(span.doc.text, ent.end_char, tables)  # the principal's "(R-Iowa)"
            party, country = tag.party, country or tag.country
    party_only = not category and bool(party)
    if party_only:
        category = "party/campaign"
    former = bool({"former", "ex", "then", "late", "onetime", "retired", "ex-"} & set(words[:max(i, 0) + 1] if i >= 0 else words))
    if former and i >= 0 and "now" in words[j:]:
        # "a former senior U.S. diplomat now with the Asia Society Policy Institute" speaks for what they are now
        now = tokens[j + words[j:].index("now")].i
        for ent in entities_in(span):
            cat = organisation_category(ent.text, tables)[0] if ent.start > now and ent.label_ in ("ORG", "FAC") else ""
            if cat:
                category, country, organisation, former = cat, "", ent.text, False
                break
    text = span.text.strip(" ,;:()\"“”")
    text = re.sub(r"^(?:the|a|an|The|A|An)\s+", "", text)
    return Role(text if (category or country or party or organisation) else "", category, country, party,
                organisation, gender, former, party_only)


def sentence_ids(doc) -> tuple[list[int], list[int]]:
    """(sentence number of every token, first token of every sentence), read once from the parse.

    Example:
        >>> from analysis.resources import Resources
        >>> sentence_ids(Resources().nlp()("He spoke. She left."))
        ([0, 0, 0, 1, 1, 1], [0, 3])
    """
    from spacy.attrs import SENT_START

    flags = doc.to_array([SENT_START]).reshape(-1)
    starts = [0] + [int(i) for i in (flags == 1).nonzero()[0] if i > 0]
    ids = [0] * len(doc)
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(doc)
        ids[s:end] = [k] * (end - s)
    return ids, starts


def title_before(doc, start: int, root, sent_start: int):
    """The title words written before a name whose first token is ``start`` ("Sen.", "Iran's UN ambassador"),
    not reaching before the sentence's first token ``sent_start``."""
    left = start
    while left - 1 >= sent_start:
        t = doc[left - 1]
        if t.dep_ in ("det", "cc", "punct") and t.text not in ("-",) or t.ent_type_ == "PERSON" and t.i < start:
            break
        if t.pos_ == "VERB" or "\n" in t.text:
            break
        if root not in t.ancestors and t.head.i not in range(left, start + 1):
            break
        left -= 1
    if left < start and doc[left].text == "-" and left - 1 >= sent_start and not doc[left - 1].whitespace_:
        left -= 1  # "ex-president Bill Clinton": the word the hyphen joins is part of the title, however it parses
    return doc[left:start] if left < start else None


def appositives(doc, root) -> list:
    """Appositive descriptions of a name: its own appos children, or the noun it is the appositive of."""
    out = []
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN"):
            sub = [t for t in child.subtree if t.dep_ != "relcl" and not any(a.dep_ == "relcl" for a in t.ancestors if a.i > child.i)]
            verb = next((t.i for t in sub if t.pos_ == "VERB"), None)
            if verb is not None:  # "Tuesday, the start of the fiscal year, by lambasting the Republicans": a clause
                sub = [t for t in sub if t.i < verb]
            if sub:
                end = sub[-1].i + 1
                # "…, a former U.S. diplomat now with the Asia Society": the parser hangs "now with …" on the name
                now = doc[end] if end < len(doc) and doc[end].lower_ == "now" and doc[end].head == root else None
                if now is not None and end + 1 < len(doc) and doc[end + 1].dep_ == "prep" and doc[end + 1].head == root:
                    end = max(t.i for t in doc[end + 1].subtree) + 1
                out.append(doc[sub[0].i:end])
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.ent_type_ != "PERSON":
        head = root.head
        sub = [t for t in head.subtree if t.i < root.i and root not in t.ancestors and t is not root]
        if sub:
            out.append(doc[sub[0].i:sub[-1].i + 1])
    return out


def party_after(text: str, end: int, tables: ActorTables) -> Role:
    """The "(D-N.Y.)" / ", R-Texas," written right after a name ending at character ``end``.

    Example:
        >>> from analysis.annotate.actors.tables import load_tables
        >>> r = party_after("Sen. Chuck Schumer (D-N.Y.) said", 18, load_tables())
        >>> (r.party, r.country, r.category)
        ('Democratic Party', 'United States', 'legislator')
        >>> party_after("focused on Rep. Pramila Jayapal, D-Wash. She said", 31, load_tables()).party
        'Democratic Party'
        >>> party_after("Representative Mike Johnson (R., La.) asked", 27, load_tables()).party
        'Republican Party'
    """
    after = text[end:end + 40]
    m = _PARTY_AFTER.match(after)
    if m and m.group(1) in tables.party_codes:
        region = m.group(2).strip()
        if region in tables.region_abbrevs or fold(region) in tables.aliases or region.rstrip(".") in tables.region_abbrevs:
            party, country = tables.party_codes[m.group(1)]
            return Role(m.group(0).strip(" ,"), "legislator", country, party)
    m = _PARTY_ALONE.match(after)
    if m:
        party, country = tables.party_codes[m.group(1)]
        return Role(m.group(0).strip(" ,"), "", country, party)
    return Role()


def best_role(roles: list[Role]) -> Role:
    """One role from all descriptions of an actor in an article: the most frequent current category,
    its first description, with blanks filled from the others (a former office counts last)."""
    current = [r for r in roles if r.category and not r.former]
    pool = current or [r for r in roles if r.category]
    if not pool:
        out = Role()
    else:
        counts: dict = {}
        for r in pool:  # a bare party word ("Republican") weighs less than an office ("Sen.")
            weight = 0.4 if r.party_only else 1
            counts[r.category] = counts.get(r.category, 0) + weight
        # Legislator and party roles outrank the generic ones a title chain also gives.
        top = max(counts, key=lambda c: (counts[c] + (0.5 if c in STATE_CATEGORIES or c == "party/campaign" else 0),
                                         -[r.category for r in pool].index(c)))
        out = next(r for r in pool if r.category == top)
    for r in roles:
        out = out.merged(replace(r, role="", category="") if out.role else r)
    return out
