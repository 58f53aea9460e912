//! The review case (审查事项): common fields, kind-specific details, and the field registry.
//!
//! [`CASE_FIELDS`] lists every editable field once, with its Chinese label and the kinds it applies to. The CLI
//! makes one flag per entry, the desktop form one input per entry, and [`ReviewCase::set_field`] is the single
//! place a raw value is parsed and checked. Status, registration number and id are not fields: they change only
//! through their own operations.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::kind::{coded_enum, CaseKind, Outcome, Status};
use super::validate::{self, fmt_amount, fmt_date};
use crate::error::{Error, Result};
use crate::ids::{CaseId, PersonId, UnitId};

/// 登记编号 `YYYY-NNN`, numbered per year of receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegNo {
    pub year: i32,
    pub serial: u32,
}

impl fmt::Display for RegNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:03}", self.year, self.serial)
    }
}

impl RegNo {
    pub fn parse(s: &str) -> Result<RegNo> {
        let bad = || {
            Error::invalid(
                "登记编号",
                format!("「{s}」应为「年份-序号」，例如 2018-012"),
            )
        };
        let (y, n) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || n.is_empty() || !y.chars().chain(n.chars()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let serial: u32 = n.parse().map_err(|_| bad())?;
        if serial == 0 || !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&year) {
            return Err(bad());
        }
        Ok(RegNo { year, serial })
    }
}

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
        }
    }
}

/// A review case (审查事项).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCase {
    pub id: CaseId,
    pub reg_no: RegNo,
    pub title: String,
    /// 送审单位.
    pub unit_id: UnitId,
    pub contact: Option<String>,
    pub contact_phone: Option<String>,
    /// 收文日期.
    pub received: NaiveDate,
    /// 材料齐全日: the review clock starts the day after.
    pub materials_complete: Option<NaiveDate>,
    /// 承办人.
    pub assignee_id: Option<PersonId>,
    pub advisor_ids: Vec<PersonId>,
    /// A deadline set by hand (major decisions: "set per case"); computed deadlines come from the rules.
    pub due_date: Option<NaiveDate>,
    pub status: Status,
    /// The day the opinion was issued (出具意见): when the review deadline was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    /// 审查意见 summary or, for `advice`, the free-text conclusion.
    pub conclusion: Option<String>,
    pub note: Option<String>,
    pub details: CaseDetails,
}

/// How a field's raw text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text(usize),
    LongText(usize),
    Date,
    Flag,
    Amount,
    Year,
    Number,
    /// One code of a coded enum; `choices` lists the codes with labels.
    Choice,
    /// A comma-separated list of codes.
    ChoiceList,
    UnitRef,
    PersonRef,
    PersonList,
}

/// One editable field of a case.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Stable code: the JSON key, the CLI flag (`_` → `-`) and the form input name.
    pub code: &'static str,
    pub label: &'static str,
    pub ty: FieldType,
    /// `None`: every kind.
    pub kinds: Option<&'static [CaseKind]>,
}

impl FieldSpec {
    pub fn applies_to(&self, kind: CaseKind) -> bool {
        self.kinds.is_none_or(|k| k.contains(&kind))
    }

    /// The (code, label) choices of a `Choice`/`ChoiceList` field, for forms and error messages.
    pub fn choices(&self, kind: CaseKind) -> Vec<(&'static str, &'static str)> {
        match self.code {
            "outcome" => Outcome::code_labels(kind.outcomes()),
            "issuer_form" => IssuerForm::code_labels(IssuerForm::ALL),
            "materials" => Material::code_labels(Material::ALL),
            "cleanup" => CleanupResult::code_labels(CleanupResult::ALL),
            "art58_trigger" => Art58Trigger::code_labels(Art58Trigger::ALL),
            _ => Vec::new(),
        }
    }
}

use CaseKind::{
    Advice as ADV, Contract as CON, Enforcement as ENF, MajorDecision as MD, NormativeDoc as ND,
    PenaltyFiling as PF,
};

