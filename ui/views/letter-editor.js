// The structured opinion-letter editor: title, addressee, opening, findings one by one (clause, problem,
// legal basis, suggested revision), conclusion and signatory. A draft is edited, then signed (which gives it
// its number) and marked as delivered. Signed letters are shown read-only.

import * as api from '../api.js';
import { h, mount } from '../dom.js';
import { fmtDate, letterNo } from '../format.js';
import { choiceLabel, confirmDialog, openDialog, showError, toast } from '../app.js';

const FINDING_PARTS = [
  ['clause', '涉及条款'],
  ['problem', '存在问题'],
  ['legal_basis', '法律依据'],
  ['suggestion', '修改建议'],
];

/** Opens the editor for `letter`; resolves when it is closed. */
export function editLetterDialog(letter) {
  return openDialog(letter.title, (close, dialog) => (letter.status === 'draft' ? draftEditor(letter, close, dialog) : readOnly(letter, close)), { wide: true });
}

function draftEditor(letter, close, dialog) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const text = (id, value) => h('input', { id, type: 'text', value: value ?? '' });
  const area = (id, value, rows = 3) => h('textarea', { id, rows, value: value ?? '' });
  const title = text('letter-title', letter.title);
  const addressee = text('letter-addressee', letter.addressee);
  const opening = area('letter-opening', letter.opening, 4);
  const conclusion = area('letter-conclusion', letter.conclusion, 3);
  const signatory = text('letter-signatory', letter.signatory);
  let findings = letter.findings.map((f) => ({ ...f }));
  const list = h('ol', { class: 'findings', id: 'findings' });

  const renderFindings = () =>
    mount(
      list,
      findings.map((f, i) =>
        h(
          'li',
          { class: 'finding', dataset: { index: i } },
          h(
            'div',
            { class: 'finding-head' },
            h('strong', {}, `审查意见 ${i + 1}`),
            h('button', { type: 'button', class: 'small', disabled: i === 0, onclick: () => move(i, -1) }, '上移'),
            h('button', { type: 'button', class: 'small', disabled: i === findings.length - 1, onclick: () => move(i, 1) }, '下移'),
            h('button', { type: 'button', class: 'small danger-outline', onclick: () => remove(i) }, '删除'),
          ),
          FINDING_PARTS.map(([key, label]) =>
            h(
              'label',
              { class: 'stacked' },
              label,
              h('textarea', { rows: key === 'clause' ? 1 : 2, value: f[key] ?? '', dataset: { part: key }, oninput: (e) => (findings[i][key] = e.target.value) }),
            ),
          ),
        ),
      ),
    );
  const move = (i, by) => {
    const [f] = findings.splice(i, 1);
    findings.splice(i + by, 0, f);
    renderFindings();
  };
  const remove = (i) => {
    findings.splice(i, 1);
    renderFindings();
  };
  const addFinding = () => {
    findings.push({ clause: '', problem: '', legal_basis: '', suggestion: '' });
    renderFindings();
    list.lastElementChild?.querySelector('textarea')?.focus();
  };
  renderFindings();

  const edit = () => ({
    title: title.value,
    addressee: addressee.value,
    opening: opening.value,
    conclusion: conclusion.value,
    signatory: signatory.value,
    findings,
  });
  // The core trims every text, so a change of spaces alone is no change: compare as the core will store it.
  const comparable = () =>
    JSON.stringify(edit(), (_key, value) => (typeof value === 'string' ? value.trim() : value));
  let saved = comparable();
  const dirty = () => comparable() !== saved;
  const save = async () => {
    if (!dirty()) return;
    await api.editLetter(letter.id, edit());
    saved = comparable();
  };
  const onSave = async (ev) => {
    ev.preventDefault();
    try {
      showError(error, null);
      if (!dirty()) {
        showError(error, { message: '内容没有变化，未保存' });
        return;
      }
      await save();
      toast('意见书草稿已保存');
      close(true);
    } catch (err) {
      showError(error, err);
    }
  };
  const onSign = async () => {
    showError(error, null);
    const question = dirty() ? '将先保存当前修改，再签发。签发后将编定文号，内容不能再修改。确定签发吗？' : '签发后将编定文号，内容不能再修改。确定签发吗？';
    if (!(await confirmDialog('签发意见书', question, '签发'))) return;
    try {
      await save();
      const signed = await api.signLetter(letter.id);
      toast(`已签发，文号 ${letterNo(signed.number)}`);
      close(true);
    } catch (err) {
      showError(error, err);
    }
  };
  const onClose = async () => {
    if (dirty() && !(await confirmDialog('关闭意见书', '修改尚未保存，确定放弃这些修改吗？', '放弃修改'))) return;
    close(false);
  };
  // Esc asks too, when there is something to lose.
  dialog.addEventListener('cancel', (e) => {
    if (dirty()) {
      e.preventDefault();
      onClose();
    }
  });
  return h(
    'form',
    { id: 'letter-form', class: 'letter-editor', onsubmit: onSave },
    h('p', { class: 'muted' }, `${choiceLabel('letter_kinds', letter.kind)} · 草稿 · 起草于 ${fmtDate(letter.drafted_on)}`),
    h('label', { class: 'stacked' }, '标题', title),
    h('label', { class: 'stacked' }, '主送', addressee),
    h('label', { class: 'stacked' }, '开头', opening),
    h('h3', {}, '审查意见'),
    list,
    h('button', { type: 'button', id: 'add-finding', onclick: addFinding }, '添加一条审查意见'),
    h('label', { class: 'stacked' }, '结论', conclusion),
    h('label', { class: 'stacked' }, '签发人', signatory),
    error,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: onClose }, '关闭'),
      h('button', { type: 'button', id: 'sign-letter', onclick: onSign }, '签发…'),
      h('button', { type: 'submit', class: 'primary', id: 'save-letter' }, '保存草稿'),
    ),
  );
}

function readOnly(letter, close) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const no = letterNo(letter.number);
  const issue = async () => {
    try {
      await api.issueLetter(letter.id);
      toast(`意见书 ${no} 已登记送达`);
      close(true);
    } catch (err) {
      showError(error, err);
    }
  };
  return h(
    'div',
    { class: 'letter-view' },
    h('p', { class: 'letter-no' }, no),
    h('p', { class: 'muted' }, `${choiceLabel('letter_kinds', letter.kind)} · ${choiceLabel('letter_statuses', letter.status)}`, letter.signed_on ? ` · 签发于 ${fmtDate(letter.signed_on)}` : '', letter.issued_on ? ` · 送达于 ${fmtDate(letter.issued_on)}` : ''),
    h('p', {}, `${letter.addressee}：`),
    letter.opening ? h('p', { class: 'para' }, letter.opening) : null,
    h(
      'ol',
      { class: 'findings read' },
      letter.findings.map((f) =>
        h('li', {}, FINDING_PARTS.filter(([k]) => f[k]).map(([k, label]) => h('p', {}, h('strong', {}, `${label}：`), f[k]))),
      ),
    ),
    letter.conclusion ? h('p', { class: 'para' }, letter.conclusion) : null,
    letter.signatory ? h('p', { class: 'signatory' }, `签发人：${letter.signatory}`) : null,
    error,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => close(false) }, '关闭'),
      letter.status === 'signed' ? h('button', { type: 'button', class: 'primary', id: 'issue-letter', onclick: issue }, '登记送达') : null,
    ),
  );
}
