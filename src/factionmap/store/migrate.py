"""Bring a database to the current schema with the packaged Alembic migrations.

Runs on every :meth:`Store.open`. Idempotent and safe when several processes
open the same store at once: the upgrade runs inside one transaction that holds
a lock (SQLite ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock), so a second
opener waits, then finds the schema at head and does nothing. A store already
at head is only read, so a read-only store opens; one that needs migrating and
cannot be written is refused with a message saying so.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from .engine import is_read_only

_PG_LOCK_KEY = 0x666D6170  # "fmap": the advisory lock that serialises migrations


@contextmanager
def _config(connection: Connection | None = None) -> Iterator[Config]:
    with resources.as_file(resources.files("factionmap.store.migrations")) as path:
        cfg = Config()
        cfg.set_main_option("script_location", str(Path(path)))
        if connection is not None:
            cfg.attributes["connection"] = connection
        yield cfg


def head_revision() -> str | None:
    """The newest revision the package knows."""
    with _config() as cfg:
        return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate ``engine``'s database to ``revision`` (default: the newest)."""
    head = head_revision() if revision == "head" else revision
    with engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
        if current == head:  # the common case: nothing to do, take no lock, write nothing
            return
        if is_read_only(engine):
            schema = "empty" if current is None else repr(current)
            raise ReadOnlyStoreError(
                f"it is read-only, and its schema is {schema}, "
                f"not {head!r}: open it once where it can be written (factionmap ingest or events) to "
                "upgrade it, or copy it somewhere writable")
        conn.execution_options(factionmap_write=True)  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            if current_revision(conn) != head:
                with _config(conn) as cfg:
                    command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate down to ``revision`` ("base" empties the database); for tests and rollbacks."""
    with engine.connect() as conn:
        conn.execution_options(factionmap_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            with _config(conn) as cfg:
                command.downgrade(cfg, revision)


class ReadOnlyStoreError(RuntimeError):
    """A store that needs a schema migration but cannot be written."""
