//! The year's 法治政府建设 key tasks (issue 21): a plan is a case of its own kind
//! ([`crate::model::CaseKind::TaskPlan`]); each task is a [`KeyTask`] on it — numbered within the plan under its
//! part, with a lead unit, the units responsible, a time limit (a day, 全年 or 长期坚持), the form its result
//! takes and where it stands — and what the units report over the year is [`TaskProgress`] on the task.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, CaseId, KeyTaskId, TaskProgressId, UnitId};

coded_enum!(
    /// Where a task stands (推进情况).
    TaskStatus, "推进情况" {
        NotStarted = "not_started", "未启动";
        InProgress = "in_progress", "推进中";
        Done = "done", "已完成";
        Delayed = "delayed", "延期";
    }
);

/// A task's time limit (完成时限): a day, the whole year (due by its last day), or 长期坚持 (never due).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskDue {
    On(NaiveDate),
    AllYear,
    Ongoing,
}

impl TaskDue {
    /// Reads a time limit as plans write it, in the plan's `year`: `2017-06-30`, `2017年6月30日`, `6月底前`
    /// (the month's last day), `2017年9月`, `上半年` (30 June), `年底前` / `下半年` (31 December), `全年`,
    /// `长期坚持` (`长期`, `持续推进`).
    pub fn parse(text: &str, year: i32) -> Result<TaskDue> {
        let t: String = text.split_whitespace().collect();
        let t = t.trim_end_matches('前').trim_end_matches("以");
        let bad = || {
            Error::invalid(
                "完成时限",
                format!("「{text}」不是可用的完成时限：请写日期（如 2017-06-30、6月底前）、全年或长期坚持"),
            )
        };
        match t {
            "全年" | "全年度" | "全年推进" => return Ok(TaskDue::AllYear),
            "长期坚持" | "长期" | "持续推进" | "持续" => return Ok(TaskDue::Ongoing),
            "" => return Err(bad()),
            _ => {}
        }
        if let Ok(d) = validate::date("完成时限", t) {
            return Ok(TaskDue::On(d));
        }
        // An optional year (2017年), then a part of it.
        let (y, rest) = match t.split_once('年') {
            Some((y, rest)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
                (y.parse().map_err(|_| bad())?, rest)
            }
            _ => (year, t),
        };
        let last_of = |m: u32| {
            NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
                .ok_or_else(bad)
        };
        // 6月30日, 9月15日: a day of the plan's year.
        if let Some((m, d)) = rest.strip_suffix('日').and_then(|r| r.split_once('月')) {
            let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
            let day = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)?;
            return Ok(TaskDue::On(validate::in_range("完成时限", day)?));
        }
        let day = match rest {
            "上半年" | "年中" => last_of(6)?,
            "" | "底" | "年底" | "下半年" | "年内" => last_of(12)?,
            "第一季度" | "一季度" => last_of(3)?,
            "第二季度" | "二季度" => last_of(6)?,
            "第三季度" | "三季度" => last_of(9)?,
            "第四季度" | "四季度" => last_of(12)?,
            _ => {
                let m = rest
                    .trim_end_matches('底')
                    .trim_end_matches("月份")
                    .trim_end_matches('月');
                let m: u32 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                last_of(m)?
            }
        };
        Ok(TaskDue::On(validate::in_range("完成时限", day)?))
    }

    /// The day the task is due, for a plan of `year`: its day, the year's last day, or none (长期坚持).
    pub fn day(self, year: i32) -> Option<NaiveDate> {
        match self {
            TaskDue::On(d) => Some(d),
            TaskDue::AllYear => NaiveDate::from_ymd_opt(year, 12, 31),
            TaskDue::Ongoing => None,
        }
    }

    /// As a plan prints it: 2017年6月30日, 全年, 长期坚持.
    pub fn label(self) -> String {
        match self {
            TaskDue::On(d) => validate::fmt_date(d),
            TaskDue::AllYear => "全年".into(),
            TaskDue::Ongoing => "长期坚持".into(),
        }
    }
}

