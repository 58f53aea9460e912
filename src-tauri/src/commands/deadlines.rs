//! The calendar and rules screen.

use fashen::actions::deadlines::{self as deadlines, ChangeReport};
use tauri::AppHandle;

use super::{blocking, Reply};
use crate::files;

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
