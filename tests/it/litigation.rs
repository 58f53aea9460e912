//! 行政应诉 (issue 20, the first register beyond review): a lawsuit against the government is a case of its own
//! kind on the case machinery — its fields under the names a litigation clerk uses, its own steps, the defence
//! due 15 days after the complaint's copy arrived (行政诉讼法 art. 67) on the working-day calendar, search.

use fashen::actions::cases::{advance_case, case_view, edit_case, register_case, Advance};
use fashen::actions::search::{search, SearchRequest};
use fashen::deadlines::DeadlineState;
use fashen::model::{CaseKind, Status};
use fashen::{OpenMode, Store};

use crate::support::{clock_at, fields, TestDb};

fn office(db: &TestDb) -> Store {
    let mut store =
        Store::open(&db.path, OpenMode::CreateIfMissing, clock_at(2026, 9, 30)).unwrap();
    fashen::actions::parties::add_unit(
        &mut store,
        &fashen::actions::parties::NewUnit {
            name: "区市场监督管理局".into(),
            ..Default::default()
        },
    )
    .unwrap();
    store
}

fn lawsuit(store: &mut Store, received: &str) -> fashen::model::ReviewCase {
    register_case(
        store,
        CaseKind::Litigation,
        &fields(&[
            ("title", "王某诉区市场监督管理局行政处罚案"),
            ("unit", "区市场监督管理局"),
            ("received", received),
            ("court_case_no", "（2026）苏1112行初15号"),
            ("court", "镇江市丹徒区人民法院"),
            ("instance", "一审"),
            ("plaintiffs", "王某"),
            ("challenged_act", "徒市监罚〔2026〕8号行政处罚决定"),
            ("cause", "行政处罚"),
        ]),
        None,
    )
    .unwrap()
}

fn defence(store: &Store, case: &fashen::model::ReviewCase) -> fashen::deadlines::Deadline {
    let case = fashen::actions::find_case(store, &case.id.to_string()).unwrap();
    case_view(store, case)
        .unwrap()
        .deadlines
        .deadlines
        .into_iter()
        .map(|d| d.deadline)
        .find(|d| d.key() == "litigation_defence")
        .expect("a defence deadline")
}

#[test]
fn the_defence_is_due_fifteen_days_after_the_complaint_on_the_working_day_calendar() {
    let db = TestDb::new();
    let mut store = office(&db);
    // 15 days from 28 September end on Tuesday 13 October: the National Day week inside does not lengthen a
    // period counted in days.
    let case = lawsuit(&mut store, "2026-09-28");
    let d = defence(&store, &case);
    assert_eq!(d.due.unwrap().to_string(), "2026-10-13");
    assert_eq!(d.state, DeadlineState::Open);
    assert!(
        d.detail.contains("收到起诉状副本之日起15日内"),
        "{}",
        d.detail
    );
    // From 20 September (a make-up working Sunday) the 15th day is 5 October, a holiday: the period ends on the
    // first working day after it, 8 October.
    let early = lawsuit(&mut store, "2026-09-20");
    assert_eq!(
        defence(&store, &early).due.unwrap().to_string(),
        "2026-10-08"
    );
    // The defence filed: the deadline is met on that day.
    edit_case(
        &mut store,
        case.id,
        &fields(&[("defence_submitted_on", "2026-10-09")]),
    )
    .unwrap();
    let d = defence(&store, &case);
    assert_eq!(d.state, DeadlineState::Met);
    assert_eq!(d.met_on.unwrap().to_string(), "2026-10-09");
}

