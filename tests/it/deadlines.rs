//! Deadlines end to end through the CLI: the calendar, the rules, a case's deadlines, what moves and why.

use crate::support::TestDb;
use serde_json::Value;

/// Registers a case and returns its registration number.
fn new_case(db: &TestDb, kind: &str, title: &str, received: &str) -> String {
    db.new_case(kind, title, received)["reg_no"]
        .as_str()
        .unwrap()
        .to_string()
}

fn deadline(db: &TestDb, reg: &str, key: &str) -> Value {
    let v = db.json(&["case", "show", reg]);
    v["deadlines"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no {key} deadline on {reg}: {:#}", v["deadlines"]))
}

#[test]
fn the_calendar_answers_from_the_shipped_notices() {
    let db = TestDb::new();
    db.ok(&["init"]);
    let out = db.ok(&["calendar", "is-workday", "2026-10-10"]);
    assert!(
        out.contains("是工作日") && out.contains("调休上班（国庆节）"),
        "{out}"
    );
    let out = db.ok(&["calendar", "is-workday", "2026-10-05"]);
    assert!(
        out.contains("不是工作日") && out.contains("国庆节"),
        "{out}"
    );
    let out = db.ok(&["calendar", "is-workday", "2027-03-01"]);
    assert!(
        out.contains("暂按周一至周五"),
        "a year without its notice says so: {out}"
    );
    let v = db.json(&["calendar", "add-workdays", "2026-09-28", "15"]);
    assert_eq!(v["date"], "2026-10-23");
    assert_eq!(v["provisional"], false);
    let v = db.json(&["calendar", "list"]);
    assert_eq!(v["years"].as_array().unwrap().len(), 10);
    assert!(v["years"][9]["source"]
        .as_str()
        .unwrap()
        .contains("国办发明电〔2025〕7号"));
}

#[test]
fn pausing_resuming_and_extending_a_review_print_the_deadlines_they_moved() {
    let db = TestDb::with_office();
    let reg = new_case(&db, "normative_doc", "物业管理规定", "2026-09-25");
    db.ok(&["case", "edit", &reg, "--materials-complete", "2026-09-28"]);
    db.ok(&[
        "case",
        "advance",
        &reg,
        "--to",
        "in_review",
        "--on",
        "2026-09-28",
    ]);
    assert_eq!(deadline(&db, &reg, "normative_review")["due"], "2026-10-23");
    let steps: [(&[&str], &str); 3] = [
        (
            &[
                "case",
                "pause",
                &reg,
                "--reason",
                "缺少起草说明",
                "--on",
                "2026-10-09",
            ],
            "规范性文件合法性审核期限：2026年10月23日 → —",
        ),
        (
            &["case", "resume", &reg, "--on", "2026-10-14"],
            "规范性文件合法性审核期限：— → 2026年10月29日",
        ),
        (
            &[
                "case",
                "extend",
                &reg,
                "--days",
                "5",
                "--reason",
                "涉及多部门",
                "--approver",
                "陈静",
                "--on",
                "2026-10-15",
            ],
            "规范性文件合法性审核期限：2026年10月29日 → 2026年11月5日",
        ),
    ];
    for (args, moved) in steps {
        let out = db.ok(args);
        assert!(
            out.contains("以下期限随之变动") && out.contains(moved),
            "`fashen {}` must say which deadline moved and how ({moved}); it printed:\n{out}",
            args.join(" ")
        );
    }
    assert_eq!(deadline(&db, &reg, "normative_review")["due"], "2026-11-05");
}

#[test]
fn a_case_shows_its_deadlines_with_rule_and_source_and_a_corrected_trigger_shows_what_moved() {
    let db = TestDb::with_office();
    let reg = new_case(
        &db,
        "normative_doc",
        "关于加强物业管理的若干规定",
        "2026-09-25",
    );
    db.ok(&["case", "edit", &reg, "--materials-complete", "2026-09-28"]);
    let d = deadline(&db, &reg, "normative_review");
    assert_eq!(d["due"], "2026-10-23");
    assert_eq!(d["trigger"], "2026-09-28");
    assert_eq!(d["period"], "15个工作日");
    assert!(d["source"].as_str().unwrap().contains("115号"), "{d:#}");
    assert!(
        d["rule_rev"].as_str().unwrap().len() == 64,
        "records the rule's revision: {d:#}"
    );
    assert!(!d["calendar_version"].as_str().unwrap().is_empty());

    // Materials in fact completed two days later: the deadline moves, and the user is told.
    let out = db.ok(&["case", "edit", &reg, "--materials-complete", "2026-09-30"]);
    assert!(
        out.contains("以下期限随之变动") && out.contains("2026年10月23日 → 2026年10月27日"),
        "{out}"
    );
    let v = db.json(&["case", "show", &reg]);
    let moves = v["deadlines"]["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1, "{moves:#?}");
    assert_eq!(moves[0]["old_due"], "2026-10-23");
    assert_eq!(moves[0]["new_due"], "2026-10-27");
    assert!(
        moves[0]["cause"].as_str().unwrap().contains("材料齐全"),
        "{:#}",
        moves[0]
    );
    let report = db.json(&["check"]);
    assert_eq!(
        report["problems"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
}

#[test]
fn pauses_and_extensions_through_the_cli_combine() {
    let db = TestDb::with_office();
    let reg = new_case(&db, "contract", "办公用房租赁合同", "2026-03-02");
    db.ok(&[
        "case",
        "advance",
        &reg,
        "--to",
        "in_review",
        "--on",
        "2026-03-02",
    ]);
    assert_eq!(deadline(&db, &reg, "contract_review")["due"], "2026-03-09");

    db.ok(&[
        "case",
        "pause",
        &reg,
        "--reason",
        "缺少对方营业执照",
        "--on",
        "2026-03-04",
    ]);
    let d = deadline(&db, &reg, "contract_review");
    assert_eq!(d["state"], "paused");
    assert_eq!(d["remaining"], 3, "3-3 and 3-4 were used: {d:#}");

    // A resume dated before the pause is refused and changes nothing.
    let before = db.digest();
    let msg = db.refused(&["case", "resume", &reg, "--on", "2026-03-03"]);
    assert!(msg.contains("早于"), "{msg}");
    assert_eq!(db.digest(), before);

    db.ok(&["case", "resume", &reg, "--on", "2026-03-06"]);
    // Resuming a case whose clock runs (审查中 now, 待签批 later) is refused: it would move the case back.
    let before = db.digest();
    let msg = db.refused(&["case", "resume", &reg, "--on", "2026-03-06"]);
    assert!(
        msg.contains("审查计时未暂停") && msg.contains("待补正"),
        "{msg}"
    );
    assert_eq!(db.digest(), before);
    // 3-5 and 3-6 paused: 5 working days end on 3-11.
    assert_eq!(deadline(&db, &reg, "contract_review")["due"], "2026-03-11");
    db.ok(&[
        "case",
        "extend",
        &reg,
        "--days",
        "5",
        "--reason",
        "合同复杂",
        "--approver",
        "陈静",
    ]);
    let d = deadline(&db, &reg, "contract_review");
    assert_eq!(d["due"], "2026-03-18");
    assert!(
        d["detail"]
            .as_str()
            .unwrap()
            .contains("延期 1 次共 5 个工作日"),
        "{d:#}"
    );
}

#[test]
fn bad_deadline_input_is_refused_in_chinese_and_changes_nothing() {
    let db = TestDb::with_office();
    new_case(&db, "contract", "合同", "2026-03-02");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let not_json = write("a.json", "元旦放三天");
    let weekday_make_up = write(
        "b.json",
        r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"国办发明电〔2026〕1号","holidays":[],"make_up_workdays":[{"name":"春节","days":"2027-02-10"}]}]}"#,
    );
    let half_bad = write(
        "c.json",
        r#"{"format":"fashen-calendar","version":1,"years":[
            {"year":2027,"source":"国办发明电〔2026〕1号","holidays":[{"name":"元旦","days":"2027-01-01"}],"make_up_workdays":[]},
            {"year":2028,"source":"国办发明电〔2027〕1号","holidays":[{"name":"元旦","days":"2028-01-31/2028-01-01"}],"make_up_workdays":[]}]}"#,
    );
    let cases: &[(&[&str], &str)] = &[
        (
            &["calendar", "add-workdays", "2026-03-02", "-3"],
            "工作日数",
        ),
        (
            &["calendar", "add-workdays", "2026-02-30", "3"],
            "2月没有30日",
        ),
        (&["calendar", "is-workday", "1900-01-01"], "1900"),
        (&["calendar", "show", "9999"], "超出可登记范围"),
        (&["calendar", "import", &not_json], "无法读取"),
        (&["calendar", "import", &weekday_make_up], "不是周末"),
        (&["calendar", "import", &half_bad], "早于开始日"),
        (&["calendar", "import", "/nonexistent.json"], "无法读取"),
        (
            &["rule", "set", "no_such_rule", "--amount", "3"],
            "未知的取值",
        ),
        (
            &["rule", "set", "contract_review", "--amount", "0"],
            "应为 1—250",
        ),
        (
            &["rule", "set", "contract_review", "--amount", "-5"],
            "正整数",
        ),
        (
            &["rule", "set", "validity", "--unit", "working_days"],
            "应以年或月计",
        ),
        (
            &["rule", "set", "contract_review", "--unit", "周"],
            "未知的取值",
        ),
        (&["rule", "set", "contract_review", "--source", " "], "依据"),
        (&["deadlines", "--within", "99999"], "天数"),
        (&["case", "list", "--sort", "title"], "未知的排序"),
    ];
    db.all_refused_unchanged(cases);
}

#[test]
fn a_new_years_notice_replaces_the_provisional_count_and_every_moved_deadline_is_reported() {
    let db = TestDb::with_office();
    // Registered on 2026-12-28, when 2027's notice is not yet out.
    let reg = db.register_on(
        (2026, 12, 28),
        "normative_doc",
        "年末收到的规范性文件",
        "2026-12-24",
    );
    let d = deadline(&db, &reg, "normative_review");
    // 2027 unknown: counted Monday to Friday, so 2027-01-01 counts: the 15th working day is 2027-01-14.
    assert_eq!(d["due"], "2027-01-14");
    assert_eq!(d["provisional"], true);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2027.json");
    std::fs::write(
        &file,
        r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"国办发明电〔2026〕测试","holidays":[{"name":"元旦","days":"2027-01-01/2027-01-03"}],"make_up_workdays":[]}]}"#,
    )
    .unwrap();
    let file = file.to_string_lossy().into_owned();
    let out = db.ok(&["calendar", "import", &file]);
    assert!(out.contains("新增：2027年"), "{out}");
    assert!(
        out.contains("2027年1月14日 → 2027年1月15日"),
        "the move is reported: {out}"
    );
    let d = deadline(&db, &reg, "normative_review");
    assert_eq!(
        (d["due"].as_str(), d["provisional"].as_bool()),
        (Some("2027-01-15"), Some(false))
    );

    // The same file again changes nothing.
    let before = db.digest();
    let out = db.ok(&["calendar", "import", &file]);
    assert!(
        out.contains("未变：2027年") && out.contains("没有期限因此变动"),
        "{out}"
    );
    assert_eq!(db.digest(), before);

    // The year is an ordinary revisioned record: its history names who imported it.
    let year = db.json(&["calendar", "show", "2027"]);
    assert_eq!(year["record"]["source"], "国办发明电〔2026〕测试");
    let report = db.json(&["check"]);
    assert_eq!(
        report["problems"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
}

#[test]
fn a_changed_rule_recomputes_open_deadlines_and_reports_them() {
    let db = TestDb::with_office();
    let reg = new_case(&db, "contract", "物业服务合同", "2026-03-02");
    db.ok(&["case", "edit", &reg, "--materials-complete", "2026-03-02"]);
    assert_eq!(deadline(&db, &reg, "contract_review")["due"], "2026-03-09");
    let out = db.ok(&[
        "rule",
        "set",
        "contract_review",
        "--amount",
        "7",
        "--source",
        "本区合同审查办法第八条",
    ]);
    assert!(out.contains("2026年3月9日 → 2026年3月11日"), "{out}");
    let d = deadline(&db, &reg, "contract_review");
    assert_eq!(d["period"], "7个工作日");
    assert_eq!(d["source"], "本区合同审查办法第八条");
    let rules = db.json(&["rule", "list"]);
    let r = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "contract_review")
        .unwrap();
    assert_eq!(r["customised"], true);

    // Disabled: the deadline goes; enabled again, it is back.
    db.ok(&["rule", "set", "contract_review", "--disable"]);
    let v = db.json(&["case", "show", &reg]);
    assert!(v["deadlines"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["key"] != "contract_review"));
    db.ok(&["rule", "set", "contract_review", "--enable"]);
    assert_eq!(deadline(&db, &reg, "contract_review")["due"], "2026-03-11");
}

