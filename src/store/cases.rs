//! Review cases: the derived row, the register query (filters + paging), counts, and registration numbers.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::Serialize;
use uuid::Uuid;

use super::search::Parts;
use super::{Record, Reference, Store, Tx};
use crate::error::Result;
use crate::model::case::{FieldType, CASE_FIELDS};
use crate::model::{CaseKind, RegNo, ReviewCase, Status};
use crate::revision::EntityKind;
use crate::search::{place, Rank, Section};

/// The fields found before the others: the title and the document's numbers.
const HEADLINE_FIELDS: &[&str] = &["title", "doc_no", "normative_reg_no", "decision_no"];

impl Record for ReviewCase {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Case;
    const TABLE: &'static str = "cases";
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "reg_year",
        "reg_serial",
        "title",
        "unit_id",
        "assignee_id",
        "status",
        "received",
        "outcome",
        "opinion_on",
    ];
    const SEARCHED: Option<Section> = Some(Section::Own);
    fn search_parts(&self, out: &mut Parts) {
        out.text(
            Rank::Headline,
            place::REG_NO.into(),
            &self.reg_no.to_string(),
        );
        for spec in CASE_FIELDS.iter().filter(|s| s.applies_to(self.kind())) {
            let rank = if HEADLINE_FIELDS.contains(&spec.code) {
                Rank::Headline
            } else {
                Rank::Record
            };
            let at = place::case_field(spec.code);
            match spec.ty {
                FieldType::Text(_) | FieldType::LongText(_) => {
                    out.opt(rank, at, self.field_text(spec.code).as_deref())
                }
                FieldType::UnitRef
                | FieldType::PersonRef
                | FieldType::PersonList
                | FieldType::UnitList => {
                    let ids = self.field_text(spec.code).unwrap_or_default();
                    let ids = ids
                        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
                        .filter_map(|s| Uuid::parse_str(s).ok())
                        .collect();
                    out.names(rank, at, ids)
                }
                _ => {}
            }
        }
    }
    fn case_id(&self) -> Option<Uuid> {
        Some(self.id.0)
    }
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.kind().code().to_string()),
            Value::Integer(self.reg_no.year.into()),
            Value::Integer(self.reg_no.serial.into()),
            Value::Text(self.title.clone()),
            Value::Text(self.unit_id.to_string()),
            self.assignee_id
                .map_or(Value::Null, |p| Value::Text(p.to_string())),
            Value::Text(self.status.code().to_string()),
            Value::Text(self.received.to_string()),
            self.outcome
                .map_or(Value::Null, |o| Value::Text(o.code().to_string())),
            self.opinion_on
                .map_or(Value::Null, |d| Value::Text(d.to_string())),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![Reference::to(EntityKind::Unit, self.unit_id.0, "送审单位")];
        refs.extend(
            self.assignee_id
                .map(|p| Reference::to(EntityKind::Person, p.0, "承办人")),
        );
        refs.extend(
            self.advisor_ids
                .iter()
                .map(|p| Reference::to(EntityKind::Person, p.0, "法律顾问")),
        );
        if let crate::model::CaseDetails::Proposal(p) = &self.details {
            refs.extend(
                p.co_unit_ids
                    .iter()
                    .map(|u| Reference::to(EntityKind::Unit, u.0, "会办单位")),
            );
            refs.extend(super::choices::listed(
                crate::model::choice::ChoiceList::HandlingClass,
                p.handling_class.as_deref(),
            ));
        }
        refs
    }
}

/// Filters of the case register. Every field narrows; `None` means any. The desktop sends it as JSON.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub status: Option<Status>,
    pub unit_id: Option<Uuid>,
    pub year: Option<i32>,
    pub assignee_id: Option<Uuid>,
    /// Words the title contains, as search reads them (each word anywhere in the title, `"…"` a phrase, `-词`
    /// excluded; full-width and upper-case forms match their plain forms), found through the search index.
    pub title_contains: Option<String>,
    /// Only cases someone still works on ([`Status::is_active`]).
    pub active_only: bool,
    /// Only the cases a figure of the statistics counts (统计数字的明细).
    pub figure: Option<FigureFilter>,
    /// Page size; `None` returns every match.
    pub limit: Option<u32>,
    pub offset: u32,
    pub sort: CaseSort,
}

/// The cases behind one figure of the statistics: its code and what it was counted over.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFilter {
    pub code: String,
    pub scope: super::stats::StatsScope,
}

/// The register's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    /// Newest registration first.
    #[default]
    Reg,
    /// Soonest open deadline first; cases with none last.
    Due,
    /// Latest open deadline first; cases with none last.
    DueDesc,
}

