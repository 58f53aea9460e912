//! `fashen bench --print`: what printing costs. The first load of the fonts (reading the files, and parsing
//! the faces a PDF embeds), a three-page opinion letter laid out and written once the fonts are loaded, and 100
//! filled forms into one PDF. Measured, never asserted; the budgets (DESIGN.md §9, issue 5) are a 3-page
//! letter < 50 ms and < 200 KB, and 100 forms < 2 s.

use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use crate::actions::letters::{new_letter, LetterEdit};
use crate::actions::print::{font_config, form_facts, letter_sheet};
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::model::{CaseKind, Finding, LetterSection, ReviewCase};
use crate::print::fonts::{Face, FontBook};
use crate::print::forms::{form_sheet, FormName};
use crate::print::letter::LetterFormat;
use crate::print::pdf;
use crate::store::{OpenMode, Store};

#[derive(Debug, Serialize)]
pub struct PrintReport {
    pub font_files_ms: f64,
    pub font_embed_parse_ms: f64,
    pub letter_pages: usize,
    pub letter_layout_ms: f64,
    pub letter_pdf_ms: f64,
    pub letter_total_ms: f64,
    pub letter_bytes: usize,
    pub forms: usize,
    pub forms_ms: f64,
    pub forms_bytes: usize,
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1_000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn run(runs: u32, json: bool) -> Result<()> {
    if runs == 0 {
        return Err(Error::invalid("基准测试", "重复次数须大于 0"));
    }
    let dir = std::env::temp_dir().join(format!("fashen-print-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure(&dir, runs);
    let _ = std::fs::remove_dir_all(&dir);
    let r = result?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(|e| Error::Refused(e.to_string()))?
        );
    } else {
        println!(
            "首次载入字体：读取文件 {:.1} ms，解析嵌入字形 {:.1} ms",
            r.font_files_ms, r.font_embed_parse_ms
        );
        println!(
            "{} 页意见书（中位数，{runs} 次）：排版 {:.1} ms + 生成 PDF {:.1} ms = {:.1} ms，{} KB",
            r.letter_pages,
            r.letter_layout_ms,
            r.letter_pdf_ms,
            r.letter_total_ms,
            r.letter_bytes.div_ceil(1024)
        );
        println!(
            "{} 份填好的登记审批表合为一个 PDF：{:.0} ms，{} KB",
            r.forms,
            r.forms_ms,
            r.forms_bytes.div_ceil(1024)
        );
    }
    Ok(())
}

fn measure(dir: &std::path::Path, runs: u32) -> Result<PrintReport> {
    let mut store = Store::open(
        &dir.join("print.sqlite3"),
        OpenMode::CreateIfMissing,
        Arc::new(SystemClock),
    )?;
    crate::demo::load(&mut store)?;

    let t = Instant::now();
    let book = FontBook::load(&font_config(&store)?)?;
    let font_files_ms = ms(t.elapsed());
    let t = Instant::now();
    for face in Face::ALL {
        book.font(face).parsed()?;
    }
    let font_embed_parse_ms = ms(t.elapsed());

    // A letter long enough for three pages.
    let cases: Vec<ReviewCase> = store.all()?;
    let case = cases
        .iter()
        .find(|c| c.kind() == CaseKind::NormativeDoc)
        .ok_or_else(|| Error::Refused("演示数据中没有规范性文件案件".into()))?
        .clone();
    let finding = |i: usize| {
        Finding {
        clause: format!("第{}条", i + 3),
        problem: "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围，且与上位法的规定不一致，应予纠正".into(),
        legal_basis: "《中华人民共和国行政许可法》第十七条、《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》".into(),
        suggestion: "删除该条款，或改为引导性表述，并在起草说明中说明理由".into(),
    }
    };
    let edit = LetterEdit {
        add_sections: vec![LetterSection {
            heading: "审查依据".into(),
            body: "《中华人民共和国立法法》《中华人民共和国行政许可法》《中华人民共和国行政处罚法》《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）等。".into(),
        }],
        add_findings: (0..5).map(finding).collect(),
        conclusion: Some("经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。".into()),
        cc: Some(vec!["区人民政府办公室".into()]),
        ..Default::default()
    };
    let letter = new_letter(&mut store, &case, None, None, &edit)?;
    let (mut layout, mut write, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let (mut pages, mut bytes) = (0, 0);
    for _ in 0..=runs {
        let t = Instant::now();
        let sheet = letter_sheet(&store, &book, &letter, LetterFormat::Letter)?;
        let laid = t.elapsed();
        let pdf = pdf::write(&book, &sheet)?;
        let all = t.elapsed();
        layout.push(ms(laid));
        write.push(ms(all - laid));
        total.push(ms(all));
        pages = sheet.pages.len();
        bytes = pdf.len();
    }
    // The first run pays for first use (allocations, the page cache); keep the steady state.
    layout.remove(0);
    write.remove(0);
    total.remove(0);

    let normative: Vec<ReviewCase> = cases
        .into_iter()
        .filter(|c| FormName::NormativeReview.kinds().contains(&c.kind()))
        .collect();
    let mut facts = Vec::with_capacity(100);
    for c in normative.iter().cycle().take(100) {
        facts.push(form_facts(&store, c.clone())?);
    }
    let t = Instant::now();
    let sheet = form_sheet(&book, FormName::NormativeReview, &facts)?;
    let forms_pdf = pdf::write(&book, &sheet)?;
    let forms_ms = ms(t.elapsed());

    Ok(PrintReport {
        font_files_ms,
        font_embed_parse_ms,
        letter_pages: pages,
        letter_layout_ms: median(layout),
        letter_pdf_ms: median(write),
        letter_total_ms: median(total),
        letter_bytes: bytes,
        forms: facts.len(),
        forms_ms,
        forms_bytes: forms_pdf.len(),
    })
}
