//! What the desktop screens read and write, through the library: the dashboard, this laptop's settings,
//! backups, attachments, the register's title and active filters, and the edit form's round trip.

use std::sync::Arc;

use fashen::actions::{cases, dashboard, records, settings};
use fashen::clock::FixedClock;
use fashen::model::{CaseKind, Status};
use fashen::store::CaseFilter;
use fashen::{OpenMode, Store};

use crate::support::TestDb;

/// 2026-11-25 10:00 in China.
fn clock() -> Arc<FixedClock> {
    crate::support::clock_at(2026, 11, 25)
}

fn demo_store(db: &TestDb) -> Store {
    let clock = clock();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock).unwrap();
    fashen::demo::load(&mut store).unwrap();
    store
}

/// The newest case in the register.
fn newest_case(store: &Store) -> fashen::model::ReviewCase {
    let page = store
        .list_cases(&CaseFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    fashen::actions::find_case(store, &page.rows[0].id).unwrap()
}

#[test]
fn a_new_database_is_empty_until_the_demo_data_is_loaded() {
    let db = TestDb::new();
    let clock = clock();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock).unwrap();
    assert!(settings::app_info(&store).unwrap().is_empty);
    fashen::demo::load(&mut store).unwrap();
    let info = settings::app_info(&store).unwrap();
    assert!(!info.is_empty);
    assert_eq!(info.case_count, 296);
}

#[test]
fn the_dashboard_counts_every_case_and_lists_each_queue_and_my_open_cases() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let d = dashboard::dashboard(&store).unwrap();
    assert_eq!(d.total, store.case_count().unwrap());
    assert!(d.mine.is_none(), "no user name set: no personal list");
    for q in &d.queues {
        let all = store
            .list_cases(&CaseFilter {
                status: Some(q.status),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(q.page.total, all.total, "{:?}", q.status);
        assert!(q.page.rows.len() <= dashboard::DASHBOARD_ROWS as usize);
        assert!(q.page.rows.iter().all(|r| r.status == q.status));
    }

    store.set_user_name("刘洋").unwrap();
    let d = dashboard::dashboard(&store).unwrap();
    let mine = d.mine.expect("刘洋 is on the staff");
    assert!(mine.total > 0);
    assert!(mine
        .rows
        .iter()
        .all(|r| r.assignee_name.as_deref() == Some("刘洋")));
    assert!(
        mine.rows.iter().all(|r| r.status.is_active()),
        "only cases still being handled"
    );
}

#[test]
fn the_register_finds_title_words_as_search_reads_them() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let unit = store.units_named("区财政局").unwrap().remove(0);
    cases::register_case(
        &mut store,
        CaseKind::Advice,
        &[
            ("title".into(), r"增长 5%_以上的\说明".into()),
            ("unit".into(), unit.id.to_string()),
        ],
        None,
    )
    .unwrap();
    let by_title = |t: &str| {
        store
            .list_cases(&CaseFilter {
                title_contains: Some(t.into()),
                ..Default::default()
            })
            .unwrap()
    };
    let contracts = by_title("合同");
    assert!(contracts.total > 0);
    assert!(contracts.rows.iter().all(|r| r.title.contains("合同")));
    assert_eq!(
        by_title("%").total,
        1,
        "a percent sign is a character, not a wildcard"
    );
    assert_eq!(by_title("5%_").total, 1, "so is an underscore");
    assert_eq!(by_title("\\").total, 1, "and a backslash");
    assert_eq!(
        by_title("5_%").total,
        0,
        "the characters must stand in that order"
    );
    // As search reads words (through its index): each word anywhere in the title, `-词` excluded, full-width
    // and upper-case forms as their plain forms — and only the title, not the document's numbers.
    let titles: Vec<String> = store
        .list_cases(&CaseFilter::default())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.title)
        .collect();
    let scan = |must: &[&str], not: &[&str]| {
        titles
            .iter()
            .filter(|t| must.iter().all(|w| t.contains(w)) && !not.iter().any(|w| t.contains(w)))
            .count() as u64
    };
    for title in &titles {
        let chars: Vec<char> = title.chars().collect();
        for (at, len) in [(0, 1), (1, 2), (2, 3), (chars.len().saturating_sub(4), 4)] {
            let word: String = chars.iter().skip(at).take(len).collect();
            assert_eq!(by_title(&word).total, scan(&[&word], &[]), "「{word}」");
        }
    }
    assert_eq!(by_title("合同 服务").total, scan(&["合同", "服务"], &[]));
    assert_eq!(by_title("合同 -物业").total, scan(&["合同"], &["物业"]));
    assert!(by_title("合同 -物业").total < by_title("合同").total);
    assert_eq!(
        by_title("-合同").total,
        scan(&[], &["合同"]),
        "only an exclusion"
    );
    assert_eq!(
        by_title("％").total,
        1,
        "a full-width percent sign is the plain one"
    );
    let numbered = store
        .list_cases(&CaseFilter::default())
        .unwrap()
        .rows
        .into_iter()
        .find_map(|r| {
            let case = fashen::actions::find_case(&store, &r.id).unwrap();
            cases::case_view(&store, case)
                .unwrap()
                .fields
                .into_iter()
                .find(|f| f.code == "doc_no")
                .map(|f| f.value)
        })
        .expect("a demo case with a 文号");
    assert_eq!(
        by_title(&format!("\"{numbered}\"")).total,
        0,
        "{numbered} is a number, not a title"
    );
}

