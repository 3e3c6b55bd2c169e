"""The API's one door into the map layer (:mod:`factionmap.graph`).

The routers call these functions, which call the graph modules with the
store's engine and a name resolver; nothing here recomputes states or
contradictions. Filters the graph function takes are passed through.
"""
from __future__ import annotations

import inspect
from typing import Any

from .errors import invalid
from .state import AppState


def _accepts(fn: Any, name: str) -> bool:
    return name in inspect.signature(fn).parameters


def network(state: AppState, *, since: str | None, until: str | None, actor: str | None,
            min_events: int, rollup: bool, kinds: list[str], types: list[str],
            statuses: list[str]) -> dict[str, Any]:
    from ..graph import network as net

    names = state.names()
    kwargs: dict[str, Any] = dict(since=since, until=until, actor=actor, min_events=min_events, rollup=rollup)
    for key, value in (("types", types), ("statuses", statuses), ("kinds", kinds)):
        if value and _accepts(net.build_graph, key):
            kwargs[key] = value
        elif value and key != "kinds":  # never pretend to filter
            raise invalid(f"{key[:-1] if key == 'types' else 'status'}: the map layer cannot filter "
                          f"the graph by {key} yet; leave all {key} ticked")
    G = net.build_graph(state.store.engine, names, **kwargs)
    out = net.graph_json(G)
    if kinds and "kinds" not in kwargs:  # keep edges whose both ends are of a chosen kind
        keep = {n["id"] for n in out["nodes"] if n.get("kind") in kinds}
        out["nodes"] = [n for n in out["nodes"] if n["id"] in keep]
        out["edges"] = [e for e in out["edges"] if e["source"] in keep and e["target"] in keep]
    return out


def dyad(state: AppState, a: str, b: str, *, at: str | None, since: str | None, until: str | None,
         rollup: bool) -> dict[str, Any]:
    from ..gcpause import gc_paused
    from ..graph import relations

    with gc_paused():
        d = relations.dyad(state.store.engine, state.names(), a, b, rollup=rollup, since=since, until=until)
        return d.to_json(at=at)


def contradictions(state: AppState, *, actor: str | None = None, pair: tuple[str, str] | None = None,
                   since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    from ..gcpause import gc_paused
    from ..graph import contradictions as con

    names = state.names()
    with gc_paused():
        found = con.contradictions(state.store.engine, names, actor=None if pair else actor, pair=pair,
                                   since=since, until=until)
        out = [c.to_json() for c in found]
    if pair:
        a, b = pair

        def same(x: str, y: str) -> bool:
            return x == y or names.related(x, y)

        out = [c for c in out if (same(c["dyad"][0], a) and same(c["dyad"][1], b))
               or (same(c["dyad"][0], b) and same(c["dyad"][1], a))]
        out.sort(key=lambda c: set(c["dyad"]) != {a, b})  # this very pair first, then its branches
    return out


def actor_profile(state: AppState, name: str, *, rollup: bool = False, since: str | None = None,
                  until: str | None = None) -> dict[str, Any]:
    from ..graph import profile

    return profile.profile(state.store.engine, state.names(), name, rollup=rollup, since=since, until=until)


def network_graph(state: AppState, *, since: str | None, until: str | None, actor: str | None,
                  min_events: int, rollup: bool, kinds: list[str], types: list[str],
                  statuses: list[str], among: set[str] | None = None, names: Any = None,
                  pairs: set[tuple[str, str]] | None = None) -> tuple[Any, Any]:
    """The network as a networkx graph (for the exports and the web view) and the name resolver it used.

    The same filters as :func:`network`; a kind filter keeps edges whose both ends are of a chosen kind;
    ``among`` keeps events between two of those actors only, ``pairs`` only those edges.
    """
    from ..graph import network as net

    names = names or state.names()
    G = net.build_graph(state.store.engine, names, since=since, until=until, actor=actor,
                        min_events=min_events, rollup=rollup, types=types or None, statuses=statuses or None,
                        among=among, pairs=pairs)
    if kinds:
        G.remove_nodes_from([n for n, d in list(G.nodes(data=True)) if d.get("kind") not in kinds])
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    return G, names