#[test]
fn the_deadline_list_filters_overdue_and_soon_and_the_register_sorts_by_due_date() {
    let db = TestDb::with_office();
    let old = new_case(&db, "contract", "早已逾期的合同", "2020-06-01");
    db.ok(&["case", "edit", &old, "--materials-complete", "2020-06-01"]);
    let far = db.register_on((2099, 3, 2), "contract", "很久以后的合同", "2099-03-02");
    let none = new_case(&db, "advice", "没有期限的咨询", "2026-01-05");

    let overdue = db.json(&["deadlines", "--overdue"]);
    let regs: Vec<&str> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reg_no"].as_str().unwrap())
        .collect();
    assert_eq!(regs, vec![old.as_str()]);
    assert_eq!(overdue[0]["urgency"], "overdue");
    assert!(overdue[0]["left_text"]
        .as_str()
        .unwrap()
        .starts_with("逾期"));

    let soon = db.json(&["deadlines", "--within", "30"]);
    assert_eq!(
        soon.as_array().unwrap().len(),
        1,
        "the 2099 deadline is not within 30 days"
    );
    let all = db.json(&["deadlines"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[1]["urgency"], "green");

    let page = db.json(&["case", "list", "--sort", "due"]);
    let order: Vec<&str> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reg_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        vec![old.as_str(), far.as_str(), none.as_str()],
        "soonest first, none last"
    );
    assert_eq!(page["rows"][0]["next_due_urgency"], "overdue");
}

