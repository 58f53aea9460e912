//! This laptop: its identity, the demo data, backups and the start-up timing line.

use std::path::PathBuf;

use fashen::actions::maintenance;
use fashen::actions::maintenance::BackupInfo;
use tauri::{AppHandle, State};

use super::{blocking, AppState, Reply};
use crate::files;

/// Picks a backup with the native dialog and restores it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn restore_backup(app: AppHandle) -> Reply<Option<BackupInfo>> {
    let Some(path) = files::pick_file("选择要恢复的备份", &[("法审台备份", &["sqlite3"])]).await
    else {
        return Ok(None);
    };
    blocking(app, move |s| maintenance::restore(s, &path))
        .await
        .map(Some)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn open_backup_folder(state: State<'_, AppState>) -> Reply<PathBuf> {
    let dir = state.with(|s| maintenance::backup_folder(s))?;
    files::open_in_viewer(&dir)?;
    Ok(dir)
}

/// The UI calls this once, when its first screen shows data. The line it prints lets
/// `scripts/measure-desktop.sh` time a cold start from outside the process.
#[tauri::command(async, rename_all = "snake_case")]
pub fn first_screen_shown(state: State<'_, AppState>) {
    eprintln!(
        "fashen: first screen shown {} ms after main()",
        state.started.elapsed().as_millis()
    );
}
