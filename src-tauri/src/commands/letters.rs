//! Opinion letters (draft, edit, sign, issue) and the clause library the editor picks findings from.

use fashen::actions::{self, letters};
use fashen::model::{CaseKind, OpinionLetter};
use tauri::State;

use super::{AppState, Reply};

#[tauri::command(async, rename_all = "snake_case")]
pub fn new_letter(state: State<'_, AppState>, case_id: String) -> Reply<OpinionLetter> {
    state.with(|s| {
        let case = actions::find_case(s, &case_id)?;
        letters::new_letter(s, &case, None, None, &letters::LetterEdit::default())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_letter(
    state: State<'_, AppState>,
    id: String,
    edit: letters::LetterEdit,
) -> Reply<OpinionLetter> {
    state.with(|s| letters::edit_letter(s, actions::find_letter(s, &id)?.id, &edit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_letter(state: State<'_, AppState>, id: String) -> Reply<OpinionLetter> {
    state.with(|s| letters::sign_letter(s, actions::find_letter(s, &id)?.id, None, None, None))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn issue_letter(state: State<'_, AppState>, id: String) -> Reply<OpinionLetter> {
    state.with(|s| letters::issue_letter(s, actions::find_letter(s, &id)?.id, None))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_clauses(
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
pub fn add_clause(
    state: State<'_, AppState>,
    input: actions::clauses::ClauseInput,
) -> Reply<fashen::model::clause::ClauseEntry> {
    state.with(|s| actions::clauses::add_clause(s, &input))
}
