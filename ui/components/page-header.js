// @ts-check
// The header of every screen: its title, an optional subtitle, and its buttons on the right.

import { h } from '../dom.js';

/**
 * A page header: title, optional subtitle and buttons on the right.
 * @param {string} title
 * @param {string | null | undefined} subtitle
 * @param {...(Node | null)} buttons
 */
export function pageHeader(title, subtitle, ...buttons) {
  return h(
    'header',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    h('div', { class: 'header-actions' }, buttons),
  );
}
