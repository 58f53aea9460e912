//! The store: one SQLite database per laptop, opened with the pragmas a legal record needs.
//!
//! Invariants:
//! - every mutation runs inside [`Store::write`] (`BEGIN IMMEDIATE`), which records each entity change as an
//!   immutable revision, updates the derived row the queries read, and writes one audit row, all in that one
//!   transaction;
//! - SQL lives only in this module's files; parameters are always bound;
//! - a database from a newer schema, or a file that is not ours, is refused before anything is written to it.

/// Runs `$f::<Type>(args)` for the record type of an entity kind — the store's expansion of the registry of
/// record kinds (`revision::record_kinds!`).
macro_rules! by_kind {
    ($kind:expr, $f:ident ( $($arg:expr),* )) => {
        $crate::revision::record_kinds!(by_kind_arms, $kind, $f, ($($arg),*))
    };
}

macro_rules! by_kind_arms {
    (($kind:expr, $f:ident, $args:tt) $($variant:ident => $code:literal, $label:literal, $($ty:ident)::+;)*) => {
        match $kind {
            $($crate::revision::EntityKind::$variant => $f::<$crate::model::$($ty)::+> $args,)*
        }
    };
}

mod backup;
mod blob_text;
mod calendar;
mod cases;
mod check;
mod choices;
mod clauses;
mod deadlines;
mod demo;
mod digest;
mod letters;
mod migrations;
mod parties;
mod records;
mod revisions;
mod search;
mod seed;
mod stats;
mod sync;
mod tasks;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::revision::{EntityKind, Hlc, Op, Revision};

pub use backup::{backup_dir, BackupInfo};
pub use cases::{CaseFilter, CasePage, CaseRow, CaseSort, FigureFilter, StatusCount};
pub use check::CheckReport;
pub use deadlines::{DeadlineMove, DeadlineQuery, DeadlineRow};
pub use demo::{DemoCleared, DEMO_AUTHOR};
pub use digest::content_digest;
pub use migrations::latest_version;
pub use search::{indexing_time, sizes_with_and_without_search, Found, GroupHit, Hit};
pub use stats::{ClosedReview, MonthCount, NamedCounts, StatsScope};

/// An entity stored as revisions, with the row it derives in its table.
pub trait Record: Serialize + DeserializeOwned + Send {
    const ENTITY: EntityKind;
    const TABLE: &'static str;
    /// Query columns besides `id`, `rev_id` and `body`, in the order of [`Record::values`].
    const COLUMNS: &'static [&'static str];
    fn uuid(&self) -> Uuid;
    fn values(&self) -> Vec<rusqlite::types::Value>;
    /// The case whose deadlines depend on this record, if any: a change to it recomputes them.
    fn case_id(&self) -> Option<Uuid> {
        None
    }
    /// The record's own rules (what a form would refuse), for content that did not come through a form: a
    /// person's resolution of a sync conflict, every record a sync file brings.
    fn check_rules(&self) -> Result<()> {
        Ok(())
    }
    /// The other records this one names (a case's unit and people, a letter's case): each must exist, here or
    /// in the same sync file, as the forms that pick them from lists guarantee for a local write.
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
    /// Where the record's text is searched (`None`: it is not): a section of its own group, or of its case's.
    const SEARCHED: Option<crate::search::Section> = None;
    /// The group the record's text is found under: the record itself, or its case.
    fn search_group(&self) -> Uuid {
        self.uuid()
    }
    /// The record's searchable text, each part with its rank and place.
    fn search_parts(&self, _out: &mut search::Parts) {}
}

/// A record named by another: of what kind, which, and what the naming field is called (`送审单位`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub kind: EntityKind,
    pub id: Uuid,
    pub what: &'static str,
    /// For a reference to a case: the kinds of case it may name (empty: any). A hearing is a lawsuit's, a
    /// filing a normative document's — as the write path requires, so must a sync import and `check`.
    pub case_kinds: &'static [crate::model::CaseKind],
    /// For a reference to a record on a case: the case it must be on (a progress report is on its task's plan).
    pub on_case: Option<Uuid>,
}

