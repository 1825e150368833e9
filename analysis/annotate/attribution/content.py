"""Content spans (what is attributed) for a cue, from quotes and the dependency parse.

Rules, in order: "according to X" takes the clause it modifies; a colon takes what follows it;
a cue next to a quotation (same paragraph, outside it) takes the quotation(s); a cue with a
clausal complement takes the complement; a parenthetical cue ("X, he said, Y") takes the clause
around it; otherwise the cue's objects and complements to its right.

Example:
    >>> from analysis.resources import Resources
    >>> from analysis.annotate.attribution.features import doc_context
    >>> doc = Resources().nlp()("Trump said that he would win.")
    >>> pieces, kind = content_pieces(doc, 1, doc_context(doc))
    >>> doc.text[pieces[0][0]:pieces[0][1]], kind
    ('that he would win', 'indirect')
"""
from __future__ import annotations

_CLAUSE_DEPS = ("ccomp",)
_OBJECT_DEPS = ("dobj", "xcomp", "prep", "dative", "oprd", "attr", "acomp", "advcl", "npadvmod")
_NOT_CONTENT_PREPS = {"in", "on", "at", "during", "after", "before", "since", "with", "by", "from", "through"}


def _span_of(tokens) -> tuple[int, int]:
    tokens = [t for t in tokens if not (t.is_punct and t.text not in "%$") and not t.is_space]
    if not tokens:
        return (-1, -1)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return (first.idx, last.idx + len(last))


def _contiguous(doc, idxs: set[int]) -> list[tuple[int, int]]:
    """Character pieces for a set of token indices (runs of consecutive tokens), punctuation trimmed."""
    pieces, run = [], []
    for i in sorted(idxs):
        if run and i != run[-1] + 1:
            pieces.append(_span_of([doc[k] for k in run]))
            run = []
        run.append(i)
    if run:
        pieces.append(_span_of([doc[k] for k in run]))
    return [p for p in pieces if p[0] >= 0]


def _subtree_ids(tok) -> set[int]:
    return {t.i for t in tok.subtree}


def _adjacent_quotes(doc, cue: int, ctx) -> list[int]:
    """Top-level quotations in the cue's paragraph that touch the cue's clause (same sentence or
    ending right before it), the cue itself outside them."""
    if ctx.quote_of_token[cue] >= 0 or len(ctx.quotes) == 0:
        return []
    para = ctx.paragraph_of_token[cue]
    s_start, s_end = int(ctx.sent_start[cue]), int(ctx.sent_end[cue])
    found = []
    for j in range(s_start, s_end):
        q = ctx.quote_of_token[j]
        if q >= 0 and q not in found:
            found.append(int(q))
    # a quotation that ends the previous sentence(s) right before the cue's clause ("... ." he said)
    j = s_start - 1
    while j >= 0 and ctx.paragraph_of_token[j] == para and doc[j].is_punct and ctx.quote_of_token[j] < 0:
        j -= 1
    if j >= 0 and ctx.paragraph_of_token[j] == para and ctx.quote_of_token[j] >= 0 and s_start - j <= 2:
        if int(ctx.quote_of_token[j]) not in found:
            found.insert(0, int(ctx.quote_of_token[j]))
    return found


def _continuation(doc, quote_ids: list[int], ctx) -> list[int]:
    """Quotations that carry on the last one: a following sentence that is only a quotation (same
    paragraph), or, after a quotation left unclosed, the next paragraph's opening quotation."""
    if not quote_ids:
        return []
    quotes, text = ctx.quotes, ctx.text
    order = list(quotes.index)
    last = quote_ids[-1]
    pos = order.index(last)
    anchor = _sentence_end_char(doc, ctx, int(quotes.at[last, "end"]) - 1)
    out = []
    while pos + 1 < len(order):
        nxt = order[pos + 1]
        q_start, q_end = int(quotes.at[nxt, "start"]), int(quotes.at[nxt, "end"])
        gap = text[max(anchor, int(quotes.at[last, "end"])):q_start]
        if gap.strip() != "" or ("\n" in gap and bool(quotes.at[last, "closed"])):
            break
        tail = text[q_end:_sentence_end_char(doc, ctx, q_end - 1)]
        if tail.strip(" .,;:!?\u2014-") != "":
            break  # the sentence goes on after the quotation: likely its own attribution ("...," she said)
        out.append(nxt)
        last, pos = nxt, pos + 1
        anchor = max(q_end, _sentence_end_char(doc, ctx, q_end - 1))
    return out


def _sentence_end_char(doc, ctx, char: int) -> int:
    """Character offset where the sentence holding character ``char`` ends."""
    i = _token_at(doc, char)
    end = int(ctx.sent_end[i]) - 1
    while end > i and doc[end].is_space:  # a sentence may keep the paragraph break after it as a space token
        end -= 1
    last = doc[end]
    return last.idx + len(last)


def _token_at(doc, char: int) -> int:
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _touches(doc, cue: int, ctx, quote_id: int, *, window: int = 4) -> bool:
    """The quotation ends within ``window`` tokens before the cue or starts within it after."""
    for j in range(max(0, cue - window), min(len(doc), cue + window + 1)):
        if ctx.quote_of_token[j] == quote_id:
            return True
    return False


