// @ts-check
// 统计: every figure of the annual 法治政府建设 report for a period (a year, a quarter, a month or any days),
// for the whole office, one unit or one advisor — grouped as the report groups them, each with how it is
// counted, each a link to the register filtered to the records behind it. Charts where one would rather look
// than read, each with its numbers beside it; the workbook saved through the dialog. The choices live in the
// address (#/stats?year=2017&part=q1), so Back returns to the same figures.

import * as api from '../api.js';
import { filterLabel as label, h, select } from '../dom.js';
import { fmtCount } from '../format.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { horizontalBars, stackedColumns } from '../components/charts.js';
import { pageHeader } from '../components/page-header.js';

const KEYS = ['year', 'part', 'from', 'to', 'unit', 'advisor'];

/**
 * The parts of a year one may count: the whole, a quarter, a month, or days of one's own.
 * @type {Array<[string, string]>}
 */
const PARTS = [
  ['', '全年'],
  ['q1', '第一季度'],
  ['q2', '第二季度'],
  ['q3', '第三季度'],
  ['q4', '第四季度'],
  ...Array.from({ length: 12 }, (_, i) => /** @type {[string, string]} */ ([`m${i + 1}`, `${i + 1}月`])),
  ['custom', '自定义'],
];

export async function renderStats({ params, go }) {
  const p = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? '']));
  const part = PARTS.some(([code]) => code === p.part) ? p.part : '';
  const custom = part === 'custom' && p.from && p.to;
  const uuid = (/** @type {string} */ v) => (/^[0-9a-f-]{36}$/i.test(v) ? v : null);
  // The core turns a year and a part of it into days (this year, by its clock, when none is chosen).
  const number = (/** @type {RegExp} */ re) => {
    const m = re.exec(part);
    return m ? Number(m[1]) : null;
  };
  const request = {
    from: custom ? p.from : '',
    to: custom ? p.to : '',
    year: /^\d{4}$/.test(p.year) ? Number(p.year) : null,
    quarter: number(/^q([1-4])$/),
    month: number(/^m(\d{1,2})$/),
    unit: uuid(p.unit),
    advisor: uuid(p.advisor),
  };
  const stats = await api.statistics(request);
  const { from, to } = stats.scope;
  const year = Number(from.slice(0, 4));
  const thisYear = Number(stats.today.slice(0, 4));

  const withParams = (/** @type {Record<string, string>} */ changes) => {
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const v = k in changes ? changes[k] : p[k];
      if (v) next.set(k, v);
    }
    const q = next.toString();
    return q ? `/stats?${q}` : '/stats';
  };
  const onChange = (/** @type {string} */ key) => (/** @type {Event} */ e) =>
    go(withParams({ [key]: /** @type {HTMLInputElement} */ (e.target).value }));

  /** @type {Array<[number, string]>} */
  const years = [];
  for (let y = thisYear + 1; y >= 2015; y--) years.push([y, `${y}年`]);
  const filters = h(
    'div',
    { class: 'filters', role: 'search' },
    label('年度', select({ id: 'stats-year', onchange: onChange('year') }, years, year)),
    label('期间', select({ id: 'stats-part', onchange: onChange('part') }, PARTS, part)),
    part === 'custom'
      ? label('起', h('input', { id: 'stats-from', type: 'date', value: from, onchange: onChange('from') }))
      : null,
    part === 'custom'
      ? label('止', h('input', { id: 'stats-to', type: 'date', value: to, onchange: onChange('to') }))
      : null,
    label(
      '单位',
      select(
        { id: 'stats-unit', onchange: onChange('unit') },
        state.units.map((u) => [u.id, u.name]),
        p.unit,
        '全部单位',
      ),
    ),
    label(
      '法律顾问',
      select(
        { id: 'stats-advisor', onchange: onChange('advisor') },
        state.people.filter((x) => x.advisor).map((x) => [x.id, x.name]),
        p.advisor,
        '全部',
      ),
    ),
  );

  /** The register filtered to the records behind a figure. @param {string} code */
  const figureLink = (code) => {
    const q = new URLSearchParams({ figure: code, from, to });
    if (request.unit) q.set('unit', request.unit);
    if (request.advisor) q.set('advisor', request.advisor);
    return `#/cases?${q.toString()}`;
  };
  /** @param {string} code @param {string} text @param {string} [id] */
  const link = (code, text, id) =>
    h('a', { href: figureLink(code), class: 'figure-link', id, dataset: { figure: code } }, text);

  /** @param {any} f */
  const valueCell = (f) => {
    if (f.type === 'rate') {
      const [n, d] = f.parts;
      return h(
        'td',
        { class: 'figure-value' },
        h('strong', { id: `figure-${f.code}` }, f.text),
        h('span', { class: 'muted' }, '（', link(f.num, fmtCount(n)), '/', link(f.den, fmtCount(d)), '）'),
      );
    }
    const text = f.type === 'amount' ? `${f.text} 元` : `${f.text}${f.per === '件' ? '' : ` ${f.per}`}`;
    return h('td', { class: 'figure-value' }, link(f.code, text, `figure-${f.code}`));
  };

  const groups = stats.groups.map((/** @type {any} */ g) =>
    h(
      'section',
      { class: 'panel stats-group', id: `stats-${g.group}` },
      h('h2', {}, g.label),
      h(
        'table',
        { class: 'figures' },
        h('thead', {}, h('tr', {}, h('th', {}, '指标'), h('th', {}, '数值'), h('th', {}, '统计口径'))),
        h(
          'tbody',
          {},
          g.figures.map((/** @type {any} */ f) =>
            h(
              'tr',
              { dataset: { code: f.code } },
              h('th', { scope: 'row' }, f.label),
              valueCell(f),
              h('td', { class: 'muted definition' }, f.definition),
            ),
          ),
        ),
      ),
      g.group === 'advisors' ? advisorPart(stats) : null,
      g.group === 'timeliness' ? timelinessPart(stats) : null,
    ),
  );

  const months = /** @type {string[]} */ (stats.months);
  const oneYear = from.slice(0, 4) === to.slice(0, 4);
  const kinds = state.vocab.kinds.filter((/** @type {any} */ k) =>
    stats.by_month.some((/** @type {any} */ m) => m.kind === k.code),
  );
  const monthly = stackedColumns({
    id: 'chart-months',
    title: '各类事项收到件数（按月）',
    series: kinds.map((/** @type {any} */ k) => k.short_label),
    rows: months.map((month) => ({
      label: oneYear ? `${Number(month.slice(5))}月` : `${month.slice(0, 4)}年${Number(month.slice(5))}月`,
      values: kinds.map(
        (/** @type {any} */ k) =>
          stats.by_month.find((/** @type {any} */ m) => m.month === month && m.kind === k.code)?.count ?? 0,
      ),
    })),
  });
  const units = horizontalBars({
    id: 'chart-units',
    title: '审查事项（按送审单位）',
    series: ['收到', '办结'],
    rows: stats.by_unit.map((/** @type {any} */ u) => ({ label: u.name, values: [u.received, u.closed] })),
  });

  const scope = [stats.period, stats.unit_name, stats.advisor_name].filter(Boolean).join(' · ');
  return h(
    'div',
    { class: 'stats' },
    pageHeader(
      '统计',
      scope,
      exportButton('stats-export-xlsx', '导出 Excel…', () => api.exportStats(request, 'xlsx')),
      exportButton('stats-export-pdf', '导出 PDF…', () => api.exportStats(request, 'pdf')),
      exportButton('stats-export-docx', '导出报告初稿（Word）…', () => api.exportStats(request, 'docx')),
    ),
    filters,
    draftPanel(request),
    h('p', { class: 'muted panel-note' }, '点击数字可查看其所计的案件；每项指标的统计口径列在其右。'),
    h('section', { class: 'panel', id: 'stats-overview' }, h('h2', {}, '收案情况'), monthly, units),
    groups,
  );
}