impl CaseFilter {
    /// The title words to look for, if any were given (blank means none).
    fn title_words(&self) -> Option<&str> {
        self.title_contains
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

/// One line of the register.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: String,
    pub reg_no: String,
    pub kind: CaseKind,
    pub title: String,
    pub unit_name: String,
    pub status: Status,
    pub received: String,
    pub assignee_name: Option<String>,
    pub outcome: Option<String>,
    /// The soonest open deadline, with today's traffic light.
    pub next_due: Option<chrono::NaiveDate>,
    pub next_due_urgency: Option<crate::deadlines::Urgency>,
    /// The case, or a record of it, has a sync conflict a person has not resolved (冲突待处理).
    pub conflict: bool,
}

/// One page of the register and the number of matches in all.
#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    pub total: u64,
    pub rows: Vec<CaseRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: u64,
}

/// How the cases with a filter's title words are picked.
enum Titled {
    /// By id (a JSON array), found through the search index.
    Ids(String),
    /// By reading each title (the words, as typed): when the index finds too many candidates for a list.
    Scan(String),
}

/// The SQL condition of `f`, with its title words picked as `titled` says.
fn where_clause(
    f: &CaseFilter,
    titled: Option<Titled>,
    figure: Option<String>,
) -> (String, Vec<Value>) {
    let mut terms = Vec::new();
    let mut values = Vec::new();
    let mut add = |term: &str, v: Value| {
        values.push(v);
        terms.push(format!("{term} ?{}", values.len()));
    };
    if let Some(k) = f.kind {
        add("c.kind =", Value::Text(k.code().into()));
    }
    if let Some(s) = f.status {
        add("c.status =", Value::Text(s.code().into()));
    }
    if let Some(u) = f.unit_id {
        add("c.unit_id =", Value::Text(u.to_string()));
    }
    if let Some(y) = f.year {
        add("c.reg_year =", Value::Integer(y.into()));
    }
    if let Some(a) = f.assignee_id {
        add("c.assignee_id =", Value::Text(a.to_string()));
    }
    match titled {
        Some(Titled::Ids(ids)) => {
            add("c.id IN (SELECT value FROM json_each(", Value::Text(ids));
            let last = terms.len() - 1;
            terms[last].push_str("))");
        }
        Some(Titled::Scan(words)) => {
            add("fashen_words_in(c.title,", Value::Text(words));
            let last = terms.len() - 1;
            terms[last].push(')');
        }
        None => {}
    }
    terms.extend(figure);
    if f.active_only {
        let finals: Vec<String> = Status::ALL
            .iter()
            .filter(|s| !s.is_active())
            .map(|s| format!("'{}'", s.code()))
            .collect();
        // Codes are fixed snake_case identifiers from the enum, never user text, so they are safe to inline.
        terms.push(format!("c.status NOT IN ({})", finals.join(", ")));
    }
    let clause = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    (clause, values)
}

