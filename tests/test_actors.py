"""Actor matching: aliases, possessives, titles, descriptions, NER entities, bad tables."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis import actors
from analysis.nlp import get_nlp


@pytest.fixture(scope="module")
def table():
    return actors.load_actors()


def mentions(text, table, **kwargs):
    return actors.find_mentions(text, table, **kwargs)[["actor", "mention"]].values.tolist()


@pytest.mark.parametrize("name", ["Qassem Soleimani", "Qasem Soleimani", "Suleimani", "Soleimani"])
def test_aliases_resolve_to_one_actor(table, name):
    assert actors.canonical_actor(name, table) == "Qassem Soleimani"


def test_states_stand_for_their_capitals(table):
    assert [a for a, _ in mentions("Tehran warned Washington and Baghdad.", table)] == ["Iran", "United States", "Iraq"]


@pytest.mark.parametrize("text", ["Soleimani's killing shocked the region.", "Soleimani\u2019s killing shocked the region."])
def test_possessive_is_a_mention_of_its_owner(table, text):
    found = actors.find_mentions(text, table)
    assert found[["actor", "mention", "start", "end"]].values.tolist()[0] == ["Qassem Soleimani", "Soleimani", 0, 9]


@pytest.mark.parametrize(
    "text, actor, mention",
    [
        ("US Secretary of State Mike Pompeo said on Tuesday.", "Mike Pompeo", "US Secretary of State Mike Pompeo"),
        ("US Defense Secretary Mark Esper told reporters.", "Mark Esper", "US Defense Secretary Mark Esper"),
        ("Iraqi prime minister Adel Abdul Mahdi said so.", "Adel Abdul Mahdi", "Iraqi prime minister Adel Abdul Mahdi"),
        ("Revolutionary Guards General Qasem Soleimani died.", "Qassem Soleimani", "Revolutionary Guards General Qasem Soleimani"),
        ("Ayatollah Ali Khamenei wept at the funeral.", "Ali Khamenei", "Ayatollah Ali Khamenei"),
    ],
)
def test_titles_are_part_of_the_person_mention(table, text, actor, mention):
    # the "US", "Iraqi" or "Revolutionary Guards" inside a title is not a mention of another actor
    assert mentions(text, table)[0] == [actor, mention]
    assert len(mentions(text, table)) == 1


@pytest.mark.parametrize(
    "text",
    ["The Quds Force chief was killed in Baghdad.", "Iran's top general was killed.", "Iran\u2019s top general was killed.",
     "An Iranian general was killed."],
)
def test_descriptions_resolve_to_the_person(table, text):
    assert mentions(text, table)[0][0] == "Qassem Soleimani"


def test_description_and_name_side_by_side_are_one_mention(table):
    assert mentions("Iran's top general Qassem Soleimani met Pompeo.", table) == [
        ["Qassem Soleimani", "Iran's top general Qassem Soleimani"], ["Mike Pompeo", "Pompeo"]]


def test_apposition_after_a_comma_stays_two_mentions(table):
    assert [m for _, m in mentions("Iran's top general, Qassem Soleimani, died.", table)] == ["Iran's top general", "Qassem Soleimani"]


def test_a_title_does_not_reach_into_the_previous_sentence(table):
    assert mentions("He said so. President Trump left.", table) == [["Donald Trump", "President Trump"]]
    assert mentions("On Tuesday President Donald Trump spoke.", table) == [["Donald Trump", "President Donald Trump"]]


def test_offsets_point_into_the_original_text(table):
    text = "\u201cWe know,\u201d said Iran\u2019s top general. Pompeo\u2019s aides agreed."
    for m in actors.find_mentions(text, table).itertuples():
        assert text[m.start:m.end] == m.mention


def test_ner_entity_extends_a_person_mention(table):
    text = "Gen. Qasem Soleimani was killed."
    doc = get_nlp()(text)
    assert any(e.label_ == "PERSON" for e in doc.ents)
    found = mentions(text, table, doc=doc)
    assert len(found) == 1 and found[0][0] == "Qassem Soleimani" and "Soleimani" in found[0][1]


def test_malformed_pattern_warns_with_its_row_and_other_rows_still_match(tmp_path):
    path = tmp_path / "actors.csv"
    pd.DataFrame({
        "actor": ["Good Actor", "Broken Actor"], "kind": ["person", "person"], "group": ["g", "g"],
        "aliases": ["Goodman", "Brokenman"], "patterns": ["", "the (unclosed"], "note": ["", ""],
    }).to_csv(path, index=False)
    user_table = actors.load_actors(path)
    with pytest.warns(UserWarning, match=r"row 2 \('Broken Actor'\).*not a valid regular expression"):
        found = actors.find_mentions("Goodman met Brokenman.", user_table)
    assert found["actor"].tolist() == ["Good Actor", "Broken Actor"]


def test_row_without_actor_name_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,kind,group,aliases,patterns,note\n,person,g,Nobody,,\nSomebody,person,g,Somebody,,\n")
    with pytest.warns(UserWarning, match="row 1 has no actor name"):
        user_table = actors.load_actors(path)
    assert user_table["actor"].tolist() == ["Somebody"]


def test_missing_columns_is_a_clear_error(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("name,aliases\nX,Y\n")
    with pytest.raises(ValueError, match="lacks column"):
        actors.load_actors(path)


def test_empty_or_missing_text_gives_no_mentions(table):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert actors.find_mentions("", table).empty
        assert actors.find_mentions(None, table).empty


def test_unmatched_entities_lists_names_the_table_lacks(table):
    found = actors.unmatched_entities(["Qassem Soleimani met Vladimir Putin in Moscow."], table)
    assert "Vladimir Putin" in found["entity"].tolist()
    assert "Qassem Soleimani" not in found["entity"].tolist()


def test_an_indexed_table_gives_the_same_answers_and_sees_a_new_table():
    # IndexedActors reads the table once for callers that look up thousands of claims (the facts lens)
    table = actors.load_actors()
    index = actors.IndexedActors(table)
    names = ["US Secretary of State Mike Pompeo", "the Quds Force chief", "Tehran", "a man in a hat", "Pompeo", "Pompeo"]
    assert [actors.canonical_actor(n, index) for n in names] == [actors.canonical_actor(n, table) for n in names]
    text = "Pompeo blamed Soleimani, the Quds Force chief, for the attacks in Baghdad."
    assert actors.mention_rows(text, index) == actors.mention_rows(text, table)
    assert actors.people_of(index) == actors.people_of(table)
    extended = pd.concat([table, pd.DataFrame([{"actor": "Hat Man", "kind": "person", "group": "other", "aliases": "man in a hat"}])],
                         ignore_index=True)
    assert actors.canonical_actor("a man in a hat", actors.IndexedActors(extended)) == "Hat Man"
    assert actors.canonical_actor("a man in a hat", index) is None  # the old index keeps the old table
