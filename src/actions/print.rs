//! Printing from the store: which fonts this laptop uses, and letters laid out and written as PDF.

use std::path::Path;
use std::sync::Arc;

use super::require_record;
use crate::error::{Error, Result};
use crate::model::validate::{fmt_amount_words, fmt_date};
use crate::model::{
    CaseDetails, CaseKind, IssuerForm, LetterKind, LetterStatus, OpinionLetter, Person, ReviewCase,
    Unit,
};
use crate::print::document;
use crate::print::fonts::{default_font_dir, Face, FontBook, FontConfig};
pub use crate::print::forms::FormName;
use crate::print::forms::{
    form_sheet, register_sheet, FormFacts, LetterRef, RegisterRow, RegisterTable,
};
use crate::print::layout::{Gbt9704, Sheet};
pub use crate::print::letter::LetterFormat;
use crate::print::letter::{official, LetterContext};
use crate::print::pdf;
use crate::store::Store;

/// The fonts of this laptop: the shipped ones, with any role the office pointed to its own file (settings
/// `font.fang`, `font.hei`, `font.kai`, `font.title`, `font.song`, `font.rare`).
pub fn font_config(store: &Store) -> Result<FontConfig> {
    let mut config = FontConfig::builtin(&default_font_dir());
    for face in Face::ALL {
        if let Some(spec) = store.setting(face.setting_key())? {
            if !spec.trim().is_empty() {
                config.set_custom(face, &spec)?;
            }
        }
    }
    Ok(config)
}

pub fn font_book(store: &Store) -> Result<Arc<FontBook>> {
    FontBook::shared(&font_config(store)?)
}

/// A letter laid out for export: the sheet the PDF prints. A letter with nothing to say is refused.
pub fn letter_sheet(
    store: &Store,
    book: &FontBook,
    letter: &OpinionLetter,
    format: LetterFormat,
) -> Result<Sheet> {
    refuse_empty(store, letter)?;
    layout_letter(store, book, letter, format)
}

/// A letter with nothing to say is not exported, whatever the file.
fn refuse_empty(store: &Store, letter: &OpinionLetter) -> Result<()> {
    // (The case is read only when the letter itself has neither findings nor a conclusion.)
    if letter.findings.is_empty() && letter.conclusion.is_none() {
        let case: ReviewCase = require_record(store, letter.case_id.0)?;
        if letter.says_nothing(case.outcome) {
            return Err(Error::Refused(
                "意见书尚无审查意见，也没有结论，无法导出；请先填写审查意见或结论".into(),
            ));
        }
    }
    Ok(())
}

pub(super) fn layout_letter(
    store: &Store,
    book: &FontBook,
    letter: &OpinionLetter,
    format: LetterFormat,
) -> Result<Sheet> {
    let ctx = letter_context(store, letter)?;
    let doc = official(letter, &ctx, format);
    document::layout(book, &Gbt9704::default(), &doc)
}

/// A letter as a Word document (DOCX), from the same structured document as its PDF. A letter with nothing
/// to say is refused, as for the PDF.
pub fn letter_docx(store: &Store, letter: &OpinionLetter, format: LetterFormat) -> Result<Vec<u8>> {
    refuse_empty(store, letter)?;
    let ctx = letter_context(store, letter)?;
    let doc = official(letter, &ctx, format);
    crate::print::docx::write(&doc, &Gbt9704::default())
}

