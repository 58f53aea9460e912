//! 行政应诉 (issue 20): a lawsuit registered through the case form, under the names a litigation clerk uses,
//! shows its defence deadline and its own steps; 已答辩 meets the deadline.

use fashen::model::CaseKind;
use fashen::store::CaseFilter;
use serde_json::json;

use crate::fixtures::{cases, demo, strings, unit_id};
use crate::support::App;

#[test]
fn a_lawsuit_is_registered_with_its_own_fields_and_its_defence_deadline() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/cases/new?kind=litigation");
    app.wd.find("#case-form [data-field='court_case_no']");
    let labels = strings(
        &app,
        "[...document.querySelectorAll('#case-form .field > label')].map(l => l.firstChild.textContent)",
    );
    for label in [
        "案件名称",
        "被告",
        "收到起诉状副本日期",
        "案号",
        "原告",
        "被诉行政行为",
    ] {
        assert!(
            labels.iter().any(|l| l.starts_with(label)),
            "{label} in {labels:?}"
        );
    }
    assert!(
        !labels
            .iter()
            .any(|l| l.starts_with("材料齐全日期") || l.starts_with("送审单位")),
        "a review's fields are not a lawsuit's: {labels:?}"
    );
    // Two days ago, by the core's clock.
    let today = app.store().clock().today();
    let received = today
        .pred_opt()
        .and_then(|d| d.pred_opt())
        .unwrap()
        .to_string();
    app.wd.type_into("#f-title", "李某诉区城市管理局行政强制案");
    app.wd
        .choose("#f-unit", &unit_id(&app.store(), "区城市管理局"));
    app.wd.type_into("#f-received", &received);
    app.wd
        .type_into("#f-court_case_no", "（2026）苏1112行初99号");
    app.wd.type_into("#f-plaintiffs", "李某");
    app.screenshot("40-new-lawsuit-form");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.querySelector('.case-detail')",
        "the lawsuit's page",
    );
    let number = app.wd.text(".page-header .subtitle");

    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::Litigation),
            title_contains: Some("李某诉区城市管理局行政强制案".into()),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    let case = fashen::actions::find_case(&app.store(), &row.id).unwrap();
    let view = fashen::actions::cases::case_view(&app.store(), case).unwrap();
    let due = view
        .deadlines
        .deadlines
        .iter()
        .find(|d| d.deadline.key() == "litigation_defence")
        .and_then(|d| d.deadline.due)
        .expect("a defence deadline");
    let shown = app.wd.text("#case-deadlines");
    assert!(shown.contains("行政应诉答辩期限"), "{shown}");
    assert!(
        shown.contains(&fashen::model::validate::fmt_date(due)),
        "{due} in {shown}"
    );
    assert!(app.wd.text("#case-fields").contains("被告"));
    assert!(
        app.wd
            .text("#toasts")
            .contains(&format!("已登记 {}", row.reg_no)),
        "the toast names the number: {} ({number})",
        app.wd.text("#toasts")
    );
    assert_eq!(
        app.wd.exec(
            "return document.querySelector('#clock-events') === null",
            json!([])
        ),
        json!(true),
        "a lawsuit has no review clock"
    );
    assert_eq!(
        app.wd.exec(
            "return document.querySelector('#extend') === null",
            json!([])
        ),
        json!(true),
        "no review period to extend"
    );
    app.screenshot("41-lawsuit-page");

    // 已答辩: the defence went in today, the deadline is met.
    app.wd.click("#status-actions button[data-to='answered']");
    app.wd.find("#advance");
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector(\".case-detail[data-status='answered']\")",
        "已答辩",
    );
    let stored: fashen::model::ReviewCase = app.store().get(view.case.id.0).unwrap().unwrap();
    match stored.details {
        fashen::model::CaseDetails::Litigation(l) => assert!(l.defence_submitted_on.is_some()),
        other => panic!("{other:?}"),
    }
    // A hearing where no head appeared needs the reason: refused in the dialog, nothing saved, then saved.
    app.wd.click("#new-hearing");
    app.wd.find("#hearing");
    app.wd.type_into("#hearing-on", &today.to_string());
    app.wd.choose("#hearing-appeared", "staff");
    app.wd.type_into("#hearing-names", "法制科长 陈静");
    app.wd.click("#hearing-ok");
    app.wd.wait_for(
        "document.querySelector('#hearing .form-error:not([hidden])')?.textContent.includes('须写明原因')",
        "the refusal for want of a reason",
    );
    assert!(app
        .store()
        .hearings_of_case(view.case.id)
        .unwrap()
        .is_empty());
    app.wd
        .type_into("#hearing-reason", "局长参加全市防汛紧急会议");
    app.screenshot("42-hearing-dialog");
    app.wd.click("#hearing-ok");
    app.wd.wait_for(
        "document.querySelector('#hearings li[data-head-present=\"false\"]')",
        "the hearing listed",
    );
    assert!(app.wd.text("#hearings").contains("防汛紧急会议"));
    assert_eq!(app.store().hearings_of_case(view.case.id).unwrap().len(), 1);
    app.screenshot("43-lawsuit-with-hearing");

    let met = format!("{}完成", fashen::model::validate::fmt_date(today));
    assert!(
        app.wd.text("#case-deadlines").contains(&met),
        "{}",
        app.wd.text("#case-deadlines")
    );
}

