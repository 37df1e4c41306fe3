// Cases: the follow-up of an incident at a notified site or movement (the
// alert opened it) or at a known site. The list shows the cases the user
// may see; a case's page shows what it concerns, the requests for
// information with their status (an answer never closes a case; a party
// that walked out reads withdrawn, never overdue), the corrective
// measures and their states, and the outcome. The forms appear for whom
// the API lets act: the asked party's liaison answers; a party asked, the
// notifier or the UN cell records measures; the notifier or the UN cell
// closes with a finding. The API decides; the page only offers. Both the
// list and a case's page take the case each cases.* entry brings, as the
// user may see it, with no request (liverecords.js).
import { h, fill, table, tlpBadge } from '../dom.js';
import { keyedTable } from '../liverows.js';
import { follow } from '../liverecords.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { historyCard } from '../history.js';
import { entryKinds, subjectOf } from '../uiconfig.js';
import { field, select, input, formShell, value } from '../forms/form.js';

const STATES = ['proposed', 'in_progress', 'done', 'rejected'];
const concernPath = { site: 'notifications/sites', movement: 'notifications/movements' };
const acts = (ctx) => ctx.me && (ctx.me.role === 'liaison' || ctx.me.role === 'analyst');

function concernOf(c) {
  const label = [t(`case.concern.${c.concerns.type}`), ' ', h('span', { dir: 'auto' }, c.concerns.name || c.concerns.id)];
  return concernPath[c.concerns.type] ? h('a', { href: `#/${concernPath[c.concerns.type]}/${c.concerns.id}` }, label) : h('span', {}, label);
}

