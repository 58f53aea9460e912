//! The one error type of the core.
//!
//! Every message is written for a clerk, in Chinese, and says what to fix. The shell maps an error to
//! `{kind, message}` with [`Error::kind`]; the CLI prints the message on one line and exits 1.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field failed validation. `field` is the Chinese label the user sees on the form.
    #[error("{field}：{reason}")]
    Invalid { field: &'static str, reason: String },

    /// A status change the transition table does not allow; the kind and statuses by their Chinese labels.
    #[error("不允许的状态变更：{kind}案件不能从「{from}」变为「{to}」")]
    IllegalTransition {
        kind: &'static str,
        from: &'static str,
        to: &'static str,
    },

    #[error("未找到{what}：{key}")]
    NotFound { what: &'static str, key: String },

    /// A number (登记编号, 文号) or name that must be unique is already taken.
    #[error("{0}")]
    Duplicate(String),

    /// The request is well-formed but the record's state forbids it (e.g. editing a signed letter).
    #[error("{0}")]
    Refused(String),

    #[error("数据库 {path} 由更新版本的法审台写入（数据版本 {found}，本程序最高支持 {supported}），请升级法审台后再打开；文件未作任何改动")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{path} 不是法审台数据库文件（{reason}）；文件未作任何改动")]
    NotADatabase { path: PathBuf, reason: String },

    #[error("数据库文件不存在：{0}；请先运行 fashen init 创建")]
    MissingDatabase(PathBuf),

    /// SQLite failed: a full disk, a read-only file, a lock held too long… said in Chinese with what to do.
    #[error("{}", storage_message(.0))]
    Storage(#[from] rusqlite::Error),

    /// The operating system refused a file operation; said in Chinese with what to do.
    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),

    /// An encrypted sync file needs its passphrase, or the one given is wrong: type it (again) and retry.
    #[error("同步文件无法使用：{0}；数据库未作任何改动")]
    Passphrase(String),

    /// The case or one of its records has a sync conflict nobody has resolved yet (冲突待处理).
    #[error("{0}")]
    ConflictOpen(String),

    /// Another window or command wrote to the database while this change was being prepared.
    #[error("{0}")]
    ConcurrentChange(String),

    /// A sync file is not one, is damaged, or comes from a newer version; nothing was read from it.
    #[error("同步文件无法使用：{0}；数据库未作任何改动")]
    BadSyncFile(String),

    /// The action would do something drastic (an import deleting most records) and needs a yes first.
    #[error("{0}")]
    NeedsConfirmation(String),

    /// A produced file could not be written where the user asked (no such folder, not a file path).
    #[error("{0}")]
    Output(String),

    /// A document could not be laid out or written (a font, a character no font has, an over-long title).
    #[error("{0}")]
    Print(String),
}

/// What kind of failure an [`Error`] is: the stable code the shells send as `kind` and the UI branches on
/// (never on message text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Invalid,
    IllegalTransition,
    NotFound,
    Duplicate,
    Refused,
    Incompatible,
    Storage,
    Io,
    Print,
    Output,
    BadSyncFile,
    Passphrase,
    ConflictOpen,
    ConcurrentChange,
    NeedsConfirmation,
}

impl ErrorKind {
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::Invalid,
        ErrorKind::IllegalTransition,
        ErrorKind::NotFound,
        ErrorKind::Duplicate,
        ErrorKind::Refused,
        ErrorKind::Incompatible,
        ErrorKind::Storage,
        ErrorKind::Io,
        ErrorKind::Print,
        ErrorKind::Output,
        ErrorKind::BadSyncFile,
        ErrorKind::Passphrase,
        ErrorKind::ConflictOpen,
        ErrorKind::ConcurrentChange,
        ErrorKind::NeedsConfirmation,
    ];

    /// The code as the wire and the CLI's JSON carry it (`not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "invalid",
            ErrorKind::IllegalTransition => "illegal_transition",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::Refused => "refused",
            ErrorKind::Incompatible => "incompatible",
            ErrorKind::Storage => "storage",
            ErrorKind::Io => "io",
            ErrorKind::Print => "print",
            ErrorKind::Output => "output",
            ErrorKind::BadSyncFile => "bad_sync_file",
            ErrorKind::Passphrase => "passphrase",
            ErrorKind::ConflictOpen => "conflict_open",
            ErrorKind::ConcurrentChange => "concurrent_change",
            ErrorKind::NeedsConfirmation => "needs_confirmation",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// SQLite's failure in words a clerk can act on. Nothing was saved: every write is one transaction.
