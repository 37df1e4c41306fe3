// The dashboard a monitor puts in the daily report: incidents per day
// (stacked by category), per zone, and per day in each zone over the last
// 30 days, from
// GET /api/v1/incidents/aggregates; acknowledgement timeliness per party;
// open alerts by severity. Charts are SVG drawn here; the page prints
// cleanly (see the print rules in app.css).
import { h, fill, table } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api, listAll } from '../api.js';
import { stackedBars, hbars, heatmap, palette, lastDays } from '../charts.js';
import { timeliness, share } from '../timeliness.js';
import { incidentCategories } from '../uiconfig.js';
import { alertTitle } from '../alertwords.js';
import { zoneName } from './zones.js';

export async function render(main, ctx) {
  const days = lastDays(30);
  const printed = h('p', { class: 'lead' }, t('dashboard.generated', { time: fmtDate(new Date()) }));
  const perDay = h('section', { class: 'card', id: 'chart-days' }, h('h2', {}, t('dashboard.per_day')));
  const perZone = h('section', { class: 'card', id: 'chart-zones' }, h('h2', {}, t('dashboard.per_zone')));
  const perDayZone = h('section', { class: 'card', id: 'chart-day-zone' }, h('h2', {}, t('dashboard.per_day_zone')));
  const timely = h('section', { class: 'card', id: 'chart-timeliness' }, h('h2', {}, t('dashboard.timeliness')));
  const alerts = h('section', { class: 'card', id: 'chart-alerts' }, h('h2', {}, t('dashboard.alerts')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.dashboard')),
    h('button', { type: 'button', class: 'btn secondary noprint', id: 'print', onclick: () => window.print() }, t('dashboard.print'))),
  printed, perDay, perDayZone, h('div', { class: 'grid2' }, perZone, timely), alerts);

  const from = days[0] + 'T00:00:00Z';
  const [agg, zs] = await Promise.all([api(`/api/v1/incidents/aggregates?from=${from}`), api('/api/v1/zones').catch(() => ({ items: [] }))]);
  drawIncidents(perDay, perZone, agg.items || [], days, zs.items || [], t, perDayZone);
  drawTimeliness(timely, await timeliness(), ctx);
  const open = await listAll(api, '/api/v1/alerts?status=open').then((items) => ({ items })).catch(() => ({ items: [] }));
  const sevs = ['extreme', 'severe', 'moderate', 'minor'];
  const sevColors = { extreme: '#7a0010', severe: '#D55E00', moderate: '#E69F00', minor: '#0072B2' };
  const bySev = {};
  for (const a of open.items) bySev[a.severity] = (bySev[a.severity] || 0) + 1;
  alerts.append(hbars(t('dashboard.alerts'), sevs.map((s) => ({ label: t(`alert.severity.${s}`), value: bySev[s] || 0, color: sevColors[s] })), { width: widthOf(alerts) }),
  open.items.length ? table([t('alert.severity'), t('alert.title'), t('alert.raised_at')], open.items.map((a) => [t(`alert.severity.${a.severity}`),
    h('a', { href: `#/alerts/${a.id}`, title: a.title }, alertTitle(a, ctx.partyName)), fmtDate(a.raised, { timeStyle: 'short' })])) : h('p', { class: 'empty' }, t('dashboard.no_alerts')));
}

