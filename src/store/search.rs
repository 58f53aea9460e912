//! The search index (issue 19): derived from the records' rows like every other projection, written in the
//! same transaction as the change that makes it stale, never synced, rebuilt when its format changes and
//! compared with a rebuild by `fashen check`. The terms, the folding and the query language are
//! `crate::search`; this is where they are kept.
//!
//! Tables (migration v7):
//! - `search_group`: a number for each group (a case with its letters, filings and attachments; or a unit, a
//!   person, a clause), so a posting is a compact bitmap of small integers.
//! - `search_section`: each group's text in up to three sections ([`Section`]), rebuilt whole when a record in
//!   it changes: the parts' texts and where each is, for confirming a long word and showing a snippet.
//! - `search_term`: for each term key (a pair of characters at a rank) the groups whose text has it, as a
//!   roaring bitmap.
//! - `search_pending`: changes to the postings since they were last merged, one row per (term, group): an
//!   ordinary write adds a few dozen of these small rows instead of rewriting bitmaps of thousands of groups.
//!   Reading a posting applies them; once there are many, or a bulk write (a sync import, a rebuild) comes,
//!   they are merged into `search_term`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use roaring::RoaringBitmap;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{meta_get, meta_set, Record};
use crate::error::{Error, Result};
use crate::revision::EntityKind;
use crate::search::{self, Part, Query, Rank, Section, Snippet};

/// The index's format: a build that indexes differently bumps it, and opening the database rebuilds.
pub(super) const FORMAT: &str = "2";

/// Merged into `search_term` once this many pending rows have been written.
const MERGE_PENDING_AT: i64 = 50_000;

/// A write that changes more postings than this merges them into `search_term` directly.
const BULK_DELTAS: usize = 20_000;

/// The two thresholds above; a debug build (the tests') may lower both with `FASHEN_TEST_SEARCH_MERGE=1`, so
/// small test corpora take the merging paths too. A release build has no such hook.
fn thresholds() -> (i64, usize) {
    #[cfg(debug_assertions)]
    if std::env::var_os("FASHEN_TEST_SEARCH_MERGE").is_some() {
        return (40, 30);
    }
    (MERGE_PENDING_AT, BULK_DELTAS)
}

/// Time spent keeping the index in this process, for `fashen bench --search` (what each write adds).
static INDEXING_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub(super) fn count_time(d: std::time::Duration) {
    let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    INDEXING_NANOS.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
}

/// How long this process's writes have spent bringing the search index in step.
pub fn indexing_time() -> std::time::Duration {
    std::time::Duration::from_nanos(INDEXING_NANOS.load(std::sync::atomic::Ordering::Relaxed))
}

/// The searchable text a record gives, before the names it refers to are looked up.
#[derive(Debug, Default)]
pub struct Parts(Vec<Raw>);

#[derive(Debug)]
struct Raw {
    rank: Rank,
    place: String,
    source: Source,
}

#[derive(Debug)]
enum Source {
    Text(String),
    /// A unit's or a person's name, read when the section is built: renaming one re-indexes its cases.
    Names(Vec<Uuid>),
    /// The text of an attachment's bytes (`store/blob_text.rs`), page by page, read when the section is built.
    Attached {
        sha256: String,
        name: String,
    },
}

impl Parts {
    /// A text, unless it is blank.
    pub fn text(&mut self, rank: Rank, place: String, text: &str) {
        if !text.trim().is_empty() {
            self.0.push(Raw {
                rank,
                place,
                source: Source::Text(text.to_string()),
            });
        }
    }

    pub fn opt(&mut self, rank: Rank, place: String, text: Option<&str>) {
        if let Some(t) = text {
            self.text(rank, place, t);
        }
    }

    /// The names of the units or people `ids`, joined by `、`.
    pub fn names(&mut self, rank: Rank, place: String, ids: Vec<Uuid>) {
        if !ids.is_empty() {
            self.0.push(Raw {
                rank,
                place,
                source: Source::Names(ids),
            });
        }
    }
}

impl Parts {
    /// The text found in the bytes `sha256` of the attachment `name`, a part per page or sheet.
    pub fn attached(&mut self, rank: Rank, sha256: &str, name: &str) {
        self.0.push(Raw {
            rank,
            place: String::new(),
            source: Source::Attached {
                sha256: sha256.to_string(),
                name: name.to_string(),
            },
        });
    }
}

/// One section of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionKey {
    pub group: Uuid,
    pub section: Section,
    /// The kind of the group's own record (a case for a case's letters).
    pub kind: EntityKind,
}

/// The section a record's text is in, if it is searched.
pub(super) fn key_of<R: Record>(record: &R) -> Option<SectionKey> {
    R::SEARCHED.map(|section| SectionKey {
        group: record.search_group(),
        section,
        kind: if section == Section::Own {
            R::ENTITY
        } else {
            EntityKind::Case
        },
    })
}

/// The names of units and people, read once per write.
struct Names<'c> {
    conn: &'c Connection,
    known: HashMap<Uuid, Option<String>>,
}

