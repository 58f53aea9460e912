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
    Record, Store, Tx,
};
use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::model::calendar::CalendarYear;
use crate::model::clause::ClauseEntry;
use crate::model::rule::DeadlineRule;
use crate::model::{Attachment, ClockEvent, FilingRecord, OpinionLetter, Person, ReviewCase, Unit};
use crate::revision::{EntityKind, Hlc, Op, Revision, BODY_SCHEMA};
use crate::sync::file::{Header, SyncFile};
use crate::sync::merge::{self, View};
use crate::sync::{
    ConflictInfo, ConflictKind, ConflictSide, FieldChoice, ImportOptions, ImportReceipt, PeerInfo,
    Resolution, Resolved,
};

/// Runs `$f::<Type>($args)` for the record type of an entity kind.
macro_rules! by_kind {
    ($kind:expr, $f:ident ( $($arg:expr),* )) => {
        match $kind {
            EntityKind::Unit => $f::<Unit>($($arg),*),
            EntityKind::Person => $f::<Person>($($arg),*),
            EntityKind::Case => $f::<ReviewCase>($($arg),*),
            EntityKind::Letter => $f::<OpinionLetter>($($arg),*),
            EntityKind::Filing => $f::<FilingRecord>($($arg),*),
            EntityKind::ClockEvent => $f::<ClockEvent>($($arg),*),
            EntityKind::Attachment => $f::<Attachment>($($arg),*),
            EntityKind::CalendarYear => $f::<CalendarYear>($($arg),*),
            EntityKind::DeadlineRule => $f::<DeadlineRule>($($arg),*),
            EntityKind::Clause => $f::<ClauseEntry>($($arg),*),
        }
    };
}

/// How far ahead of this laptop's clock an incoming revision may be stamped before the receipt warns.
const SKEW_WARNING_MS: i64 = 24 * 3600 * 1000;
/// An import that would delete more than half of the records, and at least this many, asks first.
const MASS_DELETE_MIN: u64 = 5;

/// `body` read as its record type, or why not.
fn decodes<R: Record>(body: &Value) -> std::result::Result<(), String> {
    R::deserialize(body).map(|_| ()).map_err(|e| e.to_string())
}

/// The derived row a revision's body gives, worked out before the import's transaction (and on every core):
/// a body that does not read as its record is refused there, and a record seen for the first time is then
/// written without decoding it again.
struct FreshRow {
    kind: EntityKind,
    values: Vec<rusqlite::types::Value>,
    case_id: Option<Uuid>,
}

fn fresh_row<R: Record>(rev: &Revision) -> std::result::Result<FreshRow, String> {
    let record = R::deserialize(&rev.body).map_err(|e| e.to_string())?;
    Ok(FreshRow {
        kind: R::ENTITY,
        values: row_values(&record, &rev.rev_id).map_err(|e| e.to_string())?,
        case_id: record.case_id(),
    })
}

