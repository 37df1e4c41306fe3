// Open sources: submit a text or a page, and review the drafts extraction
// proposed (the review queue). A draft's page shows its source text with
// the sentences it came from highlighted, the incidents that may report
// the same event (link or dismiss), and the decisions: accept (editing the
// narrative if needed, rating the source), merge into an incident, or
// discard with a reason. The API decides who may see and do what.
import { h, fill, table, tlpBadge } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { commitButton } from '../commit.js';
import { field, select, input, formShell, value, releasabilityFields, releasabilityValue } from '../forms/form.js';

const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'];
const CREDIBILITY = ['1', '2', '3', '4', '5', '6'];
const reviewer = (ctx) => ctx.me.role === 'analyst' || ctx.me.role === 'reporter';

function place(d) {
  const l = (d.proposal.locations || [])[0];
  return l ? h('span', { dir: 'auto' }, l.text) : '—';
}

export async function renderList(main, ctx) {
  const queue = h('section', { class: 'card', id: 'draft-queue' });
  const form = formShell({ id: 'source-form', class: 'stack' }, [
    field(t('sources.text'), 'text', h('textarea', { name: 'text', rows: 8, dir: 'auto' })),
    field(t('sources.publisher'), 'publisher', input('publisher', 'text', { dir: 'auto' })),
    field(t('sources.url'), 'url', input('url', 'url')),
    field(t('sources.lang'), 'lang', select('lang', [['', t('sources.lang_detect')], ['en', 'English'], ['ru', 'Русский'], ['ar', 'العربية']], '')),
    field(t('sources.published'), 'published', input('published', 'date'), { hint: t('sources.published_hint') }),
    releasabilityFields(ctx, 'AMBER'),
  ], t('sources.submit'), async (f) => {
    const body = { text: value(f, 'text'), releasability: releasabilityValue(f) };
    for (const k of ['publisher', 'url', 'lang', 'published']) if (value(f, k)) body[k] = value(f, k);
    const src = await api('/api/v1/sources', { method: 'POST', body });
    f.reset();
    location.hash = src.drafts.length ? `#/drafts/${src.drafts[0].id}` : '#/sources';
    await load();
  });
  const feeds = h('section', { class: 'card', id: 'feeds' });
  fill(main, h('h1', {}, t('nav.sources')), h('div', { class: 'grid2' }, queue,
    h('section', { class: 'card', id: 'submit-source' }, h('h2', {}, t('sources.new')), reviewer(ctx) ? form : h('p', { class: 'hint' }, t('sources.reviewers_only')))),
  feeds);
  await loadFeeds(feeds, ctx);
  async function load() {
    const page = await api('/api/v1/drafts?limit=100');
    fill(queue, h('h2', {}, t('sources.queue')), page.items.length ? table(
      [t('incident.category'), t('sources.place'), t('sources.when'), ''],
      page.items.map((d) => [t(`incident.category.${d.proposal.category}`), place(d), fmtDate(d.proposal.time.start),
        h('a', { href: `#/drafts/${d.id}` }, t('sources.review'))]), { class: 'records' }) : h('p', { class: 'empty' }, t('list.empty')));
  }
  await load();
}

// loadFeeds fills section with the feeds the caller may see (status, last
// poll, last error, items ingested) and, for a reviewer, the form to add
// one and the actions on its own party's feeds.
async function loadFeeds(section, ctx) {
  const { items } = await api('/api/v1/feeds');
  const add = formShell({ id: 'feed-form', class: 'stack' }, [
    field(t('sources.feed_url'), 'url', input('url', 'url')),
    field(t('sources.publisher'), 'publisher', input('publisher', 'text', { dir: 'auto' })),
    field(t('sources.feed_interval'), 'interval', input('interval', 'number', { min: 1, value: 60 })),
    releasabilityFields(ctx, 'AMBER'),
  ], t('sources.feed_add'), async (f) => {
    const body = { url: value(f, 'url'), interval_seconds: Math.round(Number(value(f, 'interval')) * 60), releasability: releasabilityValue(f) };
    if (value(f, 'publisher')) body.publisher = value(f, 'publisher');
    await api('/api/v1/feeds', { method: 'POST', body });
    await loadFeeds(section, ctx);
  });
  // The feed's own party's reviewers pause, resume or remove it (it polls
  // in that party's name); a removed feed takes no action again.
  const actions = (f) => {
    if (!reviewer(ctx) || f.party !== ctx.me.party || f.status === 'removed') return '';
    const act = (action, method, path) => commitButton({ id: `feed-${action}-${f.id}`, label: t(`sources.feed_${action}`),
      question: t(`confirm.feed_${action}`), cls: 'btn secondary', attrs: { 'data-feed-action': action },
      run: async () => {
        await api(`/api/v1/feeds/${encodeURIComponent(f.id)}${path}`, { method });
        await loadFeeds(section, ctx);
      },
      done: () => t(`done.feed_${action}`) });
    return h('span', { class: 'actions' }, f.status === 'paused' ? act('resume', 'POST', '/resume') : act('pause', 'POST', '/pause'), ' ', act('remove', 'DELETE', ''));
  };
  fill(section, h('h2', {}, t('sources.feeds')), items.length ? table(
    [t('sources.feed_url'), t('sources.publisher'), t('sources.feed_status'), t('sources.feed_last_polled'), t('sources.feed_items'), t('sources.feed_error'), ''],
    items.map((f) => [h('span', { dir: 'ltr' }, f.url), h('span', { dir: 'auto' }, f.publisher || '—'),
      h('span', { class: `feed-status ${f.status}`, title: f.status_reason || '' }, t(`sources.feed_status.${f.status}`)),
      f.last_polled ? fmtDate(f.last_polled) : t('sources.feed_never'), String(f.items), f.last_error ? h('span', { class: 'field-error', dir: 'auto' }, f.last_error) : '—',
      actions(f)]),
    { class: 'records', id: 'feed-list' }) : h('p', { class: 'empty' }, t('list.empty')), reviewer(ctx) ? add : null);
}

