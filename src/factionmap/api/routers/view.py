"""What the page draws, sized for a browser: the network (top actors only), the period histogram, the map.

``/api/graph`` gives every edge with its strongest evidence, which is what an
export or a script wants; at a few hundred actors that is megabytes and a solid
ball on screen. ``/api/view/network`` keeps the ``top`` actors by events (or
one actor's neighbourhood), and per edge only what the picture encodes: state,
events per direction, claim statuses and dates. ``/api/view/timeline`` counts
events per month for the period brush and says where the bulk of them lies,
so one stray date from decades back does not stretch the control.
``/api/view/geo`` groups the events that have coordinates by place.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Query

from ...model import PLOVER_QUADS, STATUSES
from .. import maplayer
from ..errors import invalid
from ..params import date_range, event_types, resolve_actor, split_list, statuses
from ..state import AppState, get_state

router = APIRouter(tags=["view"])

DEFAULT_TOP = 60
_COOP = tuple(t for q, ts in PLOVER_QUADS.items() if "cooperation" in q for t in ts)


@dataclass
class ViewFilters:
    """The page's filters, checked: the same for the network, the map, the exports."""

    since: str | None
    until: str | None
    actor: str | None
    kinds: list[str]
    types: list[str]
    statuses: list[str]
    min_events: int
    rollup: bool
    dyad: tuple[str, str] | None = None

    def network_kwargs(self) -> dict[str, Any]:
        return dict(since=self.since, until=self.until, actor=self.actor, min_events=self.min_events,
                    rollup=self.rollup, kinds=self.kinds, types=self.types, statuses=self.statuses)


def view_filters(
    since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    actor: str | None = Query(None, description="focus: only this actor's relations (any alias)"),
    kind: list[str] | None = Query(None, description="actor kinds: both ends of an edge must be of one"),
    type: list[str] | None = Query(None, description="PLOVER types, repeated or comma-separated"),
    status: list[str] | None = Query(None, description="asserted / reported / alleged / denied"),
    min_events: int = Query(1, ge=1, le=100000),
    rollup: bool = Query(False, description="merge branches into their parent"),
    dyad: list[str] | None = Query(None, description="two actors: dyad=A&dyad=B (the map and exports)"),
    state: AppState = Depends(get_state),
) -> ViewFilters:
    since, until = date_range(since, until)
    pair = None
    if dyad:
        if len(dyad) != 2:
            raise invalid("dyad: give exactly two actors, as dyad=A&dyad=B")
        pair = (resolve_actor(state, dyad[0], "dyad"), resolve_actor(state, dyad[1], "dyad"))
    return ViewFilters(since=since, until=until, actor=resolve_actor(state, actor) if actor else None,
                       kinds=split_list(kind), types=event_types(type), statuses=statuses(status),
                       min_events=min_events, rollup=rollup, dyad=pair)


def dominant_status(by_status: dict[str, int]) -> str:
    """The claim status most of an edge's events carry (ties go to the firmer claim)."""
    if not by_status:
        return "asserted"
    return max(STATUSES, key=lambda s: (by_status.get(s, 0), -STATUSES.index(s)))


def _direction(e: dict[str, Any]) -> tuple[int, int]:
    d = e.get("directed") or {}
    return int(d.get(f"{e['source']} -> {e['target']}", 0)), int(d.get(f"{e['target']} -> {e['source']}", 0))


def compact_edge(e: dict[str, Any]) -> dict[str, Any]:
    fwd, back = _direction(e)
    out = {"source": e["source"], "target": e["target"], "state": e.get("state"), "events": e["events"],
           "forward": fwd, "backward": back, "status": dominant_status(e.get("by_status") or {}),
           "by_status": e.get("by_status") or {}, "first": e.get("first"), "last": e.get("last")}
    for key in ("states", "label"):  # every state that holds, when the map layer gives several
        if key in e:
            out[key] = e[key]
    return out


