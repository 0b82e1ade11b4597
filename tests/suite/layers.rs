//! The layer rules of docs/ARCHITECTURE.md, read from the code's own
//! `crate::` paths: a forbidden import fails the suite, naming the file.
//!
//! The rules (the reasons are in docs/ARCHITECTURE.md):
//! 1. nothing below the faces imports `cli` or `tui`;
//! 2. `cli` never imports `tui`;
//! 3. no cycle among the top-level modules below the faces;
//! 4. the modules that know no screen (`model`, `cloud`, `ops`, `rows`,
//!    `governance`, `costs`, `gitsync`, `policy`, `audit`, `redact`,
//!    `private_file`, `sanitize`, `format`, `command`) never name ratatui
//!    or crossterm;
//! 5. SDK types stay inside `cloud/aws`: no `aws_sdk_*`, `aws_smithy_*`,
//!    `aws_config`, `aws_types` or `aws_credential_types` elsewhere.
//!
//! Test code (`#[cfg(test)]` modules) is left out: a test may reach
//! anywhere. Comments and string literals are left out too.
#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The two faces: nothing below them may import them.
const FACES: [&str; 2] = ["cli", "tui"];

/// Modules that know no screen and no terminal.
const SCREENLESS: [&str; 16] = [
    "iam",
    "model",
    "cloud",
    "inventory",
    "ops",
    "rows",
    "governance",
    "costs",
    "gitsync",
    "policy",
    "audit",
    "redact",
    "private_file",
    "sanitize",
    "format",
    "command",
];

const SDK_CRATES: [&str; 5] = [
    "aws_sdk_",
    "aws_smithy_",
    "aws_config",
    "aws_types",
    "aws_credential_types",
];

/// One source file: its path below `src/` and its text.
struct Source {
    path: String,
    text: String,
}

/// The top-level module a file belongs to (`cli/get.rs` → `cli`), or `None`
/// for the crate roots (lib.rs, main.rs), which may import anything.
fn top_module(path: &str) -> Option<&str> {
    let first = path.split('/').next()?;
    match first {
        "lib.rs" | "main.rs" => None,
        _ => Some(first.strip_suffix(".rs").unwrap_or(first)),
    }
}

/// `text` without comments, string and char literals, and without the
/// bodies of `#[cfg(test)]` items: what is left is code that ships.
fn shipped_code(text: &str) -> String {
    let code = strip_comments_and_literals(text);
    strip_test_items(&code)
}

