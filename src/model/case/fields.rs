//! The field registry: every editable field of a case once — its code, Chinese label, how its raw text is read
//! and where it is stored — as one declarative table ([`case_fields!`]). The table gives [`CASE_FIELDS`] (the
//! CLI makes one flag per entry, the desktop form one input per entry), [`ReviewCase::set_field`] (the single
//! place a raw value is parsed and checked) and [`ReviewCase::field_text`]. How a value is read and shown
//! follows from its field type and the Rust type it is stored in ([`FieldValue`]), so adding a field is one
//! line here and its member in `ReviewCase` or a `*Details` struct: no match arm anywhere.

use chrono::NaiveDate;

use super::details::{
    Art58Trigger, CaseDetails, CleanupResult, ContactWay, Instance, IssuerForm, JudgmentResult,
    Material, PoliceDecision, ProposalCategory, ProposalFeedback, ReconsiderationDecision,
};
use super::ReviewCase;
use crate::error::{Error, Result};
use crate::ids::{PersonId, UnitId};
use crate::model::choice::ChoiceList;
use crate::model::kind::{CaseKind, Outcome};
use crate::model::validate::{self, fmt_amount, fmt_date};

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
    /// Several units (a 建议提案's 会办单位).
    UnitList,
    /// A code of one of the office's own lists (a 建议提案's 办理类别): its entries come from the store, so the
    /// caller, who can see it, turns what was typed (a code or a label) into the code.
    Listed(crate::model::choice::ChoiceList),
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

    /// The field's name on a case of `kind`: a field every kind has may be called otherwise by one of them
    /// (a lawsuit's unit is the defendant, its date of receipt the day the complaint's copy came).
    pub fn label_for(&self, kind: CaseKind) -> &'static str {
        KIND_LABELS
            .iter()
            .find(|(code, k, _)| *code == self.code && *k == kind)
            .map_or(self.label, |(_, _, label)| label)
    }
}

/// The name of the field `code` on a case of `kind` (`unit` is 被告 on a lawsuit): what a refusal names.
pub fn field_label(code: &str, kind: CaseKind) -> &'static str {
    CASE_FIELDS
        .iter()
        .find(|f| f.code == code)
        .map_or("字段", |f| f.label_for(kind))
}

/// The fields some kind calls by a name of its own: `(field, kind, name)`.
const KIND_LABELS: &[(&str, CaseKind, &str)] = &[
    ("title", CaseKind::Litigation, "案件名称"),
    ("unit", CaseKind::Litigation, "被告"),
    ("received", CaseKind::Litigation, "收到起诉状副本日期"),
    ("contact", CaseKind::Litigation, "应诉联系人"),
    ("title", CaseKind::Reconsideration, "案件名称"),
    ("unit", CaseKind::Reconsideration, "被申请人"),
    ("received", CaseKind::Reconsideration, "收到申请书副本日期"),
    ("contact", CaseKind::Reconsideration, "答复联系人"),
    ("challenged_act", CaseKind::Reconsideration, "复议事项"),
    ("decision_on", CaseKind::Reconsideration, "复议决定日期"),
    ("published_on", CaseKind::FileInspection, "结果通报日期"),
    ("title", CaseKind::CrimeTransfer, "案件名称"),
    ("unit", CaseKind::CrimeTransfer, "移送机关"),
    ("received", CaseKind::CrimeTransfer, "录入平台日期"),
    ("contact", CaseKind::CrimeTransfer, "移送机关联系人"),
    ("title", CaseKind::FileInspection, "评查名称"),
    ("unit", CaseKind::FileInspection, "组织单位"),
    ("received", CaseKind::FileInspection, "评查开始日期"),
    ("title", CaseKind::Proposal, "建议提案标题"),
    ("unit", CaseKind::Proposal, "主办单位"),
    ("received", CaseKind::Proposal, "交办日期"),
    ("contact", CaseKind::Proposal, "承办联系人"),
    ("title", CaseKind::TaskPlan, "计划名称"),
    ("unit", CaseKind::TaskPlan, "印发单位"),
    ("received", CaseKind::TaskPlan, "印发日期"),
    ("doc_no", CaseKind::TaskPlan, "印发文号"),
    ("contact", CaseKind::TaskPlan, "联系人"),
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

fn yes_no(v: bool) -> Option<String> {
    Some(if v { "是" } else { "否" }.to_string())
}

/// A value a case field is stored as: how a raw text becomes it (checked, with the field's label in the
/// message) and how it reads back. The field type tells the forms of one Rust type apart (a text's maximum
/// length; a year, a serial or an amount).
pub trait FieldValue: Sized {
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self>;
    fn show(&self, spec: &FieldSpec) -> Option<String>;
    /// Whether a field of this type can be stored in this Rust type (a registry line that says `Date` for a
    /// text member is a mistake a test catches).
    fn accepts(ty: FieldType) -> bool;
    /// The `(code, label)` choices a form offers for a case of `kind` (none for a non-coded value).
    fn choices(_kind: CaseKind) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }
}

