//! The kind-specific part of a case (`CaseDetails`, tagged by the kind code) and the coded values its fields
//! take.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::kind::{coded_enum, CaseKind};

coded_enum!(
    /// 拟发文形式.
    IssuerForm, "拟发文形式" {
        Government = "government", "政府文";
        GovernmentOffice = "government_office", "政府办文";
        Department = "department", "部门文";
    }
);

coded_enum!(
    /// The materials checklist of a normative-document submission (domain.md §1.2).
    Material, "送审材料" {
        Draft = "draft", "送审稿";
        DraftingExplanation = "drafting_explanation", "起草说明";
        LegalBasis = "legal_basis", "制定依据";
        Consultation = "consultation", "征求意见及采纳情况";
        HearingRecord = "hearing_record", "听证/论证材料";
        Countersign = "countersign", "会签意见";
        FairCompetition = "fair_competition", "公平竞争审查结论";
        LegalOffice = "legal_office", "部门法制机构意见";
    }
);

coded_enum!(
    /// Result of a validity review or cleanup (清理结果).
    CleanupResult, "清理结果" {
        Continued = "continued", "继续有效";
        Amended = "amended", "修改";
        Repealed = "repealed", "废止";
        Expired = "expired", "宣布失效";
    }
);

coded_enum!(
    /// Why a major enforcement decision needs 法制审核 (行政处罚法 Art. 58).
    Art58Trigger, "法制审核情形" {
        PublicInterest = "public_interest", "涉及重大公共利益";
        HearingHeld = "hearing_held", "经过听证程序";
        Complex = "complex", "案情疑难复杂、涉及多个法律关系";
        OtherLaw = "other_law", "法律、法规规定的其他情形";
    }
);

coded_enum!(
    /// 审级 of a lawsuit.
    Instance, "审级" {
        First = "first", "一审";
        Second = "second", "二审";
        Retrial = "retrial", "再审";
    }
);

coded_enum!(
    /// How a court disposed of a lawsuit against the government (裁判结果).
    JudgmentResult, "裁判结果" {
        ClaimsDismissed = "claims_dismissed", "驳回诉讼请求";
        SuitRejected = "suit_rejected", "驳回起诉";
        Revoked = "revoked", "撤销被诉行为";
        ConfirmedUnlawful = "confirmed_unlawful", "确认违法";
        OrderedToAct = "ordered_to_act", "责令履行职责";
        Varied = "varied", "变更";
        Mediated = "mediated", "调解结案";
        Withdrawn = "withdrawn", "准予撤诉";
    }
);

impl JudgmentResult {
    /// Whether either side may appeal it: every judgment, and of the rulings only 驳回起诉 (最高人民法院关于
    /// 适用《中华人民共和国行政诉讼法》的解释 art. 101: 不予立案、驳回起诉、管辖异议); not 调解, not 准予撤诉.
    pub fn appealable(self) -> bool {
        !matches!(self, JudgmentResult::Mediated | JudgmentResult::Withdrawn)
    }

    /// Given by a ruling (裁定, appealed in 10 days when it may be), not a judgment (判决, 15 days): 驳回起诉,
    /// 准予撤诉.
    pub fn is_ruling(self) -> bool {
        matches!(
            self,
            JudgmentResult::SuitRejected | JudgmentResult::Withdrawn
        )
    }

    /// The government won: the claims or the suit dismissed, or the suit withdrawn.
    pub fn government_won(self) -> bool {
        matches!(
            self,
            JudgmentResult::ClaimsDismissed
                | JudgmentResult::SuitRejected
                | JudgmentResult::Withdrawn
        )
    }

    /// The government lost (败诉): the act revoked, declared unlawful or varied, or the duty ordered done. (调解
    /// is neither won nor lost.)
    pub fn government_lost(self) -> bool {
        matches!(
            self,
            JudgmentResult::Revoked
                | JudgmentResult::ConfirmedUnlawful
                | JudgmentResult::OrderedToAct
                | JudgmentResult::Varied
        )
    }
}

