//! Units (单位) and people (人员): the office itself, submitting units, staff and engaged legal advisors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::{PersonId, UnitId};

coded_enum!(
    /// What sort of body a unit is.
    UnitKind, "单位类型" {
        Government = "government", "人民政府";
        Department = "department", "政府部门";
        Township = "township", "乡镇/街道";
        AuthorizedOrg = "authorized_org", "法律法规授权组织";
        LawFirm = "law_firm", "律师事务所";
        Other = "other", "其他";
    }
);

/// A unit: a submitting unit (送审单位) or the office itself (本机关), which numbers its letters with `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    /// The short code used in letter numbers (文号代字), e.g. 徒法审.
    pub code: Option<String>,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    /// True for the office using this app (本机关); its code numbers the office's letters.
    pub is_self: bool,
    pub phone: Option<String>,
}

impl Unit {
    pub fn validate(&self) -> Result<()> {
        validate::required_text("单位名称", &self.name, 60)?;
        if let Some(code) = &self.code {
            validate_letter_code(code)?;
        }
        if let Some(p) = &self.phone {
            validate::required_text("联系电话", p, 40)?;
        }
        if self.parent_id == Some(self.id) {
            return Err(Error::invalid("上级单位", "不能是单位自身"));
        }
        Ok(())
    }
}

/// A 文号代字 such as 徒法审: 1–10 characters, none of the characters that frame the year and serial.
pub fn validate_letter_code(code: &str) -> Result<()> {
    let c = validate::required_text("文号代字", code, 10)?;
    if c.chars()
        .any(|ch| ch.is_ascii_digit() || "〔〕[]()（）号 ".contains(ch))
    {
        return Err(Error::invalid(
            "文号代字",
            format!("「{c}」只应包含代字本身，例如「徒法审」，不含年份、括号和序号"),
        ));
    }
    Ok(())
}

coded_enum!(
    /// A person's role in the office's work.
    Role, "角色" {
        Clerk = "clerk", "承办人";
        SectionHead = "section_head", "科室负责人";
        Leader = "leader", "分管领导";
        Advisor = "advisor", "法律顾问";
    }
);

impl Role {
    /// Who may approve an extension of the review period (延期): the section head or the leader in charge.
    pub fn can_approve(self) -> bool {
        matches!(self, Role::SectionHead | Role::Leader)
    }
}

/// The engagement of a government legal advisor (政府法律顾问).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisorEngagement {
    pub law_firm: String,
    /// 律师执业证号: 17 digits.
    pub licence_no: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub role: Role,
    /// The unit a staff member works in (advisors: usually none; their firm is in `advisor`).
    pub unit_id: Option<UnitId>,
    pub phone: Option<String>,
    pub advisor: Option<AdvisorEngagement>,
    /// 签发人: signs the letters of their unit (the office's are numbered by its 文号代字 as they are signed).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub signs: bool,
}

impl Person {
    pub fn validate(&self) -> Result<()> {
        validate::required_text("姓名", &self.name, 30)?;
        if let Some(p) = &self.phone {
            validate::required_text("联系电话", p, 40)?;
        }
        if self.signs && (self.role == Role::Advisor || self.unit_id.is_none()) {
            return Err(Error::invalid(
                "签发人",
                "签发人须是所在单位的工作人员（法律顾问不签发本机关的文件），请选择所在单位",
            ));
        }
        match (&self.role, &self.advisor) {
            (Role::Advisor, None) => Err(Error::invalid(
                "律师事务所",
                "法律顾问须填写所在律师事务所和执业证号",
            )),
            (Role::Advisor, Some(a)) => {
                validate::required_text("律师事务所", &a.law_firm, 60)?;
                if a.licence_no.len() != 17 || !a.licence_no.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Error::invalid(
                        "执业证号",
                        format!("「{}」应为 17 位数字", a.licence_no),
                    ));
                }
                validate::not_before("聘期结束", a.term_end, "聘期开始", a.term_start)
            }
            (_, Some(_)) => Err(Error::invalid(
                "角色",
                "只有法律顾问才有律师事务所和执业证号",
            )),
            (_, None) => Ok(()),
        }
    }

    /// May approve an extension of a review period (延期审批).
    pub fn can_approve(&self) -> bool {
        self.role.can_approve()
    }
}