def select_nodes(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], top: int,
                 focus: str | None) -> set[str]:
    """The ``top`` actors by events; with a focus, it and its strongest neighbours."""
    if focus:
        weight: dict[str, int] = {}
        for e in edges:
            if focus in (e["source"], e["target"]):
                other = e["target"] if e["source"] == focus else e["source"]
                weight[other] = weight.get(other, 0) + e["events"]
        ranked = sorted(weight, key=lambda n: (-weight[n], n))
        return {focus, *ranked[: max(0, top - 1)]} if weight else set()
    ranked = sorted(nodes, key=lambda n: (-n.get("events", 0), n["id"]))
    return {n["id"] for n in ranked[:top]}


def select_edges(edges: list[dict[str, Any]], cap: int) -> list[dict[str, Any]]:
    """At most ``cap`` edges: each actor's strongest relation first (no one is left hanging), then by events."""
    ranked = sorted(edges, key=lambda e: (-e["events"], e["source"], e["target"]))
    if len(ranked) <= cap:
        return ranked
    chosen: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[str] = set()
    for e in ranked:
        if e["source"] not in seen or e["target"] not in seen:
            chosen[(e["source"], e["target"])] = e
            seen.update((e["source"], e["target"]))
    for e in ranked:
        if len(chosen) >= cap:
            break
        chosen.setdefault((e["source"], e["target"]), e)
    return sorted(chosen.values(), key=lambda e: (-e["events"], e["source"], e["target"]))


def _conditions(f: ViewFilters, focus: set[str] | None = None, pair: tuple[set[str], set[str]] | None = None,
                period: bool = True) -> list[Any]:
    """The filters over the ``analyst_events`` view, as every reader of events applies them."""
    from ...store.schema import analyst_events
    from ...store.store import Store

    return Store.event_filters(
        analyst_events, actor=sorted(focus) if focus else None,
        dyad=(sorted(pair[0]), sorted(pair[1])) if pair else None,
        since=f.since if period else None, until=f.until if period else None,
        type=f.types or None, status=f.statuses or None)


def pair_counts(state: AppState, f: ViewFilters, names: Any) -> dict[tuple[str, str], int]:
    """Events per undirected pair under the filters: one GROUP BY, so ranking actors stays cheap at any size."""
    from sqlalchemy import case, func, select

    from ...store.schema import analyst_events as v

    focus = None
    if f.actor:
        focus = names.family(f.actor) if f.rollup else {f.actor}
    lo = case((v.c.actor < v.c.recipient, v.c.actor), else_=v.c.recipient)
    hi = case((v.c.actor < v.c.recipient, v.c.recipient), else_=v.c.actor)
    stmt = (select(lo.label("lo"), hi.label("hi"), func.count().label("n"))
            .where(v.c.actor != v.c.recipient, *_conditions(f, focus)).group_by(lo, hi))
    with state.store.engine.connect() as conn:
        rows = conn.execute(stmt).all()  # plain tuples: tens of thousands of pairs at scale
    counts: dict[tuple[str, str], int] = {}
    for r_lo, r_hi, n in rows:
        lo_, hi_ = (names.root(r_lo), names.root(r_hi)) if f.rollup else (r_lo, r_hi)
        if lo_ == hi_:
            continue
        key = (lo_, hi_) if lo_ < hi_ else (hi_, lo_)
        counts[key] = counts.get(key, 0) + int(n)
    counts = {k: n for k, n in counts.items() if n >= f.min_events}
    if f.kinds:
        from ...graph.network import _kinds

        kinds = _kinds(state.store.engine, names, {n for k in counts for n in k})
        counts = {k: n for k, n in counts.items() if kinds.get(k[0]) in f.kinds and kinds.get(k[1]) in f.kinds}
    return counts


_CACHE: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
_CACHE_SIZE = 64


def data_version(state: AppState) -> str:
    """What changes when articles or reviews do: a key that makes cached views stale."""
    return state.store.data_version()


