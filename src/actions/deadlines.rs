//! Deadlines as the office sees them: the dashboard's lists, a case's deadlines with their rule and source, the
//! working-day calendar (look up a day, count working days, enter or correct a year, import a file) and the
//! rule table. Every change to a calendar year or a rule recomputes every deadline and reports what moved.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::deadlines::Urgency;
use crate::deadlines::{urgency, Deadline, DeadlineState};
use crate::error::{Error, Result};
use crate::model::calendar::{
    calendar_year_id, CalendarFile, CalendarYear, DaySpan, CALENDAR_FORMAT, CALENDAR_FORMAT_VERSION,
};
use crate::model::calendar::{DayKind, WorkingDayCalendar};
use crate::model::rule::{DeadlineRule, PeriodUnit, RuleCode, RulePurpose};
use crate::model::validate::{self, fmt_date};
pub use crate::store::DeadlineMove;
use crate::store::{DeadlineQuery, DeadlineRow, Store};

/// How many rows each dashboard list shows (the CLI lists them all).
pub const BOARD_ROWS: u32 = 8;
/// "Due soon" on the dashboard: within this many calendar days.
pub const DUE_SOON_DAYS: u64 = 7;

/// One deadline in a list, with today's traffic light.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineItem {
    #[serde(flatten)]
    pub row: DeadlineRow,
    pub urgency: Urgency,
    pub urgency_label: &'static str,
    /// Working days from today to the due date (negative: overdue by that many).
    pub days_left: Option<i64>,
    /// "剩余3个工作日", "今日到期", "逾期2个工作日", or for an expiry "还有120天".
    pub left_text: String,
    /// On the dashboard, the case's other deadlines of the same list (a filing's second channel), soonest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<DeadlineItem>,
}

/// A list of the dashboard: one item per case, `total` cases in all.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineList {
    pub total: u64,
    pub items: Vec<DeadlineItem>,
}

/// The dashboard's deadline lists.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineBoard {
    pub today: NaiveDate,
    /// Past due and not done.
    pub overdue: DeadlineList,
    /// Due today or within [`DUE_SOON_DAYS`] days.
    pub due_soon: DeadlineList,
    /// Filings (人大常委会, 上级政府, 重大处罚) not yet sent, soonest first.
    pub filings_due: DeadlineList,
    /// 建议提案 replies (and the co-units' views, the renewed replies) due within [`PROPOSAL_DAYS`] days beyond
    /// the week, soonest first: the month the office chases by phone.
    pub proposals_due: DeadlineList,
    /// Documents within the pre-expiry evaluation window (by default 6 months before expiry), not yet expired.
    pub validity_expiring: DeadlineList,
    /// Documents past their expiry and not yet cleaned up (已届满待清理): the office head's to see.
    pub validity_expired: DeadlineList,
    /// Today's year has no holiday notice yet: every date counted in it is provisional.
    pub calendar_missing_year: Option<i32>,
}

/// Validity is counted in calendar days to its expiry (for the reminder, the expiry is its trigger); a rule
/// counted in days, months or years (a filing within 30 days) in days; a rule counted in working days in
/// working days, from its traffic light.
fn left_text(
    (u, left): (Urgency, Option<i64>),
    purpose: RulePurpose,
    due: Option<NaiveDate>,
    trigger: Option<NaiveDate>,
    today: NaiveDate,
    working_days: bool,
) -> String {
    let expiry = match purpose {
        RulePurpose::Expiry => due,
        RulePurpose::Reminder => trigger,
        _ => None,
    };
    if let Some(expiry) = expiry {
        let days = (expiry - today).num_days();
        return if days >= 0 {
            format!("距届满还有{days}天")
        } else {
            format!("已届满{}天", -days)
        };
    }
    match (u, due) {
        (Urgency::Overdue | Urgency::Green | Urgency::Amber, Some(due)) if !working_days => {
            let days = (due - today).num_days();
            return if days < 0 {
                format!("逾期{}天", -days)
            } else {
                format!("剩余{days}天")
            };
        }
        _ => {}
    }
    match (u, left) {
        (Urgency::DueToday, _) => "今日到期".into(),
        (Urgency::Overdue, Some(l)) if l < 0 => format!("逾期{}个工作日", -l),
        (Urgency::Overdue, _) => "已逾期".into(),
        (Urgency::Paused, _) => "计时暂停".into(),
        (_, Some(l)) => format!("剩余{l}个工作日"),
        _ => String::new(),
    }
}

