//! A letter as a Word document (DOCX), for drafts that go round the office in Word or WPS: written from the
//! same structured document (`document::Official`) the PDF is laid out from, with the GB/T 9704 page set up
//! as Word understands it — A4, the 156 × 225 mm type area, a 28 × 22 grid, 3号 仿宋 body, 2号 小标宋 title,
//! 黑体 and 楷体 headings, the red head and rules, the 版记 and the page numbers (odd right, even left).
//!
//! Word lays the text out itself, with the office's own fonts: the fonts are named as offices have them
//! (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312) with the free faces as alternates in the font table, so a
//! laptop without them still shows a 仿宋 rather than a default face. Line breaks and page breaks are
//! Word's, so a page may end a line earlier or later than the PDF's.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, DocGrid, DocGridType, Docx, Footer, Header, LineSpacing,
    LineSpacingType, PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TablePositionProperty,
    TableRow, WidthType,
};

use super::document::{attachment_lines, chars_wide, Block, Head, Imprint, Official, Signature};

use super::fonts::Face;
use super::layout::{Gbt9704, Span};
use crate::error::{Error, Result};

const RED: &str = "FF0000";

/// Twips (1/20 pt) in `mm` millimetres.
pub(super) fn twips(mm: f32) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// The font an office's Word uses for a role, and the free face it falls back to.
fn font_name(face: Face) -> &'static str {
    match face {
        Face::Fang => "仿宋_GB2312",
        Face::Hei => "黑体",
        Face::Kai => "楷体_GB2312",
        Face::Title => "方正小标宋简体",
        Face::Song | Face::Rare => "宋体",
    }
}

const FONT_TABLE: &[(&str, &str)] = &[
    ("仿宋_GB2312", "仿宋"),
    ("楷体_GB2312", "楷体"),
    ("方正小标宋简体", "宋体"),
    ("黑体", "SimHei"),
    ("宋体", "SimSun"),
];

/// The font table with each office font's alternate (`w:altName`), which Word and WPS use when the font
/// itself is missing.
fn font_table() -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt) in FONT_TABLE {
        xml.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#
        ));
    }
    xml.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#);
    xml.into_bytes()
}

/// A run of `text` in `face` at `pt` points.
pub(super) fn run(face: Face, pt: f32, text: &str) -> Run {
    let name = font_name(face);
    Run::new()
        .add_text(text)
        .size((pt * 2.0).round() as usize)
        .fonts(
            RunFonts::new()
                .east_asia(name)
                .ascii(name)
                .hi_ansi(name)
                .cs(name),
        )
}

struct Writer<'a> {
    spec: &'a Gbt9704,
    docx: Docx,
    /// The next paragraph starts a new page (the next document of a batch).
    new_page: bool,
    /// The letterhead of the document being written is in the first page's header (the first document's).
    head_in_header: bool,
}

