// factionmap single-page app. The period control runs across the top; filters
// on the left; the network (or the map) in the middle; the detail panel on the
// right, which the URL's path chooses (#/dyad/A/B, #/actor/X, #/doc/ID,
// #/contradictions, #/events, #/search/WORDS, #/documents, #/add). The URL's
// query holds the rest of the view (see urlstate.js), so a link reproduces it.
// Every panel follows the period and the filters.
import { ApiError, download, get, post, reviewer, seg, token, upload } from "./api.js";
import { PeriodBrush } from "./brush.js";
import { badge, clear, context, fill, h, highlighted, marked, tag } from "./dom.js";
import { dyadTimeline } from "./dyadtime.js";
import { GeoMap } from "./geomap.js";
import { KIND_SHAPES, Network, kindShape } from "./network.js";
import { STATES, STATUS_LINES, stateOf, stateStyle } from "./palette.js";
import { DEFAULTS, format, parse, same } from "./urlstate.js";

const S = {
  meta: null,
  view: { ...DEFAULTS }, // period, filters, display: mirrored in the URL's query
  path: [], // what the detail panel shows
  net: null,
  geo: null,
  brush: null,
  graph: null, // the last /api/view/network
  aborts: {},
  selected: null, // {kind: "edge"|"node", id}
  nav: 0, // bumped on every route: a view whose data arrives late checks it is still wanted
  docs: new Map(), // document id -> Promise of the document (with text)
};

const $ = (id) => document.getElementById(id);
const detail = () => $("detail");
const PHONE = window.matchMedia("(max-width: 820px)");

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

// One request per kind in flight: a newer one aborts the older.
async function fresh(kind, path, params) {
  if (S.aborts[kind]) S.aborts[kind].abort();
  const ctrl = new AbortController();
  S.aborts[kind] = ctrl;
  const out = await get(path, params, ctrl.signal);
  return ctrl.signal.aborted ? null : out;
}

// ---------------------------------------------------------------- view state <-> controls <-> URL

function filterParams(extra = {}) {
  const v = S.view;
  return {
    since: v.since, until: v.until, kind: v.kind, type: v.type, status: v.status,
    rollup: v.rollup ? "true" : null, min_events: v.min > 1 ? v.min : null, ...extra,
  };
}

function boxes(id) { return [...$(id).querySelectorAll("input[type=checkbox]")]; }

function readControls() {
  const some = (id) => { const all = boxes(id), on = all.filter((b) => b.checked).map((b) => b.value);
    return on.length === all.length ? [] : on; };
  S.view.kind = some("kinds");
  S.view.type = some("types");
  S.view.status = some("statuses");
  S.view.rollup = $("rollup").checked;
  S.view.min = Math.max(1, Number($("min-events").value) || 1);
  S.view.top = Math.max(5, Number($("top").value) || DEFAULTS.top);
}

function writeControls() {
  const set = (id, chosen) => boxes(id).forEach((b) => { b.checked = !chosen.length || chosen.includes(b.value); });
  set("kinds", S.view.kind);
  set("types", S.view.type);
  set("statuses", S.view.status);
  $("rollup").checked = S.view.rollup;
  $("min-events").value = String(S.view.min);
  $("top").value = String(S.view.top);
  showTab(S.view.view, false);
  showFocus();
}

function writeUrl() {
  const want = format(S.path, S.view);
  if (location.hash !== want) history.replaceState(null, "", want);
}

function go(path) {
  location.hash = format(path, S.view).slice(1);
}

function onFilters() {
  readControls();
  writeUrl();
  scheduleAll({ timeline: true });
}

let allTimer = null, pending = {};
function scheduleAll(opts = {}) { // debounced; what any of the merged calls asked for is done
  clearTimeout(allTimer);
  pending = { timeline: pending.timeline || opts.timeline, fit: pending.fit || opts.fit };
  allTimer = setTimeout(() => { const o = pending; pending = {}; refreshAll(o); }, 160);
}

