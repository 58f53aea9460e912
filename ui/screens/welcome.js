// @ts-check
// The first start: the database is new and empty. Name this laptop and its user, then start blank with one's
// own units and people (the primary path), or load the demo data (a district office's year) to look around —
// removable later in 设置 without touching anything entered since.

import * as api from '../api.js';
import { h } from '../dom.js';
import { formErrors } from '../form-errors.js';
import { showIdentity } from '../shell.js';
import { loadParties, state } from '../state.js';
import { toast } from '../toast.js';
import { pageHeader } from '../components/page-header.js';

export async function renderWelcome({ go }) {
  const info = (state.info = await api.appInfo());
  const errors = formErrors();
  const device = h('input', {
    id: 'welcome-device',
    type: 'text',
    value: info.device_name ?? '',
    placeholder: '如 法制审核科-1号电脑',
    autofocus: true,
  });
  const user = h('input', { id: 'welcome-user', type: 'text', value: info.user_name ?? '', placeholder: '您的姓名' });
  const begin = (withDemo) => async (e) => {
    e.preventDefault();
    await errors.attempt(async () => {
      if (device.value.trim() || user.value.trim()) {
        state.info = await api.setIdentity(device.value, user.value);
        showIdentity();
      }
      if (withDemo) {
        const s = await api.loadDemo();
        toast(`已载入演示数据：${s.units} 个单位、${s.people} 名人员、${s.cases} 件案件`);
      }
      await loadParties();
      state.info = await api.appInfo();
      go(withDemo ? '/' : '/people');
    });
  };
  return h(
    'div',
    { class: 'welcome', id: 'welcome' },
    pageHeader('欢迎使用法审台', '合法性审查与备案的登记、计时和意见书，全部在本机完成，不需要联网。'),
    h(
      'form',
      { class: 'panel dialog-grid', onsubmit: begin(false) },
      h('p', {}, '这是一个新的数据库：', h('span', { class: 'mono' }, info.db_path)),
      h('label', { class: 'stacked' }, '本机名称', device),
      h('label', { class: 'stacked' }, '您的姓名（记录为每次修改的经办人）', user),
      errors.line,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', id: 'load-demo', onclick: begin(true) }, '先看演示数据'),
        h('button', { type: 'submit', class: 'primary', id: 'start-blank' }, '从空白开始'),
      ),
      h(
        'p',
        { class: 'muted wide' },
        '“从空白开始”先登记本机关、送审单位和人员。演示数据是一个区司法局一年的工作，供熟悉软件；',
        '以后可在“设置”中一键清除，您自己录入的内容不受影响。',
      ),
    ),
  );
}
