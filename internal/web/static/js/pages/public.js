// The public page (no login): what is released as CLEAR, fetched without
// the session cookie so that it is exactly what the public sees, each
// record verified against the signed checkpoint: zones in force,
// incidents per zone and day, and acknowledgement timeliness
// (see publicsections.js).
import { h, fill, table } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { publicSections } from './publicsections.js';
import { api } from '../api.js';
import { verifyCheckpoint, nodeKey, hex } from '../verify.js';
import { entryRows, entryHeaders, verifyCells, reason } from '../verifyview.js';

export async function render(main, ctx) {
  const cpBox = h('section', { class: 'card', 'aria-labelledby': 'cp-h', id: 'checkpoint' }, h('h2', { id: 'cp-h' }, t('public.checkpoint')), h('p', {}, t('verify.checking')));
  const entries = h('section', { class: 'card', 'aria-labelledby': 'clear-h', id: 'clear-entries' }, h('h2', { id: 'clear-h' }, t('public.clear_entries')), h('p', {}, t('common.loading')));
  const sections = publicSections(ctx);
  fill(main, h('h1', {}, t('public.title')), h('p', { class: 'lead' }, t('public.intro')), cpBox, sections.el, entries);
  const domains = sections.load();

  try {
    const [note, key] = await Promise.all([api('/log/checkpoint', { text: true, public: true }), nodeKey()]);
    let status;
    let cp = null;
    try {
      cp = await verifyCheckpoint(note, key);
      status = h('div', { class: 'verify ok', role: 'status', 'data-verified': 'true' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, '✓'),
        h('div', {}, t('public.checkpoint_ok')));
    } catch (e) {
      status = h('div', { class: 'verify bad', role: 'status', 'data-verified': 'false' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, '✗'),
        h('div', {}, t('verify.not_verified', { reason: reason(e) })));
    }
    fill(cpBox, cpBox.firstChild, status,
      cp ? h('dl', { class: 'fields' },
        h('dt', {}, t('public.origin')), h('dd', {}, h('span', { class: 'ltr' }, cp.origin)),
        h('dt', {}, t('public.size')), h('dd', { id: 'checkpoint-size' }, fmtNumber(cp.size)),
        h('dt', {}, t('public.root')), h('dd', {}, h('code', { class: 'ltr' }, hex(cp.root))),
        h('dt', {}, t('public.key')), h('dd', {}, h('code', { class: 'ltr' }, key)),
        h('dt', {}, t('public.cosignatures')), h('dd', {}, fmtNumber(cp.cosignatures))) : null,
      h('p', { class: 'lead' }, t('public.key_hint')),
      h('pre', { class: 'ltr' }, note));
  } catch (e) {
    fill(cpBox, cpBox.firstChild, h('p', { class: 'error' }, e.message));
  }

  try {
    const r = await api('/api/v1/log/entries?limit=100', { public: true });
    const cells = [];
    fill(entries, entries.firstChild, r.items.length
      ? table(entryHeaders(), entryRows(r.items, cells, ctx.partyName), { id: 'clear-table' })
      : h('p', {}, t('public.no_clear')));
    await verifyCells(cells, { public: true });
  } catch (e) {
    fill(entries, entries.firstChild, h('p', { class: 'error' }, e.message));
  }
  await domains;
}
