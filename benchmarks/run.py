"""Benchmark harness: words per second and peak memory of each pipeline stage.

    python benchmarks/run.py --n 2000            # generate a corpus and measure every stage
    python benchmarks/run.py --raw DIR           # measure on an existing raw folder
    python benchmarks/run.py --raw DIR --parse-store F   # lenses read spaCy parses from F (run twice: cold, then warm)

Each stage runs in its own child process, so peak memory (ru_maxrss) is the stage's own.
This is a measuring tool, not a test: it prints a table and writes it as CSV.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = ["corpus", "attribution", "tone", "wording", "facts"]


def _stage(name: str, raw_dir: str, queue, parse_store: str | None = None) -> None:
    warnings.simplefilter("ignore")
    import importlib

    from analysis import corpus

    started = time.perf_counter()
    result = corpus.build_corpus(raw_dir)
    corpus_s = time.perf_counter() - started
    n_words = int(result.articles["n_words"].sum())
    parsed = None
    if name == "corpus":
        seconds = corpus_s
    else:
        try:
            module = importlib.import_module(f"analysis.{name}")
        except ImportError:
            queue.put({"stage": name, "status": "not available"})
            return
        from analysis import nlp, paths

        kwargs = {"model_dir": paths.PROCESSED_DIR} if name == "tone" else {}  # the cached model, not a retrain
        with nlp.parse_store(parse_store) as store:
            started = time.perf_counter()
            module.build(result.articles, result.sentences, **kwargs)
            seconds = time.perf_counter() - started
            parsed = store.misses if store is not None else None
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"stage": name, "status": "ok", "articles": len(result.articles), "words": n_words,
               "seconds": round(seconds, 2), "words_per_s": round(n_words / seconds) if seconds else None,
               "peak_mb_process": round(peak_mb, 1), "texts_parsed": parsed})


def measure(raw_dir: str, stages: list[str], parse_store: str | None = None) -> list[dict]:
    """Run each stage in a fresh process and collect its timing and memory."""
    rows = []
    ctx = mp.get_context("spawn")
    for name in stages:
        queue = ctx.Queue()
        proc = ctx.Process(target=_stage, args=(name, raw_dir, queue, parse_store))
        proc.start()
        proc.join()
        rows.append(queue.get() if not queue.empty() else {"stage": name, "status": f"failed (exit {proc.exitcode})"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to generate when --raw is not given")
    parser.add_argument("--raw", default=None)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--out", default="build/bench/results.csv")
    parser.add_argument("--parse-store", default=None, help="a parse store file the lenses read and fill (default: none)")
    args = parser.parse_args()
    raw = args.raw
    if raw is None:
        from generate import generate

        raw = tempfile.mkdtemp(prefix="bench-")
        with open(Path(raw) / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for record in generate(args.n):
                fh.write(json.dumps(record) + "\n")
    rows = measure(raw, args.stages.split(","), args.parse_store)
    import pandas as pd

    table = pd.DataFrame(rows)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(table.to_string(index=False))
    print("peak_mb_process includes reading the corpus; compare a stage with the corpus row.")


if __name__ == "__main__":
    main()
