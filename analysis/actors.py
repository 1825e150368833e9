"""The actor table and its matcher, shared by the tone, attribution and wording lenses.

``analysis/data/actors.csv`` lists one actor per row: ``actor`` (canonical name),
``kind`` (person, state, organisation), ``group`` (the side it speaks for),
``aliases`` (``;``-separated literal names, matched as whole words) and
``patterns`` (``;``-separated regular expressions for descriptions such as
"Iran's top general"). Users add actors for another story by adding rows; a
row whose pattern is not a valid regular expression is skipped with a warning
naming the row, and :func:`unmatched_entities` lists the names spaCy's NER
finds that no row covers yet.

Text is matched in its folded form (curly quotes and apostrophes made
straight, one character for one), so "Iran’s top general" matches the pattern
``Iran's top general`` and offsets stay valid; a leading "the", "a" or "an" of
an alias or pattern also matches capitalised at the start of a sentence.

One mention per reference: a title or description standing before a person's
name ("US Secretary of State Mike Pompeo", "Iran's top general Qassem
Soleimani", "Revolutionary Guards General Qasem Soleimani") is merged into the
name's mention, so the "US" or the "Revolutionary Guards" inside it is not
counted as a mention of another actor. A possessive ("Soleimani's") is a
mention of its owner, without the "'s".

Example:
    >>> table = load_actors()
    >>> find_mentions("Iran's top general Qassem Soleimani met Pompeo.", table)[["actor", "mention"]].values.tolist()
    [['Qassem Soleimani', "Iran's top general Qassem Soleimani"], ['Mike Pompeo', 'Pompeo']]
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import io
from .clean import fold_for_matching

ACTOR_COLUMNS = ["actor", "kind", "group", "aliases", "patterns", "note"]
MENTION_COLUMNS = ["actor", "group", "mention", "start", "end"]
ENTITY_COLUMNS = ["entity", "label", "n"]

# Words of formal titles written before a name (AP Stylebook "titles" entry and the
# military ranks it lists, plus the office words of this story). A run of these,
# capitalised words and "of" before a person's name is part of the mention.
TITLE_WORDS = frozenset(
    """president vice secretary minister prime foreign defense defence state interior chairman chief
    general gen. maj. lt. col. brig. adm. sgt. capt. commander ayatollah grand supreme leader
    ambassador spokesman spokeswoman spokesperson senator sen. rep. gov. governor dr. mr. mrs. ms.
    sheikh king prince queen director speaker deputy acting former top envoy pope cleric""".split()
)
_NATIONALITY = re.compile(r"^(?:[A-Z][a-z]+(?:ian|an|i|ese|ish|ch)|U\.?S\.?|US|UK|U\.K\.|[A-Z][\w-]*'s)$")
_NAME_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Read an actor table (the packaged one by default) and check its columns.

    Rows without an actor name are dropped with a warning naming the row.

    Example:
        >>> "Qassem Soleimani" in set(load_actors()["actor"])
        True
    """
    path, table = io.read_rule_table(path, "actors.csv", kind="actor", required=["actor", "group", "aliases"], columns=ACTOR_COLUMNS)
    unnamed = table["actor"].str.strip() == ""
    for i in table.index[unnamed]:
        warnings.warn(f"{path}: row {i + 1} has no actor name; row skipped", stacklevel=2)
    return table.loc[~unnamed, ACTOR_COLUMNS].reset_index(drop=True)


def _alias_regex(alias: str) -> str:
    escaped = _initial_article_any_case(re.escape(fold_for_matching(alias)))
    return rf"(?<![\w-]){escaped}(?![\w-])"


def _initial_article_any_case(pattern: str) -> str:
    """Let a leading 'the'/'a'/'an' match at the start of a sentence too ('The influential commander')."""
    m = re.match(r"(the|an|a)(\\? |\s)", pattern)
    if not m:
        return pattern
    word = m.group(1)
    return f"[{word[0]}{word[0].upper()}]{word[1:]}" + pattern[len(word):]


@lru_cache(maxsize=16)
def _compile(rows: tuple[tuple[str, str, str, str], ...]) -> list[tuple[re.Pattern, str, str]]:
    compiled = []
    for number, (actor, group, aliases, patterns) in enumerate(rows, start=1):
        for alias in filter(None, (a.strip() for a in aliases.split(";"))):
            compiled.append((re.compile(_alias_regex(alias)), actor, group))
        for pattern in filter(None, (p.strip() for p in patterns.split(";"))):
            folded = _initial_article_any_case(fold_for_matching(pattern))
            try:
                compiled.append((re.compile(rf"(?<![\w-])(?:{folded})(?![\w-])"), actor, group))
            except re.error as err:
                warnings.warn(
                    f"actor table row {number} ({actor!r}): pattern {pattern!r} is not a valid regular "
                    f"expression ({err}); this pattern is skipped, the row's other aliases and patterns are used",
                    stacklevel=3,
                )
    return compiled