#[test]
fn every_field_shown_on_the_edit_form_reads_back_unchanged() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let before = db.digest();
    for row in store.list_cases(&CaseFilter::default()).unwrap().rows {
        let case = fashen::actions::find_case(&store, &row.id).unwrap();
        let view = cases::case_view(&store, case).unwrap();
        let raw: Vec<(String, String)> = view
            .fields
            .iter()
            .map(|f| (f.code.to_string(), f.raw.clone()))
            .collect();
        let err = cases::edit_case(&mut store, view.case.id, &raw).unwrap_err();
        assert!(
            err.to_string().contains("没有变化"),
            "{} ({}): sending the form back untouched must be 'no change', got: {err}",
            view.reg_no,
            view.kind_label
        );
    }
    assert_eq!(db.digest(), before);
}

#[test]
fn backups_are_listed_newest_first_and_a_restore_replaces_the_data_in_place() {
    let db = TestDb::new();
    let clock = clock();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    fashen::demo::load(&mut store).unwrap();
    let first = store.backup(None).unwrap();
    clock.advance(chrono::Duration::minutes(5));
    let unit = store.units_named("区财政局").unwrap().remove(0);
    let extra = cases::register_case(
        &mut store,
        CaseKind::Advice,
        &[
            ("title".into(), "备份后登记的咨询".into()),
            ("unit".into(), unit.id.to_string()),
        ],
        None,
    )
    .unwrap();
    clock.advance(chrono::Duration::minutes(5));
    let second = store.backup(None).unwrap();
    let listed: Vec<_> = store
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect();
    assert_eq!(listed, vec![second.path.clone(), first.path.clone()]);

    store.restore(&first.path).unwrap();
    assert!(
        store
            .get::<fashen::model::ReviewCase>(extra.id.0)
            .unwrap()
            .is_none(),
        "the later case is gone"
    );
    assert_eq!(store.case_count().unwrap(), 296);
    assert_eq!(
        store.backups().unwrap().len(),
        3,
        "the state before the restore was kept as a backup"
    );
}

#[test]
fn an_attachment_is_written_out_byte_for_byte_for_viewing() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let case = newest_case(&store);
    let bytes = "送审稿正文\n第一条".as_bytes();
    let att = records::attach_file(&mut store, case.id, "../../送审稿.txt", bytes, None).unwrap();
    let out = db.dir().join("opened");
    let exported = records::export_attachment(&store, att.id, &out).unwrap();
    let path = &exported.path;
    assert!(
        path.starts_with(&out),
        "a name with ../ cannot write outside the folder: {}",
        path.display()
    );
    assert!(path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .ends_with("送审稿.txt"));
    assert_eq!(std::fs::read(path).unwrap(), bytes);
    assert!(exported.viewable, "a text file opens in its viewer");
}