impl Writer<'_> {
    /// One body line's height: the type area over its 22 lines.
    fn line_pitch(&self) -> i32 {
        twips(self.spec.area_h / self.spec.lines_per_page as f32)
    }

    /// A character's width on the grid: the type area over its 28 characters.
    fn char_pitch(&self) -> i32 {
        twips(self.spec.area_w / self.spec.chars_per_line as f32)
    }

    /// A paragraph on the grid: exactly one grid line per line of text.
    fn para(&self) -> Paragraph {
        Paragraph::new().line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(self.line_pitch())
                .before(0)
                .after(0),
        )
    }

    /// One line with `left` one character in from the left edge and `right` flush against a tab stop one
    /// character in from the right (the 文号 and 签发人 of a report, the printing office and date of a 版记).
    fn spread(&self, left: Vec<Run>, right: Vec<Run>) -> Paragraph {
        let one = self.char_pitch();
        // (Tab stops count from the margin.)
        let stop = (twips(self.spec.area_w) - one).max(0) as usize;
        let mut p = self
            .para()
            .indent(Some(one), None, Some(one), None)
            .add_tab(Tab::new().val(TabValueType::Right).pos(stop));
        for r in left {
            p = p.add_run(r);
        }
        p = p.add_run(Run::new().add_tab());
        for r in right {
            p = p.add_run(r);
        }
        p
    }

    fn push(&mut self, p: Paragraph) {
        let p = if std::mem::take(&mut self.new_page) {
            p.page_break_before(true)
        } else {
            p
        };
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn blank(&mut self) {
        let p = self.para();
        self.push(p);
    }

    /// A paragraph with a rule along its bottom edge (the red double rule of a head, a 版记 rule).
    fn ruled(
        p: Paragraph,
        position: ParagraphBorderPosition,
        kind: BorderType,
        eighths: usize,
        color: &str,
    ) -> Paragraph {
        let mut p = p;
        // Only this side: a paragraph's default border set draws all four.
        let mut borders = p
            .property
            .borders
            .take()
            .unwrap_or_else(ParagraphBorders::with_empty);
        borders = borders.set(
            ParagraphBorder::new(position)
                .val(kind)
                .size(eighths)
                .space(1)
                .color(color),
        );
        p.property = p.property.set_borders(borders);
        p
    }

    fn head(&mut self, doc: &Official) {
        let s = self.spec;
        match &doc.head {
            Head::Letter { .. } | Head::Firm { .. } if self.head_in_header => {}
            Head::Letter { issuer } | Head::Firm { firm: issuer } => {
                let color = if matches!(doc.head, Head::Firm { .. }) {
                    "000000"
                } else {
                    RED
                };
                let name = self
                    .para()
                    .align(AlignmentType::Center)
                    .add_run(run(Face::Title, 26.0, issuer).color(color));
                let name = Self::ruled(
                    name,
                    ParagraphBorderPosition::Bottom,
                    BorderType::ThickThinSmallGap,
                    18,
                    color,
                );
                self.push(name);
                if let Some(n) = &doc.number {
                    let p = self.para().align(AlignmentType::Right).add_run(run(
                        Face::Fang,
                        s.body_pt,
                        n,
                    ));
                    self.push(p);
                }
            }
            Head::Document { mark } | Head::Upward { mark, .. } => {
                for _ in 0..2 {
                    self.blank();
                }
                let p = self
                    .para()
                    .align(AlignmentType::Center)
                    .add_run(run(Face::Title, 36.0, mark).color(RED));
                self.push(p);
                self.blank();
                let number = doc.number.clone().unwrap_or_default();
                let p = match &doc.head {
                    // 上行文: the number one character in from the left, 签发人 on the right.
                    Head::Upward { signer, .. } => {
                        let name = if signer.trim().is_empty() {
                            "　　　"
                        } else {
                            signer.as_str()
                        };
                        self.spread(
                            vec![run(Face::Fang, s.body_pt, &number)],
                            vec![
                                run(Face::Fang, s.body_pt, "签发人："),
                                run(Face::Kai, s.body_pt, name),
                            ],
                        )
                    }
                    _ => self.para().align(AlignmentType::Center).add_run(run(
                        Face::Fang,
                        s.body_pt,
                        &number,
                    )),
                };
                let p = Self::ruled(
                    p,
                    ParagraphBorderPosition::Bottom,
                    BorderType::Single,
                    8,
                    RED,
                );
                self.push(p);
            }
            Head::Plain => {}
        }
        // (A head in the header is already a line apart from the body.)
        if !self.head_in_header {
            self.blank();
        }
        // The PDF's breaks between words, balanced, as line breaks Word keeps (it would break anywhere).
        let per_line = s.area_w / (s.title_pt * 25.4 / 72.0);
        let lines = super::document::title_breaks(&doc.title, per_line);
        let mut p = self.para().align(AlignmentType::Center);
        for (i, line) in lines.iter().enumerate() {
            let mut r = run(Face::Title, s.title_pt, line);
            if i > 0 {
                r = Run::new().add_break(docx_rs::BreakType::TextWrapping);
                p = p.add_run(r);
                r = run(Face::Title, s.title_pt, line);
            }
            p = p.add_run(r);
        }
        self.push(p);
        if let (Head::Plain, Some(n)) = (&doc.head, &doc.number) {
            let p = self
                .para()
                .align(AlignmentType::Center)
                .add_run(run(Face::Fang, s.body_pt, n));
            self.push(p);
        }
        self.blank();
    }

    /// A body paragraph, indented two characters, justified.
    fn body(&mut self, spans: &[Span], face_hint: Option<Face>) {
        let mut p = self
            .para()
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(2 * self.char_pitch())),
                None,
                None,
            )
            .first_line_chars(200);
        for span in spans {
            p = p.add_run(run(
                face_hint.unwrap_or(span.face),
                self.spec.body_pt,
                &span.text,
            ));
        }
        self.push(p);
    }

    fn table(&mut self, t: &super::document::Table) {
        let pitch = self.char_pitch();
        let size = self.spec.small_pt;
        let cell = |text: &str, face: Face, width: i32| {
            TableCell::new()
                .width(width.max(0) as usize, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(run(face, size, text)))
        };
        let widths: Vec<i32> = t.columns.iter().map(|&c| c as i32 * pitch).collect();
        let mut rows = vec![TableRow::new(
            t.header
                .iter()
                .zip(&widths)
                .map(|(h, &w)| cell(h, Face::Hei, w))
                .collect(),
        )];
        for r in &t.rows {
            rows.push(TableRow::new(
                r.iter()
                    .zip(&widths)
                    .map(|(c, &w)| cell(c, Face::Fang, w))
                    .collect(),
            ));
        }
        let table = Table::new(rows)
            .set_grid(widths.iter().map(|&w| w.max(0) as usize).collect())
            .width(widths.iter().sum::<i32>().max(0) as usize, WidthType::Dxa);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
    }

    /// The issuer's name centred over the date, the date four characters in from the right; a draft's date
    /// left blank.
    fn signature(&mut self, sig: &Signature) {
        let s = self.spec;
        self.blank();
        self.blank();
        let date = super::document::blank_date(sig.date);
        let pitch = self.char_pitch() as f32;
        let centre = 4.0 + chars_wide(&date) / 2.0;
        let issuer = (!sig.issuer.trim().is_empty()).then(|| sig.issuer.clone());
        for text in issuer.iter().chain(&sig.signers) {
            let right = (centre - chars_wide(text) / 2.0).max(0.0);
            let p = self
                .para()
                .align(AlignmentType::Right)
                .indent(None, None, Some((right * pitch).round() as i32), None)
                .add_run(run(Face::Fang, s.body_pt, text));
            self.push(p);
        }
        let p = self
            .para()
            .align(AlignmentType::Right)
            .indent(None, None, Some((4.0 * pitch).round() as i32), None)
            .add_run(run(Face::Fang, s.body_pt, &date));
        self.push(p);
    }

    /// 版记: 抄送 and, in 文件格式, the printing office and date between rules; 信函格式 prints the 抄送
    /// lines alone.
    fn imprint(&mut self, imp: &Imprint, bare: bool) {
        let s = self.spec;
        let one = self.char_pitch();
        self.blank();
        let mut lines: Vec<Paragraph> = Vec::new();
        if !imp.cc.is_empty() {
            let text = format!("抄送：{}。", imp.cc.join("，"));
            lines.push(
                self.para()
                    .indent(
                        Some(one),
                        Some(SpecialIndentType::Hanging(3 * one)),
                        Some(one),
                        None,
                    )
                    .add_run(run(Face::Fang, s.small_pt, &text)),
            );
        }
        if !bare {
            let printed = format!("{}印发", super::document::blank_date(imp.printed_on));
            lines.push(self.spread(
                vec![run(Face::Fang, s.small_pt, &imp.printer)],
                vec![run(Face::Fang, s.small_pt, &printed)],
            ));
        }
        if bare {
            for p in lines {
                self.push(p);
            }
            return;
        }
        // 文件格式: the 版记 sits at the foot of the last page (GB/T 9704 7.4.1), whatever the body's length,
        // as a table floating at the bottom of the type area, ruled above, between and below its lines.
        let rule = |position, eighths| {
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(eighths)
                .color("000000")
        };
        let borders = TableBorders::with_empty()
            .set(rule(TableBorderPosition::Top, 8))
            .set(rule(TableBorderPosition::InsideH, 4))
            .set(rule(TableBorderPosition::Bottom, 8));
        // (LibreOffice before 7.6 keeps a floating table as wide as the text inline, right after the
        // signature; Word, WPS and later LibreOffice float it down.)
        let width = twips(s.area_w).max(0) as usize;
        let rows = lines
            .into_iter()
            .map(|p| {
                TableRow::new(vec![TableCell::new()
                    .width(width, WidthType::Dxa)
                    .add_paragraph(p)])
            })
            .collect();
        let table = Table::new(rows)
            .set_grid(vec![width])
            .width(width, WidthType::Dxa)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0))
            .position(
                TablePositionProperty::new()
                    .vertical_anchor("margin")
                    .position_y_alignment("bottom")
                    .horizontal_anchor("margin")
                    .position_x_alignment("center"),
            );
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
        // A document ends with a paragraph (Word adds one if not), which also anchors the table.
        self.blank();
    }
}

