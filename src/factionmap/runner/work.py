"""What a worker does with a batch of records, wherever it runs.

The same function serves the in-process run, the local process pool and Dask
workers, so all three produce the same articles. A failure inside the pipeline
is caught per document: when a batch fails, its documents are retried one by
one and only the culprits come back as failures.
"""
from __future__ import annotations

import os
import resource
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ..model import Article, Record
from ..pipeline import Pipeline


@dataclass
class Outcome:
    """One record's result: an article, or why there is none."""

    record: Record
    article: Article | None = None
    error: str | None = None


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    version: str  # pipeline version that produced them: a mixed cluster must not write
    pid: int = field(default_factory=os.getpid)
    peak_rss_kib: int = field(default_factory=lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    cpu_seconds: float = 0.0  # CPU time the worker spent on this batch
    build_seconds: float = 0.0  # wall time spent building the pipeline for this batch (the worker's first)


def portable(article: Article) -> Article:
    """Drop what cannot (and need not) cross processes: the spaCy Doc."""
    article.spacy_doc = None
    return article


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" (in {os.path.basename(last[0].filename)}:{last[0].lineno})" if last else ""
    return f"pipeline failed: {type(exc).__name__}: {exc}{where}"


def process_one(pipeline: Pipeline, record: Record) -> Outcome:
    try:
        articles = list(pipeline.process([record]))
        if len(articles) != 1 or articles[0].id != record.id:
            return Outcome(record, error="pipeline failed: it returned no article for this document")
        return Outcome(record, article=portable(articles[0]))
    except Exception as exc:  # one bad document must not sink the batch
        return Outcome(record, error=_describe(exc))


def process_batch(pipeline: Pipeline, records: list[Record], build_seconds: float = 0.0) -> BatchResult:
    """Run records through the pipeline in one go; on any failure, one by one."""
    cpu_before = sum(os.times()[:2])
    try:
        articles = list(pipeline.process(records))
        if [a.id for a in articles] != [r.id for r in records]:
            raise RuntimeError("pipeline returned articles out of step with the records")
        outcomes = [Outcome(r, article=portable(a)) for r, a in zip(records, articles)]
    except Exception:
        outcomes = [process_one(pipeline, r) for r in records]
    return BatchResult(outcomes, pipeline.version, cpu_seconds=sum(os.times()[:2]) - cpu_before,
                       build_seconds=build_seconds)


# -- a pipeline per worker process ----------------------------------------

PipelineFactory = Callable[[], Pipeline]  # a top-level callable, so it pickles by reference
_PIPELINES: dict[tuple, Pipeline] = {}
_BUILD_ERRORS: dict[tuple, str] = {}


def _user_files_stamp() -> tuple:
    """Which user files (the actor file) the pipeline would read now, and their change times."""
    from ..pipeline import user_files

    out = []
    for p in user_files():
        st = p.stat() if p.is_file() else None
        out.append((str(p), st.st_mtime_ns, st.st_size) if st else (str(p),))
    return tuple(out)


def worker_pipeline(factory: PipelineFactory | None = None) -> Pipeline:
    """The process's Pipeline, built on first use and kept (the spaCy model loads once)."""
    factory = factory or Pipeline
    # a changed user actor file is a different pipeline (other names, another version)
    key = (factory.__module__, getattr(factory, "__qualname__", None) or repr(factory), _user_files_stamp())
    if key not in _PIPELINES:
        if key in _BUILD_ERRORS:
            raise PipelineBuildError(_BUILD_ERRORS[key])
        try:
            pipeline = factory()
            context = getattr(pipeline, "context", None)
            if context is not None:
                context.nlp  # load the language model now, not on the first document  # noqa: B018
            _PIPELINES[key] = pipeline
        except Exception as exc:
            _BUILD_ERRORS[key] = f"the pipeline could not be built: {type(exc).__name__}: {exc}"
            raise PipelineBuildError(_BUILD_ERRORS[key]) from None
    return _PIPELINES[key]


def init_worker(factory: PipelineFactory | None = None, parent: int | None = None) -> None:
    """Process-pool initializer: die with the parent, build the pipeline now.

    A failure to build is reported by the first task.
    """
    die_with_parent(parent)
    try:
        worker_pipeline(factory)
    except PipelineBuildError:
        pass


def die_with_parent(parent: int | None = None, every: float = 0.5) -> threading.Thread:
    """End this worker as soon as its parent is gone, however the parent ended (even ``kill -9``).

    A worker left behind holds a language model (hundreds of MB) for nothing. The
    parent's death reparents this process, so a daemon thread that sees
    ``getppid()`` change ends it. (Not ``PR_SET_PDEATHSIG``: it fires when the
    *thread* that started the worker ends, which may be long before the parent.)
    """
    parent = parent or os.getppid()
    if os.getppid() != parent:  # gone already, before this worker even started
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # nothing to save: the parent, the only writer, is gone

    t = threading.Thread(target=watch, name="factionmap-parent-watch", daemon=True)
    t.start()
    return t


@dataclass(frozen=True)
class ConfiguredPipeline:
    """A pipeline factory for a configuration of the user's own; it pickles, so workers can build it."""

    config_json: str

    @classmethod
    def of(cls, config: dict) -> "ConfiguredPipeline":
        import json

        return cls(json.dumps(config, sort_keys=True))

    def __call__(self) -> Pipeline:
        import json

        return Pipeline(json.loads(self.config_json))

    def expected_version(self) -> str:
        import json

        from ..pipeline import pipeline_version, user_files

        return pipeline_version(json.loads(self.config_json), extra_files=user_files())


def expected_version(factory: PipelineFactory | None = None) -> str | None:
    """The version the factory's pipelines will report, known without building one (hashes only),
    or None for a factory of unknown make. Each batch still carries the version its worker ran."""
    if factory is None or factory is Pipeline:
        from ..pipeline import pipeline_version, user_files

        return pipeline_version(None, extra_files=user_files())
    known = getattr(factory, "expected_version", None)
    return known() if callable(known) else None


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Records in lists of ``size``, read lazily: only the batches in flight are in memory."""
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


AUTO_WORKERS_ABOVE = 48  # documents to process before a local pool pays for its extra model loads


def local_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_version(factory: PipelineFactory | None = None) -> str:
    return worker_pipeline(factory).version


def worker_process_batch(records: list[Record], factory: PipelineFactory | None = None) -> BatchResult:
    """One batch on this process's pipeline; the first also reports how long building it took."""
    started, known = time.perf_counter(), len(_PIPELINES)
    pipeline = worker_pipeline(factory)
    built = len(_PIPELINES) > known
    return process_batch(pipeline, records, build_seconds=time.perf_counter() - started if built else 0.0)


class RunnerError(RuntimeError):
    """The job cannot go on (no pipeline, no cluster, a worker died); what is stored stays whole."""


class PipelineBuildError(RunnerError):
    """The pipeline cannot be built at all: nothing can be processed."""
