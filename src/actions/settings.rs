//! This laptop: where its database and backups are, its name, and who uses it (recorded as the author of
//! every change made here).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::{backup_dir, latest_version, BackupInfo, OpenMode, Store};

#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub db_path: PathBuf,
    pub backup_dir: PathBuf,
    pub device_id: String,
    pub device_name: Option<String>,
    pub user_name: Option<String>,
    pub schema_version: i64,
    pub case_count: u64,
    /// The database holds no unit, person or case yet: the first start offers the demo data.
    pub is_empty: bool,
    /// Demo records are still here: 设置 offers 清除演示数据.
    pub has_demo: bool,
    pub backups: Vec<BackupInfo>,
}

pub fn app_info(store: &Store) -> Result<AppInfo> {
    let case_count = store.case_count()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        db_path: store.path().to_path_buf(),
        backup_dir: backup_dir(store.path()),
        device_id: store.device_id().to_string(),
        device_name: store.setting("device_name")?,
        user_name: store.setting("user_name")?,
        schema_version: latest_version(),
        case_count,
        is_empty: case_count == 0 && store.revision_count()? == 0,
        has_demo: store.has_demo_data()?,
        backups: store.backups()?,
    })
}

/// Names this laptop and its user. Both are validated before either is stored.
pub fn set_identity(store: &mut Store, device_name: &str, user_name: &str) -> Result<AppInfo> {
    name_laptop(store, Some(device_name), Some(user_name))
}

/// Opens (or, with [`OpenMode::CreateIfMissing`], creates) the database at `path`; the CLI and the desktop
/// start here.
pub fn open_database(path: &Path, mode: OpenMode, clock: Arc<dyn Clock>) -> Result<Store> {
    Store::open(path, mode, clock)
}

/// The default database of this user: `FASHEN_DB`'s place is decided by the caller; this is the OS app-data
/// folder's `cn.fashen.app/fashen.sqlite3`.
pub fn default_database_path() -> PathBuf {
    crate::store::default_db_path()
}

/// Records the following changes of this session as `name`'s (`--as`, `FASHEN_USER`), validated like a user
/// name: no control characters, at most 30 characters.
pub fn act_as(store: &mut Store, name: &str) -> Result<()> {
    let name = crate::model::validate::required_text("操作人", name, 30)?;
    if name == crate::store::DEMO_AUTHOR {
        return Err(Error::invalid(
            "操作人",
            format!("「{name}」是演示数据的标记，请填写操作人的姓名"),
        ));
    }
    store.set_author(&name);
    Ok(())
}

/// `fashen init`: names this laptop and/or its user, each validated, leaving the other as it is.
pub fn name_laptop(
    store: &mut Store,
    device_name: Option<&str>,
    user_name: Option<&str>,
) -> Result<AppInfo> {
    let device = device_name
        .map(|n| crate::model::validate::required_text("本机名称", n, 30))
        .transpose()?;
    let user = user_name
        .map(|n| crate::model::validate::required_text("用户名", n, 30))
        .transpose()?;
    if let Some(d) = device {
        store.set_device_name(&d)?;
    }
    if let Some(u) = user {
        store.set_user_name(&u)?;
    }
    app_info(store)
}
