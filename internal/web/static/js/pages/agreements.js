// Agreements: the ceasefire's terms as records. The list shows the
// agreements and the safe passages the caller may see; an agreement's page
// shows its versions (a co-chair's liaison agrees to the exact version)
// and, per obligation and party bound, the compliance status with its
// evidence, as computed by the node from what the caller may see. The
// list takes the agreement or passage each agreements entry brings, as the
// user may see it, with no request (liverecords.js); an agreement's page
// still reads itself again on an entry, since its compliance is computed
// from records of other domains too.
import { h, fill, table, tlpBadge } from '../dom.js';
import { keyedTable } from '../liverows.js';
import { follow } from '../liverecords.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api, listAll } from '../api.js';
import { liveReload } from '../map/layers/common.js';
import * as live from '../live.js';
import { commitButton } from '../commit.js';
import { entryKinds } from '../uiconfig.js';
import { computedFrom } from '../computed_from.js';
import { statusWords } from './incident_finding.js';

export async function renderList(main, ctx) {
  const agreements = h('div', { id: 'agreement-list' }, h('p', {}, t('common.loading')));
  const passages = h('div', { id: 'passage-list' });
  // A co-chair's liaison proposes agreements; any liaison a passage.
  const liaison = ctx.me && ctx.me.role === 'liaison';
  fill(main, h('h1', {}, t('nav.agreements')),
    liaison ? h('p', { class: 'actions' },
      ctx.me.co_chair ? h('a', { class: 'btn', href: '#/agreements/new', id: 'agreement-new' }, t('terms.propose_agreement')) : null, ' ',
      h('a', { class: 'btn', href: '#/passages/new', id: 'passage-new' }, t('terms.propose_passage'))) : null,
    h('section', { class: 'card' }, h('h2', {}, t('agr.heading')), agreements),
    h('section', { class: 'card' }, h('h2', {}, t('agr.passages')), passages));
  // Each list in the node's order (by id); a record not yet held goes last.
  let n = 0;
  const agreementRows = keyedTable(agreements, [t('agr.title_col'), t('agr.status'), t('agr.parties'), t('agr.versions'), t('entry.release'), t('record.origin')], {
    key: (a) => a.id, attrs: { class: 'records' }, order: orderOf(() => n++),
    rowOf: (a) => {
      const v = a.current || a.versions[a.versions.length - 1];
      return [h('a', { href: `#/agreements/${a.id}`, 'data-agreement': a.id }, h('span', { dir: 'auto' }, v.title)),
        h('span', { class: `astatus astatus-${a.status}` }, t(`agr.status.${a.status}`)),
        v.parties.map(ctx.partyName).join(', '), fmtNumber(a.latest_version), tlpBadge(a.releasability.tlp), originCell(a)];
    },
  });
  const passageRows = keyedTable(passages, [t('agr.title_col'), t('agr.status'), t('agr.parties'), t('passage.window'), t('entry.release'), t('record.origin')], {
    key: (p) => p.id, attrs: { class: 'records' }, order: orderOf(() => n++),
    rowOf: (p) => {
      const v = p.versions[p.versions.length - 1];
      return [h('a', { href: `#/passages/${p.id}`, 'data-passage': p.id }, h('span', { dir: 'auto' }, v.name)),
        h('span', { class: `pstatus pstatus-${p.status}` }, t(`passage.status.${p.status}`)),
        v.parties.map(ctx.partyName).join(', '), windowText(v), tlpBadge(p.releasability.tlp), originCell(p)];
    },
  });
  const [as, ps] = await Promise.all([listAll(api, '/api/v1/agreements'), listAll(api, '/api/v1/passages')]);
  agreementRows.set(as);
  passageRows.set(ps);
  const kinds = entryKinds('agreements');
  const offs = [follow(kinds, 'agreement', (id) => api(`/api/v1/agreements/${encodeURIComponent(id)}`), (id, a) => agreementRows.put(id, a)),
    follow(kinds, 'passage', (id) => api(`/api/v1/passages/${encodeURIComponent(id)}`), (id, p) => passageRows.put(id, p))];
  return () => offs.forEach((off) => off());
}

