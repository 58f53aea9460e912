//! Sync by exported file as the CLI and the desktop call it: export (full, or for a known peer from its
//! knowledge; optionally encrypted), import (decrypt, verify, apply in one transaction), inspecting a file,
//! finding a peer. The file format and merge rules are the pure `sync` module; the SQL is `store::sync`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::Store;
pub use crate::sync::types::*;
use crate::sync::{crypt, file};
pub use crate::sync::{open_bytes, open_path, Opened};

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
    crate::files::write_file(path, &bytes)?;
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
    let stamp = crate::clock::china_time(store.clock().now()).format("%Y%m%d-%H%M");
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

/// Verifies a file and returns what it says about itself, without touching the database.
pub fn inspect(path: &Path, passphrase: Option<&str>) -> Result<file::Header> {
    Ok(open_path(path, passphrase)?.file.header)
}

/// Imports a sync file: verified whole before anything is written, backed up, applied in one transaction,
/// and its receipt kept (unless it is a dry run).
pub fn import(
    store: &mut Store,
    path: &Path,
    passphrase: Option<&str>,
    opts: &ImportOptions,
) -> Result<ImportReceipt> {
    import_opened(store, open_path(path, passphrase)?, opts)
}

/// [`import`] of a file's bytes.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    passphrase: Option<&str>,
    opts: &ImportOptions,
) -> Result<ImportReceipt> {
    import_opened(store, open_bytes(bytes, passphrase)?, opts)
}

/// [`import`] of a file already read and verified (the desktop reads it before taking the database).
pub fn import_opened(
    store: &mut Store,
    opened: Opened,
    opts: &ImportOptions,
) -> Result<ImportReceipt> {
    let receipt = store.import_sync(&opened.file, &opened.sha256, opts);
    drop_in_background(opened.file);
    receipt
}

/// Frees a big file's revisions on another thread: 100 000 parsed bodies take a noticeable time to free, and
/// nobody waits for that.
fn drop_in_background(sync: file::SyncFile) {
    if sync.revisions.len() > 10_000 {
        std::thread::spawn(move || drop(sync));
    }
}

/// What the 同步 screen shows: this laptop, the laptops it knows, the last receipts and the open conflicts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SyncOverview {
    pub device_name: Option<String>,
    pub device_id: String,
    pub peers: Vec<PeerInfo>,
    pub receipts: Vec<ImportReceipt>,
    pub conflicts: Vec<ConflictInfo>,
}

/// This laptop, the laptops it knows, its last ten receipts and the open conflicts.
pub fn overview(store: &Store) -> Result<SyncOverview> {
    Ok(SyncOverview {
        device_name: store.setting("device_name")?,
        device_id: store.device_id().to_string(),
        peers: store.peers()?,
        receipts: store.sync_receipts(10)?,
        conflicts: store.conflicts()?,
    })
}

/// Every open conflict, cases first by registration number.
pub fn conflicts(store: &Store) -> Result<Vec<ConflictInfo>> {
    let mut list = store.conflicts()?;
    for c in &mut list {
        for f in &mut c.fields {
            if names_records(&f.path) {
                for shown in f.shown.iter_mut().flatten() {
                    *shown = named(store, shown)?;
                }
            }
        }
    }
    Ok(list)
}

/// A field that holds ids of units or people (送审单位, 承办人, 法律顾问, 会办单位 …): a person chooses between
/// names, not ids.
fn names_records(path: &str) -> bool {
    let key = path.rsplit('.').next().unwrap_or(path);
    key.ends_with("_id") || key.ends_with("_ids")
}

/// `shown` with each id in it replaced by the name of the unit or person it is (an id this laptop does not
/// know stays as it is).
fn named(store: &Store, shown: &str) -> Result<String> {
    let mut out = Vec::new();
    for part in shown.split(['、', ',']) {
        let name = match uuid::Uuid::parse_str(part.trim()) {
            Ok(id) => match store.get::<crate::model::Unit>(id)? {
                Some(u) => Some(u.name),
                None => store.get::<crate::model::Person>(id)?.map(|p| p.name),
            },
            Err(_) => None,
        };
        out.push(name.unwrap_or_else(|| part.to_string()));
    }
    Ok(out.join("、"))
}

