//! The shapes sync speaks in, shared by the store (which fills them) and the actions (which return them):
//! export and import options and reports, the import receipt, known peers, conflicts and their resolution.
//! Plain data; no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::ids::DeviceId;
use crate::revision::EntityKind;

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

impl<'a> Target<'a> {
    /// For `peer` when one is named, else everything.
    pub fn for_peer(peer: Option<&'a str>) -> Self {
        peer.map_or(Target::Full, Target::Peer)
    }
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
    /// What changed, in a clerk's words, one line per kind of record: 修改案件 1 件：2026-039 中小学校车接送服务
    /// 合同（事项名称）.
    #[serde(default)]
    pub changes: Vec<String>,
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
