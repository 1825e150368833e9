"""The attribution lens: who speaks in each outlet's story, and how the outlet introduces them.

:func:`extract` finds every attribution in one article text: direct quotes (any quote-mark
style, several sentences long, interrupted by "he said", opened in one paragraph and closed
in a later one), partial quotes, indirect speech ("X said (that) ...", "X told reporters ...",
"X accused Y of ..."), passive reports ("was quoted as saying", "the officials are cited as
saying", "was said to"), "according to X", hedges ("reportedly") and written sources ("the
letter states", "wrote on Twitter"). Each row gives the speaker as written, the speaker
resolved inside the article (pronouns, surnames and role nouns such as "the secretary" go to
the full name mentioned earlier), a canonical name (:func:`analysis.actors.canonical_actor`),
the speaker's group, the cue with its lemma and stance class, the content, the kind
(``direct``, ``partial``, ``indirect``, ``according_to``) and character offsets into the text
(``-1`` where there is no speaker span, e.g. "reportedly").

Rule tables a user can read and extend:

- ``analysis/data/reporting_verbs.csv``: cue, lemma, stance class (neutral, distancing,
  confirming, accusing, conceding), form (verb, phrase, noun, adverb, marker) and source
  (issue 4's taxonomy; Wikipedia's Manual of Style "words to watch", MOS:SAID and MOS:CLAIM;
  the project's reading of wire copy).
- ``analysis/data/speaker_groups.csv``: regular expressions for unnamed sources, media,
  institutions and countries -> speaker group (the groups of ``actors.csv``), applied in order
  after the actor table.

Grammar words that are not groups live here as constants: pronouns, the nouns that speak for
their owner ("his office", "the ministry's spokesman") and the role nouns used to find a
speaker's antecedent.

Method: each paragraph is parsed once with spaCy (``analysis.nlp.get_nlp``; paragraphs never
share a sentence); quote marks are paired per paragraph, with the wire convention that a
quote left open at a paragraph end continues when the next paragraph opens with a quote mark.
Cues come from the dependency parse (a reporting verb with a content clause, or a quote next
to it); speakers from the subject, the passive agent, or the subject of the governing verb.
No attribution crosses a paragraph break unless the quote itself spans the break.

Example:
    >>> rows = extract('"We know that wasn\\'t true," Pompeo told reporters.')
    >>> rows[["speaker_canonical", "cue", "cue_class", "kind", "content"]].values.tolist()
    [['Mike Pompeo', 'told', 'neutral', 'direct', "We know that wasn't true"]]
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import actors as actor_table
from . import io, plots, stats
from .clean import paragraph_spans
from .nlp import get_nlp, parse_docs, sentence_spans

ATTRIBUTION_COLUMNS = [
    "speaker", "speaker_resolved", "speaker_canonical", "speaker_group",
    "cue", "cue_lemma", "cue_class", "content", "kind",
    "speaker_start", "speaker_end", "cue_start", "cue_end", "content_start", "content_end",
]
KINDS = ("direct", "partial", "indirect", "according_to")
CUE_CLASSES = ("neutral", "distancing", "confirming", "accusing", "conceding")
GROUPS = (
    "US government", "Iranian government and IRGC", "Iraqi government", "Iraqi militias",
    "NATO and allied governments", "Other governments and international bodies", "Media",
    "Anonymous sources", "Other",
)
ANONYMOUS = "Anonymous sources"
UNNAMED_SOURCE = "unnamed source"
VERB_COLUMNS = ["cue", "lemma", "class", "form", "source", "note"]
GROUP_COLUMNS = ["pattern", "group", "kind", "applies_to", "source", "note"]

# Grammar, not groups: these stay in code.
_PERSONAL_PRONOUNS = {"he", "she", "him", "her", "they", "them", "it", "we", "i", "you"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
# Nouns that speak for their owner: "his office said" is the owner speaking.
_SPEAKS_FOR = {
    "office", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "government",
    "administration", "authorities", "ministry", "leader", "leaders", "leadership", "embassy",
    "mission", "campaign", "delegation", "letter", "statement", "resolution", "memo",
    "document", "tweet", "post", "report", "ruling", "opinion", "decision", "order",
}
# Head nouns naming a person (pronoun antecedents "he"/"she").
_PERSON_ROLES = {
    "official", "minister", "spokesman", "spokeswoman", "spokesperson", "president", "secretary",
    "general", "chief", "governor", "ambassador", "diplomat", "officer", "lawmaker", "senator",
    "envoy", "chairman", "chairwoman", "commander", "head", "leader", "director", "judge",
    "lawyer", "attorney", "analyst", "economist", "expert", "witness", "resident", "source",
    "aide", "adviser", "advisor", "prosecutor", "mayor", "premier", "chancellor", "king",
    "prince", "cleric", "ayatollah", "sheriff", "coach", "player", "doctor", "researcher",
    "scientist", "executive", "ceo", "founder", "manager", "member", "mp", "deputy", "farmer",
    "volunteer", "activist", "candidate", "man", "woman", "professor", "editor", "correspondent",
}
_FEMALE = {"she", "her", "spokeswoman", "chairwoman", "woman", "ms.", "mrs.", "ms", "mrs", "miss",
           "queen", "princess", "mother", "daughter", "wife", "girl", "congresswoman"}
_MALE = {"he", "him", "his", "spokesman", "chairman", "man", "mr.", "mr", "king", "prince",
         "father", "son", "husband", "boy", "congressman"}
_TITLES = {"spokesperson", "spokeswoman", "spokesman", "governor", "president", "minister", "secretary",
           "chancellor", "senator", "representative", "mayor", "judge", "justice", "chief", "coach",
           "commander", "general", "ambassador", "envoy", "sheriff", "director", "chairman", "chairwoman",
           "chair", "chairperson", "speaker", "member", "councillor", "councilor", "manager", "officer"}
_ORG_NOUNS = {
    "ministry", "department", "company", "firm", "agency", "government", "administration", "group",
    "organization", "organisation", "court", "bank", "council", "army", "military", "police", "party",
    "union", "committee", "office", "embassy", "letter", "statement", "report", "study", "ruling",
    "panel", "alliance", "coalition", "command", "authority", "authorities", "parliament", "state",
    "country", "kremlin", "newspaper", "outlet", "broadcaster", "channel", "network", "team", "club",
    "campaign", "board", "commission", "institute", "university", "foundation", "charity", "force",
}
_PARTICLES = {"bin", "ibn", "bint", "al", "el", "de", "da", "van", "von", "der", "la", "le", "du", "dos", "del", "abu", "-"}
_TITLE_WORDS = _TITLES | {
    "foreign", "interior", "defense", "defence", "finance", "health", "prime", "vice", "deputy", "energy",
    "economy", "attorney", "police", "climate", "former", "interim", "acting", "prince", "princess", "king",
    "queen", "sheikh", "ayatollah", "grand", "dr", "mr", "mrs", "ms", "gen", "maj", "lt", "col", "sgt", "sen",
    "rep", "gov", "prof", "adm", "capt", "brig", "lord", "lady", "sir", "dame", "pope", "rev", "major",
    "brigadier", "lieutenant", "colonel", "admiral", "captain", "sergeant", "state", "campaign", "u.s.", "us",
    "supreme", "leader", "head", "officer", "executive", "ceo", "cleric", "kremlin", "white", "house",
}
# Words that make a run of proper nouns an organisation or place rather than a person's name.
_ORG_WORDS = {
    "organization", "organisation", "bank", "party", "department", "ministry", "court", "council", "group",
    "news", "agency", "union", "forces", "force", "command", "police", "university", "foundation", "corps",
    "post", "times", "fund", "association", "house", "office", "army", "navy", "guard", "guards", "committee",
    "commission", "company", "corporation", "inc", "ltd", "reserve", "service", "services", "institute",
    "network", "league", "nations", "republic", "states", "embassy", "airport", "media", "press", "tv",
    "radio", "international", "center", "centre", "hospital", "school", "club", "federation", "authority",
    "assembly", "congress", "senate", "parliament", "government", "administration", "journal", "review",
    "alliance", "coalition", "frontieres", "emirates", "kingdom", "airlines", "systems", "technologies",
}
_MEDIA_ROLES = {"outlet", "newspaper", "paper", "agency", "broadcaster", "daily", "channel",
                "network", "magazine", "website", "publication"}
_DETERMINERS = re.compile(
    r"^(?:the|a|an|one|two|three|four|several|some|many|other|another|both|this|that|these|those)\s+",
    re.I,
)
# Verbs whose dependent, not a subject, names a negated or refused report ("declined to say").
_NOT_REPORTED = {"decline", "refuse", "fail", "stop", "avoid", "ask", "urge", "want", "seek", "try", "plan",
                 "hope", "expect", "need", "intend", "wish", "be", "have", "call", "prepare", "decide"}
_NOT_CONTENT_XCOMP_HEADS = {"seek", "try", "begin", "start", "want", "plan", "continue", "need"}
_QUOTE_OPEN = "\u201c\u201e\u00ab\u201f"
_QUOTE_CLOSE = "\u201d\u00bb"
_DOUBLE_MARKS = _QUOTE_OPEN + _QUOTE_CLOSE + '"'
_SINGLE_MARKS = "\u2018\u2019'"
_ALL_MARKS = _DOUBLE_MARKS + _SINGLE_MARKS
_TERMINAL = ".?!\u2026"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SPACE_LIKE = str.maketrans({"\xa0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ",
                             "\r": " ", "\u2007": " ", "\u200b": " "})
_ENGLISH_FUNCTION_WORDS = {
    "the", "a", "an", "of", "to", "in", "and", "or", "is", "was", "are", "were", "that", "it",
    "for", "on", "with", "as", "by", "he", "she", "they", "said", "at", "from", "has", "have",
    "had", "be", "this", "his", "her", "their", "not", "but", "will", "would",
}


# --------------------------------------------------------------------------------------
# Rule tables
# --------------------------------------------------------------------------------------


def load_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Read the reporting-verb table (the packaged one by default) and check it.

    Rows with a class outside :data:`CUE_CLASSES` are dropped with a warning.

    Example:
        >>> verbs = load_reporting_verbs()
        >>> verbs.loc[verbs["lemma"] == "claim", "class"].iloc[0]
        'distancing'
    """
    path, table = io.read_rule_table(path, "reporting_verbs.csv", kind="reporting-verb", required=["lemma", "class", "form"],
                                     columns=VERB_COLUMNS)
    table["lemma"] = table["lemma"].str.strip().str.lower()
    bad = ~table["class"].isin(CUE_CLASSES)
    if bad.any():
        warnings.warn(f"{path}: rows with unknown class {sorted(set(table.loc[bad, 'class']))} skipped; "
                      f"classes are {CUE_CLASSES}", stacklevel=2)
    return table.loc[~bad, VERB_COLUMNS].reset_index(drop=True)


