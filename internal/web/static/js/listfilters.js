// Search and filters above a list, kept in the page's URL, and the export
// links of the filtered list. The node filters (by releasability first):
// the values are sent to the list route and to
// GET /api/v1/exports/{collection} as the same parameters, so what is
// exported is what is listed, never more than the caller may see.
//
//   const f = listFilters(query, [{ name: 'q', kind: 'text', label }, …], reload);
//   f.params()                  // URLSearchParams of the values set
//   f.value('status')           // one value ('' when unset)
//   exportLinks(collection, ['csv', 'geojson'], () => f.params())
//
// A "date" filter is a calendar day (YYYY-MM-DD) in the URL; params()
// sends a "from" day as its first second and a "to" day as its last, in UTC
// (the centre's common time).
import { h } from './dom.js';
import { t } from './i18n.js';

// listFilters draws the controls of specs, each {name, kind: 'text' |
// 'select' | 'date', label, options: [[value, label]] for a select},
// starting from the values in query (the URL's). On a change it writes the
// values into the URL (without a new history entry or a re-render) and
// calls changed. It returns {el, params, value}.
export function listFilters(query, specs, changed) {
  const controls = new Map();
  let timer = null;
  for (const s of specs) {
    const start = (query && query.get(s.name)) || '';
    let el;
    if (s.kind === 'select') {
      el = h('select', { name: s.name, 'data-filter': s.name }, s.options.map(([v, label]) => h('option', { value: v, selected: v === start }, label)));
    } else {
      el = h('input', { type: s.kind === 'date' ? 'date' : 'search', name: s.name, 'data-filter': s.name, value: start, dir: 'auto',
        placeholder: s.kind === 'text' ? s.label : undefined });
      if (s.kind === 'text') el.maxLength = 200;
    }
    el.setAttribute('aria-label', s.label);
    el.title = s.label;
    controls.set(s.name, el);
  }
  const fire = () => { remember(); changed(); };
  for (const [name, el] of controls) {
    if (el.type === 'search') {
      // Typing waits for a pause; Enter or clearing the box searches now.
      el.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(fire, 300); });
      el.addEventListener('search', () => { clearTimeout(timer); fire(); });
    } else el.addEventListener('change', fire);
    el.dataset.filter = name;
  }
  const reset = h('button', { type: 'button', class: 'linkish', id: 'filters-reset', onclick: () => {
    for (const el of controls.values()) el.value = '';
    fire();
  } }, t('list.reset'));

  function value(name) { const el = controls.get(name); return el ? el.value.trim() : ''; }

  // remember keeps the values in the URL's fragment, so a reload, a link
  // or the back button shows the same list.
  function remember() {
    const q = new URLSearchParams();
    for (const name of controls.keys()) if (value(name)) q.set(name, value(name));
    const path = location.hash.slice(1).split('?')[0];
    const s = q.toString();
    history.replaceState(history.state, '', `#${path}${s ? '?' + s : ''}`);
  }

  function params() {
    const q = new URLSearchParams();
    for (const s of specs) {
      const v = value(s.name);
      if (!v) continue;
      if (s.kind === 'date') q.set(s.name, s.name === 'to' ? `${v}T23:59:59Z` : `${v}T00:00:00Z`);
      else q.set(s.name, v);
    }
    return q;
  }

  // A date picker shows no words of its own: its label is shown beside it.
  const shown = specs.map((s) => (s.kind === 'date' ? h('label', { class: 'filter-date' }, s.label, ' ', controls.get(s.name)) : controls.get(s.name)));
  return { el: h('div', { class: 'filters', role: 'search' }, shown, reset), params, value };
}

const formatNames = { csv: 'CSV', geojson: 'GeoJSON', kml: 'KML' };

// exportLinks gives a download link per format to
// GET /api/v1/exports/{collection} with the parameters params() returns at
// the moment of the click (the list's filters as they then stand).
export function exportLinks(collection, formats, params) {
  const links = formats.map((format) => {
    const a = h('a', { class: 'btn secondary small', 'data-export': format, download: '' }, formatNames[format] || format);
    const refresh = () => {
      const q = params();
      q.set('format', format);
      a.href = `/api/v1/exports/${collection}?${q}`;
    };
    refresh();
    a.addEventListener('pointerdown', refresh);
    a.addEventListener('focus', refresh);
    a.addEventListener('click', refresh);
    return a;
  });
  return h('span', { class: 'exports', id: `export-${collection}` }, h('span', { class: 'hint' }, t('list.export'), ' '), links);
}
