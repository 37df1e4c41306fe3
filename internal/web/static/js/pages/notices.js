// Sites and movements notified to the parties (after the UN Humanitarian
// Notification System): the list, each notice's page with every party's
// acknowledgement of receipt (and the user's own to give), what each party
// passed on, the queries about the data and their answers, and the forms
// to notify a protected site or a movement and to update one (a new
// version, which every notified party acknowledges again). Notification is not
// permission: nothing here approves, refuses or clears anything.
import { h, fill, table, tlpBadge } from '../dom.js';
import { originCell, originLine } from '../origin.js';
import { t, fmtDate, fmtNumber, currentLang } from '../i18n.js';
import { api } from '../api.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue, isoFromLocal, localFromDate } from '../forms/form.js';
import { mapPicker } from '../forms/mappicker.js';
import { historyCard } from '../history.js';
import { countdown } from '../countdown.js';
import { commitButton } from '../commit.js';
import { announce } from '../flash.js';
import { follow } from '../liverecords.js';
import { keyedTable } from '../liverows.js';
import { listFilters, exportLinks } from '../listfilters.js';
import { entryKinds, subjectOf } from '../uiconfig.js';

const SITE_KINDS = ['hospital', 'clinic', 'school', 'camp', 'water_facility', 'power_facility', 'un_premises', 'ngo_premises', 'warehouse', 'religious_site'];
const CARGO = ['food', 'medical', 'shelter', 'water_sanitation', 'fuel', 'personnel', 'mixed', 'other'];

// noticeName names a site (in the chosen language) or a movement (origin →
// destination).
export function noticeName(n, ctx) {
  if (n.site) { const l = currentLang(); return n.site.names[l] || n.site.names.en || Object.values(n.site.names)[0] || n.id; }
  const m = n.movement || {};
  return m.origin || m.destination ? `${m.origin || '?'} → ${m.destination || '?'}` : n.id;
}

// latLon gives a GeoJSON point as "lat, lon" (degrees, four decimals), the
// order used everywhere in the UI.
export function latLon(g) {
  if (!g || g.type !== 'Point') return g ? g.type : '—';
  return `${g.coordinates[1].toFixed(4)}, ${g.coordinates[0].toFixed(4)}`;
}

function ackCell(a) {
  if (a.status === 'pending') return h('span', { class: `ack ack-pending${a.overdue ? ' overdue' : ''}` }, a.overdue ? t('ack.overdue') : t('ack.pending'));
  return h('span', { class: `ack ack-${a.status}${a.late ? ' late' : ''}` }, t(`ack.${a.status}`), a.late ? ` (${t('ack.late')})` : '');
}

// noticeText is what the list's text search looks in: the names in every
// language, the origin and destination, the note.
function noticeText(n) {
  const s = n.site || {};
  const m = n.movement || {};
  return [...Object.values(s.names || {}), m.origin, m.destination, (n.site || n.movement || {}).note].filter(Boolean).join(' ').toLowerCase();
}

