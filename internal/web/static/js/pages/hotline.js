// The hotline: liaison messages between the parties. The inbox marks what
// the party has not read; opening a message marks it read; a liaison
// acknowledges it before its deadline and writes new messages here.
import { h, fill, table, tlpBadge } from '../dom.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate } from '../i18n.js';
import { api, listAll } from '../api.js';
import { field, select, input, formShell, value } from '../forms/form.js';
import { countdown } from '../countdown.js';
import { liveItems } from '../liveitems.js';
import { commitButton } from '../commit.js';
import { composeLinks, prefill } from './hotline_compose.js';
import { entryKinds } from '../uiconfig.js';

const PRIORITIES = ['routine', 'priority', 'immediate', 'flash'];

export async function renderList(main, ctx, params = {}) {
  const inbox = h('section', { class: 'card', id: 'inbox' });
  const outbox = h('section', { class: 'card', id: 'outbox' });
  const others = [...ctx.parties.values()].filter((p) => p.id !== ctx.me.party);
  const form = formShell({ id: 'message-form', class: 'stack' }, [
    field(t('hotline.to'), 'to', select('to', [['co-chairs', t('hotline.to_cochairs')], ...others.map((p) => [p.id, p.name])], others[0] ? others[0].id : 'co-chairs')),
    field(t('hotline.priority'), 'priority', select('priority', PRIORITIES.map((p) => [p, t(`hotline.priority.${p}`)]), 'routine')),
    field(t('hotline.subject'), 'subject', input('subject', 'text', { dir: 'auto' })),
    field(t('hotline.body'), 'body', h('textarea', { name: 'body', rows: 4, dir: 'auto' })),
    field(t('hotline.tlp'), 'tlp', select('tlp', ['AMBER', 'AMBER+STRICT', 'RED'].map((x) => [x, `TLP:${x}`]), 'AMBER')),
  ], t('hotline.send'), async (f) => {
    await api('/api/v1/messages', { method: 'POST', body: { to: value(f, 'to'), priority: value(f, 'priority'), subject: value(f, 'subject'),
      body: value(f, 'body'), tlp: value(f, 'tlp'), in_reply_to: inReplyTo || undefined } });
    const to = value(f, 'to');
    inReplyTo = '';
    form.querySelectorAll('#message-replying, #message-forwarding').forEach((x) => x.remove());
    await load();
    return t('done.sent', { to: to === 'co-chairs' ? t('hotline.to_cochairs') : ctx.partyName(to) });
  });
  const send = h('section', { class: 'card', id: 'send' }, h('h2', {}, t('hotline.new')), ctx.me.role === 'liaison' ? form : h('p', { class: 'hint' }, t('hotline.liaison_only')));
  fill(main, h('h1', {}, t('nav.hotline')), h('div', { class: 'grid2' }, h('div', {}, inbox, outbox), send));
  // The inbox holds the messages with a receipt for the user's party, the
  // outbox those it sent (as GET /api/v1/messages?box= answers), newest first.
  let i = { items: [] };
  let o = { items: [] };
  async function load() {
    [i, o] = await Promise.all(['inbox', 'outbox'].map((box) => listAll(api, `/api/v1/messages?box=${box}`).then((items) => ({ items }))));
    draw();
  }
  function draw() {
    const row = (m, mine) => {
      const r = (m.receipts || []).find((x) => x.party === ctx.me.party);
      const unread = mine && r && !r.read;
      return [h('span', { class: `prio prio-${m.priority}` }, t(`hotline.priority.${m.priority}`)),
        h('a', { href: `#/hotline/${m.id}`, class: unread ? 'unread' : '' }, h('span', { dir: 'auto' }, m.subject)),
        mine ? ctx.partyName(m.party) : (m.to === 'co-chairs' ? t('hotline.to_cochairs') : ctx.partyName(m.to)),
        fmtDate(m.sent, { timeStyle: 'short' }), mine && r && !r.acknowledged ? countdown(m.deadline) : (mine ? t('ack.acknowledged') : ''), originCell(m)];
    };
    fill(inbox, h('h2', {}, t('hotline.inbox')), i.items.length ? table([t('hotline.priority'), t('hotline.subject'), t('hotline.from'), t('hotline.sent'), t('countdown.column'), t('record.origin')],
      i.items.map((m) => row(m, true)), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));
    fill(outbox, h('h2', {}, t('hotline.outbox')), o.items.length ? table([t('hotline.priority'), t('hotline.subject'), t('hotline.to'), t('hotline.sent'), '', t('record.origin')],
      o.items.map((m) => row(m, false)), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));
  }
  // A reply or a forward (#/hotline?reply=… or ?forward=…) starts prefilled.
  let inReplyTo = '';
  if (ctx.me.role === 'liaison') inReplyTo = await prefill(form, params.query, ctx).catch((e) => { console.warn('compose', e); return ''; });
  await load();
  // Each entry brings its message as the user may see it: put in place in
  // its box, no listing read again (liveitems.js).
  const newest = (a, b) => Date.parse(b.sent) - Date.parse(a.sent);
  return liveItems(entryKinds('hotline'), 'message', {
    items: () => [...new Map([...i.items, ...o.items].map((m) => [m.id, m])).values()],
    changed: (next) => {
      i = { items: next.filter((m) => (m.receipts || []).some((r) => r.party === ctx.me.party)).sort(newest) };
      o = { items: next.filter((m) => m.party === ctx.me.party).sort(newest) };
      draw();
    },
    reload: () => load().catch((e) => console.warn(e)),
  });
}

