//! How each figure of the annual report is counted (`model::stats` names and defines them): for every count
//! figure, one SQL query giving the case of each record it counts. The count is that query's rows; the register
//! filtered to the figure lists those cases — so a figure and the list behind it can never disagree.
//!
//! The period's days, the unit and the advisor are typed values (`NaiveDate`, `Uuid`) written into the SQL as
//! literals: dates and UUIDs carry no quote, so no text from a person ever reaches the SQL. Every query reads
//! its rows through an index on the day it counts by (the kind's received or opinion day, a deadline's rule, a
//! letter's issue day), or, for a day only in the body, the kind's cases received by the period's end.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::model::stats::{figure, Measure};

/// What the figures are counted over: a period (both days included), and optionally one unit (送审单位,
/// 主办单位, a task's 牵头部门) or one advisor (a case the advisor took part in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsScope {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub unit: Option<Uuid>,
    #[serde(default)]
    pub advisor: Option<Uuid>,
}

/// The review kinds whose timeliness is counted, with the rule of each one's review period.
const REVIEW_KINDS: &str = "'normative_doc', 'major_decision', 'contract', 'enforcement'";
const REVIEW_RULES: &str = "'normative_review', 'contract_review', 'enforcement_review', 'manual'";
const PROPOSAL_REPLY_RULES: &str =
    "'proposal_reply', 'proposal_reply_cppcc', 'proposal_reply_difficult'";

/// A review case `c` closed on time: no review period of it (with its extensions and pauses) ended before its
/// opinion; one with none is on time. The figure `review_on_time` and the timeliness per kind both read it.
fn on_time() -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id
                     AND d.rule IN ({REVIEW_RULES}) AND d.due < c.opinion_on)"
    )
}

impl StatsScope {
    fn lit(d: NaiveDate) -> String {
        format!("'{d}'")
    }

    fn between(&self, expr: &str) -> String {
        format!(
            "{expr} BETWEEN {} AND {}",
            Self::lit(self.from),
            Self::lit(self.to)
        )
    }

    /// The unit and advisor conditions on the case `c`.
    fn on_case(&self) -> String {
        let mut out = String::new();
        if let Some(u) = self.unit {
            out.push_str(&format!(" AND c.unit_id = '{u}'"));
        }
        out.push_str(&self.with_advisor());
        out
    }

    /// The advisor condition on the case `c`: the advisor took part in it.
    fn with_advisor(&self) -> String {
        self.advisor.map_or_else(String::new, |a| {
            format!(
                " AND EXISTS (SELECT 1 FROM json_each(c.body, '$.advisor_ids') a WHERE a.value = '{a}')"
            )
        })
    }

    /// Cases of `kinds` received in the period.
    fn received(&self, kinds: &str) -> String {
        self.received_as(kinds, "c.id", "cases c")
    }

    /// [`Self::received`] selecting `what` from `from` (the cases as `c`, with an index named where the planner
    /// would pick a worse one).
    fn received_as(&self, kinds: &str, what: &str, from: &str) -> String {
        format!(
            "SELECT {what} FROM {from} WHERE c.kind IN ({kinds}) AND {}{}",
            self.between("c.received"),
            self.on_case()
        )
    }

    /// Cases of `kinds` whose opinion was issued in the period, with `extra` conditions.
    fn opinion(&self, kinds: &str, extra: &str) -> String {
        self.opinion_as(kinds, extra, "c.id", "cases c")
    }

    /// [`Self::opinion`] selecting `what` from `from`, as [`Self::received_as`].
    fn opinion_as(&self, kinds: &str, extra: &str, what: &str, from: &str) -> String {
        format!(
            "SELECT {what} FROM {from} WHERE c.kind IN ({kinds}) AND {}{extra}{}",
            self.between("c.opinion_on"),
            self.on_case()
        )
    }

