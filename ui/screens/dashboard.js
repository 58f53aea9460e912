// @ts-check
// 工作台: counts per status (at the top), the deadline lists, and the queues of the morning round, each linking
// to the full register list.

import * as api from '../api.js';
import { h } from '../dom.js';
import { fmtCount, fmtDate } from '../format.js';
import { statusLabel } from '../labels.js';
import { state } from '../state.js';
import { caseTable } from '../components/case-table.js';
import { deadlineTable } from '../components/deadline-parts.js';
import { pageHeader } from '../components/page-header.js';
import { statusBadge } from '../components/status-badge.js';

export async function renderDashboard({ go }) {
  const d = await api.dashboard();
  const counts = new Map(d.by_status.map((c) => [c.status, c.count]));
  const cards = state.vocab.statuses
    .filter((s) => counts.has(s.code))
    .map((s) =>
      h(
        'a',
        { class: 'count-card', href: `#/cases?status=${s.code}`, dataset: { status: s.code } },
        statusBadge(s.code),
        h('span', { class: 'count' }, fmtCount(counts.get(s.code))),
      ),
    );
  const mine = d.mine
    ? h(
        'section',
        { class: 'panel', id: 'my-cases' },
        h('h2', {}, `我的在办案件（${d.me}）`, h('span', { class: 'muted' }, ` 共 ${fmtCount(d.mine.total)} 件`)),
        caseTable(d.mine.rows, go, { compact: true, empty: '目前没有分配给您的在办案件' }),
      )
    : h(
        'section',
        { class: 'panel muted-panel', id: 'my-cases' },
        h('h2', {}, '我的在办案件'),
        h('p', { class: 'muted' }, '在“设置”中填写与人员名单一致的用户名后，这里会列出分配给您的案件。'),
      );
  const queues = d.queues.map((q) =>
    h(
      'section',
      { class: 'panel queue', dataset: { queue: q.status } },
      h(
        'h2',
        {},
        statusLabel(q.status),
        h('span', { class: 'muted' }, ` ${fmtCount(q.page.total)} 件`),
        q.page.total > q.page.rows.length
          ? h('a', { class: 'more', href: `#/cases?status=${q.status}` }, '查看全部 →')
          : null,
      ),
      caseTable(q.page.rows, go, { compact: true, empty: '无' }),
    ),
  );
  const dl = d.deadlines;
  // Each list counts cases; a case shows once, in the most urgent list, its deadlines of that list in its row.
  const deadlinePanel = (id, title, list, empty, tone, note = null) =>
    h(
      'section',
      { class: `panel deadline-panel ${tone}`, id },
      h('h2', {}, title, h('span', { class: 'muted' }, ` ${fmtCount(list.total)} 件`)),
      note ? h('p', { class: 'muted panel-note' }, note) : null,
      deadlineTable(list.items, go, { empty }),
      list.total > list.items.length
        ? h(
            'a',
            { class: 'more-note', href: '#/cases?active=1&sort=due' },
            `另有 ${fmtCount(list.total - list.items.length)} 件：在登记簿中按到期日查看 →`,
          )
        : null,
    );
  const missing = dl.calendar_missing_year
    ? h(
        'p',
        { class: 'notice', id: 'calendar-missing' },
        `${dl.calendar_missing_year}年的节假日安排尚未录入，涉及该年的期限暂按周一至周五计算。`,
        h('a', { href: '#/calendar' }, '去录入'),
      )
    : null;
  return h(
    'div',
    { class: 'dashboard' },
    pageHeader(
      '工作台',
      `${fmtDate(d.today)} · 共 ${fmtCount(d.total)} 件案件`,
      h('a', { class: 'button primary', href: '#/cases/new' }, '新建案件'),
    ),
    // The counts first, in one strip: what the office head looks for before scrolling.
    h(
      'div',
      { class: 'count-cards', id: 'status-counts' },
      cards.length ? cards : h('p', { class: 'empty' }, '还没有案件。'),
    ),
    missing,
    h(
      'div',
      { class: 'deadline-board', id: 'deadline-board' },
      deadlinePanel('deadlines-overdue', '已逾期', dl.overdue, '没有逾期的期限', 'tone-red'),
      deadlinePanel('deadlines-soon', '7日内到期', dl.due_soon, '7日内没有到期的期限', 'tone-amber'),
      deadlinePanel(
        'deadlines-filing',
        '待报送备案',
        dl.filings_due,
        '没有其他待报送的备案',
        'tone-plain',
        '已逾期和7日内到期的备案列在前两栏',
      ),
      deadlinePanel(
        'deadlines-proposals',
        '本月到期的建议提案',
        dl.proposals_due,
        '30日内没有其他到期的建议提案',
        'tone-plain',
        '已逾期和7日内到期的列在前两栏',
      ),
      deadlinePanel(
        'deadlines-validity',
        '有效期即将届满（应评估）',
        dl.validity_expiring,
        '没有临近届满的文件',
        'tone-plain',
      ),
      deadlinePanel('deadlines-expired', '已届满待清理', dl.validity_expired, '没有已届满未清理的文件', 'tone-red'),
    ),
    hearingsPanel(d.hearings),
    tasksPanel(d.tasks),
    mine,
    h('div', { class: 'queues' }, queues),
  );
}

