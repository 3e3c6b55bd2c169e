// The network: Cytoscape.js with the fCoSE force layout.
//
// * Stable: every node keeps the position it last had (also while filtered
//   out). When the node set changes, only the newcomers are laid out, placed
//   first beside their neighbours, with the others held fixed; a mostly new set
//   is laid out again starting from the old positions. (The first layout of a
//   page load is fCoSE's own spectral start, so two page loads may differ.)
// * Legible: labels are drawn at LABEL_PX screen pixels whatever the zoom, and
//   a label that would overlap a more important one (or a node) waits until the
//   user zooms in, hovers or selects; the shown labels never overlap.
// * Edges carry direction (arrows), relationship state (colour, from
//   palette.js) and the dominant claim status (solid, dashed, dotted).
// * Keyboard: the canvas takes focus; arrows walk the relations strongest
//   first, Enter opens the one in focus, and a live region reads it out.
import { stateOf, stateStyle, statusLine } from "./palette.js";

export const LABEL_PX = 12;
const FONT = "DejaVu Sans, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
export const KIND_SHAPES = {
  state: { shape: "ellipse", glyph: "●" },
  armed_group: { shape: "diamond", glyph: "◆" },
  igo: { shape: "hexagon", glyph: "⬢" },
  outlet: { shape: "round-rectangle", glyph: "■" },
  communal: { shape: "triangle", glyph: "▲" },
  other: { shape: "vee", glyph: "▼" },
  unknown: { shape: "vee", glyph: "▼" },
};

