// The navigation: the screens of the centre. A screen whose module is not
// there yet shows a placeholder page (pages/placeholder.js) until its
// module replaces it in routes.js; count badges show "—" until setCount
// fills them (watchCounts does for open alerts, the queues and unread
// hotline messages). An item's also lists other path prefixes that belong
// to its screen (a flight plan's page is part of Airspace).
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import * as live from './live.js';
import * as queues from './queues.js';
import { entryKinds } from './uiconfig.js';

export const sections = [
  { title: 'nav.section.operations', auth: true, items: [
    { path: '/map', key: 'nav.map', public: true },
    { path: '/queues', key: 'nav.queues', count: 'queues' },
    { path: '/incidents', key: 'nav.incidents' },
    { path: '/zones', key: 'nav.zones' },
    { path: '/agreements', key: 'nav.agreements', also: ['/passages/'] },
    { path: '/notifications', key: 'nav.notifications' },
    { path: '/alerts', key: 'nav.alerts', count: 'alerts' },
    { path: '/cases', key: 'nav.cases' },
    { path: '/hotline', key: 'nav.hotline', count: 'hotline' },
    { path: '/sources', key: 'nav.sources', also: ['/drafts/'] },
    { path: '/airspace', key: 'nav.airspace', also: ['/flightplans/', '/reservations/', '/conflicts/'] },
    { path: '/dashboard', key: 'nav.dashboard' },
  ] },
  { title: 'nav.section.record', items: [
    { path: '/log', key: 'nav.log', public: true },
    { path: '/sitrep', key: 'nav.sitrep', public: true },
    { path: '/audit', key: 'nav.audit' },
  ] },
  { title: 'nav.section.public', items: [
    { path: '/public', key: 'nav.public', public: true },
  ] },
  { title: 'nav.section.account', items: [
    { path: '/me', key: 'nav.me' },
    { path: '/help', key: 'nav.help', public: true },
    { path: '/login', key: 'nav.login', anonOnly: true, public: true },
  ] },
];

const counts = {};

// setCount shows n next to the navigation items counting name.
export function setCount(name, n) {
  counts[name] = n;
  document.querySelectorAll(`[data-count="${name}"]`).forEach((el) => {
    el.textContent = n === undefined ? '—' : String(n);
    el.title = countTitle(name);
  });
}


function countTitle(name) {
  if (counts[name] === undefined) return t('nav.count_pending');
  return name === 'alerts' ? t('nav.count_alerts') : name === 'queues' ? t('nav.count_queues') : t('nav.count_hotline');
}

let unwatch = null;

// watchCounts keeps the badges current for me (null: stop): open alerts
// from GET /api/v1/alerts/counts, and the queues (see queues.js: the
// total awaiting me, and unread hotline messages), reloaded when an entry
// that may change them arrives over the live stream.
export function watchCounts(me) {
  if (unwatch) { unwatch(); unwatch = null; }
  if (!me) return;
  let timer = null;
  const load = () => api('/api/v1/alerts/counts')
    .then((c) => setCount('alerts', (c.by_status && c.by_status.open) || 0))
    .catch(() => { /* alerting not running: the badge keeps "—" */ });
  let qtimer = null;
  const loadQueues = () => queues.load(me)
    .then((q) => { setCount('queues', queues.total(q)); setCount('hotline', q.messages.length); })
    .catch((e) => console.warn('queue counts', e));
  const soon = () => { clearTimeout(timer); timer = setTimeout(load, 500); };
  const qsoon = () => { clearTimeout(qtimer); qtimer = setTimeout(loadQueues, 500); };
  const offs = entryKinds('alerts', 'all').map((k) => live.on(k, soon))
    .concat(queues.kinds().map((k) => live.on(k, qsoon)));
  load();
  loadQueues();
  unwatch = () => { clearTimeout(timer); clearTimeout(qtimer); offs.forEach((off) => off()); };
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
      const cur = current === i.path || current.startsWith(i.path + '/') || (i.also || []).some((p) => current.startsWith(p));
      out.push(h('a', { href: '#' + i.path, 'aria-current': cur ? 'page' : null, 'data-nav': i.path },
        h('span', {}, t(i.key)),
        i.count && me ? h('span', { class: 'badge count', 'data-count': i.count, title: countTitle(i.count) },
          counts[i.count] === undefined ? '—' : String(counts[i.count])) : null));
    }
  }
  fill(nav, ...out);
}
