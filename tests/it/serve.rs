//! Browser mode's defences, tried against the real `fashen serve` over real sockets: every way in that is not
//! the user's own browser with its launch token is refused, and changes nothing (content digest).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestDb;

/// A running `fashen serve` on a demo database, its data folder private to the test.
struct Served {
    child: Child,
    /// The session's proof, from the last login (what the app's page sends as `X-Fashen`).
    proof: std::cell::RefCell<String>,
    /// The server's standard output, kept open (and drained) for as long as it runs.
    _stdout: Option<std::thread::JoinHandle<()>>,
    db: TestDb,
    port: u16,
    opened_log: PathBuf,
}

impl Served {
    fn start(extra_env: &[(&str, &str)]) -> Served {
        let db = TestDb::new();
        db.ok(&["demo"]);
        Served::on(db, extra_env)
    }

    fn on(db: TestDb, extra_env: &[(&str, &str)]) -> Served {
        let opened_log = db.dir().join("opened.log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
        cmd.args(["serve", "--idle", "0"]);
        serve_env(&mut cmd, &db, &opened_log);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let served = Served::spawn(cmd, db, opened_log);
        served.wait_for_page(1);
        served
    }

    /// Starts `cmd` (a `fashen serve`) and reads its port from the first line it prints; the rest of its output
    /// is drained, as a terminal would (a closed pipe would fail the server's next line).
    fn spawn(mut cmd: Command, db: TestDb, opened_log: PathBuf) -> Served {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("fashen serve");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("the start line");
        let port = line
            .trim()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("a port in {line:?}"));
        let drain = std::thread::spawn(move || {
            let _ = std::io::copy(&mut out, &mut std::io::sink());
        });
        Served {
            child,
            proof: std::cell::RefCell::default(),
            _stdout: Some(drain),
            db,
            port,
            opened_log,
        }
    }

    /// The launch pages the server "opened" so far (FASHEN_TEST_OPENED), waiting for the `n`th.
    fn wait_for_page(&self, n: usize) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let log = std::fs::read_to_string(&self.opened_log).unwrap_or_default();
            if let Some(page) = log.lines().nth(n - 1) {
                return PathBuf::from(page);
            }
            assert!(Instant::now() < deadline, "launch page {n} was not opened");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The launch URL in the `n`th launch page.
    fn launch_url(&self, n: usize) -> String {
        let page = std::fs::read_to_string(self.wait_for_page(n)).expect("launch page");
        let start = page.find("url=").expect("refresh url") + 4;
        page[start..page[start..].find('"').unwrap() + start].to_string()
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Logs in with the first launch page's token; returns the session cookie (`name=value`) and keeps the
    /// session's proof for [`Served::proof`].
    fn login(&self) -> String {
        let url = self.launch_url(1);
        let path = &url[url.find("/login").unwrap()..];
        let r = self.request("GET", path, &[], b"");
        assert_eq!(r.status, 200, "{}", r.body_text());
        let body = r.body_text();
        let proof = body
            .split("session=")
            .nth(1)
            .expect("the proof")
            .split('"')
            .next()
            .unwrap();
        *self.proof.borrow_mut() = proof.to_string();
        let cookie = r.header("set-cookie").expect("a session cookie");
        cookie.split(';').next().unwrap().to_string()
    }

    fn proof(&self) -> String {
        self.proof.borrow().clone()
    }

    /// One request on a new connection, with `Host` set to the server unless `headers` sets it.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        Reply::read(&mut stream)
    }

    /// `POST /api/call` with the session and the CSRF header.
    fn call(&self, cookie: &str, command: &str, args: serde_json::Value) -> Reply {
        let body = serde_json::json!({ "command": command, "args": args }).to_string();
        self.request(
            "POST",
            "/api/call",
            &[("Cookie", cookie), ("X-Fashen", &self.proof())],
            body.as_bytes(),
        )
    }

