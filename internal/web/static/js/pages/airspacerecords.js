// A conflict (between aircraft of different parties, an intrusion into a
// reservation, or an advisory near a notified site or movement) and an
// airspace reservation, each with its history from the log verified in the
// browser; and the form to reserve airspace (a polygon drawn on the map, a
// floor and ceiling in feet, a window).
import { h, fill, tlpBadge } from '../dom.js';
import { originLine } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api, listAll } from '../api.js';
import { field, input, formShell, value, releasabilityFields, releasabilityValue, isoFromLocal, localFromDate } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { historyCard } from '../history.js';
import { liveReload } from '../map/layers/common.js';
import * as live from '../live.js';
import { ask } from '../commit.js';
import { entryKinds, subjectOf } from '../uiconfig.js';
import { kinds, planStatus, conflictStatus, separation, span } from './airspace.js';
import { conflictTable, mayOperate } from './flightplan.js';

// subjectLink links a conflict's subject to its page where the UI has one.
function subjectLink(s) {
  if (s.startsWith('fpl_')) return h('a', { href: `#/flightplans/${s}`, class: 'chip ltr' }, s);
  if (s.startsWith('rsv_')) return h('a', { href: `#/reservations/${s}`, class: 'chip ltr' }, s);
  if (s.startsWith('site_')) return h('a', { href: `#/notifications/sites/${s}`, class: 'chip ltr' }, s);
  if (s.startsWith('mov_')) return h('a', { href: `#/notifications/movements/${s}`, class: 'chip ltr' }, s);
  return h('code', { class: 'chip ltr' }, s);
}

