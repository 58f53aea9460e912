//! The office's own lists of choices (issue 21): a 建议提案's 办理类别 and a key task's 成果形式. Each list has
//! built-in entries (办理类别 A/B/C as the 建议提案办理 rules give them; the usual forms of a task's result); an
//! office adds its own (a D class, 调研报告) or words a built-in one its way, and each such entry is a record
//! ([`ChoiceEntry`]) with an id named by its list and code, so two laptops adding the same code make one
//! record. A value names its entry by code; a code that is no built-in one must be a record — on the write
//! path, in a sync file and in `check` alike (the stores' references).

use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::ChoiceId;

coded_enum!(
    /// The lists an office edits.
    ChoiceList, "选项列表" {
        HandlingClass = "handling_class", "办理类别";
        OutcomeForm = "outcome_form", "成果形式";
    }
);

impl ChoiceList {
    /// The built-in entries, `(code, label)`.
    pub fn built_in(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ChoiceList::HandlingClass => &[
                ("A", "已解决或采纳"),
                ("B", "正在解决或列入计划"),
                ("C", "因条件限制或其他原因留作参考"),
            ],
            ChoiceList::OutcomeForm => &[
                ("文件", "文件"),
                ("制度", "制度"),
                ("报告", "报告"),
                ("台账", "台账"),
                ("活动", "活动"),
                ("方案", "方案"),
                ("清单", "清单"),
                ("平台", "平台"),
                ("其他", "其他"),
            ],
        }
    }

    /// How long a code may be: a class is a mark printed at a letter's corner (A, B1), a form its own name.
    fn max_code(self) -> usize {
        match self {
            ChoiceList::HandlingClass => 4,
            ChoiceList::OutcomeForm => 12,
        }
    }

    pub fn is_built_in(self, code: &str) -> bool {
        self.built_in().iter().any(|(c, _)| *c == code)
    }
}

/// An office's entry of a list: one it added, or a built-in one it words its own way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceEntry {
    pub id: ChoiceId,
    pub list: ChoiceList,
    pub code: String,
    pub label: String,
}

impl ChoiceEntry {
    /// The one id of `code` in `list`, the same on every laptop.
    pub fn id_of(list: ChoiceList, code: &str) -> ChoiceId {
        ChoiceId(crate::ids::named_uuid(&format!(
            "choice:{}:{}",
            list.code(),
            code
        )))
    }

    pub fn new(list: ChoiceList, code: &str, label: &str) -> Result<ChoiceEntry> {
        let code = code.trim();
        let entry = ChoiceEntry {
            id: ChoiceEntry::id_of(list, code),
            list,
            code: code.to_string(),
            label: label.trim().to_string(),
        };
        entry.validate()?;
        Ok(entry)
    }

    pub fn validate(&self) -> Result<()> {
        let max = self.list.max_code();
        if self.code.is_empty()
            || self.code.chars().count() > max
            || self
                .code
                .chars()
                .any(|c| c.is_whitespace() || "，,、;；（）()".contains(c))
        {
            return Err(Error::invalid(
                self.list.label(),
                format!("代码应为 1—{max} 个字符，不含空格和标点"),
            ));
        }
        validate::required_text("名称", &self.label, 30)?;
        if self.id != ChoiceEntry::id_of(self.list, &self.code) {
            return Err(Error::invalid(
                self.list.label(),
                format!("「{}」的编号与其代码不符", self.code),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_s_id_is_its_list_and_code_and_codes_are_short_marks() {
        let d = ChoiceEntry::new(ChoiceList::HandlingClass, " D ", "已办结").unwrap();
        assert_eq!(d.code, "D");
        assert_eq!(d.id, ChoiceEntry::id_of(ChoiceList::HandlingClass, "D"));
        assert_ne!(d.id, ChoiceEntry::id_of(ChoiceList::OutcomeForm, "D"));
        for bad in ["", "ABCDE", "A B", "A、B"] {
            assert!(
                ChoiceEntry::new(ChoiceList::HandlingClass, bad, "x").is_err(),
                "{bad}"
            );
        }
        assert!(ChoiceEntry::new(ChoiceList::HandlingClass, "D", " ").is_err());
        assert!(ChoiceList::HandlingClass.is_built_in("B"));
        assert!(!ChoiceList::HandlingClass.is_built_in("b"));
    }
}
