"""The map in the formats other tools read, each checked to open cleanly there.

* GraphML (networkx, Gephi, yEd) and GEXF (Gephi) with typed attributes: counts
  per quad group, claim status and direction are numeric columns, never JSON
  text. The GEXF is dynamic: each node and edge carries the spells in which its
  events fall, so Gephi's timeline plays the network through time.
* Node-link JSON that ``networkx.node_link_graph`` reads back as it is.
* CSV tables (nodes, edges, events) for pandas and R: ISO dates, the interval
  a partial date covers (``date_start``/``date_end``) with its granularity, and
  latitude, longitude and country as plain columns.
* PLOVER JSON Lines following the manual's data fields (validated against
  ``data/plover/schema.json``, built from the manual by
  ``scripts/build_plover_schema.py``): a required YYYY-MM-DD ``date`` (and
  ``enddate`` when the source only gives a month or year), entity ``code`` and
  ``sector`` where known, ``context`` with the auxiliary modes, ``event_loc``
  with ``extracted_place``/``resolved_place``, ``text_info`` offsets and
  ``cite_info``. This project's claim layer rides along as named fields
  (``claim_status``, ``claimed_by``, ``weighted_score``), as the manual allows.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ..model import PLOVER_QUADS, STATUSES
from . import dates, scoring
from .source import source_label

FORMATS = ("graphml", "gexf", "json", "csv", "plover")
_QUAD_CODE = {q: i for i, q in enumerate(PLOVER_QUADS, start=1)}
# resolution codes of the PLOVER location object, by the gazetteer's feature kind
_RESOLUTION = {"city": 4, "admin1": 2, "region": 2, "country": 1}


# ---------------------------------------------------------------- PLOVER vocabulary

def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("factionmap").joinpath("data", "plover", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def plover_schema() -> dict[str, Any]:
    """The JSON Schema of one PLOVER record (written from the manual's tables)."""
    return _data("schema.json")


@lru_cache(maxsize=1)
def plover_vocabulary() -> dict[str, Any]:
    return _data("vocabulary.json")


@lru_cache(maxsize=1)
def _entity_rules() -> dict[str, Any]:
    return _data("entities.json")


def entity_codes(name: str, names: Any) -> dict[str, str]:
    """PLOVER ``code`` (ISO3 or a non-state code) and ``sector`` of an actor, where the dictionary knows them."""
    rules = _entity_rules()
    out: dict[str, str] = {}
    if names is None:
        return out
    kind, country = names.kind(name), names.country(name)
    if kind == "igo":
        out["code"] = rules["code_by_root"].get(names.root(name), rules["igo_code"])
    elif country:
        out["code"] = country
    elif kind in rules["stateless_code"]:
        out["code"] = rules["stateless_code"][kind]
    if sector := rules["sector_by_kind"].get(kind or ""):
        out["sector"] = sector
    return out


def _iso3(code2: str | None) -> str | None:
    if not code2:
        return None
    if len(code2) == 3:
        return code2.upper()
    import pycountry

    c = pycountry.countries.get(alpha_2=code2.upper())
    return c.alpha_3 if c else None


def _place(e: dict[str, Any]) -> dict[str, Any]:
    """The event's place as one dict, whichever query produced the event."""
    place = e.get("place")
    if isinstance(place, str):
        place = json.loads(place)
    place = dict(place or {})
    for key in ("country", "admin1", "lat", "lon"):
        if place.get(key) is None and e.get(key) is not None:
            place[key] = e[key]
    return place


def _location(e: dict[str, Any]) -> dict[str, Any] | None:
    place = _place(e)
    if not e.get("location") and not place:
        return None
    loc: dict[str, Any] = {}
    if e.get("location"):
        loc["extracted_place"] = e["location"]
    if place.get("name"):
        loc["resolved_place"] = place["name"]
    for src, dst in (("lat", "lat"), ("lon", "lon"), ("admin1", "province"), ("country", "country")):
        if place.get(src) is not None:
            loc[dst] = place[src]
    if code := _iso3(place.get("country_code")):
        loc["country_code"] = code
    if place.get("feature") == "city":
        loc["city"] = place.get("name")
    if (res := _RESOLUTION.get(place.get("feature") or "")) is not None:
        loc["resolution"] = res
    return loc


def plover_record(e: dict[str, Any], names: Any = None) -> dict[str, Any] | None:
    """One event as a PLOVER record; None when it has no date (the manual requires one)."""
    span = dates.interval(e.get("date") or e.get("doc_date"))
    if span is None:
        return None

    def entity(name: str) -> dict[str, Any]:
        return {"entity_name": name, "identifier_text": name, **entity_codes(name, names)}

    doc_id = e.get("doc_id") or e.get("doc")
    rules = _entity_rules()["context_by_aux"]
    rec: dict[str, Any] = {
        "id": e["id"],
        "date": span[0].isoformat(),
    }
    if span[1] != span[0]:
        rec["enddate"] = span[1].isoformat()
    rec.update({
        "actor": [entity(e["actor"])] + ([entity(e["recipient"])] if e["mutual"] else []),
        "recipient": [] if e["mutual"] else [entity(e["recipient"])],
        "event": [e["type"]],
        "mode": [e["mode"]] if e.get("mode") else [],
        "context": [rules[a] for a in e.get("aux") or [] if a in rules],
        "quad_code": _QUAD_CODE.get(scoring.quad(e["type"])),
        "event_scale": scoring.type_score(e["type"], e.get("mode")),
        "event_text": [e["evidence"]] if e.get("evidence") else [],
    })
    if loc := _location(e):
        rec["event_loc"] = loc
    if e.get("evidence_start") is not None:
        rec["text_info"] = {k: v for k, v in (("sequence", e.get("sentence")), ("start", e.get("evidence_start")),
                                               ("end", e.get("evidence_end"))) if v is not None}
    cite = {"citation": doc_id, "title": e.get("doc_title"), "url": e.get("url") or e.get("doc_url"),
            "publication": e.get("outlet") or e.get("doc_outlet"), "language": "en", "coder": "factionmap",
            "codebook": "plover"}
    rec["cite_info"] = {k: v for k, v in cite.items() if v}
    rec["coder"] = "factionmap"
    if e["mutual"]:
        rec["comment"] = "reciprocal: every party is an actor (PLOVER convention)"
    # this project's claim layer, as named fields beyond the manual's
    rec["claim_status"] = e["status"]
    rec["claimed_by"] = list(e.get("claimed_by") or [])
    rec["date_granularity"] = e.get("date_granularity") or _granularity(e.get("date") or e.get("doc_date"))
    rec["weighted_score"] = round(scoring.weighted_score(e), 3)
    if e.get("doc_date"):
        rec["story_date"] = e["doc_date"]
    return rec


def plover_records(events: Iterable[dict[str, Any]], names: Any = None) -> tuple[list[dict[str, Any]], int]:
    """The events as PLOVER records, and how many were left out for want of a date."""
    out, skipped = [], 0
    for e in events:
        rec = plover_record(e, names)
        if rec is None:
            skipped += 1
        else:
            out.append(rec)
    return out, skipped


def plover_jsonl(events: list[dict[str, Any]], names: Any = None) -> str:
    records, _ = plover_records(events, names)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def validate_plover(record: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``record`` conforms to the PLOVER schema."""
    import jsonschema

    jsonschema.Draft202012Validator(plover_schema()).validate(record)


# ---------------------------------------------------------------- dates

def _granularity(d: str | None) -> str | None:
    if not d:
        return None
    n = len(d.strip())
    return "day" if n >= 10 else "month" if n >= 7 else "year"


def date_columns(d: str | None) -> dict[str, Any]:
    """``date_start``/``date_end`` (ISO days) and the granularity of a possibly partial date."""
    span = dates.interval(d)
    if span is None:
        return {"date_start": None, "date_end": None}
    return {"date_start": span[0].isoformat(), "date_end": span[1].isoformat()}


# ---------------------------------------------------------------- graph attributes

def _col(quad: str) -> str:
    return "events_" + quad.replace(" ", "_")


def _scalar(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
        return "; ".join(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _typed(prefix: str, d: dict[str, Any]) -> dict[str, Any] | None:
    """A dict of numbers as numeric columns (``prefix_key``); None when it holds anything else."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d.values()):
        return None
    return {f"{prefix}_{str(k).replace(' ', '_')}": v for k, v in d.items()}


def _edge_attrs(a: str, b: str, d: dict[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for k, v in d.items():
        if k in ("strongest", "by_quad", "by_status", "directed"):
            continue
        if isinstance(v, dict) and (cols := _typed(k, v)) is not None:
            attrs.update(cols)
        else:
            attrs[k] = _scalar(v)
    by_quad, by_status, directed = d.get("by_quad") or {}, d.get("by_status") or {}, d.get("directed") or {}
    for q in PLOVER_QUADS:
        attrs[_col(q)] = int(by_quad.get(q, 0))
    for st in STATUSES:
        attrs[f"status_{st}"] = int(by_status.get(st, 0))
    attrs["events_source_to_target"] = int(directed.get(f"{a} -> {b}", 0))
    attrs["events_target_to_source"] = int(directed.get(f"{b} -> {a}", 0))
    for key in ("first", "last"):
        if key in d:
            attrs[key] = d[key] or ""
    s = d.get("strongest") or {}
    attrs["evidence"] = s.get("evidence") or ""
    attrs["evidence_source"] = source_label({**s, "doc_id": s.get("doc", "")}) if s else ""
    attrs["evidence_doc"] = s.get("doc") or ""
    attrs["evidence_date"] = s.get("date") or ""
    attrs["weight"] = float(d.get("events", 1))
    return attrs


def flat(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str/int/float/bool, as GraphML and GEXF require."""
    H = nx.Graph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items()})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in d.items()})
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **_edge_attrs(a, b, d))
    return H


def spells(G: nx.Graph, events: Iterable[dict[str, Any]],
           node_of: Callable[[str], str] | None = None) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Per edge, the merged day intervals its events cover (partial dates cover their month or year)."""
    node_of = node_of or (lambda n: n)
    found: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
    for e in events:
        a, b = node_of(e["actor"]), node_of(e["recipient"])
        if not G.has_edge(a, b):
            continue
        span = dates.interval(e.get("date") or e.get("doc_date"))
        if span:
            found.setdefault((a, b) if a < b else (b, a), []).append(span)
    out = {}
    for key, spans in found.items():
        merged: list[list[Any]] = []
        for s, t in sorted(spans):
            if merged and (s - merged[-1][1]).days <= 1:
                merged[-1][1] = max(merged[-1][1], t)
            else:
                merged.append([s, t])
        out[key] = [(s.isoformat(), t.isoformat()) for s, t in merged]
    return out


def graphml(G: nx.Graph) -> str:
    buf = io.BytesIO()
    nx.write_graphml(flat(G), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def gexf(G: nx.Graph, events: Iterable[dict[str, Any]] = (), node_of: Callable[[str], str] | None = None) -> str:
    """GEXF 1.2; with events, a dynamic graph whose nodes and edges carry their spells."""
    H = flat(G)
    by_edge = spells(G, events, node_of)
    if by_edge:
        H.graph["mode"] = "dynamic"
        node_spells: dict[str, list[tuple[str, str]]] = {}
        for (a, b), sp in by_edge.items():
            key = (a, b) if H.has_edge(a, b) else (b, a)
            H.edges[key]["spells"] = sp
            for n in (a, b):
                node_spells.setdefault(n, []).extend(sp)
        for n, sp in node_spells.items():
            merged: list[list[str]] = []
            for s, t in sorted(sp):
                if merged and s <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], t)
                else:
                    merged.append([s, t])
            H.nodes[n]["spells"] = [tuple(m) for m in merged]
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def node_link(G: nx.Graph) -> dict[str, Any]:
    """Node-link JSON in networkx's own default shape, so ``node_link_graph(data)`` reads it back."""
    return nx.node_link_data(G)


# ---------------------------------------------------------------- CSV

EVENT_COLUMNS = ("id", "doc_id", "date", "date_start", "date_end", "date_granularity", "actor", "recipient",
                 "type", "quad", "mode", "mutual", "status", "claimed_by", "aux", "score", "weighted_score",
                 "location", "place", "admin1", "country", "country_code", "lat", "lon", "outlet", "doc_title",
                 "doc_date", "url", "evidence", "evidence_start", "evidence_end")


def event_row(e: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row: what events.csv holds."""
    place = _place(e)
    d = e.get("date") or e.get("doc_date")
    return {
        **e,
        "doc_id": e.get("doc_id") or e.get("doc"),
        "date": d,
        **date_columns(d),
        "date_granularity": e.get("date_granularity") or _granularity(d),
        "quad": scoring.quad(e["type"]),
        "score": scoring.type_score(e["type"], e.get("mode")),
        "weighted_score": round(scoring.weighted_score(e), 3),
        "claimed_by": "; ".join(e.get("claimed_by") or []),
        "aux": "; ".join(e.get("aux") or []),
        "place": place.get("name"),
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "country_code": _iso3(place.get("country_code")),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "outlet": e.get("outlet") or e.get("doc_outlet"),
        "url": e.get("url") or e.get("doc_url"),
    }


def csv_tables(G: nx.Graph, events: list[dict[str, Any]]) -> dict[str, str]:
    """nodes.csv, edges.csv and events.csv as text (empty cells for unknown values)."""
    H = flat(G)
    node_cols = ["id"] + sorted({k for _, d in H.nodes(data=True) for k in d})
    edge_cols = ["source", "target"] + sorted({k for _, _, d in H.edges(data=True) for k in d})
    edge_rows = []
    for a, b, d in H.edges(data=True):
        row = {"source": a, "target": b, **d}
        for key in ("first", "last"):  # ISO days, as in events.csv
            if d.get(key):
                row[key] = date_columns(d[key])["date_start" if key == "first" else "date_end"]
        edge_rows.append(row)
    return {
        "nodes.csv": _csv(node_cols, ({"id": n, **d} for n, d in H.nodes(data=True))),
        "edges.csv": _csv(edge_cols, edge_rows),
        "events.csv": _csv(list(EVENT_COLUMNS), (event_row(e) for e in events)),
    }


def _csv(cols: list[str], rows: Any) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: "" if r.get(k) is None else _scalar(r.get(k)) for k in cols})
    return buf.getvalue()


# ---------------------------------------------------------------- writing

def render(fmt: str, G: nx.Graph, events: list[dict[str, Any]], names: Any = None) -> str:
    """The text of a single-file format, for stdout or an HTTP response."""
    if fmt == "csv":
        raise ValueError("csv writes several tables: give --out DIR")
    node_of = names.root if names is not None and G.graph.get("rollup") else None
    return {
        "graphml": lambda: graphml(G),
        "gexf": lambda: gexf(G, events, node_of),
        "json": lambda: json.dumps(node_link(G), ensure_ascii=False, indent=1) + "\n",
        "plover": lambda: plover_jsonl(events, names),
    }[fmt]()


def write(fmt: str, G: nx.Graph, events: list[dict[str, Any]], out: str | None, names: Any = None) -> list[str]:
    """Write one format; return the paths written."""
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
    if out is None:
        raise ValueError("no output path")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(render(fmt, G, events, names), encoding="utf-8")
    return [out]