def content_pieces(doc, cue: int, ctx, *, speaker: tuple[int, int] = (-1, -1)) -> tuple[list[tuple[int, int]], str]:
    """Character pieces of the attributed content of the cue at ``doc[cue]`` and the attribution kind.

    The speaker's span (character offsets) is cut out of the content.

    Returns:
        (pieces, kind) with kind one of direct, partial, indirect, according_to, mixed.
    """
    pieces, kind = _content_pieces(doc, cue, ctx)
    if speaker[0] >= 0:
        pieces = _cut(pieces, speaker)
    return pieces, kind


def _cut(pieces, hole):
    out = []
    for s, e in pieces:
        if e <= hole[0] or s >= hole[1]:
            out.append((s, e))
            continue
        if s < hole[0]:
            out.append((s, hole[0]))
        if e > hole[1]:
            out.append((hole[1], e))
    return [(s, e) for s, e in out if e > s]


def _content_pieces(doc, cue: int, ctx):
    c = doc[cue]
    adjacent = _adjacent_quotes(doc, cue, ctx)
    quote_spans = [ctx.quote_inner[q] for q in adjacent]
    s_start, s_end = int(ctx.sent_start[cue]), int(ctx.sent_end[cue])
    if c.lower_ == "according":
        head = c.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "X did A, and B did C, according to Y": the whole coordination
        skip = _subtree_ids(c)
        ids = {t.i for t in head.subtree} - skip if head.i != c.i else set()
        ids = {i for i in ids if s_start <= i < s_end}
        if not ids:
            ids = set(range(s_start, s_end)) - skip
        return _contiguous(doc, ids)[:3], "according_to"
    if c.text == ":":
        after = [q for q in adjacent if ctx.quote_inner[q][0] >= c.idx]
        if after:
            after += _continuation(doc, after, ctx)
            return [ctx.quote_inner[q] for q in after], "direct"
        return _contiguous(doc, set(range(cue + 1, s_end)))[:1], "indirect"
    clause = [ch for ch in c.children if ch.dep_ in _CLAUSE_DEPS]
    touching = [q for q in adjacent if _touches(doc, cue, ctx, q)] or \
        [q for q in adjacent if any(doc[j].text == ":" for j in range(cue + 1, min(cue + 3, len(doc))))]
    clause_in_quote = False
    if clause:
        sub = [t.i for t in clause[0].subtree if not t.is_punct]
        # the complement is the quotation itself ('"...," he said'), not an indirect clause quoting a phrase
        clause_in_quote = bool(sub) and ctx.quote_of_token[min(sub)] >= 0 and \
            sum(ctx.quote_of_token[i] >= 0 for i in sub) >= 0.8 * len(sub)
    objects = [ch for ch in c.children if ch.i > cue and ch.dep_ in ("dobj", "xcomp", "dative", "oprd")
               and ctx.quote_of_token[ch.i] < 0]
    if adjacent and (clause_in_quote or (not clause and not objects and (touching or c.lemma_.lower() in ("say", "tell", "add", "write", "ask", "continue", "note", "explain", "reply", "respond", "tweet", "post", "declare")))):
        ids = (touching or adjacent)
        if clause_in_quote:
            ids = [q for q in adjacent if any(ctx.quote_of_token[t.i] == q for t in clause[0].subtree)] or adjacent
        ids = list(dict.fromkeys(ids + [q for q in adjacent if q > ids[-1]]))
        ids += _continuation(doc, ids, ctx)
        return [ctx.quote_inner[q] for q in ids], "direct"
    if clause:
        ids = set()
        for ch in clause:
            ids |= _subtree_ids(ch)
        pieces = _contiguous(doc, ids)
        return pieces, _kind_with_quotes(pieces, quote_spans)
    if c.dep_ in ("parataxis",) and c.head.i != c.i:
        ids = _subtree_ids(c.head) - _subtree_ids(c)
        ids = {i for i in ids if s_start <= i < s_end}
        pieces = _contiguous(doc, ids)
        return pieces, _kind_with_quotes(pieces, quote_spans)
    ids = set()
    for ch in c.children:
        if ch.i > cue and ch.dep_ in _OBJECT_DEPS:
            if ch.dep_ == "prep" and ch.lower_ in _NOT_CONTENT_PREPS:
                continue
            ids |= _subtree_ids(ch)
    pieces = _contiguous(doc, ids)
    return pieces, _kind_with_quotes(pieces, quote_spans)


def _kind_with_quotes(pieces, quote_spans) -> str:
    """indirect (no quotation), partial (quoted words inside a reported clause), mixed (a reported clause plus a
    whole quotation standing apart from it)."""
    if not pieces:
        return "indirect"
    overlapping = [q for q in quote_spans if any(min(e, q[1]) > max(s, q[0]) for s, e in pieces)]
    if not overlapping:
        return "indirect"
    whole = [q for q in overlapping if any(s <= q[0] + 1 and q[1] - 1 <= e for s, e in pieces)
             and not any(s < q[0] - 2 and q[1] + 2 < e for s, e in pieces)]
    unquoted = any(not any(s >= q[0] - 1 and e <= q[1] + 1 for q in overlapping) for s, e in pieces)
    return "mixed" if whole and unquoted and any(p in [(q[0], q[1]) for q in whole] for p in pieces) else "partial"
