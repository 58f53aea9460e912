//! The shipped calendar against an independent source, and the calendar as the office edits it.

use chrono::{Datelike, NaiveDate};
use fashen::model::calendar::CalendarFile;
use fashen::model::calendar::WorkingDayCalendar;

fn shipped() -> WorkingDayCalendar {
    CalendarFile::builtin()
        .unwrap()
        .working_day_calendar()
        .unwrap()
}

/// Every day from 2017-01-01 to 2026-12-25 (the end of the `chinese_holiday` crate's data, built from the same
/// State Council notices by other hands) is a working day in the shipped calendar exactly when it is one there.
#[test]
fn the_shipped_calendar_agrees_day_by_day_with_an_independent_source() {
    let cal = shipped();
    let mut d = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    let mut differences = Vec::new();
    let mut days = 0;
    while d <= end {
        let theirs =
            chinese_holiday::chinese_holiday((d.year() as u16, d.month() as u8, d.day() as u8))
                .is_workday();
        if cal.is_workday(d) != theirs {
            differences.push(format!("{d}: ours {} theirs {theirs}", cal.is_workday(d)));
        }
        days += 1;
        d = d.succ_opt().unwrap();
    }
    assert_eq!(days, 3646);
    assert!(differences.is_empty(), "{differences:#?}");
}
