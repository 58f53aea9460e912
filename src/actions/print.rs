//! Printing from the store: which fonts this laptop uses, and letters laid out and written as PDF.

use std::sync::Arc;

use super::{find_letter, require_record};
use crate::error::{Error, Result};
use crate::model::{OpinionLetter, Person, ReviewCase, Unit};
use crate::print::document;
use crate::print::fonts::{default_font_dir, Face, FontBook, FontConfig};
use crate::print::layout::{Gbt9704, Sheet};
use crate::print::letter::{official, LetterContext, LetterFormat};
use crate::print::pdf;
use crate::store::Store;

/// The fonts of this laptop: the shipped ones, with any role the office pointed to its own file (settings
/// `font.fang`, `font.hei`, `font.kai`, `font.title`, `font.song`).
pub fn font_config(store: &Store) -> Result<FontConfig> {
    let mut config = FontConfig::builtin(&default_font_dir());
    for face in Face::ALL {
        if let Some(spec) = store.setting(face.setting_key())? {
            if !spec.trim().is_empty() {
                config.set_custom(face, &spec)?;
            }
        }
    }
    Ok(config)
}

pub fn font_book(store: &Store) -> Result<Arc<FontBook>> {
    FontBook::shared(&font_config(store)?)
}

/// A letter laid out: the sheet the preview draws and the PDF prints.
pub fn letter_sheet(
    store: &Store,
    book: &FontBook,
    letter: &OpinionLetter,
    format: LetterFormat,
) -> Result<Sheet> {
    if letter.findings.is_empty() && letter.conclusion.is_none() {
        let case: ReviewCase = require_record(store, letter.case_id.0)?;
        if case.outcome.is_none() {
            return Err(Error::Refused(
                "意见书尚无审查意见，也没有结论，无法导出；请先填写审查意见或结论".into(),
            ));
        }
    }
    let ctx = letter_context(store, letter)?;
    let doc = official(letter, &ctx, format);
    document::layout(book, &Gbt9704::default(), &doc)
}

fn letter_context(store: &Store, letter: &OpinionLetter) -> Result<LetterContext> {
    let case: ReviewCase = require_record(store, letter.case_id.0)?;
    let issuer: Unit = require_record(store, letter.issuer_unit_id.0)?;
    let author = match letter.author_id {
        Some(p) => store.get::<Person>(p.0)?.map(|p| p.name),
        None => None,
    };
    Ok(LetterContext {
        issuer: issuer.name,
        outcome: case.outcome,
        reg_no: case.reg_no.to_string(),
        author,
    })
}

/// The PDF of a letter (found by id, id prefix or 文号).
pub fn letter_pdf(
    store: &Store,
    key: &str,
    format: LetterFormat,
) -> Result<(OpinionLetter, Vec<u8>)> {
    let letter = find_letter(store, key)?;
    let book = font_book(store)?;
    let sheet = letter_sheet(store, &book, &letter, format)?;
    let bytes = pdf::write(&book, &sheet)?;
    Ok((letter, bytes))
}

/// A file name for a letter: its number when signed, else its title, with a `.pdf` extension.
pub fn letter_file_name(letter: &OpinionLetter) -> String {
    let base = match &letter.number {
        Some(n) => format!("{}（{}）", letter.title, n),
        None => format!("{}（草稿）", letter.title),
    };
    let safe: String = base
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    format!("{safe}.pdf")
}

/// One row of the font settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FontRow {
    pub role: &'static str,
    pub label: &'static str,
    pub path: String,
    pub custom: bool,
}

pub fn font_rows(store: &Store) -> Result<Vec<FontRow>> {
    let config = font_config(store)?;
    Ok(Face::ALL
        .iter()
        .map(|f| {
            let src = &config.files[f];
            FontRow {
                role: f.code(),
                label: f.label(),
                path: if src.index > 0 {
                    format!("{}#{}", src.path.display(), src.index)
                } else {
                    src.path.display().to_string()
                },
                custom: src.custom,
            }
        })
        .collect())
}

/// Points a role to an office's own font file (checked first: a file that cannot be read or has no Chinese
/// glyphs is refused and nothing is saved), or back to the shipped font with `None`.
pub fn set_font(store: &mut Store, role: &str, spec: Option<&str>) -> Result<Vec<FontRow>> {
    let face = Face::parse(role)?;
    match spec {
        Some(spec) => {
            let (path, index) = crate::print::fonts::parse_font_spec(spec)?;
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            let source = crate::print::fonts::FontSource {
                path: path.clone(),
                index,
                custom: true,
            };
            crate::print::fonts::check_font(face, &source)?;
            let value = if index > 0 {
                format!("{}#{index}", path.display())
            } else {
                path.display().to_string()
            };
            store.set_setting(face.setting_key(), &value)?;
        }
        None => store.set_setting(face.setting_key(), "")?,
    }
    font_rows(store)
}
