//! Filings and attachments.

use fashen::actions::{self, records};
use fashen::ids::AttachmentId;
use tauri::{AppHandle, State};

use super::{blocking, AppState, Reply};
use crate::files;

/// Picks a file with the native dialog and attaches it; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn attach_file(
    app: AppHandle,
    case_id: String,
    label: Option<String>,
) -> Reply<Option<records::AttachmentView>> {
    let Some(path) = files::pick_file("选择要添加的附件", &[]).await else {
        return Ok(None);
    };
    blocking(app, move |s| {
        let case = actions::find_case(s, &case_id)?;
        records::attach_path(s, case.id, &path, label.as_deref())
    })
    .await
    .map(Some)
}

/// Writes the attachment out and opens it in the system viewer — or, for a kind of file that could run
/// something, opens only the folder it is in.
#[tauri::command(async, rename_all = "snake_case")]
pub fn open_attachment(
    state: State<'_, AppState>,
    id: String,
) -> Reply<records::ExportedAttachment> {
    let exported = state.with(|s| {
        records::export_attachment(
            s,
            AttachmentId(fashen::api::parse_id(&id)?),
            &state.opened_dir,
        )
    })?;
    match exported.path.parent() {
        Some(folder) if !exported.viewable => files::open_in_viewer(folder)?,
        _ => files::open_in_viewer(&exported.path)?,
    }
    Ok(exported)
}
