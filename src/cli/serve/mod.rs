//! `fashen serve`: browser mode, for laptops whose WebKitGTK is too old for the desktop app (统信 UOS V20,
//! 银河麒麟 Kylin V10). The same binary serves the same UI (`ui/`, embedded) to the system browser on
//! 127.0.0.1 and answers its calls through the core's command table ([`fashen::api::call`]) — a third shell
//! beside the CLI and the desktop, with nothing of its own but HTTP, uploads and downloads.
//!
//! How a browser gets in (the defences of Jupyter, Syncthing and VS Code's server): the server binds
//! 127.0.0.1 on a random port and answers only requests whose `Host` names that address and port (DNS
//! rebinding). At start it makes a 256-bit one-time launch token and writes a redirect page holding it into
//! a folder only this user can read; the browser opens that file, and `/login` trades the token once for an
//! HttpOnly, SameSite=Strict session cookie and a second secret, the proof, which the app's page keeps in its
//! origin's storage. Every API request must carry the proof in the `X-Fashen` header: no page of another
//! origin can send that header without a CORS preflight this server never grants (CSRF), nor read the proof —
//! which matters because cookies are not separated by port, so a page on another local port gets the cookie.
//! Responses carry the desktop's content policy. See [`http`] for the checks, in order.
//!
//! Lifetime: one server per database (the desktop's single-instance lock, shared — a second `fashen serve`
//! opens a new tab on the running one). Every write is committed when its call returns, so closing a tab
//! loses nothing; the server exits when no tab has been heard from for `--idle` seconds (an open tab calls at
//! least every 15 s), from the UI's 退出, or on SIGINT/SIGTERM/SIGHUP, removing its private folder.

/// A line for the terminal that started the server. A launcher (the desktop menu) may close that terminal's
/// output while the server runs on; a line that cannot be written is dropped, never a reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// [`say!`] on standard error.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod assets;
// A refused request returns its whole HTTP response early, with `?` (`Result<Response, Response>`): one per
// request, where the size of the error variant costs nothing worth boxing it for.
#[allow(clippy::result_large_err)]
mod http;
#[allow(clippy::result_large_err)]
mod reply;
#[allow(clippy::result_large_err)]
mod shell;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fashen::actions::settings::open_database;
use fashen::api::{Database, Refusal};
use fashen::instance::{self, Claim};
use fashen::{Error, OpenMode, Result, Store};

/// What `fashen serve` was asked for.
pub struct Options {
    /// Exit after this long with no open tab.
    pub idle: Duration,
    /// Open the system browser (off: print where the launch page is).
    pub browser: bool,
    /// Listen on this port instead of a random one (0).
    pub port: u16,
}

pub fn run(db: &Path, clock: Arc<dyn fashen::clock::Clock>, opts: Options) -> Result<()> {
    let mut claim = match instance::claim(db) {
        Claim::First(instance) => instance,
        Claim::Handed => {
            say!(
                "法审台已在运行（数据库 {}）：已切换到正在运行的窗口，或在浏览器中打开了新的标签页。",
                db.display()
            );
            return Ok(());
        }
        Claim::Busy => {
            return Err(Error::Refused(format!(
                "法审台已在使用数据库 {}，但没有响应。请稍候再试，或先关闭正在运行的法审台。",
                db.display()
            )))
        }
    };
    let focus_requests = claim.take_listener();
    // A database that cannot be opened (a newer version's, not a Fashen file) is said in the browser, as the
    // desktop says it in its window: the server starts anyway and answers every call with why.
    let opened = open_database(db, OpenMode::CreateIfMissing, clock);
    if let Err(e) = &opened {
        say_err!("错误：{e}");
    }
    let store = Database::new(opened);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(8)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port))
            .await
            .map_err(|e| Error::Refused(format!("无法在本机启动浏览器版服务：{e}")))?;
        let port = listener.local_addr()?.port();
        let server = Arc::new(Server::new(store, db, port)?);
        let launch = server.launch_page()?;
        say!("法审台浏览器版已启动：http://127.0.0.1:{port}/");
        say!("数据库：{}", db.display());
        if opts.browser {
            open_browser(&launch);
        } else {
            say!("请用浏览器打开：{}", launch.display());
        }
        // Weak: the focus thread lives as long as the process and must not keep the server (and its private
        // folder) alive after it has stopped.
        let for_focus = Arc::downgrade(&server);
        instance::serve(focus_requests, move || {
            // A second start on this database: a fresh one-time token, in a new tab.
            if let Some(page) = for_focus.upgrade().and_then(|s| s.launch_page().ok()) {
                open_browser(&page);
            }
        });
        stop_on_signals(server.clone());
        http::serve(listener, server.clone(), opts.idle).await;
        server.remove_launch_pages();
        // Uploads and files not yet downloaded: gone with the server, whatever still holds a reference to it.
        let _ = std::fs::remove_dir_all(server.work.path());
        say!("法审台浏览器版已退出。");
        Ok(())
    })
}