/// Whether each rule (by code) counts working days; a rule not found is taken to.
fn working_day_rules(store: &Store) -> Result<BTreeMap<String, bool>> {
    Ok(store
        .deadline_rules()?
        .into_iter()
        .map(|(r, _)| (r.code.code().to_string(), r.unit == PeriodUnit::WorkingDays))
        .collect())
}

fn items(
    rows: Vec<DeadlineRow>,
    today: NaiveDate,
    cal: &WorkingDayCalendar,
    working: &BTreeMap<String, bool>,
) -> Vec<DeadlineItem> {
    rows.into_iter()
        .map(|row| {
            let (u, left) = urgency(row.state, row.due, today, cal);
            let working_days = working.get(&row.rule).copied().unwrap_or(true);
            DeadlineItem {
                left_text: left_text(
                    (u, left),
                    row.purpose,
                    row.due,
                    row.trigger,
                    today,
                    working_days,
                ),
                urgency: u,
                urgency_label: u.label(),
                days_left: left,
                row,
                also: Vec::new(),
            }
        })
        .collect()
}

/// Items of one case, which the query lists together, as one item: the soonest, with the others in `also`.
fn by_case(items: Vec<DeadlineItem>) -> Vec<DeadlineItem> {
    let mut grouped: Vec<DeadlineItem> = Vec::new();
    for item in items {
        match grouped.last_mut() {
            Some(first) if first.row.case_id == item.row.case_id => first.also.push(item),
            _ => grouped.push(item),
        }
    }
    grouped
}

/// What a list needs besides its query: today, the calendar, and which rules count working days.
struct Board<'a> {
    today: NaiveDate,
    cal: &'a WorkingDayCalendar,
    working: BTreeMap<String, bool>,
}

fn list(store: &Store, q: DeadlineQuery, b: &Board<'_>) -> Result<DeadlineList> {
    let (total, rows) = store.deadline_rows(&q)?;
    let items = items(rows, b.today, b.cal, &b.working);
    Ok(DeadlineList {
        total,
        items: if q.by_case { by_case(items) } else { items },
    })
}

const FILING_RULES: &[RuleCode] = &[
    RuleCode::FilingNpc,
    RuleCode::FilingUpper,
    RuleCode::PenaltyFiling,
];

/// How far ahead the dashboard lists a 建议提案's deadlines: the month.
pub const PROPOSAL_DAYS: u64 = 30;

const PROPOSAL_RULES: &[RuleCode] = &[
    RuleCode::ProposalReply,
    RuleCode::ProposalReplyCppcc,
    RuleCode::ProposalReplyDifficult,
    RuleCode::ProposalCoViews,
    RuleCode::ProposalRehandling,
];

