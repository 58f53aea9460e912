//! The web UI, embedded at build time (`build.rs` lists `ui/` without its tests). A request can only ever
//! name one of these files: there is no path from a URL to the disk.

static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// The file at `name` (`index.html`, `screens/sync.js`), if the UI has it.
pub fn get(name: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

/// The media type of a file by its extension: the UI's own files, and the documents and images a browser can
/// show in a tab (an attachment opened, a PDF exported); anything else is downloaded.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("bmp") => "image/bmp",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ui_is_embedded_without_its_tests() {
        assert!(super::get("index.html").is_some_and(|b| b.starts_with(b"<!doctype html>")));
        assert!(super::get("screens/sync.js").is_some());
        assert!(super::FILES.iter().all(|(n, _)| !n.starts_with("tests/")));
        for traversal in [
            "../Cargo.toml",
            "/etc/passwd",
            "tests/format.test.js",
            "screens/../api.js",
        ] {
            assert!(super::get(traversal).is_none(), "{traversal}");
        }
    }
}
