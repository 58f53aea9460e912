//! Filing records (备案) and attachments (附件).

use sha2::{Digest, Sha256};

use super::require;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, CaseId, FilingId};
use crate::model::records::MAX_ATTACHMENT_BYTES;
use crate::model::validate::{self, fmt_date};
use crate::model::{Attachment, CaseKind, FilingChannel, FilingRecord, FilingResult, ReviewCase};
use crate::store::Store;

/// A filing as typed; empty strings leave a part unset.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilingInput {
    pub channel: Option<String>,
    pub submitted_on: Option<String>,
    pub receipt_no: Option<String>,
    pub result: Option<String>,
    pub note: Option<String>,
}

fn apply(f: &mut FilingRecord, i: &FilingInput) -> Result<()> {
    if let Some(c) = &i.channel {
        f.channel = FilingChannel::parse(c)?;
    }
    if let Some(d) = &i.submitted_on {
        f.submitted_on = validate::optional_date("报送日期", d)?;
    }
    if let Some(r) = &i.receipt_no {
        f.receipt_no = validate::optional_text("回执号", r, 60)?;
    }
    if let Some(r) = &i.result {
        f.result = if r.trim().is_empty() {
            None
        } else {
            Some(FilingResult::parse(r)?)
        };
    }
    if let Some(n) = &i.note {
        f.note = Some(validate::long_text("备注", n, 2000)?).filter(|s| !s.is_empty());
    }
    f.validate()
}

/// Adds a filing record to a normative-document case (the only kind that is filed).
pub fn add_filing(store: &mut Store, case_id: CaseId, input: &FilingInput) -> Result<FilingRecord> {
    let channel = input
        .channel
        .as_deref()
        .ok_or_else(|| Error::invalid("备案渠道", "请选择人大常委会或上级政府"))?;
    let mut filing = FilingRecord {
        id: FilingId::new(store.clock()),
        case_id,
        channel: FilingChannel::parse(channel)?,
        due_on: None,
        submitted_on: None,
        receipt_no: None,
        result: None,
        note: None,
    };
    apply(&mut filing, input)?;
    store.write("filing.add", |tx| {
        let case: ReviewCase = require(tx, case_id.0)?;
        tx.ensure_settled("登记备案", &[case_id.0])?;
        if case.kind() != CaseKind::NormativeDoc {
            return Err(Error::Refused(format!(
                "{}案件不需要备案",
                case.kind().short_label()
            )));
        }
        if let Some(d) = filing.submitted_on.filter(|d| *d < case.received) {
            return Err(Error::invalid(
                "报送日期",
                format!("{} 早于收文日期", fmt_date(d)),
            ));
        }
        if tx
            .filings_of(case_id)?
            .iter()
            .any(|f| f.channel == filing.channel)
        {
            return Err(Error::Duplicate(format!(
                "该案件已有向{}的备案记录，请修改原记录",
                filing.channel.label()
            )));
        }
        tx.put(
            &filing,
            &format!("{} 备案记录（{}）", case.reg_no, filing.channel.label()),
        )?;
        Ok(())
    })?;
    Ok(filing)
}

/// Updates a filing record (submitted, receipt, result…).
pub fn edit_filing(store: &mut Store, id: FilingId, input: &FilingInput) -> Result<FilingRecord> {
    store
        .write("filing.edit", |tx| {
            let before: FilingRecord = require(tx, id.0)?;
            tx.ensure_settled("更新备案记录", &[id.0, before.case_id.0])?;
            let mut filing = before.clone();
            apply(&mut filing, input)?;
            if filing == before {
                return Err(Error::Refused("内容没有变化，未保存".into()));
            }
            tx.put(
                &filing,
                &format!("更新备案记录（{}）", filing.channel.label()),
            )?;
            Ok(filing)
        })
        .map(|w| w.value)
}

/// Attaches a file to a case: the bytes are stored once by SHA-256, the metadata as a revisioned record.
pub fn attach_file(
    store: &mut Store,
    case_id: CaseId,
    name: &str,
    bytes: &[u8],
    label: Option<&str>,
) -> Result<Attachment> {
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(Error::invalid(
            "附件",
            format!("文件过大（{} MB），上限 200 MB", bytes.len() / 1024 / 1024),
        ));
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let att = Attachment {
        id: AttachmentId::new(store.clock()),
        case_id,
        name: validate::required_text("文件名", name, 200)?,
        size: bytes.len() as u64,
        sha256: sha256.clone(),
        label: label
            .map(|l| validate::optional_text("附件说明", l, 100))
            .transpose()?
            .flatten(),
        added_on: store.clock().today(),
    };
    att.validate()?;
    // Read for search before the write lock is taken (a long PDF takes a moment), unless these bytes are here
    // already.
    let text = match store.blob_text(&sha256)? {
        Some(text) => text,
        None => crate::search::extract::extract(bytes),
    };
    store.write("attachment.add", |tx| {
        let case: ReviewCase = require(tx, case_id.0)?;
        tx.put_blob(&sha256, bytes, &text)?;
        tx.put(&att, &format!("{} 添加附件：{}", case.reg_no, att.name))?;
        Ok(())
    })?;
    Ok(att)
}