/// [`FieldValue::choices`] of the type of `member` (a way to name the type of a registry line's member).
fn choices_of<T: FieldValue>(_member: &T, kind: CaseKind) -> Vec<(&'static str, &'static str)> {
    T::choices(kind)
}

fn accepts_of<T: FieldValue>(_member: &T, ty: FieldType) -> bool {
    T::accepts(ty)
}

/// A coded value a `Choice` field takes; `allowed` narrows the codes by case kind (a contract's conclusions
/// are not a normative document's).
pub trait Choice: Copy + Ord + 'static {
    /// What the choice is called in a refusal (`结论`).
    const NOUN: &'static str;
    const ALL: &'static [Self];
    fn parse(raw: &str) -> Result<Self>;
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn allowed(_kind: CaseKind) -> Option<&'static [Self]> {
        None
    }
}

macro_rules! choice {
    ($($t:ty),*) => {$(
        impl Choice for $t {
            const NOUN: &'static str = "取值";
            const ALL: &'static [Self] = <$t>::ALL;
            fn parse(raw: &str) -> Result<Self> {
                <$t>::parse(raw)
            }
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
            fn label(self) -> &'static str {
                <$t>::label(self)
            }
        }
    )*};
}
choice!(
    IssuerForm,
    CleanupResult,
    Art58Trigger,
    Material,
    Instance,
    JudgmentResult,
    ReconsiderationDecision,
    PoliceDecision,
    ProposalCategory,
    ContactWay,
    ProposalFeedback
);

impl Choice for Outcome {
    const NOUN: &'static str = "结论";
    const ALL: &'static [Self] = Outcome::ALL;
    fn parse(raw: &str) -> Result<Self> {
        Outcome::parse(raw)
    }
    fn code(self) -> &'static str {
        Outcome::code(self)
    }
    fn label(self) -> &'static str {
        Outcome::label(self)
    }
    fn allowed(kind: CaseKind) -> Option<&'static [Self]> {
        Some(kind.outcomes())
    }
}

fn max_len(spec: &FieldSpec) -> usize {
    match spec.ty {
        FieldType::Text(n) | FieldType::LongText(n) => n,
        _ => 200,
    }
}

/// A required text (the title).
impl FieldValue for String {
    fn accepts(ty: FieldType) -> bool {
        matches!(ty, FieldType::Text(_))
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        validate::required_text(spec.label_for(kind), raw, max_len(spec))
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        Some(self.clone())
    }
}

/// An optional text: one line (`Text`) or several (`LongText`); empty clears it.
impl FieldValue for Option<String> {
    fn accepts(ty: FieldType) -> bool {
        matches!(
            ty,
            FieldType::Text(_) | FieldType::LongText(_) | FieldType::Listed(_)
        )
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        match spec.ty {
            FieldType::LongText(n) => opt(raw, |r| validate::long_text(spec.label_for(kind), r, n)),
            // The code, as the caller found it in the list (whether the list has it is the store's check).
            FieldType::Listed(_) => validate::optional_text(spec.label_for(kind), raw, 12),
            _ => validate::optional_text(spec.label_for(kind), raw, max_len(spec)),
        }
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.clone()
    }
}

