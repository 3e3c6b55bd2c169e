// The period control: an event-count histogram (cooperation stacked on
// conflict) with a brush. Drag across the bars to choose a period, drag the
// selection to move it, drag its edges to resize; the two range inputs under
// it do the same from the keyboard. The chart spans where the bulk of the
// events are (/api/view/timeline's extent): a stray date decades away does not
// squeeze everything else into one bar, but is counted and one click away.
import { POLARITY } from "./palette.js";
import { clear, h, svg } from "./dom.js";

const MAX_BINS = 180;
const HEIGHT = 56;

function monthIndex(m) { return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1; }
function monthOf(i) { return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`; }

export class PeriodBrush {
  constructor(root, { onChange, onShowAll }) {
    this.root = root;
    this.onChange = onChange;
    this.onShowAll = onShowAll;
    this.bins = [];
    this.lo = 0;
    this.hi = 0;
    this.chart = root.querySelector(".brush-chart");
    this.from = root.querySelector("#from");
    this.to = root.querySelector("#to");
    this.label = root.querySelector("#period-label");
    this.extra = root.querySelector("#period-outside");
    for (const input of [this.from, this.to]) {
      input.addEventListener("input", () => {
        const a = Number(this.from.value), b = Number(this.to.value);
        this.lo = Math.min(a, b); this.hi = Math.max(a, b);
        this.draw(); this.changed();
      });
    }
    root.querySelector("#period-reset").addEventListener("click", () => {
      this.lo = 0; this.hi = Math.max(0, this.bins.length - 1); this.sync(); this.changed();
    });
    this.drag = null;
    this.chart.addEventListener("pointerdown", (e) => this.down(e));
    this.chart.addEventListener("pointermove", (e) => this.move(e));
    this.chart.addEventListener("pointerup", (e) => this.up(e));
    this.chart.addEventListener("pointercancel", (e) => this.up(e));
    new ResizeObserver(() => this.draw()).observe(this.chart);
  }

  // tl: /api/view/timeline; all: span every date; since/until: the chosen period (YYYY-MM) or null.
  setData(tl, { all = false, since = null, until = null } = {}) {
    this.tl = tl;
    this.all = all;
    const first = all ? tl.first : tl.extent[0], last = all ? tl.last : tl.extent[1];
    this.bins = [];
    if (first && last) {
      const a = monthIndex(first), b = monthIndex(last);
      const step = Math.max(1, Math.ceil((b - a + 1) / MAX_BINS));
      const counts = new Map(tl.months.map((m) => [monthIndex(m.month), m]));
      for (let i = a; i <= b; i += step) {
        const bin = { start: monthOf(i), end: monthOf(Math.min(b, i + step - 1)), cooperation: 0, conflict: 0 };
        for (let j = i; j < i + step && j <= b; j++) {
          const m = counts.get(j);
          if (m) { bin.cooperation += m.cooperation; bin.conflict += m.conflict; }
        }
        this.bins.push(bin);
      }
    }
    const max = Math.max(0, this.bins.length - 1);
    for (const input of [this.from, this.to]) { input.max = String(max); input.disabled = !this.bins.length; }
    this.setRange(since, until);
  }

  setRange(since, until) {
    const max = Math.max(0, this.bins.length - 1);
    const at = (m, dflt) => { // the bin that holds month m
      if (!m) return dflt;
      const i = this.bins.findIndex((b) => b.end >= m);
      return i < 0 ? max : i;
    };
    this.lo = at(since, 0);
    this.hi = Math.max(this.lo, at(until, max));
    this.sync();
  }

  whole() { return this.lo === 0 && this.hi === Math.max(0, this.bins.length - 1); }

  // The period as filters: nulls when the whole chart is chosen (outliers included then).
  range() {
    if (!this.bins.length || this.whole()) return { since: null, until: null };
    return { since: this.bins[this.lo].start, until: this.bins[this.hi].end };
  }

  changed() { this.showLabel(); this.onChange(this.range()); }

  sync() {
    this.from.value = String(this.lo);
    this.to.value = String(this.hi);
    this.draw();
    this.showLabel();
  }

  showLabel() {
    const tl = this.tl;
    if (!this.bins.length) { this.label.textContent = "no dated events yet"; clear(this.extra); return; }
    const a = this.bins[this.lo], b = this.bins[this.hi];
    const n = this.bins.slice(this.lo, this.hi + 1).reduce((s, x) => s + x.cooperation + x.conflict, 0);
    const whole = this.whole();
    const outside = tl && !this.all ? tl.outside.before + tl.outside.after : 0;
    this.label.textContent = whole ? `all dates · ${a.start} – ${b.end}` : `${a.start} – ${b.end} · ${n} events`;
    for (const [input, bin, what] of [[this.from, a, "start"], [this.to, b, "end"]]) {
      input.setAttribute("aria-valuetext", what === "start" ? bin.start : bin.end);
    }
    clear(this.extra);
    if (outside) {
      const years = [...new Set(tl.months.filter((m) => m.month < tl.extent[0] || m.month > tl.extent[1])
        .map((m) => m.month.slice(0, 4)))];
      this.extra.appendChild(h("button", { type: "button", class: "link small", "data-testid": "period-show-all",
        onclick: () => this.onShowAll(true) },
      `+ ${outside} event${outside > 1 ? "s" : ""} outside the chart (${years.join(", ")}): show all dates`));
    } else if (this.all && tl && (tl.outside.before || tl.outside.after)) {
      this.extra.appendChild(h("button", { type: "button", class: "link small", onclick: () => this.onShowAll(false) },
        "show where most events are"));
    }
  }

  // ---------------------------------------------------------------- drawing

  draw() {
    const el = clear(this.chart);
    const width = Math.max(120, el.clientWidth || 600);
    const n = this.bins.length;
    const s = svg("svg", { width, height: HEIGHT + 16, viewBox: `0 0 ${width} ${HEIGHT + 16}`, role: "img",
      "aria-label": "events per month: cooperation above, conflict below the bar's split" });
    el.appendChild(s);
    if (!n) return;
    const bw = width / n;
    this.bw = bw;
    const max = Math.max(1, ...this.bins.map((b) => b.cooperation + b.conflict));
    this.bins.forEach((b, i) => {
      const out = i < this.lo || i > this.hi;
      const hc = (b.conflict / max) * HEIGHT, hp = (b.cooperation / max) * HEIGHT;
      const x = i * bw + (bw > 3 ? 0.5 : 0), w = Math.max(0.6, bw - (bw > 3 ? 1 : 0));
      const title = `${b.start}${b.end !== b.start ? ` – ${b.end}` : ""}: ${b.conflict} conflict, ${b.cooperation} cooperation`;
      if (hc) s.appendChild(svg("rect", { x, y: HEIGHT - hc, width: w, height: hc, fill: POLARITY.conflict,
        class: out ? "bar out" : "bar" }, svg("title", {}, title)));
      if (hp) s.appendChild(svg("rect", { x, y: HEIGHT - hc - hp, width: w, height: hp, fill: POLARITY.cooperation,
        class: out ? "bar out" : "bar" }, svg("title", {}, title)));
    });
    s.appendChild(svg("rect", { x: this.lo * bw, y: 0, width: (this.hi - this.lo + 1) * bw, height: HEIGHT,
      class: "brush-sel" }));
    for (const i of [this.lo, this.hi + 1]) {
      s.appendChild(svg("rect", { x: i * bw - 2, y: 0, width: 4, height: HEIGHT, class: "brush-handle" }));
    }
    s.appendChild(svg("line", { x1: 0, x2: width, y1: HEIGHT + 0.5, y2: HEIGHT + 0.5, class: "axis" }));
    const years = Number(this.bins[n - 1].end.slice(0, 4)) - Number(this.bins[0].start.slice(0, 4)) + 1;
    const every = [1, 2, 5, 10, 20, 50].find((k) => (years / k) * 34 < width) || 100;
    let lastYear = null;
    this.bins.forEach((b, i) => {
      const y = Number(b.start.slice(0, 4));
      if (y !== lastYear && y % every === 0 && (b.start.slice(5) === "01" || i === 0 || lastYear !== null)) {
        s.appendChild(svg("line", { x1: i * bw, x2: i * bw, y1: HEIGHT, y2: HEIGHT + 4, class: "axis" }));
        s.appendChild(svg("text", { x: i * bw + 2, y: HEIGHT + 14, class: "tick" }, String(y)));
      }
      lastYear = y;
    });
  }

  // ---------------------------------------------------------------- pointer

  index(e) {
    const box = this.chart.getBoundingClientRect();
    const i = Math.floor((e.clientX - box.left) / (this.bw || 1));
    return Math.max(0, Math.min(this.bins.length - 1, i));
  }

  down(e) {
    if (!this.bins.length) return;
    const box = this.chart.getBoundingClientRect();
    const x = e.clientX - box.left, bw = this.bw || 1;
    const i = this.index(e);
    let mode = "new";
    if (Math.abs(x - this.lo * bw) < 6) mode = "lo";
    else if (Math.abs(x - (this.hi + 1) * bw) < 6) mode = "hi";
    else if (i >= this.lo && i <= this.hi && !this.whole()) mode = "move";
    this.drag = { mode, start: i, lo: this.lo, hi: this.hi };
    if (mode === "new") { this.lo = this.hi = i; }
    this.chart.setPointerCapture(e.pointerId);
    this.draw();
    e.preventDefault();
  }

  move(e) {
    if (!this.drag) return;
    const i = this.index(e), d = this.drag, max = this.bins.length - 1;
    if (d.mode === "new") { this.lo = Math.min(d.start, i); this.hi = Math.max(d.start, i); }
    else if (d.mode === "lo") { this.lo = Math.min(i, this.hi); }
    else if (d.mode === "hi") { this.hi = Math.max(i, this.lo); }
    else {
      const shift = Math.max(-d.lo, Math.min(max - d.hi, i - d.start));
      this.lo = d.lo + shift; this.hi = d.hi + shift;
    }
    this.from.value = String(this.lo);
    this.to.value = String(this.hi);
    this.draw();
    this.showLabel();
  }

  up(e) {
    if (!this.drag) return;
    this.drag = null;
    try { this.chart.releasePointerCapture(e.pointerId); } catch (_) { /* already released */ }
    this.sync();
    this.changed();
  }
}
