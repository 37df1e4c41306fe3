// An alert's description in the user's language, worded from its kind and
// the structured fields of `about` (what it is about: the incident's time,
// the site's name in each language, the party late to acknowledge, the
// party whose feed is stale, the party asked on a case, …)
// rather than the node's English description, which is shown only for an
// alert without them (raised before the node recorded them) or of a kind
// worded nowhere else.
import { t, fmtDate, fmtNumber, currentLang } from './i18n.js';

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
};

// alertDescription returns the description of alert a in the user's
// language, naming parties with partyName; the node's English description
// when a carries no about fields or its kind has no wording here.
export function alertDescription(a, partyName) {
  const word = a.about && words[a.kind];
  return word ? word(a.about, partyName) : a.description;
}

// worded tells whether alertDescription words a in the user's language.
export function worded(a) { return !!(a.about && words[a.kind]); }
