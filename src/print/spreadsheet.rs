//! Tables for a spreadsheet: the statistics workbook and the register of a filtered list, written as XLSX
//! (rust_xlsxwriter) and as CSV (UTF-8 with a byte-order mark, so WPS and Excel open it in Chinese).
//!
//! A cell keeps its type — a date is a date, an amount a number — so the office can sort, filter and add up in
//! Excel; the header row is frozen and filtered, and each column is as wide as its longest text, a Chinese
//! character counting twice.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use crate::error::{Error, Result};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// An amount in 元, shown with two decimals and thousands separators.
    Amount(f64),
    /// A rate between 0 and 1, shown as a percentage with one decimal.
    Rate(f64),
    /// A number with decimals as they come (a median of working days).
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell as text, for CSV: dates `2017-03-05`, rates `66.7%`, amounts `1234.50`.
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Amount(v) => format!("{v:.2}"),
            Cell::Rate(r) => crate::model::stats::percent(*r),
            Cell::Number(v) => format!("{v}"),
            Cell::Date(d) => d.to_string(),
        }
    }

    /// How wide the cell is in Excel's character units (a Chinese character is two).
    fn width(&self) -> f64 {
        match self {
            Cell::Date(_) => 11.0,
            Cell::Amount(v) => (format!("{v:.2}").len() as f64 * 1.25).max(8.0),
            other => other
                .plain()
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
                .sum(),
        }
    }
}

/// A table: a sheet of the workbook, or the whole of a CSV (or, as text, a table of the CLI or a PDF).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// Lines above the header: a title, the period, a note.
    pub title: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines below the rows: the definitions of what is counted.
    pub notes: Vec<String>,
}

impl Table {
    /// The rows as text, empty cells as —: a table to print rather than to compute with.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Empty => "—".to_string(),
                        c => c.plain(),
                    })
                    .collect()
            })
            .collect()
    }
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Refused(format!("无法生成 Excel 文件：{e}"))
}

/// The widest a column is drawn, in characters, however long a text in it is (a long text wraps instead).
const MAX_WIDTH: f64 = 60.0;

/// Writes `tables` as the sheets of one workbook.
pub fn write_xlsx(tables: &[Table]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let font = "宋体";
    let base = Format::new().set_font_name(font).set_font_size(11);
    let title = base.clone().set_bold().set_font_size(14);
    let head = base
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDD_E4_EE))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let text = base.clone().set_text_wrap().set_align(FormatAlign::Top);
    let int = base.clone().set_num_format("0").set_align(FormatAlign::Top);
    let amount = base
        .clone()
        .set_num_format("#,##0.00")
        .set_align(FormatAlign::Top);
    let rate = base
        .clone()
        .set_num_format("0.0%")
        .set_align(FormatAlign::Top);
    let number = base
        .clone()
        .set_num_format("0.0")
        .set_align(FormatAlign::Top);
    let date = base
        .clone()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let note = base.clone();
    for t in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&t.name).map_err(xlsx_error)?;
        let mut row: u32 = 0;
        for line in &t.title {
            let f = if row == 0 { &title } else { &note };
            sheet
                .write_string_with_format(row, 0, line, f)
                .map_err(xlsx_error)?;
            row += 1;
        }
        let header_row = row;
        let mut widths: Vec<f64> = t
            .headers
            .iter()
            .map(|h| Cell::text(h.as_str()).width().max(6.0))
            .collect();
        for (c, h) in t.headers.iter().enumerate() {
            sheet
                .write_string_with_format(row, c as u16, h, &head)
                .map_err(xlsx_error)?;
        }
        row += 1;
        for cells in &t.rows {
            for (c, cell) in cells.iter().enumerate() {
                let col = c as u16;
                if let Some(w) = widths.get_mut(c) {
                    *w = w.max(cell.width());
                }
                match cell {
                    Cell::Empty => Ok(&mut *sheet),
                    Cell::Text(s) => sheet.write_string_with_format(row, col, s, &text),
                    Cell::Int(n) => sheet.write_number_with_format(row, col, *n as f64, &int),
                    Cell::Amount(v) => sheet.write_number_with_format(row, col, *v, &amount),
                    Cell::Rate(r) => sheet.write_number_with_format(row, col, *r, &rate),
                    Cell::Number(v) => sheet.write_number_with_format(row, col, *v, &number),
                    Cell::Date(d) => {
                        let day = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(xlsx_error)?;
                        sheet.write_datetime_with_format(row, col, &day, &date)
                    }
                }
                .map_err(xlsx_error)?;
            }
            row += 1;
        }
        for (c, w) in widths.iter().enumerate() {
            sheet
                .set_column_width(c as u16, (w + 1.0).min(MAX_WIDTH))
                .map_err(xlsx_error)?;
        }
        if !t.headers.is_empty() {
            sheet
                .set_freeze_panes(header_row + 1, 0)
                .map_err(xlsx_error)?;
            sheet
                .autofilter(
                    header_row,
                    0,
                    row.saturating_sub(1).max(header_row),
                    t.headers.len() as u16 - 1,
                )
                .map_err(xlsx_error)?;
        }
        row += 1;
        for line in &t.notes {
            sheet
                .write_string_with_format(row, 0, line, &note)
                .map_err(xlsx_error)?;
            row += 1;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// Writes `table` as CSV: UTF-8 with a byte-order mark, the title lines and notes left out (a CSV is read by
/// programs as much as by people, and they expect the header first).
pub fn write_csv(table: &Table) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 * (table.rows.len() + 1));
    out.extend_from_slice("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let failed = |e: csv::Error| Error::Refused(format!("无法生成 CSV 文件：{e}"));
        w.write_record(&table.headers).map_err(failed)?;
        for row in &table.rows {
            w.write_record(row.iter().map(Cell::plain))
                .map_err(failed)?;
        }
        w.flush()
            .map_err(|e| Error::Refused(format!("无法生成 CSV 文件：{e}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_starts_with_the_byte_order_mark_and_quotes_what_needs_it() {
        let t = Table {
            name: "登记簿".into(),
            headers: vec!["事项名称".into(), "收文日期".into(), "金额".into()],
            rows: vec![vec![
                Cell::text("关于\"引号\"，和逗号的通知"),
                Cell::Date(NaiveDate::from_ymd_opt(2017, 3, 5).unwrap()),
                Cell::Amount(1234.5),
            ]],
            ..Default::default()
        };
        let bytes = write_csv(&t).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "事项名称,收文日期,金额\r\n\"关于\"\"引号\"\"，和逗号的通知\",2017-03-05,1234.50\r\n"
        );
    }

    #[test]
    fn chinese_counts_twice_in_a_column_s_width() {
        assert!(Cell::text("规范性文件").width() > Cell::text("abcdefghi").width());
    }
}
