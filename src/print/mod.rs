//! Printing: opinion letters in the GB/T 9704 layout and the office's forms, as PDF.
//!
//! Layout and drawing are apart. [`document`] and [`forms`] lay a document out into a [`layout::Sheet`], a
//! display list of positioned text runs and rules; [`pdf`] draws a sheet with printpdf and the desktop's
//! preview draws the same sheet to SVG, so what the preview shows is what prints.

pub mod document;
pub mod fonts;
pub mod forms;
pub mod layout;
pub mod letter;
pub mod linebreak;
pub mod pdf;
pub mod svg;

use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file beside it, so a failure never leaves half a PDF where the
/// user expects one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::Print(format!(
            "目录不存在：{}；未生成文件",
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .ok_or_else(|| Error::Print(format!("不是文件路径：{}", path.display())))?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        // On disk before it takes the name: a power cut never leaves an empty PDF under the user's file name.
        file.sync_all()?;
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}
