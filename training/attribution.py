"""Train and evaluate the attribution extractor on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

``train`` rebuilds ``analysis/models/attribution.json`` from PolNeAR train: a cue classifier and a
speaker ranker (liblinear, seeded, one thread), over the parse of the package's own pipeline
(``Resources().nlp()``). The same parse gives the same bytes.

``evaluate`` scores on PolNeAR dev through the package path (quotes, ``attribution.model.extract`` with the
stored thresholds, the package annotation ``attribution.extract`` for voice) beside two baselines, and
writes ``analysis/models/attribution_eval.csv`` (deterministic: rounded values, sorted rows).

Usage, from the project's root (PolNeAR is read from ``../shared/data/polnear``; ``--polnear`` or
``POLNEAR_ROOT`` point elsewhere; ``--parse-store FILE`` keeps the parses for the next run)::

    python training/attribution.py train [--out analysis/models/attribution.json]
    python training/attribution.py evaluate [--model-dir analysis/models] [--out analysis/models/attribution_eval.csv]
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # this checkout's package, whatever is installed

import pandas as pd  # noqa: E402

from analysis import paths  # noqa: E402
from analysis.annotate import attribution, parse  # noqa: E402
from analysis.annotate.attribution.features import (  # noqa: E402
    SPEECH_LEMMAS,
    cue_candidates,
    cue_features,
    doc_context,
    speaker_candidates,
    speaker_features,
)
from analysis.annotate.attribution.linear import LinearModel, save_models  # noqa: E402
from analysis.annotate.attribution.model import extract as extract_with_model  # noqa: E402
from analysis.annotate.attribution.model import load_attribution_model  # noqa: E402
from analysis.annotate.quotes import find_quotes  # noqa: E402
from analysis.annotate.transcript import transcript_turns  # noqa: E402
from analysis.annotate.voice import voice_spans  # noqa: E402
from analysis.lenses.attribution import evaluate as ev  # noqa: E402
from analysis.resources import SPACY_MODELS, Resources, Settings  # noqa: E402
from training.polnear import CITATION, POLNEAR_ROOT, list_articles, read_gold, read_text  # noqa: E402

MODEL_PATH = paths.MODELS_DIR / attribution.MODEL_FILE
EVAL_PATH = paths.MODELS_DIR / "attribution_eval.csv"
# chosen on out-of-fold predictions of a grouped 5-fold cross-validation on train, never on dev
THRESHOLD_SPEECH, THRESHOLD_OTHER = -0.5, 3.0
BASELINE_VERBS = SPEECH_LEMMAS - {"according"}
EVAL_COLUMNS = ["system", "measure", "value", "n", "note"]


# ----------------------------------------------------------------------------------------- data
def load_split(split: str, nlp, *, root=POLNEAR_ROOT, store=None) -> list[dict]:
    """Each article of a PolNeAR split: name, parsed doc, gold attributions and gold cues."""
    articles = list_articles(split, root=root)
    docs = parse.parse_texts([read_text(p) for p in articles["text"]], nlp, store=store)
    items = []
    for art, doc in zip(articles.to_dict("records"), docs):
        gold, cues = read_gold(art["ann"])
        items.append({"name": art["name"], "doc": doc, "gold": gold, "cues": cues})
    return items


# ----------------------------------------------------------------------------------------- training
def span_head(doc, start: int, end: int, *, prefer=("VERB",)) -> int | None:
    """Token heading a character span: its first token of a preferred POS, else "according", else the syntactic head."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for t in span:
        if t.pos_ in prefer:
            return t.i
    for t in span:
        if t.lower_ == "according":
            return t.i
    inside = {t.i for t in span}
    heads = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    heads = [t for t in heads if not t.is_punct] or heads
    return heads[0].i if heads else span[0].i


def gold_cue_heads(doc, gold: pd.DataFrame) -> dict[int, int]:
    """Gold row number -> the cue candidate heading its cue ("according", else a verb, else the first candidate)."""
    cands = set(cue_candidates(doc))
    out = {}
    for k, pieces in enumerate(gold["cue_spans"]):
        span = doc.char_span(*pieces[0], alignment_mode="expand")
        if span is None:
            continue
        inside = [t.i for t in span if t.i in cands]
        verbs = [i for i in inside if doc[i].pos_ == "VERB"]
        according = [i for i in inside if doc[i].lower_ == "according"]
        pick = (according or verbs or inside or [None])[0]
        if pick is None and len(pieces) > 1:
            second = doc.char_span(*pieces[1], alignment_mode="expand")
            inside = [t.i for t in second if t.i in cands] if second is not None else []
            pick = inside[0] if inside else None
        if pick is not None:
            out[k] = pick
    return out


