//! The desktop app driven through WebDriver in the real WebKit webview, headless under Xvfb: what a clerk does
//! on the first day, checked on screen and in the database. Screenshots of each main screen are written to
//! `target/screenshots/`.

#![allow(clippy::unwrap_used)]

mod support;
mod webdriver;

use std::path::Path;

use fashen::actions::cases::{register_case, Advance};
use fashen::model::{next_statuses, CaseKind, ReviewCase, Status};
use fashen::store::{CaseFilter, CasePage};
use fashen::Store;
use serde_json::json;

use support::{digest, App};
use webdriver::{CONTROL, ENTER, ESCAPE};

fn demo(store: &mut Store) {
    fashen::demo::load(store).unwrap();
    store.set_user_name("刘洋").unwrap();
    store.set_device_name("法制审核科-1号电脑").unwrap();
}

/// The id of a unit of the demo office, as the unit <select> holds it.
fn unit_id(store: &Store, name: &str) -> String {
    store.units_named(name).unwrap().remove(0).id.to_string()
}

/// Registers a case through the core, as an earlier session or another laptop would have.
fn register(store: &mut Store, kind: CaseKind, title: &str) -> ReviewCase {
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
fn cases(store: &Store, filter: CaseFilter) -> CasePage {
    store.list_cases(&filter).unwrap()
}

/// The strings a page expression (`[...].map(...)`) evaluates to.
fn strings(app: &App, expression: &str) -> Vec<String> {
    serde_json::from_value(app.wd.exec(&format!("return {expression};"), json!([]))).unwrap()
}

/// The codes of the status actions the case page offers.
fn offered(app: &App) -> Vec<String> {
    strings(
        app,
        "[...document.querySelectorAll('#status-actions button[data-to]')].map(b => b.dataset.to)",
    )
}

/// The text of one column of the register's rows.
fn column(app: &App, class: &str) -> Vec<String> {
    strings(
        app,
        &format!("[...document.querySelectorAll('#register-table tbody .{class}')].map(td => td.textContent)"),
    )
}

#[test]
fn first_start_on_an_empty_database_offers_the_demo_data_and_shows_it() {
    let app = App::start();
    app.wd.find("#welcome");
    assert!(app
        .wd
        .text("#welcome")
        .contains(&app.db_path().display().to_string()));
    app.screenshot("01-welcome");

    app.wd.type_into("#welcome-device", "法制审核科-1号电脑");
    app.wd.type_into("#welcome-user", "刘洋");
    app.wd.click("#load-demo");
    app.wd.wait_for(
        "location.hash === '#/' && document.querySelector('#status-counts .count-card')",
        "the dashboard",
    );
    let store = app.store();
    let total = store.case_count().unwrap();
    assert!(total >= 40, "the demo data is in the database");
    let shown = app.wd.text(".page-header .subtitle");
    assert!(shown.contains(&format!("共 {total} 件案件")), "{shown}");
    assert_eq!(store.setting("user_name").unwrap().as_deref(), Some("刘洋"));
    // The user is a staff member of the demo office: the dashboard lists their own cases.
    assert!(app.wd.text("#my-cases h2").contains("刘洋"));
    let identity = app.wd.text("#nav-identity");
    assert!(
        identity.contains("刘洋") && identity.contains("法制审核科-1号电脑"),
        "{identity}"
    );
    app.screenshot("02-dashboard");
}

#[test]
fn a_case_registered_through_the_form_is_saved_and_opens() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/cases/new?kind=contract");
    app.wd.find("#case-form [data-field='counterparty']");
    app.screenshot("03-new-case-form");
    let unit = unit_id(&app.store(), "区住房和城乡建设局");
    app.wd.type_into("#f-title", "城区公交线路运营服务采购合同");
    app.wd.choose("#f-unit", &unit);
    app.wd.type_into("#f-amount", "120万");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.querySelector('.case-detail')",
        "the new case's page",
    );

    let title = app.wd.text(".page-header h1");
    assert_eq!(title, "城区公交线路运营服务采购合同");
    let rows = cases(
        &app.store(),
        CaseFilter {
            title_contains: Some("城区公交线路".into()),
            ..Default::default()
        },
    );
    assert_eq!(rows.total, 1, "exactly one case was saved");
    let row = &rows.rows[0];
    assert_eq!(row.kind, CaseKind::Contract);
    assert_eq!(row.unit_name, "区住房和城乡建设局");
    assert!(app.wd.text(".page-header .subtitle").contains(&row.reg_no));
    assert!(
        app.wd.text("#case-fields").contains("1,200,000 元"),
        "{}",
        app.wd.text("#case-fields")
    );
}

