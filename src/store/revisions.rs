//! SQL of the revision log and its heads, and the history query over it.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::ids::DeviceId;
use crate::revision::{Hlc, Op, Revision};

/// The device id of built-in data (`store::seed`): no laptop's.
pub(crate) const SEED_DEVICE: DeviceId = DeviceId(Uuid::nil());

/// Appends `rev` to the log. `canonical_body` is its body's canonical JSON when the caller has it already
/// (an import's reader wrote it to check the id).
pub(super) fn insert(
    conn: &Connection,
    rev: &Revision,
    canonical_body: Option<&str>,
) -> Result<()> {
    let parents = serde_json::to_string(&rev.parents).map_err(|e| Error::Refused(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO revision (rev_id, entity, entity_id, parents, device_id, hlc, author, op, schema, message, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        rev.rev_id,
        rev.entity.code(),
        rev.entity_id.to_string(),
        parents,
        rev.device_id.to_string(),
        rev.hlc.to_string(),
        rev.author,
        rev.op.code(),
        rev.schema,
        rev.message,
        match canonical_body {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => std::borrow::Cow::Owned(crate::revision::canonical_json(&rev.body)),
        },
    ])?;
    Ok(())
}

/// The current head rev ids of an entity (one, unless sync has brought concurrent edits).
pub(super) fn heads(conn: &Connection, entity_id: Uuid) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT rev_id FROM head WHERE entity_id = ?1 ORDER BY rev_id")?;
    let rows = stmt.query_map([entity_id.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `rev_id` is no longer a head of the entity (a revision superseding it arrived).
pub(super) fn drop_head(conn: &Connection, entity_id: Uuid, rev_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM head WHERE entity_id = ?1 AND rev_id = ?2")?
        .execute(params![entity_id.to_string(), rev_id])?;
    Ok(())
}

/// Makes `rev` a head in place of its parents.
pub(super) fn set_head(conn: &Connection, rev: &Revision) -> Result<()> {
    let id = rev.entity_id.to_string();
    for p in &rev.parents {
        conn.prepare_cached("DELETE FROM head WHERE entity_id = ?1 AND rev_id = ?2")?
            .execute(params![id, p])?;
    }
    conn.prepare_cached("INSERT INTO head (entity, entity_id, rev_id) VALUES (?1, ?2, ?3)")?
        .execute(params![rev.entity.code(), id, rev.rev_id])?;
    Ok(())
}

pub(super) const REVISION_COLUMNS: &str =
    "rev_id, entity, entity_id, parents, device_id, hlc, author, op, schema, message, body";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Revision> {
    RawRevision::from_row(r)?.parse()
}

/// A revision row as SQLite gives it, before its text is parsed: a big read (a full sync export) takes the
/// rows on the connection's thread and parses them on every core.
pub(super) struct RawRevision {
    rev_id: String,
    entity: String,
    entity_id: String,
    parents: String,
    device: String,
    hlc: String,
    author: String,
    op: String,
    schema: u32,
    message: String,
    body: String,
}

impl RawRevision {
    pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<RawRevision> {
        Ok(RawRevision {
            rev_id: r.get(0)?,
            entity: r.get(1)?,
            entity_id: r.get(2)?,
            parents: r.get(3)?,
            device: r.get(4)?,
            hlc: r.get(5)?,
            author: r.get(6)?,
            op: r.get(7)?,
            schema: r.get(8)?,
            message: r.get(9)?,
            body: r.get(10)?,
        })
    }

    pub(super) fn parse(&self) -> rusqlite::Result<Revision> {
        let bad = |i: usize, e: String| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        };
        Ok(Revision {
            rev_id: self.rev_id.clone(),
            entity: self.entity.parse().map_err(|e| bad(1, e))?,
            entity_id: self
                .entity_id
                .parse()
                .map_err(|e: uuid::Error| bad(2, e.to_string()))?,
            parents: serde_json::from_str(&self.parents).map_err(|e| bad(3, e.to_string()))?,
            device_id: self
                .device
                .parse()
                .map_err(|e: uuid::Error| bad(4, e.to_string()))?,
            hlc: self.hlc.parse::<Hlc>().map_err(|e| bad(5, e))?,
            author: self.author.clone(),
            op: if self.op == "delete" {
                Op::Delete
            } else {
                Op::Put
            },
            schema: self.schema,
            message: self.message.clone(),
            body: serde_json::from_str(&self.body).map_err(|e| bad(10, e.to_string()))?,
        })
    }
}

/// Every revision, in local arrival order (for `check`).
pub(super) fn all(conn: &Connection) -> Result<Vec<Revision>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {REVISION_COLUMNS} FROM revision ORDER BY seq"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every revision of one entity.
pub(super) fn of_entity(conn: &Connection, id: Uuid) -> Result<Vec<Revision>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REVISION_COLUMNS} FROM revision WHERE entity_id = ?1"
    ))?;
    let rows = stmt.query_map([id.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn by_id(conn: &Connection, rev_id: &str) -> Result<Option<Revision>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {REVISION_COLUMNS} FROM revision WHERE rev_id = ?1"
        ))?
        .query_row([rev_id], from_row)
        .optional()?)
}

impl Store {
    /// How many revisions people recorded (0: nothing was ever entered here). The built-in calendar and rules
    /// that every database starts with do not count.
    pub fn revision_count(&self) -> Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM revision WHERE device_id != ?1",
            [SEED_DEVICE.to_string()],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Every revision of one entity and, for a case, of the records that hang off it (letters, filings, clock
    /// events, attachments), oldest first, each with its (first) parent's snapshot. It is a query over the
    /// revision log; nothing else is consulted. `actions::history` words it.
    pub fn history_revisions(
        &self,
        entity_id: Uuid,
    ) -> Result<Vec<(Revision, Option<serde_json::Value>)>> {
        let id = entity_id.to_string();
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {REVISION_COLUMNS} FROM revision WHERE entity_id IN (
                 SELECT ?1
                 UNION SELECT id FROM letters WHERE case_id = ?1
                 UNION SELECT id FROM filings WHERE case_id = ?1
                 UNION SELECT id FROM clock_events WHERE case_id = ?1
                 UNION SELECT id FROM attachments WHERE case_id = ?1)
             ORDER BY hlc, rev_id"
        ))?;
        let revs = stmt
            .query_map([&id], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(revs.len());
        for rev in revs {
            let parent = match rev.parents.first() {
                Some(p) => by_id(self.conn(), p)?.map(|r| r.body),
                None => None,
            };
            out.push((rev, parent));
        }
        Ok(out)
    }
}