fn letter_context(store: &Store, letter: &OpinionLetter) -> Result<LetterContext> {
    let case: ReviewCase = require_record(store, letter.case_id.0)?;
    let issuer: Unit = require_record(store, letter.issuer_unit_id.0)?;
    let author = match letter.author_id {
        Some(p) => store.get::<Person>(p.0)?,
        None => None,
    };
    // A 法律意见书 the office did not give to a registered firm is issued by its advisors' firm: the drafting
    // advisor's, else the first the case names.
    let issuer = if letter.kind == LetterKind::LegalOpinion && issuer.is_self {
        let advisors = author.iter().cloned().chain(
            case.advisor_ids
                .iter()
                .filter_map(|p| store.get::<Person>(p.0).transpose())
                .collect::<Result<Vec<_>>>()?,
        );
        advisors
            .filter_map(|p| p.advisor.map(|a| a.law_firm))
            .next()
            .unwrap_or(issuer.name)
    } else {
        issuer.name
    };
    Ok(LetterContext {
        issuer,
        case_kind: case.kind(),
        outcome: case.outcome,
        reg_no: case.reg_no.to_string(),
        author: author.map(|p| p.name),
        corner: match (&case.details, letter.kind) {
            _ if letter.status != crate::model::LetterStatus::Draft => letter.corner.clone(),
            (CaseDetails::Proposal(d), LetterKind::ProposalReply) => d.handling_class.clone(),
            _ => None,
        },
    })
}

/// A file name for a letter: its title (cut to 40 characters) and its number, or 草稿, with `.pdf`.
pub fn letter_file_name(letter: &OpinionLetter) -> String {
    letter_file_name_as(letter, "pdf")
}

/// [`letter_file_name`] with another extension (`docx`).
pub fn letter_file_name_as(letter: &OpinionLetter, extension: &str) -> String {
    let title: String = letter.title.chars().take(40).collect();
    let base = match (&letter.number, letter.status) {
        (Some(n), _) => format!("{title}（{n}）"),
        (None, LetterStatus::Draft) => format!("{title}（草稿）"),
        (None, _) => title,
    };
    let safe: String = base
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    format!("{safe}.{extension}")
}

/// One row of the font settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FontRow {
    pub role: &'static str,
    pub label: &'static str,
    pub path: String,
    pub custom: bool,
}

pub fn font_rows(store: &Store) -> Result<Vec<FontRow>> {
    let config = font_config(store)?;
    Ok(Face::ALL
        .iter()
        .map(|f| {
            let src = &config.files[f];
            FontRow {
                role: f.code(),
                label: f.label(),
                path: if src.index > 0 {
                    format!("{}#{}", src.path.display(), src.index)
                } else {
                    src.path.display().to_string()
                },
                custom: src.custom,
            }
        })
        .collect())
}

/// Points a role to an office's own font file (checked first: a file that cannot be read or has no Chinese
/// glyphs is refused and nothing is saved), or back to the shipped font with `None`.
pub fn set_font(store: &mut Store, role: &str, spec: Option<&str>) -> Result<Vec<FontRow>> {
    let face = Face::parse(role)?;
    match spec {
        Some(spec) => {
            let (path, index) = crate::print::fonts::parse_font_spec(spec)?;
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            let source = crate::print::fonts::FontSource {
                path: path.clone(),
                index,
                custom: true,
            };
            crate::print::fonts::check_font(face, &source)?;
            let value = if index > 0 {
                format!("{}#{index}", path.display())
            } else {
                path.display().to_string()
            };
            store.set_setting(face.setting_key(), &value)?;
        }
        None => store.set_setting(face.setting_key(), "")?,
    }
    font_rows(store)
}

/// The body that made a normative document (制定机关): the government for a 政府文, its office for a 政府办文,
/// else the submitting unit.
fn enactor(store: &Store, case: &ReviewCase, unit: &Unit) -> Result<String> {
    let form = match &case.details {
        CaseDetails::NormativeDoc(n) => n.issuer_form,
        _ => None,
    };
    let units = || store.all::<Unit>();
    let found = match form {
        Some(IssuerForm::Government) => units()?
            .into_iter()
            .find(|u| u.kind == crate::model::UnitKind::Government),
        Some(IssuerForm::GovernmentOffice) => units()?
            .into_iter()
            .find(|u| u.name.ends_with("人民政府办公室")),
        _ => None,
    };
    Ok(found.map_or_else(|| unit.name.clone(), |u| u.name))
}