export async function renderList(main, ctx) {
  const box = h('div', { id: 'case-list' }, h('p', {}, t('common.loading')));
  fill(main, h('h1', {}, t('nav.cases')), h('p', { class: 'lead' }, t('case.intro')), box);
  // Newest first, as the node lists them; a live entry puts its case's row
  // in place (or takes it out once the user may no longer see it).
  const rows = keyedTable(box, [t('case.opened'), t('case.concerns'), t('case.incident'), t('case.status'), t('case.requests'), t('record.origin')], {
    key: (c) => c.id,
    order: (c) => Date.parse(c.opened),
    limit: 200,
    attrs: { class: 'records' },
    rowOf: (c) => [h('a', { href: `#/cases/${c.id}`, 'data-case': c.id }, fmtDate(c.opened, { timeStyle: 'short' })), concernOf(c),
      h('a', { href: `#/incidents/${c.incident.id}` }, c.incident.id), h('span', { 'data-status': c.status }, t(`case.status.${c.status}`)),
      c.requests.map((r) => `${ctx.partyName(r.party)}: ${t(`case.req.${r.status}`)}`).join('; ') || '—', originCell(c)],
  });
  rows.set((await api('/api/v1/cases?limit=200')).items || []);
  return follow(entryKinds('cases', 'all'), 'case', (id) => api(`/api/v1/cases/${encodeURIComponent(id)}`), (id, c) => rows.put(id, c));
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  const path = `/api/v1/cases/${encodeURIComponent(id)}`;
  fill(main, body, historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf('case', id))}`, ctx.partyName));
  const post = (suffix, payload, c) => api(path + suffix, { method: 'POST', body: payload, headers: c ? { 'If-Match': `"${c.seq}"` } : {} });
  // load draws the case given (as a live entry brought it) or read.
  async function load(given) {
    const c = given || await api(path);
    const me = ctx.me || {};
    const steward = me.party === c.concerns.notifier || (ctx.parties.get(me.party) || {}).kind === 'un';
    const mine = c.requests.find((r) => r.party === me.party);
    const open = c.status === 'open';
    const answer = open && mine && !mine.answer && me.role === 'liaison' && mine.status !== 'withdrawn'
      ? formShell({ id: 'case-answer', class: 'stack' }, [field(t('case.answer_text'), 'text', h('textarea', { name: 'text', rows: 4, dir: 'auto' }))],
        t('case.answer_submit'), async (f) => { await post('/answers', { text: value(f, 'text') }); await load(); }) : null;
    const measure = open && acts(ctx) && (mine || steward)
      ? formShell({ id: 'case-measure', class: 'stack' }, [field(t('case.measure_text'), 'text', input('text', 'text', { dir: 'auto' })),
        field(t('case.measure_state'), 'state', select('state', STATES.map((s) => [s, t(`case.measure.${s}`)]), 'proposed'))],
      t('case.measure_submit'), async (f) => { await post('/measures', { text: value(f, 'text'), state: value(f, 'state') }); await load(); }) : null;
    const move = (m) => {
      if (!open || !acts(ctx) || ['done', 'rejected'].includes(m.state) || (m.party !== me.party && !steward)) return '';
      return formShell({ class: 'inline measure-move', 'data-measure': m.id }, [select('state', STATES.filter((s) => s !== m.state).map((s) => [s, t(`case.measure.${s}`)]), 'done')],
        t('case.measure_move'), async (f) => { await post(`/measures/${encodeURIComponent(m.id)}`, { state: value(f, 'state') }, c); await load(); });
    };
    const close = open && acts(ctx) && steward
      ? formShell({ id: 'case-close', class: 'stack' }, [field(t('case.finding'), 'finding', h('textarea', { name: 'finding', rows: 3, dir: 'auto' }))],
        t('case.close_submit'), async (f) => { await post('/close', { finding: value(f, 'finding') }, c); await load(); }) : null;
    fill(body, h('h1', {}, t('case.title'), ' — ', concernOf(c)),
      h('p', { class: 'record-meta' }, originLine(c), ' · ', h('span', { id: 'case-status', 'data-status': c.status }, t(`case.status.${c.status}`)), ' · ',
        tlpBadge(c.releasability.tlp), ' · ', fmtDate(c.opened, { timeStyle: 'short' })),
      h('p', { class: 'lead' }, t('case.never_closes')),
      h('dl', { class: 'fields' },
        h('dt', {}, t('case.incident')), h('dd', {}, h('a', { href: `#/incidents/${c.incident.id}` }, c.incident.id)),
        h('dt', {}, t('case.notifier')), h('dd', {}, ctx.partyName(c.concerns.notifier)),
        c.alleged ? [h('dt', {}, t('case.alleged')), h('dd', {}, ctx.partyName(c.alleged))] : null,
        c.alert_id ? [h('dt', {}, t('case.alert')), h('dd', {}, h('a', { href: `#/alerts/${c.alert_id}` }, c.alert_id))] : null),
      h('section', { class: 'card', id: 'case-requests' }, h('h2', {}, t('case.requests')),
        c.requests.length ? table([t('entry.party'), t('case.deadline'), t('case.status'), t('case.answer')], c.requests.map((r) => [
          ctx.partyName(r.party), fmtDate(r.deadline, { timeStyle: 'short' }),
          h('span', { class: `req req-${r.status}`, 'data-party': r.party, 'data-status': r.status }, t(`case.req.${r.status}`)),
          r.answer ? h('span', { dir: 'auto' }, r.answer.text) : '—'])) : h('p', { class: 'empty' }, t('list.empty')), answer),
      h('section', { class: 'card', id: 'case-measures' }, h('h2', {}, t('case.measures')),
        c.measures.length ? table([t('entry.party'), t('case.measure_text'), t('case.measure_state'), ''], c.measures.map((m) => [
          ctx.partyName(m.party), h('span', { dir: 'auto' }, m.text),
          h('span', { class: 'measure-state', 'data-state': m.state }, t(`case.measure.${m.state}`)), move(m)])) : h('p', { class: 'empty' }, t('list.empty')),
        measure),
      h('section', { class: 'card', id: 'case-outcome' }, h('h2', {}, t('case.outcome')),
        c.outcome ? h('p', { dir: 'auto', id: 'case-finding' }, c.outcome.finding, ' — ', ctx.partyName(c.outcome.party), ', ', fmtDate(c.outcome.time, { timeStyle: 'short' }))
          : h('p', { class: 'empty' }, t('case.no_outcome')), close));
  }
  await load();
  // Entries about this case redraw it from the case they brought; once
  // the user may no longer see it the page keeps what it showed.
  return follow(entryKinds('cases', 'all'), 'case', () => api(path), (_, c) => (c ? load(c) : null), { only: id });
}