pub fn deadline_board(store: &Store) -> Result<DeadlineBoard> {
    let today = store.clock().today();
    let (cal, _) = store.working_day_calendar()?;
    let board = Board {
        today,
        cal: &cal,
        working: working_day_rules(store)?,
    };
    // A case is listed once, in the most urgent list it belongs to, with its deadlines of that list together.
    let yesterday = today.pred_opt().unwrap_or(today);
    let soon = today.checked_add_days(Days::new(DUE_SOON_DAYS));
    // Overdue and due soon: a case by its next due date, the soonest of its open deadlines.
    let by_next_due = |due_from, due_until| DeadlineQuery {
        states: vec![DeadlineState::Open],
        purposes: vec![RulePurpose::Deadline],
        due_from,
        due_until,
        by_case: true,
        by_next_due: true,
        limit: Some(BOARD_ROWS),
        ..Default::default()
    };
    Ok(DeadlineBoard {
        overdue: list(store, by_next_due(None, Some(yesterday)), &board)?,
        due_soon: list(store, by_next_due(Some(today), soon), &board)?,
        filings_due: list(
            store,
            // Not yet due within the week (those are listed above), and the case has nothing more urgent.
            DeadlineQuery {
                states: vec![DeadlineState::Open],
                rules: FILING_RULES.iter().map(|r| r.code().to_string()).collect(),
                due_from: soon.and_then(|d| d.succ_opt()),
                except_cases_due_until: soon,
                by_case: true,
                limit: Some(BOARD_ROWS),
                ..Default::default()
            },
            &board,
        )?,
        proposals_due: list(
            store,
            // Beyond the week (those are listed above) and within the month.
            DeadlineQuery {
                states: vec![DeadlineState::Open],
                rules: PROPOSAL_RULES
                    .iter()
                    .map(|r| r.code().to_string())
                    .collect(),
                due_from: soon.and_then(|d| d.succ_opt()),
                due_until: today.checked_add_days(Days::new(PROPOSAL_DAYS)),
                except_cases_due_until: soon,
                by_case: true,
                limit: Some(BOARD_ROWS),
                ..Default::default()
            },
            &board,
        )?,
        // The reminder's trigger is the expiry: one already past belongs to the next list.
        validity_expiring: list(
            store,
            DeadlineQuery {
                states: vec![DeadlineState::Open],
                rules: vec![RuleCode::PreExpiryEvaluation.code().to_string()],
                due_until: Some(today),
                trigger_from: Some(today),
                limit: Some(BOARD_ROWS),
                ..Default::default()
            },
            &board,
        )?,
        validity_expired: list(
            store,
            DeadlineQuery {
                states: vec![DeadlineState::Open],
                purposes: vec![RulePurpose::Expiry],
                due_until: Some(yesterday),
                limit: Some(BOARD_ROWS),
                ..Default::default()
            },
            &board,
        )?,
        calendar_missing_year: (!cal.knows(chrono::Datelike::year(&today)))
            .then_some(chrono::Datelike::year(&today)),
        today,
    })
}

/// What `fashen deadlines` lists.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineFilter {
    /// Due within this many calendar days from today (overdue ones included).
    pub within: Option<u32>,
    /// Only the overdue.
    pub overdue: bool,
}

/// Every open deadline (and paused review clock) matching the filter, soonest first.
pub fn deadline_list(store: &Store, f: &DeadlineFilter) -> Result<Vec<DeadlineItem>> {
    if let Some(n) = f.within {
        if n > 3660 {
            return Err(Error::invalid("天数", "应为 0—3660 天"));
        }
    }
    let today = store.clock().today();
    let (cal, _) = store.working_day_calendar()?;
    let due_until = if f.overdue {
        today.pred_opt()
    } else {
        f.within
            .and_then(|n| today.checked_add_days(Days::new(n.into())))
    };
    let states = if f.overdue || f.within.is_some() {
        vec![DeadlineState::Open]
    } else {
        vec![DeadlineState::Open, DeadlineState::Paused]
    };
    let (_, rows) = store.deadline_rows(&DeadlineQuery {
        states,
        // The pre-expiry reminder repeats its document's expiry row; the dashboard lists it on its own.
        purposes: vec![RulePurpose::Deadline, RulePurpose::Expiry],
        due_until,
        ..Default::default()
    })?;
    Ok(items(rows, today, &cal, &working_day_rules(store)?))
}

/// One deadline of a case as its page shows it: the engine's record, the rule and its source, today's light.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    #[serde(flatten)]
    pub deadline: Deadline,
    pub key: &'static str,
    pub state_label: &'static str,
    pub purpose_label: &'static str,
    pub urgency: Urgency,
    pub left_text: String,
    /// "15个工作日" as the rule now says.
    pub period: Option<String>,
    pub source: Option<String>,
    pub calendar_version: String,
    /// The rule has changed since this deadline was computed (never, as recomputation is immediate; kept for
    /// deadlines synced from a laptop whose rules differ).
    pub rule_changed: bool,
}

