//! Search by any words (issue 19): what the sidebar's box, the result page and `fashen search` ask, and the
//! results as a person reads them — grouped by case, headline hits first, each with where it was found and
//! the text around it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Result;
use crate::model::{CaseKind, Person, ReviewCase, Status, Unit};
use crate::revision::EntityKind;
use crate::search::{place, Query, Rank};
use crate::store::{CaseFilter, Store};

/// What is searched for, and within which cases (the register's filters).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The words, as typed: see [`Query`] for what they mean.
    pub query: String,
    pub kind: Option<CaseKind>,
    pub status: Option<Status>,
    pub unit_id: Option<Uuid>,
    pub year: Option<i32>,
    pub assignee_id: Option<Uuid>,
    pub offset: u32,
    /// Results per page (20 when not given, at most 200).
    pub limit: Option<u32>,
}

impl SearchRequest {
    fn filter(&self) -> Option<CaseFilter> {
        let any = self.kind.is_some()
            || self.status.is_some()
            || self.unit_id.is_some()
            || self.year.is_some()
            || self.assignee_id.is_some();
        any.then(|| CaseFilter {
            kind: self.kind,
            status: self.status,
            unit_id: self.unit_id,
            year: self.year,
            assignee_id: self.assignee_id,
            ..CaseFilter::default()
        })
    }
}

/// One page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// The words looked for, as read (what the page says it searched for).
    pub words: Vec<String>,
    /// The words excluded.
    pub excluded: Vec<String>,
    /// Results in all, across pages.
    pub total: u64,
    /// `false`: at most `total` (a long word's matches beyond this page are not all confirmed yet; the
    /// pages themselves hold only true matches).
    pub total_exact: bool,
    pub offset: u32,
    /// Where the next page starts (`offset` of the next request).
    pub next_offset: u32,
    pub results: Vec<SearchResult>,
}

/// A case (or a unit, person or clause of the library) that contains every word.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// `case`, `unit`, `person` or `clause`.
    pub entity: EntityKind,
    pub id: Uuid,
    /// `2026-012` for a case.
    pub number: Option<String>,
    /// The case's title, the unit's or person's name, the clause's title.
    pub title: String,
    /// A line under the title: `规范性文件 · 审查中`, `单位`, `法律顾问`, `常用审查意见`.
    pub about: String,
    /// Whether a word was found in the title or numbers (ranked first).
    pub headline: bool,
    pub found: Vec<FoundAt>,
}

/// Where a word was found: `意见书《…》第三条审查意见·存在问题`, and the text around it with the hits marked
/// (character offsets, end exclusive).
#[derive(Debug, Clone, Serialize)]
pub struct FoundAt {
    pub place: String,
    pub text: String,
    pub marks: Vec<(usize, usize)>,
    /// Where on the case's page it is, for opening the case at the hit.
    pub target: Option<place::Target>,
}

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 200;

/// Searches every record's text. Words that cannot be searched (none typed, only exclusions) find nothing;
/// nothing a person types is refused.
pub fn search(store: &Store, req: &SearchRequest) -> Result<SearchPage> {
    let query = Query::parse(&req.query);
    let allowed = match req.filter() {
        Some(f) => Some(store.search_groups_of(&f)?),
        None => None,
    };
    let limit = req.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let found = store.search(
        &query,
        allowed.as_ref(),
        req.offset as usize,
        limit as usize,
    )?;
    let next_offset = req.offset.saturating_add(found.groups.len() as u32);
    let mut total = found.total;
    let mut results = Vec::with_capacity(found.groups.len());
    for g in found.groups {
        let Some((number, title, about, case_kind)) = heading(store, g.kind, g.key)? else {
            total = total.saturating_sub(1);
            continue;
        };
        results.push(SearchResult {
            entity: g.kind,
            id: g.key,
            number,
            title,
            about,
            headline: g.rank == Rank::Headline,
            found: g
                .hits
                .into_iter()
                .map(|h| FoundAt {
                    place: place::label_in(&h.place, case_kind),
                    target: place::target(&h.place),
                    text: h.snippet.text,
                    marks: h.snippet.marks,
                })
                .collect(),
        });
    }
    Ok(SearchPage {
        words: query.words(),
        excluded: query.not.iter().map(|w| w.iter().collect()).collect(),
        total,
        total_exact: found.exact,
        offset: req.offset,
        next_offset,
        results,
    })
}

/// A result's number, title and the line under it; `None` for a group whose own record is gone while others
/// of it remain (a letter kept by a sync conflict over its case's deletion): it is not shown.
/// A result's number, title and what it is — and, for a case, its kind, whose names its fields go by.
type Heading = (
    Option<String>,
    String,
    String,
    Option<crate::model::CaseKind>,
);

fn heading(store: &Store, kind: EntityKind, id: Uuid) -> Result<Option<Heading>> {
    Ok(match kind {
        EntityKind::Case => store.get::<ReviewCase>(id)?.map(|c| {
            (
                Some(c.reg_no.to_string()),
                c.title.clone(),
                format!("{} · {}", c.kind().label(), c.status.label()),
                Some(c.kind()),
            )
        }),
        EntityKind::Unit => store
            .get::<Unit>(id)?
            .map(|u| (None, u.name, "单位".to_string(), None)),
        EntityKind::Person => store
            .get::<Person>(id)?
            .map(|p| (None, p.name, p.role.label().to_string(), None)),
        EntityKind::Clause => store
            .get::<crate::model::clause::ClauseEntry>(id)?
            .map(|c| (c.code, c.title, "常用审查意见".to_string(), None)),
        _ => None,
    })
}
