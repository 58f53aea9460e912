//! Forged sync files: a case's body rewritten the way anyone with the file could (the revision id and the
//! file's SHA-256 recomputed — the checksum is unkeyed), one rule of the write path broken at a time. Each
//! file is refused whole, naming the record, and the receiving database is left exactly as it was. The same
//! bodies made through the write path are refused there too: one validation, both paths.

use serde_json::{json, Value};

use fashen::revision::EntityKind;
use fashen::sync::file;

use crate::support::TestDb;

/// The office's full sync file, with one registered case.
fn office_file(office: &TestDb) -> Vec<u8> {
    office.new_case("contract", "物业服务合同", "2026-03-02");
    let path = office.dir().join("科室.fashen");
    office.ok(&["sync", "export", "--full", "--out", path.to_str().unwrap()]);
    std::fs::read(&path).unwrap()
}

/// The file with the case's body changed by `edit`, its revision id and the checksum made right again.
fn forged(bytes: &[u8], edit: impl Fn(&mut Value)) -> Vec<u8> {
    let mut sync = file::read(bytes).unwrap();
    let case = sync
        .revisions
        .iter_mut()
        .find(|r| r.entity == EntityKind::Case)
        .expect("the file holds the case");
    edit(&mut case.body);
    case.rev_id = case.computed_id();
    sync.canonical_bodies.clear();
    file::write(&sync).unwrap()
}

/// One forgery: what it does, how it edits the body, and the words the refusal must hold.
type Forgery = (&'static str, Box<dyn Fn(&mut Value)>, &'static str);

#[test]
fn a_file_whose_bodies_break_the_write_paths_rules_is_refused_whole_and_changes_nothing() {
    let office = TestDb::with_office();
    let genuine = office_file(&office);
    let other = uuid::Uuid::now_v7().to_string();
    let long = "长".repeat(350_000);
    let cases: Vec<Forgery> = vec![
        (
            "a 350 000-character title",
            Box::new(move |b| b["title"] = json!(long)),
            "事项名称：不能超过 200 个字",
        ),
        (
            "an empty title",
            Box::new(|b| b["title"] = json!("")),
            "事项名称：不能为空",
        ),
        (
            "NUL and ESC in the title",
            Box::new(|b| b["title"] = json!("合同\u{0}\u{1b}[31m")),
            "含有不可见的控制字符",
        ),
        (
            "a right-to-left override in the title",
            Box::new(|b| b["title"] = json!("合同\u{202e}cod.exe")),
            "含有不可见的格式字符",
        ),
        (
            "an emoji in the title",
            Box::new(|b| b["title"] = json!("物业合同😀")),
            "含有表情符号「😀」",
        ),
        (
            "registration serial 0",
            Box::new(|b| b["reg_no"]["serial"] = json!(0)),
            "登记编号：序号应为 1—99999",
        ),
        (
            "registration serial 4294967295",
            Box::new(|b| b["reg_no"]["serial"] = json!(4_294_967_295u32)),
            "登记编号：序号应为 1—99999",
        ),
        (
            "received in 1800",
            Box::new(|b| {
                b["received"] = json!("1800-03-02");
                b["reg_no"]["year"] = json!(1800);
            }),
            "超出可登记范围",
        ),
        (
            "received on 9999-12-31",
            Box::new(|b| {
                b["received"] = json!("9999-12-31");
                b["reg_no"]["year"] = json!(9999);
            }),
            "超出可登记范围",
        ),
        (
            "a body naming another record",
            Box::new(move |b| b["id"] = json!(other)),
            "记的是另一条记录的编号",
        ),
        (
            "a unit that exists nowhere",
            Box::new(|b| b["unit_id"] = json!(uuid::Uuid::now_v7().to_string())),
            "所指的送审单位",
        ),
        (
            "an assignee that exists nowhere",
            Box::new(|b| b["assignee_id"] = json!(uuid::Uuid::now_v7().to_string())),
            "所指的承办人",
        ),
        (
            "a title that is not text",
            Box::new(|b| b["title"] = json!(5)),
            "的内容无法读取",
        ),
    ];
    let receiver = TestDb::new();
    receiver.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    for (what, edit, expected) in &cases {
        let path = receiver.dir().join("伪造.fashen");
        std::fs::write(&path, forged(&genuine, edit)).unwrap();
        let path = path.to_str().unwrap();
        let before = receiver.digest();
        for args in [
            &["sync", "import", path, "--dry-run"][..],
            &["sync", "import", path],
        ] {
            let msg = receiver.refused(args);
            assert!(
                msg.contains(expected) && msg.contains("案件「"),
                "{what}: expected «{expected}» naming the case in «{msg}»"
            );
            assert!(msg.contains("数据库未作任何改动"), "{what}: {msg}");
            assert_eq!(
                receiver.digest(),
                before,
                "{what}: a refused file must change nothing"
            );
        }
    }
    // The genuine file is taken, and the receiver then holds the case.
    receiver.ok(&[
        "sync",
        "import",
        receiver_path(&receiver, &genuine).as_str(),
    ]);
    assert_eq!(receiver.json(&["case", "list"])["total"], 1);
    receiver.ok(&["check"]);
}

