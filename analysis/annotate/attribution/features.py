"""Candidates and hand-made features for attribution cues and speakers over a spaCy parse.

A cue candidate is a token (verb, noun, adjective, "according", a colon); a speaker candidate is a
nominal token (noun, proper noun, pronoun) near the cue. Features are strings (one-hot) so that a
linear model's weights can be read and saved as JSON beside their names.

Example:
    >>> from analysis.resources import Resources
    >>> doc = Resources().nlp()('"We will win," Trump said.')
    >>> ctx = doc_context(doc)
    >>> [doc[i].text for i in cue_candidates(doc)]
    ['win', 'said']
    >>> "quote_before=adjacent" in cue_features(doc, 6, ctx)
    True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..quotes import find_quotes, line_spans, quote_inner

# The scorer's speech lemmas plus other verbs and nouns of saying, writing, showing and thinking.
SPEECH_LEMMAS = frozenset("""say tell add write note ask announce report explain state claim argue insist
allege accuse blame warn deny admit acknowledge confirm reply respond tweet post declare suggest describe
call urge vow pledge promise threaten predict assert contend complain testify recall remark comment concede
maintain stress emphasize point according""".split())
OTHER_REPORTING = frozenset("""reiterate quip joke boast brag scoff charge counter retort lament muse observe
reveal disclose indicate estimate conclude find show believe think feel hope want expect know agree disagree
criticize praise endorse dismiss question wonder demand propose cite refer label dub brand characterize
continue interview statement remark speech testimony letter memo tweet email interview conclude recommend
decline refuse insist caution signal hint acknowledge lash slam attack defend blast mock tout highlight
fear worry doubt suspect assume imagine recognize realize understand predict forecast project poll survey
survey data study analysis document order rule judge""".split())
MODALS = frozenset("will would could may might should must can shall".split())
_NOMINAL = {"NOUN", "PROPN", "PRON"}


@dataclass(frozen=True)
class DocContext:
    """Per-document lookups shared by the feature functions.

    Attributes:
        quotes: quotation table from :func:`quotes.find_quotes`.
        quote_of_token: for each token, the index of the outermost quotation holding it, or -1.
        paragraph_of_token: for each token, its paragraph number (-1 for line-break tokens).
        quote_ends: character end offsets of quotations, sorted.
        sent_start, sent_end: for each token, the token bounds of its sentence (Token.sent is slow).
        quote_inner: quotation index -> (start, end) inside the marks.
        text: the document text.
    """
    quotes: object
    quote_of_token: np.ndarray
    paragraph_of_token: np.ndarray
    quote_starts: np.ndarray
    quote_ends: np.ndarray
    sent_start: np.ndarray
    sent_end: np.ndarray
    quote_inner: dict
    text: str


def doc_context(doc, quotes=None) -> DocContext:
    """Build the lookups for ``doc`` (quotations found in ``doc.text`` unless given)."""
    text = doc.text  # a property that joins every token: read it once
    if quotes is None:
        quotes = find_quotes(text)
    top = quotes[quotes["depth"] == 0] if len(quotes) else quotes
    starts = doc.to_array("IDX").astype(np.int64) if len(doc) else np.zeros(0, np.int64)
    quote_of = np.full(len(doc), -1, dtype=np.int64)
    for qi, (s, e) in zip(top.index, top[["start", "end"]].to_numpy()):
        lo, hi = np.searchsorted(starts, s), np.searchsorted(starts, e)
        quote_of[lo:hi] = qi
    para_of = np.full(len(doc), -1, dtype=np.int64)
    for pi, (s, e) in enumerate(line_spans(text)):
        lo, hi = np.searchsorted(starts, s), np.searchsorted(starts, e)
        para_of[lo:hi] = pi
    sent_start, sent_end = _sentence_bounds(doc)
    inner = {int(q): quote_inner(text, int(s), int(e)) for q, s, e in zip(top.index, top["start"], top["end"])}
    return DocContext(top, quote_of, para_of, np.sort(top["start"].to_numpy()) if len(top) else np.zeros(0, np.int64),
                      np.sort(top["end"].to_numpy()) if len(top) else np.zeros(0, np.int64),
                      sent_start, sent_end, inner, text)


_CANDIDATE_POS = ("VERB", "NOUN", "ADJ", "PROPN", "AUX")


def _sentence_bounds(doc) -> tuple[np.ndarray, np.ndarray]:
    """For each token, the first token and the end (exclusive) of its sentence."""
    n = len(doc)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    is_start = doc.to_array("SENT_START") == 1
    is_start[0] = True
    first = np.flatnonzero(is_start)
    which = np.cumsum(is_start) - 1
    ends = np.append(first[1:], n)
    return first[which].astype(np.int64), ends[which].astype(np.int64)


def cue_candidates(doc, lexicon: frozenset | None = None) -> list[int]:
    """Indices of tokens that may head an attribution cue.

    Without ``lexicon``: every verb and noun, "according", colons, reporting adjectives (for training).
    With it: tokens whose lowercase lemma is in the lexicon (learned from train), "according", colons.
    """
    if lexicon is not None:
        # vectorised: no spaCy Token objects are made for the tokens that are skipped
        strings = doc.vocab.strings
        pos_ids = {strings[p] for p in _CANDIDATE_POS}
        arr = doc.to_array(["LEMMA", "POS", "LOWER"])
        according, colon = strings.add("according"), strings.add(":")
        keep, out = {}, []
        for i, (lemma, pos, lower) in enumerate(arr.tolist()):
            if lower == according or (lower == colon and i > 0):
                out.append(i)
            elif pos in pos_ids:
                ok = keep.get(lemma)
                if ok is None:
                    ok = keep[lemma] = strings[lemma].lower() in lexicon
                if ok:
                    out.append(i)
        return out
    out = []
    for t in doc:
        low = t.lower_
        if low == "according" or (t.text == ":" and t.i > 0):
            out.append(t.i)
        elif t.pos_ in ("VERB", "NOUN"):
            out.append(t.i)
        elif t.pos_ == "ADJ" and t.lemma_.lower() in SPEECH_LEMMAS | OTHER_REPORTING:
            out.append(t.i)
    return out


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 13, 21)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _subject(tok):
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    return None


def _subject_kind(subj) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron_" + subj.lower_ if subj.lower_ in ("it", "who", "that", "which", "this") else "pron"
    if subj.ent_type_:
        return subj.ent_type_
    return subj.pos_


def _quote_relation(doc, tok, ctx: DocContext) -> tuple[str, str]:
    """How near the closest quotation ends before ``tok`` and starts after it, in tokens, same paragraph."""
    para = ctx.paragraph_of_token[tok.i]
    before, after = "none", "none"
    j = tok.i - 1
    skipped = 0
    while j >= 0 and ctx.paragraph_of_token[j] == para and skipped < 12:
        if ctx.quote_of_token[j] >= 0 and ctx.quote_of_token[j] != ctx.quote_of_token[tok.i]:
            before = "adjacent" if skipped <= 4 else "near"
            break
        skipped += 1
        j -= 1
    j = tok.i + 1
    skipped = 0
    while j < len(doc) and ctx.paragraph_of_token[j] == para and skipped < 12:
        if ctx.quote_of_token[j] >= 0 and ctx.quote_of_token[j] != ctx.quote_of_token[tok.i]:
            after = "adjacent" if skipped <= 3 else "near"
            break
        skipped += 1
        j += 1
    return before, after


def cue_features(doc, i: int, ctx: DocContext) -> list[str]:
    """One-hot feature names for cue candidate ``doc[i]``."""
    t = doc[i]
    lemma = t.lemma_.lower() if t.text != ":" else ":"
    head = t.head
    f = ["bias", "lemma=" + lemma, "pos=" + t.pos_, "tag=" + t.tag_, "dep=" + t.dep_,
         "lemma_dep=%s|%s" % (lemma, t.dep_), "lemma_tag=%s|%s" % (lemma, t.tag_),
         "head_lemma=" + head.lemma_.lower(), "dep_headpos=%s|%s" % (t.dep_, head.pos_),
         "lemma_headlemma=%s|%s" % (lemma, head.lemma_.lower())]
    lex = "speech" if lemma in SPEECH_LEMMAS else "reporting" if lemma in OTHER_REPORTING else "other"
    f += ["lex=" + lex, "lex_dep=%s|%s" % (lex, t.dep_), "lex_pos=%s|%s" % (lex, t.pos_)]
    deps = set()
    for c in t.children:
        deps.add(c.dep_)
        if c.dep_ == "prep":
            f.append("prep=" + c.lower_)
            f.append("lemma_prep=%s|%s" % (lemma, c.lower_))
            pobj = [g for g in c.children if g.dep_ == "pobj"]
            if pobj:
                f.append("lemma_prep_pobj=%s|%s|%s" % (lemma, c.lower_, pobj[0].lemma_.lower()))
        if c.dep_ == "aux":
            if c.lower_ == "to":
                f += ["aux_to", "lemma_aux_to=" + lemma]
            elif c.lower_ in MODALS:
                f += ["modal", "lemma_modal=" + lemma]
        if c.dep_ == "neg":
            f += ["neg", "lemma_neg=" + lemma]
        if c.dep_ in ("dobj", "dative", "attr", "oprd", "xcomp", "acomp"):
            f.append("lemma_%s=%s|%s" % (c.dep_, lemma, c.lemma_.lower() if c.pos_ != "PROPN" else c.ent_type_ or "PROPN"))
        if c.dep_ == "mark":
            f.append("mark=" + c.lower_)
    for d in sorted(deps):
        f += ["child=" + d, "lemma_child=%s|%s" % (lemma, d), "lex_child=%s|%s" % (lex, d)]
    for d in ("ccomp", "nsubj", "dobj", "xcomp"):
        if d not in deps:
            f.append("lemma_no=%s|%s" % (lemma, d))
    ccomp = [c for c in t.children if c.dep_ == "ccomp"]
    if ccomp:
        first = min(x.i for x in ccomp[0].subtree)
        f.append("ccomp_that" if doc[first].lower_ == "that" else "ccomp_bare")
        f.append("ccomp_side=" + ("after" if ccomp[0].i > i else "before"))
    subj = _subject(t)
    kind = _subject_kind(subj)
    f += ["subj=" + kind, "lex_subj=%s|%s" % (lex, kind), "lemma_subj=%s|%s" % (lemma, kind)]
    if subj is not None and subj.i > i:
        f.append("subj_after")
        f.append("lemma_subj_after=" + lemma)
    in_quote = ctx.quote_of_token[i] >= 0
    before, after = _quote_relation(doc, t, ctx)
    f += ["in_quote=%d" % in_quote, "lemma_in_quote=%s|%d" % (lemma, in_quote), "lex_in_quote=%s|%d" % (lex, in_quote),
          "quote_before=" + before, "quote_after=" + after, "lex_quote=%s|%s|%s" % (lex, before, after),
          "lemma_quote=%s|%s|%s" % (lemma, before, after)]
    s_start, s_end = ctx.sent_start[i], ctx.sent_end[i]
    sent_quote = bool((ctx.quote_of_token[s_start:s_end] >= 0).any())
    f.append("sent_quote=%d" % sent_quote)
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None:
        f.append("next=" + (nxt.lower_ if nxt.is_punct or nxt.pos_ in ("ADP", "SCONJ", "PART", "DET", "PRON") else nxt.pos_))
        f.append("lemma_next=%s|%s" % (lemma, nxt.lower_ if nxt.is_punct or nxt.pos_ in ("ADP", "SCONJ", "PART") else nxt.pos_))
    prv = doc[i - 1] if i > 0 else None
    if prv is not None:
        f.append("prev=" + (prv.lower_ if prv.is_punct or prv.pos_ in ("ADP", "DET", "PART", "AUX", "PRON") else prv.pos_))
    if t.text == ":":
        f.append("colon_prev=" + (prv.ent_type_ or prv.pos_ if prv is not None else "none"))
        f.append("colon_first_para=%d" % (ctx.paragraph_of_token[i] == 0))
        f.append("colon_tokens_before=" + _bucket(i - s_start))
    if lemma == "according":
        f.append("according_to=%d" % (nxt is not None and nxt.lower_ == "to"))
    f.append("headline=%d" % (ctx.paragraph_of_token[i] == 0))
    if head.i != i and head.lemma_.lower() in SPEECH_LEMMAS:
        f.append("head_speech_dep=" + t.dep_)
    return f


def speaker_candidates(doc, cue: int, ctx: DocContext, *, max_back_sentences: int = 1) -> list[int]:
    """Nominal tokens that may head the speaker of the cue at ``doc[cue]``: its sentence and the one before."""
    start, end = int(ctx.sent_start[cue]), int(ctx.sent_end[cue])
    for _ in range(max_back_sentences):
        if start > 0:
            prev = int(ctx.sent_start[start - 1])
            if ctx.paragraph_of_token[prev] == ctx.paragraph_of_token[cue]:
                start = prev
    out = []
    for t in doc[start:end]:
        if t.i == cue or t.dep_ == "compound":
            continue
        # nominal tokens, numbers ("two in three said"), any subject whatever its tag ("Will wrote", "From said"),
        # and a capitalised word right before the cue
        if t.pos_ in _NOMINAL or t.tag_ == "PRP$" or t.pos_ == "NUM" or t.dep_ in ("nsubj", "nsubjpass") \
                or (t.i == cue - 1 and t.is_title and not t.is_punct):
            out.append(t.i)
    return out


def dependency_path(a, b, *, max_len: int = 6) -> str:
    """Dependency path from token ``a`` to token ``b``: '^dep' going up, '>dep' going down; 'far' if longer."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 12:
        up_a.append(up_a[-1].head)
    index_a = {t.i: k for k, t in enumerate(up_a)}
    up_b = [b]
    while up_b[-1].i not in index_a and up_b[-1].head.i != up_b[-1].i and len(up_b) < 12:
        up_b.append(up_b[-1].head)
    if up_b[-1].i not in index_a:
        return "none"
    k = index_a[up_b[-1].i]
    ups = ["^" + t.dep_ for t in up_a[:k]]
    downs = [">" + t.dep_ for t in reversed(up_b[:-1])]
    steps = ups + downs
    return "".join(steps) if len(steps) <= max_len else "far"


