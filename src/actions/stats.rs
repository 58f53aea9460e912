//! The statistics of a period (统计, issue 22): every figure of the annual report (`model::stats` defines them,
//! `store::stats` counts them), the advisors' counts, timeliness per kind with the working days to an opinion,
//! and the series the charts draw. The CLI, the desktop's 统计 screen and every export read [`statistics`], so a
//! number is the same wherever it is shown, and each one opens the register filtered to the records behind it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
pub use crate::model::stats::percent;
use crate::model::stats::{describe_period, FigureDef, Group, Measure, FIGURES};
use crate::model::validate;
use crate::model::CaseKind;
use crate::store::{FigureFilter, MonthCount, StatsScope, Store};

/// What a person asks for: a period and, optionally, a unit or an advisor as typed (name or id).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsRequest {
    /// The first and last day counted; both empty: the year (this year unless `year` says), a quarter or a
    /// month of it.
    pub from: String,
    pub to: String,
    pub year: Option<i32>,
    pub quarter: Option<u32>,
    pub month: Option<u32>,
    pub unit: Option<String>,
    pub advisor: Option<String>,
}

/// One figure with its value.
#[derive(Debug, Clone, Serialize)]
pub struct FigureValue {
    #[serde(flatten)]
    pub def: FigureDef,
    /// A count, an amount in 元, or a rate between 0 and 1; `None` for a rate with nothing to divide by.
    pub value: Option<f64>,
    /// The value alone as shown everywhere (12, 1,268,800,000.00, 99.9%, —): the screen shows this text, not
    /// a number of its own rounding.
    pub text: String,
    /// A rate's numerator and denominator.
    pub parts: Option<(u64, u64)>,
}

impl FigureValue {
    /// The value as a person reads it: 12, 1,234.56, 100.0%（12/12）, or — for a rate of nothing.
    pub fn shown(&self) -> String {
        match (self.def.measure, self.parts) {
            (Measure::Rate { .. }, Some((n, d))) if self.value.is_some() => {
                format!("{}（{n}/{d}）", self.text)
            }
            _ => self.text.clone(),
        }
    }

    /// The value alone as a person reads it.
    fn text_of(measure: Measure, value: Option<f64>) -> String {
        match (measure, value) {
            (_, None) => "—".into(),
            (Measure::Rate { .. }, Some(r)) => percent(r),
            (Measure::Amount { .. }, Some(v)) => validate::fmt_amount((v * 100.0).round() as i64),
            (Measure::Count, Some(v)) => format!("{v}"),
        }
    }
}

/// A group of figures, as the report has them.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub group: Group,
    pub label: &'static str,
    pub figures: Vec<FigureValue>,
}

impl GroupView {
    /// Each figure as text — its name, its value as shown, how it is counted: the rows the CLI and the 统计表
    /// print.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.figures
            .iter()
            .map(|f| {
                vec![
                    f.def.label.to_string(),
                    f.shown(),
                    f.def.definition.to_string(),
                ]
            })
            .collect()
    }
}

/// An advisor's counts: "区政府法律顾问为12件政府文件和6份政府重要协议进行合法性审查并出具意见书".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvisorCounts {
    pub id: String,
    pub name: String,
    pub documents: u64,
    pub agreements: u64,
    pub letters: u64,
}

/// How quickly one kind's reviews were closed in the period.
#[derive(Debug, Clone, Serialize)]
pub struct KindTimeliness {
    pub kind: CaseKind,
    pub label: &'static str,
    pub closed: u64,
    pub on_time: u64,
    pub on_time_rate: Option<f64>,
    /// Working days from the start of the clock (materials complete, else received) to the opinion.
    pub median_days: Option<f64>,
    pub p90_days: Option<i64>,
    pub overdue_now: u64,
}

/// A unit's review cases received and closed in the period.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCounts {
    pub id: String,
    pub name: String,
    pub received: u64,
    pub closed: u64,
}

