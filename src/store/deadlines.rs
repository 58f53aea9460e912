//! The derived `deadlines` table, its refresh inside every write, the log of moved dates, and the deadline
//! lists of the dashboard and the CLI.
//!
//! A write that touches a case, its clock events, its filings or its examined files recomputes that case's
//! deadlines; a write that touches a rule or a calendar year recomputes every case's. A recomputed date that differs from the stored
//! one is logged in `deadline_moves` (old → new, with the change that caused it) and handed back to the caller
//! ([`Written::moves`](super::Written)), so a deadline never moves silently.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;
use uuid::Uuid;

use super::calendar::{load_calendar, load_rules};
use super::{decode, Store};
use crate::deadlines::{case_deadlines, CaseFacts, Deadline, DeadlineState, RuleBook};
use crate::error::Result;
use crate::model::calendar::WorkingDayCalendar;
use crate::model::rule::RulePurpose;
use crate::model::{CaseKind, ClockEvent, FilingRecord, RegNo, ReviewCase, Status};

/// Which cases a refresh recomputes.
pub(super) enum Scope<'a> {
    Cases(&'a BTreeSet<Uuid>),
    All,
}

/// A deadline whose date moved when it was recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineMove {
    pub at: String,
    pub case_id: String,
    pub reg_no: Option<String>,
    pub rule: String,
    pub label: String,
    pub old_due: Option<NaiveDate>,
    pub new_due: Option<NaiveDate>,
    /// The change that moved it (the write's summary).
    pub cause: String,
}

struct Stored {
    due: Option<String>,
    state: String,
    body: String,
    calendar_version: String,
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Text(d.to_string()))
}

/// Recomputes the deadlines of the cases in `scope`, rewrites the rows that changed, logs moved dates.
pub(super) fn refresh(
    conn: &Connection,
    scope: Scope<'_>,
    cause: &str,
    at: &str,
) -> Result<Vec<DeadlineMove>> {
    let ids: Vec<Uuid> = match scope {
        Scope::Cases(ids) if ids.is_empty() => return Ok(Vec::new()),
        Scope::Cases(ids) => ids.iter().copied().collect(),
        Scope::All => Vec::new(),
    };
    let all = ids.is_empty();
    let rules = load_rules(conn)?;
    let (cal, version) = load_calendar(conn)?;
    let loaded = if all {
        load_everything(conn)?
    } else if ids.len() >= TABLE_SCAN_CASES && ids.len() * 2 >= case_count(conn)? {
        // Most of the register (a first sync import): three table scans instead of three lookups a case.
        let mut loaded = load_everything(conn)?;
        let wanted: std::collections::HashSet<&Uuid> = ids.iter().collect();
        loaded.cases.retain(|c| wanted.contains(&c.id.0));
        // In id order, as `load_some` gives them: the rows then go into `deadlines` in key order.
        loaded.cases.sort_by_key(|c| c.id);
        loaded
    } else {
        load_some(conn, &ids)?
    };
    let mut moves = Vec::new();
    let mut stale = if all {
        let mut stmt = conn.prepare("SELECT DISTINCT case_id FROM deadlines")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<BTreeSet<String>>>()?
    } else {
        ids.iter().map(Uuid::to_string).collect()
    };
    loaded.each_computed(&rules, &cal, |case, fresh| {
        stale.remove(&case.id.to_string());
        moves.extend(store_case(conn, case, fresh, &version, cause, at)?);
        Ok(())
    })?;
    // Cases deleted (or never existing) keep no deadlines.
    for id in stale {
        conn.prepare_cached("DELETE FROM deadlines WHERE case_id = ?1")?
            .execute([&id])?;
        conn.prepare_cached("DELETE FROM case_next_due WHERE case_id = ?1")?
            .execute([&id])?;
    }
    Ok(moves)
}

/// Cases from which a refresh reads whole tables rather than case by case.
const TABLE_SCAN_CASES: usize = 5_000;

