"""Cleaning raw page text: Unicode normalisation and line rules with an audit trail.

Raw pages are flattened web pages: the article sits between navigation,
registration forms, privacy notices, photo captions and link lists. This module
classifies every line of a page with general rules (line shape, widget phrases
from ``analysis/data/boilerplate.csv``, policy vocabulary, repetition) and
keeps a record of each dropped line with the rule that dropped it. A rule's ``kind`` says how its pattern
matches: ``exact`` (the whole line, case-folded), ``prefix`` (the line's start, case-sensitive), ``regex``
(anywhere in the line: the line is dropped), ``tail`` (anywhere in a text corpus's line: the line is cut
there and the rest kept, for furniture glued after a paragraph) or ``inline`` (case-sensitive, anywhere in a text
corpus's line: the match, or its group ``cut``, is removed and the line kept, for link text pasted inside a
sentence).

Two normal forms are used:

* :func:`normalize_text` produces the article text (NFC, non-breaking and odd
  spaces made plain, zero-width characters removed). Offsets in every table
  refer to this text.
* :func:`fold_for_matching` maps curly quotes, primes and dashes to ASCII
  **one character for one**, so a regex can match ``'`` and ``’`` alike while
  offsets stay valid in the normalised text.

Example:
    >>> normalize_text("US\\u00a0Secretary\\u200b of State")
    'US Secretary of State'
    >>> fold_for_matching("Iran\\u2019s \\u201ctop\\u201d general")
    'Iran\\'s "top" general'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HYPHENS = {ord("\u2011"): "-", ord("\u2010"): "-"}
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
    }
)
TERMINAL = (".", "!", "?", ":", ";", "…")
CLOSERS = "\"')]»”’ "
BULLETS = ("•", "·", "▪", "◦", "‣", "●", "* ", "- ", "– ", "— ")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    said says also would could may might must shall""".split()
)
_PERSONAL = re.compile(r"\b(you|your|yours|we|our|us|users?)\b", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """Article-text normal form: NFC, plain spaces, no zero-width characters, single spaces in lines."""
    text = unicodedata.normalize("NFC", text).translate(_SPACES).translate(_ZERO_WIDTH).translate(_HYPHENS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))


def fold_for_matching(text: str) -> str:
    """Fold quote and dash variants to ASCII, one character for one (offsets are preserved)."""
    return text.translate(_FOLD)


def words(text: str) -> list[str]:
    """Alphabetic words of ``text`` (apostrophes inside words kept)."""
    return _WORD.findall(text)


def stopword_ratio(text: str) -> float:
    """Share of words that are English function words (0 for a line without words)."""
    tokens = [w.lower() for w in words(text)]
    return sum(t in STOPWORDS for t in tokens) / len(tokens) if tokens else 0.0


def is_bullet(line: str) -> bool:
    """True for a list item ('• ...', '- ...')."""
    return line.startswith(BULLETS)


def strip_bullet(line: str) -> str:
    """The text of a list item without its bullet."""
    return line.lstrip("•·▪◦‣●*-–— ").strip() if is_bullet(line) else line