macro_rules! f {
    ($code:literal, $label:literal, $ty:expr) => {
        FieldSpec { code: $code, label: $label, ty: $ty, kinds: None }
    };
    ($code:literal, $label:literal, $ty:expr, $($k:ident),+) => {
        FieldSpec { code: $code, label: $label, ty: $ty, kinds: Some(&[$($k),+]) }
    };
}

/// Every editable field of a case, in form order.
pub const CASE_FIELDS: &[FieldSpec] = &[
    f!("title", "事项名称", FieldType::Text(200)),
    f!("unit", "送审单位", FieldType::UnitRef),
    f!("contact", "联系人", FieldType::Text(30)),
    f!("contact_phone", "联系电话", FieldType::Text(40)),
    f!("received", "收文日期", FieldType::Date),
    f!("materials_complete", "材料齐全日期", FieldType::Date),
    f!("assignee", "承办人", FieldType::PersonRef),
    f!("advisors", "法律顾问", FieldType::PersonList),
    f!("due_date", "办理期限", FieldType::Date),
    f!(
        "outcome",
        "审查结论",
        FieldType::Choice,
        ND,
        MD,
        CON,
        ENF,
        PF
    ),
    f!("conclusion", "审查意见摘要", FieldType::LongText(2000)),
    f!("note", "备注", FieldType::LongText(2000)),
    // normative documents
    f!("issuer_form", "拟发文形式", FieldType::Choice, ND),
    f!("is_normative", "认定为规范性文件", FieldType::Flag, ND),
    f!("fair_competition", "涉及公平竞争审查", FieldType::Flag, ND),
    f!("materials", "已收送审材料", FieldType::ChoiceList, ND),
    f!("doc_no", "文号", FieldType::Text(40), ND),
    f!(
        "normative_reg_no",
        "规范性文件登记号",
        FieldType::Text(40),
        ND
    ),
    f!("published_on", "公布日期", FieldType::Date, ND, MD),
    f!("effective_on", "施行日期", FieldType::Date, ND),
    f!("valid_until", "有效期至", FieldType::Date, ND),
    f!("provisional", "暂行/试行", FieldType::Flag, ND),
    f!("cleanup", "清理结果", FieldType::Choice, ND),
    // major decisions
    f!("catalogue_year", "决策目录年度", FieldType::Year, MD),
    f!("catalogue_item", "目录序号", FieldType::Number, MD),
    f!(
        "public_comment_from",
        "公开征求意见开始",
        FieldType::Date,
        MD
    ),
    f!("public_comment_to", "公开征求意见结束", FieldType::Date, MD),
    f!("expert_argument", "已组织专家论证", FieldType::Flag, MD),
    f!("risk_assessment", "已开展风险评估", FieldType::Flag, MD),
    f!("meeting", "集体讨论会议", FieldType::Text(60), MD),
    f!("meeting_on", "会议日期", FieldType::Date, MD),
    f!(
        "party_committee_reported",
        "已报同级党委",
        FieldType::Flag,
        MD
    ),
    f!(
        "post_evaluation",
        "决策后评估",
        FieldType::LongText(2000),
        MD
    ),
    // contracts
    f!("counterparty", "合同相对方", FieldType::Text(60), CON),
    f!("amount", "金额（元）", FieldType::Amount, CON, PF),
    f!("funds_type", "资金/资产类型", FieldType::Text(30), CON),
    f!("contract_type", "合同类型", FieldType::Text(30), CON),
    f!("signed_on", "签订日期", FieldType::Date, CON),
    f!("archived_on", "归档日期", FieldType::Date, CON),
    // enforcement decisions and penalty filings
    f!("agency", "执法机关", FieldType::Text(60), ENF, PF),
    f!("party", "当事人", FieldType::Text(60), ENF, PF),
    f!(
        "proposed_decision",
        "拟作出的决定",
        FieldType::LongText(500),
        ENF
    ),
    f!("art58_trigger", "法制审核情形", FieldType::Choice, ENF),
    f!(
        "discretion_standard",
        "适用裁量基准",
        FieldType::Text(100),
        ENF
    ),
    f!("decision_no", "处罚决定书文号", FieldType::Text(40), PF),
    f!("decision_on", "处罚决定日期", FieldType::Date, PF),
    f!("penalty_type", "处罚种类", FieldType::Text(30), PF),
    f!("filing_received_on", "备案收到日期", FieldType::Date, PF),
    // other legal matters
    f!("question", "咨询事项", FieldType::LongText(1000), ADV),
];

