//! SQL of sync by file: applying a verified file as a union of revisions, the heads and merged views that
//! leaves, conflicts (of fields, of an edit beside a deletion, of numbers two laptops both assigned), what
//! peers know, and the receipts.
//!
//! Everything an import derives (heads, entity rows, conflicts, deadlines) is a function of the revision set,
//! so laptops holding the same revisions hold the same state whatever order the files came in.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use uuid::Uuid;

use super::{
    get_record, insert_row, meta_get, migrations, project, project_sql, revisions, row_values,
    search::{self, Parts, SectionKey},
    Record, Reference, Store, Tx,
};
use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::model::{OpinionLetter, ReviewCase};
use crate::revision::{EntityKind, Hlc, Op, Revision, BODY_SCHEMA};
use crate::search::Section;
use crate::sync::file::{Header, SyncFile};
use crate::sync::merge::{self, View};
use crate::sync::{
    ConflictInfo, ConflictKind, ConflictSide, FieldChoice, ImportOptions, ImportReceipt, PeerInfo,
    Resolution, Resolved,
};

mod apply;
mod conflicts;
mod export;
mod plan;

use conflicts::obeys_rules;
use plan::*;

/// How far ahead of this laptop's clock an incoming revision may be stamped before the receipt warns.
const SKEW_WARNING_MS: i64 = 24 * 3600 * 1000;
/// An import that would delete more than half of the records, and at least this many, asks first.
const MASS_DELETE_MIN: u64 = 5;

/// A head revision's body as the record a local write would have kept, or why it may not be kept, in words
/// that name the record: it does not read as its record type, it names another record than the one it is a
/// revision of, or it breaks the rules the write path applies (`Record::check_rules` — the same `validate`
/// the actions run). An import checks every head it brings with this before anything is written; `check`
/// checks every head it finds, so what an import would refuse, `check` reports.
pub(super) fn admit<R: Record>(rev: &Revision) -> std::result::Result<R, String> {
    let named = || named(rev);
    let record = R::deserialize(&rev.body)
        .map_err(|e| format!("{}的内容无法读取（{e}），可能来自更新版本的法审台", named()))?;
    if record.uuid() != rev.entity_id {
        return Err(format!("{}的内容记的是另一条记录的编号", named()));
    }
    record
        .check_rules()
        .map_err(|e| format!("{}不符合录入规则：{e}", named()))?;
    Ok(record)
}

/// The derived row a revision's body gives, worked out before the import's transaction (and on every core):
/// a body that does not read as its record is refused there, and a record seen for the first time is then
/// written without decoding it again.
pub(super) struct FreshRow {
    kind: EntityKind,
    values: Vec<rusqlite::types::Value>,
    case_id: Option<Uuid>,
    /// The record's section of the search index and, when the record is the whole section, its parts.
    search: Option<(SectionKey, Option<Parts>)>,
}

/// A revision as a person reads it in a refusal: `案件「2026-001 物业服务合同」（修订 ab12cd34）`.
pub(super) fn named(rev: &Revision) -> String {
    let title = record_title(rev.entity, Some(&rev.body));
    let title = title.chars().take(40).collect::<String>();
    format!(
        "{}「{}」（修订 {}）",
        rev.entity.label(),
        title.trim(),
        &rev.rev_id[..rev.rev_id.len().min(8)]
    )
}

/// [`admit`], with the records the body names and, when `with_row`, its derived row.
pub(super) fn admitted<R: Record>(
    rev: &Revision,
    with_row: bool,
) -> std::result::Result<(Option<FreshRow>, Vec<Reference>), String> {
    let record = admit::<R>(rev)?;
    let row = if with_row {
        Some(FreshRow {
            kind: R::ENTITY,
            values: row_values(&record, &rev.rev_id).map_err(|e| e.to_string())?,
            case_id: record.case_id(),
            search: search::key_of(&record).map(|key| {
                let parts = (key.section == Section::Own).then(|| {
                    let mut parts = Parts::default();
                    record.search_parts(&mut parts);
                    parts
                });
                (key, parts)
            }),
        })
    } else {
        None
    };
    Ok((row, record.references()))
}

/// Why a reference cannot be kept: the record it names is not of the kind it must be (or does not exist).
pub(super) fn dangling(rev: &Revision, r: &Reference, found: Option<EntityKind>) -> Option<String> {
    (found != Some(r.kind)).then(|| {
        format!(
            "{}所指的{}（编号 {}）不存在：本机和文件中都没有这条{}",
            named(rev),
            r.what,
            crate::ids::short(r.id),
            r.kind.label()
        )
    })
}

