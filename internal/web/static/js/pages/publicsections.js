// The domain sections of the public page, read without the session cookie
// so that they hold exactly what is released as CLEAR: zones in force,
// incidents per zone and day (last 30 days; every report not found
// unfounded, so that no party can keep an incident off the chart by
// withholding its confirmation, issue 16), the latest incidents
// with the layer each one's finding has reached (as the record page names
// it, folded by the API from the CLEAR layers only), and acknowledgement
// timeliness per party. Each zone and incident is verified against the
// signed checkpoint like the entries below them.
import { h, fill, table } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { verifyCells } from '../verifyview.js';
import { zoneRow, incidentRow } from '../rowchecks.js';
import { lastDays } from '../charts.js';
import { timeliness } from '../timeliness.js';
import { zoneName } from './zones.js';
import { drawIncidents, drawTimeliness } from './dashboard.js';
import { statusWords } from './incident_finding.js';
import { publicAgreements } from './publicagreements.js';
import { publicCases } from './publiccases.js';
import { publicReports } from './publicreports.js';

export function publicSections(ctx) {
  const zones = h('section', { class: 'card', id: 'public-zones', 'aria-labelledby': 'pz-h' }, h('h2', { id: 'pz-h' }, t('public.zones')));
  const incidents = h('section', { class: 'card', id: 'public-incidents', 'aria-labelledby': 'pi-h' }, h('h2', { id: 'pi-h' }, t('public.incidents')));
  const perDay = h('div', { id: 'public-chart-days' });
  const perZone = h('div', { id: 'public-chart-zones' });
  const perDayZone = h('div', { id: 'public-chart-day-zone' }, h('h3', {}, t('dashboard.per_day_zone')));
  const timely = h('section', { class: 'card', id: 'public-timeliness', 'aria-labelledby': 'pt-h' }, h('h2', { id: 'pt-h' }, t('public.timeliness')));
  incidents.append(perDay, perZone, perDayZone);
  const compliance = publicAgreements(ctx);
  const cases = publicCases(ctx); // counts per party (publiccases.js)
  const reports = publicReports(ctx); // agreed situation reports (publicreports.js)
  const el = h('div', {}, reports.el, zones, compliance.el, incidents, timely, cases.el);

  async function load() {
    const cells = [];
    const agreements = compliance.load();
    const agreedReports = reports.load();
    try {
      const zs = (await api('/api/v1/zones?status=in_force', { public: true })).items || [];
      zones.append(zs.length ? table([t('zone.name'), t('zone.kind'), t('zone.in_force_from'), t('verify.column')], zs.map((z) => {
        const v = z.current;
        const cell = h('span', {}, '…');
        cells.push([v.seq, cell, zoneRow(z.id, v)]);
        return [h('span', { dir: 'auto' }, zoneName(v)), t(`zone.kind.${v.kind}`), v.in_force_from ? fmtDate(v.in_force_from, { timeStyle: 'short' }) : '—', cell];
      }), { id: 'public-zones-table' }) : h('p', { class: 'empty' }, t('public.none')));
      const days = lastDays(30);
      const [agg, list] = await Promise.all([
        api(`/api/v1/incidents/aggregates?status=reported,under_review,confirmed,disputed&from=${days[0]}T00:00:00Z`, { public: true }),
        api('/api/v1/incidents?brief=true&findings=true&limit=50', { public: true })]);
      drawIncidents(perDay, perZone, agg.items || [], days, zs, t, perDayZone);
      const items = list.items || [];
      incidents.append(h('h3', {}, t('public.findings_list')), items.length ? table([t('incident.time'), t('incident.category'), t('incident.place'),
        t('incident.casualties'), t('finding.title'), t('verify.column')], items.map((i) => {
        const cell = h('span', {}, '…');
        cells.push([i.seq, cell, incidentRow(i, { public: true })]);
        const f = i.finding || { fact: 'none' };
        return [fmtDate(i.time.start, { timeStyle: 'short' }), t(`incident.category.${i.category}`), h('span', { dir: 'auto' }, i.place_name || '—'),
          t('incident.killed_injured', { k: fmtNumber(i.killed), i: fmtNumber(i.injured) }),
          h('span', { class: `finding-status finding-${f.fact}`, 'data-fact': f.fact, 'data-attribution': f.attribution || '', 'data-incident': i.id },
            statusWords(f, ctx.partyName)), cell];
      }), { id: 'public-incidents-table' }) : h('p', { class: 'empty' }, t('public.none')));
      drawTimeliness(timely, await timeliness({ public: true }), ctx);
      await cases.load();
    } catch (e) {
      el.append(h('p', { class: 'error' }, e.message));
    }
    await verifyCells(cells, { public: true });
    await agreements;
    await agreedReports;
  }
  return { el, load };
}
