//! An official document (公文) laid out after GB/T 9704-2012: the head (信函格式, 文件格式, a firm's letterhead or
//! none), the title, the addressee, body paragraphs and headings on the 22 × 28 grid, tables, the signature and
//! date with room for the seal, the 版记 and the page numbers.

mod foot;
mod head;
mod table;

use chrono::NaiveDate;

use super::fonts::{Face, FontBook};
use super::layout::{
    compose, mm, place_text, text_width, Align, Color, Gbt9704, Item, Line, Meta, Page, Sheet,
    Span, Style,
};
use super::linebreak;
use crate::error::{Error, Result};
use crate::model::validate::fmt_date;

/// A title may take at most this many lines; GB/T 9704 asks for a short, balanced title.
pub const MAX_TITLE_LINES: usize = 4;

/// The head of the first page.
#[derive(Debug, Clone, PartialEq)]
pub enum Head {
    /// 信函格式: the issuer's name in red 30 mm from the page top, red double rules above and near the foot,
    /// the number flush right, no page number on page 1.
    Letter { issuer: String },
    /// 文件格式: the red issuer mark 35 mm below the type area top, the number centred, a red separator.
    Document { mark: String },
    /// A law firm's letterhead: its name in black with a black double rule, the number flush right.
    Firm { firm: String },
    /// 上行文 (a report to a higher body, GB/T 9704 7.2.5): the red mark as in 文件格式, then the number one
    /// character in from the left and "签发人：" with the name on the right of the same line.
    Upward { mark: String, signer: String },
    /// No head: the title opens the page and the number is centred under it.
    Plain,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph indented two characters; spans may change face (a （一） run-in heading in 楷体).
    Para(Vec<Span>),
    /// A level-1 heading (一、…) in 黑体 on its own line, kept with the line after it.
    Heading(String),
    /// A ruled table across the type area.
    Table(Table),
    /// 附件说明 (GB/T 9704 7.3.4): "附件：" two characters in, one attachment per line, each later line
    /// aligned under the first one's name.
    Attachments(Vec<String>),
    /// A bar chart, a row a grid line: the label, a grey bar as long as the value against the largest, the
    /// value written after it (the statistics' 统计表).
    Bars(Chart),
}

/// A bar chart: what it shows (a line in 楷体 above it) and its rows, kept on one page when they fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub caption: Option<String>,
    pub rows: Vec<Bar>,
}

/// One row of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Up to ten characters show (a longer one is cut, with "…").
    pub label: String,
    pub value: f64,
    /// The value as written after the bar (「100%」, 「12件」).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in characters of the 28-character line; they must add up to 28.
    pub columns: Vec<usize>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The signature block: the issuer's name centred over the date, the date four characters from the right,
/// room above for the seal; signers (a firm's lawyers) each get a line to sign on. No date leaves the date's
/// place blank for handwriting.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub issuer: String,
    pub signers: Vec<String>,
    pub date: Option<NaiveDate>,
}

/// 版记: 抄送 and the printing office with its date.
#[derive(Debug, Clone, PartialEq)]
pub struct Imprint {
    pub cc: Vec<String>,
    pub printer: String,
    /// `None` (a draft): the date's place left blank.
    pub printed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    pub head: Head,
    /// What the office prints at the top right of the first page, in 黑体: a reply's 办理类别 (A/B/C).
    pub corner: Option<String>,
    pub number: Option<String>,
    /// A draft says so at the top of every page, and has no date yet, so no page of it is mistaken for the
    /// signed letter.
    pub draft: bool,
    pub title: String,
    pub addressee: Option<String>,
    pub body: Vec<Block>,
    pub signature: Signature,
    pub imprint: Option<Imprint>,
    pub meta: Meta,
}

/// A title broken as the PDF breaks it (between words, balanced over the fewest lines), for a layout that
/// measures characters only: a CJK character one unit wide, a Latin one half, `per_line` units a line.
pub fn title_breaks(title: &str, per_line: f32) -> Vec<String> {
    let (units, penalties) = head::title_units(title);
    let widths: Vec<f32> = units.iter().map(|u| chars_wide(u)).collect();
    head::balance(&widths, &penalties, per_line)
        .into_iter()
        .map(|r| units[r].concat())
        .collect()
}

