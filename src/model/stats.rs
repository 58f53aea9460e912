//! The figures of the annual report (统计, issue 22): each one's stable code, the group the report puts it in,
//! its name and how it is counted. One table, [`FIGURES`], read by the CLI, the desktop's 统计 screen and every
//! export, so a figure is defined once; how it is counted in SQL is `store::stats`, one arm per code here (a
//! test keeps the two in step).
//!
//! The codes are a contract: `fashen stats --json` gives them as keys, and other tools read them.

use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use crate::error::{Error, Result};

coded_enum!(
    /// The groups of figures, in the order the annual report takes them.
    Group, "统计分组" {
        Normative = "normative", "规范性文件";
        MajorDecision = "major_decision", "重大行政决策";
        Contract = "contract", "政府合同";
        Enforcement = "enforcement", "行政执法";
        Advisors = "advisors", "法律顾问";
        Timeliness = "timeliness", "审查时效";
        Litigation = "litigation", "行政应诉";
        Reconsideration = "reconsideration", "行政复议";
        Transfer = "transfer", "两法衔接";
        Proposal = "proposal", "建议提案";
        Tasks = "tasks", "重点工作";
    }
);

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Measure {
    /// How many records are in its set (the register filtered to it lists them).
    Count,
    /// `num ÷ den`, both count figures; no value when `den` is 0.
    Rate {
        num: &'static str,
        den: &'static str,
    },
    /// The sum of the amounts (元) over the set of the count figure `of`.
    Amount { of: &'static str },
}

/// A figure of the report.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FigureDef {
    /// Stable code: the JSON key, the column of the workbook, the link to its records.
    pub code: &'static str,
    pub group: Group,
    /// Its name, as the report would write it.
    pub label: &'static str,
    /// How it is counted: which records, by which day, what counts as on time.
    pub definition: &'static str,
    #[serde(flatten)]
    pub measure: Measure,
    /// What a count counts: 件 (cases), or the records of a case — 件次 (filings, two to a document), 份
    /// (letters), 项 (tasks). The register lists a figure's cases, so a count of records says so there.
    pub per: &'static str,
}

const fn count(
    code: &'static str,
    group: Group,
    label: &'static str,
    definition: &'static str,
) -> FigureDef {
    FigureDef {
        code,
        group,
        label,
        definition,
        measure: Measure::Count,
        per: "件",
    }
}

/// A count of the records of cases (filings, letters, tasks), `per` one.
const fn records(
    code: &'static str,
    group: Group,
    label: &'static str,
    definition: &'static str,
    per: &'static str,
) -> FigureDef {
    FigureDef {
        per,
        ..count(code, group, label, definition)
    }
}

const fn rate(
    code: &'static str,
    group: Group,
    label: &'static str,
    definition: &'static str,
    num: &'static str,
    den: &'static str,
) -> FigureDef {
    FigureDef {
        code,
        group,
        label,
        definition,
        measure: Measure::Rate { num, den },
        per: "",
    }
}

use Group as G;