/// A required date (收文日期).
impl FieldValue for NaiveDate {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Date
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        validate::date(spec.label_for(kind), raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        Some(fmt_date(*self))
    }
}

impl FieldValue for Option<NaiveDate> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Date
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        validate::optional_date(spec.label_for(kind), raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(fmt_date)
    }
}

/// A yes/no field that is no when not said.
impl FieldValue for bool {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Flag
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        validate::flag(spec.label_for(kind), raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        yes_no(*self)
    }
}

/// A yes/no field that can also be not yet decided (认定为规范性文件).
impl FieldValue for Option<bool> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Flag
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        opt(raw, |r| validate::flag(spec.label_for(kind), r))
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.and_then(yes_no)
    }
}

/// An amount in fen (`Amount`).
impl FieldValue for Option<i64> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Amount
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        validate::amount_fen(spec.label_for(kind), raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(fmt_amount)
    }
}

/// A year (`Year`), typed `2026` or as it is shown, `2026年`.
impl FieldValue for Option<i32> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Year
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        opt(raw, |r| {
            r.trim()
                .trim_end_matches('年')
                .parse::<i32>()
                .ok()
                .filter(|y| (validate::MIN_YEAR..=validate::MAX_YEAR).contains(y))
                .ok_or_else(|| Error::invalid(spec.label_for(kind), format!("「{r}」不是有效年份")))
        })
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(|v| format!("{v}年"))
    }
}

/// A serial number 1–999 (`Number`).
impl FieldValue for Option<u32> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Number
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        opt(raw, |r| {
            r.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=999).contains(n))
                .ok_or_else(|| {
                    Error::invalid(spec.label_for(kind), format!("「{r}」应为 1—999 的序号"))
                })
        })
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(|v| v.to_string())
    }
}

/// The sending unit, by id (names are resolved by the caller, who can see the store).
impl FieldValue for UnitId {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::UnitRef
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        raw.trim()
            .parse()
            .map_err(|_| Error::invalid(spec.label_for(kind), format!("「{raw}」不是有效的编号")))
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        Some(self.to_string())
    }
}

/// Units by id, each once, in the order given.
impl FieldValue for Vec<UnitId> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::UnitList
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        parse_ids(spec, kind, raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        show_ids(self)
    }
}

/// Ids of a list field (`advisors`, `co_units`), each once, in the order given.
fn parse_ids<T: std::str::FromStr + PartialEq>(
    spec: &FieldSpec,
    kind: CaseKind,
    raw: &str,
) -> Result<Vec<T>> {
    let ids: Vec<T> = parse_list(raw, |s| {
        s.parse()
            .map_err(|_| Error::invalid(spec.label_for(kind), format!("「{s}」不是有效的编号")))
    })?;
    let mut unique = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    Ok(unique)
}

/// A list field's ids as stored text (comma-separated), or nothing when empty.
fn show_ids<T: std::fmt::Display>(ids: &[T]) -> Option<String> {
    (!ids.is_empty()).then(|| {
        ids.iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    })
}

impl FieldValue for Option<PersonId> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::PersonRef
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        opt(raw, |r| {
            r.trim().parse().map_err(|_| {
                Error::invalid(spec.label_for(kind), format!("「{raw}」不是有效的编号"))
            })
        })
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(|p| p.to_string())
    }
}

/// People by id, each once, in the order given.
impl FieldValue for Vec<PersonId> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::PersonList
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        parse_ids(spec, kind, raw)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        show_ids(self)
    }
}