export async function renderList(main, ctx, { query } = {}) {
  const filters = listFilters(query, [
    { name: 'q', kind: 'text', label: t('list.search') },
    { name: 'type', kind: 'select', label: t('notice.type'), options: [['', t('list.all_types')], ['sites', t('notice.type.site')], ['movements', t('notice.type.movement')]] },
    { name: 'status', kind: 'select', label: t('notice.status'), options: [['', t('list.all_statuses')], ...['active', 'cancelled'].map((s) => [s, t(`notice.status.${s}`)])] },
    { name: 'party', kind: 'select', label: t('notice.notifier'), options: [['', t('list.all_parties')], ...[...ctx.parties.values()].map((p) => [p.id, p.name])] },
  ], () => load().catch((e) => console.warn(e)));
  // The node filters by status and party (and releasability); the text is
  // searched here, in what the node sent.
  const serverParams = () => { const q = filters.params(); q.delete('q'); q.delete('type'); return q; };
  const box = h('div', { id: 'notice-list' }, h('p', {}, t('common.loading')));
  fill(main, h('div', { class: 'pagehead' }, h('h1', {}, t('nav.notifications')),
    h('span', { class: 'actions' },
      h('a', { class: 'btn', href: '#/notifications/new/site', id: 'notify-site-link' }, t('notice.new_site')), ' ',
      h('a', { class: 'btn', href: '#/notifications/new/movement', id: 'notify-movement-link' }, t('notice.new_movement')))),
  filters.el,
  h('p', { class: 'actions' }, h('span', { class: 'hint' }, t('notice.type.site'), ': '), exportLinks('sites', ['csv', 'geojson'], serverParams), ' ',
    h('span', { class: 'hint' }, t('notice.type.movement'), ': '), exportLinks('movements', ['csv', 'geojson'], serverParams)),
  box);
  const keep = ([type, n]) => (!filters.value('type') || filters.value('type') === type)
    && (!filters.value('status') || n.status === filters.value('status'))
    && (!filters.value('party') || n.party === filters.value('party'))
    && (!filters.value('q') || noticeText(n).includes(filters.value('q').toLowerCase()));
  // Rows are keyed "sites/id" or "movements/id"; a live entry about a
  // notice re-reads that notice and redraws its row.
  const rows = keyedTable(box, [t('notice.type'), t('notice.name'), t('notice.notifier'), t('notice.status'), t('notice.acks'), t('entry.release'), t('record.origin')], {
    key: ([type, n]) => `${type}/${n.id}`,
    order: ([, n]) => Date.parse(n.updated),
    keep,
    attrs: { class: 'records' },
    rowOf: ([type, n]) => [t(`notice.type.${n.type}`), h('a', { href: `#/notifications/${type}/${n.id}` }, noticeName(n, ctx)),
      ctx.partyName(n.party), [n.site && n.site.withheld ? t('notice.withheld') : t(`notice.status.${n.status}`),
        n.lapsed ? [' · ', h('strong', { class: 'lapsed' }, t('notice.lapsed'))] : n.reconfirm_due ? [' · ', h('strong', {}, t('notice.reconfirm_due'))] : null],
      h('span', { class: 'acks' }, n.acknowledgements.map((a) => h('span', { class: 'ackchip' }, `${a.party}: `, ackCell(a)))),
      tlpBadge(n.releasability.tlp), originCell(n)],
  });
  let reading = 0;
  async function load() {
    const q = serverParams();
    q.set('limit', '500');
    const mine = ++reading;
    const type = filters.value('type');
    const none = { items: [] };
    const [s, m] = await Promise.all([type === 'movements' ? none : api(`/api/v1/sites?${q}`), type === 'sites' ? none : api(`/api/v1/movements?${q}`)]);
    if (mine !== reading) return;
    rows.set([...s.items.map((n) => ['sites', n]), ...m.items.map((n) => ['movements', n])].filter(keep)
      .sort((a, b) => Date.parse(b[1].updated) - Date.parse(a[1].updated)));
  }
  await load();
  const offs = ['site', 'movement'].map((type) => follow(entryKinds('notify'), type, (id) => api(`/api/v1/${type}s/${encodeURIComponent(id)}`),
    (id, n) => rows.put(`${type}s/${id}`, n && [`${type}s`, n])));
  return () => offs.forEach((off) => off());
}

