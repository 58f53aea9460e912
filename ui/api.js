// @ts-check
// The only module that talks to the Rust side, in either shell: the desktop app (Tauri IPC) or browser mode
// (`fashen serve`, fetch to its local API). No screen knows which. Each function is one command of the core's
// table (src/api.rs), with the command's name and arguments, or one that picks or saves a file — a native
// dialog in the desktop, an upload or a download in a browser. A refusal arrives as an ApiError carrying the
// core's Chinese message, its kind (`invalid`, `not_found`, `illegal_transition`, …) and, for a bad field,
// the field's label.

import { wellFormed } from './format.js';

export class ApiError extends Error {
  /** @param {{ kind: string, message: string, field?: string | null }} refusal */
  constructor({ kind, message, field }) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field ?? null;
  }
}

/** The Tauri bridge (`withGlobalTauri`); untyped, as the app uses no npm package of Tauri's. */
const tauri = () => /** @type {any} */ (window).__TAURI__;

/** `desktop` inside the Tauri app, `browser` when served by `fashen serve`. */
export const mode = typeof window !== 'undefined' && tauri() ? 'desktop' : 'browser';

/**
 * Browser mode: the session's proof, which the server hands over in the address it sends the browser to
 * (`/?session=…`), and which only this origin can read back (every tab of it: the server has one session).
 * It goes with every request as `X-Fashen`: the session cookie alone is not enough, as cookies are shared with
 * other ports of 127.0.0.1.
 */
function takeProof() {
  if (mode !== 'browser' || typeof location === 'undefined') return;
  const given = new URLSearchParams(location.search).get('session');
  if (given) {
    localStorage.setItem('fashen-session', given);
    history.replaceState(null, '', location.pathname + location.hash);
  }
}
takeProof();

/** The header every request to the local server carries: a page of another origin can neither send nor forge it. */
const csrf = () => ({ 'X-Fashen': localStorage.getItem('fashen-session') ?? '' });

/** Browser mode: set once the server has stopped (退出) or no longer knows this page; nothing is sent after. */
let stopped = false;

/** @param {unknown} e */
function refusal(e) {
  if (e && typeof e === 'object' && 'kind' in e) return new ApiError(/** @type {any} */ (e));
  // Not a refusal from the core (those all carry a kind): the request itself was malformed.
  return new ApiError({ kind: 'internal', message: `程序内部错误，操作未执行。请将以下信息告知技术支持：${e}` });
}

/**
 * A shell's own command (the desktop's dialogs, the server's uploads and downloads), by name.
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
async function shellCall(command, args = {}) {
  try {
    if (mode === 'desktop') return await tauri().core.invoke(command, args);
    return await post('/api/call', { command, args });
  } catch (e) {
    throw e instanceof ApiError ? e : refusal(e);
  }
}

/**
 * A command of the core's table: the same name and arguments in both shells.
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
function call(command, args = {}) {
  return mode === 'desktop' ? shellCall('call', { command, args }) : shellCall(command, args);
}

/**
 * A JSON request to the local server; its refusals are the core's, as JSON.
 * @param {string} url
 * @param {unknown} body
 */
async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...csrf(), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      kind: 'io',
      message: '无法连接法审台：它可能已退出。请从菜单重新打开「法审台（浏览器版）」。',
    });
  }
  return answer(response);
}

/** @param {Response} response */
async function answer(response) {
  const text = await response.text();
  let value;
  try {
    value = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError({ kind: 'io', message: `法审台返回了无法识别的内容（HTTP ${response.status}）` });
  }
  if (response.status === 401 || response.status === 403) stopped = true;
  if (!response.ok) throw refusal(value);
  return value;
}

