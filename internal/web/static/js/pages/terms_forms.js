// The forms that propose the ceasefire's terms: an agreement (title, text,
// signed document, parties bound, period) with its obligations (rule kind
// and parameters, zone, times), and a safe passage or local ceasefire
// (route or area drawn or pasted as GeoJSON, window, permitted traffic,
// contact points, parties concerned). The node validates; each problem it
// answers is shown under the field it names (obligations[1].rule.zone_id
// under the second obligation's zone).
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { api, listAll } from '../api.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue, isoFromLocal, localFromDate } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { uploadEvidence } from '../forms/upload.js';

const RULE_KINDS = ['no_weapons_in_zone', 'withdrawal_behind_line', 'no_flights_below', 'no_fire_near_sites'];
const TRAFFIC = ['civilians', 'wounded', 'aid', 'monitors', 'vehicles', 'evacuees', 'repair_crews'];

// partyChecks is a checkbox list of the centre's parties named name, the
// API field it fills, with those in checked ticked.
function partyChecks(ctx, name, legend, checked) {
  return h('fieldset', { class: 'field audience', 'data-field': name }, h('legend', { class: 'label' }, legend),
    h('div', { class: 'checks' }, [...ctx.parties.values()].map((p) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value: p.id, checked: checked(p) }), p.name))),
    h('p', { class: 'field-error', role: 'alert' }));
}

// checkedValues reads the ticked boxes named name.
function checkedValues(root, name) {
  return [...root.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);
}

