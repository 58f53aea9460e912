//! Deadline rules (期限规则): the statutory and local time limits of domain.md §9.3, each with its unit, start
//! event and source.
//!
//! What a rule *does* — which case it applies to, which date starts it, what closes it — is fixed by its code
//! and lives in the deadline engine. What an office may change is the number, the unit, the default extension,
//! the source it cites and whether it is used at all; those are a revisioned record per rule (named by its
//! code, so every laptop edits the same record), seeded with the defaults below.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kind::{coded_enum, CaseKind};
use super::validate;
use crate::error::{Error, Result};

coded_enum!(
    /// How a rule's number is counted.
    PeriodUnit, "期限单位" {
        WorkingDays = "working_days", "工作日";
        CalendarDays = "calendar_days", "日";
        Months = "months", "个月";
        Years = "years", "年";
        Hours = "hours", "小时";
    }
);

coded_enum!(
    /// The date a rule counts from (the day itself is not counted).
    StartEvent, "起算事件" {
        MaterialsComplete = "materials_complete", "材料齐全（受理）之日";
        CommentStart = "comment_start", "公开征求意见开始之日";
        Signing = "signing", "合同签订之日";
        SupplementNotice = "supplement_notice", "通知补正之日";
        Publication = "publication", "公布之日";
        Decision = "decision", "处罚决定作出之日";
        Commencement = "commencement", "施行之日";
        ValidityEnd = "validity_end", "有效期届满之日";
        ComplaintServed = "complaint_served", "收到起诉状副本之日";
        ApplicationServed = "application_served", "收到复议申请书副本之日";
        IncidentalReviewNotice = "incidental_review_notice", "收到附带审查通知之日";
        TransferReport = "transfer_report", "移送报告之日";
        TransferApproval = "transfer_approval", "批准移送之日";
        TransferMade = "transfer_made", "移送之日";
        PoliceDecision = "police_decision", "接到不予立案通知书之日";
        PoliceFilingNotice = "police_filing_notice", "接到立案通知书之日";
        ReviewSought = "review_sought", "提请复议之日";
        ReviewDecided = "review_decided", "接到复议决定通知书之日";
        Assignment = "assignment", "交办之日";
        RehandlingStarted = "rehandling_started", "决定重新办理之日";
        JudgmentServed = "judgment_served", "裁判文书送达之日";
        SuggestionReceived = "suggestion_received", "收到司法建议之日";
        ResultsPublished = "results_published", "评查结果通报之日";
    }
);

coded_enum!(
    /// What a rule's date means: something due by it (办理期限), the least a period may last (最短期限,
    /// a shorter one is flagged), the day a document stops being valid (有效期), a reminder before it, or the
    /// time within which a right may be used or another body should act (可行使期限: an appeal, a 复议 of the
    /// police's refusal, the police's own 3 days) — shown on the case, never counted as the office's lateness.
    RulePurpose, "规则性质" {
        Deadline = "deadline", "办理期限";
        Minimum = "minimum", "最短期限";
        Expiry = "expiry", "有效期";
        Reminder = "reminder", "提前提醒";
        Window = "window", "可行使期限";
    }
);

