//! Every command the UI may call. Each is an adapter: it takes the state and the arguments, makes one core
//! call and maps the error to [`WireError`]. Names are the core's (`register_case` here, in the core, in
//! `ui/api.js`). All run off the main thread (`async`), so a slow disk never freezes the window.
//!
//! The list in [`handler`] must match `COMMANDS` in `build.rs` (the permission manifest) and the capability
//! file; a test below keeps the three in step.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use fashen::actions::deadlines::{self as deadlines, with_moves, ChangeReport, Saved};
use fashen::actions::{
    self, cases, dashboard, letters, parties, print, records, reference, settings,
};
use fashen::ids::{AttachmentId, FilingId};
use fashen::model::{
    Attachment, CaseKind, FilingRecord, OpinionLetter, Person, ReviewCase, Status, Unit,
};
use fashen::print::forms::FormName;
use fashen::print::letter::LetterFormat;
use fashen::store::{BackupInfo, CaseFilter, CasePage};
use fashen::Store;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::files;
use crate::wire::WireError;

pub struct AppState {
    /// The open database, or why it could not be opened (shown by the UI instead of any screen).
    pub store: Result<Mutex<Store>, WireError>,
    /// Where attachments are written out for viewing.
    pub opened_dir: PathBuf,
    /// When `main` began, for the start-up line of [`first_screen_shown`].
    pub started: std::time::Instant,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> fashen::Result<T>) -> Reply<T> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held rolled its transaction back; the store itself is still sound.
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut store).map_err(WireError::from)
    }
}

type Reply<T> = Result<T, WireError>;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        set_identity,
        load_demo,
        vocabulary,
        case_form,
        dashboard,
        list_cases,
        case_view,
        register_case,
        edit_case,
        advance_case,
        extend_case,
        list_units,
        list_people,
        add_unit,
        add_person,
        new_letter,
        edit_letter,
        sign_letter,
        issue_letter,
        add_filing,
        edit_filing,
        attach_file,
        open_attachment,
        make_backup,
        restore_backup,
        open_backup_folder,
        first_screen_shown,
        calendar_overview,
        calendar_year,
        save_calendar_year,
        import_calendar_file,
        rule_table,
        set_rule,
        preview_letter,
        export_letter,
        export_forms,
        export_register,
        font_rows,
        choose_font,
        reset_font,
        search_clauses,
        add_clause,
        sync_overview,
        sync_export,
        sync_pick_file,
        sync_import,
        resolve_conflict,
        renumber_conflict,
    ]
}

/// Field values as the form sends them: `[code, text]` pairs.
type Fields = Vec<(String, String)>;

#[tauri::command(async, rename_all = "snake_case")]
fn app_info(state: State<'_, AppState>) -> Reply<settings::AppInfo> {
    state.with(|s| settings::app_info(s))
}

#[tauri::command(async, rename_all = "snake_case")]
fn set_identity(
    state: State<'_, AppState>,
    device_name: String,
    user_name: String,
) -> Reply<settings::AppInfo> {
    state.with(|s| settings::set_identity(s, &device_name, &user_name))
}

#[tauri::command(async, rename_all = "snake_case")]
fn load_demo(state: State<'_, AppState>) -> Reply<fashen::demo::DemoSummary> {
    state.with(fashen::demo::load)
}

#[tauri::command(async, rename_all = "snake_case")]
fn vocabulary() -> reference::Vocabulary {
    reference::vocabulary()
}

#[tauri::command(async, rename_all = "snake_case")]
fn case_form(kind: String) -> Reply<Vec<reference::FormField>> {
    Ok(reference::case_form(CaseKind::parse(&kind)?))
}

#[tauri::command(async, rename_all = "snake_case")]
fn dashboard(state: State<'_, AppState>) -> Reply<dashboard::Dashboard> {
    state.with(|s| dashboard::dashboard(s))
}

