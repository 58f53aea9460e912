//! Calendar years and deadline rules as records: their derived rows, and the calendar and rule book the
//! deadline engine reads (cached by version). The built-in data every database starts with is `store::seed`.

use std::sync::{Arc, Mutex};

use rusqlite::types::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Record, Store};
use crate::deadlines::RuleBook;
use crate::error::Result;
use crate::model::calendar::WorkingDayCalendar;
use crate::model::calendar::{calendar_year_id, CalendarYear};
use crate::model::rule::{rule_id, DeadlineRule};
use crate::revision::EntityKind;

impl Record for CalendarYear {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::CalendarYear;
    const TABLE: &'static str = "calendar_years";
    const COLUMNS: &'static [&'static str] = &["year"];
    fn uuid(&self) -> Uuid {
        calendar_year_id(self.year)
    }
    fn values(&self) -> Vec<Value> {
        vec![Value::Integer(self.year.into())]
    }
}

impl Record for DeadlineRule {
    const ENTITY: EntityKind = EntityKind::DeadlineRule;
    const TABLE: &'static str = "deadline_rules";
    const COLUMNS: &'static [&'static str] = &["code"];
    fn uuid(&self) -> Uuid {
        rule_id(self.code)
    }
    fn values(&self) -> Vec<Value> {
        vec![Value::Text(self.code.code().to_string())]
    }
}

/// The calendar in force and its version: a short hash of every stored year's current revision, recorded on
/// each deadline so a changed calendar shows which deadlines were computed before the change.
///
/// Building the calendar parses every year; the version is read first (ten short rows) and a calendar already
/// built for that version is reused. The version names content (revision ids are content hashes), so the
/// cache is right for any database in the process, and a year changed by another process is seen at once.
pub(super) fn load_calendar(
    conn: &rusqlite::Connection,
) -> Result<(Arc<WorkingDayCalendar>, String)> {
    static BUILT: Mutex<Option<(String, Arc<WorkingDayCalendar>)>> = Mutex::new(None);
    let heads = {
        let mut stmt =
            conn.prepare_cached("SELECT year, rev_id FROM calendar_years ORDER BY year")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut hasher = Sha256::new();
    for (year, rev) in &heads {
        hasher.update(format!("{year}:{rev};").as_bytes());
    }
    let version = hex::encode(&hasher.finalize()[..6]);
    // A poisoned lock only means another thread panicked while holding a cache entry; the entry is checked
    // against the version anyway.
    let mut slot = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((v, cal)) = slot.as_ref() {
        if *v == version {
            return Ok((cal.clone(), version));
        }
    }
    let mut stmt = conn.prepare_cached("SELECT body FROM calendar_years ORDER BY year")?;
    let bodies = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut years = Vec::with_capacity(bodies.len());
    for body in &bodies {
        let y: CalendarYear = super::decode(body)?;
        years.push(y.to_year_calendar()?);
    }
    let cal = Arc::new(WorkingDayCalendar::new(years)?);
    *slot = Some((version.clone(), cal.clone()));
    Ok((cal, version))
}

pub(super) fn load_rules(conn: &rusqlite::Connection) -> Result<RuleBook> {
    let mut stmt = conn.prepare_cached("SELECT rev_id, body FROM deadline_rules")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rules = Vec::with_capacity(rows.len());
    for (rev, body) in rows {
        let r: DeadlineRule = super::decode(&body)?;
        rules.push((r, rev));
    }
    Ok(RuleBook::new(rules))
}

impl Store {
    /// Every stored calendar year, oldest first.
    pub fn calendar_years(&self) -> Result<Vec<CalendarYear>> {
        let mut years: Vec<CalendarYear> = self.all()?;
        years.sort_by_key(|y| y.year);
        Ok(years)
    }

    /// The working-day calendar in force, with its version.
    pub fn working_day_calendar(&self) -> Result<(Arc<WorkingDayCalendar>, String)> {
        load_calendar(self.conn())
    }

    /// The rules as the office has set them, each with its current revision.
    pub fn rule_book(&self) -> Result<RuleBook> {
        load_rules(self.conn())
    }

    /// Every rule record with its current revision, in the engine's order.
    pub fn deadline_rules(&self) -> Result<Vec<(DeadlineRule, String)>> {
        // The book is keyed by code, whose order is the engine's.
        Ok(self.rule_book()?.into_rules().collect())
    }
}
