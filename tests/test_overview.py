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
    ("vox-3", 0, "“There will be sparks at this hearing,” said Sen. Richard Blumenthal (D-CT), during a press conference call on Friday."),
    ("hill-3", 0, "\"We have received and read every page of Judge Kavanaugh's extensive record,\" Grassley said."),
]


def attributions(outlet_rows: dict[str, list[str]]) -> pd.DataFrame:
    """One attribution row per group named, in sentence 0 of each article."""
    rows = [{"article_id": article, "sentence_id": 0, "group": group}
            for article, groups in outlet_rows.items() for group in groups]
    return pd.DataFrame(rows)


def vox_findings(table: pd.DataFrame, **kwargs) -> list[dict]:
    """Attribution findings for Vox (vox-1..3) against its peers (hill-1..3)."""
    sentences = pd.DataFrame(SENTENCES, columns=["article_id", "sentence_id", "text"])
    ids = sorted(set(table["article_id"]))
    return share_findings(table, sentences, {"Vox": ([a for a in ids if a.startswith("vox")], [a for a in ids if a.startswith("hill")])},
                          lens="attribution", column="group", describe=voice_text, **kwargs)


def test_a_share_of_zero_in_a_few_articles_is_not_a_finding_when_its_item_count_cannot_carry_it():
    # the outlet quotes no Republican legislator in 6 attributions over 2 articles; its peers do 30% of the time
    table = attributions({"vox-1": ["Expert"] * 3, "vox-2": ["Expert"] * 3,
                          "hill-1": ["Legislator: Republican Party"] * 3 + ["Expert"] * 7,
                          "hill-2": ["Legislator: Republican Party"] * 3 + ["Expert"] * 7})
    found = vox_findings(table)
    # Wilson's upper bound for 0 of 6 is 39%: the outlet's interval reaches its peers', so nothing is stated
    assert [f for f in found if f["subject"] == "Legislator: Republican Party"] == []


def test_a_fewer_finding_shows_the_peers_sentences_it_has_no_counterpart_for():
    table = attributions({"vox-1": ["Expert"] * 20, "vox-2": ["Expert"] * 20, "vox-3": ["Expert"] * 20,
                          "hill-1": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5,
                          "hill-2": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5,
                          "hill-3": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5})
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


def test_a_share_that_rests_on_two_articles_is_not_a_finding():
    # the outlet's judiciary attributions are in two of its three articles; without the larger, one article is left
    table = attributions({"vox-1": ["Judiciary"] * 6, "vox-2": ["Judiciary"] * 6, "vox-3": ["Expert"] * 6,
                          "hill-1": ["Expert"] * 20, "hill-2": ["Expert"] * 20, "hill-3": ["Expert"] * 20})
    assert [f for f in vox_findings(table) if f["subject"] == "Judiciary"] == []
    table = attributions({"vox-1": ["Judiciary"] * 6, "vox-2": ["Judiciary"] * 6, "vox-3": ["Judiciary"] * 6,
                          "hill-1": ["Expert"] * 20, "hill-2": ["Expert"] * 20, "hill-3": ["Expert"] * 20})
    assert len([f for f in vox_findings(table) if f["subject"] == "Judiciary"]) == 1


def test_a_group_share_that_rests_on_one_speaker_is_not_a_finding():
    # every judiciary attribution of the outlet is the nominee's: a finding about one man, not about judges
    table = attributions({"vox-1": ["Judiciary"] * 6, "vox-2": ["Judiciary"] * 6, "vox-3": ["Judiciary"] * 6,
                          "hill-1": ["Expert"] * 20, "hill-2": ["Expert"] * 20, "hill-3": ["Expert"] * 20})
    table["corpus_speaker"] = table["group"].map({"Judiciary": "Brett Kavanaugh", "Expert": ""})
    assert [f for f in vox_findings(table, person="corpus_speaker") if f["subject"] == "Judiciary"] == []
    table.loc[table["article_id"] == "vox-3", "corpus_speaker"] = "John Roberts"
    table.loc[table["article_id"] == "vox-2", "corpus_speaker"] = "Anthony Kennedy"
    assert len([f for f in vox_findings(table, person="corpus_speaker") if f["subject"] == "Judiciary"]) == 1


