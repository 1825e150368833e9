"""Speech printed without quotation marks: transcripts, interviews and reprinted statements.

News sites print hearings, interviews and statements as plain paragraphs: ``AMY GOODMAN: ...`` turns,
a Q&A under name headings, or "Read Kavanaugh's opening statement below" followed by the statement.
Those words are the speakers', not the outlet's, so :func:`analysis.annotate.voice.voice_spans` marks
them ``quoted``. Three layouts are recognised, each only when the article shows it more than once:

* **labelled turns**: lines opening with an upper-case speaker label and a colon (``SEN. GRASSLEY:``, ``Q:``),
  with the unlabelled lines that continue a turn; a label naming no speaker (``THE FACTS:``) ends a turn;
* **name headings**: lines that are only a name (``Jason Furman``), at least four of them;
  every line after a heading up to the next is the named speaker's;
* **a lead**: a line announcing the text that follows ("Read the full statement below.", "A transcript of
  our conversation follows."); everything after it is the announced text;
* **embedded posts**, whatever the layout: a social-media post pasted as text, told by its signature ("...
  pic.twitter.com/ws0nn0hUXP — Kevin McCarthy (@GOPLeader) March 3, 2020") or its picture link; the words
  before the signature or link are the poster's (a signature alone on a line signs the line before it).

Labelled turns and name headings count only when the turns look like a conversation: two speakers or more,
those who speak more than once taking half the turns or more (a newsletter's section headings each open one
part, and labels holding words such as "the", "what", "on" are headings, not names).

Example:
    >>> text = "Intro line.\\n\\nQ: Why now?\\n\\nA: Because.\\n\\nQ: And then?\\n\\nA: We wait."
    >>> transcript_turns(text)[["start", "end", "speaker", "layout"]].values.tolist()
    [[16, 24, 'Q', 'labelled'], [29, 37, 'A', 'labelled'], [42, 51, 'Q', 'labelled'], [56, 64, 'A', 'labelled']]
"""

from __future__ import annotations

import re

import pandas as pd

from .quotes import line_spans

TURN_COLUMNS = ["start", "end", "speaker", "layout"]
# labels that open a line with a colon but name no speaker
NOT_SPEAKERS = ("update", "updated", "editor's note", "editors note", "note", "correction", "clarification",
                "breaking", "watch", "read", "read more", "related", "more", "photo", "photos", "video", "listen",
                "source", "sources", "see also", "advertisement", "disclaimer", "warning", "opinion", "analysis",
                "live", "latest", "timeline", "background", "what we know", "why it matters", "the bottom line",
                "bottom line", "the facts", "facts", "fact check", "the claim", "claim", "verdict", "the verdict",
                "our ruling", "reality", "the answer", "answer", "question", "fact", "myth", "true", "false",
                "misleading", "poll", "quote", "quote of the day", "tweet", "chart", "map")
# a label holding one of these words is a section heading ("ON THE AGENDA:", "WHAT OBAMA WILL SAY:"), not a name
HEADING_WORDS = frozenset("the of on to for and what is in at up a an with from by how why who next new day today this "
                          "that will our your its it we you".split())
_LABEL = re.compile(r"^(?P<label>[A-Z](?:[A-Za-z.'\u2019\- ]{0,38}[A-Za-z.])?)\s?:\s+\S")
_HEADING = re.compile(r"^[A-Z][a-z][\w'\u2019\-]*(?: (?:[A-Z]\.|[A-Z][a-z][\w'\u2019\-]*)){1,3}$")  # Title Case
# a podcast transcript's speaker lines in lower case ("michael barbaro", The New York Times's "The Daily")
_HEADING_LOWER = re.compile(r"^[a-z][a-z'\u2019\-]+(?: [a-z][a-z'\u2019\-]+){1,2}$")
_LEAD = re.compile(
    r"(?:\b(?:read|see|here is|here's|below is|the following is|following is)\b[^.\n]{0,80}"
    r"\b(?:statement|remarks|testimony|transcript|speech|letter|text|interview|conversation)s?\b"
    r"(?:[^.\n]{0,60}\bbelow\b|[^\n]{0,60}:\s*$))"
    r"|(?:\b(?:a|an|the|our|his|her|their|full|edited|condensed)\b[^.\n]{0,40}"
    r"\b(?:transcript|text|statement|remarks|testimony|interview|conversation)\b[^.\n]{0,60}\bfollows\s*[.:]\s*$)",
    re.IGNORECASE)


