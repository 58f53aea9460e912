// @ts-check
// One case: its fields, the status actions the transition table allows (each confirmed), the review clock,
// letters with their structured editor, filings, attachments and the history from the revision log.

import * as api from '../api.js';
import { confirmDialog, formDialog } from '../dialogs.js';
import { h, select } from '../dom.js';
import { fmtDate, fmtDateTime, fmtSize, letterNo } from '../format.js';
import { choiceLabel, personName, statusLabel } from '../labels.js';
import { state } from '../state.js';
import { toast } from '../toast.js';
import { resolveDialog } from '../components/conflict-resolver.js';
import { movesText, urgencyBadge } from '../components/deadline-parts.js';
import { keyTasksPanel } from '../components/key-tasks.js';
import { editLetterDialog } from '../components/letter-editor.js';
import { pageHeader } from '../components/page-header.js';
import { fileChoice, printCaseButton } from '../components/print.js';
import { statusBadge } from '../components/status-badge.js';

export async function renderCaseDetail({ id, go, params }) {
  const view = await api.caseView(id);
  // Opened from a search result: the page is scrolled to the hit once it is shown.
  const at = params?.get('at');
  if (at) setTimeout(() => showTarget(at, params.get('item') ?? ''), 0);
  const refresh = () => go(`/case/${view.id}`);
  // Exactly the changes the core's transition table allows, as the core describes them.
  const actions = view.actions.map((action) =>
    h(
      'button',
      {
        class: action.side_exit ? 'danger-outline' : 'primary',
        dataset: { to: action.to },
        onclick: async () => {
          if (await advanceDialog(view, action)) refresh();
        },
      },
      action.side_exit ? action.label : `转为「${action.label}」`,
    ),
  );

  return h(
    'div',
    { class: 'case-detail', dataset: { caseId: view.id, status: view.status, kind: view.kind } },
    pageHeader(
      view.title,
      `${view.reg_no} · ${view.kind_label}`,
      statusBadge(view.status),
      // The document's validity, apart from the stage of its case.
      view.validity
        ? h(
            'span',
            {
              class: `badge validity validity-${view.validity.state}`,
              id: 'validity',
              title: view.validity.text,
            },
            `${view.validity.state_label} · ${view.validity.text}`,
          )
        : null,
      printCaseButton(view),
      h('a', { class: 'button', id: 'edit-case', href: `#/case/${view.id}/edit` }, '修改'),
    ),
    conflictBanner(view, refresh),
    h(
      'section',
      { class: 'panel', id: 'status-actions' },
      h('h2', {}, '办理'),
      actions.length
        ? h(
            'div',
            { class: 'action-row' },
            actions,
            view.can_extend
              ? h('button', { id: 'extend', onclick: async () => (await extendDialog(view)) && refresh() }, '延期…')
              : null,
          )
        : h('p', { class: 'muted' }, `案件处于「${statusLabel(view.status)}」状态，没有后续办理环节。`),
    ),
    h(
      'div',
      { class: 'two-col' },
      h('section', { class: 'panel', id: 'case-fields' }, h('h2', {}, '案件信息'), fieldList(view)),
      h(
        'div',
        {},
        deadlinesPanel(view),
        view.reviewed ? clockPanel(view) : null,
        lettersPanel(view, refresh),
        view.kind === 'normative_doc' ? filingsPanel(view, refresh) : null,
        view.kind === 'litigation' ? hearingsPanel(view, refresh) : null,
        attachmentsPanel(view, refresh),
      ),
    ),
    // A round's tables need the page's width.
    view.inspection ? inspectionPanel(view, refresh) : null,
    view.plan ? keyTasksPanel(view, refresh) : null,
    historyPanel(view),
  );
}

