// A record's history from its domain's history endpoint (e.g.
// GET /api/v1/incidents/{id}/history: the log entries about it that the
// caller may see) or from GET /api/v1/log/entries?subject=…, each entry checked in this browser against the signed
// checkpoint (verify.js) and shown as "verified in log at index N" or a red
// "NOT verified".
import { h, fill, table } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { entryHeaders, entryRows, verifyCells } from './verifyview.js';

// historyCard returns a card filled once path answers.
export function historyCard(path, partyName) {
  const box = h('section', { class: 'card history', id: 'record-history', 'aria-labelledby': 'rh-h' },
    h('h2', { id: 'rh-h' }, t('record.history')), h('p', {}, t('common.loading')));
  api(path).then((r) => {
    // Domain history endpoints list entries; GET /api/v1/log/entries?subject=
    // lists {seq, commitment, entry}: both are accepted.
    const items = (r.items || []).map((e) => (e.entry ? { seq: e.seq, entry: e.entry } : { seq: e.seq, entry: e }));
    const cells = [];
    fill(box, box.firstChild, items.length ? table(entryHeaders(), entryRows(items, cells, partyName), { class: 'history-table' })
      : h('p', {}, t('entry.history_empty')));
    return verifyCells(cells);
  }).catch((e) => fill(box, box.firstChild, h('p', { class: 'error' }, e.message)));
  return box;
}
