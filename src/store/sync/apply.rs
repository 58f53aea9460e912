//! Applying a planned import in one transaction (after a backup), the receipt, and the peers' knowledge.

use super::*;

impl Store {
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
        if plan.shared == 0 && !plan.new.is_empty() && self.revision_count()? > 0 {
            warnings.push(
                "此文件与本机数据没有任何共同的记录（内置数据除外），可能来自另一个单位的数据库；导入后双方的记录将合在一起，登记编号和文号可能大量重复，请确认来源".into(),
            );
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
            changes: Vec::new(),
        };
        let mut tally = ChangeTally::default();
        let commit = !opts.dry_run;
        // The new blobs' text for search, read on every core before the write lock is taken; a dry run, rolled
        // back anyway, reads none.
        let texts = if commit {
            crate::par::map(&plan.new_blobs, 2, |_, (_, bytes)| {
                Some(crate::search::extract::extract(bytes))
            })
        } else {
            vec![None; plan.new_blobs.len()]
        };
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
            if plan.new.iter().any(|r| r.author == crate::store::demo::DEMO_AUTHOR) {
                crate::store::demo::note_demo_data(&tx.tx)?;
            }
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
            for ((sha, bytes), text) in plan.new_blobs.iter().zip(&texts) {
                crate::store::blob_text::put(&tx.tx, sha, bytes, text.as_ref())?;
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
                        if let Some((key, parts)) = row.search {
                            tx.search_touched.insert(key);
                            if let Some(parts) = parts {
                                tx.search_prepared.insert(key, parts);
                            }
                        }
                    }
                    if matches!(head.entity, EntityKind::CalendarYear | EntityKind::DeadlineRule) {
                        tx.reference_changed = true;
                    }
                    receipt.records_changed += 1;
                    if head.op == Op::Put {
                        tally.added(head.entity, || record_title(head.entity, Some(&head.body)));
                    }
                    continue;
                }
                let kind = kind_of(&tx.tx, *id)?;
                let before = match kind {
                    Some(k) if tally.wants_example(k) => row_body(&tx.tx, k, *id)?,
                    _ => None,
                };
                let r = tx.refresh_entity(*id, Some(&at_hand))?;
                receipt.records_changed += 1;
                if let Some(kind) = kind {
                    match (r.was_alive, r.alive) {
                        (false, true) => tally.added(kind, || {
                            row_body(&tx.tx, kind, *id)
                                .ok()
                                .flatten()
                                .map(|b| record_title(kind, Some(&b)))
                                .unwrap_or_default()
                        }),
                        (true, false) => {
                            tally.deleted(kind, || record_title(kind, before.as_ref()))
                        }
                        (true, true) => {
                            let after = match &before {
                                Some(_) => row_body(&tx.tx, kind, *id)?,
                                None => None,
                            };
                            let in_conflict = if r.conflict_after && !r.conflict_before {
                                &r.conflict_fields[..]
                            } else {
                                &[]
                            };
                            tally.changed(kind, before.as_ref(), after.as_ref(), in_conflict);
                        }
                        (false, false) => {}
                    }
                }
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
            receipt.changes = tally.lines();
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