coded_enum!(
    /// A reconsideration body's decision (行政复议决定, 行政复议法 2023 arts. 63–74).
    ReconsiderationDecision, "复议决定" {
        Upheld = "upheld", "维持";
        Revoked = "revoked", "撤销";
        Varied = "varied", "变更";
        ConfirmedUnlawful = "confirmed_unlawful", "确认违法";
        OrderedToAct = "ordered_to_act", "责令履行";
        ConfirmedInvalid = "confirmed_invalid", "确认无效";
        Dismissed = "dismissed", "驳回复议请求";
        ApplicationRejected = "application_rejected", "驳回行政复议申请";
        Mediated = "mediated", "调解";
        Terminated = "terminated", "终止";
    }
);

coded_enum!(
    /// What the police decided on a transferred case (国务院令第310号 art. 8).
    PoliceDecision, "公安机关决定" {
        Filed = "filed", "立案";
        Declined = "declined", "不予立案";
    }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormativeDocDetails {
    pub issuer_form: Option<IssuerForm>,
    /// 认定为规范性文件.
    pub is_normative: Option<bool>,
    /// Touches market entities' economic activity, so a 公平竞争审查 conclusion is required.
    pub fair_competition: bool,
    pub materials: Vec<Material>,
    /// 文号 once issued, e.g. 徒政规〔2018〕3号.
    pub doc_no: Option<String>,
    pub normative_reg_no: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// 暂行/试行: a shorter default validity.
    pub provisional: bool,
    pub cleanup: Option<CleanupResult>,
    /// The day it was cleaned up (已清理): what the statistics count clean-ups by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleaned_up_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MajorDecisionDetails {
    pub catalogue_year: Option<i32>,
    pub catalogue_item: Option<u32>,
    pub public_comment_from: Option<NaiveDate>,
    pub public_comment_to: Option<NaiveDate>,
    pub expert_argument: bool,
    pub risk_assessment: bool,
    /// 集体讨论: meeting name and number, e.g. 区政府第12次常务会议.
    pub meeting: Option<String>,
    pub meeting_on: Option<NaiveDate>,
    pub party_committee_reported: bool,
    pub published_on: Option<NaiveDate>,
    pub post_evaluation: Option<String>,
    /// The day the 决策后评估 was done: what the statistics count evaluations by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_evaluated_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractDetails {
    pub counterparty: Option<String>,
    /// In fen (分), to stay exact.
    pub amount_fen: Option<i64>,
    pub funds_type: Option<String>,
    pub contract_type: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub archived_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnforcementDetails {
    pub agency: Option<String>,
    pub party: Option<String>,
    pub proposed_decision: Option<String>,
    pub art58_trigger: Option<Art58Trigger>,
    pub discretion_standard: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PenaltyFilingDetails {
    pub agency: Option<String>,
    pub party: Option<String>,
    pub decision_no: Option<String>,
    pub decision_on: Option<NaiveDate>,
    pub penalty_type: Option<String>,
    pub amount_fen: Option<i64>,
    pub filing_received_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdviceDetails {
    pub question: Option<String>,
}

/// A lawsuit against the government or a department (行政应诉, domain.md §4.5). The case's unit is the
/// defendant, its `received` the day the complaint's copy arrived, from which the defence is due.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LitigationDetails {
    /// The court's 案号, e.g. （2026）苏1112行初15号.
    pub court_case_no: Option<String>,
    pub court: Option<String>,
    pub instance: Option<Instance>,
    /// 原告, one or several, as the complaint names them.
    pub plaintiffs: Option<String>,
    /// 被诉行政行为.
    pub challenged_act: Option<String>,
    /// 案由, e.g. 行政处罚.
    pub cause: Option<String>,
    /// 答辩状和证据提交日期.
    pub defence_submitted_on: Option<NaiveDate>,
    /// 判决或裁定日期.
    pub judgment_on: Option<NaiveDate>,
    pub judgment_result: Option<JudgmentResult>,
    /// 败诉: the government lost.
    pub lost: bool,
    // Fields added after the first release are left out of a snapshot while empty, so a lawsuit stored before
    // them reads back (and is checked) as it was written.
    /// 裁判文书送达日期: the appeal period runs from it (art. 85).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgment_served_on: Option<NaiveDate>,
    /// 上诉日期 (by either side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appealed_on: Option<NaiveDate>,
    /// 收到司法建议日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judicial_suggestion_on: Option<NaiveDate>,
    /// 司法建议回复日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion_replied_on: Option<NaiveDate>,
    /// 关联案件: the review case or decision behind the act challenged (its 登记编号 or 文号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_case: Option<String>,
}

/// The government or a department as respondent in an administrative reconsideration (复议答复, domain.md
/// §4.5). The case's unit is the respondent (被申请人), its `received` the day the application's copy arrived,
/// from which the answer is due in 10 working days (行政复议法 2023 arts. 48, 88).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReconsiderationDetails {
    /// 复议机关, e.g. 镇江市丹徒区人民政府.
    pub reconsideration_body: Option<String>,
    /// 复议案号, e.g. 徒政复〔2026〕12号.
    pub reconsideration_case_no: Option<String>,
    /// 申请人, one or several.
    pub applicants: Option<String>,
    /// 复议事项: the act challenged.
    pub challenged_act: Option<String>,
    /// 答复日期: the written answer and evidence went to the reconsideration body.
    pub replied_on: Option<NaiveDate>,
    pub decision: Option<ReconsiderationDecision>,
    pub decision_on: Option<NaiveDate>,
    /// 附带审查: the application asks for a normative document to be reviewed too (art. 13); its maker is
    /// notified and answers within 10 working days (art. 58).
    pub incidental_review: bool,
    /// The normative document reviewed incidentally, as its 文号 or name (its own case, when the office has one).
    pub reviewed_document: Option<String>,
    /// 收到附带审查通知日期.
    pub maker_notified_on: Option<NaiveDate>,
    /// 制定机关书面答复日期.
    pub maker_replied_on: Option<NaiveDate>,
}

/// A suspected crime found in enforcement and transferred to the police (两法衔接, 国务院令第310号, domain.md
/// §4.4). The case's unit is the transferring agency (移送机关), its `received` the day the case was entered on
/// the 两法衔接 platform (录入); a case may be entered and never transferred.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrimeTransferDetails {
    /// 涉嫌罪名, e.g. 生产、销售伪劣产品罪.
    pub suspected_crime: Option<String>,
    /// 当事人.
    pub suspects: Option<String>,
    /// 移送报告日期: the case team's report to the head, from which the head decides in 3 days (art. 5).
    pub reported_on: Option<NaiveDate>,
    /// 审批日期: the head approved or refused the transfer.
    pub approved_on: Option<NaiveDate>,
    /// 不批准移送的理由 (recorded when refused, art. 5).
    pub refusal_reason: Option<String>,
    /// 移送日期 (within 24 hours of approval).
    pub transferred_on: Option<NaiveDate>,
    /// 接收公安机关.
    pub police: Option<String>,
    pub police_decision: Option<PoliceDecision>,
    /// 接到初次决定通知书日期: the day the agency received the police's first decision.
    pub police_decided_on: Option<NaiveDate>,
    /// 立案日期: the day the police filed the case — at once, or after a 复议 or the procuratorate's
    /// supervision; evidence is handed over within 3 days of it (art. 12).
    pub police_filed_on: Option<NaiveDate>,
    /// 提请复议日期 (within 3 days of the police's refusal, art. 9).
    pub review_sought_on: Option<NaiveDate>,
    /// 接到复议决定通知书日期 (the police answer a 复议 in 3 days, art. 9).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_decided_on: Option<NaiveDate>,
    /// 建议立案监督日期 (人民检察院立案监督).
    pub supervision_sought_on: Option<NaiveDate>,
    /// 移交涉案物品和材料日期.
    pub evidence_handed_on: Option<NaiveDate>,
    /// 办理结果, e.g. 已判决.
    pub result: Option<String>,
}

/// A round of auditing enforcement case files (案卷评查, domain.md §4.3): the plan it follows, who audits, which
/// units' files, the score items, the dates it ran and published its results. The case's unit is the unit that
/// organises it, its `received` the day it began; the files examined are records on it
/// ([`crate::model::inspection::InspectedFile`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileInspectionDetails {
    /// 评查依据, e.g. 《2017年行政执法监督检查计划》.
    pub plan: Option<String>,
    /// 评查人员.
    pub members: Option<String>,
    /// 被评查单位.
    pub units_audited: Option<String>,
    /// 评分项目及分值, e.g. 主体 10；事实 15；…; the common items when not set.
    pub score_items: Option<String>,
    /// 评查结束日期.
    pub finished_on: Option<NaiveDate>,
    /// 结果通报日期.
    pub published_on: Option<NaiveDate>,
    /// 整改期限.
    pub rectify_by: Option<NaiveDate>,
    /// 整改验收日期: the units' rectification checked and the round closed (the step 已结案).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
}

