//! Reading a table a person brings to an import — a table pasted from Excel, WPS or Word (tab-separated
//! text), a CSV file (UTF-8, or GBK as WPS and Chinese Excel save it), or an Excel workbook's first sheet —
//! as rows under a header, each column found by any of the names offices give it. The key-task import is
//! its first user; a general importer of old registers grows from here: another record kind brings its own
//! columns and its own check of a row.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// A column an import reads: its code, the header names it is known by (compared without spaces), whether
/// a table without it is refused, and whether an empty cell takes the value above it (a merged cell: a part
/// heading over several rows).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub code: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
    pub fill_down: bool,
}

/// One row of data: where it was (the line or sheet row a person sees, 1-based) and its cells by column code
/// (trimmed; only the columns the table has).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub line: usize,
    pub cells: BTreeMap<&'static str, String>,
}

impl Row {
    pub fn get(&self, code: &str) -> &str {
        self.cells.get(code).map_or("", String::as_str)
    }

    /// The row's text where it has exactly one cell with anything in it (a heading row of a pasted table).
    pub fn only_cell(&self) -> Option<&str> {
        let mut full = self.cells.values().filter(|v| !v.is_empty());
        match (full.next(), full.next()) {
            (Some(one), None) => Some(one.as_str()),
            _ => None,
        }
    }
}

/// A header as compared: no spaces or line breaks, full-width brackets as ASCII.
fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The table in `bytes`: an Excel workbook (by its content) or text. Refused with a message a person can act
/// on: an unreadable or binary file, text in no encoding offices save, no header naming the required columns.
pub fn read_table(bytes: &[u8], columns: &[Column]) -> Result<Vec<Row>> {
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        let sheet = crate::search::extract::first_sheet_rows(bytes).ok_or_else(|| {
            Error::invalid(
                "导入文件",
                "不是有效的 Excel 工作簿（.xlsx），或第一个工作表已损坏、过大；旧版 .xls 请在 Excel 或 WPS 中另存为 .xlsx 或 CSV",
            )
        })?;
        // A sheet's rows are at their numbers already.
        sheet
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect()
    } else {
        let text = decode(bytes)?;
        text_rows(&text)?
    };
    rows_under_header(grid, columns)
}

/// Text in UTF-8 (with or without a byte-order mark), UTF-16 with one, or GBK/GB18030; refused otherwise, or
/// when it holds control characters (a binary file named .csv).
fn decode(bytes: &[u8]) -> Result<String> {
    let text = crate::search::extract::decode_text(bytes).ok_or_else(|| {
        Error::invalid(
            "导入文件",
            "文件编码无法识别：请在 Excel 或 WPS 中另存为「CSV UTF-8」或 GBK 编码的 CSV，或直接粘贴表格",
        )
    })?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Error::invalid(
            "导入文件",
            "不是表格文件：请导入 .xlsx 或 .csv，或直接粘贴表格",
        ));
    }
    Ok(text)
}

/// Rows of text, each with the line it starts on: tab-separated when more of the first lines have tabs than
/// commas (a pasted table, maybe under a title line), else comma-separated; quoted cells may hold commas, tabs
/// and line breaks, as Excel writes them.
fn text_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let first: Vec<&str> = text.lines().take(20).collect();
    let with = |c: char| first.iter().filter(|l| l.contains(c)).count();
    let delimiter = if with('\t') >= with(',').max(1) {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::invalid(
                "导入文件",
                format!(
                    "第{}行无法读取（{}）",
                    e.position().map_or(0, |p| p.line()),
                    e
                ),
            )
        })?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

