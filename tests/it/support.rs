//! Shared helpers: a scratch database, running the real `fashen` binary, and a digest of a database's content.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestDb {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("office.sqlite3");
        TestDb { _dir: dir, path }
    }

    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// An initialised database with the office, one submitting unit, staff and an advisor.
    pub fn with_office() -> TestDb {
        let db = TestDb::new();
        db.ok(&["init", "--user", "刘洋", "--device-name", "科室笔记本"]);
        db.ok(&[
            "unit",
            "add",
            "--name",
            "丹徒区司法局",
            "--code",
            "徒法审",
            "--self",
        ]);
        db.ok(&[
            "unit",
            "add",
            "--name",
            "区住房和城乡建设局",
            "--code",
            "徒住建",
        ]);
        db.ok(&["person", "add", "--name", "刘洋", "--role", "clerk"]);
        db.ok(&[
            "person",
            "add",
            "--name",
            "陈静",
            "--role",
            "section_head",
            "--signer",
        ]);
        db.ok(&[
            "person",
            "add",
            "--name",
            "周志强",
            "--role",
            "advisor",
            "--law-firm",
            "江苏京江律师事务所",
            "--licence-no",
            "13211201010234561",
            "--term-start",
            "2018-01-01",
            "--term-end",
            "2020-12-31",
        ]);
        db
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fashen"))
            .arg("--db")
            .arg(&self.path)
            .args(args)
            .env_remove("FASHEN_DB")
            .env_remove("FASHEN_USER")
            .output()
            .expect("run fashen")
    }

    /// Runs a command that must succeed; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "fashen {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Registers a case submitted by 区住房和城乡建设局 (as `with_office` sets up); returns the case view.
    pub fn new_case(&self, kind: &str, title: &str, received: &str) -> serde_json::Value {
        self.json(&[
            "case",
            "new",
            "--kind",
            kind,
            "--title",
            title,
            "--unit",
            "区住房和城乡建设局",
            "--received",
            received,
        ])
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("JSON output")
    }

    /// Runs a command that must be refused with exit code 1 and a one-line Chinese message; returns it.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(
            out.status.code(),
            Some(1),
            "fashen {args:?} should be refused; stderr: {stderr}"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "one-line message: {stderr}"
        );
        assert!(stderr.starts_with("错误："), "{stderr}");
        stderr.trim_end().to_string()
    }

    /// Each command must be refused with a message containing its expected words, and leave the database's
    /// content exactly as it was.
    pub fn all_refused_unchanged(&self, cases: &[(&[&str], &str)]) {
        for (args, expected) in cases {
            let before = self.digest();
            let msg = self.refused(args);
            assert!(
                msg.contains(expected),
                "fashen {args:?}: expected «{expected}» in «{msg}»"
            );
            assert_eq!(
                self.digest(),
                before,
                "a refused command must not change the database: {args:?}"
            );
        }
    }

    /// Registers a case through the core on a laptop whose today is `today` (`y-m-d`), with its materials
    /// complete the day it was received: for a case received on a day that is still in the future for the
    /// machine running the tests (a date is refused after today). Returns its registration number.
    pub fn register_on(
        &self,
        today: (i32, u32, u32),
        kind: &str,
        title: &str,
        received: &str,
    ) -> String {
        use fashen::actions::cases::register_case;
        let clock = clock_at(today.0, today.1, today.2);
        let mut store =
            fashen::Store::open(&self.path, fashen::OpenMode::MustExist, clock).expect("open");
        let unit = fashen::actions::find_unit(&store, "区住房和城乡建设局").expect("unit");
        let case = register_case(
            &mut store,
            fashen::model::CaseKind::parse(kind).expect("kind"),
            &fields(&[
                ("title", title),
                ("unit", &unit.id.to_string()),
                ("received", received),
                ("materials_complete", received),
            ]),
            None,
        )
        .expect("register");
        case.reg_no.to_string()
    }

    pub fn digest(&self) -> String {
        fashen::store::content_digest(&self.path).expect("digest")
    }
}

/// A clock stopped at `y-m-d` 10:00 China time (02:00 UTC): what "today" is for a test.
pub fn clock_at(y: i32, m: u32, d: u32) -> std::sync::Arc<fashen::clock::FixedClock> {
    use chrono::TimeZone;
    std::sync::Arc::new(fashen::clock::FixedClock::new(
        chrono::Utc
            .with_ymd_and_hms(y, m, d, 2, 0, 0)
            .single()
            .expect("a valid test date"),
    ))
}

/// Field values as the form and the CLI send them: `(code, text)` pairs.
pub fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
