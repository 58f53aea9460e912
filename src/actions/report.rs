//! The statistics as the office takes them away: the workbook (`spreadsheets`), the 统计表 for the 办公会 as a
//! 公文-layout PDF (or OFD), and the office's part of the annual 法治政府建设 report as a draft — Chinese
//! sentences in the style of the report, every number from the figures — to copy as text or edit in Word or
//! WPS. The PDF and the draft are `Official` documents, laid out and written by the same code as the letters.

use serde::Serialize;

use super::stats::{Statistics, StatsRequest};
use crate::error::Result;
use crate::model::stats::describe_period;
use crate::print::document::{Bar, Block, Chart, Head, Official, Signature, Table};
use crate::print::fonts::Face;
use crate::print::layout::{Gbt9704, Meta, Span};
use crate::store::Store;

/// The files the statistics are saved as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsFile {
    /// The workbook: a sheet per group, each figure with its definition.
    #[default]
    Xlsx,
    /// The 统计表: every group's figures with how each is counted, in the 公文 layout.
    Pdf,
    /// The same 统计表 as OFD.
    Ofd,
    /// The draft of the office's part of the annual report, to edit in Word or WPS.
    Docx,
}

impl StatsFile {
    pub fn extension(self) -> &'static str {
        match self {
            StatsFile::Xlsx => "xlsx",
            StatsFile::Pdf => "pdf",
            StatsFile::Ofd => "ofd",
            StatsFile::Docx => "docx",
        }
    }

    /// What the file holds, in the name it is saved under.
    fn what(self) -> &'static str {
        match self {
            StatsFile::Docx => "法治政府建设工作情况（初稿）",
            _ => "统计",
        }
    }
}

/// Saves the statistics a request asks for as `file` at `path`; returns the bytes written.
pub fn export_stats(
    store: &Store,
    req: &StatsRequest,
    file: StatsFile,
    path: &std::path::Path,
) -> Result<u64> {
    let bytes = match file {
        StatsFile::Xlsx => return super::spreadsheets::export_stats_xlsx(store, req, path),
        StatsFile::Pdf | StatsFile::Ofd => {
            let s = super::stats::statistics(store, req)?;
            let doc = stats_document(store, &s)?;
            let book = super::print::font_book(store)?;
            let sheet = crate::print::document::layout(&book, &Gbt9704::default(), &doc)?;
            super::print::sheet_bytes(&book, &sheet, file == StatsFile::Ofd)?
        }
        StatsFile::Docx => {
            let s = super::stats::statistics(store, req)?;
            let doc = report_document(store, &draft_from(&s, &advisors_title(store)?))?;
            crate::print::docx::write(&doc, &Gbt9704::default())?
        }
    };
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The draft a request's statistics make, with its text to copy.
pub fn draft_report(store: &Store, req: &StatsRequest) -> Result<DraftText> {
    let s = super::stats::statistics(store, req)?;
    let draft = draft_from(&s, &advisors_title(store)?);
    Ok(DraftText {
        text: draft.text(),
        draft,
    })
}

/// The draft and its text, as the 统计 screen shows them.
#[derive(Debug, Clone, Serialize)]
pub struct DraftText {
    pub draft: DraftReport,
    pub text: String,
}

/// The name the statistics are saved under: 「2017年统计.xlsx」, 「2017年统计（区教育局）.pdf」,
/// 「2017年法治政府建设工作情况（初稿）.docx」.
pub fn stats_file_name(store: &Store, req: &StatsRequest, file: StatsFile) -> Result<String> {
    let (scope, unit, advisor) = super::stats::resolve(store, req)?;
    let mut stem = format!("{}{}", describe_period(scope.from, scope.to), file.what());
    if let Some(who) = unit.or(advisor) {
        stem.push_str(&format!("（{who}）"));
    }
    Ok(format!("{stem}.{}", file.extension()))
}

/// A section of the draft: its heading (一、规范性文件管理) and its paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSection {
    pub heading: String,
    pub text: String,
}

/// The office's part of the annual report, drafted from the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftReport {
    pub title: String,
    pub sections: Vec<ReportSection>,
    /// Where the numbers come from, for whoever edits the draft.
    pub note: String,
}

impl DraftReport {
    /// The draft as plain text to paste: the title, each heading on its line, each paragraph indented.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.title);
        for s in &self.sections {
            out.push_str(&format!("{}\n　　{}\n\n", s.heading, s.text));
        }
        out.push_str(&self.note);
        out.push('\n');
        out
    }
}

