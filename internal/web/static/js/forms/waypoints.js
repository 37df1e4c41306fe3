// The waypoints of a flight plan as an editable table: one row per
// waypoint (latitude, longitude, altitude in feet, time in UTC), rows
// added and removed with buttons or added by clicking the map (pick). Each
// row claims the API field "waypoints[i]" and each cell "waypoints[i].lat",
// "….lon", "….alt_ft", "….time", so form.js shows an error such as
// "waypoints[2].time" in that row's time cell. Rows are renumbered after a
// removal so the names always match the order sent.
import { h } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { isoFromLocal, localFromDate } from './form.js';

const COLS = [['lat', 'number', { step: 'any', min: -90, max: 90 }], ['lon', 'number', { step: 'any', min: -180, max: 180 }],
  ['alt_ft', 'number', { step: 100, min: 0 }], ['time', 'datetime-local', { step: 60 }]];
const LABELS = { lat: 'airspace.lat', lon: 'airspace.lon', alt_ft: 'airspace.alt_ft', time: 'airspace.time' };

let seq = 0;

// waypointRows builds the table from initial waypoints (or two empty rows
// starting in an hour). It returns {el, value(), pick(lat, lon)}: value()
// reads the waypoints as the API takes them; pick fills the first row
// without a position, or adds a row.
export function waypointRows(initial) {
  const body = h('tbody');
  const add = h('button', { type: 'button', class: 'btn secondary small', id: 'add-waypoint' }, t('airspace.add_waypoint'));
  const el = h('div', { class: 'waypoints' },
    h('div', { class: 'table-scroll' }, h('table', { class: 'waypoint-table', id: 'waypoint-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), COLS.map(([k]) => h('th', { scope: 'col' }, t(LABELS[k]), k === 'time' ? h('small', { class: 'hint' }, ' ' + t('time.utc_zone')) : null)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('airspace.remove_waypoint'))))),
      body)), add);

  function renumber() {
    [...body.children].forEach((tr, i) => {
      tr.setAttribute('data-field', `waypoints.${i}`);
      tr.querySelector('.wp-n').textContent = fmtNumber(i + 1);
      tr.querySelectorAll('td[data-col]').forEach((td) => {
        const col = td.getAttribute('data-col');
        td.setAttribute('data-field', `waypoints.${i}.${col}`);
        td.querySelector('input').setAttribute('aria-label', `${t(LABELS[col])} ${i + 1}`);
      });
      tr.querySelector('button').setAttribute('aria-label', t('airspace.remove_n', { n: i + 1 }));
    });
  }

  function row(w) {
    const cells = COLS.map(([k, type, attrs]) => {
      const id = `wp-${k}-${++seq}`;
      const v = !w ? '' : k === 'time' ? (w.time ? localFromDate(new Date(w.time)) : '') : (w[k] ?? '');
      return h('td', { 'data-col': k }, h('input', { type, name: `wp_${k}`, id, value: v, class: k === 'time' ? '' : 'num', 'aria-describedby': `${id}-err`, ...attrs }),
        h('p', { class: 'field-error', id: `${id}-err`, role: 'alert' }));
    });
    const tr = h('tr', {}, h('td', { class: 'wp-n' }), cells,
      h('td', {}, h('button', { type: 'button', class: 'btn secondary small remove-waypoint', onclick: () => { tr.remove(); renumber(); } }, '✕')));
    body.append(tr);
    renumber();
    return tr;
  }

  // next proposes the following waypoint: the last one's altitude, ten
  // minutes later.
  function next() {
    const last = body.lastElementChild;
    if (!last) return { alt_ft: 20000, time: new Date(Math.ceil(Date.now() / 60e3) * 60e3 + 3600e3).toISOString() };
    const at = last.querySelector('[name=wp_time]').value;
    return { alt_ft: Number(last.querySelector('[name=wp_alt_ft]').value) || 20000,
      time: at ? new Date(Date.parse(isoFromLocal(at)) + 600e3).toISOString() : '' };
  }

  add.addEventListener('click', () => { row(next()).querySelector('input').focus(); });
  if (initial && initial.length) initial.forEach(row);
  else { row(next()); row(next()); }

  return {
    el,
    value() {
      return [...body.children].map((tr) => {
        const v = (k) => tr.querySelector(`[name=wp_${k}]`).value.trim();
        return { lat: Number(v('lat')), lon: Number(v('lon')), alt_ft: Number(v('alt_ft')), time: isoFromLocal(v('time')) };
      });
    },
    pick(lat, lon) {
      const empty = [...body.children].find((tr) => !tr.querySelector('[name=wp_lat]').value && !tr.querySelector('[name=wp_lon]').value);
      const tr = empty || row(next());
      tr.querySelector('[name=wp_lat]').value = String(Math.round(lat * 1e4) / 1e4);
      tr.querySelector('[name=wp_lon]').value = String(Math.round(lon * 1e4) / 1e4);
    },
  };
}
