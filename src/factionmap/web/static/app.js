// factionmap single-page app: filters on the left, the network in the middle,
// evidence on the right. Routes live in the URL hash (#/dyad/A/B, #/actor/X,
// #/doc/ID, #/documents, #/add) so views can be bookmarked and shared.
import { ApiError, get, post, reviewer, seg, token, upload } from "./api.js";
import { badge, clear, context, fill, h, highlighted, tag } from "./dom.js";

// Edge colours by headline relationship state (the same as the legend and the badges).
const COLORS = { "at war": "#c62828", truce: "#00838f", allied: "#2e7d32", hostile: "#ef6c00", split: "#6a1b9a",
  affiliated: "#558b2f", negotiating: "#1565c0", mediating: "#5c6bc0", contested: "#8d6e63", none: "#9e9e9e" };
const KIND_COLORS = ["#1f5fa8", "#6a4c93", "#00897b", "#8d6e63", "#546e7a", "#c2185b", "#7cb342", "#5d4037"];

const S = {
  meta: null,
  months: [],
  cy: null,
  graphAbort: null,
  selected: null, // {kind: "edge"|"node", id}
  nav: 0, // bumped on every route: a view whose data arrives late checks it is still wanted
  docs: new Map(), // document id -> Promise of the document (with text)
};

const $ = (id) => document.getElementById(id);
const detail = () => $("detail");

// ---------------------------------------------------------------- notices

function notify(message, isError = false) {
  const n = $("notice");
  n.textContent = message;
  n.className = isError ? "notice error" : "notice";
  n.hidden = false;
  n.dataset.testid = isError ? "error" : "notice";
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { n.hidden = true; }, isError ? 12000 : 6000);
}

function failed(err) {
  if (err && err.name === "AbortError") return;
  notify(err instanceof ApiError ? err.message : String(err), true);
  console.error(err);
}

// ---------------------------------------------------------------- filters

function checked(containerId) {
  return [...$(containerId).querySelectorAll("input[type=checkbox]")]
    .filter((i) => i.checked).map((i) => i.value);
}

function allOrSome(containerId) {
  const boxes = $(containerId).querySelectorAll("input[type=checkbox]");
  const on = checked(containerId);
  return on.length === boxes.length ? [] : on; // all ticked: no filter
}

function period() {
  if (!S.months.length) return { since: null, until: null };
  const a = Number($("from").value), b = Number($("to").value);
  const lo = Math.min(a, b), hi = Math.max(a, b);
  const whole = lo === 0 && hi === S.months.length - 1;
  return whole ? { since: null, until: null } : { since: S.months[lo], until: S.months[hi] };
}

function filters() {
  const p = period();
  return {
    since: p.since,
    until: p.until,
    kind: allOrSome("kinds"),
    type: allOrSome("types"),
    status: allOrSome("statuses"),
    rollup: $("rollup").checked ? "true" : null,
    min_events: Number($("min-events").value) > 1 ? $("min-events").value : null,
  };
}

function showPeriod() {
  const p = period();
  const first = S.months[0], last = S.months[S.months.length - 1];
  $("period-label").textContent = S.months.length
    ? `${p.since || first} – ${p.until || last}` : "no dated events yet";
}

function checkbox(container, value, label, on = true) {
  container.appendChild(h("label", { class: "check" },
    h("input", { type: "checkbox", value, checked: on, onchange: scheduleGraph }), label));
}

function buildFilters(meta) {
  const kinds = clear($("kinds"));
  for (const k of meta.kinds) {
    const dot = h("span", { class: "dot" });
    dot.style.background = kindColor(k, meta.kinds);
    checkbox(kinds, k, [dot, k.replace(/_/g, " ")]);
  }
  const statuses = clear($("statuses"));
  for (const s of meta.statuses) checkbox(statuses, s, s);
  const types = clear($("types"));
  for (const [quad, ts] of Object.entries(meta.types)) {
    types.appendChild(h("div", { class: "group" }, quad));
    for (const t of ts) checkbox(types, t, t);
  }
  setMonths(meta.months);
}

