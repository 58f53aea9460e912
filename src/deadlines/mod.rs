//! The deadline engine (期限计算): from a case, its clock events and filings, the rule book and the working-day
//! calendar, the case's deadlines, each with its trigger, rule version and calendar version. Pure: no store,
//! no clock. Today's date only matters when a deadline is shown ([`Urgency`]).
//!
//! Counting (domain.md §7, §9.3): the start day is not counted; working-day limits skip rest days and count
//! make-up days; calendar-day and month limits ending on a rest day end on the next working day. The review
//! clock stops while materials are awaited (a pause on day P resumed on day R leaves out the working days after
//! P up to and including R) and each approved extension adds its working days. A date the engine cannot
//! compute (beyond 2099) gives a deadline with no date and the reason, never an error that blocks the write.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::calendar::WorkingDayCalendar;
use crate::model::kind::coded_enum;
use crate::model::rule::{DeadlineRule, PeriodUnit, RuleCode, RulePurpose, StartEvent};
use crate::model::validate::fmt_date;
use crate::model::{
    CaseDetails, ClockEvent, ClockEventKind, FilingChannel, FilingRecord, ReviewCase, Status,
};

/// The version of this engine's arithmetic. Stored deadlines computed by another version are recomputed when
/// the database is opened, so a release that fixes a count never leaves old dates behind.
/// 2: the registers' windows (可行使期限) and the transfer rules met only by the steps after them.
/// 3: a 案卷评查 round's 整改期限; the police's 3 days on a 复议 and the agency's 3 days after it (art. 9).
pub const ENGINE_VERSION: &str = "3";

coded_enum!(
    DeadlineState, "期限状态" {
        Open = "open", "进行中";
        Paused = "paused", "计时暂停";
        Pending = "pending", "尚未起算";
        Met = "met", "已完成";
        Stopped = "stopped", "已终止";
        Warning = "warning", "短于最短期限";
        Satisfied = "satisfied", "符合最短期限";
    }
);

/// The rules in force, each with the revision it comes from (recorded on every deadline it produces).
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    rules: BTreeMap<RuleCode, (DeadlineRule, String)>,
}

impl RuleBook {
    pub fn new(rules: impl IntoIterator<Item = (DeadlineRule, String)>) -> RuleBook {
        RuleBook {
            rules: rules
                .into_iter()
                .map(|(r, rev)| (r.code, (r, rev)))
                .collect(),
        }
    }

    /// The shipped defaults, for tests and before any rule is stored.
    pub fn defaults() -> RuleBook {
        RuleBook::new(
            RuleCode::ALL
                .iter()
                .map(|c| (c.default_rule(), "default".to_string())),
        )
    }

    /// Every rule, enabled or not, with its revision, in the order of [`RuleCode::ALL`].
    pub fn into_rules(self) -> impl Iterator<Item = (DeadlineRule, String)> {
        self.rules.into_values()
    }

    /// An enabled rule and its revision.
    pub fn get(&self, code: RuleCode) -> Option<(&DeadlineRule, &str)> {
        self.rules
            .get(&code)
            .filter(|(r, _)| r.enabled)
            .map(|(r, rev)| (r, rev.as_str()))
    }
}

/// One deadline of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// `None`: the 办理期限 typed on the case by hand.
    pub rule: Option<RuleCode>,
    pub label: String,
    pub purpose: RulePurpose,
    /// The start event's date.
    pub trigger: Option<NaiveDate>,
    pub trigger_label: String,
    pub due: Option<NaiveDate>,
    pub state: DeadlineState,
    /// When it was met (opinion issued, filing sent, contract archived…), if known.
    pub met_on: Option<NaiveDate>,
    /// Some day it depends on lies in a year whose holiday notice is missing: counted Monday to Friday.
    pub provisional: bool,
    /// The revision of the rule used (`None` for a date set by hand).
    pub rule_rev: Option<String>,
    /// How the date was reached, in words.
    pub detail: String,
    /// Working days left on the clock while it is paused.
    pub remaining: Option<i64>,
}

impl Deadline {
    /// The key of this deadline within its case: the rule code, or `manual`.
    pub fn key(&self) -> &'static str {
        self.rule.map_or("manual", RuleCode::code)
    }
}

/// What the engine reads of one case.
pub struct CaseFacts<'a> {
    pub case: &'a ReviewCase,
    pub events: &'a [ClockEvent],
    pub filings: &'a [FilingRecord],
    /// A 案卷评查 round's examined files (their 整改完成日期 meet its 整改期限).
    pub files: &'a [crate::model::inspection::InspectedFile],
}

