"""The corpus layer: seed stories, cleaning, provenance, readers and bad input."""

from __future__ import annotations

import hashlib
import json
import warnings

import pandas as pd
import pytest

from analysis import corpus, io, paths

SEED_STORIES = {
    "000_c1c8499ca4b5f6ca-1": ("Reuters", "2020-01-07"),
    "000_c1c8499ca4b5f6ca-2": ("AFP", "2020-01-07"),
    "001_cd59827476a30d14-1": ("Sputnik", "2020-01-06"),
    "002_fef9c184b96aac0a-1": ("Reuters", "2020-01-10"),
    "003_7ad6a651d57beef3-1": ("RT", "2020-01-03"),
    "004_19f1b381fbdfb763-1": ("Reuters", "2020-01-07"),
}

# Page furniture that must never reach the sentences table: distinctive phrases (anywhere) ...
CHROME = [
    "You are here", "Updated 8 min 16 sec ago", "Listen Live", "Get short URL", "Sputnik International",
    "© AFP", "© AP Photo", "In this file photo", "Tags:", "Privacy Policy", "GDPR", "moderator",
    "captcha", "Share post", "For Kuwait", "Pope Francis", "ALSO ON RT.COM", "0 Comments", "Post a Comment",
    "<< Home", "advertisement", "Bibi Seeks Immunity", "push notifications", "(AP)",
    "aboard his plane on departure from Seoul", "sputniknews.com", "N STATES IN TEHRAN", "Date:",
]
# ... and widget words that are chrome when they stand alone (they also occur inside body sentences).
WIDGET_WORDS = ["Related", "Related:", "Popular", "Recent", "Multimedia", "Registration", "Register", "Search",
                "World", "Subscribe", "News", "All news", "Recommended", "Reuters", "AFP"]

# Body sentences that must survive cleaning (first, last and awkward ones of every story).
BODY = [
    "Pompeo also accused Iran of working to thwart efforts to bring peace to Afghanistan.",
    "He spoke two days after Iraqi lawmakers, with his support, voted for a resolution",
    "NATO said Tuesday it would take",
    "NATO announced on Saturday that it had suspended its training mission in Iraq, which fields 500 instructors.",
    "The alliance plans to resume its training there",
    "expelling the United States from the region has begun.",
    "The US assassination of top Iranian general Qassem Soleimani",
    "It’s not a hit on Mattis, it’s just his predisposition.",
    "that would be struck if Tehran attacks US individuals or assets.",
    "Washington on Friday spurned an Iraqi request to prepare to pull out its troops",
    "Sistani said no foreign powers should be allowed to decide Iraq’s fate.",
    "US President Donald Trump authorized a US military strike near Baghdad's airport",
    "At least seven people were killed in the raid, including the deputy chief of the Popular Mobilization Forces.",
    "The United States has no plans to withdraw its troops from Iraq",
    "that could lead to the return of US sanctions on Iran.",
    "Khamenei addressed prayers at a funeral in the Iranian capital",
]


def _build(raw_dir, **kwargs) -> corpus.BuildResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return corpus.build_corpus(raw_dir, **kwargs)


