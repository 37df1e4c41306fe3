// Report an incident (POST /api/v1/incidents): location by clicking the
// map or searching the gazetteer, its precision, category, time with its
// precision, alleged perpetrator, casualty ranges with their source,
// narrative, sources rated on the Admiralty scale, evidence files
// (uploaded first to /api/v1/evidence, with a progress bar) and
// releasability. Errors from the API are shown next to their field.
import { h, fill } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue, isoFromLocal, localFromDate } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { uploadEvidence } from '../forms/upload.js';
import { incidentCategories } from '../uiconfig.js';

const LOCATION_PRECISIONS = ['exact', '1km', '5km', 'town', 'district', 'governorate'];
const TIME_PRECISIONS = ['exact', 'hour', 'day', 'week'];

export async function render(main, ctx) {
  const picker = mapPicker('point', 'location');
  const placeName = input('place_name', 'text', { maxlength: 200 });
  const search = input('place_q', 'search', { id: 'place-search', autocomplete: 'off', 'aria-controls': 'place-results' });
  const results = h('ul', { class: 'place-results', id: 'place-results', 'aria-live': 'polite' });
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      if (!q) { fill(results); return; }
      try {
        const r = await api('/api/v1/places?q=' + encodeURIComponent(q) + '&limit=8');
        fill(results, r.items.length ? r.items.map((p) => h('li', {}, h('button', { type: 'button', class: 'linkish', 'data-place': p.id,
          onclick: () => {
            picker.set({ type: 'Point', coordinates: [p.lon, p.lat] });
            placeName.value = p.name;
            form.querySelector('[name="location_precision"]').value = p.feature_class === 'P' ? 'town' : 'district';
            fill(results);
          } }, placeLabel(p), h('small', {}, ` ${p.admin1 || ''} ${p.country}`)))) : [h('li', { class: 'empty' }, t('report.no_place'))],
        placesAttribution(r));
      } catch (e) { fill(results, h('li', { class: 'error' }, e.message)); }
    }, 250);
  });

  const casualties = h('div', { class: 'rows', id: 'casualty-rows' });
  const sources = h('div', { class: 'rows', id: 'source-rows' });
  const evidence = h('div', { class: 'rows', id: 'evidence-rows' });
  const uploaded = []; // {sha256, name}
  const files = h('input', { type: 'file', id: 'evidence-file', multiple: true });
  files.addEventListener('change', () => {
    for (const f of files.files) {
      const bar = h('progress', { max: 100, value: 0, 'aria-label': t('report.upload_progress', { name: f.name }) });
      const state = h('span', { class: 'hint' }, t('report.uploading'));
      const row = h('div', { class: 'upload', 'data-file': f.name }, h('span', { dir: 'auto' }, f.name), bar, state);
      evidence.append(row);
      uploadEvidence(f, (p) => { bar.value = Math.round(p * 100); }).then((ev) => {
        bar.value = 100;
        uploaded.push({ sha256: ev.sha256, name: f.name });
        row.classList.add('done');
        fill(state, '✓ ', h('code', { class: 'ltr' }, ev.sha256.slice(0, 12) + '…'), ` ${fmtNumber(ev.size)} B`);
      }).catch((e) => { row.classList.add('failed'); fill(state, h('span', { class: 'error inline' }, e.message)); });
    }
    files.value = '';
  });

  const addCasualty = () => {
    const i = casualties.children.length;
    casualties.append(h('div', { class: 'row', 'data-field': `casualties.${i}` },
      field(t('report.outcome'), `casualties.${i}.outcome`, select('c_outcome', [['killed', t('report.killed')], ['injured', t('report.injured')]], 'killed')),
      field(t('report.group'), `casualties.${i}.group`, select('c_group', ['civilian', 'combatant', 'unknown'].map((g) => [g, t(`report.group.${g}`)]), 'civilian')),
      field(t('report.min'), `casualties.${i}.min`, input('c_min', 'number', { min: 0, value: 0 })),
      field(t('report.max'), `casualties.${i}.max`, input('c_max', 'number', { min: 0, value: 0 })),
      field(t('report.casualty_source'), `casualties.${i}.source`, input('c_source')),
      // The row's own error slot: a range error (casualties[i]) is about
      // its numbers, not its outcome.
      h('p', { class: 'field-error', role: 'alert' })));
  };
  const addSource = () => {
    const i = sources.children.length;
    sources.append(h('div', { class: 'row', 'data-field': `sources.${i}` },
      field(t('report.source_name'), `sources.${i}.name`, input('s_name')),
      field(t('report.reliability'), `sources.${i}.reliability`, select('s_rel', 'ABCDEF'.split('').map((g) => [g, `${g} — ${t(`admiralty.reliability.${g}`)}`]), 'F')),
      field(t('report.credibility'), `sources.${i}.credibility`, select('s_cred', [1, 2, 3, 4, 5, 6].map((g) => [String(g), `${g} — ${t(`admiralty.credibility.${g}`)}`]), '6')),
      field(t('report.source_url'), `sources.${i}.url`, input('s_url', 'url')),
      h('p', { class: 'field-error', role: 'alert' })));
  };

  const perpKind = select('perp_kind', [['unknown', t('report.perp.unknown')], ['party', t('report.perp.party')], ['group', t('report.perp.group')]], 'unknown');
  const perpParty = select('perp_party', [...ctx.parties.values()].map((p) => [p.id, p.name]));
  const perpGroup = input('perp_group');
  const syncPerp = () => {
    perpParty.closest('.field').hidden = perpKind.value !== 'party';
    perpGroup.closest('.field').hidden = perpKind.value !== 'group';
  };
  perpKind.addEventListener('change', syncPerp);

  const form = formShell({ id: 'report-form', class: 'wide' }, [
    h('fieldset', { class: 'group' }, h('legend', {}, t('report.what')),
      field(t('incident.category'), 'category', select('category', [['', t('report.choose')], ...incidentCategories().map((c) => [c, t(`incident.category.${c}`)])], '')),
      h('div', { class: 'row' },
        field(t('report.start'), 'time.start', input('start', 'datetime-local', { value: localFromDate(new Date()) }), { hint: t('report.utc') }),
        field(t('report.end'), 'time.end', input('end', 'datetime-local')),
        field(t('report.time_precision'), 'time.precision', select('time_precision', TIME_PRECISIONS.map((p) => [p, t(`report.time_precision.${p}`)]), 'hour'))),
      h('div', { class: 'row' },
        field(t('report.perpetrator'), 'perpetrator.kind', perpKind),
        field(t('report.perp_party'), 'perpetrator.party', perpParty),
        field(t('report.perp_group'), 'perpetrator.group', perpGroup)),
      field(t('report.narrative'), 'narrative', h('textarea', { name: 'narrative', rows: 5, dir: 'auto' }), { hint: t('report.narrative_hint') })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('report.where')),
      h('div', { class: 'field' }, h('label', { for: 'place-search' }, t('report.place_search')), search, results),
      h('div', { class: 'field', 'data-field': 'location' }, h('span', { class: 'label' }, t('report.location')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
      h('div', { class: 'row' },
        field(t('incident.place'), 'place_name', placeName),
        field(t('report.location_precision'), 'location_precision', select('location_precision', LOCATION_PRECISIONS.map((p) => [p, t(`report.location_precision.${p}`)]), '1km')))),
    h('fieldset', { class: 'group', 'data-field': 'casualties' }, h('legend', {}, t('report.casualties')), casualties,
      h('button', { type: 'button', class: 'btn secondary small', id: 'add-casualty', onclick: addCasualty }, t('report.add_casualty')),
      h('p', { class: 'field-error', role: 'alert' })),
    h('fieldset', { class: 'group', 'data-field': 'sources' }, h('legend', {}, t('report.sources')),
      h('p', { class: 'hint' }, t('report.admiralty_hint')), sources,
      h('button', { type: 'button', class: 'btn secondary small', id: 'add-source', onclick: addSource }, t('report.add_source')),
      h('p', { class: 'field-error', role: 'alert' })),
    h('fieldset', { class: 'group', 'data-field': 'evidence' }, h('legend', {}, t('report.evidence')),
      h('label', { class: 'btn secondary small file' }, t('report.add_files'), files), evidence,
      h('p', { class: 'field-error', role: 'alert' })),
    releasabilityFields(ctx, 'GREEN'),
  ], t('report.submit'), async (f) => {
    const body = {
      category: value(f, 'category'),
      time: { start: isoFromLocal(value(f, 'start')), precision: value(f, 'time_precision') },
      location_precision: value(f, 'location_precision'),
      perpetrator: { kind: value(f, 'perp_kind') },
      narrative: value(f, 'narrative'),
      releasability: releasabilityValue(f),
    };
    const end = isoFromLocal(value(f, 'end'));
    if (end) body.time.end = end;
    const loc = picker.value();
    if (loc) body.location = loc;
    if (value(f, 'place_name')) body.place_name = value(f, 'place_name');
    if (body.perpetrator.kind === 'party') body.perpetrator.party = value(f, 'perp_party');
    if (body.perpetrator.kind === 'group') body.perpetrator.group = value(f, 'perp_group');
    body.casualties = [...casualties.children].map((r) => ({
      outcome: r.querySelector('[name=c_outcome]').value, group: r.querySelector('[name=c_group]').value,
      min: Number(r.querySelector('[name=c_min]').value), max: Number(r.querySelector('[name=c_max]').value),
      source: r.querySelector('[name=c_source]').value.trim() }));
    body.sources = [...sources.children].map((r) => {
      const s = { name: r.querySelector('[name=s_name]').value.trim(), reliability: r.querySelector('[name=s_rel]').value,
        credibility: Number(r.querySelector('[name=s_cred]').value) };
      const url = r.querySelector('[name=s_url]').value.trim();
      if (url) s.url = url;
      return s;
    });
    body.evidence = uploaded.slice();
    const inc = await api('/api/v1/incidents', { method: 'POST', body });
    ctx.navigate(`/incidents/${inc.id}`);
  });

  fill(main, h('h1', {}, t('report.title')), h('p', { class: 'lead' }, t('report.intro')), form);
  syncPerp();
  return picker.start();
}

// placesAttribution credits the gazetteer under the search results when
// the API names its source (GET /api/v1/places: "attribution", the credit
// line, and "license", the licence's URL, which the credit then links to).
export function placesAttribution(r) {
  const text = r && typeof r.attribution === 'string' ? r.attribution : '';
  if (!text) return null;
  const url = r && typeof r.license === 'string' && /^https?:\/\//.test(r.license) ? r.license : '';
  return h('li', { class: 'place-attribution', id: 'place-attribution' },
    h('small', { dir: 'auto' }, url ? h('a', { href: url, rel: 'license noopener noreferrer' }, text) : text));
}

// placeLabel names a gazetteer place in the chosen language.
function placeLabel(p) {
  const l = document.documentElement.lang;
  return (l === 'ar' && p.name_ar) || (l === 'ru' && p.name_ru) || p.name;
}
