//! Units and people.

use fashen::actions::parties;
use fashen::model::{Person, Unit};
use tauri::State;

use super::{AppState, Reply};

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_units(state: State<'_, AppState>) -> Reply<Vec<Unit>> {
    state.with(|s| parties::list_units(s))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_people(state: State<'_, AppState>) -> Reply<Vec<Person>> {
    state.with(|s| parties::list_people(s))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_unit(state: State<'_, AppState>, input: parties::NewUnit) -> Reply<Unit> {
    state.with(|s| parties::add_unit(s, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_person(state: State<'_, AppState>, input: parties::NewPerson) -> Reply<Person> {
    state.with(|s| parties::add_person(s, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_signer(state: State<'_, AppState>, id: String, signs: bool) -> Reply<Person> {
    state.with(|s| parties::set_signer(s, &id, signs))
}