impl Names<'_> {
    fn get(&mut self, id: Uuid) -> Result<Option<String>> {
        if let Some(n) = self.known.get(&id) {
            return Ok(n.clone());
        }
        let mut found = None;
        for table in ["units", "people"] {
            found = self
                .conn
                .prepare_cached(&format!("SELECT name FROM {table} WHERE id = ?1"))?
                .query_row([id.to_string()], |r| r.get::<_, String>(0))
                .optional()?;
            if found.is_some() {
                break;
            }
        }
        self.known.insert(id, found.clone());
        Ok(found)
    }

    fn resolve(&mut self, parts: Parts) -> Result<Vec<Part>> {
        let mut out = Vec::with_capacity(parts.0.len());
        let mut push = |rank, place: &str, text: &str| {
            if !text.trim().is_empty() {
                out.push(Part {
                    rank,
                    place: clean(place),
                    text: clean(text),
                });
            }
        };
        for raw in parts.0 {
            match raw.source {
                Source::Text(t) => push(raw.rank, &raw.place, &t),
                Source::Names(ids) => {
                    let mut names = Vec::new();
                    for id in ids {
                        names.extend(self.get(id)?);
                    }
                    push(raw.rank, &raw.place, &names.join("、"));
                }
                Source::Attached { sha256, name } => {
                    let pages = super::blob_text::get(self.conn, &sha256)?
                        .map(|t| t.pages)
                        .unwrap_or_default();
                    for (page, text) in pages {
                        push(raw.rank, &search::place::attachment(&page, &name), &text);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// A part's text as stored: the separator, like every control character, cannot occur in it.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn rows_parts<R: Record>(conn: &Connection, key: &SectionKey, out: &mut Parts) -> Result<()> {
    if R::SEARCHED != Some(key.section) {
        return Ok(());
    }
    let records: Vec<R> = if key.section == Section::Own {
        if R::ENTITY != key.kind {
            return Ok(());
        }
        super::get_record(conn, key.group)?.into_iter().collect()
    } else {
        super::records_where(conn, "case_id", &key.group.to_string())?
    };
    let mut records = records;
    records.sort_by_key(Record::uuid);
    for r in &records {
        r.search_parts(out);
    }
    Ok(())
}

/// A section's parts as the rows say now.
fn build(conn: &Connection, key: &SectionKey) -> Result<Parts> {
    let mut parts = Parts::default();
    for kind in EntityKind::ALL {
        by_kind!(*kind, rows_parts(conn, key, &mut parts))?;
    }
    Ok(parts)
}

/// The stored form of a section: where each part is, and the texts, each joined by the separator.
/// A place whose name (after `|`) is the previous place's is stored as its code and this mark: a letter's
/// twenty parts name its title once. (Names are cleaned of control characters, so the mark is unambiguous.)
const SAME_NAME: char = '\u{1}';

fn encode(parts: &[Part]) -> (String, String) {
    let sep = search::SEPARATOR.to_string();
    let mut last_name: Option<&str> = None;
    let places: Vec<String> = parts
        .iter()
        .map(|p| {
            let place = match p.place.split_once('|') {
                Some((code, name)) if last_name == Some(name) => format!("{code}{SAME_NAME}"),
                Some((_, name)) => {
                    last_name = Some(name);
                    p.place.clone()
                }
                None => {
                    last_name = None;
                    p.place.clone()
                }
            };
            format!("{}:{place}", p.rank as u8)
        })
        .collect();
    let texts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
    (places.join(&sep), texts.join(&sep))
}

fn decode(places: &str, text: &str) -> Vec<Part> {
    let mut last_name = String::new();
    places
        .split(search::SEPARATOR)
        .zip(text.split(search::SEPARATOR))
        .filter_map(|(place, text)| {
            let (rank, place) = place.split_once(':')?;
            let place = match place.strip_suffix(SAME_NAME) {
                Some(code) => format!("{code}|{last_name}"),
                None => {
                    last_name = place
                        .split_once('|')
                        .map(|(_, n)| n.to_string())
                        .unwrap_or_default();
                    place.to_string()
                }
            };
            Some(Part {
                rank: Rank::from_index(rank.parse().ok()?),
                place,
                text: text.to_string(),
            })
        })
        .collect()
}

fn group_no(conn: &Connection, group: Uuid) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT no FROM search_group WHERE key = ?1")?
        .query_row([group.as_bytes()], |r| r.get(0))
        .optional()?)
}

/// Numbers a new group. (The key is the id's 16 bytes, and the number is read back with
/// `last_insert_rowid` rather than `RETURNING`: a first import numbers 100 000 groups, and that took 0.50 s
/// with text keys and `RETURNING`, 0.06 s like this.)
fn new_group(conn: &Connection, key: &SectionKey) -> Result<i64> {
    let added = conn
        .prepare_cached(
            "INSERT INTO search_group (key, kind) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        )?
        .execute(params![key.group.as_bytes(), key.kind.code()])?;
    if added == 1 {
        return Ok(conn.last_insert_rowid());
    }
    // Numbered already (a record believed new that was not): the number it has.
    group_no(conn, key.group)?.ok_or_else(|| Error::Refused("搜索索引的组编号无法读取".into()))
}

fn section_id(no: i64, section: Section) -> i64 {
    no * 4 + section as i64
}

fn stored(conn: &Connection, id: i64) -> Result<Option<Vec<Part>>> {
    Ok(conn
        .prepare_cached("SELECT places, text FROM search_section WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(decode(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?))
        })
        .optional()?)
}

/// The cases whose text names the unit or person `id`.
fn naming(conn: &Connection, kind: EntityKind, id: Uuid) -> Result<Vec<Uuid>> {
    let sql = match kind {
        EntityKind::Unit => "SELECT id FROM cases WHERE unit_id = ?1",
        // Advisors are listed only in the body; a rename is rare enough for the scan.
        _ => "SELECT id FROM cases WHERE assignee_id = ?1 OR instr(body, ?1) > 0",
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let ids = stmt
        .query_map([id.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
}

/// Brings the sections `keys` (and the cases naming a renamed unit or person) in step with the rows, in the
/// writing transaction. `prepared` may hold the parts of records already decoded: records new to this laptop
/// (a sync import's), whose own group cannot exist yet, so their group and old text are not looked up.
pub(super) fn refresh(
    conn: &Connection,
    keys: &BTreeSet<SectionKey>,
    mut prepared: HashMap<SectionKey, Parts>,
) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut names = Names {
        conn,
        known: HashMap::new(),
    };
    // (section, its parts now, whether its record is new to this laptop)
    let mut todo: Vec<(SectionKey, Vec<Part>, bool)> = Vec::with_capacity(keys.len());
    let mut more = BTreeSet::new();
    for key in keys {
        let (parts, fresh) = match prepared.remove(key) {
            Some(p) => (p, key.section == Section::Own),
            None => (build(conn, key)?, false),
        };
        let parts = names.resolve(parts)?;
        if matches!(key.kind, EntityKind::Unit | EntityKind::Person) {
            // A renamed unit or person: the cases showing the old name are indexed again.
            if let Some(no) = group_no(conn, key.group)? {
                let old = stored(conn, section_id(no, key.section))?;
                if old.is_some_and(|o| o != parts) {
                    for case in naming(conn, key.kind, key.group)? {
                        more.insert(SectionKey {
                            group: case,
                            section: Section::Own,
                            kind: EntityKind::Case,
                        });
                    }
                }
            }
        }
        todo.push((*key, parts, fresh));
    }
    for key in more.difference(keys) {
        let parts = names.resolve(build(conn, key)?)?;
        todo.push((*key, parts, false));
    }

    // Each section's terms now, on every core for a bulk write.
    let new_terms = crate::par::map(&todo, 512, |_, (_, parts, _)| search::terms(parts));
    let mut adds: HashMap<i64, Vec<u32>> = HashMap::new();
    let mut removes: HashMap<i64, Vec<u32>> = HashMap::new();
    let mut deltas = 0usize;
    for ((key, parts, fresh), terms) in todo.iter().zip(new_terms) {
        let known = if *fresh {
            None
        } else {
            group_no(conn, key.group)?
        };
        let no = match known {
            Some(no) => no,
            None if parts.is_empty() => continue,
            None => new_group(conn, key)?,
        };
        let id = section_id(no, key.section);
        let old = if *fresh { None } else { stored(conn, id)? };
        let old_terms = old.as_deref().map(search::terms).unwrap_or_default();
        let grp = u32::try_from(no).map_err(|_| Error::Refused("搜索索引的编号用尽".into()))?;
        for t in search::only_in(&terms, &old_terms) {
            adds.entry(t).or_default().push(grp);
            deltas += 1;
        }
        for t in search::only_in(&old_terms, &terms) {
            removes.entry(t).or_default().push(grp);
            deltas += 1;
        }
        if parts.is_empty() {
            conn.prepare_cached("DELETE FROM search_section WHERE id = ?1")?
                .execute([id])?;
        } else if old.as_ref() != Some(parts) {
            let (places, text) = encode(parts);
            // A plain INSERT for a new section: no statement journal (see `project_sql`).
            let sql = if old.is_none() {
                "INSERT INTO search_section (id, places, text) VALUES (?1, ?2, ?3)"
            } else {
                "INSERT OR REPLACE INTO search_section (id, places, text) VALUES (?1, ?2, ?3)"
            };
            conn.prepare_cached(sql)?
                .execute(params![id, places, text])?;
        }
    }
    let (merge_at, bulk) = thresholds();
    if deltas > bulk {
        merge_pending(conn)?;
        apply_to_terms(conn, adds, removes)?;
    } else if deltas > 0 {
        let mut stmt = conn.prepare_cached(
            "INSERT OR REPLACE INTO search_pending (key, grp, present) VALUES (?1, ?2, ?3)",
        )?;
        for (present, map) in [(1, &adds), (0, &removes)] {
            for (key, groups) in map {
                for g in groups {
                    stmt.execute(params![key, g, present])?;
                }
            }
        }
        let pending = meta_get(conn, "search_pending")?
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
            + deltas as i64;
        if pending > merge_at {
            merge_pending(conn)?;
        } else {
            meta_set(conn, "search_pending", &pending.to_string())?;
        }
    }
    Ok(())
}

fn read_bitmap(bytes: &[u8]) -> Result<RoaringBitmap> {
    RoaringBitmap::deserialize_from(bytes)
        .map_err(|e| Error::Refused(format!("搜索索引已损坏（{e}），请运行 fashen check")))
}

/// Applies added and removed groups to the merged postings.
fn apply_to_terms(
    conn: &Connection,
    adds: HashMap<i64, Vec<u32>>,
    removes: HashMap<i64, Vec<u32>>,
) -> Result<()> {
    let mut keys: Vec<i64> = adds.keys().chain(removes.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    // Nothing to read back in an empty index (a first import, a rebuild): every key is new.
    let empty_index = conn
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM search_term)")?
        .query_row([], |r| r.get::<_, bool>(0))?;
    let empty = Vec::new();
    let mut bytes = Vec::new();
    for key in keys {
        let old: Option<Vec<u8>> = if empty_index {
            None
        } else {
            conn.prepare_cached("SELECT groups FROM search_term WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .optional()?
        };
        let mut map = match &old {
            Some(b) => read_bitmap(b)?,
            None => RoaringBitmap::new(),
        };
        let add = adds.get(&key).unwrap_or(&empty);
        match RoaringBitmap::from_sorted_iter(add.iter().copied()) {
            Ok(sorted) if old.is_none() => map = sorted,
            _ => map.extend(add.iter().copied()),
        }
        for g in removes.get(&key).unwrap_or(&empty) {
            map.remove(*g);
        }
        if map.is_empty() {
            if old.is_some() {
                conn.prepare_cached("DELETE FROM search_term WHERE key = ?1")?
                    .execute([key])?;
            }
        } else {
            bytes.clear();
            map.serialize_into(&mut bytes)
                .map_err(|e| Error::Refused(format!("无法写入搜索索引：{e}")))?;
            let sql = if old.is_none() {
                "INSERT INTO search_term (key, groups) VALUES (?1, ?2)"
            } else {
                "INSERT OR REPLACE INTO search_term (key, groups) VALUES (?1, ?2)"
            };
            conn.prepare_cached(sql)?.execute(params![key, bytes])?;
        }
    }
    Ok(())
}

/// Each pending change of the term keys `lo..=hi`: `(key, group, present)`.
fn each_pending(
    conn: &Connection,
    lo: i64,
    hi: i64,
    mut f: impl FnMut(i64, u32, bool),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, grp, present FROM search_pending WHERE key BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        f(r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? == 1);
    }
    Ok(())
}

/// The postings of the term keys `lo..=hi` as a reader sees them: the merged bitmaps with the pending changes
/// applied. (A key whose every group was removed is there, empty.)
fn postings(conn: &Connection, lo: i64, hi: i64) -> Result<BTreeMap<i64, RoaringBitmap>> {
    let mut out: BTreeMap<i64, RoaringBitmap> = BTreeMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT key, groups FROM search_term WHERE key BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query([lo, hi])?;
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?, read_bitmap(&r.get::<_, Vec<u8>>(1)?)?);
        }
    }
    each_pending(conn, lo, hi, |key, g, present| {
        let map = out.entry(key).or_default();
        if present {
            map.insert(g);
        } else {
            map.remove(g);
        }
    })?;
    Ok(out)
}

/// Folds every pending change into `search_term`.
fn merge_pending(conn: &Connection) -> Result<()> {
    let mut adds: HashMap<i64, Vec<u32>> = HashMap::new();
    let mut removes: HashMap<i64, Vec<u32>> = HashMap::new();
    each_pending(conn, i64::MIN, i64::MAX, |key, g, present| {
        let map = if present { &mut adds } else { &mut removes };
        map.entry(key).or_default().push(g);
    })?;
    apply_to_terms(conn, adds, removes)?;
    conn.execute("DELETE FROM search_pending", [])?;
    meta_set(conn, "search_pending", "0")
}

/// Every section the rows call for.
fn every_key(conn: &Connection) -> Result<BTreeSet<SectionKey>> {
    let mut keys = BTreeSet::new();
    for kind in EntityKind::ALL {
        by_kind!(*kind, all_keys(conn, &mut keys))?;
    }
    Ok(keys)
}

/// Every searched record's section.
fn all_keys<R: Record>(conn: &Connection, out: &mut BTreeSet<SectionKey>) -> Result<()> {
    if R::SEARCHED.is_none() {
        return Ok(());
    }
    for r in super::all_records::<R>(conn)? {
        out.extend(key_of(&r));
    }
    Ok(())
}

/// Builds the index again from the rows: a new database, an upgrade, or an index of an older format.
pub(super) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM search_pending; DELETE FROM search_term; DELETE FROM search_section;
         DELETE FROM search_group;",
    )?;
    refresh(conn, &every_key(conn)?, HashMap::new())?;
    merge_pending(conn)?;
    meta_set(conn, "search_index", FORMAT)
}

