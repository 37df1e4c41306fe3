// Unknown fragment.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';

export function render(main) {
  fill(main, h('h1', {}, t('notfound.title')), h('p', {}, t('notfound.text')), h('p', {}, h('a', { href: '#/' }, t('notfound.home'))));
}