impl Reference {
    pub fn to(kind: EntityKind, id: Uuid, what: &'static str) -> Reference {
        Reference {
            kind,
            id,
            what,
            case_kinds: &[],
            on_case: None,
        }
    }

    /// A reference to a record that must be on the case `case` (its `case_id`).
    pub fn on_case(kind: EntityKind, id: Uuid, what: &'static str, case: Uuid) -> Reference {
        Reference {
            on_case: Some(case),
            ..Reference::to(kind, id, what)
        }
    }

    /// A reference to a case of one of `kinds`.
    pub fn to_case_of(id: Uuid, kinds: &'static [crate::model::CaseKind]) -> Reference {
        Reference {
            case_kinds: kinds,
            ..Reference::to(EntityKind::Case, id, "案件")
        }
    }
}

/// Where the database lives when neither `--db` nor `FASHEN_DB` says: the OS app-data folder, the same one the
/// desktop app uses (Tauri's `app_data_dir` for the identifier below).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join("fashen.sqlite3")
}

/// The desktop app's bundle identifier; its app-data folder holds the database.
pub const APP_IDENTIFIER: &str = "cn.fashen.app";

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    device_id: DeviceId,
    author: String,
    /// Inside [`Store::batch`]: writes are savepoints of the batch's one transaction.
    in_batch: bool,
}

/// How [`Store::open`] treats a path with no file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the database if it does not exist.
    CreateIfMissing,
    /// Refuse a missing file (so a mistyped `--db` does not silently start an empty register).
    MustExist,
}

