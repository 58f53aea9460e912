//! The review case (审查事项): its common fields and the relations between them. The kind-specific part is
//! [`details`], the registration number [`reg_no`], and the field registry — every editable field once, how it
//! is read and where it is stored — [`fields`]. Status, registration number and id are not fields: they
//! change only through their own operations.

mod details;
mod fields;
mod reg_no;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use details::{
    AdviceDetails, Art58Trigger, CaseDetails, CleanupResult, ContractDetails, CrimeTransferDetails,
    EnforcementDetails, FileInspectionDetails, Instance, IssuerForm, JudgmentResult,
    LitigationDetails, MajorDecisionDetails, Material, NormativeDocDetails, PenaltyFilingDetails,
    PoliceDecision, ProposalDetails, ReconsiderationDecision, ReconsiderationDetails,
};
pub use details::{ContactWay, ProposalCategory, ProposalFeedback};
pub use fields::{field_label, field_spec, FieldSpec, FieldType, CASE_FIELDS};
pub use reg_no::RegNo;

use super::kind::{CaseKind, Outcome, Status};
use super::validate::{self, fmt_date};
use crate::error::{Error, Result};
use crate::ids::{CaseId, PersonId, UnitId};

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

    /// An empty case of `kind` (nil ids, no fields): what the field registry reads member types from.
    fn blank(kind: CaseKind) -> ReviewCase {
        ReviewCase::registered(
            CaseId(uuid::Uuid::nil()),
            kind,
            RegNo {
                year: validate::MIN_YEAR,
                serial: 1,
            },
            NaiveDate::default(),
            UnitId(uuid::Uuid::nil()),
        )
    }

    /// Checks the relations between fields (a single field is checked when it is set).
    pub fn validate(&self) -> Result<()> {
        let kind = self.kind();
        validate::required_text(field_label("title", kind), &self.title, 200)?;
        validate::serial("登记编号", self.reg_no.serial)?;
        validate::in_range(field_label("received", kind), self.received)?;
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
            CaseDetails::Litigation(d) => {
                validate::not_before(
                    "答辩状和证据提交日期",
                    d.defence_submitted_on,
                    "收到起诉状副本日期",
                    Some(self.received),
                )?;
                validate::not_before(
                    "裁判日期",
                    d.judgment_on,
                    "收到起诉状副本日期",
                    Some(self.received),
                )?;
                validate::not_before(
                    "裁判文书送达日期",
                    d.judgment_served_on,
                    "裁判日期",
                    d.judgment_on,
                )?;
                let (after, since) = match d.judgment_served_on {
                    Some(_) => ("裁判文书送达日期", d.judgment_served_on),
                    None => ("裁判日期", d.judgment_on),
                };
                validate::not_before("上诉日期", d.appealed_on, after, since)?;
                validate::not_before(
                    "收到司法建议日期",
                    d.judicial_suggestion_on,
                    "收到起诉状副本日期",
                    Some(self.received),
                )?;
                validate::not_before(
                    "司法建议回复日期",
                    d.suggestion_replied_on,
                    "收到司法建议日期",
                    d.judicial_suggestion_on,
                )?;
                if d.suggestion_replied_on.is_some() && d.judicial_suggestion_on.is_none() {
                    return Err(Error::invalid(
                        "司法建议回复日期",
                        "请先填写收到司法建议日期",
                    ));
                }
                if let Some(r) = d.judgment_result.filter(|r| d.lost && r.government_won()) {
                    return Err(Error::invalid(
                        "败诉",
                        format!("裁判结果为「{}」，被告没有败诉", r.label()),
                    ));
                }
                if let Some(r) = d.judgment_result.filter(|r| !d.lost && r.government_lost()) {
                    return Err(Error::invalid(
                        "败诉",
                        format!("裁判结果为「{}」，被告败诉：请将“败诉”选为是", r.label()),
                    ));
                }
                if let Some(r) = d.judgment_result.filter(|r| !r.appealable()) {
                    if d.appealed_on.is_some() {
                        return Err(Error::invalid(
                            "上诉日期",
                            format!("裁判结果为「{}」的案件不能上诉", r.label()),
                        ));
                    }
                }
            }
            CaseDetails::Reconsideration(d) => {
                let received = Some(self.received);
                let since = "收到申请书副本日期";
                validate::not_before("答复日期", d.replied_on, since, received)?;
                validate::not_before("复议决定日期", d.decision_on, since, received)?;
                validate::not_before(
                    "制定机关答复日期",
                    d.maker_replied_on,
                    "收到附带审查通知日期",
                    d.maker_notified_on,
                )?;
                let decided = matches!(
                    self.status,
                    Status::ReconsiderationDecided | Status::Concluded
                );
                if decided && d.decision.is_none() {
                    return Err(Error::invalid(
                        "复议决定",
                        "已作出复议决定的案件须写明复议决定",
                    ));
                }
                if !d.incidental_review
                    && (d.maker_notified_on.is_some() || d.maker_replied_on.is_some())
                {
                    return Err(Error::invalid(
                        "附带审查规范性文件",
                        "填写附带审查的通知或答复日期前，请先勾选“附带审查规范性文件”",
                    ));
                }
            }
            CaseDetails::CrimeTransfer(d) => validate_transfer(d, self.status)?,
            CaseDetails::FileInspection(d) => {
                let started = ("评查开始日期", Some(self.received));
                let finished = d.finished_on.map_or(started, |f| ("评查结束日期", Some(f)));
                let published = d
                    .published_on
                    .map_or(finished, |p| ("结果通报日期", Some(p)));
                validate::not_before("评查结束日期", d.finished_on, started.0, started.1)?;
                validate::not_before("结果通报日期", d.published_on, finished.0, finished.1)?;
                validate::not_before("整改期限", d.rectify_by, published.0, published.1)?;
                validate::not_before("整改验收日期", d.closed_on, published.0, published.1)?;
                if d.closed_on.is_some() && self.status != Status::Concluded {
                    return Err(Error::invalid(
                        "整改验收日期",
                        "整改验收日期在评查结案时填写",
                    ));
                }
                // What 已通报结果 recorded stays.
                let published_step = self.results_published();
                if published_step && (d.published_on.is_none() || d.finished_on.is_none()) {
                    return Err(Error::invalid(
                        "结果通报日期",
                        "已通报结果的评查须有评查结束日期和结果通报日期",
                    ));
                }
                if let Some(t) = &d.score_items {
                    crate::model::inspection::ScoreTable::parse(t)?;
                }
            }
            CaseDetails::Proposal(d) => {
                validate_proposal(d, self.unit_id, self.received, self.status)?
            }
            CaseDetails::TaskPlan(d) => match d.plan_year {
                Some(y) if !(2000..=2100).contains(&y) => {
                    return Err(Error::invalid("计划年度", format!("「{y}」不是有效的年度")))
                }
                _ => {}
            },
            CaseDetails::Enforcement(_) | CaseDetails::Advice(_) => {}
        }
        Ok(())
    }
}

