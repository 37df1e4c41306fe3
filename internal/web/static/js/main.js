// Entry point: loads the language, finds out who is logged in, draws the
// shell (top bar, navigation) and routes the URL fragment (#/map,
// #/entry/12, …) to a page module. Each page exports
// render(main, ctx, params) and may return a cleanup function.
import { initLang, setLang, currentLang, t, roleName } from './i18n.js';
import { whoami, logout, api } from './api.js';
import { h, fill } from './dom.js';
import { renderNav, watchCounts } from './nav.js';
import { routes } from './routes.js';
import { ready as uiConfigReady } from './uiconfig.js';
import { landingPath } from './landing.js';
import { watch as watchDates } from './localdate.js';
import { installNavMenu } from './navmenu.js';

const ctx = { me: null, parties: new Map(), navigate, refreshMe };
let cleanup = null;
let rendering = 0;

async function boot() {
  await Promise.all([initLang(), uiConfigReady().catch((err) => console.error('ui config', err))]);
  watchDates(); // every date input shows and takes the user's locale's format
  installNavMenu(); // the navigation behind a menu button on phones
  const sel = document.getElementById('lang-select');
  sel.value = currentLang();
  sel.addEventListener('change', () => setLang(sel.value));
  window.addEventListener('langchange', () => { sel.value = currentLang(); drawShell(); route(); });
  window.addEventListener('hashchange', route);
  await refreshMe();
  route();
}

// refreshMe reloads who is logged in and the parties, then redraws the shell.
async function refreshMe() {
  ctx.me = await whoami();
  try {
    const ps = await api('/api/v1/parties');
    ctx.parties = new Map(ps.items.map((p) => [p.id, p]));
  } catch { /* the shell works without party names */ }
  drawShell();
  watchCounts(ctx.me);
}

export function partyName(id) { const p = ctx.parties.get(id); return p ? p.name : id; }
ctx.partyName = partyName;

function drawShell() {
  const box = document.getElementById('whoami');
  const me = ctx.me;
  if (me) {
    fill(box,
      h('span', { class: 'who' },
        h('span', { id: 'whoami-user' }, me.username),
        h('small', { id: 'whoami-party' }, `${partyName(me.party)} · ${roleName(me.role)}`)),
      me.co_chair ? h('span', { class: 'badge cochair' }, t('me.cochair')) : null,
      h('button', { class: 'btn secondary', id: 'logout', type: 'button', onclick: doLogout }, t('auth.logout')));
  } else {
    fill(box, h('a', { class: 'btn secondary', href: '#/login', id: 'login-link' }, t('auth.login')));
  }
  renderNav(document.getElementById('nav'), me, currentPath());
}

async function doLogout() {
  await logout().catch(() => {});
  await refreshMe();
  navigate('/public');
}

function currentPath() { return (location.hash.slice(1) || '').split('?')[0] || defaultPath(); }
function defaultPath() { return landingPath(ctx.me); }

// navigate goes to path (e.g. '/entry/3').
export function navigate(path) {
  if (location.hash === '#' + path) route();
  else location.hash = '#' + path;
}

async function route() {
  const path = currentPath();
  const query = new URLSearchParams((location.hash.split('?')[1]) || '');
  const main = document.getElementById('main');
  let match = null;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) { match = { r, params: { ...(m.groups || {}), query } }; break; }
  }
  if (!match) { match = { r: routes.find((x) => x.notFound), params: { query } }; }
  if (match.r.auth && !ctx.me) {
    navigate('/login?next=' + encodeURIComponent(path));
    return;
  }
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  renderNav(document.getElementById('nav'), ctx.me, path);
  const token = ++rendering;
  main.className = '';
  main.replaceChildren();
  const mod = await match.r.load();
  if (token !== rendering) return;
  try {
    cleanup = (await mod.render(main, ctx, match.params)) || null;
  } catch (e) {
    console.error(e);
    fill(main, h('h1', {}, t('error.title')), h('p', { class: 'error', role: 'alert' }, t('error.unexpected', { message: e.message })));
  }
  const title = main.querySelector('h1');
  document.title = title ? `${title.textContent} — truce` : 'truce';
  // After a navigation from the menu, move keyboard focus to the new page
  // (unless the page focused a field itself, as the login form does, or
  // the phone menu is open: a render that ends then leaves its focus).
  const active = document.activeElement;
  const menuOpen = document.body.classList.contains('nav-open');
  if (!active || active === document.body || (active.closest('#nav') && !menuOpen)) main.focus({ preventScroll: true });
}

boot().catch((e) => {
  console.error(e);
  document.getElementById('main').textContent = 'truce: ' + e.message;
});
