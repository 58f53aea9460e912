//! The one error type of the core.
//!
//! Every message is written for a clerk, in Chinese, and says what to fix. The shell maps an error to
//! `{kind, message}` with [`Error::kind`]; the CLI prints the message on one line and exits 1.

use std::path::PathBuf;

use crate::model::{CaseKind, Status};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field failed validation. `field` is the Chinese label the user sees on the form.
    #[error("{field}：{reason}")]
    Invalid { field: &'static str, reason: String },

    #[error("不允许的状态变更：{}案件不能从「{}」变为「{}」", kind.label(), from.label(), to.label())]
    IllegalTransition {
        kind: CaseKind,
        from: Status,
        to: Status,
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

    #[error("数据库操作失败：{0}")]
    Storage(#[from] rusqlite::Error),

    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),

    /// A sync file is not one, is damaged, or comes from a newer version; nothing was read from it.
    #[error("同步文件无法使用：{0}；数据库未作任何改动")]
    BadSyncFile(String),

    /// The action would do something drastic (an import deleting most records) and needs a yes first.
    #[error("{0}")]
    NeedsConfirmation(String),

    /// A document could not be laid out or written (a font, a character no font has, an over-long title).
    #[error("{0}")]
    Print(String),
}

impl Error {
    /// Stable machine-readable kind for the `{kind, message}` wire shape.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::IllegalTransition { .. } => "illegal_transition",
            Error::NotFound { .. } => "not_found",
            Error::Duplicate(_) => "duplicate",
            Error::Refused(_) => "refused",
            Error::NewerSchema { .. } | Error::NotADatabase { .. } | Error::MissingDatabase(_) => {
                "incompatible"
            }
            Error::Storage(_) => "storage",
            Error::Io(_) => "io",
            Error::Print(_) => "print",
            Error::BadSyncFile(_) => "bad_sync_file",
            Error::NeedsConfirmation(_) => "needs_confirmation",
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
