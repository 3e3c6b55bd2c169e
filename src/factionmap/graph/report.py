"""One self-contained HTML report: network picture, dyad timelines, contradictions.

Everything is inline (SVG drawn here, CSS in the page, no scripts, no fonts or
libraries from the network), so the file opens offline and can be mailed.
The network is laid out with networkx's spring layout, seeded, so the same
store gives the same picture.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx

from . import dates, scoring
from .contradictions import contradictions
from .network import build_graph
from .relations import dyad

# Colours of the headline states (data/relationship_states.json names them).
STATE_COLOURS = {"at war": "#c62828", "truce": "#00838f", "allied": "#2e7d32", "hostile": "#ef6c00",
                 "split": "#6a1b9a", "affiliated": "#558b2f", "negotiating": "#1565c0", "mediating": "#5c6bc0",
                 "contested": "#8d6e63", "no relation": "#9e9e9e"}
KIND_COLOURS = ["#1565c0", "#6a1b9a", "#00838f", "#4e342e", "#ad1457", "#558b2f", "#37474f", "#f9a825"]

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:2px solid #ddd} h3{margin-bottom:.3em}
.muted{color:#666} .legend span{display:inline-block;margin-right:1em}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-1px;margin-right:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em} th,td{border-bottom:1px solid #e5e5e5;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#fafafa;font-weight:600} td.ev{font-style:italic;color:#333}
.state{font-weight:600;padding:1px 6px;border-radius:3px;color:#fff}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0;background:#fcfcfc}
.kind{font-size:.8em;text-transform:uppercase;letter-spacing:.05em;color:#555}
svg text{font-family:inherit}
"""


def _state_badge(state: str) -> str:
    return f'<span class="state" style="background:{STATE_COLOURS.get(state, "#777")}">{escape(state)}</span>'


