// The phone menu: below 600 px wide (app.css) the navigation collapses
// behind a menu button at the start of the top bar. The button says
// whether the menu is open (aria-expanded) and controls #nav; opening it
// moves focus to the current screen's link, and choosing a screen, Escape
// or the button again closes it (Escape returns focus to the button).
// Wider screens never show the button and always show the navigation.
import { h } from './dom.js';
import { t } from './i18n.js';

// installNavMenu adds the menu button to the top bar once.
export function installNavMenu() {
  if (document.getElementById('nav-toggle')) return;
  const nav = document.getElementById('nav');
  const button = h('button', { type: 'button', id: 'nav-toggle', class: 'nav-toggle', 'aria-controls': 'nav', 'aria-expanded': 'false' },
    h('span', { class: 'nav-toggle-icon', 'aria-hidden': 'true' }, '☰'), h('span', { 'data-i18n': 'nav.menu' }, t('nav.menu')));
  const set = (open) => {
    document.body.classList.toggle('nav-open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  };
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    set(open);
    if (open) (nav.querySelector('a[aria-current="page"]') || nav.querySelector('a')).focus();
  });
  nav.addEventListener('click', (e) => { if (e.target.closest('a')) set(false); });
  nav.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') { set(false); button.focus(); }
  });
  window.addEventListener('hashchange', () => set(false));
  document.querySelector('.topbar').prepend(button);
}
