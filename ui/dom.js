// @ts-check
// Building DOM without ever parsing data as HTML: text goes through textContent, attributes through
// setAttribute/properties. Data from the database or a sync file is untrusted (DESIGN.md §10).

/** What may stand as a child: text, a node, nothing (skipped), or a list of these. */
/** @typedef {Node | string | number | boolean | null | undefined | any[]} Child */

/**
 * `h('button', { class: 'primary', onclick: save }, '保存')`. Children may be strings (made text nodes),
 * nodes, arrays, or null/false (skipped). Keys starting with `on` add listeners; `dataset`, `value`,
 * `checked`, `disabled`, `selected` and `hidden` are set as properties; the rest as attributes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (['value', 'checked', 'disabled', 'selected', 'hidden'].includes(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Replaces everything inside `el`.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A <select> of `[value, label]` pairs with `selected` chosen and an optional empty first choice.
 * @param {Record<string, any>} attrs
 * @param {Array<[string | number, string]>} options
 * @param {string | number | null | undefined} selected
 * @param {string} [emptyLabel]
 */
export function select(attrs, options, selected, emptyLabel) {
  const opts = [];
  if (emptyLabel !== undefined) opts.push(h('option', { value: '' }, emptyLabel));
  for (const [value, label] of options) {
    opts.push(h('option', { value, selected: String(value) === String(selected ?? '') }, label));
  }
  return h('select', attrs, opts);
}

/**
 * One filter of a list screen (the register, the search results): its name above its control.
 * @param {string} text
 * @param {Node} control
 * @param {string} [extraClass]
 */
export function filterLabel(text, control, extraClass) {
  return h('label', { class: extraClass ? `filter ${extraClass}` : 'filter' }, h('span', {}, text), control);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG element, as `h` makes HTML ones: every attribute set with setAttribute, children appended (text as
 * text nodes).
 * @param {string} tag
 * @param {Record<string, string | number | null | undefined>} [attrs]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined) continue;
    el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}