fn case_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Cases with the records their deadlines depend on.
struct Loaded {
    cases: Vec<ReviewCase>,
    events: BTreeMap<String, Vec<ClockEvent>>,
    filings: BTreeMap<String, Vec<FilingRecord>>,
    files: BTreeMap<String, Vec<crate::model::inspection::InspectedFile>>,
}

/// A deadline computed afresh, with the JSON its row keeps.
struct Computed {
    deadline: Deadline,
    body: String,
}

/// Cases whose deadlines are computed together: up to one chunk on every core; beyond it a chunk ahead on
/// another thread while the rows of the one before are written. Small enough that 100 000 cases' deadlines
/// are never held in memory together.
const CHUNK: usize = 4_096;

impl Loaded {
    /// One case's deadlines computed afresh.
    fn compute(
        &self,
        case: &ReviewCase,
        rules: &RuleBook,
        cal: &WorkingDayCalendar,
    ) -> Result<Vec<Computed>> {
        let id = case.id.to_string();
        let facts = CaseFacts {
            case,
            events: self.events.get(&id).map_or(&[], Vec::as_slice),
            filings: self.filings.get(&id).map_or(&[], Vec::as_slice),
            files: self.files.get(&id).map_or(&[], Vec::as_slice),
        };
        case_deadlines(&facts, rules, cal)
            .into_iter()
            .map(|deadline| {
                let body = serde_json::to_string(&deadline)
                    .map_err(|e| crate::Error::Refused(format!("无法序列化期限：{e}")))?;
                Ok(Computed { deadline, body })
            })
            .collect()
    }

    /// Hands `f` each case with its deadlines computed afresh, in the order of `cases`. Beyond a chunk of
    /// cases the computing runs a chunk ahead on another thread while `f` writes the rows of the one before.
    fn each_computed(
        &self,
        rules: &RuleBook,
        cal: &WorkingDayCalendar,
        mut f: impl FnMut(&ReviewCase, &[Computed]) -> Result<()>,
    ) -> Result<()> {
        if self.cases.len() <= CHUNK {
            let computed = crate::par::map(&self.cases, 512, |_, c| self.compute(c, rules, cal));
            for (case, fresh) in self.cases.iter().zip(computed) {
                f(case, &fresh?)?;
            }
            return Ok(());
        }
        std::thread::scope(|s| {
            let (ahead, computed) = std::sync::mpsc::sync_channel(1);
            s.spawn(move || {
                for chunk in self.cases.chunks(CHUNK) {
                    let done: Vec<_> = chunk.iter().map(|c| self.compute(c, rules, cal)).collect();
                    // The receiver is gone when `f` failed: stop.
                    if ahead.send(done).is_err() {
                        break;
                    }
                }
            });
            for (chunk, done) in self.cases.chunks(CHUNK).zip(computed) {
                for (case, fresh) in chunk.iter().zip(done) {
                    f(case, &fresh?)?;
                }
            }
            Ok(())
        })
    }
}

fn group<R: super::Record>(conn: &Connection, sql: &str) -> Result<BTreeMap<String, Vec<R>>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out: BTreeMap<String, Vec<R>> = BTreeMap::new();
    for row in rows {
        let (case, body) = row?;
        out.entry(case).or_default().push(decode(&body)?);
    }
    Ok(out)
}

fn load_everything(conn: &Connection) -> Result<Loaded> {
    let cases = super::all_records::<ReviewCase>(conn)?;
    let events = group(
        conn,
        "SELECT case_id, body FROM clock_events ORDER BY on_date",
    )?;
    let filings = group(conn, "SELECT case_id, body FROM filings ORDER BY rowid")?;
    let files = group(
        conn,
        "SELECT case_id, body FROM inspected_files ORDER BY id",
    )?;
    Ok(Loaded {
        cases,
        events,
        filings,
        files,
    })
}

