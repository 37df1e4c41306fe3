// Airspace (deconfliction): the flight plans, airspace reservations and
// conflicts the user may see, each list with a status filter and counts,
// kept live from the record each flightplan.*, reservation.* or conflict.*
// entry brings (liveitems.js: no request per entry). A co-chair sees other parties' plans outside their audience as
// trajectories only, marked "redacted" (the API decides; the UI only shows
// the flag).
import { h, fill, table } from '../dom.js';
import { originCell } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api, listAll } from '../api.js';
import { select } from '../forms/form.js';
import { entryKinds } from '../uiconfig.js';
import { liveItems } from '../liveitems.js';

// kinds returns the entry kinds that change what the airspace screens
// show: every kind of the flights domain, as the node serves them.
export function kinds() { return entryKinds('flights'); }
export const PLAN_STATUSES = ['filed', 'active', 'completed', 'cancelled'];
const CONFLICT_STATUSES = ['open', 'cleared'];
const RESERVATION_STATUSES = ['active', 'cancelled'];

// planStatus shows a plan's status as a coloured pill.
export function planStatus(s) {
  return h('span', { class: `fstatus fstatus-${s}`, 'data-status': s }, t(`airspace.status.${s}`));
}

// conflictStatus shows a conflict's status.
export function conflictStatus(s) {
  return h('span', { class: `fstatus fstatus-${s}`, 'data-status': s }, t(`airspace.status.${s}`));
}

// separation shows the closest distances of a conflict.
export function separation(c) {
  return t('flight.sep', { m: fmtNumber(Math.round(c.min_horizontal_m)), ft: fmtNumber(Math.round(c.min_vertical_ft)) });
}

// span shows a time window.
export function span(start, end) {
  return `${fmtDate(start, { timeStyle: 'short' })} – ${fmtDate(end, { timeStyle: 'short' })}`;
}

// planName is a plan's callsign, or a marker when the API redacted it.
export function planName(p) {
  return p.redacted ? t('airspace.redacted_plan') : (p.callsign || p.id);
}

function statusFilter(name, statuses, def, label) {
  const s = select(name, [['', t('list.all_statuses')], ...statuses.map((x) => [x, t(`airspace.status.${x}`)])], def);
  s.setAttribute('aria-label', label);
  s.id = `airspace-${name}`;
  return s;
}

function section(id, title, filter, box) {
  return h('section', { class: 'card', id, 'aria-labelledby': `${id}-h` },
    h('div', { class: 'pagehead' }, h('h2', { id: `${id}-h` }, title, ' ', h('span', { class: 'badge', 'data-n': id }, '…')), filter),
    box);
}

