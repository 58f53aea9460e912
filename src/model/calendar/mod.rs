//! A year of the working-day calendar as a record (工作日历): the State Council notice's holidays and make-up
//! working days, one record per year, revisioned and synced like any other.
//!
//! The record is named by its year: its id is derived from the year, so two laptops that enter the 2027
//! notice independently edit the same record (sync then shows one record with two versions, never two
//! 2027 calendars). The same shape is the importable file format (`assets/calendar/README.md`).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod workdays;

use super::validate::{self, fmt_date};
use crate::error::{Error, Result};
pub use workdays::{DayKind, Reckoned, WorkingDayCalendar, YearCalendar};

/// A named run of days, written `2026-02-15/2026-02-23` (an ISO 8601 interval) or a single `2026-02-14`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSpan", into = "RawSpan")]
pub struct DaySpan {
    /// The festival, e.g. 春节.
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    name: String,
    days: String,
}

impl TryFrom<RawSpan> for DaySpan {
    type Error = String;
    fn try_from(r: RawSpan) -> std::result::Result<Self, String> {
        DaySpan::parse(&r.name, &r.days).map_err(|e| e.to_string())
    }
}

impl From<DaySpan> for RawSpan {
    fn from(s: DaySpan) -> RawSpan {
        let days = if s.from == s.to {
            s.from.to_string()
        } else {
            format!("{}/{}", s.from, s.to)
        };
        RawSpan { name: s.name, days }
    }
}

/// The longest run a notice has ever given is 10 days (the 2020 Spring Festival); 31 is surely a mistake.
const MAX_SPAN_DAYS: i64 = 31;

impl DaySpan {
    /// Reads `2026-02-15/2026-02-23`, `2026-02-15` or `2026-02-15—2026-02-23`.
    pub fn parse(name: &str, days: &str) -> Result<DaySpan> {
        let name = validate::required_text("节日名称", name, 20)?;
        let days = days.trim();
        let (a, b) = days
            .split_once('/')
            .or_else(|| days.split_once('—'))
            .or_else(|| days.split_once('～'))
            .unwrap_or((days, days));
        let from = validate::date("日期", a)?;
        let to = validate::date("日期", b)?;
        if to < from {
            return Err(Error::invalid(
                "日期",
                format!(
                    "{name}：结束日 {} 早于开始日 {}",
                    fmt_date(to),
                    fmt_date(from)
                ),
            ));
        }
        if (to - from).num_days() >= MAX_SPAN_DAYS {
            return Err(Error::invalid(
                "日期",
                format!("{name}：连续 {} 天过长，请核对", (to - from).num_days() + 1),
            ));
        }
        Ok(DaySpan { name, from, to })
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }
}

/// One year's calendar as entered: from its notice, or corrected by the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    /// The notice, e.g. 国办发明电〔2025〕7号.
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    pub holidays: Vec<DaySpan>,
    pub make_up_workdays: Vec<DaySpan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The id of the calendar record of `year`: the same on every laptop.
pub fn calendar_year_id(year: i32) -> Uuid {
    crate::ids::named_uuid(&format!("calendar-year/{year}"))
}

impl CalendarYear {
    pub fn id(&self) -> Uuid {
        calendar_year_id(self.year)
    }

    /// The year as the date arithmetic reads it; refuses days outside the year, a day both off and worked, a
    /// make-up day that is not a weekend day, and a missing source.
    pub fn to_year_calendar(&self) -> Result<YearCalendar> {
        if !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&self.year) {
            return Err(Error::invalid(
                "年份",
                format!(
                    "{} 超出可登记范围（{}—{} 年）",
                    self.year,
                    validate::MIN_YEAR,
                    validate::MAX_YEAR
                ),
            ));
        }
        validate::required_text("依据文件", &self.source, 200)?;
        if let Some(n) = &self.note {
            validate::long_text("备注", n, 500)?;
        }
        for u in &self.urls {
            validate::required_text("网址", u, 300)?;
        }
        let collect = |spans: &[DaySpan]| -> Result<BTreeSet<NaiveDate>> {
            let mut out = BTreeSet::new();
            for s in spans {
                for d in s.days() {
                    if d.year() != self.year {
                        return Err(Error::invalid(
                            "日期",
                            format!(
                                "{}年日历中出现了 {}（{}），跨年的日子请录入到它所在的年份",
                                self.year,
                                fmt_date(d),
                                s.name
                            ),
                        ));
                    }
                    out.insert(d);
                }
            }
            Ok(out)
        };
        let y = YearCalendar {
            year: self.year,
            source: self.source.clone(),
            holidays: collect(&self.holidays)?,
            make_up_workdays: collect(&self.make_up_workdays)?,
        };
        WorkingDayCalendar::new([y.clone()])?;
        // Every notice gives holidays; a year without any is a form saved empty, which would silently turn
        // New Year and the Spring Festival into working days.
        if y.holidays.is_empty() {
            return Err(Error::invalid(
                "放假日",
                format!("{}年没有任何放假日，请按通知录入", self.year),
            ));
        }
        Ok(y)
    }

    pub fn validate(&self) -> Result<()> {
        self.to_year_calendar().map(|_| ())
    }
}

