//! The HTTP side of browser mode. Every request passes, in order:
//!
//! 1. `Host` must be `127.0.0.1:<port>` or `localhost:<port>` — a page on a rebound DNS name is refused;
//! 2. `/login?token=…` is the only way in without a session: a launch token, once, for a session cookie;
//! 3. everything else needs that cookie; `/api/…` also needs the `X-Fashen` header (CSRF);
//! 4. files come only from the UI embedded at build time ([`super::assets`]), never from the disk.
//!
//! Limits keep a misbehaving client from taking the server down: at most [`MAX_CONNECTIONS`] connections are
//! served at once (the rest wait in the kernel's queue), a client has [`HEADER_TIMEOUT`] to send its request
//! head, [`BODY_TIMEOUT`](super::reply::BODY_TIMEOUT) for a call's whole JSON or between pieces of an upload; a
//! call's JSON is at most [`MAX_CALL`] and an upload at most [`MAX_UPLOAD`](super::reply::MAX_UPLOAD) (streamed
//! to disk, so memory stays bounded).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;

use super::reply::{
    full, html, json, page, query_param, refused, Answer, ChannelBody, BODY_TIMEOUT,
};
use super::{assets, lock, secret, shell, Server, Session};

pub const MAX_CONNECTIONS: usize = 256;
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_CALL: usize = 16 << 20;
/// The desktop's content policy (`src-tauri/tauri.conf.json`), with the page's own origin for its calls
/// instead of Tauri's IPC, and no framing by anyone.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; \
frame-ancestors 'none'";

