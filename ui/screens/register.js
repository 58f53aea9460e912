// @ts-check
// 案件登记簿: every case, newest first, filtered by kind, status, unit, year, assignee, title words and
// "active only", 50 to a page. The filters live in the address (#/cases?kind=…&page=2), so Back returns to
// the same list and a list can be reopened exactly.

import * as api from '../api.js';
import { filterLabel as label, h } from '../dom.js';
import { fmtCount, fmtDate, pageInfo } from '../format.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { caseFilters } from '../components/case-filters.js';
import { caseTable } from '../components/case-table.js';
import { pageHeader } from '../components/page-header.js';
import { printBatchDialog, printRegisterDialog } from '../components/print.js';

const PAGE_SIZE = 50;
const KEYS = [
  'kind',
  'status',
  'unit',
  'year',
  'assignee',
  'title',
  'active',
  'sort',
  'figure',
  'from',
  'to',
  'advisor',
];
const SORTS = ['due', 'due_desc'];

export async function renderRegister({ params, go }) {
  const p = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? '']));
  const withParams = (changes) => {
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const v = k in changes ? changes[k] : p[k];
      if (v) next.set(k, v);
    }
    const pg = changes.page ?? 1;
    if (pg > 1) next.set('page', String(pg));
    const q = next.toString();
    return q ? `/cases?${q}` : '/cases';
  };
  // At most a million pages (50 million cases): the offset must fit the core's 32-bit paging.
  let page = pageInfo(1_000_000 * PAGE_SIZE, PAGE_SIZE, params.get('page')).page;
  const uuid = (v) => (/^[0-9a-f-]{36}$/i.test(v) ? v : null);
  const known = (list, v) => (list.some((x) => x.code === v) ? v : null);
  const filter = {
    kind: known(state.vocab.kinds, p.kind),
    status: known(state.vocab.statuses, p.status),
    // With a figure, the unit is the figure's (a task's is its 牵头部门, not its plan's unit).
    unit_id: p.figure ? null : uuid(p.unit),
    year: /^\d{4}$/.test(p.year) ? Number(p.year) : null,
    assignee_id: uuid(p.assignee),
    title_contains: p.title || null,
    active_only: p.active === '1',
    // The records behind a figure of the statistics (统计 → a number clicked).
    figure: figureOf(p, uuid),
    sort: SORTS.includes(p.sort) ? p.sort : 'reg',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  let result = await api.listCases(filter);
  const { pages } = pageInfo(result.total, PAGE_SIZE, page);
  if (page > pages) {
    // A page past the end (an old link, fewer cases now): show the last page and say so in the address.
    page = pages;
    result = await api.listCases({ ...filter, offset: (page - 1) * PAGE_SIZE });
    history.replaceState(null, '', `#${withParams({ page })}`);
  }

  const onFilter = (key) => (e) => {
    const value = e.target.type === 'checkbox' ? (e.target.checked ? '1' : '') : e.target.value;
    // A status that the newly chosen kind never has would empty the list silently: drop it.
    const extra = key === 'kind' && value && p.status && !kindStatuses(value).includes(p.status) ? { status: '' } : {};
    go(withParams({ [key]: value, ...extra }));
  };

  const statuses = p.kind ? kindStatuses(p.kind) : state.vocab.statuses.map((s) => s.code);
  const f = caseFilters({ ids: 'filter', values: p, statuses, onFilter });
  const titleInput = h('input', {
    id: 'filter-title',
    type: 'search',
    placeholder: '多个词用空格分隔',
    title: '事项名称中的词：多个词须全部出现；"…" 为整句；-词 表示排除',
    value: p.title,
    onkeydown: (e) => e.key === 'Enter' && go(withParams({ title: e.target.value.trim() })),
  });
  const filters = h(
    'div',
    { class: 'filters', role: 'search' },
    f.kind,
    f.status,
    f.unit,
    f.year,
    f.assignee,
    label(state.vocab.kinds.find((k) => k.code === p.kind)?.names.title ?? '事项名称', titleInput),
    h(
      'label',
      { class: 'check' },
      h('input', { id: 'filter-active', type: 'checkbox', checked: p.active === '1', onchange: onFilter('active') }),
      '只看在办',
    ),
    KEYS.some((k) => k !== 'sort' && p[k])
      ? h('a', { class: 'button', id: 'filter-clear', href: '#/cases' }, '清除筛选')
      : null,
  );

  const pager = h(
    'div',
    { class: 'pager', id: 'pager' },
    h('span', { id: 'register-total' }, `共 ${fmtCount(result.total)} 件`),
    h('button', { id: 'page-prev', disabled: page <= 1, onclick: () => go(withParams({ page: page - 1 })) }, '上一页'),
    h('span', { id: 'page-info' }, `第 ${fmtCount(Math.min(page, pages))} / ${fmtCount(pages)} 页`),
    h(
      'button',
      { id: 'page-next', disabled: page >= pages, onclick: () => go(withParams({ page: page + 1 })) },
      '下一页',
    ),
    h('input', {
      type: 'number',
      min: 1,
      max: pages,
      class: 'page-jump',
      'aria-label': '跳到第几页',
      placeholder: '页码',
      onkeydown: (e) =>
        e.key === 'Enter' && go(withParams({ page: pageInfo(result.total, PAGE_SIZE, e.target.value).page })),
    }),
  );
  // A register of its own (行政应诉, 复议答复, 两法衔接) is this register filtered to its kind, under its name.
  const own = state.vocab.kinds.find((k) => k.code === p.kind && k.group);
  // 建议提案: the year's figures as the annual report gives them, above the list.
  const figures =
    own?.code === 'proposal'
      ? proposalFigures(await api.proposalFigures(filter.year ?? new Date().getFullYear()))
      : null;
  return h(
    'div',
    { class: 'register' },
    pageHeader(
      own ? `${own.label}登记簿` : '案件登记簿',
      null,
      h('button', { id: 'batch-print-open', onclick: () => printBatchDialog(filter) }, '批量打印…'),
      h('button', { id: 'export-xlsx', onclick: () => exportList(filter, 'xlsx') }, '导出 Excel…'),
      h('button', { id: 'export-csv', onclick: () => exportList(filter, 'csv') }, '导出 CSV…'),
      // 案卷评查 keeps no 台账: a round's results are its table.
      own?.code === 'file_inspection'
        ? null
        : h(
            'button',
            {
              id: 'print-register-open',
              onclick: () => printRegisterDialog(filter.year ?? new Date().getFullYear(), own),
            },
            '打印台账…',
          ),
      h('a', { class: 'button primary', href: own ? `#/cases/new?kind=${own.code}` : '#/cases/new' }, '新建案件'),
    ),
    filters,
    filter.figure ? figureBanner(filter.figure, withParams) : null,
    figures,
    h(
      'div',
      { class: 'panel table-panel', id: 'register-table' },
      caseTable(result.rows, go, {
        empty: '没有符合条件的案件',
        kind: p.kind || null,
        dueHeader: sortButton(p.sort, (sort) => go(withParams({ sort }))),
      }),
    ),
    pager,
  );
}

