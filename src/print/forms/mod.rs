//! The office's paper forms: one A4 page of ruled boxes each, filled from a case or blank for handwriting, and
//! the case register (台账) as a landscape table.
//!
//! A form is a list of rows on a 24-column grid; a cell is a label (黑体), a value (仿宋), a row of tick boxes
//! (□ / ■) or a sign-off box with room for an opinion and a handwritten signature and date.

mod draw;
mod filing_report;
mod register;
mod word;

use chrono::NaiveDate;

use super::document::{self, Block, Head, Official, Signature};
use super::fonts::{Face, FontBook};
use super::layout::{
    compose, mm, place_text, text_width, Align, Color, Gbt9704, Item, Meta, Page, Sheet, Span,
    Style,
};
use crate::error::{Error, Result};
use crate::model::validate::{fmt_amount_words, fmt_date};
use crate::model::FieldType;
use crate::model::{
    Art58Trigger, CaseDetails, CaseKind, FilingChannel, FilingRecord, IssuerForm, Material,
    ReviewCase,
};
use draw::*;
use filing_report::*;
pub use register::{number_pages, register_sheet, table_pages, RegisterRow, RegisterTable};
pub use word::{form_docx, register_docx};

/// The printable forms: a 登记审批表 for every kind of case, and the 备案报告.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormName {
    NormativeReview,
    MajorDecisionReview,
    ContractReview,
    EnforcementReview,
    PenaltyFiling,
    AdviceRecord,
    FilingReport,
    LitigationRecord,
    ReconsiderationRecord,
    TransferRecord,
    InspectionRecord,
    ProposalRecord,
}

impl FormName {
    pub const ALL: [FormName; 12] = [
        FormName::NormativeReview,
        FormName::MajorDecisionReview,
        FormName::ContractReview,
        FormName::EnforcementReview,
        FormName::PenaltyFiling,
        FormName::AdviceRecord,
        FormName::FilingReport,
        FormName::LitigationRecord,
        FormName::ReconsiderationRecord,
        FormName::TransferRecord,
        FormName::InspectionRecord,
        FormName::ProposalRecord,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FormName::NormativeReview => "normative_review",
            FormName::MajorDecisionReview => "major_decision_review",
            FormName::ContractReview => "contract_review",
            FormName::EnforcementReview => "enforcement_review",
            FormName::PenaltyFiling => "penalty_filing",
            FormName::AdviceRecord => "advice_record",
            FormName::FilingReport => "filing_report",
            FormName::LitigationRecord => "litigation_record",
            FormName::ReconsiderationRecord => "reconsideration_record",
            FormName::TransferRecord => "transfer_record",
            FormName::InspectionRecord => "inspection_record",
            FormName::ProposalRecord => "proposal_record",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FormName::NormativeReview => "规范性文件合法性审核登记审批表",
            FormName::MajorDecisionReview => "重大行政决策合法性审查登记审批表",
            FormName::ContractReview => "政府合同合法性审查登记审批表",
            FormName::EnforcementReview => "重大行政执法决定法制审核表",
            FormName::PenaltyFiling => "重大行政处罚决定备案登记表",
            FormName::AdviceRecord => "涉法事务登记表",
            FormName::FilingReport => "备案报告",
            FormName::LitigationRecord => "行政应诉案件登记表",
            FormName::ReconsiderationRecord => "行政复议答复登记表",
            FormName::TransferRecord => "涉嫌犯罪案件移送登记表",
            FormName::InspectionRecord => "行政执法案卷评查登记表",
            FormName::ProposalRecord => "建议提案办理登记表",
        }
    }

    /// The case kinds a form is for.
    pub fn kinds(self) -> &'static [CaseKind] {
        match self {
            FormName::NormativeReview => &[CaseKind::NormativeDoc],
            FormName::MajorDecisionReview => &[CaseKind::MajorDecision],
            FormName::ContractReview => &[CaseKind::Contract],
            FormName::EnforcementReview => &[CaseKind::Enforcement],
            FormName::PenaltyFiling => &[CaseKind::PenaltyFiling],
            FormName::AdviceRecord => &[CaseKind::Advice],
            FormName::FilingReport => &[CaseKind::NormativeDoc],
            FormName::LitigationRecord => &[CaseKind::Litigation],
            FormName::ReconsiderationRecord => &[CaseKind::Reconsideration],
            FormName::TransferRecord => &[CaseKind::CrimeTransfer],
            FormName::InspectionRecord => &[CaseKind::FileInspection],
            FormName::ProposalRecord => &[CaseKind::Proposal],
        }
    }

    /// The code, the label, or the kind of case whose review form it is (`合同`, `contract`).
    pub fn parse(s: &str) -> Result<FormName> {
        let kind = CaseKind::typed(s).ok();
        FormName::ALL
            .into_iter()
            .find(|f| {
                f.code() == s.trim()
                    || f.label() == s.trim()
                    || kind.is_some_and(|k| *f != FormName::FilingReport && f.kinds() == [k])
            })
            .ok_or_else(|| {
                let list: Vec<String> = FormName::ALL
                    .iter()
                    .map(|f| format!("{}（{}）", f.code(), f.label()))
                    .collect();
                Error::invalid(
                    "表格",
                    format!("「{s}」不是可打印的表格：{}", list.join(" / ")),
                )
            })
    }
}

