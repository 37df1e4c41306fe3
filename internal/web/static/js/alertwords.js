// An alert's description in the user's language, worded from its kind and
// the structured fields of `about` (what it is about: the incident's time,
// the site's name in each language, the party late to acknowledge, the
// party whose feed is stale, the party asked on a case, …)
// rather than the node's English description, which is shown only for an
// alert without them (raised before the node recorded them) or of a kind
// worded nowhere else.
import { t, fmtDate, fmtNumber, currentLang } from './i18n.js';
import { h } from './dom.js';

const when = (iso) => (iso ? fmtDate(iso, { timeStyle: 'short' }) : '—');

// siteName picks the site's name in the user's language (else English,
// else any).
export function siteName(names) {
  if (!names) return '';
  return names[currentLang()] || names.en || Object.values(names)[0] || '';
}

// words is the wording of each kind from its about fields.
const words = {
  notified_site_affected: (ab, party) => t('alert.about.notified_site_affected', {
    time: when(ab.incident_at), m: fmtNumber(ab.distance_m || 0), site: siteName(ab.site_names), party: party(ab.party), notified: when(ab.notified_at),
  }),
  movement_affected: (ab) => t('alert.about.movement_affected', {
    time: when(ab.incident_at), m: fmtNumber(ab.distance_m || 0), start: when(ab.window_start), end: when(ab.window_end),
  }),
  acknowledgement_overdue: (ab, party) => (ab.site
    ? t('alert.about.overdue_site', { party: party(ab.party), notifier: party(ab.notifier), v: fmtNumber(ab.version || 0), site: siteName(ab.site_names), deadline: when(ab.deadline) })
    : t('alert.about.overdue_movement', { party: party(ab.party), notifier: party(ab.notifier), v: fmtNumber(ab.version || 0), start: when(ab.window_start), deadline: when(ab.deadline) })),
  notification_feed_stale: (ab, party) => t(ab.pulled_at ? 'alert.about.feed_stale_pulled' : 'alert.about.feed_stale_never', {
    party: party(ab.party), notifier: party(ab.notifier), v: fmtNumber(ab.version || 0), start: when(ab.window_start), end: when(ab.window_end),
    notified: when(ab.notified_at), pulled: when(ab.pulled_at), pv: fmtNumber(ab.pulled_version || 0),
  }),
  case_request_overdue: (ab, party) => t(ab.movement ? 'alert.about.case_overdue_movement' : 'alert.about.case_overdue_site', {
    party: party(ab.party), notifier: party(ab.notifier), deadline: when(ab.deadline),
  }),
  store_integrity: (ab) => t('alert.about.store_integrity', { row: `\u2066${ab.row || '?'}\u2069` }),
  air_conflict: (ab, party) => airWords('alert.about', ab, party),
  air_advisory: (ab, party) => airWords('alert.about', ab, party),
};

// subjectName names one side of an airspace record as the alert gives it:
// an aircraft by callsign and party, else by what it is and whose; a side
// the viewer may not know by what it is alone (never an id or reference).
export function subjectName(s, party) {
  if (s.hidden) return t(`alert.subject.hidden.${s.type}`);
  if (s.type === 'plan' && s.callsign) return t('flight.aircraft_of', { callsign: s.callsign, party: party(s.party) });
  if (s.type === 'track') return t('flight.aircraft_of', { callsign: s.id, party: party(s.party) });
  return t(`alert.subject.${s.type}_of`, { party: party(s.party) });
}

// airWords words an airspace alert (prefix.air_conflict, .air_intrusion
// or .air_advisory) from its two sides; null without them.
function airWords(prefix, ab, party) {
  const ss = (ab && ab.subjects) || [];
  if (ss.length !== 2) return null;
  const kind = ss[1].type === 'reservation' ? 'air_intrusion' : (ss[1].type === 'site' || ss[1].type === 'movement' ? 'air_advisory' : 'air_conflict');
  return t(`${prefix}.${kind}`, { a: subjectName(ss[0], party), b: subjectName(ss[1], party) });
}

// SITE_KINDS are the alert kinds whose area is a notified site, named in
// the area's description.
const SITE_KINDS = new Set(['notified_site_affected']);

// alertTitle words an alert's title in the user's language from its
// structured fields (its kind; the site's name where the alert is about
// one; an airspace alert's aircraft by callsign and party, as far as the
// viewer may know them) rather than showing the node's English title,
// which callers keep as a tooltip.
export function alertTitle(a, partyName) {
  const air = (a.kind === 'air_conflict' || a.kind === 'air_advisory') && a.about ? airWords('alert.title', a.about, partyName || ((p) => p)) : null;
  if (air) return air;
  const kind = t(`alert.kind.${a.kind}`);
  return SITE_KINDS.has(a.kind) && a.area && a.area.description ? [kind, ': ', h('bdi', {}, a.area.description)] : kind;
}

// alertDescription returns the description of alert a in the user's
// language, naming parties with partyName; the node's English description
// when a carries no about fields or its kind has no wording here.
export function alertDescription(a, partyName) {
  const word = a.about && words[a.kind];
  return (word && word(a.about, partyName)) || a.description;
}

// worded tells whether alertDescription words a in the user's language.
export function worded(a) { return !!(a.about && words[a.kind] && words[a.kind](a.about, (p) => p)); }
