//! The house rules of ARCHITECTURE.md, checked over the source text so that a change breaking them fails CI:
//!
//! - the layers of `src/` only point down (the table below), so no two top-level modules import each other;
//! - inside each layer, sibling modules import each other without a cycle (a child using its parent's items,
//!   as `store::cases` uses `store::Tx`, is the usual Rust shape and not counted);
//! - the shells (`src/cli/`, `src-tauri/src/`) call `fashen::actions` only: never a `Store` method, never
//!   `fashen::store`'s functions.
//!
//! The scan reads `crate::…`, `super::…` and `fashen::…` paths in non-test code. It is text, not a compiler:
//! what it cannot see (a path built by a macro) it does not judge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of the library (and the CLI binary) with its layer: a module may use only modules of
/// a lower layer. Adding a top-level module means adding it here, on purpose.
const LAYERS: &[(&str, u8)] = &[
    // Infrastructure.
    ("error", 0),
    ("clock", 0),
    ("par", 0),
    ("ids", 1),
    ("files", 1),
    // Pure engines over plain data.
    ("revision", 2),
    ("model", 3),
    ("deadlines", 4),
    ("sync", 4),
    ("print", 4),
    // SQL.
    ("store", 5),
    // Use cases.
    ("actions", 6),
    // Made of actions.
    ("demo", 7),
    ("bench", 8),
    // The shell (the `fashen` binary).
    ("cli", 9),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file's text without comments and without `#[cfg(test)]` items (a test module may use anything).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source file");
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        if t.starts_with("#[cfg(test)]") {
            // Skip the next item: up to the matching closing brace (or a `mod x;` line).
            let mut depth = 0i32;
            let mut opened = false;
            for l in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                opened |= l.contains('{');
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `src/store/sync.rs` → `["store", "sync"]`; `mod.rs` names its folder; `main.rs` and `lib.rs` are the root.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "main" | "lib")
    ) {
        parts.pop();
    }
    parts
}

/// Every path a piece of code names after `prefix` (`crate::`, `fashen::`, `super::`), with `use` groups
/// (`crate::{a::b, c}`) expanded one level.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| ident(c) || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let segs: Vec<String> = item
                    .trim()
                    .split("::")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty() && s.chars().all(ident))
                    .collect();
                if !segs.is_empty() {
                    found.push(segs);
                }
            }
            continue;
        }
        let mut segs = Vec::new();
        let mut s = rest;
        loop {
            let len = s.find(|c: char| !ident(c)).unwrap_or(s.len());
            if len == 0 {
                break;
            }
            segs.push(s[..len].to_string());
            s = &s[len..];
            match s.strip_prefix("::") {
                Some(next) if next.starts_with(|c: char| ident(c)) => s = next,
                _ => break,
            }
        }
        if !segs.is_empty() {
            found.push(segs);
        }
    }
    found
}

struct Graph {
    /// Module → modules it uses (both as full paths), child-to-ancestor uses left out.
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    /// Which file made an edge, for the message.
    why: BTreeMap<(Vec<String>, Vec<String>), String>,
}

fn library_graph() -> Graph {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    // The longest module that is a prefix of a path: `store::cases::CaseFilter` → `store::cases`.
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains(p))
    };
    let mut g = Graph {
        edges: BTreeMap::new(),
        why: BTreeMap::new(),
    };
    for file in &files {
        let from = module_of(&src, file);
        let code = code_of(file);
        let mut targets = Vec::new();
        // The CLI is the binary: it names the library as `fashen::`.
        let lib_prefix = if from.first().map(String::as_str) == Some("cli") || from.is_empty() {
            "fashen::"
        } else {
            "crate::"
        };
        for p in paths_after(&code, lib_prefix) {
            targets.extend(resolve(&p));
        }
        for p in paths_after(&code, "crate::") {
            if lib_prefix == "fashen::" {
                // In the binary, `crate::` is the binary's own modules (the CLI's files).
                let mut full = vec!["cli".to_string()];
                full.extend(p.into_iter().skip_while(|s| s == "cli"));
                targets.extend(resolve(&full));
            }
        }
        for p in paths_after(&code, "super::") {
            // `super::` from `a::b` (`a/b.rs`) is `a`; from `a` (`a/mod.rs`) it is the root.
            let mut base = from.clone();
            base.pop();
            base.extend(p);
            targets.extend(resolve(&base));
        }
        for to in targets {
            if to == from || from.starts_with(&to) {
                continue;
            }
            g.edges.entry(from.clone()).or_default().insert(to.clone());
            g.why.entry((from.clone(), to)).or_insert_with(|| {
                file.strip_prefix(root())
                    .unwrap_or(file)
                    .display()
                    .to_string()
            });
        }
    }
    g
}

