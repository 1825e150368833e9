"""The facts lens on real sentences: what counts as a fact, the pair scorer, omissions and unique claims.

Sentences come from ECB+ dev (topic 3: the sentencing of Brian Nichols, and an unrelated prison escape of
the same kind) and from the ABP coronavirus corpus (dropped lines read by hand).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.lenses.facts import MODEL_FILE, align_corpus
from analysis.lenses.facts.align import FactOptions, event_probability, event_sentences, happenings
from analysis.lenses.facts.model import load_fact_model
from analysis.lenses.facts.pairs import lemma_vectors
from analysis.lenses.facts.sentences import fact_sentences

NICHOLS = {
    "3_6ecb": "An Atlanta judge sentenced Brian Nichols to life in prison Saturday morning. "
              "The jury was unable to come to a decision after 30 hours of deliberation.",
    "3_5ecb": "A judge in Fulton County, Ga., sentenced Brian Nichols Saturday to multiple life prison sentences for "
              "his deadly 2005 rampage at Fulton Courthouse. \"You'll be pleased to know that I'm not going to lecture "
              "too much this morning,\" Bodiford said.",
    "3_9ecb": "A judge on Saturday sentenced the man who killed four people in a brazen courthouse escape to multiple "
              "life sentences with no chance of parole after a deadlocked jury failed to return a death sentence. "
              "Brian Nichols, 37, was found guilty last month of murder and dozens of other counts for the March 2005 "
              "rampage that started in a downtown courthouse.",
}
ESCAPE = ("A convicted sex offender sentenced to life in prison pulled a gun on two guards during a prison transfer "
          "Monday and held them hostage temporarily before fleeing on foot in one of the guard's uniforms, authorities said.")


@pytest.fixture(scope="module")
def model(resources):
    return resources.model(MODEL_FILE, load_fact_model)


def event_rows(texts: dict[str, str], annotate_text, resources) -> tuple[pd.DataFrame, np.ndarray]:
    """The facts lens's candidate rows of one event whose articles are ``{outlet: text}`` (one article each)."""
    parts = []
    for outlet, text in texts.items():
        article = annotate_text(text, outlet=outlet, article_id=f"a-{outlet}")
        rows = fact_sentences(article)
        spans = article.sentences.set_index("sentence_id")
        rows["text"] = [text[spans.loc[s, "start"]:spans.loc[s, "end"]] for s in rows["sentence_id"]]
        parts.append(rows.assign(outlet=outlet, event="EV001", date=""))
    rows = pd.concat(parts, ignore_index=True)
    rows["text_preview"], rows["section"] = rows["text"], ""
    rows["position"] = rows.groupby("article_id").cumcount()
    return rows, resources.encoder().encode(rows["text"].tolist()).astype(np.float64)


@pytest.mark.parametrize("text, status", [
    ("Read or Share this story: https://www.azcentral.com/story/news/local/2020/03/coronavirus/", "link"),
    ("You're working from home.", "opinion"),
    ("Can they be corrected or removed by cheap money?", "question"),
    ("Small businesses.", "fragment"),
    ("\u201cOr higher if he does well, and I\u2019m sure he will do well,\u201d Mr. Graham said.", "fragment"),
    ("An Atlanta judge sentenced Brian Nichols to life in prison Saturday morning.", "fact"),
    # ABP scale_10k, October 2019 and March 2020: captions, and claims that only look like one
    ("(Photo: Jonathan Ernst/Reuters)", "caption"),
    ("Dr Fauci was absent; his colleague Dr. Deborah Birx is pictured to his right", "caption"),
    ("Iranian supertanker Sabiti (pictured today) was hit by two explosions around 60 miles from the Saudi Port of "
     "Jeddah on Friday.", "fact"),
    ("Americans are sharply divided over the dangers of the new coronavirus, according to a Reuters/Ipsos poll.", "fact"),
    ("Last week, the University of Minnesota put out a call for 1,500 people to sign up to a clinical trial to "
     "determine if hydroxychloroquine, a malaria medication, is effective.", "fact"),
    ("He accused House Speaker Nancy Pelosi of handing out subpoenas 'like cookies.'", "fact"),
    # ABP December 2019 (Roll Call): the author's bio closing a column gave its author a tone
    ("Nathan L. Gonzales is an elections analyst for CQ Roll Call.", "signature"),
    # ABP supreme_court_2018-09 and scale_10k November 2019: quoted questions and a quote's lead-in were listed as facts
    # (and as unique claims)
    ("\"Did you ever know that you were dealing with anything that was stolen property?\" he pressed.", "question"),
    ("\u201cNow Mr. Kent, corruption in Ukraine is endemic, correct?\u201d Castor asked.", "question"),
    ("\"For the millions of Americans viewing today,\" she said, \"the two most important facts are the following:",
     "fragment"),
])
def test_each_sentence_gets_the_status_a_reader_would_give(text, status, annotate_text):
    [row] = fact_sentences(annotate_text(text)).to_dict("records")
    assert row["status"] == status, text


