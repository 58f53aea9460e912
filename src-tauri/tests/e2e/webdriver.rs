//! A small blocking W3C WebDriver client: sessions, elements, script, screenshots. It needs HTTP and JSON only,
//! so it is a few functions over `ureq` rather than a client crate that would rebuild Tauri with other features
//! (shared/tauri-notes.md §6).

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C key for an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver codes of the keys the tests press.
pub const CONTROL: &str = "\u{E009}";
pub const ALT: &str = "\u{E00A}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";

pub struct Session {
    agent: ureq::Agent,
    base: String,
    /// Browser mode: the file every file chooser "picks" (the desktop's `FASHEN_TEST_PICK`), handed to the
    /// chooser's <input type=file> after a click opens one.
    pub pick: Option<std::path::PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Element(pub String);

impl Session {
    /// Starts the app at `application` through tauri-driver listening on `port`.
    pub fn start(port: u16, application: &Path) -> Session {
        Session::with_capabilities(
            port,
            json!({
                "browserName": "wry",
                "tauri:options": {"application": application}
            }),
        )
    }

    /// A session with `capabilities` (`alwaysMatch`) through the driver listening on `port`.
    pub fn with_capabilities(port: u16, capabilities: Value) -> Session {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let caps = json!({"capabilities": {"alwaysMatch": capabilities}});
        let url = format!("http://127.0.0.1:{port}/session");
        let mut resp = agent.post(&url).send_json(&caps).expect("driver reachable");
        let body: Value = resp.body_mut().read_json().expect("session JSON");
        let id = body["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {body}"))
            .to_string();
        Session {
            agent,
            base: format!("http://127.0.0.1:{port}/session/{id}"),
            pick: None,
        }
    }

