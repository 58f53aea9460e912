//! The demo data's identity: every record the demo loader wrote carries its author, [`DEMO_AUTHOR`], on its
//! first revision — so the demo can be cleared later, record by record, with tombstones like any deletion,
//! leaving everything a person entered as it is.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use super::{Record, Store, Tx};
use crate::error::Result;
use crate::revision::EntityKind;

/// The author of every revision the demo loader writes.
pub const DEMO_AUTHOR: &str = "演示数据";

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
    /// Whether any demo record is still here.
    pub fn has_demo_data(&self) -> Result<bool> {
        Ok(!demo_records(self.conn())?.is_empty())
    }
}

/// Live records whose first revision is the demo's: kind, id, and whether a person has changed it since.
fn demo_records(conn: &rusqlite::Connection) -> Result<BTreeMap<Uuid, (EntityKind, bool)>> {
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

/// Every live record's references: `(from, to)` ids.
fn all_references(store: &Store) -> Result<Vec<(Uuid, Uuid)>> {
    fn of<R: Record>(store: &Store) -> Result<Vec<(Uuid, Uuid)>> {
        Ok(store
            .all::<R>()?
            .iter()
            .flat_map(|r| {
                let from = r.uuid();
                r.references().into_iter().map(move |x| (from, x.id))
            })
            .collect())
    }
    let mut out = Vec::new();
    for &kind in EntityKind::ALL {
        out.extend(by_kind!(kind, of(store))?);
    }
    Ok(out)
}

impl Store {
    /// Deletes the demo's records (tombstones, so other laptops learn of it by sync), children before the
    /// records they name. A demo record a person has changed, or one a record of theirs names, is kept, and
    /// so is everything it names in turn.
    pub fn clear_demo(&mut self) -> Result<DemoCleared> {
        let demo = demo_records(self.conn())?;
        let references = all_references(self)?;
        let mut keep: BTreeSet<Uuid> = demo
            .iter()
            .filter(|(_, (_, touched))| *touched)
            .map(|(id, _)| *id)
            .collect();
        // What a person's record names stays, and what a kept record names, until nothing more is added.
        loop {
            let before = keep.len();
            for (from, to) in &references {
                if demo.contains_key(to) && (!demo.contains_key(from) || keep.contains(from)) {
                    keep.insert(*to);
                }
            }
            if keep.len() == before {
                break;
            }
        }
        let mut cleared = DemoCleared::default();
        let count = |ids: &mut dyn Iterator<Item = EntityKind>| {
            let mut by: BTreeMap<EntityKind, u64> = BTreeMap::new();
            for k in ids {
                *by.entry(k).or_default() += 1;
            }
            by.into_iter()
                .map(|(k, n)| (k.label().to_string(), n))
                .collect::<Vec<_>>()
        };
        cleared.kept = count(&mut keep.iter().filter_map(|id| demo.get(id).map(|(k, _)| *k)));
        let mut doomed: Vec<(EntityKind, Uuid)> = demo
            .iter()
            .filter(|(id, _)| !keep.contains(id))
            .map(|(id, (kind, _))| (*kind, *id))
            .collect();
        if doomed.is_empty() {
            return Err(crate::Error::Refused(if keep.is_empty() {
                "没有演示数据".into()
            } else {
                "剩下的演示数据都已被修改或被您自己的记录引用，予以保留".into()
            }));
        }
        // Children first: the registry lists a kind after the kinds it names.
        doomed.sort_by_key(|(kind, id)| (std::cmp::Reverse(*kind), *id));
        cleared.deleted = count(&mut doomed.iter().map(|(k, _)| *k));
        self.write("demo.clear", |tx| {
            for (kind, id) in &doomed {
                by_kind!(*kind, delete_one(tx, *id))?;
            }
            Ok(())
        })?;
        Ok(cleared)
    }
}

fn delete_one<R: Record>(tx: &mut Tx<'_>, id: Uuid) -> Result<()> {
    tx.delete::<R>(id, "清除演示数据").map(|_| ())
}
