//! The engine over the shipped calendar: every rule across holiday boundaries, the clock, and properties.

use super::*;
use crate::ids::{CaseId, ClockEventId, FilingId, PersonId, UnitId};
use crate::model::calendar::CalendarFile;
use crate::model::rule::PeriodUnit;
use crate::model::{CaseKind, ClockEventKind, RegNo};
use proptest::prelude::*;
use uuid::Uuid;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn shipped() -> WorkingDayCalendar {
    CalendarFile::builtin()
        .unwrap()
        .working_day_calendar()
        .unwrap()
}

fn case(kind: CaseKind) -> ReviewCase {
    let mut c = ReviewCase::registered(
        CaseId(Uuid::nil()),
        kind,
        RegNo {
            year: 2026,
            serial: 1,
        },
        day("2017-01-01"),
        UnitId(Uuid::nil()),
    );
    c.status = Status::InReview;
    c
}

fn event(kind: ClockEventKind, on: &str, days: Option<u32>) -> ClockEvent {
    ClockEvent {
        id: ClockEventId(Uuid::now_v7()),
        case_id: CaseId(Uuid::nil()),
        kind,
        on: day(on),
        reason: Some("测试".into()),
        days,
        approver_id: days.map(|_| PersonId(Uuid::nil())),
    }
}

fn pause(on: &str) -> ClockEvent {
    event(ClockEventKind::Pause, on, None)
}
fn resume(on: &str) -> ClockEvent {
    event(ClockEventKind::Resume, on, None)
}
fn extend(on: &str, days: u32) -> ClockEvent {
    event(ClockEventKind::Extension, on, Some(days))
}

fn deadlines_of(c: &ReviewCase, events: &[ClockEvent], filings: &[FilingRecord]) -> Vec<Deadline> {
    case_deadlines(
        &CaseFacts {
            case: c,
            events,
            filings,
            files: &[],
        },
        &RuleBook::defaults(),
        &shipped(),
    )
}

fn find(ds: &[Deadline], code: RuleCode) -> Deadline {
    ds.iter()
        .find(|d| d.rule == Some(code))
        .cloned()
        .unwrap_or_else(|| panic!("no {} deadline in {ds:#?}", code.code()))
}

fn review_due(kind: CaseKind, materials: &str, events: &[ClockEvent]) -> Deadline {
    let mut c = case(kind);
    c.materials_complete = Some(day(materials));
    let code = match kind {
        CaseKind::NormativeDoc => RuleCode::NormativeReview,
        CaseKind::Contract => RuleCode::ContractReview,
        _ => RuleCode::EnforcementReview,
    };
    find(&deadlines_of(&c, events, &[]), code)
}

/// Each row: what is tested, the rule's case kind and the trigger, and the due date counted by hand on the
/// State Council notices (the count is in the comment).
#[test]
fn every_review_rule_across_holiday_boundaries() {
    for (what, kind, materials, due) in [
        // 9-29 1, 9-30 2, (10-1…10-7 off), 10-8 3, 10-9 4, 10-10 (Sat, worked) 5, 10-12 6 … 10-23 15
        (
            "normative review received just before National Day 2026",
            CaseKind::NormativeDoc,
            "2026-09-28",
            "2026-10-23",
        ),
        // 2-12 1, 2-13 2, 2-14 (Sat, worked) 3, (2-15…2-23 off), 2-24 4, 2-25 5
        (
            "contract review across a make-up Saturday and the Spring Festival",
            CaseKind::Contract,
            "2026-02-11",
            "2026-02-25",
        ),
        // 1-21 1, 1-22 2, 1-23 3, (1-24…2-2 off: the 2020 extension, so Sat 2-1 is no longer worked), 2-3 4, 2-4 5
        (
            "contract review over the extended 2020 Spring Festival",
            CaseKind::Contract,
            "2020-01-20",
            "2020-02-04",
        ),
        // 4-30 1, (5-1…5-5 off), 5-6 2, 5-7 3, 5-8 4, 5-9 (Sat, worked) 5, 5-11 6, 5-12 7, 5-13 8, 5-14 9, 5-15 10
        (
            "enforcement review over Labour Day 2026",
            CaseKind::Enforcement,
            "2026-04-29",
            "2026-05-15",
        ),
        // 12-30 (Sat 2017) is an ordinary weekend; 1-2 1 … counted through New Year 2018 (1-1 off)
        (
            "contract review over New Year 2018",
            CaseKind::Contract,
            "2017-12-29",
            "2018-01-08",
        ),
        // 2019's New Year: 2018-12-29 (Sat) worked 1, 12-30/12-31/1-1 off, 1-2 2, 1-3 3, 1-4 4, 1-7 5
        (
            "contract review over New Year 2019, arranged across the year end",
            CaseKind::Contract,
            "2018-12-28",
            "2019-01-07",
        ),
    ] {
        let d = review_due(kind, materials, &[]);
        assert_eq!(d.due, Some(day(due)), "{what}: {d:#?}");
        assert_eq!(d.state, DeadlineState::Open, "{what}");
        assert!(
            !d.provisional,
            "{what}: the shipped calendar knows these years"
        );
    }
}