/** 冲突待处理: what sync left for a person on this case, settled here or on the Sync screen. */
function conflictBanner(view, refresh) {
  if (!view.conflicts.length) return null;
  return h(
    'section',
    { class: 'panel conflict-panel', id: 'case-conflicts', role: 'alert' },
    h(
      'h2',
      {},
      h('span', { class: 'badge badge-warn' }, '冲突待处理'),
      ` 同步带来了 ${view.conflicts.length} 处冲突，处理前本案不能签发、送达意见书或登记备案`,
    ),
    h(
      'ul',
      {},
      view.conflicts.map((c) =>
        h(
          'li',
          { dataset: { entity: c.entity_id } },
          `${c.entity_label}「${c.title}」：${c.fields.map((f) => f.label).join('、') || (c.kind === 'number' ? `编号 ${c.number} 重复` : '一方删除、一方修改')} `,
          h('button', { class: 'small primary', onclick: async () => (await resolveDialog(c)) && refresh() }, '处理…'),
        ),
      ),
    ),
  );
}

/** Scrolls to and marks the item `item` of the panel `panel` (or the panel, when the item is not there). */
function showTarget(panel, item) {
  const box = document.getElementById(panel);
  if (!box) return;
  const items = /** @type {HTMLElement[]} */ (Array.from(box.querySelectorAll('[data-target]')));
  const el = (item && items.find((e) => e.dataset.target === item)) || box;
  el.classList.add('search-target');
  el.scrollIntoView({ block: 'center' });
}

function fieldList(view) {
  return h(
    'dl',
    { class: 'fields' },
    view.fields.map((f) => [h('dt', {}, f.label), h('dd', { dataset: { field: f.code, target: f.code } }, f.value)]),
  );
}

/** The case's deadlines, each with its trigger, rule, source and today's light, and the dates that moved. */
function deadlinesPanel(view) {
  const { deadlines, moves } = view.deadlines;
  const light = (d) => {
    if (d.state === 'warning') return urgencyBadge('overdue', d.state_label);
    if (d.state === 'satisfied') return urgencyBadge('green', d.state_label);
    if (d.state === 'open' || d.state === 'paused') return urgencyBadge(d.urgency, d.left_text);
    return urgencyBadge('none', d.left_text);
  };
  const item = (d) =>
    h(
      'li',
      { class: 'deadline', dataset: { rule: d.key, state: d.state, due: d.due ?? '' } },
      h(
        'div',
        { class: 'deadline-head' },
        h('strong', {}, d.label),
        h('span', { class: 'due' }, d.due ? fmtDate(d.due) : '—'),
        light(d),
        d.provisional
          ? h(
              'span',
              {
                class: 'badge light light-amber',
                title: '涉及尚未录入节假日安排的年份，暂按周一至周五计算；录入该年安排后会自动重算',
              },
              '暂定日历',
            )
          : null,
      ),
      h('div', { class: 'deadline-detail' }, d.detail),
      h(
        'div',
        { class: 'deadline-source' },
        d.trigger
          ? `${d.purpose === 'reminder' ? '届满日' : '起算'}：${d.trigger_label} ${fmtDate(d.trigger)}`
          : `起算：${d.trigger_label}`,
        d.period ? ` · 规则：${d.period}` : '',
        d.source ? ` · 依据：${d.source}` : '',
      ),
    );
  return h(
    'section',
    { class: 'panel', id: 'case-deadlines' },
    h('h2', {}, '办理期限', h('a', { class: 'more', href: '#/calendar' }, '日历与规则')),
    deadlines.length === 0
      ? h('p', { class: 'muted' }, '本案没有适用的期限规则。')
      : h('ul', { class: 'deadline-list' }, deadlines.map(item)),
    moves.length === 0
      ? null
      : h(
          'div',
          { class: 'moves', id: 'deadline-moves' },
          h('h3', {}, '期限变动'),
          h(
            'ul',
            {},
            moves.map((m) =>
              h(
                'li',
                {},
                h('span', { class: 'muted' }, fmtDateTime(m.at)),
                ' ',
                movesText([m])[0],
                h('div', { class: 'muted cause' }, `原因：${m.cause}`),
              ),
            ),
          ),
        ),
  );
}

