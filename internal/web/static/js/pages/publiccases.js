// The public page's case counts: per party, the notified sites and
// movements affected by incidents alleged against it, the requests for
// information it was sent and answered on time, and the cases it was
// asked on that are closed. Counts only (GET /api/v1/cases/counts), as of
// the start of the current UTC day; no site, coordinate or case is shown.
import { h, table } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';

export function publicCases(ctx) {
  const el = h('section', { class: 'card', id: 'public-cases', 'aria-labelledby': 'pc-h' }, h('h2', { id: 'pc-h' }, t('public.cases')),
    h('p', { class: 'lead' }, t('public.cases_intro')));
  async function load() {
    const c = await api('/api/v1/cases/counts', { public: true });
    el.append(h('p', {}, t('public.cases_as_of', { date: fmtDate(c.as_of) })), c.parties.length
      ? table([t('entry.party'), t('public.cases_sites'), t('public.cases_movements'), t('public.cases_requests'), t('public.cases_on_time'), t('public.cases_closed')],
        c.parties.map((p) => [ctx.partyName(p.party), fmtNumber(p.notified_sites_affected), fmtNumber(p.notified_movements_affected),
          fmtNumber(p.requests), fmtNumber(p.answered_on_time), fmtNumber(p.cases_closed)]), { id: 'public-cases-table' })
      : h('p', { class: 'empty' }, t('public.none')));
  }
  return { el, load };
}