fn strip_comments_and_literals(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('x', '\n', '{') or a lifetime ('a): a char
            // literal closes within a few bytes.
            let close = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .take(10)
                    .position(|&x| x == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 1 + ch_len)
            };
            match close {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Removes every item that follows `#[cfg(test)]` (a `mod tests { … }`, a
/// test-only function), up to its closing brace or semicolon.
fn strip_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules `code` names through `crate::…` (including
/// `use crate::{a, b::c}` groups).
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before_ok = at == 0 || {
            let prev = rest.as_bytes()[at - 1];
            !(prev.is_ascii_alphanumeric() || prev == b'_')
        };
        rest = &rest[at + "crate::".len()..];
        if !before_ok {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let close = group.find('}').unwrap_or(group.len());
            for part in group[..close].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    found.insert(name);
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

/// Whether `code` names the crate `name` as a path root (`ratatui::…`).
fn names_crate(code: &str, prefix: &str) -> bool {
    code.match_indices(prefix).any(|(at, _)| {
        let before_ok = at == 0 || {
            let prev = code.as_bytes()[at - 1];
            !(prev.is_ascii_alphanumeric() || prev == b'_' || prev == b':')
        };
        let after = &code[at + prefix.len()..];
        let tail: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        before_ok && after[tail.len()..].starts_with("::")
    })
}

/// Every rule broken in `sources`, one line each; empty when the layers hold.
fn violations(sources: &[Source]) -> Vec<String> {
    let mut broken = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in sources {
        let Some(module) = top_module(&source.path) else {
            continue;
        };
        let code = shipped_code(&source.text);
        let refs = crate_references(&code);
        let below = !FACES.contains(&module);
        for target in &refs {
            if target == module {
                continue;
            }
            if below && FACES.contains(&target.as_str()) {
                broken.push(format!(
                    "{}: `{module}` is below the faces but imports crate::{target}",
                    source.path
                ));
            }
            if module == "cli" && target == "tui" {
                broken.push(format!("{}: the CLI imports crate::tui", source.path));
            }
            if below && !FACES.contains(&target.as_str()) {
                graph
                    .entry(module.to_owned())
                    .or_default()
                    .insert(target.clone());
            }
        }
        if SCREENLESS.contains(&module) {
            for ui in ["ratatui", "crossterm"] {
                if names_crate(&code, ui) {
                    broken.push(format!(
                        "{}: `{module}` knows no screen but names {ui}",
                        source.path
                    ));
                }
            }
        }
        if !source.path.starts_with("cloud/aws/") {
            for sdk in SDK_CRATES {
                let hit = code.match_indices(sdk).any(|(at, _)| {
                    at == 0 || {
                        let prev = code.as_bytes()[at - 1];
                        !(prev.is_ascii_alphanumeric() || prev == b'_' || prev == b':')
                    }
                });
                if hit {
                    broken.push(format!(
                        "{}: an SDK crate ({sdk}…) outside cloud/aws",
                        source.path
                    ));
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        broken.push(format!(
            "an import cycle below the faces: {}",
            cycle.join(" -> ")
        ));
    }
    broken
}

/// A cycle in `graph`, as the modules on it with the first repeated last.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_owned(), Mark::Open);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

fn read_tree(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap();
                out.push(Source {
                    path: rel.to_string_lossy().replace('\\', "/"),
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

fn src(path: &str, text: &str) -> Source {
    Source {
        path: path.to_owned(),
        text: text.to_owned(),
    }
}

#[test]
fn the_layers_hold_in_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = read_tree(&root);
    assert!(
        sources.len() > 100,
        "read only {} files under {}",
        sources.len(),
        root.display()
    );
    let broken = violations(&sources);
    assert!(
        broken.is_empty(),
        "the layer rules of docs/ARCHITECTURE.md are broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn a_layer_below_the_faces_importing_a_face_is_caught() {
    let tree = [
        src("ops/apps.rs", "use crate::tui::App;\nfn f() {}\n"),
        src("rows/jobs.rs", "fn g() { crate::cli::run(); }\n"),
    ];
    let broken = violations(&tree);
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].starts_with("ops/apps.rs: `ops`"), "{broken:?}");
    assert!(broken[1].contains("crate::cli"), "{broken:?}");
}

#[test]
fn the_cli_importing_the_tui_is_caught() {
    let broken = violations(&[src(
        "cli/get.rs",
        "use crate::{rows::Row, tui::views::jobs};\n",
    )]);
    assert_eq!(broken, ["cli/get.rs: the CLI imports crate::tui"]);
}

#[test]
fn a_cycle_below_the_faces_is_caught() {
    let tree = [
        src("settings/mod.rs", "use crate::command::Command;\n"),
        src("command.rs", "use crate::policy::EffectClass;\n"),
        src("policy.rs", "use crate::settings::Settings;\n"),
        src("model/mod.rs", "pub struct A;\n"),
    ];
    let broken = violations(&tree);
    assert_eq!(
        broken,
        ["an import cycle below the faces: command -> policy -> settings -> command"]
    );
}

#[test]
fn screens_and_sdk_types_outside_their_layers_are_caught() {
    let tree = [
        src("rows/mod.rs", "use ratatui::style::Color;\n"),
        src("ops/apps.rs", "fn f(_: aws_sdk_sagemaker::Client) {}\n"),
        src("cloud/aws/glue.rs", "use aws_sdk_glue::Client;\n"),
        src("tui/mod.rs", "use ratatui::Frame;\n"),
    ];
    let broken = violations(&tree);
    assert_eq!(
        broken,
        [
            "rows/mod.rs: `rows` knows no screen but names ratatui",
            "ops/apps.rs: an SDK crate (aws_sdk_…) outside cloud/aws",
        ]
    );
}

#[test]
fn comments_strings_and_test_modules_do_not_count() {
    let text = r##"
//! Nothing here knows about ratatui::Frame or crate::tui.
/* crate::cli::run() in a block comment */
const HELP: &str = "see crate::tui::App";
const RAW: &str = r#"crate::cli"#;
fn brace() -> char { '{' }
pub fn real() {}

#[cfg(test)]
mod tests {
    use crate::tui::App;
    fn f() { let _ = "}"; }
}
"##;
    assert!(violations(&[src("ops/mod.rs", text)]).is_empty());
    // … and code after the test module still counts.
    let after = format!("{text}\nuse crate::tui::App;\n");
    assert_eq!(violations(&[src("ops/mod.rs", &after)]).len(), 1);
}
