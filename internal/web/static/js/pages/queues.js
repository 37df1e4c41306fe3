// My queues: what awaits the user's party, most urgent first, with the
// time left before each deadline counting down live, and the
// acknowledgement done right here (sites, movements, alerts) or on the
// record's page (incidents to assess, hotline messages).
import { h, fill, table, tlpBadge } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import * as queues from '../queues.js';
import { countdown } from '../countdown.js';
import { alertTitle } from '../alertwords.js';
import { setCount } from '../nav.js';
import { liveReload } from '../map/layers/common.js';
import * as live from '../live.js';
import { commitButton } from '../commit.js';
import { noticeName } from './notices.js';

export async function render(main, ctx) {
  const me = ctx.me;
  const sections = {
    assess: h('section', { class: 'card', id: 'queue-assess', 'aria-labelledby': 'q-assess-h' }),
    acks: h('section', { class: 'card', id: 'queue-acks', 'aria-labelledby': 'q-acks-h' }),
    open: h('section', { class: 'card', id: 'queue-alerts', 'aria-labelledby': 'q-alerts-h' }),
    messages: h('section', { class: 'card', id: 'queue-messages', 'aria-labelledby': 'q-messages-h' }),
  };
  const summary = h('p', { class: 'lead', id: 'queue-summary', 'aria-live': 'polite' }, t('common.loading'));
  fill(main, h('h1', {}, t('nav.queues')), summary,
    queues.mayAssess(me) ? sections.assess : null, sections.acks, sections.open, sections.messages);

  // An acknowledgement from a queue is asked once, then confirmed.
  const myParty = me ? ctx.partyName(me.party) : '';
  const ack = (attrs, path, body, question, done) => commitButton({ cls: 'btn small', attrs, label: attrs['data-ack-alert'] ? t('alert.acknowledge') : t('notice.acknowledge'),
    question, run: async () => { await api(path, { method: 'POST', body }); await reload(); }, done: () => done });

  function head(id, key, n) { return h('h2', { id }, t(key), ' ', h('span', { class: 'badge count' }, fmtNumber(n))); }

  function draw(q) {
    const n = queues.total(q);
    setCount('queues', n);
    setCount('hotline', q.messages.length);
    fill(summary, n ? t('queues.summary', { n: fmtNumber(n) }) : t('queues.none'));
    fill(sections.assess, head('q-assess-h', 'queues.assess', q.assess.length), q.assess.length
      ? table([t('incident.category'), t('incident.time'), t('incident.place'), t('incident.status'), t('incident.reporter'), ''],
        q.assess.map((i) => [t(`incident.category.${i.category}`), fmtDate(i.time.start, { timeStyle: 'short' }), i.place_name || '—',
          h('span', { class: `status status-${i.status}` }, t(`incident.status.${i.status}`)), ctx.partyName(i.party),
          h('a', { class: 'btn small', href: `#/incidents/${i.id}`, 'data-assess': i.id }, t('queues.assess_action'))]))
      : h('p', { class: 'empty' }, t('queues.assess_none')));
    fill(sections.acks, head('q-acks-h', 'queues.acks', q.acks.length), q.acks.length
      ? table([t('notice.type'), t('notice.name'), t('notice.notifier'), t('notice.deadline'), t('countdown.column'), ''],
        q.acks.map(({ type, notice, ack: a }) => [t(`notice.type.${notice.type}`),
          h('a', { href: `#/notifications/${type}/${notice.id}` }, noticeName(notice, ctx)), ctx.partyName(notice.party),
          fmtDate(a.deadline, { timeStyle: 'short' }), countdown(a.deadline),
          me.role === 'liaison' ? ack({ 'data-ack': notice.id }, `/api/v1/${type}/${notice.id}/acknowledge`, { version: notice.version },
            t('confirm.ack_notice', { party: myParty }), t('done.ack_notice', { party: myParty, v: fmtNumber(notice.version) })) : '']))
      : h('p', { class: 'empty' }, t('queues.acks_none')));
    fill(sections.open, head('q-alerts-h', 'queues.alerts', q.open.length), q.open.length
      ? table([t('alert.severity'), t('alert.title'), t('alert.raised_at'), t('countdown.column'), ''],
        q.open.map((a) => [h('span', { class: `sev sev-${a.severity}` }, t(`alert.severity.${a.severity}`)),
          h('a', { href: `#/alerts/${a.id}`, title: a.title }, h('span', { dir: 'auto' }, alertTitle(a, ctx.partyName))), fmtDate(a.raised, { timeStyle: 'short' }), countdown(a.deadline),
          me.role === 'liaison' ? ack({ 'data-ack-alert': a.id }, `/api/v1/alerts/${a.id}/acknowledge`, { note: '' },
            t('confirm.ack_alert', { party: myParty }), t('done.ack_alert', { party: myParty })) : '']))
      : h('p', { class: 'empty' }, t('queues.alerts_none')));
    fill(sections.messages, head('q-messages-h', 'queues.messages', q.messages.length), q.messages.length
      ? table([t('hotline.priority'), t('hotline.subject'), t('hotline.from'), t('hotline.sent'), t('countdown.column')],
        q.messages.map((m) => [h('span', { class: `prio prio-${m.priority}` }, t(`hotline.priority.${m.priority}`)),
          h('a', { href: `#/hotline/${m.id}` }, m.subject), ctx.partyName(m.party), fmtDate(m.sent, { timeStyle: 'short' }), countdown(m.deadline)]))
      : h('p', { class: 'empty' }, t('queues.messages_none')));
    main.querySelectorAll('table').forEach((tb) => tb.classList.add('queue'));
  }

  async function reload() { draw(await queues.load(me)); }
  await reload();
  return liveReload(live, queues.kinds(), () => reload().catch((e) => console.warn('queues reload', e)));
}
