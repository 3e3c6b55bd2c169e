"""One actor on one page: who it is, who speaks for it, who it deals with, what is claimed about it."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.engine import Engine

from .network import build_graph, edges_of
from .source import query


def profile(engine: Engine, names: Any, name: str, rollup: bool = False,
            since: str | None = None, until: str | None = None, top: int = 20) -> dict[str, Any]:
    """Aliases, kind, parent and branches, people, ranked relations and quantitative claims."""
    canon = names.resolve(name)
    fam = sorted(names.family(canon)) if rollup else [canon]
    counts = query(
        engine,
        "SELECT SUM(CASE WHEN actor IN :f THEN 1 ELSE 0 END) AS as_actor,"
        " SUM(CASE WHEN recipient IN :f THEN 1 ELSE 0 END) AS as_recipient,"
        " COUNT(DISTINCT doc_id) AS documents, MIN(date_start) AS first, MAX(date_end) AS last"
        " FROM analyst_events WHERE actor IN :f OR recipient IN :f",
        {"f": fam}, ["f"],
    )[0]
    seen_as = query(
        engine,
        "SELECT text, COUNT(*) AS n FROM mentions WHERE actor IN :f AND (kind IS NULL OR kind <> 'person')"
        " GROUP BY text ORDER BY n DESC, text LIMIT 30",
        {"f": fam}, ["f"],
    )
    people_seen = query(
        engine,
        "SELECT person, COUNT(*) AS n, COUNT(DISTINCT doc_id) AS documents FROM mentions"
        " WHERE actor IN :f AND person IS NOT NULL GROUP BY person ORDER BY n DESC, person LIMIT 50",
        {"f": fam}, ["f"],
    )
    kind = names.kind(canon)
    if not kind:
        rows = query(engine, "SELECT kind, COUNT(*) AS n FROM mentions WHERE actor = :a AND kind IS NOT NULL"
                     " AND kind NOT IN ('person', 'candidate') GROUP BY kind ORDER BY n DESC LIMIT 1", {"a": canon})
        kind = rows[0]["kind"] if rows else None
    known = {p["name"]: p for p in names.persons(canon)}
    people = []
    for p in people_seen:
        info = known.pop(p["person"], {})
        people.append({"name": p["person"], "role": info.get("role"), "start": info.get("start"),
                       "end": info.get("end"), "mentions": p["n"], "documents": p["documents"]})
    people += [{"name": p["name"], "role": p.get("role"), "start": p.get("start"), "end": p.get("end"),
                "mentions": 0, "documents": 0} for p in known.values()]
    G = build_graph(engine, names, since=since, until=until, actor=canon, rollup=rollup)
    node = names.root(canon) if rollup else canon
    relations = [
        {k: v for k, v in r.items() if k in (
            "counterpart", "state", "label", "states", "score", "events", "by_quad", "by_status", "first", "last",
            "strongest")}
        for r in edges_of(G, node)[:top]
    ]
    quantities = query(
        engine,
        "SELECT q.doc_id, q.actor, q.measure, q.value_text, q.low, q.high, q.unit, q.claimed_by, q.date,"
        " q.evidence, d.title AS doc_title, d.date AS doc_date, d.outlet AS outlet, d.url AS url"
        " FROM quantities q JOIN documents d ON d.id = q.doc_id WHERE q.actor IN :f"
        " ORDER BY COALESCE(q.date, d.date), q.doc_id, q.idx",
        {"f": fam}, ["f"],
    )
    for q in quantities:
        q["claimed_by"] = json.loads(q["claimed_by"]) if isinstance(q["claimed_by"], str) else (q["claimed_by"] or [])
        q["source"] = ", ".join(q["claimed_by"]) or q.get("outlet") or q["doc_id"]
    return {
        "name": canon,
        "typed": name,
        "rollup": rollup,
        "kind": kind or "unknown",
        "country": names.country(canon),
        "aliases": names.aliases(canon),
        "seen_as": [{"text": r["text"], "mentions": r["n"]} for r in seen_as],
        "parent": names.parent(canon),
        "ancestors": _ancestors(names, canon),
        "branches": sorted(names.branches(canon)),
        "people": people,
        "events": {k: (counts.get(k) or 0) if k not in ("first", "last") else counts.get(k) for k in counts},
        "relations": relations,
        "quantities": quantities,
    }


def _ancestors(names: Any, name: str) -> list[str]:
    out, cur = [], name
    while (p := names.parent(cur)) and p not in out and p != name:
        out.append(p)
        cur = p
    return out