export async function renderRecord(main, ctx, { type, id }) {
  const path = `/api/v1/${type}/${encodeURIComponent(id)}`;
  const body = h('div');
  const one = type.replace(/s$/, ''); // 'site' or 'movement'
  const history = historyCard(`/api/v1/log/entries?subject=${encodeURIComponent(subjectOf(one, id))}`, ctx.partyName,
    { follow: { kinds: entryKinds('notify'), type: one, id } });
  fill(main, body, history);
  // load draws the notice: the one given (as the stream brought it), or
  // the one read.
  async function load(given) {
    const n = given || await api(path);
    const mine = ctx.me && n.acknowledgements.find((a) => a.party === ctx.me.party);
    const act = async (button, action, extra = {}, withVersion = true) => {
      button.disabled = true;
      try { await api(`${path}/${action}`, { method: 'POST', body: withVersion ? { version: n.version, ...extra } : extra }); await load(); } catch (e) {
        button.disabled = false;
        button.after(h('span', { class: 'error inline', role: 'alert' }, e.message));
        return false;
      }
      return true;
    };
    const active = n.status === 'active';
    // Acknowledging and reconfirming are asked once, then confirmed.
    const me = ctx.me ? ctx.partyName(ctx.me.party) : '';
    const ackButton = () => commitButton({ id: 'notice-ack', label: t('notice.acknowledge'), question: t('confirm.ack_notice', { party: me }),
      run: async () => { await api(`${path}/acknowledge`, { method: 'POST', body: { version: n.version } }); await load(); },
      done: () => t('done.ack_notice', { party: me, v: fmtNumber(n.version) }) });
    const reconfirmButton = () => commitButton({ id: 'notice-reconfirm', label: t('notice.reconfirm'), question: t('confirm.reconfirm'),
      run: async () => { await api(`${path}/reconfirm`, { method: 'POST', body: {}, headers: { 'If-Match': `"${n.seq}"` } }); await load(); },
      done: () => t('done.reconfirmed') });
    const liaison = mine && active && ctx.me.role === 'liaison';
    const notifier = ctx.me && ctx.me.party === n.party;
    const s = n.site;
    const m = n.movement;
    fill(body, h('h1', {}, t(`notice.type.${n.type}`), ': ', h('span', { dir: 'auto' }, noticeName(n, ctx))),
      h('p', { class: 'record-meta' }, originLine(n), ' · ', t(`notice.status.${n.status}`), ' · ', tlpBadge(n.releasability.tlp), ' · ',
        t('notice.by', { party: ctx.partyName(n.party), time: fmtDate(n.notified, { timeStyle: 'short' }) }), ' · ', t('notice.version', { v: fmtNumber(n.version) })),
      // Its notifier sends a new version of an active notice; every
      // notified party is asked to acknowledge it again.
      notifier && active ? h('p', { class: 'actions' }, h('a', { class: 'btn secondary', id: 'notice-update-link', href: `#/notifications/${type}/${encodeURIComponent(n.id)}/update` }, t('notice.update')),
        ' ', h('span', { class: 'hint' }, t('notice.update_hint'))) : null,
      h('div', { class: 'grid2' },
        h('section', { class: 'card' }, h('h2', {}, t('record.fields')), h('dl', { class: 'fields' },
          s && s.withheld ? [h('dt', {}, t('notice.withheld')), h('dd', { id: 'notice-withheld' }, t('notice.withheld_hint'))] : null,
          s ? [h('dt', {}, t('site.kind')), h('dd', {}, t(`site.kind.${s.kind}`)),
            h('dt', {}, t('site.buffer')), h('dd', {}, t('site.buffer_m', { m: fmtNumber(s.buffer_m) })),
            h('dt', {}, t('notice.location')), h('dd', {}, h('bdi', { class: 'ltr', id: 'notice-latlon' }, latLon(s.location)))] : null,
          m ? [h('dt', {}, t('movement.window')), h('dd', {}, `${fmtDate(m.window.start, { timeStyle: 'short' })} – ${fmtDate(m.window.end, { timeStyle: 'short' })}`),
            h('dt', {}, t('movement.vehicles')), h('dd', {}, fmtNumber(m.vehicles)),
            h('dt', {}, t('movement.cargo')), h('dd', {}, t(`cargo.${m.cargo}`)),
            h('dt', {}, t('movement.corridor')), h('dd', {}, t('site.buffer_m', { m: fmtNumber(m.corridor_m) }))] : null,
          (s || m).note ? [h('dt', {}, t('notice.note')), h('dd', { dir: 'auto' }, (s || m).note)] : null,
          n.valid_until ? [h('dt', {}, t('notice.valid_until')), h('dd', { id: 'notice-validity' }, fmtDate(n.valid_until, { timeStyle: 'short' }),
            n.lapsed ? [' · ', h('strong', { class: 'lapsed' }, t('notice.lapsed'))] : null,
            n.reconfirm_due ? [' · ', h('strong', {}, t('notice.reconfirm_due'))] : null,
            // Its notifier reconfirms a site that is due or lapsed.
            notifier && s && active && (n.reconfirm_due || n.lapsed) ? [' ', reconfirmButton()] : null)] : null,
          m && m.template ? [h('dt', {}, t('notice.template')), h('dd', {}, h('a', { href: `#/notifications/movements/${m.template}` }, m.template))] : null,
          (s || m).flags && (s || m).flags.length ? [h('dt', {}, t('notice.flags')),
            h('dd', {}, h('ul', { class: 'flags', id: 'notice-flags' }, (s || m).flags.map((f) => h('li', { dir: 'auto' }, f.message))))] : null)),
        h('section', { class: 'card', id: 'notice-acks' }, h('h2', {}, t('notice.acks')), computedFrom(n.computed_from),
          table([t('entry.party'), t('notice.status'), t('notice.deadline'), t('notice.responded'), t('notice.passed_on')],
            n.acknowledgements.map((a) => [ctx.partyName(a.party), ackCell(a),
              a.status === 'pending' && n.status === 'active' ? [fmtDate(a.deadline, { timeStyle: 'short' }), ' ', countdown(a.deadline)] : fmtDate(a.deadline, { timeStyle: 'short' }),
              a.responded ? [fmtDate(a.responded, { timeStyle: 'short' }), ' ', h('a', { href: `#/entry/${a.seq}` }, t('record.in_log', { seq: fmtNumber(a.seq) }))] : '—',
              a.passed_on ? h('span', { dir: 'auto' }, `${a.passed_on.level}, ${fmtDate(a.passed_on.at, { timeStyle: 'short' })}`) : '—'])),
          liaison && mine.status === 'pending'
            ? h('p', { class: 'actions' }, ackButton())
            : null,
          liaison ? textForm('notice-pass-on', [['level', t('notice.level'), 'text'], ['at', t('notice.at'), 'datetime-local']], t('notice.pass_on'),
            async (v, b) => { if (await act(b, 'passed-on', { level: v.level, at: isoFromLocal(v.at) })) announce(t('done.passed_on', { level: v.level })); }) : null)),
      queriesCard(n, ctx, liaison, notifier, act),
      notifier && active ? withdrawCard(n, path, load) : null);
  }
  await load();
  // Entries about this notice (and no other) redraw it in place, from the
  // notice the stream brought with them.
  const off = follow(entryKinds('notify'), one, () => api(path), (_, n) => (n ? load(n) : null), { only: id });
  return () => { off(); history.unfollow(); };
}

