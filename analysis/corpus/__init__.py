"""Corpus reading: raw files in, clean ``articles`` and ``sentences`` tables out.

* :mod:`.build`: readers for pages, HTML, JSONL and CSV; manifest; the build log.
* :mod:`.pages`: one flattened web page into stories; :mod:`.clean`: line rules with an audit trail.
* :mod:`.provenance`: who wrote a story, from credits, datelines, site names and self-references.
* :mod:`.sentences`: the one sentence splitter every table uses.
* :mod:`.outlets`: outlet names grouped (news and opinion sections of one outlet), and corpus selection.

Example:
    >>> from analysis import paths
    >>> articles = load_articles(paths.RAW_DIR)
    >>> len(articles)
    6
"""

from .build import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    BuildResult,
    build_corpus,
    load_articles,
    sentences_frame,
)
from .sentences import sentence_spans

__all__ = ["ARTICLE_COLUMNS", "SENTENCE_COLUMNS", "BuildResult", "build_corpus", "load_articles",
           "sentences_frame", "sentence_spans"]
