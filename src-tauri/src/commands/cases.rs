//! The register and the case: list, show, register, edit, advance, extend.

use fashen::actions::cases::{CaseFilter, CasePage};
use fashen::actions::{self, cases, Saved};
use fashen::model::{CaseKind, ReviewCase, Status};
use tauri::State;

use super::{AppState, Reply};

/// Field values as the form sends them: `[code, text]` pairs.
pub type Fields = Vec<(String, String)>;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> Reply<CasePage> {
    state.with(|s| cases::list_cases(s, &filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn case_view(state: State<'_, AppState>, id: String) -> Reply<cases::CaseView> {
    state.with(|s| cases::case_view(s, actions::find_case(s, &id)?))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn register_case(
    state: State<'_, AppState>,
    kind: String,
    fields: Fields,
) -> Reply<ReviewCase> {
    state.with(|s| cases::register_case(s, CaseKind::parse(&kind)?, &fields, None))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_case(
    state: State<'_, AppState>,
    id: String,
    fields: Fields,
) -> Reply<Saved<ReviewCase>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        cases::edit_case(s, id, &fields)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn advance_case(
    state: State<'_, AppState>,
    id: String,
    to: String,
    input: cases::Advance,
) -> Reply<Saved<ReviewCase>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        let to = Status::parse(&to)?;
        cases::advance_case(s, id, to, &input)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn extend_case(
    state: State<'_, AppState>,
    id: String,
    days: i64,
    reason: String,
    approver: String,
) -> Reply<Saved<fashen::model::ClockEvent>> {
    state.with(|s| {
        let id = actions::find_case(s, &id)?.id;
        cases::extend_case(s, id, days, &reason, &approver, None)
    })
}
