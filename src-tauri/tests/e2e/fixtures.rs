//! Helpers the tests share: the demo office, cases registered through the core, what the core lists, what
//! the page shows, and the PDFs the app writes.

use std::path::Path;

use fashen::actions::cases::register_case;
use fashen::model::{CaseKind, ReviewCase};
use fashen::store::{CaseFilter, CasePage};
use fashen::Store;
use serde_json::json;

use crate::support::App;

/// The demo office, used by 刘洋 at 法制审核科-1号电脑.
pub(crate) fn demo(store: &mut Store) {
    fashen::demo::load(store).unwrap();
    store.set_user_name("刘洋").unwrap();
    store.set_device_name("法制审核科-1号电脑").unwrap();
}

/// The id of a unit of the demo office, as the unit <select> holds it.
pub(crate) fn unit_id(store: &Store, name: &str) -> String {
    store.units_named(name).unwrap().remove(0).id.to_string()
}

/// Registers a case through the core, as an earlier session or another laptop would have.
pub(crate) fn register(store: &mut Store, kind: CaseKind, title: &str) -> ReviewCase {
    let unit = unit_id(store, "区住房和城乡建设局");
    register_case(
        store,
        kind,
        &[("title".into(), title.into()), ("unit".into(), unit)],
        None,
    )
    .unwrap()
}

/// What the core lists for `filter`: the register must show the same.
pub(crate) fn cases(store: &Store, filter: CaseFilter) -> CasePage {
    store.list_cases(&filter).unwrap()
}

/// The strings a page expression (`[...].map(...)`) evaluates to.
pub(crate) fn strings(app: &App, expression: &str) -> Vec<String> {
    serde_json::from_value(app.wd.exec(&format!("return {expression};"), json!([]))).unwrap()
}

/// The codes of the status actions the case page offers.
pub(crate) fn offered(app: &App) -> Vec<String> {
    strings(
        app,
        "[...document.querySelectorAll('#status-actions button[data-to]')].map(b => b.dataset.to)",
    )
}

/// The text of one column of the register's rows.
pub(crate) fn column(app: &App, class: &str) -> Vec<String> {
    strings(
        app,
        &format!("[...document.querySelectorAll('#register-table tbody .{class}')].map(td => td.textContent)"),
    )
}

/// A case registered through the core with its materials complete on `materials` (a review clock running).
pub(crate) fn with_materials(
    store: &mut Store,
    kind: CaseKind,
    title: &str,
    materials: &str,
) -> ReviewCase {
    let unit = unit_id(store, "区住房和城乡建设局");
    register_case(
        store,
        kind,
        &[
            ("title".into(), title.into()),
            ("unit".into(), unit),
            ("received".into(), materials.into()),
            ("materials_complete".into(), materials.into()),
        ],
        None,
    )
    .unwrap()
}

/// [`with_materials`] on a laptop whose today is `today`: a case received on a day still in the future for the
/// machine running the tests (the core refuses a date after today). Written through a second connection to
/// the same file, with its own clock.
pub(crate) fn with_materials_on(
    store: &Store,
    today: &str,
    kind: CaseKind,
    title: &str,
    materials: &str,
) -> ReviewCase {
    let clock = std::sync::Arc::new(fashen::clock::FixedClock::at_date(today.parse().unwrap()));
    let mut then = Store::open(store.path(), fashen::OpenMode::MustExist, clock).unwrap();
    with_materials(&mut then, kind, title, materials)
}

/// The PDFs in `dir`, by name.
pub(crate) fn pdfs(dir: &Path) -> Vec<std::path::PathBuf> {
    files_of(dir, "pdf")
}

/// The files in `dir` ending `.extension`, by name.
pub(crate) fn files_of(dir: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    out.sort();
    out
}

/// The PDFs in `dir` once there are `count` of them, or those there after 20 s.
pub(crate) fn wait_for_pdf(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    wait_for_files(dir, "pdf", count)
}

/// The files in `dir` ending `.extension` once there are `count` of them, or those there after 20 s. A file
/// still being written does not count: in browser mode Chromium reserves a download's name with an empty file
/// and writes it as `….crdownload` until it is complete.
pub(crate) fn wait_for_files(dir: &Path, extension: &str, count: usize) -> Vec<std::path::PathBuf> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found = files_of(dir, extension);
        let complete = files_of(dir, "crdownload").is_empty()
            && found
                .iter()
                .all(|f| std::fs::metadata(f).is_ok_and(|m| m.len() > 0));
        if (found.len() >= count && complete) || std::time::Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// What poppler's `tool` (`pdftotext`, `pdfinfo`) prints for `pdf`.
pub(crate) fn pdf_tool(tool: &str, pdf: &Path) -> String {
    let out = std::process::Command::new(tool)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .expect("poppler-utils");
    String::from_utf8(out.stdout).unwrap()
}

/// The number of pages of `pdf`, as `pdfinfo` counts them.
pub(crate) fn pdf_pages(pdf: &Path) -> usize {
    pdf_tool("pdfinfo", pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