export async function renderRecord(main, ctx, { id }) {
  const path = `/api/v1/messages/${encodeURIComponent(id)}`;
  let m = await api(path);
  const mineR = () => (m.receipts || []).find((x) => x.party === ctx.me.party);
  if (mineR() && !mineR().read && ctx.me.role === 'liaison') {
    try { m = await api(`${path}/read`, { method: 'POST' }); } catch (e) { console.warn('mark read', e); }
  }
  function draw() {
    const r = mineR();
    fill(main, h('h1', {}, h('span', { dir: 'auto' }, m.subject)),
      h('p', { class: 'record-meta' }, originLine(m), ' · ', h('span', { class: `prio prio-${m.priority}` }, t(`hotline.priority.${m.priority}`)), ' · ', tlpBadge(m.releasability.tlp), ' · ',
        t('hotline.from_to', { from: ctx.partyName(m.party), to: m.to === 'co-chairs' ? t('hotline.to_cochairs') : ctx.partyName(m.to) }), ' · ', fmtDate(m.sent, { timeStyle: 'short' }),
        ' · ', h('a', { href: `#/entry/${m.seq}` }, t('record.in_log_plain'))),
      m.in_reply_to ? h('p', { class: 'hint' }, h('a', { href: `#/hotline/${m.in_reply_to}`, id: 'message-in-reply-to' }, t('hotline.in_reply_to'))) : null,
      h('section', { class: 'card' }, h('p', { dir: 'auto', class: 'narrative' }, m.body), composeLinks(m, ctx)),
      h('section', { class: 'card' }, h('h2', {}, t('hotline.receipts')),
        table([t('entry.party'), t('hotline.read'), t('ack.acknowledged')], m.receipts.map((x) => [ctx.partyName(x.party),
          x.read ? fmtDate(x.read, { timeStyle: 'short' }) : '—', x.acknowledged ? fmtDate(x.acknowledged, { timeStyle: 'short' }) : [t('ack.pending'), ' ', countdown(m.deadline)]])),
        r && !r.acknowledged && ctx.me.role === 'liaison' ? h('p', {}, commitButton({ id: 'message-ack', label: t('hotline.acknowledge'),
          question: t('confirm.ack_message', { party: ctx.partyName(ctx.me.party) }),
          run: async () => { m = await api(`${path}/acknowledge`, { method: 'POST', body: { note: '' } }); draw(); },
          done: () => t('done.ack_message', { party: ctx.partyName(ctx.me.party) }) })) : null));
  }
  draw();
}
