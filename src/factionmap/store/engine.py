"""Turn what a user types after ``--db`` into a configured SQLAlchemy engine.

A bare path is a SQLite file; ``sqlite:///...`` is used as given;
``postgresql://`` (or ``postgres://``) goes through the psycopg 3 driver.
SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout,
and real transactions: pysqlite's own transaction handling is switched off and
SQLAlchemy's ``begin`` emits ``BEGIN`` itself, ``BEGIN IMMEDIATE`` for writers,
so a document is written all or nothing and concurrent writers queue instead
of failing.
"""
from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
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


def create_store_engine(url: str | os.PathLike[str]) -> Engine:
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, pool_pre_ping=True)
    kwargs: dict = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if sa_url.database in (None, "", ":memory:"):
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif sa_url.database:
        os.makedirs(os.path.dirname(os.path.abspath(sa_url.database)) or ".", exist_ok=True)
    engine = create_engine(sa_url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if sa_url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; never corrupt
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        write = conn.get_execution_options().get("factionmap_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