impl Store {
    /// Opens (and if allowed creates) the database, refuses foreign or newer files untouched, backs up and migrates
    /// an older one, and makes sure this database has its device id.
    pub fn open(path: &Path, mode: OpenMode, clock: Arc<dyn Clock>) -> Result<Store> {
        let exists = path.exists();
        // An empty file is no database yet: only `init` (or the desktop's first start) makes it one, never a
        // command that was meant to read a register.
        let empty = exists && std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
        if (!exists || empty) && mode == OpenMode::MustExist {
            return Err(Error::MissingDatabase(path.to_path_buf()));
        }
        if exists {
            check_header(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read-only checks first: a refused file must not even be switched to WAL.
        let version = match user_version(&conn) {
            // A database in a folder this user cannot write (a shared drive, a CD, another user's folder):
            // its WAL index cannot be made, so it is opened read-only, as a register to read. Every write is
            // then refused with its own message (the file or folder is read-only), never "not a database".
            Err(e) if exists && is_read_only(&e) => {
                conn = open_read_only(path)?;
                user_version(&conn).map_err(|e| not_ours(path, e))?
            }
            v => v.map_err(|e| not_ours(path, e))?,
        };
        // Also true of a write-protected file, which SQLite opens read-only by itself.
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        let latest = migrations::latest_version();
        if read_only && version != latest {
            return Err(Error::Refused(format!(
                "数据库 {} 是只读的（文件或其所在目录不可写），{}：请把它复制到可写的目录后再打开",
                path.display(),
                if version == 0 {
                    "无法在其中新建数据库"
                } else {
                    "而它需要先升级到本版本的格式"
                }
            )));
        }
        if version > latest {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: latest,
            });
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| not_ours(path, e))?;
            if tables > 0 {
                return Err(Error::NotADatabase {
                    path: path.to_path_buf(),
                    reason: "其中已有其他程序的数据".into(),
                });
            }
        }
        if version == 0 {
            // A new database: 16 KB pages. A sync import into an empty laptop writes 400 MB at 100 000 records;
            // with SQLite's default 4 KB pages that is four times as many pages to split, spill and copy at the
            // checkpoint (first import 7.0 s → 5.6 s). Register queries measured the same or faster, a single
            // case's page 0.2 ms slower. (Fixed once tables exist: an older database keeps its 4 KB.)
            conn.execute_batch("PRAGMA page_size = 16384")?;
        }
        let journal: String = if read_only {
            conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?
        } else {
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?
        };
        if !journal.eq_ignore_ascii_case("wal") && !read_only {
            return Err(Error::Refused(format!(
                "无法为数据库启用 WAL 日志模式（当前：{journal}）"
            )));
        }
        // A 64 MB page cache and in-memory temporary files keep a large write (a sync import of 100 000
        // revisions) from spilling pages to disk before its commit.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
        )?;
        // Plans fixed at prepare time. Without this SQLite 3.54 prepares `WHERE x = ?1 ORDER BY …` again at
        // every new binding (the cached statement is marked expired), which was a tenth of a 100 000-record
        // import. Nothing here relies on value-dependent plans: no LIKE prefix can use an index (LIKE is
        // case-insensitive and the columns binary) and there are no sqlite_stat tables.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        search::register_functions(&conn)?;

        if version > 0 && version < latest {
            backup::before_migration(&conn, path, version, clock.as_ref())?;
        }
        for (i, sql) in migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(version as usize)
        {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }

        let device_id = if read_only {
            meta_get(&conn, "device_id")?
                .and_then(|id| id.parse().ok())
                .ok_or_else(|| {
                    Error::Refused("数据库中的本机标识已损坏，请运行 fashen check".to_string())
                })?
        } else {
            ensure_device(&mut conn, clock.as_ref())?
        };
        let author = meta_get(&conn, "user_name")?.unwrap_or_else(default_author);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clock,
            device_id,
            author,
            in_batch: false,
        };
        // A read-only register is read with the reference data it has.
        if !read_only {
            store.seed_reference_data()?;
            // A new or upgraded database, or an index this build writes differently: built from the rows.
            if !search::is_current(&store.conn)? {
                let tx = store
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                search::rebuild(&tx)?;
                tx.commit()?;
            }
            // Attachments stored before this build's text extraction (or by an older one) get their text, one
            // blob at a time (an attachment may be 200 MB), each with its cases' search sections in the same
            // commit.
            for sha in blob_text::stale(&store.conn)? {
                let Some(bytes) = store.blob(&sha)? else {
                    continue;
                };
                blob_text::mark_started(&mut store.conn, &sha)?;
                let text = crate::search::extract::extract(&bytes);
                let tx = store
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                blob_text::save(&tx, &sha, &text)?;
                search::refresh_attachments(&tx, std::slice::from_ref(&sha))?;
                tx.commit()?;
            }
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    /// Who the following writes are recorded as (for this session only; see [`Store::set_user_name`]).
    pub fn set_author(&mut self, author: &str) {
        self.author = author.trim().to_string();
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A setting of this laptop (`device_name`, `user_name`).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        meta_get(&self.conn, key)
    }

    /// Stores this laptop's user name (recorded as author from now on).
    pub fn set_user_name(&mut self, name: &str) -> Result<()> {
        let name = crate::model::validate::required_text("用户名", name, 30)?;
        if name == DEMO_AUTHOR {
            return Err(Error::invalid(
                "用户名",
                format!("「{DEMO_AUTHOR}」是演示数据的标记，请填写您的姓名"),
            ));
        }
        self.set_setting("user_name", &name)?;
        self.author = name;
        Ok(())
    }

    pub fn set_device_name(&mut self, name: &str) -> Result<()> {
        let name = crate::model::validate::required_text("本机名称", name, 30)?;
        self.set_setting("device_name", &name)
    }

    pub(crate) fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(&format!("settings.{key}"), |tx| {
            meta_set(tx.conn(), key, value)?;
            tx.note(&format!("设置 {key} = {value}"));
            Ok(())
        })
        .map(|w| w.value)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction; its revisions, the derived rows, the hybrid logical clock and
    /// one audit row (`action`) commit together or not at all.
    pub fn write<T>(
        &mut self,
        action: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<Written<T>> {
        self.transact(action, true, f)
    }

    /// Runs several writes as one: all of them are kept, or — on an error, a kill or a full disk — none. The
    /// batch is one `BEGIN IMMEDIATE` transaction and each write in it a savepoint, so every write keeps its
    /// own revisions, audit row and deadline refresh. (Loading the demo: seventeen units and forty cases, or
    /// nothing.)
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.in_batch {
            return f(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.in_batch = true;
        let out = f(self);
        self.in_batch = false;
        let ended = match &out {
            Ok(_) => self.conn.execute_batch("COMMIT"),
            Err(_) => self.conn.execute_batch("ROLLBACK"),
        };
        if let Err(e) = ended {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        out
    }

    /// [`Store::write`], or with `commit` false a rehearsal: everything is done, then rolled back (a sync
    /// import's dry run).
    fn transact<T>(
        &mut self,
        action: &str,
        commit: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<Written<T>> {
        let tx = if self.in_batch {
            Held::InBatch(self.conn.savepoint()?)
        } else {
            Held::Own(
                self.conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?,
            )
        };
        let hlc = meta_get(&tx, "last_hlc")?
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        let mut w = Tx {
            tx,
            device_id: self.device_id,
            author: self.author.clone(),
            clock: self.clock.as_ref(),
            hlc,
            messages: Vec::new(),
            revisions: 0,
            touched_cases: BTreeSet::new(),
            reference_changed: false,
            deferred_indexes: Vec::new(),
            search_touched: BTreeSet::new(),
            search_prepared: std::collections::HashMap::new(),
        };
        let out = f(&mut w)?;
        let Tx {
            tx,
            hlc,
            messages,
            revisions,
            author,
            touched_cases,
            reference_changed,
            deferred_indexes,
            search_touched,
            search_prepared,
            ..
        } = w;
        let indexing = std::time::Instant::now();
        search::refresh(&tx, &search_touched, search_prepared)?;
        search::count_time(indexing.elapsed());
        meta_set(&tx, "last_hlc", &hlc.to_string())?;
        let summary: String = messages.join("；").chars().take(2000).collect();
        let at = self.clock.now().to_rfc3339();
        let scope = if reference_changed {
            deadlines::Scope::All
        } else {
            deadlines::Scope::Cases(&touched_cases)
        };
        let moves = deadlines::refresh(&tx, scope, &summary, &at)?;
        for (_, sql) in &deferred_indexes {
            tx.execute_batch(sql)?;
        }
        tx.execute(
            "INSERT INTO audit (at, device_id, author, action, summary, revisions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![at, self.device_id.to_string(), author, action, summary, revisions],
        )?;
        if commit {
            tx.commit()?;
        }
        Ok(Written {
            value: out,
            // A rehearsal moved nothing.
            moves: if commit { moves } else { Vec::new() },
        })
    }

    /// Reads one record by id from its derived table.
    pub fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        get_record(&self.conn, id)
    }

    /// Every record of a kind, in the table's natural order.
    pub fn all<R: Record>(&self) -> Result<Vec<R>> {
        all_records(&self.conn)
    }

    /// The newest audit rows, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, device_id, author, action, summary, revisions FROM audit ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                device_id: r.get(1)?,
                author: r.get(2)?,
                action: r.get(3)?,
                summary: r.get(4)?,
                revisions: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// One row of the local audit log: an operation on this laptop.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub device_id: String,
    pub author: String,
    pub action: String,
    pub summary: String,
    pub revisions: i64,
}

/// What a committed [`Store::write`] did: the closure's own result and every deadline the change moved (a
/// deadline never moves silently: the CLI prints these and the desktop shows them).
#[derive(Debug, Clone)]
pub struct Written<T> {
    pub value: T,
    pub moves: Vec<DeadlineMove>,
}

/// A write transaction. Entity changes go through [`Tx::put`] and [`Tx::delete`] so none escapes the log.
/// The SQLite transaction a write holds: its own `BEGIN IMMEDIATE`, or inside [`Store::batch`] a savepoint of
/// the batch's transaction (released into it, committed with it). Dropped uncommitted, either rolls back.
enum Held<'a> {
    Own(rusqlite::Transaction<'a>),
    InBatch(rusqlite::Savepoint<'a>),
}

impl std::ops::Deref for Held<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Held::Own(t) => t,
            Held::InBatch(s) => s,
        }
    }
}

impl Held<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Held::Own(t) => t.commit(),
            Held::InBatch(s) => s.commit(),
        }
    }
}

