//! Units and people.

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
