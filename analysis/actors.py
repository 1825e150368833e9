"""The actor table and its matcher, shared by the tone, attribution and wording lenses.

``analysis/data/actors.csv`` lists one actor per row: ``actor`` (canonical name),
``kind`` (person, state, organisation), ``group`` (the side it speaks for),
``aliases`` (``;``-separated literal names, matched as whole words) and
``patterns`` (``;``-separated regular expressions for descriptions such as
"Iran's top general"). Users add actors for another story by adding rows.

Example:
    >>> table = load_actors()
    >>> find_mentions("Iran's top general Qassem Soleimani met Pompeo.", table)[["actor", "mention"]].values.tolist()
    [['Qassem Soleimani', "Iran's top general"], ['Qassem Soleimani', 'Qassem Soleimani'], ['Mike Pompeo', 'Pompeo']]
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths

ACTOR_COLUMNS = ["actor", "kind", "group", "aliases", "patterns", "note"]
MENTION_COLUMNS = ["actor", "group", "mention", "start", "end"]
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Read an actor table (the packaged one by default) and check its columns."""
    path = Path(path) if path is not None else paths.package_table("actors.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ["actor", "group", "aliases"] if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: actor table lacks column(s) {missing}; expected {ACTOR_COLUMNS}")
    for col in ACTOR_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    return table[ACTOR_COLUMNS]


def _alias_regex(alias: str) -> str:
    escaped = re.escape(alias.translate(_APOSTROPHES)).replace("'", "['\u2019]")
    return rf"(?<![\w-]){escaped}(?![\w-])"


@lru_cache(maxsize=16)
def _compile(rows: tuple[tuple[str, str, str, str], ...]) -> list[tuple[re.Pattern, str, str]]:
    compiled = []
    for actor, group, aliases, patterns in rows:
        for alias in filter(None, (a.strip() for a in aliases.split(";"))):
            compiled.append((re.compile(_alias_regex(alias)), actor, group))
        for pattern in filter(None, (p.strip() for p in patterns.split(";"))):
            try:
                compiled.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])"), actor, group))
            except re.error as err:
                warnings.warn(f"actor table: pattern {pattern!r} of {actor!r} is not a valid regular expression ({err}); row skipped", stacklevel=2)
    return compiled


def compiled_patterns(table: pd.DataFrame) -> list[tuple[re.Pattern, str, str]]:
    """(regex, actor, group) for every alias and pattern of ``table``."""
    rows = tuple(table[["actor", "group", "aliases", "patterns"]].itertuples(index=False, name=None))
    return _compile(rows)


def find_mentions(text: str, table: pd.DataFrame) -> pd.DataFrame:
    """Non-overlapping actor mentions in ``text``: the longest match wins, ties go to the earlier row.

    Returns a DataFrame with columns ``actor, group, mention, start, end`` sorted by ``start``.
    """
    candidates = []
    for order, (regex, actor, group) in enumerate(compiled_patterns(table)):
        for m in regex.finditer(text):
            candidates.append((-(m.end() - m.start()), m.start(), order, m.end(), actor, group))
    candidates.sort()
    taken: list[tuple[int, int]] = []
    rows = []
    for _neg_len, start, _order, end, actor, group in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        rows.append((actor, group, text[start:end], start, end))
    rows.sort(key=lambda r: r[3])
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def canonical_actor(name: str, table: pd.DataFrame) -> str | None:
    """The actor a name refers to when the whole name matches one alias or pattern, else None.

    Example:
        >>> canonical_actor("US Secretary of State Mike Pompeo", load_actors())
        'Mike Pompeo'
    """
    mentions = find_mentions(name, table)
    if mentions.empty:
        return None
    # Prefer a personal name over a title or a state mentioned inside the phrase.
    people = set(table.loc[table["kind"] == "person", "actor"])
    for actor in mentions.sort_values("start", ascending=False)["actor"]:
        if actor in people:
            return actor
    return mentions.iloc[-1]["actor"]
