"""Who wrote a story, and when: outlet and date detection with the evidence kept.

An outlet is credited from bylines, datelines ("Baghdad (Reuters) -"), credit
lines, the site's own name and address, and self-references ("confirmed to
Reuters"). A photo credit ("(AP)", "© AFP") is recorded but is not
authorship, and a citation ("according to The Washington Post", "cited by")
is not authorship either. Outlet names come from ``analysis/data/outlets.csv``
(short name, aliases, web domains); an outlet outside the table keeps the name
it styles itself with.

Example:
    >>> table = load_outlets()
    >>> normalize_outlet("Associated Press", table)
    'AP'
    >>> find_dateline("BRUSSELS (AFP) - NATO said on Tuesday it would move troops.", table)
    ('BRUSSELS (AFP) - ', 'AFP')
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from .clean import fold_for_matching

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9

WEIGHTS = {
    "dateline": 3,
    "credit line": 3,
    "byline": 3,
    "site address": 2,
    "site name": 2,
    "self-reference": 2,
    "interview credit": 1,
    "site mention": 1,
    "metadata": 2,
    "photo credit (not authorship)": 0,
    "citation (not authorship)": 0,
}


@dataclass(frozen=True)
class Evidence:
    """One clue about authorship: which outlet, what kind of clue, where."""

    outlet: str
    kind: str
    text: str
    line_no: int

    def describe(self) -> str:
        where = f" (line {self.line_no})" if self.line_no > 0 else ""
        return f"{self.kind} '{self.text}'{where}"


def load_outlets(path: str | Path | None = None) -> pd.DataFrame:
    """The outlet table: ``outlet, aliases, domains, kind, source``; read it once per build and pass it on."""
    return pd.read_csv(path or paths.package_table("outlets.csv"), dtype=str, keep_default_na=False)


def _cached(table: pd.DataFrame, kind: str, make):
    """Alias maps and compiled patterns of an outlet table, kept on the table object itself (``attrs``)."""
    memo = table.attrs.setdefault("derived", {})
    if kind not in memo:
        memo[kind] = make(table)
    return memo[kind]


def _alias_map(table: pd.DataFrame) -> dict[str, str]:
    return _cached(table, "aliases", _make_alias_map)


def _make_alias_map(table: pd.DataFrame) -> dict[str, str]:
    mapping = {}
    for row in table.itertuples(index=False):
        for alias in [row.outlet, *row.aliases.split(";")]:
            if alias.strip():
                mapping[alias.strip().lower()] = row.outlet
    return mapping


def _domain_map(table: pd.DataFrame) -> dict[str, str]:
    return _cached(table, "domains", _make_domain_map)


def _make_domain_map(table: pd.DataFrame) -> dict[str, str]:
    return {d.strip().lower(): row.outlet for row in table.itertuples(index=False) for d in row.domains.split(";") if d.strip()}


def normalize_outlet(name: str, table: pd.DataFrame) -> str:
    """The outlet's short name if ``name`` is a known alias, else ``name`` tidied."""
    clean = re.sub(r"\s+", " ", str(name or "")).strip()
    return _alias_map(table).get(clean.lower(), clean)


def outlet_of_line(line: str, table: pd.DataFrame) -> str | None:
    """The outlet when a whole line is an outlet's name (a credit line such as 'Reuters')."""
    key = fold_for_matching(line).strip().strip(".:|-").strip().lower()
    return _alias_map(table).get(key)


def _alias_pattern(table: pd.DataFrame) -> re.Pattern:
    return _cached(table, "alias_pattern", _make_alias_pattern)


def _make_alias_pattern(table: pd.DataFrame) -> re.Pattern:
    aliases = sorted(_alias_map(table), key=len, reverse=True)
    if not aliases:  # an empty outlet table names no outlet (an empty alternation would match everywhere)
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])", re.IGNORECASE)


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\- ]{1,40}?(?:\s*/\s*[A-Z][A-Za-z.'’\- ]{1,40}?)*)\s*"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{1,30}?)\s*(?=\())?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2}(?:,? \d{4})?\s*)?"
    r"(?:\((?P<agency>[^()]{2,40})\))?\s*(?P<sep>[:\-–—])\s+"
)


def find_dateline(line: str, table: pd.DataFrame) -> tuple[str, str | None] | None:
    """The dateline at the start of a body line and the agency it credits, or None.

    A dateline is an upper-case place ("WASHINGTON:") or a place followed by an
    agency in brackets ("Baghdad (Reuters) –").
    """
    m = _DATELINE.match(line)
    if not m:
        return None
    place, agency = m.group("place").strip(), m.group("agency")
    letters = [c for c in place if c.isalpha()]
    place_is_caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) >= 3
    if agency is None and not place_is_caps:
        return None
    if agency is not None and outlet_of_line(agency, table) is None and not place_is_caps:
        return None
    return m.group(0), (outlet_of_line(agency, table) if agency else None)


_SELF_REF = (
    r"\b(?:confirmed to|seen by|obtained by|reviewed by|a statement to|speaking to|spoke to|spoke with)\s+(?:the\s+)?{a}\b",
    r"\b{a}\s+(?:has\s+)?(?:learned|could not\s+(?:immediately\s+|independently\s+)?(?:verify|confirm|reach|determine))\b",
    r"\b{a}\s+(?:reporters?|correspondents?|journalists?)\b",
)
_INTERVIEW = r"\b(?:told|in an interview with)\s+(?:the\s+)?{a}\b"
_CITATION = (
    r"\b(?:according to|cited by|citing|quoted by|reports? (?:from|by)|reported by)\s+(?:the\s+)?(?:[\w ]{0,30}?\s)?{a}\b",
    r"\b{a}\s+(?:reported|reports|said|wrote|writes)\b",
)


