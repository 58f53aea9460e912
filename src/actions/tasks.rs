//! 法治政府建设 key tasks: a plan's tasks typed or imported from a table, what units report on them, and the
//! reminders and sheet the office chases them with.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::import::{read_table, Column, Row};
use super::{find_unit, require, require_record};
use crate::error::{Error, Result};
use crate::ids::{CaseId, KeyTaskId, TaskProgressId, UnitId};
use crate::model::tasks::{KeyTask, TaskDue, TaskProgress, TaskStatus};
use crate::model::validate;
use crate::model::{CaseDetails, ReviewCase, Unit};
use crate::store::{Store, Tx};

/// A task as typed, in a form or a row of an imported table: units by name, code or id (several separated by
/// 、，, or spaces), the time limit as plans write it (`6月底前`, `全年`, `长期坚持`). `no` empty: the plan's next.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaskInput {
    pub no: Option<String>,
    pub part: Option<String>,
    pub title: String,
    pub lead: String,
    pub units: Option<String>,
    pub due: String,
    pub outcome_form: Option<String>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub done_on: Option<String>,
    pub evidence: Option<String>,
}

/// A change to a task: what is given replaces, what is not stays.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaskEdit {
    pub no: Option<String>,
    pub part: Option<String>,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub units: Option<String>,
    pub due: Option<String>,
    pub outcome_form: Option<String>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub done_on: Option<String>,
    pub evidence: Option<String>,
}

/// A progress report as typed: the day (today when not given), the unit (the task's lead when not given),
/// the text, and an attachment of the plan it came with (its name or id).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgressInput {
    pub on: Option<String>,
    pub unit: Option<String>,
    pub text: String,
    pub attachment: Option<String>,
}

/// The plan a task belongs to, with its year; refused for a case of another kind.
fn plan_year(case: &ReviewCase) -> Result<i32> {
    match &case.details {
        CaseDetails::TaskPlan(d) => Ok(d.year_or(case.received)),
        _ => Err(Error::Refused(format!(
            "只有重点工作计划可以添加任务（{}是{}）",
            case.reg_no,
            case.kind().short_label()
        ))),
    }
}

/// A unit as a plan names it: by its name, code or id, or — as plans write 区司法局 for 丹徒区司法局 — the one
/// unit whose name ends with what is written.
fn plan_unit(store: &Store, field: &'static str, typed: &str) -> Result<Unit> {
    match find_unit(store, typed) {
        Ok(u) => Ok(u),
        Err(e) => {
            let t = typed.trim();
            let mut ending = store
                .all::<Unit>()?
                .into_iter()
                .filter(|u| t.chars().count() >= 3 && u.name.ends_with(t));
            match (ending.next(), ending.next()) {
                (Some(u), None) => Ok(u),
                _ => Err(Error::invalid(field, e.to_string())),
            }
        }
    }
}