// list splits a comma-separated text into its trimmed, non-empty items.
function list(s) {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

// obligationRow builds the fields of obligation i; its controls are named
// "obligations[i].…" after the API's fields, so that a problem lands under
// the control it concerns.
function obligationRow(i, zones) {
  const at = `obligations[${i}]`;
  const n = (f) => `${at}.${f}`;
  const zoneOptions = [['', t('terms.no_zone')], ...zones.map((z) => [z.id, z.name || z.id])];
  return h('fieldset', { class: 'group obligation', 'data-obligation': i, 'data-field': at },
    h('legend', {}, t('terms.obligation_n', { n: i + 1 })),
    h('div', { class: 'row' },
      field(t('terms.key'), n('key'), input(n('key'), 'text', { value: `o${i + 1}`, class: 'ltr' }), { hint: t('terms.key_hint') }),
      field(t('agr.obligation'), n('title'), input(n('title'), 'text', { dir: 'auto' }))),
    h('div', { class: 'row' },
      field(t('agr.rule'), n('rule.kind'), select(n('rule.kind'), RULE_KINDS.map((k) => [k, t(`agr.rule.${k}`)]), 'no_weapons_in_zone')),
      field(t('terms.zone'), n('rule.zone_id'), select(n('rule.zone_id'), zoneOptions, zones.length ? zones[0].id : ''))),
    h('div', { class: 'row' },
      field(t('terms.from'), n('rule.from'), input(n('rule.from'), 'datetime-local', { value: localFromDate(new Date()) }), { hint: t('report.utc') }),
      field(t('terms.until'), n('rule.until'), input(n('rule.until'), 'datetime-local'))),
    h('div', { class: 'row' },
      field(t('terms.classes'), n('rule.classes'), input(n('rule.classes'), 'text', { class: 'ltr' }), { hint: t('terms.classes_hint') }),
      field(t('terms.bound'), n('rule.parties'), input(n('rule.parties'), 'text', { class: 'ltr' }), { hint: t('terms.bound_hint') })),
    h('div', { class: 'row' },
      field(t('terms.min_altitude'), n('rule.min_altitude_ft'), input(n('rule.min_altitude_ft'), 'number', { min: 0, step: 100 })),
      field(t('terms.radius'), n('rule.radius_km'), input(n('rule.radius_km'), 'number', { min: 0, step: 0.5 }))));
}

// obligationValue reads obligation row i of form.
function obligationValue(form, i) {
  const v = (f) => value(form, `obligations[${i}].${f}`);
  const rule = { kind: v('rule.kind'), from: isoFromLocal(v('rule.from')) };
  if (v('rule.zone_id')) rule.zone_id = v('rule.zone_id');
  if (v('rule.until')) rule.until = isoFromLocal(v('rule.until'));
  if (v('rule.classes')) rule.classes = list(v('rule.classes'));
  if (v('rule.parties')) rule.parties = list(v('rule.parties'));
  if (v('rule.min_altitude_ft')) rule.min_altitude_ft = Number(v('rule.min_altitude_ft'));
  if (v('rule.radius_km')) rule.radius_km = Number(v('rule.radius_km'));
  return { key: v('key'), title: v('title'), rule };
}

// renderAgreementForm is the page #/agreements/new: a co-chair's liaison
// proposes an agreement, which its own co-chair agrees to as it proposes.
export async function renderAgreementForm(main, ctx) {
  const zones = (await listAll(api, '/api/v1/zones')).filter((z) => z.current).map((z) => ({ id: z.id, name: (z.current || {}).name }));
  const rows = h('div', { id: 'obligation-rows' });
  let count = 0;
  const add = () => { rows.append(obligationRow(count, zones)); count += 1; };
  add();
  const file = h('input', { type: 'file', name: 'document-file', accept: 'application/pdf,image/*,text/plain' });
  const sha = input('document_sha256', 'text', { class: 'ltr', readonly: true });
  file.addEventListener('change', async () => {
    if (!file.files[0]) return;
    const slot = file.closest('.field').querySelector('.field-error');
    fill(slot);
    try {
      sha.value = (await uploadEvidence(file.files[0])).sha256;
    } catch (e) {
      fill(slot, e.message || String(e));
    }
  });
  const form = formShell({ id: 'agreement-form', class: 'wide' }, [
    field(t('agr.title_col'), 'title', input('title', 'text', { dir: 'auto' })),
    field(t('terms.text'), 'text', h('textarea', { name: 'text', rows: 5, dir: 'auto' })),
    h('div', { class: 'row' }, field(t('agr.document'), 'document_sha256', file, { hint: t('terms.document_hint') }), h('div', { class: 'field' }, sha)),
    partyChecks(ctx, 'parties', t('terms.parties_bound'), (p) => p.co_chair),
    h('div', { class: 'row' },
      field(t('zone.effective_from'), 'effective_from', input('effective_from', 'datetime-local', { value: localFromDate(new Date()) }), { hint: t('report.utc') }),
      field(t('zone.effective_until'), 'effective_until', input('effective_until', 'datetime-local'))),
    h('section', { 'data-field': 'obligations' }, h('h2', {}, t('agr.obligations')), h('p', { class: 'field-error', role: 'alert' }), rows,
      h('button', { type: 'button', class: 'btn secondary small', id: 'obligation-add', onclick: add }, t('terms.add_obligation'))),
    releasabilityFields(ctx, 'GREEN'),
  ], t('terms.propose_agreement'), async (f) => {
    const body = { title: value(f, 'title'), parties: checkedValues(f, 'parties'), effective_from: isoFromLocal(value(f, 'effective_from')),
      obligations: [...Array(count).keys()].map((i) => obligationValue(f, i)), releasability: releasabilityValue(f) };
    if (value(f, 'text')) body.text = value(f, 'text');
    if (value(f, 'document_sha256')) body.document_sha256 = value(f, 'document_sha256');
    if (value(f, 'effective_until')) body.effective_until = isoFromLocal(value(f, 'effective_until'));
    const a = await api('/api/v1/agreements', { method: 'POST', body });
    ctx.navigate(`/agreements/${a.id}`);
  });
  fill(main, h('h1', {}, t('terms.propose_agreement')), h('p', { class: 'lead' }, t('terms.agreement_intro')), form);
}

// contactRow builds contact point i: party, name, channel.
function contactRow(ctx, i) {
  const at = `contacts[${i}]`;
  return h('div', { class: 'row contact', 'data-field': at },
    field(t('entry.party'), `${at}.party`, select(`${at}.party`, [...ctx.parties.values()].map((p) => [p.id, p.name]), (ctx.me || {}).party)),
    field(t('terms.contact_name'), `${at}.name`, input(`${at}.name`, 'text', { dir: 'auto' })),
    field(t('terms.contact_channel'), `${at}.channel`, input(`${at}.channel`, 'text', { dir: 'auto' })));
}

// renderPassageForm is the page #/passages/new: a liaison proposes a safe
// passage or local ceasefire; it opens only once every party concerned
// guaranteed the exact version (the passage's page).
export async function renderPassageForm(main, ctx) {
  const picker = mapPicker('line', 'geometry', { showZones: true });
  const contacts = h('div', { id: 'contact-rows' });
  let count = 0;
  const add = () => { contacts.append(contactRow(ctx, count)); count += 1; };
  add();
  const form = formShell({ id: 'passage-form', class: 'wide' }, [
    h('div', { class: 'row' },
      field(t('terms.kind'), 'kind', select('kind', ['safe_passage', 'local_ceasefire'].map((k) => [k, t(`passage.kind.${k}`)]), 'safe_passage')),
      field(t('terms.name'), 'name', input('name', 'text', { dir: 'auto' }))),
    h('div', { class: 'field', 'data-field': 'geometry' }, h('span', { class: 'label' }, t('terms.geometry')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'row' },
      field(t('terms.window_from'), 'window_from', input('window_from', 'datetime-local'), { hint: t('report.utc') }),
      field(t('terms.window_until'), 'window_until', input('window_until', 'datetime-local'))),
    h('fieldset', { class: 'field audience', 'data-field': 'traffic' }, h('legend', { class: 'label' }, t('passage.traffic')),
      h('div', { class: 'checks' }, TRAFFIC.map((k) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'traffic', value: k }), t(`passage.traffic.${k}`)))),
      h('p', { class: 'field-error', role: 'alert' })),
    field(t('terms.vehicles'), 'vehicles', input('vehicles', 'number', { min: 0 })),
    h('section', { 'data-field': 'contacts' }, h('h2', {}, t('passage.contacts')), h('p', { class: 'field-error', role: 'alert' }), contacts,
      h('button', { type: 'button', class: 'btn secondary small', id: 'contact-add', onclick: add }, t('terms.add_contact'))),
    partyChecks(ctx, 'parties', t('terms.parties_concerned'), (p) => p.co_chair),
    releasabilityFields(ctx, 'GREEN'),
  ], t('terms.propose_passage'), async (f) => {
    const body = { kind: value(f, 'kind'), name: value(f, 'name'), traffic: checkedValues(f, 'traffic'), parties: checkedValues(f, 'parties'),
      contacts: [...Array(count).keys()].map((i) => ({ party: value(f, `contacts[${i}].party`), name: value(f, `contacts[${i}].name`),
        channel: value(f, `contacts[${i}].channel`) })).filter((c) => c.name || c.channel),
      releasability: releasabilityValue(f) };
    const g = picker.value();
    if (g) body.geometry = g;
    if (value(f, 'window_from')) body.window_from = isoFromLocal(value(f, 'window_from'));
    if (value(f, 'window_until')) body.window_until = isoFromLocal(value(f, 'window_until'));
    if (value(f, 'vehicles')) body.vehicles = Number(value(f, 'vehicles'));
    const p = await api('/api/v1/passages', { method: 'POST', body });
    ctx.navigate(`/passages/${p.id}`);
  });
  fill(main, h('h1', {}, t('terms.propose_passage')), h('p', { class: 'lead' }, t('terms.passage_intro')), form);
  return picker.start();
}
