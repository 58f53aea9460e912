//! The preview backend: draws a [`Sheet`] as one SVG per page, glyphs as their outlines from the same font
//! files the PDF embeds (each glyph defined once per page and placed with `<use>`), so the preview shows the
//! very layout that prints, with no font in the web view involved.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::fonts::{Face, FontBook};
use super::layout::{Color, Item, Page, Sheet};

fn colour(c: Color) -> &'static str {
    match c {
        Color::Black => "#000",
        Color::Red => "#e60000",
        Color::Grey => "#808080",
    }
}

/// Each page of `sheet` as a standalone SVG document sized in points.
pub fn pages(book: &FontBook, sheet: &Sheet) -> Vec<String> {
    sheet.pages.iter().map(|p| page(book, p)).collect()
}

fn page(book: &FontBook, page: &Page) -> String {
    let mut defs: BTreeMap<(Face, char), Option<String>> = BTreeMap::new();
    let mut body = String::new();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                let font = book.font(run.face);
                let k = run.size / font.units_per_em();
                let _ = write!(body, "<g fill=\"{}\">", colour(run.color));
                for g in &run.glyphs {
                    let entry = defs
                        .entry((run.face, g.ch))
                        .or_insert_with(|| font.outline_path(g.ch));
                    if entry.is_some() {
                        let _ = write!(
                            body,
                            "<use href=\"#{}\" transform=\"matrix({k:.5} 0 0 {:.5} {:.2} {:.2})\"/>",
                            glyph_id(run.face, g.ch),
                            -k,
                            g.x,
                            run.baseline
                        );
                    }
                }
                body.push_str("</g>");
            }
            Item::Rule { a, b, width, color } => {
                let _ = write!(
                    body,
                    "<line x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"{}\" stroke-width=\"{:.2}\"/>",
                    a.0,
                    a.1,
                    b.0,
                    b.1,
                    colour(*color),
                    width
                );
            }
        }
    }
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.2} {h:.2}\" width=\"{w:.2}pt\" height=\"{h:.2}pt\"><defs>",
        w = page.width,
        h = page.height
    );
    for ((face, ch), path) in &defs {
        if let Some(d) = path {
            let _ = write!(out, "<path id=\"{}\" d=\"{d}\"/>", glyph_id(*face, *ch));
        }
    }
    out.push_str("</defs><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

fn glyph_id(face: Face, ch: char) -> String {
    format!("{}{:x}", face.pdf_tag(), ch as u32)
}
