"""Benchmark harness: the whole build against a bare spaCy parse of the same texts, in the same run.

    python benchmarks/run.py                      # 300 and 3,000 articles of the shared real sample
    python benchmarks/run.py --sizes 10000        # the whole 10,000-article sample (long)
    python benchmarks/run.py --corpus FILE.jsonl  # another JSONL corpus (outlet, date, title, text)

For each size it runs, each in a fresh process group and one after the other:
1. **bare parse**: the project's spaCy pipeline over the article texts, ``nlp.pipe`` on ``--jobs``
   processes, nothing else;
2. **build**: ``python -m analysis build --no-parse-cache --jobs N`` on the same articles.
It reports seconds, words/s, the build's ratio to the bare parse (speed of build / speed of parse:
1.0 = as fast as parsing alone), each build step's seconds, and peak memory: the largest resident set
of any one process and the largest sum over the process tree at any moment (sampled every 0.2 s), both
as resident set size (RSS: a shared library's pages count once in every process that maps them, so the
tree's sum overcounts) and as proportional set size (PSS: each shared page split among the processes that
map it, so the tree's sum is the physical memory the run holds).
Results go to ``build/bench/results.csv`` and are printed. This is a measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLE = ROOT.parent / "shared" / "data" / "abp" / "scale_10k.jsonl.gz"
PARSE_SCRIPT = """
import json, sys
from analysis.resources import Resources
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = Resources().nlp()
n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
print(n)
"""


def read_sample(path: Path, n: int) -> list[dict]:
    """The first ``n`` articles of a JSONL (or .jsonl.gz) corpus."""
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(rows) >= n:
                break
            if line.strip():
                rows.append(json.loads(line))
    return rows


class TreeMemory:
    """Samples the resident memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, every: float = 0.2):
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.peak_total = 0
        self.peak_process = 0
        self.peak_total_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
                sizes, proportional = [], []
                for p in procs:
                    try:
                        full = p.memory_full_info()
                    except psutil.Error:
                        continue
                    sizes.append(full.rss)
                    proportional.append(getattr(full, "pss", full.rss))
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_process = max([self.peak_process] + sizes)
                self.peak_total_pss = max(self.peak_total_pss, sum(proportional))
            except psutil.Error:
                pass
            time.sleep(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_measured(cmd: list[str], *, env: dict) -> dict:
    """Run ``cmd``, return seconds, peak memory (MB) and its output."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"seconds": seconds, "peak_total_mb": memory.peak_total / 2**20,
            "peak_process_mb": memory.peak_process / 2**20,
            "peak_total_pss_mb": memory.peak_total_pss / 2**20, "stdout": out, "stderr": err}


def step_seconds(log: str) -> dict:
    """Seconds of each build step, from the build's ``time:`` line."""
    for line in log.splitlines():
        if line.startswith("time: "):
            parts = [p.strip().rsplit(" ", 2) for p in line[6:].split(",")]
            return {f"s_{name.replace(' ', '_')}": float(value) for name, value, _unit in parts}
    return {}


def measure(articles: list[dict], *, jobs: int, workdir: Path) -> dict:
    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    corpus = raw / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({k: a.get(k, "") for k in ("outlet", "date", "title", "text", "url")}) + "\n")
    words = sum(len(str(a.get("text", "")).split()) for a in articles)
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    parse = run_measured([sys.executable, "-c", PARSE_SCRIPT, str(corpus), str(jobs)], env=env)
    build = run_measured([sys.executable, "-m", "analysis", "build", "--raw", str(raw), "--out", str(workdir / "out"),
                          "--no-parse-cache", "--jobs", str(jobs)], env=env)
    row = {"articles": len(articles), "words": words, "jobs": jobs,
           "parse_s": round(parse["seconds"], 1), "parse_words_per_s": round(words / parse["seconds"]),
           "parse_peak_total_mb": round(parse["peak_total_mb"]),
           "parse_peak_total_pss_mb": round(parse["peak_total_pss_mb"]),
           "build_s": round(build["seconds"], 1), "build_words_per_s": round(words / build["seconds"]),
           "build_peak_total_mb": round(build["peak_total_mb"]), "build_peak_process_mb": round(build["peak_process_mb"]),
           "build_peak_total_pss_mb": round(build["peak_total_pss_mb"]),
           "ratio_to_parse": round(parse["seconds"] / build["seconds"], 3)}
    row.update(step_seconds(build["stdout"]))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(SHARED_SAMPLE), help="JSONL(.gz) corpus (default: the shared 10,000-article sample)")
    parser.add_argument("--sizes", default="300,3000", help="comma-separated numbers of articles (first N of the corpus)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--out", default=str(ROOT / "build" / "bench" / "results.csv"))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_file():
        sys.exit(f"{corpus}: corpus not found; pass --corpus FILE.jsonl (one article per line: outlet, date, title, text)")
    import pandas as pd

    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            print(f"measuring {n} articles ...", flush=True)
            rows.append(measure(read_sample(corpus, n), jobs=args.jobs, workdir=Path(tmp)))
            print(pd.DataFrame(rows[-1:]).to_string(index=False), flush=True)
    table = pd.DataFrame(rows)
    if len(table) > 1:
        first = table.iloc[0]
        table["time_growth"] = (table["build_s"] / first["build_s"]).round(2)
        table["size_growth"] = (table["articles"] / first["articles"]).round(2)
        table["memory_growth"] = (table["build_peak_total_mb"] / first["build_peak_total_mb"]).round(2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(table.T.to_string(header=False))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
