// An array of records (a map layer's, a list's) kept in step with the
// stream from the records it brings (liverecords.js): an entry about a
// record of type replaces it in the array, adds it, or takes it out (the
// user may no longer see it, or it no longer belongs: keep), with no
// request (a record held keeps its place in the array, a new one goes
// last). An entry that came without its record (one replayed after a
// reconnection) falls back to reload, at most once a second.
//
//   const off = liveItems(kinds, 'site', {
//     items: () => items, changed: (next) => { items = next; draw(); },
//     keep: (n) => n.status === 'active', reload: load });
import { onSubjects } from './liverecords.js';

// liveItems follows records of type (each keyed by its id field) through
// entries of kinds; changed is called once for a burst of entries (in the
// same task), with the new array. It returns a function that stops.
export function liveItems(kinds, type, { items, changed, keep = () => true, reload, key = (r) => r.id }) {
  let pending = null; // id → record | null, waiting for the next redraw
  let timer = null; // a reload waiting, for entries without their record
  // A record already held keeps its place; a new one goes last.
  const flush = () => {
    const next = [];
    for (const r of items()) {
      const k = key(r);
      if (!pending.has(k)) { next.push(r); continue; }
      const rec = pending.get(k);
      pending.delete(k);
      if (rec && keep(rec)) next.push(rec);
    }
    for (const [, rec] of pending) if (rec && keep(rec)) next.push(rec);
    pending = null;
    changed(next);
  };
  const off = onSubjects(kinds, type, (id, entry, seq, rec) => {
    if (rec === undefined) {
      if (!timer) timer = setTimeout(() => { timer = null; reload(); }, 1000);
      return;
    }
    if (!pending) { pending = new Map(); setTimeout(flush, 0); }
    pending.set(id, rec);
  });
  return () => { off(); clearTimeout(timer); };
}