fn row_exists<R: Record>(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", R::TABLE))?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Writes an entity's derived row from its view (or removes it when the view is a deletion). Returns whether
/// a row was there before, and the case whose deadlines depend on the record (a record never changes case).
fn apply_view<R: Record>(conn: &Connection, id: Uuid, view: &View) -> Result<(bool, Option<Uuid>)> {
    match &view.body {
        None => {
            let old: Option<R> = get_record(conn, id)?;
            conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", R::TABLE))?
                .execute([id.to_string()])?;
            Ok((old.is_some(), old.and_then(|o| o.case_id())))
        }
        Some(body) => {
            let existed = row_exists::<R>(conn, id)?;
            let record = R::deserialize(body)
                .map_err(|e| Error::Refused(format!("{}记录无法读取（{e}）", R::ENTITY.label())))?;
            project(conn, &record, &view.winner)?;
            Ok((existed, record.case_id()))
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

/// [`merge::view`] of several heads, checked against the record type: a merge of fields can, in principle,
/// give a combination the type cannot hold. The winner's whole snapshot shows then, and the whole record (`*`)
/// is the conflict, with each side's snapshot in the order of the sides. `fashen check` derives the same.
pub(super) fn merged_view(heads: &[&Revision], history: &BTreeMap<&str, &Revision>) -> View {
    let mut view = merge::view(heads, history);
    let Some(kind) = heads.first().map(|r| r.entity) else {
        return view;
    };
    if let Some(body) = &view.body {
        if heads.len() > 1 && by_kind!(kind, decodes(body)).is_err() {
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
    let name = ["title", "name", "label", "channel"]
        .iter()
        .find_map(|k| b.get(*k).and_then(Value::as_str).map(str::to_string))
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
        let (was_alive, case) = by_kind!(kind, apply_view(&self.tx, id, &view))?;
        self.touched_cases.extend(case);
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

/// The checks an import makes before its transaction, on the file and the database read-only.
struct Plan<'f> {
    /// Revisions the database lacks, parents before children.
    new: Vec<&'f Revision>,
    /// The derived rows of the records new to this laptop with a single head (a put), by rev id.
    rows: HashMap<&'f str, FreshRow>,
    /// Records this laptop has no revision of yet.
    fresh: BTreeSet<Uuid>,
    /// Those of them no other new one supersedes: the heads they leave.
    heads: Vec<&'f Revision>,
    known: u64,
    new_blobs: Vec<&'f (String, Vec<u8>)>,
    known_blobs: u64,
    /// Records this laptop has that the file deletes (an office's own records; not the built-in data).
    deletions: u64,
    /// The log's last arrival number when the plan was made: the transaction refuses a log that moved since.
    last_seq: i64,
}

/// Entity kinds that are the built-in reference data rather than an office's records.
const REFERENCE: &[EntityKind] = &[
    EntityKind::CalendarYear,
    EntityKind::DeadlineRule,
    EntityKind::Clause,
];

/// Per device, the newest HLC among the revisions this database has from it.
fn knowledge(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_id, max(hlc) FROM revision GROUP BY device_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM revision", [], |r| {
            r.get(0)
        })?,
    )
}

fn revision_entity(conn: &Connection, rev_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT entity_id FROM revision WHERE rev_id = ?1")?
        .query_row([rev_id], |r| r.get(0))
        .optional()?)
}

fn entity_kind_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT entity FROM head WHERE entity_id = ?1 LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn blob_known(conn: &Connection, sha: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM blob WHERE sha256 = ?1")?
        .query_row([sha], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records new to this laptop from which an import defers index building ([`Tx::defer_indexes`]).
const BULK_MIN: usize = 10_000;
/// Revisions in a file beyond which the plan reads what this laptop has in one scan, not by lookups.
const SCAN_OVER: usize = 5_000;

fn count_number_conflicts(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM conflicts WHERE kind = 'number'",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

fn refuse(reason: impl Into<String>) -> Error {
    Error::BadSyncFile(reason.into())
}

/// The new revisions with parents before children: as they came when the file is in that order already (a
/// file from this app always is, being the sender's log in arrival order), else sorted (Kahn's algorithm, ties
/// in file order).
fn parents_first<'f>(new: &[&'f Revision], new_ids: &HashSet<&str>) -> Result<Vec<&'f Revision>> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(new.len());
    let in_order = new.iter().all(|r| {
        let ok = r
            .parents
            .iter()
            .all(|p| !new_ids.contains(p.as_str()) || seen.contains(p.as_str()));
        seen.insert(r.rev_id.as_str());
        ok
    });
    if in_order {
        return Ok(new.to_vec());
    }
    let index: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, r)| (r.rev_id.as_str(), i))
        .collect();
    let mut waiting: Vec<usize> = new
        .iter()
        .map(|r| {
            r.parents
                .iter()
                .filter(|p| index.contains_key(p.as_str()))
                .count()
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); new.len()];
    for (i, r) in new.iter().enumerate() {
        for p in &r.parents {
            if let Some(&pi) = index.get(p.as_str()) {
                children[pi].push(i);
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..new.len()).filter(|&i| waiting[i] == 0).collect();
    let mut sorted = Vec::with_capacity(new.len());
    while let Some(i) = ready.pop_first() {
        sorted.push(new[i]);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.insert(c);
            }
        }
    }
    if sorted.len() != new.len() {
        return Err(refuse("修订之间的前后关系有环，文件无效"));
    }
    Ok(sorted)
}

