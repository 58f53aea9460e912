//! The text of an attached file, for search: a PDF's text layer page by page, an OFD's pages, a Word document's
//! paragraphs, a spreadsheet's cells sheet by sheet, a plain text file in UTF-8, UTF-16 or GB18030 (what WPS
//! and Notepad save). Derived from the bytes alone: the store keeps it per blob hash, never synced, and
//! re-extracts every blob when [`VERSION`] changes.
//!
//! A file from another laptop is untrusted input: every limit below bounds what a crafted file can cost, and a
//! parser that panics on one makes the file [`State::Unreadable`], never the app fail.

use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};

/// The extraction's version: a build that extracts differently bumps it, and opening a database re-extracts.
pub const VERSION: i64 = 1;

/// Text kept per file: about 600 pages of dense Chinese. More is cut off and said so.
pub const MAX_CHARS: usize = 1_000_000;

/// What one stream, page or archive member may inflate to (a small crafted file cannot exhaust memory).
const MAX_INFLATED: usize = 64 << 20;

/// What was found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub state: State,
    /// The text where it was found: `page:N` (a PDF's or OFD's page), `sheet:N` (a workbook's sheet) or
    /// `text` (a whole document), each with its text.
    pub pages: Vec<(String, String)>,
    /// Whether text past [`MAX_CHARS`] was left out.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Its text is searchable.
    Text,
    /// A PDF or OFD whose pages have no text: a scan, searchable by name only.
    Scan,
    /// A kind of file whose content is not read (images, archives, old binary Word files).
    NotRead,
    /// A file of a kind that is read but could not be: damaged, encrypted, not what its name says.
    Unreadable(String),
}

impl State {
    /// A short code for storage.
    pub fn code(&self) -> &'static str {
        match self {
            State::Text => "text",
            State::Scan => "scan",
            State::NotRead => "not_read",
            State::Unreadable(_) => "unreadable",
        }
    }

    pub fn from_code(code: &str, detail: Option<String>) -> State {
        match code {
            "text" => State::Text,
            "scan" => State::Scan,
            "not_read" => State::NotRead,
            _ => State::Unreadable(detail.unwrap_or_default()),
        }
    }
}

impl Extracted {
    fn unreadable(why: &str) -> Extracted {
        Extracted {
            state: State::Unreadable(why.to_string()),
            pages: Vec::new(),
            truncated: false,
        }
    }

    fn not_read() -> Extracted {
        Extracted {
            state: State::NotRead,
            pages: Vec::new(),
            truncated: false,
        }
    }

    /// Text found in `pages`; a document with pages but no text on any is a scan.
    fn of_pages(pages: Vec<(String, String)>, paged: bool) -> Extracted {
        let mut left = MAX_CHARS;
        let mut truncated = false;
        let mut kept = Vec::new();
        for (place, text) in pages {
            let text = join_lines(&text);
            if text.trim().is_empty() {
                continue;
            }
            let n = text.chars().count();
            if n > left {
                truncated = true;
                let cut: String = text.chars().take(left).collect();
                if !cut.trim().is_empty() {
                    kept.push((place, cut));
                }
                break;
            }
            left -= n;
            kept.push((place, text));
        }
        let state = if kept.is_empty() && paged {
            State::Scan
        } else {
            State::Text
        };
        Extracted {
            state,
            pages: kept,
            truncated,
        }
    }

    /// What a person is told about the file's content (the attachment list shows it).
    pub fn describe(&self) -> String {
        match &self.state {
            State::Text if self.pages.is_empty() => "文件中没有文字".into(),
            State::Text if self.truncated => {
                format!("可按内容查找（只收录前 {} 万字）", MAX_CHARS / 10_000)
            }
            State::Text => "可按内容查找".into(),
            State::Scan => "扫描件，没有文字层，只能按文件名查找".into(),
            State::NotRead => "此类文件只按文件名查找".into(),
            State::Unreadable(why) => format!("内容无法读取（{why}），只能按文件名查找"),
        }
    }
}

