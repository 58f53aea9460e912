//! Time is injected: business logic asks a [`Clock`]; only [`SystemClock`] reads the machine's time.
//!
//! "Today" is the calendar date in China Standard Time (UTC+8), the office's legal time zone, whatever the
//! laptop's own zone is set to.

use std::sync::Mutex;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    fn today(&self) -> NaiveDate {
        china_date(self.now())
    }
}

/// The calendar date of an instant in China Standard Time.
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    china_time(t).date_naive()
}

/// An instant as the office's clocks show it: China Standard Time (UTC+8, no daylight saving), whatever
/// zone the laptop is set to. Every time shown to a person goes through here.
pub fn china_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    let cst =
        FixedOffset::east_opt(8 * 3600).expect("UTC+8 is within the ±24 h range east_opt accepts");
    t.with_timezone(&cst)
}

/// A stored RFC 3339 timestamp (written in UTC) as China time, for showing; unchanged if it does not parse.
pub fn china_stamp(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| china_time(t.to_utc()).to_rfc3339())
        .unwrap_or_else(|_| stamp.to_string())
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place the system clock is read
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved: for tests and for laying down demo data on chosen dates.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    /// Noon China time on `date`.
    pub fn at_date(date: NaiveDate) -> Self {
        let noon = date
            .and_hms_opt(4, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_default();
        Self::new(noon)
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn set_date(&self, date: NaiveDate) {
        if let Some(t) = date.and_hms_opt(4, 0, 0) {
            self.set(t.and_utc());
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
