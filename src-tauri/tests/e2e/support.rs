//! One running desktop app per test: a private Xvfb display, a tauri-driver on free ports, a fresh data folder
//! (`XDG_DATA_HOME`, `FASHEN_DB`, `XDG_RUNTIME_DIR`), and a WebDriver session on the real binary in WebKit.
//! Everything is started in its own process group and stopped with SIGTERM to the group on drop, so no
//! WebKitWebDriver or app process outlives the test (shared/tauri-notes.md §6).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fashen::clock::SystemClock;
use fashen::{OpenMode, Store};

use crate::webdriver::Session;

pub const APP: &str = env!("CARGO_BIN_EXE_fashen-desktop");

/// A process group that is terminated when dropped.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pid = self.0.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pid}")])
            .status();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let in_cargo = home.join(".cargo/bin/tauri-driver");
    if in_cargo.exists() {
        in_cargo
    } else {
        PathBuf::from("tauri-driver")
    }
}

pub struct App {
    pub wd: Session,
    pub dir: tempfile::TempDir,
    pub display: String,
    // Dropped after the session is closed: driver first, then the display.
    _driver: Group,
    _xvfb: Group,
}

impl App {
    /// The app on a new, empty database.
    pub fn start() -> App {
        App::start_with(|_| {}, &[])
    }

    /// The app on a database `prepare` has filled through the core, with extra environment variables.
    pub fn start_with(prepare: impl FnOnce(&mut Store), env: &[(&str, &Path)]) -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("fashen.sqlite3");
        {
            let mut store = Store::open(&db, OpenMode::CreateIfMissing, Arc::new(SystemClock))
                .expect("test database");
            prepare(&mut store);
        }
        App::launch(dir, env)
    }

    /// The app on whatever file is at `<dir>/fashen.sqlite3`.
    pub fn launch(dir: tempfile::TempDir, env: &[(&str, &Path)]) -> App {
        let mut xvfb = Command::new("Xvfb");
        xvfb.args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
        let mut xvfb = xvfb.spawn().expect("Xvfb (apt install xvfb)");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("Xvfb stdout"))
            .read_line(&mut line)
            .expect("display number");
        let display = format!(":{}", line.trim());
        let xvfb = Group(xvfb);

        let port = free_port();
        let native_port = free_port();
        let mut driver = Command::new(tauri_driver());
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("FASHEN_DB", dir.path().join("fashen.sqlite3"))
            // A laptop whose clock zone is far from China's: its calendar day differs from the office's for 20
            // hours a day, so a screen that took "today" from the laptop instead of the core would fail here.
            .env("TZ", "Etc/GMT+12")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        for (k, v) in env {
            driver.env(k, v);
        }
        let driver = Group(
            driver
                .spawn()
                .expect("tauri-driver (cargo install tauri-driver)"),
        );
        // tauri-driver answers on its port before the WebKitWebDriver it starts listens on the native one; a
        // session asked for in between is dropped ("Peer disconnected"). Wait for both.
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
            || std::net::TcpStream::connect(("127.0.0.1", native_port)).is_err()
        {
            assert!(
                Instant::now() < deadline,
                "tauri-driver and WebKitWebDriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let wd = Session::start(port, Path::new(APP));
        wd.wait_for(
            "document.getElementById('view') || document.getElementById('fatal')",
            "the app shell",
        );
        App {
            wd,
            dir,
            display,
            _driver: driver,
            _xvfb: xvfb,
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("fashen.sqlite3")
    }

    /// A second handle on the app's database, for checking what the UI saved.
    pub fn store(&self) -> Store {
        Store::open(&self.db_path(), OpenMode::MustExist, Arc::new(SystemClock)).expect("open db")
    }

    /// Saves a PNG of the display under `target/screenshots/` for a person to look at. It is captured from the
    /// X server, as a person sees it: WebKitWebDriver's own screenshot hangs after some page changes when
    /// WebKit's compositing is off, as the app runs it (src-tauri/src/main.rs).
    pub fn screenshot(&self, name: &str) {
        // Show a screen from its top, as a person arriving at it sees it (dialogs keep their own scroll).
        self.wd.exec(
            "if (!document.querySelector('dialog[open]')) window.scrollTo(0, 0);",
            serde_json::json!([]),
        );
        self.shoot(name);
    }

    /// A screenshot scrolled to the part `css` finds, as a person scrolling down to it sees it.
    pub fn screenshot_of(&self, name: &str, css: &str) {
        self.wd.exec(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
            serde_json::json!([css]),
        );
        self.shoot(name);
    }

    fn shoot(&self, name: &str) {
        self.wd.wait_painted();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(dir.join(format!("{name}.png")))
            .env("DISPLAY", &self.display)
            .status()
            .expect("import (apt install imagemagick)");
        assert!(status.success(), "screenshot {name}");
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.wd.close();
    }
}

/// A digest of every row of the database: equal before and after means the UI changed nothing.
pub fn digest(app: &App) -> String {
    fashen::store::content_digest(&app.db_path()).expect("digest")
}