export const appInfo = () => call('app_info');
export const setIdentity = (device_name, user_name) => call('set_identity', { device_name, user_name });
export const loadDemo = () => call('load_demo');
export const vocabulary = () => call('vocabulary');
export const caseForm = (kind) => call('case_form', { kind });
export const dashboard = () => call('dashboard');
export const listCases = (filter) => call('list_cases', { filter });
/** Search by any words; the query is made well-formed first (a lone surrogate is not JSON the core reads). */
export const search = (request) => call('search', { request: { ...request, query: wellFormed(request.query ?? '') } });
export const caseView = (id) => call('case_view', { id });
export const registerCase = (kind, fields) => call('register_case', { kind, fields });
export const editCase = (id, fields) => call('edit_case', { id, fields });
export const advanceCase = (id, to, input) => call('advance_case', { id, to, input });
export const extendCase = (id, days, reason, approver) => call('extend_case', { id, days, reason, approver });
export const listUnits = () => call('list_units');
export const listPeople = () => call('list_people');
export const addUnit = (input) => call('add_unit', { input });
export const addPerson = (input) => call('add_person', { input });
export const setSigner = (id, signs) => call('set_signer', { id, signs });
export const newLetter = (case_id) => call('new_letter', { case_id });
export const editLetter = (id, edit) => call('edit_letter', { id, edit });
export const signLetter = (id) => call('sign_letter', { id });
export const issueLetter = (id) => call('issue_letter', { id });
export const addFiling = (case_id, input) => call('add_filing', { case_id, input });
export const editFiling = (id, input) => call('edit_filing', { id, input });
export const addHearing = (case_id, input) => call('add_hearing', { case_id, input });
export const deleteHearing = (id) => call('delete_hearing', { id });
export const addInspectedFile = (case_id, input) => call('add_inspected_file', { case_id, input });
export const editInspectedFile = (id, input) => call('edit_inspected_file', { id, input });
export const deleteInspectedFile = (id) => call('delete_inspected_file', { id });
/** @param {number} year */
export const proposalFigures = (year) => call('proposal_figures', { year });
export const statistics = (request) => call('statistics', { request });
export const draftReport = (request) => call('draft_report', { request });
export const choiceLists = () => call('choice_lists');
export const setChoice = (list, code, label) => call('set_choice', { list, code, label });
export const addTask = (case_id, input) => call('add_task', { case_id, input });
export const editTask = (id, edit) => call('edit_task', { id, edit });
export const deleteTask = (id) => call('delete_task', { id });
export const reportProgress = (id, input) => call('report_progress', { id, input });
/** @param {string} case_id @param {{ text?: string, bytes?: number[] }} source */
export const previewTaskImport = (case_id, source) => call('preview_task_import', { case_id, source });
/** @param {string} case_id @param {{ text?: string, bytes?: number[] }} source */
export const importTasks = (case_id, source) => call('import_tasks', { case_id, source });
export const clearDemo = () => call('clear_demo');
export const makeBackup = () => call('make_backup');
export const calendarOverview = () => call('calendar_overview');
export const calendarYear = (year) => call('calendar_year', { year });
export const saveCalendarYear = (input) => call('save_calendar_year', { input });
export const ruleTable = () => call('rule_table');
export const setRule = (code, input) => call('set_rule', { code, input });
export const previewLetter = (id, edit, format) => call('preview_letter', { id, edit, format });
export const fontRows = () => call('font_rows');
export const resetFont = (role) => call('reset_font', { role });
export const searchClauses = (query, kind) => call('search_clauses', { query, kind });
export const addClause = (input) => call('add_clause', { input });
export const syncOverview = () => call('sync_overview');
export const resolveConflict = (entity_id, resolution) => call('resolve_conflict', { entity_id, resolution });
export const renumberConflict = (entity_id) => call('renumber_conflict', { entity_id });

// Files. In the desktop each of these opens a native dialog (or the system viewer) in the Rust shell. In a
// browser the file is chosen with a file input and uploaded first (the server hands back an upload id, never
// a path), and what the desktop would save is downloaded.

/**
 * In a browser: asks for a file, uploads it, and resolves with the server's upload id (`null` if cancelled).
 * @param {string} accept the file input's `accept`, e.g. `.fashen`
 * @returns {Promise<string | null>}
 */
async function upload(accept) {
  const file = await chooseFile(accept);
  if (!file) return null;
  let response;
  try {
    response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: csrf(),
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ kind: 'io', message: `无法上传「${file.name}」：与法审台的连接中断` });
  }
  const done = await answer(response);
  return done.upload;
}

