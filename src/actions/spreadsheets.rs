//! Spreadsheets the office takes into Excel or WPS: the register of any filtered list (every field of the kinds
//! in it, dates as dates and amounts as numbers) and the statistics workbook (a sheet per group of figures,
//! each figure with its definition). Both as XLSX; the register also as CSV.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::stats::{Statistics, StatsRequest};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::case::{FieldType, CASE_FIELDS};
use crate::model::stats::Measure;
use crate::model::validate;
use crate::model::{CaseKind, Person};
use crate::print::spreadsheet::{write_csv, write_xlsx, Cell, Table};
use crate::store::{CaseFilter, Store};

/// The spreadsheet formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetType {
    Xlsx,
    Csv,
}

impl SheetType {
    pub fn extension(self) -> &'static str {
        match self {
            SheetType::Xlsx => "xlsx",
            SheetType::Csv => "csv",
        }
    }

    /// The format a file name asks for by its extension.
    pub fn of_path(path: &std::path::Path) -> Result<SheetType> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => Ok(SheetType::Xlsx),
            Some("csv") => Ok(SheetType::Csv),
            _ => Err(Error::invalid(
                "文件类型",
                format!("「{}」须以 .xlsx 或 .csv 结尾", path.display()),
            )),
        }
    }
}

/// Fields the register's first columns already give.
const FIRST_COLUMNS: &[&str] = &[
    "title", "unit", "received", "assignee", "advisors", "outcome",
];

/// A field's text as a typed cell: a date as a date, an amount or a number as a number.
fn field_cell(ty: FieldType, raw: Option<String>) -> Cell {
    let Some(raw) = raw.filter(|s| !s.is_empty()) else {
        return Cell::Empty;
    };
    match ty {
        FieldType::Date => validate::date("", &raw).map_or(Cell::Text(raw), Cell::Date),
        FieldType::Amount => raw
            .replace(',', "")
            .trim_end_matches('元')
            .trim()
            .parse::<f64>()
            .map_or(Cell::Text(raw), Cell::Amount),
        FieldType::Year | FieldType::Number => raw
            .trim_end_matches('年')
            .parse::<i64>()
            .map_or(Cell::Text(raw), Cell::Int),
        _ => Cell::Text(raw),
    }
}