#[test]
fn an_attachment_that_could_run_a_program_is_never_marked_viewable() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let case = newest_case(&store);
    for (name, viewable) in [
        ("扫描件.PDF", true),
        ("签批表.jpg", true),
        ("run.sh", false),
        ("启动.desktop", false),
        ("setup.exe", false),
        ("无扩展名", false),
    ] {
        let att = records::attach_file(&mut store, case.id, name, name.as_bytes(), None).unwrap();
        let exported =
            records::export_attachment(&store, att.id, &db.dir().join("opened")).unwrap();
        assert_eq!(exported.viewable, viewable, "{name}");
    }
}

#[test]
fn a_document_in_force_needs_no_work_but_one_awaiting_filing_does() {
    assert!(!Status::InForce.is_active());
    assert!(!Status::Withdrawn.is_active());
    assert!(Status::AwaitingFiling.is_active());
    assert!(Status::Expiring.is_active());
}

#[test]
fn restoring_the_oldest_of_ten_automatic_backups_works() {
    let db = TestDb::new();
    let clock = clock();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    fashen::demo::load(&mut store).unwrap();
    let mut taken = Vec::new();
    for _ in 0..10 {
        clock.advance(chrono::Duration::minutes(1));
        taken.push(store.backup(None).unwrap().path);
    }
    clock.advance(chrono::Duration::minutes(1));
    // The safety copy a restore takes must not rotate away the very file being restored.
    store.restore(&taken[0]).unwrap();
    assert!(taken[0].exists(), "the restored backup is still there");
    assert_eq!(store.case_count().unwrap(), 296);
}

#[test]
fn safety_copies_of_restores_rotate_and_killed_copies_leave_no_backup_behind() {
    let db = TestDb::new();
    let clock = clock();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    fashen::demo::load(&mut store).unwrap();
    let backup = store.backup(None).unwrap().path;
    let dir = backup.parent().unwrap().to_path_buf();
    let named = |prefix: &str, suffix: &str| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.starts_with(prefix) && n.ends_with(suffix)
            })
            .collect();
        v.sort();
        v
    };
    // What a restore killed while copying left: a partial copy under its `.part` name, long ago, and one being
    // written right now by another window.
    let stale = dir.join("fashen-before-restore-20261124-100000.sqlite3.part");
    let fresh = dir.join("fashen-before-restore-20261125-095959.sqlite3.part");
    for p in [&stale, &fresh] {
        std::fs::write(p, b"").unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        // (File times are the machine's, not the test clock's: any day long past.)
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_750_000_000))
        .unwrap();
    for _ in 0..12 {
        clock.advance(chrono::Duration::minutes(1));
        store.restore(&backup).unwrap();
    }
    let safety = named("fashen-before-restore-", ".sqlite3");
    assert_eq!(
        safety.len(),
        10,
        "safety copies rotate like backups: {safety:?}"
    );
    assert!(
        !stale.exists(),
        "a partial copy a killed restore left is removed"
    );
    assert!(fresh.exists(), "a copy still being written is left alone");
    assert!(
        store
            .backups()
            .unwrap()
            .iter()
            .all(|b| !b.path.to_string_lossy().ends_with(".part")),
        "a partial copy is never listed as a backup"
    );
    // Undoing a restore restores its oldest safety copy: rotation never takes the file being restored.
    clock.advance(chrono::Duration::minutes(1));
    store.restore(&safety[0]).unwrap();
    assert!(safety[0].exists());
    assert_eq!(store.case_count().unwrap(), 296);
}

