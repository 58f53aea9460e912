// @ts-check
// The structured opinion-letter editor: title, addressee, opening, findings one by one (clause, problem,
// legal basis, suggested revision), conclusion and signatory. A draft is edited, then signed (which gives it
// its number) and marked as delivered. Signed letters are shown read-only. A dialog of the case page.

import * as api from '../api.js';
import { confirmDialog, formDialog, openDialog } from '../dialogs.js';
import { h, mount, select } from '../dom.js';
import { fmtDate, letterNo } from '../format.js';
import { formErrors } from '../form-errors.js';
import { choiceLabel } from '../labels.js';
import { state } from '../state.js';
import { toast } from '../toast.js';

const FINDING_PARTS = [
  ['clause', '涉及条款'],
  ['problem', '存在问题'],
  ['legal_basis', '法律依据'],
  ['suggestion', '修改建议'],
];

/** Opens the editor for `letter` of a case of `caseKind`; resolves when it is closed. */
export function editLetterDialog(letter, caseKind) {
  return openDialog(
    letter.title,
    (close, dialog) => {
      dialog.classList.add('letter');
      return letter.status === 'draft' ? draftEditor(letter, caseKind, close, dialog) : readOnly(letter, close);
    },
    { wide: true },
  );
}

/** The clause library: search as you type; resolves with the chosen entry (undefined when dismissed). */
function pickClause(caseKind) {
  return openDialog(
    '常用审查意见',
    (close) => {
      const query = h('input', {
        id: 'clause-search',
        type: 'search',
        placeholder: '输入关键词，如：行政许可、违约责任',
        autofocus: true,
      });
      const list = h('ul', { class: 'clause-list', id: 'clause-results' });
      let seq = 0;
      const search = async () => {
        const mine = ++seq;
        const found = await api.searchClauses(query.value, caseKind ?? null);
        if (mine !== seq) return;
        mount(
          list,
          found.length === 0
            ? h('li', { class: 'muted' }, '没有找到，换个关键词试试。')
            : found.map((c) =>
                h(
                  'li',
                  { dataset: { clauseId: c.id } },
                  h(
                    'div',
                    { class: 'clause-head' },
                    h('strong', {}, c.title),
                    c.code ? null : h('span', { class: 'muted' }, ' 本单位'),
                    h('button', { type: 'button', class: 'small primary', onclick: () => close(c) }, '添加'),
                  ),
                  h('p', {}, c.problem),
                  c.legal_basis ? h('p', { class: 'muted' }, `依据：${c.legal_basis}`) : null,
                ),
              ),
        );
      };
      query.addEventListener('input', search);
      search();
      return h(
        'div',
        { class: 'clause-picker' },
        query,
        list,
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => close() }, '关闭')),
      );
    },
    { wide: true },
  );
}

/** Saves a finding to the clause library under a name the drafter gives. */
async function saveToLibrary(finding, caseKind) {
  if (!finding.problem.trim()) {
    toast('请先写明存在的问题，再存入常用意见库', 'error');
    return;
  }
  const saved = await formDialog(
    '存入常用意见库',
    () => {
      const title = h('input', { id: 'clause-title', type: 'text', autofocus: true });
      return { fields: h('label', {}, '名称（便于查找，如“增设行政许可”）', title), read: () => title.value };
    },
    (title) =>
      api.addClause({
        title,
        kinds: caseKind ? [caseKind] : [],
        problem: finding.problem,
        legal_basis: finding.legal_basis,
        suggestion: finding.suggestion,
      }),
    { id: 'save-clause', submitLabel: '存入' },
  );
  if (saved) toast(`已存入常用意见库：${saved.title}`);
}

const FORMAT_KEY = 'fashen.letterFormat';

/** The 版式 choice, remembered on this laptop. */
function formatSelect() {
  const select = h(
    'select',
    { id: 'letter-format' },
    state.vocab.letter_formats.map((f) => h('option', { value: f.code }, f.label)),
  );
  select.value = localStorage.getItem(FORMAT_KEY) ?? 'letter';
  select.addEventListener('change', () => localStorage.setItem(FORMAT_KEY, select.value));
  return select;
}

