// The time slider: picks the moment the map shows, from the earliest
// record (setStart; 30 days ago until told) to now, in steps of an hour
// (of a day once the range is longer than 90 days), and the window before
// that moment whose incidents are shown (all so far, or the last day,
// week, month or year). At its right end it is "live" (time null): layers
// show the current picture and follow live updates.
import { h, fill } from '../dom.js';
import { t, fmtDate } from '../i18n.js';

const HOUR = 3600 * 1000;
const DEFAULT_HOURS = 30 * 24;
const WINDOWS = [['', 'map.window.all'], ['24', 'map.window.day'], ['168', 'map.window.week'], ['720', 'map.window.month'], ['8760', 'map.window.year']];

export function timeSlider() {
  const now = Math.ceil(Date.now() / HOUR) * HOUR;
  let start = now - DEFAULT_HOURS * HOUR;
  let span = DEFAULT_HOURS; // hours from start to now
  const input = h('input', { type: 'range', id: 'time-slider', min: 0, max: span, step: 1, value: span, 'aria-describedby': 'time-value' });
  const out = h('output', { id: 'time-value', for: 'time-slider', 'aria-live': 'polite' });
  const live = h('button', { type: 'button', class: 'btn secondary', id: 'time-live' }, t('map.time_live_button'));
  const windowSel = h('select', { id: 'time-window' }, WINDOWS.map(([v, k]) => h('option', { value: v }, t(k))));
  const listeners = [];
  let timer = null;

  const value = () => (Number(input.value) >= span ? null : new Date(start + Number(input.value) * HOUR));
  const windowMs = () => (windowSel.value ? Number(windowSel.value) * HOUR : null);
  function show() {
    const v = value();
    fill(out, v ? fmtDate(v, { timeStyle: 'short' }) : t('map.time_live'));
    input.setAttribute('aria-valuetext', out.textContent);
    input.dataset.start = String(start);
    live.disabled = v === null;
  }
  function emit() {
    clearTimeout(timer);
    timer = setTimeout(() => listeners.forEach((fn) => fn(value(), windowMs())), 150);
  }
  input.addEventListener('input', () => { show(); emit(); });
  windowSel.addEventListener('change', emit);
  live.addEventListener('click', () => { input.value = span; show(); emit(); });
  show();
  return {
    el: h('div', { class: 'timeslider' }, h('label', { for: 'time-slider', class: 'visually-hidden' }, t('map.time')), input, out, live,
      h('label', { for: 'time-window', class: 'timeslider-window' }, t('map.window'), windowSel)),
    // setStart extends the range back to date (the earliest record); the
    // moment chosen, or live, stays.
    setStart(date) {
      const d = date instanceof Date ? date.getTime() : Date.parse(date);
      if (!(d < start)) return;
      const was = value();
      const step = now - d > 90 * 24 * HOUR ? 24 : 1;
      span = Math.ceil((now - d) / HOUR / step) * step;
      start = now - span * HOUR;
      input.step = step;
      input.max = span;
      input.value = was ? Math.round((was.getTime() - start) / HOUR / step) * step : span;
      show();
    },
    // onChange calls fn with the chosen Date (null for live) and the
    // window before it in milliseconds (null for everything so far).
    onChange(fn) { listeners.push(fn); },
    destroy() { clearTimeout(timer); listeners.length = 0; },
  };
}
