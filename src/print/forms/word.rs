//! Forms and the register as Word documents, for an office that fills its forms in Word or WPS: the same
//! rows as the PDF's ruled table, on the same 24-column grid, with the row heights as minimums so a longer
//! opinion typed in Word grows its box instead of being cut.

use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, HeightRule, NumPages, PageMargin, PageNum,
    PageOrientationType, Paragraph, Run, Tab, TabValueType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableRow, VAlignType,
    WidthType,
};

use super::register::RegisterTable;
use super::*;
use crate::print::docx::{pack, run, twips};

/// The form's table on the page, as the PDF draws it (mm).
const LEFT: f32 = 22.0;
const WIDTH: f32 = 166.0;
const TOP: f32 = 22.0;
/// The type size of a form's cells and of the register's (pt).
const FORM_PT: f32 = 12.0;
const REGISTER_PT: f32 = 9.0;

/// `form` for each case in one DOCX (one page each), or a blank one when `facts` is empty; the 备案报告
/// as the documents it is (an upward 文件格式 head, 文号 and 签发人).
pub fn form_docx(form: FormName, facts: &[FormFacts]) -> Result<Vec<u8>> {
    let spec = Gbt9704::default();
    if form == FormName::FilingReport {
        return crate::print::docx::write_all(&filing_report_docs(facts)?, &spec);
    }
    for f in facts {
        check_kind(form, f)?;
    }
    let pages: Vec<Option<&FormFacts>> = if facts.is_empty() {
        vec![None]
    } else {
        facts.iter().map(Some).collect()
    };
    let mut docx = page(spec.page_w, spec.page_h, TOP, 15.0, LEFT, WIDTH);
    for (i, f) in pages.into_iter().enumerate() {
        let title = Paragraph::new()
            .align(AlignmentType::Center)
            .page_break_before(i > 0)
            .add_run(run(Face::Title, 20.0, form.label()));
        let (left, right) = subtitle(form, f);
        docx = docx
            .add_paragraph(title)
            .add_paragraph(spread(&left, &right, WIDTH))
            .add_table(form_table(&form_rows(form, f)));
    }
    pack(docx)
}

/// The register as a landscape Word table, its header repeated on every page.
pub fn register_docx(register: &RegisterTable) -> Result<Vec<u8>> {
    let heading = register.heading.as_str();
    let (pw, ph, margin) = (297.0, 210.0, 15.0);
    let width = pw - 2.0 * margin;
    let unit = width / register.columns.iter().map(|c| c.0).sum::<f32>();
    let widths: Vec<i32> = register
        .columns
        .iter()
        .map(|(w, _)| twips(w * unit))
        .collect();
    let cell = |text: &str, face: Face, w: i32| {
        let mut c = TableCell::new()
            .width(w.max(0) as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        for line in text.lines().chain(text.is_empty().then_some("")) {
            c = c.add_paragraph(Paragraph::new().add_run(run(face, REGISTER_PT, line)));
        }
        c
    };
    // The header row is marked to repeat (`w:tblHeader`) once the XML is written: docx-rs has no
    // setter for it, and `cant_split` gives the row the property block to put it in.
    let mut table_rows = vec![TableRow::new(
        register
            .columns
            .iter()
            .zip(&widths)
            .map(|((_, h), &w)| cell(h, Face::Hei, w))
            .collect(),
    )
    .cant_split()];
    for r in &register.rows {
        table_rows.push(TableRow::new(
            r.iter()
                .zip(&widths)
                .map(|(t, &w)| cell(t, Face::Fang, w))
                .collect(),
        ));
    }
    let table = Table::new(table_rows)
        .set_grid(widths.iter().map(|&w| w.max(0) as usize).collect())
        .width(twips(width).max(0) as usize, WidthType::Dxa)
        .set_borders(borders())
        .margins(padding(1.2));
    // 第 n 页 共 m 页 at the foot, as the PDF numbers the register's pages.
    let folio = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(Face::Fang, REGISTER_PT, "第 "))
        .add_page_num(PageNum::new())
        .add_run(run(Face::Fang, REGISTER_PT, " 页 共 "))
        .add_num_pages(NumPages::new())
        .add_run(run(Face::Fang, REGISTER_PT, " 页"));
    let docx = page(pw, ph, 18.0, 18.0, margin, width)
        .footer(Footer::new().add_paragraph(folio))
        .page_orient(PageOrientationType::Landscape)
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            Face::Title,
            16.0,
            heading,
        )))
        .add_table(table);
    let mut xml = docx.build();
    let doc = String::from_utf8_lossy(&xml.document).replacen(
        "<w:trPr><w:cantSplit />",
        "<w:trPr><w:cantSplit /><w:tblHeader />",
        1,
    );
    xml.document = doc.into_bytes();
    crate::print::docx::pack_built(xml)
}

