//! 建议提案办理 (issue 21): a deputy's suggestion or a member's proposal as a kind of case — answered within three
//! months of assignment (six for a difficult one, 代表法 art. 51) on the working-day calendar, the co-units' views
//! within a month, a reply the deputy is not satisfied with handled again within a month; refusals change
//! nothing.

use fashen::actions::cases::{edit_case, register_case};
use fashen::deadlines::DeadlineState;
use fashen::model::{CaseDetails, CaseKind, ReviewCase, Status};
use fashen::Store;

use crate::registers::{deadline, office, step};
use crate::support::{fields, TestDb};

fn units(store: &mut Store) {
    for name in ["区教育局", "区财政局"] {
        fashen::actions::parties::add_unit(
            store,
            &fashen::actions::parties::NewUnit {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

fn suggestion(store: &mut Store, assigned: &str, extra: &[(&str, &str)]) -> ReviewCase {
    let mut f = vec![
        ("title", "关于加强校园周边交通安全管理的建议"),
        ("unit", "区教育局"),
        ("received", assigned),
        ("category", "人大代表建议"),
        ("session", "区十七届人大五次会议"),
        ("proposal_no", "第12号"),
        ("lead", "张建国"),
    ];
    f.extend_from_slice(extra);
    register_case(store, CaseKind::Proposal, &fields(&f), None).unwrap()
}

fn due(store: &Store, case: &ReviewCase, rule: &str) -> String {
    deadline(store, case, rule)
        .unwrap_or_else(|| panic!("no {rule}"))
        .due
        .unwrap()
        .to_string()
}

#[test]
fn a_reply_is_due_in_three_months_across_national_day_and_a_difficult_one_in_six() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    units(&mut store);
    // Assigned 1 July: three months end on 1 October, National Day (1–7 October 2026): due on the first
    // working day after, 8 October. The co-unit's month ends on Saturday 1 August: Monday 3 August.
    let s = suggestion(&mut store, "2026-07-01", &[("co_units", "区财政局")]);
    assert_eq!(due(&store, &s, "proposal_reply"), "2026-10-08");
    assert_eq!(due(&store, &s, "proposal_co_views"), "2026-08-03");
    assert!(deadline(&store, &s, "proposal_reply_difficult").is_none());
    // 涉及面广、处理难度大: six months instead, 1 January 2027 — past the calendars the app has, so provisional.
    edit_case(&mut store, s.id, &fields(&[("difficult", "是")])).unwrap();
    assert!(deadline(&store, &s, "proposal_reply").is_none());
    let six = deadline(&store, &s, "proposal_reply_difficult").unwrap();
    assert_eq!(six.due.unwrap().to_string(), "2027-01-01");
    assert!(six.provisional, "2027 has no holiday notice in the app yet");

    // Assigned 17 November 2025: three months end on 17 February 2026, inside the Spring Festival break
    // (15–23 February): due Tuesday 24 February.
    let winter = suggestion(&mut store, "2025-11-17", &[]);
    assert_eq!(due(&store, &winter, "proposal_reply"), "2026-02-24");
    // Answered on 10 February: met that day; no co-units, no co-units' month.
    step(&mut store, &winter, Status::Replied, "2026-02-10", None);
    let met = deadline(&store, &winter, "proposal_reply").unwrap();
    assert_eq!(met.state, DeadlineState::Met);
    assert_eq!(met.met_on.unwrap().to_string(), "2026-02-10");
    assert!(deadline(&store, &winter, "proposal_co_views").is_none());
}

#[test]
fn a_reply_not_satisfying_the_deputy_is_handled_again_within_a_month() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    units(&mut store);
    let s = suggestion(&mut store, "2026-07-01", &[("handling_class", "B")]);
    step(&mut store, &s, Status::Replied, "2026-08-20", None);

    // Refused, nothing written: handled again without a 不满意; a reply before the assignment; feedback on a
    // suggestion not yet answered; an unknown 办理类别; the 主办单位 as its own 会办单位.
    let before = db.digest();
    let again = fashen::actions::cases::advance_case(
        &mut store,
        s.id,
        Status::Rehandling,
        &fashen::actions::cases::Advance {
            on: Some("2026-09-01".into()),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(again.contains("不满意"), "{again}");
    assert_eq!(db.digest(), before, "a refused step changes nothing");
    let fresh = suggestion(&mut store, "2026-07-02", &[]);
    let before_edits = db.digest();
    let refusals = [
        (fresh.id, ("replied_on", "2026-06-30"), "早于交办日期"),
        (fresh.id, ("feedback", "满意"), "答复之后"),
        (fresh.id, ("handling_class", "D"), "「D」"),
        (
            fresh.id,
            ("co_units", "区财政局、区教育局"),
            "会办单位不能同时是主办单位",
        ),
        (fresh.id, ("co_views_on", "2026-07-10"), "没有会办单位"),
    ];
    for (id, (k, v), says) in refusals {
        let e = edit_case(&mut store, id, &fields(&[(k, v)]))
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{k}={v}: {e}");
    }
    assert_eq!(db.digest(), before_edits, "refusals change nothing");

    // 不满意 on 25 August; handled again from 1 September: answered again within a month, by 1 October —
    // National Day, so 8 October.
    edit_case(&mut store, s.id, &fields(&[("feedback", "不满意")])).unwrap();
    step(&mut store, &s, Status::Rehandling, "2026-09-01", None);
    assert_eq!(due(&store, &s, "proposal_rehandling"), "2026-10-08");
    step(&mut store, &s, Status::Rereplied, "2026-09-25", None);
    let met = deadline(&store, &s, "proposal_rehandling").unwrap();
    assert_eq!(met.met_on.unwrap().to_string(), "2026-09-25");
    // Satisfied with the renewed reply: said in its own field, the first 不满意 kept.
    edit_case(&mut store, s.id, &fields(&[("refeedback", "满意")])).unwrap();
    step(&mut store, &s, Status::Concluded, "2026-10-09", None);
    let stored: ReviewCase = store.get(s.id.0).unwrap().unwrap();
    match stored.details {
        CaseDetails::Proposal(p) => {
            assert_eq!(p.replied_on.unwrap().to_string(), "2026-08-20");
            assert_eq!(p.rehandling_on.unwrap().to_string(), "2026-09-01");
            assert_eq!(p.rereplied_on.unwrap().to_string(), "2026-09-25");
        }
        other => panic!("{other:?}"),
    }
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

#[test]
fn the_proposal_noun_registers_lists_and_prints_with_its_own_names() {
    let db = TestDb::with_office();
    db.ok(&["unit", "add", "--name", "区财政局", "--code", "徒财"]);
    let p = db.json(&[
        "proposal",
        "new",
        "--title",
        "关于推进老旧小区加装电梯的提案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-16",
        "--category",
        "政协委员提案",
        "--proposal-no",
        "第35号",
        "--lead",
        "周敏",
        "--co-units",
        "徒财",
    ]);
    let reg = p["reg_no"].as_str().unwrap().to_string();
    let shown = db.ok(&["proposal", "show", &reg]);
    for part in [
        "主办单位：区住房和城乡建设局",
        "交办日期：2026年3月16日",
        "会办单位：区财政局",
        "建议提案类别：政协委员提案",
        "政协委员提案答复期限：2026年6月16日",
    ] {
        assert!(shown.contains(part), "«{part}» in {shown}");
    }
    let listed = db.json(&["proposal", "list"]);
    assert_eq!(listed["total"], 1);
    // A co-unit that is no unit is refused by name.
    db.all_refused_unchanged(&[(
        &["proposal", "edit", &reg, "--co-units", "区不存在局"],
        "区不存在局",
    )]);
    // Its form, filled, read back by poppler.
    let pdf = db.dir().join("登记表.pdf");
    db.ok(&[
        "form",
        "pdf",
        &reg,
        "--form",
        "proposal_record",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let text = crate::print::flat_text(&pdf);
    for part in ["建议提案办理登记表", "第35号", "周敏", "区财政局"] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    // And its 台账, with its own columns.
    let ledger = db.dir().join("建议提案台账.pdf");
    db.ok(&[
        "register",
        "pdf",
        "--year",
        "2026",
        "--kind",
        "建议提案",
        "--out",
        ledger.to_str().unwrap(),
    ]);
    let text = crate::print::flat_text(&ledger);
    for part in [
        "2026年度建议提案办理案件登记台账",
        "会办单位",
        "答复期限",
        "区财政局",
        "2026-06-16",
        "（1件）",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
}

/// 工作台 → 本月到期的建议提案: the replies due beyond the week and within the month, each case once; sooner ones
/// are in 7日内到期, later ones wait.
#[test]
fn the_dashboard_lists_the_proposals_due_within_the_month() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    units(&mut store);
    // Due 21 December (assigned 20 September: three months end on Sunday 20 December), 21 days away.
    let month = suggestion(&mut store, "2026-09-20", &[]);
    // Due 2 December, within the week.
    let week = suggestion(&mut store, "2026-09-02", &[]);
    // Due in March 2027: not yet.
    let later = suggestion(&mut store, "2026-11-27", &[]);
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    let listed: Vec<String> = board
        .proposals_due
        .items
        .iter()
        .map(|i| i.row.reg_no.clone())
        .collect();
    assert_eq!(listed, [month.reg_no.to_string()]);
    assert_eq!(
        board.proposals_due.items[0].row.due.unwrap().to_string(),
        "2026-12-21"
    );
    assert!(board
        .due_soon
        .items
        .iter()
        .any(|i| i.row.reg_no == week.reg_no.to_string()));
    assert!(!board
        .due_soon
        .items
        .iter()
        .chain(&board.proposals_due.items)
        .any(|i| i.row.reg_no == later.reg_no.to_string()));
}

/// The words at the top right of a PDF's first page, above its head: x beyond 440 pt, y above 80 pt.
fn corner(pdf: &std::path::Path) -> String {
    let boxes = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let html = String::from_utf8(boxes.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter(|l| attr(l, "xMax") > 440.0 && attr(l, "yMax") < 80.0)
        .map(|l| {
            let start = l.find('>').unwrap() + 1;
            l[start..].trim_end_matches("</word>").to_string()
        })
        .collect()
}

/// The 答复函: the 主办单位's letter to the deputy who led the suggestion, named by its session and number, with
/// the 办理类别 at the top right of its first page, copied to the body that assigned it, and closing with thanks
/// instead of a review's conclusion; numbered in the 主办单位's own series, signed without an office 签发人.
#[test]
fn a_reply_letter_carries_its_handling_class_at_the_top_right() {
    let db = TestDb::with_office();
    let p = db.json(&[
        "proposal",
        "new",
        "--title",
        "关于加强校园周边交通安全管理的建议",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-16",
        "--category",
        "人大代表建议",
        "--session",
        "区十七届人大五次会议",
        "--proposal-no",
        "12",
        "--lead",
        "张建国",
        "--cosigners",
        "李红、王强",
        "--assigned-by",
        "区人大常委会代表工作委员会",
        "--handling-class",
        "B",
    ]);
    let reg = p["reg_no"].as_str().unwrap().to_string();
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--drafted-on",
        "2026-05-18",
        "--section",
        "办理情况",
        "--section-text",
        "我局已会同公安交警部门在学校周边增设减速带和警示标志，并将校门口道路改造列入明年计划。",
    ]);
    assert_eq!(letter["kind"], "proposal_reply");
    assert_eq!(letter["title"], "关于区十七届人大五次会议第12号建议的答复");
    assert_eq!(letter["addressee"], "张建国代表");
    let id = letter["id"].as_str().unwrap().to_string();
    // Signed without a 签发人 registered for 区住建局, in its own 徒住建 series.
    let signed = db.json(&["letter", "sign", &id, "--on", "2026-05-20"]);
    assert_eq!(signed["status"], "signed");
    assert_eq!(signed["number"]["code"], "徒住建", "{signed}");

    let pdf = db.dir().join("答复函.pdf");
    db.ok(&["letter", "pdf", &id, "--out", pdf.to_str().unwrap()]);
    let text = crate::print::flat_text(&pdf);
    for part in [
        "区住房和城乡建设局",
        "关于区十七届人大五次会议第12号建议的答复",
        "徒住建〔2026〕1号",
        "张建国代表：",
        "您领衔提出的《关于加强校园周边交通安全管理的建议》收悉",
        "一、办理情况",
        "感谢您对我们工作的关心和支持",
        "抄送：区人大常委会代表工作委员会",
        "2026年5月20日",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    assert!(
        !text.contains("结论"),
        "a reply has no conclusion heading: {text}"
    );
    // The mark: at the top right of the first page, above the head (poppler's bounding boxes, in points).
    assert_eq!(corner(&pdf), "B");
    // Signed, it keeps the class it went out with: the case's class changed later does not reprint it.
    db.ok(&["proposal", "edit", &reg, "--handling-class", "A"]);
    let again = db.dir().join("答复函-重印.pdf");
    db.ok(&["letter", "pdf", &id, "--out", again.to_str().unwrap()]);
    assert_eq!(corner(&again), "B");
    // The Word copy carries it too, right-aligned above the head in the first page's header (where the
    // letterhead is), and not again in the body.
    let docx = db.dir().join("答复函.docx");
    db.ok(&["letter", "docx", &id, "--out", docx.to_str().unwrap()]);
    let first_header = crate::letters::zipped(&docx, "word/header1.xml");
    let b = first_header
        .find(">B</w:t>")
        .expect("the mark in the first page's header");
    let head = first_header.find("区住房和城乡建设局").unwrap();
    assert!(b < head, "the mark comes before the head");
    let body = crate::letters::zipped(&docx, "word/document.xml");
    assert!(!body.contains(">B</w:t>"), "the mark once");
}

/// 办理类别 is the office's list: a class it has not added is refused (nothing written); once added (as `d`, kept
/// as the mark D) it is taken, printed at the reply's corner, and travels in the sync file with the records
/// that use it; a file naming a class no list has is refused whole on the receiving laptop, which stays as it
/// was.
#[test]
fn an_office_s_own_handling_class_is_checked_on_every_path_and_travels_with_its_records() {
    let db = TestDb::with_office();
    let new = |class: &str| {
        vec![
            "proposal".to_string(),
            "new".into(),
            "--title".into(),
            "关于规范农村宅基地审批的建议".into(),
            "--unit".into(),
            "区住房和城乡建设局".into(),
            "--received".into(),
            "2026-03-16".into(),
            "--handling-class".into(),
            class.into(),
        ]
    };
    let args = new("D");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    db.all_refused_unchanged(&[(&args, "「D」不在办理类别列表中（A 已解决或采纳、B")]);

    let added = db.json(&[
        "choice",
        "set",
        "--list",
        "办理类别",
        "--code",
        "d",
        "--label",
        "已办结",
    ]);
    assert_eq!(added["code"], "D");
    let p = db.json(&args);
    let reg = p["reg_no"].as_str().unwrap().to_string();
    assert!(db.ok(&["proposal", "show", &reg]).contains("办理类别：D"));
    // A built-in one reworded keeps its code.
    db.ok(&[
        "choice",
        "set",
        "--list",
        "办理类别",
        "--code",
        "C",
        "--label",
        "留作参考",
    ]);
    let lists = db.json(&["choice", "list", "--list", "办理类别"]);
    let items: Vec<(String, String)> = lists[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("A".to_string(), "已解决或采纳".to_string()),
            ("B".into(), "正在解决或列入计划".into()),
            ("C".into(), "留作参考".into()),
            ("D".into(), "已办结".into()),
        ]
    );

    // The office's file carries the entry with the suggestion: a new laptop takes both.
    let file = db.dir().join("科室.fashen");
    db.ok(&["sync", "export", "--full", "--out", file.to_str().unwrap()]);
    let laptop = TestDb::new();
    laptop.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    laptop.ok(&["sync", "import", file.to_str().unwrap()]);
    let theirs = laptop.json(&["choice", "list", "--list", "办理类别"]);
    assert_eq!(theirs[0]["items"][3]["label"], "已办结");
    assert!(laptop
        .ok(&["proposal", "show", &reg])
        .contains("办理类别：D"));

    // The same file with the class changed to one no list has (its revision id made right again): refused
    // whole by a laptop that never saw it, nothing written.
    let mut sync = fashen::sync::file::read(&std::fs::read(&file).unwrap()).unwrap();
    let rev = sync
        .revisions
        .iter_mut()
        .find(|r| r.body["details"]["handling_class"] == "D")
        .expect("the suggestion's revision");
    rev.body["details"]["handling_class"] = serde_json::json!("Z");
    rev.rev_id = rev.computed_id();
    sync.canonical_bodies.clear();
    let forged = db.dir().join("改过的.fashen");
    std::fs::write(&forged, fashen::sync::file::write(&sync).unwrap()).unwrap();
    let fresh = TestDb::new();
    fresh.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    let before = fresh.digest();
    let refused = fresh.refused(&["sync", "import", forged.to_str().unwrap()]);
    assert!(refused.contains("办理类别"), "{refused}");
    assert_eq!(fresh.digest(), before, "a refused file changes nothing");
}

/// The year's figures, counted by hand here: four suggestions assigned in 2026 — one answered in time, one
/// answered late (then handled again, its renewed reply 基本满意), one not yet owed, one owed and unanswered. On
/// 30 November: 4 received, 2 answered, 3 owed, 1 on time (按时办复率 1/3); two views given, both satisfied.
#[test]
fn the_year_s_figures_count_on_time_replies_against_those_owed() {
    use fashen::actions::proposals::proposal_figures;
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    units(&mut store);
    let on_time = suggestion(&mut store, "2026-07-01", &[]);
    step(&mut store, &on_time, Status::Replied, "2026-08-20", None);
    edit_case(&mut store, on_time.id, &fields(&[("feedback", "满意")])).unwrap();
    // Due 2 June; answered on 20 June.
    let late = suggestion(&mut store, "2026-03-02", &[("category", "政协委员提案")]);
    step(&mut store, &late, Status::Replied, "2026-06-20", None);
    edit_case(&mut store, late.id, &fields(&[("feedback", "不满意")])).unwrap();
    step(&mut store, &late, Status::Rehandling, "2026-06-25", None);
    step(&mut store, &late, Status::Rereplied, "2026-07-10", None);
    edit_case(&mut store, late.id, &fields(&[("refeedback", "基本满意")])).unwrap();
    // Due in February 2027: not owed yet.
    suggestion(&mut store, "2026-11-02", &[]);
    // Due 7 April (5 April is 清明, a Sunday; the 6th its day off), never answered.
    suggestion(&mut store, "2026-01-05", &[]);
    // And one of 2025, which is not this year's.
    let old = suggestion(&mut store, "2025-12-01", &[]);
    step(&mut store, &old, Status::Replied, "2026-01-10", None);

    let f = proposal_figures(&store, 2026).unwrap();
    let t = &f.total;
    assert_eq!(
        (t.received, t.replied, t.due, t.on_time),
        (4, 2, 3, 1),
        "{f:#?}"
    );
    assert!((f.on_time_rate.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!((f.satisfied, f.fairly_satisfied, f.dissatisfied), (1, 1, 0));
    assert_eq!(f.satisfaction_rate, Some(1.0));
    let cppcc = f
        .by_category
        .iter()
        .find(|c| c.name == "政协委员提案")
        .unwrap();
    assert_eq!((cppcc.received, cppcc.on_time, cppcc.due), (1, 0, 1));
    assert_eq!(f.by_unit[0].name, "区教育局");
    assert_eq!(f.by_unit[0].received, 4);
    // Nothing assigned: no rate at all, rather than 0 % or 100 %.
    let none = proposal_figures(&store, 2024).unwrap();
    assert_eq!(
        (
            none.total.received,
            none.on_time_rate,
            none.satisfaction_rate
        ),
        (0, None, None)
    );
}

/// The seed's year: "建议提案按时办复率达100%" — the demo's 30 of 2017, every one answered in time.
#[test]
fn the_demo_s_2017_suggestions_were_all_answered_on_time() {
    let db = TestDb::new();
    db.ok(&["demo"]);
    let f = db.json(&["proposal", "figures", "--year", "2017"]);
    assert_eq!(f["total"]["received"], 30);
    assert_eq!(f["total"]["due"], 30);
    assert_eq!(f["total"]["on_time"], 30);
    assert_eq!(f["on_time_rate"], 1.0);
    let shown = db.ok(&["proposal", "figures", "--year", "2017"]);
    assert!(shown.contains("按时办复率 100.0%"), "{shown}");
}
