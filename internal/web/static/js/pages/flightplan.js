// One flight plan: its status, waypoints, the conflicts and advisories
// that involve it and its full history from the log (each entry verified
// in the browser); for its own party, the amend and cancel actions. The
// form files a plan (POST /api/v1/flightplans) or amends one (PUT with
// If-Match: the ETag read when the form opened, so a plan changed by
// someone else meanwhile is refused with 412 and the form says so).
import { h, fill, table, tlpBadge } from '../dom.js';
import { originLine } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api, listAll } from '../api.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { historyCard } from '../history.js';
import { liveReload } from '../map/layers/common.js';
import * as live from '../live.js';
import { ask } from '../commit.js';
import { subjectOf } from '../uiconfig.js';
import { kinds, planStatus, conflictStatus, separation, planName } from './airspace.js';
import { waypointRows } from '../forms/waypoints.js';

export const CATEGORIES = ['fixed_wing', 'rotary_wing', 'uav', 'transport', 'airdrop', 'medevac', 'other'];

// mayOperate tells whether me may file, amend and cancel plans for party.
export function mayOperate(me, party) {
  return !!me && (me.role === 'liaison' || me.role === 'reporter') && (!party || me.party === party);
}

// conflictTable lists conflicts with a link to each.
export function conflictTable(cs, ctx) {
  return cs.length ? table([t('airspace.kind'), t('flight.parties'), t('flight.window'), t('flight.min_sep'), t('flight.status')],
    cs.map((c) => [h('a', { href: `#/conflicts/${c.id}`, 'data-conflict': c.id }, t(`flight.conflict.${c.kind}`)),
      c.parties.map(ctx.partyName).join(', '), `${fmtDate(c.start, { timeStyle: 'short' })} – ${fmtDate(c.end, { timeStyle: 'short' })}`,
      separation(c), conflictStatus(c.status)]), { class: 'records' }) : h('p', { class: 'empty' }, t('airspace.no_conflicts'));
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  const conflicts = h('section', { class: 'card', id: 'plan-conflicts', 'aria-labelledby': 'pc-h' });
  fill(main, body, conflicts, historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf('flightplan', id))}`, ctx.partyName));
  async function load() {
    const [p, cs] = await Promise.all([api(`/api/v1/flightplans/${encodeURIComponent(id)}`), listAll(api, '/api/v1/conflicts').then((items) => ({ items }))]);
    const w = p.waypoints || [];
    const own = mayOperate(ctx.me, p.party) && !p.redacted && (p.status === 'filed' || p.status === 'active');
    const cancel = own ? formShell({ id: 'cancel-form', class: 'stack' }, [
      field(t('airspace.cancel_reason'), 'reason', input('reason', 'text', { dir: 'auto', maxlength: 200 })),
    ], t('airspace.cancel_plan'), async (f) => {
      // Cancelling is asked once, then confirmed.
      if (!(await ask(f.querySelector('#cancel-form-submit'), t('confirm.cancel_plan', { plan: planName(p) }), t('airspace.cancel_plan')))) return '';
      await api(`/api/v1/flightplans/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: { reason: value(f, 'reason') }, headers: { 'If-Match': `"${p.seq}"` } });
      await load();
      return t('done.plan_cancelled', { plan: planName(p) });
    }) : null;
    fill(body, h('div', { class: 'pagehead' }, h('h1', {}, t('airspace.plan'), ': ', h('span', { dir: 'auto', id: 'plan-callsign' }, planName(p))),
      own ? h('a', { class: 'btn', href: `#/flightplans/${p.id}/amend`, id: 'amend-link' }, t('airspace.amend')) : null),
    h('p', { class: 'record-meta' }, originLine(p), ' · ', planStatus(p.status), ' · ', tlpBadge(p.releasability.tlp), ' · ',
      p.filed ? t('notice.by', { party: ctx.partyName(p.party), time: fmtDate(p.filed, { timeStyle: 'short' }) }) : ctx.partyName(p.party),
      ' · ', t('notice.version', { v: fmtNumber(p.version) }),
      p.redacted ? [' · ', h('span', { class: 'badge redacted', id: 'plan-redacted', title: t('airspace.redacted_hint') }, t('airspace.redacted'))] : null),
    h('div', { class: 'grid2' },
      h('section', { class: 'card' }, h('h2', {}, t('record.fields')), h('dl', { class: 'fields', id: 'plan-fields' },
        h('dt', {}, t('flight.party')), h('dd', {}, ctx.partyName(p.party)),
        h('dt', {}, t('flight.category')), h('dd', {}, p.category ? t(`airspace.category.${p.category}`) : '—'),
        h('dt', {}, t('flight.departs')), h('dd', {}, w.length ? fmtDate(w[0].time, { timeStyle: 'short' }) : '—'),
        h('dt', {}, t('flight.arrives')), h('dd', {}, w.length ? fmtDate(w[w.length - 1].time, { timeStyle: 'short' }) : '—'),
        p.updated ? [h('dt', {}, t('airspace.updated')), h('dd', {}, fmtDate(p.updated, { timeStyle: 'short' }))] : null,
        p.cancelled ? [h('dt', {}, t('airspace.cancelled')), h('dd', { dir: 'auto' }, fmtDate(p.cancelled, { timeStyle: 'short' }), p.cancel_reason ? ` — ${p.cancel_reason}` : '')] : null,
        h('dt', {}, t('entry.release')), h('dd', {}, tlpBadge(p.releasability.tlp), ' ',
          p.releasability.audience ? t('entry.audience', { parties: p.releasability.audience.map(ctx.partyName).join(', ') }) : ''),
        h('dt', {}, t('incident.id')), h('dd', {}, h('code', { class: 'ltr' }, p.id))), cancel),
      h('section', { class: 'card', id: 'plan-waypoints' }, h('h2', {}, t('airspace.waypoints')),
        table(['#', t('airspace.lat'), t('airspace.lon'), t('airspace.alt_ft'), t('airspace.time')],
          w.map((x, i) => [fmtNumber(i + 1), h('span', { class: 'ltr' }, x.lat.toFixed(4)), h('span', { class: 'ltr' }, x.lon.toFixed(4)),
            fmtNumber(x.alt_ft), fmtDate(x.time, { timeStyle: 'short' })]), { class: 'records compact' }))));
    fill(conflicts, h('h2', { id: 'pc-h' }, t('airspace.plan_conflicts')),
      conflictTable((cs.items || []).filter((c) => c.subjects.includes(p.id)), ctx));
  }
  await load();
  return liveReload(live, kinds(), () => load().catch((e) => console.warn('plan reload', e)));
}