/// A rate as the report writes it: 100%, 98.5%.
fn pct(rate: f64) -> String {
    let mut tenths = (rate * 1000.0).round();
    // Never 100% while anything is short of it: 0.9996 is 99.9%.
    if rate < 1.0 && tenths >= 1000.0 {
        tenths = 999.0;
    }
    if tenths % 10.0 == 0.0 {
        format!("{}%", tenths / 10.0)
    } else {
        format!("{:.1}%", tenths / 10.0)
    }
}

/// The draft of the office's part of the report from `s` (`advisors`: what the report calls them): a section per group with something to say, its
/// sentences built from the figures ("全年共审核规范性文件X件，其中…；报备率达Y%…"). The office edits the words;
/// the numbers are the figures'.
pub fn draft_from(s: &Statistics, advisors: &str) -> DraftReport {
    let n = |code: &str| s.figure(code).and_then(|f| f.value).unwrap_or(0.0) as u64;
    let rate = |code: &str| s.figure(code).and_then(|f| f.value);
    let whole_year = crate::model::stats::is_whole_year(s.scope.from, s.scope.to);
    let when = if whole_year { "全年" } else { "统计期内" };
    // "其中合法4件、修改后合法5件": the parts that are not zero.
    let parts = |items: &[(&str, &str)]| -> String {
        let said: Vec<String> = items
            .iter()
            .filter(|(code, _)| n(code) > 0)
            .map(|(code, label)| format!("{label}{}件", n(code)))
            .collect();
        said.join("、")
    };
    let mut sections: Vec<(&str, String)> = Vec::new();

    let mut normative = Vec::new();
    if n("normative_reviewed") > 0 || n("normative_received") > 0 {
        let mut t = format!(
            "{when}共收到规范性文件合法性审核申请{}件，审核规范性文件{}件",
            n("normative_received"),
            n("normative_reviewed")
        );
        let of = parts(&[
            ("normative_lawful", "合法"),
            ("normative_lawful_after_revision", "修改后合法"),
            ("normative_unlawful", "不合法"),
            ("normative_returned", "退回补正"),
        ]);
        if !of.is_empty() {
            t.push_str(&format!("，其中{of}"));
        }
        normative.push(t);
    }
    if n("normative_published") > 0 {
        normative.push(format!("公布规范性文件{}件", n("normative_published")));
    }
    if let Some(r) = rate("filing_rate") {
        let mut t = format!(
            "应报备{}件次，已报备{}件次，政府规范性文件报备率达{}",
            n("filing_due"),
            n("filing_done"),
            pct(r)
        );
        if let Some(on_time) = rate("filing_on_time_rate") {
            t.push_str(&format!("，及时报备率达{}", pct(on_time)));
        }
        normative.push(t);
    }
    if n("normative_cleaned_up") > 0 {
        let mut t = format!("清理规范性文件{}件", n("normative_cleaned_up"));
        let of = parts(&[
            ("normative_cleanup_continued", "继续有效"),
            ("normative_cleanup_amended", "修改"),
            ("normative_cleanup_repealed", "废止"),
            ("normative_cleanup_expired", "宣布失效"),
        ]);
        if !of.is_empty() {
            t.push_str(&format!("，其中{of}"));
        }
        normative.push(t);
    }
    if !normative.is_empty() {
        sections.push(("规范性文件监督管理", normative.join("；") + "。"));
    }

    let mut decisions = Vec::new();
    if n("major_decisions_catalogue") > 0 {
        decisions.push(format!(
            "{}项重大行政决策事项列入决策事项目录",
            n("major_decisions_catalogue")
        ));
    }
    if n("major_decisions_reviewed") > 0 {
        decisions.push(format!(
            "对{}件重大行政决策进行合法性审查",
            n("major_decisions_reviewed")
        ));
    }
    if n("major_decisions_post_evaluated") > 0 {
        decisions.push(format!(
            "对{}件重大行政决策开展决策后评估",
            n("major_decisions_post_evaluated")
        ));
    }
    if !decisions.is_empty() {
        sections.push(("重大行政决策合法性审查", decisions.join("，") + "。"));
    }

    if n("contracts_reviewed") > 0 {
        let mut t = format!("{when}审查政府合同{}件", n("contracts_reviewed"));
        let of = parts(&[
            ("contracts_approved", "同意签订"),
            ("contracts_revised", "修改后签订"),
            ("contracts_refused", "不同意签订"),
        ]);
        if !of.is_empty() {
            t.push_str(&format!("（{of}）"));
        }
        let amount = s
            .figure("contracts_amount")
            .and_then(|f| f.value)
            .unwrap_or(0.0);
        if amount > 0.0 {
            t.push_str(&format!(
                "，涉及金额{}",
                crate::model::validate::fmt_amount_words((amount * 100.0).round() as i64)
            ));
        }
        sections.push(("政府合同合法性审查", t + "。"));
    }

    let (docs, deals) = (n("advisor_documents"), n("advisor_agreements"));
    if docs + deals > 0 {
        let what = match (docs, deals) {
            (0, _) => format!("{deals}份政府重要协议"),
            (_, 0) => format!("{docs}件政府文件"),
            _ => format!("{docs}件政府文件和{deals}份政府重要协议"),
        };
        let mut t = format!("{advisors}为{what}进行合法性审查并出具意见书");
        if n("advisor_letters") > 0 {
            t.push_str(&format!("，共出具意见书{}份", n("advisor_letters")));
        }
        sections.push(("发挥政府法律顾问作用", t + "。"));
    }

    let mut enforcement = Vec::new();
    if n("enforcement_reviewed") > 0 {
        enforcement.push(format!(
            "对{}件重大行政执法决定进行法制审核",
            n("enforcement_reviewed")
        ));
    }
    if n("penalty_filings") > 0 {
        let mut t = format!("{when}共收到{}件重大行政处罚决定备案", n("penalty_filings"));
        let of = parts(&[
            ("penalty_filings_registered", "备案登记"),
            ("penalty_filings_explained", "要求说明"),
            ("penalty_filings_corrected", "纠错建议"),
        ]);
        if !of.is_empty() {
            t.push_str(&format!("，其中{of}"));
        }
        enforcement.push(t);
    }
    if n("transfers_entered") > 0 || n("transfers_made") > 0 {
        enforcement.push(format!(
            "“两法衔接”信息共享平台共录入信息案件{}件，移送涉嫌犯罪案件{}件",
            n("transfers_entered"),
            n("transfers_made")
        ));
    }
    if !enforcement.is_empty() {
        sections.push(("行政执法监督", enforcement.join("；") + "。"));
    }

    if let Some(r) = rate("review_on_time_rate") {
        let mut t = format!(
            "{when}办结合法性审查事项{}件，按时办结率达{}",
            n("review_closed"),
            pct(r)
        );
        let timely: Vec<String> = s
            .timeliness
            .iter()
            .filter_map(|k| {
                Some(format!(
                    "{}审查用时中位数{}个工作日",
                    k.label, k.median_days?
                ))
            })
            .collect();
        if !timely.is_empty() {
            t.push_str(&format!("，{}", timely.join("，")));
        }
        sections.push(("合法性审查时效", t + "。"));
    }

    if n("litigation_cases") > 0 {
        let mut t = format!("{when}行政诉讼案件共{}件", n("litigation_cases"));
        if let Some(r) = rate("litigation_head_appearance_rate") {
            t.push_str(&format!("，行政机关负责人出庭应诉率为{}", pct(r)));
        }
        if let Some(r) = rate("litigation_lost_rate") {
            t.push_str(&format!(
                "；审结{}件，败诉{}件，败诉率{}",
                n("litigation_concluded"),
                n("litigation_lost"),
                pct(r)
            ));
        }
        sections.push(("行政应诉", t + "。"));
    }

    if n("reconsiderations_received") > 0 {
        let mut t = format!(
            "{when}办理行政复议答复案件{}件",
            n("reconsiderations_received")
        );
        if let Some(r) = rate("reconsiderations_on_time_rate") {
            t.push_str(&format!("，按期答复率{}", pct(r)));
        }
        sections.push(("行政复议答复", t + "。"));
    }

    if n("proposals_received") > 0 {
        let mut t = format!(
            "{when}承办人大代表建议和政协提案{}件",
            n("proposals_received")
        );
        if let Some(r) = rate("proposals_on_time_rate") {
            t.push_str(&format!("，建议提案按时办复率达{}", pct(r)));
        }
        if let Some(r) = rate("proposals_satisfaction_rate") {
            t.push_str(&format!("，代表委员满意率{}", pct(r)));
        }
        sections.push(("建议提案办理", t + "。"));
    }

    if n("tasks_total") > 0 {
        let mut t = format!(
            "明确了法治政府建设的{}项重点工作以及牵头部门、完成时限和主要成果形式，已完成{}项",
            n("tasks_total"),
            n("tasks_done")
        );
        if let Some(r) = rate("tasks_on_time_rate") {
            t.push_str(&format!("，按期完成率{}", pct(r)));
        }
        if n("tasks_overdue") > 0 {
            t.push_str(&format!("，逾期未完成{}项", n("tasks_overdue")));
        }
        sections.push(("法治政府建设重点工作", t + "。"));
    }

    let mut scope = s.period.clone();
    if let Some(u) = &s.unit_name {
        scope.push_str(u);
    }
    DraftReport {
        title: format!("{scope}法治政府建设工作情况（法制审核部分）"),
        sections: sections
            .into_iter()
            .enumerate()
            .map(|(i, (heading, text))| ReportSection {
                heading: format!("{}、{heading}", crate::model::validate::cn_numeral(i + 1)),
                text,
            })
            .collect(),
        note: format!(
            "（本稿数字由法审台按各项统计口径从登记记录生成，统计期间{}至{}；文字可修改，数字请在统计页核对。）",
            crate::model::validate::fmt_date(s.scope.from),
            crate::model::validate::fmt_date(s.scope.to)
        ),
    }
}