fn plan<'f>(conn: &Connection, me: DeviceId, file: &'f SyncFile) -> Result<Plan<'f>> {
    let latest = migrations::latest_version();
    // A file written for one laptop leaves out what the sender thought that laptop had: only that laptop, and
    // only while it still has all of it (not after restoring an older backup), may take it.
    if !file.header.full {
        if file.header.for_device != Some(me) {
            return Err(refuse(
                "此文件是为另一台电脑导出的，只含那台电脑缺少的内容；请让对方为本机导出，或完整导出（--full）",
            ));
        }
        let mine = knowledge(conn)?;
        if file
            .header
            .base
            .iter()
            .any(|(device, hlc)| mine.get(device).is_none_or(|have| have < hlc))
        {
            return Err(refuse(
                "对方按本机以前发去的数据导出了此文件，但本机现在缺少其中一部分（可能恢复过备份）；请让对方完整导出（--full）",
            ));
        }
    }
    if file.header.schema > latest {
        return Err(refuse(format!(
            "此文件由更新版本的法审台导出（数据版本 {}，本程序支持到 {latest}），请先升级法审台",
            file.header.schema
        )));
    }
    let in_file: HashMap<&str, &Revision> = file
        .revisions
        .iter()
        .map(|r| (r.rev_id.as_str(), r))
        .collect();
    // In file order: the order the sender's log has, parents before children.
    let mut new: Vec<&Revision> = Vec::new();
    let mut new_ids: HashSet<&str> = HashSet::new();
    let mut known = 0;
    // A big file is checked against every id at once (one scan of the unique index), a small one by lookups.
    let all_known: Option<std::collections::HashSet<String>> = if file.revisions.len() > SCAN_OVER {
        let mut stmt = conn.prepare("SELECT rev_id FROM revision")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Some(rows.collect::<rusqlite::Result<_>>()?)
    } else {
        None
    };
    for rev in &file.revisions {
        if rev.schema > BODY_SCHEMA {
            return Err(refuse(format!(
                "此文件含有更新版本的法审台写入的记录（记录格式 {}），请先升级法审台",
                rev.schema
            )));
        }
        let is_known = match &all_known {
            Some(set) => set.contains(&rev.rev_id),
            None => revision_entity(conn, &rev.rev_id)?.is_some(),
        };
        if is_known {
            known += 1;
        } else if new_ids.insert(rev.rev_id.as_str()) {
            // (A revision listed twice is taken once.)
            new.push(rev);
        }
    }
    let short = |id: &str| id.chars().take(12).collect::<String>();
    let mut missing = 0;
    let mut blob_needed = BTreeSet::new();
    // The new revisions another new one supersedes: never a head, never projected.
    let superseded: HashSet<&str> = new
        .iter()
        .flat_map(|r| r.parents.iter().map(String::as_str))
        .collect();
    let mut kinds: BTreeMap<uuid::Uuid, Option<String>> = BTreeMap::new();
    // Likewise the kinds of the records this laptop has: one scan for a big file.
    let all_kinds: Option<HashMap<String, String>> = if new.len() > SCAN_OVER {
        let mut stmt = conn.prepare("SELECT DISTINCT entity_id, entity FROM head")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Some(rows.collect::<rusqlite::Result<_>>()?)
    } else {
        None
    };
    let mut file_kinds: BTreeMap<uuid::Uuid, EntityKind> = BTreeMap::new();
    for rev in &new {
        if *file_kinds.entry(rev.entity_id).or_insert(rev.entity) != rev.entity {
            return Err(refuse(format!(
                "文件中同一条记录的修订类型不一致（{}）",
                short(&rev.rev_id)
            )));
        }
        let id = rev.entity_id.to_string();
        if rev.op == Op::Delete && rev.parents.is_empty() {
            return Err(refuse(format!(
                "修订 {} 删除了一条不存在的记录",
                short(&rev.rev_id)
            )));
        }
        for p in &rev.parents {
            let parent_entity = match in_file.get(p.as_str()) {
                Some(r) if r.entity != rev.entity => {
                    return Err(refuse(format!(
                        "修订 {} 的前序修订属于另一类记录",
                        short(&rev.rev_id)
                    )))
                }
                Some(r) => Some(r.entity_id.to_string()),
                None => revision_entity(conn, p)?,
            };
            match parent_entity {
                None => missing += 1,
                Some(e) if e != id => {
                    return Err(refuse(format!(
                        "修订 {} 的前序修订属于另一条记录",
                        short(&rev.rev_id)
                    )))
                }
                Some(_) => {}
            }
        }
        let known_kind = match kinds.get(&rev.entity_id) {
            Some(k) => k.clone(),
            None => {
                let k = match &all_kinds {
                    Some(all) => all.get(&id).cloned(),
                    None => entity_kind_of(conn, &id)?,
                };
                kinds.insert(rev.entity_id, k.clone());
                k
            }
        };
        if let Some(kind) = known_kind {
            if kind != rev.entity.code() {
                return Err(refuse(format!(
                    "修订 {} 与本机同一编号的记录类型不同",
                    short(&rev.rev_id)
                )));
            }
        }
        if rev.op == Op::Put && rev.entity == EntityKind::Attachment {
            if let Some(sha) = rev.body.get("sha256").and_then(Value::as_str) {
                blob_needed.insert(sha);
            }
        }
    }
    // What will show must be readable; a superseded body is only ever compared, in a merge. A record new to
    // this laptop with a single head is written from that head alone: its row is worked out here, once.
    let mut heads_of: HashMap<Uuid, usize> = HashMap::new();
    for r in new
        .iter()
        .filter(|r| !superseded.contains(r.rev_id.as_str()))
    {
        *heads_of.entry(r.entity_id).or_default() += 1;
    }
    let shown: Vec<&Revision> = new
        .iter()
        .filter(|r| r.op == Op::Put && !superseded.contains(r.rev_id.as_str()))
        .copied()
        .collect();
    let checked = crate::par::map(&shown, 1_000, |_, rev| {
        let fresh = kinds.get(&rev.entity_id).is_some_and(Option::is_none);
        if fresh && heads_of.get(&rev.entity_id) == Some(&1) {
            by_kind!(rev.entity, fresh_row(rev)).map(Some)
        } else {
            by_kind!(rev.entity, decodes(&rev.body)).map(|()| None)
        }
    });
    let mut rows = HashMap::new();
    for (rev, row) in shown.iter().zip(checked) {
        let row = row.map_err(|e| {
            refuse(format!(
                "{}修订 {} 的内容无法读取（{e}），可能来自更新版本的法审台",
                rev.entity.label(),
                short(&rev.rev_id)
            ))
        })?;
        if let Some(row) = row {
            rows.insert(rev.rev_id.as_str(), row);
        }
    }
    if missing > 0 {
        return Err(refuse(format!(
            "缺少 {missing} 条前序修订：对方按本机较早的状态导出，或漏导了一个文件；请让对方导出完整同步文件（--full）再导入"
        )));
    }
    let mut new_blobs: Vec<&(String, Vec<u8>)> = Vec::new();
    let mut known_blobs = 0;
    let mut seen_blobs = BTreeSet::new();
    for blob in &file.blobs {
        if !seen_blobs.insert(blob.0.as_str()) {
            continue;
        }
        if blob_known(conn, &blob.0)? {
            known_blobs += 1;
        } else {
            new_blobs.push(blob);
        }
    }
    for sha in blob_needed {
        if !file.blobs.iter().any(|b| b.0 == sha) && !blob_known(conn, sha)? {
            return Err(refuse(format!("缺少附件内容 {}", short(sha))));
        }
    }
    let sorted = parents_first(&new, &new_ids)?;
    let heads: Vec<&Revision> = sorted
        .iter()
        .copied()
        .filter(|r| !superseded.contains(r.rev_id.as_str()))
        .collect();
    let deletions = heads
        .iter()
        .filter(|h| h.op == Op::Delete && !REFERENCE.contains(&h.entity))
        .filter(|h| kinds.get(&h.entity_id).is_some_and(Option::is_some))
        .count() as u64;
    Ok(Plan {
        deletions,
        last_seq: last_seq(conn)?,
        heads,
        new: sorted,
        rows,
        fresh: kinds
            .into_iter()
            .filter(|(_, k)| k.is_none())
            .map(|(id, _)| id)
            .collect(),
        known,
        new_blobs,
        known_blobs,
    })
}