/// One code of a coded value, by code or label, where the case's kind allows it.
impl<T: Choice> FieldValue for Option<T> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::Choice
    }
    fn choices(kind: CaseKind) -> Vec<(&'static str, &'static str)> {
        T::allowed(kind)
            .unwrap_or(T::ALL)
            .iter()
            .map(|v| (v.code(), v.label()))
            .collect()
    }
    fn parse(spec: &FieldSpec, kind: CaseKind, raw: &str) -> Result<Self> {
        opt(raw, |r| {
            let v = T::parse(r)?;
            match T::allowed(kind) {
                Some(allowed) if !allowed.contains(&v) => {
                    let names: Vec<&str> = allowed.iter().map(|o| o.label()).collect();
                    Err(Error::invalid(
                        spec.label_for(kind),
                        format!(
                            "{}案件的{}只能是：{}",
                            kind.short_label(),
                            T::NOUN,
                            names.join("、")
                        ),
                    ))
                }
                _ => Ok(v),
            }
        })
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        self.map(|v| v.label().to_string())
    }
}

/// Several codes, each once, in code order.
impl<T: Choice> FieldValue for Vec<T> {
    fn accepts(ty: FieldType) -> bool {
        ty == FieldType::ChoiceList
    }
    fn choices(_kind: CaseKind) -> Vec<(&'static str, &'static str)> {
        T::ALL.iter().map(|v| (v.code(), v.label())).collect()
    }
    fn parse(_: &FieldSpec, _: CaseKind, raw: &str) -> Result<Self> {
        let mut list = parse_list(raw, T::parse)?;
        list.sort();
        list.dedup();
        Ok(list)
    }
    fn show(&self, _: &FieldSpec) -> Option<String> {
        (!self.is_empty()).then(|| {
            self.iter()
                .map(|m| m.label())
                .collect::<Vec<_>>()
                .join("、")
        })
    }
}

