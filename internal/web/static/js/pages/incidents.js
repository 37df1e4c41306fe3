// Incidents: the latest reports the user may see (brief listings, newest
// first), searchable by text and filterable by status, category, reporting
// party, zone and period (kept in the URL), exportable as filtered (CSV,
// GeoJSON, KML), with a link to report one.
// A live entry about an incident redraws its one row from the record the
// stream brought with it (keyedTable, liverecords.js), inserted only if it
// matches the filters (incidentfilter.js).
import { h, fill, tlpBadge } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { listFilters, exportLinks } from '../listfilters.js';
import { zoneName } from './zones.js';
import { incidentCategories, entryKinds } from '../uiconfig.js';
import { follow } from '../liverecords.js';
import { incidentMatcher } from '../incidentfilter.js';
import { keyedTable } from '../liverows.js';

const STATUSES = ['reported', 'under_review', 'confirmed', 'disputed', 'unfounded'];

export async function render(main, ctx, { query } = {}) {
  const zones = await api('/api/v1/zones').then((r) => r.items || []).catch(() => []);
  const filters = listFilters(query, [
    { name: 'q', kind: 'text', label: t('list.search') },
    { name: 'status', kind: 'select', label: t('incident.status'), options: [['', t('list.all_statuses')], ...STATUSES.map((s) => [s, t(`incident.status.${s}`)])] },
    { name: 'category', kind: 'select', label: t('incident.category'), options: [['', t('list.all_categories')], ...incidentCategories().map((c) => [c, t(`incident.category.${c}`)])] },
    { name: 'party', kind: 'select', label: t('incident.reporter'), options: [['', t('list.all_parties')], ...[...ctx.parties.values()].map((p) => [p.id, p.name])] },
    { name: 'zone', kind: 'select', label: t('list.zone'), options: [['', t('list.all_zones')], ...zones.map((z) => [z.id, zoneName(z.current || (z.versions || []).at(-1)) || z.id])] },
    { name: 'from', kind: 'date', label: t('list.from') },
    { name: 'to', kind: 'date', label: t('list.to') },
  ], () => load().catch((e) => console.warn(e)));
  const list = h('div', { id: 'incident-list' }, h('p', {}, t('common.loading')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.incidents')),
    h('a', { class: 'btn', href: '#/incidents/new', id: 'report-link' }, t('report.title'))),
  filters.el, h('p', { class: 'actions' }, exportLinks('incidents', ['csv', 'geojson', 'kml'], filters.params)), list);

  // A live record goes into the list, or stays in it, only while it
  // matches the list's filters, judged here as the node judges them
  // (incidentfilter.js), on the record the stream brought.
  const rows = keyedTable(list, [t('incident.time'), t('incident.category'), t('incident.place'), t('incident.status'),
    t('incident.casualties'), t('incident.reporter'), t('incident.origin'), t('entry.release')], {
    key: (i) => i.id,
    order: (i) => Date.parse(i.time.start),
    limit: 200,
    keep: (i) => incidentMatcher(filters.params())(i),
    attrs: { class: 'records' },
    rowOf: (i) => [fmtDate(i.time.start, { timeStyle: 'short' }),
      h('a', { href: `#/incidents/${i.id}`, 'data-incident': i.id }, t(`incident.category.${i.category}`)),
      h('span', { dir: 'auto' }, i.place_name || '—'),
      h('span', { class: `status status-${i.status}` }, t(`incident.status.${i.status}`)),
      t('incident.killed_injured', { k: fmtNumber(i.killed), i: fmtNumber(i.injured) }),
      ctx.partyName(i.party), h('span', { class: 'ltr', 'data-origin': i.origin }, i.origin), tlpBadge(i.releasability.tlp)],
  });

  // load reads the list for the filters; a reading overtaken by a newer
  // one (the filters changed meanwhile) is dropped.
  let reading = 0;
  async function load() {
    const q = filters.params();
    q.set('brief', 'true');
    q.set('limit', '200');
    const mine = ++reading;
    const r = await api('/api/v1/incidents?' + q);
    if (mine === reading) rows.set(r.items || []);
  }
  await load();
  return follow(entryKinds('incidents', 'status'), 'incident', (id) => api(`/api/v1/incidents/${encodeURIComponent(id)}`), (id, inc) => rows.put(id, inc));
}
