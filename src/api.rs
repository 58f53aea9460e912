//! The commands the web UI calls, in one table: a command's name and its arguments as JSON in, its answer as
//! JSON out. Both UI shells dispatch through [`call`] — the desktop's one Tauri command and `fashen serve`'s
//! `POST /api/call` — so a command exists once, with the same name and arguments as in `ui/api.js`.
//!
//! What a shell does differently stays in the shell: commands that ask the user for a file or open a viewer
//! (attach, export, sync import and export, restore, fonts, calendar files) are the desktop's native dialogs and
//! the browser's uploads and downloads; both end in the same actions.

use std::sync::{Mutex, PoisonError};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::actions::{
    self, cases, clauses, dashboard, deadlines, letters, maintenance, parties, print, records,
    reference, settings, sync,
};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::FilingId;
use crate::model::{CaseKind, Status};
use crate::store::Store;

/// Runs `command` with `args` (a JSON object of named arguments) on the store.
///
/// An unknown command is [`Error::NotFound`]; an argument that is missing or of the wrong shape is
/// [`Error::Invalid`] naming it — both mean the UI and the core disagree, never a user's mistake.
pub fn call(s: &mut Store, command: &str, args: &Value) -> Result<Value> {
    let a = Args(args);
    match command {
        "app_info" => json(settings::app_info(s)),
        "set_identity" => json(settings::set_identity(
            s,
            &a.get::<String>("device_name")?,
            &a.get::<String>("user_name")?,
        )),
        "load_demo" => json(crate::demo::load(s)),
        "clear_demo" => json(crate::demo::clear(s)),
        "make_backup" => json(maintenance::backup(s, None)),

        "vocabulary" => json(Ok(reference::vocabulary())),
        "case_form" => json(Ok(reference::case_form(CaseKind::parse(
            &a.get::<String>("kind")?,
        )?))),
        "dashboard" => json(dashboard::dashboard(s)),

        "list_cases" => json(cases::list_cases(s, &a.get("filter")?)),
        "search" => json(actions::search::search(s, &a.get("request")?)),
        "case_view" => {
            let case = actions::find_case(s, &a.get::<String>("id")?)?;
            json(cases::case_view(s, case))
        }
        "register_case" => {
            let kind = CaseKind::parse(&a.get::<String>("kind")?)?;
            json(cases::register_case(
                s,
                kind,
                &a.get::<Fields>("fields")?,
                None,
            ))
        }
        "edit_case" => {
            let id = actions::find_case(s, &a.get::<String>("id")?)?.id;
            json(cases::edit_case(s, id, &a.get::<Fields>("fields")?))
        }
        "advance_case" => {
            let id = actions::find_case(s, &a.get::<String>("id")?)?.id;
            let to = Status::parse(&a.get::<String>("to")?)?;
            json(cases::advance_case(s, id, to, &a.get("input")?))
        }
        "extend_case" => {
            let id = actions::find_case(s, &a.get::<String>("id")?)?.id;
            json(cases::extend_case(
                s,
                id,
                a.get("days")?,
                &a.get::<String>("reason")?,
                &a.get::<String>("approver")?,
                None,
            ))
        }

        "list_units" => json(parties::list_units(s)),
        "list_people" => json(parties::list_people(s)),
        "add_unit" => json(parties::add_unit(s, &a.get("input")?)),
        "add_person" => json(parties::add_person(s, &a.get("input")?)),
        "set_signer" => json(parties::set_signer(
            s,
            &a.get::<String>("id")?,
            a.get("signs")?,
        )),

        "new_letter" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?;
            json(letters::new_letter(
                s,
                &case,
                None,
                None,
                &letters::LetterEdit::default(),
            ))
        }
        "edit_letter" => {
            let id = actions::find_letter(s, &a.get::<String>("id")?)?.id;
            json(letters::edit_letter(s, id, &a.get("edit")?))
        }
        "sign_letter" => {
            let id = actions::find_letter(s, &a.get::<String>("id")?)?.id;
            json(letters::sign_letter(s, id, None, None, None))
        }
        "issue_letter" => {
            let id = actions::find_letter(s, &a.get::<String>("id")?)?.id;
            json(letters::issue_letter(s, id, None))
        }
        "preview_letter" => json(letters::letter_preview(
            s,
            &a.get::<String>("id")?,
            &a.get("edit")?,
            print::LetterFormat::parse(&a.get::<String>("format")?)?,
        )),
        "search_clauses" => {
            let kind = a
                .get::<Option<String>>("kind")?
                .as_deref()
                .map(CaseKind::parse)
                .transpose()?;
            json(clauses::search_clauses(s, &a.get::<String>("query")?, kind))
        }
        "add_clause" => json(clauses::add_clause(s, &a.get("input")?)),

        "add_filing" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            json(records::add_filing(s, case, &a.get("input")?))
        }
        "edit_filing" => {
            let id = FilingId(parse_id(&a.get::<String>("id")?)?);
            json(records::edit_filing(s, id, &a.get("input")?))
        }
        "add_hearing" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            json(records::add_hearing(s, case, &a.get("input")?))
        }
        "delete_hearing" => {
            let id = crate::ids::HearingId(parse_id(&a.get::<String>("id")?)?);
            json(records::delete_hearing(s, id))
        }
        "add_inspected_file" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            json(actions::inspection::add_inspected_file(
                s,
                case,
                &a.get("input")?,
            ))
        }
        "edit_inspected_file" => {
            let id = crate::ids::InspectedFileId(parse_id(&a.get::<String>("id")?)?);
            json(actions::inspection::edit_inspected_file(
                s,
                id,
                &a.get("input")?,
            ))
        }
        "delete_inspected_file" => {
            let id = crate::ids::InspectedFileId(parse_id(&a.get::<String>("id")?)?);
            json(actions::inspection::delete_inspected_file(s, id))
        }
        "proposal_figures" => json(actions::proposals::proposal_figures(s, a.get("year")?)),
        "statistics" => json(actions::stats::statistics(s, &a.get("request")?)),
        "draft_report" => json(actions::report::draft_report(s, &a.get("request")?)),
        "choice_lists" => json(actions::choices::choice_lists(s)),
        "set_choice" => json(actions::choices::set_choice(
            s,
            crate::model::choice::ChoiceList::parse(&a.get::<String>("list")?)?,
            &a.get::<String>("code")?,
            &a.get::<String>("label")?,
        )),
        "add_task" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            json(actions::tasks::add_task(s, case, &a.get("input")?))
        }
        "edit_task" => {
            let id = crate::ids::KeyTaskId(parse_id(&a.get::<String>("id")?)?);
            json(actions::tasks::edit_task(s, id, &a.get("edit")?))
        }
        "delete_task" => {
            let id = crate::ids::KeyTaskId(parse_id(&a.get::<String>("id")?)?);
            json(actions::tasks::delete_task(s, id))
        }
        "report_progress" => {
            let id = crate::ids::KeyTaskId(parse_id(&a.get::<String>("id")?)?);
            json(actions::tasks::report_progress(s, id, &a.get("input")?))
        }
        "preview_task_import" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            let source: actions::tasks::ImportSource = a.get("source")?;
            json(actions::tasks::preview_task_import(
                s,
                case,
                &source.into_bytes()?,
            ))
        }
        "import_tasks" => {
            let case = actions::find_case(s, &a.get::<String>("case_id")?)?.id;
            let source: actions::tasks::ImportSource = a.get("source")?;
            json(actions::tasks::import_tasks(s, case, &source.into_bytes()?))
        }

        "calendar_overview" => json(deadlines::calendar_overview(s)),
        "calendar_year" => json(deadlines::calendar_year(s, a.get("year")?)),
        "save_calendar_year" => json(deadlines::save_calendar_year(s, &a.get("input")?)),
        "rule_table" => json(deadlines::rule_table(s)),
        "set_rule" => json(deadlines::set_rule(
            s,
            &a.get::<String>("code")?,
            &a.get("input")?,
        )),

        "font_rows" => json(print::font_rows(s)),
        "reset_font" => json(print::set_font(s, &a.get::<String>("role")?, None)),

        "sync_overview" => json(sync::overview(s)),
        "resolve_conflict" => {
            sync::resolve(s, &a.get::<String>("entity_id")?, &a.get("resolution")?)?;
            json(sync::conflicts(s))
        }
        "renumber_conflict" => json(sync::renumber(s, &a.get::<String>("entity_id")?)),

        _ => Err(Error::not_found("命令", command)),
    }
}

