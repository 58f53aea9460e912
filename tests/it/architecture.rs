//! The house rules of ARCHITECTURE.md, checked over the source text so that a change breaking them fails CI:
//!
//! - the layers of `src/` only point down (the table below), so no two top-level modules import each other;
//! - no two modules anywhere in `src/` import each other in a cycle (a child using its parent's items, as
//!   `store::cases` uses `store::Tx`, is the usual Rust shape and not counted; a name a parent re-exports
//!   with `pub use` counts as the module that defines it);
//! - the shells (`src/cli/`, `src/main.rs`, `src-tauri/src/`) reach the core through `fashen::actions` (and the
//!   model's types, ids, errors, the clock, the demo and the benchmarks): never a `Store` method, never the
//!   store, print, sync, deadline or file modules directly.
//!
//! The scan reads `crate::…`, `super::…` and `fashen::…` paths (with `use` groups expanded) in non-test code.
//! It is text, not a compiler: what it cannot see (a path built by a macro, a glob) it does not judge. The
//! last tests run it over snippets with each kind of violation, so a blind spot shows as a failure here.

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
    ("instance", 1),
    // Pure engines over plain data.
    ("revision", 2),
    ("model", 3),
    ("deadlines", 4),
    ("sync", 4),
    ("print", 4),
    ("search", 4),
    // SQL.
    ("store", 5),
    // Use cases.
    ("actions", 6),
    // Made of actions.
    ("demo", 7),
    // The UI's command table (the demo is one of its commands).
    ("api", 8),
    ("bench", 8),
    // The shell (the `fashen` binary).
    ("cli", 9),
];

/// What a shell may name below `fashen::` besides the crate root's re-exports (`Error`, `Result`, `Store`,
/// `OpenMode`): the use cases, the UI's command table, the single-instance lock, the model's types and ids,
/// errors, the clock, the demo and the benchmarks.
const SHELL_MAY_USE: &[&str] = &[
    "actions", "api", "instance", "model", "ids", "error", "clock", "demo", "bench",
];

/// Store methods whose names other types also have (`map.get(…)`, `entry.path()`): counted as a store call
/// only on a receiver named like the store (`store`, `s`).
const COMMON_METHOD_NAMES: &[&str] = &["get", "all", "path", "write", "clock", "author"];

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

/// Source text without comments and without `#[cfg(test)]` items (a test module may use anything).
fn strip(text: &str) -> String {
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

fn code_of(path: &Path) -> String {
    strip(&std::fs::read_to_string(path).expect("source file"))
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

fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths of one use tree starting at `s` (after a `prefix::`): `a::b`, `a::{b, c::{d, e}}`, `{a, b}`.
/// Returns the paths and how much of `s` the tree took.
fn use_tree(s: &str) -> (Vec<Vec<String>>, usize) {
    let mut segs = Vec::new();
    let mut at = 0;
    loop {
        let rest = &s[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if let Some(inner) = trimmed.strip_prefix('{') {
            // A group: each item is a tree of its own, under the segments so far.
            let mut paths = Vec::new();
            let mut pos = at + 1;
            let mut inner_at = 0;
            loop {
                let (sub, used) = use_tree(&inner[inner_at..]);
                for p in sub {
                    let mut full = segs.clone();
                    full.extend(p);
                    paths.push(full);
                }
                inner_at += used;
                let after = &inner[inner_at..];
                let t = after.trim_start();
                inner_at += after.len() - t.len();
                if let Some(_more) = t.strip_prefix(',') {
                    inner_at += 1;
                    continue;
                }
                if t.starts_with('}') {
                    inner_at += 1;
                }
                break;
            }
            pos += inner_at;
            return (paths, pos);
        }
        let len = trimmed.find(|c: char| !ident(c)).unwrap_or(trimmed.len());
        if len == 0 {
            return (if segs.is_empty() { vec![] } else { vec![segs] }, at);
        }
        segs.push(trimmed[..len].to_string());
        at += len;
        match s[at..].strip_prefix("::") {
            Some(next)
                if next
                    .trim_start()
                    .starts_with(|c: char| ident(c) || c == '{') =>
            {
                at += 2
            }
            _ => return (vec![segs], at),
        }
    }
}

/// Every path a piece of code names after `prefix` (`crate::`, `fashen::`, `super::`), `use` groups expanded.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| ident(c) || c == ':') {
            continue;
        }
        let (paths, used) = use_tree(rest);
        found.extend(paths);
        rest = &rest[used.min(rest.len())..];
    }
    found
}

