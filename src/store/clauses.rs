//! The clause library's derived rows: one per entry, named by its title for listing. The shipped entries are
//! seeded with the other built-in data (`calendar.rs`).

use rusqlite::types::Value;
use uuid::Uuid;

use super::Record;
use crate::error::Result;
use crate::model::clause::ClauseEntry;
use crate::revision::EntityKind;

impl Record for ClauseEntry {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Clause;
    const TABLE: &'static str = "clauses";
    const COLUMNS: &'static [&'static str] = &["title"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn values(&self) -> Vec<Value> {
        vec![Value::Text(self.title.clone())]
    }
}
