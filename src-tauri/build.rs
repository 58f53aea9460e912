//! Builds the Tauri context and the permission manifest: each app command gets an `allow-<name>` permission,
//! and the UI may call only the commands its capability (`capabilities/default.json`) grants.

const COMMANDS: &[&str] = &[
    "app_info",
    "set_identity",
    "load_demo",
    "vocabulary",
    "case_form",
    "dashboard",
    "list_cases",
    "case_view",
    "register_case",
    "edit_case",
    "advance_case",
    "extend_case",
    "list_units",
    "list_people",
    "add_unit",
    "add_person",
    "new_letter",
    "edit_letter",
    "sign_letter",
    "issue_letter",
    "add_filing",
    "edit_filing",
    "attach_file",
    "open_attachment",
    "make_backup",
    "restore_backup",
    "open_backup_folder",
    "first_screen_shown",
    "calendar_overview",
    "calendar_year",
    "save_calendar_year",
    "import_calendar_file",
    "rule_table",
    "set_rule",
    "preview_letter",
    "export_letter",
    "export_forms",
    "export_register",
    "font_rows",
    "choose_font",
    "reset_font",
    "search_clauses",
    "add_clause",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri configuration, icons and capabilities are valid");
}
