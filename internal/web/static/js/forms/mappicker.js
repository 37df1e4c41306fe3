// A small map to pick a geometry for a form, over the offline basemap:
// 'point' (one click places the point), 'line' (clicks add route points)
// or 'polygon' (clicks add vertices; the ring closes itself). Keyboard
// users and precise work use the coordinate box under the map, which
// shows the geometry as GeoJSON and accepts pasted GeoJSON (a geometry,
// a Feature or a FeatureCollection's first feature) or an imported .geojson
// file. The geometry is only ever read by the form; the API validates it.
import { removeMap, settleSize } from '../map/lifecycle.js';
import { h, fill } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { api } from '../api.js';
import countries from '../map/layers/countries.js';
import zones from '../map/layers/zones.js';
import { addPanes } from '../map/panes.js';
import * as live from '../live.js';

// geometryOf extracts a geometry from parsed GeoJSON of any of the
// accepted shapes; it throws with a translated message otherwise.
export function geometryOf(gj) {
  if (gj && gj.type === 'FeatureCollection') gj = (gj.features || [])[0];
  if (gj && gj.type === 'Feature') gj = gj.geometry;
  if (!gj || typeof gj.type !== 'string' || !Array.isArray(gj.coordinates)) throw new Error(t('picker.not_geojson'));
  return gj;
}

// mapPicker builds the picker. mode is 'point', 'line' or 'polygon';
// name is the API field it fills (for field errors).
export function mapPicker(mode, name, { showZones = false } = {}) {
  const mapEl = h('div', { class: 'picker-map', role: 'application', 'aria-label': t(`picker.help.${mode}`) });
  const text = h('textarea', { class: 'picker-text ltr', rows: 3, spellcheck: 'false', name: `${name}-geojson`, 'aria-label': t('picker.geojson') });
  const file = h('input', { type: 'file', accept: '.geojson,.json,application/geo+json,application/json', class: 'picker-file' });
  const clear = h('button', { type: 'button', class: 'btn secondary small' }, t('picker.clear'));
  const undo = mode === 'point' ? null : h('button', { type: 'button', class: 'btn secondary small' }, t('picker.undo'));
  const status = h('small', { class: 'hint', 'aria-live': 'polite' });
  const listeners = [];
  let pts = []; // [lat, lon]
  let map = null;
  let drawn = null;

  function geometry() {
    if (mode === 'point') return pts.length ? { type: 'Point', coordinates: [round(pts[0][1]), round(pts[0][0])] } : null;
    if (mode === 'line') return pts.length >= 2 ? { type: 'LineString', coordinates: pts.map(([la, lo]) => [round(lo), round(la)]) } : null;
    if (pts.length < 3) return null;
    const ring = pts.map(([la, lo]) => [round(lo), round(la)]);
    ring.push(ring[0]);
    return { type: 'Polygon', coordinates: [ring] };
  }

  function redraw(fromText = false) {
    const g = geometry();
    if (!fromText) text.value = g ? JSON.stringify(g) : '';
    fill(status, g ? t(`picker.has.${mode}`, { n: pts.length }) : t(`picker.help.${mode}`));
    if (map) {
      if (drawn) drawn.remove();
      const L = window.L;
      const style = { color: '#b42318', weight: 3 };
      drawn = L.layerGroup(pts.map((p) => L.circleMarker(p, { radius: 5, color: '#fff', weight: 2, fillColor: '#b42318', fillOpacity: 1, className: 'picker-vertex' })));
      if (mode === 'line' && pts.length >= 2) drawn.addLayer(L.polyline(pts, style));
      if (mode === 'polygon' && pts.length >= 2) drawn.addLayer(L.polygon(pts, { ...style, fillOpacity: 0.15, className: 'picker-shape' }));
      drawn.addTo(map);
    }
    listeners.forEach((fn) => fn(g));
  }

  function set(g) {
    if (mode === 'point' && g.type === 'Point') pts = [[g.coordinates[1], g.coordinates[0]]];
    else if (mode === 'line' && g.type === 'LineString') pts = g.coordinates.map(([lo, la]) => [la, lo]);
    else if (mode === 'polygon' && g.type === 'Polygon') {
      pts = g.coordinates[0].map(([lo, la]) => [la, lo]);
      if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
    } else throw new Error(t('picker.wrong_type', { type: g.type }));
    redraw();
    if (map && pts.length) map.fitBounds(window.L.latLngBounds(pts).pad(0.5), { maxZoom: 11 });
  }

  function fromText() {
    const v = text.value.trim();
    if (!v) { pts = []; redraw(true); return; }
    try { set(geometryOf(JSON.parse(v))); } catch (e) { fill(status, h('span', { class: 'field-error-inline' }, e.message)); }
  }
  text.addEventListener('change', fromText);
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    fromText();
  });
  clear.addEventListener('click', () => { pts = []; redraw(); });
  if (undo) undo.addEventListener('click', () => { pts.pop(); redraw(); });

  const el = h('div', { class: 'picker', 'data-mode': mode },
    mapEl, h('div', { class: 'picker-tools' }, clear, undo, h('label', { class: 'btn secondary small file' }, t('picker.import'), file)),
    status, text);

  // start draws the map once the element is in the page (Leaflet measures
  // its container).
  async function start() {
    const L = window.L;
    const cfg = await api('/api/v1/ui/config');
    map = L.map(mapEl, { zoomSnap: 0.5, minZoom: 4, maxZoom: 15 });
    map.setView(cfg.center, cfg.zoom);
    addPanes(map);
    // Clicks count from the first moment the map shows, not only once its
    // layers have loaded.
    map.on('click', (ev) => {
      const p = [ev.latlng.lat, ev.latlng.lng];
      if (mode === 'point') pts = [p]; else pts.push(p);
      redraw();
    });
    const lctx = { map, api, t, live, lang: currentLang(), config: cfg, time: null };
    try { (await countries.create(lctx)).layer.addTo(map); } catch (e) { console.warn('picker basemap', e); }
    let zl = null;
    if (showZones) { try { zl = await zones.create(lctx); zl.layer.addTo(map); } catch (e) { console.warn('picker zones', e); } }
    redraw(true);
    let removed = false;
    settleSize(map, () => removed);
    return () => { removed = true; if (zl && zl.destroy) zl.destroy(); removeMap(map); };
  }

  redraw();
  return {
    el, start, set,
    value: geometry,
    // onChange calls fn(geometry or null) whenever the geometry changes.
    onChange(fn) { listeners.push(fn); },
    // center moves the map to [lat, lon].
    center(ll, zoom = 11) { if (map) map.setView(ll, zoom); },
  };
}

function round(x) { return Math.round(x * 1e5) / 1e5; }
