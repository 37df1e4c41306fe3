// One incident: the layers of its finding (incident_finding.js), every
// field, the joint assessments of the co-chair parties
// side by side, the assessment form (for an analyst of a co-chair party,
// sent with If-Match so that a verdict on a stale view is refused),
// duplicates, comments and the history from the log, each entry verified.
import { h, fill, tlpBadge } from '../dom.js';
import { t, fmtDate, fmtNumber, fmtRange, currentLang } from '../i18n.js';
import { api, listAll } from '../api.js';
import { field, select, formShell, value } from '../forms/form.js';
import { historyCard } from '../history.js';
import { differing, banner, checkMirroredEntry } from '../verifyview.js';
import { mayAssess } from '../queues.js';
import { onSubjects } from '../liverecords.js';
import { entryKinds, entryKind, subjectOf } from '../uiconfig.js';
import { findingCard } from './incident_finding.js';

export async function render(main, ctx, { id }) {
  let inc = await api(`/api/v1/incidents/${encodeURIComponent(id)}`);
  // The zones the incident falls in are shown by name: those the user may
  // see (GET /api/v1/zones decides), in the user's language.
  const zoneNames = new Map();
  const zonesLoaded = listAll(api, '/api/v1/zones').then((items) => {
    for (const z of items) {
      const v = z.current || (z.versions || [])[(z.versions || []).length - 1];
      if (v) zoneNames.set(z.id, (currentLang() === 'ru' && v.name_ru) || (currentLang() === 'ar' && v.name_ar) || v.name);
    }
  }).catch((e) => console.warn('zone names', e));
  const head = h('div');
  const fields = h('section', { class: 'card', 'aria-labelledby': 'inc-f-h' });
  const joint = h('section', { class: 'card', id: 'assessments', 'aria-labelledby': 'inc-a-h' });
  const comments = h('section', { class: 'card', id: 'comments', 'aria-labelledby': 'inc-c-h' });
  const finding = findingCard(ctx, id);
  // A report mirrored from another party's node is verified against its
  // origin's accepted, cosigned checkpoint (as is each entry about it
  // from a mirrored log in its history).
  const originProof = h('div', { id: 'origin-proof' });
  if (inc.origin_index != null) {
    fill(originProof, h('h2', {}, t('incident.origin_proof')), t('verify.checking'));
    checkMirroredEntry(inc.origin, inc.origin_index)
      .then((checked) => fill(originProof, h('h2', {}, t('incident.origin_proof')), banner(checked)))
      .catch((e) => fill(originProof, h('h2', {}, t('incident.origin_proof')), h('p', { class: 'verify bad' }, e.message || String(e))));
  }
  // The fields shown come from the API's projection; once the history is
  // verified, the report entry's content is compared with them.
  // The duplicates of an original come from its history too (the API has
  // no listing by duplicate_of): each entry linking a duplicate to it,
  // verified, names one.
  let duplicates = [];
  const liveKinds = [...entryKinds('incidents', 'followup'), ...entryKinds('findings')];
  const history = historyCard(`/api/v1/incidents/${encodeURIComponent(id)}/history`, ctx.partyName, {
    mirrored: subjectOf('incident', id),
    follow: { kinds: liveKinds, type: 'incident', id },
    record: (verified) => {
      duplicates = [...verified.values()].filter((e) => e.kind === entryKind('incidents', 'duplicate_link') && e.subject === subjectOf('incident', inc.id))
        .map((e) => e.payload && e.payload.duplicate).filter(Boolean);
      const dd = main.querySelector('#duplicates');
      if (dd) fill(dd, duplicatesView());
      return reportDiffers(inc, verified);
    },
  });
  fill(main, head, finding.card, h('div', { class: 'grid2' }, fields, joint), comments, history);

  // duplicatesView shows what this incident duplicates, or its duplicates.
  function duplicatesView() {
    const link = (d) => h('a', { href: `#/incidents/${d}`, class: 'ltr', 'data-duplicate': d }, d);
    if (inc.duplicate_of) return [t('incident.duplicate_of'), ' ', link(inc.duplicate_of)];
    if (!duplicates.length) return '—';
    return h('ul', { class: 'duplicates', id: 'duplicate-list' }, [...new Set(duplicates)].map((d) => h('li', {}, link(d))));
  }

  function draw() {
    fill(head, h('h1', {}, t(`incident.category.${inc.category}`), ' — ', h('span', { dir: 'auto' }, inc.place_name || inc.id)),
      h('p', { class: 'record-meta' }, h('span', { class: `status status-${inc.status}`, id: 'incident-status', 'data-status': inc.status },
        t(`incident.status.${inc.status}`)), ' ', tlpBadge(inc.releasability.tlp), ' ',
      t('incident.reported_by', { party: ctx.partyName(inc.party), time: fmtDate(inc.reported_at, { timeStyle: 'short' }) }), ' · ',
      h('span', { id: 'incident-origin', 'data-origin': inc.origin, class: 'ltr' }, t('incident.origin_of', { origin: inc.origin }))),
      originProof);
    const perp = inc.perpetrator.kind === 'party' ? ctx.partyName(inc.perpetrator.party)
      : inc.perpetrator.kind === 'group' ? inc.perpetrator.group : t('report.perp.unknown');
    fill(fields, h('h2', { id: 'inc-f-h' }, t('record.fields')),
      h('dl', { class: 'fields', id: 'incident-fields' },
        h('dt', {}, t('incident.time')), h('dd', {}, fmtDate(inc.time.start, { timeStyle: 'short' }),
          inc.time.end ? ' – ' + fmtDate(inc.time.end, { timeStyle: 'short' }) : '', ' ', h('small', {}, `(${t(`report.time_precision.${inc.time.precision}`)})`)),
        h('dt', {}, t('report.location')), h('dd', {}, h('span', { class: 'ltr' }, coords(inc.location)), ' ',
          h('small', {}, `(${t(`report.location_precision.${inc.location_precision}`)})`)),
        h('dt', {}, t('incident.zones')), h('dd', {}, inc.zones && inc.zones.length ? inc.zones.map((z) => h('a', { href: `#/zones/${z}`, class: 'chip', 'data-zone': z }, h('bdi', {}, zoneNames.get(z) || z))) : '—'),
        h('dt', {}, t('report.perpetrator')), h('dd', { dir: 'auto' }, perp),
        h('dt', {}, t('incident.casualties')), h('dd', {}, t('incident.killed_injured', { k: fmtNumber(inc.killed), i: fmtNumber(inc.injured) }),
          (inc.casualties || []).length ? h('ul', {}, inc.casualties.map((c) => h('li', {},
            `${t(`report.group.${c.group}`)} · ${c.outcome === 'killed' ? t('report.killed') : t('report.injured')}: ${fmtRange(c.min, c.max)}`,
            c.source ? h('small', { dir: 'auto' }, ` (${c.source})`) : ''))) : ''),
        h('dt', {}, t('report.narrative')), h('dd', { dir: 'auto', class: 'narrative' }, inc.narrative),
        h('dt', {}, t('report.sources')), h('dd', {}, (inc.sources || []).length ? h('ul', {}, inc.sources.map((s) => h('li', {},
          h('span', { dir: 'auto' }, s.name), ' ', h('span', { class: 'admiralty', title: `${t(`admiralty.reliability.${s.reliability}`)}, ${t(`admiralty.credibility.${s.credibility}`)}` },
            `${s.reliability}${s.credibility}`), s.url ? [' ', h('a', { href: s.url, rel: 'noopener noreferrer', class: 'ltr' }, s.url)] : ''))) : '—'),
        h('dt', {}, t('report.evidence')), h('dd', {}, (inc.evidence || []).length ? h('ul', {}, inc.evidence.map((e) => h('li', {},
          h('a', { href: `/api/v1/incidents/${inc.id}/evidence/${e.sha256}`, download: e.name || e.sha256 }, e.name || e.sha256.slice(0, 12)),
          ' ', h('small', {}, `${e.media_type}, ${fmtNumber(e.size)} B`)))) : '—'),
        h('dt', {}, t('incident.duplicates')), h('dd', { id: 'duplicates' }, duplicatesView()),
        h('dt', {}, t('entry.release')), h('dd', {}, tlpBadge(inc.releasability.tlp), ' ',
          inc.releasability.audience ? t('entry.audience', { parties: inc.releasability.audience.map(ctx.partyName).join(', ') }) : ''),
        h('dt', {}, t('incident.id')), h('dd', {}, h('code', { class: 'ltr' }, inc.id))));
    drawJoint();
  }

  let assessForm = null;
  function drawJoint() {
    const cochairs = [...ctx.parties.values()].filter((p) => p.co_chair);
    const byParty = new Map((inc.assessments || []).map((a) => [a.party, a]));
    const cols = cochairs.map((p) => {
      const a = byParty.get(p.id);
      return h('div', { class: `assessment ${a ? 'verdict-' + a.verdict : 'awaiting'}`, 'data-party': p.id },
        h('h3', {}, p.name),
        a ? [h('p', { class: 'verdict' }, t(`verdict.${a.verdict}`)), h('p', { dir: 'auto' }, a.reasoning),
          h('small', {}, `${a.author} · ${fmtDate(a.time, { timeStyle: 'short' })}`)]
          : h('p', { class: 'verdict' }, t('incident.awaiting_assessment')));
    });
    const mine = ctx.me && byParty.get(ctx.me.party);
    const open = inc.status === 'reported' || inc.status === 'under_review';
    // A form the analyst has started is kept across live reloads, with the
    // version it was opened on: if the incident changed meanwhile, the
    // verdict is refused (412) and the form says so, rather than the
    // reasoning being thrown away or sent against a view never read.
    if (!(assessForm && assessForm.isConnected && dirty(assessForm))) assessForm = null;
    if (!assessForm && mayAssess(ctx.me) && open && !inc.duplicate_of) {
      const seq = inc.seq;
      assessForm = formShell({ id: 'assess-form', class: 'stack' }, [
        field(t('assess.verdict'), 'verdict', select('verdict', [['', t('report.choose')], ['confirmed', t('verdict.confirmed')],
          ['rejected', t('verdict.rejected')], ['needs_information', t('verdict.needs_information')]], mine ? mine.verdict : '')),
        field(t('assess.reasoning'), 'reasoning', h('textarea', { name: 'reasoning', rows: 3, dir: 'auto' })),
      ], t('assess.submit'), async (f) => {
        const verdict = value(f, 'verdict');
        inc = await assess({ id: inc.id, seq }, { verdict, reasoning: value(f, 'reasoning') });
        assessForm = null;
        draw();
        return t('done.assessed', { verdict: t(`verdict.${verdict}`) });
      });
    }
    const form = open ? assessForm : null;
    fill(joint, h('h2', { id: 'inc-a-h' }, t('incident.joint'), ' ', h('small', {}, t('incident.round', { n: fmtNumber(inc.round + 1) }))),
      h('p', { class: 'hint' }, t('incident.joint_rule')),
      h('div', { class: 'assessments' }, cols), form);
  }

  async function loadComments() {
    const r = await api(`/api/v1/incidents/${encodeURIComponent(id)}/comments`);
    const list = h('ol', { class: 'comments', id: 'comment-list' }, (r.items || []).map((c) => h('li', {},
      h('div', { class: 'comment-meta' }, h('strong', {}, h('bdi', {}, c.author)), ' · ', h('bdi', {}, ctx.partyName(c.party)), ' · ',
        h('bdi', {}, fmtDate(c.time, { timeStyle: 'short' })), ' · ',
        h('a', { href: `#/entry/${c.seq}` }, t('record.in_log', { seq: fmtNumber(c.seq) }))),
      h('p', { dir: 'auto' }, c.text))));
    const form = ctx.me ? formShell({ id: 'comment-form', class: 'stack' }, [
      field(t('comment.text'), 'text', h('textarea', { name: 'text', rows: 2, dir: 'auto' })),
    ], t('comment.submit'), async (f) => {
      await api(`/api/v1/incidents/${encodeURIComponent(id)}/comments`, { method: 'POST', body: { text: value(f, 'text') } });
      await loadComments();
      return t('done.commented');
    }) : null;
    fill(comments, h('h2', { id: 'inc-c-h' }, t('comment.title')), r.items && r.items.length ? list : h('p', { class: 'empty' }, t('comment.none')), form);
  }

  await zonesLoaded;
  draw();
  await Promise.all([loadComments(), finding.load()]);
  // An entry about this incident (and no other) re-reads only what it
  // changed: a comment the comments, a layer of the finding the finding,
  // anything else the incident; the history adds the entry itself.
  const comment = new Set(entryKinds('incidents', 'followup').filter((k) => !entryKinds('incidents', 'record').includes(k)));
  const layer = new Set(entryKinds('findings'));
  const busy = new Map(); // part → 'busy' | 'again': one read of a part at a time
  const reread = async (part, read) => {
    if (busy.has(part)) { busy.set(part, 'again'); return; }
    busy.set(part, 'busy');
    try { await read(); } catch (e) { console.warn(`incident ${part}`, e); }
    const again = busy.get(part) === 'again';
    busy.delete(part);
    if (again && !left) reread(part, read);
  };
  let left = false;
  const off = onSubjects(liveKinds, 'incident', (_, entry, seq, rec) => {
    if (left) return;
    if (comment.has(entry.kind)) reread('comments', loadComments);
    else if (layer.has(entry.kind)) reread('finding', () => finding.load());
    else if (rec) { inc = rec; draw(); } // the incident as the stream brought it: no request
    else reread('record', async () => { inc = await api(`/api/v1/incidents/${encodeURIComponent(id)}`); if (!left) draw(); });
  }, id);
  return () => { left = true; off(); history.unfollow(); };
}