    /// Cases of `kind` whose day at `path` in the body falls in the period (read through the expression index
    /// of that path, migration 12).
    fn dated(&self, kind: &str, path: &str, extra: &str) -> String {
        format!(
            "SELECT c.id FROM cases c WHERE c.kind = '{kind}' AND {}{extra}{}",
            self.between(&format!("json_extract(c.body, '{path}')")),
            self.on_case()
        )
    }

    fn years(&self) -> (i32, i32) {
        (self.from.year(), self.to.year())
    }

    /// Key tasks of the plans of the period's years; the unit is the task's 牵头部门.
    fn tasks(&self, extra: &str) -> String {
        let (y0, y1) = self.years();
        let mut scope = String::new();
        if let Some(u) = self.unit {
            scope.push_str(&format!(" AND t.lead_unit_id = '{u}'"));
        }
        scope.push_str(&self.with_advisor());
        format!(
            "SELECT t.case_id FROM key_tasks t JOIN cases c ON c.id = t.case_id
             WHERE c.kind = 'task_plan'
               AND coalesce(json_extract(c.body, '$.details.plan_year'), c.reg_year) BETWEEN {y0} AND {y1}{extra}{scope}"
        )
    }

    /// Review cases (of `kind`, or of every review kind) past a review period today and still without their
    /// opinion, each once. A kind's own rule implies the kind, so those rows are counted from the deadline
    /// index alone (a case has one row per rule); a period typed by hand (`manual`) is looked up on its case,
    /// and counted only when no rule's period of the case is overdue too.
    fn overdue(&self, kind: Option<crate::model::CaseKind>, today: &str) -> String {
        use crate::model::CaseKind as K;
        let rules = match kind {
            None => "'normative_review', 'contract_review', 'enforcement_review'",
            Some(K::NormativeDoc) => "'normative_review'",
            Some(K::Contract) => "'contract_review'",
            Some(K::Enforcement) => "'enforcement_review'",
            Some(_) => "",
        };
        let kinds = kind.map_or(REVIEW_KINDS.to_string(), |k| format!("'{}'", k.code()));
        let scoped = self.unit.is_some() || self.advisor.is_some();
        let open = |d: &str| format!("{d}.state = 'open' AND {d}.due < {today}");
        let mut parts = Vec::new();
        if !rules.is_empty() {
            parts.push(if scoped {
                format!(
                    "SELECT d.case_id AS id FROM deadlines d JOIN cases c ON c.id = d.case_id
                     WHERE d.rule IN ({rules}) AND {}{}",
                    open("d"),
                    self.on_case()
                )
            } else {
                format!(
                    "SELECT d.case_id AS id FROM deadlines d WHERE d.rule IN ({rules}) AND {}",
                    open("d")
                )
            });
        }
        parts.push(format!(
            "SELECT d.case_id AS id FROM deadlines d JOIN cases c ON c.id = d.case_id
             WHERE d.rule = 'manual' AND {} AND c.kind IN ({kinds}){}
               AND NOT EXISTS (SELECT 1 FROM deadlines e WHERE e.case_id = d.case_id
                               AND e.rule IN ('normative_review', 'contract_review', 'enforcement_review')
                               AND {})",
            open("d"),
            self.on_case(),
            open("e")
        ));
        parts.join(" UNION ALL ")
    }