/// A case with the names its form prints, resolved by the caller.
#[derive(Debug, Clone)]
pub struct FormFacts {
    pub case: ReviewCase,
    pub unit: String,
    pub assignee: Option<String>,
    pub advisors: Vec<String>,
    /// A 建议提案's 会办单位, by name.
    pub co_units: Vec<String>,
    /// The case's signed letter: its number and date.
    pub letter: Option<(String, Option<NaiveDate>)>,
    /// The letter the opinion box refers to.
    pub letter_ref: Option<LetterRef>,
    /// The review's deadline as the rules compute it (or as set by hand).
    pub due: Option<NaiveDate>,
    /// The rule that gave `due` (none when set by hand): a register's form names it (移送审批期限, 答复期限).
    pub due_rule: Option<crate::model::rule::RuleCode>,
    pub filings: Vec<FilingRecord>,
    /// The office.
    pub office: String,
    /// The body that made a normative document (制定机关), which sends its 备案报告: the government for a
    /// 政府文, its office for a 政府办文, the submitting department for a 部门文.
    pub enactor: String,
    /// Today, the date a 备案报告 made now carries.
    pub today: NaiveDate,
}

/// The letter a form's opinion box points to, by its title.
#[derive(Debug, Clone)]
pub enum LetterRef {
    /// The signed letter (its number, if any, is [`FormFacts::letter`]).
    Signed(String),
    /// The draft going up for signing with the form (送签稿).
    ForSigning(String),
    /// A draft still being written.
    Draft(String),
}