fn load_some(conn: &Connection, ids: &[Uuid]) -> Result<Loaded> {
    let mut cases = Vec::new();
    let mut events = BTreeMap::new();
    let mut filings = BTreeMap::new();
    let mut files = BTreeMap::new();
    for id in ids {
        if let Some(c) = super::get_record::<ReviewCase>(conn, *id)? {
            let key = id.to_string();
            events.insert(key.clone(), super::records_where(conn, "case_id", &key)?);
            filings.insert(key.clone(), super::records_where(conn, "case_id", &key)?);
            if c.kind() == crate::model::CaseKind::FileInspection {
                let f = super::records_where(conn, "case_id", &key)?;
                files.insert(key, f);
            }
            cases.push(c);
        }
    }
    Ok(Loaded {
        cases,
        events,
        filings,
        files,
    })
}

/// Rewrites one case's rows where they differ and returns the dates that moved.
fn store_case(
    conn: &Connection,
    case: &ReviewCase,
    fresh: &[Computed],
    version: &str,
    cause: &str,
    at: &str,
) -> Result<Vec<DeadlineMove>> {
    let id = case.id.to_string();
    let mut old: BTreeMap<String, Stored> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rule, due, state, body, calendar_version FROM deadlines WHERE case_id = ?1",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Stored {
                    due: r.get(1)?,
                    state: r.get(2)?,
                    body: r.get(3)?,
                    calendar_version: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (k, v) = row?;
            old.insert(k, v);
        }
    }
    let mut moves = Vec::new();
    for Computed { deadline: d, body } in fresh {
        let key = d.key();
        let due = d.due.map(|x| x.to_string());
        let existed = old.contains_key(key);
        if let Some(prev) = old.remove(key) {
            if prev.body == *body && prev.calendar_version == version {
                continue;
            }
            let was_running = prev.state == DeadlineState::Open.code()
                || prev.state == DeadlineState::Paused.code();
            // A running deadline whose date changed, appeared (a resumed clock) or went (a paused one).
            if prev.due != due && was_running {
                let old_due = prev.due.as_deref().and_then(|s| s.parse().ok());
                let m = DeadlineMove {
                    at: at.to_string(),
                    case_id: id.clone(),
                    reg_no: Some(case.reg_no.to_string()),
                    rule: key.to_string(),
                    label: d.label.clone(),
                    old_due,
                    new_due: d.due,
                    cause: cause.to_string(),
                };
                moves.push(log_move(conn, m)?);
            }
        }
        // A plain INSERT for a row not read above: no statement journal (see `project_sql`).
        conn.prepare_cached(&format!(
            "INSERT {}INTO deadlines
               (case_id, rule, purpose, state, due, trigger_on, provisional, rule_rev, calendar_version, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            if existed { "OR REPLACE " } else { "" }
        ))?
        .execute(params![
            id,
            key,
            d.purpose.code(),
            d.state.code(),
            due,
            d.trigger.map(|t| t.to_string()),
            d.provisional,
            d.rule_rev,
            version,
            body
        ])?;
    }
    // Deadlines that no longer apply (a rule switched off, 暂行 set or cleared): a running one is logged as gone.
    for (key, prev) in &old {
        conn.prepare_cached("DELETE FROM deadlines WHERE case_id = ?1 AND rule = ?2")?
            .execute(params![id, key])?;
        let running = prev.state == DeadlineState::Open.code();
        if let (true, Some(old_due)) = (running, prev.due.as_deref()) {
            let label = serde_json::from_str::<Deadline>(&prev.body)
                .map(|d| d.label)
                .unwrap_or_else(|_| key.clone());
            let m = DeadlineMove {
                at: at.to_string(),
                case_id: id.clone(),
                reg_no: Some(case.reg_no.to_string()),
                rule: key.clone(),
                label,
                old_due: old_due.parse().ok(),
                new_due: None,
                cause: cause.to_string(),
            };
            moves.push(log_move(conn, m)?);
        }
    }
    match next_due(fresh.iter().map(|c| &c.deadline)) {
        Some(due) => conn
            .prepare_cached("INSERT OR REPLACE INTO case_next_due (case_id, due) VALUES (?1, ?2)")?
            .execute(params![id, due.to_string()])?,
        None => conn
            .prepare_cached("DELETE FROM case_next_due WHERE case_id = ?1")?
            .execute([&id])?,
    };
    Ok(moves)
}

