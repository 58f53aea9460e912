// @ts-check
// A 法治政府建设 plan's tasks on its case page: where each lead unit stands, the tasks (filtered to one unit or
// to the overdue ones) with what was reported on them, and the dialogs to add, change, report on and import
// tasks, and to print the 推进情况表.

import * as api from '../api.js';
import { confirmDialog, formDialog, openDialog } from '../dialogs.js';
import { filterLabel, h, mount, select } from '../dom.js';
import { fmtDate } from '../format.js';
import { formErrors } from '../form-errors.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { fileChoice } from './print.js';

/** @type {Array<[string, string]>} */
const STATUSES = [
  ['not_started', '未启动'],
  ['in_progress', '推进中'],
  ['done', '已完成'],
  ['delayed', '延期'],
];

/**
 * The plan's panel: counts by unit, then the tasks.
 * @param {any} view the case view, with `plan`
 * @param {() => void} refresh
 */
export function keyTasksPanel(view, refresh) {
  const plan = view.plan;
  const unitFilter = select(
    { id: 'task-unit-filter' },
    plan.units.map((/** @type {any} */ u) => [u.unit, `${u.unit}（${u.total}）`]),
    '',
    '全部牵头部门',
  );
  const overdueOnly = h('input', { type: 'checkbox', id: 'task-overdue-only' });
  const list = h('div', { id: 'task-list' });
  const show = () => {
    const unit = unitFilter.value;
    const rows = plan.tasks.filter(
      (/** @type {any} */ t) => (!unit || t.lead === unit) && (!overdueOnly.checked || t.overdue),
    );
    mount(list, taskTable(view, rows, refresh));
  };
  unitFilter.addEventListener('change', show);
  overdueOnly.addEventListener('change', show);
  show();
  const exportSheet = async () => {
    const saved = await formDialog(
      '打印推进情况表',
      () => {
        const file = fileChoice('progress-sheet-file');
        const withTasks = h('input', { type: 'checkbox', id: 'progress-sheet-tasks' });
        // A Word copy is not offered: the sheet is read at the meeting, not edited.
        file.select.querySelector('option[value="docx"]')?.remove();
        return {
          fields: [
            file.field,
            h('label', { class: 'check' }, withTasks, '附各项任务的推进明细'),
            h(
              'p',
              { class: 'muted wide' },
              '横向表格：每个牵头部门的任务数、已完成（其中按时完成）、推进中、未启动、延期和逾期未完成的任务序号，末行为合计；日期为今天。',
            ),
          ],
          read: () => ({ file: file.select.value, withTasks: withTasks.checked }),
        };
      },
      ({ file, withTasks }) => api.exportProgressSheet(view.id, file, withTasks),
      { id: 'progress-sheet', submitLabel: '导出…' },
    );
    if (saved) toast('推进情况表已导出');
  };
  const t = plan.total;
  return h(
    'section',
    { class: 'panel', id: 'key-tasks' },
    h(
      'h2',
      {},
      '重点工作任务',
      h('span', { class: 'muted' }, ` ${t.total} 项`),
      h(
        'button',
        { class: 'small', id: 'new-key-task', onclick: async () => (await taskDialog(view, null)) && refresh() },
        '添加任务',
      ),
      h(
        'button',
        { class: 'small', id: 'import-key-tasks', onclick: async () => (await importDialog(view)) && refresh() },
        '从表格导入…',
      ),
      t.total
        ? h('button', { class: 'small', id: 'export-progress-sheet', onclick: exportSheet }, '打印推进情况表…')
        : null,
    ),
    h(
      'p',
      { class: 'muted panel-note', id: 'task-totals' },
      `${plan.year}年度：已完成 ${t.done} 项（按时 ${t.done_on_time} 项），推进中 ${t.in_progress} 项，未启动 ${t.not_started} 项，延期 ${t.delayed} 项`,
      t.overdue ? h('strong', { class: 'due' }, `；逾期未完成 ${t.overdue} 项`) : '',
      '。',
    ),
    plan.units.length ? unitTable(plan.units) : null,
    t.total
      ? h(
          'div',
          { class: 'filters' },
          filterLabel('牵头部门', unitFilter),
          h('label', { class: 'check' }, overdueOnly, '只看逾期'),
        )
      : null,
    list,
  );
}

