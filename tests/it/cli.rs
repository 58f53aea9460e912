//! The `fashen` command line end to end: what a clerk types and what they get back.

use crate::support::TestDb;

#[test]
fn init_is_idempotent_and_keeps_the_device_id() {
    let db = TestDb::new();
    let first = db.json(&["init"]);
    let second = db.json(&["init"]);
    assert_eq!(
        first["device_id"], second["device_id"],
        "the device id is created once per database"
    );
    assert_eq!(db.ok(&["check"]).lines().last(), Some("检查通过"));
}

#[test]
fn a_new_case_gets_the_next_number_of_its_year_and_starts_registered() {
    let db = TestDb::with_office();
    let a = db.new_case(
        "normative_doc",
        "丹徒区农村村民住房建设管理办法",
        "2018-02-06",
    );
    assert_eq!(a["reg_no"], "2018-001");
    assert_eq!(a["status"], "registered");
    assert!(a["id"].as_str().unwrap().len() == 36);
    let b = db.new_case("contract", "施工合同", "2018-03-01");
    assert_eq!(b["reg_no"], "2018-002");
    let c = db.new_case("contract", "采购合同", "2019-01-03");
    assert_eq!(c["reg_no"], "2019-001", "numbering restarts each year");
    let list = db.json(&["case", "list", "--year", "2018"]);
    assert_eq!(list["total"], 2);
}

#[test]
fn a_normative_document_walks_its_whole_life_and_the_history_shows_every_step() {
    let db = TestDb::with_office();
    let c = db.new_case("normative_doc", "丹徒区城市道路挖掘管理规定", "2018-02-06");
    let id = c["reg_no"].as_str().unwrap();
    db.ok(&[
        "case",
        "edit",
        id,
        "--advisors",
        "周志强",
        "--assignee",
        "刘洋",
    ]);
    db.ok(&[
        "case",
        "advance",
        id,
        "--to",
        "in_review",
        "--on",
        "2018-02-08",
    ]);
    db.ok(&[
        "case",
        "pause",
        id,
        "--reason",
        "缺少起草说明",
        "--on",
        "2018-02-12",
    ]);
    db.ok(&["case", "resume", id, "--on", "2018-02-20"]);
    db.ok(&[
        "case",
        "extend",
        id,
        "--days",
        "5",
        "--reason",
        "涉及多部门",
        "--approver",
        "陈静",
    ]);
    db.ok(&["case", "advance", id, "--to", "advisor_consulted"]);
    db.ok(&["case", "advance", id, "--to", "awaiting_signoff"]);
    let refused = db.refused(&["case", "advance", id, "--to", "opinion_issued"]);
    assert!(refused.contains("请先选定审查结论"), "{refused}");
    let issue = [
        "case",
        "advance",
        id,
        "--to",
        "opinion_issued",
        "--outcome",
        "修改后合法",
    ];
    // The opinion is its signed letter: without one (and without a reason there is none) nothing changes.
    let before = db.digest();
    let refused = db.refused(&issue);
    assert!(refused.contains("还没有已签发的意见书"), "{refused}");
    assert_eq!(db.digest(), before);
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        id,
        "--drafted-on",
        "2018-03-12",
        "--problem",
        "第十五条对违反本办法的行为设定了罚款。",
    ]);
    db.ok(&[
        "letter",
        "sign",
        letter["id"].as_str().unwrap(),
        "--on",
        "2018-03-13",
    ]);
    db.ok(&issue);
    db.ok(&[
        "case",
        "edit",
        id,
        "--doc-no",
        "徒政规〔2018〕3号",
        "--published-on",
        "2018-03-20",
        "--effective-on",
        "2018-04-20",
    ]);
    db.ok(&["case", "advance", id, "--to", "published"]);
    db.ok(&["case", "advance", id, "--to", "awaiting_filing"]);
    let refused = db.refused(&["case", "advance", id, "--to", "filed"]);
    assert!(refused.contains("报送日期"), "{refused}");
    db.ok(&[
        "filing",
        "add",
        "--case",
        id,
        "--channel",
        "人大常委会",
        "--submitted",
        "2018-04-02",
        "--receipt-no",
        "镇人备〔2018〕12号",
    ]);
    db.ok(&["case", "advance", id, "--to", "filed"]);
    db.ok(&["case", "advance", id, "--to", "in_force"]);

    let view = db.json(&["case", "show", id]);
    assert_eq!(view["status"], "in_force");
    // One due date for a filing: its channel's deadline, 30 days from publication, wherever it is shown.
    let npc_deadline = view["deadlines"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "filing_npc")
        .unwrap();
    assert_eq!(npc_deadline["due"], "2018-04-19");
    assert_eq!(view["filings"][0]["due"], npc_deadline["due"]);
    let listed = db.ok(&["filing", "list", "--case", id]);
    assert!(listed.contains("2018年4月19日"), "{listed}");
    let next: Vec<&serde_json::Value> = view["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["to"])
        .collect();
    assert_eq!(
        next,
        [
            &serde_json::json!("expiring"),
            &serde_json::json!("cleaned_up")
        ]
    );
    let kinds: Vec<&str> = view["clock_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["pause", "resume", "extension"]);
    let messages: Vec<&str> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["message"].as_str().unwrap())
        .collect();
    for step in [
        "登记",
        "登记 → 审查中",
        "审查中 → 待补正",
        "待补正 → 审查中",
        "延期 5 个工作日",
        "审查中 → 征求法律顾问意见",
        "→ 已出具意见",
        "已出具意见 → 已发文",
        "备案记录",
        "待备案 → 已备案",
        "已备案 → 施行中",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(step)),
            "history lacks «{step}»: {messages:#?}"
        );
    }
    let first = &view["history"][0];
    assert_eq!(first["author"], "刘洋", "the laptop's user is the author");
    assert_eq!(first["device_name"], "科室笔记本");
    let text = db.ok(&["case", "show", id]);
    assert!(text.contains("状态：待备案 → 已备案"), "{text}");
    assert!(db.ok(&["check"]).contains("检查通过"));
}