coded_enum!(
    /// The rules the engine knows (domain.md §9.3).
    RuleCode, "期限规则" {
        NormativeReview = "normative_review", "规范性文件合法性审核期限";
        NormativeReviewMinimum = "normative_review_minimum", "规范性文件审核最短时间";
        MajorDecisionReviewMinimum = "major_decision_review_minimum", "重大行政决策合法性审查最短时间";
        PublicCommentMinimum = "public_comment_minimum", "重大行政决策公开征求意见期";
        ContractReview = "contract_review", "政府合同合法性审查期限";
        ContractArchive = "contract_archive", "合同签订后报送备存";
        EnforcementReview = "enforcement_review", "重大执法决定法制审核期限";
        EnforcementSupplement = "enforcement_supplement", "法制审核补正材料期限";
        FilingNpc = "filing_npc", "报送人大常委会备案";
        FilingUpper = "filing_upper", "报送上级政府备案";
        PenaltyFiling = "penalty_filing", "重大行政处罚决定备案";
        CommencementGap = "commencement_gap", "公布至施行的间隔";
        Validity = "validity", "规范性文件有效期";
        ValidityProvisional = "validity_provisional", "暂行、试行文件有效期";
        PreExpiryEvaluation = "pre_expiry_evaluation", "有效期届满前评估";
        LitigationDefence = "litigation_defence", "行政应诉答辩期限";
        ReconsiderationReply = "reconsideration_reply", "行政复议答复期限";
        IncidentalReviewReply = "incidental_review_reply", "附带审查答复期限";
        TransferApproval = "transfer_approval", "移送审批期限";
        TransferDispatch = "transfer_dispatch", "批准后移送期限";
        PoliceFilingDecision = "police_filing_decision", "公安机关立案审查期限";
        TransferReview = "transfer_review", "提请复议期限";
        PoliceReviewDecision = "police_review_decision", "公安机关复议决定期限";
        SupervisionAfterReview = "supervision_after_review", "复议后建议立案监督期限";
        EvidenceHandover = "evidence_handover", "移交涉案物品期限";
        AppealJudgment = "appeal_judgment", "不服一审判决上诉期限";
        AppealRuling = "appeal_ruling", "不服一审裁定上诉期限";
        JudicialSuggestionReply = "judicial_suggestion_reply", "司法建议回复期限";
        InspectionRectification = "inspection_rectification", "案卷评查整改期限";
        ProposalReply = "proposal_reply", "人大代表建议答复期限";
        ProposalReplyCppcc = "proposal_reply_cppcc", "政协委员提案答复期限";
        ProposalReplyDifficult = "proposal_reply_difficult", "涉及面广、处理难度大的建议提案答复期限";
        ProposalCoViews = "proposal_co_views", "会办单位提出会办意见期限";
        ProposalRehandling = "proposal_rehandling", "重新办理答复期限";
    }
);

/// The fixed shape of a rule: what the office cannot change without changing what the rule is.
pub struct RuleShape {
    pub kind: CaseKind,
    pub start: StartEvent,
    pub purpose: RulePurpose,
}

impl RuleCode {
    pub fn shape(self) -> RuleShape {
        use CaseKind::{
            Contract, CrimeTransfer, Enforcement, FileInspection, Litigation, MajorDecision,
            NormativeDoc, Proposal, Reconsideration,
        };
        use RuleCode::*;
        use RulePurpose as P;
        use StartEvent as S;
        let (kind, start, purpose) = match self {
            NormativeReview => (NormativeDoc, S::MaterialsComplete, P::Deadline),
            NormativeReviewMinimum => (NormativeDoc, S::MaterialsComplete, P::Minimum),
            MajorDecisionReviewMinimum => (MajorDecision, S::MaterialsComplete, P::Minimum),
            PublicCommentMinimum => (MajorDecision, S::CommentStart, P::Minimum),
            ContractReview => (Contract, S::MaterialsComplete, P::Deadline),
            ContractArchive => (Contract, S::Signing, P::Deadline),
            EnforcementReview => (Enforcement, S::MaterialsComplete, P::Deadline),
            EnforcementSupplement => (Enforcement, S::SupplementNotice, P::Deadline),
            FilingNpc | FilingUpper => (NormativeDoc, S::Publication, P::Deadline),
            PenaltyFiling => (CaseKind::PenaltyFiling, S::Decision, P::Deadline),
            CommencementGap => (NormativeDoc, S::Publication, P::Minimum),
            Validity | ValidityProvisional => (NormativeDoc, S::Commencement, P::Expiry),
            PreExpiryEvaluation => (NormativeDoc, S::ValidityEnd, P::Reminder),
            LitigationDefence => (Litigation, S::ComplaintServed, P::Deadline),
            ReconsiderationReply => (Reconsideration, S::ApplicationServed, P::Deadline),
            IncidentalReviewReply => (Reconsideration, S::IncidentalReviewNotice, P::Deadline),
            TransferApproval => (CrimeTransfer, S::TransferReport, P::Deadline),
            TransferDispatch => (CrimeTransfer, S::TransferApproval, P::Deadline),
            PoliceFilingDecision => (CrimeTransfer, S::TransferMade, P::Window),
            TransferReview => (CrimeTransfer, S::PoliceDecision, P::Window),
            PoliceReviewDecision => (CrimeTransfer, S::ReviewSought, P::Window),
            SupervisionAfterReview => (CrimeTransfer, S::ReviewDecided, P::Window),
            EvidenceHandover => (CrimeTransfer, S::PoliceFilingNotice, P::Deadline),
            AppealJudgment | AppealRuling => (Litigation, S::JudgmentServed, P::Window),
            JudicialSuggestionReply => (Litigation, S::SuggestionReceived, P::Deadline),
            InspectionRectification => (FileInspection, S::ResultsPublished, P::Deadline),
            ProposalReply | ProposalReplyCppcc | ProposalReplyDifficult | ProposalCoViews => {
                (Proposal, S::Assignment, P::Deadline)
            }
            ProposalRehandling => (Proposal, S::RehandlingStarted, P::Deadline),
        };
        RuleShape {
            kind,
            start,
            purpose,
        }
    }