/// Writes one moved date to this laptop's log and hands it back.
fn log_move(conn: &Connection, m: DeadlineMove) -> Result<DeadlineMove> {
    conn.prepare_cached(
        "INSERT INTO deadline_moves (at, case_id, rule, label, old_due, new_due, cause)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.at,
        m.case_id,
        m.rule,
        m.label,
        date_value(m.old_due),
        date_value(m.new_due),
        m.cause
    ])?;
    Ok(m)
}

/// The soonest open deadline (办理期限 purpose) of a case: what the register shows and sorts by.
fn next_due<'a>(deadlines: impl Iterator<Item = &'a Deadline>) -> Option<NaiveDate> {
    deadlines
        .filter(|d| d.state == DeadlineState::Open && d.purpose == RulePurpose::Deadline)
        .filter_map(|d| d.due)
        .min()
}

/// A stored deadline as the case page shows it: the engine's record plus the calendar version it used.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDeadline {
    #[serde(flatten)]
    pub deadline: Deadline,
    pub calendar_version: String,
}

/// One line of a deadline list: the deadline and the case it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    pub case_id: String,
    pub reg_no: String,
    pub title: String,
    pub kind: CaseKind,
    pub status: Status,
    pub assignee_name: Option<String>,
    pub rule: String,
    pub label: String,
    pub purpose: RulePurpose,
    pub state: DeadlineState,
    pub due: Option<NaiveDate>,
    /// The start event's date (for the pre-expiry reminder: the expiry date).
    pub trigger: Option<NaiveDate>,
    pub provisional: bool,
}

