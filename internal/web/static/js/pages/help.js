// Help: a short note on what each screen is for and what one does there,
// and a glossary of the centre's words (TLP, Admiralty grades, co-chair,
// acknowledgement, …), in the user's language. Open to everyone, signed
// in or not; #/help?screen=incidents scrolls to that screen's note.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';

// SCREENS are the screens with a note, each linked to its page.
const SCREENS = [['map', '/map'], ['queues', '/queues'], ['incidents', '/incidents'], ['notifications', '/notifications'],
  ['alerts', '/alerts'], ['hotline', '/hotline'], ['airspace', '/airspace'], ['log', '/log']];

// TERMS are the glossary's entries.
const TERMS = ['tlp', 'admiralty', 'cochair', 'acknowledgement', 'notification', 'verification', 'verified', 'utc'];

export function render(main, ctx, { query } = {}) {
  fill(main, h('h1', {}, t('help.title')), h('p', { class: 'lead' }, t('help.intro')),
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'help-screens' }, h('h2', { id: 'help-screens' }, t('help.screens')),
        SCREENS.map(([s, path]) => h('div', { class: 'help-screen', id: `help-${s}` },
          h('h3', {}, h('a', { href: `#${path}` }, t(`help.screen.${s}.title`))),
          h('p', {}, t(`help.screen.${s}`))))),
      h('section', { class: 'card', 'aria-labelledby': 'help-glossary' }, h('h2', { id: 'help-glossary' }, t('help.glossary')),
        h('dl', { class: 'glossary', id: 'glossary' }, TERMS.flatMap((k) => [h('dt', { id: `term-${k}` }, t(`glossary.${k}`)), h('dd', {}, t(`glossary.${k}.def`))])))));
  const screen = query && query.get('screen');
  const target = screen && document.getElementById(`help-${screen}`);
  if (target) target.scrollIntoView({ block: 'start' });
}
