//! Plain text: every non-empty line is a paragraph.

use super::{decode_text, meta, Extracted, Format, Metadata};
use crate::error::Result;
use crate::normalize::normalize_text;
use std::path::Path;

/// Reads a plain text file (and guesses its language); `path` names it
/// in errors.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let raw = decode_text(path, bytes)?;
    let text = normalize_text(&raw);
    let paragraphs = line_paragraphs(&text);
    let meta = Metadata {
        language: meta::guess_language(&text),
        ..Metadata::default()
    };
    Ok(Extracted {
        format: Format::Text,
        text,
        paragraphs,
        meta,
    })
}

/// Spans (character offsets) of the non-empty lines of `text`, each trimmed
/// of leading and trailing whitespace.
pub fn line_paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for line in text.split('\n') {
        let len = line.chars().count();
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let trail = line.chars().rev().take_while(|c| c.is_whitespace()).count();
        if lead < len {
            out.push((pos + lead, pos + len - trail));
        }
        pos += len + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::char_slice;

    #[test]
    fn lines_are_paragraphs() {
        let e = extract(
            Path::new("a.txt"),
            "First line\r\n\r\n  second 日本 \n\u{3000}\nthird".as_bytes(),
        );
        let e = e.ok().unwrap_or_else(|| panic!("extract failed"));
        let paras: Vec<&str> = e
            .paragraphs
            .iter()
            .map(|&(s, t)| char_slice(&e.text, s, t))
            .collect();
        assert_eq!(paras, vec!["First line", "second 日本", "third"]);
    }
}
