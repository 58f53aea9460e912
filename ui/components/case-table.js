// @ts-check
// The table of cases used by the register and the dashboard: one row per case, opened by click or Enter.

import { h } from '../dom.js';
import { fmtDate } from '../format.js';
import { kindShort } from '../labels.js';
import { state } from '../state.js';
import { statusBadge } from './status-badge.js';
import { urgencyBadge } from './deadline-parts.js';

const DUE_LABEL = { overdue: '已逾期', due_today: '今日到期', amber: '即将到期', green: '' };

/** `rows` are the core's CaseRow; `go` navigates. A compact list leaves out what it does not need. `dueHeader`
 * replaces the due column's heading (the register makes it a sort button); a list of one `kind` names its
 * columns as that kind does (被告, 收到起诉状副本日期). */
export function caseTable(rows, go, { compact = false, empty = '没有案件', dueHeader = null, kind = null } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  const names = state.vocab.kinds.find((k) => k.code === kind)?.names ?? {};
  const open = (row) => go(`/case/${row.id}`);
  return h(
    'table',
    { class: compact ? 'cases compact' : 'cases' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'col-no' }, '登记编号'),
        compact ? null : h('th', { class: 'col-kind' }, '类别'),
        h('th', { class: 'col-title' }, names.title ?? '事项名称'),
        h('th', { class: 'col-unit' }, names.unit ?? '送审单位'),
        compact ? null : h('th', { class: 'col-status' }, '状态'),
        h('th', { class: 'col-date' }, names.received ?? '收文日期'),
        compact ? null : h('th', { class: 'col-person' }, '承办人'),
        compact ? null : h('th', { class: 'col-due' }, dueHeader ?? '最近到期'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {
            tabindex: '0',
            dataset: { id: r.id, regNo: r.reg_no },
            onclick: () => open(r),
            onkeydown: (e) => e.key === 'Enter' && open(r),
          },
          h('td', { class: 'col-no mono' }, r.reg_no),
          compact ? null : h('td', { class: 'col-kind' }, kindShort(r.kind)),
          h(
            'td',
            { class: 'col-title' },
            r.title,
            r.conflict
              ? h(
                  'span',
                  { class: 'badge badge-warn conflict-badge', title: '同步带来了冲突，请在「同步」中处理' },
                  '冲突待处理',
                )
              : null,
          ),
          h('td', { class: 'col-unit' }, r.unit_name),
          compact ? null : h('td', { class: 'col-status' }, statusBadge(r.status)),
          h('td', { class: 'col-date' }, fmtDate(r.received)),
          compact ? null : h('td', { class: 'col-person' }, r.assignee_name ?? ''),
          compact
            ? null
            : h(
                'td',
                { class: 'col-due', dataset: { due: r.next_due ?? '' } },
                r.next_due
                  ? urgencyBadge(
                      r.next_due_urgency,
                      `${fmtDate(r.next_due)}${DUE_LABEL[r.next_due_urgency] ? ` ${DUE_LABEL[r.next_due_urgency]}` : ''}`,
                    )
                  : '',
              ),
        ),
      ),
    ),
  );
}