/// 两法衔接 from the navigation: its own register (its name, its columns), a case just reported with the head's
/// 3 days running, and 不批准移送 refused in the dialog until the reason is written, which the case then keeps.
#[test]
fn a_transfer_is_found_under_its_group_and_a_refusal_needs_its_reason() {
    let (app, saved, _opened_log) = App::start_saving(demo);
    // The dashboard lists the lawsuit's next hearing, who goes still 待定.
    app.wd.find("#hearings-soon");
    let hearings = app.wd.text("#hearings-soon");
    assert!(
        hearings.contains("第二审判庭") && hearings.contains("待定"),
        "{hearings}"
    );
    app.screenshot_of("47-dashboard-hearings", "#hearings-soon");
    let groups = strings(
        &app,
        "[...document.querySelectorAll('#nav .nav-group')].map(g => g.textContent)",
    );
    assert!(
        groups.contains(&"行政复议与应诉".to_string()) && groups.contains(&"执法监督".to_string()),
        "{groups:?}"
    );
    app.wd
        .click("#nav a[data-route='/cases?kind=crime_transfer']");
    app.wd.wait_for(
        "location.hash === '#/cases?kind=crime_transfer' && document.querySelector('#register-table tbody tr')",
        "the 两法衔接 register",
    );
    assert_eq!(app.wd.text(".page-header h1"), "涉嫌犯罪案件移送登记簿");
    let heads = strings(
        &app,
        "[...document.querySelectorAll('#register-table th')].map(t => t.textContent)",
    );
    assert!(
        heads.contains(&"移送机关".to_string()) && heads.contains(&"录入平台日期".to_string()),
        "{heads:?}"
    );
    assert!(
        app.wd.text("#nav a.active").contains("两法衔接"),
        "its own link is lit, not the general register's"
    );
    app.screenshot("44-transfer-register");

    // Its 台账 of the seed's year, with its own columns: the 36 entries of 2017.
    app.wd.click("#print-register-open");
    app.wd.find("#print-register");
    assert_eq!(
        app.wd.exec(
            "return document.querySelector('dialog[open] h2')?.textContent",
            json!([])
        ),
        json!("打印涉嫌犯罪案件移送台账")
    );
    app.wd.exec(
        "document.querySelector('#register-year').value = '2017'; return true",
        json!([]),
    );
    app.wd.click("#print-register-ok");
    let pdfs = crate::fixtures::wait_for_pdf(saved.path(), 1);
    let ledger = crate::fixtures::pdf_tool("pdftotext", &pdfs[0]).replace([' ', '\n'], "");
    for part in [
        "2017年度涉嫌犯罪案件移送登记台账",
        "涉嫌罪名",
        "移送审批",
        "（36件）",
    ] {
        assert!(ledger.contains(part), "«{part}» in {ledger}");
    }

    // The case just reported: the head's decision is due, in days.
    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::CrimeTransfer),
            title_contains: Some("加油站".into()),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    app.wd.goto(&format!("#/case/{}", row.id));
    app.wd
        .find("#status-actions button[data-to='transfer_refused']");
    assert!(app.wd.text("#case-deadlines").contains("移送审批期限"));
    assert_eq!(
        app.wd.text("#nav a.active"),
        "两法衔接",
        "its case lights its register"
    );
    assert!(app.wd.text("#case-fields").contains("涉嫌罪名"));

    // 不批准移送 without a reason: the dialog says what is missing, nothing is saved.
    let before = crate::support::digest(&app);
    app.wd
        .click("#status-actions button[data-to='transfer_refused']");
    app.wd.find("#advance");
    assert!(app.wd.text("#advance").contains("不批准移送的理由"));
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector('#advance .form-error:not([hidden])')?.textContent.includes('理由')",
        "the refusal for want of a reason",
    );
    assert_eq!(crate::support::digest(&app), before, "nothing saved");
    app.wd.type_into(
        "#advance-note",
        "涉案金额未达立案追诉标准，依法给予行政处罚",
    );
    app.screenshot("45-transfer-refusal");
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector(\".case-detail[data-status='transfer_refused']\")",
        "不批准移送",
    );
    assert!(app.wd.text("#case-fields").contains("立案追诉标准"));
    app.screenshot("46-transfer-refused");
}