async function refreshAll({ timeline = false, fit = false } = {}) {
  const graph = loadGraph({ fit });
  const jobs = [graph, loadGeo(), S.path[0] ? rerouteDetail() : graph.then(rerouteDetail)]; // home lists the drawn relations
  if (timeline) jobs.push(loadTimeline());
  await Promise.all(jobs);
}

// ---------------------------------------------------------------- filters

function checkbox(container, value, label) {
  container.appendChild(h("label", { class: "check" },
    h("input", { type: "checkbox", value, checked: true, onchange: onFilters }), label));
}

function buildFilters(meta) {
  const kinds = clear($("kinds"));
  for (const k of meta.kinds) {
    checkbox(kinds, k, [h("span", { class: "glyph", "aria-hidden": "true" }, kindShape(k).glyph), k.replace(/_/g, " ")]);
  }
  const statuses = clear($("statuses"));
  for (const s of meta.statuses) checkbox(statuses, s, s);
  const types = clear($("types"));
  for (const [quad, ts] of Object.entries(meta.types)) {
    types.appendChild(h("div", { class: "group" }, quad));
    for (const t of ts) checkbox(types, t, t);
  }
}

// ---------------------------------------------------------------- period

async function loadTimeline() {
  try {
    const tl = await fresh("timeline", "/view/timeline", { kind: S.view.kind, type: S.view.type, status: S.view.status,
      rollup: S.view.rollup ? "true" : null, actor: S.view.focus });
    if (!tl) return;
    S.timeline = tl;
    S.brush.setData(tl, { all: S.view.all, since: S.view.since, until: S.view.until });
  } catch (err) { failed(err); }
}

function onPeriod({ since, until }) {
  if (S.view.since === since && S.view.until === until) return;
  S.view.since = since;
  S.view.until = until;
  writeUrl();
  scheduleAll();
}

// ---------------------------------------------------------------- network

async function loadGraph({ fit = false } = {}) {
  const status = $("graph-status");
  status.textContent = "loading…";
  try {
    const t0 = performance.now();
    const g = await fresh("graph", "/view/network", filterParams({ top: S.view.top, actor: S.view.focus }));
    if (!g) return;
    const t1 = performance.now();
    await S.net.render(g, { fit: fit || !S.graph });
    S.graph = g;
    S.net.select(S.selected);
    legend(g);
    $("graph-empty").hidden = g.nodes.length > 0;
    const hidden = g.total.nodes - g.nodes.length;
    status.textContent = `${g.nodes.length} of ${g.total.nodes} actors · ${g.edges.length} of ${g.total.edges} relations` +
      (hidden > 0 ? ` (the ${g.top} with most events; raise “actors drawn” or focus on one)` : "");
    const cy = $("cy");
    cy.dataset.ready = "true";
    cy.dataset.renders = String(Number(cy.dataset.renders || 0) + 1);
    cy.dataset.renderMs = String(Math.round(performance.now() - t0));
    cy.dataset.fetchMs = String(Math.round(t1 - t0));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    status.textContent = "";
    failed(err);
  }
}

// The legend: always in view over the network, listing only what is drawn.
function legend(g) {
  const el = clear($("legend"));
  const states = [...new Set(g.edges.map((e) => stateStyle(stateOf(e)).label))];
  const byLabel = Object.values(STATES).reduce((m, s) => (m[s.label] = s, m), {});
  const statuses = [...new Set(g.edges.map((e) => STATUS_LINES[e.status] ? STATUS_LINES[e.status].style : "solid"))];
  const kinds = [...new Set(g.nodes.map((n) => n.kind))];
  fill(el,
    h("details", { open: !PHONE.matches, class: "legend-box" },
      h("summary", {}, "Legend"),
      h("div", { class: "legend-grid" },
        ...states.map((label) => {
          const sw = h("span", { class: "sw" });
          sw.style.backgroundColor = (byLabel[label] || stateStyle(label)).color;
          return h("span", { class: "item", "data-testid": "legend-state" }, sw, label);
        }),
        ...["solid", "dashed", "dotted"].filter((st) => statuses.includes(st)).map((st) => h("span", { class: "item" },
          h("span", { class: `sw line ${st}` }),
          Object.values(STATUS_LINES).find((l) => l.style === st).label)),
        h("span", { class: "item" }, h("span", { class: "glyph" }, "→"), "who acted on whom"),
        ...kinds.map((k) => h("span", { class: "item" }, h("span", { class: "glyph" }, kindShape(k).glyph),
          (k || "unknown").replace(/_/g, " "))),
        h("span", { class: "item muted" }, "thicker: more events"))));
}

