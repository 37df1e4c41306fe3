// A record's history from its domain's history endpoint (e.g.
// GET /api/v1/incidents/{id}/history: the log entries about it that the
// caller may see) or from GET /api/v1/log/entries?subject=…, each entry checked in this browser against the signed
// checkpoint (verify.js) and shown as "verified in log at index N" or a red
// "NOT verified".
import { h, fill, table } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { entryHeaders, entryRows, verifyCells } from './verifyview.js';

// historyCard returns a card filled once path answers. With record, a
// function given the verified entries (a Map by sequence number) that
// returns the names of the fields the page shows differently from them,
// a red alert (#record-mismatch) names any such field once every entry
// is checked.
export function historyCard(path, partyName, { record } = {}) {
  const box = h('section', { class: 'card history', id: 'record-history', 'aria-labelledby': 'rh-h' },
    h('h2', { id: 'rh-h' }, t('record.history')), h('p', {}, t('common.loading')));
  api(path).then((r) => {
    // Domain history endpoints list entries; GET /api/v1/log/entries?subject=
    // lists {seq, commitment, entry}: both are accepted.
    const items = (r.items || []).map((e) => (e.entry ? { seq: e.seq, entry: e.entry } : { seq: e.seq, entry: e }));
    const cells = [];
    fill(box, box.firstChild, items.length ? table(entryHeaders(), entryRows(items, cells, partyName), { class: 'history-table' })
      : h('p', {}, t('entry.history_empty')));
    return verifyCells(cells).then((verified) => {
      if (!record) return;
      const wrong = record(verified);
      box.dataset.recordChecked = wrong.length ? 'false' : 'true';
      if (wrong.length) {
        box.insertBefore(h('p', { class: 'verify bad', role: 'alert', id: 'record-mismatch', 'data-mismatch': wrong.join(' ') },
          h('span', { class: 'icon', 'aria-hidden': 'true' }, '✗'), h('span', {}, t('verify.record_mismatch', { fields: wrong.map((f) => t(`verify.field.${f}`)).join(', ') }))),
        box.children[1]);
      }
    });
  }).catch((e) => fill(box, box.firstChild, h('p', { class: 'error' }, e.message)));
  return box;
}
