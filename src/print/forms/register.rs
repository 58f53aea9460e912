//! The case register (台账) as landscape pages, its header repeated on every page.

use super::*;

/// One row of the register, as the paper 收文登记簿 has it.
#[derive(Debug, Clone)]
pub struct RegisterRow {
    pub reg_no: String,
    pub received: String,
    /// The kind's short name (规范性文件, 合同 …).
    pub kind: String,
    pub title: String,
    pub unit: String,
    pub assignee: String,
    pub advisors: String,
    /// A contract's amount (or a penalty's), as offices write it.
    pub amount: String,
    pub due: String,
    pub closed: String,
    pub outcome: String,
    pub note: String,
}

/// The register's columns: relative width and header. At 9 pt on landscape A4 every date (2026-03-02),
/// number, kind and header fits its column on one line; titles, units and notes wrap.
pub(super) const REGISTER_COLUMNS: [(f32, &str); 14] = [
    (5.0, "序号"),
    (8.0, "登记编号"),
    (10.0, "收文日期"),
    (10.0, "类别"),
    (23.0, "事项名称"),
    (13.0, "送审单位"),
    (7.0, "承办人"),
    (8.0, "法律顾问"),
    (9.0, "金额"),
    (10.0, "期限"),
    (10.0, "办结日期"),
    (7.0, "结论"),
    (9.0, "备注"),
    (7.0, "签收"),
];

impl RegisterRow {
    /// The row's cells under [`REGISTER_COLUMNS`], `seq` its 序号; 签收 left blank for a signature.
    pub(super) fn cells(&self, seq: usize) -> [String; 14] {
        [
            seq.to_string(),
            self.reg_no.clone(),
            self.received.clone(),
            self.kind.clone(),
            self.title.clone(),
            self.unit.clone(),
            self.assignee.clone(),
            self.advisors.clone(),
            self.amount.clone(),
            self.due.clone(),
            self.closed.clone(),
            self.outcome.clone(),
            self.note.clone(),
            String::new(),
        ]
    }
}

