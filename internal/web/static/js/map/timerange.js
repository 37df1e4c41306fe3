// Ranges of the map's time slider (timeslider.js): the presets, the step
// the slider moves by for a range of a given length, and the date pickers'
// values. Times are milliseconds since the epoch, days UTC days (the
// centre's common time).

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// PRESETS are the ranges offered, in the order shown: the last 24 hours,
// 7 days and 30 days, the data's whole extent, and the next 12 hours (for
// flights planned ahead).
export const PRESETS = ['day', 'week', 'month', 'extent', 'next'];

// presetRange returns the range {from, to, live} of preset p at time now
// (live: the range ends now, so its right end is the live picture), given
// the earliest record's time first.
export function presetRange(p, now, first) {
  switch (p) {
    case 'day': return { from: now - DAY, to: now, live: true };
    case 'week': return { from: now - 7 * DAY, to: now, live: true };
    case 'month': return { from: now - 30 * DAY, to: now, live: true };
    case 'next': return { from: now - HOUR, to: now + 12 * HOUR, live: false };
    default: return { from: Math.min(first, now - DAY), to: now, live: true };
  }
}

// stepFor returns the slider's step for a range span ms long: 5 minutes up
// to 2 days, an hour up to 31 days, a day beyond (under 750 positions up
// to two years, 3,700 for ten).
export function stepFor(span) {
  if (span <= 2 * DAY) return 5 * MIN;
  if (span <= 31 * DAY) return HOUR;
  return DAY;
}

// dayInput gives the UTC day of ms as a date input's value (YYYY-MM-DD).
export function dayInput(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// fromDayInput returns the start (UTC) of the day a date input holds, or
// null if it holds none.
export function fromDayInput(v) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v || '')) return null;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}