/// Which deadlines a list shows. Every field narrows.
#[derive(Debug, Clone, Default)]
pub struct DeadlineQuery {
    pub states: Vec<DeadlineState>,
    pub purposes: Vec<RulePurpose>,
    pub rules: Vec<String>,
    /// Due on or before this day.
    pub due_until: Option<NaiveDate>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Started (the trigger, for a pre-expiry reminder its document's expiry) on or after this day, or not
    /// yet started.
    pub trigger_from: Option<NaiveDate>,
    /// Leave out cases with an open deadline (not a reminder or expiry) due on or before this day: they are
    /// listed with the more urgent cases.
    pub except_cases_due_until: Option<NaiveDate>,
    /// Count and limit cases, not deadlines: `limit` cases, each with every deadline of it that matches.
    pub by_case: bool,
    /// With `by_case`: the cases are those whose next due date (their soonest open deadline, the register's
    /// 最近到期) lies within `due_from`..=`due_until` — a case belongs to the list of its most urgent deadline.
    /// Read from `case_next_due`, so the count is an index range, not a distinct count of deadlines.
    pub by_next_due: bool,
    pub limit: Option<u32>,
}

impl Store {
    /// The stored deadlines of one case, in the engine's order.
    pub fn deadlines_of_case(&self, case: Uuid) -> Result<Vec<StoredDeadline>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT body, calendar_version FROM deadlines WHERE case_id = ?1")?;
        let rows = stmt
            .query_map([case.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (body, calendar_version) in rows {
            let deadline: Deadline = serde_json::from_str(&body).map_err(|e| {
                crate::Error::Refused(format!("期限记录无法读取（{e}），请运行 fashen check"))
            })?;
            out.push(StoredDeadline {
                deadline,
                calendar_version,
            });
        }
        let order = |d: &Deadline| {
            d.rule.map_or(0, |r| {
                1 + crate::model::rule::RuleCode::ALL
                    .iter()
                    .position(|x| *x == r)
                    .unwrap_or(0)
            })
        };
        out.sort_by_key(|s| order(&s.deadline));
        Ok(out)
    }

    /// The dates that moved on one case, newest first.
    pub fn deadline_moves_of_case(&self, case: Uuid) -> Result<Vec<DeadlineMove>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, rule, label, old_due, new_due, cause FROM deadline_moves
             WHERE case_id = ?1 ORDER BY id DESC LIMIT 50",
        )?;
        let rows = stmt.query_map([case.to_string()], |r| {
            let old: Option<String> = r.get(3)?;
            let new: Option<String> = r.get(4)?;
            Ok(DeadlineMove {
                at: r.get(0)?,
                case_id: case.to_string(),
                reg_no: None,
                rule: r.get(1)?,
                label: r.get(2)?,
                old_due: old.and_then(|s| s.parse().ok()),
                new_due: new.and_then(|s| s.parse().ok()),
                cause: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deadlines matching `q`, soonest first, with the number of matches in all.
    pub fn deadline_rows(&self, q: &DeadlineQuery) -> Result<(u64, Vec<DeadlineRow>)> {
        let mut terms = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut any_of = |col: &str, items: Vec<String>| {
            if items.is_empty() {
                return;
            }
            let marks: Vec<String> = items
                .into_iter()
                .map(|v| {
                    values.push(Value::Text(v));
                    format!("?{}", values.len())
                })
                .collect();
            terms.push(format!("d.{col} IN ({})", marks.join(", ")));
        };
        any_of(
            "state",
            q.states.iter().map(|s| s.code().to_string()).collect(),
        );
        any_of(
            "purpose",
            q.purposes.iter().map(|s| s.code().to_string()).collect(),
        );
        any_of("rule", q.rules.clone());
        if let Some(d) = q.due_until {
            values.push(date_value(Some(d)));
            terms.push(format!("d.due <= ?{}", values.len()));
        }
        if let Some(d) = q.due_from {
            values.push(date_value(Some(d)));
            terms.push(format!("d.due >= ?{}", values.len()));
        }
        if let Some(d) = q.trigger_from {
            values.push(date_value(Some(d)));
            terms.push(format!(
                "(d.trigger_on IS NULL OR d.trigger_on >= ?{})",
                values.len()
            ));
        }
        if let Some(d) = q.except_cases_due_until {
            values.push(date_value(Some(d)));
            terms.push(format!(
                "NOT EXISTS (SELECT 1 FROM case_next_due n WHERE n.case_id = d.case_id AND n.due <= ?{})",
                values.len()
            ));
        }
        let clause = if terms.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", terms.join(" AND "))
        };
        // The cases of a list by next due date: the same range on `case_next_due`.
        let by_next_due = q.by_case && q.by_next_due;
        let next_due_range = if !by_next_due {
            String::new()
        } else {
            let mut range = Vec::new();
            if let Some(d) = q.due_until {
                values.push(date_value(Some(d)));
                range.push(format!("n.due <= ?{}", values.len()));
            }
            if let Some(d) = q.due_from {
                values.push(date_value(Some(d)));
                range.push(format!("n.due >= ?{}", values.len()));
            }
            if range.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", range.join(" AND "))
            }
        };
        let count_sql = if by_next_due {
            format!("SELECT count(*) FROM case_next_due n {next_due_range}")
        } else if q.by_case {
            format!("SELECT count(DISTINCT d.case_id) FROM deadlines d {clause}")
        } else {
            format!("SELECT count(*) FROM deadlines d {clause}")
        };
        let total: i64 = self
            .conn()
            .prepare_cached(&count_sql)?
            .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
        values.push(Value::Integer(q.limit.map_or(-1, i64::from)));
        let limit = values.len();
        // By case: the first `limit` cases by their soonest matching deadline, each with all of its matching
        // deadlines, listed together under the soonest. The few chosen cases' deadlines are read by key: the
        // same filter with its columns made unindexable (`+d.state`), or SQLite walks the whole state index
        // once per case.
        let by_key = clause.replace("d.", "+d.");
        let (chosen, order) = if by_next_due {
            (
                format!(
                    "SELECT d.*, f.due AS f_first
                     FROM (SELECT n.case_id, n.due FROM case_next_due n {next_due_range}
                           ORDER BY n.due, n.case_id LIMIT ?{limit}) f
                     CROSS JOIN deadlines d ON d.case_id = f.case_id
                     {by_key}"
                ),
                "d.f_first, c.reg_year, c.reg_serial, c.id, d.due, d.rule",
            )
        } else if q.by_case {
            (
                format!(
                    "SELECT d.*, f.first AS f_first
                     FROM (SELECT d.case_id, min(d.due) AS first FROM deadlines d {clause}
                           GROUP BY d.case_id ORDER BY first, d.case_id LIMIT ?{limit}) f
                     CROSS JOIN deadlines d ON d.case_id = f.case_id
                     {by_key}"
                ),
                "d.f_first, c.reg_year, c.reg_serial, c.id, d.due, d.rule",
            )
        } else {
            (
                format!(
                    "SELECT * FROM deadlines d {clause} ORDER BY d.due, d.case_id LIMIT ?{limit}"
                ),
                "d.due, c.reg_year, c.reg_serial, c.id",
            )
        };
        let sql = format!(
            "SELECT d.case_id, c.reg_year, c.reg_serial, c.title, c.kind, c.status, p.name,
                    d.rule, d.state, d.due, d.trigger_on, d.provisional, d.body, d.purpose
             FROM ({chosen}) d
             JOIN cases c ON c.id = d.case_id
             LEFT JOIN people p ON p.id = c.assignee_id
             ORDER BY {order}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |r| {
                let kind: String = r.get(4)?;
                let status: String = r.get(5)?;
                let state: String = r.get(8)?;
                let due: Option<String> = r.get(9)?;
                let trigger: Option<String> = r.get(10)?;
                let body: String = r.get(12)?;
                let purpose: String = r.get(13)?;
                let label = serde_json::from_str::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("label").and_then(|l| l.as_str()).map(str::to_string))
                    .unwrap_or_default();
                Ok(DeadlineRow {
                    case_id: r.get(0)?,
                    reg_no: RegNo {
                        year: r.get(1)?,
                        serial: r.get(2)?,
                    }
                    .to_string(),
                    title: r.get(3)?,
                    // Codes in the tables were written from the enums, so they parse; fall back rather than fail.
                    kind: CaseKind::parse(&kind).unwrap_or(CaseKind::Advice),
                    status: Status::parse(&status).unwrap_or(Status::Registered),
                    assignee_name: r.get(6)?,
                    rule: r.get(7)?,
                    label,
                    purpose: RulePurpose::parse(&purpose).unwrap_or(RulePurpose::Deadline),
                    state: DeadlineState::parse(&state).unwrap_or(DeadlineState::Open),
                    due: due.and_then(|s| s.parse().ok()),
                    trigger: trigger.and_then(|s| s.parse().ok()),
                    provisional: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((total as u64, rows))
    }

    /// Recomputes every case's deadlines from scratch and lists the cases whose stored rows differ (for
    /// `fashen check`; nothing is written).
    pub(super) fn stale_deadlines(&self) -> Result<Vec<String>> {
        let rules: RuleBook = load_rules(self.conn())?;
        let (cal, version) = load_calendar(self.conn())?;
        let loaded = load_everything(self.conn())?;
        let mut stored: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
        {
            let mut stmt = self
                .conn()
                .prepare("SELECT case_id, rule, body, calendar_version FROM deadlines")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (c, k, b, v) = row?;
                stored.entry(c).or_default().insert(k, (b, v));
            }
        }
        let mut problems = Vec::new();
        loaded.each_computed(&rules, &cal, |case, fresh| {
            let want: BTreeMap<String, (String, String)> = fresh
                .iter()
                .map(|c| {
                    let key = c.deadline.key().to_string();
                    (key, (c.body.clone(), version.clone()))
                })
                .collect();
            if stored.remove(&case.id.to_string()).unwrap_or_default() != want {
                problems.push(case.reg_no.to_string());
            }
            Ok(())
        })?;
        problems.extend(
            stored
                .into_keys()
                .map(|id| format!("（已删除的案件 {id}）")),
        );
        Ok(problems)
    }
}
