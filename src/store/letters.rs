//! Opinion letters: derived rows, numbering queries.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use super::search::Parts;
use super::{records_where, Record, Reference, Store, Tx};
use crate::error::Result;
use crate::ids::CaseId;
use crate::model::{LetterNo, OpinionLetter};
use crate::revision::EntityKind;
use crate::search::{place, Rank, Section};

impl Record for OpinionLetter {
    fn check_rules(&self) -> Result<()> {
        self.validate()
    }
    const ENTITY: EntityKind = EntityKind::Letter;
    const TABLE: &'static str = "letters";
    const COLUMNS: &'static [&'static str] = &[
        "case_id",
        "kind",
        "status",
        "no_code",
        "no_year",
        "no_serial",
        "issued_on",
    ];
    fn uuid(&self) -> Uuid {
        self.id.0
    }
    const SEARCHED: Option<Section> = Some(Section::Related);
    fn search_group(&self) -> Uuid {
        self.case_id.0
    }
    fn search_parts(&self, out: &mut Parts) {
        let at = |what: &str| place::letter(what, &self.title);
        let r = Rank::Related;
        out.opt(
            r,
            at("number"),
            self.number.as_ref().map(|n| n.to_string()).as_deref(),
        );
        out.text(r, at("title"), &self.title);
        out.text(r, at("addressee"), &self.addressee);
        out.opt(r, at("opening"), self.opening.as_deref());
        for (i, s) in self.sections.iter().enumerate() {
            let text = [s.heading.as_str(), s.body.as_str()].join(" ");
            out.text(r, at(&format!("section:{}", i + 1)), &text);
        }
        for (i, f) in self.findings.iter().enumerate() {
            for (what, text) in [
                ("clause", &f.clause),
                ("problem", &f.problem),
                ("basis", &f.legal_basis),
                ("suggestion", &f.suggestion),
            ] {
                out.text(r, at(&format!("finding:{}:{what}", i + 1)), text);
            }
        }
        out.opt(r, at("conclusion"), self.conclusion.as_deref());
        out.text(r, at("cc"), &self.cc.join("、"));
        out.opt(r, at("signatory"), self.signatory.as_deref());
        out.text(r, at("lawyers"), &self.lawyers.join("、"));
    }
    fn values(&self) -> Vec<Value> {
        let (code, year, serial) = match &self.number {
            Some(n) => (
                Value::Text(n.code.clone()),
                Value::Integer(n.year.into()),
                Value::Integer(n.serial.into()),
            ),
            None => (Value::Null, Value::Null, Value::Null),
        };
        vec![
            Value::Text(self.case_id.to_string()),
            Value::Text(self.kind.code().to_string()),
            Value::Text(self.status.code().to_string()),
            code,
            year,
            serial,
            self.issued_on
                .map_or(Value::Null, |d| Value::Text(d.to_string())),
        ]
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            Reference::to(EntityKind::Case, self.case_id.0, "案件"),
            Reference::to(EntityKind::Unit, self.issuer_unit_id.0, "发文单位"),
        ];
        refs.extend(
            self.author_id
                .map(|p| Reference::to(EntityKind::Person, p.0, "起草人")),
        );
        refs
    }
}

impl Tx<'_> {
    pub fn letters_of(&self, case: CaseId) -> Result<Vec<OpinionLetter>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }

    /// The next free serial for a letter code and year (numbers run on from the highest issued).
    pub fn next_letter_serial(&self, code: &str, year: i32) -> Result<u32> {
        let max: Option<i64> = self.conn().query_row(
            "SELECT max(no_serial) FROM letters WHERE no_code = ?1 AND no_year = ?2",
            params![code, year],
            |r| r.get(0),
        )?;
        crate::model::validate::next_serial("文号", year, max)
    }

    /// The letter numbered `no`, if any.
    pub fn letter_numbered(&self, no: &LetterNo) -> Result<Option<OpinionLetter>> {
        letter_numbered(self.conn(), no)
    }
}

impl Store {
    pub fn letters_of_case(&self, case: CaseId) -> Result<Vec<OpinionLetter>> {
        records_where(self.conn(), "case_id", &case.to_string())
    }

    pub fn letter_by_number(&self, no: &LetterNo) -> Result<Option<OpinionLetter>> {
        letter_numbered(self.conn(), no)
    }
}

fn letter_numbered(conn: &rusqlite::Connection, no: &LetterNo) -> Result<Option<OpinionLetter>> {
    let body: Option<String> = conn
        .prepare_cached(
            "SELECT body FROM letters WHERE no_code = ?1 AND no_year = ?2 AND no_serial = ?3",
        )?
        .query_row(params![no.code, no.year, no.serial], |r| r.get(0))
        .optional()?;
    body.as_deref().map(super::decode).transpose()
}