/**
 * 重点工作：本月到期和逾期 — the plans' open tasks due within 30 days or past their day, and who has overdue ones.
 * @param {any} board
 */
function tasksPanel(board) {
  if (board.due_total === 0) return null;
  return h(
    'section',
    { class: 'panel', id: 'task-board' },
    h('h2', {}, '重点工作：逾期和本月到期', h('span', { class: 'muted' }, ` ${fmtCount(board.due_total)} 项`)),
    board.overdue_by_unit.length
      ? h(
          'p',
          { class: 'panel-note', id: 'overdue-by-unit' },
          '逾期未完成：',
          board.overdue_by_unit.map((/** @type {[string, number]} */ [unit, n]) => `${unit} ${n} 项`).join('、'),
        )
      : null,
    h(
      'table',
      { class: 'cases compact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['完成时限', '任务', '牵头部门', ''].map((x) => h('th', {}, x)),
        ),
      ),
      h(
        'tbody',
        {},
        board.due.map((/** @type {any} */ t) =>
          h(
            'tr',
            { dataset: { caseId: t.case_id, overdue: String(t.overdue) } },
            h('td', { class: `col-date ${t.overdue ? 'due' : ''}` }, fmtDate(t.due_on)),
            h('td', {}, h('a', { href: `#/case/${t.case_id}?at=key-tasks` }, `${t.reg_no} 第${t.no}项 ${t.title}`)),
            h('td', {}, t.lead),
            h('td', { class: t.overdue ? 'due' : 'muted' }, t.overdue ? '已逾期' : ''),
          ),
        ),
      ),
    ),
    board.due_total > board.due.length
      ? h('p', { class: 'muted more-note' }, `另有 ${fmtCount(board.due_total - board.due.length)} 项：在计划中查看`)
      : null,
  );
}

/** 近期开庭: the lawsuits' hearings of the next 30 days (a head to send), and past ones still to be written up. */
function hearingsPanel(hearings) {
  if (hearings.length === 0) return null;
  return h(
    'section',
    { class: 'panel', id: 'hearings-soon' },
    h('h2', {}, '近期开庭', h('span', { class: 'muted' }, ` ${fmtCount(hearings.length)} 次`)),
    h(
      'table',
      { class: 'cases compact' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, '开庭日期'), h('th', {}, '案件'), h('th', {}, '法庭'), h('th', {}, '出庭人员')),
      ),
      h(
        'tbody',
        {},
        hearings.map((x) =>
          h(
            'tr',
            { dataset: { caseId: x.case_id, toRecord: String(x.to_record) } },
            h('td', { class: 'col-date' }, fmtDate(x.on)),
            h('td', {}, h('a', { href: `#/case/${x.case_id}?at=hearings` }, `${x.reg_no} ${x.title}`)),
            h('td', {}, x.court_room ?? ''),
            h(
              'td',
              {},
              x.to_record ? h('span', { class: 'badge badge-warn' }, '已开庭，待补记出庭情况') : x.appeared_label,
            ),
          ),
        ),
      ),
    ),
  );
}
