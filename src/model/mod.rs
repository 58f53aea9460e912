//! The domain model: plain data types with their validation and the status machine. No I/O.

pub mod calendar;
pub mod case;
pub mod choice;
pub mod clause;
pub mod inspection;
pub mod kind;
pub mod labels;
pub mod letter;
pub mod party;
pub mod records;
pub mod rule;
pub mod stats;
pub mod tasks;
pub mod validate;
pub mod wording;

pub use case::{
    Art58Trigger, CaseDetails, FieldSpec, FieldType, IssuerForm, LitigationDetails, Material,
    RegNo, ReviewCase, CASE_FIELDS,
};
pub use kind::{
    check_transition, next_statuses, transition_allowed, CaseKind, Outcome, Status, TRANSITIONS,
};
pub use letter::{Finding, LetterKind, LetterNo, LetterSection, LetterStatus, OpinionLetter};
pub use party::{AdvisorEngagement, Person, Role, Unit, UnitKind};
pub use records::{
    Appearance, Attachment, ClockEvent, ClockEventKind, FilingChannel, FilingRecord, FilingResult,
    Hearing,
};