/// Why a reference to a record on a case cannot be kept: the record is on another case (`found`) than the one it
/// must be on.
pub(super) fn wrong_case(rev: &Revision, r: &Reference, found: Option<Uuid>) -> Option<String> {
    let (want, found) = (r.on_case?, found?);
    (want != found).then(|| {
        format!(
            "{}所指的{}（编号 {}）属于另一案件（编号 {}），不是本记录所属的案件",
            named(rev),
            r.what,
            crate::ids::short(r.id),
            crate::ids::short(found)
        )
    })
}

/// The case a stored record is on (its table's `case_id`), for the kinds whose table has one.
pub(super) fn case_of_row<R: Record>(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    if !R::COLUMNS.contains(&"case_id") {
        return Ok(None);
    }
    let case: Option<String> = conn
        .prepare_cached(&format!("SELECT case_id FROM {} WHERE id = ?1", R::TABLE))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(case.and_then(|c| c.parse().ok()))
}

/// The case a record's snapshot says it is on.
pub(super) fn case_of_body(body: &serde_json::Value) -> Option<Uuid> {
    body.get("case_id")?.as_str()?.parse().ok()
}

/// Why a reference to a case cannot be kept: the case is not of a kind the record may belong to (a hearing on
/// a contract).
pub(super) fn wrong_case_kind(
    rev: &Revision,
    r: &Reference,
    found: Option<crate::model::CaseKind>,
) -> Option<String> {
    let found = found?;
    (!r.case_kinds.contains(&found)).then(|| {
        let wanted: Vec<&str> = r.case_kinds.iter().map(|k| k.short_label()).collect();
        format!(
            "{}属于{}案件（编号 {}），而这类记录只能属于{}案件",
            named(rev),
            found.short_label(),
            crate::ids::short(r.id),
            wanted.join("、")
        )
    })
}