def load_speaker_groups(path: str | Path | None = None) -> pd.DataFrame:
    """Read the speaker-group table (the packaged one by default); invalid patterns are skipped with a warning.

    Example:
        >>> groups = load_speaker_groups()
        >>> "Anonymous sources" in set(groups["group"])
        True
    """
    path, table = io.read_rule_table(path, "speaker_groups.csv", kind="speaker-group", required=["pattern", "group", "kind", "applies_to"],
                                     columns=GROUP_COLUMNS)
    keep = []
    for pattern in table["pattern"]:
        try:
            re.compile(pattern)
            keep.append(True)
        except re.error as err:
            warnings.warn(f"{path}: pattern {pattern!r} is not a valid regular expression ({err}); row skipped",
                          stacklevel=2)
            keep.append(False)
    unknown = set(table["group"]) - set(GROUPS) - {""}
    if unknown:
        warnings.warn(f"{path}: groups {sorted(unknown)} are not among {GROUPS}", stacklevel=2)
    return table.loc[keep, GROUP_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class _Rules:
    verbs: dict
    nouns: dict
    adverbs: dict
    group_rows: tuple
    government_roles: tuple
    actors: pd.DataFrame = field(compare=False, hash=False)


@lru_cache(maxsize=4)
def _default_rules() -> _Rules:
    return _make_rules(load_reporting_verbs(), load_speaker_groups(), actor_table.load_actors())


def _make_rules(verbs: pd.DataFrame, groups: pd.DataFrame, actors: pd.DataFrame) -> _Rules:
    by_form = {form: {} for form in ("verb", "phrase", "noun", "adverb", "marker")}
    for form, lemma, cls in zip(verbs["form"], verbs["lemma"], verbs["class"]):
        by_form.setdefault(form, {})[lemma] = cls
    verb_map = {**by_form["verb"], **by_form["phrase"]}
    group_rows, roles = [], []
    for row in groups.itertuples(index=False):
        compiled = re.compile(row.pattern)
        if row.kind == "government_role":
            roles.append(compiled)
        else:
            group_rows.append((compiled, row.group, row.kind, row.applies_to or "core"))
    return _Rules(verb_map, by_form["noun"], by_form["adverb"], tuple(group_rows), tuple(roles), actors)


# --------------------------------------------------------------------------------------
# Paragraphs and quotes
# --------------------------------------------------------------------------------------




@dataclass
class _Quote:
    open: int
    close: int  # position of the closing mark, -1 when the quote never closes
    start: int  # content start
    end: int  # content end (exclusive)
    para_first: int
    para_last: int
    style: str
    closed: bool = True


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the quote mark at ``i`` within paragraph [lo, hi)."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left_edge = prev.isspace() or prev in "([{\u2014\u2013-/:;" + _ALL_MARKS
    right_edge = nxt.isspace() or nxt in ",.;:!?)]}\u2026\u2014\u2013-" + _ALL_MARKS
    starts_text = nxt.isalnum() or nxt in "([{$\u00a3\u20ac#\u2026\u2014-" + _ALL_MARKS
    can_open, can_close = left_edge and starts_text, right_edge and not prev.isspace()
    if ch in _QUOTE_OPEN:
        return "close" if not can_open and (can_close or right_edge) else "open"
    if ch in _QUOTE_CLOSE:
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _find_quotes(text: str, paras: list[tuple[int, int]]) -> tuple[list[_Quote], list[str]]:
    quotes, problems = _double_quotes(text, paras)
    quotes += _single_quotes(text, paras, quotes)
    quotes.sort(key=lambda q: (q.open, -q.end))
    outer, reach = [], -1
    for q in quotes:  # keep outermost quotes only: a quote inside a quote is part of it
        if q.open < reach:
            continue
        outer.append(q)
        reach = max(reach, q.end)
    return outer, problems


def _double_quotes(text: str, paras: list[tuple[int, int]]) -> tuple[list[_Quote], list[str]]:
    quotes, problems = [], []
    carry = None  # (open position, first paragraph) of a quote continuing into the next paragraph
    for pi, (lo, hi) in enumerate(paras):
        marks = [i for i in range(lo, hi) if text[i] in _DOUBLE_MARKS]
        open_at = None
        if carry is not None:
            if marks and marks[0] == lo and _mark_role(text, lo, lo, hi) != "close":
                open_at, marks = carry, marks[1:]
            else:
                prev_hi = paras[pi - 1][1]
                problems.append(f"quote opened at offset {carry[0]} is not closed before the paragraph break at {prev_hi}")
                quotes.append(_Quote(carry[0], -1, carry[0] + 1, prev_hi, carry[1], pi - 1, "double", False))
            carry = None
        for i in marks:
            role = _mark_role(text, i, lo, hi)
            if open_at is None:
                if role == "close":
                    problems.append(f"closing quote mark at offset {i} has no opening mark")
                else:
                    open_at = (i, pi)
            elif role == "open" and i > open_at[0] + 1:
                problems.append(f"quote opened at offset {open_at[0]} is not closed before another opens at {i}")
                quotes.append(_Quote(open_at[0], -1, open_at[0] + 1, i, open_at[1], pi, "double", False))
                open_at = (i, pi)
            else:
                quotes.append(_Quote(open_at[0], i, open_at[0] + 1, i, open_at[1], pi, "double"))
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] in _DOUBLE_MARKS and _mark_role(text, nxt, nxt, paras[pi + 1][1]) != "close":
                carry = open_at
            else:
                problems.append(f"quote opened at offset {open_at[0]} is not closed before the paragraph ends at {hi}")
                quotes.append(_Quote(open_at[0], -1, open_at[0] + 1, hi, open_at[1], pi, "double", False))
    if carry is not None:
        problems.append(f"quote opened at offset {carry[0]} is never closed")
        quotes.append(_Quote(carry[0], -1, carry[0] + 1, paras[-1][1], carry[1], len(paras) - 1, "double", False))
    return quotes, problems


def _single_quotes(text: str, paras: list[tuple[int, int]], doubles: list[_Quote]) -> list[_Quote]:
    """Quotes in single marks (curly or straight); unmatched marks are apostrophes and are ignored."""
    covered = [(q.open, q.close if q.close >= 0 else q.end) for q in doubles]
    quotes = []
    for pi, (lo, hi) in enumerate(paras):
        open_at = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _SINGLE_MARKS or any(a <= i <= b for a, b in covered):
                continue
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 1] if i + 1 < hi else " "
            opens = (prev.isspace() or prev in "([\u2014\u2013:" + _DOUBLE_MARKS) and (nxt.isalnum() or nxt in "$\u00a3\u20ac")
            closes = (not prev.isspace()) and not nxt.isalnum()
            if ch == "\u2019":
                opens = False
            if ch == "\u2018":
                closes = closes and not opens
            if open_at is None and opens:
                open_at = i
            elif open_at is not None and closes and i - open_at > 1:
                quotes.append(_Quote(open_at, i, open_at + 1, i, pi, pi, "single"))
                open_at = None
    return quotes


def find_quotes(text: str) -> pd.DataFrame:
    """Quotations in ``text``: mark offsets, content offsets, paragraphs, and whether each closes.

    Unbalanced quote marks give a warning naming the offset; the quote is then read as ending
    at its paragraph's end (never beyond).

    Example:
        >>> find_quotes('He said \\u201cno\\u201d and \\u2018yes\\u2019.')[["content", "style"]].values.tolist()
        [['no', 'double'], ['yes', 'single']]
    """
    text = "" if not isinstance(text, str) else text
    paras = paragraph_spans(text)
    if not paras:
        return pd.DataFrame(columns=["open", "close", "content_start", "content_end", "content",
                                     "paragraph_first", "paragraph_last", "style", "closed"])
    quotes, problems = _find_quotes(text, paras)
    for problem in problems:
        warnings.warn(f"unbalanced quote marks: {problem}", stacklevel=2)
    return pd.DataFrame(
        [(q.open, q.close, q.start, q.end, text[q.start:q.end], q.para_first, q.para_last, q.style, q.closed)
         for q in quotes],
        columns=["open", "close", "content_start", "content_end", "content",
                 "paragraph_first", "paragraph_last", "style", "closed"],
    )


# --------------------------------------------------------------------------------------
# Parsing: each paragraph once, offsets kept
# --------------------------------------------------------------------------------------


def _parse_copy(chunk: str) -> str:
    """The paragraph as the parser sees it: odd spaces made plain, same length, same offsets."""
    return chunk.translate(_SPACE_LIKE)


def _looks_english(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20:
        return True
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= 0.08


def _check_text(text, label: str) -> str | None:
    """The text to analyse, or None with a warning saying why it cannot be analysed."""
    if not isinstance(text, str):
        warnings.warn(f"{label}: text is {type(text).__name__}, not a string; no attributions", stacklevel=3)
        return None
    if not re.search(r"[^\W\d_]", text):
        if text.strip():
            warnings.warn(f"{label}: text has no words; no attributions", stacklevel=3)
        return None
    if not _looks_english(text):
        warnings.warn(f"{label}: text does not look like English (few English function words); "
                      "no attributions extracted", stacklevel=3)
        return None
    return text


def _paragraph_chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Paragraph spans, long paragraphs cut at sentence ends so the parser's limit is never hit."""
    spans = []
    for start, end in paragraph_spans(text):
        while end - start > max_chars:
            cut = max(text.rfind(". ", start, start + max_chars), text.rfind("\n", start, start + max_chars))
            cut = cut + 1 if cut > start else start + max_chars
            spans.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            spans.append((start, end))
    return spans


# --------------------------------------------------------------------------------------
# The article being read
# --------------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    head: object
    text: str
    name: str
    person: bool
    org: bool
    plural: bool
    subject: bool
    gender: str
    roles: frozenset
    para: int


@dataclass
class _Entity:
    resolved: str
    canonical: str
    group: str
    person: bool = False
    plural: bool = False
    gender: str = ""


@dataclass
class _Cue:
    para: int
    sent: object
    tok: object
    cue_start: int
    cue_end: int
    lemma: str
    cls: str
    form: str  # verb, according, noun, adverb
    speaker_tok: object = None
    anonymous: bool = False
    passive: bool = False
    content: tuple | None = None
    direct: list = field(default_factory=list)
    embedded: list = field(default_factory=list)


@dataclass
class _Article:
    text: str
    paras: list
    docs: list
    quotes: list
    rules: _Rules
    doc_para: dict = field(default_factory=dict)
    quote_opens: list = field(default_factory=list)
    actor_hits: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    mention_at: dict = field(default_factory=dict)
    resolved: dict = field(default_factory=dict)
    speaker_heads: set = field(default_factory=set)
    sentence_ends: list = field(default_factory=list)
    content_spans: dict = field(default_factory=dict)
    own_content: list = field(default_factory=list)
    para_starts: list = field(default_factory=list)
    mention_starts: list = field(default_factory=list)
    actor_starts: list = field(default_factory=list)
    chain_index: dict = field(default_factory=dict)
    name_roles: dict = field(default_factory=dict)
    name_texts: dict = field(default_factory=dict)
    chains: list = field(default_factory=list)

    def start(self, tok) -> int:
        return self.paras[self.doc_para[id(tok.doc)]][0] + tok.idx

    def end(self, tok) -> int:
        return self.start(tok) + len(tok.text)

    def para_of(self, tok) -> int:
        return self.doc_para[id(tok.doc)]

    def quote_at(self, pos: int):
        """The quote whose marks enclose ``pos`` (marks included), else None."""
        i = bisect.bisect_right(self.quote_opens, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.open <= pos <= (q.close if q.close >= 0 else q.end - 1):
                return q
        return None

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def _article(text: str, docs: list, paras: list, quotes: list, rules: _Rules) -> _Article:
    art = _Article(text, paras, docs, quotes, rules)
    art.doc_para = {id(doc): i for i, doc in enumerate(docs)}
    art.quote_opens = [q.open for q in quotes]
    normalized = re.sub(r"\bThe\b", "the", text.translate(_APOSTROPHES))
    kinds = dict(zip(rules.actors["actor"], rules.actors["kind"]))
    hits = actor_table.find_mentions(normalized, rules.actors)
    art.actor_hits = sorted((int(r.start), int(r.end), r.actor, r.group, kinds.get(r.actor, ""))
                            for r in hits.itertuples(index=False) if art.quote_at(int(r.start)) is None)
    art.actor_starts = [h[0] for h in art.actor_hits]
    art.para_starts = [lo for lo, _ in paras]
    art.sentence_ends = sorted(lo + e for lo, hi in paras for _, e in sentence_spans(text[lo:hi]))
    art.mentions = _mentions(art)
    art.mention_starts = [m.start for m in art.mentions]
    art.mention_at = {m.start: m for m in art.mentions}
    art.chains = _name_chains(art)
    for pos, full in art.chains:
        for word in set(full.split()):
            art.chain_index.setdefault(word, []).append((pos, full))
    for m in art.mentions:
        if m.name:
            art.name_roles.setdefault(m.name, set()).update(m.roles & (_TITLES | _PERSON_ROLES))
            art.name_texts.setdefault(m.name.split()[-1], []).append(m.text)
    return art


def _actors_in(art: _Article, start: int, end: int) -> list:
    lo, hi = bisect.bisect_left(art.actor_starts, start), bisect.bisect_left(art.actor_starts, end)
    return [h for h in art.actor_hits[lo:hi] if h[1] <= end]


def _para_index(art: _Article, pos: int) -> int:
    return max(0, bisect.bisect_right(art.para_starts, pos) - 1)


def _mentions_before(art: _Article, before: int, paragraphs: int) -> list:
    """Mentions ending before ``before`` in its paragraph and the ``paragraphs`` before it, latest first."""
    first_para = max(0, _para_index(art, before) - paragraphs)
    lo = bisect.bisect_left(art.mention_starts, art.para_starts[first_para] if art.para_starts else 0)
    hi = bisect.bisect_left(art.mention_starts, before)
    return [m for m in reversed(art.mentions[lo:hi]) if m.end <= before]


_HONORIFICS = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Gen|Maj|Lt|Col|Sgt|Sen|Rep|Gov|Prof|Adm|Capt|Gen)\.?\s+)+")


def _clean_name(name: str) -> str:
    name = re.sub(r"['\u2019]s$", "", name.strip(" ,.;:"))
    name = _HONORIFICS.sub("", name).strip()
    words = name.split()
    while len(words) > 2 and (words[0].lower().rstrip(".") in _PERSON_ROLES | _TITLES):
        words = words[1:]
    return " ".join(words)


def _np_bounds(art: _Article, tok) -> tuple[int, int]:
    """Characters of a noun phrase: its left edge to its head, plus appositives and "of" titles."""
    left = tok.left_edge
    right = tok
    for child in tok.rights:
        if child.dep_ in ("appos", "compound", "flat", "nummod") or (
            child.dep_ == "prep" and child.lower_ == "of" and tok.pos_ in ("NOUN", "PROPN")
            and tok.lemma_.lower() in _PERSON_ROLES | _SPEAKS_FOR
        ):
            right = child.right_edge
    while right.i > tok.i and right.is_punct:
        right = right.doc[right.i - 1]
    while left.i < tok.i and (left.is_punct or left.is_space):
        left = left.doc[left.i + 1]
    return art.start(left), art.end(right)


def _mentions(art: _Article) -> list[_Mention]:
    """Noun phrases outside quotes that a pronoun or role noun may refer back to."""
    out = []
    for pi, doc in enumerate(art.docs):
        for tok in doc:
            swallowed = tok.dep_ == "appos" and _dateline(art, tok.head, pi) and not _dateline(art, tok, pi)
            if tok.pos_ not in ("NOUN", "PROPN", "PRON") or (tok.dep_ in ("compound", "flat", "appos", "amod") and not swallowed):
                continue
            if tok.pos_ == "PRON" and tok.lower_ not in _PERSONAL_PRONOUNS:
                continue
            begin = art.start(tok)
            if art.quote_at(begin) is not None:
                continue
            if _dateline(art, tok, pi):
                continue
            start, end = _np_bounds(art, tok) if tok.pos_ != "PRON" else (begin, art.end(tok))
            out.append(_describe(art, tok, start, end, pi))
    out.sort(key=lambda m: m.start)
    return out


def _dateline(art: _Article, tok, pi: int) -> bool:
    """'LONDON, May 3 (Reuters) -', 'Baghdad (Reuters) \u2013', 'WASHINGTON:': a place line, not a mention."""
    lo = art.paras[pi][0]
    head = art.text[lo:lo + 80]
    m = re.match(r"^[A-Z][\w .,/'\u2019-]{0,60}?(?:\(\w[\w ]*\)\s*)?(?:--|[\u2013\u2014:-])\s", head)
    if m is None or not (m.group(0).isupper() or "(" in m.group(0)):
        return False
    return art.start(tok) < lo + m.end()


def _describe(art: _Article, tok, start: int, end: int, pi: int) -> _Mention:
    text = art.text[start:end]
    lower = tok.lower_
    name, person = "", False
    head_start = art.start(tok)
    own = _own_name_zone(art, tok, start, end)
    covers_head = [h for h in _actors_in(art, start, end) if h[0] <= head_start < h[1]]
    actor_people = [h for h in _actors_in(art, start, end) if h[4] == "person" and any(lo < h[1] and h[0] < hi for lo, hi in own)]
    if any(h[4] == "person" for h in covers_head):
        hit = max((h for h in covers_head if h[4] == "person"), key=lambda h: h[1] - h[0])
        name, person = hit[2], True
    elif not covers_head:
        candidates = [tok] if tok.pos_ == "PROPN" else []
        candidates += [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        for cand in candidates:
            run = _clean_name(_run_name(art, cand))
            if run and run.split()[-1].lower().rstrip(".") in _TITLE_WORDS | _PERSON_ROLES:
                continue  # "The Conservative MP": a title, not a name
            known = run and len(run.split()) == 1 and len(_full_name(art, run, art.start(cand)).split()) >= 2
            speaking = cand.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "appos" and c.lemma_.lower() in _PERSON_ROLES for c in cand.children)
            if run and (_looks_like_person(run, cand.ent_type_, lenient=speaking) or known):
                name, person = run, True
                break
        if not name and actor_people:
            name, person = max(actor_people, key=lambda h: h[1] - h[0])[2], True
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        person = lower in ("he", "she", "him", "her")
    elif lemma in _PERSON_ROLES and not covers_head:
        person = True
    org = not person and (tok.ent_type_ in ("ORG", "GPE", "NORP") or bool(covers_head) or lemma in _ORG_NOUNS
                          or tok.pos_ == "PROPN")
    words = {t.lower_ for t in tok.doc[tok.left_edge.i:tok.i + 1]}
    gender = "f" if words & _FEMALE else "m" if words & _MALE else ""
    plural = tok.tag_ in ("NNS", "NNPS") or lower in ("they", "them") or any(c.dep_ == "conj" for c in tok.children)
    roles = frozenset(t.lemma_.lower() for t in tok.doc[max(0, tok.left_edge.i):tok.right_edge.i + 1]
                      if t.pos_ in ("NOUN", "PROPN") and art.start(t) < end and art.start(t) >= start) | {lemma}
    if tok.dep_ == "appos":
        roles |= {tok.head.lemma_.lower()}
    subject = tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and _dateline(art, tok.head, pi))
    return _Mention(start, end, tok, text, name, person, org, plural, subject, gender, roles, pi)


def _own_name_zone(art: _Article, tok, start: int, end: int) -> list[tuple[int, int]]:
    """Where a name must sit to name the phrase itself: the head with its compounds, or an appositive
    (not a possessor: "Trump's lawyers" are not Trump)."""
    zone = [(art.start(tok), art.end(tok))]
    for child in tok.children:
        if child.dep_ in ("compound", "flat"):
            zone.append((art.start(child.left_edge), art.end(child)))
        elif child.dep_ == "appos":
            zone.append((art.start(child.left_edge), art.end(child.right_edge)))
    if tok.dep_ == "appos":
        zone.append((art.start(tok.head), art.end(tok.head)))
    return [(max(lo, start), min(hi, end)) for lo, hi in zone] or [(start, end)]


def _in_run(tok) -> bool:
    if tok.lower_ in _PARTICLES:
        return True
    return tok.pos_ == "PROPN" or (tok.text[:1].isupper() and tok.lower_.rstrip(".") in _TITLE_WORDS)


def _run_name(art: _Article, tok) -> str:
    """The personal name in the run of proper nouns around ``tok``, titles and honorifics removed."""
    doc, sent = tok.doc, tok.sent
    i = j = tok.i
    ends = set(art.sentence_ends)
    while (i - 1 >= sent.start and _in_run(doc[i - 1]) and art.quote_at(art.start(doc[i - 1])) is None
           and art.end(doc[i - 1]) not in ends):
        i -= 1
    while (j + 1 < sent.end and _in_run(doc[j + 1]) and art.quote_at(art.start(doc[j + 1])) is None
           and art.end(doc[j]) not in ends):
        j += 1
    run = list(doc[i:j + 1])
    titles = [k for k, t in enumerate(run) if t.lower_.rstrip(".") in _TITLE_WORDS and k < len(run) - 1]
    if titles:
        run = run[titles[-1] + 1:]
    while run and (run[0].lower_ in _PARTICLES or run[0].is_punct or re.fullmatch(r"[A-Z]\.", run[0].text)):
        run = run[1:]
    while run and (run[-1].lower_ in _PARTICLES or run[-1].is_punct):
        run = run[:-1]
    if not run:
        return ""
    return art.text[art.start(run[0]):art.end(run[-1])]


def _looks_like_person(name: str, label: str, *, lenient: bool = False) -> bool:
    """A run of capitalised words that reads as a person's name (the small model's labels are only a hint)."""
    words = name.split()
    if label == "PERSON":
        return bool(words)
    places = ("GPE", "LOC", "FAC") if not lenient else ()
    if len(words) < 2 or label in places + ("DATE", "TIME", "NORP", "EVENT", "LAW", "PRODUCT", "MONEY"):
        return False
    return not ({w.lower().strip(".,") for w in words} & _ORG_WORDS) and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _name_chains(art: _Article) -> list[tuple[int, str]]:
    """(offset, name) of every multi-word personal name outside quotes, for expanding surnames."""
    out, seen = [], set()
    for doc in art.docs:
        for tok in doc:
            if tok.pos_ != "PROPN" or art.quote_at(art.start(tok)) is not None:
                continue
            name = _run_name(art, tok)
            key = (art.start(tok.sent[0]), name)
            if len(name.split()) >= 2 and key not in seen and _looks_like_person(name, tok.ent_type_, lenient=True):
                seen.add(key)
                out.append((art.start(tok), name))
    return sorted(out)


# --------------------------------------------------------------------------------------
# Cues: reporting verbs, "according to", noun cues, hedging adverbs
# --------------------------------------------------------------------------------------

_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis", "oprd")
_TARGET_PREPS = ("of", "for", "over", "about", "as", "against")
_OBJECT_CONTENT_CLASSES = ("accusing", "conceding")
_OBJECT_CONTENT_LEMMAS = {"describe", "call", "reiterate", "repeat", "confirm", "reveal", "disclose",
                          "chant", "shout", "claim", "allege", "hail", "praise", "welcome"}
# Passives whose subject is the addressee, not the report: "he was asked", "they were told".
_ADDRESSEE_VERBS = {"ask", "tell", "inform", "urge", "warn", "brief", "call", "answer", "quote", "cite"}


def _find_cues(art: _Article) -> tuple[list[_Cue], list[_Cue]]:
    """Cues outside quotes, and hedging adverbs kept apart (used only where nothing else attributes)."""
    cues, hedges = [], []
    for pi, doc in enumerate(art.docs):
        for sent in doc.sents:
            for tok in sent:
                if art.quote_at(art.start(tok)) is not None:
                    continue
                cue = _according_cue(art, pi, sent, tok) or _verb_cue(art, pi, sent, tok) or _noun_cue(art, pi, sent, tok)
                if cue is not None:
                    cues.append(cue)
                elif tok.lower_ in art.rules.adverbs and tok.pos_ == "ADV":
                    hedges.append(_hedge_cue(art, pi, sent, tok))
    return cues, hedges


def _span_of(art: _Article, tokens) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not (t.is_punct or t.is_space)]
    while tokens and tokens[0].lower_ in ("that", "whether", "if") and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    if not tokens:
        return None
    return min(art.start(t) for t in tokens), max(art.end(t) for t in tokens)


