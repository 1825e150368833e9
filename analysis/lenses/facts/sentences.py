"""What the facts lens knows about each sentence, read from the one shared parse, and whether it can state a fact.

One row per sentence: its content lemmas (for TF-IDF), the names, places, organisations, numbers and
date keys it holds (``|``-joined, sorted), its voice, and a ``status`` saying why it is left out of
fact alignment, or ``fact``. Statuses, first match wins: the sentence's ``filtered_as`` from the shared
annotations (:mod:`analysis.annotate.furniture`: ``caption``, ``link``, ``boilerplate``, ``signature``, the
furniture of the page, and ``fragment``, the tail of a quote; a ``signature``, the bio line or disclaimer that
closes an opinion piece, makes the article an opinion piece for the lens), ``question`` (also a quoted question with
its speech tag: "'Did you ever know that?' he pressed."), ``fragment`` (a lead-in ending in a colon, too short, or
neither a finite verb nor a headline), ``opinion`` (a first- or second-person subject in the outlet's
own voice), ``generic`` (nothing named, dated or counted and no verb of substance), else ``fact``.

Example:
    >>> sentence_status({"text": "Click here to subscribe.", "filtered_as": "link", "n_tokens": 5})
    'link'
    >>> sentence_status({"text": "Did the strike kill him?", "filtered_as": "", "n_tokens": 6})
    'question'
"""

from __future__ import annotations

import re

import pandas as pd

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
ANNOUNCE_LEMMAS = frozenset("say tell add report state announce claim note according".split())
WEAK_VERBS = frozenset("be have do get make seem become remain".split())
FIRST_SECOND_PERSON = frozenset("i me my mine we us our ours you your yours".split())
PERSONAL_PRONOUNS = frozenset("i we you he she it they me us him her them".split())
POSSESSIVE_PRONOUNS = frozenset("his her their its".split())
MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
WORD_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
# a quoted question and its speech tag ("'Did you ever know that?' he pressed.", "... against that?" said Sen. Tim Kaine)
QUOTED_QUESTION = re.compile(r"\?\s*[\"\u201d\u2019']\s*,?(?:\s*[^\s\"\u201c\u201d?]+){0,8}\s*$")
# a sentence that ends as a sentence does; a line that does not is a heading, a list item or an embedded post's tail
COMPLETE_SENTENCE = re.compile(r"[.!?\u2026\"\u201d\u2019')\]]$")
KEY_COLUMNS = ("persons", "places", "orgs", "numbers", "dates")
COLUMNS = ["article_id", "sentence_id", "n_tokens", "voice", "status", "has_subject", "pronoun_subject", "describes_state",
           "verbs", "lemmas", *KEY_COLUMNS]


def normal_number(text: str) -> str:
    """'1,200' -> '1200', 'six' -> '6', '5.60' -> '5.6'; anything else lower-cased.

    Example:
        >>> [normal_number(t) for t in ("1,200", "six", "5.60")]
        ['1200', '6', '5.6']
    """
    t = text.lower().strip()
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    if NUMBER.match(t):
        t = t.replace(",", "")
        if "." in t:
            t = t.rstrip("0").rstrip(".")
    return t


def date_keys(text: str) -> set[str]:
    """Comparable keys of a date expression: weekday, month, day of month and year.

    Example:
        >>> sorted(date_keys("Tuesday, March 3, 2020"))
        ['d:3', 'm:mar', 'wd:tuesday', 'y:2020']
    """
    keys = set()
    for tok in re.findall(r"[A-Za-z]+|\d+", text.lower()):
        if tok in WEEKDAYS:
            keys.add("wd:" + tok)
        elif tok in MONTHS:
            keys.add("m:" + tok[:3])
        elif tok.isdigit() and len(tok) == 4:
            keys.add("y:" + tok)
        elif tok.isdigit() and 1 <= int(tok) <= 31:
            keys.add("d:" + str(int(tok)))
    return keys


PAST_TIME = re.compile(r"\blast (?:week|month|year|summer|fall|autumn|spring|winter)\b|\b(?:weeks|months|years|decades) ago\b"
                       r"|\bearlier this (?:month|year)\b|\bat the time\b(?! of (?:writing|publication|this))|\bpreviously\b",
                       re.IGNORECASE)
NEWS_TIME = re.compile(r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening|week))\b", re.IGNORECASE)


RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whom|whose|which)\b[^,]*,")


