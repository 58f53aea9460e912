//! Starting the app: the first start on an empty database, a second start on the same database, and a
//! database from a newer version.

use crate::fixtures::demo;

use crate::support::{self, App, Shell};

#[test]
fn first_start_on_an_empty_database_offers_the_demo_data_and_shows_it() {
    let app = App::start();
    app.wd.find("#welcome");
    assert!(app
        .wd
        .text("#welcome")
        .contains(&app.db_path().display().to_string()));
    // Starting blank is the primary path; the demo is the other button.
    assert_eq!(
        app.wd
            .exec(
                "return document.querySelector('#welcome button.primary').id",
                serde_json::json!([])
            )
            .as_str(),
        Some("start-blank")
    );
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

    // The demo goes again from 设置, after a confirmation, leaving the laptop's own settings.
    app.wd.goto("#/settings");
    app.wd.click("#clear-demo");
    app.wd.click("#confirm-ok");
    app.wd.wait_for(
        "document.getElementById('toasts').textContent.includes('已清除演示数据') && !document.getElementById('demo-data')",
        "the demo cleared",
    );
    let store = app.store();
    assert_eq!(store.case_count().unwrap(), 0, "no demo case left");
    assert!(!store.has_demo_data().unwrap());
    assert_eq!(store.setting("user_name").unwrap().as_deref(), Some("刘洋"));
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_second_start_on_the_same_database_focuses_the_first_window() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/");
    let mut second = match support::shell() {
        Shell::Desktop => std::process::Command::new(support::APP),
        Shell::Browser => {
            let mut serve = std::process::Command::new(support::fashen_bin());
            serve.arg("serve");
            serve
        }
    };
    let second = second
        .env("DISPLAY", &app.display)
        .env("FASHEN_DB", app.db_path())
        .env("XDG_RUNTIME_DIR", app.dir.path())
        .env("XDG_DATA_HOME", app.dir.path())
        .env("FASHEN_TEST_OPENED", app.dir.path().join("launched.log"))
        .output()
        .unwrap();
    assert!(second.status.success());
    let said = String::from_utf8_lossy(&second.stderr).to_string()
        + &String::from_utf8_lossy(&second.stdout);
    assert!(said.contains("已在运行"), "{said}");
    match support::shell() {
        Shell::Desktop => app.wd.wait_for(
            "document.getElementById('toasts').textContent.includes('已切换到此窗口')",
            "the notice in the first window",
        ),
        Shell::Browser => {
            // The running server opened a new tab with a new one-time token: the app opens there too.
            let pages = app.launch_pages();
            assert_eq!(pages.len(), 2, "a second launch page: {pages:?}");
            let first = app.wd.window();
            app.wd.new_tab();
            app.wd.open(&format!("file://{}", pages[1].display()));
            app.wd
                .wait_for("document.getElementById('view')", "the app in the new tab");
            app.wd.switch_to(&first);
            // The first tab goes on working beside the new one (one session for every tab).
            app.wd.goto("#/cases");
            app.wd.wait_for(
                "document.querySelector('#view table tbody tr') && !document.getElementById('fatal')",
                "the register in the first tab",
            );
        }
    }
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