#[test]
fn calendar_day_rules_end_on_the_next_working_day_when_they_end_on_a_rest_day() {
    // Published 2026-01-17: 30 days end on 2-16, inside the Spring Festival (2-15…2-23): due 2-24.
    let mut c = case(CaseKind::NormativeDoc);
    c.status = Status::Published;
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.published_on = Some(day("2026-01-17"));
    }
    let ds = deadlines_of(&c, &[], &[]);
    for code in [RuleCode::FilingNpc, RuleCode::FilingUpper] {
        let f = find(&ds, code);
        assert_eq!(f.due, Some(day("2026-02-24")), "{}", code.code());
        assert_eq!(f.state, DeadlineState::Open);
    }

    // A penalty decided 2026-09-22: 15 days end on 10-7 (National Day): due 10-8.
    let mut p = case(CaseKind::PenaltyFiling);
    if let CaseDetails::PenaltyFiling(d) = &mut p.details {
        d.decision_on = Some(day("2026-09-22"));
    }
    let pf = find(&deadlines_of(&p, &[], &[]), RuleCode::PenaltyFiling);
    assert_eq!(pf.due, Some(day("2026-10-08")));

    // Received on 10-9, after the deadline: met, and late.
    if let CaseDetails::PenaltyFiling(d) = &mut p.details {
        d.filing_received_on = Some(day("2026-10-09"));
    }
    let pf = find(&deadlines_of(&p, &[], &[]), RuleCode::PenaltyFiling);
    assert_eq!(pf.state, DeadlineState::Met);
    assert_eq!(pf.met_on, Some(day("2026-10-09")));
}

#[test]
fn a_filing_sent_closes_only_its_own_channel() {
    let mut c = case(CaseKind::NormativeDoc);
    c.status = Status::AwaitingFiling;
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.published_on = Some(day("2026-03-02"));
    }
    let filing = FilingRecord {
        id: FilingId(Uuid::now_v7()),
        case_id: c.id,
        channel: FilingChannel::NpcStandingCommittee,
        due_on: None,
        submitted_on: Some(day("2026-03-20")),
        receipt_no: None,
        result: None,
        note: None,
    };
    let ds = deadlines_of(&c, &[], &[filing]);
    let npc = find(&ds, RuleCode::FilingNpc);
    assert_eq!(
        (npc.state, npc.met_on),
        (DeadlineState::Met, Some(day("2026-03-20")))
    );
    assert_eq!(find(&ds, RuleCode::FilingUpper).state, DeadlineState::Open);
}

#[test]
fn contract_archiving_counts_the_labour_day_make_up_saturday() {
    // Signed 4-30: (5-1…5-5 off) 5-6 1, 5-7 2, 5-8 3, 5-9 (Sat, worked) 4, 5-11 5.
    let mut c = case(CaseKind::Contract);
    c.status = Status::OpinionIssued;
    if let CaseDetails::Contract(d) = &mut c.details {
        d.signed_on = Some(day("2026-04-30"));
    }
    let a = find(&deadlines_of(&c, &[], &[]), RuleCode::ContractArchive);
    assert_eq!(a.due, Some(day("2026-05-11")));
    assert_eq!(a.state, DeadlineState::Open);
}