fn row_exists<R: Record>(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", R::TABLE))?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// What rederiving an entity's row found: whether the row was there before, the case whose deadlines depend
/// on the record (a record never changes case), and its section of the search index.
struct Applied {
    existed: bool,
    case: Option<Uuid>,
    search: Option<SectionKey>,
}

/// Writes an entity's derived row from its view (or removes it when the view is a deletion).
fn apply_view<R: Record>(conn: &Connection, id: Uuid, view: &View) -> Result<Applied> {
    match &view.body {
        None => {
            let old: Option<R> = get_record(conn, id)?;
            conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", R::TABLE))?
                .execute([id.to_string()])?;
            Ok(Applied {
                existed: old.is_some(),
                case: old.as_ref().and_then(Record::case_id),
                search: old.as_ref().and_then(search::key_of),
            })
        }
        Some(body) => {
            let existed = row_exists::<R>(conn, id)?;
            let record = R::deserialize(body)
                .map_err(|e| Error::Refused(format!("{}记录无法读取（{e}）", R::ENTITY.label())))?;
            project(conn, &record, &view.winner)?;
            Ok(Applied {
                existed,
                case: record.case_id(),
                search: search::key_of(&record),
            })
        }
    }
}

/// The merged view of an entity from its current heads. `at_hand` may hold revisions already in memory (an
/// import's), so a single new head is not read back.
pub(super) fn entity_view(
    conn: &Connection,
    id: Uuid,
    at_hand: Option<&BTreeMap<&str, &Revision>>,
) -> Result<Option<(EntityKind, View)>> {
    let heads = revisions::heads(conn, id)?;
    if let [only] = heads.as_slice() {
        let rev = match at_hand.and_then(|m| m.get(only.as_str())) {
            Some(r) => (*r).clone(),
            None => match revisions::by_id(conn, only)? {
                Some(r) => r,
                None => return Ok(None),
            },
        };
        return Ok(Some((rev.entity, merge::view(&[&rev], &BTreeMap::new()))));
    }
    let revs: Vec<Revision> = revisions::of_entity(conn, id)?;
    let by_id: BTreeMap<&str, &Revision> = revs.iter().map(|r| (r.rev_id.as_str(), r)).collect();
    let head_revs: Vec<&Revision> = heads
        .iter()
        .filter_map(|h| by_id.get(h.as_str()).copied())
        .collect();
    let Some(kind) = head_revs.first().map(|r| r.entity) else {
        return Ok(None);
    };
    Ok(Some((kind, merged_view(&head_revs, &by_id))))
}

/// [`merge::view`] of several heads, checked against the record type and its rules: a merge of fields can
/// give a combination the type cannot hold, or one the write path refuses though each side alone passed (one
/// laptop approves a transfer while the other types a reason for refusing it). The winner's whole snapshot
/// shows then, and the whole record (`*`) is the conflict, with each side's snapshot in the order of the sides,
/// for a person to choose. `fashen check` derives the same.
pub(super) fn merged_view(heads: &[&Revision], history: &BTreeMap<&str, &Revision>) -> View {
    let mut view = merge::view(heads, history);
    let Some(kind) = heads.first().map(|r| r.entity) else {
        return view;
    };
    if let Some(body) = &view.body {
        if heads.len() > 1 && by_kind!(kind, obeys_rules(body)).is_err() {
            let body_of = |rev_id: &str| {
                history
                    .get(rev_id)
                    .filter(|r| r.op == Op::Put)
                    .map(|r| r.body.clone())
                    .unwrap_or(Value::Null)
            };
            view.fields = vec![merge::FieldConflict {
                path: "*".into(),
                values: view.sides.iter().map(|s| body_of(&s.rev_id)).collect(),
            }];
            view.body = Some(body_of(&view.winner));
        }
    }
    view
}

/// What refreshing one entity found.
struct Refreshed {
    was_alive: bool,
    alive: bool,
    conflict_before: bool,
    conflict_after: bool,
    /// The labels of the fields in conflict after it.
    conflict_fields: Vec<String>,
}

/// A few words naming a record for a person: its title, name or year.
fn record_title(kind: EntityKind, body: Option<&Value>) -> String {
    let Some(b) = body else {
        return kind.label().to_string();
    };
    let reg = b.get("reg_no").and_then(|r| {
        Some(format!(
            "{}-{:03} ",
            r.get("year")?.as_i64()?,
            r.get("serial")?.as_i64()?
        ))
    });
    let text = |k: &str| b.get(k).and_then(Value::as_str);
    // Coded names (a filing's channel, a rule, a clock event's kind) are shown by their labels.
    let coded = || match kind {
        EntityKind::Filing => text("channel")
            .and_then(|c| crate::model::FilingChannel::parse(c).ok())
            .map(|c| format!("报送{}备案", c.label())),
        EntityKind::DeadlineRule => text("code")
            .and_then(|c| crate::model::rule::RuleCode::parse(c).ok())
            .map(|c| c.label().to_string()),
        EntityKind::ClockEvent => text("kind")
            .and_then(|c| crate::model::ClockEventKind::parse(c).ok())
            .map(|c| c.label().to_string()),
        _ => None,
    };
    let name = ["title", "name", "label"]
        .iter()
        .find_map(|k| text(k).map(str::to_string))
        .or_else(coded)
        .or_else(|| b.get("year").map(|y| format!("{y} 年")))
        .unwrap_or_default();
    format!("{}{}", reg.unwrap_or_default(), name)
}

fn case_of(kind: EntityKind, id: Uuid, body: Option<&Value>) -> Option<String> {
    if kind == EntityKind::Case {
        return Some(id.to_string());
    }
    body.and_then(|b| b.get("case_id"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

impl Tx<'_> {
    /// Rederives one entity from its heads: its row, the cases whose deadlines it feeds, and its conflict.
    fn refresh_entity(
        &mut self,
        id: Uuid,
        at_hand: Option<&BTreeMap<&str, &Revision>>,
    ) -> Result<Refreshed> {
        let Some((kind, view)) = entity_view(&self.tx, id, at_hand)? else {
            return Err(Error::not_found("记录", id));
        };
        let Applied {
            existed: was_alive,
            case,
            search,
        } = by_kind!(kind, apply_view(&self.tx, id, &view))?;
        self.touched_cases.extend(case);
        if let Some(key) = search {
            self.search_prepared.remove(&key);
            self.search_touched.insert(key);
        }
        if matches!(kind, EntityKind::CalendarYear | EntityKind::DeadlineRule) {
            self.reference_changed = true;
        }
        let conflict_before = self
            .tx
            .prepare_cached(
                "DELETE FROM conflicts WHERE entity_id = ?1 AND kind IN ('fields', 'delete')",
            )?
            .execute([id.to_string()])?
            > 0;
        let conflict_after = view.in_conflict();
        if conflict_after {
            let detail = ConflictDetail {
                title: record_title(kind, view.body.as_ref()),
                sides: view.sides.clone(),
                fields: view.fields.clone(),
            };
            let json = serde_json::to_string(&detail)
                .map_err(|e| Error::Refused(format!("无法记录冲突：{e}")))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO conflicts (entity_id, kind, entity, case_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    id.to_string(),
                    if view.delete_conflict { "delete" } else { "fields" },
                    kind.code(),
                    case_of(kind, id, view.body.as_ref()),
                    json
                ])?;
        }
        Ok(Refreshed {
            was_alive,
            alive: view.body.is_some(),
            conflict_before,
            conflict_after,
            conflict_fields: view
                .fields
                .iter()
                .map(|f| crate::model::labels::field_label(kind, &f.path, view.body.as_ref()))
                .collect(),
        })
    }

    /// The parents a local change to `id` builds on: all heads, unless they conflict, in which case only the
    /// provisional winner (the change is made to what the screen shows; the conflict stays for a person).
    pub(super) fn parents_for_change(&self, id: Uuid) -> Result<Vec<String>> {
        let heads = revisions::heads(&self.tx, id)?;
        if heads.len() <= 1 {
            return Ok(heads);
        }
        match entity_view(&self.tx, id, None)? {
            Some((_, view)) if view.in_conflict() => Ok(vec![view.winner]),
            _ => Ok(heads),
        }
    }

    /// After a local change to an entity that had several heads, its row is the merged view again.
    pub(super) fn rederive(&mut self, id: Uuid) -> Result<()> {
        self.refresh_entity(id, None).map(|_| ())
    }

    /// Refuses a final step (签发, 送达, 报备) on records with a sync conflict a person has not resolved yet,
    /// on themselves or (for a case id) on any record of the case: what would be signed or filed is not settled.
    pub(crate) fn ensure_settled(&self, what: &str, ids: &[Uuid]) -> Result<()> {
        for id in ids {
            let open = self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM conflicts WHERE entity_id = ?1 OR case_id = ?1 LIMIT 1",
                )?
                .query_row([id.to_string()], |_| Ok(()))
                .optional()?
                .is_some();
            if open {
                return Err(Error::ConflictOpen(format!(
                    "该记录有未处理的同步冲突（冲突待处理），不能{what}；请先在「同步」中处理冲突"
                )));
            }
        }
        Ok(())
    }

    /// Rewrites every number conflict: cases sharing a registration number, letters sharing a 文号.
    fn refresh_number_conflicts(&mut self) -> Result<u64> {
        self.tx
            .execute("DELETE FROM conflicts WHERE kind = 'number'", [])?;
        let mut n = 0;
        for sql in [
            "SELECT c.id, c.body, 'case', printf('%d-%03d', c.reg_year, c.reg_serial), c.id
             FROM cases c JOIN (SELECT reg_year, reg_serial FROM cases GROUP BY reg_year, reg_serial
                                HAVING count(*) > 1) d USING (reg_year, reg_serial)",
            "SELECT l.id, l.body, 'letter', l.no_code || '〔' || l.no_year || '〕' || l.no_serial || '号', l.case_id
             FROM letters l JOIN (SELECT no_code, no_year, no_serial FROM letters WHERE no_code IS NOT NULL
                                  GROUP BY no_code, no_year, no_serial HAVING count(*) > 1) d
                  USING (no_code, no_year, no_serial)",
        ] {
            let rows: Vec<(String, String, String, String, String)> = {
                let mut stmt = self.tx.prepare(sql)?;
                let rows = stmt.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (id, body, entity, number, case_id) in rows {
                let kind: EntityKind = entity.parse().map_err(Error::Refused)?;
                let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                let detail = serde_json::json!({
                    "title": record_title(kind, Some(&body)),
                    "number": number,
                });
                self.tx.execute(
                    "INSERT INTO conflicts (entity_id, kind, entity, case_id, detail) VALUES (?1, 'number', ?2, ?3, ?4)",
                    params![id, entity, case_id, detail.to_string()],
                )?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// What the `conflicts` row keeps of a view (fields and delete conflicts).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct ConflictDetail {
    title: String,
    sides: Vec<merge::Side>,
    fields: Vec<merge::FieldConflict>,
}
