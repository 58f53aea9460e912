//! What an entity looks like when sync has left it with several heads (DESIGN.md §5). Pure: revisions in,
//! a view out.
//!
//! - The heads are merged field by field against their common ancestor. A field changed on one side only takes
//!   that side's value; a field changed the same way on every side takes it; a field changed differently is a
//!   conflict. `details` (a case's kind-specific fields) is merged a level deeper, like the history shows it.
//!   Strings, lists and numbers are atoms: a letter's text is never merged line by line.
//! - A conflicting field shows the provisional winner's value: a kept record over a deletion (so the record
//!   stays on screen to be resolved), then the higher HLC, then the higher rev id. The rule depends only on the
//!   revisions, so every laptop shows the same value; the losing values stay in the conflict, and in the log.
//! - A deletion beside an edit is a conflict of its own, never a silent deletion or resurrection.
//!
//! Everything here is a function of the revision set alone, which is what makes laptops converge: two laptops
//! holding the same revisions compute the same view whatever order the revisions arrived in.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::revision::{Op, Revision};

/// One head as a conflict shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub rev_id: String,
    pub device_id: String,
    pub author: String,
    pub hlc: String,
    pub deleted: bool,
}

/// A field that heads changed differently: each head's value (`null` where absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// `title`, or `details.amount_fen` for a kind-specific field.
    pub path: String,
    /// The value of each head, in the order of [`View::sides`].
    pub values: Vec<Value>,
}

/// The merged state of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The merged snapshot; `None` when every head is a deletion.
    pub body: Option<Value>,
    /// The provisional winner, whose values conflicting fields show.
    pub winner: String,
    /// The heads, winner first (one element when there is no concurrency).
    pub sides: Vec<Side>,
    pub fields: Vec<FieldConflict>,
    /// Some heads delete the record and others keep it.
    pub delete_conflict: bool,
}

impl View {
    pub fn in_conflict(&self) -> bool {
        self.delete_conflict || !self.fields.is_empty()
    }
}

/// The order of the provisional winner: kept over deleted, then HLC, then rev id. Highest wins.
fn rank(r: &Revision) -> (bool, crate::revision::Hlc, &str) {
    (r.op == Op::Put, r.hlc, r.rev_id.as_str())
}

/// The view of an entity from its heads and every revision of it (for the common ancestor).
pub fn view(heads: &[&Revision], history: &BTreeMap<&str, &Revision>) -> View {
    let mut heads: Vec<&Revision> = heads.to_vec();
    heads.sort_by(|a, b| rank(b).cmp(&rank(a)));
    let sides = heads
        .iter()
        .map(|r| Side {
            rev_id: r.rev_id.clone(),
            device_id: r.device_id.to_string(),
            author: r.author.clone(),
            hlc: r.hlc.to_string(),
            deleted: r.op == Op::Delete,
        })
        .collect();
    let winner = heads.first().map(|r| r.rev_id.clone()).unwrap_or_default();
    if heads.len() <= 1 {
        return View {
            body: heads
                .first()
                .filter(|r| r.op == Op::Put)
                .map(|r| r.body.clone()),
            winner,
            sides,
            fields: Vec::new(),
            delete_conflict: false,
        };
    }
    let puts: Vec<&Revision> = heads.iter().copied().filter(|r| r.op == Op::Put).collect();
    if puts.is_empty() {
        return View {
            body: None,
            winner,
            sides,
            fields: Vec::new(),
            delete_conflict: false,
        };
    }
    let delete_conflict = puts.len() < heads.len();
    let base = common_ancestor(&heads, history)
        .filter(|b| b.op == Op::Put)
        .map(|b| b.body.clone())
        .unwrap_or(Value::Object(Map::new()));
    // Deleted heads take no part in the field merge; their conflict is the deletion itself.
    let values: Vec<&Value> = puts.iter().map(|r| &r.body).collect();
    let mut fields = Vec::new();
    let body = merge_object(&base, &values, "", 0, &mut fields);
    // Report each field's values per head in the order of `sides` (deleted heads show null).
    let fields = fields
        .into_iter()
        .map(|(path, per_put)| FieldConflict {
            path,
            values: heads
                .iter()
                .map(|h| {
                    puts.iter()
                        .position(|p| p.rev_id == h.rev_id)
                        .map(|i| per_put[i].clone())
                        .unwrap_or(Value::Null)
                })
                .collect(),
        })
        .collect();
    View {
        body: Some(body),
        winner,
        sides,
        fields,
        delete_conflict,
    }
}

/// Objects merged a level deeper (a case's `details`); anything else is one value.
const MAX_DEPTH: usize = 1;

