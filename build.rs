//! For the `fashen` binary (feature `cli`): embeds the web UI (`ui/`, without its tests) for `fashen serve`, as a
//! generated list of `(path, bytes)` pairs. The server can then only ever answer with these files: no path a
//! request names reaches the file system.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_CLI").is_none() {
        return;
    }
    let root =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets the manifest dir"));
    let ui = root.join("ui");
    let mut files = Vec::new();
    collect(&ui, &ui, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for (rel, abs) in files {
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({abs:?}) as &[u8]),\n"
        ));
    }
    out.push_str("]\n");
    let dest =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("ui_files.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// What the UI is made of; anything else under `ui/` (an editor's swap file, a note) is not served.
const SERVED: &[&str] = &[".html", ".js", ".css", ".png", ".svg", ".woff2", ".json"];

fn collect(ui: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let rel = path
            .strip_prefix(ui)
            .expect("under ui/")
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            // The UI's own tests are not part of the app.
            if rel != "tests" {
                println!("cargo:rerun-if-changed={}", path.display());
                collect(ui, &path, out);
            }
        } else if SERVED.iter().any(|ext| rel.ends_with(ext)) {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push((rel, path.display().to_string()));
        }
    }
}
