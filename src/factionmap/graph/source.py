"""Events as the map reads them: the store's ``analyst_events`` view, through the store's filters.

The view applies analyst reviews (the latest wins: "wrong" hides an event,
"corrected" replaces its type, actor or recipient) and turns partial dates
into ``date_start``/``date_end`` intervals. The map, the store, the API and the
CLI all read it with the same filter definitions
(:meth:`factionmap.store.Store.event_filters`), so they agree on every filter.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

# What the map needs of each event (a lean read: no place JSON, no review columns).
MAP_COLUMNS = ("id", "doc_id", "actor", "recipient", "type", "quad", "mode", "mutual", "status", "claimed_by",
               "aux", "date", "date_start", "date_end", "date_granularity", "location", "place", "country", "admin1",
               "lat", "lon",
               "evidence", "evidence_start", "evidence_end", "sentence", "trigger", "trigger_start", "confidence",
               "doc_title", "doc_date", "doc_outlet", "doc_url")


def _store(engine: Engine) -> Any:
    from ..store.store import Store

    return Store(engine)


def load_events(
    engine: Engine,
    actors: Iterable[str] | None = None,
    pair: tuple[Iterable[str], Iterable[str]] | None = None,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    recipients: Iterable[str] | None = None,
    limit: int | None = None,
    columns: Iterable[str] | None = MAP_COLUMNS,
    ordered: bool = True,
) -> list[dict[str, Any]]:
    """Events (reviews applied) with their document's title, date, outlet and URL, oldest first
    (in no particular order with ``ordered=False``)."""
    return _store(engine).events(
        actor=sorted(set(actors)) if actors is not None else None,
        recipient=sorted(set(recipients)) if recipients is not None else None,
        dyad=(sorted(set(pair[0])), sorted(set(pair[1]))) if pair is not None else None,
        type=sorted(set(types)) if types else None,
        status=sorted(set(statuses)) if statuses else None,
        since=since, until=until, limit=limit, columns=tuple(columns) if columns else None, ordered=ordered)


def period_sql(since: str | None, until: str | None) -> tuple[str, dict[str, Any]]:
    """The period filter as SQL text over ``analyst_events`` (for raw-SQL readers such as full-text search).

    The same conditions as :meth:`factionmap.store.Store.event_filters`: an
    event matches when its date interval overlaps the period.
    """
    from .dates import PartialDate

    conds, params = [], {}
    if since:
        conds.append("date_end >= :p_since")
        params["p_since"] = PartialDate.parse(since, "since").start.isoformat()
    if until:
        conds.append("date_start <= :p_until")
        params["p_until"] = PartialDate.parse(until, "until").end.isoformat()
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def latest_date(engine: Engine) -> date | None:
    """The last day any event in the store can mean: "now" for the map's states."""
    hi = _store(engine).date_range()[1]
    return date.fromisoformat(hi) if hi else None


def query(engine: Engine, sql: str, params: dict[str, Any], expanding: Iterable[str] = ()) -> list[dict]:
    """Plain SQL over the store (the mentions and quantities layers; events go through the view)."""
    stmt = text(sql)
    if expanding:
        stmt = stmt.bindparams(*(bindparam(n, expanding=True) for n in expanding))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt, params)]


def query_kinds(engine: Engine, names: list[str]) -> dict[str, str]:
    """The commonest actor kind among each name's mentions (for names the dictionary lacks)."""
    rows = query(engine, "SELECT actor, kind, COUNT(*) AS n FROM mentions WHERE actor IN :names AND kind IS NOT NULL"
                 " AND kind NOT IN ('person', 'candidate') GROUP BY actor, kind ORDER BY n DESC",
                 {"names": names}, ["names"])
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["actor"], r["kind"])
    return out


def actor_names(engine: Engine) -> list[str]:
    return _store(engine).actor_names()


def source_label(ev: dict[str, Any]) -> str:
    """Who stands behind a claim: its claimants, else the outlet, else the document."""
    if ev.get("claimed_by"):
        return ", ".join(ev["claimed_by"])
    return ev.get("doc_outlet") or f"{ev.get('doc_id')} (own voice)"


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
        "outlet": ev.get("doc_outlet"),
        "doc": ev["doc_id"],
        "title": ev.get("doc_title"),
        "url": ev.get("doc_url"),
        "date": ev.get("date"),
        "date_start": ev.get("date_start"),
        "date_end": ev.get("date_end"),
        "evidence": ev.get("evidence"),
    }
    out.update(extra)
    return out
