// Incidents: the latest reports the user may see (brief listings, newest
// first), filterable by status and category, with a link to report one.
// A live entry about an incident re-reads that incident and redraws its
// one row (keyedTable, liverecords.js).
import { h, fill, tlpBadge } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { select } from '../forms/form.js';
import { incidentCategories, entryKinds } from '../uiconfig.js';
import { follow } from '../liverecords.js';
import { keyedTable } from '../liverows.js';

const STATUSES = ['reported', 'under_review', 'confirmed', 'disputed', 'unfounded'];

export async function render(main, ctx) {
  const status = select('status', [['', t('list.all_statuses')], ...STATUSES.map((s) => [s, t(`incident.status.${s}`)])], '');
  const category = select('category', [['', t('list.all_categories')], ...incidentCategories().map((c) => [c, t(`incident.category.${c}`)])], '');
  status.setAttribute('aria-label', t('incident.status'));
  category.setAttribute('aria-label', t('incident.category'));
  const list = h('div', { id: 'incident-list' }, h('p', {}, t('common.loading')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.incidents')),
    h('a', { class: 'btn', href: '#/incidents/new', id: 'report-link' }, t('report.title'))),
  h('div', { class: 'filters' }, status, category), list);

  const rows = keyedTable(list, [t('incident.time'), t('incident.category'), t('incident.place'), t('incident.status'),
    t('incident.casualties'), t('incident.reporter'), t('incident.origin'), t('entry.release')], {
    key: (i) => i.id,
    order: (i) => Date.parse(i.time.start),
    limit: 200,
    keep: (i) => (!status.value || i.status === status.value) && (!category.value || i.category === category.value),
    attrs: { class: 'records' },
    rowOf: (i) => [fmtDate(i.time.start, { timeStyle: 'short' }),
      h('a', { href: `#/incidents/${i.id}`, 'data-incident': i.id }, t(`incident.category.${i.category}`)),
      h('span', { dir: 'auto' }, i.place_name || '—'),
      h('span', { class: `status status-${i.status}` }, t(`incident.status.${i.status}`)),
      t('incident.killed_injured', { k: fmtNumber(i.killed), i: fmtNumber(i.injured) }),
      ctx.partyName(i.party), h('span', { class: 'ltr', 'data-origin': i.origin }, i.origin), tlpBadge(i.releasability.tlp)],
  });

  async function load() {
    const q = new URLSearchParams({ brief: 'true', limit: '200' });
    if (status.value) q.set('status', status.value);
    if (category.value) q.set('category', category.value);
    const r = await api('/api/v1/incidents?' + q);
    rows.set(r.items || []);
  }
  status.addEventListener('change', load);
  category.addEventListener('change', load);
  await load();
  return follow(entryKinds('incidents', 'status'), 'incident', (id) => api(`/api/v1/incidents/${encodeURIComponent(id)}`), (id, inc) => rows.put(id, inc));
}
