// @ts-check
// Toasts: short messages in the navigation column's empty lower part (#toasts, in index.html), so they never
// cover a list or a form.

import { h } from './dom.js';

/**
 * A short message beside the navigation; errors stay until clicked, a warning (something done, with a
 * caveat) shows in amber.
 * @param {string} message
 * @param {'ok' | 'warn' | 'error'} [kind]
 */
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  t.addEventListener('click', () => t.remove());
  box.appendChild(t);
  if (kind !== 'error') setTimeout(() => t.remove(), 4000);
}