/// What the report calls the advisors: the government's (区政府法律顾问 for 丹徒区人民政府, 县政府… for a
/// county's), from the one government among the units; 政府法律顾问 when there is none or several.
fn advisors_title(store: &Store) -> Result<String> {
    let governments: Vec<crate::model::Unit> = store
        .all::<crate::model::Unit>()?
        .into_iter()
        .filter(|u| u.kind == crate::model::UnitKind::Government)
        .collect();
    let level = match governments.as_slice() {
        [one] => one
            .name
            .strip_suffix("人民政府")
            .and_then(|n| n.chars().last())
            .filter(|c| matches!(c, '区' | '县' | '市' | '旗')),
        _ => None,
    };
    Ok(format!(
        "{}政府法律顾问",
        level.map(String::from).unwrap_or_default()
    ))
}

/// The office's name, for the signature.
fn office_name(store: &Store) -> Result<String> {
    Ok(store
        .self_unit()?
        .map_or_else(|| "本机关".to_string(), |u| u.name))
}

/// The draft as a 公文 without a head, marked 草稿, its date left for the pen.
fn report_document(store: &Store, d: &DraftReport) -> Result<Official> {
    let office = office_name(store)?;
    let mut body = Vec::new();
    for s in &d.sections {
        body.push(Block::Heading(s.heading.clone()));
        body.push(Block::Para(vec![Span::new(Face::Fang, s.text.clone())]));
    }
    body.push(Block::Para(vec![Span::new(Face::Kai, d.note.clone())]));
    Ok(Official {
        head: Head::Plain,
        corner: None,
        number: None,
        draft: true,
        title: d.title.clone(),
        addressee: None,
        body,
        signature: Signature {
            issuer: office.clone(),
            signers: Vec::new(),
            date: None,
        },
        imprint: None,
        meta: Meta {
            title: d.title.clone(),
            author: office,
            subject: "法治政府建设年度报告（初稿）".into(),
            date: None,
        },
    })
}

