//! Printing: opinion letters in the GB/T 9704 layout and the office's forms, as PDF.
//!
//! Layout and drawing are apart. [`document`] and [`forms`] lay a document out into a [`layout::Sheet`], a
//! display list of positioned text runs and rules; [`pdf`] draws a sheet with printpdf and the desktop's
//! preview draws the same sheet to SVG, so what the preview shows is what prints.

pub mod document;
pub mod docx;
pub mod fonts;
pub mod forms;
pub mod layout;
pub mod letter;
pub mod linebreak;
pub mod ofd;
pub mod pdf;
pub mod spreadsheet;
pub mod svg;
