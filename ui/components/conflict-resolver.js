// @ts-check
// The conflict resolver: a conflict that sync left for a person, settled side by side — for each field both
// laptops changed, the value of one version or one typed by hand; for an edit beside a deletion, which to
// keep; for a registration number used on both, which record takes the next one. Opened from the case page
// and from the Sync screen; each decision is saved as a new revision.

import * as api from '../api.js';
import { openDialog } from '../dialogs.js';
import { h } from '../dom.js';
import { fmtDateTime } from '../format.js';
import { formErrors } from '../form-errors.js';
import { toast } from '../toast.js';

/** Who made a version, and when. */
function sideLabel(s, i) {
  return `${s.device} · ${s.author} · ${fmtDateTime(s.at)}${i === 0 ? '（选定之前按此版本显示）' : ''}`;
}

/**
 * The side-by-side resolver: for each field both laptops changed, the value of each version or one typed by
 * hand; for an edit beside a deletion, which to keep; for a shared number, which record takes the next one.
 * Resolves true once a decision was saved.
 */
export function resolveDialog(c) {
  if (c.kind === 'number') return renumberDialog(c);
  return openDialog(
    `处理冲突：${c.entity_label}「${c.title}」`,
    (close) => {
      const errors = formErrors();
      let content;
      let read;
      if (c.kind === 'delete') {
        const options = c.sides.map((s, i) =>
          h(
            'label',
            { class: 'check side' },
            h('input', { type: 'radio', name: 'keep', value: s.rev_id, checked: i === 0 }),
            s.deleted ? `删除此记录（${sideLabel(s, i)}）` : `保留修改后的记录（${sideLabel(s, i)}）`,
          ),
        );
        content = h(
          'div',
          { id: 'resolve-sides' },
          h('p', {}, '一台电脑删除了此记录，另一台修改了它。请选择：'),
          options,
        );
        read = () => ({ take: content.querySelector('input[name=keep]:checked').value, fields: [] });
      } else {
        const rows = c.fields.map((f, fi) => {
          const name = `field-${fi}`;
          // A value of one's own only for plain text; a date, a choice or a list is picked from a version.
          const text = f.values.every((v) => v === null || typeof v === 'string') && f.path !== '*';
          // A box tall enough for the whole value, which it starts from: nothing of it is hidden.
          const start = f.values[0] ?? '';
          const custom = text
            ? h('textarea', {
                class: 'custom',
                rows: Math.min(6, Math.max(2, Math.ceil(start.length / 14))),
                'aria-label': `${f.label}：自行填写`,
                value: start,
              })
            : null;
          // Typing a value of one's own chooses it.
          custom?.addEventListener('input', () => {
            /** @type {HTMLInputElement} */ (custom.closest('td').querySelector('input[type=radio]')).checked = true;
          });
          return h(
            'tr',
            { dataset: { path: f.path } },
            h('th', {}, f.label),
            c.sides.map((_s, si) =>
              h(
                'td',
                {},
                h(
                  'label',
                  { class: 'check' },
                  h('input', { type: 'radio', name, value: String(si), checked: si === 0 }),
                  f.shown[si] ?? '（空）',
                ),
              ),
            ),
            h(
              'td',
              {},
              custom
                ? [
                    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'custom' }), '自行填写'),
                    custom,
                  ]
                : null,
            ),
          );
        });
        content = h(
          'table',
          { class: 'table resolver', id: 'resolver' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, '字段'),
              c.sides.map((s, i) => h('th', {}, sideLabel(s, i))),
              h('th', { class: 'custom-col' }, '其他'),
            ),
          ),
          h('tbody', {}, rows),
        );
        read = () => ({
          take: null,
          fields: c.fields.map((f, fi) => {
            const picked = content.querySelector(`input[name=field-${fi}]:checked`).value;
            if (picked === 'custom') {
              const text = content.querySelector(`tr[data-path="${CSS.escape(f.path)}"] .custom`).value.trim();
              return { path: f.path, value: text === '' ? null : text };
            }
            return { path: f.path, value: f.values[Number(picked)] };
          }),
        });
      }
      const save = async (e) => {
        e.preventDefault();
        await errors.attempt(async () => {
          await api.resolveConflict(c.entity_id, read());
          toast('冲突已处理，已记为一条新修订');
          close(true);
        });
      };
      return h(
        'form',
        { id: 'resolve-form', onsubmit: save },
        h('p', { class: 'muted' }, '其余字段已自动合并。所作选择记为一条新修订，署您的名字，并随同步传到其他电脑。'),
        content,
        errors.line,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => close(false) }, '取消'),
          h('button', { type: 'submit', class: 'primary', id: 'resolve-ok' }, '确定'),
        ),
      );
    },
    { wide: true },
  ).then((v) => v === true);
}

function renumberDialog(c) {
  return openDialog(`编号重复：${c.number}`, (close) => {
    const errors = formErrors();
    const run = () =>
      errors.attempt(async () => {
        const n = await api.renumberConflict(c.entity_id);
        toast(`已改为 ${n}`);
        close(true);
      });
    return h(
      'div',
      {},
      h(
        'p',
        {},
        `两台电脑离线时都使用了 ${c.number}。${c.entity_label}「${c.title}」改用下一个空闲编号，另一条保留原编号。`,
      ),
      errors.line,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(false) }, '取消'),
        h('button', { class: 'primary', id: 'renumber-ok', onclick: run }, '此条改用下一个编号'),
      ),
    );
  }).then((v) => v === true);
}
