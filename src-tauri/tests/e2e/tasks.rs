//! 法治政府建设 key tasks (issue 21): the dashboard's overdue and month's tasks by unit; the year's plan under
//! 督查督办 with each lead unit's counts; a table pasted from Excel checked row by row (the bad row named,
//! nothing written until the import) and its good rows imported; a unit's progress reported; the 推进情况表
//! saved through the dialog and read back.

use fashen::model::CaseKind;
use fashen::store::CaseFilter;
use serde_json::json;

use crate::fixtures::{cases, demo};
use crate::support::App;

#[test]
fn a_plan_imports_a_pasted_table_takes_progress_and_prints_its_progress_sheet() {
    let (app, saved, _opened_log) = App::start_saving(demo);
    // The dashboard: who has tasks overdue, and what falls due this month.
    app.wd.find("#task-board");
    let board = app.wd.text("#task-board");
    assert!(board.contains("逾期未完成：丹徒区司法局"), "{board}");
    app.screenshot_of("57-dashboard-tasks", "#task-board");

    app.wd.click("#nav a[data-route='/cases?kind=task_plan']");
    app.wd.wait_for(
        "location.hash === '#/cases?kind=task_plan' && document.querySelectorAll('#register-table tbody tr').length === 2",
        "the plans' register: 2017's and this year's",
    );
    app.screenshot("58-plan-register");

    let year = app.store().clock().today().format("%Y").to_string();
    let plan = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::TaskPlan),
            title_contains: Some(format!("{year}年")),
            ..Default::default()
        },
    )
    .rows
    .remove(0);
    app.wd.goto(&format!("#/case/{}", plan.id));
    app.wd.find("#key-tasks #task-units");
    assert!(app.wd.text("#task-totals").contains("逾期未完成"));
    app.screenshot_of("59-plan-tasks", "#key-tasks");
    // Only the overdue ones.
    app.wd.click("#task-overdue-only");
    app.wd.wait_for(
        "(() => { const rows = [...document.querySelectorAll('#task-list tr[data-no]')]; return rows.length > 0 && rows.every(r => r.dataset.overdue === 'true'); })()",
        "the overdue tasks only",
    );

    // A table pasted from Excel: a title line, the header, one good row and one whose unit is not registered.
    app.wd.click("#import-key-tasks");
    app.wd.find("#import-text");
    app.wd.exec(
        "const t = document.getElementById('import-text'); t.value = arguments[0]; return true",
        json!([format!(
            "{year}年补充任务\n序号\t工作任务\t牵头部门\t完成时限\t成果形式\n17\t编制行政执法事项清单\t区司法局\t12月底前\t清单\n18\t开展执法人员资格清理\t区不存在局\t全年\t台账\n"
        )]),
    );
    let before = crate::support::digest(&app);
    app.wd.click("#import-check");
    app.wd.wait_for(
        "document.getElementById('import-summary') && document.getElementById('import-summary').textContent.includes('1 项可以导入，1 行有问题')",
        "the preview of the pasted table",
    );
    let preview = app.wd.text("#import-preview");
    assert!(preview.contains("区不存在局"), "{preview}");
    assert_eq!(
        crate::support::digest(&app),
        before,
        "a preview writes nothing"
    );
    app.screenshot("60-task-import-preview");
    app.wd.click("#import-commit");
    app.wd.wait_for(
        "document.querySelector('#task-list tr[data-no=\"17\"]')",
        "the imported task on the plan's page",
    );
    let titles = crate::fixtures::strings(
        &app,
        "[...document.querySelectorAll('#task-list tr[data-no]')].map(r => r.dataset.no)",
    );
    assert!(titles.contains(&"17".to_string()), "{titles:?}");
    assert!(!titles.contains(&"18".to_string()), "{titles:?}");

    // 登记进展 on the new task: it is under way from then on.
    app.wd.exec(
        "document.querySelector('#task-list tr[data-no=\"17\"] .report-task').click(); return true",
        json!([]),
    );
    app.wd.find("#progress-text");
    app.wd
        .type_into("#progress-text", "已梳理12个部门的执法事项，正在汇总。");
    app.wd.click("#task-progress-ok");
    app.wd.wait_for(
        "document.querySelector('#task-list tr[data-no=\"17\"][data-status=\"in_progress\"] .progress-notes')",
        "the progress on task 17",
    );

    // The 推进情况表 through the save dialog, read back.
    app.wd.click("#export-progress-sheet");
    app.wd.find("#progress-sheet-file");
    app.wd.click("#progress-sheet-ok");
    let pdfs = crate::fixtures::wait_for_pdf(saved.path(), 1);
    let text = crate::fixtures::pdf_tool("pdftotext", &pdfs[0]).replace([' ', '\n'], "");
    for part in [
        "法治政府建设工作要点推进情况",
        "丹徒区司法局",
        "逾期未完成（任务序号）",
        "合计",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
}