/// A register's table: its heading, columns (relative width, header), and rows of cells, each row named by
/// its 登记编号 — the review register's columns, or a register kind's own (行政应诉台账: 案号, 原告, 庭审 …).
#[derive(Debug, Clone)]
pub struct RegisterTable {
    pub heading: String,
    pub columns: Vec<(f32, &'static str)>,
    pub rows: Vec<Vec<String>>,
    pub names: Vec<String>,
}

impl RegisterTable {
    /// The review register (审查案件登记台账) of `rows`, with 序号 and a blank 签收.
    pub fn review(heading: String, rows: &[RegisterRow]) -> RegisterTable {
        RegisterTable {
            heading,
            columns: REGISTER_COLUMNS.to_vec(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| r.cells(i + 1).to_vec())
                .collect(),
            names: rows.iter().map(|r| r.reg_no.clone()).collect(),
        }
    }
}

/// A register (台账) as landscape A4 pages, the header repeated on each, numbered "第 n 页 共 m 页".
pub fn register_sheet(book: &FontBook, table: &RegisterTable) -> Result<Sheet> {
    // Which of a year's records to correct, not only which character.
    let name = |i: usize| format!("登记编号 {}", table.names[i]);
    let mut pages = table_pages(book, &table.heading, &table.columns, &table.rows, name)?;
    number_pages(book, &mut pages, &format!("（{} 件）", table.rows.len()))?;
    Ok(Sheet {
        meta: Meta {
            title: table.heading.clone(),
            author: String::new(),
            subject: format!("{} 件案件", table.rows.len()),
            date: None,
        },
        pages,
    })
}

/// Puts "第 n 页　共 m 页" and `note` at the foot of each of `pages`.
pub fn number_pages(book: &FontBook, pages: &mut [Page], note: &str) -> Result<()> {
    let n = pages.len();
    for (k, p) in pages.iter_mut().enumerate() {
        let t = format!("第 {} 页　共 {n} 页　{note}", k + 1);
        let t = t.trim_end();
        let tw = text_width(book, Face::Fang, t, 10.5, 1.0);
        let (pw, ph) = (p.width, p.height);
        text(book, p, Face::Fang, 10.5, t, (pw - tw) / 2.0, ph - mm(12.0))?;
    }
    Ok(())
}

/// A table as landscape A4 pages under `heading`, its header row repeated on each page: `cols` are the
/// columns' relative widths and headers, `rows` the cells (as many as columns); cells wrap, and a row never
/// outgrows a page. `row_name(i)` names row `i` in a refusal (a character the fonts lack). Not numbered: see
/// [`number_pages`].
pub fn table_pages(
    book: &FontBook,
    heading: &str,
    cols: &[(f32, &str)],
    rows: &[Vec<String>],
    row_name: impl Fn(usize) -> String,
) -> Result<Vec<Page>> {
    let (pw, ph) = (mm(297.0), mm(210.0));
    let left = mm(15.0);
    let width = pw - 2.0 * left;
    let unit = width / cols.iter().map(|c| c.0).sum::<f32>();
    let size = 9.0;
    let leading = size * 1.4;
    let pad = mm(1.2);
    let ascent = book.font(Face::Fang).ascent;
    let cell_lines =
        |texts: Vec<&str>, face: Face| -> Result<Vec<Vec<crate::print::layout::Line>>> {
            texts
                .iter()
                .zip(cols.iter())
                .map(|(t, (w, _))| {
                    let style = Style::solid(size, Align::Left);
                    compose(book, &[Span::new(face, *t)], &style, w * unit - 2.0 * pad)
                })
                .collect()
        };
    let header = cell_lines(cols.iter().map(|c| c.1).collect(), Face::Hei)?;
    let body: Vec<Vec<Vec<crate::print::layout::Line>>> = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            cell_lines(cells.iter().map(String::as_str).collect(), Face::Fang).map_err(
                |e| match e {
                    Error::Print(why) => Error::Print(format!("{}：{why}", row_name(i))),
                    e => e,
                },
            )
        })
        .collect::<Result<_>>()?;
    let height = |cells: &[Vec<crate::print::layout::Line>]| {
        cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading + 2.0 * pad
    };
    let top = mm(30.0);
    let bottom = ph - mm(18.0);
    // A row never outgrows a page: a cell longer than that (a title of 100 characters in a narrow column
    // cannot be) keeps what fits.
    let most = ((bottom - top - height(&header) - 2.0 * pad) / leading).floor() as usize;
    let body: Vec<Vec<Vec<crate::print::layout::Line>>> = body
        .into_iter()
        .map(|cells| {
            cells
                .into_iter()
                .map(|mut c| {
                    c.truncate(most);
                    c
                })
                .collect()
        })
        .collect();
    let mut pages: Vec<Page> = Vec::new();
    let mut y = bottom;
    let mut table_top = top;
    let mut i = 0;
    let draw_cells = |page: &mut Page, cells: &[Vec<crate::print::layout::Line>], y: f32| {
        let mut x = left;
        for (lines, (w, _)) in cells.iter().zip(cols.iter()) {
            for (k, l) in lines.iter().enumerate() {
                let baseline =
                    y + pad + k as f32 * leading + (leading - size) / 2.0 + ascent * size;
                for run in l.runs(x + pad, baseline, Color::Black) {
                    page.items.push(Item::Text(run));
                }
            }
            x += w * unit;
        }
    };
    loop {
        let next_h = body.get(i).map(|r| height(r));
        let full = match next_h {
            Some(h) => y + h > bottom,
            None => false,
        };
        if pages.is_empty() || full {
            if let Some(p) = pages.last_mut() {
                close_table(p, left, cols, unit, table_top, y);
            }
            let mut p = Page::new(pw, ph);
            let tw = text_width(book, Face::Title, heading, 18.0, 1.0);
            text(
                book,
                &mut p,
                Face::Title,
                18.0,
                heading,
                (pw - tw) / 2.0,
                mm(12.0),
            )?;
            table_top = top;
            p.rule((left, top), (left + width, top), 1.0, Color::Black);
            draw_cells(&mut p, &header, top);
            y = top + height(&header);
            p.rule((left, y), (left + width, y), 0.5, Color::Black);
            pages.push(p);
        }
        let Some(h) = next_h else { break };
        let p = pages.last_mut().unwrap_or_else(|| unreachable!());
        draw_cells(p, &body[i], y);
        y += h;
        p.rule((left, y), (left + width, y), 0.5, Color::Black);
        i += 1;
    }
    if let Some(p) = pages.last_mut() {
        close_table(p, left, cols, unit, table_top, y);
    }
    Ok(pages)
}

pub(super) fn close_table(
    p: &mut Page,
    left: f32,
    cols: &[(f32, &str)],
    unit: f32,
    top: f32,
    bottom: f32,
) {
    let mut x = left;
    p.rule((x, top), (x, bottom), 1.0, Color::Black);
    for (w, _) in cols {
        x += w * unit;
        p.rule((x, top), (x, bottom), 0.5, Color::Black);
    }
    p.rule((x, top), (x, bottom), 1.0, Color::Black);
    p.rule((left, bottom), (x, bottom), 1.0, Color::Black);
}