/**
 * A button that saves a file through the dialog and says where it went.
 * @param {string} id
 * @param {string} text
 * @param {() => Promise<string | null>} save
 */
function exportButton(id, text, save) {
  return h(
    'button',
    {
      id,
      onclick: async () => {
        try {
          const saved = await save();
          if (saved) toast(`已导出：${saved}`);
        } catch (e) {
          toast(e.message, 'error');
        }
      },
    },
    text,
  );
}

/**
 * The office's part of the annual report, drafted from the figures: the text to copy (the words are the
 * office's to edit; the numbers are the figures above).
 * It is made when the panel is first opened (it counts every figure again).
 * @param {any} request
 */
function draftPanel(request) {
  const text = h('textarea', { id: 'draft-text', readonly: true, rows: 10, 'aria-label': '年度报告初稿' });
  const title = h('span', { class: 'muted' });
  let loaded = false;
  const load = async () => {
    if (loaded) return;
    loaded = true;
    try {
      const draft = await api.draftReport(request);
      text.value = draft.text;
      title.textContent = `　${draft.draft.title}`;
      text.dataset.ready = '1';
    } catch (e) {
      loaded = false;
      toast(e.message, 'error');
    }
  };
  const copy = async () => {
    text.select();
    try {
      await navigator.clipboard.writeText(text.value);
    } catch {
      // An older webview without the asynchronous clipboard: the selected text, copied the old way.
      document.execCommand('copy');
    }
    toast('报告初稿已复制，可粘贴到 Word 或 WPS');
  };
  return h(
    'details',
    { class: 'panel draft-report', id: 'draft-report', ontoggle: load },
    h('summary', {}, h('strong', {}, '年度报告初稿'), title),
    text,
    h('div', { class: 'actions' }, h('button', { id: 'draft-copy', onclick: copy }, '复制文字')),
  );
}