/// One task of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyTask {
    pub id: KeyTaskId,
    /// The plan (a 重点工作 case).
    pub case_id: CaseId,
    /// The plan's year, kept on the task so that its own check (on every path in: the write, a sync file,
    /// `check`) knows what it may be due in.
    pub year: i32,
    /// The part of the plan it is under (一、推进政府职能依法全面履行), as the plan words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// 序号 within the plan: 1, 2, … across its parts, as plans number them.
    pub no: u32,
    /// 工作任务.
    pub title: String,
    /// 牵头部门.
    pub lead_unit_id: UnitId,
    /// 责任单位 (besides the lead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_ids: Vec<UnitId>,
    /// 完成时限.
    pub due: TaskDue,
    /// 成果形式: an entry of the office's list (`ChoiceList::OutcomeForm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_form: Option<String>,
    pub status: TaskStatus,
    /// Why it is 延期 (required then), or a note on where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// 完成日期 (required once 已完成, and only then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// 完成佐证: what shows it done (the document issued, the report sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl KeyTask {
    /// The day the task is due (none for 长期坚持).
    pub fn due_day(&self) -> Option<NaiveDate> {
        self.due.day(self.year)
    }

    /// Open and past its day on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status != TaskStatus::Done && self.due_day().is_some_and(|d| d < today)
    }

    /// Done by its day (长期坚持: done at all).
    pub fn done_on_time(&self) -> bool {
        match (self.done_on, self.due_day()) {
            (Some(done), Some(due)) => done <= due,
            (Some(_), None) => true,
            _ => false,
        }
    }

    pub fn validate(&self) -> Result<()> {
        validate::required_text("工作任务", &self.title, 300)?;
        validate::optional_text("所属部分", self.part.as_deref().unwrap_or(""), 100)?;
        validate::optional_text("成果形式", self.outcome_form.as_deref().unwrap_or(""), 30)?;
        validate::long_text(
            "推进情况说明",
            self.status_reason.as_deref().unwrap_or(""),
            1000,
        )?;
        validate::long_text("完成佐证", self.evidence.as_deref().unwrap_or(""), 2000)?;
        if self.no == 0 || self.no > 9999 {
            return Err(Error::invalid("序号", "序号应为 1—9999"));
        }
        if let TaskDue::On(d) = self.due {
            validate::in_range("完成时限", d)?;
            if d.year() < self.year {
                return Err(Error::invalid(
                    "完成时限",
                    format!("{}早于计划年度（{}年）", validate::fmt_date(d), self.year),
                ));
            }
        }
        for (i, u) in self.unit_ids.iter().enumerate() {
            if self.unit_ids[..i].contains(u) {
                return Err(Error::invalid("责任单位", "责任单位重复"));
            }
            if *u == self.lead_unit_id {
                return Err(Error::invalid("责任单位", "牵头部门已是责任单位，不必再列"));
            }
        }
        match (self.status, self.done_on) {
            (TaskStatus::Done, None) => {
                return Err(Error::invalid("完成日期", "已完成的任务须填写完成日期"))
            }
            (s, Some(_)) if s != TaskStatus::Done => {
                return Err(Error::invalid(
                    "完成日期",
                    format!("任务{}，不能填写完成日期", s.label()),
                ))
            }
            _ => {}
        }
        if let Some(d) = self.done_on {
            validate::in_range("完成日期", d)?;
        }
        if self.status == TaskStatus::Delayed
            && self
                .status_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            return Err(Error::invalid("推进情况说明", "延期的任务须写明原因"));
        }
        Ok(())
    }
}

/// What a unit reported on a task, on a day (工作进展).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskProgress {
    pub id: TaskProgressId,
    /// The plan.
    pub case_id: CaseId,
    pub task_id: KeyTaskId,
    pub on: NaiveDate,
    /// The unit reporting (the lead when not given).
    pub unit_id: UnitId,
    pub text: String,
    /// A document it sent with it, attached to the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<AttachmentId>,
}

impl TaskProgress {
    pub fn validate(&self) -> Result<()> {
        validate::in_range("进展日期", self.on)?;
        validate::required_text("进展情况", &self.text, 2000)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> TaskDue {
        TaskDue::On(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn time_limits_are_read_as_plans_write_them() {
        for (text, due) in [
            ("2017-06-30", d(2017, 6, 30)),
            ("2017年9月15日", d(2017, 9, 15)),
            ("6月30日前", d(2017, 6, 30)),
            ("9月15日", d(2017, 9, 15)),
            ("6月底前", d(2017, 6, 30)),
            ("2月底", d(2017, 2, 28)),
            ("2018年3月", d(2018, 3, 31)),
            ("上半年", d(2017, 6, 30)),
            ("年底前", d(2017, 12, 31)),
            ("第三季度", d(2017, 9, 30)),
            ("11月份", d(2017, 11, 30)),
            ("全年", TaskDue::AllYear),
            ("长期坚持", TaskDue::Ongoing),
        ] {
            assert_eq!(TaskDue::parse(text, 2017).unwrap(), due, "{text}");
        }
        for bad in ["", "13月底", "尽快", "2017-02-30", "2月30日"] {
            let e = TaskDue::parse(bad, 2017).unwrap_err().to_string();
            assert!(e.contains("完成时限"), "{bad}: {e}");
        }
        assert_eq!(
            TaskDue::AllYear.day(2017),
            NaiveDate::from_ymd_opt(2017, 12, 31)
        );
        assert_eq!(TaskDue::Ongoing.day(2017), None);
    }
}
