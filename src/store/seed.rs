//! The built-in reference data every database starts with — the State Council calendars, the rule table of
//! domain.md §9.3 and the shipped clause library — written as seed revisions with a fixed device, clock stamp
//! and author, so the same seed has the same revision id on every laptop: sync then sees one shared origin
//! rather than ten calendars per laptop. A seed is written only where the record does not exist yet, so an
//! office's own corrections are never overwritten by a newer release.

use super::revisions::SEED_DEVICE;
use super::{Record, Store, Tx};
use crate::error::Result;
use crate::model::calendar::{CalendarFile, CalendarYear};
use crate::model::clause::{builtin_clauses, ClauseEntry};
use crate::model::rule::{DeadlineRule, RuleCode};
use crate::revision::Hlc;

/// The clock stamp of built-in data (2026-11-25T00:00:00Z, when this data was assembled).
const SEED_HLC: Hlc = Hlc {
    wall_ms: 1_795_564_800_000,
    counter: 0,
};
const SEED_AUTHOR: &str = "法审台内置数据";

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
        .map(|w| w.value)
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
