"""What one running app holds: the store, the tokens, and the slow-to-load parts.

The extraction pipeline loads spaCy (seconds), so it is built on the first
article added (or by :meth:`AppState.warm_up`), and one lock serialises its
use: spaCy models are not meant to be shared between threads. An article
longer than ``LARGE_ARTICLE_CHARS`` goes to a second lane, a worker process of
its own, so it neither holds up the short articles sent after it nor takes the
readers' share of this process. Name resolution (the actor dictionary's fuzzy
search, the store's actor names) is cached per store version.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one request body: an article, or a batch of files
LARGE_ARTICLE_CHARS = 20_000  # longer articles are extracted in the second lane (their own process)


class MemoDictionary:
    """The actor dictionary with its lookups remembered: a fuzzy ``search`` costs milliseconds,
    and the map asks for the same names (every ``claimed_by`` source) again and again.

    Everything else is the dictionary's own; the dictionary does not change while the app runs.
    """

    def __init__(self, dictionary: Any, size: int = 100_000):
        self._dictionary = dictionary
        self._size = size
        self._memo: OrderedDict[tuple[str, tuple, tuple], Any] = OrderedDict()
        self._lock = threading.Lock()

    def _remembered(self, method: str, *args: Any, **kwargs: Any) -> Any:
        key = (method, args, tuple(sorted(kwargs.items())))
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = getattr(self._dictionary, method)(*args, **kwargs)
        with self._lock:
            self._memo[key] = value
            if len(self._memo) > self._size:
                self._memo.popitem(last=False)
        return value

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._remembered("get", *args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._remembered("search", *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dictionary, name)


@dataclass
class AppState:
    db: str
    token: str | None
    read_token: str | None
    store: Any
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    large_article_chars: int = LARGE_ARTICLE_CHARS
    _pipeline: Any = None
    _actors: Any = None
    _names: tuple[str, Any] | None = None  # (store version, resolver)
    _large_lane: ProcessPoolExecutor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _lane_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def pipeline(self) -> Any:
        with self._lock:
            if self._pipeline is None:
                from ..pipeline import Pipeline

                self._pipeline = Pipeline()
            return self._pipeline

    @property
    def actors(self) -> Any:
        """The actor dictionary (aliases, kinds, parents), shared with the pipeline when loaded."""
        with self._lock:
            if self._actors is None:
                if self._pipeline is not None:
                    self._actors = MemoDictionary(self._pipeline.context.actors)
                else:
                    from ..actors.dictionary import ActorDictionary

                    self._actors = MemoDictionary(ActorDictionary.load_default())
            return self._actors

    def names(self) -> Any:
        """The map layer's name resolver over the dictionary and the store's names, one per store version."""
        from ..graph.names import Names

        version = self.store.data_version()
        cached = self._names
        if cached is not None and cached[0] == version:
            return cached[1]
        names = Names(self.actors, self.store.actor_names())
        self._names = (version, names)
        return names

    def warm_up(self) -> threading.Thread:
        """Load the pipeline in the background, so the first article added does not wait for spaCy."""
        t = threading.Thread(target=lambda: self.pipeline, name="factionmap-warm-up", daemon=True)
        t.start()
        return t

    def document_limit(self) -> int:
        """The most characters one article may have (the language step's documented limit)."""
        from ..language import nlp

        return int(getattr(nlp, "MAX_CHARS", 1_000_000))

    def extract(self, record: Any) -> tuple[Any, str]:
        """Run one record through the pipeline (call from a worker thread): (article, pipeline version).

        Short articles run here, one at a time; long ones in the second lane.
        """
        if len(record.text) > self.large_article_chars:
            return self._extract_large(record)
        pipeline = self.pipeline
        with self.pipeline_lock:
            return pipeline(record), pipeline.version

    def _extract_large(self, record: Any) -> tuple[Any, str]:
        from ..runner.work import init_worker, worker_process_batch

        with self._lane_lock:
            if self._large_lane is None:
                self._large_lane = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=init_worker, initargs=(None, os.getpid()))
            lane = self._large_lane
        result = lane.submit(worker_process_batch, [record]).result()
        outcome = result.outcomes[0]
        if outcome.article is None:
            raise RuntimeError(outcome.error or "the pipeline returned no article")
        return outcome.article, result.version

    def close(self) -> None:
        """Stop the second lane's process (the app is shutting down)."""
        with self._lane_lock:
            lane, self._large_lane = self._large_lane, None
        if lane is not None:
            lane.shutdown(wait=False, cancel_futures=True)


def get_state(request: Request) -> AppState:
    return request.app.state.factionmap
