//! The commands that take or give a file, as a browser does them: a file arrives as an upload (`POST
//! /api/upload`, streamed into the server's private folder) and is named afterwards by the id the server gave
//! it — never by a path, so a page cannot make the server read a file of its choosing; a file made for the
//! user is kept until the browser downloads it once (`GET /api/download/<id>`). Each command then calls the
//! same action as the desktop's dialog does.

use std::path::PathBuf;
use std::sync::Arc;

use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;

use super::reply::{self, refused, Body, ChannelBody};
use super::{lock, secret, Server};
use fashen::actions::{self, deadlines, letters, maintenance, print, records, sync};
use fashen::api::{parse_id, to_json, Args, Refusal};
use fashen::ids::AttachmentId;

pub struct Upload {
    path: PathBuf,
    name: String,
}

pub struct Download {
    path: PathBuf,
    name: String,
}

type Answer = Result<Response<Body>, Response<Body>>;

/// `POST /api/upload?name=…`: the body, streamed into a folder of its own under the server's private folder.
pub async fn upload(server: &Arc<Server>, req: Request<Incoming>) -> Answer {
    let name = reply::query_param(&req, "name")
        .map(percent_decode)
        .map(|n| safe_name(&n))
        .unwrap_or_else(|| "上传的文件".to_string());
    let id = secret().map_err(|e| refused(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))?;
    let dir = server.work.path().join(format!("up-{}", &id[..16]));
    let path = dir.join(&name);
    let saved = async {
        tokio::fs::create_dir(&dir).await.map_err(|e| {
            refused(
                StatusCode::INSUFFICIENT_STORAGE,
                &format!("无法保存上传的文件：{e}"),
            )
        })?;
        let mut file = tokio::fs::File::create(&path).await.map_err(|e| {
            refused(
                StatusCode::INSUFFICIENT_STORAGE,
                &format!("无法保存上传的文件：{e}"),
            )
        })?;
        reply::receive(req, &mut file, reply::max_upload()).await
    }
    .await;
    let size = match saved {
        Ok(size) => size,
        Err(answer) => {
            let _ = tokio::fs::remove_dir_all(&dir).await;
            return Err(answer);
        }
    };
    lock(&server.uploads).insert(
        id.clone(),
        Upload {
            path,
            name: name.clone(),
        },
    );
    Ok(reply::json(
        StatusCode::OK,
        &json!({ "upload": id, "name": name, "size": size }),
    ))
}