/**
 * The live preview: the core lays the letter out exactly as the PDF will be and draws each page as SVG.
 * `content()` is the editor's unsaved content (or null for a signed letter). Returns the pane and `refresh`.
 */
function previewPane(letter, content, format) {
  const pages = h('div', { class: 'preview-pages', id: 'letter-preview' });
  const note = h('p', { class: 'preview-note muted', role: 'status' }, '预览排版中…');
  const cautions = h('ul', { class: 'preview-warnings form-error', id: 'letter-warnings', hidden: true });
  let timer = null;
  let seq = 0;
  const draw = async () => {
    const mine = ++seq;
    try {
      const { pages: svgs, warnings } = await api.previewLetter(letter.id, content() ?? {}, format.value);
      if (mine !== seq) return;
      note.textContent = `预览：共 ${svgs.length} 页，与导出的 PDF 版式相同`;
      note.classList.remove('form-error');
      // What a reader would trip over in the words (a conclusion that contradicts the findings): said, not refused.
      mount(
        cautions,
        warnings.map((w) => h('li', {}, w)),
      );
      cautions.hidden = warnings.length === 0;
      // Each page is shown as an image of the core's SVG (glyph outlines and rules, no script, no markup parsed
      // into the page); a data: image is what the window's content policy allows.
      const src = (svg) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
      mount(
        pages,
        svgs.map((svg, i) =>
          h('img', { class: 'preview-page', src: src(svg), alt: `第 ${i + 1} 页`, dataset: { page: i + 1 } }),
        ),
      );
      pages.dataset.busy = '0';
    } catch (err) {
      if (mine !== seq) return;
      note.textContent = `无法预览：${err.message}`;
      note.classList.add('form-error');
      pages.dataset.busy = '0';
    }
  };
  // `data-busy` is 1 from a change until its pages are drawn (what a test waits on).
  const refresh = (now = false) => {
    pages.dataset.busy = '1';
    clearTimeout(timer);
    timer = setTimeout(draw, now ? 0 : 400);
  };
  format.addEventListener('change', () => refresh(true));
  refresh(true);
  return { pane: h('aside', { class: 'letter-preview' }, note, cautions, pages), refresh };
}

/**
 * Exports the letter as PDF (or, with `file` = 'docx', as a Word document for a draft that goes round the
 * office; 'ofd' for an OA system) through the save dialog, then the system viewer opens it. `edit` is a draft's unsaved content: the
 * core saves it only once the letter is known to print. A refusal is shown on the editor's error line
 * (`errors`, from formErrors). Resolves true when exported.
 */
async function exportPdf(letter, format, errors, edit = null, file = 'pdf') {
  const path = await errors.attempt(() => api.exportLetter(letter.id, format.value, edit, file));
  if (path) toast(`已导出：${path}`);
  return Boolean(path);
}

/**
 * The 签发人 of the letter's issuer, as the people list names them; a name the letter carries that is not (or no
 * longer) one of them stays visible, so signing can say why it refuses.
 */
function signerSelect(letter) {
  const names = state.people.filter((p) => p.signs && p.unit_id === letter.issuer_unit_id).map((p) => p.name);
  if (letter.signatory && !names.includes(letter.signatory)) names.push(letter.signatory);
  const empty = names.length === 0 ? '（尚未指定签发人，请在「人员与单位」中指定）' : '（签发时选定）';
  return select(
    { id: 'letter-signatory' },
    names.map((n) => [n, n]),
    letter.signatory ?? (names.length === 1 ? names[0] : ''),
    empty,
  );
}