/// Several units as typed, each found; the lead left out if listed again.
fn units_of(store: &Store, raw: &str, lead: UnitId) -> Result<Vec<UnitId>> {
    let mut ids = Vec::new();
    for name in raw
        .split([',', '，', '、', ';', '；', '\n', ' ', '　'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let id = plan_unit(store, "责任单位", name)?.id;
        if id != lead && !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// A task from what was typed, checked as far as it can be without the plan's other tasks (its number's
/// uniqueness is the write's): everything a row of an import is refused for.
fn task_of(
    store: &Store,
    case: &ReviewCase,
    id: KeyTaskId,
    input: &TaskInput,
    next_no: u32,
) -> Result<KeyTask> {
    let year = plan_year(case)?;
    let text = |field, v: &Option<String>, max| {
        validate::optional_text(field, v.as_deref().unwrap_or(""), max)
    };
    let long = |field, v: &Option<String>, max| -> Result<Option<String>> {
        let t = v.as_deref().unwrap_or("").trim();
        validate::long_text(field, t, max)?;
        Ok((!t.is_empty()).then(|| t.to_string()))
    };
    let no = match input.no.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => next_no,
        Some(n) => n
            .trim_end_matches(['.', '、', '．'])
            .parse()
            .map_err(|_| Error::invalid("序号", format!("「{n}」不是序号（应为 1、2、3…）")))?,
    };
    if input.lead.trim().is_empty() {
        return Err(Error::invalid("牵头部门", "请填写牵头部门"));
    }
    let lead = plan_unit(store, "牵头部门", &input.lead)?;
    if input.due.trim().is_empty() {
        return Err(Error::invalid(
            "完成时限",
            "请填写完成时限（日期、全年或长期坚持）",
        ));
    }
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("") => TaskStatus::NotStarted,
        Some(s) => TaskStatus::parse(s)?,
    };
    let done_on = validate::optional_date("完成日期", input.done_on.as_deref().unwrap_or(""))?;
    if let Some(d) = done_on {
        super::not_after("完成日期", d, store.clock().today())?;
    }
    let task = KeyTask {
        id,
        case_id: case.id,
        year,
        part: text("所属部分", &input.part, 100)?,
        no,
        title: validate::required_text("工作任务", &input.title, 300)?,
        lead_unit_id: lead.id,
        unit_ids: units_of(store, input.units.as_deref().unwrap_or(""), lead.id)?,
        due: TaskDue::parse(&input.due, year)?,
        outcome_form: super::choices::resolve_choice(
            store,
            crate::model::choice::ChoiceList::OutcomeForm,
            input.outcome_form.as_deref().unwrap_or(""),
        )?,
        status,
        status_reason: long("推进情况说明", &input.status_reason, 1000)?,
        done_on,
        evidence: long("完成佐证", &input.evidence, 2000)?,
    };
    task.validate()?;
    Ok(task)
}

/// A number already taken in the plan, refused by the write.
fn number_free(tx: &Tx<'_>, task: &KeyTask) -> Result<()> {
    if tx
        .key_tasks_of(task.case_id)?
        .iter()
        .any(|t| t.id != task.id && t.no == task.no)
    {
        return Err(Error::invalid(
            "序号",
            format!("本计划已有第{}项任务", task.no),
        ));
    }
    Ok(())
}

fn next_no(store: &Store, plan: CaseId) -> Result<u32> {
    Ok(store
        .key_tasks_of_case(plan)?
        .iter()
        .map(|t| t.no)
        .max()
        .unwrap_or(0)
        + 1)
}

fn summary(task: &KeyTask) -> String {
    format!(
        "第{}项 {}（{}，{}）",
        task.no,
        task.title.chars().take(40).collect::<String>(),
        task.due.label(),
        task.status.label()
    )
}

/// Adds a task to the plan `plan`.
pub fn add_task(store: &mut Store, plan: CaseId, input: &TaskInput) -> Result<KeyTask> {
    let case: ReviewCase = require_record(store, plan.0)?;
    let task = task_of(
        store,
        &case,
        KeyTaskId::new(store.clock()),
        input,
        next_no(store, plan)?,
    )?;
    let w = store.write("key_task.add", |tx| {
        require::<ReviewCase>(tx, plan.0)?;
        number_free(tx, &task)?;
        tx.put(
            &task,
            &format!("{} 重点工作 {}", case.reg_no, summary(&task)),
        )?;
        Ok(task)
    })?;
    Ok(w.value)
}

/// Changes a task: what the edit gives replaces what it had.
pub fn edit_task(store: &mut Store, id: KeyTaskId, edit: &TaskEdit) -> Result<KeyTask> {
    let old: KeyTask = require_record(store, id.0)?;
    let case: ReviewCase = require_record(store, old.case_id.0)?;
    let keep = |given: &Option<String>, had: Option<String>| given.clone().or(had);
    let new_status = edit.status.as_deref().map(TaskStatus::parse).transpose()?;
    let input = TaskInput {
        no: Some(edit.no.clone().unwrap_or_else(|| old.no.to_string())),
        part: keep(&edit.part, old.part.clone()),
        title: edit.title.clone().unwrap_or_else(|| old.title.clone()),
        lead: edit
            .lead
            .clone()
            .unwrap_or_else(|| old.lead_unit_id.to_string()),
        units: Some(edit.units.clone().unwrap_or_else(|| {
            old.unit_ids
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })),
        due: edit.due.clone().unwrap_or_else(|| match old.due {
            TaskDue::On(d) => d.to_string(),
            other => other.label(),
        }),
        outcome_form: keep(&edit.outcome_form, old.outcome_form.clone()),
        status: Some(
            edit.status
                .clone()
                .unwrap_or_else(|| old.status.code().to_string()),
        ),
        status_reason: keep(&edit.status_reason, old.status_reason.clone()),
        // A task done again keeps its day; one no longer done loses it.
        done_on: match (&edit.done_on, new_status) {
            (Some(d), _) => Some(d.clone()),
            (None, Some(s)) if s != TaskStatus::Done => None,
            _ => old.done_on.map(|d| d.to_string()),
        },
        evidence: keep(&edit.evidence, old.evidence.clone()),
    };
    let task = task_of(store, &case, id, &input, old.no)?;
    let w = store.write("key_task.edit", |tx| {
        let now: KeyTask = require(tx, id.0)?;
        // Its own number is its own, even where a sync left two tasks with it; a new one must be free.
        if task.no != now.no {
            number_free(tx, &task)?;
        }
        tx.put(
            &task,
            &format!("{} 修改重点工作 {}", case.reg_no, summary(&task)),
        )?;
        Ok(task)
    })?;
    Ok(w.value)
}

/// Removes a task entered by mistake, with what was reported on it.
pub fn delete_task(store: &mut Store, id: KeyTaskId) -> Result<()> {
    store.write("key_task.delete", |tx| {
        let task: KeyTask = require(tx, id.0)?;
        for p in tx.progress_of_task(id)? {
            tx.delete::<TaskProgress>(p.id.0, "删除任务的工作进展")?;
        }
        tx.delete::<KeyTask>(id.0, &format!("删除重点工作：{}", summary(&task)))?;
        Ok(())
    })?;
    Ok(())
}

/// Records what a unit reported on a task; a task not yet started is 推进中 from then on (in the same write).
pub fn report_progress(
    store: &mut Store,
    task_id: KeyTaskId,
    input: &ProgressInput,
) -> Result<TaskProgress> {
    let task: KeyTask = require_record(store, task_id.0)?;
    let on = super::event_date(store.clock().today(), "进展日期", input.on.as_deref())?;
    let unit = match input
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(u) => find_unit(store, u)?.id,
        None => task.lead_unit_id,
    };
    let attachment_id = match input
        .attachment
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        None => None,
        Some(key) => {
            let all = store.attachments_of_case(task.case_id)?;
            let found = all
                .iter()
                .find(|a| {
                    a.name == key || a.id.to_string() == key || a.id.to_string().ends_with(key)
                })
                .ok_or_else(|| {
                    Error::invalid("附件", format!("本计划没有名为「{key}」的附件，请先上传"))
                })?;
            Some(found.id)
        }
    };
    let progress = TaskProgress {
        id: TaskProgressId::new(store.clock()),
        case_id: task.case_id,
        task_id,
        on,
        unit_id: unit,
        text: validate::required_text("进展情况", &input.text, 2000)?,
        attachment_id,
    };
    progress.validate()?;
    let w = store.write("task_progress.add", |tx| {
        let mut task: KeyTask = require(tx, task_id.0)?;
        tx.put(
            &progress,
            &format!("第{}项重点工作 {} 进展", task.no, validate::fmt_date(on)),
        )?;
        if task.status == TaskStatus::NotStarted {
            task.status = TaskStatus::InProgress;
            tx.put(&task, &format!("第{}项重点工作推进中", task.no))?;
        }
        Ok(progress)
    })?;
    Ok(w.value)
}

