//! Sync by exported file (DESIGN.md §5): laptops exchange `*.fashen` files of revisions and blobs.
//!
//! - [`file`] is the container (format, checksum, every revision checked against its id);
//! - [`crypt`] wraps it in `age` passphrase encryption for a USB stick;
//! - [`merge`] is the pure view of an entity with several heads (three-way field merge, conflicts);
//! - the SQL (union of revisions, heads, derived rows, peers, receipts) is in `store::sync`.
//!
//! An import is a union of immutable revisions, so importing twice changes nothing, files import in any order
//! with the same result, and laptops that have exchanged everything hold the same state.

pub mod crypt;
pub mod file;
pub mod merge;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::revision::EntityKind;
use crate::store::Store;

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub revisions: u64,
    pub blobs: u64,
    pub bytes: u64,
    pub encrypted: bool,
    /// The peer it was written for, or `None` for a full export.
    pub for_name: Option<String>,
}

/// Whom an export is for.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Everything this laptop has.
    Full,
    /// What a known peer (by device id, its start, or its name) may lack.
    Peer(&'a str),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Work out the receipt, then roll everything back.
    pub dry_run: bool,
    /// Apply a file that deletes most records (asked for once the first attempt was refused).
    pub confirm_mass_delete: bool,
}

/// What an import did (or, for a dry run, would do). Kept in the audit log and shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReceipt {
    pub at: String,
    /// SHA-256 of the file as carried (encrypted or not).
    pub file_hash: String,
    pub sender: String,
    pub sender_name: String,
    /// The sender's clock when it wrote the file.
    pub created: String,
    pub full: bool,
    pub new_revisions: u64,
    pub known_revisions: u64,
    pub new_blobs: u64,
    pub known_blobs: u64,
    /// Records whose content the import changed (or brought).
    pub records_changed: u64,
    /// Records the import deleted (a deletion made on the other laptop).
    pub records_deleted: u64,
    /// Conflicts this import created (fields, deletions, numbers).
    pub conflicts_created: u64,
    /// Conflicts open after it, all told.
    pub conflicts_open: u64,
    /// Records sharing a registration number or 文号 with another.
    pub collisions: u64,
    pub warnings: Vec<String>,
    pub dry_run: bool,
    /// For a dry run: why the real import will ask for a confirmation (it deletes most records).
    #[serde(default)]
    pub needs_confirmation: Option<String>,
    /// The backup taken before it.
    pub backup: Option<String>,
    #[serde(default)]
    pub deadlines_moved: u64,
}

impl ImportReceipt {
    /// One line for the audit log and the CLI.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}来自「{}」的同步文件：新修订 {} 条，已有 {} 条；新附件 {} 个；更新记录 {} 条，删除 {} 条；新冲突 {} 个，待处理冲突共 {} 个",
            if self.dry_run { "预览" } else { "导入" },
            self.sender_name,
            self.new_revisions,
            self.known_revisions,
            self.new_blobs,
            self.records_changed,
            self.records_deleted,
            self.conflicts_created,
            self.conflicts_open
        );
        if self.collisions > 0 {
            s.push_str(&format!("（其中编号重复 {} 条）", self.collisions));
        }
        s
    }
}

/// A laptop this one has had files from, and what it had when it wrote its last one.
#[derive(Debug, Clone, Serialize)]
pub struct PeerInfo {
    pub device_id: DeviceId,
    pub name: String,
    /// Per device, the newest HLC of the revisions it had.
    pub knowledge: BTreeMap<String, String>,
    /// Its clock when it wrote the last file imported here.
    pub last_file_at: String,
    /// When that file was imported here (RFC 3339).
    pub last_import: String,
    pub files: u64,
    /// Revisions this laptop has that it did not have then (what an export for it carries, besides the
    /// built-in data).
    pub lacking: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// The same field changed differently on two laptops.
    Fields,
    /// One laptop deleted the record, another changed it.
    Delete,
    /// Two records given the same registration number or 文号 on different laptops.
    Number,
}

/// One version of a record in conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictSide {
    pub rev_id: String,
    /// Made on this laptop.
    pub mine: bool,
    /// The laptop's name as this one knows it.
    pub device: String,
    pub author: String,
    pub at: String,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldConflictInfo {
    pub path: String,
    pub label: String,
    /// Each side's value, in the order of [`ConflictInfo::sides`].
    pub values: Vec<Value>,
    /// The same, as a person reads them.
    pub shown: Vec<Option<String>>,
}

/// An open conflict, as the Sync screen and `fashen sync conflicts` show it. The first side is the provisional
/// winner, whose values the record shows until a person decides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictInfo {
    pub entity_id: Uuid,
    pub entity: EntityKind,
    pub entity_label: String,
    pub case_id: Option<Uuid>,
    pub kind: ConflictKind,
    pub title: String,
    /// For a number conflict: the number both records carry.
    pub number: Option<String>,
    pub sides: Vec<ConflictSide>,
    pub fields: Vec<FieldConflictInfo>,
}

/// The revision a resolution wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    pub rev_id: String,
    /// The person chose the deletion.
    pub deleted: bool,
}

