//! What a screen knows before data (the vocabulary, a kind's form) and the dashboard.

use fashen::actions::{dashboard, reference};
use fashen::model::CaseKind;
use tauri::State;

use super::{AppState, Reply};

#[tauri::command(async, rename_all = "snake_case")]
pub fn vocabulary() -> reference::Vocabulary {
    reference::vocabulary()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn case_form(kind: String) -> Reply<Vec<reference::FormField>> {
    Ok(reference::case_form(CaseKind::parse(&kind)?))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn dashboard(state: State<'_, AppState>) -> Reply<dashboard::Dashboard> {
    state.with(|s| dashboard::dashboard(s))
}