/// The 统计表: a heading and a ruled table per group (指标, 数值, 统计口径), then the advisors and the
/// timeliness per kind; signed by the office on the day it was made.
fn stats_document(store: &Store, s: &Statistics) -> Result<Official> {
    let office = office_name(store)?;
    let mut body = Vec::new();
    let mut scope = format!("统计期间：{}", s.period);
    if let Some(u) = &s.unit_name {
        scope.push_str(&format!("；单位：{u}"));
    }
    if let Some(a) = &s.advisor_name {
        scope.push_str(&format!("；法律顾问：{a}"));
    }
    body.push(Block::Para(vec![Span::new(
        Face::Fang,
        format!("{scope}。每项数字的统计口径列于其后；比率后括号内为分子/分母。"),
    )]));
    for (i, g) in s.groups.iter().enumerate() {
        body.push(Block::Heading(format!(
            "{}、{}",
            crate::model::validate::cn_numeral(i + 1),
            g.label
        )));
        body.push(Block::Table(Table {
            columns: vec![8, 7, 13],
            header: vec!["指标".into(), "数值".into(), "统计口径".into()],
            rows: g.text_rows(),
        }));
        if g.group == crate::model::stats::Group::Advisors && !s.advisors.is_empty() {
            body.push(chart(
                "各法律顾问审查的政府文件和协议件数：",
                s.advisors
                    .iter()
                    .map(|a| Bar {
                        label: a.name.clone(),
                        value: (a.documents + a.agreements) as f64,
                        text: format!("{}件", a.documents + a.agreements),
                    })
                    .collect(),
            ));
            body.push(text_table(
                &super::spreadsheets::advisors_table(s),
                vec![7, 7, 7, 7],
            ));
        }
        if g.group == crate::model::stats::Group::Timeliness {
            body.push(chart(
                "各类审查事项的按时办结率：",
                s.timeliness
                    .iter()
                    .filter_map(|t| {
                        let r = t.on_time_rate?;
                        Some(Bar {
                            label: t.label.into(),
                            value: r,
                            text: super::stats::percent(r),
                        })
                    })
                    .collect(),
            ));
            body.push(text_table(
                &super::spreadsheets::timeliness_table(s),
                vec![6, 3, 3, 5, 4, 4, 3],
            ));
        }
    }
    // Then what came in: each month's cases, and the units that sent the most for review.
    let months = months_received(s);
    if !months.is_empty() {
        body.push(Block::Heading(format!(
            "{}、各月收案",
            crate::model::validate::cn_numeral(s.groups.len() + 1)
        )));
        body.push(chart("各月收到的各类事项件数：", months));
    }
    let mut units: Vec<_> = s.by_unit.iter().filter(|u| u.received > 0).collect();
    units.sort_by(|a, b| b.received.cmp(&a.received).then(a.name.cmp(&b.name)));
    if !units.is_empty() {
        body.push(Block::Heading(format!(
            "{}、送审件数较多的单位",
            crate::model::validate::cn_numeral(s.groups.len() + 2)
        )));
        body.push(chart(
            "收到审查事项件数（前十位）：",
            units
                .into_iter()
                .take(10)
                .map(|u| Bar {
                    label: u.name.clone(),
                    value: u.received as f64,
                    text: format!("{}件", u.received),
                })
                .collect(),
        ));
    }
    let today = store.clock().today();
    let title = format!("{}法治政府建设工作统计表", s.period);
    Ok(Official {
        head: Head::Plain,
        corner: None,
        number: None,
        draft: false,
        title: title.clone(),
        addressee: None,
        body,
        signature: Signature {
            issuer: office.clone(),
            signers: Vec::new(),
            date: Some(today),
        },
        imprint: None,
        meta: Meta {
            title,
            author: office,
            subject: format!("统计期间 {} 至 {}", s.scope.from, s.scope.to),
            date: Some(today),
        },
    })
}