/// Brings in step the attachment sections of the cases holding the blobs `shas`, whose text was just
/// extracted anew.
pub(super) fn refresh_attachments(conn: &Connection, shas: &[String]) -> Result<()> {
    let shas = serde_json::Value::from(shas.to_vec()).to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT case_id FROM attachments WHERE sha256 IN (SELECT value FROM json_each(?1))",
    )?;
    let keys: BTreeSet<SectionKey> = stmt
        .query_map([shas], |r| r.get::<_, String>(0))?
        .filter_map(|case| Uuid::parse_str(&case.ok()?).ok())
        .map(|group| SectionKey {
            group,
            section: Section::Attached,
            kind: EntityKind::Case,
        })
        .collect();
    refresh(conn, &keys, HashMap::new())
}

/// Whether the stored index is of this build's format.
pub(super) fn is_current(conn: &Connection) -> Result<bool> {
    Ok(meta_get(conn, "search_index")?.as_deref() == Some(FORMAT))
}

/// What `fashen check` compares: each group's sections, named by the group's record, and each term's groups,
/// as bitmaps of this database's group numbers (a group without a number shows as a section mismatch).
pub(super) type Snapshot = (
    BTreeMap<(Uuid, i64), Vec<Part>>,
    BTreeMap<i64, RoaringBitmap>,
);

