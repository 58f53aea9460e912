//! Immutable revisions (DESIGN.md §5): every change to every entity is one revision whose id is the SHA-256
//! of its canonical content. Revisions are never updated or deleted; the tables the UI reads are derived from
//! the current heads.
//!
//! Canonical content is JSON with object keys sorted and no whitespace, written here by hand so it does not
//! depend on serde_json's map-ordering feature (which another crate in the build could switch on).

pub mod history;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::ids::DeviceId;

/// The schema version stamped into every revision body (the shape of the snapshot, not the SQLite schema).
/// 2: the registers of issue 20 (new kinds of case, new fields of a lawsuit, hearings, examined files). A build
/// of schema 1 would read a lawsuit's new fields as absent and, editing it, erase them on every laptop; it
/// refuses a file with schema-2 revisions instead ("请先升级法审台").
/// 3: a round's 整改验收日期, a transfer's 接到复议决定通知书日期, the 建议提案 kind and its 答复函 letter kind,
/// and the key-task plans with their tasks and progress (all before any build of schema 3 shipped).
pub const BODY_SCHEMA: u32 = 3;

/// **The registry of record kinds**: one line per kind — its `EntityKind` variant, its stable code (written
/// into every revision and every sync file: never change one), its Chinese name, and the model type that
/// holds it. Everything that works per kind expands this list: [`EntityKind`] here, and in the store the
/// dispatch from a kind to its type (`by_kind!`: decoding, sync, conflicts), `check`, and id lookups. Adding
/// a record kind is this line, its model module and its table module (`impl Record`) with a migration; a test
/// in `store` proves every line has a table whose `Record::ENTITY` names it back.
///
/// The types are paths inside `crate::model`, written without the prefix: this module never uses them (it is
/// below the model); a callback that needs them (the store's `by_kind!`) puts the prefix on.
macro_rules! record_kinds {
    ($callback:ident $(, $extra:tt)*) => {
        $callback! {
            ($($extra),*)
            Unit => "unit", "单位", party::Unit;
            Person => "person", "人员", party::Person;
            Case => "case", "案件", case::ReviewCase;
            Letter => "letter", "意见书", letter::OpinionLetter;
            Filing => "filing", "备案记录", records::FilingRecord;
            ClockEvent => "clock_event", "计时事件", records::ClockEvent;
            Attachment => "attachment", "附件", records::Attachment;
            Hearing => "hearing", "庭审", records::Hearing;
            InspectedFile => "inspected_file", "评查案卷", inspection::InspectedFile;
            KeyTask => "key_task", "重点工作任务", tasks::KeyTask;
            TaskProgress => "task_progress", "工作进展", tasks::TaskProgress;
            CalendarYear => "calendar_year", "工作日历", calendar::CalendarYear;
            DeadlineRule => "deadline_rule", "期限规则", rule::DeadlineRule;
            Clause => "clause", "常用审查意见", clause::ClauseEntry;
            Choice => "choice", "选项", choice::ChoiceEntry;
        }
    };
}
pub(crate) use record_kinds;

macro_rules! define_entity_kind {
    (() $($variant:ident => $code:literal, $label:literal, $($ty:ident)::+;)*) => {
        /// The kinds of entity that are revisioned (the registry above).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum EntityKind {
            $($variant,)*
        }

        impl EntityKind {
            pub const ALL: &'static [EntityKind] = &[$(EntityKind::$variant,)*];

            /// The stable code stored in revisions and sync files.
            pub fn code(self) -> &'static str {
                match self {
                    $(EntityKind::$variant => $code,)*
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $(EntityKind::$variant => $label,)*
                }
            }
        }
    };
}
record_kinds!(define_entity_kind);

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == s)
            .ok_or_else(|| format!("unknown entity kind {s}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Put,
    Delete,
}

impl Op {
    pub fn code(self) -> &'static str {
        match self {
            Op::Put => "put",
            Op::Delete => "delete",
        }
    }
}

/// Hybrid logical clock stamp: wall milliseconds and a counter that breaks ties within one millisecond.
/// Used for ordering and display only; it never decides which data survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The next stamp after `self`, given the wall clock now.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc {
                wall_ms: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                wall_ms: self.wall_ms,
                counter: self.counter + 1,
            }
        }
    }
}

/// Fixed-width text so that string order is time order in SQL.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:06}", self.wall_ms, self.counter)
    }
}

impl FromStr for Hlc {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (w, c) = s.split_once('-').ok_or_else(|| format!("bad hlc {s}"))?;
        Ok(Hlc {
            wall_ms: w.parse().map_err(|_| format!("bad hlc {s}"))?,
            counter: c.parse().map_err(|_| format!("bad hlc {s}"))?,
        })
    }
}

/// One immutable revision of one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub rev_id: String,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    /// Sorted rev ids of the revisions this one supersedes (empty for a creation).
    pub parents: Vec<String>,
    pub device_id: DeviceId,
    #[serde(with = "hlc_text")]
    pub hlc: Hlc,
    pub author: String,
    pub op: Op,
    pub schema: u32,
    /// What the change was, in words (like a commit message): shown in the history.
    pub message: String,
    /// Full snapshot of the entity after the change; `null` for a delete.
    pub body: Value,
}

mod hlc_text {
    use super::Hlc;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &Hlc, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(h)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hlc, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Revision {
    /// Builds a revision and computes its id.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        entity: EntityKind,
        entity_id: Uuid,
        mut parents: Vec<String>,
        device_id: DeviceId,
        hlc: Hlc,
        author: &str,
        op: Op,
        message: &str,
        body: Value,
    ) -> Revision {
        parents.sort();
        parents.dedup();
        let mut r = Revision {
            rev_id: String::new(),
            entity,
            entity_id,
            parents,
            device_id,
            hlc,
            author: author.to_string(),
            op,
            schema: BODY_SCHEMA,
            message: message.to_string(),
            body,
        };
        r.rev_id = r.computed_id();
        r
    }