def _make_text_patterns(table: pd.DataFrame) -> list[tuple[re.Pattern, str]]:
    alias_re = "(?:" + "|".join(re.escape(a) for a in sorted(_alias_map(table), key=len, reverse=True)) + ")"
    groups = [(_CITATION, "citation (not authorship)"), (_SELF_REF, "self-reference"), ((_INTERVIEW,), "interview credit")]
    return [(re.compile(p.replace("{a}", f"(?P<o>{alias_re})"), re.IGNORECASE), kind) for patterns, kind in groups for p in patterns]


def text_evidence(text: str, table: pd.DataFrame, *, line_no: int = 0) -> list[Evidence]:
    """Self-references, interview credits and citations of outlets in body text.

    Example:
        >>> [(e.outlet, e.kind) for e in text_evidence("It was confirmed to Reuters by a source, according to CNN.", load_outlets())]
        [('CNN', 'citation (not authorship)'), ('Reuters', 'self-reference')]
    """
    if not _alias_pattern(table).search(text):
        return []
    alias_map = _alias_map(table)
    folded = fold_for_matching(text)
    found: list[Evidence] = []
    claimed: set[tuple[int, int]] = set()
    for regex, kind in _cached(table, "text_patterns", _make_text_patterns):
        for m in regex.finditer(folded):
            span = m.span("o")
            if span not in claimed:
                claimed.add(span)
                found.append(Evidence(alias_map[m.group("o").lower()], kind, m.group(0).strip(), line_no))
    return found


def domain_evidence(line: str, table: pd.DataFrame, *, line_no: int = 0, kind: str = "site address") -> list[Evidence]:
    """Outlet web domains named in a line (a page URL, 'ALSO ON RT.COM', an e-mail address).

    A domain may run into the next word, as flattened link widgets glue them
    ('ALSO ON RT.COMPompeo blames ...').
    """
    found = []
    lowered = line.lower()
    for domain, outlet in _domain_map(table).items():
        if re.search(rf"(?<![\w-]){re.escape(domain)}(?![\w-]*\.)", lowered) or re.search(rf"[./@]{re.escape(domain)}\b", lowered):
            found.append(Evidence(outlet, kind, domain, line_no))
    return found


def photo_credit_evidence(line: str, table: pd.DataFrame, *, line_no: int = 0) -> list[Evidence]:
    """Outlets named in a photo credit: recorded, never counted as authorship."""
    return [Evidence(alias_outlet, "photo credit (not authorship)", line.strip()[:80], line_no)
            for alias_outlet in {_alias_map(table)[m.group(1).lower()] for m in _alias_pattern(table).finditer(line)}]


def choose_outlet(evidence: list[Evidence]) -> tuple[str, str]:
    """The best-supported outlet and a readable summary of all evidence ('' when none counts).

    Example:
        >>> ev = [Evidence("Reuters", "dateline", "Baghdad (Reuters) -", 3), Evidence("AP", "photo credit (not authorship)", "(AP)", 2)]
        >>> choose_outlet(ev)
        ('Reuters', "dateline 'Baghdad (Reuters) -' (line 3); also: photo credit (not authorship) 'AP: (AP)' (line 2)")
    """
    scores: dict[str, int] = defaultdict(int)
    first_seen: dict[str, int] = {}
    for i, ev in enumerate(evidence):
        scores[ev.outlet] += WEIGHTS.get(ev.kind, 0)
        first_seen.setdefault(ev.outlet, i)
    ranked = sorted((o for o in scores if scores[o] > 0), key=lambda o: (-scores[o], first_seen[o]))
    if not ranked:
        others = _describe_all(evidence, with_outlet=True)
        return "", ("no authorship evidence" + (f"; also: {others}" if others else ""))
    best = ranked[0]
    mine = [ev for ev in evidence if ev.outlet == best and WEIGHTS.get(ev.kind, 0) > 0]
    others = [ev for ev in evidence if ev.outlet != best or WEIGHTS.get(ev.kind, 0) == 0]
    summary = _describe_all(mine, with_outlet=False)
    if others:
        summary += "; also: " + _describe_all(others, with_outlet=True)
    return best, summary


def _describe_all(evidence: list[Evidence], *, with_outlet: bool) -> str:
    """Readable evidence list; the same clue on several lines is listed once with its lines."""
    lines: dict[tuple[str, str], list[int]] = {}
    for ev in evidence:
        text = f"{ev.outlet}: {ev.text}" if with_outlet else ev.text
        lines.setdefault((ev.kind, text), [])
        if ev.line_no > 0:
            lines[(ev.kind, text)].append(ev.line_no)
    parts = []
    for (kind, text), nos in lines.items():
        where = f" (line{'s' if len(nos) > 1 else ''} {', '.join(map(str, nos))})" if nos else ""
        parts.append(f"{kind} '{text}'{where}")
    return "; ".join(parts)


_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")


def parse_date(text: str) -> str | None:
    """The first full calendar date in ``text`` as ISO ``YYYY-MM-DD``, or None.

    Example:
        >>> parse_date("3 Jan, 2020 02:55 / Updated 32 minutes ago")
        '2020-01-03'
        >>> parse_date("Published January 7, 2020") , parse_date("no date") is None
        ('2020-01-07', True)
    """
    candidates = []
    for m in _ISO.finditer(text):
        candidates.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DMY.finditer(text):
        month = MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for m in _MDY.finditer(text):
        month = MONTHS.get(m.group(1).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(2))))
    for _, year, month, day in sorted(candidates):
        try:
            return pd.Timestamp(year=year, month=month, day=day).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None