/// The page number, "— 1 —" in 4号 宋体, one character in from the outer edge.
fn folio(spec: &Gbt9704, odd: bool) -> Footer {
    let one = twips(spec.area_w / spec.chars_per_line as f32);
    let size = (spec.small_pt * 2.0).round() as usize;
    let font = RunFonts::new()
        .east_asia(font_name(Face::Song))
        .ascii(font_name(Face::Song))
        .hi_ansi(font_name(Face::Song));
    let dash = |t: &str| Run::new().add_text(t).size(size).fonts(font.clone());
    let p = Paragraph::new()
        .align(if odd {
            AlignmentType::Right
        } else {
            AlignmentType::Left
        })
        .indent((!odd).then_some(one), None, odd.then_some(one), None)
        // The footer ends 20 mm above the edge (where 信函格式's foot rule is); the number sits 7 mm below
        // the type area.
        .line_spacing(
            LineSpacing::new().after(
                twips(
                    spec.page_h
                        - spec.top
                        - spec.area_h
                        - spec.folio_gap
                        - 4.0
                        - spec.letter_foot_rule,
                )
                .max(0) as u32,
            ),
        )
        .add_run(dash("— "))
        .add_page_num(PageNum::new())
        .add_run(dash(" —"));
    Footer::new().add_paragraph(p)
}