def _label_of(line: str) -> tuple[str, bool]:
    """The label opening ``line`` and whether it names a speaker (upper-case words or a one-letter Q/A)."""
    m = _LABEL.match(line)
    if not m:
        return "", False
    label = m.group("label").strip()
    letters = [ch for ch in label if ch.isalpha()]
    upper = label in ("Q", "A") or (len(letters) >= 3 and all(ch.isupper() for ch in letters))
    if not upper:
        return "", False
    words = set(re.findall(r"[a-z]+", label.lower()))
    named = label in ("Q", "A") or (label.lower().strip(".") not in NOT_SPEAKERS and not any(ch.isdigit() for ch in label)
                                     and not words & HEADING_WORDS and len(label.split()) <= 4)
    return label, named


def _labelled(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Each labelled line's words after the label, and the unlabelled lines that continue its turn; a label that
    names no speaker ("THE FACTS:", "UPDATE:") ends the turn before it."""
    found, speaker, n_labels = [], "", 0
    for s, e in lines:
        label, named = _label_of(text[s:e])
        if label:
            speaker = label if named else ""
            n_labels += named
            if named:
                body = s + text[s:e].index(":") + 1
                while body < e and text[body].isspace():
                    body += 1
                found.append((body, e, label, "labelled"))
        elif speaker:
            found.append((s, e, speaker, "labelled"))
    return found if _alternating([f[2] for f in found if f[2]]) else []


def _alternating(names: list[str], *, share: float = 0.5) -> bool:
    """True when ``names`` (one per turn, in order) look like a conversation: two names or more, some speaking
    more than once, and those taking at least ``share`` of the turns (a host, a guest, the host again; section
    headings each open one part).

    Example:
        >>> _alternating(["AMY GOODMAN", "JUDGE BRETT KAVANAUGH", "AMY GOODMAN"]), _alternating(["ON THE AGENDA", "POLL", "NEXT"])
        (True, False)
    """
    turns = [n for k, n in enumerate(names) if k == 0 or n != names[k - 1]]
    counts = pd.Series(turns, dtype=object).value_counts()
    repeated = counts[counts >= 2]
    return bool(len(counts) >= 2 and len(repeated) >= 1 and repeated.sum() >= share * len(turns))


def _is_heading(line: str) -> bool:
    """A line that is only a name: Title Case ("Jason Furman"), or lower case with no heading word ("susan dominus").

    Example:
        >>> _is_heading("Jason Furman"), _is_heading("susan dominus"), _is_heading("what we know")
        (True, True, False)
    """
    return bool(_HEADING.match(line)) or bool(_HEADING_LOWER.match(line) and not set(line.split()) & HEADING_WORDS)


def _headed(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    heads = [k for k, (s, e) in enumerate(lines) if k > 0 and e - s <= 40 and _is_heading(text[s:e])]
    if len(heads) < 4 or not _alternating([text[lines[k][0]:lines[k][1]] for k in heads]):
        return []
    found = []
    for k, next_k in zip(heads, heads[1:] + [len(lines)]):
        name = text[lines[k][0]:lines[k][1]]
        found += [(s, e, name, "headed") for s, e in lines[k + 1:next_k]]
    return found


def _after_lead(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    for k, (s, e) in enumerate(lines[:-1]):
        if _LEAD.search(text[s:e]):
            return [(a, b, "", "lead") for a, b in lines[k + 1:]]
    return []


_POST_SIGNATURE = re.compile(r"[\u2014\u2013-]\s*[^()\n]{1,60}\((@\w{1,30})\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_POST_LINK = re.compile(r"\bpic\.twitter\.com/\w+")


def _embedded_posts(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """The words of each post pasted into the text, up to its signature or picture link."""
    found = []
    for k, (s, e) in enumerate(lines):
        line = text[s:e]
        signature, link = _POST_SIGNATURE.search(line), _POST_LINK.search(line)
        handle = signature.group(1) if signature else ""
        end = min(m.start() for m in (signature, link) if m) if (signature or link) else 0
        if end > 0 and line[:end].strip():
            found.append((s, s + len(line[:end].rstrip()), handle, "post"))
        elif signature and k > 0 and not (found and found[-1][0] == lines[k - 1][0]):
            found.append((lines[k - 1][0], lines[k - 1][1], handle, "post"))
    return found


def transcript_turns(text: str) -> pd.DataFrame:
    """Spans of ``text`` that are someone's speech printed without quotation marks, one row per line.

    Labelled turns take precedence over name headings, which take precedence over a lead; embedded posts are
    added on lines none of those took. ``speaker`` is the label, heading or handle ("" after a lead).

    Example:
        >>> transcript_turns("Plain news. Nothing else.").empty
        True
    """
    lines = line_spans(text)
    found = []
    for layout in (_labelled, _headed, _after_lead):
        found = layout(text, lines)
        if found:
            break
    taken = {start for start, *_ in found}
    found += [post for post in _embedded_posts(text, lines) if post[0] not in taken]
    return pd.DataFrame(sorted(found), columns=TURN_COLUMNS) if found else pd.DataFrame(columns=TURN_COLUMNS)
