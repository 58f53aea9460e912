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
    AdviceDetails, Art58Trigger, CaseDetails, CleanupResult, ContractDetails, EnforcementDetails,
    Instance, IssuerForm, JudgmentResult, LitigationDetails, MajorDecisionDetails, Material,
    NormativeDocDetails, PenaltyFilingDetails,
};
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