def told_as_background(dates: str, text: str, article_date: str, *, attributed: bool = False) -> bool:
    """Whether a sentence dates what it tells before its article's news: its time words are all past ("last
    month", "in June" in a September article, "in 2013", "said at the time") and none is the news's own ("on
    Tuesday", "today"). For an ``attributed`` claim (quoted or reported), a year or month inside a clause about
    the speaker does not date the claim ("Klobuchar, who voted in 2013 to ..., said she would support ...").

    Args:
        dates: the sentence's date keys (:func:`date_keys`, joined by "|").
        text: the sentence.
        article_date: the article's ``YYYY-MM-DD`` ("" when unknown: then only the words count).

    Example:
        >>> told_as_background("", "Trump emerged triumphant last month after his Senate acquittal.", "2020-03-13")
        True
        >>> told_as_background("m:jun", "In June, she signed a letter from the group.", "2018-09-17")
        True
        >>> told_as_background("wd:tuesday", "Police arrested 150 protesters on Tuesday.", "2020-03-13")
        False
        >>> told_as_background("", '"We will not be distracted," Obama said at the time.', "2016-09-16", attributed=True)
        True
        >>> told_as_background("", "Hill, a former National Security Council official, previously testified about "
        ...                    "John Bolton's concerns.", "2019-11-21", attributed=True)
        True
        >>> told_as_background("y:2013", "Ms. Klobuchar, who voted in 2013 to curtail the filibuster, said she would "
        ...                    "support the 60-vote rule.", "2018-09-02", attributed=True)
        False
    """
    keys = {k for k in str(dates or "").split("|") if k}
    if any(k.startswith("wd:") for k in keys) or NEWS_TIME.search(text or ""):
        return False
    if attributed:
        outside = RELATIVE_CLAUSE.sub(",", text or "")
        keys = {k for k in keys if (k.startswith("y:") and k[2:] in outside) or
                (k.startswith("m:") and re.search(r"\b" + k[2:].capitalize(), outside))}
    past = bool(PAST_TIME.search(text or ""))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(article_date or "")):
        year, month = int(article_date[:4]), int(article_date[5:7])
        years = [int(k[2:]) for k in keys if k.startswith("y:")]
        months = [MONTHS.index(k[2:]) % 12 + 1 for k in keys if k.startswith("m:") and k[2:] in MONTHS]
        current = (not years or year in years) and month in months
        earlier = any(y < year for y in years) or any(m < month for m in months if not years or year in years)
        past = (past or earlier) and not current
    return past


def joined(values) -> str:
    return "|".join(sorted({v for v in values if v}))


def span_features(span) -> dict:
    """The columns of one sentence (a spaCy Span) that alignment and the status rules read."""
    toks = [t for t in span if not t.is_space]
    ents = list(span.ents)
    verbs = {t.lemma_.lower() for t in toks if t.pos_ == "VERB"} - ANNOUNCE_LEMMAS - WEAK_VERBS
    dates = set()
    for e in ents:
        if e.label_ == "DATE":
            dates |= date_keys(e.text)
    text = span.text.strip()
    words = [t.text for t in toks if t.is_alpha and len(t.text) > 3]
    return {
        "n_tokens": len(toks),
        "lemmas": joined(t.lemma_.lower() for t in toks if (t.is_alpha and not t.is_stop
                                                            and t.pos_ in ("NOUN", "VERB", "PROPN", "ADJ")) or t.like_num),
        "persons": joined(e.text.split()[-1].lower().removesuffix("'s") for e in ents if e.label_ == "PERSON"),
        "places": joined(e.text.lower().removeprefix("the ") for e in ents if e.label_ in PLACE_LABELS),
        "orgs": joined(e.text.lower().removeprefix("the ") for e in ents if e.label_ in ("ORG", "NORP")),
        "numbers": joined(normal_number(t.text) for e in ents if e.label_ in NUMBER_LABELS for t in e if t.like_num),
        "dates": joined(dates),
        "verbs": joined(verbs),
        "has_finite_verb": any(t.pos_ in ("VERB", "AUX") and ("Fin" in t.morph.get("VerbForm")
                                                              or t.tag_ in ("VBD", "VBZ", "VBP", "MD")) for t in toks),
        "has_verb": any(t.pos_ in ("VERB", "AUX") for t in toks),
        "has_subject": any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in toks),
        "pronoun_subject": pronoun_subject(toks),
        "describes_state": describes_state(toks),
        "first_second_person": any(t.lower_ in FIRST_SECOND_PERSON and t.dep_ in ("nsubj", "nsubjpass") for t in toks),
        "headline": len(words) >= 3 and not text.endswith((".", '"', "'")) and
                    sum(w[0].isupper() for w in words) / len(words) >= 0.7,
        "text": text,
    }