function onEdge(a, b, { keyboard = false } = {}) {
  S.keyboardOpen = keyboard;
  go(["dyad", a, b]);
}

function onNode(name) { go(["actor", name]); }

function showFocus() {
  const chip = clear($("focus-chip"));
  if (!S.view.focus) return;
  fill(chip, h("span", { class: "chip", "data-testid": "focus-chip" }, "focus: ", h("strong", {}, S.view.focus), " ",
    h("button", { type: "button", class: "link", "aria-label": `clear the focus on ${S.view.focus}`,
      onclick: () => setFocus(null) }, "✕")));
}

function setFocus(name) {
  S.view.focus = name;
  showFocus();
  writeUrl();
  refreshAll({ timeline: true, fit: true });
}

// ---------------------------------------------------------------- map

function showTab(which, load = true) {
  S.view.view = which;
  const map = which === "map";
  $("panel-network").hidden = map;
  $("panel-map").hidden = !map;
  $("tab-network").setAttribute("aria-selected", String(!map));
  $("tab-map").setAttribute("aria-selected", String(map));
  $("tab-network").tabIndex = map ? -1 : 0;
  $("tab-map").tabIndex = map ? 0 : -1;
  $("fit").hidden = map;
  if (load) { writeUrl(); if (map) loadGeo(); else { S.net.cy.resize(); S.net.labels(); } }
}

async function loadGeo() {
  if (S.view.view !== "map") return;
  const [kind, a, b] = S.path;
  const extra = { actor: S.view.focus };
  let what = S.view.focus ? `${S.view.focus}'s relations` : "all relations";
  if (kind === "dyad" && a && b) { extra.dyad = [a, b]; extra.actor = null; what = `${a} — ${b}`; }
  else if (kind === "actor" && a) { extra.actor = a; what = a; }
  try {
    const geo = await fresh("geo", "/view/geo", filterParams(extra));
    if (!geo) return;
    await S.geo.show(geo, what);
    S.geo.invalidate();
  } catch (err) { failed(err); }
}

// ---------------------------------------------------------------- export

const EXPORTS = [
  ["events.csv", "Events (CSV, for pandas or R)"],
  ["events.plover.jsonl", "Events (PLOVER JSON Lines)"],
  ["network.gexf", "Network (GEXF with timeline, for Gephi)"],
  ["network.graphml", "Network (GraphML)"],
  ["network.json", "Network (node-link JSON, networkx)"],
  ["edges.csv", "Relations (CSV)"],
  ["nodes.csv", "Actors (CSV)"],
];

function buildExport() {
  const menu = clear($("export-menu"));
  for (const [name, label] of EXPORTS) {
    menu.appendChild(h("button", { type: "button", "data-testid": `export-${name}`, onclick: async (e) => {
      const btn = e.currentTarget;
      btn.disabled = true;
      try {
        const [kind, a, b] = S.path;
        const extra = { actor: S.view.focus };
        if (kind === "dyad" && a && b) extra.dyad = [a, b];
        const size = await download(`/export/${name}`, filterParams(extra), `factionmap-${name}`);
        notify(`exported ${name} (${Math.round(size / 1024)} kB) for the current view`);
      } catch (err) { failed(err); } finally { btn.disabled = false; $("export").open = false; }
    } }, label));
  }
}

// ---------------------------------------------------------------- search

