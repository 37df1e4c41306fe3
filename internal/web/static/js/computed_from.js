// The line under a record's status that says which logs its joint state
// was computed from ("computed from us.example/log at index 1,204,
// ru.example/log at index 988"): each origin with the last index of the
// tree read, as the API's computed_from lists them (this node's own log
// first). Zones, agreements and passages show it on their record pages.
import { h } from './dom.js';
import { t, fmtNumber } from './i18n.js';

// computedFrom returns the line for logs with the element id, or null if
// the answer names no log.
export function computedFrom(logs, id) {
  if (!logs || !logs.length) return null;
  const parts = logs.map((l) => t('joint.log_at', { origin: l.origin, index: fmtNumber(l.tree_size - 1) }));
  return h('p', { class: 'hint', id, dir: 'auto', 'data-logs': String(logs.length) }, t('joint.computed_from', { logs: parts.join(', ') }));
}
