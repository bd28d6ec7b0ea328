//! Document metadata and where it comes from: sidecar files
//! (`FILE.meta.toml`, `FILE.meta.json`, or `STEM.meta.toml`/`.json`),
//! Markdown front matter, HTML `<title>`/`<meta>`, the PDF info dictionary.

use crate::error::{CorpusError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What is known about a document. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The document's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its authors, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// As stated by the source (free text, ideally ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Source URL or other reference (DOI, report number).
    #[serde(default, alias = "source", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BCP 47 language tag (`en`, `ja`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Metadata {
    /// Fields set in `over` replace those of `self`.
    pub fn overlay(&mut self, over: Metadata) {
        let clean = |o: Option<String>| o.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(t) = clean(over.title) {
            self.title = Some(t);
        }
        let authors: Vec<String> = over
            .authors
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        if !authors.is_empty() {
            self.authors = authors;
        }
        if let Some(v) = clean(over.publisher) {
            self.publisher = Some(v);
        }
        if let Some(v) = clean(over.date) {
            self.date = Some(v);
        }
        if let Some(v) = clean(over.url) {
            self.url = Some(v);
        }
        if let Some(v) = clean(over.language) {
            self.language = Some(v);
        }
    }
}

/// Sidecar file names looked for beside `path`, in order.
pub fn sidecar_candidates(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
        out.push(path.with_file_name(format!("{name}.meta.toml")));
        out.push(path.with_file_name(format!("{name}.meta.json")));
    }
    if let Some(stem) = path.file_stem().and_then(|n| n.to_str()) {
        out.push(path.with_file_name(format!("{stem}.meta.toml")));
        out.push(path.with_file_name(format!("{stem}.meta.json")));
    }
    out
}

/// True for file names that are sidecars, not documents.
pub fn is_sidecar(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".meta.toml") || name.ends_with(".meta.json")
}

/// Reads the first sidecar found beside `path`. A sidecar that exists but
/// cannot be parsed is an input error naming the sidecar.
pub fn load_sidecar(path: &Path) -> Result<Option<Metadata>> {
    for cand in sidecar_candidates(path) {
        if !cand.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&cand)
            .map_err(|e| CorpusError::input(&cand, format!("cannot read metadata sidecar: {e}")))?;
        let parsed: std::result::Result<Metadata, String> =
            if cand.extension().and_then(|e| e.to_str()) == Some("json") {
                serde_json::from_str(&text).map_err(|e| e.to_string())
            } else {
                toml::from_str(&text).map_err(|e| e.to_string())
            };
        return parsed.map(Some).map_err(|e| {
            CorpusError::input(&cand, format!("invalid metadata sidecar: {}", e.trim()))
                .with_help("keys: title, authors (list), publisher, date, url, language")
        });
    }
    Ok(None)
}

/// Splits Markdown front matter (`---` YAML-like or `+++` TOML) from the
/// body. Returns the metadata found and the body with the front matter
/// replaced by blank lines (so line numbers stay put).
pub fn split_front_matter(text: &str) -> (Metadata, String) {
    let mut lines = text.split('\n');
    let fence = match lines.next() {
        Some(l) if l.trim_end() == "---" => "---",
        Some(l) if l.trim_end() == "+++" => "+++",
        _ => return (Metadata::default(), text.to_string()),
    };
    let mut body_start = None;
    let mut header = Vec::new();
    for (i, l) in text.split('\n').enumerate().skip(1) {
        if l.trim_end() == fence || (fence == "---" && l.trim_end() == "...") {
            body_start = Some(i + 1);
            break;
        }
        header.push(l);
    }
    let Some(body_start) = body_start else {
        return (Metadata::default(), text.to_string());
    };
    let meta = if fence == "+++" {
        parse_toml_loose(&header.join("\n"))
    } else {
        parse_yaml_subset(&header)
    };
    let body: Vec<&str> = text.split('\n').skip(body_start).collect();
    let blank = "\n".repeat(body_start);
    (meta, format!("{blank}{}", body.join("\n")))
}

fn parse_toml_loose(s: &str) -> Metadata {
    let Ok(table) = s.parse::<toml::Table>() else {
        return Metadata::default();
    };
    let mut pairs = Vec::new();
    for (k, v) in table {
        let vals = match v {
            toml::Value::String(s) => vec![s],
            toml::Value::Array(a) => a
                .into_iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            toml::Value::Datetime(d) => vec![d.to_string()],
            _ => continue,
        };
        pairs.push((k, vals));
    }
    from_pairs(pairs)
}

