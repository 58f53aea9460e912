//! Sync by exported file (DESIGN.md §5): laptops exchange `*.fashen` files of revisions and blobs. This layer is
//! pure — it knows no database:
//!
//! - [`file`] is the container (format, checksum, every revision checked against its id);
//! - [`crypt`] wraps it in `age` passphrase encryption for a USB stick;
//! - [`merge`] is the pure view of an entity with several heads (three-way field merge, conflicts);
//! - [`types`] are the receipts, peers and conflicts the store fills and the actions return.
//!
//! The SQL (union of revisions, heads, derived rows, peers, receipts) is in `store::sync`; export and import as
//! a user does them are `actions::sync`.
//!
//! An import is a union of immutable revisions, so importing twice changes nothing, files import in any order
//! with the same result, and laptops that have exchanged everything hold the same state.

pub mod crypt;
pub mod file;
pub mod merge;
pub mod types;

use std::path::Path;

use crate::error::{Error, Result};
pub use types::*;

/// Reads a file's bytes as a sync file: decrypted with the passphrase when it is encrypted, then verified.
pub fn open_bytes(bytes: &[u8], passphrase: Option<&str>) -> Result<file::SyncFile> {
    if crypt::is_encrypted(bytes) {
        let Some(p) = passphrase else {
            return Err(Error::Passphrase(
                "此文件已加密，请提供导出时设定的口令".into(),
            ));
        };
        let plain = crypt::decrypt(bytes, p)?;
        return file::read(&plain);
    }
    file::read(bytes)
}

/// A sync file's bytes, or why it cannot be read. Only a regular file is read (a pipe or a device such as
/// `/dev/zero` never ends), and only once its first bytes are a sync file's: a large file of anything else is
/// refused without being read into memory.
pub fn read_path(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Error::BadSyncFile(format!("无法读取 {}：{}", path.display(), Error::Io(e)))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::BadSyncFile(format!(
            "{} 不是普通文件，不是法审台同步文件",
            path.display()
        )));
    }
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let mut start = [0u8; 8];
    let n = f.read(&mut start).map_err(unreadable)?;
    if n < start.len() || &start != file::MAGIC {
        return Err(Error::BadSyncFile(
            "这不是法审台同步文件（.fashen），或文件开头已损坏".into(),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    bytes.extend_from_slice(&start);
    f.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}
