//! Builds the Tauri context and the permission manifest: each app command gets an `allow-<name>` permission,
//! and the UI may call only the commands its capability (`capabilities/default.json`) grants.

const COMMANDS: &[&str] = &[
    "call",
    "attach_file",
    "open_attachment",
    "restore_backup",
    "open_backup_folder",
    "first_screen_shown",
    "import_calendar_file",
    "export_letter",
    "export_forms",
    "export_register",
    "export_inspection_results",
    "export_progress_sheet",
    "export_rectification_notices",
    "choose_font",
    "export_stats",
    "export_case_sheet",
    "sync_export",
    "sync_pick_file",
    "sync_import",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri configuration, icons and capabilities are valid");
}