#[test]
fn an_invalid_form_shows_the_error_and_saves_nothing() {
    let app = App::start_with(demo, &[]);
    let before = digest(&app);
    app.wd.goto("#/cases/new?kind=normative_doc");

    // Checked as typed: an empty title and an impossible date.
    app.wd.type_into("#f-received", "2017-02-30");
    app.wd.wait_for(
        "!document.getElementById('error-received').hidden",
        "the date error",
    );
    assert_eq!(
        app.wd.text("#error-received"),
        "收文日期：2017年2月没有30日，请检查日期"
    );
    app.wd.click("#save-case");
    app.wd.wait_for(
        "!document.getElementById('form-error').hidden",
        "the form error",
    );
    assert!(app.wd.text("#form-error").contains("事项名称：不能为空"));
    app.screenshot("04-invalid-form");

    // Refused by the core: the dates are each valid, but a document cannot take effect before it is published.
    let unit = unit_id(&app.store(), "区市场监督管理局");
    app.wd.type_into("#f-received", "2026-03-02");
    app.wd
        .type_into("#f-title", "关于规范市场主体登记的若干规定");
    app.wd.choose("#f-unit", &unit);
    app.wd.type_into("#f-published_on", "2026-05-10");
    app.wd.type_into("#f-effective_on", "2026-05-01");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "document.getElementById('form-error').textContent.includes('施行日期')",
        "the core's refusal",
    );
    let message = app.wd.text("#form-error");
    assert!(
        message.contains("施行日期") && message.contains("公布日期"),
        "{message}"
    );
    assert!(app
        .wd
        .exec("return location.hash;", json!([]))
        .as_str()
        .unwrap()
        .starts_with("#/cases/new"));
    assert_eq!(
        digest(&app),
        before,
        "a refused form must not change the database"
    );
}

#[test]
fn a_case_advances_through_its_statuses_offering_only_legal_actions_and_the_history_shows_each_step(
) {
    let app = App::start_with(demo, &[]);
    let case = register(&mut app.store(), CaseKind::Contract, "道路养护服务合同");
    app.wd.goto(&format!("#/case/{}", case.id));
    let path = [
        Status::InReview,
        Status::AwaitingSignoff,
        Status::OpinionIssued,
    ];
    let mut status = Status::Registered;
    for (step, to) in path.into_iter().enumerate() {
        let allowed: Vec<String> = next_statuses(CaseKind::Contract, status)
            .iter()
            .map(|s| s.code().to_string())
            .collect();
        assert_eq!(
            offered(&app),
            allowed,
            "in 「{}」 exactly the table's transitions are offered",
            status.label()
        );
        app.wd
            .click(&format!("#status-actions button[data-to='{}']", to.code()));
        app.wd.find("#advance");
        if to == Status::OpinionIssued {
            app.screenshot("05-advance-dialog");
            // Without a conclusion the core refuses, and the dialog says why.
            app.wd.click("#advance-ok");
            app.wd.wait_for(
                "document.querySelector('#advance .form-error:not([hidden])')",
                "the refusal",
            );
            assert!(app.wd.text("#advance .form-error").contains("审查结论"));
            app.wd.choose("#advance-outcome", "sign_after_revision");
        }
        app.wd.click("#advance-ok");
        app.wd.wait_for(
            &format!(
                "document.querySelector(\".case-detail[data-status='{}']\")",
                to.code()
            ),
            "the new status",
        );
        status = to;
        let stored: fashen::model::ReviewCase = app.store().get(case.id.0).unwrap().unwrap();
        assert_eq!(stored.status, to, "step {step} is saved");
    }
    assert_eq!(
        offered(&app),
        Vec::<String>::new(),
        "a contract with its opinion issued has nothing left to do"
    );
    let history = app.wd.text("#history");
    for label in ["审查中", "待签批", "已出具意见", "修改后签订"] {
        assert!(
            history.contains(label),
            "the history shows 「{label}」:\n{history}"
        );
    }
    let entries = app.wd.exec(
        "return document.querySelectorAll('#history .timeline > li').length;",
        json!([]),
    );
    assert_eq!(entries, json!(4), "registration and three status changes");
    app.screenshot("06-case-detail");
}

