//! Search (查找): the sidebar's box searches as one types, the results page shows where each word was found
//! with the hits marked (as text: a title that looks like HTML stays text), ↑/↓ move through the results and
//! Enter opens one; the results are the core's, filters narrow them.

use fashen::actions::search::{search, SearchRequest};
use fashen::model::CaseKind;
use serde_json::json;

use crate::fixtures::{demo, register, strings};
use crate::support::App;
use crate::webdriver::ENTER;

const ARROW_DOWN: &str = "\u{E015}";

fn total(app: &App, query: &str) -> u64 {
    search(
        &app.store(),
        &SearchRequest {
            query: query.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .total
}

fn results_for(app: &App, query: &str) {
    app.wd.wait_for(
        &format!(
            "location.hash.startsWith('#/search') && new URLSearchParams(location.hash.split('?')[1]).get('q') === {} \
             && document.getElementById('view').dataset.ready === location.hash",
            json!(query)
        ),
        "the results page",
    );
}

#[test]
fn the_sidebar_searches_as_one_types_and_enter_opens_the_case() {
    let hostile = "<img src=x onerror=\"document.title='pwned'\">关于保证金的咨询";
    let app = App::start_with(
        |store| {
            demo(store);
            register(store, CaseKind::Advice, hostile);
        },
        &[],
    );
    app.wd.goto("#/");
    app.wd.type_into("#quick-search", "保证金");
    results_for(&app, "保证金");
    // The focus stays in the box while the page follows it.
    assert_eq!(
        app.wd.exec("return document.activeElement.id", json!([])),
        json!("quick-search")
    );
    let n = total(&app, "保证金");
    assert!(n >= 2, "the demo year and the new case mention 保证金");
    assert!(
        app.wd
            .text("#search-summary")
            .starts_with(&format!("共 {n} 件")),
        "{}",
        app.wd.text("#search-summary")
    );
    // Every mark is the word, every result says where it was found.
    let marks = strings(
        &app,
        "[...document.querySelectorAll('#search-results mark')].map(m => m.textContent)",
    );
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m == "保证金"),
        "{marks:?}"
    );
    let places = strings(
        &app,
        "[...document.querySelectorAll('#search-results .search-place')].map(m => m.textContent)",
    );
    assert!(places.iter().all(|p| p.ends_with('：')), "{places:?}");
    assert_eq!(
        app.wd.exec(
            "return getComputedStyle(document.getElementById('search-more')).display",
            json!([])
        ),
        json!(if n > 20 { "inline-block" } else { "none" }),
        "「显示更多」 only when there is more"
    );
    app.screenshot("30-search-results");

    // The title that looks like HTML is shown as its text: no element made of it, no script run.
    app.wd.type_into("#quick-search", "onerror");
    results_for(&app, "onerror");
    let titles = strings(
        &app,
        "[...document.querySelectorAll('#search-results .search-title')].map(m => m.textContent)",
    );
    assert_eq!(titles, vec![hostile.to_string()]);
    assert_eq!(
        app.wd.exec(
            "return document.querySelectorAll('#search-results img').length",
            json!([])
        ),
        json!(0)
    );
    let hit = strings(
        &app,
        "[...document.querySelectorAll('#search-results mark')].map(m => m.textContent)",
    );
    assert!(hit.iter().all(|m| m == "onerror"), "{hit:?}");
    assert_ne!(
        app.wd.exec("return document.title", json!([])),
        json!("pwned")
    );
    app.screenshot("31-search-html-as-text");

    // ↓ from the box enters the list, ↓ again moves on, Enter opens the case there.
    app.wd.type_into("#quick-search", "合同");
    results_for(&app, "合同");
    app.wd.press(&[], ARROW_DOWN);
    app.wd.wait_for(
        "document.activeElement?.classList.contains('search-hit')",
        "the first result focused",
    );
    app.wd.press(&[], ARROW_DOWN);
    let second = app.wd.exec(
        "return document.querySelectorAll('#search-results a.search-hit')[1].getAttribute('href')",
        json!([]),
    );
    assert_eq!(
        app.wd.exec(
            "return document.activeElement.getAttribute('href')",
            json!([])
        ),
        second
    );
    app.wd.press(&[], ENTER);
    let href = second.as_str().unwrap().to_string();
    app.wd.wait_for(
        &format!(
            "location.hash === {} && document.getElementById('view').dataset.ready === location.hash",
            json!(href)
        ),
        "the case opened",
    );

    // Enter in the box opens the best result at once; Back returns to the results, not the case again.
    app.wd
        .type_into("#quick-search", &format!("咨询 onerror{ENTER}"));
    app.wd.wait_for(
        "location.hash.startsWith('#/case/') && document.getElementById('view').dataset.ready === location.hash",
        "the best result opened",
    );
    assert_eq!(app.wd.text(".page-header h1"), hostile);
    app.wd.exec("history.back()", json!([]));
    app.wd.wait_for(
        "location.hash.startsWith('#/search') && !location.hash.includes('open=') \
         && document.getElementById('view').dataset.ready === location.hash",
        "back to the results",
    );
}

