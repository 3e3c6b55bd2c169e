// A dyad's timeline on a true time axis: bands in the colour of the
// relationship state between its changes, one marker per event at its date
// (cooperation above the axis, conflict below, further out the stronger),
// with the claim status as the marker's shape.
import { POLARITY, stateStyle } from "./palette.js";
import { h, svg } from "./dom.js";

export const STATUS_MARKS = {
  asserted: "filled circle",
  reported: "open circle",
  alleged: "open triangle",
  denied: "cross",
};

function dayStart(d) { // a partial ISO date's first day, as ms
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || "");
  return m ? Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1) : null;
}

function dayEnd(d) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || "");
  if (!m) return null;
  if (m[3]) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (m[2]) return Date.UTC(Number(m[1]), Number(m[2]), 0);
  return Date.UTC(Number(m[1]), 11, 31);
}

function mid(d) { const a = dayStart(d), b = dayEnd(d); return a === null ? null : (a + b) / 2; }

function mark(status, x, y, color) {
  const r = 4.5;
  if (status === "reported") return svg("circle", { cx: x, cy: y, r, fill: "#ffffff", stroke: color, "stroke-width": 2 });
  if (status === "alleged") {
    return svg("polygon", { points: `${x},${y - r - 1} ${x - r},${y + r - 1} ${x + r},${y + r - 1}`, fill: "#ffffff",
      stroke: color, "stroke-width": 2 });
  }
  if (status === "denied") {
    return svg("path", { d: `M${x - r},${y - r} L${x + r},${y + r} M${x - r},${y + r} L${x + r},${y - r}`,
      stroke: color, "stroke-width": 2.2, fill: "none" });
  }
  return svg("circle", { cx: x, cy: y, r, fill: color, stroke: "#ffffff", "stroke-width": 1 });
}

// d: /api/dyads/A/B; width: pixels; returns the figure and its legend.
export function dyadTimeline(d, width, onPick) {
  const events = (d.events || []).filter((e) => dayStart(e.date) !== null);
  if (!events.length) return null;
  const W = Math.max(260, width), H = 120, top = 8, axisY = 64, pad = 14;
  let t0 = Math.min(...events.map((e) => dayStart(e.date)));
  let t1 = Math.max(...events.map((e) => dayEnd(e.date)));
  for (const c of d.changes || []) { const t = dayStart(c.date); if (t !== null) { t0 = Math.min(t0, t); t1 = Math.max(t1, t); } }
  const span = Math.max(86400000 * 30, t1 - t0);
  t0 -= span * 0.03; t1 += span * 0.03;
  const x = (t) => pad + ((t - t0) / (t1 - t0)) * (W - 2 * pad);
  const s = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "dyad-time", role: "img",
    "aria-label": `timeline of ${events.length} events on a time axis, coloured by relationship state` });

  // state bands between changes
  const changes = (d.changes || []).filter((c) => dayStart(c.date) !== null);
  const bands = [{ from: t0, state: "no relation" }, ...changes.map((c) => ({ from: dayStart(c.date), state: c.state }))];
  const shown = new Set();
  bands.forEach((b, i) => {
    const to = i + 1 < bands.length ? bands[i + 1].from : t1;
    if (to <= b.from) return;
    const st = stateStyle(b.state);
    shown.add(b.state);
    s.appendChild(svg("rect", { x: x(b.from), y: top, width: Math.max(1, x(to) - x(b.from)), height: axisY * 2 - top * 2 - 8,
      fill: st.color, "fill-opacity": 0.13, class: "band", "data-state": b.state }, svg("title", {}, `${st.label} from ${new Date(b.from).toISOString().slice(0, 10)}`)));
    s.appendChild(svg("rect", { x: x(b.from), y: top, width: Math.max(1, x(to) - x(b.from)), height: 5, fill: st.color }));
  });

  // axis with year (or month) ticks
  s.appendChild(svg("line", { x1: pad, x2: W - pad, y1: axisY, y2: axisY, class: "axis" }));
  const y0 = new Date(t0).getUTCFullYear(), y1 = new Date(t1).getUTCFullYear();
  const years = y1 - y0 + 1;
  const monthly = years <= 2;
  const step = monthly ? 1 : [1, 2, 5, 10, 20].find((k) => (years / k) * 44 < W) || 50;
  for (let y = y0; y <= y1 + 1; y++) {
    for (let m = 0; m < (monthly ? 12 : 1); m += monthly ? (W > 500 ? 1 : 3) : 1) {
      const t = Date.UTC(y, m, 1);
      if (t < t0 || t > t1 || (!monthly && y % step)) continue;
      s.appendChild(svg("line", { x1: x(t), x2: x(t), y1: axisY - 3, y2: axisY + 3, class: "axis" }));
      s.appendChild(svg("text", { x: x(t), y: H - 4, class: "tick", "text-anchor": "middle" },
        monthly ? `${y}-${String(m + 1).padStart(2, "0")}` : String(y)));
    }
  }

  // one marker per event; same day, same side: stacked outwards
  const maxScore = Math.max(1, ...events.map((e) => Math.abs(e.weighted_score || 0)));
  const stacks = new Map();
  for (const e of events) {
    const sc = e.weighted_score || 0, up = sc >= 0;
    const tx = Math.round(x(mid(e.date)));
    const key = `${tx}:${up}`;
    const k = stacks.get(key) || 0;
    stacks.set(key, k + 1);
    const dist = 9 + (Math.abs(sc) / maxScore) * 30 + k * 7;
    const y = axisY + (up ? -dist : dist);
    const color = up ? POLARITY.cooperation : POLARITY.conflict;
    const g = svg("g", { class: "ev-mark", "data-event-id": e.event_id, "data-status": e.status,
      onclick: () => onPick && onPick(e.event_id) },
    svg("title", {}, `${e.date}: ${e.actor} ${e.type} ${e.recipient} (${e.status}; ${e.source || ""})`),
    mark(e.status, tx, Math.max(top + 8, Math.min(axisY * 2 - 12, y)), color));
    s.appendChild(g);
  }

  const legend = h("div", { class: "time-legend small", "data-testid": "timeline-legend" },
    ...[...shown].map((st) => {
      const sw = h("span", { class: "sw" });
      sw.style.backgroundColor = stateStyle(st).color;
      return h("span", { class: "item" }, sw, stateStyle(st).label);
    }),
    h("span", { class: "item muted" }, "● asserted · ○ reported · △ alleged · ✕ denied; above the line cooperation, below conflict"));
  return { figure: s, legend, from: new Date(t0), to: new Date(t1) };
}