    /// The SQL of a count figure: one row, the case id, per record counted.
    pub(crate) fn figure_sql(&self, code: &str, today: NaiveDate) -> Option<String> {
        let today = Self::lit(today);
        let normative = "'normative_doc'";
        let outcome = |o: &str| format!(" AND c.outcome = '{o}'");
        let sql = match code {
            "normative_received" => self.received(normative),
            "normative_reviewed" => self.opinion(normative, ""),
            "normative_lawful" => self.opinion(normative, &outcome("lawful")),
            "normative_lawful_after_revision" => {
                self.opinion(normative, &outcome("lawful_after_revision"))
            }
            "normative_unlawful" => self.opinion(normative, &outcome("unlawful")),
            "normative_returned" => self.opinion(normative, &outcome("return_for_correction")),
            "normative_published" => self.dated("normative_doc", "$.details.published_on", ""),
            "filing_due" | "filing_done" | "filing_on_time" => {
                let extra = match code {
                    "filing_done" => " AND d.state = 'met'",
                    "filing_on_time" => {
                        " AND d.state = 'met' AND json_extract(d.body, '$.met_on') <= d.due"
                    }
                    _ => "",
                };
                format!(
                    "SELECT c.id FROM deadlines d JOIN cases c ON c.id = d.case_id
                     WHERE d.rule IN ('filing_npc', 'filing_upper') AND d.state <> 'stopped' AND {}{extra}{}",
                    self.between("d.due"),
                    self.on_case()
                )
            }
            "normative_expiring" => format!(
                "SELECT c.id FROM deadlines d JOIN cases c ON c.id = d.case_id
                 WHERE d.rule IN ('validity', 'validity_provisional') AND d.state <> 'stopped' AND {}{}",
                self.between("d.due"),
                self.on_case()
            ),
            "major_decisions_catalogue" => {
                let (y0, y1) = self.years();
                format!(
                    "SELECT c.id FROM cases c WHERE c.kind = 'major_decision'
                     AND json_extract(c.body, '$.details.catalogue_year') BETWEEN {y0} AND {y1}{}",
                    self.on_case()
                )
            }
            "major_decisions_reviewed" => self.opinion("'major_decision'", ""),
            "major_decisions_post_evaluated" => {
                self.dated("major_decision", "$.details.post_evaluated_on", "")
            }
            "normative_cleaned_up" => self.dated("normative_doc", "$.details.cleaned_up_on", ""),
            "normative_cleanup_continued"
            | "normative_cleanup_amended"
            | "normative_cleanup_repealed"
            | "normative_cleanup_expired" => {
                let result = code.trim_start_matches("normative_cleanup_");
                self.dated(
                    "normative_doc",
                    "$.details.cleaned_up_on",
                    &format!(" AND json_extract(c.body, '$.details.cleanup') = '{result}'"),
                )
            }
            "major_decisions_published" => {
                self.dated("major_decision", "$.details.published_on", "")
            }
            "contracts_reviewed" => self.opinion("'contract'", ""),
            "contracts_approved" => self.opinion("'contract'", &outcome("approve_signing")),
            "contracts_revised" => self.opinion("'contract'", &outcome("sign_after_revision")),
            "contracts_refused" => self.opinion("'contract'", &outcome("refuse_signing")),
            "enforcement_reviewed" => self.opinion("'enforcement'", ""),
            "enforcement_approved" => self.opinion("'enforcement'", &outcome("approve")),
            "enforcement_corrected" => self.opinion("'enforcement'", &outcome("correct")),
            "penalty_filings" => self.received("'penalty_filing'"),
            "penalty_filings_registered" | "penalty_filings_explained" | "penalty_filings_corrected" => {
                let o = match code {
                    "penalty_filings_registered" => "filing_registered",
                    "penalty_filings_explained" => "explanation_required",
                    _ => "correction_advised",
                };
                format!("{}{}", self.received("'penalty_filing'"), outcome(o))
            }
            "advisor_documents" => self.opinion(
                "'normative_doc', 'major_decision'",
                " AND json_array_length(c.body, '$.advisor_ids') > 0",
            ),
            "advisor_agreements" => self.opinion(
                "'contract'",
                " AND json_array_length(c.body, '$.advisor_ids') > 0",
            ),
            "advisor_letters" => {
                // The advisor scope is the letter's author here, not the case's advisors.
                let author = match self.advisor {
                    Some(a) => format!(" AND p.id = '{a}'"),
                    None => String::new(),
                };
                let unit = match self.unit {
                    Some(u) => format!(" AND c.unit_id = '{u}'"),
                    None => String::new(),
                };
                format!(
                    "SELECT l.case_id FROM letters l
                     JOIN people p ON p.id = json_extract(l.body, '$.author_id') AND p.role = 'advisor'
                     JOIN cases c ON c.id = l.case_id
                     WHERE {}{author}{unit}",
                    self.between("l.issued_on")
                )
            }
            "review_closed" => self.opinion(REVIEW_KINDS, ""),
            "review_on_time" => self.opinion(REVIEW_KINDS, &format!(" AND {}", on_time())),
            "review_overdue_now" => self.overdue(None, &today),
            "litigation_cases" => self.received("'litigation'"),
            "litigation_heard" => format!(
                "{} AND EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = c.id AND h.appeared <> 'pending')",
                self.received("'litigation'")
            ),
            "litigation_head_appeared" => format!(
                "{} AND EXISTS (SELECT 1 FROM hearings h WHERE h.case_id = c.id
                                AND h.appeared IN ('head', 'deputy_head'))",
                self.received("'litigation'")
            ),
            "litigation_concluded" => self.dated("litigation", "$.details.judgment_on", ""),
            "litigation_lost" => self.dated(
                "litigation",
                "$.details.judgment_on",
                " AND json_extract(c.body, '$.details.lost') = 1",
            ),
            "reconsiderations_received" => self.received("'reconsideration'"),
            "reconsiderations_replied" => {
                self.dated("reconsideration", "$.details.replied_on", "")
            }
            "reconsiderations_replied_on_time" => self.dated(
                "reconsideration",
                "$.details.replied_on",
                " AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id
                    AND d.rule = 'reconsideration_reply'
                    AND d.due < json_extract(c.body, '$.details.replied_on'))",
            ),
            "transfers_entered" => self.received("'crime_transfer'"),
            "transfers_made" => self.dated("crime_transfer", "$.details.transferred_on", ""),
            "proposals_received" => self.received("'proposal'"),
            "proposals_owed" | "proposals_on_time" => {
                let extra = if code == "proposals_owed" {
                    format!(" AND (d.state = 'met' OR d.due < {today})")
                } else {
                    " AND d.state = 'met' AND json_extract(d.body, '$.met_on') <= d.due".into()
                };
                format!(
                    "{} AND EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id
                                    AND d.rule IN ({PROPOSAL_REPLY_RULES}){extra})",
                    self.received("'proposal'")
                )
            }
            "proposals_views" | "proposals_satisfied" => {
                let view = "coalesce(json_extract(c.body, '$.details.refeedback'),
                                     json_extract(c.body, '$.details.feedback'))";
                let extra = if code == "proposals_views" {
                    format!(" AND {view} IS NOT NULL")
                } else {
                    format!(" AND {view} IN ('satisfied', 'fairly_satisfied')")
                };
                format!("{}{extra}", self.received("'proposal'"))
            }
            "tasks_total" => self.tasks(""),
            "tasks_done" => self.tasks(" AND t.status = 'done'"),
            "tasks_done_on_time" => self.tasks(
                " AND t.status = 'done'
                  AND (t.due_on IS NULL OR json_extract(t.body, '$.done_on') <= t.due_on)",
            ),
            "tasks_overdue" => self.tasks(&format!(
                " AND t.status <> 'done' AND t.due_on < {today}"
            )),
            _ => return None,
        };
        Some(sql)
    }
}

