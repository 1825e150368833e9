"""Rule tables for actor mentions and speaker groups, read from CSV files a user can open and extend.

Every table lives in ``analysis/data/actors/`` and every row names its ``source``:

- ``countries.csv``: UN member and observer states with aliases, demonyms and capitals
  ("Iranian" -> Iran, "Tehran" -> Iran, "U.S." -> United States).
- ``subnational.csv``: US states with AP and postal abbreviations ("N.Y." -> New York).
- ``parties.csv``: party codes and names ("D" -> Democratic Party, "GOP" -> Republican Party), and the
  ``members`` nouns that name one member ("the Ohio Republican" is a person, not the party).
- ``institutions.csv``: named bodies with their country and role category ("Pentagon" -> United States, military).
- ``titles.csv``: abbreviated titles before a name ("Sen." -> legislator, "Ms." -> female).
- ``role_words.csv``: role nouns -> role category ("spokesman" -> government, "professor" -> expert).
- ``not_actors.csv``: names the NER tags as organisations or people that never act or speak (diseases,
  laws named after people, weather systems).
- ``agent_nouns.csv``: nouns that make "<modifier> <noun>" a mention of the modifier ("U.S. officials"), with
  ``unnamed``: what a speaker so described without a name is (see :data:`UNNAMED_KINDS`; empty for a body).
- ``org_words.csv``: words in an organisation's name -> its category ("University" -> expert).
- ``first_names.json``: a learned first-name -> gender table (``train_names.py``).

A user's own ``actors.csv`` (columns ``actor, kind, group, aliases``; ``;``-separated aliases)
is read last and overrides every built-in alias.

Example:
    >>> tables = load_tables()
    >>> tables.aliases["tehran"].actor, tables.aliases["iranian"].actor
    ('Iran', 'Iran')
    >>> tables.titles["Sen."].role_category
    'legislator'
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

TABLE_DIR = Path(__file__).resolve().parents[2] / "data" / "actors"
ROLE_CATEGORIES = (
    "government", "legislator", "military", "diplomat", "judiciary", "law enforcement", "legal",
    "party/campaign", "international", "expert", "medical", "advocacy", "business", "media",
    "religious", "citizen", "celebrity", "anonymous", "unnamed official", "poll", "author", "former official",
)
# What a speaker described by an agent noun and no name is (agent_nouns.csv, column ``unnamed``):
# source: anonymous by nature ("sources said", "insiders say");
# official: anonymous only with a cue ("a senior official", "officials familiar with"), else a voice of the body
#   or state the words name ("White House officials") or an unnamed official;
# public: the public unless cued ("many people are asking"; "people familiar with the talks" is anonymous).
UNNAMED_KINDS = ("source", "official", "public")
# Categories whose group names the state (or party) they act for: "Government: United States".
STATE_CATEGORIES = ("government", "legislator", "military", "diplomat", "judiciary", "law enforcement")


@dataclass(frozen=True)
class Alias:
    """What one alias stands for: ``actor`` (canonical name), ``kind`` and where it came from.

    ``kind`` is one of state, demonym, capital, region, party, organisation, person, group;
    ``country`` the state it belongs to (itself for a state); ``role_category`` the category a
    speaker of this body gets.
    """

    actor: str
    kind: str
    country: str = ""
    role_category: str = ""
    table: str = ""
    building: bool = False  # the institution's name is also its building ("outside the White House")


@dataclass(frozen=True)
class Title:
    """An abbreviated title written before a name."""

    expansion: str
    role_category: str
    gender: str


@dataclass(frozen=True)
class ActorTables:
    """All rule tables, indexed for lookup. Build with :func:`load_tables`; never mutated."""

    aliases: dict = field(default_factory=dict)        # folded alias -> Alias
    titles: dict = field(default_factory=dict)         # "Sen." -> Title (case-sensitive)
    role_words: dict = field(default_factory=dict)     # "press secretary" -> (category, gender)
    agent_nouns: dict = field(default_factory=dict)    # "officials" -> what one left unnamed is ("" for a body)
    org_words: dict = field(default_factory=dict)      # "university" -> category
    party_codes: dict = field(default_factory=dict)    # "D" -> (party, country)
    region_abbrevs: dict = field(default_factory=dict)  # "N.Y." -> (region, country)
    first_names: dict = field(default_factory=dict)    # "hillary" -> "f"
    user_groups: dict = field(default_factory=dict)    # actor -> group (from a user's actors.csv)
    max_role_words: int = 4
    not_actors: frozenset = frozenset()                # folded names the NER tags that never act ("covid-19")
    party_members: frozenset = frozenset()             # folded nouns naming one party member ("republican")


def fold(text: str) -> str:
    """The lookup key of an alias: straight apostrophes, no leading 'the', no possessive, lower case.

    Example:
        >>> fold("the U.S.’s")
        'u.s.'
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ").strip()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(?:the|The|THE) ", "", text)
    text = re.sub(r"(?:'s|')$", "", text)
    return text.strip(" .,;:-").lower() if not re.search(r"[A-Z]\.$", text) else text.lower()


