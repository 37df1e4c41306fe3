// Live changes applied one record at a time. The stream (live.js) sends
// each new entry the user may see; its subject names the record it is
// about (subjectOf in uiconfig.js), and the server sends that record with
// it, as the user may see it. Pages and map layers use this module to put
// that record in place of what they hold — with no request at all — and,
// for an entry that came without it (one replayed after a reconnection),
// to re-read only that record, never a whole listing:
//
//   const off = follow(kinds, 'incident', (id) => api(`/api/v1/incidents/${id}`),
//     (id, record) => { … record is null once the user may no longer see it … });
//
// follow makes at most one request per entry: reads of one record never
// overlap, and entries arriving while it is read cause one more read after
// it (so a burst costs two reads, not one per entry).
import * as live from './live.js';
import { ApiError } from './api.js';
import { subjectOf } from './uiconfig.js';

// GONE are the answers that mean the record is no longer the user's to
// see (withdrawn from their audience, or never released to them).
const GONE = new Set([403, 404, 410]);

// idOf returns the id of the record of type that subject names, or '' if
// subject is about a record of another type (or names no id).
export function idOf(type, subject) {
  const prefix = subjectOf(type, '');
  if (typeof subject !== 'string' || !subject.startsWith(prefix) || subject.length === prefix.length) return '';
  return subject.slice(prefix.length);
}

// onSubjects calls fn(id, entry, seq, record) for each entry of kinds
// whose subject is a record of type — only record `only` when it is given.
// record is the record as the server sent it with the entry: an object,
// null when the user may no longer see it, or undefined when none came.
// It returns a function that stops the calls.
export function onSubjects(kinds, type, fn, only = '') {
  const offs = kinds.map((k) => live.on(k, (entry, seq, view) => {
    const id = idOf(type, entry && entry.subject);
    if (id && (!only || id === only)) fn(id, entry, seq, recordOf(view, type, id));
  }));
  return () => offs.forEach((off) => off());
}

// recordOf returns the record a stream view carries for record id of
// type: the record, null if the user may not see it, undefined if view
// is about something else (or absent).
export function recordOf(view, type, id) {
  if (!view || view.type !== type || view.id !== id) return undefined;
  return view.gone ? null : (view.record || undefined);
}

// follow keeps records of type in step with the stream: for each entry of
// kinds about one (only record `only` when given), it calls apply(id,
// record) with the record the entry came with — apply(id, null) when the
// user may not see it — and, for an entry that came without it, reads it
// with read(id) (apply(id, null) when the node answers 403, 404 or 410).
// Other read failures are logged and leave what the page holds. It returns
// a function that stops following; answers arriving after it are dropped,
// and so is a read overtaken by a record the stream brought meanwhile.
export function follow(kinds, type, read, apply, { only = '' } = {}) {
  const state = new Map(); // id → 'busy' | 'again'
  const given = new Map(); // id → how many records the stream brought
  let dead = false;
  async function refresh(id) {
    if (state.has(id)) { state.set(id, 'again'); return; }
    state.set(id, 'busy');
    const before = given.get(id) || 0;
    try {
      let rec = null;
      try { rec = await read(id); } catch (e) { if (!(e instanceof ApiError && GONE.has(e.status))) throw e; }
      if (!dead && (given.get(id) || 0) === before) apply(id, rec);
    } catch (e) {
      console.warn(`live ${type} ${id}`, e);
    }
    const again = state.get(id) === 'again';
    state.delete(id);
    if (again && !dead) refresh(id);
  }
  const off = onSubjects(kinds, type, (id, entry, seq, rec) => {
    if (rec === undefined) { refresh(id); return; }
    given.set(id, (given.get(id) || 0) + 1);
    if (state.get(id) === 'again') state.set(id, 'busy'); // the record brought is newer than a read to come
    try { Promise.resolve(apply(id, rec)).catch((e) => console.warn(`live ${type} ${id}`, e)); } catch (e) { console.warn(`live ${type} ${id}`, e); }
  }, only);
  return () => { dead = true; off(); };
}
