// Showing verification results: a banner for one entry, a compact status
// for lists, and a record's history with every entry checked. A failure is
// always red and says "NOT verified" and why.
import { h, fill, tlpBadge, table } from './dom.js';
import { t, fmtDate, fmtNumber } from './i18n.js';
import { api } from './api.js';
import { verifyEntry, nodeKey, VerifyError } from './verify.js';

// reason translates a verification failure.
export function reason(err) {
  if (err instanceof VerifyError) return t(`verify.err.${err.code}`) + (err.detail ? ` (${err.detail})` : '');
  return err && err.message ? err.message : String(err);
}

// checkEntry fetches entry seq and verifies it, retrying briefly while no
// published checkpoint covers it yet. It resolves to {resp, result} or
// {resp, error}; it rejects only if the entry cannot be fetched (ApiError,
// e.g. 404 for an entry that does not exist or is not released to the
// caller).
export async function checkEntry(seq, { public: anon = false, attempts = 6 } = {}) {
  for (let i = 0; ; i++) {
    const resp = await api(`/api/v1/log/entries/${seq}`, { public: anon });
    try {
      return { resp, result: await verifyEntry(resp, await nodeKey()) };
    } catch (error) {
      if (error instanceof VerifyError && error.code === 'no_proof' && i + 1 < attempts) {
        await new Promise((r) => setTimeout(r, 700));
        continue;
      }
      return { resp, error };
    }
  }
}

// checkMirroredEntry fetches entry index of another party node's log
// (origin), as this node mirrored it, and verifies it against that
// origin's checkpoint this node accepted, signed by the origin's log key
// from the roster (which the banner shows, to compare out of band). It
// resolves to {resp, result} or {resp, error} as checkEntry does.
export async function checkMirroredEntry(origin, index) {
  const resp = await api(`/api/v1/federation/entries/${index}?origin=${encodeURIComponent(origin)}`);
  try {
    return { resp, result: await verifyEntry(resp, resp.log_key) };
  } catch (error) {
    return { resp, error };
  }
}

// banner is the large verification status of one entry.
export function banner({ result, error }) {
  if (error) {
    const pending = error instanceof VerifyError && error.code === 'no_proof';
    return h('div', { class: `verify ${pending ? 'pending' : 'bad'}`, role: 'status', 'data-verified': 'false', id: 'verify-status' },
      h('span', { class: 'icon', 'aria-hidden': 'true' }, pending ? '⏳' : '✗'),
      h('div', {}, pending ? t('verify.pending') : t('verify.not_verified', { reason: reason(error) })));
  }
  const cp = result.checkpoint;
  return h('div', { class: 'verify ok', role: 'status', 'data-verified': 'true', id: 'verify-status' },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, '✓'),
    h('div', {}, t('verify.verified_at', { index: fmtNumber(result.index) }),
      h('small', {}, t('verify.details', { size: fmtNumber(cp.size), origin: cp.origin, key: cp.keyHash, cosignatures: fmtNumber(cp.cosignatures) }))));
}

// mini is the compact status of an entry in a list.
export function mini({ result, error }) {
  if (error) {
    const pending = error instanceof VerifyError && error.code === 'no_proof';
    return h('span', { class: `vmini ${pending ? 'pending' : 'bad'}`, title: reason(error), 'data-verified': 'false' },
      pending ? t('verify.mini_pending') : '✗ ' + t('verify.mini_bad'));
  }
  return h('span', { class: 'vmini ok', 'data-verified': 'true', title: t('verify.verified_at', { index: result.index }) }, '✓ ' + t('verify.mini_ok', { index: fmtNumber(result.index) }));
}

