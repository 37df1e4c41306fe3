// Translating the API's field errors. RFC 9457 problems from the API carry
// errors[] of {field, reason} with the reason in English and no code, so
// the common reasons are recognised by field and wording and shown in the
// chosen language; the API's own text stays available as a tooltip, and is
// shown as it is when nothing matches.
import { t } from '../i18n.js';

// RULES are [field pattern, reason pattern, i18n key], first match wins;
// fields are normalised (sources.0.reliability, geometry.coordinates.0).
const RULES = [
  [/(^|\.)(end|effective_until)$/, /before|after/, 'fielderr.end_before_start'],
  [/(^|\.)end$/, /at most a year/, 'fielderr.at_most_year'],
  [/(^|\.)end$/, /window lasts at most/, 'fielderr.window_too_long'],
  [/^window\.start$/, /future/, 'fielderr.window_past'],
  [/./, /RFC 3339/, 'fielderr.bad_time'],
  [/^waypoints\.\d+\.time$/, /strictly increase|same time/, 'fielderr.waypoint_order'],
  [/^waypoints\.\d+\.(lat|lon|alt_ft)$/, /outside/, 'fielderr.out_of_range'],
  [/^time\.start$/, /out of range/, 'fielderr.bad_time'],
  [/^location$/, /required/, 'fielderr.location_required'],
  [/^place_name$/, /gazetteer/, 'fielderr.place_unknown'],
  [/^geometry/, /./, 'fielderr.geometry'],
  [/^(location|route)/, /./, 'fielderr.geometry'],
  [/^parties$/, /at least one/, 'fielderr.parties_required'],
  [/^parties\./, /own notification/, 'fielderr.own_party'],
  [/./, /unknown party|not a known party/, 'fielderr.unknown_party'],
  [/^releasability/, /co-chair/, 'fielderr.cochair_excluded'],
  [/^releasability/, /first version/, 'fielderr.release_fixed'],
  [/^reason$/, /needs a reason|say why/, 'fielderr.reason_required'],
  [/^waypoints$/, /at least 2/, 'fielderr.waypoints_min'],
  [/^password$/, /at least/, 'fielderr.password_short'],
  [/./, /is required|needs a|needs the|required/, 'fielderr.required'],
  [/./, /at most \d+ bytes|bytes; at most/, 'fielderr.too_long'],
  [/./, /between/, 'fielderr.out_of_range'],
  [/./, /is not (a|an|party|confirmed)|use one of/, 'fielderr.not_allowed'],
];

function normalise(f) {
  return String(f || '').replace(/^\//, '').replace(/\[(\d+)\]/g, '.$1').replace(/\//g, '.');
}

// fieldMessage returns {text, raw}: the error in the chosen language (the
// API's English "field: reason" when no rule knows it) and the raw text.
export function fieldMessage(fe) {
  const raw = `${fe.field}: ${fe.reason}`;
  const field = normalise(fe.field);
  const rule = RULES.find(([f, r]) => f.test(field) && r.test(fe.reason || ''));
  return { text: rule ? t(rule[2]) : raw, raw, key: rule ? rule[2] : '' };
}
