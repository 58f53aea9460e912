//! The register (台账): filters by kind, status, unit and title, the quick search, and paging.

use fashen::model::{CaseKind, Status};
use fashen::store::CaseFilter;
use serde_json::json;

use crate::fixtures::{cases, column, demo, register, unit_id};
use crate::support::App;

#[test]
fn the_register_filters_by_kind_status_unit_and_title_and_pages() {
    let app = App::start_with(demo, &[]);
    let store = app.store();
    app.wd.goto("#/cases");
    let total = store.case_count().unwrap();
    assert_eq!(app.wd.text("#register-total"), format!("共 {total} 件"));

    app.wd.choose("#filter-kind", "contract");
    app.wd.wait_for(
        "location.hash.includes('kind=contract') && document.getElementById('view').dataset.ready === location.hash",
        "the filtered list",
    );
    let contracts = cases(
        &store,
        CaseFilter {
            kind: Some(CaseKind::Contract),
            ..Default::default()
        },
    );
    app.wd.wait_for(
        &format!(
            "document.getElementById('register-total')?.textContent === '共 {} 件'",
            contracts.total
        ),
        "the contract count",
    );
    let kinds = column(&app, "col-kind");
    assert_eq!(kinds.len() as u64, contracts.total.min(50));
    assert!(kinds.iter().all(|k| k == "合同"), "{kinds:?}");
    // The matter's name has the width, not the unit: no name wraps onto a third line.
    let tall = app.wd.exec(
        "return [...document.querySelectorAll('#register-table td.col-title')].filter(td => { \
           const r = document.createRange(); r.selectNodeContents(td.firstChild); return r.getClientRects().length > 2; \
         }).map(td => td.textContent)",
        serde_json::json!([]),
    );
    assert_eq!(tall, serde_json::json!([]), "titles on three lines");
    app.screenshot("07-register-filtered");

    // Status, then unit: each narrows to what the core counts.
    app.wd.goto("#/cases?status=in_review");
    let in_review = cases(
        &store,
        CaseFilter {
            status: Some(Status::InReview),
            ..Default::default()
        },
    );
    assert_eq!(
        app.wd.text("#register-total"),
        format!("共 {} 件", in_review.total)
    );
    let unit = unit_id(&store, "区住房和城乡建设局");
    app.wd.goto(&format!("#/cases?unit={unit}"));
    let by_unit = cases(
        &store,
        CaseFilter {
            unit_id: Some(unit.parse().unwrap()),
            ..Default::default()
        },
    );
    assert_eq!(
        app.wd.text("#register-total"),
        format!("共 {} 件", by_unit.total)
    );
    assert!(column(&app, "col-unit")
        .iter()
        .all(|u| u == "区住房和城乡建设局"));

    // The title filter still narrows the register.
    app.wd.goto("#/cases?title=合同");
    let titles = column(&app, "col-title");
    assert!(
        !titles.is_empty() && titles.iter().all(|t| t.contains("合同")),
        "{titles:?}"
    );
}

#[test]
fn paging_walks_the_register_fifty_at_a_time() {
    let app = App::start_with(
        |store| {
            demo(store);
            for i in 0..70 {
                register(store, CaseKind::Advice, &format!("法律咨询第{i}号"));
            }
        },
        &[],
    );
    let total = app.store().case_count().unwrap();
    let pages = total.div_ceil(50);
    app.wd.goto("#/cases");
    assert_eq!(app.wd.text("#page-info"), format!("第 1 / {pages} 页"));
    let first_page = app.wd.exec(
        "return document.querySelector('#register-table tbody tr').dataset.regNo;",
        json!([]),
    );
    app.wd.click("#page-next");
    app.wd.wait_for(
        "location.hash.includes('page=2') && document.getElementById('view').dataset.ready === location.hash",
        "page 2",
    );
    assert_eq!(app.wd.text("#page-info"), format!("第 2 / {pages} 页"));
    let second_page = app.wd.exec(
        "return document.querySelector('#register-table tbody tr').dataset.regNo;",
        json!([]),
    );
    assert_ne!(first_page, second_page);
    let rows = app.wd.exec(
        "return document.querySelectorAll('#register-table tbody tr').length;",
        json!([]),
    );
    assert_eq!(rows, json!(50.min(total - 50)));
}