// computedFrom says which logs the receipts were computed from ("receipts
// computed from un at index 1,204, us at index 988"), as the incident page
// says it of findings; nothing if the answer does not say.
function computedFrom(logs) {
  if (!logs || !logs.length) return '';
  const parts = logs.map((l) => t('finding.log_at', { origin: l.origin, index: fmtNumber(l.tree_size - 1) }));
  return h('p', { class: 'hint', id: 'notice-computed-from', dir: 'auto' }, t('notice.computed_from', { logs: parts.join(', ') }));
}

// withdrawCard lets the notifier withdraw an active notice (POST …/cancel
// with If-Match: the version read), with a reason every notified party
// sees; asked once, then confirmed. A withdrawn notice stays in the log.
function withdrawCard(n, path, reload) {
  const reason = h('input', { type: 'text', name: 'reason', id: 'notice-withdraw-reason', dir: 'auto', maxlength: 200 });
  const name = noticeName(n);
  return h('section', { class: 'card', id: 'notice-withdrawal', 'aria-labelledby': 'nw-h' }, h('h2', { id: 'nw-h' }, t('notice.withdraw_title')),
    h('p', { class: 'hint' }, t('notice.withdraw_hint')),
    h('p', {}, h('label', { for: 'notice-withdraw-reason' }, t('notice.withdraw_reason')), ' ', reason, ' ',
      commitButton({ id: 'notice-withdraw', label: t('notice.withdraw'), question: t('confirm.withdraw', { name }),
        run: async () => {
          await api(`${path}/cancel`, { method: 'POST', body: { version: n.version, reason: reason.value.trim() }, headers: { 'If-Match': `"${n.seq}"` } });
          await reload();
        },
        done: () => t('done.withdrawn', { name }) })));
}

// textForm is a small inline form of fields [name, label, type] that calls
// submit with their values and its button.
function textForm(id, fields, label, submit) {
  const inputs = fields.map(([name, , type]) => input(name, type, type === 'datetime-local' ? { value: localFromDate(new Date()) } : { dir: 'auto' }));
  const button = h('button', { type: 'submit', class: 'btn' }, label);
  return h('form', { class: 'inline-form', id, onsubmit: (ev) => {
    ev.preventDefault();
    submit(Object.fromEntries(fields.map(([name], i) => [name, inputs[i].value])), button);
  } }, fields.map(([name, lbl], i) => h('label', {}, lbl, ' ', inputs[i])), ' ', button);
}

