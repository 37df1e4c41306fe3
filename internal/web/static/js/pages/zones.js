// Zones: designated areas with their versions. A zone proposed by one
// co-chair is in force only when every co-chair has agreed to that
// version; the zone's page shows who agreed to what and lets a co-chair's
// liaison agree. The proposal form draws the polygon on the map (a click
// per vertex) or imports GeoJSON.
import { h, fill, table, tlpBadge } from '../dom.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate, fmtNumber, currentLang } from '../i18n.js';
import { api } from '../api.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue, isoFromLocal, localFromDate } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { historyCard } from '../history.js';
import { differing } from '../verifyview.js';
import { liveReload } from '../map/layers/common.js';
import * as live from '../live.js';
import { commitButton } from '../commit.js';
import { entryKinds, entryKind, subjectOf } from '../uiconfig.js';
import { computedFrom } from '../computed_from.js';

const ZONE_KINDS = ['ceasefire_area', 'humanitarian_corridor', 'restricted_airspace', 'protected_area', 'demilitarized_zone'];

// zoneName names version v in the chosen language.
export function zoneName(v) {
  if (!v) return '';
  const l = currentLang();
  return (l === 'ru' && v.name_ru) || (l === 'ar' && v.name_ar) || v.name;
}

function latest(z) { return z.current || (z.versions || [])[z.versions.length - 1]; }

export async function renderList(main, ctx) {
  const box = h('div', { id: 'zone-list' }, h('p', {}, t('common.loading')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.zones')),
    h('a', { class: 'btn', href: '#/zones/new', id: 'propose-link' }, t('zone.propose'))), box);
  async function load() {
    const r = await api('/api/v1/zones');
    fill(box, r.items.length ? table([t('zone.name'), t('zone.kind'), t('zone.status'), t('zone.versions'), t('zone.effective'), t('entry.release'), t('record.origin')],
      r.items.map((z) => {
        const v = latest(z);
        return [h('a', { href: `#/zones/${z.id}` }, h('span', { dir: 'auto' }, zoneName(v) || z.id)), v ? t(`zone.kind.${v.kind}`) : '—',
          h('span', { class: `zstatus zstatus-${z.status}` }, t(`zone.status.${z.status}`)), fmtNumber(z.latest_version),
          v && v.effective_from ? fmtDate(v.effective_from, { dateStyle: 'medium', timeStyle: undefined }) : '—', tlpBadge(z.releasability.tlp), originCell(z)];
      }), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));
  }
  await load();
  return liveReload(live, entryKinds('zones'), () => load().catch((e) => console.warn(e)));
}

export async function renderRecord(main, ctx, { id }) {
  const body = h('div');
  let shown = null; // the zone as last drawn
  // Once the history is verified, the versions shown are compared with
  // the verified entries that proposed and agreed to them.
  fill(main, body, historyCard(`/api/v1/zones/${encodeURIComponent(id)}/history`, ctx.partyName, { mirrored: subjectOf('zone', id), record: (verified) => zoneDiffers(shown, verified) }));
  async function load() {
    const z = await api(`/api/v1/zones/${encodeURIComponent(id)}`);
    shown = z;
    // A column per co-chair, and per co-chair that left the centre while a
    // version awaited it (shown "withdrawn" there: nothing waits for it).
    const gone = new Set(z.versions.flatMap((v) => v.withdrawn || []));
    const cochairs = [...ctx.parties.values()].filter((p) => p.co_chair || gone.has(p.id));
    // Agreeing commits the party to the version: asked once, then confirmed.
    const agree = (version) => commitButton({ cls: 'btn small', attrs: { 'data-agree': version }, label: t('zone.agree'),
      question: t('confirm.agree_zone', { v: fmtNumber(version) }), run: async () => { await api(`/api/v1/zones/${encodeURIComponent(id)}/versions/${version}/agreements`, { method: 'POST', body: {} }); await load(); },
      done: () => t('done.agreed_zone', { v: fmtNumber(version) }) });
    const canAgree = ctx.me && ctx.me.co_chair && ctx.me.role === 'liaison';
    fill(body, h('h1', {}, h('span', { dir: 'auto' }, zoneName(latest(z)) || z.id)),
      h('p', { class: 'record-meta' }, originLine(z), ' · ', h('span', { class: `zstatus zstatus-${z.status}`, id: 'zone-status' }, t(`zone.status.${z.status}`)), ' · ',
        tlpBadge(z.releasability.tlp), ' · ', t('notice.by', { party: ctx.partyName(z.party), time: fmtDate(z.created, { timeStyle: 'short' }) })),
      computedFrom(z.computed_from, 'zone-computed-from'),
      h('section', { class: 'card', id: 'zone-versions' }, h('h2', {}, t('zone.versions')),
        table([t('zone.version'), t('zone.kind'), t('zone.effective'), t('zone.proposed_by'), ...cochairs.map((p) => p.name), t('zone.in_force_from')],
          [...z.versions].reverse().map((v) => [fmtNumber(v.version), `${t(`zone.kind.${v.kind}`)}${v.action === 'withdraw' ? ' — ' + t('zone.withdrawal') : ''}`,
            `${fmtDate(v.effective_from, { timeStyle: 'short' })}${v.effective_until ? ' – ' + fmtDate(v.effective_until, { timeStyle: 'short' }) : ''}`,
            `${ctx.partyName(v.party)} · ${fmtDate(v.proposed_at, { timeStyle: 'short' })}`,
            ...cochairs.map((p) => ((v.agreed_by || []).includes(p.id) ? h('span', { class: 'ack ack-acknowledged' }, '✓ ', t('zone.agreed_mark'))
              : (v.withdrawn || []).includes(p.id) ? h('span', { class: 'ack ack-withdrawn', 'data-withdrawn': p.id }, t('finding.withdrawn'))
                : !(v.pending || []).includes(p.id) ? '—'
                  : canAgree && p.id === ctx.me.party ? agree(v.version)
                    : h('span', { class: 'ack ack-pending' }, t('ack.pending')))),
            v.in_force_from ? fmtDate(v.in_force_from, { timeStyle: 'short' }) : '—']))));
  }
  await load();
  return liveReload(live, entryKinds('zones'), () => load().catch((e) => console.warn(e)));
}

