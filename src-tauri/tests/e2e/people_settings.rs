//! The people and settings screens: units, a backup, the user's name, and a restore from a backup.

use fashen::model::CaseKind;
use fashen::store::CaseFilter;

use crate::fixtures::{cases, demo, register};
use crate::support::{digest, App};
use crate::webdriver::ESCAPE;

#[test]
fn people_units_and_settings_show_and_save() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/people");
    assert!(app.wd.text("#advisors").contains("律师事务所"));
    assert!(app.wd.text("#units").contains("（本机关）"));
    // 王立新 signs the office's letters; 陈静 is made a second 签发人 by the button in her row.
    assert!(app.store().people_named("王立新").unwrap()[0].signs);
    app.wd.click("#staff button[data-signer='陈静']");
    app.wd.wait_for(
        "document.querySelector(\"#staff button[data-signer='陈静']\")?.textContent === '取消'",
        "陈静 shown as a signer",
    );
    assert!(app.store().people_named("陈静").unwrap()[0].signs);
    // Its toast sits beside the navigation, never over the lists.
    assert!(
        app.wd
            .exec(
                "const t = document.querySelector('#toasts .toast'); \
                 return !!t && t.getBoundingClientRect().right <= document.getElementById('nav').getBoundingClientRect().right",
                serde_json::json!([])
            )
            .as_bool()
            .unwrap(),
        "the toast over the navigation column"
    );
    app.screenshot("09-people");

    app.wd.click("#add-unit");
    app.wd.type_into("#unit-name", "区数据局");
    app.wd.type_into("#unit-code", "徒数");
    app.wd.click("dialog button.primary");
    app.wd.wait_for("!document.querySelector('dialog[open]') && document.getElementById('units').textContent.includes('区数据局')", "the new unit");
    assert_eq!(app.store().units_named("区数据局").unwrap().len(), 1);

    app.wd.goto("#/settings");
    app.wd.click("#make-backup");
    app.wd.wait_for(
        "document.querySelector('#backup-list tbody tr')",
        "the backup in the list",
    );
    assert_eq!(app.store().backups().unwrap().len(), 1);
    app.wd.type_into("#user-name", "");
    app.wd.click("#save-identity");
    app.wd.wait_for(
        "document.querySelector('#identity-form .form-error:not([hidden])')",
        "the refusal",
    );
    assert!(app
        .wd
        .text("#identity-form .form-error")
        .contains("不能为空"));
    assert_eq!(
        app.store().setting("user_name").unwrap().as_deref(),
        Some("刘洋"),
        "the refused name was not saved"
    );
    app.screenshot("10-settings");
}

#[test]
fn a_restore_asks_first_then_brings_back_the_backup_and_keeps_a_safety_copy() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("上周的备份.sqlite3");
    let backup_path = backup.clone();
    let app = App::start_with(
        move |store| {
            demo(store);
            store.backup(Some(&backup_path)).unwrap();
            register(store, CaseKind::Advice, "备份之后登记的咨询");
            // Someone else uses this laptop now; the backup still names 刘洋.
            store.set_user_name("陈静").unwrap();
        },
        &[("FASHEN_TEST_PICK", backup.as_path())],
    );
    let later = "备份之后登记的咨询";
    assert_eq!(
        cases(
            &app.store(),
            CaseFilter {
                title_contains: Some(later.into()),
                ..Default::default()
            }
        )
        .total,
        1
    );

    app.wd.goto("#/settings");
    // Cancelling the confirmation changes nothing.
    let before = digest(&app);
    app.wd.click("#restore-backup");
    app.wd.find("dialog[open] #confirm-ok");
    app.wd.press(&[], ESCAPE);
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the dismissed confirmation",
    );
    assert_eq!(digest(&app), before, "a cancelled restore changes nothing");

    app.wd.click("#restore-backup");
    app.wd.click("dialog[open] #confirm-ok");
    app.wd.wait_for(
        "document.getElementById('toasts').textContent.includes('已从')",
        "the restore notice",
    );
    let store = app.store();
    assert_eq!(
        cases(
            &store,
            CaseFilter {
                title_contains: Some(later.into()),
                ..Default::default()
            }
        )
        .total,
        0,
        "the case registered after the backup is gone"
    );
    let safety = store.backups().unwrap();
    assert!(
        safety.iter().any(|b| b
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("fashen-before-restore")),
        "the state before the restore was kept: {safety:?}"
    );
    assert_eq!(
        store.setting("user_name").unwrap().as_deref(),
        Some("陈静"),
        "this laptop's current user is kept, not the backup's"
    );
}
