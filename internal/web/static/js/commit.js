// Committing actions — acknowledgements, agreements, withdrawals,
// reconfirmations, cancellations: each is an entry in the log that cannot
// be taken back, so the UI asks once before it sends one, and says what
// happened once it has (flash.js).
//
//   commitButton({ id: 'alert-ack', label: t('alert.acknowledge'),
//     question: t('confirm.ack_alert'), run: () => api(…), done: () => t('done.ack_alert') })
//
// The question appears in place of the button (an alertdialog with the
// action's own words on its "yes" button and "Cancel"; Escape cancels), so
// a stray click or a double click never commits anything.
import { h } from './dom.js';
import { t } from './i18n.js';
import { announce } from './flash.js';

// ask shows question in place of anchor and resolves to true once the user
// confirms with yes (the action's words), false if they cancel. Focus
// moves to the "yes" button, and back to anchor on cancel. Asking again
// while a question is shown for anchor cancels the earlier one.
export function ask(anchor, question, yes) {
  const prior = anchor.confirmBox;
  if (prior) prior.cancel();
  return new Promise((resolve) => {
    // Ids follow the anchor's (alert-ack-yes) when it has one; the
    // classes confirm-yes and confirm-no name the buttons either way.
    const base = anchor.id;
    const yesBtn = h('button', { type: 'button', class: 'btn danger confirm-yes', id: base && `${base}-yes`, onclick: () => done(true) }, yes);
    const noBtn = h('button', { type: 'button', class: 'btn secondary confirm-no', id: base && `${base}-no`, onclick: () => done(false) }, t('confirm.cancel'));
    const q = h('span', { class: 'confirm-q' }, question);
    const box = h('span', { class: 'confirm', role: 'alertdialog', id: base && `${base}-confirm`, 'aria-label': question }, q, ' ', yesBtn, ' ', noBtn);
    box.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); done(false); } });
    box.cancel = () => done(false);
    anchor.confirmBox = box;
    anchor.hidden = true;
    anchor.after(box);
    yesBtn.focus();
    let settled = false;
    function done(ok) {
      if (settled) return;
      settled = true;
      anchor.confirmBox = null;
      box.remove();
      anchor.hidden = false;
      if (!ok) anchor.focus();
      resolve(ok);
    }
  });
}

// commitButton returns a button that, once its question is confirmed,
// runs run() (disabled meanwhile) and announces done(result) — a sentence
// saying what was recorded. A failure is shown next to the button (its
// RFC 9457 detail) and the button enabled again; nothing is announced.
// attrs are more attributes of the button (data-… for tests and styles).
export function commitButton({ id, label, question, yes = label, run, done, cls = 'btn', attrs = {} }) {
  const button = h('button', { type: 'button', class: cls, id, ...attrs });
  button.append(label);
  button.addEventListener('click', async () => {
    if (!(await ask(button, question, yes))) return;
    button.disabled = true;
    if (button.nextElementSibling && button.nextElementSibling.matches('.error.inline')) button.nextElementSibling.remove();
    let result;
    try {
      result = await run();
    } catch (e) {
      button.disabled = false;
      button.after(h('span', { class: 'error inline', role: 'alert' }, e.message));
      return;
    }
    if (done) announce(done(result));
  });
  return button;
}
