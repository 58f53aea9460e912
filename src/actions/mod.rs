//! What a user does: register a case, move it on, draft and sign a letter, record a filing. Each action
//! validates with the model, then writes through one [`Store::write`] transaction. The CLI and the desktop
//! shell call these and nothing below them.

pub mod cases;
pub mod choices;
pub mod clauses;
pub mod dashboard;
pub mod deadlines;
pub mod history;
pub mod import;
pub mod inspection;
pub mod letters;
pub mod maintenance;
pub mod parties;
pub mod print;
pub mod proposals;
pub mod records;
pub mod reference;
pub mod report;
pub mod search;
pub mod settings;
pub mod spreadsheets;
pub mod stats;
pub mod sync;
pub mod tasks;

use serde::Serialize;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{LetterNo, OpinionLetter, Person, RegNo, ReviewCase, Unit};
use crate::revision::EntityKind;
use crate::store::{DeadlineMove, Record, Store, Written};

/// A record as a change left it, with the deadlines that change moved (what the CLI prints and the desktop
/// shows after the change).
#[derive(Debug, Clone, Serialize)]
pub struct Saved<T> {
    pub record: T,
    pub moves: Vec<DeadlineMove>,
}

impl<T> From<Written<T>> for Saved<T> {
    fn from(w: Written<T>) -> Self {
        Saved {
            record: w.value,
            moves: w.moves,
        }
    }
}

/// A record by its id, an id prefix, or the short form tables show (its last digits, [`crate::ids::short`]).
fn by_id<R: Record>(store: &Store, key: &str) -> Result<Option<R>> {
    match ids_matching(store, &[R::ENTITY], key)?.as_slice() {
        [] => Ok(None),
        [one] => store.get(*one),
        _ => Err(ambiguous(key, R::ENTITY.label())),
    }
}

/// The ids of records of `kinds` that `key` names: the whole id, or at least 6 of its first or last digits.
pub(crate) fn ids_matching(store: &Store, kinds: &[EntityKind], key: &str) -> Result<Vec<Uuid>> {
    let key = key.trim();
    if let Ok(id) = key.parse::<Uuid>() {
        return Ok(vec![id]);
    }
    if key.len() < 6 || !key.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Ok(Vec::new());
    }
    let key = key.to_lowercase();
    let mut ids = Vec::new();
    for &kind in kinds {
        ids.extend(store.ids_with_prefix(kind, &key)?);
        ids.extend(store.ids_with_suffix(kind, &key)?);
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

pub(crate) fn ambiguous(key: &str, what: &str) -> Error {
    Error::invalid(
        "编号",
        format!(
            "「{}」对应多条{what}，请输入完整编号（--json 显示完整编号）",
            key.trim()
        ),
    )
}

/// Any record by what a person types to name it: a case's registration number, a letter's 文号, or an id (whole,
/// first or last digits) of any kind of record. For `fashen history`.
pub fn find_record_id(store: &Store, key: &str) -> Result<Uuid> {
    if let Ok(c) = find_case(store, key) {
        return Ok(c.id.0);
    }
    if let Ok(no) = LetterNo::parse(key) {
        if let Some(l) = store.letter_by_number(&no)? {
            return Ok(l.id.0);
        }
    }
    match ids_matching(store, EntityKind::ALL, key)?.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::not_found("记录", key.trim())),
        _ => Err(ambiguous(key, "记录")),
    }
}

fn one<T>(mut found: Vec<T>, what: &'static str, key: &str) -> Result<Option<T>> {
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(Error::invalid(
            what,
            format!("「{key}」对应多条记录，请改用编号"),
        )),
    }
}

/// A unit by id, name or letter-number code.
pub fn find_unit(store: &Store, key: &str) -> Result<Unit> {
    if let Some(u) = by_id(store, key)? {
        return Ok(u);
    }
    let key = key.trim();
    if let Some(u) = one(store.units_named(key)?, "单位", key)? {
        return Ok(u);
    }
    one(store.units_with_code(key)?, "单位", key)?.ok_or_else(|| Error::not_found("单位", key))
}

