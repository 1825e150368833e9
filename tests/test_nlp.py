"""The parse store gives back the docs spaCy would give, and never stops a run."""

from __future__ import annotations

import pytest

from analysis import nlp

TEXTS = [
    "Pompeo said Soleimani was plotting attacks.",
    "Iran's leaders have sworn to avenge his death.",
    "Pompeo said Soleimani was plotting attacks.",  # a repeated text gets a doc of its own
]


def _annotations(doc):
    return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]


def test_docs_read_back_carry_the_same_annotations_as_a_fresh_parse(tmp_path):
    fresh = [_annotations(d) for d in nlp.get_nlp().pipe(TEXTS)]
    store = nlp.ParseStore(tmp_path / "docs.sqlite")
    first = nlp.parse_docs(TEXTS, store=store)
    assert store.misses == 2  # the repeated text is parsed once
    again = nlp.parse_docs(TEXTS, store=store)
    assert store.misses == 2 and store.hits >= 3
    assert [_annotations(d) for d in first] == fresh == [_annotations(d) for d in again]
    assert again[0] is not again[2]


def test_a_store_is_keyed_by_the_components_run(tmp_path):
    store = nlp.ParseStore(tmp_path / "docs.sqlite")
    nlp.parse_docs(TEXTS[:1], store=store)
    without_ner = nlp.parse_docs(TEXTS[:1], store=store, disable=("ner",))
    assert store.misses == 2
    assert not without_ner[0].has_annotation("ENT_IOB")


def test_the_store_is_used_only_inside_its_block(tmp_path):
    path = tmp_path / "docs.sqlite"
    with nlp.parse_store(path) as store:
        nlp.parse_docs(TEXTS[:2])
        assert store.misses == 2
    nlp.parse_docs(["A text parsed outside the block."])
    with nlp.parse_store(path) as store:
        nlp.parse_docs(TEXTS[:2] + ["A text parsed outside the block."])
        assert (store.hits, store.misses) == (2, 1)


def test_an_unreadable_store_is_named_and_the_run_goes_on(tmp_path):
    path = tmp_path / "docs.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(UserWarning, match="docs.sqlite: not a readable parse store"):
        with nlp.parse_store(path) as store:
            docs = nlp.parse_docs(TEXTS[:1])
    assert store is None and docs[0][0].text == "Pompeo"


def test_pruning_keeps_what_the_run_used_and_drops_the_rest(tmp_path):
    path = tmp_path / "docs.sqlite"
    gone = "A text no longer in the corpus."
    with nlp.parse_store(path):
        nlp.parse_docs(TEXTS[:2] + [gone])
    with nlp.parse_store(path) as store:
        nlp.parse_docs(TEXTS[:1])
        nlp.mark_used(TEXTS[1:2])  # a lens that holds this text's results in memory did not ask for its parse
        assert store.prune_unused() == 1
    with nlp.parse_store(path) as store:
        nlp.parse_docs(TEXTS[:2] + [gone])
        assert (store.hits, store.misses) == (2, 1)  # only the dropped text is parsed again
        assert store.prune_unused() == 0