def speaker_features(doc, cue: int, cand: int, ctx: DocContext) -> list[str]:
    """One-hot feature names for speaker candidate ``doc[cand]`` of the cue at ``doc[cue]``."""
    c, s = doc[cue], doc[cand]
    lemma = c.lemma_.lower() if c.text != ":" else ":"
    same_sent = ctx.sent_start[cand] == ctx.sent_start[cue]
    path = dependency_path(c, s) if same_sent else "other_sent"
    kind = s.ent_type_ or ("PRON_" + s.lower_ if s.pos_ == "PRON" else s.pos_)
    side = "before" if cand < cue else "after"
    dist = abs(cand - cue)
    f = ["bias", "path=" + path, "cue_path=%s|%s" % (lemma if lemma in SPEECH_LEMMAS else "x", path),
         "cuedep_path=%s|%s" % (c.dep_, path), "kind=" + kind, "path_kind=%s|%s" % (path, kind),
         "side=" + side, "dist=" + _bucket(dist), "side_dist=%s|%s" % (side, _bucket(dist)),
         "s_dep=" + s.dep_, "s_dep_head=%s|%s" % (s.dep_, s.head.pos_), "s_tag=" + s.tag_,
         "s_in_quote=%d" % (ctx.quote_of_token[cand] >= 0),
         "both_in_quote=%d" % (ctx.quote_of_token[cand] >= 0 and ctx.quote_of_token[cand] == ctx.quote_of_token[cue]),
         "same_sent=%d" % same_sent]
    if path.count("^") + path.count(">") <= 2:
        f.append("short_path_side=%s|%s" % (path, side))
    if s.pos_ == "PRON":
        f.append("pron=" + s.lower_)
    if s.dep_ in ("nsubj", "nsubjpass"):
        f.append("is_subject_of=" + ("cue" if s.head.i == cue else "speech" if s.head.lemma_.lower() in SPEECH_LEMMAS else "other"))
    if s.head.dep_ == "prep":
        f.append("pobj_of=" + s.head.lower_)
    if s.is_title or s.pos_ == "PROPN":
        f.append("proper")
    if cand == cue - 1:
        f.append("right_before_cue=%s" % s.pos_)
    if s.pos_ == "NUM" or s.lower_ in ("one", "some", "several", "many", "most", "half"):
        f.append("quantity=" + path)
    if ctx.paragraph_of_token[cand] == 0:
        f.append("headline")
    # is the candidate the subject of the nearest verb governing the cue (conj, advcl, xcomp chains)?
    gov = c
    for _ in range(3):
        if gov.dep_ in ("conj", "advcl", "xcomp", "ccomp", "relcl", "acl", "parataxis") and gov.head.i != gov.i:
            gov = gov.head
            subj = _subject(gov)
            if subj is not None:
                if subj.i == cand:
                    f.append("governor_subject=" + c.dep_)
                break
        else:
            break
    return f