function draftEditor(letter, caseKind, close, dialog) {
  const errors = formErrors();
  const text = (id, value) => h('input', { id, type: 'text', value: value ?? '' });
  const area = (id, value, rows = 3) => h('textarea', { id, rows, value: value ?? '' });
  const title = text('letter-title', letter.title);
  const addressee = text('letter-addressee', letter.addressee);
  const opening = area('letter-opening', letter.opening, 4);
  const conclusion = area('letter-conclusion', letter.conclusion, 3);
  // Two roles: the office's 签发人 signs its letters; a 法律意见书 is signed by its 承办律师.
  const firm = letter.kind === 'legal_opinion';
  // A 答复函 is written in sections (办理情况 …) and closes with thanks: it has no findings of a review.
  const reply = letter.kind === 'proposal_reply' && letter.findings.length === 0;
  // A reply is signed by its 主办单位's own leader, typed (the office need not have registered them).
  const signatory =
    letter.kind === 'proposal_reply'
      ? h('input', {
          id: 'letter-signatory',
          type: 'text',
          value: letter.signatory ?? '',
          placeholder: '主办单位负责人',
        })
      : signerSelect(letter);
  const lawyers = text('letter-lawyers', (letter.lawyers ?? []).join('、'));
  const table = h('input', { id: 'letter-findings-table', type: 'checkbox', checked: letter.findings_table });
  const format = formatSelect();
  const cc = text('letter-cc', letter.cc.join('、'));
  let findings = letter.findings.map((f) => ({ ...f }));
  const list = h('ol', { class: 'findings', id: 'findings' });
  const sections = letter.sections.map((x) => ({ ...x }));
  const sectionList = h('ol', { class: 'findings', id: 'sections' });
  const orderButtons = (items, i, render) => [
    h(
      'button',
      { type: 'button', class: 'small', disabled: i === 0, onclick: () => shift(items, i, -1, render) },
      '上移',
    ),
    h(
      'button',
      { type: 'button', class: 'small', disabled: i === items.length - 1, onclick: () => shift(items, i, 1, render) },
      '下移',
    ),
    h('button', { type: 'button', class: 'small danger-outline', onclick: () => shift(items, i, 0, render) }, '删除'),
  ];
  // Moves item i by one place up or down, or removes it (by = 0); redraws the list and the preview.
  const shift = (items, i, by, render) => {
    const [x] = items.splice(i, 1);
    if (by !== 0) items.splice(i + by, 0, x);
    render();
    preview.refresh(true);
  };
  const renderSections = () =>
    mount(
      sectionList,
      sections.map((x, i) =>
        h(
          'li',
          { class: 'finding', dataset: { index: i } },
          h(
            'div',
            { class: 'finding-head' },
            h('strong', {}, `第 ${i + 1} 节`),
            orderButtons(sections, i, renderSections),
          ),
          h(
            'label',
            { class: 'stacked' },
            '小标题',
            h('input', {
              type: 'text',
              value: x.heading,
              dataset: { part: 'heading' },
              oninput: (e) => (sections[i].heading = e.target.value),
            }),
          ),
          h(
            'label',
            { class: 'stacked' },
            '正文（每行一段）',
            h('textarea', {
              rows: 3,
              value: x.body,
              dataset: { part: 'body' },
              oninput: (e) => (sections[i].body = e.target.value),
            }),
          ),
        ),
      ),
    );
  const addSection = () => {
    sections.push({ heading: '', body: '' });
    renderSections();
    sectionList.lastElementChild?.querySelector('input')?.focus();
  };
  renderSections();

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
            orderButtons(findings, i, renderFindings),
            h(
              'button',
              {
                type: 'button',
                class: 'small',
                dataset: { save: i },
                onclick: () => saveToLibrary(findings[i], caseKind),
              },
              '存入意见库',
            ),
          ),
          FINDING_PARTS.map(([key, label]) =>
            h(
              'label',
              { class: 'stacked' },
              label,
              h('textarea', {
                rows: key === 'clause' ? 1 : 2,
                value: f[key] ?? '',
                dataset: { part: key },
                oninput: (e) => (findings[i][key] = e.target.value),
              }),
            ),
          ),
        ),
      ),
    );
  const addFinding = () => {
    findings.push({ clause: '', problem: '', legal_basis: '', suggestion: '' });
    renderFindings();
    list.lastElementChild?.querySelector('textarea')?.focus();
  };
  const addFromLibrary = async () => {
    const c = await pickClause(caseKind);
    if (!c) return;
    findings.push({ clause: '', problem: c.problem, legal_basis: c.legal_basis, suggestion: c.suggestion });
    renderFindings();
    preview.refresh(true);
    /** @type {HTMLElement | null | undefined} */ (
      list.lastElementChild?.querySelector("textarea[data-part='clause']")
    )?.focus();
  };
  renderFindings();

  const edit = () => ({
    title: title.value,
    addressee: addressee.value,
    opening: opening.value,
    conclusion: conclusion.value,
    ...(firm ? { lawyers: [lawyers.value] } : { signatory: signatory.value }),
    cc: cc.value
      .split(/[、，,；;\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
    sections,
    findings,
    findings_table: table.checked,
  });
  // Parts still being written (a finding with no problem yet, a section with no heading) are left out of the
  // preview instead of stopping it.
  const previewContent = () => ({
    ...edit(),
    sections: sections.filter((x) => x.heading.trim()),
    findings: findings.filter((f) => f.problem.trim()),
  });
  const preview = previewPane(letter, previewContent, format);
  // The core trims every text, so a change of spaces alone is no change: compare as the core will store it.
  const comparable = () => JSON.stringify(edit(), (_key, value) => (typeof value === 'string' ? value.trim() : value));
  let saved = comparable();
  const dirty = () => comparable() !== saved;
  const save = async () => {
    if (!dirty()) return;
    await api.editLetter(letter.id, edit());
    saved = comparable();
  };
  const onSave = async (ev) => {
    ev.preventDefault();
    await errors.attempt(async () => {
      if (!dirty()) throw new Error('内容没有变化，未保存');
      await save();
      toast('意见书草稿已保存');
      close(true);
    });
  };
  const onSign = async () => {
    errors.clear();
    const question = dirty()
      ? '将先保存当前修改，再签发。签发后将编定文号，内容不能再修改。确定签发吗？'
      : '签发后将编定文号，内容不能再修改。确定签发吗？';
    if (!(await confirmDialog('签发意见书', question, '签发'))) return;
    await errors.attempt(async () => {
      await save();
      const signed = await api.signLetter(letter.id);
      toast(`已签发，文号 ${letterNo(signed.number)}`);
      close(true);
    });
  };
  // Unsaved changes go with the export and are saved by it, only once the letter is known to print: a
  // refused or cancelled export saves nothing.
  const onExport = async (file = 'pdf') => {
    const changed = dirty();
    if ((await exportPdf(letter, format, errors, changed ? edit() : null, file)) && changed) saved = comparable();
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
  const form = h(
    'form',
    {
      id: 'letter-form',
      class: 'letter-editor',
      onsubmit: onSave,
      oninput: () => preview.refresh(),
      onchange: () => preview.refresh(),
    },
    h(
      'p',
      { class: 'muted' },
      `${choiceLabel('letter_kinds', letter.kind)} · 草稿 · 起草于 ${fmtDate(letter.drafted_on)}`,
    ),
    h('label', { class: 'stacked' }, '标题', title),
    h('label', { class: 'stacked' }, '主送', addressee),
    h('label', { class: 'stacked' }, '开头', opening),
    h('h3', {}, reply ? '正文小节（如办理情况、下一步工作）' : '正文小节（如审查依据）'),
    sectionList,
    h('button', { type: 'button', id: 'add-section', onclick: addSection }, '添加一节'),
    reply ? null : h('h3', {}, '审查意见'),
    reply ? null : list,
    reply
      ? null
      : h(
          'div',
          { class: 'action-row' },
          h('button', { type: 'button', id: 'add-finding', onclick: addFinding }, '添加一条审查意见'),
          h('button', { type: 'button', id: 'add-from-library', onclick: addFromLibrary }, '从常用意见库添加…'),
        ),
    h('label', { class: 'stacked' }, reply ? '结束语' : '结论', conclusion),
    firm
      ? h('label', { class: 'stacked' }, '承办律师（多人以、分隔）', lawyers)
      : h(
          'label',
          { class: 'stacked' },
          letter.kind === 'proposal_reply' ? '签发人（主办单位负责人）' : '签发人',
          signatory,
        ),
    h('label', { class: 'stacked' }, '抄送（多个以、分隔）', cc),
    reply ? null : h('label', { class: 'check' }, table, '审查意见以逐条对照表打印（合同审查常用）'),
    h('label', { class: 'stacked' }, '版式', format),
    errors.line,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: onClose }, '关闭'),
      h('button', { type: 'button', id: 'export-letter', onclick: () => onExport() }, '导出 PDF…'),
      h('button', { type: 'button', id: 'export-letter-docx', onclick: () => onExport('docx') }, '导出 Word…'),
      h('button', { type: 'button', id: 'export-letter-ofd', onclick: () => onExport('ofd') }, '导出 OFD…'),
      h('button', { type: 'button', id: 'sign-letter', onclick: onSign }, '签发…'),
      h('button', { type: 'submit', class: 'primary', id: 'save-letter' }, '保存草稿'),
    ),
  );
  return h('div', { class: 'letter-layout' }, form, preview.pane);
}