    /// The rule that dates a filing with `channel`.
    pub fn of_filing(channel: super::records::FilingChannel) -> RuleCode {
        match channel {
            super::records::FilingChannel::NpcStandingCommittee => RuleCode::FilingNpc,
            super::records::FilingChannel::UpperGovernment => RuleCode::FilingUpper,
        }
    }

    /// Whether national law fixes this rule. The others are set by each province or city: the app ships a
    /// common default marked 按本地规定设置, and the office records its own citation (`local_source`).
    pub fn is_national(self) -> bool {
        use RuleCode::*;
        matches!(
            self,
            MajorDecisionReviewMinimum
                | PublicCommentMinimum
                | LitigationDefence
                | ReconsiderationReply
                | IncidentalReviewReply
                | TransferApproval
                | TransferDispatch
                | PoliceFilingDecision
                | TransferReview
                | PoliceReviewDecision
                | SupervisionAfterReview
                | EvidenceHandover
                | AppealJudgment
                | AppealRuling
                | ProposalReply
                | ProposalReplyDifficult
        )
    }

    /// The default: the amount of domain.md §9.3 and its source — for a national rule the law and article
    /// (verified against the text), for a local one 按本地规定设置 and what the default is.
    pub fn default_rule(self) -> DeadlineRule {
        let source = match self {
            RuleCode::MajorDecisionReviewMinimum => {
                "《重大行政决策程序暂行条例》（国务院令第713号）第二十六条第二款：送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日"
            }
            RuleCode::PublicCommentMinimum => {
                "《重大行政决策程序暂行条例》（国务院令第713号）第十五条第一款：公开征求意见的期限一般不少于30日"
            }
            RuleCode::NormativeReview | RuleCode::NormativeReviewMinimum => {
                "按本地规定设置。国办发〔2018〕115号《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》要求合理确定审核时限，具体时限由各地规定"
            }
            RuleCode::LitigationDefence
            | RuleCode::ReconsiderationReply
            | RuleCode::IncidentalReviewReply
            | RuleCode::TransferApproval
            | RuleCode::TransferDispatch
            | RuleCode::PoliceFilingDecision
            | RuleCode::TransferReview
            | RuleCode::PoliceReviewDecision
            | RuleCode::SupervisionAfterReview
            | RuleCode::EvidenceHandover
            | RuleCode::AppealJudgment
            | RuleCode::AppealRuling
            | RuleCode::JudicialSuggestionReply
            | RuleCode::InspectionRectification
            | RuleCode::ProposalReply
            | RuleCode::ProposalReplyCppcc
            | RuleCode::ProposalReplyDifficult
            | RuleCode::ProposalCoViews
            | RuleCode::ProposalRehandling => self.first_edition_values().3,
            RuleCode::FilingNpc => {
                "按本地规定设置。《中华人民共和国各级人民代表大会常务委员会监督法》规定备案审查的具体程序由省级人大常委会规定，报备时限见本省规范性文件备案审查条例"
            }
            _ => "按本地规定设置：国家法律、行政法规未规定此期限",
        };
        self.shipped(source)
    }

    /// The rule as the first release shipped it, with the provisional sources it cited then. Databases begin
    /// with it (so every laptop's seed revision is the same) and are brought to [`RuleCode::default_rule`] by a
    /// second, equally fixed revision, unless the office has changed the rule since.
    pub fn first_edition(self) -> DeadlineRule {
        self.shipped(self.first_edition_values().3)
    }