/// A task by its number in the plan (`12`, `第12项`) or its id (whole, or the last 8 digits as lists show).
pub fn find_task(store: &Store, plan: CaseId, key: &str) -> Result<KeyTask> {
    let key = key.trim();
    let tasks = store.key_tasks_of_case(plan)?;
    let no: Option<u32> = key
        .trim_start_matches('第')
        .trim_end_matches(['项', '号'])
        .parse()
        .ok();
    tasks
        .iter()
        .find(|t| Some(t.no) == no)
        .or_else(|| {
            tasks.iter().find(|t| {
                let s = t.id.to_string();
                s == key || (key.len() >= 4 && s.ends_with(key))
            })
        })
        .cloned()
        .ok_or_else(|| Error::not_found("重点工作任务", key))
}

// ---------------------------------------------------------------------------------------------------------
// Import

/// The columns of a plan's table, by the names plans give them.
pub const TASK_COLUMNS: &[Column] = &[
    Column {
        code: "no",
        names: &["序号", "编号", "序"],
        required: false,
        fill_down: false,
    },
    Column {
        code: "part",
        names: &["所属部分", "部分", "类别", "任务类别", "工作类别", "板块"],
        required: false,
        fill_down: true,
    },
    Column {
        code: "title",
        names: &[
            "工作任务",
            "重点工作",
            "任务内容",
            "工作内容",
            "具体任务",
            "任务",
        ],
        required: true,
        fill_down: false,
    },
    Column {
        code: "lead",
        names: &["牵头部门", "牵头单位", "牵头"],
        required: true,
        fill_down: false,
    },
    Column {
        code: "units",
        names: &["责任单位", "责任部门", "配合单位", "参与单位"],
        required: false,
        fill_down: false,
    },
    Column {
        code: "due",
        names: &["完成时限", "完成时间", "时间节点", "时限"],
        required: true,
        fill_down: false,
    },
    Column {
        code: "outcome_form",
        names: &["成果形式", "主要成果形式", "成果"],
        required: false,
        fill_down: false,
    },
    Column {
        code: "status",
        names: &["推进情况", "完成情况", "状态"],
        required: false,
        fill_down: false,
    },
];

