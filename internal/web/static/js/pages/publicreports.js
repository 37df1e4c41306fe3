// The public page's agreed situation reports (GET
// /api/v1/reports/sitrep/agreed): for each period, the newest issue in the
// reader's language that every co-chair signed off, with who agreed and
// links to it as HTML, PDF and JSON (each ends with its agreement, citing
// the sign-off entries). A period not agreed yet is not listed.
import { h, table } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { api } from '../api.js';

export function publicReports(ctx) {
  const el = h('section', { class: 'card', id: 'public-reports', 'aria-labelledby': 'pr-h' }, h('h2', { id: 'pr-h' }, t('public.reports')),
    h('p', { class: 'lead' }, t('public.reports_intro')));
  async function load() {
    try {
      const lang = currentLang();
      const r = await api(`/api/v1/reports/sitrep/agreed?lang=${encodeURIComponent(lang)}`, { public: true });
      const link = (rep, format) => h('a', { href: `/api/v1/reports/sitrep/agreed/${encodeURIComponent(rep.date)}?lang=${encodeURIComponent(lang)}&format=${format}`,
        'data-format': format }, format.toUpperCase());
      el.append(r.reports.length ? table([t('public.report_date'), t('public.report_agreed_by'), t('public.report_corrects'), t('public.report_open')],
        r.reports.map((rep) => [h('span', { class: 'ltr', 'data-date': rep.date, 'data-sha256': rep.sha256 }, rep.date),
          rep.agreed_by.map((p) => ctx.partyName(p)).join(', '),
          rep.supersedes ? h('span', { dir: 'auto' }, rep.reason) : '—',
          h('span', {}, link(rep, 'html'), ' ', link(rep, 'pdf'), ' ', link(rep, 'json'))]), { id: 'public-reports-table' })
        : h('p', { class: 'empty' }, t('public.reports_none')));
    } catch (e) {
      el.append(h('p', { class: 'error' }, e.message));
    }
  }
  return { el, load };
}