    /// SHA-256 of the canonical content: every field except `rev_id` itself, as the canonical JSON of one
    /// object with sorted keys. Written straight into the text (the keys below are in sorted order) rather than
    /// through a `json!` object, which would copy the body: an import checks 100 000 of these.
    pub fn computed_id(&self) -> String {
        self.id_over(&canonical_json(&self.body))
    }

    /// [`Revision::computed_id`] with the body's canonical JSON already written (an import keeps that text and
    /// stores it, rather than writing it twice).
    pub fn id_over(&self, canonical_body: &str) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("{\"author\":");
        write_string(&self.author, &mut out);
        out.push_str(",\"body\":");
        let mut hash = Sha256::new();
        hash.update(out.as_bytes());
        hash.update(canonical_body.as_bytes());
        out.clear();
        out.push_str(",\"device_id\":");
        write_string(&self.device_id.to_string(), &mut out);
        out.push_str(",\"entity\":");
        write_string(self.entity.code(), &mut out);
        out.push_str(",\"entity_id\":");
        write_string(&self.entity_id.to_string(), &mut out);
        out.push_str(",\"hlc\":");
        write_string(&self.hlc.to_string(), &mut out);
        out.push_str(",\"message\":");
        write_string(&self.message, &mut out);
        out.push_str(",\"op\":");
        write_string(self.op.code(), &mut out);
        out.push_str(",\"parents\":[");
        for (i, p) in self.parents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(p, &mut out);
        }
        out.push_str("],\"schema\":");
        out.push_str(&self.schema.to_string());
        out.push('}');
        hash.update(out.as_bytes());
        hex::encode(hash.finalize())
    }
}

/// JSON with sorted object keys and no insignificant whitespace.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // Already sorted unless serde_json's map-ordering feature is on somewhere in the build.
            if !entries.is_sorted_by(|a, b| a.0 <= b.0) {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(s) => write_string(s, out),
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A JSON string literal, escaped as serde_json escapes it (most text needs no escape and is copied).
fn write_string(s: &str, out: &mut String) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        // `to_string` of a `&str` cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample(body: Value) -> Revision {
        Revision::new(
            EntityKind::Case,
            Uuid::nil(),
            vec!["b".into(), "a".into()],
            DeviceId(Uuid::nil()),
            Hlc {
                wall_ms: 1_700_000_000_000,
                counter: 3,
            },
            "张三",
            Op::Put,
            "登记",
            body,
        )
    }

    /// The id as first defined: the canonical JSON of one object holding every field but the id.
    fn reference_id(r: &Revision) -> String {
        let content = json!({
            "entity": r.entity.code(),
            "entity_id": r.entity_id.to_string(),
            "parents": r.parents,
            "device_id": r.device_id.to_string(),
            "hlc": r.hlc.to_string(),
            "author": r.author,
            "op": r.op.code(),
            "schema": r.schema,
            "message": r.message,
            "body": r.body,
        });
        hex::encode(Sha256::digest(canonical_json(&content).as_bytes()))
    }

    #[test]
    fn the_written_out_id_equals_the_canonical_json_of_the_whole_revision() {
        let mut r = sample(
            json!({"title": "关于\"引号\"与\\反斜杠\n", "n": [1, 2.5, null, true], "z": {"b": 1, "a": "😀"}}),
        );
        assert_eq!(r.computed_id(), reference_id(&r));
        r.author = "O'Brien \u{7}".into();
        r.message = String::new();
        r.op = Op::Delete;
        r.body = Value::Null;
        r.parents.clear();
        assert_eq!(r.computed_id(), reference_id(&r));
    }

    #[test]
    fn the_rev_id_is_the_hash_of_the_content_and_ignores_key_order() {
        let a = sample(json!({"title": "关于", "n": 1}));
        let b = sample(serde_json::from_str(r#"{"n":1,"title":"关于"}"#).unwrap());
        assert_eq!(a.rev_id, b.rev_id);
        assert_eq!(a.rev_id, a.computed_id());
        assert_eq!(a.parents, vec!["a", "b"], "parents are stored sorted");
        assert_eq!(a.rev_id.len(), 64);
    }

    #[test]
    fn changing_any_part_of_a_revision_changes_its_id() {
        let base = sample(json!({"title": "关于"}));
        let mut variants = vec![sample(json!({"title": "关于 "}))];
        let mut r = base.clone();
        r.author = "李四".into();
        variants.push(r);
        let mut r = base.clone();
        r.hlc.counter += 1;
        variants.push(r);
        let mut r = base.clone();
        r.parents.pop();
        variants.push(r);
        let mut r = base.clone();
        r.op = Op::Delete;
        variants.push(r);
        let mut r = base.clone();
        r.message = "修改".into();
        variants.push(r);
        for v in variants {
            assert_ne!(v.computed_id(), base.rev_id, "{v:?}");
        }
    }

    #[test]
    fn hlc_text_sorts_like_time_and_ticks_forward() {
        let a = Hlc {
            wall_ms: 5,
            counter: 10,
        };
        let b = Hlc {
            wall_ms: 40,
            counter: 0,
        };
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        assert_eq!(
            b.tick(40),
            Hlc {
                wall_ms: 40,
                counter: 1
            }
        );
        assert_eq!(
            b.tick(10),
            Hlc {
                wall_ms: 40,
                counter: 1
            },
            "a clock that went back never goes back in hlc"
        );
        assert_eq!(
            b.tick(41),
            Hlc {
                wall_ms: 41,
                counter: 0
            }
        );
    }
}
