//! The statistics as the office takes them away: the workbook (`spreadsheets`), and the files a report is
//! written from. One place that knows every format, so neither the figures nor the spreadsheets know the other.

use super::stats::StatsRequest;
use crate::error::Result;
use crate::store::Store;

/// The files the statistics are saved as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsFile {
    /// The workbook: a sheet per group, each figure with its definition.
    #[default]
    Xlsx,
}

impl StatsFile {
    pub fn extension(self) -> &'static str {
        match self {
            StatsFile::Xlsx => "xlsx",
        }
    }
}

/// Saves the statistics a request asks for as `file` at `path`; returns the bytes written.
pub fn export_stats(
    store: &Store,
    req: &StatsRequest,
    file: StatsFile,
    path: &std::path::Path,
) -> Result<u64> {
    match file {
        StatsFile::Xlsx => super::spreadsheets::export_stats_xlsx(store, req, path),
    }
}

/// The name the statistics are saved under: 「2017年统计.xlsx」, 「2017年统计（区教育局）.xlsx」.
pub fn stats_file_name(store: &Store, req: &StatsRequest, extension: &str) -> Result<String> {
    let (scope, unit, advisor) = super::stats::resolve(store, req)?;
    let mut stem = format!(
        "{}统计",
        crate::model::stats::describe_period(scope.from, scope.to)
    );
    if let Some(who) = unit.or(advisor) {
        stem.push_str(&format!("（{who}）"));
    }
    Ok(format!("{stem}.{extension}"))
}
