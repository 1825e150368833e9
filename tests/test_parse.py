"""The shared parse: the project's sentences, and a store that gives back what spaCy gave."""

from __future__ import annotations

import pytest

from analysis.annotate import parse
from analysis.corpus.sentences import article_sentence_spans

TEXTS = [
    "Caddell continued:\n\n\"It is over.\" Then he left.",
    "U.S. Secretary of State Mike Pompeo said Soleimani was plotting attacks. He did not give details.",
    '"Why?" Pompeo asked. Iran\'s leaders have sworn to avenge his death.',
    "U.S. Secretary of State Mike Pompeo said Soleimani was plotting attacks. He did not give details.",
]


def _annotations(doc):
    return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]


def test_the_parse_has_exactly_the_sentences_of_the_sentence_table(resources):
    nlp = resources.nlp()
    for text in TEXTS[:3]:
        doc = nlp(text)
        # a sentence keeps a paragraph break after it as a space token: compare without trailing white space
        parsed = [(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents]
        assert parsed == [(a, b) for _, a, b in article_sentence_spans(text)]


def test_docs_read_back_carry_the_same_annotations_as_a_fresh_parse(resources, tmp_path):
    nlp = resources.nlp()
    fresh = [_annotations(d) for d in nlp.pipe(TEXTS)]
    store = parse.ParseStore(tmp_path / "docs.sqlite")
    first = parse.parse_texts(TEXTS, nlp, store=store)
    assert store.misses == 3  # the repeated text is parsed once
    again = parse.parse_texts(TEXTS, nlp, store=store)
    assert store.misses == 3 and store.hits == 4
    assert [_annotations(d) for d in first] == fresh == [_annotations(d) for d in again]


def test_an_unreadable_store_is_named_and_the_run_goes_on(tmp_path):
    path = tmp_path / "docs.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(UserWarning, match="docs.sqlite: not a readable parse store"):
        assert parse.open_store(path) is None


def test_pruning_keeps_the_parses_asked_for(resources, tmp_path):
    nlp = resources.nlp()
    store = parse.ParseStore(tmp_path / "docs.sqlite")
    parse.parse_texts(TEXTS[1:3] + ["A text no longer in the corpus."], nlp, store=store)
    assert store.prune(set(parse.store_keys(TEXTS[1:3], nlp))) == 1
    parse.parse_texts(TEXTS[1:3], nlp, store=store)
    assert store.misses == 3 and store.hits == 2


def test_a_build_can_drop_the_parses_of_articles_no_longer_in_the_corpus(resources, tmp_path):
    import pandas as pd

    from analysis.pipeline.build import prune_store

    path = tmp_path / "docs.sqlite"
    store = parse.ParseStore(path)
    parse.parse_texts(TEXTS[:3] + ["An article since removed from the raw folder."], resources.nlp(), store=store)
    store.close()
    assert prune_store(str(path), pd.DataFrame({"text": TEXTS[:3]})) == 1
    assert prune_store(str(path), pd.DataFrame({"text": TEXTS[:3]})) == 0