function setMonths(months) {
  const was = S.months.length ? period() : { since: null, until: null };
  S.months = months || [];
  const max = Math.max(0, S.months.length - 1);
  for (const id of ["from", "to"]) $(id).max = String(max);
  const at = (m, dflt) => { const i = m ? S.months.indexOf(m) : -1; return String(i < 0 ? dflt : i); };
  $("from").value = at(was.since, 0); // the chosen months stay chosen when the range grows
  $("to").value = at(was.until, max);
  showPeriod();
}

let graphTimer = null;
function scheduleGraph() {
  showPeriod();
  clearTimeout(graphTimer);
  graphTimer = setTimeout(loadGraph, 120);
}

// ---------------------------------------------------------------- network

function kindColor(kind, known) {
  const kinds = known || (S.meta ? S.meta.kinds : []);
  const i = Math.max(0, kinds.indexOf(kind));
  return KIND_COLORS[i % KIND_COLORS.length];
}

function initGraph() {
  S.cy = cytoscape({
    container: $("cy"),
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 13, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "color": "#1d2329", "text-outline-color": "#f6f7f9", "text-outline-width": 2 } },
      { selector: "edge", style: {
        "line-color": "data(color)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.85 } },
      { selector: "edge:selected, edge.hover", style: { "opacity": 1, "underlay-color": "#1f5fa8", "underlay-opacity": 0.25, "underlay-padding": 4 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#1d2329" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
    ],
  });
  S.cy.on("tap", "edge", (e) => {
    const d = e.target.data();
    location.hash = `#/dyad/${seg(d.source)}/${seg(d.target)}`;
  });
  S.cy.on("tap", "node", (e) => { location.hash = `#/actor/${seg(e.target.id())}`; });
  S.cy.on("mouseover", "edge", (e) => {
    e.target.addClass("hover");
    const d = e.target.data();
    $("cy").title = `${d.source} – ${d.target}: ${d.label} (${d.events} events)`; // all the states that hold
  });
  S.cy.on("mouseout", "edge", (e) => { e.target.removeClass("hover"); $("cy").title = ""; });
  window.factionmap = { cy: S.cy }; // for tests and the console
}

function edgeWidth(n) { return Math.min(14, 1.5 + 2.2 * Math.log2(1 + n)); }
function nodeSize(n) { return Math.min(60, 16 + 6 * Math.log2(1 + (n || 0))); }

async function loadGraph() {
  if (S.graphAbort) S.graphAbort.abort();
  const ctrl = new AbortController();
  S.graphAbort = ctrl;
  const status = $("graph-status");
  status.textContent = "loading…";
  try {
    const g = await get("/graph", filters(), ctrl.signal);
    if (ctrl.signal.aborted || !g) return; // a newer request replaced this one
    const els = [];
    for (const n of g.nodes) {
      els.push({ group: "nodes", data: { id: n.id, label: n.id, kind: n.kind, color: kindColor(n.kind), size: nodeSize(n.events) } });
    }
    for (const e of g.edges) {
      const state = COLORS[e.state] ? e.state : "none";
      els.push({ group: "edges", data: {
        id: `${e.source}\u0000${e.target}`, source: e.source, target: e.target, state, label: e.label || state,
        events: e.events, color: COLORS[state], width: edgeWidth(e.events) } });
    }
    const before = new Set(S.cy.nodes().map((n) => n.id()));
    const same = g.nodes.length === before.size && g.nodes.every((n) => before.has(n.id));
    const positions = {};
    S.cy.nodes().forEach((n) => { positions[n.id()] = { ...n.position() }; });
    S.cy.batch(() => { S.cy.elements().remove(); S.cy.add(els); });
    if (same && before.size) {
      S.cy.nodes().forEach((n) => n.position(positions[n.id()]));
    } else {
      layout();
    }
    markSelection();
    $("graph-empty").hidden = g.nodes.length > 0;
    status.textContent = `${g.nodes.length} actors · ${g.edges.length} relations`;
    $("cy").dataset.ready = "true";
  } catch (err) {
    if (ctrl.signal.aborted || (err && err.name === "AbortError")) return;
    status.textContent = "";
    failed(err);
  }
}

// Force-directed layout from a circle in name order: the same data always gives the same picture.
function layout() {
  const nodes = S.cy.nodes().sort((a, b) => (a.id() < b.id() ? -1 : 1));
  const r = 60 * Math.sqrt(nodes.length + 1);
  nodes.forEach((n, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, nodes.length);
    n.position({ x: r * Math.cos(t), y: r * Math.sin(t) });
  });
  S.cy.layout({
    name: "cose", animate: false, randomize: false, padding: 40, fit: true,
    nodeRepulsion: () => 400000, idealEdgeLength: () => 120, edgeElasticity: () => 100,
    gravity: 40, numIter: 1500, componentSpacing: 80, nodeOverlap: 20,
  }).run();
  if (S.cy.zoom() > 1.3) { S.cy.zoom(1.3); S.cy.center(); }
}