impl Store {
    /// This laptop's knowledge: for every device it has revisions from, the newest HLC among them.
    pub fn knowledge(&self) -> Result<BTreeMap<String, String>> {
        knowledge(self.conn())
    }

    /// The revisions and blobs of a sync file: everything, or what `peer` may lack given what it last told us
    /// it had (its revisions from each device up to an HLC). The built-in reference data always goes along.
    pub fn sync_set(&self, peer: Option<&PeerInfo>) -> Result<SyncFile> {
        let knowledge = match peer {
            Some(p) => {
                serde_json::to_string(&p.knowledge).map_err(|e| Error::Refused(e.to_string()))?
            }
            None => "{}".to_string(),
        };
        let mut stmt = self.conn().prepare(&format!(
            "WITH k (device, hlc) AS (SELECT key, value FROM json_each(?1))
             SELECT {} FROM revision r LEFT JOIN k ON k.device = r.device_id
             WHERE k.hlc IS NULL OR r.hlc > k.hlc OR r.device_id = ?2
             ORDER BY r.seq",
            revisions::REVISION_COLUMNS
                .split(", ")
                .map(|c| format!("r.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt
            .query_map(
                params![knowledge, super::revisions::SEED_DEVICE.to_string()],
                revisions::RawRevision::from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let revisions = crate::par::map(&rows, 2_000, |_, r| r.parse())
            .into_iter()
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(rows);
        let wanted: BTreeSet<&str> = revisions
            .iter()
            .filter(|r| r.entity == EntityKind::Attachment)
            .filter_map(|r| r.body.get("sha256").and_then(Value::as_str))
            .collect();
        let mut blobs = Vec::new();
        {
            let mut stmt = self
                .conn()
                .prepare("SELECT sha256, bytes FROM blob ORDER BY sha256")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let sha: String = row.get(0)?;
                if peer.is_none() || wanted.contains(sha.as_str()) {
                    blobs.push((sha, row.get::<_, Vec<u8>>(1)?));
                }
            }
        }
        Ok(SyncFile {
            header: Header {
                schema: migrations::latest_version(),
                sender: self.device_id(),
                sender_name: self.setting("device_name")?.unwrap_or_default(),
                created: meta_get(self.conn(), "last_hlc")?.unwrap_or_default(),
                full: peer.is_none(),
                for_device: peer.map(|p| p.device_id),
                knowledge: self.knowledge()?,
                base: peer.map(|p| p.knowledge.clone()).unwrap_or_default(),
                revisions: revisions.len() as u64,
                blobs: blobs.len() as u64,
            },
            revisions,
            canonical_bodies: HashMap::new(),
            blobs,
        })
    }

    /// Every revision in the log, the built-in ones included.
    pub fn revision_total(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM revision", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The laptops this one has had files from, most recent first.
    pub fn peers(&self) -> Result<Vec<PeerInfo>> {
        let mut stmt = self.conn().prepare(
            "SELECT device_id, name, knowledge, last_file_at, last_import, files FROM peers ORDER BY last_import DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, knowledge, last_file_at, last_import, files) = row?;
            let knowledge: BTreeMap<String, String> =
                serde_json::from_str(&knowledge).unwrap_or_default();
            // What we have that it did not have when it wrote its last file to us.
            let lacking = self.count_unknown_to(&knowledge)?;
            out.push(PeerInfo {
                device_id: id
                    .parse()
                    .map_err(|_| Error::Refused(format!("对方设备编号无效：{id}")))?,
                name,
                knowledge,
                last_file_at,
                last_import,
                files: files as u64,
                lacking,
            });
        }
        Ok(out)
    }

    fn count_unknown_to(&self, knowledge: &BTreeMap<String, String>) -> Result<u64> {
        let k = serde_json::to_string(knowledge).map_err(|e| Error::Refused(e.to_string()))?;
        let n: i64 = self.conn().query_row(
            "WITH k (device, hlc) AS (SELECT key, value FROM json_each(?1))
             SELECT count(*) FROM revision r LEFT JOIN k ON k.device = r.device_id
             WHERE (k.hlc IS NULL OR r.hlc > k.hlc) AND r.device_id != ?2",
            params![k, super::revisions::SEED_DEVICE.to_string()],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Applies a verified sync file: every check first (format and schema, missing ancestors, bodies, blobs),
    /// then in one transaction the union of revisions, the heads, the merged rows, conflicts, deadlines, the
    /// peer's knowledge and the receipt. A dry run, or an import that would delete most records without
    /// `confirm_mass_delete`, rolls everything back.
    pub fn import_sync(
        &mut self,
        file: &SyncFile,
        file_hash: &str,
        opts: &ImportOptions,
    ) -> Result<ImportReceipt> {
        let mut plan = plan(self.conn(), self.device_id(), file)?;
        let now = self.clock().now();
        let mut warnings = Vec::new();
        let ahead: Vec<&&Revision> = plan
            .new
            .iter()
            .filter(|r| r.hlc.wall_ms > now.timestamp_millis() + SKEW_WARNING_MS)
            .collect();
        if let Some(max) = ahead.iter().map(|r| r.hlc.wall_ms).max() {
            let days = (max - now.timestamp_millis()) / (24 * 3600 * 1000);
            warnings.push(format!(
                "有 {} 条修订的时间比本机时钟晚约 {days} 天，请检查发送方或本机电脑的日期设置（数据已照常导入，不影响合并结果）",
                ahead.len()
            ));
        }
        let sender_name = if file.header.sender_name.is_empty() {
            file.header.sender.to_string().chars().take(8).collect()
        } else {
            file.header.sender_name.clone()
        };
        // Joplin's lesson: a file that would wipe most of the register is stopped and shown first, before
        // anything (even the backup) is written.
        let mut needs_confirmation = None;
        if plan.deletions >= MASS_DELETE_MIN && !opts.confirm_mass_delete {
            let alive: i64 = self.conn().query_row(
                "SELECT count(DISTINCT h.entity_id) FROM head h JOIN revision r USING (rev_id)
                 WHERE r.op = 'put' AND r.entity NOT IN ('calendar_year', 'deadline_rule', 'clause')",
                [],
                |r| r.get(0),
            )?;
            if plan.deletions * 2 > alive as u64 {
                let message = format!(
                    "导入此文件将删除 {} 条记录（本机现有 {alive} 条），超过半数；请确认对方确实删除了这些记录后再导入",
                    plan.deletions
                );
                if !opts.dry_run {
                    return Err(Error::NeedsConfirmation(message));
                }
                needs_confirmation = Some(message);
            }
        }
        let backup = if !opts.dry_run && !plan.new.is_empty() {
            Some(self.backup_before("sync")?.display().to_string())
        } else {
            None
        };
        let at = now.to_rfc3339();
        let mut receipt = ImportReceipt {
            at: at.clone(),
            file_hash: file_hash.to_string(),
            sender: file.header.sender.to_string(),
            sender_name,
            created: file.header.created.clone(),
            full: file.header.full,
            new_revisions: plan.new.len() as u64,
            known_revisions: plan.known,
            new_blobs: plan.new_blobs.len() as u64,
            known_blobs: plan.known_blobs,
            records_changed: 0,
            records_deleted: 0,
            conflicts_created: 0,
            conflicts_open: 0,
            collisions: 0,
            warnings,
            dry_run: opts.dry_run,
            needs_confirmation,
            backup,
            deadlines_moved: 0,
        };
        let commit = !opts.dry_run;
        let mut rows = std::mem::take(&mut plan.rows);
        let self_device = self.device_id();
        let written = self.transact("sync.import", commit, |tx| {
            // Planned before this transaction took the write lock: another window or command must not have
            // written since.
            if last_seq(&tx.tx)? != plan.last_seq {
                return Err(Error::ConcurrentChange(
                    "导入期间数据库被另一个窗口或命令改动，未导入任何内容；请重新导入".into(),
                ));
            }
            let numbers_before = count_number_conflicts(&tx.tx)?;
            // A laptop filled for the first time (or from a file bigger than what it holds) gets its register
            // and deadline indexes built once at the end instead of row by row. Only these tables: the import
            // itself looks up revisions, heads and a case's events and filings by their indexes.
            let held: i64 = tx.tx.query_row("SELECT count(*) FROM head", [], |r| r.get(0))?;
            if plan.fresh.len() >= BULK_MIN && plan.fresh.len() as i64 >= held {
                tx.defer_indexes(&["cases", "deadlines", "case_next_due"])?;
            }
            // The clock moves past what arrived (within reason: a laptop whose clock is a year ahead does not
            // drag this one along).
            let limit = now.timestamp_millis() + SKEW_WARNING_MS;
            let mut entities = BTreeSet::new();
            let new_ids: BTreeSet<&str> = plan.new.iter().map(|r| r.rev_id.as_str()).collect();
            for rev in &plan.new {
                let body = file.canonical_bodies.get(&rev.rev_id).map(String::as_str);
                revisions::insert(&tx.tx, rev, body)?;
                entities.insert(rev.entity_id);
                // A revision already here that a new one supersedes stops being a head.
                for p in rev.parents.iter().filter(|p| !new_ids.contains(p.as_str())) {
                    revisions::drop_head(&tx.tx, rev.entity_id, p)?;
                }
                if rev.hlc.wall_ms <= limit && rev.hlc > tx.hlc {
                    tx.hlc = rev.hlc;
                }
            }
            for (sha, bytes) in &plan.new_blobs {
                tx.tx.execute(
                    "INSERT INTO blob (sha256, size, bytes) VALUES (?1, ?2, ?3)",
                    params![sha, bytes.len() as i64, bytes],
                )?;
            }
            // Heads move once per entity, not once per revision: each new head replaces the parents it names.
            for rev in &plan.heads {
                revisions::set_head(&tx.tx, rev)?;
            }
            let at_hand: BTreeMap<&str, &Revision> =
                plan.new.iter().map(|r| (r.rev_id.as_str(), *r)).collect();
            // A record seen for the first time with one head is simply written: no merge, no earlier row, no
            // conflict to clear (most of a first import).
            let mut single: BTreeMap<Uuid, Option<&Revision>> = BTreeMap::new();
            for h in &plan.heads {
                single
                    .entry(h.entity_id)
                    .and_modify(|s| *s = None)
                    .or_insert(Some(*h));
            }
            let mut sql: BTreeMap<EntityKind, String> = BTreeMap::new();
            for id in &entities {
                if let (true, Some(Some(head))) = (plan.fresh.contains(id), single.get(id)) {
                    // (A record created and deleted elsewhere leaves no row.)
                    if let Some(row) = rows.remove(head.rev_id.as_str()) {
                        let sql = sql
                            .entry(row.kind)
                            .or_insert_with(|| by_kind!(row.kind, project_sql(false)));
                        insert_row(&tx.tx, sql, row.values)?;
                        tx.touched_cases.extend(row.case_id);
                    }
                    if matches!(head.entity, EntityKind::CalendarYear | EntityKind::DeadlineRule) {
                        tx.reference_changed = true;
                    }
                    receipt.records_changed += 1;
                    continue;
                }
                let r = tx.refresh_entity(*id, Some(&at_hand))?;
                receipt.records_changed += 1;
                if r.was_alive && !r.alive {
                    receipt.records_deleted += 1;
                }
                if r.conflict_after && !r.conflict_before {
                    receipt.conflicts_created += 1;
                }
            }
            // The register's indexes are complete now and find duplicate numbers at once.
            tx.build_deferred_indexes("cases")?;
            receipt.collisions = tx.refresh_number_conflicts()?;
            receipt.conflicts_created += receipt.collisions.saturating_sub(numbers_before);
            receipt.conflicts_open = tx.tx.query_row(
                "SELECT count(DISTINCT entity_id) FROM conflicts",
                [],
                |r| r.get::<_, i64>(0),
            )? as u64;
            if commit {
                if file.header.sender != self_device {
                    remember_peer(&tx.tx, &file.header, &at)?;
                }
                let json = serde_json::to_string(&receipt)
                    .map_err(|e| Error::Refused(e.to_string()))?;
                tx.tx.execute(
                    "INSERT INTO sync_imports (at, file_hash, sender, receipt) VALUES (?1, ?2, ?3, ?4)",
                    params![receipt.at, receipt.file_hash, receipt.sender, json],
                )?;
            }
            tx.note(&receipt.summary());
            tx.revisions = plan.new.len() as i64;
            Ok(receipt)
        })?;
        let mut receipt = written.value;
        receipt.deadlines_moved = written.moves.len() as u64;
        Ok(receipt)
    }

    /// Every open conflict, cases first by registration number.
    pub fn conflicts(&self) -> Result<Vec<ConflictInfo>> {
        let mut stmt = self.conn().prepare(
            "SELECT entity_id, kind, entity, case_id, detail FROM conflicts ORDER BY case_id, entity, entity_id, kind",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let names = self.device_names()?;
        let me = self.device_id().to_string();
        rows.into_iter()
            .map(|(id, kind, entity, case_id, detail)| {
                conflict_info(&me, &names, &id, &kind, &entity, case_id, &detail)
            })
            .collect()
    }

    /// Device id → the name a person knows it by (this laptop's own, and every peer's).
    fn device_names(&self) -> Result<BTreeMap<String, String>> {
        let mut names: BTreeMap<String, String> = {
            let mut stmt = self.conn().prepare("SELECT device_id, name FROM peers")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let me = self
            .setting("device_name")?
            .unwrap_or_else(|| "本机".into());
        names.insert(self.device_id().to_string(), format!("{me}（本机）"));
        Ok(names)
    }

    /// A person's resolution of a fields or deletion conflict: a new revision on top of every head, with the
    /// chosen values, recorded as theirs.
    pub fn resolve_conflict(&mut self, id: Uuid, res: &Resolution) -> Result<Resolved> {
        let author = self.author().to_string();
        let device = self.device_id();
        self.transact("sync.resolve", true, |tx| {
            // Read inside the write lock: the heads decided on are the heads the revision supersedes.
            let Some((kind, view)) = entity_view(&tx.tx, id, None)? else {
                return Err(Error::not_found("记录", id));
            };
            let (body, message) = resolved_body(kind, &view, res)?;
            let heads = revisions::heads(&tx.tx, id)?;
            let hlc = tx.next_hlc();
            let deleted = body.is_none();
            let rev = Revision::new(
                kind,
                id,
                heads,
                device,
                hlc,
                &author,
                if deleted { Op::Delete } else { Op::Put },
                &message,
                body.unwrap_or(Value::Null),
            );
            revisions::insert(&tx.tx, &rev, None)?;
            revisions::set_head(&tx.tx, &rev)?;
            tx.messages.push(message);
            tx.revisions += 1;
            tx.refresh_entity(id, None)?;
            tx.refresh_number_conflicts()?;
            Ok(Resolved {
                rev_id: rev.rev_id,
                deleted,
            })
        })
        .map(|w| w.value)
    }

    /// Gives a record in a number conflict the next free number of its year (a case's 登记编号) or code and
    /// year (a letter's 文号); the other record keeps the number. A person chooses which.
    pub fn renumber(&mut self, id: Uuid) -> Result<String> {
        let in_number_conflict: bool = self
            .conn()
            .query_row(
                "SELECT 1 FROM conflicts WHERE entity_id = ?1 AND kind = 'number'",
                [id.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !in_number_conflict {
            return Err(Error::Refused("该记录没有编号冲突".into()));
        }
        self.write("sync.renumber", |tx| {
            let number = if let Some(mut case) = tx.get::<ReviewCase>(id)? {
                let old = case.reg_no.to_string();
                case.reg_no.serial = tx.next_reg_serial(case.reg_no.year)?;
                let new = case.reg_no.to_string();
                tx.put(&case, &format!("处理编号冲突：登记编号 {old} 改为 {new}"))?;
                new
            } else if let Some(mut letter) = tx.get::<OpinionLetter>(id)? {
                let Some(mut no) = letter.number.clone() else {
                    return Err(Error::Refused("该意见书没有文号".into()));
                };
                let old = no.to_string();
                no.serial = tx.next_letter_serial(&no.code, no.year)?;
                let new = no.to_string();
                letter.number = Some(no);
                tx.put(&letter, &format!("处理编号冲突：文号 {old} 改为 {new}"))?;
                new
            } else {
                return Err(Error::not_found("记录", id));
            };
            tx.refresh_number_conflicts()?;
            Ok(number)
        })
        .map(|w| w.value)
    }

    /// The newest import receipts, newest first.
    pub fn sync_receipts(&self, limit: usize) -> Result<Vec<ImportReceipt>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT receipt FROM sync_imports ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            if let Ok(receipt) = serde_json::from_str(&r?) {
                out.push(receipt);
            }
        }
        Ok(out)
    }
}

fn remember_peer(conn: &Connection, header: &Header, at: &str) -> Result<()> {
    let old: Option<(String, String)> = conn
        .query_row(
            "SELECT knowledge, last_file_at FROM peers WHERE device_id = ?1",
            [header.sender.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    // What the peer had is what its newest file says (it may have restored an older backup since, and then
    // has less); an older file imported late changes nothing.
    let knowledge = match old {
        Some((k, last)) if last > header.created => k,
        _ => serde_json::to_string(&header.knowledge)
            .map_err(|e| Error::Refused(format!("无法记录对方电脑：{e}")))?,
    };
    let json = knowledge;
    conn.execute(
        "INSERT INTO peers (device_id, name, knowledge, last_file_at, last_import, files)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, knowledge = excluded.knowledge,
             last_file_at = max(last_file_at, excluded.last_file_at), last_import = excluded.last_import,
             files = files + 1",
        params![
            header.sender.to_string(),
            header.sender_name,
            json,
            header.created,
            at
        ],
    )?;
    Ok(())
}

/// What a person decided for a conflicted entity: the new snapshot (`None` to delete it) and the history line.
/// Every conflicting field must be decided, by a version taken whole or a value of its own, and the result must
/// pass the record's own rules.
fn resolved_body(
    kind: EntityKind,
    view: &View,
    res: &Resolution,
) -> Result<(Option<Value>, String)> {
    if !view.in_conflict() {
        return Err(Error::Refused("该记录没有待处理的同步冲突".into()));
    }
    let taken = match &res.take {
        Some(t) => Some(
            view.sides
                .iter()
                .position(|s| s.rev_id.starts_with(t.as_str()) && t.len() >= 6)
                .ok_or_else(|| Error::invalid("采用版本", format!("{t} 不是此冲突的任一版本")))?,
        ),
        None => None,
    };
    if view.delete_conflict && taken.is_none() {
        return Err(Error::invalid(
            "采用版本",
            "一方删除了此记录、另一方作了修改：请选择保留哪一方",
        ));
    }
    if taken.is_some_and(|i| view.sides[i].deleted) {
        let title = record_title(kind, view.body.as_ref());
        return Ok((None, format!("处理同步冲突：删除「{title}」")));
    }
    for c in &res.fields {
        if !view.fields.iter().any(|f| f.path == c.path) {
            return Err(Error::invalid(
                "冲突字段",
                format!("「{}」没有冲突", c.path),
            ));
        }
    }
    let mut body = view.body.clone().unwrap_or(Value::Null);
    let mut described = Vec::new();
    for f in &view.fields {
        let label = crate::model::labels::field_label(kind, &f.path);
        let chosen = match res.fields.iter().find(|c| c.path == f.path) {
            Some(FieldChoice { value, .. }) => value.clone(),
            None => match taken {
                Some(i) => f.values[i].clone(),
                None => {
                    return Err(Error::invalid(
                        "冲突字段",
                        format!("「{label}」尚未选择采用哪一方"),
                    ))
                }
            },
        };
        if f.path == "*" {
            body = chosen;
        } else {
            set_path(&mut body, &f.path, chosen);
        }
        described.push(label);
    }
    by_kind!(kind, obeys_rules(&body))?;
    let what = if described.is_empty() {
        "保留记录".to_string()
    } else {
        described.join("、")
    };
    Ok((Some(body), format!("处理同步冲突：{what}")))
}

/// The snapshot reads as the record type and passes its rules (what a form would refuse).
fn obeys_rules<R: Record>(body: &Value) -> Result<()> {
    let record = R::deserialize(body)
        .map_err(|_| Error::invalid("冲突字段", "所填的值格式不对，无法保存"))?;
    record.check_rules()
}

/// Sets `a.b` (or `a`) in a JSON object.
fn set_path(body: &mut Value, path: &str, value: Value) {
    let mut target = body;
    let mut parts = path.split('.').peekable();
    while let Some(p) = parts.next() {
        let Some(map) = target.as_object_mut() else {
            return;
        };
        if parts.peek().is_none() {
            if value.is_null() {
                map.remove(p);
            } else {
                map.insert(p.to_string(), value);
            }
            return;
        }
        target = map
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

fn conflict_info(
    me: &str,
    names: &BTreeMap<String, String>,
    id: &str,
    kind: &str,
    entity: &str,
    case_id: Option<String>,
    detail: &str,
) -> Result<ConflictInfo> {
    let entity: EntityKind = entity.parse().map_err(Error::Refused)?;
    let entity_id: Uuid = id
        .parse()
        .map_err(|_| Error::Refused(format!("冲突记录编号无效：{id}")))?;
    let detail: Value = serde_json::from_str(detail).unwrap_or(Value::Null);
    let title = detail
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = match kind {
        "delete" => ConflictKind::Delete,
        "number" => ConflictKind::Number,
        _ => ConflictKind::Fields,
    };
    let mut info = ConflictInfo {
        entity_id,
        entity,
        entity_label: entity.label().to_string(),
        case_id: case_id.and_then(|c| c.parse().ok()),
        kind,
        title,
        number: detail
            .get("number")
            .and_then(Value::as_str)
            .map(str::to_string),
        sides: Vec::new(),
        fields: Vec::new(),
    };
    if kind != ConflictKind::Number {
        let d: ConflictDetail = serde_json::from_value(detail)
            .map_err(|e| Error::Refused(format!("冲突记录无法读取：{e}")))?;
        info.sides = d
            .sides
            .iter()
            .map(|s| ConflictSide {
                rev_id: s.rev_id.clone(),
                mine: s.device_id == me,
                device: names
                    .get(&s.device_id)
                    .cloned()
                    .unwrap_or_else(|| s.device_id.chars().take(8).collect()),
                author: s.author.clone(),
                at: s
                    .hlc
                    .parse::<Hlc>()
                    .ok()
                    .and_then(|h| chrono::DateTime::from_timestamp_millis(h.wall_ms))
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
                deleted: s.deleted,
            })
            .collect();
        info.fields = d
            .fields
            .iter()
            .map(|f| crate::sync::FieldConflictInfo {
                path: f.path.clone(),
                label: crate::model::labels::field_label(entity, &f.path),
                values: f.values.clone(),
                shown: f
                    .values
                    .iter()
                    .map(|v| crate::model::labels::field_display(entity, &f.path, v))
                    .collect(),
            })
            .collect();
    }
    Ok(info)
}