/// A case's deadlines and the dates that moved on it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDeadlines {
    pub deadlines: Vec<DeadlineView>,
    pub moves: Vec<DeadlineMove>,
}

pub fn case_deadlines(store: &Store, case: Uuid) -> Result<CaseDeadlines> {
    let today = store.clock().today();
    let (cal, _) = store.working_day_calendar()?;
    let rules: BTreeMap<RuleCode, (DeadlineRule, String)> = store
        .deadline_rules()?
        .into_iter()
        .map(|(r, rev)| (r.code, (r, rev)))
        .collect();
    let deadlines = store
        .deadlines_of_case(case)?
        .into_iter()
        .map(|s| {
            let d = s.deadline;
            let (u, left) = urgency(d.state, d.due, today, &cal);
            // A right unused, or another body's period run out, is no lateness of the office's.
            let lapsed = d.purpose == RulePurpose::Window && u == Urgency::Overdue;
            let (u, left) = if lapsed {
                (Urgency::Unlit, None)
            } else {
                (u, left)
            };
            let rule = d.rule.and_then(|c| rules.get(&c));
            let text = match d.state {
                DeadlineState::Open if lapsed => "已期满".to_string(),
                DeadlineState::Open | DeadlineState::Paused => {
                    let working_days = rule.is_none_or(|(r, _)| r.unit == PeriodUnit::WorkingDays);
                    left_text((u, left), d.purpose, d.due, d.trigger, today, working_days)
                }
                DeadlineState::Met => match (d.met_on, d.due) {
                    (Some(m), Some(due)) if m > due => format!("{}完成（逾期）", fmt_date(m)),
                    (Some(m), _) => format!("{}完成", fmt_date(m)),
                    _ => "已完成".into(),
                },
                other => other.label().into(),
            };
            DeadlineView {
                key: d.key(),
                state_label: d.state.label(),
                purpose_label: d.purpose.label(),
                urgency: u,
                left_text: text,
                period: rule.map(|(r, _)| r.period_text()),
                source: rule.map(|(r, _)| match &r.local_source {
                    Some(l) => format!("本地依据：{l}"),
                    None => r.source.clone(),
                }),
                rule_changed: match (rule, &d.rule_rev) {
                    (Some((_, rev)), Some(used)) => rev != used,
                    _ => false,
                },
                calendar_version: s.calendar_version,
                deadline: d,
            }
        })
        .collect();
    Ok(CaseDeadlines {
        deadlines,
        moves: store.deadline_moves_of_case(case)?,
    })
}

/// Reads a calendar file chosen by the user and imports it (at most 1 MB: a year is about 2 KB).
pub fn import_calendar_path(store: &mut Store, path: &std::path::Path) -> Result<ChangeReport> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::invalid("日历文件", format!("无法读取 {}：{e}", path.display())))?
        .len();
    if size > 1_048_576 {
        return Err(Error::invalid(
            "日历文件",
            format!("文件过大（{} KB），不是日历文件", size / 1024),
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("日历文件", format!("无法读取 {}：{e}", path.display())))?;
    import_calendar(store, &text)
}

// ---- the calendar ----

/// What one day is.
#[derive(Debug, Clone, Serialize)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub kind: &'static str,
    pub label: &'static str,
    pub is_workday: bool,
    /// The festival, for a holiday or a make-up day.
    pub name: Option<String>,
    /// The year's notice is not in the calendar: Monday to Friday are assumed.
    pub provisional: bool,
}

fn kind_code(k: DayKind) -> &'static str {
    match k {
        DayKind::Workday => "workday",
        DayKind::Weekend => "weekend",
        DayKind::Holiday => "holiday",
        DayKind::MakeUpWorkday => "make_up_workday",
    }
}

fn day_names(years: &[CalendarYear]) -> BTreeMap<NaiveDate, String> {
    years
        .iter()
        .flat_map(|y| y.holidays.iter().chain(&y.make_up_workdays))
        .flat_map(|s| s.days().map(|d| (d, s.name.clone())))
        .collect()
}