/// Merges `sides` (winner first) against `base`, key by key. Conflicting keys take the winner's value and are
/// pushed to `conflicts` with every side's value.
fn merge_object(
    base: &Value,
    sides: &[&Value],
    prefix: &str,
    depth: usize,
    conflicts: &mut Vec<(String, Vec<Value>)>,
) -> Value {
    let null = Value::Null;
    let field = |v: &Value, k: &str| -> Value { v.get(k).cloned().unwrap_or(Value::Null) };
    let keys: BTreeSet<&String> = sides
        .iter()
        .filter_map(|s| s.as_object())
        .flat_map(|m| m.keys())
        .chain(base.as_object().into_iter().flat_map(|m| m.keys()))
        .collect();
    let mut out = Map::new();
    for k in keys {
        let b = base.get(k.as_str()).unwrap_or(&null);
        let vals: Vec<Value> = sides.iter().map(|s| field(s, k)).collect();
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let merged = if vals.iter().all(|v| *v == vals[0]) {
            vals[0].clone()
        } else {
            let mut changed: Vec<&Value> = Vec::new();
            for v in vals.iter().filter(|v| *v != b) {
                if !changed.contains(&v) {
                    changed.push(v);
                }
            }
            if changed.len() == 1 {
                changed[0].clone()
            } else if depth < MAX_DEPTH
                && k == "details"
                && vals.iter().all(Value::is_object)
                && (b.is_object() || b.is_null())
            {
                let refs: Vec<&Value> = vals.iter().collect();
                merge_object(b, &refs, &path, depth + 1, conflicts)
            } else {
                conflicts.push((path, vals.clone()));
                vals[0].clone()
            }
        };
        if !merged.is_null() {
            out.insert(k.clone(), merged);
        }
    }
    Value::Object(out)
}

/// The nearest common ancestor of the heads: of the revisions every head descends from (or is), the ones no
/// other common one descends from; among several (criss-cross merges), the highest HLC, then rev id. `None`
/// when the heads share no history (two laptops created the same record, e.g. a calendar year, on their own).
fn common_ancestor<'a>(
    heads: &[&'a Revision],
    history: &BTreeMap<&str, &'a Revision>,
) -> Option<&'a Revision> {
    let sets: Vec<BTreeSet<&str>> = heads
        .iter()
        .map(|h| ancestors(h.rev_id.as_str(), history))
        .collect();
    let (first, rest) = sets.split_first()?;
    let common: BTreeSet<&str> = first
        .iter()
        .copied()
        .filter(|r| rest.iter().all(|s| s.contains(r)))
        .collect();
    // A common ancestor that is a proper ancestor of another common one is not nearest. Every revision on the
    // way between two common ancestors is itself common (it is an ancestor of a common one), so it is enough to
    // strike out the parents of common ancestors: linear, not a walk per ancestor.
    let not_nearest: BTreeSet<&str> = common
        .iter()
        .filter_map(|c| history.get(c))
        .flat_map(|rev| rev.parents.iter().map(String::as_str))
        .collect();
    common
        .iter()
        .filter(|c| !not_nearest.contains(*c))
        .filter_map(|c| history.get(c).copied())
        .max_by(|a, b| (a.hlc, &a.rev_id).cmp(&(b.hlc, &b.rev_id)))
}