/// Ctrl+C, closing the terminal, logging out: the server stops as from 退出, cleaning up after itself.
fn stop_on_signals(server: Arc<Server>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut int), Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return;
        };
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        server.quit.notify_one();
    });
}

/// Opens `path` with the system's program for it (the browser for a launch page, the file manager for a
/// folder); false when that failed. In the tests, `FASHEN_TEST_OPENED` names a log that receives the path
/// instead (as in the desktop).
fn open_with_system(path: &Path) -> bool {
    match fashen::api::opened_for_tests(path) {
        Some(logged) => logged.is_ok(),
        None => open::that_detached(path).is_ok(),
    }
}

/// Opens a launch page in the system browser, or says where it is.
fn open_browser(page: &Path) {
    if !open_with_system(page) {
        say_err!("无法自动打开浏览器。请用浏览器打开：{}", page.display());
    }
}

/// 32 bytes from the OS's random source, as 64 hex digits.
fn secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Refused(format!("无法取得系统随机数：{e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The browser's session: the HttpOnly cookie's value and the proof the page sends as `X-Fashen`.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub proof: String,
}

/// What the server holds while it runs.
pub struct Server {
    store: Database,
    port: u16,
    db: PathBuf,
    /// Launch tokens not yet used; each is good for one `/login`.
    tokens: Mutex<HashSet<String>>,
    /// The session: its cookie and its proof (see [`http`]), made at the first login. Every later login (a
    /// second start's new tab) joins it, so tabs opened at different times all keep working.
    session: Mutex<Option<Session>>,
    /// Uploads, downloads and opened attachments: a folder only this user can read, gone when the server ends.
    work: tempfile::TempDir,
    uploads: Mutex<HashMap<String, shell::Upload>>,
    downloads: Mutex<HashMap<String, shell::Download>>,
    events: tokio::sync::broadcast::Sender<(&'static str, String)>,
    /// When an open tab was last heard from (every request of a session counts; an open tab sends one at least
    /// every 15 s), or when the server started.
    last_seen: Mutex<Instant>,
    quit: tokio::sync::Notify,
    launch_pages: Mutex<Vec<PathBuf>>,
    /// When the server started, for the start-up line of `first_screen_shown`.
    started: Instant,
}

impl Server {
    fn new(store: Database, db: &Path, port: u16) -> Result<Server> {
        let work = tempfile::Builder::new().prefix("fashen-serve-").tempdir()?;
        Ok(Server {
            store,
            port,
            db: db.to_path_buf(),
            tokens: Mutex::default(),
            session: Mutex::default(),
            work,
            uploads: Mutex::default(),
            downloads: Mutex::default(),
            events: tokio::sync::broadcast::channel(64).0,
            last_seen: Mutex::new(Instant::now()),
            quit: tokio::sync::Notify::new(),
            launch_pages: Mutex::default(),
            started: Instant::now(),
        })
    }

    /// Runs `f` on the store (on a blocking thread: the callers are).
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> std::result::Result<T, Refusal> {
        self.store.with(f)
    }

    /// A new one-time token, in a launch page only this user can read: `<data dir>/fashen/runtime/open-<port>-<n>.html`.
    fn launch_page(&self) -> Result<PathBuf> {
        let token = secret()?;
        let dir = runtime_dir();
        private_dir(&dir)?;
        let mut pages = lock(&self.launch_pages);
        let page = dir.join(format!("open-{}-{}.html", self.port, pages.len() + 1));
        let url = format!("http://127.0.0.1:{}/login?token={token}", self.port);
        let html = format!(
            "<!doctype html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0;url={url}\">\n\
             <title>法审台</title>\n<p>正在打开法审台……如果没有自动跳转，请<a href=\"{url}\">点击这里</a>。</p>\n"
        );
        write_private(&page, html.as_bytes())?;
        lock(&self.tokens).insert(token);
        pages.push(page.clone());
        Ok(page)
    }

    fn remove_launch_pages(&self) {
        for page in lock(&self.launch_pages).drain(..) {
            let _ = std::fs::remove_file(page);
        }
    }

    /// Sends `payload` to every open tab as the event `name` (print and sync progress).
    fn emit(&self, name: &'static str, payload: &impl serde::Serialize) {
        if let Ok(json) = serde_json::to_string(payload) {
            // No tab listening is not an error.
            let _ = self.events.send((name, json));
        }
    }

    /// A request of a session: some tab is open.
    fn seen(&self) {
        *lock(&self.last_seen) = Instant::now();
    }

    /// How long no tab has been heard from.
    fn alone_for(&self) -> Duration {
        lock(&self.last_seen).elapsed()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where launch pages go: the user's own data folder, as Jupyter does (a browser may open files there, and
/// other users cannot list or read it).
fn runtime_dir() -> PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("fashen")
        .join("runtime")
}

#[cfg(unix)]
fn private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    Ok(())
}

/// Writes a new file readable by this user alone (mode 0600 from its creation, never briefly wider; a file
/// left there by an earlier run is replaced, not reused with its old mode).
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    Ok(())
}