#[test]
fn an_illegal_action_is_not_offered_and_the_core_refuses_it_anyway() {
    let app = App::start_with(demo, &[]);
    let store = app.store();
    let page = cases(
        &store,
        CaseFilter {
            status: Some(Status::AwaitingSignoff),
            kind: Some(CaseKind::NormativeDoc),
            limit: Some(1),
            ..Default::default()
        },
    );
    let row = &page.rows[0];
    app.wd.goto(&format!("#/case/{}", row.id));
    let offered = offered(&app);
    assert!(
        !offered.contains(&"filed".to_string()),
        "待签批 cannot jump to 已备案: {offered:?}"
    );
    assert!(!offered.contains(&"registered".to_string()));
    // Even a hand-made call for that jump is refused by the core, in Chinese, with nothing saved.
    let before = digest(&app);
    let err = app.wd.exec(
        "return window.__TAURI__.core.invoke('advance_case', {id: arguments[0], to: 'filed', input: {}}).then(() => null, e => e);",
        json!([row.id]),
    );
    // execute/sync returns the promise's value once settled in WebKitWebDriver.
    assert_eq!(err["kind"], "illegal_transition", "{err}");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("不允许的状态变更"));
    assert_eq!(digest(&app), before);
}

#[test]
fn a_title_shaped_like_html_is_shown_as_text() {
    let title = "<img src=x onerror=\"window.__xss=1\">审查";
    let app = App::start_with(
        |store| {
            demo(store);
            register(store, CaseKind::Advice, title);
        },
        &[],
    );
    app.wd.goto("#/cases");
    let first = app.wd.text("#register-table tbody tr .col-title");
    assert_eq!(first, title, "the newest case's title appears literally");
    app.wd.click("#register-table tbody tr .col-title");
    app.wd
        .wait_for("document.querySelector('.case-detail')", "the case page");
    assert_eq!(app.wd.text(".page-header h1"), title);
    let injected = app.wd.exec(
        "return [document.querySelectorAll('main img').length, window.__xss ?? null];",
        json!([]),
    );
    assert_eq!(
        injected,
        json!([0, null]),
        "no element was created and no script ran"
    );
}

#[test]
fn the_register_filters_by_kind_status_unit_and_title_and_pages() {
    let app = App::start_with(demo, &[]);
    let store = app.store();
    app.wd.goto("#/cases");
    let total = store.case_count().unwrap();
    assert_eq!(app.wd.text("#register-total"), format!("共 {total} 件"));

    app.wd.choose("#filter-kind", "contract");
    app.wd.wait_for(
        "location.hash.includes('kind=contract') && document.getElementById('view').dataset.ready === location.hash",
        "the filtered list",
    );
    let contracts = cases(
        &store,
        CaseFilter {
            kind: Some(CaseKind::Contract),
            ..Default::default()
        },
    );
    app.wd.wait_for(
        &format!(
            "document.getElementById('register-total')?.textContent === '共 {} 件'",
            contracts.total
        ),
        "the contract count",
    );
    let kinds = column(&app, "col-kind");
    assert_eq!(kinds.len() as u64, contracts.total.min(50));
    assert!(kinds.iter().all(|k| k == "合同"), "{kinds:?}");
    app.screenshot("07-register-filtered");

    // Status, then unit: each narrows to what the core counts.
    app.wd.goto("#/cases?status=in_review");
    let in_review = cases(
        &store,
        CaseFilter {
            status: Some(Status::InReview),
            ..Default::default()
        },
    );
    assert_eq!(
        app.wd.text("#register-total"),
        format!("共 {} 件", in_review.total)
    );
    let unit = unit_id(&store, "区住房和城乡建设局");
    app.wd.goto(&format!("#/cases?unit={unit}"));
    let by_unit = cases(
        &store,
        CaseFilter {
            unit_id: Some(unit.parse().unwrap()),
            ..Default::default()
        },
    );
    assert_eq!(
        app.wd.text("#register-total"),
        format!("共 {} 件", by_unit.total)
    );
    assert!(column(&app, "col-unit")
        .iter()
        .all(|u| u == "区住房和城乡建设局"));

    // The quick search takes title words.
    app.wd.type_into("#quick-search", &format!("合同{ENTER}"));
    app.wd.wait_for(
        "location.hash.includes('title=') && document.getElementById('view').dataset.ready === location.hash",
        "the search result",
    );
    let titles = column(&app, "col-title");
    assert!(
        !titles.is_empty() && titles.iter().all(|t| t.contains("合同")),
        "{titles:?}"
    );
}