/// The laptops this one has had a file from.
pub fn peers(store: &Store) -> Result<Vec<PeerInfo>> {
    store.peers()
}

/// The last `limit` imports, newest first.
/// The last `limit` imports, newest first, their times in China time.
pub fn receipts(store: &Store, limit: usize) -> Result<Vec<ImportReceipt>> {
    let mut list = store.sync_receipts(limit)?;
    for r in &mut list {
        r.at = crate::clock::china_stamp(&r.at);
    }
    Ok(list)
}

/// A record in a conflict, as every other command takes one: its full id, a case's registration number or a
/// letter's 文号, or an unambiguous id prefix of a case or letter.
fn conflict_id(store: &Store, id: &str) -> Result<uuid::Uuid> {
    if let Ok(uuid) = id.trim().parse() {
        return Ok(uuid);
    }
    if let Ok(case) = super::find_case(store, id) {
        return Ok(case.id.0);
    }
    if let Ok(letter) = super::find_letter(store, id) {
        return Ok(letter.id.0);
    }
    Err(Error::invalid(
        "记录编号",
        format!("{id} 不是有效的记录编号、登记编号或文号"),
    ))
}

/// Gives the record the next free number of its year when two laptops gave out the same 登记编号 or 文号;
/// returns the new number.
pub fn renumber(store: &mut Store, id: &str) -> Result<String> {
    let id = conflict_id(store, id)?;
    store.renumber(id)
}

/// A person's resolution of a fields or deletion conflict, recorded as their revision.
pub fn resolve(store: &mut Store, id: &str, resolution: &Resolution) -> Result<Resolved> {
    let id = conflict_id(store, id)?;
    store.resolve_conflict(id, resolution)
}

/// Which version to take, as a person says it on the command line or in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// This laptop's version.
    Mine,
    /// The other laptop's version.
    Theirs,
    /// A version by (the start of) its rev id.
    Version(String),
}

impl Take {
    /// `mine` (本机), `theirs` (对方), or a rev id.
    pub fn parse(s: &str) -> Take {
        match s.trim() {
            "mine" | "本机" => Take::Mine,
            "theirs" | "对方" => Take::Theirs,
            rev => Take::Version(rev.to_string()),
        }
    }
}

/// Resolves a conflict from words, as a person types them (the CLI's `--take` and `--set`): which version to
/// take (if any) and `字段=值` settings, where a field is named by its path or its Chinese label and a value is
/// JSON or else plain text. The desktop's resolver sends a structured [`Resolution`] to [`resolve`] instead.
pub fn resolve_with(
    store: &mut Store,
    id: &str,
    take: Option<Take>,
    settings: &[String],
) -> Result<Resolved> {
    let entity_id = conflict_id(store, id)?;
    let conflict = store
        .conflicts()?
        .into_iter()
        .find(|c| c.entity_id == entity_id && c.kind != ConflictKind::Number)
        .ok_or_else(|| Error::Refused("该记录没有待处理的同步冲突".into()))?;
    let take = match take {
        None => None,
        Some(Take::Version(rev)) => Some(rev),
        Some(side) => {
            let mine = side == Take::Mine;
            let chosen: Vec<&ConflictSide> =
                conflict.sides.iter().filter(|s| s.mine == mine).collect();
            match chosen.as_slice() {
                [one] => Some(one.rev_id.clone()),
                _ => {
                    return Err(Error::invalid(
                        "采用版本",
                        "无法确定哪一方是本机、哪一方是对方，请改为指定版本编号（见冲突列表）",
                    ))
                }
            }
        }
    };
    let mut fields = Vec::new();
    for s in settings {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| Error::invalid("冲突字段", format!("「{s}」应写成 字段=值")))?;
        let path = conflict
            .fields
            .iter()
            .find(|f| f.path == path.trim() || f.label == path.trim())
            .map(|f| f.path.clone())
            .ok_or_else(|| Error::invalid("冲突字段", format!("「{path}」不是冲突字段")))?;
        let value = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_string()));
        fields.push(FieldChoice { path, value });
    }
    store.resolve_conflict(entity_id, &Resolution { take, fields })
}
