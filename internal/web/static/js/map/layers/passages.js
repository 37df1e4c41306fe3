// Safe passages and local ceasefires (GET /api/v1/passages): the latest
// version's route or area, solid green while open and dashed grey when
// planned, suspended or closed, with its status and window in the popup.
import { popup, focusable } from './common.js';
import { listAll } from '../../api.js';
import { entryKinds } from '../../uiconfig.js';
import { liveItems } from '../../liveitems.js';
import { windowText } from '../../pages/agreements.js';

const OPEN = '#2b8a3e';
const SHUT = '#868e96';

export default {
  id: 'passages',
  title: 'layer.passages',
  defaultOn: true,
  legend: [
    { shape: 'line', color: OPEN, label: 'legend.passage_open' },
    { shape: 'dashed', color: SHUT, label: 'legend.passage_shut' },
  ],
  async create({ api, t }) {
    const L = window.L;
    const layer = L.layerGroup();
    let items = [];
    async function load() {
      items = await listAll(api, '/api/v1/passages');
      draw();
    }
    function draw() {
      layer.clearLayers();
      for (const p of items) {
        const v = p.versions[p.versions.length - 1];
        if (!v || !v.geometry) continue;
        const open = p.status === 'open';
        const color = open ? OPEN : SHUT;
        layer.addLayer(focusable(L.geoJSON(v.geometry, {
          pane: 'points',
          style: () => ({ color, fillColor: color, fillOpacity: 0.15, weight: open ? 5 : 3, dashArray: open ? null : '8 6',
            className: `passage passage-${p.status}` }),
        }).bindPopup(() => popup(v.name, [
          [t('agr.status'), t(`passage.status.${p.status}`)],
          [t('passage.window'), windowText(v)],
          [t('passage.traffic'), (v.traffic || []).map((x) => t(`passage.traffic.${x}`)).join(', ') || '—'],
        ])), `${v.name} · ${t('layer.passages')}`));
      }
    }
    await load();
    // Each entry brings its passage as the user may see it: put in place,
    // no listing read again (liveitems.js).
    const off = liveItems(entryKinds('agreements'), 'passage', { items: () => items, changed: (next) => { items = next; draw(); },
      reload: () => load().catch((e) => console.warn('passages reload', e)) });
    return { layer, destroy: off };
  },
};