pub struct Tx<'a> {
    tx: Held<'a>,
    device_id: DeviceId,
    author: String,
    clock: &'a dyn Clock,
    hlc: Hlc,
    messages: Vec<String>,
    revisions: i64,
    /// Cases whose deadlines this write may change.
    touched_cases: BTreeSet<Uuid>,
    /// A rule or a calendar year changed: every case's deadlines are recomputed.
    reference_changed: bool,
    /// Indexes dropped for a bulk write ([`Tx::defer_indexes`]) with their tables, created again before the
    /// commit at the latest.
    deferred_indexes: Vec<(String, String)>,
    /// The search index's sections this write changes, brought in step before the commit.
    search_touched: BTreeSet<search::SectionKey>,
    /// Their parts, where a bulk write already has them.
    search_prepared: std::collections::HashMap<search::SectionKey, search::Parts>,
}

impl Tx<'_> {
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Drops the secondary indexes of `tables` until just before the commit, when they are built again from
    /// the finished rows: for a write of tens of thousands of rows, sorting once is several times faster than
    /// inserting each row into every index. Only indexes nothing in the write looks rows up by may be deferred
    /// (a lookup without its index would scan the table). A rollback brings them back with everything else.
    pub(crate) fn defer_indexes(&mut self, tables: &[&str]) -> Result<()> {
        let mut stmt = self.tx.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1",
        )?;
        let mut found = Vec::new();
        for t in tables {
            let rows = stmt.query_map([t], |r| {
                Ok((
                    t.to_string(),
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                ))
            })?;
            found.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        drop(stmt);
        for (table, name, sql) in found {
            self.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            self.deferred_indexes.push((table, sql));
        }
        Ok(())
    }

    /// Builds the deferred indexes of `table` now, once its rows are written, for what the write still reads by
    /// them.
    pub(crate) fn build_deferred_indexes(&mut self, table: &str) -> Result<()> {
        let (now, later) = std::mem::take(&mut self.deferred_indexes)
            .into_iter()
            .partition(|(t, _)| t == table);
        self.deferred_indexes = later;
        for (_, sql) in now {
            self.tx.execute_batch(&sql)?;
        }
        Ok(())
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    /// Adds a line to this write's audit summary without a revision.
    pub fn note(&mut self, message: &str) {
        self.messages.push(message.to_string());
    }

    fn next_hlc(&mut self) -> Hlc {
        self.hlc = self.hlc.tick(self.clock.now().timestamp_millis());
        self.hlc
    }

    /// Appends one revision of an entity on top of its current heads and makes it the head.
    fn record_revision(
        &mut self,
        entity: EntityKind,
        id: Uuid,
        op: Op,
        message: &str,
        body: serde_json::Value,
    ) -> Result<Revision> {
        let parents = self.parents_for_change(id)?;
        if op == Op::Delete && parents.is_empty() {
            return Err(Error::not_found(entity.label(), id));
        }
        let hlc = self.next_hlc();
        let rev = Revision::new(
            entity,
            id,
            parents,
            self.device_id,
            hlc,
            &self.author,
            op,
            message,
            body,
        );
        revisions::insert(&self.tx, &rev, None)?;
        revisions::set_head(&self.tx, &rev)?;
        self.messages.push(message.to_string());
        self.revisions += 1;
        Ok(rev)
    }

    /// Records a new revision of `record` (its full snapshot) and updates its derived row.
    pub fn put<R: Record>(&mut self, record: &R, message: &str) -> Result<Revision> {
        let body = serde_json::to_value(record)
            .map_err(|e| Error::Refused(format!("无法序列化记录：{e}")))?;
        let rev = self.record_revision(R::ENTITY, record.uuid(), Op::Put, message, body)?;
        project(&self.tx, record, &rev.rev_id)?;
        self.touch(record);
        if revisions::heads(&self.tx, record.uuid())?.len() > 1 {
            // Still in conflict with another laptop's version: the row shows the merge again.
            self.rederive(record.uuid())?;
        }
        Ok(rev)
    }

    /// Records a tombstone for the record and removes its derived row.
    pub fn delete<R: Record>(&mut self, id: Uuid, message: &str) -> Result<Revision> {
        if let Some(old) = self.get::<R>(id)? {
            self.touch(&old);
        }
        let rev =
            self.record_revision(R::ENTITY, id, Op::Delete, message, serde_json::Value::Null)?;
        self.tx.execute(
            &format!("DELETE FROM {} WHERE id = ?1", R::TABLE),
            [id.to_string()],
        )?;
        if revisions::heads(&self.tx, id)?.len() > 1 {
            self.rederive(id)?;
        }
        Ok(rev)
    }

    pub fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        get_record(&self.tx, id)
    }

    /// Recomputes every case's deadlines at the end of this write (a new version of the engine).
    pub(crate) fn recompute_all_deadlines(&mut self) {
        self.reference_changed = true;
    }

    /// Notes what a change to `record` makes stale: its case's deadlines, or (a rule, a calendar year) all.
    fn touch<R: Record>(&mut self, record: &R) {
        if let Some(c) = record.case_id() {
            self.touched_cases.insert(c);
        }
        if let Some(key) = search::key_of(record) {
            // Parts an import prepared earlier in this write no longer say what the row says.
            self.search_prepared.remove(&key);
            self.search_touched.insert(key);
        }
        if matches!(
            R::ENTITY,
            EntityKind::CalendarYear | EntityKind::DeadlineRule
        ) {
            self.reference_changed = true;
        }
    }
}

