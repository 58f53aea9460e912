// What every view shares: the vocabulary of labels (from the core), the units and people lists, toasts,
// modal dialogs and the status badge. Nothing here knows about a particular screen.

import * as api from './api.js';
import { h, mount } from './dom.js';

export const state = {
  vocab: null,
  info: null,
  units: [],
  people: [],
};

export async function loadVocabulary() {
  state.vocab = await api.vocabulary();
}

/** Reloads the units and people lists (after one is added, a restore or the demo data). */
export async function loadParties() {
  const [units, people] = await Promise.all([api.listUnits(), api.listPeople()]);
  const byName = (a, b) => a.name.localeCompare(b.name, 'zh-CN');
  state.units = units.sort(byName);
  state.people = people.sort(byName);
}

const find = (list, code) => list.find((x) => x.code === code);
export const kindShort = (code) => find(state.vocab.kinds, code)?.short_label ?? code;
export const statusLabel = (code) => find(state.vocab.statuses, code)?.label ?? code;
export const choiceLabel = (list, code) => find(state.vocab[list], code)?.label ?? code ?? '';
export const unitName = (id) => state.units.find((u) => u.id === id)?.name ?? '';
export const personName = (id) => state.people.find((p) => p.id === id)?.name ?? '';

/** A coloured badge for a status; the colour groups statuses by what they ask of the office. */
export function statusBadge(code) {
  const group =
    {
      registered: 'new',
      awaiting_materials: 'wait',
      in_review: 'work',
      advisor_consulted: 'work',
      awaiting_signoff: 'sign',
      awaiting_filing: 'wait',
      expiring: 'warn',
    }[code] ?? (find(state.vocab.statuses, code)?.is_final ? 'done' : 'ok');
  return h('span', { class: `badge badge-${group}`, 'data-status': code }, statusLabel(code));
}

/** A short message at the bottom right; errors stay until clicked. */
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  t.addEventListener('click', () => t.remove());
  box.appendChild(t);
  if (kind !== 'error') setTimeout(() => t.remove(), 4000);
}

/**
 * A modal dialog. `build(close, dialog)` returns its content; Esc or 取消 closes it (a view may listen for
 * the dialog's `cancel` event to ask first). Resolves with the value passed to `close` (undefined when
 * dismissed).
 */
export function openDialog(title, build, { wide = false } = {}) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: wide ? 'wide' : '' });
    let result;
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
    dialog.showModal();
    const first = dialog.querySelector('[autofocus], input, select, textarea, button.primary');
    first?.focus();
  });
}

/**
 * A dialog holding one form. `build()` returns `{ fields, read }`: the controls, and how to read what was
 * typed. On submit, `submit(read())` runs; its value closes the dialog, a refusal is shown in the dialog,
 * which stays open. Resolves with that value (null when cancelled).
 */
export function formDialog(title, build, submit, { id, submitLabel = '保存', grid = true } = {}) {
  return openDialog(title, (close) => {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const { fields, read } = build();
    const onSubmit = async (e) => {
      e.preventDefault();
      showError(error, null);
      try {
        close(await submit(read()));
      } catch (err) {
        showError(error, err);
      }
    };
    return h(
      'form',
      // The browser's own range checks would block the submit with an English bubble; the core (and the
      // dialog's submit) explain in Chinese instead.
      { id, onsubmit: onSubmit, class: grid ? 'dialog-grid' : '', novalidate: true },
      fields,
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(null) }, '取消'),
        h('button', { type: 'submit', class: 'primary', id: id ? `${id}-ok` : undefined }, submitLabel),
      ),
    );
  });
}

/** Asks a yes/no question; resolves true only on the confirm button. */
export function confirmDialog(title, message, confirmLabel = '确定') {
  return openDialog(title, (close) =>
    h(
      'form',
      { method: 'dialog', onsubmit: (e) => (e.preventDefault(), close(true)) },
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

/** The error line a form shows; `showError(el, null)` clears it. */
export function showError(el, error) {
  el.textContent = error ? error.message ?? String(error) : '';
  el.hidden = !error;
}

/** A page header: title, optional subtitle and buttons on the right. */
export function pageHeader(title, subtitle, ...buttons) {
  return h(
    'header',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    h('div', { class: 'header-actions' }, buttons),
  );
}

/** The user and laptop shown at the foot of the navigation. */
export function showIdentity() {
  const el = document.getElementById('nav-identity');
  const info = state.info;
  if (!el || !info) return;
  mount(el, h('div', {}, info.user_name ?? '未设置用户'), h('div', { class: 'muted' }, info.device_name ?? '未命名的电脑'));
}

/** A <datalist> of the staff's names, so a user name can be picked rather than typed (the dashboard's "my cases"
 * needs it to match a name on the staff list). */
export function staffNames(id) {
  return h('datalist', { id }, state.people.filter((p) => !p.advisor).map((p) => h('option', { value: p.name })));
}