/// A refusal on its way to the UI: `{kind, message, field}`. `message` is the core's Chinese sentence, written
/// for a clerk; `kind` is the core's stable code (`invalid`, `not_found`, `illegal_transition` …) for the UI
/// to branch on; `field` names the form field at fault, when there is one. Both shells send this shape.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub kind: ErrorKind,
    pub message: String,
    /// The Chinese label of the field an `invalid` error is about (`事项名称`).
    pub field: Option<&'static str>,
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Self {
        let field = match &e {
            Error::Invalid { field, .. } => Some(*field),
            _ => None,
        };
        Refusal {
            kind: e.kind(),
            message: e.to_string(),
            field,
        }
    }
}

impl Refusal {
    /// A failure of the shell itself (a dialog, the file system, the connection), not of the core.
    pub fn io(message: String) -> Self {
        Refusal {
            kind: ErrorKind::Io,
            message,
            field: None,
        }
    }
}

/// The one open database of a UI shell (the desktop window, the browser-mode server), or why it could not be
/// opened — a newer version's file, not a Fashen file — which then answers every command instead of a screen.
pub struct Database(std::result::Result<Mutex<Store>, Refusal>);

impl Database {
    pub fn new(opened: Result<Store>) -> Self {
        Database(opened.map(Mutex::new).map_err(Refusal::from))
    }

    /// Runs `f` on the store, one command at a time.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> std::result::Result<T, Refusal> {
        let store = self.0.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held rolled its transaction back; the store itself is still sound.
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut store).map_err(Refusal::from)
    }
}

