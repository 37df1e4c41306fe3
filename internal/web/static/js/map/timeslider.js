// The time slider: picks the moment the map shows, from 30 days ago to
// now, in steps of an hour. At its right end it is "live" (time null):
// layers show the current picture and follow live updates.
import { h, fill } from '../dom.js';
import { t, fmtDate } from '../i18n.js';

const HOUR = 3600 * 1000;
const SPAN_HOURS = 30 * 24;

export function timeSlider() {
  const start = Math.floor(Date.now() / HOUR) * HOUR - SPAN_HOURS * HOUR;
  const input = h('input', { type: 'range', id: 'time-slider', min: 0, max: SPAN_HOURS, step: 1, value: SPAN_HOURS, 'aria-describedby': 'time-value' });
  const out = h('output', { id: 'time-value', for: 'time-slider', 'aria-live': 'polite' });
  const live = h('button', { type: 'button', class: 'btn secondary', id: 'time-live' }, t('map.time_live_button'));
  const listeners = [];
  let timer = null;

  const value = () => (Number(input.value) >= SPAN_HOURS ? null : new Date(start + Number(input.value) * HOUR));
  function show() {
    const v = value();
    fill(out, v ? fmtDate(v, { timeStyle: 'short' }) : t('map.time_live'));
    input.setAttribute('aria-valuetext', out.textContent);
    live.disabled = v === null;
  }
  function emit() {
    clearTimeout(timer);
    timer = setTimeout(() => listeners.forEach((fn) => fn(value())), 150);
  }
  input.addEventListener('input', () => { show(); emit(); });
  live.addEventListener('click', () => { input.value = SPAN_HOURS; show(); emit(); });
  show();
  return {
    el: h('div', { class: 'timeslider' }, h('label', { for: 'time-slider', class: 'visually-hidden' }, t('map.time')), input, out, live),
    // onChange calls fn with the chosen Date, or null for live.
    onChange(fn) { listeners.push(fn); },
    destroy() { clearTimeout(timer); listeners.length = 0; },
  };
}