#[test]
fn the_materials_date_of_a_case_under_review_cannot_be_cleared_and_its_deadline_stays() {
    let db = TestDb::with_office();
    let reg = new_case(&db, "normative_doc", "物业管理规定", "2026-09-25");
    db.ok(&["case", "edit", &reg, "--materials-complete", "2026-09-28"]);
    db.ok(&[
        "case",
        "advance",
        &reg,
        "--to",
        "in_review",
        "--on",
        "2026-09-28",
    ]);
    db.all_refused_unchanged(&[(
        &["case", "edit", &reg, "--materials-complete", ""],
        "材料齐全日期：案件处于「审查中」，审查期限由材料齐全日期起算，不能清除",
    )]);
    assert_eq!(deadline(&db, &reg, "normative_review")["due"], "2026-10-23");
    // Before the review starts, a wrong date may still be cleared.
    let other = new_case(&db, "normative_doc", "停车管理办法", "2026-09-25");
    db.ok(&["case", "edit", &other, "--materials-complete", "2026-09-28"]);
    db.ok(&["case", "edit", &other, "--materials-complete", ""]);
}

#[test]
fn extensions_stay_within_the_rules_limit_across_the_case_and_only_while_the_clock_runs() {
    let db = TestDb::with_office();
    let reg = new_case(&db, "contract", "物业服务合同", "2026-03-02");
    let extend = |days: &str| -> Vec<String> {
        [
            "case",
            "extend",
            &reg,
            "--days",
            days,
            "--reason",
            "合同复杂",
            "--approver",
            "陈静",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // Registered, not yet under review: no clock to extend.
    let args = extend("2");
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    db.all_refused_unchanged(&[(&a, "审查计时未在进行，不能延期")]);
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
    // The contract rule allows 5 working days in all: 3 and 2 are granted, one more day is not.
    for days in ["3", "2"] {
        let args = extend(days);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        db.ok(&a);
    }
    let args = extend("1");
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    db.all_refused_unchanged(&[(
        &a,
        "本案已延期 5 个工作日，政府合同合法性审查期限最多可延长 5 个工作日，还可延长 0 个工作日",
    )]);
}

#[test]
fn a_rule_counted_in_days_speaks_in_days_and_one_in_working_days_in_working_days() {
    let db = TestDb::new();
    db.json(&["demo"]);
    let items = db.json(&["deadlines"]);
    let items = items.as_array().unwrap();
    let text_of = |rule: &str| -> Vec<String> {
        items
            .iter()
            .filter(|i| i["rule"] == rule && i["due"].is_string())
            .map(|i| i["left_text"].as_str().unwrap().to_string())
            .collect()
    };
    // A filing within 30 days (calendar days): 逾期80天, never 逾期80个工作日.
    let filings = text_of("filing_npc");
    assert!(!filings.is_empty(), "the demo has filings to report");
    for t in &filings {
        assert!(
            t.ends_with('天') && !t.contains("工作日"),
            "a calendar-day rule: {t}"
        );
    }
    // The review itself runs in working days.
    let reviews = text_of("normative_review");
    assert!(!reviews.is_empty());
    for t in &reviews {
        assert!(
            t.contains("工作日") || t == "今日到期",
            "a working-day rule: {t}"
        );
    }
}

#[test]
fn a_local_rule_carries_the_office_s_own_citation_and_a_national_one_its_article() {
    let db = TestDb::with_office();
    let table = db.ok(&["rule", "list"]);
    let line = |table: &str, code: &str| {
        table
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("{code} in {table}"))
            .to_string()
    };
    assert!(
        line(&table, "public_comment_minimum").contains("第十五条"),
        "{table}"
    );
    assert!(
        line(&table, "contract_review").contains("本地依据未填写"),
        "{table}"
    );
    db.ok(&[
        "rule",
        "set",
        "contract_review",
        "--local-source",
        "《镇江市政府合同管理办法》第十二条",
    ]);
    let table = db.ok(&["rule", "list"]);
    assert!(
        line(&table, "contract_review").contains("本地依据：《镇江市政府合同管理办法》第十二条"),
        "{table}"
    );
    let reg = new_case(&db, "contract", "区政府办公楼物业服务合同", "2026-03-02");
    let d = deadline(&db, &reg, "contract_review");
    assert_eq!(
        d["source"], "本地依据：《镇江市政府合同管理办法》第十二条",
        "the case page cites it"
    );
    db.all_refused_unchanged(&[(
        &[
            "rule",
            "set",
            "contract_review",
            "--local-source",
            &"条".repeat(301),
        ],
        "本地依据",
    )]);
    db.ok(&["rule", "set", "contract_review", "--local-source", ""]);
    assert!(line(&db.ok(&["rule", "list"]), "contract_review").contains("本地依据未填写"));
    // A citation typed in place of the shipped source (as before 本地依据 had its own field) is the office's.
    db.ok(&[
        "rule",
        "set",
        "enforcement_review",
        "--source",
        "本区重大执法决定法制审核办法第九条",
    ]);
    assert!(line(&db.ok(&["rule", "list"]), "enforcement_review")
        .contains("本地依据：本区重大执法决定法制审核办法第九条"));
}
