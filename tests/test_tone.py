"""Tone lens: sentence and GDELT tone, the NewsMTSC target model, outlet comparison, figures, bad input."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import actors, io, paths, stats, tone
from analysis.nlp import sentence_spans

needs_newsmtsc = pytest.mark.skipif(not paths.NEWSMTSC_TRAIN.exists(), reason="NewsMTSC training file not present")
SEED_PAGES = {"003_7ad6a651d57beef3.txt": "RT", "004_19f1b381fbdfb763.txt": "Reuters"}


@pytest.fixture(scope="module")
def model():
    """The shipped model (loaded from data/processed, trained there once if missing)."""
    if not paths.NEWSMTSC_TRAIN.exists() and not (paths.PROCESSED_DIR / "tone_target_model.npz").exists():
        pytest.skip("neither NewsMTSC nor a trained model is available")
    return tone.get_target_model(paths.PROCESSED_DIR)


@pytest.fixture(scope="module")
def seed_tables():
    """Articles and sentences made by hand from two raw seed pages (outlets assigned by hand)."""
    arts, sents = [], []
    for name, outlet in SEED_PAGES.items():
        text = (paths.RAW_DIR / name).read_text(encoding="utf-8")
        aid = name.removesuffix(".txt")
        arts.append({"article_id": aid, "outlet": outlet, "text": text, "language": "en"})
        for i, (s, e) in enumerate(sentence_spans(text)):
            sents.append({"article_id": aid, "sentence_id": i, "paragraph": 0, "start": s, "end": e, "text": text[s:e]})
    return pd.DataFrame(arts), pd.DataFrame(sents)


# --------------------------------------------------------------------------- sentence and article tone


def test_text_problem_names_each_bad_input():
    assert tone.text_problem("") == "empty"
    assert tone.text_problem("   ") == "empty"
    assert tone.text_problem(None) == "empty"
    assert tone.text_problem("Soleimani.") == "one word"
    assert tone.text_problem("Le ministre a déclaré que les troupes resteraient dans le pays.") == "not English"
    assert tone.text_problem("قال الوزير إن القوات ستبقى") == "not English"
    assert tone.text_problem("Pompeo: Qassem Soleimani not in Baghdad on diplomatic mission") == ""


def test_sentence_tone_scores_and_flags_bad_rows():
    s = pd.DataFrame({"article_id": ["a"] * 4, "sentence_id": [0, 1, 2, 3],
                      "text": ["The brutal attack killed many people.", "", "Hello.",
                               "Der Minister sagte heute, dass die Truppen im Land bleiben werden."]})
    with pytest.warns(UserWarning, match="3 row\\(s\\) not scored"):
        out = tone.sentence_tone(s)
    assert list(out.columns) == tone.TONE_SENTENCE_COLUMNS
    assert out["note"].tolist() == ["", "empty", "one word", "not English"]
    assert out.loc[0, "vader_compound"] < 0
    assert out.loc[1:, ["textblob_polarity", "vader_compound"]].isna().all().all()


def test_gdelt_tone_follows_the_codebook_definitions():
    text = "We condemn the brutal attack and we mourn the victims, our friends."
    g = tone.gdelt_tone(text, activity=True)
    lexicon = tone.load_tone_lexicon()
    tokens = [w.lower() for w in tone._WORD.findall(text)]
    assert g["word_count"] == len(tokens) == 12
    assert g["gdelt_negative"] == pytest.approx(100 * sum(lexicon.get(t) == "negative" for t in tokens) / 12)
    assert g["gdelt_tone"] == pytest.approx(g["gdelt_positive"] - g["gdelt_negative"])
    assert g["gdelt_polarity"] == pytest.approx(g["gdelt_positive"] + g["gdelt_negative"])
    assert g["gdelt_self_group"] == pytest.approx(100 * 3 / 12)  # we, we, our
    assert 0 < g["gdelt_activity"] <= 100 * 3 / 12 + 1e-9  # condemn, mourn (and at most one more verb)
    assert g["gdelt_tone"] < 0


def test_shipped_lexicon_is_what_the_builder_makes():
    shipped = io.read_csv(paths.package_table("gdelt_tone_words.csv")).fillna("")
    built = tone.build_tone_lexicon()
    assert shipped["word"].tolist() == built["word"].tolist()
    assert shipped["connotation"].tolist() == built["connotation"].tolist()
    assert tone.load_tone_lexicon().get("united") is None  # excluded: part of "United States"


def test_article_tone_marks_non_english_and_empty_articles():
    a = pd.DataFrame({"article_id": ["en", "fr", "empty"], "outlet": ["RT", "AFP", "AP"],
                      "text": ["The deadly strike killed the general. Iran vowed revenge.",
                               "Le ministre a déclaré que les troupes resteraient dans le pays.", ""]})
    s = pd.DataFrame({"article_id": ["en", "en"], "sentence_id": [0, 1],
                      "text": ["The deadly strike killed the general.", "Iran vowed revenge."]})
    with pytest.warns(UserWarning, match="article_tone"):
        out = tone.article_tone(a, tone.sentence_tone(s, a), activity=False)
    out = out.set_index("article_id")
    assert out.loc["en", "gdelt_tone"] < 0 and out.loc["en", "n_sentences_scored"] == 2
    assert out.loc["fr", "note"] == "not English" and math.isnan(out.loc["fr", "gdelt_tone"])
    assert out.loc["empty", "note"] == "empty text"


# --------------------------------------------------------------------------- NewsMTSC and the model


@needs_newsmtsc
def test_split_keeps_articles_and_events_on_one_side():
    data = tone.load_newsmtsc()
    split = tone.split_newsmtsc(data)
    assert split.equals(tone.split_newsmtsc(data))
    sides = data.assign(split=split).groupby("group")["split"].nunique()
    assert (sides == 1).all()
    assert 0.15 < (split == "dev").mean() < 0.25


@needs_newsmtsc
def test_training_is_deterministic_and_rebuilt_only_when_inputs_change(tmp_path):
    lines = paths.NEWSMTSC_TRAIN.read_text(encoding="utf-8").splitlines()[:400]
    mini = tmp_path / "mini.jsonl"
    mini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = tone.train_target_model(mini, model_dir=tmp_path / "a", method="sparse", cache=False)
    tone.train_target_model(mini, model_dir=tmp_path / "b", method="sparse", cache=False)
    for suffix in (".npz", ".json"):
        assert (tmp_path / "a" / f"tone_target_model{suffix}").read_bytes() == \
               (tmp_path / "b" / f"tone_target_model{suffix}").read_bytes()
    loaded = tone.load_target_model(tmp_path / "a", method="sparse", train_path=mini)
    assert loaded is not None and loaded.vocabulary == a.vocabulary
    mini.write_text("\n".join(lines[:300]) + "\n", encoding="utf-8")  # training file changed: rebuild
    assert tone.load_target_model(tmp_path / "a", method="sparse", train_path=mini) is None
    meta = json.loads((tmp_path / "a" / "tone_target_model.json").read_text())
    assert "Hamborg" in meta["notice"] and "MIT" in meta["notice"]


def test_target_sentiment_api(model):
    rows = pd.DataFrame({"sentence": ["Pompeo blamed Soleimani for the deadly attack on the embassy.",
                                      "Iran praised the brave and generous soldiers."],
                         "start": [14, 0], "end": [23, 4], "extra": [1, 2]})
    out = tone.target_sentiment(rows, model=model)
    assert list(out.columns) == ["sentence", "start", "end", "extra", "label", "p_negative", "p_neutral", "p_positive"]
    assert set(out["label"]) <= set(tone.LABELS)
    assert np.allclose(out[["p_negative", "p_neutral", "p_positive"]].sum(axis=1), 1.0)


def test_target_sentiment_depends_on_the_target_context(model):
    rows = pd.DataFrame({"sentence": ["The brutal terrorist Soleimani murdered hundreds of innocent people.",
                                      "The beloved hero Soleimani was a kind and brilliant leader."],
                         "start": [21, 17], "end": [30, 26]})
    out = tone.target_sentiment(rows, model=model)
    tone_of = out["p_positive"] - out["p_negative"]
    assert out.loc[0, "label"] == "negative"
    assert tone_of[1] > tone_of[0] + 0.3


def test_target_sentiment_bad_rows_get_empty_label_and_a_warning(model):
    rows = pd.DataFrame({"sentence": ["Pompeo blamed Soleimani.", "", "Soleimani.", "Pompeo blamed Soleimani.",
                                      "Le ministre a déclaré que les troupes resteraient dans le pays.", "Pompeo left."],
                         "start": [14, 0, 0, 20, 3, 3], "end": [23, 0, 9, 60, 10, 2]})
    with pytest.warns(UserWarning, match="5 row\\(s\\) not scored") as record:
        out = tone.target_sentiment(rows, model=model)
    message = str(record[0].message)
    assert "outside the sentence" in message and "one word" in message and "not English" in message
    assert out.loc[0, "label"] in tone.LABELS
    assert (out.loc[1:, "label"] == "").all()
    assert out.loc[1:, ["p_negative", "p_neutral", "p_positive"]].isna().all().all()


def test_target_sentiment_needs_its_columns(model):
    with pytest.raises(ValueError, match="missing \\['end'\\]"):
        tone.target_sentiment(pd.DataFrame({"sentence": ["x y"], "start": [0]}), model=model)


@needs_newsmtsc
def test_model_beats_the_vader_baseline_on_dev(model):
    data = tone.load_newsmtsc()
    dev = data[tone.split_newsmtsc(data) == "dev"].sample(n=300, random_state=stats.SEED)
    ours = tone.score_target_model(dev, model=model).loc[0, "macro_f1"]
    vader = tone._threshold_labels([tone._vader().polarity_scores(s)["compound"] for s in dev["sentence"]], 0.05)
    from sklearn.metrics import f1_score

    baseline = f1_score(dev["label"], vader, average="macro")
    assert ours > baseline + 0.08
    table = tone.evaluate_target_model(model)["table"]
    assert list(table.columns) == tone.EVAL_COLUMNS
    shipped = table[table["model"].str.contains("shipped")].iloc[0]
    assert shipped["macro_f1"] > table[table["model"].str.startswith("VADER")].iloc[0]["macro_f1"]
    confusion = tone.evaluate_target_model(model)["confusion"]
    assert confusion.to_numpy().sum() == shipped["n"]


# --------------------------------------------------------------------------- outlet comparison


def _targets(n=30):
    rng = np.random.default_rng(1)
    rows = []
    for outlet, shift in (("RT", 0.4), ("Reuters", -0.4), ("AFP", -0.35)):
        for i in range(n):
            t = float(np.clip(rng.normal(shift, 0.2), -1, 1))
            label = "negative" if t < -0.2 else "positive" if t > 0.2 else "neutral"
            rows.append({"outlet": outlet, "actor": "Iran", "group": "g", "article_id": f"{outlet}-{i % 5}",
                         "sentence_id": i, "label": label, "tone": t, "mention": "Iran"})
    return pd.DataFrame(rows)


def test_bootstrap_intervals_are_deterministic():
    t = _targets()
    a, b = tone.tone_by_outlet(t), tone.tone_by_outlet(t)
    assert a.equals(b)
    assert list(a.columns) == tone.BY_OUTLET_COLUMNS
    row = a.set_index("outlet").loc["RT"]
    assert row["tone_ci_low"] < row["mean_tone"] < row["tone_ci_high"]
    assert not tone.tone_by_outlet(t, seed=1).equals(a)  # the seed really drives the resampling


def test_intervals_widen_when_an_outlets_stories_disagree():
    # Two Reuters stories, one harsh and one mild, with many mentions each: resampling mentions alone would
    # give a narrow interval around the average; resampling stories shows that the outlet's tone is not pinned down.
    rows = [{"outlet": "Reuters", "actor": "Iran", "group": "g", "article_id": story, "label": "neutral", "tone": tone_value}
            for story, tone_value in (("harsh", -0.6), ("mild", 0.0)) for _ in range(40)]
    rows += [{"outlet": "RT", "actor": "Iran", "group": "g", "article_id": "only", "label": "neutral", "tone": v}
             for v in np.linspace(-0.5, 0.1, 80)]
    by = tone.tone_by_outlet(pd.DataFrame(rows)).set_index("outlet")
    reuters = by.loc["Reuters"]
    assert reuters["tone_ci_low"] == pytest.approx(-0.6, abs=0.02) and reuters["tone_ci_high"] == pytest.approx(0.0, abs=0.02)
    plain = stats.bootstrap_ci([-0.6] * 40 + [0.0] * 40)
    assert plain[1] - plain[0] < 0.2 < reuters["tone_ci_high"] - reuters["tone_ci_low"]
    rt = by.loc["RT"]  # one story: the plain bootstrap over its mentions
    assert (rt["tone_ci_low"], rt["tone_ci_high"]) == tuple(round(v, 4) for v in stats.bootstrap_ci(np.linspace(-0.5, 0.1, 80)))


def test_differences_are_claimed_only_without_overlap():
    by = tone.tone_by_outlet(_targets())
    diff = tone.outlet_differences(by, "Iran").set_index(["outlet_a", "outlet_b"])
    assert diff.loc[("Reuters", "RT"), "verdict"] == "Reuters more negative than RT"
    assert diff.loc[("Reuters", "AFP"), "verdict"] == "no difference claimed (intervals overlap)"


def test_small_groups_carry_a_caveat():
    by = tone.tone_by_outlet(_targets(n=4))
    assert by["caveat"].str.contains("too few").all()


def test_unscored_mentions_do_not_enter_the_comparison():
    t = _targets(n=12)
    t.loc[0, ["label", "tone"]] = ["", float("nan")]
    by = tone.tone_by_outlet(t).set_index("outlet")
    assert by.loc["RT", "n_mentions"] == 11


# --------------------------------------------------------------------------- the lens on seed pages


@pytest.fixture(scope="module")
def built(seed_tables, model):
    articles, sentences = seed_tables
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tone.build(articles, sentences, model_dir=paths.PROCESSED_DIR)


def test_build_returns_the_contract_tables(built, seed_tables):
    _, sentences = seed_tables
    for key in ("tone_sentences", "tone_articles", "tone_targets", "tone_by_outlet", "tone_eval"):
        assert key in built
    targets = built["tone_targets"]
    assert list(targets.columns)[:10] == ["article_id", "sentence_id", "actor", "mention", "start", "end", "label",
                                          "p_negative", "p_neutral", "p_positive"]
    text = {(a, s): t for a, s, t in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])}
    for r in targets.itertuples():
        assert text[(r.article_id, r.sentence_id)][r.start:r.end] == r.mention
    assert {"Qassem Soleimani", "United States", "Iran"} <= set(targets["actor"])
    assert set(built["tone_by_outlet"]["outlet"]) == {"RT", "Reuters"}
    assert len(built["tone_sentences"]) == len(sentences)


def test_extreme_sentences_quote_whole_sentences(built, seed_tables):
    _, sentences = seed_tables
    table = tone.extreme_sentences(built["tone_targets"], sentences)
    assert list(table.columns) == tone.EXTREME_COLUMNS
    assert set(table["direction"]) == {"most negative", "most positive"}
    assert set(table["sentence"]) <= set(sentences["text"])


def test_figures_are_saved_with_their_data(built, tmp_path):
    pngs = tone.draw_figures(built, tmp_path)
    assert [p.name for p in pngs] == ["tone_by_outlet_heatmap.png", "tone_sentence_distribution.png"]
    for p in pngs:
        assert p.exists() and p.with_suffix(".csv").exists()
    again = tone.plot_tone_heatmap(built["tone_by_outlet"], tmp_path / "again")
    assert again.read_bytes() == pngs[0].read_bytes()
    # read back from CSV an empty caveat is missing: the figure must not draw those cells as caveated
    comparable = built["tone_by_outlet"].assign(caveat="")
    drawn = tone.plot_tone_heatmap(comparable, tmp_path / "comparable")
    io.write_csv(comparable, tmp_path / "by_outlet.csv")
    read_back = tone.plot_tone_heatmap(io.read_csv(tmp_path / "by_outlet.csv"), tmp_path / "read_back")
    assert read_back.read_bytes() == drawn.read_bytes()


def test_empty_tables_draw_an_explaining_figure(tmp_path):
    empty = pd.DataFrame(columns=tone.BY_OUTLET_COLUMNS)
    assert tone.plot_tone_heatmap(empty, tmp_path).exists()


def test_build_with_a_malformed_actor_table_warns_and_goes_on(seed_tables, model, tmp_path):
    articles, sentences = seed_tables
    path = tmp_path / "actors.csv"
    path.write_text("actor,kind,group,aliases,patterns,note\nIran,state,Iran,Iran;Tehran,(bad,\n", encoding="utf-8")
    table = actors.load_actors(path)
    with pytest.warns(UserWarning, match="row 1 \\('Iran'\\)"):
        out = tone.build(articles.iloc[:1], sentences[sentences["article_id"] == articles.iloc[0]["article_id"]],
                         actors=table, model_dir=paths.PROCESSED_DIR)
    assert set(out["tone_targets"]["actor"]) == {"Iran"}


def test_model_files_are_not_pickles(model):
    npz = Path(paths.PROCESSED_DIR) / "tone_target_model.npz"
    with np.load(npz, allow_pickle=False) as data:
        assert "sparse_coef" in data.files


def test_build_on_an_empty_or_non_english_corpus_gives_empty_tables_not_errors(model):
    empty = tone.build(pd.DataFrame(columns=["article_id", "outlet", "text"]),
                       pd.DataFrame(columns=["article_id", "sentence_id", "text"]), model_dir=paths.PROCESSED_DIR)
    assert empty["tone_targets"].empty and list(empty["tone_targets"].columns) == tone.TARGET_COLUMNS
    german = "Der Minister sagte heute, dass die Truppen im Land bleiben werden."
    with pytest.warns(UserWarning, match="not English"):
        out = tone.build(pd.DataFrame({"article_id": ["x"], "outlet": ["AP"], "text": [german]}),
                         pd.DataFrame({"article_id": ["x"], "sentence_id": [0], "text": [german]}),
                         model_dir=paths.PROCESSED_DIR)
    assert out["tone_sentences"]["note"].tolist() == ["not English"]
    assert out["tone_targets"].empty


# --------------------------------------------------------------------------- reading aids for notebook 02


def test_empty_tables_have_the_columns_of_build(built):
    empty = tone.empty_tables()
    assert set(empty) == set(built)
    for name, table in empty.items():
        assert table.empty and list(table.columns) == list(built[name].columns), name


def test_reading_aids_run_on_empty_tables():
    t = tone.empty_tables()
    for table in [tone.label_rates(t["tone_confusion"]),
                  tone.sentence_vs_target(t["tone_targets"], t["tone_sentences"], pd.DataFrame(columns=["article_id", "sentence_id", "text"])),
                  tone.wilson_shares(t["tone_by_outlet"]), tone.compare_actors(t["tone_by_outlet"], ["Iran"]),
                  tone.actor_extremes(t["tone_extremes"], t["tone_by_outlet"], ["Iran"])]:
        assert table.empty and len(table.columns) > 0


def test_label_rates_read_the_confusion_matrix():
    conf = pd.DataFrame({"true": list(tone.LABELS), "negative": [517, 106, 71], "neutral": [84, 440, 100],
                         "positive": [60, 58, 297]})
    rates = tone.label_rates(conf).set_index("label")
    assert rates.loc["negative", "n_predicted"] == 694 and rates.loc["positive", "n_true"] == 468
    assert rates.loc["positive", "recall"] == round(297 / 468, 4)
    assert rates.loc["positive", "most_confused_with"] == "neutral"
    assert tone.label_rates(conf.set_index("true")).equals(tone.label_rates(conf))


def test_sentence_vs_target_marks_opposite_and_mixed_sentences():
    targets = pd.DataFrame({"article_id": ["a", "a", "a", "a"], "sentence_id": [0, 0, 1, 2],
                            "actor": ["Pompeo", "Iran", "Iran", "Iran"], "mention": ["Pompeo", "Iran", "Iran", "Iran"],
                            "start": [0, 20, 0, 0], "label": ["neutral", "negative", "neutral", ""],
                            "tone": [0.0, -0.7, 0.1, float("nan")], "outlet": ["RT"] * 4})
    sents = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2], "vader_compound": [0.3, float("nan"), 0.0]})
    text = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["Pompeo also accused Iran.", "Iran."]})
    out = tone.sentence_vs_target(targets, sents, text)
    assert out["actor"].tolist() == ["Pompeo", "Iran", "Iran"]  # the unscored mention is left out
    assert out["sentence_label"].tolist() == ["positive", "positive", ""]
    assert out["opposite"].tolist() == [False, True, False]
    assert out["labels_in_sentence"].tolist() == [2, 2, 1]
    assert out["sentence"].iloc[0] == "Pompeo also accused Iran."


def test_wilson_shares_widen_degenerate_bootstrap_intervals():
    by = tone.tone_by_outlet(_targets(n=4))
    wil = tone.wilson_shares(by)
    assert wil[["outlet", "actor", "n_mentions", "mean_tone", "tone_ci_low"]].equals(by[["outlet", "actor", "n_mentions", "mean_tone", "tone_ci_low"]])
    for share, low, high in (("share_negative", "negative_ci_low", "negative_ci_high"),
                             ("share_positive", "positive_ci_low", "positive_ci_high")):
        assert (wil[low] <= wil[share]).all() and (wil[share] <= wil[high]).all()
        assert (wil[high] - wil[low] > 0).all()  # never zero width, unlike a bootstrap of 0 or 1


def test_compare_actors_stacks_pairs_and_ignores_absent_actors():
    by = tone.tone_by_outlet(_targets())
    both = tone.compare_actors(by, ["Iran", "Atlantis"])
    assert both.equals(tone.outlet_differences(by, "Iran"))
    assert tone.compare_actors(by, ["Atlantis"]).empty


def test_actor_extremes_give_a_single_mention_once_and_follow_the_actor_order():
    t = _targets(n=3)
    t = pd.concat([t, t.iloc[[0]].assign(outlet="Sputnik", article_id="S-0", actor="Iraq", mention="Iraq")], ignore_index=True)
    sents = pd.DataFrame({"article_id": t["article_id"], "sentence_id": t["sentence_id"], "text": "text " + t["outlet"]})
    by = tone.tone_by_outlet(t)
    out = tone.actor_extremes(tone.extreme_sentences(t, sents), by, ["Iraq", "Iran", "Atlantis"])
    assert out["actor"].tolist()[0] == "Iraq" and out["direction"].tolist()[0] == "only mention"
    iran = out[out["actor"] == "Iran"]
    assert iran["outlet"].tolist() == ["Reuters", "Reuters", "AFP", "AFP", "RT", "RT"]
    assert set(iran["n_mentions"]) == {3}


def test_select_actors_orders_rows_and_gives_an_empty_table_for_absent_actors():
    by = tone.tone_by_outlet(_targets(n=3))
    picked = tone.select_actors(by, ["Atlantis", "Iran"])
    assert picked["outlet"].tolist() == ["Reuters", "AFP", "RT"] and list(picked.columns) == list(by.columns)
    none = tone.select_actors(by, ["Atlantis"])
    assert none.empty and list(none.columns) == list(by.columns)
    assert tone.select_actors(tone.empty_tables()["tone_by_outlet"], ["Iran"]).empty