def packed_layout(H: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Spring layout per connected component, components packed on shelves.

    One spring layout of a disconnected graph pushes the components to the
    edges and squeezes each into a corner; laying them out one by one and
    giving each a cell sized to it keeps every component readable.
    """
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), sorted(c)[0]))
    sizes = [math.sqrt(len(c)) for c in comps]
    shelf_width = max(max(sizes, default=1), math.sqrt(sum(z * z for z in sizes)) * 1.6)
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, size in zip(comps, sizes):
        if x > 0 and x + size > shelf_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        sub = H.subgraph(comp)
        local = (nx.spring_layout(sub, seed=7, k=1.5 / math.sqrt(len(comp)), iterations=200)
                 if len(comp) > 1 else {next(iter(comp)): (0.0, 0.0)})
        lx = [p[0] for p in local.values()]
        ly = [p[1] for p in local.values()]
        for n, (px, py) in local.items():
            nx_ = (px - min(lx)) / ((max(lx) - min(lx)) or 1) if len(comp) > 1 else 0.5
            ny_ = (py - min(ly)) / ((max(ly) - min(ly)) or 1) if len(comp) > 1 else 0.5
            pos[n] = (x + 0.15 * size + 0.7 * size * nx_, y + 0.15 * size + 0.7 * size * ny_)
        x += size
        row_h = max(row_h, size)
    return pos


def network_svg(G: nx.Graph, width: int = 1000, height: int = 640, max_nodes: int = 60) -> str:
    """The network as inline SVG: edge colour = state, width = events, node colour = kind."""
    if G.number_of_nodes() == 0:
        return '<p class="muted">No events in the store for this period.</p>'
    keep = sorted(G.nodes, key=lambda n: -G.nodes[n].get("events", 0))[:max_nodes]
    H = G.subgraph(keep)
    pos = packed_layout(H)
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    pad = 90

    def sx(x: float) -> float:
        return pad + (x - min(xs)) / ((max(xs) - min(xs)) or 1) * (width - 2 * pad)

    def sy(y: float) -> float:
        return 40 + (y - min(ys)) / ((max(ys) - min(ys)) or 1) * (height - 80)

    kinds = sorted({H.nodes[n].get("kind", "unknown") for n in H})
    kcol = {k: KIND_COLOURS[i % len(KIND_COLOURS)] for i, k in enumerate(kinds)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="actor network">']
    for a, b, d in sorted(H.edges(data=True), key=lambda x: x[2]["events"]):
        w = 1 + 2.2 * math.log1p(d["events"])
        s = d.get("strongest") or {}
        tip = (f"{a} – {b}: {d['label']}, {d['events']} events\n"
               f"strongest: {s.get('type', '')} ({s.get('status', '')}) {s.get('evidence', '')}")
        parts.append(
            f'<line x1="{sx(pos[a][0]):.1f}" y1="{sy(pos[a][1]):.1f}" x2="{sx(pos[b][0]):.1f}" '
            f'y2="{sy(pos[b][1]):.1f}" stroke="{STATE_COLOURS.get(d["state"], "#999")}" stroke-width="{w:.1f}" '
            f'stroke-opacity="0.75"><title>{escape(tip)}</title></line>')
    for n in H:
        d = H.nodes[n]
        r = 6 + 3 * math.log1p(d.get("events", 0))
        x, y = sx(pos[n][0]), sy(pos[n][1])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{kcol[d.get("kind", "unknown")]}" stroke="#fff" '
            f'stroke-width="1.5"><title>{escape(n)} ({escape(d.get("kind", ""))}), {d.get("events", 0)} events'
            f'</title></circle>')
        label = n if len(n) <= 26 else n[:24] + "…"
        parts.append(f'<text x="{x:.1f}" y="{y - r - 4:.1f}" text-anchor="middle" font-size="12" '
                     f'paint-order="stroke" stroke="#fff" stroke-width="3">{escape(label)}</text>')
    parts.append("</svg>")
    legend = ('<p class="legend">'
              + "".join(f'<span><i class="sw" style="background:{c}"></i>{escape(s)}</span>'
                        for s, c in STATE_COLOURS.items())
              + " &nbsp;|&nbsp; "
              + "".join(f'<span><i class="sw" style="background:{kcol[k]};border-radius:50%"></i>{escape(k)}</span>'
                        for k in kinds)
              + "</p>")
    note = (f'<p class="muted">Showing the {len(keep)} most active of {G.number_of_nodes()} actors.</p>'
            if G.number_of_nodes() > len(keep) else "")
    return legend + "".join(parts) + note


def timeline_svg(dy: Any, width: int = 1000, height: int = 150) -> str:
    """Events of one dyad on a time axis: cooperation above the line, conflict below, state as bands."""
    evs = dy.events
    if not evs:
        return '<p class="muted">No dated events.</p>'
    t0 = min(dates.start(e["date"]) for e in evs)
    t1 = max(dates.end(e["date"]) for e in evs)
    t0, t1 = date(t0.year, 1, 1), date(t1.year, 12, 31)
    span = (t1 - t0).days or 1
    left, right, mid = 40, width - 20, height / 2

    def x(d: date) -> float:
        return left + (d - t0).days / span * (right - left)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 20}" width="100%" '
             f'role="img" aria-label="timeline">']
    for i, ch in enumerate(dy.changes):
        x0 = x(dates.start(ch.date))
        x1 = x(dates.start(dy.changes[i + 1].date)) if i + 1 < len(dy.changes) else right
        parts.append(f'<rect x="{x0:.1f}" y="8" width="{max(x1 - x0, 1):.1f}" height="{height - 16}" '
                     f'fill="{STATE_COLOURS.get(ch.state, "#999")}" fill-opacity="0.10"><title>'
                     f'{escape(ch.reason)}</title></rect>')
    parts.append(f'<line x1="{left}" y1="{mid}" x2="{right}" y2="{mid}" stroke="#888"/>')
    for year in range(t0.year, t1.year + 2):
        d = date(year, 1, 1)
        if d > t1:
            break
        parts.append(f'<line x1="{x(d):.1f}" y1="{height - 8}" x2="{x(d):.1f}" y2="{height - 2}" stroke="#888"/>'
                     f'<text x="{x(d) + 2:.1f}" y="{height + 12}" font-size="11" fill="#555">{year}</text>')
    for e in evs:
        ws = scoring.weighted_score(e)
        mid_d = dates.start(e["date"]) + (dates.end(e["date"]) - dates.start(e["date"])) / 2
        y = mid - ws / 10 * (mid - 14)
        colour = "#2e7d32" if ws > 0 else "#c62828" if ws < 0 else "#777"
        hollow = e["status"] in ("denied", "alleged")
        tip = (f"{e['date']} {e['actor']} {e['type']} {e['recipient']} ({e['status']}; "
               f"{', '.join(e['claimed_by']) or e.get('doc_outlet') or e['doc_id']}): {e.get('evidence', '')}")
        parts.append(f'<circle cx="{x(mid_d):.1f}" cy="{y:.1f}" r="5" fill="{"#fff" if hollow else colour}" '
                     f'stroke="{colour}" stroke-width="2"><title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _claims_table(rows: list[dict[str, Any]], side_col: bool = True) -> str:
    head = (("<th>side</th>" if side_col else "") + "<th>date</th><th>actor → recipient</th><th>type</th>"
            "<th>status</th><th>source</th><th>document</th><th>evidence</th>")
    body = []
    for r in rows:
        doc = escape(r.get("title") or r["doc"])
        if r.get("url"):
            doc = f'<a href="{escape(r["url"])}">{doc}</a>'
        arrow = "↔" if r.get("mutual") else "→"
        body.append(
            "<tr>" + (f"<td>{escape(r.get('side', ''))}</td>" if side_col else "")
            + f"<td>{escape(str(r.get('date') or ''))}</td><td>{escape(r['actor'])} {arrow} {escape(r['recipient'])}</td>"
            f"<td>{escape(r['type'])}</td><td>{escape(r['status'])}{' ' + escape(', '.join(r['aux'])) if r.get('aux') else ''}</td>"
            f"<td>{escape(r['source'])}</td><td>{doc} <span class=\"muted\">({escape(r['doc'])})</span></td>"
            f"<td class=\"ev\">“{escape(r.get('evidence') or '')}”</td></tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def build_html(engine: Any, names: Any, since: str | None = None, until: str | None = None,
               top_dyads: int = 8, rollup: bool = False, title: str = "factionmap report") -> str:
    G = build_graph(engine, names, since=since, until=until, rollup=rollup)
    majors = sorted(G.edges(data=True), key=lambda x: (-x[2]["events"], x[0], x[1]))[:top_dyads]
    cons = contradictions(engine, names, since=since, until=until)
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
           f"<meta name='viewport' content='width=device-width,initial-scale=1'><style>{CSS}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f"<p class='muted'>{G.number_of_nodes()} actors, {G.number_of_edges()} relations, "
           f"{sum(d['events'] for _, _, d in G.edges(data=True))} events"
           f"{' from ' + escape(since) if since else ''}{' until ' + escape(until) if until else ''}; "
           f"{len(cons)} contradictions. Generated {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.</p>",
           "<h2>Network</h2>", network_svg(G),
           "<p class='muted'>Edge colour: the dyad's headline relationship state, derived from the kinds of "
           "events between the two (fighting, threats, talks, truces, aid, allegiance) as the README's taxonomy "
           "describes; several states can hold at once, and a denied claim only ever makes a state contested. "
           "Hover an edge for all its states and its strongest evidence.</p>",
           "<h2>Major relationships</h2>"]
    for a, b, d in majors:
        dy = dyad(engine, names, a, b, rollup=rollup, since=since, until=until)
        cur = dy.current
        out.append(f"<h3>{escape(a)} – {escape(b)} {_state_badge(cur['state'])}</h3>")
        since_txt = f" since {escape(cur['since'])}" if cur["since"] else ""
        out.append(f"<p class='muted'>{d['events']} events; as of {escape(cur['as_of'])}: {escape(cur['label'])}"
                   f"{since_txt}.</p><ul>" + "".join(f"<li>{escape(v['reason'])}</li>" for v in cur["states"])
                   + "</ul>")
        out.append(timeline_svg(dy))
        rows = [dy._event_json(e) for e in dy.events]
        out.append("<details><summary>events</summary>" + _claims_table(rows, side_col=False) + "</details>")
    out.append("<h2>Contradictions</h2>")
    if not cons:
        out.append("<p class='muted'>None found.</p>")
    for c in cons:
        out.append(f"<div class='card'><div class='kind'>{escape(c.kind.replace('_', ' '))} · "
                   f"{escape(c.dyad[0])} – {escape(c.dyad[1])} · {escape(str(c.period[0]))} – "
                   f"{escape(str(c.period[1]))}</div><p>{escape(c.explanation)}</p>"
                   f"{_claims_table(c.claims)}</div>")
    out.append("</body></html>\n")
    return "".join(out)


def write_report(engine: Any, names: Any, out_dir: str | Path = "report", **kw: Any) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "factionmap-report.html"
    path.write_text(build_html(engine, names, **kw), encoding="utf-8")
    return path
