"""Behaviour a user relies on, on real sentences from the dev corpora (ABP Supreme Court and coronavirus 2018/2020)."""
import pandas as pd
import pytest

from analysis.annotate import attribution, quotes
from analysis.annotate.actors.mentions import (
    canonical_actors,
    find_mentions,
    link_text_spans,
    person_roles,
)
from analysis.annotate.actors.speakers import (
    fill_from_corpus,
    group_label,
    qualify_by_corpus,
    resolve_speakers,
)
from analysis.annotate.actors.tables import load_tables


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp()


@pytest.fixture(scope="module")
def extract(resources):
    """The package's attribution extractor (cue, speaker and content spans) on a parsed doc."""
    return lambda doc: attribution.extract(doc, quotes.find_quotes(doc.text), resources)


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _speakers(nlp, tables, *, text, extract, **kw):
    doc = nlp(text)
    found = quotes.find_quotes(doc.text)
    return resolve_speakers(doc, extract(doc), find_mentions(doc, tables=tables), tables=tables,
                            quotes=list(zip(found["start"], found["end"])), **kw)


def test_modifier_of_a_non_agent_noun_is_not_a_mention(nlp, tables):
    # ABP supreme_court_2018-09
    doc = nlp("Kavanaugh said then that such guns were covered by the U.S. Constitution’s Second Amendment, "
              "which protects the right to bear arms.")
    m = find_mentions(doc, tables=tables)
    assert not m.loc[m["actor"] == "United States", "is_actor"].any()
    doc = nlp("The price is quoted in US dollars, a Fox News poll showed.")
    m = find_mentions(doc, tables=tables)
    assert m["rule"].tolist() == ["modifier", "modifier"] and not m["is_actor"].any()


def test_agent_noun_makes_the_modifier_an_actor_and_officials_unnamed(nlp, tables, extract):
    # ABP coronavirus_2020-03 (Reuters)
    text = ("Twenty-one people aboard a cruise ship that was barred from docking in San Francisco have tested positive "
            "for coronavirus, U.S. officials said on Friday.")
    m = find_mentions(nlp(text), tables=tables)
    row = m[m["text"] == "U.S. officials"]
    assert len(row) == 1 and row["is_actor"].iloc[0] and row["actor"].iloc[0] == "United States"
    assert not m.loc[m["text"] == "San Francisco", "is_actor"].any()  # a place, not an actor
    s = _speakers(nlp, tables, extract=extract, text=text)
    # unnamed, but no cue says anonymous: US officials speak for the US government
    assert s["group"].tolist() == ["Government: United States"] and s["resolved_by"].str.endswith("+unnamed").all()