// queriesCard lists the queries about a notice's data with their answers;
// a notified party's liaison raises one, the notifier answers.
function queriesCard(n, ctx, liaison, notifier, act) {
  const rows = (n.queries || []).map((q) => h('li', { class: 'query' },
    h('p', {}, h('strong', {}, ctx.partyName(q.party)), ' · ', fmtDate(q.raised, { timeStyle: 'short' }), ' · ',
      h('a', { href: `#/entry/${q.seq}` }, t('record.in_log', { seq: fmtNumber(q.seq) })), q.legacy ? [' · ', h('em', {}, t('notice.legacy_query'))] : null),
    h('p', { dir: 'auto' }, q.text),
    q.answer_seq ? h('p', { class: 'answer', dir: 'auto' }, h('strong', {}, t('notice.answer'), ': '), q.answer)
      : notifier ? textForm(`notice-answer-${q.seq}`, [['text', t('notice.answer'), 'text']], t('notice.answer'),
        async (v, b) => { if (await act(b, `queries/${q.seq}/answer`, { text: v.text }, false)) announce(t('done.answered')); }) : null));
  return h('section', { class: 'card', id: 'notice-queries' }, h('h2', {}, t('notice.queries')),
    rows.length ? h('ul', { class: 'queries' }, rows) : h('p', { class: 'empty' }, t('list.empty')),
    liaison ? textForm('notice-query', [['text', t('notice.query_text'), 'text']], t('notice.query'), async (v, b) => { if (await act(b, 'queries', { text: v.text })) announce(t('done.queried')); }) : null);
}