    /// The shipped amount, unit and extension, citing `source`.
    fn shipped(self, source: &str) -> DeadlineRule {
        let (amount, unit, extension, _) = self.first_edition_values();
        DeadlineRule {
            code: self,
            amount,
            unit,
            extension,
            source: source.to_string(),
            local_source: None,
            note: None,
            enabled: true,
        }
    }

    fn first_edition_values(self) -> (u32, PeriodUnit, Option<u32>, &'static str) {
        use PeriodUnit::*;
        use RuleCode::*;
        match self {
            NormativeReview => (
                15,
                WorkingDays,
                None,
                "国办发〔2018〕115号（通行表述“最长不超过15个工作日”，原文待核实）；德州市规定受理之日起15个工作日（已核实）",
            ),
            NormativeReviewMinimum => (
                5,
                WorkingDays,
                None,
                "国办发〔2018〕115号（通行表述“原则上不少于5个工作日”，原文待核实）",
            ),
            MajorDecisionReviewMinimum => (
                7,
                WorkingDays,
                None,
                "《重大行政决策程序暂行条例》（国务院令第713号）第二十六条：一般不少于7个工作日",
            ),
            PublicCommentMinimum => (
                30,
                CalendarDays,
                None,
                "《重大行政决策程序暂行条例》第十五条：公开征求意见期限一般不少于30日",
            ),
            ContractReview => (
                5,
                WorkingDays,
                Some(5),
                "地方规定示例：收到齐全材料之日起5个工作日，复杂的可延长5个工作日（请按本地规定核对）",
            ),
            ContractArchive => (
                5,
                WorkingDays,
                None,
                "地方规定示例：合同签订后5个工作日内报送法制机构和档案部门备存",
            ),
            EnforcementReview => (
                10,
                WorkingDays,
                Some(3),
                "地方规定示例：受理之日起10个工作日，可延长3个工作日（各地5—10个工作日）",
            ),
            EnforcementSupplement => (
                3,
                WorkingDays,
                None,
                "地方规定示例：材料不齐全的，送审机关在3个工作日内补充",
            ),
            FilingNpc => (
                30,
                CalendarDays,
                None,
                "北京、上海、山东、浙江等地规定：自公布之日起三十日内报送本级人大常委会备案（江苏条例待核实）",
            ),
            FilingUpper => (
                30,
                CalendarDays,
                None,
                "各地不一（15日、30日或3个工作日），请按本地规定设置",
            ),
            PenaltyFiling => (
                15,
                CalendarDays,
                None,
                "山西、河北等地规定：作出重大行政处罚决定之日起15日内备案（江苏待核实）",
            ),
            CommencementGap => (
                30,
                CalendarDays,
                None,
                "通行做法：自公布之日起30日后施行；不足30日的须说明理由",
            ),
            Validity => (
                5,
                Years,
                None,
                "通行做法：有效期一般不超过5年（江苏省政府令第158号待核实）",
            ),
            ValidityProvisional => (
                2,
                Years,
                None,
                "通行做法：名称冠以“暂行”“试行”的，有效期一般不超过2年",
            ),
            PreExpiryEvaluation => (
                6,
                Months,
                None,
                "通行做法：制定机关在有效期届满前6个月进行评估",
            ),
            // Added after the first release: their first editions already cite what the second would.
            LitigationDefence => (15, CalendarDays, None, LITIGATION_DEFENCE_SOURCE),
            ReconsiderationReply => (
                10,
                WorkingDays,
                None,
                "《中华人民共和国行政复议法》（2023年修订）第四十八条：被申请人应当自收到申请书副本或者申请笔录复印件之日起十日内提出书面答复，并提交作出行政行为的证据、依据和其他有关材料；第八十八条：“十日”指工作日，不含法定休假日",
            ),
            IncidentalReviewReply => (
                10,
                WorkingDays,
                None,
                "《中华人民共和国行政复议法》（2023年修订）第五十八条：规范性文件的制定机关应当自收到书面通知之日起十日内提交书面答复及相关材料；第八十八条：“十日”指工作日",
            ),
            TransferApproval => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第五条：正职负责人或者主持工作的负责人应当自接到报告之日起3日内作出批准移送或者不批准移送的决定",
            ),
            TransferDispatch => (
                24,
                Hours,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第五条：决定批准的，应当在24小时内向同级公安机关移送",
            ),
            PoliceFilingDecision => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第八条：公安机关应当自接受移送的涉嫌犯罪案件之日起3日内进行审查，决定立案或者不予立案，并书面通知移送机关",
            ),
            TransferReview => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第九条：行政执法机关可以自接到不予立案通知书之日起3日内提请作出不予立案决定的公安机关复议，也可以建议人民检察院进行立案监督",
            ),
            PoliceReviewDecision => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第九条第二款：作出不予立案决定的公安机关应当自收到行政执法机关提请复议的文件之日起3日内作出立案或者不予立案的决定，并书面通知移送案件的行政执法机关",
            ),
            SupervisionAfterReview => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第九条第二款：移送案件的行政执法机关对公安机关不予立案的复议决定仍有异议的，应当自收到复议决定通知书之日起3日内建议人民检察院依法进行立案监督",
            ),
            EvidenceHandover => (
                3,
                CalendarDays,
                None,
                "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）第十二条：对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安机关",
            ),
            AppealJudgment => (
                15,
                CalendarDays,
                None,
                "《中华人民共和国行政诉讼法》第八十五条：当事人不服人民法院第一审判决的，有权在判决书送达之日起十五日内向上一级人民法院提起上诉",
            ),
            AppealRuling => (
                10,
                CalendarDays,
                None,
                "《中华人民共和国行政诉讼法》第八十五条：不服人民法院第一审裁定的，有权在裁定书送达之日起十日内向上一级人民法院提起上诉",
            ),
            JudicialSuggestionReply => (
                2,
                Months,
                None,
                "按本地规定设置。法律未规定回复期限；法院通常在司法建议书中要求被建议单位在两个月内书面回复，以建议书载明的期限为准",
            ),
            InspectionRectification => (
                30,
                CalendarDays,
                None,
                "按本地规定设置。整改期限由评查结果通报或整改通知载明（登记为该次评查的“整改期限”时以其为准）；未载明的，默认自通报之日起30日内完成整改并书面报送整改情况",
            ),
            ProposalReply => (3, Months, None, PROPOSAL_REPLY_SOURCE),
            ProposalReplyCppcc => (
                3,
                Months,
                None,
                "按本地规定设置。政协委员提案由各地政协提案工作条例和政府提案办理办法规定办理期限，默认自交办之日起三个月内答复（请按本地规定核对）",
            ),
            ProposalReplyDifficult => (6, Months, None, PROPOSAL_REPLY_SOURCE),
            ProposalCoViews => (
                1,
                Months,
                None,
                "按本地规定设置。各地建议提案办理办法通常规定会办单位自交办之日起一个月内将会办意见送主办单位",
            ),
            ProposalRehandling => (
                1,
                Months,
                None,
                "按本地规定设置。代表委员对答复不满意的，承办单位应当重新研究办理，通常在一个月内再次答复",
            ),
        }
    }
}

