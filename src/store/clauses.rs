//! The clause library's derived rows: one per entry, named by its title for listing. The shipped entries are
//! seeded with the other built-in data (`calendar.rs`).

use rusqlite::types::Value;
use uuid::Uuid;

use super::search::Parts;
use super::Record;
use crate::error::Result;
use crate::model::clause::ClauseEntry;
use crate::revision::EntityKind;
use crate::search::{place, Rank, Section};

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
    const SEARCHED: Option<Section> = Some(Section::Own);
    fn search_parts(&self, out: &mut Parts) {
        // A retired entry is kept but no longer found.
        if self.retired {
            return;
        }
        let at = |what: &str| place::own("clause", what);
        let r = Rank::Headline;
        out.text(r, at("title"), &self.title);
        out.opt(r, at("code"), self.code.as_deref());
        out.text(r, at("problem"), &self.problem);
        out.text(r, at("basis"), &self.legal_basis);
        out.text(r, at("suggestion"), &self.suggestion);
    }
    fn values(&self) -> Vec<Value> {
        vec![Value::Text(self.title.clone())]
    }
}
