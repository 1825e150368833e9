"""Speech printed without quotation marks is not the outlet's own voice (passages from the ABP corpora)."""

import pandas as pd

from analysis.annotate.quotes import find_quotes
from analysis.annotate.transcript import transcript_turns
from analysis.annotate.voice import voice_of_span, voice_spans

NO_ATTRIBUTIONS = pd.DataFrame({"content_pieces": pd.Series([], dtype=object)})

# ABP supreme_court_2018-09, Democracy Now (a hearing transcript with speaker labels), shortened
DEMOCRACY_NOW = (
    "This is a rush transcript. Copy may not be in its final form.\n\n"
    "AMY GOODMAN: Today we\u2019re bringing you excerpts from Thursday\u2019s historic Senate Judiciary Committee hearing.\n\n"
    "JUDGE BRETT KAVANAUGH: This confirmation process has become a national disgrace.\n\n"
    "Such grotesque and obvious character assassination\u2014if allowed to succeed\u2014will dissuade good people.\n\n"
    "AMY GOODMAN: Judge Brett Kavanaugh, speaking Thursday.")

# ABP supreme_court_2018-09, NPR (a statement reprinted after a lead), shortened
NPR_STATEMENT = (
    "Brett Kavanaugh's Opening Statement For Senate Hearing\n\n"
    "On Thursday, Supreme Court nominee Brett Kavanaugh will appear before the Senate Judiciary Committee. "
    "Read Kavanaugh's opening statement below, submitted to the panel on Wednesday.\n\n"
    "Over the past few days, other false and uncorroborated accusations have been aired. Such grotesque and obvious "
    "character assassination\u2014if allowed to succeed\u2014will dissuade competent and good people.")

# ABP coronavirus_2020-03, Vox (an interview under name headings), shortened
VOX_INTERVIEW = (
    "Jason Furman was a top economic adviser to President Barack Obama.\n\n"
    "A transcript of our conversation, lightly edited for length and clarity, appears below the headings.\n\n"
    "Ezra Klein\n\nLooking at the financial markets, how much does this feel like 2008 to you?\n\n"
    "Jason Furman\n\nAt this point, this feels much worse than 2008.\n\n"
    "Ezra Klein\n\nWhat should Congress do?\n\n"
    "Jason Furman\n\nAnd the Trump administration, at the best of times, isn\u2019t the best implementer of government "
    "programs.")

# ABP coronavirus_2020-03 style news copy: a dateline and an update line are not speakers
PLAIN_NEWS = (
    "NEW DELHI: India reported 50 new cases on Sunday, the health ministry said.\n\n"
    "UPDATE: The ministry later raised the figure to 62.\n\n"
    "The Trump administration said it would send testing kits.")


def _voice_of(text, word):
    spans = voice_spans(text, find_quotes(text), NO_ATTRIBUTIONS, transcript_turns(text))
    start = text.rindex(word)
    return voice_of_span(spans, start, start + len(word))


def test_labelled_turns_are_the_speakers_words_and_continue_over_lines():
    turns = transcript_turns(DEMOCRACY_NOW)
    assert set(turns["layout"]) == {"labelled"}
    assert set(turns["speaker"]) == {"AMY GOODMAN", "JUDGE BRETT KAVANAUGH"}
    assert _voice_of(DEMOCRACY_NOW, "assassination") == "quoted"  # the unlabelled line continues Kavanaugh's turn
    assert _voice_of(DEMOCRACY_NOW, "rush transcript") == "own"


def test_a_statement_after_its_lead_is_quoted():
    assert _voice_of(NPR_STATEMENT, "assassination") == "quoted"
    assert _voice_of(NPR_STATEMENT, "will appear") == "own"


def test_an_interview_under_name_headings_is_quoted():
    turns = transcript_turns(VOX_INTERVIEW)
    assert set(turns["layout"]) == {"headed"}
    assert _voice_of(VOX_INTERVIEW, "administration") == "quoted"
    assert _voice_of(VOX_INTERVIEW, "top economic adviser") == "own"


def test_datelines_and_update_lines_are_not_transcripts():
    assert transcript_turns(PLAIN_NEWS).empty
    assert _voice_of(PLAIN_NEWS, "administration") == "own"


def test_an_embedded_post_is_the_posters_words():
    # ABP coronavirus_2020-03 (Townhall, Vox): tweets pasted into the article text
    text = ("McCarthy criticised the speaker on Tuesday.\n\n"
            "Instead of putting America first, she is putting politics first. pic.twitter.com/ws0nn0hUXP "
            "\u2014 Kevin McCarthy (@GOPLeader) March 3, 2020\n\n"
            "\u201cFor testing. Not for treatment.\u201d a spokesperson for the major insurance lobby AHIP says.\n\n"
            "\u2014 Sarah Owermohle (@owermohle) March 12, 2020\n\n"
            "Muhammad H. Zaman (@mhzaman) is a professor of biomedical engineering at Boston University.")
    turns = transcript_turns(text)
    assert turns["speaker"].tolist() == ["@GOPLeader", "@owermohle"]
    assert _voice_of(text, "politics first") == "quoted"
    assert _voice_of(text, "criticised") == "own"
    assert _voice_of(text, "professor of biomedical") == "own"  # a contributor's bio, not a post


def test_a_podcast_transcript_with_lower_case_speaker_lines_is_quoted():
    # ABP coronavirus_2020-03 (New York Times, "The Daily"): the hosts' and guests' names head their turns in lower
    # case; the words were counted as the newspaper's own voice, and the item compared as a news report
    text = ("michael barbaro\n\nFrom The New York Times, I\u2019m Michael Barbaro. This is \u201cThe Daily.\u201d Today: As "
            "the pandemic quickly spreads across the U.S., hundreds of hospitals are now confronting their first serious "
            "cases of the coronavirus.\n\nsusan dominus\n\nWell, a few weeks ago I heard about this young guy, a "
            "32-year-old physician assistant, who was the very first patient in all of New Jersey to test positive for "
            "Covid-19.\n\nmichael barbaro\n\nAnd what was the story that he told you?\n\nsusan dominus\n\nSo James lives "
            "and works in New York City.\n\nmichael barbaro\n\nAnd then?\n\nsusan dominus\n\nAnd his mother and "
            "grandfather live in New Jersey.")
    turns = transcript_turns(text)
    assert set(turns["speaker"]) == {"michael barbaro", "susan dominus"} and set(turns["layout"]) == {"headed"}
    assert turns["start"].min() == text.index("Well, a few weeks ago")  # the turns after the first heading
