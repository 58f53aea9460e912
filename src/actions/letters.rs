//! Drafting, signing (which assigns the official number) and issuing opinion letters.

use chrono::Datelike;

use super::print::{self, LetterFormat};
use super::{find_person, find_unit, require, require_record};
use crate::error::{Error, Result};
use crate::ids::{LetterId, PersonId};
use crate::model::validate;
use crate::model::{
    wording, CaseDetails, Finding, LetterKind, LetterNo, LetterSection, LetterStatus,
    OpinionLetter, Person, ReviewCase, Unit,
};
use crate::store::Store;

pub use crate::model::wording::default_letter_kind;

/// Changes to a draft; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LetterEdit {
    pub title: Option<String>,
    pub addressee: Option<String>,
    pub opening: Option<String>,
    pub conclusion: Option<String>,
    pub signatory: Option<String>,
    /// 承办律师 of a 法律意见书, in signing order.
    pub lawyers: Option<Vec<String>>,
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
    let kind = kind.unwrap_or_else(|| default_letter_kind(case.kind(), case.outcome));
    if kind == LetterKind::ProposalReply && case.kind() != crate::model::CaseKind::Proposal {
        return Err(Error::Refused(format!(
            "答复函只用于建议提案（{}是{}）",
            case.reg_no,
            case.kind().short_label()
        )));
    }
    let issuer: Unit = match issuer {
        Some(i) => find_unit(store, i)?,
        // A reply is its 主办单位's letter.
        None if kind == LetterKind::ProposalReply => require_record(store, case.unit_id.0)?,
        None => store.self_unit()?.ok_or_else(|| {
            Error::Refused("尚未登记本机关（含文号代字），请先运行 fashen unit add --self …".into())
        })?,
    };
    let unit: Unit = store
        .get(case.unit_id.0)?
        .ok_or_else(|| Error::not_found("单位", case.unit_id))?;
    let today = store.clock().today();
    let title = wording::title(kind, case);
    // A 法律意见书 is the advisors' own: signed by the lawyers the case names.
    let lawyers = if kind == LetterKind::LegalOpinion {
        case.advisor_ids
            .iter()
            .map(|p| Ok(store.get::<Person>(p.0)?.map(|p| p.name)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect()
    } else {
        Vec::new()
    };
    let mut letter = OpinionLetter {
        id: LetterId::new(store.clock()),
        case_id: case.id,
        kind,
        issuer_unit_id: issuer.id,
        number: None,
        title: validate::required_text("标题", &title, 100)
            .unwrap_or_else(|_| title.chars().take(100).collect()),
        addressee: wording::addressee(kind, case).unwrap_or_else(|| unit.name.clone()),
        opening: Some(wording::opening(kind, case)),
        // The usual legal basis of the kind, for the drafter to adjust (unless the edit brings its own sections).
        sections: match (
            wording::basis(kind, case.kind()),
            &edit.sections,
            edit.add_sections.is_empty(),
        ) {
            (Some((heading, body)), None, true) => vec![LetterSection {
                heading,
                body: body.into(),
            }],
            _ => Vec::new(),
        },
        findings: Vec::new(),
        findings_table: false,
        conclusion: case
            .conclusion
            .clone()
            .or_else(|| wording::closing(kind).map(String::from)),
        author_id: None,
        signatory: None,
        lawyers,
        // A reply is copied to the body that assigned it.
        cc: match &case.details {
            CaseDetails::Proposal(d) if kind == LetterKind::ProposalReply => d
                .assigned_by
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            _ => Vec::new(),
        },
        status: LetterStatus::Draft,
        drafted_on: today,
        signed_on: None,
        issued_on: None,
        corner: None,
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
    if let Some(names) = &e.lawyers {
        l.lawyers = names
            .iter()
            .flat_map(|n| n.split(['、', '，', ',']))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| validate::required_text("承办律师", n, 30))
            .collect::<Result<_>>()?;
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
            let case: ReviewCase = require(tx, letter.case_id.0)?;
            if letter.says_nothing(case.outcome) {
                return Err(Error::Refused("意见书尚无审查意见和结论，不能签发".into()));
            }
            let issuer: Unit = require(tx, letter.issuer_unit_id.0)?;
            if let Some(s) = signatory {
                letter.signatory = validate::optional_text("签发人", s, 30)?;
            }
            letter.signatory = signatory_of(&letter, &issuer, &tx.signers_of(issuer.id)?)?;
            // A reply keeps the 办理类别 it went out with, whatever the case says later.
            if let (LetterKind::ProposalReply, CaseDetails::Proposal(d)) =
                (letter.kind, &case.details)
            {
                letter.corner = d.handling_class.clone();
            }
            letter.status = LetterStatus::Signed;
            letter.signed_on = Some(on);
            if !numbered(&letter, &issuer) {
                letter.validate()?;
                tx.put(
                    &letter,
                    &format!("{}已出具：{}", letter.kind.label(), letter.title),
                )?;
                return Ok(letter);
            }
            let code = issuer.code.clone().ok_or_else(|| {
                Error::Refused(format!("发文单位「{}」没有文号代字，请先补充", issuer.name))
            })?;
            let year = on.year();
            let serial = match serial {
                Some(s) => s,
                None => {
                    let next = tx.next_letter_serial(&code, year)?;
                    signed_in_order(tx, &code, year, next, on)?;
                    next
                }
            };
            let number = LetterNo { code, year, serial };
            if let Some(other) = tx.letter_numbered(&number)? {
                return Err(Error::Duplicate(format!(
                    "文号 {number} 已被另一份意见书使用（{}）",
                    other.id.short()
                )));
            }
            letter.number = Some(number.clone());
            letter.validate()?;
            tx.put(&letter, &format!("签发意见书 {number}"))?;
            Ok(letter)
        })
        .map(|w| w.value)
}

