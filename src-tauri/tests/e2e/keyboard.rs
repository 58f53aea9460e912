//! The keyboard alone: Ctrl+N (or Alt+N, which a browser leaves to the page) opens the form, Enter submits
//! it, Esc closes a dialog, Ctrl+F searches.

use crate::fixtures::{demo, unit_id};
use crate::support::{digest, App};
use crate::webdriver::{ALT, CONTROL, ENTER, ESCAPE};

#[test]
fn the_keyboard_alone_opens_the_form_submits_it_and_closes_dialogs() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/");
    app.wd.press(&[ALT], "n");
    app.wd.wait_for(
        "location.hash === '#/cases/new' && document.activeElement?.id === 'f-title'",
        "Alt+N to open the form with the title focused",
    );
    app.wd.goto("#/");
    app.wd.press(&[CONTROL], "n");
    app.wd.wait_for(
        "location.hash === '#/cases/new' && document.activeElement?.id === 'f-title'",
        "Ctrl+N to open the form with the title focused",
    );
    let unit = unit_id(&app.store(), "区财政局");
    app.wd.choose("#f-unit", &unit);
    app.wd
        .type_into("#f-title", &format!("关于财政资金管理的咨询{ENTER}"));
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.querySelector('.case-detail')",
        "Enter to register the case",
    );
    assert_eq!(app.wd.text(".page-header h1"), "关于财政资金管理的咨询");

    // Esc closes a confirmation without doing anything.
    let before = digest(&app);
    app.wd.click("#status-actions button[data-to='in_review']");
    app.wd.find("dialog[open] #advance");
    app.wd.press(&[], ESCAPE);
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "Esc to close the dialog",
    );
    assert_eq!(digest(&app), before, "a dismissed dialog changes nothing");

    // Ctrl+F puts the cursor in the search box.
    app.wd.press(&[CONTROL], "f");
    app.wd.wait_for(
        "document.activeElement?.id === 'quick-search'",
        "Ctrl+F to focus the search",
    );
}
