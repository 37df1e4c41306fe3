// Translations and locale-aware formatting. Every label and message comes
// from the tables in /static/i18n/{en,ru,ar}.json (a Go test checks that the
// three have the same keys and that every key used in the code exists).
// The choice of language is remembered in localStorage; Arabic switches the
// document to dir="rtl" and the CSS, written with logical properties,
// mirrors the layout.

export const LANGS = ['en', 'ru', 'ar'];
const RTL = new Set(['ar']);
const STORE_KEY = 'truce.lang';

let lang = 'en';
let table = {};
let fallback = {};

async function load(l) {
  const resp = await fetch(`/static/i18n/${l}.json`);
  if (!resp.ok) throw new Error(`translations ${l}: HTTP ${resp.status}`);
  return resp.json();
}

// initLang loads the remembered language (or the browser's, or English).
export async function initLang() {
  fallback = await load('en');
  let l = localStorage.getItem(STORE_KEY);
  if (!LANGS.includes(l)) {
    l = (navigator.languages || []).map((x) => x.slice(0, 2)).find((x) => LANGS.includes(x)) || 'en';
  }
  await setLang(l, false);
}

// setLang switches the language, remembers it, and tells the page
// (a "langchange" event on window) so that it re-renders.
export async function setLang(l, notify = true) {
  if (!LANGS.includes(l)) l = 'en';
  table = l === 'en' ? fallback : await load(l);
  lang = l;
  localStorage.setItem(STORE_KEY, l);
  const html = document.documentElement;
  html.lang = l;
  html.dir = RTL.has(l) ? 'rtl' : 'ltr';
  apply(document);
  if (notify) window.dispatchEvent(new CustomEvent('langchange', { detail: l }));
}

export function currentLang() { return lang; }

// t returns the translation of key with {name} placeholders replaced from
// vars. A missing key shows as the key itself (and a console warning), so
// the gap is visible rather than silent.
export function t(key, vars) {
  let s = table[key];
  if (s === undefined) s = fallback[key];
  if (s === undefined) {
    console.warn('i18n: missing key', key);
    return key;
  }
  // In a right-to-left language each value is isolated (FSI … PDI): a
  // party's Latin name, a date or a number then keeps its own direction
  // and does not reorder the Arabic text around it.
  const iso = RTL.has(lang) ? (v) => `\u2068${v}\u2069` : (v) => v;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? iso(String(vars[k])) : m));
  return s;
}

// fmtRange formats the range a–b of numbers in the chosen locale, isolated
// as left-to-right, so that 5–7 reads 5–7 in Arabic too (not 7–5).
export function fmtRange(a, b) {
  return `\u2066${fmtNumber(a)}–${fmtNumber(b)}\u2069`;
}

// apply fills every element under root that names a key: data-i18n (text),
// data-i18n-aria-label, data-i18n-placeholder and data-i18n-title.
export function apply(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  for (const attr of ['aria-label', 'placeholder', 'title']) {
    root.querySelectorAll(`[data-i18n-${attr}]`).forEach((el) => { el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`))); });
  }
}

const locales = { en: 'en-GB', ru: 'ru-RU', ar: 'ar' };

// fmtDate formats an RFC 3339 time in the chosen locale, in UTC (the
// centre's common time), with the zone named in the chosen language when a
// time of day is shown (Intl cannot name it together with dateStyle and
// timeStyle). opts are Intl.DateTimeFormat options; timeStyle: undefined
// shows the date alone.
export function fmtDate(iso, opts = {}) {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const o = { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC', ...opts };
  const s = new Intl.DateTimeFormat(locales[lang], o).format(d);
  return o.timeStyle || o.hour ? t('time.utc', { time: s }) : s;
}

// fmtNumber formats a number in the chosen locale.
export function fmtNumber(n) { return new Intl.NumberFormat(locales[lang]).format(n); }

// roleName, tlpName and partyLabel translate vocabulary shown in many places.
export function roleName(role) { return t(`role.${role}`); }