/// Who signs `letter` for `issuer`, whose 签发人 are `signers`: the name it carries, if that is one of them, or
/// the only one there is. A 法律意见书 is signed by its lawyers instead, and keeps what it has.
fn signatory_of(
    letter: &OpinionLetter,
    issuer: &Unit,
    signers: &[Person],
) -> Result<Option<String>> {
    // A 法律意见书 is signed by its lawyers; a reply by its 主办单位's own leader, whom the office need not
    // have registered.
    if matches!(
        letter.kind,
        LetterKind::LegalOpinion | LetterKind::ProposalReply
    ) {
        return Ok(letter.signatory.clone());
    }
    let names = || {
        signers
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    match (letter.signatory.as_deref(), signers) {
        (_, []) => Err(Error::Refused(format!(
            "{}尚未指定签发人：请在「人员与单位」中把签发文件的领导设为签发人（命令行：fashen person signer 姓名）",
            issuer.name
        ))),
        (Some(name), _) if signers.iter().any(|p| p.name == name) => Ok(Some(name.to_string())),
        (Some(name), _) => Err(Error::Refused(format!(
            "「{name}」不是{}的签发人，不能签发（签发人：{}）",
            issuer.name,
            names()
        ))),
        (None, [only]) => Ok(Some(only.name.clone())),
        (None, _) => Err(Error::Refused(format!(
            "请选择签发人：{}",
            names()
        ))),
    }
}

/// Numbers follow signing: the next number is refused to a letter signed before the one numbered last, which
/// would make 16号 older than 15号. A letter signed on paper earlier keeps the number it was given (`--serial`).
fn signed_in_order(
    tx: &crate::store::Tx<'_>,
    code: &str,
    year: i32,
    next: u32,
    on: chrono::NaiveDate,
) -> Result<()> {
    let Some(last) = next.checked_sub(1).filter(|&n| n > 0) else {
        return Ok(());
    };
    let last = LetterNo {
        code: code.to_string(),
        year,
        serial: last,
    };
    let Some(earlier) = tx.letter_numbered(&last)? else {
        return Ok(());
    };
    match earlier.signed_on {
        Some(then) if on < then => Err(Error::Refused(format!(
            "{last}于{}签发，本件签发日期{}在它之前：文号按签发先后编排。请核对签发日期；补登已按纸质文号签发的意见书时，用 --serial 指定其文号序号",
            validate::fmt_date(then),
            validate::fmt_date(on)
        ))),
        _ => Ok(()),
    }
}

/// Whether signing gives the letter a number of its issuer: every letter of the office does; a 法律意见书 is
/// the advisors' firm's, numbered only when that firm is registered as its issuer with its own code — never
/// with the office's 文号.
fn numbered(letter: &OpinionLetter, issuer: &Unit) -> bool {
    match letter.kind {
        LetterKind::LegalOpinion => !issuer.is_self && issuer.code.is_some(),
        // A 主办单位 without a code registered here numbers its replies itself.
        LetterKind::ProposalReply => issuer.code.is_some(),
        _ => true,
    }
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
    if numbered(&letter, &issuer) {
        letter.number = Some(LetterNo {
            serial: serial.unwrap_or(1),
            year: on.year(),
            code: issuer.code.clone().unwrap_or_default(),
        });
    }
    letter.status = LetterStatus::Signed;
    letter.signed_on = Some(on);
    if let Some(s) = signatory {
        letter.signatory = validate::optional_text("签发人", s, 30)?;
    }
    let case: ReviewCase = super::require_record(store, letter.case_id.0)?;
    if letter.says_nothing(case.outcome) {
        // Refused by the signing itself, with its own message.
        return Ok(());
    }
    letter.signatory = signatory_of(&letter, &issuer, &store.signers_of(issuer.id)?)?;
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
            let what = match &letter.number {
                Some(n) => format!("意见书 {n}"),
                None => format!("{}「{}」", letter.kind.label(), letter.title),
            };
            tx.put(&letter, &format!("{what} 已送达"))?;
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
) -> Result<LetterPreview> {
    let letter = super::find_letter(store, key)?;
    let letter = if letter.status == LetterStatus::Draft {
        edited(store, &letter, edit)?
    } else {
        letter
    };
    let book = print::font_book(store)?;
    let sheet = print::layout_letter(store, &book, &letter, format)?;
    Ok(LetterPreview {
        pages: crate::print::svg::pages(&book, &sheet),
        warnings: letter_warnings(store, &letter)?,
    })
}

/// A letter's pages as the editor shows them, and what a reader would trip over in its words.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LetterPreview {
    pub pages: Vec<String>,
    pub warnings: Vec<String>,
}