let searchTimer = null;
function onSearchInput() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $("search").value.trim();
    const list = clear($("search-results"));
    if (!q) return;
    try {
      const res = await get("/actors", { q, limit: 8 });
      if ($("search").value.trim() !== q) return;
      for (const a of res.items) {
        const alias = a.matched && a.matched !== a.name ? ` (${a.matched})` : "";
        list.appendChild(h("li", {}, h("button", {
          type: "button", "data-testid": "search-result",
          onclick: () => { clear(list); go(["actor", a.name]); },
        }, a.name, h("span", { class: "muted small" }, alias, a.events ? ` · ${a.events} events` : ""))));
      }
      list.appendChild(h("li", {}, h("button", { type: "button", class: "muted", "data-testid": "search-fulltext",
        onclick: () => { clear(list); go(["search", q]); } }, `search articles and evidence for “${q}” (Enter)`)));
    } catch (err) { failed(err); }
  }, 150);
}

function searchKeys(e) {
  const items = [...$("search-results").querySelectorAll("button")];
  if (e.key === "ArrowDown" && items.length) { items[0].focus(); e.preventDefault(); }
  if (e.key === "Escape") clear($("search-results"));
}

function resultKeys(e) {
  const items = [...$("search-results").querySelectorAll("button")];
  const i = items.indexOf(document.activeElement);
  if (i < 0) return;
  if (e.key === "ArrowDown") { items[Math.min(items.length - 1, i + 1)].focus(); e.preventDefault(); }
  if (e.key === "ArrowUp") { (i ? items[i - 1] : $("search")).focus(); e.preventDefault(); }
  if (e.key === "Escape") { clear($("search-results")); $("search").focus(); }
}

