//! This laptop: where its database and backups are, its name, and who uses it (recorded as the author of
//! every change made here).

use std::path::PathBuf;

use serde::Serialize;

use crate::error::Result;
use crate::store::{backup_dir, latest_version, BackupInfo, Store};

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
        backups: store.backups()?,
    })
}

/// Names this laptop and its user. Both are validated before either is stored.
pub fn set_identity(store: &mut Store, device_name: &str, user_name: &str) -> Result<AppInfo> {
    let device = crate::model::validate::required_text("本机名称", device_name, 30)?;
    let user = crate::model::validate::required_text("用户名", user_name, 30)?;
    store.set_device_name(&device)?;
    store.set_user_name(&user)?;
    app_info(store)
}
