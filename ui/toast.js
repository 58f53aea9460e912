// @ts-check
// Toasts: short messages at the bottom right of the window (#toasts, in index.html).

import { h } from './dom.js';

/**
 * A short message at the bottom right; errors stay until clicked.
 * @param {string} message
 * @param {'ok' | 'error'} [kind]
 */
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  t.addEventListener('click', () => t.remove());
  box.appendChild(t);
  if (kind !== 'error') setTimeout(() => t.remove(), 4000);
}
