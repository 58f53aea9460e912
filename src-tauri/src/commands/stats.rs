//! The statistics saved where the user chooses (the workbook, the 统计表 as PDF or OFD, the report's draft as
//! Word), and any filtered list of cases as a spreadsheet; each then opened in the program the system has for
//! it.

use std::path::PathBuf;

use fashen::actions::cases::CaseFilter;
use fashen::actions::report::{self, StatsFile};
use fashen::actions::spreadsheets::{self, SheetType};
use fashen::actions::stats::StatsRequest;
use tauri::AppHandle;

use super::{blocking, Reply};
use crate::files;

const XLSX: &[(&str, &[&str])] = &[("Excel 工作簿", &["xlsx"])];
const CSV: &[(&str, &[&str])] = &[("CSV 文件（UTF-8）", &["csv"])];
const PDF: &[(&str, &[&str])] = &[("PDF 文件", &["pdf"])];
const OFD: &[(&str, &[&str])] = &[("OFD 版式文档", &["ofd"])];
const DOCX: &[(&str, &[&str])] = &[("Word 文档", &["docx"])];

/// The statistics of a period as `file` (the workbook unless told); `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_stats(
    app: AppHandle,
    request: StatsRequest,
    file: Option<StatsFile>,
) -> Reply<Option<PathBuf>> {
    let file = file.unwrap_or_default();
    let req = request.clone();
    let name = blocking(app.clone(), move |s| report::stats_file_name(s, &req, file)).await?;
    let (title, filter) = match file {
        StatsFile::Xlsx => ("导出统计表 Excel", XLSX),
        StatsFile::Pdf => ("导出统计表 PDF", PDF),
        StatsFile::Ofd => ("导出统计表 OFD", OFD),
        StatsFile::Docx => ("导出年度报告初稿 Word 文档", DOCX),
    };
    let Some(path) = files::save_file(title, &name, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        report::export_stats(s, &request, file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

/// Every case a register filter selects (not only its page) as a workbook or CSV; `None` when the user
/// cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_case_sheet(
    app: AppHandle,
    filter: CaseFilter,
    file: SheetType,
) -> Reply<Option<PathBuf>> {
    let name = spreadsheets::register_file_name(&filter, file);
    let (title, filters) = match file {
        SheetType::Xlsx => ("导出登记簿 Excel", XLSX),
        SheetType::Csv => ("导出登记簿 CSV", CSV),
    };
    let Some(path) = files::save_file(title, &name, filters).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        spreadsheets::export_case_sheet(s, &filter, file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}