/// The document as a DOCX file's bytes.
pub fn write(doc: &Official, spec: &Gbt9704) -> Result<Vec<u8>> {
    write_all(std::slice::from_ref(doc), spec)
}

/// Documents of one kind (the 备案报告 of a batch) in one DOCX file, each from a new page; the first one's
/// head sets the page numbering and draft marks for all.
pub fn write_all(docs: &[Official], spec: &Gbt9704) -> Result<Vec<u8>> {
    let Some(first) = docs.first() else {
        return Err(Error::Print("没有可导出的文书".into()));
    };
    // A line grid (22 lines): characters keep their natural width, 3号 giving about 28 to a line. (A
    // character grid as well made LibreOffice spread the characters far apart.)
    let grid = DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch((spec.area_h / spec.lines_per_page as f32 * 1440.0 / 25.4).round() as usize);
    // 信函格式 and a firm's letterhead: the head is the first page's header, its top 30 mm from the edge, so
    // the body starts below it as on paper.
    let letterhead = match &first.head {
        Head::Letter { issuer } => Some((issuer.as_str(), RED)),
        Head::Firm { firm } => Some((firm.as_str(), "000000")),
        _ => None,
    };
    let header_at = match letterhead {
        Some(_) => twips(spec.letter_head_top) - (LETTERHEAD_LINE - LETTERHEAD_PT * 20) / 2,
        None => twips(12.0),
    };
    let margin = PageMargin::new()
        .top(twips(spec.top))
        .bottom(twips(spec.page_h - spec.top - spec.area_h))
        .left(twips(spec.left))
        .right(twips(spec.page_w - spec.left - spec.area_w))
        .header(header_at)
        .footer(twips(spec.letter_foot_rule));
    let mut docx = Docx::new()
        .page_size(twips(spec.page_w) as u32, twips(spec.page_h) as u32)
        .page_margin(margin);
    docx.document = docx.document.doc_grid(grid);
    let mut docx = docx
        .footer(folio(spec, true))
        .even_footer(folio(spec, false));
    let mark =
        || Paragraph::new().add_run(run(Face::Hei, spec.body_pt, "草稿 · 未签发").color(RED));
    if first.draft {
        docx = docx
            .header(Header::new().add_paragraph(mark()))
            .even_header(Header::new().add_paragraph(mark()));
    }
    if let Some((name, color)) = letterhead {
        let mut head = letterhead_header(
            spec,
            name,
            color,
            first.number.as_deref(),
            first.corner.as_deref(),
        );
        if first.draft {
            head = head.add_paragraph(mark());
        }
        docx = docx.first_header(head);
        docx = match first.head {
            // 信函格式: no number on the first page, the red double rule 20 mm above its foot instead.
            Head::Letter { .. } => docx.first_footer(foot_rule(spec)),
            _ => docx.first_footer(folio(spec, true)),
        };
    }
    let mut w = Writer {
        spec,
        docx,
        new_page: false,
        head_in_header: false,
    };
    for (i, doc) in docs.iter().enumerate() {
        w.new_page = i > 0;
        w.head_in_header = i == 0 && letterhead.is_some();
        w.document(doc);
    }
    pack(w.docx)
}

