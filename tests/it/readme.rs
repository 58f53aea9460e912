//! The README's CLI examples, run as written: every line of its indented blocks that calls `fashen`, the first
//! block on a new database and the others on the demo data, on the day the README's numbers were taken from. A
//! line that fails, or an example changed so that it no longer runs, fails here.

use std::path::Path;
use std::process::Command;

/// The README's examples name demo cases and letters of this year.
const DEMO_DAY: &str = "2026-12-07";

/// The indented code blocks of the README's "Using the CLI" section, each as its lines.
fn example_blocks() -> Vec<Vec<String>> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Using the CLI")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README has a section “Using the CLI”");
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        match line.strip_prefix("    ") {
            Some(code) if !code.starts_with(' ') => {
                if !in_block {
                    blocks.push(Vec::new());
                }
                in_block = true;
                if let Some(block) = blocks.last_mut() {
                    block.push(code.to_string());
                }
            }
            _ => in_block = line.trim().is_empty() && in_block,
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// Runs one example line in bash, with `fashen` on the path, in `dir`, on `db`.
fn run_line(line: &str, dir: &Path, db: &Path, bin_dir: &Path) {
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", &format!("set -eo pipefail; {line}")])
        .current_dir(dir)
        .env("PATH", path)
        .env("FASHEN_DB", db)
        .env("FASHEN_TEST_TODAY", DEMO_DAY)
        .env_remove("FASHEN_USER")
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "README example failed: {line}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_example_in_the_readme_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fashen"), bin_dir.join("fashen")).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();

    let blocks = example_blocks();
    assert!(blocks.len() >= 4, "the README's example blocks: {blocks:?}");
    let mut ran = 0;
    for (i, block) in blocks.iter().enumerate() {
        // The first block builds an office from nothing; the others use the demo data.
        let db = if i == 0 {
            dir.path().join("new.sqlite3")
        } else {
            dir.path().join("demo.sqlite3")
        };
        if i == 1 {
            run_line("fashen demo", &work, &db, &bin_dir);
        }
        for line in block.iter().filter(|l| l.contains("fashen ")) {
            run_line(line, &work, &db, &bin_dir);
            ran += 1;
        }
    }
    assert!(ran >= 50, "{ran} example lines ran");
    // What the first block promises in its comments.
    let signed = Command::new(env!("CARGO_BIN_EXE_fashen"))
        .args(["--db"])
        .arg(dir.path().join("new.sqlite3"))
        .args(["letter", "show", "2018-001"])
        .env_remove("FASHEN_USER")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&signed.stdout);
    assert!(
        shown.contains("徒法审〔2018〕1号") && shown.contains("王立新"),
        "{shown}"
    );
}
