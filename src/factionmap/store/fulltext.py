"""Full-text search over articles (title and text) and event evidence.

SQLite: the FTS5 tables ``documents_fts`` and ``events_fts`` that migration
0002 creates and its triggers keep current (porter stemming). PostgreSQL: GIN
indexes over ``to_tsvector('english', ...)``, queried with ``plainto_tsquery``.
Both read a query as "all these words" (stemmed), so the same query finds the
same things on either engine. Snippets mark the matches with :data:`MARK_START`
and :data:`MARK_END` (private-use characters): the page turns them into
``<mark>`` elements as text nodes, never as HTML.

Event hits go through the map's event view (:data:`factionmap.graph.source.EV_CTE`),
so analyst reviews apply: an event marked wrong is never found, a corrected one
shows its corrected actors and type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

MARK_START, MARK_END = "\ue000", "\ue001"
# (fts table, content table, indexed columns); migration 0002 and repair() build them from here
SQLITE_FTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("documents_fts", "documents", ("title", "text")),
    ("events_fts", "events", ("evidence",)),
)
# (index, table, tsvector expression): the expressions search() matches against
PG_FTS: tuple[tuple[str, str, str], ...] = (
    ("ix_fts_documents", "documents", "to_tsvector('english', coalesce(title, '') || ' ' || text)"),
    ("ix_fts_events", "events", "to_tsvector('english', evidence)"),
)
FTS_TABLES = tuple(t for t, _, _ in SQLITE_FTS)
_TRIGGERS = tuple(f"{t}_{s}" for t in FTS_TABLES for s in ("ai", "ad", "au"))
_WORD = re.compile(r"\w+", re.UNICODE)


def sqlite_triggers(name: str, table: str, cols: tuple[str, ...]) -> list[str]:
    """The triggers that keep an external-content FTS5 table in step with its table."""
    col_list = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    delete = f"INSERT INTO {name}({name}, rowid, {col_list}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {name}(rowid, {col_list}) VALUES (new.rowid, {new});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
    ]


def sqlite_statements(name: str, table: str, cols: tuple[str, ...]) -> list[str]:
    """Create one FTS5 table with its triggers and index what is already stored."""
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(cols)}, content=\"{table}\", content_rowid=\"rowid\","
        " tokenize='porter unicode61')",
        *sqlite_triggers(name, table, cols),
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic hook: the full-text tables and indexes are migration 0002's, not schema.py's."""
    if type_ == "table" and name:
        return not any(name == t or name.startswith(t + "_") for t in FTS_TABLES)
    if type_ == "index" and name:
        return not name.startswith("ix_fts_")
    return True


def words(query: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and operators are ignored."""
    return [w.lower() for w in _WORD.findall(query or "")]


def _fts5_query(ws: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in ws)


@dataclass
class Hits:
    query: str
    documents: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "documents": self.documents, "events": self.events,
                "mark": [MARK_START, MARK_END]}


def search(engine: Engine, query: str, *, since: str | None = None, until: str | None = None,
           limit: int = 20) -> Hits:
    """Articles and evidence matching every word of ``query``, best first, within the period."""
    from ..graph.source import where_clause

    ws = words(query)
    if not ws:
        return Hits(query, [], [])
    where, params, expanding = where_clause(since=since, until=until)
    params["limit"] = int(limit)
    doc_period, doc_params = _doc_period(since, until)
    params.update(doc_params)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            params["q"] = _fts5_query(ws)
            docs = _rows(conn, (
                "SELECT d.id, d.title, d.date, d.outlet, snippet(documents_fts, 1, :ms, :me, ' … ', 24) AS snippet,"
                " bm25(documents_fts) AS rank FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                f" WHERE documents_fts MATCH :q{doc_period} ORDER BY rank LIMIT :limit"), params, [])
            evs = _rows(conn, (
                f"WITH {_ev_cte()}, hits AS (SELECT e.id AS id, snippet(events_fts, 0, :ms, :me, ' … ', 32) AS snippet,"
                " bm25(events_fts) AS rank FROM events_fts JOIN events e ON e.rowid = events_fts.rowid"
                " WHERE events_fts MATCH :q)"
                " SELECT ev.id, ev.doc_id, ev.actor, ev.recipient, ev.type, ev.status, ev.date, ev.doc_title,"
                f" hits.snippet, hits.rank FROM hits JOIN (SELECT * FROM ev{where}) ev ON ev.id = hits.id"
                " ORDER BY hits.rank, ev.id"
                " LIMIT :limit"), params, expanding)
        else:
            params["q"] = " ".join(ws)
            params["opts"] = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15"
            docs = _rows(conn, (
                "SELECT d.id, d.title, d.date, d.outlet, ts_headline('english', d.text, q, :opts) AS snippet,"
                " -ts_rank(to_tsvector('english', coalesce(d.title, '') || ' ' || d.text), q) AS rank"
                " FROM documents d, plainto_tsquery('english', :q) q"
                " WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || d.text) @@ q"
                f"{doc_period} ORDER BY rank, d.id LIMIT :limit"), params, [])
            evs = _rows(conn, (
                f"WITH {_ev_cte()}, hits AS (SELECT e.id AS id, ts_headline('english', e.evidence, q, :opts) AS snippet,"
                " -ts_rank(to_tsvector('english', e.evidence), q) AS rank FROM events e, plainto_tsquery('english', :q) q"
                " WHERE to_tsvector('english', e.evidence) @@ q)"
                " SELECT ev.id, ev.doc_id, ev.actor, ev.recipient, ev.type, ev.status, ev.date, ev.doc_title,"
                f" hits.snippet, hits.rank FROM hits JOIN (SELECT * FROM ev{where}) ev ON ev.id = hits.id"
                " ORDER BY hits.rank, ev.id"
                " LIMIT :limit"), params, expanding)
    for row in docs + evs:
        row.pop("rank", None)
    return Hits(query, docs, evs)


def _ev_cte() -> str:
    from ..graph.source import EV_CTE

    return EV_CTE


def _doc_period(since: str | None, until: str | None) -> tuple[str, dict[str, Any]]:
    """Documents published within the period (undated ones only without a period)."""
    from ..graph.dates import end, start

    conds, params = [], {}
    if since and (s := start(since)):
        conds.append("substr(d.date || '-01-01', 1, 10) >= :doc_since")
        params["doc_since"] = s.isoformat()
    if until and (u := end(until)):
        conds.append("substr(d.date || '-01-01', 1, 10) <= :doc_until")
        params["doc_until"] = u.isoformat()
    return ("".join(f" AND {c}" for c in conds), params)


def _rows(conn: Connection, sql: str, params: dict[str, Any], expanding: list[str]) -> list[dict[str, Any]]:
    from sqlalchemy import bindparam

    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(*(bindparam(n, expanding=True) for n in expanding))
    params = {**params, "ms": MARK_START, "me": MARK_END}
    return [dict(r._mapping) for r in conn.execute(stmt, params)]


def repair(engine: Engine) -> bool:
    """Recreate the SQLite full-text triggers and rebuild the index if a table copy dropped them.

    SQLite ``ALTER`` through Alembic's batch mode copies a table, which drops its
    triggers; a store opened afterwards would stop indexing new articles.
    Returns True when something was repaired.
    """
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        have = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
    if not set(FTS_TABLES) <= tables or set(_TRIGGERS) <= have:
        return False
    with engine.connect() as conn:
        conn.execution_options(factionmap_write=True)
        with conn.begin():
            for name, table, cols in SQLITE_FTS:
                for stmt in sqlite_triggers(name, table, cols):
                    conn.exec_driver_sql(stmt)
                conn.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
    return True
