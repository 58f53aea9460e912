//! 工作台: what the office looks at each morning — counts per status, the user's own open cases, and the
//! queues that need someone today. One read, built from the register query so it stays fast at 100 000 cases.

use serde::Serialize;

use crate::error::Result;
use crate::model::Status;
use crate::store::{CaseFilter, CasePage, StatusCount, Store};

/// How many cases each list on the dashboard shows (the register shows the rest).
pub const DASHBOARD_ROWS: u32 = 8;

/// The queues of the morning round, in the order a case meets them.
pub const QUEUES: &[Status] = &[
    Status::AwaitingMaterials,
    Status::InReview,
    Status::AdvisorConsulted,
    Status::AwaitingSignoff,
    Status::AwaitingFiling,
];

#[derive(Debug, Clone, Serialize)]
pub struct Queue {
    pub status: Status,
    /// The newest cases of the queue and how many there are in all.
    pub page: CasePage,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// Today in the office's time zone (China Standard Time), whatever zone the laptop is set to.
    pub today: chrono::NaiveDate,
    pub total: u64,
    pub by_status: Vec<StatusCount>,
    /// The person this laptop's user is, if their name is registered among the staff.
    pub me: Option<String>,
    /// Open cases assigned to `me`.
    pub mine: Option<CasePage>,
    pub queues: Vec<Queue>,
    /// Overdue, due soon, filings due, validity expiring.
    pub deadlines: super::deadlines::DeadlineBoard,
    /// Hearings (行政应诉) within [`HEARING_DAYS`] days, and earlier ones whose appearance is still 待定.
    pub hearings: Vec<HearingItem>,
    /// 法治政府建设 key tasks due within the month or overdue, and the overdue ones by lead unit.
    pub tasks: super::tasks::TaskBoard,
}

/// How far ahead the dashboard lists hearings.
pub const HEARING_DAYS: u64 = 30;

/// A hearing on the dashboard, with its lawsuit.
#[derive(Debug, Clone, Serialize)]
pub struct HearingItem {
    pub case_id: String,
    pub reg_no: String,
    pub title: String,
    pub on: chrono::NaiveDate,
    pub court_room: Option<String>,
    pub appeared: crate::model::Appearance,
    pub appeared_label: &'static str,
    /// Past and still 待定: what happened is to be written down.
    pub to_record: bool,
}

/// The hearings the office must prepare for (a head to send) or write up.
fn hearings(store: &Store) -> Result<Vec<HearingItem>> {
    let today = store.clock().today();
    let until = today
        .checked_add_days(chrono::Days::new(HEARING_DAYS))
        .unwrap_or(today);
    let mut items = Vec::new();
    for h in store.hearings_due(today, until, DASHBOARD_ROWS * 2)? {
        // A suit withdrawn or concluded has no hearing left to go to or write up; a case not (yet) here
        // — a sync in progress — is no reason to fail the whole 工作台.
        let Some(case) = store.get::<crate::model::ReviewCase>(h.case_id.0)? else {
            continue;
        };
        if case.status.is_final() {
            continue;
        }
        items.push(HearingItem {
            case_id: case.id.to_string(),
            reg_no: case.reg_no.to_string(),
            title: case.title,
            on: h.on,
            court_room: h.court_room,
            appeared: h.appeared,
            appeared_label: h.appeared.label(),
            to_record: h.on < today,
        });
    }
    Ok(items)
}

pub fn dashboard(store: &Store) -> Result<Dashboard> {
    let by_status = store.count_by_status()?;
    let first = |filter: CaseFilter| {
        store.list_cases(&CaseFilter {
            limit: Some(DASHBOARD_ROWS),
            ..filter
        })
    };
    let me = match store.setting("user_name")? {
        Some(name) => store.people_named(&name)?.into_iter().next(),
        None => None,
    };
    let mine = me
        .as_ref()
        .map(|p| {
            first(CaseFilter {
                assignee_id: Some(p.id.0),
                active_only: true,
                ..Default::default()
            })
        })
        .transpose()?;
    let queues = QUEUES
        .iter()
        .map(|&status| {
            Ok(Queue {
                status,
                page: first(CaseFilter {
                    status: Some(status),
                    ..Default::default()
                })?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Dashboard {
        today: store.clock().today(),
        total: by_status.iter().map(|c| c.count).sum(),
        by_status,
        me: me.map(|p| p.name),
        mine,
        queues,
        deadlines: super::deadlines::deadline_board(store)?,
        hearings: hearings(store)?,
        tasks: super::tasks::task_board(store, DASHBOARD_ROWS)?,
    })
}
