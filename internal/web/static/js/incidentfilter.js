// The node's incident filter, applied in the browser to one record: a
// filtered list (listfilters.js) inserts a live record only if it would be
// in a new reading of the list. It follows the node exactly
// (incidents.Filter.Matches and the store's text search, internal/store/
// incidents_search.go):
//
//   status, category, party   equal to the record's;
//   zone                      one of the record's attributed zones;
//   from, to                  the record's time span [t0, t1] (its start,
//                             and its end or its start plus its precision:
//                             hour, day, week) meets [from, to];
//   q                         every word of q (lowercased letters and
//                             digits, at most 20) is a word of the
//                             narrative, place name, sources' names and
//                             notes or casualty figures' sources; q with
//                             no word (punctuation only) matches nothing.
//
// Words are compared with their diacritics removed, as SQLite's search
// index does (unicode61 remove_diacritics 2); PostgreSQL's does not, so on
// a PostgreSQL node "cafe" may match here a record the node would not list.
//
//   const match = incidentMatcher(params);   // URLSearchParams of the list
//   match(incident)                          // true | false

const SPLIT = /[^\p{L}\p{N}]+/u;

// words returns the search words of s: lowercased runs of letters and
// digits.
export function words(s) {
  return String(s || '').toLowerCase().split(SPLIT).filter((w) => w !== '');
}

function fold(w) { return w.normalize('NFD').replace(/\p{M}/gu, ''); }

const PRECISION = { hour: 3600 - 1, day: 86400 - 1, week: 7 * 86400 - 1 };

// span returns the incident's time span in Unix seconds, as incidents.Span.
export function span(time) {
  const t0 = Math.floor(Date.parse(time.start) / 1000);
  if (time.end) return [t0, Math.floor(Date.parse(time.end) / 1000)];
  return [t0, t0 + (PRECISION[time.precision] || 0)];
}

// incidentMatcher returns a function telling whether an incident (as
// GET /api/v1/incidents/{id} answers it) matches the list parameters p
// (q, status, category, party, zone, from, to: as the list route takes
// them; status and category may be comma-separated).
export function incidentMatcher(p) {
  const get = (k) => (p.get(k) || '').trim();
  const list = (k) => get(k).split(',').map((x) => x.trim()).filter(Boolean);
  const statuses = list('status'); const categories = list('category');
  const party = get('party'); const zone = get('zone');
  const from = get('from') ? Math.floor(Date.parse(get('from')) / 1000) : null;
  const to = get('to') ? Math.floor(Date.parse(get('to')) / 1000) : null;
  const q = p.get('q') || '';
  const terms = words(q).slice(0, 20).map(fold);
  const noWords = q.trim() !== '' && terms.length === 0;
  return (i) => {
    if (!i || noWords) return false;
    if (statuses.length && !statuses.includes(i.status)) return false;
    if (categories.length && !categories.includes(i.category)) return false;
    if (party && i.party !== party) return false;
    if (zone && !(i.zones || []).includes(zone)) return false;
    if (from !== null || to !== null) {
      const [t0, t1] = span(i.time || {});
      if (from !== null && t1 < from) return false;
      if (to !== null && t0 > to) return false;
    }
    if (terms.length) {
      const have = new Set();
      const add = (s) => words(s).forEach((w) => have.add(fold(w)));
      add(i.narrative); add(i.place_name);
      for (const s of i.sources || []) { add(s.name); add(s.note); }
      for (const c of i.casualties || []) add(c.source);
      if (!terms.every((w) => have.has(w))) return false;
    }
    return true;
  };
}