function markSelection() {
  if (!S.cy) return;
  S.cy.elements().unselect();
  if (!S.selected) return;
  if (S.selected.kind === "edge") {
    const [a, b] = S.selected.id;
    S.cy.edges().filter((e) => (e.data("source") === a && e.data("target") === b) ||
      (e.data("source") === b && e.data("target") === a)).select();
  } else {
    const n = S.cy.getElementById(S.selected.id);
    if (n.length) n.select();
  }
}

// ---------------------------------------------------------------- search

let searchTimer = null;
function onSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $("search").value.trim();
    const list = clear($("search-results"));
    if (!q) return;
    try {
      const res = await get("/actors", { q, limit: 12 });
      if (!res.items.length) { list.appendChild(h("li", { class: "muted small" }, "no actor by that name")); return; }
      for (const a of res.items) {
        const alias = a.matched && a.matched !== a.name ? ` (${a.matched})` : "";
        list.appendChild(h("li", {}, h("button", {
          type: "button", "data-testid": "search-result",
          onclick: () => { location.hash = `#/actor/${seg(a.name)}`; focusNode(a.name); },
        }, a.name, h("span", { class: "muted small" }, alias, a.events ? ` · ${a.events} events` : ""))));
      }
    } catch (err) { failed(err); }
  }, 150);
}

function focusNode(name) {
  const n = S.cy && S.cy.getElementById(name);
  if (n && n.length) S.cy.animate({ center: { eles: n }, zoom: Math.max(S.cy.zoom(), 1.1) }, { duration: 250 });
}

// ---------------------------------------------------------------- documents and evidence

function documentText(id) {
  if (!S.docs.has(id)) {
    const p = get(`/documents/${seg(id)}`, { events: "false" });
    p.catch(() => S.docs.delete(id));
    S.docs.set(id, p);
  }
  return S.docs.get(id);
}

// The evidence inside its article: the paragraph around it, with a toggle to the whole text.
function evidenceBlock(ev) {
  const box = h("div", { class: "evidence", "data-testid": "evidence" }, ev.evidence || "");
  const toggle = h("button", { type: "button", class: "small" }, "whole article");
  let full = false;
  const render = async () => {
    try {
      const doc = await documentText(ev.doc);
      const text = doc.text || "";
      const s = ev.evidence_start, e = ev.evidence_end;
      if (!(Number.isInteger(s) && Number.isInteger(e) && e > s && e <= text.length)) return;
      clear(box);
      if (full) {
        box.appendChild(highlighted(text, s, e));
        box.classList.add("full");
        const m = box.querySelector("mark");
        if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - 60);
      } else {
        const c = context(text, s, e);
        box.appendChild(highlighted(c.text, c.start, c.end));
        box.classList.remove("full");
      }
    } catch (err) { failed(err); }
  };
  toggle.addEventListener("click", () => { full = !full; toggle.textContent = full ? "evidence paragraph" : "whole article"; render(); });
  render();
  return [box, toggle];
}

