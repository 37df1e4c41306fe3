// A list of records kept in step with the stream row by row: each row is
// keyed by its record, and put() replaces, inserts (in the list's order)
// or removes the one row a live entry changed, so a list never reads its
// whole listing again for one entry (see liverecords.js).
//
//   const list = keyedTable(box, headers, { key, rowOf, order, keep, attrs });
//   list.set(items);        // a listing as read
//   list.put(key, record);  // one record as re-read; null removes its row
import { h, fill } from './dom.js';
import { t } from './i18n.js';

// keyedTable draws records in box as a table with headers. Options:
//   key(record)    the record's key (unique in the list);
//   rowOf(record)  its cells, as table() in dom.js takes them;
//   order(record)  a number sorting the list, largest first (optional:
//                  without it a new record goes first);
//   keep(record)   whether the record belongs in the list, e.g. matches
//                  the list's filters (optional: every record does);
//   limit          the length of the page the list shows (optional): a
//                  record not yet shown is put in a full list only if it
//                  sorts above its last row, as a new reading would;
//   attrs          the table's attributes.
// An empty list shows "nothing to show" (list.empty).
export function keyedTable(box, headers, { key, rowOf, order, keep = () => true, limit = Infinity, attrs = {} }) {
  const rows = new Map(); // key → tr
  const tbody = h('tbody');
  const tableEl = h('table', attrs, h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))), tbody);

  function show() {
    if (rows.size) { if (tableEl.parentNode !== box) fill(box, tableEl); } else fill(box, h('p', { class: 'empty' }, t('list.empty')));
  }

  function rowEl(k, rec) {
    const tr = h('tr', { 'data-key': k }, rowOf(rec).map((c) => h('td', {}, c)));
    tr.sortValue = order ? order(rec) : Infinity;
    return tr;
  }

  function insert(tr) {
    if (!order) { tbody.prepend(tr); return; }
    for (const other of tbody.children) {
      if (other.sortValue < tr.sortValue) { tbody.insertBefore(tr, other); return; }
    }
    tbody.append(tr);
  }

  return {
    el: tableEl,
    // set replaces every row with items, in their order.
    set(items) {
      rows.clear();
      tbody.replaceChildren();
      for (const rec of items) {
        const k = key(rec);
        if (rows.has(k)) continue;
        const tr = rowEl(k, rec);
        rows.set(k, tr);
        tbody.append(tr);
      }
      show();
    },
    // put shows rec in place of the row of k: replaced where it stood (if
    // its order is unchanged), moved, inserted, or removed when rec is null
    // or no longer kept.
    put(k, rec) {
      const old = rows.get(k);
      if (!rec || !keep(rec)) {
        if (old) { old.remove(); rows.delete(k); }
        show();
        return;
      }
      const tr = rowEl(k, rec);
      const last = tbody.lastElementChild;
      if (!old && rows.size >= limit && order && last && tr.sortValue <= last.sortValue) return;
      rows.set(k, tr);
      if (old && old.sortValue === tr.sortValue) old.replaceWith(tr);
      else { if (old) old.remove(); insert(tr); }
      show();
    },
    // has tells whether a row of k is shown.
    has(k) { return rows.has(k); },
  };
}