def test_anonymous_needs_a_cue_and_the_public_is_not_a_source(nlp, tables, extract):
    # ABP coronavirus_2020-03 (Associated Press): "speaking on condition of anonymity" makes aides anonymous
    text = ("Top congressional Democrats were not invited to the White House signing ceremony, said Democratic aides "
            "speaking on condition of anonymity to describe the situation.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert [g.split(":")[0] for g in s["group"]] == ["Anonymous"]
    # ABP coronavirus_2020-03 (Reuters): people who ask a question are not an anonymous source
    text = ("In Europe and the United States, masks are less commonly worn, but many people are asking: "
            "Should they wear them during the pandemic?")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert not s["group"].str.startswith("Anonymous").any()


def test_the_official_is_the_unnamed_official_of_before_not_a_government_person_named_in_the_article(
        nlp, tables, extract):
    # ABP coronavirus_2020-03 (The Intercept): "the official" had become Trump, the government person named before
    text = ("The U.S.\u2019s failure to prepare adequately for the spread of coronavirus, and the confused messaging from "
            "President Trump, has meant the U.S. is a weak link in the world health system, making it more difficult to "
            "fight the disease globally. \u201cI expected America to stand strong against this pandemic, but they failed "
            "the world \u2014 that\u2019s my clear assessment,\u201d an Ethiopian health official, who asked not to be "
            "named, told The Intercept.\n\nEthiopia\u2019s first case, confirmed Friday, was a Japanese man coming from "
            "Burkina Faso, making it the first case of cross-continent transmission.\n\n\u201cWe are now working under "
            "the assumption that it\u2019s already here,\u201d the Ethiopian health official said. Although Ethiopia has "
            "up to 10 laboratories capable of testing for coronavirus, the official said, \u201cthe number of tests we "
            "have is very, very disappointing.\u201d")
    s = _speakers(nlp, tables, extract=extract, text=text).set_index("speaker")
    assert s.loc["the official", "speaker_name"] == "", s[["speaker_name", "group"]].to_dict("index")
    # an anonymous official of Ethiopia's government: its group is the government's, and it is anonymous
    assert s.loc[["the Ethiopian health official", "the official"], "group"].tolist() == ["Government: Ethiopia"] * 2
    assert s.loc[["the Ethiopian health official", "the official"], "role_category"].tolist() == ["anonymous"] * 2


def test_anonymous_officials_of_a_named_body_speak_for_it_and_stay_anonymous(nlp, tables, extract):
    # ABP coronavirus_2020-03 (The Daily Caller): the piece rests on anonymous White House officials, which a reader
    # counts as the government's voice; a group of their own had made the outlet's government share 2%
    text = ("House Speaker Nancy Pelosi sought to include a potential way to guarantee federal funding for abortion into "
            "the coronavirus economic stimulus plan, according to multiple senior White House officials.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    row = s[s["speaker_text"].str.contains("White House officials")]
    assert row["group"].tolist() == ["Government: United States"] and row["role_category"].tolist() == ["anonymous"]
    from analysis.lenses.attribution.tables import speakers as lens_speakers
    listed = s.assign(article_id="a", sentence_id=0, listed=True, cue="", cue_lemma="", cue_class="speech", kind="", speaker=s["speaker_text"], content_start=0, content_end=0)
    names = pd.DataFrame({"article_id": ["a"], "actor": ["Nancy Pelosi"], "corpus_actor": ["Nancy Pelosi"]})
    verbs = pd.DataFrame({"lemma": ["say"], "class": ["neutral"]})
    found = lens_speakers(listed, names, verbs)
    assert found.loc[found["speaker"].str.contains("White House officials"), "anonymous"].tolist() == [True]
    # ABP December 2019 (the Afghanistan Papers): a former official speaks for no body
    s = _speakers(nlp, tables, extract=extract, home_country="United States",
                  text="One unidentified former State Department official called the U.S. goal to build a democracy in "
                       "Kabul \u201cidiotic.\u201d")
    assert s["group"].tolist() == ["Anonymous: United States"]


def test_a_person_not_authorized_to_be_identified_is_anonymous_and_so_is_the_person_after(nlp, tables, extract):
    # ABP supreme_court_2018-09 (PBS NewsHour): "wasn't authorized" had not counted as a cue
    text = ("Kavanaugh spoke with the Judiciary panel\u2019s counsel Monday and gave a \u201cclear and consistent\u201d "
            "account of what happened 36 years ago, said a person who wasn\u2019t authorized to be identified while "
            "describing the process. The person described Kavanaugh as \u201cresolute\u201d and eager to defend himself.")
    s = _speakers(nlp, tables, extract=extract, text=text).set_index("speaker")
    assert s.loc[["a person", "The person"], "group"].tolist() == ["Anonymous", "Anonymous"], s["group"].to_dict()


def test_an_anonymity_cue_a_clause_after_the_speaker_counts_and_the_next_sentences_does_not(nlp, tables, extract):
    # ABP coronavirus_2020-03 (Vox): the cue sits 9 tokens after "nurse"
    text = ("One nurse at a major metropolitan hospital, who asked for anonymity to avoid angering their employer, told "
            "Vox that staff had been instructed to come to work as long as their temperature did not exceed 101 degrees "
            "Fahrenheit and they weren\u2019t coughing, regardless of their known exposure to the coronavirus.")
    s = _speakers(nlp, tables, extract=extract, text=text).set_index("speaker")
    assert s.loc["One nurse", "group"] == "Anonymous", s["group"].to_dict()


def test_hover_card_link_text_is_cut_and_party_code_read(nlp, tables, extract):
    # ABP coronavirus_2020-03 (The Hill): the hover card between the name and "(D-Calif.)" is link text
    text = ("\"We're going to pass it today,\" Speaker Nancy Pelosi Nancy PelosiMnuchin emerges as key asset in Trump's "
            "war against coronavirus Graham: Pelosi comment on Trump is 'most shameful' MORE (D-Calif.) said as she entered the Capitol.")
    assert any(text[s:e].startswith("Nancy PelosiMnuchin") for s, e in link_text_spans(text))
    doc = nlp(text)
    m = find_mentions(doc, tables=tables)
    people = m[(m["kind"] == "person") & m["is_actor"]]
    assert people["actor"].unique().tolist() == ["Nancy Pelosi"]
    att = pd.DataFrame({"speaker_start": [text.index("Speaker Nancy")], "speaker_end": [text.index(" Nancy PelosiMnuchin")]})
    s = resolve_speakers(doc, att, m, tables=tables)
    assert s["speaker_name"].iloc[0] == "Nancy Pelosi"
    assert s["group"].iloc[0] == "Legislator: Democratic Party"


def test_senator_with_party_code_and_role_noun_antecedent(nlp, tables, extract):
    # ABP supreme_court_2018-09: "the senator" goes back to the named senator
    text = ("“There will be sparks at this hearing,” said Sen. Richard Blumenthal (D-CT), during a press conference call on Friday. "
            "“Ford’s decision is hers alone,” the senator said.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s["speaker_name"].tolist() == ["Richard Blumenthal", "Richard Blumenthal"]
    assert set(s["group"]) == {"Legislator: Democratic Party"}
    assert s["resolved_by"].tolist()[1] == "role_noun_antecedent"


def test_role_noun_with_another_country_is_not_the_person_named_before(nlp, tables, extract):
    # seed page 004 (Reuters): the U.S. officer is not the Iranian commander the article named first
    text = ("The strike killed Iranian military commander Qassem Soleimani at Baghdad airport. "
            "The senior U.S. military officer told reporters that the letter was a draft document.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    row = s[s["speaker_text"].str.contains("officer")]
    assert row["speaker_name"].tolist() != ["Qassem Soleimani"]
    assert row["group"].tolist() == ["Military: United States"]


def test_pronoun_goes_to_the_named_speaker_not_a_name_inside_the_quote(nlp, tables, extract):
    text = ("Sen. Chris Coons (D-DE) wrote a letter to Kavanaugh on Friday. "
            "“No one, including President Trump, is above the law,” he said.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s.loc[s["speaker_text"] == "he", "speaker_name"].tolist() == ["Chris Coons"]


def test_spokesman_takes_the_category_of_the_body_he_speaks_for(nlp, tables, extract):
    # ABP coronavirus_2020-03
    text = ("In Cook County, Illinois, officials are seeking the power to extend voting hours, said Frank Herrera, "
            "a spokesman for the county clerk’s office. A Pentagon spokesman said the ship was safe.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s["group"].tolist()[-1] == "Military: United States"
    assert "unresolved" not in s["group"].tolist()


def test_an_inspector_general_is_no_general_and_a_company_representative_no_legislator(nlp, tables, extract):
    # ABP December 2019 (The Hill) and coronavirus 2020 (Washington Examiner): "general" and "representative" alone
    # are a military rank and a legislative title, but not in these roles
    text = ("Department of Justice Inspector General Michael Horowitz delivered a troubling picture of missteps taken "
            "during the FBI’s investigation into Trump campaign associates on Wednesday, saying his findings should not "
            "be viewed as a vindication of the bureau. Chinese officials are not violating Twitter policies when they "
            "peddle in disinformation and conspiracy theories surrounding the coronavirus pandemic, a company "
            "representative said Monday.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s.drop_duplicates("speaker_text")["group"].tolist() == ["Government: United States", "Business"]


def test_a_party_tag_that_ends_the_sentence_gives_the_party(nlp, tables, extract):
    # ABP December 2019 (USA Today): "D-Wash." closes the sentence, so no comma or parenthesis ends the tag
    text = ("One of the most confrontational exchanges in the debate focused on Rep. Pramila Jayapal, D-Wash. "
            "\u201cWhy then did he decide he was so concerned about the corruption that he was not going to release "
            "aid?\u201d Jayapal said.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s["group"].tolist() == ["Legislator: Democratic Party"]


def test_a_senators_spokesman_speaks_for_the_senator_not_the_government(nlp, tables, extract):
    # ABP supreme_court_2018-09 (Fox News, Newsmax): a reader counted these as the Republican senator's voice; the
    # lens had put them with the government, which made other outlets' "government" share look larger
    text = ("Taylor Foy, a spokesman for Sen. Chuck Grassley (R-Iowa), released a lengthy statement after the Post "
            "published its interview with Ford. A spokesman for Sen. Chuck Grassley (R-Iowa) confirmed that the "
            "documents' \"committee confidential\" classification remains in effect.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    spokesmen = s[s["speaker_text"].str.contains("spokesman", case=False)]
    assert spokesmen["group"].tolist() == ["Legislator: Republican Party"] * 2


def test_according_to_an_agency_and_an_expert(nlp, tables, extract):
    text = ("Those most at danger of severe complications from the virus, according to the Centers for Disease Control "
            "and Prevention, include adults 65 and older. There are more than 5,600 confirmed cases in the U.S., "
            "according to Johns Hopkins University.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s["group"].tolist() == ["Government: United States", "Expert/academic"]


def test_unknown_side_is_unresolved_never_other(nlp, tables, extract):
    s = _speakers(nlp, tables, extract=extract, text="Some said the ruling went too far.")
    assert s["group"].tolist() == ["unresolved"]
    assert group_label("") == "unresolved"


def test_surname_and_title_link_to_the_full_name_and_across_articles(nlp, tables):
    a = find_mentions(nlp("Brett Kavanaugh met senators. Judge Kavanaugh said little."), tables=tables)
    assert set(a.loc[a["kind"] == "person", "actor"]) == {"Brett Kavanaugh"}
    b = find_mentions(nlp("Judge Kavanaugh said little on Tuesday."), tables=tables)
    m = pd.concat([a.assign(article_id="a"), b.assign(article_id="b")])
    canon = canonical_actors(m)
    assert canon.loc[canon["article_id"] == "b", "corpus_actor"].tolist() == ["Brett Kavanaugh"]


def test_user_actor_table_overrides(nlp, extract):
    user = pd.DataFrame({"actor": ["Quds Force"], "kind": ["organisation"], "group": ["Iranian government and IRGC"],
                         "aliases": ["Quds Force;al-Quds Force"]})
    t = load_tables(user_actors=user)
    s = _speakers(nlp, t, extract=extract, text="The Quds Force said it would respond.")
    assert s["group"].iloc[0] == "Iranian government and IRGC"


def test_corpus_fill_uses_current_roles_only():
    s = pd.DataFrame({"article_id": ["a", "b"], "speaker_name": ["Jeb Bush", "Jeb Bush"],
                      "group": ["Government: United States", "Party/campaign: Republican Party"],
                      "role_category": ["government", "party/campaign"], "resolved_by": ["name+former_role", "name"]})
    c = pd.DataFrame({"article_id": ["a", "b"], "actor": ["Jeb Bush"] * 2, "corpus_actor": ["Jeb Bush"] * 2})
    assert fill_from_corpus(s, c)["group"].tolist() == ["Party/campaign: Republican Party"] * 2


def test_a_legislators_party_from_one_article_outranks_the_country_a_title_gave_in_more():
    # ABP December 2019: "House Speaker Nancy Pelosi" (a country from the title, no party) in three articles,
    # "Speaker Nancy Pelosi (D-Calif.)" in two; she speaks as a Democrat in every one of them
    s = pd.DataFrame({"article_id": list("abcde"), "speaker_name": ["Nancy Pelosi"] * 5,
                      "group": ["Legislator: United States"] * 3 + ["Legislator: Democratic Party"] * 2,
                      "role_category": ["legislator"] * 5, "country": ["United States"] * 5,
                      "resolved_by": ["name"] * 5})
    c = pd.DataFrame({"article_id": list("abcde"), "actor": ["Nancy Pelosi"] * 5, "corpus_actor": ["Nancy Pelosi"] * 5})
    assert fill_from_corpus(s, c)["group"].tolist() == ["Legislator: Democratic Party"] * 5


def test_where_something_was_said_is_not_an_actor(resources):
    # real ABP sentences (Supreme Court corpus, September 2018)
    from analysis.annotate.actors.mentions import find_mentions

    nlp = resources.nlp()
    doc = nlp("President Donald Trump wrote on Twitter that Brett Kavanaugh is a fine man.")
    mentions = find_mentions(doc, tables=resources.actor_tables())
    twitter = mentions[mentions["text"] == "Twitter"]
    assert twitter["is_actor"].tolist() == [False] and twitter["rule"].tolist() == ["medium"]
    assert mentions.loc[mentions["text"] == "Brett Kavanaugh", "is_actor"].tolist() == [True]


def test_a_named_speaker_speaks_for_one_side_across_the_corpus_however_an_outlet_introduces_them():
    import pandas as pd

    from analysis.annotate.actors.speakers import fill_from_corpus

    # Chuck Grassley as ABP outlets introduced him: "Sen. Chuck Grassley, R-Iowa" (twice), "Judiciary Committee
    # Chairman Chuck Grassley", "Grassley" with no role
    speakers = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
                             "speaker_name": ["Chuck Grassley", "Chuck Grassley", "Chuck Grassley", "Grassley"],
                             "group": ["Legislator: Republican Party", "Legislator: Republican Party", "Legislature",
                                       "unresolved"],
                             "role_category": ["legislator", "legislator", "legislature", ""],
                             "resolved_by": ["title", "title", "org_word", "name_no_role"]})
    canonical = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
                              "actor": ["Chuck Grassley"] * 3 + ["Grassley"], "corpus_actor": ["Chuck Grassley"] * 4})
    filled = fill_from_corpus(speakers, canonical)
    assert filled["group"].tolist() == ["Legislator: Republican Party"] * 4
    assert filled["resolved_by"].tolist()[2:] == ["org_word+corpus", "name_no_role+corpus"]


def test_a_title_before_a_name_is_not_a_mention_of_the_body_it_names(nlp, tables):
    # real ABP sentence (Supreme Court corpus, Bloomberg, September 2018): "Senate Minority Leader" is Schumer's
    # title, not a mention of the Senate (it counted Schumer twice, once as "Senate", in the tone table)
    doc = nlp("Senate Minority Leader Chuck Schumer, D-N.Y., said the decision to withhold 100,000 pages "
              "has all the makings of a cover up.")
    mentions = find_mentions(doc, tables=tables)
    senate = mentions[mentions["text"].str.startswith("Senate")]
    assert senate["is_actor"].tolist() == [False] and senate["rule"].tolist() == ["title_of_person"]
    assert mentions.loc[mentions["is_actor"], "actor"].tolist() == ["Chuck Schumer"]


def test_a_double_surname_and_the_bare_surname_go_to_the_full_name():
    # ABP outlets wrote "Christine Blasey Ford", "Ms. Blasey Ford" and "Ford" for the same person
    m = pd.DataFrame({"article_id": ["a", "b", "c"], "actor": ["Christine Blasey Ford", "Blasey Ford", "Ford"],
                      "kind": ["person"] * 3, "is_actor": [True] * 3})
    assert canonical_actors(m)["corpus_actor"].tolist() == ["Christine Blasey Ford"] * 3


def test_an_unqualified_state_group_takes_the_country_only_when_the_corpus_is_clear():
    from analysis.annotate.actors.speakers import qualify_by_corpus

    clear = pd.DataFrame({"group": ["Government"] + ["Government: United States"] * 9 + ["Government: Iran"],
                          "role_category": ["government"] * 11, "resolved_by": ["name"] * 11})
    assert qualify_by_corpus(clear)["group"].iloc[0] == "Government: United States"
    split = clear.assign(group=["Government"] + ["Government: United States"] * 5 + ["Government: Iran"] * 5)
    assert qualify_by_corpus(split)["group"].iloc[0] == "Government"
    legislators = pd.DataFrame({"group": ["Legislator"] + ["Legislator: Republican Party"] * 9,
                                "role_category": ["legislator"] * 10, "resolved_by": ["name"] * 10})
    assert qualify_by_corpus(legislators)["group"].iloc[0] == "Legislator"  # a party cannot come from a country


def test_a_plural_demonym_names_people_and_a_title_word_inside_a_name_is_no_role(nlp, tables):
    from analysis.annotate.actors.roles import describe

    # real ABP coronavirus sentences (March 2020)
    m = find_mentions(nlp("Americans are stocking up on food and medicine."), tables=tables)
    assert m[["actor", "kind", "is_actor"]].values.tolist() == [["Americans", "group", True]]
    assert describe(nlp("a doctor at Massachusetts General Hospital")[:], tables).category == "medical"
    assert describe(nlp("WHO director-general")[:], tables).category == "international"
    assert describe(nlp("J&J's chief scientific officer")[:], tables).category == "business"


def test_a_speaker_introduced_without_a_country_takes_the_one_other_articles_give():
    # ABP coronavirus corpus: most articles write "President Trump" (no country), a few "U.S. President Donald Trump"
    s = pd.DataFrame({"article_id": list("abcd"), "speaker_name": ["Donald Trump"] * 4,
                      "group": ["Government", "Government", "Government", "Government: United States"],
                      "role_category": ["government"] * 4, "resolved_by": ["title"] * 4})
    c = pd.DataFrame({"article_id": list("abcd"), "actor": ["Donald Trump"] * 4, "corpus_actor": ["Donald Trump"] * 4})
    assert fill_from_corpus(s, c)["group"].tolist() == ["Government: United States"] * 4


def test_a_surname_shared_with_a_newspaper_is_the_person_the_article_names(nlp, tables):
    # ABP Supreme Court corpus: Anita Hill, not The Hill, in an article about the 1991 hearings
    m = find_mentions(nlp("Anita Hill testified in 1991. Hill said she was harassed by Clarence Thomas."), tables=tables)
    assert m.loc[m["text"] == "Hill", "actor"].tolist() == ["Anita Hill"]
    assert find_mentions(nlp("Hill said the vote would be close."), tables=tables)["actor"].tolist() == ["The Hill"]


def test_a_disease_is_never_an_actor(nlp, tables):
    # real ABP coronavirus sentence shape: "COVID-19" is tagged as an organisation by the NER
    m = find_mentions(nlp("COVID-19 has killed more than 1,000 people in Italy, Conte said."), tables=tables)
    assert m.loc[m["text"] == "COVID-19", ["is_actor", "rule"]].values.tolist() == [[False, "not_actor"]]


def test_a_part_in_the_story_outranks_a_job_when_two_articles_give_it():
    # ABP Supreme Court corpus: "Christine Blasey Ford, a psychology professor" and "Kavanaugh accuser"
    s = pd.DataFrame({"article_id": list("abcd"), "speaker_name": ["Christine Blasey Ford"] * 4,
                      "group": ["Expert/academic", "Expert/academic", "Citizen/witness", "Citizen/witness"],
                      "role_category": ["expert", "expert", "citizen", "citizen"],
                      "role": ["psychology professor at Palo Alto University", "research psychologist",
                               "Kavanaugh accuser", "Kavanaugh's accuser"], "resolved_by": ["name"] * 4})
    c = pd.DataFrame({"article_id": list("abcd"), "actor": ["Christine Blasey Ford"] * 4,
                      "corpus_actor": ["Christine Blasey Ford"] * 4})
    assert fill_from_corpus(s, c)["group"].tolist() == ["Citizen/witness"] * 4
    once = s.assign(role=s["role"].where(s["article_id"] != "d", "professor"),
                    group=s["group"].where(s["article_id"] != "d", "Expert/academic"),
                    role_category=s["role_category"].where(s["article_id"] != "d", "expert"))
    assert fill_from_corpus(once, c)["group"].tolist() == ["Expert/academic"] * 4  # one article is not enough


def test_a_speaker_speaks_for_what_they_are_now_and_an_academic_title_outranks_a_school_name(nlp, tables, extract):
    # real sentences of the ABP coronavirus corpus (Christian Science Monitor, March 2020)
    text = ("\"It's not an accident that the heat map of where Xi Jinping is sending condolences and China is sending "
            "N95 masks overlaps pretty closely with those countries that have demonstrated a willingness to accommodate "
            "China,\" said Daniel Russel, a former senior U.S. diplomat now with the Asia Society Policy Institute in New York. "
            "Deeply ingrained cultural prejudices about Chinese people as supposed carriers of disease date back further "
            "than the outbreak of SARS, says Winston Tseng, a research sociologist and lecturer of community health and "
            "human development at UC Berkeley’s School of Public Health in California.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s["speaker_name"].tolist() == ["Daniel Russel", "Winston Tseng"]
    assert s["group"].tolist() == ["Expert/academic", "Expert/academic"]


def test_a_state_group_takes_the_country_its_own_words_name_before_the_corpus_country(tables):
    from analysis.annotate.actors.speakers import qualify_by_corpus

    rows = pd.DataFrame({"group": ["Government"] * 2 + ["Government: United States"] * 9,
                         "role_category": ["government"] * 11, "resolved_by": ["organisation"] * 11,
                         "speaker": ["China’s National Health Commission", "the health ministry"] + ["the CDC"] * 9,
                         "speaker_name": ["National Health Commission", ""] + ["Centers for Disease Control"] * 9,
                         "role": [""] * 11, "affiliation": [""] * 11})
    groups = qualify_by_corpus(rows, aliases=tables.aliases)["group"].tolist()
    assert groups[:2] == ["Government: China", "Government: United States"]


def test_a_bare_surname_the_mention_finder_missed_is_the_person_named_before(nlp, tables, extract):
    # ABP coronavirus_2020-03 (New York Post, 20 March 2020)
    text = ("Mayor Bill de Blasio said the NYPD would hit the streets and begin issuing warnings Sunday evening.\n\n"
            "“[Gov. Cuomo’s] order is the right thing to do, to protect us all,” said de Blasio during a late Friday "
            "press conference at City Hall.\n\n"
            "And, after intense criticism, de Blasio said that the Department of Transportation will roll out temporary "
            "bike lanes to better protect bicyclists in Brooklyn and Manhattan as ridership soars during the outbreak.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s["speaker_name"].tolist() == ["Bill de Blasio"] * 3
    assert s["group"].str.startswith("Government").all()


def test_health_and_ethics_titles_give_the_speakers_side(nlp, tables, extract):
    # ABP coronavirus_2020-03 (USA TODAY and a health site, March 2020)
    text = ("“We have to regulate and make choices about what we are exposing ourselves to,” says therapist Jenn "
            "Brandel.\n\n“It is very easy to get overwhelmed,” says bioethicist Kelly Hills.\n\n"
            "“It is serious,” said Raphael Viscidi, infectious disease specialist at Johns Hopkins Medicine.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert dict(zip(s["speaker_name"], s["group"])) == {"Jenn Brandel": "Medical", "Kelly Hills": "Expert/academic",
                                                        "Raphael Viscidi": "Expert/academic"}


def test_an_all_capital_alias_the_tagger_missed_is_the_body(nlp, tables, extract):
    # ABP coronavirus_2020-03: "WHO" is also a pronoun, and the entity tagger passes it over
    text = ("“The official name for the disease was deliberately chosen to avoid stigmatization,” said WHO.\n\n"
            "“It’s important to keep supporting people,” says Andrew Smith, a Massachusetts technology professional "
            "who asked that his last name not be used.")
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s.loc[s["speaker_text"] == "WHO", "group"].tolist() == ["International organisation"]
    assert set(s.loc[s["speaker_text"] == "who", "speaker_name"]) == {"Andrew Smith"}


def test_a_former_office_is_not_the_government(nlp, tables, extract):
    # ABP coronavirus_2020-03 (Reuters, March 2020): a candidate described by the office he held
    text = ("Moderate Democrats in the past two weeks have consolidated their support behind former Vice President "
            "Joe Biden over liberal Senator Bernie Sanders.\n\n"
            "“We need a plan,” Biden said on Tuesday.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s.loc[s["speaker_name"] == "Joe Biden", "group"].tolist() == ["Former official"]


def test_a_pronoun_inside_a_quote_is_no_evidence_of_the_quoted_persons_gender(nlp, tables, extract):
    # ABP supreme_court_2018-09 (Townhall, 24 September 2018): "his" in the senator's words is Kavanaugh
    text = ("CNN’s Jake Tapper: “Doesn’t Kavanaugh have the same presumption of innocence as anyone else in America?”\n\n"
            "Sen. Mazie Hirono: “I put his denial in the context of everything that I know about him in terms of how he "
            "approaches his cases”\n\n"
            "Hirono was asked about the presumption of innocence regarding this alleged decades-old assault, and her "
            "answer immediately veered into the non-sequitur of Kavanaugh's views on abortion. She suggests that "
            "because she doesn't like Kavanaugh's judicial philosophy, he's more likely to be lying.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s.loc[s["speaker_text"] == "She", "speaker_name"].tolist() == ["Mazie Hirono"]


def test_a_party_named_with_its_chamber_is_legislators_and_stays_so_across_the_corpus(nlp, tables, extract):
    # ABP supreme_court_2018-09 and coronavirus_2020-03: "Senate Republicans", "House Democrats"
    text = ("Senate Republicans said they would hold a vote on Friday.\n\n"
            "House Democrats said the relief bill was too small.\n\n"
            "Democrats said the process was rushed.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States").assign(article_id="a")
    assert s["group"].tolist() == ["Legislator: Republican Party", "Legislator: Democratic Party",
                                   "Party/campaign: Democratic Party"]
    canonical = pd.DataFrame({"article_id": ["a", "a"], "actor": ["Republican Party", "Democratic Party"],
                              "corpus_actor": ["Republican Party", "Democratic Party"]})
    assert fill_from_corpus(s, canonical)["group"].tolist() == s["group"].tolist()


def test_officials_in_a_named_country_speak_for_it_and_in_two_for_neither(nlp, tables, extract):
    # ABP coronavirus_2020-03 (The Daily Caller, March 2020), in a corpus of US outlets
    text = ("Health officials in Belgium and South Korea have recommended the use of hydroxychloroquine for patients "
            "displaying either severe or mild symptoms.\n\nHealth officials in Italy said the toll rose again.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s["group"].tolist() == ["Unnamed official", "Unnamed official: Italy"]
    qualified = qualify_by_corpus(pd.concat([s] + [s.iloc[[1]].assign(group="Unnamed official: United States")] * 5),
                                  aliases=tables.aliases)
    assert qualified["group"].iloc[0] == "Unnamed official"


def test_a_party_and_state_tag_speaks_for_the_legislator_it_follows(nlp, tables, extract):
    # ABP supreme_court_2018-09 (USA TODAY and The Hill, September 2018)
    text = ("And retiring Sen. Bob Corker, R-Tenn., suggested that if Ford did not appear at Monday's hearing, Senate "
            "Republicans should proceed to move forward considering Kavanaugh's nomination.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    assert s["speaker"].iloc[0] == "R-Tenn." and s["speaker_name"].iloc[0] == "Bob Corker"
    assert s["group"].iloc[0].startswith("Legislator")


def test_a_government_programme_or_a_law_is_never_an_actor(nlp, tables):
    # ABP scale_10k, October 2013 (Washington Times): programmes the NER tags as organisations
    m = find_mentions(nlp("Yet, Obama has repeatedly stated he will not raise the Social Security and Medicare "
                          "eligibility ages."), tables=tables)
    assert m.loc[m["text"].isin(["Social Security", "Medicare"]), "is_actor"].tolist() == [False, False]
    assert m.loc[m["text"] == "Obama", "is_actor"].tolist() == [True]
    # ABP scale_10k, October 2013 (Washington Times op-ed): a campaign name the NER takes for a person
    m = find_mentions(nlp("Defunding Obamacare was the goal. Obamacare was, has been, and remains unpopular."), tables=tables)
    assert not m.loc[m["text"].str.contains("Obamacare"), "is_actor"].any()


def test_a_clause_or_a_list_after_a_name_gives_the_person_no_party(nlp, tables):
    # ABP scale_10k, October 2013 (CNN; Washington Times): Obama is not a Republican
    for text in ['President Barack Obama weighed in Tuesday, the start of the fiscal year, by lambasting the Republicans '
                 'for being "reckless" in their apparent willingness to take down the government.',
                 'A new poll finds that Fox News leads the list of most-trusted sources, followed by "friends and family," '
                 'Mr. Barack Obama, National Public Radio, and "Republicans in Congress."']:
        doc = nlp(text)
        roles = person_roles(doc, find_mentions(doc, tables=tables), tables=tables)
        assert all(r.party != "Republican Party" for r in roles.get("Barack Obama", [])), text


def _actor_rows(nlp, tables, text):
    m = find_mentions(nlp(text), tables=tables)
    return {row.text: (row.is_actor, row.rule) for row in m.itertuples()}


def test_one_party_member_is_a_person_not_the_party(nlp, tables):
    # ABP scale_10k, October 2013 (CNN; Washington Times; Politico): the tone of these sentences is about one person
    for text, word in [("King, the New York Republican, said there's plenty of blame to go around.", "Republican"),
                       ('"Obama refuses to negotiate," House Speaker John A. Boehner, Ohio Republican, told reporters '
                        "after the meeting.", "Republican"),
                       ("Still, at least one Democrat -- Sen. Charles Schumer of New York -- said so.", "Democrat"),
                       ("The Senate's No. 2 Republican, John Cornyn of Texas, voted against the bill.", "Republican")]:
        assert _actor_rows(nlp, tables, text)[word] == (False, "party_member"), text
    # the party itself, and a party that controls a chamber (a description of the chamber)
    rows = _actor_rows(nlp, tables, "It is allowed whether it's Democrat or Republican, and it's hard to imagine the "
                                    "Republican-controlled House surrendering so meekly.")
    assert rows["Democrat"] == (True, "alias")
    # ABP scale_10k, October 2013 (Fox): written without the hyphen too
    assert _actor_rows(nlp, tables, "The bill passed 285-144, relying mostly on Democratic votes in the Republican "
                                    "controlled chamber.")["Republican"] == (False, "modifier")
    found = find_mentions(nlp("The Republican-controlled House voted. Republicans said no."), tables=tables)
    assert found[["text", "is_actor"]].values.tolist()[:1] == [["Republican", False]]
    assert found.loc[found["text"] == "Republicans", "is_actor"].tolist() == [True]


def test_a_persons_home_state_is_not_an_actor(nlp, tables):
    # ABP scale_10k, October 2013 (CNN live blog; Christian Science Monitor; Politico)
    for text, place in [("11:48 a.m. ET - Rep. Michael Burgess, R-Texas, asks who was in charge of overseeing the "
                         "contractors.", "Texas"),
                        ("Tea party favorites Sens. Ted Cruz, Texas, and Mike Lee, Utah, worked to garner support.", "Utah"),
                        ('"Do you expect us to believe you now?" asked Rep. Kevin Brady (R) of Texas.', "Texas"),
                        ('"Lots of questions," said Representative Joe Pitts, Republican of Pennsylvania and chairman '
                         "of the panel.", "Pennsylvania")]:
        assert _actor_rows(nlp, tables, text)[place] == (False, "home_of_person"), text
    # a state that acts is still an actor
    assert _actor_rows(nlp, tables, "The focus was as much on pressuring Texas to expand Medicaid.")["Texas"][0]


def test_an_agency_the_article_defines_is_one_actor_however_the_tagger_cuts_it(nlp, tables):
    # ABP scale_10k, October 2013 (Washington Post): the tagger cut the agency into "Medicare" and "Medicaid Services"
    m = find_mentions(nlp("Tavenner acknowledged that private-sector software contractors and her agency, the Centers "
                          "for Medicare and Medicaid Services (CMS), have a busy four weeks ahead. CMS said so."), tables=tables)
    actors = m.loc[m["is_actor"], ["text", "actor"]].values.tolist()
    assert ["Centers for Medicare and Medicaid Services", "Centers for Medicare and Medicaid Services"] in actors
    assert ["CMS", "Centers for Medicare and Medicaid Services"] in actors
    assert "Medicaid Services" not in m["text"].tolist()


def test_a_countrys_agency_named_with_its_country_is_the_agency(nlp, tables):
    # ABP coronavirus, March 2020: "the U.S. Food and Drug Administration" is the FDA of the alias table
    m = find_mentions(nlp("The directive, issued by the U.S. Food and Drug Administration, requires that the Centers for "
                          "Disease Control and Prevention, a sister agency, retest every positive coronavirus test."),
                      tables=tables)
    assert m.loc[m["text"].str.contains("Food and Drug"), "actor"].tolist() == ["Food and Drug Administration"]


def test_a_building_that_names_an_institution_is_a_place_where_it_is_one(nlp, tables):
    # ABP scale_10k, June 2020 (CNN) and October 2013 (Christian Science Monitor)
    for text in ["Trump on Monday turned security forces on peaceful protesters in front of the White House, as tear "
                 "gas and rubber bullets flew.",
                 "As tear gas wafted through the air in Lafayette Park across from the White House, Trump announced "
                 "from the Rose Garden that he will invoke the Insurrection Act.",
                 'Obama "refuses to negotiate," House Speaker John Boehner (R) of Ohio told reporters as he left the '
                 "White House."]:
        assert _actor_rows(nlp, tables, text)["White House"] == (False, "location"), text
    # the institution that acts, or is written to, is still an actor
    assert _actor_rows(nlp, tables, "The White House said the president would veto the bill.")["White House"][0]
    assert _actor_rows(nlp, tables, "A letter to the White House asked for an answer.")["White House"][0]


def test_an_office_before_one_name_is_not_the_first_name_of_another_person(nlp, tables):
    # ABP coronavirus, March 2020 (a timeline): Dr. Li Wenliang, then "Premier Li" in a quote of the WHO chief
    m = find_mentions(nlp("January 1: The Wuhan Public Security Bureau issued summons to Dr. Li Wenliang, accusing him "
                          "of spreading rumors. Two days later, at a police station, Dr. Li signed a statement. "
                          '"His leadership and the intervention of President Xi and Premier Li have been invaluable," '
                          "he said."), tables=tables)
    li = m[m["text"] == "Li"]
    assert li["actor"].tolist() == ["Li Wenliang", "Li"]


@pytest.mark.parametrize("text, place, rule", [
    # ABP supreme_court_2018-09 (NPR, The Guardian): Capitol Hill as where something happens
    ("Such shows of protest are nothing new on Capitol Hill.", "Capitol Hill", "location"),
    ("The hearing on Capitol Hill represents Democrats’ last best chance to thwart him.", "Capitol Hill", "location"),
    # ABP coronavirus_2020-03 (New York Post): the people of a place are not the place's government
    ("“I want to be able to say to the people of New York — I did everything we could do,” Cuomo told reporters "
     "at the state Capitol.", "New York", "location"),
    # ABP scale_10k, October 2019: where a person comes from, a refugee camp, and a word of an office's title
    ("A 33-year-old woman from Alabama, who now lives in a tent in an industrial area outside downtown, says: "
     "“Everyone out here has done something—drugs, you name it.”", "Alabama", "location"),
    ("She’d come to the U.S. at age 13 from a Somali refugee camp.", "Somali", "location"),
    ("Around the same time, Sessions wrote to Secretary of State Mike Pompeo urging Yovanovitch’s ouster.", "State",
     "title_of_person"),
])
def test_a_place_where_people_are_is_not_an_actor(nlp, tables, text, place, rule):
    m = find_mentions(nlp(text), tables=tables)
    row = m[m["text"] == place]
    assert len(row) == 1 and not row["is_actor"].iloc[0] and row["rule"].iloc[0] == rule


def test_a_people_named_by_race_and_nationality_is_its_own_group(nlp, tables):
    # ABP coronavirus_2020-03 (USA TODAY)
    text = ("Instead, Trump echoed an earlier tweet suggesting that Asian Americans should be \"protected\" and not "
            "blamed for a virus that researchers believe began in China.")
    m = find_mentions(nlp(text), tables=tables)
    assert m.loc[m["is_actor"] & (m["kind"] == "group"), "actor"].tolist() == ["Asian Americans"]


def test_a_bare_surname_far_from_a_relative_named_once_is_the_main_person(nlp, tables):
    # ABP scale_10k, October 2019 (Politico): after "Fred Trump's funeral", the "Trump" of later sentences is Donald
    text = ("Long, long before he was Donald Trump’s personal attorney and devoted defender, Rudy Giuliani wasn’t exactly a "
            "fan. “What I did,” Friedman responded, in a stroke of evasive doublespeak, “was effectuating and concluding "
            "and consummating a five-year or three-year experience of Donald Trump with the city government.” "
            "At Fred Trump’s funeral, at Norman Vincent Peale’s Marble Collegiate Church on Fifth Avenue, Giuliani spoke. "
            "The mayor called his father “a giant.” Giuliani told the more than 800 movers and shakers and mourners, "
            "according to the New York Post, that he had “not only helped to build our city, but helped define it.” "
            "He said he had helped make New York “the most important city in the world.” "
            "A little more than three months later, as Trump mounted a Roger Stone-orchestrated test of a presidential run "
            "as a Reform Party candidate, he went on Larry King’s show on CNN to talk about it—and also used the slot to "
            "laud Giuliani, who at the time was preparing to take on Hillary Clinton in a highly anticipated Senate race. "
            "Giuliani, Trump told King, “has been the best mayor in the history of the city of New York.”")
    m = find_mentions(nlp(text), tables=tables)
    bare = m[(m["text"] == "Trump") & (m["kind"] == "person")]
    assert len(bare) == 2 and set(bare["actor"]) == {"Donald Trump"}
    assert m.loc[m["text"].str.startswith("Fred Trump"), "actor"].tolist() == ["Fred Trump"]


@pytest.mark.parametrize("text, group", [
    # ABP scale_10k, October 2013 (Fox News, Washington Times, CSM): an industry's voices and a former president
    ("Robert Zirkelbach, spokesman with America's Health Insurance Plans, told FoxNews.com that all the myriad plans to "
     "reverse or stop the cancellation notices raise questions about how that would be achieved.", "Business"),
    ("\"Changing the rules after health plans have already met the requirements of the (Obamacare) law could destabilize "
     "the market and result in higher premiums,\" AHIP President Karen Ignagni said in a statement.", "unresolved"),
    ("Notable among them is ex-president Bill Clinton, who said in an interview released Tuesday that the administration "
     "should ensure Americans can retain their current health policies if they wish “even if it takes a change to the law.”",
     "Former official"),
])
def test_an_industry_or_former_officials_voice_is_not_the_government(nlp, tables, extract, text, group):
    s = _speakers(nlp, tables, extract=extract, text=text)
    assert s["group"].tolist()[:1] == [group]


def test_a_bare_surname_is_the_main_person_not_a_relative_named_later(nlp, tables):
    # ABP coronavirus_2020-03 (Newsmax, March 13): the "Trump" of the body is the president named in the lede,
    # before and after Ivanka Trump appears
    text = ("President Donald Trump on Friday declared the coronavirus pandemic a national emergency in order to free up "
            "more money and resources. Trump also announced a range of executive actions, including a new public-private "
            "partnership to expand coronavirus testing capabilities with drive-through locations. Trump said, “I don't "
            "take responsibility at all\" for the slow rollout of testing. White House spokesman Judd Deere said Ivanka "
            "Trump, who worked from home on Friday, was evaluated by the White House Medical Unit and it was determined "
            "that because she was exhibiting no symptoms she does not need to self-quarantine. Barr, meanwhile, was "
            "staying home Friday, though he “felt great and wasn't showing any symptoms,” according to his spokeswoman "
            "Kerri Kupec. She said the CDC did not recommend testing at this point. In addition, just days after meeting "
            "Trump and Sen. Rick Scott, R-Fla., at the president's Mar-a-Lago resort, the communications chief for "
            "Brazil's president, Fábio Wajngarten, tested positive for coronavirus. Hospitals welcomed Trump’s emergency "
            "declaration, which they and lawmakers in Congress had been requesting.")
    m = find_mentions(nlp(text), tables=tables)
    bare = m[m["text"].str.match(r"^Trump") & (m["kind"] == "person")]
    assert len(bare) >= 4 and set(bare["actor"]) == {"Donald Trump"}


@pytest.mark.parametrize("text, n_other", [
    # ABP coronavirus_2020-03 (USA TODAY live blog): "said Trump" right after the first lady's name is the president
    ("President Donald Trump said Monday that first lady Melania Trump tested negative for coronavirus.\n\n\"She's "
     "great, she's fine,\" said Trump, hesitating slightly before answering a question about his wife's test: "
     "\"Negative.\"\n\nBoth Trump and Vice President Mike Pence initially declined to be tested, noting that "
     "they did not have symptoms.", 2),
    # ABP scale_10k, October 2019 (NPR): the only Trump named in full is "first lady Melania Trump", at the end
    ("Investigators in the impeachment inquiry of President Trump hoped to talk to Charles Kupperman on Monday. "
     "As they gather evidence behind closed doors, House investigators had been expected to press Kupperman to "
     "corroborate key elements of a top U.S. diplomat's account that Trump built a shadow foreign policy team "
     "around his personal attorney, Rudy Giuliani, to pressure the Ukrainian president to investigate a political "
     "rival. He left the White House on Sept. 20, 10 days after Bolton and Trump parted ways. He started at the "
     "National Security Council two months after Bolton's first deputy, Mira Ricardel, was pushed out of her post "
     "following an argument with first lady Melania Trump's office.", 3),
])
def test_a_bare_surname_is_not_the_relative_named_only_as_first_lady(nlp, tables, text, n_other):
    m = find_mentions(nlp(text), tables=tables)
    people = m[(m["kind"] == "person") & m["text"].str.contains("Trump")]
    assert people.loc[people["text"].str.startswith("Melania"), "actor"].tolist() == ["Melania Trump"]
    others = people[~people["text"].str.startswith("Melania")]
    assert len(others) >= n_other and "Melania Trump" not in set(others["actor"])


def test_a_bare_name_that_is_a_fathers_name_in_a_patronymic_is_not_the_son(nlp, tables):
    # ABP scale_10k, October 2019 (Reuters): "King Salman" is the crown prince's father
    text = ("(Reuters) - Some members of Saudi Arabia\u2019s ruling family and business elite have expressed frustration "
            "with the leadership of Crown Prince Mohammed bin Salman following the largest-ever attack on the kingdom\u2019s "
            "oil infrastructure last month. The crown prince is officially next in line to the throne to his "
            "83-year-old father, King Salman, and is de facto ruler of the country.")
    m = find_mentions(nlp(text), tables=tables)
    people = m[m["kind"] == "person"]
    assert people.loc[people["text"].str.endswith("Salman"), "actor"].tolist() == ["Mohammed bin Salman", "Salman"]
    canon = canonical_actors(people.assign(article_id="a"))
    assert canon.loc[canon["actor"] == "Salman", "corpus_actor"].tolist() == ["Salman"]


def test_a_bureau_of_investigation_and_the_marshals_are_law_enforcement_and_the_justice_department_government(
        nlp, tables, extract):
    # ABP scale_10k, June 2020 (Washington Times, Reason): a reader gave the state's investigators and the marshals to
    # law enforcement and the department's antitrust reviews to the government (as its head, the attorney general)
    text = ("The Atlanta police chief stepped down Saturday in the wake of the death of a 27-year-old Black man who was "
            "shot by an officer while fleeing during a struggle at a Wendy's drive-thru late Friday night, according to "
            "the Georgia Bureau of Investigation. A BOP spokesperson referred questions to the U.S. Marshals Service, "
            "which said it \u201cdoes not own or operate\u201d Grady and other private detention centers. Two months later, "
            "the Justice Department announced wide-ranging reviews of the top social media, retail and search "
            "platforms.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    groups = dict(zip(s["speaker_text"], s["group"]))
    assert groups["the Georgia Bureau of Investigation"] == "Law enforcement: Georgia"
    assert groups["which"] == "Law enforcement: United States"  # the Marshals Service
    assert groups["the Justice Department"] == "Government: United States"


def test_a_party_tag_written_with_a_comma_gives_the_legislator_and_the_party(nlp, tables, extract):
    # ABP scale_10k, May 2020 (National Review): "(R., La.)" was taken for the speaker and counted as a citizen
    text = ("The Republicans state that \u201cshort of full public disclosure,\u201d they still \u201crequire access to this "
            "material for our ongoing oversight of the Department of Justice and Federal Bureau of Investigation.\u201d "
            "On Monday, Jordan and Representative Mike Johnson (R., La.) asked FBI Director Christopher Wray to turn over "
            "all documents and communications related to the FBI\u2019s \u201cCrossfire Razor\u201d investigation of former "
            "Trump national security adviser Michael Flynn.")
    s = _speakers(nlp, tables, extract=extract, text=text, home_country="United States")
    asked = s[s["cue"] == "asked"].iloc[0]
    assert asked["speaker_name"] == "Mike Johnson" and asked["group"] == "Legislator: Republican Party"
