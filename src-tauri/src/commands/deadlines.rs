//! The calendar and rules screen.

use std::path::PathBuf;

use fashen::actions::deadlines::{self as deadlines, ChangeReport};
use fashen::actions::{
    self, cases, clauses, dashboard, letters, maintenance, parties, print, records, reference,
    settings, Saved,
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

use super::{blocking, parse_id, AppState, Reply};
use crate::files;
use crate::wire::WireError;

#[tauri::command(async, rename_all = "snake_case")]
pub fn calendar_overview(state: State<'_, AppState>) -> Reply<deadlines::CalendarOverview> {
    state.with(|s| deadlines::calendar_overview(s))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn calendar_year(state: State<'_, AppState>, year: i32) -> Reply<deadlines::YearView> {
    state.with(|s| deadlines::calendar_year(s, year))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_calendar_year(
    state: State<'_, AppState>,
    input: deadlines::YearInput,
) -> Reply<ChangeReport> {
    state.with(|s| deadlines::save_calendar_year(s, &input))
}

/// Picks a calendar file with the native dialog and imports it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn import_calendar_file(app: AppHandle) -> Reply<Option<ChangeReport>> {
    let Some(path) = files::pick_file("选择日历文件", &[("日历文件", &["json"])]).await
    else {
        return Ok(None);
    };
    blocking(app, move |s| deadlines::import_calendar_path(s, &path))
        .await
        .map(Some)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rule_table(state: State<'_, AppState>) -> Reply<Vec<deadlines::RuleView>> {
    state.with(|s| deadlines::rule_table(s))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_rule(
    state: State<'_, AppState>,
    code: String,
    input: deadlines::RuleInput,
) -> Reply<ChangeReport> {
    state.with(|s| deadlines::set_rule(s, &code, &input))
}
