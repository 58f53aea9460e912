// Starts the app: loads the vocabulary and this laptop's settings, shows the welcome screen on an empty
// database, then routes `#/…` addresses to views. Shortcuts: Ctrl+N new case, Ctrl+F (or /) search.

import * as api from './api.js';
import { state, loadVocabulary, loadParties, toast, showIdentity } from './app.js';
import { h, mount } from './dom.js';
import { looksLikeRegNo } from './format.js';
import { renderDashboard } from './views/dashboard.js';
import { renderRegister } from './views/register.js';
import { renderCaseForm } from './views/case-form.js';
import { renderCaseDetail } from './views/case-detail.js';
import { renderPeople } from './views/people.js';
import { renderSettings } from './views/settings.js';
import { renderCalendar } from './views/calendar.js';
import { renderWelcome } from './views/welcome.js';
import { renderSync } from './views/sync.js';

const routes = [
  [/^\/$/, () => renderDashboard],
  [/^\/cases$/, () => renderRegister],
  [/^\/cases\/new$/, () => renderCaseForm],
  [/^\/case\/([^/]+)\/edit$/, () => renderCaseForm],
  [/^\/case\/([^/]+)$/, () => renderCaseDetail],
  [/^\/people$/, () => renderPeople],
  [/^\/calendar$/, () => renderCalendar],
  [/^\/sync$/, () => renderSync],
  [/^\/settings$/, () => renderSettings],
  [/^\/welcome$/, () => renderWelcome],
];

/** `#/cases?kind=contract` → `{ path: '/cases', params: URLSearchParams }`. The query is split off before
 * anything is decoded, so a search for `甲&乙` or `C++` stays one value. */
function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const cut = hash.indexOf('?');
  const rawPath = cut < 0 ? hash : hash.slice(0, cut);
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = '/';
  }
  return { path, params: new URLSearchParams(cut < 0 ? '' : hash.slice(cut + 1)) };
}

function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

let rendering = 0;
async function route() {
  const { path, params } = currentRoute();
  const view = document.getElementById('view');
  for (const a of document.querySelectorAll('#nav a[data-route]')) {
    const r = a.dataset.route;
    const here = { '/cases': path === '/cases' || path.startsWith('/case/') }[r] ?? path === r;
    a.classList.toggle('active', here);
  }
  const found = routes.find(([re]) => re.test(path));
  if (!found) return go('/');
  const [re, pick] = found;
  const match = re.exec(path);
  const ticket = ++rendering;
  try {
    const content = await pick()({ params, id: match[1], go });
    // A slower earlier render must not overwrite a newer screen.
    if (ticket === rendering) {
      mount(view, content);
      view.querySelector('[autofocus]')?.focus();
      // The whole address, so a test (or anything else) can tell this screen from the one before it.
      view.dataset.ready = location.hash;
    }
  } catch (e) {
    if (ticket === rendering) {
      mount(view, h('div', { class: 'panel error-panel', role: 'alert' }, h('h1', {}, '无法显示'), h('p', {}, e.message)));
      view.dataset.ready = location.hash;
    }
  }
}

function shell() {
  const link = (path, label, key) =>
    h('a', { href: `#${path}`, 'data-route': path, title: key ? `${label}（${key}）` : label }, label);
  const search = h('input', {
    id: 'quick-search',
    type: 'search',
    placeholder: '搜索案件（Ctrl+F）',
    'aria-label': '搜索案件：输入登记编号或事项名称',
    onkeydown: (e) => {
      if (e.key !== 'Enter') return;
      const text = search.value.trim();
      if (!text) return;
      if (looksLikeRegNo(text)) go(`/case/${text.replace(/\s/g, '')}`);
      else go(`/cases?title=${encodeURIComponent(text)}`);
    },
  });
  return [
    h(
      'nav',
      { id: 'nav' },
      h('div', { class: 'brand' }, h('img', { src: 'icon.png', alt: '' }), h('span', {}, '法审台')),
      search,
      link('/', '工作台'),
      link('/cases', '案件登记簿'),
      link('/cases/new', '新建案件', 'Ctrl+N'),
      link('/people', '人员与单位'),
      link('/calendar', '日历与期限'),
      link('/sync', '同步'),
      link('/settings', '设置'),
      h('div', { class: 'nav-foot', id: 'nav-identity' }),
    ),
    h('main', { id: 'view', tabindex: '-1' }),
  ];
}

function shortcuts(e) {
  const inDialog = document.querySelector('dialog[open]');
  if (inDialog || e.defaultPrevented) return;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '');
  if (e.ctrlKey && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n') {
    e.preventDefault();
    go('/cases/new');
  } else if ((e.ctrlKey && e.key.toLowerCase() === 'f') || (e.key === '/' && !typing)) {
    e.preventDefault();
    document.getElementById('quick-search')?.focus();
  } else if (e.key === 'Escape' && !typing && currentRoute().path !== '/') {
    history.back();
  }
}

async function start() {
  const root = document.getElementById('app');
  try {
    await loadVocabulary();
    state.info = await api.appInfo();
  } catch (e) {
    // The database could not be opened (newer version, not a Fashen file, disk trouble): say so and stop.
    mount(
      root,
      h('div', { class: 'fatal', role: 'alert', id: 'fatal' }, h('h1', {}, '法审台无法打开数据库'), h('p', {}, e.message)),
    );
    return;
  }
  mount(root, shell());
  showIdentity();
  await loadParties();
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', shortcuts);
  api.onEvent('instance-focused', () => toast('法审台已在运行，已切换到此窗口'));
  if (state.info.is_empty && !location.hash) location.hash = '/welcome';
  else await route();
  api.firstScreenShown();
}

start();