#[test]
fn the_enforcement_supplement_window_runs_from_the_pause_and_closes_on_resume() {
    // Materials asked for on Tue 9-29: 9-30 1, (10-1…10-7 off), 10-8 2, 10-9 3.
    let mut c = case(CaseKind::Enforcement);
    c.materials_complete = Some(day("2026-09-25"));
    c.status = Status::AwaitingMaterials;
    let paused = [pause("2026-09-29")];
    let s = find(
        &deadlines_of(&c, &paused, &[]),
        RuleCode::EnforcementSupplement,
    );
    assert_eq!(
        (s.state, s.due),
        (DeadlineState::Open, Some(day("2026-10-09")))
    );
    // Supplied on 10-12, after the window: met, late.
    c.status = Status::InReview;
    let resumed = [pause("2026-09-29"), resume("2026-10-12")];
    let s = find(
        &deadlines_of(&c, &resumed, &[]),
        RuleCode::EnforcementSupplement,
    );
    assert_eq!(
        (s.state, s.met_on),
        (DeadlineState::Met, Some(day("2026-10-12")))
    );
    assert!(s.met_on > s.due);
    // Never paused: no supplement deadline at all.
    assert!(deadlines_of(&c, &[], &[])
        .iter()
        .all(|d| d.rule != Some(RuleCode::EnforcementSupplement)));
}

#[test]
fn validity_expiry_and_the_pre_expiry_evaluation() {
    let mut c = case(CaseKind::NormativeDoc);
    c.status = Status::InForce;
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.effective_on = Some(day("2021-03-01"));
    }
    let ds = deadlines_of(&c, &[], &[]);
    assert_eq!(find(&ds, RuleCode::Validity).due, Some(day("2026-02-28")));
    let eval = find(&ds, RuleCode::PreExpiryEvaluation);
    assert_eq!(eval.due, Some(day("2025-08-28")));
    assert_eq!(eval.trigger, Some(day("2026-02-28")));
    assert!(ds
        .iter()
        .all(|d| d.rule != Some(RuleCode::ValidityProvisional)));

    // 暂行: two years; a stated 有效期至 wins over the rule.
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.provisional = true;
    }
    let ds = deadlines_of(&c, &[], &[]);
    assert_eq!(
        find(&ds, RuleCode::ValidityProvisional).due,
        Some(day("2023-02-28"))
    );
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.valid_until = Some(day("2024-06-30"));
    }
    let ds = deadlines_of(&c, &[], &[]);
    assert_eq!(
        find(&ds, RuleCode::ValidityProvisional).due,
        Some(day("2024-06-30"))
    );
    assert_eq!(
        find(&ds, RuleCode::PreExpiryEvaluation).due,
        Some(day("2023-12-30"))
    );
}

#[test]
fn minimum_periods_flag_what_is_too_short_and_accept_what_is_not() {
    // Review minimum: 5 working days after 9-28 end on Saturday 10-10 (worked); asking for 9-30 is too short.
    let mut c = case(CaseKind::NormativeDoc);
    c.materials_complete = Some(day("2026-09-28"));
    c.due_date = Some(day("2026-09-30"));
    let m = find(
        &deadlines_of(&c, &[], &[]),
        RuleCode::NormativeReviewMinimum,
    );
    assert_eq!(
        (m.state, m.due),
        (DeadlineState::Warning, Some(day("2026-10-10")))
    );
    c.due_date = Some(day("2026-10-10"));
    let m = find(
        &deadlines_of(&c, &[], &[]),
        RuleCode::NormativeReviewMinimum,
    );
    assert_eq!(m.state, DeadlineState::Satisfied);

    // Public comment: at least 30 days.
    let mut md = case(CaseKind::MajorDecision);
    for (to, state) in [
        ("2026-03-20", DeadlineState::Warning),
        ("2026-03-31", DeadlineState::Satisfied),
    ] {
        if let CaseDetails::MajorDecision(d) = &mut md.details {
            d.public_comment_from = Some(day("2026-03-01"));
            d.public_comment_to = Some(day(to));
        }
        let p = find(&deadlines_of(&md, &[], &[]), RuleCode::PublicCommentMinimum);
        assert_eq!(p.state, state, "comment to {to}");
    }

    // Commencement 14 days after publication: flagged.
    let mut nd = case(CaseKind::NormativeDoc);
    if let CaseDetails::NormativeDoc(d) = &mut nd.details {
        d.published_on = Some(day("2026-03-01"));
        d.effective_on = Some(day("2026-03-15"));
    }
    let g = find(&deadlines_of(&nd, &[], &[]), RuleCode::CommencementGap);
    assert_eq!(g.state, DeadlineState::Warning);
    assert!(g.detail.contains("须说明理由"), "{}", g.detail);
}

