"""Events as the map reads them: straight from the store's tables, reviews applied.

Analyst reviews override extraction: the latest review of an event wins; a
"wrong" verdict hides the event, a "corrected" one replaces its type, actor
or recipient. Every map query starts from the ``ev`` common table expression
below so aggregates (SQL) and event lists (Python) agree.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

# Event date, else the document's publication date, as a sortable YYYY-MM-DD start.
DATE_KEY = "substr(COALESCE(e.date, d.date, '') || '-01-01', 1, 10)"

EV_CTE = f"""
ev AS (
  SELECT e.id AS id, e.doc_id AS doc_id,
    CASE WHEN rv.verdict = 'corrected' AND rv.actor IS NOT NULL THEN rv.actor ELSE e.actor END AS actor,
    CASE WHEN rv.verdict = 'corrected' AND rv.recipient IS NOT NULL THEN rv.recipient ELSE e.recipient END AS recipient,
    CASE WHEN rv.verdict = 'corrected' AND rv.type IS NOT NULL THEN rv.type ELSE e.type END AS type,
    e.mode AS mode, e.mutual AS mutual, e.status AS status, e.claimed_by AS claimed_by, e.aux AS aux,
    COALESCE(e.date, d.date) AS date, e.date_granularity AS date_granularity,
    CASE WHEN COALESCE(e.date, d.date) IS NULL THEN NULL ELSE {DATE_KEY} END AS date_key,
    e.location AS location, e.country AS country, e.lat AS lat, e.lon AS lon,
    e.evidence AS evidence, e.evidence_start AS evidence_start, e.evidence_end AS evidence_end,
    e.sentence AS sentence, e.trigger AS trigger, e.confidence AS confidence,
    d.title AS doc_title, d.date AS doc_date, d.outlet AS outlet, d.url AS url,
    rv.verdict AS review
  FROM events e
  JOIN documents d ON d.id = e.doc_id
  LEFT JOIN (
    SELECT r.event_id, r.verdict, r.type, r.actor, r.recipient
    FROM reviews r
    JOIN (SELECT event_id, MAX(id) AS mid FROM reviews GROUP BY event_id) lr ON lr.mid = r.id
  ) rv ON rv.event_id = e.id
  WHERE rv.verdict IS NULL OR rv.verdict <> 'wrong'
)"""


def open_engine(db: str) -> Engine:
    """The store's engine (a path or URL; migrations applied by ``Store.open``)."""
    from ..store.store import Store

    return Store.open(db).engine


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("claimed_by", "aux"):
        v = row.get(key)
        if isinstance(v, str):
            try:
                row[key] = json.loads(v)
            except ValueError:
                row[key] = [v] if v else []
        elif v is None:
            row[key] = []
    row["mutual"] = bool(row.get("mutual"))
    return row


def where_clause(
    actors: Iterable[str] | None = None,
    pair: tuple[Iterable[str], Iterable[str]] | None = None,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
) -> tuple[str, dict[str, Any], list]:
    """WHERE text over ``ev`` plus its parameters (expanding lists)."""
    conds, params, expanding = [], {}, []
    for column, values in (("type", types), ("status", statuses)):
        if values:
            conds.append(f"{column} IN :{column}_in")
            params[f"{column}_in"] = sorted(set(values))
            expanding.append(f"{column}_in")
    if actors is not None:
        conds.append("(actor IN :actors OR recipient IN :actors)")
        params["actors"] = sorted(set(actors))
        expanding.append("actors")
    if pair is not None:
        a, b = sorted(set(pair[0])), sorted(set(pair[1]))
        conds.append("((actor IN :pa AND recipient IN :pb) OR (actor IN :pb AND recipient IN :pa))")
        params.update(pa=a, pb=b)
        expanding += ["pa", "pb"]
    if since:
        conds.append("date_key >= :since")
        params["since"] = (since + "-01-01")[:10]
    if until:
        conds.append("date_key <= :until")
        params["until"] = _until_key(until)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params, expanding


def _until_key(until: str) -> str:
    """Last day a partial date covers, so --until 2016 includes December."""
    from .dates import end

    d = end(until)
    return d.isoformat() if d else until


def query(engine: Engine, sql: str, params: dict[str, Any], expanding: Iterable[str] = ()) -> list[dict]:
    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(*(bindparam(n, expanding=True) for n in expanding))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt, params)]


def load_events(
    engine: Engine,
    actors: Iterable[str] | None = None,
    pair: tuple[Iterable[str], Iterable[str]] | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events (reviews applied) with their document's title, date, outlet and URL, oldest first."""
    where, params, expanding = where_clause(actors, pair, since, until)
    sql = f"WITH {EV_CTE} SELECT * FROM ev{where} ORDER BY date_key, doc_id, evidence_start"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = int(limit)
    return [_decode(r) for r in query(engine, sql, params, expanding)]


def actor_names(engine: Engine) -> list[str]:
    rows = query(engine, f"WITH {EV_CTE} SELECT actor AS n FROM ev UNION SELECT recipient FROM ev", {})
    return sorted({r["n"] for r in rows if r["n"]})


def source_label(ev: dict[str, Any]) -> str:
    """Who stands behind a claim: its claimants, else the outlet, else the document."""
    if ev.get("claimed_by"):
        return ", ".join(ev["claimed_by"])
    return ev.get("outlet") or f"{ev.get('doc_id')} (own voice)"


def claim_view(ev: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The fields an analyst needs to judge one claim."""
    out = {
        "event_id": ev["id"],
        "actor": ev["actor"],
        "recipient": ev["recipient"],
        "type": ev["type"],
        "mutual": ev["mutual"],
        "status": ev["status"],
        "aux": ev["aux"],
        "claimed_by": ev["claimed_by"],
        "source": source_label(ev),
        "outlet": ev.get("outlet"),
        "doc": ev["doc_id"],
        "title": ev.get("doc_title"),
        "url": ev.get("url"),
        "date": ev.get("date"),
        "evidence": ev.get("evidence"),
    }
    out.update(extra)
    return out
