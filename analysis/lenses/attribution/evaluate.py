"""Score extracted attributions against PolNeAR-style gold: cue, speaker, content and voice.

Gold comes from brat ``.ann`` text (PolNeAR: Newell, Margolin & Ruths, LREC 2018), read by
:func:`gold_tables`. The cue and speaker scores follow the shared scorer (``polnear_score.py``) exactly:

- only gold attributions with a speech cue count (:func:`speech_lemma`, the scorer's own rule);
- a prediction matches the first unused in-scope gold cue it overlaps, in the predictions' order, and
  one on an out-of-scope gold cue ("believes") counts neither way;
- a speaker is right when its span overlaps the gold source (gold without a source is not counted).

Content and voice are scored on word tokens (not space or punctuation): content on matched cue pairs, voice
as attributed (quoted or reported) against own. Counts add up over articles (:func:`add_counts`).

Example:
    >>> ann = "T1\\tSource 0 5\\tTrump\\nT2\\tCue 6 10\\tsaid\\nE1\\tAttribution:T2 Cue:T2 Source:T1 \\n"
    >>> gold, cues = gold_tables(ann)
    >>> pred = pd.DataFrame({"cue_start": [6], "cue_end": [10], "speaker_start": [0], "speaker_end": [5]})
    >>> cue_scores(cue_counts(pred, gold, cues))["F1"]
    1.0
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

# The shared scorer's scope: a cue is in scope when one of its words reduces to one of these lemmas.
SPEECH_LEMMAS = frozenset("""say tell add write note ask announce report explain state claim argue insist
allege accuse blame warn deny admit acknowledge confirm reply respond tweet post declare
suggest describe call urge vow pledge promise threaten predict assert contend complain
testify recall remark comment concede maintain stress emphasize point according""".split())
GOLD_COLUMNS = ["cue_start", "cue_end", "cue", "in_scope", "source_start", "source_end", "content_spans", "cue_spans", "source_spans"]
CUE_COLUMNS = ["start", "end", "text", "in_scope"]
_ENTITY_LINE = re.compile(r"^(T\d+)\t([^\t]*)(?:\t(.*))?$")
_EVENT_LINE = re.compile(r"^(E\d+)\t([^\t]*)")
_IRREGULAR = {"said": "say", "says": "say", "saying": "say", "told": "tell", "telling": "tell",
              "wrote": "write", "writes": "write", "writing": "write"}


def speech_lemma(cue: str) -> str | None:
    """The speech lemma a cue's words reduce to (the shared scorer's rule), or None when out of scope.

    Example:
        >>> speech_lemma("has told"), speech_lemma("According to"), speech_lemma("believes")
        ('tell', 'according', None)
    """
    for word in re.sub(r"[^a-z ]", "", cue.lower()).split():
        for stem in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "e"):
            if stem in SPEECH_LEMMAS:
                return stem
        if word in _IRREGULAR:
            return _IRREGULAR[word]
    return None


def gold_tables(ann_text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gold attributions and every gold cue of one brat annotation file's text.

    Robust to what the shared scorer trips on: trailing spaces on event lines, continuation lines of an
    entity whose text holds a line break, notes (``#``), events naming a missing entity (skipped).

    Args:
        ann_text: the content of a ``.ann`` file.

    Returns:
        ``(attributions, cues)``. ``attributions`` has :data:`GOLD_COLUMNS`, one row per event with a
        cue, in file order: outer cue and source bounds (-1 without a source, as the scorer reads
        discontinuous spans), ``content_spans`` (the sorted (start, end) pieces of Content and Content2),
        and the sorted pieces of the cue and the source (``cue_spans``, ``source_spans``).
        ``cues`` has :data:`CUE_COLUMNS`, one row per Cue entity, in or out of the speech scope.

    Example:
        >>> ann = ("T1\\tCue 10 18\\tbelieves\\nT2\\tCue 30 34\\tsaid\\nT3\\tContent 0 9;20 29\\tHe is right\\n"
        ...        "E1\\tAttribution-no-source:T2 Cue:T2 Content:T3 \\nE2\\tAttribution:T1 Cue:T1\\n#1\\tnote\\n")
        >>> gold, cues = gold_tables(ann)
        >>> gold[["cue", "in_scope", "source_start", "content_spans"]].values.tolist()
        [['said', True, -1, [(0, 9), (20, 29)]], ['believes', False, -1, []]]
        >>> cues["in_scope"].tolist()
        [False, True]
    """
    entities, events = {}, []
    for line in ann_text.splitlines():
        entity = _ENTITY_LINE.match(line)
        if entity:
            kind, *rest = entity.group(2).split()
            pieces = [tuple(int(x) for x in part.split()) for part in " ".join(rest).split(";") if part.strip()]
            pieces = [p for p in pieces if len(p) == 2]
            if pieces:
                entities[entity.group(1)] = (kind, pieces, entity.group(3) or "")
            continue
        event = _EVENT_LINE.match(line)
        if event:
            events.append(dict(a.split(":", 1) for a in event.group(2).split()[1:] if ":" in a))
    rows = []
    for args in events:
        cue = entities.get(args.get("Cue", ""))
        if cue is None:
            continue
        source = entities.get(args.get("Source", ""))
        contents = [p for key in ("Content", "Content2") if args.get(key) in entities for p in entities[args[key]][1]]
        rows.append((cue[1][0][0], cue[1][-1][1], cue[2], speech_lemma(cue[2]) is not None,
                     source[1][0][0] if source else -1, source[1][-1][1] if source else -1, sorted(contents),
                     sorted(cue[1]), sorted(source[1]) if source else []))
    cues = [(p[0][0], p[-1][1], text, speech_lemma(text) is not None)
            for kind, p, text in entities.values() if kind == "Cue"]
    return pd.DataFrame(rows, columns=GOLD_COLUMNS), pd.DataFrame(cues, columns=CUE_COLUMNS)


