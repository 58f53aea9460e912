//! An attachment added through the file dialog (a browser's file chooser) and opened in the system's viewer
//! (a browser tab).

use fashen::store::CaseFilter;

use crate::fixtures::{cases, demo};
use crate::support::App;

#[test]
fn an_attachment_is_added_through_the_file_dialog_and_opened() {
    let picked = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
    std::fs::write(picked.path(), "送审稿正文").unwrap();
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
    app.wd.click("#attachments li button");
    assert_eq!(
        app.opened_text(opened_log.path()),
        "送审稿正文",
        "the file opened is the one attached"
    );
}