function sourceLine(ev) {
  const who = ev.claimed_by && ev.claimed_by.length ? ev.claimed_by.join(", ") : null;
  const outlet = ev.outlet || ev.doc_outlet || null;
  const title = ev.title || ev.doc_title || ev.doc;
  return h("div", { class: "meta" },
    who ? [h("span", {}, "speaker: ", h("strong", {}, who)), " · "] : "",
    outlet ? [h("span", {}, "outlet: ", outlet), " · "] : "",
    h("a", { href: `#/doc/${seg(ev.doc)}`, title: "open the article" }, title),
    ev.url || ev.doc_url ? [" ", h("span", { class: "muted" }, `(${ev.url || ev.doc_url})`)] : "");
}

function eventCard(ev, onChange) {
  const id = ev.event_id || ev.id;
  const review = ev.review;
  const cls = review && review.verdict === "wrong" ? "card reviewed-wrong" : "card";
  const dir = ev.mutual ? "⟷" : "→";
  const card = h("div", { class: cls, "data-testid": "event", "data-event-id": id },
    h("div", { class: "head" },
      h("strong", {}, ev.date || "undated"),
      tag(ev.type, "type"),
      h("span", {}, ev.actor, ` ${dir} `, ev.recipient),
      tag(ev.status, ev.status),
      ...(ev.aux || []).map((a) => tag(a))),
    sourceLine(ev),
    ...evidenceBlock(ev),
    reviewLine(ev, review),
    reviewForm(ev, id, onChange));
  return card;
}

function reviewLine(ev, review) {
  if (!review) return null;
  const what = review.verdict === "corrected"
    ? `corrected${review.type ? ` type to ${review.type}` : ""}${review.actor ? `, actor to ${review.actor}` : ""}${review.recipient ? `, recipient to ${review.recipient}` : ""}`
    : `marked ${review.verdict}`;
  const orig = ev.original ? ` (extracted: ${ev.original.type} ${ev.original.actor} → ${ev.original.recipient})` : "";
  return h("div", { class: "review-state", "data-testid": "review-state" },
    `${what} by ${review.reviewer} on ${(review.created_at || "").replace("T", " ").slice(0, 16)}${orig}`);
}

function reviewForm(ev, id, onChange) {
  const typeSel = h("select", { "aria-label": "corrected type", "data-testid": "review-type" },
    h("option", { value: "" }, "type…"),
    ...(S.meta ? Object.values(S.meta.types).flat() : []).map((t) => h("option", { value: t, selected: t === ev.type }, t)));
  const actor = h("input", { type: "text", placeholder: "actor", value: ev.actor, "aria-label": "corrected actor", "data-testid": "review-actor" });
  const recip = h("input", { type: "text", placeholder: "recipient", value: ev.recipient, "aria-label": "corrected recipient", "data-testid": "review-recipient" });
  const send = async (body, button) => {
    button.disabled = true;
    try {
      const who = reviewer();
      if (!who) throw new ApiError(0, "enter your name in the Reviewer field (top right) first");
      await post("/reviews", { event_id: id, reviewer: who, ...body });
      notify(`review saved (${body.verdict})`);
      if (onChange) await onChange();
    } catch (err) { failed(err); } finally { button.disabled = false; }
  };
  const ok = h("button", { type: "button", "data-testid": "review-correct" }, "✓ correct");
  ok.addEventListener("click", () => send({ verdict: "correct" }, ok));
  const bad = h("button", { type: "button", "data-testid": "review-wrong" }, "✗ wrong");
  bad.addEventListener("click", () => send({ verdict: "wrong" }, bad));
  const fix = h("button", { type: "button", "data-testid": "review-save" }, "save correction");
  fix.addEventListener("click", () => {
    const body = { verdict: "corrected" };
    if (typeSel.value && typeSel.value !== ev.type) body.type = typeSel.value;
    if (actor.value.trim() && actor.value.trim() !== ev.actor) body.actor = actor.value.trim();
    if (recip.value.trim() && recip.value.trim() !== ev.recipient) body.recipient = recip.value.trim();
    if (Object.keys(body).length === 1) { notify("change the type, actor or recipient first", true); return; }
    send(body, fix);
  });
  const more = h("details", { class: "small" }, h("summary", {}, "correct type or actors"),
    h("div", { class: "review" }, typeSel, actor, recip, fix));
  return h("div", {}, h("div", { class: "review" }, ok, bad), more);
}

