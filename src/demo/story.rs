//! The helpers the demo's archived year is written with: its days, a case's fields as the form sends them,
//! and a step of a case on a given day.

use chrono::NaiveDate;

use crate::actions::cases::{advance_case, Advance};
use crate::actions::records::{add_filing, FilingInput};
use crate::error::Result;
use crate::model::{ReviewCase, Status};
use crate::store::Store;

/// The year the seed's figures describe.
pub(super) const YEAR: i32 = 2017;

/// A day of that year.
pub(super) fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, month, d).expect("a day of 2017")
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

/// A case's fields as the form sends them.
pub(super) type Fields = Vec<(String, String)>;

pub(super) fn owned(pairs: &[(&str, String)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

pub(super) fn step(
    store: &mut Store,
    case: &ReviewCase,
    to: Status,
    on: NaiveDate,
) -> Result<ReviewCase> {
    step_noted(store, case, to, on, None)
}

pub(super) fn step_noted(
    store: &mut Store,
    case: &ReviewCase,
    to: Status,
    on: NaiveDate,
    note: Option<&str>,
) -> Result<ReviewCase> {
    let input = Advance {
        on: Some(on.to_string()),
        note: note.map(str::to_string),
        ..Default::default()
    };
    Ok(advance_case(store, case.id, to, &input)?.record)
}

/// A published document filed with both bodies (the 人大常委会 and the upper government) on `on`, each filing
/// registered under `receipt`; returns how many filings that is.
pub(super) fn file_with_both(
    store: &mut Store,
    case: &ReviewCase,
    on: NaiveDate,
    receipt: &str,
) -> Result<usize> {
    let channels = ["npc_standing_committee", "upper_government"];
    for channel in channels {
        add_filing(
            store,
            case.id,
            &FilingInput {
                channel: Some(channel.into()),
                submitted_on: Some(on.to_string()),
                receipt_no: Some(receipt.into()),
                result: Some("registered".into()),
                note: None,
            },
        )?;
    }
    Ok(channels.len())
}
