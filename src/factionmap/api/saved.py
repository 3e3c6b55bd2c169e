"""Heavy views kept on disk, once per store content, so a restart does not compute them again.

The view cache (:mod:`.cache`) holds answers in memory for one process. On a
large store the page's first views (the network, the timeline, all
contradictions, the graph) take seconds to compute, and a server that starts,
or a second one over the same store, would compute them again although
nothing changed. Each such answer is therefore also written here, keyed by

* the store (its URL, password hidden) and its :meth:`~factionmap.store.Store.content_stamp`:
  the same documents, events and reviews;
* the artefact key (:func:`factionmap.cache.artefact_key`): the same code,
  data and actor files, hence the same map rules;
* the path and the canonical query.

A different stamp is a different folder; writing one removes the store's
older folders. Files are written atomically (compressed JSON bodies with
their status and headers); one that cannot be read is ignored and computed
again. Where: ``$FACTIONMAP_VIEWS_DIR``, else ``views/`` in the artefact cache
(:mod:`factionmap.cache`); ``off`` for either keeps nothing.

``factionmap ingest`` derives these views when it leaves a large store
changed (:func:`derive`), so the first server start after an ingest reads
them instead of computing them.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger("factionmap.api")
DERIVE_ABOVE_EVENTS = 20_000  # below this the views take well under a second: ingest leaves them to the server
KEEP_STORES = 16  # stores whose views are kept; the least recently written go first
SAVE_SLOWER_THAN = 0.5  # seconds: a view that took longer is kept on disk (the warm views always are)
DERIVE_TIME_LIMIT = 3600.0  # seconds one derived view may take (a server's limit would answer 503 instead)
_FORMAT = 1


def views_dir() -> Path | None:
    """``$FACTIONMAP_VIEWS_DIR`` ("off": keep none), else ``views/`` in the artefact cache."""
    from ..cache import cache_dir

    env = os.environ.get("FACTIONMAP_VIEWS_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = cache_dir()
    return None if base is None else base / "views"


class SavedViews:
    """The disk side of the view cache for one store (see the module docstring)."""

    def __init__(self, store: Any, folder: Path | None = None):
        base = folder if folder is not None else views_dir()
        url = store.engine.url.render_as_string(hide_password=True)
        self.store = store
        self.root = None if base is None else base / hashlib.sha256(url.encode()).hexdigest()[:20]
        self._stamp: tuple[str, str] | None = None  # (data_version, folder name)
        self._lock = threading.Lock()

    def folder(self) -> Path | None:
        """The folder of the store's content now (None: keep nothing).

        Ask it before computing a view and give it to :meth:`put` with the answer: an answer is
        never filed under content that came after it. The stamp is read once per
        :meth:`data_version`, and not remembered when a write lands while it is read.
        """
        if self.root is None:
            return None
        from ..cache import artefact_key

        version = self.store.data_version()
        with self._lock:
            if self._stamp is not None and self._stamp[0] == version:
                return self.root / self._stamp[1]
        name = f"{self.store.content_stamp()}-{artefact_key()}-v{_FORMAT}"
        if self.store.data_version() != version:
            return None  # written meanwhile: this time, neither read nor keep
        with self._lock:
            self._stamp = (version, name)
        return self.root / name

    @staticmethod
    def _file(folder: Path, path: str, query: str) -> Path:
        return folder / (hashlib.sha256(f"{path}?{query}".encode()).hexdigest()[:32] + ".json.z")

    def get(self, folder: Path | None, path: str, query: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        """The saved answer in this content's folder, or None."""
        if folder is None:
            return None
        f = self._file(folder, path, query)
        try:
            raw = f.read_bytes()
        except OSError:
            return None
        try:
            head_len = int.from_bytes(raw[:4], "big")
            head = json.loads(raw[4:4 + head_len])
            if head.get("path") != path or head.get("query") != query:
                return None
            body = zlib.decompress(raw[4 + head_len:])
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in head["headers"]]
            return int(head["status"]), headers, body
        except Exception:  # noqa: BLE001 - a truncated or foreign file: compute the view again
            log.warning("%s: unreadable saved view; computing it again", f)
            return None

    def put(self, folder: Path | None, path: str, query: str, status: int, headers: list[tuple[bytes, bytes]],
            body: bytes) -> None:
        """Keep an answer computed for the content of ``folder`` (atomically); drop the store's other folders."""
        if folder is None or status != 200:
            return
        head = json.dumps({"path": path, "query": query, "status": status, "saved": time.time(),
                           "headers": [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]}).encode()
        data = len(head).to_bytes(4, "big") + head + zlib.compress(body, 1)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".view.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, self._file(folder, path, query))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            for old in folder.parent.iterdir():
                if old.is_dir() and old != folder:
                    shutil.rmtree(old, ignore_errors=True)
            stores = sorted((d for d in folder.parent.parent.iterdir() if d.is_dir()),
                            key=lambda d: d.stat().st_mtime_ns, reverse=True)
            for old in stores[KEEP_STORES:]:  # temporary stores come and go: keep the latest few
                if old != folder.parent:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:  # a read-only home or a full disk: the server goes on without
            log.warning("cannot keep a view on disk (%s): %s", folder, exc)


def derive(db: str, paths: tuple[str, ...] | None = None) -> tuple[int, float]:
    """Compute the server's first views for this store's content and keep them on disk.

    Runs the app's own routers in this process, exactly as ``serve`` would on
    its first start. Returns (views now saved, seconds taken).
    """
    from .app import create_app
    from .cache import WARM_PATHS

    began = time.monotonic()
    app = create_app(db, None, warm=False, view_workers=0, time_limit=DERIVE_TIME_LIMIT)
    saved = 0

    async def one(target: str) -> int:
        path, _, query = target.partition("?")
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": query.encode("latin-1"), "headers": [(b"host", b"127.0.0.1")],
                 "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0), "app": app}
        status = 0
        sent = asyncio.Event()

        async def receive() -> dict:
            if sent.is_set():
                await asyncio.Event().wait()  # no disconnect: wait until cancelled
            sent.set()
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return int(status == 200)

    async def run_all() -> int:
        return sum([await one(t) for t in (paths or WARM_PATHS)])

    try:
        saved = asyncio.run(run_all())
    finally:
        app.state.factionmap.close()
        app.state.factionmap.store.close()
    return saved, time.monotonic() - began
