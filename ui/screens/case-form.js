// @ts-check
// New case / edit case. The fields come from the core's registry for the chosen kind (`case_form`), are
// checked as they are typed (validate.js), and the core's refusal — in Chinese — is shown on save, with
// nothing saved. An edit sends only the fields that changed.

import * as api from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { h, select } from '../dom.js';
import { formErrors } from '../form-errors.js';
import { regNo } from '../format.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { fieldProblem, formProblems } from '../validate.js';
import { movesText } from '../components/deadline-parts.js';
import { pageHeader } from '../components/page-header.js';

export async function renderCaseForm({ params, id, go }) {
  const editing = id ? await api.caseView(id) : null;
  const kind = editing?.kind ?? params.get('kind') ?? 'normative_doc';
  const fields = await api.caseForm(kind);
  // A listed field (办理类别) offers the office's own list.
  if (fields.some((/** @type {any} */ f) => f.input === 'listed')) {
    const lists = await api.choiceLists();
    for (const f of fields.filter((/** @type {any} */ f) => f.input === 'listed')) {
      const list = lists.find((/** @type {any} */ l) => l.list === f.list);
      f.choices = (list?.items ?? []).map((/** @type {any} */ i) => ({
        code: i.code,
        label: `${i.code}（${i.label}）`,
      }));
    }
  }
  const original = Object.fromEntries((editing?.fields ?? []).map((f) => [f.code, f.raw]));
  const inputs = new Map();
  const errors = new Map();
  // A refusal of the core that names a field (by its label) is shown under that field too.
  const formError = formErrors({
    id: 'form-error',
    field: (label) => {
      const field = fields.find((f) => f.label === label);
      return field && { line: errors.get(field.code), control: document.getElementById(`f-${field.code}`) };
    },
  });

  const values = () => Object.fromEntries([...inputs].map(([code, read]) => [code, read()]));
  // Compared with what the inputs held when the form opened, in the inputs' own representation.
  let initial = {};
  const changed = () => {
    const v = values();
    return Object.keys(v).filter((code) => (v[code] ?? '') !== (initial[code] ?? ''));
  };
  const check = (field) => {
    const problem = fieldProblem(field, inputs.get(field.code)());
    const el = errors.get(field.code);
    el.textContent = problem ?? '';
    el.hidden = !problem;
    el.previousElementSibling?.setAttribute?.('aria-invalid', problem ? 'true' : 'false');
    return problem;
  };

  const rows = fields.map((field) => {
    const { control, read } = inputFor(field, original[field.code] ?? '');
    inputs.set(field.code, read);
    const error = h('div', { class: 'field-error', id: `error-${field.code}`, hidden: true, role: 'status' });
    errors.set(field.code, error);
    control.addEventListener('input', () => check(field));
    control.addEventListener('change', () => check(field));
    return h(
      'div',
      { class: `field field-${field.input}`, dataset: { field: field.code } },
      h(
        'label',
        { for: `f-${field.code}` },
        field.label,
        field.required ? h('span', { class: 'required', title: '必填' }, ' *') : null,
      ),
      control,
      error,
    );
  });

  initial = values();

  const save = async (e) => {
    e.preventDefault();
    formError.clear();
    const problems = formProblems(fields, values());
    if (problems.length) {
      for (const f of fields) check(f);
      formError.show({ message: `请先改正 ${problems.length} 处问题：${problems[0].message}` });
      document.getElementById(`f-${problems[0].code}`)?.focus();
      return;
    }
    const v = values();
    // One save at a time: a double click must not register the case twice.
    const button = /** @type {HTMLButtonElement} */ (document.getElementById('save-case'));
    if (button.disabled) return;
    button.disabled = true;
    await formError.attempt(
      async () => {
        if (editing) {
          const codes = changed();
          if (codes.length === 0) throw new Error('内容没有变化，未保存');
          const saved = await api.editCase(
            editing.id,
            codes.map((code) => [code, v[code]]),
          );
          const c = saved.record;
          // A changed trigger date moves deadlines: say which, never silently.
          toast([`已保存 ${regNo(c.reg_no)} 的修改`, ...movesText(saved.moves)].join('；'));
          go(`/case/${c.id}`);
        } else {
          const filled = fields.filter((f) => (v[f.code] ?? '').trim() !== '').map((f) => [f.code, v[f.code]]);
          const c = await api.registerCase(kind, filled);
          toast(`已登记 ${regNo(c.reg_no)}`);
          go(`/case/${c.id}`);
        }
      },
      () => (button.disabled = false),
    );
  };
  const cancel = async () => {
    if (changed().length && !(await confirmDialog('放弃修改', '填写的内容尚未保存，确定放弃吗？', '放弃'))) return;
    history.back();
  };

  const kindPicker = editing
    ? null
    : h(
        'div',
        { class: 'kind-picker', role: 'radiogroup', 'aria-label': '案件类别' },
        state.vocab.kinds.map((k) =>
          h(
            'button',
            {
              type: 'button',
              role: 'radio',
              class: k.code === kind ? 'kind active' : 'kind',
              'aria-checked': String(k.code === kind),
              dataset: { kind: k.code },
              onclick: () => go(`/cases/new?kind=${k.code}`),
            },
            k.short_label,
          ),
        ),
      );
  const noUnits = state.units.length === 0;
  return h(
    'div',
    { class: 'case-form' },
    pageHeader(
      editing ? `修改案件 ${editing.reg_no}` : '新建案件',
      editing ? editing.kind_label : state.vocab.kinds.find((k) => k.code === kind).label,
    ),
    kindPicker,
    noUnits ? h('p', { class: 'notice' }, '尚未登记任何送审单位。请先在“人员与单位”中添加送审单位。') : null,
    h(
      'form',
      {
        id: 'case-form',
        class: 'panel form-grid',
        novalidate: true,
        onsubmit: save,
        onkeydown: (e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            cancel();
          } else if (e.key === 'Enter' && e.ctrlKey) save(e);
        },
      },
      rows,
      formError.line,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: cancel }, '取消'),
        h('button', { type: 'submit', class: 'primary', id: 'save-case' }, editing ? '保存修改' : '登记'),
      ),
    ),
  );
}

