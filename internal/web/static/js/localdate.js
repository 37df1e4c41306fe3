// Dates in the user's language. Browsers draw <input type="date"> and
// <input type="datetime-local"> in the browser's own locale (US mm/dd and
// AM/PM in an English Chromium, whatever language the user chose here), so
// every such input is given a companion: a text field that shows and
// accepts the chosen locale's format (07/12/2026, 14:30 in English,
// 07.12.2026, 14:30 in Russian, ٠٧‏/١٢‏/٢٠٢٦، ١٤:٣٠ in Arabic, with
// Latin digits accepted too) and a calendar drawn in that language. The
// native input stays in the form, hidden, with its name, id and machine
// value (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC), so the code that reads it
// and sends ISO to the API is unchanged; setting its value from code
// redraws the text.
import { h, fill } from './dom.js';
import { t, currentLang } from './i18n.js';

const locales = { en: 'en-GB', ru: 'ru-RU', ar: 'ar' };
const TYPES = new Set(['date', 'datetime-local']);
const pad = (n, w = 2) => String(n).padStart(w, '0');

// fmt returns the formatter of the chosen locale for a date with or
// without its time, in UTC (the centre's common time).
function fmt(withTime) {
  const o = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' };
  if (withTime) Object.assign(o, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return new Intl.DateTimeFormat(locales[currentLang()] || 'en-GB', o);
}

// order lists the fields of the locale's format in the order it writes
// them (day, month, year, hour, minute), learnt from Intl.
function order(withTime) {
  return fmt(withTime).formatToParts(new Date(Date.UTC(2026, 11, 31, 23, 59))).map((p) => p.type)
    .filter((x) => ['day', 'month', 'year', 'hour', 'minute'].includes(x));
}

// showValue formats a machine value (YYYY-MM-DD[THH:MM]) in the locale;
// '' for ''.
export function showValue(v, withTime) {
  if (!v) return '';
  const d = new Date(withTime ? `${v.slice(0, 16)}:00Z` : `${v.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? v : fmt(withTime).format(d);
}

// latinDigits turns Arabic-Indic and Persian digits into 0–9.
function latinDigits(s) {
  return s.replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x660)).replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x6f0));
}

// parseValue reads text typed in the locale's format (or ISO, year
// first) into a machine value; '' for blank text, null if it is not a
// date (or date and time) that exists. A date-and-time typed without its
// time is taken at 00:00.
export function parseValue(text, withTime) {
  const nums = (latinDigits(text).match(/\d+/g) || []).map(Number);
  if (!nums.length) return text.trim() ? null : '';
  const f = { hour: 0, minute: 0 };
  const iso = latinDigits(text).trim().match(/^\d{4}\D/);
  const names = iso ? ['year', 'month', 'day', 'hour', 'minute'] : order(withTime);
  const want = withTime ? [3, 5] : [3];
  if (!want.includes(nums.length)) return null;
  names.forEach((n, i) => { if (i < nums.length) f[n] = nums[i]; });
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute));
  if (f.year < 1000 || f.year > 9999 || d.getUTCMonth() !== f.month - 1 || d.getUTCDate() !== f.day || f.hour > 23 || f.minute > 59) return null;
  const day = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return withTime ? `${day}T${pad(f.hour)}:${pad(f.minute)}` : day;
}

// dayValue is the YYYY-MM-DD of a UTC date.
const dayValue = (d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const parseDay = (v) => new Date(Date.UTC(Number(v.slice(0, 4)), Number(v.slice(5, 7)) - 1, Number(v.slice(8, 10))));

// addDays returns day v (YYYY-MM-DD) moved by n days.
export function addDays(v, n) {
  const d = parseDay(v);
  d.setUTCDate(d.getUTCDate() + n);
  return dayValue(d);
}

// addMonths returns day v moved by n months, on the same day of the month
// or the month's last day if it is shorter (31 January + 1 month is 28
// or 29 February).
export function addMonths(v, n) {
  const d = parseDay(v);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d.getUTCDate(), last));
  return dayValue(first);
}

// calendar builds the picker of a month: the month's name and year in
// the locale, the weekdays, and a button per day; pick(YYYY-MM-DD) is
// called with the day chosen. The days are one tab stop (the focused day;
// the others are reached with the keys, as in the WAI-ARIA date picker
// dialog): arrows move a day (left and right mirrored in right-to-left
// languages) or a week, PageUp and PageDown a month (with Shift a year),
// Home and End to the week's first and last day, Enter or Space picks the
// day, Escape closes.
function calendar(year, month, chosen, pick, close) {
  const lc = locales[currentLang()] || 'en-GB';
  const num = new Intl.NumberFormat(lc);
  const box = h('div', { class: 'ld-calendar', role: 'dialog', 'aria-modal': 'false' });
  const inMonth = (v) => Number(v.slice(0, 4)) === year && Number(v.slice(5, 7)) === month + 1;
  let focus = chosen && inMonth(chosen) ? chosen : `${pad(year, 4)}-${pad(month + 1)}-01`;
  const draw = () => {
    const first = new Date(Date.UTC(year, month, 1));
    const head = new Intl.DateTimeFormat(lc, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first);
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7; // weeks start on Monday
    const wd = new Intl.DateTimeFormat(lc, { weekday: 'narrow', timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(lc, { day: 'numeric', month: 'long', year: 'numeric', weekday: 'long', timeZone: 'UTC' });
    if (!inMonth(focus)) focus = `${pad(year, 4)}-${pad(month + 1)}-01`;
    const cells = [];
    for (let i = 0; i < lead; i++) cells.push(h('span', { class: 'ld-pad' }));
    for (let d = 1; d <= days; d++) {
      const v = `${pad(year, 4)}-${pad(month + 1)}-${pad(d)}`;
      cells.push(h('button', { type: 'button', class: `ld-day${v === chosen ? ' chosen' : ''}`, 'data-day': v, 'aria-pressed': v === chosen ? 'true' : 'false',
        tabindex: v === focus ? '0' : '-1', 'aria-label': long.format(parseDay(v)), onclick: () => pick(v) }, num.format(d)));
    }
    fill(box,
      h('div', { class: 'ld-head' },
        h('button', { type: 'button', class: 'ld-prev', 'aria-label': t('date.prev_month'), onclick: () => moveMonth(-1) }, '‹'),
        h('span', { class: 'ld-month', 'aria-live': 'polite' }, head),
        h('button', { type: 'button', class: 'ld-next', 'aria-label': t('date.next_month'), onclick: () => moveMonth(1) }, '›')),
      h('div', { class: 'ld-grid', role: 'group', 'aria-label': head },
        [0, 1, 2, 3, 4, 5, 6].map((i) => h('span', { class: 'ld-wd', 'aria-hidden': 'true' }, wd.format(new Date(Date.UTC(2024, 0, 1 + i))))),
        cells));
  };
  // goTo focuses day v, turning to its month first if need be.
  const goTo = (v) => {
    focus = v;
    year = Number(v.slice(0, 4));
    month = Number(v.slice(5, 7)) - 1;
    draw();
    const b = box.querySelector(`.ld-day[data-day="${v}"]`);
    if (b) b.focus();
  };
  const moveMonth = (k) => {
    const at = new Date(Date.UTC(year, month + k, 1));
    year = at.getUTCFullYear();
    month = at.getUTCMonth();
    draw();
  };
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.stopPropagation(); e.preventDefault(); close(); return; }
    const day = e.target.closest && e.target.closest('.ld-day');
    if (!day) return;
    const v = day.dataset.day;
    const rtl = getComputedStyle(box).direction === 'rtl';
    const weekday = (parseDay(v).getUTCDay() + 6) % 7; // 0 Monday … 6 Sunday
    const to = {
      ArrowLeft: () => addDays(v, rtl ? 1 : -1),
      ArrowRight: () => addDays(v, rtl ? -1 : 1),
      ArrowUp: () => addDays(v, -7),
      ArrowDown: () => addDays(v, 7),
      PageUp: () => addMonths(v, e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(v, e.shiftKey ? 12 : 1),
      Home: () => addDays(v, -weekday),
      End: () => addDays(v, 6 - weekday),
    }[e.key];
    if (to) {
      e.preventDefault();
      e.stopPropagation();
      goTo(to());
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(v);
    }
  });
  draw();
  return box;
}

// upgrade gives native (an <input type="date"> or "datetime-local") its
// text field and calendar in the user's language. It MUST run once per
// input (the input is marked).
export function upgrade(native) {
  if (native.dataset.localdate) return;
  native.dataset.localdate = 'on';
  const withTime = native.type === 'datetime-local';
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const example = showValue(withTime ? '2026-12-31T23:59' : '2026-12-31', withTime);
  const text = h('input', { type: 'text', class: 'ld-text', inputmode: 'numeric', autocomplete: 'off', placeholder: example,
    'data-localdate-for': native.id || native.name || '', title: t('date.format', { example }) });
  const err = h('span', { class: 'ld-error', role: 'alert' });
  // Not a <button>: a form's first button stays its own (its submit).
  const button = h('span', { role: 'button', tabindex: '0', class: 'ld-pick btn secondary small', 'aria-label': t('date.pick'), 'aria-expanded': 'false' }, '📅');
  button.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); button.click(); } });
  const wrap = h('span', { class: 'ld', dir: 'auto' });
  let popup = null;
  const render = () => { text.value = showValue(proto.get.call(native), withTime); text.removeAttribute('aria-invalid'); fill(err); };
  // Values set from code (presets, form reset) redraw the text.
  Object.defineProperty(native, 'value', { configurable: true, get: () => proto.get.call(native), set: (v) => { proto.set.call(native, v); render(); } });
  const commit = (v) => {
    if (proto.get.call(native) === v) return;
    proto.set.call(native, v);
    native.dispatchEvent(new Event('input', { bubbles: true }));
    native.dispatchEvent(new Event('change', { bubbles: true }));
  };
  text.addEventListener('change', () => {
    const v = parseValue(text.value, withTime);
    if (v === null) {
      text.setAttribute('aria-invalid', 'true');
      fill(err, t('date.invalid', { example }));
      return;
    }
    text.removeAttribute('aria-invalid');
    fill(err);
    commit(v);
    text.value = showValue(v, withTime);
  });
  const close = () => { if (popup) { popup.remove(); popup = null; button.setAttribute('aria-expanded', 'false'); button.focus(); } };
  button.addEventListener('click', () => {
    if (popup) { close(); return; }
    const cur = proto.get.call(native) || new Date().toISOString().slice(0, withTime ? 16 : 10);
    popup = calendar(Number(cur.slice(0, 4)), Number(cur.slice(5, 7)) - 1, cur.slice(0, 10), (day) => {
      const prev = proto.get.call(native);
      commit(withTime ? `${day}T${prev && prev.length >= 16 ? prev.slice(11, 16) : '00:00'}` : day);
      render();
      close();
    }, close);
    wrap.append(popup);
    button.setAttribute('aria-expanded', 'true');
    (popup.querySelector('.ld-day.chosen') || popup.querySelector('.ld-day')).focus();
  });
  // The label of the native input names the text field.
  const label = native.id && document.querySelector(`label[for="${CSS.escape(native.id)}"]`);
  if (label) text.setAttribute('aria-label', label.textContent);
  else if (native.getAttribute('aria-label')) text.setAttribute('aria-label', native.getAttribute('aria-label'));
  if (native.required) text.required = true;
  for (const a of ['aria-describedby']) if (native.hasAttribute(a)) text.setAttribute(a, native.getAttribute(a));
  native.classList.add('ld-native');
  native.tabIndex = -1;
  native.setAttribute('aria-hidden', 'true');
  native.replaceWith(wrap);
  wrap.append(text, button, native, err);
  if (label) label.addEventListener('click', (e) => { e.preventDefault(); text.focus(); });
  // A form error marks the visible field (the first input of its field);
  // the native input carries the mark too, for code that looks there.
  new MutationObserver(() => {
    const v = text.getAttribute('aria-invalid');
    if (v === null) native.removeAttribute('aria-invalid'); else native.setAttribute('aria-invalid', v);
  }).observe(text, { attributes: true, attributeFilter: ['aria-invalid'] });
  const form = native.form;
  if (form) form.addEventListener('reset', () => setTimeout(render));
  render();
}

// watch upgrades every date input under root now and as pages add them.
export function watch(root = document.body) {
  const scan = (n) => {
    if (n.nodeType !== 1) return;
    if (n.matches('input') && TYPES.has(n.type)) upgrade(n);
    n.querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(upgrade);
  };
  scan(root);
  new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach(scan))).observe(root, { childList: true, subtree: true });
}
