// Charts drawn as SVG by hand (no chart library): stacked bars per day and
// horizontal bars. They print as vectors, mirror for right-to-left pages
// (bars grow from the inline start) and carry a text table for screen
// readers and copy-paste into a report.
import { h } from './dom.js';
import { fmtNumber } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// palette is a colour-blind-friendly set (Okabe–Ito, then greys).
export const palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#7f7f7f', '#a6761d', '#666666'];

// stackedBars draws one bar per day (days: ['YYYY-MM-DD', …]) stacked by
// series ([{label, color, values: {day: n}}]), with a legend. title is the
// accessible name.
export function stackedBars(title, days, series, { height = 220, rtl = false, width = 760 } = {}) {
  // The value axis sits at the inline start: left, or right in RTL, where
  // days also run from right to left.
  const pad = { l: rtl ? 10 : 40, r: rtl ? 40 : 10, t: 10, b: 34 };
  const totals = days.map((d) => series.reduce((n, se) => n + (se.values[d] || 0), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const bw = (width - pad.l - pad.r) / Math.max(1, days.length);
  const y = (v) => pad.t + (height - pad.t - pad.b) * (1 - v / top);
  const x = (i) => (rtl ? width - pad.r - (i + 1) * bw : pad.l + i * bw);
  const grid = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: rtl ? width - pad.r + 6 : pad.l - 6, y: y(v) + 4, 'text-anchor': rtl ? 'start' : 'end', direction: 'ltr', class: 'axis' }, fmtNumber(v)));
  }
  const bars = [];
  days.forEach((d, i) => {
    let acc = 0;
    for (const se of series) {
      const n = se.values[d] || 0;
      if (!n) continue;
      bars.push(s('rect', { x: x(i) + 1, width: Math.max(1, bw - 2), y: y(acc + n), height: y(acc) - y(acc + n), fill: se.color },
        s('title', {}, `${d} · ${se.label}: ${fmtNumber(n)}`)));
      acc += n;
    }
    const every = Math.ceil(days.length / 10);
    if (i % every === 0) bars.push(s('text', { x: x(i) + bw / 2, y: height - pad.b + 14, 'text-anchor': 'middle', direction: 'ltr', class: 'axis' }, d.slice(5)));
  });
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' }, s('title', {}, title), grid, bars);
  return h('figure', { class: 'chart-box' }, svg, legend(series.filter((se) => days.some((d) => se.values[d]))));
}

