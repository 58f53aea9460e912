//! 案卷评查 after the scoring (issue 20): a file corrected while the round runs, its scores fixed once the results
//! are published (only what the unit does about them stays open), the same file never entered twice, and each
//! unit's 整改通知书 in the letter layout — read back from the PDF by poppler and from the DOCX's XML.

use crate::letters::zipped;
use crate::print::{flat_text, tool};
use crate::support::TestDb;

/// A round with three units' files: 住建 one sound and one with problems, 城管 one failing, 生态 one perfect.
fn round_with_files(db: &TestDb) -> String {
    for (name, code) in [("区城市管理局", "徒城管"), ("区生态环境局", "徒环")] {
        db.ok(&["unit", "add", "--name", name, "--code", code]);
    }
    let round = db.json(&[
        "inspection",
        "new",
        "--title",
        "2026年度行政执法案卷评查",
        "--unit",
        "丹徒区司法局",
        "--received",
        "2026-11-02",
    ]);
    let reg = round["reg_no"].as_str().unwrap().to_string();
    db.ok(&[
        "inspection",
        "edit",
        &reg,
        "--plan",
        "《2026年行政执法监督检查计划》",
    ]);
    let add = |unit: &str, no: &str, scores: &str, problems: &str, asked: &str| {
        let mut args = vec![
            "inspection",
            "file",
            "add",
            "--case",
            &reg,
            "--unit",
            unit,
            "--file-no",
            no,
            "--scores",
            scores,
        ];
        if !problems.is_empty() {
            args.extend(["--problems", problems]);
        }
        if !asked.is_empty() {
            args.extend(["--rectification", asked]);
        }
        db.ok(&args);
    };
    add(
        "区住房和城乡建设局",
        "徒住建罚〔2026〕3号",
        "文书 9",
        "",
        "",
    );
    add(
        "区住房和城乡建设局",
        "徒住建罚〔2026〕7号",
        "证据 15；程序 12",
        "询问笔录未载明执法人员证件号",
        "补记执法人员证件号",
    );
    add(
        "区城市管理局",
        "徒城管罚〔2026〕5号",
        "事实 5；证据 8；程序 5；适用法律 10；裁量 5",
        "违法事实认定不清",
        "",
    );
    add("区生态环境局", "徒环罚〔2026〕9号", "", "", "");
    reg
}