// renderForm files a new plan, or amends plan id (read once: its ETag goes
// with the amendment).
export async function renderForm(main, ctx, { id }) {
  let plan = null;
  if (id) plan = await api(`/api/v1/flightplans/${encodeURIComponent(id)}`);
  const picker = mapPicker('point', 'pick', { showZones: true });
  const wps = waypointRows(plan ? plan.waypoints : null);
  // Each click on the map (a new point; redraws repeat the last one) fills
  // a waypoint's position.
  let picked = '';
  picker.onChange((g) => {
    if (!g || g.type !== 'Point' || JSON.stringify(g.coordinates) === picked) return;
    picked = JSON.stringify(g.coordinates);
    wps.pick(g.coordinates[1], g.coordinates[0]);
  });
  const form = formShell({ id: 'plan-form', class: 'wide' }, [
    h('div', { class: 'row' },
      field(t('airspace.callsign'), 'callsign', input('callsign', 'text', { dir: 'ltr', maxlength: 200, value: plan ? plan.callsign || '' : '' })),
      field(t('flight.category'), 'category', select('category', CATEGORIES.map((c) => [c, t(`airspace.category.${c}`)]), plan ? plan.category : 'fixed_wing'))),
    h('fieldset', { class: 'group', 'data-field': 'waypoints' }, h('legend', {}, t('airspace.waypoints')),
      h('p', { class: 'hint' }, t('airspace.waypoints_hint')), wps.el, h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('airspace.pick')), picker.el),
    plan ? null : releasabilityFields(ctx, 'AMBER'),
  ], plan ? t('airspace.amend_submit') : t('airspace.file_submit'), async (f) => {
    const body = { callsign: value(f, 'callsign'), category: value(f, 'category'), waypoints: wps.value() };
    if (!plan) body.releasability = releasabilityValue(f);
    const p = plan
      ? await api(`/api/v1/flightplans/${encodeURIComponent(plan.id)}`, { method: 'PUT', body, headers: { 'If-Match': `"${plan.seq}"` } })
      : await api('/api/v1/flightplans', { method: 'POST', body });
    ctx.navigate(`/flightplans/${p.id}`);
  });
  fill(main, h('h1', {}, plan ? t('airspace.amend_title', { callsign: planName(plan) }) : t('airspace.file_plan')),
    h('p', { class: 'lead' }, t('airspace.plan_intro')), form);
  return picker.start();
}
