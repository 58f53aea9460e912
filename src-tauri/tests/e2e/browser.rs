//! What only browser mode has: the browser's own defences around the local server, tried from a real page in
//! Chromium. (In the desktop run these tests have nothing to drive and return at once.)

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::fixtures::demo;
use crate::support::{digest, shell, App, Shell};

/// A page of another local origin (another port of 127.0.0.1, as any program on this machine could serve)
/// that tries to use the app's API in every way a page can: a CORS request with the CSRF header, a "simple"
/// request without it, and a no-cors one. It gets the session cookie (cookies ignore ports) but not the
/// session's proof: every attempt is refused and nothing is written.
#[test]
fn browser_mode_a_page_on_another_local_port_cannot_use_the_app() {
    if shell() != Shell::Browser {
        return;
    }
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/");
    let port = app.wd.exec("return location.port;", json!([]));
    let port = port.as_str().unwrap().to_string();
    let before = digest(&app);

    let evil = TcpListener::bind("127.0.0.1:0").unwrap();
    let evil_port = evil.local_addr().unwrap().port();
    let page = format!(
        r#"<!doctype html><meta charset="utf-8"><title>evil</title><body><script>
const target = 'http://127.0.0.1:{port}/api/call';
const body = JSON.stringify({{ command: 'register_case', args: {{ kind: 'contract',
  fields: [['title', '跨站登记的合同'], ['unit', '区住房和城乡建设局'], ['received', '2026-12-01']] }} }});
Promise.all([
  fetch(target, {{ method: 'POST', credentials: 'include',
    headers: {{ 'X-Fashen': '1', 'Content-Type': 'application/json' }}, body }})
    .then((r) => 'cors:' + r.status, () => 'cors:blocked'),
  fetch(target, {{ method: 'POST', credentials: 'include', headers: {{ 'Content-Type': 'text/plain' }}, body }})
    .then((r) => 'simple:' + r.status, () => 'simple:blocked'),
  fetch(target, {{ method: 'POST', mode: 'no-cors', credentials: 'include', body }})
    .then((r) => 'no-cors:' + r.type, () => 'no-cors:blocked'),
]).then((results) => {{ document.body.textContent = results.join(' '); document.title = 'done'; }});
</script>"#
    );
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let heard = seen.clone();
    std::thread::spawn(move || {
        for stream in evil.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut head = String::new();
            while reader.read_line(&mut head).is_ok_and(|n| n > 2) {}
            heard.lock().unwrap().push(head);
            let _ = (&stream).write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                    page.len()
                )
                .as_bytes(),
            );
        }
    });

    let app_tab = app.wd.window();
    app.wd.new_tab();
    app.wd.open(&format!("http://127.0.0.1:{evil_port}/"));
    app.wd
        .wait_for("document.title === 'done'", "the other page's attempts");
    let results = app.wd.exec("return document.body.textContent;", json!([]));
    let results = results.as_str().unwrap();
    assert!(
        results.contains("cors:blocked"),
        "the CORS request is stopped by its preflight: {results}"
    );
    assert!(
        results.contains("simple:blocked"),
        "a simple request's answer cannot be read: {results}"
    );
    assert!(
        results.contains("no-cors:blocked"),
        "the server's Cross-Origin-Resource-Policy keeps even an opaque answer from the page: {results}"
    );
    assert_eq!(digest(&app), before, "none of them wrote anything");
    // Why the proof is needed: the browser did hand that page's server the app's cookie.
    let cookie = format!("fashen_{port}=");
    assert!(
        seen.lock().unwrap().iter().any(|h| h.contains(&cookie)),
        "the other port received the session cookie"
    );
    app.wd.switch_to(&app_tab);
    app.wd.goto("#/cases");
}

/// 退出 stops the server after a confirmation; the page says so, and a call made afterwards says the app is
/// gone instead of failing silently.
#[test]
fn browser_mode_quit_stops_the_server() {
    if shell() != Shell::Browser {
        return;
    }
    let app = App::start_with(demo, &[]);
    app.wd.goto("#/");
    app.wd.click("#quit");
    app.screenshot("40-quit-confirm");
    app.wd.click("#confirm-ok");
    app.wd.wait_for(
        "document.getElementById('quit-done')",
        "the page saying it has quit",
    );
    app.screenshot("41-quit-done");
    let port = app.wd.exec("return location.port;", json!([]));
    let port: u16 = port.as_str().unwrap().parse().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server still listens"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let said = app.wd.exec(
        "return import('./api.js').then((api) => api.dashboard()).then(() => 'answered', (e) => e.message);",
        json!([]),
    );
    assert!(said.as_str().unwrap().contains("无法连接法审台"), "{said}");
}

/// A browser without <dialog> (Firefox before 98, which Kylin may ship): the app's dialogs still work, through
/// the polyfill loaded for it. Here Chromium is made to lack `showModal` before the app's first script runs.
#[test]
fn browser_mode_dialogs_work_in_a_browser_without_dialog() {
    if shell() != Shell::Browser {
        return;
    }
    let app = App::start_with(demo, &[]);
    app.wd.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "delete HTMLDialogElement.prototype.showModal; delete HTMLDialogElement.prototype.close;" }),
    );
    app.wd.exec("location.reload();", json!([]));
    app.wd.wait_for(
        "document.getElementById('view') && typeof HTMLDialogElement.prototype.showModal === 'undefined'",
        "the app without <dialog>",
    );
    app.wd.goto("#/");
    let before = digest(&app);
    app.wd.click("#quit");
    app.wd.wait_for(
        "document.documentElement.classList.contains('dialog-polyfill') && document.querySelector('dialog[open] #confirm-ok')",
        "the confirmation, through the polyfill",
    );
    app.screenshot("42-dialog-polyfill");
    // 取消 closes it and does nothing.
    app.wd.click("dialog[open] button[type='button']");
    app.wd
        .wait_for("!document.querySelector('dialog')", "the dialog closed");
    assert_eq!(digest(&app), before);
    // A form dialog: a person is added through it.
    app.wd.goto("#/people");
    app.wd.click("#add-person");
    app.wd.type_into("#person-name", "孙明");
    app.wd.click("dialog[open] button.primary");
    app.wd.wait_for(
        "!document.querySelector('dialog')",
        "the form dialog closed after saving",
    );
    let people = fashen::actions::parties::list_people(&app.store()).unwrap();
    assert!(
        people.iter().any(|p| p.name == "孙明"),
        "saved through the polyfilled dialog"
    );
}
