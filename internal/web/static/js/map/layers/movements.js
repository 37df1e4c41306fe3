// Humanitarian movements notified to the parties (GET /api/v1/movements,
// active ones): their routes, solid while the planned window is open at
// the moment shown and dashed before or after it.
import { fmtNumber } from '../../i18n.js';
import { popup, focusable, recordLink, span } from './common.js';
import { listAll } from '../../api.js';
import { entryKinds } from '../../uiconfig.js';
import { liveItems } from '../../liveitems.js';

const COLOR = '#e8590c';

export default {
  id: 'movements',
  title: 'layer.movements',
  defaultOn: true,
  legend: [
    { shape: 'line', color: COLOR, label: 'legend.movement_active' },
    { shape: 'dashed', color: COLOR, label: 'legend.movement_planned' },
  ],
  async create(ctx) {
    const { api, t } = ctx;
    const L = window.L;
    const layer = L.layerGroup();
    let items = [];
    let time = null;
    function draw() {
      layer.clearLayers();
      const at = time ? time.getTime() : Date.now();
      for (const n of items) {
        const m = n.movement;
        if (!m || !m.route || (time && Date.parse(n.notified) > at)) continue;
        const open = Date.parse(m.window.start) <= at && at <= Date.parse(m.window.end);
        const title = [m.origin, m.destination].filter(Boolean).join(' → ') || n.id;
        layer.addLayer(focusable(L.geoJSON(m.route, {
          pane: 'lines',
          style: () => ({ color: COLOR, weight: open ? 4 : 3, opacity: 0.9, dashArray: open ? null : '8 6',
            className: `movement movement-${open ? 'active' : 'planned'}` }),
        }).bindPopup(() => popup(title, [
          [t('movement.window'), span(m.window.start, m.window.end)],
          [t('movement.vehicles'), fmtNumber(m.vehicles)],
          [t('movement.corridor'), t('site.buffer_m', { m: fmtNumber(m.corridor_m) })],
        ], recordLink(ctx, `/notifications/movements/${n.id}`))), `${title} · ${t('layer.movements')}`));
      }
    }
    async function load() {
      items = await listAll(api, '/api/v1/movements?status=active');
      draw();
    }
    await load();
    // Each entry brings its movement as the user may see it: put in place,
    // no listing read again (liveitems.js).
    const off = liveItems(entryKinds('notify', 'movement'), 'movement', { items: () => items, changed: (next) => { items = next; draw(); },
      keep: (n) => n.status === 'active', reload: () => load().catch((e) => console.warn('movements reload', e)) });
    return { layer, setTime(tm) { time = tm; draw(); }, destroy: off };
  },
};
