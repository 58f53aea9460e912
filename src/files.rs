//! Writing a produced file (a PDF, a sync file) where the user asked for it: through a temporary file beside
//! it, synced before it takes the name, so a failure or a power cut never leaves half a file under that name.

use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file beside it, so a failure never leaves half a file where
/// the user expects one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::Output(format!(
            "目录不存在：{}；未生成文件",
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .ok_or_else(|| Error::Output(format!("不是文件路径：{}", path.display())))?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    let written = (|| -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        // On disk before it takes the name: a power cut never leaves an empty PDF under the user's file name.
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        // A full disk or a failed rename leaves no `.part` behind.
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_its_part() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        // The name is taken by a folder, so the final rename fails after the `.part` was written.
        let target = dir.path().join("意见书.pdf");
        std::fs::create_dir(&target).expect("a folder");
        assert!(write_file(&target, b"%PDF-1.7").is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("意见书.pdf")],
            "no .part is left"
        );
    }
}
