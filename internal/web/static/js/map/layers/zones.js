// Designated zones (GET /api/v1/zones): polygons coloured by kind, solid
// when in force, dashed while proposed or scheduled. With the time slider
// away from live, each zone is shown as it stood at that moment, from its
// versions' agreement and effective times.
import { fmtDate } from '../../i18n.js';
import { popup, focusable, recordLink } from './common.js';
import { entryKinds } from '../../uiconfig.js';
import { liveItems } from '../../liveitems.js';

export const zoneColors = {
  ceasefire_area: '#1f6feb',
  humanitarian_corridor: '#1a7f37',
  restricted_airspace: '#bf8700',
  protected_area: '#8250df',
  demilitarized_zone: '#cf222e',
};

// zoneAt returns {status, version} of zone z at time (a Date, or null for
// now), or null if the zone is not to be drawn then.
export function zoneAt(z, time) {
  const vs = z.versions || [];
  if (!time) {
    if (z.status === 'in_force') return { status: 'in_force', version: z.current };
    if (z.status === 'proposed' || z.status === 'scheduled') return { status: z.status, version: vs[vs.length - 1] };
    return null;
  }
  const at = time.getTime();
  const agreed = vs.filter((v) => v.in_force_from && Date.parse(v.in_force_from) <= at).sort((a, b) => b.version - a.version)[0];
  if (agreed) {
    if (agreed.action === 'withdraw') return null;
    if (agreed.effective_until && Date.parse(agreed.effective_until) <= at) return null;
    return { status: 'in_force', version: agreed };
  }
  const proposed = vs.filter((v) => Date.parse(v.proposed_at) <= at).sort((a, b) => b.version - a.version)[0];
  return proposed && proposed.action !== 'withdraw' ? { status: 'proposed', version: proposed } : null;
}

export default {
  id: 'zones',
  title: 'layer.zones',
  defaultOn: true,
  legend: [
    ...Object.entries(zoneColors).map(([k, c]) => ({ color: c, fill: c + '55', label: `zone.kind.${k}` })),
    { shape: 'dashed', color: '#444', label: 'legend.zone_proposed' },
  ],
  async create(ctx) {
    const { api, t, lang } = ctx;
    const L = window.L;
    const layer = L.layerGroup();
    let items = [];
    let time = null;
    function draw() {
      layer.clearLayers();
      for (const z of items) {
        const at = zoneAt(z, time);
        if (!at || !at.version || !at.version.geometry) continue;
        const v = at.version;
        const color = zoneColors[v.kind] || '#555';
        const dashed = at.status !== 'in_force';
        const name = (lang === 'ru' && v.name_ru) || (lang === 'ar' && v.name_ar) || v.name;
        const gj = L.geoJSON(v.geometry, {
          pane: 'areas',
          style: () => ({ color, weight: 2, fillColor: color, fillOpacity: dashed ? 0.08 : 0.2, dashArray: dashed ? '6 4' : null,
            className: `zone zone-${v.kind} zone-${at.status}` }),
        });
        gj.bindPopup(popup(name, [
          [t('zone.kind'), t(`zone.kind.${v.kind}`)],
          [t('zone.status'), t(`zone.status.${at.status}`)],
          [t('zone.effective'), v.effective_from ? fmtDate(v.effective_from) + (v.effective_until ? ' – ' + fmtDate(v.effective_until) : '') : ''],
        ], recordLink(ctx, `/zones/${z.id}`)));
        layer.addLayer(focusable(gj, `${name} · ${t(`zone.kind.${v.kind}`)} · ${t(`zone.status.${at.status}`)}`));
      }
    }
    async function load() {
      const r = await api('/api/v1/zones');
      items = r.items || [];
      draw();
    }
    await load();
    // Each entry brings its zone as the user may see it: put in place, no
    // listing read again (liveitems.js).
    const off = liveItems(entryKinds('zones'), 'zone', { items: () => items, changed: (next) => { items = next; draw(); },
      reload: () => load().catch((e) => console.warn('zones reload', e)) });
    return {
      layer,
      setTime(tm) { time = tm; draw(); },
      destroy: off,
    };
  },
};
