//! The statistics of the annual report (issue 22): each figure counted against a dataset built here by hand,
//! whose answers are worked out in the comments; the list behind each figure is the records counted; the
//! demo's 2017 gives the seed report's figures; the workbook, read back by openpyxl, says what the CLI says.

use fashen::actions::cases::{edit_case, register_case};
use fashen::actions::records::{
    add_filing, add_hearing, delete_hearing, FilingInput, HearingInput,
};
use fashen::actions::stats::{statistics, year_request, Statistics, StatsRequest};
use fashen::model::{CaseKind, ReviewCase, Status};
use fashen::store::{CaseFilter, FigureFilter};
use fashen::Store;

use crate::registers::{deadline, office, step};
use crate::support::{fields, TestDb};

fn case(
    store: &mut Store,
    kind: CaseKind,
    title: &str,
    unit: &str,
    received: &str,
    extra: &[(&str, &str)],
) -> ReviewCase {
    let mut f = vec![("title", title), ("unit", unit), ("received", received)];
    f.extend_from_slice(extra);
    register_case(store, kind, &fields(&f), None).unwrap_or_else(|e| panic!("{title}: {e}"))
}

/// Reviews a case: in review the next day, its outcome, the opinion on `on` (given at a meeting: no letter).
fn review(store: &mut Store, c: &ReviewCase, in_review: &str, outcome: &str, on: &str) {
    step(store, c, Status::InReview, in_review, None);
    edit_case(store, c.id, &fields(&[("outcome", outcome)])).unwrap();
    step(store, c, Status::AwaitingSignoff, on, None);
    step(
        store,
        c,
        Status::OpinionIssued,
        on,
        Some("审查意见已在会上当面提出"),
    );
}

fn value(s: &Statistics, code: &str) -> Option<f64> {
    s.figure(code)
        .unwrap_or_else(|| panic!("no figure {code}"))
        .value
}

fn count(s: &Statistics, code: &str) -> u64 {
    value(s, code).unwrap_or_else(|| panic!("{code} has no value")) as u64
}

/// The cases the register lists for a figure.
fn listed(store: &Store, code: &str, req: &StatsRequest) -> Vec<String> {
    let filter = CaseFilter {
        figure: Some(fashen::actions::stats::figure_filter(store, code, req).unwrap()),
        ..Default::default()
    };
    let mut titles: Vec<String> = fashen::actions::cases::list_cases(store, &filter)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.title)
        .collect();
    titles.sort();
    titles
}

