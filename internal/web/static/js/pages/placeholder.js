// A screen whose API is being built: says what it will show.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';

export function render(main, ctx, { screen }) {
  fill(main,
    h('h1', {}, t(`nav.${screen}`)),
    h('section', { class: 'card placeholder', id: 'placeholder' },
      h('p', {}, t(`placeholder.${screen}`)),
      h('p', {}, t('placeholder.soon'))));
}