/// A date as a document prints it, or its place left blank for the pen.
pub fn blank_date(d: Option<NaiveDate>) -> String {
    d.map(fmt_date)
        .unwrap_or_else(|| "　　年　　月　　日".into())
}

/// The width of `text` in characters of its size, for a layout that measures no glyphs: a CJK character
/// one, a Latin letter or digit half.
pub fn chars_wide(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The lines of a 附件说明: "附件：" before the first, each numbered when there are several.
pub fn attachment_lines(items: &[String]) -> Vec<String> {
    let many = items.len() > 1;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = if many {
                format!("{}.{item}", i + 1)
            } else {
                item.clone()
            };
            if i == 0 {
                format!("附件：{name}")
            } else {
                name
            }
        })
        .collect()
}

/// Lays `doc` out. Errors: characters no font has, an over-long title, a table that does not fit.
pub fn layout(book: &FontBook, spec: &Gbt9704, doc: &Official) -> Result<Sheet> {
    let mut flow = Flow::new(book, spec);
    flow.head(doc)?;
    if let Some(a) = &doc.addressee {
        let lines = flow.compose(
            &[Span::new(Face::Fang, format!("{a}："))],
            0.0,
            0.0,
            Align::Left,
        )?;
        flow.lines(&lines, Color::Black);
    }
    for (i, block) in doc.body.iter().enumerate() {
        match block {
            Block::Para(spans) => {
                let two = 2.0 * spec.char_pitch();
                let lines = flow.compose(spans, two, 0.0, Align::Justify)?;
                flow.lines(&lines, Color::Black);
            }
            Block::Heading(h) => {
                let two = 2.0 * spec.char_pitch();
                let lines =
                    flow.compose(&[Span::new(Face::Hei, h.clone())], two, 0.0, Align::Justify)?;
                // Kept with what follows: a line of text, or a table's header and its first row.
                let follow = match doc.body.get(i + 1) {
                    Some(Block::Table(_)) => 3,
                    // A chart moves to a page it fits, and its heading with it.
                    Some(Block::Bars(c)) => (c.rows.len() + usize::from(c.caption.is_some()))
                        .min(spec.lines_per_page - lines.len()),
                    _ => 1,
                };
                flow.need(lines.len() + follow);
                flow.sticky = true;
                flow.lines(&lines, Color::Black);
                flow.sticky = false;
            }
            Block::Table(t) => flow.table(t)?,
            Block::Bars(chart) => flow.bars(chart)?,
            Block::Attachments(items) => {
                // One blank line below the body (GB/T 9704 7.3.4).
                flow.blank(1);
                let pitch = spec.char_pitch();
                for (i, text) in attachment_lines(items).into_iter().enumerate() {
                    let first = if i == 0 { 2.0 * pitch } else { 5.0 * pitch };
                    // A long name wraps under itself, after its number.
                    let number = text
                        .trim_start_matches("附件：")
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect::<String>();
                    let under = (5.0 + chars_wide(&number)) * pitch;
                    let lines =
                        flow.compose(&[Span::new(Face::Fang, text)], first, under, Align::Left)?;
                    flow.lines(&lines, Color::Black);
                }
            }
        }
    }
    flow.signature(&doc.signature)?;
    if let Some(imprint) = &doc.imprint {
        // 信函格式 carries no printing office, date or separator rules in its 版记 (GB/T 9704 §10.1).
        flow.imprint(imprint, matches!(doc.head, Head::Letter { .. }))?;
    }
    flow.folios(matches!(doc.head, Head::Letter { .. }))?;
    if doc.draft {
        flow.draft_marks()?;
    }
    Ok(Sheet {
        meta: doc.meta.clone(),
        pages: flow.pages,
    })
}

/// Places lines on the grid, page after page.
struct Flow<'a> {
    book: &'a FontBook,
    spec: &'a Gbt9704,
    pages: Vec<Page>,
    /// Next free grid line on the current page.
    slot: usize,
    /// Body lines placed on the current page, as (slot, item range, kept with the next line), so the last
    /// ones can move on together.
    placed: Vec<(usize, std::ops::Range<usize>, bool)>,
    /// The lines being placed are a heading's: kept with the line after them.
    sticky: bool,
    ascent: f32,
}