/// 代表法 (2025 修正) art. 51 ¶2 (domain.md §4.6). (A CPPCC proposal's three months are a local rule of its own;
/// the six months of a difficult one are the law's for a deputy's and applied to a member's as well.)
const PROPOSAL_REPLY_SOURCE: &str =
    "《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》（2025年修正）第五十一条第二款：有关机关、组织应当……自交办之日起三个月内答复。涉及面广、处理难度大的建议、批评和意见，应当自交办之日起六个月内答复";

/// 行政诉讼法 (2017 修正) art. 67, first paragraph (domain.md §4.5).
const LITIGATION_DEFENCE_SOURCE: &str =
    "《中华人民共和国行政诉讼法》第六十七条第一款：被告应当在收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状";

/// One rule as the office has set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    pub code: RuleCode,
    pub amount: u32,
    pub unit: PeriodUnit,
    /// The extension usually granted (working days), offered when extending; `None` when the rule names none.
    #[serde(default)]
    pub extension: Option<u32>,
    /// What the app ships: for a national rule the law and article, for a local one 按本地规定设置.
    pub source: String,
    /// 本地依据: the office's own citation for a local rule (文件名称、文号、条款).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub enabled: bool,
}

/// The id of a rule's record: the same on every laptop.
pub fn rule_id(code: RuleCode) -> Uuid {
    crate::ids::named_uuid(&format!("deadline-rule/{}", code.code()))
}