def _subtree_span(art: _Article, toks) -> tuple[int, int] | None:
    pool = [t for tok in toks for t in tok.subtree]
    for tok in toks:  # "warned on Monday that X": the content starts after "that"
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is not None and len(toks) == 1:
            pool = [t for t in pool if t.i > mark.i]
    return _span_of(art, pool)


def _according_cue(art, pi, sent, tok):
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].lower_ != "to":
        return None
    to = tok.doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_end = max(t.i for t in pobj.subtree)
    left = [t for t in sent if t.i < tok.i]
    right = [t for t in sent if t.i > phrase_end]
    words = lambda ts: sum(t.is_alpha for t in ts)  # noqa: E731
    if words(left) >= 2 and words(right) >= 2:
        content = _span_of(art, list(sent))
    else:
        content = _span_of(art, left if words(left) >= words(right) else right)
    return _Cue(pi, sent, tok, art.start(tok), art.end(to), "according to",
                art.rules.verbs.get("according to", "neutral"), "according", speaker_tok=pobj, content=content)


def _verb_cue(art, pi, sent, tok):
    if tok.pos_ not in ("VERB",) and not (tok.tag_.startswith("VB") and tok.pos_ != "AUX"):
        return None
    if tok.dep_ in ("amod", "compound"):
        return None
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    key, last = lemma, tok
    prt = next((c for c in children if c.dep_ == "prt"), None)
    if prt is not None and f"{lemma} {prt.lower_}" in art.rules.verbs:
        key, last = f"{lemma} {prt.lower_}", prt
    on_for = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "for") and c.i == tok.i + 1), None)
    if on_for is not None and f"{lemma} {on_for.lower_}" in art.rules.verbs:
        key, last = f"{lemma} {on_for.lower_}", on_for
    else:
        on_for = None
    phrase = None
    as_prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if lemma in ("quote", "cite") and as_prep is not None:
        phrase = next((c for c in as_prep.children if c.tag_ == "VBG"), None)
        if phrase is not None:
            key = f"{lemma} as {phrase.lower_}" if f"{lemma} as {phrase.lower_}" in art.rules.verbs else f"{lemma} as saying"
            last = phrase
    if key not in art.rules.verbs:
        return None
    negated = any(c.dep_ == "neg" and _outside_quotes(art, c) for c in children)
    if negated or (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _NOT_REPORTED):
        return None
    if _noun_infinitive(tok) or _phrase_tail(tok) or _anonymity_request(tok):
        return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl") and not any(c.dep_ in ("aux", "nsubj") for c in children))
    speaker, anonymous = _speaker_token(art, tok, passive, phrase)
    if anonymous and lemma in _ADDRESSEE_VERBS and phrase is None:
        return None
    content = _verb_content(art, tok, art.rules.verbs[key], lemma, phrase, on_for)
    return _Cue(pi, sent, tok, art.start(tok), art.end(last), key, art.rules.verbs[key], "verb",
                speaker_tok=speaker, anonymous=anonymous, passive=passive, content=content)


def _phrase_tail(tok) -> bool:
    """'saying' in 'was quoted as saying' belongs to the 'quoted' cue."""
    return tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ == "as" and tok.head.head.lemma_.lower() in ("quote", "cite")