/// This database's group numbers.
fn numbering(conn: &Connection) -> Result<HashMap<i64, Uuid>> {
    let mut groups = HashMap::new();
    let mut stmt = conn.prepare("SELECT no, key FROM search_group")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Ok(u) = Uuid::from_slice(&r.get::<_, Vec<u8>>(1)?) {
            groups.insert(r.get(0)?, u);
        }
    }
    Ok(groups)
}

/// The index as stored, in the form of [`expected`].
pub(super) fn actual(conn: &Connection) -> Result<Snapshot> {
    let groups = numbering(conn)?;
    let mut sections = BTreeMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, places, text FROM search_section")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let group = groups.get(&(id / 4)).copied().unwrap_or(Uuid::nil());
            sections.insert(
                (group, id % 4),
                decode(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?),
            );
        }
    }
    let mut postings = postings(conn, i64::MIN, i64::MAX)?;
    postings.retain(|_, m| !m.is_empty());
    Ok((sections, postings))
}

/// The index the rows call for, built in memory (numbered as this database numbers its groups).
pub(super) fn expected(conn: &Connection) -> Result<Snapshot> {
    let numbers: HashMap<Uuid, i64> = numbering(conn)?.into_iter().map(|(n, u)| (u, n)).collect();
    let mut postings: BTreeMap<i64, RoaringBitmap> = BTreeMap::new();
    let sections = expected_sections(conn)?;
    for ((group, _), parts) in &sections {
        let Some(no) = numbers.get(group).and_then(|n| u32::try_from(*n).ok()) else {
            continue;
        };
        for t in search::terms(parts) {
            postings.entry(t).or_default().insert(no);
        }
    }
    Ok((sections, postings))
}