/// One row of an import as it would go in: the task it makes, or why it is refused.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRow {
    /// The row's line in the file (the sheet's row in a workbook), as the person sees it.
    pub line: usize,
    pub input: TaskInput,
    /// The number the task would take.
    pub no: Option<u32>,
    pub error: Option<String>,
    /// A row read as a heading of the plan's parts (one cell filled), which the rows below it are under.
    pub heading: bool,
}

/// What an import would do, or did: each row, and how many go (or went) in.
#[derive(Debug, Clone, Serialize)]
pub struct TaskImport {
    pub plan_reg_no: String,
    pub rows: Vec<ImportRow>,
    pub good: usize,
    pub refused: usize,
    /// Whether the good rows were written (false for a preview, or when there were none).
    pub imported: bool,
}

/// A row of a pasted table with only one cell filled and no title/lead is a heading of the plan's parts.
fn is_part_heading(row: &Row) -> bool {
    row.only_cell().is_some() && row.get("lead").is_empty() && row.get("due").is_empty()
}

/// Reads a plan's table and checks every row as `add_task` would, against the plan's tasks and the rows above
/// it (a number used twice is refused the second time). Nothing is written.
fn check_rows(
    store: &Store,
    case: &ReviewCase,
    bytes: &[u8],
) -> Result<(Vec<ImportRow>, Vec<KeyTask>)> {
    plan_year(case)?;
    let rows = read_table(bytes, TASK_COLUMNS)?;
    let existing = store.key_tasks_of_case(case.id)?;
    let mut next = existing.iter().map(|t| t.no).max().unwrap_or(0) + 1;
    let mut taken: BTreeMap<u32, usize> = existing.iter().map(|t| (t.no, 0)).collect();
    let mut part: Option<String> = None;
    let mut out = Vec::new();
    let mut tasks = Vec::new();
    for row in rows {
        if is_part_heading(&row) {
            part = row.only_cell().map(str::to_string);
            out.push(ImportRow {
                line: row.line,
                input: TaskInput {
                    part: part.clone(),
                    ..Default::default()
                },
                no: None,
                error: None,
                heading: true,
            });
            continue;
        }
        let given = |code: &str| {
            let v = row.get(code);
            (!v.is_empty()).then(|| v.to_string())
        };
        let input = TaskInput {
            no: given("no"),
            part: given("part").or_else(|| part.clone()),
            title: row.get("title").to_string(),
            lead: row.get("lead").to_string(),
            units: given("units"),
            due: row.get("due").to_string(),
            outcome_form: given("outcome_form"),
            status: given("status"),
            ..Default::default()
        };
        let made =
            task_of(store, case, KeyTaskId::new(store.clock()), &input, next).and_then(|t| {
                match taken.get(&t.no) {
                    Some(0) => Err(Error::invalid(
                        "序号",
                        format!("本计划已有第{}项任务", t.no),
                    )),
                    Some(line) => Err(Error::invalid(
                        "序号",
                        format!("第{}项与第{line}行重复", t.no),
                    )),
                    None => Ok(t),
                }
            });
        let (no, error) = match made {
            Ok(t) => {
                taken.insert(t.no, row.line);
                next = next.max(t.no + 1);
                let no = t.no;
                tasks.push(t);
                (Some(no), None)
            }
            Err(e) => (None, Some(e.to_string())),
        };
        out.push(ImportRow {
            line: row.line,
            input,
            no,
            error,
            heading: false,
        });
    }
    if tasks.is_empty() && out.iter().all(|r| r.heading) {
        return Err(Error::invalid("导入文件", "表格中没有任务"));
    }
    Ok((out, tasks))
}