fn file_id(db: &TestDb, reg: &str, no: &str) -> String {
    let files = db.json(&["inspection", "file", "list", "--case", reg]);
    files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file_no"] == no)
        .unwrap_or_else(|| panic!("{no} in {files}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_file_is_corrected_while_the_round_runs_and_its_scores_are_fixed_once_published() {
    let db = TestDb::with_office();
    let reg = round_with_files(&db);
    let id = file_id(&db, &reg, "徒住建罚〔2026〕7号");

    // The same file twice (its number as typed again, spaces and case aside) is refused; another unit's file
    // of the same number is not the same file.
    db.all_refused_unchanged(&[(
        &[
            "inspection",
            "file",
            "add",
            "--case",
            &reg,
            "--unit",
            "徒住建",
            "--file-no",
            " 徒住建罚〔2026〕7号 ",
        ],
        "本次评查已有区住房和城乡建设局的案卷 徒住建罚〔2026〕7号",
    )]);

    // Corrected while the round runs: the scores typed again, the grade follows the new total.
    let edited = db.json(&[
        "inspection",
        "file",
        "edit",
        "--case",
        &reg,
        &id,
        "--scores",
        "证据 10；程序 12",
    ]);
    assert_eq!(edited["grade"], "pass", "{edited}");
    // 证据 10 of 20, 程序 12 of 15: 100 − 10 − 3 = 87.
    let listed = db.json(&["inspection", "file", "list", "--case", &reg]);
    let total = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file_no"] == "徒住建罚〔2026〕7号")
        .map(|f| f["total"].clone());
    assert_eq!(total, Some(serde_json::json!("87")), "{listed}");
    // Renamed onto another file's number: refused like a second entry.
    db.all_refused_unchanged(&[(
        &[
            "inspection",
            "file",
            "edit",
            "--case",
            &reg,
            &id,
            "--file-no",
            "徒住建罚〔2026〕3号",
        ],
        "请勿重复录入",
    )]);

    // Published: the 通报 has the scores, so they stay as they are.
    db.ok(&[
        "inspection",
        "step",
        &reg,
        "--to",
        "评查中",
        "--on",
        "2026-11-10",
    ]);
    db.ok(&[
        "inspection",
        "step",
        &reg,
        "--to",
        "已通报结果",
        "--on",
        "2026-11-20",
    ]);
    let clean = file_id(&db, &reg, "徒住建罚〔2026〕3号");
    db.all_refused_unchanged(&[
        (
            &[
                "inspection",
                "file",
                "add",
                "--case",
                &reg,
                "--unit",
                "徒住建",
                "--file-no",
                "徒住建罚〔2026〕11号",
            ],
            "评查结果已通报，不能再添加评查案卷",
        ),
        (
            &[
                "inspection",
                "file",
                "edit",
                "--case",
                &reg,
                &id,
                "--scores",
                "证据 20",
            ],
            "不能再修改案卷的单位、编号、类型、得分和等次",
        ),
        (
            &[
                "inspection",
                "file",
                "edit",
                "--case",
                &reg,
                &id,
                "--grade",
                "优秀",
            ],
            "不能再修改",
        ),
        (
            &["inspection", "file", "delete", "--case", &reg, &clean],
            "评查结果已通报，不能再删除评查案卷",
        ),
        // Nor the items its scores are on.
        (
            &[
                "inspection",
                "edit",
                &reg,
                "--score-items",
                "主体 10；事实 15；证据 20；适用法律 15；程序 15；裁量 10；文书 15",
            ],
            "评分项目及分值不能再改",
        ),
        // The day it was put right: not before the round began, not after today.
        (
            &[
                "inspection",
                "file",
                "edit",
                "--case",
                &reg,
                &id,
                "--rectified-on",
                "2026-10-30",
            ],
            "早于结果通报日期",
        ),
        (
            &[
                "inspection",
                "file",
                "edit",
                "--case",
                &reg,
                &id,
                "--rectified-on",
                "2099-01-04",
            ],
            "晚于今天",
        ),
    ]);
    // What the unit did stays open: the day it was put right, the problems noted more fully.
    let done = db.json(&[
        "inspection",
        "file",
        "edit",
        "--case",
        &reg,
        &id,
        "--rectified-on",
        "2026-11-30",
        "--problems",
        "询问笔录未载明执法人员证件号；送达回证缺失",
    ]);
    assert_eq!(done["rectified_on"], "2026-11-30");
    assert_eq!(done["grade"], "pass", "the grade stays: {done}");
    let log = db.json(&["audit"]).to_string();
    assert!(
        log.contains("修改评查案卷 徒住建罚〔2026〕7号（区住房和城乡建设局）：87分，合格，2026年11月30日整改完毕"),
        "{log}"
    );
    db.ok(&["check"]);
}

#[test]
fn each_unit_with_something_to_put_right_gets_its_notice_in_the_letter_layout() {
    let db = TestDb::with_office();
    let reg = round_with_files(&db);
    db.ok(&[
        "inspection",
        "step",
        &reg,
        "--to",
        "评查中",
        "--on",
        "2026-11-10",
    ]);
    // A notice goes out with the results: not before they are published.
    let early = db.dir().join("早.pdf");
    db.all_refused_unchanged(&[(
        &[
            "inspection",
            "notice",
            "--case",
            &reg,
            "--out",
            early.to_str().unwrap(),
        ],
        "尚未通报结果",
    )]);
    assert!(!early.exists());
    db.ok(&[
        "inspection",
        "step",
        &reg,
        "--to",
        "已通报结果",
        "--on",
        "2026-11-20",
    ]);
    db.ok(&["inspection", "edit", &reg, "--rectify-by", "2026-12-31"]);

    let pdf = db.dir().join("整改通知.pdf");
    let out = db.ok(&[
        "inspection",
        "notice",
        "--case",
        &reg,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.contains("已导出整改通知 2 份"), "{out}");
    let text = flat_text(&pdf);
    // 住建 (99 and 92: 95.5, second) and 城管 (58, third): the two units with problems, each a notice under
    // the office's name; 生态 (all full points, first) gets none.
    for part in [
        "关于2026年度行政执法案卷评查发现问题整改的通知",
        "区住房和城乡建设局：",
        "区城市管理局：",
        "根据《2026年行政执法监督检查计划》，丹徒区司法局于2026年11月2日至2026年11月20日组织开展了2026年度行政执法案卷评查，抽查了你单位行政执法案卷2份",
        "平均得分95.5分，在3个被评查单位中列第2名；其中优秀2份、合格0份、不合格0份",
        "（一）徒住建罚〔2026〕7号。询问笔录未载明执法人员证件号。",
        "（一）徒住建罚〔2026〕7号。补记执法人员证件号。",
        "在3个被评查单位中列第3名",
        "（一）徒城管罚〔2026〕5号。违法事实认定不清。",
        "于2026年12月31日前将整改情况书面报送丹徒区司法局",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    // Signed on the day of the 通报: the date on a line of its own under the issuer, on each notice.
    let laid_out = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let signed = laid_out
        .lines()
        .filter(|l| l.trim() == "2026年11月20日")
        .count();
    assert_eq!(signed, 2, "{laid_out}");
    assert!(!text.contains("区生态环境局："), "{text}");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.contains("Fang") && fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "embedded: {fonts}"
    );

    // One unit's, as an editable Word document: the same words.
    let docx = db.dir().join("住建整改通知.docx");
    let out = db.ok(&[
        "inspection",
        "notice",
        "--case",
        &reg,
        "--unit",
        "徒住建",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert!(out.contains("已导出整改通知 1 份"), "{out}");
    let again = db.json(&[
        "inspection",
        "notice",
        "--case",
        &reg,
        "--unit",
        "徒住建",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(again["notices"], 1);
    let body = zipped(&docx, "word/document.xml");
    for part in [
        "关于2026年度行政执法案卷评查",
        "区住房和城乡建设局：",
        "补记执法人员证件号。",
        "于2026年12月31日前",
    ] {
        assert!(body.contains(part), "«{part}» in the DOCX");
    }
    assert!(!body.contains("区城市管理局"), "one unit only");

    // Refused, no file written: a unit with nothing to put right, a file type the notice is not made in.
    let none = db.dir().join("生态.pdf");
    let txt = db.dir().join("通知.txt");
    db.all_refused_unchanged(&[
        (
            &[
                "inspection",
                "notice",
                "--case",
                &reg,
                "--unit",
                "区生态环境局",
                "--out",
                none.to_str().unwrap(),
            ],
            "区生态环境局在",
        ),
        (
            &[
                "inspection",
                "notice",
                "--case",
                &reg,
                "--out",
                txt.to_str().unwrap(),
            ],
            ".pdf、.docx 或 .ofd",
        ),
    ]);
    assert!(!none.exists() && !txt.exists());
}

#[test]
fn the_rectification_is_due_by_the_round_s_own_day_or_thirty_days_from_the_notice_across_national_day(
) {
    use crate::registers::{deadline, office, step};
    use crate::support::fields;
    use fashen::actions::cases::{edit_case, register_case};
    use fashen::actions::inspection::{
        add_inspected_file, edit_inspected_file, InspectedFileEdit, InspectedFileInput,
    };
    use fashen::deadlines::DeadlineState;
    use fashen::model::{CaseKind, Status};
    use fashen::Store;
    const RULE: &str = "inspection_rectification";

    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    let round = register_case(
        &mut store,
        CaseKind::FileInspection,
        &fields(&[
            ("title", "2026年度行政执法案卷评查"),
            ("unit", "丹徒区人民政府"),
            ("received", "2026-08-20"),
        ]),
        None,
    )
    .unwrap();
    let files: Vec<_> = ["徒市监罚〔2026〕21号", "徒市监罚〔2026〕22号"]
        .into_iter()
        .map(|no| {
            add_inspected_file(
                &mut store,
                round.id,
                &InspectedFileInput {
                    unit: "区市场监督管理局".into(),
                    file_no: no.into(),
                    scores: Some("证据 12".into()),
                    problems: Some("询问笔录未载明执法人员证件号".into()),
                    ..Default::default()
                },
            )
            .unwrap()
        })
        .collect();
    let fixed = |store: &mut Store, i: usize, on: &str| {
        let edit = InspectedFileEdit {
            rectified_on: Some(on.into()),
            ..Default::default()
        };
        edit_inspected_file(store, files[i].id, &edit).unwrap();
    };
    step(&mut store, &round, Status::Inspecting, "2026-08-25", None);
    assert!(
        deadline(&store, &round, RULE).is_none(),
        "nothing due before the 通报"
    );

    // Published on 2 September: 30 days end on 2 October, inside the National Day break (1–7 October), so the
    // last day is the first working day after it.
    step(
        &mut store,
        &round,
        Status::ResultsPublished,
        "2026-09-02",
        None,
    );
    let due = deadline(&store, &round, RULE).unwrap();
    assert_eq!(due.due.unwrap().to_string(), "2026-10-08");
    assert_eq!(due.state, DeadlineState::Open);
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    assert!(
        board
            .overdue
            .items
            .iter()
            .any(|i| i.row.reg_no == round.reg_no.to_string() && i.row.rule == RULE),
        "overdue on 30 November: {:#?}",
        board.overdue
    );

    // The round's own 整改期限, as its notice states it, is the day.
    edit_case(
        &mut store,
        round.id,
        &fields(&[("rectify_by", "2026-12-15")]),
    )
    .unwrap();
    let due = deadline(&store, &round, RULE).unwrap();
    assert_eq!(due.due.unwrap().to_string(), "2026-12-15");
    assert!(due.detail.contains("通报载明"), "{}", due.detail);

    // Refused, nothing written: a 整改期限 before the 通报, a 整改验收日期 typed before the round is closed.
    let before = db.digest();
    for (field, value, says) in [
        ("rectify_by", "2026-09-01", "早于结果通报日期"),
        ("closed_on", "2026-11-20", "在评查结案时填写"),
    ] {
        let e = edit_case(&mut store, round.id, &fields(&[(field, value)]))
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{field}: {e}");
    }
    assert_eq!(db.digest(), before, "refusals change nothing");

    // One file put right on 25 November: the other is still owed.
    fixed(&mut store, 0, "2026-11-25");
    assert_eq!(
        deadline(&store, &round, RULE).unwrap().state,
        DeadlineState::Open
    );
    // Closed (已结案) on 28 November with one file still unrecorded: met the day the office closed it, and
    // the dashboard lets it go.
    step(&mut store, &round, Status::Concluded, "2026-11-28", None);
    let met = deadline(&store, &round, RULE).unwrap();
    assert_eq!(met.state, DeadlineState::Met);
    assert_eq!(met.met_on.unwrap().to_string(), "2026-11-28");
    let closed = fashen::actions::find_case(&store, &round.id.to_string()).unwrap();
    assert!(matches!(
        closed.details,
        fashen::model::CaseDetails::FileInspection(ref d) if d.closed_on.unwrap().to_string() == "2026-11-28"
    ));
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    assert!(!board
        .overdue
        .items
        .iter()
        .chain(&board.due_soon.items)
        .any(|i| i.row.rule == RULE));
    // The second file's day written down after all: met the day the last file was put right.
    fixed(&mut store, 1, "2026-11-27");
    let met = deadline(&store, &round, RULE).unwrap();
    assert_eq!(met.met_on.unwrap().to_string(), "2026-11-27");

    // A round with nothing to put right owes nothing.
    let clean = register_case(
        &mut store,
        CaseKind::FileInspection,
        &fields(&[
            ("title", "2026年度专项案卷评查"),
            ("unit", "丹徒区人民政府"),
            ("received", "2026-10-08"),
        ]),
        None,
    )
    .unwrap();
    add_inspected_file(
        &mut store,
        clean.id,
        &InspectedFileInput {
            unit: "区市场监督管理局".into(),
            file_no: "徒市监罚〔2026〕30号".into(),
            ..Default::default()
        },
    )
    .unwrap();
    step(&mut store, &clean, Status::Inspecting, "2026-10-09", None);
    step(
        &mut store,
        &clean,
        Status::ResultsPublished,
        "2026-10-20",
        None,
    );
    assert!(deadline(&store, &clean, RULE).is_none());
}

/// Each register of its own prints its own 台账: the columns its clerks keep (行政应诉: 案号, 原告, 被告, the
/// hearings and who appeared, the result), named as the kind names its fields; the review register lists the
/// review cases only; 案卷评查 has its results instead.
#[test]
fn each_register_prints_its_own_ledger_with_its_own_columns() {
    let db = TestDb::with_office();
    let suit = db.json(&[
        "litigation",
        "new",
        "--title",
        "王某诉区住房和城乡建设局行政处罚案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-02",
        "--court-case-no",
        "（2026）苏1112行初3号",
        "--plaintiffs",
        "王某",
    ]);
    let reg = suit["reg_no"].as_str().unwrap().to_string();
    db.ok(&[
        "litigation",
        "hearing",
        "add",
        "--case",
        &reg,
        "--on",
        "2026-04-08",
        "--appeared",
        "副职负责人",
        "--names",
        "副局长 赵刚",
    ]);
    db.new_case("contract", "物业服务合同", "2026-03-05");
    let pdf = db.dir().join("应诉台账.pdf");
    db.ok(&[
        "register",
        "pdf",
        "--year",
        "2026",
        "--kind",
        "行政应诉",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let text = flat_text(&pdf);
    for part in [
        "丹徒区司法局2026年度行政应诉案件登记台账",
        "收到起诉状副本日期",
        "被告",
        "庭审及出庭应诉人员",
        "（2026）苏1112行初3号",
        "2026-04-08副职负责人（副局长赵刚）",
        "（1件）",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    assert!(!text.contains("物业服务合同"), "a contract is no lawsuit");
    assert!(
        !text.contains("送审单位"),
        "the review register's columns are not a lawsuit's"
    );

    // The review register: the contract, not the lawsuit.
    let review = db.dir().join("台账.docx");
    db.ok(&[
        "register",
        "pdf",
        "--year",
        "2026",
        "--out",
        review.to_str().unwrap(),
    ]);
    let body = zipped(&review, "word/document.xml");
    assert!(body.contains("审查案件登记台账") && body.contains("物业服务合同"));
    assert!(!body.contains("王某诉"), "a lawsuit has its own register");

    let none = db.dir().join("评查台账.pdf");
    db.all_refused_unchanged(&[(
        &[
            "register",
            "pdf",
            "--year",
            "2026",
            "--kind",
            "案卷评查",
            "--out",
            none.to_str().unwrap(),
        ],
        "案卷评查没有登记台账",
    )]);
    assert!(!none.exists());
}