// ---------------------------------------------------------------- views

function viewHome() {
  S.selected = null;
  markSelection();
  const m = S.meta || {};
  const el = clear(detail());
  fill(el, 
    h("h1", {}, "Relations between armed groups, states and international bodies"),
    h("p", {}, `${m.documents ?? 0} articles, ${m.events ?? 0} relation events.`),
    h("ul", { class: "plain" },
      h("li", {}, "Click a line to read the events between two actors, with their evidence."),
      h("li", {}, "Click an actor for its aliases, branches, people and relations."),
      h("li", {}, "Narrow the period and the kinds of events on the left.")),
    m.writes ? null : h("p", { class: "muted small" }, "This server is read-only (started without --token)."));
}

function stateSummary(d) {
  const st = d.state || {};
  const states = st.states || [];
  return h("div", {},
    h("p", {}, badge(st.state), st.since ? ` since ${st.since}` : "", st.as_of ? h("span", { class: "muted small" }, ` · as of ${st.as_of}`) : ""),
    states.length ? h("ul", { class: "states", "data-testid": "states" }, ...states.map((v) => h("li", {},
      badge(v.state, v.standing === "established" ? v.state : `${v.state} (${v.standing})`),
      ` since ${v.since || "?"} · ${v.events} event${v.events === 1 ? "" : "s"}`,
      h("div", { class: "muted small", "data-testid": "state-reason" }, v.reason)))) :
      (st.reason ? h("p", { class: "muted small", "data-testid": "state-reason" }, st.reason) : null));
}

function timeline(d) {
  const series = d.score_over_time || [];
  if (!series.length) return null;
  const max = Math.max(1, ...series.map((p) => Math.abs(p.score)));
  const bars = h("div", { class: "timeline", "aria-label": "score over time" });
  for (const p of series) {
    const b = h("div", { class: `bar ${p.score >= 0 ? "pos" : "neg"}`, title: `${p.date}: ${p.events} events, score ${p.score}, state ${p.state}` });
    b.style.height = `${Math.max(6, (Math.abs(p.score) / max) * 60)}px`;
    bars.appendChild(b);
  }
  const changes = h("ul", { class: "changes", "data-testid": "changes" },
    ...(d.changes || []).map((c) => h("li", {}, h("strong", {}, c.date), " ", badge(c.state, c.label || c.state),
      h("span", { class: "muted small" }, ` (was ${c.previous_label || c.previous})`))));
  return [h("h3", {}, "Timeline"), bars,
    h("div", { class: "timeline-axis" }, h("span", {}, series[0].date), h("span", {}, series[series.length - 1].date)),
    changes];
}

const SIDE_POLARITY = {
  "cooperation": "coop", "conflict": "conflict", "claim": "coop", "denied claim": "conflict",
  "denial of cooperation": "conflict", "cooperative statement": "coop", "hostile statement": "conflict",
};

function claimLine(ev) {
  return h("div", { class: "small claim", "data-testid": "contradiction-source", "data-event-id": ev.event_id,
    "data-type": ev.type, "data-source": ev.source || "" },
    h("div", {}, tag(ev.type, "type"), " ", ev.actor, " → ", ev.recipient, " ", tag(ev.status, ev.status), " ", ev.date || ""),
    h("div", { class: "muted" }, "source: ", h("strong", {}, ev.source || ""), ev.outlet ? ` · ${ev.outlet}` : "", " · ",
      h("a", { href: `#/doc/${seg(ev.doc)}` }, ev.title || ev.doc)),
    h("div", { class: "evidence" }, ev.evidence || ""));
}

function contradictionCard(c) {
  const bySide = new Map();
  for (const claim of c.claims || []) {
    const side = claim.side || "claim";
    if (!bySide.has(side)) bySide.set(side, []);
    bySide.get(side).push(claim);
  }
  const sides = [...bySide.entries()].map(([side, claims]) =>
    h("div", { class: `side ${claims[0].polarity || SIDE_POLARITY[side] || ""}` }, h("strong", {}, side), ...claims.map(claimLine)));
  const period = (c.period || []).filter(Boolean);
  return h("div", { class: "card contradiction", "data-testid": "contradiction" },
    h("div", { class: "head" }, h("strong", {}, (c.kind || "contradiction").replace(/_/g, " ")),
      period.length ? h("span", { class: "muted" }, [...new Set(period)].join(" – ")) : ""),
    c.explanation ? h("p", { class: "small", "data-testid": "contradiction-summary" }, c.explanation) : null,
    h("div", { class: "sides" }, ...sides));
}