/// `rev` and everything it descends from (within `history`).
fn ancestors<'a>(rev: &'a str, history: &BTreeMap<&str, &'a Revision>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![rev];
    while let Some(r) = stack.pop() {
        if !seen.insert(r) {
            continue;
        }
        if let Some(rev) = history.get(r) {
            stack.extend(rev.parents.iter().map(String::as_str));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DeviceId;
    use crate::revision::{EntityKind, Hlc};
    use serde_json::json;
    use uuid::Uuid;

    fn rev(parents: &[&Revision], wall: i64, op: Op, body: Value) -> Revision {
        Revision::new(
            EntityKind::Case,
            Uuid::nil(),
            parents.iter().map(|p| p.rev_id.clone()).collect(),
            DeviceId(Uuid::from_u128(wall as u128)),
            Hlc {
                wall_ms: wall,
                counter: 0,
            },
            "测试",
            op,
            "",
            body,
        )
    }

    fn merged(revs: &[&Revision], heads: &[&Revision]) -> View {
        let history: BTreeMap<&str, &Revision> =
            revs.iter().map(|r| (r.rev_id.as_str(), *r)).collect();
        view(heads, &history)
    }

    #[test]
    fn fields_changed_on_one_side_merge_and_the_same_field_changed_twice_conflicts() {
        let o = rev(
            &[],
            1,
            Op::Put,
            json!({"title": "甲", "note": "原", "status": "a"}),
        );
        let a = rev(
            &[&o],
            2,
            Op::Put,
            json!({"title": "乙", "note": "原", "status": "b"}),
        );
        let b = rev(
            &[&o],
            3,
            Op::Put,
            json!({"title": "丙", "note": "新", "status": "b"}),
        );
        let v = merged(&[&o, &a, &b], &[&a, &b]);
        assert_eq!(
            v.winner, b.rev_id,
            "the higher hlc is the provisional winner"
        );
        assert_eq!(
            v.body,
            Some(json!({"title": "丙", "note": "新", "status": "b"}))
        );
        assert_eq!(v.fields.len(), 1);
        assert_eq!(v.fields[0].path, "title");
        assert_eq!(v.fields[0].values, vec![json!("丙"), json!("乙")]);
        // The order the heads are given in does not matter.
        assert_eq!(merged(&[&b, &a, &o], &[&b, &a]), v);
    }

    #[test]
    fn disjoint_edits_merge_without_conflict() {
        let o = rev(&[], 1, Op::Put, json!({"title": "甲", "note": null}));
        let a = rev(&[&o], 9, Op::Put, json!({"title": "乙"}));
        let b = rev(&[&o], 3, Op::Put, json!({"title": "甲", "note": "新"}));
        let v = merged(&[&o, &a, &b], &[&a, &b]);
        assert!(!v.in_conflict());
        assert_eq!(v.body, Some(json!({"title": "乙", "note": "新"})));
    }

    #[test]
    fn details_merge_a_level_deeper_but_long_texts_and_lists_are_atoms() {
        let o = rev(
            &[],
            1,
            Op::Put,
            json!({"details": {"amount": 1, "party": "x"}, "findings": ["一"]}),
        );
        let a = rev(
            &[&o],
            2,
            Op::Put,
            json!({"details": {"amount": 2, "party": "x"}, "findings": ["一", "二"]}),
        );
        let b = rev(
            &[&o],
            3,
            Op::Put,
            json!({"details": {"amount": 1, "party": "y"}, "findings": ["一", "三"]}),
        );
        let v = merged(&[&o, &a, &b], &[&a, &b]);
        assert_eq!(
            v.body,
            Some(json!({"details": {"amount": 2, "party": "y"}, "findings": ["一", "三"]}))
        );
        let paths: Vec<&str> = v.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["findings"]);
    }

    #[test]
    fn an_edit_beside_a_deletion_is_a_conflict_that_keeps_the_record_on_screen() {
        let o = rev(&[], 1, Op::Put, json!({"title": "甲"}));
        let edit = rev(&[&o], 2, Op::Put, json!({"title": "乙"}));
        let gone = rev(&[&o], 5, Op::Delete, Value::Null);
        let v = merged(&[&o, &edit, &gone], &[&gone, &edit]);
        assert!(v.delete_conflict);
        assert_eq!(v.winner, edit.rev_id);
        assert_eq!(v.body, Some(json!({"title": "乙"})));
        assert!(v.sides[1].deleted);
        // Two deletions are no conflict.
        let gone2 = rev(&[&o], 6, Op::Delete, Value::Null);
        let v = merged(&[&o, &gone, &gone2], &[&gone, &gone2]);
        assert!(!v.in_conflict());
        assert_eq!(v.body, None);
    }

    #[test]
    fn records_created_apart_conflict_on_every_field_they_disagree_on() {
        let a = rev(
            &[],
            2,
            Op::Put,
            json!({"year": 2027, "holidays": ["01-01"]}),
        );
        let b = rev(
            &[],
            3,
            Op::Put,
            json!({"year": 2027, "holidays": ["01-02"]}),
        );
        let v = merged(&[&a, &b], &[&a, &b]);
        assert_eq!(v.fields.len(), 1);
        assert_eq!(v.fields[0].path, "holidays");
    }

    #[test]
    fn after_a_merge_the_nearest_ancestor_is_the_merge() {
        // o → a, o → b, m = merge(a, b); then m → c and m → d edit the same field.
        let o = rev(&[], 1, Op::Put, json!({"t": 0, "u": 0}));
        let a = rev(&[&o], 2, Op::Put, json!({"t": 1, "u": 0}));
        let b = rev(&[&o], 3, Op::Put, json!({"t": 2, "u": 0}));
        let m = rev(&[&a, &b], 4, Op::Put, json!({"t": 3, "u": 0}));
        let c = rev(&[&m], 5, Op::Put, json!({"t": 3, "u": 1}));
        let d = rev(&[&m], 6, Op::Put, json!({"t": 4, "u": 0}));
        let v = merged(&[&o, &a, &b, &m, &c, &d], &[&c, &d]);
        assert!(!v.in_conflict(), "{:?}", v.fields);
        assert_eq!(v.body, Some(json!({"t": 4, "u": 1})));
    }
}