/// What importing `bytes` (a workbook, a CSV, or a pasted table as text) into the plan would do.
pub fn preview_task_import(store: &Store, plan: CaseId, bytes: &[u8]) -> Result<TaskImport> {
    let case: ReviewCase = require_record(store, plan.0)?;
    let (rows, tasks) = check_rows(store, &case, bytes)?;
    Ok(TaskImport {
        plan_reg_no: case.reg_no.to_string(),
        good: tasks.len(),
        refused: rows.iter().filter(|r| r.error.is_some()).count(),
        rows,
        imported: false,
    })
}

/// Imports the good rows of a plan's table in one transaction (all of them or, if anything fails while
/// writing, none); the refused rows are reported with their reasons and change nothing.
pub fn import_tasks(store: &mut Store, plan: CaseId, bytes: &[u8]) -> Result<TaskImport> {
    let case: ReviewCase = require_record(store, plan.0)?;
    let (rows, tasks) = check_rows(store, &case, bytes)?;
    let good = tasks.len();
    if good > 0 {
        let msg = format!("{} 导入重点工作 {good} 项", case.reg_no);
        store.write("key_task.import", |tx| {
            require::<ReviewCase>(tx, plan.0)?;
            for t in &tasks {
                number_free(tx, t)?;
                tx.put(t, &format!("{msg}：{}", summary(t)))?;
            }
            Ok(())
        })?;
    }
    Ok(TaskImport {
        plan_reg_no: case.reg_no.to_string(),
        refused: rows.iter().filter(|r| r.error.is_some()).count(),
        good,
        rows,
        imported: good > 0,
    })
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/// A task as lists and the page show it: names instead of ids, its day, whether it is overdue, and what was
/// reported on it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    #[serde(flatten)]
    pub task: KeyTask,
    pub lead: String,
    pub units: Vec<String>,
    pub due_label: String,
    pub due_day: Option<NaiveDate>,
    pub status_label: &'static str,
    pub overdue: bool,
    pub progress: Vec<ProgressView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    #[serde(flatten)]
    pub progress: TaskProgress,
    pub unit: String,
    pub attachment: Option<String>,
}

/// A plan's tasks, by number, each with its progress by day.
pub fn plan_tasks(store: &Store, plan: CaseId) -> Result<Vec<TaskView>> {
    let names = super::unit_names(store)?;
    let name = |u: &UnitId| names.get(u).cloned().unwrap_or_else(|| u.to_string());
    let today = store.clock().today();
    let attachments: BTreeMap<_, _> = store
        .attachments_of_case(plan)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut progress: BTreeMap<KeyTaskId, Vec<ProgressView>> = BTreeMap::new();
    for p in store.progress_of_case(plan)? {
        progress.entry(p.task_id).or_default().push(ProgressView {
            unit: name(&p.unit_id),
            attachment: p.attachment_id.and_then(|a| attachments.get(&a).cloned()),
            progress: p,
        });
    }
    Ok(store
        .key_tasks_of_case(plan)?
        .into_iter()
        .map(|t| {
            let reported = progress.remove(&t.id).unwrap_or_default();
            view(t, &name, today, reported)
        })
        .collect())
}

fn view(
    task: KeyTask,
    name: &impl Fn(&UnitId) -> String,
    today: NaiveDate,
    progress: Vec<ProgressView>,
) -> TaskView {
    TaskView {
        lead: name(&task.lead_unit_id),
        units: task.unit_ids.iter().map(name).collect(),
        due_label: task.due.label(),
        due_day: task.due_day(),
        status_label: task.status.label(),
        overdue: task.overdue(today),
        progress,
        task,
    }
}

