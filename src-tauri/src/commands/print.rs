//! The letter preview, PDF export of letters, forms and the register, and the print fonts.

use std::path::PathBuf;

use fashen::actions::{self, letters, print};
use tauri::{AppHandle, Emitter};

use super::{blocking, Reply};
use crate::files;

/// Writes the PDF (or, with `file` = `docx`, the Word document) where the user chooses, then opens it in the
/// system viewer (to read or print) or word processor. For a draft, `edit` is the editor's unsaved content,
/// saved only once the letter is known to print. `None` when the user cancels the dialog (nothing saved then
/// either).
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_letter(
    app: AppHandle,
    id: String,
    format: String,
    edit: Option<letters::LetterEdit>,
    file: Option<print::FileType>,
) -> Reply<Option<PathBuf>> {
    let format = print::LetterFormat::parse(&format)?;
    let file = file.unwrap_or_default();
    let key = id.clone();
    let name = blocking(app.clone(), move |s| {
        Ok(print::letter_file_name_as(
            &actions::find_letter(s, &key)?,
            file.extension(),
        ))
    })
    .await?;
    let (title, filter) = match file {
        print::FileType::Pdf => ("导出意见书 PDF", PDF),
        print::FileType::Docx => ("导出意见书 Word 文档", DOCX),
        print::FileType::Ofd => ("导出意见书 OFD 文档", OFD),
    };
    let Some(path) = files::save_file(title, &name, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        letters::export_letter(s, &id, edit.as_ref(), format, file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

const PDF: &[(&str, &[&str])] = &[("PDF 文件", &["pdf"])];
const DOCX: &[(&str, &[&str])] = &[("Word 文档", &["docx"])];
const OFD: &[(&str, &[&str])] = &[("OFD 版式文档", &["ofd"])];

/// Progress of a batch print, sent as the `print-progress` event.
#[derive(Clone, serde::Serialize)]
struct PrintProgress {
    done: usize,
    all: usize,
}

/// The save dialog's title and filter for a form or register exported as `file`.
fn save_as(
    what: &str,
    file: print::FileType,
) -> (String, &'static [(&'static str, &'static [&'static str])]) {
    match file {
        print::FileType::Pdf => (format!("导出{what} PDF"), PDF),
        print::FileType::Docx => (format!("导出{what} Word 文档"), DOCX),
        print::FileType::Ofd => (format!("导出{what} OFD 文档"), OFD),
    }
}

/// The chosen form for each case in `cases`, one file (a blank form when `cases` is empty) as `file` asks
/// (PDF unless told), with progress events while the cases are read; then opened in the system viewer.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_forms(
    app: AppHandle,
    form: String,
    cases: Vec<String>,
    file: Option<print::FileType>,
) -> Reply<Option<PathBuf>> {
    let file = file.unwrap_or_default();
    let default = print::forms_file_name(&form, &cases, file.extension())?;
    let (title, filter) = save_as("表格", file);
    let Some(path) = files::save_file(&title, &default, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    let events = app.clone();
    blocking(app, move |s| {
        print::export_forms(s, &form, &cases, file, &target, &mut |done, all| {
            let _ = events.emit("print-progress", PrintProgress { done, all });
        })
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_register(
    app: AppHandle,
    year: Option<i32>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    file: Option<print::FileType>,
) -> Reply<Option<PathBuf>> {
    // The range is checked before the save dialog opens: a mistyped day is said at once.
    let range = print::RegisterRange::chosen(year, from.as_deref(), to.as_deref())?
        .of_kind(kind.as_deref())?;
    let file = file.unwrap_or_default();
    let default = range.file_name(file.extension());
    let (title, filter) = save_as("登记台账", file);
    let Some(path) = files::save_file(&title, &default, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        print::export_register(s, range, file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

/// A 案卷评查 round's results (units ranked, files scored) saved where the user chooses, then opened.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_inspection_results(
    app: AppHandle,
    case_id: String,
    file: Option<print::FileType>,
) -> Reply<Option<PathBuf>> {
    let file = file.unwrap_or_default();
    let (case, name) = blocking(app.clone(), move |s| {
        let case = actions::find_case(s, &case_id)?;
        let name = actions::inspection::results_file_name(&case, file.extension());
        Ok((case.id, name))
    })
    .await?;
    let (title, filter) = save_as("评查结果", file);
    let Some(path) = files::save_file(&title, &name, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        actions::inspection::export_results(s, case, file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

/// A round's 整改通知书 (every unit with something to put right, or the one `unit`) saved where the user
/// chooses, as PDF, an editable Word document or OFD, then opened.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_rectification_notices(
    app: AppHandle,
    case_id: String,
    unit: Option<String>,
    file: Option<print::FileType>,
) -> Reply<Option<PathBuf>> {
    let file = file.unwrap_or_default();
    let (case, unit, name) = blocking(app.clone(), move |s| {
        actions::inspection::notices_target(s, &case_id, unit.as_deref(), file)
    })
    .await?;
    let (title, filter) = save_as("整改通知", file);
    let Some(path) = files::save_file(&title, &name, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        actions::inspection::export_rectification_notices(s, case, unit.as_deref(), file, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

/// A key-task plan's 推进情况表 (each lead unit's tasks) saved where the user chooses, then opened.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn export_progress_sheet(
    app: AppHandle,
    case_id: String,
    file: Option<print::FileType>,
    with_tasks: Option<bool>,
) -> Reply<Option<PathBuf>> {
    let file = file.unwrap_or_default();
    let with_tasks = with_tasks.unwrap_or(false);
    let (case, name) = blocking(app.clone(), move |s| {
        actions::tasks::progress_sheet_target(s, &case_id, file)
    })
    .await?;
    let (title, filter) = save_as("推进情况表", file);
    let Some(path) = files::save_file(&title, &name, filter).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(app, move |s| {
        actions::tasks::export_progress_sheet(s, case, file, with_tasks, &target)
    })
    .await?;
    files::open_in_viewer(&path)?;
    Ok(Some(path))
}

/// Picks an office's own font file for a role with the native dialog; `None` when the user cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub async fn choose_font(app: AppHandle, role: String) -> Reply<Option<Vec<print::FontRow>>> {
    let filters: &[(&str, &[&str])] = &[("字体文件", &["ttf", "otf", "ttc", "TTF", "OTF", "TTC"])];
    let Some(path) = files::pick_file("选择字体文件", filters).await else {
        return Ok(None);
    };
    blocking(app, move |s| {
        print::set_font(s, &role, Some(&path.to_string_lossy()))
    })
    .await
    .map(Some)
}
