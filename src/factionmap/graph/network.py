"""The network of actors for a period, built from SQL aggregates and networkx.

One query does the work in the database, so the map never re-reads documents
and stays fast on large stores: it scores every event (PLOVER score × status
× aux weight, as SQL), ranks each directed pair's events with a window
function and groups by directed pair: counts per quad group and status,
summed weighted scores, first/last date and the strongest event. Python then merges directions (and,
with rollup, branches into parents) into undirected edges whose state follows
the same rule as :mod:`.relations`, over the period's events.
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx
from sqlalchemy.engine import Engine

from ..model import PLOVER_QUADS, STATUSES
from . import scoring
from .relations import NO_RELATION, classify
from .source import EV_CTE, query, where_clause


def _aggregate_sql(where: str, having: bool) -> str:
    """Per undirected pair: counts by quad, status and direction, weighted cooperation/conflict, dates, best event."""
    ws = scoring.sql_weighted_score("type", "status", "aux")
    quads = ", ".join(
        f"SUM(CASE WHEN type IN ({', '.join(repr(t) for t in ts)}) THEN 1 ELSE 0 END) AS q{i}"
        for i, ts in enumerate(PLOVER_QUADS.values()))
    statuses = ", ".join(f"SUM(CASE WHEN status = '{st}' THEN 1 ELSE 0 END) AS s_{st}" for st in STATUSES)
    best = ", ".join(f"MAX(CASE WHEN rn = 1 THEN {c} END) AS best_{c}" for c in _BEST_COLS)
    return (
        f"WITH {EV_CTE}, scored AS (SELECT ev.*, {ws} AS ws,"
        " CASE WHEN actor < recipient THEN actor ELSE recipient END AS lo,"
        f" CASE WHEN actor < recipient THEN recipient ELSE actor END AS hi FROM ev{where}),"
        " ranked AS (SELECT scored.*, ROW_NUMBER() OVER (PARTITION BY lo, hi"
        " ORDER BY ABS(ws) DESC, date_key DESC, id) AS rn FROM scored)"
        " SELECT lo, hi, COUNT(*) AS n, SUM(CASE WHEN actor = lo THEN 1 ELSE 0 END) AS n_lo_hi, SUM(ws) AS score,"
        " SUM(CASE WHEN ws > 0 THEN ws ELSE 0 END) AS coop, SUM(CASE WHEN ws < 0 THEN -ws ELSE 0 END) AS conf,"
        " MAX(CASE WHEN ws > 0 AND status <> 'denied' THEN 1 ELSE 0 END) AS coop_ok,"
        " MAX(CASE WHEN ws < 0 AND status <> 'denied' THEN 1 ELSE 0 END) AS conf_ok,"
        f" MIN(date_key) AS first, MAX(date_key) AS last, {quads}, {statuses}, {best}"
        " FROM ranked WHERE lo <> hi GROUP BY lo, hi" + (" HAVING COUNT(*) >= :min_events" if having else "")
    )


_BEST_COLS = ("id", "doc_id", "actor", "recipient", "type", "status", "claimed_by", "date", "evidence", "outlet", "ws")


def _kinds(engine: Engine, names_: Any, nodes: set[str]) -> dict[str, str]:
    """Kind per node: the dictionary's, else the commonest kind among its mentions."""
    out = {n: names_.kind(n) for n in nodes}
    missing = sorted(n for n, k in out.items() if not k)
    if missing:
        rows = query(
            engine,
            "SELECT actor, kind, COUNT(*) AS n FROM mentions WHERE actor IN :names AND kind IS NOT NULL"
            " AND kind NOT IN ('person', 'candidate') GROUP BY actor, kind ORDER BY n DESC",
            {"names": missing},
            ["names"],
        )
        for r in rows:
            if not out.get(r["actor"]):
                out[r["actor"]] = r["kind"]
    return {n: k or "unknown" for n, k in out.items()}