def build_examples(items: list[dict]):
    """Cue rows and labels, speaker rows and labels, and counts, from parsed articles with gold."""
    cue_rows, cue_y, spk_rows, spk_y = [], [], [], []
    stats = {"gold_cues": 0, "cue_head_found": 0, "gold_sources": 0, "source_in_candidates": 0}
    for item in items:
        doc, gold = item["doc"], item["gold"]
        ctx = doc_context(doc)
        heads = gold_cue_heads(doc, gold)
        stats["gold_cues"] += len(gold)
        stats["cue_head_found"] += len(heads)
        positive = set(heads.values())
        for i in cue_candidates(doc):
            cue_rows.append(cue_features(doc, i, ctx))
            cue_y.append(int(i in positive))
        for k, cue in heads.items():
            row = gold.iloc[k]
            if row["source_start"] < 0:
                continue
            stats["gold_sources"] += 1
            s, e = row["source_spans"][0]
            target = span_head(doc, s, e, prefer=())
            cands = speaker_candidates(doc, cue, ctx)
            if target not in cands:  # the head is no candidate: the first candidate inside the gold span
                inside = [j for j in cands if s <= doc[j].idx < e]
                target = inside[0] if inside else None
            if target is None:
                continue
            stats["source_in_candidates"] += 1
            for j in cands:
                spk_rows.append(speaker_features(doc, cue, j, ctx))
                spk_y.append(int(j == target))
    return cue_rows, cue_y, spk_rows, spk_y, stats


def _lemma_of(row: list[str]) -> str:
    return next(f[6:] for f in row if f.startswith("lemma="))


def cue_lexicon(cue_rows, cue_y, *, min_count: int = 2) -> frozenset:
    """Lemmas heading at least ``min_count`` gold cues, plus the speech lemmas: the cue candidates at run time."""
    counts = collections.Counter(_lemma_of(r) for r, y in zip(cue_rows, cue_y) if y)
    return frozenset(lem for lem, n in counts.items() if n >= min_count and lem not in (":", "according")) | SPEECH_LEMMAS


def train_models(items: list[dict], *, cue_c: float = 0.5, speaker_c: float = 0.5, min_count: int = 2,
                 lexicon_min: int = 2, seed: int = 0):
    """Fit the cue classifier (on candidates in the learned lexicon) and the speaker ranker.

    Returns:
        (cue model, speaker model, lexicon, stats).
    """
    cue_rows, cue_y, spk_rows, spk_y, stats = build_examples(items)
    lexicon = cue_lexicon(cue_rows, cue_y, min_count=lexicon_min)
    keep = [k for k, r in enumerate(cue_rows) if _lemma_of(r) in lexicon or _lemma_of(r) in (":", "according")]
    cue = LinearModel.fit([cue_rows[k] for k in keep], [cue_y[k] for k in keep], c=cue_c, min_count=min_count, seed=seed)
    speaker = LinearModel.fit(spk_rows, spk_y, c=speaker_c, min_count=min_count, seed=seed)
    stats.update(cue_examples=len(keep), cue_positive=int(sum(cue_y)), speaker_examples=len(spk_y),
                 lexicon_size=len(lexicon))
    return cue, speaker, lexicon, stats


def pipeline_label(nlp) -> str:
    """The parse a model was trained on: 'en_core_web_sm 3.8.0 (tok2vec,tagger,...)'.

    Named by the model, not by which of its two installable packages holds it, so the bytes do not depend on it.
    """
    return f"{SPACY_MODELS[0]} {nlp.meta.get('version')} ({','.join(nlp.pipe_names)})"


def run_train(args) -> None:
    started = time.perf_counter()
    nlp = Resources().nlp()
    store = parse.open_store(args.parse_store)
    items = load_split("train", nlp, root=args.polnear, store=store)
    parsed = time.perf_counter()
    cue, speaker, lexicon, stats = train_models(items, cue_c=args.cue_c, speaker_c=args.speaker_c, seed=args.seed)
    meta = {"cue_lexicon": sorted(lexicon), "cue_threshold_speech": args.threshold_speech,
            "cue_threshold_other": args.threshold_other,
            "trained_on": f"{CITATION.replace('PolNeAR', 'PolNeAR train')}, first annotation file per article",
            "articles": len(items), "cue_c": args.cue_c, "speaker_c": args.speaker_c,
            "spacy_model": pipeline_label(nlp), **stats}
    save_models(str(args.out), {"cue": cue, "speaker": speaker}, meta)
    digest = hashlib.sha256(Path(args.out).read_bytes()).hexdigest()
    print(f"parsed {len(items)} train articles in {parsed - started:.0f}s, trained in {time.perf_counter() - parsed:.0f}s")
    print(f"{args.out}: sha256 {digest}")
    print(stats)