enum Cell {
    Label(&'static str),
    Value(String),
    Boxes(Vec<(String, bool)>),
    /// An opinion box: text at the top, "签名： 年 月 日" at the bottom right.
    Sign(String),
}

struct Row {
    /// Height in mm.
    height: f32,
    cells: Vec<(u8, Cell)>,
}

fn row(height: f32, cells: Vec<(u8, Cell)>) -> Row {
    Row { height, cells }
}

/// Two label–value pairs side by side.
fn pair(height: f32, l1: &'static str, v1: Cell, l2: &'static str, v2: Cell) -> Row {
    row(
        height,
        vec![(5, Cell::Label(l1)), (7, v1), (5, Cell::Label(l2)), (7, v2)],
    )
}

/// A label and one value across the rest of the row.
fn wide(height: f32, label: &'static str, value: Cell) -> Row {
    row(height, vec![(5, Cell::Label(label)), (19, value)])
}

fn val(text: impl Into<String>) -> Cell {
    Cell::Value(text.into())
}

fn d(v: Option<NaiveDate>) -> String {
    v.map(fmt_date).unwrap_or_default()
}

fn s(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The rows of a register's form, built from the field registry: each field under its name on `kind`, two
/// short ones side by side, a long text (a title, parties, a reason) across the row. `due` is the deadline
/// the rules compute, labelled by the kind's first rule.
fn field_rows(kind: CaseKind, codes: &[&str], value: impl Fn(&str) -> String) -> Vec<Row> {
    field_rows_due(kind, codes, value, "办理期限")
}

/// [`field_rows`], the deadline (`due`) under `due_label`.
fn field_rows_due(
    kind: CaseKind,
    codes: &[&str],
    value: impl Fn(&str) -> String,
    due_label: &'static str,
) -> Vec<Row> {
    let label = |code: &str| -> &'static str {
        match code {
            "due" => due_label,
            _ => crate::model::case::field_label(code, kind),
        }
    };
    let long = |code: &str| {
        code == "title"
            || crate::model::case::field_spec(code).is_ok_and(|f| match f.ty {
                FieldType::LongText(_) => true,
                FieldType::Text(n) => n >= 100,
                _ => false,
            })
    };
    let mut rows = Vec::new();
    let mut waiting: Option<&str> = None;
    for &code in codes {
        if long(code) {
            // A short field left alone before a long one keeps its place, across the row.
            if let Some(first) = waiting.take() {
                rows.push(wide(9.0, label(first), val(value(first))));
            }
            rows.push(wide(12.0, label(code), val(value(code))));
            continue;
        }
        match waiting.take() {
            Some(first) => rows.push(pair(
                9.0,
                label(first),
                val(value(first)),
                label(code),
                val(value(code)),
            )),
            None => waiting = Some(code),
        }
    }
    if let Some(last) = waiting {
        rows.push(wide(9.0, label(last), val(value(last))));
    }
    rows
}

fn boxes<T: PartialEq + Copy>(all: &[T], chosen: &[T], label: impl Fn(T) -> &'static str) -> Cell {
    Cell::Boxes(
        all.iter()
            .map(|&v| (label(v).to_string(), chosen.contains(&v)))
            .collect(),
    )
}

/// The pages for `form`, one per case (or one blank page when `facts` is empty).
pub fn form_sheet(book: &FontBook, form: FormName, facts: &[FormFacts]) -> Result<Sheet> {
    if form == FormName::FilingReport {
        return filing_reports(book, facts);
    }
    let mut pages = Vec::new();
    if facts.is_empty() {
        pages.push(form_page(book, form, None)?);
    }
    for f in facts {
        check_kind(form, f)?;
        pages.push(form_page(book, form, Some(f))?);
    }
    Ok(Sheet {
        meta: Meta {
            title: form.label().to_string(),
            author: facts.first().map(|f| f.office.clone()).unwrap_or_default(),
            subject: match facts {
                [] => "空白表".to_string(),
                [one] => format!("案件 {}", one.case.reg_no),
                many => format!("{} 件案件", many.len()),
            },
            date: None,
        },
        pages,
    })
}

fn form_page(book: &FontBook, form: FormName, f: Option<&FormFacts>) -> Result<Page> {
    draw_form(book, form.label(), &subtitle(form, f), &form_rows(form, f))
}

/// The line above a form's table: the registration number on the left, the day received on the right (under
/// the name the form's kind gives that day: a lawsuit's is the day the complaint's copy came).
fn subtitle(form: FormName, f: Option<&FormFacts>) -> (String, String) {
    let c = f.map(|f| &f.case);
    let received = match form.kinds() {
        [kind] => crate::model::case::field_label("received", *kind),
        _ => "收文日期",
    };
    (
        format!(
            "登记编号：{}",
            c.map(|c| c.reg_no.to_string()).unwrap_or_default()
        ),
        format!("{received}：{}", d(c.map(|c| c.received))),
    )
}

/// Refuses a case whose kind `form` is not for.
fn check_kind(form: FormName, f: &FormFacts) -> Result<()> {
    if form.kinds().contains(&f.case.kind()) {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "案件 {} 是{}，不能打印「{}」",
        f.case.reg_no,
        f.case.kind().label(),
        form.label()
    )))
}

