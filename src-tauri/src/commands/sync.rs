//! The 同步 screen: overview, export and import through the native dialogs, conflict resolution.

use std::path::PathBuf;

use fashen::actions::sync;
use tauri::{AppHandle, Emitter};

use super::{blocking, Reply};
use crate::files;
use crate::wire::WireError;

const SYNC_FILE: &[(&str, &[&str])] = &[("法审台同步文件", &["fashen"])];

#[derive(serde::Serialize)]
pub struct Exported {
    path: PathBuf,
    report: sync::ExportReport,
}

/// Writes a sync file (for `peer`, or everything) where the user chooses; `None` when they cancel.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn sync_export(
    app: AppHandle,
    peer: Option<String>,
    passphrase: Option<String>,
) -> Reply<Option<Exported>> {
    let for_name = peer.clone();
    let name = blocking(app.clone(), move |s| {
        let to = sync::Target::for_peer(for_name.as_deref());
        sync::file_name(s, to)
    })
    .await?;
    let Some(path) = files::save_file("导出同步文件", &name, SYNC_FILE).await else {
        return Ok(None);
    };
    let target = path.clone();
    let report = blocking(app, move |s| {
        let to = sync::Target::for_peer(peer.as_deref());
        sync::export(
            s,
            to,
            passphrase.as_deref().filter(|p| !p.is_empty()),
            &target,
        )
    })
    .await?;
    Ok(Some(Exported { path, report }))
}

/// Asks for the sync file to import; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn sync_pick_file() -> Reply<Option<PathBuf>> {
    Ok(files::pick_file("选择同步文件", SYNC_FILE).await)
}

/// A stage of an import, sent as the `sync-progress` event.
#[derive(Clone, serde::Serialize)]
struct SyncProgress {
    stage: &'static str,
}

/// Imports (or with `dry_run` previews) a sync file, sending `sync-progress` as it reads, checks and merges.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn sync_import(
    app: AppHandle,
    path: PathBuf,
    passphrase: Option<String>,
    dry_run: bool,
    confirm: bool,
) -> Reply<sync::ImportReceipt> {
    let events = app.clone();
    let stage = move |stage| {
        let _ = events.emit("sync-progress", SyncProgress { stage });
    };
    stage("正在读取并校验文件…");
    let pass = passphrase.filter(|p| !p.is_empty());
    let opened =
        tauri::async_runtime::spawn_blocking(move || sync::open_path(&path, pass.as_deref()))
            .await
            .map_err(|e| WireError::io(format!("后台任务意外中止：{e}")))??;
    stage("正在合并…");
    let opts = sync::ImportOptions {
        dry_run,
        confirm_mass_delete: confirm,
    };
    let receipt = blocking(app, move |s| sync::import_opened(s, opened, &opts)).await;
    stage("");
    receipt
}