/// `GET /api/download/<id>`: a file the server made for this browser, once, streamed from disk.
pub fn download(server: &Arc<Server>, id: &str) -> Answer {
    let Some(Download { path, name }) = lock(&server.downloads).remove(id) else {
        return Err(refused(
            StatusCode::NOT_FOUND,
            "这个文件已经下载过或已过期，请重新导出",
        ));
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let file_path = path.clone();
    tokio::spawn(async move {
        if let Ok(mut file) = tokio::fs::File::open(&file_path).await {
            let mut buffer = vec![0u8; 64 * 1024];
            while let Ok(n) = file.read(&mut buffer).await {
                if n == 0 || tx.send(Bytes::copy_from_slice(&buffer[..n])).await.is_err() {
                    break;
                }
            }
        }
        if let Some(dir) = file_path.parent() {
            let _ = tokio::fs::remove_dir_all(dir).await;
        }
    });
    let mut answer = Response::new(http_body_util::BodyExt::boxed(ChannelBody(rx)));
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(super::assets::content_type(&name)),
    );
    if let Ok(size) = std::fs::metadata(&path).map(|m| m.len()) {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    let disposition = format!("attachment; filename*=UTF-8''{}", percent_encode(&name));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(answer)
}

/// A shell command of `POST /api/call`, run on a blocking thread.
pub fn call(server: &Server, command: &str, args: &Value) -> Result<Value, Refusal> {
    let a = Args(args);
    // An upload is named by the id the server gave it (a missing one is simply not found).
    let upload_id = args.get("upload").and_then(Value::as_str).unwrap_or("");
    match command {
        "attach_file" => {
            let label: Option<String> = a.get("label")?;
            let case_key: String = a.get("case_id")?;
            let upload = take_upload(server, upload_id)?;
            let attached = server.with(|s| {
                let case = actions::find_case(s, &case_key)?;
                records::attach_path(s, case.id, &upload.path, label.as_deref())
            });
            remove_upload(&upload);
            Ok(to_json(attached?)?)
        }
        "open_attachment" => {
            let id = AttachmentId(parse_id(&a.get::<String>("id")?)?);
            let (key, dir) = server.new_download_dir()?;
            let exported = server.with(|s| records::export_attachment(s, id, &dir))?;
            let name = file_name(&exported.path);
            server.add_download(&key, exported.path, &name);
            Ok(json!({ "download": key, "name": name, "viewable": exported.viewable }))
        }
        "restore_backup" => {
            let upload = take_upload(server, upload_id)?;
            let restored = server.with(|s| maintenance::restore(s, &upload.path));
            remove_upload(&upload);
            let restored = restored?;
            let mut value = to_json(restored)?;
            // The UI says where it was restored from: the file the person chose, not the server's copy.
            value["path"] = Value::String(upload.name);
            Ok(value)
        }
        "open_backup_folder" => {
            let dir = server.with(|s| maintenance::backup_folder(s))?;
            // The browser and the server share this desktop, so the folder opens there as in the app.
            if !super::open_with_system(&dir) {
                return Err(Refusal::io(format!(
                    "无法打开文件管理器。备份保存在：{}",
                    dir.display()
                )));
            }
            Ok(to_json(dir)?)
        }
        "first_screen_shown" => {
            say_err!(
                "fashen: first screen shown {} ms after start",
                server.started.elapsed().as_millis()
            );
            Ok(Value::Null)
        }
        "import_calendar_file" => {
            let upload = take_upload(server, upload_id)?;
            let report = server.with(|s| deadlines::import_calendar_path(s, &upload.path));
            remove_upload(&upload);
            Ok(to_json(report?)?)
        }
        "export_letter" => {
            let key: String = a.get("id")?;
            let format = print::LetterFormat::parse(&a.get::<String>("format")?)?;
            let edit: Option<letters::LetterEdit> = a.get("edit")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let (id, dir) = server.new_download_dir()?;
            let name = server.with(|s| {
                Ok(print::letter_file_name_as(
                    &actions::find_letter(s, &key)?,
                    file.extension(),
                ))
            })?;
            let path = dir.join(safe_name(&name));
            server.with(|s| letters::export_letter(s, &key, edit.as_ref(), format, file, &path))?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_forms" => {
            let form: String = a.get("form")?;
            let cases: Vec<String> = a.get("cases")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let name = print::forms_file_name(&form, &cases, file.extension())?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| {
                print::export_forms(s, &form, &cases, file, &path, &mut |done, all| {
                    server.emit("print-progress", &json!({ "done": done, "all": all }));
                })
            })?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_register" => {
            let year: Option<i32> = a.get("year")?;
            let from: Option<String> = a.get("from")?;
            let to: Option<String> = a.get("to")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let kind: Option<String> = a.get("kind")?;
            let range = print::RegisterRange::chosen(year, from.as_deref(), to.as_deref())?
                .of_kind(kind.as_deref())?;
            let name = range.file_name(file.extension());
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| print::export_register(s, range, file, &path))?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_inspection_results" => {
            let case_id: String = a.get("case_id")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let (case, name) = server.with(|s| {
                let case = fashen::actions::find_case(s, &case_id)?;
                let name = fashen::actions::inspection::results_file_name(&case, file.extension());
                Ok((case.id, name))
            })?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| fashen::actions::inspection::export_results(s, case, file, &path))?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_progress_sheet" => {
            let case_id: String = a.get("case_id")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let with_tasks = a.get::<Option<bool>>("with_tasks")?.unwrap_or(false);
            let (case, name) = server
                .with(|s| fashen::actions::tasks::progress_sheet_target(s, &case_id, file))?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| {
                fashen::actions::tasks::export_progress_sheet(s, case, file, with_tasks, &path)
            })?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_stats" => {
            let request: fashen::actions::stats::StatsRequest = a.get("request")?;
            let file: fashen::actions::report::StatsFile =
                a.get::<Option<_>>("file")?.unwrap_or_default();
            let name =
                server.with(|s| fashen::actions::report::stats_file_name(s, &request, file))?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| fashen::actions::report::export_stats(s, &request, file, &path))?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_case_sheet" => {
            let filter: fashen::actions::cases::CaseFilter = a.get("filter")?;
            let file: fashen::actions::spreadsheets::SheetType = a.get("file")?;
            let name = fashen::actions::spreadsheets::register_file_name(&filter, file);
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| {
                fashen::actions::spreadsheets::export_case_sheet(s, &filter, file, &path)
            })?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "export_rectification_notices" => {
            let case_id: String = a.get("case_id")?;
            let unit: Option<String> = a.get("unit")?;
            let file: print::FileType = a.get::<Option<_>>("file")?.unwrap_or_default();
            let (case, unit, name) = server.with(|s| {
                fashen::actions::inspection::notices_target(s, &case_id, unit.as_deref(), file)
            })?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            server.with(|s| {
                fashen::actions::inspection::export_rectification_notices(
                    s,
                    case,
                    unit.as_deref(),
                    file,
                    &path,
                )
            })?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name }))
        }
        "choose_font" => {
            let role: String = a.get("role")?;
            let upload = take_upload(server, upload_id)?;
            // A font stays in use after the server ends: it is kept beside the database, not in the upload, under
            // a name of its own (another role's font of the same name is left alone; `#` would read as a
            // collection index).
            let fonts = server
                .db
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join("fonts");
            let kept = fonts.join(format!(
                "{}-{}",
                upload_id.get(..8).unwrap_or("font"),
                upload.name.replace('#', "_")
            ));
            let copied = std::fs::create_dir_all(&fonts)
                .and_then(|()| std::fs::copy(&upload.path, &kept))
                .map_err(|e| Refusal::io(format!("无法保存字体文件到 {}：{e}", fonts.display())));
            remove_upload(&upload);
            copied?;
            let rows = server.with(|s| print::set_font(s, &role, Some(&kept.to_string_lossy())));
            if rows.is_err() {
                let _ = std::fs::remove_file(&kept);
            }
            Ok(to_json(rows?)?)
        }
        "sync_export" => {
            let peer: Option<String> = a.get("peer")?;
            let passphrase: Option<String> = a.get("passphrase")?;
            let to = sync::Target::for_peer(peer.as_deref());
            let name = server.with(|s| sync::file_name(s, to))?;
            let (id, dir) = server.new_download_dir()?;
            let path = dir.join(safe_name(&name));
            let pass = passphrase.as_deref().filter(|p| !p.is_empty());
            let report = server.with(|s| sync::export(s, to, pass, &path))?;
            server.add_download(&id, path, &name);
            Ok(json!({ "download": id, "name": name, "report": to_json(report)? }))
        }
        "sync_import" => {
            // Kept after a preview (the import follows it), gone after the import itself.
            let upload = upload_of(server, upload_id)?;
            let passphrase: Option<String> = a.get("passphrase")?;
            let opts = sync::ImportOptions {
                dry_run: a.get("dry_run")?,
                confirm_mass_delete: a.get("confirm")?,
            };
            let stage = |stage: &str| server.emit("sync-progress", &json!({ "stage": stage }));
            stage("正在读取并校验文件…");
            let pass = passphrase.filter(|p| !p.is_empty());
            let receipt = sync::open_path(&upload.path, pass.as_deref())
                .map_err(Refusal::from)
                .and_then(|opened| {
                    stage("正在合并…");
                    server.with(|s| sync::import_opened(s, opened, &opts))
                });
            stage("");
            if !opts.dry_run && receipt.is_ok() {
                lock(&server.uploads).remove(upload_id);
                remove_upload(&upload);
            }
            Ok(to_json(receipt?)?)
        }
        _ => Err(fashen::Error::not_found("命令", command).into()),
    }
}

