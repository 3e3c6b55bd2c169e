// Talking to /api: JSON in, JSON out, the token from the header field.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export function token() {
  return document.getElementById("token").value.trim();
}

export function reviewer() {
  return document.getElementById("reviewer").value.trim();
}

function headers(extra) {
  const out = { Accept: "application/json", ...(extra || {}) };
  const t = token();
  if (t) out.Authorization = `Bearer ${t}`;
  return out;
}

async function handle(resp) {
  let body = null;
  try { body = await resp.json(); } catch (_) { body = null; }
  if (!resp.ok) {
    const msg = body && body.error ? body.error.message : `${resp.status} ${resp.statusText}`;
    throw new ApiError(resp.status, msg);
  }
  return body;
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "" || v === false) continue;
    if (Array.isArray(v)) v.forEach((x) => u.append(k, x));
    else u.append(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}

export const seg = (s) => encodeURIComponent(s);

export async function get(path, params, signal) {
  return handle(await fetch(`/api${path}${qs(params)}`, { headers: headers(), signal }));
}

export async function post(path, body) {
  return handle(await fetch(`/api${path}`, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  }));
}

export async function upload(path, files) {
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  return handle(await fetch(`/api${path}`, { method: "POST", headers: headers(), body: form }));
}

// Fetch a file (with the token, when there is one) and hand it to the browser as a download.
export async function download(path, params, filename) {
  const resp = await fetch(`/api${path}${qs(params)}`, { headers: headers({ Accept: "*/*" }) });
  if (!resp.ok) await handle(resp);
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return blob.size;
}
