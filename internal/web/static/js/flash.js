// A confirmation of what an action did, shown at the foot of the window
// (a polite live region, so screen readers announce it) and kept across
// the page redrawing itself after the action: the form that caused it is
// often replaced. It stays 8 seconds, or until the next one, or until
// dismissed.
import { h, fill } from './dom.js';
import { t } from './i18n.js';

const SHOW_MS = 8000;
let timer = null;

// announce shows message (text or nodes) as the confirmation of an action.
export function announce(message) {
  let box = document.getElementById('flash');
  if (!box) {
    box = h('div', { id: 'flash', class: 'flash', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  const close = h('button', { type: 'button', class: 'linkish', 'aria-label': t('flash.dismiss'), onclick: () => { box.hidden = true; } }, '×');
  fill(box, h('span', { class: 'flash-text' }, message), ' ', close);
  box.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { box.hidden = true; }, SHOW_MS);
}