// orderOf returns a keyedTable order for a list kept in the node's order:
// the rows of the first reading keep theirs, a record first seen later
// goes below them (keyedTable sorts largest first), and a row replaced
// keeps its place.
function orderOf(next) {
  const seen = new Map();
  return (r) => { if (!seen.has(r.id)) seen.set(r.id, -next()); return seen.get(r.id); };
}

// windowText is a passage version's time window, or a dash.
export function windowText(v) {
  if (!v.window_from && !v.window_until) return '—';
  const f = (x) => (x ? fmtDate(x, { timeStyle: 'short' }) : '…');
  return `${f(v.window_from)} – ${f(v.window_until)}`;
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  fill(main, body);
  const path = `/api/v1/agreements/${encodeURIComponent(id)}`;
  async function load() {
    const [a, c] = await Promise.all([api(path), api(`${path}/compliance`)]);
    const cochairs = [...ctx.parties.values()].filter((p) => p.co_chair);
    const canAgree = ctx.me && ctx.me.co_chair && ctx.me.role === 'liaison';
    // Agreeing commits the party to the version: asked once, then confirmed.
    const agree = (version) => commitButton({ cls: 'btn small', attrs: { 'data-agree': version }, label: t('agr.agree'),
      question: t('confirm.agree', { v: fmtNumber(version) }), run: async () => { await api(`${path}/versions/${version}/agreements`, { method: 'POST' }); await load(); },
      done: () => t('done.agreed', { v: fmtNumber(version) }) });
    const v = a.current || a.versions[a.versions.length - 1];
    fill(body, h('h1', {}, h('span', { dir: 'auto' }, v.title)),
      h('p', { class: 'record-meta' }, originLine(a), ' · ', h('span', { class: `astatus astatus-${a.status}`, id: 'agreement-status' }, t(`agr.status.${a.status}`)),
        ' · ', tlpBadge(a.releasability.tlp), ' · ', v.parties.map(ctx.partyName).join(', ')),
      computedFrom(a.computed_from, 'agreement-computed-from'),
      v.text ? h('p', { dir: 'auto', class: 'lead' }, v.text) : null,
      v.document ? h('p', {}, t('agr.document'), ': ', h('code', {}, v.document.sha256)) : null,
      h('section', { class: 'card', id: 'agreement-versions' }, h('h2', {}, t('agr.versions')),
        table([t('agr.version'), ...cochairs.map((p) => p.name)], [...a.versions].reverse().map((x) => [fmtNumber(x.version),
          ...cochairs.map((p) => ((x.agreed_by || []).includes(p.id) ? h('span', { class: 'ack ack-acknowledged' }, '✓ ', t('agr.agreed'))
            : !(x.pending || []).includes(p.id) ? '—'
              : canAgree && p.id === ctx.me.party ? agree(x.version)
                : h('span', { class: 'ack ack-pending' }, t('agr.pending'))))]))),
      h('section', { class: 'card', id: 'compliance' }, h('h2', {}, t('agr.obligations')),
        c.obligations.length ? table([t('agr.obligation'), t('agr.rule'), t('entry.party'), t('agr.status'), t('agr.evidence')],
          c.obligations.flatMap((o) => o.parties.map((p) => [h('span', { dir: 'auto' }, o.title), t(`agr.rule.${o.rule.kind}`), ctx.partyName(p.party),
            h('span', { class: `cstatus cstatus-${p.status}`, 'data-obligation': o.key, 'data-party': p.party }, t(`agr.compliance.${p.status}`)),
            p.evidence.length ? h('span', {}, ...p.evidence.map((e, i) => [i ? ', ' : '', e.source === 'incident'
              ? h('a', { href: `#/incidents/${e.event_id}` }, e.event_id) : e.event_id,
            // The monitors' finding about the incident, in the user's words.
            ...(e.finding ? [' (', h('span', { class: `finding-status finding-${e.finding.fact}`, 'data-finding-of': e.event_id,
              'data-fact': e.finding.fact, 'data-attribution': e.finding.attribution || '' }, statusWords(e.finding, ctx.partyName)), ')'] : [])])) : '—'])), { class: 'records' })
          : h('p', { class: 'empty' }, t('list.empty'))));
  }
  await load();
  return liveReload(live, entryKinds('agreements'), () => load().catch((e) => console.warn(e)));
}
