"""From one flattened web page to its stories: line classification and story splitting.

Every line of a page gets a role: body paragraph, headline, or a removal rule
(see :mod:`analysis.clean`). Lines are then grouped into stories: a page that
carries two agency stories one after the other is split where a headline is
followed by a credit line ("AFP") or a dateline ("BRUSSELS:"). For each story
the outlet and date are detected with their evidence (:mod:`analysis.provenance`).

Example:
    >>> page = "Big news today\\nReuters\\nLONDON: The minister said on Monday that taxes will rise.\\nRelated\\nOther story"
    >>> [s.headline for s in split_page(page, source_file="p.txt")]
    ['Big news today']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from . import clean, provenance

PAGE_DATE = re.compile(r"^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})?\b", re.IGNORECASE)
LOOKAHEAD = 8
MIN_BODY_BEFORE_END = 2
STANDFIRST_SIMILARITY = 0.6
MAX_CREDIT_WORDS = 8


@dataclass
class Line:
    """A line of a page and what the cleaner decided about it."""

    no: int
    text: str
    rule: str | None = None
    outlet: str | None = None
    cuts: list = field(default_factory=list)  # (text, rule) of page furniture cut from inside the line

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Story:
    """One story found on a page."""

    source_file: str
    story: int
    headline: str = ""
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    page_date: str | None = None
    header_dates: list[str] = field(default_factory=list)
    first_line: int = 0


def classify_lines(text: str, *, rules=None, outlets: pd.DataFrame | None = None) -> list[Line]:
    """Normalise a page and give each line a first rule (None for possible content)."""
    rules = rules if rules is not None else clean.load_rules()
    outlets = outlets if outlets is not None else provenance.load_outlets()
    lines = [Line(no, t) for no, t in enumerate(clean.normalize_text(text).split("\n"), start=1)]
    for line in lines:
        if line.blank:
            continue
        line.text, line.cuts = clean.cut_inline(line.text, rules)
        line.text, tail, cut = clean.cut_tail(line.text, rules)
        if cut is not None:
            line.cuts.append((tail, cut))
        if line.blank:
            continue
        if line.no <= 3 and PAGE_DATE.match(line.text):
            line.rule = "page_date_field"
        elif (outlet := provenance.outlet_of_line(line.text, outlets)) is not None:
            line.rule, line.outlet = "credit_line", outlet
        elif re.fullmatch(r"(https?://|www\.)\S+", line.text):
            line.rule = "url"
        else:
            line.rule = clean.match_rule(line.text, rules)
    _mark_captions(lines)
    _mark_policy_lists(lines)
    _mark_duplicates(lines)
    return lines


def _neighbours(lines: list[Line], i: int):
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and not lines[j].blank:
            yield lines[j]


def _mark_captions(lines: list[Line]) -> None:
    """A line directly above or below a stand-alone photo credit (no blank line between) is its caption.

    A credit that ends a caption line ('... (AP Photo/Name)') carries its own caption, so its
    neighbours are left alone.
    """
    for i, line in enumerate(lines):
        if line.rule is None and not line.blank and any(
                n.rule == "photo_credit" and len(clean.words(n.text)) <= MAX_CREDIT_WORDS for n in _neighbours(lines, i)):
            line.rule = "caption"


def _mark_policy_lists(lines: list[Line]) -> None:
    """List items that follow a policy line belong to it (comment rules, consent lists)."""
    in_policy = False
    for line in lines:
        if line.blank:
            continue
        if line.rule == "policy":
            in_policy = True
        elif clean.is_bullet(line.text) and in_policy:
            line.rule = line.rule or "policy"
        else:
            in_policy = False


def _mark_duplicates(lines: list[Line]) -> None:
    """Later copies of a line already seen on the page (repeated headlines, captions)."""
    seen: dict[str, Line] = {}
    for line in lines:
        if line.blank:
            continue
        key = clean.repeat_key(line.text)
        if key is not None and key in seen:
            first = seen[key]
            if line.rule is None:
                line.rule = first.rule if first.rule in {"caption", "photo_credit"} else "duplicate_line"
        else:
            seen.setdefault(key, line)


def is_body(line: Line) -> bool:
    """A content line that reads as a paragraph: sentence-final punctuation, or 15+ words."""
    if line.rule is not None or line.blank:
        return False
    return clean.ends_like_sentence(line.text) or len(clean.words(line.text)) >= 15


def _starts_story(lines: list[Line], i: int, outlets: pd.DataFrame) -> bool:
    """A headline at ``i`` opens a story when a credit line or a dateline follows it closely."""
    seen = 0
    for line in lines[i + 1:]:
        if line.blank:
            continue
        seen += 1
        if seen > LOOKAHEAD:
            return False
        if line.rule == "credit_line":
            return True
        if is_body(line) and not clean.is_bullet(line.text):
            return provenance.find_dateline(line.text, outlets) is not None
    return False


def split_page(text: str, *, source_file: str, rules=None, outlets: pd.DataFrame | None = None) -> list[Story]:
    """Split a page into stories and finish the line audit (see :func:`removed_lines`)."""
    stories, _ = split_page_with_audit(text, source_file=source_file, rules=rules, outlets=outlets)
    return stories


def split_page_with_audit(text: str, *, source_file: str, rules=None, outlets: pd.DataFrame | None = None):
    """Stories of a page, and every line with its final rule (None = kept)."""
    outlets = outlets if outlets is not None else provenance.load_outlets()
    lines = classify_lines(text, rules=rules, outlets=outlets)
    page_date = next((m.group(1) for line in lines[:3] if (m := PAGE_DATE.match(line.text)) and m.group(1)), None)
    stories: list[Story] = []
    current = Story(source_file, 1, page_date=page_date)
    standfirst: list[Line] = []
    body_lines: list[Line] = []
    ended = False
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if ended:
            line.rule = line.rule or "after_article_end"
            continue
        if line.rule == "end_marker" and len(body_lines) >= MIN_BODY_BEFORE_END:
            ended = True
            continue
        if line.rule == "credit_line":
            current.evidence.append(provenance.Evidence(line.outlet, "credit line", line.text, line.no))
            continue
        if line.rule == "timestamp" and not current.paragraphs:
            if (d := provenance.parse_date(line.text)) is not None:
                current.header_dates.append(d)
            continue
        if line.rule is not None:
            continue
        if not current.paragraphs and clean.is_bullet(line.text):
            standfirst.append(line)
            continue
        if (not current.paragraphs and not current.headline and clean.is_headline_like(line.text)
                and not clean.ends_like_sentence(line.text)):
            current.headline = line.text
            current.first_line = line.no
            continue
        if is_body(line):
            if not current.paragraphs:
                current.first_line = current.first_line or line.no
                current.paragraphs.append(_take_dateline(current, line, outlets))
            else:
                current.paragraphs.append(line.text)
            body_lines.append(line)
            continue
        if clean.is_headline_like(line.text):
            if current.paragraphs and _starts_story(lines, i, outlets):
                _finish_standfirst(standfirst, current)
                stories.append(current)
                current = Story(source_file, len(stories) + 1, page_date=page_date, first_line=line.no)
                standfirst = []
                current.headline = line.text
                continue
            if not current.paragraphs and not current.headline:
                current.headline = line.text
                current.first_line = line.no
                continue
        line.rule = clean.line_shape(line.text) or "no_terminal_punctuation"
    _finish_standfirst(standfirst, current)
    stories.append(current)
    for story in stories:
        _page_wide_evidence(story, lines, outlets)
    return [s for s in stories if s.paragraphs or len(stories) == 1], lines


def _take_dateline(story: Story, line: Line, outlets: pd.DataFrame) -> str:
    """Move a leading dateline from the first paragraph into the story; return the paragraph."""
    found = provenance.find_dateline(line.text, outlets)
    if found is None:
        return line.text
    dateline, agency = found
    story.dateline = dateline.strip()
    if agency:
        story.evidence.append(provenance.Evidence(agency, "dateline", dateline.strip(), line.no))
    if (d := provenance.parse_date(dateline)) is not None:
        story.header_dates.append(d)
    return line.text[len(dateline):]


def _finish_standfirst(standfirst: list[Line], story: Story) -> None:
    """Standfirst bullets are summaries: record whether each repeats a body sentence."""
    for line in standfirst:
        item = clean.strip_bullet(line.text)
        best = max((clean.similarity(item, p) for p in story.paragraphs), default=0.0)
        line.rule = "standfirst_repeat" if best >= STANDFIRST_SIMILARITY else "standfirst_summary"


def _page_wide_evidence(story: Story, lines: list[Line], outlets: pd.DataFrame) -> None:
    """Site names and addresses anywhere on the page; self-references in the story's body."""
    for line in lines:
        if line.blank:
            continue
        if line.rule == "photo_credit" or (line.rule == "caption" and "(" in line.text):
            story.evidence.extend(provenance.photo_credit_evidence(line.text, outlets, line_no=line.no))
        elif line.rule in {"url", "related_link"}:
            story.evidence.extend(provenance.domain_evidence(line.text, outlets, line_no=line.no))
        elif line.rule is not None:
            story.evidence.extend(provenance.domain_evidence(line.text, outlets, line_no=line.no, kind="site mention"))
    for paragraph in story.paragraphs:
        story.evidence.extend(provenance.text_evidence(paragraph, outlets))


def removed_lines(lines: list[Line], source_file: str) -> pd.DataFrame:
    """The audit table of dropped lines: ``source_file, line_no, text, rule``."""
    rows = [(source_file, line.no, text, rule) for line in lines for text, rule in line.cuts]
    rows += [(source_file, line.no, line.text, line.rule) for line in lines if not line.blank and line.rule]
    return pd.DataFrame(sorted(rows, key=lambda r: r[1]), columns=["source_file", "line_no", "text", "rule"])
