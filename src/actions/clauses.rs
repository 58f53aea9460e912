//! The clause library (常用审查意见): finding an entry while drafting, and saving an office's own.

use super::require;
use crate::error::{Error, Result};
use crate::ids::ClauseId;
use crate::model::clause::ClauseEntry;
use crate::model::validate;
use crate::model::CaseKind;
use crate::store::Store;

/// The entries for a case of `kind` (all kinds when `None`) whose text has every word of `query`; retired ones
/// left out. The office's own entries come first, then the shipped ones in their file's order.
pub fn search_clauses(
    store: &Store,
    query: &str,
    kind: Option<CaseKind>,
) -> Result<Vec<ClauseEntry>> {
    let builtin_order: Vec<String> = crate::model::clause::builtin_clauses()?
        .into_iter()
        .filter_map(|c| c.code)
        .collect();
    let mut found: Vec<ClauseEntry> = store
        .all::<ClauseEntry>()?
        .into_iter()
        .filter(|c| !c.retired)
        .filter(|c| kind.is_none_or(|k| c.kinds.is_empty() || c.kinds.contains(&k)))
        .filter(|c| c.matches(query.trim()))
        .collect();
    let rank = |c: &ClauseEntry| match &c.code {
        None => (0, 0, c.title.clone()),
        Some(code) => (
            1,
            builtin_order
                .iter()
                .position(|b| b == code)
                .unwrap_or(usize::MAX),
            String::new(),
        ),
    };
    found.sort_by_key(rank);
    Ok(found)
}

/// An office's own entry, as the editor or the CLI sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClauseInput {
    pub title: String,
    pub kinds: Vec<String>,
    pub problem: String,
    pub legal_basis: String,
    pub suggestion: String,
}

/// Saves a new entry (typically a finding the drafter wants to reuse).
pub fn add_clause(store: &mut Store, input: &ClauseInput) -> Result<ClauseEntry> {
    let entry = ClauseEntry {
        id: ClauseId::new(store.clock()),
        code: None,
        title: validate::required_text("名称", &input.title, 40)?,
        kinds: input
            .kinds
            .iter()
            .map(|k| CaseKind::parse(k))
            .collect::<Result<_>>()?,
        problem: input.problem.trim().to_string(),
        legal_basis: input.legal_basis.trim().to_string(),
        suggestion: input.suggestion.trim().to_string(),
        retired: false,
    };
    entry.validate()?;
    let same = search_clauses(store, "", None)?
        .into_iter()
        .find(|c| c.title == entry.title);
    if let Some(c) = same {
        return Err(Error::Duplicate(format!(
            "常用意见库已有名为「{}」的条目，请换一个名称",
            c.title
        )));
    }
    store.write("clause.add", |tx| {
        tx.put(&entry, &format!("新增常用审查意见：{}", entry.title))?;
        Ok(())
    })?;
    Ok(entry)
}

/// Leaves an entry out of searches from now on (it stays in the history and on other laptops' records).
pub fn retire_clause(store: &mut Store, key: &str) -> Result<ClauseEntry> {
    let found: ClauseEntry =
        super::by_id(store, key)?.ok_or_else(|| Error::not_found("常用审查意见", key.trim()))?;
    let id = found.id.0;
    store
        .write("clause.retire", |tx| {
            let mut c: ClauseEntry = require(tx, id)?;
            if c.retired {
                return Err(Error::Refused(format!("「{}」已停用", c.title)));
            }
            c.retired = true;
            tx.put(&c, &format!("停用常用审查意见：{}", c.title))?;
            Ok(c)
        })
        .map(|w| w.value)
}