def match_cues(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[int]:
    """For each prediction in order, the position in ``gold`` of the first unused gold cue it overlaps, else -1.

    Example:
        >>> gold = pd.DataFrame({"cue_start": [5, 20], "cue_end": [9, 24]})
        >>> match_cues(pd.DataFrame({"cue_start": [6, 7, 21], "cue_end": [8, 8, 22]}), gold)
        [0, -1, 1]
    """
    used, out = np.zeros(len(gold), dtype=bool), []
    g_start, g_end = gold["cue_start"].to_numpy(), gold["cue_end"].to_numpy()
    for s, e in zip(predicted["cue_start"].to_numpy(), predicted["cue_end"].to_numpy()):
        hits = np.flatnonzero(~used & (g_start < e) & (s < g_end))
        out.append(int(hits[0]) if len(hits) else -1)
        if len(hits):
            used[hits[0]] = True
    return out


def cue_counts(predicted: pd.DataFrame, gold: pd.DataFrame, cues: pd.DataFrame) -> dict[str, int]:
    """Cue and speaker counts of one article, as the shared scorer counts them.

    Args:
        predicted: ``cue_start``, ``cue_end`` and optionally ``speaker_start``/``speaker_end`` (-1: none).
        gold, cues: from :func:`gold_tables`.

    Returns:
        ``tp``, ``fp``, ``fn``, ``ignored`` (predictions on out-of-scope gold cues), ``speaker_correct`` and
        ``speaker_total`` (matched gold cues that have a source).

    Example:
        >>> gold = pd.DataFrame({"cue_start": [5], "cue_end": [9], "in_scope": [True],
        ...                      "source_start": [0], "source_end": [4]})
        >>> cues = pd.DataFrame({"start": [5, 30], "end": [9, 38], "in_scope": [True, False]})
        >>> pred = pd.DataFrame({"cue_start": [5, 31, 50], "cue_end": [9, 36, 54],
        ...                      "speaker_start": [1, 25, -1], "speaker_end": [3, 29, -1]})
        >>> cue_counts(pred, gold, cues)
        {'tp': 1, 'fp': 1, 'fn': 0, 'ignored': 1, 'speaker_correct': 1, 'speaker_total': 1}
    """
    scoped = gold[gold["in_scope"].astype(bool)].reset_index(drop=True)
    other = cues[~cues["in_scope"].astype(bool)]
    o_start, o_end = other["start"].to_numpy(), other["end"].to_numpy()
    matches = match_cues(predicted, scoped)
    counts = dict.fromkeys(("tp", "fp", "fn", "ignored", "speaker_correct", "speaker_total"), 0)
    no_speaker = pd.Series(-1, index=predicted.index)
    spk_start = predicted.get("speaker_start", no_speaker).to_numpy()
    spk_end = predicted.get("speaker_end", no_speaker).to_numpy()
    for k, (s, e, hit) in enumerate(zip(predicted["cue_start"].to_numpy(), predicted["cue_end"].to_numpy(), matches)):
        if hit < 0:
            counts["ignored" if ((o_start < e) & (s < o_end)).any() else "fp"] += 1
            continue
        counts["tp"] += 1
        g = scoped.iloc[hit]
        if g["source_start"] >= 0:
            counts["speaker_total"] += 1
            counts["speaker_correct"] += int(0 <= spk_start[k] < g["source_end"] and g["source_start"] < spk_end[k])
    counts["fn"] = len(scoped) - counts["tp"]
    return counts


def cue_scores(counts: dict[str, int]) -> dict[str, float]:
    """Cue precision, recall, F1 and speaker accuracy from (summed) :func:`cue_counts`.

    Example:
        >>> cue_scores({"tp": 8, "fp": 2, "fn": 0, "speaker_correct": 3, "speaker_total": 4})
        {'P': 0.8, 'R': 1.0, 'F1': 0.888888888888889, 'speaker_accuracy': 0.75}
    """
    precision, recall, f1 = precision_recall_f1(counts["tp"], counts["fp"], counts["fn"])
    return {"P": precision, "R": recall, "F1": f1, "speaker_accuracy": counts["speaker_correct"] / max(counts["speaker_total"], 1)}


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined), computed as the shared scorer does.

    Example:
        >>> precision_recall_f1(3, 1, 3)
        (0.75, 0.5, 0.6)
    """
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def token_table(doc) -> pd.DataFrame:
    """Start offset of each token of a spaCy Doc and whether it is a word (not space or punctuation).

    Example:
        >>> import spacy
        >>> token_table(spacy.blank("en")("He said: yes."))["word"].tolist()
        [True, True, False, True, False]
    """
    return pd.DataFrame({"start": np.array([t.idx for t in doc], dtype=np.int64),
                         "word": np.array([not (t.is_space or t.is_punct) for t in doc], dtype=bool)})


def span_mask(tokens: pd.DataFrame, spans) -> np.ndarray:
    """Per token: does it start inside any of the character spans ``[(start, end), ...]``?

    Example:
        >>> span_mask(pd.DataFrame({"start": [0, 3, 8]}), [(2, 8), (-1, -1)]).tolist()
        [False, True, False]
    """
    starts, mask = tokens["start"].to_numpy(), np.zeros(len(tokens), dtype=bool)
    for s, e in spans:
        if 0 <= s < e:
            mask[np.searchsorted(starts, s):np.searchsorted(starts, e)] = True
    return mask


def _content_of(row) -> list:
    pieces = row.get("content_pieces")
    return list(pieces) if isinstance(pieces, (list, tuple)) else [(row["content_start"], row["content_end"])]


def content_counts(predicted: pd.DataFrame, gold: pd.DataFrame, tokens: pd.DataFrame) -> dict[str, int]:
    """Word-token overlap of predicted and gold content over matched cues (every gold cue, in scope or not).

    Args:
        predicted: cue offsets and ``content_pieces`` (list of (start, end)) or ``content_start``/``content_end``.
        gold, tokens: from :func:`gold_tables` and :func:`token_table`.

    Returns:
        ``tp`` (word tokens in both), ``predicted`` and ``gold`` (in each), summed over pairs.

    Example:
        >>> tokens = pd.DataFrame({"start": [0, 3, 6, 9], "word": [True, True, True, False]})
        >>> gold = pd.DataFrame({"cue_start": [20], "cue_end": [24], "content_spans": [[(0, 9)]]})
        >>> pred = pd.DataFrame({"cue_start": [20], "cue_end": [24], "content_pieces": [[(3, 10)]]})
        >>> content_counts(pred, gold, tokens)
        {'tp': 2, 'predicted': 2, 'gold': 3}
    """
    words = tokens["word"].to_numpy().astype(bool)
    counts = {"tp": 0, "predicted": 0, "gold": 0}
    for k, hit in enumerate(match_cues(predicted, gold)):
        if hit < 0:
            continue
        pred_mask = span_mask(tokens, _content_of(predicted.iloc[k])) & words
        gold_mask = span_mask(tokens, gold["content_spans"].iloc[hit]) & words
        counts["tp"] += int((pred_mask & gold_mask).sum())
        counts["predicted"] += int(pred_mask.sum())
        counts["gold"] += int(gold_mask.sum())
    return counts


def voice_counts(tokens: pd.DataFrame, attributed, gold_attributed) -> dict[str, int]:
    """Word-token confusion counts of attributed (quoted or reported) against own voice.

    Args:
        tokens: from :func:`token_table`.
        attributed: predicted attributed character spans (the non-own ``voice_spans``, or quotations alone).
        gold_attributed: gold attributed spans (every gold content piece).

    Example:
        >>> tokens = pd.DataFrame({"start": [0, 3, 6, 9], "word": [True, True, True, True]})
        >>> voice_counts(tokens, [(0, 5)], [(0, 8)])
        {'tp': 2, 'fp': 0, 'fn': 1, 'tn': 1}
    """
    words = tokens["word"].to_numpy().astype(bool)
    pred, gold = span_mask(tokens, attributed)[words], span_mask(tokens, gold_attributed)[words]
    return {"tp": int((pred & gold).sum()), "fp": int((pred & ~gold).sum()), "fn": int((~pred & gold).sum()),
            "tn": int((~pred & ~gold).sum())}


def token_scores(counts: dict[str, int]) -> dict[str, float]:
    """Precision, recall, F1 (and accuracy with ``tn``) of :func:`voice_counts` or :func:`content_counts`.

    Example:
        >>> token_scores({"tp": 2, "fp": 0, "fn": 1, "tn": 1})
        {'P': 1.0, 'R': 0.6666666666666666, 'F1': 0.8, 'accuracy': 0.75}
        >>> token_scores({"tp": 2, "predicted": 2, "gold": 3})["F1"]
        0.8
    """
    tp = counts["tp"]
    fp = counts["fp"] if "fp" in counts else counts["predicted"] - tp
    fn = counts["fn"] if "fn" in counts else counts["gold"] - tp
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    out = {"P": precision, "R": recall, "F1": f1}
    if "tn" in counts:
        out["accuracy"] = (tp + counts["tn"]) / max(tp + fp + fn + counts["tn"], 1)
    return out


def add_counts(total: dict[str, int], counts: dict[str, int]) -> dict[str, int]:
    """``total`` plus ``counts``, key by key (a new dict).

    Example:
        >>> add_counts({"tp": 1, "fp": 2}, {"tp": 3, "fp": 0})
        {'tp': 4, 'fp': 2}
    """
    return {key: total.get(key, 0) + counts.get(key, 0) for key in dict.fromkeys([*total, *counts])}


def locate_anchor(text: str, anchor: str, word: str) -> tuple[int, int]:
    """(start, end) of ``word`` inside the first place ``anchor`` occurs in ``text`` (white space matches any white
    space; a doubled quote mark in a CSV cell is one mark); (-1, -1) when the anchor is not in the text.

    Example:
        >>> locate_anchor("Mike Pompeo said on  Tuesday the strike was legal.", "Pompeo said on Tuesday", "said")
        (12, 16)
    """
    pattern = r"\s+".join(re.escape(w) for w in str(anchor).replace('""', '"').split())
    found = re.search(pattern, text) if pattern else None
    if not found:
        return -1, -1
    inner = re.search(re.escape(word), text[found.start():found.end()])
    if not inner:
        return found.start(), found.end()
    return found.start() + inner.start(), found.start() + inner.end()


def speaker_matches(gold_speaker: str, row) -> bool:
    """Whether an extracted attribution names one of the gold speaker's alternatives ("A|B"): its resolved name, its
    text or its group contains the alternative or is contained in it; "Anonymous sources" matches any anonymous
    speaker (an anonymous group, or the ``anonymous`` role category of an official of a named body).

    Example:
        >>> speaker_matches("Mike Pompeo|Pompeo", {"speaker_name": "Mike Pompeo", "speaker": "Pompeo", "group": ""})
        True
    """
    names = [str(row.get(k, "") or "").lower() for k in ("speaker_name", "speaker", "group")]
    alternatives = [a.strip().lower() for a in str(gold_speaker).split("|") if a.strip()]
    if "anonymous sources" in alternatives and (names[2].startswith("anonymous") or row.get("role_category") == "anonymous"):
        return True
    return any(a in n or n in a for a in alternatives for n in names if n)


def gold_list_scores(gold: pd.DataFrame, texts: dict, attributions: pd.DataFrame) -> pd.DataFrame:
    """Recall of a reader's list of attributions and the speaker right on those found, per kind and overall.

    ``gold`` has ``article_id, cue, cue_anchor, speaker, kind, optional`` (rows with ``optional`` = 1 are left out);
    ``texts`` maps article_id to its text; ``attributions`` are the extracted rows (``cue_start``, ``cue_end``,
    ``speaker_name``, ``speaker``, ``group``). A gold cue is found when an extracted cue overlaps it.

    Returns one row per scope (``all``, ``quotes`` = direct and partial, and each kind): ``n`` required rows,
    ``found``, ``recall``, ``speaker_right``, ``speaker_accuracy``, ``not_located`` (anchors missing from the text).
    """
    required = gold[gold["optional"].astype(str) != "1"]
    rows = []
    for g in required.itertuples(index=False):
        start, end = locate_anchor(str(texts.get(g.article_id, "")), g.cue_anchor, g.cue)
        hits = attributions[(attributions["article_id"] == g.article_id) & (attributions["cue_start"] < end)
                            & (attributions["cue_end"] > start)] if start >= 0 else attributions.iloc[0:0]
        found = len(hits) > 0
        rows.append((g.kind, start >= 0, found, found and speaker_matches(g.speaker, hits.iloc[0].to_dict())))
    table = pd.DataFrame(rows, columns=["kind", "located", "found", "speaker_right"])
    scopes = [("all", table), ("quotes (direct, partial)", table[table["kind"].isin(["direct", "partial"])])]
    scopes += [(kind, part) for kind, part in table.groupby("kind", sort=True)]
    out = []
    for name, part in scopes:
        n, found, right = len(part), int(part["found"].sum()), int(part["speaker_right"].sum())
        out.append({"scope": name, "n": n, "found": found, "recall": round(found / n, 3) if n else float("nan"),
                    "speaker_right": right, "speaker_accuracy": round(right / found, 3) if found else float("nan"),
                    "not_located": int((~part["located"]).sum())})
    return pd.DataFrame(out)