/// What a form prints about a case: the case with its names resolved.
pub fn form_facts(store: &Store, case: ReviewCase) -> Result<FormFacts> {
    let unit: Unit = require_record(store, case.unit_id.0)?;
    let name_of =
        |id: uuid::Uuid| -> Result<Option<String>> { Ok(store.get::<Person>(id)?.map(|p| p.name)) };
    let assignee = match case.assignee_id {
        Some(p) => name_of(p.0)?,
        None => None,
    };
    let mut advisors = Vec::new();
    for a in &case.advisor_ids {
        advisors.extend(name_of(a.0)?);
    }
    // The letter the form points to: the last one signed, else the latest draft.
    let letters = store.letters_of_case(case.id)?;
    let signed = letters
        .iter()
        .filter(|l| l.status != LetterStatus::Draft)
        .max_by_key(|l| l.signed_on);
    let draft = letters
        .iter()
        .filter(|l| l.status == LetterStatus::Draft)
        .max_by_key(|l| l.drafted_on);
    let letter_ref = match (signed, draft) {
        (Some(l), _) => Some(LetterRef::Signed(l.title.clone())),
        // The draft goes up with the form only once the case awaits signing.
        (None, Some(l)) if case.status == crate::model::Status::AwaitingSignoff => {
            Some(LetterRef::ForSigning(l.title.clone()))
        }
        (None, Some(l)) => Some(LetterRef::Draft(l.title.clone())),
        (None, None) => None,
    };
    let letter = signed.and_then(|l| l.number.as_ref().map(|n| (n.to_string(), l.signed_on)));
    let filings = store.filings_of_case(case.id)?;
    let office = store.self_unit()?.map(|u| u.name).unwrap_or_default();
    // The first deadline the rules give the case: the review's own (a document's filing deadlines come after
    // it); for a penalty filing, the agency's deadline to file, as its form and the register label it.
    let first = store
        .deadlines_of_case(case.id.0)?
        .into_iter()
        .map(|d| d.deadline)
        .find(|d| d.purpose == crate::model::rule::RulePurpose::Deadline && d.due.is_some());
    let due_rule = first.as_ref().and_then(|d| d.rule);
    let due = first.and_then(|d| d.due).or(case.due_date);
    let enactor = enactor(store, &case, &unit)?;
    let co_units = super::co_unit_names(store, &case)?;
    Ok(FormFacts {
        co_units,
        due,
        due_rule,
        letter_ref,
        enactor,
        today: store.clock().today(),
        case,
        unit: unit.name,
        assignee,
        advisors,
        letter,
        filings,
        office,
    })
}

/// A form for each of `cases` in one PDF (or a blank one when `cases` is empty). `progress` is told how
/// many cases are laid out so far, for the desktop's progress bar.
pub fn form_pdf(
    store: &Store,
    form: &str,
    cases: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>> {
    let (book, sheet) = forms_laid_out(store, form, cases, progress)?;
    pdf::write(&book, &sheet)
}

fn forms_laid_out(
    store: &Store,
    form: &str,
    cases: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Arc<FontBook>, Sheet)> {
    let form = FormName::parse(form)?;
    let facts = cases_facts(store, cases, progress)?;
    let book = font_book(store)?;
    let sheet = form_sheet(&book, form, &facts)?;
    Ok((book, sheet))
}

/// What the forms of `cases` print, `progress` told as each is read.
fn cases_facts(
    store: &Store,
    cases: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<FormFacts>> {
    let mut facts = Vec::with_capacity(cases.len());
    for (i, key) in cases.iter().enumerate() {
        facts.push(form_facts(store, super::find_case(store, key)?)?);
        progress(i + 1, cases.len());
    }
    Ok(facts)
}

/// What a document is written out as: the PDF to print and send, a Word document (DOCX) for a draft that
/// goes round the office in Word or WPS (or a form filled in there), or OFD (GB/T 33190) for an OA system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    #[default]
    Pdf,
    Docx,
    /// OFD: the PDF's pages.
    Ofd,
}

impl FileType {
    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Ofd => "ofd",
        }
    }

    /// The type a file name asks for by its extension (`.docx`, `.ofd`); PDF for anything else. (The CLI's
    /// `--out`; the desktop passes the type chosen in its dialog, as a save dialog may add no extension.)
    pub fn of_path(path: &Path) -> FileType {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "docx" => FileType::Docx,
            "ofd" => FileType::Ofd,
            _ => FileType::Pdf,
        }
    }
}

