"""Derived views computed once per store version, within a time limit, and never twice at once.

The graph, the contradictions, a dyad, an actor's page and the filters' meta
data are derived from the whole store: seconds of work on a large one. This
middleware sits in front of the routers and knows nothing of how the views are
made. For a GET on one of those paths it

* answers from a cache keyed by the store's :meth:`~factionmap.store.Store.data_version`,
  the path and the query parameters, so a view is computed once per version;
* runs one computation per key however many clients ask at once (the others wait for it);
* runs at most ``max_heavy`` computations at a time, in worker processes when it has them
  (:mod:`factionmap.api.views`), so light requests (``/api/meta``, a page of events) keep
  the server's attention;
* answers 503 with ``Retry-After`` when a view is not ready within ``time_limit``
  seconds; the computation goes on and fills the cache, so the retry is quick;
* drops a computation that has not started when its last client disconnects;
* computes the page's first views (``warm``: meta, the page's default network and
  histogram, all contradictions, the whole graph) at start-up and again once the store has
  settled after a change, one at a time, so they are ready before anyone asks and a
  heavy slot stays free for those who ask meanwhile; the API's heavy views wait for a
  second without requests, so a page being opened is served first;
* keeps the warm views, and any other that took long, on disk per store content
  (``saved``, :mod:`.saved`), and reads them from there before computing: a restart, or a
  second server over the same store, computes nothing the first one did.

Only 200 answers are cached; reading tokens are checked before the cache is
consulted, so a cached view never reaches a client the routers would refuse.
"""
from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool

log = logging.getLogger("factionmap.api")
CACHED_PATHS = ("/api/graph", "/api/contradictions", "/api/dyads/", "/api/dyad", "/api/actors/", "/api/meta",
                "/api/view/")
DEFAULT_TIME_LIMIT = 20.0  # seconds a client waits for a view before a 503
DEFAULT_MAX_HEAVY = 2
DEFAULT_ENTRIES = 256
# What the page asks first (its default network and histogram), then the heavy views of the API.
WARM_PAGE = ("/api/meta", "/api/view/network?top=60", "/api/view/timeline")
WARM_PATHS = (*WARM_PAGE, "/api/contradictions", "/api/graph")
WARM_IDLE = 1.0  # seconds without a request before the API's heavy views are warmed (the page loads first)
WARM_IDLE_LIMIT = 15.0  # ... but no later than this after the page's views
WORKERS_START_LIMIT = 60.0  # seconds the start-up waits for the view workers before going on without
WARM_SETTLE = 2.0  # seconds the store must stay unchanged before the views are computed again


def is_cached_path(path: str) -> bool:
    return any(path == p or p.endswith("/") and path.startswith(p) for p in CACHED_PATHS)


@dataclass
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    seconds: float
    source: bytes = b"miss"  # the header's word for a first answer: computed ("miss") or read from disk


@dataclass
class _Job:
    task: asyncio.Task
    waiters: int = 0
    started: bool = False
    began: float = field(default_factory=time.monotonic)