/// The review is still under way: the opinion is not out and the case has not ended.
fn in_review(s: Status) -> bool {
    matches!(
        s,
        Status::Registered
            | Status::AwaitingMaterials
            | Status::InReview
            | Status::AdvisorConsulted
            | Status::AwaitingSignoff
    )
}

/// Every deadline of the case, in rule order, the hand-set 办理期限 first.
pub fn case_deadlines(
    facts: &CaseFacts<'_>,
    rules: &RuleBook,
    cal: &WorkingDayCalendar,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    if let Some(d) = manual(facts, cal) {
        out.push(d);
    }
    let kind = facts.case.kind();
    for &code in RuleCode::ALL {
        if code.shape().kind != kind {
            continue;
        }
        let Some((rule, rev)) = rules.get(code) else {
            continue;
        };
        if let Some(mut d) = evaluate(code, rule, facts, rules, cal) {
            d.rule_rev = Some(rev.to_string());
            out.push(d);
        }
    }
    out
}

fn base(
    rule: Option<&DeadlineRule>,
    label: String,
    purpose: RulePurpose,
    trigger: Option<NaiveDate>,
    trigger_label: &str,
) -> Deadline {
    Deadline {
        rule: rule.map(|r| r.code),
        label,
        purpose,
        trigger,
        trigger_label: trigger_label.to_string(),
        due: None,
        state: DeadlineState::Pending,
        met_on: None,
        provisional: false,
        rule_rev: None,
        detail: String::new(),
        remaining: None,
    }
}

fn manual(facts: &CaseFacts<'_>, cal: &WorkingDayCalendar) -> Option<Deadline> {
    let case = facts.case;
    let due = case.due_date?;
    let mut d = base(
        None,
        "办理期限（人工设定）".into(),
        RulePurpose::Deadline,
        Some(case.received),
        "收文之日",
    );
    d.due = Some(due);
    d.provisional = !covers(cal, case.received, due);
    d.detail = format!("登记时人工设定为 {}", fmt_date(due));
    close_with_review(&mut d, case);
    Some(d)
}

/// A review deadline ends when the opinion is issued, or stops when the case leaves by a side exit.
fn close_with_review(d: &mut Deadline, case: &ReviewCase) {
    d.state = if case.status.is_side_exit() {
        DeadlineState::Stopped
    } else if in_review(case.status) {
        DeadlineState::Open
    } else {
        d.met_on = case.opinion_on;
        DeadlineState::Met
    };
}

/// Every year from `a` to `b` has its notice.
/// Every year from `a` to `b` has its notice — and, for a date in the last week of December, so does the next
/// year, whose notice can still make those days holidays or make-up days (the 2019 New Year began on
/// 30 December 2018).
fn covers(cal: &WorkingDayCalendar, a: NaiveDate, b: NaiveDate) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let last_week = hi.month() == 12 && hi.day() >= 24;
    (lo.year()..=hi.year()).all(|y| cal.knows(y)) && (!last_week || cal.knows(hi.year() + 1))
}

/// The end of a period of `rule` after `start`: counted as the rule's unit says, rolled to a working day.
pub fn add_period(
    cal: &WorkingDayCalendar,
    start: NaiveDate,
    amount: u32,
    unit: PeriodUnit,
) -> Result<NaiveDate> {
    Ok(match unit {
        PeriodUnit::WorkingDays => cal.add_workdays(start, amount)?.date,
        PeriodUnit::CalendarDays => cal.add_calendar_days(start, amount)?.date,
        PeriodUnit::Months => cal.add_months(start, amount)?.date,
        PeriodUnit::Years => cal.add_months(start, amount.saturating_mul(12))?.date,
        // Hours run through holidays: the period ends on the day its last hour falls (24 hours from a day
        // is the next day), never rolled.
        PeriodUnit::Hours => nominal_end(start, amount, unit)
            .ok_or_else(|| Error::invalid("期限", "日期超出范围"))?,
    })
}

/// The same period without rolling to a working day (minimum periods, validity): the nominal end date.
fn nominal_end(start: NaiveDate, amount: u32, unit: PeriodUnit) -> Option<NaiveDate> {
    match unit {
        PeriodUnit::WorkingDays => None,
        PeriodUnit::CalendarDays => start.checked_add_days(chrono::Days::new(amount.into())),
        PeriodUnit::Months => start.checked_add_months(Months::new(amount)),
        PeriodUnit::Years => start.checked_add_months(Months::new(amount.saturating_mul(12))),
        PeriodUnit::Hours => start.checked_add_days(chrono::Days::new(amount.div_ceil(24).into())),
    }
}