def test_the_tail_of_a_quote_split_over_two_sentences_is_a_fragment(annotate_text):
    # ABP supreme_court_2018-09 (Washington Times): the sentence splitter cuts Mr. Graham's quote in two
    text = ("\u201cIf he does well at the hearing, he will get \u2014 my belief \u2014 55 [votes]. Or higher if he does well, "
            "and I\u2019m sure he will do well,\u201d Mr. Graham said on \u201cFox News Sunday.\u201d")
    rows = fact_sentences(annotate_text(text))
    assert rows["status"].tolist() == ["fact", "fragment"], rows[["sentence_id", "status"]].values.tolist()


@pytest.mark.parametrize("text, voice", [
    # scale_10k, October 2019 (Washington Times, the Baghdadi raid; a Vox-style reported statement; AP on Syria)
    ("\u201cWashington is a leaking machine,\u201d the president said during the announcement earlier Sunday "
     "from the White House.", "quoted"),
    ("Davis, 38, said she would otherwise have to take her son to his grandmother\u2019s in a southern suburb, "
     "requiring an hourlong trip on a regional bus line.", "reported"),
    ("Turkey is sending troops and tanks to its border with Syria hours after President Trump announced he would "
     "be removing US forces from the nation.", "own"),
    ("I told it anyway, and have continued to do so, and I\u2019m glad I have \u2014 because not only has it gotten "
     "laughs, but people who\u2019ve heard it have told me that they\u2019ve been through something similar and they "
     "related to what I had to say.", "own"),
])
def test_a_sentence_whose_head_verb_attributes_it_is_in_the_speakers_voice(text, voice, annotate_text):
    [row] = fact_sentences(annotate_text(text)).to_dict("records")
    assert row["voice"] == voice, text


def test_the_same_sentencing_in_two_outlets_scores_above_an_escape_of_the_same_kind(annotate_text, resources, model):
    texts = {"AP": NICHOLS["3_6ecb"], "Reuters": NICHOLS["3_5ecb"], "Other": ESCAPE}
    rows, vectors = event_rows(texts, annotate_text, resources)
    tfidf = lemma_vectors(rows["lemmas"])
    probability = event_probability(rows, vectors, tfidf, model)
    lead = {o: int(np.flatnonzero(rows["outlet"].to_numpy() == o)[0]) for o in texts}
    same = probability[lead["AP"], lead["Reuters"]]
    other = max(probability[lead["AP"], lead["Other"]], probability[lead["Reuters"], lead["Other"]])
    assert same >= model.firm_threshold and same > 10 * other
    # put in one event, the escape is still told apart as another happening
    happening = happenings(rows, vectors, tfidf, model)
    assert happening[lead["AP"]] == happening[lead["Reuters"]] != happening[lead["Other"]]


