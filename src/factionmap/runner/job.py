"""The ingest job: records in, articles stored; incremental, resumable, parallel.

The parent process is the only writer. It skips records already stored with
the same content hash and pipeline version, hands the rest in batches to an
executor (in-process, local process pool, Dask) and saves the articles in
input order, one transaction per document. So:

* re-running changes nothing; a changed document replaces its old events;
* a run killed at any moment leaves only whole documents, and the next run
  picks up where it stopped;
* a pipeline version bump re-processes exactly the documents stored with an
  older version;
* every executor yields the same store contents as a single-process run.
"""
from __future__ import annotations

import math
import re
import signal
import threading
import time
from itertools import chain, islice
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError

from ..ingest.errors import InputError
from ..model import Record
from ..store import Store
from .executors import Executor, make_executor
from .work import (
    AUTO_WORKERS_ABOVE,
    BatchResult,
    Outcome,
    PipelineFactory,
    RunnerError,
    batches,
    expected_version,
    local_cores,
)

_SOURCE_LINE = re.compile(r"^(.*):(\d+)$")


@dataclass
class IngestReport:
    """What a run did. ``doc_ids``: the stored documents the inputs hold (skipped ones, then processed ones)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    failures: list[InputError] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    words: int = 0  # words in the documents processed
    seconds: float = 0.0
    startup_seconds: float = 0.0  # of which building the pipeline (the slowest worker's build; 0 if never built)
    workers: dict[int, int] = field(default_factory=dict)  # worker pid -> peak RSS (KiB)
    worker_cpu: dict[int, float] = field(default_factory=dict)  # worker pid -> CPU seconds spent processing

    @property
    def processed(self) -> int:
        return self.added + self.replaced + self.unchanged

    @property
    def failed(self) -> int:
        return len(self.failures)


def _failure(outcome: Outcome) -> InputError:
    """A pipeline failure, placed like an input error (file, line) so users find the document."""
    src = outcome.record.source or outcome.record.id
    line = None
    if m := _SOURCE_LINE.match(src):
        src, line = m.group(1), int(m.group(2))
    return InputError(src, line, f"document {outcome.record.id!r}: {outcome.error}")


def batch_size_for(n_records: int, workers: int, cap: int = 32) -> int:
    """Small enough that every worker gets several batches, never above the pipeline's own batch size."""
    return max(1, min(cap, math.ceil(n_records / max(1, 4 * workers))))


def run_ingest(
    items: Iterable[Record | InputError],
    store: Store,
    *,
    workers: int | None = 1,
    scheduler: str | None = None,
    force: bool = False,
    executor: Executor | None = None,
    pipeline_factory: PipelineFactory | None = None,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int | None], None] | None = None,
    total: int | None = None,
) -> IngestReport:
    """Process and store everything in ``items`` (what ``read_inputs`` yields).

    ``workers`` > 1 runs a local process pool (None: one per core when more than
    ``AUTO_WORKERS_ABOVE`` documents need processing, else in this process: a pool
    costs a model load per worker); ``scheduler`` ("tcp://host:8786")
    an existing Dask cluster. ``force`` re-processes stored documents too.
    ``pipeline_factory`` (a top-level callable returning a Pipeline, default
    ``Pipeline``) is what every worker builds once.
    Records stream through: only a few batches are in memory at any time.
    ``total`` (the number of records, if the caller counted them) sizes the
    batches and the progress bar: ``on_start(total)`` is called once the
    run starts and ``progress(n)`` as documents are saved or skipped.
    Raises :class:`~factionmap.runner.work.RunnerError` when the job cannot go
    on (the pipeline cannot be built, the cluster is unreachable, a worker died).
    """
    started = time.perf_counter()
    report = IngestReport()
    owns_executor = executor is None
    version = expected_version(pipeline_factory) if executor is None and not scheduler else None

    def todo(version: str) -> Iterator[Record]:
        for item in items:
            if isinstance(item, InputError):
                report.failures.append(item)
            elif force or store.needs_processing(item, version):
                yield item
            else:
                report.skipped += 1
                report.doc_ids.append(item.id)
                if progress:
                    progress(1)

    if on_start:
        on_start(total)
    pending: Iterator[Record] | None = None
    if workers is None:  # auto: a pool of the machine's cores when there is enough to do
        workers = 1
        if version is not None:
            pending = todo(version)
            head = list(islice(pending, AUTO_WORKERS_ABOVE + 1))
            if len(head) > AUTO_WORKERS_ABOVE:
                workers = local_cores()
            pending = chain(head, pending)
    executor = executor or make_executor(workers, scheduler, pipeline_factory)
    finished = False
    restore_sigterm = _terminate_as_interrupt()
    try:
        if version is None:  # learnt from built pipelines: that was start-up
            version = executor.version()
            report.startup_seconds = time.perf_counter() - started
        if pending is None:
            pending = todo(version)
        size = batch_size or (batch_size_for(total, executor.workers) if total else 8)
        try:
            for result in executor.map(batches(pending, size)):
                _save(result, store, version, force, report)
                if progress:
                    progress(len(result.outcomes))
        except BrokenProcessPool:
            raise RunnerError(
                "a worker process died (out of memory?); every stored document is complete: run again to resume"
            ) from None
        finished = True
    finally:
        restore_sigterm()
        if owns_executor:
            kill = getattr(executor, "kill", None)
            executor.close() if finished or kill is None else kill()  # interrupted: do not wait on workers
    report.seconds = time.perf_counter() - started
    return report


def _terminate_as_interrupt() -> Callable[[], None]:
    """SIGTERM (a plain ``kill``) ends the run like Ctrl-C: workers stopped, stored documents whole.

    Returns the function that puts the previous handler back.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _save(result: BatchResult, store: Store, version: str, force: bool, report: IngestReport) -> None:
    if result.version != version:
        raise RunnerError(
            f"worker {result.pid} runs pipeline version {result.version}, this run {version}: "
            "update the installation on every worker"
        )
    report.startup_seconds = max(report.startup_seconds, result.build_seconds)  # workers build side by side
    report.workers[result.pid] = max(report.workers.get(result.pid, 0), result.peak_rss_kib)
    report.worker_cpu[result.pid] = report.worker_cpu.get(result.pid, 0.0) + result.cpu_seconds
    for outcome in result.outcomes:
        if outcome.article is None:
            report.failures.append(_failure(outcome))
            continue
        try:
            status = store.save_article(outcome.article, version, force=force)
        except (IntegrityError, DataError) as exc:  # this article's data, not the store: skip it, go on
            report.failures.append(_failure(Outcome(outcome.record, error=f"could not be stored: {exc.orig}")))
            continue
        report.words += len(outcome.record.text.split())
        setattr(report, status, getattr(report, status) + 1)
        report.doc_ids.append(outcome.record.id)