// drawIncidents fills the per-day and per-zone charts, and if given
// perDayZone a heatmap of incidents per day in each zone (the 12 zones
// with most, then incidents in no zone), from aggregate rows ({day, zone,
// category, incidents}). The API counts an incident in each zone it falls
// in, so where zones overlap the per-day bars count incident-zone pairs;
// the chart's caption says so.
export function drawIncidents(perDay, perZone, rows, days, zones, t, perDayZone) {
  const categories = incidentCategories();
  const series = categories.map((c, i) => ({ label: t(`incident.category.${c}`), color: palette[i % palette.length], values: {} }));
  const idx = new Map(categories.map((c, i) => [c, i]));
  const byZone = new Map();
  let total = 0;
  for (const r of rows) {
    const se = series[idx.get(r.category)];
    if (se) se.values[r.day] = (se.values[r.day] || 0) + r.incidents;
    byZone.set(r.zone, (byZone.get(r.zone) || 0) + r.incidents);
    total += r.incidents;
  }
  const rtl = document.documentElement.dir === 'rtl';
  if (total) perDay.append(stackedBars(t('dashboard.per_day'), days, series, { rtl, width: widthOf(perDay) }), h('p', { class: 'hint' }, t('dashboard.overlap_note')));
  else perDay.append(h('p', { class: 'empty' }, t('dashboard.no_incidents')));
  const names = new Map(zones.map((z) => [z.id, zoneName(z.current || (z.versions || [])[z.versions.length - 1]) || z.id]));
  const zr = [...byZone.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)
    .map(([z, n], i) => ({ label: z ? (names.get(z) || z) : t('dashboard.no_zone'), value: n, color: palette[i % palette.length] }));
  perZone.append(zr.length ? hbars(t('dashboard.per_zone'), zr, { width: widthOf(perZone) }) : h('p', { class: 'empty' }, t('dashboard.no_incidents')));
  if (!perDayZone) return;
  const top = [...byZone.entries()].filter(([z]) => z).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([z]) => z);
  if (byZone.has('')) top.push('');
  const perZoneDay = new Map(top.map((z) => [z, {}]));
  for (const r of rows) {
    const v = perZoneDay.get(r.zone);
    if (v) v[r.day] = (v[r.day] || 0) + r.incidents;
  }
  perDayZone.append(top.length ? heatmap(t('dashboard.per_day_zone'), days,
    top.map((z) => ({ label: z ? (names.get(z) || z) : t('dashboard.no_zone'), values: perZoneDay.get(z) })), { rtl, width: widthOf(perDayZone) })
    : h('p', { class: 'empty' }, t('dashboard.no_incidents')));
}

// drawTimeliness fills box with one bar per party: the share of
// acknowledgements given on time, and a table with the figures.
export function drawTimeliness(box, rows, ctx) {
  if (!rows.length) { box.append(h('p', { class: 'empty' }, t('dashboard.no_acks'))); return; }
  box.append(hbars(t('dashboard.timeliness'), rows.map((p) => {
    const sh = share(p);
    return { label: ctx.partyName(p.party), value: sh === null ? 0 : sh * 100, text: sh === null ? '—' : `${fmtNumber(Math.round(sh * 100))} %`,
      color: sh === null ? '#7f7f7f' : sh >= 0.9 ? '#009E73' : sh >= 0.6 ? '#E69F00' : '#D55E00' };
  }), { max: 100, width: widthOf(box) }),
  table([t('entry.party'), t('timeliness.on_time'), t('timeliness.late'), t('timeliness.overdue'), t('timeliness.pending'), t('timeliness.median')],
    rows.map((p) => [ctx.partyName(p.party), fmtNumber(p.onTime), fmtNumber(p.late), fmtNumber(p.overdue), fmtNumber(p.pending),
      duration(p.medianMs)]), { class: 'timeliness-table' }));
}

// duration shows a median answer time in minutes below an hour, else in
// hours with one decimal.
function duration(ms) {
  if (ms === null) return '—';
  if (ms < 3600e3) return t('timeliness.minutes', { m: fmtNumber(Math.max(0, Math.round(ms / 60e3))) });
  return t('timeliness.hours', { h: fmtNumber(Math.round(ms / 360e3) / 10) });
}

// widthOf is the drawing width for a chart in box: its content width, so
// that SVG text keeps its size (the chart is not scaled down).
function widthOf(box) {
  return Math.max(320, Math.min(1200, (box.clientWidth || 792) - 32));
}
