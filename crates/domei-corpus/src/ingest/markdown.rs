//! Markdown: blank-line-separated blocks are paragraphs; ATX and setext
//! headings stand alone; fenced and indented code is kept as text (one
//! paragraph per fence); markup is reduced to its text (emphasis markers,
//! link targets, list and quote markers, table pipes, inline HTML tags).

use super::{assemble, decode_text, meta, Extracted, Format};
use crate::error::Result;
use crate::normalize::normalize_text;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// Reads a Markdown file's text and metadata; `path` names it in errors.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let raw = normalize_text(&decode_text(path, bytes)?);
    let (mut fm, body) = meta::split_front_matter(&raw);
    let blocks = blocks(&body);
    let (text, paragraphs) = assemble(blocks);
    if fm.title.is_none() {
        fm.title = first_heading(&body);
    }
    if fm.language.is_none() {
        fm.language = meta::guess_language(&text);
    }
    Ok(Extracted {
        format: Format::Markdown,
        text,
        paragraphs,
        meta: fm,
    })
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| {
            l.trim_start()
                .strip_prefix("# ")
                .map(|h| inline(h.trim_end_matches('#').trim()))
        })
        .filter(|h| !h.is_empty())
}

/// Splits the body into `(block text, keep line breaks)` pairs.
fn blocks(body: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let flush = |cur: &mut Vec<String>, out: &mut Vec<(String, bool)>| {
        if !cur.is_empty() {
            out.push((cur.join("\n"), false));
            cur.clear();
        }
    };
    let lines: Vec<&str> = body.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        // Fenced code.
        if let Some(fence) = ["```", "~~~"].into_iter().find(|f| t.starts_with(f)) {
            flush(&mut cur, &mut out);
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(fence) {
                code.push(lines[i]);
                i += 1;
            }
            out.push((code.join("\n"), true));
            i += 1;
            continue;
        }
        if t.is_empty() {
            flush(&mut cur, &mut out);
            i += 1;
            continue;
        }
        // Indented code (only where a paragraph is not running on).
        if cur.is_empty()
            && (line.starts_with("    ") || line.starts_with('\t'))
            && !is_list_item(t)
        {
            let mut code = Vec::new();
            while i < lines.len()
                && (lines[i].starts_with("    ")
                    || lines[i].starts_with('\t')
                    || lines[i].trim().is_empty())
            {
                code.push(lines[i].trim_start());
                i += 1;
            }
            out.push((code.join("\n"), true));
            continue;
        }
        if let Some(h) = atx_heading(t) {
            flush(&mut cur, &mut out);
            out.push((inline(h), false));
            i += 1;
            continue;
        }
        // Setext underline: the running block is a heading.
        if !cur.is_empty() && is_setext_underline(t) {
            flush(&mut cur, &mut out);
            i += 1;
            continue;
        }
        if is_rule(t) || is_table_separator(t) || is_link_definition(t) {
            flush(&mut cur, &mut out);
            i += 1;
            continue;
        }
        cur.push(inline(&strip_line_markers(t)));
        i += 1;
    }
    flush(&mut cur, &mut out);
    out
}

fn atx_heading(t: &str) -> Option<&str> {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if rest.is_empty() || rest.starts_with(' ') {
            return Some(rest.trim().trim_end_matches('#').trim());
        }
    }
    None
}

fn is_setext_underline(t: &str) -> bool {
    t.len() >= 2 && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

fn is_rule(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|m| compact.chars().all(|c| c.to_string() == *m))
}

fn is_table_separator(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn is_link_definition(t: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\[[^\]]+\]:\s*\S+").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(t))
}

fn is_list_item(t: &str) -> bool {
    list_marker_len(t).is_some()
}

fn list_marker_len(t: &str) -> Option<usize> {
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return Some(2);
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

/// Removes block quote markers, list markers and table pipes from a line.
fn strip_line_markers(t: &str) -> String {
    let mut s = t;
    while let Some(r) = s.strip_prefix('>') {
        s = r.trim_start();
    }
    if let Some(n) = list_marker_len(s) {
        s = &s[n..];
    }
    let s = s
        .strip_prefix("[ ] ")
        .or_else(|| s.strip_prefix("[x] "))
        .unwrap_or(s);
    if s.starts_with('|') {
        let cells: Vec<&str> = s.trim_matches('|').split('|').map(str::trim).collect();
        return cells.join(" | ");
    }
    s.to_string()
}

/// Inline markup to text.
pub fn inline(s: &str) -> String {
    static RES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            (r"`([^`]*)`", "$1"),
            (r"!\[([^\]]*)\]\([^)]*\)", "$1"),
            (r"\[([^\]]+)\]\([^)]*\)", "$1"),
            (r"\[([^\]]+)\]\[[^\]]*\]", "$1"),
            (r"<(https?://[^>\s]+)>", "$1"),
            (r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", ""),
            (r"\*\*([^*]+)\*\*", "$1"),
            (r"__([^_]+)__", "$1"),
            (r"\*([^*\s](?:[^*]*[^*\s])?)\*", "$1"),
            (r"(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_($|[^\w])", "$1$2$3"),
            (r"~~([^~]+)~~", "$1"),
            (r"\\([\\`*_{}\[\]()#+\-.!|>~])", "$1"),
        ]
        .into_iter()
        .filter_map(|(p, r)| Regex::new(p).ok().map(|re| (re, r)))
        .collect()
    });
    let mut out = s.to_string();
    for (re, rep) in res {
        out = re.replace_all(&out, *rep).into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::char_slice;

    fn paras(md: &str) -> Vec<String> {
        let e = extract(Path::new("x.md"), md.as_bytes())
            .ok()
            .unwrap_or_else(|| panic!("extract"));
        e.paragraphs
            .iter()
            .map(|&(s, t)| char_slice(&e.text, s, t).to_string())
            .collect()
    }

    #[test]
    fn markup_becomes_text() {
        let md = "---\ntitle: T\n---\n# The *Title*\nFirst **bold** para with a [link](http://x) and `code`\ncontinues here.\n\n- item one\n- item _two_\n\n> quoted\n\n```\nlet x = 1;\n\nlet y = 2;\n```\n\nSetext\n======\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(
            paras(md),
            vec![
                "The Title",
                "First bold para with a link and code continues here.",
                "item one item two",
                "quoted",
                "let x = 1;\nlet y = 2;",
                "Setext",
                "a | b",
                "1 | 2",
            ]
        );
    }

    #[test]
    fn title_from_heading_when_no_front_matter() {
        let e = extract(Path::new("x.md"), b"# Hello world\n\ntext").ok();
        assert_eq!(e.and_then(|e| e.meta.title).as_deref(), Some("Hello world"));
    }
}