/// The end-to-end tests' stand-in for the system viewer, in both shells: when `FASHEN_TEST_OPENED` names a
/// log, a path to be opened is appended to it instead (`Some` with how that went); `None` in normal use.
pub fn opened_for_tests(path: &std::path::Path) -> Option<std::io::Result<()>> {
    use std::io::Write;
    let log = std::env::var_os("FASHEN_TEST_OPENED")?;
    Some(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut f| writeln!(f, "{}", path.display())),
    )
}

/// The names [`call`] answers, for the shells' tests and for refusing a request before it reaches the store.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "set_identity",
    "load_demo",
    "clear_demo",
    "make_backup",
    "vocabulary",
    "case_form",
    "dashboard",
    "list_cases",
    "search",
    "case_view",
    "register_case",
    "edit_case",
    "advance_case",
    "extend_case",
    "list_units",
    "list_people",
    "add_unit",
    "add_person",
    "set_signer",
    "new_letter",
    "edit_letter",
    "sign_letter",
    "issue_letter",
    "preview_letter",
    "search_clauses",
    "add_clause",
    "add_filing",
    "edit_filing",
    "add_hearing",
    "delete_hearing",
    "add_inspected_file",
    "edit_inspected_file",
    "delete_inspected_file",
    "proposal_figures",
    "statistics",
    "draft_report",
    "choice_lists",
    "set_choice",
    "add_task",
    "edit_task",
    "delete_task",
    "report_progress",
    "preview_task_import",
    "import_tasks",
    "calendar_overview",
    "calendar_year",
    "save_calendar_year",
    "rule_table",
    "set_rule",
    "font_rows",
    "reset_font",
    "sync_overview",
    "resolve_conflict",
    "renumber_conflict",
];

/// The fields of a case form as the UI sends them: (field code, value) pairs.
pub type Fields = Vec<(String, String)>;

/// A record id as the UI sends it (the whole id).
pub fn parse_id(id: &str) -> Result<uuid::Uuid> {
    id.trim()
        .parse()
        .map_err(|_| Error::not_found("记录", id.trim()))
}

fn json<T: Serialize>(answer: Result<T>) -> Result<Value> {
    to_json(answer?)
}

/// A command's answer as the JSON a shell sends back (also for the shells' own file commands).
pub fn to_json<T: Serialize>(answer: T) -> Result<Value> {
    serde_json::to_value(answer).map_err(|e| Error::Refused(format!("无法转换返回结果：{e}")))
}

/// The named arguments of one call (also read by the shells' own file commands).
pub struct Args<'a>(pub &'a Value);

impl Args<'_> {
    /// The argument `name`; a missing one reads as `null`, so an `Option` argument may be left out.
    pub fn get<T: DeserializeOwned>(&self, name: &'static str) -> Result<T> {
        let value = self.0.get(name).cloned().unwrap_or(Value::Null);
        serde_json::from_value(value)
            .map_err(|e| Error::invalid(name, format!("参数格式不正确（{e}）")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use crate::store::OpenMode;

    fn scratch() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(
            &dir.path().join("office.sqlite3"),
            OpenMode::CreateIfMissing,
            std::sync::Arc::new(SystemClock),
        )
        .expect("new database");
        (dir, store)
    }

    /// Every name in [`COMMANDS`] reaches an arm of [`call`] (an unknown name is "未找到命令"), and no arm is
    /// missing from the list.
    #[test]
    fn the_command_list_and_the_table_agree() {
        let (_dir, mut store) = scratch();
        for name in COMMANDS {
            let answer = call(&mut store, name, &Value::Null);
            if let Err(Error::NotFound { what, .. }) = &answer {
                assert_ne!(*what, "命令", "{name} is listed but has no arm");
            }
        }
        let src = include_str!("api.rs");
        let table = &src[src.find("match command {").unwrap()..src.find("_ => Err(").unwrap()];
        let arms: Vec<&str> = table
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
            .collect();
        assert_eq!(
            arms, COMMANDS,
            "an arm of `call` is missing from COMMANDS, or out of order"
        );
    }

    #[test]
    fn an_invalid_field_crosses_as_its_kind_message_and_field() {
        let e = Refusal::from(Error::invalid("事项名称", "不能为空"));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "invalid", "message": "事项名称：不能为空", "field": "事项名称"})
        );
    }

    #[test]
    fn a_refusal_crosses_without_a_field() {
        let e = Refusal::from(Error::Refused("意见书尚无审查意见和结论，不能签发".into()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "refused");
        assert_eq!(json["field"], serde_json::Value::Null);
    }

    #[test]
    fn an_unknown_command_and_a_malformed_argument_are_refused_by_name() {
        let (_dir, mut store) = scratch();
        let e = call(&mut store, "drop_tables", &Value::Null).unwrap_err();
        assert_eq!(e.to_string(), "未找到命令：drop_tables");
        let e = call(
            &mut store,
            "calendar_year",
            &serde_json::json!({"year": "明年"}),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("year：参数格式不正确"), "{e}");
    }
}
