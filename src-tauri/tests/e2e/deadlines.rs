//! Deadlines on the dashboard, the register and the case page; the work calendar and the rule table, and what
//! a new year's notice or a changed rule moves.

use fashen::model::CaseKind;
use serde_json::json;

use crate::fixtures::{demo, strings, with_materials, with_materials_on};
use crate::support::{digest, App};

#[test]
fn deadlines_show_on_the_dashboard_register_and_case_page_and_a_new_years_notice_reports_what_moved(
) {
    let (late, year_end) = (std::cell::RefCell::new(None), std::cell::RefCell::new(None));
    let app = App::start_with(
        |s| {
            demo(s);
            // Overdue whatever today is; and one whose clock runs into 2027, whose notice is not yet in.
            *late.borrow_mut() = Some(with_materials(
                s,
                CaseKind::Contract,
                "早已逾期的物业服务合同",
                "2020-06-01",
            ));
            // Registered on 2026-12-28, before 2027's notice is out.
            *year_end.borrow_mut() = Some(with_materials_on(
                s,
                "2026-12-28",
                CaseKind::NormativeDoc,
                "年末收到的停车管理办法",
                "2026-12-24",
            ));
        },
        &[],
    );
    let late = late.into_inner().unwrap();
    let year_end = year_end.into_inner().unwrap();

    // The dashboard: the overdue case is in the red list with its light.
    app.wd.find("#deadlines-overdue");
    let overdue = strings(
        &app,
        "[...document.querySelectorAll('#deadlines-overdue tbody tr')].map(tr => tr.dataset.regNo + ':' + tr.dataset.urgency)",
    );
    assert!(
        overdue.contains(&format!("{}:overdue", late.reg_no)),
        "{overdue:?}"
    );
    // A document past its expiry waits in its own red list, not among those about to expire.
    let expired = app.wd.text("#deadlines-expired");
    assert!(expired.contains("已届满"), "{expired}");
    assert!(
        !app.wd.text("#deadlines-validity").contains("已届满"),
        "{}",
        app.wd.text("#deadlines-validity")
    );
    // Each case once: a case with both filing channels overdue is one row, its channels inside it.
    let rows = strings(
        &app,
        "[...document.querySelectorAll('#deadline-board tbody tr')].map(tr => tr.dataset.id)",
    );
    let mut once = rows.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), rows.len(), "a case listed twice: {rows:?}");
    assert!(
        app.wd
            .exec(
                "return !!document.querySelector('#deadlines-overdue tbody tr .rule-label.also')",
                serde_json::json!([])
            )
            .as_bool()
            .unwrap(),
        "the second channel in its case's row"
    );
    // The status counts are on the first screen, above the deadline lists.
    assert!(
        app.wd
            .exec(
                "const r = document.getElementById('status-counts').getBoundingClientRect(); \
                 return r.bottom <= window.innerHeight && r.top < document.getElementById('deadline-board').getBoundingClientRect().top",
                serde_json::json!([])
            )
            .as_bool()
            .unwrap(),
        "the status counts above the fold"
    );
    app.screenshot("20-dashboard-deadlines");

    // The expired document's page: its validity beside its case's stage, each in its own words.
    app.wd.click("#deadlines-expired tbody tr td.col-title");
    app.wd.wait_for(
        "document.getElementById('validity')",
        "the document's validity",
    );
    let validity = app.wd.text("#validity");
    assert!(
        validity.contains("已届满") && validity.contains("待清理"),
        "{validity}"
    );
    assert!(app.wd.text(".page-header").contains("届满前评估"));
    app.screenshot("20b-case-validity");

    // The register sorted by due date: the 2020 deadline first, shown red.
    app.wd.goto("#/cases");
    app.wd.click("#sort-due");
    app.wd
        .wait_for("location.hash.includes('sort=due')", "the due-date order");
    app.wd.wait_for(
        "document.getElementById('view').dataset.ready === location.hash",
        "the sorted register",
    );
    let first = strings(
        &app,
        "[...document.querySelectorAll('#register-table tbody tr')].slice(0, 1).map(tr => tr.dataset.regNo + ':' + tr.querySelector('.col-due').dataset.due)",
    );
    assert_eq!(first, vec![format!("{}:2020-06-08", late.reg_no)]);
    app.screenshot("21-register-by-due-date");

    // The case page: the rule, its number, its source and the trigger date.
    app.wd.goto(&format!("#/case/{}", year_end.id));
    let item = "#case-deadlines li[data-rule='normative_review']";
    app.wd.find(item);
    assert_eq!(
        strings(
            &app,
            &format!("[document.querySelector(\"{item}\").dataset.due]")
        ),
        vec!["2027-01-14".to_string()],
        "2027 counted Monday to Friday while its notice is missing"
    );
    let text = app.wd.text(item);
    assert!(
        text.contains("暂定日历") && text.contains("15个工作日") && text.contains("115号"),
        "{text}"
    );

    // The calendar screen: 2026 as twelve months, National Day off and the Saturday after worked.
    app.wd.goto("#/calendar?year=2026");
    app.wd
        .find("#calendar-year .day[data-date='2026-10-01'].holiday");
    app.wd
        .find("#calendar-year .day[data-date='2026-10-10'].make_up_workday");
    app.wd.find("[data-missing-year='2027']");
    app.screenshot("22-calendar");

    // A year typed wrongly (a weekday as a make-up day) is refused in the form; nothing is stored.
    let before = digest(&app);
    app.wd.click("#enter-year");
    app.wd.find("#year-form");
    app.wd.type_into("#year-source", "国办发明电〔2026〕测试");
    app.wd
        .type_into("#year-holidays", "元旦 2027-01-01/2027-01-03");
    app.wd.type_into("#year-workdays", "春节 2027-02-10");
    app.wd.click("#year-form-ok");
    app.wd.wait_for(
        "!document.querySelector('#year-form .form-error').hidden",
        "the refusal",
    );
    let msg = app.wd.text("#year-form .form-error");
    assert!(msg.contains("不是周末"), "{msg}");
    assert_eq!(digest(&app), before, "a refused year changes nothing");

    // Corrected: saved, and the deadline that moved is listed old → new.
    app.wd.exec(
        "document.getElementById('year-workdays').value = '';",
        json!([]),
    );
    app.wd.click("#year-form-ok");
    app.wd.find("#moves-report");
    let report = app.wd.text("#moves-report");
    assert!(
        report.contains(&format!(
            "{} 规范性文件合法性审核期限：2027年1月14日 → 2027年1月15日",
            year_end.reg_no
        )),
        "{report}"
    );
    app.screenshot("23-calendar-moves");
    app.wd.click("#moves-ok");
    // Closing the report reloads the calendar screen; wait for it, or that reload could land after the next
    // navigation and replace it.
    app.wd.wait_for(
        "!document.querySelector('dialog[open]') && document.querySelector(\"#calendar-years tr[data-year='2027']\") && document.getElementById('view').dataset.ready === location.hash",
        "the calendar screen listing 2027",
    );

    // The case page now says what moved and why; the warning is gone.
    app.wd.goto(&format!("#/case/{}", year_end.id));
    app.wd.find("#deadline-moves");
    let moves = app.wd.text("#deadline-moves");
    assert!(
        moves.contains("2027年1月14日 → 2027年1月15日") && moves.contains("录入2027年工作日历"),
        "{moves}"
    );
    assert!(!app.wd.text(item).contains("暂定日历"));
    app.screenshot("24-case-deadlines");

    // A rule edited on the rule table: a nonsense number is refused, a real one moves the open deadlines.
    app.wd.goto("#/calendar");
    app.wd
        .click("#rules tr[data-rule='contract_review'] button");
    app.wd.find("#rule-form");
    let before = digest(&app);
    app.wd.exec(
        "document.getElementById('rule-amount').value = '0';",
        json!([]),
    );
    app.wd.click("#rule-form-ok");
    app.wd.wait_for(
        "!document.querySelector('#rule-form .form-error').hidden",
        "the refusal",
    );
    assert!(app.wd.text("#rule-form .form-error").contains("应为 1—250"));
    assert_eq!(digest(&app), before, "a refused rule changes nothing");
    app.wd.exec(
        "document.getElementById('rule-amount').value = '7';",
        json!([]),
    );
    app.wd
        .type_into("#rule-local-source", "《丹徒区政府合同管理办法》第八条");
    app.wd.click("#rule-form-ok");
    app.wd.find("#moves-report");
    let report = app.wd.text("#moves-report");
    assert!(
        report.contains(&format!(
            "{} 政府合同合法性审查期限：2020年6月8日 → 2020年6月10日",
            late.reg_no
        )),
        "{report}"
    );
    app.wd.click("#moves-ok");
    app.wd.wait_for(
        "document.querySelector(\"#rules tr[data-rule='contract_review'] .rule-period\")?.textContent === '7个工作日'",
        "the rule table showing the new number",
    );
    // A local rule shows the office's own citation; a national one its law and article.
    let row = app.wd.text("#rules tr[data-rule='contract_review']");
    assert!(
        row.contains("按本地规定设置")
            && row.contains("本地依据：《丹徒区政府合同管理办法》第八条"),
        "{row}"
    );
    let national = app.wd.text("#rules tr[data-rule='public_comment_minimum']");
    assert!(
        national.contains("全国统一") && national.contains("第十五条"),
        "{national}"
    );
    app.screenshot_of("25-rules", "#rules");
    // The 24 hours of a transfer open as hours, and saved as they are stay hours.
    app.wd
        .click("#rules tr[data-rule='transfer_dispatch'] button");
    app.wd.find("#rule-form");
    assert_eq!(
        app.wd.exec(
            "return document.getElementById('rule-unit').value",
            json!([])
        ),
        json!("hours")
    );
    app.wd
        .type_into("#rule-local-source", "本市两法衔接工作办法第六条");
    app.wd.click("#rule-form-ok");
    app.wd.wait_for(
        "document.querySelector(\"#rules tr[data-rule='transfer_dispatch']\")?.textContent.includes('本市两法衔接工作办法') && document.querySelector(\"#rules tr[data-rule='transfer_dispatch'] .rule-period\")?.textContent === '24小时'",
        "the rule saved, still 24 hours",
    );
    let report = app.store().check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}
