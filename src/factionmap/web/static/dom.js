// Building DOM safely. Every string from the server (article text, titles,
// actor names) becomes a text node: nothing here ever assigns innerHTML.
import { stateStyle, textOn } from "./palette.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else if (k === "checked" || k === "disabled" || k === "hidden" || k === "selected") el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

// An SVG element; attributes are set as attributes (never a style attribute: the page's CSP forbids them).
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

// A search snippet whose matches sit between the marker characters, as text and <mark> nodes.
export function marked(snippet, marks) {
  const [open, close] = marks || ["\ue000", "\ue001"];
  const frag = document.createDocumentFragment();
  let rest = String(snippet || "");
  while (rest) {
    const a = rest.indexOf(open);
    if (a < 0) { frag.appendChild(document.createTextNode(rest)); break; }
    const b = rest.indexOf(close, a + 1);
    frag.appendChild(document.createTextNode(rest.slice(0, a)));
    const m = document.createElement("mark");
    m.textContent = rest.slice(a + 1, b < 0 ? rest.length : b);
    frag.appendChild(m);
    rest = b < 0 ? "" : rest.slice(b + 1);
  }
  return frag;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Element.append would print arrays and nulls as text; this skips them and flattens.
export function fill(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// The text with [start, end) wrapped in <mark>, as text nodes: safe for any input.
export function highlighted(text, start, end) {
  const frag = document.createDocumentFragment();
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  frag.appendChild(document.createTextNode(text.slice(0, s)));
  const mark = document.createElement("mark");
  mark.textContent = text.slice(s, e);
  frag.appendChild(mark);
  frag.appendChild(document.createTextNode(text.slice(e)));
  return frag;
}

// The paragraph around [start, end), at most `room` characters either side.
export function context(text, start, end, room = 420) {
  let from = text.lastIndexOf("\n\n", start);
  from = from < 0 ? 0 : from + 2;
  let to = text.indexOf("\n\n", end);
  to = to < 0 ? text.length : to;
  let pre = "", post = "";
  if (start - from > room) { from = text.lastIndexOf(" ", start - room) + 1; pre = "… "; }
  if (to - end > room) { to = text.indexOf(" ", end + room); if (to < 0) to = text.length; post = " …"; }
  return { text: pre + text.slice(from, to) + post, start: start - from + pre.length, end: end - from + pre.length };
}

// A relationship state as a coloured badge (colours from palette.js).
export function badge(state, text) {
  const st = stateStyle(state);
  const el = h("span", { class: `badge side-${st.side}`, "data-testid": "state-badge", "data-state": state || "no relation" },
    text || state || "no relation");
  el.style.backgroundColor = st.color;
  el.style.color = textOn(st.color);
  return el;
}

export function tag(text, cls = "") {
  return h("span", { class: `tag ${cls}`.trim() }, text);
}
