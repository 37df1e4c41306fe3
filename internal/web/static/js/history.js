// A record's history from its domain's history endpoint (e.g.
// GET /api/v1/incidents/{id}/history: the log entries about it that the
// caller may see) or from GET /api/v1/log/entries?subject=…, each entry checked in this browser against the signed
// checkpoint (verify.js) and shown as "verified in log at index N" or a red
// "NOT verified". On a party node the subject's history also holds the
// entries about the record in the peers' logs the node mirrors, each
// labelled with its origin and verified against that origin's accepted,
// cosigned checkpoint. A card that follows its record adds each new entry
// about it from the stream as it arrives, verified like the others.
import { h, fill, table } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { entryHeaders, entryRows, verifyCells } from './verifyview.js';
import { onSubjects } from './liverecords.js';

// historyCard returns a card filled once path answers. With record, a
// function given the verified entries (a Map by sequence number) that
// returns the names of the fields the page shows differently from them,
// a red alert (#record-mismatch) names any such field once every entry
// is checked.
//
// With mirrored (a log subject), a card whose path is a domain history
// endpoint (this node's own entries) adds the entries about that subject
// in the logs the node mirrors, from GET /api/v1/log/entries?subject=….
//
// With follow {kinds, type, id}, entries of kinds about record id of type
// that arrive on the stream are added to the table as they come (each
// once, however it arrived) and verified; box.unfollow() stops that, and
// the page's cleanup MUST call it.
export function historyCard(path, partyName, { record, follow, mirrored } = {}) {
  const box = h('section', { class: 'card history', id: 'record-history', 'aria-labelledby': 'rh-h' },
    h('h2', { id: 'rh-h' }, t('record.history')), h('p', {}, t('common.loading')));
  const shown = new Set(); // origin#index of the entries in the table ('' for this node's log)
  const key = (it) => `${it.origin || ''}#${it.seq}`;
  let tbody = null; // set once the first answer is drawn
  let early = []; // entries streamed before it
  // Rows are kept in the order of their entries' times, whatever log
  // each comes from and whenever it arrives: a mirrored entry lands
  // between this node's own entries, not after them.
  const timeOf = (tr) => Number(tr.dataset.time);
  const stamp = (trs, items) => [...trs].forEach((tr, i) => { tr.dataset.time = String(Date.parse(items[i].entry.time) || 0); });
  const add = (items) => {
    items = items.filter((it) => !shown.has(key(it)));
    if (!items.length) return;
    items.forEach((it) => shown.add(key(it)));
    const cells = [];
    const rows = entryRows(items, cells, partyName);
    if (!tbody) {
      const tbl = table(entryHeaders(), rows, { class: 'history-table' });
      tbody = tbl.tBodies[0];
      stamp(tbody.rows, items);
      fill(box, box.firstChild, tbl);
    } else {
      const trs = [...table([], rows).tBodies[0].children];
      stamp(trs, items);
      for (const tr of trs) {
        const after = [...tbody.rows].find((r) => timeOf(r) > timeOf(tr));
        tbody.insertBefore(tr, after || null);
      }
    }
    verifyCells(cells).catch((e) => console.warn('history', e));
  };
  box.unfollow = follow ? onSubjects(follow.kinds, follow.type, (id, entry, seq) => {
    if (early) early.push({ seq, entry }); else add([{ seq, entry }]);
  }, follow.id) : () => {};
  api(path).then((r) => {
    // Domain history endpoints list entries; GET /api/v1/log/entries?subject=
    // lists {seq, commitment, entry}: both are accepted.
    const items = (r.items || []).map((e) => (e.entry ? { seq: e.seq, entry: e.entry, origin: e.origin } : { seq: e.seq, entry: e }));
    const cells = [];
    items.forEach((it) => shown.add(key(it)));
    if (items.length) {
      const tbl = table(entryHeaders(), entryRows(items, cells, partyName), { class: 'history-table' });
      tbody = tbl.tBodies[0];
      stamp(tbody.rows, items);
      fill(box, box.firstChild, tbl);
    } else fill(box, box.firstChild, h('p', {}, t('entry.history_empty')));
    const streamed = early;
    early = null;
    add(streamed);
    if (mirrored) {
      api(`/api/v1/log/entries?subject=${encodeURIComponent(mirrored)}`)
        .then((m) => add((m.items || []).filter((e) => e.origin).map((e) => ({ seq: e.seq, entry: e.entry, origin: e.origin }))))
        .catch((e) => console.warn('history: mirrored entries', e));
    }
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