// verifyCells fills each cell (by sequence number) with the entry's mini
// status, one entry at a time so a long list does not flood the node.
// A cell is [seq, cell, expect, origin]: expect(entry), given the entry decoded
// from the verified bytes, returns (or resolves to) the names of the fields the row shows
// that the entry contradicts. A row that pairs a genuine sequence number
// with content it does not hold is then shown as not matching the log,
// never as verified. With origin, the entry is seq of that origin's log,
// as this node mirrored it, verified against that origin's accepted,
// cosigned checkpoint (checkMirroredEntry).
//
// It resolves to the verified entries of this node's own log (those whose
// rows matched), by sequence number; mirrored entries are verified and
// shown, not returned.
export async function verifyCells(cells, opts = {}) {
  const verified = new Map();
  for (const [seq, cell, expect, origin] of cells) {
    fill(cell, t('verify.checking'));
    try {
      const checked = origin ? await checkMirroredEntry(origin, seq) : await checkEntry(seq, opts);
      const wrong = checked.result && expect ? await expect(checked.result.entry) : [];
      fill(cell, wrong.length ? mismatch(wrong) : mini(checked));
      if (checked.result && !wrong.length && !origin) verified.set(seq, checked.result.entry);
    } catch (e) {
      fill(cell, h('span', { class: 'vmini bad', 'data-verified': 'false' }, '✗ ' + (e.message || e)));
    }
  }
  return verified;
}

// mismatch is the status of a row whose shown fields differ from its
// verified entry.
export function mismatch(fields) {
  const names = fields.map((f) => t(`verify.field.${f}`)).join(', ');
  return h('span', { class: 'vmini bad mismatch', 'data-verified': 'false', 'data-mismatch': fields.join(' '), title: t('verify.mismatch_detail', { fields: names }) },
    '✗ ' + t('verify.mismatch', { fields: names }));
}

// differing compares pairs [name, shown, verified] and returns the names
// whose values differ, compared as JSON with sorted keys (the verified
// bytes are RFC 8785, the API's answers in struct order); absent, null and
// undefined agree.
export function differing(pairs) {
  const norm = (v) => (Array.isArray(v) ? v.map(norm) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined && v[k] !== null).map((k) => [k, norm(v[k])])) : v ?? null);
  const same = (a, b) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  return pairs.filter(([, a, b]) => !same(a, b)).map(([n]) => n);
}

// sameEntry returns an expect function for a listed entry: the verified
// entry must have the time, party, kind, subject and label it is shown with.
export function sameEntry(shown) {
  return (e) => differing([['seq', shown.seq, e.seq], ['time', shown.time, e.time], ['party', shown.party, e.party], ['kind', shown.kind, e.kind],
    ['subject', shown.subject, e.subject], ['release', shown.release && shown.release.tlp, e.release && e.release.tlp]]);
}

// entryRows turns listed entries into table rows, collecting the status
// cells (each checked against what its row shows) for verifyCells. An
// entry with an origin (mirrored from another party node's log) is
// labelled with that origin in its index cell.
export function entryRows(items, cells, partyName) {
  return items.map((it) => {
    const cell = h('span', {}, '…');
    const e = it.entry;
    cells.push([it.seq, cell, sameEntry({ ...e, seq: it.seq }), it.origin]);
    const index = it.origin
      ? h('span', { class: 'mirrored-index', 'data-origin': it.origin, 'data-index': String(it.seq) },
        t('entry.mirrored_index', { index: fmtNumber(it.seq), origin: it.origin }))
      : h('a', { href: `#/entry/${it.seq}` }, fmtNumber(it.seq));
    return [index, fmtDate(e.time), partyName(e.party), h('code', {}, e.kind),
      h('span', { class: 'ltr' }, e.subject), tlpBadge(e.release.tlp), cell];
  });
}

export function entryHeaders() {
  return [t('entry.seq'), t('entry.time'), t('entry.party'), t('entry.kind'), t('entry.subject'), t('entry.release'), t('verify.column')];
}

// historyPanel shows every entry about subject the caller may see, oldest
// first, each verified. Record pages of the domains reuse it.
export function historyPanel(subject, partyName) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'history-h' }, h('h2', { id: 'history-h' }, t('entry.history', { subject })), h('p', {}, t('common.loading')));
  api(`/api/v1/log/entries?subject=${encodeURIComponent(subject)}`).then((r) => {
    const cells = [];
    fill(box, box.firstChild, r.items.length ? table(entryHeaders(), entryRows(r.items, cells, partyName)) : h('p', {}, t('entry.history_empty')));
    verifyCells(cells);
  }).catch((e) => fill(box, box.firstChild, h('p', { class: 'error' }, e.message)));
  return box;
}