impl FileInspectionDetails {
    /// The round's score items: its own, or the common ones.
    pub fn score_table(&self) -> crate::model::inspection::ScoreTable {
        self.score_items
            .as_deref()
            .and_then(|t| crate::model::inspection::ScoreTable::parse(t).ok())
            .unwrap_or_else(crate::model::inspection::ScoreTable::common)
    }
}

coded_enum!(
    /// Who made a 建议提案: a deputy of the people's congress or a member of the CPPCC.
    ProposalCategory, "建议提案类别" {
        NpcSuggestion = "npc_suggestion", "人大代表建议";
        CppccProposal = "cppcc_proposal", "政协委员提案";
    }
);

coded_enum!(
    /// How the handling unit spoke with the deputy or member (沟通方式).
    ContactWay, "沟通方式" {
        Meeting = "meeting", "面商";
        Phone = "phone", "电话";
        Written = "written", "书面";
    }
);

coded_enum!(
    /// The deputy's or member's view of the reply (代表委员反馈).
    ProposalFeedback, "代表委员反馈" {
        Satisfied = "satisfied", "满意";
        FairlySatisfied = "fairly_satisfied", "基本满意";
        Dissatisfied = "dissatisfied", "不满意";
    }
);

/// A deputy's suggestion or a member's proposal assigned to the government or a department (建议提案办理,
/// issue 21). The case's unit is the 主办单位, its `received` the day it was assigned (交办日期), its title the
/// suggestion's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalDetails {
    pub category: Option<ProposalCategory>,
    /// 届次和会次, e.g. 区十七届人大三次会议.
    pub session: Option<String>,
    /// 编号, e.g. 第12号.
    pub proposal_no: Option<String>,
    /// 领衔代表（委员）.
    pub lead: Option<String>,
    /// 附议代表（委员）.
    pub cosigners: Option<String>,
    /// 交办单位, e.g. 区人大常委会代表工委.
    pub assigned_by: Option<String>,
    /// 会办单位: the units that send the 主办单位 their views.
    pub co_unit_ids: Vec<crate::ids::UnitId>,
    /// 涉及面广、处理难度大: answered within six months, not three (代表法 art. 51).
    pub difficult: bool,
    /// 会办意见送达日期: the day the co-units' views reached the 主办单位.
    pub co_views_on: Option<NaiveDate>,
    /// 办理类别: the code of an entry of the office's list (A 已解决或采纳, B 正在解决或列入计划, C 留作参考, or
    /// one of its own), the mark a reply carries at its top right.
    #[serde(deserialize_with = "class_code")]
    pub handling_class: Option<String>,
    /// 答复日期 (the step 已答复).
    pub replied_on: Option<NaiveDate>,
    pub contact_way: Option<ContactWay>,
    /// The view of the first reply (a 不满意 sends it back for 重新办理).
    pub feedback: Option<ProposalFeedback>,
    /// The view of the renewed reply.
    pub refeedback: Option<ProposalFeedback>,
    /// The day it was taken up again after a 不满意 (the step 重新办理).
    pub rehandling_on: Option<NaiveDate>,
    /// 重新答复日期 (the step 已重新答复).
    pub rereplied_on: Option<NaiveDate>,
}

