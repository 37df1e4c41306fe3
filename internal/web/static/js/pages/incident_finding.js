// The layers of an incident's finding on its record page: the status in
// words (the monitors' fact, the attribution, the co-chairs' agreement as a
// label, each party's position), the allegations, the monitors'
// investigation as far as the user may see it (field-team taskings are the
// monitoring cell's only), the finding of fact, the positions side by side
// and each concerned party's right of reply, and the form with which an
// analyst or liaison states the party's position.
import { h, fill } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { field, select, formShell, value } from '../forms/form.js';

const factLabel = {
  none: () => t('finding.fact.none'),
  alleged: () => t('finding.fact.alleged'),
  under_investigation: () => t('finding.fact.under_investigation'),
  established: () => t('finding.fact.established'),
};
const stanceLabel = {
  accepts: () => t('finding.stance.accepts'),
  rejects: () => t('finding.stance.rejects'),
  reserves: () => t('finding.stance.reserves'),
};
const replyLabel = {
  replied: () => t('finding.reply.replied'),
  lapsed: () => t('finding.reply.lapsed'),
  withdrawn: () => t('finding.reply.withdrawn'),
};

// statusWords names the layer in the user's language, as the API's
// status.label does in English, from the status's parts alone (fact,
// attribution, responsible, agreed, parties): the record page, the
// incident list with findings=true and the public page read the same.
export function statusWords(s, partyName) {
  const parts = [(factLabel[s.fact] || factLabel.none)()];
  if (s.attribution) {
    parts.push(s.attribution === 'attributed' ? t('finding.attribution.attributed', { party: s.responsible })
      : s.attribution === 'disputed' ? t('finding.attribution.disputed') : t('finding.attribution.undetermined'));
  }
  if (s.agreed) parts.push(t('finding.agreed'));
  const ps = (s.parties || []).map((p) => `${partyName(p.party)}: ` + (p.on_finding
    ? (stanceLabel[p.on_finding] || stanceLabel.reserves)() + (p.withdrawn ? ` (${t('finding.withdrawn')})` : '')
    : t('finding.withdrawn')));
  if (ps.length) parts.push(ps.join(', '));
  return parts.join('; ');
}

