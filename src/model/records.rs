//! Records that hang off a case: clock events (暂停/恢复/延期), filing records (备案) and attachments (附件).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, CaseId, ClockEventId, FilingId, HearingId, PersonId};

coded_enum!(
    ClockEventKind, "计时事件" {
        Pause = "pause", "暂停计时（补正）";
        Resume = "resume", "恢复计时";
        Extension = "extension", "延期";
    }
);

/// A change to a case's review clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockEvent {
    pub id: ClockEventId,
    pub case_id: CaseId,
    pub kind: ClockEventKind,
    pub on: NaiveDate,
    pub reason: Option<String>,
    /// Working days added (extensions only).
    pub days: Option<u32>,
    /// Who approved an extension.
    pub approver_id: Option<PersonId>,
}

/// The most working days one extension may add; longer is surely a typing mistake.
pub const MAX_EXTENSION_DAYS: u32 = 60;

impl ClockEvent {
    pub fn validate(&self) -> Result<()> {
        validate::in_range("日期", self.on)?;
        match self.kind {
            ClockEventKind::Pause => {
                let r = self.reason.as_deref().unwrap_or("");
                validate::required_text("补正原因", r, 500)?;
            }
            ClockEventKind::Resume => {}
            ClockEventKind::Extension => {
                match self.days {
                    Some(d) if (1..=MAX_EXTENSION_DAYS).contains(&d) => {}
                    _ => {
                        return Err(Error::invalid(
                            "延期天数",
                            format!("应为 1—{MAX_EXTENSION_DAYS} 个工作日"),
                        ))
                    }
                }
                validate::required_text("延期理由", self.reason.as_deref().unwrap_or(""), 500)?;
                if self.approver_id.is_none() {
                    return Err(Error::invalid("批准人", "延期须写明批准人"));
                }
            }
        }
        Ok(())
    }
}

coded_enum!(
    /// Who appeared in court for the defendant (出庭应诉). A deputy head is a 负责人 too (最高人民法院关于行政
    /// 机关负责人出庭应诉若干问题的规定, 2020, art. 2): both count for the 负责人出庭应诉率.
    Appearance, "出庭人员" {
        Head = "head", "行政机关负责人";
        DeputyHead = "deputy_head", "副职负责人";
        Staff = "staff", "工作人员";
        Absent = "absent", "未出庭";
        Pending = "pending", "待定";
    }
);

/// One hearing of a lawsuit (开庭), and who appeared for the defendant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hearing {
    pub id: HearingId,
    pub case_id: CaseId,
    pub on: NaiveDate,
    /// 法庭, e.g. 第三审判庭.
    pub court_room: Option<String>,
    pub appeared: Appearance,
    /// Who appeared, by name and post.
    pub appeared_names: Option<String>,
    /// Why no head appeared (required then).
    pub reason: Option<String>,
}

impl Hearing {
    /// A head (正职 or 副职) appeared: what 负责人出庭应诉率 counts.
    pub fn head_present(&self) -> bool {
        matches!(self.appeared, Appearance::Head | Appearance::DeputyHead)
    }

    pub fn validate(&self) -> Result<()> {
        validate::in_range("开庭日期", self.on)?;
        validate::optional_text("法庭", self.court_room.as_deref().unwrap_or(""), 40)?;
        validate::optional_text(
            "出庭人员姓名",
            self.appeared_names.as_deref().unwrap_or(""),
            100,
        )?;
        validate::optional_text("未出庭原因", self.reason.as_deref().unwrap_or(""), 500)?;
        // A hearing still to come (待定) has no appearance yet, so no reason for one.
        let settled = self.appeared != Appearance::Pending;
        if settled && !self.head_present() && self.reason.as_deref().unwrap_or("").trim().is_empty()
        {
            return Err(Error::invalid(
                "未出庭原因",
                "行政机关负责人未出庭的，须写明原因（《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》）",
            ));
        }
        Ok(())
    }
}

coded_enum!(
    /// Where a normative document is filed (备案渠道).
    FilingChannel, "备案渠道" {
        NpcStandingCommittee = "npc_standing_committee", "人大常委会";
        UpperGovernment = "upper_government", "上级政府";
    }
);

coded_enum!(
    FilingResult, "备案结果" {
        Registered = "registered", "登记备案";
        Supplement = "supplement", "要求补正";
        ReviewOpinion = "review_opinion", "提出审查意见";
        Correction = "correction", "要求纠正";
    }
);

/// A filing (备案) of a published normative document with one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilingRecord {
    pub id: FilingId,
    pub case_id: CaseId,
    pub channel: FilingChannel,
    /// No longer written: a filing's due date is its channel's deadline, computed from the publication date by
    /// the rule ([`super::rule::RuleCode::of_filing`]). Kept so records written before read back.
    pub due_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    /// 备案回执号.
    pub receipt_no: Option<String>,
    pub result: Option<FilingResult>,
    pub note: Option<String>,
}

impl FilingRecord {
    pub fn validate(&self) -> Result<()> {
        if let Some(d) = self.due_on {
            validate::in_range("报备期限", d)?;
        }
        if let Some(d) = self.submitted_on {
            validate::in_range("报送日期", d)?;
        }
        if let Some(r) = &self.receipt_no {
            validate::required_text("回执号", r, 60)?;
        }
        if self.result.is_some() && self.submitted_on.is_none() {
            return Err(Error::invalid("备案结果", "尚未报送，不能登记备案结果"));
        }
        if let Some(n) = &self.note {
            validate::long_text("备注", n, 2000)?;
        }
        Ok(())
    }
}

/// An attachment's metadata; the bytes live once in the blob store under `sha256`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub case_id: CaseId,
    pub name: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    pub label: Option<String>,
    pub added_on: NaiveDate,
}

/// Largest attachment accepted (scans of signed forms are a few MB; 200 MB is surely a mistake).
pub const MAX_ATTACHMENT_BYTES: u64 = 200 * 1024 * 1024;

impl Attachment {
    pub fn validate(&self) -> Result<()> {
        validate::required_text("文件名", &self.name, 200)?;
        if self.size > MAX_ATTACHMENT_BYTES {
            return Err(Error::invalid(
                "附件",
                format!("文件过大（{} MB），上限 200 MB", self.size / 1024 / 1024),
            ));
        }
        if let Some(l) = &self.label {
            validate::required_text("附件说明", l, 100)?;
        }
        Ok(())
    }
}