pub(super) fn remember_peer(conn: &Connection, header: &Header, at: &str) -> Result<()> {
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

/// The kind of an entity, from any of its revisions (an entity is of one kind).
fn kind_of(conn: &Connection, id: Uuid) -> Result<Option<EntityKind>> {
    let kind: Option<String> = conn
        .prepare_cached("SELECT entity FROM revision WHERE entity_id = ?1 LIMIT 1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(kind.and_then(|k| k.parse().ok()))
}

/// The record's stored body, if it has a row.
fn row_body(conn: &Connection, kind: EntityKind, id: Uuid) -> Result<Option<Value>> {
    let table = by_kind!(kind, table_name());
    let body: Option<String> = conn
        .prepare_cached(&format!("SELECT body FROM {table} WHERE id = ?1"))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn table_name<R: Record>() -> &'static str {
    R::TABLE
}

/// An import's changes by kind of record, with a few named examples of each, for the receipt.
#[derive(Default)]
struct ChangeTally(BTreeMap<EntityKind, KindTally>);

#[derive(Default)]
struct KindTally {
    added: u64,
    changed: u64,
    deleted: u64,
    /// (what happened, the record, the fields changed), up to [`EXAMPLES`] of each of 新增, 修改, 删除.
    examples: Vec<(&'static str, String, Vec<String>)>,
}

/// How many examples of each kind and each of 新增, 修改, 删除 the receipt names.
const EXAMPLES: usize = 3;

impl KindTally {
    fn examples_of(&self, what: &str) -> usize {
        self.examples.iter().filter(|(w, _, _)| *w == what).count()
    }
}

impl ChangeTally {
    /// Whether a change or deletion of this kind would still be named (so its record is worth reading).
    fn wants_example(&self, kind: EntityKind) -> bool {
        self.0
            .get(&kind)
            .is_none_or(|t| t.examples_of("修改") < EXAMPLES || t.examples_of("删除") < EXAMPLES)
    }

    fn example(
        &mut self,
        kind: EntityKind,
        what: &'static str,
        name: impl FnOnce() -> String,
        fields: Vec<String>,
    ) {
        let t = self.0.entry(kind).or_default();
        if t.examples_of(what) < EXAMPLES {
            t.examples.push((what, name(), fields));
        }
    }

    fn added(&mut self, kind: EntityKind, name: impl FnOnce() -> String) {
        self.0.entry(kind).or_default().added += 1;
        self.example(kind, "新增", name, Vec::new());
    }

    fn deleted(&mut self, kind: EntityKind, name: impl FnOnce() -> String) {
        self.0.entry(kind).or_default().deleted += 1;
        self.example(kind, "删除", name, Vec::new());
    }

    /// A record changed; `in_conflict` names the fields the two laptops changed differently, which the row
    /// shows provisionally until a person decides.
    fn changed(
        &mut self,
        kind: EntityKind,
        before: Option<&Value>,
        after: Option<&Value>,
        in_conflict: &[String],
    ) {
        self.0.entry(kind).or_default().changed += 1;
        if let (Some(b), Some(a)) = (before, after) {
            let mut fields: Vec<String> = crate::revision::history::changed(Some(b), a)
                .into_iter()
                .map(|(key, _, _)| crate::model::labels::label(kind, key, Some(a)))
                .filter(|l| !in_conflict.contains(l))
                .collect();
            fields.extend(in_conflict.iter().map(|l| format!("{l}（冲突待处理）")));
            self.example(kind, "修改", || record_title(kind, Some(a)), fields);
        }
    }

    /// 修改案件 1 件：2026-039 中小学校车接送服务合同（事项名称）; 新增意见书 2 份：…
    fn lines(&self) -> Vec<String> {
        let measure = |kind: EntityKind| match kind {
            EntityKind::Case => "件",
            EntityKind::Letter => "份",
            EntityKind::Person => "名",
            EntityKind::Unit | EntityKind::Attachment => "个",
            _ => "条",
        };
        let mut out = Vec::new();
        for (kind, t) in &self.0 {
            for (what, n) in [("新增", t.added), ("修改", t.changed), ("删除", t.deleted)] {
                if n == 0 {
                    continue;
                }
                let named: Vec<String> = t
                    .examples
                    .iter()
                    .filter(|(w, _, _)| *w == what)
                    .map(|(_, name, fields)| {
                        let name = name.trim().chars().take(30).collect::<String>();
                        if fields.is_empty() {
                            name
                        } else {
                            format!("{name}（{}）", fields.join("、"))
                        }
                    })
                    .collect();
                let more = if (named.len() as u64) < n { " 等" } else { "" };
                out.push(format!(
                    "{what}{} {n} {}：{}{more}",
                    kind.label(),
                    measure(*kind),
                    named.join("；")
                ));
            }
        }
        out
    }
}
