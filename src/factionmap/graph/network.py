"""The network of actors for a period, from the ``analyst_events`` view and networkx.

One lean read of the period's events (the store's filters, so ``graph`` and
``events`` agree); Python groups them by undirected pair (with rollup, branches
into their parents) and gives every edge the same relationship states as
``dyad`` (:func:`.relations.derive`, as of the period's end or the store's
latest date), plus counts per quad group and status, first/last date and the
strongest evidence.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy.engine import Engine

from ..model import PLOVER_QUADS
from . import scoring
from .dates import PartialDate
from .relations import Item, derive
from ..gcpause import gc_paused
from .source import latest_date, load_events, query_kinds


def _kinds(engine: Engine, names_: Any, nodes: set[str]) -> dict[str, str]:
    """Kind per node: the dictionary's, else the commonest kind among its mentions."""
    out = {n: names_.kind(n) for n in nodes}
    missing = sorted(n for n, k in out.items() if not k)
    if missing:
        for actor, kind in query_kinds(engine, missing).items():
            out[actor] = out.get(actor) or kind
    return {n: k or "unknown" for n, k in out.items()}


def _as_of(engine: Engine, until: str | None) -> date:
    if until:
        return PartialDate.parse(until, "--until").end
    return latest_date(engine) or date.today()


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
    as_of: date | None = None,
    pairs: set[tuple[str, str]] | None = None,
) -> nx.Graph:
    """Undirected actor graph of a period; edges carry relationship states, counts and evidence.

    ``types`` and ``statuses`` keep only events of those PLOVER types / claim
    statuses; ``actor`` (any alias; unknown names raise UnknownActor) keeps its
    relations (and its branches' with rollup); ``among`` only events between two
    of these actors (the web view's top actors); ``pairs`` only these edges, each
    given as (lower, higher) name (the web view's chosen relations: the others are never
    derived).
    """
    with gc_paused():
        return _build_graph(engine, names_, since, until, actor, min_events, rollup, types, statuses, among, as_of,
                            pairs)


def _build_graph(engine: Engine, names_: Any, since: str | None, until: str | None, actor: str | None,
                 min_events: int, rollup: bool, types: list[str] | None, statuses: list[str] | None,
                 among: set[str] | None, as_of: date | None,
                 pairs: set[tuple[str, str]] | None = None) -> nx.Graph:
    focus: set[str] | None = None
    if actor:
        canon = names_.resolve(actor)
        focus = names_.family(canon) if rollup else {canon}
    events = load_events(engine, actors=focus, pair=(among, among) if among is not None else None, since=since,
                         until=until, types=types, statuses=statuses, ordered=False)
    as_of = as_of or _as_of(engine, until)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in events:
        a, b = (names_.root(e["actor"]), names_.root(e["recipient"])) if rollup else (e["actor"], e["recipient"])
        if a == b:
            continue
        groups.setdefault((a, b) if a < b else (b, a), []).append(e)

    G = nx.Graph(since=since or "", until=until or "", actor=actor or "", rollup=rollup, min_events=min_events,
                 as_of=as_of.isoformat())
    for (a, b), evs in groups.items():
        if len(evs) < min_events:
            continue
        if pairs is not None and (a, b) not in pairs:
            G.add_nodes_from((a, b))  # as if drawn: each edge keeps the orientation the whole graph gives it
            continue
        G.add_edge(a, b, **edge_attributes(a, evs, as_of))
    if pairs is not None:
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    kinds = _kinds(engine, names_, set(G.nodes))
    for n in G.nodes:
        G.nodes[n]["kind"] = kinds.get(n, "unknown")
        G.nodes[n]["parent"] = names_.parent(n) or ""
        G.nodes[n]["events"] = sum(d["events"] for _, _, d in G.edges(n, data=True))
    return G


def edge_attributes(lo: str, evs: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    """What an edge says: its states (as ``dyad`` derives them), counts, dates and strongest event."""
    items = [i for i in (Item.of(e) for e in evs) if i is not None]
    reading = derive(items, as_of)
    by_quad: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    directed: Counter[str] = Counter()
    scores, starts, ends = [], [], []
    for e in evs:
        by_quad[e["quad"] or scoring.quad(e["type"])] += 1
        by_status[e["status"]] += 1
        directed[f"{e['actor']} -> {e['recipient']}"] += 1
        scores.append(scoring.weighted_score(e))
        if e.get("date_start"):
            starts.append(e["date_start"])
            ends.append(e["date_end"])
    best_i = max(range(len(evs)), key=lambda i: (abs(scores[i]), evs[i].get("date_start") or "", evs[i]["id"]))
    s = evs[best_i]
    return {
        "state": reading.headline,
        "label": reading.label,
        "states": [{"state": v.state, "standing": v.standing, "since": v.since, "last": v.last,
                    "events": len(v.items), "by_status": dict(Counter(i.ev["status"] for i in v.items))}
                   for v in reading.views],
        "score": round(sum(scores), 3),
        "mean_score": round(sum(scores) / len(evs), 3),
        "events": len(evs),
        "by_quad": {q: by_quad[q] for q in PLOVER_QUADS if by_quad[q]},
        "by_status": dict(by_status),
        "directed": dict(directed),
        "first": min(starts) if starts else None,
        "last": max(ends) if ends else None,
        "strongest": {
            "event_id": s["id"], "doc": s["doc_id"], "actor": s["actor"], "recipient": s["recipient"],
            "type": s["type"], "status": s["status"], "date": s["date"], "outlet": s.get("doc_outlet"),
            "claimed_by": s["claimed_by"], "evidence": s["evidence"], "weighted_score": round(scores[best_i], 3),
        },
    }


def graph_json(G: nx.Graph) -> dict[str, Any]:
    """Nodes and edges as plain JSON, strongest ties first."""
    nodes = [{"id": n, **d} for n, d in sorted(G.nodes(data=True), key=lambda x: (-x[1].get("events", 0), x[0]))]
    edges = [{"source": a, "target": b, **d}
             for a, b, d in sorted(G.edges(data=True), key=lambda x: (-x[2]["events"], x[0], x[1]))]
    return {"graph": dict(G.graph), "taxonomy": scoring.taxonomy(), "nodes": nodes, "edges": edges}


def edges_of(G: nx.Graph, name: str) -> list[dict[str, Any]]:
    """An actor's relations, ranked by number of events."""
    out = []
    if name not in G:
        return out
    for _, other, d in G.edges(name, data=True):
        out.append({"counterpart": other, **d})
    out.sort(key=lambda d: (-d["events"], d["counterpart"]))
    return out


def quad_groups() -> dict[str, list[str]]:
    return {q: list(ts) for q, ts in PLOVER_QUADS.items()}
