//! An attachment added through the file dialog (a browser's file chooser) and opened in the system's viewer
//! (a browser tab); the words inside it are found by search, which opens the case at it.

use fashen::store::CaseFilter;

use serde_json::json;

use crate::fixtures::{cases, demo};
use crate::support::App;
use crate::webdriver::ENTER;

#[test]
fn an_attachment_is_added_through_the_file_dialog_and_opened() {
    let picked = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
    std::fs::write(
        picked.path(),
        "送审稿正文：承租方交纳履约保证金条款另行约定",
    )
    .unwrap();
    let opened_log = tempfile::NamedTempFile::new().unwrap();
    let app = App::start_with(
        demo,
        &[
            ("FASHEN_TEST_PICK", picked.path()),
            ("FASHEN_TEST_OPENED", opened_log.path()),
        ],
    );
    let row = cases(
        &app.store(),
        CaseFilter {
            limit: Some(1),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    app.wd.goto(&format!("#/case/{}", row.id));
    app.wd.type_into("#attachment-label", "送审稿");
    app.wd.click("#add-attachment");
    app.wd.wait_for(
        "document.querySelector('#attachments li button')",
        "the attachment",
    );
    assert!(app.wd.text("#attachments").contains("送审稿"));
    assert!(
        app.wd.text("#attachments").contains("可按内容查找"),
        "the list says its content is searched: {}",
        app.wd.text("#attachments")
    );
    app.wd.click("#attachments li button");
    assert_eq!(
        app.opened_text(opened_log.path()),
        "送审稿正文：承租方交纳履约保证金条款另行约定",
        "the file opened is the one attached"
    );

    // Words inside the file find the case; Enter opens it scrolled to the attachment, marked.
    app.wd.goto("#/");
    app.wd.type_into("#quick-search", "保证金条款另行");
    app.wd.wait_for(
        "[...document.querySelectorAll('#search-results .search-place')].some(p => p.textContent.startsWith('附件《'))",
        "the hit in the attachment",
    );
    app.screenshot("32-search-in-attachment");
    app.wd.press(&[], ENTER);
    app.wd.wait_for(
        &format!(
            "location.hash.startsWith('#/case/{}?at=attachments') && document.querySelector('#attachments li.search-target')",
            row.id
        ),
        "the case opened at the attachment",
    );
    let name = picked
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        app.wd.exec(
            "return document.querySelector('#attachments li.search-target').dataset.target",
            json!([])
        ),
        json!(name)
    );
    app.screenshot("33-case-at-attachment");
}
