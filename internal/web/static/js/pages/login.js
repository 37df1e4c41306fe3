// The login page: username and password open a browser session.
import { landingPath } from '../landing.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { login } from '../api.js';

export function render(main, ctx, { query }) {
  const err = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const user = h('input', { type: 'text', id: 'login-username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const pass = h('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { class: 'btn', type: 'submit', id: 'login-submit' }, t('auth.submit'));
  const form = h('form', { class: 'stack', novalidate: true },
    h('label', { class: 'field', for: 'login-username' }, t('auth.username'), user),
    h('label', { class: 'field', for: 'login-password' }, t('auth.password'), pass),
    err, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fill(err);
    if (!user.value || !pass.value) { fill(err, t('auth.missing')); return; }
    submit.disabled = true;
    try {
      await login(user.value.trim(), pass.value);
      await ctx.refreshMe();
      const next = query.get('next');
      ctx.navigate(next && next.startsWith('/') && next !== '/login' ? next : landingPath(ctx.me));
    } catch (e) {
      fill(err, e.status === 401 ? t('auth.failed') : t('error.unexpected', { message: e.message }));
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
    }
  });
  fill(main,
    h('h1', {}, t('auth.title')),
    h('div', { class: 'login-wrap' },
      h('div', { class: 'card' }, form),
      h('div', {}, h('p', { class: 'lead' }, t('auth.intro')), h('p', {}, h('a', { href: '#/public' }, t('auth.public_link'))))));
  user.focus();
}
