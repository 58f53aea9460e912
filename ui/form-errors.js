// @ts-check
// How a form says no. A refusal — the core's `{kind, message, field}` arriving as an ApiError, or a check made
// here — is shown on the form's error line (`p.form-error`, role alert) and the form stays open; when the
// refusal names a field, that field's own line shows it too and the field takes the focus. Every form uses
// this one helper, so each refuses the same way and the end-to-end tests find the same `.form-error`.

import { h } from './dom.js';

/** What can be shown: an Error, an ApiError (`field` is the label of the field it is about) or a plain message. */
/** @typedef {{ message?: string, field?: string | null, kind?: string }} Refusal */
/** The line and control of one field, for marking the field a refusal names. */
/** @typedef {{ line: HTMLElement, control?: HTMLElement | null }} FieldMark */

/**
 * @typedef {object} FormErrors
 * @property {HTMLElement} line The error line to place in the form (hidden while there is nothing to say).
 * @property {(error: Refusal | null) => void} show Shows a refusal and marks its field; `show(null)` clears.
 * @property {() => void} clear Hides the line.
 * @property {<T>(action: () => T | Promise<T>, refused?: (error: any) => void) => Promise<T | undefined>} attempt
 *   Clears the line and runs `action`; resolves with its value, or — when it throws — shows the refusal, calls
 *   `refused(error)` and resolves with undefined.
 */

/**
 * A form's error line. `id` names the line (the case form's is `form-error`); `field(label)` finds the line
 * and control of the field with that label, for a refusal that names one.
 * @param {{ id?: string, field?: (label: string) => FieldMark | undefined }} [options]
 * @returns {FormErrors}
 */
export function formErrors({ id, field } = {}) {
  const line = h('p', { class: 'form-error', role: 'alert', id, hidden: true });
  /** @param {Refusal | null} error */
  const show = (error) => {
    line.textContent = error ? (error.message ?? String(error)) : '';
    line.hidden = !error;
    const mark = error?.field && field ? field(error.field) : undefined;
    if (mark) {
      mark.line.textContent = error.message;
      mark.line.hidden = false;
      mark.control?.focus();
    }
  };
  const clear = () => show(null);
  /**
   * @template T
   * @param {() => T | Promise<T>} action
   * @param {(error: any) => void} [refused]
   * @returns {Promise<T | undefined>}
   */
  const attempt = async (action, refused) => {
    clear();
    try {
      return await action();
    } catch (error) {
      show(error);
      refused?.(error);
      return undefined;
    }
  };
  return { line, show, clear, attempt };
}