export async function renderConflict(main, ctx, { id }) {
  const body = h('div');
  fill(main, body, historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf('conflict', id))}`, ctx.partyName));
  async function load() {
    const c = await api(`/api/v1/conflicts/${encodeURIComponent(id)}`);
    fill(body, h('h1', {}, t(`flight.conflict.${c.kind}`)),
      h('p', { class: 'record-meta' }, h('span', { id: 'conflict-status' }, conflictStatus(c.status)), ' · ', tlpBadge(c.releasability.tlp),
        c.raised ? [' · ', t('airspace.raised_at', { time: fmtDate(c.raised, { timeStyle: 'short' }) })] : null),
      h('section', { class: 'card' }, h('h2', {}, t('record.fields')), h('dl', { class: 'fields', id: 'conflict-fields' },
        h('dt', {}, t('flight.parties')), h('dd', {}, c.parties.map(ctx.partyName).join(', ')),
        h('dt', {}, t('flight.subjects')), h('dd', {}, c.subjects.map(subjectLink)),
        h('dt', {}, t('airspace.source')), h('dd', {}, t(`airspace.source.${c.source}`)),
        h('dt', {}, t('flight.window')), h('dd', {}, span(c.start, c.end)),
        h('dt', {}, t('flight.min_sep')), h('dd', {}, separation(c)),
        c.where ? [h('dt', {}, t('airspace.where')), h('dd', { class: 'ltr' },
          `${c.where.lat.toFixed(4)}, ${c.where.lon.toFixed(4)} · ${t('flight.alt_ft', { ft: fmtNumber(Math.round(c.where.alt_ft)) })}`)] : null,
        c.time_to_loss_s != null ? [h('dt', {}, t('airspace.time_to_loss')), h('dd', {}, t('airspace.seconds', { s: fmtNumber(Math.round(c.time_to_loss_s)) }))] : null,
        h('dt', {}, t('flight.detail')), h('dd', { dir: 'auto' }, c.detail || '—'),
        c.cleared ? [h('dt', {}, t('airspace.cleared')), h('dd', { dir: 'auto' }, fmtDate(c.cleared, { timeStyle: 'short' }), c.clear_reason ? ` — ${c.clear_reason}` : '')] : null,
        h('dt', {}, t('incident.id')), h('dd', {}, h('code', { class: 'ltr' }, c.id)))));
  }
  await load();
  return liveReload(live, entryKinds('flights', 'conflict'), () => load().catch((e) => console.warn('conflict reload', e)));
}

export async function renderReservation(main, ctx, { id }) {
  const body = h('div');
  const conflicts = h('section', { class: 'card', id: 'reservation-conflicts' });
  fill(main, body, conflicts, historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf('reservation', id))}`, ctx.partyName));
  async function load() {
    const [r, cs] = await Promise.all([api(`/api/v1/reservations/${encodeURIComponent(id)}`), listAll(api, '/api/v1/conflicts').then((items) => ({ items }))]);
    const own = mayOperate(ctx.me, r.party) && r.status === 'active';
    const cancel = own ? formShell({ id: 'cancel-form', class: 'stack' }, [
      field(t('airspace.cancel_reason'), 'reason', input('reason', 'text', { dir: 'auto', maxlength: 200 })),
    ], t('airspace.cancel_reservation'), async (f) => {
      // Cancelling is asked once, then confirmed.
      if (!(await ask(f.querySelector('#cancel-form-submit'), t('confirm.cancel_reservation', { name: r.name }), t('airspace.cancel_reservation')))) return '';
      await api(`/api/v1/reservations/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: { reason: value(f, 'reason') }, headers: { 'If-Match': `"${r.seq}"` } });
      await load();
      return t('done.reservation_cancelled', { name: r.name });
    }) : null;
    fill(body, h('h1', {}, t('airspace.reservation'), ': ', h('span', { dir: 'auto' }, r.name)),
      h('p', { class: 'record-meta' }, originLine(r), ' · ', planStatus(r.status), ' · ', tlpBadge(r.releasability.tlp), ' · ',
        r.created ? t('notice.by', { party: ctx.partyName(r.party), time: fmtDate(r.created, { timeStyle: 'short' }) }) : ctx.partyName(r.party)),
      h('section', { class: 'card' }, h('h2', {}, t('record.fields')), h('dl', { class: 'fields', id: 'reservation-fields' },
        h('dt', {}, t('flight.band')), h('dd', {}, t('flight.band_ft', { floor: fmtNumber(r.floor_ft), ceiling: fmtNumber(r.ceiling_ft) })),
        h('dt', {}, t('flight.window')), h('dd', {}, span(r.start, r.end)),
        h('dt', {}, t('airspace.area')), h('dd', { class: 'ltr' }, h('code', {}, JSON.stringify(r.geometry.coordinates))),
        h('dt', {}, t('incident.id')), h('dd', {}, h('code', { class: 'ltr' }, r.id))), cancel));
    fill(conflicts, h('h2', {}, t('airspace.reservation_conflicts')), conflictTable((cs.items || []).filter((c) => c.subjects.includes(r.id)), ctx));
  }
  await load();
  return liveReload(live, kinds(), () => load().catch((e) => console.warn('reservation reload', e)));
}

export async function renderReservationForm(main, ctx) {
  const picker = mapPicker('polygon', 'geometry', { showZones: true });
  const now = new Date(Math.ceil(Date.now() / 3600e3) * 3600e3);
  const form = formShell({ id: 'reservation-form', class: 'wide' }, [
    field(t('airspace.name'), 'name', input('name', 'text', { dir: 'auto', maxlength: 200 })),
    h('div', { class: 'field', 'data-field': 'geometry' }, h('span', { class: 'label' }, t('airspace.area')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'row' },
      field(t('airspace.floor_ft'), 'floor_ft', input('floor_ft', 'number', { min: 0, step: 100, value: 0 })),
      field(t('airspace.ceiling_ft'), 'ceiling_ft', input('ceiling_ft', 'number', { min: 0, step: 100, value: 10000 }))),
    h('div', { class: 'row' },
      field(t('notice.window_start'), 'start', input('start', 'datetime-local', { value: localFromDate(new Date(now.getTime() + 3600e3)) }), { hint: t('report.utc') }),
      field(t('notice.window_end'), 'end', input('end', 'datetime-local', { value: localFromDate(new Date(now.getTime() + 4 * 3600e3)) }))),
    releasabilityFields(ctx, 'AMBER'),
  ], t('airspace.reserve_submit'), async (f) => {
    const body = { name: value(f, 'name'), floor_ft: Number(value(f, 'floor_ft')), ceiling_ft: Number(value(f, 'ceiling_ft')),
      start: isoFromLocal(value(f, 'start')), end: isoFromLocal(value(f, 'end')), releasability: releasabilityValue(f) };
    const g = picker.value();
    if (g) body.geometry = g;
    const r = await api('/api/v1/reservations', { method: 'POST', body });
    ctx.navigate(`/reservations/${r.id}`);
  });
  fill(main, h('h1', {}, t('airspace.reserve')), h('p', { class: 'lead' }, t('airspace.reserve_intro')), form);
  return picker.start();
}
