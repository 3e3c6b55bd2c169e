// The one place that knows how a relationship state and a claim status look.
// Colours are the Okabe–Ito set (told apart with every common colour-vision
// deficiency) plus two of Paul Tol's; the two opposite states most often on
// screen, allied and rival, also differ 2.5:1 in luminance. Every view (network,
// legend, dyad timeline, map, badges) asks here.

const GREY = "#8c8c8c";

// key: a state name as the map layer writes it, lower case, "_" and "-" read as spaces
export const STATES = {
  "allied": { color: "#0072b2", label: "allied", side: "coop" },
  "cooperating": { color: "#0072b2", label: "cooperating", side: "coop" },
  "affiliated": { color: "#332288", label: "affiliated", side: "coop" },
  "truce": { color: "#009e73", label: "truce", side: "coop" },
  "negotiating": { color: "#56b4e9", label: "negotiating", side: "coop" },
  "mediating": { color: "#56b4e9", label: "mediating", side: "coop" },
  "mixed": { color: "#6f4e37", label: "mixed", side: "mixed" },
  "contested": { color: "#6f4e37", label: "contested", side: "mixed" },
  "split": { color: "#882255", label: "split", side: "conflict" },
  "rival": { color: "#e69f00", label: "rival", side: "conflict" },
  "hostile": { color: "#e69f00", label: "hostile", side: "conflict" },
  "at war": { color: "#d55e00", label: "at war", side: "conflict" },
  "no relation": { color: GREY, label: "no clear state", side: "none" },
};

// Claim status → how an edge's line is drawn (Cytoscape line-style and dash pattern).
export const STATUS_LINES = {
  asserted: { style: "solid", label: "asserted or reported" },
  reported: { style: "solid", label: "asserted or reported" },
  alleged: { style: "dashed", dash: [7, 4], label: "mostly alleged" },
  denied: { style: "dotted", dash: [2, 4], label: "mostly denied" },
};

// Event polarity (histogram, map, timeline markers).
export const POLARITY = { cooperation: "#0072b2", conflict: "#d55e00" };

export function stateKey(name) {
  return String(name || "no relation").toLowerCase().replace(/[_-]+/g, " ").trim();
}

// The state an edge is drawn in: its headline state, else the first of the several the map layer lists.
export function stateOf(edge) {
  if (!edge) return "no relation";
  if (typeof edge.state === "string" && edge.state) return stateKey(edge.state);
  if (Array.isArray(edge.states) && edge.states.length) {
    const first = edge.states[0];
    return stateKey(typeof first === "string" ? first : first.state || first.name);
  }
  return stateKey(edge.state);
}

export function stateStyle(name) {
  const key = stateKey(name);
  return STATES[key] || { color: GREY, label: key, side: "none" };
}

export function stateColor(name) { return stateStyle(name).color; }

export function statusLine(status) { return STATUS_LINES[status] || STATUS_LINES.asserted; }

// WCAG relative luminance of a #rrggbb colour.
export function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// Text on a coloured badge: white or ink, whichever reads better.
export function textOn(hex) {
  return contrast(hex, "#ffffff") >= contrast(hex, "#1d2329") ? "#ffffff" : "#1d2329";
}
