"""Heavy views computed in worker processes, so the server's own process only answers.

Building the graph or the contradictions of a large store is seconds of pure
Python: in the server's process it would take the interpreter lock from every
other request (``/api/meta`` waits hundreds of milliseconds behind it). The
:class:`~factionmap.api.cache.ViewCache` hands such a request to one of these
workers instead. Each worker builds the same app over the same store once
(without a cache or workers of its own) and answers the request through it, so
the view is exactly what the routers make. A worker dies with the server.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_APP: Any = None  # the worker's app


def _init(db: str, parent: int) -> None:
    global _APP
    from ..runner.work import die_with_parent
    from .app import create_app

    die_with_parent(parent)
    _APP = create_app(db, None, view_workers=0, warm=False, cache=False, allowed_hosts=["*"])
    # what every view needs, loaded now rather than by the first analyst's request
    from ..graph import contradictions, network, profile, relations  # noqa: F401

    _APP.state.factionmap.names()


def _ready() -> int:
    return os.getpid()


def _answer(method: str, path: str, raw_path: bytes, query: bytes,
            headers: list[tuple[bytes, bytes]]) -> tuple[int, list, bytes]:
    """Run one GET through the worker's app: (status, headers, body)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": raw_path, "root_path": "", "query_string": query,
             "headers": headers, "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0)}
    status, out_headers, chunks = 500, [], []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status, out_headers
        if message["type"] == "http.response.start":
            status, out_headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    from ..gcpause import gc_paused

    with gc_paused():  # a view and its JSON: many objects at once, none of them cyclic garbage
        asyncio.run(_APP(scope, receive, send))
    return status, out_headers, b"".join(chunks)


class ViewWorkers:
    """``n`` worker processes over the store at ``db``, started on first use."""

    def __init__(self, db: str, n: int):
        self.db, self.n = db, n
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.n, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init, initargs=(self.db, os.getpid()))
        return self._pool

    def start(self) -> list[Future]:
        """Start the workers now (the server's start-up), so the first view does not wait for them."""
        pool = self._started()
        return [pool.submit(_ready) for _ in range(self.n)]

    def submit(self, scope: dict) -> Future:
        self._started()
        assert self._pool is not None
        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        return self._pool.submit(_answer, scope["method"], scope["path"], raw, scope.get("query_string", b""),
                                 list(scope.get("headers", [])))

    def reset(self) -> None:
        """Drop a broken pool; the next view starts fresh workers."""
        self.close()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def usable(db: str) -> bool:
    """Can other processes open this store? (Not an in-memory one.)"""
    return db not in (":memory:", "sqlite://", "sqlite:///:memory:")