#[test]
fn a_pause_stops_the_clock_and_resuming_continues_it() {
    let cal = shipped();
    let plain = review_due(CaseKind::NormativeDoc, "2026-03-02", &[]);
    assert_eq!(
        plain.due,
        Some(cal.add_workdays(day("2026-03-02"), 15).unwrap().date)
    );

    // Paused on Thu 3-5, resumed Wed 3-11: 3-6, 3-9, 3-10, 3-11 are not counted (4 working days).
    let d = review_due(
        CaseKind::NormativeDoc,
        "2026-03-02",
        &[pause("2026-03-05"), resume("2026-03-11")],
    );
    assert_eq!(
        d.due,
        Some(cal.add_workdays(plain.due.unwrap(), 4).unwrap().date)
    );
    assert!(d.detail.contains("补正暂停 4 个工作日"), "{}", d.detail);

    // Still paused: no due date, the days left are kept (3-3, 3-4, 3-5 used: 12 left).
    let mut c = case(CaseKind::NormativeDoc);
    c.status = Status::AwaitingMaterials;
    c.materials_complete = Some(day("2026-03-02"));
    let p = find(
        &deadlines_of(&c, &[pause("2026-03-05")], &[]),
        RuleCode::NormativeReview,
    );
    assert_eq!(
        (p.state, p.due, p.remaining),
        (DeadlineState::Paused, None, Some(12))
    );
}

#[test]
fn several_pauses_and_extensions_combine() {
    let cal = shipped();
    let start = day("2026-04-01");
    let events = [
        pause("2026-04-03"),
        resume("2026-04-09"), // 4-6 is Qingming (off): 4-7, 4-8, 4-9 → 3
        extend("2026-04-10", 5),
        pause("2026-04-14"),
        resume("2026-04-16"), // 4-15, 4-16 → 2
        extend("2026-04-17", 3),
    ];
    let d = review_due(CaseKind::Contract, "2026-04-01", &events);
    // 5 + 5 + 3 working days on the clock, 3 + 2 paused.
    assert_eq!(
        d.due,
        Some(cal.add_workdays(start, 5 + 5 + 3 + 3 + 2).unwrap().date)
    );
    assert!(d.detail.contains("延期 2 次共 8 个工作日"), "{}", d.detail);
}

#[test]
fn a_pause_after_the_deadline_passed_does_not_move_it() {
    // 5 working days after 3-2 is 3-9; pausing on 3-20 cannot make an overdue case timely.
    let d = review_due(
        CaseKind::Contract,
        "2026-03-02",
        &[pause("2026-03-20"), resume("2026-03-27")],
    );
    assert_eq!(d.due, Some(day("2026-03-09")));
}

#[test]
fn a_resume_with_no_pause_before_it_changes_nothing() {
    let plain = review_due(CaseKind::Contract, "2026-03-02", &[]);
    let odd = review_due(
        CaseKind::Contract,
        "2026-03-02",
        &[resume("2026-03-03"), resume("2026-03-04")],
    );
    assert_eq!(odd.due, plain.due);
    // A resume dated before its pause (data from elsewhere): the pause is still open.
    let mut c = case(CaseKind::Contract);
    c.status = Status::AwaitingMaterials;
    c.materials_complete = Some(day("2026-03-02"));
    let d = find(
        &deadlines_of(&c, &[pause("2026-03-05"), resume("2026-03-04")], &[]),
        RuleCode::ContractReview,
    );
    assert_eq!(d.state, DeadlineState::Paused);
}