impl Server {
    /// A new folder for one file to be downloaded, and the id the browser will fetch it by.
    fn new_download_dir(&self) -> Result<(String, PathBuf), Refusal> {
        let id = secret()?;
        let dir = self.work.path().join(format!("dl-{}", &id[..16]));
        std::fs::create_dir(&dir).map_err(|e| Refusal::io(format!("无法准备下载的文件：{e}")))?;
        Ok((id, dir))
    }

    fn add_download(&self, id: &str, path: PathBuf, name: &str) {
        lock(&self.downloads).insert(
            id.to_string(),
            Download {
                path,
                name: name.to_string(),
            },
        );
    }
}

/// An upload named by its id, kept for another use (a sync file is previewed, then imported).
fn upload_of(server: &Server, id: &str) -> Result<Upload, Refusal> {
    lock(&server.uploads)
        .get(id)
        .map(|u| Upload {
            path: u.path.clone(),
            name: u.name.clone(),
        })
        .ok_or_else(gone)
}

/// An upload named by its id, used once.
fn take_upload(server: &Server, id: &str) -> Result<Upload, Refusal> {
    lock(&server.uploads).remove(id).ok_or_else(gone)
}

fn gone() -> Refusal {
    Refusal::io("找不到上传的文件（可能已用过或服务已重启），请重新选择文件".into())
}

fn remove_upload(upload: &Upload) {
    if let Some(dir) = upload.path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "文件".into())
}

/// A file name the browser sent, made safe to create inside a folder: its last component only, without
/// control characters, at most 200 bytes (file systems allow 255; a Chinese character takes 3), cut on a
/// character boundary before its extension so the extension survives.
fn safe_name(raw: &str) -> String {
    const MAX: usize = 200;
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        return "上传的文件".to_string();
    }
    if clean.len() <= MAX {
        return clean.to_string();
    }
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => (stem, format!(".{ext}")),
        _ => (clean, String::new()),
    };
    let mut cut = MAX - ext.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", &stem[..cut])
}

fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 5987 encoding of a file name for `Content-Disposition: attachment; filename*=UTF-8''…`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploaded_name_cannot_leave_its_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\a\\同步.fashen"), "同步.fashen");
        assert_eq!(safe_name(".."), "上传的文件");
        assert_eq!(safe_name("a\u{0}b\nc.pdf"), "abc.pdf");
        let long = format!("{}.pdf", "规".repeat(100));
        let cut = safe_name(&long);
        assert!(cut.len() <= 200 && cut.ends_with("规.pdf"), "{cut}");
        assert_eq!(percent_decode("%E5%90%8C%E6%AD%A5.fashen"), "同步.fashen");
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(
            percent_encode("审核表 1.pdf"),
            "%E5%AE%A1%E6%A0%B8%E8%A1%A8%201.pdf"
        );
    }
}
