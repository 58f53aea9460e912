//! An official document (公文) laid out after GB/T 9704-2012: the head (信函格式, 文件格式, a firm's letterhead or
//! none), the title, the addressee, body paragraphs and headings on the 22 × 28 grid, tables, the signature and
//! date with room for the seal, the 版记 and the page numbers.

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
    pub printed_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Official {
    pub head: Head,
    pub number: Option<String>,
    /// A draft says so in the margin, so it is never mistaken for the signed letter.
    pub draft: bool,
    pub title: String,
    pub addressee: Option<String>,
    pub body: Vec<Block>,
    pub signature: Signature,
    pub imprint: Option<Imprint>,
    pub meta: Meta,
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
                    _ => 1,
                };
                flow.need(lines.len() + follow);
                flow.lines(&lines, Color::Black);
            }
            Block::Table(t) => flow.table(t)?,
        }
    }
    flow.signature(&doc.signature)?;
    if let Some(imprint) = &doc.imprint {
        // 信函格式 carries no printing office, date or separator rules in its 版记 (GB/T 9704 §10.1).
        flow.imprint(imprint, matches!(doc.head, Head::Letter { .. }))?;
    }
    flow.folios(matches!(doc.head, Head::Letter { .. }))?;
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
    /// Body lines placed on the current page, as (slot, item range), so the last one can move on.
    placed: Vec<(usize, std::ops::Range<usize>)>,
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
        self.placed.push((slot, start..end));
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

    fn head(&mut self, doc: &Official) -> Result<()> {
        let s = self.spec;
        let red_or_black = |head: &Head| {
            if matches!(head, Head::Firm { .. }) {
                Color::Black
            } else {
                Color::Red
            }
        };
        if doc.draft {
            self.text_at(
                Face::Hei,
                s.body_pt,
                "草稿",
                s.area_left(),
                mm(12.0),
                Color::Black,
            )?;
        }
        let number = doc.number.as_deref();
        let title_slot = match &doc.head {
            Head::Letter { issuer } | Head::Firm { firm: issuer } => {
                let color = red_or_black(&doc.head);
                let size =
                    self.fitting_size(Face::Title, issuer, 26.0, mm(s.letter_rule_len - 10.0));
                let w = self.width(Face::Title, issuer, size);
                let top = mm(s.letter_head_top);
                self.text_at(
                    Face::Title,
                    size,
                    issuer,
                    (mm(s.page_w) - w) / 2.0,
                    top,
                    color,
                )?;
                let rule_y = top + size + mm(s.rule_gap);
                let x1 = (mm(s.page_w) - mm(s.letter_rule_len)) / 2.0;
                let x2 = x1 + mm(s.letter_rule_len);
                // Thick above, thin below.
                self.page().rule((x1, rule_y), (x2, rule_y), mm(0.6), color);
                self.page().rule(
                    (x1, rule_y + mm(1.0)),
                    (x2, rule_y + mm(1.0)),
                    mm(0.2),
                    color,
                );
                if matches!(doc.head, Head::Letter { .. }) {
                    // The foot rules 20 mm above the page bottom: thin above, thick below.
                    let y = mm(s.page_h - s.letter_foot_rule);
                    self.page()
                        .rule((x1, y - mm(1.0)), (x2, y - mm(1.0)), mm(0.2), color);
                    self.page().rule((x1, y), (x2, y), mm(0.6), color);
                }
                // The number flush right, 7/8 of a character below the rules.
                let no_top = rule_y + mm(1.0) + s.body_pt * 7.0 / 8.0;
                if let Some(no) = number {
                    let w = self.width(Face::Fang, no, s.body_pt);
                    self.text_at(
                        Face::Fang,
                        s.body_pt,
                        no,
                        s.area_right() - w,
                        no_top,
                        Color::Black,
                    )?;
                }
                self.slot_at(no_top).max(1) + 1
            }
            Head::Document { mark } => {
                let size = self.fitting_size(Face::Title, mark, 36.0, mm(s.area_w));
                let w = self.width(Face::Title, mark, size);
                let top = mm(s.top + s.mark_top);
                let centre = (s.area_left() + s.area_right()) / 2.0;
                self.text_at(Face::Title, size, mark, centre - w / 2.0, top, Color::Red)?;
                // The number two lines below the mark, centred; the red separator 4 mm below it.
                let no_slot = self.slot_at(top + size) + 2;
                let no_top = self.slot_top(no_slot);
                if let Some(no) = number {
                    let w = self.width(Face::Fang, no, s.body_pt);
                    self.text_at(
                        Face::Fang,
                        s.body_pt,
                        no,
                        centre - w / 2.0,
                        no_top,
                        Color::Black,
                    )?;
                }
                let rule_y = no_top + s.body_pt + mm(s.rule_gap);
                self.page().rule(
                    (s.area_left(), rule_y),
                    (s.area_right(), rule_y),
                    mm(0.5),
                    Color::Red,
                );
                self.slot_at(rule_y) + 2
            }
            Head::Plain => 0,
        };
        self.slot = title_slot;
        let title = self.title_lines(&doc.title)?;
        self.lines(&title, Color::Black);
        if let (Head::Plain, Some(no)) = (&doc.head, number) {
            let lines = self.compose(&[Span::new(Face::Fang, no)], 0.0, 0.0, Align::Center)?;
            self.lines(&lines, Color::Black);
        }
        self.blank(1);
        Ok(())
    }

    /// `size`, or smaller so that `text` fits in `width`.
    fn fitting_size(&self, face: Face, text: &str, size: f32, width: f32) -> f32 {
        let w = self.width(face, text, size);
        if w > width {
            size * width / w
        } else {
            size
        }
    }

    /// The title in 2号, centred, broken at word units into balanced lines (book titles in 《》 stay whole
    /// when they fit a line).
    fn title_lines(&self, title: &str) -> Result<Vec<Line>> {
        let s = self.spec;
        let size = s.title_pt;
        let width = mm(s.area_w);
        let missing = self.book.missing(Face::Title, title);
        if !missing.is_empty() {
            return Err(super::layout::missing_glyphs(&missing));
        }
        let (units, penalties) = title_units(title);
        let widths: Vec<f32> = units
            .iter()
            .map(|u| self.width(Face::Title, u, size))
            .collect();
        let breaks = balance(&widths, &penalties, width);
        if breaks.len() > MAX_TITLE_LINES {
            return Err(Error::invalid(
                "标题",
                format!(
                    "标题过长，排版需要 {} 行（公文标题不宜超过 {MAX_TITLE_LINES} 行），请精简后再导出；未生成文件",
                    breaks.len()
                ),
            ));
        }
        let style = Style::solid(size, Align::Center);
        let mut out = Vec::new();
        for range in breaks {
            let text: String = units[range].concat();
            // Each piece fits by construction; compose only centres it.
            let mut lines = compose(self.book, &[Span::new(Face::Title, text)], &style, width)?;
            out.append(&mut lines);
        }
        Ok(out)
    }

    fn table(&mut self, t: &Table) -> Result<()> {
        let s = self.spec;
        let cell = s.char_pitch();
        if t.columns.iter().sum::<usize>() != s.chars_per_line {
            return Err(Error::Print("表格列宽之和须为一行的字数".into()));
        }
        if std::iter::once(&t.header)
            .chain(&t.rows)
            .any(|r| r.len() != t.columns.len())
        {
            return Err(Error::Print("表格每行的格数须与列数相同".into()));
        }
        let size = s.small_pt;
        let pad = mm(1.2);
        let leading = size * 1.45;
        let widths: Vec<f32> = t.columns.iter().map(|&c| c as f32 * cell).collect();
        let compose_row = |row: &[String], face: Face, align: Align| -> Result<Vec<Vec<Line>>> {
            row.iter()
                .zip(&widths)
                .map(|(text, w)| {
                    let style = Style {
                        size,
                        grid_scale: s.grid_scale(),
                        first_indent: 0.0,
                        indent: 0.0,
                        align,
                    };
                    compose(
                        self.book,
                        &[Span::new(face, text.clone())],
                        &style,
                        w - 2.0 * pad,
                    )
                })
                .collect()
        };
        let header = compose_row(&t.header, Face::Hei, Align::Center)?;
        let rows: Vec<Vec<Vec<Line>>> = t
            .rows
            .iter()
            .map(|r| compose_row(r, Face::Fang, Align::Left))
            .collect::<Result<_>>()?;
        let bottom = s.area_bottom();
        let header_h = row_height(&header, leading, pad);
        if header_h + leading + 2.0 * pad > mm(s.area_h) {
            return Err(Error::Print("表格表头过高，一页放不下".into()));
        }
        let mut y = self.slot_top(self.slot.min(s.lines_per_page));
        let mut pending: Vec<Vec<Vec<Line>>> = rows;
        pending.reverse();
        let ascent = self.ascent;
        let mut top_of_table = y;
        // Rows drawn under the current header; `None` until the header is drawn on this page.
        let mut on_page: Option<usize> = None;
        while let Some(row) = pending.pop() {
            if on_page.is_none() {
                // The header with at least one line of a row, or a fresh page.
                if y + header_h + leading + 2.0 * pad > bottom && y > s.area_top() + 0.5 {
                    self.new_page();
                    y = s.area_top();
                }
                top_of_table = y;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
                self.draw_row(&header, &widths, y, leading, pad, ascent);
                y += header_h;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.5, Color::Black);
                on_page = Some(0);
            }
            let h = row_height(&row, leading, pad);
            if y + h <= bottom {
                self.draw_row(&row, &widths, y, leading, pad, ascent);
                y += h;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.5, Color::Black);
                on_page = on_page.map(|n| n + 1);
                continue;
            }
            // Split the row: what fits stays (at least two lines, or whatever fits right under the header, so
            // a row taller than a page still moves on), the rest continues under a repeated header.
            let fit = ((bottom - y - 2.0 * pad) / leading).floor().max(0.0) as usize;
            if fit >= 2 || on_page == Some(0) {
                let (now, later): (Vec<Vec<Line>>, Vec<Vec<Line>>) = row
                    .into_iter()
                    .map(|c| {
                        let k = fit.max(1).min(c.len());
                        (c[..k].to_vec(), c[k..].to_vec())
                    })
                    .unzip();
                let h = row_height(&now, leading, pad);
                self.draw_row(&now, &widths, y, leading, pad, ascent);
                y += h;
                pending.push(later);
            } else {
                pending.push(row);
            }
            self.column_rules(&widths, top_of_table, y);
            self.page()
                .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
            self.new_page();
            y = s.area_top();
            on_page = None;
        }
        self.column_rules(&widths, top_of_table, y);
        self.page()
            .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
        self.slot = self.slot_at(y + mm(1.0));
        self.placed.clear();
        Ok(())
    }

    fn column_rules(&mut self, widths: &[f32], top: f32, bottom: f32) {
        let mut x = self.spec.area_left();
        self.page().rule((x, top), (x, bottom), 0.5, Color::Black);
        for w in widths {
            x += w;
            self.page().rule((x, top), (x, bottom), 0.5, Color::Black);
        }
    }

    fn draw_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        top: f32,
        leading: f32,
        pad: f32,
        ascent: f32,
    ) {
        let mut x = self.spec.area_left();
        for (lines, w) in cells.iter().zip(widths) {
            for (i, l) in lines.iter().enumerate() {
                let baseline =
                    top + pad + i as f32 * leading + (leading - l.size) / 2.0 + ascent * l.size;
                for run in l.runs(x + pad, baseline, Color::Black) {
                    self.page().items.push(Item::Text(run));
                }
            }
            x += w;
        }
    }

    fn signature(&mut self, sig: &Signature) -> Result<()> {
        let s = self.spec;
        // Two blank lines for the seal's upper half, the signers, the issuer and the date on one page with
        // at least the last body line: the seal must touch the text it authenticates.
        let needed = 2 + sig.signers.len() + 2;
        if self.slot + needed > s.lines_per_page {
            let carried = self.placed.last().cloned();
            self.new_page();
            if let Some((_, range)) = carried {
                let prev = self.pages.len() - 2;
                let items: Vec<_> = self.pages[prev].items.drain(range).collect();
                let shift = self.slot_top(0) - first_top(&items, self.ascent, s.body_pt);
                for mut item in items {
                    if let Item::Text(run) = &mut item {
                        run.baseline += shift;
                    }
                    self.page().items.push(item);
                }
                self.slot = 1;
            }
        }
        self.blank(2);
        let pitch = s.char_pitch();
        // The date four characters in from the right; a blank date (a form for handwriting) keeps its place.
        let date = sig
            .date
            .map(fmt_date)
            .unwrap_or_else(|| "　　年　　月　　日".into());
        let date_w = text_width(self.book, Face::Fang, &date, s.body_pt, s.grid_scale());
        let date_left = s.area_right() - 4.0 * pitch - date_w;
        let centre = date_left + date_w / 2.0;
        let issuer = (!sig.issuer.trim().is_empty()).then(|| sig.issuer.clone());
        for text in issuer.iter().chain(&sig.signers) {
            self.centred_line(text, centre)?;
        }
        for l in self.compose(&[Span::new(Face::Fang, date)], 0.0, 0.0, Align::Left)? {
            self.line(&shift_line(&l, date_left - s.area_left()), Color::Black);
        }
        Ok(())
    }

    /// `text` centred on `centre` but never past the type area's edges (a long name wraps instead).
    fn centred_line(&mut self, text: &str, centre: f32) -> Result<()> {
        let s = self.spec;
        let lines = self.compose(&[Span::new(Face::Fang, text)], 0.0, 0.0, Align::Left)?;
        for l in &lines {
            let w = l.end();
            let left = (centre - w / 2.0)
                .min(s.area_right() - w)
                .max(s.area_left());
            self.line(&shift_line(l, left - s.area_left()), Color::Black);
        }
        Ok(())
    }

    /// The 版记 at the foot of the last page: 抄送 lines and the printing office between 0.35 mm rules, the last
    /// one on the type area's bottom edge; `bare` (信函格式) prints the 抄送 lines alone.
    fn imprint(&mut self, imp: &Imprint, bare: bool) -> Result<()> {
        let s = self.spec;
        let size = s.small_pt;
        let one = size * s.grid_scale();
        let style = Style {
            size,
            grid_scale: s.grid_scale(),
            first_indent: 0.0,
            indent: 3.0 * one,
            align: Align::Justify,
        };
        let width = mm(s.area_w) - 2.0 * one;
        let cc = if imp.cc.is_empty() {
            Vec::new()
        } else {
            let text = format!("抄送：{}。", imp.cc.join("，"));
            compose(self.book, &[Span::new(Face::Fang, text)], &style, width)?
        };
        let rows = cc.len() + usize::from(!bare);
        if rows == 0 {
            return Ok(());
        }
        if self.slot + rows + 1 > s.lines_per_page {
            self.new_page();
        }
        let pitch = s.line_pitch();
        let bottom = s.area_bottom();
        let top = bottom - rows as f32 * pitch;
        let x0 = s.area_left() + one;
        let ascent = self.ascent;
        let em_top = |row: usize| top + row as f32 * pitch + (pitch - size) / 2.0;
        let (left, right) = (s.area_left(), s.area_right());
        let (thick, thin) = (mm(s.rule_thick), mm(s.rule_thin));
        if !bare {
            self.page()
                .rule((left, top), (right, top), thick, Color::Black);
        }
        for (i, l) in cc.iter().enumerate() {
            let runs = l.runs(x0, em_top(i) + ascent * size, Color::Black);
            self.page().items.extend(runs.into_iter().map(Item::Text));
        }
        if !bare {
            if !cc.is_empty() {
                let y = top + cc.len() as f32 * pitch;
                self.page().rule((left, y), (right, y), thin, Color::Black);
            }
            let printed = format!("{}印发", fmt_date(imp.printed_on));
            let row = em_top(cc.len());
            self.text_at(Face::Fang, size, &imp.printer, x0, row, Color::Black)?;
            let w = text_width(self.book, Face::Fang, &printed, size, 1.0);
            self.text_at(
                Face::Fang,
                size,
                &printed,
                right - one - w,
                row,
                Color::Black,
            )?;
            self.page()
                .rule((left, bottom), (right, bottom), thick, Color::Black);
        }
        self.slot = s.lines_per_page;
        Ok(())
    }

    /// "— 1 —" in 4号 宋体 7 mm below the type area: odd pages one character in from the right, even pages one
    /// character in from the left.
    fn folios(&mut self, skip_first: bool) -> Result<()> {
        let s = self.spec.clone();
        let size = s.small_pt;
        let centre = mm(s.top + s.area_h + s.folio_gap);
        let top = centre - size / 2.0;
        for i in 0..self.pages.len() {
            let n = i + 1;
            if n == 1 && skip_first {
                continue;
            }
            let text = format!("— {n} —");
            let w = text_width(self.book, Face::Song, &text, size, 1.0);
            let x = if n % 2 == 1 {
                s.area_right() - size - w
            } else {
                s.area_left() + size
            };
            place_text(
                self.book,
                &mut self.pages[i],
                Face::Song,
                size,
                &text,
                x,
                top,
                Color::Black,
            )?;
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

fn row_height(cells: &[Vec<Line>], leading: f32, pad: f32) -> f32 {
    let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    n as f32 * leading + 2.0 * pad
}

/// The title's break units (characters, with numbers and Latin words whole) and, for each break between two
/// units, a penalty: 0 at a natural pause (after 关于 / 、, before 的 / 《 / after 》), 1 elsewhere, 3 inside a
/// book title in 《》.
fn title_units(title: &str) -> (Vec<String>, Vec<u32>) {
    let units: Vec<String> = linebreak::units(title)
        .into_iter()
        .map(String::from)
        .collect();
    let mut penalties = Vec::with_capacity(units.len());
    let mut depth = 0i32;
    let mut before = String::new();
    for (i, u) in units.iter().enumerate() {
        depth += u.matches('《').count() as i32 - u.matches('》').count() as i32;
        before.push_str(u);
        let next = units.get(i + 1).map(String::as_str).unwrap_or("");
        let natural = before.ends_with("关于")
            || before.ends_with('、')
            || before.ends_with('》')
            || next.starts_with('的')
            || next.starts_with('《');
        penalties.push(if depth > 0 {
            3
        } else if natural {
            0
        } else {
            1
        });
    }
    (units, penalties)
}

/// Splits units of the given widths into the fewest lines of at most `width`; among those, the split with the
/// smallest penalty, then the most even (the longest line as short as it can be; on a tie the later lines
/// are the longer). `penalty[i]` is the cost of breaking after unit `i`. A unit wider than a line gets a
/// line of its own.
fn balance(widths: &[f32], penalty: &[u32], width: f32) -> Vec<std::ops::Range<usize>> {
    let n = widths.len();
    if n == 0 {
        return Vec::new();
    }
    let prefix: Vec<f32> = std::iter::once(0.0)
        .chain(widths.iter().scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let seg = |a: usize, b: usize| prefix[b] - prefix[a];
    let mut lines = 0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && seg(i, j + 1) <= width + 0.01 {
            j += 1;
        }
        lines += 1;
        i = j;
    }
    // best[k][i]: (penalty, longest line, end of the first line) for units i.. in exactly k lines.
    let none = (u32::MAX, f32::INFINITY, n);
    let mut best = vec![vec![none; n + 1]; lines + 1];
    best[0][n] = (0, 0.0, n);
    for k in 1..=lines {
        for i in (0..n).rev() {
            for j in (i + 1)..=n {
                let w = seg(i, j);
                if w > width + 0.01 && j > i + 1 {
                    break;
                }
                let (rest_pen, rest_w, _) = best[k - 1][j];
                if rest_pen == u32::MAX {
                    continue;
                }
                let pen = rest_pen + if j < n { penalty[j - 1] } else { 0 };
                let cost = (pen, w.max(rest_w));
                let cur = best[k][i];
                let better = cost.0 < cur.0
                    || (cost.0 == cur.0
                        && (cost.1 < cur.1 - 0.01 || (cost.1 <= cur.1 + 0.01 && j < cur.2)));
                if better {
                    best[k][i] = (cost.0, cost.1, j);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut k = lines;
    while i < n && k > 0 {
        let j = best[k][i].2;
        out.push(i..j);
        i = j;
        k -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_take_the_fewest_lines_and_break_at_natural_pauses() {
        // Ten equal units in lines of four: three lines, the longest of four, the last line the longest.
        let ranges = balance(&[1.0; 10], &[1; 10], 4.0);
        assert_eq!(ranges.len(), 3);
        assert!(ranges.iter().all(|r| r.len() <= 4));
        assert_eq!(ranges.last().map(|r| r.len()), Some(4));
        // A free break after unit 5 beats an even split.
        let mut pen = vec![1; 10];
        pen[5] = 0;
        assert_eq!(balance(&[1.0; 10], &pen, 7.0), vec![0..6, 6..10]);
        let (units, pen) = title_units("关于《某区城市管理办法》的审核意见");
        let at = |s: &str| units.iter().position(|u| u == s).map(|i| pen[i]);
        assert_eq!(at("于"), Some(0), "after 关于");
        assert_eq!(at("市"), Some(3), "inside 《》");
        assert_eq!(at("法》"), Some(0), "before 的");
    }
}
