// Incidents (GET /api/v1/incidents, brief listings): circle markers
// coloured by verification status, up to the moment of the time slider
// (everything reported so far when live). Where markers would overlap at
// the current zoom they are aggregated on a screen grid into one numbered
// cluster; clicking a cluster zooms in on it.
import { h } from '../../dom.js';
import { fmtDate, fmtNumber } from '../../i18n.js';
import { popup, pointOf, liveReload } from './common.js';

export const statusColors = {
  reported: '#d97706',
  under_review: '#2563eb',
  confirmed: '#a4161a',
  disputed: '#7c3aed',
  unfounded: '#6b7280',
};

const CELL = 36;        // px: markers closer than this cluster
const PAGES = 20;       // at most 20 pages of 1000: 20,000 incidents
const KINDS = ['incident.reported', 'incident.assessed', 'incident.reopened', 'incident.duplicate_marked', 'incident.duplicate_linked'];

export default {
  id: 'incidents',
  title: 'layer.incidents',
  defaultOn: true,
  legend: [
    ...Object.entries(statusColors).map(([s, c]) => ({ shape: 'dot', color: '#fff', fill: c, label: `incident.status.${s}` })),
    { shape: 'dot', color: '#1b2632', fill: '#ffffff', label: 'legend.incident_cluster' },
  ],
  async create({ api, t, live, map }) {
    const L = window.L;
    const layer = L.layerGroup();
    let points = []; // {ll, inc}
    let time = null;
    let loading = 0;

    function marker(p) {
      const inc = p.inc;
      const m = L.circleMarker(p.ll, { radius: 6, color: '#fff', weight: 1.5, fillColor: statusColors[inc.status] || '#333', fillOpacity: 0.95,
        className: `incident incident-${inc.status}` });
      m.bindPopup(() => popup(t(`incident.category.${inc.category}`), [
        [t('incident.time'), inc.time && inc.time.start ? fmtDate(inc.time.start, { timeStyle: 'short' }) : ''],
        [t('incident.status'), t(`incident.status.${inc.status}`)],
        [t('incident.place'), inc.place_name],
      ]));
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

    function draw() {
      layer.clearLayers();
      const z = map.getZoom();
      const view = map.getBounds().pad(0.5);
      const cells = new Map();
      for (const p of points) {
        if (!view.contains(p.ll)) continue;
        const px = map.project(p.ll, z);
        const key = `${Math.floor(px.x / CELL)}:${Math.floor(px.y / CELL)}`;
        const c = cells.get(key);
        if (c) c.push(p); else cells.set(key, [p]);
      }
      for (const cell of cells.values()) layer.addLayer(cell.length === 1 || z >= map.getMaxZoom() ? marker(cell[0]) : cluster(cell));
    }

    async function load() {
      const token = ++loading;
      const q = new URLSearchParams({ brief: 'true', limit: '1000' });
      if (time) q.set('to', time.toISOString().replace(/\.\d+Z$/, 'Z'));
      const got = [];
      for (let page = 0; page < PAGES; page++) {
        const r = await api('/api/v1/incidents?' + q);
        for (const inc of r.items || []) {
          if (inc.duplicate_of) continue;
          const ll = pointOf(inc.location);
          if (ll) got.push({ ll, inc });
        }
        if (!r.next) break;
        q.set('cursor', r.next);
      }
      if (token !== loading) return;
      points = got;
      draw();
    }

    await load();
    map.on('moveend', draw);
    const off = liveReload(live, KINDS, () => load().catch((e) => console.warn('incidents reload', e)));
    return {
      layer,
      setTime(tm) {
        if ((tm && tm.getTime()) === (time && time.getTime())) return;
        time = tm;
        load().catch((e) => console.warn('incidents reload', e));
      },
      destroy() { off(); map.off('moveend', draw); },
    };
  },
};
