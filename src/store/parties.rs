//! Units and people: their derived rows and lookups.

use rusqlite::types::Value;
use uuid::Uuid;

use super::search::Parts;
use super::{records_where, Record, Reference, Store};
use crate::error::Result;
use crate::ids::UnitId;
use crate::model::{Person, Unit};
use crate::revision::EntityKind;
use crate::search::{place, Rank, Section};

impl Record for Unit {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Unit;
    const TABLE: &'static str = "units";
    const COLUMNS: &'static [&'static str] = &["name", "code", "is_self"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Own);
    fn search_parts(&self, out: &mut Parts) {
        out.text(Rank::Headline, place::own("unit", "name"), &self.name);
        out.opt(
            Rank::Headline,
            place::own("unit", "code"),
            self.code.as_deref(),
        );
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.name.clone()),
            self.code.clone().map_or(Value::Null, Value::Text),
            Value::Integer(self.is_self.into()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        self.parent_id
            .map(|u| Reference::to(EntityKind::Unit, u.0, "上级单位"))
            .into_iter()
            .collect()
    }
}

impl Record for Person {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Person;
    const TABLE: &'static str = "people";
    const COLUMNS: &'static [&'static str] = &["name", "role", "unit_id"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Own);
    fn search_parts(&self, out: &mut Parts) {
        out.text(Rank::Headline, place::own("person", "name"), &self.name);
        if let Some(a) = &self.advisor {
            out.text(Rank::Headline, place::own("person", "firm"), &a.law_firm);
            out.text(
                Rank::Headline,
                place::own("person", "licence"),
                &a.licence_no,
            );
        }
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.name.clone()),
            Value::Text(self.role.code().to_string()),
            self.unit_id
                .map_or(Value::Null, |u| Value::Text(u.to_string())),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        self.unit_id
            .map(|u| Reference::to(EntityKind::Unit, u.0, "所在单位"))
            .into_iter()
            .collect()
    }
}

impl Store {
    pub fn units_named(&self, name: &str) -> Result<Vec<Unit>> {
        records_where(self.conn(), "name", name)
    }

    pub fn units_with_code(&self, code: &str) -> Result<Vec<Unit>> {
        records_where(self.conn(), "code", code)
    }

    /// The office using this app (本机关), if one is marked.
    pub fn self_unit(&self) -> Result<Option<Unit>> {
        Ok(records_where::<Unit>(self.conn(), "is_self", "1")?
            .into_iter()
            .next())
    }

    pub fn people_named(&self, name: &str) -> Result<Vec<Person>> {
        records_where(self.conn(), "name", name)
    }

    /// The 签发人 of a unit, by name.
    pub fn signers_of(&self, unit: UnitId) -> Result<Vec<Person>> {
        signers_of(self.conn(), unit)
    }
}

fn signers_of(conn: &rusqlite::Connection, unit: UnitId) -> Result<Vec<Person>> {
    let mut people: Vec<Person> = records_where(conn, "unit_id", &unit.to_string())?;
    people.retain(|p| p.signs);
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}

impl super::Tx<'_> {
    /// The 签发人 of a unit, by name.
    pub fn signers_of(&self, unit: UnitId) -> Result<Vec<Person>> {
        signers_of(self.conn(), unit)
    }

    /// Whether another person already has this name (names are how people are picked: `--assignee 刘洋`).
    pub fn person_name_taken(&self, name: &str, except: uuid::Uuid) -> Result<bool> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM people WHERE name = ?1 AND id <> ?2",
            rusqlite::params![name, except.to_string()],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    pub fn self_unit(&self) -> Result<Option<Unit>> {
        Ok(records_where::<Unit>(self.conn(), "is_self", "1")?
            .into_iter()
            .next())
    }
}
