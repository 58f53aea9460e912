//! What a screen needs to know before it shows data: every coded value with its Chinese label, and the form of
//! a case kind built from the one field registry ([`CASE_FIELDS`]). The UI keeps no label or rule of its own.

use serde::Serialize;

use crate::model::records::MAX_EXTENSION_DAYS;
use crate::model::{
    Appearance, CaseKind, ClockEventKind, FieldType, FilingChannel, FilingResult, LetterKind,
    LetterStatus, Outcome, Role, Status, UnitKind, CASE_FIELDS,
};
use crate::print::forms::FormName;

/// A coded value and its label.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

fn choices(pairs: Vec<(&'static str, &'static str)>) -> Vec<Choice> {
    pairs
        .into_iter()
        .map(|(code, label)| Choice { code, label })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct KindInfo {
    pub code: &'static str,
    pub label: &'static str,
    pub short_label: &'static str,
    /// Every status a case of this kind can be in, in life order.
    pub statuses: Vec<&'static str>,
    /// The conclusions (审查结论) it may record; empty for free-text advice.
    pub outcomes: Vec<&'static str>,
    /// The forms that print for a case of this kind.
    pub forms: Vec<Choice>,
    /// Where the navigation lists a register of its own (`行政复议与应诉`); none for a review kind.
    pub group: Option<&'static str>,
    /// What a list of these cases calls its common columns: `title`, `unit`, `received` → 案件名称, 被告, ….
    pub names: std::collections::BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusInfo {
    pub code: &'static str,
    pub label: &'static str,
    /// No action leaves it.
    pub is_final: bool,
}

/// Every coded value the UI shows, with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    pub kinds: Vec<KindInfo>,
    pub statuses: Vec<StatusInfo>,
    pub outcomes: Vec<Choice>,
    pub letter_kinds: Vec<Choice>,
    pub letter_statuses: Vec<Choice>,
    pub filing_channels: Vec<Choice>,
    pub filing_results: Vec<Choice>,
    /// Who appeared for the defendant at a hearing (行政应诉).
    pub appearances: Vec<Choice>,
    pub clock_event_kinds: Vec<Choice>,
    pub roles: Vec<Choice>,
    /// Roles that may approve an extension (延期).
    pub approver_roles: Vec<&'static str>,
    pub unit_kinds: Vec<Choice>,
    /// Every printable form.
    pub forms: Vec<Choice>,
    /// How a letter's first page may be headed.
    pub letter_formats: Vec<Choice>,
    pub max_extension_days: u32,
    /// How a deadline rule's number is counted (工作日, 日, 个月, 年, 小时): the rule editor's choices.
    pub period_units: Vec<Choice>,
    /// A reconsideration body's decisions (复议决定): what the step 已作出复议决定 asks for.
    pub reconsideration_decisions: Vec<Choice>,
    /// The statistics' figures (统计指标): code, name, group and how each is counted, for the register's
    /// "the records behind a figure" heading.
    pub figures: &'static [crate::model::stats::FigureDef],
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        kinds: CaseKind::ALL
            .iter()
            .map(|&k| KindInfo {
                code: k.code(),
                label: k.label(),
                short_label: k.short_label(),
                statuses: k.statuses().into_iter().map(Status::code).collect(),
                outcomes: k.outcomes().iter().map(|o| o.code()).collect(),
                forms: FormName::ALL
                    .iter()
                    .filter(|f| f.kinds().contains(&k))
                    .map(|f| Choice {
                        code: f.code(),
                        label: f.label(),
                    })
                    .collect(),
                group: k.register_group(),
                names: ["title", "unit", "received"]
                    .into_iter()
                    .map(|c| (c, crate::model::case::field_label(c, k)))
                    .collect(),
            })
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|&s| StatusInfo {
                code: s.code(),
                label: s.label(),
                is_final: s.is_final(),
            })
            .collect(),
        outcomes: choices(Outcome::code_labels(Outcome::ALL)),
        letter_kinds: choices(LetterKind::code_labels(LetterKind::ALL)),
        letter_statuses: choices(LetterStatus::code_labels(LetterStatus::ALL)),
        filing_channels: choices(FilingChannel::code_labels(FilingChannel::ALL)),
        filing_results: choices(FilingResult::code_labels(FilingResult::ALL)),
        appearances: choices(Appearance::code_labels(Appearance::ALL)),
        clock_event_kinds: choices(ClockEventKind::code_labels(ClockEventKind::ALL)),
        roles: choices(Role::code_labels(Role::ALL)),
        approver_roles: Role::ALL
            .iter()
            .filter(|r| r.can_approve())
            .map(|r| r.code())
            .collect(),
        unit_kinds: choices(UnitKind::code_labels(UnitKind::ALL)),
        forms: FormName::ALL
            .iter()
            .map(|f| Choice {
                code: f.code(),
                label: f.label(),
            })
            .collect(),
        letter_formats: vec![
            Choice {
                code: "letter",
                label: "信函格式",
            },
            Choice {
                code: "document",
                label: "文件格式（红头）",
            },
            Choice {
                code: "plain",
                label: "无版头（套印信纸）",
            },
        ],
        max_extension_days: MAX_EXTENSION_DAYS,
        period_units: choices(crate::model::rule::PeriodUnit::code_labels(
            crate::model::rule::PeriodUnit::ALL,
        )),
        reconsideration_decisions: choices(
            crate::model::case::ReconsiderationDecision::code_labels(
                crate::model::case::ReconsiderationDecision::ALL,
            ),
        ),
        figures: crate::model::stats::FIGURES,
    }
}