#[test]
fn refused_commands_explain_in_chinese_and_change_nothing() {
    let db = TestDb::with_office();
    let c = db.new_case("contract", "施工合同", "2018-02-06");
    let reg = c["reg_no"].as_str().unwrap().to_string();
    db.ok(&["case", "advance", &reg, "--to", "in_review"]);
    db.ok(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--conclusion",
        "同意签订",
        "--drafted-on",
        "2018-02-07",
    ]);
    let letter = db.json(&["letter", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&["letter", "sign", &letter, "--on", "2018-02-09"]);
    let long_title = "审".repeat(201);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "  ",
                "--unit",
                "区住房和城乡建设局",
            ],
            "事项名称：不能为空",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                &long_title,
                "--unit",
                "区住房和城乡建设局",
            ],
            "不能超过 200 个字",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "lease",
                "--title",
                "租赁",
                "--unit",
                "区住房和城乡建设局",
            ],
            "未知的取值「lease」",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "合同",
                "--unit",
                "不存在的局",
            ],
            "未找到单位：不存在的局",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "合同",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2017-02-30",
            ],
            "2017年2月没有30日",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "合同",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "1900-01-01",
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
                "合同",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2018-05-01",
                "--reg-no",
                &reg,
            ],
            "已被使用",
        ),
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "合同",
                "--unit",
                "区住房和城乡建设局",
                "--doc-no",
                "徒政规〔2018〕1号",
            ],
            "不适用于合同案件",
        ),
        (
            &["case", "advance", &reg, "--to", "filed"],
            "不允许的状态变更",
        ),
        (
            &["case", "advance", &reg, "--to", "flying"],
            "未知的取值「flying」",
        ),
        (
            &["case", "advance", &reg, "--to", "withdrawn"],
            "须写明原因",
        ),
        (
            &["case", "advance", "2031-999", "--to", "in_review"],
            "未找到案件",
        ),
        (
            &["case", "edit", &reg, "--amount", "一百万"],
            "不是有效金额",
        ),
        (
            &["case", "edit", &reg, "--title", "施工合同"],
            "内容没有变化",
        ),
        (
            &[
                "case",
                "extend",
                &reg,
                "--days",
                "5",
                "--reason",
                "复杂",
                "--approver",
                "刘洋",
            ],
            "无权批准延期",
        ),
        (
            &[
                "case",
                "extend",
                &reg,
                "--days",
                "-3",
                "--reason",
                "复杂",
                "--approver",
                "陈静",
            ],
            "延期天数",
        ),
        (
            &[
                "filing",
                "add",
                "--case",
                &reg,
                "--channel",
                "upper_government",
            ],
            "不需要备案",
        ),
        (
            &["letter", "edit", &letter, "--conclusion", "改"],
            "」已签发，不能再修改",
        ),
        (&["letter", "sign", &letter], "」已签发，不能再修改"),
        (
            &[
                "person",
                "add",
                "--name",
                "某律师",
                "--role",
                "advisor",
                "--law-firm",
                "某所",
                "--licence-no",
                "123",
            ],
            "17 位数字",
        ),
        (&["unit", "add", "--name", "区住房和城乡建设局"], "已登记"),
        (
            &["unit", "add", "--name", "另一个本机关", "--self"],
            "本机关已登记",
        ),
        (&["attach", &reg, "/nonexistent/file.pdf"], "无法读取"),
    ];
    db.all_refused_unchanged(cases);
}

