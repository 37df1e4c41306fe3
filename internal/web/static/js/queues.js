// What awaits the signed-in user, read from the public API (so the
// server's releasability decides what is in it):
//
//   - incidents to assess: for an analyst of a co-chair party, incidents
//     reported or under review whose current round has no assessment of
//     the user's party yet;
//   - sites and movements whose current version awaits the party's
//     acknowledgement (GET /api/v1/{sites,movements}?pending=true);
//   - open alerts awaiting the party's acknowledgement
//     (GET /api/v1/alerts?pending=true);
//   - hotline messages to the party not yet read (GET /api/v1/messages).
//
// Each item carries its deadline (when there is one) for the countdown.
import { api, listAll } from './api.js';
import { entryKinds } from './uiconfig.js';

// kinds returns the log entry kinds after which the queues may have
// changed: those that set an incident's status, every notice kind, an
// alert's acknowledgement cycle and every hotline kind, as the node serves
// them (uiconfig.js).
export function kinds() {
  return [...entryKinds('incidents', 'status'), ...entryKinds('notify'), ...entryKinds('alerts', 'all'), ...entryKinds('hotline')];
}

// mayAssess reports whether me assesses incidents for a co-chair party.
export function mayAssess(me) { return !!(me && me.co_chair && me.role === 'analyst'); }

// toAssess lists incidents awaiting me's party's assessment.
export async function toAssess(me) {
  if (!mayAssess(me)) return [];
  const r = await api('/api/v1/incidents?status=reported,under_review&limit=500');
  return (r.items || []).filter((i) => !i.duplicate_of && !(i.assessments || []).some((a) => a.party === me.party));
}

// notices lists sites and movements awaiting me's party's acknowledgement,
// each with its ack row (deadline) for the party.
export async function notices(me) {
  const out = [];
  for (const type of ['sites', 'movements']) {
    const r = await api(`/api/v1/${type}?pending=true&limit=500`);
    for (const n of r.items || []) {
      const ack = (n.acknowledgements || []).find((a) => a.party === me.party && a.status === 'pending');
      if (ack) out.push({ type, notice: n, ack });
    }
  }
  return out.sort((a, b) => Date.parse(a.ack.deadline) - Date.parse(b.ack.deadline));
}

// alerts lists open alerts awaiting me's party's acknowledgement.
export async function alerts() {
  const items = await listAll(api, '/api/v1/alerts?pending=true');
  return items.sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
}

// unread lists hotline messages to me's party that it has not read.
export async function unread(me) {
  const items = await listAll(api, '/api/v1/messages?box=inbox');
  return items.filter((m) => (m.receipts || []).some((x) => x.party === me.party && !x.read));
}

// settle runs a loader and returns [] if its service is not running on
// this node (the queue is then simply empty) or the user may not use it.
async function settle(p) {
  try { return await p; } catch (e) {
    if (e && (e.status === 503 || e.status === 403 || e.status === 404)) return [];
    throw e;
  }
}

// load fetches all four queues for me.
export async function load(me) {
  const [assess, acks, open, messages] = await Promise.all([
    settle(toAssess(me)), settle(notices(me)), settle(alerts()), settle(unread(me))]);
  return { assess, acks, open, messages };
}

// total is the count shown next to "My queues" in the navigation.
export function total(q) { return q.assess.length + q.acks.length + q.open.length + q.messages.length; }