/// Every figure, in the report's order.
#[rustfmt::skip]
pub const FIGURES: &[FigureDef] = &[
    // 规范性文件
    count("normative_received", G::Normative, "收到送审规范性文件", "收文日期在统计期内的规范性文件合法性审核事项"),
    count("normative_reviewed", G::Normative, "审核规范性文件", "出具审核意见之日在统计期内的规范性文件"),
    count("normative_lawful", G::Normative, "其中：合法", "审核规范性文件中，审核结论为「合法」的"),
    count("normative_lawful_after_revision", G::Normative, "其中：修改后合法", "审核规范性文件中，审核结论为「修改后合法」的"),
    count("normative_unlawful", G::Normative, "其中：不合法", "审核规范性文件中，审核结论为「不合法」的"),
    count("normative_returned", G::Normative, "其中：退回补正", "审核规范性文件中，审核结论为「退回补正」的"),
    count("normative_published", G::Normative, "公布规范性文件", "公布日期在统计期内的规范性文件"),
    records("filing_due", G::Normative, "应报备", "报备期限（按期限规则自公布之日起算）在统计期内的报备，报人大常委会和报上级政府各计一次；撤回、退回的不计", "件次"),
    records("filing_done", G::Normative, "已报备", "应报备中，截至统计之日已登记报送日期的", "件次"),
    records("filing_on_time", G::Normative, "及时报备", "应报备中，报送日期不晚于报备期限的", "件次"),
    rate("filing_rate", G::Normative, "报备率", "已报备 ÷ 应报备", "filing_done", "filing_due"),
    rate("filing_on_time_rate", G::Normative, "及时报备率", "及时报备 ÷ 应报备", "filing_on_time", "filing_due"),
    count("normative_cleaned_up", G::Normative, "清理规范性文件", "清理日期在统计期内的规范性文件"),
    count("normative_cleanup_continued", G::Normative, "其中：继续有效", "清理的规范性文件中，清理结果为「继续有效」的"),
    count("normative_cleanup_amended", G::Normative, "其中：修改", "清理的规范性文件中，清理结果为「修改」的"),
    count("normative_cleanup_repealed", G::Normative, "其中：废止", "清理的规范性文件中，清理结果为「废止」的"),
    count("normative_cleanup_expired", G::Normative, "其中：宣布失效", "清理的规范性文件中，清理结果为「宣布失效」的"),
    count("normative_expiring", G::Normative, "有效期届满", "有效期（文件载明的，或按有效期规则自施行之日起算）在统计期内届满的规范性文件；撤回的不计"),
    // 重大行政决策
    count("major_decisions_catalogue", G::MajorDecision, "列入决策事项目录", "目录年度在统计期所在年度的重大行政决策事项"),
    count("major_decisions_reviewed", G::MajorDecision, "合法性审查重大行政决策", "出具审查意见之日在统计期内的重大行政决策"),
    count("major_decisions_published", G::MajorDecision, "公布重大行政决策", "公布日期在统计期内的重大行政决策"),
    count("major_decisions_post_evaluated", G::MajorDecision, "开展决策后评估", "决策后评估日期在统计期内的重大行政决策"),
    // 合同
    count("contracts_reviewed", G::Contract, "审查政府合同", "出具审查意见之日在统计期内的政府合同"),
    count("contracts_approved", G::Contract, "其中：同意签订", "审查政府合同中，审查结论为「同意签订」的"),
    count("contracts_revised", G::Contract, "其中：修改后签订", "审查政府合同中，审查结论为「修改后签订」的"),
    count("contracts_refused", G::Contract, "其中：不同意签订", "审查政府合同中，审查结论为「不同意签订」的"),
    FigureDef {
        code: "contracts_amount",
        group: G::Contract,
        label: "审查合同金额（元）",
        definition: "审查政府合同的合同金额之和；未填金额的不计",
        measure: Measure::Amount { of: "contracts_reviewed" },
        per: "元",
    },
    // 执法
    count("enforcement_reviewed", G::Enforcement, "重大执法决定法制审核", "出具审核意见之日在统计期内的重大行政执法决定"),
    count("enforcement_approved", G::Enforcement, "其中：同意", "法制审核中，审核结论为「同意」的"),
    count("enforcement_corrected", G::Enforcement, "其中：纠正", "法制审核中，审核结论为「纠正」的"),
    count("penalty_filings", G::Enforcement, "收到重大行政处罚决定备案", "收到备案材料之日（收文日期）在统计期内的重大行政处罚决定备案"),
    count("penalty_filings_registered", G::Enforcement, "其中：备案登记", "收到的处罚决定备案中，审查结果为「备案登记」的"),
    count("penalty_filings_explained", G::Enforcement, "其中：要求说明", "收到的处罚决定备案中，审查结果为「要求说明」的"),
    count("penalty_filings_corrected", G::Enforcement, "其中：纠错建议", "收到的处罚决定备案中，审查结果为「纠错建议」的"),
    // 法律顾问
    count("advisor_documents", G::Advisors, "法律顾问审查政府文件", "有法律顾问参与、出具意见之日在统计期内的规范性文件和重大行政决策（每件计一次）"),
    count("advisor_agreements", G::Advisors, "法律顾问审查政府协议", "有法律顾问参与、出具意见之日在统计期内的政府合同（每份计一次）"),
    records("advisor_letters", G::Advisors, "法律顾问出具意见书", "法律顾问撰写、发出日期在统计期内的意见书", "份"),
    // 时效
    count("review_closed", G::Timeliness, "办结审查事项", "出具意见之日在统计期内的规范性文件、重大决策、合同和执法决定"),
    count("review_on_time", G::Timeliness, "按时办结", "办结审查事项中，出具意见之日不晚于审查期限（含延期、补正顺延）的；未设期限的视为按时"),
    rate("review_on_time_rate", G::Timeliness, "按时办结率", "按时办结 ÷ 办结审查事项", "review_on_time", "review_closed"),
    count("review_overdue_now", G::Timeliness, "当前逾期未办结", "今日已过审查期限、尚未出具意见的事项（不受统计期限制）"),
    // 行政应诉
    count("litigation_cases", G::Litigation, "行政诉讼案件", "收到起诉状副本之日在统计期内的行政应诉案件"),
    count("litigation_heard", G::Litigation, "开庭审理", "行政诉讼案件中，截至统计之日已登记开庭的"),
    count("litigation_head_appeared", G::Litigation, "负责人出庭应诉", "开庭审理的案件中，至少一次由行政机关负责人（正职或副职）出庭的"),
    rate("litigation_head_appearance_rate", G::Litigation, "行政机关负责人出庭应诉率", "负责人出庭应诉 ÷ 开庭审理", "litigation_head_appeared", "litigation_heard"),
    count("litigation_concluded", G::Litigation, "审结案件", "裁判日期在统计期内的行政应诉案件"),
    count("litigation_lost", G::Litigation, "败诉案件", "审结案件中，登记为败诉的"),
    rate("litigation_lost_rate", G::Litigation, "败诉率", "败诉案件 ÷ 审结案件", "litigation_lost", "litigation_concluded"),
    // 行政复议
    count("reconsiderations_received", G::Reconsideration, "行政复议答复案件", "收到复议申请书副本之日在统计期内的复议答复案件"),
    count("reconsiderations_replied", G::Reconsideration, "已提交答复", "答复日期在统计期内的复议答复案件"),
    count("reconsiderations_replied_on_time", G::Reconsideration, "按期答复", "已提交答复中，答复日期不晚于答复期限（按期限规则）的"),
    rate("reconsiderations_on_time_rate", G::Reconsideration, "按期答复率", "按期答复 ÷ 已提交答复", "reconsiderations_replied_on_time", "reconsiderations_replied"),
    // 两法衔接
    count("transfers_entered", G::Transfer, "录入信息案件", "录入日期（收文日期）在统计期内的涉嫌犯罪案件"),
    count("transfers_made", G::Transfer, "移送涉嫌犯罪案件", "移送公安机关之日在统计期内的案件"),
    // 建议提案
    count("proposals_received", G::Proposal, "承办建议提案", "交办日期在统计期内的人大代表建议和政协提案"),
    count("proposals_owed", G::Proposal, "应办复", "承办建议提案中，截至统计之日已答复或已过答复期限的"),
    count("proposals_on_time", G::Proposal, "按时办复", "应办复中，在答复期限（按期限规则，涉及面广、处理难度大的另计）内答复的"),
    rate("proposals_on_time_rate", G::Proposal, "按时办复率", "按时办复 ÷ 应办复", "proposals_on_time", "proposals_owed"),
    count("proposals_views", G::Proposal, "代表委员已反馈", "承办建议提案中，截至统计之日代表委员已反馈意见的；重新办理的，以重新答复后的反馈为准"),
    count("proposals_satisfied", G::Proposal, "满意和基本满意", "已反馈中，反馈「满意」或「基本满意」的"),
    rate("proposals_satisfaction_rate", G::Proposal, "满意率", "满意和基本满意 ÷ 代表委员已反馈", "proposals_satisfied", "proposals_views"),
    // 重点工作
    records("tasks_total", G::Tasks, "重点工作任务", "计划年度在统计期所在年度的法治政府建设重点工作任务（按牵头部门计单位）", "项"),
    records("tasks_done", G::Tasks, "已完成", "重点工作任务中，截至统计之日推进情况为「已完成」的", "项"),
    records("tasks_done_on_time", G::Tasks, "按期完成", "已完成中，完成日期不晚于完成时限的（长期坚持的视为按期）", "项"),
    rate("tasks_on_time_rate", G::Tasks, "按期完成率", "按期完成 ÷ 已完成", "tasks_done_on_time", "tasks_done"),
    records("tasks_overdue", G::Tasks, "逾期未完成", "重点工作任务中，今日已过完成时限仍未完成的", "项"),
];