export function kindShape(kind) { return KIND_SHAPES[kind] || KIND_SHAPES.unknown; }
export function edgeId(a, b) { return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`; }

function edgeWidth(n) { return Math.min(10, 1.6 + 1.7 * Math.log2(1 + n)); }
function nodeSize(n) { return Math.min(46, 14 + 5 * Math.log2(1 + (n || 0))); }

function hash(s) { // small deterministic hash: where a newcomer without neighbours goes
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return (h >>> 0) / 4294967296;
}

export class Network {
  constructor(container, { onEdge, onNode, announce, obstacles }) {
    this.container = container;
    this.obstacles = obstacles || [];
    this.onEdge = onEdge;
    this.onNode = onNode;
    this.announce = announce || (() => {});
    this.positions = new Map(); // node id -> last position, kept while a node is filtered out
    this.order = []; // edges, strongest first: the keyboard's walk
    this.cursor = -1;
    this.cy = cytoscape({
      container,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      style: this.stylesheet(1),
    });
    const cy = this.cy;
    cy.on("tap", "edge", (e) => this.onEdge(e.target.data("source"), e.target.data("target")));
    cy.on("tap", "node", (e) => this.onNode(e.target.id()));
    cy.on("mouseover", "edge, node", (e) => e.target.addClass("hover"));
    cy.on("mouseout", "edge, node", (e) => e.target.removeClass("hover"));
    cy.on("zoom pan resize", () => this.scheduleLabels());
    container.setAttribute("tabindex", "0");
    container.setAttribute("role", "application");
    container.setAttribute("aria-roledescription", "network of relations");
    container.setAttribute("aria-label", "Network of relations. Arrow keys move between relations, strongest first; Enter opens the one in focus.");
    container.addEventListener("keydown", (e) => this.onKey(e));
    container.addEventListener("focus", () => { if (this.cursor < 0 && this.order.length) this.moveCursor(0); });
  }

  stylesheet(zoom) {
    const fs = LABEL_PX / zoom;
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": fs, "font-family": FONT, "text-valign": "bottom",
        "text-margin-y": 3 / zoom, "color": "#1d2329", "text-outline-color": "#ffffff", "text-outline-width": 2.5 / zoom,
        "text-outline-opacity": 0.9, "min-zoomed-font-size": 0,
        "shape": "data(shape)", "background-color": "#455a64", "border-color": "#ffffff", "border-width": 1.5,
        "width": "data(size)", "height": "data(size)" } },
      { selector: "node.lbl-top", style: { "text-valign": "top", "text-margin-y": -3 / zoom } },
      { selector: "node.lbl-right", style: { "text-valign": "center", "text-halign": "right", "text-margin-y": 0, "text-margin-x": 3 / zoom } },
      { selector: "node.lbl-left", style: { "text-valign": "center", "text-halign": "left", "text-margin-y": 0, "text-margin-x": -3 / zoom } },
      { selector: "node.nolabel", style: { "text-opacity": 0 } },
      { selector: "node.nolabel.hover, node.nolabel:selected, node.nolabel.kbd, node.nolabel.end", style: { "text-opacity": 1, "z-index": 20 } },
      { selector: "edge", style: {
        "line-color": "data(color)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.9,
        "target-arrow-shape": "data(tArrow)", "source-arrow-shape": "data(sArrow)",
        "target-arrow-color": "data(color)", "source-arrow-color": "data(color)", "arrow-scale": 0.9 } },
      { selector: "edge.line-dashed", style: { "line-style": "dashed", "line-dash-pattern": [7, 4] } },
      { selector: "edge.line-dotted", style: { "line-style": "dotted" } },
      { selector: "edge.hover, edge:selected", style: { "opacity": 1, "underlay-color": "#1d2329", "underlay-opacity": 0.18, "underlay-padding": 5 } },
      { selector: "edge.kbd", style: { "opacity": 1, "underlay-color": "#1d2329", "underlay-opacity": 0.35, "underlay-padding": 6, "z-index": 30 } },
      { selector: "node:selected, node.kbd", style: { "border-width": 4, "border-color": "#1d2329" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
    ];
  }

  // ---------------------------------------------------------------- data

  // Draw a compact graph from /api/view/network; resolves once laid out.
  async render(g, { fit = false } = {}) {
    const cy = this.cy;
    const els = [];
    for (const n of g.nodes) {
      els.push({ group: "nodes", data: { id: n.id, label: n.id, kind: n.kind, events: n.events,
        size: nodeSize(n.events), shape: kindShape(n.kind).shape } });
    }
    for (const e of g.edges) {
      const state = stateOf(e), line = statusLine(e.status);
      els.push({ group: "edges", classes: `line-${line.style}`, data: {
        id: edgeId(e.source, e.target), source: e.source, target: e.target, state, events: e.events,
        forward: e.forward, backward: e.backward, status: e.status, first: e.first, last: e.last,
        color: stateStyle(state).color, width: edgeWidth(e.events),
        tArrow: e.forward > 0 ? "triangle" : "none", sArrow: e.backward > 0 ? "triangle" : "none" } });
    }
    cy.nodes().forEach((n) => { this.positions.set(n.id(), { ...n.position() }); });
    const wasEmpty = cy.nodes().length === 0;
    cy.batch(() => { cy.elements().remove(); cy.add(els); });
    const fresh = cy.nodes().filter((n) => !this.positions.has(n.id()));
    const known = cy.nodes().filter((n) => this.positions.has(n.id()));
    known.forEach((n) => n.position(this.positions.get(n.id())));
    if (fresh.length) await this.layout(fresh, known);
    cy.nodes().forEach((n) => { this.positions.set(n.id(), { ...n.position() }); });
    this.order = cy.edges().sort((a, b) => (b.data("events") - a.data("events")) ||
      (a.id() < b.id() ? -1 : 1)).map((e) => e);
    this.cursor = -1;
    if (fit || wasEmpty) this.fit();
    this.labels();
  }

  async layout(fresh, known) {
    const cy = this.cy;
    const first = !known.length;
    if (first) { // first picture: a circle in name order, then fCoSE's spectral start
      const nodes = fresh.sort((a, b) => (a.id() < b.id() ? -1 : 1));
      const r = 40 * Math.sqrt(nodes.length + 1);
      nodes.forEach((n, i) => {
        const t = (2 * Math.PI * i) / Math.max(1, nodes.length);
        n.position({ x: r * Math.cos(t), y: r * Math.sin(t) });
      });
    } else { // newcomers beside their placed neighbours, else on a ring around the picture
      const bb = known.boundingBox();
      const cx = (bb.x1 + bb.x2) / 2, cy0 = (bb.y1 + bb.y2) / 2, R = Math.max(bb.w, bb.h) / 2 + 80;
      fresh.forEach((n) => {
        const placed = n.neighborhood("node").filter((m) => this.positions.has(m.id()));
        const u = hash(n.id());
        if (placed.length) {
          const p = placed.reduce((acc, m) => ({ x: acc.x + m.position("x"), y: acc.y + m.position("y") }), { x: 0, y: 0 });
          n.position({ x: p.x / placed.length + 60 * Math.cos(u * 6.283), y: p.y / placed.length + 60 * Math.sin(u * 6.283) });
        } else {
          n.position({ x: cx + R * Math.cos(u * 6.283), y: cy0 + R * Math.sin(u * 6.283) });
        }
      });
    }
    const hold = known.length >= fresh.length; // few newcomers: the others stay exactly where they were
    const run = cy.layout({
      // first: a spectral start (greedy sampling), then the force pass; later: from where the actors are
      name: "fcose", quality: first ? "default" : "proof", randomize: first, samplingType: false,
      animate: false, fit: false, packComponents: first,
      nodeDimensionsIncludeLabels: false, nodeRepulsion: () => 60000, idealEdgeLength: () => 150,
      edgeElasticity: () => 0.15, nodeSeparation: 130, gravity: 0.06, gravityRange: 3.8, numIter: 1500,
      tile: true, fixedNodeConstraint: hold && known.length
        ? known.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })) : undefined,
    });
    const done = run.promiseOn("layoutstop");
    run.run();
    await done;
  }

  fit() {
    const cy = this.cy;
    if (!cy.nodes().length) return;
    cy.fit(cy.nodes(), 36);
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
    this.labels();
  }

  positionsOf(ids) {
    const out = {};
    for (const id of ids) { const n = this.cy.getElementById(id); if (n.length) out[id] = { ...n.position() }; }
    return out;
  }

  // ---------------------------------------------------------------- labels

  scheduleLabels() {
    if (this.labelFrame) return;
    this.labelFrame = requestAnimationFrame(() => { this.labelFrame = null; this.labels(); });
  }

  // Zoom-invariant label size, then the greedy pass that keeps shown labels apart.
  labels() {
    const cy = this.cy;
    const z = cy.zoom();
    if (this.styledZoom !== z) {
      this.styledZoom = z;
      cy.style().fromJson(this.stylesheet(z)).update();
    }
    const w = cy.width(), hgt = cy.height();
    const placed = [];
    const cbox = this.container.getBoundingClientRect();
    for (const el of this.obstacles || []) { // the legend lies over the canvas: no label under it
      const r = el.getBoundingClientRect();
      if (r.width) placed.push({ x1: r.left - cbox.left, x2: r.right - cbox.left, y1: r.top - cbox.top, y2: r.bottom - cbox.top });
    }
    const obstacles = placed.length;
    const first = (n) => Number(n.selected() || n.hasClass("end") || n.hasClass("kbd")); // the selection's labels win
    const nodes = cy.nodes().sort((a, b) => (first(b) - first(a)) ||
      (b.data("events") - a.data("events")) || (a.id() < b.id() ? -1 : 1));
    const discs = nodes.map((n) => ({ p: n.renderedPosition(), r: (n.renderedWidth() / 2) }));
    const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    const classes = ["", "lbl-top", "lbl-right", "lbl-left"]; // where a label may go, in order of preference
    const air = 2;
    const free = (box, i) => box.x1 >= 0 && box.x2 <= w && box.y1 >= 0 && box.y2 <= hgt &&
      !placed.some((b) => overlaps(box, b)) &&
      !discs.some((d, j) => j !== i && d.p.x + d.r > box.x1 && d.p.x - d.r < box.x2 && d.p.y + d.r > box.y1 && d.p.y - d.r < box.y2);
    const pan = cy.pan();
    // the label's box as Cytoscape lays it out (text and outline), on screen, with a little air
    const labelBox = (n) => {
      const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      return { x1: b.x1 * z + pan.x - air, x2: b.x2 * z + pan.x + air, y1: b.y1 * z + pan.y - air, y2: b.y2 * z + pan.y + air };
    };
    nodes.forEach((n, i) => {
      let box = null;
      for (const cls of classes) {
        n.removeClass("lbl-top lbl-right lbl-left");
        if (cls) n.addClass(cls);
        const b = labelBox(n);
        if (free(b, i)) { box = b; break; }
      }
      if (box) { placed.push(box); n.removeClass("nolabel"); }
      else { n.removeClass("lbl-top lbl-right lbl-left"); n.addClass("nolabel"); }
    });
    this.container.dataset.labels = String(placed.length - obstacles);
  }

  // Every label now drawn, with its size on screen: what the legibility test measures.
  shownLabels() {
    const z = this.cy.zoom();
    return this.cy.nodes().filter((n) => !n.hasClass("nolabel")).map((n) => {
      const bb = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      return { id: n.id(), px: parseFloat(n.style("font-size")) * z,
        box: { x1: bb.x1 * z + this.cy.pan().x, x2: bb.x2 * z + this.cy.pan().x,
               y1: bb.y1 * z + this.cy.pan().y, y2: bb.y2 * z + this.cy.pan().y } };
    });
  }

  // ---------------------------------------------------------------- selection and keyboard

  select(sel) {
    const cy = this.cy;
    cy.elements().unselect();
    cy.elements().removeClass("end");
    if (!sel) { this.labels(); return; }
    if (sel.kind === "edge") {
      const e = cy.getElementById(edgeId(sel.id[0], sel.id[1]));
      if (e.length) { e.select(); e.connectedNodes().addClass("end"); }
    } else {
      const n = cy.getElementById(sel.id);
      if (n.length) n.select();
    }
    this.labels();
  }

  center(name) {
    const n = this.cy.getElementById(name);
    if (n.length) this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 0.9) }, { duration: 200 });
  }

  describe(e) {
    const d = e.data();
    const dir = d.forward && d.backward ? "both ways" : d.forward ? `${d.source} → ${d.target}` : `${d.target} → ${d.source}`;
    return `${d.source} — ${d.target}: ${stateStyle(d.state).label}, ${d.events} events (${dir}), mostly ${d.status}`;
  }

  moveCursor(i) {
    if (!this.order.length) return;
    this.cy.elements().removeClass("kbd");
    this.cursor = (i + this.order.length) % this.order.length;
    const e = this.order[this.cursor];
    e.addClass("kbd");
    e.connectedNodes().addClass("kbd");
    const ext = this.cy.extent(), bb = e.boundingBox();
    if (bb.x1 < ext.x1 || bb.x2 > ext.x2 || bb.y1 < ext.y1 || bb.y2 > ext.y2) this.cy.center(e);
    this.container.dataset.focusEdge = e.id();
    this.announce(`${this.cursor + 1} of ${this.order.length}: ${this.describe(e)}`);
    this.labels();
  }

  onKey(ev) {
    const k = ev.key;
    if (k === "ArrowRight" || k === "ArrowDown") { this.moveCursor(this.cursor + 1); ev.preventDefault(); }
    else if (k === "ArrowLeft" || k === "ArrowUp") { this.moveCursor(this.cursor < 0 ? -1 : this.cursor - 1); ev.preventDefault(); }
    else if (k === "Home") { this.moveCursor(0); ev.preventDefault(); }
    else if (k === "End") { this.moveCursor(this.order.length - 1); ev.preventDefault(); }
    else if ((k === "Enter" || k === " ") && this.cursor >= 0) {
      const d = this.order[this.cursor].data();
      ev.preventDefault();
      this.onEdge(d.source, d.target, { keyboard: true });
    } else if (k === "Escape") {
      this.cy.elements().removeClass("kbd");
      this.cursor = -1;
      this.labels();
    } else if (k === "+" || k === "=") { this.cy.zoom({ level: this.cy.zoom() * 1.25, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } }); }
    else if (k === "-") { this.cy.zoom({ level: this.cy.zoom() / 1.25, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } }); }
  }
}