@router.get("/view/network", summary="The network as the page draws it: the top actors, compact edges")
def network(f: ViewFilters = Depends(view_filters),
            top: int = Query(DEFAULT_TOP, ge=1, le=5000, description="how many actors to draw (by events)"),
            max_edges: int | None = Query(None, ge=1, le=100000,
                                          description="how many relations to draw (default 4 per actor)"),
            state: AppState = Depends(get_state)) -> dict[str, Any]:
    """Rank actors from cheap pair counts, then ask the map layer for the chosen relations only.

    Answers are kept per filters and data version, so moving the period back and forth is instant.
    """
    key = (data_version(state), repr(f), top, max_edges)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    out = _network(f, top, max_edges, state)
    _CACHE[key] = out
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def _network(f: ViewFilters, top: int, max_edges: int | None, state: AppState) -> dict[str, Any]:
    from ...graph import network as net

    names = state.names()
    counts = pair_counts(state, f, names)
    totals: dict[str, int] = {}
    for (a, b), n in counts.items():
        totals[a] = totals.get(a, 0) + n
        totals[b] = totals.get(b, 0) + n
    pairs = [{"source": a, "target": b, "events": n} for (a, b), n in counts.items()]
    keep = select_nodes([{"id": k, "events": v} for k, v in totals.items()], pairs, top, f.actor)
    cap = max_edges if max_edges is not None else 4 * top
    chosen = {(e["source"], e["target"]) for e in
              select_edges([e for e in pairs if e["source"] in keep and e["target"] in keep], cap)}
    among = set().union(*(names.family(n) for n in keep)) if f.rollup else set(keep)
    G, _ = maplayer.network_graph(state, **f.network_kwargs(), among=among, names=names, pairs=chosen)
    drawn = net.graph_json(G)
    edges = [compact_edge(e) for e in drawn["edges"]
             if (min(e["source"], e["target"]), max(e["source"], e["target"])) in chosen]
    ends = {n for e in edges for n in (e["source"], e["target"])}
    nodes = [{"id": n["id"], "kind": n.get("kind"), "events": totals.get(n["id"], 0), "parent": n.get("parent") or None}
             for n in drawn["nodes"] if n["id"] in ends]
    nodes.sort(key=lambda n: (-n["events"], n["id"]))
    return {"nodes": nodes, "edges": edges, "top": top, "focus": f.actor, "max_edges": cap,
            "total": {"nodes": len(totals), "edges": len(counts)}}


def month_extent(months: list[tuple[str, int]], share: float = 0.05) -> tuple[str | None, str | None]:
    """The months where the bulk of the events lie, as (first, last).

    Months at either end are left outside when a gap of more than two years
    parts them from the rest and, with any already left out, they hold at most
    ``share`` of the events; or when the gap is over three times as long as the
    rest spans and they hold at most a quarter: an article dated decades back
    should not stretch the chart.
    """
    if not months:
        return None, None
    total = sum(n for _, n in months)
    index = [int(m[:4]) * 12 + int(m[5:7]) for m, _ in months]
    lo, hi = 0, len(months) - 1

    def stray(cut: int, gap: int, rest: int) -> bool:
        return gap > 24 and (cut <= share * total or (gap > 3 * max(1, rest) and cut <= 0.25 * total))

    cut = 0
    while lo < hi and stray(cut + months[lo][1], index[lo + 1] - index[lo], index[hi] - index[lo + 1]):
        cut += months[lo][1]
        lo += 1
    cut = 0
    while hi > lo and stray(cut + months[hi][1], index[hi] - index[hi - 1], index[hi - 1] - index[lo]):
        cut += months[hi][1]
        hi -= 1
    return months[lo][0], months[hi][0]