impl ReviewCase {
    /// What a step of a register's own (行政应诉, 复议答复, 两法衔接) records: the day it was taken, in the
    /// field that holds it (unless already set), and what the step says (公安已立案 is a filing). A review
    /// kind's steps are the action layer's (the clock, the letter): nothing here.
    /// A 案卷评查 round whose results are out (已通报结果, or closed after it): its scores and score items are
    /// those of the 通报.
    pub fn results_published(&self) -> bool {
        matches!(self.status, Status::ResultsPublished | Status::Concluded)
    }

    pub fn record_step(&mut self, to: Status, on: NaiveDate, note: Option<&str>) -> Result<()> {
        match &mut self.details {
            CaseDetails::Litigation(l) => match to {
                Status::Answered => _ = l.defence_submitted_on.get_or_insert(on),
                Status::Judged => _ = l.judgment_on.get_or_insert(on),
                _ => {}
            },
            CaseDetails::Reconsideration(r) => match to {
                Status::Replied => _ = r.replied_on.get_or_insert(on),
                Status::ReconsiderationDecided => {
                    if r.decision.is_none() {
                        let known: Vec<&str> = ReconsiderationDecision::ALL
                            .iter()
                            .map(|d| d.label())
                            .collect();
                        return Err(Error::Refused(format!(
                            "登记复议决定前，请先选定复议决定（{}）",
                            known.join("、")
                        )));
                    }
                    r.decision_on.get_or_insert(on);
                }
                _ => {}
            },
            CaseDetails::CrimeTransfer(t) => match to {
                Status::TransferApproved if t.refusal_reason.is_some() => {
                    return Err(Error::Refused(
                        "案件已记录不批准移送的理由：批准移送前请先删除该理由".into(),
                    ))
                }
                Status::TransferApproved => _ = t.approved_on.get_or_insert(on),
                Status::TransferRefused => {
                    // 不批准移送的，应当将不予批准的理由记录在案 (art. 5).
                    if t.refusal_reason.is_none() {
                        t.refusal_reason = note.map(str::to_string);
                    }
                    if t.refusal_reason.is_none() {
                        return Err(Error::Refused(
                            "不批准移送的，应当将理由记录在案：请写明不批准的理由".into(),
                        ));
                    }
                    t.approved_on.get_or_insert(on);
                }
                Status::Transferred => _ = t.transferred_on.get_or_insert(on),
                Status::PoliceFiled => {
                    t.police_filed_on.get_or_insert(on);
                    if t.police_decision.is_none() {
                        t.police_decision = Some(PoliceDecision::Filed);
                        t.police_decided_on.get_or_insert(on);
                    }
                }
                Status::PoliceDeclined => {
                    t.police_decision = Some(PoliceDecision::Declined);
                    t.police_decided_on.get_or_insert(on);
                }
                Status::ReviewSought => _ = t.review_sought_on.get_or_insert(on),
                Status::SupervisionSought => _ = t.supervision_sought_on.get_or_insert(on),
                Status::EvidenceHandedOver => _ = t.evidence_handed_on.get_or_insert(on),
                _ => {}
            },
            CaseDetails::FileInspection(i) if to == Status::ResultsPublished => {
                i.finished_on.get_or_insert(on);
                i.published_on.get_or_insert(on);
            }
            CaseDetails::FileInspection(i) if to == Status::Concluded => {
                i.closed_on.get_or_insert(on);
            }
            CaseDetails::NormativeDoc(d) if to == Status::CleanedUp => {
                d.cleaned_up_on.get_or_insert(on);
            }
            CaseDetails::Proposal(p) => match to {
                Status::Replied => _ = p.replied_on.get_or_insert(on),
                Status::Rehandling => _ = p.rehandling_on.get_or_insert(on),
                Status::Rereplied => _ = p.rereplied_on.get_or_insert(on),
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }
}

/// A 建议提案: its dates in order from the assignment, no 会办单位 that is the 主办单位, and what its steps
/// recorded kept — a reply for 已答复 onwards, a 不满意 to the first reply and the day for 重新办理.
fn validate_proposal(
    d: &ProposalDetails,
    unit: UnitId,
    assigned: NaiveDate,
    status: Status,
) -> Result<()> {
    use Status::*;
    validate::not_before("答复日期", d.replied_on, "交办日期", Some(assigned))?;
    validate::not_before(
        "会办意见送达日期",
        d.co_views_on,
        "交办日期",
        Some(assigned),
    )?;
    validate::not_before("重新办理日期", d.rehandling_on, "答复日期", d.replied_on)?;
    validate::not_before(
        "重新答复日期",
        d.rereplied_on,
        "重新办理日期",
        d.rehandling_on,
    )?;
    if d.co_unit_ids.contains(&unit) {
        return Err(Error::invalid(
            "会办单位",
            "会办单位不能同时是主办单位：请取消勾选该单位，或改选主办单位",
        ));
    }
    if d.co_views_on.is_some() && d.co_unit_ids.is_empty() {
        return Err(Error::invalid(
            "会办意见送达日期",
            "没有会办单位，就没有会办意见：请先填写会办单位",
        ));
    }
    // The views go into the reply: they reach the 主办单位 before it answers.
    if let (Some(views), Some(reply)) = (d.co_views_on, d.replied_on) {
        if views > reply {
            return Err(Error::invalid(
                "会办意见送达日期",
                format!(
                    "{} 晚于答复日期（{}），会办意见应在答复前送达主办单位",
                    fmt_date(views),
                    fmt_date(reply)
                ),
            ));
        }
    }
    if (d.feedback.is_some() || d.refeedback.is_some()) && d.replied_on.is_none() {
        return Err(Error::invalid(
            "代表委员反馈",
            "答复之后才有代表委员的反馈，请先填写答复日期",
        ));
    }
    if d.refeedback.is_some() && d.rereplied_on.is_none() {
        return Err(Error::invalid(
            "重新答复后反馈",
            "重新答复之后才有对重新答复的反馈，请先填写重新答复日期",
        ));
    }
    if d.rereplied_on.is_some() && d.rehandling_on.is_none() {
        return Err(Error::invalid(
            "重新答复日期",
            "重新办理之后才有重新答复，请先填写重新办理日期",
        ));
    }
    if matches!(status, Replied | Rehandling | Rereplied | Concluded) && d.replied_on.is_none() {
        return Err(Error::invalid("答复日期", "已答复的建议提案须有答复日期"));
    }
    let again = matches!(status, Rehandling | Rereplied) || d.rehandling_on.is_some();
    if again && d.feedback != Some(details::ProposalFeedback::Dissatisfied) {
        return Err(Error::invalid(
            "代表委员反馈",
            "代表委员对答复不满意的方可重新办理，请先将“代表委员反馈”登记为“不满意”",
        ));
    }
    if matches!(status, Rehandling | Rereplied) && d.rehandling_on.is_none() {
        return Err(Error::invalid(
            "重新办理日期",
            "重新办理的建议提案须有重新办理日期",
        ));
    }
    if status == Rereplied && d.rereplied_on.is_none() {
        return Err(Error::invalid(
            "重新答复日期",
            "已重新答复的建议提案须有重新答复日期",
        ));
    }
    Ok(())
}

/// A transfer's dates follow its steps (report → approval → transfer → the police's decision → what follows
/// it), and no case goes to the police without the head's approval (国务院令第310号 art. 5).
fn validate_transfer(d: &CrimeTransferDetails, status: Status) -> Result<()> {
    // What a step recorded stays (an edit may not clear it): the reason of a refusal, the head's approval
    // of a transfer, the day it went to the police.
    use Status::*;
    if status == TransferRefused && d.refusal_reason.is_none() {
        return Err(Error::invalid(
            "不批准移送理由",
            "不批准移送的，应当将理由记录在案",
        ));
    }
    let approved = [
        TransferApproved,
        Transferred,
        PoliceFiled,
        PoliceDeclined,
        ReviewSought,
        SupervisionSought,
        EvidenceHandedOver,
        Concluded,
    ];
    if approved.contains(&status) && (d.approved_on.is_none() || d.refusal_reason.is_some()) {
        return Err(Error::invalid(
            "审批日期",
            "已批准移送的案件须有审批日期，且不能有不批准移送的理由",
        ));
    }
    if approved[1..].contains(&status) && d.transferred_on.is_none() {
        return Err(Error::invalid("移送日期", "已移送的案件须有移送日期"));
    }
    // A filing after a refusal follows a 复议 or the procuratorate's supervision.
    if d.police_filed_on.is_some()
        && d.police_decision == Some(PoliceDecision::Declined)
        && d.review_sought_on.is_none()
        && d.supervision_sought_on.is_none()
    {
        return Err(Error::invalid(
            "接到立案通知书日期",
            "公安机关不予立案的，须先提请复议或建议立案监督，才有立案通知书",
        ));
    }
    validate::not_before("审批日期", d.approved_on, "移送报告日期", d.reported_on)?;
    validate::not_before("移送日期", d.transferred_on, "审批日期", d.approved_on)?;
    validate::not_before(
        "接到初次决定通知书日期",
        d.police_decided_on,
        "移送日期",
        d.transferred_on,
    )?;
    validate::not_before(
        "接到立案通知书日期",
        d.police_filed_on,
        "移送日期",
        d.transferred_on,
    )?;
    for (label, date) in [
        ("提请复议日期", d.review_sought_on),
        ("建议立案监督日期", d.supervision_sought_on),
    ] {
        validate::not_before(label, date, "接到初次决定通知书日期", d.police_decided_on)?;
        if date.is_some() && d.police_decision != Some(PoliceDecision::Declined) {
            return Err(Error::invalid(
                label,
                "公安机关决定不予立案后，才能提请复议或建议立案监督",
            ));
        }
    }
    validate::not_before(
        "接到复议决定通知书日期",
        d.review_decided_on,
        "提请复议日期",
        d.review_sought_on,
    )?;
    validate::not_before(
        "建议立案监督日期",
        d.supervision_sought_on,
        "接到复议决定通知书日期",
        d.review_decided_on,
    )?;
    if d.review_decided_on.is_some() && d.review_sought_on.is_none() {
        return Err(Error::invalid(
            "接到复议决定通知书日期",
            "提请公安机关复议后，才有复议决定",
        ));
    }
    validate::not_before(
        "移交涉案物品日期",
        d.evidence_handed_on,
        "接到立案通知书日期",
        d.police_filed_on,
    )?;
    if d.transferred_on.is_some() && d.approved_on.is_none() {
        return Err(Error::invalid(
            "移送日期",
            "未经负责人批准不得移送：请先填写审批日期",
        ));
    }
    if d.transferred_on.is_some() && d.refusal_reason.is_some() {
        return Err(Error::invalid(
            "移送日期",
            "已记录不批准移送的理由，不能同时填写移送日期",
        ));
    }
    if (d.police_decision.is_some() || d.police_decided_on.is_some() || d.police_filed_on.is_some())
        && d.transferred_on.is_none()
    {
        return Err(Error::invalid(
            "公安机关决定",
            "案件尚未移送，不能填写公安机关的决定：请先填写移送日期",
        ));
    }
    if d.evidence_handed_on.is_some() && d.police_filed_on.is_none() {
        return Err(Error::invalid(
            "移交涉案物品日期",
            "公安机关立案后才移交涉案物品：请先填写接到立案通知书日期",
        ));
    }
    Ok(())
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
            FieldType::UnitRef
            | FieldType::PersonRef
            | FieldType::PersonList
            | FieldType::UnitList => uuid::Uuid::nil().to_string(),
            FieldType::Listed(list) => list.built_in()[0].0.into(),
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
