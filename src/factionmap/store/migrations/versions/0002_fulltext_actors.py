"""Full-text indexes over articles and evidence, and the actors table.

SQLite gets two external-content FTS5 tables (``documents_fts`` over title and
text, ``events_fts`` over evidence) that triggers keep in step with their
tables, so Datasette finds them and ``save_article`` needs no change.
PostgreSQL gets GIN indexes over the same ``to_tsvector('english', ...)``
expressions that :mod:`factionmap.store.fulltext` queries.

``actors`` is the actor dictionary as a table (name, kind, country, parent,
PLOVER code and sector, aliases as JSON), refreshed by
:func:`factionmap.store.actors_table.sync` when the packaged dictionary changes.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# the statements live with the search code, so repair() rebuilds exactly what this made
from factionmap.store.fulltext import PG_FTS, SQLITE_FTS, sqlite_statements

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('actors',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('parent', sa.String(), nullable=True),
    sa.Column('code', sa.String(), nullable=True),
    sa.Column('sector', sa.String(), nullable=True),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('dictionary_version', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_index('ix_actors_kind', 'actors', ['kind'])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name, table, cols in SQLITE_FTS:
            for stmt in sqlite_statements(name, table, cols):
                op.execute(stmt)
    elif bind.dialect.name == "postgresql":
        for index, table, expr in PG_FTS:
            op.execute(f"CREATE INDEX {index} ON {table} USING GIN (({expr}))")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name, _table, _cols in SQLITE_FTS:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    elif bind.dialect.name == "postgresql":
        for index, _table, _expr in PG_FTS:
            op.execute(f"DROP INDEX IF EXISTS {index}")
    op.drop_index('ix_actors_kind', table_name='actors')
    op.drop_table('actors')
