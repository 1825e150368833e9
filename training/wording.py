"""Score the word-choice lens's sense checks on real sentences (``tests/data/wording/sense_gold.csv``).

``senses`` annotates each gold sentence's whole article (line ``line`` of ABP ``scale_10k.jsonl.gz``, dev data),
runs :func:`analysis.lenses.wording.labels.term_uses` with the package's rule tables, and counts a row as a label
use when a use of its label falls inside the sentence. Precision and recall of the ``LABEL`` sense are written per
word and per half (``design``: the half read while choosing the cue words; ``check``: not read before scoring)
beside the baseline of counting every match, to ``analysis/models/wording_sense_eval.csv`` (rounded, sorted).
About 80 s on two cores.

Usage, from the project's root (``--abp`` points at another copy of the ABP folder)::

    python training/wording.py senses [--gold tests/data/wording/sense_gold.csv] [--out analysis/models/wording_sense_eval.csv]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # this checkout's package, whatever is installed

import pandas as pd  # noqa: E402

from analysis import corpus, paths  # noqa: E402
from analysis.annotate import annotate_articles  # noqa: E402
from analysis.lenses.wording import labels  # noqa: E402
from analysis.resources import Resources  # noqa: E402

ABP_ROOT = PROJECT_DIR.parent / "shared" / "data" / "abp"
GOLD = PROJECT_DIR / "tests" / "data" / "wording" / "sense_gold.csv"
EVAL_PATH = paths.MODELS_DIR / "wording_sense_eval.csv"
LABEL_OF_WORD = {"insurgent": "insurgent", "regime": "regime", "terrorism": "terrorist"}


def read_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """The text of each wanted 0-based line of a gzipped JSON-lines corpus."""
    found = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number in wanted:
                found[number] = json.loads(line)["text"]
    return found


def predicted_senses(gold: pd.DataFrame, texts: dict[int, str], resources: Resources) -> list[str]:
    """``LABEL`` where the lens counts a use of the row's label inside the row's sentence, else ``OTHER``."""
    terms = labels.compile_terms(resources.rule_table("framing_terms"))
    contexts = labels.sense_contexts(resources.rule_table("sense_contexts"))
    role_words = resources.actor_tables().role_words
    lines = sorted(texts)
    articles = pd.DataFrame({"article_id": [f"line{n}" for n in lines], "outlet": "", "date": "", "headline": "",
                             "text": [texts[n] for n in lines]})
    annotated = dict(zip(lines, annotate_articles(articles, corpus.sentences_frame(articles), resources)))
    uses = {n: labels.term_uses(a, terms, role_words=role_words, contexts=contexts) for n, a in annotated.items()}
    out = []
    for row in gold.itertuples():
        text = annotated[row.line].doc.text
        start = text.find(row.sentence[:60])
        if start < 0:
            raise SystemExit(f"{row.id}: sentence not found in line {row.line}; is --abp the same corpus?")
        found = uses[row.line]
        inside = found[(found["start"] >= start) & (found["start"] < start + len(row.sentence))
                       & (found["label"] == LABEL_OF_WORD[row.word])]
        out.append("LABEL" if len(inside) else "OTHER")
    return out


def score_table(gold: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of ``LABEL`` per word and half, with every match counting as the baseline."""
    rows = []
    for half in ("check", "design", "all"):
        part = gold if half == "all" else gold[gold["half"] == half]
        for word, g in part.groupby("word"):
            tp = int(((g.pred == "LABEL") & (g.gold == "LABEL")).sum())
            fp = int(((g.pred == "LABEL") & (g.gold == "OTHER")).sum())
            fn = int(((g.pred == "OTHER") & (g.gold == "LABEL")).sum())
            rows.append({"word": word, "half": half, "n": len(g), "gold_label": int((g.gold == "LABEL").sum()),
                         "precision": round(tp / max(tp + fp, 1), 3), "recall": round(tp / max(tp + fn, 1), 3),
                         "baseline_precision": round(float((g.gold == "LABEL").mean()), 3), "baseline_recall": 1.0,
                         "baseline": "every match counts"})
    return pd.DataFrame(rows)


def run_senses(args) -> None:
    gold = pd.read_csv(args.gold, keep_default_na=False)
    gold = gold[gold["gold"].isin(["LABEL", "OTHER"])].reset_index(drop=True)
    texts = read_lines(args.abp / "scale_10k.jsonl.gz", set(gold["line"]))
    gold["pred"] = predicted_senses(gold, texts, Resources())
    table = score_table(gold)
    table.to_csv(args.out, index=False, lineterminator="\n")
    print(table.to_string(index=False))
    print(f"wrote {args.out}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    senses = sub.add_parser("senses", help="score the sense checks on tests/data/wording/sense_gold.csv")
    senses.add_argument("--gold", type=Path, default=GOLD)
    senses.add_argument("--abp", type=Path, default=ABP_ROOT, help="folder holding scale_10k.jsonl.gz")
    senses.add_argument("--out", type=Path, default=EVAL_PATH)
    args = ap.parse_args(argv)
    {"senses": run_senses}[args.command](args)


if __name__ == "__main__":
    main()
