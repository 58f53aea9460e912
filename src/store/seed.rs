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
use crate::model::rule::{rule_id, DeadlineRule, RuleCode};
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
            .map(|c| c.first_edition())
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
        let second_edition = !rules.is_empty() || self.rules_in_first_edition()?;
        if years.is_empty()
            && rules.is_empty()
            && clauses.is_empty()
            && !stale_engine
            && !second_edition
        {
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
                tx.put_seed(r, &rule_seed_message(r))?;
            }
            for c in &clauses {
                tx.put_seed(c, &format!("内置常用审查意见：{}", c.title))?;
            }
            if second_edition {
                tx.rules_second_edition()?;
            }
            Ok(())
        })
        .map(|w| w.value)
    }
}

/// The clock stamp of the rule table's second edition (2026-12-07T00:00:00Z): national rules with their
/// article, local ones marked 按本地规定设置 (issue 17).
const RULES_V2_HLC: Hlc = Hlc {
    wall_ms: 1_796_601_600_000,
    counter: 0,
};

impl Store {
    /// Whether some rule is still exactly as the first release shipped it.
    fn rules_in_first_edition(&self) -> Result<bool> {
        for &code in RuleCode::ALL {
            let seed = first_edition_revision(code)?;
            if super::revisions::heads(self.conn(), rule_id(code))? == [seed.rev_id] {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The seed revision of a rule as the first release shipped it.
fn first_edition_revision(code: RuleCode) -> Result<crate::revision::Revision> {
    let first = code.first_edition();
    seed_revision(&first, &rule_seed_message(&first), Vec::new(), SEED_HLC)
}

fn rule_seed_message(r: &DeadlineRule) -> String {
    format!("内置期限规则：{}（{}）", r.code.label(), r.period_text())
}

/// A built-in record's revision: fixed device, clock stamp and author, so it is the same on every laptop.
fn seed_revision<R: Record>(
    record: &R,
    message: &str,
    parents: Vec<String>,
    hlc: Hlc,
) -> Result<crate::revision::Revision> {
    let body = serde_json::to_value(record)
        .map_err(|e| crate::Error::Refused(format!("无法序列化记录：{e}")))?;
    let mut rev = crate::revision::Revision::new(
        R::ENTITY,
        record.uuid(),
        parents,
        SEED_DEVICE,
        hlc,
        SEED_AUTHOR,
        crate::revision::Op::Put,
        message,
        body,
    );
    // Stamped with the schema the seed was born with, whatever this build writes: its id must be the one
    // every laptop, of any version, computes for it.
    rev.schema = SEED_SCHEMA;
    rev.rev_id = rev.computed_id();
    Ok(rev)
}

/// The body schema of every built-in revision (see [`seed_revision`]).
const SEED_SCHEMA: u32 = 1;

impl Tx<'_> {
    /// Brings each rule still as first shipped to the second edition's source, by a revision as fixed as the
    /// seed's (the same on every laptop, so sync sees one history). A rule the office has changed is its own.
    fn rules_second_edition(&mut self) -> Result<()> {
        for &code in RuleCode::ALL {
            let seed = first_edition_revision(code)?;
            if super::revisions::heads(self.conn(), rule_id(code))? != [seed.rev_id.clone()] {
                continue;
            }
            let rule = code.default_rule();
            let rev = seed_revision(
                &rule,
                &format!(
                    "内置期限规则更新依据：{}（{}）",
                    code.label(),
                    if code.is_national() {
                        "全国统一规定"
                    } else {
                        "按本地规定设置"
                    }
                ),
                vec![seed.rev_id],
                RULES_V2_HLC,
            )?;
            self.write_seed(&rule, &rev)?;
        }
        Ok(())
    }

    /// Writes a built-in record as its seed revision: fixed device, clock stamp and author, no parents.
    fn put_seed<R: Record>(&mut self, record: &R, message: &str) -> Result<()> {
        let rev = seed_revision(record, message, Vec::new(), SEED_HLC)?;
        self.write_seed(record, &rev)
    }

    fn write_seed<R: Record>(&mut self, record: &R, rev: &crate::revision::Revision) -> Result<()> {
        super::revisions::insert(self.conn(), rev, None)?;
        super::revisions::set_head(self.conn(), rev)?;
        super::project(self.conn(), record, &rev.rev_id)?;
        self.note(&rev.message);
        self.touch(record);
        Ok(())
    }
}
