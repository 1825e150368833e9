"""Word choice counts a label only where it is the label: real sentences from the ABP corpora and the seed."""

import pytest

from analysis.lenses.wording import labels


@pytest.fixture(scope="module")
def uses_of(annotate_text, resources):
    terms = labels.compile_terms(resources.rule_table("framing_terms"))
    role_words = resources.actor_tables().role_words
    contexts = labels.sense_contexts(resources.rule_table("sense_contexts"))

    def run(text):
        found = labels.term_uses(annotate_text(text), terms, role_words=role_words, contexts=contexts)
        return found[["label", "matched"]].values.tolist()
    return run


@pytest.mark.parametrize("text, matched", [
    # seed pages (Reuters, AFP, Sputnik, RT; January 2020)
    ("A U.S. drone strike killed Iranian military commander Qassem Soleimani.", "killed"),
    ("Iran vowed revenge for the assassination of Qassem Soleimani.", "assassination"),
    ("Pompeo said Soleimani was not in Baghdad on a peaceful mission when the US killed him in a drone attack.", "killed"),
    ("Pompeo held Soleimani responsible for a Dec. 27 rocket attack in Iraq in which a US civilian contractor was killed.",
     "killed"),
    ("Troops fear retaliation for Friday\u2019s killing in Baghdad of Revolutionary Guards General Qasem Soleimani.",
     "killing"),
    ("Washington justified the assassination by claiming that Soleimani was plotting sabotage.", "assassination"),
    ("Rouhani referred to the 1988 downing of an Iranian plane by a US warship in which 290 were killed.", "killed"),
])
def test_a_killing_of_people_counts_in_verb_and_noun_forms(uses_of, text, matched):
    assert matched in [m for _, m in uses_of(text)]


@pytest.mark.parametrize("text", [
    # ABP supreme_court_2018-09
    "Republicans eliminated the 60-vote barrier for Supreme Court nominees last year.",
    "Such grotesque and obvious character assassination will dissuade competent and good people from serving.",
    # ABP coronavirus_2020-03
    "The virus has killed more than 3,000 people in China since December.",
    "The coronavirus has infected some 100,000 people and killed 3,000.",
    "The respiratory illness has spread to more than 90 nations, killing more than 3,400 people.",
    "Those patients could face long delays as the city struggles to cope with an outbreak that has killed more than 775 people.",
    "This would make Covid-19 more deadly than seasonal flu, which is estimated to kill 290,000 people a year.",
    # ABP coronavirus_2020-03 (Foreign Policy)
    "The plan helped contain the spread of disease, which killed over 10,000 people.",
    "The U.S. military helped contain the West African Ebola outbreak, which killed over 11,000 people.",
    "Ebola killed more than 11,000 people in West Africa between 2014 and 2016.",
    "If Democrats scream bloody murder, who cares?",
    "As Marx and Engels opined, the family and church must be eliminated as competitors to the socialist state.",
    "They kill at the Oscars.",
])
def test_other_senses_of_killing_words_are_not_labels(uses_of, text):
    assert not [u for u in uses_of(text) if u[0] in ("killing", "assassination", "elimination", "murder")]


def test_an_agency_name_is_not_a_label_but_an_actors_administration_is(uses_of):
    # ABP coronavirus_2020-03 (Vice) and seed-style copy
    assert uses_of("The U.S. Food and Drug Administration (FDA) approved the use of mifepristone in 2000.") == []
    assert uses_of("The Trump administration said it would send testing kits.") == [["administration", "administration"]]


def test_voting_by_proxy_and_rebelling_at_an_idea_are_not_armed_group_labels(uses_of):
    # ABP coronavirus_2020-03 (AP, Vox)
    assert uses_of("House Democrats discussed voting by proxy during the pandemic.") == []
    assert uses_of("Many Americans rebel at the idea of staying home for weeks.") == []
    # seed-style copy
    assert uses_of("Lawmakers debated a new testing regime for airports.") == []
    assert uses_of("The Syrian regime has denied using chemical weapons.") == [["regime", "regime"]]


@pytest.mark.parametrize("text, counted", [
    # ABP scale_10k (tests/data/wording/sense_gold.csv): an armed group counts, a political outsider does not
    ("Six were killed when their helicopter was shot down by insurgents and one soldier died in a roadside bomb "
     "explosion.", True),
    ("Insurgent candidates who had previously courted Bannon's support also were quick to minimize his role in their "
     "campaigns this week after excerpts of the Bannon interviews became public.", False),
    ("Such a rule change would have taken the wind out of insurgent candidacies like that of Rick Santorum, who, until "
     "he dropped out, was counting on swinging uncommitted delegates to his side at the convention.", False),
    ("The weapons were designed around some average combat situation by somebody oblivious to the asymmetric wars and "
     "insurgencies we face.", True),
    # with no cue in its own sentence, the article's words decide
    ("Taliban fighters attacked a checkpoint in Kandahar province on Sunday. The insurgents withdrew at dawn.", True),
    ("The senator won the Republican primary in Texas on Tuesday. He ran as an insurgent.", False),
])
def test_insurgent_counts_only_for_armed_conflict(uses_of, text, counted):
    assert (["insurgent"] in [[label] for label, _ in uses_of(text)]) is counted


@pytest.mark.parametrize("text, counted", [
    # ABP scale_10k (tests/data/wording/sense_gold.csv)
    ("Trump sent a very emphatic tweet calling for sanctions against Syria to hold the Assad regime responsible for "
     "its atrocities.", True),
    ("Kim Reynolds has signed a budget bill into law that makes Iowa's voter ID regime more onerous.", False),
    # ABP coronavirus_2020-03 (Vox, a subheading)
    ("How most Americans will cast a ballot in a vote-by-mail regime", False),
    ("In Northern Ireland, which under Johnson's Brexit deal will be separated from mainland Britain by a regime of "
     "customs checks, the Democratic Unionist Party lost two of its ten seats.", False),
])
def test_regime_counts_for_a_government_not_a_system(uses_of, text, counted):
    assert (["regime"] in [[label] for label, _ in uses_of(text)]) is counted