/** Each advisor's documents, agreements and letters, as bars and as their table. @param {any} stats */
function advisorPart(stats) {
  return horizontalBars({
    id: 'chart-advisors',
    title: '法律顾问工作量',
    series: ['政府文件', '政府协议', '意见书'],
    rows: stats.advisors.map((/** @type {any} */ a) => ({
      label: a.name,
      values: [a.documents, a.agreements, a.letters],
    })),
  });
}

/** On time per kind, and the working days to an opinion. @param {any} stats */
function timelinessPart(stats) {
  const rows = stats.timeliness;
  return h(
    'div',
    {},
    horizontalBars({
      id: 'chart-timeliness',
      title: '按时办结率（按类别）',
      series: ['按时办结率'],
      percent: true,
      rows: rows
        .filter((/** @type {any} */ t) => t.closed > 0)
        .map((/** @type {any} */ t) => ({ label: t.label, values: [t.on_time_rate ?? 0] })),
    }),
    h(
      'table',
      { class: 'figures', id: 'timeliness-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['类别', '办结', '按时', '按时办结率', '工作日中位数', '工作日90%分位', '当前逾期'].map((t) =>
            h('th', {}, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((/** @type {any} */ t) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t.label),
            h('td', {}, fmtCount(t.closed)),
            h('td', {}, fmtCount(t.on_time)),
            h('td', {}, t.on_time_rate == null ? '—' : `${(t.on_time_rate * 100).toFixed(1)}%`),
            h('td', {}, t.median_days ?? '—'),
            h('td', {}, t.p90_days ?? '—'),
            h('td', {}, fmtCount(t.overdue_now)),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted panel-note' },
      '工作日：自材料齐全之日（未登记的，自收文之日）次日起至出具意见之日，按法定节假日和调休计算。',
    ),
  );
}