def _anonymity_request(tok) -> bool:
    """'who asked not to be named': a condition of anonymity, not a report."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in ("name", "identify", "quote") for c in tok.children)


def _noun_infinitive(tok) -> bool:
    """'the audacity to blame', 'a right to say': an infinitive hanging from a noun is no report."""
    to = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None or tok.dep_ not in ("acl", "relcl", "advcl"):
        return False
    if tok.dep_ == "acl":
        return True
    before = tok.doc[to.i - 1] if to.i > 0 else None
    while before is not None and before.is_punct and before.i > 0:
        before = tok.doc[before.i - 1]
    return (before is not None and before.pos_ in ("NOUN", "PROPN") and before.head.i != tok.head.i
            and not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.head.children))


def _unrelative(tok):
    """'who'/'which' standing for the noun its clause modifies."""
    if tok.lower_ in _RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _outside_quotes(art: _Article, tok) -> bool:
    return art.quote_at(art.start(tok)) is None


def _own_subject(art: _Article, verb):
    """The verb's subject outside quotes; of two (a dateline "Baghdad (Reuters) -" parsed as one), the nearer."""
    subjects = [_undateline(art, c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and _outside_quotes(art, c)]
    subjects = [c for c in subjects if c is not None]
    if not subjects:
        return None
    return _unrelative(min(subjects, key=lambda c: abs(verb.i - c.i)))


def _subject_of(art: _Article, verb, verbs: dict):
    """The subject a subjectless reporting verb borrows ("..., saying", "and added", "a letter saying").

    Climbing from a conjoined or adverbial verb, the subject of a reporting verb above wins over
    the nearest subject ("The official said X moved, and emphasised that ..." -> the official);
    subjects inside quotes never count.
    """
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ", "VBP"):
        return None  # a finite verb parsed as a noun modifier: a parse error, let position decide
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        noun = verb.head
        if noun.dep_ in ("pobj", "dative") and noun.head.lower_ == "to" and noun.head.head.pos_ == "VERB":
            return _own_subject(art, noun.head.head)  # "sent a letter to X saying ..." -> the sender
        return noun
    nearest, node = None, verb
    for _ in range(6):
        if node.dep_ in ("conj", "advcl", "xcomp", "ccomp", "parataxis") and node.head is not node:
            node = node.head
        elif node.dep_ == "pcomp" and node.head.head is not node.head:
            node = node.head.head
        elif node.dep_ == "acl" and node.head.head is not node.head:
            node = node.head.head
        elif node.dep_ in ("dobj", "pobj", "nsubj", "attr", "appos", "prep") and node.head is not node:
            node = node.head
        else:
            break
        subject = _own_subject(art, node)
        if subject is not None:
            if node.lemma_.lower() in verbs and node.pos_ == "VERB":
                return subject
            nearest = nearest or subject
    return nearest


def _speaker_token(art: _Article, tok, passive: bool, phrase):
    """(speaker head token or None, True when the report has no speaker: agentless passive)."""
    children = list(tok.children)
    agent = next((c for c in children if c.dep_ == "agent"), None)
    if agent is not None and phrase is None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj, False
    if phrase is not None:
        subj = next((c for c in children if c.dep_ in ("nsubjpass", "nsubj")), None)
        return (_unrelative(subj), False) if subj is not None else (_subject_of(art, tok, art.rules.verbs), False)
    if passive:
        return None, True
    subjects = [_undateline(art, c) for c in children if c.dep_ == "nsubj"]
    subjects = [c for c in subjects if c is not None]
    subj = min(subjects, key=lambda c: abs(tok.i - c.i)) if subjects else None
    if subj is not None and _outside_quotes(art, subj) and not _clause_subject(subj, tok):
        return _unrelative(subj), False
    if subj is not None:
        return _nearest_noun(art, tok), False
    return _subject_of(art, tok, art.rules.verbs) or _nearest_noun(art, tok), False


def _clause_subject(subj, cue) -> bool:
    """A subject after the cue that carries a verb of its own is the content's subject, not the speaker
    ('said hospitals there were overwhelmed' parsed with 'hospitals' as the subject of 'said')."""
    if subj.i < cue.i:
        return False
    clause = {t.i for c in subj.children if c.dep_ == "relcl" for t in c.subtree}
    return any(t.pos_ in ("VERB", "AUX") for t in subj.subtree if t.i not in clause and t is not subj)


def _undateline(art: _Article, tok):
    """A dateline parsed as the subject ('NAIROBI ... -- Minister X hailed'): the appositive it swallowed, else None."""
    if not _dateline(art, tok, art.para_of(tok)):
        return tok
    return next((c for c in tok.children if c.dep_ == "appos" and not _dateline(art, c, art.para_of(c))), None)


def _nearest_noun(art: _Article, tok):
    """The speaker by position when the parse gives none: the noun right before the cue
    ('"...," WHO chief Tedros told reporters'), the sentence's first noun phrase when an
    appositive or relative clause stands between ('Elon Musk, who owns xAI, called ...'),
    or the noun right after the cue ('said Royce Mendes')."""
    sent = list(tok.sent)
    left = [t for t in sent if t.i < tok.i and _outside_quotes(art, t)]
    for t in reversed(left):
        if t.pos_ in ("ADV", "AUX", "PART") or t.tag_ == "MD":
            continue
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.lower_ not in _RELATIVE_PRONOUNS:
            while t.dep_ in ("compound", "flat") and tok.i > t.head.i > t.i:
                t = t.head
            return t
        if t.text == "," and t.i > 0:
            opener = [x for x in left if x.pos_ in ("PROPN", "NOUN", "PRON") and x.i < t.i
                      and not any(p.text in "()" for p in sent if p.i < x.i)]
            if opener:
                first = opener[0]
                while first.dep_ in ("compound", "flat") and first.head.i < t.i and first.head.i > first.i:
                    first = first.head
                return first
        break
    right = [t for t in sent if t.i > tok.i and t.pos_ in ("PROPN", "NOUN", "PRON") and _outside_quotes(art, t)]
    return right[0] if right and right[0].i <= tok.i + 4 else None


def _verb_content(art, tok, cls: str, lemma: str, phrase, on_for) -> tuple[int, int] | None:
    heads = [tok] + ([phrase] if phrase is not None else []) + ([on_for] if on_for is not None else [])
    deps = [c for h in heads for c in h.children if c.dep_ in _CONTENT_DEPS or (h is on_for and c.dep_ == "pobj")]
    if cls in _OBJECT_CONTENT_CLASSES or lemma in _OBJECT_CONTENT_LEMMAS:
        deps += [c for c in tok.children if c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in _TARGET_PREPS)]
        if lemma in ("warn", "urge", "call") and not any(d.dep_ in _CONTENT_DEPS for d in deps):
            deps = [d for d in deps if d.dep_ != "dobj"] if lemma == "call" else deps
    if phrase is not None:
        deps += [c for c in phrase.children if c.dep_ in ("prep", "dobj")]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "at", "during")):
        for medium in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in _MEDIUMS):
            deps += [c for c in medium.children if c.dep_ in ("acl", "relcl", "ccomp")
                     and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if tok.dep_ == "relcl" and (cls in _OBJECT_CONTENT_CLASSES or lemma in _OBJECT_CONTENT_LEMMAS) and not deps:
        if any(c.dep_ == "nsubj" and c.lower_ not in _RELATIVE_PRONOUNS for c in tok.children):
            return _span_of(art, [t for t in tok.head.subtree if t.i not in {x.i for x in tok.subtree}])
    object_ok = cls in _OBJECT_CONTENT_CLASSES or lemma in _OBJECT_CONTENT_LEMMAS or phrase is not None
    if phrase is None and object_ok and any(c.dep_ == "agent" for c in tok.children):
        theme = [c for c in tok.children if c.dep_ == "nsubjpass"] or [_subject_of(art, tok, art.rules.verbs)]
        deps += [t for t in theme if t is not None and t.i < tok.i]
    deps = [d for d in deps if not (d.dep_ == "xcomp" and tok.lemma_.lower() in _NOT_CONTENT_XCOMP_HEADS)]
    if tok.dep_ == "relcl" and all(d.lower_ in _RELATIVE_PRONOUNS for d in deps) and deps:
        return _extraction_content(art, tok)
    if deps and (object_ok or any(t.pos_ in ("VERB", "AUX") or t.tag_ == "``" for d in deps for t in d.subtree)):
        return _subtree_span(art, deps)
    return _parenthetical_content(art, tok)


def _extraction_content(art: _Article, tok) -> tuple[int, int] | None:
    """'a drone that Tehran claimed violated its airspace': the noun and the verb phrase after the cue."""
    after = tok.right_edge.i + 1
    if after >= len(tok.doc) or tok.doc[after].pos_ not in ("VERB", "AUX"):
        return None
    verb = tok.doc[after]
    return _span_of(art, [tok.head] + [t for t in verb.subtree if t.i > tok.right_edge.i])


def _parenthetical_content(art: _Article, tok) -> tuple[int, int] | None:
    """Content of a cue set off by commas: "X, Trump noted, Y", "X, the sources claim, Y", "X, police said."."""
    if tok.dep_ in ("relcl", "acl") or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return None
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    clause = {tok.i}
    if subjects:
        clause |= {t.i for t in min(subjects, key=lambda c: abs(tok.i - c.i)).subtree}
    for child in tok.children:
        addressee = child.dep_ == "dobj" and tok.lemma_.lower() in ("tell", "inform", "brief")
        if (child.dep_ in ("advmod", "prep", "npadvmod", "dative", "prt", "aux", "agent") or addressee) and child.i > tok.i:
            clause |= {t.i for t in child.subtree}
    lo, hi = min(clause), max(clause)
    doc = tok.doc
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    if hi - lo >= 12:
        return None
    before = doc[lo - 1] if lo > tok.sent.start else None
    after = doc[hi + 1] if hi + 1 < tok.sent.end else None
    if before is None or before.text not in (",", "\u2014", "-", "\u2013"):
        return None
    if after is not None and not (after.text in (",", "\u2014", "-", "\u2013") or after.text in _TERMINAL):
        return None
    return _span_of(art, [t for t in tok.sent if not lo <= t.i <= hi])


def _noun_cue(art, pi, sent, tok):
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in art.rules.nouns:
        return None
    children = list(tok.children)
    speaker = next((c for c in children if c.dep_ == "poss"), None)
    if speaker is None:
        by = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        speaker = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    clause = [c for c in children if c.dep_ in ("acl", "ccomp", "relcl", "appos")
              and any(t.lower_ == "that" and t.dep_ == "mark" for t in c.children)]
    if speaker is None or not clause:
        return None
    lemma = tok.lemma_.lower()
    return _Cue(pi, sent, tok, art.start(tok), art.end(tok), lemma, art.rules.nouns[lemma], "noun",
                speaker_tok=speaker, content=_subtree_span(art, clause))


def _hedge_cue(art, pi, sent, tok):
    head = tok.head if tok.head is not tok else tok
    pool = [t for t in head.subtree if t is not tok]
    return _Cue(pi, sent, tok, art.start(tok), art.end(tok), tok.lower_,
                art.rules.adverbs[tok.lower_], "adverb", anonymous=True, content=_span_of(art, pool))


# --------------------------------------------------------------------------------------
# Linking quotes to cues
# --------------------------------------------------------------------------------------


def _quote_span(q: _Quote) -> tuple[int, int]:
    return q.open, (q.close + 1 if q.close >= 0 else q.end)


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _sentence_at(art: _Article, pos: int):
    """The spaCy sentence containing character ``pos`` (None outside parsed text)."""
    pi = _para_index(art, pos)
    lo, hi = art.paras[pi] if art.paras else (0, 0)
    if not lo <= pos < hi:
        return None
    for sent in art.docs[pi].sents:
        if sent.start_char + lo <= pos < sent.end_char + lo:
            return sent
    return None


def _link_quotes(art: _Article, cues: list[_Cue], *, continue_quotes: bool) -> None:
    """Attach each quote to the cue that introduces it (fills ``cue.direct`` and ``cue.embedded``)."""
    linked: dict[int, _Cue] = {}
    by_para: dict[int, list] = {}
    for cue in cues:
        by_para.setdefault(cue.para, []).append(cue)
    for qi, q in enumerate(art.quotes):
        span = _quote_span(q)
        near = by_para.get(q.para_first, []) + (by_para.get(q.para_last, []) if q.para_last != q.para_first else [])
        inner = [c for c in near if _overlaps(c.content, span)]
        if inner:
            cue = min(inner, key=lambda c: c.content[1] - c.content[0])
            linked[qi] = cue
            wraps = cue.content[0] < cue.cue_start < cue.content[1]  # '"A," she said, "B."' parsed as one clause
            if _is_inside(cue.content, span, art.text) or (wraps and _standalone(art, q)):
                cue.direct.append(q)
            else:
                cue.embedded.append(q)
            continue
        cue = _frame_cue(art, q, near)
        if cue is not None:
            linked[qi] = cue
            (cue.direct if _standalone(art, q) else cue.embedded).append(q)
    linked_by_para: dict[int, dict] = {}
    for qi, cue in linked.items():
        for pi in {art.quotes[qi].para_first, art.quotes[qi].para_last}:
            linked_by_para.setdefault(pi, {})[qi] = cue
    for qi, q in enumerate(art.quotes):
        if qi in linked:
            continue
        local = {**linked_by_para.get(q.para_first - 1, {}), **linked_by_para.get(q.para_first, {}),
                 **linked_by_para.get(q.para_last, {})}
        near = by_para.get(q.para_first, []) + (by_para.get(q.para_last, []) if q.para_last != q.para_first else [])
        cue = _inherited_cue(art, qi, local, near, continue_quotes=continue_quotes)
        if cue is not None:
            linked[qi] = cue
            (cue.direct if _standalone(art, q) else cue.embedded).append(q)


def _is_inside(content, span, text: str) -> bool:
    """True when ``content`` has no words outside the quote ``span``."""
    outside = text[content[0]:max(content[0], span[0])] + text[min(content[1], span[1]):content[1]]
    return not re.search(r"[^\W_]", outside)


def _standalone(art: _Article, q: _Quote) -> bool:
    """A quote that is a sentence of its own (or several), not a fragment inside a sentence."""
    lo = art.paras[q.para_first][0]
    before = art.text[lo:q.open].rstrip()
    starts = not before or before[-1] in _TERMINAL + ":" + _QUOTE_CLOSE + '"\u2019,' or before.endswith(("said", "says"))
    inner = art.text[q.start:q.end].rstrip()
    return starts and (bool(inner) and (inner[-1] in _TERMINAL + "," or inner[:1].isupper()))


def _frame_cue(art: _Article, q: _Quote, cues: list[_Cue]):
    """The cue right after the quote's close (same or next sentence) or right before its opening."""
    span = _quote_span(q)
    if q.close >= 0:
        close_sent = _sentence_at(art, q.close)
        after = sorted((c for c in cues if c.para == q.para_last and c.cue_start > q.close), key=lambda c: c.cue_start)
        for cue in after:
            gap = art.text[q.close + 1:cue.cue_start]
            if any(m in gap for m in _DOUBLE_MARKS) or (cue.content is not None and not _overlaps(cue.content, span)):
                break
            same = close_sent is not None and cue.sent.start == close_sent.start and cue.sent.doc is close_sent.doc
            next_to = art.paras[cue.para][0] + cue.sent.start_char <= q.close + 3
            if same or next_to:
                return cue
            break
    open_sent = _sentence_at(art, q.open)
    before = sorted((c for c in cues if c.para == q.para_first and c.cue_end <= q.open), key=lambda c: -c.cue_start)
    for cue in before:
        gap = art.text[cue.cue_end:q.open]
        if any(m in gap for m in _DOUBLE_MARKS) or (cue.content is not None and not _overlaps(cue.content, span)):
            break
        same = open_sent is not None and cue.sent.start == open_sent.start and cue.sent.doc is open_sent.doc
        colon = gap.rstrip().endswith(":") and len(gap) < 120
        if same or colon:
            return cue
        break
    return None


def _inherited_cue(art: _Article, qi: int, linked: dict, cues: list, *, continue_quotes: bool):
    """A quote with no cue of its own takes the cue of the quote it continues.

    Within a paragraph: the previous linked quote when only its attribution lies between
    ('"A," he said. "B."'), the next one when the two are adjacent, or a linked quote in the
    same sentence. Across a paragraph break only with ``continue_quotes`` (a paragraph that is
    one quote, after a paragraph ending in a directly quoted attribution).
    """
    q = art.quotes[qi]
    text = art.text
    prev = [(i, c) for i, c in linked.items() if i < qi and art.quotes[i].para_last == q.para_first]
    if prev:
        i, cue = max(prev, key=lambda item: item[0])
        gap_start = _quote_span(art.quotes[i])[1]
        between = text[gap_start:q.open]
        others = [c for c in cues if c is not cue and c.content is not None and gap_start <= c.cue_start < q.open]
        frame_only = gap_start <= cue.cue_start and cue.cue_end <= q.open and len(between) < 200
        if not others and (frame_only or not re.search(r"[^\W_]", between)):
            return cue
    nxt = [(i, c) for i, c in linked.items() if i > qi and art.quotes[i].para_first == q.para_last]
    if nxt:
        i, cue = min(nxt, key=lambda item: item[0])
        between = text[_quote_span(q)[1]:art.quotes[i].open]
        if not re.search(r"[^\W_]", between):
            return cue
    sent = _sentence_at(art, q.open)
    for i, cue in linked.items():
        other = art.quotes[i]
        if sent is not None and other.para_first == q.para_first and _sentence_at(art, other.open) == sent:
            return cue
    if continue_quotes and q.para_first > 0:
        lo, hi = art.paras[q.para_first]
        whole = q.open == lo and _quote_span(q)[1] >= hi - 1
        before = [(i, c) for i, c in linked.items() if art.quotes[i].para_last == q.para_first - 1]
        if whole and before:
            i, cue = max(before, key=lambda item: item[0])
            if art.quotes[i] in cue.direct and cue.cue_start > art.quotes[i].open:
                return cue
    return None


# --------------------------------------------------------------------------------------
# Speakers: span, antecedent, canonical name, group
# --------------------------------------------------------------------------------------


def _speaker_span(art: _Article, tok, cue: _Cue) -> tuple[int, int]:
    """The speaker as written: its noun phrase without relative clauses, never the cue or a quote."""
    if tok.pos_ == "PRON":
        return art.start(tok), art.end(tok)
    dropped = {t.i for c in tok.children if c.dep_ in ("relcl", "advcl") for t in c.subtree}
    keep = [t for t in tok.subtree if t.i not in dropped]
    run = [tok]
    for t in reversed([t for t in keep if t.i < tok.i]):
        if t.i != run[0].i - 1:
            break
        run.insert(0, t)
    for t in [t for t in keep if t.i > tok.i]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    bad = lambda t: t.i == cue.tok.i or art.quote_at(art.start(t)) is not None  # noqa: E731
    if any(bad(t) for t in run):
        run = [t for t in run if t.i <= tok.i]
        while run and any(bad(t) for t in run):
            run = run[1:]
        run = run or [tok]
    while len(run) > 1 and (run[-1].is_punct or run[-1].lower_ in ("and", "or")):
        run = run[:-1]
    while len(run) > 1 and run[0].is_punct:
        run = run[1:]
    return art.start(run[0]), art.end(run[-1])


def _clean_description(text: str) -> str:
    text = re.split(r",|\s+(?:who|which|speaking|cited by|quoted by)\s", text.strip(), maxsplit=1)[0]
    text = re.sub(r"^(?:his|her|its|their)\s+", "", text.strip(" ,.;:\u2014-"), flags=re.I)
    while _DETERMINERS.match(text) and len(text.split()) > 1:
        text = _DETERMINERS.sub("", text, count=1)
    text = re.sub(r"\s*['\u2019]s?$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _group_by_rows(art: _Article, core: str, full: str, sentence: str, *, named: bool, kinds=None) -> str | None:
    core, full = core.translate(_APOSTROPHES), full.translate(_APOSTROPHES)
    targets = {"core": core, "full": full, "sentence": sentence}
    for regex, group, kind, applies in art.rules.group_rows:
        if (named and kind == "anonymous") or (kinds is not None and kind not in kinds):
            continue
        if kind == "country" and not any(r.search(core) for r in art.rules.government_roles):
            continue
        if regex.search(targets.get(applies, core)):
            return group
    return None


def _actor_groups(art: _Article) -> dict:
    return dict(zip(art.rules.actors["actor"], art.rules.actors["group"]))


def _full_name(art: _Article, name: str, before: int) -> str:
    """A one-word name expanded to the full name used earlier in the article ("Macklem" -> "Tiff Macklem")."""
    if len(name.split()) >= 2 or not name:
        return name
    chains = art.chain_index.get(name, [])
    earlier = [full for pos, full in chains if pos < before]
    if earlier:
        return earlier[-1]
    later = [full for pos, full in chains if pos >= before and full.split()[-1] == name]
    return later[0] if later else name


def _person_entity(art: _Article, m: _Mention, before: int) -> _Entity:
    groups = _actor_groups(art)
    if m.name in groups:
        return _Entity(m.name, m.name, groups[m.name], person=True, gender=m.gender)
    full = _full_name(art, m.name, before)
    canonical = actor_table.canonical_actor(full.translate(_APOSTROPHES), art.rules.actors) or full
    group = groups.get(canonical)
    if group is None:
        described = " ".join(art.name_texts.get(full.split()[-1], []) + [m.text])
        group = _group_by_rows(art, described, described, "", named=True) or "Other"
    return _Entity(full, canonical, group, person=True, gender=m.gender)


def _resolve(art: _Article, tok, before: int, depth: int = 0) -> _Entity:
    """Who ``tok`` (a speaker's head word) refers to, with a canonical name and a group."""
    lower = _POSSESSIVE_PRONOUNS.get(tok.lower_, tok.lower_)
    if tok.pos_ == "PRON" or lower in _PERSONAL_PRONOUNS:
        found = _antecedent(art, lower, before, depth) if lower in _PERSONAL_PRONOUNS else None
        return found or _Entity(tok.text, tok.text, "Other", person=lower in ("he", "she"))
    start, end = _np_bounds(art, tok)
    m = _describe(art, tok, start, end, art.para_of(tok))
    if m.name:
        return _person_entity(art, m, before)
    core = art.text[start:art.end(tok)]
    full = art.text[art.start(tok.left_edge):art.end(tok.right_edge)]
    clause = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    phrase = [t for t in tok.subtree if t.i not in clause and not t.is_punct]
    end = max(end, max(art.end(t) for t in phrase if t.i >= tok.i))
    sentence = tok.sent.text
    lemma = tok.lemma_.lower()
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None and lemma in _TITLES and poss.ent_type_ in ("GPE", "NORP", "ORG"):
        titled = _titled_person(art, m, before, depth)  # "Kenya's president ... President William Ruto"
        if titled is not None:
            return titled
    if poss is not None and depth < 4:
        owner = _resolve(art, poss, art.start(poss), depth + 1)
        rest = re.sub(r"^\s*['\u2019]s?\s*", "", art.text[art.end(poss):art.end(tok)]).strip()
        mark = "'" if owner.resolved.endswith("s") else "'s"
        resolved = f"{owner.resolved}{mark} {rest}" if rest else owner.resolved
        group = _group_by_rows(art, core, full, sentence, named=True)
        if lemma in _SPEAKS_FOR:
            return _Entity(resolved, owner.canonical, owner.group if owner.group != "Other" else group or "Other",
                           plural=m.plural)
        return _Entity(resolved, resolved, group or "Other", person=m.person, plural=m.plural)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children)
    head_hits = [h for h in _actors_in(art, start, end) if h[0] <= art.start(tok) < h[1]]
    if head_hits and head_hits[0][4] == "person":
        return _Entity(head_hits[0][2], head_hits[0][2], head_hits[0][3], person=True, gender=m.gender)
    named_media = _group_by_rows(art, core, core, "", named=True, kinds={"media"}) and any(
        t.pos_ == "PROPN" and t.i != tok.i for t in tok.doc[tok.left_edge.i:tok.i])
    anaphoric = not named_media and (tok.pos_ == "NOUN" or tok.ent_type_ == "NORP" or (
        tok.pos_ == "PROPN" and tok.lower_ in _TITLE_WORDS | _PERSON_ROLES and not any(c.pos_ == "PROPN" for c in tok.lefts)))
    if definite and anaphoric and not m.name and depth < 4:
        found = _role_antecedent(art, m, before, depth) or _elegant_variation(art, m, before, depth)
        if found is not None:
            return found
    return _description_entity(art, tok, m, core, full, sentence, head_hits)


def _description_entity(art, tok, m: _Mention, core: str, full: str, sentence: str, head_hits) -> _Entity:
    lemma = tok.lemma_.lower()
    anonymous = _group_by_rows(art, core, full, sentence, named=False, kinds={"anonymous"})
    if anonymous:
        return _Entity(_clean_description(full), _clean_description(full), ANONYMOUS, person=True, plural=m.plural)
    cleaned = _clean_description(core)
    media = _group_by_rows(art, core, full, sentence, named=False, kinds={"media"})
    org_ents = [e for e in tok.doc.ents if e.label_ in ("ORG", "GPE", "NORP")
                and (art.start(e[0]) >= m.start and art.end(e[-1]) <= m.end or e.start <= tok.i < e.end)]
    if media:
        name = _clean_description(max(org_ents, key=len).text) if org_ents else cleaned
        return _Entity(cleaned, name, media, plural=m.plural)
    hits = head_hits or ([h for h in _actors_in(art, m.start, m.end)] if lemma in _SPEAKS_FOR else [])
    if hits:
        actor, group = hits[-1][2], hits[-1][3]
        return _Entity(cleaned, actor, group, plural=m.plural)
    source = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by")
                   for g in c.children if g.dep_ == "pobj" and g.pos_ in ("PROPN", "NOUN")), None)
    if lemma in _SPEAKS_FOR and source is not None:  # "a statement from the Spokane Police Department"
        owner = _resolve(art, source, art.start(source), 3)
        return _Entity(owner.resolved, owner.canonical, owner.group, plural=m.plural)
    group = _group_by_rows(art, core, full, sentence, named=False) or "Other"
    covering = [e for e in org_ents if art.start(e[0]) <= art.start(tok) < art.end(e[-1])]
    if covering:
        return _Entity(cleaned, _clean_description(covering[0].text), group, plural=m.plural)
    return _Entity(cleaned, cleaned, group, person=m.person, plural=m.plural)