/// What a reader would trip over in a letter (a conclusion that contradicts its findings, a kind of letter
/// that does not say what the outcome says), for the editor and `letter show` to say before it is signed.
pub fn letter_warnings(store: &Store, letter: &OpinionLetter) -> Result<Vec<String>> {
    let case: ReviewCase = super::require_record(store, letter.case_id.0)?;
    Ok(wording::warnings(letter, case.kind(), case.outcome))
}

/// Exports a letter (found by id, id prefix or 文号) as PDF (or DOCX) to `path`. For a draft, `edit` is the editor's
/// unsaved content: it is applied and the PDF made before anything is saved, so a refused export (nothing to
/// say, a character no font has, an over-long title) saves nothing and writes nothing. Then the edit is saved
/// and the file written (through a temporary file beside it).
pub fn export_letter(
    store: &mut Store,
    key: &str,
    edit: Option<&LetterEdit>,
    format: LetterFormat,
    file: print::FileType,
    path: &std::path::Path,
) -> Result<OpinionLetter> {
    let stored = super::find_letter(store, key)?;
    let letter = match edit {
        Some(e) if stored.status == LetterStatus::Draft => edited(store, &stored, e)?,
        _ => stored.clone(),
    };
    let bytes = match file {
        print::FileType::Docx => print::letter_docx(store, &letter, format)?,
        print::FileType::Pdf | print::FileType::Ofd => {
            let book = print::font_book(store)?;
            let sheet = print::letter_sheet(store, &book, &letter, format)?;
            print::sheet_bytes(&book, &sheet, file == print::FileType::Ofd)?
        }
    };
    if let (Some(e), true) = (edit, letter != stored) {
        edit_letter(store, stored.id, e)?;
    }
    crate::files::write_file(path, &bytes)?;
    Ok(letter)
}
