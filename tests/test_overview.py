"""The overview joins the lenses and states only differences the data can carry."""

import pandas as pd

from analysis import overview


def _tables(**over):
    base = {name: pd.DataFrame() for name in overview.TABLES}
    base["articles"] = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["AFP", "RT", "RT"],
                                     "n_words": [300, 200, 250], "date": ["2020-01-03"] * 3, "note": ["", "", ""]})
    base.update(over)
    return base


def _tone(rows):
    cols = ["outlet", "actor", "n_mentions", "mean_tone", "tone_ci_low", "tone_ci_high"]
    return pd.DataFrame(rows, columns=cols)


def test_tone_difference_stated_only_when_intervals_are_apart_and_mentions_suffice():
    apart = _tone([("AFP", "Iran", 12, 0.1, 0.0, 0.2), ("RT", "Iran", 15, -0.5, -0.6, -0.4)])
    found = overview.findings(_tables(tone_by_outlet=apart))
    assert found["finding"].tolist() == ["RT writes about Iran more negatively than AFP"]
    overlapping = _tone([("AFP", "Iran", 12, 0.1, -0.3, 0.2), ("RT", "Iran", 15, -0.2, -0.4, 0.0)])
    found = overview.findings(_tables(tone_by_outlet=overlapping))
    assert found["finding"].str.startswith("No outlet's tone toward Iran differs").all()
    too_few = _tone([("AFP", "Iran", 2, 0.1, 0.0, 0.2), ("RT", "Iran", 15, -0.5, -0.6, -0.4)])
    assert overview.findings(_tables(tone_by_outlet=too_few)).empty


def test_scorecard_and_comparability_on_an_empty_corpus():
    tables = _tables(articles=pd.DataFrame(columns=["article_id", "outlet", "n_words", "date", "note"]))
    assert overview.scorecard(tables).empty
    assert overview.findings(tables).empty
    assert "nothing can be compared" in overview.comparability(tables)["meaning"].iloc[0]


def test_one_outlet_corpus_says_no_comparison_is_possible():
    tables = _tables(articles=pd.DataFrame({"article_id": ["a"], "outlet": ["AFP"], "n_words": [100],
                                            "date": ["2020-01-03"], "note": [""]}))
    check = overview.comparability(tables).set_index("check")
    assert "no comparison between outlets" in check.loc["outlets", "meaning"]
    card = overview.scorecard(tables)
    assert card.loc[0, "caveat"] == "only 1 article: describes this text, not the outlet"
    assert card.loc[0, "tone_soleimani"] == "no data" or card.loc[0, "tone_soleimani"] == "not mentioned"


def test_seed_findings_pin_the_framing_differences_the_data_carries():
    from analysis import paths

    found = overview.findings(overview.read_tables(paths.PROCESSED_DIR))
    text = "\n".join(found["finding"])
    assert "Sputnik relies on anonymous sources more than Reuters" in text
    assert "AFP never calls the strike an assassination" in text
    assert "Sputnik calls the strike an assassination in its own voice" in text
    assert "Reuters calls the strike an assassination in its own voice only in a machine-translated republication" in text
    assert "No outlet's tone toward Qassem Soleimani differs" in text
