"""Turn what a user types after ``--db`` into a configured SQLAlchemy engine.

A bare path is a SQLite file; ``sqlite:///...`` is used as given;
``postgresql://`` (or ``postgres://``) goes through the psycopg 3 driver.
SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout,
and real transactions: pysqlite's own transaction handling is switched off and
SQLAlchemy's ``begin`` emits ``BEGIN`` itself, ``BEGIN IMMEDIATE`` for writers,
so a document is written all or nothing and concurrent writers queue instead
of failing.

A SQLite file that cannot be written (read-only media, a file or folder without
write permission) is opened read-only, so reading commands still work on it;
writes then fail with a clear message. :func:`redact` keeps passwords out of
everything printed, and :func:`describe_failure` turns a database error into
the one line a user needs.
"""
from __future__ import annotations

import errno
import os
import sqlite3
import time
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 60_000


def normalize_url(url: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL for a path or URL as users write it."""
    url = os.fspath(url)
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return "sqlite:///" + os.path.abspath(os.path.expanduser(url))
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return url


def redact(url: str | os.PathLike[str]) -> str:
    """``url`` as it may be printed: any password replaced by ``***``; a path as given."""
    text = os.fspath(url)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads: drop whatever sits before an @
        scheme, rest = text.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}" if "@" in rest else text


def is_read_only(engine: Engine) -> bool:
    """True for a SQLite store opened read-only (see :func:`create_store_engine`)."""
    return engine.url.query.get("mode") == "ro"


def _sqlite_read_only(path: str) -> bool:
    """An existing SQLite file this process cannot write, or whose folder it cannot write to
    (SQLite needs the folder for its journal files)."""
    if not os.path.exists(path):
        return False
    folder = os.path.dirname(os.path.abspath(path)) or "."
    return not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)


def _can_open_shared(path: str) -> bool:
    """Can the file be opened read-only while sharing its journal with writers (``mode=ro``)?"""
    try:
        con = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=1)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return True
        finally:
            con.close()
    except sqlite3.Error:
        return False


def create_store_engine(url: str | os.PathLike[str]) -> Engine:
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, pool_pre_ping=True)
    kwargs: dict = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    read_only = False
    if sa_url.database in (None, "", ":memory:"):
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif sa_url.query.get("mode") == "ro":
        read_only = True
    elif _sqlite_read_only(sa_url.database):
        # read-only media or no write permission: open for reading only. On media
        # nothing can change, so SQLite may skip its locks (immutable); a file others
        # write to is read through their shared journal instead.
        path = os.path.abspath(sa_url.database)
        how = "mode=ro" if _can_open_shared(path) else "mode=ro&immutable=1"
        sa_url = make_url(f"sqlite:///file:{quote(path)}?{how}&uri=true")
        read_only = True
    elif sa_url.database:
        os.makedirs(os.path.dirname(os.path.abspath(sa_url.database)) or ".", exist_ok=True)
    engine = create_engine(sa_url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if sa_url.database not in (None, "", ":memory:") and not read_only:
            _journal_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; never corrupt
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        write = conn.get_execution_options().get("factionmap_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _journal_wal(cur: sqlite3.Cursor) -> None:
    """Switch to WAL. On a brand-new file that other connections are opening at the same moment, SQLite
    answers "database is locked" at once, without waiting in its busy handler: wait here instead."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


# --------------------------------------------------------------------------
# failures, in one line

STORE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, sqlite3.Error)


def _root_message(exc: BaseException) -> str:
    """The database's own words, without SQL, parameters or SQLAlchemy's links."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).strip() or type(orig).__name__
    return text.splitlines()[0].strip()


TAIL = ("Nothing half-written is kept (each document is written in one transaction); run the same command "
        "again once fixed: ingest resumes where it stopped (--debug shows the traceback)")


def _what_went_wrong(exc: BaseException, raw: str) -> str | None:
    """What happened to the store, as the end of "the store …"; None when it is no known kind."""
    lowered = raw.lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "disk is full" in lowered \
            or "no space left" in lowered:
        return f"ran out of disk space ({raw}); free some space"
    if "readonly database" in lowered or "read-only" in lowered:
        return f"is read-only ({raw}); reading works, writing needs a writable copy"
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return f"is damaged or not a factionmap database ({raw}); check the file, restore a backup or start a new store"
    if "connection" in lowered or "could not connect" in lowered or "server closed" in lowered \
            or "terminating connection" in lowered:
        return f"cannot be reached ({raw}); check that the database server is running"
    if "locked" in lowered or "busy" in lowered:
        return f"is locked by another process ({raw}); try again when it is done"
    return None


def describe_open_failure(exc: BaseException, url: str | os.PathLike[str]) -> str:
    """"cannot open the store URL: why", the URL without its password, the reason without SQL."""
    from .migrate import ReadOnlyStoreError

    why = _root_message(exc)
    if not isinstance(exc, ReadOnlyStoreError) and (what := _what_went_wrong(exc, why)) is not None:
        why = f"it {what}. {TAIL}"
    if "://" in os.fspath(url):
        why = _without_password(why, os.fspath(url))
    return f"cannot open the store {redact(url)}: {why}"


def describe_failure(exc: BaseException, url: str | os.PathLike[str] | None = None) -> str:
    """One line for a store failure: what failed, that nothing is half-written, what to do.

    Never the SQL, the data or a password: the message is the database's first line.
    """
    raw = _root_message(exc)
    where = f" {redact(url)}" if url else ""
    what = _what_went_wrong(exc, raw) or f"failed: {type(getattr(exc, 'orig', None) or exc).__name__}: {raw}"
    line = f"the store{where} {what}. {TAIL}"
    return _without_password(line, os.fspath(url)) if url and "://" in os.fspath(url) else line


def _without_password(text: str, url: str) -> str:
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        return text
    return text.replace(str(password), "***") if password else text