#[test]
fn a_duplicate_letter_number_is_refused_and_numbers_run_per_code_and_year() {
    let db = TestDb::with_office();
    let sign = |reg: &str, on: &str, extra: &[&str]| -> String {
        db.ok(&[
            "letter",
            "new",
            "--case",
            reg,
            "--conclusion",
            "合法",
            "--drafted-on",
            "2018-02-07",
        ]);
        let letters = db.json(&["letter", "list", "--case", reg]);
        let id = letters.as_array().unwrap().last().unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut args = vec!["letter", "sign", id.as_str(), "--on", on];
        args.extend_from_slice(extra);
        let out = db.run(&args);
        if out.status.success() {
            db.json(&["letter", "show", &id])["number"].to_string()
        } else {
            String::from_utf8_lossy(&out.stderr).to_string()
        }
    };
    let a = db.new_case("normative_doc", "甲", "2018-02-06");
    let reg = a["reg_no"].as_str().unwrap();
    assert!(sign(reg, "2018-02-10", &[]).contains(r#""serial":1"#));
    assert!(sign(reg, "2018-03-10", &[]).contains(r#""serial":2"#));
    assert!(
        sign(reg, "2019-01-05", &[]).contains(r#""year":2019"#)
            && sign(reg, "2019-01-06", &[]).contains(r#""serial":2"#)
    );
    db.ok(&[
        "letter",
        "new",
        "--case",
        reg,
        "--conclusion",
        "合法",
        "--drafted-on",
        "2018-02-07",
    ]);
    let draft = db
        .json(&["letter", "list", "--case", reg])
        .as_array()
        .unwrap()
        .last()
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = db.digest();
    let dup = db.refused(&[
        "letter",
        "sign",
        &draft,
        "--on",
        "2018-05-10",
        "--serial",
        "2",
    ]);
    assert!(
        dup.contains("文号 徒法审〔2018〕2号 已被另一份意见书使用"),
        "{dup}"
    );
    assert_eq!(db.digest(), before, "a refused signing changes nothing");
    assert!(
        sign(reg, "2018-05-11", &[]).contains(r#""serial":3"#),
        "the next free number follows the highest"
    );
    let shown = db.ok(&["letter", "show", "徒法审〔2018〕2号"]);
    assert!(shown.contains("徒法审〔2018〕2号"), "{shown}");
}

#[test]
fn usage_errors_exit_with_code_2() {
    let db = TestDb::with_office();
    let out = db.run(&["case", "new", "--kind", "contract", "--no-such-flag", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let db = TestDb::new();
    std::fs::write(&db.path, "这不是数据库，是一份会议纪要。".repeat(50)).unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let msg = db.refused(&["case", "list"]);
    assert!(msg.contains("不是法审台数据库文件"), "{msg}");
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    assert!(!db.path.with_extension("sqlite3-wal").exists());
}

#[test]
fn a_database_from_a_newer_version_is_refused_byte_for_byte_unchanged() {
    let db = TestDb::with_office();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    for args in [&["case", "list"][..], &["init"], &["demo"], &["check"]] {
        let msg = db.refused(args);
        assert!(msg.contains("更新版本") && msg.contains("99"), "{msg}");
    }
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        before,
        "not even the journal mode may change"
    );
}

#[test]
fn a_missing_database_is_not_created_by_a_query() {
    let db = TestDb::new();
    let msg = db.refused(&["case", "list"]);
    assert!(msg.contains("请先运行 fashen init"), "{msg}");
    assert!(!db.path.exists());
}

#[test]
fn an_empty_file_is_not_made_a_database_by_a_query_only_by_init() {
    let db = TestDb::new();
    std::fs::write(&db.path, b"").unwrap();
    let msg = db.refused(&["case", "list"]);
    assert!(msg.contains("请先运行 fashen init"), "{msg}");
    assert_eq!(
        std::fs::metadata(&db.path).unwrap().len(),
        0,
        "the file is left as it was"
    );
    db.ok(&["init"]);
    assert_eq!(db.json(&["case", "list"])["total"], 0);
}

#[test]
fn the_register_filters_by_kind_status_unit_year_and_assignee() {
    let db = TestDb::with_office();
    db.ok(&["unit", "add", "--name", "区教育局"]);
    db.new_case("contract", "合同一", "2018-02-06");
    db.new_case("contract", "合同二", "2019-02-06");
    db.new_case("normative_doc", "办法一", "2018-03-06");
    db.ok(&[
        "case",
        "new",
        "--kind",
        "enforcement",
        "--title",
        "处罚一",
        "--unit",
        "区教育局",
        "--received",
        "2018-04-01",
        "--assignee",
        "刘洋",
    ]);
    db.ok(&["case", "advance", "2018-001", "--to", "in_review"]);
    let total = |args: &[&str]| {
        let mut a = vec!["case", "list"];
        a.extend_from_slice(args);
        db.json(&a)["total"].as_u64().unwrap()
    };
    assert_eq!(total(&[]), 4);
    assert_eq!(total(&["--kind", "contract"]), 2);
    // A kind as people name it: the code, the full name, or the short name the tables show.
    assert_eq!(total(&["--kind", "合同"]), 2);
    assert_eq!(total(&["--kind", "政府合同合法性审查"]), 2);
    assert_eq!(total(&["--status", "审查中"]), 1);
    assert_eq!(total(&["--unit", "区教育局"]), 1);
    assert_eq!(total(&["--year", "2018"]), 3);
    assert_eq!(total(&["--assignee", "刘洋"]), 1);
    assert_eq!(total(&["--kind", "contract", "--year", "2019"]), 1);
    let page = db.json(&["case", "list", "--limit", "2", "--page", "2"]);
    assert_eq!(page["rows"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["rows"][0]["reg_no"], "2018-002",
        "newest first: page 2 starts at the third newest"
    );
    let text = db.ok(&["case", "list", "--kind", "contract"]);
    assert!(
        text.contains("登记编号") && text.contains("合同一") && text.contains("共 2 件"),
        "{text}"
    );
}

#[test]
fn backups_rotate_and_a_restore_brings_back_the_earlier_state() {
    let db = TestDb::with_office();
    db.new_case("contract", "合同一", "2018-02-06");
    let backup = db.dir().join("before.sqlite3");
    db.ok(&["backup", "--out", backup.to_str().unwrap()]);
    db.new_case("contract", "合同二", "2018-02-07");
    assert_eq!(db.json(&["case", "list"])["total"], 2);
    db.ok(&["restore", backup.to_str().unwrap()]);
    assert_eq!(
        db.json(&["case", "list"])["total"],
        1,
        "the case made after the backup is gone"
    );
    assert!(db.ok(&["check"]).contains("检查通过"));
    let auto = db.dir().join("backups");
    assert!(
        std::fs::read_dir(&auto).unwrap().count() >= 1,
        "restore keeps a safety backup of what it replaced"
    );
    for _ in 0..12 {
        db.ok(&["backup"]);
    }
    let kept = std::fs::read_dir(&auto)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("fashen-2")
        })
        .count();
    assert_eq!(kept, 10, "only the newest ten automatic backups are kept");

    let junk = db.dir().join("junk.sqlite3");
    std::fs::write(&junk, b"not a backup").unwrap();
    let before = db.digest();
    assert!(db
        .refused(&["restore", junk.to_str().unwrap()])
        .contains("不是法审台数据库文件"));
    assert_eq!(db.digest(), before);
}

#[test]
fn attachments_are_stored_once_by_content_hash() {
    let db = TestDb::with_office();
    db.new_case("contract", "合同一", "2018-02-06");
    let file = db.dir().join("送审稿.txt");
    std::fs::write(&file, "合同文本（送审稿）").unwrap();
    let a = db.json(&["attach", "2018-001", file.to_str().unwrap()]);
    let b = db.json(&[
        "attach",
        "2018-001",
        file.to_str().unwrap(),
        "--label",
        "第二次上传",
    ]);
    assert_eq!(a["sha256"], b["sha256"]);
    assert_eq!(a["sha256"], sha256_hex("合同文本（送审稿）".as_bytes()));
    let report = db.json(&["check"]);
    assert_eq!(report["blobs"], 1, "the same bytes are stored once");
    assert_eq!(
        db.json(&["case", "show", "2018-001"])["attachments"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn the_demo_loads_a_year_of_work_once() {
    let db = TestDb::new();
    let summary = db.json(&["demo"]);
    assert_eq!(summary["advisors"], 5);
    assert!(summary["cases"].as_u64().unwrap() >= 35);
    let counts: std::collections::HashSet<String> = db.json(&["case", "list", "--limit", "100"])
        ["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        counts.len(),
        fashen::model::CaseKind::ALL.len(),
        "every kind of case is in the demo"
    );
    assert!(db
        .json(&["letter", "list"])
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["status"] == "issued"));
    // 文号 run with the days the letters were signed, as an office's register of outgoing letters does.
    let mut numbered: Vec<(i64, i64, String)> = db
        .json(&["letter", "list"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["number"].is_object())
        .map(|l| {
            let n = &l["number"];
            (
                n["year"].as_i64().unwrap(),
                n["serial"].as_i64().unwrap(),
                l["signed_on"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(numbered.len() >= 15, "{numbered:?}");
    numbered.sort();
    for pair in numbered.windows(2) {
        assert!(
            pair[0].0 != pair[1].0 || pair[0].2 <= pair[1].2,
            "a later number signed earlier: {pair:?}"
        );
    }
    assert!(db.ok(&["check"]).contains("检查通过"));
    let before = db.digest();
    assert!(db.refused(&["demo"]).contains("只能载入空数据库"));
    assert_eq!(db.digest(), before);
}

#[test]
fn an_opinion_without_a_signed_letter_needs_its_reason_written_down() {
    let db = TestDb::with_office();
    let case = db.new_case("contract", "区政府采购合同", "2026-03-02");
    let reg = case["reg_no"].as_str().unwrap();
    for to in ["in_review", "awaiting_signoff"] {
        db.ok(&["case", "advance", reg, "--to", to, "--on", "2026-03-02"]);
    }
    let issue = |extra: &[&str]| {
        let mut args = vec![
            "case",
            "advance",
            reg,
            "--to",
            "opinion_issued",
            "--outcome",
            "同意签订",
            "--on",
            "2026-03-05",
        ];
        args.extend_from_slice(extra);
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    let before = db.digest();
    let args = issue(&[]);
    let refused = db.refused(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(refused.contains("请在备注中写明原因"), "{refused}");
    assert_eq!(db.digest(), before, "nothing changes");
    // The case page says so before the change is tried.
    let view = db.json(&["case", "show", reg]);
    let action = view["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["to"] == "opinion_issued")
        .unwrap();
    assert_eq!(action["needs_reason"], true, "{action}");
    let reason = "区政府常务会议上当场发表审查意见，会议纪要载明";
    let args = issue(&["--note", reason]);
    db.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let history = db.ok(&["history", reg]);
    assert!(history.contains(reason), "the reason is kept: {history}");
}

#[test]
fn every_history_line_of_the_demo_speaks_chinese_with_no_codes_or_internals() {
    let db = TestDb::new();
    db.json(&["demo"]);
    let cases = db.json(&["case", "list", "--limit", "100"]);
    // A stored code (pause, in_review) rather than its name.
    let code = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let mut lines = 0;
    for row in cases["rows"].as_array().unwrap() {
        let reg = row["reg_no"].as_str().unwrap();
        // A case's history carries its letters, filings, clock events and attachments.
        for entry in db.json(&["history", reg]).as_array().unwrap() {
            // China time: the office's clocks.
            let at = entry["at"].as_str().unwrap();
            assert!(at.ends_with("+08:00"), "{reg}: {at}");
            for change in entry["changes"].as_array().unwrap() {
                lines += 1;
                let field = change["field"].as_str().unwrap();
                assert!(
                    field
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{reg}: a field without a Chinese name: {change}"
                );
                for value in [&change["old"], &change["new"]] {
                    let Some(v) = value.as_str() else { continue };
                    assert!(
                        !v.starts_with(['[', '{']) && !code(v),
                        "{reg}: «{field}» shows an internal value: {change}"
                    );
                    assert!(!v.contains("元 元") && !v.contains("元元"), "{change}");
                }
            }
        }
    }
    assert!(lines > 300, "the demo's history was read: {lines} lines");
    // A case page lists its deadlines as the desktop does (the review period and what is left of it).
    let with_deadline = cases["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["next_due"].is_string()
                && fashen::model::CaseKind::parse(r["kind"].as_str().unwrap())
                    .is_ok_and(|k| k.is_review())
        })
        .expect("a demo review case with an open deadline");
    let text = db.ok(&["case", "show", with_deadline["reg_no"].as_str().unwrap()]);
    assert!(
        text.contains("\n期限：\n") && text.contains("工作日"),
        "{text}"
    );
    // A case page names the statuses it may move to, not their codes (待补正, not awaiting_materials).
    for row in cases["rows"].as_array().unwrap() {
        let text = db.ok(&["case", "show", row["reg_no"].as_str().unwrap()]);
        let next = text
            .lines()
            .find(|l| l.starts_with("可变更为："))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(!next.contains(|c: char| c.is_ascii_lowercase()), "{next}");
    }
    // The audit log names its operations in Chinese, in China time.
    let audit = db.ok(&["audit", "--limit", "1000"]);
    assert!(
        audit.contains("起草意见书") && !audit.contains("letter.new"),
        "{audit}"
    );
    assert!(!audit.contains("UTC"), "{audit}");
}

#[test]
fn the_author_named_by_as_is_checked_like_a_user_name_and_a_bad_one_changes_nothing() {
    let db = TestDb::with_office();
    let long = "某".repeat(43_000);
    let with_escape = "刘\u{1b}]0;x\u{7}洋";
    db.all_refused_unchanged(&[
        (
            &[
                "--as",
                &long,
                "case",
                "new",
                "--kind",
                "advice",
                "--title",
                "咨询",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2026-03-02",
            ],
            "操作人：不能超过 30 个字",
        ),
        (
            &[
                "--as",
                with_escape,
                "case",
                "new",
                "--kind",
                "advice",
                "--title",
                "咨询",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2026-03-02",
            ],
            "操作人：含有不可见的控制字符",
        ),
    ]);
    let c = db.json(&[
        "--as",
        "  王芳 ",
        "case",
        "new",
        "--kind",
        "advice",
        "--title",
        "咨询",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-02",
    ]);
    let history = db.json(&["history", c["reg_no"].as_str().unwrap()]);
    assert_eq!(
        history[0]["author"], "王芳",
        "a valid --as is recorded, trimmed"
    );
}

#[test]
fn numbers_are_bounded_so_the_next_one_never_wraps_around() {
    let db = TestDb::with_office();
    let new = |reg_no: &str| -> Vec<String> {
        let mut args: Vec<String> = [
            "case",
            "new",
            "--kind",
            "contract",
            "--title",
            "采购合同",
            "--unit",
            "区住房和城乡建设局",
            "--received",
            "2026-03-02",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if !reg_no.is_empty() {
            args.extend(["--reg-no".to_string(), reg_no.to_string()]);
        }
        args
    };
    db.all_refused_unchanged(&[
        (&strs(&new("2026-4294967295")), "登记编号：序号应为 1—99999"),
        (&strs(&new("2026-100000")), "登记编号：序号应为 1—99999"),
    ]);
    assert_eq!(
        db.new_case("contract", "前一件", "2026-03-01")["reg_no"],
        "2026-001"
    );
    // A typed number far ahead of the sequence is more likely a slip: refused unless the gap is meant.
    db.all_refused_unchanged(&[(
        &strs(&new("2026-9999")),
        "2026-9999 比本年下一个编号 2026-002 多出 9997 号，此后的自动编号将从 10000 号起",
    )]);
    let mut gap = new("2026-99999");
    gap.push("--allow-gap".into());
    assert_eq!(db.json(&strs(&gap))["reg_no"], "2026-99999");
    // The year's numbers are used up: the next automatic number is refused, not 2026-100000 or 2026-000.
    db.all_refused_unchanged(&[(&strs(&new("")), "2026 年的登记编号已用到 99999 号")]);
    assert_eq!(
        db.new_case("contract", "上年的合同", "2025-12-30")["reg_no"],
        "2025-001",
        "another year still numbers from 1"
    );

    let letter = |reg: &str| -> String {
        db.ok(&[
            "letter",
            "new",
            "--case",
            reg,
            "--conclusion",
            "同意签订",
            "--drafted-on",
            "2026-03-04",
        ]);
        db.json(&["letter", "list", "--case", reg])[0]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let id = letter("2026-001");
    db.all_refused_unchanged(&[
        (
            &["letter", "sign", &id, "--serial", "4294967295"],
            "文号序号：序号应为 1—99999",
        ),
        (
            &["letter", "sign", &id, "--serial", "0"],
            "文号序号：序号应为 1—99999",
        ),
    ]);
    db.ok(&[
        "letter",
        "sign",
        &id,
        "--serial",
        "99999",
        "--on",
        "2026-03-05",
    ]);
    let other = letter("2026-99999");
    db.all_refused_unchanged(&[(
        &["letter", "sign", &other, "--on", "2026-03-06"],
        "2026 年的文号已用到 99999 号",
    )]);
    db.ok(&["check"]);
}

#[test]
fn a_closed_or_full_standard_output_ends_the_command_without_a_panic() {
    let db = TestDb::with_office();
    db.new_case("contract", "采购合同", "2026-03-02");
    let command = |args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_fashen"));
        c.arg("--db")
            .arg(&db.path)
            .args(args)
            .env_remove("FASHEN_USER");
        c
    };
    // `fashen case show 2026-001 | head -0`: the reader is gone before anything is written.
    for args in [
        &["case", "show", "2026-001"][..],
        &["case", "list"],
        &["history", "2026-001"],
    ] {
        let mut child = command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
    // `fashen case list > /dev/full`: said in Chinese, exit 3 (the command ran; its report could not be written).
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = command(&["case", "list"]).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            stderr.contains("无法写出结果") && stderr.contains("磁盘空间已满"),
            "{stderr}"
        );
        assert_eq!(out.status.code(), Some(3));
    }
}

#[test]
fn invisible_characters_pipes_and_duplicate_names_are_refused_and_change_nothing() {
    let db = TestDb::with_office();
    db.new_case("contract", "采购合同", "2026-03-02");
    let new = |title: &str| -> Vec<String> {
        [
            "case",
            "new",
            "--kind",
            "advice",
            "--title",
            title,
            "--unit",
            "区住房和城乡建设局",
            "--received",
            "2026-03-02",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let rtl = new("合同\u{202e}exe.doc");
    let bom = new("\u{feff}采购合同");
    let fifo = db.dir().join("管道");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = fifo.to_string_lossy().into_owned();
    db.all_refused_unchanged(&[
        (&strs(&rtl), "事项名称：含有不可见的格式字符"),
        (&strs(&bom), "事项名称：含有不可见的格式字符"),
        (&["attach", "2026-001", &fifo], "不是普通文件"),
        (
            &["person", "add", "--name", "陈静", "--role", "section_head"],
            "已有名为「陈静」的人员",
        ),
    ]);
    // `sync resolve` takes a registration number like every other command.
    db.all_refused_unchanged(&[(
        &["sync", "resolve", "2026-001", "--take", "mine"],
        "该记录没有待处理的同步冲突",
    )]);
}

/// Owned arguments as the `&str` slices the helpers take.
fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_letter_that_cannot_be_printed_is_not_signed_and_its_number_stays_free() {
    let db = TestDb::with_office();
    db.new_case("contract", "采购合同", "2026-03-02");
    db.ok(&[
        "letter",
        "new",
        "--case",
        "2026-001",
        "--conclusion",
        // A private-use character (an office's own 造字) that no font here has.
        "同意签订\u{E000}",
        "--drafted-on",
        "2026-03-03",
    ]);
    let id = db.json(&["letter", "list", "--case", "2026-001"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    db.all_refused_unchanged(&[(
        &["letter", "sign", &id, "--on", "2026-03-04"],
        "意见书无法打印，未签发，文号未占用",
    )]);
    assert_eq!(db.json(&["letter", "show", &id])["status"], "draft");
    db.ok(&["letter", "edit", &id, "--conclusion", "同意签订"]);
    db.ok(&["letter", "sign", &id, "--on", "2026-03-04"]);
    assert_eq!(
        db.json(&["letter", "show", &id])["number"]["serial"],
        1,
        "the refused signing took no number"
    );
}

/// Runs `fashen` as a user who may not write what the test made read-only. Root may write anything, so when
/// the tests run as root the command runs as `nobody` (util-linux `setpriv`); otherwise the permissions alone do.
fn fashen_without_write_rights(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    let mut c = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_fashen"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_fashen"))
    };
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FASHEN_USER")
        .output()
        .unwrap()
}

#[test]
fn a_database_that_cannot_be_written_is_read_and_each_write_refused_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::with_office();
    db.new_case("contract", "物业服务合同", "2026-03-02");
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    let before = db.digest();
    // Closed cleanly, the database has no WAL index beside it; in a folder nobody may write, none can be made.
    let listing = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    for (what, dir_mode, file_mode) in [
        ("read-only folder", 0o555, 0o644),
        ("read-only folder and file", 0o555, 0o444),
        ("write-protected file", 0o777, 0o444),
    ] {
        // The last connection to close (a write-capable one) takes its WAL and index away.
        db.ok(&["case", "list"]);
        let files = listing(db.dir());
        assert_eq!(files, ["office.sqlite3"], "{what}");
        mode(&db.path, file_mode);
        mode(db.dir(), dir_mode);
        let run = |args: &[&str]| fashen_without_write_rights(&db.path, args);
        let list = run(&["case", "list"]);
        let stdout = String::from_utf8_lossy(&list.stdout);
        assert!(
            list.status.success() && stdout.contains("物业服务合同"),
            "{what}: {stdout}{}",
            String::from_utf8_lossy(&list.stderr)
        );
        let check = run(&["check"]);
        assert!(check.status.success(), "{what}: check");
        for args in [
            &["unit", "add", "--name", "区教育局"][..],
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "采购合同",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                "2026-03-05",
            ],
        ] {
            let out = run(args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{what} {args:?}: {stderr}");
            assert!(
                stderr.contains("只读") && !stderr.contains("readonly"),
                "{what} {args:?}: {stderr}"
            );
        }
        if dir_mode == 0o555 {
            assert_eq!(listing(db.dir()), files, "{what}: nothing made beside it");
        }
        mode(db.dir(), 0o755);
        mode(&db.path, 0o644);
        assert_eq!(db.digest(), before, "{what}: the database is unchanged");
    }
}

#[test]
fn nothing_can_be_dated_after_today() {
    let db = TestDb::with_office();
    let reg = db.new_case("contract", "物业服务合同", "2026-03-02")["reg_no"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&["case", "edit", &reg, "--materials-complete", "2026-03-02"]);
    db.ok(&[
        "case",
        "advance",
        &reg,
        "--to",
        "in_review",
        "--on",
        "2026-03-02",
    ]);
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--conclusion",
        "同意签订。",
    ]);
    let letter = letter["id"].as_str().unwrap().to_string();
    let later = "2099-01-04";
    db.all_refused_unchanged(&[
        (
            &[
                "case",
                "new",
                "--kind",
                "contract",
                "--title",
                "采购合同",
                "--unit",
                "区住房和城乡建设局",
                "--received",
                later,
            ],
            "收文日期：2099年1月4日 晚于今天",
        ),
        (
            &["case", "edit", &reg, "--materials-complete", later],
            "材料齐全日期：2099年1月4日 晚于今天",
        ),
        (
            &[
                "case",
                "advance",
                &reg,
                "--to",
                "awaiting_materials",
                "--on",
                later,
            ],
            "日期：2099年1月4日 晚于今天",
        ),
        (
            &["letter", "sign", &letter, "--on", later],
            "签发日期：2099年1月4日 晚于今天",
        ),
        (
            &[
                "case",
                "extend",
                &reg,
                "--days",
                "3",
                "--reason",
                "材料复杂",
                "--approver",
                "陈静",
                "--on",
                later,
            ],
            "日期：2099年1月4日 晚于今天",
        ),
    ]);
    // A date stored before (from a laptop whose clock ran ahead) does not block editing anything else.
    let ahead = db.register_on((2099, 1, 4), "contract", "先登记的合同", later);
    db.ok(&["case", "edit", &ahead, "--title", "改过名称的合同"]);
    db.all_refused_unchanged(&[(
        &["case", "edit", &ahead, "--received", "2099-01-02"],
        "收文日期：2099年1月2日 晚于今天",
    )]);
}

#[test]
fn every_coded_flag_takes_the_label_people_use() {
    let db = TestDb::with_office();
    db.ok(&["unit", "add", "--name", "区数据局", "--kind", "政府部门"]);
    db.ok(&["person", "add", "--name", "王立新", "--role", "分管领导"]);
    let reg = db.json(&[
        "case",
        "new",
        "--kind",
        "合同",
        "--title",
        "区政府办公楼物业服务合同",
        "--unit",
        "区数据局",
        "--received",
        "2026-03-02",
    ])["reg_no"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&[
        "case",
        "advance",
        &reg,
        "--to",
        "审查中",
        "--on",
        "2026-03-02",
    ]);
    let listed = db.ok(&[
        "case",
        "list",
        "--kind",
        "合同",
        "--status",
        "审查中",
        "--sort",
        "到期日",
    ]);
    assert!(listed.contains(&reg), "{listed}");
    assert!(db.ok(&["clause", "list", "--kind", "合同"]).contains("【"));
    let blank = db.dir().join("空白合同审查表.pdf");
    db.ok(&[
        "form",
        "pdf",
        "--blank",
        "合同",
        "--out",
        blank.to_str().unwrap(),
    ]);
    assert!(blank.exists());
    db.ok(&["font", "reset", "仿宋"]);
    // The short ids the tables show tell rows apart, and every command takes them.
    let people = db.ok(&["person", "list"]);
    let ids: Vec<&str> = people
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "{people}");
    let unit = db.ok(&["unit", "list"]);
    let short = unit
        .lines()
        .find(|l| l.starts_with("区数据局"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .to_string();
    assert_eq!(short.len(), 8);
    db.ok(&[
        "person",
        "add",
        "--name",
        "赵磊",
        "--role",
        "承办人",
        "--unit",
        &short,
    ]);
    // `history` takes any record the way the tables name it.
    assert!(db.ok(&["history", &short]).contains("区数据局"));
}

#[test]
fn clearing_the_demo_deletes_only_the_demo_and_keeps_what_a_person_entered_or_uses() {
    let db = TestDb::new();
    db.ok(&["init", "--user", "刘洋", "--device-name", "科室笔记本"]);
    db.ok(&["demo"]);
    // Real work beside the demo: a unit of the office's own; a case sent by a demo unit, handled by a demo
    // clerk, whose letter the demo's 签发人 signs; and an edit to one demo case that has letters of its own.
    db.ok(&["unit", "add", "--name", "区数据局", "--code", "徒数"]);
    let mine = db.json(&[
        "case",
        "new",
        "--kind",
        "合同",
        "--title",
        "政务云服务采购合同",
        "--unit",
        "区住房和城乡建设局",
        "--assignee",
        "张晓敏",
        "--received",
        "2026-11-30",
    ]);
    let mine_reg = mine["reg_no"].as_str().unwrap().to_string();
    db.ok(&["case", "advance", &mine_reg, "--to", "审查中"]);
    let letter = db.json(&["letter", "new", "--case", &mine_reg, "--conclusion", "合法"]);
    let signed = db.json(&["letter", "sign", letter["id"].as_str().unwrap()]);
    assert_eq!(signed["signatory"], "王立新");
    let letters = db.json(&["letter", "list"]);
    let edited_id = letters
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["status"] == "issued")
        .unwrap()["case_id"]
        .as_str()
        .unwrap()
        .to_string();
    let edited = db.json(&["case", "show", &edited_id])["reg_no"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&["case", "edit", &edited, "--note", "已与送审单位电话核实"]);
    let edited_letters = db.ok(&["letter", "list", "--case", &edited]);
    let mine_before = db.ok(&["case", "show", &mine_reg, "--json"]);
    let a_demo_case = db.json(&["case", "list", "--limit", "100"])["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reg_no"].as_str().unwrap().to_string())
        .find(|r| *r != mine_reg && *r != edited)
        .unwrap();

    let out = db.ok(&["demo", "--clear"]);
    assert!(
        out.contains("已清除演示数据") && out.contains("案件"),
        "{out}"
    );
    assert!(out.contains("保留了"), "{out}");
    let left = db.json(&["case", "list", "--limit", "100"]);
    let mut got: Vec<&str> = left["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reg_no"].as_str().unwrap())
        .collect();
    got.sort();
    let mut expected = vec![edited.as_str(), mine_reg.as_str()];
    expected.sort();
    assert_eq!(
        got, expected,
        "only the edited demo case and the person's own stay"
    );
    assert_eq!(
        db.ok(&["case", "show", &mine_reg, "--json"]),
        mine_before,
        "the person's case is untouched"
    );
    assert_eq!(
        db.ok(&["letter", "list", "--case", &edited]),
        edited_letters,
        "a kept case keeps its letters"
    );
    let units = db.ok(&["unit", "list"]);
    assert!(
        units.contains("区数据局") && units.contains("区住房和城乡建设局"),
        "{units}"
    );
    let people = db.ok(&["person", "list"]);
    assert!(
        people.contains("张晓敏") && people.contains("王立新"),
        "the clerk and the 签发人 of the person's case stay: {people}"
    );
    // Deleted with tombstones: the database passes every check, and a second clearing has nothing to do.
    assert!(db
        .refused(&["case", "show", &a_demo_case])
        .contains("未找到案件"));
    assert!(db.ok(&["check"]).contains("检查通过"));
    assert!(!db.json(&["case", "list"])["rows"]
        .as_array()
        .unwrap()
        .is_empty());
    db.all_refused_unchanged(&[(&["demo", "--clear"], "予以保留")]);
    db.all_refused_unchanged(&[(
        &["--as", "演示数据", "unit", "add", "--name", "某局"],
        "演示数据的标记",
    )]);
    // A new laptop filled from this one hears of what is here, not of what was deleted.
    let other = TestDb::new();
    other.ok(&["init", "--user", "陈静", "--device-name", "另一台"]);
    let file = db.dir().join("全部.fashen");
    db.ok(&["sync", "export", "--full", "--out", file.to_str().unwrap()]);
    let receipt = other.json(&["sync", "import", file.to_str().unwrap()]);
    let changes = receipt["changes"].to_string();
    assert!(changes.contains("新增案件 2 件"), "{changes}");
}

#[test]
fn a_published_document_not_yet_in_force_says_so() {
    let db = TestDb::with_office();
    use fashen::clock::Clock;
    let today = fashen::clock::SystemClock.today();
    let later = (today + chrono::Duration::days(40)).to_string();
    let reg = db.new_case(
        "normative_doc",
        "丹徒区户外广告设施设置管理规定",
        &today.to_string(),
    )["reg_no"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&[
        "case",
        "edit",
        &reg,
        "--published-on",
        &today.to_string(),
        "--effective-on",
        &later,
    ]);
    let shown = db.ok(&["case", "show", &reg]);
    assert!(shown.contains("效力：尚未施行"), "{shown}");
    let view = db.json(&["case", "show", &reg]);
    assert_eq!(view["validity"]["state"], "not_yet");
}
