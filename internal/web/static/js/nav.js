// The navigation: the screens of the centre. Domain screens whose API is
// not there yet show a placeholder page (pages/placeholder.js) until their
// module replaces it in routes.js; count badges ("—" for now) are filled by
// setCount once the queues API exists.
import { h, fill } from './dom.js';
import { t } from './i18n.js';

export const sections = [
  { title: 'nav.section.operations', auth: true, items: [
    { path: '/map', key: 'nav.map', public: true },
    { path: '/queues', key: 'nav.queues', count: 'queues' },
    { path: '/incidents', key: 'nav.incidents' },
    { path: '/zones', key: 'nav.zones' },
    { path: '/notifications', key: 'nav.notifications' },
    { path: '/alerts', key: 'nav.alerts', count: 'alerts' },
    { path: '/hotline', key: 'nav.hotline', count: 'hotline' },
    { path: '/airspace', key: 'nav.airspace' },
    { path: '/dashboard', key: 'nav.dashboard' },
  ] },
  { title: 'nav.section.record', items: [
    { path: '/log', key: 'nav.log', public: true },
    { path: '/audit', key: 'nav.audit' },
  ] },
  { title: 'nav.section.public', items: [
    { path: '/public', key: 'nav.public', public: true },
  ] },
  { title: 'nav.section.account', items: [
    { path: '/me', key: 'nav.me' },
    { path: '/login', key: 'nav.login', anonOnly: true, public: true },
  ] },
];

const counts = {};

// setCount shows n next to the navigation items counting name.
export function setCount(name, n) {
  counts[name] = n;
  document.querySelectorAll(`[data-count="${name}"]`).forEach((el) => { el.textContent = n === undefined ? '—' : String(n); });
}

// renderNav draws the navigation for me (null for the public), marking
// the current path.
export function renderNav(nav, me, current) {
  nav.setAttribute('aria-label', t('nav.label'));
  const out = [];
  for (const s of sections) {
    const items = s.items.filter((i) => (me ? !i.anonOnly : i.public));
    if (!items.length) continue;
    out.push(h('h2', {}, t(s.title)));
    for (const i of items) {
      const cur = current === i.path || current.startsWith(i.path + '/');
      out.push(h('a', { href: '#' + i.path, 'aria-current': cur ? 'page' : null, 'data-nav': i.path },
        h('span', {}, t(i.key)),
        i.count && me ? h('span', { class: 'badge count', 'data-count': i.count, title: t('nav.count_pending') },
          counts[i.count] === undefined ? '—' : String(counts[i.count])) : null));
    }
  }
  fill(nav, ...out);
}
