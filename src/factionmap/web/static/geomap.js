// The geographic view: Leaflet over Natural Earth country outlines (world-atlas,
// served by the app: no tile server, works offline). Events that have
// coordinates are grouped by place (/api/view/geo); a circle's area grows with
// its events and its colour says whether conflict or cooperation dominates.
// It follows the period and filters, and shows only the selected dyad's (or
// actor's) events when one is selected.
import { POLARITY } from "./palette.js";
import { clear, h } from "./dom.js";

const OUTLINES = "/static/vendor/countries-50m.json";

export class GeoMap {
  constructor(container, list, { onDyad }) {
    this.container = container;
    this.list = list;
    this.onDyad = onDyad;
    this.map = null;
    this.layer = null;
    this.markers = [];
  }

  async ensure() {
    if (this.map) return this.map;
    const map = L.map(this.container, {
      attributionControl: false, minZoom: 1, maxZoom: 9, zoomSnap: 0.5, worldCopyJump: false,
      maxBounds: [[-85, -200], [85, 200]], keyboard: true,
    });
    map.setView([25, 20], 2);
    const topo = await (await fetch(OUTLINES)).json();
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      interactive: false,
      style: { color: "#9aa5b1", weight: 0.6, fillColor: "#eef1f4", fillOpacity: 1 },
    }).addTo(map);
    this.layer = L.layerGroup().addTo(map);
    this.map = map;
    this.container.setAttribute("aria-label", "Map of events with coordinates; arrow keys pan, + and - zoom");
    return map;
  }

  invalidate() { if (this.map) this.map.invalidateSize(); }

  // geo: /api/view/geo; what: the words for what is shown ("all events", "Taliban — ISKP")
  async show(geo, what) {
    await this.ensure();
    this.layer.clearLayers();
    this.markers = [];
    const places = geo.places || [];
    const bounds = [];
    for (const p of places) {
      const conflictSide = p.conflict >= p.cooperation;
      const m = L.circleMarker([p.lat, p.lon], {
        radius: 4 + 3.2 * Math.sqrt(p.events), color: "#ffffff", weight: 1.5,
        fillColor: conflictSide ? POLARITY.conflict : POLARITY.cooperation, fillOpacity: 0.82,
      });
      m.bindTooltip(`${p.name || "?"}: ${p.events} events (${p.conflict} conflict, ${p.cooperation} cooperation)`);
      m.bindPopup(() => this.popup(p), { maxWidth: 320 });
      m.addTo(this.layer);
      const el = m.getElement();
      if (el) { el.dataset.place = p.name || ""; el.dataset.events = String(p.events); el.classList.add("geo-place"); }
      this.markers.push({ place: p, marker: m });
      bounds.push([p.lat, p.lon]);
    }
    if (bounds.length) this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6 });
    else this.map.setView([25, 20], 2);
    this.container.dataset.places = String(places.length);
    this.container.dataset.ready = "true";
    this.container.dataset.renders = String(Number(this.container.dataset.renders || 0) + 1);
    this.fillList(places, geo.events, what);
  }

  popup(p) {
    return h("div", { class: "geo-popup" },
      h("strong", {}, p.name || "unnamed place"), p.admin1 && p.admin1 !== p.name ? `, ${p.admin1}` : "",
      p.country && p.country !== p.name ? ` (${p.country})` : "",
      h("div", { class: "small muted" }, `${p.events} events: ${p.conflict} conflict, ${p.cooperation} cooperation`),
      h("ul", { class: "plain small" }, ...(p.sample || []).map((s) => h("li", {},
        h("a", { href: `#/dyad/${encodeURIComponent(s.actor)}/${encodeURIComponent(s.recipient)}` },
          `${s.actor} ${s.type} ${s.recipient}`), ` · ${s.date || "undated"}`))),
      p.events > (p.sample || []).length ? h("div", { class: "small muted" }, `and ${p.events - p.sample.length} more`) : null);
  }

  fillList(places, total, what) {
    const el = clear(this.list);
    el.appendChild(h("summary", {}, `${places.length} places, ${total} events with coordinates — ${what}`));
    const ol = h("ol", { class: "places" });
    for (const { place, marker } of this.markers.slice(0, 40)) {
      ol.appendChild(h("li", {}, h("button", { type: "button", class: "link",
        onclick: () => { this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 5)); marker.openPopup(); } },
      place.name || "?"), ` ${place.events}`));
    }
    el.appendChild(ol);
  }
}