/// The rows of `form`'s table, filled from `f` (or empty, for the pen).
fn form_rows(form: FormName, f: Option<&FormFacts>) -> Vec<Row> {
    let c = f.map(|f| &f.case);
    let outcome_boxes = |kind: CaseKind| {
        let chosen: Vec<_> = c.and_then(|c| c.outcome).into_iter().collect();
        boxes(kind.outcomes(), &chosen, |o| o.label())
    };
    let sign_rows = |labels: &[&'static str]| -> Vec<Row> {
        labels
            .iter()
            .map(|&l| wide(16.0, l, Cell::Sign(String::new())))
            .collect()
    };
    // The engaged advisor's view, when one was consulted: written (or summarised) and signed by the advisor.
    let advisor_row = || wide(18.0, "法律顾问意见", Cell::Sign(String::new()));
    let opinion = c
        .and_then(|c| c.conclusion.clone())
        .or_else(|| {
            let f = f?;
            let quoted = crate::model::wording::quoted;
            Some(match (f.letter_ref.as_ref()?, &f.letter) {
                (LetterRef::Signed(t), Some((n, _))) => format!("详见{}（{n}）", quoted(t)),
                (LetterRef::Signed(t), None) => format!("详见{}", quoted(t)),
                (LetterRef::ForSigning(t), _) => format!("详见{}（送签稿）", quoted(t)),
                (LetterRef::Draft(t), _) => format!("详见{}（草稿）", quoted(t)),
            })
        })
        .unwrap_or_default();
    let letter_no = f
        .and_then(|f| f.letter.as_ref())
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    let letter_on = d(f.and_then(|f| f.letter.as_ref()).and_then(|(_, on)| *on));
    let assignee = f.and_then(|f| f.assignee.clone()).unwrap_or_default();
    let advisors = f.map(|f| f.advisors.join("、")).unwrap_or_default();
    let unit = f.map(|f| f.unit.clone()).unwrap_or_default();
    let title = c.map(|c| c.title.clone()).unwrap_or_default();
    let due = d(f.and_then(|f| f.due).or(c.and_then(|c| c.due_date)));
    let contact = c
        .map(|c| {
            format!("{} {}", s(&c.contact), s(&c.contact_phone))
                .trim()
                .to_string()
        })
        .unwrap_or_default();
    let note_cell = val(c.and_then(|c| c.note.clone()).unwrap_or_default());
    // The middle of a review's form: when the clock started and when it ends, who reviews, the advisor's
    // view, the opinion and its conclusion, then the office's sign-off chain up to its head.
    let review_rows =
        |due_label: &'static str, word: &'static str, opinion_h: f32, kind: CaseKind| -> Vec<Row> {
            let (opinion_label, conclusion_label) = match word {
                "审核" => ("审核意见", "审核结论"),
                _ => ("审查意见", "审查结论"),
            };
            let mut rows = vec![
                pair(
                    9.0,
                    "材料齐全日期",
                    val(d(c.and_then(|c| c.materials_complete))),
                    due_label,
                    val(due.clone()),
                ),
                pair(
                    9.0,
                    "承办人",
                    val(assignee.clone()),
                    "法律顾问",
                    val(advisors.clone()),
                ),
                advisor_row(),
                wide(opinion_h, opinion_label, val(opinion.clone())),
                wide(9.0, conclusion_label, outcome_boxes(kind)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
                "主要负责人意见",
            ]));
            rows
        };
    let letter_row = |label: &'static str| {
        pair(
            9.0,
            label,
            val(letter_no.clone()),
            "出具日期",
            val(letter_on.clone()),
        )
    };
    let yes_no = |v: Option<bool>| {
        Cell::Boxes(vec![
            ("是".into(), v == Some(true)),
            ("否".into(), v == Some(false)),
        ])
    };

    let mut rows: Vec<Row> = match form {
        FormName::NormativeReview => {
            let nd = c.and_then(|c| match &c.details {
                CaseDetails::NormativeDoc(n) => Some(n),
                _ => None,
            });
            let filed = |ch: FilingChannel| {
                f.and_then(|f| {
                    f.filings
                        .iter()
                        .find(|r| r.channel == ch)
                        .and_then(|r| r.submitted_on)
                })
            };
            let issuer_form: Vec<_> = nd.and_then(|n| n.issuer_form).into_iter().collect();
            let published = match (
                nd.and_then(|n| n.published_on),
                nd.and_then(|n| n.effective_on),
            ) {
                (None, None) => String::new(),
                (p, e) => format!("{} / {}", d(p), d(e)),
            };
            let filings = match (
                filed(FilingChannel::NpcStandingCommittee),
                filed(FilingChannel::UpperGovernment),
            ) {
                (None, None) => String::new(),
                (a, b) => format!("人大：{}\n政府：{}", d(a), d(b)),
            };
            let mut rows = vec![
                pair(10.0, "送审单位", val(unit), "联系人及电话", val(contact)),
                wide(12.0, "文件名称", val(title)),
                wide(
                    9.0,
                    "拟发文形式",
                    boxes(IssuerForm::ALL, &issuer_form, |v| v.label()),
                ),
                pair(
                    9.0,
                    "是否规范性文件",
                    yes_no(nd.and_then(|n| n.is_normative)),
                    "涉及经营主体",
                    yes_no(nd.map(|n| n.fair_competition)),
                ),
                wide(
                    17.0,
                    "送审材料",
                    boxes(
                        Material::ALL,
                        nd.map(|n| n.materials.as_slice()).unwrap_or(&[]),
                        |m| m.label(),
                    ),
                ),
            ];
            rows.extend(review_rows(
                "审核期限",
                "审核",
                34.0,
                CaseKind::NormativeDoc,
            ));
            rows.extend([
                letter_row("意见书文号"),
                pair(
                    9.0,
                    "文件文号",
                    val(nd.and_then(|n| n.doc_no.clone()).unwrap_or_default()),
                    "公布/施行",
                    val(published),
                ),
                pair(
                    11.0,
                    "有效期至",
                    val(d(nd.and_then(|n| n.valid_until))),
                    "报备日期",
                    val(filings),
                ),
            ]);
            rows
        }
        FormName::MajorDecisionReview => {
            let md = c.and_then(|c| match &c.details {
                CaseDetails::MajorDecision(m) => Some(m),
                _ => None,
            });
            let catalogue = match (
                md.and_then(|m| m.catalogue_year),
                md.and_then(|m| m.catalogue_item),
            ) {
                (Some(y), Some(i)) => format!("{y}年第{i}项"),
                (Some(y), None) => format!("{y}年"),
                _ => String::new(),
            };
            let comment = match (
                md.and_then(|m| m.public_comment_from),
                md.and_then(|m| m.public_comment_to),
            ) {
                (None, None) => String::new(),
                (a, b) => format!("{}至{}", d(a), d(b)),
            };
            let meeting = md
                .map(|m| {
                    format!("{} {}", s(&m.meeting), d(m.meeting_on))
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            let mut rows = vec![
                pair(
                    10.0,
                    "决策承办单位",
                    val(unit),
                    "联系人及电话",
                    val(contact),
                ),
                wide(12.0, "决策事项名称", val(title)),
                pair(10.0, "决策目录", val(catalogue), "集体讨论", val(meeting)),
                wide(10.0, "公开征求意见", val(comment)),
                pair(
                    9.0,
                    "专家论证",
                    yes_no(md.map(|m| m.expert_argument)),
                    "风险评估",
                    yes_no(md.map(|m| m.risk_assessment)),
                ),
            ];
            rows.extend(review_rows(
                "审查期限",
                "审查",
                34.0,
                CaseKind::MajorDecision,
            ));
            rows.push(letter_row("意见书文号"));
            rows
        }
        FormName::ContractReview => {
            let k = c.and_then(|c| match &c.details {
                CaseDetails::Contract(k) => Some(k),
                _ => None,
            });
            let mut rows = vec![
                pair(10.0, "送审单位", val(unit), "联系人及电话", val(contact)),
                wide(12.0, "合同名称", val(title)),
                pair(
                    10.0,
                    "合同相对方",
                    val(k.and_then(|k| k.counterparty.clone()).unwrap_or_default()),
                    "合同金额",
                    val(k
                        .and_then(|k| k.amount_fen)
                        .map(fmt_amount_words)
                        .unwrap_or_default()),
                ),
                pair(
                    9.0,
                    "资金性质",
                    val(k.and_then(|k| k.funds_type.clone()).unwrap_or_default()),
                    "合同类型",
                    val(k.and_then(|k| k.contract_type.clone()).unwrap_or_default()),
                ),
            ];
            rows.extend(review_rows("审查期限", "审查", 40.0, CaseKind::Contract));
            rows.extend([
                letter_row("意见书文号"),
                pair(
                    9.0,
                    "签订日期",
                    val(d(k.and_then(|k| k.signed_on))),
                    "归档日期",
                    val(d(k.and_then(|k| k.archived_on))),
                ),
            ]);
            rows
        }
        FormName::AdviceRecord => {
            let a = c.and_then(|c| match &c.details {
                CaseDetails::Advice(a) => Some(a),
                _ => None,
            });
            let mut rows = vec![
                pair(10.0, "来文单位", val(unit), "联系人及电话", val(contact)),
                wide(12.0, "事项名称", val(title)),
                wide(
                    30.0,
                    "咨询事项",
                    val(a.and_then(|a| a.question.clone()).unwrap_or_default()),
                ),
                pair(9.0, "承办人", val(assignee), "法律顾问", val(advisors)),
                pair(
                    9.0,
                    "办理期限",
                    val(due),
                    "办结日期",
                    val(d(c.and_then(|c| c.opinion_on))),
                ),
                wide(24.0, "法律顾问意见", Cell::Sign(String::new())),
                wide(40.0, "答复意见", val(opinion)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
            ]));
            rows
        }
        FormName::LitigationRecord => {
            let l = c.and_then(|c| match &c.details {
                CaseDetails::Litigation(l) => Some(l),
                _ => None,
            });
            let text = |get: fn(&crate::model::LitigationDetails) -> &Option<String>| {
                val(l.map(|l| s(get(l))).unwrap_or_default())
            };
            let mut rows = vec![
                wide(12.0, "案件名称", val(title)),
                pair(
                    10.0,
                    "案号",
                    text(|l| &l.court_case_no),
                    "受理法院",
                    text(|l| &l.court),
                ),
                pair(9.0, "原告", text(|l| &l.plaintiffs), "被告", val(unit)),
                wide(12.0, "被诉行政行为", text(|l| &l.challenged_act)),
                pair(
                    9.0,
                    "案由",
                    text(|l| &l.cause),
                    "审级",
                    val(l
                        .and_then(|l| l.instance)
                        .map(|i| i.label())
                        .unwrap_or_default()),
                ),
                pair(
                    9.0,
                    "收到起诉状副本",
                    val(d(c.map(|c| c.received))),
                    "答辩期限",
                    // The defence's own period only (a 二审's first deadline may be another rule's).
                    val(match f.and_then(|f| f.due_rule) {
                        Some(crate::model::rule::RuleCode::LitigationDefence) | None => due.clone(),
                        Some(_) => String::new(),
                    }),
                ),
                pair(
                    9.0,
                    "答辩状提交日期",
                    val(d(l.and_then(|l| l.defence_submitted_on))),
                    "承办人",
                    val(assignee),
                ),
                wide(
                    24.0,
                    "开庭情况（日期、出庭人员、负责人是否出庭）",
                    Cell::Sign(String::new()),
                ),
                pair(
                    9.0,
                    "裁判日期",
                    val(d(l.and_then(|l| l.judgment_on))),
                    "裁判结果",
                    val(l
                        .and_then(|l| l.judgment_result)
                        .map(|r| r.label())
                        .unwrap_or_default()),
                ),
            ];
            // Appeal and judicial suggestion, from the field registry.
            let value = |code: &str| c.and_then(|c| c.field_text(code)).unwrap_or_default();
            rows.extend(field_rows(
                CaseKind::Litigation,
                &[
                    "judgment_served_on",
                    "appealed_on",
                    "judicial_suggestion_on",
                    "suggestion_replied_on",
                ],
                value,
            ));
            rows.push(wide(18.0, "应诉意见", val(opinion)));
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
            ]));
            rows
        }
        FormName::ReconsiderationRecord
        | FormName::TransferRecord
        | FormName::InspectionRecord
        | FormName::ProposalRecord => {
            let kind = form.kinds()[0];
            let value = |code: &str| match code {
                "unit" => unit.clone(),
                "assignee" => assignee.clone(),
                "due" => due.clone(),
                "co_units" => f.map(|f| f.co_units.join("、")).unwrap_or_default(),
                _ => c.and_then(|c| c.field_text(code)).unwrap_or_default(),
            };
            let (fields, opinion_label): (&[&str], &'static str) =
                if kind == CaseKind::FileInspection {
                    (
                        &[
                            "title",
                            "plan",
                            "unit",
                            "members",
                            "received",
                            "finished_on",
                            "published_on",
                            "rectify_by",
                            "units_audited",
                            "score_items",
                        ],
                        "评查结论",
                    )
                } else if kind == CaseKind::Proposal {
                    (
                        &[
                            "title",
                            "category",
                            "session",
                            "proposal_no",
                            "lead",
                            "cosigners",
                            "assigned_by",
                            "received",
                            "unit",
                            "co_units",
                            "difficult",
                            "due",
                            "co_views_on",
                            "replied_on",
                            "handling_class",
                            "contact_way",
                            "feedback",
                            "rehandling_on",
                            "rereplied_on",
                            "refeedback",
                        ],
                        "办理情况",
                    )
                } else if kind == CaseKind::Reconsideration {
                    (
                        &[
                            "title",
                            "reconsideration_case_no",
                            "reconsideration_body",
                            "applicants",
                            "unit",
                            "challenged_act",
                            "received",
                            "due",
                            "replied_on",
                            "assignee",
                            "decision",
                            "decision_on",
                            "incidental_review",
                            "reviewed_document",
                            "maker_notified_on",
                            "maker_replied_on",
                        ],
                        "答复意见",
                    )
                } else {
                    (
                        &[
                            "title",
                            "suspects",
                            "unit",
                            "suspected_crime",
                            "received",
                            "reported_on",
                            "approved_on",
                            "due",
                            "refusal_reason",
                            "transferred_on",
                            "police",
                            "police_decision",
                            "police_decided_on",
                            "review_sought_on",
                            "supervision_sought_on",
                            "police_filed_on",
                            "evidence_handed_on",
                            "result",
                        ],
                        "法制机构意见",
                    )
                };
            // The deadline under the name of the rule that gave it.
            let due_label = f.and_then(|f| f.due_rule).map_or("办理期限", |r| r.label());
            let mut rows = field_rows_due(kind, fields, value, due_label);
            rows.push(wide(24.0, opinion_label, val(opinion)));
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
            ]));
            rows
        }
        FormName::EnforcementReview => {
            let e = c.and_then(|c| match &c.details {
                CaseDetails::Enforcement(e) => Some(e),
                _ => None,
            });
            let trigger: Vec<_> = e.and_then(|e| e.art58_trigger).into_iter().collect();
            let mut rows = vec![
                pair(
                    11.0,
                    "执法机关",
                    val(e.and_then(|e| e.agency.clone()).unwrap_or(unit)),
                    "当事人",
                    val(e.and_then(|e| e.party.clone()).unwrap_or_default()),
                ),
                wide(12.0, "案件名称", val(title)),
                wide(
                    24.0,
                    "拟作出的决定",
                    val(e
                        .and_then(|e| e.proposed_decision.clone())
                        .unwrap_or_default()),
                ),
                wide(
                    14.0,
                    "法制审核情形",
                    boxes(Art58Trigger::ALL, &trigger, |t| t.label()),
                ),
                wide(
                    10.0,
                    "裁量基准",
                    val(e
                        .and_then(|e| e.discretion_standard.clone())
                        .unwrap_or_default()),
                ),
                pair(9.0, "审核期限", val(due), "承办人", val(assignee)),
                advisor_row(),
                wide(34.0, "审核意见", val(opinion)),
                wide(9.0, "审核结论", outcome_boxes(CaseKind::Enforcement)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "法制机构负责人意见",
                "机关负责人意见",
            ]));
            rows.push(letter_row("审核意见书文号"));
            rows
        }
        FormName::PenaltyFiling => {
            let p = c.and_then(|c| match &c.details {
                CaseDetails::PenaltyFiling(p) => Some(p),
                _ => None,
            });
            let mut rows = vec![
                pair(
                    11.0,
                    "报备机关",
                    val(p.and_then(|p| p.agency.clone()).unwrap_or(unit)),
                    "当事人",
                    val(p.and_then(|p| p.party.clone()).unwrap_or_default()),
                ),
                wide(12.0, "案件名称", val(title)),
                pair(
                    10.0,
                    "决定书文号",
                    val(p.and_then(|p| p.decision_no.clone()).unwrap_or_default()),
                    "决定日期",
                    val(d(p.and_then(|p| p.decision_on))),
                ),
                pair(
                    10.0,
                    "处罚种类",
                    val(p.and_then(|p| p.penalty_type.clone()).unwrap_or_default()),
                    "罚没金额",
                    val(p
                        .and_then(|p| p.amount_fen)
                        .map(fmt_amount_words)
                        .unwrap_or_default()),
                ),
                pair(
                    10.0,
                    "收到备案日期",
                    val(d(p.and_then(|p| p.filing_received_on))),
                    // The penalty rule's deadline is the agency's: to file within so many days of deciding.
                    "报备期限",
                    val(due),
                ),
                wide(9.0, "承办人", val(assignee)),
                wide(34.0, "审查意见", val(opinion)),
                wide(9.0, "审查结论", outcome_boxes(CaseKind::PenaltyFiling)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
                "主要负责人意见",
            ]));
            rows.push(letter_row("审查意见书文号"));
            rows
        }
        FormName::FilingReport => unreachable!("laid out as a letter"),
    };
    rows.push(wide(9.0, "备注", note_cell));
    rows
}