def pronoun_subject(tokens) -> bool:
    """Whether the subject of the sentence's main verb is a personal pronoun ("He was also counting on $391
    million", "But she suggested that ...") or belongs to one ("But his scorching tweets ... took center stage"):
    who did or said it is in another sentence, so the sentence alone does not say whose claim it is, and a search
    for it in other words misses the name.

    Example:
        >>> from analysis.resources import Resources
        >>> nlp = Resources().nlp()
        >>> [pronoun_subject(list(nlp(t))) for t in ("He was also counting on $391 million in military aid.",
        ...  "But his scorching tweets during the testimony took center stage.", "Pelosi suggested that she will hold off.",
        ...  "Trump's lawyers filed the appeal.", '"We will respond," the minister said.')]
        [True, True, False, False, False]
    """
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    return any(subject.lower_ in PERSONAL_PRONOUNS
               or any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in subject.children)
               for subject in root.children if subject.dep_ in ("nsubj", "nsubjpass"))


def describes_state(tokens) -> bool:
    """Whether the main verb sums up, describes a state, looks ahead or tells background rather than reporting a
    happening: a present perfect ("has been criticized"), a present or present progressive ("the Senate is divided
    51-49", "he holds a 150-delegate lead", "Trump is contending with the fallout"), a modal ("the winner will take
    on Trump in November") or a past perfect ("the frustrations had been simmering for two years"). News of a
    happening is told in the simple past.

    Example:
        >>> from analysis.resources import Resources
        >>> nlp = Resources().nlp()
        >>> [describes_state(list(nlp(t))) for t in ("The administration has been criticized for its tests.",
        ...  "He currently holds a roughly 150 delegate lead over Sanders.", "Police arrested 150 protesters.",
        ...  "The Democratic frustrations that boiled over on Tuesday had been simmering for more than two years.",
        ...  "It’s now abundantly clear that President Trump is deploying the government to bolster his chances in 2020.",
        ...  "Two people were killed on Monday.")]
        [True, True, False, True, True, False]
    """
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    present = ("VBZ", "VBP")
    if root.tag_ in present:
        return True
    if any(c.dep_ in ("aux", "auxpass") and (c.tag_ in present or c.tag_ == "MD" or
                                             (c.lemma_ == "have" and c.tag_ == "VBD")) for c in root.children):
        return True
    # no past-tense verb heads the sentence: a copula the tagger missed ("It’s now abundantly clear that ...")
    # or a verbless line; "Police arrested", "was killed", "did not say" and "were marching" tell a happening
    return root.tag_ != "VBD" and not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children)


def names_something(row) -> bool:
    """Whether a sentence row names a person, place or body, or gives a number or a date (its ``KEY_COLUMNS``).

    Example:
        >>> names_something({"persons": "", "places": "", "orgs": "", "numbers": "3", "dates": ""}), names_something({})
        (True, False)
    """
    return any(row.get(k) for k in KEY_COLUMNS)


def sentence_status(row, *, min_tokens: int = 5, long_tokens: int = 12) -> str:
    """Why a sentence is left out of fact alignment, or ``"fact"`` (see the module docstring)."""
    if row.get("filtered_as"):
        return str(row["filtered_as"])
    text = str(row.get("text", "") or "").strip()
    if text.rstrip("\"'\u201d\u2019 )").endswith("?") or QUOTED_QUESTION.search(text):
        return "question"
    if text.rstrip("\"'\u201d\u2019 ").endswith(":"):
        return "fragment"  # the lead-in of a quote or a list ("the two most important facts are the following:")
    n_tokens = int(row.get("n_tokens", len(text.split())) or 0)
    named = names_something(row)
    headline = bool(row.get("headline")) and named
    long_with_verb = n_tokens >= long_tokens and bool(row.get("has_verb", True))
    if n_tokens < min_tokens or not (headline or row.get("has_finite_verb", True) or long_with_verb):
        return "fragment"
    if row.get("first_second_person") and row.get("voice", "own") == "own":
        return "opinion"
    if not named and not row.get("verbs"):
        return "generic"
    if not named and not headline and not row.get("has_subject", True):
        return "generic"
    return "fact"


def fact_sentences(article) -> pd.DataFrame:
    """One row per sentence of an annotated article (:class:`~analysis.annotate.ArticleAnnotations`)."""
    rows = []
    sentences = article.sentences
    filtered = sentences["filtered_as"] if "filtered_as" in sentences else pd.Series("", index=sentences.index)
    for sid, start, end, filtered_as in zip(sentences["sentence_id"], sentences["start"], sentences["end"], filtered):
        span = article.doc.char_span(int(start), int(end), alignment_mode="expand")
        row = span_features(span if span is not None else article.doc[0:0])
        row.update(article_id=article.article_id, sentence_id=int(sid), voice=article.sentence_voice(span) if span is not None
                   else article.voice_at(int(start), int(end)), filtered_as=filtered_as)
        row["status"] = sentence_status(row)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
