//! Looking after the database: backups (make, list, restore), the consistency check, and the audit log.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::store::{backup_dir, Store};
pub use crate::store::{AuditEntry, BackupInfo, CheckReport};

/// A backup by `VACUUM INTO` into `out`, or into the backup folder with rotation (10 kept).
pub fn backup(store: &mut Store, out: Option<&Path>) -> Result<BackupInfo> {
    store.backup(out)
}

/// Restores a backup after checking it is a Fashen database; the current data is backed up first.
pub fn restore(store: &mut Store, from: &Path) -> Result<BackupInfo> {
    store.restore(from)
}

/// This database's backup folder, made if it is missing (for opening it in the file manager).
pub fn backup_folder(store: &Store) -> Result<PathBuf> {
    let dir = backup_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Every consistency check `fashen check` runs.
pub fn check(store: &Store) -> Result<CheckReport> {
    store.check()
}

/// The last `limit` entries of the audit log, newest first, as a person reads them: the time in China time
/// and the operation by its Chinese name.
pub fn audit_log(store: &Store, limit: usize) -> Result<Vec<AuditEntry>> {
    let mut log = store.audit_log(limit)?;
    for a in &mut log {
        a.at = crate::clock::china_stamp(&a.at);
        a.action = crate::model::labels::action_label(&a.action);
    }
    Ok(log)
}
