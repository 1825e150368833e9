"""The events lens's training and evaluation path: the training features are the lens's features, the dev
readers read dev data only, the cross-validation folds keep events apart, and the shipped evaluation table
says what it measures and beats its baseline.

Tests that read the dev corpora skip when ``../shared/data`` (or ``EVENTS_DATA_ROOT``) is absent; the rest
use the real dev articles of ``tests/data/events/events_fixture.jsonl`` and the shipped files.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.lenses.events.grouping import group_events, scored_pairs
from analysis.lenses.events.model import load_event_model
from training import event_data
from training import events as training

COLUMNS = ["article_id", "outlet", "date", "title", "text"]
needs_data = pytest.mark.skipif(not (event_data.DATA_ROOT / "basil_dev" / "articles.jsonl").is_file()
                                or not (event_data.DATA_ROOT / "ecbplus_dev" / "articles.jsonl").is_file(),
                                reason="BASIL / ECB+ dev data not found (set EVENTS_DATA_ROOT)")


@pytest.fixture(scope="module")
def model():
    return load_event_model(paths.MODELS_DIR / "events.json")


@pytest.fixture(scope="module")
def fixture() -> pd.DataFrame:
    return pd.read_json(paths.PROJECT_DIR / "tests" / "data" / "events" / "events_fixture.jsonl", lines=True, dtype=False)


def test_training_pairs_carry_the_features_the_lens_scores(model, fixture):
    # Sestak (NYT, Fox, HuffPost) and Beck at CPAC (the same three outlets), in shuffled row order: the pairs the
    # scorer is trained on are the lens's candidate pairs with the lens's features, bit for bit.
    articles = fixture[fixture["set"].isin(["sestak", "beck"])].sample(frac=1.0, random_state=3).reset_index(drop=True)
    pairs = training.labelled_pairs(articles, embeddings=None, event_column="gold", story_column="gold")
    arts, _ = training.canonical(articles)
    lens = scored_pairs(arts, model=model)
    features = [c for c in pairs.columns if c not in ("same", "same_story", "weight")]
    pd.testing.assert_frame_equal(lens[features], pairs[features], check_exact=True)
    # the labels are the gold events: the 3 same-story pairs inside each event are positives
    assert pairs["same"].sum() == 6 and len(pairs) == 15
    assert pairs["weight"].sum() == pytest.approx(training.DATASET_WEIGHT)


def test_baseline_splits_two_stories_of_the_same_outlets(fixture):
    articles = fixture[fixture["set"].isin(["sestak", "beck"])].reset_index(drop=True)
    labels = training.baseline_labels(articles[COLUMNS], 0.2)
    assert pd.crosstab(labels, articles["gold"]).gt(0).sum(axis=1).eq(1).all()  # no cluster mixes the two stories


def test_folds_keep_each_event_whole_and_are_balanced():
    events = [f"e{k:02d}" for k in range(50) for _ in range(3)]
    folds = training.folds_of(events)
    assert sorted(folds) == sorted(set(events))
    assert np.bincount(list(folds.values())).tolist() == [10, 10, 10, 10, 10]
    assert training.folds_of(events) == folds  # seeded


@needs_data
def test_dev_readers_read_dev_only_and_deal_topics_as_the_research():
    basil, ecb = event_data.read_basil_dev(), event_data.read_ecbplus_dev()
    assert (len(basil), basil["event"].nunique()) == (150, 50)
    assert (len(ecb), ecb["subtopic"].nunique(), ecb["topic"].nunique()) == (772, 66, 33)
    assert ecb["topic"].max() <= 35
    assert event_data.ecb_topic_groups(ecb["topic"], seed=0)[0] == [2, 3, 8, 9, 10, 13, 16, 21, 29, 30, 33]


def test_a_held_out_topic_is_refused(tmp_path):
    folder = tmp_path / "ecbplus_dev"
    folder.mkdir()
    row = {"article_id": "40_1ecb", "outlet": "40_1ecb", "date": "", "title": "", "text": "x", "topic": 40,
           "subtopic": "40ecb"}
    (folder / "articles.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="topics 1-35"):
        event_data.read_ecbplus_dev(root=tmp_path)


def test_the_evaluation_table_says_what_it_measures_and_beats_its_baseline():
    table = pd.read_csv(training.EVAL_PATH, dtype=str, keep_default_na=False)
    assert table.columns.tolist() == training.EVAL_COLUMNS
    assert table["what"].str.split(" ").str[0].tolist() == ["BASIL", "ECB+", "ECB+"]
    for column in ("model", "baseline"):
        assert table[column].str.fullmatch(r"[01]\.\d{3}").all()
    assert (table["model"].astype(float) > table["baseline"].astype(float)).all()
    assert table["n"].tolist() == ["150", "9", "9"]
    # the dev bars the lens was built for: BASIL >= 0.95, ECB+ events about 0.90
    assert float(table.loc[0, "model"]) >= 0.95 and float(table.loc[1, "model"]) >= 0.89


def test_group_events_with_a_fold_model_uses_the_shipped_thresholds(model, fixture):
    articles = fixture[fixture["set"].isin(["sestak", "beck"])].reset_index(drop=True)
    pairs = training.labelled_pairs(articles, embeddings=None, event_column="gold", story_column="gold")
    rebuilt = training.fold_model(pd.concat([pairs] * 40, ignore_index=True), model, "text")
    assert rebuilt.scorers["event/text"].threshold == model.scorers["event/text"].threshold
    out = group_events(articles[COLUMNS], model=rebuilt)
    assert out["event"].nunique() == 2