/** @param {any[]} units */
function unitTable(units) {
  return h(
    'table',
    { class: 'cases compact', id: 'task-units' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['牵头部门', '任务数', '已完成', '按时完成', '推进中', '未启动', '延期', '逾期'].map((x) => h('th', {}, x)),
      ),
    ),
    h(
      'tbody',
      {},
      units.map((u) =>
        h(
          'tr',
          { dataset: { unit: u.unit } },
          [u.unit, u.total, u.done, u.done_on_time, u.in_progress, u.not_started, u.delayed].map((v) =>
            h('td', {}, String(v)),
          ),
          h('td', { class: u.overdue ? 'due' : '' }, String(u.overdue)),
        ),
      ),
    ),
  );
}

/**
 * @param {any} view
 * @param {any[]} tasks
 * @param {() => void} refresh
 */
function taskTable(view, tasks, refresh) {
  if (tasks.length === 0)
    return h(
      'p',
      { class: 'muted' },
      view.plan.tasks.length ? '没有符合条件的任务。' : '尚未添加任务：可逐项添加，或从表格导入。',
    );
  const remove = async (/** @type {any} */ t) => {
    if (!(await confirmDialog('删除任务', `删除第${t.no}项任务及其工作进展？`, '删除'))) return;
    try {
      await api.deleteTask(t.id);
      toast('任务已删除');
      refresh();
    } catch (e) {
      toast(/** @type {Error} */ (e).message, 'error');
    }
  };
  let part = '';
  const rows = [];
  for (const t of tasks) {
    if (t.part && t.part !== part) {
      part = t.part;
      rows.push(h('tr', { class: 'part-row' }, h('td', { colspan: 7 }, part)));
    }
    rows.push(
      h(
        'tr',
        { dataset: { no: String(t.no), status: t.status, overdue: String(t.overdue) } },
        h('td', {}, String(t.no)),
        h(
          'td',
          {},
          t.title,
          t.progress.length
            ? h(
                'ul',
                { class: 'progress-notes' },
                t.progress.map((/** @type {any} */ p) =>
                  h(
                    'li',
                    {},
                    h('span', { class: 'muted' }, `${fmtDate(p.on)} ${p.unit}：`),
                    p.text,
                    p.attachment ? h('span', { class: 'muted' }, `（附件：${p.attachment}）`) : null,
                  ),
                ),
              )
            : null,
        ),
        h('td', {}, t.lead, t.units.length ? h('div', { class: 'muted' }, t.units.join('、')) : null),
        h('td', { class: 'nowrap' }, t.due_label),
        h('td', { class: 'nowrap' }, t.outcome_form ?? ''),
        h(
          'td',
          { class: `nowrap ${t.overdue ? 'due' : ''}` },
          t.status_label,
          t.overdue ? '（逾期）' : '',
          t.done_on ? h('div', { class: 'muted' }, `${fmtDate(t.done_on)}完成`) : null,
          t.status_reason ? h('div', { class: 'muted wrap' }, t.status_reason) : null,
          t.evidence ? h('div', { class: 'muted wrap' }, `佐证：${t.evidence}`) : null,
        ),
        h(
          'td',
          { class: 'nowrap row-actions' },
          h(
            'button',
            { class: 'link small report-task', onclick: async () => (await progressDialog(view, t)) && refresh() },
            '登记进展',
          ),
          h(
            'button',
            { class: 'link small edit-task', onclick: async () => (await taskDialog(view, t)) && refresh() },
            '修改',
          ),
          h('button', { class: 'link small', onclick: () => remove(t) }, '删除'),
        ),
      ),
    );
  }
  return h(
    'table',
    { class: 'cases compact key-task-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['序号', '工作任务', '牵头部门／责任单位', '完成时限', '成果形式', '推进情况', ''].map((x) => h('th', {}, x)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

/**
 * Adds a task, or changes `task`.
 * @param {any} view
 * @param {any} task
 */
function taskDialog(view, task) {
  return formDialog(
    task ? `修改第${task.no}项任务` : '添加任务',
    () => {
      const text = (/** @type {string} */ id, value = '', placeholder = '') =>
        h('input', { id, type: 'text', value: value ?? '', placeholder });
      const no = text('task-no', task ? String(task.no) : '', '默认顺延');
      const part = text('task-part', task?.part ?? lastPart(view), '如 一、依法全面履行政府职能');
      const title = h('textarea', { id: 'task-title', rows: 2 }, task?.title ?? '');
      const lead = select(
        { id: 'task-lead' },
        state.units.map((/** @type {any} */ u) => [u.id, u.name]),
        task?.lead_unit_id ?? '',
        '请选择',
      );
      const units = text('task-units', task ? task.units.join('、') : '', '多个以、分隔');
      const due = text('task-due', task ? dueText(task) : '', '如 2026-06-30、6月底前、全年、长期坚持');
      const forms = h(
        'datalist',
        { id: 'outcome-forms' },
        view.plan.outcome_forms.map((/** @type {string} */ f) => h('option', { value: f })),
      );
      const form = h('input', {
        id: 'task-outcome-form',
        type: 'text',
        list: 'outcome-forms',
        value: task?.outcome_form ?? '',
      });
      const status = select({ id: 'task-status' }, STATUSES, task?.status ?? 'not_started');
      const reason = h('textarea', { id: 'task-reason', rows: 2 }, task?.status_reason ?? '');
      const doneOn = text('task-done-on', task?.done_on ?? '', '已完成时填写');
      const evidence = h('textarea', { id: 'task-evidence', rows: 2 }, task?.evidence ?? '');
      return {
        fields: [
          h('label', { class: 'stacked' }, '序号', no),
          h('label', { class: 'stacked' }, '所属部分', part),
          h('label', { class: 'stacked wide' }, '工作任务', title),
          h('label', { class: 'stacked' }, '牵头部门', lead),
          h('label', { class: 'stacked' }, '责任单位', units),
          h('label', { class: 'stacked' }, '完成时限', due),
          h('label', { class: 'stacked' }, '成果形式', form, forms),
          h('label', { class: 'stacked' }, '推进情况', status),
          h('label', { class: 'stacked' }, '完成日期', doneOn),
          h('label', { class: 'stacked wide' }, '推进情况说明（延期须写明原因）', reason),
          h('label', { class: 'stacked wide' }, '完成佐证', evidence),
        ],
        read: () => ({
          no: no.value,
          part: part.value,
          title: title.value,
          lead: lead.value,
          units: units.value,
          due: due.value,
          outcome_form: form.value,
          status: status.value,
          status_reason: reason.value,
          // A task no longer done loses its day.
          done_on: status.value === 'done' ? doneOn.value : '',
          evidence: evidence.value,
        }),
      };
    },
    async (input) => {
      if (task) await api.editTask(task.id, input);
      else await api.addTask(view.id, input);
      toast('任务已保存');
      return true;
    },
    { id: 'key-task' },
  );
}

/** The part the last task is under, for the next one typed. @param {any} view */
function lastPart(view) {
  const tasks = view.plan.tasks;
  return tasks.length ? (tasks[tasks.length - 1].part ?? '') : '';
}

/** A task's time limit as the form shows it back. @param {any} task */
function dueText(task) {
  const due = task.due;
  if (due === 'all_year') return '全年';
  if (due === 'ongoing') return '长期坚持';
  return due.on;
}

/**
 * 登记进展: what a unit reported on a task, and a document it sent (one of the plan's attachments, added in
 * 附件 first).
 * @param {any} view
 * @param {any} task
 */
function progressDialog(view, task) {
  return formDialog(
    `登记第${task.no}项的工作进展`,
    () => {
      const on = h('input', { id: 'progress-on', type: 'text', placeholder: '默认今天' });
      const unit = select(
        { id: 'progress-unit' },
        state.units.map((/** @type {any} */ u) => [u.id, u.name]),
        task.lead_unit_id,
      );
      const text = h('textarea', { id: 'progress-text', rows: 3 });
      const attachment = select(
        { id: 'progress-attachment' },
        view.attachments.map((/** @type {any} */ a) => [a.id, a.name]),
        '',
        view.attachments.length ? '无' : '无（可先在「附件」中添加）',
      );
      return {
        fields: [
          h('p', { class: 'muted wide' }, task.title),
          h('label', { class: 'stacked' }, '日期', on),
          h('label', { class: 'stacked' }, '报送单位', unit),
          h('label', { class: 'stacked wide' }, '进展情况', text),
          h('label', { class: 'stacked wide' }, '随附材料', attachment),
        ],
        read: () => ({
          on: on.value || null,
          unit: unit.value,
          text: text.value,
          attachment: attachment.value || null,
        }),
      };
    },
    async (input) => {
      await api.reportProgress(task.id, input);
      toast('工作进展已登记');
      return true;
    },
    { id: 'task-progress' },
  );
}

/**
 * 从表格导入: paste a table (from Excel, WPS or Word) or choose a .xlsx / .csv file; the preview shows every
 * row with what is wrong with it, and only then are the good rows imported, in one go.
 * @param {any} view
 * @returns {Promise<boolean>}
 */
function importDialog(view) {
  return openDialog(
    '从表格导入任务',
    (close) => {
      const errors = formErrors();
      const pasted = h('textarea', {
        id: 'import-text',
        rows: 8,
        placeholder: '在 Excel、WPS 或 Word 中选中整张表（含表头）复制，粘贴到这里',
      });
      // The browser's own file button speaks the system's language (English on many laptops): it is hidden
      // behind a button of ours.
      const file = h('input', { id: 'import-file', type: 'file', accept: '.xlsx,.csv,.txt', hidden: true });
      const chosenName = h('span', { class: 'muted', id: 'import-file-name' }, '未选择文件');
      file.addEventListener('change', () => {
        chosenName.textContent = file.files?.[0]?.name ?? '未选择文件';
      });
      const chooseFile = h(
        'div',
        { class: 'file-choice' },
        h('button', { type: 'button', id: 'import-choose', onclick: () => file.click() }, '选择文件…'),
        chosenName,
        file,
      );
      /** @type {{ text?: string, bytes?: number[] } | null} */
      let source = null;
      const preview = h('div', { id: 'import-preview' });
      const commit = h('button', { type: 'button', class: 'primary', id: 'import-commit', disabled: true }, '导入');
      // One source at a time: choosing a file clears the pasted table, pasting clears the file.
      file.addEventListener('change', () => {
        if (file.files?.length) pasted.value = '';
      });
      pasted.addEventListener('input', () => {
        file.value = '';
        chosenName.textContent = '未选择文件';
      });
      const read = async () => {
        const chosen = file.files?.[0];
        if (chosen) return { bytes: Array.from(new Uint8Array(await chosen.arrayBuffer())) };
        return { text: pasted.value };
      };
      const check = async () => {
        commit.disabled = true;
        mount(preview);
        await errors.attempt(async () => {
          source = await read();
          const result = await api.previewTaskImport(view.id, source);
          mount(preview, previewTable(result));
          commit.disabled = result.good === 0;
          commit.textContent = `导入 ${result.good} 项`;
        });
      };
      commit.addEventListener('click', async () => {
        if (!source) return;
        const s = source;
        await errors.attempt(async () => {
          const result = await api.importTasks(view.id, s);
          toast(`已导入 ${result.good} 项任务${result.refused ? `，${result.refused} 行有问题未导入` : ''}`);
          close(true);
        });
      });
      return h(
        'div',
        { class: 'import-dialog' },
        h(
          'p',
          { class: 'muted' },
          '表头应包括：工作任务、牵头部门、完成时限；可有序号、所属部分、责任单位、成果形式、推进情况。只占一格的行（如“一、依法全面履行政府职能”）作为所属部分。CSV 可为 UTF-8 或 GBK 编码。',
        ),
        h('label', { class: 'stacked' }, '粘贴表格', pasted),
        h('div', { class: 'stacked' }, h('span', {}, '或选择文件（.xlsx / .csv）'), chooseFile),
        errors.line,
        preview,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => close(false) }, '取消'),
          h('button', { type: 'button', id: 'import-check', onclick: check }, '检查'),
          commit,
        ),
      );
    },
    { wide: true },
  ).then((v) => v === true);
}

