"""Word choice: the labels, distinctive words and framing markers each outlet uses.

Three tables, all functions of the ``articles`` and ``sentences`` DataFrames
(see ``docs/CONTRACTS.md``):

- :func:`extract_labels`: how each article names each actor (actor table,
  :mod:`analysis.actors`) and each central act of the story (act table,
  ``analysis/data/acts.csv``): names with titles, descriptions, appositions,
  act nouns and verbs, each marked as the outlet's own voice or quoted.
- :func:`distinctive_terms`: words and word pairs that set an outlet apart from
  the rest of the corpus: log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008), z-scores beside the raw counts.
- :func:`framing_markers`: hedges, distancing (incl. short quotes), certainty
  markers, intensifiers and loaded terms per 1,000 words of own voice, from the
  documented lexicon ``analysis/data/framing_markers.csv``; every match listed.

Quotations are found from quote marks (straight and curly, double and single;
an unclosed double quote runs to the end of its paragraph, as news style opens
each quoted paragraph anew). When the attribution lens's spans are passed in
(``article_id, content_start, content_end, kind``), direct quotes among them are
quoted too and other attributed content (indirect speech, the clause around a
partial quote) is marked ``voice="reported"``, with ``in_quote`` False: an
outlet's paraphrase of a source is still its own wording.

Example:
    >>> text = 'He called it "a bad guy" and left.'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['a bad guy']
    >>> normalise_label("the  Iran’s top general")
    "iran's top general"
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from . import actors as actors_mod
from . import io, plots, stats

plt = plots.plt  # pyplot on the Agg backend chosen by analysis.plots

LABEL_COLUMNS = [
    "article_id", "outlet", "field", "sentence_id", "target", "target_kind", "label",
    "label_kind", "phrase", "text", "start", "end", "in_quote", "voice", "link",
]
SUMMARY_COLUMNS = [
    "outlet", "target", "target_kind", "label", "n_own", "n_reported", "n_quoted", "n_total",
    "n_articles", "status",
]
DISTINCTIVE_COLUMNS = [
    "outlet", "ngram", "term", "count", "count_rest", "n_words", "n_words_rest", "delta", "z",
    "status",
]
MARKER_COLUMNS = [
    "level", "outlet", "article_id", "category", "n_matches", "n_words", "per_1000",
    "matched_terms", "status",
]
MATCH_COLUMNS = [
    "article_id", "outlet", "field", "sentence_id", "category", "entry", "matched", "start", "end",
]
SUBJECTIVITY_COLUMNS = [
    "level", "outlet", "article_id", "n_sentences", "n_words", "mean_subjectivity", "ci_low",
    "ci_high", "status",
]
ACT_COLUMNS = ["act", "kind", "label", "pattern", "needs", "targets", "cues", "exclude", "source"]
MARKER_TABLE_COLUMNS = ["entry", "category", "pattern", "source", "note"]
MARKER_CATEGORIES = ["distancing", "hedge", "certainty", "intensifier", "loaded"]
SHORT_QUOTE_ENTRY = "short quote"
NOT_ENOUGH_TEXT = "not enough text"
MIN_WORDS = 150
MIN_COUNT = 3

_DOUBLE_QUOTES = "\"“”„«»"
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[“\"—–-]))[‘'](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])[’'](?=$|[\s.,;:!?)\]”\"—–-])")
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})
_DETERMINERS = re.compile(r"^(?:the|a|an|this|that|these|those)\s+")
_NP_LEFT_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case",
                 "punct", "prep", "pobj", "advmod", "npadvmod"}
_NP_RIGHT_DEPS = {"prep"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
_VIA_DEPS = {"prep", "pobj", "agent", "advcl", "nsubj", "nsubjpass", "conj", "compound", "pcomp"}
_PRONOUNS = {"he", "him", "his", "she", "her", "they", "them"}
_AS_VERBS = {"see", "regard", "consider", "describe", "know", "call", "view", "brand", "label", "dub"}
_ARTICLE_CAPS = re.compile(r"\b(?:The|An|A)(?= )")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_DIRECT_KINDS = {"direct", "quote", "quotation", "blockquote"}


# --------------------------------------------------------------------------- rule tables


def load_acts(path: str | Path | None = None) -> pd.DataFrame:
    """Read an act table (the packaged ``acts.csv`` by default) and check its columns.

    Columns: ``act`` (the act's name, e.g. "strike on Soleimani"), ``kind`` (``noun``,
    ``verb`` or ``phrase``: the part of speech a match must have), ``label`` (the
    normalised label reported), ``pattern`` (case-insensitive regular expression,
    matched as whole words), ``needs`` (how a match must be tied to the act:
    ``argument``: a target actor or cue inside the word's own phrase; ``sentence``: in
    its sentence; ``none``: the word alone), ``targets`` (``;``-separated actors of
    the actor table), ``cues`` (regular expression of words that stand for a target),
    ``exclude`` (regular expression: a match whose phrase contains it is skipped, e.g.
    "against Iran" for Iran's retaliation), ``source``.

    Example:
        >>> acts = load_acts()
        >>> "assassination" in set(acts["label"])
        True
    """
    _, table = io.read_rule_table(path, "acts.csv", kind="act", required=["act", "label", "pattern"], columns=ACT_COLUMNS)
    return _complete_acts(table)


def _complete_acts(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    for col in ACT_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    table = table[ACT_COLUMNS].fillna("").astype(str)
    table["needs"] = table["needs"].str.strip().replace("", "argument")
    table["kind"] = table["kind"].str.strip().replace("", "phrase")
    return table


def load_markers(path: str | Path | None = None) -> pd.DataFrame:
    """Read a framing-marker lexicon (``framing_markers.csv`` by default).

    Columns: ``entry`` (what the reader sees), ``category`` (``distancing``, ``hedge``,
    ``certainty``, ``intensifier``, ``loaded`` or a category of your own),
    ``pattern`` (case-insensitive regular expression, whole words), ``source``, ``note``.

    Example:
        >>> sorted(set(load_markers()["category"]))
        ['certainty', 'distancing', 'hedge', 'intensifier', 'loaded']
    """
    _, table = io.read_rule_table(path, "framing_markers.csv", kind="marker", required=["entry", "category", "pattern"],
                                  columns=MARKER_TABLE_COLUMNS)
    return table[MARKER_TABLE_COLUMNS]


def _outlet_of(articles: pd.DataFrame) -> dict[str, str]:
    outlets = articles["outlet"] if "outlet" in articles.columns else [""] * len(articles)
    return dict(zip(articles["article_id"], outlets, strict=True))


def _word_regex(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# --------------------------------------------------------------------------- quotes and voice


def quote_spans(text: str, *, max_single_words: int = 12) -> list[tuple[int, int]]:
    """Character spans of quoted text (inside the marks), sorted and non-overlapping.

    Double quotes pair by context (an opening mark is followed by a character, a
    closing one follows one); a double quote left open runs to the end of its
    paragraph. Single quotes (‘ ’ and ') count only when they open before a word and
    close after one within ``max_single_words`` words, so apostrophes are ignored.

    Example:
        >>> text = "Pentagon says Trump ‘directed’ assassination of Iran's chief"
        >>> [text[s:e] for s, e in quote_spans(text)]
        ['directed']
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend((offset + s, offset + e) for s, e in _line_quote_spans(line, max_single_words))
        offset += len(line) + 1
    return _merge_spans(spans)


def _line_quote_spans(line: str, max_single_words: int) -> list[tuple[int, int]]:
    spans = []
    open_at = None
    for i, ch in enumerate(line):
        if ch not in _DOUBLE_QUOTES:
            continue
        prev = line[i - 1] if i > 0 else " "
        nxt = line[i + 1] if i + 1 < len(line) else " "
        if open_at is None:
            if not nxt.isspace():
                open_at = i + 1
        elif (not prev.isspace()) or not nxt.isalnum():
            spans.append((open_at, i))
            open_at = None
    if open_at is not None and open_at < len(line):
        spans.append((open_at, len(line)))
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(line)]
    for m in _SINGLE_OPEN.finditer(line):
        start = m.end()
        k = bisect.bisect_left(closers, start)
        if k < len(closers):
            end = closers[k]
            if len(line[start:end].split()) <= max_single_words:
                spans.append((start, end))
    return [(s, e) for s, e in spans if e > s]


def _merge_spans(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def attribution_spans(
    attributions: pd.DataFrame | None, article_id: str, *, direct_kinds=_DIRECT_KINDS
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(quoted, reported) content spans of one article from the attribution lens's table.

    Rows whose ``kind`` is ``direct`` are quoted; other kinds are reported: indirect
    speech, ``according_to`` and ``partial`` (whose content is the outlet's clause
    around a short quotation; the quoted words inside it are found from the quote
    marks). Without a ``kind`` column every span is taken as quoted.

    Example:
        >>> att = pd.DataFrame({"article_id": ["a", "a"], "content_start": [0, 10],
        ...                     "content_end": [5, 20], "kind": ["direct", "indirect"]})
        >>> attribution_spans(att, "a")
        ([(0, 5)], [(10, 20)])
    """
    if attributions is None or len(attributions) == 0:
        return [], []
    rows = attributions[attributions["article_id"] == article_id]
    quoted, reported = [], []
    for row in rows.itertuples(index=False):
        start, end = row.content_start, row.content_end
        if pd.isna(start) or pd.isna(end) or int(end) <= int(start):
            continue
        kind = str(getattr(row, "kind", "direct")).lower() if "kind" in rows.columns else "direct"
        (quoted if kind in direct_kinds else reported).append((int(start), int(end)))
    return _merge_spans(quoted), _merge_spans(reported)


def own_voice_text(text: str, quoted: list[tuple[int, int]]) -> str:
    """``text`` with quoted spans blanked out (same length, so offsets still hold).

    Example:
        >>> own_voice_text('He said "no way" today.', [(9, 15)])
        'He said "      " today.'
    """
    chars = list(text)
    for s, e in quoted:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def normalise_label(text: str) -> str:
    """Lower-case a label, straighten quotes, drop a leading determiner and a final 's.

    Example:
        >>> normalise_label("The Influential Commander’s")
        'influential commander'
    """
    label = " ".join(text.translate(_QUOTE_CHARS).split()).lower()
    label = label.strip(" ,;:-–—()")
    label = _DETERMINERS.sub("", label)
    label = re.sub(r"\s*'s?$", "", label) if re.search(r"\w's$|s'$", label) else label
    return label.strip()


# --------------------------------------------------------------------------- parsing


def _fields(articles: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(article_id, field, text) for every headline and body, in article order."""
    rows = []
    for art in articles.itertuples(index=False):
        text = str(getattr(art, "text", "") or "")
        headline = str(getattr(art, "headline", "") or "") if "headline" in articles.columns else ""
        if headline and headline != "nan" and not text.startswith(headline.strip()):
            rows.append((art.article_id, "headline", headline))
        rows.append((art.article_id, "text", text))
    return rows


def parse_articles(articles: pd.DataFrame) -> dict[tuple[str, str], object]:
    """spaCy docs for every article's headline and text, parsed once (:func:`~analysis.nlp.parse_docs`).

    Keys are ``(article_id, field)`` with field ``headline`` or ``text``. A headline
    is parsed only when the text does not already start with it.
    """
    from .nlp import parse_docs

    fields = _fields(articles)
    docs = parse_docs([text for _, _, text in fields], batch_size=16)
    return {(aid, field): doc for (aid, field, _), doc in zip(fields, docs, strict=True)}


def _sentence_index(sentences: pd.DataFrame | None) -> dict[str, tuple[list[int], list[int], list[int]]]:
    index: dict[str, tuple[list[int], list[int], list[int]]] = {}
    if sentences is None or len(sentences) == 0:
        return index
    ordered = sentences.sort_values(["article_id", "start"])
    for aid, group in ordered.groupby("article_id", sort=False):
        index[aid] = (group["start"].astype(int).tolist(), group["end"].astype(int).tolist(),
                      group["sentence_id"].astype(int).tolist())
    return index


def _sentence_of(index, article_id: str, field: str, pos: int):
    """(sentence_id, start, end) holding ``pos``; headline -> (NA, None, None)."""
    if field != "text" or article_id not in index:
        return pd.NA, None, None
    starts, ends, ids = index[article_id]
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and pos < ends[k]:
        return ids[k], starts[k], ends[k]
    return pd.NA, None, None


def _voice(pos: int, quoted, reported) -> str:
    if _inside(pos, quoted):
        return "quoted"
    if _inside(pos, reported):
        return "reported"
    return "own"


def _voices(articles, docs, attributions):
    """Per (article_id, field): (quoted spans, reported spans)."""
    by_article = {}
    if attributions is not None and len(attributions):
        by_article = {aid: group for aid, group in attributions.groupby("article_id", sort=False)}
    voices = {}
    for aid, field in docs:
        marks = quote_spans(docs[(aid, field)].text)
        own_rows = by_article.get(aid)
        quoted, reported = attribution_spans(own_rows, aid) if field == "text" else ([], [])
        voices[(aid, field)] = (_merge_spans(marks + quoted), reported)
    return voices


# --------------------------------------------------------------------------- labels: actors


def find_actor_mentions(text: str, actors: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions of :func:`analysis.actors.find_mentions`, read a little more loosely.

    Curly apostrophes are read as straight ones and a capitalised article ("The", "A",
    "An") as lower case; both keep every offset, so "Iran’s top general" matches a
    pattern written ``Iran'?s top general`` and a sentence opening "The influential
    commander" matches ``the influential commander``.

    Example:
        >>> find_actor_mentions("Iran’s top general", actors_mod.load_actors())["actor"].tolist()
        ['Qassem Soleimani']
    """
    loose = _ARTICLE_CAPS.sub(lambda m: m.group(0).lower(), text.translate(_APOSTROPHES))
    return actors_mod.find_mentions(loose, actors)


def _np_span(token, *, depth: int = 0):
    """Token index range (start, end) of the noun phrase headed by ``token``.

    Left modifiers (titles, adjectives, possessives) and an "of" phrase on the right
    ("deputy commander of an Iraqi Shia militia group"); relative clauses are left out.
    """
    start, end = token.i, token.i + 1
    for child in token.lefts:
        if child.dep_ in _NP_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if token.pos_ == "NOUN" and child.dep_ in _NP_RIGHT_DEPS and child.lower_ == "of" and depth < 2:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                end = max(end, _np_span(objects[0], depth=depth + 1)[1])
    doc = token.doc
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and doc[start].is_punct and doc[start].text not in "‘'\"“":
        start += 1
    return start, end


def _aliases(table: pd.DataFrame) -> dict[str, set[str]]:
    out = {}
    for row in table.itertuples(index=False):
        out[row.actor] = {normalise_label(a) for a in str(row.aliases).split(";") if a.strip()}
    return out


def _label_kind(label: str, aliases: set[str]) -> str:
    if label in aliases:
        return "name"
    words = f" {label} "
    if any(f" {a} " in words for a in aliases if a):
        return "title+name"
    return "description"


def _actor_rows(doc, mentions: pd.DataFrame, aliases: dict[str, set[str]]):
    """Label rows (target, label_kind, start, end) for the actor mentions of one doc."""
    rows = []
    taken: dict[str, list[tuple[int, int]]] = {}
    mention_tokens = {}
    for m in mentions.itertuples(index=False):
        span = doc.char_span(int(m.start), int(m.end), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for tok in span:
            mention_tokens[tok.i] = m.actor
    expanded = []
    for m in mentions.itertuples(index=False):
        span = doc.char_span(int(m.start), int(m.end), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        s, e = _np_span(span.root)
        expanded.append((m.actor, min(s, span.start), max(e, span.end), span))
    for actor, s, e, _span in expanded:
        taken.setdefault(actor, []).append((s, e))
    seen = set()
    for actor, s, e, span in expanded:
        if (actor, s, e) in seen or any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in taken[actor]):
            continue  # part of a longer phrase naming the same actor ("Iranian military commander" + name)
        seen.add((actor, s, e))
        np_span = doc[s:e]
        label = normalise_label(np_span.text)
        rows.append((actor, _label_kind(label, aliases.get(actor, set())), np_span))
        for extra in _appositions(span.root, span, mention_tokens):
            rows.append((actor, "apposition", extra))
        for extra in _predicates(span.root):
            if not any(i in mention_tokens for i in range(extra.start, extra.end)):
                rows.append((actor, "predicate", extra))
    return rows


def _appositions(root, span, mention_tokens):
    """Noun phrases in apposition to a mention that are not themselves actor mentions."""
    doc = root.doc
    candidates = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        head = root.head
        candidates.append(head)
        candidates.extend(c for c in head.children if c.dep_ == "appos" and c.i != root.i)
    out = []
    for tok in candidates:
        if tok.pos_ != "NOUN" or span.start <= tok.i < span.end:
            continue  # a description has a common noun at its head (not "Baghdad (Reuters)")
        s, e = _np_span(tok)
        if any(i in mention_tokens for i in range(s, e)):
            continue
        out.append(doc[s:e])
    return out


def _predicates(root):
    """Nouns said of a mention: "X was a national hero", "X, widely seen as Iran's top man"."""
    doc = root.doc
    found = []
    k = root.left_edge.i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    before = doc[k] if k >= 0 else None  # the subject must open its clause (guards against misparses)
    clause_start = (before is None or before.text in {",", ";", ":", "—", "–", ".", "!", "?", "”", '"'}
                    or before.pos_ in {"CCONJ", "SCONJ"})
    if root.dep_ == "nsubj" and root.head.lemma_ == "be" and clause_start:
        found += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
    for verb in root.children:
        if verb.dep_ == "acl" and verb.lemma_ in _AS_VERBS:
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ == "as":
                    found += [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
    return [doc[slice(*_np_span(c))] for c in found]


# --------------------------------------------------------------------------- labels: acts


def _pos_ok(kind: str, root) -> bool:
    if kind == "noun":
        return root.pos_ in {"NOUN", "PROPN"}
    if kind == "verb":
        return root.pos_ in {"VERB", "AUX"} or root.tag_.startswith("VB")
    return True


def _compiled_acts(acts: pd.DataFrame):
    compiled = []
    for order, row in enumerate(acts.itertuples(index=False)):
        if not str(row.pattern).strip():
            continue
        cues = _word_regex(row.cues) if str(row.cues).strip() else None
        targets = {t.strip() for t in str(row.targets).split(";") if t.strip()}
        exclude = re.compile(row.exclude, re.IGNORECASE) if str(row.exclude).strip() else None
        compiled.append((order, row.act, row.kind, row.label, row.needs, _word_regex(row.pattern),
                         targets, cues, exclude))
    return compiled


def _target_tokens(doc, mentions: pd.DataFrame, targets: set[str], cues) -> set[int]:
    tokens: set[int] = set()
    spans = [(int(r.start), int(r.end)) for r in mentions.itertuples(index=False) if r.actor in targets]
    if cues is not None:
        spans += [(m.start(), m.end()) for m in cues.finditer(doc.text)]
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            tokens.update(t.i for t in span)
    return tokens


def _argument_tokens(root, own: set[int]) -> tuple[set[int], set[int]]:
    """(tokens of the act word's own phrase, tokens of its patient arguments)."""
    if root.pos_ in {"NOUN", "PROPN"}:
        phrase = {t.i for t in root.subtree} - own
        patients = set()
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "against", "on"}:
                patients.update(t.i for t in prep.subtree if t.dep_ != "prep" or t.i != prep.i)
        return phrase, patients - own
    phrase, patients = set(), set()
    for child in root.children:
        if child.i in own:
            continue
        if child.dep_ in _PATIENT_DEPS or (child.dep_ == "prep" and child.lower_ in {"against", "on"}):
            sub = {t.i for t in child.subtree}
            phrase |= sub
            patients |= sub
        elif child.dep_ in {"prep", "agent", "prt", "advmod", "npadvmod"}:
            phrase |= {t.i for t in child.subtree}
    return phrase - own, patients - own


def _pronoun_link(root, own: set[int], targets: set[int], sent_start_token: int) -> bool:
    for child in root.children:
        if child.i not in own and child.dep_ in _PATIENT_DEPS | {"poss"} and child.lower_ in _PRONOUNS:
            return any(sent_start_token <= t < child.i for t in targets)
    return False


def _act_candidates(doc, compiled):
    """Act word matches in ``doc`` that have the right part of speech, longest first per act."""
    found = []
    for order, act, kind, label, needs, regex, targets, cues, exclude in compiled:
        for m in regex.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or len(span) == 0 or not _pos_ok(kind, span.root):
                continue
            found.append((act, -(m.end() - m.start()), m.start(), order, m.end(), label, needs,
                          targets, cues, span, exclude))
    found.sort(key=lambda r: r[:4])
    kept, taken = [], {}
    for row in found:
        act, _neg, start, _order, end = row[:5]
        if any(start < e and s < end for s, e in taken.get(act, [])):
            continue
        taken.setdefault(act, []).append((start, end))
        kept.append(row)
    return kept


def _act_rows(doc, mentions: pd.DataFrame, compiled, sentence_bounds):
    """Act label rows (act, label, link, span, phrase span) for one doc."""
    candidates = _act_candidates(doc, compiled)
    target_cache: dict[tuple, set[int]] = {}
    decided = []
    for act, _neg, start, _order, _end, label, needs, targets, cues, span, exclude in candidates:
        key = (frozenset(targets), cues.pattern if cues is not None else "")
        if key not in target_cache:
            target_cache[key] = _target_tokens(doc, mentions, targets, cues)
        target_toks = target_cache[key]
        own = {t.i for t in span}
        root = span.root
        phrase, patients = _argument_tokens(root, own)
        if exclude is not None:
            around = phrase | own
            if exclude.search(doc[min(around):max(around) + 1].text):
                continue
        s_start, s_end = sentence_bounds(start)
        sent_toks = {t.i for t in doc.char_span(s_start, s_end, alignment_mode="expand") or []}
        sent_first = min(sent_toks) if sent_toks else 0
        if phrase & target_toks:
            link = "argument"
        elif _pronoun_link(root, own, target_toks, sent_first):
            link = "pronoun"
        elif patients:
            link = "conflict"
        else:
            link = ""
        decided.append([act, label, needs, span, root, link, sent_toks & target_toks])
    linked_roots = {(r[0], r[4].i) for r in decided if r[5] in {"argument", "pronoun"}}
    for row in decided:
        if row[5]:
            continue
        tok = row[4]
        for _hop in range(3):
            if tok.dep_ not in _VIA_DEPS or tok.head.i == tok.i:
                break
            tok = tok.head
            if (row[0], tok.i) in linked_roots:
                row[5] = "via"
                break
    rows = []
    for act, label, needs, span, _root, link, sent_targets in decided:
        if link == "conflict":
            continue
        if not link and needs in {"sentence", "none"} and sent_targets:
            link = "sentence"
        if not link and needs == "none":
            link = "term"
        if not link:
            continue
        rows.append((act, label, link, span, _act_phrase(span)))
    return rows


def _act_phrase(span):
    """The act word with its left modifiers ("U.S. drone strike", "Friday's killing")."""
    root = span.root
    doc = span.doc
    start = span.start
    if root.pos_ in {"NOUN", "PROPN"}:
        for child in root.lefts:
            if child.dep_ in {"compound", "amod", "nmod", "poss", "nummod", "punct", "case"}:
                start = min(start, child.left_edge.i)
    return doc[start:span.end]


# --------------------------------------------------------------------------- labels: table


def _sentence_bounds(sent_index, article_id: str, field: str, doc):
    """A function mapping a character offset to its sentence's (start, end) in ``doc``."""

    def bounds(pos: int) -> tuple[int, int]:
        if field == "headline":
            return 0, len(doc.text)
        _sid, start, end = _sentence_of(sent_index, article_id, field, pos)
        if start is None:
            span = doc.char_span(pos, min(pos + 1, len(doc.text)), alignment_mode="expand")
            sent = span.root.sent if span is not None and len(span) else doc[:].sent
            return sent.start_char, sent.end_char
        return start, end

    return bounds


def extract_labels(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    attributions: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    acts: pd.DataFrame | None = None,
    docs: dict | None = None,
) -> pd.DataFrame:
    """How each article names each actor and each act, own voice or quoted.

    One row per label occurrence: ``article_id, outlet, field`` (``headline`` or
    ``text``), ``sentence_id`` (NA in headlines), ``target`` (actor or act),
    ``target_kind`` (``actor``/``act``), ``label`` (normalised: lower case, no leading
    article; for acts the act table's label), ``label_kind`` (actors: ``name``,
    ``title+name``, ``description``, ``apposition``, ``predicate``; acts: the act
    table's ``kind``), ``phrase`` (the act word with its modifiers, e.g. "u.s. drone
    strike"; for actors the label), ``text`` (as written), ``start, end`` (offsets into
    the field), ``in_quote``, ``voice`` (``own``, ``reported``, ``quoted``), ``link``
    (acts: how the word is tied to the act: ``argument``, ``pronoun``, ``via`` another
    linked word, ``sentence``, ``term``).

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "headline": [""],
        ...     "text": ['The US assassination of Qassem Soleimani was "a killing".']})
        >>> labels = extract_labels(arts, acts=load_acts())
        >>> labels.loc[labels.target_kind == "act", ["label", "in_quote"]].values.tolist()
        [['assassination', False]]
    """
    actors = actors_mod.load_actors() if actors is None else actors
    acts = load_acts() if acts is None else _complete_acts(acts)
    docs = parse_articles(articles) if docs is None else docs
    voices = _voices(articles, docs, attributions)
    sent_index = _sentence_index(sentences)
    outlets = _outlet_of(articles)
    aliases = _aliases(actors)
    compiled = _compiled_acts(acts)
    act_kinds = {(r.act, r.label): r.kind for r in acts.itertuples(index=False)}
    rows = []
    for (aid, field), doc in docs.items():
        quoted, reported = voices[(aid, field)]
        mentions = find_actor_mentions(doc.text, actors)
        found = [(target, "actor", normalise_label(span.text), label_kind, "", span, "")
                 for target, label_kind, span in _actor_rows(doc, mentions, aliases)]
        bounds = _sentence_bounds(sent_index, aid, field, doc)
        found += [(act, "act", label, act_kinds.get((act, label), ""), normalise_label(phrase.text), span, link)
                  for act, label, link, span, phrase in _act_rows(doc, mentions, compiled, bounds)]
        for target, kind, label, label_kind, phrase, span, link in found:
            if not label:
                continue
            pos = span.root.idx
            voice = _voice(pos, quoted, reported)
            rows.append((aid, outlets.get(aid, ""), field, _sentence_of(sent_index, aid, field, pos)[0],
                         target, kind, label, label_kind, phrase or label, span.text, span.start_char,
                         span.end_char, voice == "quoted", voice, link))
    labels = pd.DataFrame(rows, columns=LABEL_COLUMNS)
    labels["sentence_id"] = labels["sentence_id"].astype("Int64")
    labels["field_order"] = (labels["field"] != "headline").astype(int)
    labels = labels.sort_values(["article_id", "field_order", "start", "target_kind", "target", "label"])
    return labels.drop(columns="field_order").reset_index(drop=True)


def label_summary(
    labels: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    targets: list[str] | None = None,
    voices: tuple[str, ...] = ("own", "reported", "quoted"),
    min_words: int = MIN_WORDS,
) -> pd.DataFrame:
    """Counts per outlet, target and label, split by voice, with a status per cell.

    Every requested target (default: every target in ``labels``) gets a row for every
    outlet; an outlet that never names it gets ``label=""`` and ``status="not
    mentioned"``, so absence is shown rather than hidden. When an outlet has fewer
    than ``min_words`` words in all (``articles.text``), every row of it says "not
    enough text": an absent label there means little.

    Example:
        >>> labels = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "target": ["strike"],
        ...     "target_kind": ["act"], "label": ["killing"], "voice": ["own"]})
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"]})
        >>> label_summary(labels, arts)[["outlet", "label", "n_own", "status"]].values.tolist()
        [['X', 'killing', 1, ''], ['Y', '', 0, 'not mentioned']]
    """
    outlets = plots.order_outlets(articles["outlet"])
    if targets is None:
        targets = sorted(set(labels["target"])) if len(labels) else []
    kinds = dict(zip(labels["target"], labels["target_kind"], strict=True)) if len(labels) else {}
    has_text = "text" in articles.columns
    words = articles.assign(_n=articles["text"].fillna("").astype(str).str.split().str.len()) \
        .groupby("outlet")["_n"].sum() if has_text else pd.Series(dtype=int)
    rows = []
    sub = labels[labels["voice"].isin(voices)] if len(labels) else labels
    cells = dict(tuple(sub.groupby(["outlet", "target"], sort=False))) if len(sub) else {}
    for outlet in outlets:
        n_words = int(words.get(outlet, 0))
        short = f"{NOT_ENOUGH_TEXT}: {n_words} words (< {min_words})" if has_text and n_words < min_words else ""
        for target in targets:
            group = cells.get((outlet, target), sub.iloc[0:0])
            if len(group) == 0:
                rows.append((outlet, target, kinds.get(target, ""), "", 0, 0, 0, 0, 0,
                             short or "not mentioned"))
                continue
            for label, g in group.groupby("label", sort=True):
                n = g["voice"].value_counts()
                rows.append((outlet, target, kinds.get(target, ""), label, int(n.get("own", 0)),
                             int(n.get("reported", 0)), int(n.get("quoted", 0)), len(g),
                             g["article_id"].nunique(), short))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    order = {o: i for i, o in enumerate(outlets)}
    out["_o"] = out["outlet"].map(order)
    out = out.sort_values(["_o", "target", "n_total", "label"], ascending=[True, True, False, True])
    return out.drop(columns="_o").reset_index(drop=True)


# --------------------------------------------------------------------------- distinctive terms


def _is_word(token) -> bool:
    return bool(_WORD.fullmatch(token.text)) and any(c.isalpha() for c in token.text)


def _term(token) -> str:
    return token.text.translate(_QUOTE_CHARS).lower()


def _is_stop(token) -> bool:
    return token.is_stop and not (token.is_upper and len(token.text) > 1)


def term_counts(
    docs: dict,
    voices: dict,
    *,
    include_quotes: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unigram and bigram counts per article, and the number of words counted.

    Words are lower-cased alphabetic tokens; bigrams join two adjacent words of the same
    voice with no punctuation between them and no stop word in them. Quoted text is
    skipped unless ``include_quotes``.

    Returns:
        (counts with ``article_id, ngram, term, count``; words with ``article_id, n_words``)
    """
    rows, words = [], Counter()
    for (aid, field), doc in docs.items():
        quoted = voices[(aid, field)][0]
        keep = [(not include_quotes) and _inside(t.idx, quoted) for t in doc]
        uni, bi = Counter(), Counter()
        for t in doc:
            if keep[t.i] or not _is_word(t):
                continue
            uni[_term(t)] += 1
            if t.i + 1 < len(doc) and "\n" not in t.whitespace_:
                u = doc[t.i + 1]
                if not keep[u.i] and _is_word(u) and not _is_stop(t) and not _is_stop(u):
                    bi[f"{_term(t)} {_term(u)}"] += 1
        words[aid] += sum(uni.values())
        rows += [(aid, 1, w, c) for w, c in uni.items()] + [(aid, 2, w, c) for w, c in bi.items()]
    counts = pd.DataFrame(rows, columns=["article_id", "ngram", "term", "count"])
    counts = counts.groupby(["article_id", "ngram", "term"], as_index=False)["count"].sum()
    n_words = pd.DataFrame(sorted(words.items()), columns=["article_id", "n_words"])
    return counts, n_words


def log_odds_dirichlet(
    count_i: np.ndarray,
    count_j: np.ndarray,
    prior: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    delta_w = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w)),
    var ~ 1/(y_i + a_w) + 1/(y_j + a_w), z = delta / sqrt(var); ``prior`` holds a_w.

    Example:
        >>> d, z = log_odds_dirichlet(np.array([10, 1]), np.array([1, 10]), np.array([11, 11]))
        >>> bool(z[0] > 0 > z[1])
        True
    """
    y_i, y_j, a = (np.asarray(x, dtype=float) for x in (count_i, count_j, prior))
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), a.sum()
    delta = (np.log((y_i + a) / (n_i + a0 - y_i - a))
             - np.log((y_j + a) / (n_j + a0 - y_j - a)))
    var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
    return delta, delta / np.sqrt(var)


def distinctive_terms(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    attributions: pd.DataFrame | None = None,
    include_quotes: bool = False,
    min_count: int = MIN_COUNT,
    min_words: int = MIN_WORDS,
    prior_size: float | None = None,
    docs: dict | None = None,
) -> pd.DataFrame:
    """Words (``ngram=1``) and word pairs (``ngram=2``) that set each outlet apart.

    Each outlet is compared with the pooled rest of the corpus by the log-odds ratio
    with an informative Dirichlet prior (:func:`log_odds_dirichlet`). The prior is the
    pooled corpus frequency scaled to ``prior_size`` pseudo-words (default: the corpus
    size, i.e. a_w = the word's corpus count, as in Jurafsky's reference script).
    Terms seen fewer than ``min_count`` times in the corpus are left out; an outlet
    with fewer than ``min_words`` words of own voice gets one row with ``status`` "not
    enough text" and no z-scores. On a small corpus z-scores are unstable: read
    ``count`` and ``count_rest`` beside them.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["A", "B"],
        ...     "text": ["regime regime regime said said", "government government said said"]})
        >>> out = distinctive_terms(arts, min_count=2, min_words=1)
        >>> out.loc[(out.outlet == "A") & (out.ngram == 1), ["term", "count", "count_rest"]].values[0].tolist()
        ['regime', 3, 0]
    """
    docs = parse_articles(articles) if docs is None else docs
    voices = _voices(articles, docs, attributions)
    counts, n_words = term_counts(docs, voices, include_quotes=include_quotes)
    outlet_of = _outlet_of(articles)
    counts["outlet"] = counts["article_id"].map(outlet_of)
    n_words["outlet"] = n_words["article_id"].map(outlet_of)
    words_by_outlet = n_words.groupby("outlet")["n_words"].sum()
    rows = []
    for ngram in (1, 2):
        table = counts[counts["ngram"] == ngram].pivot_table(
            index="term", columns="outlet", values="count", aggfunc="sum", fill_value=0)
        table = table[table.sum(axis=1) >= min_count] if len(table) else table
        for outlet in plots.order_outlets(articles["outlet"]):
            n_out = int(words_by_outlet.get(outlet, 0))
            n_rest = int(words_by_outlet.sum() - n_out)
            status = _text_status(n_out, n_rest, min_words)
            if status or len(table) < 2:
                rows.append((outlet, ngram, "", 0, 0, n_out, n_rest, np.nan, np.nan,
                             status or f"{NOT_ENOUGH_TEXT}: fewer than 2 terms seen {min_count}+ times"))
                continue
            y_i = table[outlet].to_numpy() if outlet in table.columns else np.zeros(len(table))
            y_all = table.sum(axis=1).to_numpy()
            y_j = y_all - y_i
            scale = float(prior_size) if prior_size else float(y_all.sum())
            prior = scale * y_all / y_all.sum()
            delta, z = log_odds_dirichlet(y_i, y_j, prior)
            for term, a, b, d, zz in zip(table.index, y_i, y_j, delta, z, strict=True):
                rows.append((outlet, ngram, term, int(a), int(b), n_out, n_rest, float(d),
                             float(zz), "ok"))
    out = pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)
    order = {o: i for i, o in enumerate(plots.order_outlets(articles["outlet"]))}
    out["_o"] = out["outlet"].map(order)
    out = out.sort_values(["_o", "ngram", "z", "term"], ascending=[True, True, False, True],
                          na_position="last")
    return out.drop(columns="_o").reset_index(drop=True)


def _text_status(n_words: int, n_rest: int, min_words: int) -> str:
    if n_words < min_words:
        return f"{NOT_ENOUGH_TEXT}: {n_words} own-voice words (< {min_words})"
    if n_rest < min_words:
        return f"{NOT_ENOUGH_TEXT}: the rest of the corpus has {n_rest} own-voice words (< {min_words})"
    return ""


# --------------------------------------------------------------------------- framing markers


def marker_matches(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    attributions: pd.DataFrame | None = None,
    markers: pd.DataFrame | None = None,
    max_short_quote_words: int = 3,
    docs: dict | None = None,
) -> pd.DataFrame:
    """Every framing-marker match in the outlets' own voice, one row each.

    Lexicon entries are matched as whole words in text outside quotations (overlaps:
    the longest match wins, so "not immediately clear" is a hedge, not "clear" a
    certainty marker). Quotations of at most ``max_short_quote_words`` words (scare
    quotes and short partial quotes, e.g. Trump 'directed') are listed as category
    ``distancing``, entry "short quote".

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "headline": [""],
        ...     "text": ["The so-called plan was 'directed', he reportedly said."]})
        >>> marker_matches(arts)[["entry", "matched"]].values.tolist()
        [['so-called', 'so-called'], ['short quote', 'directed'], ['reportedly', 'reportedly']]
    """
    markers = load_markers() if markers is None else markers
    docs = parse_articles(articles) if docs is None else docs
    voices = _voices(articles, docs, attributions)
    sent_index = _sentence_index(sentences)
    outlet_of = _outlet_of(articles)
    compiled = [(i, r.entry, r.category, _word_regex(r.pattern))
                for i, r in enumerate(markers.itertuples(index=False)) if str(r.pattern).strip()]
    rows = []
    for (aid, field), doc in docs.items():
        text = doc.text
        quoted = voices[(aid, field)][0]
        own = own_voice_text(text, quoted)
        found = []
        for order, entry, category, regex in compiled:
            found += [(m.start(), -(m.end() - m.start()), order, m.end(), entry, category)
                      for m in regex.finditer(own)]
        found.sort(key=lambda r: (r[1], r[0], r[2]))
        taken: list[tuple[int, int]] = []
        for start, _neg, _order, end, entry, category in found:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            rows.append((aid, field, start, end, category, entry, text[start:end]))
        for s, e in short_quotes(text, max_words=max_short_quote_words):
            rows.append((aid, field, s, e, "distancing", SHORT_QUOTE_ENTRY, text[s:e]))
    out = pd.DataFrame(rows, columns=["article_id", "field", "start", "end", "category", "entry", "matched"])
    out["outlet"] = out["article_id"].map(outlet_of)
    out["sentence_id"] = [
        _sentence_of(sent_index, a, f, s)[0] for a, f, s in zip(out["article_id"], out["field"], out["start"], strict=True)
    ]
    out["sentence_id"] = out["sentence_id"].astype("Int64")
    out["_f"] = (out["field"] != "headline").astype(int)
    out = out.sort_values(["article_id", "_f", "start", "entry"]).drop(columns="_f")
    return out[MATCH_COLUMNS].reset_index(drop=True)


def short_quotes(text: str, *, max_words: int = 3) -> list[tuple[int, int]]:
    """Quotations of at most ``max_words`` words inside the outlet's sentence (scare quotes).

    Left out: quotes introduced by a colon (a quoted chant or slogan: 'shouting:
    "Death to America!"') and quotes ending in "!" or "?". The span excludes
    punctuation at its ends.

    Example:
        >>> text = "Trump ‘directed’ it; they chanted: “Death to America!”"
        >>> [text[s:e] for s, e in short_quotes(text)]
        ['directed']
    """
    spans = []
    for s, e in quote_spans(text):
        inner = text[s:e]
        before = text[:s - 1].rstrip()
        if not inner.strip() or len(inner.split()) > max_words:
            continue
        if before.endswith(":") or inner.rstrip().endswith(("!", "?")):
            continue
        lead = len(inner) - len(inner.lstrip(" ,.;:"))
        trail = len(inner) - len(inner.rstrip(" ,.;:"))
        spans.append((s + lead, e - trail))
    return spans


def own_voice_words(docs: dict, voices: dict) -> pd.DataFrame:
    """Number of own-voice words per article (words outside quotations)."""
    counts = Counter()
    for (aid, field), doc in docs.items():
        quoted = voices[(aid, field)][0]
        counts[aid] += sum(1 for t in doc if _is_word(t) and not _inside(t.idx, quoted))
    return pd.DataFrame(sorted(counts.items()), columns=["article_id", "n_words"])


def summarise_markers(
    matches: pd.DataFrame,
    n_words: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    categories: list[str] | None = None,
    min_words: int = MIN_WORDS,
) -> pd.DataFrame:
    """Markers per 1,000 own-voice words, per outlet and per article, with the words matched.

    ``matched_terms`` lists every matched form with its count ("claimed ×2; alleged
    ×1") so a reader can check each number. Groups with fewer than ``min_words`` words
    get ``status`` "not enough text" and no rate.

    Example:
        >>> m = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "category": ["hedge"],
        ...                   "matched": ["probably"]})
        >>> w = pd.DataFrame({"article_id": ["a"], "n_words": [500]})
        >>> a = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
        >>> summarise_markers(m, w, a, categories=["hedge"])[["level", "per_1000"]].values.tolist()
        [['outlet', 2.0], ['article', 2.0]]
    """
    categories = categories or sorted(set(MARKER_CATEGORIES) | set(matches["category"]))
    words = n_words.set_index("article_id")["n_words"]
    outlet_of = _outlet_of(articles)
    rows = []
    forms: dict[tuple[str, str], Counter] = {}
    for aid, category, matched in zip(matches["article_id"], matches["category"], matches["matched"], strict=True):
        forms.setdefault((aid, category), Counter())[str(matched).lower()] += 1
    groups = [("outlet", o, "", [a for a in articles["article_id"] if outlet_of[a] == o])
              for o in plots.order_outlets(articles["outlet"])]
    groups += [("article", outlet_of[a], a, [a]) for a in sorted(articles["article_id"])]
    for level, outlet, aid, ids in groups:
        n = int(sum(int(words.get(i, 0)) for i in ids))
        status = f"{NOT_ENOUGH_TEXT}: {n} own-voice words (< {min_words})" if n < min_words else "ok"
        for category in categories:
            found = sum((forms.get((i, category), Counter()) for i in ids), Counter())
            n_hits = sum(found.values())
            listed = "; ".join(f"{w} ×{c}" for w, c in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
            rate = 1000.0 * n_hits / n if status == "ok" else np.nan
            rows.append((level, outlet, aid, category, n_hits, n, rate, listed, status))
    return pd.DataFrame(rows, columns=MARKER_COLUMNS)


def subjectivity(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    min_words: int = MIN_WORDS,
    docs: dict | None = None,
) -> pd.DataFrame:
    """Mean TextBlob subjectivity of own-voice sentences, per outlet and article (95% CI).

    Quoted text is blanked out before scoring; sentences with fewer than 3 own-voice
    words are skipped. Headlines count as one sentence each. An outlet's interval
    resamples its articles, then sentences within them; an article's, its sentences.
    """
    from textblob import TextBlob

    docs = parse_articles(articles) if docs is None else docs
    voices = _voices(articles, docs, attributions)
    outlet_of = _outlet_of(articles)
    spans_of = {}
    if sentences is not None and len(sentences):
        spans_of = {aid: list(zip(g["start"], g["end"], strict=True))
                    for aid, g in sentences.groupby("article_id", sort=False)}
    scores = []
    for (aid, field), doc in docs.items():
        quoted = voices[(aid, field)][0]
        own = own_voice_text(doc.text, quoted)
        if field == "headline":
            spans = [(0, len(own))]
        else:
            spans = spans_of.get(aid) or [(s.start_char, s.end_char) for s in doc.sents]
        for s, e in spans:
            chunk = own[int(s):int(e)]
            n = len(_WORD.findall(chunk))
            if n >= 3:
                scores.append((aid, outlet_of[aid], n, TextBlob(chunk).sentiment.subjectivity))
    frame = pd.DataFrame(scores, columns=["article_id", "outlet", "n_words", "subjectivity"])
    rows = []
    by_outlet = dict(tuple(frame.groupby("outlet", sort=False)))
    by_article = dict(tuple(frame.groupby("article_id", sort=False)))
    empty = frame.iloc[0:0]
    groups = [("outlet", o, "", by_outlet.get(o, empty)) for o in plots.order_outlets(articles["outlet"])]
    groups += [("article", outlet_of[a], a, by_article.get(a, empty)) for a in sorted(articles["article_id"])]
    for level, outlet, aid, g in groups:
        n = int(g["n_words"].sum())
        if n < min_words:
            rows.append((level, outlet, aid, len(g), n, np.nan, np.nan, np.nan,
                         f"{NOT_ENOUGH_TEXT}: {n} own-voice words (< {min_words})"))
            continue
        lo, hi = stats.bootstrap_ci(g["subjectivity"].to_numpy(), clusters=g["article_id"].to_numpy())
        rows.append((level, outlet, aid, len(g), n, float(g["subjectivity"].mean()), lo, hi, "ok"))
    return pd.DataFrame(rows, columns=SUBJECTIVITY_COLUMNS)


def framing_markers(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    attributions: pd.DataFrame | None = None,
    markers: pd.DataFrame | None = None,
    min_words: int = MIN_WORDS,
    docs: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(markers summary, marker matches): see :func:`summarise_markers`, :func:`marker_matches`."""
    markers = load_markers() if markers is None else markers
    docs = parse_articles(articles) if docs is None else docs
    matches = marker_matches(articles, sentences, attributions=attributions, markers=markers, docs=docs)
    words = own_voice_words(docs, _voices(articles, docs, attributions))
    categories = list(dict.fromkeys([*MARKER_CATEGORIES, *sorted(set(markers["category"]))]))
    summary = summarise_markers(matches, words, articles, categories=categories, min_words=min_words)
    return summary, matches


# --------------------------------------------------------------------------- entry point


def build(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    acts: pd.DataFrame | None = None,
    markers: pd.DataFrame | None = None,
    min_words: int = MIN_WORDS,
) -> dict[str, pd.DataFrame]:
    """Run the word-choice lens: every article is parsed once, every table built from it.

    Returns ``labels``, ``label_summary``, ``distinctive_terms``, ``markers``,
    ``marker_matches`` and ``subjectivity`` (keys are the output file stems).
    """
    docs = parse_articles(articles)
    labels = extract_labels(articles, sentences, attributions=attributions, actors=actors,
                            acts=acts, docs=docs)
    summary, matches = framing_markers(articles, sentences, attributions=attributions,
                                       markers=markers, min_words=min_words, docs=docs)
    act_table = load_acts() if acts is None else _complete_acts(acts)
    targets = sorted(set(labels["target"]) | set(act_table["act"]))
    summary_of_labels = label_summary(labels, articles, targets=targets, min_words=min_words)
    if len(act_table) == 0:
        empty = pd.DataFrame([(o, "", "act", "", 0, 0, 0, 0, 0, "no acts: the act table is empty")
                              for o in plots.order_outlets(articles["outlet"])], columns=SUMMARY_COLUMNS)
        summary_of_labels = pd.concat([summary_of_labels, empty], ignore_index=True)
    return {
        "labels": labels,
        "label_summary": summary_of_labels,
        "distinctive_terms": distinctive_terms(articles, sentences, attributions=attributions,
                                               min_words=min_words, docs=docs),
        "markers": summary,
        "marker_matches": matches,
        "subjectivity": subjectivity(articles, sentences, attributions=attributions,
                                     min_words=min_words, docs=docs),
    }


# --------------------------------------------------------------------------- report helpers


def empty_tables() -> dict[str, pd.DataFrame]:
    """The tables of :func:`build` with their columns and no rows: what an empty corpus gives.

    Example:
        >>> sorted(empty_tables())
        ['distinctive_terms', 'label_summary', 'labels', 'marker_matches', 'markers', 'subjectivity']
    """
    return {"labels": pd.DataFrame(columns=LABEL_COLUMNS), "label_summary": pd.DataFrame(columns=SUMMARY_COLUMNS),
            "distinctive_terms": pd.DataFrame(columns=DISTINCTIVE_COLUMNS),
            "markers": pd.DataFrame(columns=MARKER_COLUMNS), "marker_matches": pd.DataFrame(columns=MATCH_COLUMNS),
            "subjectivity": pd.DataFrame(columns=SUBJECTIVITY_COLUMNS)}


def with_sentences(rows: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (labels or marker matches: ``article_id, field, sentence_id, start``) with their outlet
    and the whole sentence each was read in (the headline for headline rows), for reading a count
    beside its evidence. Rows come in outlet order, then article, headline first, and position.

    Example:
        >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "headline": ["Killing condemned"]})
        >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": ["He called it murder."]})
        >>> labs = pd.DataFrame({"article_id": ["a", "a"], "field": ["text", "headline"], "sentence_id": [0, None],
        ...     "label": ["murder", "killing"], "voice": ["quoted", "own"], "start": [13, 0]})
        >>> with_sentences(labs, sents, arts)[["label", "voice", "sentence"]].values.tolist()
        [['killing', 'own', 'Killing condemned'], ['murder', 'quoted', 'He called it murder.']]
    """
    if rows.empty:
        return rows.assign(outlet=pd.Series(dtype=object), sentence=pd.Series(dtype=object))
    text_of = {(str(a), int(i)): t for a, i, t in zip(sentences["article_id"], sentences["sentence_id"],
                                                       sentences["text"], strict=True)}
    headlines = articles["headline"].fillna("") if "headline" in articles.columns else [""] * len(articles)
    headline_of = dict(zip(articles["article_id"].astype(str), headlines, strict=True))
    out = rows.assign(article_id=rows["article_id"].astype(str))
    out["outlet"] = out["article_id"].map(_outlet_of(articles)).fillna("unknown")
    out["sentence"] = [headline_of.get(a, "") if f == "headline" else ("" if pd.isna(i) else text_of.get((a, int(i)), ""))
                       for a, f, i in zip(out["article_id"], out["field"], out["sentence_id"], strict=True)]
    order = {o: k for k, o in enumerate(plots.order_outlets(out["outlet"]))}
    out = out.assign(_o=out["outlet"].map(order), _f=(out["field"] != "headline").astype(int))
    out = out.sort_values(["_o", "article_id", "_f", "start"], kind="stable")
    return out.drop(columns=["_o", "_f"]).reset_index(drop=True)


def labels_by_voice(summary: pd.DataFrame, target: str) -> pd.DataFrame:
    """One row per outlet: the labels it gives ``target`` in its own voice, in reported speech and in
    quotations, each with its count ("killing 3, drone strike 2"); the status when it has none.

    Reads :func:`label_summary`; an outlet without the target keeps its row ("not mentioned").

    Example:
        >>> s = pd.DataFrame({"outlet": ["X", "X", "Y"], "target": ["strike"] * 3, "label": ["killing", "murder", ""],
        ...     "n_own": [2, 0, 0], "n_reported": [0, 0, 0], "n_quoted": [0, 1, 0], "status": ["", "", "not mentioned"]})
        >>> labels_by_voice(s, "strike").values.tolist()
        [['X', 'killing 2', '', 'murder 1', ''], ['Y', '', '', '', 'not mentioned']]
    """
    columns = ["outlet", "own voice", "reported speech", "quoted", "status"]
    rows = []
    sub = summary[summary["target"] == target]
    for outlet in plots.order_outlets(sub["outlet"]):
        g = sub[sub["outlet"] == outlet]
        cells = []
        for column in ("n_own", "n_reported", "n_quoted"):
            picked = g[g[column] > 0].sort_values([column, "label"], ascending=[False, True], kind="stable")
            cells.append(", ".join(f"{r.label} {int(getattr(r, column))}" for r in picked.itertuples(index=False)))
        status = "; ".join(sorted({str(s) for s in g["status"].dropna() if str(s)}))
        rows.append((outlet, *cells, status))
    return pd.DataFrame(rows, columns=columns)


def marker_rates(markers: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and marker category: matches per 1,000 own-voice words with a Wilson 95% interval,
    the same without short quotes, and for each the outlets whose intervals do not overlap.

    Short quotes include attributed partial quotes (NATO would take "some personnel" out), not only
    scare quotes, hence the rate without them (``*_without`` columns). Intervals treat words as
    independent, which they are not: read them as a lower bound on the uncertainty. ``differs_from``
    names the outlets whose intervals do not overlap (:func:`analysis.attribution.mark_differences`).

    Example:
        >>> mk = pd.DataFrame({"level": ["outlet"], "outlet": ["X"], "category": ["distancing"], "n_matches": [2],
        ...                    "n_words": [1000], "per_1000": [2.0], "matched_terms": ["claimed ×1; a b ×1"], "status": ["ok"]})
        >>> mm = pd.DataFrame({"outlet": ["X", "X"], "category": ["distancing"] * 2, "entry": ["claim", SHORT_QUOTE_ENTRY]})
        >>> rates = marker_rates(mk, mm)
        >>> rates[["n_matches", "n_short_quotes"]].values.tolist(), rates["per_1000_without"].tolist()
        ([[2, 1]], [1.0])
    """
    from .attribution import mark_differences

    columns = ["outlet", "category", "n_matches", "n_words", "per_1000", "ci_low", "ci_high", "differs_from",
               "n_short_quotes", "per_1000_without", "ci_low_without", "ci_high_without", "differs_from_without",
               "matched_terms", "status"]
    rows = markers[markers["level"] == "outlet"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    short = matches[matches["entry"] == SHORT_QUOTE_ENTRY].groupby(["outlet", "category"]).size()
    out = []
    for r in rows.itertuples(index=False):
        n, words, ok = int(r.n_matches), int(r.n_words), r.status == "ok"
        k = int(short.get((r.outlet, r.category), 0))
        rates = []
        for hits in (n, n - k):
            low, high = stats.wilson_ci(hits, words) if ok else (np.nan, np.nan)
            rates += [1000.0 * hits / words if ok else np.nan, 1000.0 * low, 1000.0 * high]
        out.append((r.outlet, r.category, n, words, *rates[:3], k, *rates[3:], r.matched_terms, r.status))
    table = pd.DataFrame(out, columns=[c for c in columns if not c.startswith("differs_from")])
    table = mark_differences(table, by=("category",))
    without = mark_differences(table.drop(columns="differs_from"), by=("category",), low="ci_low_without",
                               high="ci_high_without")
    table["differs_from_without"] = without["differs_from"]
    return table[columns]


def distinctive_overview(terms: pd.DataFrame, *, z: float = 1.96) -> pd.DataFrame:
    """Per outlet and n-gram size: words counted, terms tested, terms with z above ``z``, and how many
    would pass by chance alone (2.5% of the terms tested, one-sided, if no term really differed).

    When the observed number is near the chance number, the top terms are a reading aid, not a finding.

    Example:
        >>> t = pd.DataFrame({"outlet": ["A"] * 3, "ngram": [1] * 3, "term": ["x", "y", "z"], "count": [5, 1, 0],
        ...     "n_words": [300] * 3, "z": [2.5, 0.1, -1.0], "status": ["ok"] * 3})
        >>> distinctive_overview(t).values.tolist()
        [['A', 1, 300, 3, 1, 0.075, 'x (5, z=2.50)']]
    """
    columns = ["outlet", "ngram", "n_words", "terms_tested", "terms_above_z", "expected_by_chance", "terms"]
    ok = terms[terms["status"] == "ok"]
    rows = []
    for outlet in plots.order_outlets(terms["outlet"]):
        for ngram in sorted(set(terms.loc[terms["outlet"] == outlet, "ngram"])):
            g = ok[(ok["outlet"] == outlet) & (ok["ngram"] == ngram)]
            above = g[g["z"] > z].sort_values("z", ascending=False)
            n_words = terms.loc[(terms["outlet"] == outlet) & (terms["ngram"] == ngram), "n_words"]
            rows.append((outlet, int(ngram), int(n_words.iloc[0]) if len(n_words) else 0, len(g), len(above),
                         round(0.025 * len(g), 3),
                         ", ".join(f"{r.term} ({int(r.count)}, z={r.z:.2f})" for r in above.itertuples(index=False))))
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- figures


def _cell_text(group: pd.DataFrame, *, top: int, width: int) -> str:
    status = group["status"].fillna("").astype(str)  # a table read back from CSV has NaN for ""
    if (status != "").all():
        return status.iloc[0].split(":")[0]
    lines = []
    for row in group.head(top).itertuples(index=False):
        label = row.label if len(row.label) <= width else row.label[: width - 1] + "…"
        own = row.n_own + row.n_reported
        text = f"{label}: {own}" if own else f"“{label}”"
        if row.n_quoted:
            text += f" (+{row.n_quoted} quoted)" if own else f": {row.n_quoted} quoted"
        lines.append(text)
    if len(group) > top:
        lines.append(f"… {len(group) - top} more")
    return "\n".join(lines)


def default_label_targets(summary: pd.DataFrame, *, n_actors: int = 2) -> list[str]:
    """Every act of the summary plus the ``n_actors`` actors named in the most different ways."""
    acts = sorted(set(summary.loc[summary["target_kind"] == "act", "target"]) - {""})
    named = summary[(summary["target_kind"] == "actor") & (summary["label"] != "")]
    variety = named.groupby("target")["label"].nunique().sort_values(ascending=False, kind="stable")
    return acts + list(variety.index[:n_actors])


def plot_labels(
    summary: pd.DataFrame,
    figures_dir: str | Path,
    *,
    targets: list[str] | None = None,
    top: int = 4,
    width: int = 30,
    name: str = "wording_labels",
) -> Path:
    """Label table: outlets across, targets down; each cell lists the outlet's labels.

    A label in the outlet's own voice (or reported speech) shows its count; a label the
    outlet only quotes is shown in quote marks with its count of quotations. Draws
    from :func:`label_summary`; the plotted rows are saved beside the PNG.
    """
    targets = default_label_targets(summary) if targets is None else targets
    data = summary[summary["target"].isin(targets)].reset_index(drop=True)
    if data.empty or (data["label"] == "").all():
        fig, _ = plots.empty_figure("No labels to show: no target is named in this corpus.")
        return plots.save_figure(fig, data, name, figures_dir)
    outlets = plots.order_outlets(data["outlet"])
    cells = {(t, o): _cell_text(g, top=top, width=width) for (t, o), g in data.groupby(["target", "outlet"])}
    heights = [max(cells.get((t, o), "").count("\n") + 1 for o in outlets) for t in targets]
    fig_h = 0.75 + 0.19 * sum(h + 1 for h in heights)
    fig, ax = plt.subplots(figsize=(2.2 + 2.6 * len(outlets), fig_h))
    ax.axis("off")
    total = sum(h + 1 for h in heights)
    y = 1.0
    for o_i, outlet in enumerate(outlets):
        ax.text((o_i + 1) / (len(outlets) + 1), 1.0, outlet, ha="left", va="bottom", fontsize=9,
                fontweight="bold", color=plots.outlet_color(outlet), transform=ax.transAxes)
    for target, h in zip(targets, heights, strict=True):
        step = (h + 1) / total
        ax.axhline(y, color="#dddddd", lw=0.8)
        ax.text(0.0, y - 0.01, target, ha="left", va="top", fontsize=8.5, fontweight="bold",
                transform=ax.transAxes, wrap=True)
        for o_i, outlet in enumerate(outlets):
            ax.text((o_i + 1) / (len(outlets) + 1), y - 0.01, cells.get((target, outlet), ""),
                    ha="left", va="top", fontsize=7.5, transform=ax.transAxes, family="DejaVu Sans")
        y -= step
    ax.set_title("What each outlet calls each actor and act (count in own voice; “quoted” = only in quotations)",
                 fontsize=9, loc="left", pad=18)
    return plots.save_figure(fig, data, name, figures_dir)


def plot_distinctive_terms(
    terms: pd.DataFrame,
    figures_dir: str | Path,
    *,
    ngram: int = 1,
    top: int = 8,
    min_outlet_count: int = 2,
    name: str | None = None,
) -> Path:
    """One panel per outlet: its most distinctive terms by z-score, counts written on the bars.

    Only terms the outlet uses at least ``min_outlet_count`` times are drawn; an outlet
    without enough text gets a panel saying so.
    """
    name = name or ("wording_distinctive_terms" if ngram == 1 else f"wording_distinctive_{ngram}grams")
    sub = terms[terms["ngram"] == ngram]
    # z to the 6 significant digits of the written CSV, so the figure is the same drawn from memory or from the file
    sub = sub.assign(z=[float(f"{v:.6g}") for v in sub["z"].astype(float)])
    outlets = plots.order_outlets(sub["outlet"])
    if not outlets:
        fig, _ = plots.empty_figure("No outlets to compare.")
        return plots.save_figure(fig, sub, name, figures_dir)
    picked = []
    for outlet in outlets:
        rows = sub[(sub["outlet"] == outlet) & (sub["status"] == "ok") & (sub["count"] >= min_outlet_count)]
        picked.append(rows[rows["z"] > 0].head(top))
    data = pd.concat(picked + [sub[(sub["status"] != "ok")]], ignore_index=True)
    ncols = min(3, len(outlets))
    nrows = math.ceil(len(outlets) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * top * nrows + 1.2 * nrows), squeeze=False)
    for ax, outlet, rows in zip(axes.flat, outlets, picked, strict=False):
        status = sub.loc[sub["outlet"] == outlet, "status"]
        if rows.empty:
            message = status.iloc[0] if len(status) and status.iloc[0] != "ok" else "no distinctive term"
            ax.axis("off")
            ax.text(0.5, 0.5, f"{outlet}\n{message}", ha="center", va="center", wrap=True, fontsize=8)
            continue
        rows = rows.iloc[::-1]
        ax.barh(rows["term"], rows["z"], color=plots.outlet_color(outlet))
        for y_pos, row in enumerate(rows.itertuples(index=False)):
            ax.text(row.z, y_pos, f" {row.count} vs {row.count_rest}", va="center", fontsize=7)
        ax.set_xlim(0, rows["z"].max() * 1.45)
        ax.set_title(outlet, fontsize=9, color=plots.outlet_color(outlet), loc="left")
        ax.tick_params(axis="y", labelsize=8)
        ax.set_xlabel("z (log-odds, informative Dirichlet prior)", fontsize=7)
    for ax in list(axes.flat)[len(outlets):]:
        ax.axis("off")
    kind = "words" if ngram == 1 else "word pairs"
    fig.suptitle(f"Distinctive {kind} per outlet vs the rest (bar labels: count in outlet vs rest)", fontsize=9)
    fig.tight_layout()
    return plots.save_figure(fig, data, name, figures_dir)


def plot_markers(markers: pd.DataFrame, figures_dir: str | Path, *, name: str = "wording_markers") -> Path:
    """Framing markers per 1,000 own-voice words, one bar per outlet in each category.

    Bars are labelled with the number of matches; outlets without enough text are
    named in the legend and not drawn.
    """
    data = markers[markers["level"] == "outlet"].reset_index(drop=True)
    if data.empty:
        fig, _ = plots.empty_figure("No outlets to show.")
        return plots.save_figure(fig, data, name, figures_dir)
    categories = list(dict.fromkeys(data["category"]))
    outlets = plots.order_outlets(data["outlet"])
    width = 0.8 / len(outlets)
    fig, ax = plt.subplots(figsize=(1.4 * len(categories) + 2.5, 3.6))
    for o_i, outlet in enumerate(outlets):
        rows = data[data["outlet"] == outlet].set_index("category").reindex(categories)
        ok = (rows["status"] == "ok").all()
        label = outlet if ok else f"{outlet} ({NOT_ENOUGH_TEXT})"
        xs = np.arange(len(categories)) + (o_i - (len(outlets) - 1) / 2) * width
        heights = rows["per_1000"].fillna(0).to_numpy() if ok else np.zeros(len(categories))
        ax.bar(xs, heights, width, color=plots.outlet_color(outlet), label=label)
        if ok:
            for x, h, n in zip(xs, heights, rows["n_matches"], strict=True):
                ax.text(x, h, str(int(n)), ha="center", va="bottom", fontsize=6.5)
    ax.set_xticks(np.arange(len(categories)), categories)
    ax.set_ylabel("per 1,000 own-voice words")
    ax.legend(fontsize=7, frameon=False)
    ax.set_title("Framing markers in the outlets' own voice (numbers on bars: matches)", fontsize=9)
    return plots.save_figure(fig, data, name, figures_dir)


def draw_figures(tables: dict[str, pd.DataFrame], figures_dir: str | Path) -> list[Path]:
    """The word-choice figures of the report, from the tables :func:`build` returned."""
    drawn = []
    if "label_summary" in tables:
        drawn.append(plot_labels(tables["label_summary"], figures_dir))
    if "distinctive_terms" in tables:
        drawn.append(plot_distinctive_terms(tables["distinctive_terms"], figures_dir, ngram=1))
        drawn.append(plot_distinctive_terms(tables["distinctive_terms"], figures_dir, ngram=2))
    if "markers" in tables:
        drawn.append(plot_markers(tables["markers"], figures_dir))
    return drawn