    fn exited_within(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.child.try_wait().expect("wait").is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    fn memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment of a server (or a second start) on `db`: its own data and runtime folders, and a log in
/// place of the system browser.
fn serve_env(cmd: &mut Command, db: &TestDb, opened_log: &Path) {
    cmd.env("FASHEN_DB", &db.path)
        .env("XDG_DATA_HOME", db.dir())
        .env("XDG_RUNTIME_DIR", db.dir())
        .env("FASHEN_TEST_OPENED", opened_log)
        // Its private work folder (uploads, downloads) inside the test's, to look into.
        .env("TMPDIR", db.dir())
        .env_remove("FASHEN_USER");
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn read(stream: &mut TcpStream) -> Reply {
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&raw)));
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("JSON body ({e}): {}", self.body_text()))
    }
}

/// A write the tests try to sneak in: registering a case.
fn a_write() -> serde_json::Value {
    serde_json::json!({
        "kind": "contract",
        "fields": [["title", "冒名登记的合同"], ["unit", "区住房和城乡建设局"], ["received", "2026-12-01"]]
    })
}

#[test]
fn the_launch_token_opens_one_session_once_and_lives_in_a_private_file() {
    let served = Served::start(&[]);
    let page = served.wait_for_page(1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&page),
            0o600,
            "the launch page is readable by its user only"
        );
        assert_eq!(mode(page.parent().unwrap()), 0o700, "and so is its folder");
    }
    let url = served.launch_url(1);
    let token = url.rsplit("token=").next().unwrap();
    assert_eq!(token.len(), 64, "256 bits as hex");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));

    let path = &url[url.find("/login").unwrap()..];
    let first = served.request("GET", path, &[], b"");
    assert_eq!(first.status, 200);
    let cookie = first.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        first.body_text().contains("url=/"),
        "goes on to the app from its own origin"
    );

    let replay = served.request("GET", path, &[], b"");
    assert_eq!(replay.status, 403, "a token works once");
    assert!(replay.header("set-cookie").is_none());
    assert!(
        replay.body_text().contains("已经用过或无效"),
        "{}",
        replay.body_text()
    );

    let guessed = served.request("GET", &format!("/login?token={}", "0".repeat(64)), &[], b"");
    assert_eq!(guessed.status, 403);
    // Nobody's name in a command line: the token is not in the server's arguments.
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", served.child.id())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(token));
}

#[test]
fn requests_naming_another_host_are_refused_and_change_nothing() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let before = served.db.digest();
    let body = serde_json::json!({ "command": "register_case", "args": a_write() }).to_string();
    let port = served.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{}", port + 1),
        String::new(),
    ] {
        let r = served.request(
            "POST",
            "/api/call",
            &[
                ("Host", &host),
                ("Cookie", &cookie),
                ("X-Fashen", &served.proof()),
            ],
            body.as_bytes(),
        );
        assert_eq!(r.status, 421, "Host {host:?}: {}", r.body_text());
        let page = served.request("GET", "/", &[("Host", &host), ("Cookie", &cookie)], b"");
        assert_eq!(page.status, 421, "Host {host:?} for the page");
    }
    assert_eq!(served.db.digest(), before, "nothing was written");
    let ok = served.request(
        "GET",
        "/",
        &[("Host", &format!("localhost:{port}")), ("Cookie", &cookie)],
        b"",
    );
    assert_eq!(ok.status, 200, "localhost:<port> is this server too");
}

