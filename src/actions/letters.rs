//! Drafting, signing (which assigns the official number) and issuing opinion letters.

use chrono::Datelike;

use super::print::{self, LetterFormat};
use super::{find_person, find_unit, require};
use crate::error::{Error, Result};
use crate::ids::{LetterId, PersonId};
use crate::model::validate::{self, fmt_date};
use crate::model::{
    CaseKind, Finding, LetterKind, LetterNo, LetterSection, LetterStatus, OpinionLetter,
    ReviewCase, Unit,
};
use crate::store::Store;

/// The kind of letter the office writes for a kind of case.
pub fn default_letter_kind(kind: CaseKind) -> LetterKind {
    match kind {
        CaseKind::Contract => LetterKind::ContractReview,
        CaseKind::Enforcement => LetterKind::EnforcementReview,
        CaseKind::Advice => LetterKind::LegalOpinion,
        CaseKind::NormativeDoc | CaseKind::MajorDecision | CaseKind::PenaltyFiling => {
            LetterKind::ReviewOpinion
        }
    }
}

/// The laws a review of `kind` usually rests on, as a new letter's 审查依据.
fn default_basis(kind: CaseKind) -> Option<&'static str> {
    match kind {
        CaseKind::NormativeDoc => Some(
            "《中华人民共和国立法法》《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）等。",
        ),
        CaseKind::MajorDecision => Some("《重大行政决策程序暂行条例》（国务院令第713号）等。"),
        CaseKind::Contract => Some("《中华人民共和国民法典》及合同所涉领域的法律、法规和国家有关规定。"),
        CaseKind::Enforcement => Some("《中华人民共和国行政处罚法》第五十八条及相关法律、法规、规章。"),
        CaseKind::PenaltyFiling => Some("《中华人民共和国行政处罚法》及重大行政处罚决定备案的有关规定。"),
        CaseKind::Advice => None,
    }
}

/// Changes to a draft; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LetterEdit {
    pub title: Option<String>,
    pub addressee: Option<String>,
    pub opening: Option<String>,
    pub conclusion: Option<String>,
    pub signatory: Option<String>,
    pub author: Option<String>,
    pub cc: Option<Vec<String>>,
    /// 起草日期 (defaults to today for a new letter).
    pub drafted_on: Option<String>,
    /// Replaces all sections / findings (the editor sends the whole ordered list).
    pub sections: Option<Vec<LetterSection>>,
    pub findings: Option<Vec<Finding>>,
    /// Print the findings as a clause-by-clause table.
    pub findings_table: Option<bool>,
    pub add_sections: Vec<LetterSection>,
    pub add_findings: Vec<Finding>,
    /// 1-based positions of findings to remove.
    pub remove_findings: Vec<usize>,
}