/// Serves until the UI asks to quit or no tab has been open for `idle` (zero: never).
pub async fn serve(listener: tokio::net::TcpListener, server: Arc<Server>, idle: Duration) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let watcher = server.clone();
    tokio::spawn(async move {
        if idle.is_zero() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if watcher.alone_for() >= idle {
                say!(
                    "{} 秒内没有打开的法审台页面，服务自动退出。",
                    idle.as_secs()
                );
                watcher.quit.notify_one();
                return;
            }
        }
    });
    loop {
        let slot = tokio::select! {
            _ = server.quit.notified() => return,
            slot = slots.clone().acquire_owned() => slot,
        };
        let Ok(slot) = slot else { return };
        let accepted = tokio::select! {
            _ = server.quit.notified() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: let the moment pass.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let server = server.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let server = server.clone();
                async move { Ok::<_, Infallible>(respond(server, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

async fn respond(server: Arc<Server>, req: Request<Incoming>) -> Answer {
    let mut answer = match route(&server, req).await {
        Ok(a) | Err(a) => a,
    };
    let headers = answer.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-resource-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    answer
}

async fn route(server: &Arc<Server>, req: Request<Incoming>) -> Result<Answer, Answer> {
    check_host(&req, server.port)?;
    let path = req.uri().path().to_string();
    if path == "/login" && req.method() == Method::GET {
        return login(server, &req);
    }
    let proof = check_session(&req, server, path.starts_with("/api/"))?;
    if let Some(api) = path.strip_prefix("/api/") {
        check_proof(&req, &proof)?;
        return match (req.method().clone(), api) {
            (Method::POST, "call") => call(server, req).await,
            (Method::POST, "upload") => shell::upload(server, req).await,
            (Method::GET, "events") => Ok(events(server)),
            // An open tab says so every 15 s (the request itself is what counts: see `check_session`).
            (Method::POST, "alive") => {
                Ok(json(StatusCode::OK, &serde_json::json!({ "alive": true })))
            }
            (Method::POST, "quit") => {
                let server = server.clone();
                tokio::spawn(async move {
                    // After this answer has gone out.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    server.quit.notify_one();
                });
                Ok(json(StatusCode::OK, &serde_json::json!({ "quit": true })))
            }
            (Method::GET, id) if id.starts_with("download/") => {
                shell::download(server, &id["download/".len()..])
            }
            _ => Err(refused(
                StatusCode::NOT_FOUND,
                &format!("没有这个接口：{path}"),
            )),
        };
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(page(StatusCode::METHOD_NOT_ALLOWED, "不支持的请求方式。"));
    }
    asset(&path)
}

/// Step 1: the request must name this server by its loopback address (a DNS-rebinding page names its own).
fn check_host(req: &Request<Incoming>, port: u16) -> Result<(), Answer> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}") {
        Ok(())
    } else {
        Err(page(
            StatusCode::MISDIRECTED_REQUEST,
            "请求的地址不是本机的法审台，已拒绝。请使用 http://127.0.0.1 开头的地址。",
        ))
    }
}

fn cookie_name(port: u16) -> String {
    format!("fashen_{port}")
}

/// Step 2: `/login?token=…` trades a launch token (once) for a session: an HttpOnly cookie, and a second secret
/// (the *proof*) that the app's page keeps in its own origin's storage and sends as `X-Fashen` on every API
/// request. Cookies are not separated by port: a page on another local port that the browser visits gets
/// this cookie too, but never the proof, which only this origin can read. Then on to the app with a page of
/// its own origin (a redirect straight from the launch file would be cross-site, and a SameSite=Strict cookie
/// is not sent on it).
fn login(server: &Server, req: &Request<Incoming>) -> Result<Answer, Answer> {
    let token = query_param(req, "token").unwrap_or("");
    let valid = !token.is_empty() && lock(&server.tokens).remove(token);
    if !valid {
        return Err(page(
            StatusCode::FORBIDDEN,
            "此启动链接已经用过或无效。请从菜单重新打开「法审台（浏览器版）」，或在终端运行 fashen serve。",
        ));
    }
    let failed = |e: fashen::Error| page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    let Session {
        cookie: session,
        proof,
    } = {
        let mut current = lock(&server.session);
        match current.as_ref() {
            Some(s) => s.clone(),
            None => current
                .insert(Session {
                    cookie: secret().map_err(failed)?,
                    proof: secret().map_err(failed)?,
                })
                .clone(),
        }
    };
    let mut answer = html(
        StatusCode::OK,
        &format!(
            "<!doctype html><meta charset=\"utf-8\">\
             <meta http-equiv=\"refresh\" content=\"0;url=/?session={proof}\">\
             <title>法审台</title><p>正在进入法审台……</p>"
        ),
    );
    let cookie = format!(
        "{}={session}; HttpOnly; SameSite=Strict; Path=/",
        cookie_name(server.port)
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        answer.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(answer)
}

/// Step 3: a session cookie this server gave out; returns the session's proof.
fn check_session(req: &Request<Incoming>, server: &Server, api: bool) -> Result<String, Answer> {
    let name = cookie_name(server.port);
    let proof = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find_map(|(k, v)| {
            let session = lock(&server.session);
            match session.as_ref() {
                Some(s) if k == name && same(v.as_bytes(), &s.cookie) => Some(s.proof.clone()),
                _ => None,
            }
        });
    if let Some(proof) = proof {
        server.seen();
        return Ok(proof);
    }
    let message =
        "未登录：请从菜单打开「法审台（浏览器版）」，或在终端运行 fashen serve，由它打开浏览器。";
    Err(if api {
        refused(StatusCode::UNAUTHORIZED, message)
    } else {
        page(StatusCode::UNAUTHORIZED, message)
    })
}

/// Step 3, for the API: the `X-Fashen` header carries the session's proof. A page of another origin can send
/// neither the header (without a CORS preflight this server never grants) nor the proof (it cannot read it).
fn check_proof(req: &Request<Incoming>, proof: &str) -> Result<(), Answer> {
    let sent = req
        .headers()
        .get("x-fashen")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if sent.is_empty() {
        return Err(refused(
            StatusCode::FORBIDDEN,
            "请求缺少 X-Fashen 标头，已拒绝（防止其他网页冒用本页面发出请求）",
        ));
    }
    if same(sent, proof) {
        Ok(())
    } else {
        Err(refused(
            StatusCode::FORBIDDEN,
            "会话校验失败，已拒绝。请从菜单重新打开「法审台（浏览器版）」。",
        ))
    }
}

/// A secret compared in constant time: how long a refusal takes says nothing about how much of it was right.
fn same(sent: &[u8], secret: &str) -> bool {
    sent.len() == secret.len()
        && sent
            .iter()
            .zip(secret.as_bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Step 4: a file of the embedded UI.
fn asset(path: &str) -> Result<Answer, Answer> {
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        name => name,
    };
    let Some(bytes) = assets::get(name) else {
        return Err(page(StatusCode::NOT_FOUND, "没有这个页面。"));
    };
    let mut answer = Response::new(full(Bytes::from_static(bytes)));
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(assets::content_type(name)),
    );
    Ok(answer)
}

#[derive(serde::Deserialize)]
struct Call {
    command: String,
    #[serde(default)]
    args: Value,
}

/// `POST /api/call`: `{command, args}`, answered by the core's table, or by this shell for the commands that
/// take or give a file.
async fn call(server: &Arc<Server>, req: Request<Incoming>) -> Result<Answer, Answer> {
    let body = tokio::time::timeout(
        BODY_TIMEOUT,
        http_body_util::Limited::new(req.into_body(), MAX_CALL).collect(),
    )
    .await
    .map_err(|_| refused(StatusCode::REQUEST_TIMEOUT, "请求发送过慢，已中止"))?
    .map_err(|_| refused(StatusCode::PAYLOAD_TOO_LARGE, "请求过大，已拒绝"))?
    .to_bytes();
    let Call { command, args } = serde_json::from_slice(&body)
        .map_err(|e| refused(StatusCode::BAD_REQUEST, &format!("请求格式不正确：{e}")))?;
    let server = server.clone();
    let answer = tokio::task::spawn_blocking(move || {
        if fashen::api::COMMANDS.contains(&command.as_str()) {
            server.with(|s| fashen::api::call(s, &command, &args))
        } else {
            shell::call(&server, &command, &args)
        }
    })
    .await
    .map_err(|e| {
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("后台任务意外中止：{e}"),
        )
    })?;
    match answer {
        Ok(value) => Ok(json(StatusCode::OK, &value)),
        Err(refusal) => Err(json(StatusCode::UNPROCESSABLE_ENTITY, &refusal)),
    }
}

/// `GET /api/events`: the server's events (print and sync progress) as server-sent events, for as long as
/// the page listens (during long work).
fn events(server: &Arc<Server>) -> Answer {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(16);
    let mut events = server.events.subscribe();
    tokio::spawn(async move {
        // A comment now and then, so a closed tab's stream is noticed (its send fails) and dropped.
        let mut ping = tokio::time::interval(Duration::from_secs(15));
        loop {
            let chunk = tokio::select! {
                event = events.recv() => match event {
                    Ok((name, data)) => format!("event: {name}\ndata: {data}\n\n"),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(_) => break,
                },
                _ = ping.tick() => ": ping\n\n".to_string(),
            };
            // The tab closed: its connection, and with it the receiver, is gone.
            if tx.send(Bytes::from(chunk)).await.is_err() {
                break;
            }
        }
    });
    let mut answer = Response::new(ChannelBody(rx).boxed());
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    answer
}
