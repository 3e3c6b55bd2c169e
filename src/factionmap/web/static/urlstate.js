// The whole view state lives in the URL hash, so a link reproduces what the analyst saw:
//   #/dyad/Taliban/ISKP?since=2016-01&until=2017-06&type=ASSAULT,AGREE&view=map
// The path says what the detail panel shows; the query holds period, filters,
// display options, the centre view (network or map) and the focus actor.

export const DEFAULTS = Object.freeze({
  since: null, until: null, // the period, YYYY-MM
  kind: [], type: [], status: [], // empty: no filter
  rollup: false, min: 1, top: 60, focus: null,
  view: "network", // or "map"
  all: false, // the period control spans every date, outliers included
});

const LISTS = ["kind", "type", "status"];
const NUMBERS = { min: [1, 100000], top: [1, 5000] };

export function parse(hash) {
  const raw = String(hash || "").replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const path = pathPart.split("/").filter((p) => p !== "").map((p) => {
    try { return decodeURIComponent(p); } catch (_) { return p; }
  });
  const state = { ...DEFAULTS };
  for (const [k, v] of query.entries()) {
    if (!(k in DEFAULTS)) continue;
    if (LISTS.includes(k)) state[k] = v.split(",").map((s) => s.trim()).filter(Boolean);
    else if (k in NUMBERS) {
      const n = Math.round(Number(v));
      if (Number.isFinite(n)) state[k] = Math.min(NUMBERS[k][1], Math.max(NUMBERS[k][0], n));
    } else if (k === "rollup" || k === "all") state[k] = v === "1" || v === "true";
    else if (k === "since" || k === "until") state[k] = /^\d{4}(-\d{2})?$/.test(v) ? v : null;
    else if (k === "view") state[k] = v === "map" ? "map" : "network";
    else state[k] = v || null;
  }
  return { path, state, hasQuery: q >= 0 };
}

export function format(path, state) {
  const segs = (path || []).map((p) => encodeURIComponent(p)).join("/");
  const q = new URLSearchParams();
  for (const [k, dflt] of Object.entries(DEFAULTS)) {
    const v = state[k];
    if (LISTS.includes(k)) { if (v && v.length) q.set(k, v.join(",")); continue; }
    if (v === dflt || v === null || v === undefined || v === "") continue;
    q.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  const qs = q.toString().replace(/%2C/g, ",");
  return `#/${segs}${qs ? `?${qs}` : ""}`;
}

export function same(a, b) {
  return format([], a) === format([], b);
}