def happening_rows(dates: dict[str, str]) -> pd.DataFrame:
    """Rows of one happening: each outlet's article has a lead (position 0) and a second sentence."""
    rows = []
    for outlet, date in dates.items():
        for position in (0, 1):
            rows.append({"article_id": f"a-{outlet}", "sentence_id": position, "outlet": outlet, "date": date,
                         "event": "EV001", "happening": "EV001", "position": position, "status": "fact",
                         "text_preview": f"{outlet} sentence {position}", "persons": "nichols", "places": "",
                         "orgs": "", "numbers": "", "dates": "", "verbs": "sentence", "has_subject": True,
                         "n_tokens": 12, "voice": "own", "section": ""})
    return pd.DataFrame(rows)


def firm_fact(rows: pd.DataFrame, carriers: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """A firm fact stated by the leads of ``carriers`` (probability 0.9 among them, 0.001 elsewhere)."""
    lead = rows["position"].eq(0) & rows["outlet"].isin(carriers)
    probability = np.full((len(rows), len(rows)), 0.001)
    probability[np.ix_(lead, lead)] = 0.9
    facts = rows.loc[lead, ["article_id", "sentence_id", "outlet", "event", "happening"]].assign(
        fact_id="EV001-K0001", n_outlets=len(carriers), n_articles=len(carriers))
    return facts, probability, np.where(probability > 0.5, 0.95, 0.1)


def test_an_article_is_listed_as_omitting_a_central_fact_only_when_it_was_reportable_on_its_date(model):
    from analysis.lenses.facts.align import omissions

    rows = happening_rows({"AP": "2008-12-13", "Reuters": "2008-12-13", "AFP": "2008-12-14",
                           "Early": "2008-12-12", "Late": "2008-12-15", "Aftermath": "2008-12-20"})
    facts, probability, cosine = firm_fact(rows, ["AP", "Reuters", "AFP"])
    found = omissions(rows, facts, probability, cosine, model, FactOptions())
    # "Early" was written before anyone reported it; "Aftermath", a week later, covers what followed
    assert found["outlet"].tolist() == ["Late"]
    assert omissions(rows, facts, probability, cosine, model, FactOptions(news_window_days=7))["outlet"].tolist() == \
        ["Late", "Aftermath"]
    assert found["carried_by"].iloc[0] == "AFP; AP; Reuters" and found["n_carrying_outlets"].iloc[0] == 3
    assert "AP: AP sentence 0" in found["carrier_wording"].iloc[0]


def test_a_fact_an_earlier_article_already_stated_is_background_not_an_omission(model):
    from analysis.lenses.facts.align import CorpusContext, omissions

    rows = happening_rows({"AP": "2008-12-13", "Reuters": "2008-12-13", "AFP": "2008-12-13", "Late": "2008-12-14"})
    facts, probability, cosine = firm_fact(rows, ["AP", "Reuters", "AFP"])
    vectors = np.eye(len(rows))  # every sentence its own direction
    lead = rows["outlet"].eq("AP") & rows["position"].eq(0)
    unrelated = CorpusContext.of(np.eye(len(rows))[[1]], ["2008-12-10"], ["NYT"])
    same = CorpusContext.of(vectors[lead.to_numpy()], ["2008-12-10"], ["NYT"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions(), vectors=vectors,
                     context=unrelated)["outlet"].tolist() == ["Late"]
    assert omissions(rows, facts, probability, cosine, model, FactOptions(), vectors=vectors, context=same).empty


def test_a_same_day_preview_is_not_listed_as_omitting_what_happened_later_that_day(model):
    from analysis.lenses.facts.align import omissions

    # the hearing's news is first reported on the 27th by AP, Reuters and AFP; "Preview" (same date) reports none
    # of that day's news, "Wrap" reports another fact of the day (its second sentence, with AP's) but not this one
    rows = happening_rows({"AP": "2018-09-27", "Reuters": "2018-09-27", "AFP": "2018-09-27",
                           "Preview": "2018-09-27", "Wrap": "2018-09-27"})
    facts, probability, cosine = firm_fact(rows, ["AP", "Reuters", "AFP"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions()).empty  # nobody reports that day's other news
    second = rows["position"].eq(1) & rows["outlet"].isin(["AP", "Wrap"])
    other_news = rows.loc[second, ["article_id", "sentence_id", "outlet", "event", "happening"]].assign(
        fact_id="EV001-K0002", n_outlets=2, n_articles=2)
    found = omissions(rows, pd.concat([facts, other_news], ignore_index=True), probability, cosine, model, FactOptions())
    assert found.loc[found["fact_id"] == "EV001-K0001", "outlet"].tolist() == ["Wrap"]


def test_a_fact_carried_by_one_other_outlet_is_never_an_omission(model):
    from analysis.lenses.facts.align import omissions

    rows = happening_rows({"AP": "", "Reuters": "", "AFP": ""})
    facts, probability, cosine = firm_fact(rows, ["AP"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions()).empty
    facts, probability, cosine = firm_fact(rows, ["AP", "Reuters"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions())["outlet"].tolist() == ["AFP"]
    assert omissions(rows, facts, probability, cosine, model, FactOptions(min_other_outlets=3)).empty
    # a sentence of AFP's close to the fact in other words (MiniLM cosine 0.7) means AFP states it
    cosine[np.ix_(rows["outlet"].eq("AFP").to_numpy(), rows["outlet"].eq("AP").to_numpy())] = 0.7
    assert omissions(rows, facts, probability, cosine, model, FactOptions()).empty


def test_an_article_that_quotes_the_speaker_of_a_statement_is_not_listed_as_omitting_that_statement(model):
    from analysis.lenses.facts.align import omissions

    # ABP Supreme Court corpus, 18 September 2018: CNN and PBS print Trump's line on the FBI; USA TODAY reports
    # Trump's other remarks, The Hill (a day later here) quotes nobody by that name
    rows = happening_rows({"CNN": "2018-09-18", "PBS": "2018-09-18", "USA TODAY": "2018-09-19", "The Hill": "2018-09-19"})
    rows["speakers"] = ""
    rows["article_speakers"] = rows["outlet"].map({"CNN": "trump", "PBS": "trump", "USA TODAY": "grassley|trump",
                                                   "The Hill": "ford"})
    rows.loc[rows["position"].eq(0) & rows["outlet"].isin(["CNN", "PBS"]), "speakers"] = "trump"
    rows.loc[rows["position"].eq(0) & rows["outlet"].eq("CNN"), "text_preview"] = (
        '"I don\'t think the FBI really should be involved because they don\'t want to be involved," Trump told reporters.')
    facts, probability, cosine = firm_fact(rows, ["CNN", "PBS"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions())["outlet"].tolist() == ["The Hill"]
    # a fact that is nobody's statement in particular is still omitted by both
    rows["speakers"] = ""
    assert omissions(rows, facts, probability, cosine, model, FactOptions())["outlet"].tolist() == ["USA TODAY", "The Hill"]


def test_a_fact_two_of_an_events_ten_outlets_carry_is_not_central_even_in_a_smaller_happening(model):
    from analysis.lenses.facts.align import omissions

    rows = happening_rows({"AP": "", "Reuters": "", "AFP": ""})
    facts, probability, cosine = firm_fact(rows, ["AP", "Reuters"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions())["outlet"].tolist() == ["AFP"]
    # the happening's three outlets belong to an event of ten: two carriers are under 30% of them
    assert omissions(rows.assign(event_outlets=10), facts, probability, cosine, model, FactOptions()).empty


def test_an_article_that_states_the_fact_in_other_words_is_not_listed_as_omitting_it(
        annotate_text, resources, model):
    # real ECB+ sentences: three outlets report the sentencing and the deadlocked jury; Reuters reports the
    # sentencing with other details; nobody may be listed as leaving the sentencing out
    texts = {
        "AP": "An Atlanta judge sentenced Brian Nichols to life in prison Saturday morning. "
              "The jury was unable to come to a decision after 30 hours of deliberation.",
        "AFP": NICHOLS["3_9ecb"].split(" Brian Nichols, 37")[0] + " Nichols was spared capital punishment when the "
               "jury failed to reach a unanimous decision to condemn him to death row for the murders of a judge, a "
               "court reporter, a deputy and a federal agent.",
        "NYT": "A judge on Saturday sentenced the man who killed four people during a brazen courthouse escape to "
               "multiple life sentences with no chance of parole, and to hundreds more years on more than 50 charges.",
        "Reuters": NICHOLS["3_5ecb"],
    }
    rows, vectors = event_rows(texts, annotate_text, resources)
    facts, omitted, unique = align_corpus(rows, vectors, model, FactOptions())
    assert (facts[facts["sentence_id"] == 0]["n_outlets"] >= 2).all()  # every lead shares its fact with another outlet
    assert omitted.empty
    assert not unique["text"].str.contains("sentenced").any()


def test_an_outlet_carries_only_firm_facts_not_a_loose_group_of_unrelated_lines():
    # ABP December 2019, the impeachment vote: the loose grouping the alignment is scored at (the cut best on ECB+,
    # whose sentences are all about their event) joined Townhall's "She attempted to scold them." with three other
    # outlets' lines (EV050-F0003, mean probability 0.003); the defections, told by Townhall and AP, are one firm fact
    # (the rows are those facts' shape; the sentence ids are illustrative)
    from analysis.lenses.facts import fact_coverage

    facts = pd.DataFrame({
        "fact_id": ["F3", "F3", "F3", "F7", "F7"], "event": "EV050", "outlet": ["Townhall", "CNN", "AP", "Townhall", "AP"],
        "article_id": ["dec2019-66", "dec2019-67", "dec2019-73", "dec2019-66", "dec2019-73"], "sentence_id": [17, 30, 12, 21, 15],
        "n_outlets": [3, 3, 3, 2, 2], "firm_fact": ["K9", "K10", "K11", "K1", "K1"], "firm_outlets": [1, 1, 1, 2, 2]})
    rows = facts[["event", "outlet", "article_id"]]
    empty = pd.DataFrame(columns=["event", "outlet"])
    coverage = fact_coverage(facts, empty, empty, rows).set_index("outlet")["n_carried"]
    assert coverage.to_dict() == {"AP": 1, "CNN": 0, "Townhall": 1}


@pytest.mark.parametrize("text, state", [
    # real ABP sentences: standing states and summaries are background, not a happening an outlet alone reports
    ("The Senate is divided between 51 Republicans and 49 senators who caucus with Democrats.", True),
    ("The Trump administration has been criticized for failing to produce enough tests to meet demand.", True),
    ("CEOs of Jockey, Honeywell, P&G and My Pillow announced at the White House Monday that they are producing "
     "tens of thousands of masks, gowns and scrubs a week.", False),
])
def test_a_sentence_that_describes_a_state_is_told_from_one_that_reports_a_happening(text, state, resources):
    from analysis.lenses.facts.sentences import describes_state

    assert describes_state(list(resources.nlp()(text))) is state


@pytest.mark.parametrize("dates, text, date, background", [
    # ABP coronavirus_2020-03 (Reuters) and supreme_court_2018-09 (USA TODAY): background, not the day's news
    ("", "Trump emerged triumphant last month after his Senate acquittal in a Democratic-led impeachment drive.",
     "2020-03-13", True),
    ("m:jun", "In June, she was one of thousands of people who signed a letter from the group Physicians for Human "
     "Rights.", "2018-09-17", True),
    # ABP coronavirus_2020-03 (CBN): the news of its day
    ("wd:monday", "CEOs of Jockey, Honeywell, P&G and My Pillow announced at the White House Monday that they are "
     "producing tens of thousands of masks.", "2020-03-31", False),
    ("m:mar|d:13", "The House passed the bill on March 13 by a vote of 363 to 40.", "2020-03-14", False),
])
def test_a_sentence_dated_before_its_articles_news_is_background(dates, text, date, background):
    from analysis.lenses.facts.sentences import told_as_background

    assert told_as_background(dates, text, date) is background


@pytest.mark.parametrize("dates, text, date, background", [
    # ABP scale_10k election coverage (Vox, CNN), September 2016: said or happening years before the article
    ("y:2008", "This chatter first emerged during the contentious 2008 Democratic primary, but was limited to chain "
     "emails and such rather than being associated with the campaign itself, Politico reported.", "2016-09-16", True),
    ("", '"We\'re not going to be able to solve our problems if we get distracted by sideshows and carnival barkers," '
     "Obama said at the time, in a clear reference to Trump.", "2016-09-16", True),
    # ABP supreme_court_2018-09 (Washington Times): the year belongs to a clause about the speaker; the claim is new
    ("y:2013", "Ms. Klobuchar, who voted with fellow Democrats in 2013 to trigger the \u201cnuclear option\u201d and curtail "
     "the filibuster, said she would support reverting to the 60-vote rule should her party regain the Senate.",
     "2018-09-02", False),
])
def test_a_quote_told_as_said_back_then_is_background(dates, text, date, background):
    from analysis.lenses.facts.sentences import told_as_background

    assert told_as_background(dates, text, date, attributed=True) is background


def test_a_statement_told_over_two_sentences_is_one_unique_claim_and_a_columnists_words_are_none():
    from analysis.lenses.facts.align import join_runs, said_by_commentator

    # ABP scale_10k election coverage: CNN, 17 September 2016, and Fox News, 31 October 2016
    claims = pd.DataFrame({"article_id": ["cnn-32", "cnn-32", "fox-96"], "sentence_id": [27, 28, 5],
                           "last_sentence_id": [27, 28, 5], "nearest_other_similarity": [0.31, 0.28, 0.2], "text": [
        "Joel Benenson, Clinton's chief strategist, told CNN's Erin Burnett in an interview Thursday that the campaign "
        "was still \"playing for 270 electoral votes.\"",
        "\"We are still playing more offense in states around the country and keeping the Trump campaign on defense,\"",
        "NYT columnist Paul Krugman: \u201cIf we don't hear more from Comey, we just have to conclude that he was trying to "
        "swing election.\u201d"]})
    speakers = pd.DataFrame({"article_id": ["cnn-32", "fox-96"], "sentence_id": [27, 5],
                             "role": ["Clinton's chief strategist", "NYT columnist"]})
    roles = pd.read_csv(Path(analysis.__file__).parent / "data" / "commentator_roles.csv")["role"]
    assert said_by_commentator(claims, speakers, roles).tolist() == [False, False, True]
    # the quote runs on from Benenson's attribution (the voice annotation links it to him)
    joined = join_runs(claims, pd.Series({("cnn-32", 27): "benenson", ("cnn-32", 28): "benenson", ("fox-96", 5): "krugman"}))
    assert joined[["sentence_id", "last_sentence_id"]].values.tolist() == [[27, 28], [5, 5]]
    assert joined["text"].iloc[0].endswith("on defense,\"") and joined["nearest_other_similarity"].iloc[0] == 0.31
    # ABP seed-like Reuters report: two own-voice sentences in a row are two claims (the funeral; the Iraqi vote)
    own = pd.DataFrame({"article_id": ["r-4", "r-4"], "sentence_id": [4, 5], "last_sentence_id": [4, 5],
                        "nearest_other_similarity": [0.48, 0.48], "text": [
        "Khamenei, 80, wept in grief, along with hundreds of thousands of mourners who trampled the streets of Tehran.",
        "Iran's demand for US forces to withdraw from the region gained traction Sunday when the Iraqi parliament "
        "adopted a resolution calling on all foreign troops to leave the country."]})
    assert len(join_runs(own, pd.Series(dtype=str))) == 2


def test_a_quote_another_outlet_prints_word_for_word_is_not_a_unique_claim():
    from analysis.lenses.facts.align import verbatim_elsewhere

    # Kavanaugh's statement of 27 September 2018 as the New York Times and Democracy Now printed it (ABP corpus)
    claims = pd.DataFrame({"outlet": ["New York Times - News", "Reuters"], "full_text": [
        "This whole two-week effort has been a calculated and orchestrated political hit, fueled with apparent "
        "pent-up anger about President Trump and the 2016 election.",
        "Ford's attorneys have said their client wants senators to ask the questions."]})
    sentences = pd.DataFrame({"article_id": ["dn-1", "nyt-1"], "text": [
        "“This whole 2-week effort has been a calculated and orchestrated political hit, fueled with apparent "
        "pent-up anger about President Trump and the 2016 election,” Kavanaugh said.",
        "This whole two-week effort has been a calculated and orchestrated political hit."]})
    outlets = {"dn-1": "Democracy Now!", "nyt-1": "New York Times - News"}
    assert verbatim_elsewhere(claims, sentences, outlets).tolist() == [True, False]
    # the outlet's own repetition does not count
    assert verbatim_elsewhere(claims.iloc[:1], sentences.iloc[1:], outlets).tolist() == [False]


def test_a_claim_another_outlet_states_with_the_same_number_is_not_unique(resources):
    # ABP scale_10k, October 2013: CNN on the shutdown's first day, the Washington Times six days later
    import math

    from analysis.lenses.facts.align import CorpusContext, salient_numbers
    claim = ("While up to 800,000 federal workers faced life without a paycheck as Day One of the government shutdown "
             "kicked in, Democrats and Republicans persisted in talking past each other without actually talking to "
             "each other to end the nation's latest fiscal crisis.")
    other = ("The problem for federal agencies is that the number crunchers have been furloughed as part of the 800,000 "
             "federal employees whose jobs weren’t deemed essential to protecting life or property.")
    vectors = resources.encoder().encode([claim, other]).astype(np.float64)
    context = CorpusContext.of(vectors[1:], ["2013-10-07"], ["Washington Times"], names=[salient_numbers("800000")])
    numbers = frozenset(salient_numbers("800000|1"))
    assert numbers == {"numbers:800000"}
    assert float(vectors[0] @ vectors[1]) < 0.5  # the words alone would not tie them
    assert not context.said_near(vectors[0], "2013-10-01", 2, not_by="CNN", anchors=numbers)  # outside the window
    assert context.said_near(vectors[0], "2013-10-01", None, not_by="CNN", cosine=math.inf, anchors=numbers)
    assert not context.said_near(vectors[0], "2013-10-01", None, not_by="CNN", cosine=math.inf,
                                 anchors=frozenset({"numbers:400000"}))


def test_an_article_labelled_opinion_by_its_headline_is_read_as_an_opinion_piece():
    # ABP supreme_court_2018-09: a Townhall column ("OPINION: Here's Why The Revelation Of Judge Kavanaugh's Accuser
    # Was Inevitable ...") was listed as omitting the news that Kavanaugh visited the White House on Monday
    sentences = pd.DataFrame({"article_id": ["col", "col", "news"], "sentence_id": [0, 1, 0],
                              "status": ["fact", "fact", "fact"]})
    events = pd.DataFrame({"article_id": ["col", "news"], "event": ["EV017", "EV017"]})
    articles = pd.DataFrame({"article_id": ["col", "news"], "outlet": ["Townhall", "Bloomberg"],
                             "date": ["2018-09-17", "2018-09-17"], "section": ["", "news"], "opinion": [True, False]})
    rows = event_sentences(sentences, events, articles, FactOptions())
    assert rows.set_index(["article_id", "sentence_id"])["section"].to_dict() == {
        ("col", 0): "opinion", ("col", 1): "opinion", ("news", 0): "news"}
    assert "opinion" not in rows.columns


def test_a_claim_whose_subject_is_a_pronoun_is_marked_so_the_unique_test_leaves_it_out(annotate_text):
    # ABP scale_10k, December 2019 (CNBC, AP): the reader could not tell whose claim these are, and both were
    # reported elsewhere ("Pelosi was noncommittal about sending the House articles over")
    texts = {"But she suggested Wednesday night that she will hold off until she receives assurances about the Senate "
             "trial proceedings.": True,
             "He was also counting on $391 million in military aid already approved by Congress.": True,
             "The trial is expected to begin in January, but Pelosi was noncommittal about sending the House articles "
             "over, leaving the start date uncertain.": False,
             "\u201cThere\u2019s got to be a change in the culture, also,\u201d Horowitz replied.": False,
             # ABP scale_10k, November 2019 (USA TODAY): whose tweets is in the sentences before
             "But his scorching tweets during Yovanovitch's testimony took center stage at one point.": True}
    for text, pronoun in texts.items():
        [row] = fact_sentences(annotate_text(text)).to_dict("records")
        assert row["pronoun_subject"] is pronoun, text


def test_two_outlets_lines_that_are_each_others_closest_are_one_statement(resources):
    from analysis.lenses.facts.align import MUTUAL_COSINE, UNIQUE_COSINE, mutual_nearest

    # ABP scale_10k, 18 December 2019: CNN and AP on Trump's tweets during the House debate; each was listed as a
    # unique claim, and a reader found each in the other article
    cnn = ["Trump tweeted repeatedly about the impeachment proceedings against him on Wednesday as the House debate "
           "unfolded.",
           "But Pelosi, at a news conference after the vote, would not commit to sending the articles of impeachment to "
           "the Senate."]
    ap = ["Trump, who began Wednesday tweeting his anger at the proceedings, pumped his fist before an evening campaign "
          "rally in Battle Creek, Michigan, boasting of \u201ctremendous support\u201d in the Republican Party.",
          "The trial is expected to begin in January, but Pelosi was noncommittal about sending the House articles over, "
          "leaving the start date uncertain."]
    vectors = resources.encoder().encode(cnn + ap).astype(np.float64)
    cosine = vectors @ vectors.T
    article = np.array(["cnn", "cnn", "ap", "ap"])
    assert cosine[0, 2:].max() < UNIQUE_COSINE  # the nearest-sentence test alone calls it unique
    assert mutual_nearest(cosine, article, 0, article != "cnn") >= MUTUAL_COSINE
    assert mutual_nearest(cosine, article, 2, article != "ap") >= MUTUAL_COSINE


@pytest.mark.parametrize("text, complete", [
    # ABP scale_10k: a Vox list's subhead (June 2020) and headings, posts and list items of the dev corpora
    ("Trump asked Xi for help with his electoral prospects", False),
    ("The White House is standing by Kavanaugh", False),
    ("\u2014 Hank Hampshire (@HankHampshire) December 6, 2019", False),
    ("April, 2016: Indigenous people put their bodies on the line to stop the Dakota Access Pipeline at Standing Rock", False),
    ("A federal judge on Saturday ruled in Bolton\u2019s favor.", True),
    ("\u201cWashington is a leaking machine,\u201d the president said during the announcement earlier Sunday.", True),
])
def test_a_unique_claim_is_a_whole_sentence_not_a_heading(text, complete):
    from analysis.lenses.facts.sentences import COMPLETE_SENTENCE

    assert bool(COMPLETE_SENTENCE.search(text)) is complete


def test_a_line_that_names_nothing_is_not_a_fact_an_article_omits(model):
    from analysis.lenses.facts.align import omissions

    # ABP scale_10k, May 2020: USA TODAY and the Washington Post print one line of Ahmaud Arbery's father's; NPR,
    # reporting the arrests, was listed as omitting it
    rows = happening_rows({"USA TODAY": "2020-05-06", "The Washington Post": "2020-05-06", "NPR": "2020-05-07"})
    facts, probability, cosine = firm_fact(rows, ["USA TODAY", "The Washington Post"])
    assert omissions(rows, facts, probability, cosine, model, FactOptions())["outlet"].tolist() == ["NPR"]
    carriers = rows["position"].eq(0) & rows["outlet"].isin(["USA TODAY", "The Washington Post"])
    rows.loc[carriers, ["persons", "text_preview"]] = ["", "It could happen to anybody's kid.\""]
    assert omissions(rows, facts, probability, cosine, model, FactOptions()).empty
