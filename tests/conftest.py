"""Shared fixtures: the bundled corpus and its annotations, built once per test session."""

from __future__ import annotations

import warnings

import pytest

from analysis import corpus, paths
from analysis.resources import Resources


@pytest.fixture(scope="session")
def seed_build() -> corpus.BuildResult:
    """The corpus tables of the bundled seed pages."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return corpus.build_corpus(paths.RAW_DIR)


@pytest.fixture(scope="session")
def seed_articles(seed_build):
    return seed_build.articles


@pytest.fixture(scope="session")
def seed_sentences(seed_build):
    return seed_build.sentences


@pytest.fixture(scope="session")
def resources():
    """One Resources for the session: models load once."""
    loaded = Resources()
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def annotate_text(resources):
    """Annotate one article given as text: ``annotate_text("He said ...")``."""
    import pandas as pd

    from analysis.annotate import annotate_articles

    def run(text: str, *, outlet: str = "X", article_id: str = "a"):
        articles = pd.DataFrame({"article_id": [article_id], "outlet": [outlet], "date": [""], "headline": [""],
                                 "text": [text]})
        [annotated] = annotate_articles(articles, corpus.sentences_frame(articles), resources)
        return annotated

    return run
