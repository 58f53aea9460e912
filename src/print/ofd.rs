//! A laid-out document as OFD (GB/T 33190-2016), the format 党政机关 electronic documents and OA systems take:
//! written from the same display list as the PDF, so every glyph and rule stands where the PDF has it.
//!
//! ```text
//! OFD.xml                      the entry: document info, the root document
//! Doc_0/Document.xml           the page area, the public resources, the pages
//! Doc_0/PublicRes.xml          the fonts, by name (see below)
//! Doc_0/Pages/Page_N/Content.xml   one layer per page: text objects and path objects, in millimetres
//! ```
//!
//! Fonts are referenced by name, as the standard allows, rather than embedded: every glyph's position is
//! written (`DeltaX`), so the layout holds in a reader that substitutes a face, and an office's OA system
//! has its own 仿宋 and 黑体. (Embedding the shipped faces whole would add 7–30 MB per document.)

use std::fmt::Write as _;
use std::io::Write as _;

use sha2::{Digest, Sha256};

use super::fonts::{Face, FontBook};
use super::layout::{Color, Item, Sheet, TextRun};
use crate::error::{Error, Result};

const NS: &str = "http://www.ofdspec.org/2016";

/// Millimetres in `pt` points, rounded to a hundredth.
fn mm(pt: f32) -> String {
    let v = (pt * 25.4 / 72.0 * 100.0).round() / 100.0;
    format!("{v}")
}

fn rgb(c: Color) -> &'static str {
    match c {
        Color::Black => "0 0 0",
        Color::Red => "255 0 0",
        Color::Grey => "128 128 128",
    }
}

/// The family a reader substitutes by when it lacks the named face.
fn family(face: Face) -> &'static str {
    match face {
        Face::Fang => "仿宋",
        Face::Hei => "黑体",
        Face::Kai => "楷体",
        Face::Title => "宋体",
        Face::Song | Face::Rare => "宋体",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A text run as a text object: its box, its font and size, each glyph's advance from the one before.
fn text_object(id: u32, font: u32, run: &TextRun, out: &mut String) {
    let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
        return;
    };
    let top = run.baseline - run.size;
    let width = last.x - first.x + run.size;
    let text: String = run.glyphs.iter().map(|g| g.ch).collect();
    let deltas: Vec<String> = run.glyphs.windows(2).map(|w| mm(w[1].x - w[0].x)).collect();
    let _ = write!(
        out,
        r#"<ofd:TextObject ID="{id}" Boundary="{} {} {} {}" Font="{font}" Size="{}"><ofd:FillColor Value="{}"/><ofd:TextCode X="0" Y="{}"{}>{}</ofd:TextCode></ofd:TextObject>"#,
        mm(first.x),
        mm(top),
        mm(width),
        mm(run.size * 1.3),
        mm(run.size),
        rgb(run.color),
        mm(run.size),
        if deltas.is_empty() {
            String::new()
        } else {
            format!(r#" DeltaX="{}""#, deltas.join(" "))
        },
        escape(&text)
    );
}

/// A rule as a stroked path object.
fn path_object(id: u32, a: (f32, f32), b: (f32, f32), width: f32, color: Color, out: &mut String) {
    let (x0, y0) = (a.0.min(b.0) - width, a.1.min(b.1) - width);
    let (w, h) = (
        (a.0 - b.0).abs() + 2.0 * width,
        (a.1 - b.1).abs() + 2.0 * width,
    );
    let _ = write!(
        out,
        r#"<ofd:PathObject ID="{id}" Boundary="{} {} {} {}" LineWidth="{}" Stroke="true" Fill="false"><ofd:StrokeColor Value="{}"/><ofd:AbbreviatedData>M {} {} L {} {}</ofd:AbbreviatedData></ofd:PathObject>"#,
        mm(x0),
        mm(y0),
        mm(w),
        mm(h),
        mm(width),
        rgb(color),
        mm(a.0 - x0),
        mm(a.1 - y0),
        mm(b.0 - x0),
        mm(b.1 - y0),
    );
}

/// The sheet as an OFD file's bytes.
pub fn write(book: &FontBook, sheet: &Sheet) -> Result<Vec<u8>> {
    let mut id: u32 = 0;
    let mut next = || {
        id += 1;
        id
    };
    // One font resource per face the pages use, in a fixed order.
    let mut faces: Vec<Face> = sheet
        .pages
        .iter()
        .flat_map(|p| p.text_runs().map(|r| r.face))
        .collect();
    faces.sort();
    faces.dedup();
    let font_ids: Vec<(Face, u32)> = faces.iter().map(|&f| (f, next())).collect();
    let font_of = |face: Face| {
        font_ids
            .iter()
            .find(|(f, _)| *f == face)
            .map_or(0, |(_, id)| *id)
    };
    let mut public = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>"#
    );
    for &(face, fid) in &font_ids {
        let _ = write!(
            public,
            r#"<ofd:Font ID="{fid}" FontName="{}" FamilyName="{}"/>"#,
            escape(&book.font(face).name),
            family(face)
        );
    }
    public.push_str("</ofd:Fonts></ofd:Res>");

    let mut pages_xml = Vec::new();
    for page in &sheet.pages {
        let page_id = next();
        let layer = next();
        let mut body = String::new();
        for item in &page.items {
            match item {
                Item::Text(run) => text_object(next(), font_of(run.face), run, &mut body),
                Item::Rule { a, b, width, color } => {
                    path_object(next(), *a, *b, *width, *color, &mut body)
                }
            }
        }
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{layer}">{body}</ofd:Layer></ofd:Content></ofd:Page>"#,
            mm(page.width),
            mm(page.height)
        );
        pages_xml.push((page_id, xml));
    }
    let (w, h) = sheet
        .pages
        .first()
        .map_or((595.28, 841.89), |p| (p.width, p.height));
    let mut document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"#,
        mm(w),
        mm(h)
    );
    for (i, (page_id, _)) in pages_xml.iter().enumerate() {
        let _ = write!(
            document,
            r#"<ofd:Page ID="{page_id}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#
        );
    }
    document.push_str("</ofd:Pages></ofd:Document>");

    // The same document gives the same file: its id is a hash of its content.
    let mut digest = Sha256::new();
    for (_, xml) in &pages_xml {
        digest.update(xml.as_bytes());
    }
    let doc_id = hex::encode(&digest.finalize()[..16]);
    let meta = &sheet.meta;
    let date = meta
        .date
        .map(|d| format!("<ofd:CreationDate>{d}</ofd:CreationDate>"))
        .unwrap_or_default();
    let entry = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{}</ofd:Title><ofd:Author>{}</ofd:Author><ofd:Subject>{}</ofd:Subject>{date}<ofd:Creator>法审台</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#,
        escape(&meta.title),
        escape(&meta.author),
        escape(&meta.subject)
    );

    let fail = |e: &dyn std::fmt::Display| Error::Print(format!("无法生成 OFD 文件：{e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut add = |name: &str, bytes: &[u8]| -> Result<()> {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))
    };
    add("OFD.xml", entry.as_bytes())?;
    add("Doc_0/Document.xml", document.as_bytes())?;
    add("Doc_0/PublicRes.xml", public.as_bytes())?;
    for (i, (_, xml)) in pages_xml.iter().enumerate() {
        add(&format!("Doc_0/Pages/Page_{i}/Content.xml"), xml.as_bytes())?;
    }
    let out = zip.finish().map_err(|e| fail(&e))?;
    Ok(out.into_inner())
}
