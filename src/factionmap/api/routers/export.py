"""The current view as a file: the page's filters in, one export format out."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from ...graph import export
from .. import maplayer
from ..errors import not_found
from ..state import AppState, get_state
from .view import ViewFilters, view_filters

router = APIRouter(tags=["export"])

# file name -> (format, media type); csv comes as its three tables
FILES = {
    "events.plover.jsonl": ("plover", "application/x-ndjson"),
    "network.gexf": ("gexf", "application/gexf+xml"),
    "network.graphml": ("graphml", "application/graphml+xml"),
    "network.json": ("json", "application/json"),
    "events.csv": ("events.csv", "text/csv"),
    "edges.csv": ("edges.csv", "text/csv"),
    "nodes.csv": ("nodes.csv", "text/csv"),
}


def view_events(state: AppState, f: ViewFilters, G: Any, names: Any) -> list[dict[str, Any]]:
    """The events behind the exported graph's edges (reviews applied), oldest first."""
    node_of = names.root if f.rollup else (lambda n: n)
    evs = state.store.events(since=f.since, until=f.until, type=f.types or None, status=f.statuses or None,
                             dyad=None if f.rollup else f.dyad)
    return [e for e in evs if G.has_edge(node_of(e["actor"]), node_of(e["recipient"]))]


@router.get("/export/{name}", summary="Download the current view: PLOVER JSONL, GEXF, GraphML, JSON or CSV",
            response_class=Response)
def download(name: str, f: ViewFilters = Depends(view_filters), state: AppState = Depends(get_state)) -> Response:
    if name not in FILES:
        raise not_found(f"no export {name!r}; choose one of {', '.join(FILES)}")
    fmt, media = FILES[name]
    G, names = maplayer.network_graph(state, **f.network_kwargs())
    if f.dyad:
        a, b = (names.root(x) for x in f.dyad) if f.rollup else f.dyad
        G = G.edge_subgraph([(a, b)] if G.has_edge(a, b) else []).copy()
    events = view_events(state, f, G, names) if fmt in ("plover", "gexf", "events.csv") else []
    if fmt.endswith(".csv"):
        body = export.csv_tables(G, events)[fmt]
    else:
        body = export.render(fmt, G, events, names)
    return Response(body, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="factionmap-{name}"'})
