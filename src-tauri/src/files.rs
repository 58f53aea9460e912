//! Files the user picks or opens: native dialogs (rfd, on GTK) and the system viewer.
//!
//! The end-to-end tests cannot click inside a GTK dialog reliably, so two environment variables stand in for
//! the person at the keyboard: `FASHEN_TEST_PICK` is the file "picked" in any open dialog, and
//! `FASHEN_TEST_OPENED` is a log file that receives the path of every file "opened" instead of launching a
//! viewer. Neither is set in normal use.

use std::path::{Path, PathBuf};

use crate::wire::WireError;

/// Where attachments are written out for viewing: beside the database, never inside the app's install.
pub fn opened_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("opened")
}

/// Asks the user for an existing file; `None` when they cancel.
pub async fn pick_file(title: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FASHEN_TEST_PICK") {
        return Some(PathBuf::from(path));
    }
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    dialog.pick_file().await.map(|f| f.path().to_path_buf())
}

/// Asks the user where to save a new file, suggesting `name`; `None` when they cancel. In the end-to-end
/// tests `FASHEN_TEST_SAVE_DIR` stands in: the file is "saved" there under the suggested name.
pub async fn save_file(title: &str, name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FASHEN_TEST_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(name));
    }
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(name);
    if let Some(docs) = dirs_documents() {
        dialog = dialog.set_directory(docs);
    }
    for (label, extensions) in filters {
        dialog = dialog.add_filter(*label, extensions);
    }
    dialog.save_file().await.map(|f| f.path().to_path_buf())
}

/// The user's documents folder, where an office keeps its papers.
fn dirs_documents() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| h.join("Documents"))
        .filter(|d| d.is_dir())
}

/// Opens a file or folder in the system's viewer.
pub fn open_in_viewer(path: &Path) -> Result<(), WireError> {
    if let Some(logged) = fashen::api::opened_for_tests(path) {
        return logged.map_err(|e| WireError::io(format!("无法记录打开的文件：{e}")));
    }
    open::that_detached(path).map_err(|e| {
        WireError::io(format!(
            "无法用系统程序打开 {}：{e}。文件已保存在该位置，可手动打开。",
            path.display()
        ))
    })
}