/// The statistics of a period.
#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    pub scope: StatsScope,
    /// Today, by the core's clock: figures "overdue now" count from it, and the screen offers years up to it.
    pub today: NaiveDate,
    /// 「2017年」 or 「2017年1月1日至2017年6月30日」.
    pub period: String,
    pub unit_name: Option<String>,
    pub advisor_name: Option<String>,
    pub groups: Vec<GroupView>,
    pub advisors: Vec<AdvisorCounts>,
    pub timeliness: Vec<KindTimeliness>,
    pub by_month: Vec<MonthCount>,
    /// Every month of the period (`2017-03`), those with no case too: what a chart by month runs over.
    pub months: Vec<String>,
    pub by_unit: Vec<UnitCounts>,
}

impl Statistics {
    /// The figure of `code`.
    pub fn figure(&self, code: &str) -> Option<&FigureValue> {
        self.groups
            .iter()
            .flat_map(|g| &g.figures)
            .find(|f| f.def.code == code)
    }

    /// The figures as the CLI's `--json` gives them: an object whose keys are the stable codes, with the
    /// period, the scope, the advisors and each figure's definition.
    pub fn to_json(&self) -> Result<serde_json::Value> {
        fn value<T: Serialize>(v: &T) -> Result<serde_json::Value> {
            serde_json::to_value(v).map_err(|e| Error::Refused(format!("无法输出统计结果：{e}")))
        }
        let mut out = serde_json::Map::new();
        out.insert("from".into(), self.scope.from.to_string().into());
        out.insert("to".into(), self.scope.to.to_string().into());
        out.insert("period".into(), self.period.clone().into());
        out.insert("unit_name".into(), self.unit_name.clone().into());
        out.insert("advisor_name".into(), self.advisor_name.clone().into());
        let mut definitions = serde_json::Map::new();
        for f in self.groups.iter().flat_map(|g| &g.figures) {
            let value = match (f.def.measure, f.value) {
                (_, None) => serde_json::Value::Null,
                (Measure::Count, Some(v)) => (v as u64).into(),
                (_, Some(v)) => v.into(),
            };
            out.insert(f.def.code.into(), value);
            definitions.insert(f.def.code.into(), f.def.definition.into());
        }
        out.insert("advisors".into(), value(&self.advisors)?);
        out.insert("timeliness".into(), value(&self.timeliness)?);
        out.insert("definitions".into(), definitions.into());
        Ok(out.into())
    }
}

/// The keys of `fashen stats --json` that are not figures' codes.
pub const META_KEYS: &[&str] = &[
    "from",
    "to",
    "period",
    "unit_name",
    "advisor_name",
    "advisors",
    "timeliness",
    "definitions",
];

/// The period and scope a request names: its days checked (from not after to), its unit and advisor found.
pub fn resolve(
    store: &Store,
    req: &StatsRequest,
) -> Result<(StatsScope, Option<String>, Option<String>)> {
    let (from, to) = if req.from.trim().is_empty() && req.to.trim().is_empty() {
        let year = req.year.unwrap_or_else(|| store.clock().today().year());
        period_of(year, req.quarter, req.month)?
    } else {
        (
            validate::date("统计起始日期", &req.from)?,
            validate::date("统计截止日期", &req.to)?,
        )
    };
    validate::in_range("统计起始日期", from)?;
    validate::in_range("统计截止日期", to)?;
    if from > to {
        return Err(Error::invalid(
            "统计期间",
            format!(
                "起始日期（{}）晚于截止日期（{}）",
                validate::fmt_date(from),
                validate::fmt_date(to)
            ),
        ));
    }
    let typed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let unit = typed(&req.unit)
        .map(|u| super::find_unit(store, &u))
        .transpose()?;
    let advisor = typed(&req.advisor)
        .map(|p| super::find_person(store, &p))
        .transpose()?;
    if let Some(p) = &advisor {
        if p.role != crate::model::Role::Advisor {
            return Err(Error::invalid(
                "法律顾问",
                format!("「{}」不是法律顾问", p.name),
            ));
        }
    }
    let scope = StatsScope {
        from,
        to,
        unit: unit.as_ref().map(|u| u.id.0),
        advisor: advisor.as_ref().map(|p| p.id.0),
    };
    Ok((scope, unit.map(|u| u.name), advisor.map(|p| p.name)))
}

