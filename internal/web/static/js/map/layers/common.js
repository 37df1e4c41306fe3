// Helpers shared by the record layers (zones, incidents, sites,
// movements): popups built from DOM nodes (never HTML from data), the
// point of a GeoJSON location, and reloading a layer on live events.
import { h } from '../../dom.js';
import { fmtDate } from '../../i18n.js';

// popup builds a popup's content: a title, rows of [label, value] (rows
// whose value is empty are left out) and, when link is given ({href,
// label}, see recordLink), a link to the feature's record page.
export function popup(title, rows, link) {
  return h('div', { class: 'map-popup', dir: document.documentElement.dir || 'ltr' },
    h('strong', { dir: 'auto' }, title),
    h('dl', {}, rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', { dir: 'auto' }, v)])),
    link ? h('a', { class: 'popup-record', href: link.href }, link.label) : null);
}

// recordLink is the popup link to the record page at path (e.g.
// '/zones/zone_1') for a signed-in user; null for the public, whom the
// record pages would send to the login form.
export function recordLink(ctx, path) {
  return ctx.me ? { href: `#${path}`, label: ctx.t('map.open_record') } : null;
}

// span formats a period from a to b (RFC 3339 times) to the second in the
// user's language (fmtDate's default style).
export function span(a, b) {
  return `${fmtDate(a)} – ${fmtDate(b)}`;
}

// pointOf returns [lat, lon] for a GeoJSON Point, or the centre of the
// bounding box of any other geometry; null if it has no coordinates.
export function pointOf(g) {
  if (!g) return null;
  if (g.type === 'Point') return [g.coordinates[1], g.coordinates[0]];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(walk);
  };
  walk(g.coordinates || []);
  return minX === Infinity ? null : [(minY + maxY) / 2, (minX + maxX) / 2];
}

// liveReload calls reload (at most once a second) whenever an entry of
// one of kinds arrives; it returns a function that stops listening.
export function liveReload(live, kinds, reload) {
  let timer = null;
  const fire = () => { if (!timer) timer = setTimeout(() => { timer = null; reload(); }, 1000); };
  const offs = kinds.map((k) => live.on(k, fire));
  return () => { clearTimeout(timer); offs.forEach((off) => off()); };
}

// nameIn picks a record's name in lang from {en, ru, ar}-like fields.
export function nameIn(lang, byLang, fallback) {
  return (byLang && (byLang[lang] || byLang.en || Object.values(byLang)[0])) || fallback || '';
}

// focusable makes a vector layer (a path, or a GeoJSON group of paths)
// reachable by keyboard once on the map: each of its SVG elements gets
// tabindex 0, the role of a button and label as its name, and Enter or
// Space opens the layer's popup there. Returns layer.
export function focusable(layer, label) {
  const each = (fn) => (layer.eachLayer ? layer.eachLayer(fn) : fn(layer));
  layer.on('add', () => each((p) => {
    const el = p.getElement && p.getElement();
    if (!el || el.hasAttribute('tabindex')) return;
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', label);
    el.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      layer.openPopup(p.getLatLng ? p.getLatLng() : p.getBounds().getCenter());
    });
  }));
  return layer;
}