#[test]
fn paging_walks_the_register_fifty_at_a_time() {
    let app = App::start_with(
        |store| {
            demo(store);
            for i in 0..70 {
                register(store, CaseKind::Advice, &format!("法律咨询第{i}号"));
            }
        },
        &[],
    );
    let total = app.store().case_count().unwrap();
    let pages = total.div_ceil(50);
    app.wd.goto("#/cases");
    assert_eq!(app.wd.text("#page-info"), format!("第 1 / {pages} 页"));
    let first_page = app.wd.exec(
        "return document.querySelector('#register-table tbody tr').dataset.regNo;",
        json!([]),
    );
    app.wd.click("#page-next");
    app.wd.wait_for(
        "location.hash.includes('page=2') && document.getElementById('view').dataset.ready === location.hash",
        "page 2",
    );
    assert_eq!(app.wd.text("#page-info"), format!("第 2 / {pages} 页"));
    let second_page = app.wd.exec(
        "return document.querySelector('#register-table tbody tr').dataset.regNo;",
        json!([]),
    );
    assert_ne!(first_page, second_page);
    let rows = app.wd.exec(
        "return document.querySelectorAll('#register-table tbody tr').length;",
        json!([]),
    );
    assert_eq!(rows, json!(50.min(total - 50)));
}

#[test]
fn a_letter_is_drafted_finding_by_finding_and_signed_with_its_number() {
    let app = App::start_with(demo, &[]);
    let case = {
        let mut store = app.store();
        let c = register(&mut store, CaseKind::Contract, "公交站台广告位租赁合同");
        fashen::actions::cases::advance_case(
            &mut store,
            c.id,
            Status::InReview,
            &Advance::default(),
        )
        .unwrap()
    };
    app.wd.goto(&format!("#/case/{}", case.id));
    app.wd.click("#new-letter");
    app.wd.find("#letter-form");
    app.wd.click("#add-finding");
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='clause']",
        "第五条",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='problem']",
        "租金调整机制约定不明确。",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='legal_basis']",
        "《中华人民共和国民法典》第五百一十条",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='suggestion']",
        "明确租金调整的条件、幅度和程序。",
    );
    app.wd
        .type_into("#letter-conclusion", "建议按上述意见修改后签订。");
    app.screenshot("08-letter-editor");
    app.wd.click("#sign-letter");
    app.wd.click("#confirm-ok");
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the editor to close",
    );
    app.wd.wait_for(
        "document.querySelector('#letters li')?.textContent.includes('号')",
        "the signed letter",
    );
    let letters = app.store().letters_of_case(case.id).unwrap();
    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert_eq!(letter.findings.len(), 1);
    assert_eq!(
        letter.findings[0].legal_basis,
        "《中华人民共和国民法典》第五百一十条"
    );
    let number = letter
        .number
        .as_ref()
        .expect("signing gives a number")
        .to_string();
    assert!(app.wd.text("#letters").contains(&number), "{number}");
}

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
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let opened = loop {
        let log = std::fs::read_to_string(opened_log.path()).unwrap();
        if !log.is_empty() || std::time::Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let path = Path::new(opened.trim());
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "送审稿正文",
        "the file opened is the one attached"
    );
}

#[test]
fn people_units_and_settings_show_and_save() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/people");
    assert!(app.wd.text("#advisors").contains("律师事务所"));
    assert!(app.wd.text("#units").contains("（本机关）"));
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
fn a_second_start_on_the_same_database_focuses_the_first_window() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/");
    let second = std::process::Command::new(support::APP)
        .env("DISPLAY", &app.display)
        .env("FASHEN_DB", app.db_path())
        .env("XDG_RUNTIME_DIR", app.dir.path())
        .env("XDG_DATA_HOME", app.dir.path())
        .output()
        .unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("已在运行"));
    app.wd.wait_for(
        "document.getElementById('toasts').textContent.includes('已切换到此窗口')",
        "the notice in the first window",
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_message_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fashen.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 999;",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let app = App::launch(dir, &[]);
    app.wd.find("#fatal");
    assert!(
        app.wd.text("#fatal").contains("更新版本的法审台"),
        "{}",
        app.wd.text("#fatal")
    );
    assert_eq!(
        std::fs::read(app.db_path()).unwrap(),
        before,
        "the file is byte-for-byte unchanged"
    );
}