/// A laid-out sheet as OFD (GB/T 33190) or PDF: the same display list either way.
pub(crate) fn sheet_bytes(book: &FontBook, sheet: &Sheet, ofd: bool) -> Result<Vec<u8>> {
    if ofd {
        crate::print::ofd::write(book, sheet)
    } else {
        pdf::write(book, sheet)
    }
}

/// Which cases a register lists: those received from `from` to `to`, both included; of one kind, or every
/// review kind (the 审查案件登记台账). A register kind (行政应诉, 复议答复, 两法衔接) prints its own 台账 with its
/// own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterRange {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub kind: Option<CaseKind>,
}

impl RegisterRange {
    /// A whole year, the usual register.
    pub fn year(year: i32) -> Result<RegisterRange> {
        let day = |m, d| {
            chrono::NaiveDate::from_ymd_opt(year, m, d)
                .ok_or_else(|| Error::invalid("年度", year.to_string()))
        };
        let range = RegisterRange {
            from: day(1, 1)?,
            to: day(12, 31)?,
            kind: None,
        };
        crate::model::validate::in_range("年度", range.from)?;
        Ok(range)
    }

    /// The days typed (`2026-03-01`, `2026-06-30`), in order.
    pub fn days(from: &str, to: &str) -> Result<RegisterRange> {
        let from = crate::model::validate::date("起始日期", from)?;
        let to = crate::model::validate::date("截止日期", to)?;
        if to < from {
            return Err(Error::invalid("截止日期", "不能早于起始日期"));
        }
        Ok(RegisterRange {
            from,
            to,
            kind: None,
        })
    }