/// Writes the derived row of a record (insert or replace).
fn project<R: Record>(conn: &Connection, record: &R, rev_id: &str) -> Result<()> {
    insert_row(conn, &project_sql::<R>(true), row_values(record, rev_id)?)
}

/// The statement a `R` row is written with: `replace` for a row that may exist. A plain `INSERT` of a record
/// new to this laptop is a single-row write, which SQLite does without a statement journal (with `OR REPLACE`
/// it copied every page the row touched first: a third of a 100 000-record import's row writes).
fn project_sql<R: Record>(replace: bool) -> String {
    let cols: Vec<&str> = ["id", "rev_id", "body"]
        .iter()
        .chain(R::COLUMNS)
        .copied()
        .collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT {}INTO {} ({}) VALUES ({})",
        if replace { "OR REPLACE " } else { "" },
        R::TABLE,
        cols.join(", "),
        marks.join(", ")
    )
}

/// The values of a record's derived row, in the order of [`project_sql`]. Needs no connection: a sync import
/// computes them on every core before it takes the write lock.
fn row_values<R: Record>(record: &R, rev_id: &str) -> Result<Vec<rusqlite::types::Value>> {
    let body = serde_json::to_string(record)
        .map_err(|e| Error::Refused(format!("无法序列化记录：{e}")))?;
    let mut values = vec![
        rusqlite::types::Value::Text(record.uuid().to_string()),
        rusqlite::types::Value::Text(rev_id.to_string()),
        rusqlite::types::Value::Text(body),
    ];
    values.extend(record.values());
    Ok(values)
}