async function viewDyad(a, b) {
  const nav = S.nav;
  S.selected = { kind: "edge", id: [a, b] };
  markSelection();
  const el = clear(detail());
  fill(el, h("h1", {}, `${a} — ${b}`), h("p", { class: "muted" }, "loading…"));
  const f = filters();
  let d;
  try {
    d = await get(`/dyads/${seg(a)}/${seg(b)}`, { since: f.since, until: f.until, rollup: f.rollup });
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return; // navigated away meanwhile
  const reload = async () => { await Promise.all([viewDyad(a, b), refresh()]); };
  clear(el);
  el.dataset.view = "dyad";
  fill(el, 
    h("h1", { "data-testid": "dyad-title" },
      h("a", { href: `#/actor/${seg(d.dyad[0])}` }, d.dyad[0]), " — ",
      h("a", { href: `#/actor/${seg(d.dyad[1])}` }, d.dyad[1])),
    stateSummary(d),
    timeline(d),
    h("h3", {}, `Contradictions (${(d.contradictions || []).length})`),
    ...(d.contradictions || []).map(contradictionCard),
    (d.contradictions || []).length ? null : h("p", { class: "muted small" }, "None found on this dyad."),
    h("h3", {}, `Events (${d.events.length + (d.undated_events || []).length})`),
    ...d.events.map((ev) => eventCard(ev, reload)),
    ...(d.undated_events || []).map((ev) => eventCard(ev, reload)),
    (d.reviewed_out || []).length ? h("h3", {}, `Marked wrong (${d.reviewed_out.length})`) : null,
    ...(d.reviewed_out || []).map((ev) => eventCard(ev, reload)));
}

function dl(pairs) {
  return h("dl", { class: "kv" }, ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length))
    .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function actorLinks(names) {
  return (names || []).flatMap((n, i) => [i ? ", " : "", h("a", { href: `#/actor/${seg(n)}` }, n)]);
}

async function viewActor(name) {
  const nav = S.nav;
  S.selected = { kind: "node", id: name };
  markSelection();
  focusNode(name);
  const el = clear(detail());
  fill(el, h("h1", {}, name), h("p", { class: "muted" }, "loading…"));
  let p;
  try { p = await get(`/actors/${seg(name)}`); } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  clear(el);
  el.dataset.view = "actor";
  const people = (p.people || []).map((x) => typeof x === "string" ? x : [x.name, x.role ? ` (${x.role})` : ""].join(""));
  const seen = (p.seen_as || []).map((x) => x.text).filter((t) => !(p.aliases || []).includes(t));
  fill(el, 
    h("h1", { "data-testid": "actor-title" }, p.name),
    dl([
      ["kind", (p.kind || "").replace(/_/g, " ")],
      ["country", p.country],
      ["aliases", (p.aliases || []).join(", ")],
      ["written as", seen.join(", ")],
      ["parent", p.parent ? actorLinks([p.parent]) : null],
      ["branches", p.branches && p.branches.length ? actorLinks(p.branches) : null],
      ["people", people.join("; ")],
      ["events", eventCounts(p.events)],
    ]),
    h("h3", {}, `Relations (${(p.relations || []).length})`),
    relationsTable(p.name, p.relations || []),
    h("h3", {}, `Strength and casualty claims (${(p.quantities || []).length})`),
    quantitiesTable(p.quantities || []));
}

function eventCounts(e) {
  if (!e || typeof e !== "object") return e;
  const n = (e.as_actor || 0) + (e.as_recipient || 0);
  return `${n} (${e.as_actor || 0} as actor, ${e.as_recipient || 0} as recipient) in ${e.documents || 0} articles` +
    (e.first ? `, ${e.first} – ${e.last}` : "");
}

function relationsTable(name, rels) {
  if (!rels.length) return h("p", { class: "muted small" }, "No relations recorded.");
  return h("table", { class: "plain" },
    h("tr", {}, h("th", {}, "with"), h("th", {}, "state"), h("th", {}, "events"), h("th", {}, "period")),
    ...rels.map((r) => h("tr", {},
      h("td", {}, h("a", { href: `#/dyad/${seg(name)}/${seg(r.counterpart)}` }, r.counterpart)),
      h("td", {}, badge(r.state, r.label || r.state)),
      h("td", {}, r.events ?? ""),
      h("td", {}, [r.first, r.last].filter(Boolean).join(" – ")))));
}

function quantitiesTable(qs) {
  if (!qs.length) return h("p", { class: "muted small" }, "No quantitative claims recorded.");
  return h("table", { class: "plain" },
    h("tr", {}, h("th", {}, "date"), h("th", {}, "measure"), h("th", {}, "claim"), h("th", {}, "claimed by"), h("th", {}, "source")),
    ...qs.map((q) => h("tr", {},
      h("td", {}, q.date || q.doc_date || ""),
      h("td", {}, q.measure),
      h("td", { title: q.evidence || "" }, q.value_text),
      h("td", {}, q.source || (q.claimed_by || []).join(", ")),
      h("td", {}, h("a", { href: `#/doc/${seg(q.doc_id || q.doc)}` }, q.doc_title || q.doc_id || q.doc)))));
}

async function viewDocuments() {
  S.selected = null;
  markSelection();
  const el = clear(detail());
  el.dataset.view = "documents";
  fill(el, h("h1", {}, "Documents"));
  try {
    const res = await get("/documents", { limit: 500 });
    fill(el, h("p", { class: "muted" }, `${res.total} articles`),
      h("table", { class: "plain" },
        h("tr", {}, h("th", {}, "date"), h("th", {}, "title"), h("th", {}, "events")),
        ...res.items.map((d) => h("tr", {},
          h("td", {}, d.date || ""),
          h("td", {}, h("a", { href: `#/doc/${seg(d.id)}` }, d.title || d.id)),
          h("td", {}, d.n_events ?? "")))));
  } catch (err) { failed(err); }
}

async function viewDocument(id) {
  const nav = S.nav;
  S.selected = null;
  markSelection();
  const el = clear(detail());
  fill(el, h("h1", {}, id), h("p", { class: "muted" }, "loading…"));
  let d;
  try { d = await get(`/documents/${seg(id)}`); } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  S.docs.set(id, Promise.resolve(d));
  clear(el);
  el.dataset.view = "document";
  const reload = async () => { S.docs.delete(id); await Promise.all([viewDocument(id), refresh()]); };
  fill(el, 
    h("h1", { "data-testid": "doc-title" }, d.title || d.id),
    dl([["id", d.id], ["date", d.date], ["outlet", d.outlet], ["url", d.url], ["added", d.ingested_at]]),
    h("h3", {}, `Events (${(d.events || []).length})`),
    ...(d.events || []).map((ev) => eventCard(ev, reload)),
    d.candidates && d.candidates.length ? [h("h3", {}, "Unknown actor-like names"), h("p", { class: "small" }, d.candidates.join(", "))] : null,
    h("h3", {}, "Text"),
    h("div", { class: "evidence full", "data-testid": "doc-text" }, d.text));
}

function viewAdd() {
  S.selected = null;
  markSelection();
  const el = clear(detail());
  el.dataset.view = "add";
  const out = h("div", { "data-testid": "add-result" });
  const form = h("form", { class: "stack", "data-testid": "add-form" },
    h("div", { class: "row" },
      h("label", {}, "id", h("input", { type: "text", name: "id", required: true, placeholder: "unique document id" })),
      h("label", {}, "date", h("input", { type: "text", name: "date", placeholder: "YYYY-MM-DD" }))),
    h("label", {}, "title", h("input", { type: "text", name: "title" })),
    h("label", {}, "url", h("input", { type: "text", name: "url" })),
    h("label", {}, "text", h("textarea", { name: "text", required: true, placeholder: "paste the article text" })),
    h("div", {}, h("button", { type: "submit", class: "primary", "data-testid": "add-submit" }, "Extract and store")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const body = {};
    for (const k of ["id", "date", "title", "url", "text"]) { const v = String(fd.get(k) || "").trim(); if (v) body[k] = v; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fill(clear(out), h("p", { class: "muted" }, "extracting… (the first article loads the language model)"));
    try {
      const res = await post("/documents", body);
      showExtraction(out, [res]);
      await refresh();
    } catch (err) { clear(out); failed(err); } finally { button.disabled = false; }
  });
  const files = h("input", { type: "file", multiple: true, accept: ".txt,.html,.htm,.jsonl,.csv,.xml,.rss,.atom", "data-testid": "add-files" });
  const up = h("button", { type: "button", "data-testid": "upload-submit" }, "Upload and extract");
  up.addEventListener("click", async () => {
    if (!files.files.length) { notify("choose one or more files first", true); return; }
    up.disabled = true;
    fill(clear(out), h("p", { class: "muted" }, "extracting…"));
    try {
      const res = await upload("/documents/upload", files.files);
      showExtraction(out, res.results, res.errors);
      await refresh();
    } catch (err) { clear(out); failed(err); } finally { up.disabled = false; }
  });
  fill(el, h("h1", {}, "Add an article"),
    token() ? null : h("p", { class: "muted small" }, "Adding needs the server's token (top right)."),
    form, h("h3", {}, "…or upload files"),
    h("p", { class: "muted small" }, ".txt, .html, .jsonl, .csv or RSS/Atom; 5 MB per upload."),
    h("div", { class: "review" }, files, up), out);
}

function showExtraction(out, results, errors) {
  clear(out);
  for (const e of errors || []) out.appendChild(h("p", { class: "notice error" }, e));
  for (const r of results || []) {
    const reload = async () => { S.docs.delete(r.document.id); await refresh(); };
    fill(out, 
      h("h3", {}, h("a", { href: `#/doc/${seg(r.document.id)}` }, r.document.title || r.document.id),
        " ", tag(r.status)),
      h("p", { class: "muted small" }, `${r.events.length} events`),
      ...r.events.map((ev) => eventCard(ev, reload)));
  }
}

// ---------------------------------------------------------------- routing and start-up

async function refresh() {
  try {
    S.meta = await get("/meta");
    $("stats").textContent = `${S.meta.documents} articles · ${S.meta.events} events`;
    setMonths(S.meta.months);
  } catch (err) { failed(err); }
  await loadGraph();
}

function route() {
  S.nav += 1;
  const parts = location.hash.replace(/^#\/?/, "").split("/").map((p) => decodeURIComponent(p));
  const [view, ...args] = parts;
  if (view === "dyad" && args.length >= 2) return viewDyad(args[0], args[1]);
  if (view === "actor" && args[0]) return viewActor(args[0]);
  if (view === "doc" && args[0]) return viewDocument(args[0]);
  if (view === "documents") return viewDocuments();
  if (view === "add") return viewAdd();
  return viewHome();
}

async function start() {
  $("token").value = sessionStorage.getItem("factionmap.token") || "";
  $("reviewer").value = localStorage.getItem("factionmap.reviewer") || "";
  $("token").addEventListener("change", () => { sessionStorage.setItem("factionmap.token", token()); refresh(); });
  $("reviewer").addEventListener("change", () => localStorage.setItem("factionmap.reviewer", reviewer()));
  $("search").addEventListener("input", onSearch);
  for (const id of ["from", "to"]) $(id).addEventListener("input", scheduleGraph);
  $("rollup").addEventListener("change", scheduleGraph);
  $("min-events").addEventListener("change", scheduleGraph);
  initGraph();
  try {
    S.meta = await get("/meta");
    $("stats").textContent = `${S.meta.documents} articles · ${S.meta.events} events`;
    buildFilters(S.meta);
  } catch (err) { failed(err); }
  await loadGraph();
  window.addEventListener("hashchange", route);
  route();
}

start();
