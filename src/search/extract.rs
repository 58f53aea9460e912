//! The text of an attached file, for search: a PDF's text layer page by page, an OFD's pages, a Word document's
//! paragraphs, a spreadsheet's cells sheet by sheet, a plain text file in UTF-8, UTF-16 or GB18030 (what WPS
//! and Notepad save). Derived from the bytes alone: the store keeps it per blob hash, never synced, and
//! re-extracts every blob when [`VERSION`] changes.
//!
//! A file from another laptop is untrusted input. The limits below bound what a crafted file can cost — the
//! text kept, the pages read, the bytes inflated per stream and in all — and a parser that panics on one makes
//! the file [`State::Unreadable`]. Spreadsheets are read by our own streaming reader: calamine, the crate for
//! them, reserves memory by counts written in the file, so a 5 KB workbook could abort the process. What no
//! limit here bounds: a single PDF page whose many fonts each carry a maximal character map (each stream is
//! capped, their number per page is not). Extracting in a child process would bound that too.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};

/// The extraction's version: a build that extracts differently bumps it, and opening a database re-extracts.
pub const VERSION: i64 = 1;

/// Text kept per file: about 600 pages of dense Chinese. More is cut off and said so.
pub const MAX_CHARS: usize = 1_000_000;

/// What one stream, page or archive member may inflate to (a small crafted file cannot exhaust memory).
const MAX_INFLATED: usize = 64 << 20;

/// What all of one file's pages or members may inflate to together: past it the rest is left out, and said so.
const TOTAL_INFLATED: usize = 256 << 20;

/// Pages (of a PDF or OFD) or sheets read at most.
const MAX_PAGES: usize = 5_000;

/// Plain text decoded at most; a longer file is decoded to here.
const MAX_PLAIN: usize = 16 << 20;

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

    /// Text found in `pages`; a document with pages but no text on any is a scan. `cut`: a limit left
    /// some of the file unread.
    fn of_pages(pages: Vec<(String, String)>, paged: bool, cut: bool) -> Extracted {
        let mut left = MAX_CHARS;
        let mut truncated = cut;
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
            State::Text if self.truncated => "可按内容查找（文件过长，只收录了前面部分）".into(),
            State::Text => "可按内容查找".into(),
            State::Scan => "扫描件，没有文字层，只能按文件名查找".into(),
            State::NotRead => "此类文件只按文件名查找".into(),
            State::Unreadable(why) => format!("内容无法读取（{why}），只能按文件名查找"),
        }
    }
}

/// The text of a file, told by its content alone — a PDF, a ZIP holding a Word document, an Excel workbook or
/// an OFD, plain text — so that the same bytes attached under two names give one text. Old binary Office files
/// (`.doc`, `.xls`), images and archives are not read.
pub fn extract(bytes: &[u8]) -> Extracted {
    let kind: fn(&[u8]) -> Extracted = if bytes.starts_with(b"%PDF-") {
        pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        match zip_kind(bytes) {
            Some(kind) => kind,
            None => return Extracted::not_read(),
        }
    } else if bytes.starts_with(&COMPOUND_FILE) {
        compound
    } else {
        plain
    };
    // A parser's panic on a crafted file is that file's problem, not the app's.
    std::panic::catch_unwind(|| kind(bytes))
        .unwrap_or_else(|_| Extracted::unreadable("文件格式异常"))
}

/// The start of an OLE compound file: an old `.doc`/`.xls`/`.wps`, or a Word or Excel file saved with a password
/// (its encrypted package inside one).
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An OLE compound file is not read; one holding an `EncryptedPackage` stream is a password-protected Office
/// file, and is said to be one.
fn compound(bytes: &[u8]) -> Extracted {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        Extracted::unreadable("文件设有密码")
    } else {
        Extracted::not_read()
    }
}

