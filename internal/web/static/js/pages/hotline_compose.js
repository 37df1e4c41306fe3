// Replying to and forwarding hotline messages. A reply goes to the other
// side of the message (its sender, or its recipient for one's own), cites
// it (in_reply_to) and keeps its TLP; a forward quotes it to a party of the
// user's choice. TLP 2.0 decides what may be forwarded: a message marked
// RED (the named recipients only) or AMBER+STRICT (the recipient's
// organisation only) must not reach another party, so it offers no
// forward.
import { h } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';

const FORWARDABLE = new Set(['CLEAR', 'GREEN', 'AMBER']);

// plain drops the directional isolates t() puts around inserted values
// (for display in right-to-left text): a subject or body is data sent on,
// not display.
const plain = (s) => s.replace(/[\u2066-\u2069]/g, '');

// mayForward tells whether message m's marking lets it go to another party.
export function mayForward(m) { return FORWARDABLE.has(m.releasability && m.releasability.tlp); }

// composeLinks are the reply and forward links of message m's page, for a
// liaison (nothing for anyone else).
export function composeLinks(m, ctx) {
  if (!ctx.me || ctx.me.role !== 'liaison') return null;
  return h('p', { class: 'actions' },
    h('a', { class: 'btn secondary', id: 'message-reply', href: `#/hotline?reply=${encodeURIComponent(m.id)}` }, t('hotline.reply')), ' ',
    mayForward(m) ? h('a', { class: 'btn secondary', id: 'message-forward', href: `#/hotline?forward=${encodeURIComponent(m.id)}` }, t('hotline.forward')) : null);
}

// prefill reads the message the query names (reply=… or forward=…) and
// fills form with the reply or the forward of it; it returns the
// in_reply_to to send ('' for a forward), or '' if the query names none.
// A message the user may not see, or a forward of one not forwardable,
// leaves the form as it is.
export async function prefill(form, query, ctx) {
  const replyTo = query && query.get('reply');
  const fwd = query && query.get('forward');
  const id = replyTo || fwd;
  if (!id) return '';
  const m = await api(`/api/v1/messages/${encodeURIComponent(id)}`);
  const set = (name, v) => { const el = form.querySelector(`[name="${name}"]`); if (el && v !== undefined) el.value = v; };
  const tlp = m.releasability.tlp;
  if (replyTo) {
    const other = m.party === ctx.me.party ? m.to : m.party;
    set('to', other);
    set('subject', plain(t('hotline.re', { subject: m.subject })));
    if (['AMBER', 'AMBER+STRICT', 'RED'].includes(tlp)) set('tlp', tlp);
    set('priority', m.priority);
    form.querySelector('[name="body"]').focus();
    form.prepend(h('p', { class: 'hint', id: 'message-replying' }, t('hotline.replying', { subject: m.subject })));
    return m.id;
  }
  if (!mayForward(m)) return '';
  set('subject', plain(t('hotline.fwd', { subject: m.subject })));
  set('body', `${plain(t('hotline.forwarded', { from: ctx.partyName(m.party), sent: fmtDate(m.sent, { timeStyle: 'short' }) }))}\n\n${m.body}`);
  set('tlp', 'AMBER');
  form.querySelector('[name="to"]').focus();
  form.prepend(h('p', { class: 'hint', id: 'message-forwarding' }, t('hotline.forwarding', { subject: m.subject })));
  return '';
}