/// The importable calendar file (`*.json`): a format tag, its version, and years.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    pub format: String,
    pub version: u32,
    pub years: Vec<CalendarYear>,
}

pub const CALENDAR_FORMAT: &str = "fashen-calendar";
pub const CALENDAR_FORMAT_VERSION: u32 = 1;

/// The calendars shipped with the app: 2017–2026, from the State Council notices.
pub const BUILTIN_CALENDAR: &str = include_str!("../../../assets/calendar/cn-2017-2026.json");

impl CalendarFile {
    /// Reads and checks a calendar file; nothing is partly accepted.
    pub fn parse(text: &str) -> Result<CalendarFile> {
        let file: CalendarFile = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| {
                let text = e.to_string();
                // serde_json appends " at line L column C"; the message says where in Chinese instead.
                let reason = text.split(" at line ").next().unwrap_or(&text);
                Error::invalid(
                    "日历文件",
                    format!(
                        "无法读取（第 {} 行第 {} 列：{reason}）。格式见 assets/calendar/README.md",
                        e.line(),
                        e.column(),
                    ),
                )
            })?;
        if file.format != CALENDAR_FORMAT {
            return Err(Error::invalid(
                "日历文件",
                format!("不是法审台日历文件（format 应为 {CALENDAR_FORMAT}）"),
            ));
        }
        if file.version != CALENDAR_FORMAT_VERSION {
            return Err(Error::invalid(
                "日历文件",
                format!(
                    "文件版本 {} 不受支持（本程序读取版本 {CALENDAR_FORMAT_VERSION}），请升级法审台",
                    file.version
                ),
            ));
        }
        if file.years.is_empty() {
            return Err(Error::invalid("日历文件", "文件中没有任何年份"));
        }
        let mut seen = BTreeSet::new();
        for y in &file.years {
            if !seen.insert(y.year) {
                return Err(Error::invalid(
                    "日历文件",
                    format!("{}年出现了两次", y.year),
                ));
            }
            y.validate()?;
        }
        Ok(file)
    }

    pub fn builtin() -> Result<CalendarFile> {
        CalendarFile::parse(BUILTIN_CALENDAR)
    }

    /// The file's years as one calendar for the date arithmetic.
    pub fn working_day_calendar(&self) -> Result<WorkingDayCalendar> {
        let years = self
            .years
            .iter()
            .map(CalendarYear::to_year_calendar)
            .collect::<Result<Vec<_>>>()?;
        WorkingDayCalendar::new(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_calendar_reads_and_covers_2017_to_2026_each_with_its_notice() {
        let f = CalendarFile::builtin().unwrap();
        let years: Vec<i32> = f.years.iter().map(|y| y.year).collect();
        assert_eq!(years, (2017..=2026).collect::<Vec<_>>());
        for y in &f.years {
            assert!(
                y.source.contains("国办发明电〔"),
                "{} has no notice number: {}",
                y.year,
                y.source
            );
        }
    }

    #[test]
    fn a_span_reads_back_in_the_file_shape() {
        let s = DaySpan::parse("春节", "2026-02-15/2026-02-23").unwrap();
        assert_eq!(s.days().count(), 9);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"name":"春节","days":"2026-02-15/2026-02-23"}"#);
        assert_eq!(serde_json::from_str::<DaySpan>(&json).unwrap(), s);
    }

    #[test]
    fn bad_calendar_files_are_refused_with_a_reason() {
        for (text, needle) in [
            ("not json", "无法读取"),
            (
                r#"{"format":"x","version":1,"years":[]}"#,
                "不是法审台日历文件",
            ),
            (
                r#"{"format":"fashen-calendar","version":9,"years":[]}"#,
                "版本 9 不受支持",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[]}"#,
                "没有任何年份",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"x","holidays":[{"name":"春节","days":"2027-02-30"}],"make_up_workdays":[]}]}"#,
                "2月没有30日",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"x","holidays":[{"name":"春节","days":"2027-02-10/2027-02-01"}],"make_up_workdays":[]}]}"#,
                "早于开始日",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"x","holidays":[],"make_up_workdays":[{"name":"春节","days":"2027-02-10"}]}]}"#,
                "不是周末",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":"x","holidays":[{"name":"元旦","days":"2026-12-31"}],"make_up_workdays":[]}]}"#,
                "跨年",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":2027,"source":" ","holidays":[],"make_up_workdays":[]}]}"#,
                "依据文件",
            ),
            (
                r#"{"format":"fashen-calendar","version":1,"years":[{"year":1900,"source":"x","holidays":[],"make_up_workdays":[]}]}"#,
                "1900",
            ),
        ] {
            let err = CalendarFile::parse(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }
}