pub fn day_info(store: &Store, date: &str) -> Result<DayInfo> {
    let date = validate::date("日期", date)?;
    let (cal, _) = store.working_day_calendar()?;
    let names = day_names(&store.calendar_years()?);
    let k = cal.kind(date);
    Ok(DayInfo {
        date,
        kind: kind_code(k),
        label: k.label(),
        is_workday: k.is_workday(),
        name: names.get(&date).cloned(),
        provisional: !cal.knows(chrono::Datelike::year(&date)),
    })
}

/// The result of counting working days.
#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    pub start: NaiveDate,
    pub days: u32,
    pub date: NaiveDate,
    pub provisional: bool,
}

/// The `n`th working day after `date` (the start day not counted).
pub fn add_workdays(store: &Store, date: &str, n: i64) -> Result<Counted> {
    let start = validate::date("日期", date)?;
    if !(0..=1000).contains(&n) {
        return Err(Error::invalid("工作日数", "应为 0—1000 之间的整数"));
    }
    let (cal, _) = store.working_day_calendar()?;
    let r = cal.add_workdays(start, n as u32)?;
    Ok(Counted {
        start,
        days: n as u32,
        date: r.date,
        provisional: r.provisional,
    })
}

/// One year of the calendar screen's list.
#[derive(Debug, Clone, Serialize)]
pub struct YearSummary {
    pub year: i32,
    pub source: String,
    pub holidays: usize,
    pub make_up_workdays: usize,
    /// Still exactly as shipped with the app.
    pub builtin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendarOverview {
    pub years: Vec<YearSummary>,
    pub version: String,
    pub today: NaiveDate,
    /// Years around today whose notice is missing (this year and the next).
    pub missing: Vec<i32>,
}

pub fn calendar_overview(store: &Store) -> Result<CalendarOverview> {
    let builtin = CalendarFile::builtin()?;
    let years = store.calendar_years()?;
    let (cal, version) = store.working_day_calendar()?;
    let today = store.clock().today();
    let this = chrono::Datelike::year(&today);
    Ok(CalendarOverview {
        years: years
            .iter()
            .map(|y| YearSummary {
                year: y.year,
                source: y.source.clone(),
                holidays: y.holidays.iter().map(|s| s.days().count()).sum(),
                make_up_workdays: y.make_up_workdays.iter().map(|s| s.days().count()).sum(),
                builtin: builtin.years.contains(y),
            })
            .collect(),
        version,
        missing: [this, this + 1]
            .into_iter()
            .filter(|y| !cal.knows(*y))
            .collect(),
        today,
    })
}

/// One year as the calendar screen draws it: the record (if entered) and every day's kind.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub record: Option<CalendarYear>,
    pub days: Vec<DayInfo>,
}

pub fn calendar_year(store: &Store, year: i32) -> Result<YearView> {
    if !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&year) {
        return Err(Error::invalid(
            "年份",
            format!(
                "{year} 超出可登记范围（{}—{} 年）",
                validate::MIN_YEAR,
                validate::MAX_YEAR
            ),
        ));
    }
    let record: Option<CalendarYear> = store.get(calendar_year_id(year))?;
    let (cal, _) = store.working_day_calendar()?;
    let names = day_names(record.as_slice());
    let first =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::invalid("年份", "无效"))?;
    let days = first
        .iter_days()
        .take_while(|d| chrono::Datelike::year(d) == year)
        .map(|d| {
            let k = cal.kind(d);
            DayInfo {
                date: d,
                kind: kind_code(k),
                label: k.label(),
                is_workday: k.is_workday(),
                name: names.get(&d).cloned(),
                provisional: record.is_none(),
            }
        })
        .collect();
    Ok(YearView { year, record, days })
}

/// A year as typed in the app: the notice and the runs of days, one per line (`春节 2027-02-06/2027-02-13`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct YearInput {
    pub year: i32,
    pub source: String,
    pub url: Option<String>,
    /// Lines of `名称 日期` or `名称 开始/结束`.
    pub holidays: String,
    pub make_up_workdays: String,
    pub note: Option<String>,
}