/**
 * The figure a list shows the records of, from the address: its code (a known figure) and the period and
 * scope it was counted over.
 * @param {Record<string, string>} p
 * @param {(v: string) => string | null} uuid
 */
function figureOf(p, uuid) {
  const day = (/** @type {string} */ v) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (!p.figure || !day(p.from) || !day(p.to)) return null;
  if (!state.vocab.figures.some((/** @type {any} */ f) => f.code === p.figure)) return null;
  return { code: p.figure, scope: { from: p.from, to: p.to, unit: uuid(p.unit), advisor: uuid(p.advisor) } };
}

/**
 * What the list is: the records behind a figure, how it is counted, the way back to the statistics.
 * @param {any} figure
 * @param {(changes: Record<string, any>) => string} withParams
 */
function figureBanner(figure, withParams) {
  const f = state.vocab.figures.find((/** @type {any} */ x) => x.code === figure.code);
  // A rate lists the records of its denominator.
  const shown = f.type === 'rate' ? state.vocab.figures.find((/** @type {any} */ x) => x.code === f.den) : f;
  const back = new URLSearchParams({ year: figure.scope.from.slice(0, 4) });
  if (figure.scope.from.slice(5) !== '01-01' || figure.scope.to.slice(5) !== '12-31') {
    back.set('part', 'custom');
    back.set('from', figure.scope.from);
    back.set('to', figure.scope.to);
  }
  if (figure.scope.unit) back.set('unit', figure.scope.unit);
  if (figure.scope.advisor) back.set('advisor', figure.scope.advisor);
  return h(
    'section',
    { class: 'panel figure-banner', id: 'figure-banner' },
    h('strong', {}, `统计明细：${f.label.replace(/^其中：/, '')}`),
    h('span', {}, `（${fmtDate(figure.scope.from)}至${fmtDate(figure.scope.to)}）`),
    h('p', { class: 'muted panel-note' }, `统计口径：${shown.definition}`),
    // A count of filings, letters or tasks: the list is of the cases they belong to.
    shown.per && shown.per !== '件'
      ? h('p', { class: 'muted panel-note' }, `本项按「${shown.per}」计，下列为其所属的案件。`)
      : null,
    h('a', { class: 'button', href: `#/stats?${back.toString()}` }, '返回统计'),
    h(
      'a',
      { class: 'button', id: 'figure-clear', href: `#${withParams({ figure: '', from: '', to: '', advisor: '' })}` },
      '查看全部案件',
    ),
  );
}