/// What a ZIP holds, by the members its format requires.
fn zip_kind(bytes: &[u8]) -> Option<fn(&[u8]) -> Extracted> {
    let zip = Archive::open(bytes)?;
    let has = |name: &str| zip.has(name);
    if has("word/document.xml") {
        Some(docx)
    } else if has("xl/workbook.xml") {
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
    let all = doc.get_pages();
    let mut cut = all.len() > MAX_PAGES;
    let (mut pages, mut failed, mut inflated, mut chars) = (Vec::new(), 0, 0usize, 0usize);
    for (&n, &id) in all.iter().take(MAX_PAGES) {
        // Pages may share one stream: what each inflates to counts against the file's budget.
        match doc.get_page_content_with_limit(id, MAX_INFLATED) {
            Ok(content) => inflated += content.len(),
            Err(_) => {
                failed += 1;
                continue;
            }
        }
        if inflated > TOTAL_INFLATED || chars > MAX_CHARS * 4 {
            cut = true;
            break;
        }
        let chunks = doc.extract_text_chunks_with_limit(&[n], MAX_INFLATED);
        if !chunks.is_empty() && chunks.iter().all(Result::is_err) {
            failed += 1;
        }
        let text: String = chunks.into_iter().filter_map(Result::ok).collect();
        chars += text.len();
        pages.push((format!("page:{n}"), text));
    }
    let found = Extracted::of_pages(pages, true, cut);
    // No page could be read: a damaged file, not a scan.
    if found.state == State::Scan && failed > 0 {
        return Extracted::unreadable("PDF 页面内容无法解析");
    }
    found
}

/// A ZIP archive and what its members read so far have inflated to.
struct Archive<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    inflated: usize,
}

impl<'b> Archive<'b> {
    fn open(bytes: &'b [u8]) -> Option<Archive<'b>> {
        Some(Archive {
            zip: zip::ZipArchive::new(Cursor::new(bytes)).ok()?,
            inflated: 0,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A member's bytes, if it is there, not larger than the limit and within the archive's budget.
    fn member(&mut self, name: &str) -> Option<Vec<u8>> {
        let room = MAX_INFLATED.min(TOTAL_INFLATED.saturating_sub(self.inflated));
        let file = self.zip.by_name(name).ok()?;
        let mut out = Vec::new();
        file.take(room as u64 + 1).read_to_end(&mut out).ok()?;
        self.inflated += out.len();
        (out.len() <= room).then_some(out)
    }
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
        match &reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == text => inside += 1,
            Event::End(e) if e.local_name().as_ref() == text => inside = inside.saturating_sub(1),
            Event::End(e) if e.local_name().as_ref() == line => out.push(line_break),
            Event::Empty(e) if e.local_name().as_ref() == tab => out.push('\t'),
            Event::Empty(e) if e.local_name().as_ref() == b"br" => out.push('\n'),
            Event::Eof => break,
            e if inside > 0 => push_text(&mut out, e),
            _ => {}
        }
        buf.clear();
        if out.len() > MAX_CHARS * 4 {
            break;
        }
    }
    Some(out)
}

fn docx(bytes: &[u8]) -> Extracted {
    let Some(xml) = Archive::open(bytes).and_then(|mut zip| zip.member("word/document.xml")) else {
        return Extracted::unreadable("不是有效的 Word 文档");
    };
    match xml_text(&xml, b"t", b"p", b"tab", true) {
        Some(text) => Extracted::of_pages(vec![("text".into(), text)], false, false),
        None => Extracted::unreadable("Word 文档内容损坏"),
    }
}

/// An Excel workbook's cells, sheet by sheet in the workbook's order: each cell's text (a shared string, an
/// inline string, or the number or formula result as stored), a cell's or a row's end a break. Read as a
/// stream: nothing is sized by counts the file states.
fn workbook(bytes: &[u8]) -> Extracted {
    let Some((sheets, cut)) = sheets(bytes, MAX_PAGES) else {
        return Extracted::unreadable("不是有效的 Excel 工作簿");
    };
    let pages = sheets
        .into_iter()
        .map(|(n, rows)| {
            let mut out = String::new();
            for row in rows {
                for cell in row.iter().filter(|c| !c.trim().is_empty()) {
                    out.push_str(cell);
                    out.push(HARD_BREAK);
                }
                out.push(HARD_BREAK);
            }
            (format!("sheet:{n}"), out)
        })
        .collect();
    Extracted::of_pages(pages, false, cut)
}

/// The rows of a workbook's first sheet, each at its row number (row 5 is the fifth, blank rows kept empty) and
/// each cell in its column (an empty string where a row has none), for reading a table (an import); `None` if
/// the bytes are no workbook, or its first sheet cannot be read whole (damaged, or past the bounds [`extract`]
/// keeps) — an import must not take part of a table as all of it.
pub fn first_sheet_rows(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let (mut sheets, cut) = sheets(bytes, 1)?;
    match sheets.first() {
        Some((1, _)) if !cut => Some(sheets.swap_remove(0).1),
        _ => None,
    }
}

/// Up to `max` sheets of a workbook, each its 1-based position and its rows; whether some were left out.
#[allow(clippy::type_complexity)]
fn sheets(bytes: &[u8], max: usize) -> Option<(Vec<(usize, Vec<Vec<String>>)>, bool)> {
    let mut zip = Archive::open(bytes)?;
    let book = zip.member("xl/workbook.xml")?;
    let targets: HashMap<String, String> = zip
        .member("xl/_rels/workbook.xml.rels")
        .map(|rels| {
            elements(&rels, b"Relationship")
                .into_iter()
                .filter_map(|mut a| Some((a.remove("Id")?, a.remove("Target")?)))
                .collect()
        })
        .unwrap_or_default();
    let shared = zip
        .member("xl/sharedStrings.xml")
        .map(|x| shared_strings(&x))
        .unwrap_or_default();
    let dates = Dates::of(zip.member("xl/styles.xml").as_deref(), &book);
    let mut out = Vec::new();
    let mut cut = false;
    for (i, mut sheet) in elements(&book, b"sheet").into_iter().enumerate() {
        if out.len() == max {
            cut = true;
            break;
        }
        let Some(target) = sheet.remove("id").and_then(|id| targets.get(&id).cloned()) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = zip.member(&path) else {
            cut = true;
            continue;
        };
        let (rows, whole) = rows(&xml, &shared, &dates);
        cut |= !whole;
        out.push((i + 1, rows));
    }
    Some((out, cut))
}

/// The attributes (by local name) of each element named `name`, in document order.
fn elements(xml: &[u8], name: &[u8]) -> Vec<HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == name => {
                let attributes = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = String::from_utf8(a.key.local_name().as_ref().to_vec()).ok()?;
                        let value = a
                            .decoded_and_normalized_value(
                                quick_xml::XmlVersion::Implicit1_0,
                                reader.decoder(),
                            )
                            .ok()?;
                        Some((key, value.into_owned()))
                    })
                    .collect();
                out.push(attributes);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Appends an element's text, or the character a reference stands for, to `out`.
fn push_text(out: &mut String, event: &quick_xml::events::Event) {
    use quick_xml::events::Event;
    match event {
        Event::Text(t) => out.push_str(&t.xml10_content().unwrap_or_default()),
        Event::CData(t) => out.push_str(&t.decode().unwrap_or_default()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                out.push(c);
            } else if let Some(s) = r
                .decode()
                .ok()
                .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
            {
                out.push_str(s);
            }
        }
        _ => {}
    }
}

