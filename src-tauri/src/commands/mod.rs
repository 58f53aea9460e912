//! Every command the UI may call. Each is an adapter: it takes the state and the arguments, makes one core
//! call and maps the error to [`WireError`]. Names are the core's (`register_case` here, in the core, in
//! `ui/api.js`). All run off the main thread (`async`), so a slow disk never freezes the window.
//!
//! The list in [`handler`] must match `COMMANDS` in `build.rs` (the permission manifest) and the capability
//! file; a test below keeps the three in step. The commands live in one file per area (`cases`, `letters`,
//! `sync`…); this file holds the state, the handler list and what the areas share.

mod cases;
mod deadlines;
mod letters;
mod parties;
mod print;
mod records;
mod reference;
mod settings;
mod sync;

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use fashen::Store;
use tauri::{AppHandle, Manager};

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

pub type Reply<T> = Result<T, WireError>;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        settings::app_info,
        settings::set_identity,
        settings::load_demo,
        settings::clear_demo,
        reference::vocabulary,
        reference::case_form,
        reference::dashboard,
        cases::list_cases,
        cases::case_view,
        cases::register_case,
        cases::edit_case,
        cases::advance_case,
        cases::extend_case,
        parties::list_units,
        parties::list_people,
        parties::add_unit,
        parties::add_person,
        parties::set_signer,
        letters::new_letter,
        letters::edit_letter,
        letters::sign_letter,
        letters::issue_letter,
        records::add_filing,
        records::edit_filing,
        records::attach_file,
        records::open_attachment,
        settings::make_backup,
        settings::restore_backup,
        settings::open_backup_folder,
        settings::first_screen_shown,
        deadlines::calendar_overview,
        deadlines::calendar_year,
        deadlines::save_calendar_year,
        deadlines::import_calendar_file,
        deadlines::rule_table,
        deadlines::set_rule,
        print::preview_letter,
        print::export_letter,
        print::export_forms,
        print::export_register,
        print::font_rows,
        print::choose_font,
        print::reset_font,
        letters::search_clauses,
        letters::add_clause,
        sync::sync_overview,
        sync::sync_export,
        sync::sync_pick_file,
        sync::sync_import,
        sync::resolve_conflict,
        sync::renumber_conflict,
    ]
}

/// Runs store work that reads or writes whole files on a thread meant for blocking, not on the async runtime.
pub async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&mut Store) -> fashen::Result<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().with(work))
        .await
        .map_err(|e| WireError::io(format!("后台任务意外中止：{e}")))?
}

pub fn parse_id(id: &str) -> Result<uuid::Uuid, fashen::Error> {
    id.trim()
        .parse()
        .map_err(|_| fashen::Error::not_found("记录", id.trim()))
}

#[cfg(test)]
mod tests {
    /// The handler list, the permission manifest (`build.rs`) and the capability must name the same commands,
    /// or a command is either unreachable or granted without existing.
    #[test]
    fn every_command_is_listed_once_in_handler_manifest_and_capability() {
        let src = include_str!("mod.rs");
        let start = src.find("generate_handler![").unwrap();
        let end = start + src[start..].find(']').unwrap();
        let handler: Vec<&str> = src[start + "generate_handler![".len()..end]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            // `cases::edit_case` is the command `edit_case`.
            .map(|s| s.rsplit("::").next().unwrap_or(s))
            .collect();

        let build = include_str!("../../build.rs");
        let start = build.find("COMMANDS: &[&str] = &[").unwrap();
        let end = start + build[start..].find("];").unwrap();
        let manifest: Vec<&str> = build[start..end].split('"').skip(1).step_by(2).collect();

        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
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