/// The letterhead's type size and line (twips), as the PDF sets it.
const LETTERHEAD_PT: i32 = 26;
const LETTERHEAD_LINE: i32 = LETTERHEAD_PT * 25;

/// How far a 170 mm rule reaches past each side of the 156 mm type area (twips).
fn overhang(spec: &Gbt9704) -> i32 {
    twips((spec.letter_rule_len - spec.area_w) / 2.0)
}

/// 信函格式's head: the issuer's name, the double rule (thick above, thin below) 4 mm under it and 170 mm
/// long, and the 文号 flush right 7/8 of a line below the rule (GB/T 9704 10.1); above the name, flush right,
/// the document's corner mark (a reply's 办理类别), as the PDF has it.
fn letterhead_header(
    spec: &Gbt9704,
    name: &str,
    color: &str,
    number: Option<&str>,
    corner: Option<&str>,
) -> Header {
    let out = -overhang(spec);
    let name = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(out), None, Some(out), None)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(LETTERHEAD_LINE)
                .before(0)
                .after(0),
        )
        .add_run(run(Face::Title, LETTERHEAD_PT as f32, name).color(color));
    let mut name = name;
    name.property = name.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::ThickThinSmallGap)
                .size(18)
                // 4 mm, in points.
                .space((spec.rule_gap * 72.0 / 25.4).round() as usize)
                .color(color),
        ),
    );
    let mut header = Header::new();
    if let Some(c) = corner.filter(|c| !c.trim().is_empty()) {
        header = header.add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            Face::Hei,
            spec.body_pt,
            c,
        )));
    }
    let mut header = header.add_paragraph(name);
    if let Some(n) = number {
        header = header.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(twips(spec.area_h / spec.lines_per_page as f32))
                        .before((spec.body_pt * 7.0 / 8.0 * 20.0).round() as u32)
                        .after(0),
                )
                .add_run(run(Face::Fang, spec.body_pt, n)),
        );
    }
    header
}

/// 信函格式's first-page foot: a red double rule (thin above, thick below), 170 mm long, 20 mm above the
/// page's bottom edge (where the footer ends).
fn foot_rule(spec: &Gbt9704) -> Footer {
    let out = -overhang(spec);
    let mut p = Paragraph::new()
        .indent(Some(out), None, Some(out), None)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(20)
                .before(0)
                .after(0),
        );
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::ThinThickSmallGap)
                .size(18)
                .space(0)
                .color(RED),
        ),
    );
    Footer::new().add_paragraph(p)
}

