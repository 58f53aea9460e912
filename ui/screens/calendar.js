// @ts-check
// 工作日历与期限规则: the years of holiday notices (shipped 2017–2026, and what the office enters or imports),
// one year drawn as twelve months, and the table of deadline rules with their sources. Any change recomputes
// every deadline, and the screen lists what moved.

import * as api from '../api.js';
import { formDialog, openDialog } from '../dialogs.js';
import { h, select } from '../dom.js';
import { fmtCount, fmtDate } from '../format.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { movesText } from '../components/deadline-parts.js';
import { pageHeader } from '../components/page-header.js';

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

export async function renderCalendar({ params, go }) {
  const overview = await api.calendarOverview();
  const known = overview.years.map((y) => y.year);
  const thisYear = Number(overview.today.slice(0, 4));
  const asked = Number(params.get('year'));
  const year = asked >= 1990 && asked <= 2099 ? asked : thisYear;
  const [yearView, rules] = await Promise.all([api.calendarYear(year), api.ruleTable()]);
  const reload = (y = year) => go(`/calendar?year=${y}`);

  const missing = overview.missing.map((y) =>
    h(
      'p',
      { class: 'notice', dataset: { missingYear: y } },
      `${y}年的节假日安排尚未录入：涉及该年的期限暂按周一至周五计算，并标为“暂定日历”。国务院办公厅通知发布后请录入。`,
      h('button', { class: 'small', onclick: async () => (await yearDialog(y, null)) && reload(y) }, `录入${y}年安排`),
    ),
  );

  const yearRows = overview.years
    .slice()
    .reverse()
    .map((y) =>
      h(
        'tr',
        {
          tabindex: '0',
          class: y.year === year ? 'selected' : '',
          dataset: { year: y.year },
          onclick: () => reload(y.year),
          onkeydown: (e) => e.key === 'Enter' && reload(y.year),
        },
        h('td', { class: 'mono' }, `${y.year}年`),
        h('td', {}, y.source),
        h('td', {}, `${y.holidays} 天`),
        h('td', {}, `${y.make_up_workdays} 天`),
        h('td', {}, y.builtin ? '内置' : '本单位录入'),
      ),
    );

  return h(
    'div',
    { class: 'calendar-page' },
    pageHeader(
      '工作日历与期限规则',
      `日历版本 ${overview.version} · 已录入 ${known.length ? `${Math.min(...known)}—${Math.max(...known)}` : '无'} 年`,
      h('button', { id: 'import-calendar', onclick: () => importFile(reload) }, '导入日历文件…'),
      // The next year not yet entered; correcting an entered year starts from its own page (更正…).
      h(
        'button',
        {
          class: 'primary',
          id: 'enter-year',
          onclick: async () => (await yearDialog(Math.max(thisYear, ...known) + 1, null, known)) && reload(),
        },
        '录入新一年…',
      ),
    ),
    missing,
    h(
      'div',
      { class: 'two-col calendar-cols' },
      h(
        'section',
        { class: 'panel', id: 'calendar-years' },
        h('h2', {}, '各年节假日安排'),
        h(
          'table',
          { class: 'cases compact' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['年份', '依据', '放假', '调休上班', '来源'].map((t) => h('th', {}, t)),
            ),
          ),
          h('tbody', {}, yearRows),
        ),
      ),
      yearPanel(yearView, reload),
    ),
    rulesPanel(rules, reload),
  );
}