def build_graph(
    engine: Engine,
    names_: Any,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    min_events: int = 1,
    rollup: bool = False,
    types: list[str] | None = None,
    statuses: list[str] | None = None,
    among: set[str] | None = None,
) -> nx.Graph:
    """Undirected actor graph of a period; edge attributes carry state, score, counts, evidence.

    ``types`` and ``statuses`` keep only events of those PLOVER types / claim statuses;
    ``among`` only events between two of these actors (the web view's top actors).
    """
    focus: set[str] | None = None
    if actor:
        canon = names_.resolve(actor)
        focus = names_.family(canon) if rollup else {canon}
    where, params, expanding = where_clause(actors=focus, pair=(among, among) if among is not None else None,
                                            since=since, until=until, types=types, statuses=statuses)
    having = not rollup and min_events > 1  # with rollup, counts merge after the query
    if having:
        params["min_events"] = int(min_events)
    rows = query(engine, _aggregate_sql(where, having), params, expanding)
    quad_names = list(PLOVER_QUADS)
    rules = scoring.state_rules()
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for g in rows:
        lo, hi = (names_.root(g["lo"]), names_.root(g["hi"])) if rollup else (g["lo"], g["hi"])
        if lo == hi:
            continue
        key = (lo, hi) if lo < hi else (hi, lo)
        e = edges.get(key)
        if e is None:
            e = edges[key] = {
                "events": 0, "score": 0.0, "cooperation": 0.0, "conflict": 0.0, "coop_undenied": False,
                "conflict_undenied": False, "by_quad": {}, "by_status": {}, "directed": {}, "first": None,
                "last": None, "best": None,
            }
        e["events"] += g["n"]
        e["score"] += g["score"] or 0.0
        e["cooperation"] += g["coop"] or 0.0
        e["conflict"] += g["conf"] or 0.0
        e["coop_undenied"] = e["coop_undenied"] or bool(g["coop_ok"])
        e["conflict_undenied"] = e["conflict_undenied"] or bool(g["conf_ok"])
        for i, q in enumerate(quad_names):
            if g[f"q{i}"]:
                e["by_quad"][q] = e["by_quad"].get(q, 0) + g[f"q{i}"]
        for st in STATUSES:
            if g[f"s_{st}"]:
                e["by_status"][st] = e["by_status"].get(st, 0) + g[f"s_{st}"]
        for d, n in ((f"{lo} -> {hi}", g["n_lo_hi"]), (f"{hi} -> {lo}", g["n"] - g["n_lo_hi"])):
            if n:
                e["directed"][d] = e["directed"].get(d, 0) + n
        if g["first"] and (e["first"] is None or g["first"] < e["first"]):
            e["first"] = g["first"]
        if g["last"] and (e["last"] is None or g["last"] > e["last"]):
            e["last"] = g["last"]
        if e["best"] is None or abs(g["best_ws"] or 0) > abs(e["best"]["ws"] or 0):
            e["best"] = {c: g[f"best_{c}"] for c in _BEST_COLS}
    best = {k: e["best"] for k, e in edges.items()}

    G = nx.Graph(since=since or "", until=until or "", actor=actor or "", rollup=rollup, min_events=min_events)
    for (a, b), e in edges.items():
        if e["events"] < min_events:
            continue
        state = classify(e["cooperation"], e["conflict"], e["coop_undenied"], e["conflict_undenied"],
                         rules) or NO_RELATION
        s = best.get((a, b))
        strongest_ev = None
        if s:
            strongest_ev = {
                "event_id": s["id"], "doc": s["doc_id"], "actor": s["actor"], "recipient": s["recipient"],
                "type": s["type"], "status": s["status"], "date": s["date"], "outlet": s["outlet"],
                "claimed_by": json.loads(s["claimed_by"]) if isinstance(s["claimed_by"], str) else s["claimed_by"],
                "evidence": s["evidence"], "weighted_score": round(s["ws"] or 0.0, 3),
            }
        G.add_edge(
            a, b,
            state=state,
            score=round(e["score"], 3),
            mean_score=round(e["score"] / e["events"], 3),
            cooperation=round(e["cooperation"], 3),
            conflict=round(e["conflict"], 3),
            events=e["events"],
            by_quad=e["by_quad"],
            by_status=e["by_status"],
            directed=e["directed"],
            first=e["first"],
            last=e["last"],
            strongest=strongest_ev,
        )
    kinds = _kinds(engine, names_, set(G.nodes))
    for n in G.nodes:
        G.nodes[n]["kind"] = kinds.get(n, "unknown")
        G.nodes[n]["parent"] = names_.parent(n) or ""
        G.nodes[n]["events"] = sum(d["events"] for _, _, d in G.edges(n, data=True))
    return G


def graph_json(G: nx.Graph) -> dict[str, Any]:
    """Nodes and edges as plain JSON, strongest ties first."""
    nodes = [{"id": n, **d} for n, d in sorted(G.nodes(data=True), key=lambda x: (-x[1].get("events", 0), x[0]))]
    edges = [{"source": a, "target": b, **d}
             for a, b, d in sorted(G.edges(data=True), key=lambda x: (-x[2]["events"], x[0], x[1]))]
    return {"graph": dict(G.graph), "nodes": nodes, "edges": edges}


def edges_of(G: nx.Graph, name: str) -> list[dict[str, Any]]:
    """An actor's relations, ranked by weight of evidence (|score|, then events)."""
    out = []
    if name not in G:
        return out
    for _, other, d in G.edges(name, data=True):
        out.append({"counterpart": other, **d})
    out.sort(key=lambda d: (-(d["cooperation"] + d["conflict"]), -d["events"], d["counterpart"]))
    return out


def quad_groups() -> dict[str, list[str]]:
    from ..model import PLOVER_QUADS

    return {q: list(ts) for q, ts in PLOVER_QUADS.items()}


