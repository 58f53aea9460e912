// @ts-check
// The status badge used by the case table, the dashboard's counts and the case page.

import { h } from '../dom.js';
import { statusGroup, statusLabel } from '../labels.js';

/**
 * A coloured badge for a status; the colour groups statuses by what they ask of the office.
 * @param {string} code
 */
export function statusBadge(code) {
  return h('span', { class: `badge badge-${statusGroup(code)}`, 'data-status': code }, statusLabel(code));
}