def _resolve_mention(art: _Article, m: _Mention, depth: int) -> _Entity:
    if m.start not in art.resolved:
        art.resolved[m.start] = _resolve(art, m.head, m.start, depth)
    return art.resolved[m.start]


def _agrees(m: _Mention, pronoun: str) -> bool:
    if pronoun in ("he", "him", "she", "her"):
        if m.head.pos_ == "PRON":
            return m.head.lower_ in (("he", "him") if pronoun in ("he", "him") else ("she", "her"))
        wrong = "f" if pronoun in ("he", "him") else "m"
        return m.person and not m.plural and m.gender != wrong
    if pronoun in ("they", "them"):
        return m.plural or (m.org and not m.person and m.head.pos_ != "PRON") or m.head.lower_ in ("they", "them")
    if pronoun == "it":
        return (m.org or m.head.lower_ == "it") and not m.person and not m.plural
    return False


def _antecedent(art: _Article, pronoun: str, before: int, depth: int) -> _Entity | None:
    """The referent of a pronoun: the latest agreeing subject or speaker, else the latest agreeing noun."""
    if depth > 4 or pronoun in ("we", "i", "you"):
        return None
    pool = _mentions_before(art, before, 3)
    for level in range(3):  # subjects and speakers outside reported content, then any noun outside it, then any
        for m in pool:
            reported = _reported(art, m)
            if level == 0 and (reported or not (m.subject or m.start in art.speaker_heads)):
                continue
            if level == 1 and reported:
                continue
            if _agrees(m, pronoun):
                return _resolve_mention(art, m, depth + 1)
    return None


# "said in a statement that ...": the parser may hang the that-clause on the medium.
_MEDIUMS = {"statement", "interview", "post", "letter", "speech", "address", "message", "tweet", "briefing",
            "conference", "call", "blog", "video", "op-ed", "column", "report", "filing", "email", "memo"}
_UNNAMED_ROLES = {"official", "source", "aide", "insider", "witness", "resident", "person", "analyst", "expert"}
_ROLE_SYNONYMS = {
    "diplomat": {"ambassador", "envoy", "minister", "spokesman", "spokeswoman", "spokesperson", "diplomat"},
    "leader": {"president", "minister", "premier", "chancellor", "king", "chief", "leader", "head"},
}
_DOCUMENTS = {"letter", "statement", "report", "study", "ruling", "memo", "document", "resolution", "opinion"}


def _titled_person(art: _Article, m: _Mention, before: int, depth: int) -> _Entity | None:
    """A named person holding the title ``m`` names, mentioned in the same or the next two paragraphs
    ("Kenya's president on Tuesday withdrew ... President William Ruto said")."""
    lemma = m.head.lemma_.lower()
    here = _para_index(art, before)
    lo = bisect.bisect_left(art.mention_starts, before)
    last = art.paras[min(len(art.paras) - 1, here + 2)][1]
    for x in art.mentions[lo:]:
        if x.start >= last:
            break
        if x.start != m.start and x.name and x.person and lemma in x.roles and depth < 4:
            return _resolve_mention(art, x, depth + 1)
    return None


def _reported(art: _Article, m: _Mention) -> bool:
    """True for a mention inside what another attribution reports (its subjects are not antecedents)."""
    if m.start in art.speaker_heads:
        return False
    return any(s <= m.start < e for s, e in art.content_spans.get(m.para, ()) if (s, e) not in art.own_content)


def _elegant_variation(art: _Article, m: _Mention, before: int, depth: int) -> _Entity | None:
    """'the president', 'the 19-year-old American', 'the company' with no earlier mention holding that
    word: the latest named subject or speaker of the right kind in the last two paragraphs, unless a
    known title of theirs contradicts the role ("the French foreign minister" is not President Trump)."""
    lemma = m.head.lemma_.lower()
    if lemma in _UNNAMED_ROLES:
        return None  # "the official" stays unnamed: officials quoted without a name are not the named people nearby
    person_role = lemma in _PERSON_ROLES | _TITLES or m.head.ent_type_ == "NORP"
    org_role = lemma in _ORG_NOUNS and lemma not in _DOCUMENTS
    if m.plural or not (person_role or org_role):
        return None
    for x in _mentions_before(art, before, 2):
        if x.start == m.start:
            continue
        if _reported(art, x) or not (x.subject or x.start in art.speaker_heads) or x.head.pos_ == "PRON":
            continue
        if person_role and x.name and x.person:
            titles = art.name_roles.get(x.name, set())
            if titles and lemma not in titles and not titles & _ROLE_SYNONYMS.get(lemma, set()):
                continue
            return _resolve_mention(art, x, depth + 1)
        if org_role and x.org and not x.person:
            return _resolve_mention(art, x, depth + 1)
    return None


def _role_antecedent(art: _Article, m: _Mention, before: int, depth: int) -> _Entity | None:
    """'the secretary', 'the official', 'the outlet': the latest earlier mention holding that role."""
    lemma = m.head.lemma_.lower()
    doc = m.head.doc
    modifiers = {_norm_name(t.text) for t in doc[m.head.left_edge.i:m.head.i]
                 if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and art.start(t) >= m.start}
    pool = [x for x in _mentions_before(art, before, 12) if not (
        x.start == m.start or x.head.pos_ == "PRON" or (x.plural != m.plural and lemma in _UNNAMED_ROLES)
        or not modifiers <= set(_norm_name(x.text).split()))]
    for x in sorted(pool, key=lambda x: x.start not in art.speaker_heads):  # earlier speakers first
        if lemma in x.roles:
            return _resolve_mention(art, x, depth + 1)
    for x in pool:
        named = x.head.pos_ == "PROPN" or any(t.pos_ == "PROPN" for t in x.head.lefts)
        media = lemma in _MEDIA_ROLES and named and _group_by_rows(art, x.text, x.text, "", named=True, kinds={"media"})
        org = (lemma in ("company", "firm", "group", "organisation", "organization") and x.head.ent_type_ == "ORG"
               and (x.subject or x.start in art.speaker_heads))
        if media or org:
            return _resolve_mention(art, x, depth + 1)
    return None