/// How many records a month of the period has, of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct MonthCount {
    /// `2017-03`.
    pub month: String,
    pub kind: crate::model::CaseKind,
    pub count: u64,
}

/// A unit's or an advisor's counts.
#[derive(Debug, Clone, Serialize)]
pub struct NamedCounts {
    pub id: String,
    pub name: String,
    pub counts: Vec<u64>,
}

/// A review case closed in the period, for its working days to the opinion.
pub struct ClosedReview {
    pub kind: crate::model::CaseKind,
    /// The day its clock started from: materials complete, or received.
    pub start: NaiveDate,
    pub opinion_on: NaiveDate,
    /// No review deadline of it fell before the opinion (the figure `review_on_time`).
    pub on_time: bool,
}

impl Store {
    /// How many records figure `code` counts in `scope`.
    pub fn figure_count(&self, code: &str, scope: &StatsScope) -> Result<u64> {
        let sql = scope
            .figure_sql(code, self.clock().today())
            .ok_or_else(|| Error::not_found("统计指标", code))?;
        let n: i64 = self
            .conn()
            .query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// How many review cases of `kind` are past a review period today without their opinion (the figure
    /// `review_overdue_now`, for one kind).
    pub fn overdue_reviews(&self, kind: crate::model::CaseKind, scope: &StatsScope) -> Result<u64> {
        let sql = scope.overdue(Some(kind), &StatsScope::lit(self.clock().today()));
        let n: i64 = self
            .conn()
            .query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The sum of amounts (分) over figure `of`'s cases.
    pub fn figure_amount_fen(&self, of: &str, scope: &StatsScope) -> Result<i64> {
        let sql = scope
            .figure_sql(of, self.clock().today())
            .ok_or_else(|| Error::not_found("统计指标", of))?;
        let n: Option<i64> = self.conn().query_row(
            &format!(
                "SELECT sum(json_extract(c.body, '$.details.amount_fen'))
                 FROM ({sql}) x JOIN cases c ON c.id = x.id"
            ),
            [],
            |r| r.get(0),
        )?;
        Ok(n.unwrap_or(0))
    }

    /// The condition "the case is one figure `code` counts", for the register's filter.
    pub(super) fn figure_condition(&self, code: &str, scope: &StatsScope) -> Result<String> {
        let def = figure(code).ok_or_else(|| Error::not_found("统计指标", code))?;
        let set = match def.measure {
            Measure::Count => code,
            Measure::Rate { den, .. } => den,
            Measure::Amount { of } => of,
        };
        let sql = scope
            .figure_sql(set, self.clock().today())
            .ok_or_else(|| Error::not_found("统计指标", code))?;
        Ok(format!("c.id IN ({sql})"))
    }

    /// The period's cases by month of receipt and kind.
    pub fn cases_by_month(&self, scope: &StatsScope) -> Result<Vec<MonthCount>> {
        // Every kind named, so each is read from the (kind, received) index alone.
        let kinds: Vec<String> = crate::model::CaseKind::ALL
            .iter()
            .map(|k| format!("'{}'", k.code()))
            .collect();
        let sql = format!(
            "SELECT substr(received, 1, 7), kind, count(*) FROM ({}) GROUP BY 1, 2 ORDER BY 1, 2",
            scope.received_as(&kinds.join(", "), "c.received, c.kind", "cases c")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (month, kind, count) = row?;
            if let Ok(kind) = crate::model::CaseKind::parse(&kind) {
                out.push(MonthCount {
                    month,
                    kind,
                    count: count as u64,
                });
            }
        }
        Ok(out)
    }

    /// Each submitting unit's review cases received in the period and closed in it, by name.
    pub fn reviews_by_unit(&self, scope: &StatsScope) -> Result<Vec<NamedCounts>> {
        let mut units: std::collections::BTreeMap<(String, String), Vec<u64>> = Default::default();
        // Read from the (kind, day, unit) indexes alone: named, lest the planner walk the unit index to group
        // and read every row (150 ms instead of a few at 100 000 cases in one year).
        for (i, set) in [
            scope.received_as(
                REVIEW_KINDS,
                "c.unit_id",
                "cases c INDEXED BY cases_by_received",
            ),
            scope.opinion_as(
                REVIEW_KINDS,
                "",
                "c.unit_id",
                "cases c INDEXED BY cases_by_opinion",
            ),
        ]
        .iter()
        .enumerate()
        {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT u.name, u.id, x.n FROM (SELECT unit_id, count(*) AS n FROM ({set}) GROUP BY unit_id) x
                 JOIN units u ON u.id = x.unit_id"
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (name, id, n) = row?;
                units.entry((name, id)).or_insert_with(|| vec![0, 0])[i] = n as u64;
            }
        }
        Ok(units
            .into_iter()
            .map(|((name, id), counts)| NamedCounts { id, name, counts })
            .collect())
    }

    /// Each advisor's documents and agreements reviewed and letters issued in the period (advisors with none
    /// left out).
    pub fn advisor_counts(&self, scope: &StatsScope) -> Result<Vec<NamedCounts>> {
        let per = |code: &str| -> Result<String> {
            let s = StatsScope {
                advisor: None,
                ..*scope
            };
            s.figure_sql(code, self.clock().today())
                .ok_or_else(|| Error::not_found("统计指标", code))
        };
        let (docs, deals) = (per("advisor_documents")?, per("advisor_agreements")?);
        let unit = match scope.unit {
            Some(u) => format!(" AND c.unit_id = '{u}'"),
            None => String::new(),
        };
        let only = match scope.advisor {
            Some(a) => format!(" AND p.id = '{a}'"),
            None => String::new(),
        };
        let sql = format!(
            "SELECT p.id, p.name,
                (SELECT count(*) FROM cases c, json_each(c.body, '$.advisor_ids') a
                  WHERE a.value = p.id AND c.id IN ({docs})),
                (SELECT count(*) FROM cases c, json_each(c.body, '$.advisor_ids') a
                  WHERE a.value = p.id AND c.id IN ({deals})),
                (SELECT count(*) FROM letters l JOIN cases c ON c.id = l.case_id
                  WHERE json_extract(l.body, '$.author_id') = p.id AND {}{unit})
             FROM people p WHERE p.role = 'advisor'{only} ORDER BY p.name",
            scope.between("l.issued_on")
        );
        let all = self.named_counts(&sql, 3)?;
        Ok(all
            .into_iter()
            .filter(|a| a.counts.iter().any(|n| *n > 0))
            .collect())
    }

    fn named_counts(&self, sql: &str, n: usize) -> Result<Vec<NamedCounts>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let mut counts = Vec::with_capacity(n);
            for i in 0..n {
                counts.push(r.get::<_, i64>(2 + i)? as u64);
            }
            Ok(NamedCounts {
                id: r.get(0)?,
                name: r.get(1)?,
                counts,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The review cases closed in the period, each with the day its clock started.
    pub fn closed_reviews(&self, scope: &StatsScope) -> Result<Vec<ClosedReview>> {
        let sql = format!(
            "SELECT c.kind, coalesce(json_extract(c.body, '$.materials_complete'), c.received), c.opinion_on,
                    {}
             FROM cases c WHERE c.kind IN ({REVIEW_KINDS}) AND {}{}",
            on_time(),
            scope.between("c.opinion_on"),
            scope.on_case()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, start, opinion, on_time) = row?;
            if let (Ok(kind), Ok(start), Ok(opinion_on)) = (
                crate::model::CaseKind::parse(&kind),
                start.parse(),
                opinion.parse(),
            ) {
                out.push(ClosedReview {
                    kind,
                    start,
                    opinion_on,
                    on_time,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stats::FIGURES;

    #[test]
    fn every_count_figure_has_its_sql_and_no_other_code_has_one() {
        let scope = StatsScope {
            from: NaiveDate::from_ymd_opt(2017, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2017, 12, 31).unwrap(),
            unit: Some(Uuid::nil()),
            advisor: Some(Uuid::nil()),
        };
        let today = scope.to;
        for f in FIGURES {
            let has = scope.figure_sql(f.code, today).is_some();
            assert_eq!(has, f.measure == Measure::Count, "{}", f.code);
        }
        assert!(scope.figure_sql("no_such_figure", today).is_none());
    }
}
