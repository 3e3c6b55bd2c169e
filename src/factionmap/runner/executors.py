"""Where batches run: in this process, in a local process pool, or on a Dask cluster.

Each executor offers ``version()`` (the pipeline version its workers run, from
the code and data hashes where it can be known without building anything),
``start()`` (build the pipelines now) and
``map(batches)``, which yields :class:`BatchResult` objects **in input order**
while keeping only a few batches in flight, so memory stays flat and the
caller, the single writer, saves documents in the same order as a
single-process run would.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from ..model import Record
from .work import (
    BatchResult,
    RunnerError,
    PipelineFactory,
    expected_version,
    init_worker,
    worker_pipeline,
    worker_process_batch,
    worker_version,
)


class Executor(Protocol):
    workers: int

    def version(self) -> str: ...

    def start(self) -> str: ...

    def map(self, batches: Iterable[list[Record]]) -> Iterator[BatchResult]: ...

    def close(self) -> None: ...


def _in_order(submit: Callable[[list[Record]], Any], batches: Iterable[list[Record]], in_flight: int) -> Iterator[Any]:
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class InProcess:
    """No workers: the pipeline runs here."""

    workers = 1

    def __init__(self, factory: PipelineFactory | None = None):
        self.factory = factory

    def version(self) -> str:
        return expected_version(self.factory) or self.start()

    def start(self) -> str:
        """Build the pipeline now (else the first batch does); its version."""
        return worker_pipeline(self.factory).version

    def map(self, batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        for batch in batches:  # the pipeline is built with the first batch: a no-op run never builds it
            yield worker_process_batch(batch, self.factory)

    def close(self) -> None:
        pass


class LocalPool:
    """``workers`` processes, each building the Pipeline once (spawned: no forked threads or connections)."""

    def __init__(self, workers: int, factory: PipelineFactory | None = None):
        self.workers = workers
        self.factory = factory
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(factory, os.getpid()),
        )

    def version(self) -> str:
        known = expected_version(self.factory)
        if known is not None:  # workers start with the first batch; a run with nothing to do starts none
            return known
        return self.start()

    def start(self) -> str:
        """Start every worker and build its pipeline now, in parallel; the version they run."""
        # one task per worker: every process starts (and loads the pipeline) now, in parallel
        futures = [self.pool.submit(worker_version, self.factory) for _ in range(self.workers)]
        versions = {f.result() for f in futures}
        if len(versions) != 1:
            raise RunnerError(f"workers disagree on the pipeline version: {sorted(versions)}")
        return versions.pop()

    def map(self, batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        def submit(batch: list[Record]) -> Future:
            return self.pool.submit(worker_process_batch, batch, self.factory)

        return _in_order(submit, batches, 2 * self.workers + 1)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def kill(self) -> None:
        """Stop now (interrupted): end the workers instead of waiting for their batches."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.kill()
        for proc in processes:
            proc.join(timeout=5)
        # let the pool's manager thread finish closing its wake-up pipe: otherwise Python 3.11's exit
        # handler may write to it while it closes and print an "Exception ignored ... Bad file descriptor"
        manager = getattr(self.pool, "_executor_manager_thread", None)
        if manager is not None and manager.is_alive():
            manager.join(timeout=10)


class DaskCluster:
    """The same job on an existing Dask cluster; each worker process caches its Pipeline."""

    def __init__(self, address: str, factory: PipelineFactory | None = None):
        from distributed import Client

        self.factory = factory
        try:
            self.client = Client(address, set_as_default=False, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise RunnerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def version(self) -> str:
        return self.client.submit(worker_version, self.factory, pure=False).result()

    start = version

    def map(self, batches: Iterable[list[Record]]) -> Iterator[BatchResult]:
        def submit(batch: list[Record]) -> Any:
            return self.client.submit(worker_process_batch, batch, self.factory, pure=False)

        return _in_order(submit, batches, 2 * self.workers + 1)

    def close(self) -> None:
        self.client.close()


def make_executor(
    workers: int = 1, scheduler: str | None = None, factory: PipelineFactory | None = None
) -> Executor:
    """Dask when a scheduler address is given, else a local pool for ``workers`` > 1, else in-process."""
    if scheduler:
        return DaskCluster(scheduler, factory)
    if workers > 1:
        return LocalPool(workers, factory)
    return InProcess(factory)
