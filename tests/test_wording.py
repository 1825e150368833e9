"""Tests of the word-choice lens (analysis.wording).

Seed-corpus tests pin what the pages themselves say (each assertion quotes the
passage it rests on); method tests use small synthetic texts whose answer is known.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import wording

REUTERS_POMPEO, AFP, SPUTNIK = "000_c1c8499ca4b5f6ca-1", "000_c1c8499ca4b5f6ca-2", "001_cd59827476a30d14-1"
REUTERS_IRAQ, RT, REUTERS_MT = "002_fef9c184b96aac0a-1", "003_7ad6a651d57beef3-1", "004_19f1b381fbdfb763-1"
STRIKE = "strike on Soleimani"


@pytest.fixture(scope="module")
def seed(seed_articles, seed_sentences):
    return wording.build(seed_articles, seed_sentences)


@pytest.fixture(scope="module")
def strike_labels(seed):
    labels = seed["labels"]
    return labels[labels["target"] == STRIKE]


def _labels(strike_labels, article_id, *, voice=None, field=None):
    rows = strike_labels[strike_labels["article_id"] == article_id]
    if voice is not None:
        rows = rows[rows["voice"] == voice]
    if field is not None:
        rows = rows[rows["field"] == field]
    return set(rows["label"])


def _context(articles, row, *, before=0, after=60):
    art = articles.set_index("article_id").loc[row["article_id"]]
    text = art["headline"] if row["field"] == "headline" else art["text"]
    return text[row["start"] - before : row["end"] + after]


# --------------------------------------------------------------------------- quotes


def test_quote_spans_pair_curly_and_straight_quotes_and_ignore_apostrophes():
    text = "Iran’s chief said \"We know that wasn't true,\" and “the safety of our personnel is paramount.”"
    assert [text[s:e] for s, e in wording.quote_spans(text)] == [
        "We know that wasn't true,",
        "the safety of our personnel is paramount.",
    ]


def test_unclosed_double_quote_runs_to_the_end_of_its_paragraph_only():
    text = "“The temporary repositioning was to different locations.\n\nNATO said nothing more."
    spans = wording.quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["The temporary repositioning was to different locations."]


def test_single_scare_quotes_count_as_quotation():
    headline = "Pentagon says Trump ‘directed’ assassination of Iran's Quds Force chief"
    assert [headline[s:e] for s, e in wording.quote_spans(headline)] == ["directed"]
    sputnik = "Pompeo Sought to 'Take Out' Soleimani After Iran's Downing of US Spy Drone"
    assert [sputnik[s:e] for s, e in wording.quote_spans(sputnik)] == ["Take Out"]


# --------------------------------------------------------------------------- labels on the seed corpus


def test_sputnik_calls_the_strike_an_assassination_in_its_own_voice(seed_articles, strike_labels):
    rows = strike_labels[(strike_labels["article_id"] == SPUTNIK) & (strike_labels["label"] == "assassination")
                         & (strike_labels["voice"] == "own")]
    contexts = [_context(seed_articles, r, before=3, after=30) for _, r in rows.iterrows()]
    assert any(c.startswith("US assassination of top Iranian general") for c in contexts)
    assert any("assassination by claiming that Soleimani" in c for c in contexts)  # "Washington justified the assassination"


def test_rt_calls_it_an_assassination_in_headline_and_text_with_directed_in_scare_quotes(seed, seed_articles, strike_labels):
    assert "assassination" in _labels(strike_labels, RT, voice="own", field="headline")
    rows = strike_labels[(strike_labels["article_id"] == RT) & (strike_labels["field"] == "text")
                         & (strike_labels["label"] == "assassination")]
    assert rows["voice"].tolist() == ["own"]
    assert _context(seed_articles, rows.iloc[0], after=20).startswith("assassination was a response")
    matches = seed["marker_matches"]
    headline_quotes = matches[(matches["article_id"] == RT) & (matches["field"] == "headline")
                              & (matches["entry"] == wording.SHORT_QUOTE_ENTRY)]
    assert "directed" in set(headline_quotes["matched"])


def test_reuters_and_afp_say_killing_or_strike_never_assassination_in_their_own_voice(strike_labels):
    for article_id in (REUTERS_POMPEO, REUTERS_IRAQ, AFP):
        own = _labels(strike_labels, article_id, voice="own")
        assert own & {"killing", "kill"}, article_id
        assert not own & {"assassination", "assassinate", "murder", "take out", "martyrdom"}, article_id
    assert "drone strike" in _labels(strike_labels, REUTERS_IRAQ, voice="own")  # "killed in a U.S. drone strike"
    assert "drone attack" in _labels(strike_labels, REUTERS_POMPEO, voice="own")  # "killed him in a drone attack"


def test_reuters_pompeo_story_has_strike_only_in_pompeos_quote(seed_articles, strike_labels):
    rows = strike_labels[(strike_labels["article_id"] == REUTERS_POMPEO) & (strike_labels["label"] == "strike")]
    assert rows["voice"].tolist() == ["quoted"]
    assert _context(seed_articles, rows.iloc[0], after=35).startswith("strike that was taken against Soleimani")


def test_machine_translated_reuters_copy_says_assassination_in_its_own_voice(seed_articles, strike_labels):
    # The republished, machine-translated text reads "Soleimani’s assassination has sparked
    # worldwide fears" outside any quotation: the label is the page's own voice (whether the
    # translation or Reuters chose the word cannot be told from the page).
    rows = strike_labels[(strike_labels["article_id"] == REUTERS_MT) & (strike_labels["label"] == "assassination")]
    assert rows["voice"].tolist() == ["own"]
    assert _context(seed_articles, rows.iloc[0], before=12, after=12) == "Soleimani’s assassination has sparked"
    assert _labels(strike_labels, REUTERS_MT, voice="quoted") == {"martyrdom"}  # Ghaani: "his martyrdom"


def test_take_out_and_defensive_action_appear_only_as_quoted_labels(strike_labels):
    take_out = strike_labels[strike_labels["label"] == "take out"]
    assert set(take_out["article_id"]) == {SPUTNIK}
    assert set(take_out["voice"]) == {"quoted"} and set(take_out["field"]) == {"headline", "text"}
    defensive = strike_labels[strike_labels["label"] == "defensive action"]
    assert set(defensive["article_id"]) == {RT} and set(defensive["voice"]) == {"quoted"}


def test_killings_of_other_people_are_not_labels_of_the_strike(seed_articles, strike_labels):
    for article_id, passage in [
        (REUTERS_POMPEO, "a US civilian contractor was killed"),
        (REUTERS_MT, "many demonstrators were killed"),
        (REUTERS_MT, "290 were killed"),
        (REUTERS_MT, "Trump has pledged to strike 52"),
        (RT, "rocket strike at a US base in Kirkuk that killed"),
    ]:
        text = seed_articles.set_index("article_id").loc[article_id, "text"]
        start = text.index(passage)
        rows = strike_labels[(strike_labels["article_id"] == article_id) & (strike_labels["field"] == "text")
                             & strike_labels["start"].between(start, start + len(passage))]
        assert rows.empty, (passage, rows[["label", "text"]].values.tolist())


def test_us_retaliation_against_iran_is_not_irans_threatened_retaliation(seed, seed_articles):
    # Sputnik: "the US President declined to retaliate militarily against Iran" (June 2019) is
    # excluded by the act table's `exclude` rule; Reuters 004's "if Iran retaliates" is kept.
    labels = seed["labels"]
    retaliation = labels[labels["target"] == "threatened retaliation"]
    sputnik_text = seed_articles.set_index("article_id").loc[SPUTNIK, "text"]
    us_start = sputnik_text.index("retaliate militarily against Iran")
    assert us_start not in set(retaliation.loc[retaliation["article_id"] == SPUTNIK, "start"])
    mt = retaliation[retaliation["article_id"] == REUTERS_MT]
    assert "retaliates" in set(mt["text"])


def test_soleimani_labels_include_titles_descriptions_and_quoted_appositions(seed):
    labels = seed["labels"]
    soleimani = labels[labels["target"] == "Qassem Soleimani"]
    own = set(soleimani.loc[soleimani["voice"] == "own", "label"])
    assert {"top iranian general qassem soleimani", "iranian military commander qassem soleimani",
            "iran's second most powerful figure", "iran's top general"} <= own
    pompeo_irony = soleimani[(soleimani["article_id"] == REUTERS_POMPEO) & (soleimani["label_kind"] == "apposition")]
    assert set(pompeo_irony["label"]) == {"kind gentleman", "diplomat of great order"}
    assert set(pompeo_irony["voice"]) == {"quoted"}


def test_labels_point_back_into_the_text(seed, seed_articles):
    labels = seed["labels"].dropna(subset=["sentence_id"])
    texts = seed_articles.set_index("article_id")["text"]
    assert len(labels) > 100
    for row in labels.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_label_summary_lists_outlets_that_never_name_a_target(seed):
    summary = seed["label_summary"]
    letter = summary[summary["target"] == "withdrawal letter"].set_index("outlet")
    assert letter.loc["RT", "status"] == "not mentioned"
    sputnik_strike = summary[(summary["outlet"] == "Sputnik") & (summary["target"] == STRIKE)].set_index("label")
    assert sputnik_strike.loc["assassination", "n_own"] == 2
    assert sputnik_strike.loc["take out", "n_own"] == 0 and sputnik_strike.loc["take out", "n_quoted"] == 2


# --------------------------------------------------------------------------- attributions and synthetic labels


def _articles(texts: dict[str, tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([(aid, outlet, "", text) for aid, (outlet, text) in texts.items()],
                        columns=["article_id", "outlet", "headline", "text"])


def test_attribution_spans_mark_reported_and_quoted_speech():
    text = "Officials said the killing of Qassem Soleimani was lawful. He called it an assassination of Soleimani."
    arts = _articles({"a": ("X", text)})
    indirect_start = text.index("the killing")
    direct_start = text.index("an assassination")
    att = pd.DataFrame({"article_id": ["a", "a"], "content_start": [indirect_start, direct_start],
                        "content_end": [text.index(" was lawful"), len(text) - 1], "kind": ["indirect", "direct"]})
    labels = wording.extract_labels(arts, attributions=att)
    acts = labels[labels["target_kind"] == "act"].set_index("label")
    assert acts.loc["killing", "voice"] == "reported" and not acts.loc["killing", "in_quote"]
    assert acts.loc["assassination", "voice"] == "quoted" and acts.loc["assassination", "in_quote"]
    without = wording.extract_labels(arts).set_index("label")
    assert without.loc["assassination", "voice"] == "own"  # no quote marks, no attribution: own voice


def test_partial_quote_content_is_reported_except_the_words_in_quote_marks():
    # The attribution lens gives a partial quote's whole clause as content; only the marked words are quoted.
    text = "The Pentagon said that the assassination of Soleimani was a response to “attacks on coalition bases.”"
    arts = _articles({"a": ("X", text)})
    att = pd.DataFrame({"article_id": ["a"], "content_start": [text.index("the assassination")],
                        "content_end": [len(text) - 1], "kind": ["partial"]})
    labels = wording.extract_labels(arts, attributions=att)
    row = labels[labels["label"] == "assassination"].iloc[0]
    assert (row["voice"], row["in_quote"]) == ("reported", False)


def test_empty_act_table_gives_no_act_labels_and_says_so():
    arts = _articles({"a": ("X", "The US killing of Qassem Soleimani shocked the region. " * 30)})
    sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "paragraph": [0], "start": [0],
                          "end": [len(arts.loc[0, "text"])], "text": [arts.loc[0, "text"]]})
    out = wording.build(arts, sents, acts=pd.DataFrame(columns=wording.ACT_COLUMNS))
    assert (out["labels"]["target_kind"] == "actor").all()
    assert "no acts: the act table is empty" in set(out["label_summary"]["status"])


# --------------------------------------------------------------------------- distinctive terms


def test_log_odds_is_antisymmetric_and_zero_for_equal_rates():
    a, b = np.array([20, 5, 10]), np.array([5, 20, 10])
    prior = a + b
    delta_ab, z_ab = wording.log_odds_dirichlet(a, b, prior)
    delta_ba, z_ba = wording.log_odds_dirichlet(b, a, prior)
    assert np.allclose(delta_ab, -delta_ba) and np.allclose(z_ab, -z_ba)
    assert z_ab[0] > 1.96 and abs(z_ab[2]) < 1e-9


@pytest.fixture(scope="module")
def synthetic_terms():
    shared = "officials said the talks would continue next week in the capital. "
    texts = {
        "a1": ("Alpha", shared * 4 + "the regime denied it. the regime said no. the regime again. " * 5),
        "a2": ("Alpha", shared * 4 + "critics of the regime spoke. " * 5),
        "b1": ("Beta", shared * 4 + "a drone strike hit. the drone strike was reported. " * 5),
        "c1": ("Gamma", shared * 4 + "the government said so. the government acted. " * 5
               + "“The regime regime regime regime regime regime must go,” a protester said."),
        "d1": ("Delta", "Too short to compare."),
    }
    return wording.distinctive_terms(_articles(texts), min_words=50)


def test_distinctive_terms_find_the_planted_words_with_their_counts(synthetic_terms):
    top = synthetic_terms[(synthetic_terms["ngram"] == 1) & (synthetic_terms["status"] == "ok")] \
        .groupby("outlet").head(1).set_index("outlet")
    assert top.loc["Alpha", "term"] == "regime"
    assert (top.loc["Alpha", "count"], top.loc["Alpha", "count_rest"]) == (20, 0)  # quoted "regime"s left out
    assert top.loc["Gamma", "term"] == "government"
    bigrams = synthetic_terms[(synthetic_terms["ngram"] == 2) & (synthetic_terms["outlet"] == "Beta")]
    assert bigrams.iloc[0]["term"] == "drone strike" and bigrams.iloc[0]["count"] == 10


def test_shared_words_are_not_distinctive(synthetic_terms):
    shared = synthetic_terms[(synthetic_terms["term"] == "capital") & (synthetic_terms["status"] == "ok")]
    assert len(shared) == 3 and (shared["z"].abs() < 1.0).all()


def test_quotes_count_only_when_asked():
    texts = {"a": ("A", "plain words here and there. " * 20 + "“regime regime regime regime,” he said."),
             "b": ("B", "plain words here and there. " * 20)}
    own = wording.distinctive_terms(_articles(texts), min_words=20, min_count=1)
    with_quotes = wording.distinctive_terms(_articles(texts), min_words=20, min_count=1, include_quotes=True)
    assert "regime" not in set(own["term"])
    row = with_quotes[(with_quotes["outlet"] == "A") & (with_quotes["term"] == "regime")].iloc[0]
    assert (row["count"], row["count_rest"]) == (4, 0)


def test_outlet_with_a_handful_of_words_gets_no_z_scores(synthetic_terms):
    delta = synthetic_terms[synthetic_terms["outlet"] == "Delta"]
    assert len(delta) == 2  # one status row per n-gram size
    assert delta["status"].str.startswith(wording.NOT_ENOUGH_TEXT).all()
    assert delta["z"].isna().all()


def test_seed_distinctive_terms_keep_counts_beside_z(seed):
    terms = seed["distinctive_terms"]
    ok = terms[terms["status"] == "ok"]
    assert set(ok["outlet"]) == {"Reuters", "AFP", "Sputnik", "RT"}
    assert (ok["count"] + ok["count_rest"] >= wording.MIN_COUNT).all()
    afp = ok[(ok["outlet"] == "AFP") & (ok["ngram"] == 1)].set_index("term")
    assert afp.loc["nato", "count"] > afp.loc["nato", "count_rest"]  # AFP's NATO story


# --------------------------------------------------------------------------- framing markers


def test_markers_count_own_voice_only_and_list_every_match():
    text = ("The so-called plan was reportedly ‘directed’ by officials, critics claimed. "
            "“It was allegedly very clear,” he said. ") + "Plain words fill this sentence. " * 40
    arts = _articles({"a": ("X", text)})
    summary, matches = wording.framing_markers(arts, min_words=50)
    distancing = summary[(summary["level"] == "outlet") & (summary["category"] == "distancing")].iloc[0]
    assert distancing["n_matches"] == 4  # so-called, reportedly, claimed, 'directed'; not the quoted "allegedly"
    assert distancing["matched_terms"] == "claimed ×1; directed ×1; reportedly ×1; so-called ×1"
    assert math.isclose(distancing["per_1000"], 1000 * 4 / distancing["n_words"])
    assert "allegedly" not in set(matches["matched"].str.lower())
    intensifier = summary[(summary["level"] == "outlet") & (summary["category"] == "intensifier")].iloc[0]
    assert intensifier["n_matches"] == 0  # "very" is inside the quotation
    assert len(matches) == 4


def test_short_quotes_skip_chants_introduced_by_a_colon():
    text = "Mourners filled the streets shouting: “Death to America!” as the 'draft' letter circulated."
    assert [text[s:e] for s, e in wording.short_quotes(text)] == ["draft"]


def test_seed_markers_show_sputnik_distancing_with_checkable_words(seed):
    markers = seed["markers"]
    sputnik = markers[(markers["level"] == "outlet") & (markers["outlet"] == "Sputnik")].set_index("category")
    words = sputnik.loc["distancing", "matched_terms"]
    assert "reportedly ×2" in words and "alleged ×1" in words
    assert sputnik.loc["distancing", "n_matches"] == sum(int(p.split("×")[1]) for p in words.split("; "))
    assert set(markers["status"]) == {"ok"}


def test_markers_say_not_enough_text_for_a_tiny_outlet():
    arts = _articles({"a": ("Big", "Officials reportedly met. " * 60), "b": ("Tiny", "It reportedly rained.")})
    summary, _ = wording.framing_markers(arts)
    tiny = summary[(summary["level"] == "outlet") & (summary["outlet"] == "Tiny")]
    assert tiny["status"].str.startswith(wording.NOT_ENOUGH_TEXT).all() and tiny["per_1000"].isna().all()
    big = summary[(summary["level"] == "outlet") & (summary["outlet"] == "Big") & (summary["category"] == "distancing")]
    assert big["n_matches"].tolist() == [60]


def test_subjectivity_is_reported_per_outlet_with_an_interval(seed):
    subj = seed["subjectivity"]
    outlets = subj[subj["level"] == "outlet"]
    assert set(outlets["outlet"]) == {"Reuters", "AFP", "Sputnik", "RT"}
    assert ((outlets["ci_low"] <= outlets["mean_subjectivity"]) & (outlets["mean_subjectivity"] <= outlets["ci_high"])).all()


# --------------------------------------------------------------------------- figures


def test_figures_are_saved_with_the_plotted_data(seed, tmp_path):
    pngs = wording.draw_figures(seed, tmp_path)
    assert [p.name for p in pngs] == ["wording_labels.png", "wording_distinctive_terms.png",
                                      "wording_distinctive_2grams.png", "wording_markers.png"]
    for png in pngs:
        assert png.stat().st_size > 0 and png.with_suffix(".csv").exists()
    plotted = pd.read_csv(tmp_path / "wording_labels.csv", keep_default_na=False)
    row = plotted[(plotted["outlet"] == "Sputnik") & (plotted["label"] == "assassination")]
    assert row["n_own"].tolist() == [2]


# --------------------------------------------------------------------------- report helpers (notebook 04)


def test_empty_tables_match_the_build_tables_and_draw(seed, tmp_path):
    empty = wording.empty_tables()
    assert sorted(empty) == sorted(seed)
    for name, table in empty.items():
        assert list(table.columns) == list(seed[name].columns), name
        assert len(table) == 0
    assert len(wording.draw_figures(empty, tmp_path)) == 4
    assert wording.marker_rates(empty["markers"], empty["marker_matches"]).empty
    assert wording.distinctive_overview(empty["distinctive_terms"]).empty


def test_label_figure_reads_a_summary_written_to_csv(seed, tmp_path):
    from analysis import io

    io.write_csv(seed["label_summary"], tmp_path / "label_summary.csv")
    wording.plot_labels(io.read_csv(tmp_path / "label_summary.csv"), tmp_path / "from_csv")
    wording.plot_labels(seed["label_summary"], tmp_path / "from_memory")
    assert (tmp_path / "from_csv" / "wording_labels.png").read_bytes() == \
        (tmp_path / "from_memory" / "wording_labels.png").read_bytes()  # empty status read back as NaN


def test_with_sentences_gives_each_label_its_whole_sentence(seed, seed_articles, seed_sentences):
    labels = seed["labels"]
    rows = wording.with_sentences(labels[labels["target"] == STRIKE], seed_sentences, seed_articles)
    assert set(rows["target"]) == {STRIKE} and len(rows) == (labels["target"] == STRIKE).sum()
    sputnik = rows[(rows["article_id"] == SPUTNIK) & (rows["label"] == "assassination") & (rows["voice"] == "own")]
    assert ("Washington justified the assassination by claiming that Soleimani was plotting sabotage against US "
            "assets in the Middle East.") in sputnik["sentence"].tolist()
    rt_headline = rows[(rows["article_id"] == RT) & (rows["field"] == "headline")]
    assert set(rt_headline["sentence"]) == set(seed_articles.loc[seed_articles["article_id"] == RT, "headline"])
    assert rows["outlet"].tolist() == sorted(rows["outlet"], key=["Reuters", "AFP", "Sputnik", "RT"].index)
    matches = wording.with_sentences(seed["marker_matches"], seed_sentences, seed_articles)
    assert all(m.lower() in s.lower() for m, s in zip(matches["matched"], matches["sentence"]))
    assert wording.with_sentences(labels.iloc[0:0], seed_sentences, seed_articles).empty


def test_labels_by_voice_answer_who_says_assassination_in_its_own_voice(seed):
    table = wording.labels_by_voice(seed["label_summary"], STRIKE).set_index("outlet")
    assert "assassination 2" in table.loc["Sputnik", "own voice"]  # "The US assassination of top Iranian general"
    assert "assassination" not in table.loc["AFP", "own voice"]
    assert "take out 2" in table.loc["Sputnik", "quoted"]
    absent = wording.labels_by_voice(seed["label_summary"], "no such act")
    assert absent.empty


def test_marker_rates_split_out_short_quotes_and_carry_intervals(seed):
    rates = wording.marker_rates(seed["markers"], seed["marker_matches"]).set_index(["outlet", "category"])
    afp = rates.loc[("AFP", "distancing")]
    # AFP's distancing matches are all short quotes: "some personnel", "if necessary", "draft"...
    assert afp["n_short_quotes"] == afp["n_matches"] > 0 and afp["per_1000_without"] == 0
    assert ((rates["ci_low"] <= rates["per_1000"]) & (rates["per_1000"] <= rates["ci_high"])).all()
    assert "Reuters" in rates.loc[("Sputnik", "distancing"), "differs_from"].split(", ")
    # without short quotes: Sputnik's "claimed", "reportedly", "alleged"... against none in Reuters' own voice
    assert "Reuters" in rates.loc[("Sputnik", "distancing"), "differs_from_without"].split(", ")


def test_distinctive_overview_sets_terms_above_z_against_chance(synthetic_terms):
    overview = wording.distinctive_overview(synthetic_terms).set_index(["outlet", "ngram"])
    alpha = overview.loc[("Alpha", 1)]
    assert alpha["terms_above_z"] >= 1 and alpha["terms"].startswith("regime (20,")
    assert alpha["expected_by_chance"] == pytest.approx(0.025 * alpha["terms_tested"])
    assert overview.loc[("Delta", 1), "terms_tested"] == 0  # not enough text: nothing tested
