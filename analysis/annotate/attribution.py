"""Attributions: who says what, with which cue (interim rule until the trained extractor lands).

Each attribution has a cue (``said``, ``according to``), a speaker span and a content span, with
character offsets into the article text (-1 where absent).

Example:
    >>> import pandas as pd
    >>> from analysis.resources import Resources
    >>> doc = Resources().nlp()("Officials said the strike was legal.")
    >>> extract(doc, pd.DataFrame(columns=["start", "end"]), Resources())[["cue", "speaker"]].values.tolist()
    [['said', 'Officials']]
"""

from __future__ import annotations

import pandas as pd

ATTRIBUTION_COLUMNS = ["cue_start", "cue_end", "cue", "cue_lemma", "speaker_start", "speaker_end",
                       "speaker", "content_start", "content_end", "kind"]
SPEECH_LEMMAS = frozenset("""say tell add write note ask announce report explain state claim argue insist allege accuse
blame warn deny admit acknowledge confirm reply respond tweet post declare suggest describe urge vow pledge promise
threaten predict assert contend complain testify recall remark comment concede maintain stress emphasize""".split())


def _span(tokens) -> tuple[int, int]:
    tokens = list(tokens)
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else (-1, -1)


def _subtree(token) -> tuple[int, int]:
    return _span(token.subtree)


def extract(doc, quotes: pd.DataFrame, resources) -> pd.DataFrame:
    """Attributions of ``doc``: a speech verb with its subject and clausal content, or 'according to X'."""
    rows = []
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_ in SPEECH_LEMMAS:
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                continue
            content = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
            speaker = _subtree(subjects[0])
            body = _subtree(content[0]) if content else (-1, -1)
            rows.append((token.idx, token.idx + len(token), token.text, token.lemma_,
                         *speaker, doc.text[speaker[0]:speaker[1]], *body, "indirect" if content else "direct"))
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                speaker = _subtree(objects[0])
                sent = token.sent
                body = (sent.start_char, token.idx) if token.idx > sent.start_char else (speaker[1], sent.end_char)
                rows.append((token.idx, doc[token.i + 1].idx + 2, "according to", "according to",
                             *speaker, doc.text[speaker[0]:speaker[1]], *body, "according_to"))
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