/**
 * A file input's choice; `null` when the person closes the chooser (the `cancel` event, or — in browsers
 * without it — the window regaining focus with nothing chosen).
 * @param {string} accept
 * @returns {Promise<File | null>}
 */
function chooseFile(accept) {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (accept) input.accept = accept;
    let settled = false;
    /** @param {File | null} f */
    const settle = (f) => {
      if (settled) return;
      settled = true;
      window.removeEventListener('focus', onFocus);
      resolve(f);
    };
    const onFocus = () => setTimeout(() => settle(input.files?.[0] ?? null), 1000);
    input.addEventListener('change', () => settle(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => settle(null));
    window.addEventListener('focus', onFocus);
    input.click();
  });
}

/**
 * In a browser: fetches a file the server prepared and hands it to the browser — shown in a new tab when
 * `show` and the browser allows it, otherwise saved as a download. Resolves with the file's name.
 * @param {{ download: string, name: string }} prepared
 * @param {boolean} [show]
 */
async function download({ download, name }, show = false) {
  let response;
  try {
    response = await fetch(`/api/download/${encodeURIComponent(download)}`, {
      headers: csrf(),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ kind: 'io', message: `无法下载「${name}」：与法审台的连接中断` });
  }
  if (!response.ok) await answer(response);
  const url = URL.createObjectURL(await response.blob());
  const shown = show && window.open(url, '_blank');
  if (!shown) {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** @param {Promise<{ download: string, name: string } | null>} prepared */
const downloaded = async (prepared) => {
  const p = await prepared;
  return p && download(p);
};

export const attachFile = async (case_id, label) => {
  if (mode === 'desktop') return shellCall('attach_file', { case_id, label });
  const up = await upload('');
  return up && shellCall('attach_file', { case_id, label, upload: up });
};
export const openAttachment = async (id) => {
  if (mode === 'desktop') return shellCall('open_attachment', { id });
  const opened = await shellCall('open_attachment', { id });
  await download(opened, opened.viewable);
  // A file that is not a document or image is not opened but saved (downloaded): the screen says so.
  return { ...opened, downloaded: !opened.viewable };
};
export const restoreBackup = async () => {
  if (mode === 'desktop') return shellCall('restore_backup');
  const up = await upload('.sqlite3');
  return up && shellCall('restore_backup', { upload: up });
};
export const openBackupFolder = () => shellCall('open_backup_folder');
export const firstScreenShown = () => shellCall('first_screen_shown');
export const importCalendarFile = async () => {
  if (mode === 'desktop') return shellCall('import_calendar_file');
  const up = await upload('.json');
  return up && shellCall('import_calendar_file', { upload: up });
};
export const exportLetter = (id, format, edit = null, file = 'pdf') =>
  mode === 'desktop'
    ? shellCall('export_letter', { id, format, edit, file })
    : downloaded(shellCall('export_letter', { id, format, edit, file }));
export const exportForms = (form, cases, file = 'pdf') =>
  mode === 'desktop'
    ? shellCall('export_forms', { form, cases, file })
    : downloaded(shellCall('export_forms', { form, cases, file }));
export const exportRegister = (year, from = null, to = null, file = 'pdf', kind = null) =>
  mode === 'desktop'
    ? shellCall('export_register', { year, from, to, file, kind })
    : downloaded(shellCall('export_register', { year, from, to, file, kind }));
export const exportInspectionResults = (case_id, file = 'pdf') =>
  mode === 'desktop'
    ? shellCall('export_inspection_results', { case_id, file })
    : downloaded(shellCall('export_inspection_results', { case_id, file }));
export const exportProgressSheet = (case_id, file = 'pdf', with_tasks = false) =>
  mode === 'desktop'
    ? shellCall('export_progress_sheet', { case_id, file, with_tasks })
    : downloaded(shellCall('export_progress_sheet', { case_id, file, with_tasks }));
export const exportStats = (request, file = 'xlsx') =>
  mode === 'desktop'
    ? shellCall('export_stats', { request, file })
    : downloaded(shellCall('export_stats', { request, file }));
export const exportCaseSheet = (filter, file = 'xlsx') =>
  mode === 'desktop'
    ? shellCall('export_case_sheet', { filter, file })
    : downloaded(shellCall('export_case_sheet', { filter, file }));
export const exportRectificationNotices = (case_id, unit = null, file = 'pdf') =>
  mode === 'desktop'
    ? shellCall('export_rectification_notices', { case_id, unit, file })
    : downloaded(shellCall('export_rectification_notices', { case_id, unit, file }));
export const chooseFont = async (role) => {
  if (mode === 'desktop') return shellCall('choose_font', { role });
  const up = await upload('.ttf,.otf,.ttc,.TTF,.OTF,.TTC');
  return up && shellCall('choose_font', { role, upload: up });
};
export const syncExport = async (peer, passphrase) => {
  const done = await shellCall('sync_export', { peer, passphrase });
  if (!done || mode === 'desktop') return done;
  return { path: await download(done), report: done.report };
};
/** Resolves with what `syncImport` takes: a path in the desktop, an upload id in a browser. */
export const syncPickFile = () => (mode === 'desktop' ? shellCall('sync_pick_file') : upload('.fashen'));
export const syncImport = (path, passphrase, dry_run, confirm) =>
  shellCall(
    'sync_import',
    mode === 'desktop' ? { path, passphrase, dry_run, confirm } : { upload: path, passphrase, dry_run, confirm },
  );

/** Browser mode only: stops the local server (the desktop app closes with its window). */
export const quit = async () => {
  const done = await post('/api/quit', {});
  stopped = true;
  return done;
};

/**
 * Browser mode: tells the server every 15 s that this tab is open, so it stays while any tab is and exits some
 * time after the last one closed (`fashen serve --idle`). Nothing to do in the desktop.
 */
export function keepAlive() {
  if (mode !== 'browser') return;
  const timer = setInterval(() => {
    if (stopped) clearInterval(timer);
    else post('/api/alive', {}).catch(() => {});
  }, 15_000);
}

/**
 * Calls `handler` whenever the Rust side emits `event`; resolves with the function that stops listening.
 * @param {string} event
 * @param {(event: { payload: any }) => void} handler
 * @returns {Promise<() => void>}
 */
export async function onEvent(event, handler) {
  if (mode === 'desktop') return tauri().event.listen(event, handler);
  // The server sends only the progress of long work; the desktop's own events never come in a browser.
  if (!SERVER_EVENTS.includes(event)) return () => {};
  const handlers = listeners.get(event) ?? new Set();
  listeners.set(event, handlers);
  handlers.add(handler);
  // Resolved once the stream is open, so the work the caller starts next cannot report before it is heard.
  await new Promise((opened) => listen(() => opened(null)));
  return () => {
    handlers.delete(handler);
    if ([...listeners.values()].every((h) => h.size === 0)) stream?.abort();
  };
}

/** The events `fashen serve` sends (src/cli/serve/shell.rs). */
const SERVER_EVENTS = ['print-progress', 'sync-progress'];

/** @type {Map<string, Set<(event: { payload: any }) => void>>} */
const listeners = new Map();
/** The open event stream, while someone listens. @type {AbortController | null} */
let stream = null;

/**
 * In a browser: a stream of server-sent events while a screen listens (a fetch, not EventSource, because every
 * request must carry the CSRF header). It is closed when the last listener stops: a browser allows only six
 * connections to one server, and a stream held by every open tab would use them up.
 * @param {() => void} [opened] called once the stream is open (or could not be)
 */
async function listen(opened = () => {}) {
  if (stream) return opened();
  const mine = new AbortController();
  stream = mine;
  try {
    const response = await fetch('/api/events', { headers: csrf(), credentials: 'same-origin', signal: mine.signal });
    opened();
    if (!response.ok || !response.body) return;
    const reader = response.body.getReader();
    const text = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += text.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // Closed by the last listener, or the server is gone (the call being made says what is wrong).
  } finally {
    opened();
    if (stream === mine) stream = null;
  }
}

/** @param {string} block one `event: …` / `data: …` block of the stream */
function dispatch(block) {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  let payload = null;
  try {
    payload = data ? JSON.parse(data) : null;
  } catch {
    return;
  }
  for (const handler of listeners.get(event) ?? []) handler({ payload });
}
