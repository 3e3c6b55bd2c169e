"""What one running app holds: the store, the tokens, and the slow-to-load parts.

The extraction pipeline loads spaCy (seconds), so it is built on the first
article added, not at start-up, and one lock serialises its use: spaCy models
are not meant to be shared between threads.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one request body: an article, or a batch of files


@dataclass
class AppState:
    db: str
    token: str | None
    read_token: str | None
    store: Any
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    _pipeline: Any = None
    _actors: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
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
                    self._actors = self._pipeline.context.actors
                else:
                    from ..actors.dictionary import ActorDictionary

                    self._actors = ActorDictionary.load_default()
            return self._actors

    def names(self) -> Any:
        """The map layer's name resolver over the dictionary and the names now in the store."""
        from ..graph.names import Names

        return Names(self.actors, self.store.actor_names())

    def warm_up(self) -> threading.Thread:
        """Load the pipeline in the background, so the first article added does not wait for spaCy."""
        t = threading.Thread(target=lambda: self.pipeline, name="factionmap-warm-up", daemon=True)
        t.start()
        return t

    def extract(self, record: Any) -> Any:
        """Run one record through the pipeline (call from a worker thread)."""
        pipeline = self.pipeline
        with self.pipeline_lock:
            return pipeline(record)


def get_state(request: Request) -> AppState:
    return request.app.state.factionmap