fn insert_row(conn: &Connection, sql: &str, values: Vec<rusqlite::types::Value>) -> Result<()> {
    conn.prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

fn decode<R: Record>(body: &str) -> Result<R> {
    serde_json::from_str(body).map_err(|e| {
        Error::Refused(format!(
            "{}记录无法读取（{e}），请运行 fashen check",
            R::ENTITY.label()
        ))
    })
}

fn get_record<R: Record>(conn: &Connection, id: Uuid) -> Result<Option<R>> {
    let body: Option<String> = conn
        .prepare_cached(&format!("SELECT body FROM {} WHERE id = ?1", R::TABLE))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    body.map(|b| decode(&b)).transpose()
}

fn all_records<R: Record>(conn: &Connection) -> Result<Vec<R>> {
    let mut stmt = conn.prepare(&format!("SELECT body FROM {} ORDER BY rowid", R::TABLE))?;
    let bodies = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    crate::par::map(&bodies, 2_000, |_, b| decode(b))
        .into_iter()
        .collect()
}

fn records_where<R: Record>(conn: &Connection, column: &str, value: &str) -> Result<Vec<R>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT body FROM {} WHERE {column} = ?1 ORDER BY rowid",
        R::TABLE
    ))?;
    let bodies = stmt
        .query_map([value], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    bodies.iter().map(|b| decode(b)).collect()
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut header = [0u8; 16];
    let n = f.read(&mut header)?;
    if n == 0 {
        return Ok(()); // an empty file is an empty database to SQLite
    }
    if n < 16 || &header != SQLITE_MAGIC {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
            reason: "文件头不是 SQLite 数据库".into(),
        });
    }
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn is_read_only(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)
}

