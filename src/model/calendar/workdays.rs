//! The working-day calendar (工作日历) and the date arithmetic of time limits: pure functions over dates.
//!
//! A year is known when its State Council notice (国务院办公厅关于部分节假日安排的通知) has been entered: its
//! holidays (放假) and its make-up working days (调休补班, usually a Saturday or Sunday). A year without data
//! counts Monday to Friday as working days, and every result that touched such a year says so
//! (`provisional`), so a deadline computed that way can carry a visible warning. Nothing here panics on a date:
//! dates outside the years a case can have are refused with a message.
//!
//! Counting follows domain.md §7: the start day is not counted; working-day limits skip rest days and count
//! make-up days; a period in calendar days or months whose last day is a rest day ends on the next working day;
//! months land on the same-numbered day, or the month's last day when it has none.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate, Weekday};

use crate::error::{Error, Result};
use crate::model::validate::{fmt_date, MAX_YEAR, MIN_YEAR};

/// One year's notice: which days are off and which weekend days are worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    pub year: i32,
    /// The notice it comes from, e.g. 国办发明电〔2025〕7号.
    pub source: String,
    pub holidays: BTreeSet<NaiveDate>,
    pub make_up_workdays: BTreeSet<NaiveDate>,
}

/// What a day is under the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday,
    /// A Saturday or Sunday worked in exchange for a holiday (调休补班).
    MakeUpWorkday,
}

impl DayKind {
    pub fn is_workday(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday)
    }

    pub fn label(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "法定节假日",
            DayKind::MakeUpWorkday => "调休上班",
        }
    }
}

/// A computed date and whether any day it depended on lies in a year whose notice is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoned {
    pub date: NaiveDate,
    pub provisional: bool,
}

#[derive(Debug, Clone, Default)]
pub struct WorkingDayCalendar {
    years: BTreeMap<i32, YearCalendar>,
}

fn in_range(what: &'static str, d: NaiveDate) -> Result<NaiveDate> {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(Error::invalid(
            what,
            format!("{} 超出可计算范围（{MIN_YEAR}—{MAX_YEAR} 年）", fmt_date(d)),
        ))
    }
}

impl WorkingDayCalendar {
    /// A calendar of the given years. Refused if an entry lies outside its own year, a day is both a holiday and
    /// a make-up working day, a make-up day is not a weekend day, or a year is given twice.
    pub fn new(years: impl IntoIterator<Item = YearCalendar>) -> Result<Self> {
        let mut out = BTreeMap::new();
        for y in years {
            let label = format!("{}年日历", y.year);
            for d in y.holidays.iter().chain(&y.make_up_workdays) {
                if d.year() != y.year {
                    return Err(Error::invalid(
                        "工作日历",
                        format!("{label}中出现了 {}", fmt_date(*d)),
                    ));
                }
            }
            if let Some(d) = y.holidays.intersection(&y.make_up_workdays).next() {
                return Err(Error::invalid(
                    "工作日历",
                    format!("{label}中 {} 既是假日又是调休上班日", fmt_date(*d)),
                ));
            }
            if let Some(d) = y.make_up_workdays.iter().find(|d| !is_weekend(**d)) {
                return Err(Error::invalid(
                    "工作日历",
                    format!("{label}中调休上班日 {} 不是周末", fmt_date(*d)),
                ));
            }
            let year = y.year;
            if out.insert(year, y).is_some() {
                return Err(Error::invalid("工作日历", format!("{year}年日历重复")));
            }
        }
        Ok(WorkingDayCalendar { years: out })
    }