/// One field's decided value.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldChoice {
    pub path: String,
    pub value: Value,
}

/// A person's decision on a fields or deletion conflict: a whole version to take (by rev id or its first
/// characters), values per field, or both (the fields override the version).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Resolution {
    pub take: Option<String>,
    pub fields: Vec<FieldChoice>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes a sync file for `target`, encrypted when a passphrase is given.
pub fn export(
    store: &Store,
    target: Target<'_>,
    passphrase: Option<&str>,
    path: &Path,
) -> Result<ExportReport> {
    let peer = match target {
        Target::Full => None,
        Target::Peer(who) => Some(find_peer(store, who)?),
    };
    let sync = store.sync_set(peer.as_ref())?;
    let mut bytes = file::write(&sync)?;
    if let Some(p) = passphrase {
        bytes = crypt::encrypt(&bytes, p)?;
    }
    crate::print::write_file(path, &bytes)?;
    let (revisions, blobs) = (sync.revisions.len() as u64, sync.blobs.len() as u64);
    drop_in_background(sync);
    Ok(ExportReport {
        revisions,
        blobs,
        bytes: bytes.len() as u64,
        encrypted: passphrase.is_some(),
        for_name: peer.map(|p| p.name),
    })
}

/// The name a sync file is offered under: the laptop, whom it is for, and the time, China time
/// (法审台同步-科室笔记本-给顾问笔记本-20261125-1430.fashen), so the right file is picked off a USB stick.
pub fn file_name(store: &Store, target: Target<'_>) -> Result<String> {
    let me = store
        .setting("device_name")?
        .unwrap_or_else(|| "本机".into());
    let cst =
        chrono::FixedOffset::east_opt(8 * 3600).ok_or_else(|| Error::Refused("时区无效".into()))?;
    let stamp = store
        .clock()
        .now()
        .with_timezone(&cst)
        .format("%Y%m%d-%H%M");
    let to = match target {
        Target::Full => "完整".to_string(),
        Target::Peer(who) => format!("给{}", find_peer(store, who)?.name),
    };
    // A name typed by a person may hold characters a file name cannot.
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
            .collect()
    };
    Ok(format!(
        "法审台同步-{}-{}-{stamp}.fashen",
        safe(&me),
        safe(&to)
    ))
}

/// Writes every revision and blob of this database to `path`.
pub fn export_full(store: &Store, path: &Path) -> Result<ExportReport> {
    export(store, Target::Full, None, path)
}

/// A known peer by device id (or its first characters) or name.
pub fn find_peer(store: &Store, who: &str) -> Result<PeerInfo> {
    let who = who.trim();
    let peers = store.peers()?;
    let matches: Vec<&PeerInfo> = peers
        .iter()
        .filter(|p| p.name == who || (who.len() >= 4 && p.device_id.to_string().starts_with(who)))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::Refused(format!(
            "还没有从「{who}」导入过同步文件，不知道对方已有哪些数据；请改为完整导出（--full），对方导入后再按对方导出"
        ))),
        _ => Err(Error::Refused(format!(
            "有多台电脑叫「{who}」，请用设备编号指定（fashen sync peers 可查看）"
        ))),
    }
}

/// Reads a file's bytes as a sync file: decrypted with the passphrase when it is encrypted, then verified.
pub fn open_bytes(bytes: &[u8], passphrase: Option<&str>) -> Result<file::SyncFile> {
    if crypt::is_encrypted(bytes) {
        let Some(p) = passphrase else {
            return Err(Error::BadSyncFile(
                "此文件已加密，请提供导出时设定的口令".into(),
            ));
        };
        let plain = crypt::decrypt(bytes, p)?;
        return file::read(&plain);
    }
    file::read(bytes)
}

/// A sync file's bytes, or why it cannot be read.
pub fn read_path(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::BadSyncFile(format!("无法读取 {}：{e}", path.display())))
}

/// Verifies a file and returns what it says about itself, without touching the database.
pub fn inspect(path: &Path, passphrase: Option<&str>) -> Result<file::Header> {
    Ok(open_bytes(&read_path(path)?, passphrase)?.header)
}

/// Imports a sync file: verified whole before anything is written, backed up, applied in one transaction,
/// and its receipt kept (unless it is a dry run).
pub fn import(
    store: &mut Store,
    path: &Path,
    passphrase: Option<&str>,
    opts: &ImportOptions,
) -> Result<ImportReceipt> {
    import_bytes(store, &read_path(path)?, passphrase, opts)
}

/// [`import`] of a file's bytes.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    passphrase: Option<&str>,
    opts: &ImportOptions,
) -> Result<ImportReceipt> {
    let hash = sha256_hex(bytes);
    let sync = open_bytes(bytes, passphrase)?;
    let receipt = store.import_sync(&sync, &hash, opts);
    drop_in_background(sync);
    receipt
}

/// Frees a big file's revisions on another thread: 100 000 parsed bodies take a noticeable time to free, and
/// nobody waits for that.
fn drop_in_background(sync: file::SyncFile) {
    if sync.revisions.len() > 10_000 {
        std::thread::spawn(move || drop(sync));
    }
}
