// @ts-check
// Printing forms and the register: choose what to print and as what (PDF to print, Word to fill in, OFD for
// the OA system), the core writes one file (progress shown for many cases), the save dialog asks where, and
// the system viewer opens it. The case page has the print
// button of one case, the register the batch and register dialogs. (The fonts they print with are set in
// the settings screen.)

import * as api from '../api.js';
import { h } from '../dom.js';
import { formDialog } from '../dialogs.js';
import { state } from '../state.js';
import { toast } from '../toast.js';

/** The forms that print for a case of `kind` (from the core's vocabulary). */
export const formsForKind = (kind) => state.vocab.kinds.find((k) => k.code === kind)?.forms ?? [];

/** The file types a form or the register exports as, the PDF first. */
const FILE_TYPES = [
  ['pdf', 'PDF（打印）'],
  ['docx', 'Word 文档（可编辑）'],
  ['ofd', 'OFD 版式文档'],
];

/** A labelled choice of file type, with `id` on its select. */
export function fileChoice(id) {
  const select = h(
    'select',
    { id },
    FILE_TYPES.map(([value, label]) => h('option', { value }, label)),
  );
  return { select, field: h('label', { class: 'stacked' }, '文件', select) };
}

/** The print button of a case page: one form of this case, filled. */
export function printCaseButton(view) {
  const forms = formsForKind(view.kind);
  if (forms.length === 0) return null;
  const run = async () => {
    const result = await formDialog(
      '打印表格',
      () => {
        const choice = h(
          'select',
          { id: 'print-form' },
          forms.map((f) => h('option', { value: f.code }, f.label)),
        );
        const file = fileChoice('print-file');
        return {
          fields: [h('label', { class: 'stacked' }, '表格', choice), file.field],
          read: () => ({ form: choice.value, file: file.select.value }),
        };
      },
      ({ form, file }) => api.exportForms(form, [view.id], file),
      { id: 'print-form-dialog', submitLabel: '导出…' },
    );
    if (result) toast(`已导出：${result}`);
  };
  return h('button', { id: 'print-case', onclick: run }, '打印表格…');
}

/** At most this many cases go into one batch: a bigger stack is a filter away. */
const BATCH_LIMIT = 500;

/**
 * Batch printing from the register: the chosen form for every case the register's filter lists (not only
 * this page) that the form applies to, or a blank one, into one PDF, with a progress bar while the core
 * reads the cases.
 */
export async function printBatchDialog(filter) {
  const all = await api.listCases({ ...filter, limit: BATCH_LIMIT + 1, offset: 0 });
  if (all.rows.length > BATCH_LIMIT) {
    toast(`所列案件有 ${all.total} 件，一次最多打印 ${BATCH_LIMIT} 件，请先筛选（如按年度、类别、状态）`, 'error');
    return;
  }
  const listed = all.rows;
  const result = await formDialog(
    '批量打印',
    () => {
      const form = h(
        'select',
        { id: 'batch-form' },
        state.vocab.forms.map((f) => h('option', { value: f.code }, f.label)),
      );
      const blank = h('input', { type: 'checkbox', id: 'batch-blank' });
      const file = fileChoice('batch-file');
      const count = h('p', { class: 'muted', id: 'batch-count' });
      const progress = h('progress', { class: 'print-progress', id: 'batch-progress', max: 1, value: 0, hidden: true });
      const update = () => {
        const n = matching(listed, form.value).length;
        count.textContent = blank.checked
          ? '打印一份空白表，供手写填写。'
          : `登记簿所列的 ${listed.length} 件案件中有 ${n} 件适用此表，将合为一个文件。`;
      };
      form.addEventListener('change', update);
      blank.addEventListener('change', update);
      update();
      return {
        fields: [
          h('label', { class: 'stacked' }, '表格', form),
          h('label', { class: 'check' }, blank, '空白表'),
          file.field,
          count,
          progress,
        ],
        read: () => ({ form: form.value, blank: blank.checked, file: file.select.value, progress }),
      };
    },
    async ({ form, blank, file, progress }) => {
      const cases = blank ? [] : matching(listed, form).map((c) => c.id);
      if (!blank && cases.length === 0) throw new Error('所列案件中没有适用此表的案件；可改选表格，或打印空白表');
      progress.hidden = cases.length < 2;
      const stop = await api.onEvent('print-progress', (e) => {
        progress.max = e.payload.all;
        progress.value = e.payload.done;
      });
      try {
        return await api.exportForms(form, cases, file);
      } finally {
        stop();
      }
    },
    { id: 'batch-print', submitLabel: '导出…' },
  );
  if (result) toast(`已导出：${result}`);
}

function matching(listed, form) {
  return listed.filter((c) => formsForKind(c.kind).some((f) => f.code === form));
}

/**
 * The register (台账) as landscape pages: a whole year, or the cases received between two days; of every review
 * case, or, from a register of its own (`own`: 行政应诉, 复议答复, 两法衔接), of that kind with its own columns.
 */
export async function printRegisterDialog(defaultYear, own = null) {
  const kind = own?.code ?? null;
  const result = await formDialog(
    own ? `打印${own.label}台账` : '打印登记台账',
    () => {
      const year = h('input', { id: 'register-year', type: 'number', value: defaultYear, min: 1990, max: 2100 });
      const from = h('input', { id: 'register-from', type: 'date' });
      const to = h('input', { id: 'register-to', type: 'date' });
      const file = fileChoice('register-file');
      return {
        fields: h(
          'div',
          {},
          h('label', {}, '年度', year),
          h('p', { class: 'muted' }, '或按收文日期：'),
          h('label', {}, '自', from),
          h('label', {}, '至', to),
          file.field,
        ),
        read: () => ({ year: Number(year.value), from: from.value, to: to.value, file: file.select.value }),
      };
    },
    ({ year, from, to, file }) => {
      if (from || to) {
        if (!from || !to) throw new Error('收文日期：请同时填写起止日期');
        return api.exportRegister(null, from, to, file, kind);
      }
      if (!Number.isInteger(year) || year < 1990 || year > 2100)
        throw new Error('年度：请填写 1990 至 2100 之间的年份');
      return api.exportRegister(year, null, null, file, kind);
    },
    { id: 'print-register', submitLabel: '导出…' },
  );
  if (result) toast(`已导出：${result}`);
}
