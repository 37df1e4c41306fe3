// Flights (deconfliction): flight plans as their 4D trajectories with each
// aircraft's position at the time slider's moment (interpolated between
// waypoints), live tracks (GET /api/v1/tracks, then moved every second
// by the positions GET /api/v1/tracks/stream sends; a track that expires
// leaves the map), airspace reservations in their window and open
// conflicts highlighted in red (the trajectories concerned drawn thick,
// the closest point of approach ringed). The layer asks the API first: a
// node without the deconfliction service answers 404 and the layer's
// toggle is simply not shown.
import { h } from '../../dom.js';
import { fmtDate, fmtNumber } from '../../i18n.js';
import { popup, liveReload, recordLink, span } from './common.js';
import { listAll } from '../../api.js';
import { entryKinds } from '../../uiconfig.js';

const CONFLICT = '#d00000';
const RESERVATION = '#6f42c1';

// partyColor gives each party a stable colour.
export function partyColor(party) {
  const colors = ['#1d4f7a', '#0f6b3a', '#8a4b08', '#5b2a86', '#005f73', '#7a1f5c'];
  let x = 0;
  for (const c of party || '') x = (x * 31 + c.charCodeAt(0)) >>> 0;
  return colors[x % colors.length];
}

// positionAt interpolates a plan's waypoints at time ms; null outside the
// trajectory's times.
export function positionAt(wps, ms) {
  if (!wps || !wps.length) return null;
  const ts = wps.map((w) => Date.parse(w.time));
  if (ms < ts[0] || ms > ts[ts.length - 1]) return null;
  for (let i = 1; i < wps.length; i++) {
    if (ms <= ts[i]) {
      const f = ts[i] === ts[i - 1] ? 0 : (ms - ts[i - 1]) / (ts[i] - ts[i - 1]);
      const a = wps[i - 1];
      const b = wps[i];
      return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f, alt_ft: a.alt_ft + (b.alt_ft - a.alt_ft) * f };
    }
  }
  const w = wps[wps.length - 1];
  return { lat: w.lat, lon: w.lon, alt_ft: w.alt_ft };
}

// shownAt reports whether conflict c is drawn at time ms: from an hour
// before its window opens until an hour after it closes, as the plans
// around the moment are, so a 2026 conflict is not drawn over 2016.
export function shownAt(c, ms) {
  const a = Date.parse(c.start);
  const b = Date.parse(c.end);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return a - 3600e3 <= ms && ms <= b + 3600e3;
}