/// The small part of YAML front matter that matters here: `key: value`,
/// `key: [a, b]`, and `key:` followed by `- item` lines.
fn parse_yaml_subset(lines: &[&str]) -> Metadata {
    let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
    for l in lines {
        let t = l.trim();
        if let Some(item) = t.strip_prefix("- ") {
            if let Some(last) = pairs.last_mut() {
                last.1.push(unquote(item));
            }
            continue;
        }
        if l.starts_with(' ') || l.starts_with('\t') {
            continue;
        }
        let Some((k, v)) = t.split_once(':') else {
            continue;
        };
        let v = v.trim();
        let vals = if let Some(inner) = v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            inner
                .split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .collect()
        } else if v.is_empty() {
            Vec::new()
        } else {
            vec![unquote(v)]
        };
        pairs.push((k.trim().to_string(), vals));
    }
    from_pairs(pairs)
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s);
    let s = s
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(s);
    s.to_string()
}

fn from_pairs(pairs: Vec<(String, Vec<String>)>) -> Metadata {
    let mut m = Metadata::default();
    for (k, vals) in pairs {
        let first = vals.first().cloned();
        match k.to_ascii_lowercase().as_str() {
            "title" => m.title = first,
            "author" | "authors" | "creator" => {
                m.authors = vals
                    .iter()
                    .flat_map(|v| {
                        if vals.len() == 1 {
                            split_authors(v)
                        } else {
                            vec![v.clone()]
                        }
                    })
                    .collect()
            }
            "publisher" | "organization" | "organisation" => m.publisher = first,
            "date" | "published" => m.date = first,
            "url" | "source" | "link" => m.url = first,
            "lang" | "language" => m.language = first,
            _ => {}
        }
    }
    m
}

/// Splits an author string on `;`, ` and `, and `,` (when every part has a
/// space, i.e. looks like a full name).
pub fn split_authors(s: &str) -> Vec<String> {
    let parts: Vec<String> = s
        .split(';')
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Vec::new();
    for p in parts {
        let commas: Vec<&str> = p
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        if commas.len() > 1 && commas.iter().all(|c| c.contains(' ')) {
            out.extend(commas.into_iter().map(String::from));
        } else {
            out.push(p);
        }
    }
    out
}

/// Guesses a language tag from the script mix: `ja` when kana occur, `ko`
/// for Hangul, `zh` for Han without kana, `en` when the text is mostly ASCII
/// letters with common English function words; otherwise unknown.
pub fn guess_language(text: &str) -> Option<String> {
    let (mut kana, mut hangul, mut han, mut latin, mut letters) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(20_000) {
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        match c as u32 {
            0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => kana += 1,
            0xac00..=0xd7af | 0x1100..=0x11ff => hangul += 1,
            0x4e00..=0x9fff | 0x3400..=0x4dbf => han += 1,
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if letters == 0 {
        return None;
    }
    if kana * 20 > letters {
        return Some("ja".into());
    }
    if hangul * 5 > letters {
        return Some("ko".into());
    }
    if han * 5 > letters {
        return Some("zh".into());
    }
    if latin * 10 > letters * 9 {
        let lower = text.chars().take(20_000).collect::<String>().to_lowercase();
        let hits = lower
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| matches!(*w, "the" | "and" | "of" | "to" | "is"))
            .count();
        let words = lower.split_whitespace().count().max(1);
        if hits * 20 >= words {
            return Some("en".into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let (m, body) = split_front_matter("---\ntitle: \"A paper\"\nauthors:\n  - A. One\n  - B. Two\ndate: 2025-03-01\n---\n# Heading\n");
        assert_eq!(m.title.as_deref(), Some("A paper"));
        assert_eq!(m.authors, vec!["A. One", "B. Two"]);
        assert_eq!(m.date.as_deref(), Some("2025-03-01"));
        assert_eq!(body, "\n\n\n\n\n\n\n# Heading\n");
    }

    #[test]
    fn toml_front_matter_and_none() {
        let (m, _) = split_front_matter("+++\ntitle = \"T\"\nauthors = [\"X Y\"]\n+++\nbody");
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.authors, vec!["X Y"]);
        let (m, body) = split_front_matter("---\nunterminated");
        assert_eq!(m, Metadata::default());
        assert_eq!(body, "---\nunterminated");
    }

    #[test]
    fn authors_and_language() {
        assert_eq!(
            split_authors("Kyoji Yanagisawa, Mike Mochizuki"),
            vec!["Kyoji Yanagisawa", "Mike Mochizuki"]
        );
        assert_eq!(split_authors("Smith, J."), vec!["Smith, J."]);
        assert_eq!(
            guess_language("日本の防衛費はGDP比で増える。").as_deref(),
            Some("ja")
        );
        assert_eq!(
            guess_language("The cost of the alliance is a matter of the budget and the law.")
                .as_deref(),
            Some("en")
        );
    }
}
