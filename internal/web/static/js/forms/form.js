// Form helpers shared by every form of the UI: labelled fields with an
// error slot each, a general error box, and showing an API failure (an
// RFC 9457 problem) next to the field it concerns. The API names the bad
// field in problem.errors[].field ("time.start", "sources[0].reliability",
// "geometry/coordinates/0/3"); a field claims a name with data-field and
// the longest prefix that some field claims wins, so a nested error lands
// on the closest control. What matches no field goes to the general box.
import { announce } from '../flash.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { fieldMessage } from './fielderrors.js';

let seq = 0;

// field builds a labelled control: field(t('incident.category'),
// 'category', control, {hint}) gives the control an id, an
// aria-describedby to its error slot and a data-field naming the API field
// it fills.
export function field(label, name, control, { hint } = {}) {
  const id = control.id || `f-${name.replace(/[^a-z0-9]+/gi, '-')}-${++seq}`;
  control.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, role: 'alert', 'data-error-for': name });
  control.setAttribute('aria-describedby', `${id}-err`);
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
    err);
}

// select builds a <select> of [value, label] options.
export function select(name, options, value) {
  return h('select', { name }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

// input builds an <input> of type with attributes.
export function input(name, type = 'text', attrs = {}) {
  return h('input', { name, type, ...attrs });
}

// clearErrors empties every error slot and the general box of form.
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((el) => fill(el));
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const box = form.querySelector('.form-error');
  if (box) fill(box);
}

// normalise turns "sources[0].reliability" and "geometry/coordinates/0"
// into dotted paths ("sources.0.reliability", "geometry.coordinates.0").
function normalise(f) {
  return String(f || '').replace(/^\//, '').replace(/\[(\d+)\]/g, '.$1').replace(/\//g, '.');
}

// showError shows err (an ApiError or any Error) on form: each problem
// field error next to its field, the rest in the general box. A 412 (the
// record changed since the form read it: its If-Match ETag is stale) is
// shown as "changed by someone else" with a button that reloads the page.
// It returns the number of errors placed next to a field.
export function showError(form, err) {
  clearErrors(form);
  const box = form.querySelector('.form-error');
  const placed = [];
  const problem = err instanceof ApiError ? err.problem : {};
  const general = [];
  for (const fe of problem.errors || []) {
    const path = normalise(fe.field);
    let best = null;
    let bestLen = -1;
    form.querySelectorAll('[data-field]').forEach((el) => {
      const name = normalise(el.dataset.field);
      if ((path === name || path.startsWith(name + '.')) && name.length > bestLen) { best = el; bestLen = name.length; }
    });
    const msg = fieldMessage(fe);
    if (best) {
      // A group's own slot (a casualty row's, under its numbers) before
      // the slot of its first field.
      const slot = best.querySelector(':scope > .field-error') || best.querySelector('.field-error');
      slot.append(h('span', { title: msg.raw, 'data-reason': msg.key || 'raw' }, msg.text));
      const ctl = best.querySelector('input, select, textarea');
      if (ctl) ctl.setAttribute('aria-invalid', 'true');
      placed.push(best);
    } else general.push(msg.key ? `${fe.field}: ${msg.text}` : msg.text);
  }
  if (err instanceof ApiError && err.status === 412) {
    // The record changed since the form read it (its ETag went with
    // If-Match): say so plainly and offer to reload the latest version.
    if (box) {
      fill(box, h('strong', { class: 'stale' }, t('form.stale_title')), ' — ', t('form.stale'), ' ',
        h('button', { type: 'button', class: 'btn secondary small', 'data-reload': '', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }, t('form.reload')));
      box.focus();
    }
    return 0;
  }
  if (!placed.length || general.length) {
    const title = err instanceof ApiError ? (problem.title || `HTTP ${err.status}`) : t('form.failed');
    const detail = general.length ? general.join('; ') : (problem.detail || err.message);
    if (box) fill(box, h('strong', {}, title), ' — ', detail);
  }
  if (placed.length) {
    const ctl = placed[0].querySelector('input, select, textarea');
    if (ctl) ctl.focus();
  } else if (box) box.focus();
  return placed.length;
}

// formShell builds a form with a general error box and a submit button;
// submitLabel is the button's text; onSubmit(form) runs on submit with errors cleared and the button
// disabled, and its failures are shown with showError.
// A handler (onSubmit) that resolves to a non-empty string has it shown as
// the action's confirmation (flash.js) and the form reset.
export function formShell(attrs, children, submitLabel, onSubmit) {
  const button = h('button', { type: 'submit', class: 'btn', id: attrs.id ? `${attrs.id}-submit` : undefined }, submitLabel);
  const form = h('form', { novalidate: true, ...attrs },
    h('div', { class: 'form-error error', role: 'alert', tabindex: '-1' }),
    children, h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      // A handler that returns a message has done what the user asked:
      // the message confirms it and the form starts afresh.
      const done = await onSubmit(form);
      if (typeof done === 'string' && done) {
        announce(done);
        form.reset();
      }
    } catch (e) {
      if (!(e instanceof ApiError)) console.warn('form', e);
      showError(form, e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// value reads the named control of form ('' if none).
export function value(form, name) {
  const el = form.querySelector(`[name="${name}"]`);
  return el ? el.value.trim() : '';
}

// releasabilityFields builds a TLP select and an audience checkbox list of
// parties (ctx.parties), filled as "releasability" in the request.
export function releasabilityFields(ctx, def = 'GREEN', tlps = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']) {
  const tlp = select('tlp', tlps.map((x) => [x, `TLP:${x}`]), def);
  const boxes = [...ctx.parties.values()].map((p) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'audience', value: p.id, checked: ctx.me && p.id === ctx.me.party }), p.name));
  return h('fieldset', { class: 'group', 'data-field': 'releasability' },
    h('legend', {}, t('form.releasability')),
    field(t('form.tlp'), 'releasability.tlp', tlp, { hint: t('form.tlp_hint') }),
    h('fieldset', { class: 'field audience', 'data-field': 'releasability.audience' },
      h('legend', { class: 'label' }, t('form.audience')), h('div', { class: 'checks' }, boxes),
      h('p', { class: 'field-error', role: 'alert' })),
    h('p', { class: 'field-error', role: 'alert' }));
}

// releasabilityValue reads what releasabilityFields shows.
export function releasabilityValue(form) {
  const tlp = value(form, 'tlp');
  const audience = [...form.querySelectorAll('input[name="audience"]:checked')].map((x) => x.value);
  return audience.length ? { tlp, audience } : { tlp };
}

// isoFromLocal turns a datetime-local value (taken as UTC, the centre's
// common time) into RFC 3339; '' stays ''.
export function isoFromLocal(v) {
  if (!v) return '';
  return (v.length === 16 ? v + ':00' : v) + 'Z';
}

// localFromDate formats d for a datetime-local input, in UTC.
export function localFromDate(d) {
  return d.toISOString().slice(0, 16);
}