/// The demo, with a second 案卷评查 round still under way (评查中) beside the demo's published one.
fn demo_and_a_round_under_way(store: &mut fashen::Store) {
    use fashen::actions::cases::{advance_case, register_case, Advance};
    demo(store);
    let today = store.clock().today();
    let fields: Vec<(String, String)> = [
        ("title", "2026年度专项案卷评查".to_string()),
        ("unit", "丹徒区司法局".to_string()),
        (
            "received",
            today.pred_opt().unwrap().pred_opt().unwrap().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let round = register_case(store, CaseKind::FileInspection, &fields, None).unwrap();
    advance_case(
        store,
        round.id,
        fashen::model::Status::Inspecting,
        &Advance::default(),
    )
    .unwrap();
}

/// 案卷评查: a round under way takes a file scored on its items (one scored above an item's points is refused in
/// the dialog and nothing is saved). The demo's published round ranks its units; its scores are fixed, but the
/// day a unit put a file right is recorded (a day to come refused), and each unit with problems gets its 整改通知
/// through the save dialog; its results export the same way.
#[test]
fn a_round_ranks_its_units_takes_files_and_sends_its_rectification_notices() {
    let (app, saved, _opened_log) = App::start_saving(demo_and_a_round_under_way);
    let round = |title: &str| {
        cases(
            &app.store(),
            CaseFilter {
                kind: Some(CaseKind::FileInspection),
                title_contains: Some(title.into()),
                ..Default::default()
            },
        )
        .rows
        .remove(0)
    };
    let running = round("专项");
    app.wd.goto(&format!("#/case/{}", running.id));
    app.wd.find("#inspected-files");
    assert_eq!(app.wd.text("#nav a.active"), "案卷评查");
    let id = fashen::ids::CaseId(running.id.parse().unwrap());
    app.wd.click("#new-inspected-file");
    app.wd.find("#inspected-file");
    app.wd
        .choose("#inspected-unit", &unit_id(&app.store(), "区教育局"));
    app.wd.type_into("#inspected-file-no", "徒教罚〔2026〕1号");
    // 证据 is worth 20: 25 is refused.
    app.wd.exec(
        "const i = document.querySelector('#inspected-scores input[data-item=\"证据\"]'); i.value = '25'; return true",
        json!([]),
    );
    let before = crate::support::digest(&app);
    app.wd.click("#inspected-file-ok");
    app.wd.wait_for(
        "document.querySelector('#inspected-file .form-error:not([hidden])')?.textContent.includes('超过该项满分20分')",
        "the refusal of 25 points out of 20",
    );
    assert_eq!(crate::support::digest(&app), before, "nothing saved");
    app.wd.exec(
        "const i = document.querySelector('#inspected-scores input[data-item=\"证据\"]'); i.value = '12.5'; return true",
        json!([]),
    );
    app.screenshot("49-inspected-file-dialog");
    app.wd.click("#inspected-file-ok");
    app.wd.wait_for(
        "document.querySelector('#inspected-files tr[data-target=\"徒教罚〔2026〕1号\"]')",
        "the file listed",
    );
    let files = app.store().inspected_files_of_case(id).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].total(), 925, "92.5 points: 7.5 off 证据");
    assert_eq!(
        files[0].grade,
        fashen::model::inspection::FileGrade::Excellent
    );

    // The demo's round: published, ranked; no file added to it any more.
    let published = round("年度行政执法");
    app.wd.goto(&format!("#/case/{}", published.id));
    app.wd.find("#inspected-files");
    let first = app.wd.text("#inspected-files tbody tr:first-child");
    assert!(first.contains("区生态环境局"), "{first}");
    assert_eq!(
        app.wd.exec(
            "return !!document.querySelector('#new-inspected-file')",
            json!([])
        ),
        json!(false),
        "published: no new files"
    );
    app.screenshot_of("48-inspection-round", "#inspected-files");

    // The failing file put right: a day to come is refused, today is recorded and shown.
    let failing = "#inspected-files tr[data-target='徒农罚〔2026〕4号']";
    app.wd.click(&format!("{failing} .edit-file"));
    app.wd.find("#inspected-rectified-on");
    assert_eq!(
        app.wd.exec(
            "return document.querySelector('#inspected-scores input').disabled",
            json!([])
        ),
        json!(true),
        "the published scores cannot be typed over"
    );
    let before = crate::support::digest(&app);
    app.wd.type_into("#inspected-rectified-on", "2099-01-05");
    app.wd.click("#inspected-file-ok");
    app.wd.wait_for(
        "document.querySelector('#inspected-file .form-error:not([hidden])')?.textContent.includes('晚于今天')",
        "a day to come refused",
    );
    assert_eq!(crate::support::digest(&app), before, "nothing saved");
    app.screenshot("52-inspected-file-put-right");
    let today = app.store().clock().today().to_string();
    app.wd.exec(
        "document.querySelector('#inspected-rectified-on').value = arguments[0]; return true",
        json!([today]),
    );
    app.wd.click("#inspected-file-ok");
    app.wd.wait_for(
        &format!("document.querySelector(\"{failing}\")?.textContent.includes('{today} 已整改')"),
        "the file shown as put right",
    );

    // The notices: every unit with problems, one file, through the save dialog.
    app.wd.click("#export-rectification-notices");
    app.wd.find("#notice-dialog");
    app.screenshot("51-rectification-notice-dialog");
    app.wd.click("#notice-dialog-ok");
    let pdfs = crate::fixtures::wait_for_pdf(saved.path(), 1);
    let text = crate::fixtures::pdf_tool("pdftotext", &pdfs[0]).replace([' ', '\n'], "");
    for part in [
        "关于2026年度行政执法案卷评查发现问题整改的通知",
        "区农业农村局：",
        "区城市管理局：",
        "不合格1份",
        "特此通知。",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    assert!(!text.contains("区生态环境局："), "no problems, no notice");

    // The results export the same way: the ranking, then every file.
    app.wd.click("#export-inspection-results");
    let files = crate::fixtures::wait_for_pdf(saved.path(), 2);
    let results = files
        .iter()
        .map(|f| crate::fixtures::pdf_tool("pdftotext", f))
        .find(|t| t.contains("按单位排名"))
        .expect("the results PDF");
    assert!(results.contains("区农业农村局"), "{results}");
}

/// 复议答复: 已答复, then 已作出复议决定 with the decision chosen in the step's own dialog.
#[test]
fn a_reconsideration_is_decided_with_its_decision_chosen_in_the_step() {
    let app = App::start_with(demo, &[]);
    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::Reconsideration),
            title_contains: Some("建材".into()),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    app.wd.goto(&format!("#/case/{}", row.id));
    app.wd.click("#status-actions button[data-to='replied']");
    app.wd.find("#advance");
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector(\".case-detail[data-status='replied']\")",
        "已答复",
    );
    app.wd
        .click("#status-actions button[data-to='reconsideration_decided']");
    app.wd.find("#advance-decision");
    app.wd.choose("#advance-decision", "upheld");
    app.screenshot("50-reconsideration-decision");
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector(\".case-detail[data-status='reconsideration_decided']\")",
        "已作出复议决定",
    );
    assert!(app.wd.text("#case-fields").contains("维持"));
}