/// The text of a file, told by its content alone — a PDF, a ZIP holding a Word document, a workbook or an
/// OFD, an old binary workbook, plain text — so that the same bytes attached under two names give one text.
pub fn extract(bytes: &[u8]) -> Extracted {
    let kind: fn(&[u8]) -> Extracted = if bytes.starts_with(b"%PDF-") {
        pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        match zip_kind(bytes) {
            Some(kind) => kind,
            None => return Extracted::not_read(),
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An old Office file: a workbook is read, a Word or PowerPoint file is not.
        old_workbook
    } else {
        plain
    };
    // A parser's panic on a crafted file is that file's problem, not the app's.
    std::panic::catch_unwind(|| kind(bytes))
        .unwrap_or_else(|_| Extracted::unreadable("文件格式异常"))
}

/// What a ZIP holds, by the members its format requires.
fn zip_kind(bytes: &[u8]) -> Option<fn(&[u8]) -> Extracted> {
    let zip = open_zip(bytes)?;
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("word/document.xml") {
        Some(docx)
    } else if has("xl/workbook.xml") || has("xl/workbook.bin") || has("content.xml") {
        Some(workbook)
    } else if has("OFD.xml") {
        Some(ofd)
    } else {
        None
    }
}

fn pdf(bytes: &[u8]) -> Extracted {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_INFLATED),
        ..Default::default()
    };
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decryption(_)) => return Extracted::unreadable("PDF 已加密"),
        Err(_) => return Extracted::unreadable("不是有效的 PDF 文件"),
    };
    if doc.is_encrypted() {
        return Extracted::unreadable("PDF 已加密");
    }
    let mut pages = Vec::new();
    let mut chars = 0;
    for n in doc.get_pages().into_keys() {
        let text: String = doc
            .extract_text_chunks_with_limit(&[n], MAX_INFLATED)
            .into_iter()
            .filter_map(|chunk| chunk.ok())
            .collect();
        chars += text.len();
        pages.push((format!("page:{n}"), text));
        // Past the limit the rest would be cut off anyway.
        if chars > MAX_CHARS * 4 {
            break;
        }
    }
    Extracted::of_pages(pages, true)
}

/// A ZIP member's bytes, if it is there and not larger than the limit.
fn member(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let file = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    file.take(MAX_INFLATED as u64 + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() <= MAX_INFLATED).then_some(out)
}

/// The text of the XML elements named `text` (local name), with a line break after each element named
/// `line` (a [`HARD_BREAK`] if `hard`) and a tab for each named `tab`.
fn xml_text(xml: &[u8], text: &[u8], line: &[u8], tab: &[u8], hard: bool) -> Option<String> {
    let line_break = if hard { HARD_BREAK } else { '\n' };
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut inside = 0usize;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == text => inside += 1,
            Event::End(e) if e.local_name().as_ref() == text => inside = inside.saturating_sub(1),
            Event::End(e) if e.local_name().as_ref() == line => out.push(line_break),
            Event::Empty(e) if e.local_name().as_ref() == tab => out.push('\t'),
            Event::Empty(e) if e.local_name().as_ref() == b"br" => out.push('\n'),
            Event::Text(t) if inside > 0 => out.push_str(&t.xml10_content().ok()?),
            Event::CData(t) if inside > 0 => out.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if inside > 0 => {
                if let Some(c) = r.resolve_char_ref().ok()? {
                    out.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.decode().ok()?)
                {
                    out.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if out.len() > MAX_CHARS * 4 {
            break;
        }
    }
    Some(out)
}

fn open_zip(bytes: &[u8]) -> Option<zip::ZipArchive<Cursor<&[u8]>>> {
    zip::ZipArchive::new(Cursor::new(bytes)).ok()
}

fn docx(bytes: &[u8]) -> Extracted {
    let Some(mut zip) = open_zip(bytes) else {
        return Extracted::unreadable("不是有效的 Word 文档");
    };
    let Some(xml) = member(&mut zip, "word/document.xml") else {
        return Extracted::unreadable("不是有效的 Word 文档");
    };
    match xml_text(&xml, b"t", b"p", b"tab", true) {
        Some(text) => Extracted::of_pages(vec![("text".into(), text)], false),
        None => Extracted::unreadable("Word 文档内容损坏"),
    }
}

fn old_workbook(bytes: &[u8]) -> Extracted {
    match calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes)) {
        Ok(_) => workbook(bytes),
        Err(_) => Extracted::not_read(),
    }
}