fn receiver_path(db: &TestDb, bytes: &[u8]) -> String {
    let path = db.dir().join("科室.fashen");
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn what_a_forged_file_carries_the_write_path_refuses_too() {
    let db = TestDb::with_office();
    let new = |title: &str| {
        vec![
            "case".to_string(),
            "new".into(),
            "--kind".into(),
            "contract".into(),
            "--title".into(),
            title.to_string(),
            "--unit".into(),
            "区住房和城乡建设局".into(),
            "--received".into(),
            "2026-03-02".into(),
        ]
    };
    for (title, expected) in [
        // (350 000 characters would not fit in one command-line argument.)
        ("长".repeat(5_000), "事项名称：不能超过 200 个字"),
        (String::new(), "事项名称：不能为空"),
        ("合同\u{1b}[31m".to_string(), "含有不可见的控制字符"),
        ("合同\u{202e}cod.exe".to_string(), "含有不可见的格式字符"),
        ("物业合同😀".to_string(), "含有表情符号「😀」"),
    ] {
        let args = new(&title);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        db.all_refused_unchanged(&[(&args, expected)]);
    }
    db.all_refused_unchanged(&[
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "甲",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "1800-03-02",
            ],
            "超出可登记范围",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "甲",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2026-03-02",
                "--reg-no",
                "2026-4294967295",
            ],
            "登记编号：序号应为 1—99999",
        ),
    ]);
}

/// The stable mutation test's forged-body half: random fields of random bodies set to hostile values, ids and
/// checksum made right. No import may panic; a refused one changes nothing; an accepted one leaves a database
/// that `check` passes (what an import lets in, `check` would have caught otherwise).
#[test]
fn randomly_forged_bodies_are_refused_or_pass_check_and_never_panic() {
    use fashen::actions::sync::{import_bytes, ImportOptions};
    use fashen::{OpenMode, Store};

    let office = TestDb::with_office();
    office.new_case("contract", "物业服务合同", "2026-03-02");
    office.new_case("normative_doc", "停车管理办法", "2026-03-03");
    let genuine = office_file(&office);
    let receiver = TestDb::new();
    let mut store = Store::open(
        &receiver.path,
        OpenMode::CreateIfMissing,
        crate::support::clock_at(2026, 12, 6),
    )
    .unwrap();
    let hostile = [
        json!(""),
        json!("长".repeat(5_000)),
        json!("\u{0}\u{1b}[2J"),
        json!("\u{202e}"),
        json!("😀"),
        json!(-1),
        json!(0),
        json!(4_294_967_296u64),
        json!(null),
        json!(true),
        json!([]),
        json!({}),
        json!("9999-12-31"),
        json!("1800-01-01"),
        json!(uuid::Uuid::now_v7().to_string()),
    ];
    let mut rng = fastrand::Rng::with_seed(15);
    let (mut refused, mut taken) = (0, 0);
    for i in 0..200 {
        let mut sync = file::read(&genuine).unwrap();
        let at = rng.usize(0..sync.revisions.len());
        let rev = &mut sync.revisions[at];
        let Some(map) = rev.body.as_object_mut() else {
            continue;
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let key = &keys[rng.usize(0..keys.len())];
        map.insert(key.clone(), hostile[rng.usize(0..hostile.len())].clone());
        rev.rev_id = rev.computed_id();
        sync.canonical_bodies.clear();
        let bytes = file::write(&sync).unwrap();
        let before = fashen::store::content_digest(&receiver.path).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import_bytes(&mut store, &bytes, None, &ImportOptions::default())
        }));
        match result {
            Err(_) => panic!("forged body {i} ({key}) made the import panic"),
            Ok(Err(e)) => {
                refused += 1;
                assert_eq!(
                    fashen::store::content_digest(&receiver.path).unwrap(),
                    before,
                    "forged body {i} ({key}) was refused ({e}) but changed the database"
                );
            }
            Ok(Ok(_)) => {
                taken += 1;
                let report = store.check().unwrap();
                assert!(
                    report.is_ok(),
                    "forged body {i} ({key}) was taken, and check then finds: {:#?}",
                    report.problems
                );
            }
        }
    }
    assert!(
        refused > 100,
        "most hostile values break a rule: {refused} refused, {taken} taken"
    );
}