/** One year as twelve small months, holidays and make-up working days marked, with its notice. */
function yearPanel(v, reload) {
  const byMonth = Array.from({ length: 12 }, () => []);
  for (const d of v.days) byMonth[Number(d.date.slice(5, 7)) - 1].push(d);
  const month = (days, m) => {
    const first = new Date(`${days[0].date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    const lead = (first + 6) % 7;
    const cells = [];
    for (let i = 0; i < lead; i++) cells.push(h('span', { class: 'day blank' }));
    for (const d of days) {
      cells.push(
        h(
          'span',
          {
            class: `day ${d.kind}`,
            title: `${fmtDate(d.date)}：${d.label}${d.name ? `（${d.name}）` : ''}`,
            dataset: { date: d.date, kind: d.kind },
          },
          String(Number(d.date.slice(8, 10))),
        ),
      );
    }
    return h(
      'div',
      { class: 'month' },
      h('div', { class: 'month-name' }, `${m + 1}月`),
      h(
        'div',
        { class: 'week' },
        WEEK.map((w) => h('span', {}, w)),
      ),
      h('div', { class: 'days' }, cells),
    );
  };
  const r = v.record;
  return h(
    'section',
    { class: 'panel', id: 'calendar-year', dataset: { year: v.year } },
    h(
      'h2',
      {},
      `${v.year}年`,
      h('span', { class: 'muted' }, r ? ` ${r.source}` : ' 尚未录入，暂按周一至周五为工作日'),
      h(
        'button',
        { class: 'small', id: 'edit-year', onclick: async () => (await yearDialog(v.year, r)) && reload(v.year) },
        r ? '更正…' : '录入…',
      ),
    ),
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'day holiday' }, '休'),
      '法定节假日',
      h('span', { class: 'day make_up_workday' }, '班'),
      '调休上班',
      h('span', { class: 'day weekend' }, '末'),
      '周末',
    ),
    h('div', { class: 'months' }, byMonth.map(month)),
  );
}

/** "春节 2027-02-06/2027-02-13" per line, as the year form takes it. */
function spanLines(spans) {
  return (spans ?? []).map((s) => `${s.name} ${s.days}`).join('\n');
}

/** The year form; once saved and closed, what the change moved is shown. Resolves true when saved. */
async function yearDialog(year, record, known = []) {
  const saved = await formDialog(
    record ? `更正${year}年节假日安排` : '录入一年的节假日安排',
    () => {
      const y = h('input', { id: 'year-year', type: 'number', min: 1990, max: 2099, value: year, readonly: !!record });
      const source = h('input', {
        id: 'year-source',
        type: 'text',
        value: record?.source ?? '',
        placeholder: '如：国办发明电〔2026〕X号',
      });
      const url = h('input', {
        id: 'year-url',
        type: 'text',
        value: record?.urls?.[0] ?? '',
        placeholder: '通知网址（可选）',
      });
      const holidays = h('textarea', {
        id: 'year-holidays',
        rows: 7,
        value: spanLines(record?.holidays),
        placeholder: '每行一段：名称 开始日/结束日\n元旦 2027-01-01/2027-01-03\n春节 2027-02-06/2027-02-13',
      });
      const workdays = h('textarea', {
        id: 'year-workdays',
        rows: 4,
        value: spanLines(record?.make_up_workdays),
        placeholder: '每行一天：名称 日期\n春节 2027-02-20',
      });
      const note = h('input', { id: 'year-note', type: 'text', value: record?.note ?? '' });
      return {
        fields: [
          h('label', { class: 'stacked' }, '年份', y),
          h('label', { class: 'stacked' }, '依据文件（通知文号）', source),
          h('label', { class: 'stacked wide' }, '网址', url),
          h('label', { class: 'stacked' }, '放假日（含周末在内的整段假期）', holidays),
          h('label', { class: 'stacked' }, '调休上班日（周六、周日上班）', workdays),
          h('label', { class: 'stacked wide' }, '备注', note),
          !record && known.includes(Number(year))
            ? h('p', { class: 'muted wide' }, '该年已有安排，保存将更正它。')
            : null,
        ],
        read: () => ({
          year: Number(y.value),
          source: source.value,
          url: url.value.trim() || null,
          holidays: holidays.value,
          make_up_workdays: workdays.value,
          note: note.value.trim() || null,
        }),
      };
    },
    async (input) => {
      if (!Number.isInteger(input.year)) throw new Error('年份：请填写四位数年份');
      return { report: await api.saveCalendarYear(input), year: input.year };
    },
    { id: 'year-form', submitLabel: '保存' },
  );
  if (!saved) return false;
  await showReport(saved.report, `${saved.year}年节假日安排`);
  return true;
}

async function importFile(reload) {
  try {
    const report = await api.importCalendarFile();
    if (!report) return; // cancelled
    await showReport(report, '日历文件');
    reload();
  } catch (e) {
    toast(e.message, 'error');
  }
}

/** What a change did: the years or rules added or changed, and every deadline that moved (old → new). */
async function showReport(report, what) {
  const parts = [];
  if (report.added.length) parts.push(`新增 ${report.added.join('、')}`);
  if (report.changed.length) parts.push(`更改 ${report.changed.join('、')}`);
  if (report.unchanged.length) parts.push(`${report.unchanged.join('、')} 与原有相同`);
  const summary = `${what}：${parts.join('；') || '没有变化'}`;
  if (report.moves.length === 0) {
    toast(`${summary}；没有期限因此变动`);
    return;
  }
  await openDialog(
    '以下期限随之变动',
    (close) =>
      h(
        'div',
        { id: 'moves-report' },
        h('p', {}, `${summary}。重新计算后，${fmtCount(report.moves.length)} 个期限的到期日变动：`),
        h(
          'ul',
          { class: 'moves-list' },
          movesText(report.moves.slice(0, 200)).map((t) => h('li', {}, t)),
        ),
        report.moves.length > 200
          ? h('p', { class: 'muted' }, `另有 ${fmtCount(report.moves.length - 200)} 项，见各案件的“期限变动”。`)
          : null,
        h(
          'div',
          { class: 'actions' },
          h('button', { class: 'primary', id: 'moves-ok', onclick: () => close(true) }, '知道了'),
        ),
      ),
    { wide: true },
  );
}

function rulesPanel(rules, reload) {
  const rows = rules.map((r) =>
    h(
      'tr',
      { dataset: { rule: r.code }, class: r.rule.enabled ? '' : 'disabled' },
      h(
        'td',
        {},
        r.label,
        r.customised ? h('span', { class: 'badge badge-work', title: `默认：${r.default_period}` }, '已调整') : null,
      ),
      h('td', {}, r.kind_label),
      h('td', { class: 'rule-period' }, r.rule.enabled ? r.period : '（停用）'),
      h('td', {}, r.start_label),
      h(
        'td',
        { class: 'rule-source' },
        r.national
          ? h('span', { class: 'badge badge-national' }, '全国统一')
          : h('span', { class: 'badge badge-local' }, '按本地规定设置'),
        ' ',
        r.national || r.local_citation ? r.source_text : h('span', { class: 'missing' }, '本地依据未填写'),
      ),
      h('td', {}, h('button', { class: 'small', onclick: async () => (await ruleDialog(r)) && reload() }, '修改…')),
    ),
  );
  return h(
    'section',
    { class: 'panel', id: 'rules' },
    h(
      'h2',
      {},
      '期限规则',
      h(
        'span',
        { class: 'muted' },
        ' 起算日不计入；以工作日计的跳过节假日、计入调休上班日；以日、月计的届满日遇节假日顺延至下一个工作日',
      ),
    ),
    h(
      'table',
      { class: 'cases compact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['规则', '适用', '期限', '起算', '依据', ''].map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** The rule form; once saved and closed, what the change moved is shown. Resolves true when saved. */
async function ruleDialog(r) {
  const report = await formDialog(
    `修改规则：${r.label}`,
    () => {
      const amount = h('input', { id: 'rule-amount', type: 'number', min: 1, value: r.rule.amount });
      // Every unit the core counts in (24 hours stay hours), from its vocabulary.
      const units = state.vocab.period_units.map((u) => /** @type {[string, string]} */ ([u.code, u.label]));
      const unit = select({ id: 'rule-unit' }, units, r.rule.unit);
      const extension = h('input', {
        id: 'rule-extension',
        type: 'number',
        min: 1,
        value: r.rule.extension ?? '',
        placeholder: '无',
      });
      const localSource = h('textarea', {
        id: 'rule-local-source',
        rows: 2,
        value: r.local_citation ?? '',
        placeholder: '如：《××市政府合同管理办法》（×政规〔2024〕2号）第十二条',
      });
      const enabled = h('input', { id: 'rule-enabled', type: 'checkbox', checked: r.rule.enabled });
      return {
        fields: [
          h(
            'p',
            { class: 'muted wide' },
            `${r.kind_label} · 自${r.start_label}起算 · ${r.purpose_label} · 默认 ${r.default_period}`,
          ),
          h('label', { class: 'stacked' }, '期限', amount),
          h('label', { class: 'stacked' }, '单位', unit),
          h('label', { class: 'stacked' }, '可延长（工作日，可空）', extension),
          h('label', { class: 'check' }, enabled, '启用此规则'),
          h('p', { class: 'muted wide rule-shipped-source' }, r.rule.source),
          h(
            'label',
            { class: 'stacked wide' },
            r.national ? '本地依据（本地另有规定时填写）' : '本地依据（本省、本市规定的文件、文号、条款）',
            localSource,
          ),
        ],
        read: () => ({
          amount: amount.value.trim(),
          unit: unit.value,
          extension: extension.value.trim(),
          local_source: localSource.value,
          enabled: enabled.checked,
        }),
      };
    },
    async (v) => {
      // The core takes whole numbers; anything else would fail before it could explain, so say it here.
      if (!/^\d{1,4}$/.test(v.amount)) throw new Error('期限：请填写正整数');
      if (v.extension && !/^\d{1,3}$/.test(v.extension)) throw new Error('可延长：请填写正整数，或留空');
      return api.setRule(r.code, {
        amount: Number(v.amount),
        unit: v.unit,
        extension: v.extension ? Number(v.extension) : null,
        source: r.rule.source,
        local_source: v.local_source,
        note: r.rule.note,
        enabled: v.enabled,
      });
    },
    { id: 'rule-form' },
  );
  if (!report) return false;
  await showReport(report, `规则「${r.label}」`);
  return true;
}