fn storage_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(C::DiskFull) => {
            "磁盘空间已满，本次操作未保存：请清理磁盘（或把数据库移到空间充足的磁盘）后重试".into()
        }
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            "数据库正被另一个窗口或命令使用，等待超时，本次操作未保存：请稍候重试，或关闭其他正在使用该数据库的法审台".into()
        }
        Some(C::ReadOnly) => {
            "数据库文件或其所在目录是只读的，本次操作未保存：请检查文件权限，或把数据库复制到可写的目录".into()
        }
        Some(C::CannotOpen | C::PermissionDenied) => {
            format!("无法打开数据库文件（{e}）：请检查文件是否存在、是否有读写权限")
        }
        Some(C::SystemIoFailure) => {
            "读写数据库文件时磁盘出错，本次操作未保存：请检查磁盘或U盘是否已拔出、是否有坏道，然后重试".into()
        }
        Some(C::DatabaseCorrupt | C::NotADatabase) => {
            "数据库文件已损坏：请运行「fashen check」检查，并从备份恢复".into()
        }
        _ => format!("数据库操作失败（{e}）；本次操作未保存"),
    }
}

/// The operating system's failure in words a clerk can act on.
fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => "磁盘空间已满，文件未写入：请清理磁盘后重试".into(),
        K::PermissionDenied => "没有权限读写该文件或目录：请换一个位置，或检查文件权限".into(),
        K::NotFound => "文件或目录不存在：请检查路径".into(),
        K::ReadOnlyFilesystem => "该磁盘是只读的，文件未写入：请换一个可写的位置".into(),
        K::AlreadyExists => "文件已存在".into(),
        _ => format!("文件读写失败（{e}）"),
    }
}

