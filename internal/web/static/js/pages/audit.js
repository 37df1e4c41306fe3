// Who read my party's sensitive records (AMBER, AMBER+STRICT, RED).
import { h, fill, table, tlpBadge } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';

export async function render(main, ctx) {
  fill(main, h('h1', {}, t('audit.title')), h('p', { class: 'lead' }, t('audit.intro', { party: ctx.partyName(ctx.me.party) })), h('p', {}, t('common.loading')));
  let r;
  try {
    r = await api('/api/v1/audit/reads?limit=200');
  } catch (e) {
    main.lastChild.replaceWith(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  const rows = (r.items || []).map((a) => [fmtDate(a.time), a.reader, ctx.partyName(a.reader_party), h('code', {}, a.kind), h('span', { class: 'ltr' }, a.subject), tlpBadge(a.tlp), a.path]);
  main.lastChild.replaceWith(rows.length
    ? table([t('audit.time'), t('audit.reader'), t('audit.reader_party'), t('entry.kind'), t('entry.subject'), t('entry.release'), t('audit.path')], rows, { id: 'audit-table' })
    : h('p', { id: 'audit-empty' }, t('audit.empty')));
}
