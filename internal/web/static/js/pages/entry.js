// One log entry: its fields (decoded from the canonical bytes the browser
// verified, not from the server's copy), "verified in log at index N" or a
// red "NOT verified: …", and the history of its subject.
import { h, fill, tlpBadge } from '../dom.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { ApiError } from '../api.js';
import { checkEntry, banner, historyPanel } from '../verifyview.js';

export async function render(main, ctx, { seq }) {
  const n = Number(seq);
  fill(main, h('h1', {}, t('entry.title', { seq: fmtNumber(n) })), h('p', { id: 'verify-status' }, t('verify.checking')));
  let checked;
  try {
    checked = await checkEntry(n);
  } catch (e) {
    const notFound = e instanceof ApiError && e.status === 404;
    fill(main, h('h1', {}, t('entry.title', { seq: fmtNumber(n) })),
      h('section', { class: 'card', id: notFound ? 'entry-not-found' : 'entry-error', role: 'alert' },
        h('p', {}, notFound ? t('entry.not_found', { seq: fmtNumber(n) }) : e.message)));
    return;
  }
  const { resp, result } = checked;
  // Show the verified bytes' content; if verification failed, the server's
  // decoded copy, clearly under the red banner.
  const e = result ? result.entry : resp.entry;
  const payload = JSON.stringify(e.payload, null, 2);
  fill(main,
    h('h1', {}, t('entry.title', { seq: fmtNumber(n) })),
    banner(checked),
    h('section', { class: 'card', 'aria-labelledby': 'fields-h' },
      h('h2', { id: 'fields-h' }, t('entry.fields')),
      h('dl', { class: 'fields', id: 'entry-fields' },
        h('dt', {}, t('entry.seq')), h('dd', {}, fmtNumber(e.seq)),
        h('dt', {}, t('entry.time')), h('dd', {}, fmtDate(e.time)),
        h('dt', {}, t('entry.party')), h('dd', {}, `${ctx.partyName(e.party)} (${e.party})`),
        h('dt', {}, t('entry.author')), h('dd', {}, e.author),
        h('dt', {}, t('entry.kind')), h('dd', {}, h('code', {}, e.kind)),
        h('dt', {}, t('entry.subject')), h('dd', {}, h('span', { class: 'ltr' }, e.subject)),
        h('dt', {}, t('entry.release')), h('dd', {}, tlpBadge(e.release.tlp), ' ',
          e.release.audience ? t('entry.audience', { parties: e.release.audience.map(ctx.partyName).join(', ') }) : ''),
        h('dt', {}, t('entry.commitment')), h('dd', {}, h('code', { class: 'ltr' }, resp.commitment))),
      h('h2', {}, t('entry.payload')),
      h('pre', { id: 'entry-payload', dir: 'auto' }, payload),
      h('p', {}, h('a', { href: `/api/v1/log/entries/${n}/proof`, download: `entry-${n}.tlog-proof` }, t('entry.download_proof')),
        ' — ', t('entry.proof_hint'))),
    historyPanel(e.subject, ctx.partyName));
}
