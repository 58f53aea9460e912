// @ts-check
// 设置: this laptop's name and its user (the author of every change made here), the database's location,
// the fonts the forms and letters print with, and backups: make one, restore one (after confirmation), open
// their folder.

import * as api from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { h, mount } from '../dom.js';
import { fmtSize } from '../format.js';
import { formErrors } from '../form-errors.js';
import { showIdentity } from '../shell.js';
import { loadParties, state } from '../state.js';
import { toast } from '../toast.js';
import { pageHeader } from '../components/page-header.js';

export async function renderSettings({ go }) {
  const info = (state.info = await api.appInfo());
  const refresh = () => go('/settings');
  const errors = formErrors();
  const device = h('input', {
    id: 'device-name',
    type: 'text',
    value: info.device_name ?? '',
    placeholder: '如 法制审核科-张三的电脑',
  });
  const user = h('input', {
    id: 'user-name',
    type: 'text',
    value: info.user_name ?? '',
    placeholder: '与人员名单中的姓名一致',
    list: 'staff-names',
  });
  const saveIdentity = async (e) => {
    e.preventDefault();
    await errors.attempt(async () => {
      state.info = await api.setIdentity(device.value, user.value);
      showIdentity();
      toast('已保存本机设置');
    });
  };
  const backup = async () => {
    try {
      const b = await api.makeBackup();
      toast(`已备份到 ${b.path}`);
      refresh();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  const restore = async () => {
    if (
      !(await confirmDialog(
        '从备份恢复',
        '恢复将用所选备份替换当前全部数据。恢复前会自动备份当前数据。确定继续并选择备份文件吗？',
        '选择备份…',
      ))
    )
      return;
    try {
      const r = await api.restoreBackup();
      if (!r) return;
      await loadParties();
      toast(`已从 ${r.path} 恢复`);
      refresh();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  const openFolder = async () => {
    try {
      await api.openBackupFolder();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  return h(
    'div',
    { class: 'settings' },
    pageHeader('设置', `法审台 ${info.version}`),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '本机'),
      h(
        'form',
        { id: 'identity-form', class: 'dialog-grid', onsubmit: saveIdentity },
        h('label', { class: 'stacked' }, '本机名称', device),
        h('label', { class: 'stacked' }, '用户名（记录为每次修改的经办人）', user, staffNames('staff-names')),
        errors.line,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-identity' }, '保存')),
      ),
      h(
        'dl',
        { class: 'fields' },
        h('dt', {}, '数据库'),
        h('dd', { id: 'db-path', class: 'mono' }, info.db_path),
        h('dt', {}, '本机标识'),
        h('dd', { class: 'mono' }, info.device_id),
        h('dt', {}, '数据版本'),
        h('dd', {}, String(info.schema_version)),
      ),
    ),
    info.has_demo ? demoPanel(refresh) : null,
    fontsPanel(),
    choicesPanel(),
    h(
      'section',
      { class: 'panel', id: 'backups' },
      h('h2', {}, '备份'),
      h('p', {}, '备份位置：', h('span', { class: 'mono', id: 'backup-dir' }, info.backup_dir)),
      h(
        'div',
        { class: 'action-row' },
        h('button', { class: 'primary', id: 'make-backup', onclick: backup }, '立即备份'),
        h('button', { id: 'restore-backup', onclick: restore }, '从备份恢复…'),
        h('button', { id: 'open-backup-folder', onclick: openFolder }, '打开备份文件夹'),
      ),
      info.backups.length === 0
        ? h('p', { class: 'muted' }, '还没有备份。')
        : h(
            'table',
            { class: 'small-table', id: 'backup-list' },
            h('thead', {}, h('tr', {}, h('th', {}, '文件'), h('th', {}, '大小'))),
            h(
              'tbody',
              {},
              info.backups.map((b) =>
                h('tr', {}, h('td', { class: 'mono' }, b.path.split(/[\\/]/).pop()), h('td', {}, fmtSize(b.bytes))),
              ),
            ),
          ),
    ),
  );
}

/** 演示数据: still here, and the button that takes it out (asking first). */
function demoPanel(refresh) {
  const clear = async () => {
    if (
      !(await confirmDialog(
        '清除演示数据',
        '将删除演示数据中的单位、人员、案件、意见书和备案记录。您自己录入的内容不受影响；被您修改过或被您的记录引用的演示记录会保留。确定清除吗？',
        '清除演示数据',
      ))
    )
      return;
    try {
      const r = await api.clearDemo();
      const list = (v) => v.map(([k, n]) => `${k} ${n}`).join('、');
      toast(`已清除演示数据：${list(r.deleted)}${r.kept.length ? `；保留 ${list(r.kept)}` : ''}`);
      await loadParties();
      refresh();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  return h(
    'section',
    { class: 'panel', id: 'demo-data' },
    h('h2', {}, '演示数据'),
    h('p', {}, '数据库中含有演示数据（一个区司法局一年的工作）。开始正式使用前可将其清除。'),
    h(
      'div',
      { class: 'action-row' },
      h('button', { id: 'clear-demo', class: 'danger-outline', onclick: clear }, '清除演示数据'),
    ),
  );
}

/** A <datalist> of the staff's names, so a user name can be picked rather than typed (the dashboard's "my cases"
 * needs it to match a name on the staff list). */
function staffNames(id) {
  return h(
    'datalist',
    { id },
    state.people.filter((p) => !p.advisor).map((p) => h('option', { value: p.name })),
  );
}

/** The settings panel of the print fonts: which file plays each role, and changing or resetting one. */
function fontsPanel() {
  const body = h('tbody');
  const errors = formErrors();
  const show = (rows) =>
    mount(
      body,
      rows.map((r) =>
        h(
          'tr',
          { dataset: { role: r.role } },
          h('td', {}, r.label),
          h('td', {}, r.custom ? '本单位字体' : '内置'),
          h('td', { class: 'path' }, r.path),
          h(
            'td',
            {},
            h('button', { class: 'small', onclick: () => act(() => api.chooseFont(r.role)) }, '更换…'),
            r.custom
              ? h('button', { class: 'small', onclick: () => act(() => api.resetFont(r.role)) }, '恢复内置')
              : null,
          ),
        ),
      ),
    );
  const act = (f) =>
    errors.attempt(async () => {
      const rows = await f();
      if (rows) show(rows);
    });
  act(() => api.fontRows());
  return h(
    'section',
    { class: 'panel', id: 'fonts' },
    h('h2', {}, '打印字体'),
    h(
      'p',
      { class: 'muted' },
      '内置开源字体可直接使用；有正版仿宋_GB2312、方正小标宋等字体的单位，可按角色改用。缺字时自动从宋体补字，扩展B至F区的生僻字从生僻字字体补字。',
    ),
    h(
      'table',
      { class: 'table' },
      h('thead', {}, h('tr', {}, h('th', {}, '角色'), h('th', {}, '来源'), h('th', {}, '文件'), h('th', {}, ''))),
      body,
    ),
    errors.line,
  );
}

/**
 * 选项列表: the office's 办理类别 and 成果形式 — the built-in entries (reworded if the office words them its way)
 * and its own, each list with a line to add an entry or rename one by its code.
 */
function choicesPanel() {
  const body = h('div', { id: 'choice-lists' });
  const errors = formErrors();
  const show = (/** @type {any[]} */ lists) =>
    mount(
      body,
      lists.map((l) => {
        // A 成果形式 is its own name; a 办理类别 is a mark (D) with a name.
        const named = l.list === 'handling_class';
        const code = h('input', {
          type: 'text',
          class: 'choice-code',
          placeholder: named ? '代码（如 D）' : '成果形式',
          size: named ? 8 : 12,
        });
        const label = named ? h('input', { type: 'text', class: 'choice-label', placeholder: '名称' }) : null;
        const save = async (/** @type {Event} */ e) => {
          e.preventDefault();
          await errors.attempt(async () => {
            const item = await api.setChoice(l.list, code.value, label ? label.value : code.value);
            toast(`${l.name}：${item.code} ${item.label}`);
            show(await api.choiceLists());
          });
        };
        return h(
          'div',
          { class: 'choice-list', dataset: { list: l.list } },
          h('h3', {}, l.name),
          h(
            'ul',
            {},
            l.items.map((/** @type {any} */ i) =>
              h(
                'li',
                { dataset: { code: i.code } },
                i.code === i.label ? i.code : `${i.code}  ${i.label}`,
                h('span', { class: 'muted' }, i.built_in ? '（内置）' : '（本机关添加）'),
              ),
            ),
          ),
          h(
            'form',
            { class: 'inline-form', onsubmit: save },
            code,
            label,
            h('button', { type: 'submit', class: 'small' }, named ? '添加或改名' : '添加'),
          ),
        );
      }),
    );
  errors.attempt(async () => show(await api.choiceLists()));
  return h(
    'section',
    { class: 'panel', id: 'choices' },
    h('h2', {}, '选项列表'),
    h(
      'p',
      { class: 'muted' },
      '建议提案的办理类别、重点工作的成果形式可按本地规定增加；办理类别填写已有代码即改其名称。列表随同步文件带到其他电脑。',
    ),
    body,
    errors.line,
  );
}
