// Live positions of humanitarian movements under way (GET /api/v1/positions):
// a marker at each movement's latest reported position, labelled with its
// age, moved in place by the position entries the stream sends
// (no request per event). The server shows them only to the movement's
// notifier and the parties it notified; the public and everyone else get
// no toggle (401) or no markers. Positions are live: with the time slider
// on a past moment the layer shows nothing.
import { fmtDate, currentLang } from '../../i18n.js';
import { popup, focusable } from './common.js';
import { listAll } from '../../api.js';
import { entryKinds } from '../../uiconfig.js';

const COLOR = '#e8590c';

// ageText says how long ago iso was, in the page's language ("3 min ago").
export function ageText(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const rtf = new Intl.RelativeTimeFormat(currentLang(), { numeric: 'auto', style: 'short' });
  if (s < 60) return rtf.format(-s, 'second');
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86400), 'day');
}

export default {
  id: 'positions',
  title: 'layer.positions',
  defaultOn: true,
  // available: only signed-in users may ask (the public gets 401).
  async available({ api }) {
    try {
      await api('/api/v1/positions?limit=1');
      return true;
    } catch (e) {
      return !(e.status === 401 || e.status === 404 || e.status === 503);
    }
  },
  legend: [{ shape: 'dot', color: '#fff', fill: COLOR, label: 'legend.movement_position' }],
  async create({ api, t, live }) {
    const L = window.L;
    const layer = L.layerGroup();
    const latest = new Map(); // movement id → position
    let time = null;

    function draw() {
      layer.clearLayers();
      if (time) return; // a past moment: positions are live only
      for (const p of latest.values()) {
        if (p.until && Date.parse(p.until) <= Date.now()) continue; // its window has ended
        const age = ageText(p.time);
        const marker = L.circleMarker([p.lat, p.lon], {
          pane: 'points', radius: 7, color: '#fff', weight: 2, fillColor: COLOR, fillOpacity: 1,
          className: 'movement-position',
        }).bindTooltip(age, { permanent: true, direction: 'right', className: 'movement-position-age' })
          .bindPopup(() => popup(p.movement, [
            [t('movement.position_taken'), fmtDate(p.time, { timeStyle: 'short' })],
            [t('movement.position_age'), ageText(p.time)],
          ]));
        layer.addLayer(focusable(marker, `${p.movement} · ${age}`));
      }
    }

    // apply moves a movement's marker to the latest of positions, when it
    // is later than the one shown.
    function apply(movement, positions, until) {
      for (const p of positions) {
        const cur = latest.get(movement);
        if (!cur || Date.parse(p.time) >= Date.parse(cur.time)) {
          latest.set(movement, { movement, time: p.time, lat: p.lat, lon: p.lon, until: until || (cur && cur.until) });
        }
      }
    }

    for (const p of await listAll(api, '/api/v1/positions')) apply(p.movement, [p], p.until);
    draw();
    const offs = entryKinds('notify', 'position').map((k) => live.on(k, (entry) => {
      const pl = entry.payload || {};
      if (!pl.id || !Array.isArray(pl.positions)) return;
      apply(pl.id, pl.positions);
      draw();
    }));
    const ticker = setInterval(draw, 30000); // ages move on
    return {
      layer,
      setTime(tm) { time = tm; draw(); },
      destroy() { clearInterval(ticker); offs.forEach((off) => off()); },
    };
  },
};