/** The input for one field, and how to read its value back as the text the core parses. */
function inputFor(field, raw) {
  const id = `f-${field.code}`;
  const attrs = { id, name: field.code };
  switch (field.input) {
    case 'long_text': {
      const el = h('textarea', { ...attrs, rows: 3, value: raw });
      return { control: el, read: () => el.value };
    }
    case 'date': {
      const el = h('input', {
        ...attrs,
        type: 'text',
        inputmode: 'numeric',
        placeholder: field.code === 'received' ? '默认今天，如 2026-11-25' : '如 2026-11-25',
        value: raw,
        autocomplete: 'off',
      });
      return { control: el, read: () => el.value };
    }
    case 'flag': {
      const el = select(
        attrs,
        [
          ['是', '是'],
          ['否', '否'],
        ],
        raw,
        '未填',
      );
      return { control: el, read: () => el.value };
    }
    case 'listed':
    case 'choice': {
      const chosen = field.choices.find((c) => c.label === raw || c.code === raw)?.code ?? '';
      const el = select(
        attrs,
        field.choices.map((c) => [c.code, c.label]),
        chosen,
        '未选',
      );
      return { control: el, read: () => el.value };
    }
    case 'choice_list': {
      const have = raw.split(/[,，、]/).map((s) => s.trim());
      return checkboxes(
        attrs,
        field.choices.map((c) => [c.code, c.label, have.includes(c.label) || have.includes(c.code)]),
      );
    }
    case 'unit': {
      const el = select(
        attrs,
        state.units.map((u) => [u.id, u.name]),
        raw,
        `请选择${field.label}`,
      );
      return { control: el, read: () => el.value };
    }
    case 'person': {
      const staff = state.people.filter((p) => !p.advisor);
      const el = select(
        attrs,
        staff.map((p) => [p.id, p.name]),
        raw,
        '未指定',
      );
      return { control: el, read: () => el.value };
    }
    case 'people': {
      const have = raw.split(',');
      const advisors = state.people.filter((p) => p.advisor);
      if (advisors.length === 0) {
        const el = h('p', { ...attrs, class: 'muted' }, '尚未登记法律顾问');
        return { control: el, read: () => raw };
      }
      return checkboxes(
        attrs,
        advisors.map((p) => [p.id, `${p.name}（${p.advisor.law_firm}）`, have.includes(p.id)]),
      );
    }
    case 'units': {
      const have = raw.split(',');
      return checkboxes(
        attrs,
        state.units.map((u) => [u.id, u.name, have.includes(u.id)]),
      );
    }
    default: {
      const placeholder = { amount: '元，如 1200000 或 120万', year: '如 2026', number: '如 12' }[field.input];
      const el = h('input', {
        ...attrs,
        type: 'text',
        value: raw,
        placeholder,
        autofocus: field.code === 'title',
        autocomplete: 'off',
      });
      return { control: el, read: () => el.value };
    }
  }
}

function checkboxes(attrs, items) {
  const boxes = items.map(([value, text, checked]) => ({
    value,
    el: h('input', { type: 'checkbox', value, checked }),
    text,
  }));
  const group = h(
    'div',
    { ...attrs, class: 'checks', role: 'group' },
    boxes.map((b) => h('label', { class: 'check' }, b.el, b.text)),
  );
  const read = () =>
    boxes
      .filter((b) => b.el.checked)
      .map((b) => b.value)
      .join(',');
  return { control: group, read };
}