#[test]
fn a_backup_from_another_laptop_brings_its_data_but_this_laptop_stays_itself() {
    let clock = clock();
    let theirs_db = TestDb::new();
    let mut theirs =
        Store::open(&theirs_db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    theirs.set_user_name("陈静").unwrap();
    theirs.set_device_name("科长的电脑").unwrap();
    fashen::demo::load(&mut theirs).unwrap();
    let their_backup = theirs.backup(None).unwrap().path;

    let ours_db = TestDb::new();
    let mut ours = Store::open(&ours_db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    ours.set_user_name("刘洋").unwrap();
    ours.set_device_name("内勤的电脑").unwrap();
    let our_device = ours.device_id();
    clock.advance(chrono::Duration::minutes(1));
    ours.restore(&their_backup).unwrap();

    assert_eq!(ours.case_count().unwrap(), 296, "the data is theirs");
    assert_eq!(ours.device_id(), our_device, "the device id is ours");
    assert_ne!(ours.device_id(), theirs.device_id());
    assert_eq!(ours.setting("user_name").unwrap().as_deref(), Some("刘洋"));
    assert_eq!(
        ours.setting("device_name").unwrap().as_deref(),
        Some("内勤的电脑")
    );
    assert_eq!(
        ours.author(),
        "刘洋",
        "changes made here are still signed by this laptop's user"
    );
}

fn page_size(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap()
}

/// New databases have 16 KB pages; one made before that keeps 4 KB. A backup of either restores into the other
/// (SQLite refuses to copy across page sizes into a database in WAL mode, so a restore leaves WAL for the copy).
#[test]
fn backups_restore_between_old_4_kb_and_new_16_kb_databases() {
    let clock = clock();
    let old_db = TestDb::new();
    // A database as an earlier version created it: 4 KB pages, fixed by its first write.
    rusqlite::Connection::open(&old_db.path)
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; VACUUM;")
        .unwrap();
    let mut old = Store::open(&old_db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    fashen::demo::load(&mut old).unwrap();
    let new_db = TestDb::new();
    let mut new = Store::open(&new_db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    assert_eq!(
        (page_size(&old_db.path), page_size(&new_db.path)),
        (4096, 16384)
    );

    let old_backup = old.backup(None).unwrap().path;
    new.restore(&old_backup).unwrap();
    assert_eq!(new.case_count().unwrap(), 296);
    assert!(new.check().unwrap().is_ok());

    new.set_device_name("新电脑").unwrap();
    let case = newest_case(&new);
    cases::edit_case(&mut new, case.id, &[("note".into(), "恢复后补记".into())]).unwrap();
    let new_backup = new.backup(None).unwrap().path;
    old.restore(&new_backup).unwrap();
    assert_eq!(
        old.get::<fashen::model::ReviewCase>(case.id.0)
            .unwrap()
            .and_then(|c| c.note),
        Some("恢复后补记".to_string())
    );
    assert!(old.check().unwrap().is_ok());
    // Each stays in WAL mode afterwards.
    for db in [&old_db.path, &new_db.path] {
        let mode: String = rusqlite::Connection::open(db)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}

/// The year form of the calendar screen: runs typed with spaces around the separator keep every day, and a
/// year saved with no holidays (an empty form) is refused with nothing written.
#[test]
fn a_year_typed_on_the_calendar_screen_keeps_every_day_and_an_empty_one_is_refused() {
    use fashen::actions::deadlines::{calendar_year, save_calendar_year, YearInput};
    let db = TestDb::new();
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock()).unwrap();
    let input = YearInput {
        year: 2027,
        source: "国办发明电〔2026〕测试".into(),
        holidays: "元旦 2027-01-01/2027-01-03\n春节 2027-02-06 / 2027-02-13\n".into(),
        make_up_workdays: "春节 2027-02-20".into(),
        ..Default::default()
    };
    let before = db.digest();
    let empty = YearInput {
        holidays: String::new(),
        ..input.clone()
    };
    let err = save_calendar_year(&mut store, &empty)
        .unwrap_err()
        .to_string();
    assert!(err.contains("没有任何放假日"), "{err}");
    assert_eq!(db.digest(), before, "a refused year changes nothing");

    let report = save_calendar_year(&mut store, &input).unwrap();
    assert_eq!(report.added, vec!["2027年".to_string()]);
    let year = calendar_year(&store, 2027).unwrap();
    let off = year.days.iter().filter(|d| d.kind == "holiday").count();
    assert_eq!(off, 3 + 8, "New Year 3 days and the Spring Festival 8 days");
    assert!(year
        .days
        .iter()
        .any(|d| d.date.to_string() == "2027-02-20" && d.kind == "make_up_workday"));
}

#[test]
fn an_expired_document_waits_in_its_own_queue_not_among_those_expiring() {
    let db = TestDb::new();
    let store = demo_store(&db);
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    let today = board.today;
    // 已届满待清理: past its expiry, not yet cleaned up.
    assert!(
        board.validity_expired.total >= 1,
        "the demo has a document past its expiry"
    );
    for item in &board.validity_expired.items {
        assert!(item.row.due.is_some_and(|d| d < today), "{item:?}");
        assert!(item.left_text.starts_with("已届满"), "{}", item.left_text);
    }
    // 有效期即将届满: only documents still in force.
    for item in &board.validity_expiring.items {
        assert!(
            item.row.trigger.is_none_or(|expiry| expiry >= today),
            "an expired document among those expiring: {item:?}"
        );
        assert!(!item.left_text.starts_with("已届满"), "{}", item.left_text);
    }
}

#[test]
fn the_dashboard_counts_cases_and_lists_each_once_with_its_filing_channels_in_its_row() {
    let db = TestDb::new();
    let store = demo_store(&db);
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    // What `fashen deadlines --overdue` lists deadline by deadline, the dashboard counts by case.
    let overdue = fashen::actions::deadlines::deadline_list(
        &store,
        &fashen::actions::deadlines::DeadlineFilter {
            overdue: true,
            ..Default::default()
        },
    )
    .unwrap();
    // An expired document waits in its own list.
    let overdue: Vec<_> = overdue
        .into_iter()
        .filter(|i| i.row.purpose == fashen::model::rule::RulePurpose::Deadline)
        .collect();
    let mut overdue_cases: Vec<&str> = overdue.iter().map(|i| i.row.case_id.as_str()).collect();
    overdue_cases.sort();
    overdue_cases.dedup();
    assert!(
        overdue.len() > overdue_cases.len(),
        "the demo has a case with two overdue deadlines"
    );
    assert_eq!(board.overdue.total as usize, overdue_cases.len());
    let two_channels = board
        .overdue
        .items
        .iter()
        .find(|i| !i.also.is_empty())
        .expect("a case with both its filing channels overdue, in one row");
    assert!(two_channels
        .also
        .iter()
        .all(|a| a.row.case_id == two_channels.row.case_id && a.row.rule != two_channels.row.rule));
    // Each case once across the lists of the morning round.
    let mut seen = std::collections::BTreeSet::new();
    for list in [&board.overdue, &board.due_soon, &board.filings_due] {
        for item in &list.items {
            assert!(
                seen.insert(item.row.case_id.clone()),
                "{} listed twice on the dashboard",
                item.row.reg_no
            );
        }
    }
}

#[test]
fn a_document_s_validity_is_shown_apart_from_the_stage_of_its_case() {
    let db = TestDb::new();
    let store = demo_store(&db);
    let view_of = |title: &str| {
        let page = store
            .list_cases(&CaseFilter {
                title_contains: Some(title.into()),
                ..Default::default()
            })
            .unwrap();
        let case = fashen::actions::find_case(&store, &page.rows[0].id).unwrap();
        cases::case_view(&store, case).unwrap()
    };
    // Its case is in 届满前评估 (the office evaluating it); the document itself is past its expiry.
    let expired = view_of("养老服务机构补贴实施细则");
    assert_eq!(expired.status, Status::Expiring);
    assert_eq!(expired.status_label, "届满前评估");
    let v = expired.validity.unwrap();
    assert_eq!((v.state, v.state_label), ("expired", "已届满"));
    assert!(v.text.contains("待清理"), "{}", v.text);
    // A 暂行 document is valid for the provisional period, whatever its case's stage.
    let provisional = view_of("城市道路挖掘管理暂行规定");
    let v = provisional.validity.unwrap();
    assert_eq!(v.state, "in_force");
    let effective = match &provisional.case.details {
        fashen::model::CaseDetails::NormativeDoc(n) => n.effective_on.unwrap(),
        _ => unreachable!(),
    };
    // Two years from the day it took effect, that day counted: to the day before its second anniversary.
    assert_eq!(
        v.until,
        effective
            .checked_add_months(chrono::Months::new(24))
            .and_then(|d| d.pred_opt())
    );
    // A contract has no validity of its own.
    assert!(view_of("物业管理服务合同").validity.is_none());
}
