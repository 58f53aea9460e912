//! Backups with `VACUUM INTO` (never by copying the live file), rotation, and restore through the backup API.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{check_header, migrations, Store};
use crate::clock::Clock;
use crate::error::{Error, Result};

/// How many automatic backups are kept in the default folder; older ones are removed.
pub const KEEP_BACKUPS: usize = 10;

/// What a restore keeps from this laptop rather than taking from the backup. (`last_hlc` becomes the later of
/// the two.)
const KEPT_ON_RESTORE: &[&str] = &["device_id", "device_name", "user_name"];

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub bytes: u64,
    /// Older automatic backups removed by rotation.
    pub removed: Vec<PathBuf>,
}

/// The folder beside the database where automatic backups go.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

fn stamped_path(dir: &Path, prefix: &str, clock: &dyn Clock) -> PathBuf {
    let stamp = clock.now().format("%Y%m%d-%H%M%S");
    let mut p = dir.join(format!("{prefix}-{stamp}.sqlite3"));
    let mut n = 1;
    while p.exists() {
        n += 1;
        p = dir.join(format!("{prefix}-{stamp}-{n}.sqlite3"));
    }
    p
}

/// Copies the database to `out`, whole or not at all: the copy is made under a `.part` name, flushed to disk and
/// only then given its name, so a full disk or a killed process never leaves a partial file that looks like a
/// backup (and counts among the ten kept).
fn vacuum_into(conn: &Connection, out: &Path) -> Result<u64> {
    if out.exists() {
        return Err(Error::Refused(format!(
            "备份文件 {} 已存在，请换一个文件名",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let part = part_path(out);
    let target = part
        .to_str()
        .ok_or_else(|| Error::invalid("备份位置", "路径含有无法识别的字符"))?;
    // A copy to this very name that was killed earlier.
    let _ = std::fs::remove_file(&part);
    let copied = conn
        .execute("VACUUM INTO ?1", [target])
        .map_err(Error::from)
        // (A write handle: Windows flushes only those.)
        .and_then(|_| {
            let f = std::fs::OpenOptions::new().write(true).open(&part)?;
            Ok(f.sync_all()?)
        })
        .and_then(|_| Ok(std::fs::rename(&part, out)?));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    Ok(std::fs::metadata(out)?.len())
}

fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Taken automatically before a migration changes an existing database.
pub(super) fn before_migration(
    conn: &Connection,
    db: &Path,
    version: i64,
    clock: &dyn Clock,
) -> Result<PathBuf> {
    let out = stamped_path(&backup_dir(db), &format!("fashen-before-v{version}"), clock);
    vacuum_into(conn, &out)?;
    Ok(out)
}

impl Store {
    /// Writes a consistent copy of the database. Without `out` it goes to the backups folder beside the
    /// database, and only the newest [`KEEP_BACKUPS`] automatic backups there are kept.
    pub fn backup(&mut self, out: Option<&Path>) -> Result<BackupInfo> {
        let (path, rotate) = match out {
            Some(p) => (p.to_path_buf(), false),
            None => (
                stamped_path(&backup_dir(&self.path), "fashen", self.clock()),
                true,
            ),
        };
        let bytes = vacuum_into(self.conn(), &path)?;
        let removed = if rotate {
            rotate_backups(
                &backup_dir(&self.path),
                "fashen-",
                self.clock().now().into(),
            )?
        } else {
            Vec::new()
        };
        let msg = format!("备份到 {}", path.display());
        self.write("backup", |tx| {
            tx.note(&msg);
            Ok(())
        })?;
        Ok(BackupInfo {
            path,
            bytes,
            removed,
        })
    }

    /// An automatic backup that writes nothing to the database itself (the action it precedes names it in its
    /// own audit row), so a refused action after it still leaves the database exactly as it was.
    pub(super) fn backup_before(&self, what: &str) -> Result<PathBuf> {
        let prefix = format!("fashen-before-{what}");
        let path = stamped_path(&backup_dir(&self.path), &prefix, self.clock());
        vacuum_into(self.conn(), &path)?;
        rotate_backups(
            &backup_dir(&self.path),
            &format!("{prefix}-"),
            self.clock().now().into(),
        )?;
        Ok(path)
    }

    /// Replaces this database's content with a backup's, after checking the backup and taking a safety backup
    /// of the current state; the store is then reopened (and migrated if the backup is older). A refused
    /// restore leaves the database as it was.
    ///
    /// The data comes from the backup, but this laptop stays itself: its device id, names and logical clock
    /// are kept, so a colleague's backup restored here does not make two laptops one in the revision log, and
    /// the clock never runs backwards.
    pub fn restore(&mut self, from: &Path) -> Result<BackupInfo> {
        validate_backup(from)?;
        // Named apart from the automatic backups, so rotation can never remove the file being restored.
        let safety = stamped_path(
            &backup_dir(&self.path),
            "fashen-before-restore",
            self.clock(),
        );
        vacuum_into(self.conn(), &safety)?;
        let kept: Vec<(&str, Option<String>)> = KEPT_ON_RESTORE
            .iter()
            .map(|&k| Ok((k, super::meta_get(&self.conn, k)?)))
            .collect::<Result<_>>()?;
        let our_hlc = super::meta_get(&self.conn, "last_hlc")?;
        let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // A backup may have another page size than this database (4 KB from before new databases had 16 KB);
        // SQLite copies across page sizes only outside WAL mode; WAL comes back right after.
        self.conn
            .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        let copied = rusqlite::backup::Backup::new(&source, &mut self.conn)
            .and_then(|b| b.run_to_completion(256, std::time::Duration::ZERO, None));
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        copied?;
        drop(source);
        {
            let tx = self.conn.transaction()?;
            let restored_hlc = super::meta_get(&tx, "last_hlc")?;
            for (key, value) in &kept {
                match value {
                    Some(v) => super::meta_set(&tx, key, v)?,
                    None => {
                        tx.execute("DELETE FROM meta WHERE key = ?1", [key])?;
                    }
                }
            }
            let latest = [restored_hlc, our_hlc]
                .into_iter()
                .flatten()
                .filter_map(|h| h.parse::<crate::revision::Hlc>().ok())
                .max();
            if let Some(h) = latest {
                super::meta_set(&tx, "last_hlc", &h.to_string())?;
            }
            tx.commit()?;
        }
        *self = Store::open(&self.path, super::OpenMode::MustExist, self.clock.clone())?;
        // Safety copies rotate like every other kind, but never the file just restored (undoing a restore
        // restores the copy it took).
        let removed = rotate_backups_except(
            &backup_dir(&self.path),
            "fashen-before-restore-",
            Some(from),
            self.clock().now().into(),
        )?;
        let msg = format!(
            "从 {} 恢复（恢复前的数据已备份到 {}）",
            from.display(),
            safety.display()
        );
        self.write("restore", |tx| {
            tx.note(&msg);
            Ok(())
        })?;
        let bytes = std::fs::metadata(from)?.len();
        Ok(BackupInfo {
            path: from.to_path_buf(),
            bytes,
            removed,
        })
    }

    /// The backups in the folder beside the database, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let dir = backup_dir(&self.path);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut found: Vec<BackupInfo> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "sqlite3"))
            .filter_map(|e| {
                Some(BackupInfo {
                    bytes: e.metadata().ok()?.len(),
                    path: e.path(),
                    removed: Vec::new(),
                })
            })
            .collect();
        // Automatic, pre-migration and pre-restore backups have different prefixes; the file time orders them all.
        let modified = |b: &BackupInfo| std::fs::metadata(&b.path).and_then(|m| m.modified()).ok();
        found.sort_by(|a, b| {
            modified(b)
                .cmp(&modified(a))
                .then_with(|| b.path.cmp(&a.path))
        });
        Ok(found)
    }
}

/// A backup is restorable when it is an intact Fashen database this build can read.
fn validate_backup(from: &Path) -> Result<()> {
    if !from.is_file() {
        return Err(Error::not_found("备份文件", from.display()));
    }
    check_header(from)?;
    let conn =
        Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
            Error::NotADatabase {
                path: from.to_path_buf(),
                reason: e.to_string(),
            }
        })?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| Error::NotADatabase {
            path: from.to_path_buf(),
            reason: e.to_string(),
        })?;
    if version == 0 {
        return Err(Error::NotADatabase {
            path: from.to_path_buf(),
            reason: "不是法审台的备份".into(),
        });
    }
    if version > migrations::latest_version() {
        return Err(Error::NewerSchema {
            path: from.to_path_buf(),
            found: version,
            supported: migrations::latest_version(),
        });
    }
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(Error::Refused(format!("备份文件已损坏（{ok}），未恢复")));
    }
    Ok(())
}