# --------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _cue_rows(art: _Article, cue: _Cue) -> list[tuple[str, tuple[int, int]]]:
    """(kind, content span) for each attribution the cue makes."""
    out = []
    according = cue.form == "according"
    for q in cue.direct:
        out.append(("according_to" if according else "direct", _trim(art.text, (q.start, q.end))))
    if cue.embedded:
        spans = [_quote_span(q) for q in cue.embedded] + ([cue.content] if cue.content else [])
        out.append(("according_to" if according else "partial",
                    _trim(art.text, (min(s[0] for s in spans), max(s[1] for s in spans)))))
    if not out and cue.content is not None:
        out.append(("according_to" if according else "indirect", _trim(art.text, cue.content)))
    return [(kind, span) for kind, span in out if span[1] > span[0]]


def _speaker_fields(art: _Article, cue: _Cue) -> dict:
    if cue.anonymous:
        return dict(speaker="", speaker_resolved="", speaker_canonical=UNNAMED_SOURCE,
                    speaker_group=ANONYMOUS, speaker_start=-1, speaker_end=-1)
    if cue.speaker_tok is None:
        return dict(speaker="", speaker_resolved="", speaker_canonical="", speaker_group="Other",
                    speaker_start=-1, speaker_end=-1)
    start, end = _speaker_span(art, cue.speaker_tok, cue)
    art.own_content = [span for _, span in _cue_rows(art, cue)]
    entity = _resolve(art, cue.speaker_tok, art.start(cue.speaker_tok))
    art.own_content = []
    head_start = art.start(cue.speaker_tok)
    if head_start in art.mention_at or cue.speaker_tok.pos_ != "PRON":
        mention_start = _np_bounds(art, cue.speaker_tok)[0] if cue.speaker_tok.pos_ != "PRON" else head_start
        art.resolved[mention_start] = entity
        art.speaker_heads.add(mention_start)
    return dict(speaker=art.text[start:end], speaker_resolved=entity.resolved, speaker_canonical=entity.canonical,
                speaker_group=entity.group, speaker_start=start, speaker_end=end)


def _extract_article(art: _Article, *, continue_quotes: bool) -> list[dict]:
    cues, hedges = _find_cues(art)
    _link_quotes(art, cues, continue_quotes=continue_quotes)
    active = [c for c in cues if _cue_rows(art, c)]
    active += [h for h in hedges if h.content is not None]
    contents: dict[int, list] = {}
    for c in active:
        for _, span in _cue_rows(art, c):
            for pi in range(_para_index(art, span[0]), _para_index(art, max(span[0], span[1] - 1)) + 1):
                art.content_spans.setdefault(pi, []).append(span)
                if not (c.anonymous or c.form == "adverb"):
                    contents.setdefault(pi, []).append(span)
    rows = []
    for cue in sorted(active, key=lambda c: c.cue_start):
        if (cue.anonymous or cue.form == "adverb") and any(s[0] <= cue.cue_start < s[1] for s in contents.get(cue.para, ())):
            continue
        speaker = _speaker_fields(art, cue)
        for kind, (start, end) in _cue_rows(art, cue):
            rows.append(dict(**speaker, cue=art.text[cue.cue_start:cue.cue_end], cue_lemma=cue.lemma,
                             cue_class=cue.cls, content=art.text[start:end], kind=kind,
                             cue_start=cue.cue_start, cue_end=cue.cue_end, content_start=start, content_end=end))
    return rows


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def _empty(columns=ATTRIBUTION_COLUMNS) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="int64" if c.endswith(("_start", "_end")) else "object")
                          for c in columns})
    return frame


def _rules(verbs, groups, actors) -> _Rules:
    if verbs is None and groups is None and actors is None:
        return _default_rules()
    return _make_rules(load_reporting_verbs() if verbs is None else verbs,
                       load_speaker_groups() if groups is None else groups,
                       actor_table.load_actors() if actors is None else actors)


def _parse_articles(texts: list[str | None], *, batch_size: int = 64):
    """(paragraph spans, docs) per text, every paragraph of every text through one :func:`~analysis.nlp.parse_docs`."""
    limit = max(1000, getattr(get_nlp(), "max_length", 1_000_000) - 1000)
    spans = [_paragraph_chunks(t, min(limit, 100_000)) if t else [] for t in texts]
    flat = [_parse_copy(t[s:e]) for t, sp in zip(texts, spans) for s, e in sp]
    docs = iter(parse_docs(flat, batch_size=batch_size))
    return [(sp, [next(docs) for _ in sp]) for sp in spans]


def _rows_for(text: str, paras, docs, rules: _Rules, label: str, *, continue_quotes: bool) -> pd.DataFrame:
    quotes, problems = _find_quotes(text, paras)
    for problem in problems:
        warnings.warn(f"{label}: unbalanced quote marks: {problem}", stacklevel=3)
    art = _article(text, docs, paras, quotes, rules)
    rows = _extract_article(art, continue_quotes=continue_quotes)
    if not rows:
        return _empty()
    frame = pd.DataFrame(rows)[ATTRIBUTION_COLUMNS]
    return frame.sort_values(["cue_start", "content_start", "content_end"], kind="stable").reset_index(drop=True)


def extract(
    text: str,
    *,
    verbs: pd.DataFrame | None = None,
    groups: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    continue_quotes: bool = False,
) -> pd.DataFrame:
    """Every attribution in one article text, one row per quote or paraphrase.

    Args:
        text: the article body, paragraphs separated by blank lines.
        verbs, groups, actors: rule tables (default: the packaged ones), see
            :func:`load_reporting_verbs`, :func:`load_speaker_groups`, :func:`analysis.actors.load_actors`.
        continue_quotes: also attribute a paragraph that is nothing but a quote to the speaker of
            the directly quoted paragraph before it (off by default: no attribution crosses a
            paragraph break unless the quote itself does).

    Returns:
        A DataFrame with :data:`ATTRIBUTION_COLUMNS`, sorted by cue offset. Offsets index ``text``;
        speaker offsets are -1 where no speaker is written ("reportedly", "was said to").

    Example:
        >>> text = 'Esper told CNN the US wants to de-escalate.\\n\\n\\u201cWe are prepared,\\u201d he said.'
        >>> extract(text)[["speaker", "speaker_canonical", "cue", "kind"]].values.tolist()
        [['Esper', 'Mark Esper', 'told', 'indirect'], ['he', 'Mark Esper', 'said', 'direct']]
    """
    checked = _check_text(text, "extract")
    if checked is None:
        return _empty()
    rules = _rules(verbs, groups, actors)
    [(paras, docs)] = _parse_articles([checked])
    if not paras:
        return _empty()
    return _rows_for(checked, paras, docs, rules, "extract", continue_quotes=continue_quotes)


