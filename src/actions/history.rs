//! The history timeline of a case (or any record): who changed what, when, on which laptop, each change
//! worded in Chinese. The store reads the revisions; the words are put on here.

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::error::Result;
use crate::model::labels::{display, label};
use crate::revision::{history::changed, EntityKind, Op};
use crate::store::Store;

/// One step of an entity's history: who changed what, when, on which laptop.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub rev_id: String,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    /// RFC 3339 time of the change (from the hybrid logical clock's wall time).
    pub at: String,
    pub author: String,
    pub device_id: String,
    /// This laptop's name for the device, when it is this laptop.
    pub device_name: Option<String>,
    pub op: Op,
    pub message: String,
    /// Field-level changes against the parent: (field label, old, new).
    pub changes: Vec<FieldChange>,
}

/// One field's change, as a person reads it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The history of one entity and, for a case, of the records that hang off it (letters, filings, clock
/// events, attachments), oldest first.
pub fn history(store: &Store, entity_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let this_device = store.device_id().to_string();
    let device_name = store.setting("device_name")?;
    Ok(store
        .history_revisions(entity_id)?
        .into_iter()
        .map(|(rev, parent)| {
            // China time, as the office reads its clocks.
            let at = chrono::DateTime::from_timestamp_millis(rev.hlc.wall_ms)
                .map(|t| crate::clock::china_time(t).to_rfc3339())
                .unwrap_or_default();
            let dev = rev.device_id.to_string();
            HistoryEntry {
                changes: diff(rev.entity, parent.as_ref(), &rev.body),
                rev_id: rev.rev_id,
                entity: rev.entity,
                entity_id: rev.entity_id,
                at,
                author: rev.author,
                device_name: (dev == this_device).then(|| device_name.clone()).flatten(),
                device_id: dev,
                op: rev.op,
                message: rev.message,
            }
        })
        .collect())
}

/// The changed fields of a snapshot against its parent, labelled, with values as a person reads them; a
/// change that reads the same (an id behind an unchanged name) is left out.
pub fn diff(entity: EntityKind, old: Option<&Value>, new: &Value) -> Vec<FieldChange> {
    let snapshot = new;
    changed(old, new)
        .into_iter()
        .filter_map(|(k, o, n)| {
            let (old, new) = (
                o.and_then(|v| display(entity, k, v)),
                n.and_then(|v| display(entity, k, v)),
            );
            (old != new).then(|| FieldChange {
                field: label(entity, k, Some(snapshot)),
                old,
                new,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_status_change_is_shown_with_chinese_labels() {
        let old = json!({"id": "x", "title": "甲", "status": "registered", "details": {"kind": "contract", "amount_fen": 100}});
        let new = json!({"id": "x", "title": "甲", "status": "in_review", "details": {"kind": "contract", "amount_fen": 250000}});
        let d = diff(EntityKind::Case, Some(&old), &new);
        assert_eq!(
            d,
            vec![
                FieldChange {
                    field: "状态".into(),
                    old: Some("登记".into()),
                    new: Some("审查中".into())
                },
                FieldChange {
                    field: "金额".into(),
                    old: Some("1 元".into()),
                    new: Some("2,500 元".into())
                },
            ]
        );
    }

    #[test]
    fn unchanged_snapshots_have_no_changes() {
        let v = json!({"title": "甲", "details": {"kind": "advice"}});
        assert!(diff(EntityKind::Case, Some(&v), &v).is_empty());
    }
}