#[test]
fn review_deadlines_close_with_the_opinion_and_stop_on_a_side_exit() {
    let mut c = case(CaseKind::Contract);
    c.materials_complete = Some(day("2026-03-02"));
    c.status = Status::OpinionIssued;
    c.opinion_on = Some(day("2026-03-06"));
    let d = find(&deadlines_of(&c, &[], &[]), RuleCode::ContractReview);
    assert_eq!(
        (d.state, d.met_on),
        (DeadlineState::Met, Some(day("2026-03-06")))
    );
    c.status = Status::Withdrawn;
    let d = find(&deadlines_of(&c, &[], &[]), RuleCode::ContractReview);
    assert_eq!(d.state, DeadlineState::Stopped);

    // Before materials are complete the review deadline is shown, not yet counted.
    let mut r = case(CaseKind::NormativeDoc);
    r.status = Status::Registered;
    let d = find(&deadlines_of(&r, &[], &[]), RuleCode::NormativeReview);
    assert_eq!((d.state, d.due), (DeadlineState::Pending, None));
}

#[test]
fn a_deadline_running_into_a_year_without_its_notice_is_provisional() {
    // 2027's notice is not out: 15 working days after 2026-12-24 reach into January 2027.
    let d = review_due(CaseKind::NormativeDoc, "2026-12-24", &[]);
    assert!(d.provisional, "{d:#?}");
    let inside = review_due(CaseKind::NormativeDoc, "2026-11-02", &[]);
    assert!(!inside.provisional);
}

#[test]
fn the_last_week_of_december_is_provisional_until_next_years_notice_is_in() {
    // 12-18 1, 12-21 2, 12-22 3, 12-23 4, 12-24 5: a notice for 2027 could still make 12-31 a holiday.
    let d = review_due(CaseKind::Contract, "2026-12-17", &[]);
    assert_eq!((d.due, d.provisional), (Some(day("2026-12-24")), true));
    let d = review_due(CaseKind::Contract, "2026-12-10", &[]);
    assert_eq!((d.due, d.provisional), (Some(day("2026-12-17")), false));
}

#[test]
fn a_review_counted_in_calendar_days_moves_only_for_pauses_before_its_end() {
    let mut c = case(CaseKind::Contract);
    c.materials_complete = Some(day("2026-03-02"));
    let mut rule = RuleCode::ContractReview.default_rule();
    rule.amount = 10;
    rule.unit = PeriodUnit::CalendarDays;
    let book = RuleBook::new([(rule, "r".to_string())]);
    let due = |events: &[ClockEvent]| {
        let ds = case_deadlines(
            &CaseFacts {
                case: &c,
                events,
                filings: &[],
                files: &[],
            },
            &book,
            &shipped(),
        );
        find(&ds, RuleCode::ContractReview).due
    };
    assert_eq!(due(&[]), Some(day("2026-03-12")));
    // Paused 3-5, resumed 3-6: one working day.
    assert_eq!(
        due(&[pause("2026-03-05"), resume("2026-03-06")]),
        Some(day("2026-03-13"))
    );
    // Paused after the end: still overdue on 3-12.
    assert_eq!(
        due(&[pause("2026-03-20"), resume("2026-03-27")]),
        Some(day("2026-03-12"))
    );
}

#[test]
fn a_date_beyond_what_can_be_counted_gives_a_reason_not_a_panic() {
    let mut c = case(CaseKind::NormativeDoc);
    c.status = Status::InForce;
    if let CaseDetails::NormativeDoc(d) = &mut c.details {
        d.published_on = Some(day("2099-12-20"));
        d.effective_on = Some(day("2099-12-25"));
    }
    let ds = deadlines_of(&c, &[], &[]);
    let f = find(&ds, RuleCode::FilingNpc);
    assert_eq!(f.due, None);
    assert!(f.detail.contains("无法计算"), "{}", f.detail);
}

