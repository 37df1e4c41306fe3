// Protected sites notified to the parties (GET /api/v1/sites, active
// ones): a marker at the site and the buffer around it that must be
// spared. With the time slider away from live, only sites notified by
// then are shown.
import { fmtDate, fmtNumber } from '../../i18n.js';
import { popup, pointOf, nameIn, focusable, recordLink } from './common.js';
import { listAll } from '../../api.js';
import { entryKinds } from '../../uiconfig.js';
import { liveItems } from '../../liveitems.js';

const COLOR = '#0b7285';

export default {
  id: 'sites',
  title: 'layer.sites',
  defaultOn: true,
  legend: [
    { shape: 'dot', color: '#fff', fill: COLOR, label: 'legend.site' },
    { shape: 'dashed', color: COLOR, fill: COLOR + '22', label: 'legend.site_buffer' },
  ],
  async create(ctx) {
    const { api, t, lang } = ctx;
    const L = window.L;
    const layer = L.layerGroup();
    let items = [];
    let time = null;
    function draw() {
      layer.clearLayers();
      for (const n of items) {
        const s = n.site;
        if (!s || (time && Date.parse(n.notified) > time.getTime())) continue;
        const ll = pointOf(s.location);
        if (!ll) continue;
        const name = nameIn(lang, s.names, n.id);
        const content = () => popup(name, [
          [t('site.kind'), t(`site.kind.${s.kind}`)],
          [t('site.buffer'), t('site.buffer_m', { m: fmtNumber(s.buffer_m) })],
          [t('site.notified_at'), fmtDate(n.notified)],
        ], recordLink(ctx, `/notifications/sites/${n.id}`));
        if (s.buffer_m > 0) {
          layer.addLayer(L.circle(ll, { radius: s.buffer_m, color: COLOR, weight: 1.5, dashArray: '4 3', fillColor: COLOR, fillOpacity: 0.12, pane: 'areas',
            className: 'site-buffer' }).bindPopup(content));
        }
        layer.addLayer(focusable(L.circleMarker(ll, { radius: 5, color: '#fff', weight: 1.5, fillColor: COLOR, fillOpacity: 1, pane: 'points',
          className: `site site-${s.kind}` }).bindPopup(content), `${name} · ${t(`site.kind.${s.kind}`)}`));
      }
    }
    async function load() {
      items = await listAll(api, '/api/v1/sites?status=active');
      draw();
    }
    await load();
    // Each entry brings its site as the user may see it: put in place,
    // no listing read again (liveitems.js).
    const off = liveItems(entryKinds('notify', 'site'), 'site', { items: () => items, changed: (next) => { items = next; draw(); },
      keep: (n) => n.status === 'active', reload: () => load().catch((e) => console.warn('sites reload', e)) });
    return { layer, setTime(tm) { time = tm; draw(); }, destroy: off };
  },
};
