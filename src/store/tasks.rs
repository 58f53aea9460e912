//! The year's key tasks and what units report on them (issue 21): records on their plan's case.

use rusqlite::types::Value;
use uuid::Uuid;

use super::search::Parts;
use super::{records_where, Record, Reference, Store, Tx};
use crate::error::Result;
use crate::ids::{CaseId, KeyTaskId};
use crate::model::tasks::{KeyTask, TaskProgress};
use crate::model::CaseKind;
use crate::revision::EntityKind;
use crate::search::{place, Rank, Section};

const PLAN: &[CaseKind] = &[CaseKind::TaskPlan];

/// A task's plan is not closed (已结案): the few closed plans found once through the kind index, so the counts
/// over many tasks read the open-task index alone.
const OPEN_PLAN: &str =
    "case_id NOT IN (SELECT id FROM cases WHERE kind = 'task_plan' AND status = 'concluded')";

impl Record for KeyTask {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::KeyTask;
    const TABLE: &'static str = "key_tasks";
    const COLUMNS: &'static [&'static str] = &["case_id", "no", "lead_unit_id", "due_on", "status"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let r = Rank::Related;
        out.text(r, place::task("title", self.no), &self.title);
        out.opt(
            r,
            place::task("outcome", self.no),
            self.outcome_form.as_deref(),
        );
        out.opt(
            r,
            place::task("reason", self.no),
            self.status_reason.as_deref(),
        );
        out.opt(
            r,
            place::task("evidence", self.no),
            self.evidence.as_deref(),
        );
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Integer(self.no.into()),
            Value::Text(self.lead_unit_id.to_string()),
            self.due_day()
                .map_or(Value::Null, |d| Value::Text(d.to_string())),
            Value::Text(self.status.code().to_string()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            Reference::to_case_of(self.case_id.0, PLAN),
            Reference::to(EntityKind::Unit, self.lead_unit_id.0, "牵头部门"),
        ];
        refs.extend(super::choices::listed(
            crate::model::choice::ChoiceList::OutcomeForm,
            self.outcome_form.as_deref(),
        ));
        refs.extend(
            self.unit_ids
                .iter()
                .map(|u| Reference::to(EntityKind::Unit, u.0, "责任单位")),
        );
        refs
    }
}

impl Record for TaskProgress {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::TaskProgress;
    const TABLE: &'static str = "task_progress";
    const COLUMNS: &'static [&'static str] = &["case_id", "task_id", "on_date"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let on = crate::model::validate::fmt_date(self.on);
        out.text(Rank::Related, place::progress(&on), &self.text);
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.task_id.to_string()),
            Value::Text(self.on.to_string()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            Reference::to_case_of(self.case_id.0, PLAN),
            Reference::on_case(
                EntityKind::KeyTask,
                self.task_id.0,
                "重点工作任务",
                self.case_id.0,
            ),
            Reference::to(EntityKind::Unit, self.unit_id.0, "报送单位"),
        ];
        refs.extend(
            self.attachment_id
                .map(|a| Reference::to(EntityKind::Attachment, a.0, "附件")),
        );
        refs
    }
}

fn tasks_of(conn: &rusqlite::Connection, case: CaseId) -> Result<Vec<KeyTask>> {
    let mut tasks: Vec<KeyTask> = records_where(conn, "case_id", &case.to_string())?;
    tasks.sort_by_key(|t| (t.no, t.id.0));
    Ok(tasks)
}

impl Tx<'_> {
    pub fn key_tasks_of(&self, case: CaseId) -> Result<Vec<KeyTask>> {
        tasks_of(self.conn(), case)
    }

    pub fn progress_of_task(&self, task: KeyTaskId) -> Result<Vec<TaskProgress>> {
        records_where(self.conn(), "task_id", &task.to_string())
    }
}

impl Store {
    /// A plan's tasks, by number.
    pub fn key_tasks_of_case(&self, case: CaseId) -> Result<Vec<KeyTask>> {
        tasks_of(self.conn(), case)
    }

    /// What was reported on a plan's tasks, by day.
    pub fn progress_of_case(&self, case: CaseId) -> Result<Vec<TaskProgress>> {
        let mut p: Vec<TaskProgress> = records_where(self.conn(), "case_id", &case.to_string())?;
        p.sort_by_key(|p| (p.on, p.id.0));
        Ok(p)
    }

    /// The open tasks of every plan still open (not 已结案) due from `from` to `until`, by day; at most `limit`.
    pub fn key_tasks_due_by(
        &self,
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
        limit: u32,
    ) -> Result<Vec<KeyTask>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT body FROM key_tasks
                 WHERE status <> 'done' AND due_on BETWEEN ?1 AND ?2 AND {OPEN_PLAN}
                 ORDER BY due_on, no, id LIMIT ?3"
        ))?;
        let bodies = stmt
            .query_map(
                rusqlite::params![from.to_string(), until.to_string(), limit],
                |r| r.get::<_, String>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        bodies.iter().map(|b| super::decode(b)).collect()
    }

    /// How many tasks [`Store::key_tasks_due_by`] would list without a limit.
    pub fn key_tasks_due_count(
        &self,
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
    ) -> Result<u64> {
        Ok(self.conn().query_row(
            &format!(
                "SELECT count(*) FROM key_tasks
                 WHERE status <> 'done' AND due_on BETWEEN ?1 AND ?2 AND {OPEN_PLAN}"
            ),
            [from.to_string(), until.to_string()],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Each lead unit's open tasks due from `from` and past their day on `today`, in plans still open.
    pub fn overdue_key_tasks_by_lead(
        &self,
        from: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Result<Vec<(crate::ids::UnitId, u64)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT lead_unit_id, count(*) FROM key_tasks
                 WHERE status <> 'done' AND due_on >= ?1 AND due_on < ?2 AND {OPEN_PLAN}
                 GROUP BY lead_unit_id"
        ))?;
        let rows = stmt
            .query_map([from.to_string(), today.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, n)| Some((crate::ids::UnitId(id.parse().ok()?), n)))
            .collect())
    }
}
