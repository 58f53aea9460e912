// @ts-check
// Deadline pieces shared by the dashboard, the register and the case page: the traffic-light badge, a list of
// deadlines across cases, and the "what moved" sentence.

import { h } from '../dom.js';
import { fmtDate } from '../format.js';

const LIGHT = {
  overdue: 'light-red',
  due_today: 'light-today',
  amber: 'light-amber',
  green: 'light-green',
  paused: 'light-paused',
  none: 'light-none',
};

/** The traffic light of one deadline as a badge: red overdue, "due today", amber ≤2 working days, green. */
export function urgencyBadge(urgency, text) {
  return h('span', { class: `badge light ${LIGHT[urgency] ?? 'light-none'}`, dataset: { urgency } }, text);
}

/** Deadlines across cases (the core's DeadlineItem), soonest first, a case's others of the list in its row; a row opens its case. */
export function deadlineTable(items, go, { empty = '无' } = {}) {
  if (items.length === 0) return h('p', { class: 'empty' }, empty);
  const open = (i) => go(`/case/${i.case_id}`);
  return h(
    'table',
    { class: 'cases compact deadlines' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'col-no' }, '登记编号'),
        h('th', {}, '事项名称 · 期限'),
        h('th', { class: 'col-due' }, '到期日'),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((i) =>
        h(
          'tr',
          {
            tabindex: '0',
            dataset: { id: i.case_id, regNo: i.reg_no, rule: i.rule, urgency: i.urgency },
            onclick: () => open(i),
            onkeydown: (e) => e.key === 'Enter' && open(i),
          },
          h('td', { class: 'col-no mono' }, i.reg_no),
          h(
            'td',
            { class: 'col-title' },
            h('div', {}, i.title),
            h(
              'div',
              { class: 'rule-label' },
              i.label,
              i.provisional
                ? h(
                    'span',
                    { class: 'provisional', title: '涉及尚未录入节假日安排的年份，暂按周一至周五计算' },
                    '（暂定日历）',
                  )
                : null,
            ),
            // The case's other deadlines of the same list (a filing's second channel), each with its own date.
            (i.also ?? []).map((a) =>
              h(
                'div',
                { class: 'rule-label also', dataset: { rule: a.rule } },
                `${a.label}：${fmtDate(a.due)} `,
                urgencyBadge(a.urgency, a.left_text),
              ),
            ),
          ),
          // A pre-expiry reminder is about the expiry date (its trigger), which is what the office looks for.
          h(
            'td',
            { class: 'col-due' },
            h('div', {}, i.purpose === 'reminder' ? `有效期至 ${fmtDate(i.trigger)}` : fmtDate(i.due)),
            urgencyBadge(i.urgency, i.left_text),
          ),
        ),
      ),
    ),
  );
}

/** "规范性文件合法性审核期限：2026年10月23日 → 2026年10月27日" for each moved deadline. */
export function movesText(moves) {
  return moves.map(
    (m) => `${m.reg_no ? `${m.reg_no} ` : ''}${m.label}：${fmtDate(m.old_due) || '—'} → ${fmtDate(m.new_due) || '—'}`,
  );
}
