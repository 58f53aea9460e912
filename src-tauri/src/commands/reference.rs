//! What a screen knows before data (the vocabulary, a kind's form) and the dashboard.

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
