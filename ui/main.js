// @ts-check
// Starts the app: loads the vocabulary and this laptop's settings, shows the welcome screen on an empty
// database, then routes `#/…` addresses to screens (ui/screens/, one module each). Shortcuts: Ctrl+N new case,
// Ctrl+F (or /) search.

import * as api from './api.js';
import { confirmDialog } from './dialogs.js';
import { h, mount } from './dom.js';
import { shell, showIdentity } from './shell.js';
import { loadParties, loadVocabulary, state } from './state.js';
import { toast } from './toast.js';
import { renderCalendar } from './screens/calendar.js';
import { renderCaseDetail } from './screens/case-detail.js';
import { renderCaseForm } from './screens/case-form.js';
import { renderDashboard } from './screens/dashboard.js';
import { renderPeople } from './screens/people.js';
import { renderRegister } from './screens/register.js';
import { renderSearch } from './screens/search.js';
import { renderSettings } from './screens/settings.js';
import { renderStats } from './screens/stats.js';
import { renderSync } from './screens/sync.js';
import { renderWelcome } from './screens/welcome.js';

/** What a screen's render function is given: the query, the id in the path, and how to navigate. */
/** @typedef {{ params: URLSearchParams, id?: string, go: (path: string) => void }} RouteContext */
/** A screen: renders its content (one element or several) from the core's data. */
/** @typedef {(context: RouteContext) => Promise<Node | Node[]>} Screen */

/** @type {Array<[RegExp, () => Screen]>} */
const routes = [
  [/^\/$/, () => renderDashboard],
  [/^\/cases$/, () => renderRegister],
  [/^\/cases\/new$/, () => renderCaseForm],
  [/^\/case\/([^/]+)\/edit$/, () => renderCaseForm],
  [/^\/case\/([^/]+)$/, () => renderCaseDetail],
  [/^\/people$/, () => renderPeople],
  [/^\/search$/, () => renderSearch],
  [/^\/stats$/, () => renderStats],
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

/** @param {string} path */
function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

/**
 * Lights the navigation link of the screen at `path`. A register of its own is the case register filtered to
 * its `kind`, so its link is lit for that filter and for one of its cases (and the general register's for any
 * other).
 * @param {string} path
 * @param {string | null} kind
 */
function lightNav(path, kind) {
  /** @type {NodeListOf<HTMLAnchorElement>} */
  const links = document.querySelectorAll('#nav a[data-route]');
  const ownRegister = [...links].some((a) => a.dataset.route === `/cases?kind=${kind}`);
  for (const a of links) {
    const r = a.dataset.route;
    const register = path === '/cases' || path.startsWith('/case/');
    const here = r === `/cases?kind=${kind}` || ({ '/cases': register && !ownRegister }[r] ?? path === r);
    a.classList.toggle('active', here);
  }
}

let rendering = 0;
async function route() {
  const { path, params } = currentRoute();
  const view = document.getElementById('view');
  lightNav(path, path === '/cases' ? params.get('kind') : null);
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
      // A case of a register of its own lights that register's link.
      const shown = /** @type {HTMLElement | null} */ (view.querySelector('.case-detail'));
      if (shown) lightNav(path, shown.dataset.kind ?? null);
      /** @type {HTMLElement | null} */ (view.querySelector('[autofocus]'))?.focus();
      // The whole address, so a test (or anything else) can tell this screen from the one before it.
      view.dataset.ready = location.hash;
    }
  } catch (e) {
    if (ticket === rendering) {
      mount(
        view,
        h('div', { class: 'panel error-panel', role: 'alert' }, h('h1', {}, '无法显示'), h('p', {}, e.message)),
      );
      view.dataset.ready = location.hash;
    }
  }
}

function shortcuts(e) {
  const inDialog = document.querySelector('dialog[open]');
  if (inDialog || e.defaultPrevented) return;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '');
  // Alt+N too: a browser keeps Ctrl+N for a new window of its own (browser mode).
  if (e.ctrlKey !== e.altKey && !e.shiftKey && e.key.toLowerCase() === 'n') {
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
  // browser-check.js found the browser too old and said so on the page.
  if (/** @type {any} */ (window).fashenUnsupported) return;
  const root = document.getElementById('app');
  try {
    await loadVocabulary();
    state.info = await api.appInfo();
  } catch (e) {
    // The database could not be opened (newer version, not a Fashen file, disk trouble): say so and stop.
    mount(
      root,
      h(
        'div',
        { class: 'fatal', role: 'alert', id: 'fatal' },
        h('h1', {}, '法审台无法打开数据库'),
        h('p', {}, e.message),
      ),
    );
    return;
  }
  mount(root, shell(go));
  showIdentity();
  if (api.mode === 'browser') addQuit(root);
  await loadParties();
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', shortcuts);
  api.onEvent('instance-focused', () => toast('法审台已在运行，已切换到此窗口'));
  if (state.info.is_empty && !location.hash) location.hash = '/welcome';
  else await route();
  api.firstScreenShown();
  api.keepAlive();
}

/**
 * Browser mode: 退出 at the foot of the navigation stops the local server (the desktop app closes with its
 * window). Nothing is lost either way: every change was saved when it was made.
 * @param {HTMLElement} root
 */
function addQuit(root) {
  const quit = async () => {
    if (!(await confirmDialog('退出法审台', '退出后此页面将不能再使用。所有修改均已保存，不会丢失。', '退出'))) return;
    try {
      await api.quit();
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    mount(
      root,
      h(
        'div',
        { class: 'fatal', id: 'quit-done' },
        h('h1', {}, '法审台已退出'),
        h('p', {}, '可以关闭此标签页。要再次使用，请从菜单打开「法审台（浏览器版）」，或在终端运行 fashen serve。'),
      ),
    );
  };
  document.getElementById('nav')?.append(h('button', { id: 'quit', class: 'small quit', onclick: quit }, '退出'));
}

start();
