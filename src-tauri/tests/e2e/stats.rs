//! 统计 (issue 22): the seed report's year from the demo's records — each figure with how it is counted, the
//! charts with their numbers; a figure clicked opens the register filtered to the records behind it; that list
//! and the statistics saved as workbooks through the dialog and read back by openpyxl.

use crate::fixtures::{demo, wait_for_files};
use crate::support::App;

/// The rows of each sheet of a workbook, as openpyxl (an independent reader) reads them.
fn workbook_rows(path: &std::path::Path) -> serde_json::Value {
    let python = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/ofd-reader/bin/python"
    );
    let script = "import sys, json, openpyxl\n\
                  wb = openpyxl.load_workbook(sys.argv[1])\n\
                  print(json.dumps({ws.title: [[str(c) if c is not None else None for c in r] for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, ensure_ascii=False))";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("openpyxl (scripts/ensure-deps.sh test installs it)");
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_statistics_of_2017_link_each_figure_to_its_records_and_export_as_workbooks() {
    let (app, saved, _opened_log) = App::start_saving(demo);
    app.wd.click("#nav a[data-route='/stats']");
    app.wd.find("#stats-year");
    app.wd.choose("#stats-year", "2017");
    app.wd.wait_for(
        "location.hash === '#/stats?year=2017' && document.getElementById('view').dataset.ready === location.hash",
        "2017's statistics",
    );
    for (id, want) in [
        ("#figure-advisor_documents", "12"),
        ("#figure-advisor_agreements", "6"),
        ("#figure-penalty_filings", "145"),
        ("#figure-litigation_cases", "10"),
        ("#figure-litigation_head_appearance_rate", "100.0%"),
        ("#figure-filing_rate", "100.0%"),
        ("#figure-transfers_entered", "36"),
        ("#figure-transfers_made", "21"),
        ("#figure-tasks_total", "133 项"),
        ("#figure-proposals_on_time_rate", "100.0%"),
    ] {
        assert_eq!(app.wd.text(id), want, "{id}");
    }
    // How each is counted, beside it; every chart with its numbers.
    let normative = app.wd.text("#stats-normative");
    assert!(
        normative.contains("报备期限（按期限规则自公布之日起算）在统计期内"),
        "{normative}"
    );
    for chart in [
        "#chart-months",
        "#chart-units",
        "#chart-advisors",
        "#chart-timeliness",
    ] {
        app.wd.find(&format!("{chart} svg"));
        app.wd.find(&format!("{chart} table.chart-data"));
    }
    // The report's draft, to copy: the seed's sentence, its numbers from the records.
    app.wd.click("#draft-report summary");
    app.wd.find("#draft-text[data-ready='1']");
    let draft = app.wd.exec(
        "return document.getElementById('draft-text').value",
        serde_json::json!([]),
    );
    assert!(
        draft
            .as_str()
            .unwrap()
            .contains("区政府法律顾问为12件政府文件和6份政府重要协议进行合法性审查并出具意见书"),
        "{draft}"
    );
    let advisors = app.wd.text("#chart-advisors-data");
    assert!(advisors.contains("周志强"), "{advisors}");
    app.screenshot("63-stats");
    app.screenshot_of("64-stats-charts", "#stats-overview");
    app.screenshot_of("65-stats-advisors", "#stats-advisors");

    // A figure clicked: the register of the records it counts, with how it is counted.
    app.wd.click("#figure-penalty_filings");
    app.wd.wait_for(
        "location.hash.startsWith('#/cases?figure=penalty_filings') && document.getElementById('register-total') && document.getElementById('register-total').textContent === '共 145 件'",
        "the 145 penalty filings",
    );
    let banner = app.wd.text("#figure-banner");
    assert!(
        banner.contains("收到重大行政处罚决定备案") && banner.contains("统计口径"),
        "{banner}"
    );
    app.screenshot("66-figure-records");

    // The whole list, not only its page, as a workbook through the dialog.
    app.wd.click("#export-xlsx");
    let files = wait_for_files(saved.path(), "xlsx", 1);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "2017年收到重大行政处罚决定备案明细.xlsx");
    let rows = workbook_rows(&files[0]);
    let sheet = rows["登记簿"].as_array().unwrap();
    assert_eq!(
        sheet.len(),
        3 + 145,
        "title, count, header, then every filing"
    );

    // Back to the statistics, and the statistics' workbook.
    app.wd.click("#figure-banner a.button");
    app.wd.find("#stats-export-xlsx");
    app.wd.click("#stats-export-xlsx");
    let files = wait_for_files(saved.path(), "xlsx", 2);
    let book = files
        .iter()
        .find(|f| f.file_name().unwrap().to_string_lossy() == "2017年统计.xlsx")
        .unwrap_or_else(|| panic!("{files:?}"));
    let sheets = workbook_rows(book);
    // And the 统计表 as PDF, read back by poppler.
    app.wd.click("#stats-export-pdf");
    let pdfs = crate::fixtures::wait_for_pdf(saved.path(), 1);
    let words = crate::fixtures::pdf_tool("pdftotext", &pdfs[0]).replace([' ', '\n'], "");
    assert!(words.contains("收到重大行政处罚决定备案145"), "{words}");
    let enforcement = sheets["行政执法"].as_array().unwrap();
    assert!(
        enforcement
            .iter()
            .any(|r| r[0].as_str() == Some("收到重大行政处罚决定备案")
                && r[1].as_str() == Some("145")),
        "{enforcement:?}"
    );
}
