//! One running app per test: a private Xvfb display, a fresh data folder (`XDG_DATA_HOME`, `FASHEN_DB`,
//! `XDG_RUNTIME_DIR`), and a WebDriver session on it — in one of the two shells the UI runs in:
//!
//! - the desktop (default): the real binary in WebKit, through tauri-driver;
//! - browser mode (`FASHEN_E2E_SHELL=browser`): the real `fashen serve` and Debian's Chromium through
//!   chromedriver, entering as a person does, by the launch page the server "opened".
//!
//! The tests are the same; what the desktop does with native dialogs the harness does with the browser's
//! file inputs (a chosen file) and download folder (a saved file). Everything is started in its own process
//! group and stopped with SIGTERM to the group on drop, so no driver, browser or app process outlives the test
//! (shared/tauri-notes.md §6).

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

/// The UI's two shells.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shell {
    Desktop,
    Browser,
}

/// The shell this run of the suite drives: `FASHEN_E2E_SHELL=browser` for browser mode.
pub fn shell() -> Shell {
    match std::env::var("FASHEN_E2E_SHELL").as_deref() {
        Ok("browser") => Shell::Browser,
        _ => Shell::Desktop,
    }
}

/// The `fashen` binary the workspace built beside this test (browser mode's server).
pub fn fashen_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let bin = target.join("debug/fashen");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo build -p fashen)",
        bin.display()
    );
    bin
}

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
    _driver: Vec<Group>,
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

    /// [`App::start_with`] for a test of a file the app saves and opens: the save dialog's folder
    /// (`FASHEN_TEST_SAVE_DIR`) and the log of what the system viewer was asked to open (`FASHEN_TEST_OPENED`),
    /// both kept for as long as the test holds them.
    pub fn start_saving(
        prepare: impl FnOnce(&mut Store),
    ) -> (App, tempfile::TempDir, tempfile::NamedTempFile) {
        let saved = tempfile::tempdir().expect("save folder");
        let opened = tempfile::NamedTempFile::new().expect("viewer log");
        let app = App::start_with(
            prepare,
            &[
                ("FASHEN_TEST_SAVE_DIR", saved.path()),
                ("FASHEN_TEST_OPENED", opened.path()),
            ],
        );
        (app, saved, opened)
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

        let (wd, driver) = match shell() {
            Shell::Desktop => launch_desktop(&dir, &display, env),
            Shell::Browser => launch_browser(&dir, &display, env),
        };
        wd.wait_for(
            "document.getElementById('view') || document.getElementById('fatal')",
            "the app shell",
        );
        if shell() == Shell::Browser {
            install_pick_hook(&wd);
        }
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
        // Both shells' screenshots side by side: `02-dashboard.png` and `browser-02-dashboard.png`.
        let name = match shell() {
            Shell::Desktop => name.to_string(),
            Shell::Browser => format!("browser-{name}"),
        };
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

/// The desktop app in WebKit, through tauri-driver (which starts the app with its environment).
fn launch_desktop(
    dir: &tempfile::TempDir,
    display: &str,
    env: &[(&str, &Path)],
) -> (Session, Vec<Group>) {
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
        .env("DISPLAY", display)
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
    (wd, vec![driver])
}

/// Browser mode: `fashen serve` on the folder's database, and Chromium through chromedriver opening the launch
/// page the server wrote (as the system browser would). The test's `FASHEN_TEST_PICK` becomes the file the
/// page's file choosers get, `FASHEN_TEST_SAVE_DIR` the browser's download folder; `FASHEN_TEST_OPENED` is the
/// server's (what it opens: launch pages, folders).
fn launch_browser(
    dir: &tempfile::TempDir,
    display: &str,
    env: &[(&str, &Path)],
) -> (Session, Vec<Group>) {
    let var = |name: &str| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_path_buf())
    };
    let launched = dir.path().join("launched.log");
    let mut server = Command::new(fashen_bin());
    server
        .args(["serve", "--idle", "0"])
        .env("FASHEN_DB", dir.path().join("fashen.sqlite3"))
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_RUNTIME_DIR", dir.path())
        .env(
            "FASHEN_TEST_OPENED",
            var("FASHEN_TEST_OPENED").unwrap_or(launched.clone()),
        )
        .env("TZ", "Etc/GMT+12")
        .env_remove("FASHEN_USER")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let server = Group(server.spawn().expect("fashen serve"));
    let opened = var("FASHEN_TEST_OPENED").unwrap_or(launched);
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        let log = std::fs::read_to_string(&opened).unwrap_or_default();
        if let Some(page) = log.lines().find(|l| l.ends_with(".html")) {
            break PathBuf::from(page);
        }
        assert!(
            Instant::now() < deadline,
            "fashen serve wrote no launch page"
        );
        std::thread::sleep(Duration::from_millis(50));
    };

    let port = free_port();
    let mut driver = Command::new("chromedriver");
    driver
        .arg(format!("--port={port}"))
        .env("DISPLAY", display)
        .env("TZ", "Etc/GMT+12")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let driver = Group(
        driver
            .spawn()
            .expect("chromedriver (apt install chromium-driver)"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    let downloads = var("FASHEN_TEST_SAVE_DIR").unwrap_or_else(|| dir.path().join("downloads"));
    let mut wd = Session::with_capabilities(
        port,
        serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                // Without the "controlled by automated software" bar, so screenshots show what a person sees.
                "excludeSwitches": ["enable-automation"],
                "args": [
                    // The test runs as root in CI; Chromium's sandbox refuses root.
                    "--no-sandbox",
                    format!("--user-data-dir={}", dir.path().join("chromium").display()),
                    "--window-position=0,0",
                    "--window-size=1280,800",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-dev-shm-usage",
                    "--lang=zh-CN",
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "profile.default_content_setting_values.automatic_downloads": 1,
                },
            },
        }),
    );
    wd.pick = var("FASHEN_TEST_PICK");
    wd.open(&format!("file://{}", page.display()));
    (wd, vec![driver, server])
}

