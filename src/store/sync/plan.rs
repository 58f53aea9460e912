//! Planning an import before anything is written: the file's revisions parents first, checked against this
//! database (format, for whom, missing ancestors, one kind per record, readable bodies, blobs), and the rows
//! of the records it brings.

use super::*;

/// The checks an import makes before its transaction, on the file and the database read-only.
pub(super) struct Plan<'f> {
    /// Revisions the database lacks, parents before children.
    pub(super) new: Vec<&'f Revision>,
    /// The derived rows of the records new to this laptop with a single head (a put), by rev id.
    pub(super) rows: HashMap<&'f str, FreshRow>,
    /// Records this laptop has no revision of yet.
    pub(super) fresh: BTreeSet<Uuid>,
    /// Those of them no other new one supersedes: the heads they leave.
    pub(super) heads: Vec<&'f Revision>,
    pub(super) known: u64,
    /// Revisions of the file this laptop has, besides the built-in data: none means the file shares no
    /// history with this database (another office's, most likely).
    pub(super) shared: u64,
    pub(super) new_blobs: Vec<&'f (String, Vec<u8>)>,
    pub(super) known_blobs: u64,
    /// Records this laptop has that the file deletes (an office's own records; not the built-in data).
    pub(super) deletions: u64,
    /// The log's last arrival number when the plan was made: the transaction refuses a log that moved since.
    pub(super) last_seq: i64,
}

/// Entity kinds that are the built-in reference data rather than an office's records.
pub(super) const REFERENCE: &[EntityKind] = &[
    EntityKind::CalendarYear,
    EntityKind::DeadlineRule,
    EntityKind::Clause,
];

/// Per device, the newest HLC among the revisions this database has from it.
pub(super) fn knowledge(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_id, max(hlc) FROM revision GROUP BY device_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM revision", [], |r| {
            r.get(0)
        })?,
    )
}

pub(super) fn revision_entity(conn: &Connection, rev_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT entity_id FROM revision WHERE rev_id = ?1")?
        .query_row([rev_id], |r| r.get(0))
        .optional()?)
}

pub(super) fn entity_kind_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT entity FROM head WHERE entity_id = ?1 LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The kind of a case this laptop has (its row), by id.
pub(super) fn db_case_kind(conn: &Connection, id: Uuid) -> Result<Option<crate::model::CaseKind>> {
    let code: Option<String> = conn
        .prepare_cached("SELECT kind FROM cases WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(code.and_then(|c| crate::model::CaseKind::parse(&c).ok()))
}

pub(super) fn blob_known(conn: &Connection, sha: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM blob WHERE sha256 = ?1")?
        .query_row([sha], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records new to this laptop from which an import defers index building ([`Tx::defer_indexes`]).
pub(super) const BULK_MIN: usize = 10_000;
/// Revisions in a file beyond which the plan reads what this laptop has in one scan, not by lookups.
pub(super) const SCAN_OVER: usize = 5_000;

pub(super) fn count_number_conflicts(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM conflicts WHERE kind = 'number'",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

pub(super) fn refuse(reason: impl Into<String>) -> Error {
    Error::BadSyncFile(reason.into())
}

/// The new revisions with parents before children: as they came when the file is in that order already (a
/// file from this app always is, being the sender's log in arrival order), else sorted (Kahn's algorithm, ties
/// in file order).
pub(super) fn parents_first<'f>(
    new: &[&'f Revision],
    new_ids: &HashSet<&str>,
) -> Result<Vec<&'f Revision>> {
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

pub(super) fn plan<'f>(conn: &Connection, me: DeviceId, file: &'f SyncFile) -> Result<Plan<'f>> {
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
    let mut shared = 0;
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
            if rev.device_id != crate::store::revisions::SEED_DEVICE {
                shared += 1;
            }
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
    // The kind of a record this laptop has, by its id.
    let db_kind = |id: &str| -> Result<Option<String>> {
        match &all_kinds {
            Some(all) => Ok(all.get(id).cloned()),
            None => entity_kind_of(conn, id),
        }
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
                let k = db_kind(&id)?;
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
    // What will show must be a record this laptop would have kept from its own forms (`admit`); a superseded
    // body is only ever compared, in a merge. A record new to this laptop with a single head is written from
    // that head alone: its row is worked out here, once.
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
        let with_row = fresh && heads_of.get(&rev.entity_id) == Some(&1);
        by_kind!(rev.entity, admitted(rev, with_row))
    });
    // A case's kind is fixed when it is registered (a lawsuit never becomes a contract, on any path): every
    // revision of a case in the file names the kind the case has here, and they all name the same one.
    let mut case_kinds: HashMap<Uuid, crate::model::CaseKind> = HashMap::new();
    for rev in new
        .iter()
        .filter(|r| r.entity == EntityKind::Case && r.op == Op::Put)
    {
        let Some(kind) = crate::model::CaseKind::of_snapshot(&rev.body) else {
            continue; // a body that is no case is refused by admission, with its reason
        };
        let before = match case_kinds.get(&rev.entity_id) {
            Some(k) => Some(*k),
            None if db_kind(&rev.entity_id.to_string())?.is_some() => {
                db_case_kind(conn, rev.entity_id)?
            }
            None => None,
        };
        if let Some(was) = before.filter(|&k| k != kind) {
            return Err(refuse(format!(
                "{}把案件类别由「{}」改为「{}」：案件类别登记后不能改变；本机不会保存这样的记录",
                named(rev),
                was.label(),
                kind.label()
            )));
        }
        case_kinds.insert(rev.entity_id, kind);
    }
    // The case each record the file brings is on (a record's case never changes: the write path keeps it).
    let file_cases: HashMap<Uuid, Uuid> = new
        .iter()
        .filter(|r| r.op == Op::Put)
        .filter_map(|r| Some((r.entity_id, case_of_body(&r.body)?)))
        .collect();
    let mut rows = HashMap::new();
    // Every record a head names must exist, in the file or on this laptop, and be of the kind named (a case of
    // the kind named: a hearing's a lawsuit).
    let mut found: HashMap<uuid::Uuid, Option<EntityKind>> = HashMap::new();
    for (rev, admission) in shown.iter().zip(checked) {
        let (row, references) =
            admission.map_err(|why| refuse(format!("{why}；本机不会保存这样的记录")))?;
        for r in &references {
            let kind = match found.get(&r.id) {
                Some(k) => *k,
                None => {
                    let k = match file_kinds.get(&r.id) {
                        Some(k) => Some(*k),
                        None => db_kind(&r.id.to_string())?.and_then(|c| c.parse().ok()),
                    };
                    found.insert(r.id, k);
                    k
                }
            };
            if let Some(why) = dangling(rev, r, kind) {
                return Err(refuse(format!("{why}；本机不会保存这样的记录")));
            }
            if r.on_case.is_some() {
                let on = match file_cases.get(&r.id) {
                    Some(c) => Some(*c),
                    None => by_kind!(r.kind, case_of_row(conn, r.id))?,
                };
                if let Some(why) = wrong_case(rev, r, on) {
                    return Err(refuse(format!("{why}；本机不会保存这样的记录")));
                }
            }
            if !r.case_kinds.is_empty() {
                let case_kind = match case_kinds.get(&r.id) {
                    Some(k) => Some(*k),
                    None => db_case_kind(conn, r.id)?,
                };
                if let Some(why) = wrong_case_kind(rev, r, case_kind) {
                    return Err(refuse(format!("{why}；本机不会保存这样的记录")));
                }
            }
        }
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
        shared,
        new_blobs,
        known_blobs,
    })
}
