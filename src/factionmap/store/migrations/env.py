"""Alembic environment: runs on the connection the store hands over.

:func:`factionmap.store.migrate.upgrade` opens the connection, takes the
migration lock and passes it in ``config.attributes["connection"]``. Run by
hand (``alembic -x url=...``), a URL is enough.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from factionmap.store.fulltext import include_name
from factionmap.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs go through table copies
        compare_type=True,
        include_name=include_name,  # the full-text tables and indexes are not in schema.py
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