/// The statistics a request asks for.
pub fn statistics(store: &Store, req: &StatsRequest) -> Result<Statistics> {
    let (scope, unit_name, advisor_name) = resolve(store, req)?;
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for f in FIGURES.iter().filter(|f| f.measure == Measure::Count) {
        counts.insert(f.code, store.figure_count(f.code, &scope)?);
    }
    let mut groups: Vec<GroupView> = Vec::new();
    for f in FIGURES {
        let (value, parts) = match f.measure {
            Measure::Count => (Some(counts[f.code] as f64), None),
            Measure::Rate { num, den } => {
                let (n, d) = (counts[num], counts[den]);
                ((d > 0).then(|| n as f64 / d as f64), Some((n, d)))
            }
            Measure::Amount { of } => (
                Some(store.figure_amount_fen(of, &scope)? as f64 / 100.0),
                None,
            ),
        };
        let v = FigureValue {
            def: *f,
            value,
            text: FigureValue::text_of(f.measure, value),
            parts,
        };
        match groups.last_mut() {
            Some(g) if g.group == f.group => g.figures.push(v),
            _ => groups.push(GroupView {
                group: f.group,
                label: f.group.label(),
                figures: vec![v],
            }),
        }
    }
    let advisors = store
        .advisor_counts(&scope)?
        .into_iter()
        .map(|a| AdvisorCounts {
            id: a.id,
            name: a.name,
            documents: a.counts[0],
            agreements: a.counts[1],
            letters: a.counts[2],
        })
        .collect();
    let by_unit = store
        .reviews_by_unit(&scope)?
        .into_iter()
        .map(|u| UnitCounts {
            id: u.id,
            name: u.name,
            received: u.counts[0],
            closed: u.counts[1],
        })
        .collect();
    Ok(Statistics {
        today: store.clock().today(),
        period: describe_period(scope.from, scope.to),
        timeliness: timeliness(store, &scope)?,
        by_month: store.cases_by_month(&scope)?,
        months: months_of(scope.from, scope.to),
        scope,
        unit_name,
        advisor_name,
        groups,
        advisors,
        by_unit,
    })
}

/// Timeliness per review kind.
fn timeliness(store: &Store, scope: &StatsScope) -> Result<Vec<KindTimeliness>> {
    let (cal, _) = store.working_day_calendar()?;
    let closed = store.closed_reviews(scope)?;
    let kinds = [
        CaseKind::NormativeDoc,
        CaseKind::MajorDecision,
        CaseKind::Contract,
        CaseKind::Enforcement,
    ];
    let mut out = Vec::new();
    for kind in kinds {
        let mine: Vec<_> = closed.iter().filter(|c| c.kind == kind).collect();
        let mut days: Vec<i64> = mine
            .iter()
            .filter_map(|c| cal.workdays_between(c.start, c.opinion_on).ok())
            .map(|d| d.max(0))
            .collect();
        days.sort_unstable();
        let on_time = mine.iter().filter(|c| c.on_time).count() as u64;
        let n = mine.len() as u64;
        out.push(KindTimeliness {
            kind,
            label: kind.short_label(),
            closed: n,
            on_time,
            on_time_rate: (n > 0).then(|| on_time as f64 / n as f64),
            median_days: median(&days),
            p90_days: percentile(&days, 90),
            overdue_now: store.overdue_reviews(kind, scope)?,
        });
    }
    Ok(out)
}

/// Every month from `from`'s to `to`'s, as `2017-03`.
fn months_of(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut m = from.with_day(1).unwrap_or(from);
    while m <= to {
        out.push(m.format("%Y-%m").to_string());
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

/// The middle of sorted `v` (the mean of the two middle ones for an even count).
fn median(v: &[i64]) -> Option<f64> {
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[n / 2] as f64),
        n => Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
    }
}

