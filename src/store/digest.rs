//! A digest of a database file's whole content, to prove that a refused action changed nothing.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// SHA-256 over the schema version and every row of every table, in a fixed order. Two files with the same
/// digest hold the same data; the file is opened read-only, so taking the digest changes nothing.
pub fn content_digest(path: &Path) -> Result<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut h = Sha256::new();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    h.update(v.to_le_bytes());
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in tables {
        h.update(t.as_bytes());
        let n = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))?
            .column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut s = conn.prepare(&format!(
            "SELECT * FROM \"{t}\" ORDER BY {}",
            order.join(", ")
        ))?;
        let mut rows = s.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i)?;
                h.update(format!("{v:?}|").as_bytes());
            }
        }
    }
    Ok(hex::encode(h.finalize()))
}