/// The review clock read from its events.
#[derive(Debug, Default)]
struct Clock {
    /// Closed pauses: (paused on, resumed on).
    pauses: Vec<(NaiveDate, NaiveDate)>,
    /// Paused and not yet resumed, since that day.
    paused_since: Option<NaiveDate>,
    extension_days: u32,
    extensions: usize,
}

impl Clock {
    /// Pairs pauses with resumes in date order (events on one day keep their recorded order). A resume with no
    /// pause before it, or a second pause while paused, changes nothing: such an order can only come from data
    /// edited elsewhere, and the action layer never writes it.
    fn read(events: &[ClockEvent]) -> Clock {
        let mut sorted: Vec<&ClockEvent> = events.iter().collect();
        // Same-day events in the order they were made (ids are UUIDv7), the same on every laptop.
        sorted.sort_by_key(|e| (e.on, e.id.0));
        let mut c = Clock::default();
        for e in sorted {
            match e.kind {
                ClockEventKind::Pause if c.paused_since.is_none() => c.paused_since = Some(e.on),
                ClockEventKind::Resume => {
                    if let Some(p) = c.paused_since.take() {
                        c.pauses.push((p, e.on));
                    }
                }
                ClockEventKind::Extension => {
                    c.extension_days += e.days.unwrap_or(0);
                    c.extensions += 1;
                }
                _ => {}
            }
        }
        c
    }
}

enum ClockResult {
    Due(NaiveDate),
    Paused { left: i64, since: NaiveDate },
}

/// The review clock: `amount` working days (plus extensions) after `start`, not counting paused days.
fn run_clock(
    cal: &WorkingDayCalendar,
    start: NaiveDate,
    amount: u32,
    unit: PeriodUnit,
    clock: &Clock,
) -> Result<ClockResult> {
    if unit != PeriodUnit::WorkingDays {
        // A limit in calendar days or months: extensions, and the working days of each pause that began before
        // the (so far extended) end, move the end by as many working days. A pause after the end changes
        // nothing: an overdue case does not become timely by waiting for materials.
        let mut end = cal
            .add_workdays(add_period(cal, start, amount, unit)?, clock.extension_days)?
            .date;
        for &(p, r) in &clock.pauses {
            if p < end {
                let k = cal.workdays_between(p.max(start), r.max(start))?;
                end = cal.add_workdays(end, u32::try_from(k).unwrap_or(0))?.date;
            }
        }
        return Ok(match clock.paused_since {
            Some(p) if p < end => ClockResult::Paused {
                left: cal.workdays_between(p, end)?,
                since: p,
            },
            _ => ClockResult::Due(end),
        });
    }
    let mut left = i64::from(amount) + i64::from(clock.extension_days);
    let mut cursor = start;
    for &(p, r) in &clock.pauses {
        let avail = cal.workdays_between(cursor, p.max(cursor))?;
        if avail >= left {
            return Ok(ClockResult::Due(
                cal.add_workdays(cursor, left as u32)?.date,
            ));
        }
        left -= avail;
        cursor = cursor.max(r);
    }
    if let Some(p) = clock.paused_since {
        let avail = cal.workdays_between(cursor, p.max(cursor))?;
        if avail < left {
            return Ok(ClockResult::Paused {
                left: left - avail,
                since: p,
            });
        }
    }
    Ok(ClockResult::Due(
        cal.add_workdays(cursor, left as u32)?.date,
    ))
}