#[test]
fn the_api_needs_the_session_and_the_csrf_header_and_refuses_without_changing_anything() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let before = served.db.digest();
    let body = serde_json::json!({ "command": "register_case", "args": a_write() }).to_string();
    let wrong_cookie = format!("fashen_{}={}", served.port, "1".repeat(64));
    let mut wrong_proof = served.proof();
    wrong_proof.replace_range(63.., if wrong_proof.ends_with('0') { "1" } else { "0" });
    for (headers, status, words) in [
        (vec![("X-Fashen", "1")], 401, "未登录"),
        (
            vec![("X-Fashen", "1"), ("Cookie", wrong_cookie.as_str())],
            401,
            "未登录",
        ),
        (vec![("Cookie", cookie.as_str())], 403, "X-Fashen"),
        // The cookie as a page on another local port receives it (cookies ignore ports), sent with the header
        // but without the proof only the app's origin can read.
        (
            vec![("Cookie", cookie.as_str()), ("X-Fashen", "1")],
            403,
            "会话校验失败",
        ),
        (
            vec![("Cookie", cookie.as_str()), ("X-Fashen", &wrong_proof)],
            403,
            "会话校验失败",
        ),
        (
            // A form post from another page: the cookie would not even be sent (SameSite), and it has no header.
            vec![
                ("Cookie", cookie.as_str()),
                ("Origin", "http://127.0.0.1:1"),
                ("Content-Type", "text/plain"),
            ],
            403,
            "X-Fashen",
        ),
    ] {
        let r = served.request("POST", "/api/call", &headers, body.as_bytes());
        assert_eq!(r.status, status, "{headers:?}: {}", r.body_text());
        assert_eq!(r.json()["kind"], "io");
        assert!(
            r.json()["message"].as_str().unwrap().contains(words),
            "{}",
            r.body_text()
        );
        assert!(r.header("access-control-allow-origin").is_none());
    }
    // GET requests too: reading the cases needs the header.
    let r = served.request("GET", "/api/events", &[("Cookie", cookie.as_str())], b"");
    assert_eq!(r.status, 403);
    // A cross-origin fetch with the header is preflighted; the preflight gets no CORS permission.
    let preflight = served.request(
        "OPTIONS",
        "/api/call",
        &[
            ("Origin", "http://127.0.0.1:1"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "x-fashen,content-type"),
        ],
        b"",
    );
    assert!(preflight.status >= 400, "{}", preflight.status);
    assert!(preflight
        .headers
        .iter()
        .all(|(k, _)| !k.starts_with("access-control-")));
    assert_eq!(served.db.digest(), before, "nothing was written");

    let r = served.call(&cookie, "register_case", a_write());
    assert_eq!(r.status, 200, "{}", r.body_text());
    assert_ne!(
        served.db.digest(),
        before,
        "with both, the write goes through"
    );
}

#[test]
fn a_refusal_of_the_core_arrives_as_its_kind_and_chinese_message() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let before = served.db.digest();
    let r = served.call(
        &cookie,
        "register_case",
        serde_json::json!({ "kind": "contract", "fields": [["title", ""]] }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["kind"], "invalid");
    assert_eq!(r.json()["field"], "事项名称");
    let r = served.call(&cookie, "drop_tables", serde_json::json!({}));
    assert_eq!(r.json()["message"], "未找到命令：drop_tables");
    let r = served.call(
        &cookie,
        "sync_import",
        serde_json::json!({ "upload": "/etc/passwd", "dry_run": false, "confirm": true }),
    );
    assert_eq!(r.status, 422, "a path is not an upload");
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("找不到上传的文件"));
    assert_eq!(served.db.digest(), before);
}

#[test]
fn only_the_embedded_ui_is_served() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let ok = served.request("GET", "/api.js", &[("Cookie", &cookie)], b"");
    assert_eq!(ok.status, 200);
    assert!(ok
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    let csp = ok.header("content-security-policy").unwrap();
    for directive in [
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "//etc/passwd",
        "/tests/format.test.js",
        "/screens/../api.js",
        "/api.js%00.html",
    ] {
        let r = served.request("GET", path, &[("Cookie", &cookie)], b"");
        assert_eq!(r.status, 404, "{path}: {}", r.body_text());
        assert!(!r.body_text().contains("[package]") && !r.body_text().contains("root:"));
    }
    let without_session = served.request("GET", "/", &[], b"");
    assert_eq!(without_session.status, 401);
    assert!(without_session.body_text().contains("fashen serve"));
}

