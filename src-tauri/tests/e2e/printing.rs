//! Printing: a letter's preview and PDF export (with the clause library), a case's form, forms in a batch,
//! the register, and the fonts listed in the settings.

use fashen::model::CaseKind;
use fashen::store::CaseFilter;
use serde_json::json;

use crate::fixtures::{
    cases, demo, pdf_pages, pdf_tool, pdfs, register, wait_for_files, wait_for_pdf,
};
use crate::support::{digest, shell, App, Shell};
use crate::webdriver::ESCAPE;

#[test]
fn a_letter_previews_as_it_prints_and_exports_with_forms_and_the_register() {
    let (app, saved, opened_log) = App::start_saving(demo);
    let case = {
        let mut store = app.store();
        let c = register(
            &mut store,
            CaseKind::NormativeDoc,
            "丹徒区城市道路挖掘管理暂行规定",
        );
        fashen::actions::letters::new_letter(
            &mut store,
            &c,
            None,
            None,
            &fashen::actions::letters::LetterEdit {
                add_findings: (0..6)
                    .map(|i| fashen::model::Finding {
                        clause: format!("第{}条", i + 2),
                        problem: "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围".into(),
                        legal_basis: "《中华人民共和国行政许可法》第十七条".into(),
                        suggestion: "删除该条款，或改为引导性表述".into(),
                    })
                    .collect(),
                ..Default::default()
            },
        )
        .unwrap();
        c
    };
    app.wd.goto(&format!("#/case/{}", case.id));
    app.wd.click("#letters li button");
    app.wd.wait_for(
        "document.querySelectorAll('#letter-preview img').length >= 2",
        "the preview's pages",
    );
    // A finding from the clause library, found by a word of it.
    app.wd.click("#add-from-library");
    app.wd.type_into("#clause-search", "行政处罚法 第十六条");
    app.wd.wait_for(
        "document.querySelectorAll('#clause-results li[data-clause-id]').length === 1",
        "one entry matching both words",
    );
    app.screenshot("28-clause-library");
    app.wd.click("#clause-results li[data-clause-id] button");
    app.wd.wait_for(
        "document.querySelectorAll('#findings li').length === 7",
        "the finding added from the library",
    );
    let added = app.wd.exec(
        "return document.querySelector(\"#findings li[data-index='6'] textarea[data-part='legal_basis']\").value;",
        json!([]),
    );
    assert_eq!(added, json!("《中华人民共和国行政处罚法》第十六条"));

    // The preview follows the typing: a long conclusion adds to the pages.
    let settled = "document.querySelector('#letter-preview').dataset.busy === '0'";
    app.wd.wait_for(settled, "the preview drawn");
    let pages_before = app
        .wd
        .exec(
            "return document.querySelectorAll('#letter-preview img').length;",
            json!([]),
        )
        .as_u64()
        .unwrap();
    app.wd.type_into(
        "#letter-conclusion",
        "经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。",
    );
    // Then some sixty more lines, set as a paste would (typing them key by key takes long).
    app.wd.exec(
        "const t = document.querySelector('#letter-conclusion');
         t.value += '\\n' + '经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。'.repeat(50);
         t.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    app.wd.wait_for(
        &format!(
            "{settled} && document.querySelectorAll('#letter-preview img').length > {pages_before}"
        ),
        "the preview to grow with the conclusion",
    );
    app.wd.wait_for(
        "[...document.querySelectorAll('#letter-preview img')].every(i => i.complete && i.naturalWidth > 500)",
        "the pages drawn",
    );
    // 抄送, typed once with 、 between the offices.
    app.wd.type_into("#letter-cc", "区人民政府办公室、市司法局");
    app.screenshot("26-letter-preview");

    // Export: the draft is saved first, the PDF goes where the save dialog says and opens in the viewer; it has
    // as many pages as the preview showed.
    app.wd.wait_for(settled, "the preview drawn with the 抄送");
    let preview_pages = app
        .wd
        .exec(
            "return document.querySelectorAll('#letter-preview img').length;",
            json!([]),
        )
        .as_u64()
        .unwrap() as usize;
    app.wd.click("#export-letter");
    let files = wait_for_pdf(saved.path(), 1);
    assert_eq!(files.len(), 1, "one PDF written");
    let letter_pdf = &files[0];
    assert_eq!(
        pdf_pages(letter_pdf),
        preview_pages,
        "the preview shows the PDF's pages"
    );
    let text: String = pdf_tool("pdftotext", letter_pdf)
        .split_whitespace()
        .collect();
    assert!(
        text.contains("经审查，该文件按上述意见修改后"),
        "the unsaved conclusion was saved and printed"
    );
    assert!(text.contains("草稿"));
    assert!(
        text.contains("一、审核依据《中华人民共和国行政处罚法》"),
        "a new letter starts with the kind's usual basis"
    );
    assert!(
        text.contains("抄送：区人民政府办公室，市司法局。"),
        "{text}"
    );
    // The same letter for Word, where the draft goes round the office: a .docx beside it.
    app.wd.click("#export-letter-docx");
    let docx = wait_for_files(saved.path(), "docx", 1);
    assert_eq!(docx.len(), 1, "one Word document written");
    assert!(
        std::fs::read(&docx[0]).unwrap().starts_with(b"PK"),
        "a zip, as a .docx is"
    );
    if shell() == Shell::Desktop {
        // A browser leaves a download to the person (its download bar opens it).
        let opened = std::fs::read_to_string(opened_log.path()).unwrap();
        assert!(
            opened.contains(letter_pdf.to_str().unwrap()),
            "opened in the viewer: {opened}"
        );
    }

    // An emoji pasted into a finding: the preview says it cannot be printed. (WebKitWebDriver cannot type
    // characters outside the BMP, so the text is set as a paste would.)
    let paste = |code: u32| {
        app.wd.exec(
            &format!(
                "const t = document.querySelector(\"#findings li[data-index='0'] textarea[data-part='problem']\");
                 t.value = t.value.replace(/[\\u{{1F600}}\\u{{E000}}]/gu, '') + String.fromCodePoint({code});
                 t.dispatchEvent(new Event('input', {{bubbles: true}}));"
            ),
            json!([]),
        )
    };
    paste(0x1F600);
    app.wd.wait_for(
        "document.querySelector('.preview-note')?.textContent.includes('表情符号「😀」')",
        "the preview naming the emoji",
    );
    // A character no font has (an office's private-use 造字, its font not set): the preview says which, the
    // export refuses and writes nothing.
    paste(0xE000);
    app.wd.wait_for(
        "document.querySelector('.preview-note')?.textContent.includes('U+E000')",
        "the preview naming the character",
    );
    let before = digest(&app);
    app.wd.click("#export-letter");
    app.wd.wait_for(
        "document.querySelector('#letter-form .form-error:not([hidden])')?.textContent.includes('没有字形')",
        "the refusal",
    );
    assert_eq!(
        pdfs(saved.path()).len(),
        1,
        "no PDF written for a refused export"
    );
    assert_eq!(digest(&app), before, "a refused export saves nothing");
    app.wd.press(&[], ESCAPE);
    app.wd.click("#confirm-ok");

    // The case's form, filled.
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the editor closed",
    );
    app.wd.click("#print-case");
    app.wd.choose("#print-form", "normative_review");
    app.screenshot("27-print-form");
    app.wd.click("#print-form-dialog-ok");
    let files = wait_for_pdf(saved.path(), 2);
    let form = files
        .iter()
        .find(|p| p.to_string_lossy().contains("登记审批表"))
        .expect("the form's PDF");
    assert_eq!(pdf_pages(form), 1);
    let text: String = pdf_tool("pdftotext", form).split_whitespace().collect();
    assert!(
        text.contains(&case.reg_no.to_string()) && text.contains("丹徒区城市道路挖掘管理暂行规定")
    );

    // Batch printing from the register: every listed contract's form would not apply, so pick the normative
    // form for the normative cases of the demo year.
    app.wd.goto("#/cases?kind=normative_doc");
    app.wd.click("#batch-print-open");
    app.wd.choose("#batch-form", "normative_review");
    let expected = cases(
        &app.store(),
        CaseFilter {
            kind: Some(CaseKind::NormativeDoc),
            ..Default::default()
        },
    )
    .rows
    .len();
    assert!(app
        .wd
        .text("#batch-count")
        .contains(&format!("有 {expected} 件")));
    app.wd.click("#batch-print-ok");
    let files = wait_for_pdf(saved.path(), 3);
    let batch = files
        .iter()
        .find(|p| p.to_string_lossy().contains("件）"))
        .expect("the batch PDF");
    assert_eq!(pdf_pages(batch), expected, "one page per case");

    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the batch dialog closed",
    );
    app.wd.click("#print-register-open");
    app.wd.click("#print-register-ok");
    let files = wait_for_pdf(saved.path(), 4);
    let register = files
        .iter()
        .find(|p| p.to_string_lossy().contains("台账"))
        .expect("the register PDF");
    assert!(
        pdf_tool("pdfinfo", register).contains("841.89 x 595.276"),
        "landscape"
    );
    // The same register as a Word table, to keep adding to in Word or WPS.
    app.wd.wait_for(
        "!document.querySelector('dialog[open]')",
        "the register dialog closed",
    );
    app.wd.click("#print-register-open");
    app.wd.choose("#register-file", "docx");
    app.wd.click("#print-register-ok");
    let words = wait_for_files(saved.path(), "docx", 2);
    let register_docx = words
        .iter()
        .find(|p| p.to_string_lossy().contains("台账"))
        .expect("the register as a .docx");
    assert!(std::fs::read(register_docx).unwrap().starts_with(b"PK"));

    // Settings list the fonts of each role.
    app.wd.goto("#/settings");
    app.wd.wait_for(
        "document.querySelectorAll('#fonts tbody tr').length === 6",
        "the six font roles",
    );
    assert!(app.wd.text("#fonts").contains("FandolFang-Regular.otf"));
}
