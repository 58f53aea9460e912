//! Opinion letters (意见书) as structured data: sections, findings, conclusion, and the official number.
//!
//! A letter is drafted, then signed (which assigns its number), then issued. Only a draft can be edited: once a
//! number is on paper it must not change under it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::{CaseId, LetterId, PersonId, UnitId};

coded_enum!(
    /// The kinds of letter the office and its advisors write.
    LetterKind, "意见书类别" {
        ReviewOpinion = "review_opinion", "合法性审查（审核）意见书";
        ContractReview = "contract_review", "合同合法性审查意见书";
        EnforcementReview = "enforcement_review", "重大执法决定法制审核意见书";
        FilingReview = "filing_review", "重大行政处罚决定备案审查意见书";
        ExplanationNotice = "explanation_notice", "要求说明理由通知书";
        CorrectionAdvice = "correction_advice", "纠错建议书";
        LegalOpinion = "legal_opinion", "法律意见书";
        ProposalReply = "proposal_reply", "建议提案答复函";
    }
);

coded_enum!(
    LetterStatus, "意见书状态" {
        Draft = "draft", "草稿";
        Signed = "signed", "已签发";
        Issued = "issued", "已送达";
    }
);

/// An official letter number, `徒法审〔2017〕12号`: the full year in 六角括号 and the serial without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LetterNo {
    pub code: String,
    pub year: i32,
    pub serial: u32,
}

impl fmt::Display for LetterNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.code, self.year, self.serial)
    }
}

impl LetterNo {
    /// Reads `徒法审〔2017〕12号`; also accepts the common typing substitutes `[2017]`, `(2017)` and `（2017）`.
    pub fn parse(s: &str) -> Result<LetterNo> {
        let bad = || Error::invalid("文号", format!("「{s}」应形如「徒法审〔2017〕12号」"));
        let t = s
            .trim()
            .replace(['[', '(', '（'], "〔")
            .replace([']', ')', '）'], "〕");
        let (code, rest) = t.split_once('〔').ok_or_else(bad)?;
        let (year, serial) = rest.split_once('〕').ok_or_else(bad)?;
        let serial = serial
            .strip_suffix('号')
            .ok_or_else(bad)?
            .trim_start_matches('第');
        if year.len() != 4
            || serial.is_empty()
            || !year
                .chars()
                .chain(serial.chars())
                .all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        if serial.trim_start_matches('0').len() > 5 {
            return Err(Error::invalid(
                "文号",
                format!("序号应为 1—{}（现为 {serial}）", validate::MAX_SERIAL),
            ));
        }
        let no = LetterNo {
            code: code.trim().to_string(),
            year: year.parse().map_err(|_| bad())?,
            serial: serial.parse().map_err(|_| bad())?,
        };
        super::party::validate_letter_code(&no.code)?;
        if no.serial == 0 {
            return Err(bad());
        }
        Ok(no)
    }
}

/// A free section of the letter body: heading (一、审查依据) and paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterSection {
    pub heading: String,
    pub body: String,
}

/// One finding (审查意见): which clause, what is wrong, on what legal basis, and the suggested revision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Finding {
    pub clause: String,
    pub problem: String,
    pub legal_basis: String,
    pub suggestion: String,
}