#[test]
fn a_device_a_pipe_or_a_large_file_of_anything_else_is_refused_before_it_is_read() {
    let receiver = TestDb::new();
    receiver.ok(&["init"]);
    // A sparse 2 GB file: refused from its first bytes, not read into memory.
    let big = receiver.dir().join("大文件.fashen");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2_000_000_000)
        .unwrap();
    let big = big.to_string_lossy().into_owned();
    // The same, starting with a genuine file's magic and header: refused at its first record (bytes of
    // zeros) instead of after reading 2 GB to compare a checksum.
    let genuine = office_file(&TestDb::with_office());
    let header_end = 16 + u32::from_le_bytes(genuine[12..16].try_into().unwrap()) as usize;
    let headed = receiver.dir().join("开头像同步文件.fashen");
    let mut f = std::fs::File::create(&headed).unwrap();
    std::io::Write::write_all(&mut f, &genuine[..header_end]).unwrap();
    f.set_len(2_000_000_000).unwrap();
    let headed = headed.to_string_lossy().into_owned();
    receiver.all_refused_unchanged(&[
        (&["sync", "import", &headed], "未知的记录类型 0x00"),
        (&["sync", "import", "/dev/zero"], "不是普通文件"),
        (&["sync", "import", &big], "这不是法审台同步文件"),
        (&["sync", "verify", &big], "这不是法审台同步文件"),
    ]);
}

#[test]
fn a_file_from_an_unrelated_database_is_flagged_in_the_preview() {
    let office = TestDb::with_office();
    let file = office_file(&office);
    let other_office = TestDb::with_office();
    let path = other_office.dir().join("别处.fashen");
    std::fs::write(&path, &file).unwrap();
    let preview = other_office.json(&["sync", "import", path.to_str().unwrap(), "--dry-run"]);
    let warned = |r: &serde_json::Value| {
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("没有任何共同的记录"))
    };
    assert!(warned(&preview), "{preview:#}");
    // A new laptop's first import, and a file from a laptop that shares its history, are not flagged.
    let fresh = TestDb::new();
    fresh.ok(&["init"]);
    let path = fresh.dir().join("科室.fashen");
    std::fs::write(&path, &file).unwrap();
    let first = fresh.json(&["sync", "import", path.to_str().unwrap()]);
    assert!(!warned(&first), "{first:#}");
    office.new_case("contract", "又一份合同", "2026-03-05");
    let again = office.dir().join("再次.fashen");
    office.ok(&["sync", "export", "--full", "--out", again.to_str().unwrap()]);
    let second = fresh.json(&["sync", "import", again.to_str().unwrap()]);
    assert!(!warned(&second), "{second:#}");
}