#[test]
fn the_keyboard_alone_opens_the_form_submits_it_and_closes_dialogs() {
    let app = App::start_with(demo, &[]);
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

#[test]
fn an_edit_saves_only_what_changed_and_the_history_shows_it() {
    let app = App::start_with(demo, &[]);
    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::Contract),
            limit: Some(1),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    app.wd.goto(&format!("#/case/{}/edit", row.id));
    app.wd.click("#save-case");
    app.wd.wait_for(
        "document.getElementById('form-error').textContent.includes('没有变化')",
        "nothing to save",
    );
    app.wd.type_into("#f-counterparty", "镇江某某科技有限公司");
    app.wd.click("#save-case");
    app.wd
        .wait_for("document.querySelector('.case-detail')", "the case page");
    let history = app.wd.text("#history .timeline > li:first-child");
    assert!(
        history.contains("合同相对方") && history.contains("镇江某某科技有限公司"),
        "{history}"
    );
    let changes = app.wd.exec("return document.querySelectorAll('#history .timeline > li:first-child .changes li').length;", json!([]));
    assert_eq!(changes, json!(1), "only the changed field was saved");
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

/// A case registered through the core with its materials complete on `materials` (a review clock running).
fn with_materials(store: &mut Store, kind: CaseKind, title: &str, materials: &str) -> ReviewCase {
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

#[test]
fn deadlines_show_on_the_dashboard_register_and_case_page_and_a_new_years_notice_reports_what_moved(
) {
    let (late, year_end) = (std::cell::RefCell::new(None), std::cell::RefCell::new(None));
    let app = App::start_with(
        |s| {
            demo(s);
            // Overdue whatever today is; and one whose clock runs into 2027, whose notice is not yet in.
            *late.borrow_mut() = Some(with_materials(
                s,
                CaseKind::Contract,
                "早已逾期的物业服务合同",
                "2020-06-01",
            ));
            *year_end.borrow_mut() = Some(with_materials(
                s,
                CaseKind::NormativeDoc,
                "年末收到的停车管理办法",
                "2026-12-24",
            ));
        },
        &[],
    );
    let late = late.into_inner().unwrap();
    let year_end = year_end.into_inner().unwrap();

    // The dashboard: the overdue case is in the red list with its light.
    app.wd.find("#deadlines-overdue");
    let overdue = strings(
        &app,
        "[...document.querySelectorAll('#deadlines-overdue tbody tr')].map(tr => tr.dataset.regNo + ':' + tr.dataset.urgency)",
    );
    assert!(
        overdue.contains(&format!("{}:overdue", late.reg_no)),
        "{overdue:?}"
    );
    app.screenshot("20-dashboard-deadlines");

    // The register sorted by due date: the 2020 deadline first, shown red.
    app.wd.goto("#/cases");
    app.wd.click("#sort-due");
    app.wd
        .wait_for("location.hash.includes('sort=due')", "the due-date order");
    app.wd.wait_for(
        "document.getElementById('view').dataset.ready === location.hash",
        "the sorted register",
    );
    let first = strings(
        &app,
        "[...document.querySelectorAll('#register-table tbody tr')].slice(0, 1).map(tr => tr.dataset.regNo + ':' + tr.querySelector('.col-due').dataset.due)",
    );
    assert_eq!(first, vec![format!("{}:2020-06-08", late.reg_no)]);
    app.screenshot("21-register-by-due-date");

    // The case page: the rule, its number, its source and the trigger date.
    app.wd.goto(&format!("#/case/{}", year_end.id));
    let item = "#case-deadlines li[data-rule='normative_review']";
    app.wd.find(item);
    assert_eq!(
        strings(
            &app,
            &format!("[document.querySelector(\"{item}\").dataset.due]")
        ),
        vec!["2027-01-14".to_string()],
        "2027 counted Monday to Friday while its notice is missing"
    );
    let text = app.wd.text(item);
    assert!(
        text.contains("暂定日历") && text.contains("15个工作日") && text.contains("115号"),
        "{text}"
    );

    // The calendar screen: 2026 as twelve months, National Day off and the Saturday after worked.
    app.wd.goto("#/calendar?year=2026");
    app.wd
        .find("#calendar-year .day[data-date='2026-10-01'].holiday");
    app.wd
        .find("#calendar-year .day[data-date='2026-10-10'].make_up_workday");
    app.wd.find("[data-missing-year='2027']");
    app.screenshot("22-calendar");

    // A year typed wrongly (a weekday as a make-up day) is refused in the form; nothing is stored.
    let before = digest(&app);
    app.wd.click("#enter-year");
    app.wd.find("#year-form");
    app.wd.type_into("#year-source", "国办发明电〔2026〕测试");
    app.wd
        .type_into("#year-holidays", "元旦 2027-01-01/2027-01-03");
    app.wd.type_into("#year-workdays", "春节 2027-02-10");
    app.wd.click("#year-form-ok");
    app.wd.wait_for(
        "!document.querySelector('#year-form .form-error').hidden",
        "the refusal",
    );
    let msg = app.wd.text("#year-form .form-error");
    assert!(msg.contains("不是周末"), "{msg}");
    assert_eq!(digest(&app), before, "a refused year changes nothing");

    // Corrected: saved, and the deadline that moved is listed old → new.
    app.wd.exec(
        "document.getElementById('year-workdays').value = '';",
        json!([]),
    );
    app.wd.click("#year-form-ok");
    app.wd.find("#moves-report");
    let report = app.wd.text("#moves-report");
    assert!(
        report.contains(&format!(
            "{} 规范性文件合法性审核期限：2027年1月14日 → 2027年1月15日",
            year_end.reg_no
        )),
        "{report}"
    );
    app.screenshot("23-calendar-moves");
    app.wd.click("#moves-ok");
    // Closing the report reloads the calendar screen; wait for it, or that reload could land after the next
    // navigation and replace it.
    app.wd.wait_for(
        "!document.querySelector('dialog[open]') && document.querySelector(\"#calendar-years tr[data-year='2027']\") && document.getElementById('view').dataset.ready === location.hash",
        "the calendar screen listing 2027",
    );

    // The case page now says what moved and why; the warning is gone.
    app.wd.goto(&format!("#/case/{}", year_end.id));
    app.wd.find("#deadline-moves");
    let moves = app.wd.text("#deadline-moves");
    assert!(
        moves.contains("2027年1月14日 → 2027年1月15日") && moves.contains("录入2027年工作日历"),
        "{moves}"
    );
    assert!(!app.wd.text(item).contains("暂定日历"));
    app.screenshot("24-case-deadlines");

    // A rule edited on the rule table: a nonsense number is refused, a real one moves the open deadlines.
    app.wd.goto("#/calendar");
    app.wd
        .click("#rules tr[data-rule='contract_review'] button");
    app.wd.find("#rule-form");
    let before = digest(&app);
    app.wd.exec(
        "document.getElementById('rule-amount').value = '0';",
        json!([]),
    );
    app.wd.click("#rule-form-ok");
    app.wd.wait_for(
        "!document.querySelector('#rule-form .form-error').hidden",
        "the refusal",
    );
    assert!(app.wd.text("#rule-form .form-error").contains("应为 1—250"));
    assert_eq!(digest(&app), before, "a refused rule changes nothing");
    app.wd.exec(
        "document.getElementById('rule-amount').value = '7';",
        json!([]),
    );
    app.wd.click("#rule-form-ok");
    app.wd.find("#moves-report");
    let report = app.wd.text("#moves-report");
    assert!(
        report.contains(&format!(
            "{} 政府合同合法性审查期限：2020年6月8日 → 2020年6月10日",
            late.reg_no
        )),
        "{report}"
    );
    app.wd.click("#moves-ok");
    app.wd.wait_for(
        "document.querySelector(\"#rules tr[data-rule='contract_review'] .rule-period\")?.textContent === '7个工作日'",
        "the rule table showing the new number",
    );
    app.screenshot("25-rules");
    let report = app.store().check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

/// The PDFs in `dir`, by name.
fn pdfs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    out.sort();
    out
}

fn wait_for_pdf(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found = pdfs(dir);
        if found.len() >= count || std::time::Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn pdf_tool(tool: &str, pdf: &Path) -> String {
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

fn pdf_pages(pdf: &Path) -> usize {
    pdf_tool("pdfinfo", pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_letter_previews_as_it_prints_and_exports_with_forms_and_the_register() {
    let saved = tempfile::tempdir().unwrap();
    let opened_log = tempfile::NamedTempFile::new().unwrap();
    let app = App::start_with(
        demo,
        &[
            ("FASHEN_TEST_SAVE_DIR", saved.path()),
            ("FASHEN_TEST_OPENED", opened_log.path()),
        ],
    );
    let case = {
        let mut store = app.store();
        let c = register(
            &mut store,
            CaseKind::NormativeDoc,
            "丹徒区城市道路挖掘管理暂行规定",
        );
        fashen::actions::letters::new_letter(
            &mut store,
            &c,
            None,
            None,
            &fashen::actions::letters::LetterEdit {
                add_findings: (0..6)
                    .map(|i| fashen::model::Finding {
                        clause: format!("第{}条", i + 2),
                        problem: "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围".into(),
                        legal_basis: "《中华人民共和国行政许可法》第十七条".into(),
                        suggestion: "删除该条款，或改为引导性表述".into(),
                    })
                    .collect(),
                ..Default::default()
            },
        )
        .unwrap();
        c
    };
    app.wd.goto(&format!("#/case/{}", case.id));
    app.wd.click("#letters li button");
    app.wd.wait_for(
        "document.querySelectorAll('#letter-preview img').length >= 2",
        "the preview's pages",
    );
    // A finding from the clause library, found by a word of it.
    app.wd.click("#add-from-library");
    app.wd.type_into("#clause-search", "行政处罚法 第十六条");
    app.wd.wait_for(
        "document.querySelectorAll('#clause-results li[data-clause-id]').length === 1",
        "one entry matching both words",
    );
    app.screenshot("28-clause-library");
    app.wd.click("#clause-results li[data-clause-id] button");
    app.wd.wait_for(
        "document.querySelectorAll('#findings li').length === 7",
        "the finding added from the library",
    );
    let added = app.wd.exec(
        "return document.querySelector(\"#findings li[data-index='6'] textarea[data-part='legal_basis']\").value;",
        json!([]),
    );
    assert_eq!(added, json!("《中华人民共和国行政处罚法》第十六条"));

    // The preview follows the typing: a long conclusion adds to the pages.
    let settled = "document.querySelector('#letter-preview').dataset.busy === '0'";
    app.wd.wait_for(settled, "the preview drawn");
    let pages_before = app
        .wd
        .exec(
            "return document.querySelectorAll('#letter-preview img').length;",
            json!([]),
        )
        .as_u64()
        .unwrap();
    app.wd.type_into(
        "#letter-conclusion",
        "经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。",
    );
    // Then some sixty more lines, set as a paste would (typing them key by key takes long).
    app.wd.exec(
        "const t = document.querySelector('#letter-conclusion');
         t.value += '\\n' + '经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。'.repeat(50);
         t.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    app.wd.wait_for(
        &format!(
            "{settled} && document.querySelectorAll('#letter-preview img').length > {pages_before}"
        ),
        "the preview to grow with the conclusion",
    );
    app.wd.wait_for(
        "[...document.querySelectorAll('#letter-preview img')].every(i => i.complete && i.naturalWidth > 500)",
        "the pages drawn",
    );
    // 抄送, typed once with 、 between the offices.
    app.wd.type_into("#letter-cc", "区人民政府办公室、市司法局");
    app.screenshot("26-letter-preview");

    // Export: the draft is saved first, the PDF goes where the save dialog says and opens in the viewer; it has
    // as many pages as the preview showed.
    app.wd.wait_for(settled, "the preview drawn with the 抄送");
    let preview_pages = app
        .wd
        .exec(
            "return document.querySelectorAll('#letter-preview img').length;",
            json!([]),
        )
        .as_u64()
        .unwrap() as usize;
    app.wd.click("#export-letter");
    let files = wait_for_pdf(saved.path(), 1);
    assert_eq!(files.len(), 1, "one PDF written");
    let letter_pdf = &files[0];
    assert_eq!(
        pdf_pages(letter_pdf),
        preview_pages,
        "the preview shows the PDF's pages"
    );
    let text: String = pdf_tool("pdftotext", letter_pdf)
        .split_whitespace()
        .collect();
    assert!(
        text.contains("经审查，该文件按上述意见修改后"),
        "the unsaved conclusion was saved and printed"
    );
    assert!(text.contains("草稿"));
    assert!(
        text.contains("一、审查依据"),
        "a new letter starts with the kind's usual basis"
    );
    assert!(
        text.contains("抄送：区人民政府办公室，市司法局。"),
        "{text}"
    );
    let opened = std::fs::read_to_string(opened_log.path()).unwrap();
    assert!(
        opened.contains(letter_pdf.to_str().unwrap()),
        "opened in the viewer: {opened}"
    );

    // A character no font has: the preview says which, the export refuses and writes nothing.
    // (WebKitWebDriver cannot type characters outside the BMP, so the text is set as a paste would.)
    app.wd.exec(
        "const t = document.querySelector(\"#findings li[data-index='0'] textarea[data-part='problem']\");
         t.value += String.fromCodePoint(0x1F600); t.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    app.wd.wait_for(
        "document.querySelector('.preview-note')?.textContent.includes('U+1F600')",
        "the preview naming the character",
    );
    let before = digest(&app);
    app.wd.click("#export-letter");
    app.wd.wait_for(
        "document.querySelector('#letter-form .form-error:not([hidden])')?.textContent.includes('没有字形')",
        "the refusal",
    );
    assert_eq!(
        pdfs(saved.path()).len(),
        1,
        "no PDF written for a refused export"
    );
    assert_eq!(digest(&app), before, "a refused export saves nothing");
    app.wd.press(&[], ESCAPE);
    app.wd.click("#confirm-ok");

    // The case's form, filled.
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the editor closed",
    );
    app.wd.click("#print-case");
    app.wd.choose("#print-form", "normative_review");
    app.screenshot("27-print-form");
    app.wd.click("#print-form-dialog-ok");
    let files = wait_for_pdf(saved.path(), 2);
    let form = files
        .iter()
        .find(|p| p.to_string_lossy().contains("登记审批表"))
        .expect("the form's PDF");
    assert_eq!(pdf_pages(form), 1);
    let text: String = pdf_tool("pdftotext", form).split_whitespace().collect();
    assert!(
        text.contains(&case.reg_no.to_string()) && text.contains("丹徒区城市道路挖掘管理暂行规定")
    );

    // Batch printing from the register: every listed contract's form would not apply, so pick the normative
    // form for the normative cases of the demo year.
    app.wd.goto("#/cases?kind=normative_doc");
    app.wd.click("#batch-print-open");
    app.wd.choose("#batch-form", "normative_review");
    let expected = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::NormativeDoc),
            ..Default::default()
        },
    )
    .rows
    .len();
    assert!(app
        .wd
        .text("#batch-count")
        .contains(&format!("有 {expected} 件")));
    app.wd.click("#batch-print-ok");
    let files = wait_for_pdf(saved.path(), 3);
    let batch = files
        .iter()
        .find(|p| p.to_string_lossy().contains("件）"))
        .expect("the batch PDF");
    assert_eq!(pdf_pages(batch), expected, "one page per case");

    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the batch dialog closed",
    );
    app.wd.click("#print-register-open");
    app.wd.click("#print-register-ok");
    let files = wait_for_pdf(saved.path(), 4);
    let register = files
        .iter()
        .find(|p| p.to_string_lossy().contains("台账"))
        .expect("the register PDF");
    assert!(
        pdf_tool("pdfinfo", register).contains("841.89 x 595.276"),
        "landscape"
    );

    // Settings list the fonts of each role.
    app.wd.goto("#/settings");
    app.wd.wait_for(
        "document.querySelectorAll('#fonts tbody tr').length === 5",
        "the five font roles",
    );
    assert!(app.wd.text("#fonts").contains("FandolFang-Regular.otf"));
}

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
            fashen::sync::export_full(store, &office_file).unwrap();
            let mut advisor = Store::open(
                &other_db,
                fashen::OpenMode::CreateIfMissing,
                std::sync::Arc::new(fashen::clock::SystemClock),
            )
            .unwrap();
            advisor.set_device_name("顾问笔记本").unwrap();
            advisor.set_user_name("周志强").unwrap();
            let opts = fashen::sync::ImportOptions::default();
            fashen::sync::import(&mut advisor, &office_file, None, &opts).unwrap();
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
            fashen::sync::export(
                &advisor,
                fashen::sync::Target::Full,
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
    let history = store.history(case_id.0).unwrap();
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
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let file = loop {
        let found = std::fs::read_dir(saved.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "fashen"));
        if let Some(f) = found {
            break f;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no sync file was written"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let header = fashen::sync::inspect(&file, None).unwrap();
    assert!(!header.full, "written for the advisor");
    // The advisor takes it and ends with the same title and no conflict.
    let mut advisor = Store::open(
        &other_db,
        fashen::OpenMode::MustExist,
        std::sync::Arc::new(fashen::clock::SystemClock),
    )
    .unwrap();
    fashen::sync::import(
        &mut advisor,
        &file,
        None,
        &fashen::sync::ImportOptions::default(),
    )
    .unwrap();
    assert!(advisor.conflicts().unwrap().is_empty());
    assert_eq!(
        advisor.get::<ReviewCase>(case_id.0).unwrap().unwrap().title,
        "中小学校车接送服务采购合同"
    );
}