/// How the form shows and checks a field before the core sees it; the core's check is the one that counts.
#[derive(Debug, Clone, Serialize)]
pub struct FormField {
    pub code: &'static str,
    pub label: &'static str,
    /// `text`, `long_text`, `date`, `flag`, `amount`, `year`, `number`, `choice`, `choice_list`, `unit`,
    /// `person`, `people`, `units`, `listed`.
    pub input: &'static str,
    /// Longest text accepted, in characters.
    pub max_chars: Option<usize>,
    pub required: bool,
    pub choices: Vec<Choice>,
    /// For a `listed` field, the office's list it takes a code of (its entries: `choice_lists`).
    pub list: Option<crate::model::choice::ChoiceList>,
}

/// The fields of a case of `kind`, in form order.
pub fn case_form(kind: CaseKind) -> Vec<FormField> {
    CASE_FIELDS
        .iter()
        .filter(|f| f.applies_to(kind))
        .map(|f| {
            let (input, max_chars) = match f.ty {
                FieldType::Text(n) => ("text", Some(n)),
                FieldType::LongText(n) => ("long_text", Some(n)),
                FieldType::Date => ("date", None),
                FieldType::Flag => ("flag", None),
                FieldType::Amount => ("amount", None),
                FieldType::Year => ("year", None),
                FieldType::Number => ("number", None),
                FieldType::Choice => ("choice", None),
                FieldType::ChoiceList => ("choice_list", None),
                FieldType::UnitRef => ("unit", None),
                FieldType::PersonRef => ("person", None),
                FieldType::PersonList => ("people", None),
                FieldType::UnitList => ("units", None),
                FieldType::Listed(_) => ("listed", None),
            };
            FormField {
                code: f.code,
                label: f.label_for(kind),
                input,
                max_chars,
                required: matches!(f.code, "title" | "unit"),
                choices: choices(f.choices(kind)),
                list: match f.ty {
                    FieldType::Listed(list) => Some(list),
                    _ => None,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_form_starts_with_the_required_title_and_unit() {
        for &kind in CaseKind::ALL {
            let form = case_form(kind);
            assert_eq!(form[0].code, "title");
            assert_eq!(form[1].code, "unit");
            assert!(form[0].required && form[1].required);
            assert!(form.iter().skip(2).all(|f| !f.required), "{kind:?}");
        }
    }

    #[test]
    fn a_contract_form_offers_contract_outcomes_only() {
        let form = case_form(CaseKind::Contract);
        let outcome = form.iter().find(|f| f.code == "outcome").unwrap();
        let labels: Vec<_> = outcome.choices.iter().map(|c| c.label).collect();
        assert_eq!(labels, ["同意签订", "修改后签订", "不同意签订"]);
        assert!(
            form.iter().all(|f| f.code != "doc_no"),
            "文号 is a normative-document field"
        );
    }
}