/// The year's 法治政府建设 key tasks (issue 21): a plan as the office receives it (its year and the document that
/// issued it; the case's title the plan's, its unit the issuing body, its `received` the day it was issued), its
/// tasks records on it ([`crate::model::tasks::KeyTask`]). The step 已结案 closes the year's plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskPlanDetails {
    /// 计划年度: the year whose tasks it lists (the year it was issued in, when not given); none may fall due
    /// before it begins.
    pub plan_year: Option<i32>,
    /// 印发文号, e.g. 徒政办发〔2017〕15号.
    pub doc_no: Option<String>,
}

/// A 办理类别 as stored: the builds before the office's lists stored the built-in classes as `a`, `b`, `c`; they
/// read as the codes A, B, C the lists give them.
fn class_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let code: Option<String> = Option::deserialize(d)?;
    Ok(code.map(|c| match c.as_str() {
        "a" | "b" | "c" => c.to_ascii_uppercase(),
        _ => c,
    }))
}

impl TaskPlanDetails {
    /// The plan's year: the one given, else the year it was issued (`received`).
    pub fn year_or(&self, received: NaiveDate) -> i32 {
        self.plan_year
            .unwrap_or_else(|| chrono::Datelike::year(&received))
    }
}

/// Kind-specific fields; the serde tag is the kind code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseDetails {
    NormativeDoc(NormativeDocDetails),
    MajorDecision(MajorDecisionDetails),
    Contract(ContractDetails),
    Enforcement(EnforcementDetails),
    PenaltyFiling(PenaltyFilingDetails),
    Advice(AdviceDetails),
    Litigation(LitigationDetails),
    Reconsideration(ReconsiderationDetails),
    CrimeTransfer(CrimeTransferDetails),
    FileInspection(FileInspectionDetails),
    Proposal(ProposalDetails),
    TaskPlan(TaskPlanDetails),
}

