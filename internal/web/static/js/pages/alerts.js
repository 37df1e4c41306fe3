// Alerts: open and recent alerts the user may see (an incident inside a
// notified site's buffer, an air conflict, an overdue acknowledgement),
// each with its deadline counting down, and one alert's page with every
// concerned party's acknowledgement and the links to what it is about.
import { h, fill, table, tlpBadge } from '../dom.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { countdown } from '../countdown.js';
import { commitButton } from '../commit.js';
import { alertDescription, worded, siteName, alertTitle } from '../alertwords.js';
import { historyCard } from '../history.js';
import { follow } from '../liverecords.js';
import { keyedTable } from '../liverows.js';
import { listFilters, exportLinks } from '../listfilters.js';
import { entryKinds, subjectOf } from '../uiconfig.js';

const SEVERITIES = ['extreme', 'severe', 'moderate', 'minor'];
const KINDS = ['notified_site_affected', 'movement_affected', 'acknowledgement_overdue', 'air_conflict', 'air_advisory',
  'notification_feed_stale', 'case_request_overdue', 'store_integrity', 'other'];

// alertTitle (alertwords.js) words an alert's title in the user's
// language; the node's English title stays available as a tooltip.
export { alertTitle };

const linkPaths = { incident: 'incidents', site: 'notifications/sites', movement: 'notifications/movements', zone: 'zones', message: 'hotline', case: 'cases', conflict: 'conflicts' };

// linkLabel names a linked record in words: the site by its name where
// the alert carries it, any other by what it is (never its id).
const linkWords = {
  incident: () => t('alert.link.incident'), site: () => t('alert.link.site'), movement: () => t('alert.link.movement'),
  zone: () => t('alert.link.zone'), message: () => t('alert.link.message'), case: () => t('alert.link.case'), conflict: () => t('alert.link.conflict'),
};
function linkLabel(l, a) {
  if (l.type === 'site' && a.about && a.about.site === l.id && a.about.site_names) return h('bdi', {}, siteName(a.about.site_names));
  return linkWords[l.type] ? linkWords[l.type]() : `${l.type} ${l.id}`;
}