function clockPanel(view) {
  return h(
    'section',
    { class: 'panel', id: 'clock-events' },
    h('h2', {}, '审查计时'),
    view.clock_events.length === 0
      ? h('p', { class: 'muted' }, '没有暂停、恢复或延期记录。')
      : table(
          ['事件', '日期', '原因', '天数', '批准人'],
          view.clock_events.map((e) => [
            choiceLabel('clock_event_kinds', e.kind),
            fmtDate(e.on),
            e.reason ?? '',
            e.days ? `${e.days} 个工作日` : '',
            e.approver_id ? personName(e.approver_id) : '',
          ]),
        ),
  );
}

function lettersPanel(view, refresh) {
  const add = async () => {
    try {
      const letter = await api.newLetter(view.id);
      toast('已新建意见书草稿');
      await editLetterDialog(letter, view.kind);
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  return h(
    'section',
    { class: 'panel', id: 'letters' },
    h('h2', {}, '意见书', h('button', { class: 'small', id: 'new-letter', onclick: add }, '新建意见书')),
    view.letters.length === 0
      ? h('p', { class: 'muted' }, '尚无意见书。')
      : h(
          'ul',
          { class: 'letter-list' },
          view.letters.map((l) =>
            h(
              'li',
              { dataset: { target: l.title } },
              h(
                'button',
                {
                  class: 'link',
                  dataset: { letterId: l.id },
                  onclick: async () => {
                    await editLetterDialog(l, view.kind);
                    refresh();
                  },
                },
                l.title,
              ),
              h(
                'span',
                { class: 'muted' },
                ` ${choiceLabel('letter_statuses', l.status)}`,
                l.number ? ` · ${letterNo(l.number)}` : '',
                ` · 起草于 ${fmtDate(l.drafted_on)}`,
              ),
            ),
          ),
        ),
  );
}

function filingsPanel(view, refresh) {
  const edit = async (filing) => {
    if (await filingDialog(view, filing)) refresh();
  };
  return h(
    'section',
    { class: 'panel', id: 'filings' },
    h('h2', {}, '备案', h('button', { class: 'small', id: 'new-filing', onclick: () => edit(null) }, '添加备案记录')),
    view.filings.length === 0
      ? h('p', { class: 'muted' }, '尚无备案记录。')
      : table(
          ['渠道', '报备期限', '报送日期', '回执号', '结果'],
          view.filings.map((f) => [
            choiceLabel('filing_channels', f.channel),
            fmtDate(f.due ?? ''),
            fmtDate(f.submitted_on ?? ''),
            f.receipt_no ?? '',
            f.result ? choiceLabel('filing_results', f.result) : '',
          ]),
          (i) => edit(view.filings[i]),
        ),
  );
}

function attachmentsPanel(view, refresh) {
  const label = h('input', { id: 'attachment-label', type: 'text', placeholder: '附件说明（可选）' });
  const add = async () => {
    try {
      const att = await api.attachFile(view.id, label.value.trim() || null);
      if (att) {
        toast(`已添加附件：${att.name}（${att.content}）`, att.searchable ? 'ok' : 'warn');
        refresh();
      }
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const open = async (a) => {
    try {
      const opened = await api.openAttachment(a.id);
      if (!opened.viewable)
        toast(
          `「${a.name}」不是文档或图片，为安全起见不直接打开，${opened.downloaded ? '已保存到下载文件夹' : '已打开其所在文件夹'}`,
        );
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  return h(
    'section',
    { class: 'panel', id: 'attachments' },
    h('h2', {}, '附件'),
    view.attachments.length === 0
      ? h('p', { class: 'muted' }, '尚无附件。')
      : h(
          'ul',
          { class: 'attachment-list' },
          view.attachments.map((a) =>
            h(
              'li',
              { dataset: { target: a.name } },
              h('button', { class: 'link', dataset: { attachmentId: a.id }, onclick: () => open(a) }, a.name),
              h(
                'span',
                { class: 'muted' },
                ` ${a.label ? `${a.label} · ` : ''}${fmtSize(a.size)} · ${fmtDate(a.added_on)} · `,
              ),
              h('span', { class: a.searchable ? 'muted' : 'attachment-unsearchable' }, a.content),
            ),
          ),
        ),
    h('div', { class: 'inline-form' }, label, h('button', { id: 'add-attachment', onclick: add }, '添加附件…')),
  );
}

function historyPanel(view) {
  return h(
    'section',
    { class: 'panel', id: 'history' },
    h('h2', {}, '办理记录'),
    h(
      'ol',
      { class: 'timeline' },
      [...view.history].reverse().map((e) =>
        h(
          'li',
          { dataset: { entity: e.entity } },
          h(
            'div',
            { class: 'timeline-head' },
            h('span', { class: 'when' }, fmtDateTime(e.at)),
            h('span', { class: 'who' }, e.author),
            h(
              'span',
              { class: 'where muted', title: e.device_id },
              e.device_name ?? `其他电脑 ${e.device_id.slice(0, 8)}`,
            ),
          ),
          h('div', { class: 'what' }, e.message),
          e.changes.length
            ? h(
                'ul',
                { class: 'changes' },
                e.changes.map((c) =>
                  c.old === null
                    ? h('li', {}, h('span', { class: 'field-name' }, c.field), '：', c.new ?? '')
                    : h(
                        'li',
                        {},
                        h('span', { class: 'field-name' }, c.field),
                        '：',
                        h('del', {}, c.old),
                        ' → ',
                        h('ins', {}, c.new ?? '（空）'),
                      ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

function table(head, rows, onRow) {
  return h(
    'table',
    { class: 'small-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells, i) =>
        h(
          'tr',
          onRow
            ? {
                tabindex: '0',
                class: 'clickable',
                onclick: () => onRow(i),
                onkeydown: (e) => e.key === 'Enter' && onRow(i),
              }
            : {},
          cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}

/** Confirms a status change, asking for what the new status needs (date, reason, conclusion). */
function advanceDialog(view, action) {
  const to = action.to;
  return formDialog(
    `变更状态：${statusLabel(to)}`,
    () => {
      // Empty means today as the core counts it (China Standard Time), not as this laptop's clock zone has it.
      const on = h('input', {
        id: 'advance-on',
        type: 'text',
        placeholder: '默认为今天；其他日期如 2026-11-25',
        'aria-label': '日期',
      });
      const note = h('textarea', { id: 'advance-note', rows: 3 });
      const outcome = action.needs_outcome
        ? select({ id: 'advance-outcome' }, outcomeChoices(view), '', '请选择审查结论')
        : null;
      const decision = action.needs_decision
        ? select(
            { id: 'advance-decision' },
            state.vocab.reconsideration_decisions.map((c) => [c.code, c.label]),
            '',
            '请选择复议决定',
          )
        : null;
      return {
        fields: [
          h(
            'p',
            { class: 'dialog-message' },
            `将案件 ${view.reg_no} 从「${statusLabel(view.status)}」变为「${statusLabel(to)}」。`,
          ),
          h('label', { class: 'stacked' }, '日期', on),
          outcome ? h('label', { class: 'stacked' }, '审查结论', outcome) : null,
          decision ? h('label', { class: 'stacked' }, '复议决定', decision) : null,
          h('label', { class: 'stacked' }, noteLabel(action), note),
        ],
        read: () => ({
          on: on.value.trim() || null,
          note: note.value.trim() || null,
          outcome: outcome?.value || null,
          decision: decision?.value || null,
        }),
      };
    },
    async (input) => {
      const saved = await api.advanceCase(view.id, to, input);
      toast([`${view.reg_no} 已变为「${statusLabel(to)}」`, ...movesText(saved.moves)].join('；'));
      return true;
    },
    { id: 'advance', submitLabel: '确认变更', grid: false },
  );
}

/** What the note of a status change is for, and whether it must be filled in. */
function noteLabel(action) {
  if (action.pauses_clock) return '需补正的材料（必填）';
  if (action.needs_reason) return '尚无已签发的意见书：请先签发；确不出具书面意见书的，写明原因（必填）';
  if (action.reason_label) return action.reason_label;
  return '备注（可选）';
}

function outcomeChoices(view) {
  const kind = state.vocab.kinds.find((k) => k.code === view.kind);
  return (kind?.outcomes ?? []).map((code) => [code, choiceLabel('outcomes', code)]);
}

function extendDialog(view) {
  const max = state.vocab.max_extension_days;
  return formDialog(
    '延期',
    () => {
      const days = h('input', { id: 'extend-days', type: 'number', min: 1, max, value: 5 });
      const reason = h('textarea', { id: 'extend-reason', rows: 2 });
      const approvers = state.people.filter((p) => state.vocab.approver_roles.includes(p.role));
      const approver = select(
        { id: 'extend-approver' },
        approvers.map((p) => [p.id, `${p.name}（${choiceLabel('roles', p.role)}）`]),
        '',
        '请选择批准人',
      );
      return {
        fields: [
          h('label', { class: 'stacked' }, '延长工作日', days),
          h('label', { class: 'stacked' }, '批准人', approver),
          h('label', { class: 'stacked wide' }, '延期理由', reason),
        ],
        read: () => ({ days: days.value.trim(), reason: reason.value, approver: approver.value }),
      };
    },
    async ({ days, reason, approver }) => {
      // The core takes a whole number; anything else would fail before it could explain, so say it here.
      if (!/^\d{1,3}$/.test(days)) throw new Error(`延期天数：应为 1—${max} 个工作日`);
      const saved = await api.extendCase(view.id, Number(days), reason, approver);
      toast([`${view.reg_no} 已延期 ${days} 个工作日`, ...movesText(saved.moves)].join('；'));
      return true;
    },
    { id: 'extend', submitLabel: '确认延期' },
  );
}

/** A lawsuit's hearings: each day, who appeared for the defendant and, when no head did, why. */
function hearingsPanel(view, refresh) {
  const add = async () => {
    if (await hearingDialog(view)) refresh();
  };
  const remove = async (hearing) => {
    if (!(await confirmDialog('删除庭审记录', `删除 ${fmtDate(hearing.on)} 的庭审记录？`, '删除'))) return;
    try {
      await api.deleteHearing(hearing.id);
      toast('庭审记录已删除');
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const headPresent = (x) => x.appeared === 'head' || x.appeared === 'deputy_head';
  return h(
    'section',
    { class: 'panel', id: 'hearings' },
    h('h2', {}, '庭审', h('button', { class: 'small', id: 'new-hearing', onclick: add }, '记录开庭')),
    view.hearings.length === 0
      ? h('p', { class: 'muted' }, '尚无开庭记录。')
      : h(
          'ul',
          { class: 'hearing-list' },
          view.hearings.map((x) =>
            h(
              'li',
              { dataset: { id: x.id, headPresent: String(headPresent(x)) } },
              h('strong', {}, fmtDate(x.on)),
              ` ${x.court_room ?? ''} · ${choiceLabel('appearances', x.appeared)}`,
              x.appeared_names ? `（${x.appeared_names}）` : '',
              headPresent(x) || x.appeared === 'pending'
                ? null
                : h('span', { class: 'attachment-unsearchable' }, ` 负责人未出庭：${x.reason ?? ''}`),
              h('button', { class: 'link small', onclick: () => remove(x) }, '删除'),
            ),
          ),
        ),
  );
}

/** A 案卷评查 round: its results ranked by unit, then every file examined with its scores, grade and problems. */
function inspectionPanel(view, refresh) {
  const round = view.inspection;
  const published = ['results_published', 'concluded'].includes(view.status);
  const open = (file) => async () => {
    if (await inspectedFileDialog(view, file)) refresh();
  };
  const remove = async (file) => {
    if (!(await confirmDialog('删除评查案卷', `删除评查案卷 ${file.file_no}？`, '删除'))) return;
    try {
      await api.deleteInspectedFile(file.id);
      toast('评查案卷已删除');
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const exportResults = async () => {
    try {
      const saved = await api.exportInspectionResults(view.id);
      if (saved) toast('评查结果已导出');
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  // A notice goes out with the results: only once they are published.
  const noticeUnits = published
    ? round.units.filter((u) => round.files.some((f) => f.unit_id === u.unit_id && f.needs_rectification))
    : [];
  const table = (heads, rows) =>
    h(
      'table',
      { class: 'cases compact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          heads.map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    );
  const rectified = (f) => {
    if (f.rectified_on) return h('td', { class: 'nowrap rectified' }, `${f.rectified_on} 已整改`);
    return h('td', { class: f.needs_rectification ? 'nowrap due' : 'muted' }, f.needs_rectification ? '待整改' : '—');
  };
  return h(
    'section',
    { class: 'panel', id: 'inspected-files' },
    h(
      'h2',
      {},
      '评查案卷',
      h('span', { class: 'muted' }, ` ${round.files.length} 份`),
      published ? null : h('button', { class: 'small', id: 'new-inspected-file', onclick: open(null) }, '添加评查案卷'),
      round.files.length
        ? h('button', { class: 'small', id: 'export-inspection-results', onclick: exportResults }, '导出评查结果…')
        : null,
      noticeUnits.length
        ? h(
            'button',
            { class: 'small', id: 'export-rectification-notices', onclick: () => noticeDialog(view, noticeUnits) },
            '导出整改通知…',
          )
        : null,
    ),
    h(
      'p',
      { class: 'muted panel-note' },
      `评分项目：${round.items.map(([n, p]) => `${n} ${p}`).join('、')}（合计100分）`,
      round.rectify_by ? `；整改期限：${round.rectify_by}` : '',
      published ? '。结果已通报，得分不能再改；可填写整改情况。' : '',
    ),
    round.units.length === 0
      ? h('p', { class: 'muted' }, '尚未添加评查案卷。')
      : [
          h('h3', {}, '按单位排名'),
          table(
            ['名次', '被评查单位', '案卷数', '平均分', '优秀', '合格', '不合格'],
            round.units.map((u) =>
              h(
                'tr',
                { dataset: { unit: u.unit } },
                [u.rank, u.unit, u.files, u.average, u.excellent, u.pass, u.fail].map((v) => h('td', {}, String(v))),
              ),
            ),
          ),
          h('h3', {}, '案卷得分'),
          table(
            ['被评查单位', '案卷编号', '扣分项目', '总分', '等次', '存在问题', '整改', ''],
            round.files.map((f) =>
              h(
                'tr',
                { dataset: { target: f.file_no, grade: f.grade } },
                h('td', {}, f.unit),
                h('td', {}, f.file_no),
                h(
                  'td',
                  { class: 'muted' },
                  f.scores
                    .filter(([, points, of]) => points !== String(of))
                    .map(([item, points, of]) => `${item} ${points}/${of}`)
                    .join('、') || '各项满分',
                ),
                h('td', {}, f.total),
                h('td', { class: 'nowrap' }, f.grade_label),
                h('td', {}, f.problems ?? ''),
                rectified(f),
                h(
                  'td',
                  { class: 'nowrap' },
                  h('button', { class: 'link small edit-file', onclick: open(f) }, '修改'),
                  published ? null : h('button', { class: 'link small', onclick: () => remove(f) }, '删除'),
                ),
              ),
            ),
          ),
        ],
  );
}

/** 导出整改通知: every unit with something to put right in one file, or one unit's; PDF, Word or OFD. */
async function noticeDialog(view, units) {
  const saved = await formDialog(
    '导出整改通知',
    () => {
      const unit = select(
        { id: 'notice-unit' },
        units.map((u) => [u.unit_id, u.unit]),
        '',
        `全部需整改单位（${units.length} 个）`,
      );
      const file = fileChoice('notice-file');
      return {
        fields: [
          h('label', { class: 'stacked' }, '被评查单位', unit),
          file.field,
          h(
            'p',
            { class: 'muted wide' },
            '每个单位一份，合为一个文件。通知按信函格式排版：评查结果和名次、逐卷存在的问题、整改要求和整改期限，以组织单位名义落款于结果通报日期。',
          ),
        ],
        read: () => ({ unit: unit.value || null, file: file.select.value }),
      };
    },
    ({ unit, file }) => api.exportRectificationNotices(view.id, unit, file),
    { id: 'notice-dialog', submitLabel: '导出…' },
  );
  if (saved) toast('整改通知已导出');
}

/**
 * One file's score sheet: a number box per item of the round, each starting at the item's full points (or the
 * file's own, when `file` is given to edit). Once the results are published only the problems, the rectification
 * and its date are open.
 */
function inspectedFileDialog(view, file) {
  const round = view.inspection;
  const locked = file != null && ['results_published', 'concluded'].includes(view.status);
  const scored = new Map((file?.scores ?? []).map(([item, points]) => [item, points]));
  return formDialog(
    file ? `修改评查案卷 ${file.file_no}` : '添加评查案卷',
    () => {
      const text = (id, value = '') => h('input', { id, type: 'text', value, disabled: locked });
      const unit = select(
        { id: 'inspected-unit', disabled: locked },
        state.units.map((u) => [u.id, u.name]),
        file?.unit_id ?? '',
        '请选择',
      );
      const no = text('inspected-file-no', file?.file_no ?? '');
      const kind = text('inspected-kind', file?.decision_kind ?? '');
      const points = round.items.map(([item, max]) => [
        item,
        h('input', {
          type: 'number',
          min: 0,
          max,
          step: 0.1,
          value: scored.get(item) ?? max,
          disabled: locked,
          dataset: { item },
        }),
      ]);
      const grade = select(
        { id: 'inspected-grade', disabled: locked },
        [
          ['优秀', '优秀'],
          ['合格', '合格'],
          ['不合格', '不合格'],
        ],
        // A grade the total gave follows the total when the scores change; one chosen stays chosen.
        file?.grade_chosen ? file.grade_label : '',
        '按总分（90分以上优秀，60分以上合格）',
      );
      const problems = h('textarea', { id: 'inspected-problems', rows: 2 }, file?.problems ?? '');
      const rectification = h('textarea', { id: 'inspected-rectification', rows: 2 }, file?.rectification ?? '');
      const rectifiedOn = h('input', {
        id: 'inspected-rectified-on',
        type: 'text',
        placeholder: '如 2026-12-20',
        value: file?.rectified_on ?? '',
      });
      return {
        fields: [
          h('label', { class: 'stacked' }, '被评查单位', unit),
          h('label', { class: 'stacked' }, '案卷编号或决定书文号', no),
          h('label', { class: 'stacked' }, '案件类型', kind),
          h('label', { class: 'stacked' }, '评查等次', grade),
          h(
            'fieldset',
            { class: 'wide score-sheet', id: 'inspected-scores' },
            h('legend', {}, '得分'),
            points.map(([item, input]) => h('label', { class: 'stacked' }, `${item}（${input.max}分）`, input)),
          ),
          h('label', { class: 'stacked wide' }, '存在问题', problems),
          h('label', { class: 'stacked wide' }, '整改要求', rectification),
          locked ? h('label', { class: 'stacked' }, '整改完成日期', rectifiedOn) : null,
        ],
        read: () => ({
          unit: unit.value,
          file_no: no.value,
          decision_kind: kind.value,
          scores: points.map(([item, input]) => `${item} ${input.value}`).join('；'),
          grade: grade.value,
          problems: problems.value,
          rectification: rectification.value,
          rectified_on: rectifiedOn.value,
        }),
      };
    },
    async (input) => {
      if (file) await api.editInspectedFile(file.id, input);
      else await api.addInspectedFile(view.id, input);
      toast('评查案卷已保存');
      return true;
    },
    { id: 'inspected-file' },
  );
}

function hearingDialog(view) {
  return formDialog(
    '记录开庭',
    () => {
      const text = (id, value = '') => h('input', { id, type: 'text', value });
      const on = text('hearing-on');
      const room = text('hearing-room');
      const appeared = select(
        { id: 'hearing-appeared' },
        state.vocab.appearances.map((c) => [c.code, c.label]),
        'head',
      );
      const names = text('hearing-names');
      const reason = h('textarea', { id: 'hearing-reason', rows: 2 });
      return {
        fields: [
          h('label', { class: 'stacked' }, '开庭日期', on),
          h('label', { class: 'stacked' }, '法庭', room),
          h('label', { class: 'stacked' }, '出庭应诉人员', appeared),
          h('label', { class: 'stacked' }, '姓名及职务', names),
          h('label', { class: 'stacked wide' }, '负责人未出庭的原因（负责人未出庭时必填）', reason),
        ],
        read: () => ({
          on: on.value,
          court_room: room.value,
          appeared: appeared.value,
          appeared_names: names.value,
          reason: reason.value,
        }),
      };
    },
    async (input) => {
      await api.addHearing(view.id, input);
      toast('庭审记录已保存');
      return true;
    },
    { id: 'hearing' },
  );
}

function filingDialog(view, filing) {
  return formDialog(
    filing ? '修改备案记录' : '添加备案记录',
    () => {
      const channel = select(
        { id: 'filing-channel' },
        state.vocab.filing_channels.map((c) => [c.code, c.label]),
        filing?.channel ?? '',
        '请选择',
      );
      const text = (id, value) => h('input', { id, type: 'text', value: value ?? '' });
      const submitted = text('filing-submitted', filing?.submitted_on);
      const receipt = text('filing-receipt', filing?.receipt_no);
      const result = select(
        { id: 'filing-result' },
        state.vocab.filing_results.map((c) => [c.code, c.label]),
        filing?.result ?? '',
        '未定',
      );
      const note = h('textarea', { id: 'filing-note', rows: 2, value: filing?.note ?? '' });
      return {
        fields: [
          h('label', { class: 'stacked' }, '备案渠道', channel),
          h(
            'p',
            { class: 'muted wide' },
            filing?.due
              ? `报备期限：${fmtDate(filing.due)}（按期限规则从公布日期推算）`
              : '报备期限按期限规则从公布日期推算，登记公布日期后自动得出。',
          ),
          h('label', { class: 'stacked' }, '报送日期', submitted),
          h('label', { class: 'stacked' }, '回执号', receipt),
          h('label', { class: 'stacked' }, '备案结果', result),
          h('label', { class: 'stacked wide' }, '备注', note),
        ],
        read: () => ({
          channel: channel.value || null,
          submitted_on: submitted.value,
          receipt_no: receipt.value,
          result: result.value,
          note: note.value,
        }),
      };
    },
    async (input) => {
      if (filing) await api.editFiling(filing.id, input);
      else await api.addFiling(view.id, input);
      toast('备案记录已保存');
      return true;
    },
    { id: 'filing' },
  );
}