fn date_cell(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

/// The register of the cases `filter` selects, oldest first: the register's columns, then every field of the
/// kinds among them (a field some kinds lack is empty for those).
pub fn register_table(store: &Store, filter: &CaseFilter) -> Result<Table> {
    let cases = store.cases_of_filter(filter)?;
    let units = super::unit_names(store)?;
    let people: BTreeMap<PersonId, String> = store
        .all::<Person>()?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let kinds: BTreeSet<CaseKind> = cases.iter().map(|(c, _)| c.kind()).collect();
    let only = (kinds.len() == 1).then(|| *kinds.iter().next().unwrap_or(&CaseKind::Advice));
    let label =
        |code: &str, generic: &'static str| match (only, crate::model::case::field_spec(code)) {
            (Some(k), Ok(spec)) => spec.label_for(k),
            _ => generic,
        };
    let extra: Vec<_> = CASE_FIELDS
        .iter()
        .filter(|f| !FIRST_COLUMNS.contains(&f.code))
        .filter(|f| kinds.iter().any(|k| f.applies_to(*k)))
        .collect();
    let mut headers: Vec<String> = [
        "登记编号",
        "类别",
        label("title", "事项名称"),
        label("unit", "单位"),
        label("received", "收文日期"),
        "状态",
        "承办人",
        "法律顾问",
        "审查结论",
        "出具意见日期",
        "最近到期",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers.extend(extra.iter().map(|f| match only {
        Some(k) => f.label_for(k).to_string(),
        None => f.label.to_string(),
    }));
    let name = |id: Option<&PersonId>| id.and_then(|p| people.get(p)).cloned().unwrap_or_default();
    let mut rows = Vec::with_capacity(cases.len());
    for (c, next_due) in &cases {
        let mut row = vec![
            Cell::text(c.reg_no.to_string()),
            Cell::text(c.kind().short_label()),
            Cell::text(c.title.as_str()),
            Cell::text(units.get(&c.unit_id).cloned().unwrap_or_default()),
            Cell::Date(c.received),
            Cell::text(c.status.label()),
            Cell::text(name(c.assignee_id.as_ref())),
            Cell::text(
                c.advisor_ids
                    .iter()
                    .map(|a| name(Some(a)))
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            Cell::text(c.outcome.map(|o| o.label()).unwrap_or_default()),
            date_cell(c.opinion_on),
            date_cell(*next_due),
        ];
        for f in &extra {
            let cell = if !f.applies_to(c.kind()) {
                Cell::Empty
            } else {
                match f.ty {
                    FieldType::UnitList => Cell::text(super::co_unit_names(store, c)?.join("、")),
                    _ => field_cell(f.ty, c.field_text(f.code)),
                }
            };
            row.push(cell);
        }
        rows.push(row);
    }
    let what = only.map_or("案件", CaseKind::short_label);
    Ok(Table {
        name: "登记簿".into(),
        title: vec![
            format!("{what}登记簿"),
            format!(
                "共 {} 件，导出于 {}",
                rows.len(),
                validate::fmt_date(store.clock().today())
            ),
        ],
        headers,
        rows,
        notes: Vec::new(),
    })
}

/// The name a list's spreadsheet is saved under: 「2017年审核规范性文件明细.xlsx」 for a figure's records,
/// 「合同登记簿.csv」 for one kind, 「案件登记簿.xlsx」 otherwise.
pub fn register_file_name(filter: &CaseFilter, kind: SheetType) -> String {
    let stem = match (&filter.figure, filter.kind) {
        (Some(f), _) => {
            let label = crate::model::stats::figure(&f.code).map_or("统计", |d| d.label);
            let label = label.trim_start_matches("其中：");
            format!(
                "{}{label}明细",
                crate::model::stats::describe_period(f.scope.from, f.scope.to)
            )
        }
        (None, Some(k)) => format!("{}登记簿", k.short_label()),
        (None, None) => "案件登记簿".into(),
    };
    format!("{stem}.{}", kind.extension())
}

/// Saves the register of `filter` as `kind` at `path`; returns the bytes written.
pub fn export_case_sheet(
    store: &Store,
    filter: &CaseFilter,
    kind: SheetType,
    path: &std::path::Path,
) -> Result<u64> {
    let table = register_table(store, filter)?;
    let bytes = match kind {
        SheetType::Xlsx => write_xlsx(std::slice::from_ref(&table))?,
        SheetType::Csv => write_csv(&table)?,
    };
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The statistics as the workbook's sheets: an overview of the period and scope, then a sheet per group (each
/// figure: code, name, value, definition), the advisors, timeliness per kind, cases by month and by unit.
pub fn stats_tables(s: &Statistics) -> Vec<Table> {
    let mut scope = format!("统计期间：{}", s.period);
    if let Some(u) = &s.unit_name {
        scope.push_str(&format!("；单位：{u}"));
    }
    if let Some(a) = &s.advisor_name {
        scope.push_str(&format!("；法律顾问：{a}"));
    }
    let mut out = Vec::new();
    for g in &s.groups {
        let rows = g
            .figures
            .iter()
            .map(|f| {
                let value = match (f.def.measure, f.value) {
                    (_, None) => Cell::Empty,
                    (Measure::Count, Some(v)) => Cell::Int(v as i64),
                    (Measure::Rate { .. }, Some(v)) => Cell::Rate(v),
                    (Measure::Amount { .. }, Some(v)) => Cell::Amount(v),
                };
                let (num, den) = f.parts.map_or((Cell::Empty, Cell::Empty), |(n, d)| {
                    (Cell::Int(n as i64), Cell::Int(d as i64))
                });
                vec![
                    Cell::text(f.def.label),
                    value,
                    num,
                    den,
                    Cell::text(f.def.definition),
                    Cell::text(f.def.code),
                ]
            })
            .collect();
        out.push(Table {
            name: g.label.into(),
            title: vec![format!("{}统计", g.label), scope.clone()],
            headers: ["指标", "数值", "分子", "分母", "统计口径", "代码"]
                .map(String::from)
                .to_vec(),
            rows,
            notes: vec!["比率为分子 ÷ 分母；分母为 0 时不计比率（空白）。".into()],
        });
    }
    out.push(Table {
        title: vec!["法律顾问工作量".into(), scope.clone()],
        ..advisors_table(s)
    });
    out.push(Table {
        title: vec!["审查时效（按类别）".into(), scope.clone()],
        ..timeliness_table(s)
    });
    out.push(month_table(s, &scope));
    out.push(Table {
        name: "按单位".into(),
        title: vec!["审查事项（按送审单位）".into(), scope],
        headers: ["单位", "收到", "办结"].map(String::from).to_vec(),
        rows: s
            .by_unit
            .iter()
            .map(|u| {
                vec![
                    Cell::text(u.name.as_str()),
                    Cell::Int(u.received as i64),
                    Cell::Int(u.closed as i64),
                ]
            })
            .collect(),
        notes: vec![
            "收到：收文日期在统计期内；办结：出具意见之日在统计期内（规范性文件、重大决策、合同、执法决定）。".into(),
        ],
    });
    out
}

/// Each advisor's documents, agreements and letters: the workbook's sheet, and (as text) the CLI's and the
/// 统计表's table.
pub fn advisors_table(s: &Statistics) -> Table {
    Table {
        name: "法律顾问明细".into(),
        title: Vec::new(),
        headers: ["法律顾问", "审查政府文件", "审查政府协议", "出具意见书"]
            .map(String::from)
            .to_vec(),
        rows: s
            .advisors
            .iter()
            .map(|a| {
                vec![
                    Cell::text(a.name.as_str()),
                    Cell::Int(a.documents as i64),
                    Cell::Int(a.agreements as i64),
                    Cell::Int(a.letters as i64),
                ]
            })
            .collect(),
        notes: vec![
            "一件事项有几位法律顾问参与的，每位各计一次；合计以「法律顾问」表的件数为准。".into(),
        ],
    }
}

/// Timeliness per kind: the workbook's sheet, and (as text) the CLI's and the 统计表's table.
pub fn timeliness_table(s: &Statistics) -> Table {
    Table {
        name: "时效明细".into(),
        title: Vec::new(),
        headers: [
            "类别",
            "办结",
            "按时办结",
            "按时办结率",
            "工作日中位数",
            "工作日90%分位",
            "当前逾期",
        ]
        .map(String::from)
        .to_vec(),
        rows: s
            .timeliness
            .iter()
            .map(|t| {
                vec![
                    Cell::text(t.label),
                    Cell::Int(t.closed as i64),
                    Cell::Int(t.on_time as i64),
                    t.on_time_rate.map_or(Cell::Empty, Cell::Rate),
                    t.median_days.map_or(Cell::Empty, Cell::Number),
                    t.p90_days.map_or(Cell::Empty, Cell::Int),
                    Cell::Int(t.overdue_now as i64),
                ]
            })
            .collect(),
        notes: vec![
            "工作日：自材料齐全之日（未登记的，自收文之日）次日起至出具意见之日，按法定节假日和调休计算。".into(),
        ],
    }
}

/// Cases received per month, one column per kind that has any.
fn month_table(s: &Statistics, scope: &str) -> Table {
    let kinds: BTreeSet<CaseKind> = s.by_month.iter().map(|m| m.kind).collect();
    let months = &s.months;
    let mut headers = vec!["月份".to_string()];
    headers.extend(kinds.iter().map(|k| k.short_label().to_string()));
    headers.push("合计".into());
    let rows = months
        .iter()
        .map(|month| {
            let mut row = vec![Cell::text(month.as_str())];
            let mut total = 0;
            for k in &kinds {
                let n = s
                    .by_month
                    .iter()
                    .find(|m| m.month == *month && m.kind == *k)
                    .map_or(0, |m| m.count);
                total += n;
                row.push(Cell::Int(n as i64));
            }
            row.push(Cell::Int(total as i64));
            row
        })
        .collect();
    Table {
        name: "按月".into(),
        title: vec!["各类事项收到件数（按月）".into(), scope.to_string()],
        headers,
        rows,
        notes: vec!["按收文日期（交办日期、收到起诉状副本之日等）计。".into()],
    }
}

/// Saves the statistics a request asks for as a workbook at `path`; returns the bytes written.
pub fn export_stats_xlsx(store: &Store, req: &StatsRequest, path: &std::path::Path) -> Result<u64> {
    let s = super::stats::statistics(store, req)?;
    let bytes = write_xlsx(&stats_tables(&s))?;
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}
