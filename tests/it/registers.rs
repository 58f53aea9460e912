//! 复议答复 and 两法衔接 (issue 20): registers that are kinds of case on the case machinery — their own fields
//! and names, their own steps, their statutory periods on the working-day calendar (a reconsideration answer
//! in 10 working days across Spring Festival; a transfer's 3 days and 24 hours across National Day), and
//! refusals that change nothing.

use fashen::actions::cases::{advance_case, case_view, edit_case, register_case, Advance};
use fashen::actions::search::{search, SearchRequest};
use fashen::deadlines::{Deadline, DeadlineState};
use fashen::model::{CaseDetails, CaseKind, ReviewCase, Status};
use fashen::{OpenMode, Store};

use crate::support::{clock_at, fields, TestDb};

pub(crate) fn office(db: &TestDb, today: (i32, u32, u32)) -> Store {
    let mut store = Store::open(
        &db.path,
        OpenMode::CreateIfMissing,
        clock_at(today.0, today.1, today.2),
    )
    .unwrap();
    for name in ["区市场监督管理局", "丹徒区人民政府"] {
        fashen::actions::parties::add_unit(
            &mut store,
            &fashen::actions::parties::NewUnit {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    store
}

pub(crate) fn deadline(store: &Store, case: &ReviewCase, key: &str) -> Option<Deadline> {
    let case = fashen::actions::find_case(store, &case.id.to_string()).unwrap();
    case_view(store, case)
        .unwrap()
        .deadlines
        .deadlines
        .into_iter()
        .map(|d| d.deadline)
        .find(|d| d.key() == key)
}

fn due(store: &Store, case: &ReviewCase, key: &str) -> String {
    deadline(store, case, key)
        .unwrap_or_else(|| panic!("no {key}"))
        .due
        .unwrap()
        .to_string()
}

pub(crate) fn step(store: &mut Store, case: &ReviewCase, to: Status, on: &str, note: Option<&str>) {
    advance_case(
        store,
        case.id,
        to,
        &Advance {
            on: Some(on.into()),
            note: note.map(str::to_string),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{to:?}: {e}"));
}

fn stored(store: &Store, case: &ReviewCase) -> ReviewCase {
    store.get(case.id.0).unwrap().unwrap()
}

fn reconsideration(store: &mut Store, received: &str) -> ReviewCase {
    register_case(
        store,
        CaseKind::Reconsideration,
        &fields(&[
            (
                "title",
                "张某不服区市场监督管理局行政处罚决定申请行政复议案",
            ),
            ("unit", "区市场监督管理局"),
            ("received", received),
            ("reconsideration_body", "丹徒区人民政府"),
            ("reconsideration_case_no", "徒政复〔2026〕12号"),
            ("applicants", "张某"),
            ("challenged_act", "徒市监罚〔2026〕21号行政处罚决定"),
        ]),
        None,
    )
    .unwrap()
}

#[test]
fn a_reconsideration_answer_is_due_in_ten_working_days_across_spring_festival() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 2, 27));
    // Received Tuesday 10 February 2026. Working days after it: 11, 12, 13, Saturday 14 (a make-up working
    // day), then the Spring Festival break 15–23, then 24, 25, 26, 27, Saturday 28 (make-up) — nine — and
    // Monday 2 March, the tenth.
    let case = reconsideration(&mut store, "2026-02-10");
    let d = deadline(&store, &case, "reconsideration_reply").unwrap();
    assert_eq!(d.due.unwrap().to_string(), "2026-03-02");
    assert_eq!(d.state, DeadlineState::Open);
    assert!(d.detail.contains("10个工作日"), "{}", d.detail);
    assert!(
        fashen::model::rule::RuleCode::ReconsiderationReply
            .default_rule()
            .source
            .contains("第四十八条"),
        "the rule cites its article"
    );
    // No incidental review asked: no maker's answer is due.
    assert!(deadline(&store, &case, "incidental_review_reply").is_none());

    // The case under the names a reconsideration clerk uses; its steps only.
    let view = case_view(&store, case.clone()).unwrap();
    let label = |code: &str| view.fields.iter().find(|f| f.code == code).map(|f| f.label);
    assert_eq!(label("unit"), Some("被申请人"));
    assert_eq!(label("received"), Some("收到申请书副本日期"));
    assert_eq!(label("challenged_act"), Some("复议事项"));
    let next: Vec<Status> = view.actions.iter().map(|a| a.to).collect();
    assert_eq!(next, [Status::Replied, Status::ApplicationWithdrawn]);
    assert!(!view.can_extend);

    // 已答复 records the answer's day and meets the deadline.
    step(&mut store, &case, Status::Replied, "2026-02-26", None);
    let d = deadline(&store, &case, "reconsideration_reply").unwrap();
    assert_eq!(d.state, DeadlineState::Met);
    assert_eq!(d.met_on.unwrap().to_string(), "2026-02-26");
}

#[test]
fn a_reconsideration_refuses_what_does_not_fit_and_changes_nothing() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 3, 20));
    let case = reconsideration(&mut store, "2026-03-02");
    let before = db.digest();
    let refusals = [
        edit_case(
            &mut store,
            case.id,
            &fields(&[("replied_on", "2026-03-01")]),
        ),
        // The maker's notice without the incidental review it belongs to.
        edit_case(
            &mut store,
            case.id,
            &fields(&[("maker_notified_on", "2026-03-05")]),
        ),
        edit_case(&mut store, case.id, &fields(&[("decision", "驳回起诉")])),
        edit_case(&mut store, case.id, &fields(&[("outcome", "合法")])),
    ];
    let messages: Vec<String> = refusals
        .into_iter()
        .map(|r| r.unwrap_err().to_string())
        .collect();
    assert!(
        messages[0].contains("答复日期") && messages[0].contains("收到申请书副本日期"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("附带审查"), "{}", messages[1]);
    assert!(messages[2].contains("驳回起诉"), "{}", messages[2]);
    assert!(
        messages[3].contains("不适用于复议答复案件"),
        "{}",
        messages[3]
    );
    // A decision step before the answer; the decision step with no decision chosen.
    let jump = advance_case(
        &mut store,
        case.id,
        Status::ReconsiderationDecided,
        &Advance::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(jump.contains("已作出复议决定"), "{jump}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    step(&mut store, &case, Status::Replied, "2026-03-10", None);
    let before = db.digest();
    let blank = advance_case(
        &mut store,
        case.id,
        Status::ReconsiderationDecided,
        &Advance::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(blank.contains("请先选定复议决定"), "{blank}");
    // The decision given with the step is checked like an edit's: a court's word is no 复议决定.
    let wrong = advance_case(
        &mut store,
        case.id,
        Status::ReconsiderationDecided,
        &Advance {
            decision: Some("驳回起诉".into()),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(wrong.contains("驳回起诉"), "{wrong}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    let view = case_view(
        &store,
        fashen::actions::find_case(&store, &case.id.to_string()).unwrap(),
    )
    .unwrap();
    assert!(
        view.actions
            .iter()
            .any(|a| a.to == Status::ReconsiderationDecided && a.needs_decision),
        "the step asks for the decision"
    );

    // With a decision: recorded with its day; the incidental review's answer counts from its notice.
    edit_case(
        &mut store,
        case.id,
        &fields(&[
            ("decision", "维持"),
            ("incidental_review", "是"),
            ("reviewed_document", "丹徒区违法建设治理办法"),
            ("maker_notified_on", "2026-03-12"),
        ]),
    )
    .unwrap();
    // Thursday 12 March + 10 working days = Thursday 26 March.
    assert_eq!(due(&store, &case, "incidental_review_reply"), "2026-03-26");
    step(
        &mut store,
        &case,
        Status::ReconsiderationDecided,
        "2026-03-18",
        None,
    );
    match stored(&store, &case).details {
        CaseDetails::Reconsideration(r) => {
            assert_eq!(r.decision_on.unwrap().to_string(), "2026-03-18");
            assert_eq!(r.replied_on.unwrap().to_string(), "2026-03-10");
        }
        other => panic!("{other:?}"),
    }
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

fn transfer(store: &mut Store, entered: &str, reported: &str) -> ReviewCase {
    register_case(
        store,
        CaseKind::CrimeTransfer,
        &fields(&[
            ("title", "某商贸有限公司销售假冒注册商标的商品案"),
            ("unit", "区市场监督管理局"),
            ("received", entered),
            ("suspected_crime", "销售假冒注册商标的商品罪"),
            ("suspects", "某商贸有限公司、刘某"),
            ("reported_on", reported),
            ("police", "镇江市公安局丹徒分局"),
        ]),
        None,
    )
    .unwrap()
}

#[test]
fn a_transfer_runs_its_three_days_and_twenty_four_hours_across_national_day() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 10, 20));
    // Reported Tuesday 29 September: the head's 3 days end on 2 October, inside the National Day break (1–7
    // October 2026), so on the first working day after it, 8 October.
    let case = transfer(&mut store, "2026-09-29", "2026-09-29");
    assert_eq!(due(&store, &case, "transfer_approval"), "2026-10-08");
    assert!(deadline(&store, &case, "transfer_dispatch").is_none());

    // Approved on 30 September: 24 hours are hours, holiday or not — due 1 October, not rolled.
    step(
        &mut store,
        &case,
        Status::TransferApproved,
        "2026-09-30",
        None,
    );
    let approval = deadline(&store, &case, "transfer_approval").unwrap();
    assert_eq!(approval.state, DeadlineState::Met);
    let dispatch = deadline(&store, &case, "transfer_dispatch").unwrap();
    assert_eq!(dispatch.due.unwrap().to_string(), "2026-10-01");
    assert!(dispatch.detail.contains("24小时"), "{}", dispatch.detail);

    // Transferred on 1 October: the police decide within 3 days — 4 October, a holiday, so 8 October.
    step(&mut store, &case, Status::Transferred, "2026-10-01", None);
    assert_eq!(
        deadline(&store, &case, "transfer_dispatch").unwrap().state,
        DeadlineState::Met
    );
    assert_eq!(due(&store, &case, "police_filing_decision"), "2026-10-08");

    // Declined on 9 October (Friday): the agency may seek 复议 within 3 days, by Monday 12 October.
    step(
        &mut store,
        &case,
        Status::PoliceDeclined,
        "2026-10-09",
        None,
    );
    assert_eq!(due(&store, &case, "transfer_review"), "2026-10-12");
    assert!(deadline(&store, &case, "evidence_handover").is_none());
    step(&mut store, &case, Status::ReviewSought, "2026-10-12", None);
    assert_eq!(
        deadline(&store, &case, "transfer_review").unwrap().state,
        DeadlineState::Met
    );
    // The police answer a 复议 within 3 days (art. 9 ¶2): by Thursday 15 October.
    assert_eq!(due(&store, &case, "police_review_decision"), "2026-10-15");
    // Filed after the 复议 on 14 October: the evidence goes over within 3 days, by 17 October (a Saturday
    // — rolled to Monday 19 October).
    step(&mut store, &case, Status::PoliceFiled, "2026-10-14", None);
    assert_eq!(due(&store, &case, "evidence_handover"), "2026-10-19");
    let answered = deadline(&store, &case, "police_review_decision").unwrap();
    assert_eq!(answered.met_on.unwrap().to_string(), "2026-10-14");
    assert!(
        deadline(&store, &case, "supervision_after_review").is_none(),
        "filed on review: nothing left to object to"
    );
    step(
        &mut store,
        &case,
        Status::EvidenceHandedOver,
        "2026-10-16",
        None,
    );
    let handed = deadline(&store, &case, "evidence_handover").unwrap();
    assert_eq!(handed.state, DeadlineState::Met);
    assert_eq!(handed.met_on.unwrap().to_string(), "2026-10-16");
    match stored(&store, &case).details {
        CaseDetails::CrimeTransfer(t) => {
            assert_eq!(t.police_decided_on.unwrap().to_string(), "2026-10-09");
            assert_eq!(t.police_filed_on.unwrap().to_string(), "2026-10-14");
        }
        other => panic!("{other:?}"),
    }
    let page = search(
        &store,
        &SearchRequest {
            query: "假冒注册商标".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.results.len(), 1);
    // Found under the names a transfer's fields go by (案件名称, 涉嫌罪名), not a review's (事项名称).
    let places: Vec<&str> = page.results[0]
        .found
        .iter()
        .map(|f| f.place.as_str())
        .collect();
    assert!(
        places.contains(&"案件名称") && places.contains(&"涉嫌罪名"),
        "{places:?}"
    );
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

/// 国务院令第310号 art. 9 ¶2: the police answer a 复议 in 3 days; a refusal upheld may be taken to the
/// procuratorate in 3 days of its notice — periods shown on the case (可行使期限), never the office's lateness.
#[test]
fn a_refusal_upheld_on_review_leaves_three_days_to_ask_the_procuratorate() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 20));
    let case = transfer(&mut store, "2026-09-22", "2026-09-22");
    step(
        &mut store,
        &case,
        Status::TransferApproved,
        "2026-09-23",
        None,
    );
    step(&mut store, &case, Status::Transferred, "2026-09-24", None);
    step(
        &mut store,
        &case,
        Status::PoliceDeclined,
        "2026-09-25",
        None,
    );
    // Sought on 28 September (a Monday); 3 days end on 1 October, National Day: rolled to 8 October.
    step(&mut store, &case, Status::ReviewSought, "2026-09-28", None);
    assert_eq!(due(&store, &case, "police_review_decision"), "2026-10-08");

    // Refused, nothing written: the police's 复议 decision before it was sought, or on a case never taken
    // back to them.
    let before = db.digest();
    let early = edit_case(
        &mut store,
        case.id,
        &fields(&[("review_decided_on", "2026-09-27")]),
    )
    .unwrap_err()
    .to_string();
    assert!(early.contains("早于提请复议日期"), "{early}");
    let other = transfer(&mut store, "2026-09-22", "2026-09-22");
    let before_other = db.digest();
    let unsought = edit_case(
        &mut store,
        other.id,
        &fields(&[("review_decided_on", "2026-09-30")]),
    )
    .unwrap_err()
    .to_string();
    assert!(unsought.contains("提请公安机关复议后"), "{unsought}");
    assert_eq!(db.digest(), before_other, "refusals change nothing");
    assert_ne!(
        before, before_other,
        "(only the second case was registered)"
    );

    // The refusal upheld, its notice received on 9 October (Friday): 3 days to the procuratorate, by Monday
    // 12 October; the police's period met that day.
    edit_case(
        &mut store,
        case.id,
        &fields(&[("review_decided_on", "2026-10-09")]),
    )
    .unwrap();
    let answered = deadline(&store, &case, "police_review_decision").unwrap();
    assert_eq!(answered.met_on.unwrap().to_string(), "2026-10-09");
    let supervision = deadline(&store, &case, "supervision_after_review").unwrap();
    assert_eq!(supervision.due.unwrap().to_string(), "2026-10-12");
    assert_eq!(
        supervision.purpose,
        fashen::model::rule::RulePurpose::Window
    );
    // Past and unused, it is never on the office's overdue list.
    let board = fashen::actions::deadlines::deadline_board(&store).unwrap();
    assert!(!board.overdue.items.iter().any(
        |i| i.row.rule == "supervision_after_review" || i.row.rule == "police_review_decision"
    ));
    step(
        &mut store,
        &case,
        Status::SupervisionSought,
        "2026-10-12",
        None,
    );
    let used = deadline(&store, &case, "supervision_after_review").unwrap();
    assert_eq!(used.state, DeadlineState::Met);
    assert_eq!(used.met_on.unwrap().to_string(), "2026-10-12");
}

#[test]
fn no_transfer_without_approval_and_a_refusal_keeps_its_reason() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 20));
    let case = transfer(&mut store, "2026-11-02", "2026-11-02");
    let view = case_view(&store, case.clone()).unwrap();
    let label = |code: &str| view.fields.iter().find(|f| f.code == code).map(|f| f.label);
    assert_eq!(label("unit"), Some("移送机关"));
    assert_eq!(label("received"), Some("录入平台日期"));

    let before = db.digest();
    // Straight to 已移送, skipping the head's decision.
    let jump = advance_case(
        &mut store,
        case.id,
        Status::Transferred,
        &Advance::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(jump.contains("已移送"), "{jump}");
    // A transfer date with no approval; the police's decision before any transfer; an approval before the
    // report; a refusal with no reason.
    let no_approval = edit_case(
        &mut store,
        case.id,
        &fields(&[("transferred_on", "2026-11-03")]),
    )
    .unwrap_err()
    .to_string();
    assert!(
        no_approval.contains("未经负责人批准不得移送"),
        "{no_approval}"
    );
    let police = edit_case(&mut store, case.id, &fields(&[("police_decision", "立案")]))
        .unwrap_err()
        .to_string();
    assert!(police.contains("尚未移送"), "{police}");
    let early = edit_case(
        &mut store,
        case.id,
        &fields(&[("approved_on", "2026-11-01")]),
    )
    .unwrap_err()
    .to_string();
    assert!(early.contains("审批日期"), "{early}");
    let silent = advance_case(
        &mut store,
        case.id,
        Status::TransferRefused,
        &Advance::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(silent.contains("理由"), "{silent}");
    assert_eq!(db.digest(), before, "refusals change nothing");

    // Refused with a reason: kept as the case's refusal reason; nothing is due to the police.
    step(
        &mut store,
        &case,
        Status::TransferRefused,
        "2026-11-04",
        Some("涉案金额未达立案追诉标准"),
    );
    match stored(&store, &case).details {
        CaseDetails::CrimeTransfer(t) => {
            assert_eq!(
                t.refusal_reason.as_deref(),
                Some("涉案金额未达立案追诉标准")
            );
            assert_eq!(t.approved_on.unwrap().to_string(), "2026-11-04");
        }
        other => panic!("{other:?}"),
    }
    assert!(deadline(&store, &case, "transfer_dispatch").is_none());
    assert_eq!(
        deadline(&store, &case, "transfer_approval").unwrap().state,
        DeadlineState::Met
    );
    // A refused case can be sent no further, nor given a transfer date.
    let before = db.digest();
    assert!(advance_case(
        &mut store,
        case.id,
        Status::Transferred,
        &Advance::default()
    )
    .is_err());
    let sent = edit_case(
        &mut store,
        case.id,
        &fields(&[("transferred_on", "2026-11-05")]),
    )
    .unwrap_err()
    .to_string();
    assert!(sent.contains("不批准移送"), "{sent}");
    assert_eq!(db.digest(), before, "refusals change nothing");
}

#[test]
fn each_register_has_its_noun_in_the_cli() {
    let db = TestDb::with_office();
    // A day in the past, whatever the machine's clock says.
    let today = "2026-11-02".to_string();
    let case = db.json(&[
        "transfer",
        "new",
        "--title",
        "某加油站非法经营成品油案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        &today,
        "--suspected-crime",
        "非法经营罪",
        "--reported-on",
        &today,
    ]);
    assert_eq!(case["kind"], "crime_transfer");
    let reg = case["reg_no"].as_str().unwrap();
    let list = db.ok(&["transfer", "list"]);
    assert!(
        list.contains("移送机关") && list.contains("录入平台日期") && list.contains(reg),
        "{list}"
    );
    // Its steps under their own names; a refusal keeps the reason given.
    let before = db.digest();
    let silent = db.refused(&["transfer", "step", reg, "--to", "不批准移送"]);
    assert!(silent.contains("理由"), "{silent}");
    let jump = db.refused(&["transfer", "step", reg, "--to", "已移送"]);
    assert!(jump.contains("已移送"), "{jump}");
    // A lawsuit is not a transfer: the noun keeps to its kind.
    let suit = db.json(&[
        "litigation",
        "new",
        "--title",
        "王某诉区住房和城乡建设局行政处罚案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        &today,
    ]);
    let suit_no = suit["reg_no"].as_str().unwrap();
    let after_suit = db.digest();
    let other = db.refused(&["transfer", "show", suit_no]);
    assert!(other.contains("不是两法衔接案件"), "{other}");
    assert_eq!(db.digest(), after_suit, "refusals change nothing");
    assert_ne!(before, after_suit);
    db.ok(&[
        "transfer",
        "step",
        reg,
        "--to",
        "不批准移送",
        "--note",
        "未达追诉标准",
    ]);
    let shown = db.json(&["transfer", "show", reg]);
    assert_eq!(shown["status"], "transfer_refused");
    // A reconsideration decided in one step, its decision given with it.
    let r = db.json(&[
        "reconsideration",
        "new",
        "--title",
        "张某不服区住房和城乡建设局行政处罚决定申请行政复议案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        &today,
    ]);
    let r_no = r["reg_no"].as_str().unwrap();
    db.ok(&["reconsideration", "step", r_no, "--to", "已答复"]);
    db.ok(&[
        "reconsideration",
        "step",
        r_no,
        "--to",
        "已作出复议决定",
        "--decision",
        "维持",
    ]);
    assert_eq!(
        db.json(&["reconsideration", "show", r_no])["status"],
        "reconsideration_decided"
    );
    assert!(db
        .ok(&["reconsideration", "show", r_no])
        .contains("复议决定：维持"));
    assert!(db
        .ok(&["transfer", "show", reg])
        .contains("不批准移送理由：未达追诉标准"));
    let lawsuits = db.json(&["litigation", "list"]);
    assert_eq!(lawsuits["total"], 1);
    assert_eq!(db.json(&["reconsideration", "list"])["total"], 1);
}

#[test]
fn a_round_scores_files_on_its_own_items_and_ranks_units_by_their_average() {
    use fashen::actions::inspection::{add_inspected_file, round_results, InspectedFileInput};
    use fashen::model::inspection::FileGrade;
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 30));
    for name in ["区城市管理局", "区生态环境局"] {
        fashen::actions::parties::add_unit(
            &mut store,
            &fashen::actions::parties::NewUnit {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let round = register_case(
        &mut store,
        CaseKind::FileInspection,
        &fields(&[
            ("title", "2026年度行政执法案卷评查"),
            ("unit", "丹徒区人民政府"),
            ("received", "2026-11-02"),
            ("plan", "《2026年行政执法监督检查计划》"),
            // The office's own sheet this year: five items.
            (
                "score_items",
                "主体 10；事实证据 40；程序 20；适用法律 20；文书 10",
            ),
        ]),
        None,
    )
    .unwrap();
    let file = |unit: &str, no: &str, scores: &str| InspectedFileInput {
        unit: unit.into(),
        file_no: no.into(),
        scores: Some(scores.into()),
        ..Default::default()
    };
    let add = |store: &mut Store, f: InspectedFileInput| add_inspected_file(store, round.id, &f);
    // Items not named earn their full points.
    let a = add(
        &mut store,
        file("区市场监督管理局", "徒市监罚〔2026〕8号", "文书 8.5"),
    )
    .unwrap();
    assert_eq!(a.total(), 985);
    assert_eq!(a.grade, FileGrade::Excellent);
    add(
        &mut store,
        file(
            "区市场监督管理局",
            "徒市监罚〔2026〕9号",
            "事实证据 30；程序 15",
        ),
    )
    .unwrap();
    add(
        &mut store,
        file(
            "区城市管理局",
            "徒城管罚〔2026〕5号",
            "事实证据 20；程序 10；适用法律 10",
        ),
    )
    .unwrap();
    add(
        &mut store,
        file("区生态环境局", "徒环罚〔2026〕3号", "主体 8.5"),
    )
    .unwrap();

    // Refused, nothing written: an item of the common sheet this round does not use; more than an item's
    // points; a round that is not one; a unit that does not exist; a sheet that does not add up to 100.
    let before = db.digest();
    let refusals = [
        add(&mut store, file("区城市管理局", "X1", "证据 10")).unwrap_err(),
        add(&mut store, file("区城市管理局", "X2", "程序 20.5")).unwrap_err(),
        add(&mut store, file("不存在的局", "X3", "")).unwrap_err(),
        edit_case(
            &mut store,
            round.id,
            &fields(&[("score_items", "主体 10；程序 20")]),
        )
        .unwrap_err(),
    ];
    assert_eq!(db.digest(), before, "refusals change nothing");
    let lawsuit = register_case(
        &mut store,
        CaseKind::Litigation,
        &fields(&[
            ("title", "王某诉区市场监督管理局行政处罚案"),
            ("unit", "区市场监督管理局"),
            ("received", "2026-11-03"),
        ]),
        None,
    )
    .unwrap();
    let before_suit = db.digest();
    let wrong = add_inspected_file(&mut store, lawsuit.id, &file("区城市管理局", "X4", ""))
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("只有案卷评查"), "{wrong}");
    assert_eq!(db.digest(), before_suit);
    let messages: Vec<String> = refusals.iter().map(|e| e.to_string()).collect();
    assert!(
        messages[0].contains("「证据」不是本次评查的评分项目"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("超过该项满分20分"), "{}", messages[1]);
    assert!(messages[2].contains("不存在的局"), "{}", messages[2]);
    assert!(
        messages[3].contains("合计应为100分，现为30分"),
        "{}",
        messages[3]
    );
    // (The lawsuit registered between is the only change.)
    assert_ne!(before, before_suit);

    // Ranked by the average: 生态环境 98.5, 市场监管 (98.5 + 85) / 2 = 91.8 (91.75 rounded half up), 城管 60.
    let round = fashen::actions::find_case(&store, &round.id.to_string()).unwrap();
    let results = round_results(&store, &round).unwrap();
    let ranked: Vec<(usize, &str, &str)> = results
        .units
        .iter()
        .map(|u| (u.rank, u.unit.as_str(), u.average.as_str()))
        .collect();
    assert_eq!(
        ranked,
        [
            (1, "区生态环境局", "98.5"),
            (2, "区市场监督管理局", "91.8"),
            (3, "区城市管理局", "60")
        ]
    );
    assert_eq!(results.units[2].pass, 1, "60 is 合格");

    // The score items may not change under files scored on them; two units on one average share a rank.
    let before = db.digest();
    let moved = edit_case(
        &mut store,
        round.id,
        &fields(&[(
            "score_items",
            "主体 10；事实 15；证据 25；程序 20；适用法律 20；文书 10",
        )]),
    )
    .unwrap_err()
    .to_string();
    assert!(moved.contains("不符合新的评分项目"), "{moved}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    add(
        &mut store,
        file("区城市管理局", "徒城管罚〔2026〕6号", "主体 1；文书 8.5"),
    )
    .unwrap();
    add(&mut store, file("区城市管理局", "徒城管罚〔2026〕7号", "")).unwrap();
    // 城管 now (60 + 89.5 + 100) / 3 = 83.2 (83.17…), still third; 生态 alone at 98.5.
    let results = round_results(&store, &round).unwrap();
    assert_eq!(results.units[2].average, "83.2");
    add(
        &mut store,
        file("区生态环境局", "徒环罚〔2026〕4号", "事实证据 25；程序 10"),
    )
    .unwrap();
    // 生态 (98.5 + 75) / 2 = 86.75 → 86.8; 市场 91.8 first, then 生态, then 城管.
    let results = round_results(&store, &round).unwrap();
    let ranked: Vec<(usize, &str)> = results
        .units
        .iter()
        .map(|u| (u.rank, u.unit.as_str()))
        .collect();
    assert_eq!(
        ranked,
        [
            (1, "区市场监督管理局"),
            (2, "区生态环境局"),
            (3, "区城市管理局")
        ]
    );
    // A round where two units tie: both first, the next third.
    let second = register_case(
        &mut store,
        CaseKind::FileInspection,
        &fields(&[
            ("title", "2026年度专项案卷评查"),
            ("unit", "丹徒区人民政府"),
            ("received", "2026-11-10"),
        ]),
        None,
    )
    .unwrap();
    for (unit, no, scores) in [
        ("区生态环境局", "甲1", "文书 9"),
        ("区城市管理局", "乙1", "主体 9"),
        ("区市场监督管理局", "丙1", "证据 10"),
    ] {
        add_inspected_file(&mut store, second.id, &file(unit, no, scores)).unwrap();
    }
    let second = fashen::actions::find_case(&store, &second.id.to_string()).unwrap();
    let ranked: Vec<(usize, String, String)> = round_results(&store, &second)
        .unwrap()
        .units
        .into_iter()
        .map(|u| (u.rank, u.unit, u.average))
        .collect();
    assert_eq!(
        ranked,
        [
            (1, "区城市管理局".to_string(), "99".to_string()),
            (1, "区生态环境局".to_string(), "99".to_string()),
            (3, "区市场监督管理局".to_string(), "90".to_string())
        ]
    );
    // Found by a file's number; the round passes every check.
    let page = search(
        &store,
        &SearchRequest {
            query: "徒城管罚".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.results.len(), 1);
    assert!(page.results[0]
        .found
        .iter()
        .any(|f| f.place.contains("评查案卷")));
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

#[test]
fn the_inspection_noun_adds_files_and_prints_the_ranking() {
    let db = TestDb::with_office();
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
    let reg = round["reg_no"].as_str().unwrap();
    db.ok(&[
        "inspection",
        "file",
        "add",
        "--case",
        reg,
        "--unit",
        "区住房和城乡建设局",
        "--file-no",
        "徒住建罚〔2026〕3号",
        "--scores",
        "证据 15；文书 8",
    ]);
    let before = db.digest();
    let over = db.refused(&[
        "inspection",
        "file",
        "add",
        "--case",
        reg,
        "--unit",
        "区住房和城乡建设局",
        "--file-no",
        "徒住建罚〔2026〕4号",
        "--scores",
        "移送 6",
    ]);
    assert!(over.contains("超过该项满分5分"), "{over}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    let results = db.ok(&["inspection", "results", "--case", reg]);
    assert!(
        results.contains("区住房和城乡建设局")
            && results.contains("93")
            && results.contains("名次"),
        "{results}"
    );
    let files = db.json(&["inspection", "file", "list", "--case", reg]);
    assert_eq!(files[0]["grade"], "excellent");
    // The results as landscape pages, read back by poppler: the ranking, then the file with what it lost.
    let pdf = db.dir().join("评查结果.pdf");
    db.ok(&[
        "inspection",
        "results",
        "--case",
        reg,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap().replace(' ', "");
    for part in [
        "2026年度行政执法案卷评查结果（按单位排名）",
        "区住房和城乡建设局",
        "徒住建罚〔2026〕3号",
        "证据15/20",
        "第1页",
        "共2页",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    let docx = db.dir().join("评查结果.docx");
    let word = db.refused(&[
        "inspection",
        "results",
        "--case",
        reg,
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert!(word.contains(".pdf 或 .ofd"), "{word}");
    assert!(!docx.exists());
    db.ok(&["inspection", "step", reg, "--to", "评查中"]);
}

#[test]
fn what_a_step_recorded_stays_and_facts_typed_early_are_not_steps_taken() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 11, 20));
    let case = transfer(&mut store, "2026-11-02", "2026-11-02");
    step(
        &mut store,
        &case,
        Status::TransferApproved,
        "2026-11-03",
        None,
    );
    step(&mut store, &case, Status::Transferred, "2026-11-04", None);
    // The police's refusal typed in while the case is still 已移送: the 复议 window opens, nothing is done.
    edit_case(
        &mut store,
        case.id,
        &fields(&[
            ("police_decision", "不予立案"),
            ("police_decided_on", "2026-11-06"),
        ]),
    )
    .unwrap();
    let review = deadline(&store, &case, "transfer_review").unwrap();
    assert_eq!(review.state, DeadlineState::Open);
    assert_eq!(review.purpose, fashen::model::rule::RulePurpose::Window);
    // A window run out is no lateness: not on the dashboard's overdue list (today is 20 November).
    let board = fashen::actions::dashboard::dashboard(&store).unwrap();
    assert!(
        board
            .deadlines
            .overdue
            .items
            .iter()
            .all(|i| i.row.case_id != case.id.to_string()),
        "a lapsed right is not the office's overdue deadline"
    );
    let view = case_view(
        &store,
        fashen::actions::find_case(&store, &case.id.to_string()).unwrap(),
    )
    .unwrap();
    let shown = view
        .deadlines
        .deadlines
        .iter()
        .find(|d| d.deadline.key() == "transfer_review")
        .unwrap();
    assert_eq!(shown.left_text, "已期满");

    // What a step recorded cannot be cleared by an edit: the approval of a case sent to the police.
    let before = db.digest();
    let cleared = edit_case(&mut store, case.id, &fields(&[("approved_on", "")]))
        .unwrap_err()
        .to_string();
    assert!(cleared.contains("审批日期"), "{cleared}");
    let refused = transfer(&mut store, "2026-11-05", "2026-11-05");
    let before_refusal = db.digest();
    assert_ne!(before, before_refusal);
    step(
        &mut store,
        &refused,
        Status::TransferRefused,
        "2026-11-06",
        Some("未达立案追诉标准"),
    );
    let after_refusal = db.digest();
    let e = edit_case(&mut store, refused.id, &fields(&[("refusal_reason", "")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("应当将理由记录在案"), "{e}");
    assert_eq!(db.digest(), after_refusal, "refusals change nothing");

    // A reconsideration decided keeps its decision.
    let r = reconsideration(&mut store, "2026-11-02");
    step(&mut store, &r, Status::Replied, "2026-11-10", None);
    edit_case(&mut store, r.id, &fields(&[("decision", "维持")])).unwrap();
    step(
        &mut store,
        &r,
        Status::ReconsiderationDecided,
        "2026-11-18",
        None,
    );
    let decided = db.digest();
    let e = edit_case(&mut store, r.id, &fields(&[("decision", "")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("须写明复议决定"), "{e}");
    assert_eq!(db.digest(), decided);
}

/// The demo's 2017 is the seed report's year: its registers hold the report's figures — 10 lawsuits against the
/// district government with the head or a deputy at every hearing, 36 cases entered on the 两法衔接 platform of
/// which 21 were transferred, one round of 案卷评查 — each case closed, counted here from the records.
#[test]
fn the_demo_s_2017_holds_the_report_s_figures_for_the_registers() {
    use fashen::model::{Appearance, CaseDetails};
    use fashen::store::CaseFilter;
    let db = TestDb::new();
    let mut store = Store::open(
        &db.path,
        OpenMode::CreateIfMissing,
        crate::support::clock_at(2026, 12, 7),
    )
    .unwrap();
    fashen::demo::load(&mut store).unwrap();
    let of_2017 = |kind| {
        let page = store
            .list_cases(&CaseFilter {
                kind: Some(kind),
                year: Some(2017),
                limit: Some(1000),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows
            .iter()
            .map(|r| fashen::actions::find_case(&store, &r.id).unwrap())
            .collect::<Vec<ReviewCase>>()
    };

    let suits = of_2017(CaseKind::Litigation);
    assert_eq!(suits.len(), 10, "以区政府为被告的行政诉讼案件共10件");
    let mut hearings = 0;
    for suit in &suits {
        assert_eq!(suit.status, Status::Concluded, "{}", suit.reg_no);
        let unit: fashen::model::Unit = store.get(suit.unit_id.0).unwrap().unwrap();
        assert_eq!(unit.name, "丹徒区人民政府");
        for h in store.hearings_of_case(suit.id).unwrap() {
            hearings += 1;
            assert!(
                matches!(h.appeared, Appearance::Head | Appearance::DeputyHead),
                "行政负责人出庭应诉率为100%: {} {:?}",
                suit.reg_no,
                h.appeared
            );
        }
    }
    assert_eq!(hearings, 10, "a hearing in every suit");

    let transfers = of_2017(CaseKind::CrimeTransfer);
    assert_eq!(transfers.len(), 36, "录入信息案件36件");
    let transferred = transfers
        .iter()
        .filter(
            |c| matches!(&c.details, CaseDetails::CrimeTransfer(t) if t.transferred_on.is_some()),
        )
        .count();
    assert_eq!(transferred, 21, "移送涉嫌犯罪案件21件");
    assert!(transfers
        .iter()
        .all(|c| matches!(c.status, Status::Concluded | Status::TransferRefused)));

    let rounds = of_2017(CaseKind::FileInspection);
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0].status, Status::Concluded);
    match &rounds[0].details {
        CaseDetails::FileInspection(d) => {
            assert_eq!(d.rectify_by.unwrap().to_string(), "2017-12-10");
            assert_eq!(d.closed_on.unwrap().to_string(), "2017-12-08");
        }
        other => panic!("{other:?}"),
    }
    let files = store.inspected_files_of_case(rounds[0].id).unwrap();
    assert_eq!(files.len(), 8);
    // Every file with problems put right before the 整改期限, so the round's is met, on time.
    assert!(files.iter().filter(|f| f.needs_rectification()).all(|f| f
        .rectified_on
        .is_some_and(|d| d.to_string().as_str() <= "2017-12-10")));
    let rectification = deadline(&store, &rounds[0], "inspection_rectification").unwrap();
    assert_eq!(rectification.state, DeadlineState::Met);
    // 建议提案按时办复率达100%: every suggestion and proposal of the year answered within its three months.
    let proposals = of_2017(CaseKind::Proposal);
    assert_eq!(proposals.len(), 30);
    for p in &proposals {
        let rule = match &p.details {
            CaseDetails::Proposal(d)
                if d.category == Some(fashen::model::case::ProposalCategory::CppccProposal) =>
            {
                "proposal_reply_cppcc"
            }
            _ => "proposal_reply",
        };
        let reply = deadline(&store, p, rule).unwrap();
        assert_eq!(reply.state, DeadlineState::Met, "{}", p.reg_no);
        assert!(reply.met_on.unwrap() <= reply.due.unwrap(), "{}", p.reg_no);
    }
    // The year's registration numbers run with the dates, and the whole database passes every check.
    let mut numbered: Vec<(String, chrono::NaiveDate)> = suits
        .iter()
        .chain(&transfers)
        .chain(&rounds)
        .chain(&proposals)
        .map(|c| (c.reg_no.to_string(), c.received))
        .collect();
    numbered.sort();
    assert!(
        numbered.windows(2).all(|w| w[0].1 <= w[1].1),
        "{numbered:?}"
    );
    assert!(store.check().unwrap().is_ok());
}