impl<'a> Flow<'a> {
    fn new(book: &'a FontBook, spec: &'a Gbt9704) -> Flow<'a> {
        let ascent = book.font(Face::Fang).ascent;
        let mut flow = Flow {
            book,
            spec,
            pages: Vec::new(),
            slot: 0,
            placed: Vec::new(),
            sticky: false,
            ascent,
        };
        flow.new_page();
        flow
    }

    fn page(&mut self) -> &mut Page {
        self.pages
            .last_mut()
            .unwrap_or_else(|| unreachable!("a flow always has a page"))
    }

    fn new_page(&mut self) {
        self.pages
            .push(Page::new(mm(self.spec.page_w), mm(self.spec.page_h)));
        self.slot = 0;
        self.placed.clear();
    }

    fn style(&self, size: f32, first_indent: f32, indent: f32, align: Align) -> Style {
        Style {
            size,
            grid_scale: self.spec.grid_scale(),
            first_indent,
            indent,
            align,
        }
    }

    fn compose(
        &self,
        spans: &[Span],
        first_indent: f32,
        indent: f32,
        align: Align,
    ) -> Result<Vec<Line>> {
        let style = self.style(self.spec.body_pt, first_indent, indent, align);
        compose(self.book, spans, &style, mm(self.spec.area_w))
    }

    /// The top of grid line `slot` on the page.
    fn slot_top(&self, slot: usize) -> f32 {
        self.spec.area_top() + slot as f32 * self.spec.line_pitch()
    }

    /// The grid line at or after `y`.
    fn slot_at(&self, y: f32) -> usize {
        ((y - self.spec.area_top()) / self.spec.line_pitch() - 0.01)
            .ceil()
            .max(0.0) as usize
    }

    /// Starts a new page unless `n` grid lines are left on this one.
    fn need(&mut self, n: usize) {
        if self.slot + n > self.spec.lines_per_page && self.slot > 0 {
            self.new_page();
        }
    }

    fn line(&mut self, line: &Line, color: Color) {
        if self.slot >= self.spec.lines_per_page {
            self.new_page();
        }
        let em_top = self.slot_top(self.slot) + (self.spec.body_pt - line.size) / 2.0;
        let baseline = em_top + self.ascent * line.size;
        let x0 = self.spec.area_left();
        let slot = self.slot;
        let page = self.page();
        let start = page.items.len();
        for run in line.runs(x0, baseline, color) {
            page.items.push(Item::Text(run));
        }
        let end = page.items.len();
        self.placed.push((slot, start..end, self.sticky));
        self.slot += 1;
    }

    fn lines(&mut self, lines: &[Line], color: Color) {
        for l in lines {
            self.line(l, color);
        }
    }

    fn blank(&mut self, n: usize) {
        // Blank lines never open a page.
        if self.slot > 0 {
            self.slot = (self.slot + n).min(self.spec.lines_per_page);
        }
    }

    /// Text at an absolute position on the current page (the head, the 版记): see [`place_text`].
    fn text_at(
        &mut self,
        face: Face,
        size: f32,
        text: &str,
        x: f32,
        top: f32,
        color: Color,
    ) -> Result<f32> {
        let book = self.book;
        place_text(book, self.page(), face, size, text, x, top, color)
    }

    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        text_width(self.book, face, text, size, 1.0)
    }

    /// A bar chart: its caption, then a row a grid line — the label right-aligned in the first nine
    /// characters, the bar (grey, 0.6 of a line thick) scaled to the largest value over what is left but five
    /// characters, the value after it. A chart that fits a page starts on a page it fits.
    fn bars(&mut self, chart: &Chart) -> Result<()> {
        let spec = self.spec;
        let pitch = spec.char_pitch();
        let size = spec.body_pt * 0.8;
        let label_w = 9.0 * pitch;
        let bar_w = mm(spec.area_w) - label_w - 5.0 * pitch;
        let rows = &chart.rows;
        let max = rows.iter().map(|r| r.value).fold(0.0, f64::max);
        let height = rows.len() + usize::from(chart.caption.is_some());
        if height <= spec.lines_per_page {
            self.need(height);
        }
        if let Some(c) = &chart.caption {
            let two = 2.0 * pitch;
            let lines = self.compose(&[Span::new(Face::Kai, c.clone())], two, 0.0, Align::Left)?;
            self.lines(&lines, Color::Black);
        }
        for r in rows {
            if self.slot >= spec.lines_per_page {
                self.new_page();
            }
            let top = self.slot_top(self.slot);
            let x0 = spec.area_left();
            // Ten characters fit the label's room at the chart's size; a longer label is cut.
            let label: String = if r.label.chars().count() > 10 {
                r.label.chars().take(9).chain(['…']).collect()
            } else {
                r.label.clone()
            };
            let em_top = top + (spec.body_pt - size) / 2.0;
            let w = self.width(Face::Fang, &label, size);
            self.text_at(
                Face::Fang,
                size,
                &label,
                x0 + label_w - pitch * 0.5 - w,
                em_top,
                Color::Black,
            )?;
            let len = if max > 0.0 {
                (r.value / max) as f32 * bar_w
            } else {
                0.0
            };
            let middle = top + spec.body_pt / 2.0;
            let bar_x = x0 + label_w;
            if len > 0.0 {
                self.page().rule(
                    (bar_x, middle),
                    (bar_x + len, middle),
                    spec.body_pt * 0.6,
                    Color::Grey,
                );
            }
            self.text_at(
                Face::Fang,
                size,
                &r.text,
                bar_x + len + pitch * 0.3,
                em_top,
                Color::Black,
            )?;
            self.slot += 1;
        }
        Ok(())
    }
}

