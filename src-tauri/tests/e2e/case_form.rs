//! The new-case form: a case registered through it is saved and opens; an invalid form shows the error and
//! saves nothing.

use fashen::model::CaseKind;
use fashen::store::CaseFilter;
use serde_json::json;

use crate::fixtures::{cases, demo, unit_id};
use crate::support::{digest, App};

#[test]
fn a_case_registered_through_the_form_is_saved_and_opens() {
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/cases/new?kind=contract");
    app.wd.find("#case-form [data-field='counterparty']");
    app.screenshot("03-new-case-form");
    let unit = unit_id(&app.store(), "区住房和城乡建设局");
    app.wd.type_into("#f-title", "城区公交线路运营服务采购合同");
    app.wd.choose("#f-unit", &unit);
    app.wd.type_into("#f-amount", "120万");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.querySelector('.case-detail')",
        "the new case's page",
    );

    let title = app.wd.text(".page-header h1");
    assert_eq!(title, "城区公交线路运营服务采购合同");
    let rows = cases(
        &app.store(),
        CaseFilter {
            title_contains: Some("城区公交线路".into()),
            ..Default::default()
        },
    );
    assert_eq!(rows.total, 1, "exactly one case was saved");
    let row = &rows.rows[0];
    assert_eq!(row.kind, CaseKind::Contract);
    assert_eq!(row.unit_name, "区住房和城乡建设局");
    assert!(app.wd.text(".page-header .subtitle").contains(&row.reg_no));
    assert!(
        app.wd.text("#case-fields").contains("1,200,000 元"),
        "{}",
        app.wd.text("#case-fields")
    );
}

#[test]
fn an_invalid_form_shows_the_error_and_saves_nothing() {
    let app = App::start_with(demo, &[]);
    let before = digest(&app);
    app.wd.goto("#/cases/new?kind=normative_doc");

    // Checked as typed: an empty title and an impossible date.
    app.wd.type_into("#f-received", "2017-02-30");
    app.wd.wait_for(
        "!document.getElementById('error-received').hidden",
        "the date error",
    );
    assert_eq!(
        app.wd.text("#error-received"),
        "收文日期：2017年2月没有30日，请检查日期"
    );
    app.wd.click("#save-case");
    app.wd.wait_for(
        "!document.getElementById('form-error').hidden",
        "the form error",
    );
    assert!(app.wd.text("#form-error").contains("事项名称：不能为空"));
    app.screenshot("04-invalid-form");

    // Refused by the core: the dates are each valid, but a document cannot take effect before it is published.
    let unit = unit_id(&app.store(), "区市场监督管理局");
    app.wd.type_into("#f-received", "2026-03-02");
    app.wd
        .type_into("#f-title", "关于规范市场主体登记的若干规定");
    app.wd.choose("#f-unit", &unit);
    app.wd.type_into("#f-published_on", "2026-05-10");
    app.wd.type_into("#f-effective_on", "2026-05-01");
    app.wd.click("#save-case");
    app.wd.wait_for(
        "document.getElementById('form-error').textContent.includes('施行日期')",
        "the core's refusal",
    );
    let message = app.wd.text("#form-error");
    assert!(
        message.contains("施行日期") && message.contains("公布日期"),
        "{message}"
    );
    assert!(app
        .wd
        .exec("return location.hash;", json!([]))
        .as_str()
        .unwrap()
        .starts_with("#/cases/new"));
    assert_eq!(
        digest(&app),
        before,
        "a refused form must not change the database"
    );
}
