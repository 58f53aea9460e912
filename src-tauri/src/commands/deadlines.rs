//! The calendar and rules screen.

use fashen::actions::deadlines::{self as deadlines, ChangeReport};
use tauri::{AppHandle, State};

use super::{blocking, AppState, Reply};
use crate::files;

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