/// 建议提案办理 (issue 21): under 督查督办, a suggestion registered through the form with its 会办单位 ticked; its
/// reply due in three months and the co-units' views in one; the 主办单位 ticked as its own co-unit refused with
/// nothing saved; 已答复 meets the reply.
#[test]
fn a_suggestion_is_registered_with_its_co_units_and_answered() {
    let app = App::start_with(demo, &[]);
    // The dashboard's month of 建议提案: the proposal assigned 12 days ago owes its co-unit's views in 18.
    app.wd.find("#deadlines-proposals");
    let month = app.wd.text("#deadlines-proposals");
    assert!(month.contains("老旧小区加装电梯"), "{month}");
    app.screenshot_of("56-dashboard-proposals", "#deadline-board");
    let groups = strings(
        &app,
        "[...document.querySelectorAll('#nav .nav-group')].map(g => g.textContent)",
    );
    assert!(groups.contains(&"督查督办".to_string()), "{groups:?}");
    app.wd.click("#nav a[data-route='/cases?kind=proposal']");
    app.wd.wait_for(
        "location.hash === '#/cases?kind=proposal' && document.querySelector('#register-table tbody tr')",
        "the 建议提案 register",
    );
    assert_eq!(app.wd.text(".page-header h1"), "建议提案办理登记簿");
    // The year's figures above the list, each saying how it is counted.
    let figures = app.wd.text("#proposal-figures");
    assert!(
        figures.contains("按时办复率") && figures.contains("满意率") && figures.contains("应答复"),
        "{figures}"
    );
    app.screenshot("53-proposal-register");

    app.wd.goto("#/cases/new?kind=proposal");
    app.wd.find("#case-form [data-field='co_units']");
    let today = app.store().clock().today();
    let assigned = today.pred_opt().unwrap().to_string();
    app.wd
        .type_into("#f-title", "关于完善城区公共自行车网点的建议");
    let education = unit_id(&app.store(), "区教育局");
    app.wd.choose("#f-unit", &education);
    app.wd.type_into("#f-received", &assigned);
    app.wd.choose("#f-category", "npc_suggestion");
    app.wd.type_into("#f-proposal_no", "第41号");
    app.wd.type_into("#f-lead", "王志远");
    let tick = |unit: &str| {
        app.wd.exec(
            "document.querySelector(`#case-form [data-field='co_units'] input[value='${arguments[0]}']`).click(); return true",
            json!([unit]),
        );
    };
    // The 主办单位 ticked as a co-unit too: refused, nothing saved.
    tick(&education);
    let before = crate::support::digest(&app);
    app.wd.click("#save-case");
    app.wd.wait_for(
        "[document.getElementById('error-co_units'), document.getElementById('form-error')].some(e => e && !e.hidden && e.textContent.includes('会办单位不能同时是主办单位'))",
        "the refusal of the 主办单位 as a co-unit",
    );
    assert_eq!(crate::support::digest(&app), before, "nothing saved");
    tick(&education);
    tick(&unit_id(&app.store(), "区城市管理局"));
    app.screenshot("54-new-proposal-form");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.querySelector('.case-detail')",
        "the suggestion's page",
    );
    let shown = app.wd.text("#case-deadlines");
    assert!(
        shown.contains("人大代表建议答复期限") && shown.contains("会办单位提出会办意见期限"),
        "{shown}"
    );
    assert!(app.wd.text("#case-fields").contains("区城市管理局"));
    app.screenshot("55-proposal-page");
    app.wd.click("#status-actions button[data-to='replied']");
    app.wd.find("#advance");
    app.wd.click("#advance-ok");
    app.wd.wait_for(
        "document.querySelector(\".case-detail[data-status='replied']\")",
        "已答复",
    );
    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::Proposal),
            title_contains: Some("公共自行车".into()),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    let case = fashen::actions::find_case(&app.store(), &row.id).unwrap();
    let view = fashen::actions::cases::case_view(&app.store(), case).unwrap();
    let reply = view
        .deadlines
        .deadlines
        .iter()
        .find(|d| d.deadline.key() == "proposal_reply")
        .map(|d| d.deadline.state);
    assert_eq!(reply, Some(fashen::deadlines::DeadlineState::Met));
}
