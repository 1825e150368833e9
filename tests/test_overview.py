"""Findings: an outlet against the other outlets covering the same events, stated only where the data carries it.

The sentences are real ones from the ABP Supreme Court corpus (September 2018) in ../shared/data/abp.
"""

from __future__ import annotations

import pandas as pd

from analysis.lenses.overview.findings import share_findings, voice_text

SENTENCES = [
    ("vox-1", 0, "“We’re still talking through all those issues, and I’m optimistic we’ll get to confirmation,” Cornyn said."),
    ("vox-2", 0, "Majority Whip John Cornyn (R-Texas) wouldn’t say whether undecided Republicans would back Kavanaugh."),
    ("hill-1", 0, "Kavanaugh has denied the allegations."),
    ("hill-2", 0, "“We believe Christine Blasey Ford and so should every U.S Senator,” Demand Justice said."),
]


def attributions(outlet_rows: dict[str, list[str]]) -> pd.DataFrame:
    """One attribution row per group named, in sentence 0 of each article."""
    rows = [{"article_id": article, "sentence_id": 0, "group": group}
            for article, groups in outlet_rows.items() for group in groups]
    return pd.DataFrame(rows)


def vox_findings(table: pd.DataFrame) -> list[dict]:
    """Attribution findings for Vox (vox-1, vox-2) against its peers (hill-1, hill-2)."""
    sentences = pd.DataFrame(SENTENCES, columns=["article_id", "sentence_id", "text"])
    return share_findings(table, sentences, {"Vox": (["vox-1", "vox-2"], ["hill-1", "hill-2"])}, lens="attribution",
                          column="group", describe=voice_text)


def test_a_share_of_zero_in_a_few_articles_is_not_a_finding_when_its_item_count_cannot_carry_it():
    # the outlet quotes no Republican legislator in 6 attributions over 2 articles; its peers do 30% of the time
    table = attributions({"vox-1": ["Expert"] * 3, "vox-2": ["Expert"] * 3,
                          "hill-1": ["Legislator: Republican Party"] * 3 + ["Expert"] * 7,
                          "hill-2": ["Legislator: Republican Party"] * 3 + ["Expert"] * 7})
    found = vox_findings(table)
    # Wilson's upper bound for 0 of 6 is 39%: the outlet's interval reaches its peers', so nothing is stated
    assert [f for f in found if f["subject"] == "Legislator: Republican Party"] == []


def test_a_fewer_finding_shows_the_peers_sentences_it_has_no_counterpart_for():
    table = attributions({"vox-1": ["Expert"] * 20, "vox-2": ["Expert"] * 20,
                          "hill-1": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5,
                          "hill-2": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5})
    found = vox_findings(table)
    fewer = [f for f in found if f["subject"] == "Legislator: Republican Party"]
    assert len(fewer) == 1 and "gives fewer of its attributions" in fewer[0]["finding"]
    assert fewer[0]["evidence"].startswith("other outlets: hill-1#0: Kavanaugh has denied the allegations.")
    more = [f for f in found if f["subject"] == "Expert"]
    assert "gives more" in more[0]["finding"] and more[0]["evidence"].startswith("vox-1#0: “We’re still talking")


def test_a_share_that_rests_on_one_article_is_not_a_finding():
    # 6 of the outlet's 7 judiciary attributions are in one essay; without it the outlet quotes no judge at all
    table = attributions({"vox-1": ["Judiciary"] * 6 + ["Expert"], "vox-2": ["Expert"] * 5,
                          "hill-1": ["Expert"] * 20, "hill-2": ["Expert"] * 20})
    found = vox_findings(table)
    assert [f for f in found if f["subject"] == "Judiciary"] == []