impl Finding {
    pub fn validate(&self, n: usize) -> Result<()> {
        validate::long_text("条款", &self.clause, 200)?;
        if self.problem.trim().is_empty() {
            return Err(Error::invalid(
                "存在问题",
                format!("第 {n} 条审查意见须写明存在的问题"),
            ));
        }
        validate::long_text("存在问题", &self.problem, 2000)?;
        validate::long_text("法律依据", &self.legal_basis, 2000)?;
        validate::long_text("修改建议", &self.suggestion, 2000)?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpinionLetter {
    pub id: LetterId,
    pub case_id: CaseId,
    pub kind: LetterKind,
    /// Whose letter-number code numbers this letter (the office, or an advisor's firm).
    pub issuer_unit_id: UnitId,
    pub number: Option<LetterNo>,
    pub title: String,
    /// 主送机关.
    pub addressee: String,
    /// Opening paragraph (who submitted what, when).
    pub opening: Option<String>,
    pub sections: Vec<LetterSection>,
    pub findings: Vec<Finding>,
    /// Print the findings as a clause-by-clause table (contracts) instead of numbered paragraphs.
    #[serde(default)]
    pub findings_table: bool,
    pub conclusion: Option<String>,
    /// The drafting advisor or reviewer.
    pub author_id: Option<PersonId>,
    /// 签发人 (a name, as it is printed): the office's signing leader.
    pub signatory: Option<String>,
    /// 承办律师 of a 法律意见书, each with a line to sign on: the advisors the case names, as a new letter
    /// starts; never the office's 签发人.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lawyers: Vec<String>,
    /// 抄送.
    pub cc: Vec<String>,
    pub status: LetterStatus,
    pub drafted_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    pub issued_on: Option<NaiveDate>,
    /// What a signed reply carries at its top right (its 办理类别 when it was signed); a draft shows its case's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corner: Option<String>,
}

impl OpinionLetter {
    pub fn validate(&self) -> Result<()> {
        validate::required_text("标题", &self.title, 100)?;
        if let Some(no) = &self.number {
            validate::serial("文号", no.serial)?;
        }
        validate::required_text("主送机关", &self.addressee, 100)?;
        if let Some(o) = &self.opening {
            validate::long_text("开头段", o, 2000)?;
        }
        for s in &self.sections {
            validate::required_text("小标题", &s.heading, 60)?;
            validate::long_text("正文", &s.body, 20_000)?;
        }
        for (i, f) in self.findings.iter().enumerate() {
            f.validate(i + 1)?;
        }
        if let Some(c) = &self.conclusion {
            validate::long_text("结论", c, 5000)?;
        }
        for c in &self.cc {
            validate::required_text("抄送", c, 60)?;
        }
        for l in &self.lawyers {
            validate::required_text("承办律师", l, 30)?;
        }
        validate::not_before(
            "签发日期",
            self.signed_on,
            "起草日期",
            Some(self.drafted_on),
        )?;
        validate::not_before("送达日期", self.issued_on, "签发日期", self.signed_on)?;
        validate::optional_text("办理类别", self.corner.as_deref().unwrap_or(""), 12)?;
        Ok(())
    }

    /// Whether the letter has nothing to say: no findings, no conclusion typed, and no outcome of its case
    /// (`case_outcome`) to conclude with.
    pub fn says_nothing(&self, case_outcome: Option<super::kind::Outcome>) -> bool {
        self.findings.is_empty() && self.conclusion.is_none() && case_outcome.is_none()
    }

    /// Only drafts may be edited.
    pub fn ensure_draft(&self) -> Result<()> {
        if self.status == LetterStatus::Draft {
            Ok(())
        } else {
            Err(Error::Refused(format!(
                "意见书{}{}，不能再修改",
                self.number
                    .as_ref()
                    .map(|n| format!("「{n}」"))
                    .unwrap_or_default(),
                self.status.label()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_numbers_print_the_official_pattern_without_leading_zeros() {
        let no = LetterNo {
            code: "徒法审".into(),
            year: 2017,
            serial: 12,
        };
        assert_eq!(no.to_string(), "徒法审〔2017〕12号");
        assert_eq!(LetterNo::parse("徒法审〔2017〕12号").unwrap(), no);
        assert_eq!(LetterNo::parse("徒法审[2017]12号").unwrap(), no);
        assert_eq!(LetterNo::parse("徒法审（2017）第12号").unwrap(), no);
        assert_eq!(
            LetterNo::parse("徒法审〔2017〕012号").unwrap().to_string(),
            "徒法审〔2017〕12号"
        );
        assert!(LetterNo::parse("徒法审〔17〕12号").is_err());
        assert!(LetterNo::parse("徒法审〔2017〕0号").is_err());
        assert!(LetterNo::parse("〔2017〕3号").is_err());
    }
}