// findingCard returns the card and load, which (re)draws it from the API.
export function findingCard(ctx, id) {
  const card = h('section', { class: 'card', id: 'finding', 'aria-labelledby': 'inc-fd-h' });
  const base = `/api/v1/incidents/${encodeURIComponent(id)}`;
  let form = null;
  async function load() {
    const v = await api(`${base}/findings`);
    const when = (s) => fmtDate(s, { timeStyle: 'short' });
    const inv = v.investigation;
    const dl = h('dl', { class: 'fields' },
      h('dt', {}, t('finding.allegations')), h('dd', {}, v.allegations.length ? h('ul', { id: 'finding-allegations' },
        v.allegations.map((a) => h('li', { dir: 'auto' }, `${a.name || ctx.partyName(a.party)} (${a.source}) · ${when(a.time)}: ${a.text}`))) : '—'),
      h('dt', {}, t('finding.investigation')), h('dd', { id: 'finding-investigation' }, inv ? [
        h('p', { dir: 'auto' }, `${ctx.partyName(inv.party)} · ${when(inv.opened)}: ${inv.note}`),
        inv.tasks.length ? [h('h4', {}, t('finding.tasks')), h('ul', {}, inv.tasks.map((k) => h('li', { dir: 'auto' },
          `${k.task}: ${k.team.join(', ')} · ${k.where} · ${when(k.from)}–${when(k.to)}`)))] : '',
        inv.observations.length ? [h('h4', {}, t('finding.observations')), h('ul', {}, inv.observations.map((o) => h('li', { dir: 'auto' },
          o.text, (o.no_access || []).map((n) => h('div', { class: 'no-access' }, t('finding.no_access', { place: n.place, reason: n.reason })))))),
        ] : '',
        inv.attended.length ? h('p', {}, `${t('finding.attended')}: ${inv.attended.map(ctx.partyName).join(', ')}`) : '',
        inv.report ? [h('h4', {}, t('finding.report')), h('p', { dir: 'auto' }, inv.report.summary)] : '',
      ].flat(2) : '—'),
      h('dt', {}, t('finding.fact')), h('dd', { id: 'finding-fact', dir: 'auto' }, v.fact
        ? `${v.fact.what} · ${v.fact.where} · ${v.fact.when} · ${t('finding.confidence', { level: v.fact.confidence })}` : '—'),
      h('dt', {}, t('finding.positions')), h('dd', {}, v.positions.length ? h('div', { class: 'assessments', id: 'finding-positions' },
        v.positions.map((p) => h('div', { class: `assessment stance-${p.on_finding}`, 'data-party': p.party },
          h('h3', {}, ctx.partyName(p.party)), h('p', { class: 'verdict' }, (stanceLabel[p.on_finding] || stanceLabel.reserves)()),
          h('p', { dir: 'auto' }, p.statement), h('small', {}, `${p.author} · ${when(p.time)}`)))) : '—'),
      h('dt', {}, t('finding.replies')), h('dd', {}, v.replies.length ? h('ul', { id: 'finding-replies' }, v.replies.map((r) => h('li', { 'data-state': r.state },
        `${ctx.partyName(r.party)}: `, r.state === 'pending' ? t('finding.reply.pending', { time: when(r.reply_by) }) : replyLabel[r.state](),
        r.text ? h('p', { dir: 'auto' }, r.text) : ''))) : '—'));
    const me = ctx.me;
    if (!(form && form.isConnected)) form = null;
    if (!form && me && (me.role === 'analyst' || me.role === 'liaison')) {
      const stances = [['accepts', stanceLabel.accepts()], ['rejects', stanceLabel.rejects()], ['reserves', stanceLabel.reserves()]];
      form = formShell({ id: 'position-form', class: 'stack' }, [
        field(t('finding.on_finding'), 'on_finding', select('on_finding', stances, '')),
        field(t('finding.on_attribution'), 'on_attribution', select('on_attribution', [['', '—'], ...stances], '')),
        field(t('finding.statement'), 'statement', h('textarea', { name: 'statement', rows: 2, dir: 'auto' })),
      ], t('finding.submit'), async (f) => {
        const body = { on_finding: value(f, 'on_finding'), statement: value(f, 'statement') };
        if (value(f, 'on_attribution')) body.on_attribution = value(f, 'on_attribution');
        await api(`${base}/positions`, { method: 'POST', body });
        form = null;
        await load();
      });
    }
    fill(card, h('h2', { id: 'inc-fd-h' }, t('finding.title')),
      h('p', { class: `finding-status finding-${v.status.fact}`, id: 'finding-status', 'data-fact': v.status.fact,
        'data-attribution': v.status.attribution || '' }, statusWords(v.status, ctx.partyName)),
      computedFrom(v.computed_from),
      me ? proofLink(base, id) : '',
      h('p', { class: 'hint' }, t('finding.rule')), dl, h('h3', {}, t('finding.state')), form || '');
  }
  return { card, load };
}

// proofLink offers the finding as a proof bundle (GET …/proof, signed-in
// callers): every statement it was folded from, in each log's cosigned
// checkpoint, which anyone checks with truce proof --bundle and no node.
function proofLink(base, id) {
  return h('p', { class: 'hint' }, h('a', { id: 'finding-proof', href: `${base}/proof`, download: `${id}.proof.json` }, t('finding.export_proof')),
    ' — ', t('finding.proof_hint'));
}

// computedFrom says which logs the layers were computed from ("computed
// from us at index 1,204, ru at index 988"): each origin with the last
// index of the tree read; nothing if the answer does not say.
function computedFrom(logs) {
  if (!logs || !logs.length) return '';
  const parts = logs.map((l) => t('finding.log_at', { origin: l.origin, index: fmtNumber(l.tree_size - 1) }));
  return h('p', { class: 'hint', id: 'finding-computed-from', dir: 'auto' }, t('finding.computed_from', { logs: parts.join(', ') }));
}
