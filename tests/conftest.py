"""Shared fixtures: the bundled corpus, built once per test session."""

from __future__ import annotations

import warnings

import pytest

from analysis import corpus, paths


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
