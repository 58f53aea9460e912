// @ts-check
// The frame around every screen: the navigation (brand, quick search, the screens' links, and the user and
// laptop at its foot) and the <main id="view"> that main.js mounts each screen in.

import { h, mount } from './dom.js';
import { looksLikeRegNo } from './format.js';
import { state } from './state.js';

/**
 * The navigation and the empty view. `go(path)` navigates (the quick search opens a case or a search).
 * @param {(path: string) => void} go
 * @returns {HTMLElement[]}
 */
export function shell(go) {
  /** @param {string} path @param {string} label @param {string} [key] */
  const link = (path, label, key) =>
    h('a', { href: `#${path}`, 'data-route': path, title: key ? `${label}（${key}）` : label }, label);
  // Search as one types: the results page follows the box (replacing itself in the history, so Back leaves
  // the search in one step); Enter opens a registration number's case or the best result; ↓ enters the list.
  let typing = 0;
  /** The results page for `text`, keeping the page's filters; one history entry however long one types. */
  const searchFor = (/** @type {string} */ text, open = false) => {
    const here = location.hash.startsWith('#/search');
    const params = new URLSearchParams(here ? (location.hash.split('?')[1] ?? '') : '');
    params.set('q', text);
    params.delete('open');
    if (open) params.set('open', '1');
    const path = `/search?${params.toString()}`;
    if (here) location.replace(`#${path}`);
    else go(path);
  };
  const live = () => {
    const text = search.value.trim();
    if (text && !looksLikeRegNo(text)) searchFor(text);
  };
  const search = h('input', {
    id: 'quick-search',
    type: 'search',
    placeholder: '查找（Ctrl+F）',
    'aria-label': '查找：输入登记编号或任何字词',
    oninput: () => {
      clearTimeout(typing);
      typing = setTimeout(live, 200);
    },
    onkeydown: (/** @type {KeyboardEvent} */ e) => {
      if (e.key === 'ArrowDown') {
        const first = /** @type {HTMLElement | null} */ (document.querySelector('#search-results a.search-hit'));
        if (first) {
          e.preventDefault();
          first.focus();
        }
        return;
      }
      if (e.key !== 'Enter') return;
      clearTimeout(typing);
      const text = search.value.trim();
      if (!text) return;
      if (looksLikeRegNo(text)) go(`/case/${text.replace(/\s/g, '')}`);
      else searchFor(text, true);
    },
  });
  return [
    h(
      'nav',
      { id: 'nav' },
      h('div', { class: 'brand' }, h('img', { src: 'icon.png', alt: '' }), h('span', {}, '法审台')),
      search,
      link('/', '工作台'),
      link('/cases', '案件登记簿'),
      link('/cases/new', '新建案件', 'Ctrl+N 或 Alt+N'),
      ...registerLinks(link),
      h('div', { class: 'nav-group' }, '办公'),
      link('/stats', '统计'),
      link('/people', '人员与单位'),
      link('/calendar', '日历与期限'),
      link('/sync', '同步'),
      link('/settings', '设置'),
      h('div', { class: 'nav-foot', id: 'nav-identity' }),
    ),
    h('main', { id: 'view', tabindex: '-1' }),
  ];
}

/**
 * The registers of their own (行政应诉, 复议答复, 两法衔接), under the group headings the core gives them: each
 * the case register filtered to its kind.
 * @param {(path: string, label: string) => HTMLElement} link
 */
function registerLinks(link) {
  /** @type {Map<string, HTMLElement[]>} */
  const groups = new Map();
  for (const kind of state.vocab?.kinds ?? []) {
    if (!kind.group) continue;
    if (!groups.has(kind.group)) groups.set(kind.group, [h('div', { class: 'nav-group' }, kind.group)]);
    groups.get(kind.group)?.push(link(`/cases?kind=${kind.code}`, kind.short_label));
  }
  return [...groups.values()].flat();
}

/** The user and laptop shown at the foot of the navigation. */
export function showIdentity() {
  const el = document.getElementById('nav-identity');
  const info = state.info;
  if (!el || !info) return;
  mount(
    el,
    h('div', {}, info.user_name ?? '未设置用户'),
    h('div', { class: 'muted' }, info.device_name ?? '未命名的电脑'),
  );
}