/// The defences do not rest on the user being root or alone: another local account can reach the port but
/// cannot read the launch page, and without its token gets nothing.
#[test]
fn another_local_user_cannot_read_the_token_or_get_in() {
    let served = Served::start(&[]);
    let page = served.wait_for_page(1);
    // As root (CI), try it for real as `nobody`; the file modes checked above are what makes it so anywhere.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if is_root {
        // `nobody` may not enter the test's temp folder at all; open the path up to the page's folder only.
        let mut dir = page.parent().unwrap().parent();
        while let Some(d) = dir {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(d).unwrap().permissions().mode();
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode | 0o011)).unwrap();
            if d == served.db.dir() {
                break;
            }
            dir = d.parent();
        }
        let read = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
            .arg(&page)
            .output()
            .expect("setpriv");
        assert!(!read.status.success(), "nobody read the launch page");
        assert!(String::from_utf8_lossy(&read.stderr).contains("Permission denied"));
        let script = format!(
            "exec 3<>/dev/tcp/127.0.0.1/{port}; printf 'POST /api/call HTTP/1.1\\r\\nHost: 127.0.0.1:{port}\\r\\nX-Fashen: 1\\r\\nContent-Length: 24\\r\\nConnection: close\\r\\n\\r\\n{{\"command\":\"dashboard\"}}' >&3; head -1 <&3",
            port = served.port
        );
        let other = Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "bash",
                "-c",
                &script,
            ])
            .output()
            .expect("setpriv bash");
        let status_line = String::from_utf8_lossy(&other.stdout);
        assert!(status_line.starts_with("HTTP/1.1 401"), "{status_line:?}");
    }
}

#[test]
fn a_second_start_opens_a_new_tab_with_a_new_token_and_quit_ends_the_server() {
    let mut served = Served::start(&[]);
    let cookie = served.login();
    let mut second = Command::new(env!("CARGO_BIN_EXE_fashen"));
    second.arg("serve");
    serve_env(&mut second, &served.db, &served.opened_log);
    let out = second.output().expect("second start");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("已在运行"));
    let first_url = served.launch_url(1);
    let second_url = served.launch_url(2);
    assert_ne!(first_url, second_url, "a fresh token");
    let path = &second_url[second_url.find("/login").unwrap()..];
    assert_eq!(served.request("GET", path, &[], b"").status, 200);

    let pages: Vec<PathBuf> = (1..=2).map(|n| served.wait_for_page(n)).collect();
    let r = served.request(
        "POST",
        "/api/quit",
        &[("Cookie", &cookie), ("X-Fashen", &served.proof())],
        b"",
    );
    assert_eq!(r.status, 200);
    assert!(
        served.exited_within(Duration::from_secs(10)),
        "退出 ends the server"
    );
    assert!(
        pages.iter().all(|p| !p.exists()),
        "its launch pages are gone with it"
    );
    assert_eq!(work_folders(&served.db), 0, "and its private folder");
}

/// The server's private folders (uploads, downloads) in the test's temp folder.
fn work_folders(db: &TestDb) -> usize {
    std::fs::read_dir(db.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("fashen-serve-"))
        .count()
}

#[test]
fn closing_the_terminal_stops_the_server_and_it_cleans_up() {
    let mut served = Served::start(&[]);
    let cookie = served.login();
    // Something waiting in the private folder: an upload not yet used.
    let r = served.request(
        "POST",
        "/api/upload?name=sync.fashen",
        &[("Cookie", &cookie), ("X-Fashen", &served.proof())],
        b"not yet imported",
    );
    assert_eq!(r.status, 200);
    assert_eq!(work_folders(&served.db), 1);
    let status = Command::new("kill")
        .args(["-HUP", &served.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        served.exited_within(Duration::from_secs(10)),
        "SIGHUP ends the server"
    );
    assert!(
        served.child.try_wait().unwrap().unwrap().success(),
        "as a normal stop"
    );
    assert_eq!(work_folders(&served.db), 0, "its private folder is gone");
}

/// A `fashen serve --idle <seconds>` on a new demo database, not started yet.
fn serve_with_idle(seconds: &str) -> (Command, TestDb, PathBuf) {
    let db = TestDb::new();
    db.ok(&["demo"]);
    let opened_log = db.dir().join("opened.log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fashen"));
    cmd.args(["serve", "--idle", seconds]);
    serve_env(&mut cmd, &db, &opened_log);
    (cmd, db, opened_log)
}