def test_raw_seed_pages_are_byte_identical_to_the_shared_seed():
    for line in (paths.PROJECT_DIR / "tests/data/raw_sha256sums.txt").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((paths.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_six_seed_stories_with_outlet_and_date(seed_articles):
    got = {r.article_id: (r.outlet, r.date) for r in seed_articles.itertuples()}
    assert got == SEED_STORIES


def test_detection_alone_finds_the_seed_outlets_without_a_manifest(tmp_path):
    for src in paths.RAW_DIR.glob("*.txt"):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    result = _build(tmp_path)
    got = dict(zip(result.articles["article_id"], result.articles["outlet"]))
    assert got == {k: v[0] for k, v in SEED_STORIES.items()}
    # AP only appears as a photo credit: it is recorded, never credited.
    assert "AP" not in set(result.articles["outlet"])
    reuters = result.articles.set_index("article_id").loc["000_c1c8499ca4b5f6ca-1", "outlet_evidence"]
    assert "credit line 'Reuters'" in reuters and "photo credit (not authorship)" in reuters
    # The page with an empty date field has no date without the manifest, and says so.
    undated = result.articles.set_index("article_id").loc["002_fef9c184b96aac0a-1"]
    assert pd.isna(undated["date"]) and undated["date_source"] == "missing"
    assert result.log["message"].str.contains("no date").any()


def test_no_listed_chrome_survives_in_sentences(seed_sentences):
    text = "\n".join(seed_sentences["text"])
    for phrase in CHROME:
        assert phrase not in text, phrase
    assert not set(seed_sentences["text"].str.strip()) & set(WIDGET_WORDS)


def test_no_body_sentence_is_lost(seed_sentences):
    text = "\n".join(seed_sentences["text"])
    for sentence in BODY:
        assert sentence in text, sentence


def test_sentence_offsets_point_into_the_article_text(seed_articles, seed_sentences):
    texts = dict(zip(seed_articles["article_id"], seed_articles["text"]))
    for row in seed_sentences.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    assert (seed_sentences.groupby("article_id")["sentence_id"].apply(lambda s: list(s) == list(range(len(s))))).all()


def test_removed_lines_name_a_rule_for_every_dropped_line(seed_build):
    removed = seed_build.removed_lines
    assert list(removed.columns) == ["source_file", "line_no", "text", "rule"]
    assert removed["rule"].notna().all() and (removed["rule"] != "").all()
    by_text = dict(zip(removed["text"], removed["rule"]))
    assert by_text["Updated 8 min 16 sec ago"] == "timestamp"
    assert by_text["© AP Photo / Jacquelyn Martin"] == "photo_credit"
    assert by_text["• Pompeo also accused Iran of working to thwart efforts to bring peace to Afghanistan"] == "standfirst_repeat"
    assert any(r.startswith("policy") or r == "after_article_end" for r in removed.loc[removed["text"].str.contains("Privacy Policy"), "rule"])


def test_multi_story_page_is_split_and_the_headlines_kept(seed_articles):
    page = seed_articles[seed_articles["source_file"] == "000_c1c8499ca4b5f6ca.txt"]
    assert list(page["headline"]) == ["Pompeo: Qassem Soleimani not in Baghdad on diplomatic mission",
                                      "NATO taking ‘some personnel’ out of Iraq"]
    assert "NATO" not in page.iloc[0]["text"].split("\n\n")[-1]


def test_non_breaking_spaces_are_normalised(seed_articles):
    assert not seed_articles["text"].str.contains("\u00a0").any()


AP_PAGE = """Skip to main content
Menu
Iran buries general as crowds vow revenge
By JON GAMBRELL
Associated Press
We use cookies to improve your experience. By continuing you accept our cookie policy.
TEHRAN, Iran (AP) — Huge crowds filled the streets of Tehran on Monday for the funeral of Gen. Qassem Soleimani.
Mourners chanted "Death to America" as the coffin passed.
Iran's supreme leader wept over the coffin, state television showed.
Read more: Trump threatens cultural sites
Mourners carry the coffin in Tehran, Jan. 6, 2020. (AP Photo/Ebrahim Noroozi)
The general's successor vowed to expel US forces from the region.
Follow us on Twitter
Related
Trump defends strike
Copyright 2020 The Associated Press. All rights reserved.
"""

AFP_PAGE = """Advertisement
Iraq's parliament votes to expel US troops
06/01/2020 10:31
BAGHDAD (AFP) - Iraq's parliament on Sunday called for the expulsion of US troops from the country.
The vote came two days after a US strike killed Iranian general Qassem Soleimani at Baghdad airport.
Prime Minister Adel Abdul Mahdi backed the move, an official told AFP.
Sign up for our newsletter to get the day's top stories in your inbox.
Share this article
Most read
"""


def test_pages_with_other_chrome_and_credits(tmp_path):
    (tmp_path / "ap_page.txt").write_text(AP_PAGE, encoding="utf-8")
    (tmp_path / "afp_page.txt").write_text(AFP_PAGE, encoding="utf-8")
    result = _build(tmp_path)
    arts = result.articles.set_index("source_file")
    assert arts.loc["ap_page.txt", "outlet"] == "AP"
    assert arts.loc["afp_page.txt", "outlet"] == "AFP"
    assert arts.loc["ap_page.txt", "headline"] == "Iran buries general as crowds vow revenge"
    ap_text = arts.loc["ap_page.txt", "text"]
    assert ap_text.startswith("Huge crowds filled the streets of Tehran")
    assert "The general's successor vowed to expel US forces" in ap_text
    for chrome in ["cookie", "Read more", "AP Photo", "Related", "Trump defends strike", "Follow us", "Copyright"]:
        assert chrome not in ap_text, chrome
    afp_text = arts.loc["afp_page.txt", "text"]
    assert "newsletter" not in afp_text and "Share this article" not in afp_text
    assert "an official told AFP" in afp_text


def test_html_pages_are_read_through_trafilatura(tmp_path):
    paragraphs = "".join(f"<p>Paragraph {i}: the minister said on Monday that the troops would stay in the country for now.</p>" for i in range(6))
    html = (f"<html><head><title>Troops stay, minister says</title><meta property='og:site_name' content='Reuters'>"
            f"</head><body><nav>Home | World | Business</nav><article><h1>Troops stay, minister says</h1>{paragraphs}</article>"
            f"<footer>Privacy Policy | Cookie settings</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    result = _build(tmp_path)
    assert len(result.articles) == 1
    row = result.articles.iloc[0]
    assert "Paragraph 5" in row["text"] and "Cookie" not in row["text"] and "Home | World" not in row["text"]
    assert row["outlet"] == "Reuters"


def test_bad_input_is_reported_and_never_stops_the_corpus(tmp_path):
    (tmp_path / "good.txt").write_text(AFP_PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "saved_page.txt").write_text("<!DOCTYPE html><html><body><article>" + "".join(
        f"<p>Sentence number {i} says the ministry confirmed the report on Monday.</p>" for i in range(5)) + "</article></body></html>")
    (tmp_path / "latin1.txt").write_bytes(("Café owners in Tehran said on Monday that business had fallen sharply since the strike. "
                                          "Mourners passed the café all day, its owner said.").encode("cp1252"))
    (tmp_path / "zz_copy.txt").write_text(AFP_PAGE, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "unknown_outlet.txt").write_text("Headline of a local story here\nThe mayor said on Tuesday that the road would reopen next week.\nResidents welcomed the news.\n")
    (tmp_path / "corpus.jsonl").write_text(
        json.dumps({"outlet": "Daily Planet", "date": "2020-01-05", "title": "A", "text": "The council met on Sunday. It voted."}) + "\n"
        + "{not json\n" + json.dumps({"outlet": "AP", "title": "no text"}) + "\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("source_file,story,outlet,colour\nmissing.txt,1,AP,red\ngood.txt,1,AFP,blue\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = _build(tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert before == after, "the raw folder must never be written"
    messages = "\n".join(f"{r.source_file}:{r.line}: {r.message}" for r in result.log.itertuples())
    assert "empty.txt" in messages and "empty file" in messages
    assert "binary.txt" in messages and "binary" in messages
    assert "saved_page.txt" in messages and "rename it to .html" in messages
    assert "latin1.txt" in messages and "not UTF-8" in messages
    assert "zz_copy.txt" in messages and "same content as good.txt" in messages
    assert "notes.docx" in messages and "unsupported" in messages
    assert "missing.txt" in messages and "manifest" in messages
    assert "unknown column" in messages and "colour" in messages
    assert "corpus.jsonl:2" in messages and "not valid JSON" in messages
    assert "corpus.jsonl:3" in messages and "no 'text'" in messages
    assert "unknown_outlet.txt" in messages and "no outlet found" in messages
    files = set(result.articles["source_file"])
    assert {"good.txt", "saved_page.txt", "latin1.txt", "corpus.jsonl", "unknown_outlet.txt"} <= files
    assert "Café owners" in result.articles.set_index("source_file").loc["latin1.txt", "text"]
    assert result.articles.set_index("source_file").loc["corpus.jsonl", "outlet"] == "Daily Planet"
    assert result.articles.set_index("source_file").loc["unknown_outlet.txt", "outlet"] == "unknown"


def test_manifest_overrides_detection_and_says_so(tmp_path):
    (tmp_path / "afp_page.txt").write_text(AFP_PAGE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("source_file,story,outlet,date\nafp_page.txt,1,Reuters,2020-01-06\n")
    result = _build(tmp_path)
    row = result.articles.iloc[0]
    assert row["outlet"] == "Reuters" and row["outlet_detected"] == "AFP"
    assert "manifest says Reuters" in row["provenance_note"]
    assert result.log["message"].str.contains("manifest wins").any()


OUTLET_NAMES = ["Reuters", "Associated Press", "AFP", "Sputnik", "RT", "BBC News", "The Guardian", "Al Jazeera",
                "Daily Planet", "Xinhua", "TASS", "Press TV", "CNN", "Fox News", "Bloomberg", "Kyiv Independent",
                "Times of India", "Le Monde (English)", "Haaretz", "Dawn", "The Hindu", "ABC News", "NPR", "Politico",
                "Axios", "Vox", "Breitbart", "The Intercept", "Mother Jones", "National Review", "apnews.com"]


def _messy_jsonl(n: int) -> str:
    lines = []
    for i in range(n):
        outlet = OUTLET_NAMES[i % len(OUTLET_NAMES)]
        sentence = f"Officials in city number {i} said on Monday that talks would continue, according to a statement. "
        record = {"outlet": outlet, "title": f"Story {i}", "url": f"https://example.org/{i}",
                  "text": sentence * (1 + (i * 7) % 40) + ("\n\nOPINION: I think this is a mistake!" if i % 9 == 0 else "")}
        if i % 5 == 0:
            record.pop("title")
        if i % 6 == 0:
            record["date"] = ["2020-01-06", "Jan 7, 2020", "2020-01-08T10:00:00Z", "yesterday", "", None][i % 6 // 1 % 6]
        else:
            record["date"] = f"2020-01-{(i % 28) + 1:02d}"
        if i % 13 == 0:
            record.pop("outlet")
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def test_a_hundred_article_jsonl_corpus_builds_end_to_end(tmp_path):
    (tmp_path / "export.jsonl").write_text(_messy_jsonl(100), encoding="utf-8")
    result = _build(tmp_path)
    assert len(result.articles) == 100
    assert result.articles["outlet"].nunique() >= 25
    assert (result.articles["n_sentences"] > 0).all()
    assert "AP" in set(result.articles["outlet"])  # 'Associated Press' and 'apnews.com' are AP
    assert result.articles["article_id"].is_unique


def test_csv_corpus_with_a_column_mapping(tmp_path):
    pd.DataFrame({"body": ["The minister said the troops would stay. He gave no date."], "source": ["AP"],
                  "published": ["2020-01-07"], "headline": ["Troops stay"]}).to_csv(tmp_path / "rows.csv", index=False)
    result = _build(tmp_path)
    row = result.articles.iloc[0]
    assert (row["outlet"], row["date"], row["headline"]) == ("AP", "2020-01-07", "Troops stay")
    pd.DataFrame({"story_text": ["The minister said the troops would stay."], "media": ["AFP"]}).to_csv(tmp_path / "rows.csv", index=False)
    mapped = _build(tmp_path, columns={"story_text": "text"})
    assert mapped.articles.iloc[0]["text"] == "The minister said the troops would stay."


def test_an_empty_or_missing_folder_gives_empty_tables_and_a_message(tmp_path):
    result = _build(tmp_path)
    assert result.articles.empty and result.sentences.empty
    missing = _build(tmp_path / "nope")
    assert missing.articles.empty and missing.log["message"].str.contains("not found").any()


def test_interrupted_write_leaves_the_previous_output(tmp_path):
    target = tmp_path / "articles.csv"
    io.write_csv(pd.DataFrame({"a": [1]}), target)
    with pytest.raises(RuntimeError):
        with io.atomic_path(target) as tmp:
            tmp.write_text("half a table")
            raise RuntimeError("interrupted")
    assert target.read_text() == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.csv"]


def test_load_articles_is_deterministic():
    first = corpus.load_articles(paths.RAW_DIR)
    second = corpus.load_articles(paths.RAW_DIR)
    assert first.to_csv() == second.to_csv()


def test_a_page_with_only_a_photo_credit_gets_no_outlet_but_keeps_the_clue(tmp_path):
    page = ("Crowds mourn the general in Tehran\n"
            "Mourners in Tehran on Monday. (AP Photo/Vahid Salemi)\n"
            "Hundreds of thousands of people filled the streets of the capital on Monday, state television said.\n"
            "The coffin was carried through the city before the burial in Kerman.\n")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    row = _build(tmp_path).articles.iloc[0]
    assert row["outlet"] == "unknown"
    assert row["outlet_evidence"].startswith("no authorship evidence; also: photo credit (not authorship) 'AP:")


def test_folding_for_matching_keeps_offsets():
    from analysis.corpus.clean import fold_for_matching, normalize_text

    raw = "Iran\u2019s \u201ctop\u201d general \u2013 \u00abQuds\u00bb\u00a0chief"
    text = normalize_text(raw)
    folded = fold_for_matching(text)
    assert len(folded) == len(text)
    start = folded.index('"top"')
    assert text[start:start + 5] == "\u201ctop\u201d"
    assert "\u00a0" not in text


def test_a_warning_every_story_of_a_file_has_prints_once_with_a_count_and_is_logged_for_each(tmp_path):
    # three undated stories of one JSONL file, as in the shared ABP sample (1,182 of its first 10,000 have no date)
    stories = [{"outlet": "Reuters", "title": f"Story {k}", "text": "Senators met on the bill and voted on it. " * 5}
               for k in range(3)]
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = corpus.build_corpus(tmp_path)
    printed = [str(w.message) for w in caught if "no date" in str(w.message)]
    assert printed == ["corpus.jsonl: story 1: no date in the page or the manifest; kept with the date missing",
                       "corpus.jsonl: 2 more stories: no date in the page or the manifest (each is listed in build_log.csv)"]
    assert result.log["message"].str.contains("no date").sum() == 3


def test_cnn_and_usa_today_video_boxes_galleries_and_highlights_are_page_furniture(tmp_path):
    # lines of CNN and USA TODAY pages in the shared ABP sample (October 2013 shutdown coverage)
    lines = [
        "Story highlights Obama cancels a trip to the APEC summit because of the shutdown",
        "The president called House Speaker John Boehner on Friday, a White House official said.",
        "JUST WATCHED Rand Paul on shutdown Replay More Videos ... MUST WATCH Rand Paul on shutdown 06:28",
        "Photos: Government shutdown of 2013 Photos: Government shutdown of 2013 Government shutdown of 2013 – The "
        "Statue of Liberty looms over visitors below on Liberty Island in New York Harbor on Sunday, October 13.",
        "Hide Caption 13 of 13",
        "-- From CNN Capitol Hill Reporter Lisa Desjardins. CNN's Deirdre Walsh and Ted Barrett contributed to this "
        "report. Hide Caption 1 of 18 Photos: Photos: Key players in the "
        "shutdown debate Key players in the shutdown debate – Speaker John Boehner, R-Ohio -- The coach.",
        "A Google sign at the company's headquarters in Mountain View, Calif. (Photo: Marcio Jose Sanchez, AP) Story "
        "Highlights Red Hat and Oracle also helping effort",
        "Photos of the closed memorial were shared widely online, and veterans said they would return on Saturday.",
    ]
    story = {"outlet": "CNN (Web News)", "date": "2013-10-05", "title": "Obama cancels Asia trip", "text": "\n".join(lines)}
    (tmp_path / "corpus.jsonl").write_text(json.dumps(story) + "\n", encoding="utf-8")
    result = _build(tmp_path)
    text = result.articles["text"].iloc[0]
    assert [line for line in text.splitlines() if line.strip()] == [lines[1], lines[-1]]
    # the gallery glued to the reporters' credit line is cut, and the credit line dropped
    assert set(result.removed_lines["rule"]) == {"widget", "caption", "credit"}


def test_a_hover_card_pasted_after_a_name_is_cut_and_the_sentence_kept(tmp_path):
    # ABP scale_10k, June 2020 (The Hill): the card's headlines are other stories, not this one's text
    from analysis.corpus import build as corpus_build
    line = ("Treasury Secretary Steven Mnuchin Steven Terner MnuchinGOP lawmaker calls McConnell remarks on state "
            "bankruptcy 'shameful and indefensible' Trump on coronavirus response debt: 'We had no choice' MORE said "
            "the U.S. government would spend what it takes.")
    records, removed = corpus_build._records_from_text(line + "\n\nThe MORE Act passed the House on Friday.",
                                                       source_file="the_hill.jsonl", outlets=pd.DataFrame(
                                                           columns=["outlet", "aliases", "domain", "group", "source"]),
                                                       row_no=1)
    text = records[0]["text"]
    assert text.startswith("Treasury Secretary Steven Mnuchin said the U.S. government would spend what it takes.")
    assert "shameful" not in text and "The MORE Act passed the House on Friday." in text
    assert removed["rule"].tolist().count("hover_card") == 1


def test_a_hover_card_with_a_nickname_or_glued_to_the_name_is_cut_and_the_party_tag_kept():
    # ABP December 2019 (The Hill): a full name with a nickname in parentheses hid the senator's party tag behind
    # other stories' headlines, and a card glued to the name; an all-capitals line with "MORE" is not a card
    from analysis.corpus import build as corpus_build
    lines = ["Sen. Debbie Stabenow Deborah (Debbie) Ann StabenowBoth sides have reason to want speedy Trump impeachment "
             "trial GOP set for all-out battle over Michigan Senate seat Overnight Energy: EPA delays board's review of "
             "'secret science' rules | Keystone pipeline spill affecting more land than thought | Dems seek probe into "
             "Forest Service grants tied to Alaska logging MORE (D-Mich.) said, \u201cThere\u2019s no precedent for this.\u201d",
             "Barr said he was \u201csurprised\u201d by the decision by John DurhamJohn DurhamThe Hill's Morning Report - "
             "Vulnerable Dems are backing Trump impeachment Five takeaways on Horowitz's testimony on Capitol Hill MORE, the "
             "U.S. attorney in Connecticut.",
             "YOU\u2019D THINK THERE WOULD HAVE BEEN MORE PEOPLE AT THE RALLY."]
    records, removed = corpus_build._records_from_text("\n\n".join(lines), source_file="the_hill.jsonl", outlets=pd.DataFrame(
        columns=["outlet", "aliases", "domain", "group", "source"]), row_no=1)
    kept = [line for line in records[0]["text"].splitlines() if line.strip()]
    assert kept[0] == "Sen. Debbie Stabenow (D-Mich.) said, \u201cThere\u2019s no precedent for this.\u201d"
    assert kept[1] == "Barr said he was \u201csurprised\u201d by the decision by John Durham, the U.S. attorney in Connecticut."
    assert kept[2] == lines[2]
    assert removed["rule"].tolist().count("hover_card") == 2


def test_an_npr_photo_credit_line_is_removed_whatever_the_credit_names():
    # ABP December 2019 (NPR): the credit named a state department, which became an actor mention with a tone
    from analysis.corpus import build as corpus_build
    credit = ("Enlarge this image toggle caption Department of Military Affairs and Public Safety/Courtesy of Department "
              "of Military Affairs and Public Safety Department of Military Affairs and Public Safety/Courtesy of "
              "Department of Military Affairs and Public Safety")
    body = "The Pensacola shooter was a member of the Royal Saudi Air Force, officials said on Friday."
    records, removed = corpus_build._records_from_text(credit + "\n\n" + body, source_file="npr.jsonl", outlets=pd.DataFrame(
        columns=["outlet", "aliases", "domain", "group", "source"]), row_no=1)
    assert records[0]["text"].strip() == body and removed["rule"].tolist() == ["caption"]


def test_a_flattened_page_gets_the_same_inline_and_tail_cuts_as_a_text_corpus():
    # the same The Hill line as above, and CNN's gallery glued to a credit line, in a saved .txt page
    from analysis.corpus import build as corpus_build
    page = ("Mnuchin says government will spend what it takes\n\n"
            "Treasury Secretary Steven Mnuchin Steven Terner MnuchinGOP lawmaker calls McConnell remarks on state "
            "bankruptcy 'shameful and indefensible' Trump on coronavirus response debt: 'We had no choice' MORE said "
            "the U.S. government would spend what it takes to keep the economy going through the outbreak.\n\n"
            "The Treasury expects the first payments to reach households within three weeks, he told reporters.\n\n"
            "CNN's Ted Barrett contributed to this report. Hide Caption 1 of 18 Photos: Key players\n")
    records, removed = corpus_build.read_page(page, source_file="the_hill_page.txt")
    text = records[0]["text"]
    assert "Treasury Secretary Steven Mnuchin said the U.S. government would spend what it takes" in text
    assert "shameful" not in text and "Hide Caption" not in text
    assert {"hover_card", "caption"} <= set(removed["rule"])


def test_a_paragraph_printed_twice_in_an_article_is_kept_once():
    # ABP scale_10k (The Flip Side): the summary block repeats a paragraph of the body
    from analysis.corpus import build as corpus_build
    from analysis.corpus.provenance import load_outlets
    repeated = ("The right sees this as a full exoneration of Trump, and criticizes those who pushed a collusion "
                "narrative which has now been shown to be false.")
    text = "\n\n".join([repeated, "Attorney General William Barr released a summary of the report on Sunday.", repeated])
    records, removed = corpus_build._records_from_text(text, source_file="flipside.jsonl", outlets=load_outlets(), row_no=1)
    assert records[0]["text"].count(repeated) == 1 and removed["rule"].tolist() == ["duplicate_line"]


def test_a_line_that_tells_the_reader_to_read_more_is_page_furniture():
    # ABP scale_10k, June 2020 (Pew Research Center; Yahoo News)
    from analysis.corpus.clean import load_rules, match_rule
    rules = load_rules()
    for line in ["Read more about the ATP's methodology.", "Read more from Yahoo News:", "Click for more from GulfLive.com",
                 "CLICK HERE TO GET THE FOX NEWS APP",
                 "Read More Tear Gas Is Way More Dangerous Than Police Let On"]:
        assert match_rule(line, rules) is not None, line
    assert match_rule("Readers say they read more news online than ever, the survey found.", rules) is None


def test_a_video_caption_line_is_cut_and_a_sentence_starting_close_kept():
    # ABP scale_10k (USA TODAY, May 2013): the embedded video's caption is not the article's reporting
    from analysis.corpus import build as corpus_build
    caption = ("CLOSE Obama says that as commander in chief he doesn't like to rule things out, but he doesn't foresee a "
               "scenario in which American boots on the ground would be good for the U.S. or good for Syria. (May 3) AP")
    body = "Close to 300 people have been killed in the fighting this week, the monitoring group said."
    from analysis.corpus.provenance import load_outlets
    records, removed = corpus_build._records_from_text(caption + "\n\n" + body, source_file="usatoday.jsonl",
                                                       outlets=load_outlets(), row_no=1)
    assert records[0]["text"] == body and removed["rule"].tolist() == ["caption"]


def test_an_article_whose_headline_is_labelled_opinion_is_an_opinion_piece_whatever_its_outlet(tmp_path):
    # ABP supreme_court_2018-09: two New York Times editorials filed under "New York Times - News", a Townhall column
    rows = [("New York Times - News", "OPINION: Delay the Vote — for Kavanaugh, for His Accuser and for the Court"),
            ("Townhall", "OPINION: Here’s Why The Revelation Of Judge Kavanaugh’s Accuser Was Inevitable, And Why It "
                         "Still Means Nothing"),
            ("New York Times - News", "Kavanaugh Accuser Agrees to Testify Thursday"),
            ("Reuters", "Senate panel sets Kavanaugh vote for Friday")]
    body = ("The Senate Judiciary Committee scheduled a vote on the nomination of Brett Kavanaugh to the Supreme Court, "
            "and his accuser said through her lawyers that she would testify before the panel on Thursday.")
    (tmp_path / "corpus.jsonl").write_text("".join(
        json.dumps({"outlet": o, "date": "2018-09-24", "title": t, "text": body}) + "\n" for o, t in rows), encoding="utf-8")
    articles = _build(tmp_path).articles.set_index("headline")
    assert articles["opinion"].tolist() == [True, True, False, False]
    assert articles["section"].tolist() == ["news", "", "news", ""]  # the outlet's own section is kept


def test_a_columnists_byline_as_outlet_is_an_opinion_section():
    # ABP (AllSides) outlet labels: a column filed under its writer's name was compared as a newsroom's reporting
    # (Michelle Goldberg's column on the November 2019 hearings gave the facts lens an opinion aside as a unique claim)
    from analysis.corpus.build import load_outlet_aliases
    from analysis.corpus.outlets import opinion_pieces, outlet_sections

    outlets = pd.Series(["Michelle Goldberg", "Guest Writer - Left", "Allysia Finley (Wall Street Journal)", "Reuters"])
    sections = outlet_sections(outlets, load_outlet_aliases())
    assert sections.values.tolist() == [["Michelle Goldberg", "opinion"], ["Guest Writer", "opinion"],
                                        ["Wall Street Journal", "opinion"], ["Reuters", ""]]
    assert opinion_pieces(pd.Series(["The hearings", "", "", "Senate votes"]), sections["section"]).tolist() == \
        [True, True, True, False]