# ----------------------------------------------------------------------------------------- evaluation
def baseline_rule(doc) -> pd.DataFrame:
    """The 20-line rule: a speech-verb lemma is a cue, its nominal subject (subtree) the speaker.

    Example:
        >>> from analysis.resources import Resources
        >>> baseline_rule(Resources().nlp()("The senator said no."))[["cue_start", "speaker_end"]].values.tolist()
        [[12, 11]]
    """
    rows = []
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in BASELINE_VERBS:
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            start, end = -1, -1
            if subj:
                sub = list(subj[0].subtree)
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
            rows.append((tok.idx, tok.idx + len(tok), start, end))
    return pd.DataFrame(rows, columns=["cue_start", "cue_end", "speaker_start", "speaker_end"])


def _non_own(spans: pd.DataFrame) -> list[tuple[int, int]]:
    kept = spans[spans["voice"] != "own"]
    return list(zip(kept["start"].tolist(), kept["end"].tolist()))


def score_split(items: list[dict], model, resources) -> dict[str, dict]:
    """Summed counts of every system on the parsed articles: cue, content and voice."""
    systems = ("baseline_rule", "baseline_quotes", "model", "annotation")
    totals = {name: {"cue": {}, "content": {}, "voice": {}} for name in systems}
    for item in items:
        doc, gold, cues = item["doc"], item["gold"], item["cues"]
        text = doc.text
        tokens = ev.token_table(doc)
        quotes = find_quotes(text)
        gold_spans = [piece for pieces in gold["content_spans"] for piece in pieces]
        stored = extract_with_model(doc, model, quotes=quotes)
        annotation = attribution.extract(doc, quotes, resources)
        top = quotes[quotes["depth"] == 0]
        found = {"baseline_rule": baseline_rule(doc), "model": stored, "annotation": annotation}
        for name, table in found.items():
            totals[name]["cue"] = ev.add_counts(totals[name]["cue"], ev.cue_counts(table, gold, cues))
        for name in ("model", "annotation"):
            table = found[name]
            totals[name]["content"] = ev.add_counts(totals[name]["content"], ev.content_counts(table, gold, tokens))
            turns = transcript_turns(text) if name == "annotation" else None  # the package annotation's voice
            attributed = _non_own(voice_spans(text, quotes, table, turns))
            totals[name]["voice"] = ev.add_counts(totals[name]["voice"], ev.voice_counts(tokens, attributed, gold_spans))
        quoted = list(zip(top["start"].tolist(), top["end"].tolist()))
        totals["baseline_quotes"]["voice"] = ev.add_counts(totals["baseline_quotes"]["voice"],
                                                           ev.voice_counts(tokens, quoted, gold_spans))
    return totals


SYSTEM_NAMES = {
    "baseline_rule": "baseline: speech-verb lemma + its nsubj",
    "baseline_quotes": "baseline: inside quote marks = attributed",
    "model": "model at stored thresholds (speech > {speech}; other > {other})",
    "annotation": "package annotation (other cues > {annotation_other})",
}


def eval_rows(totals: dict, *, articles: int, thresholds: dict) -> pd.DataFrame:
    """The evaluation table: one row per system and measure, values rounded to 3 places, rows sorted."""
    source = f"{CITATION.replace('PolNeAR', 'PolNeAR dev')}, {articles} articles"
    rows = []
    for key, counts in totals.items():
        system = SYSTEM_NAMES[key].format(**thresholds)
        if counts["cue"]:
            c = counts["cue"]
            scores = ev.cue_scores(c)
            tally = f"tp={c['tp']} fp={c['fp']} fn={c['fn']} ignored={c['ignored']}"
            scope = "speech cues, overlap match, shared-scorer rules"
            rows += [(system, "cue_precision", scores["P"], c["tp"] + c["fp"], f"{tally}; n = predicted; {scope}"),
                     (system, "cue_recall", scores["R"], c["tp"] + c["fn"], f"{tally}; n = gold; {scope}"),
                     (system, "cue_f1", scores["F1"], c["tp"] + c["fn"], f"{tally}; n = gold; {scope}"),
                     (system, "speaker_accuracy", scores["speaker_accuracy"], c["speaker_total"],
                      f"{c['speaker_correct']}/{c['speaker_total']} matched gold cues with a source; span overlap")]
        if counts["content"]:
            c = counts["content"]
            scores = ev.token_scores(c)
            tally = f"word tokens tp={c['tp']} predicted={c['predicted']} gold={c['gold']}; matched cues, all gold cues"
            rows += [(system, f"content_{m}", scores[k], c["gold"], tally)
                     for m, k in (("precision", "P"), ("recall", "R"), ("f1", "F1"))]
        if counts["voice"]:
            c = counts["voice"]
            scores = ev.token_scores(c)
            n = sum(c.values())
            tally = (f"word tokens tp={c['tp']} fp={c['fp']} fn={c['fn']} tn={c['tn']}; attributed (quoted or reported) "
                     f"vs own; gold attributed share {(c['tp'] + c['fn']) / max(n, 1):.3f}")
            rows += [(system, f"voice_{m}", scores[k], n, tally)
                     for m, k in (("accuracy", "accuracy"), ("precision", "P"), ("recall", "R"), ("f1", "F1"))]
    table = pd.DataFrame(rows, columns=EVAL_COLUMNS)
    table["value"] = [f"{v:.3f}" for v in table["value"]]
    table["note"] = table["note"] + "; " + source
    return table.sort_values(["system", "measure"], kind="stable").reset_index(drop=True)