fn spans(field: &'static str, text: &str) -> Result<Vec<DaySpan>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // The name is the first word; the dates are the rest, spaces removed ("2027-02-06 / 2027-02-13").
        let Some((name, days)) = line.split_once(char::is_whitespace) else {
            return Err(Error::invalid(
                field,
                format!(
                    "第 {} 行「{line}」应为“名称 日期”，如“春节 2027-02-06/2027-02-13”",
                    i + 1
                ),
            ));
        };
        let days: String = days.chars().filter(|c| !c.is_whitespace()).collect();
        out.push(
            DaySpan::parse(name.trim(), &days)
                .map_err(|e| Error::invalid(field, format!("第 {} 行：{e}", i + 1)))?,
        );
    }
    Ok(out)
}

/// What a calendar or rule change did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeReport {
    /// Years (or rules) that were added, changed, or left as they were.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// Deadlines whose date moved.
    pub moves: Vec<DeadlineMove>,
}

/// Enters or corrects one year from the calendar screen.
pub fn save_calendar_year(store: &mut Store, input: &YearInput) -> Result<ChangeReport> {
    let year = CalendarYear {
        year: input.year,
        source: input.source.trim().to_string(),
        urls: input
            .url
            .as_deref()
            .map(|u| validate::optional_text("网址", u, 300))
            .transpose()?
            .flatten()
            .into_iter()
            .collect(),
        holidays: spans("放假日", &input.holidays)?,
        make_up_workdays: spans("调休上班日", &input.make_up_workdays)?,
        note: input
            .note
            .as_deref()
            .map(|n| validate::optional_text("备注", n, 500))
            .transpose()?
            .flatten(),
    };
    put_years(store, vec![year])
}

/// Imports a calendar file (the format of `assets/calendar/README.md`): every year is checked before any is
/// written, and the whole file is one change.
pub fn import_calendar(store: &mut Store, text: &str) -> Result<ChangeReport> {
    let file = CalendarFile::parse(text)?;
    put_years(store, file.years)
}

fn put_years(store: &mut Store, years: Vec<CalendarYear>) -> Result<ChangeReport> {
    for y in &years {
        y.validate()?;
    }
    let mut report = ChangeReport::default();
    // Years already exactly as given are reported and not written (no revision, no audit row).
    let mut fresh = Vec::new();
    for y in years {
        let old: Option<CalendarYear> = store.get(y.id())?;
        if old.as_ref() == Some(&y) {
            report.unchanged.push(format!("{}年", y.year));
        } else {
            fresh.push(y);
        }
    }
    if fresh.is_empty() {
        return Ok(report);
    }
    let years = fresh;
    let written = store.write("calendar.save", |tx| {
        for y in &years {
            let old: Option<CalendarYear> = tx.get(y.id())?;
            let label = format!("{}年", y.year);
            match old {
                Some(o) if &o == y => report.unchanged.push(label),
                Some(_) => {
                    tx.put(y, &format!("更正{}年工作日历（{}）", y.year, y.source))?;
                    report.changed.push(label);
                }
                None => {
                    tx.put(y, &format!("录入{}年工作日历（{}）", y.year, y.source))?;
                    report.added.push(label);
                }
            }
        }
        Ok(())
    })?;
    report.moves = written.moves;
    Ok(report)
}

/// The stored calendar as an importable file, to carry it to another office or back it up.
pub fn export_calendar(store: &Store) -> Result<String> {
    let file = CalendarFile {
        format: CALENDAR_FORMAT.to_string(),
        version: CALENDAR_FORMAT_VERSION,
        years: store.calendar_years()?,
    };
    serde_json::to_string_pretty(&file).map_err(|e| Error::Refused(format!("无法导出日历：{e}")))
}

// ---- rules ----