/// Opens a database only for reading. Where its folder cannot be written and no WAL index exists, SQLite can
/// read it only as immutable (taken as unchanging, without locks): no one without write access to the folder
/// can change it, but its owner could while this laptop reads, and a read might then see a half-written
/// state. A reading command is short; a write here is refused anyway.
fn open_read_only(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags as F;
    let flags = F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_URI | F::SQLITE_OPEN_NO_MUTEX;
    let abs = std::path::absolute(path)?;
    // The path as a URI: the characters a URI gives meaning to are escaped.
    let mut uri = String::from("file:");
    for c in abs.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    let conn = Connection::open_with_flags(format!("{uri}?mode=ro"), flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if user_version(&conn).is_ok() {
        return Ok(conn);
    }
    let conn = Connection::open_with_flags(format!("{uri}?immutable=1"), flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn not_ours(path: &Path, e: rusqlite::Error) -> Error {
    Error::NotADatabase {
        path: path.to_path_buf(),
        reason: format!("无法读取：{e}"),
    }
}

fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The device id is created once, with the database, and never changes.
fn ensure_device(conn: &mut Connection, clock: &dyn Clock) -> Result<DeviceId> {
    if let Some(id) = meta_get(conn, "device_id")? {
        return id.parse().map_err(|_| {
            Error::Refused("数据库中的本机标识已损坏，请运行 fashen check".to_string())
        });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = DeviceId::new(clock);
    meta_set(&tx, "device_id", &id.to_string())?;
    meta_set(&tx, "created_at", &clock.now().to_rfc3339())?;
    tx.commit()?;
    Ok(id)
}

fn default_author() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "未署名".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    use cases::table_of;

    fn entity_of<R: Record>() -> EntityKind {
        R::ENTITY
    }

    /// Every line of the registry of record kinds (`revision::record_kinds!`) names a type whose record says
    /// it is that kind, whose table exists in a new database, and whose code is what serde writes: a new
    /// register added with a wrong line, or without its table, fails here rather than at a user's import.
    #[test]
    fn every_registered_record_kind_has_its_type_and_table() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let store = Store::open(
            &dir.path().join("kinds.sqlite3"),
            OpenMode::CreateIfMissing,
            Arc::new(crate::clock::SystemClock),
        )
        .expect("a new database");
        for &kind in EntityKind::ALL {
            assert_eq!(
                by_kind!(kind, entity_of()),
                kind,
                "the type registered for {kind:?}"
            );
            let table = by_kind!(kind, table_of());
            let found: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .expect("sqlite_master");
            assert_eq!(found, 1, "the table {table} of {kind:?}");
            assert_eq!(
                serde_json::to_value(kind).expect("a kind serialises"),
                serde_json::Value::String(kind.code().to_string()),
                "the stored code of {kind:?} is the one serde writes"
            );
            assert_eq!(kind.code().parse::<EntityKind>(), Ok(kind));
        }
    }
}
