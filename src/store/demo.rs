//! The demo data's identity: every record the demo loader wrote carries its author, [`DEMO_AUTHOR`], on its
//! first revision — so the demo can be cleared later, record by record, with tombstones like any deletion,
//! leaving everything a person entered as it is.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use uuid::Uuid;

use super::{all_records, meta_get, meta_set, Record, Store, Tx};
use crate::error::{Error, Result};
use crate::model::{OpinionLetter, Person};
use crate::revision::EntityKind;

/// The author of every revision the demo loader writes.
pub const DEMO_AUTHOR: &str = "演示数据";

/// This laptop's note that demo records are here to clear (set by loading the demo or importing it, cleared by
/// clearing it): the start screen asks without reading the whole log.
const META_KEY: &str = "demo_data";

/// What clearing the demo did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoCleared {
    /// Records deleted, by kind label (案件 38 …), in the registry's order.
    pub deleted: Vec<(String, u64)>,
    /// Demo records kept because someone changed them or a record of their own names them (a real case's
    /// 送审单位 from the demo list), by kind label.
    pub kept: Vec<(String, u64)>,
}

impl Store {
    /// Whether demo records are here to clear.
    pub fn has_demo_data(&self) -> Result<bool> {
        match meta_get(self.conn(), META_KEY)?.as_deref() {
            Some(v) => Ok(v == "1"),
            None => {
                // A database from before the note: look once, and remember (not possible read-only).
                let here = !demo_records(self.conn())?.is_empty();
                let _ = meta_set(self.conn(), META_KEY, if here { "1" } else { "0" });
                Ok(here)
            }
        }
    }

    /// Notes that the demo has been loaded here.
    pub(crate) fn note_demo_loaded(&self) -> Result<()> {
        note_demo_data(self.conn())
    }

    /// Deletes the demo's records (tombstones, so other laptops learn of it by sync), children before the
    /// records they name. Kept: a demo record a person has changed, one a record of theirs names (a real case
    /// sent by a demo unit, a letter signed by the demo's 签发人), everything a kept record names, and a kept
    /// case whole, with its letters, filings, clock events and attachments.
    pub fn clear_demo(&mut self) -> Result<DemoCleared> {
        let written = self.write("demo.clear", |tx| {
            let plan = plan(tx.conn())?;
            for (kind, id) in &plan.doomed {
                by_kind!(*kind, delete_one(tx, *id))?;
            }
            meta_set(tx.conn(), META_KEY, "0")?;
            Ok(plan.cleared)
        })?;
        Ok(written.value)
    }
}

/// Notes that demo records have arrived (the loader, or a sync file that brings them).
pub(in crate::store) fn note_demo_data(conn: &Connection) -> Result<()> {
    meta_set(conn, META_KEY, "1")
}

struct Plan {
    doomed: Vec<(EntityKind, Uuid)>,
    cleared: DemoCleared,
}

/// What clearing the demo deletes and keeps, read in the clearing transaction.
fn plan(conn: &Connection) -> Result<Plan> {
    let demo = demo_records(conn)?;
    let edges = references(conn)?;
    let mut keep: BTreeSet<Uuid> = demo
        .iter()
        .filter(|(_, (_, touched))| *touched)
        .map(|(id, _)| *id)
        .collect();
    loop {
        let before = keep.len();
        for (from, to) in &edges {
            // What a person's record, or a kept one, names stays.
            if demo.contains_key(to) && (!demo.contains_key(from) || keep.contains(from)) {
                keep.insert(*to);
            }
            // A kept case stays whole.
            let case_kept =
                keep.contains(to) && demo.get(to).is_some_and(|(k, _)| *k == EntityKind::Case);
            if case_kept && demo.contains_key(from) {
                keep.insert(*from);
            }
        }
        if keep.len() == before {
            break;
        }
    }
    let count = |kinds: &mut dyn Iterator<Item = EntityKind>| {
        let mut by: BTreeMap<EntityKind, u64> = BTreeMap::new();
        for k in kinds {
            *by.entry(k).or_default() += 1;
        }
        by.into_iter()
            .map(|(k, n)| (k.label().to_string(), n))
            .collect::<Vec<_>>()
    };
    let mut doomed: Vec<(EntityKind, Uuid)> = demo
        .iter()
        .filter(|(id, _)| !keep.contains(id))
        .map(|(id, (kind, _))| (*kind, *id))
        .collect();
    if doomed.is_empty() {
        return Err(Error::Refused(if keep.is_empty() {
            "没有演示数据".into()
        } else {
            "剩下的演示数据都已被修改或被您自己的记录引用，予以保留".into()
        }));
    }
    // Children first: the registry lists a kind after the kinds it names.
    doomed.sort_by_key(|(kind, id)| (std::cmp::Reverse(*kind), *id));
    let cleared = DemoCleared {
        deleted: count(&mut doomed.iter().map(|(k, _)| *k)),
        kept: count(&mut keep.iter().filter_map(|id| demo.get(id).map(|(k, _)| *k))),
    };
    Ok(Plan { doomed, cleared })
}

/// Live records whose first revision is the demo's: kind, id, and whether a person has changed it since.
fn demo_records(conn: &Connection) -> Result<BTreeMap<Uuid, (EntityKind, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.entity, r.entity_id,
                EXISTS (SELECT 1 FROM revision o WHERE o.entity_id = r.entity_id AND o.author <> ?1)
         FROM revision r
         WHERE r.author = ?1 AND r.parents = '[]'
           AND NOT EXISTS (SELECT 1 FROM head h JOIN revision d ON d.rev_id = h.rev_id
                           WHERE h.entity_id = r.entity_id AND d.op = 'delete')",
    )?;
    let rows = stmt
        .query_map([DEMO_AUTHOR], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, id, touched)| {
            Some((
                id.parse().ok()?,
                (kind.parse::<EntityKind>().ok()?, touched),
            ))
        })
        .collect())
}

/// Every live record's references as `(from, to)` ids, and a letter's 签发人 (a name) as a reference to the
/// person of that name.
fn references(conn: &Connection) -> Result<Vec<(Uuid, Uuid)>> {
    fn of<R: Record>(conn: &Connection) -> Result<Vec<(Uuid, Uuid)>> {
        Ok(all_records::<R>(conn)?
            .iter()
            .flat_map(|r| {
                let from = r.uuid();
                r.references().into_iter().map(move |x| (from, x.id))
            })
            .collect())
    }
    let mut out = Vec::new();
    for &kind in EntityKind::ALL {
        out.extend(by_kind!(kind, of(conn))?);
    }
    let people: BTreeMap<String, Uuid> = all_records::<Person>(conn)?
        .into_iter()
        .map(|p| (p.name, p.id.0))
        .collect();
    for letter in all_records::<OpinionLetter>(conn)? {
        if let Some(p) = letter.signatory.as_ref().and_then(|n| people.get(n)) {
            out.push((letter.id.0, *p));
        }
    }
    Ok(out)
}

fn delete_one<R: Record>(tx: &mut Tx<'_>, id: Uuid) -> Result<()> {
    tx.delete::<R>(id, "清除演示数据").map(|_| ())
}
