//! The PDF backend: draws a [`Sheet`] with printpdf. The only module that knows printpdf exists.
//!
//! Fonts are subset on save (printpdf's `text_layout` feature: without it the whole 7–9 MB fonts are
//! embedded), each with a fixed six-letter tag, and the trailer's random file identifier is replaced by one
//! derived from the content, so the same letter and settings always give the same bytes.

use std::collections::BTreeSet;

use printpdf::{
    Color as PdfColor, DateTime, FontId, Line as PdfLine, LinePoint, Mm, Op, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::{Face, FontBook};
use super::layout::{Color, Item, Sheet, PT_PER_MM};
use crate::error::{Error, Result};

pub fn write(book: &FontBook, sheet: &Sheet) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&sheet.meta.title);
    let info = &mut doc.metadata.info;
    info.author = sheet.meta.author.clone();
    info.subject = sheet.meta.subject.clone();
    info.creator = "法审台 Fashen".into();
    info.producer = format!("Fashen {} (printpdf 0.12.8)", env!("CARGO_PKG_VERSION"));
    if let Some(d) = sheet.meta.date {
        let ts = d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or_default();
        if let Ok(dt) = DateTime::from_unix_timestamp(ts) {
            info.creation_date = dt;
            info.modification_date = dt;
            info.metadata_date = dt;
        }
    }

    let used: BTreeSet<Face> = sheet
        .pages
        .iter()
        .flat_map(|p| p.text_runs().map(|r| r.face))
        .collect();
    for &face in &used {
        let parsed = book.font(face).parsed()?;
        doc.resources.fonts.map.insert(
            FontId(face.pdf_tag().to_string()),
            printpdf::PdfFont::new(parsed.clone()),
        );
    }

    let pages = sheet
        .pages
        .iter()
        .map(|page| {
            let h = page.height;
            let mut ops = Vec::new();
            for item in &page.items {
                match item {
                    Item::Text(run) => {
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFillColor {
                            col: color(run.color),
                        });
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(FontId(run.face.pdf_tag().to_string())),
                            size: Pt(run.size),
                        });
                        let first = run.glyphs.first().map(|g| g.x).unwrap_or(0.0);
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(Pt(first), Pt(h - run.baseline)),
                        });
                        let mut items = Vec::with_capacity(run.glyphs.len() * 2);
                        for (i, g) in run.glyphs.iter().enumerate() {
                            items.push(TextItem::Text(g.ch.to_string()));
                            if let Some(next) = run.glyphs.get(i + 1) {
                                let natural = book
                                    .glyph(run.face, g.ch)
                                    .map(|gi| gi.advance_em * run.size)
                                    .unwrap_or(run.size);
                                let wanted = next.x - g.x;
                                let adjust = (natural - wanted) / run.size * 1000.0;
                                if adjust.abs() > 0.01 {
                                    items.push(TextItem::Offset(round3(adjust)));
                                }
                            }
                        }
                        ops.push(Op::ShowText { items });
                        ops.push(Op::EndTextSection);
                    }
                    Item::Rule {
                        a,
                        b,
                        width,
                        color: c,
                    } => {
                        ops.push(Op::SetOutlineColor { col: color(*c) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        ops.push(Op::DrawLine {
                            line: PdfLine {
                                points: vec![
                                    LinePoint {
                                        p: Point {
                                            x: Pt(a.0),
                                            y: Pt(h - a.1),
                                        },
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: Point {
                                            x: Pt(b.0),
                                            y: Pt(h - b.1),
                                        },
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm(page.width / PT_PER_MM), Mm(page.height / PT_PER_MM), ops)
        })
        .collect();

    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut bytes = doc.with_pages(pages).save(&opts, &mut warnings);
    fix_file_id(&mut bytes)?;
    Ok(bytes)
}

fn round3(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

fn color(c: Color) -> PdfColor {
    let (r, g, b) = match c {
        Color::Black => (0.0, 0.0, 0.0),
        Color::Red => (0.90, 0.0, 0.0),
        Color::Grey => (0.5, 0.5, 0.5),
    };
    PdfColor::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// printpdf writes two random 32-character strings as the trailer's `/ID`; they become a digest of the rest of
/// the file (same length, so no offset moves).
fn fix_file_id(bytes: &mut [u8]) -> Result<()> {
    let key = b"/ID";
    let at = bytes
        .windows(key.len())
        .rposition(|w| w == key)
        .ok_or_else(|| Error::Print("PDF 生成失败：缺少文件标识".into()))?;
    let mut strings = Vec::new();
    let mut i = at;
    while strings.len() < 2 && i < bytes.len() {
        if bytes[i] == b'(' {
            let start = i + 1;
            let end = start
                + bytes[start..]
                    .iter()
                    .position(|&b| b == b')')
                    .ok_or_else(|| Error::Print("PDF 生成失败：文件标识格式异常".into()))?;
            strings.push(start..end);
            i = end;
        }
        i += 1;
    }
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..at]);
    let digest = hex::encode(hasher.finalize());
    for r in strings {
        let n = r.len().min(digest.len());
        bytes[r.start..r.start + n].copy_from_slice(&digest.as_bytes()[..n]);
    }
    Ok(())
}