def compiled_patterns(table: pd.DataFrame) -> list[tuple[re.Pattern, str, str]]:
    """(regex, actor, group) for every alias and pattern of ``table``.

    A malformed pattern is left out with a warning naming its row and actor.

    Example:
        >>> len(compiled_patterns(load_actors())) > 100
        True
    """
    return _compile(_table_rows(table, ("actor", "group", "aliases", "patterns")))


class IndexedActors:
    """An actor table read once, for callers that look up many short texts.

    :func:`mention_rows`, :func:`canonical_actor` and :func:`people_of` accept it in place of the
    table and then skip re-reading the table's columns on every call, and :func:`canonical_actor`
    remembers the names it has resolved. Build a new one after changing the table.

    Example:
        >>> index = IndexedActors(load_actors())
        >>> canonical_actor("Pompeo", index), canonical_actor("Pompeo", index)
        ('Mike Pompeo', 'Mike Pompeo')
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table
        self._rows: dict[tuple[str, ...], tuple] = {}
        self.canonical: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self.table)

    def rows(self, columns: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if columns not in self._rows:
            self._rows[columns] = _table_rows(self.table, columns)
        return self._rows[columns]


def indexed(table) -> IndexedActors:
    """``table`` as an :class:`IndexedActors` (itself when it already is one)."""
    return table if isinstance(table, IndexedActors) else IndexedActors(table)


def _table_rows(table, columns: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The rows of ``columns`` as tuples of text (missing values as ''): a cheap, hashable key of the table's content."""
    if isinstance(table, IndexedActors):
        return table.rows(columns)
    return tuple(zip(*([v if isinstance(v, str) else "" if pd.isna(v) else str(v) for v in table[c].tolist()] for c in columns), strict=True))