/**
 * Every case the list's filter selects (not only this page), saved as a workbook or CSV through the dialog.
 * @param {any} filter
 * @param {'xlsx' | 'csv'} file
 */
async function exportList(filter, file) {
  try {
    const saved = await api.exportCaseSheet({ ...filter, limit: null, offset: 0 }, file);
    if (saved) toast(`已导出：${saved}`);
  } catch (e) {
    toast(e.message, 'error');
  }
}

/** The due column's heading: click to sort soonest first, again for latest first, a third time for the register order. */
function sortButton(current, change) {
  const next = { '': 'due', reg: 'due', due: 'due_desc', due_desc: '' }[current] ?? 'due';
  const arrow = { due: ' ↑', due_desc: ' ↓' }[current] ?? '';
  return h(
    'button',
    {
      class: 'link sort',
      id: 'sort-due',
      title: '按最近到期日排序',
      'aria-sort': { due: 'ascending', due_desc: 'descending' }[current] ?? 'none',
      onclick: () => change(next),
    },
    `最近到期${arrow}`,
  );
}

/**
 * 办理情况: received, answered, on time and satisfaction for the year, each with how it is counted.
 * @param {any} f
 */
function proposalFigures(f) {
  const pct = (/** @type {number | null} */ r) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);
  return h(
    'section',
    { class: 'panel', id: 'proposal-figures', title: f.definitions.join('\n') },
    h('h2', {}, `${f.year}年度办理情况`),
    h(
      'p',
      {},
      `收到 ${fmtCount(f.total.received)} 件，已答复 ${fmtCount(f.total.replied)} 件，`,
      h('strong', { id: 'on-time-rate' }, `按时办复率 ${pct(f.on_time_rate)}`),
      `（应答复 ${fmtCount(f.total.due)} 件，按时 ${fmtCount(f.total.on_time)} 件）；`,
      h('strong', { id: 'satisfaction-rate' }, `满意率 ${pct(f.satisfaction_rate)}`),
      `（满意 ${f.satisfied}、基本满意 ${f.fairly_satisfied}、不满意 ${f.dissatisfied} 件）。`,
    ),
    h(
      'p',
      { class: 'muted panel-note' },
      f.by_category
        .map((/** @type {any} */ c) => `${c.name} ${c.received} 件（按时办复率 ${pct(c.on_time_rate)}）`)
        .join('；'),
    ),
    h(
      'ul',
      { class: 'muted panel-note definitions' },
      f.definitions.map((/** @type {string} */ d) => h('li', {}, d)),
    ),
  );
}

function kindStatuses(kind) {
  return state.vocab.kinds.find((k) => k.code === kind)?.statuses ?? [];
}