/// Every group's sections as the rows give them now.
fn expected_sections(conn: &Connection) -> Result<BTreeMap<(Uuid, i64), Vec<Part>>> {
    let keys = every_key(conn)?;
    let mut names = Names {
        conn,
        known: HashMap::new(),
    };
    let mut sections = BTreeMap::new();
    for key in keys {
        let parts = names.resolve(build(conn, &key)?)?;
        if !parts.is_empty() {
            sections.insert((key.group, key.section as i64), parts);
        }
    }
    Ok(sections)
}

/// One result: a group, the best rank its words were found at, and where.
#[derive(Debug, Clone)]
pub struct GroupHit {
    pub key: Uuid,
    pub kind: EntityKind,
    pub rank: Rank,
    pub hits: Vec<Hit>,
}

/// A place a word was found, with the text around it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// A [`crate::search::place`] code.
    pub place: String,
    pub snippet: Snippet,
}

/// A page of results and how many groups matched in all.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Groups matching in all; when not `exact`, at most this many (some long words' candidates beyond this
    /// page were not confirmed: a few may lack the word in a row).
    pub total: u64,
    pub exact: bool,
    pub groups: Vec<GroupHit>,
}

/// How many places a result shows.
const HITS_PER_GROUP: usize = 3;
/// A long word's pairs looked up: enough to leave few candidates to confirm.
const KEYS_PER_WORD: usize = 12;

/// A stored section's parts, each with its text folded for comparing.
type Loaded = Vec<(Part, Vec<char>)>;

/// What a search reads, with the sections it has loaded kept for the snippets.
struct Reader<'c> {
    conn: &'c Connection,
    sections: HashMap<i64, Option<Loaded>>,
}