/// The DOCX file's bytes, with the office fonts' alternates in its font table.
pub(super) fn pack(docx: Docx) -> Result<Vec<u8>> {
    pack_built(docx.build())
}

/// [`pack`] for a document whose XML has been touched up after building.
pub(super) fn pack_built(mut xml: docx_rs::XMLDocx) -> Result<Vec<u8>> {
    xml.font_table = font_table();
    let failed = |e: &dyn std::fmt::Display| Error::Print(format!("无法生成 Word 文件：{e}"));
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(|e| failed(&e))?;
    // docx-rs stores its parts uncompressed (a year's register would be megabytes): the same parts,
    // deflated, in the same order.
    let mut parts = zip::ZipArchive::new(stored).map_err(|e| failed(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..parts.len() {
        let mut part = parts.by_index(i).map_err(|e| failed(&e))?;
        if part.is_dir() {
            continue;
        }
        out.start_file(part.name().to_string(), options)
            .map_err(|e| failed(&e))?;
        std::io::copy(&mut part, &mut out).map_err(|e| failed(&e))?;
    }
    let out = out.finish().map_err(|e| failed(&e))?;
    Ok(out.into_inner())
}

impl Writer<'_> {
    /// One document: head, title, addressee, body, signature and 版记.
    fn document(&mut self, doc: &Official) {
        let spec = self.spec;
        // (With the letterhead in the first page's header, the mark is there, above it.)
        if let Some(c) = doc
            .corner
            .as_deref()
            .filter(|c| !c.trim().is_empty() && !self.head_in_header)
        {
            let p =
                self.para()
                    .align(AlignmentType::Right)
                    .add_run(run(Face::Hei, spec.body_pt, c));
            self.push(p);
        }
        self.head(doc);
        if let Some(a) = &doc.addressee {
            let p = self
                .para()
                .add_run(run(Face::Fang, spec.body_pt, &format!("{a}：")));
            self.push(p);
        }
        for block in &doc.body {
            match block {
                Block::Para(spans) => self.body(spans, None),
                Block::Heading(h) => {
                    let p = self
                        .para()
                        .keep_next(true)
                        .indent(
                            None,
                            Some(SpecialIndentType::FirstLine(2 * self.char_pitch())),
                            None,
                            None,
                        )
                        .first_line_chars(200)
                        .add_run(run(Face::Hei, spec.body_pt, h));
                    self.push(p);
                }
                Block::Table(t) => self.table(t),
                // Word draws no chart from us: the rows as a table, the bar as a run of blocks.
                Block::Bars(chart) => {
                    if let Some(c) = &chart.caption {
                        self.body(&[Span::new(Face::Kai, c.clone())], None);
                    }
                    let rows = &chart.rows;
                    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max);
                    let blocks = |v: f64| {
                        let n = if max > 0.0 {
                            (v / max * 14.0).round() as usize
                        } else {
                            0
                        };
                        "█".repeat(n)
                    };
                    self.table(&super::document::Table {
                        columns: vec![7, 16, 5],
                        header: ["项目", "图示", "数值"].map(String::from).to_vec(),
                        rows: rows
                            .iter()
                            .map(|r| vec![r.label.clone(), blocks(r.value), r.text.clone()])
                            .collect(),
                    });
                }
                Block::Attachments(items) => {
                    // One blank line below the body (GB/T 9704 7.3.4).
                    self.blank();
                    let pitch = self.char_pitch();
                    for (i, text) in attachment_lines(items).into_iter().enumerate() {
                        // Later lines under the first one's name: five characters in (two, then 附件：).
                        let hanging = (i == 0).then_some(SpecialIndentType::Hanging(3 * pitch));
                        let p = self
                            .para()
                            .indent(Some(5 * pitch), hanging, None, None)
                            .add_run(run(Face::Fang, spec.body_pt, &text));
                        self.push(p);
                    }
                }
            }
        }
        self.signature(&doc.signature);
        if let Some(imp) = &doc.imprint {
            self.imprint(imp, matches!(doc.head, Head::Letter { .. }));
        }
    }
}