@lru_cache(maxsize=32)
def _people(rows: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(actor for actor, kind in rows if kind == "person")


def people_of(table: pd.DataFrame) -> frozenset[str]:
    """The actors of ``table`` that are people (kind ``person``)."""
    return _people(_table_rows(table, ("actor", "kind")))


def _regex_mentions(folded: str, table: pd.DataFrame) -> list[list]:
    """Non-overlapping [start, end, actor, group] matches: the longest wins, ties go to the earlier row."""
    candidates = []
    for order, (regex, actor, group) in enumerate(compiled_patterns(table)):
        for m in regex.finditer(folded):
            if m.end() > m.start():
                candidates.append((-(m.end() - m.start()), m.start(), order, m.end(), actor, group))
    candidates.sort()
    taken: list[list] = []
    for _neg_len, start, _order, end, actor, group in candidates:
        if any(start < e and s < end for s, e, _a, _g in taken):
            continue
        taken.append([start, end, actor, group])
    return sorted(taken)


def _title_start(folded: str, start: int, mentions: list[list]) -> int:
    """Start of a formal title written right before the name at ``start`` (``start`` when none)."""
    tokens = list(re.finditer(r"\S+", folded[max(0, start - 160):start]))
    offset = max(0, start - 160)
    run = []
    expected_end = start
    for tok in reversed(tokens):
        s, e = tok.start() + offset, tok.end() + offset
        if folded[e:expected_end].strip() or "\n" in folded[e:expected_end] or e == expected_end and run:
            break
        word = tok.group()
        bare = word.lower().removesuffix("'s")
        if not (bare in TITLE_WORDS or word == "of" or word[:1].isupper()) or re.search(r"[,;:\"()]$", word):
            break
        if word.endswith(".") and bare not in TITLE_WORDS and not re.fullmatch(r"(?:[A-Z]\.)+", word):
            break  # the end of the previous sentence
        run.append((s, e, bare))
        expected_end = s
    titled = [s for s, _e, bare in run if bare in TITLE_WORDS]
    if not titled:
        return start
    new_start = min(titled)
    before = [m for m in mentions if m[1] <= new_start and not folded[m[1]:new_start].strip()]
    previous = [(s, e) for s, e, _b in run if e <= new_start]
    if before and before[-1][1] > new_start - 2:
        return before[-1][0]
    if previous:
        s, e = max(previous)
        if _NATIONALITY.match(folded[s:e]):
            return s
    return new_start


def _merge_titles(folded: str, found: list[list], people: set[str]) -> list[list]:
    """Merge a description and the person's name right after it, and titles before names, into one mention.

    An apposition set off by a comma ("Iran's top general, Qassem Soleimani") stays two mentions.
    """
    merged: list[list] = []
    for m in found:
        if merged and m[2] in people and merged[-1][2] == m[2] and re.fullmatch(r"[ \t]+", folded[merged[-1][1]:m[0]]):
            merged[-1] = [merged[-1][0], m[1], m[2], m[3]]
        else:
            merged.append(list(m))
    for m in merged:
        if m[2] in people:
            m[0] = _title_start(folded, m[0], [x for x in merged if x is not m])
    result: list[list] = []
    for m in sorted(merged, key=lambda x: (x[0], -x[1])):
        if result and m[0] < result[-1][1]:
            continue  # inside a title already merged into a person's mention
        result.append(m)
    return result


def _entity_extend(found: list[list], doc, people: set[str]) -> list[list]:
    """With a spaCy ``doc``: a PERSON entity holding a person's mention becomes that mention whole."""
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        inside = [m for m in found if ent.start_char <= m[1] and m[0] < ent.end_char]
        owners = {m[2] for m in inside if m[2] in people}
        if len(owners) != 1:
            continue
        owner = owners.pop()
        keep = [m for m in found if m not in inside]
        first = [m for m in inside if m[2] == owner][0]
        keep.append([min(ent.start_char, *(m[0] for m in inside)), max(ent.end_char, *(m[1] for m in inside)), owner, first[3]])
        found = sorted(keep)
    return found


def find_mentions(text: str, table: pd.DataFrame, *, doc=None, merge_titles: bool = True) -> pd.DataFrame:
    """Non-overlapping actor mentions in ``text``: the longest match wins, ties go to the earlier row.

    Args:
        text: any text (a sentence or an article).
        table: the actor table (:func:`load_actors`).
        doc: optional spaCy ``Doc`` of ``text``; a PERSON entity that holds a
            person's alias ("Gen. Qasem Soleimani") then becomes one mention.
        merge_titles: merge titles and descriptions with the name that follows
            them ("US Secretary of State Mike Pompeo" is one mention of Pompeo).

    Returns:
        A DataFrame with columns ``actor, group, mention, start, end`` sorted by ``start``;
        ``text[start:end] == mention``.

    Example:
        >>> t = load_actors()
        >>> find_mentions("US Secretary of State Mike Pompeo blamed Soleimani's men.", t)["mention"].tolist()
        ['US Secretary of State Mike Pompeo', 'Soleimani']
    """
    return pd.DataFrame(mention_rows(text, table, doc=doc, merge_titles=merge_titles), columns=MENTION_COLUMNS)


def mention_rows(text: str, table: pd.DataFrame, *, doc=None, merge_titles: bool = True) -> list[tuple]:
    """The rows of :func:`find_mentions` (``actor, group, mention, start, end``) as tuples: the same work without a
    DataFrame, for callers that look at many short texts (pass an :class:`IndexedActors` as ``table`` for those).

    Example:
        >>> [row[0] for row in mention_rows("Pompeo blamed Soleimani.", load_actors())]
        ['Mike Pompeo', 'Qassem Soleimani']
    """
    if not isinstance(text, str) or not text:
        return []
    folded = fold_for_matching(text)  # same length: offsets stay valid in ``text``
    found = _regex_mentions(folded, table)
    people = people_of(table)
    if merge_titles:
        found = _merge_titles(folded, found, people)
    if doc is not None and doc.text == text:
        found = _entity_extend(found, doc, people)
    return [(actor, group, text[start:end], start, end) for start, end, actor, group in found]


def canonical_actor(name: str, table: pd.DataFrame) -> str | None:
    """The actor a name refers to when the whole name matches one alias or pattern, else None.

    With an :class:`IndexedActors` as ``table``, each distinct name is resolved once.

    Example:
        >>> canonical_actor("US Secretary of State Mike Pompeo", load_actors())
        'Mike Pompeo'
        >>> canonical_actor("the Quds Force chief", load_actors())
        'Qassem Soleimani'
    """
    if not isinstance(table, IndexedActors):
        return _canonical_actor(name, table)
    if name not in table.canonical:
        table.canonical[name] = _canonical_actor(name, table)
    return table.canonical[name]


def _canonical_actor(name: str, table) -> str | None:
    mentions = mention_rows(name, table)
    if not mentions:
        return None
    # Prefer a personal name over a title or a state mentioned inside the phrase.
    people = people_of(table)
    for actor, *_rest in sorted(mentions, key=lambda m: m[3], reverse=True):
        if actor in people:
            return actor
    return mentions[-1][0]


def unmatched_entities(texts, table: pd.DataFrame, *, labels: tuple[str, ...] = _NAME_ENTITY_LABELS) -> pd.DataFrame:
    """Named entities (spaCy NER) that no row of the actor table covers, most frequent first.

    Use it to extend the table for a new story: every entity listed here is
    invisible to the lenses until a row names it.

    Args:
        texts: iterable of texts (e.g. ``articles["text"]``).
        table: the actor table.
        labels: spaCy entity labels to report.

    Returns:
        DataFrame ``entity, label, n``.

    Example:
        >>> unmatched_entities(["Qassem Soleimani met Vladimir Putin."], load_actors())["entity"].tolist()
        ['Vladimir Putin']
    """
    from .nlp import get_nlp

    nlp = get_nlp()
    counts: dict[tuple[str, str], int] = {}
    for doc in nlp.pipe([t for t in texts if isinstance(t, str) and t.strip()]):
        for ent in doc.ents:
            if ent.label_ in labels and find_mentions(ent.text, table).empty:
                key = (ent.text.strip(), ent.label_)
                counts[key] = counts.get(key, 0) + 1
    rows = sorted(((e, lab, n) for (e, lab), n in counts.items()), key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS)