// highlighted returns text with the spans (byte offsets of UTF-8) marked.
function highlighted(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out.push(dec.decode(bytes.slice(at, s.start)), h('mark', {}, dec.decode(bytes.slice(s.start, s.end))));
    at = s.end;
  }
  out.push(dec.decode(bytes.slice(at)));
  return h('p', { class: 'narrative source-text', dir: 'auto' }, out);
}

export async function renderDraft(main, ctx, { id }) {
  const path = `/api/v1/drafts/${encodeURIComponent(id)}`;
  let d = await api(path);
  const src = await api(`/api/v1/sources/${encodeURIComponent(d.source_id)}`);
  // A decision carries the ETag of the draft as shown: one changed since
  // (decided or linked in another tab) is refused with 412, not overwritten.
  const decide = async (action, body) => {
    const headers = action === 'duplicates' ? {} : { 'If-Match': `"${d.seq}"` };
    d = await api(`${path}/${action}`, { method: 'POST', body, headers });
    draw();
  };
  function decisions() {
    if (d.status !== 'pending') {
      return h('p', { id: 'draft-status' }, t(`sources.status.${d.status}`), d.incident_id ? [' · ', h('a', { href: `#/incidents/${d.incident_id}` }, d.incident_id)] : '',
        d.decision && d.decision.reason ? [' · ', h('span', { dir: 'auto' }, d.decision.reason)] : '');
    }
    if (!reviewer(ctx)) return h('p', { class: 'hint' }, t('sources.reviewers_only'));
    // Accepting and merging both attach the source, rated.
    const rating = () => [
      field(t('sources.reliability'), 'reliability', select('reliability', RELIABILITY.map((r) => [r, `${r} — ${t(`admiralty.reliability.${r}`)}`]), 'C')),
      field(t('sources.credibility'), 'credibility', select('credibility', CREDIBILITY.map((c) => [c, `${c} — ${t(`admiralty.credibility.${c}`)}`]), '3')),
    ];
    const accept = formShell({ id: 'accept-form', class: 'stack' }, [
      ...rating(),
      field(t('sources.narrative'), 'narrative', h('textarea', { name: 'narrative', rows: 3, dir: 'auto' }), { hint: t('sources.narrative_hint') }),
    ], t('sources.accept'), async (f) => {
      const body = { reliability: value(f, 'reliability'), credibility: Number(value(f, 'credibility')) };
      if (value(f, 'narrative')) body.incident = { narrative: value(f, 'narrative') };
      await decide('accept', body);
    });
    const merge = formShell({ id: 'merge-form', class: 'stack' }, [field(t('sources.incident_id'), 'incident_id', input('incident_id')), ...rating()],
      t('sources.merge'), async (f) => decide('merge', { incident_id: value(f, 'incident_id'), reliability: value(f, 'reliability'), credibility: Number(value(f, 'credibility')) }));
    const discard = formShell({ id: 'discard-form', class: 'stack' }, [field(t('sources.reason'), 'reason', input('reason', 'text', { dir: 'auto' }))],
      t('sources.discard'), async (f) => decide('discard', { reason: value(f, 'reason') }));
    return h('div', { class: 'stack' }, accept, merge, discard);
  }
  function duplicates() {
    if (!d.duplicates.length) return h('p', { class: 'empty' }, t('sources.no_duplicates'));
    return table([t('sources.incident_id'), t('sources.score'), t('sources.reasons'), ''], d.duplicates.map((m) => [
      h('a', { href: `#/incidents/${m.id}` }, m.id), m.score.toFixed(2), m.reasons.join('; '),
      m.decision ? t(`sources.dup.${m.decision}`) : (d.status === 'pending' && reviewer(ctx) ? h('span', {},
        h('button', { type: 'button', class: 'btn', onclick: () => decide('duplicates', { incident_id: m.id, decision: 'linked' }) }, t('sources.link')), ' ',
        h('button', { type: 'button', class: 'btn', onclick: () => decide('duplicates', { incident_id: m.id, decision: 'dismissed' }) }, t('sources.dismiss'))) : '')]),
    { class: 'records' });
  }
  function draw() {
    const p = d.proposal;
    fill(main, h('h1', {}, t(`incident.category.${p.category}`), ' — ', place(d)),
      h('p', { class: 'record-meta' }, tlpBadge(d.releasability.tlp), ' · ', t('sources.from', { publisher: src.publisher || src.url || src.id }),
        ' · ', fmtDate(p.time.start), ' – ', fmtDate(p.time.end), ' · ', h('a', { href: `#/log` }, t('record.in_log_plain'))),
      h('div', { class: 'grid2' },
        h('section', { class: 'card', id: 'source-text' }, h('h2', {}, t('sources.source')), highlighted(src.text, p.spans)),
        h('div', {},
          h('section', { class: 'card', id: 'draft-decision' }, h('h2', {}, t('sources.decision')), decisions()),
          h('section', { class: 'card', id: 'draft-duplicates' }, h('h2', {}, t('sources.duplicates')), duplicates()))));
  }
  draw();
}
