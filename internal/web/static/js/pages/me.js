// Who am I: party, role, co-chair, and what the releasability rules let
// the user see; the parties of the centre.
import { h, fill, table, tlpBadge } from '../dom.js';
import { t, roleName } from '../i18n.js';

export function render(main, ctx) {
  const me = ctx.me;
  const parties = [...ctx.parties.values()];
  fill(main,
    h('h1', {}, t('me.title')),
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'me-who' },
        h('h2', { id: 'me-who' }, t('me.who')),
        h('dl', { class: 'fields', id: 'me-fields' },
          h('dt', {}, t('me.username')), h('dd', {}, me.username),
          h('dt', {}, t('me.party')), h('dd', { id: 'me-party' }, `${ctx.partyName(me.party)} (${me.party})`),
          h('dt', {}, t('me.role')), h('dd', { id: 'me-role' }, roleName(me.role), h('br'), h('small', {}, t(`role.${me.role}.desc`))),
          h('dt', {}, t('me.cochair_label')), h('dd', { id: 'me-cochair' }, me.co_chair ? t('me.cochair_yes') : t('me.cochair_no')),
          h('dt', {}, t('me.via')), h('dd', {}, t(`me.via.${me.via || 'session'}`)))),
      h('section', { class: 'card', 'aria-labelledby': 'me-see' },
        h('h2', { id: 'me-see' }, t('me.may_see')),
        h('ul', { id: 'me-may-see' },
          h('li', {}, tlpBadge('CLEAR'), ' ', t('me.see.clear')),
          h('li', {}, tlpBadge('GREEN'), ' ', t('me.see.green')),
          h('li', {}, tlpBadge('AMBER'), ' ', tlpBadge('AMBER+STRICT'), ' ', tlpBadge('RED'), ' ', t('me.see.audience', { party: ctx.partyName(me.party) }))),
        h('p', { class: 'lead' }, t('me.see.admin_note')))),
    h('h2', {}, t('me.parties')),
    table([t('party.id'), t('party.name'), t('party.kind'), t('party.cochair')],
      parties.map((p) => [h('code', {}, p.id), p.name, t(`party.kind.${p.kind}`), p.co_chair ? t('me.cochair_yes') : ''])));
}