/// `pub use child::{A, B};` in a module: which module each re-exported name comes from, so that
/// `crate::model::ReviewCase` counts as a use of `model::case`.
fn reexports(module: &[String], code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for stmt in code.split(';') {
        let Some(tree) = stmt.trim_start().strip_prefix("pub use ") else {
            continue;
        };
        let (paths, _) = use_tree(tree);
        for p in paths {
            let Some(name) = p.last() else { continue };
            let mut from: Vec<String> = match p.first().map(String::as_str) {
                Some("crate") => p[1..p.len() - 1].to_vec(),
                Some("self") => module
                    .iter()
                    .cloned()
                    .chain(p[1..p.len() - 1].iter().cloned())
                    .collect(),
                Some("super") => {
                    let mut m = module.to_vec();
                    m.pop();
                    m.extend(p[1..p.len() - 1].iter().cloned());
                    m
                }
                _ => module
                    .iter()
                    .cloned()
                    .chain(p[..p.len() - 1].iter().cloned())
                    .collect(),
            };
            if from.is_empty() {
                continue;
            }
            if from.first().map(String::as_str) == Some("crate") {
                from.remove(0);
            }
            out.push((name.clone(), from));
        }
    }
    out
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
    let sources: Vec<(PathBuf, Vec<String>, String)> = files
        .iter()
        .map(|f| (f.clone(), module_of(&src, f), code_of(f)))
        .collect();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|(_, m, _)| m.clone()).collect();
    let mut named: BTreeMap<(Vec<String>, String), Vec<String>> = BTreeMap::new();
    for (_, m, code) in &sources {
        for (name, from) in reexports(m, code) {
            named.insert((m.clone(), name), from);
        }
    }
    // The module a path names: the longest module prefix, then through the re-exports of what follows.
    let resolve = |path: &[String]| -> Option<Vec<String>> {
        let mut path = path.to_vec();
        for _ in 0..8 {
            let n = (1..=path.len())
                .rev()
                .find(|n| modules.contains(&path[..*n]))?;
            let module = path[..n].to_vec();
            match path
                .get(n)
                .and_then(|name| named.get(&(module.clone(), name.clone())))
            {
                Some(from) if from != &module => {
                    let mut next = from.clone();
                    next.extend(path[n..].iter().cloned());
                    path = next;
                }
                _ => return Some(module),
            }
        }
        None
    };
    let mut g = Graph {
        edges: BTreeMap::new(),
        why: BTreeMap::new(),
    };
    for (file, from, code) in &sources {
        let mut targets = Vec::new();
        let in_binary = from.first().map(String::as_str) == Some("cli") || from.is_empty();
        if in_binary {
            // The binary names the library `fashen::` and its own modules `crate::` (the CLI's files).
            for p in paths_after(code, "fashen::") {
                targets.extend(resolve(&p));
            }
            for p in paths_after(code, "crate::") {
                let mut full = vec!["cli".to_string()];
                full.extend(p.into_iter().skip_while(|s| s == "cli"));
                targets.extend(resolve(&full));
            }
        } else {
            for p in paths_after(code, "crate::") {
                targets.extend(resolve(&p));
            }
        }
        // A re-export is a use of the module it comes from (`pub use details::CaseDetails` in `model::case`).
        for (name, from_module) in reexports(from, code) {
            let mut full = from_module;
            full.push(name);
            targets.extend(resolve(&full));
        }
        for p in paths_after(code, "super::") {
            // `super::` from `a::b` (`a/b.rs`) is `a`; from `a` (`a/mod.rs`) it is the root.
            let mut base = from.clone();
            base.pop();
            base.extend(p);
            targets.extend(resolve(&base));
        }
        for to in targets {
            if &to == from || from.starts_with(&to) {
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

fn path(s: &str) -> Vec<String> {
    s.split("::").map(str::to_string).collect()
}

#[test]
fn the_scan_sees_the_edges_the_code_has() {
    let g = library_graph();
    for (from, to) in [
        ("actions::cases", "store"),
        ("store::cases", "model::case"),
        ("store::sync", "sync::merge"),
        ("deadlines", "model::calendar::workdays"),
        ("model::labels", "model::case::fields"),
    ] {
        assert!(
            g.edges
                .get(&path(from))
                .is_some_and(|t| t.contains(&path(to))),
            "the scan must see {from} → {to} (through `pub use` too); it saw {:?}",
            g.edges.get(&path(from))
        );
    }
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

/// A cycle in the graph, as the path that closes it.
fn cycle(g: &Graph) -> Option<Vec<Vec<String>>> {
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
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_modules_import_each_other_in_a_cycle() {
    let g = library_graph();
    if let Some(cycle) = cycle(&g) {
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

/// The bodies of the `impl Store` blocks of a file.
fn store_impls(code: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("impl Store {") {
        let body = &rest[i + "impl Store {".len()..];
        let mut depth = 1;
        let mut end = body.len();
        for (at, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at;
                        break;
                    }
                }
                _ => {}
            }
        }
        blocks.push(&body[..end]);
        rest = &body[end..];
    }
    blocks
}

/// The public methods of `Store` (every `pub fn` with a `self` receiver in an `impl Store` under `src/store/`).
fn store_methods() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src/store"), &mut files);
    let mut names = BTreeSet::new();
    for f in files {
        let code = code_of(&f);
        for block in store_impls(&code) {
            let mut rest = block;
            while let Some(i) = rest.find("pub fn ") {
                rest = &rest[i + "pub fn ".len()..];
                let name: String = rest.chars().take_while(|c| ident(*c)).collect();
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
    }
    names
}

/// What a shell's code does that only actions may: each problem as `what (where)`.
fn shell_violations(code: &str, methods: &BTreeSet<String>) -> Vec<String> {
    let mut wrong = Vec::new();
    for p in paths_after(code, "fashen::") {
        let first = p.first().map(String::as_str).unwrap_or_default();
        let is_module = first.starts_with(|c: char| c.is_lowercase());
        if is_module && !SHELL_MAY_USE.contains(&first) {
            wrong.push(format!("fashen::{}", p.join("::")));
        }
    }
    // Calls on the store: `Store::open(…)`, and `.method(…)` for a store method, whatever the layout.
    let flat: String = {
        let mut s = String::with_capacity(code.len());
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_whitespace() {
                // Whitespace before `.` or `(` is rustfmt's chain layout: join it up.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|n| *n == '.' || *n == '(') {
                    continue;
                }
            }
            s.push(c);
        }
        s
    };
    let mut rest = flat.as_str();
    while let Some(i) = rest.find("Store::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "Store::".len()..];
        if !before.is_some_and(ident) && rest.starts_with(|c: char| c.is_lowercase()) {
            let name: String = rest.chars().take_while(|c| ident(*c)).collect();
            wrong.push(format!("Store::{name}(…)"));
        }
    }
    let mut rest = flat.as_str();
    while let Some(i) = rest.find('.') {
        let receiver: String = {
            let mut r: Vec<char> = rest[..i].chars().rev().take_while(|c| ident(*c)).collect();
            r.reverse();
            r.into_iter().collect()
        };
        rest = &rest[i + 1..];
        let name: String = rest.chars().take_while(|c| ident(*c)).collect();
        if !methods.contains(&name) || !rest[name.len()..].starts_with('(') {
            continue;
        }
        let store_like = matches!(receiver.as_str(), "store" | "s");
        if store_like || !COMMON_METHOD_NAMES.contains(&name.as_str()) {
            wrong.push(format!("{receiver}.{name}(…)"));
        }
    }
    wrong
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
        let shown = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        for v in shell_violations(&code_of(f), &methods) {
            wrong.push(format!("{shown}: {v}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the CLI and the desktop call fashen::actions, never the store:\n{}",
        wrong.join("\n")
    );
}

/// The checks themselves: each kind of violation in a snippet must be reported, and clean code must not.
#[test]
fn the_shell_check_reports_every_form_of_reaching_past_the_actions() {
    let methods = store_methods();
    let cases = [
        ("let page = store.list_cases(&filter)?;", "store.list_cases"),
        (
            "let page = guard\n        .list_cases(&filter)?;",
            "guard.list_cases",
        ),
        ("state.with(|s| s.get(id))", "s.get"),
        ("let db = Store::open(&p, mode, clock)?;", "Store::open"),
        (
            "use fashen::store::{default_db_path, CaseFilter};",
            "fashen::store::default_db_path",
        ),
        (
            "use fashen::{actions, store::CaseFilter};",
            "fashen::store::CaseFilter",
        ),
        (
            "fashen::files::write_file(&out, &bytes)?;",
            "fashen::files::write_file",
        ),
        (
            "use fashen::print::{forms::{FormName}};",
            "fashen::print::forms::FormName",
        ),
    ];
    for (code, expected) in cases {
        let found = shell_violations(code, &methods);
        assert!(
            found.iter().any(|v| v.starts_with(expected)),
            "`{code}` must be reported as {expected}; the check found {found:?}"
        );
    }
    let clean = "use fashen::actions::{self, cases::CaseFilter};\nuse fashen::{Error, Result, Store};\n\
                 let page = cases::list_cases(store, &filter)?;\nlet n = map.get(&k);\nlet p = entry.path();";
    assert_eq!(shell_violations(clean, &methods), Vec::<String>::new());
}

#[test]
fn the_cycle_check_finds_a_cycle_through_a_reexport() {
    let mut g = Graph {
        edges: BTreeMap::new(),
        why: BTreeMap::new(),
    };
    for (a, b) in [
        ("model::case", "model::letter"),
        ("model::letter", "model::case"),
    ] {
        g.edges.entry(path(a)).or_default().insert(path(b));
        g.why.insert((path(a), path(b)), "snippet".into());
    }
    assert!(cycle(&g).is_some());
    // And the resolution through `pub use` the real graph relies on.
    let re = reexports(
        &path("model"),
        "pub use case::{CaseDetails, ReviewCase};\npub use kind::{check_transition, CaseKind};",
    );
    assert!(
        re.contains(&("ReviewCase".to_string(), path("model::case"))),
        "{re:?}"
    );
    assert!(
        re.contains(&("CaseKind".to_string(), path("model::kind"))),
        "{re:?}"
    );
    let tree = paths_after("use crate::model::{case::{A, B}, kind::C};", "crate::");
    assert_eq!(
        tree,
        vec![
            path("model::case::A"),
            path("model::case::B"),
            path("model::kind::C")
        ]
    );
}