def ends_like_sentence(line: str) -> bool:
    """True when a line ends with terminal punctuation (closing quotes and brackets allowed after it).

    Example:
        >>> ends_like_sentence('"We know," he added.'), ends_like_sentence("Trump 'directed' strike to 'deter attacks'")
        (True, False)
    """
    return line.rstrip(CLOSERS).endswith(TERMINAL)


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule from the rule table."""

    rule: str
    kind: str
    pattern: str
    regex: re.Pattern | None


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """The boilerplate rule table (``analysis/data/boilerplate.csv`` by default), compiled; read it once per build."""
    table = pd.read_csv(path or paths.package_table("boilerplate.csv"), dtype=str, keep_default_na=False)
    rules = []
    for row in table.itertuples(index=False):
        regex = (re.compile(row.pattern, re.IGNORECASE) if row.kind in ("regex", "tail")
                 else re.compile(row.pattern) if row.kind == "inline" else None)
        pattern = row.pattern if row.kind == "prefix" else row.pattern.lower()
        rules.append(Rule(row.rule, row.kind, pattern, regex))
    return tuple(rules)


def _matches(rule: Rule, key: str, folded: str) -> bool:
    if rule.kind == "exact":
        return key == rule.pattern
    if rule.kind == "prefix":
        return folded.startswith(rule.pattern)
    return bool(rule.regex.search(key))


def match_rule(line: str, rules: tuple[Rule, ...]) -> str | None:
    """The name of the first table rule a line matches, or None.

    ``policy`` rules need two hits, or one hit in a line that addresses the
    reader ("your account", "we use cookies"), so that a news sentence that
    mentions a password or a register is not dropped.

    Example:
        >>> match_rule("Related:", load_rules())
        'end_marker'
        >>> match_rule("Please review our Privacy Policy.", load_rules())
        'policy'
        >>> match_rule("Voters must register by Friday, officials said.", load_rules()) is None
        True
    """
    folded = fold_for_matching(line).strip()
    key = folded.lower().rstrip(":").strip()
    policy_hits = 0
    for rule in rules:
        if rule.kind in ("tail", "inline"):
            continue
        if rule.kind == "exact":
            if key == rule.pattern:
                return rule.rule
            continue
        if rule.rule == "policy":
            policy_hits += bool(rule.regex.search(folded))
            continue
        if _matches(rule, key, folded):
            return rule.rule
    if policy_hits >= 2 or (policy_hits == 1 and _PERSONAL.search(folded)):
        return "policy"
    return None


def cut_tail(line: str, rules: tuple[Rule, ...]) -> tuple[str, str, str | None]:
    """A line without the page furniture a ``tail`` rule finds glued to its end (a photo gallery after the last
    paragraph): (the line kept, the tail cut, the rule's name), or (line, "", None).

    Example:
        >>> cut_tail("CNN's Ted Barrett contributed to this report. Hide Caption 1 of 18 Photos: Key players", load_rules())
        ("CNN's Ted Barrett contributed to this report.", 'Hide Caption 1 of 18 Photos: Key players', 'caption')
    """
    for rule in rules:
        if rule.kind == "tail" and (found := rule.regex.search(line)):
            return line[:found.start()].rstrip(), line[found.start():], rule.rule
    return line, "", None


def cut_inline(line: str, rules: tuple[Rule, ...]) -> tuple[str, list[tuple[str, str]]]:
    """A line without the link text an ``inline`` rule finds inside it (a hover card pasted after a name):
    (the line kept, [(text cut, rule name), ...]). The rule's group ``cut`` is removed (the whole match if it has
    none), with the space before it; ``inline`` patterns are case-sensitive.

    Example:
        >>> cut_inline("Treasury Secretary Steven Mnuchin Steven Terner MnuchinTrump on debt: 'We had no choice' MORE "
        ...            "said the government would spend what it takes.", load_rules())[0]
        'Treasury Secretary Steven Mnuchin said the government would spend what it takes.'
    """
    cuts = []
    for rule in rules:
        if rule.kind != "inline":
            continue
        kept, last = [], 0
        for found in rule.regex.finditer(line):
            start, end = found.span("cut") if "cut" in rule.regex.groupindex else found.span()
            kept.append(line[last:start].rstrip())
            cuts.append((line[start:end], rule.rule))
            last = end
        if kept:
            line = "".join(kept) + line[last:]
    return line, cuts


def repeat_key(line: str) -> str | None:
    """The key under which a line counts as a repeat of an earlier one of the same page or article (a summary
    block or pull quote printed twice), or None for a line too short to tell (under three words).

    Example:
        >>> repeat_key("The right sees this as a full exoneration."), repeat_key("Read more")
        ('the right sees this as a full exoneration.', None)
    """
    return fold_for_matching(line).lower() if len(words(line)) >= 3 else None


def line_shape(line: str) -> str | None:
    """C4-style shape rules for a line that no table rule matched: a rule name or None.

    * ``short_fragment``: fewer than three words and no terminal punctuation.
    * ``link_or_label``: no terminal punctuation, under 8 words (kept aside as a
      possible headline by the story splitter).
    * ``tag_list``: comma-separated names with almost no function words.
    * ``crosshead``: an all-capitals line of a few words (a sub-heading).
    """
    n_words = len(words(line))
    if n_words == 0:
        return "no_words"
    letters = [c for c in line if c.isalpha()]
    if n_words <= 8 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and not ends_like_sentence(line):
        return "crosshead"
    if line.count(",") >= 3 and stopword_ratio(line) < 0.1:
        return "tag_list"
    if ends_like_sentence(line) and n_words >= 3:
        return None
    if n_words < 3:
        return "short_fragment"
    if n_words < 8 and not ends_like_sentence(line):
        return "link_or_label"
    return None


def is_headline_like(line: str) -> bool:
    """A headline: 3 to 30 words, no full stop at the end, not all function words."""
    n = len(words(line))
    text = fold_for_matching(line.rstrip())
    return 3 <= n <= 30 and not text.endswith((".", ";", ",")) and stopword_ratio(line) < 0.6


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's content words found in the longer one (0..1).

    Example:
        >>> round(similarity("NATO suspended its training mission", "NATO said it suspended its training mission in Iraq."), 2)
        1.0
    """
    wa = {w.lower() for w in words(a)} - STOPWORDS
    wb = {w.lower() for w in words(b)} - STOPWORDS
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text`` (blank-line separated), white space trimmed.

    A text with no blank line whose lines mostly end a sentence is read one paragraph per line.

    Example:
        >>> paragraph_spans("One.\\n\\nTwo.")
        [(0, 4), (6, 10)]
    """
    spans = _trimmed_spans(text, re.finditer(r"\n[ \t\xa0\r]*\n\s*", text))
    if len(spans) == 1:
        start, end = spans[0]
        lines = _trimmed_spans(text[start:end], re.finditer(r"\n", text[start:end]))
        ends_sentence = [text[start + e - 1] in ".?!\u2026\u201d\u00bb\"" for _, e in lines]
        if len(lines) >= 2 and sum(ends_sentence) >= 0.5 * len(lines):
            spans = [(start + s, start + e) for s, e in lines]
    return spans


def _trimmed_spans(text: str, breaks: Iterable[re.Match]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in breaks:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        left, right = len(chunk) - len(chunk.lstrip()), len(chunk) - len(chunk.rstrip())
        if e - right > s + left:
            out.append((s + left, e - right))
    return out