/// The other half of "one validation, both paths": records that pass the write path travel. Random cases
/// (any kind; titles of any printable characters up to the 200-character limit; dates across the years; an
/// amount or a counterparty where the kind has one), made through the actions, are exported and imported into
/// a new laptop, which must take every one and pass `check`.
#[test]
fn records_the_write_path_accepts_are_all_taken_by_an_import() {
    use fashen::actions::cases::register_case;
    use fashen::actions::parties::{add_unit, NewUnit};
    use fashen::actions::sync::{export_full, import, ImportOptions};
    use fashen::model::CaseKind;
    use fashen::{OpenMode, Store};

    let pool: Vec<char> = "合同规定办法审查意见甲乙丙丁ABCxyz0123 ，。、（）《》“”-—·%&<>'\"#/\\"
        .chars()
        .collect();
    let mut rng = fastrand::Rng::with_seed(1515);
    for round in 0..6 {
        let office = TestDb::new();
        let clock = crate::support::clock_at(2026, 12, 6);
        let mut store =
            Store::open(&office.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
        add_unit(
            &mut store,
            &NewUnit {
                name: "区财政局".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let mut made = 0;
        for _ in 0..rng.usize(5..25) {
            let kind = CaseKind::ALL[rng.usize(0..CaseKind::ALL.len())];
            let len = rng.usize(1..=200);
            let title: String = (0..len).map(|_| pool[rng.usize(0..pool.len())]).collect();
            if title.trim().is_empty() {
                continue;
            }
            // Received on a day up to today (the clock's 2026-12-06).
            let year = rng.i32(2017..=2026);
            let month = rng.u32(1..=if year == 2026 { 11 } else { 12 });
            let received = format!("{year}-{month:02}-{:02}", rng.u32(1..=28));
            let mut fields = vec![
                ("title".to_string(), title),
                ("unit".to_string(), "区财政局".to_string()),
                ("received".to_string(), received),
            ];
            match kind {
                CaseKind::Contract => {
                    fields.push((
                        "amount".into(),
                        format!("{}.{:02}", rng.u32(0..10_000_000), rng.u32(0..100)),
                    ));
                    fields.push(("counterparty".into(), "某某有限公司".into()));
                }
                CaseKind::PenaltyFiling => {
                    fields.push(("amount".into(), rng.u32(1..500_000).to_string()))
                }
                _ => {}
            }
            register_case(&mut store, kind, &fields, None)
                .unwrap_or_else(|e| panic!("round {round}: a valid case was refused: {e}"));
            made += 1;
        }
        let file = office.dir().join("全部.fashen");
        export_full(&store, &file).unwrap();
        let laptop = TestDb::new();
        let mut other = Store::open(&laptop.path, OpenMode::CreateIfMissing, clock).unwrap();
        import(&mut other, &file, None, &ImportOptions::default()).unwrap_or_else(|e| {
            panic!("round {round}: an import refused what the write path accepted: {e}")
        });
        assert_eq!(other.case_count().unwrap(), made as u64, "round {round}");
        let report = other.check().unwrap();
        assert!(report.is_ok(), "round {round}: {:#?}", report.problems);
    }
}

/// A case's kind and the kind of case a record may belong to hold on every path: the write path refuses a
/// hearing on a contract, and so does an import of a file that makes the lawsuit under a hearing a contract;
/// a file that turns a lawsuit this laptop has into a contract is refused too. Nothing changes.
#[test]
fn a_file_that_changes_a_cases_kind_or_hangs_a_hearing_on_the_wrong_kind_is_refused() {
    let office = TestDb::with_office();
    let suit = office.new_case(
        "litigation",
        "王某诉区住房和城乡建设局行政处罚案",
        "2026-03-02",
    );
    let reg = suit["reg_no"].as_str().unwrap();
    office.ok(&[
        "hearing",
        "add",
        "--case",
        reg,
        "--on",
        "2026-04-10",
        "--appeared",
        "行政机关负责人",
    ]);
    let contract = office.new_case("contract", "物业服务合同", "2026-03-02");
    let on_contract = office.refused(&[
        "hearing",
        "add",
        "--case",
        contract["reg_no"].as_str().unwrap(),
        "--on",
        "2026-04-10",
        "--appeared",
        "行政机关负责人",
    ]);
    assert!(on_contract.contains("行政应诉"), "{on_contract}");
    let path = office.dir().join("科室.fashen");
    office.ok(&["sync", "export", "--full", "--out", path.to_str().unwrap()]);
    let genuine = std::fs::read(&path).unwrap();
    // The lawsuit's one revision rewritten as a contract's.
    let as_contract = {
        let mut sync = file::read(&genuine).unwrap();
        let case = sync
            .revisions
            .iter_mut()
            .find(|r| r.entity == EntityKind::Case && r.body["details"]["kind"] == "litigation")
            .expect("the lawsuit");
        case.body["details"] = json!({ "kind": "contract" });
        case.rev_id = case.computed_id();
        sync.canonical_bodies.clear();
        file::write(&sync).unwrap()
    };

    // A fresh laptop: the hearing would hang on a contract.
    let receiver = TestDb::new();
    receiver.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    let before = receiver.digest();
    let msg = receiver.refused(&[
        "sync",
        "import",
        receiver_path(&receiver, &as_contract).as_str(),
    ]);
    assert!(
        msg.contains("合同案件") && msg.contains("只能属于行政应诉案件"),
        "{msg}"
    );
    assert_eq!(receiver.digest(), before, "a refused file changes nothing");

    // A laptop that has the lawsuit: the file would turn it into a contract.
    receiver.ok(&[
        "sync",
        "import",
        receiver_path(&receiver, &genuine).as_str(),
    ]);
    let before = receiver.digest();
    let msg = receiver.refused(&[
        "sync",
        "import",
        receiver_path(&receiver, &as_contract).as_str(),
    ]);
    assert!(
        msg.contains("案件类别由「行政应诉」改为「政府合同合法性审查」"),
        "{msg}"
    );
    assert_eq!(receiver.digest(), before, "a refused file changes nothing");
    receiver.ok(&["check"]);
}