/// Looks a field up by code (`counterparty`) or CLI spelling (`counterparty`/`contact-phone`).
pub fn field_spec(code: &str) -> Result<&'static FieldSpec> {
    let code = code.trim().trim_start_matches("--").replace('-', "_");
    CASE_FIELDS
        .iter()
        .find(|f| f.code == code)
        .ok_or_else(|| Error::invalid("字段", format!("没有名为「{code}」的字段")))
}

fn parse_list<T>(raw: &str, parse: impl FnMut(&str) -> Result<T>) -> Result<Vec<T>> {
    raw.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse)
        .collect()
}

fn opt<T>(raw: &str, parse: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

impl ReviewCase {
    /// A freshly registered case of `kind` received on `received`, numbered `reg_no`; the caller fills the fields.
    pub fn registered(
        id: CaseId,
        kind: CaseKind,
        reg_no: RegNo,
        received: NaiveDate,
        unit_id: UnitId,
    ) -> ReviewCase {
        ReviewCase {
            id,
            reg_no,
            title: String::new(),
            unit_id,
            contact: None,
            contact_phone: None,
            received,
            materials_complete: None,
            assignee_id: None,
            advisor_ids: Vec::new(),
            due_date: None,
            opinion_on: None,
            status: Status::Registered,
            outcome: None,
            conclusion: None,
            note: None,
            details: CaseDetails::empty(kind),
        }
    }

    pub fn kind(&self) -> CaseKind {
        self.details.kind()
    }

    /// Sets one field from its raw text. Reference fields (`unit`, `assignee`, `advisors`) take ids, resolved
    /// beforehand by the caller, who can see the store. An empty value clears an optional field.
    pub fn set_field(&mut self, code: &str, raw: &str) -> Result<()> {
        let spec = field_spec(code)?;
        let kind = self.kind();
        if !spec.applies_to(kind) {
            return Err(Error::invalid(
                spec.label,
                format!("不适用于{}案件", kind.short_label()),
            ));
        }
        let label = spec.label;
        let text = |max| validate::optional_text(label, raw, max);
        let long = |max| opt(raw, |r| validate::long_text(label, r, max));
        let date = || validate::optional_date(label, raw);
        let flag = || validate::flag(label, raw);
        let bad_id = |_| Error::invalid(label, format!("「{raw}」不是有效的编号"));
        match (spec.code, &mut self.details) {
            ("title", _) => self.title = validate::required_text(label, raw, 200)?,
            ("unit", _) => self.unit_id = raw.trim().parse().map_err(bad_id)?,
            ("contact", _) => self.contact = text(30)?,
            ("contact_phone", _) => self.contact_phone = text(40)?,
            ("received", _) => self.received = validate::date(label, raw)?,
            ("materials_complete", _) => self.materials_complete = date()?,
            ("assignee", _) => self.assignee_id = opt(raw, |r| r.trim().parse().map_err(bad_id))?,
            ("advisors", _) => {
                let ids: Vec<PersonId> = parse_list(raw, |s| {
                    s.parse()
                        .map_err(|_| Error::invalid(label, format!("「{s}」不是有效的编号")))
                })?;
                let mut unique = Vec::new();
                for id in ids {
                    if !unique.contains(&id) {
                        unique.push(id);
                    }
                }
                self.advisor_ids = unique;
            }
            ("due_date", _) => self.due_date = date()?,
            ("outcome", _) => {
                self.outcome = opt(raw, |r| {
                    let o = Outcome::parse(r)?;
                    if kind.outcomes().contains(&o) {
                        Ok(o)
                    } else {
                        let allowed: Vec<&str> =
                            kind.outcomes().iter().map(|o| o.label()).collect();
                        Err(Error::invalid(
                            label,
                            format!(
                                "{}案件的结论只能是：{}",
                                kind.short_label(),
                                allowed.join("、")
                            ),
                        ))
                    }
                })?
            }
            ("conclusion", _) => self.conclusion = long(2000)?,
            ("note", _) => self.note = long(2000)?,
            ("issuer_form", CaseDetails::NormativeDoc(d)) => {
                d.issuer_form = opt(raw, IssuerForm::parse)?
            }
            ("is_normative", CaseDetails::NormativeDoc(d)) => {
                d.is_normative = opt(raw, |r| validate::flag(label, r))?
            }
            ("fair_competition", CaseDetails::NormativeDoc(d)) => d.fair_competition = flag()?,
            ("materials", CaseDetails::NormativeDoc(d)) => {
                let mut m = parse_list(raw, Material::parse)?;
                m.sort();
                m.dedup();
                d.materials = m;
            }
            ("doc_no", CaseDetails::NormativeDoc(d)) => d.doc_no = text(40)?,
            ("normative_reg_no", CaseDetails::NormativeDoc(d)) => d.normative_reg_no = text(40)?,
            ("published_on", CaseDetails::NormativeDoc(d)) => d.published_on = date()?,
            ("published_on", CaseDetails::MajorDecision(d)) => d.published_on = date()?,
            ("effective_on", CaseDetails::NormativeDoc(d)) => d.effective_on = date()?,
            ("valid_until", CaseDetails::NormativeDoc(d)) => d.valid_until = date()?,
            ("provisional", CaseDetails::NormativeDoc(d)) => d.provisional = flag()?,
            ("cleanup", CaseDetails::NormativeDoc(d)) => {
                d.cleanup = opt(raw, CleanupResult::parse)?
            }
            ("catalogue_year", CaseDetails::MajorDecision(d)) => {
                d.catalogue_year = opt(raw, |r| {
                    // `2026年` is how the field is shown, and so how an edit form sends it back.
                    r.trim()
                        .trim_end_matches('年')
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (validate::MIN_YEAR..=validate::MAX_YEAR).contains(y))
                        .ok_or_else(|| Error::invalid(label, format!("「{r}」不是有效年份")))
                })?
            }
            ("catalogue_item", CaseDetails::MajorDecision(d)) => {
                d.catalogue_item = opt(raw, |r| {
                    r.trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=999).contains(n))
                        .ok_or_else(|| Error::invalid(label, format!("「{r}」应为 1—999 的序号")))
                })?
            }
            ("public_comment_from", CaseDetails::MajorDecision(d)) => {
                d.public_comment_from = date()?
            }
            ("public_comment_to", CaseDetails::MajorDecision(d)) => d.public_comment_to = date()?,
            ("expert_argument", CaseDetails::MajorDecision(d)) => d.expert_argument = flag()?,
            ("risk_assessment", CaseDetails::MajorDecision(d)) => d.risk_assessment = flag()?,
            ("meeting", CaseDetails::MajorDecision(d)) => d.meeting = text(60)?,
            ("meeting_on", CaseDetails::MajorDecision(d)) => d.meeting_on = date()?,
            ("party_committee_reported", CaseDetails::MajorDecision(d)) => {
                d.party_committee_reported = flag()?
            }
            ("post_evaluation", CaseDetails::MajorDecision(d)) => d.post_evaluation = long(2000)?,
            ("counterparty", CaseDetails::Contract(d)) => d.counterparty = text(60)?,
            ("amount", CaseDetails::Contract(d)) => {
                d.amount_fen = validate::amount_fen(label, raw)?
            }
            ("amount", CaseDetails::PenaltyFiling(d)) => {
                d.amount_fen = validate::amount_fen(label, raw)?
            }
            ("funds_type", CaseDetails::Contract(d)) => d.funds_type = text(30)?,
            ("contract_type", CaseDetails::Contract(d)) => d.contract_type = text(30)?,
            ("signed_on", CaseDetails::Contract(d)) => d.signed_on = date()?,
            ("archived_on", CaseDetails::Contract(d)) => d.archived_on = date()?,
            ("agency", CaseDetails::Enforcement(d)) => d.agency = text(60)?,
            ("agency", CaseDetails::PenaltyFiling(d)) => d.agency = text(60)?,
            ("party", CaseDetails::Enforcement(d)) => d.party = text(60)?,
            ("party", CaseDetails::PenaltyFiling(d)) => d.party = text(60)?,
            ("proposed_decision", CaseDetails::Enforcement(d)) => d.proposed_decision = long(500)?,
            ("art58_trigger", CaseDetails::Enforcement(d)) => {
                d.art58_trigger = opt(raw, Art58Trigger::parse)?
            }
            ("discretion_standard", CaseDetails::Enforcement(d)) => {
                d.discretion_standard = text(100)?
            }
            ("decision_no", CaseDetails::PenaltyFiling(d)) => d.decision_no = text(40)?,
            ("decision_on", CaseDetails::PenaltyFiling(d)) => d.decision_on = date()?,
            ("penalty_type", CaseDetails::PenaltyFiling(d)) => d.penalty_type = text(30)?,
            ("filing_received_on", CaseDetails::PenaltyFiling(d)) => d.filing_received_on = date()?,
            ("question", CaseDetails::Advice(d)) => d.question = long(1000)?,
            (code, _) => unreachable!("field {code} is registered for {kind:?} but has no setter"),
        }
        Ok(())
    }

    /// The display text of a field (`None` when unset). Reference fields show ids; callers name them.
    pub fn field_text(&self, code: &str) -> Option<String> {
        let d = |v: &Option<NaiveDate>| v.map(fmt_date);
        let b = |v: bool| Some(if v { "是" } else { "否" }.to_string());
        let s = |v: &Option<String>| v.clone();
        match (code, &self.details) {
            ("title", _) => Some(self.title.clone()),
            ("unit", _) => Some(self.unit_id.to_string()),
            ("contact", _) => s(&self.contact),
            ("contact_phone", _) => s(&self.contact_phone),
            ("received", _) => Some(fmt_date(self.received)),
            ("materials_complete", _) => d(&self.materials_complete),
            ("assignee", _) => self.assignee_id.map(|p| p.to_string()),
            ("advisors", _) => (!self.advisor_ids.is_empty()).then(|| {
                self.advisor_ids
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
            ("due_date", _) => d(&self.due_date),
            ("outcome", _) => self.outcome.map(|o| o.label().to_string()),
            ("conclusion", _) => s(&self.conclusion),
            ("note", _) => s(&self.note),
            ("issuer_form", CaseDetails::NormativeDoc(x)) => {
                x.issuer_form.map(|v| v.label().to_string())
            }
            ("is_normative", CaseDetails::NormativeDoc(x)) => x.is_normative.and_then(b),
            ("fair_competition", CaseDetails::NormativeDoc(x)) => b(x.fair_competition),
            ("materials", CaseDetails::NormativeDoc(x)) => (!x.materials.is_empty()).then(|| {
                x.materials
                    .iter()
                    .map(|m| m.label())
                    .collect::<Vec<_>>()
                    .join("、")
            }),
            ("doc_no", CaseDetails::NormativeDoc(x)) => s(&x.doc_no),
            ("normative_reg_no", CaseDetails::NormativeDoc(x)) => s(&x.normative_reg_no),
            ("published_on", CaseDetails::NormativeDoc(x)) => d(&x.published_on),
            ("published_on", CaseDetails::MajorDecision(x)) => d(&x.published_on),
            ("effective_on", CaseDetails::NormativeDoc(x)) => d(&x.effective_on),
            ("valid_until", CaseDetails::NormativeDoc(x)) => d(&x.valid_until),
            ("provisional", CaseDetails::NormativeDoc(x)) => b(x.provisional),
            ("cleanup", CaseDetails::NormativeDoc(x)) => x.cleanup.map(|v| v.label().to_string()),
            ("catalogue_year", CaseDetails::MajorDecision(x)) => {
                x.catalogue_year.map(|v| format!("{v}年"))
            }
            ("catalogue_item", CaseDetails::MajorDecision(x)) => {
                x.catalogue_item.map(|v| v.to_string())
            }
            ("public_comment_from", CaseDetails::MajorDecision(x)) => d(&x.public_comment_from),
            ("public_comment_to", CaseDetails::MajorDecision(x)) => d(&x.public_comment_to),
            ("expert_argument", CaseDetails::MajorDecision(x)) => b(x.expert_argument),
            ("risk_assessment", CaseDetails::MajorDecision(x)) => b(x.risk_assessment),
            ("meeting", CaseDetails::MajorDecision(x)) => s(&x.meeting),
            ("meeting_on", CaseDetails::MajorDecision(x)) => d(&x.meeting_on),
            ("party_committee_reported", CaseDetails::MajorDecision(x)) => {
                b(x.party_committee_reported)
            }
            ("post_evaluation", CaseDetails::MajorDecision(x)) => s(&x.post_evaluation),
            ("counterparty", CaseDetails::Contract(x)) => s(&x.counterparty),
            ("amount", CaseDetails::Contract(x)) => x.amount_fen.map(fmt_amount),
            ("amount", CaseDetails::PenaltyFiling(x)) => x.amount_fen.map(fmt_amount),
            ("funds_type", CaseDetails::Contract(x)) => s(&x.funds_type),
            ("contract_type", CaseDetails::Contract(x)) => s(&x.contract_type),
            ("signed_on", CaseDetails::Contract(x)) => d(&x.signed_on),
            ("archived_on", CaseDetails::Contract(x)) => d(&x.archived_on),
            ("agency", CaseDetails::Enforcement(x)) => s(&x.agency),
            ("agency", CaseDetails::PenaltyFiling(x)) => s(&x.agency),
            ("party", CaseDetails::Enforcement(x)) => s(&x.party),
            ("party", CaseDetails::PenaltyFiling(x)) => s(&x.party),
            ("proposed_decision", CaseDetails::Enforcement(x)) => s(&x.proposed_decision),
            ("art58_trigger", CaseDetails::Enforcement(x)) => {
                x.art58_trigger.map(|v| v.label().to_string())
            }
            ("discretion_standard", CaseDetails::Enforcement(x)) => s(&x.discretion_standard),
            ("decision_no", CaseDetails::PenaltyFiling(x)) => s(&x.decision_no),
            ("decision_on", CaseDetails::PenaltyFiling(x)) => d(&x.decision_on),
            ("penalty_type", CaseDetails::PenaltyFiling(x)) => s(&x.penalty_type),
            ("filing_received_on", CaseDetails::PenaltyFiling(x)) => d(&x.filing_received_on),
            ("question", CaseDetails::Advice(x)) => s(&x.question),
            _ => None,
        }
    }

    /// Checks the relations between fields (a single field is checked when it is set).
    pub fn validate(&self) -> Result<()> {
        validate::required_text("事项名称", &self.title, 200)?;
        validate::in_range("收文日期", self.received)?;
        if self.reg_no.year != self.received.year() {
            return Err(Error::invalid(
                "登记编号",
                format!(
                    "{} 的年份与收文日期（{}）不一致",
                    self.reg_no,
                    fmt_date(self.received)
                ),
            ));
        }
        validate::not_before(
            "材料齐全日期",
            self.materials_complete,
            "收文日期",
            Some(self.received),
        )?;
        validate::not_before("办理期限", self.due_date, "收文日期", Some(self.received))?;
        if let Some(o) = self.outcome {
            if !self.kind().outcomes().contains(&o) {
                return Err(Error::invalid(
                    "审查结论",
                    format!("「{}」不适用于{}案件", o.label(), self.kind().short_label()),
                ));
            }
        }
        match &self.details {
            CaseDetails::NormativeDoc(d) => {
                validate::not_before("施行日期", d.effective_on, "公布日期", d.published_on)?;
                validate::not_before(
                    "有效期至",
                    d.valid_until,
                    "施行日期",
                    d.effective_on.or(d.published_on),
                )?;
            }
            CaseDetails::MajorDecision(d) => {
                validate::not_before(
                    "公开征求意见结束",
                    d.public_comment_to,
                    "开始日期",
                    d.public_comment_from,
                )?;
            }
            CaseDetails::Contract(d) => {
                validate::not_before("归档日期", d.archived_on, "签订日期", d.signed_on)?;
            }
            CaseDetails::PenaltyFiling(d) => {
                validate::not_before(
                    "备案收到日期",
                    d.filing_received_on,
                    "处罚决定日期",
                    d.decision_on,
                )?;
            }
            CaseDetails::Enforcement(_) | CaseDetails::Advice(_) => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(kind: CaseKind) -> ReviewCase {
        let mut case = ReviewCase::registered(
            CaseId(uuid::Uuid::nil()),
            kind,
            RegNo {
                year: 2018,
                serial: 1,
            },
            NaiveDate::from_ymd_opt(2018, 2, 6).unwrap(),
            UnitId(uuid::Uuid::nil()),
        );
        case.title = "标题".into();
        case
    }

    fn sample(spec: &FieldSpec, kind: CaseKind) -> String {
        match spec.ty {
            FieldType::Text(_) | FieldType::LongText(_) => "内容".into(),
            FieldType::Date => "2018-03-01".into(),
            FieldType::Flag => "是".into(),
            FieldType::Amount => "120万".into(),
            FieldType::Year => "2018".into(),
            FieldType::Number => "3".into(),
            FieldType::Choice | FieldType::ChoiceList => {
                spec.choices(kind).first().map_or("x", |c| c.0).into()
            }
            FieldType::UnitRef | FieldType::PersonRef | FieldType::PersonList => {
                uuid::Uuid::nil().to_string()
            }
        }
    }

    #[test]
    fn every_registered_field_can_be_set_and_read_back_on_every_kind_it_applies_to() {
        for &kind in CaseKind::ALL {
            for spec in CASE_FIELDS {
                let mut case = blank(kind);
                let result = case.set_field(spec.code, &sample(spec, kind));
                if spec.applies_to(kind) {
                    result.unwrap_or_else(|e| panic!("{kind:?}.{}: {e}", spec.code));
                    assert!(
                        case.field_text(spec.code).is_some(),
                        "{kind:?}.{} reads back",
                        spec.code
                    );
                } else {
                    let err = result.unwrap_err().to_string();
                    assert!(err.contains("不适用于"), "{kind:?}.{}: {err}", spec.code);
                }
            }
        }
    }

    #[test]
    fn related_dates_must_be_in_order() {
        let mut case = blank(CaseKind::NormativeDoc);
        case.set_field("published_on", "2018-05-01").unwrap();
        case.set_field("effective_on", "2018-04-01").unwrap();
        let err = case.validate().unwrap_err().to_string();
        assert!(
            err.starts_with("施行日期：") && err.contains("早于公布日期"),
            "{err}"
        );
        let mut case = blank(CaseKind::Contract);
        assert!(case
            .set_field("outcome", "合法")
            .unwrap_err()
            .to_string()
            .contains("同意签订"));
    }

    #[test]
    fn registration_numbers_are_year_dash_three_digits() {
        assert_eq!(
            RegNo {
                year: 2018,
                serial: 7
            }
            .to_string(),
            "2018-007"
        );
        assert_eq!(
            RegNo {
                year: 2018,
                serial: 1234
            }
            .to_string(),
            "2018-1234"
        );
        assert_eq!(
            RegNo::parse("2018-007").unwrap(),
            RegNo {
                year: 2018,
                serial: 7
            }
        );
        assert!(RegNo::parse("18-7").is_err());
        assert!(RegNo::parse("2018-000").is_err());
    }
}