def run_evaluate(args) -> None:
    started = time.perf_counter()
    resources = Resources(Settings(model_dir=str(args.model_dir)))
    nlp = resources.nlp()
    model = load_attribution_model(resources.model_path(attribution.MODEL_FILE))
    items = load_split("dev", nlp, root=args.polnear, store=parse.open_store(args.parse_store))
    parsed = time.perf_counter()
    totals = score_split(items, model, resources)
    scored = time.perf_counter()
    thresholds = {"speech": f"{model.threshold_speech:g}", "other": f"{model.threshold_other:g}",
                  "annotation_other": f"{attribution.THRESHOLD_OTHER:g}"}
    table = eval_rows(totals, articles=len(items), thresholds=thresholds)
    table.to_csv(args.out, index=False, lineterminator="\n")
    with pd.option_context("display.width", 200, "display.max_colwidth", 60, "display.max_rows", 100):
        print(table[["system", "measure", "value", "n"]].to_string(index=False))
    words = sum(len(item["doc"]) for item in items)
    print(f"parsed/read {len(items)} dev articles in {parsed - started:.0f}s; scored in {scored - parsed:.0f}s "
          f"({words} tokens; extraction runs twice per article)")
    print(f"wrote {args.out}")


SEED_GOLD = PROJECT_DIR / "tests" / "data" / "attribution" / "seed_gold.csv"
SEED_EVAL_PATH = paths.MODELS_DIR / "attribution_seed_eval.csv"


def run_seed(args) -> None:
    """Score the package annotation on the bundled pages against a reader's list of their attributions
    (``tests/data/attribution/seed_gold.csv``): recall of the listed cues and quotes, speaker right when found."""
    from analysis.annotate import annotate_articles
    from analysis.corpus import build_corpus

    resources = Resources(Settings())
    built = build_corpus(paths.RAW_DIR, progress=False)
    annotated = annotate_articles(built.articles, built.sentences, resources)
    found = pd.concat([a.attributions.assign(article_id=a.article_id) for a in annotated], ignore_index=True)
    texts = {a.article_id: a.doc.text for a in annotated}
    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    table = ev.gold_list_scores(gold, texts, found)
    table["note"] = (f"the {len(built.articles)} articles of the bundled pages (data/raw), {args.gold.name}: a reader's list; found = an "
                     "extracted cue overlaps the listed one; speaker right = its name, text or group names the listed speaker "
                     "(a string match, so a lower bound)")
    table.to_csv(args.out, index=False, lineterminator="\n")
    print(table.to_string(index=False))
    print(f"wrote {args.out}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    seed = sub.add_parser("seed", help="score the annotation on the bundled pages against seed_gold.csv")
    seed.add_argument("--gold", type=Path, default=SEED_GOLD)
    seed.add_argument("--out", type=Path, default=SEED_EVAL_PATH)
    for name in ("train", "evaluate"):
        p = sub.add_parser(name)
        p.add_argument("--polnear", type=Path, default=POLNEAR_ROOT, help="folder holding train/ and dev/")
        p.add_argument("--parse-store", default=None, help="SQLite parse store to read/write parses")
    t = sub.choices["train"]
    t.add_argument("--out", type=Path, default=MODEL_PATH)
    t.add_argument("--cue-c", type=float, default=0.5)
    t.add_argument("--speaker-c", type=float, default=0.5)
    t.add_argument("--threshold-speech", type=float, default=THRESHOLD_SPEECH)
    t.add_argument("--threshold-other", type=float, default=THRESHOLD_OTHER)
    t.add_argument("--seed", type=int, default=0)
    e = sub.choices["evaluate"]
    e.add_argument("--model-dir", type=Path, default=paths.MODELS_DIR, help=f"folder holding {attribution.MODEL_FILE}")
    e.add_argument("--out", type=Path, default=EVAL_PATH)
    args = ap.parse_args(argv)
    {"train": run_train, "evaluate": run_evaluate, "seed": run_seed}[args.command](args)


if __name__ == "__main__":
    main()