function readOnly(letter, close) {
  const errors = formErrors();
  const format = formatSelect();
  const preview = previewPane(letter, () => null, format);
  const no = letterNo(letter.number);
  const issue = () =>
    errors.attempt(async () => {
      await api.issueLetter(letter.id);
      toast(`意见书 ${no} 已登记送达`);
      close(true);
    });
  const view = h(
    'div',
    { class: 'letter-view' },
    h('p', { class: 'letter-no' }, no),
    h(
      'p',
      { class: 'muted' },
      `${choiceLabel('letter_kinds', letter.kind)} · ${choiceLabel('letter_statuses', letter.status)}`,
      letter.signed_on ? ` · 签发于 ${fmtDate(letter.signed_on)}` : '',
      letter.issued_on ? ` · 送达于 ${fmtDate(letter.issued_on)}` : '',
    ),
    h('p', {}, `${letter.addressee}：`),
    letter.opening ? h('p', { class: 'para' }, letter.opening) : null,
    h(
      'ol',
      { class: 'findings read' },
      letter.findings.map((f) =>
        h(
          'li',
          {},
          FINDING_PARTS.filter(([k]) => f[k]).map(([k, label]) => h('p', {}, h('strong', {}, `${label}：`), f[k])),
        ),
      ),
    ),
    letter.conclusion ? h('p', { class: 'para' }, letter.conclusion) : null,
    letter.signatory ? h('p', { class: 'signatory' }, `签发人：${letter.signatory}`) : null,
    letter.lawyers?.length ? h('p', { class: 'signatory' }, `承办律师：${letter.lawyers.join('、')}`) : null,
    h('label', { class: 'stacked' }, '版式', format),
    errors.line,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => close(false) }, '关闭'),
      h(
        'button',
        { type: 'button', id: 'export-letter', onclick: () => exportPdf(letter, format, errors) },
        '导出 PDF…',
      ),
      h(
        'button',
        { type: 'button', id: 'export-letter-docx', onclick: () => exportPdf(letter, format, errors, null, 'docx') },
        '导出 Word…',
      ),
      h(
        'button',
        { type: 'button', id: 'export-letter-ofd', onclick: () => exportPdf(letter, format, errors, null, 'ofd') },
        '导出 OFD…',
      ),
      letter.status === 'signed'
        ? h('button', { type: 'button', class: 'primary', id: 'issue-letter', onclick: issue }, '登记送达')
        : null,
    ),
  );
  return h('div', { class: 'letter-layout' }, view, preview.pane);
}