#[test]
fn a_disabled_rule_gives_no_deadline_and_a_changed_rule_its_own_number() {
    let mut c = case(CaseKind::Contract);
    c.materials_complete = Some(day("2026-03-02"));
    let mut rule = RuleCode::ContractReview.default_rule();
    rule.amount = 7;
    let book = RuleBook::new([(rule.clone(), "r2".to_string())]);
    let ds = case_deadlines(
        &CaseFacts {
            case: &c,
            events: &[],
            filings: &[],
            files: &[],
        },
        &book,
        &shipped(),
    );
    let d = find(&ds, RuleCode::ContractReview);
    assert_eq!(d.due, Some(day("2026-03-11")));
    assert_eq!(d.rule_rev.as_deref(), Some("r2"));
    rule.enabled = false;
    let book = RuleBook::new([(rule, "r3".to_string())]);
    let ds = case_deadlines(
        &CaseFacts {
            case: &c,
            events: &[],
            filings: &[],
            files: &[],
        },
        &book,
        &shipped(),
    );
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn the_traffic_light() {
    let cal = shipped();
    let due = day("2026-10-12"); // Monday after National Day
    for (today, want, left) in [
        ("2026-10-13", Urgency::Overdue, Some(-1)),
        ("2026-10-12", Urgency::DueToday, Some(0)),
        ("2026-10-10", Urgency::Amber, Some(1)), // Sat, worked
        ("2026-10-09", Urgency::Amber, Some(2)),
        ("2026-10-08", Urgency::Green, Some(3)),
        ("2026-09-30", Urgency::Green, Some(4)), // the break is not counted
    ] {
        let (u, l) = urgency(DeadlineState::Open, Some(due), day(today), &cal);
        assert_eq!((u, l), (want, left), "today {today}");
    }
    assert_eq!(
        urgency(DeadlineState::Met, Some(due), day("2026-10-20"), &cal).0,
        Urgency::Unlit
    );
    assert_eq!(
        urgency(DeadlineState::Paused, None, day("2026-10-20"), &cal).0,
        Urgency::Paused
    );
}

proptest! {
    #[test]
    fn counting_back_the_working_days_added_gives_n(offset in 0i64..3600, n in 0u32..80) {
        let cal = shipped();
        let start = day("2017-01-01") + chrono::Days::new(offset as u64);
        let end = cal.add_workdays(start, n).unwrap().date;
        prop_assert_eq!(cal.workdays_between(start, end).unwrap(), i64::from(n));
        if n > 0 {
            prop_assert!(cal.is_workday(end));
        }
    }

    #[test]
    fn a_pause_of_k_working_days_moves_the_due_date_by_exactly_k(
        offset in 0i64..3400, pause_after in 0u32..14, k in 1u32..20,
    ) {
        let cal = shipped();
        let start = cal.on_or_next_workday(day("2017-01-01") + chrono::Days::new(offset as u64)).unwrap().date;
        let plain = review_due(CaseKind::NormativeDoc, &start.to_string(), &[]).due.unwrap();
        let p = cal.add_workdays(start, pause_after).unwrap().date;
        let r = cal.add_workdays(p, k).unwrap().date;
        let paused = review_due(
            CaseKind::NormativeDoc,
            &start.to_string(),
            &[pause(&p.to_string()), resume(&r.to_string())],
        )
        .due
        .unwrap();
        prop_assert_eq!(cal.workdays_between(plain, paused).unwrap(), i64::from(k));
        prop_assert_eq!(paused, cal.add_workdays(plain, k).unwrap().date);
    }

    #[test]
    fn a_filing_deadline_is_a_working_day_no_earlier_than_thirty_days(offset in 0i64..3600) {
        let cal = shipped();
        let published = day("2017-01-01") + chrono::Days::new(offset as u64);
        let mut c = case(CaseKind::NormativeDoc);
        c.status = Status::Published;
        if let CaseDetails::NormativeDoc(d) = &mut c.details {
            d.published_on = Some(published);
        }
        let due = find(&deadlines_of(&c, &[], &[]), RuleCode::FilingNpc).due.unwrap();
        prop_assert!(cal.is_workday(due));
        prop_assert!(due >= published + chrono::Days::new(30));
        prop_assert!((due - published).num_days() <= 30 + 10, "at most the longest break later");
    }
}
