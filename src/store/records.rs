//! Filing records, clock events and attachments (with their content-addressed blobs).

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::search::Parts;
use super::{records_where, Record, Reference, Store, Tx};
use crate::error::Result;
use crate::ids::CaseId;
use crate::model::inspection::InspectedFile;
use crate::model::{Attachment, CaseKind, ClockEvent, FilingRecord, Hearing};
use crate::revision::EntityKind;
use crate::search::extract::Extracted;
use crate::search::{place, Rank, Section};

fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Text(d.to_string()))
}

impl Record for FilingRecord {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Filing;
    const TABLE: &'static str = "filings";
    const COLUMNS: &'static [&'static str] = &["case_id", "channel", "due_on", "submitted_on"];
    fn case_id(&self) -> Option<Uuid> {
        Some(self.case_id.0)
    }
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let channel = self.channel.label();
        let r = Rank::Related;
        out.text(r, place::filing("channel", channel), channel);
        out.opt(
            r,
            place::filing("receipt_no", channel),
            self.receipt_no.as_deref(),
        );
        out.opt(r, place::filing("note", channel), self.note.as_deref());
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.channel.code().to_string()),
            date(self.due_on),
            date(self.submitted_on),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![Reference::to_case_of(
            self.case_id.0,
            &[CaseKind::NormativeDoc],
        )]
    }
}

impl Record for ClockEvent {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::ClockEvent;
    const TABLE: &'static str = "clock_events";
    const COLUMNS: &'static [&'static str] = &["case_id", "kind", "on_date"];
    fn case_id(&self) -> Option<Uuid> {
        Some(self.case_id.0)
    }
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.kind.code().to_string()),
            date(Some(self.on)),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![Reference::to(EntityKind::Case, self.case_id.0, "案件")];
        refs.extend(
            self.approver_id
                .map(|p| Reference::to(EntityKind::Person, p.0, "批准人")),
        );
        refs
    }
}

impl Record for InspectedFile {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::InspectedFile;
    const TABLE: &'static str = "inspected_files";
    const COLUMNS: &'static [&'static str] = &["case_id", "unit_id", "grade"];
    fn case_id(&self) -> Option<Uuid> {
        Some(self.case_id.0)
    }
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let r = Rank::Related;
        let no = self.file_no.as_str();
        out.opt(r, place::inspected("file_no", no), Some(no));
        out.opt(
            r,
            place::inspected("kind", no),
            self.decision_kind.as_deref(),
        );
        out.opt(
            r,
            place::inspected("problems", no),
            self.problems.as_deref(),
        );
        out.opt(
            r,
            place::inspected("rectification", no),
            self.rectification.as_deref(),
        );
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.unit_id.to_string()),
            Value::Text(self.grade.code().to_string()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::to_case_of(self.case_id.0, &[CaseKind::FileInspection]),
            Reference::to(EntityKind::Unit, self.unit_id.0, "被评查单位"),
        ]
    }
}

impl Record for Hearing {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Hearing;
    const TABLE: &'static str = "hearings";
    const COLUMNS: &'static [&'static str] = &["case_id", "on_date", "appeared"];
    fn case_id(&self) -> Option<Uuid> {
        Some(self.case_id.0)
    }
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let on = crate::model::validate::fmt_date(self.on);
        let r = Rank::Related;
        out.opt(r, place::hearing("room", &on), self.court_room.as_deref());
        out.opt(
            r,
            place::hearing("names", &on),
            self.appeared_names.as_deref(),
        );
        out.opt(r, place::hearing("reason", &on), self.reason.as_deref());
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            date(Some(self.on)),
            Value::Text(self.appeared.code().to_string()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![Reference::to_case_of(
            self.case_id.0,
            &[CaseKind::Litigation],
        )]
    }
}

impl Record for Attachment {
    const ENTITY: EntityKind = EntityKind::Attachment;
    const TABLE: &'static str = "attachments";
    const COLUMNS: &'static [&'static str] = &["case_id", "name", "sha256"];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Attached);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let r = Rank::Attached;
        out.text(r, place::attachment("name", &self.name), &self.name);
        out.opt(
            r,
            place::attachment("label", &self.name),
            self.label.as_deref(),
        );
        out.attached(r, &self.sha256, &self.name);
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.name.clone()),
            Value::Text(self.sha256.clone()),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        vec![Reference::to(EntityKind::Case, self.case_id.0, "案件")]
    }
}

impl Tx<'_> {
    /// Stores bytes once under their SHA-256 (content-addressed; storing the same bytes again is a no-op),
    /// with their text for search, extracted by the caller before the write began.
    pub fn put_blob(&mut self, sha256: &str, bytes: &[u8], text: &Extracted) -> Result<()> {
        super::blob_text::put(self.conn(), sha256, bytes, Some(text))
    }

    pub fn clock_events_of(&self, case: CaseId) -> Result<Vec<ClockEvent>> {
        clock_events(self.conn(), case)
    }

    pub fn filings_of(&self, case: CaseId) -> Result<Vec<FilingRecord>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }

    pub fn inspected_files_of(&self, case: CaseId) -> Result<Vec<InspectedFile>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }
}

fn clock_events(conn: &rusqlite::Connection, case: CaseId) -> Result<Vec<ClockEvent>> {
    let mut events: Vec<ClockEvent> = records_where(conn, "case_id", &case.to_string())?;
    events.sort_by_key(|e| e.on);
    Ok(events)
}

impl Store {
    pub fn filings_of_case(&self, case: CaseId) -> Result<Vec<FilingRecord>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }

    pub fn clock_events_of_case(&self, case: CaseId) -> Result<Vec<ClockEvent>> {
        clock_events(self.conn(), case)
    }

    /// A lawsuit's hearings, by date.
    pub fn hearings_of_case(&self, case: CaseId) -> Result<Vec<Hearing>> {
        let mut hearings: Vec<Hearing> = records_where(self.conn(), "case_id", &case.to_string())?;
        hearings.sort_by_key(|h| (h.on, h.id.0));
        Ok(hearings)
    }

    /// The hearings on the office's calendar: those from `from` to `until`, and any earlier one still 待定 (what
    /// happened there not yet written down), by date; at most `limit`.
    pub fn hearings_due(
        &self,
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
        limit: u32,
    ) -> Result<Vec<Hearing>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT body FROM hearings
             WHERE on_date BETWEEN ?1 AND ?2 OR (appeared = 'pending' AND on_date < ?1)
             ORDER BY on_date, id LIMIT ?3",
        )?;
        let bodies = stmt
            .query_map(
                rusqlite::params![from.to_string(), until.to_string(), limit],
                |r| r.get::<_, String>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        bodies.iter().map(|b| super::decode(b)).collect()
    }

    /// The files examined in a 案卷评查 round, in the order they were added.
    pub fn inspected_files_of_case(&self, case: CaseId) -> Result<Vec<InspectedFile>> {
        let mut files: Vec<InspectedFile> =
            records_where(self.conn(), "case_id", &case.to_string())?;
        files.sort_by_key(|f| f.id.0);
        Ok(files)
    }

    pub fn attachments_of_case(&self, case: CaseId) -> Result<Vec<Attachment>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }

    /// All filing records, for the filing register.
    pub fn all_filings(&self) -> Result<Vec<FilingRecord>> {
        self.all()
    }

    /// What was found in the blob `sha256` for search (`None` before it is extracted).
    pub fn blob_text(&self, sha256: &str) -> Result<Option<Extracted>> {
        super::blob_text::get(self.conn(), sha256)
    }

    /// The bytes of a blob.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row("SELECT bytes FROM blob WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
