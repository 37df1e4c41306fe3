// Live updates: one shared Server-Sent Events connection to
// GET /api/v1/stream, which sends every new log entry the user may see as an
// event named by its kind (id: the sequence number, data: the entry). The
// server decides what is sent, by the same releasability as every read.
//
//   const off = on(kind, (entry, seq) => { … });
//   off(); // when the page or layer goes away
//
// Before an entry about a record the server sends a "record" event: that
// record as this user may see it (or {gone: true}), so listeners apply the
// entry with no request of their own. It reaches them as the third
// argument, fn(entry, seq, view) with view = {type, id, record, gone}, or
// undefined when the server sent none (a replayed entry): they then read
// the record themselves (liverecords.js).
//
// Kinds come from the node (entryKinds in uiconfig.js), never spelled here.
// The connection opens with the first listener and closes with the last;
// the browser reconnects by itself, resuming after the last event id, and a
// "reconnect" event from the server (the client fell behind) is honoured.

const listeners = new Map(); // kind → Set of functions
let source = null;
let lastId = null;
let opened = null; // a promise resolved when the current connection is open
let view = null; // the last "record" event, for the entry that follows it

function open() {
  const q = lastId === null ? '' : `?last_event_id=${encodeURIComponent(lastId)}`;
  source = new EventSource('/api/v1/stream' + q, { withCredentials: true });
  const s = source;
  opened = new Promise((resolve) => s.addEventListener('open', resolve, { once: true }));
  for (const kind of listeners.keys()) source.addEventListener(kind, dispatch);
  source.addEventListener('reconnect', () => { close(); if (listeners.size) open(); });
  source.addEventListener('record', (ev) => { try { view = JSON.parse(ev.data); } catch { view = null; } });
}

function close() {
  if (source) source.close();
  source = null;
}

function dispatch(ev) {
  lastId = ev.lastEventId || lastId;
  const seq = Number(ev.lastEventId);
  const v = view && view.seq === seq ? view : undefined;
  let entry;
  try { entry = JSON.parse(ev.data); } catch { return; }
  for (const fn of listeners.get(ev.type) || []) {
    try { fn(entry, seq, v); } catch (e) { console.error('live listener', e); }
  }
}

// on calls fn(entry, seq, view) for each new entry of kind; it returns a
// function that stops the calls.
export function on(kind, fn) {
  if (!listeners.has(kind)) {
    listeners.set(kind, new Set());
    if (source) source.addEventListener(kind, dispatch);
  }
  listeners.get(kind).add(fn);
  if (!source) open();
  return () => {
    const set = listeners.get(kind);
    if (!set) return;
    set.delete(fn);
    if (set.size === 0) {
      listeners.delete(kind);
      if (source) source.removeEventListener(kind, dispatch);
    }
    if (listeners.size === 0) close();
  };
}

// connected resolves once the shared connection is open (for a "live"
// indicator, and for tests); it resolves at once if nothing listens.
export function connected() { return opened && source ? opened : Promise.resolve(); }