#[tauri::command(async, rename_all = "snake_case")]
fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> Reply<CasePage> {
    state.with(|s| s.list_cases(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
fn case_view(state: State<'_, AppState>, id: String) -> Reply<cases::CaseView> {
    state.with(|s| cases::case_view(s, actions::find_case(s, &id)?))
}

#[tauri::command(async, rename_all = "snake_case")]
fn register_case(state: State<'_, AppState>, kind: String, fields: Fields) -> Reply<ReviewCase> {
    state.with(|s| cases::register_case(s, CaseKind::parse(&kind)?, &fields, None))
}

#[tauri::command(async, rename_all = "snake_case")]
fn edit_case(state: State<'_, AppState>, id: String, fields: Fields) -> Reply<Saved<ReviewCase>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        with_moves(s, |s| cases::edit_case(s, id, &fields))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn advance_case(
    state: State<'_, AppState>,
    id: String,
    to: String,
    input: cases::Advance,
) -> Reply<Saved<ReviewCase>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        let to = Status::parse(&to)?;
        with_moves(s, |s| cases::advance_case(s, id, to, &input))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn extend_case(
    state: State<'_, AppState>,
    id: String,
    days: i64,
    reason: String,
    approver: String,
) -> Reply<Saved<fashen::model::ClockEvent>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        with_moves(s, |s| {
            cases::extend_case(s, id, days, &reason, &approver, None)
        })
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn list_units(state: State<'_, AppState>) -> Reply<Vec<Unit>> {
    state.with(|s| s.all())
}

#[tauri::command(async, rename_all = "snake_case")]
fn list_people(state: State<'_, AppState>) -> Reply<Vec<Person>> {
    state.with(|s| s.all())
}

#[tauri::command(async, rename_all = "snake_case")]
fn add_unit(state: State<'_, AppState>, input: parties::NewUnit) -> Reply<Unit> {
    state.with(|s| parties::add_unit(s, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
fn add_person(state: State<'_, AppState>, input: parties::NewPerson) -> Reply<Person> {
    state.with(|s| parties::add_person(s, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
fn new_letter(state: State<'_, AppState>, case_id: String) -> Reply<OpinionLetter> {
    state.with(|s| {
        let case = actions::find_case(s, &case_id)?;
        letters::new_letter(s, &case, None, None, &letters::LetterEdit::default())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn edit_letter(
    state: State<'_, AppState>,
    id: String,
    edit: letters::LetterEdit,
) -> Reply<OpinionLetter> {
    state.with(|s| letters::edit_letter(s, actions::find_letter(s, &id)?.id, &edit))
}

#[tauri::command(async, rename_all = "snake_case")]
fn sign_letter(state: State<'_, AppState>, id: String) -> Reply<OpinionLetter> {
    state.with(|s| letters::sign_letter(s, actions::find_letter(s, &id)?.id, None, None, None))
}

#[tauri::command(async, rename_all = "snake_case")]
fn issue_letter(state: State<'_, AppState>, id: String) -> Reply<OpinionLetter> {
    state.with(|s| letters::issue_letter(s, actions::find_letter(s, &id)?.id, None))
}

#[tauri::command(async, rename_all = "snake_case")]
fn add_filing(
    state: State<'_, AppState>,
    case_id: String,
    input: records::FilingInput,
) -> Reply<FilingRecord> {
    state.with(|s| records::add_filing(s, actions::find_case(s, &case_id)?.id, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
fn edit_filing(
    state: State<'_, AppState>,
    id: String,
    input: records::FilingInput,
) -> Reply<FilingRecord> {
    state.with(|s| records::edit_filing(s, FilingId(parse_id(&id)?), &input))
}

/// Runs store work that reads or writes whole files on a thread meant for blocking, not on the async runtime.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&mut Store) -> fashen::Result<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().with(work))
        .await
        .map_err(|e| WireError::io(format!("后台任务意外中止：{e}")))?
}

/// Picks a file with the native dialog and attaches it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
async fn attach_file(
    app: AppHandle,
    case_id: String,
    label: Option<String>,
) -> Reply<Option<Attachment>> {
    let Some(path) = files::pick_file("选择要添加的附件", &[]).await else {
        return Ok(None);
    };
    blocking(app, move |s| {
        let case = actions::find_case(s, &case_id)?;
        records::attach_path(s, case.id, &path, label.as_deref())
    })
    .await
    .map(Some)
}

/// Writes the attachment out and opens it in the system viewer — or, for a kind of file that could run
/// something, opens only the folder it is in.
#[tauri::command(async, rename_all = "snake_case")]
fn open_attachment(state: State<'_, AppState>, id: String) -> Reply<records::ExportedAttachment> {
    let exported = state
        .with(|s| records::export_attachment(s, AttachmentId(parse_id(&id)?), &state.opened_dir))?;
    match exported.path.parent() {
        Some(folder) if !exported.viewable => files::open_in_viewer(folder)?,
        _ => files::open_in_viewer(&exported.path)?,
    }
    Ok(exported)
}

#[tauri::command(async, rename_all = "snake_case")]
fn make_backup(state: State<'_, AppState>) -> Reply<BackupInfo> {
    state.with(|s| s.backup(None))
}

/// Picks a backup with the native dialog and restores it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
async fn restore_backup(app: AppHandle) -> Reply<Option<BackupInfo>> {
    let Some(path) = files::pick_file("选择要恢复的备份", &[("法审台备份", &["sqlite3"])]).await
    else {
        return Ok(None);
    };
    blocking(app, move |s| s.restore(&path)).await.map(Some)
}

#[tauri::command(async, rename_all = "snake_case")]
fn open_backup_folder(state: State<'_, AppState>) -> Reply<PathBuf> {
    let dir = state.with(|s| {
        let dir = fashen::store::backup_dir(s.path());
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    })?;
    files::open_in_viewer(&dir)?;
    Ok(dir)
}

/// The UI calls this once, when its first screen shows data. The line it prints lets
/// `scripts/measure-desktop.sh` time a cold start from outside the process.
#[tauri::command(async, rename_all = "snake_case")]
fn first_screen_shown(state: State<'_, AppState>) {
    eprintln!(
        "fashen: first screen shown {} ms after main()",
        state.started.elapsed().as_millis()
    );
}

fn parse_id(id: &str) -> Result<uuid::Uuid, fashen::Error> {
    id.trim()
        .parse()
        .map_err(|_| fashen::Error::not_found("记录", id.trim()))
}

/// What the Sync screen shows: this laptop, the laptops it knows, the last receipts and the open conflicts.
#[derive(serde::Serialize)]
struct SyncOverview {
    device_name: Option<String>,
    device_id: String,
    peers: Vec<fashen::sync::PeerInfo>,
    receipts: Vec<fashen::sync::ImportReceipt>,
    conflicts: Vec<fashen::sync::ConflictInfo>,
}

#[tauri::command(async, rename_all = "snake_case")]
fn sync_overview(state: State<'_, AppState>) -> Reply<SyncOverview> {
    state.with(|s| {
        Ok(SyncOverview {
            device_name: s.setting("device_name")?,
            device_id: s.device_id().to_string(),
            peers: s.peers()?,
            receipts: s.sync_receipts(10)?,
            conflicts: s.conflicts()?,
        })
    })
}

const SYNC_FILE: &[(&str, &[&str])] = &[("法审台同步文件", &["fashen"])];

#[derive(serde::Serialize)]
struct Exported {
    path: PathBuf,
    report: fashen::sync::ExportReport,
}

/// Writes a sync file (for `peer`, or everything) where the user chooses; `None` when they cancel.
#[tauri::command(async, rename_all = "snake_case")]
async fn sync_export(
    app: AppHandle,
    peer: Option<String>,
    passphrase: Option<String>,
) -> Reply<Option<Exported>> {
    let for_name = peer.clone();
    let name = blocking(app.clone(), move |s| {
        let to = match for_name.as_deref() {
            Some(p) => fashen::sync::Target::Peer(p),
            None => fashen::sync::Target::Full,
        };
        fashen::sync::file_name(s, to)
    })
    .await?;
    let Some(path) = files::save_file("导出同步文件", &name, SYNC_FILE).await else {
        return Ok(None);
    };
    let target = path.clone();
    let report = blocking(app, move |s| {
        let to = match peer.as_deref() {
            Some(p) => fashen::sync::Target::Peer(p),
            None => fashen::sync::Target::Full,
        };
        fashen::sync::export(
            s,
            to,
            passphrase.as_deref().filter(|p| !p.is_empty()),
            &target,
        )
    })
    .await?;
    Ok(Some(Exported { path, report }))
}

/// Asks for the sync file to import; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
async fn sync_pick_file() -> Reply<Option<PathBuf>> {
    Ok(files::pick_file("选择同步文件", SYNC_FILE).await)
}

/// A stage of an import, sent as the `sync-progress` event.
#[derive(Clone, serde::Serialize)]
struct SyncProgress {
    stage: &'static str,
}

/// Imports (or with `dry_run` previews) a sync file, sending `sync-progress` as it reads, checks and merges.
#[tauri::command(async, rename_all = "snake_case")]
async fn sync_import(
    app: AppHandle,
    path: PathBuf,
    passphrase: Option<String>,
    dry_run: bool,
    confirm: bool,
) -> Reply<fashen::sync::ImportReceipt> {
    let events = app.clone();
    let stage = move |stage| {
        let _ = events.emit("sync-progress", SyncProgress { stage });
    };
    stage("正在读取文件…");
    let bytes = tauri::async_runtime::spawn_blocking(move || fashen::sync::read_path(&path))
        .await
        .map_err(|e| WireError::io(format!("后台任务意外中止：{e}")))??;
    stage("正在校验并合并…");
    let opts = fashen::sync::ImportOptions {
        dry_run,
        confirm_mass_delete: confirm,
    };
    let receipt = blocking(app, move |s| {
        fashen::sync::import_bytes(
            s,
            &bytes,
            passphrase.as_deref().filter(|p| !p.is_empty()),
            &opts,
        )
    })
    .await;
    stage("");
    receipt
}

/// A person's decision on a conflict; returns the conflicts still open.
#[tauri::command(async, rename_all = "snake_case")]
fn resolve_conflict(
    state: State<'_, AppState>,
    entity_id: String,
    resolution: fashen::sync::Resolution,
) -> Reply<Vec<fashen::sync::ConflictInfo>> {
    state.with(|s| {
        let id = parse_uuid(&entity_id)?;
        s.resolve_conflict(id, &resolution)?;
        s.conflicts()
    })
}

/// Gives a record in a number conflict the next free number; returns it.
#[tauri::command(async, rename_all = "snake_case")]
fn renumber_conflict(state: State<'_, AppState>, entity_id: String) -> Reply<String> {
    state.with(|s| s.renumber(parse_uuid(&entity_id)?))
}

fn parse_uuid(id: &str) -> fashen::Result<uuid::Uuid> {
    id.parse()
        .map_err(|_| fashen::Error::invalid("记录编号", format!("{id} 不是有效的记录编号")))
}

#[cfg(test)]
mod tests {
    /// The handler list, the permission manifest (`build.rs`) and the capability must name the same commands,
    /// or a command is either unreachable or granted without existing.
    #[test]
    fn every_command_is_listed_once_in_handler_manifest_and_capability() {
        let src = include_str!("commands.rs");
        let start = src.find("generate_handler![").unwrap();
        let end = start + src[start..].find(']').unwrap();
        let handler: Vec<&str> = src[start + "generate_handler![".len()..end]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();

        let build = include_str!("../build.rs");
        let start = build.find("COMMANDS: &[&str] = &[").unwrap();
        let end = start + build[start..].find("];").unwrap();
        let manifest: Vec<&str> = build[start..end].split('"').skip(1).step_by(2).collect();

        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| {
                p.as_str()?
                    .strip_prefix("allow-")
                    .map(|c| c.replace('-', "_"))
            })
            .collect();

        let mut sorted = handler.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), handler.len(), "a command is listed twice");
        assert_eq!(
            handler, manifest,
            "handler list and build.rs COMMANDS differ"
        );
        assert_eq!(handler, granted, "handler list and capability differ");
    }
}

#[tauri::command(async, rename_all = "snake_case")]
fn calendar_overview(state: State<'_, AppState>) -> Reply<deadlines::CalendarOverview> {
    state.with(|s| deadlines::calendar_overview(s))
}

#[tauri::command(async, rename_all = "snake_case")]
fn calendar_year(state: State<'_, AppState>, year: i32) -> Reply<deadlines::YearView> {
    state.with(|s| deadlines::calendar_year(s, year))
}

#[tauri::command(async, rename_all = "snake_case")]
fn save_calendar_year(
    state: State<'_, AppState>,
    input: deadlines::YearInput,
) -> Reply<ChangeReport> {
    state.with(|s| deadlines::save_calendar_year(s, &input))
}

/// Picks a calendar file with the native dialog and imports it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
async fn import_calendar_file(app: AppHandle) -> Reply<Option<ChangeReport>> {
    let Some(path) = files::pick_file("选择日历文件", &[("日历文件", &["json"])]).await
    else {
        return Ok(None);
    };
    blocking(app, move |s| deadlines::import_calendar_path(s, &path))
        .await
        .map(Some)
}

#[tauri::command(async, rename_all = "snake_case")]
fn rule_table(state: State<'_, AppState>) -> Reply<Vec<deadlines::RuleView>> {
    state.with(|s| deadlines::rule_table(s))
}

#[tauri::command(async, rename_all = "snake_case")]
fn set_rule(
    state: State<'_, AppState>,
    code: String,
    input: deadlines::RuleInput,
) -> Reply<ChangeReport> {
    state.with(|s| deadlines::set_rule(s, &code, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
fn preview_letter(
    state: State<'_, AppState>,
    id: String,
    edit: letters::LetterEdit,
    format: String,
) -> Reply<Vec<String>> {
    state.with(|s| print::letter_preview(s, &id, &edit, LetterFormat::parse(&format)?))
}

/// Writes the PDF where the user chooses, then opens it in the system viewer (to read or print). For a draft,
/// `edit` is the editor's unsaved content, saved only once the letter is known to print. `None` when the user
/// cancels the dialog (nothing saved then either).
#[tauri::command(async, rename_all = "snake_case")]
async fn export_letter(
    app: AppHandle,
    id: String,
    format: String,
    edit: Option<letters::LetterEdit>,
) -> Reply<Option<PathBuf>> {
    let format = LetterFormat::parse(&format)?;
    let key = id.clone();
    let name = blocking(app.clone(), move |s| {
        Ok(print::letter_file_name(&actions::find_letter(s, &key)?))
    })
    .await?;
    let Some(path) = files::save_file("导出意见书 PDF", &name, PDF).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        print::export_letter(s, &id, edit.as_ref(), format, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

const PDF: &[(&str, &[&str])] = &[("PDF 文件", &["pdf"])];

/// Progress of a batch print, sent as the `print-progress` event.
#[derive(Clone, serde::Serialize)]
struct PrintProgress {
    done: usize,
    all: usize,
}

/// The chosen form for each case in `cases`, one PDF (a blank form when `cases` is empty), with progress
/// events while the cases are read; then opened in the system viewer.
#[tauri::command(async, rename_all = "snake_case")]
async fn export_forms(app: AppHandle, form: String, cases: Vec<String>) -> Reply<Option<PathBuf>> {
    let name = FormName::parse(&form)?;
    let file = match cases.as_slice() {
        [] => format!("{}（空白）.pdf", name.label()),
        [one] => format!("{}（{one}）.pdf", name.label()),
        many => format!("{}（{} 件）.pdf", name.label(), many.len()),
    };
    let Some(path) = files::save_file("导出表格 PDF", &file, PDF).await else {
        return Ok(None);
    };
    let target = path.clone();
    let events = app.clone();
    blocking(app, move |s| {
        let bytes = print::form_pdf(s, &form, &cases, &mut |done, all| {
            let _ = events.emit("print-progress", PrintProgress { done, all });
        })?;
        fashen::print::write_file(&target, &bytes)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

#[tauri::command(async, rename_all = "snake_case")]
async fn export_register(app: AppHandle, year: i32) -> Reply<Option<PathBuf>> {
    let Some(path) = files::save_file(
        "导出登记台账 PDF",
        &format!("{year}年度案件登记台账.pdf"),
        PDF,
    )
    .await
    else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        let bytes = print::register_pdf(s, year)?;
        fashen::print::write_file(&target, &bytes)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

#[tauri::command(async, rename_all = "snake_case")]
fn font_rows(state: State<'_, AppState>) -> Reply<Vec<print::FontRow>> {
    state.with(|s| print::font_rows(s))
}

/// Picks an office's own font file for a role with the native dialog; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
async fn choose_font(app: AppHandle, role: String) -> Reply<Option<Vec<print::FontRow>>> {
    let filters: &[(&str, &[&str])] = &[("字体文件", &["ttf", "otf", "ttc", "TTF", "OTF", "TTC"])];
    let Some(path) = files::pick_file("选择字体文件", filters).await else {
        return Ok(None);
    };
    blocking(app, move |s| {
        print::set_font(s, &role, Some(&path.to_string_lossy()))
    })
    .await
    .map(Some)
}

#[tauri::command(async, rename_all = "snake_case")]
fn reset_font(state: State<'_, AppState>, role: String) -> Reply<Vec<print::FontRow>> {
    state.with(|s| print::set_font(s, &role, None))
}

#[tauri::command(async, rename_all = "snake_case")]
fn search_clauses(
    state: State<'_, AppState>,
    query: String,
    kind: Option<String>,
) -> Reply<Vec<fashen::model::clause::ClauseEntry>> {
    state.with(|s| {
        let kind = kind.as_deref().map(CaseKind::parse).transpose()?;
        actions::clauses::search_clauses(s, &query, kind)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn add_clause(
    state: State<'_, AppState>,
    input: actions::clauses::ClauseInput,
) -> Reply<fashen::model::clause::ClauseEntry> {
    state.with(|s| actions::clauses::add_clause(s, &input))
}
