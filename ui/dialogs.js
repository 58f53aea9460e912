// @ts-check
// Modal dialogs: a dialog of any content, a dialog holding one form (its refusals shown inside it, which stays
// open), and a yes/no question. Nothing here knows about a particular screen.

import { h, mount } from './dom.js';
import { formErrors } from './form-errors.js';

/**
 * A modal dialog. `build(close, dialog)` returns its content; Esc or 取消 closes it (a view may listen for
 * the dialog's `cancel` event to ask first). Resolves with the value passed to `close` (undefined when
 * dismissed).
 * @param {string} title
 * @param {(close: (value?: any) => void, dialog: HTMLDialogElement) => Node | Node[]} build
 * @param {{ wide?: boolean }} [options]
 * @returns {Promise<any>}
 */
export function openDialog(title, build, { wide = false } = {}) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: wide ? 'wide' : '' });
    /** @type {any} */
    let result;
    /** @param {any} [value] */
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    mount(dialog, h('h2', {}, title), build(close, dialog));
    document.body.appendChild(dialog);
    showModal(dialog).then(() => {
      /** @type {HTMLElement | null} */
      const first = dialog.querySelector('[autofocus], input, select, textarea, button.primary');
      first?.focus();
    });
  });
}

/**
 * Shows `dialog` modally; in a browser without <dialog> (Firefox before 98, in browser mode) through Google's
 * dialog-polyfill, loaded only then.
 * @param {HTMLDialogElement} dialog
 */
async function showModal(dialog) {
  if (typeof dialog.showModal !== 'function') {
    const { default: polyfill } = await import('./vendor/dialog-polyfill.esm.js');
    document.documentElement.classList.add('dialog-polyfill');
    polyfill.registerDialog(dialog);
  }
  dialog.showModal();
}

/**
 * A dialog holding one form. `build()` returns `{ fields, read }`: the controls, and how to read what was
 * typed. On submit, `submit(read())` runs; its value closes the dialog, a refusal is shown in the dialog,
 * which stays open. Resolves with that value (null when cancelled).
 * @template V, R
 * @param {string} title
 * @param {() => { fields: Node | (Node | null)[], read: () => V }} build
 * @param {(value: V) => R | Promise<R>} submit
 * @param {{ id?: string, submitLabel?: string, grid?: boolean }} [options]
 * @returns {Promise<R | null | undefined>}
 */
export function formDialog(title, build, submit, { id, submitLabel = '保存', grid = true } = {}) {
  return openDialog(title, (close) => {
    const errors = formErrors();
    const { fields, read } = build();
    /** @param {Event} e */
    const onSubmit = async (e) => {
      e.preventDefault();
      await errors.attempt(async () => close(await submit(read())));
    };
    return h(
      'form',
      // The browser's own range checks would block the submit with an English bubble; the core (and the
      // dialog's submit) explain in Chinese instead.
      { id, onsubmit: onSubmit, class: grid ? 'dialog-grid' : '', novalidate: true },
      fields,
      errors.line,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(null) }, '取消'),
        h('button', { type: 'submit', class: 'primary', id: id ? `${id}-ok` : undefined }, submitLabel),
      ),
    );
  });
}

/**
 * Asks a yes/no question; resolves true only on the confirm button.
 * @param {string} title
 * @param {string} message
 * @param {string} [confirmLabel]
 * @returns {Promise<boolean>}
 */
export function confirmDialog(title, message, confirmLabel = '确定') {
  return openDialog(title, (close) =>
    h(
      'form',
      { method: 'dialog', onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), close(true)) },
      h('p', { class: 'dialog-message' }, message),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(false) }, '取消'),
        h('button', { type: 'submit', class: 'primary', id: 'confirm-ok', autofocus: true }, confirmLabel),
      ),
    ),
  ).then((v) => v === true);
}