fn first_top(items: &[Item], ascent: f32, size: f32) -> f32 {
    items
        .iter()
        .find_map(|i| match i {
            Item::Text(r) => Some(r.baseline - ascent * size),
            _ => None,
        })
        .unwrap_or(0.0)
}

fn shift_line(line: &Line, dx: f32) -> Line {
    let mut l = line.clone();
    let first = l.glyphs.first().map(|g| g.x).unwrap_or(0.0);
    for g in &mut l.glyphs {
        g.x += dx - first;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::fonts::{default_font_dir, FontConfig};

    #[test]
    fn no_heading_is_left_as_the_last_line_of_a_page() {
        let book = FontBook::shared(&FontConfig::builtin(&default_font_dir())).unwrap();
        let spec = Gbt9704::default();
        // A paragraph one line longer each time before a heading and its one-line paragraph: across the
        // cases the heading falls on every line of the first and second pages, the last ones included, and
        // the signature sometimes needs a page of its own.
        for fill in 0..40 {
            let body = vec![
                Block::Para(vec![Span::new(Face::Fang, "审".repeat(28 * fill + 5))]),
                Block::Heading("三、审核结论".into()),
                Block::Para(vec![Span::new(Face::Fang, "经审核，该文件合法。")]),
            ];
            let doc = Official {
                head: Head::Plain,
                corner: None,
                number: None,
                draft: false,
                title: "关于某文件的审核意见".into(),
                addressee: Some("某单位".into()),
                body,
                signature: Signature {
                    issuer: "某局".into(),
                    signers: Vec::new(),
                    date: None,
                },
                imprint: None,
                meta: Meta::default(),
            };
            let sheet = layout(&book, &spec, &doc).unwrap();
            for (n, page) in sheet.pages.iter().enumerate() {
                // The body lines of the page (the folio below the type area aside), lowest last.
                let in_area = |r: &&super::super::layout::TextRun| {
                    r.baseline > spec.area_top() && r.baseline < spec.area_bottom()
                };
                let lowest = page
                    .text_runs()
                    .filter(in_area)
                    .map(|r| r.baseline)
                    .fold(f32::MIN, f32::max);
                let heading_last = page
                    .text_runs()
                    .filter(in_area)
                    .any(|r| r.text().starts_with("三、") && (r.baseline - lowest).abs() < 0.1);
                assert!(
                    !heading_last,
                    "fill {fill}: the heading is the last line of page {}",
                    n + 1
                );
            }
        }
    }
}