/// Where a unit's tasks stand, as the 推进会 reads them: the tasks it leads by status, those done on time, those
/// overdue now, and the overdue ones themselves.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitProgress {
    pub unit: String,
    pub total: usize,
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
    pub done_on_time: usize,
    pub delayed: usize,
    pub overdue: usize,
    /// The overdue tasks' numbers, in order.
    pub overdue_nos: Vec<u32>,
}

impl UnitProgress {
    /// The counts as the sheet and the CLI show them, in the order of [`PROGRESS_COUNTS`].
    pub fn counts(&self) -> Vec<String> {
        [
            self.total,
            self.done,
            self.done_on_time,
            self.in_progress,
            self.not_started,
            self.delayed,
        ]
        .iter()
        .map(usize::to_string)
        .collect()
    }
}

/// The names of [`UnitProgress::counts`].
pub const PROGRESS_COUNTS: [&str; 6] = ["任务数", "已完成", "按时完成", "推进中", "未启动", "延期"];

/// Each lead unit's tasks in the plan, the units with the most overdue first (then by name), and the plan's
/// totals as the last line.
pub fn progress_by_unit(store: &Store, plan: CaseId) -> Result<(Vec<UnitProgress>, UnitProgress)> {
    let today = store.clock().today();
    let names = super::unit_names(store)?;
    let mut by: BTreeMap<UnitId, UnitProgress> = BTreeMap::new();
    let mut all = UnitProgress {
        unit: "合计".into(),
        ..Default::default()
    };
    for t in store.key_tasks_of_case(plan)? {
        let u = by.entry(t.lead_unit_id).or_insert_with(|| UnitProgress {
            unit: names
                .get(&t.lead_unit_id)
                .cloned()
                .unwrap_or_else(|| t.lead_unit_id.to_string()),
            ..Default::default()
        });
        for p in [&mut *u, &mut all] {
            p.total += 1;
            match t.status {
                TaskStatus::NotStarted => p.not_started += 1,
                TaskStatus::InProgress => p.in_progress += 1,
                TaskStatus::Done => p.done += 1,
                TaskStatus::Delayed => p.delayed += 1,
            }
            p.done_on_time += usize::from(t.done_on_time());
            if t.overdue(today) {
                p.overdue += 1;
                p.overdue_nos.push(t.no);
            }
        }
    }
    let mut units: Vec<UnitProgress> = by.into_values().collect();
    units.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.unit.cmp(&b.unit)));
    Ok((units, all))
}