/// The figure of `code`.
pub fn figure(code: &str) -> Option<&'static FigureDef> {
    FIGURES.iter().find(|f| f.code == code)
}

/// A rate as a percentage with one decimal: 100.0%, 66.7% — and never 100.0% while anything is short of it
/// (one late in two thousand is 99.9%). The screen, the CLI and every export write rates with it.
pub fn percent(rate: f64) -> String {
    let mut tenths = (rate * 1000.0).round();
    if rate < 1.0 && tenths >= 1000.0 {
        tenths = 999.0;
    }
    format!("{:.1}%", tenths / 10.0)
}

/// The period is one calendar year, 1 January to 31 December (the report's 全年).
pub fn is_whole_year(from: chrono::NaiveDate, to: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    from.month() == 1
        && from.day() == 1
        && to.year() == from.year()
        && to.month() == 12
        && to.day() == 31
}

/// The period as the CLI and the UI say it: 「2017年」, or 「2017年1月1日至2017年6月30日」.
pub fn describe_period(from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if is_whole_year(from, to) {
        return format!("{}年", from.year());
    }
    let fmt = |d: chrono::NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    format!("{}至{}", fmt(from), fmt(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_rates_and_amounts_name_counts() {
        let mut seen = std::collections::HashSet::new();
        for f in FIGURES {
            assert!(seen.insert(f.code), "{} twice", f.code);
            let named = match f.measure {
                Measure::Count => vec![],
                Measure::Rate { num, den } => vec![num, den],
                Measure::Amount { of } => vec![of],
            };
            for n in named {
                let target = figure(n).unwrap_or_else(|| panic!("{} names {n}", f.code));
                assert_eq!(target.measure, Measure::Count, "{} names {n}", f.code);
            }
        }
    }

    #[test]
    fn a_whole_year_reads_as_the_year() {
        let d = |s: &str| s.parse().unwrap();
        assert_eq!(describe_period(d("2017-01-01"), d("2017-12-31")), "2017年");
        assert_eq!(
            describe_period(d("2017-01-01"), d("2017-06-30")),
            "2017年1月1日至2017年6月30日"
        );
    }
}
