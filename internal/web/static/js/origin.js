// The origin label of a record: the party node whose log holds it (the
// record's "origin", which the API sets on every record: this node's own
// origin or, for a record mirrored from another party's node, that
// node's). Lists show it in a column, record pages beside the status.
import { h } from './dom.js';
import { t } from './i18n.js';

// originCell is a list cell naming rec's origin.
export function originCell(rec) {
  return h('span', { class: 'ltr origin', 'data-origin': rec.origin || '' }, rec.origin || '—');
}

// originLine is a record page's "logged by node …", naming rec's origin
// (the origin itself always left to right, the phrase in the page's
// direction).
export function originLine(rec) {
  const [before, after] = t('record.origin_of', { origin: '\u0000' }).split('\u0000');
  return h('span', { class: 'record-origin', 'data-origin': rec.origin || '' },
    before, h('bdi', { class: 'ltr', dir: 'ltr' }, rec.origin || '—'), after || '');
}