/** Every row of an import with its result. @param {any} result */
function previewTable(result) {
  return [
    h(
      'p',
      { id: 'import-summary', class: result.refused ? 'due' : '' },
      `${result.good} 项可以导入`,
      result.refused ? `，${result.refused} 行有问题（不导入，可改正表格后再导入）` : '',
      '。',
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
          ['行', '序号', '工作任务', '牵头部门', '完成时限', '检查结果'].map((x) => h('th', {}, x)),
        ),
      ),
      h(
        'tbody',
        {},
        result.rows.map((/** @type {any} */ r) =>
          r.heading
            ? h(
                'tr',
                { class: 'part-row', dataset: { line: String(r.line) } },
                h('td', {}, String(r.line)),
                h('td', { colspan: 5 }, `所属部分：${r.input.part}`),
              )
            : h(
                'tr',
                { class: r.error ? 'refused-row' : '', dataset: { line: String(r.line) } },
                h('td', {}, String(r.line)),
                h('td', {}, r.no == null ? '' : String(r.no)),
                h('td', {}, r.input.title),
                h('td', {}, r.input.lead),
                h('td', {}, r.input.due),
                h('td', { class: r.error ? 'due' : 'muted' }, r.error ?? '可导入'),
              ),
        ),
      ),
    ),
  ];
}