/// The shared strings table: each `si`'s text (its runs' `t`, not the phonetic guides in `rPh`).
fn shared_strings(xml: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut in_t, mut in_phonetic, mut chars) = (false, false, 0);
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_t = true,
                b"rPh" => in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"rPh" => in_phonetic = false,
                b"si" => {
                    chars += current.len();
                    out.push(std::mem::take(&mut current));
                }
                _ => {}
            },
            Event::Eof => break,
            e if in_t && !in_phonetic => push_text(&mut current, e),
            _ => {}
        }
        buf.clear();
        if chars > MAX_CHARS * 4 {
            break;
        }
    }
    out
}

/// Which cell styles (indexes into `cellXfs`) show a number as a date, and the day a serial counts from: a
/// date cell stores a day count (46023), and is found as a person writes the day (2026年1月1日).
struct Dates {
    styles: Vec<bool>,
    epoch: chrono::NaiveDate,
}

impl Dates {
    fn of(styles: Option<&[u8]>, book: &[u8]) -> Dates {
        use quick_xml::events::Event;
        // The 1900 system counts from 1899-12-30 (Lotus's phantom 29 February 1900 included); the 1904 one
        // (old Mac Excel) from 1904-01-01.
        let date1904 = elements(book, b"workbookPr")
            .first()
            .and_then(|a| a.get("date1904"))
            .is_some_and(|v| v == "1" || v == "true");
        let epoch = if date1904 {
            chrono::NaiveDate::from_ymd_opt(1904, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        }
        .unwrap_or_default();
        let mut custom: HashMap<String, bool> = HashMap::new();
        let mut formats = Vec::new();
        if let Some(xml) = styles {
            let mut reader = quick_xml::Reader::from_reader(xml);
            let mut buf = Vec::new();
            let mut in_cell_xfs = false;
            while let Ok(event) = reader.read_event_into(&mut buf) {
                match &event {
                    Event::Start(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = true,
                    Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
                    Event::Start(e) | Event::Empty(e) => {
                        let decoder = reader.decoder();
                        let attr = |name: &[u8]| {
                            e.attributes()
                                .flatten()
                                .find(|a| a.key.local_name().as_ref() == name)
                                .and_then(|a| {
                                    a.decoded_and_normalized_value(
                                        quick_xml::XmlVersion::Implicit1_0,
                                        decoder,
                                    )
                                    .ok()
                                    .map(|v| v.into_owned())
                                })
                        };
                        match e.local_name().as_ref() {
                            b"numFmt" => {
                                if let (Some(id), Some(code)) =
                                    (attr(b"numFmtId"), attr(b"formatCode"))
                                {
                                    custom.insert(id, shows_a_date(&code));
                                }
                            }
                            b"xf" if in_cell_xfs => {
                                formats.push(attr(b"numFmtId").unwrap_or_default())
                            }
                            _ => {}
                        }
                    }
                    Event::Eof => break,
                    _ => {}
                }
                buf.clear();
            }
        }
        let styles = formats
            .iter()
            .map(|id| match id.parse::<u32>() {
                // Excel's built-in date formats (times of day alone are not dates).
                Ok(14..=17 | 22 | 27..=31 | 36 | 50..=58) => true,
                _ => custom.get(id).copied().unwrap_or(false),
            })
            .collect();
        Dates { styles, epoch }
    }

    /// The day a number in a cell of style `style` shows, if that style shows a date.
    fn day(&self, style: Option<usize>, value: &str) -> Option<String> {
        if !*self.styles.get(style?)? {
            return None;
        }
        let serial: f64 = value.trim().parse().ok()?;
        if !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let day = self
            .epoch
            .checked_add_days(chrono::Days::new(serial.floor() as u64))?;
        Some(day.format("%Y年%-m月%-d日").to_string())
    }
}

/// Whether a custom number format shows a date: a year or day token outside quoted text, escapes and
/// `[…]` sections (colours, conditions, elapsed times).
fn shows_a_date(code: &str) -> bool {
    let mut plain = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    plain.contains('y') || plain.contains('d')
}

/// A sheet's rows, each at its row number (`<row r="5">`; blank rows between kept empty, up to
/// [`MAX_BLANK_ROWS`] at a time) and each cell at its column (by its reference, `C5`): shared strings looked up,
/// a date as the day it shows, inline strings and other stored values as written, booleans and errors left
/// empty. Stops once the text read passes four times [`MAX_CHARS`], or at broken XML; says whether it read the
/// sheet whole.
fn rows(xml: &[u8], shared: &[String], dates: &Dates) -> (Vec<Vec<String>>, bool) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut read = 0usize;
    let mut kind = Vec::new();
    let mut style: Option<usize> = None;
    let mut column: Option<usize> = None;
    let (mut value, mut in_value) = (String::new(), false);
    let mut whole = false;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) if e.local_name().as_ref() == b"row" => {
                let number = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"r")
                    .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
                    .and_then(|r| r.trim().parse::<usize>().ok());
                if let Some(n) = number {
                    let blank = n.saturating_sub(1).min(out.len() + MAX_BLANK_ROWS);
                    while out.len() < blank {
                        out.push(Vec::new());
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| a.value.into_owned())
                };
                kind = attr(b"t").unwrap_or_default();
                style = attr(b"s")
                    .and_then(|s| String::from_utf8(s).ok())
                    .and_then(|s| s.parse().ok());
                column = attr(b"r").and_then(|r| column_of(&r));
                value.clear();
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = true,
            Event::End(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = false,
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                let day;
                let text = match kind.as_slice() {
                    b"s" => value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| shared.get(i))
                        .map_or("", String::as_str),
                    b"b" | b"e" => "",
                    b"" | b"n" => {
                        day = dates.day(style, &value);
                        day.as_deref().unwrap_or(value.as_str())
                    }
                    _ => value.as_str(),
                };
                // A column far to the right (XFD) is no reason to hold sixteen thousand empty cells; a cell
                // whose place is taken already (a broken reference) goes after the others.
                let at = match column.filter(|&c| row.get(c).is_none_or(String::is_empty)) {
                    Some(c) => c.min(row.len() + 256),
                    None => row.len(),
                };
                if row.len() <= at {
                    row.resize(at + 1, String::new());
                }
                read += text.len();
                row[at] = text.to_string();
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => {
                out.push(std::mem::take(&mut row))
            }
            Event::Eof => {
                whole = true;
                break;
            }
            e if in_value => push_text(&mut value, e),
            _ => {}
        }
        buf.clear();
        if read > MAX_CHARS * 4 {
            break;
        }
    }
    if !row.is_empty() {
        out.push(row);
    }
    (out, whole)
}

