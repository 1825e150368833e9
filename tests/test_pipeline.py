"""The build: the same bytes however it runs, files readable by others, committed outputs current."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import io, paths
from analysis.pipeline import build

ROOT = Path(__file__).resolve().parents[1]


def _csv_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def one_process_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("jobs1")
    build(paths.RAW_DIR, out, figures_dir=out / "figures", jobs=1, parse_cache=False)
    return out


def test_two_processes_give_the_same_bytes_as_one(one_process_build, tmp_path):
    build(paths.RAW_DIR, tmp_path, figures_dir=tmp_path / "figures", jobs=2, parse_cache=False)
    assert _csv_bytes(tmp_path) == _csv_bytes(one_process_build)
    assert _csv_bytes(tmp_path / "figures") == _csv_bytes(one_process_build / "figures")


def test_a_dask_local_cluster_gives_the_same_tables_as_the_local_run(one_process_build, tmp_path):
    pytest.importorskip("distributed")
    build(paths.RAW_DIR, tmp_path, figures_dir=tmp_path / "figures", jobs=2, dask="local", parse_cache=False)
    assert _csv_bytes(tmp_path) == _csv_bytes(one_process_build)


def test_a_rebuild_from_the_parse_store_gives_the_same_bytes(one_process_build, tmp_path):
    for _ in range(2):  # the first fills the store, the second reads every parse back
        summary = build(paths.RAW_DIR, tmp_path, figures_dir=tmp_path / "figures", jobs=1)
    assert (tmp_path / "parse_cache" / "docs.sqlite").is_file()
    assert summary["articles"] == 6
    assert _csv_bytes(tmp_path) == _csv_bytes(one_process_build)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_every_file_written_gets_the_mode_the_umask_gives(tmp_path, umask, mode):
    script = (f"import os; os.umask({umask}); from analysis.pipeline import build; "
              f"build({str(paths.RAW_DIR)!r}, {str(tmp_path)!r}, figures_dir={str(tmp_path / 'figures')!r}, jobs=1)")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 20
    wrong = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) != mode}
    assert not wrong


def test_committed_outputs_are_what_a_rebuild_writes(one_process_build):
    """Exact comparison, every committed table and figure-data CSV; no column has a tolerance."""
    committed = _csv_bytes(paths.PROCESSED_DIR)
    rebuilt = _csv_bytes(one_process_build)
    assert sorted(committed) == sorted(rebuilt), "tables added or missing: run `make report` and commit"
    stale = [name for name in committed if committed[name] != rebuilt[name]]
    assert not stale, f"stale tables (run `make report` and commit): {stale}"
    figures = _csv_bytes(paths.FIGURES_DIR)
    assert figures == _csv_bytes(one_process_build / "figures")


def test_an_empty_raw_folder_writes_empty_tables_and_says_so(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    summary = build(raw, tmp_path / "out", figures_dir=tmp_path / "figures", jobs=1)
    assert summary["articles"] == 0
    assert io.read_csv(tmp_path / "out" / "articles.csv").empty
    assert os.listdir(tmp_path / "figures")


def test_the_command_prints_its_start_progress_and_summary_into_a_log(tmp_path):
    # what a user sees in a log file or a CI job, where no progress bar can be drawn
    run = subprocess.run([sys.executable, "-m", "analysis", "build", "--out", str(tmp_path / "out"),
                          "--figures", str(tmp_path / "figures"), "--jobs", "1"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    printed, logged = run.stdout.splitlines(), run.stderr.splitlines()
    lines = printed + logged
    assert printed[0].startswith("building ")
    assert any(line.startswith("reading articles: 100% (") for line in logged)
    assert printed[-1].startswith(f"tables: {tmp_path / 'out'} (")
    assert sum("warn" in line.lower() for line in lines) <= 1


def test_sentence_vectors_from_the_article_stage_are_the_bits_the_facts_reduction_would_compute(one_process_build, resources):
    """The facts lens encodes its sentences once, in the parallel stage; they stay in parts, never as a CSV."""
    import numpy as np

    from analysis.lenses import facts
    from analysis.lenses.facts.align import FactOptions
    from analysis.pipeline.tables import Tables

    assert not (one_process_build / "sentence_vectors.csv").exists()
    tables = Tables(one_process_build)
    rows = facts.candidate_rows(tables, FactOptions())
    stored = facts.row_vectors(rows, tables, resources)
    encoded = resources.encoder().encode(rows["text"].tolist()).astype(np.float64)
    assert len(rows) > 0 and np.array_equal(stored, encoded)


WORKERS_OF_A_KILLED_BUILD = """
import os, sys, time
from analysis.pipeline.executor import _processes
from analysis.resources import Settings

def batches_that_never_come():
    print("ready", flush=True)
    time.sleep(600)
    yield

next(_processes(batches_that_never_come(), Settings(), [], jobs=2))
"""


WORKER_OF_A_BUILD_KILLED_MID_BATCH = """
import multiprocessing as mp, time
from analysis import paths
from analysis.corpus import build_corpus
from analysis.pipeline.executor import worker_loop
from analysis.pipeline.stage import make_batches
from analysis.resources import Settings

if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    corpus = build_corpus(paths.RAW_DIR)
    for batch in make_batches(corpus.articles, corpus.sentences, size=2):
        tasks.put(batch)  # work whose results nobody will read: more than a pipe holds
    ctx.Process(target=worker_loop, args=(Settings(), [], tasks, results), daemon=True).start()
    print("ready", flush=True)
    time.sleep(600)
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _assert_workers_end_with_the_build(command: list[str], *, workers_expected: int, stop) -> None:
    """Start a build (``command`` prints "ready" once it has queued its work), wait for its workers, stop it with
    ``stop(process)`` and check that every worker ends on its own within a minute."""
    build_process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert build_process.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while len(workers := _children(build_process.pid)) < workers_expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) >= workers_expected
        stop(build_process)
        build_process.wait(timeout=10)
        deadline = time.monotonic() + 60
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not any(_alive(w) for w in workers), "a worker outlived the build that started it"
    finally:
        build_process.kill()
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_the_workers_of_a_build_killed_with_sigterm_exit_on_their_own():
    _assert_workers_end_with_the_build([sys.executable, "-c", WORKERS_OF_A_KILLED_BUILD], workers_expected=2,
                                       stop=lambda process: process.send_signal(signal.SIGTERM))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_the_worker_of_a_build_killed_with_sigkill_mid_batch_exits_on_its_own(tmp_path):
    script = tmp_path / "build.py"
    script.write_text(WORKER_OF_A_BUILD_KILLED_MID_BATCH)
    _assert_workers_end_with_the_build([sys.executable, str(script)], workers_expected=1,
                                       stop=lambda process: process.kill())