class ViewCache:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: Any, *, version: Callable[[], str], allowed: Callable[[dict], bool],
                 time_limit: float = DEFAULT_TIME_LIMIT, max_heavy: int = DEFAULT_MAX_HEAVY,
                 entries: int = DEFAULT_ENTRIES, warm: tuple[str, ...] = WARM_PATHS,
                 warm_headers: Callable[[], list[tuple[bytes, bytes]]] = list, settle: float = WARM_SETTLE,
                 workers: Any = None, saved: Any = None):
        self.app = app
        self.saved = saved  # a SavedViews: answers kept on disk per store content (None: memory only)
        self._writing: set[asyncio.Future] = set()  # answers being written to disk (finished at shutdown)
        self._always_saved = {(p.partition("?")[0], _canonical_query(p.partition("?")[2].encode("latin-1")))
                              for p in WARM_PATHS}  # kept on disk whether this app warms them or not
        self.workers = workers  # a ViewWorkers: compute in other processes (None: here)
        self.version = version
        self.allowed = allowed
        self.warm_paths = warm
        self.warm_headers = warm_headers
        self.settle = settle
        self._template: dict | None = None  # a scope to make the warming requests from
        self._last_request = 0.0  # when the latest request came (monotonic): warming waits for a quiet moment
        self._warmed: str | None = None  # the store version the views were last warmed for
        self._warming: asyncio.Task | None = None
        self.time_limit = time_limit
        self.entries = entries
        self.max_heavy = max_heavy
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._answers: OrderedDict[tuple, _Answer] = OrderedDict()
        self._jobs: dict[tuple, _Job] = {}
        self.hits = self.misses = self.computed = self.read_saved = 0  # answers from memory, not; computed; from disk

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._on_startup(scope, receive), send)
            return
        if scope["type"] == "http":
            self._last_request = time.monotonic()
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") \
                or not is_cached_path(scope["path"]) or not self.allowed(scope):
            await self.app(scope, receive, send)
            if scope["type"] == "http" and scope["path"].startswith("/api/"):
                self._template = self._template or scope
                self._warm_soon()  # a write may have changed the store
            return
        self._template = self._template or scope
        version = await run_in_threadpool(self.version)
        if version != self._warmed:
            self._warm_soon()
        key = (version, scope["method"], scope["path"], _canonical_query(scope.get("query_string", b"")))
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            self.hits += 1
            await _send(send, answer, b"hit")
            return
        self.misses += 1
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new server loop (tests start several): fresh slots and jobs
            self._loop, self._slots, self._jobs = loop, asyncio.Semaphore(self.max_heavy), {}
        job = self._jobs.get(key)
        if job is None:
            job = _Job(loop.create_task(self._compute(key, scope)))
            self._jobs[key] = job
        job.waiters += 1
        answer: _Answer | float | None = None
        try:
            answer = await self._wait(job, receive)
        finally:
            job.waiters -= 1
            left = answer is None  # the client went away (a 503 keeps the job: its retry wants it)
            if left and job.waiters == 0 and not job.started and not job.task.done():
                job.task.cancel()  # nobody wants it any more, and it has not begun: drop it
                if self._jobs.get(key) is job:
                    self._jobs.pop(key, None)
        if answer is None:
            return  # the client went away
        if isinstance(answer, float):
            await _busy(send, answer, self.time_limit)
            return
        await _send(send, answer, answer.source)

    async def _wait(self, job: _Job, receive: Any) -> _Answer | float | None:
        """The job's answer; the seconds waited if the time limit passed; None if the client left."""
        disconnected = asyncio.ensure_future(_disconnect(receive))
        try:
            done, _ = await asyncio.wait({job.task, disconnected}, timeout=self.time_limit,
                                         return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not disconnected.done():
                disconnected.cancel()
        if job.task in done:
            return job.task.result()
        if disconnected in done:
            return None
        return time.monotonic() - job.began

    async def _compute(self, key: tuple, scope: dict) -> _Answer:
        job = self._jobs.get(key)  # this task's job: set before the task first runs
        assert self._slots is not None
        try:
            folder = await run_in_threadpool(self.saved.folder) if self.saved is not None else None
            answer = await self._read_saved(folder, key)
            if answer is None:
                async with self._slots:
                    if job is not None:
                        job.started = True
                    self.computed += 1
                    began = time.monotonic()
                    answer = await self._run(scope)
                    answer.seconds = time.monotonic() - began
                self._keep_saved(folder, key, answer)
            if answer.status == 200:
                self._answers[key] = answer
                while len(self._answers) > self.entries:
                    self._answers.popitem(last=False)
            return answer
        finally:
            if self._jobs.get(key) is job:
                self._jobs.pop(key, None)

    async def _read_saved(self, folder: Any, key: tuple) -> _Answer | None:
        if self.saved is None or folder is None:
            return None
        got = await run_in_threadpool(self.saved.get, folder, key[2], key[3])
        if got is None:
            return None
        self.read_saved += 1
        return _Answer(*got, 0.0, source=b"saved")

    def _keep_saved(self, folder: Any, key: tuple, answer: _Answer) -> None:
        """Write a warm view, or one that took long, to disk without holding up its answer."""
        from .saved import SAVE_SLOWER_THAN

        if self.saved is None or folder is None or answer.status != 200:
            return
        if (key[2], key[3]) in self._always_saved or answer.seconds >= SAVE_SLOWER_THAN:
            fut = asyncio.get_running_loop().run_in_executor(
                None, self.saved.put, folder, key[2], key[3], answer.status, answer.headers, answer.body)
            self._writing.add(fut)
            fut.add_done_callback(self._writing.discard)

    async def _run(self, scope: dict) -> _Answer:
        """The routers' answer, gathered instead of sent: it may outlive the client that asked."""
        if self.workers is not None:
            try:
                status, headers, body = await asyncio.wrap_future(self.workers.submit(scope))
                return _Answer(status, headers, body, 0.0)
            except Exception:  # noqa: BLE001 - a worker that cannot start or died: compute it here
                log.warning("view worker failed on %s; computing it in the server's process", scope["path"],
                            exc_info=True)
                self.workers.reset()
        status, headers, chunks = 500, [], []

        async def no_body() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def gather(message: dict) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(dict(scope), no_body, gather)
        return _Answer(status, headers, b"".join(chunks), 0.0)

    def clear(self) -> None:
        self._answers.clear()

    # -- warming ----------------------------------------------------------

    def _on_startup(self, scope: dict, receive: Any) -> Callable[[], Any]:
        async def watched() -> dict:
            message = await receive()
            if message["type"] == "lifespan.startup" and self.workers is not None:
                try:  # the server listens once its workers can answer: the first view does not wait for them
                    ready = [asyncio.wrap_future(f) for f in self.workers.start()]
                    await asyncio.wait_for(asyncio.gather(*ready), timeout=WORKERS_START_LIMIT)
                except Exception:  # noqa: BLE001 - no workers: views are computed in this process
                    log.warning("view workers did not start; computing views in the server's process",
                                exc_info=True)
            if message["type"] == "lifespan.shutdown" and self._writing:
                await asyncio.wait(set(self._writing), timeout=60)  # no kept view is left half-done
            if message["type"] == "lifespan.startup" and self.warm_paths:
                self._template = {"type": "http", "app": scope.get("app"), "state": scope.get("state", {})}
                self._warm_soon(settle=0.0)
            return message

        return watched

    def _warm_soon(self, settle: float | None = None) -> None:
        if not self.warm_paths or self._warming is not None and not self._warming.done():
            return
        self._warming = asyncio.get_running_loop().create_task(
            self._warm(self.settle if settle is None else settle))

    async def _warm(self, settle: float) -> None:
        """Once the store version holds still for ``settle`` seconds, compute the warm views for it."""
        version = await run_in_threadpool(self.version)
        while True:
            await asyncio.sleep(settle)
            now = await run_in_threadpool(self.version)
            if now == version:
                break
            version = now
        if version == self._warmed:
            return
        self._warmed = version
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._slots, self._jobs = loop, asyncio.Semaphore(self.max_heavy), {}
        for target in self.warm_paths:  # one at a time: a heavy slot stays free for whoever asks meanwhile
            if target not in WARM_PAGE:
                await self._quiet()
            path, _, query = target.partition("?")
            key = (version, "GET", path, _canonical_query(query.encode("latin-1")))
            if key in self._answers or key in self._jobs:
                continue
            job = _Job(loop.create_task(self._compute(key, self._warm_scope(path, query))), started=False)
            self._jobs[key] = job
            await asyncio.wait({job.task})  # a job a client dropped is cancelled: go on to the next
            if await run_in_threadpool(self.version) != version:
                return  # the store changed: the next warming starts over

    async def _quiet(self) -> None:
        """Until no request has come for ``WARM_IDLE`` seconds (at most ``WARM_IDLE_LIMIT``): a page being
        loaded (its scripts, its first views) is served before the API's heavy views take the CPU."""
        began = time.monotonic()
        while time.monotonic() - began < WARM_IDLE_LIMIT:
            idle = time.monotonic() - self._last_request
            if idle >= WARM_IDLE:
                return
            await asyncio.sleep(WARM_IDLE - idle)

    def _warm_scope(self, path: str, query: str = "") -> dict:
        base = self._template or {}
        return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
                "query_string": query.encode("latin-1"),
                "headers": [(b"host", b"127.0.0.1"), *self.warm_headers()], "client": ("127.0.0.1", 0),
                "server": ("127.0.0.1", 0), "app": base.get("app"), "state": dict(base.get("state") or {})}


def _canonical_query(raw: bytes) -> str:
    """The query parameters in a fixed order: ?b=1&a=2 and ?a=2&b=1 are one view."""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs))


async def _disconnect(receive: Any) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _send(send: Any, answer: _Answer, how: bytes) -> None:
    headers = [(k, v) for k, v in answer.headers if k.lower() not in (b"x-factionmap-cache",)]
    headers.append((b"x-factionmap-cache", how))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


async def _busy(send: Any, waited: float, limit: float) -> None:
    retry = max(1, math.ceil(limit / 2))
    body = json.dumps({"error": {
        "status": 503,
        "message": f"this view is still being computed ({waited:.0f} s so far, over the {limit:.0f} s limit "
                   f"for one request); it is kept when done: try again in {retry} s",
    }}).encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"retry-after", str(retry).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