/// An empty document on a `w` × `h` mm page with the type area `left` mm in and `width` mm wide.
fn page(w: f32, h: f32, top: f32, bottom: f32, left: f32, width: f32) -> Docx {
    Docx::new()
        .page_size(twips(w) as u32, twips(h) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(top))
                .bottom(twips(bottom))
                .left(twips(left))
                .right(twips(w - left - width))
                .header(twips(10.0))
                .footer(twips(8.0)),
        )
}

/// One line with `left` at the margin and `right` flush against the right one.
fn spread(left: &str, right: &str, width: f32) -> Paragraph {
    Paragraph::new()
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(twips(width) as usize),
        )
        .add_run(run(Face::Fang, FORM_PT, left))
        .add_run(Run::new().add_tab())
        .add_run(run(Face::Fang, FORM_PT, right))
}

/// A form's ruled table: 1 pt outside, 0.5 pt inside, as the PDF draws it.
fn borders() -> TableBorders {
    let mut b = TableBorders::new();
    for (position, eighths) in [
        (TableBorderPosition::Top, 8),
        (TableBorderPosition::Bottom, 8),
        (TableBorderPosition::Left, 8),
        (TableBorderPosition::Right, 8),
        (TableBorderPosition::InsideH, 4),
        (TableBorderPosition::InsideV, 4),
    ] {
        b = b.set(
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(eighths)
                .color("000000"),
        );
    }
    b
}

/// Cells padded `mm` on each side, as the PDF pads them (Word's default is wider and would wrap a
/// narrow column's header).
fn padding(mm: f32) -> TableCellMargins {
    let v = twips(mm).max(0) as usize;
    TableCellMargins::new().margin(v / 2, v, v / 2, v)
}

fn form_table(rows: &[Row]) -> Table {
    let col = twips(WIDTH / 24.0);
    let table_rows = rows
        .iter()
        .map(|r| {
            let cells = r
                .cells
                .iter()
                .map(|(span, c)| form_cell(c, *span as usize, col, r.height))
                .collect();
            TableRow::new(cells)
                .row_height(twips(r.height) as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split()
        })
        .collect();
    Table::new(table_rows)
        .set_grid(vec![col.max(0) as usize; 24])
        .width((24 * col).max(0) as usize, WidthType::Dxa)
        .set_borders(borders())
        .margins(padding(1.5))
}

fn form_cell(cell: &Cell, span: usize, col: i32, height: f32) -> TableCell {
    let lines = |face: Face, text: &str, align: AlignmentType| -> Vec<Paragraph> {
        let mut out: Vec<Paragraph> = text
            .trim()
            .lines()
            .map(|l| {
                Paragraph::new()
                    .align(align)
                    .add_run(run(face, FORM_PT, l.trim()))
            })
            .collect();
        if out.is_empty() {
            out.push(Paragraph::new().align(align));
        }
        out
    };
    let (paragraphs, valign) = match cell {
        Cell::Label(l) => (
            lines(Face::Hei, l, AlignmentType::Center),
            VAlignType::Center,
        ),
        Cell::Value(v) => (
            lines(Face::Fang, v, AlignmentType::Left),
            // A tall box (an opinion) is written from the top, a one-line box in the middle.
            if height < 16.0 {
                VAlignType::Center
            } else {
                VAlignType::Top
            },
        ),
        Cell::Boxes(options) => {
            let t: Vec<String> = options
                .iter()
                .map(|(label, on)| format!("{}{label}", if *on { '■' } else { '□' }))
                .collect();
            (
                lines(Face::Fang, &t.join("　"), AlignmentType::Left),
                VAlignType::Center,
            )
        }
        // The signature line at the foot, on the right, under the opinion if one is printed.
        Cell::Sign(opinion) => {
            let mut ps = if opinion.trim().is_empty() {
                Vec::new()
            } else {
                lines(Face::Fang, opinion, AlignmentType::Left)
            };
            ps.push(Paragraph::new().align(AlignmentType::Right).add_run(run(
                Face::Fang,
                FORM_PT,
                "签名：　　　　　　　　　年　　月　　日　",
            )));
            (ps, VAlignType::Bottom)
        }
    };
    let mut c = TableCell::new()
        .grid_span(span)
        .width((span as i32 * col).max(0) as usize, WidthType::Dxa)
        .vertical_align(valign);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}
