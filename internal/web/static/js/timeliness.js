// Acknowledgement timeliness per party, derived from the notifications the
// caller may see (GET /api/v1/sites and /api/v1/movements with their
// acknowledgement rows): for each notified party, how many answers came
// before the deadline, how many late, how many are overdue now, and the
// median time taken to answer. A receipt that reads withdrawn (its party
// left the centre before giving it) counts in none of these. The public
// computes it from CLEAR notifications only (the API releases no more to
// it).
import { api } from './api.js';

// timeliness resolves to [{party, onTime, late, overdue, pending, medianMs}]
// sorted by party id.
export async function timeliness({ public: anon = false } = {}) {
  const by = new Map();
  for (const type of ['sites', 'movements']) {
    let r;
    try { r = await api(`/api/v1/${type}?limit=1000`, { public: anon }); } catch (e) {
      if (e.status === 503 || e.status === 404) continue;
      throw e;
    }
    for (const n of r.items || []) {
      for (const a of n.acknowledgements || []) {
        if (!by.has(a.party)) by.set(a.party, { party: a.party, onTime: 0, late: 0, overdue: 0, pending: 0, times: [] });
        const p = by.get(a.party);
        if (a.status === 'withdrawn') continue; // not given before the party left: nothing waits for it
        if (a.status === 'pending') { if (a.overdue) p.overdue++; else p.pending++; continue; }
        if (a.late) p.late++; else p.onTime++;
        const took = Date.parse(a.responded) - Date.parse(a.notified);
        if (took >= 0) p.times.push(took);
      }
    }
  }
  return [...by.values()].sort((a, b) => a.party.localeCompare(b.party)).map((p) => {
    p.times.sort((a, b) => a - b);
    const medianMs = p.times.length ? p.times[Math.floor(p.times.length / 2)] : null;
    delete p.times;
    return { ...p, medianMs };
  });
}

// share is the fraction of answered-or-due acknowledgements given on time
// (null when there are none).
export function share(p) {
  const due = p.onTime + p.late + p.overdue;
  return due ? p.onTime / due : null;
}
