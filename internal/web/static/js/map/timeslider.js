// The time slider: picks the moment the map shows within a chosen range,
// and the window before that moment whose incidents are shown (all so
// far, or the last day, week, month or year). The range is set by a
// preset (the last 24 hours, 7 or 30 days, the data's whole extent, or
// the next hours, for planned flights) or by two date pickers; its steps
// (timerange.js) keep the slider to minutes, hours or days as the range
// is short or long. Play moves the moment on one step at a time; the step buttons
// move it by one. "Live" (time null) shows the current picture and
// follows live updates; the slider is live at its right end when the
// range ends now.
import { h, fill } from '../dom.js';
import { t, fmtDate, currentLang } from '../i18n.js';
import { PRESETS, presetRange, stepFor, dayInput, fromDayInput } from './timerange.js';

const HOUR = 3600 * 1000;
const WINDOWS = [['', 'map.window.all'], ['24', 'map.window.day'], ['168', 'map.window.week'], ['720', 'map.window.month'], ['8760', 'map.window.year']];
const PLAY_MS = 800; // one step per PLAY_MS while playing

export function timeSlider() {
  let extentStart = Date.now() - 30 * 24 * HOUR; // the earliest record, once known (setStart)
  let from = 0;
  let to = 0;
  let step = HOUR;
  let liveEnd = true; // the range ends now: its right end is live
  const input = h('input', { type: 'range', id: 'time-slider', min: 0, step: 1, 'aria-describedby': 'time-value' });
  const out = h('output', { id: 'time-value', for: 'time-slider', 'aria-live': 'polite' });
  const live = h('button', { type: 'button', class: 'btn secondary small', id: 'time-live' }, t('map.time_live_button'));
  const play = h('button', { type: 'button', class: 'btn secondary small', id: 'time-play', 'aria-pressed': 'false' }, t('map.time_play'));
  const back = h('button', { type: 'button', class: 'btn secondary small', id: 'time-back', 'aria-label': t('map.time_back') }, '−1');
  const fwd = h('button', { type: 'button', class: 'btn secondary small', id: 'time-forward', 'aria-label': t('map.time_forward') }, '+1');
  const preset = h('select', { id: 'time-preset' }, PRESETS.map((p) => h('option', { value: p }, t(`map.range.${p}`))),
    h('option', { value: 'custom', hidden: true }, t('map.range.custom')));
  const lang = currentLang();
  const fromIn = h('input', { type: 'date', id: 'time-from', lang });
  const toIn = h('input', { type: 'date', id: 'time-to', lang });
  const rangeOut = h('p', { class: 'timeslider-range', id: 'time-range' });
  const windowSel = h('select', { id: 'time-window' }, WINDOWS.map(([v, k]) => h('option', { value: v }, t(k))));
  const listeners = [];
  let timer = null;
  let playing = null;

  const last = () => Math.round((to - from) / step);
  const value = () => (liveEnd && Number(input.value) >= last() ? null : new Date(from + Number(input.value) * step));
  const windowMs = () => (windowSel.value ? Number(windowSel.value) * HOUR : null);
  function show() {
    const v = value();
    fill(out, v ? fmtDate(v, { timeStyle: 'short' }) : t('map.time_live'));
    input.setAttribute('aria-valuetext', out.textContent);
    Object.assign(input.dataset, { start: String(from), step: String(step), end: String(to) });
    live.disabled = v === null;
    back.disabled = Number(input.value) <= 0;
    fwd.disabled = Number(input.value) >= last();
    fill(rangeOut, h('bdi', {}, fmtDate(new Date(from), { timeStyle: undefined })), ' – ', h('bdi', {}, fmtDate(new Date(to), { timeStyle: undefined })));
  }
  function emit() {
    clearTimeout(timer);
    timer = setTimeout(() => listeners.forEach((fn) => fn(value(), windowMs())), 150);
  }
  // setRange makes [a, b] the slider's range, keeping the moment shown
  // where it falls inside (live stays live while the range ends now).
  function setRange(a, b, ends) {
    const was = value();
    from = a;
    to = Math.max(b, a + HOUR);
    liveEnd = ends;
    step = stepFor(to - from);
    from = Math.floor(from / step) * step;
    input.max = last();
    // The moment shown stays where the new range holds it; live stays
    // live, or becomes now in a range reaching into the future.
    const target = was ? was.getTime() : (ends ? null : Date.now());
    input.value = target !== null && target >= from && target <= to ? Math.round((target - from) / step) : last();
    fromIn.value = dayInput(from);
    toIn.value = dayInput(to - 1);
    show();
    emit();
  }
  function applyPreset() {
    if (preset.value === 'custom') return;
    const r = presetRange(preset.value, Date.now(), extentStart);
    setRange(r.from, r.to, r.live);
  }
  function applyDates() {
    const a = fromDayInput(fromIn.value);
    const b = fromDayInput(toIn.value);
    if (a === null || b === null || b < a) return; // half-typed, or the wrong way round: wait
    preset.value = 'custom';
    const end = b + 24 * HOUR; // the end of the last day chosen
    if (end >= Date.now()) setRange(a, Date.now(), true);
    else setRange(a, end, false);
  }
  function move(by) {
    input.value = Math.min(last(), Math.max(0, Number(input.value) + by));
    show();
    emit();
  }
  function stop() {
    clearInterval(playing);
    playing = null;
    play.setAttribute('aria-pressed', 'false');
    fill(play, t('map.time_play'));
  }
  input.addEventListener('input', () => { show(); emit(); });
  windowSel.addEventListener('change', emit);
  preset.addEventListener('change', applyPreset);
  fromIn.addEventListener('change', applyDates);
  toIn.addEventListener('change', applyDates);
  live.addEventListener('click', () => {
    stop();
    if (!liveEnd || Date.now() > to) { preset.value = 'extent'; applyPreset(); }
    input.value = last();
    show();
    emit();
  });
  back.addEventListener('click', () => { stop(); move(-1); });
  fwd.addEventListener('click', () => { stop(); move(1); });
  play.addEventListener('click', () => {
    if (playing) { stop(); return; }
    if (Number(input.value) >= last()) input.value = 0; // from the start again
    play.setAttribute('aria-pressed', 'true');
    fill(play, t('map.time_pause'));
    move(0);
    playing = setInterval(() => { if (Number(input.value) >= last()) stop(); else move(1); }, PLAY_MS);
  });
  preset.value = 'extent';
  const r0 = presetRange('extent', Date.now(), extentStart);
  setRange(r0.from, r0.to, r0.live);
  clearTimeout(timer); // nothing changed yet: the layers start live
  return {
    el: h('div', { class: 'timeslider' },
      h('label', { for: 'time-preset', class: 'timeslider-row' }, t('map.range'), preset),
      h('div', { class: 'timeslider-row' },
        h('label', { for: 'time-from' }, t('map.range.from')), fromIn, h('label', { for: 'time-to' }, t('map.range.to')), toIn),
      rangeOut,
      h('label', { for: 'time-slider', class: 'visually-hidden' }, t('map.time')), input, out,
      h('div', { class: 'timeslider-row' }, back, play, fwd, live),
      h('label', { for: 'time-window', class: 'timeslider-window' }, t('map.window'), windowSel)),
    // setStart tells the slider the earliest record (date): the data's
    // extent reaches back to it; shown at once while that preset is chosen.
    setStart(date) {
      const d = date instanceof Date ? date.getTime() : Date.parse(date);
      if (!(d < extentStart)) return;
      extentStart = d;
      if (preset.value === 'extent') {
        const r = presetRange('extent', Date.now(), extentStart);
        const wasLive = value() === null;
        setRange(r.from, r.to, r.live);
        if (wasLive) clearTimeout(timer); // still live: nothing for the layers to redo
      }
    },
    // onChange calls fn with the chosen Date (null for live) and the
    // window before it in milliseconds (null for everything so far).
    onChange(fn) { listeners.push(fn); },
    destroy() { clearTimeout(timer); stop(); listeners.length = 0; },
  };
}