// zoneDiffers returns the fields in which zone z as shown differs from its
// verified entries: each version's content against the entry that
// proposed it and, unless the page is newer than the history read (a later
// agreement), the parties shown as agreeing against the agreement
// entries.
function zoneDiffers(z, verified) {
  if (!z) return [];
  const subject = subjectOf('zone', z.id);
  const proposal = entryKind('zones', 'proposal');
  const agreement = entryKind('zones', 'agreement');
  const entries = [...verified.values()].filter((e) => e.subject === subject);
  const current = Math.max(-1, ...entries.map((e) => e.seq)) >= z.seq;
  const wrong = new Set();
  // The current version (the heading's name) is checked like the others.
  for (const v of [...(z.versions || []), ...(z.current ? [z.current] : [])]) {
    const p = entries.find((e) => e.kind === proposal && e.payload && e.payload.version && e.payload.version.version === v.version);
    if (p) {
      const pv = p.payload.version;
      differing([['zone_kind', [v.kind, v.action], [pv.kind, pv.action]], ['name', [v.name, v.name_ru, v.name_ar], [pv.name, pv.name_ru, pv.name_ar]],
        ['time', [v.effective_from, v.effective_until], [pv.effective_from, pv.effective_until]], ['location', v.geometry, pv.geometry],
        ['party', v.party, p.party]]).forEach((f) => wrong.add(f));
    } else if (current) wrong.add('version');
    if (current) {
      const agreed = entries.filter((e) => e.kind === agreement && e.payload && e.payload.version === v.version).map((e) => e.payload.party);
      if (differing([['agreements', [...(v.agreed_by || [])].sort(), [...new Set(agreed)].sort()]]).length) wrong.add('agreements');
    }
  }
  return [...wrong];
}

export async function renderForm(main, ctx) {
  const picker = mapPicker('polygon', 'geometry', { showZones: true });
  const form = formShell({ id: 'zone-form', class: 'wide' }, [
    h('div', { class: 'row' },
      field(t('zone.kind'), 'kind', select('kind', ZONE_KINDS.map((k) => [k, t(`zone.kind.${k}`)]), 'ceasefire_area')),
      field(t('zone.name'), 'name', input('name', 'text', { dir: 'auto' }))),
    h('div', { class: 'row' },
      field(t('zone.name_ru'), 'name_ru', input('name_ru')),
      field(t('zone.name_ar'), 'name_ar', input('name_ar', 'text', { dir: 'rtl' }))),
    h('div', { class: 'field', 'data-field': 'geometry' }, h('span', { class: 'label' }, t('zone.geometry')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'row' },
      field(t('zone.effective_from'), 'effective_from', input('effective_from', 'datetime-local', { value: localFromDate(new Date()) }), { hint: t('report.utc') }),
      field(t('zone.effective_until'), 'effective_until', input('effective_until', 'datetime-local'))),
    field(t('notice.note'), 'note', h('textarea', { name: 'note', rows: 2, dir: 'auto' })),
    releasabilityFields(ctx, 'GREEN'),
  ], t('zone.propose'), async (f) => {
    const body = { kind: value(f, 'kind'), name: value(f, 'name'), effective_from: isoFromLocal(value(f, 'effective_from')),
      releasability: releasabilityValue(f) };
    const g = picker.value();
    if (g) body.geometry = g;
    for (const k of ['name_ru', 'name_ar', 'note']) if (value(f, k)) body[k] = value(f, k);
    const until = isoFromLocal(value(f, 'effective_until'));
    if (until) body.effective_until = until;
    const z = await api('/api/v1/zones', { method: 'POST', body });
    ctx.navigate(`/zones/${z.id}`);
  });
  fill(main, h('h1', {}, t('zone.propose')), h('p', { class: 'lead' }, t('zone.intro')), form);
  return picker.start();
}
