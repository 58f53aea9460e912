//! `fashen stats`: every figure of the annual report for a period, with how each is counted; `--json` gives
//! the stable codes other tools read.

use clap::Args;

use super::output::{outln, print_json};
use super::table;
use fashen::actions::report::{self, StatsFile};
use fashen::actions::spreadsheets;
use fashen::actions::stats::{self, Statistics, StatsRequest};
use fashen::model::stats::Group;
use fashen::{Error, Result, Store};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// 统计起始日期（含），如 2017-01-01
    #[arg(long)]
    pub from: Option<String>,
    /// 统计截止日期（含），如 2017-12-31
    #[arg(long)]
    pub to: Option<String>,
    /// 统计年度（代替 --from/--to；可与 --quarter 或 --month 合用）
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// 季度（1—4，与 --year 合用）
    #[arg(long, requires = "year")]
    pub quarter: Option<u32>,
    /// 月份（1—12，与 --year 合用）
    #[arg(long, requires = "year")]
    pub month: Option<u32>,
    /// 只统计一个单位（送审单位、主办单位、牵头部门）
    #[arg(long)]
    pub unit: Option<String>,
    /// 只统计一位法律顾问参与的事项
    #[arg(long)]
    pub advisor: Option<String>,
    /// 把统计表导出为 Excel 工作簿（.xlsx，每组一张表，附统计口径）
    #[arg(long, conflicts_with_all = ["pdf", "ofd", "docx"])]
    pub xlsx: Option<std::path::PathBuf>,
    /// 把统计表导出为 PDF（公文版式，附统计口径）
    #[arg(long, conflicts_with_all = ["ofd", "docx"])]
    pub pdf: Option<std::path::PathBuf>,
    /// 把统计表导出为 OFD
    #[arg(long, conflicts_with = "docx")]
    pub ofd: Option<std::path::PathBuf>,
    /// 把年度报告（法制审核部分）初稿导出为 Word 文档（.docx，可编辑）
    #[arg(long)]
    pub docx: Option<std::path::PathBuf>,
    /// 打印年度报告（法制审核部分）初稿的文字，便于复制
    #[arg(long, conflicts_with_all = ["xlsx", "pdf", "ofd", "docx"])]
    pub report: bool,
}

impl StatsArgs {
    /// The request these flags make.
    pub fn request(&self) -> Result<StatsRequest> {
        let (from, to) = match (self.year, &self.from, &self.to) {
            (Some(_), _, _) => (String::new(), String::new()),
            (None, Some(from), Some(to)) => (from.clone(), to.clone()),
            _ => {
                return Err(Error::invalid(
                    "统计期间",
                    "请给出 --from 和 --to，或 --year（可加 --quarter 或 --month）",
                ))
            }
        };
        Ok(StatsRequest {
            from,
            to,
            year: self.year,
            quarter: self.quarter,
            month: self.month,
            unit: self.unit.clone(),
            advisor: self.advisor.clone(),
        })
    }
}

pub fn run(store: &Store, args: &StatsArgs, json: bool) -> Result<()> {
    let req = args.request()?;
    let file = [
        (&args.xlsx, StatsFile::Xlsx),
        (&args.pdf, StatsFile::Pdf),
        (&args.ofd, StatsFile::Ofd),
        (&args.docx, StatsFile::Docx),
    ]
    .into_iter()
    .find_map(|(path, file)| path.as_ref().map(|p| (p, file)));
    if let Some((path, file)) = file {
        let bytes = report::export_stats(store, &req, file, path)?;
        if json {
            return print_json(&serde_json::json!({ "path": path, "bytes": bytes }));
        }
        outln!("已导出：{}（{} 字节）", path.display(), bytes);
        return Ok(());
    }
    if args.report {
        let d = report::draft_report(store, &req)?;
        if json {
            return print_json(&d);
        }
        outln!("{}", d.text.trim_end());
        return Ok(());
    }
    let s = stats::statistics(store, &req)?;
    if json {
        return print_json(&s.to_json()?);
    }
    print_text(&s);
    Ok(())
}

fn print_text(s: &Statistics) {
    let mut scope = s.period.clone();
    if let Some(u) = &s.unit_name {
        scope.push_str(&format!("　单位：{u}"));
    }
    if let Some(a) = &s.advisor_name {
        scope.push_str(&format!("　法律顾问：{a}"));
    }
    outln!("统计期间：{scope}");
    for g in &s.groups {
        outln!("");
        outln!("【{}】", g.label);
        table::print(&["指标", "数值", "口径"], &g.text_rows());
        let extra = match g.group {
            Group::Advisors if !s.advisors.is_empty() => Some(spreadsheets::advisors_table(s)),
            Group::Timeliness => Some(spreadsheets::timeliness_table(s)),
            _ => None,
        };
        if let Some(t) = extra {
            let heads: Vec<&str> = t.headers.iter().map(String::as_str).collect();
            outln!("");
            table::print(&heads, &t.text_rows());
        }
    }
}