    /// Opens `url` in the browser (browser mode's launch page).
    pub fn open(&self, url: &str) {
        self.send("POST", "/url", Some(json!({ "url": url })))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Browser mode: a file chooser the last click opened gets [`Session::pick`], as a person choosing it in
    /// the dialog would (WebDriver's way of choosing a file: typing its path into the input).
    fn hand_over_pick(&self) {
        let Some(path) = &self.pick else { return };
        let deadline = Instant::now() + Duration::from_millis(1500);
        while Instant::now() < deadline {
            if self.exec("return !!document.getElementById('e2e-file');", json!([])) == json!(true)
            {
                let input = self
                    .send(
                        "POST",
                        "/element",
                        Some(json!({"using": "css selector", "value": "#e2e-file"})),
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
                let id = input[ELEMENT].as_str().expect("element id").to_string();
                self.exec(
                    "document.getElementById('e2e-file').removeAttribute('id');",
                    json!([]),
                );
                self.send(
                    "POST",
                    &format!("/element/{id}/value"),
                    Some(json!({"text": path.to_string_lossy()})),
                )
                .unwrap_or_else(|e| panic!("choose {}: {e}", path.display()));
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let resp = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, Some(b)) => self.agent.post(&url).send_json(&b),
            (_, None) => self.agent.post(&url).send_json(json!({})),
        };
        let mut resp = resp.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = resp.status();
        let v: Value = resp
            .body_mut()
            .read_json()
            .map_err(|e| format!("{method} {path}: {e}"))?;
        if status.is_success() {
            Ok(v["value"].clone())
        } else {
            Err(format!("{method} {path}: {}", v["value"]))
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        self.send(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `condition` (a JS expression) until it is truthy; panics with `what` after 15 s.
    pub fn wait_for(&self, condition: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let script = format!("return !!({condition});");
        loop {
            if let Ok(Value::Bool(true)) = self.send(
                "POST",
                "/execute/sync",
                Some(json!({"script": script, "args": []})),
            ) {
                return;
            }
            if Instant::now() > deadline {
                let body = self.exec("return document.body.innerText.slice(0, 2000);", json!([]));
                panic!("timed out waiting for {what} ({condition}); page text:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Navigates inside the app (`#/cases?kind=contract`) and waits until that screen has rendered.
    pub fn goto(&self, hash: &str) {
        self.exec(
            "document.getElementById('view')?.removeAttribute('data-ready'); location.hash = arguments[0];",
            json!([hash]),
        );
        self.wait_for(
            "document.getElementById('view')?.dataset.ready === location.hash",
            &format!("screen {hash}"),
        );
    }

    pub fn find(&self, css: &str) -> Element {
        self.wait_for(
            &format!("document.querySelector({})", json!(css)),
            &format!("element {css}"),
        );
        let v = self
            .send(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        // WebKitWebDriver does not scroll inside a modal <dialog> by itself; a person would.
        self.exec(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            json!([css]),
        );
        Element(
            v[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("no element id in {v}"))
                .to_string(),
        )
    }

    /// Clicks the element `css` finds. A screen that re-renders between the finding and the click (a case
    /// page refreshing after a dialog closes) replaces the element with its twin: that one is clicked.
    pub fn click(&self, css: &str) {
        let mut tries = 0;
        loop {
            let el = self.find(css);
            match self.send("POST", &format!("/element/{}/click", el.0), None) {
                Ok(_) => return self.hand_over_pick(),
                Err(e) if e.contains("stale element") && tries < 3 => tries += 1,
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    /// Types into an input the way a person does (focus, keys), so `input` events fire. `\u{E007}` is Enter.
    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.send("POST", &format!("/element/{}/clear", el.0), None)
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        if text.is_empty() {
            return;
        }
        self.send(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({"text": text})),
        )
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Chooses the option whose value is `value` in a <select> and fires `change`, as a person's pick does.
    pub fn choose(&self, css: &str, value: &str) {
        self.find(css);
        self.exec(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1];
             if (s.value !== arguments[1]) throw new Error('no option ' + arguments[1]);
             s.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }

    /// Presses keys on whatever has focus, as a person does: `keys(&[CONTROL], "n")` is Ctrl+N.
    pub fn press(&self, modifiers: &[&str], key: &str) {
        let mut actions: Vec<Value> = modifiers
            .iter()
            .map(|m| json!({"type": "keyDown", "value": m}))
            .collect();
        actions.push(json!({"type": "keyDown", "value": key}));
        actions.push(json!({"type": "keyUp", "value": key}));
        actions.extend(
            modifiers
                .iter()
                .rev()
                .map(|m| json!({"type": "keyUp", "value": m})),
        );
        self.send(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .unwrap_or_else(|e| panic!("keys {key}: {e}"));
        let _ = self.send("DELETE", "/actions", None);
    }

    pub fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.send("GET", &format!("/element/{}/text", el.0), None)
            .unwrap_or_else(|e| panic!("text of {css}: {e}"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the page has painted its last change (two animation frames), so a capture is not stale.
    pub fn wait_painted(&self) {
        self.send(
            "POST",
            "/execute/async",
            Some(json!({"script": "requestAnimationFrame(() => requestAnimationFrame(arguments[0]))", "args": []})),
        )
        .expect("two frames");
    }

    /// The handles of the browser's windows and tabs.
    pub fn windows(&self) -> Vec<String> {
        self.send("GET", "/window/handles", None)
            .unwrap_or_else(|e| panic!("{e}"))
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|h| h.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn window(&self) -> String {
        self.send("GET", "/window", None)
            .unwrap_or_else(|e| panic!("{e}"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn switch_to(&self, handle: &str) {
        self.send("POST", "/window", Some(json!({ "handle": handle })))
            .unwrap_or_else(|e| panic!("switch to {handle}: {e}"));
    }

    /// Chromium only: a DevTools command through chromedriver (e.g. a script to run before every page).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.send(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Opens a new tab and makes it the current one.
    pub fn new_tab(&self) -> String {
        let v = self
            .send("POST", "/window/new", Some(json!({ "type": "tab" })))
            .unwrap_or_else(|e| panic!("{e}"));
        let handle = v["handle"].as_str().expect("a handle").to_string();
        self.switch_to(&handle);
        handle
    }

    pub fn close(&self) {
        let _ = self.send("DELETE", "", None);
    }
}
