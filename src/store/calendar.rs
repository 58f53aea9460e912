//! Calendar years, deadline rules and the clause library: their derived rows, the reads the deadline engine needs, and the
//! built-in reference data every database starts with.
//!
//! The built-in data (the 2017–2026 calendars, the default rules and the shipped 常用审查意见) is written as *seed* revisions with a
//! fixed device id, clock stamp and author, so the same seed has the same revision id on every laptop: sync
//! then sees one shared origin rather than ten calendars per laptop. A seed is written only where the record
//! does not exist yet, so an office's own corrections are never overwritten by a newer release.

use std::sync::{Arc, Mutex};

use rusqlite::types::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Record, Store, Tx};
use crate::calendar::WorkingDayCalendar;
use crate::deadlines::RuleBook;
use crate::error::Result;
use crate::ids::DeviceId;
use crate::model::calendar::{calendar_year_id, CalendarFile, CalendarYear};
use crate::model::clause::{builtin_clauses, ClauseEntry};
use crate::model::rule::{rule_id, DeadlineRule, RuleCode};
use crate::revision::{EntityKind, Hlc};

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

/// The device id of built-in data: no laptop's.
pub(crate) const SEED_DEVICE: DeviceId = DeviceId(Uuid::nil());
/// The clock stamp of built-in data (2026-11-25T00:00:00Z, when this data was assembled).
const SEED_HLC: Hlc = Hlc {
    wall_ms: 1_795_564_800_000,
    counter: 0,
};
const SEED_AUTHOR: &str = "法审台内置数据";

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
    /// Writes the built-in calendars and rules that this database lacks (on creation, and once after the
    /// upgrade that introduced them).
    pub(super) fn seed_reference_data(&mut self) -> Result<()> {
        let calendar = CalendarFile::builtin()?;
        let have_years: Vec<i64> = {
            let mut stmt = self.conn().prepare("SELECT year FROM calendar_years")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let have_rules: Vec<String> = {
            let mut stmt = self.conn().prepare("SELECT code FROM deadline_rules")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let years: Vec<CalendarYear> = calendar
            .years
            .into_iter()
            .filter(|y| !have_years.contains(&i64::from(y.year)))
            .collect();
        let rules: Vec<DeadlineRule> = RuleCode::ALL
            .iter()
            .filter(|c| !have_rules.iter().any(|h| h == c.code()))
            .map(|c| c.default_rule())
            .collect();
        let have_clauses: Vec<String> = {
            let mut stmt = self.conn().prepare("SELECT id FROM clauses")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let clauses: Vec<ClauseEntry> = builtin_clauses()?
            .into_iter()
            .filter(|c| !have_clauses.contains(&c.id.to_string()))
            .collect();
        let engine = super::meta_get(self.conn(), "deadline_engine")?;
        let stale_engine = engine.as_deref() != Some(crate::deadlines::ENGINE_VERSION);
        if years.is_empty() && rules.is_empty() && clauses.is_empty() && !stale_engine {
            return Ok(());
        }
        self.write("seed.reference", |tx| {
            if stale_engine {
                super::meta_set(
                    tx.conn(),
                    "deadline_engine",
                    crate::deadlines::ENGINE_VERSION,
                )?;
                tx.recompute_all_deadlines();
            }
            for y in &years {
                tx.put_seed(y, &format!("内置{}年工作日历（{}）", y.year, y.source))?;
            }
            for r in &rules {
                tx.put_seed(
                    r,
                    &format!("内置期限规则：{}（{}）", r.code.label(), r.period_text()),
                )?;
            }
            for c in &clauses {
                tx.put_seed(c, &format!("内置常用审查意见：{}", c.title))?;
            }
            Ok(())
        })
    }

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

impl Tx<'_> {
    /// Writes a built-in record as its seed revision: fixed device, clock stamp and author, no parents.
    fn put_seed<R: Record>(&mut self, record: &R, message: &str) -> Result<()> {
        let body = serde_json::to_value(record)
            .map_err(|e| crate::Error::Refused(format!("无法序列化记录：{e}")))?;
        let rev = crate::revision::Revision::new(
            R::ENTITY,
            record.uuid(),
            Vec::new(),
            SEED_DEVICE,
            SEED_HLC,
            SEED_AUTHOR,
            crate::revision::Op::Put,
            message,
            body,
        );
        super::revisions::insert(self.conn(), &rev, None)?;
        super::revisions::set_head(self.conn(), &rev)?;
        super::project(self.conn(), record, &rev.rev_id)?;
        self.note(message);
        self.touch(record);
        Ok(())
    }
}