impl Reader<'_> {
    /// The groups of one term key, with the changes not yet merged.
    fn posting(&self, key: i64) -> Result<RoaringBitmap> {
        Ok(postings(self.conn, key, key)?
            .remove(&key)
            .unwrap_or_default())
    }

    /// The groups containing a one-character word, per rank: every term starting with it.
    fn by_first_char(&self, c: char) -> Result<[RoaringBitmap; 4]> {
        let (lo, hi) = search::first_char_range(c);
        let mut out: [RoaringBitmap; 4] = Default::default();
        for (key, map) in postings(self.conn, lo, hi)? {
            out[search::key_rank(key) as usize] |= map;
        }
        Ok(out)
    }

    fn section(&mut self, id: i64) -> Result<&Option<Loaded>> {
        if !self.sections.contains_key(&id) {
            let parts = stored(self.conn, id)?.map(|parts| {
                parts
                    .into_iter()
                    .map(|p| {
                        let f = search::folded(&p.text);
                        (p, f)
                    })
                    .collect()
            });
            self.sections.insert(id, parts);
        }
        Ok(&self.sections[&id])
    }

    /// Whether the group's text at `rank` really contains `word`.
    fn confirm(&mut self, group: u32, rank: Rank, word: &[char]) -> Result<bool> {
        let id = section_id(group.into(), rank.section());
        Ok(self.section(id)?.as_ref().is_some_and(|parts| {
            parts
                .iter()
                .any(|(p, f)| p.rank == rank && search::find(f, word, 0).is_some())
        }))
    }

    /// The groups that may contain `word`, per rank: exactly for a word of one or two characters (each is
    /// one term), and for a longer one a superset (every pair of it is in the text, maybe not in a row), which
    /// is confirmed here at once when that is cheap and otherwise one group at a time as results are shown.
    fn word(&mut self, word: &[char]) -> Result<Candidates> {
        if let [c] = word {
            return Ok(Candidates {
                word: word.to_vec(),
                per_rank: self.by_first_char(*c)?,
                exact: true,
            });
        }
        let mut per_rank: [RoaringBitmap; 4] = Default::default();
        for rank in Rank::ALL {
            let mut found: Option<RoaringBitmap> = None;
            for key in search::word_keys(word, rank, KEYS_PER_WORD) {
                let p = self.posting(key)?;
                found = Some(match found {
                    Some(f) => f & p,
                    None => p,
                });
                if found.as_ref().is_some_and(RoaringBitmap::is_empty) {
                    break;
                }
            }
            per_rank[rank as usize] = found.unwrap_or_default();
        }
        let mut c = Candidates {
            word: word.to_vec(),
            per_rank,
            exact: word.len() <= 2,
        };
        if !c.exact && c.per_rank.iter().map(RoaringBitmap::len).sum::<u64>() <= CONFIRM_AT_ONCE {
            for rank in Rank::ALL {
                let mut confirmed = RoaringBitmap::new();
                for g in &c.per_rank[rank as usize] {
                    if self.confirm(g, rank, word)? {
                        confirmed.insert(g);
                    }
                }
                c.per_rank[rank as usize] = confirmed;
            }
            c.exact = true;
        }
        Ok(c)
    }

    /// The best rank at which `g` really contains the word, if it does.
    fn best_rank(&mut self, g: u32, c: &Candidates) -> Result<Option<Rank>> {
        for rank in Rank::ALL {
            if c.per_rank[rank as usize].contains(g)
                && (c.exact || self.confirm(g, rank, &c.word)?)
            {
                return Ok(Some(rank));
            }
        }
        Ok(None)
    }

    /// Where `g` belongs among the results: the worst of its words' best ranks; `None` if a word is not
    /// really in it or an excluded one is.
    fn level(&mut self, g: u32, must: &[Candidates], not: &[Candidates]) -> Result<Option<Rank>> {
        let mut level = Rank::Headline;
        for c in must {
            match self.best_rank(g, c)? {
                Some(r) => level = level.max(r),
                None => return Ok(None),
            }
        }
        for c in not {
            if self.best_rank(g, c)?.is_some() {
                return Ok(None);
            }
        }
        Ok(Some(level))
    }
}

/// The groups a word may be in, per rank; `exact` when every one is known to contain it.
struct Candidates {
    word: Vec<char>,
    per_rank: [RoaringBitmap; 4],
    exact: bool,
}

impl Candidates {
    fn any(&self) -> RoaringBitmap {
        self.per_rank
            .iter()
            .fold(RoaringBitmap::new(), |a, b| a | b)
    }

    /// The groups where the word may be at `rank` or a better one.
    fn within(&self, rank: Rank) -> RoaringBitmap {
        self.per_rank[..=rank as usize]
            .iter()
            .fold(RoaringBitmap::new(), |a, b| a | b)
    }
}