fn layer(top: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("the top-level module `{top}` has no layer in tests/it/architecture.rs LAYERS: give it one"))
}

#[test]
fn the_layers_of_the_core_only_point_down() {
    let g = library_graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let Some(a) = from.first() else { continue };
        for to in tos {
            let b = &to[0];
            if a != b && layer(a) <= layer(b) {
                wrong.push(format!(
                    "{} (layer {}) uses {} (layer {}) in {}",
                    from.join("::"),
                    layer(a),
                    to.join("::"),
                    layer(b),
                    g.why[&(from.clone(), to.clone())]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a module may only use modules of a lower layer (ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_modules_import_each_other_in_a_cycle() {
    let g = library_graph();
    // Depth-first search for a back edge; the cycle is reported as a path.
    fn visit(
        n: &Vec<String>,
        g: &Graph,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for m in g.edges.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.edges.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(n, &g, &mut state, &mut stack) {
                let steps: Vec<String> = cycle
                    .windows(2)
                    .map(|w| {
                        format!(
                            "{} → {} ({})",
                            w[0].join("::"),
                            w[1].join("::"),
                            g.why[&(w[0].clone(), w[1].clone())]
                        )
                    })
                    .collect();
                panic!(
                    "modules import each other in a cycle:\n{}",
                    steps.join("\n")
                );
            }
        }
    }
}

/// The public methods of `Store` (every `pub fn` with a `self` receiver under `src/store/`).
fn store_methods() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src/store"), &mut files);
    let mut names = BTreeSet::new();
    for f in files {
        let code = code_of(&f);
        let mut rest = code.as_str();
        while let Some(i) = rest.find("pub fn ") {
            rest = &rest[i + "pub fn ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // Past the generics to the first parameter, which may be on the next line.
            let params = rest[name.len()..].trim_start_matches(|c: char| c != '(');
            let first = params.trim_start_matches('(').trim_start();
            if first.starts_with("&self")
                || first.starts_with("&mut self")
                || first.starts_with("self")
            {
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn the_shells_call_actions_and_never_the_store() {
    let methods = store_methods();
    assert!(
        methods.contains("list_cases") && methods.contains("write"),
        "the scan must find the store's methods"
    );
    let mut files = Vec::new();
    rust_files(&root().join("src/cli"), &mut files);
    files.push(root().join("src/main.rs"));
    rust_files(&root().join("src-tauri/src"), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let code = code_of(f);
        let shown = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        for p in paths_after(&code, "fashen::") {
            // Naming a type the store defines (a filter, a page of rows) is fine; calling into it is not.
            if p.first().map(String::as_str) == Some("store")
                && p.get(1)
                    .is_some_and(|s| s.starts_with(|c: char| c.is_lowercase()))
            {
                wrong.push(format!("{shown}: fashen::{}", p.join("::")));
            }
        }
        // A method call on the store: `store.x(` or, in the desktop's closures, `s.x(`.
        for receiver in ["store", "s", "store)"] {
            let needle = format!("{receiver}.");
            let mut rest = code.as_str();
            while let Some(i) = rest.find(&needle) {
                let before = rest[..i].chars().next_back();
                rest = &rest[i + needle.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if methods.contains(&name) && rest[name.len()..].starts_with('(') {
                    wrong.push(format!("{shown}: {receiver}.{name}(…)"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the CLI and the desktop call fashen::actions, never the store:\n{}",
        wrong.join("\n")
    );
}