impl Store {
    /// The group numbers of the cases `filter` selects (its title words aside), for [`Store::search`] (`search.rs`).
    pub fn search_groups_of(&self, filter: &CaseFilter) -> Result<roaring::RoaringBitmap> {
        let (clause, values) = where_clause(filter, None, self.figure_of(filter)?);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT g.no FROM cases c JOIN search_group g ON g.key = unhex(replace(c.id, '-', '')) {clause}"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| {
            r.get::<_, u32>(0)
        })?;
        let mut out = roaring::RoaringBitmap::new();
        for r in rows {
            out.insert(r?);
        }
        Ok(out)
    }

    /// The condition of a filter's figure, if it has one.
    fn figure_of(&self, f: &CaseFilter) -> Result<Option<String>> {
        f.figure
            .as_ref()
            .map(|g| self.figure_condition(&g.code, &g.scope))
            .transpose()
    }

    /// How a filter's title words are looked for, if it has any.
    fn titled(&self, f: &CaseFilter) -> Result<Option<Titled>> {
        Ok(match f.title_words() {
            Some(t) => Some(match self.title_matches(&crate::search::Query::parse(t))? {
                Some(ids) => Titled::Ids(serde_json::Value::from(ids).to_string()),
                None => Titled::Scan(t.to_string()),
            }),
            None => None,
        })
    }

    /// Every case a filter selects, whole, oldest registration first (its paging and order aside): what the
    /// register's spreadsheet lists — each with its soonest open deadline. The bodies are decoded on all cores.
    pub fn cases_of_filter(
        &self,
        f: &CaseFilter,
    ) -> Result<Vec<(ReviewCase, Option<chrono::NaiveDate>)>> {
        let titled = self.titled(f)?;
        let (clause, values) = where_clause(f, titled, self.figure_of(f)?);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT c.body, n.due FROM cases c LEFT JOIN case_next_due n ON n.case_id = c.id {clause}
             ORDER BY c.reg_year, c.reg_serial, c.id"
        ))?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<(String, Option<String>)>>>()?;
        crate::par::map(&rows, 256, |_, (body, due)| {
            Ok((
                super::decode::<ReviewCase>(body)?,
                due.as_deref().and_then(|d| d.parse().ok()),
            ))
        })
        .into_iter()
        .collect()
    }

    /// The register: newest registration first, filtered and paged.
    pub fn list_cases(&self, f: &CaseFilter) -> Result<CasePage> {
        let titled = self.titled(f)?;
        // Words in too many titles for a list of ids are looked for in each title: counting them scans the
        // narrow title index rather than the table; the page walks the register's order until it is full.
        let hint = if matches!(titled, Some(Titled::Scan(_))) {
            "INDEXED BY cases_by_title"
        } else {
            ""
        };
        let (clause, values) = where_clause(f, titled, self.figure_of(f)?);
        let total: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM cases c {hint} {clause}"))?
            .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
        let limit = f.limit.map_or(-1, i64::from);
        let offset = i64::from(f.offset);
        // The page is chosen over the indexes alone (reg_year, reg_serial and the filter columns), then only its
        // rows are read: a deep OFFSET then skips index entries, not whole rows with their JSON bodies.

        // Two cases with one number (registered apart on two laptops, until someone renumbers one) are listed in
        // the same order on every laptop: by id, which ends every register index (migration 6).
        let reg_order = "c.reg_year DESC, c.reg_serial DESC, c.id DESC";
        let rowids = match f.sort {
            CaseSort::Reg => self.rowids(
                &format!("SELECT c.rowid FROM cases c {clause} ORDER BY {reg_order}"),
                &values,
                limit,
                offset,
            )?,
            CaseSort::Due | CaseSort::DueDesc => {
                // Cases with an open deadline, read in the order of the next-due index (ties by case id, so
                // the index alone gives the order and the scan stops at the page), then the rest by number.
                let dir = if f.sort == CaseSort::Due { "" } else { "DESC" };
                let dated = format!(
                    "SELECT c.rowid FROM case_next_due n JOIN cases c ON c.id = n.case_id {clause}
                     ORDER BY n.due {dir}, n.case_id {dir}"
                );
                let mut ids = self.rowids(&dated, &values, limit, offset)?;
                let short = limit < 0 || (ids.len() as i64) < limit;
                if short {
                    let with_due: i64 = self
                        .conn()
                        .prepare_cached(&format!(
                            "SELECT count(*) FROM case_next_due n JOIN cases c ON c.id = n.case_id {clause}"
                        ))?
                        .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
                    let rest_clause = if clause.is_empty() {
                        "WHERE c.id NOT IN (SELECT case_id FROM case_next_due)".to_string()
                    } else {
                        format!("{clause} AND c.id NOT IN (SELECT case_id FROM case_next_due)")
                    };
                    let left = if limit < 0 {
                        -1
                    } else {
                        limit - ids.len() as i64
                    };
                    ids.extend(self.rowids(
                        &format!("SELECT c.rowid FROM cases c {rest_clause} ORDER BY {reg_order}"),
                        &values,
                        left,
                        (offset - with_due).max(0),
                    )?);
                }
                ids
            }
        };
        if rowids.is_empty() {
            return Ok(CasePage {
                total: total as u64,
                rows: Vec::new(),
            });
        }
        let marks: Vec<String> = (1..=rowids.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT c.id, c.reg_year, c.reg_serial, c.kind, c.title, u.name, c.status, c.received, p.name, c.outcome,
                    n.due, c.rowid,
                    EXISTS (SELECT 1 FROM conflicts k WHERE k.case_id = c.id)
             FROM cases c
             LEFT JOIN units u ON u.id = c.unit_id
             LEFT JOIN people p ON p.id = c.assignee_id
             LEFT JOIN case_next_due n ON n.case_id = c.id
             WHERE c.rowid IN ({})",
            marks.join(", ")
        );
        let values: Vec<Value> = rowids.iter().map(|r| Value::Integer(*r)).collect();
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |r| {
                let kind: String = r.get(3)?;
                let status: String = r.get(6)?;
                let outcome: Option<String> = r.get(9)?;
                let row = CaseRow {
                    id: r.get(0)?,
                    reg_no: RegNo {
                        year: r.get(1)?,
                        serial: r.get(2)?,
                    }
                    .to_string(),
                    // Codes in the table were written from the enums, so they parse; fall back rather than fail a list.
                    kind: CaseKind::parse(&kind).unwrap_or(CaseKind::Advice),
                    title: r.get(4)?,
                    unit_name: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    status: Status::parse(&status).unwrap_or(Status::Registered),
                    received: r.get(7)?,
                    assignee_name: r.get(8)?,
                    outcome: outcome
                        .and_then(|o| crate::model::Outcome::parse(&o).ok())
                        .map(|o| o.label().to_string()),
                    next_due: r.get::<_, Option<String>>(10)?.and_then(|d| d.parse().ok()),
                    next_due_urgency: None,
                    conflict: r.get(12)?,
                };
                Ok((r.get::<_, i64>(11)?, row))
            })?
            .collect::<rusqlite::Result<Vec<(i64, CaseRow)>>>()?;
        let position: std::collections::HashMap<i64, usize> =
            rowids.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let mut rows = rows;
        rows.sort_by_key(|(rowid, _)| position.get(rowid).copied().unwrap_or(usize::MAX));
        let mut rows: Vec<CaseRow> = rows.into_iter().map(|(_, row)| row).collect();
        if rows.iter().any(|r| r.next_due.is_some()) {
            let (cal, _) = super::calendar::load_calendar(self.conn())?;
            let today = self.clock().today();
            for r in &mut rows {
                r.next_due_urgency = r.next_due.map(|d| {
                    crate::deadlines::urgency(
                        crate::deadlines::DeadlineState::Open,
                        Some(d),
                        today,
                        &cal,
                    )
                    .0
                });
            }
        }
        Ok(CasePage {
            total: total as u64,
            rows,
        })
    }

    /// How many cases are in each status (statuses with none are left out).
    /// The rowids a page query selects, in its order.
    fn rowids(&self, sql: &str, values: &[Value], limit: i64, offset: i64) -> Result<Vec<i64>> {
        let n = values.len();
        let sql = format!("{sql} LIMIT ?{} OFFSET ?{}", n + 1, n + 2);
        let mut all = values.to_vec();
        all.push(Value::Integer(limit));
        all.push(Value::Integer(offset));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(all.iter()), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    pub fn count_by_status(&self) -> Result<Vec<StatusCount>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT status, count(*) FROM cases GROUP BY status")?;
        let mut out: Vec<StatusCount> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .filter_map(|r| r.ok())
            .filter_map(|(s, n)| {
                Status::parse(&s).ok().map(|status| StatusCount {
                    status,
                    count: n as u64,
                })
            })
            .collect();
        out.sort_by_key(|c| c.status);
        Ok(out)
    }

    pub fn case_by_reg_no(&self, no: RegNo) -> Result<Option<ReviewCase>> {
        let id: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM cases WHERE reg_year = ?1 AND reg_serial = ?2",
                params![no.year, no.serial],
                |r| r.get(0),
            )
            .optional()?;
        match id.and_then(|s| s.parse().ok()) {
            Some(id) => self.get(id),
            None => Ok(None),
        }
    }

    /// Ids of records of a kind whose id starts with `prefix` (for typing short ids on the command line).
    pub fn ids_with_prefix(&self, entity: EntityKind, prefix: &str) -> Result<Vec<Uuid>> {
        self.ids_like(entity, &format!("{}%", prefix.replace(['%', '_'], "")))
    }

    /// Ids ending in `suffix` (the short form, [`crate::ids::short`]); at most 3, enough to tell one from many.
    pub fn ids_with_suffix(&self, entity: EntityKind, suffix: &str) -> Result<Vec<Uuid>> {
        self.ids_like(entity, &format!("%{}", suffix.replace(['%', '_'], "")))
    }

    fn ids_like(&self, entity: EntityKind, pattern: &str) -> Result<Vec<Uuid>> {
        let table = by_kind!(entity, table_of());
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT id FROM {table} WHERE id LIKE ?1 LIMIT 3"))?;
        let ids = stmt
            .query_map([pattern], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids.iter().filter_map(|s| s.parse().ok()).collect())
    }

    pub fn case_count(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

impl Tx<'_> {
    /// The next registration serial of a year.
    pub fn next_reg_serial(&self, year: i32) -> Result<u32> {
        let max: Option<i64> = self.conn().query_row(
            "SELECT max(reg_serial) FROM cases WHERE reg_year = ?1",
            [year],
            |r| r.get(0),
        )?;
        crate::model::validate::next_serial("登记编号", year, max)
    }

    /// The id of the case holding a registration number, if any.
    pub fn case_with_reg_no(&self, no: RegNo) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM cases WHERE reg_year = ?1 AND reg_serial = ?2",
                params![no.year, no.serial],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn unit_name_taken(&self, name: &str, except: Uuid) -> Result<bool> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM units WHERE name = ?1 AND id <> ?2",
            params![name, except.to_string()],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

/// The derived table of a record type.
pub(super) fn table_of<R: Record>() -> &'static str {
    R::TABLE
}
