// Incidents (GET /api/v1/incidents, brief listings): markers showing the
// category's glyph (incidentglyphs.js) on a disc coloured by verification
// status, reachable by keyboard (Tab, then Enter opens the popup); at the
// time slider's moment, those whose time overlaps the slider's window
// before it (everything reported so far when live). Where markers would overlap at
// the current zoom they are aggregated on a screen grid into one numbered
// cluster; clicking a cluster zooms in on it. Live entries about an
// incident re-read that incident alone and move, restyle, add or drop its
// one point (liverecords.js): no listing is read again.
import { h } from '../../dom.js';
import { fmtDate, fmtNumber } from '../../i18n.js';
import { popup, pointOf, recordLink } from './common.js';
import { follow } from '../../liverecords.js';
import { glyph } from './incidentglyphs.js';
import { incidentCategories, entryKinds } from '../../uiconfig.js';

export const statusColors = {
  reported: '#d97706',
  under_review: '#2563eb',
  confirmed: '#a4161a',
  disputed: '#7c3aed',
  unfounded: '#6b7280',
};

const CELL = 36;        // px: markers closer than this cluster
const PAGES = 100;      // at most 100 pages of 1000: 100,000 incidents (the size issue #20 asks the map to hold)

export default {
  id: 'incidents',
  title: 'layer.incidents',
  defaultOn: true,
  // legend is read when the map draws it, after boot has loaded the
  // categories from the UI config.
  get legend() {
    return [
      ...Object.entries(statusColors).map(([s, c]) => ({ shape: 'dot', color: '#fff', fill: c, label: `incident.status.${s}` })),
      { shape: 'dot', color: '#1b2632', fill: '#ffffff', label: 'legend.incident_cluster' },
      ...incidentCategories().map((c) => ({ glyph: glyph(c, '#1b2632', 18), label: `incident.category.${c}` })),
    ];
  },
  async create(ctx) {
    const { api, t, map } = ctx;
    const L = window.L;
    const layer = L.layerGroup();
    let points = []; // {ll, inc}
    let time = null;
    let win = null; // ms before time, null for everything so far
    let loading = 0;
    let dead = false; // destroyed: loads still in flight must not draw on a removed map

    function marker(p) {
      const inc = p.inc;
      const name = `${t(`incident.category.${inc.category}`)} · ${t(`incident.status.${inc.status}`)}`;
      const icon = L.divIcon({ className: `incident incident-${inc.status} incident-cat-${inc.category}`, iconSize: [20, 20],
        html: glyph(inc.category, statusColors[inc.status] || '#333') });
      const m = L.marker(p.ll, { icon, keyboard: true, title: name, pane: 'points' });
      m.bindPopup(() => popup(t(`incident.category.${inc.category}`), [
        [t('incident.time'), inc.time && inc.time.start ? fmtDate(inc.time.start) : ''],
        [t('incident.status'), t(`incident.status.${inc.status}`)],
        [t('incident.place'), inc.place_name],
      ], recordLink(ctx, `/incidents/${inc.id}`)));
      return m;
    }

    function cluster(cell) {
      const n = cell.length;
      const lat = cell.reduce((s, p) => s + p.ll[0], 0) / n;
      const lon = cell.reduce((s, p) => s + p.ll[1], 0) / n;
      const size = n < 10 ? 26 : n < 100 ? 32 : 40;
      const icon = L.divIcon({ className: 'incident-cluster', iconSize: [size, size], html: '' });
      const m = L.marker([lat, lon], { icon, keyboard: true, title: t('incident.cluster', { count: fmtNumber(n) }) });
      m.on('add', () => { const el = m.getElement(); if (el) el.replaceChildren(h('span', {}, fmtNumber(n))); });
      m.on('click', () => map.fitBounds(L.latLngBounds(cell.map((p) => p.ll)).pad(0.3)));
      return m;
    }

    // Each point's position in pixels at zoom 0, computed once per load:
    // at zoom z it is that times 2^z, so a redraw projects nothing.
    const project0 = (ll) => map.options.crs.latLngToPoint(L.latLng(ll[0], ll[1]), 0);
    const drawn = new Map(); // key → marker now on the layer

    // draw aggregates the points in view (with a margin) on a screen grid
    // and updates the layer by difference: markers whose cell is unchanged
    // stay, so a pan touches only the cells entering and leaving the view.
    // It is timed with the Performance API (measure "truce:incidents-draw",
    // visible in the browser's profiler; the map benchmark reads it).
    function draw() {
      if (dead) return;
      performance.mark('truce:incidents-draw-start');
      const z = map.getZoom();
      const k = 2 ** z;
      const pb = map.getPixelBounds();
      const mx = (pb.max.x - pb.min.x) * 0.25;
      const my = (pb.max.y - pb.min.y) * 0.25;
      const x0 = (pb.min.x - mx) / k, x1 = (pb.max.x + mx) / k, y0 = (pb.min.y - my) / k, y1 = (pb.max.y + my) / k;
      const cells = new Map();
      for (const p of points) {
        if (p.x < x0 || p.x > x1 || p.y < y0 || p.y > y1) continue;
        const key = `${Math.floor((p.x * k) / CELL)}:${Math.floor((p.y * k) / CELL)}`;
        const c = cells.get(key);
        if (c) c.push(p); else cells.set(key, [p]);
      }
      const want = new Map();
      const single = z >= map.getMaxZoom();
      for (const [key, cell] of cells) {
        if (cell.length === 1 || single) {
          for (const p of single ? cell : [cell[0]]) want.set(`s:${p.inc.id}:${p.inc.status}:${p.inc.seq}`, () => marker(p));
        } else want.set(`c:${z}:${key}:${cell.length}:${cell[0].inc.id}`, () => cluster(cell));
      }
      for (const [key, m] of drawn) if (!want.has(key)) { layer.removeLayer(m); drawn.delete(key); }
      for (const [key, make] of want) if (!drawn.has(key)) { const m = make(); drawn.set(key, m); layer.addLayer(m); }
      performance.measure('truce:incidents-draw', { start: 'truce:incidents-draw-start', detail: { points: points.length, cells: cells.size } });
    }

    // load reads the incidents up to the slider's time, 1,000 a page; the
    // first page is drawn at once (on the first load) so the map fills in
    // while the rest arrives.
    async function load() {
      const token = ++loading;
      appliedDuring.clear();
      loadBusy = true;
      const q = new URLSearchParams({ brief: 'true', limit: '1000' });
      const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
      if (time) q.set('to', iso(time));
      // The incidents whose time overlaps the window before the moment.
      if (win) q.set('from', iso(new Date((time ? time.getTime() : Date.now()) - win)));
      const got = [];
      const first = points.length === 0;
      for (let page = 0; page < PAGES; page++) {
        const r = await api('/api/v1/incidents?' + q);
        if (token !== loading) return;
        for (const inc of r.items || []) {
          if (inc.duplicate_of) continue;
          const ll = pointOf(inc.location);
          if (!ll) continue;
          const p0 = project0(ll);
          got.push({ ll, inc, x: p0.x, y: p0.y });
        }
        if (!r.next) break;
        if (first && page === 0) { points = got.slice(); draw(); }
        q.set('cursor', r.next);
      }
      points = got;
      loadBusy = false;
      // A record applied while the pages were read may be newer than the
      // page that holds it: it is applied again.
      for (const [id, inc] of appliedDuring) place(id, inc);
      draw();
    }

    // shows tells whether inc is drawn at the slider's moment: not a
    // duplicate, located, and overlapping the window before the moment (as
    // the listing's from and to select).
    function shows(inc) {
      if (!inc || inc.duplicate_of || !inc.time || !pointOf(inc.location)) return false;
      const start = Date.parse(inc.time.start);
      const end = inc.time.end ? Date.parse(inc.time.end) : start;
      const to = time ? time.getTime() : Infinity;
      const from = win ? (time ? time.getTime() : Date.now()) - win : -Infinity;
      return start <= to && end >= from;
    }

    // place puts the incident's one point in the points (or takes it out
    // when inc is null or not shown at the moment).
    function place(id, inc) {
      points = points.filter((p) => p.inc.id !== id);
      if (!shows(inc)) return;
      const ll = pointOf(inc.location);
      const p0 = project0(ll);
      points.push({ ll, inc, x: p0.x, y: p0.y });
    }

    const appliedDuring = new Map(); // id → record applied while a load runs
    let loadBusy = false;
    await load();
    map.on('moveend', draw);
    const off = follow(entryKinds('incidents', 'record'), 'incident', (id) => api(`/api/v1/incidents/${encodeURIComponent(id)}`), (id, inc) => {
      if (dead) return;
      if (loadBusy) appliedDuring.set(id, inc);
      place(id, inc);
      draw();
    });
    return {
      layer,
      setTime(tm, w = null) {
        if ((tm && tm.getTime()) === (time && time.getTime()) && w === win) return;
        time = tm;
        win = w;
        load().catch((e) => console.warn('incidents reload', e));
      },
      destroy() { dead = true; loading++; off(); map.off('moveend', draw); },
    };
  },
};