/// The registry. Each line: code, label, field type, and where the value lives — `case.x` on every case
/// (`for` narrows the kinds), or `Kind.x` in the details of the kinds listed (the field applies to those).
macro_rules! case_fields {
    ($($code:literal, $label:literal, $ty:expr => $place:tt;)*) => {
        /// Every editable field of a case, in form order.
        pub const CASE_FIELDS: &[FieldSpec] = &[
            $(FieldSpec { code: $code, label: $label, ty: $ty, kinds: case_fields!(@kinds $place) },)*
        ];

        impl FieldSpec {
            /// The `(code, label)` choices of a `Choice`/`ChoiceList` field for a case of `kind`, for forms and
            /// error messages (a contract's conclusions are not a normative document's).
            pub fn choices(&self, kind: CaseKind) -> Vec<(&'static str, &'static str)> {
                match self.code {
                    $($code => case_fields!(@choices kind, $place),)*
                    _ => Vec::new(),
                }
            }

            /// Whether the member the registry line names can hold the field type it declares (a line that
            /// says `Date` for a text member is a mistake; a test checks every line).
            pub fn stores_its_type(&self) -> bool {
                match self.code {
                    $($code => case_fields!(@accepts self.ty, $place),)*
                    _ => false,
                }
            }
        }

        impl ReviewCase {
            /// Sets one field from its raw text. Reference fields (`unit`, `assignee`, `advisors`) take ids,
            /// resolved beforehand by the caller, who can see the store. An empty value clears an optional
            /// field.
            // A field stored in every kind's details would make the catch-all arm unreachable.
            #[allow(unreachable_patterns)]
            pub fn set_field(&mut self, code: &str, raw: &str) -> Result<()> {
                let spec = field_spec(code)?;
                let kind = self.kind();
                if !spec.applies_to(kind) {
                    return Err(Error::invalid(
                        spec.label,
                        format!("不适用于{}案件", kind.short_label()),
                    ));
                }
                match spec.code {
                    $($code => case_fields!(@set self, spec, kind, raw, $place),)*
                    other => unreachable!("field {other} is in the registry but has no place"),
                }
                Ok(())
            }

            /// The display text of a field (`None` when unset or not of this kind). Reference fields show ids;
            /// callers name them.
            // As in `set_field`: a field in every kind's details would leave the catch-all arm unreachable.
            #[allow(unreachable_patterns)]
            pub fn field_text(&self, code: &str) -> Option<String> {
                let spec = field_spec(code).ok()?;
                match spec.code {
                    $($code => case_fields!(@get self, spec, $place),)*
                    _ => None,
                }
            }
        }
    };
    (@kinds (case . $f:ident)) => { None };
    (@kinds (case . $f:ident for $($k:ident),+)) => { Some(&[$(CaseKind::$k),+]) };
    (@kinds ($($v:ident . $f:ident),+)) => { Some(&[$(CaseKind::$v),+]) };
    (@set $s:ident, $spec:ident, $kind:ident, $raw:ident, (case . $f:ident $(for $($k:ident),+)?)) => {
        $s.$f = FieldValue::parse($spec, $kind, $raw)?
    };
    (@set $s:ident, $spec:ident, $kind:ident, $raw:ident, ($($v:ident . $f:ident),+)) => {
        match &mut $s.details {
            $(CaseDetails::$v(d) => d.$f = FieldValue::parse($spec, $kind, $raw)?,)+
            _ => unreachable!("applies_to checked the kind"),
        }
    };
    (@choices $kind:ident, (case . $f:ident $(for $($k:ident),+)?)) => {{
        let blank = ReviewCase::blank($kind);
        choices_of(&blank.$f, $kind)
    }};
    (@choices $kind:ident, ($v0:ident . $f0:ident $(, $v:ident . $f:ident)*)) => {{
        let blank = ReviewCase::blank(CaseKind::$v0);
        match &blank.details {
            CaseDetails::$v0(d) => choices_of(&d.$f0, $kind),
            _ => Vec::new(),
        }
    }};
    (@accepts $ty:expr, (case . $f:ident $(for $($k:ident),+)?)) => {{
        let blank = ReviewCase::blank(CaseKind::Advice);
        accepts_of(&blank.$f, $ty)
    }};
    (@accepts $ty:expr, ($($v:ident . $f:ident),+)) => {
        true $(&& {
            let blank = ReviewCase::blank(CaseKind::$v);
            match &blank.details {
                CaseDetails::$v(d) => accepts_of(&d.$f, $ty),
                _ => false,
            }
        })+
    };
    (@get $s:ident, $spec:ident, (case . $f:ident $(for $($k:ident),+)?)) => {
        $s.$f.show($spec)
    };
    (@get $s:ident, $spec:ident, ($($v:ident . $f:ident),+)) => {
        match &$s.details {
            $(CaseDetails::$v(d) => d.$f.show($spec),)+
            _ => None,
        }
    };
}

