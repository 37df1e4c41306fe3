// Live changes applied one record at a time. The stream (live.js) sends
// each new entry the user may see; its subject names the record it is
// about (subjectOf in uiconfig.js). Pages and map layers use this module to
// re-read only that record — never a whole listing — and to put the answer
// in place of what they hold:
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

// onSubjects calls fn(id, entry, seq) for each entry of kinds whose
// subject is a record of type — only record `only` when it is given. It
// returns a function that stops the calls.
export function onSubjects(kinds, type, fn, only = '') {
  const offs = kinds.map((k) => live.on(k, (entry, seq) => {
    const id = idOf(type, entry && entry.subject);
    if (id && (!only || id === only)) fn(id, entry, seq);
  }));
  return () => offs.forEach((off) => off());
}

// follow keeps records of type in step with the stream: for each entry of
// kinds about one (only record `only` when given), it reads the record
// with read(id) and calls apply(id, record) — apply(id, null) when the
// node answers that the user may not see it (403, 404, 410). Other read
// failures are logged and leave what the page holds. It returns a function
// that stops following; answers arriving after it are dropped.
export function follow(kinds, type, read, apply, { only = '' } = {}) {
  const state = new Map(); // id → 'busy' | 'again'
  let dead = false;
  async function refresh(id) {
    if (state.has(id)) { state.set(id, 'again'); return; }
    state.set(id, 'busy');
    try {
      let rec = null;
      try { rec = await read(id); } catch (e) { if (!(e instanceof ApiError && GONE.has(e.status))) throw e; }
      if (!dead) apply(id, rec);
    } catch (e) {
      console.warn(`live ${type} ${id}`, e);
    }
    const again = state.get(id) === 'again';
    state.delete(id);
    if (again && !dead) refresh(id);
  }
  const off = onSubjects(kinds, type, (id) => refresh(id), only);
  return () => { dead = true; off(); };
}