/// 选项列表: the office adds a 办理类别 of its own in 设置, and the 建议提案 form offers it at once; a code with a
/// space is refused in the panel and nothing is saved.
#[test]
fn an_office_adds_a_handling_class_and_the_proposal_form_offers_it() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/settings");
    app.wd
        .find("#choices .choice-list[data-list='handling_class'] .choice-code");
    let list = "#choices .choice-list[data-list='handling_class']";
    let before = crate::support::digest(&app);
    app.wd.type_into(&format!("{list} .choice-code"), "D 1");
    app.wd.type_into(&format!("{list} .choice-label"), "已办结");
    app.wd.click(&format!("{list} button[type='submit']"));
    app.wd.wait_for(
        "document.querySelector('#choices .form-error, #choices [role=alert]') && document.querySelector('#choices').textContent.includes('不含空格')",
        "the refusal of a code with a space",
    );
    assert_eq!(crate::support::digest(&app), before, "nothing saved");
    app.wd.exec(
        "const c = document.querySelector(arguments[0] + ' .choice-code'); c.value = ''; return true",
        json!([list]),
    );
    app.wd.type_into(&format!("{list} .choice-code"), "d");
    app.wd.click(&format!("{list} button[type='submit']"));
    app.wd.wait_for(
        "document.querySelector(\"#choices .choice-list[data-list='handling_class'] li[data-code='D']\")",
        "D in the list",
    );
    app.screenshot_of("61-settings-choices", "#choices");

    app.wd.goto("#/cases/new?kind=proposal");
    app.wd.find("#f-handling_class");
    let offered = crate::fixtures::strings(
        &app,
        "[...document.querySelectorAll('#f-handling_class option')].map(o => o.textContent)",
    );
    assert!(offered.contains(&"D（已办结）".to_string()), "{offered:?}");
    assert!(
        offered.contains(&"B（正在解决或列入计划）".to_string()),
        "{offered:?}"
    );
}

/// 答复函: a 建议提案's new letter is the 主办单位's reply to the deputy, written in sections and closing with
/// thanks (no review findings offered); exported through the dialog, it carries the 办理类别 B at the top right.
#[test]
fn a_suggestion_s_reply_letter_is_drafted_and_exported_with_its_class() {
    let (app, saved, _opened_log) = App::start_saving(demo);
    let row = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::Proposal),
            title_contains: Some("校园周边交通安全".into()),
            ..Default::default()
        },
    )
    .rows
    .into_iter()
    .find(|r| {
        r.reg_no
            .starts_with(&app.store().clock().today().format("%Y").to_string())
    })
    .expect("this year's suggestion");
    app.wd.goto(&format!("#/case/{}", row.id));
    app.wd.click("#new-letter");
    app.wd.find("#letter-form");
    let form = app.wd.text("#letter-form");
    assert!(
        form.contains("结束语") && form.contains("办理情况"),
        "{form}"
    );
    assert!(
        app.wd
            .exec("return !document.getElementById('add-finding')", json!([]))
            .as_bool()
            .unwrap(),
        "a reply offers no review findings"
    );
    let addressee = app.wd.exec(
        "return document.getElementById('letter-addressee').value",
        json!([]),
    );
    assert!(addressee.as_str().unwrap().ends_with("代表"), "{addressee}");
    app.screenshot("62-reply-letter-editor");
    app.wd.click("#export-letter");
    let pdfs = crate::fixtures::wait_for_pdf(saved.path(), 1);
    let text = crate::fixtures::pdf_tool("pdftotext", &pdfs[0]);
    let above_head: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| *l != "区教育局")
        .collect();
    assert!(
        above_head.contains(&"B"),
        "the class above the 主办单位's head: {text}"
    );
    assert!(text.contains("号建议的答复"), "{text}");
}
