//! `fashen plan …` (法治政府建设重点工作计划: the plan as a case, and its 推进情况表) and `fashen task …` (its
//! tasks: add, edit, list, delete, progress reports, import of a table).

use std::path::PathBuf;

use clap::Subcommand;

use super::case::{run_kind, KindCmd};
use super::inspection::file_type;
use super::output::{outln, print_json};
use super::table;
use fashen::actions::{self, tasks};
use fashen::model::{CaseKind, ReviewCase};
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    #[command(flatten)]
    Plan(Box<KindCmd>),
    /// 推进情况表：按牵头部门统计任务完成、逾期情况（横向表格），导出为 .pdf 或 .ofd；不给 --out 时列出
    Progress {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 导出到文件（.pdf 或 .ofd）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 附各项任务的推进明细（默认只有按牵头部门的一页）
        #[arg(long)]
        with_tasks: bool,
    },
}

/// The fields of a task as flags (`add` needs title, lead and due; `edit` changes only what is given).
#[derive(Debug, clap::Args)]
pub struct TaskArgs {
    /// 序号（默认顺延）
    #[arg(long)]
    no: Option<String>,
    /// 所属部分，如 "一、推进政府职能依法全面履行"
    #[arg(long)]
    part: Option<String>,
    /// 工作任务
    #[arg(long)]
    title: Option<String>,
    /// 牵头部门（名称或文号代字）
    #[arg(long)]
    lead: Option<String>,
    /// 责任单位（多个以、分隔）
    #[arg(long)]
    units: Option<String>,
    /// 完成时限：日期（2017-06-30、6月底前）、全年 或 长期坚持
    #[arg(long)]
    due: Option<String>,
    /// 成果形式：文件 / 制度 / 报告 / 台账 / 活动 / 方案 / 清单 / 平台 …
    #[arg(long)]
    outcome_form: Option<String>,
    /// 推进情况：未启动 / 推进中 / 已完成 / 延期
    #[arg(long)]
    status: Option<String>,
    /// 推进情况说明（延期须写明原因）
    #[arg(long)]
    reason: Option<String>,
    /// 完成日期（已完成时填写）
    #[arg(long)]
    done_on: Option<String>,
    /// 完成佐证（印发的文件、报送的报告等）
    #[arg(long)]
    evidence: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// 添加一项重点工作
    Add {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        #[command(flatten)]
        task: TaskArgs,
    },
    /// 修改一项重点工作（只改给出的项）
    Edit {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 任务序号（或编号）
        id: String,
        #[command(flatten)]
        task: TaskArgs,
    },
    /// 列出计划的任务（--overdue 只列逾期未完成的）
    List {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 只列逾期未完成的
        #[arg(long)]
        overdue: bool,
        /// 只列此牵头部门的
        #[arg(long)]
        lead: Option<String>,
    },
    /// 删除误录的任务（连同其工作进展）
    Delete {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 任务序号（或编号）
        id: String,
    },
    /// 登记工作进展（未启动的任务随之转为推进中）
    Report {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 任务序号（或编号）
        id: String,
        /// 进展情况
        #[arg(long)]
        text: String,
        /// 日期（默认今天）
        #[arg(long)]
        on: Option<String>,
        /// 报送单位（默认牵头部门）
        #[arg(long)]
        unit: Option<String>,
        /// 随附的附件（须已上传到本计划，填文件名）
        #[arg(long)]
        attachment: Option<String>,
    },
    /// 从表格导入任务：.xlsx、.csv（UTF-8 或 GBK）或粘贴的表格文本；列：序号、所属部分、工作任务、牵头部门、
    /// 责任单位、完成时限、成果形式。先预览，加 --commit 才导入（有问题的行不导入，其余在一个事务中导入）
    Import {
        /// 重点工作计划：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 表格文件；"-" 从标准输入读取（粘贴的表格）
        file: PathBuf,
        /// 确认导入（默认只预览）
        #[arg(long)]
        commit: bool,
    },
}

fn plan(store: &Store, id: &str) -> Result<ReviewCase> {
    let case = actions::find_case(store, id)?;
    if case.kind() != CaseKind::TaskPlan {
        return Err(fashen::Error::Refused(format!(
            "案件 {} 是{}，不是重点工作计划",
            case.reg_no,
            case.kind().label()
        )));
    }
    Ok(case)
}

pub fn run_plan(store: &mut Store, cmd: PlanCmd, json: bool) -> Result<()> {
    match cmd {
        PlanCmd::Plan(cmd) => run_kind(store, CaseKind::TaskPlan, *cmd, json),
        PlanCmd::Progress {
            case_id,
            out: Some(path),
            with_tasks,
        } => {
            let case = plan(store, &case_id)?;
            use actions::print::FileType::{Ofd, Pdf};
            let file = file_type(&path, &[Pdf, Ofd], "推进情况表")?;
            let bytes = tasks::export_progress_sheet(store, case.id, file, with_tasks, &path)?;
            outln!("已导出：{}（{} KB）", path.display(), bytes.div_ceil(1024));
            Ok(())
        }
        PlanCmd::Progress {
            case_id, out: None, ..
        } => {
            let case = plan(store, &case_id)?;
            let (units, all) = tasks::progress_by_unit(store, case.id)?;
            if json {
                return print_json(&serde_json::json!({ "units": units, "total": all }));
            }
            let rows: Vec<Vec<String>> = units
                .iter()
                .chain([&all])
                .map(|p| {
                    let mut row = vec![p.unit.clone()];
                    row.extend(p.counts());
                    row.push(p.overdue.to_string());
                    row
                })
                .collect();
            let heads: Vec<&str> = ["牵头部门"]
                .into_iter()
                .chain(tasks::PROGRESS_COUNTS)
                .chain(["逾期"])
                .collect();
            table::print(&heads, &rows);
            Ok(())
        }
    }
}