#[test]
fn with_no_tab_open_the_server_exits_after_its_idle_time() {
    let (mut cmd, _db, _log) = serve_with_idle("2");
    let started = Instant::now();
    let out = cmd.output().expect("fashen serve");
    let took = started.elapsed();
    assert!(out.status.success());
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(15),
        "{took:?}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("服务自动退出"));
}

#[test]
fn an_open_tab_keeps_the_server_and_closing_it_lets_it_go() {
    // An open tab calls at least every 15 s; here a "tab" calls every half second, past the idle limit of 2 s,
    // then stops (closed): the server goes.
    let (cmd, db, opened_log) = serve_with_idle("2");
    let mut served = Served::spawn(cmd, db, opened_log);
    let cookie = served.login();
    let proof = served.proof();
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        let r = served.request(
            "POST",
            "/api/alive",
            &[("Cookie", &cookie), ("X-Fashen", &proof)],
            b"",
        );
        assert_eq!(r.status, 200, "an open tab keeps the server");
        std::thread::sleep(Duration::from_millis(500));
    }
    // A request without the session does not count as a tab.
    let started = Instant::now();
    while !served.exited_within(Duration::from_millis(200)) {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", served.port)) {
            let _ = write!(
                s,
                "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                served.port
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no tab: it goes"
        );
    }
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "not before its idle time"
    );
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing_behind() {
    let served = Served::start(&[("FASHEN_TEST_MAX_UPLOAD", "1048576")]);
    let cookie = served.login();
    let proof = served.proof();
    // Declared too big (a 2 GB file): refused before a byte of it is read.
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(
        stream,
        "POST /api/upload?name=big.fashen HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\nX-Fashen: {proof}\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n",
        served.port
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let r = Reply::read(&mut stream);
    assert_eq!(r.status, 413);
    assert!(r.json()["message"].as_str().unwrap().contains("文件过大"));

    // Not declared (chunked), and more than the limit: refused when it gets there, the part deleted.
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(
        stream,
        "POST /api/upload?name=big.fashen HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\nX-Fashen: {proof}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        served.port
    )
    .unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..40 {
        if write!(stream, "{:x}\r\n", chunk.len()).is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let r = Reply::read(&mut stream);
    assert_eq!(r.status, 413, "{}", r.body_text());
    let leftovers: Vec<_> = std::fs::read_dir(served.db.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("fashen-serve-"))
        .flat_map(|e| std::fs::read_dir(e.path()).into_iter().flatten().flatten())
        .filter(|e| {
            std::fs::read_dir(e.path())
                .into_iter()
                .flatten()
                .flatten()
                .any(|f| f.file_name() == "big.fashen")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "the refused upload's part was deleted: {leftovers:?}"
    );

    // Within the limit: kept, and named by an id, never by its path.
    let r = served.request(
        "POST",
        "/api/upload?name=..%2F..%2Fsmall.json",
        &[("Cookie", &cookie), ("X-Fashen", &served.proof())],
        b"{}",
    );
    assert_eq!(r.status, 200, "{}", r.body_text());
    assert_eq!(r.json()["name"], "small.json");
    assert_eq!(r.json()["upload"].as_str().unwrap().len(), 64);
}

#[test]
fn slow_and_many_clients_do_not_take_the_server_down() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let memory_before = served.memory_kib();
    // Slow loris: a request head that never ends is cut off, and others are served meanwhile.
    let mut slow = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(
        slow,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
        served.port
    )
    .unwrap();
    let slow_started = Instant::now();

    // 1 000 clients at once, each asking for the dashboard.
    let port = served.port;
    let workers: Vec<_> = (0..1000)
        .map(|_| {
            let cookie = cookie.clone();
            let proof = served.proof();
            std::thread::spawn(move || {
                let body = r#"{"command":"dashboard"}"#;
                let request = format!(
                    "POST /api/call HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nX-Fashen: {proof}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let mut s = TcpStream::connect(("127.0.0.1", port))?;
                s.set_read_timeout(Some(Duration::from_secs(120)))?;
                s.write_all(request.as_bytes())?;
                let mut status = [0u8; 12];
                s.read_exact(&mut status)?;
                let mut rest = Vec::new();
                s.read_to_end(&mut rest)?;
                Ok::<_, std::io::Error>(status)
            })
        })
        .collect();
    let answers: Vec<_> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    let served_ok = answers
        .iter()
        .filter(|a| matches!(a, Ok(s) if s == b"HTTP/1.1 200"))
        .count();
    assert_eq!(
        served_ok,
        1000,
        "every client was answered: {:?}",
        answers.iter().find(|a| a.is_err())
    );

    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let cut_after = slow_started.elapsed();
    assert!(
        cut_after < Duration::from_secs(25),
        "the slow client was cut off after {cut_after:?}"
    );

    let memory_after = served.memory_kib();
    assert!(
        memory_after < memory_before + 200 * 1024,
        "memory stayed bounded: {memory_before} KiB → {memory_after} KiB"
    );
    let r = served.call(&cookie, "app_info", serde_json::json!({}));
    assert_eq!(r.status, 200, "still serving");
}

/// Long work reports its progress to the open tabs, and what it made is downloaded once, then gone.
#[test]
fn batch_printing_reports_progress_to_the_tab_and_its_file_is_downloaded_once() {
    let served = Served::start(&[]);
    let cookie = served.login();
    let proof = served.proof();
    let listed = served.call(
        &cookie,
        "list_cases",
        serde_json::json!({ "filter": { "kind": "normative_doc", "limit": 4 } }),
    );
    assert_eq!(listed.status, 200, "{}", listed.body_text());
    let cases: Vec<String> = listed.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reg_no"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cases.len(), 4);

    // A tab's event stream, open before the work starts.
    let mut tab = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(
        tab,
        "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\nX-Fashen: {proof}\r\n\r\n",
        served.port
    )
    .unwrap();
    tab.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = [0u8; 12];
    tab.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");

    let printed = served.call(
        &cookie,
        "export_forms",
        serde_json::json!({ "form": "normative_review", "cases": cases, "file": "pdf" }),
    );
    assert_eq!(printed.status, 200, "{}", printed.body_text());
    let printed = printed.json();
    assert_eq!(
        printed["name"],
        "规范性文件合法性审核登记审批表（4 件）.pdf"
    );

    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    while !seen.contains(r#"{"all":4,"done":4}"#) {
        let n = tab.read(&mut buffer).expect("events");
        assert!(n > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(seen.contains("event: print-progress"), "{seen}");

    let id = printed["download"].as_str().unwrap();
    let get = |served: &Served| {
        served.request(
            "GET",
            &format!("/api/download/{id}"),
            &[("Cookie", &cookie), ("X-Fashen", &proof)],
            b"",
        )
    };
    let file = get(&served);
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment; filename*=UTF-8''"));
    assert!(file.body.starts_with(b"%PDF"), "a PDF");
    let again = get(&served);
    assert_eq!(again.status, 404, "a download is served once");
    assert!(again.json()["message"]
        .as_str()
        .unwrap()
        .contains("已经下载过"));
}
