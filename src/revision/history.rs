//! What changed between two snapshots of an entity: the keys whose values differ (top level and `details.*`),
//! with the ids left out. Pure, and wordless: the Chinese labels are put on by `actions::history`.

use serde_json::Value;

/// A changed key: its name, the old value and the new one.
pub type Pair<'a> = (&'a str, Option<&'a Value>, Option<&'a Value>);

fn changed_keys<'a>(
    o: &'a serde_json::Map<String, Value>,
    n: &'a serde_json::Map<String, Value>,
) -> Vec<Pair<'a>> {
    // Ids are plumbing, not something a person reads in a timeline.
    let hidden = [
        "id",
        "details",
        "case_id",
        "unit_id",
        "assignee_id",
        "advisor_ids",
        "co_unit_ids",
        "approver_id",
        "author_id",
        "issuer_unit_id",
        "parent_id",
    ];
    let mut names: Vec<&String> = o
        .keys()
        .chain(n.keys())
        .filter(|k| !hidden.contains(&k.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|k| (k.as_str(), o.get(k), n.get(k)))
        .collect()
}

/// The top-level (and `details.*`) keys whose values differ, oldest value first; ids are left out. With no
/// parent every set key is reported as new.
pub fn changed<'a>(old: Option<&'a Value>, new: &'a Value) -> Vec<Pair<'a>> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(serde_json::Map::new);
    let old_map = old.and_then(Value::as_object).unwrap_or(empty);
    let new_map = new.as_object().unwrap_or(empty);
    let old_details = old_map
        .get("details")
        .and_then(Value::as_object)
        .unwrap_or(empty);
    let new_details = new_map
        .get("details")
        .and_then(Value::as_object)
        .unwrap_or(empty);
    let mut keys = changed_keys(old_map, new_map);
    keys.extend(changed_keys(old_details, new_details));
    keys.retain(|(_, o, n)| o != n);
    keys
}
