//! Every command the UI may call. Most are the core's command table ([`fashen::api::call`]), reached through
//! the one command [`call`], exactly as `fashen serve` reaches it; the others ask the user for a file or open a
//! viewer, which is this shell's own work (native dialogs), and live in one file per area (`print`, `sync`…).
//! All run off the main thread (`async`), so a slow disk never freezes the window.
//!
//! The list in [`handler`] must match `COMMANDS` in `build.rs` (the permission manifest) and the capability
//! file; a test below keeps the three in step.

mod deadlines;
mod print;
mod records;
mod settings;
mod stats;
mod sync;

use std::path::PathBuf;

use fashen::Store;
use tauri::{AppHandle, Manager};

use crate::wire::WireError;

pub struct AppState {
    /// The open database, or why it could not be opened (shown by the UI instead of any screen).
    pub store: fashen::api::Database,
    /// Where attachments are written out for viewing.
    pub opened_dir: PathBuf,
    /// When `main` began, for the start-up line of [`first_screen_shown`].
    pub started: std::time::Instant,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> fashen::Result<T>) -> Reply<T> {
        self.store.with(f)
    }
}

pub type Reply<T> = Result<T, WireError>;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        call,
        records::attach_file,
        records::open_attachment,
        settings::restore_backup,
        settings::open_backup_folder,
        settings::first_screen_shown,
        deadlines::import_calendar_file,
        print::export_letter,
        print::export_forms,
        print::export_register,
        print::export_inspection_results,
        print::export_progress_sheet,
        print::export_rectification_notices,
        print::choose_font,
        stats::export_stats,
        stats::export_case_sheet,
        sync::sync_export,
        sync::sync_pick_file,
        sync::sync_import,
    ]
}

/// A command of the core's table, by name, with its named arguments; on a thread meant for blocking work, so
/// a slow query never holds up the runtime's other work.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn call(
    app: AppHandle,
    command: String,
    args: serde_json::Value,
) -> Reply<serde_json::Value> {
    blocking(app, move |s| fashen::api::call(s, &command, &args)).await
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
