"""What a user relies on from event grouping, on real articles from the dev corpora (tests/data/events/events_fixture.jsonl:
real BASIL and ECB+ dev articles): one happening across outlets is one event; two happenings of the same kind are two
events in one storyline; degenerate corpora say so and get no invented structure; row order changes nothing."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.lenses.events.features import article_vectors, candidate_pairs, nearest_neighbours
from analysis.lenses.events.grouping import event_table, group_events
from analysis.lenses.events.linkage import average_linkage
from analysis.lenses.events.model import load_event_model, save_event_model

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["article_id", "outlet", "date", "title", "text"]


@pytest.fixture(scope="module")
def model():
    return load_event_model(paths.MODELS_DIR / "events.json")


@pytest.fixture(scope="module")
def fixture() -> pd.DataFrame:
    return pd.read_json(os.path.join(HERE, "data", "events", "events_fixture.jsonl"), lines=True, dtype=False)


def pick(fixture: pd.DataFrame, *sets: str) -> pd.DataFrame:
    return fixture[fixture["set"].isin(sets)].reset_index(drop=True)


def same_partition(a, b) -> bool:
    return pd.crosstab(np.asarray(a), np.asarray(b)).gt(0).sum(axis=1).eq(1).all() and pd.crosstab(np.asarray(b), np.asarray(a)).gt(0).sum(axis=1).eq(1).all()


def test_one_happening_across_three_outlets_is_one_event(model, fixture):
    # "White House Used Bill Clinton to Ask Sestak to Drop Out of Race" (NYT) and its Fox and HuffPost versions,
    # beside Glenn Beck's CPAC speech covered by the same three outlets.
    articles = pick(fixture, "sestak", "beck")
    out = group_events(articles[COLUMNS], model=model)
    assert same_partition(out["event"], articles["gold"])
    table = event_table(articles[COLUMNS], out)
    assert table["n_articles"].tolist() == [3, 3] and table["n_outlets"].tolist() == [3, 3]
    assert out.attrs == {"status": "grouped", "dates": "dated"}


def test_events_are_numbered_by_date_with_a_readable_label(model, fixture):
    articles = pick(fixture, "sestak", "beck")
    table = event_table(articles[COLUMNS], group_events(articles[COLUMNS], model=model))
    first = table.set_index("event").loc["EV001"]
    assert first["date_first"] == "2010-02-20"  # Beck at CPAC comes before the Sestak story (2010-05-27)
    assert "Beck" in first["label"] and first["label"].endswith("(2010-02-20)")
    assert table.set_index("event").loc["EV002", "date_last"] == "2010-05-28"
    assert (table["confidence"] > 0.5).all()


def test_same_kind_different_happenings_are_two_events_in_one_storyline(model, fixture):
    # ECB+ topic 35: Chargers receiver Vincent Jackson's DUI arrest and, weeks later, lineman Jamal Williams'.
    articles = pick(fixture, "chargers_dui")
    out = group_events(articles[COLUMNS], model=model)
    assert same_partition(out["event"], articles["gold"])
    assert out["storyline"].nunique() == 1


def test_unrelated_articles_get_no_invented_events(model, fixture):
    articles = pick(fixture, "unrelated")  # five different BASIL stories, 2010-2012
    out = group_events(articles[COLUMNS], model=model)
    assert out.attrs["status"] == "unrelated"
    assert out["event"].nunique() == len(articles) and out["storyline"].nunique() == len(articles)


def test_one_event_corpus_says_so(model, fixture):
    out = group_events(pick(fixture, "sestak")[COLUMNS], model=model)
    assert out.attrs["status"] == "one_event"
    assert out["event"].unique().tolist() == ["EV001"] and out["storyline"].unique().tolist() == ["SL001"]


def test_single_article_and_empty_corpus(model, fixture):
    one = group_events(pick(fixture, "sestak")[COLUMNS].head(1), model=model)
    assert one[["event", "storyline", "event_confidence"]].values.tolist() == [["EV001", "SL001", 1.0]]
    assert one.attrs["status"] == "single_article"
    empty = group_events(pick(fixture, "sestak")[COLUMNS].head(0), model=model)
    assert len(empty) == 0 and empty.attrs["status"] == "empty"
    assert list(event_table(pick(fixture, "sestak")[COLUMNS].head(0), empty).columns) == [
        "event", "storyline", "label", "date_first", "date_last", "n_articles", "n_outlets", "confidence"]


def test_undated_corpus_groups_on_text_and_reports_no_dates(model, fixture):
    articles = pick(fixture, "sestak", "beck").assign(date="")
    out = group_events(articles[COLUMNS], model=model)
    assert out.attrs["dates"] == "undated"
    assert same_partition(out["event"], articles["gold"])
    table = event_table(articles[COLUMNS], out)
    assert (table["date_first"] == "").all() and not table["label"].str.contains(r"\(\d{4}-").any()


def test_row_order_and_ids_do_not_change_the_output(model, fixture):
    articles = pick(fixture, "sestak", "beck", "unrelated", "chargers_dui")[COLUMNS]
    out = group_events(articles, model=model).set_index("article_id")
    shuffled = articles.sample(frac=1.0, random_state=7).reset_index(drop=True)
    again = group_events(shuffled, model=model).set_index("article_id").loc[out.index]
    pd.testing.assert_frame_equal(out, again)
    assert event_table(articles, out.reset_index()).to_csv() == event_table(shuffled, again.reset_index()).to_csv()


def test_duplicate_ids_are_refused(model, fixture):
    articles = pick(fixture, "sestak")[COLUMNS]
    with pytest.raises(ValueError, match="unique"):
        group_events(pd.concat([articles, articles]), model=model)


def test_candidate_search_is_blockwise_and_equals_one_block(fixture):
    articles = fixture[COLUMNS]
    vectors = article_vectors(articles)
    small_blocks = nearest_neighbours(vectors, n_neighbors=5, block_rows=4)
    one_block = nearest_neighbours(vectors, n_neighbors=5, block_rows=1000)
    assert np.array_equal(small_blocks, one_block)
    pairs = candidate_pairs(vectors, neighbours=small_blocks)
    assert len(pairs) <= len(articles) * 5 and (pairs["i"] < pairs["j"]).all()


def test_average_linkage_keeps_a_weakly_joined_chain_apart():
    # a-b and c-d are strongly linked, b-c weakly: average linkage must not chain them into one event
    labels = average_linkage(4, [0, 2, 1], [1, 3, 2], [0.9, 0.9, 0.6], threshold=0.5)
    assert labels.tolist() == [0, 0, 2, 2]


def test_model_file_round_trips_byte_for_byte(model, tmp_path):
    path = tmp_path / "model.json"
    save_event_model(model, str(path))
    with open(paths.MODELS_DIR / "events.json", "rb") as a, open(path, "rb") as b:
        assert a.read() == b.read()


def test_an_event_spans_a_few_days_and_its_aftermath_weeks_later_is_its_storyline(model, fixture):
    # the Sestak story's three versions, one of them dated three weeks later: the same storyline, not the same event
    articles = pick(fixture, "sestak")[COLUMNS].copy()
    late = articles["article_id"].iloc[-1]
    articles.loc[articles["article_id"] == late, "date"] = "2010-06-18"
    out = group_events(articles, model=model).set_index("article_id")
    assert out.loc[late, "event"] not in set(out.drop(index=late)["event"])
    assert out["storyline"].nunique() == 1
    # dates the corpus does not give (none here) cap nothing: the text alone groups them
    undated = group_events(articles.assign(date=""), model=model)
    assert undated["event"].nunique() == 1