#[rustfmt::skip]
case_fields! {
    "title", "事项名称", FieldType::Text(200) => (case.title);
    "unit", "送审单位", FieldType::UnitRef => (case.unit_id);
    "contact", "联系人", FieldType::Text(30) => (case.contact);
    "contact_phone", "联系电话", FieldType::Text(40) => (case.contact_phone);
    "received", "收文日期", FieldType::Date => (case.received);
    "materials_complete", "材料齐全日期", FieldType::Date
        => (case.materials_complete for NormativeDoc, MajorDecision, Contract, Enforcement, PenaltyFiling, Advice);
    "assignee", "承办人", FieldType::PersonRef => (case.assignee_id);
    "advisors", "法律顾问", FieldType::PersonList => (case.advisor_ids);
    "due_date", "办理期限", FieldType::Date
        => (case.due_date for NormativeDoc, MajorDecision, Contract, Enforcement, PenaltyFiling, Advice);
    "outcome", "审查结论", FieldType::Choice
        => (case.outcome for NormativeDoc, MajorDecision, Contract, Enforcement, PenaltyFiling);
    "conclusion", "审查意见摘要", FieldType::LongText(2000)
        => (case.conclusion for NormativeDoc, MajorDecision, Contract, Enforcement, PenaltyFiling, Advice);
    "note", "备注", FieldType::LongText(2000) => (case.note);
    // normative documents
    "issuer_form", "拟发文形式", FieldType::Choice => (NormativeDoc.issuer_form);
    "is_normative", "认定为规范性文件", FieldType::Flag => (NormativeDoc.is_normative);
    "fair_competition", "涉及公平竞争审查", FieldType::Flag => (NormativeDoc.fair_competition);
    "materials", "已收送审材料", FieldType::ChoiceList => (NormativeDoc.materials);
    "doc_no", "文号", FieldType::Text(40) => (NormativeDoc.doc_no, TaskPlan.doc_no);
    "normative_reg_no", "规范性文件登记号", FieldType::Text(40) => (NormativeDoc.normative_reg_no);
    "published_on", "公布日期", FieldType::Date
        => (NormativeDoc.published_on, MajorDecision.published_on, FileInspection.published_on);
    "effective_on", "施行日期", FieldType::Date => (NormativeDoc.effective_on);
    "valid_until", "有效期至", FieldType::Date => (NormativeDoc.valid_until);
    "provisional", "暂行/试行", FieldType::Flag => (NormativeDoc.provisional);
    "cleanup", "清理结果", FieldType::Choice => (NormativeDoc.cleanup);
    "cleaned_up_on", "清理日期", FieldType::Date => (NormativeDoc.cleaned_up_on);
    // major decisions
    "catalogue_year", "决策目录年度", FieldType::Year => (MajorDecision.catalogue_year);
    "catalogue_item", "目录序号", FieldType::Number => (MajorDecision.catalogue_item);
    "public_comment_from", "公开征求意见开始", FieldType::Date => (MajorDecision.public_comment_from);
    "public_comment_to", "公开征求意见结束", FieldType::Date => (MajorDecision.public_comment_to);
    "expert_argument", "已组织专家论证", FieldType::Flag => (MajorDecision.expert_argument);
    "risk_assessment", "已开展风险评估", FieldType::Flag => (MajorDecision.risk_assessment);
    "meeting", "集体讨论会议", FieldType::Text(60) => (MajorDecision.meeting);
    "meeting_on", "会议日期", FieldType::Date => (MajorDecision.meeting_on);
    "party_committee_reported", "已报同级党委", FieldType::Flag => (MajorDecision.party_committee_reported);
    "post_evaluation", "决策后评估", FieldType::LongText(2000) => (MajorDecision.post_evaluation);
    "post_evaluated_on", "决策后评估日期", FieldType::Date => (MajorDecision.post_evaluated_on);
    // contracts
    "counterparty", "合同相对方", FieldType::Text(60) => (Contract.counterparty);
    "amount", "金额", FieldType::Amount => (Contract.amount_fen, PenaltyFiling.amount_fen);
    "funds_type", "资金/资产类型", FieldType::Text(30) => (Contract.funds_type);
    "contract_type", "合同类型", FieldType::Text(30) => (Contract.contract_type);
    "signed_on", "签订日期", FieldType::Date => (Contract.signed_on);
    "archived_on", "归档日期", FieldType::Date => (Contract.archived_on);
    // enforcement decisions and penalty filings
    "agency", "执法机关", FieldType::Text(60) => (Enforcement.agency, PenaltyFiling.agency);
    "party", "当事人", FieldType::Text(60) => (Enforcement.party, PenaltyFiling.party);
    "proposed_decision", "拟作出的决定", FieldType::LongText(500) => (Enforcement.proposed_decision);
    "art58_trigger", "法制审核情形", FieldType::Choice => (Enforcement.art58_trigger);
    "discretion_standard", "适用裁量基准", FieldType::Text(100) => (Enforcement.discretion_standard);
    "decision_no", "处罚决定书文号", FieldType::Text(40) => (PenaltyFiling.decision_no);
    "decision_on", "处罚决定日期", FieldType::Date => (PenaltyFiling.decision_on, Reconsideration.decision_on);
    "penalty_type", "处罚种类", FieldType::Text(30) => (PenaltyFiling.penalty_type);
    "filing_received_on", "备案收到日期", FieldType::Date => (PenaltyFiling.filing_received_on);
    // other legal matters
    "question", "咨询事项", FieldType::LongText(1000) => (Advice.question);
    // 行政应诉
    "court_case_no", "案号", FieldType::Text(60) => (Litigation.court_case_no);
    "court", "受理法院", FieldType::Text(60) => (Litigation.court);
    "instance", "审级", FieldType::Choice => (Litigation.instance);
    "plaintiffs", "原告", FieldType::Text(200) => (Litigation.plaintiffs);
    "challenged_act", "被诉行政行为", FieldType::Text(200)
        => (Litigation.challenged_act, Reconsideration.challenged_act);
    "cause", "案由", FieldType::Text(60) => (Litigation.cause);
    "defence_submitted_on", "答辩状和证据提交日期", FieldType::Date => (Litigation.defence_submitted_on);
    "judgment_on", "裁判日期", FieldType::Date => (Litigation.judgment_on);
    "judgment_result", "裁判结果", FieldType::Choice => (Litigation.judgment_result);
    "lost", "败诉", FieldType::Flag => (Litigation.lost);
    "judgment_served_on", "裁判文书送达日期", FieldType::Date => (Litigation.judgment_served_on);
    "appealed_on", "上诉日期", FieldType::Date => (Litigation.appealed_on);
    "judicial_suggestion_on", "收到司法建议日期", FieldType::Date => (Litigation.judicial_suggestion_on);
    "suggestion_replied_on", "司法建议回复日期", FieldType::Date => (Litigation.suggestion_replied_on);
    "related_case", "关联审查案件或决定", FieldType::Text(60) => (Litigation.related_case);
    // 复议答复
    "reconsideration_body", "复议机关", FieldType::Text(60) => (Reconsideration.reconsideration_body);
    "reconsideration_case_no", "复议案号", FieldType::Text(60) => (Reconsideration.reconsideration_case_no);
    "applicants", "申请人", FieldType::Text(200) => (Reconsideration.applicants);
    "replied_on", "答复日期", FieldType::Date => (Reconsideration.replied_on, Proposal.replied_on);
    "decision", "复议决定", FieldType::Choice => (Reconsideration.decision);
    "incidental_review", "附带审查规范性文件", FieldType::Flag => (Reconsideration.incidental_review);
    "reviewed_document", "被审查的规范性文件", FieldType::Text(200) => (Reconsideration.reviewed_document);
    "maker_notified_on", "收到附带审查通知日期", FieldType::Date => (Reconsideration.maker_notified_on);
    "maker_replied_on", "制定机关答复日期", FieldType::Date => (Reconsideration.maker_replied_on);
    // 两法衔接
    "suspected_crime", "涉嫌罪名", FieldType::Text(60) => (CrimeTransfer.suspected_crime);
    "suspects", "当事人", FieldType::Text(200) => (CrimeTransfer.suspects);
    "reported_on", "移送报告日期", FieldType::Date => (CrimeTransfer.reported_on);
    "approved_on", "审批日期", FieldType::Date => (CrimeTransfer.approved_on);
    "refusal_reason", "不批准移送理由", FieldType::LongText(500) => (CrimeTransfer.refusal_reason);
    "transferred_on", "移送日期", FieldType::Date => (CrimeTransfer.transferred_on);
    "police", "接收公安机关", FieldType::Text(60) => (CrimeTransfer.police);
    "police_decision", "公安机关初次决定", FieldType::Choice => (CrimeTransfer.police_decision);
    "police_decided_on", "接到初次决定通知书日期", FieldType::Date => (CrimeTransfer.police_decided_on);
    "police_filed_on", "接到立案通知书日期", FieldType::Date => (CrimeTransfer.police_filed_on);
    "review_sought_on", "提请复议日期", FieldType::Date => (CrimeTransfer.review_sought_on);
    "review_decided_on", "接到复议决定通知书日期", FieldType::Date => (CrimeTransfer.review_decided_on);
    "supervision_sought_on", "建议立案监督日期", FieldType::Date => (CrimeTransfer.supervision_sought_on);
    "evidence_handed_on", "移交涉案物品日期", FieldType::Date => (CrimeTransfer.evidence_handed_on);
    "result", "办理结果", FieldType::Text(200) => (CrimeTransfer.result);
    // 案卷评查
    "plan", "评查依据", FieldType::Text(100) => (FileInspection.plan);
    "members", "评查人员", FieldType::Text(200) => (FileInspection.members);
    "units_audited", "被评查单位", FieldType::LongText(500) => (FileInspection.units_audited);
    "score_items", "评分项目及分值", FieldType::LongText(300) => (FileInspection.score_items);
    "finished_on", "评查结束日期", FieldType::Date => (FileInspection.finished_on);
    "rectify_by", "整改期限", FieldType::Date => (FileInspection.rectify_by);
    "closed_on", "整改验收日期", FieldType::Date => (FileInspection.closed_on);
    // 建议提案办理
    "category", "建议提案类别", FieldType::Choice => (Proposal.category);
    "session", "届次和会次", FieldType::Text(40) => (Proposal.session);
    "proposal_no", "编号", FieldType::Text(20) => (Proposal.proposal_no);
    "lead", "领衔代表（委员）", FieldType::Text(60) => (Proposal.lead);
    "cosigners", "附议代表（委员）", FieldType::Text(200) => (Proposal.cosigners);
    "assigned_by", "交办单位", FieldType::Text(60) => (Proposal.assigned_by);
    "co_units", "会办单位", FieldType::UnitList => (Proposal.co_unit_ids);
    "difficult", "涉及面广、处理难度大", FieldType::Flag => (Proposal.difficult);
    "co_views_on", "会办意见送达日期", FieldType::Date => (Proposal.co_views_on);
    "handling_class", "办理类别", FieldType::Listed(ChoiceList::HandlingClass) => (Proposal.handling_class);
    "contact_way", "沟通方式", FieldType::Choice => (Proposal.contact_way);
    "feedback", "代表委员反馈", FieldType::Choice => (Proposal.feedback);
    "rehandling_on", "重新办理日期", FieldType::Date => (Proposal.rehandling_on);
    "rereplied_on", "重新答复日期", FieldType::Date => (Proposal.rereplied_on);
    "refeedback", "重新答复后反馈", FieldType::Choice => (Proposal.refeedback);
    // key-task plans
    "plan_year", "计划年度", FieldType::Year => (TaskPlan.plan_year);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_line_stores_its_field_type_in_a_member_that_can_hold_it() {
        for spec in CASE_FIELDS {
            assert!(
                spec.stores_its_type(),
                "{} is declared {:?} but its member cannot hold that",
                spec.code,
                spec.ty
            );
        }
    }

    #[test]
    fn coded_fields_offer_their_choices_and_a_kind_only_its_own_conclusions() {
        let codes = |code: &str, kind| -> Vec<&str> {
            field_spec(code)
                .unwrap()
                .choices(kind)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        };
        assert_eq!(
            codes("outcome", CaseKind::Contract),
            Outcome::code_labels(CaseKind::Contract.outcomes())
                .into_iter()
                .map(|(c, _)| c)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            codes("materials", CaseKind::NormativeDoc).len(),
            Material::ALL.len()
        );
        assert_eq!(
            codes("issuer_form", CaseKind::NormativeDoc).len(),
            IssuerForm::ALL.len()
        );
        assert_eq!(
            codes("cleanup", CaseKind::NormativeDoc).len(),
            CleanupResult::ALL.len()
        );
        assert_eq!(
            codes("art58_trigger", CaseKind::Enforcement).len(),
            Art58Trigger::ALL.len()
        );
        assert!(codes("title", CaseKind::Contract).is_empty());
    }
}