export default {
  id: 'flights',
  title: 'layer.flights',
  defaultOn: true,
  // available probes the API: the toggle is shown only where the
  // deconfliction endpoints exist (any answer but 404 and 503).
  async available({ api }) {
    try {
      await api('/api/v1/flightplans?limit=1');
      return true;
    } catch (e) {
      return !(e.status === 404 || e.status === 503 || e.status === 405);
    }
  },
  legend: [
    { shape: 'line', color: '#1d4f7a', label: 'legend.flight_plan' },
    { shape: 'dot', color: '#fff', fill: '#1d4f7a', label: 'legend.aircraft' },
    { shape: 'dashed', color: RESERVATION, fill: RESERVATION + '22', label: 'legend.reservation' },
    { shape: 'dot', color: CONFLICT, fill: CONFLICT, label: 'legend.conflict' },
  ],
  async create(ctx) {
    const { api, t, live } = ctx;
    const L = window.L;
    const layer = L.layerGroup();
    const tracksLayer = L.layerGroup().addTo(layer);
    const drawnLayer = L.layerGroup().addTo(layer);
    let plans = [];
    let reservations = [];
    let conflicts = [];
    const tracks = new Map(); // id → {track, marker}
    let time = null;

    // Signed out, tracks answer 401 (they are shown to their party and the
    // co-chairs only): the rest of the layer still shows what is public.
    const safe = (p) => p.catch((e) => { if (e.status === 404 || e.status === 403 || e.status === 401) return []; throw e; });

    const aircraftName = (callsign, party) => t('flight.aircraft_of', { callsign, party: ctx.partyName(party) });
    // subjectName names a conflict's subject as far as the viewer may know
    // it: an aircraft by callsign and party, a reservation by its name; a
    // subject the node did not release to the viewer comes as an opaque
    // reference and is named as such, never by that reference.
    function subjectName(id) {
      const p = plans.find((x) => x.id === id);
      if (p) return aircraftName(p.callsign || p.id, p.party);
      const tr = tracks.get(id);
      if (tr) return aircraftName(id, tr.track.party);
      const r = reservations.find((x) => x.id === id);
      if (r) return r.name;
      if (id.startsWith('ref_')) return t('flight.subject_hidden');
      return id;
    }

    let dead = false;
    function draw() {
      if (dead) return;
      drawnLayer.clearLayers();
      const now = time ? time.getTime() : Date.now();
      const hot = new Set();
      let labelled = 0; // labels of aircraft in conflict alternate sides, so that two close ones do not cover each other
      for (const c of conflicts) if (c.status === 'open' && shownAt(c, now)) c.subjects.forEach((s) => hot.add(s));
      for (const r of reservations) {
        if (r.status === 'cancelled' || Date.parse(r.start) > now || Date.parse(r.end) < now) continue;
        drawnLayer.addLayer(L.geoJSON(r.geometry, { pane: 'areas', style: () => ({ color: RESERVATION, weight: 2, dashArray: '6 4', fillColor: RESERVATION, fillOpacity: 0.1, className: 'reservation' }) })
          .bindPopup(() => popup(r.name, [[t('flight.party'), ctx.partyName(r.party)], [t('flight.band'), t('flight.band_ft', { floor: fmtNumber(r.floor_ft), ceiling: fmtNumber(r.ceiling_ft) })],
            [t('flight.window'), span(r.start, r.end)]], recordLink(ctx, `/reservations/${r.id}`))));
      }
      for (const p of plans) {
        if (p.status === 'cancelled' || !p.waypoints || p.waypoints.length < 2) continue;
        const first = Date.parse(p.waypoints[0].time);
        const last = Date.parse(p.waypoints[p.waypoints.length - 1].time);
        if (last < now - 3600e3 || first > now + 6 * 3600e3) continue; // only what flies around the moment shown
        const inConflict = hot.has(p.id);
        // Each aircraft keeps its party's colour, so the two of a conflict
        // stay apart; the conflict is a red casing under both and a label.
        const color = partyColor(p.party);
        const name = aircraftName(p.callsign || p.id, p.party);
        const info = () => popup(name, [[t('flight.category'), p.category ? t(`airspace.category.${p.category}`) : ''],
          [t('flight.status'), t(`airspace.status.${p.status}`)], [t('flight.departs'), fmtDate(p.waypoints[0].time)],
          [t('flight.arrives'), fmtDate(p.waypoints[p.waypoints.length - 1].time)]], recordLink(ctx, `/flightplans/${p.id}`));
        const line = p.waypoints.map((w) => [w.lat, w.lon]);
        if (inConflict) {
          drawnLayer.addLayer(L.polyline(line, { pane: 'lines', color: CONFLICT, weight: 10, opacity: 0.45, interactive: false, className: 'conflict-casing' }));
        }
        const route = L.polyline(line, { pane: 'lines', color, weight: inConflict ? 4 : 2, opacity: 0.9,
          className: `flight-route${inConflict ? ' in-conflict' : ''}` }).bindPopup(info);
        drawnLayer.addLayer(route);
        const pos = positionAt(p.waypoints, now);
        const label = `${p.callsign || p.id} · ${ctx.partyName(p.party)}`;
        const m = pos ? L.circleMarker([pos.lat, pos.lon], { radius: 6, color: inConflict ? CONFLICT : '#fff', weight: 2, fillColor: color, fillOpacity: 1, pane: 'points',
          className: `aircraft${inConflict ? ' in-conflict' : ''}` }).bindPopup(info) : null;
        if (m) drawnLayer.addLayer(m);
        // Aircraft in conflict carry their callsign and party at all times
        // (on the aircraft, or on the route while it is not flying).
        const holder = m || route;
        if (inConflict) {
          const side = labelled++ % 2 ? 'left' : 'right';
          holder.bindTooltip(label, { permanent: true, direction: side, offset: [side === 'right' ? 8 : -8, 0], className: 'flight-label' });
        }
        else if (m) m.bindTooltip(`${label} · ${t('flight.level', { level: fmtNumber(Math.round(pos.alt_ft / 100)) })}`);
      }
      for (const c of conflicts) {
        if (c.status !== 'open' || !c.where || !shownAt(c, now)) continue;
        drawnLayer.addLayer(L.circleMarker([c.where.lat, c.where.lon], { radius: 14, color: CONFLICT, weight: 3, fillColor: CONFLICT, fillOpacity: 0.25, pane: 'points',
          className: `conflict conflict-${c.kind}` }).bindPopup(() => popup(t(`flight.conflict.${c.kind}`), [
          [t('flight.subjects'), c.subjects.flatMap((id, i) => [i ? ' · ' : '', h('bdi', {}, subjectName(id))])],
          [t('flight.min_sep'), t('flight.sep', { m: fmtNumber(Math.round(c.min_horizontal_m)), ft: fmtNumber(Math.round(c.min_vertical_ft)) })],
          [t('flight.window'), span(c.start, c.end)]], recordLink(ctx, `/conflicts/${c.id}`))));
      }
      tracksLayer.eachLayer((m) => m.setStyle({ opacity: time ? 0 : 1, fillOpacity: time ? 0 : 1 }));
    }

    function placeTrack(tr) {
      const cur = tracks.get(tr.id);
      if (cur) {
        cur.track = tr;
        cur.marker.setLatLng([tr.lat, tr.lon]);
        return;
      }
      const shown = time ? 0 : 1; // live positions only while the slider is live
      const marker = L.circleMarker([tr.lat, tr.lon], { radius: 5, color: '#000', weight: 1.5, opacity: shown, fillColor: partyColor(tr.party), fillOpacity: shown, pane: 'points', className: 'track' })
        .bindTooltip(() => `${aircraftName(tr.id, tracks.get(tr.id).track.party)} · ${t('flight.alt_ft', { ft: fmtNumber(Math.round(tracks.get(tr.id).track.alt_ft)) })}`);
      tracksLayer.addLayer(marker);
      tracks.set(tr.id, { track: tr, marker });
    }

    async function load() {
      [plans, reservations, conflicts] = await Promise.all([safe(listAll(api, '/api/v1/flightplans')),
        safe(listAll(api, '/api/v1/reservations')), safe(listAll(api, '/api/v1/conflicts'))]);
      draw();
    }
    // syncTracks makes the markers the given positions: moved, added, and
    // removed for tracks no longer sent (expired, or no longer visible).
    function syncTracks(list) {
      const seen = new Set();
      for (const tr of list) {
        if (tr && tr.id) {
          placeTrack(tr);
          seen.add(tr.id);
        }
      }
      for (const [id, cur] of tracks) {
        if (!seen.has(id)) {
          tracksLayer.removeLayer(cur.marker);
          tracks.delete(id);
        }
      }
    }
    let trackSource = null;
    async function loadTracks() {
      let allowed = true;
      const list0 = await listAll(api, '/api/v1/tracks').catch((e) => {
        allowed = false;
        if (e.status === 404 || e.status === 403 || e.status === 401) return [];
        throw e;
      });
      syncTracks(list0);
      if (!allowed || dead || typeof EventSource === 'undefined') return;
      // The node sends the positions the caller may see every second; the
      // browser reconnects by itself after a network error.
      trackSource = new EventSource('/api/v1/tracks/stream', { withCredentials: true });
      trackSource.addEventListener('track', (ev) => {
        try {
          syncTracks(JSON.parse(ev.data) || []);
        } catch (e) {
          console.warn('tracks', e);
        }
      });
      // A refused reconnection (the session ended) closes the stream for
      // good: positions it can no longer update are taken off the map
      // rather than left frozen.
      trackSource.onerror = () => {
        if (trackSource && trackSource.readyState === EventSource.CLOSED) {
          trackSource = null;
          syncTracks([]);
        }
      };
    }
    await Promise.all([load(), loadTracks()]);
    const off = liveReload(live, entryKinds('flights'), () => load().catch((e) => console.warn('flights reload', e)));
    // Positions along plans move with the clock while live.
    const tick = setInterval(() => { if (!time) draw(); }, 30000);
    return {
      layer,
      setTime(tm) { time = tm; draw(); },
      destroy() {
        dead = true;
        off();
        if (trackSource) trackSource.close();
        clearInterval(tick);
      },
    };
  },
};