#[test]
fn the_results_page_filters_and_shows_more() {
    let app = App::start_with(
        |store| {
            demo(store);
            for i in 0..30 {
                register(store, CaseKind::Contract, &format!("第{i}号物业服务合同"));
            }
        },
        &[],
    );
    app.wd.goto("#/search?q=物业服务");
    let n = total(&app, "物业服务");
    assert!(n > 30);
    assert_eq!(
        app.wd.exec(
            "return document.querySelectorAll('#search-results li').length",
            json!([])
        ),
        json!(20)
    );
    app.wd.click("#search-more");
    app.wd.wait_for(
        &format!(
            "document.querySelectorAll('#search-results li').length === {}",
            n.min(40)
        ),
        "the next twenty",
    );
    // A filter narrows to what the core finds with it.
    app.wd.choose("#search-kind", "normative_doc");
    app.wd.wait_for(
        "location.hash.includes('kind=normative_doc') && document.getElementById('view').dataset.ready === location.hash",
        "the filtered results",
    );
    let filtered = search(
        &app.store(),
        &SearchRequest {
            query: "物业服务".into(),
            kind: Some(CaseKind::NormativeDoc),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        app.wd.exec(
            "return document.querySelectorAll('#search-results li').length",
            json!([])
        ),
        json!(filtered.results.len())
    );
    // The register's other filters too: the submitting unit, with the kind still chosen cleared.
    app.wd.goto("#/search?q=物业服务");
    app.wd.wait_for(
        "document.getElementById('view').dataset.ready === location.hash",
        "the unfiltered results",
    );
    let unit = crate::fixtures::unit_id(&app.store(), "区住房和城乡建设局");
    app.wd.choose("#search-unit", &unit);
    app.wd.wait_for(
        &format!(
            "location.hash.includes('unit={unit}') && document.getElementById('view').dataset.ready === location.hash"
        ),
        "the results of one unit",
    );
    let of_unit = search(
        &app.store(),
        &SearchRequest {
            query: "物业服务".into(),
            unit_id: Some(unit.parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        of_unit.total >= 30 && of_unit.total < n,
        "{} of {n}",
        of_unit.total
    );
    assert!(
        app.wd
            .text("#search-summary")
            .starts_with(&format!("共 {} 件", of_unit.total)),
        "{}",
        app.wd.text("#search-summary")
    );
    // A lone surrogate pasted into the box is no error.
    app.wd.exec(
        "const i = document.getElementById('search-query'); i.value = '物业\\uD800'; \
         i.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));",
        json!([]),
    );
    app.wd.wait_for(
        "document.getElementById('view').dataset.ready === location.hash && !!document.getElementById('search-summary')",
        "the page after a broken paste",
    );
    assert!(!app.wd.text("#search-summary").is_empty());
    assert_eq!(
        app.wd.exec(
            "return document.querySelectorAll('.error-panel').length",
            json!([])
        ),
        json!(0)
    );
}
