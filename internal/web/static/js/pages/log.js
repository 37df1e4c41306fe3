// The log: entries the user may see, newest first, each verified in the
// browser against the signed checkpoint.
import { h, fill, table } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { entryRows, entryHeaders, verifyCells } from '../verifyview.js';

export async function render(main, ctx) {
  const body = h('tbody');
  const more = h('button', { class: 'btn secondary', type: 'button', hidden: true }, t('log.older'));
  const tbl = table(entryHeaders(), [], { id: 'log-table' });
  tbl.tBodies[0].replaceWith(body);
  const status = h('p', {}, t('common.loading'));
  fill(main, h('h1', {}, t('log.title')), h('p', { class: 'lead' }, ctx.me ? t('log.intro') : t('log.intro_public')), tbl, status, more);
  let alive = true;
  let next = '/api/v1/log/entries?limit=50';
  async function page() {
    more.hidden = true;
    const r = await api(next);
    const cells = [];
    for (const row of entryRows(r.items, cells, ctx.partyName)) body.append(h('tr', {}, row.map((c) => h('td', {}, c))));
    fill(status, body.children.length ? '' : t('log.empty'));
    next = r.next;
    more.hidden = !next;
    if (alive) await verifyCells(cells);
  }
  more.addEventListener('click', () => page().catch((e) => fill(status, e.message)));
  page().catch((e) => fill(status, h('span', { class: 'error' }, e.message)));
  return () => { alive = false; };
}
