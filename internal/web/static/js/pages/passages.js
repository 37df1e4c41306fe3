// A safe passage or local ceasefire: its terms, each party concerned's
// guarantee of the exact latest version, and its status. Unlike a
// notification, consent is required: the node refuses to open it until
// every required field is present and every party concerned has
// guaranteed that version, and the page says what is still missing. The
// page takes the passage each agreements entry about it brings, as the
// user may see it, with no request (liverecords.js).
import { h, fill, table, tlpBadge } from '../dom.js';
import { originLine } from '../origin.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { follow } from '../liverecords.js';
import { entryKinds } from '../uiconfig.js';
import { windowText } from './agreements.js';
import { computedFrom } from '../computed_from.js';

// missingText says one thing a passage lacks to open.
function missingText(m, ctx) {
  const [kind, what] = m.split(':');
  if (kind === 'guarantee') return t('passage.missing.guarantee', { party: ctx.partyName(what) });
  if (kind === 'field') return t('passage.missing.field', { field: what });
  return t('passage.missing.window_ended');
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  fill(main, body);
  const path = `/api/v1/passages/${encodeURIComponent(id)}`;
  // load draws the passage given (as a live entry brought it) or read.
  async function load(given) {
    const p = given || await api(path);
    const v = p.versions[p.versions.length - 1];
    const me = ctx.me;
    const concerned = me && (me.party === p.party || v.parties.includes(me.party));
    const act = async (ev, url, opts) => {
      const b = ev.currentTarget;
      b.disabled = true;
      try { await api(url, opts); await load(); } catch (e) {
        b.disabled = false; b.after(h('span', { class: 'error inline', role: 'alert' }, e.message));
      }
    };
    const status = (s, extra = {}) => ({ method: 'POST', body: { status: s, ...extra }, headers: { 'If-Match': `"${p.seq}"` } });
    const reason = h('input', { type: 'text', id: 'passage-reason', dir: 'auto', 'aria-label': t('passage.reason'), placeholder: t('passage.reason') });
    const actions = [];
    if (concerned && me.role === 'liaison' && (p.status === 'planned' || p.status === 'suspended')) {
      actions.push(h('button', { type: 'button', class: 'btn', id: 'passage-open', disabled: p.missing_to_open.length > 0,
        onclick: (ev) => act(ev, `${path}/status`, status('open')) }, t('passage.open')));
    }
    if (concerned && (me.role === 'liaison' || me.role === 'analyst') && p.status === 'open') {
      actions.push(reason, h('button', { type: 'button', class: 'btn', id: 'passage-suspend',
        onclick: (ev) => act(ev, `${path}/status`, status('suspended', { reason: reason.value })) }, t('passage.suspend')));
    }
    if (concerned && (me.role === 'liaison' || me.role === 'analyst') && p.status !== 'closed') {
      actions.push(h('button', { type: 'button', class: 'btn', id: 'passage-close', onclick: (ev) => act(ev, `${path}/status`, status('closed')) }, t('passage.close')));
    }
    const guaranteed = (party) => p.guarantees.some((g) => g.party === party && g.version === v.version);
    fill(body, h('h1', {}, h('span', { dir: 'auto' }, v.name)),
      h('p', { class: 'record-meta' }, originLine(p), ' · ', t(`passage.kind.${v.kind}`), ' · ',
        h('span', { class: `pstatus pstatus-${p.status}`, id: 'passage-status' }, t(`passage.status.${p.status}`)),
        ' · ', tlpBadge(p.releasability.tlp), ' · ', t('agr.version'), ' ', fmtNumber(v.version)),
      computedFrom(p.computed_from, 'passage-computed-from'),
      h('p', { id: 'passage-open-for' }, t('passage.open_for', { minutes: fmtNumber(Math.round(p.open_seconds / 60)) })),
      p.missing_to_open.length ? h('section', { class: 'card', id: 'passage-missing' }, h('h2', {}, t('passage.missing')),
        h('ul', {}, ...p.missing_to_open.map((m) => h('li', { 'data-missing': m }, missingText(m, ctx))))) : null,
      actions.length ? h('p', { class: 'actions' }, ...actions) : null,
      h('section', { class: 'card', id: 'passage-guarantees' }, h('h2', {}, t('passage.guarantees', { version: fmtNumber(v.version) })),
        table([t('entry.party'), t('passage.guaranteed')], v.parties.map((party) => [ctx.partyName(party),
          guaranteed(party) ? h('span', { class: 'ack ack-acknowledged', 'data-guaranteed': party }, '✓ ', t('passage.guaranteed'))
            : me && me.party === party && me.role === 'liaison' && p.status !== 'closed'
              ? h('button', { type: 'button', class: 'btn small', id: 'passage-guarantee', onclick: (ev) => act(ev, `${path}/versions/${v.version}/guarantees`, { method: 'POST' }) },
                t('passage.guarantee', { version: fmtNumber(v.version) }))
              : h('span', { class: 'ack ack-pending', 'data-awaited': party }, t('passage.not_guaranteed'))]))),
      h('section', { class: 'card' }, table([t('passage.window'), t('passage.traffic'), t('passage.contacts')], [[windowText(v),
        (v.traffic || []).map((x) => t(`passage.traffic.${x}`)).join(', ') || '—',
        (v.contacts || []).map((c) => `${ctx.partyName(c.party)}: ${c.name} (${c.channel})`).join('; ') || '—']])),
      p.hazards.length ? h('section', { class: 'card', id: 'passage-hazards' }, h('h2', {}, t('passage.hazards')),
        table([t('passage.hazard'), t('entry.party'), t('notice.note')], p.hazards.map((x) => [t(`passage.hazard.${x.hazard}`),
          `${ctx.partyName(x.party)} · ${fmtDate(x.time, { timeStyle: 'short' })}`, h('span', { dir: 'auto' }, x.note || '—')]))) : null,
      (p.incidents || []).length ? h('section', { class: 'card', id: 'passage-incidents' }, h('h2', {}, t('passage.incidents')),
        h('ul', {}, ...p.incidents.map((i) => h('li', {}, h('a', { href: `#/incidents/${i}` }, i))))) : null);
  }
  await load();
  // Entries about this passage redraw it from the passage they brought;
  // once the user may no longer see it the page keeps what it showed.
  return follow(entryKinds('agreements'), 'passage', () => api(path), (_, p) => (p ? load(p) : null), { only: id });
}