/// Attaches the file at `path` under its own name; a file over the size limit is refused before it is read.
/// Says what search makes of its content (a scan is searchable by name only).
pub fn attach_path(
    store: &mut Store,
    case_id: CaseId,
    path: &std::path::Path,
    label: Option<&str>,
) -> Result<AttachmentView> {
    let unreadable =
        |e: std::io::Error| Error::invalid("附件", format!("无法读取 {}：{e}", path.display()));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    // A pipe, a device or a folder would block the read or has no content to keep.
    if !meta.is_file() {
        return Err(Error::invalid(
            "附件",
            format!("{} 不是普通文件，不能作为附件", path.display()),
        ));
    }
    let size = meta.len();
    if size > MAX_ATTACHMENT_BYTES {
        return Err(Error::invalid(
            "附件",
            format!("文件过大（{} MB），上限 200 MB", size / 1024 / 1024),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let attachment = attach_file(store, case_id, &name, &bytes, label)?;
    AttachmentView::of(store, attachment)
}

/// Kinds of file an office attaches (documents, sheets, scans, images, archives) that a viewer can open
/// without running anything. Attachments may arrive from another laptop's sync file, so anything else — a
/// script, a program, a `.desktop` launcher — is never handed to the system to "open".
const VIEWABLE: &[&str] = &[
    "pdf", "ofd", "doc", "docx", "wps", "wpt", "rtf", "odt", "txt", "md", "xls", "xlsx", "et",
    "csv", "ods", "ppt", "pptx", "dps", "odp", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff",
    "webp", "zip", "rar", "7z",
];

/// An attachment written out for viewing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedAttachment {
    pub path: std::path::PathBuf,
    /// A document or image a viewer may open; otherwise only its folder should be shown.
    pub viewable: bool,
}

/// Writes an attachment's bytes to `dir` under its own name (prefixed with the start of its hash, so two
/// files of the same name do not overwrite each other), for opening in a viewer.
pub fn export_attachment(
    store: &Store,
    id: AttachmentId,
    dir: &std::path::Path,
) -> Result<ExportedAttachment> {
    let att: Attachment = store
        .get(id.0)?
        .ok_or_else(|| Error::not_found("附件", id))?;
    let bytes = store
        .blob(&att.sha256)?
        .ok_or_else(|| Error::Refused(format!("附件「{}」的内容缺失，请运行数据检查", att.name)))?;
    // The stored name came from a file picker or a sync file: keep only its last component.
    let name = std::path::Path::new(&att.name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "附件".into());
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}-{name}", att.sha256.get(..8).unwrap_or("0")));
    std::fs::write(&path, bytes)?;
    let viewable = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| VIEWABLE.contains(&x.to_ascii_lowercase().as_str()));
    Ok(ExportedAttachment { path, viewable })
}

/// The filing records of one case (by id, id prefix or registration number), or every one, each with its
/// case.
pub fn list_filings(
    store: &Store,
    case: Option<&str>,
) -> Result<Vec<(FilingView, Option<ReviewCase>)>> {
    let list = match case {
        Some(c) => store.filings_of_case(super::find_case(store, c)?.id)?,
        None => store.all_filings()?,
    };
    list.into_iter()
        .map(|f| {
            let case = store.get(f.case_id.0)?;
            Ok((filing_view(store, f)?, case))
        })
        .collect()
}

/// A filing with its due date: its channel's deadline as the engine computed it from the publication date —
/// the one date the dashboard, the case page, the lists and the forms all show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FilingView {
    #[serde(flatten)]
    pub filing: FilingRecord,
    pub due: Option<chrono::NaiveDate>,
}

impl FilingView {
    /// `filing` with the due date of its channel among its case's `deadlines`.
    pub fn new<'a>(
        filing: FilingRecord,
        mut deadlines: impl Iterator<Item = &'a crate::deadlines::Deadline>,
    ) -> FilingView {
        let rule = crate::model::rule::RuleCode::of_filing(filing.channel);
        let due = deadlines.find(|d| d.rule == Some(rule)).and_then(|d| d.due);
        FilingView { filing, due }
    }
}

/// An attachment with what search makes of its content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttachmentView {
    #[serde(flatten)]
    pub attachment: Attachment,
    /// Whether its content is searched (text was found in it).
    pub searchable: bool,
    /// What a person is told: 可按内容查找 / 扫描件，没有文字层… / 此类文件只按文件名查找 / 内容无法读取（…）.
    pub content: String,
}

