//! Sync by exported file (DESIGN.md §5): laptops exchange `*.fashen` files of revisions and blobs.
//!
//! This first step is the file itself ([`file`]) and the full export; importing (a union of revisions with
//! three-way merges and conflicts) follows.

pub mod file;

use std::path::Path;

use crate::error::Result;
use crate::store::Store;

/// What an export wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportReport {
    pub revisions: u64,
    pub blobs: u64,
    pub bytes: u64,
}

/// Writes every revision and blob of this database to `path` (`fashen sync export --full`).
pub fn export_full(store: &Store, path: &Path) -> Result<ExportReport> {
    let sync = store.sync_snapshot()?;
    let bytes = file::write(&sync)?;
    crate::print::write_file(path, &bytes)?;
    Ok(ExportReport {
        revisions: sync.revisions.len() as u64,
        blobs: sync.blobs.len() as u64,
        bytes: bytes.len() as u64,
    })
}
