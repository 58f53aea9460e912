//! What the server answers with: JSON, a refusal in the core's shape, a plain Chinese page for a person, a body
//! streamed from a channel; and the one way a request body is received into a file, with its limits.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use tokio::io::AsyncWriteExt;

use fashen::api::Refusal;

/// The longest pause between two pieces of a request body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest upload (a sync file with years of attachments fits; a 2 GB file does not).
pub const MAX_UPLOAD: u64 = 1 << 30;

/// [`MAX_UPLOAD`]; in a debug build (the tests'), `FASHEN_TEST_MAX_UPLOAD` bytes, so a test can go over the
/// limit without sending a gigabyte. A release build has no such hook.
pub fn max_upload() -> u64 {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("FASHEN_TEST_MAX_UPLOAD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    MAX_UPLOAD
}

pub type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;
pub type Answer = Response<Body>;

/// A response body fed piece by piece from a channel (event streams, downloads read from disk).
pub struct ChannelBody(pub tokio::sync::mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|b| Ok(Frame::data(b))))
    }
}

/// Streams the request's body into `file`, refusing more than `limit` bytes or a pause over [`BODY_TIMEOUT`].
pub async fn receive(
    req: Request<Incoming>,
    file: &mut tokio::fs::File,
    limit: u64,
) -> Result<u64, Answer> {
    let too_big = || {
        refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("文件过大，上限 {} MB", limit >> 20),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_big());
    }
    let mut body = req.into_body();
    let mut size = 0u64;
    loop {
        let frame = tokio::time::timeout(BODY_TIMEOUT, body.frame())
            .await
            .map_err(|_| {
                refused(
                    StatusCode::REQUEST_TIMEOUT,
                    "上传中断（长时间没有收到数据）",
                )
            })?;
        let Some(frame) = frame else { break };
        let frame =
            frame.map_err(|e| refused(StatusCode::BAD_REQUEST, &format!("上传中断：{e}")))?;
        if let Some(data) = frame.data_ref() {
            size += data.len() as u64;
            if size > limit {
                return Err(too_big());
            }
            file.write_all(data).await.map_err(|e| {
                refused(
                    StatusCode::INSUFFICIENT_STORAGE,
                    &format!("无法保存上传的文件：{e}"),
                )
            })?;
        }
    }
    file.flush().await.map_err(|e| {
        refused(
            StatusCode::INSUFFICIENT_STORAGE,
            &format!("无法保存上传的文件：{e}"),
        )
    })?;
    Ok(size)
}

/// The value of `name` in the request's query (`?token=…`, `?name=…`), as sent (still percent-encoded).
pub fn query_param<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.uri()
        .query()?
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

pub fn full(bytes: Bytes) -> Body {
    Full::new(bytes).map_err(|never| match never {}).boxed()
}

pub fn json(status: StatusCode, value: &impl serde::Serialize) -> Answer {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut answer = Response::new(full(Bytes::from(bytes)));
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    answer
}

/// A refusal of an API request, in the core's shape, so the UI shows its message.
pub fn refused(status: StatusCode, message: &str) -> Answer {
    json(status, &Refusal::io(message.to_string()))
}

pub fn html(status: StatusCode, body: &str) -> Answer {
    let mut answer = Response::new(full(Bytes::from(body.to_string())));
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    answer
}

/// A refusal a person reads in the browser: a plain Chinese page.
pub fn page(status: StatusCode, message: &str) -> Answer {
    html(
        status,
        &format!(
            "<!doctype html><meta charset=\"utf-8\"><title>法审台</title><p>{}</p>",
            escape(message)
        ),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
