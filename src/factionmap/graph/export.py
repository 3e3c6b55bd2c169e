"""The map in the formats other tools read.

GraphML and GEXF for Gephi and networkx (attributes flattened to scalars: lists
and dicts as JSON text, quad counts as numeric columns), node-link JSON,
CSV tables (nodes, edges, events) for pandas and R, and PLOVER-style event
JSON Lines (the manual's field names: id, date, actor, recipient, event,
mode, quad_code, event_scale, event_text, ...).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..model import PLOVER_QUADS
from . import scoring
from .source import source_label

FORMATS = ("graphml", "gexf", "json", "csv", "plover")
_QUAD_CODE = {q: i for i, q in enumerate(PLOVER_QUADS, start=1)}


def _col(quad: str) -> str:
    return "events_" + quad.replace(" ", "_")


def flat(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str/int/float/bool, as GraphML and GEXF require."""
    H = nx.Graph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items()})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in d.items()})
    for a, b, d in G.edges(data=True):
        attrs = {k: _scalar(v) for k, v in d.items() if k not in ("strongest",)}
        standing = {st["state"]: st["standing"] for st in d.get("states", [])}
        for name in scoring.states():  # one column per state: its standing ("" when it does not hold)
            attrs["state_" + name.replace(" ", "_")] = standing.get(name, "")
        for q in PLOVER_QUADS:
            attrs[_col(q)] = int(d.get("by_quad", {}).get(q, 0))
        s = d.get("strongest") or {}
        attrs["evidence"] = s.get("evidence") or ""
        attrs["evidence_source"] = source_label({**s, "doc_id": s.get("doc", "")}) if s else ""
        attrs["evidence_doc"] = s.get("doc") or ""
        attrs["evidence_date"] = s.get("date") or ""
        attrs["weight"] = float(d.get("events", 1))
        H.add_edge(a, b, **attrs)
    return H


def _scalar(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (bool, int, float, str)):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def graphml(G: nx.Graph) -> str:
    buf = io.BytesIO()
    nx.write_graphml(flat(G), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def gexf(G: nx.Graph) -> str:
    buf = io.BytesIO()
    nx.write_gexf(flat(G), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def node_link(G: nx.Graph) -> dict[str, Any]:
    return nx.node_link_data(G, edges="links")


def csv_tables(G: nx.Graph, events: list[dict[str, Any]]) -> dict[str, str]:
    """nodes.csv, edges.csv and events.csv as text."""
    H = flat(G)
    node_cols = ["id"] + sorted({k for _, d in H.nodes(data=True) for k in d})
    edge_cols = ["source", "target"] + sorted({k for _, _, d in H.edges(data=True) for k in d})
    ev_cols = ["id", "doc_id", "date", "date_start", "date_end", "actor", "recipient", "type", "quad", "mode",
               "mutual", "status", "claimed_by", "aux", "bearing", "supports", "score", "weighted_score", "location",
               "doc_outlet", "doc_title", "doc_url", "evidence", "evidence_start", "evidence_end"]
    out = {}
    out["nodes.csv"] = _csv(node_cols, ({"id": n, **d} for n, d in H.nodes(data=True)))
    out["edges.csv"] = _csv(edge_cols, ({"source": a, "target": b, **d} for a, b, d in H.edges(data=True)))
    out["events.csv"] = _csv(ev_cols, (
        {**e, "quad": scoring.quad(e["type"]), "score": scoring.type_score(e["type"], e.get("mode")),
         "bearing": scoring.bearing(e), "supports": scoring.state_for(e),
         "weighted_score": round(scoring.weighted_score(e), 3),
         "claimed_by": "; ".join(e["claimed_by"]), "aux": "; ".join(e["aux"])}
        for e in events))
    return out


def _csv(cols: list[str], rows: Any) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _scalar(r.get(k)) for k in cols})
    return buf.getvalue()


def plover_record(e: dict[str, Any], names: Any = None) -> dict[str, Any]:
    """One event in PLOVER JSON (manual, 'PLOVER JSON' table) plus this project's provenance fields."""
    def entity(name: str) -> dict[str, Any]:
        ent: dict[str, Any] = {"entity_name": name}
        if names is not None:
            if k := names.kind(name):
                ent["kind"] = k
            if c := names.country(name):
                ent["country_name"] = c
        return ent

    actors = [entity(e["actor"])] + ([entity(e["recipient"])] if e["mutual"] else [])
    rec = {
        "id": e["id"],
        "date": e.get("date"),
        "actor": actors,
        "recipient": [] if e["mutual"] else [entity(e["recipient"])],
        "event": [e["type"]],
        "mode": [e["mode"]] if e.get("mode") else [],
        "quad_code": _QUAD_CODE.get(scoring.quad(e["type"])),
        "event_scale": scoring.type_score(e["type"], e.get("mode")),
        "event_text": [e.get("evidence")] if e.get("evidence") else [],
        "event_loc": {"name": e.get("location"), "country": e.get("country"), "lat": e.get("lat"),
                      "lon": e.get("lon")} if e.get("location") else None,
        "cite_info": {"doc": e["doc_id"], "title": e.get("doc_title"), "publication": e.get("doc_outlet"),
                      "url": e.get("doc_url"), "story_date": e.get("doc_date")},
        "status": e["status"],
        "claimed_by": e["claimed_by"],
        "aux": e["aux"],
        "weighted_score": round(scoring.weighted_score(e), 3),
        "bearing": scoring.bearing(e),
        "supports": scoring.state_for(e),
        "coder": "factionmap",
    }
    if e["mutual"]:
        rec["comment"] = "reciprocal: every party is an actor (PLOVER convention)"
    return rec


def plover_jsonl(events: list[dict[str, Any]], names: Any = None) -> str:
    return "".join(json.dumps(plover_record(e, names), ensure_ascii=False) + "\n" for e in events)


def write(fmt: str, G: nx.Graph, events: list[dict[str, Any]], out: str | None, names: Any = None) -> list[str]:
    """Write one format; return the paths written ([] when printed to stdout via the caller)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        target = Path(out or "factionmap-csv")
        target.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, body in csv_tables(G, events).items():
            (target / name).write_text(body, encoding="utf-8")
            paths.append(str(target / name))
        return paths
    body = {
        "graphml": lambda: graphml(G),
        "gexf": lambda: gexf(G),
        "json": lambda: json.dumps(node_link(G), ensure_ascii=False, indent=1) + "\n",
        "plover": lambda: plover_jsonl(events, names),
    }[fmt]()
    if out is None:
        raise ValueError("no output path")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(body, encoding="utf-8")
    return [out]


def render(fmt: str, G: nx.Graph, events: list[dict[str, Any]], names: Any = None) -> str:
    """The text of a single-file format, for stdout."""
    if fmt == "csv":
        raise ValueError("csv writes several tables: give --out DIR")
    return {
        "graphml": lambda: graphml(G),
        "gexf": lambda: gexf(G),
        "json": lambda: json.dumps(node_link(G), ensure_ascii=False, indent=1) + "\n",
        "plover": lambda: plover_jsonl(events, names),
    }[fmt]()