impl CaseDetails {
    pub fn empty(kind: CaseKind) -> CaseDetails {
        match kind {
            CaseKind::NormativeDoc => CaseDetails::NormativeDoc(Default::default()),
            CaseKind::MajorDecision => CaseDetails::MajorDecision(Default::default()),
            CaseKind::Contract => CaseDetails::Contract(Default::default()),
            CaseKind::Enforcement => CaseDetails::Enforcement(Default::default()),
            CaseKind::PenaltyFiling => CaseDetails::PenaltyFiling(Default::default()),
            CaseKind::Advice => CaseDetails::Advice(Default::default()),
            CaseKind::Litigation => CaseDetails::Litigation(Default::default()),
            CaseKind::Reconsideration => CaseDetails::Reconsideration(Default::default()),
            CaseKind::CrimeTransfer => CaseDetails::CrimeTransfer(Default::default()),
            CaseKind::FileInspection => CaseDetails::FileInspection(Default::default()),
            CaseKind::Proposal => CaseDetails::Proposal(Default::default()),
            CaseKind::TaskPlan => CaseDetails::TaskPlan(Default::default()),
        }
    }

    pub fn kind(&self) -> CaseKind {
        match self {
            CaseDetails::NormativeDoc(_) => CaseKind::NormativeDoc,
            CaseDetails::MajorDecision(_) => CaseKind::MajorDecision,
            CaseDetails::Contract(_) => CaseKind::Contract,
            CaseDetails::Enforcement(_) => CaseKind::Enforcement,
            CaseDetails::PenaltyFiling(_) => CaseKind::PenaltyFiling,
            CaseDetails::Advice(_) => CaseKind::Advice,
            CaseDetails::Litigation(_) => CaseKind::Litigation,
            CaseDetails::Reconsideration(_) => CaseKind::Reconsideration,
            CaseDetails::CrimeTransfer(_) => CaseKind::CrimeTransfer,
            CaseDetails::FileInspection(_) => CaseKind::FileInspection,
            CaseDetails::Proposal(_) => CaseKind::Proposal,
            CaseDetails::TaskPlan(_) => CaseKind::TaskPlan,
        }
    }
}

#[cfg(test)]
mod class_tests {
    use super::ProposalDetails;

    #[test]
    fn a_class_stored_by_the_builds_before_the_lists_reads_as_its_code() {
        for (stored, read) in [("b", Some("B")), ("D", Some("D")), ("d", Some("d"))] {
            let d: ProposalDetails =
                serde_json::from_str(&format!(r#"{{"handling_class":"{stored}"}}"#)).unwrap();
            assert_eq!(d.handling_class.as_deref(), read, "{stored}");
        }
        let none: ProposalDetails = serde_json::from_str("{}").unwrap();
        assert_eq!(none.handling_class, None);
    }
}