impl Error {
    /// Stable machine-readable kind for the `{kind, message}` wire shape.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::IllegalTransition { .. } => ErrorKind::IllegalTransition,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Duplicate(_) => ErrorKind::Duplicate,
            Error::Refused(_) => ErrorKind::Refused,
            Error::NewerSchema { .. } | Error::NotADatabase { .. } | Error::MissingDatabase(_) => {
                ErrorKind::Incompatible
            }
            Error::Storage(_) => ErrorKind::Storage,
            Error::Io(_) => ErrorKind::Io,
            Error::Print(_) => ErrorKind::Print,
            Error::Output(_) => ErrorKind::Output,
            Error::BadSyncFile(_) => ErrorKind::BadSyncFile,
            Error::Passphrase(_) => ErrorKind::Passphrase,
            Error::ConflictOpen(_) => ErrorKind::ConflictOpen,
            Error::ConcurrentChange(_) => ErrorKind::ConcurrentChange,
            Error::NeedsConfirmation(_) => ErrorKind::NeedsConfirmation,
        }
    }

    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            reason: reason.into(),
        }
    }

    pub fn not_found(what: &'static str, key: impl std::fmt::Display) -> Self {
        Error::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int) -> Error {
        Error::Storage(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    /// The message of every kind of failure, with its kind: what the UI and the CLI print, word for word (the
    /// failures of the machine — a full disk, a lock, a read-only file — included). A change here is a change
    /// of what users read.
    #[test]
    fn every_kind_of_failure_reads_in_chinese_with_what_to_do() {
        use std::io::{Error as IoError, ErrorKind as K};
        let cases: Vec<(Error, ErrorKind, &str)> = vec![
            (
                sqlite(rusqlite::ffi::SQLITE_FULL),
                ErrorKind::Storage,
                "磁盘空间已满，本次操作未保存：请清理磁盘（或把数据库移到空间充足的磁盘）后重试",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_BUSY),
                ErrorKind::Storage,
                "数据库正被另一个窗口或命令使用，等待超时，本次操作未保存：请稍候重试，或关闭其他正在使用该数据库的法审台",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_READONLY),
                ErrorKind::Storage,
                "数据库文件或其所在目录是只读的，本次操作未保存：请检查文件权限，或把数据库复制到可写的目录",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_IOERR),
                ErrorKind::Storage,
                "读写数据库文件时磁盘出错，本次操作未保存：请检查磁盘或U盘是否已拔出、是否有坏道，然后重试",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_CORRUPT),
                ErrorKind::Storage,
                "数据库文件已损坏：请运行「fashen check」检查，并从备份恢复",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_CANTOPEN),
                ErrorKind::Storage,
                "无法打开数据库文件（Error code 14: unable to open database file）：请检查文件是否存在、是否有读写权限",
            ),
            (
                Error::Io(IoError::from(K::StorageFull)),
                ErrorKind::Io,
                "磁盘空间已满，文件未写入：请清理磁盘后重试",
            ),
            (
                Error::Io(IoError::from(K::PermissionDenied)),
                ErrorKind::Io,
                "没有权限读写该文件或目录：请换一个位置，或检查文件权限",
            ),
            (
                Error::Io(IoError::from(K::NotFound)),
                ErrorKind::Io,
                "文件或目录不存在：请检查路径",
            ),
            (
                Error::Io(IoError::from(K::ReadOnlyFilesystem)),
                ErrorKind::Io,
                "该磁盘是只读的，文件未写入：请换一个可写的位置",
            ),
            (
                Error::Passphrase("口令不正确（或文件已损坏）".into()),
                ErrorKind::Passphrase,
                "同步文件无法使用：口令不正确（或文件已损坏）；数据库未作任何改动",
            ),
            (
                Error::invalid("事项名称", "不能为空"),
                ErrorKind::Invalid,
                "事项名称：不能为空",
            ),
            (
                Error::not_found("案件", "2026-099"),
                ErrorKind::NotFound,
                "未找到案件：2026-099",
            ),
            (
                Error::NewerSchema {
                    path: PathBuf::from("/数据/法审台.sqlite3"),
                    found: 9,
                    supported: 5,
                },
                ErrorKind::Incompatible,
                "数据库 /数据/法审台.sqlite3 由更新版本的法审台写入（数据版本 9，本程序最高支持 5），请升级法审台后再打开；文件未作任何改动",
            ),
            (
                Error::NotADatabase {
                    path: PathBuf::from("/数据/笔记.txt"),
                    reason: "文件头不符".into(),
                },
                ErrorKind::Incompatible,
                "/数据/笔记.txt 不是法审台数据库文件（文件头不符）；文件未作任何改动",
            ),
            (
                Error::MissingDatabase(PathBuf::from("/数据/无.sqlite3")),
                ErrorKind::Incompatible,
                "数据库文件不存在：/数据/无.sqlite3；请先运行 fashen init 创建",
            ),
            (
                Error::BadSyncFile("这不是法审台同步文件".into()),
                ErrorKind::BadSyncFile,
                "同步文件无法使用：这不是法审台同步文件；数据库未作任何改动",
            ),
            (
                Error::Duplicate("登记编号 2026-001 已被使用".into()),
                ErrorKind::Duplicate,
                "登记编号 2026-001 已被使用",
            ),
            (
                Error::Refused("意见书尚无审查意见和结论，不能签发".into()),
                ErrorKind::Refused,
                "意见书尚无审查意见和结论，不能签发",
            ),
            (
                Error::Print("「𠮷」无法打印：没有字体含有此字".into()),
                ErrorKind::Print,
                "「𠮷」无法打印：没有字体含有此字",
            ),
            (
                Error::Output("目录不存在：/无此目录；未生成文件".into()),
                ErrorKind::Output,
                "目录不存在：/无此目录；未生成文件",
            ),
            (
                Error::NeedsConfirmation("此文件将删除本机 12 条记录中的 10 条".into()),
                ErrorKind::NeedsConfirmation,
                "此文件将删除本机 12 条记录中的 10 条",
            ),
            (
                Error::Io(IoError::from(K::AlreadyExists)),
                ErrorKind::Io,
                "文件已存在",
            ),
            (
                Error::Io(IoError::other("设备未就绪")),
                ErrorKind::Io,
                "文件读写失败（设备未就绪）",
            ),
            (
                sqlite(rusqlite::ffi::SQLITE_CONSTRAINT),
                ErrorKind::Storage,
                "数据库操作失败（Error code 19: constraint failed）；本次操作未保存",
            ),
            (
                Error::ConflictOpen("该记录有未处理的同步冲突（冲突待处理）".into()),
                ErrorKind::ConflictOpen,
                "该记录有未处理的同步冲突（冲突待处理）",
            ),
            (
                Error::ConcurrentChange("导入期间数据库被另一个窗口或命令改动".into()),
                ErrorKind::ConcurrentChange,
                "导入期间数据库被另一个窗口或命令改动",
            ),
            (
                Error::IllegalTransition {
                    kind: "合同",
                    from: "登记",
                    to: "已备案",
                },
                ErrorKind::IllegalTransition,
                "不允许的状态变更：合同案件不能从「登记」变为「已备案」",
            ),
        ];
        for (error, kind, message) in cases {
            assert_eq!(error.kind(), kind, "{error}");
            assert_eq!(error.to_string(), message);
            assert!(
                !error.to_string().is_ascii(),
                "a user-facing message is in Chinese"
            );
        }
    }

    /// One error of each kind: the match has no catch-all, so a new kind does not compile until it has a
    /// sample here and a pinned message above.
    fn sample(kind: ErrorKind) -> Error {
        match kind {
            ErrorKind::Invalid => Error::invalid("事项名称", "不能为空"),
            ErrorKind::IllegalTransition => Error::IllegalTransition {
                kind: "合同",
                from: "登记",
                to: "已备案",
            },
            ErrorKind::NotFound => Error::not_found("案件", "2026-099"),
            ErrorKind::Duplicate => Error::Duplicate("登记编号 2026-001 已被使用".into()),
            ErrorKind::Refused => Error::Refused("意见书尚无审查意见和结论，不能签发".into()),
            ErrorKind::Incompatible => Error::MissingDatabase(PathBuf::from("/数据/无.sqlite3")),
            ErrorKind::Storage => sqlite(rusqlite::ffi::SQLITE_FULL),
            ErrorKind::Io => Error::Io(std::io::Error::from(std::io::ErrorKind::StorageFull)),
            ErrorKind::Print => Error::Print("「𠮷」无法打印：没有字体含有此字".into()),
            ErrorKind::Output => Error::Output("目录不存在：/无此目录；未生成文件".into()),
            ErrorKind::BadSyncFile => Error::BadSyncFile("这不是法审台同步文件".into()),
            ErrorKind::Passphrase => Error::Passphrase("口令不正确（或文件已损坏）".into()),
            ErrorKind::ConflictOpen => {
                Error::ConflictOpen("该记录有未处理的同步冲突（冲突待处理）".into())
            }
            ErrorKind::ConcurrentChange => {
                Error::ConcurrentChange("导入期间数据库被另一个窗口或命令改动".into())
            }
            ErrorKind::NeedsConfirmation => {
                Error::NeedsConfirmation("此文件将删除本机 12 条记录中的 10 条".into())
            }
        }
    }

    #[test]
    fn every_kind_has_a_sample_whose_message_is_pinned() {
        for &kind in ErrorKind::ALL {
            let e = sample(kind);
            assert_eq!(e.kind(), kind);
            assert!(
                !e.to_string().is_empty() && !e.to_string().is_ascii(),
                "{kind}: {e}"
            );
        }
    }

    #[test]
    fn kinds_cross_the_wire_as_their_snake_case_codes() {
        for &kind in ErrorKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).expect("a kind serialises"),
                serde_json::Value::String(kind.as_str().to_string())
            );
        }
    }
}
