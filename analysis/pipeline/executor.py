"""Where batches run: in this process, in N local worker processes, or on a Dask cluster.

Each worker builds one :class:`~analysis.resources.Resources` (models loaded once) and reuses it
for every batch it gets. At most a few batches per worker are in flight, so memory stays flat
however large the corpus. Results come back in batch order whatever order they finish in.

Example:
    >>> from analysis import paths
    >>> from analysis.corpus import build_corpus
    >>> from analysis.resources import Settings
    >>> from analysis.pipeline.stage import make_batches
    >>> corpus = build_corpus(paths.RAW_DIR)
    >>> batches = make_batches(corpus.articles, corpus.sentences, size=4)
    >>> [(n, len(t["attributions"]) > 0) for n, t in map_batches(batches, Settings(), [], jobs=1)]
    [(0, True), (1, True)]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import traceback
from collections.abc import Iterable, Iterator

import pandas as pd

from ..resources import Resources, Settings
from .stage import Batch, release_free_memory, run_batch

IN_FLIGHT_PER_WORKER = 2
DASK_PLUGIN = "framing-resources"


class BatchFailed(RuntimeError):
    """A batch raised in a worker; the message carries the worker's traceback."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_and_release(batch: Batch, resources: Resources, lenses: list) -> dict[str, pd.DataFrame]:
    """:func:`~analysis.pipeline.stage.run_batch`, then :func:`release_free_memory` once its work is freed."""
    tables = run_batch(batch, resources, lenses)
    release_free_memory()
    return tables


def map_batches(batches: Iterable[Batch], settings: Settings, lenses: list, *, jobs: int = 1,
                dask: str | None = None) -> Iterator[tuple[int, dict[str, pd.DataFrame]]]:
    """Run :func:`~analysis.pipeline.stage.run_batch` on every batch; yield ``(number, tables)`` in order.

    ``dask``: ``None`` (local), ``"local"`` (a LocalCluster of ``jobs`` single-threaded workers) or a
    scheduler address such as ``tcp://host:8786``.
    """
    if dask:
        yield from _dask(batches, settings, lenses, jobs=jobs, address=dask)
    elif jobs <= 1:
        resources = Resources(settings)
        try:
            for batch in batches:
                yield batch.number, run_and_release(batch, resources, lenses)
        finally:
            resources.close()
    else:
        yield from _processes(batches, settings, lenses, jobs=jobs)


def _in_order(results: Iterator[tuple[int, object]], first: int = 0) -> Iterator[tuple[int, object]]:
    """Re-order ``(number, value)`` pairs that arrive in any order into 0, 1, 2, ..."""
    waiting: dict[int, object] = {}
    expected = first
    for number, value in results:
        waiting[number] = value
        while expected in waiting:
            yield expected, waiting.pop(expected)
            expected += 1


# ---------------------------------------------------------------- local processes


def worker_loop(settings: Settings, lenses: list, tasks, results) -> None:
    """One worker process: build Resources once, then run batches until told to stop (``None``). It ends with the
    build that started it, even when that build is killed without the chance to stop it (see :func:`_exit_with`)."""
    parent = mp.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    resources = Resources(settings)
    try:
        while True:
            batch = tasks.get()
            if batch is None:
                break
            try:
                results.put((batch.number, run_and_release(batch, resources, lenses), None))
            except Exception:  # noqa: BLE001 - sent back to the parent with its traceback
                results.put((batch.number, None, traceback.format_exc()))
    finally:
        resources.close()


def _exit_with(parent) -> None:
    """End this worker as soon as ``parent`` (the build) is gone. A killed build can leave its workers waiting
    forever: on the rest of a batch it was writing to the queue, or at exit on results nobody reads. Nothing a
    worker holds outlives it (its results were for the build), so it stops at once."""
    parent.join()
    os._exit(1)


def _processes(batches: Iterable[Batch], settings: Settings, lenses: list, *, jobs: int):
    ctx = mp.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    workers = [ctx.Process(target=worker_loop, args=(settings, lenses, tasks, results), daemon=True)
               for _ in range(jobs)]
    for w in workers:
        w.start()

    def finished():
        iterator = iter(batches)
        outstanding = 0
        for batch in iterator:
            tasks.put(batch)
            outstanding += 1
            if outstanding >= jobs * IN_FLIGHT_PER_WORKER:
                yield _collect(results, workers)
                outstanding -= 1
        while outstanding:
            yield _collect(results, workers)
            outstanding -= 1

    try:
        yield from _in_order(finished())
    finally:
        for _ in workers:
            tasks.put(None)
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.terminate()


def _collect(results, workers) -> tuple[int, dict]:
    import queue

    while True:
        try:
            number, tables, error = results.get(timeout=5)
            break
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                raise BatchFailed(f"a worker process died (exit code {dead[0].exitcode}); "
                                  "if it ran out of memory, run with fewer --jobs") from None
    if error:
        raise BatchFailed(f"batch {number} failed in a worker:\n{error}")
    return number, tables


# ---------------------------------------------------------------- Dask


def resources_plugin(settings: Settings):
    """A Dask worker plugin holding the worker's :class:`Resources`, built once when the worker starts."""
    from distributed import WorkerPlugin

    class ResourcesPlugin(WorkerPlugin):
        name = DASK_PLUGIN

        def __init__(self, settings: Settings):
            self.settings = settings
            self.resources = None

        def setup(self, worker) -> None:
            self.resources = Resources(self.settings)

        def teardown(self, worker) -> None:
            if self.resources is not None:
                self.resources.close()

    return ResourcesPlugin(settings)


def dask_run_batch(batch: Batch, lenses: list) -> tuple[int, dict[str, pd.DataFrame]]:
    """The Dask task: run one batch with the worker's resources."""
    from distributed import get_worker

    plugin = get_worker().plugins[DASK_PLUGIN]
    return batch.number, run_and_release(batch, plugin.resources, lenses)


def _dask(batches: Iterable[Batch], settings: Settings, lenses: list, *, jobs: int, address: str):
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        client.register_plugin(resources_plugin(settings), name=DASK_PLUGIN)
        window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        iterator = iter(batches)
        running = as_completed()
        for batch in iterator:
            running.add(client.submit(dask_run_batch, batch, lenses, pure=False))
            if running.count() >= window:
                break

        def finished():
            for future in running:
                number, tables = future.result()
                future.release()
                nxt = next(iterator, None)
                if nxt is not None:
                    running.add(client.submit(dask_run_batch, nxt, lenses, pure=False))
                yield number, tables

        yield from _in_order(finished())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