/// A task on the dashboard: which plan, its number, title, lead unit and day.
#[derive(Debug, Clone, Serialize)]
pub struct DueTask {
    pub case_id: CaseId,
    pub reg_no: String,
    pub no: u32,
    pub title: String,
    pub lead: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

/// The open tasks of every open plan due from `from` to `until` (overdue ones first, as they are earliest), at
/// most `limit`.
pub fn tasks_due(
    store: &Store,
    from: NaiveDate,
    until: NaiveDate,
    limit: u32,
) -> Result<Vec<DueTask>> {
    let today = store.clock().today();
    let names = super::unit_names(store)?;
    let mut plans: BTreeMap<CaseId, String> = BTreeMap::new();
    let mut out = Vec::new();
    for t in store.key_tasks_due_by(from, until, limit)? {
        let reg_no = match plans.get(&t.case_id) {
            Some(r) => r.clone(),
            None => {
                let case: ReviewCase = require_record(store, t.case_id.0)?;
                let r = case.reg_no.to_string();
                plans.insert(t.case_id, r.clone());
                r
            }
        };
        let Some(due_on) = t.due_day() else { continue };
        out.push(DueTask {
            case_id: t.case_id,
            reg_no,
            no: t.no,
            title: t.title.clone(),
            lead: names.get(&t.lead_unit_id).cloned().unwrap_or_default(),
            due_on,
            overdue: due_on < today,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// The 推进会 sheet

/// The widths in characters of the progress-by-unit sheet's columns: 序号, 牵头部门, the counts
/// ([`PROGRESS_COUNTS`]) and the overdue tasks.
const SHEET_WIDTHS: [f32; 9] = [5.0, 22.0, 6.0, 6.0, 8.0, 6.0, 6.0, 6.0, 22.0];

/// Each lead unit's tasks of a plan on one landscape page (more if the units do not fit), the plan's totals
/// last, dated today — what the office lays on the table at a 推进会; `with_tasks`, then every task as the plan
/// lists it, with where it stands (the plan's 任务分解表, filled in).
/// (The caller has checked [`sheet_possible`].)
fn progress_sheet(
    store: &Store,
    case: &ReviewCase,
    book: &crate::print::fonts::FontBook,
    with_tasks: bool,
) -> Result<crate::print::layout::Sheet> {
    use crate::print::forms::{number_pages, table_pages};
    let (units, all) = progress_by_unit(store, case.id)?;
    let nos = |p: &UnitProgress| {
        p.overdue_nos
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    let cells = |i: String, p: &UnitProgress| {
        let mut row = vec![i, p.unit.clone()];
        row.extend(p.counts());
        row.push(if p.overdue == 0 {
            "—".into()
        } else {
            format!("{}项：{}", p.overdue, nos(p))
        });
        row
    };
    let names: Vec<&str> = ["序号", "牵头部门"]
        .into_iter()
        .chain(PROGRESS_COUNTS)
        .chain(["逾期未完成（任务序号）"])
        .collect();
    let columns: Vec<(f32, &str)> = SHEET_WIDTHS.into_iter().zip(names).collect();
    let mut rows: Vec<Vec<String>> = units
        .iter()
        .enumerate()
        .map(|(i, p)| cells((i + 1).to_string(), p))
        .collect();
    rows.push(cells(String::new(), &all));
    let today = store.clock().today();
    let title = format!(
        "{}推进情况（截至{}）",
        case.title,
        validate::fmt_date(today)
    );
    let mut pages = table_pages(book, &title, &columns, &rows, |i| rows[i][1].clone())?;
    if with_tasks {
        let tasks = plan_tasks(store, case.id)?;
        let rows: Vec<Vec<String>> = tasks
            .iter()
            .map(|t| {
                let mut state = t.status_label.to_string();
                if t.overdue {
                    state.push_str("（逾期）");
                }
                if let Some(d) = t.task.done_on {
                    state.push_str(&format!("，{}完成", validate::fmt_date(d)));
                }
                if let Some(r) = &t.task.status_reason {
                    state.push_str(&format!("：{r}"));
                }
                let mut lead = t.lead.clone();
                if !t.units.is_empty() {
                    lead.push_str(&format!("（责任单位：{}）", t.units.join("、")));
                }
                vec![
                    t.task.no.to_string(),
                    t.task.part.clone().unwrap_or_default(),
                    t.task.title.clone(),
                    lead,
                    t.due_label.clone(),
                    t.task.outcome_form.clone().unwrap_or_default(),
                    state,
                ]
            })
            .collect();
        pages.extend(table_pages(
            book,
            &format!("{}任务推进明细", case.title),
            &[
                (4.0, "序号"),
                (14.0, "所属部分"),
                (30.0, "工作任务"),
                (18.0, "牵头部门"),
                (10.0, "完成时限"),
                (6.0, "成果形式"),
                (18.0, "推进情况"),
            ],
            &rows,
            |i| format!("第{}项", tasks[i].task.no),
        )?);
    }
    number_pages(book, &mut pages, "")?;
    Ok(crate::print::layout::Sheet {
        meta: crate::print::layout::Meta {
            title,
            author: String::new(),
            subject: format!("{} 个牵头部门、{} 项任务", units.len(), all.total),
            date: Some(today),
        },
        pages,
    })
}

/// [`progress_sheet`] written to `path` as a PDF or an OFD; returns its size in bytes.
pub fn export_progress_sheet(
    store: &Store,
    plan: CaseId,
    file: super::print::FileType,
    with_tasks: bool,
    path: &std::path::Path,
) -> Result<u64> {
    let case: ReviewCase = require_record(store, plan.0)?;
    sheet_possible(store, &case, file)?;
    let book = super::print::font_book(store)?;
    let sheet = progress_sheet(store, &case, &book, with_tasks)?;
    let bytes = super::print::sheet_bytes(&book, &sheet, file == super::print::FileType::Ofd)?;
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The name the sheet is saved under: 2017年法治政府建设重点工作推进情况.pdf.
pub fn progress_sheet_file_name(case: &ReviewCase, extension: &str) -> String {
    format!("{}推进情况.{extension}", case.title)
}

/// How far ahead the dashboard lists key tasks.
pub const TASK_DAYS: u64 = 30;

/// The dashboard's key tasks: the open ones due within [`TASK_DAYS`] days (the overdue first), and how many
/// each lead unit has overdue, most first.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskBoard {
    pub due: Vec<DueTask>,
    pub due_total: u64,
    pub overdue_by_unit: Vec<(String, u64)>,
}

/// The dashboard's tasks: the open ones due since the start of last year, in plans not closed with 已结案 (one
/// overdue longer is its plan's page's, not a reminder), the first `rows` by day, how many there are, and each
/// lead unit's overdue count — counted in SQL, so a register of many years stays quick.
pub fn task_board(store: &Store, rows: u32) -> Result<TaskBoard> {
    let today = store.clock().today();
    let until = today
        .checked_add_days(chrono::Days::new(TASK_DAYS))
        .unwrap_or(today);
    let from = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today) - 1, 1, 1).unwrap_or(today);
    let due = tasks_due(store, from, until, rows)?;
    let due_total = store.key_tasks_due_count(from, until)?;
    let names = super::unit_names(store)?;
    let mut overdue_by_unit: Vec<(String, u64)> = store
        .overdue_key_tasks_by_lead(from, today)?
        .into_iter()
        .map(|(u, n)| (names.get(&u).cloned().unwrap_or_else(|| u.to_string()), n))
        .collect();
    overdue_by_unit.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(TaskBoard {
        due,
        due_total,
        overdue_by_unit,
    })
}

/// A plan as its page shows it: the tasks with their progress, each lead unit's counts and the plan's, and
/// the choices its forms offer.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub year: i32,
    pub tasks: Vec<TaskView>,
    pub units: Vec<UnitProgress>,
    pub total: UnitProgress,
    /// The 成果形式 the office's list offers.
    pub outcome_forms: Vec<String>,
}

/// The plan view of `case`, if it is a plan.
pub fn plan_view(store: &Store, case: &ReviewCase) -> Result<Option<PlanView>> {
    let CaseDetails::TaskPlan(d) = &case.details else {
        return Ok(None);
    };
    let (units, total) = progress_by_unit(store, case.id)?;
    Ok(Some(PlanView {
        year: d.year_or(case.received),
        tasks: plan_tasks(store, case.id)?,
        units,
        total,
        outcome_forms: super::choices::choice_items(
            store,
            crate::model::choice::ChoiceList::OutcomeForm,
        )?
        .into_iter()
        .map(|i| i.code)
        .collect(),
    }))
}

/// The plan a progress sheet is asked for, and the name it is saved under — for both shells' save dialogs,
/// refused before a dialog opens if the case is no plan or has no tasks.
pub fn progress_sheet_target(
    store: &Store,
    case_key: &str,
    file: super::print::FileType,
) -> Result<(CaseId, String)> {
    let case = super::find_case(store, case_key)?;
    sheet_possible(store, &case, file)?;
    Ok((case.id, progress_sheet_file_name(&case, file.extension())))
}

/// Why a progress sheet of `case` cannot be made as `file`: no plan, a Word file,
/// no tasks yet.
fn sheet_possible(store: &Store, case: &ReviewCase, file: super::print::FileType) -> Result<()> {
    plan_year(case)?;
    if file == super::print::FileType::Docx {
        return Err(Error::Refused("推进情况表可导出 PDF 或 OFD".into()));
    }
    if store.key_tasks_of_case(case.id)?.is_empty() {
        return Err(Error::Refused(format!(
            "{} 还没有任务，没有推进情况可以打印",
            case.reg_no
        )));
    }
    Ok(())
}

/// What an import is given by the UI: text pasted or read from a file, or a file's bytes (a workbook).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportSource {
    pub text: Option<String>,
    pub bytes: Option<Vec<u8>>,
}

impl ImportSource {
    pub fn into_bytes(self) -> Result<Vec<u8>> {
        match (self.text, self.bytes) {
            (Some(t), _) if !t.trim().is_empty() => Ok(t.into_bytes()),
            (_, Some(b)) if !b.is_empty() => Ok(b),
            _ => Err(Error::invalid(
                "导入文件",
                "请粘贴表格或选择表格文件（.xlsx 或 .csv）",
            )),
        }
    }
}