def _split(cell) -> list[str]:
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def _read(folder: Path, name: str, required: list[str]) -> pd.DataFrame:
    table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    missing = [c for c in required + ["source"] if c not in table.columns]
    if missing:
        raise ValueError(f"{folder / name}: missing columns {missing}")
    return table


def _add(aliases: dict, key: str, value: Alias, *, override: bool = False) -> None:
    key = fold(key)
    if key and (override or key not in aliases):
        aliases[key] = value


def load_tables(folder: str | os.PathLike | None = None, *, user_actors: str | os.PathLike | pd.DataFrame | None = None) -> ActorTables:
    """Read every rule table of ``folder`` (the packaged ``tables/`` by default) and a user's actor table.

    Args:
        folder: folder holding the CSV tables.
        user_actors: path to (or DataFrame of) a user's ``actors.csv``; its aliases override the built-in ones
            and its ``group`` becomes the speaker group of that actor.

    Example:
        >>> t = load_tables()
        >>> t.aliases["u.s."].actor, t.party_codes["D"][0], t.agent_nouns["officials"]
        ('United States', 'Democratic Party', 'official')
    """
    folder = Path(folder) if folder else TABLE_DIR
    aliases: dict = {}
    # Institutions and parties first: "The Washington Post" must not fall to the capital "Washington".
    for row in _read(folder, "institutions.csv", ["name", "aliases", "country", "role_category"]).itertuples():
        value = Alias(row.name, "organisation", row.country, row.role_category, "institutions",
                      getattr(row, "building", "") == "1")
        for name in [row.name, *_split(row.aliases)]:
            _add(aliases, name, value)
    party_codes, party_members = {}, set()
    for row in _read(folder, "parties.csv", ["code", "party", "country", "aliases"]).itertuples():
        value = Alias(row.party, "party", row.country, "party/campaign", "parties")
        if row.code:
            party_codes[row.code] = (row.party, row.country)
        for name in [row.party, *_split(row.aliases)]:
            _add(aliases, name, value)
        party_members.update(fold(name) for name in _split(getattr(row, "members", "")))
    countries = _read(folder, "countries.csv", ["country", "aliases", "demonyms", "capital"])
    for row in countries.itertuples():
        for name in [row.country, *_split(row.aliases)]:
            _add(aliases, name, Alias(row.country, "state", row.country, "government", "countries"))
    for row in countries.itertuples():
        for name in _split(row.demonyms):
            _add(aliases, name, Alias(row.country, "demonym", row.country, "government", "countries"))
        for name in _split(row.capital):
            _add(aliases, name, Alias(row.country, "capital", row.country, "government", "countries"))
    region_abbrevs = {}
    for row in _read(folder, "subnational.csv", ["region", "country", "aliases"]).itertuples():
        value = Alias(row.region, "region", row.country, "government", "subnational")
        for name in [row.region, *_split(row.aliases)]:
            if name.isupper() and len(name) == 2:  # postal codes only inside "(D-NY)"
                region_abbrevs[name] = (row.region, row.country)
                continue
            _add(aliases, name, value)
            region_abbrevs[name] = (row.region, row.country)
    titles = {row.title: Title(row.expansion, row.role_category, row.gender[:1])
              for row in _read(folder, "titles.csv", ["title", "expansion", "role_category", "gender"]).itertuples()}
    role_words = {row.role.lower(): (row.role_category, row.gender[:1])
                  for row in _read(folder, "role_words.csv", ["role", "role_category", "gender"]).itertuples()}
    # the parse splits "director-general" into three tokens: match the spaced form too
    role_words.update({k.replace("-", " - "): v for k, v in list(role_words.items()) if "-" in k})
    agent_nouns = {row.noun.lower(): row.unnamed.strip().lower()
                   for row in _read(folder, "agent_nouns.csv", ["noun", "unnamed"]).itertuples()}
    odd = sorted({k for k in agent_nouns.values()} - set(UNNAMED_KINDS) - {""})
    if odd:
        raise ValueError(f"agent_nouns.csv: unknown 'unnamed' value(s) {odd}: use one of {', '.join(UNNAMED_KINDS)} "
                         "or leave it empty for a body ('the Trump administration')")
    org_words = {row.word.lower(): row.role_category
                 for row in _read(folder, "org_words.csv", ["word", "role_category"]).itertuples()}
    bad = sorted({c for c, _g in role_words.values()} | set(org_words.values()) - set(ROLE_CATEGORIES) - {""})
    bad = [c for c in bad if c not in ROLE_CATEGORIES]
    if bad:
        raise ValueError(f"unknown role categories {bad}; use {ROLE_CATEGORIES}")
    first_names = {}
    names_path = folder / "first_names.json"
    if names_path.exists():
        first_names = json.loads(names_path.read_text(encoding="utf-8"))["gender"]
    user_groups = {}
    if user_actors is not None:
        table = user_actors if isinstance(user_actors, pd.DataFrame) else pd.read_csv(user_actors, dtype=str, keep_default_na=False)
        for row in table.itertuples():
            kind = getattr(row, "kind", "") or "organisation"
            value = Alias(row.actor, kind, "", "", "user")
            for name in [row.actor, *_split(row.aliases)]:
                _add(aliases, name, value, override=True)
            if getattr(row, "group", ""):
                user_groups[row.actor] = row.group
    not_actors = frozenset(fold(n) for n in _read(folder, "not_actors.csv", ["name"])["name"]) \
        if (folder / "not_actors.csv").is_file() else frozenset()
    return ActorTables(aliases, titles, role_words, agent_nouns, org_words, party_codes, region_abbrevs,
                       first_names, user_groups, max(len(k.split()) for k in role_words), not_actors,
                       frozenset(party_members))