/// The data under the header: the header is the first of the first ten rows that names a required column
/// (a title row above it is skipped); every required column must be there. Empty rows are left out.
fn rows_under_header(grid: Vec<(usize, Vec<String>)>, columns: &[Column]) -> Result<Vec<Row>> {
    let find = |cells: &[String]| -> Vec<(usize, &'static str)> {
        cells
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let key = header_key(cell);
                columns
                    .iter()
                    .find(|c| c.names.iter().any(|n| header_key(n) == key))
                    .map(|c| (i, c.code))
            })
            .collect()
    };
    let required: Vec<&Column> = columns.iter().filter(|c| c.required).collect();
    let header = grid.iter().take(10).position(|(_, row)| {
        let found = find(row);
        required
            .iter()
            .any(|c| found.iter().any(|(_, code)| *code == c.code))
    });
    let Some(at) = header else {
        return Err(Error::invalid(
            "导入文件",
            format!(
                "没有找到表头：表格第一行应为列名，至少包括{}",
                names_of(&required)
            ),
        ));
    };
    let found = find(&grid[at].1);
    let missing: Vec<&Column> = required
        .iter()
        .copied()
        .filter(|c| !found.iter().any(|(_, code)| *code == c.code))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            "导入文件",
            format!("表头缺少必需的列：{}", names_of(&missing)),
        ));
    }
    let mut above: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut rows = Vec::new();
    for (line, cells) in grid.into_iter().skip(at + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row {
            line,
            cells: BTreeMap::new(),
        };
        for &(col, code) in &found {
            let mut v = cells.get(col).map_or("", |c| c.trim()).to_string();
            let spec = columns.iter().find(|c| c.code == code);
            if spec.is_some_and(|c| c.fill_down) {
                if v.is_empty() {
                    v = above.get(code).cloned().unwrap_or_default();
                } else {
                    above.insert(code, v.clone());
                }
            }
            row.cells.insert(code, v);
        }
        rows.push(row);
    }
    Ok(rows)
}

fn names_of(columns: &[&Column]) -> String {
    columns
        .iter()
        .map(|c| format!("「{}」", c.names[0]))
        .collect::<Vec<_>>()
        .join("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            code: "no",
            names: &["序号"],
            required: false,
            fill_down: false,
        },
        Column {
            code: "part",
            names: &["类别", "部分"],
            required: false,
            fill_down: true,
        },
        Column {
            code: "title",
            names: &["工作任务", "重点工作"],
            required: true,
            fill_down: false,
        },
    ];

    #[test]
    fn a_pasted_table_a_csv_and_a_gbk_csv_read_alike() {
        let pasted = "2017年重点工作，全区\n序号\t部 分\t工作任务\n1\t一、职能\t\"清理\n证明事项\"\n2\t\t公布清单\n\n";
        let rows = read_table(pasted.as_bytes(), COLUMNS).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 3);
        assert_eq!(
            rows[1].line, 5,
            "the line it starts on, after a cell of two lines"
        );
        assert_eq!(rows[0].get("title"), "清理\n证明事项");
        assert_eq!(rows[1].get("part"), "一、职能", "a merged cell fills down");
        let csv = "序号,工作任务,类别\r\n1,\"清理,证明事项\",一、职能\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(csv);
        for bytes in [csv.as_bytes(), &gbk[..]] {
            let rows = read_table(bytes, COLUMNS).unwrap();
            assert_eq!(rows[0].get("title"), "清理,证明事项");
            assert_eq!(rows[0].get("part"), "一、职能");
        }
    }

    #[test]
    fn a_table_without_its_columns_or_in_no_encoding_is_refused() {
        let e = read_table("序号,标题\n1,甲\n".as_bytes(), COLUMNS)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("没有找到表头") && e.contains("「工作任务」"),
            "{e}"
        );
        let e = read_table(&[0xff, 0xfe, 0x00, 0xd8, 0x41], COLUMNS)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("编码无法识别") || e.contains("不是表格文件"),
            "{e}"
        );
        let e = read_table(&[0x81, 0x20, 0xfe, 0xff, 0x80], COLUMNS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("编码无法识别"), "{e}");
        let e = read_table(b"PK\x03\x04broken", COLUMNS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("不是有效的 Excel 工作簿"), "{e}");
    }
}