/// The SQL function `fashen_words_in(text, query)`: whether `text` holds the words of `query` as search reads
/// them (the query parsed once per statement). For filters whose words are in too many rows for a list of ids.
pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fashen_words_in",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let query = ctx.get_or_create_aux(1, |v| -> rusqlite::Result<Query> {
                Ok(Query::parse(v.as_str().unwrap_or("")))
            })?;
            let text = ctx.get_raw(0).as_str().unwrap_or("");
            // One buffer for every row of the statement, not an allocation per title.
            thread_local!(static FOLDED: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) });
            Ok(FOLDED.with_borrow_mut(|buf| {
                buf.clear();
                buf.extend(text.chars().map(search::fold));
                query.matches(buf)
            }))
        },
    )?;
    Ok(())
}

/// Cases a title filter lists by id, at most; more are found by `fashen_words_in` over the titles instead.
/// (A debug build lowers it with `FASHEN_TEST_SEARCH_MERGE=1`, so the demo's titles take both paths.)
fn title_ids_at_most() -> u64 {
    #[cfg(debug_assertions)]
    if std::env::var_os("FASHEN_TEST_SEARCH_MERGE").is_some() {
        return 3;
    }
    2_000
}

impl super::Store {
    /// The ids of the cases whose title holds every word of `query` and no excluded word, as search reads
    /// them: the register's 事项名称 filter. The index's headline postings give the candidates (a superset: a
    /// headline is also the document's numbers), their titles confirm them. `None` when the candidates are so
    /// many that a pass over the titles is cheaper (a common word, one character, only exclusions).
    pub(super) fn title_matches(&self, query: &Query) -> Result<Option<Vec<String>>> {
        if query.must.is_empty() {
            return Ok(None);
        }
        let conn = self.conn();
        let mut reader = Reader {
            conn,
            sections: HashMap::new(),
        };
        let mut groups: Option<RoaringBitmap> = None;
        for word in &query.must {
            let c = std::mem::take(&mut reader.word(word)?.per_rank[Rank::Headline as usize]);
            groups = Some(match groups {
                Some(g) => g & c,
                None => c,
            });
        }
        let groups = groups.unwrap_or_default();
        if groups.len() > title_ids_at_most() {
            return Ok(None);
        }
        let mut ids = Vec::new();
        let mut key = conn.prepare_cached("SELECT key FROM search_group WHERE no = ?1")?;
        let mut title = conn.prepare_cached("SELECT title FROM cases WHERE id = ?1")?;
        for g in &groups {
            let Some(k) = key.query_row([g], |r| r.get::<_, Vec<u8>>(0)).optional()? else {
                continue;
            };
            let Ok(id) = Uuid::from_slice(&k).map(|u| u.to_string()) else {
                continue;
            };
            let t: Option<String> = title.query_row([&id], |r| r.get(0)).optional()?;
            if t.is_some_and(|t| query.matches(&search::folded(&t))) {
                ids.push(id);
            }
        }
        Ok(Some(ids))
    }
}

/// A long word with at most this many candidate (group, rank) pairs is confirmed before anything else, so
/// the count of results is exact; with more, each result is confirmed as it is shown.
const CONFIRM_AT_ONCE: u64 = 400;