/// A spreadsheet's table as a ruled table of the 统计表, `columns` its widths in characters (28 in all).
fn text_table(t: &crate::print::spreadsheet::Table, columns: Vec<usize>) -> Block {
    Block::Table(Table {
        columns,
        header: t.headers.clone(),
        rows: t.text_rows(),
    })
}

/// A bar chart with the line that says what it shows.
fn chart(caption: &str, rows: Vec<Bar>) -> Block {
    Block::Bars(Chart {
        caption: Some(caption.into()),
        rows,
    })
}

/// Every month of the period (those without a case too), all kinds together, as bars.
fn months_received(s: &Statistics) -> Vec<Bar> {
    let one_year = s.scope.from.format("%Y").to_string() == s.scope.to.format("%Y").to_string();
    s.months
        .iter()
        .map(|month| {
            let n: u64 = s
                .by_month
                .iter()
                .filter(|m| &m.month == month)
                .map(|m| m.count)
                .sum();
            Bar {
                label: if one_year {
                    format!("{}月", month[5..].trim_start_matches('0'))
                } else {
                    format!("{}年{}月", &month[..4], month[5..].trim_start_matches('0'))
                },
                value: n as f64,
                text: format!("{n}件"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_the_report_writes_them() {
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct(0.985), "98.5%");
        assert_eq!(pct(2.0 / 3.0), "66.7%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(
            pct(0.9996),
            "99.9%",
            "one late in a few thousand is not 100%"
        );
    }
}