/// A person by id or name.
pub fn find_person(store: &Store, key: &str) -> Result<Person> {
    if let Some(p) = by_id(store, key)? {
        return Ok(p);
    }
    let key = key.trim();
    one(store.people_named(key)?, "人员", key)?.ok_or_else(|| Error::not_found("人员", key))
}

/// A case by id, id prefix or registration number (`2018-012`).
pub fn find_case(store: &Store, key: &str) -> Result<ReviewCase> {
    if let Ok(no) = RegNo::parse(key) {
        if let Some(c) = store.case_by_reg_no(no)? {
            return Ok(c);
        }
    }
    by_id(store, key)?.ok_or_else(|| Error::not_found("案件", key.trim()))
}

/// A letter by id, id prefix or official number (`徒法审〔2018〕12号`), or by its case's registration number
/// (`2018-001`) when the case has one letter.
pub fn find_letter(store: &Store, key: &str) -> Result<OpinionLetter> {
    if let Ok(no) = LetterNo::parse(key) {
        if let Some(l) = store.letter_by_number(&no)? {
            return Ok(l);
        }
    }
    if let Ok(no) = RegNo::parse(key) {
        if let Some(c) = store.case_by_reg_no(no)? {
            let mut letters = store.letters_of_case(c.id)?;
            return match letters.len() {
                1 => Ok(letters.remove(0)),
                0 => Err(Error::Refused(format!("案件 {no} 还没有意见书"))),
                n => Err(Error::Refused(format!(
                    "案件 {no} 有 {n} 份意见书，请用文号或编号指明（fashen letter list --case {no}）"
                ))),
            };
        }
    }
    by_id(store, key)?.ok_or_else(|| Error::not_found("意见书", key.trim()))
}

/// The day something happened (a status change, a signing, a delivery, an extension): as typed, or today when
/// nothing is. It cannot be after today: an event dated in the future (a typo for 2029) would start or stop a
/// case's clock where no later step can be dated.
fn event_date(
    today: chrono::NaiveDate,
    field: &'static str,
    typed: Option<&str>,
) -> Result<chrono::NaiveDate> {
    let Some(typed) = typed else {
        return Ok(today);
    };
    let d = crate::model::validate::date(field, typed)?;
    not_after(field, d, today)?;
    Ok(d)
}

fn not_after(field: &'static str, d: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<()> {
    use crate::model::validate::fmt_date;
    if d > today {
        return Err(Error::invalid(
            field,
            format!("{} 晚于今天（{}），请核对", fmt_date(d), fmt_date(today)),
        ));
    }
    Ok(())
}

/// Every unit's name by its id, for lists that name many units (a plan's tasks, their lead units).
fn unit_names(store: &Store) -> Result<std::collections::BTreeMap<crate::ids::UnitId, String>> {
    Ok(store
        .all::<Unit>()?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// A 建议提案's 会办单位 by name, in the order kept (none for other kinds).
fn co_unit_names(store: &Store, case: &ReviewCase) -> Result<Vec<String>> {
    let crate::model::CaseDetails::Proposal(p) = &case.details else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    for u in &p.co_unit_ids {
        names.extend(store.get::<Unit>(u.0)?.map(|u| u.name));
    }
    Ok(names)
}

/// Refuses a reference to a record that does not exist.
fn require<R: Record>(tx: &crate::store::Tx<'_>, id: Uuid) -> Result<R> {
    tx.get(id)?
        .ok_or_else(|| Error::not_found(EntityKind::label(R::ENTITY), id))
}

/// A record the caller's data points to, read outside a transaction.
fn require_record<R: Record>(store: &Store, id: Uuid) -> Result<R> {
    store
        .get(id)?
        .ok_or_else(|| Error::not_found(EntityKind::label(R::ENTITY), id))
}