impl AttachmentView {
    fn of(store: &Store, attachment: Attachment) -> Result<AttachmentView> {
        let text = store.blob_text(&attachment.sha256)?;
        Ok(AttachmentView {
            searchable: text.as_ref().is_some_and(|t| {
                t.state == crate::search::extract::State::Text && !t.pages.is_empty()
            }),
            content: text.map_or_else(|| "尚未读取内容".into(), |t| t.describe()),
            attachment,
        })
    }
}

/// A case's attachments, oldest first, each with what search makes of its content.
pub fn attachments_of(store: &Store, case: CaseId) -> Result<Vec<AttachmentView>> {
    let mut list = store.attachments_of_case(case)?;
    list.sort_by_key(|a| (a.added_on, a.id.0));
    list.into_iter()
        .map(|a| AttachmentView::of(store, a))
        .collect()
}

fn filing_view(store: &Store, filing: FilingRecord) -> Result<FilingView> {
    let deadlines = store.deadlines_of_case(filing.case_id.0)?;
    Ok(FilingView::new(
        filing,
        deadlines.iter().map(|d| &d.deadline),
    ))
}

/// A hearing as typed (开庭): the day, the court room, who appeared for the defendant and, when no head did,
/// why.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HearingInput {
    pub on: String,
    pub court_room: Option<String>,
    /// An [`Appearance`](crate::model::Appearance) code or label (行政机关负责人, 副职负责人, 工作人员, 未出庭).
    pub appeared: String,
    pub appeared_names: Option<String>,
    pub reason: Option<String>,
}

/// Records a hearing of a lawsuit. Only a 行政应诉 case has hearings; a hearing before the complaint arrived,
/// or without a head and without the reason, is refused and changes nothing.
pub fn add_hearing(
    store: &mut Store,
    case_id: CaseId,
    input: &HearingInput,
) -> Result<crate::model::Hearing> {
    let text = |field, v: &Option<String>, max| {
        validate::optional_text(field, v.as_deref().unwrap_or(""), max)
    };
    let hearing = crate::model::Hearing {
        id: crate::ids::HearingId::new(store.clock()),
        case_id,
        on: validate::date("开庭日期", &input.on)?,
        court_room: text("法庭", &input.court_room, 40)?,
        appeared: crate::model::Appearance::parse(&input.appeared)?,
        appeared_names: text("出庭人员姓名", &input.appeared_names, 100)?,
        reason: text("未出庭原因", &input.reason, 500)?,
    };
    hearing.validate()?;
    if hearing.appeared == crate::model::Appearance::Pending && hearing.on < store.clock().today() {
        return Err(Error::invalid(
            "出庭人员",
            format!(
                "{} 已开庭：请填写实际出庭的人员（待定只用于尚未开庭的庭审）",
                fmt_date(hearing.on)
            ),
        ));
    }
    store.write("hearing.add", |tx| {
        let case: ReviewCase = require(tx, case_id.0)?;
        if case.kind() != CaseKind::Litigation {
            return Err(Error::Refused(format!(
                "只有行政应诉案件有庭审记录（{}是{}）",
                case.reg_no,
                case.kind().short_label()
            )));
        }
        if hearing.on < case.received {
            return Err(Error::invalid(
                "开庭日期",
                format!(
                    "{} 早于收到起诉状副本日期 {}",
                    fmt_date(hearing.on),
                    fmt_date(case.received)
                ),
            ));
        }
        tx.put(
            &hearing,
            &format!(
                "{} 记录庭审：{}，{}",
                case.reg_no,
                fmt_date(hearing.on),
                hearing.appeared.label()
            ),
        )?;
        Ok(())
    })?;
    Ok(hearing)
}

/// Removes a hearing recorded by mistake.
pub fn delete_hearing(store: &mut Store, id: crate::ids::HearingId) -> Result<()> {
    store.write("hearing.delete", |tx| {
        let hearing: crate::model::Hearing = require(tx, id.0)?;
        tx.delete::<crate::model::Hearing>(
            id.0,
            &format!("删除庭审记录：{}", fmt_date(hearing.on)),
        )?;
        Ok(())
    })?;
    Ok(())
}

/// A hearing by its id as `hearing list` shows it (the last 8 digits) or whole.
pub fn find_hearing(store: &Store, key: &str) -> Result<crate::ids::HearingId> {
    match super::ids_matching(store, &[crate::revision::EntityKind::Hearing], key)?.as_slice() {
        [one] => Ok(crate::ids::HearingId(*one)),
        [] => Err(Error::not_found("庭审记录", key.trim())),
        _ => Err(super::ambiguous(key, "庭审记录")),
    }
}

/// A lawsuit's hearings, by date (found by what a person types to name the case).
pub fn hearings(store: &Store, case: &str) -> Result<Vec<crate::model::Hearing>> {
    let case = super::find_case(store, case)?;
    store.hearings_of_case(case.id)
}