#[test]
fn a_lawsuit_has_its_own_fields_names_and_steps_and_bad_input_changes_nothing() {
    let db = TestDb::new();
    let mut store = office(&db);
    let case = lawsuit(&mut store, "2026-09-28");
    assert_eq!(case.reg_no.to_string(), "2026-001");
    let view = case_view(&store, case.clone()).unwrap();
    let label = |code: &str| {
        view.fields
            .iter()
            .find(|f| f.code == code)
            .map(|f| (f.label, f.value.clone()))
    };
    assert_eq!(label("unit"), Some(("被告", "区市场监督管理局".into())));
    assert_eq!(
        label("received"),
        Some(("收到起诉状副本日期", "2026年9月28日".into()))
    );
    assert_eq!(
        label("court_case_no"),
        Some(("案号", "（2026）苏1112行初15号".into()))
    );
    assert!(!view.can_extend, "a lawsuit has no review period to extend");
    let next: Vec<Status> = view.actions.iter().map(|a| a.to).collect();
    assert_eq!(next, [Status::Answered, Status::SuitWithdrawn]);

    // A review's step, a review's field, a defence filed before the complaint came: refused, nothing written.
    let before = db.digest();
    let step = advance_case(&mut store, case.id, Status::InReview, &Advance::default())
        .unwrap_err()
        .to_string();
    assert!(
        step.contains("行政应诉") && step.contains("审查中"),
        "{step}"
    );
    let field = edit_case(
        &mut store,
        case.id,
        &fields(&[("materials_complete", "2026-09-29")]),
    )
    .unwrap_err()
    .to_string();
    assert!(field.contains("不适用于行政应诉案件"), "{field}");
    let early = edit_case(
        &mut store,
        case.id,
        &fields(&[("defence_submitted_on", "2026-09-27")]),
    )
    .unwrap_err()
    .to_string();
    assert!(
        early.contains("答辩状和证据提交日期") && early.contains("收到起诉状副本日期"),
        "{early}"
    );
    assert_eq!(db.digest(), before, "refusals change nothing");

    // Through its steps to the end; found by its 案号.
    for to in [
        Status::Answered,
        Status::InTrial,
        Status::Judged,
        Status::Concluded,
    ] {
        advance_case(&mut store, case.id, to, &Advance::default())
            .unwrap_or_else(|e| panic!("{to:?}: {e}"));
    }
    // 已裁判 recorded the day of the judgment, 已答辩 the defence's.
    let stored: fashen::model::ReviewCase = store.get(case.id.0).unwrap().unwrap();
    match stored.details {
        fashen::model::CaseDetails::Litigation(l) => {
            assert_eq!(l.judgment_on.unwrap().to_string(), "2026-09-30");
            assert_eq!(l.defence_submitted_on.unwrap().to_string(), "2026-09-30");
        }
        other => panic!("{other:?}"),
    }
    let page = search(
        &store,
        &SearchRequest {
            query: "苏1112行初15号".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.results.len(), 1);
    assert!(page.results[0].found.iter().any(|f| f.place == "案号"));
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

#[test]
fn hearings_say_whether_a_head_appeared_and_why_not() {
    use fashen::actions::records::{add_hearing, delete_hearing, HearingInput};
    let db = TestDb::new();
    let mut store = office(&db);
    let case = lawsuit(&mut store, "2026-09-01");
    let head = add_hearing(
        &mut store,
        case.id,
        &HearingInput {
            on: "2026-09-25".into(),
            court_room: Some("第三审判庭".into()),
            appeared: "副职负责人".into(),
            appeared_names: Some("副局长赵刚".into()),
            reason: None,
        },
    )
    .unwrap();
    assert!(head.head_present(), "a deputy head is a 负责人");

    // Refused, and nothing written: no head and no reason; a hearing before the complaint; a contract's hearing.
    let before = db.digest();
    let no_reason = HearingInput {
        on: "2026-10-20".into(),
        appeared: "工作人员".into(),
        ..Default::default()
    };
    let e = add_hearing(&mut store, case.id, &no_reason)
        .unwrap_err()
        .to_string();
    assert!(e.contains("须写明原因"), "{e}");
    let early = HearingInput {
        on: "2026-08-31".into(),
        appeared: "行政机关负责人".into(),
        ..Default::default()
    };
    let e = add_hearing(&mut store, case.id, &early)
        .unwrap_err()
        .to_string();
    assert!(e.contains("早于收到起诉状副本日期"), "{e}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    let contract = register_case(
        &mut store,
        CaseKind::Contract,
        &fields(&[("title", "办公用房租赁合同"), ("unit", "区市场监督管理局")]),
        None,
    )
    .unwrap();
    let before_contract = db.digest();
    let e = add_hearing(&mut store, contract.id, &early)
        .unwrap_err()
        .to_string();
    assert!(e.contains("只有行政应诉案件有庭审记录"), "{e}");
    assert_eq!(db.digest(), before_contract, "a refusal changes nothing");

    let staff = add_hearing(
        &mut store,
        case.id,
        &HearingInput {
            reason: Some("局长参加全市防汛紧急会议，委托法制科长出庭".into()),
            ..no_reason
        },
    )
    .unwrap();
    let view = case_view(&store, case.clone()).unwrap();
    assert_eq!(
        view.hearings
            .iter()
            .map(|h| h.head_present())
            .collect::<Vec<_>>(),
        [true, false],
        "by date"
    );
    // Found by who appeared and by the reason, said where.
    let page = search(
        &store,
        &SearchRequest {
            query: "防汛紧急会议".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        page.results[0].found[0].place,
        "庭审（2026年10月20日）负责人未出庭原因"
    );
    delete_hearing(&mut store, staff.id).unwrap();
    assert_eq!(case_view(&store, case).unwrap().hearings.len(), 1);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}

#[test]
fn the_cli_records_lists_and_deletes_hearings_by_the_id_it_shows() {
    let db = TestDb::with_office();
    db.ok(&[
        "case",
        "new",
        "--kind",
        "行政应诉",
        "--title",
        "王某诉区住房和城乡建设局行政处罚案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-02",
        "--instance",
        "二审",
    ]);
    // An appeal (二审) has no first-instance defence period.
    let view = db.json(&["case", "show", "2026-001"]);
    assert!(
        !view["deadlines"]["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "litigation_defence"),
        "{view}"
    );
    db.ok(&[
        "hearing",
        "add",
        "--case",
        "2026-001",
        "--on",
        "2026-03-20",
        "--appeared",
        "副职负责人",
        "--names",
        "副局长赵刚",
    ]);
    let refused = db.refused(&[
        "hearing",
        "add",
        "--case",
        "2026-001",
        "--on",
        "2026-03-21",
        "--appeared",
        "工作人员",
    ]);
    assert!(refused.contains("须写明原因"), "{refused}");
    let listed = db.ok(&["hearing", "list", "--case", "2026-001"]);
    assert!(
        listed.contains("副职负责人") && listed.contains("副局长赵刚"),
        "{listed}"
    );
    let list = db.json(&["hearing", "list", "--case", "2026-001"]);
    let id = list[0]["id"].as_str().unwrap().replace('-', "");
    let short = &id[id.len() - 8..];
    assert!(listed.contains(short), "the list shows {short}: {listed}");
    db.ok(&["hearing", "delete", short]);
    assert_eq!(
        db.json(&["hearing", "list", "--case", "2026-001"]),
        serde_json::json!([])
    );
}

/// `fashen litigation` is the register's noun for all of it: the suit, its hearings, its judgment — the step
/// 已判决 and its facts together or not at all.
#[test]
fn the_litigation_noun_records_a_hearing_and_a_judgment_all_or_nothing() {
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
        "--instance",
        "一审",
    ]);
    let reg = suit["reg_no"].as_str().unwrap().to_string();
    db.ok(&[
        "litigation",
        "step",
        &reg,
        "--to",
        "已答辩",
        "--on",
        "2026-03-10",
    ]);
    db.ok(&[
        "litigation",
        "hearing",
        "add",
        "--case",
        &reg,
        "--on",
        "2026-04-08",
        "--appeared",
        "行政机关负责人",
        "--names",
        "局长 孙伟",
    ]);
    let heard = db.ok(&["litigation", "hearing", "list", "--case", &reg]);
    assert!(heard.contains("局长 孙伟"), "{heard}");

    // Refused, nothing written — not even the step: a loss with a result the government won; a service
    // before the judgment; a result that is none.
    db.all_refused_unchanged(&[
        (
            &[
                "litigation",
                "judgment",
                &reg,
                "--on",
                "2026-05-06",
                "--result",
                "驳回诉讼请求",
                "--lost",
            ],
            "败诉",
        ),
        (
            &[
                "litigation",
                "judgment",
                &reg,
                "--on",
                "2026-05-06",
                "--result",
                "驳回诉讼请求",
                "--served-on",
                "2026-05-01",
            ],
            "裁判文书送达日期",
        ),
        (
            &[
                "litigation",
                "judgment",
                &reg,
                "--on",
                "2026-05-06",
                "--result",
                "胜诉",
            ],
            "胜诉",
        ),
        (
            &[
                "litigation",
                "judgment",
                &reg,
                "--on",
                "2026-05-06",
                "--result",
                "撤销被诉行为",
                "--won",
            ],
            "被告败诉",
        ),
    ]);
    assert_eq!(db.json(&["litigation", "show", &reg])["status"], "answered");

    let judged = db.json(&[
        "litigation",
        "judgment",
        &reg,
        "--on",
        "2026-05-06",
        "--result",
        "撤销被诉行为",
        "--served-on",
        "2026-05-08",
    ]);
    assert_eq!(judged["status"], "judged");
    assert_eq!(judged["details"]["judgment_on"], "2026-05-06");
    assert_eq!(judged["details"]["judgment_result"], "revoked");
    assert_eq!(judged["details"]["lost"], true);
    // Served on 8 May: the 15 days to appeal run to 23 May (a Saturday), so Monday 25 May.
    let view = db.json(&["litigation", "show", &reg]);
    let appeal = view["deadlines"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "appeal_judgment")
        .cloned()
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(appeal["due"], "2026-05-25");
    // Tried again (an appeal's ruling sends it back): the new judgment's day is its own.
    db.ok(&[
        "litigation",
        "step",
        &reg,
        "--to",
        "审理中",
        "--on",
        "2026-06-01",
    ]);
    let again = db.json(&[
        "litigation",
        "judgment",
        &reg,
        "--on",
        "2026-06-20",
        "--result",
        "驳回诉讼请求",
        "--served-on",
        "2026-06-23",
    ]);
    assert_eq!(again["details"]["judgment_on"], "2026-06-20");
    assert_eq!(again["details"]["lost"], false, "{again}");
    // Another kind of case has no judgment.
    let transfer = db.json(&[
        "transfer",
        "new",
        "--title",
        "某商行销售伪劣产品案",
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-02",
    ]);
    db.all_refused_unchanged(&[(
        &[
            "litigation",
            "judgment",
            transfer["reg_no"].as_str().unwrap(),
            "--result",
            "驳回诉讼请求",
        ],
        "不是行政应诉",
    )]);
}

#[test]
fn an_appeal_is_due_fifteen_days_after_a_judgment_is_served_ten_after_a_ruling() {
    let db = TestDb::new();
    let mut store = office(&db);
    let case = lawsuit(&mut store, "2026-06-01");
    let appeal = |store: &Store, key: &str| {
        let case = fashen::actions::find_case(store, &case.id.to_string()).unwrap();
        case_view(store, case)
            .unwrap()
            .deadlines
            .deadlines
            .into_iter()
            .map(|d| d.deadline)
            .find(|d| d.key() == key)
    };
    for (to, on) in [
        (Status::Answered, "2026-06-10"),
        (Status::InTrial, "2026-07-01"),
        (Status::Judged, "2026-09-15"),
    ] {
        let step = Advance {
            on: Some(on.into()),
            ..Default::default()
        };
        advance_case(&mut store, case.id, to, &step).unwrap();
    }
    assert!(
        appeal(&store, "appeal_judgment").is_none(),
        "not served yet"
    );
    // A judgment served on 16 September: 15 days end on 1 October, National Day — so 8 October.
    edit_case(
        &mut store,
        case.id,
        &fields(&[
            ("judgment_result", "撤销被诉行为"),
            ("lost", "是"),
            ("judgment_served_on", "2026-09-16"),
        ]),
    )
    .unwrap();
    let d = appeal(&store, "appeal_judgment").expect("the judgment's appeal period");
    assert_eq!(d.due.unwrap().to_string(), "2026-10-08");
    assert!(d.detail.contains("判决书送达之日起15日内"), "{}", d.detail);
    assert!(appeal(&store, "appeal_ruling").is_none());
    // A ruling (驳回起诉) instead: 10 days from service, 26 September (a Saturday) → Monday 28 September.
    edit_case(
        &mut store,
        case.id,
        &fields(&[("lost", "否"), ("judgment_result", "驳回起诉")]),
    )
    .unwrap();
    assert!(appeal(&store, "appeal_judgment").is_none());
    assert_eq!(
        appeal(&store, "appeal_ruling")
            .unwrap()
            .due
            .unwrap()
            .to_string(),
        "2026-09-28"
    );

    // A loss against a result the government won; an appeal before service; a reply to no suggestion:
    // refused, nothing written.
    let before = db.digest();
    let lost = edit_case(&mut store, case.id, &fields(&[("lost", "是")]))
        .unwrap_err()
        .to_string();
    assert!(
        lost.contains("驳回起诉") && lost.contains("没有败诉"),
        "{lost}"
    );
    let early = edit_case(
        &mut store,
        case.id,
        &fields(&[("appealed_on", "2026-09-10")]),
    )
    .unwrap_err()
    .to_string();
    assert!(early.contains("上诉日期"), "{early}");
    let reply = edit_case(
        &mut store,
        case.id,
        &fields(&[("suggestion_replied_on", "2026-09-20")]),
    )
    .unwrap_err()
    .to_string();
    assert!(reply.contains("收到司法建议日期"), "{reply}");
    assert_eq!(db.digest(), before, "refusals change nothing");

    // A judicial suggestion received with the ruling: its reply is due (a local rule, two months by default).
    edit_case(
        &mut store,
        case.id,
        &fields(&[("judicial_suggestion_on", "2026-09-16")]),
    )
    .unwrap();
    let s = appeal(&store, "judicial_suggestion_reply").expect("the reply's period");
    assert_eq!(s.due.unwrap().to_string(), "2026-11-16");
    edit_case(
        &mut store,
        case.id,
        &fields(&[("suggestion_replied_on", "2026-10-30")]),
    )
    .unwrap();
    assert_eq!(
        appeal(&store, "judicial_suggestion_reply").unwrap().state,
        DeadlineState::Met
    );
    // 准予撤诉 cannot be appealed: no period, and an appeal date is refused.
    edit_case(
        &mut store,
        case.id,
        &fields(&[("judgment_result", "准予撤诉")]),
    )
    .unwrap();
    assert!(appeal(&store, "appeal_ruling").is_none());
    assert!(appeal(&store, "appeal_judgment").is_none());
    let before = db.digest();
    let e = edit_case(
        &mut store,
        case.id,
        &fields(&[("appealed_on", "2026-09-20")]),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("不能上诉"), "{e}");
    assert_eq!(db.digest(), before);
    edit_case(
        &mut store,
        case.id,
        &fields(&[("judgment_result", "驳回起诉")]),
    )
    .unwrap();
    // Concluded without an appeal: the period ran out unused.
    advance_case(&mut store, case.id, Status::Concluded, &Advance::default()).unwrap();
    assert_eq!(
        appeal(&store, "appeal_ruling").unwrap().state,
        DeadlineState::Stopped
    );
}

#[test]
fn a_hearing_to_come_is_on_the_dashboard_and_one_past_must_say_who_appeared() {
    use fashen::actions::records::{add_hearing, HearingInput};
    let db = TestDb::new();
    let mut store = office(&db);
    let case = lawsuit(&mut store, "2026-09-01");
    // Set for 20 October, who goes still 待定: no reason asked for, and on the dashboard.
    add_hearing(
        &mut store,
        case.id,
        &HearingInput {
            on: "2026-10-20".into(),
            court_room: Some("第二审判庭".into()),
            appeared: "待定".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let board = fashen::actions::dashboard::dashboard(&store).unwrap();
    assert_eq!(board.hearings.len(), 1);
    let h = &board.hearings[0];
    assert_eq!(h.on.to_string(), "2026-10-20");
    assert_eq!(h.reg_no, case.reg_no.to_string());
    assert!(!h.to_record);
    // 待定 for a day already past (today is 30 September) is refused, and changes nothing.
    let before = db.digest();
    let e = add_hearing(
        &mut store,
        case.id,
        &HearingInput {
            on: "2026-09-25".into(),
            appeared: "pending".into(),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("已开庭"), "{e}");
    assert_eq!(db.digest(), before, "refusals change nothing");
    // A month on, the hearing is past and still 待定: the dashboard asks for it to be written up.
    drop(store);
    let later = Store::open(&db.path, OpenMode::MustExist, clock_at(2026, 10, 21)).unwrap();
    let board = fashen::actions::dashboard::dashboard(&later).unwrap();
    assert!(board.hearings[0].to_record);
    // Beyond the 30 days ahead a hearing is not listed yet.
    let early = Store::open(&db.path, OpenMode::MustExist, clock_at(2026, 9, 1)).unwrap();
    assert!(fashen::actions::dashboard::dashboard(&early)
        .unwrap()
        .hearings
        .is_empty());
}