#[test]
fn every_figure_of_a_hand_built_year_is_counted_as_its_definition_says() {
    let db = TestDb::new();
    let mut store = office(&db, (2018, 3, 1));
    fashen::actions::parties::add_person(
        &mut store,
        &fashen::actions::parties::NewPerson {
            name: "周志强".into(),
            role: "advisor".into(),
            law_firm: Some("江苏京江律师事务所".into()),
            licence_no: Some("13211201010234561".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let gov = "丹徒区人民政府";
    let market = "区市场监督管理局";

    // 规范性文件. N1 is reviewed in March and published on 29 November: each filing is due 30 days on, on
    // Friday 29 December — the period's last working day. It reaches the 人大常委会 in time and never the
    // upper government.
    let n1 = case(
        &mut store,
        CaseKind::NormativeDoc,
        "N1 物业管理办法",
        gov,
        "2017-03-01",
        &[("materials_complete", "2017-03-01")],
    );
    review(&mut store, &n1, "2017-03-02", "lawful", "2017-03-10");
    edit_case(
        &mut store,
        n1.id,
        &fields(&[("doc_no", "徒政规〔2017〕1号")]),
    )
    .unwrap();
    step(&mut store, &n1, Status::Published, "2017-11-29", None);
    for rule in ["filing_npc", "filing_upper"] {
        let d = deadline(&store, &n1, rule).unwrap_or_else(|| panic!("N1 has no {rule}"));
        assert_eq!(d.due.unwrap().to_string(), "2017-12-29", "{rule}");
    }
    add_filing(
        &mut store,
        n1.id,
        &FilingInput {
            channel: Some("npc_standing_committee".into()),
            submitted_on: Some("2017-12-20".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // N2 is published on 4 December: its filings fall due in January 2018, outside the year. It is filed
    // with the 人大常委会 late, on 15 January.
    let n2 = case(
        &mut store,
        CaseKind::NormativeDoc,
        "N2 农贸市场管理办法",
        market,
        "2017-10-09",
        &[("materials_complete", "2017-10-09")],
    );
    review(
        &mut store,
        &n2,
        "2017-10-10",
        "lawful_after_revision",
        "2017-10-20",
    );
    edit_case(
        &mut store,
        n2.id,
        &fields(&[("doc_no", "徒政规〔2017〕2号")]),
    )
    .unwrap();
    step(&mut store, &n2, Status::Published, "2017-12-04", None);
    let n2_due = deadline(&store, &n2, "filing_npc").unwrap().due.unwrap();
    assert!(n2_due.to_string().starts_with("2018-01"), "{n2_due}");
    // N3 comes on 28 December and its opinion goes out on 5 January: received in 2017, reviewed in 2018.
    let n3 = case(
        &mut store,
        CaseKind::NormativeDoc,
        "N3 殡葬管理办法",
        gov,
        "2017-12-28",
        &[("materials_complete", "2017-12-28")],
    );
    review(&mut store, &n3, "2017-12-29", "lawful", "2018-01-05");
    // N4 is withdrawn while in review: received, never reviewed.
    let n4 = case(
        &mut store,
        CaseKind::NormativeDoc,
        "N4 户外广告管理办法",
        market,
        "2017-05-02",
        &[],
    );
    step(&mut store, &n4, Status::InReview, "2017-05-03", None);
    step(
        &mut store,
        &n4,
        Status::Withdrawn,
        "2017-05-10",
        Some("送审单位申请撤回"),
    );

    // 合同. K1 waits for materials (补正) from 5 to 20 June, so its period runs on after it; K2 does not
    // wait, and the same opinion day is late for it. K1 had the advisor.
    let k1 = case(
        &mut store,
        CaseKind::Contract,
        "K1 保洁服务合同",
        gov,
        "2017-06-01",
        &[
            ("materials_complete", "2017-06-01"),
            ("amount", "100000.50"),
            ("advisors", "周志强"),
        ],
    );
    step(&mut store, &k1, Status::InReview, "2017-06-02", None);
    step(
        &mut store,
        &k1,
        Status::AwaitingMaterials,
        "2017-06-05",
        Some("缺少资质证明"),
    );
    step(&mut store, &k1, Status::InReview, "2017-06-20", None);
    edit_case(
        &mut store,
        k1.id,
        &fields(&[("outcome", "approve_signing")]),
    )
    .unwrap();
    step(&mut store, &k1, Status::AwaitingSignoff, "2017-06-22", None);
    step(
        &mut store,
        &k1,
        Status::OpinionIssued,
        "2017-06-22",
        Some("当面提出"),
    );
    let k2 = case(
        &mut store,
        CaseKind::Contract,
        "K2 车辆租赁合同",
        gov,
        "2017-06-01",
        &[("materials_complete", "2017-06-01"), ("amount", "2000000")],
    );
    review(
        &mut store,
        &k2,
        "2017-06-02",
        "refuse_signing",
        "2017-06-22",
    );
    let k1_due = deadline(&store, &k1, "contract_review")
        .unwrap()
        .due
        .unwrap();
    let k2_due = deadline(&store, &k2, "contract_review")
        .unwrap()
        .due
        .unwrap();
    assert!(
        k2_due.to_string().as_str() < "2017-06-22",
        "K2 due {k2_due}"
    );
    assert!(
        k1_due.to_string().as_str() >= "2017-06-22",
        "K1 due {k1_due}: the pause moves it"
    );

    // 行政应诉. L1: the head in court, judged in September and lost. L2: only staff in court, judged in
    // January 2018. L3: its one hearing was entered by mistake and deleted.
    let suit = |store: &mut Store, title: &str, received: &str| {
        case(
            store,
            CaseKind::Litigation,
            title,
            gov,
            received,
            &[("instance", "first")],
        )
    };
    let hearing = |appeared: &str, reason: Option<&str>| HearingInput {
        on: "2017-06-15".into(),
        court_room: None,
        appeared: appeared.into(),
        appeared_names: None,
        reason: reason.map(Into::into),
    };
    let l1 = suit(&mut store, "L1 丁某诉区政府信息公开案", "2017-04-01");
    let l2 = suit(&mut store, "L2 沈某诉区政府房屋征收案", "2017-04-03");
    let l3 = suit(&mut store, "L3 朱某诉区政府土地登记案", "2017-04-05");
    for l in [&l1, &l2, &l3] {
        step(&mut store, l, Status::Answered, "2017-04-20", None);
    }
    add_hearing(&mut store, l1.id, &hearing("head", None)).unwrap();
    add_hearing(
        &mut store,
        l2.id,
        &hearing("staff", Some("区长出席全市会议")),
    )
    .unwrap();
    let mistaken = add_hearing(&mut store, l3.id, &hearing("head", None)).unwrap();
    delete_hearing(&mut store, mistaken.id).unwrap();
    step(&mut store, &l1, Status::InTrial, "2017-06-15", None);
    step(&mut store, &l1, Status::Judged, "2017-09-01", None);
    edit_case(&mut store, l1.id, &fields(&[("lost", "是")])).unwrap();
    step(&mut store, &l2, Status::InTrial, "2017-06-15", None);
    step(&mut store, &l2, Status::Judged, "2018-01-10", None);

    // 建议提案. P1 answered within its three months, P2 after them, P3 assigned on 20 December and not yet
    // due (today is 1 March 2018): owed 2, on time 1. P1's deputy is satisfied, P2's is not.
    let proposal = |store: &mut Store, title: &str, assigned: &str| {
        case(
            store,
            CaseKind::Proposal,
            title,
            market,
            assigned,
            &[("category", "人大代表建议"), ("lead", "张建国")],
        )
    };
    let p1 = proposal(&mut store, "P1 关于农贸市场改造的建议", "2017-03-10");
    let p2 = proposal(&mut store, "P2 关于食品安全抽检的建议", "2017-03-10");
    proposal(&mut store, "P3 关于夜市管理的建议", "2017-12-20");
    step(&mut store, &p1, Status::Replied, "2017-05-10", None);
    step(&mut store, &p2, Status::Replied, "2017-07-20", None);
    edit_case(&mut store, p1.id, &fields(&[("feedback", "满意")])).unwrap();
    edit_case(&mut store, p2.id, &fields(&[("feedback", "不满意")])).unwrap();

    // N5 has been in review since January 2018 with no opinion: past its review period today (1 March), and
    // past the 办理期限 typed on it too — one case overdue, counted once.
    let n5 = case(
        &mut store,
        CaseKind::NormativeDoc,
        "N5 城市绿化管理办法",
        gov,
        "2018-01-02",
        &[
            ("materials_complete", "2018-01-02"),
            ("due_date", "2018-01-20"),
        ],
    );
    step(&mut store, &n5, Status::InReview, "2018-01-03", None);
    for rule in ["normative_review", "manual"] {
        let d = deadline(&store, &n5, rule).unwrap_or_else(|| panic!("N5 has no {rule}"));
        assert!(
            d.due.unwrap().to_string().as_str() < "2018-03-01",
            "{rule}: {d:?}"
        );
    }

    let year = year_request(2017);
    let before = db.digest();
    let s = statistics(&store, &year).unwrap();
    assert_eq!(db.digest(), before, "counting changes nothing");
    let expect = [
        ("normative_received", 4.0),              // N1–N4
        ("normative_reviewed", 2.0),              // N1, N2 (N3's opinion is in 2018, N4 withdrawn)
        ("normative_lawful", 1.0),                // N1
        ("normative_lawful_after_revision", 1.0), // N2
        ("normative_published", 2.0),             // N1, N2
        ("filing_due", 2.0),                      // N1 to both bodies, due 29 December
        ("filing_done", 1.0),                     // N1 to the 人大常委会
        ("filing_on_time", 1.0),
        ("filing_rate", 0.5),
        ("filing_on_time_rate", 0.5),
        ("contracts_reviewed", 2.0),
        ("contracts_approved", 1.0),
        ("contracts_refused", 1.0),
        ("contracts_amount", 2_100_000.5),
        ("advisor_agreements", 1.0), // K1
        ("advisor_documents", 0.0),
        ("review_closed", 4.0),  // N1, N2, K1, K2
        ("review_on_time", 3.0), // all but K2
        ("review_on_time_rate", 0.75),
        ("litigation_cases", 3.0),
        ("litigation_heard", 2.0),         // L1, L2 (L3's hearing deleted)
        ("litigation_head_appeared", 1.0), // L1
        ("litigation_head_appearance_rate", 0.5),
        ("litigation_concluded", 1.0), // L1 (L2 judged in 2018)
        ("litigation_lost", 1.0),
        ("litigation_lost_rate", 1.0),
        ("proposals_received", 3.0),
        ("proposals_owed", 2.0),
        ("proposals_on_time", 1.0),
        ("proposals_on_time_rate", 0.5),
        ("proposals_views", 2.0),
        ("proposals_satisfied", 1.0),
        ("proposals_satisfaction_rate", 0.5),
        ("penalty_filings", 0.0),
        ("review_overdue_now", 1.0), // N5, once for its two periods
    ];
    for (code, want) in expect {
        assert_eq!(value(&s, code), Some(want), "{code}");
    }
    assert_eq!(
        value(&s, "reconsiderations_on_time_rate"),
        None,
        "a rate of nothing has no value"
    );
    // The 建议提案 register's own panel counts the same.
    let panel = fashen::actions::proposals::proposal_figures(&store, 2017).unwrap();
    assert_eq!(panel.total.received, 3);
    assert_eq!((panel.total.due, panel.total.on_time), (2, 1));
    assert_eq!(panel.on_time_rate, value(&s, "proposals_on_time_rate"));
    assert_eq!(
        panel.satisfaction_rate,
        value(&s, "proposals_satisfaction_rate")
    );

    // 2018's first quarter: N3 reviewed, L2 concluded (not lost), N5 received.
    let q1 = StatsRequest {
        from: "2018-01-01".into(),
        to: "2018-03-31".into(),
        ..Default::default()
    };
    let s18 = statistics(&store, &q1).unwrap();
    assert_eq!(count(&s18, "normative_reviewed"), 1);
    assert_eq!(count(&s18, "normative_received"), 1);
    assert_eq!(count(&s18, "litigation_concluded"), 1);
    assert_eq!(value(&s18, "litigation_lost_rate"), Some(0.0));

    // One unit, one advisor.
    let one_unit = StatsRequest {
        unit: Some(market.into()),
        ..year.clone()
    };
    let su = statistics(&store, &one_unit).unwrap();
    assert_eq!(count(&su, "normative_received"), 2, "N2 and N4");
    assert_eq!(count(&su, "proposals_received"), 3);
    assert_eq!(count(&su, "contracts_reviewed"), 0);
    let advisor = StatsRequest {
        advisor: Some("周志强".into()),
        ..year.clone()
    };
    let sa = statistics(&store, &advisor).unwrap();
    assert_eq!(count(&sa, "contracts_reviewed"), 1, "K1 only");
    assert_eq!(count(&sa, "normative_reviewed"), 0);
    assert_eq!(sa.advisors.len(), 1);
    assert_eq!(
        (sa.advisors[0].documents, sa.advisors[0].agreements),
        (0, 1)
    );

    // Timeliness per kind: the contracts closed 2, 1 on time; working days to the opinion from materials.
    let normative = s
        .timeliness
        .iter()
        .find(|t| t.kind == CaseKind::NormativeDoc)
        .unwrap();
    assert_eq!((normative.closed, normative.overdue_now), (2, 1));
    let contracts = s
        .timeliness
        .iter()
        .find(|t| t.kind == CaseKind::Contract)
        .unwrap();
    assert_eq!((contracts.closed, contracts.on_time), (2, 1));

    // Each figure's list is the records counted.
    assert_eq!(
        listed(&store, "normative_reviewed", &year),
        ["N1 物业管理办法", "N2 农贸市场管理办法"]
    );
    assert_eq!(
        listed(&store, "review_on_time", &year),
        ["K1 保洁服务合同", "N1 物业管理办法", "N2 农贸市场管理办法"]
    );
    assert_eq!(
        listed(&store, "litigation_heard", &year),
        ["L1 丁某诉区政府信息公开案", "L2 沈某诉区政府房屋征收案"]
    );
    // A rate lists its denominator; a figure's list can be narrowed like any other list.
    assert_eq!(listed(&store, "proposals_on_time_rate", &year).len(), 2);
    let narrowed = fashen::actions::cases::list_cases(
        &store,
        &CaseFilter {
            figure: Some(FigureFilter {
                code: "review_closed".into(),
                scope: fashen::actions::stats::resolve(&store, &year).unwrap().0,
            }),
            kind: Some(CaseKind::Contract),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(narrowed.total, 2);

    // Bad periods and scopes are refused with their reason.
    for (req, words) in [
        (
            StatsRequest {
                from: "2017-12-31".into(),
                to: "2017-01-01".into(),
                ..Default::default()
            },
            "晚于截止日期",
        ),
        (
            StatsRequest {
                from: "2017-02-30".into(),
                to: "2017-12-31".into(),
                ..Default::default()
            },
            "统计起始日期",
        ),
        (
            StatsRequest {
                unit: Some("不存在的单位".into()),
                ..year.clone()
            },
            "不存在的单位",
        ),
        (
            StatsRequest {
                advisor: Some("不存在的人".into()),
                ..year.clone()
            },
            "不存在的人",
        ),
    ] {
        let e = statistics(&store, &req).unwrap_err().to_string();
        assert!(e.contains(words), "{e}");
    }
    assert!(fashen::actions::stats::figure_filter(&store, "no_such_figure", &year).is_err());
}

/// Reads a workbook with openpyxl (an independent reader): each sheet as rows of cells, dates as
/// `YYYY-MM-DD`, numbers as numbers, with the sheet's frozen cell and filter range.
fn read_workbook(path: &std::path::Path) -> serde_json::Value {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/target/ofd-reader/bin/python");
    let script = r#"
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append([c.date().isoformat() if isinstance(c, datetime.datetime) else c for c in row])
    out[ws.title] = {"rows": rows, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref}
print(json.dumps(out, ensure_ascii=False))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("openpyxl (scripts/ensure-deps.sh test installs it)");
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The seed report's year, from the demo's records: "区政府法律顾问为12件政府文件和6份政府重要协议进行合法性审查并
/// 出具意见书", "政府规范性文件报备率达100%", "以区政府为被告的行政诉讼案件共10件，行政负责人出庭应诉率为100%",
/// "全年共收到145件重大行政处罚决定备案", "录入信息案件36件，移送涉嫌犯罪案件21件", "133项重点工作",
/// "建议提案按时办复率达100%" — by the CLI's stable codes, and the same numbers in its workbook.
#[test]
fn the_demo_s_2017_gives_the_seed_report_s_figures_in_the_cli_and_its_workbook() {
    let db = TestDb::new();
    db.ok(&["demo"]);
    let s = db.json(&["stats", "--from", "2017-01-01", "--to", "2017-12-31"]);
    let seed = [
        ("advisor_documents", 12.0),
        ("advisor_agreements", 6.0),
        ("filing_rate", 1.0),
        ("filing_on_time_rate", 1.0),
        ("litigation_cases", 10.0),
        ("litigation_head_appearance_rate", 1.0),
        ("penalty_filings", 145.0),
        ("transfers_entered", 36.0),
        ("transfers_made", 21.0),
        ("tasks_total", 133.0),
        ("proposals_on_time_rate", 1.0),
    ];
    for (code, want) in seed {
        assert_eq!(s[code].as_f64(), Some(want), "{code}: {}", s[code]);
    }
    // Every key the issue promises other tools, rates between 0 and 1.
    for key in [
        "normative_reviewed",
        "normative_published",
        "filing_due",
        "filing_done",
        "filing_rate",
        "filing_on_time_rate",
        "contracts_reviewed",
        "major_decisions_reviewed",
        "enforcement_reviewed",
        "penalty_filings",
        "review_on_time_rate",
        "litigation_cases",
        "litigation_head_appearance_rate",
        "litigation_lost_rate",
        "transfers_entered",
        "transfers_made",
        "proposals_received",
        "proposals_on_time_rate",
        "tasks_total",
        "tasks_done",
    ] {
        let v = &s[key];
        if key.ends_with("_rate") {
            assert!(
                v.is_null() || (0.0..=1.0).contains(&v.as_f64().unwrap()),
                "{key}: {v}"
            );
        } else {
            assert!(v.is_u64(), "a count is a whole number: {key}: {v}");
        }
        assert!(
            s["definitions"][key].is_string(),
            "{key} has its definition"
        );
    }
    // Later years count what came of 2017's records: the documents cleaned up before their five years ran out
    // (2021–22), the old-town plan's evaluation (2018).
    let later = db.json(&["stats", "--from", "2021-01-01", "--to", "2022-12-31"]);
    assert_eq!(later["normative_cleaned_up"], 9);
    let results = ["continued", "amended", "repealed", "expired"]
        .iter()
        .map(|r| later[format!("normative_cleanup_{r}")].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(results, 9, "each clean-up has its one result");
    let next = db.json(&["stats", "--year", "2018"]);
    assert_eq!(next["major_decisions_post_evaluated"], 1);
    let advisors = s["advisors"].as_array().unwrap();
    let sum = |k: &str| advisors.iter().map(|a| a[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(
        (sum("documents"), sum("agreements"), sum("letters")),
        (12, 6, 18)
    );
    assert!(advisors.iter().all(|a| a["name"].is_string()));

    // Each count is what the register lists behind it: every figure of cases counted once each.
    for code in [
        "advisor_documents",
        "penalty_filings",
        "transfers_made",
        "litigation_heard",
    ] {
        let listed = db.json(&[
            "case",
            "list",
            "--figure",
            code,
            "--from",
            "2017-01-01",
            "--to",
            "2017-12-31",
        ]);
        assert_eq!(listed["total"], s[code], "{code}");
    }

    // The workbook: one sheet per group, each figure's value next to its code, its definition beside it.
    let book = db.dir().join("2017年统计.xlsx");
    db.ok(&["stats", "--year", "2017", "--xlsx", book.to_str().unwrap()]);
    let read = read_workbook(&book);
    let mut seen = 0;
    for (name, sheet) in read.as_object().unwrap() {
        let rows = sheet["rows"].as_array().unwrap();
        if rows.get(2).and_then(|r| r[5].as_str()) != Some("代码") {
            continue;
        }
        assert_eq!(sheet["freeze"], "A4", "{name}");
        for row in &rows[3..] {
            let Some(code) = row[5].as_str() else {
                continue;
            };
            seen += 1;
            let cell = &row[1];
            match s[code].as_f64() {
                Some(v) => assert!(
                    (cell.as_f64().unwrap() - v).abs() < 1e-9,
                    "{name} {code}: {cell} vs {v}"
                ),
                None => assert!(cell.is_null(), "{name} {code}: {cell}"),
            }
            assert_eq!(row[4], s["definitions"][code], "{code}");
        }
    }
    assert_eq!(
        seen,
        fashen::model::stats::FIGURES.len(),
        "every figure is in the workbook once"
    );
    let by_advisor = read["法律顾问明细"]["rows"].as_array().unwrap();
    assert_eq!(
        by_advisor.len() - 3 - 2,
        advisors.len(),
        "one row per advisor, then the note"
    );

    // The register of a filtered list: every row, dates as dates, the header frozen and filtered; as CSV with
    // the byte-order mark, the same rows.
    let xlsx = db.dir().join("处罚备案.xlsx");
    let csv = db.dir().join("处罚备案.csv");
    for (flag, path) in [("--xlsx", &xlsx), ("--csv", &csv)] {
        db.ok(&[
            "case",
            "list",
            "--kind",
            "处罚备案",
            "--year",
            "2017",
            flag,
            path.to_str().unwrap(),
        ]);
    }
    let sheet = &read_workbook(&xlsx)["登记簿"];
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows[2][0], "登记编号");
    assert_eq!(rows.len(), 3 + 145);
    assert_eq!(sheet["freeze"], "A4");
    assert!(sheet["filter"].as_str().unwrap().starts_with("A3:"));
    let first = &rows[3];
    assert_eq!(first[0], "2017-001");
    assert_eq!(first[4], "2017-01-06", "收文日期 is a date cell");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 145);
    assert!(lines[1].starts_with("2017-001,处罚备案,"), "{}", lines[1]);
    assert!(lines[1].contains(",2017-01-06,"), "{}", lines[1]);

    // A refused export writes nothing and changes nothing.
    let before = db.digest();
    let nowhere = db.dir().join("无此目录").join("统计.xlsx");
    db.all_refused_unchanged(&[
        (
            &[
                "stats",
                "--from",
                "2017-12-31",
                "--to",
                "2017-01-01",
                "--xlsx",
                nowhere.to_str().unwrap(),
            ],
            "晚于截止日期",
        ),
        (&["stats", "--year", "2017", "--quarter", "5"], "季度"),
        (
            &["stats", "--year", "2017", "--advisor", "刘洋"],
            "不是法律顾问",
        ),
        (
            &[
                "case",
                "list",
                "--figure",
                "no_such",
                "--from",
                "2017-01-01",
                "--to",
                "2017-12-31",
            ],
            "统计指标",
        ),
    ]);
    assert!(!nowhere.exists());
    assert_eq!(db.digest(), before);
}

/// A case two laptops changed apart, its conflict not yet settled, is still one case: counted once, listed once.
#[test]
fn a_case_in_an_unsettled_conflict_is_counted_once() {
    let office = TestDb::with_office();
    office.new_case("normative_doc", "关于加强物业管理的通知", "2026-03-02");
    let advisor = TestDb::new();
    advisor.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    let carry = |from: &TestDb, to: &TestDb, name: &str| {
        let file = from.dir().join(name);
        from.ok(&["sync", "export", "--full", "--out", file.to_str().unwrap()]);
        to.ok(&["sync", "import", file.to_str().unwrap()]);
    };
    carry(&office, &advisor, "初始.fashen");
    office.ok(&[
        "case",
        "edit",
        "2026-001",
        "--title",
        "关于加强住宅物业管理的通知",
    ]);
    advisor.ok(&[
        "case",
        "edit",
        "2026-001",
        "--title",
        "关于规范物业服务的通知",
    ]);
    carry(&advisor, &office, "顾问.fashen");
    let conflicts = office.json(&["sync", "conflicts"]);
    assert!(!conflicts.as_array().unwrap().is_empty(), "{conflicts}");
    let s = office.json(&["stats", "--year", "2026"]);
    assert_eq!(s["normative_received"], 1);
    let listed = office.json(&[
        "case",
        "list",
        "--figure",
        "normative_received",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    ]);
    assert_eq!(listed["total"], 1);
}

/// Runs `program` with `args`; returns its stdout, failing the test with its stderr if it fails.
fn run(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (scripts/ensure-deps.sh test installs it)"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The office's part of the annual report, drafted from the demo's 2017: the seed's sentences with the
/// numbers from the records — as text to copy, as a Word document LibreOffice opens, and the 统计表 as a PDF
/// in the letters' fonts with every figure and its definition.
#[test]
fn the_report_s_draft_and_the_statistics_table_say_the_seed_s_numbers() {
    let db = TestDb::new();
    db.ok(&["demo"]);
    let text = db.ok(&["stats", "--year", "2017", "--report"]);
    for sentence in [
        "区政府法律顾问为12件政府文件和6份政府重要协议进行合法性审查并出具意见书",
        "政府规范性文件报备率达100%",
        "全年共收到145件重大行政处罚决定备案",
        "“两法衔接”信息共享平台共录入信息案件36件，移送涉嫌犯罪案件21件",
        "行政机关负责人出庭应诉率为100%",
        "建议提案按时办复率达100%",
        "明确了法治政府建设的133项重点工作",
    ] {
        assert!(text.contains(sentence), "«{sentence}» in\n{text}");
    }
    // Every number in it is a figure's: the draft of a unit with nothing says nothing of the year's cases.
    let json = db.json(&["stats", "--year", "2017", "--report"]);
    assert_eq!(json["text"].as_str().unwrap().trim_end(), text.trim_end());
    assert!(json["draft"]["sections"].as_array().unwrap().len() >= 8);

    // The draft as Word: LibreOffice reads the same sentences.
    let docx = db.dir().join("报告初稿.docx");
    db.ok(&["stats", "--year", "2017", "--docx", docx.to_str().unwrap()]);
    let out = db.dir().join("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        db.dir().join("lo-profile").display()
    );
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            out.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    // (The title is broken into balanced lines, as the PDF breaks it.)
    let read = std::fs::read_to_string(out.join("报告初稿.txt"))
        .unwrap()
        .replace(['\n', '\r'], "");
    assert!(
        read.contains("2017年法治政府建设工作情况（法制审核部分）"),
        "{read}"
    );
    assert!(
        read.contains("区政府法律顾问为12件政府文件和6份政府重要协议"),
        "{read}"
    );
    assert!(
        read.contains("丹徒区司法局　　年　　月　　日"),
        "signed by the office, its date left for the pen: {read}"
    );

    // The 统计表 as PDF, in the letters' embedded fonts.
    let pdf = db.dir().join("统计表.pdf");
    db.ok(&["stats", "--year", "2017", "--pdf", pdf.to_str().unwrap()]);
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.contains("FandolFang") && fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "{fonts}"
    );
    let words = run("pdftotext", &[pdf.to_str().unwrap(), "-"]).replace([' ', '\n'], "");
    for part in [
        "2017年法治政府建设工作统计表",
        "收到重大行政处罚决定备案145",
        "行政机关负责人出庭应诉率100.0%（10/10）",
        "报备期限（按期限规则自公布之日起算）在统计期内的报备",
        "周志强",
        // The charts: each bar's label and value (March: 30 proposals, 12 filings and the rest).
        "各类审查事项的按时办结率：",
        "3月49件",
        "各法律顾问审查的政府文件和协议件数：",
    ] {
        assert!(words.contains(part), "«{part}» in the PDF");
    }
}
