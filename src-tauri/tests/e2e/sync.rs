//! Sync between laptops: a file previewed and imported, its conflict resolved side by side, and an export for
//! the other laptop.

use fashen::model::{CaseKind, ReviewCase};
use fashen::Store;

use crate::fixtures::{demo, register, strings, wait_for_files};
use crate::support::{digest, App};

/// A file from the advisor's laptop brings a title both laptops changed: the preview changes nothing, the import
/// shows the conflict on the register and the case page, a person settles it side by side, and an export for
/// the advisor is written.
#[test]
fn a_sync_file_is_previewed_imported_and_its_conflict_resolved_side_by_side() {
    let other = tempfile::tempdir().unwrap();
    let saved = tempfile::tempdir().unwrap();
    let incoming = other.path().join("顾问.fashen");
    let incoming_for_prepare = incoming.clone();
    let other_db = other.path().join("advisor.sqlite3");
    let case_id = std::cell::Cell::new(None);
    let app = App::start_with(
        |store| {
            demo(store);
            let case = register(store, CaseKind::Contract, "中小学校车接送服务合同");
            case_id.set(Some(case.id));
            // The advisor's laptop starts from the office's full export, then both change the title offline;
            // only the advisor fills in the contact.
            let office_file = other.path().join("科室.fashen");
            fashen::actions::sync::export_full(store, &office_file).unwrap();
            let mut advisor = Store::open(
                &other_db,
                fashen::OpenMode::CreateIfMissing,
                std::sync::Arc::new(fashen::clock::SystemClock),
            )
            .unwrap();
            advisor.set_device_name("顾问笔记本").unwrap();
            advisor.set_user_name("周志强").unwrap();
            let opts = fashen::actions::sync::ImportOptions::default();
            fashen::actions::sync::import(&mut advisor, &office_file, None, &opts).unwrap();
            let edit = |s: &mut Store, pairs: &[(&str, &str)]| {
                let fields: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                fashen::actions::cases::edit_case(s, case.id, &fields).unwrap();
            };
            edit(
                &mut advisor,
                &[("title", "中小学校车接送服务采购合同"), ("contact", "王芳")],
            );
            edit(store, &[("title", "中小学校车接送服务合同（2026年度）")]);
            fashen::actions::sync::export(
                &advisor,
                fashen::actions::sync::Target::Full,
                None,
                &incoming_for_prepare,
            )
            .unwrap();
        },
        &[
            ("FASHEN_TEST_PICK", incoming.as_path()),
            ("FASHEN_TEST_SAVE_DIR", saved.path()),
        ],
    );
    let case_id = case_id.get().unwrap();

    app.wd.goto("#/sync");
    app.wd
        .wait_for("document.getElementById('sync-pick')", "the sync screen");
    let before = digest(&app);
    app.wd.click("#sync-pick");
    app.wd.wait_for(
        "document.getElementById('sync-import-go')",
        "the preview of the receipt",
    );
    assert_eq!(digest(&app), before, "a preview changes nothing");
    let preview = app.wd.text("#sync-import-area");
    assert!(preview.contains("顾问笔记本"), "{preview}");
    assert!(
        preview.contains("新增 1 个"),
        "one conflict is foreseen: {preview}"
    );
    assert!(
        preview.contains("修改案件 1 件")
            && preview.contains("联系人")
            && preview.contains("事项名称（冲突待处理）"),
        "what changes, in words: {preview}"
    );
    app.screenshot("29-sync-preview");
    app.wd.click("#sync-import-go");
    app.wd.wait_for(
        "document.querySelector('#sync-conflicts tr[data-kind=fields]')",
        "the conflict after the import",
    );
    app.screenshot("30-sync-conflicts");

    // The register and the case page say so; the contact, changed on one side only, merged.
    app.wd.goto("#/cases");
    app.wd.wait_for(
        "document.querySelector('#register-table .conflict-badge')",
        "the conflict badge on the register",
    );
    app.wd.goto(&format!("#/case/{case_id}"));
    app.wd.wait_for(
        "document.getElementById('case-conflicts')",
        "the case's conflict panel",
    );
    assert!(app.wd.text("#case-conflicts").contains("事项名称"));
    assert_eq!(
        app.store()
            .get::<ReviewCase>(case_id.0)
            .unwrap()
            .unwrap()
            .contact
            .as_deref(),
        Some("王芳")
    );

    // Side by side: the advisor's title (second column) is taken.
    app.wd.click("#case-conflicts button");
    app.wd
        .wait_for("document.getElementById('resolver')", "the resolver");
    let headers = app.wd.text("#resolver thead");
    assert!(
        headers.contains("顾问笔记本") && headers.contains("本机"),
        "{headers}"
    );
    // The box for a value of one's own shows all of the value it starts from.
    assert_eq!(
        app.wd
            .exec(
                "const t = document.querySelector('#resolver .custom'); \
                 return t.scrollHeight <= t.clientHeight + 1 && t.scrollWidth <= t.clientWidth + 1",
                serde_json::json!([])
            )
            .as_bool(),
        Some(true),
        "the 自行填写 box cuts its text"
    );
    app.screenshot("31-sync-resolver");
    let advisor_side = strings(
        &app,
        "[...document.querySelectorAll('#resolver tbody tr:first-child td')].map(td => td.textContent)",
    )
    .iter()
    .position(|t| t.contains("采购合同"))
    .expect("the advisor's title is offered");
    app.wd.click(&format!(
        "#resolver tbody tr:first-child td:nth-of-type({}) input",
        advisor_side + 1
    ));
    app.wd.click("#resolve-ok");
    app.wd.wait_for(
        "!document.getElementById('case-conflicts') && document.querySelector('.case-detail')",
        "the case page without conflicts",
    );
    let store = app.store();
    let case: ReviewCase = store.get(case_id.0).unwrap().unwrap();
    assert_eq!(case.title, "中小学校车接送服务采购合同");
    assert!(store.conflicts().unwrap().is_empty());
    let history = fashen::actions::history::history(&store, case_id.0).unwrap();
    let last = history.last().unwrap();
    assert!(last.message.contains("处理同步冲突"), "{}", last.message);
    assert_eq!(
        last.author, "刘洋",
        "the resolution is recorded as the person's"
    );

    // An export for the advisor, the laptop this one now knows.
    app.wd.goto("#/sync");
    app.wd.wait_for(
        "document.getElementById('sync-export-go')",
        "the sync screen",
    );
    let target = app.wd.text("#sync-target");
    assert!(target.contains("顾问笔记本"), "{target}");
    app.wd.click("#sync-export-go");
    let file = wait_for_files(saved.path(), "fashen", 1)
        .pop()
        .expect("a sync file was written");
    let header = fashen::actions::sync::inspect(&file, None).unwrap();
    assert!(!header.full, "written for the advisor");
    // The advisor takes it and ends with the same title and no conflict.
    let mut advisor = Store::open(
        &other_db,
        fashen::OpenMode::MustExist,
        std::sync::Arc::new(fashen::clock::SystemClock),
    )
    .unwrap();
    fashen::actions::sync::import(
        &mut advisor,
        &file,
        None,
        &fashen::actions::sync::ImportOptions::default(),
    )
    .unwrap();
    assert!(advisor.conflicts().unwrap().is_empty());
    assert_eq!(
        advisor.get::<ReviewCase>(case_id.0).unwrap().unwrap().title,
        "中小学校车接送服务采购合同"
    );
}