    /// The year's notice has been entered.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn kind(&self, d: NaiveDate) -> DayKind {
        match self.years.get(&d.year()) {
            Some(y) if y.holidays.contains(&d) => DayKind::Holiday,
            Some(y) if y.make_up_workdays.contains(&d) => DayKind::MakeUpWorkday,
            _ if is_weekend(d) => DayKind::Weekend,
            _ => DayKind::Workday,
        }
    }

    pub fn is_workday(&self, d: NaiveDate) -> bool {
        self.kind(d).is_workday()
    }

    /// The `n`th working day after `start` (the start day itself is not counted). `n = 0` is `start`.
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> Result<Reckoned> {
        let mut d = in_range("起算日", start)?;
        let mut provisional = !self.knows(d.year());
        let mut left = n;
        while left > 0 {
            d = in_range("期限", next_day(d)?)?;
            provisional |= !self.knows(d.year());
            if self.is_workday(d) {
                left -= 1;
            }
        }
        Ok(Reckoned {
            date: d,
            provisional,
        })
    }

    /// How many working days lie after `from` up to and including `to` (negative when `to` is earlier).
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        in_range("日期", from)?;
        in_range("日期", to)?;
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_workday(*d))
            .count() as i64;
        Ok(sign * count)
    }

    /// `d` if it is a working day, else the first working day after it.
    pub fn on_or_next_workday(&self, d: NaiveDate) -> Result<Reckoned> {
        let mut d = in_range("日期", d)?;
        let mut provisional = !self.knows(d.year());
        while !self.is_workday(d) {
            d = in_range("期限", next_day(d)?)?;
            provisional |= !self.knows(d.year());
        }
        Ok(Reckoned {
            date: d,
            provisional,
        })
    }

    /// A period of `n` calendar days after `start`; if it ends on a rest day it ends on the next working day.
    pub fn add_calendar_days(&self, start: NaiveDate, n: u32) -> Result<Reckoned> {
        in_range("起算日", start)?;
        let end = start
            .checked_add_days(chrono::Days::new(n.into()))
            .ok_or_else(|| Error::invalid("期限", "天数过大"))?;
        self.on_or_next_workday(end)
    }

    /// A period of `n` months after `start`: the same-numbered day (or the month's last day when it has none),
    /// moved to the next working day if that is a rest day.
    pub fn add_months(&self, start: NaiveDate, n: u32) -> Result<Reckoned> {
        in_range("起算日", start)?;
        let end = start
            .checked_add_months(Months::new(n))
            .ok_or_else(|| Error::invalid("期限", "月数过大"))?;
        self.on_or_next_workday(end)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(d: NaiveDate) -> Result<NaiveDate> {
    d.succ_opt()
        .ok_or_else(|| Error::invalid("日期", "超出可计算范围"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn days(list: &[&str]) -> BTreeSet<NaiveDate> {
        list.iter().map(|s| day(s)).collect()
    }

    /// The 2026 National Day break as domain.md §7 gives it (1–7 Oct off; 20 Sep and 10 Oct worked). A test
    /// fixture only: the shipped calendar comes with the deadlines milestone.
    fn autumn_2026() -> WorkingDayCalendar {
        WorkingDayCalendar::new([YearCalendar {
            year: 2026,
            source: "测试用".into(),
            holidays: days(&[
                "2026-10-01",
                "2026-10-02",
                "2026-10-03",
                "2026-10-04",
                "2026-10-05",
                "2026-10-06",
                "2026-10-07",
            ]),
            make_up_workdays: days(&["2026-09-20", "2026-10-10"]),
        }])
        .unwrap()
    }

    #[test]
    fn a_review_received_before_national_day_runs_past_the_break() {
        let cal = autumn_2026();
        // Received Wed 30 Sep: the 1st working day is Thu 8 Oct, the 3rd Sat 10 Oct (a make-up day).
        let r = cal.add_workdays(day("2026-09-30"), 3).unwrap();
        assert_eq!(r.date, day("2026-10-10"));
        assert!(!r.provisional);
        let r = cal.add_workdays(day("2026-09-30"), 5).unwrap();
        assert_eq!(r.date, day("2026-10-13"), "Sun 11 Oct is a rest day");
        assert_eq!(cal.kind(day("2026-09-20")), DayKind::MakeUpWorkday);
        assert_eq!(cal.kind(day("2026-10-03")), DayKind::Holiday);
    }

    #[test]
    fn a_calendar_day_period_ending_in_the_break_ends_on_the_first_working_day_after() {
        let cal = autumn_2026();
        let r = cal.add_calendar_days(day("2026-09-01"), 30).unwrap();
        assert_eq!(r.date, day("2026-10-08"), "1 Oct is a holiday");
        let r = cal.add_calendar_days(day("2026-09-10"), 10).unwrap();
        assert_eq!(
            r.date,
            day("2026-09-20"),
            "Sun 20 Sep is a make-up working day, so the period ends there"
        );
    }

    #[test]
    fn months_land_on_the_same_day_or_the_end_of_a_shorter_month() {
        let cal = WorkingDayCalendar::default();
        assert_eq!(
            cal.add_months(day("2026-01-31"), 1).unwrap().date,
            day("2026-03-02"),
            "31 Jan + 1 month is 28 Feb, a Saturday, so Monday 2 Mar"
        );
        assert_eq!(
            cal.add_months(day("2026-03-16"), 6).unwrap().date,
            day("2026-09-16")
        );
    }

    #[test]
    fn a_year_without_its_notice_counts_weekdays_and_says_so() {
        let cal = autumn_2026();
        let r = cal.add_workdays(day("2026-12-30"), 3).unwrap();
        assert_eq!(
            r.date,
            day("2027-01-04"),
            "weekdays only: Thu 31 Dec, Fri 1 Jan, Mon 4 Jan"
        );
        assert!(r.provisional, "2027 has no notice yet");
        assert!(!cal.add_workdays(day("2026-12-01"), 3).unwrap().provisional);
    }

    #[test]
    fn dates_far_outside_the_calendar_are_refused_not_panicked_on() {
        let cal = autumn_2026();
        for d in ["1900-01-01", "9999-12-31"] {
            let err = cal.add_workdays(day(d), 1).unwrap_err();
            assert!(err.to_string().contains("超出可计算范围"), "{err}");
        }
        assert!(
            cal.add_workdays(day("2099-12-31"), 1).is_err(),
            "the day after 2099 is out of range"
        );
    }

    #[test]
    fn a_malformed_year_is_refused() {
        let bad = |holidays: &[&str], workdays: &[&str]| {
            WorkingDayCalendar::new([YearCalendar {
                year: 2026,
                source: String::new(),
                holidays: days(holidays),
                make_up_workdays: days(workdays),
            }])
            .unwrap_err()
            .to_string()
        };
        assert!(bad(&["2025-10-01"], &[]).contains("2025年10月1日"));
        assert!(bad(&["2026-09-20"], &["2026-09-20"]).contains("既是假日又是调休上班日"));
        assert!(bad(&[], &["2026-09-21"]).contains("不是周末"));
    }

    proptest! {
        #[test]
        fn adding_n_working_days_then_counting_back_gives_n(offset in 0i64..900, n in 0u32..120) {
            let cal = autumn_2026();
            let start = day("2025-06-01") + chrono::Duration::days(offset);
            let end = cal.add_workdays(start, n).unwrap().date;
            prop_assert_eq!(cal.workdays_between(start, end).unwrap(), i64::from(n));
            prop_assert!(n == 0 || cal.is_workday(end));
        }

        #[test]
        fn a_calendar_day_period_always_ends_on_a_working_day_not_before_its_nominal_end(offset in 0i64..900, n in 1u32..60) {
            let cal = autumn_2026();
            let start = day("2025-06-01") + chrono::Duration::days(offset);
            let r = cal.add_calendar_days(start, n).unwrap();
            prop_assert!(cal.is_workday(r.date));
            prop_assert!(r.date >= start + chrono::Duration::days(n.into()));
        }
    }
}