/// Starts a draft letter for a case, with an opening paragraph made from the case's data.
pub fn new_letter(
    store: &mut Store,
    case: &ReviewCase,
    kind: Option<LetterKind>,
    issuer: Option<&str>,
    edit: &LetterEdit,
) -> Result<OpinionLetter> {
    let kind = kind.unwrap_or_else(|| default_letter_kind(case.kind()));
    let issuer: Unit = match issuer {
        Some(i) => find_unit(store, i)?,
        None => store.self_unit()?.ok_or_else(|| {
            Error::Refused("尚未登记本机关（含文号代字），请先运行 fashen unit add --self …".into())
        })?,
    };
    let unit: Unit = store
        .get(case.unit_id.0)?
        .ok_or_else(|| Error::not_found("单位", case.unit_id))?;
    let today = store.clock().today();
    let subject = match case.kind() {
        CaseKind::Contract => "合同文本",
        CaseKind::Enforcement => "拟作出的重大行政执法决定",
        _ => "送审稿",
    };
    let title = match kind {
        LetterKind::LegalOpinion => format!("关于《{}》的法律意见书", case.title),
        LetterKind::ContractReview => format!("关于《{}》的合法性审查意见", case.title),
        LetterKind::EnforcementReview => format!("关于{}的法制审核意见", case.title),
        LetterKind::ReviewOpinion => format!("关于《{}》的合法性审核意见", case.title),
    };
    let opening = format!(
        "{}：\n你单位于{}报送的《{}》{}及相关材料收悉。经审查，现提出如下意见：",
        unit.name,
        fmt_date(case.received),
        case.title,
        subject
    );
    let mut letter = OpinionLetter {
        id: LetterId::new(store.clock()),
        case_id: case.id,
        kind,
        issuer_unit_id: issuer.id,
        number: None,
        title: validate::required_text("标题", &title, 100)
            .unwrap_or_else(|_| title.chars().take(100).collect()),
        addressee: unit.name.clone(),
        opening: Some(
            opening
                .split_once('\n')
                .map(|(_, body)| body.to_string())
                .unwrap_or(opening),
        ),
        // The usual 审查依据 of the kind, for the drafter to adjust (unless the edit brings its own sections).
        sections: match (
            default_basis(case.kind()),
            &edit.sections,
            edit.add_sections.is_empty(),
        ) {
            (Some(basis), None, true) if kind != LetterKind::LegalOpinion => vec![LetterSection {
                heading: "审查依据".into(),
                body: basis.into(),
            }],
            _ => Vec::new(),
        },
        findings: Vec::new(),
        findings_table: false,
        conclusion: case.conclusion.clone(),
        author_id: None,
        signatory: None,
        cc: Vec::new(),
        status: LetterStatus::Draft,
        drafted_on: today,
        signed_on: None,
        issued_on: None,
    };
    apply_edit(store, &mut letter, edit)?;
    letter.validate()?;
    let msg = format!("起草{}：{}", kind.label(), letter.title);
    store.write("letter.new", |tx| {
        require::<ReviewCase>(tx, case.id.0)?;
        tx.put(&letter, &msg)?;
        Ok(())
    })?;
    Ok(letter)
}

fn apply_edit(store: &Store, l: &mut OpinionLetter, e: &LetterEdit) -> Result<()> {
    if let Some(t) = &e.title {
        l.title = validate::required_text("标题", t, 100)?;
    }
    if let Some(a) = &e.addressee {
        l.addressee = validate::required_text("主送机关", a, 100)?;
    }
    if let Some(o) = &e.opening {
        l.opening = Some(validate::long_text("开头段", o, 2000)?).filter(|s| !s.is_empty());
    }
    if let Some(c) = &e.conclusion {
        l.conclusion = Some(validate::long_text("结论", c, 5000)?).filter(|s| !s.is_empty());
    }
    if let Some(s) = &e.signatory {
        l.signatory = validate::optional_text("签发人", s, 30)?;
    }
    if let Some(a) = &e.author {
        l.author_id = if a.trim().is_empty() {
            None
        } else {
            Some(PersonId(find_person(store, a)?.id.0))
        };
    }
    if let Some(cc) = &e.cc {
        l.cc = cc
            .iter()
            .map(|c| validate::required_text("抄送", c, 60))
            .collect::<Result<_>>()?;
    }
    if let Some(d) = &e.drafted_on {
        l.drafted_on = validate::date("起草日期", d)?;
    }
    if let Some(s) = &e.sections {
        l.sections = s.clone();
    }
    if let Some(f) = &e.findings {
        l.findings = f.clone();
    }
    if let Some(t) = e.findings_table {
        l.findings_table = t;
    }
    l.sections.extend(e.add_sections.iter().cloned());
    l.findings.extend(e.add_findings.iter().cloned());
    let mut remove = e.remove_findings.clone();
    remove.sort_unstable();
    remove.dedup();
    for n in remove.into_iter().rev() {
        if n == 0 || n > l.findings.len() {
            return Err(Error::invalid(
                "审查意见",
                format!("没有第 {n} 条（共 {} 条）", l.findings.len()),
            ));
        }
        l.findings.remove(n - 1);
    }
    Ok(())
}

/// `letter` with `edit` applied and checked, without saving anything (the editor's live preview).
pub fn edited(store: &Store, letter: &OpinionLetter, edit: &LetterEdit) -> Result<OpinionLetter> {
    let mut l = letter.clone();
    apply_edit(store, &mut l, edit)?;
    l.validate()?;
    Ok(l)
}