/// Browser mode: a file input the page opens is put into the page (hidden) instead of showing the system's
/// file dialog, for [`Session::pick`] to fill — the one place the harness stands in for a person's hand.
fn install_pick_hook(wd: &Session) {
    wd.exec(
        "if (!window.__e2ePick) {
           window.__e2ePick = true;
           const click = HTMLInputElement.prototype.click;
           HTMLInputElement.prototype.click = function () {
             if (this.type !== 'file') return click.call(this);
             this.id = 'e2e-file';
             this.hidden = true;
             document.body.append(this);
           };
         }",
        serde_json::json!([]),
    );
}

impl App {
    /// What the app opened for the person to look at, as text: in the desktop the file the system viewer was
    /// given (the last line of the `FASHEN_TEST_OPENED` log); in a browser the new tab it opened, read there.
    pub fn opened_text(&self, opened_log: &Path) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        match shell() {
            Shell::Desktop => loop {
                let log = std::fs::read_to_string(opened_log).unwrap_or_default();
                if let Some(path) = log.lines().last() {
                    return std::fs::read_to_string(path).expect("the opened file");
                }
                assert!(Instant::now() < deadline, "nothing was opened");
                std::thread::sleep(Duration::from_millis(50));
            },
            Shell::Browser => {
                let main = self.wd.window();
                let tab = loop {
                    if let Some(tab) = self.wd.windows().into_iter().find(|h| *h != main) {
                        break tab;
                    }
                    if Instant::now() > deadline {
                        let said = self.wd.exec(
                            "return document.getElementById('toasts').textContent;",
                            serde_json::json!([]),
                        );
                        panic!("no tab was opened; the page said: {said}");
                    }
                    std::thread::sleep(Duration::from_millis(50));
                };
                self.wd.switch_to(&tab);
                // A text file shows as text; the page's content policy (inherited by the blob) forbids fetching it.
                self.wd.wait_for(
                    "document.readyState === 'complete' && document.body && document.body.innerText",
                    "the opened file's text",
                );
                let text = self.wd.exec(
                    "return document.body.innerText.trim();",
                    serde_json::json!([]),
                );
                self.wd.switch_to(&main);
                text.as_str().unwrap_or_default().to_string()
            }
        }
    }

    /// The launch pages the browser-mode server has "opened" (its `FASHEN_TEST_OPENED` log), in order.
    pub fn launch_pages(&self) -> Vec<PathBuf> {
        std::fs::read_to_string(self.dir.path().join("launched.log"))
            .unwrap_or_default()
            .lines()
            .map(PathBuf::from)
            .collect()
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
