// Live countdowns: an element made by countdown(deadline) shows the time
// left before the deadline ("2 h 05 min left", or "overdue by 3 min" in
// red), updated every second while it is in the page.
import { h } from './dom.js';
import { t, fmtNumber } from './i18n.js';

const live = new Set();
let timer = null;

function span(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  if (d > 0) return t('countdown.dh', { d: fmtNumber(d), h: fmtNumber(hh) });
  if (hh > 0) return t('countdown.hm', { h: fmtNumber(hh), m: String(mm).padStart(2, '0') });
  return t('countdown.ms', { m: fmtNumber(mm), s: String(ss).padStart(2, '0') });
}

function tick() {
  const now = Date.now();
  for (const el of live) {
    if (!el.isConnected) { live.delete(el); continue; }
    const left = Number(el.dataset.deadline) - now;
    el.textContent = left >= 0 ? t('countdown.left', { span: span(left) }) : t('countdown.overdue', { span: span(left) });
    el.classList.toggle('overdue', left < 0);
    el.classList.toggle('soon', left >= 0 && left < 3600 * 1000);
  }
  if (!live.size) { clearInterval(timer); timer = null; }
}

// countdown returns an element counting down to deadline (RFC 3339).
export function countdown(deadline) {
  const ms = Date.parse(deadline);
  if (Number.isNaN(ms)) return h('span', {}, '—');
  const el = h('span', { class: 'countdown', 'data-deadline': String(ms), role: 'timer' });
  live.add(el);
  if (!timer) timer = setInterval(tick, 1000);
  queueMicrotask(tick);
  return el;
}
