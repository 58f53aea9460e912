// @ts-check
// The only module that talks to the Rust side. Each function is one Tauri command, with the command's name
// and arguments; a refusal arrives as an ApiError carrying the core's Chinese message, its kind
// (`invalid`, `not_found`, `illegal_transition`, …) and, for a bad field, the field's label.

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

/**
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
async function call(command, args = {}) {
  try {
    return await tauri().core.invoke(command, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'kind' in e) throw new ApiError(e);
    // Not a refusal from the core (those all carry a kind): the request itself was malformed.
    throw new ApiError({ kind: 'internal', message: `程序内部错误，操作未执行。请将以下信息告知技术支持：${e}` });
  }
}

export const appInfo = () => call('app_info');
export const setIdentity = (device_name, user_name) => call('set_identity', { device_name, user_name });
export const loadDemo = () => call('load_demo');
export const vocabulary = () => call('vocabulary');
export const caseForm = (kind) => call('case_form', { kind });
export const dashboard = () => call('dashboard');
export const listCases = (filter) => call('list_cases', { filter });
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
export const attachFile = (case_id, label) => call('attach_file', { case_id, label });
export const openAttachment = (id) => call('open_attachment', { id });
export const clearDemo = () => call('clear_demo');
export const makeBackup = () => call('make_backup');
export const restoreBackup = () => call('restore_backup');
export const openBackupFolder = () => call('open_backup_folder');
export const firstScreenShown = () => call('first_screen_shown');
export const calendarOverview = () => call('calendar_overview');
export const calendarYear = (year) => call('calendar_year', { year });
export const saveCalendarYear = (input) => call('save_calendar_year', { input });
export const importCalendarFile = () => call('import_calendar_file');
export const ruleTable = () => call('rule_table');
export const setRule = (code, input) => call('set_rule', { code, input });
export const previewLetter = (id, edit, format) => call('preview_letter', { id, edit, format });
export const exportLetter = (id, format, edit = null, file = 'pdf') =>
  call('export_letter', { id, format, edit, file });
export const exportForms = (form, cases, file = 'pdf') => call('export_forms', { form, cases, file });
export const exportRegister = (year, from = null, to = null, file = 'pdf') =>
  call('export_register', { year, from, to, file });
export const fontRows = () => call('font_rows');
export const chooseFont = (role) => call('choose_font', { role });
export const resetFont = (role) => call('reset_font', { role });
export const searchClauses = (query, kind) => call('search_clauses', { query, kind });
export const addClause = (input) => call('add_clause', { input });
export const syncOverview = () => call('sync_overview');
export const syncExport = (peer, passphrase) => call('sync_export', { peer, passphrase });
export const syncPickFile = () => call('sync_pick_file');
export const syncImport = (path, passphrase, dry_run, confirm) =>
  call('sync_import', { path, passphrase, dry_run, confirm });
export const resolveConflict = (entity_id, resolution) => call('resolve_conflict', { entity_id, resolution });
export const renumberConflict = (entity_id) => call('renumber_conflict', { entity_id });

/**
 * Calls `handler` whenever the Rust side emits `event`; resolves with the function that stops listening.
 * @param {string} event
 * @param {(event: { payload: any }) => void} handler
 * @returns {Promise<() => void>}
 */
export function onEvent(event, handler) {
  return tauri().event.listen(event, handler);
}