fn evaluate(
    code: RuleCode,
    rule: &DeadlineRule,
    facts: &CaseFacts<'_>,
    rules: &RuleBook,
    cal: &WorkingDayCalendar,
) -> Option<Deadline> {
    let case = facts.case;
    let shape = code.shape();
    let details = &case.details;
    let nd = match details {
        CaseDetails::NormativeDoc(d) => Some(d),
        _ => None,
    };
    let trigger: Option<NaiveDate> = match shape.start {
        StartEvent::MaterialsComplete => case.materials_complete,
        StartEvent::CommentStart => match details {
            CaseDetails::MajorDecision(d) => d.public_comment_from,
            _ => None,
        },
        StartEvent::Signing => match details {
            CaseDetails::Contract(d) => d.signed_on,
            _ => None,
        },
        StartEvent::SupplementNotice => {
            // The pause in progress or, once resumed, the last one (its supplement deadline is then met).
            let c = Clock::read(facts.events);
            c.paused_since.or_else(|| c.pauses.last().map(|p| p.0))
        }
        StartEvent::Publication => nd.and_then(|d| d.published_on),
        StartEvent::Decision => match details {
            CaseDetails::PenaltyFiling(d) => d.decision_on,
            _ => None,
        },
        StartEvent::Commencement => nd.and_then(|d| d.effective_on),
        StartEvent::ValidityEnd => None,
        StartEvent::ComplaintServed => match details {
            CaseDetails::Litigation(_) => Some(case.received),
            _ => None,
        },
        StartEvent::ApplicationServed => match details {
            CaseDetails::Reconsideration(_) => Some(case.received),
            _ => None,
        },
        StartEvent::IncidentalReviewNotice => match details {
            CaseDetails::Reconsideration(r) if r.incidental_review => r.maker_notified_on,
            _ => None,
        },
        StartEvent::JudgmentServed => match details {
            CaseDetails::Litigation(l) => appeal_trigger(code, l),
            _ => None,
        },
        StartEvent::Assignment => match details {
            CaseDetails::Proposal(_) => Some(case.received),
            _ => None,
        },
        StartEvent::RehandlingStarted => match details {
            CaseDetails::Proposal(p) => p.rehandling_on,
            _ => None,
        },
        StartEvent::ResultsPublished => match details {
            CaseDetails::FileInspection(i) => i.published_on,
            _ => None,
        },
        StartEvent::SuggestionReceived => match details {
            CaseDetails::Litigation(l) => l.judicial_suggestion_on,
            _ => None,
        },
        StartEvent::TransferReport
        | StartEvent::TransferApproval
        | StartEvent::TransferMade
        | StartEvent::PoliceDecision
        | StartEvent::PoliceFilingNotice
        | StartEvent::ReviewSought
        | StartEvent::ReviewDecided => match details {
            CaseDetails::CrimeTransfer(t) => transfer_trigger(shape.start, t),
            _ => None,
        },
    };
    let mut d = base(
        Some(rule),
        code.label().to_string(),
        shape.purpose,
        trigger,
        shape.start.label(),
    );
    let period = rule.period_text();
    let result = (|| -> Result<Option<Deadline>> {
        match code {
            RuleCode::NormativeReview | RuleCode::ContractReview | RuleCode::EnforcementReview => {
                let Some(start) = trigger else {
                    if !in_review(case.status) || case.status.is_side_exit() {
                        return Ok(None);
                    }
                    d.detail = format!("{period}，材料齐全之日起算");
                    return Ok(Some(d));
                };
                let clock = Clock::read(facts.events);
                let mut parts = vec![format!("{period}，自 {} 起算", fmt_date(start))];
                if clock.extensions > 0 {
                    parts.push(format!(
                        "延期 {} 次共 {} 个工作日",
                        clock.extensions, clock.extension_days
                    ));
                }
                let paused: i64 = clock
                    .pauses
                    .iter()
                    .map(|&(p, r)| cal.workdays_between(p, r).unwrap_or(0))
                    .sum();
                if paused > 0 {
                    parts.push(format!("补正暂停 {paused} 个工作日"));
                }
                match run_clock(cal, start, rule.amount, rule.unit, &clock)? {
                    ClockResult::Due(due) => {
                        d.due = Some(due);
                        d.provisional = !covers(cal, start, due);
                        close_with_review(&mut d, case);
                    }
                    ClockResult::Paused { left, since } => {
                        parts.push(format!(
                            "自 {} 起暂停计时，尚余 {left} 个工作日",
                            fmt_date(since)
                        ));
                        d.remaining = Some(left);
                        d.provisional = !covers(cal, start, since);
                        d.state = if case.status.is_side_exit() {
                            DeadlineState::Stopped
                        } else {
                            DeadlineState::Paused
                        };
                    }
                }
                d.detail = parts.join("；");
            }
            RuleCode::NormativeReviewMinimum | RuleCode::MajorDecisionReviewMinimum => {
                let Some(start) = trigger else {
                    return Ok(None);
                };
                let earliest = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(earliest);
                d.provisional = !covers(cal, start, earliest);
                match case.due_date {
                    Some(asked) if asked < earliest => {
                        d.state = DeadlineState::Warning;
                        d.detail = format!(
                            "办理期限 {} 早于最短审查时间（{period}）届满之日 {}",
                            fmt_date(asked),
                            fmt_date(earliest)
                        );
                    }
                    _ => {
                        d.state = DeadlineState::Satisfied;
                        d.detail = format!("应至少保留{period}，不早于 {}", fmt_date(earliest));
                    }
                }
            }
            RuleCode::PublicCommentMinimum | RuleCode::CommencementGap => {
                let end = match (code, details) {
                    (RuleCode::PublicCommentMinimum, CaseDetails::MajorDecision(m)) => {
                        m.public_comment_to
                    }
                    _ => nd.and_then(|n| n.effective_on),
                };
                let (Some(start), Some(end)) = (trigger, end) else {
                    return Ok(None);
                };
                let Some(earliest) = nominal_end(start, rule.amount, rule.unit)
                    .or_else(|| add_period(cal, start, rule.amount, rule.unit).ok())
                else {
                    return Ok(None);
                };
                d.due = Some(earliest);
                let (what, from_what) = if code == RuleCode::PublicCommentMinimum {
                    ("征求意见截止", "开始")
                } else {
                    ("施行日期", "公布")
                };
                if end < earliest {
                    d.state = DeadlineState::Warning;
                    d.detail = format!(
                        "{what} {} 距{from_what}不足{period}（应不早于 {}），须说明理由",
                        fmt_date(end),
                        fmt_date(earliest)
                    );
                } else {
                    d.state = DeadlineState::Satisfied;
                    d.detail = format!("{what} {} 符合至少{period}的要求", fmt_date(end));
                }
            }
            RuleCode::ContractArchive => {
                let Some(start) = trigger else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("签订之日起{period}内报送备存");
                let archived = match details {
                    CaseDetails::Contract(c) => c.archived_on,
                    _ => None,
                };
                met_by(&mut d, archived, case);
            }
            RuleCode::EnforcementSupplement => {
                let Some(start) = trigger else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("通知补正之日起{period}内补充材料");
                let clock = Clock::read(facts.events);
                let resumed = if clock.paused_since.is_some() {
                    None
                } else {
                    clock.pauses.last().map(|p| p.1)
                };
                met_by(&mut d, resumed, case);
            }
            RuleCode::FilingNpc | RuleCode::FilingUpper => {
                let Some(start) = trigger else {
                    return Ok(None);
                };
                let channel = if code == RuleCode::FilingNpc {
                    FilingChannel::NpcStandingCommittee
                } else {
                    FilingChannel::UpperGovernment
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("公布之日起{period}内报送{}备案", channel.label());
                let sent = facts
                    .filings
                    .iter()
                    .filter(|f| f.channel == channel)
                    .filter_map(|f| f.submitted_on)
                    .min();
                met_by(&mut d, sent, case);
            }
            RuleCode::PenaltyFiling => {
                let Some(start) = trigger else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("处罚决定作出之日起{period}内报送备案");
                let received = match details {
                    CaseDetails::PenaltyFiling(p) => p.filing_received_on,
                    _ => None,
                };
                met_by(&mut d, received, case);
            }
            RuleCode::LitigationDefence => {
                // Art. 67 is the first instance's: an appeal or a retrial has no defence period of its own here.
                let first = match details {
                    CaseDetails::Litigation(l) => l
                        .instance
                        .is_none_or(|i| i == crate::model::case::Instance::First),
                    _ => false,
                };
                let (Some(start), true) = (trigger, first) else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("收到起诉状副本之日起{period}内提交答辩状和证据");
                let submitted = match details {
                    CaseDetails::Litigation(l) => l.defence_submitted_on,
                    _ => None,
                };
                met_by(&mut d, submitted, case);
                // Past 已答辩 the defence went in, on a day no one wrote down.
                if d.state == DeadlineState::Open && case.status != Status::Registered {
                    d.state = DeadlineState::Met;
                }
            }
            RuleCode::AppealJudgment | RuleCode::AppealRuling => {
                let (Some(start), CaseDetails::Litigation(l)) = (trigger, details) else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                let paper = if code == RuleCode::AppealRuling {
                    "裁定书"
                } else {
                    "判决书"
                };
                d.detail = format!("{paper}送达之日起{period}内可以提起上诉");
                met_by(&mut d, l.appealed_on, case);
                // Ended without an appeal: the period ran out unused, which is no one's lateness.
                if d.state == DeadlineState::Open && case.status == Status::Concluded {
                    d.state = DeadlineState::Stopped;
                }
            }
            RuleCode::JudicialSuggestionReply => {
                let (Some(start), CaseDetails::Litigation(l)) = (trigger, details) else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                d.detail = format!("收到司法建议之日起{period}内书面回复");
                // Owed to the court whatever became of the suit (a suggestion may come with 准予撤诉).
                d.state = match l.suggestion_replied_on {
                    Some(on) => {
                        d.met_on = Some(on);
                        DeadlineState::Met
                    }
                    None => DeadlineState::Open,
                };
            }
            RuleCode::ProposalReply
            | RuleCode::ProposalReplyCppcc
            | RuleCode::ProposalReplyDifficult
            | RuleCode::ProposalCoViews
            | RuleCode::ProposalRehandling => {
                let (Some(start), CaseDetails::Proposal(p)) = (trigger, details) else {
                    return Ok(None);
                };
                // One reply rule applies: six months for one wide-ranging or difficult, else three — a deputy's
                // by the law, a member's by the local rule; the co-units' month only when there are co-units.
                let cppcc = p.category == Some(crate::model::case::ProposalCategory::CppccProposal);
                let applies = match code {
                    RuleCode::ProposalReply => !p.difficult && !cppcc,
                    RuleCode::ProposalReplyCppcc => !p.difficult && cppcc,
                    RuleCode::ProposalReplyDifficult => p.difficult,
                    RuleCode::ProposalCoViews => !p.co_unit_ids.is_empty(),
                    _ => true,
                };
                if !applies {
                    return Ok(None);
                }
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                let (what, done) = match code {
                    RuleCode::ProposalCoViews => ("会办单位将会办意见送主办单位", p.co_views_on),
                    RuleCode::ProposalRehandling => ("再次答复代表委员", p.rereplied_on),
                    _ => ("答复代表委员", p.replied_on),
                };
                d.detail = format!("{}起{period}内{what}", shape.start.label());
                met_by(&mut d, done, case);
                // Answered without the co-units' views written down: no longer owed, but not shown as met.
                if d.state == DeadlineState::Open
                    && code == RuleCode::ProposalCoViews
                    && p.replied_on.is_some()
                {
                    d.state = DeadlineState::Stopped;
                }
            }
            RuleCode::InspectionRectification => {
                let (Some(start), CaseDetails::FileInspection(i)) = (trigger, details) else {
                    return Ok(None);
                };
                // Nothing to put right, nothing due.
                let to_fix: Vec<_> = facts
                    .files
                    .iter()
                    .filter(|f| f.needs_rectification())
                    .collect();
                if to_fix.is_empty() {
                    return Ok(None);
                }
                // The day the round's notice states, else the rule's period from the 通报.
                let due = match i.rectify_by {
                    Some(by) => {
                        d.detail = format!("评查结果通报载明的整改期限（{}通报）", fmt_date(start));
                        by
                    }
                    None => {
                        let due = add_period(cal, start, rule.amount, rule.unit)?;
                        d.provisional = !covers(cal, start, due);
                        d.detail = format!("结果通报之日起{period}内完成整改并书面报送整改情况");
                        due
                    }
                };
                d.due = Some(due);
                // Met the day the last file was put right; else, when the office closed the round.
                let done = if to_fix.iter().all(|f| f.rectified_on.is_some()) {
                    to_fix.iter().filter_map(|f| f.rectified_on).max()
                } else {
                    i.closed_on
                };
                met_by(&mut d, done, case);
                // Concluded before this build recorded the day it was.
                if d.state == DeadlineState::Open && case.status == Status::Concluded {
                    d.state = DeadlineState::Met;
                }
            }
            RuleCode::ReconsiderationReply | RuleCode::IncidentalReviewReply => {
                let (Some(start), CaseDetails::Reconsideration(r)) = (trigger, details) else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = !covers(cal, start, due);
                if code == RuleCode::ReconsiderationReply {
                    d.detail =
                        format!("收到申请书副本之日起{period}内提出书面答复并提交证据、依据");
                    met_by(&mut d, r.replied_on, case);
                    // Past 已答复 the answer went in, on a day no one wrote down.
                    if d.state == DeadlineState::Open && case.status != Status::Registered {
                        d.state = DeadlineState::Met;
                    }
                } else {
                    d.detail = format!("收到附带审查通知之日起{period}内提交书面答复及相关材料");
                    met_by(&mut d, r.maker_replied_on, case);
                    // Decided or ended without the answer on record: nothing more to chase.
                    if d.state == DeadlineState::Open
                        && matches!(
                            case.status,
                            Status::ReconsiderationDecided | Status::Concluded
                        )
                    {
                        d.state = DeadlineState::Stopped;
                    }
                }
            }
            RuleCode::TransferApproval
            | RuleCode::TransferDispatch
            | RuleCode::PoliceFilingDecision
            | RuleCode::TransferReview
            | RuleCode::PoliceReviewDecision
            | RuleCode::SupervisionAfterReview
            | RuleCode::EvidenceHandover => {
                let (Some(start), CaseDetails::CrimeTransfer(t)) = (trigger, details) else {
                    return Ok(None);
                };
                let due = add_period(cal, start, rule.amount, rule.unit)?;
                d.due = Some(due);
                d.provisional = rule.unit != PeriodUnit::Hours && !covers(cal, start, due);
                use Status::*;
                // What meets the rule, and the statuses that say its step was taken (a day not written
                // down): only those after it, so a fact typed in early does not read as done.
                let (what, done, after): (&str, Option<NaiveDate>, &[Status]) = match code {
                    RuleCode::TransferApproval => (
                        "作出批准或者不批准移送的决定",
                        t.approved_on,
                        &[
                            TransferApproved,
                            TransferRefused,
                            Transferred,
                            PoliceFiled,
                            PoliceDeclined,
                            ReviewSought,
                            SupervisionSought,
                            EvidenceHandedOver,
                            Concluded,
                        ],
                    ),
                    RuleCode::TransferDispatch => (
                        "向公安机关移送",
                        t.transferred_on,
                        &[
                            Transferred,
                            PoliceFiled,
                            PoliceDeclined,
                            ReviewSought,
                            SupervisionSought,
                            EvidenceHandedOver,
                            Concluded,
                        ],
                    ),
                    RuleCode::PoliceFilingDecision => (
                        "由公安机关作出立案或者不予立案的决定",
                        t.police_decided_on.or(t.police_filed_on),
                        &[
                            PoliceFiled,
                            PoliceDeclined,
                            ReviewSought,
                            SupervisionSought,
                            EvidenceHandedOver,
                            Concluded,
                        ],
                    ),
                    RuleCode::TransferReview => (
                        "可以提请公安机关复议，也可以建议人民检察院依法进行立案监督",
                        t.review_sought_on.or(t.supervision_sought_on),
                        &[ReviewSought, SupervisionSought],
                    ),
                    RuleCode::PoliceReviewDecision => (
                        "由公安机关作出立案或者不予立案的复议决定",
                        t.review_decided_on.or(t
                            .police_filed_on
                            .filter(|f| t.review_sought_on.is_some_and(|r| *f >= r))),
                        &[
                            SupervisionSought,
                            PoliceFiled,
                            EvidenceHandedOver,
                            Concluded,
                        ],
                    ),
                    RuleCode::SupervisionAfterReview => (
                        "，对不予立案的复议决定仍有异议的，可以建议人民检察院依法进行立案监督",
                        t.supervision_sought_on,
                        &[SupervisionSought],
                    ),
                    _ => (
                        "将涉案物品以及与案件有关的其他材料移交公安机关",
                        t.evidence_handed_on,
                        &[EvidenceHandedOver, Concluded],
                    ),
                };
                d.detail = format!("{}起{period}内{what}", shape.start.label());
                met_by(&mut d, done, case);
                if d.state == DeadlineState::Open {
                    if after.contains(&case.status) {
                        d.state = DeadlineState::Met;
                    } else if matches!(
                        code,
                        RuleCode::TransferReview | RuleCode::SupervisionAfterReview
                    ) && matches!(
                        case.status,
                        Concluded | PoliceFiled | EvidenceHandedOver
                    ) {
                        // The agency let the refusal stand (or the police filed after all): a right not
                        // used, no one's lateness.
                        d.state = DeadlineState::Stopped;
                    }
                }
            }
            RuleCode::Validity | RuleCode::ValidityProvisional => {
                let Some(n) = nd else { return Ok(None) };
                let wanted = if n.provisional {
                    RuleCode::ValidityProvisional
                } else {
                    RuleCode::Validity
                };
                if code != wanted {
                    return Ok(None);
                }
                let Some(expiry) = expiry(n, rule) else {
                    return Ok(None);
                };
                d.due = Some(expiry);
                d.detail = if n.valid_until.is_some() {
                    format!("文件载明有效期至 {}", fmt_date(expiry))
                } else {
                    format!("自施行之日起{period}，至 {} 止", fmt_date(expiry))
                };
                d.state = match case.status {
                    Status::CleanedUp => DeadlineState::Met,
                    s if s.is_side_exit() => DeadlineState::Stopped,
                    _ => DeadlineState::Open,
                };
            }
            RuleCode::PreExpiryEvaluation => {
                let Some(n) = nd else { return Ok(None) };
                let validity = if n.provisional {
                    RuleCode::ValidityProvisional
                } else {
                    RuleCode::Validity
                };
                let Some(expiry) = rules.get(validity).and_then(|(v, _)| expiry(n, v)) else {
                    return Ok(None);
                };
                let months = match rule.unit {
                    PeriodUnit::Years => rule.amount.saturating_mul(12),
                    _ => rule.amount,
                };
                let Some(at) = expiry.checked_sub_months(Months::new(months)) else {
                    return Ok(None);
                };
                d.trigger = Some(expiry);
                d.due = Some(at);
                d.detail = format!("有效期 {} 届满，提前{period}评估", fmt_date(expiry));
                d.state = match case.status {
                    Status::CleanedUp => DeadlineState::Met,
                    s if s.is_side_exit() => DeadlineState::Stopped,
                    _ => DeadlineState::Open,
                };
            }
        }
        Ok(Some(d.clone()))
    })();
    match result {
        Ok(x) => x,
        Err(e) => {
            let mut d = base(
                Some(rule),
                code.label().into(),
                shape.purpose,
                trigger,
                shape.start.label(),
            );
            d.detail = format!("无法计算：{e}");
            Some(d)
        }
    }
}

/// The last day of validity: as the document states, else the commencement day plus the period, less a day
/// (a document in force from 1 January for 5 years is valid to 31 December of the fifth year).
fn expiry(n: &crate::model::case::NormativeDocDetails, rule: &DeadlineRule) -> Option<NaiveDate> {
    if let Some(v) = n.valid_until {
        return Some(v);
    }
    let start = n.effective_on?;
    nominal_end(start, rule.amount, rule.unit)?.pred_opt()
}

/// The day a first-instance judgment or ruling was served, for the appeal rule that fits it (a ruling's 10
/// days, a judgment's 15); none for what cannot be appealed (调解, 准予撤诉) or a higher instance's.
fn appeal_trigger(code: RuleCode, l: &crate::model::case::LitigationDetails) -> Option<NaiveDate> {
    use crate::model::case::{Instance, JudgmentResult};
    if l.instance.is_some_and(|i| i != Instance::First)
        || l.judgment_result.is_some_and(|r| !r.appealable())
    {
        return None;
    }
    let ruling = l.judgment_result.is_some_and(JudgmentResult::is_ruling);
    (ruling == (code == RuleCode::AppealRuling))
        .then_some(l.judgment_served_on)
        .flatten()
}

/// The day a 两法衔接 rule counts from; `None` when the case took a way that rule does not follow (a refused
/// transfer is never dispatched; a 复议 follows a refusal only, the evidence a filing only).
fn transfer_trigger(
    start: StartEvent,
    t: &crate::model::case::CrimeTransferDetails,
) -> Option<NaiveDate> {
    use crate::model::case::PoliceDecision;
    match start {
        StartEvent::TransferReport => t.reported_on,
        StartEvent::TransferApproval => t.approved_on.filter(|_| t.refusal_reason.is_none()),
        StartEvent::TransferMade => t.transferred_on,
        StartEvent::PoliceDecision => t
            .police_decided_on
            .filter(|_| t.police_decision == Some(PoliceDecision::Declined)),
        StartEvent::PoliceFilingNotice => t.police_filed_on,
        StartEvent::ReviewSought => t.review_sought_on,
        // Only a 复议 that upheld the refusal leaves anything to object to.
        StartEvent::ReviewDecided => t
            .review_decided_on
            .filter(|r| t.police_filed_on.is_none_or(|f| f > *r)),
        _ => None,
    }
}

/// A deadline met on `on` (if any); otherwise open, or stopped if the case ended by a side exit.
fn met_by(d: &mut Deadline, on: Option<NaiveDate>, case: &ReviewCase) {
    d.state = match on {
        Some(on) => {
            d.met_on = Some(on);
            DeadlineState::Met
        }
        None if case.status.is_side_exit() => DeadlineState::Stopped,
        None => DeadlineState::Open,
    };
}

coded_enum!(
    /// How urgent an open deadline is today (the traffic light).
    Urgency, "紧迫程度" {
        Overdue = "overdue", "已逾期";
        DueToday = "due_today", "今日到期";
        Amber = "amber", "即将到期";
        Green = "green", "时间充裕";
        Paused = "paused", "计时暂停";
        Unlit = "none", "—";
    }
);

/// The traffic light of one deadline: red overdue, "due today", amber with 1–2 working days left, green with
/// 3 or more. Met, stopped and minimum-period rows have none.
pub fn urgency(
    state: DeadlineState,
    due: Option<NaiveDate>,
    today: NaiveDate,
    cal: &WorkingDayCalendar,
) -> (Urgency, Option<i64>) {
    match (state, due) {
        (DeadlineState::Paused, _) => (Urgency::Paused, None),
        (DeadlineState::Open, Some(due)) => {
            let left = cal.workdays_between(today, due).ok();
            let u = if due < today {
                Urgency::Overdue
            } else if due == today {
                Urgency::DueToday
            } else if left.is_some_and(|l| l <= 2) {
                Urgency::Amber
            } else {
                Urgency::Green
            };
            (u, left)
        }
        _ => (Urgency::Unlit, None),
    }
}

#[cfg(test)]
mod tests;