/// A rule as the rule screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub code: RuleCode,
    pub label: &'static str,
    pub kind_label: &'static str,
    pub start_label: &'static str,
    pub purpose_label: &'static str,
    pub period: String,
    pub rule: DeadlineRule,
    /// Differs from the default shipped with the app.
    pub customised: bool,
    pub default_period: String,
    /// Set by national law; otherwise 按本地规定设置, with the office's own citation in `rule.local_source`.
    pub national: bool,
    /// The source as a person reads it: the law and article, or the office's own citation of a local rule
    /// (or that it is still to be filled in).
    pub source_text: String,
    /// The office's own citation: its 本地依据, or a source it typed in place of the shipped one before the
    /// rule had a field for it.
    pub local_citation: Option<String>,
}

pub fn rule_table(store: &Store) -> Result<Vec<RuleView>> {
    Ok(store
        .deadline_rules()?
        .into_iter()
        .map(|(r, _)| {
            let shape = r.code.shape();
            let default = r.code.default_rule();
            let shipped = |s: &str| s == default.source || s == r.code.first_edition().source;
            let local_citation = r
                .local_source
                .clone()
                .or_else(|| (!shipped(&r.source)).then(|| r.source.clone()));
            RuleView {
                code: r.code,
                label: r.code.label(),
                kind_label: shape.kind.label(),
                start_label: shape.start.label(),
                purpose_label: shape.purpose.label(),
                period: r.period_text(),
                customised: r != default,
                default_period: default.period_text(),
                national: r.code.is_national(),
                source_text: match (&local_citation, r.code.is_national()) {
                    (Some(l), _) => format!("本地依据：{l}"),
                    (None, true) => r.source.clone(),
                    (None, false) => {
                        format!("按本地规定设置（本地依据未填写；现按{}）", r.period_text())
                    }
                },
                local_citation,
                rule: r,
            }
        })
        .collect())
}

/// A rule as edited: the number, unit, extension, source, note, and whether it is used.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleInput {
    pub amount: i64,
    pub unit: String,
    #[serde(default)]
    pub extension: Option<i64>,
    pub source: String,
    /// 本地依据: the office's own citation for a local rule.
    #[serde(default)]
    pub local_source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub enabled: bool,
}

/// Changes one rule; every case's deadlines are recomputed and the moves reported.
pub fn set_rule(store: &mut Store, code: &str, input: &RuleInput) -> Result<ChangeReport> {
    let code = RuleCode::parse(code)?;
    let amount = u32::try_from(input.amount)
        .map_err(|_| Error::invalid("期限", format!("{}：应为正整数", code.label())))?;
    let extension = input
        .extension
        .map(|e| u32::try_from(e).map_err(|_| Error::invalid("可延长", "应为正整数")))
        .transpose()?;
    let rule = DeadlineRule {
        code,
        amount,
        unit: PeriodUnit::parse(&input.unit)?,
        extension,
        source: input.source.trim().to_string(),
        local_source: input
            .local_source
            .as_deref()
            .map(|n| validate::optional_text("本地依据", n, 300))
            .transpose()?
            .flatten(),
        note: input
            .note
            .as_deref()
            .map(|n| validate::optional_text("备注", n, 500))
            .transpose()?
            .flatten(),
        enabled: input.enabled,
    };
    rule.validate()?;
    let mut report = ChangeReport::default();
    let old: Option<DeadlineRule> = store.get(rule.id())?;
    if old.as_ref() == Some(&rule) {
        report.unchanged.push(code.label().to_string());
        return Ok(report);
    }
    let written = store.write("rule.set", |tx| {
        let old: Option<DeadlineRule> = tx.get(rule.id())?;
        let what = match &old {
            Some(o) if o.enabled && !rule.enabled => "停用".to_string(),
            Some(o) if !o.enabled && rule.enabled => format!("启用，{}", rule.period_text()),
            Some(o) => format!("{} → {}", o.period_text(), rule.period_text()),
            None => rule.period_text(),
        };
        tx.put(&rule, &format!("期限规则「{}」：{what}", code.label()))?;
        report.changed.push(code.label().to_string());
        Ok(())
    })?;
    report.moves = written.moves;
    Ok(report)
}
