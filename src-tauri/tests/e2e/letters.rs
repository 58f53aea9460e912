//! A review letter drafted on the case page finding by finding and signed with its number.

use fashen::actions::cases::Advance;
use fashen::model::{CaseKind, Status};

use crate::fixtures::{demo, register};
use crate::support::App;

#[test]
fn a_letter_is_drafted_finding_by_finding_and_signed_with_its_number() {
    let app = App::start_with(demo, &[]);
    let case = {
        let mut store = app.store();
        let c = register(&mut store, CaseKind::Contract, "公交站台广告位租赁合同");
        fashen::actions::cases::advance_case(
            &mut store,
            c.id,
            Status::InReview,
            &Advance::default(),
        )
        .unwrap()
        .record
    };
    app.wd.goto(&format!("#/case/{}", case.id));
    app.wd.click("#new-letter");
    app.wd.find("#letter-form");
    app.wd.click("#add-finding");
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='clause']",
        "第五条",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='problem']",
        "租金调整机制约定不明确。",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='legal_basis']",
        "《中华人民共和国民法典》第五百一十条",
    );
    app.wd.type_into(
        "#findings li[data-index='0'] textarea[data-part='suggestion']",
        "明确租金调整的条件、幅度和程序。",
    );
    app.wd
        .type_into("#letter-conclusion", "建议按上述意见修改后签订。");
    app.screenshot("08-letter-editor");
    app.wd.click("#sign-letter");
    app.wd.click("#confirm-ok");
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the editor to close",
    );
    app.wd.wait_for(
        "document.querySelector('#letters li')?.textContent.includes('号')",
        "the signed letter",
    );
    let letters = app.store().letters_of_case(case.id).unwrap();
    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert_eq!(letter.findings.len(), 1);
    assert_eq!(
        letter.findings[0].legal_basis,
        "《中华人民共和国民法典》第五百一十条"
    );
    let number = letter
        .number
        .as_ref()
        .expect("signing gives a number")
        .to_string();
    assert!(app.wd.text("#letters").contains(&number), "{number}");
}
