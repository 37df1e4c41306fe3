// The public page's section on agreements: for each agreement in force
// that is released as CLEAR, each obligation's compliance per party bound,
// as the node computes it for the public — from CLEAR records only, so a
// no-fire obligation reads "not disclosed" (no protected site is public).
import { h, table } from '../dom.js';
import { t } from '../i18n.js';
import { api, listAll } from '../api.js';

export function publicAgreements(ctx) {
  const el = h('section', { class: 'card', id: 'public-compliance', 'aria-labelledby': 'pa-h' }, h('h2', { id: 'pa-h' }, t('public.agreements')));
  async function load() {
    try {
      const get = (path) => api(path, { public: true });
      const as = await listAll(get, '/api/v1/agreements?status=in_force');
      const rows = [];
      for (const a of as) {
        const c = await get(`/api/v1/agreements/${encodeURIComponent(a.id)}/compliance`);
        for (const o of c.obligations) {
          for (const p of o.parties) {
            rows.push([h('span', { dir: 'auto' }, a.current.title), h('span', { dir: 'auto' }, o.title), t(`agr.rule.${o.rule.kind}`), ctx.partyName(p.party),
              h('span', { class: `cstatus cstatus-${p.status}`, 'data-agreement': a.id, 'data-obligation': o.key, 'data-party': p.party }, t(`agr.compliance.${p.status}`)),
              String(p.evidence.length)]);
          }
        }
      }
      el.append(rows.length ? table([t('agr.heading'), t('agr.obligation'), t('agr.rule'), t('entry.party'), t('agr.status'), t('agr.evidence')], rows,
        { id: 'public-compliance-table' }) : h('p', { class: 'empty' }, t('public.none')));
    } catch (e) {
      el.append(h('p', { class: 'error' }, e.message));
    }
  }
  return { el, load };
}
