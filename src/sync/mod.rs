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

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
pub use types::*;

/// A verified sync file, and the SHA-256 of the bytes it was read from (what a receipt names, and how a
/// file imported before is recognised).
pub struct Opened {
    pub file: file::SyncFile,
    pub sha256: String,
}

/// Reads bytes held in memory as a sync file: decrypted with the passphrase when it is encrypted, then
/// verified.
pub fn open_bytes(bytes: &[u8], passphrase: Option<&str>) -> Result<Opened> {
    open_reader(bytes, bytes.len() as u64, passphrase)
}

/// Reads a file as a sync file, streamed: decrypted with the passphrase when it is encrypted, then verified
/// (see [`file::read_from`]). Only a regular file is read (a pipe or a device such as `/dev/zero` never
/// ends), and memory never holds more than the file's real records: a large file of anything else is
/// refused after its first bytes.
pub fn open_path(path: &Path, passphrase: Option<&str>) -> Result<Opened> {
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
    let f = std::fs::File::open(path).map_err(unreadable)?;
    open_reader(
        std::io::BufReader::with_capacity(1 << 20, f),
        meta.len(),
        passphrase,
    )
}

/// A reader that hashes every byte read through it.
struct Hashing<R> {
    inner: R,
    sha: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        Ok(n)
    }
}

fn open_reader(reader: impl Read, size: u64, passphrase: Option<&str>) -> Result<Opened> {
    let mut raw = Hashing {
        inner: reader,
        sha: Sha256::new(),
    };
    // The first bytes tell a plain file from an encrypted one; they are read once and put back in front.
    let mut sniff = Vec::with_capacity(crypt::SNIFF_LEN);
    (&mut raw)
        .take(crypt::SNIFF_LEN as u64)
        .read_to_end(&mut sniff)
        .map_err(|e| Error::BadSyncFile(format!("无法读取文件：{}", Error::Io(e))))?;
    let whole = std::io::Cursor::new(&sniff).chain(&mut raw);
    let file = if crypt::is_encrypted(&sniff) {
        let Some(p) = passphrase else {
            return Err(Error::Passphrase(
                "此文件已加密，请提供导出时设定的口令".into(),
            ));
        };
        file::read_from(crypt::decrypting(whole, p)?, size)?
    } else {
        file::read_from(whole, size)?
    };
    // Every byte is part of what was verified (a plain file checks its own end; an encrypted one ends
    // with its last authenticated chunk), so the hash is of the whole file.
    if raw.read(&mut [0u8; 1]).unwrap_or(1) != 0 {
        return Err(Error::BadSyncFile("文件结尾有多余内容".into()));
    }
    Ok(Opened {
        file,
        sha256: hex::encode(raw.sha.finalize()),
    })
}