_PLACE_AND_COUNTRY = re.compile(
    r"\b((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+), ((?:[A-Z][a-z]*\.? ?){1,3}?)(?=[,.;:)]| and\b| on\b| in\b|\s*$)")
_NOT_PLACE_WORDS = {"in", "from", "as", "at", "on", "for", "to", "by", "with", "and", "but", "the", "of", "if", "when"}


def places_of_corpus(texts, tables: ActorTables, *, min_count: int = 2) -> dict:
    """Places the corpus itself names with their country or state, at least ``min_count`` times ("Wuhan, China",
    "Tulsa, Oklahoma"): folded place name -> :class:`Alias` of kind "place" with that country. A state name is read
    as the US state ("Atlanta, Georgia"); names the tables already hold are left to the tables.

    Example:
        >>> places = places_of_corpus(["Officials in Wuhan, China, said so.", "The Wuhan, China, market closed."],
        ...                           load_tables())
        >>> places["wuhan"].country
        'China'
    """
    counts: dict = {}
    for text in texts:
        for found in _PLACE_AND_COUNTRY.finditer(str(text or "")):
            words = found.group(1).split()
            while words and words[0].lower() in _NOT_PLACE_WORDS:
                words = words[1:]
            place, where = " ".join(words), found.group(2).strip()
            if not place or fold(place) in tables.aliases:
                continue
            if where in tables.region_abbrevs:
                country = tables.region_abbrevs[where][1]
            else:
                hit = tables.aliases.get(fold(where))
                if hit is None or hit.kind not in ("state", "region"):
                    continue
                country = hit.country or hit.actor
            counts[(fold(place), country)] = counts.get((fold(place), country), 0) + 1
    out: dict = {}
    for (place, country), n in sorted(counts.items()):
        if n >= min_count and place not in out:
            out[place] = Alias(place, "place", country, "government", "corpus")
    return out