/// The largest number a rule may hold per unit: longer is surely a typing mistake.
fn max_amount(unit: PeriodUnit) -> u32 {
    match unit {
        PeriodUnit::WorkingDays => 250,
        PeriodUnit::CalendarDays => 366,
        PeriodUnit::Months => 60,
        PeriodUnit::Years => 10,
        PeriodUnit::Hours => 720,
    }
}

impl DeadlineRule {
    pub fn id(&self) -> Uuid {
        rule_id(self.code)
    }

    pub fn validate(&self) -> Result<()> {
        let max = max_amount(self.unit);
        if !(1..=max).contains(&self.amount) {
            return Err(Error::invalid(
                "期限",
                format!("{}：应为 1—{max} {}", self.code.label(), self.unit.label()),
            ));
        }
        let purpose = self.code.shape().purpose;
        let dated = matches!(self.unit, PeriodUnit::Months | PeriodUnit::Years);
        if matches!(purpose, RulePurpose::Expiry | RulePurpose::Reminder) && !dated {
            return Err(Error::invalid(
                "期限单位",
                format!("{}应以年或月计", self.code.label()),
            ));
        }
        if let Some(e) = self.extension {
            if !(1..=crate::model::records::MAX_EXTENSION_DAYS).contains(&e) {
                return Err(Error::invalid(
                    "可延长",
                    format!(
                        "应为 1—{} 个工作日",
                        crate::model::records::MAX_EXTENSION_DAYS
                    ),
                ));
            }
        }
        validate::required_text("依据", &self.source, 300)?;
        if let Some(l) = &self.local_source {
            validate::required_text("本地依据", l, 300)?;
        }
        if let Some(n) = &self.note {
            validate::long_text("备注", n, 500)?;
        }
        Ok(())
    }

    /// "15个工作日", "30日", "6个月", "5年".
    pub fn period_text(&self) -> String {
        match self.unit {
            PeriodUnit::WorkingDays => format!("{}个工作日", self.amount),
            PeriodUnit::CalendarDays => format!("{}日", self.amount),
            PeriodUnit::Months => format!("{}个月", self.amount),
            PeriodUnit::Years => format!("{}年", self.amount),
            PeriodUnit::Hours => format!("{}小时", self.amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_rule_is_valid_and_cites_a_source() {
        for &c in RuleCode::ALL {
            let r = c.default_rule();
            r.validate().unwrap_or_else(|e| panic!("{}: {e}", c.code()));
            assert!(r.source.chars().count() > 8, "{}", c.code());
        }
    }

    #[test]
    fn a_national_rule_cites_its_article_and_a_local_one_names_no_other_place() {
        for &c in RuleCode::ALL {
            let source = c.default_rule().source;
            if c.is_national() {
                assert!(
                    source.contains("第") && source.contains("条") && source.contains("《"),
                    "{}: {source}",
                    c.code()
                );
            } else {
                assert!(
                    source.starts_with("按本地规定设置"),
                    "{}: {source}",
                    c.code()
                );
            }
            for placeholder in [
                "待核实",
                "示例",
                "通行",
                "北京",
                "上海",
                "山东",
                "浙江",
                "山西",
                "河北",
                "德州",
                "江苏",
            ] {
                assert!(!source.contains(placeholder), "{}: {source}", c.code());
            }
        }
    }

    #[test]
    fn nonsense_numbers_are_refused() {
        let mut r = RuleCode::NormativeReview.default_rule();
        r.amount = 0;
        assert!(r.validate().is_err());
        r.amount = 400;
        assert!(r.validate().is_err());
        let mut v = RuleCode::Validity.default_rule();
        v.unit = PeriodUnit::WorkingDays;
        v.amount = 20;
        assert!(v
            .validate()
            .unwrap_err()
            .to_string()
            .contains("应以年或月计"));
    }
}