export async function render(main, ctx) {
  const cStatus = statusFilter('conflict_status', CONFLICT_STATUSES, 'open', t('airspace.conflict_status'));
  const pStatus = statusFilter('plan_status', PLAN_STATUSES, '', t('airspace.plan_status'));
  const rStatus = statusFilter('reservation_status', RESERVATION_STATUSES, 'active', t('airspace.reservation_status'));
  const summary = h('p', { class: 'airspace-summary', id: 'airspace-counts', 'aria-live': 'polite' });
  const cBox = h('div', { id: 'conflict-list' }, h('p', {}, t('common.loading')));
  const pBox = h('div', { id: 'plan-list' }, h('p', {}, t('common.loading')));
  const rBox = h('div', { id: 'reservation-list' }, h('p', {}, t('common.loading')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.airspace')),
    h('span', { class: 'actions' },
      h('a', { class: 'btn', href: '#/flightplans/new', id: 'file-plan-link' }, t('airspace.file_plan')), ' ',
      h('a', { class: 'btn secondary', href: '#/reservations/new', id: 'reserve-link' }, t('airspace.reserve')))),
  h('p', { class: 'lead' }, t('airspace.intro')), summary,
  section('airspace-conflicts', t('airspace.conflicts'), cStatus, cBox),
  section('airspace-plans', t('airspace.plans'), pStatus, pBox),
  section('airspace-reservations', t('airspace.reservations'), rStatus, rBox));

  const setN = (id, n) => { const b = main.querySelector(`[data-n="${id}"]`); if (b) b.textContent = fmtNumber(n); };
  let all = { plans: [], reservations: [], conflicts: [] };

  function draw() {
    const open = all.conflicts.filter((c) => c.status === 'open');
    fill(summary, t('airspace.summary', { plans: fmtNumber(all.plans.filter((p) => p.status === 'active' || p.status === 'filed').length),
      reservations: fmtNumber(all.reservations.filter((r) => r.status === 'active').length), conflicts: fmtNumber(open.length) }));
    summary.classList.toggle('alarm', open.some((c) => c.kind === 'conflict'));

    const cs = all.conflicts.filter((c) => !cStatus.value || c.status === cStatus.value);
    setN('airspace-conflicts', cs.length);
    fill(cBox, cs.length ? table([t('airspace.kind'), t('flight.parties'), t('airspace.start'), t('airspace.end'), t('flight.min_sep'), t('flight.status')],
      cs.map((c) => [h('a', { href: `#/conflicts/${c.id}`, 'data-conflict': c.id, class: `ckind ckind-${c.kind}` }, t(`flight.conflict.${c.kind}`)),
        c.parties.map(ctx.partyName).join(', '), fmtDate(c.start, { timeStyle: 'short' }), fmtDate(c.end, { timeStyle: 'short' }),
        separation(c), conflictStatus(c.status)]), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));

    const ps = all.plans.filter((p) => !pStatus.value || p.status === pStatus.value);
    setN('airspace-plans', ps.length);
    fill(pBox, ps.length ? table([t('airspace.callsign'), t('flight.party'), t('flight.category'), t('flight.status'), t('flight.departs'), t('flight.arrives'), t('record.origin')],
      ps.map((p) => {
        const w = p.waypoints || [];
        return [h('a', { href: `#/flightplans/${p.id}`, 'data-plan': p.id }, planName(p)),
          ctx.partyName(p.party), p.redacted ? h('span', { class: 'badge redacted', title: t('airspace.redacted_hint') }, t('airspace.redacted'))
            : (p.category ? t(`airspace.category.${p.category}`) : '—'),
          planStatus(p.status), w.length ? fmtDate(w[0].time, { timeStyle: 'short' }) : '—',
          w.length ? fmtDate(w[w.length - 1].time, { timeStyle: 'short' }) : '—', originCell(p)];
      }), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));

    const rs = all.reservations.filter((r) => !rStatus.value || r.status === rStatus.value);
    setN('airspace-reservations', rs.length);
    fill(rBox, rs.length ? table([t('airspace.name'), t('flight.party'), t('flight.band'), t('flight.window'), t('flight.status'), t('record.origin')],
      rs.map((r) => [h('a', { href: `#/reservations/${r.id}`, 'data-reservation': r.id }, h('span', { dir: 'auto' }, r.name)), ctx.partyName(r.party),
        t('flight.band_ft', { floor: fmtNumber(r.floor_ft), ceiling: fmtNumber(r.ceiling_ft) }), span(r.start, r.end),
        planStatus(r.status), originCell(r)]), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));
  }

  async function load() {
    const [p, r, c] = await Promise.all([listAll(api, '/api/v1/flightplans'), listAll(api, '/api/v1/reservations'), listAll(api, '/api/v1/conflicts')]);
    all = { plans: p, reservations: r, conflicts: c };
    sortAll();
    draw();
  }
  function sortAll() {
    all.plans.sort((a, b) => firstTime(b) - firstTime(a));
    all.conflicts.sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  }
  [cStatus, pStatus, rStatus].forEach((s) => s.addEventListener('change', draw));
  await load();
  // Each entry brings its plan, reservation or conflict as the user may
  // see it (or gone): put in place in its list, and the counts redrawn.
  // A conflict can name a plan whose own entries never reach this user (a
  // co-chair sees another party's plan outside its audience only as a
  // trajectory, listed by GET but not streamed): the lists are then read
  // again, once for that conflict.
  const reload = () => load().catch((e) => console.warn('airspace reload', e));
  const unknownPlan = (next) => next.some((c) => c.source === 'plan' && (c.subjects || []).some((id) =>
    id.startsWith('fpl_') && !all.plans.some((p) => p.id === id)));
  const follow = (type, list) => liveItems(kinds(), type, { items: () => all[list], reload,
    changed: (next) => {
      const missing = list === 'conflicts' && unknownPlan(next);
      all[list] = next; sortAll(); draw();
      if (missing) reload();
    } });
  const offs = [follow('flightplan', 'plans'), follow('reservation', 'reservations'), follow('conflict', 'conflicts')];
  return () => offs.forEach((off) => off());
}

function firstTime(p) { return p.waypoints && p.waypoints.length ? Date.parse(p.waypoints[0].time) : 0; }