fn workbook(bytes: &[u8]) -> Extracted {
    use calamine::Reader;
    let Ok(mut book) = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) else {
        return Extracted::unreadable("不是有效的电子表格");
    };
    let mut pages = Vec::new();
    let mut chars = 0;
    for (i, (_, range)) in book.worksheets().into_iter().enumerate() {
        let mut text = String::new();
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(ToString::to_string)
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() {
                text.push_str(&cells.join(&HARD_BREAK.to_string()));
                text.push(HARD_BREAK);
            }
        }
        chars += text.len();
        pages.push((format!("sheet:{}", i + 1), text));
        if chars > MAX_CHARS * 4 {
            break;
        }
    }
    Extracted::of_pages(pages, false)
}

fn ofd(bytes: &[u8]) -> Extracted {
    let bad = || Extracted::unreadable("不是有效的 OFD 文件");
    let Some(mut zip) = open_zip(bytes) else {
        return bad();
    };
    // OFD.xml names the document's root; the root lists its pages in order (GB/T 33190).
    let Some(root) =
        member(&mut zip, "OFD.xml").and_then(|x| xml_text(&x, b"DocRoot", b"", b"", false))
    else {
        return bad();
    };
    let root = root.trim().trim_start_matches('/').to_string();
    let dir = root.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let Some(doc) = member(&mut zip, &root) else {
        return bad();
    };
    let mut pages = Vec::new();
    for (n, loc) in page_locations(&doc).into_iter().enumerate() {
        let path = if dir.is_empty() || loc.starts_with('/') {
            loc.trim_start_matches('/').to_string()
        } else {
            format!("{dir}/{loc}")
        };
        let text = member(&mut zip, &path)
            .and_then(|x| xml_text(&x, b"TextCode", b"TextObject", b"", false))
            .unwrap_or_default();
        pages.push((format!("page:{}", n + 1), text));
    }
    Extracted::of_pages(pages, true)
}

/// The `BaseLoc` of each `Page` of an OFD document, in order.
fn page_locations(doc: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(doc);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Page" => {
                if let Some(loc) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"BaseLoc")
                    .and_then(|a| {
                        a.decoded_and_normalized_value(
                            quick_xml::XmlVersion::Implicit1_0,
                            reader.decoder(),
                        )
                        .ok()
                        .map(|v| v.into_owned())
                    })
                {
                    out.push(loc);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Text, if the bytes are text: anything else (an image, an archive, a program) is not read.
fn plain(bytes: &[u8]) -> Extracted {
    match decode_text(bytes) {
        Some(text)
            if !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) =>
        {
            Extracted::of_pages(vec![("text".into(), text)], false)
        }
        _ => Extracted::not_read(),
    }
}

/// Text in UTF-8 or UTF-16 (with a byte-order mark), UTF-8 without one, or else GB18030 (a superset of the
/// GBK that Chinese Windows and WPS save); `None` for binary data.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])?
            .into_owned()
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_string()
    } else {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)?
            .into_owned()
    };
    (!text.contains('\0')).then_some(text)
}

/// Whether `c` is written without spaces around it (Chinese, Japanese, full-width forms and punctuation).
fn wide(c: char) -> bool {
    c >= '\u{2E80}'
}

/// A break no layout made: the end of a Word paragraph, of a spreadsheet's cell or row. It stays a break.
const HARD_BREAK: char = '\u{2029}';

