//! The text of each attachment's bytes, for search: what `search::extract` finds in a blob, kept under the
//! blob's hash (migration v8). Derived like the search index — never synced — and kept in step with the
//! blobs: written with the blob (its caller extracts before taking the write lock), and when the store opens
//! for every blob without it or extracted by an older build (the store then refreshes the search sections of
//! the cases holding them).

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};
use crate::search::extract::{self, Extracted, State};

/// Stores bytes once under their hash (storing the same bytes again is a no-op), with their text (none in a
/// write that is rolled back anyway: a dry run).
pub(super) fn put(
    conn: &Connection,
    sha256: &str,
    bytes: &[u8],
    text: Option<&Extracted>,
) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO blob (sha256, size, bytes) VALUES (?1, ?2, ?3)")?
        .execute(params![sha256, bytes.len() as i64, bytes])?;
    text.map_or(Ok(()), |t| save(conn, sha256, t))
}

pub(super) fn save(conn: &Connection, sha256: &str, text: &Extracted) -> Result<()> {
    let detail = match &text.state {
        State::Unreadable(why) => Some(why.as_str()),
        _ => None,
    };
    conn.prepare_cached(
        "INSERT INTO blob_text (sha256, version, state, detail, truncated, pages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (sha256) DO UPDATE SET version = excluded.version, state = excluded.state,
             detail = excluded.detail, truncated = excluded.truncated, pages = excluded.pages",
    )?
    .execute(params![
        sha256,
        extract::VERSION,
        text.state.code(),
        detail,
        text.truncated,
        serde_json::to_string(&text.pages)
            .map_err(|e| Error::Refused(format!("附件文字无法保存：{e}")))?,
    ])?;
    Ok(())
}

/// The text of the blob `sha256`, if it has been extracted.
pub(super) fn get(conn: &Connection, sha256: &str) -> Result<Option<Extracted>> {
    let row = conn
        .prepare_cached("SELECT state, detail, truncated, pages FROM blob_text WHERE sha256 = ?1")?
        .query_row([sha256], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    let Some((state, detail, truncated, pages)) = row else {
        return Ok(None);
    };
    // A row that cannot be read counts as none: the next open extracts the blob again (`stale`), and
    // `fashen check` reports it meanwhile.
    Ok(serde_json::from_str(&pages).ok().map(|pages| Extracted {
        state: State::from_code(&state, detail),
        pages,
        truncated,
    }))
}

/// Blobs whose text is missing, unreadable or from another extractor version.
pub(super) fn stale(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT b.sha256 FROM blob b LEFT JOIN blob_text t ON t.sha256 = b.sha256
         WHERE t.version IS NOT ?1 OR NOT json_valid(t.pages)",
    )?;
    let rows = stmt
        .query_map([extract::VERSION], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// Why a blob's text is missing when an extraction started on open never finished (the process died in a
/// parser): the blob is not tried again at every open.
pub(super) const INTERRUPTED: &str = "上次读取未完成";

/// Notes, in its own commit, that `sha256` is being extracted: if a parser kills the process, the next open
/// finds this instead of trying the same file again.
pub(super) fn mark_started(conn: &mut Connection, sha256: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    save(
        &tx,
        sha256,
        &Extracted {
            state: State::Unreadable(INTERRUPTED.into()),
            pages: Vec::new(),
            truncated: false,
        },
    )?;
    tx.commit()?;
    Ok(())
}