// hbars draws one horizontal bar per row ([{label, value, color, text}])
// scaled to max (default: the largest value); text is shown after the bar.
// width is the drawing's width in CSS pixels (labels take up to a third).
export function hbars(title, rows, { max, width = 760 } = {}) {
  const rowH = 26;
  const labelW = Math.round(Math.min(230, width / 3));
  const fit = (text) => (text.length * 7.2 > labelW - 12 ? text.slice(0, Math.max(4, Math.floor((labelW - 12) / 7.2) - 1)) + '…' : text);
  const height = Math.max(1, rows.length) * rowH + 8;
  const top = max || Math.max(1, ...rows.map((r) => r.value));
  const rtl = document.documentElement.dir === 'rtl';
  const avail = width - labelW - 90;
  const items = rows.map((r, i) => {
    const w = Math.max(r.value > 0 ? 2 : 0, (avail * r.value) / top);
    const yy = 4 + i * rowH;
    const bx = rtl ? width - labelW - w : labelW;
    return s('g', {},
      s('text', { x: rtl ? width - 4 : labelW - 8, y: yy + 17, 'text-anchor': 'end', class: 'label', direction: rtl ? 'rtl' : 'ltr' }, fit(r.label)),
      s('rect', { x: bx, y: yy + 4, width: w, height: rowH - 8, fill: r.color || palette[0] }, s('title', {}, `${r.label}: ${r.text || fmtNumber(r.value)}`)),
      s('text', { x: rtl ? bx - 6 : bx + w + 6, y: yy + 17, 'text-anchor': rtl ? 'end' : 'start', direction: 'ltr', class: 'value' }, r.text || fmtNumber(r.value)));
  });
  if (rtl) items.forEach((g) => g.querySelector('.label').setAttribute('text-anchor', 'start'));
  return h('figure', { class: 'chart-box' }, s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' }, s('title', {}, title), items));
}

function legend(series) {
  return h('figcaption', { class: 'chart-legend' }, series.map((se) => h('span', { class: 'legend-row' },
    h('span', { class: 'swatch', style: `background:${se.color};border-color:${se.color}` }), se.label)));
}

function niceStep(max) {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

// lastDays lists the n days (UTC, YYYY-MM-DD) ending today.
export function lastDays(n) {
  const out = [];
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (let i = n - 1; i >= 0; i--) out.push(new Date(today - i * 86400e3).toISOString().slice(0, 10));
  return out;
}

// heat is a sequential scale (light to dark red) for heatmap cells.
const heat = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

// heatmap draws one row per series ([{label, values: {day: n}}]) and one
// column per day, each cell shaded by its count (blank when 0) and
// titled "day · label: n"; counts are written in the cells when they fit.
// Days run from the inline start (right to left in RTL).
export function heatmap(title, days, rows, { rtl = false, width = 760 } = {}) {
  const rowH = 24;
  const labelW = Math.round(Math.min(200, width / 4));
  const pad = { t: 4, b: 22 };
  const cw = (width - labelW - 8) / Math.max(1, days.length);
  const height = pad.t + Math.max(1, rows.length) * rowH + pad.b;
  const max = Math.max(1, ...rows.flatMap((r) => days.map((d) => r.values[d] || 0)));
  const shade = (n) => heat[Math.min(heat.length - 1, Math.floor(((n - 1) / max) * heat.length))];
  const x = (i) => (rtl ? width - labelW - (i + 1) * cw : labelW + i * cw);
  const fit = (text) => (text.length * 7.2 > labelW - 12 ? text.slice(0, Math.max(4, Math.floor((labelW - 12) / 7.2) - 1)) + '…' : text);
  const items = [];
  rows.forEach((r, j) => {
    const yy = pad.t + j * rowH;
    items.push(s('text', { x: rtl ? width - 4 : labelW - 8, y: yy + 16, 'text-anchor': rtl ? 'start' : 'end', class: 'label', direction: rtl ? 'rtl' : 'ltr' }, fit(r.label)));
    days.forEach((d, i) => {
      const n = r.values[d] || 0;
      items.push(s('rect', { x: x(i) + 1, y: yy + 1, width: Math.max(1, cw - 2), height: rowH - 2, fill: n ? shade(n) : '#f1f3f5', class: n ? 'cell' : 'cell empty' },
        s('title', {}, `${d} · ${r.label}: ${fmtNumber(n)}`)));
      if (n && cw >= 18) {
        items.push(s('text', { x: x(i) + cw / 2, y: yy + 16, 'text-anchor': 'middle', direction: 'ltr', class: 'cellvalue', fill: shade(n) === heat[0] || shade(n) === heat[1] ? '#1a2330' : '#ffffff' }, fmtNumber(n)));
      }
    });
  });
  const every = Math.ceil(days.length / 10);
  days.forEach((d, i) => {
    if (i % every === 0) items.push(s('text', { x: x(i) + cw / 2, y: height - 6, 'text-anchor': 'middle', direction: 'ltr', class: 'axis' }, d.slice(5)));
  });
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart heatmap' }, s('title', {}, title), items);
  // The legend: each shade used, with the counts it stands for.
  const ranges = [];
  for (let n = 1; n <= max; n++) {
    const last = ranges[ranges.length - 1];
    if (last && last.color === shade(n)) last.to = n; else ranges.push({ color: shade(n), from: n, to: n });
  }
  const swatch = (c, b, text) => h('span', { class: 'legend-row' }, h('span', { class: 'swatch', style: `background:${c};border-color:${b}` }), text);
  const scale = h('figcaption', { class: 'chart-legend' }, swatch('#f1f3f5', '#d5dbe2', '0'),
    ranges.map((r) => swatch(r.color, r.color, r.from === r.to ? fmtNumber(r.from) : `${fmtNumber(r.from)}–${fmtNumber(r.to)}`)));
  return h('figure', { class: 'chart-box' }, svg, scale);
}