/// A layout's line breaks and spacing inside Chinese text removed, so a phrase wrapped across two lines (or a
/// number a PDF writer placed apart, `自 2026 年`) is still found: a line break next to a wide character goes,
/// and so does a space between two of them; other runs of whitespace become one space or one line break, and
/// a [`HARD_BREAK`] always one line break.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        let (mut newline, mut hard) = (c == '\n' || c == '\r', c == HARD_BREAK);
        while let Some(&n) = chars.peek() {
            if !n.is_whitespace() {
                break;
            }
            newline |= n == '\n' || n == '\r';
            hard |= n == HARD_BREAK;
            chars.next();
        }
        let (Some(before), Some(after)) = (out.chars().next_back(), chars.peek().copied()) else {
            continue;
        };
        if hard {
            out.push('\n');
        } else if newline {
            if !wide(before) && !wide(after) {
                out.push('\n');
            }
        } else if !(wide(before) && wide(after)) {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_lines_join_and_other_spacing_stays_one_space() {
        assert_eq!(join_lines("合法性审\n查意见 书"), "合法性审查意见书");
        assert_eq!(join_lines("自\n2026\n年 1 月"), "自2026年 1 月");
        assert_eq!(join_lines("  AB\r\n\r\n  cd  ef "), "AB\ncd ef");
        assert_eq!(join_lines("事项\u{2029}金额\u{2029}\u{2029}"), "事项\n金额");
    }

    #[test]
    fn plain_text_in_the_encodings_offices_save() {
        let gbk = encoding_rs::GBK.encode("履约保证金，第三条").0.into_owned();
        assert_eq!(decode_text(&gbk).as_deref(), Some("履约保证金，第三条"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("备案".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text(&utf16).as_deref(), Some("备案"));
        assert_eq!(
            decode_text("\u{FEFF}审查".as_bytes()).as_deref(),
            Some("审查")
        );
        assert_eq!(decode_text(b"\x00\x01\x02binary"), None);
        let e = extract(&gbk);
        assert_eq!(e.state, State::Text);
        assert_eq!(e.pages, vec![("text".into(), "履约保证金，第三条".into())]);
    }

    #[test]
    fn what_is_not_read_or_cannot_be_says_so() {
        for bytes in [
            &b"\xFF\xD8\xFF\xE0\x00\x10JFIF"[..],
            b"PK\x03\x04 an archive",
            b"\x7FELF\x02\x01",
        ] {
            let e = extract(bytes);
            assert_eq!(e.state, State::NotRead);
            assert_eq!(e.describe(), "此类文件只按文件名查找");
        }
        for bytes in [&b"%PDF-1.7 garbage"[..], b"%PDF-"] {
            let e = extract(bytes);
            assert!(matches!(e.state, State::Unreadable(_)), "{:?}", e.state);
            assert!(e.pages.is_empty());
            assert!(e.describe().contains("只能按文件名查找"));
        }
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments");
        std::fs::read(dir.join(name)).expect("a committed fixture")
    }

    /// Files cut short or with bytes changed (a broken download, a crafted file) are read as far as they can
    /// be, or said to be unreadable: extraction returns, whatever the bytes.
    #[test]
    fn damaged_files_never_take_the_app_down() {
        let mut rng = fastrand::Rng::with_seed(19);
        for name in ["contract.pdf", "contract.docx", "ledger.xlsx", "scan.pdf"] {
            let good = fixture(name);
            assert_eq!(
                extract(&good).state,
                if name == "scan.pdf" {
                    State::Scan
                } else {
                    State::Text
                },
                "{name}"
            );
            let cut = extract(&good[..good.len() / 2]);
            assert!(
                cut.state != State::Text || !cut.pages.is_empty(),
                "{name} cut: {cut:?}"
            );
            for _ in 0..150 {
                let mut bytes = good.clone();
                for _ in 0..rng.usize(1..8) {
                    let i = rng.usize(0..bytes.len());
                    bytes[i] = rng.u8(..);
                }
                let _ = extract(&bytes);
            }
        }
    }

    #[test]
    fn long_text_is_cut_at_the_limit_and_says_so() {
        let text = "审".repeat(MAX_CHARS + 10);
        let e = extract(text.as_bytes());
        assert!(e.truncated);
        assert_eq!(e.pages[0].1.chars().count(), MAX_CHARS);
        assert!(e.describe().contains("只收录前 100 万字"));
    }
}
