//! The 建议提案 register's figures for a year, as the annual report gives them ("建议提案按时办复率达100%"): how
//! many were assigned, answered, answered on time, by category and by 主办单位, and how satisfied the deputies
//! and members were. Counted from the cases and their reply deadlines, as the statistics count them (a test
//! holds the two to the same numbers); the definitions shown are the statistics' own.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::deadlines::DeadlineState;
use crate::error::Result;
use crate::model::case::{ProposalCategory, ProposalFeedback};
use crate::model::rule::RuleCode;
use crate::model::{CaseDetails, CaseKind, ReviewCase};
use crate::store::{CaseFilter, Store};

/// One line of a breakdown: a category or a 主办单位, and its counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProposalCount {
    pub name: String,
    /// Assigned in the year (交办日期).
    pub received: u64,
    /// Answered (答复日期 recorded).
    pub replied: u64,
    /// Whose reply is owed by now: answered, or past its day unanswered.
    pub due: u64,
    /// Answered by the reply deadline.
    pub on_time: u64,
    /// 按时办复率: answered on time ÷ owed by now; `None` when nothing is owed yet (set once counted).
    pub on_time_rate: Option<f64>,
}

impl ProposalCount {
    /// The count with its rate, once every suggestion is counted.
    fn rated(self) -> ProposalCount {
        ProposalCount {
            on_time_rate: (self.due > 0).then(|| self.on_time as f64 / self.due as f64),
            ..self
        }
    }
}

/// A year's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalFigures {
    pub year: i32,
    pub total: ProposalCount,
    pub on_time_rate: Option<f64>,
    pub by_category: Vec<ProposalCount>,
    pub by_unit: Vec<ProposalCount>,
    /// The deputies' and members' last word (after a renewed reply, the renewed one's).
    pub satisfied: u64,
    pub fairly_satisfied: u64,
    pub dissatisfied: u64,
    /// 满意率: 满意 and 基本满意 ÷ those who gave their view; `None` when none has.
    pub satisfaction_rate: Option<f64>,
    /// How each figure is counted, in the words the report uses.
    pub definitions: Vec<String>,
}

/// How each figure is counted: the statistics' own definitions (`model::stats`), so the register's panel and
/// the 统计 screen say the same.
fn definitions() -> Vec<String> {
    [
        "proposals_received",
        "proposals_owed",
        "proposals_on_time",
        "proposals_on_time_rate",
        "proposals_views",
        "proposals_satisfied",
        "proposals_satisfaction_rate",
    ]
    .iter()
    .filter_map(|code| crate::model::stats::figure(code))
    .map(|f| format!("{}：{}", f.label, f.definition))
    .collect()
}

/// Where a suggestion's reply stands: answered or owed, and answered in time.
fn reply_state(store: &Store, case: &ReviewCase) -> Result<(bool, bool, bool)> {
    let today = store.clock().today();
    let reply = store.deadlines_of_case(case.id.0)?.into_iter().find(|d| {
        matches!(
            d.deadline.rule,
            Some(
                RuleCode::ProposalReply
                    | RuleCode::ProposalReplyCppcc
                    | RuleCode::ProposalReplyDifficult
            )
        )
    });
    let CaseDetails::Proposal(p) = &case.details else {
        return Ok((false, false, false));
    };
    let replied = p.replied_on.is_some();
    let (due, on_time) = match reply {
        Some(d) => {
            let day = d.deadline.due;
            let met = d.deadline.state == DeadlineState::Met;
            let on_time = met
                && match (d.deadline.met_on.or(p.replied_on), day) {
                    (Some(on), Some(due)) => on <= due,
                    _ => false,
                };
            (replied || day.is_some_and(|due| due < today), on_time)
        }
        None => (replied, false),
    };
    Ok((replied, due, on_time))
}

/// The figures of the suggestions and proposals assigned in `year`.
pub fn proposal_figures(store: &Store, year: i32) -> Result<ProposalFigures> {
    let page = store.list_cases(&CaseFilter {
        kind: Some(CaseKind::Proposal),
        year: Some(year),
        ..Default::default()
    })?;
    let mut total = ProposalCount {
        name: "合计".into(),
        ..Default::default()
    };
    let mut by_category: BTreeMap<&'static str, ProposalCount> = BTreeMap::new();
    let mut by_unit: BTreeMap<String, ProposalCount> = BTreeMap::new();
    let (mut satisfied, mut fairly, mut dissatisfied) = (0, 0, 0);
    for row in page.rows {
        let Some(case) = store.get::<ReviewCase>(
            row.id
                .parse()
                .map_err(|_| crate::Error::not_found("案件", &row.id))?,
        )?
        else {
            continue;
        };
        let CaseDetails::Proposal(p) = &case.details else {
            continue;
        };
        let (replied, due, on_time) = reply_state(store, &case)?;
        let category = p.category.map_or("未分类", ProposalCategory::label);
        let unit = row.unit_name.clone();
        let cat = by_category
            .entry(category)
            .or_insert_with(|| ProposalCount {
                name: category.into(),
                ..Default::default()
            });
        let add = |c: &mut ProposalCount| {
            c.received += 1;
            c.replied += u64::from(replied);
            c.due += u64::from(due);
            c.on_time += u64::from(on_time);
        };
        add(&mut total);
        add(cat);
        add(by_unit
            .entry(unit.clone())
            .or_insert_with(|| ProposalCount {
                name: unit,
                ..Default::default()
            }));
        match p.refeedback.or(p.feedback) {
            Some(ProposalFeedback::Satisfied) => satisfied += 1,
            Some(ProposalFeedback::FairlySatisfied) => fairly += 1,
            Some(ProposalFeedback::Dissatisfied) => dissatisfied += 1,
            None => {}
        }
    }
    let total = total.rated();
    let views = satisfied + fairly + dissatisfied;
    let mut by_unit: Vec<ProposalCount> = by_unit.into_values().map(ProposalCount::rated).collect();
    by_unit.sort_by(|a, b| {
        b.received
            .cmp(&a.received)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(ProposalFigures {
        year,
        on_time_rate: total.on_time_rate,
        total,
        by_category: by_category
            .into_values()
            .map(ProposalCount::rated)
            .collect(),
        by_unit,
        satisfied,
        fairly_satisfied: fairly,
        dissatisfied,
        satisfaction_rate: (views > 0).then(|| (satisfied + fairly) as f64 / views as f64),
        definitions: definitions(),
    })
}