/// Keeps the newest [`KEEP_BACKUPS`] automatic backups named `{prefix}{timestamp}…`.
fn rotate_backups(dir: &Path, prefix: &str, now: std::time::SystemTime) -> Result<Vec<PathBuf>> {
    rotate_backups_except(dir, prefix, None, now)
}

/// How old a `.part` copy must be to count as left by a killed process rather than one still being written.
const STALE_PART: std::time::Duration = std::time::Duration::from_secs(3600);

/// [`rotate_backups`], never removing `keep`; also removes this kind's partial copies that a killed process
/// left more than an hour ago.
fn rotate_backups_except(
    dir: &Path,
    prefix: &str,
    keep: Option<&Path>,
    now: std::time::SystemTime,
) -> Result<Vec<PathBuf>> {
    let keep = keep.and_then(|k| k.canonicalize().ok());
    let ours = |p: &Path, suffix: &str| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            // Timestamped automatic backups of this kind only.
            n.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                && n.ends_with(suffix)
        })
    };
    let files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for part in files.iter().filter(|p| ours(p, ".sqlite3.part")) {
        let age = std::fs::metadata(part)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        if age.is_some_and(|a| a > STALE_PART) {
            let _ = std::fs::remove_file(part);
        }
    }
    let mut auto: Vec<&PathBuf> = files.iter().filter(|p| ours(p, ".sqlite3")).collect();
    auto.sort();
    let excess = auto.len().saturating_sub(KEEP_BACKUPS);
    let removed: Vec<PathBuf> = auto
        .into_iter()
        .take(excess)
        .filter(|p| keep.is_none() || p.canonicalize().ok() != keep)
        .cloned()
        .collect();
    for p in &removed {
        std::fs::remove_file(p)?;
    }
    Ok(removed)
}