    /// What a person chose: a year, or the first and last day (both of them).
    pub fn chosen(
        year: Option<i32>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<RegisterRange> {
        match (year, from, to) {
            (_, Some(f), Some(t)) => RegisterRange::days(f, t),
            (Some(y), None, None) => RegisterRange::year(y),
            _ => Err(Error::invalid(
                "台账",
                "请指定年度，或同时指定收文日期的起止",
            )),
        }
    }

    /// The same days, of one kind (a kind typed as a code or the names people use: 行政应诉, 两法衔接).
    /// 案卷评查 keeps no 台账: its results are its table.
    pub fn of_kind(self, kind: Option<&str>) -> Result<RegisterRange> {
        let kind = kind
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(CaseKind::typed)
            .transpose()?;
        if kind == Some(CaseKind::FileInspection) {
            return Err(Error::Refused(
                "案卷评查没有登记台账：请在评查页面导出评查结果".into(),
            ));
        }
        Ok(RegisterRange { kind, ..self })
    }

    /// What the register is called: 审查案件登记台账, or 行政应诉案件登记台账 for one register kind.
    fn title(&self) -> String {
        match self.kind {
            // Under the register's name: 行政应诉案件登记台账, 涉嫌犯罪案件移送登记台账.
            Some(k) if !k.is_review() => {
                let label = k.label();
                let case = if label.contains("案件") {
                    ""
                } else {
                    "案件"
                };
                format!("{label}{case}登记台账")
            }
            Some(k) => format!("{}审查案件登记台账", k.short_label()),
            None => "审查案件登记台账".into(),
        }
    }

    fn whole_year(&self) -> bool {
        use chrono::Datelike;
        self.from.year() == self.to.year()
            && (self.from.month(), self.from.day()) == (1, 1)
            && (self.to.month(), self.to.day()) == (12, 31)
    }

    /// The name the register of this range is saved under, ending `.extension`.
    pub fn file_name(&self, extension: &str) -> String {
        use chrono::Datelike;
        let name = match self.kind {
            None => "案件登记台账".to_string(),
            Some(_) => self.title(),
        };
        if self.whole_year() {
            format!("{}年度{name}.{extension}", self.from.year())
        } else {
            format!("{name}（{}至{}）.{extension}", self.from, self.to)
        }
    }

    fn heading(&self, office: &str) -> String {
        use chrono::Datelike;
        let title = self.title();
        if self.whole_year() {
            format!("{office}{}年度{title}", self.from.year())
        } else {
            format!(
                "{office}{title}（{}至{}）",
                fmt_date(self.from),
                fmt_date(self.to)
            )
        }
    }
}

/// The register of the cases received in `range`, oldest first, as landscape pages.
pub fn register_pdf(store: &Store, range: RegisterRange) -> Result<Vec<u8>> {
    let (book, sheet) = register_laid_out(store, range)?;
    pdf::write(&book, &sheet)
}

fn register_laid_out(store: &Store, range: RegisterRange) -> Result<(Arc<FontBook>, Sheet)> {
    let table = register_table(store, range)?;
    let book = font_book(store)?;
    let sheet = register_sheet(&book, &table)?;
    Ok((book, sheet))
}

/// The cases `range` lists, oldest first (registration numbers run by year of receipt: the years the range
/// touches, then the days), each with its facts.
fn register_cases(store: &Store, range: RegisterRange) -> Result<Vec<(String, FormFacts)>> {
    use chrono::Datelike;
    let mut listed = Vec::new();
    for year in range.from.year()..=range.to.year() {
        let filter = crate::store::CaseFilter {
            year: Some(year),
            kind: range.kind,
            ..Default::default()
        };
        let page = store.list_cases(&filter)?;
        for r in page.rows.iter().rev() {
            if range.kind.is_none() && !r.kind.is_review() {
                continue;
            }
            // By id: two cases that share a number (until one is renumbered) are two rows.
            let case: ReviewCase =
                super::by_id(store, &r.id)?.ok_or_else(|| Error::not_found("案件", &r.reg_no))?;
            if case.received < range.from || case.received > range.to {
                continue;
            }
            let next_due = r.next_due;
            let mut facts = form_facts(store, case)?;
            facts.due = facts.due.or(next_due);
            listed.push((r.reg_no.clone(), facts));
        }
    }
    Ok(listed)
}

/// The register `range` asks for: the review register's columns, or a register kind's own.
fn register_table(store: &Store, range: RegisterRange) -> Result<RegisterTable> {
    let office = store.self_unit()?.map(|u| u.name).unwrap_or_default();
    let heading = range.heading(&office);
    match range.kind {
        Some(kind) if !kind.is_review() => kind_register(store, range, kind, heading),
        _ => Ok(RegisterTable::review(
            heading,
            &register_rows(store, range)?,
        )),
    }
}

/// The review register's rows: the cases received in `range`, oldest first.
fn register_rows(store: &Store, range: RegisterRange) -> Result<Vec<RegisterRow>> {
    let mut rows = Vec::new();
    for (reg_no, facts) in register_cases(store, range)? {
        let c = &facts.case;
        let amount = match &c.details {
            CaseDetails::Contract(k) => k.amount_fen,
            CaseDetails::PenaltyFiling(p) => p.amount_fen,
            _ => None,
        };
        rows.push(RegisterRow {
            reg_no,
            received: fmt_short(Some(c.received)),
            kind: c.kind().short_label().to_string(),
            title: c.title.clone(),
            unit: facts.unit.clone(),
            assignee: facts.assignee.clone().unwrap_or_default(),
            advisors: facts.advisors.join("、"),
            amount: amount.map(fmt_amount_words).unwrap_or_default(),
            due: fmt_short(facts.due),
            closed: fmt_short(c.opinion_on),
            outcome: c.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
            note: c.note.clone().unwrap_or_default(),
        });
    }
    Ok(rows)
}

/// What a column of a register kind's 台账 shows.
#[derive(Debug, Clone, Copy)]
enum Col {
    Seq,
    RegNo,
    /// A field of the case, under the name its kind gives it.
    Field(&'static str),
    /// 行政应诉: each hearing's day and who appeared for the defendant.
    Hearings,
    /// 两法衔接: the head's decision — the day of approval, or 不批准 with the reason.
    Approval,
    /// The rule's deadline (an answer's 答复期限).
    Due(&'static str),
    Status,
}

/// The columns of a register kind's 台账 (relative widths), as its clerks keep the paper one.
fn kind_columns(kind: CaseKind) -> &'static [(f32, Col)] {
    use Col::*;
    match kind {
        CaseKind::Litigation => &[
            (4.0, Seq),
            (8.0, RegNo),
            (13.0, Field("received")),
            (13.0, Field("court_case_no")),
            (11.0, Field("plaintiffs")),
            (11.0, Field("unit")),
            (13.0, Field("challenged_act")),
            (8.0, Field("cause")),
            (17.0, Hearings),
            (10.0, Field("judgment_result")),
            (5.0, Field("lost")),
            (8.0, Status),
        ],
        CaseKind::Reconsideration => &[
            (4.0, Seq),
            (8.0, RegNo),
            (13.0, Field("received")),
            (12.0, Field("reconsideration_body")),
            (12.0, Field("reconsideration_case_no")),
            (11.0, Field("applicants")),
            (11.0, Field("unit")),
            (12.0, Field("challenged_act")),
            (10.0, Due("答复期限")),
            (10.0, Field("replied_on")),
            (9.0, Field("decision")),
            (8.0, Status),
        ],
        CaseKind::CrimeTransfer => &[
            (4.0, Seq),
            (8.0, RegNo),
            (10.0, Field("received")),
            (11.0, Field("unit")),
            (16.0, Field("title")),
            (10.0, Field("suspected_crime")),
            (11.0, Field("suspects")),
            (13.0, Approval),
            (10.0, Field("transferred_on")),
            (11.0, Field("police")),
            (10.0, Field("police_filed_on")),
            (10.0, Field("evidence_handed_on")),
            (8.0, Status),
        ],
        CaseKind::Proposal => &[
            (4.0, Seq),
            (8.0, RegNo),
            (10.0, Field("received")),
            (9.0, Field("category")),
            (6.0, Field("proposal_no")),
            (18.0, Field("title")),
            (8.0, Field("lead")),
            (11.0, Field("unit")),
            (11.0, Field("co_units")),
            (10.0, Due("答复期限")),
            (10.0, Field("replied_on")),
            (6.0, Field("handling_class")),
            (7.0, Field("feedback")),
            (8.0, Status),
        ],
        // The review kinds print the review register; 案卷评查 its results.
        _ => &[],
    }
}

/// A register kind's 台账: its own columns, named as the kind names its fields (被告, 移送机关).
fn kind_register(
    store: &Store,
    range: RegisterRange,
    kind: CaseKind,
    heading: String,
) -> Result<RegisterTable> {
    let cols = kind_columns(kind);
    let columns = cols
        .iter()
        .map(|&(w, c)| {
            let header = match c {
                Col::Seq => "序号",
                Col::RegNo => "登记编号",
                Col::Field(code) => crate::model::case::field_label(code, kind),
                Col::Hearings => "庭审及出庭应诉人员",
                Col::Approval => "移送审批",
                Col::Due(label) => label,
                Col::Status => "状态",
            };
            (w, header)
        })
        .collect();
    let (mut rows, mut names) = (Vec::new(), Vec::new());
    for (i, (reg_no, facts)) in register_cases(store, range)?.into_iter().enumerate() {
        let c = &facts.case;
        let hearings = if kind == CaseKind::Litigation {
            store.hearings_of_case(c.id)?
        } else {
            Vec::new()
        };
        let cells = cols
            .iter()
            .map(|&(_, col)| match col {
                Col::Seq => (i + 1).to_string(),
                Col::RegNo => reg_no.clone(),
                Col::Field("unit") => facts.unit.clone(),
                Col::Field("co_units") => facts.co_units.join("、"),
                // The mark alone, as the reply carries it: B.
                Col::Field("handling_class") => match &c.details {
                    CaseDetails::Proposal(p) => p.handling_class.clone().unwrap_or_default(),
                    _ => String::new(),
                },
                Col::Field(code) => {
                    let text = c.field_text(code).unwrap_or_default();
                    // Dates as the table's other dates: 2026-03-02, one line.
                    let date = crate::model::case::field_spec(code)
                        .is_ok_and(|f| f.ty == crate::model::FieldType::Date);
                    match crate::model::validate::date("日期", &text) {
                        Ok(d) if date => fmt_short(Some(d)),
                        _ => text,
                    }
                }
                Col::Hearings => hearings
                    .iter()
                    .map(|h| {
                        let who = h
                            .appeared_names
                            .as_deref()
                            .map(|n| format!("（{n}）"))
                            .unwrap_or_default();
                        format!("{} {}{who}", fmt_short(Some(h.on)), h.appeared.label())
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                Col::Approval => match &c.details {
                    CaseDetails::CrimeTransfer(t) => match (&t.refusal_reason, t.approved_on) {
                        (Some(why), on) => format!("{}不批准：{why}", fmt_short(on)),
                        (None, Some(on)) => format!("{}批准", fmt_short(Some(on))),
                        (None, None) => String::new(),
                    },
                    _ => String::new(),
                },
                Col::Due(_) => fmt_short(facts.due),
                Col::Status => c.status.label().to_string(),
            })
            .collect();
        rows.push(cells);
        names.push(reg_no);
    }
    Ok(RegisterTable {
        heading,
        columns,
        rows,
        names,
    })
}

/// `2026-03-02`, compact for a table cell.
fn fmt_short(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The file name a save dialog (or a browser download) suggests for `form` of `cases`: 审核表（2026-001）.pdf,
/// 审核表（12 件）.pdf, or 审核表（空白）.pdf.
pub fn forms_file_name(form: &str, cases: &[String], extension: &str) -> Result<String> {
    let name = FormName::parse(form)?;
    Ok(match cases {
        [] => format!("{}（空白）.{extension}", name.label()),
        [one] => format!("{}（{one}）.{extension}", name.label()),
        many => format!("{}（{} 件）.{extension}", name.label(), many.len()),
    })
}

/// [`form_pdf`] written to `path` (through a temporary file beside it) as `file` (PDF, Word or OFD); returns
/// the file's size in bytes.
pub fn export_forms(
    store: &Store,
    form: &str,
    cases: &[String],
    file: FileType,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<u64> {
    let bytes = match file {
        FileType::Docx => {
            let name = FormName::parse(form)?;
            let facts = cases_facts(store, cases, progress)?;
            crate::print::forms::form_docx(name, &facts)?
        }
        ofd_or_pdf => {
            let (book, sheet) = forms_laid_out(store, form, cases, progress)?;
            sheet_bytes(&book, &sheet, ofd_or_pdf == FileType::Ofd)?
        }
    };
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// [`register_pdf`] written to `path` (through a temporary file beside it) as `file` (PDF, Word or OFD);
/// returns the file's size in bytes.
pub fn export_register(
    store: &Store,
    range: RegisterRange,
    file: FileType,
    path: &Path,
) -> Result<u64> {
    let bytes = match file {
        FileType::Docx => crate::print::forms::register_docx(&register_table(store, range)?)?,
        ofd_or_pdf => {
            let (book, sheet) = register_laid_out(store, range)?;
            sheet_bytes(&book, &sheet, ofd_or_pdf == FileType::Ofd)?
        }
    };
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}