async function viewSearch(q) {
  const nav = S.nav;
  select(null);
  const el = clear(detail());
  el.dataset.view = "search";
  fill(el, h("h1", { tabindex: "-1" }, `Search: ${q}`), h("p", { class: "muted" }, "searching…"));
  let actors, hits;
  try {
    [actors, hits] = await Promise.all([get("/actors", { q, limit: 10 }),
      get("/search", { q, since: S.view.since, until: S.view.until, limit: 30 })]);
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  clear(el);
  fill(el, h("h1", { "data-testid": "search-title", tabindex: "-1" }, `Search: ${q}`),
    periodNote(),
    h("h3", {}, `Actors (${actors.items.length})`),
    actors.items.length ? h("ul", { class: "plain" }, ...actors.items.map((a) => h("li", {},
      h("a", { href: `#/actor/${seg(a.name)}` }, a.name), h("span", { class: "muted small" }, ` ${a.kind || ""} · ${a.events} events`))))
      : h("p", { class: "muted small" }, "No actor by that name."),
    h("h3", {}, `Evidence (${hits.events.length})`),
    ...hits.events.map((ev) => h("div", { class: "card", "data-testid": "search-evidence" },
      h("div", { class: "head" }, h("strong", {}, ev.date || "undated"), tag(ev.type, "type"),
        h("a", { href: `#/dyad/${seg(ev.actor)}/${seg(ev.recipient)}` }, `${ev.actor} → ${ev.recipient}`), tag(ev.status, ev.status)),
      h("div", { class: "evidence" }, marked(ev.snippet, hits.mark)),
      h("div", { class: "meta" }, h("a", { href: `#/doc/${seg(ev.doc_id)}` }, ev.doc_title || ev.doc_id)))),
    hits.events.length ? null : h("p", { class: "muted small" }, "No evidence sentence has all these words."),
    h("h3", {}, `Articles (${hits.documents.length})`),
    ...hits.documents.map((d) => h("div", { class: "card", "data-testid": "search-document" },
      h("div", { class: "head" }, h("strong", {}, d.date || ""), h("a", { href: `#/doc/${seg(d.id)}` }, d.title || d.id)),
      h("div", { class: "evidence" }, marked(d.snippet, hits.mark)))),
    hits.documents.length ? null : h("p", { class: "muted small" }, "No article has all these words."));
}

function periodNote() {
  const v = S.view;
  return v.since || v.until ? h("p", { class: "muted small", "data-testid": "period-note" },
    `Period ${v.since || "…"} – ${v.until || "…"} (change it above).`) : null;
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
  return h("div", { class: cls, "data-testid": "event", "data-event-id": id, tabindex: "-1" },
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

function select(sel) {
  S.selected = sel;
  if (S.net) S.net.select(sel);
}

function viewHome() {
  select(null);
  const m = S.meta || {};
  const el = clear(detail());
  el.dataset.view = "home";
  const top = S.graph ? S.graph.edges.slice(0, 15) : [];
  fill(el,
    h("h1", {}, "Relations between armed groups, states and international bodies"),
    h("p", {}, `${m.documents ?? 0} articles, ${m.events ?? 0} relation events.`),
    h("ul", { class: "plain" },
      h("li", {}, "Drag across the bars at the top to choose a period; every view follows it."),
      h("li", {}, "Click a line (or Tab to the network and use the arrow keys) to read the events between two actors, with their evidence."),
      h("li", {}, "Click an actor for its aliases, branches, people and relations; the Map tab shows where events happened.")),
    top.length ? [h("h3", {}, "Strongest relations in view"), relationsList(top)] : null,
    m.writes ? null : h("p", { class: "muted small" }, "This server is read-only (started without --token)."));
}

function relationsList(edges) {
  return h("table", { class: "plain", "data-testid": "relations" },
    h("tr", {}, h("th", {}, "relation"), h("th", {}, "state"), h("th", {}, "events")),
    ...edges.map((e) => h("tr", {},
      h("td", {}, h("a", { href: `#/dyad/${seg(e.source)}/${seg(e.target)}` }, `${e.source} — ${e.target}`)),
      h("td", {}, badge(stateOf(e))),
      h("td", {}, String(e.events)))));
}

function stateSummary(d) {
  const st = d.state || {};
  return h("div", {},
    h("p", {}, badge(st.state), st.since ? ` since ${st.since}` : ""),
    st.reason ? h("p", { class: "muted small", "data-testid": "state-reason" }, st.reason) : null);
}

function timeline(d) {
  const width = Math.min(detail().clientWidth || 420, 900) - 8;
  const fig = dyadTimeline(d, width, (id) => {
    const card = detail().querySelector(`[data-testid=event][data-event-id='${CSS.escape(id)}']`);
    if (card) { card.scrollIntoView({ block: "center" }); card.focus(); }
  });
  if (!fig) return null;
  const changes = h("ul", { class: "changes", "data-testid": "changes" },
    ...(d.changes || []).map((c) => h("li", {}, h("strong", {}, c.date), " ", badge(c.state),
      h("span", { class: "muted small" }, ` (was ${c.previous})`))));
  return [h("h3", {}, "Timeline"), h("div", { class: "dyad-time-wrap", "data-testid": "dyad-timeline" }, fig.figure), fig.legend, changes];
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

function contradictionCard(c, withDyad = false) {
  const bySide = new Map();
  for (const claim of c.claims || []) {
    const side = claim.side || "claim";
    if (!bySide.has(side)) bySide.set(side, []);
    bySide.get(side).push(claim);
  }
  const sides = [...bySide.entries()].map(([side, claims]) =>
    h("div", { class: `side ${SIDE_POLARITY[side] || ""}` }, h("strong", {}, side), ...claims.map(claimLine)));
  const period = (c.period || []).filter(Boolean);
  return h("div", { class: "card contradiction", "data-testid": "contradiction", tabindex: "-1" },
    h("div", { class: "head" }, h("strong", {}, (c.kind || "contradiction").replace(/_/g, " ")),
      withDyad && c.dyad ? h("a", { href: `#/dyad/${seg(c.dyad[0])}/${seg(c.dyad[1])}` }, `${c.dyad[0]} — ${c.dyad[1]}`) : null,
      period.length ? h("span", { class: "muted" }, [...new Set(period)].join(" – ")) : ""),
    c.explanation ? h("p", { class: "small", "data-testid": "contradiction-summary" }, c.explanation) : null,
    h("div", { class: "sides" }, ...sides));
}

async function viewDyad(a, b) {
  const nav = S.nav;
  select({ kind: "edge", id: [a, b] });
  const el = clear(detail());
  fill(el, h("h1", {}, `${a} — ${b}`), h("p", { class: "muted" }, "loading…"));
  let d;
  try {
    d = await get(`/dyads/${seg(a)}/${seg(b)}`, { since: S.view.since, until: S.view.until, rollup: S.view.rollup ? "true" : null });
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return; // navigated away meanwhile
  const reload = async () => { await Promise.all([viewDyad(a, b), refreshData()]); };
  clear(el);
  el.dataset.view = "dyad";
  const title = h("h1", { "data-testid": "dyad-title", tabindex: "-1" },
    h("a", { href: `#/actor/${seg(d.dyad[0])}` }, d.dyad[0]), " — ",
    h("a", { href: `#/actor/${seg(d.dyad[1])}` }, d.dyad[1]));
  const jump = (what, label) => h("button", { type: "button", class: "link small", "data-testid": `jump-${what}`,
    onclick: () => { const t = el.querySelector(`[data-section=${what}] ~ .card`); if (t) { t.scrollIntoView({ block: "start" }); t.focus(); } } }, label);
  fill(el,
    title,
    h("p", { class: "jumps" }, "jump to ", jump("events", `the events (${d.events.length + (d.undated_events || []).length})`),
      (d.contradictions || []).length ? [" · ", jump("contradictions", `the contradictions (${d.contradictions.length})`)] : null),
    periodNote(),
    stateSummary(d),
    timeline(d),
    h("h3", { "data-section": "contradictions" }, `Contradictions (${(d.contradictions || []).length})`),
    ...(d.contradictions || []).map((c) => contradictionCard(c)),
    (d.contradictions || []).length ? null : h("p", { class: "muted small" }, "None found on this dyad."),
    h("h3", { "data-section": "events" }, `Events (${d.events.length + (d.undated_events || []).length})`),
    ...d.events.map((ev) => eventCard(ev, reload)),
    ...(d.undated_events || []).map((ev) => eventCard(ev, reload)),
    (d.reviewed_out || []).length ? h("h3", {}, `Marked wrong (${d.reviewed_out.length})`) : null,
    ...(d.reviewed_out || []).map((ev) => eventCard(ev, reload)));
  if (S.keyboardOpen) { S.keyboardOpen = false; title.focus(); }
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
  select({ kind: "node", id: name });
  if (S.net) S.net.center(name);
  const el = clear(detail());
  fill(el, h("h1", {}, name), h("p", { class: "muted" }, "loading…"));
  let p;
  try {
    p = await get(`/actors/${seg(name)}`, { since: S.view.since, until: S.view.until, rollup: S.view.rollup ? "true" : null });
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  clear(el);
  el.dataset.view = "actor";
  const people = (p.people || []).map((x) => typeof x === "string" ? x : [x.name, x.role ? ` (${x.role})` : ""].join(""));
  const seen = (p.seen_as || []).map((x) => x.text).filter((t) => !(p.aliases || []).includes(t));
  const focused = S.view.focus === p.name;
  fill(el,
    h("h1", { "data-testid": "actor-title", tabindex: "-1" }, p.name),
    h("p", {}, h("button", { type: "button", "data-testid": "focus-actor",
      onclick: () => setFocus(focused ? null : p.name) }, focused ? "show the whole network" : "focus the network on this actor")),
    periodNote(),
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
      h("td", {}, badge(stateOf(r))),
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

async function viewContradictions() {
  const nav = S.nav;
  select(null);
  const el = clear(detail());
  el.dataset.view = "contradictions";
  fill(el, h("h1", {}, "Contradictions"), h("p", { class: "muted" }, "loading…"));
  let res;
  try {
    res = await get("/contradictions", { since: S.view.since, until: S.view.until, actor: S.view.focus });
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  clear(el);
  fill(el, h("h1", { "data-testid": "contradictions-title", tabindex: "-1" }, `Contradictions (${res.total})`),
    periodNote(),
    h("p", { class: "muted small" }, "Claims that cannot all be true, side by side with who made each."),
    ...res.items.map((c) => contradictionCard(c, true)),
    res.items.length ? null : h("p", { class: "muted" }, "None in this period."));
}

async function viewEvents(offset = 0, into = null) {
  const nav = S.nav;
  if (!into) select(null);
  const el = into || clear(detail());
  if (!into) { el.dataset.view = "events"; fill(el, h("h1", {}, "Events"), h("p", { class: "muted" }, "loading…")); }
  let res;
  try {
    res = await get("/events", { since: S.view.since, until: S.view.until, type: S.view.type, status: S.view.status,
      actor: S.view.focus, limit: 50, offset });
  } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  if (!into) {
    clear(el);
    fill(el, h("h1", { "data-testid": "events-title", tabindex: "-1" }, `Events (${res.total})`), periodNote(),
      h("p", { class: "muted small" }, "In time order; the bars at the top count them per month."));
  } else {
    const more = el.querySelector("[data-testid=events-more]");
    if (more) more.remove();
  }
  let month = el.dataset.lastMonth || null;
  for (const ev of res.items) {
    const m = (ev.date || "undated").slice(0, 7);
    if (m !== month) { el.appendChild(h("h3", { class: "month" }, m)); month = m; }
    el.appendChild(eventCard(ev, () => refreshData()));
  }
  el.dataset.lastMonth = month || "";
  if (offset + res.items.length < res.total) {
    el.appendChild(h("button", { type: "button", "data-testid": "events-more",
      onclick: () => viewEvents(offset + 50, el) }, `more (${res.total - offset - res.items.length} left)`));
  }
}

async function viewDocuments() {
  select(null);
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
  select(null);
  const el = clear(detail());
  fill(el, h("h1", {}, id), h("p", { class: "muted" }, "loading…"));
  let d;
  try { d = await get(`/documents/${seg(id)}`); } catch (err) { failed(err); return; }
  if (nav !== S.nav) return;
  S.docs.set(id, Promise.resolve(d));
  clear(el);
  el.dataset.view = "document";
  const reload = async () => { S.docs.delete(id); await Promise.all([viewDocument(id), refreshData()]); };
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
  select(null);
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
      await refreshData();
    } catch (err) { clear(out); failed(err); } finally { button.disabled = false; }
  });
  const files = h("input", { type: "file", multiple: true, accept: ".txt,.html,.htm,.jsonl,.csv,.xml,.rss,.atom",
    "data-testid": "add-files", "aria-label": "article files" });
  const up = h("button", { type: "button", "data-testid": "upload-submit" }, "Upload and extract");
  up.addEventListener("click", async () => {
    if (!files.files.length) { notify("choose one or more files first", true); return; }
    up.disabled = true;
    fill(clear(out), h("p", { class: "muted" }, "extracting…"));
    try {
      const res = await upload("/documents/upload", files.files);
      showExtraction(out, res.results, res.errors);
      await refreshData();
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
    const reload = async () => { S.docs.delete(r.document.id); await refreshData(); };
    fill(out,
      h("h3", {}, h("a", { href: `#/doc/${seg(r.document.id)}` }, r.document.title || r.document.id),
        " ", tag(r.status)),
      h("p", { class: "muted small" }, `${r.events.length} events`),
      ...r.events.map((ev) => eventCard(ev, reload)));
  }
}

// ---------------------------------------------------------------- routing and start-up

// New data (an article added, a review saved): counts, histogram, network, map.
async function refreshData() {
  try {
    S.meta = await get("/meta");
    $("stats").textContent = `${S.meta.documents} articles · ${S.meta.events} events`;
  } catch (err) { failed(err); }
  await Promise.all([loadTimeline(), loadGraph(), loadGeo()]);
}

function rerouteDetail() {
  const [view] = S.path;
  if (["add", "doc", "documents"].includes(view)) return null; // these do not depend on the filters
  return route(false);
}

function route(fromHash = true) {
  if (fromHash) {
    const { path, state, hasQuery } = parse(location.hash);
    S.path = path;
    if (hasQuery && !same(state, S.view)) { // a link or Back brought another view: apply it
      const periodOnly = Object.keys(DEFAULTS).every((k) => ["since", "until"].includes(k) ||
        JSON.stringify(state[k]) === JSON.stringify(S.view[k]));
      S.view = state;
      writeControls();
      if (S.brush && S.timeline) S.brush.setData(S.timeline, { all: S.view.all, since: S.view.since, until: S.view.until });
      refreshAll({ timeline: !periodOnly });
      return null; // refreshAll re-renders the detail panel
    }
    writeUrl(); // a plain link (#/actor/X): keep the current view in the URL
    loadGeo();
  }
  S.nav += 1;
  const [view, ...args] = S.path;
  if (view === "dyad" && args.length >= 2) return viewDyad(args[0], args[1]);
  if (view === "actor" && args[0]) return viewActor(args[0]);
  if (view === "doc" && args[0]) return viewDocument(args[0]);
  if (view === "documents") return viewDocuments();
  if (view === "contradictions") return viewContradictions();
  if (view === "events") return viewEvents();
  if (view === "search" && args[0]) return viewSearch(args.join("/"));
  if (view === "add") return viewAdd();
  return viewHome();
}

async function start() {
  $("token").value = sessionStorage.getItem("factionmap.token") || "";
  $("reviewer").value = localStorage.getItem("factionmap.reviewer") || "";
  $("token").addEventListener("change", () => { sessionStorage.setItem("factionmap.token", token()); refreshData(); });
  $("reviewer").addEventListener("change", () => localStorage.setItem("factionmap.reviewer", reviewer()));
  $("search").addEventListener("input", onSearchInput);
  $("search").addEventListener("keydown", searchKeys);
  $("search-results").addEventListener("keydown", resultKeys);
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("search").value.trim();
    if (!q) return;
    clearTimeout(searchTimer); // no suggestions pop up after the search has gone
    clear($("search-results"));
    go(["search", q]);
  });
  for (const id of ["rollup", "min-events", "top"]) $(id).addEventListener("change", onFilters);
  $("skip-network").addEventListener("click", () => { showTab("network"); $("cy").focus(); });
  $("fit").addEventListener("click", () => S.net.fit());
  $("tab-network").addEventListener("click", () => showTab("network"));
  $("tab-map").addEventListener("click", () => showTab("map"));
  for (const id of ["tab-network", "tab-map"]) {
    $(id).addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        const next = S.view.view === "map" ? "network" : "map";
        showTab(next);
        $(`tab-${next}`).focus();
      }
    });
  }
  if (PHONE.matches) $("filters").open = false;
  buildExport();

  S.net = new Network($("cy"), { onEdge, onNode, announce: (t) => { $("network-live").textContent = t; },
    obstacles: [$("legend")] });
  S.geo = new GeoMap($("geo"), $("geo-list"), {});
  S.brush = new PeriodBrush(document.querySelector(".period-bar"), {
    onChange: onPeriod,
    onShowAll: (all) => { S.view.all = all; writeUrl(); if (S.timeline) S.brush.setData(S.timeline, { all, since: S.view.since, until: S.view.until }); },
  });
  window.factionmap = { cy: S.net.cy, network: S.net, geo: S.geo, state: S };

  const first = parse(location.hash);
  S.path = first.path;
  S.view = first.state;
  if (PHONE.matches && !/[?&]top=/.test(location.hash)) S.view.top = 25; // a phone draws fewer actors
  // the network, the histogram and the vocabularies load side by side: the URL already says what to ask
  const drawn = Promise.all([loadTimeline(), loadGraph({ fit: true })]);
  try {
    S.meta = await get("/meta");
    $("stats").textContent = `${S.meta.documents} articles · ${S.meta.events} events`;
    buildFilters(S.meta);
  } catch (err) { failed(err); }
  writeControls();
  writeUrl();
  await drawn;
  window.addEventListener("hashchange", () => route(true));
  route(false);
  loadGeo();
}

start();