export async function renderList(main, ctx, { query } = {}) {
  const filters = listFilters(query, [
    { name: 'status', kind: 'select', label: t('alert.status'), options: [['', t('list.all_statuses')], ...['open', 'acknowledged'].map((s) => [s, t(`alert.status.${s}`)])] },
    { name: 'severity', kind: 'select', label: t('alert.severity'), options: [['', t('list.all_severities')], ...SEVERITIES.map((s) => [s, t(`alert.severity.${s}`)])] },
    { name: 'kind', kind: 'select', label: t('alert.kind'), options: [['', t('list.all_kinds')], ...KINDS.map((k) => [k, t(`alert.kind.${k}`)])] },
  ], () => load().catch((e) => console.warn(e)));
  const box = h('div', { id: 'alert-list' }, h('p', {}, t('common.loading')));
  fill(main, h('h1', {}, t('nav.alerts')), h('p', { class: 'lead' }, t('alert.intro')),
    filters.el, h('p', { class: 'actions' }, exportLinks('alerts', ['geojson', 'kml'], filters.params)), box);
  // A live entry about an alert re-reads that alert and redraws its row
  // (kept while it matches the filters).
  const rows = keyedTable(box, [t('alert.severity'), t('alert.title'), t('alert.status'), t('alert.raised_at'), t('countdown.column'), t('alert.concerned'), t('record.origin')], {
    key: (a) => a.id,
    order: (a) => Date.parse(a.raised),
    limit: 200,
    keep: (a) => ['status', 'severity', 'kind'].every((k) => !filters.value(k) || a[k] === filters.value(k)),
    attrs: { class: 'records' },
    rowOf: (a) => [h('span', { class: `sev sev-${a.severity}` }, t(`alert.severity.${a.severity}`)),
      h('a', { href: `#/alerts/${a.id}`, title: a.title }, alertTitle(a, ctx.partyName)), t(`alert.status.${a.status}`),
      fmtDate(a.raised, { timeStyle: 'short' }), a.status === 'open' ? countdown(a.deadline) : '—',
      a.concerned.map(ctx.partyName).join(', '), originCell(a)],
  });
  let reading = 0;
  async function load() {
    const q = filters.params();
    q.set('limit', '200');
    const mine = ++reading;
    const r = await api('/api/v1/alerts?' + q);
    if (mine === reading) rows.set(r.items || []);
  }
  await load();
  return follow(entryKinds('alerts', 'all'), 'alert', (id) => api(`/api/v1/alerts/${encodeURIComponent(id)}`), (id, a) => rows.put(id, a));
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  const history = historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf('alert', id))}`, ctx.partyName,
    { follow: { kinds: entryKinds('alerts', 'all'), type: 'alert', id } });
  fill(main, body, history);
  // load draws the alert: the one given (as the stream brought it), or
  // the one read.
  async function load(given) {
    const a = given || await api(`/api/v1/alerts/${encodeURIComponent(id)}`);
    const mine = ctx.me && a.acknowledgements.find((x) => x.party === ctx.me.party);
    // Acknowledging is asked once, then confirmed by name of the party.
    const ack = () => commitButton({ id: 'alert-ack', label: t('alert.acknowledge'), question: t('confirm.ack_alert', { party: ctx.partyName(ctx.me.party) }),
      run: async () => { await api(`/api/v1/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: { note: '' } }); await load(); },
      done: () => t('done.ack_alert', { party: ctx.partyName(ctx.me.party) }) });
    fill(body, h('h1', { title: a.title, id: 'alert-title' }, alertTitle(a, ctx.partyName)),
      h('p', { class: 'record-meta' }, originLine(a), ' · ', h('span', { class: `sev sev-${a.severity}` }, t(`alert.severity.${a.severity}`)), ' · ',
        t(`alert.status.${a.status}`), ' · ', tlpBadge(a.releasability.tlp), ' · ', fmtDate(a.raised, { timeStyle: 'short' })),
      h('div', { class: 'grid2' },
        h('section', { class: 'card' }, h('h2', {}, t('record.fields')),
          // Worded in the user's language from the alert's structured
          // fields; the node's English stays as the tooltip.
          h('p', { dir: 'auto', id: 'alert-description', 'data-worded': worded(a) ? 'true' : 'false', title: a.description }, alertDescription(a, ctx.partyName)),
          h('dl', { class: 'fields' },
            h('dt', {}, t('alert.kind')), h('dd', { 'data-kind': a.kind }, t(`alert.kind.${a.kind}`)),
            h('dt', {}, t('alert.level')), h('dd', {}, fmtNumber(a.level)),
            h('dt', {}, t('alert.links')), h('dd', {}, a.links.length ? h('ul', {}, a.links.map((l) => h('li', {},
              linkPaths[l.type] ? h('a', { href: `#/${linkPaths[l.type]}/${l.id}`, 'data-link': l.type }, linkLabel(l, a)) : `${l.type} ${l.id}`,
              l.seq ? [' · ', h('a', { href: `#/entry/${l.seq}` }, t('record.in_log', { seq: fmtNumber(l.seq) }))] : ''))) : '—'))),
        h('section', { class: 'card', id: 'alert-acks' }, h('h2', {}, t('notice.acks')),
          table([t('entry.party'), t('notice.status'), t('notice.responded')], a.acknowledgements.map((x) => [ctx.partyName(x.party),
            x.status === 'acknowledged' ? t('ack.acknowledged') : [t('ack.pending'), ' ', a.status === 'open' ? countdown(a.deadline) : ''],
            x.time ? fmtDate(x.time, { timeStyle: 'short' }) : '—'])),
          mine && mine.status === 'pending' && a.status === 'open' && ctx.me.role === 'liaison'
            ? h('p', {}, ack()) : null)));
  }
  await load();
  // Entries about this alert (and no other) redraw it in place, from the
  // alert the stream brought with them.
  const off = follow(entryKinds('alerts', 'all'), 'alert', (x) => api(`/api/v1/alerts/${encodeURIComponent(x)}`), (_, a) => (a ? load(a) : null), { only: id });
  return () => { off(); history.unfollow(); };
}