/// Edits a draft. Signed and issued letters are refused.
pub fn edit_letter(store: &mut Store, id: LetterId, edit: &LetterEdit) -> Result<OpinionLetter> {
    let before: OpinionLetter = store
        .get(id.0)?
        .ok_or_else(|| Error::not_found("意见书", id))?;
    before.ensure_draft()?;
    let mut letter = before.clone();
    apply_edit(store, &mut letter, edit)?;
    letter.validate()?;
    if letter == before {
        return Err(Error::Refused("内容没有变化，未保存".into()));
    }
    store.write("letter.edit", |tx| {
        let current: OpinionLetter = require(tx, id.0)?;
        current.ensure_draft()?;
        tx.put(&letter, &format!("修改意见书草稿：{}", letter.title))?;
        Ok(())
    })?;
    Ok(letter)
}

/// Deletes a draft letter (a tombstone in the log: its history stays). Signed and issued letters are records
/// of what the office said and are refused.
pub fn delete_draft(store: &mut Store, id: LetterId) -> Result<()> {
    store
        .write("letter.delete", |tx| {
            let letter: OpinionLetter = require(tx, id.0)?;
            letter.ensure_draft()?;
            tx.delete::<OpinionLetter>(id.0, &format!("删除意见书草稿：{}", letter.title))?;
            Ok(())
        })
        .map(|w| w.value)
}

/// Signs a draft and gives it the next number of its issuer's code for the signing year (or `serial`, if free).
pub fn sign_letter(
    store: &mut Store,
    id: LetterId,
    on: Option<&str>,
    serial: Option<u32>,
    signatory: Option<&str>,
) -> Result<OpinionLetter> {
    let on = super::event_date(store.clock().today(), "签发日期", on)?;
    if let Some(n) = serial {
        validate::serial("文号序号", n)?;
    }
    printable_when_signed(store, id, on, serial, signatory)?;
    store
        .write("letter.sign", |tx| {
            let mut letter: OpinionLetter = require(tx, id.0)?;
            letter.ensure_draft()?;
            tx.ensure_settled("签发", &[letter.id.0, letter.case_id.0])?;
            if let Some(s) = signatory {
                letter.signatory = validate::optional_text("签发人", s, 30)?;
            }
            if letter.conclusion.is_none() && letter.findings.is_empty() {
                return Err(Error::Refused("意见书尚无审查意见和结论，不能签发".into()));
            }
            let issuer: Unit = require(tx, letter.issuer_unit_id.0)?;
            let code = issuer.code.clone().ok_or_else(|| {
                Error::Refused(format!("发文单位「{}」没有文号代字，请先补充", issuer.name))
            })?;
            let year = on.year();
            let serial = match serial {
                Some(s) => s,
                None => tx.next_letter_serial(&code, year)?,
            };
            let number = LetterNo { code, year, serial };
            if let Some(other) = tx.letter_with_number(&number)? {
                return Err(Error::Duplicate(format!(
                    "文号 {number} 已被另一份意见书使用（{}）",
                    &other[..8.min(other.len())]
                )));
            }
            letter.number = Some(number.clone());
            letter.status = LetterStatus::Signed;
            letter.signed_on = Some(on);
            letter.validate()?;
            tx.put(&letter, &format!("签发意见书 {number}"))?;
            Ok(letter)
        })
        .map(|w| w.value)
}

/// A letter is laid out as it will be once signed before its number is taken: a signed letter that cannot
/// be printed (a character no font has) would be stuck — its number used up, its text no longer editable.
fn printable_when_signed(
    store: &Store,
    id: LetterId,
    on: chrono::NaiveDate,
    serial: Option<u32>,
    signatory: Option<&str>,
) -> Result<()> {
    let mut letter: OpinionLetter = store
        .get(id.0)?
        .ok_or_else(|| Error::not_found("意见书", id))?;
    if letter.number.is_some() {
        return Ok(());
    }
    let issuer: Unit = store
        .get(letter.issuer_unit_id.0)?
        .ok_or_else(|| Error::not_found("发文单位", letter.issuer_unit_id))?;
    let code = issuer.code.unwrap_or_default();
    letter.number = Some(LetterNo {
        serial: serial.unwrap_or(1),
        year: on.year(),
        code,
    });
    letter.signed_on = Some(on);
    if let Some(s) = signatory {
        letter.signatory = Some(s.to_string());
    }
    if letter.conclusion.is_none() && letter.findings.is_empty() {
        // Refused by the signing itself, with its own message.
        return Ok(());
    }
    let book = print::font_book(store)?;
    print::letter_sheet(store, &book, &letter, LetterFormat::default())
        .map(|_| ())
        .map_err(|e| Error::Refused(format!("意见书无法打印，未签发，文号未占用：{e}")))
}