fn input(t: TaskArgs) -> tasks::TaskInput {
    tasks::TaskInput {
        no: t.no,
        part: t.part,
        title: t.title.unwrap_or_default(),
        lead: t.lead.unwrap_or_default(),
        units: t.units,
        due: t.due.unwrap_or_default(),
        outcome_form: t.outcome_form,
        status: t.status,
        status_reason: t.reason,
        done_on: t.done_on,
        evidence: t.evidence,
    }
}

fn said(t: &fashen::model::tasks::KeyTask) -> String {
    format!(
        "第{}项：{}（{}，{}）",
        t.no,
        table::clip(&t.title, 30),
        t.due.label(),
        t.status.label()
    )
}

pub fn run_task(store: &mut Store, cmd: TaskCmd, json: bool) -> Result<()> {
    match cmd {
        TaskCmd::Add { case_id, task } => {
            let case = plan(store, &case_id)?;
            let t = tasks::add_task(store, case.id, &input(task))?;
            if json {
                return print_json(&t);
            }
            outln!("已添加重点工作 {}", said(&t));
        }
        TaskCmd::Edit { case_id, id, task } => {
            let case = plan(store, &case_id)?;
            let old = tasks::find_task(store, case.id, &id)?;
            let edit = tasks::TaskEdit {
                no: task.no,
                part: task.part,
                title: task.title,
                lead: task.lead,
                units: task.units,
                due: task.due,
                outcome_form: task.outcome_form,
                status: task.status,
                status_reason: task.reason,
                done_on: task.done_on,
                evidence: task.evidence,
            };
            let t = tasks::edit_task(store, old.id, &edit)?;
            if json {
                return print_json(&t);
            }
            outln!("已修改重点工作 {}", said(&t));
        }
        TaskCmd::List {
            case_id,
            overdue,
            lead,
        } => {
            let case = plan(store, &case_id)?;
            let lead = lead
                .map(|l| actions::find_unit(store, &l).map(|u| u.name))
                .transpose()?;
            let list: Vec<tasks::TaskView> = tasks::plan_tasks(store, case.id)?
                .into_iter()
                .filter(|t| !overdue || t.overdue)
                .filter(|t| lead.as_ref().is_none_or(|l| &t.lead == l))
                .collect();
            if json {
                return print_json(&list);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|t| {
                    vec![
                        t.task.no.to_string(),
                        table::clip(&t.task.title, 34),
                        t.lead.clone(),
                        t.due_label.clone(),
                        t.task.outcome_form.clone().unwrap_or_default(),
                        format!(
                            "{}{}",
                            t.status_label,
                            if t.overdue { "（逾期）" } else { "" }
                        ),
                        t.progress.len().to_string(),
                    ]
                })
                .collect();
            table::print(
                &[
                    "序号",
                    "工作任务",
                    "牵头部门",
                    "完成时限",
                    "成果形式",
                    "推进情况",
                    "进展",
                ],
                &rows,
            );
        }
        TaskCmd::Delete { case_id, id } => {
            let case = plan(store, &case_id)?;
            let t = tasks::find_task(store, case.id, &id)?;
            tasks::delete_task(store, t.id)?;
            outln!("已删除重点工作第{}项", t.no);
        }
        TaskCmd::Report {
            case_id,
            id,
            text,
            on,
            unit,
            attachment,
        } => {
            let case = plan(store, &case_id)?;
            let t = tasks::find_task(store, case.id, &id)?;
            let p = tasks::report_progress(
                store,
                t.id,
                &tasks::ProgressInput {
                    on,
                    unit,
                    text,
                    attachment,
                },
            )?;
            if json {
                return print_json(&p);
            }
            outln!(
                "已登记第{}项的工作进展（{}）",
                t.no,
                fashen::model::validate::fmt_date(p.on)
            );
        }
        TaskCmd::Import {
            case_id,
            file,
            commit,
        } => {
            let case = plan(store, &case_id)?;
            let bytes = if file.as_os_str() == "-" {
                let mut b = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut b)
                    .map_err(|e| fashen::Error::invalid("导入文件", e.to_string()))?;
                b
            } else {
                std::fs::read(&file).map_err(|e| {
                    fashen::Error::invalid("导入文件", format!("无法读取 {}：{e}", file.display()))
                })?
            };
            let result = if commit {
                tasks::import_tasks(store, case.id, &bytes)?
            } else {
                tasks::preview_task_import(store, case.id, &bytes)?
            };
            if json {
                return print_json(&result);
            }
            let rows: Vec<Vec<String>> = result
                .rows
                .iter()
                .filter(|r| !r.heading)
                .map(|r| {
                    vec![
                        r.line.to_string(),
                        r.no.map(|n| n.to_string()).unwrap_or_default(),
                        table::clip(&r.input.title, 30),
                        r.input.lead.clone(),
                        r.input.due.clone(),
                        r.error.clone().unwrap_or_else(|| "可导入".into()),
                    ]
                })
                .collect();
            table::print(
                &["行", "序号", "工作任务", "牵头部门", "完成时限", "检查结果"],
                &rows,
            );
            match (commit, result.imported) {
                (true, true) => outln!(
                    "已导入 {} 项任务{}",
                    result.good,
                    if result.refused > 0 {
                        format!("；{} 行有问题，未导入", result.refused)
                    } else {
                        String::new()
                    }
                ),
                (true, false) => outln!("没有可以导入的行，未作任何改动"),
                (false, _) => outln!(
                    "预览：{} 项可导入，{} 行有问题。确认后加 --commit 导入",
                    result.good,
                    result.refused
                ),
            }
        }
    }
    Ok(())
}
