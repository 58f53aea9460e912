//! The office's own entries of its lists of choices (a task's 成果形式, a 建议提案's 办理类别).

use rusqlite::types::Value;
use uuid::Uuid;

use super::{records_where, Record, Reference, Store};
use crate::error::Result;
use crate::model::choice::{ChoiceEntry, ChoiceList};
use crate::revision::EntityKind;

impl Record for ChoiceEntry {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Choice;
    const TABLE: &'static str = "choices";
    const COLUMNS: &'static [&'static str] = &["list", "code"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.list.code().to_string()),
            Value::Text(self.code.clone()),
        ]
    }
}

impl Store {
    /// The office's own entries of `list` (additions and rewordings of built-in ones), by code.
    pub fn choice_entries(&self, list: ChoiceList) -> Result<Vec<ChoiceEntry>> {
        let mut entries: Vec<ChoiceEntry> = records_where(self.conn(), "list", list.code())?;
        entries.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(entries)
    }
}

/// A value of one of the office's lists names its entry: none needed for a built-in code, the office's own
/// record for any other (so a code no list has is refused on every path in).
pub(crate) fn listed(list: ChoiceList, code: Option<&str>) -> Option<Reference> {
    let code = code.filter(|c| !list.is_built_in(c))?;
    Some(Reference::to(
        EntityKind::Choice,
        ChoiceEntry::id_of(list, code).0,
        list.label(),
    ))
}
