//! Every relative link in README.md, ARCHITECTURE.md and docs/*.md points
//! at a file or folder that exists (anchors and web addresses aside).

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The targets of the Markdown links `[text](target)` in `text`, outside
/// code spans and fenced code.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop code spans: `...`.
        let mut plain = String::new();
        for (k, part) in line.split('`').enumerate() {
            if k % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((n + 1, after[..end].to_string()));
            rest = &after[end..];
        }
    }
    out
}

fn relative(target: &str) -> Option<&str> {
    let t = target.split_whitespace().next().unwrap_or_default();
    if t.is_empty() || t.starts_with('#') || t.contains("://") || t.starts_with("mailto:") {
        return None;
    }
    Some(t.split('#').next().unwrap_or(t))
}

#[test]
fn relative_links_resolve() {
    let root = repo();
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(!docs.is_empty());
    files.extend(docs);
    let mut broken = Vec::new();
    let mut checked = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let dir = f.parent().unwrap_or(&root);
        for (line, target) in links(&text) {
            let Some(rel) = relative(&target) else {
                continue;
            };
            checked += 1;
            if !dir.join(rel).exists() {
                broken.push(format!("{}:{line}: {target}", f.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
    assert!(checked > 0, "no relative link found: the parser is broken");
}

#[test]
fn the_link_parser_finds_links_and_skips_code() {
    let t = "see [a](docs/a.md#x) and `[b](c.md)`\n```\n[d](e.md)\n```\n[f](https://x.y)";
    let l: Vec<String> = links(t).into_iter().map(|(_, t)| t).collect();
    assert_eq!(l, ["docs/a.md#x", "https://x.y"]);
    assert_eq!(relative("docs/a.md#x"), Some("docs/a.md"));
    assert_eq!(relative("https://x.y"), None);
    assert_eq!(relative("#anchor"), None);
}