/// The most blank rows kept between two rows of a sheet (a row numbered a million is no reason to hold a
/// million empty rows).
const MAX_BLANK_ROWS: usize = 10_000;

/// The 0-based column of a cell reference (`C5` → 2).
fn column_of(reference: &[u8]) -> Option<usize> {
    let letters: Vec<u8> = reference
        .iter()
        .copied()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters.iter().fold(0usize, |n, c| {
        n * 26 + usize::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    Some(n - 1)
}

fn ofd(bytes: &[u8]) -> Extracted {
    let bad = || Extracted::unreadable("不是有效的 OFD 文件");
    let Some(mut zip) = Archive::open(bytes) else {
        return bad();
    };
    // OFD.xml names the document's root; the root lists its pages in order (GB/T 33190).
    let Some(root) = zip
        .member("OFD.xml")
        .and_then(|x| xml_text(&x, b"DocRoot", b"", b"", false))
    else {
        return bad();
    };
    let root = root.trim().trim_start_matches('/').to_string();
    let dir = root.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let Some(doc) = zip.member(&root) else {
        return bad();
    };
    let locations: Vec<String> = elements(&doc, b"Page")
        .into_iter()
        .filter_map(|mut a| a.remove("BaseLoc"))
        .collect();
    let mut cut = locations.len() > MAX_PAGES;
    let mut pages = Vec::new();
    for (n, loc) in locations.iter().take(MAX_PAGES).enumerate() {
        let path = if dir.is_empty() || loc.starts_with('/') {
            loc.trim_start_matches('/').to_string()
        } else {
            format!("{dir}/{loc}")
        };
        let Some(xml) = zip.member(&path) else {
            cut |= zip.inflated >= TOTAL_INFLATED;
            continue;
        };
        let text = xml_text(&xml, b"TextCode", b"TextObject", b"", false).unwrap_or_default();
        pages.push((format!("page:{}", n + 1), text));
    }
    Extracted::of_pages(pages, true, cut)
}

/// Text, if the bytes are text: anything else (an image, an archive, a program) is not read. The start is
/// looked at first, so a large binary file is never decoded; a text longer than [`MAX_PLAIN`] is decoded to
/// there.
fn plain(bytes: &[u8]) -> Extracted {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c');
    let head = &bytes[..bytes.len().min(8 << 10)];
    // (UTF-16 has NUL bytes by nature; its byte-order mark says what it is.)
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && head
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
    {
        return Extracted::not_read();
    }
    let cut = bytes.len() > MAX_PLAIN;
    // A cut may fall inside a character: up to three bytes back, the rest decodes.
    let text = if cut {
        (0..4).find_map(|back| decode_text(&bytes[..MAX_PLAIN - back]))
    } else {
        decode_text(bytes)
    };
    match text {
        Some(text) if text.chars().all(allowed) => {
            Extracted::of_pages(vec![("text".into(), text)], false, cut)
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
/// number a PDF writer set as a text object of its own, which reads back as `自\n2026\n年`) is still found: a
/// line break next to a wide character goes, and so does a space between two of them; other runs of
/// whitespace become one space or one line break (a space between a Chinese character and a digit stays), and
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
        let mut locked = COMPOUND_FILE.to_vec();
        locked.extend(vec![0u8; 1000]);
        locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            extract(&locked).describe(),
            "内容无法读取（文件设有密码），只能按文件名查找"
        );
        let mut old_doc = COMPOUND_FILE.to_vec();
        old_doc.extend(vec![0u8; 1000]);
        assert_eq!(extract(&old_doc).state, State::NotRead);
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
        assert!(e.describe().contains("只收录了前面部分"));
        assert_eq!(extract(b"").describe(), "文件中没有文字");
    }

    /// A ZIP of `(name, bytes)` members, stored.
    fn zip_of(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in members {
            zip.start_file(*name, stored).expect("a member");
            std::io::Write::write_all(&mut zip, bytes).expect("written");
        }
        zip.finish().expect("finished");
        out.into_inner()
    }

    /// A workbook that states four billion shared strings and a sheet spanning the whole grid: read by what it
    /// holds, not by what it claims (calamine would try to reserve ~96 GB for the first and abort).
    #[test]
    fn a_workbook_is_read_by_what_it_holds_not_by_the_sizes_it_claims() {
        let book = zip_of(&[
            (
                "xl/workbook.xml",
                br#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "xl/sharedStrings.xml",
                "<sst count=\"4000000000\" uniqueCount=\"4000000000\"><si><t>履约保证金</t></si><si><r><t>年</t></r><r><t>租金</t></r><rPh><t>ねん</t></rPh></si></sst>".as_bytes().to_vec(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>99</v></c></row><row r="1048576"><c r="XFD1048576" t="s"><v>1</v></c><c r="XFE1" t="inlineStr"><is><t>&#x5907;&amp;案</t></is></c><c r="A2"><v>86400.5</v></c><c r="A3" t="b"><v>1</v></c></row></sheetData></worksheet>"#.as_bytes().to_vec(),
            ),
        ]);
        let e = extract(&book);
        assert_eq!(e.state, State::Text);
        assert_eq!(
            e.pages,
            vec![(
                "sheet:1".to_string(),
                // A row's cells in the order of their columns (A2 in the last row is column A).
                "履约保证金\n86400.5\n年租金\n备&案".to_string()
            )]
        );
    }

    /// A date cell stores a day count; it is found as the day it shows, whether its style is one of Excel's
    /// date formats or the office's own (`yyyy"年"m"月"d"日"`); a number styled otherwise stays a number.
    #[test]
    fn a_workbook_s_dates_are_found_as_days() {
        let book = zip_of(&[
            (
                "xl/workbook.xml",
                br#"<workbook xmlns:r="r"><workbookPr/><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "xl/styles.xml",
                r#"<styleSheet><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="[Red]&quot;day&quot;0.00"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>"#.as_bytes().to_vec(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                br#"<worksheet><sheetData><row><c s="1"><v>46023</v></c><c s="2" t="n"><v>45658.5</v></c><c s="0"><v>46023</v></c><c s="3"><v>12</v></c><c><v>7</v></c></row></sheetData></worksheet>"#.to_vec(),
            ),
        ]);
        assert_eq!(
            extract(&book).pages,
            vec![(
                "sheet:1".to_string(),
                "2026年1月1日\n2025年1月1日\n46023\n12\n7".to_string()
            )]
        );
    }

    /// Pages that all point at one stream inflating to 8 MB: the file's budget stops the reading (a crafted
    /// file would otherwise inflate gigabytes), and says the file was cut.
    #[test]
    fn pages_sharing_one_large_stream_stop_at_the_file_s_budget() {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let mut content = Stream::new(dictionary! {}, vec![b' '; 8 << 20]);
        content.compress().expect("compressed");
        let content_id = doc.add_object(content);
        let kids: Vec<Object> = (0..1000)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 1000 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("saved");
        assert!(bytes.len() < 1 << 20, "a small file: {} bytes", bytes.len());
        let e = extract(&bytes);
        assert!(e.truncated, "{:?}", e.state);
        assert_eq!(e.state, State::Scan, "pages with no text");
    }

    /// An OFD whose page list names one large member a thousand times: the archive's budget stops it.
    #[test]
    fn an_ofd_repeating_one_large_page_stops_at_the_file_s_budget() {
        let pages: String = (0..1000)
            .map(|i| format!(r#"<ofd:Page ID="{i}" BaseLoc="Pages/P/Content.xml"/>"#))
            .collect();
        let mut big = b"<ofd:Page><ofd:TextObject><ofd:TextCode>".to_vec();
        big.extend(std::iter::repeat_n(b'x', 60 << 20));
        big.extend(b"</ofd:TextCode></ofd:TextObject></ofd:Page>");
        let ofd = zip_of(&[
            (
                "OFD.xml",
                b"<ofd:OFD><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:OFD>".to_vec(),
            ),
            (
                "Doc_0/Document.xml",
                format!("<ofd:Document><ofd:Pages>{pages}</ofd:Pages></ofd:Document>").into_bytes(),
            ),
            ("Doc_0/Pages/P/Content.xml", big),
        ]);
        let e = extract(&ofd);
        assert_eq!(e.state, State::Text);
        assert!(e.truncated);
        assert!(e.pages.len() <= 5, "{} pages read", e.pages.len());
    }
}