@router.get("/view/timeline", summary="Events per month (cooperation and conflict) and the months that matter")
def timeline(f: ViewFilters = Depends(view_filters), state: AppState = Depends(get_state)) -> dict[str, Any]:
    from sqlalchemy import case, func, select

    from ...store.schema import analyst_events as v

    focus = None
    if f.actor:
        names = state.names()
        focus = names.family(f.actor) if f.rollup else {f.actor}
    pair = None
    if f.dyad:
        names = state.names()
        pair = (names.family(f.dyad[0]), names.family(f.dyad[1])) if f.rollup else ({f.dyad[0]}, {f.dyad[1]})
    month = func.substr(v.c.date_start, 1, 7)
    stmt = (select(month.label("month"), func.count().label("n"),
                   func.sum(case((v.c.type.in_(_COOP), 1), else_=0)).label("coop"))
            .where(v.c.date_start.is_not(None), *_conditions(f, focus, pair, period=False))
            .group_by(month).order_by(month))
    with state.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
    months = [{"month": r["month"], "events": int(r["n"]), "cooperation": int(r["coop"] or 0),
               "conflict": int(r["n"]) - int(r["coop"] or 0)} for r in rows]
    lo, hi = month_extent([(m["month"], m["events"]) for m in months])
    outside = {"before": sum(m["events"] for m in months if lo and m["month"] < lo),
               "after": sum(m["events"] for m in months if hi and m["month"] > hi)}
    return {"months": months, "first": months[0]["month"] if months else None,
            "last": months[-1]["month"] if months else None, "extent": [lo, hi], "outside": outside}


@router.get("/view/geo", summary="Events with coordinates, grouped by place (reviews applied)")
def geo(f: ViewFilters = Depends(view_filters), state: AppState = Depends(get_state)) -> dict[str, Any]:
    from sqlalchemy import select

    from ...store.schema import analyst_events as v

    names = state.names()
    focus = (names.family(f.actor) if f.rollup else {f.actor}) if f.actor else None
    pair = None
    if f.dyad:
        pair = (names.family(f.dyad[0]), names.family(f.dyad[1])) if f.rollup else ({f.dyad[0]}, {f.dyad[1]})
    cols = ("id", "doc_id", "actor", "recipient", "type", "status", "date", "lat", "lon", "country", "admin1",
            "location", "place")
    stmt = (select(*(v.c[c] for c in cols))
            .where(v.c.lat.is_not(None), v.c.lon.is_not(None), *_conditions(f, focus, pair))
            .order_by(v.c.date_start, v.c.id))
    with state.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
    kinds = {}
    if f.kinds:
        from ...graph.network import _kinds

        kinds = _kinds(state.store.engine, names, {r["actor"] for r in rows} | {r["recipient"] for r in rows})
    places: dict[tuple[float, float], dict[str, Any]] = {}
    total = 0
    for r in rows:
        if f.kinds and not (kinds.get(r["actor"]) in f.kinds and kinds.get(r["recipient"]) in f.kinds):
            continue
        total += 1
        key = (round(float(r["lat"]), 4), round(float(r["lon"]), 4))
        p = places.get(key)
        if p is None:
            p = places[key] = {"lat": key[0], "lon": key[1], "name": _place_name(r), "country": r["country"],
                               "admin1": r["admin1"], "events": 0, "cooperation": 0, "conflict": 0,
                               "sample": []}
        p["events"] += 1
        p["cooperation" if r["type"] in _COOP else "conflict"] += 1
        if len(p["sample"]) < 5:
            p["sample"].append({k: r[k] for k in ("id", "doc_id", "actor", "recipient", "type", "status", "date")})
    clusters = sorted(places.values(), key=lambda p: (-p["events"], p["name"] or ""))
    return {"places": clusters, "events": total}


def _place_name(r: dict[str, Any]) -> str | None:
    import json

    place = r.get("place")
    if isinstance(place, str):
        try:
            place = json.loads(place)
        except ValueError:
            place = None
    return (place or {}).get("name") or r.get("location") or r.get("admin1") or r.get("country")
