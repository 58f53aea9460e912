//! The clause library (常用审查意见): reusable findings with their legal basis. The office starts with the
//! entries of `assets/clauses/clauses.json` and adds its own from any finding it writes; each is a record, so
//! an entry edited on one laptop travels like any other change.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kind::CaseKind;
use super::letter::Finding;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::ClauseId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClauseEntry {
    pub id: ClauseId,
    /// The built-in entry this is (`nd_licence`), or `None` for an office's own.
    #[serde(default)]
    pub code: Option<String>,
    /// A short name to find it by (增设行政许可).
    pub title: String,
    /// The case kinds it is meant for; empty means any.
    #[serde(default)]
    pub kinds: Vec<CaseKind>,
    pub problem: String,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub suggestion: String,
    /// Left out of searches (an entry the office no longer uses); kept, so nothing is lost.
    #[serde(default)]
    pub retired: bool,
}

/// The id of a built-in entry: the same on every laptop.
pub fn builtin_clause_id(code: &str) -> ClauseId {
    ClauseId(crate::ids::named_uuid(&format!("clause/{code}")))
}

impl ClauseEntry {
    pub fn validate(&self) -> Result<()> {
        validate::required_text("名称", &self.title, 40)?;
        if self.problem.trim().is_empty() {
            return Err(Error::invalid("存在问题", "常用意见须写明存在的问题"));
        }
        validate::long_text("存在问题", &self.problem, 2000)?;
        validate::long_text("法律依据", &self.legal_basis, 2000)?;
        validate::long_text("修改建议", &self.suggestion, 2000)?;
        Ok(())
    }

    /// The entry as a finding of a letter (the clause is the drafter's to fill in).
    pub fn to_finding(&self) -> Finding {
        Finding {
            clause: String::new(),
            problem: self.problem.clone(),
            legal_basis: self.legal_basis.clone(),
            suggestion: self.suggestion.clone(),
        }
    }

    /// Whether every word of `query` is in the entry's text (empty matches all).
    pub fn matches(&self, query: &str) -> bool {
        let text = format!(
            "{} {} {} {}",
            self.title, self.problem, self.legal_basis, self.suggestion
        );
        query.split_whitespace().all(|w| text.contains(w))
    }
}

/// `assets/clauses/clauses.json`, compiled in.
pub const BUILTIN_CLAUSES: &str = include_str!("../../assets/clauses/clauses.json");

#[derive(Debug, Deserialize)]
struct ClauseFile {
    format: String,
    version: u32,
    clauses: Vec<ClauseSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseSeed {
    code: String,
    title: String,
    kinds: Vec<String>,
    problem: String,
    legal_basis: String,
    suggestion: String,
}

/// The built-in entries, checked.
pub fn builtin_clauses() -> Result<Vec<ClauseEntry>> {
    let file: ClauseFile = serde_json::from_str(BUILTIN_CLAUSES)
        .map_err(|e| Error::Refused(format!("内置常用意见库格式有误：{e}")))?;
    if file.format != "fashen-clauses" || file.version != 1 {
        return Err(Error::Refused("内置常用意见库版本不符".into()));
    }
    file.clauses
        .into_iter()
        .map(|s| {
            let entry = ClauseEntry {
                id: builtin_clause_id(&s.code),
                code: Some(s.code),
                title: s.title,
                kinds: s
                    .kinds
                    .iter()
                    .map(|k| CaseKind::parse(k))
                    .collect::<Result<_>>()?,
                problem: s.problem,
                legal_basis: s.legal_basis,
                suggestion: s.suggestion,
                retired: false,
            };
            entry.validate()?;
            Ok(entry)
        })
        .collect()
}

impl ClauseEntry {
    pub fn uuid(&self) -> Uuid {
        self.id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_library_reads_and_every_entry_has_a_unique_code() {
        let all = builtin_clauses().unwrap();
        assert!(all.len() >= 20);
        let mut codes: Vec<_> = all.iter().map(|c| c.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        let licence = all.iter().find(|c| c.title == "增设行政许可").unwrap();
        assert!(licence.matches("行政许可法 第十七条"));
        assert!(!licence.matches("行政处罚法"));
    }
}
