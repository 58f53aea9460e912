//! `fashen check`: SQLite's own integrity check plus the revision log's invariants —
//! every rev id is the hash of its content, every parent exists, the head table names exactly the revisions
//! nothing supersedes, and every derived row equals what its head revision says.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::sync::{admitted, dangling, wrong_case_kind};
use super::{revisions, Record, Store};
use crate::error::Result;
use crate::revision::{EntityKind, Revision};

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` result ("ok" when sound).
    pub integrity: String,
    pub revisions: usize,
    pub entities: usize,
    pub blobs: usize,
    /// Human-readable problems; empty when everything is consistent.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok" && self.problems.is_empty()
    }
}

impl Store {
    pub fn check(&self) -> Result<CheckReport> {
        let conn = self.conn();
        let integrity = {
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let lines = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            lines.join("; ")
        };
        let mut problems = Vec::new();
        let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
        if fk > 0 {
            problems.push(format!("{fk} 行外键引用失效"));
        }

        let revs = revisions::all(conn)?;
        let by_id: BTreeMap<&str, &Revision> =
            revs.iter().map(|r| (r.rev_id.as_str(), r)).collect();
        let mut superseded = BTreeSet::new();
        for r in &revs {
            if r.computed_id() != r.rev_id {
                problems.push(format!(
                    "修订 {} 的内容与其哈希不符（已被改动）",
                    short(&r.rev_id)
                ));
            }
            for p in &r.parents {
                match by_id.get(p.as_str()) {
                    None => problems.push(format!(
                        "修订 {} 的父修订 {} 不存在",
                        short(&r.rev_id),
                        short(p)
                    )),
                    Some(parent) if parent.entity_id != r.entity_id => {
                        problems.push(format!("修订 {} 的父修订属于另一条记录", short(&r.rev_id)))
                    }
                    Some(_) => {
                        superseded.insert(p.as_str());
                    }
                }
            }
        }
        let expected_heads: BTreeSet<(String, String)> = revs
            .iter()
            .filter(|r| !superseded.contains(r.rev_id.as_str()))
            .map(|r| (r.entity_id.to_string(), r.rev_id.clone()))
            .collect();
        let actual_heads: BTreeSet<(String, String)> = {
            let mut stmt = conn.prepare("SELECT entity_id, rev_id FROM head")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (e, r) in expected_heads.difference(&actual_heads) {
            problems.push(format!(
                "记录 {} 的当前修订 {} 未登记为头部",
                short(e),
                short(r)
            ));
        }
        for (e, r) in actual_heads.difference(&expected_heads) {
            problems.push(format!(
                "记录 {} 的头部 {} 已被后续修订取代或不存在",
                short(e),
                short(r)
            ));
        }

        // What each entity shows: its head, or the merge of its heads when sync has left several (the same
        // pure function the import uses).
        let mut heads_of: BTreeMap<&str, Vec<&Revision>> = BTreeMap::new();
        for (e, r) in &expected_heads {
            if let Some(rev) = by_id.get(r.as_str()) {
                heads_of.entry(e.as_str()).or_default().push(rev);
            }
        }
        let kinds_of: BTreeMap<&str, crate::revision::EntityKind> = heads_of
            .iter()
            .map(|(e, heads)| (*e, heads[0].entity))
            .collect();
        // The kind of each case, from its heads (one kind: an import refuses a change of kind).
        let mut case_kinds: BTreeMap<&str, crate::model::CaseKind> = BTreeMap::new();
        for (e, heads) in &heads_of {
            for rev in heads
                .iter()
                .filter(|r| r.entity == crate::revision::EntityKind::Case)
            {
                let Some(kind) = crate::model::CaseKind::of_snapshot(&rev.body) else {
                    continue;
                };
                if let Some(&was) = case_kinds.get(e).filter(|&&k| k != kind) {
                    problems.push(format!(
                        "案件 {} 的修订分支类别不一致（{}、{}）",
                        crate::ids::short(rev.entity_id),
                        was.label(),
                        kind.label()
                    ));
                }
                case_kinds.insert(e, kind);
            }
        }
        let mut current: BTreeMap<String, Current> = BTreeMap::new();
        let mut expected_conflicts = BTreeSet::new();
        for (e, heads) in &heads_of {
            // Every head must be a record the write path would have kept, naming records that exist (what an
            // import refuses).
            for rev in heads.iter().filter(|r| r.op == crate::revision::Op::Put) {
                match by_kind!(rev.entity, admitted(rev, false)) {
                    Err(why) => problems.push(why),
                    Ok((_, references)) => {
                        for r in &references {
                            let id = r.id.to_string();
                            let kind = kinds_of.get(id.as_str()).copied();
                            problems.extend(dangling(rev, r, kind));
                            if r.on_case.is_some() {
                                let on = heads_of
                                    .get(id.as_str())
                                    .and_then(|h| super::sync::case_of_body(&h[0].body));
                                problems.extend(super::sync::wrong_case(rev, r, on));
                            }
                            if !r.case_kinds.is_empty() {
                                let case_kind = case_kinds.get(id.as_str()).copied();
                                problems.extend(wrong_case_kind(rev, r, case_kind));
                            }
                        }
                    }
                }
            }
            let view = super::sync::merged_view(heads, &by_id);
            if view.in_conflict() {
                expected_conflicts.insert(e.to_string());
            }
            current.insert(
                e.to_string(),
                Current {
                    entity: heads[0].entity,
                    rev_id: view.winner.clone(),
                    body: view.body,
                },
            );
        }
        let actual_conflicts: BTreeSet<String> = {
            let mut stmt =
                conn.prepare("SELECT entity_id FROM conflicts WHERE kind IN ('fields', 'delete')")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for e in expected_conflicts.symmetric_difference(&actual_conflicts) {
            problems.push(format!("记录 {} 的同步冲突标记与其修订不一致", short(e)));
        }
        let entities = current.len();
        for &kind in EntityKind::ALL {
            by_kind!(kind, check_derived(self, &current, &mut problems))?;
        }
        for case in self.stale_deadlines()? {
            problems.push(format!("案件 {case} 的期限与重新计算的结果不一致"));
        }

        let mut blobs = 0;
        {
            // Each blob's text for search is derived from its bytes: it must be what extracting them gives.
            let mut stmt = conn.prepare("SELECT sha256, size, bytes FROM blob")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                blobs += 1;
                let key: String = row.get(0)?;
                let size: i64 = row.get(1)?;
                let bytes: Vec<u8> = row.get(2)?;
                if hex::encode(Sha256::digest(&bytes)) != key || bytes.len() as i64 != size {
                    problems.push(format!("附件内容 {} 与其哈希不符", short(&key)));
                }
                let stored = super::blob_text::get(conn, &key)?;
                let interrupted = stored.as_ref().is_some_and(|t| {
                    t.state
                        == crate::search::extract::State::Unreadable(
                            super::blob_text::INTERRUPTED.into(),
                        )
                });
                // (A file whose extraction once killed the process is not extracted again here.)
                if !interrupted && stored != Some(crate::search::extract::extract(&bytes)) {
                    problems.push(format!(
                        "附件内容 {} 的检索文字与重新提取的结果不一致",
                        short(&key)
                    ));
                }
            }
        }

        // Two laptops can give out the same number offline; sync shows each such pair as a number conflict.
        // A duplicate without its conflict row would be a fault.
        let flagged: BTreeSet<String> = {
            let mut stmt = conn.prepare("SELECT entity_id FROM conflicts WHERE kind = 'number'")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (what, sql) in [
            (
                "登记编号",
                "SELECT c.id, c.reg_year || '-' || c.reg_serial FROM cases c
                 JOIN (SELECT reg_year, reg_serial FROM cases GROUP BY 1, 2 HAVING count(*) > 1)
                 USING (reg_year, reg_serial)",
            ),
            (
                "意见书文号",
                "SELECT l.id, l.no_code || '〔' || l.no_year || '〕' || l.no_serial || '号' FROM letters l
                 JOIN (SELECT no_code, no_year, no_serial FROM letters WHERE no_code IS NOT NULL
                       GROUP BY 1, 2, 3 HAVING count(*) > 1) USING (no_code, no_year, no_serial)",
            ),
        ] {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, number) = row?;
                if !flagged.contains(&id) {
                    problems.push(format!("{what}重复且未标记为冲突：{number}"));
                }
            }
        }

        problems.extend(search_problems(conn)?);

        Ok(CheckReport {
            integrity,
            revisions: revs.len(),
            entities,
            blobs,
            problems,
        })
    }
}

/// The search index against one built from the rows now: every section's text and every term's groups.
fn search_problems(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    if !super::search::is_current(conn)? {
        problems.push("搜索索引尚未建立或格式过旧（重新打开数据库即重建）".to_string());
        return Ok(problems);
    }
    let (sections, postings) = super::search::actual(conn)?;
    let (want_sections, want_postings) = super::search::expected(conn)?;
    let keys: BTreeSet<_> = sections.keys().chain(want_sections.keys()).collect();
    let stale = keys
        .into_iter()
        .filter(|k| sections.get(k) != want_sections.get(k))
        .count();
    if stale > 0 {
        problems.push(format!("搜索索引中有 {stale} 段文字与记录不符"));
    }
    let terms: BTreeSet<_> = postings.keys().chain(want_postings.keys()).collect();
    let wrong = terms
        .into_iter()
        .filter(|t| postings.get(t) != want_postings.get(t))
        .count();
    if wrong > 0 {
        problems.push(format!("搜索索引中有 {wrong} 个检索词的记录列表与记录不符"));
    }
    Ok(problems)
}

/// What an entity shows: the winning head's id and the (merged) snapshot, `None` when deleted.
struct Current {
    entity: crate::revision::EntityKind,
    rev_id: String,
    body: Option<serde_json::Value>,
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Every derived row of `R` must equal the projection of its entity's current revision, and no row may exist
/// without one.
fn check_derived<R: Record>(
    store: &Store,
    current: &BTreeMap<String, Current>,
    problems: &mut Vec<String>,
) -> Result<()> {
    let conn = store.conn();
    let cols: Vec<&str> = ["id", "rev_id", "body"]
        .iter()
        .chain(R::COLUMNS)
        .copied()
        .collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {}", cols.join(", "), R::TABLE))?;
    let mut actual: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let values = (0..cols.len())
            .map(|i| row.get::<_, Value>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Value::Text(id) = &values[0] {
            actual.insert(id.clone(), values);
        }
    }
    for (id, rev) in current.iter().filter(|(_, r)| r.entity == R::ENTITY) {
        let row = actual.remove(id);
        match (&rev.body, row) {
            (None, None) => {}
            (None, Some(_)) => problems.push(format!(
                "{} {} 已删除，但仍留有数据行",
                R::ENTITY.label(),
                short(id)
            )),
            (Some(_), None) => {
                problems.push(format!("{} {} 缺少数据行", R::ENTITY.label(), short(id)))
            }
            (Some(body), Some(row)) => {
                let record = match R::deserialize(body) {
                    Ok(r) => r,
                    Err(e) => {
                        problems.push(format!(
                            "{} {} 的修订内容无法读取：{e}",
                            R::ENTITY.label(),
                            short(id)
                        ));
                        continue;
                    }
                };
                let body_matches = match &row[2] {
                    Value::Text(b) => {
                        serde_json::from_str::<serde_json::Value>(b).ok()
                            == serde_json::to_value(&record).ok()
                    }
                    _ => false,
                };
                if row[1] != Value::Text(rev.rev_id.clone())
                    || !body_matches
                    || row[3..] != record.values()[..]
                {
                    problems.push(format!(
                        "{} {} 的数据行与当前修订不一致",
                        R::ENTITY.label(),
                        short(id)
                    ));
                }
            }
        }
    }
    for id in actual.keys() {
        problems.push(format!(
            "{} {} 的数据行没有对应的修订",
            R::ENTITY.label(),
            short(id)
        ));
    }
    Ok(())
}