def test_a_difference_made_by_the_events_mix_is_not_a_finding():
    # both sides quote legislators in 3 of 4 attributions in the hearing event and never in the explainer event; the outlet
    # wrote most of its pieces on the explainer event and its peers on the hearing, so pooled, it seems to quote
    # legislators less. Event by event it does not differ at all.
    explainer = {f"vox-e{k}": ["Expert"] * 20 for k in range(10)} | {f"hill-e{k}": ["Expert"] * 20 for k in range(2)}
    hearing = ({f"vox-h{k}": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5 for k in range(2)}
               | {f"hill-h{k}": ["Legislator: Republican Party"] * 15 + ["Expert"] * 5 for k in range(10)})
    table = attributions(explainer | hearing)
    event_of = pd.Series({a: ("E1" if "-e" in a else "E2") for a in table["article_id"].unique()})
    pooled = [f for f in vox_findings(table) if f["subject"] == "Legislator: Republican Party"]
    assert len(pooled) == 1 and "gives fewer" in pooled[0]["finding"]
    assert [f for f in vox_findings(table, event_of=event_of) if f["subject"] == "Legislator: Republican Party"] == []
    # where the outlet does differ in each event, the finding stands and says in how many events it shows
    table.loc[table["article_id"].isin(["vox-h0", "vox-h1"]), "group"] = "Expert"
    found = [f for f in vox_findings(table, event_of=event_of) if f["subject"] == "Legislator: Republican Party"]
    assert len(found) == 1 and found[0]["events_agreeing"] == found[0]["events_compared"] == 1
    assert found[0]["finding"].endswith("It shows in the one event where the two sides differ with at least 3 items each.")


def test_an_outlet_that_leans_on_anonymous_sources_is_a_finding_whatever_body_they_speak_for():
    # the outlet's sources are unnamed White House officials (grouped with the government, flagged anonymous) and
    # people familiar with the talks; its peers in the same three events name theirs
    from analysis.lenses.overview.findings import findings

    outlet_rows = {}
    for k in range(3):
        outlet_rows[f"vox-{k}"] = [("Government: United States", True)] * 6 + [("Anonymous", True)] * 4 + [("Expert", False)] * 2
        outlet_rows[f"hill-{k}"] = [("Government: United States", False)] * 8 + [("Expert", False)] * 4
    speakers = pd.DataFrame([{"article_id": a, "sentence_id": 0, "group": g, "anonymous": anon, "corpus_speaker": ""}
                             for a, rows in outlet_rows.items() for g, anon in rows])
    articles = pd.DataFrame({"article_id": list(outlet_rows), "outlet": ["Vox" if a.startswith("vox") else "The Hill" for a in outlet_rows]})
    events = pd.DataFrame({"article_id": list(outlet_rows), "event": [f"E{a[-1]}" for a in outlet_rows]})
    tables = {"articles": articles, "events": events, "speakers": speakers,
              "sentences": pd.DataFrame(SENTENCES, columns=["article_id", "sentence_id", "text"]),
              "tone_mentions": pd.DataFrame(), "actor_names": pd.DataFrame(), "label_uses": pd.DataFrame(),
              "voice": pd.DataFrame()}
    found = findings(tables)
    anonymous = found[(found["subject"] == "anonymous sources") & (found["outlet"] == "Vox")]
    assert len(anonymous) == 1 and "gives more of its attributions to anonymous sources" in anonymous["finding"].iloc[0]
    assert anonymous["events_agreeing"].iloc[0] == anonymous["events_compared"].iloc[0] == 3
    # the other side of the same split (named or described sources) is not stated again
    assert found[(found["subject"] == "sources named or described")].empty


def test_a_transcript_is_not_compared_as_the_outlets_sourcing():
    # ABP coronavirus_2020-03: three of the New York Times's five items were transcripts of its podcast, whose "I"
    # and "you" made it look like a paper that quotes no government voice; an article four fifths quoted is left out
    from analysis.lenses.overview.findings import comparable

    articles = pd.DataFrame({"article_id": ["nyt-podcast", "nyt-news", "hill-1"], "outlet": ["NYT", "NYT", "The Hill"]})
    events = pd.DataFrame({"article_id": ["nyt-podcast", "nyt-news", "hill-1"], "event": ["E1"] * 3})
    voice = pd.DataFrame({"article_id": ["nyt-podcast", "nyt-podcast", "nyt-news", "nyt-news", "hill-1"],
                          "start": [0, 2089, 0, 19700, 0], "end": [2089, 27417, 19700, 22686, 5000],
                          "voice": ["own", "quoted", "own", "quoted", "own"]})
    kept, kept_events = comparable({"articles": articles, "events": events, "voice": voice})
    assert kept["article_id"].tolist() == ["nyt-news", "hill-1"] and len(kept_events) == 2