// renderForm is the form to notify a site or a movement (kind) or, given
// the type and id of an active notice of the user's party, to update it:
// the form starts from its current version and sends the new one with
// PUT and If-Match (a 412 if it changed meanwhile).
export async function renderForm(main, ctx, { kind, type, id }) {
  const old = id ? await api(`/api/v1/${type}/${encodeURIComponent(id)}`) : null;
  if (old) kind = old.type;
  const isSite = kind === 'site';
  const picker = mapPicker(isSite ? 'point' : 'line', isSite ? 'location' : 'route', { showZones: true });
  const others = [...ctx.parties.values()].filter((p) => !ctx.me || p.id !== ctx.me.party);
  const partiesBox = h('fieldset', { class: 'field audience', 'data-field': 'parties' }, h('legend', { class: 'label' }, t('notice.parties')),
    h('div', { class: 'checks' }, others.map((p) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'parties', value: p.id, checked: p.co_chair }), p.name))),
    h('p', { class: 'field-error', role: 'alert' }),
    // A site may be recorded as deliberately not notified: kept to the
    // organisation, told to no party.
    isSite ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'withheld', id: 'notice-withheld-box' }), t('notice.withhold'),
      h('span', { class: 'hint' }, ' ', t('notice.withheld_hint'))) : null);
  const now = new Date();
  const flagsList = h('ul', { class: 'flags', id: 'notice-form-flags' });
  const flagsBox = h('fieldset', { class: 'field', hidden: true }, h('legend', { class: 'label' }, t('notice.flags')), flagsList,
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'confirm_flags' }), t('notice.confirm_flags')));
  const specific = isSite ? [
    field(t('site.kind'), 'kind', select('kind', SITE_KINDS.map((k) => [k, t(`site.kind.${k}`)]), 'hospital')),
    h('div', { class: 'row' },
      field(t('notice.name_en'), 'names', input('name_en', 'text', { dir: 'auto' })),
      field(t('notice.name_ar'), 'names.ar', input('name_ar', 'text', { dir: 'rtl' })),
      field(t('notice.name_ru'), 'names.ru', input('name_ru', 'text'))),
    h('div', { class: 'field', 'data-field': 'location' }, h('span', { class: 'label' }, t('notice.location')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
    field(t('site.buffer'), 'buffer_m', input('buffer_m', 'number', { min: 0, value: 300 }), { hint: t('notice.metres') }),
  ] : [
    h('div', { class: 'field', 'data-field': 'route' }, h('span', { class: 'label' }, t('notice.route')), picker.el, h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'row' },
      field(t('notice.origin'), 'origin', input('origin', 'text', { dir: 'auto' })),
      field(t('notice.destination'), 'destination', input('destination', 'text', { dir: 'auto' }))),
    h('div', { class: 'row' },
      field(t('notice.window_start'), 'window.start', input('w_start', 'datetime-local', { value: localFromDate(new Date(now.getTime() + 86400e3)) }), { hint: t('report.utc') }),
      field(t('notice.window_end'), 'window.end', input('w_end', 'datetime-local', { value: localFromDate(new Date(now.getTime() + 2 * 86400e3)) }))),
    h('div', { class: 'row' },
      field(t('movement.vehicles'), 'vehicles', input('vehicles', 'number', { min: 1, value: 5 })),
      field(t('movement.cargo'), 'cargo', select('cargo', CARGO.map((c) => [c, t(`cargo.${c}`)]), 'food')),
      field(t('movement.corridor'), 'corridor_m', input('corridor_m', 'number', { min: 0, value: 500 }), { hint: t('notice.metres') })),
  ];
  const form = formShell({ id: 'notice-form', class: 'wide' }, [
    ...specific, partiesBox,
    field(t('notice.note'), 'note', h('textarea', { name: 'note', rows: 2, dir: 'auto' })),
    releasabilityFields(ctx, 'AMBER', ['GREEN', 'AMBER', 'AMBER+STRICT']),
    flagsBox,
  ], old ? t('notice.submit_update') : isSite ? t('notice.submit_site') : t('notice.submit_movement'), async (f) => {
    const parties = [...f.querySelectorAll('input[name="parties"]:checked')].map((x) => x.value);
    let body;
    if (isSite) {
      const names = {};
      for (const l of ['en', 'ar', 'ru']) if (value(f, `name_${l}`)) names[l] = value(f, `name_${l}`);
      body = { kind: value(f, 'kind'), names, location: picker.value(), buffer_m: Number(value(f, 'buffer_m')), parties };
    } else {
      body = { route: picker.value(), corridor_m: Number(value(f, 'corridor_m')), vehicles: Number(value(f, 'vehicles')), cargo: value(f, 'cargo'),
        window: { start: isoFromLocal(value(f, 'w_start')), end: isoFromLocal(value(f, 'w_end')) }, origin: value(f, 'origin'),
        destination: value(f, 'destination'), parties };
    }
    if (value(f, 'note')) body.note = value(f, 'note');
    body.releasability = releasabilityValue(f);
    if (isSite && f.querySelector('input[name="withheld"]').checked) {
      Object.assign(body, { withheld: true, parties: [], releasability: { tlp: 'AMBER+STRICT' } });
    }
    const url = isSite ? '/api/v1/sites' : '/api/v1/movements';
    // The data checks first: flags are shown, and notified only once the
    // notifier confirms them (an update is no duplicate of itself).
    const { flags: all } = await api(`${url}/check`, { method: 'POST', body });
    const flags = all.filter((x) => !old || x.other !== old.id);
    if (flags.length && !f.querySelector('input[name="confirm_flags"]').checked) {
      fill(flagsList, flags.map((x) => h('li', { dir: 'auto' }, x.message)));
      flagsBox.hidden = false;
      return;
    }
    body.confirm_flags = flags.map((x) => x.code);
    if (old) {
      const n = await api(`${url}/${encodeURIComponent(old.id)}`, { method: 'PUT', body, headers: { 'If-Match': `"${old.seq}"` } });
      ctx.navigate(`/notifications/${type}/${n.id}`);
      announce(t('done.notice_updated', { name: noticeName(n), v: fmtNumber(n.version) }));
      return;
    }
    const n = await api(url, { method: 'POST', body });
    ctx.navigate(`/notifications/${isSite ? 'sites' : 'movements'}/${n.id}`);
  });
  if (old) prefill(form, old);
  fill(main, h('h1', {}, old ? t('notice.update_title', { name: noticeName(old) }) : isSite ? t('notice.new_site') : t('notice.new_movement')),
    h('p', { class: 'lead' }, old ? t('notice.update_hint') : t('notice.intro')), form);
  const stop = await picker.start();
  if (old) picker.set(JSON.parse(JSON.stringify(isSite ? old.site.location : old.movement.route)));
  return stop;
}

// prefill sets the controls of the notice form to notice n's current
// version.
function prefill(form, n) {
  const set = (name, v) => { const el = form.querySelector(`[name="${name}"]`); if (el && v !== undefined && v !== null) el.value = String(v); };
  const check = (name, values) => form.querySelectorAll(`input[name="${name}"]`).forEach((el) => { el.checked = values.includes(el.value); });
  const d = n.site || n.movement;
  if (n.site) {
    set('kind', d.kind);
    for (const l of ['en', 'ar', 'ru']) set(`name_${l}`, (d.names || {})[l] || '');
    set('buffer_m', d.buffer_m);
    const withheld = form.querySelector('input[name="withheld"]');
    if (withheld) withheld.checked = !!d.withheld;
  } else {
    set('origin', d.origin || '');
    set('destination', d.destination || '');
    set('w_start', localFromDate(new Date(d.window.start)));
    set('w_end', localFromDate(new Date(d.window.end)));
    set('vehicles', d.vehicles);
    set('cargo', d.cargo);
    set('corridor_m', d.corridor_m);
  }
  check('parties', d.parties || []);
  set('note', d.note || '');
  set('tlp', n.releasability.tlp);
  check('audience', n.releasability.audience || []);
}