/// Marks a signed letter as issued (送达).
pub fn issue_letter(store: &mut Store, id: LetterId, on: Option<&str>) -> Result<OpinionLetter> {
    let on = super::event_date(store.clock().today(), "送达日期", on)?;
    store
        .write("letter.issue", |tx| {
            let mut letter: OpinionLetter = require(tx, id.0)?;
            if letter.status != LetterStatus::Signed {
                return Err(Error::Refused(format!(
                    "意见书{}，只有已签发的意见书才能登记送达",
                    match letter.status {
                        LetterStatus::Draft => "尚未签发",
                        _ => "已送达",
                    }
                )));
            }
            tx.ensure_settled("登记送达", &[letter.id.0, letter.case_id.0])?;
            letter.status = LetterStatus::Issued;
            letter.issued_on = Some(on);
            letter.validate()?;
            let no = letter
                .number
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default();
            tx.put(&letter, &format!("意见书 {no} 已送达"))?;
            Ok(letter)
        })
        .map(|w| w.value)
}

/// The letters of one case (by id, id prefix or registration number), or every letter.
pub fn list_letters(store: &Store, case: Option<&str>) -> Result<Vec<OpinionLetter>> {
    match case {
        Some(c) => store.letters_of_case(super::find_case(store, c)?.id),
        None => store.all(),
    }
}

/// The case a letter belongs to (`None` only in a damaged database).
pub fn case_of_letter(
    store: &Store,
    letter: &OpinionLetter,
) -> Result<Option<crate::model::ReviewCase>> {
    store.get(letter.case_id.0)
}

/// The pages of a letter as the editor shows them while it is being written: `edit` (the editor's unsaved
/// content) applied in memory, laid out exactly as the PDF will be, drawn as SVG. Nothing is saved.
pub fn letter_preview(
    store: &Store,
    key: &str,
    edit: &LetterEdit,
    format: LetterFormat,
) -> Result<Vec<String>> {
    let letter = super::find_letter(store, key)?;
    let letter = if letter.status == LetterStatus::Draft {
        edited(store, &letter, edit)?
    } else {
        letter
    };
    let book = print::font_book(store)?;
    let sheet = print::layout_letter(store, &book, &letter, format)?;
    Ok(crate::print::svg::pages(&book, &sheet))
}

/// Exports a letter (found by id, id prefix or 文号) as PDF to `path`. For a draft, `edit` is the editor's
/// unsaved content: it is applied and the PDF made before anything is saved, so a refused export (nothing to
/// say, a character no font has, an over-long title) saves nothing and writes nothing. Then the edit is saved
/// and the file written (through a temporary file beside it).
pub fn export_letter(
    store: &mut Store,
    key: &str,
    edit: Option<&LetterEdit>,
    format: LetterFormat,
    path: &std::path::Path,
) -> Result<OpinionLetter> {
    let stored = super::find_letter(store, key)?;
    let letter = match edit {
        Some(e) if stored.status == LetterStatus::Draft => edited(store, &stored, e)?,
        _ => stored.clone(),
    };
    let book = print::font_book(store)?;
    let sheet = print::letter_sheet(store, &book, &letter, format)?;
    let bytes = crate::print::pdf::write(&book, &sheet)?;
    if let (Some(e), true) = (edit, letter != stored) {
        edit_letter(store, stored.id, e)?;
    }
    crate::files::write_file(path, &bytes)?;
    Ok(letter)
}