/// The nearest-rank `p`th percentile of sorted `v`: the smallest value with at least p % of them at or below.
fn percentile(v: &[i64], p: usize) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    let rank = (p * v.len()).div_ceil(100).max(1);
    Some(v[rank - 1])
}

/// The register's filter for the records behind `code` in the period of `req`.
pub fn figure_filter(store: &Store, code: &str, req: &StatsRequest) -> Result<FigureFilter> {
    if crate::model::stats::figure(code).is_none() {
        return Err(Error::not_found("统计指标", code));
    }
    let (scope, _, _) = resolve(store, req)?;
    Ok(FigureFilter {
        code: code.to_string(),
        scope,
    })
}

/// The whole year of `year`, as a request.
pub fn year_request(year: i32) -> StatsRequest {
    StatsRequest {
        from: format!("{year}-01-01"),
        to: format!("{year}-12-31"),
        ..Default::default()
    }
}

/// The period of a year, a quarter of it or a month of it, as the 统计 screen and the CLI offer them.
pub fn period_of(
    year: i32,
    quarter: Option<u32>,
    month: Option<u32>,
) -> Result<(NaiveDate, NaiveDate)> {
    let first = |m: u32| NaiveDate::from_ymd_opt(year, m, 1);
    let (start, months) = match (quarter, month) {
        (Some(q), None) if (1..=4).contains(&q) => (3 * q - 2, 3),
        (None, Some(m)) if (1..=12).contains(&m) => (m, 1),
        (None, None) => (1, 12),
        _ => {
            return Err(Error::invalid(
                "统计期间",
                "季度为1—4，月份为1—12，二者只选其一",
            ))
        }
    };
    let from =
        first(start).ok_or_else(|| Error::invalid("统计期间", format!("年份 {year} 无效")))?;
    let to = from
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .filter(|d| d.year() == year)
        .ok_or_else(|| Error::invalid("统计期间", format!("年份 {year} 无效")))?;
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_figure_code_is_a_key_of_the_json_s_own() {
        for f in FIGURES {
            assert!(!META_KEYS.contains(&f.code), "{}", f.code);
        }
    }

    #[test]
    fn a_rate_short_of_all_never_reads_100_percent() {
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.9996), "99.9%");
        assert_eq!(percent(2.0 / 3.0), "66.7%");
        assert_eq!(percent(0.0), "0.0%");
    }

    #[test]
    fn median_and_nearest_rank_percentile() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3]), Some(3.0));
        assert_eq!(median(&[1, 2, 4, 9]), Some(3.0));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[5], 90), Some(5));
        assert_eq!(percentile(&(1..=20).collect::<Vec<_>>(), 90), Some(18));
    }

    #[test]
    fn a_period_s_months_run_from_its_first_to_its_last() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            months_of(d("2017-11-15"), d("2018-02-01")),
            ["2017-11", "2017-12", "2018-01", "2018-02"]
        );
        assert_eq!(months_of(d("2017-03-01"), d("2017-03-31")), ["2017-03"]);
    }

    #[test]
    fn quarters_and_months_are_whole() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            period_of(2017, None, None).unwrap(),
            (d("2017-01-01"), d("2017-12-31"))
        );
        assert_eq!(
            period_of(2017, Some(1), None).unwrap(),
            (d("2017-01-01"), d("2017-03-31"))
        );
        assert_eq!(
            period_of(2016, None, Some(2)).unwrap(),
            (d("2016-02-01"), d("2016-02-29"))
        );
        assert_eq!(
            period_of(2017, Some(4), None).unwrap(),
            (d("2017-10-01"), d("2017-12-31"))
        );
        assert!(period_of(2017, Some(5), None).is_err());
        assert!(period_of(2017, Some(1), Some(2)).is_err());
    }
}