def extract_corpus(
    articles: pd.DataFrame,
    *,
    verbs: pd.DataFrame | None = None,
    groups: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    continue_quotes: bool = False,
    batch_size: int = 64,
) -> pd.DataFrame:
    """:func:`extract` over an ``articles`` table (``article_id``, ``text``), parsing every paragraph once.

    A row whose text cannot be read gives a warning naming its ``article_id`` and no attributions;
    the other articles are unaffected.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a1"], "text": ['"No," Milley said.']})
        >>> extract_corpus(arts)[["article_id", "speaker_canonical", "content"]].values.tolist()
        [['a1', 'Mark Milley', 'No']]
    """
    missing = [c for c in ("article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"articles lacks column(s) {missing}; see docs/CONTRACTS.md")
    rules = _rules(verbs, groups, actors)
    ids = [str(a) for a in articles["article_id"]]
    texts = [_check_text(t, f"article {a}") for a, t in zip(ids, articles["text"])]
    parsed = _parse_articles(texts, batch_size=batch_size)
    frames = []
    for article_id, text, (paras, docs) in zip(ids, texts, parsed):
        if text is None or not paras:
            continue
        try:
            rows = _rows_for(text, paras, docs, rules, f"article {article_id}", continue_quotes=continue_quotes)
        except Exception as err:  # one bad article must not stop the corpus
            warnings.warn(f"article {article_id}: attribution extraction failed ({type(err).__name__}: {err}); "
                          "article skipped", stacklevel=2)
            continue
        frames.append(rows.assign(article_id=article_id))
    if not frames:
        return _empty(["article_id", *ATTRIBUTION_COLUMNS])
    out = pd.concat(frames, ignore_index=True)[["article_id", *ATTRIBUTION_COLUMNS]]
    return out.sort_values(["article_id", "cue_start", "content_start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Evaluation against hand labels, and the naive baseline
# --------------------------------------------------------------------------------------

GOLD_COLUMNS = ["article_id", "cue", "cue_anchor", "speaker", "kind", "content_anchor", "optional", "note"]


def _anchor_regex(anchor: str) -> re.Pattern:
    parts = [re.escape(p) for p in anchor.split()]
    return re.compile(r"\s+".join(parts))


def locate_gold(gold: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Turn hand labels written as text anchors into character offsets.

    ``gold`` has ``article_id``, ``cue``, ``cue_anchor`` (a passage quoting the cue, unique in the
    article), ``speaker`` (alternatives separated by ``|``; a group name stands for any speaker of
    that group), ``kind``, ``content_anchor`` (a passage of the content, may be empty) and
    ``optional`` (1 for attributions a reader may or may not list). White space in anchors
    matches any white space. Rows whose anchor is missing or not unique are dropped with a warning.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "text": ['"No," he said.']})
        >>> g = pd.DataFrame({"article_id": ["a"], "cue": ["said"], "cue_anchor": ["he said"],
        ...                   "speaker": ["x"], "kind": ["direct"], "content_anchor": ["No"]})
        >>> locate_gold(g, arts)[["cue_start", "cue_end", "content_start", "content_end"]].values.tolist()
        [[9, 13, 1, 3]]
    """
    texts = dict(zip(articles["article_id"].astype(str), articles["text"]))
    rows = []
    for row in gold.fillna("").to_dict("records"):
        text = texts.get(str(row["article_id"]))
        where = f"gold row {row['article_id']!r} / {row['cue_anchor']!r}"
        if not isinstance(text, str):
            warnings.warn(f"{where}: article not found; row dropped", stacklevel=2)
            continue
        hits = list(_anchor_regex(str(row["cue_anchor"])).finditer(text))
        cue_at = hits[0].group(0).lower().find(str(row["cue"]).lower()) if len(hits) == 1 else -1
        if len(hits) != 1 or cue_at < 0:
            warnings.warn(f"{where}: cue anchor found {len(hits)} times (or cue not in it); row dropped", stacklevel=2)
            continue
        cue_start = hits[0].start() + cue_at
        content = (-1, -1)
        if str(row.get("content_anchor", "")).strip():
            found = list(_anchor_regex(str(row["content_anchor"])).finditer(text))
            if len(found) == 1:
                content = found[0].span()
            else:
                warnings.warn(f"{where}: content anchor found {len(found)} times; content left out", stacklevel=2)
        rows.append({**row, "article_id": str(row["article_id"]), "cue_start": cue_start,
                     "cue_end": cue_start + len(str(row["cue"])), "content_start": content[0],
                     "content_end": content[1], "optional": str(row.get("optional", "0")).strip() in ("1", "True", "true")})
    return pd.DataFrame(rows)


def _norm_name(name) -> str:
    text = str(name).translate(_APOSTROPHES).lower().replace("u.s.", "us").replace("'s ", " ")
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"^(?:the|a|an|one)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def speaker_matches(gold_speaker: str, predicted: dict) -> bool:
    """True when a predicted row names the gold speaker.

    A gold alternative (``|``-separated) matches the predicted canonical or resolved name after
    normalising case, articles, possessives and punctuation; an alternative that is a group name
    (e.g. "Anonymous sources") matches any speaker of that group.

    Example:
        >>> speaker_matches("NATO official|Anonymous sources",
        ...                 {"speaker_canonical": "senior NATO official", "speaker_resolved": "",
        ...                  "speaker_group": "Anonymous sources"})
        True
    """
    names = {_norm_name(predicted.get("speaker_canonical", "")), _norm_name(predicted.get("speaker_resolved", ""))}
    for alternative in str(gold_speaker).split("|"):
        alternative = alternative.strip()
        if alternative in GROUPS and alternative == predicted.get("speaker_group"):
            return True
        if alternative and _norm_name(alternative) in names - {""}:
            return True
    return False


def evaluate(gold: pd.DataFrame, predicted: pd.DataFrame, *, details: bool = False):
    """Cue precision, recall and F1 (cue span overlap) and speaker accuracy on the cues found.

    ``gold`` comes from :func:`locate_gold` (offsets, ``speaker``, ``optional``); ``predicted`` has
    ``article_id`` and the :func:`extract` columns. Cues are compared as unique spans per article
    (several quotes under one "he said" are one cue); a predicted cue overlapping an optional gold
    cue counts neither way. Quote recall counts gold rows whose content a predicted row overlaps
    (or whose cue is found when the gold row has no content), with speaker accuracy on those.

    Returns:
        A dict of counts and rates; with ``details=True`` also a DataFrame of every gold row with
        whether it was found and the predicted speaker.

    Example:
        >>> g = pd.DataFrame({"article_id": ["a"], "cue_start": [5], "cue_end": [9], "speaker": ["Ann"],
        ...                   "optional": [False], "content_start": [-1], "content_end": [-1]})
        >>> p = pd.DataFrame({"article_id": ["a"], "cue_start": [5], "cue_end": [9], "speaker_canonical": ["Ann"],
        ...                   "speaker_resolved": ["Ann"], "speaker_group": ["Other"], "content_start": [0],
        ...                   "content_end": [4]})
        >>> {k: evaluate(g, p)[k] for k in ("cue_f1", "speaker_accuracy")}
        {'cue_f1': 1.0, 'speaker_accuracy': 1.0}
    """
    gold = gold.copy()
    gold["article_id"] = gold["article_id"].astype(str)
    if "optional" not in gold.columns:
        gold["optional"] = False
    pred = predicted.copy()
    pred["article_id"] = pred["article_id"].astype(str)
    pred = pred[pred["cue_start"] >= 0]
    gold_cues = gold.groupby(["article_id", "cue_start", "cue_end"], sort=True).agg(
        speaker=("speaker", lambda s: "|".join(s)), optional=("optional", "all")).reset_index()
    pred_cues = pred.drop_duplicates(["article_id", "cue_start", "cue_end"]).to_dict("records")
    pairs = []
    for gi, g in enumerate(gold_cues.to_dict("records")):
        for pi, p in enumerate(pred_cues):
            if p["article_id"] == g["article_id"] and p["cue_start"] < g["cue_end"] and g["cue_start"] < p["cue_end"]:
                overlap = min(p["cue_end"], g["cue_end"]) - max(p["cue_start"], g["cue_start"])
                pairs.append((-overlap, gi, pi))
    match_g, match_p = {}, {}
    for _, gi, pi in sorted(pairs):
        if gi not in match_g and pi not in match_p:
            match_g[gi], match_p[pi] = pi, gi
    required = ~gold_cues["optional"].to_numpy()
    tp = sum(1 for gi in match_g if required[gi])
    fp = sum(1 for pi in range(len(pred_cues)) if pi not in match_p)
    fn = int(required.sum()) - tp
    right = sum(1 for gi, pi in match_g.items() if required[gi]
                and speaker_matches(gold_cues.loc[gi, "speaker"], pred_cues[pi]))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    detail = _quote_details(gold, pred)
    found = detail[detail["found"] & ~detail["optional"]]
    result = {
        "gold_cues": int(required.sum()), "predicted_cues": len(pred_cues), "true_positives": tp,
        "false_positives": fp, "false_negatives": fn, "cue_precision": precision, "cue_recall": recall,
        "cue_f1": f1, "speaker_correct": right, "speaker_accuracy": right / tp if tp else float("nan"),
        "gold_quotes": int((~detail["optional"]).sum()), "quotes_found": len(found),
        "quote_recall": len(found) / max(1, int((~detail["optional"]).sum())),
        "quote_speaker_accuracy": float(found["speaker_right"].mean()) if len(found) else float("nan"),
    }
    return (result, detail) if details else result


def _quote_details(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    by_article = {a: frame.to_dict("records") for a, frame in pred.groupby("article_id")}
    rows = []
    for g in gold.to_dict("records"):
        candidates = by_article.get(g["article_id"], [])
        if g.get("content_start", -1) >= 0:
            hits = [p for p in candidates if p["content_start"] < g["content_end"] and g["content_start"] < p["content_end"]]
            hits.sort(key=lambda p: not (p["cue_start"] < g["cue_end"] and g["cue_start"] < p["cue_end"]))
        else:
            hits = [p for p in candidates if p["cue_start"] < g["cue_end"] and g["cue_start"] < p["cue_end"]]
        best = hits[0] if hits else None
        rows.append({
            "article_id": g["article_id"], "cue": g.get("cue", ""), "cue_start": g["cue_start"],
            "speaker": g["speaker"], "optional": bool(g.get("optional", False)), "found": best is not None,
            "predicted_speaker": best["speaker_canonical"] if best else "",
            "predicted_cue": best.get("cue", "") if best else "",
            "speaker_right": bool(best) and speaker_matches(g["speaker"], best),
        })
    return pd.DataFrame(rows, columns=["article_id", "cue", "cue_start", "speaker", "optional", "found",
                                       "predicted_speaker", "predicted_cue", "speaker_right"])


def extract_baseline(text: str, *, verbs: pd.DataFrame | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The naive baseline: every reporting verb with a nominal subject, the subject as speaker.

    No quotes, no content, no pronoun resolution (the canonical name is the actor table's, else
    the subject as written). Kept for comparison with :func:`extract`.

    Example:
        >>> extract_baseline("Pompeo said Iran lied.")[["speaker_canonical", "cue"]].values.tolist()
        [['Mike Pompeo', 'said']]
    """
    checked = _check_text(text, "extract_baseline")
    if checked is None:
        return _empty()
    rules = _rules(verbs, None, actors)
    doc = get_nlp()(_parse_copy(checked))
    rows = []
    for tok in doc:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if tok.pos_ == "VERB" and tok.lemma_.lower() in rules.verbs and subj is not None:
            span = doc[subj.left_edge.i:subj.i + 1]
            canonical = actor_table.canonical_actor(span.text.translate(_APOSTROPHES), rules.actors) or span.text
            rows.append(dict(speaker=span.text, speaker_resolved=span.text, speaker_canonical=canonical,
                             speaker_group="Other", cue=tok.text, cue_lemma=tok.lemma_.lower(),
                             cue_class=rules.verbs[tok.lemma_.lower()], content="", kind="indirect",
                             speaker_start=span.start_char, speaker_end=span.end_char, cue_start=tok.idx,
                             cue_end=tok.idx + len(tok.text), content_start=-1, content_end=-1))
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS) if rows else _empty()


# --------------------------------------------------------------------------------------
# Per-outlet measures
# --------------------------------------------------------------------------------------

MEASURE_COLUMNS = ["outlet", "measure", "category", "count", "total", "share", "ci_low", "ci_high",
                   "n_articles", "caveat"]
SPEAKER_COLUMNS = ["outlet", "speaker_canonical", "speaker_group", "attributions", "direct", "partial",
                   "paraphrased", "words", "cue_classes", "example", "example_kind", "article_id"]


def _with_outlets(attributions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("article_id", "outlet") if c not in articles.columns]
    if missing:
        raise ValueError(f"articles lacks column(s) {missing}; see docs/CONTRACTS.md")
    outlets = articles[["article_id", "outlet"]].astype({"article_id": str}).drop_duplicates("article_id")
    frame = attributions.astype({"article_id": str}).merge(outlets, on="article_id", how="left")
    unknown = frame["outlet"].isna()
    if unknown.any():
        warnings.warn(f"{int(unknown.sum())} attributions belong to article_ids missing from articles "
                      f"({sorted(frame.loc[unknown, 'article_id'].unique())[:5]}); counted under outlet 'unknown'",
                      stacklevel=3)
        frame.loc[unknown, "outlet"] = "unknown"
    frame["words"] = frame["content"].fillna("").map(lambda c: len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", c)))
    return frame


def _share_rows(outlet, measure, counts: dict, categories, n_articles: int, *, interval: bool = True) -> list:
    total = int(sum(counts.values()))
    rows = []
    for category in categories:
        count = int(counts.get(category, 0))
        share = count / total if total else float("nan")
        low, high = stats.wilson_ci(count, total) if interval else (float("nan"), float("nan"))
        rows.append((outlet, measure, category, count, total, share, low, high, n_articles,
                     stats.caveat(total, n_articles, what="attributions")))
    return rows


def outlet_measures(attributions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who speaks in each outlet and how they are introduced, with counts beside every share.

    One row per outlet, measure and category. An attribution is one cue (several quotes under one
    "he said" count once); attributed words are the words of every content span. Measures:

    - ``voice_share``: attributions by speaker group (Wilson 95% interval);
    - ``word_share``: attributed words by speaker group (no interval: words are not independent);
    - ``anonymous_rate``: attributions to anonymous sources (Wilson interval);
    - ``cue_class``: attributions by cue stance (neutral, distancing, confirming, accusing, conceding);
    - ``kind``: attributions by kind (direct, partial, indirect, according_to);
    - ``distinct_voices``: distinct canonical speakers, anonymous ones counted as one voice
      (``count``; ``total`` is the number of attributions).

    Every outlet in ``articles`` gets every category, zero counts included; ``caveat`` says when an
    outlet has too few articles or attributions to compare.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AP"], "text": ['"No," Esper said.']})
        >>> m = outlet_measures(extract_corpus(arts), arts)
        >>> m.query("measure == 'voice_share' and count > 0")[["outlet", "category", "count", "share"]].values.tolist()
        [['AP', 'US government', 1, 1.0]]
    """
    frame = _with_outlets(attributions, articles)
    cues = frame.drop_duplicates(["article_id", "cue_start", "cue_end"])
    n_articles = articles.astype({"article_id": str}).groupby("outlet")["article_id"].nunique().to_dict()
    rows = []
    for outlet in plots.order_outlets(set(articles["outlet"].dropna()) | set(frame["outlet"])):
        mine, words = cues[cues["outlet"] == outlet], frame[frame["outlet"] == outlet]
        n = int(n_articles.get(outlet, words["article_id"].nunique()))
        rows += _share_rows(outlet, "voice_share", mine["speaker_group"].value_counts().to_dict(), GROUPS, n)
        rows += _share_rows(outlet, "word_share", words.groupby("speaker_group")["words"].sum().to_dict(), GROUPS, n,
                            interval=False)
        anonymous = {ANONYMOUS: int((mine["speaker_group"] == ANONYMOUS).sum()),
                     "named": int((mine["speaker_group"] != ANONYMOUS).sum())}
        rows += _share_rows(outlet, "anonymous_rate", anonymous, [ANONYMOUS], n)
        rows += _share_rows(outlet, "cue_class", mine["cue_class"].value_counts().to_dict(), CUE_CLASSES, n)
        rows += _share_rows(outlet, "kind", words.drop_duplicates(["article_id", "cue_start", "kind"])["kind"]
                            .value_counts().to_dict(), KINDS, n)
        voices = mine.loc[mine["speaker_canonical"].fillna("") != "", ["speaker_canonical", "speaker_group"]]
        distinct = voices.loc[voices["speaker_group"] != ANONYMOUS, "speaker_canonical"].nunique() + int(
            (voices["speaker_group"] == ANONYMOUS).any())
        rows.append((outlet, "distinct_voices", "speakers", int(distinct), len(mine), float("nan"),
                     float("nan"), float("nan"), n, stats.caveat(len(mine), n, what="attributions")))
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def speaker_table(attributions: pd.DataFrame, articles: pd.DataFrame, *, max_chars: int = 160) -> pd.DataFrame:
    """Who each outlet quotes: per outlet and canonical speaker, how often, how (direct, partial,
    paraphrased), how many words, with which cue classes, and one example (the longest direct quote,
    else the longest content), cut to ``max_chars``.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AP"], "text": ['"No," Esper said.']})
        >>> speaker_table(extract_corpus(arts), arts)[["outlet", "speaker_canonical", "direct", "example"]].values.tolist()
        [['AP', 'Mark Esper', 1, 'No']]
    """
    frame = _with_outlets(attributions, articles)
    frame = frame[frame["speaker_canonical"].fillna("") != ""]
    rows = []
    order = {o: i for i, o in enumerate(plots.order_outlets(frame["outlet"]))}
    for (outlet, speaker), group in frame.groupby(["outlet", "speaker_canonical"], sort=True):
        cues = group.drop_duplicates(["article_id", "cue_start", "cue_end"])
        kinds = group.drop_duplicates(["article_id", "cue_start", "kind"])["kind"].value_counts()
        direct = group[group["kind"] == "direct"]
        pick = (direct if len(direct) else group).assign(length=lambda d: d["content"].str.len())
        best = pick.sort_values(["length", "article_id", "cue_start"], ascending=[False, True, True]).iloc[0]
        text = re.sub(r"\s+", " ", best["content"]).strip()
        example = text if len(text) <= max_chars else text[:max_chars - 1].rstrip() + "\u2026"
        classes = cues["cue_class"].value_counts()
        rows.append((outlet, speaker, group["speaker_group"].mode().iloc[0], len(cues), int(kinds.get("direct", 0)),
                     int(kinds.get("partial", 0)), int(kinds.get("indirect", 0) + kinds.get("according_to", 0)),
                     int(group["words"].sum()), "; ".join(f"{c} {int(classes[c])}" for c in CUE_CLASSES if c in classes),
                     example, best["kind"], best["article_id"]))
    table = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    table["_order"] = table["outlet"].map(order)
    table = table.sort_values(["_order", "attributions", "words", "speaker_canonical"], ascending=[True, False, False, True])
    return table.drop(columns="_order").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Report helpers: the tables the notebook shows beside the measures
# --------------------------------------------------------------------------------------

EXAMPLE_COLUMNS = ["outlet", "article_id", "speaker", "speaker_canonical", "speaker_group", "cue", "cue_class",
                   "kind", "content"]


def empty_tables() -> dict[str, pd.DataFrame]:
    """The tables of :func:`build` with their columns and no rows: what a corpus without attributions gives.

    Example:
        >>> {name: len(t) for name, t in empty_tables().items()}
        {'attributions': 0, 'attribution_by_outlet': 0, 'attribution_speakers': 0}
    """
    return {
        "attributions": _empty(["article_id", *ATTRIBUTION_COLUMNS]),
        "attribution_by_outlet": pd.DataFrame(columns=MEASURE_COLUMNS),
        "attribution_speakers": pd.DataFrame(columns=SPEAKER_COLUMNS),
    }


def attribution_rows(attributions: pd.DataFrame, articles: pd.DataFrame, *, speaker_group=None, cue_class=None,
                     kind=None) -> pd.DataFrame:
    """The attributions themselves, with their outlet and full content, for reading beside a measure.

    ``speaker_group``, ``cue_class`` and ``kind`` keep only rows with that value (a string or a list
    of strings); rows come in outlet order, then article and cue order. No match gives an empty table.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AP"]})
        >>> att = pd.DataFrame({"article_id": ["a", "a"], "speaker": ["he", "officials"],
        ...     "speaker_canonical": ["Mark Esper", "officials"], "speaker_group": ["US government", ANONYMOUS],
        ...     "cue": ["said", "claimed"], "cue_class": ["neutral", "distancing"], "kind": ["direct", "indirect"],
        ...     "content": ["No", "it was lawful"], "cue_start": [5, 20], "content_start": [1, 28]})
        >>> attribution_rows(att, arts, cue_class="distancing")[["outlet", "cue", "content"]].values.tolist()
        [['AP', 'claimed', 'it was lawful']]
    """
    outlets = articles[["article_id", "outlet"]].astype({"article_id": str}).drop_duplicates("article_id")
    frame = attributions.astype({"article_id": str}).merge(outlets, on="article_id", how="left")
    frame["outlet"] = frame["outlet"].fillna("unknown")
    for column, wanted in (("speaker_group", speaker_group), ("cue_class", cue_class), ("kind", kind)):
        if wanted is not None:
            frame = frame[frame[column].isin([wanted] if isinstance(wanted, str) else list(wanted))]
    order = {o: i for i, o in enumerate(plots.order_outlets(frame["outlet"]))}
    frame = frame.assign(_o=frame["outlet"].map(order)).sort_values(
        ["_o", "article_id", "cue_start", "content_start"], kind="stable")
    return frame[EXAMPLE_COLUMNS].reset_index(drop=True)


def mark_differences(table: pd.DataFrame, *, by=("measure", "category"), low: str = "ci_low",
                     high: str = "ci_high") -> pd.DataFrame:
    """``table`` with a ``differs_from`` column: the outlets whose 95% interval (same ``by`` values)
    does not overlap this row's (:func:`analysis.stats.intervals_overlap`), '' when every one overlaps.

    Only non-overlapping intervals are called a difference; a row without an interval differs from
    nothing. Works on :func:`outlet_measures` and on any table with ``outlet`` and interval columns.

    Example:
        >>> t = pd.DataFrame({"outlet": ["A", "B", "C"], "measure": ["m"] * 3, "category": ["x"] * 3,
        ...                   "ci_low": [0.0, 0.3, 0.05], "ci_high": [0.1, 0.6, 0.4]})
        >>> mark_differences(t)["differs_from"].tolist()
        ['B', 'A', '']
    """
    out = table.copy().reset_index(drop=True)
    keys = [c for c in by if c in out.columns]
    groups = out.groupby(keys, sort=False, dropna=False).groups if keys else {None: out.index}
    differs = pd.Series("", index=out.index, dtype=object)
    for index in groups.values():
        rows = out.loc[index]
        for i, row in rows.iterrows():
            if pd.isna(row[low]) or pd.isna(row[high]):
                continue
            others = [str(o.outlet) for o in rows.drop(index=i).itertuples(index=False)
                      if not pd.isna(getattr(o, low)) and not pd.isna(getattr(o, high))
                      and not stats.intervals_overlap(row[low], row[high], getattr(o, low), getattr(o, high))]
            differs[i] = ", ".join(others)
    out["differs_from"] = differs
    return out


def gold_check(gold: pd.DataFrame, articles: pd.DataFrame, attributions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score ``attributions`` against hand labels for the labelled articles present in ``articles``.

    ``gold`` is a gold file as in ``tests/data/attribution`` (text anchors, see :func:`locate_gold`);
    rows of articles not in ``articles`` are left out silently, so another corpus simply gives empty
    tables. Returns (scores, misses): one row per rate (cue precision and recall, speaker right on
    found cues, quotes found, quote speaker right) with ``count``, ``total``, ``rate`` and a Wilson
    95% interval; and every required gold attribution not found or found with another speaker.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "text": ['"No," Esper said.']})
        >>> g = pd.DataFrame({"article_id": ["a", "b"], "cue": ["said", "said"], "cue_anchor": ["Esper said", "x"],
        ...                   "speaker": ["Mark Esper", "x"], "kind": ["direct"] * 2, "content_anchor": ["No", ""],
        ...                   "optional": ["0", "0"], "note": ["", ""]})
        >>> p = pd.DataFrame({"article_id": ["a"], "speaker_canonical": ["Mark Esper"], "speaker_resolved": ["Esper"],
        ...                   "speaker_group": ["US government"], "cue": ["said"], "cue_start": [11], "cue_end": [15],
        ...                   "content_start": [1], "content_end": [3]})
        >>> scores, misses = gold_check(g, arts, p)
        >>> scores[["measure", "count", "total"]].values.tolist()[:2], len(misses)
        ([['cue precision', 1, 1], ['cue recall', 1, 1]], 0)
    """
    miss_columns = ["article_id", "cue", "cue_start", "speaker", "found", "predicted_speaker", "predicted_cue"]
    score_columns = ["measure", "count", "total", "rate", "ci_low", "ci_high"]
    ids = set(articles["article_id"].astype(str))
    gold = gold[gold["article_id"].astype(str).isin(ids)]
    located = locate_gold(gold, articles) if len(gold) else pd.DataFrame()
    if located.empty:
        return pd.DataFrame(columns=score_columns), pd.DataFrame(columns=miss_columns)
    predicted = attributions[attributions["article_id"].astype(str).isin(set(located["article_id"]))]
    result, detail = evaluate(located, predicted, details=True)
    tp = result["true_positives"]
    found = detail[detail["found"] & ~detail["optional"]]
    counts = [("cue precision", tp, tp + result["false_positives"]), ("cue recall", tp, result["gold_cues"]),
              ("speaker right on found cues", result["speaker_correct"], tp),
              ("quotes found", result["quotes_found"], result["gold_quotes"]),
              ("quote speaker right", int(found["speaker_right"].sum()), len(found))]
    rows = [(m, int(c), int(n), c / n if n else float("nan"), *stats.wilson_ci(int(c), int(n))) for m, c, n in counts]
    misses = detail[~detail["optional"] & ~(detail["found"] & detail["speaker_right"])]
    return pd.DataFrame(rows, columns=score_columns), misses[miss_columns].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------

# Okabe-Ito and Tol colour-blind-safe colours, one per speaker group (outlet colours stay for outlets).
GROUP_COLORS = {
    "US government": "#0072B2", "Iranian government and IRGC": "#009E73", "Iraqi government": "#E69F00",
    "Iraqi militias": "#D55E00", "NATO and allied governments": "#56B4E9",
    "Other governments and international bodies": "#CC79A7", "Media": "#F0E442",
    "Anonymous sources": "#000000", "Other": "#999999",
}
CLASS_LABELS = {"neutral": "neutral\n(said, told)", "distancing": "distancing\n(claimed)",
                "confirming": "confirming\n(noted)", "accusing": "accusing\n(accused, warned)",
                "conceding": "conceding\n(admitted)"}


def _measure_rows(attribution_by_outlet: pd.DataFrame, measure: str, column: str) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one measure (its category renamed ``column``) for the outlets with any attribution, and those outlets in order."""
    data = attribution_by_outlet[attribution_by_outlet["measure"] == measure][
        ["outlet", "category", "count", "total", "share"]].rename(columns={"category": column})
    outlets = plots.order_outlets(data.loc[data["total"] > 0, "outlet"])
    return data[data["outlet"].isin(outlets)].reset_index(drop=True), outlets


def plot_voice_share(attribution_by_outlet: pd.DataFrame, figures_dir, *, measure: str = "voice_share",
                     name: str = "attribution_voice_share") -> Path:
    """Stacked bars: each outlet's attributions (or, with ``measure="word_share"``, words) by speaker group."""
    import matplotlib.pyplot as plt

    data, outlets = _measure_rows(attribution_by_outlet, measure, "speaker_group")
    if not outlets:
        fig, _ = plots.empty_figure("No attributions to plot.")
        return plots.save_figure(fig, data, name, figures_dir)
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(outlets) + 1.8))
    left = np.zeros(len(outlets))
    for group in GROUPS:
        shares = [float(data.loc[(data["outlet"] == o) & (data["speaker_group"] == group), "share"].sum()) for o in outlets]
        if not any(shares):
            continue
        _ = ax.barh(range(len(outlets)), shares, left=left, color=GROUP_COLORS[group], label=group,
                    edgecolor="white", linewidth=0.5)
        left += np.array(shares)
    totals = data.groupby("outlet")["total"].first()
    _ = ax.set_yticks(range(len(outlets)), [f"{o} (n={int(totals[o])})" for o in outlets])
    for tick, outlet in zip(ax.get_yticklabels(), outlets):
        tick.set_color(plots.outlet_color(outlet))
    ax.invert_yaxis()
    _ = ax.set_xlim(0, 1)
    _ = ax.set_xlabel("share of attributions" if measure == "voice_share" else "share of attributed words")
    _ = ax.set_title("Whose voices each outlet carries")
    _ = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize=8, frameon=False)
    return plots.save_figure(fig, data, name, figures_dir)


def plot_cue_heatmap(attribution_by_outlet: pd.DataFrame, figures_dir, *, name: str = "attribution_cue_classes") -> Path:
    """Heatmap: share of each outlet's attributions by cue stance, counts in the cells."""
    import matplotlib.pyplot as plt

    data, outlets = _measure_rows(attribution_by_outlet, "cue_class", "cue_class")
    if not outlets:
        fig, _ = plots.empty_figure("No attributions to plot.")
        return plots.save_figure(fig, data, name, figures_dir)
    grid = np.array([[float(data.loc[(data["outlet"] == o) & (data["cue_class"] == c), "share"].sum())
                      for c in CUE_CLASSES] for o in outlets])
    counts = np.array([[int(data.loc[(data["outlet"] == o) & (data["cue_class"] == c), "count"].sum())
                        for c in CUE_CLASSES] for o in outlets])
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(outlets) + 1.6))
    image = ax.imshow(grid, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(len(outlets)):
        for j in range(len(CUE_CLASSES)):
            _ = ax.text(j, i, f"{grid[i, j]:.0%}\n({counts[i, j]})", ha="center", va="center", fontsize=8,
                        color="white" if grid[i, j] > 0.6 else "black")
    _ = ax.set_xticks(range(len(CUE_CLASSES)), [CLASS_LABELS[c] for c in CUE_CLASSES], fontsize=8)
    _ = ax.set_yticks(range(len(outlets)), outlets)
    for tick, outlet in zip(ax.get_yticklabels(), outlets):
        tick.set_color(plots.outlet_color(outlet))
    _ = ax.set_title("How each outlet introduces what sources say (share of attributions, count)")
    _ = fig.colorbar(image, ax=ax, fraction=0.03, label="share")
    return plots.save_figure(fig, data, name, figures_dir)


def plot_quote_table(attribution_speakers: pd.DataFrame, figures_dir, *, per_outlet: int = 5,
                     width: int = 70, name: str = "attribution_who_speaks") -> Path:
    """A table figure: the speakers each outlet quotes most, with how and one quote."""
    import textwrap

    import matplotlib.pyplot as plt

    data = (attribution_speakers.groupby("outlet", sort=False, group_keys=False).head(per_outlet)
            [["outlet", "speaker_canonical", "speaker_group", "attributions", "direct", "partial", "paraphrased",
              "example", "example_kind"]]
            .reset_index(drop=True))
    if data.empty:
        fig, _ = plots.empty_figure("No attributions to show.")
        return plots.save_figure(fig, data, name, figures_dir)
    cells = [[r.outlet, r.speaker_canonical, r.speaker_group,
              f"{r.attributions}: {r.direct} direct, {r.partial} partial,\n{r.paraphrased} paraphrased",
              textwrap.fill(("\u201c" + str(r.example) + "\u201d") if r.example_kind == "direct" else f"(paraphrase) {r.example}", width)]
             for r in data.itertuples()]
    heights = [max(2, c[4].count("\n") + 1) for c in cells]
    fig, ax = plt.subplots(figsize=(13, 0.3 * sum(heights) + 0.8))
    ax.axis("off")
    table = ax.table(cellText=cells, colLabels=["outlet", "speaker", "group", "attributions", "example"],
                     colWidths=[0.08, 0.17, 0.17, 0.16, 0.42], loc="upper center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7.5)
    for (row, col), cell in table.get_celld().items():
        if row > 0:
            cell.set_height(0.3 * heights[row - 1] / (0.3 * sum(heights) + 0.8))
            if col == 0:
                cell.get_text().set_color(plots.outlet_color(cells[row - 1][0]))
    _ = ax.set_title("Who each outlet quotes, and what they say", fontsize=10)
    return plots.save_figure(fig, data, name, figures_dir)


# --------------------------------------------------------------------------------------
# Pipeline entry point
# --------------------------------------------------------------------------------------


def build(articles: pd.DataFrame, sentences: pd.DataFrame | None = None, **tables) -> dict[str, pd.DataFrame]:
    """The attribution lens over a corpus: tables to write to ``data/processed/``.

    ``sentences`` is accepted for the pipeline's common signature but not needed: the lens parses
    paragraphs itself (the dependency parse is its backbone). ``tables`` may hold ``actors`` (an
    actor table), ``reporting_verbs`` and ``speaker_groups`` to override the packaged ones.

    Returns:
        ``attributions`` (``article_id`` + :data:`ATTRIBUTION_COLUMNS`, sorted),
        ``attribution_by_outlet`` (:func:`outlet_measures`) and ``attribution_speakers``
        (:func:`speaker_table`).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["AP"], "text": ['"No," Esper said.']})
        >>> sorted(build(arts, None))
        ['attribution_by_outlet', 'attribution_speakers', 'attributions']
    """
    attributions = extract_corpus(articles, verbs=tables.get("reporting_verbs"), groups=tables.get("speaker_groups"),
                                  actors=tables.get("actors"))
    return {
        "attributions": attributions,
        "attribution_by_outlet": outlet_measures(attributions, articles),
        "attribution_speakers": speaker_table(attributions, articles),
    }


def draw_figures(tables: dict[str, pd.DataFrame], figures_dir) -> list[Path]:
    """The attribution figures of the report: voice and word share by group, cue stance, who speaks."""
    by_outlet, speakers = tables["attribution_by_outlet"], tables["attribution_speakers"]
    return [
        plot_voice_share(by_outlet, figures_dir),
        plot_voice_share(by_outlet, figures_dir, measure="word_share", name="attribution_word_share"),
        plot_cue_heatmap(by_outlet, figures_dir),
        plot_quote_table(speakers, figures_dir),
    ]