// dirty tells whether the user has started filling the assessment form.
function dirty(form) {
  const v = form.querySelector('[name="verdict"]');
  const r = form.querySelector('[name="reasoning"]');
  return (r && r.value.trim() !== '') || (v && !v.options[v.selectedIndex].defaultSelected);
}

// assess posts a verdict with If-Match: the incident's Seq as the API's
// ETag, so the server refuses it (412) if the incident changed meanwhile.
function assess(inc, body) {
  return api(`/api/v1/incidents/${encodeURIComponent(inc.id)}/assessments`, { method: 'POST', body, headers: { 'If-Match': `"${inc.seq}"` } });
}

function coords(g) {
  if (g && g.type === 'Point') return `${g.coordinates[1].toFixed(4)}, ${g.coordinates[0].toFixed(4)}`;
  return g ? g.type : '—';
}

// reportDiffers compares the incident as shown with its verified report
// entry (if verified) and returns the fields that differ.
function reportDiffers(inc, verified) {
  const e = [...verified.values()].find((x) => x.kind === entryKind('incidents', 'report') && x.subject === subjectOf('incident', inc.id));
  if (!e) return [];
  const r = (e.payload && e.payload.incident) || {};
  return differing([['category', inc.category, r.category], ['time', [inc.time.start, inc.time.end], [r.time && r.time.start, r.time && r.time.end]],
    ['place', inc.place_name || '', r.place_name || ''], ['location', inc.location, r.location], ['narrative', inc.narrative, r.narrative],
    ['perpetrator', inc.perpetrator, r.perpetrator], ['party', inc.party, e.party]]);
}