impl super::Store {
    /// The groups matching `query` (within `allowed`, when given), best first: those whose every word is in a
    /// headline before those found in the record's other fields, then in letters and filings, then in
    /// attachments; within a rank the group indexed last first (on a laptop that made them, the newest). `offset`/`limit` choose the page; each result
    /// carries up to three places with snippets.
    pub fn search(
        &self,
        query: &Query,
        allowed: Option<&RoaringBitmap>,
        offset: usize,
        limit: usize,
    ) -> Result<Found> {
        if query.is_empty() {
            return Ok(Found {
                exact: true,
                ..Found::default()
            });
        }
        // One snapshot for every read below (another process may be writing: the CLI beside the app).
        let _read = self.conn().unchecked_transaction()?;
        let mut reader = Reader {
            conn: self.conn(),
            sections: HashMap::new(),
        };
        let mut must = Vec::with_capacity(query.must.len());
        for word in &query.must {
            must.push(reader.word(word)?);
        }
        let mut not = Vec::with_capacity(query.not.len());
        for word in &query.not {
            not.push(reader.word(word)?);
        }
        // Every group that may match: each word somewhere, no excluded word known to be there.
        let mut all = must
            .iter()
            .map(Candidates::any)
            .reduce(|a, b| a & b)
            .unwrap_or_default();
        for c in not.iter().filter(|c| c.exact) {
            all -= c.any();
        }
        if let Some(a) = allowed {
            all &= a;
        }
        let unsure: Vec<Candidates> = not.into_iter().filter(|c| !c.exact).collect();
        let exact = must.iter().all(|c| c.exact) && unsure.is_empty();
        let mut total = all.len();
        let mut page = Vec::new();
        let mut skip = offset;
        let mut seen = RoaringBitmap::new();
        // Groups whose words turned out to be at a worse rank than their candidates said, per rank.
        let mut later: [Vec<u32>; 4] = Default::default();
        let mut complete = true;
        'ranks: for rank in Rank::ALL {
            let mut level = must
                .iter()
                .map(|c| c.within(rank))
                .reduce(|a, b| a & b)
                .unwrap_or_default()
                & &all;
            level -= &seen;
            seen |= &level;
            level.extend(later[rank as usize].iter().copied());
            for g in level.iter().rev() {
                if page.len() == limit {
                    complete = false;
                    break 'ranks;
                }
                if !exact {
                    match reader.level(g, &must, &unsure)? {
                        None => {
                            total -= 1;
                            continue;
                        }
                        Some(r) if r > rank => {
                            later[r as usize].push(g);
                            continue;
                        }
                        Some(_) => {}
                    }
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                page.push((g, rank));
            }
        }
        let mut groups = Vec::with_capacity(page.len());
        for (g, rank) in page {
            let (key, kind): (Vec<u8>, String) = self
                .conn()
                .prepare_cached("SELECT key, kind FROM search_group WHERE no = ?1")?
                .query_row([g], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let (Ok(key), Ok(kind)) = (Uuid::from_slice(&key), kind.parse::<EntityKind>()) else {
                continue;
            };
            let mut hits = Vec::new();
            for section in Section::ALL {
                let id = section_id(g.into(), section);
                if let Some(parts) = reader.section(id)? {
                    let mut found: Vec<(Rank, Hit)> = parts
                        .iter()
                        .filter_map(|(p, _)| {
                            search::snippet(&p.text, &query.must).map(|snippet| {
                                (
                                    p.rank,
                                    Hit {
                                        place: p.place.clone(),
                                        snippet,
                                    },
                                )
                            })
                        })
                        .collect();
                    found.sort_by_key(|(r, _)| *r);
                    hits.extend(found.into_iter().map(|(_, h)| h));
                }
                if hits.len() >= HITS_PER_GROUP {
                    break;
                }
            }
            hits.truncate(HITS_PER_GROUP);
            groups.push(GroupHit {
                key,
                kind,
                rank,
                hits,
            });
        }
        Ok(Found {
            total,
            // Every candidate was confirmed, or none needed to be.
            exact: exact || complete,
            groups,
        })
    }
}

impl super::Store {
    /// The bytes of the index's data: the sections' text and places, and the postings (pending rows counted at
    /// 12 bytes), before SQLite's page overhead — what `fashen bench --search` reports.
    pub fn search_index_bytes(&self) -> Result<(u64, u64)> {
        let sections: i64 = self.conn().query_row(
            "SELECT coalesce(sum(length(CAST(text AS BLOB)) + length(CAST(places AS BLOB))), 0) FROM search_section",
            [],
            |r| r.get(0),
        )?;
        let postings: i64 = self.conn().query_row(
            "SELECT coalesce(sum(length(groups)), 0) + (SELECT count(*) * 12 FROM search_pending) FROM search_term",
            [],
            |r| r.get(0),
        )?;
        Ok((sections as u64, postings as u64))
    }

    /// Every group's searchable texts as the rows give them now, built without the index: what a test
    /// compares the index's answers with (a substring scan of these is the definition of a match).
    pub fn searchable_texts(&self) -> Result<BTreeMap<Uuid, Vec<String>>> {
        let sections = expected_sections(self.conn())?;
        let mut out: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
        for ((group, _), parts) in sections {
            out.entry(group)
                .or_default()
                .extend(parts.into_iter().map(|p| p.text));
        }
        Ok(out)
    }
}

/// The size of the database at `path` and of a copy of it at `scratch` without the search index, both
/// vacuumed so free pages count in neither: what the index adds (`fashen bench --search`). The database must
/// not be open elsewhere.
pub fn sizes_with_and_without_search(
    path: &std::path::Path,
    scratch: &std::path::Path,
) -> Result<(u64, u64)> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
    drop(conn);
    std::fs::copy(path, scratch)?;
    let conn = Connection::open(scratch)?;
    conn.execute_batch(
        "DROP TABLE search_pending; DROP TABLE search_term; DROP TABLE search_section;
         DROP TABLE search_group; VACUUM;",
    )?;
    drop(conn);
    Ok((
        std::fs::metadata(path)?.len(),
        std::fs::metadata(scratch)?.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_reads_back_as_it_was_written_with_each_name_stored_once() {
        let part = |place: &str, text: &str| Part {
            rank: Rank::Related,
            place: place.into(),
            text: text.into(),
        };
        let parts = vec![
            part("letter:title|关于《合同》的意见", "关于《合同》的意见"),
            part("letter:finding:1:problem|关于《合同》的意见", "甲"),
            part("filing:note|上级政府", "乙"),
            part("letter:title|关于《合同》的意见", "丙"),
            part("case:reg_no", "2026-001"),
            part("attachment:name|a|b.pdf", "a|b.pdf"),
            part("attachment:label|a|b.pdf", "说明"),
        ];
        let (places, text) = encode(&parts);
        assert_eq!(places.matches("关于《合同》的意见").count(), 2, "{places}");
        assert_eq!(decode(&places, &text), parts);
    }
}
