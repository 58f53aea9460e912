// @ts-check
// 查找: results of a search by any words, grouped by case (and the units, people and clauses that match),
// headline hits first, each with where the words were found and the text around them, the hits marked. The
// query and filters live in the address (#/search?q=…&kind=…), so Back returns to the same results. The
// sidebar's box drives this page as one types; ↑/↓ move through the results and Enter opens one.

import * as api from '../api.js';
import { filterLabel, h } from '../dom.js';
import { fmtCount, markedPieces } from '../format.js';
import { state } from '../state.js';
import { caseFilters } from '../components/case-filters.js';
import { pageHeader } from '../components/page-header.js';

const PAGE_SIZE = 20;
const KEYS = ['q', 'kind', 'status', 'unit', 'year', 'assignee'];

export async function renderSearch({ params, go }) {
  const p = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? '']));
  const known = (list, v) => (list.some((x) => x.code === v) ? v : null);
  const uuid = (v) => (/^[0-9a-f-]{36}$/i.test(v) ? v : null);
  const request = {
    query: p.q,
    kind: known(state.vocab.kinds, p.kind),
    status: known(state.vocab.statuses, p.status),
    unit_id: uuid(p.unit),
    year: /^\d{4}$/.test(p.year) ? Number(p.year) : null,
    assignee_id: uuid(p.assignee),
    offset: 0,
    limit: PAGE_SIZE,
  };
  const withParams = (changes) => {
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const v = k in changes ? changes[k] : p[k];
      if (v) next.set(k, v);
    }
    return `/search?${next.toString()}`;
  };
  const first = p.q.trim() ? await api.search(request) : null;
  // Asked to open the best result at once (Enter in the sidebar's box): the address forgets it, so Back
  // returns to the results rather than opening the case again.
  if (params.get('open') === '1') {
    history.replaceState(null, '', `#${withParams({})}`);
    const target = first?.results.find((r) => hrefOf(r));
    if (target) {
      go(hrefOf(target).slice(1));
      return h('p', { class: 'muted' }, '正在打开…');
    }
  }

  const input = h('input', {
    id: 'search-query',
    type: 'search',
    value: p.q,
    placeholder: '输入任何字词，如 履约保证金、增设行政许可、2018',
    'aria-label': '查找的字词',
    // Typed into the sidebar's box, the focus stays there; opened otherwise, it starts here.
    autofocus: document.activeElement?.id !== 'quick-search',
    onkeydown: (/** @type {KeyboardEvent} */ e) => {
      if (e.key === 'Enter') go(withParams({ q: /** @type {HTMLInputElement} */ (e.target).value.trim() }));
      else if (e.key === 'ArrowDown') {
        e.preventDefault();
        list.querySelector('a')?.focus();
      }
    },
  });
  const onFilter = (key) => (e) => go(withParams({ [key]: e.target.value }));
  const f = caseFilters({ ids: 'search', values: p, onFilter });
  const filters = h(
    'div',
    { class: 'filters', role: 'search' },
    filterLabel('查找', input, 'search-box'),
    f.kind,
    f.status,
    f.unit,
    f.year,
    f.assignee,
  );

  const list = h('ol', { id: 'search-results', class: 'search-results', onkeydown: moveFocus });
  const summary = h('p', { id: 'search-summary', class: 'muted', role: 'status' });
  const more = h('button', { id: 'search-more', type: 'button', hidden: true }, '显示更多');
  let next = 0;
  /** @param {any} page */
  const add = (page) => {
    for (const r of page.results) list.append(resultItem(r));
    next = page.next_offset;
    more.hidden = list.children.length >= page.total || page.results.length === 0;
  };
  if (!first) {
    summary.textContent = '输入要查找的字词：多个词须全部出现；"…" 查找整句；在词前加 - 表示排除。';
  } else if (!first.words.length) {
    summary.textContent = '请至少输入一个要查找的词（前面带 - 的词只用于排除）。';
  } else {
    const words = first.words.map((w) => `「${w}」`).join('');
    const not = first.excluded.length ? `，不含${first.excluded.map((w) => `「${w}」`).join('')}` : '';
    summary.textContent =
      first.total === 0
        ? `没有找到包含${words}${not}的记录。`
        : `${first.total_exact ? '共' : '至多'} ${fmtCount(first.total)} 件包含${words}${not}，标题和编号中出现的在前。`;
    add(first);
  }
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      add(await api.search({ ...request, offset: next }));
    } finally {
      more.disabled = false;
    }
  });

  return [
    pageHeader('查找', '案件、意见书、备案、附件（文件名和文件中的文字）、单位、人员和常用审查意见中的任何文字'),
    h('div', { class: 'panel' }, filters),
    summary,
    list,
    more,
  ];
}

/** Where a result opens: a case at its page, scrolled to where its first hit is; a unit or person at the
 * people page; a clause nowhere. */
function hrefOf(r) {
  if (r.entity === 'case') {
    const target = r.found.find((f) => f.target)?.target;
    if (!target) return `#/case/${r.id}`;
    const at = new URLSearchParams({ at: target.panel, item: target.item });
    return `#/case/${r.id}?${at}`;
  }
  if (r.entity === 'unit' || r.entity === 'person') return '#/people';
  return null;
}

/** One result: its number, title and kind, then each place a word was found with the text around it. */
function resultItem(r) {
  const head = h(
    'div',
    { class: 'search-head' },
    r.number ? h('span', { class: 'search-number' }, r.number) : null,
    h('strong', { class: 'search-title' }, r.title),
    h('span', { class: 'muted' }, r.about),
  );
  const found = r.found.map((f) =>
    h(
      'div',
      { class: 'search-found' },
      h('span', { class: 'search-place' }, `${f.place}：`),
      h(
        'span',
        { class: 'search-snippet' },
        markedPieces(f.text, f.marks).map((piece) => (piece.hit ? h('mark', {}, piece.text) : piece.text)),
      ),
    ),
  );
  const href = hrefOf(r);
  const body = href
    ? h('a', { class: 'search-hit', href, dataset: { id: r.id } }, head, found)
    : h('div', { class: 'search-hit', dataset: { id: r.id } }, head, found);
  return h('li', {}, body);
}

/** ↑/↓ move between results; ↑ from the first goes back to the box. */
function moveFocus(/** @type {KeyboardEvent} */ e) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = Array.from(document.querySelectorAll('#search-results a.search-hit'));
  const at = links.indexOf(/** @type {any} */ (document.activeElement));
  if (at < 0) return;
  e.preventDefault();
  const next = at + (e.key === 'ArrowDown' ? 1 : -1);
  if (next >= 0 && next < links.length) /** @type {HTMLElement} */ (links[next]).focus();
  else if (next < 0) {
    const box = /** @type {HTMLElement | null} */ (
      document.getElementById('search-query') ?? document.getElementById('quick-search')
    );
    box?.focus();
  }
}
