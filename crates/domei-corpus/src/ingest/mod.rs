//! Turning files into normalised text split into paragraphs.
//!
//! | format | paragraphs |
//! |---|---|
//! | plain text | every non-empty line (after trimming) |
//! | Markdown | blank-line-separated blocks; headings on their own; fenced code kept as text |
//! | HTML | block elements (`p`, `li`, `h1`–`h6`, `blockquote`, `td`, `th`, `pre`, text directly in `div`, ...); `script`/`style` dropped |
//! | PDF | the text layer, by page; blank lines separate paragraphs, or every line is one when a page has no blank lines |
//!
//! The normalised document text of plain text is the file itself after
//! [`normalize_text`]; for the other formats it is the paragraphs joined by a
//! blank line. Paragraph spans are character offsets into that text.

mod guard;
pub mod html;
pub mod markdown;
pub mod meta;
pub mod pdf;
pub mod pdf_limits;
pub mod text;

use crate::error::{CorpusError, Result};
use crate::normalize::{collapse_whitespace, normalize_text};
pub use meta::Metadata;
use serde::Serialize;
use std::path::Path;

/// A supported input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`, `.text`).
    Text,
    /// Markdown (`.md`, `.markdown`, `.mdown`).
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
    /// PDF, read from its text layer.
    Pdf,
}

impl Format {
    /// The format's name (`text`, `markdown`, `html`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The format named `s` (a name or its short form, e.g. `md`); `None`
    /// for any other.
    pub fn from_name(s: &str) -> Option<Format> {
        match s {
            "text" | "txt" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format implied by a file extension, if it is one we read.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format by extension, else by sniffing the first bytes; unknown
    /// binary content is `None`.
    pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
        if let Some(f) = Format::from_extension(path) {
            return Some(f);
        }
        let head = &bytes[..bytes.len().min(1024)];
        if head.starts_with(b"%PDF-") {
            return Some(Format::Pdf);
        }
        let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
        let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with("<!doctype html") || trimmed.starts_with("<html") {
            return Some(Format::Html);
        }
        if std::str::from_utf8(bytes).is_ok() {
            return Some(Format::Text);
        }
        None
    }
}

/// A file turned into text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The format the file was read as.
    pub format: Format,
    /// Normalised document text.
    pub text: String,
    /// Paragraph spans: character offsets into `text`, in order, non-empty.
    pub paragraphs: Vec<(usize, usize)>,
    /// Metadata found inside the file (front matter, HTML head, PDF info).
    pub meta: Metadata,
}

/// Extracts text and paragraphs from `bytes`, read from `path` (used for
/// the format and in messages). Never panics; malformed input is an
/// [`CorpusError::Input`] naming `path`.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let format = Format::detect(path, bytes).ok_or_else(|| {
        CorpusError::input(path, "unsupported file: not text, Markdown, HTML or PDF")
            .with_help("supported extensions: .txt .md .markdown .html .htm .xhtml .pdf")
    })?;
    extract_as(format, path, bytes)
}

/// Like [`extract`] with the format given.
pub fn extract_as(format: Format, path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let out = match format {
        Format::Text => text::extract(path, bytes)?,
        Format::Markdown => markdown::extract(path, bytes)?,
        Format::Html => html::extract(path, bytes)?,
        Format::Pdf => pdf::extract(path, bytes)?,
    };
    if out.paragraphs.is_empty() {
        return Err(CorpusError::input(
            path,
            format!("no text found in this {} file", format.name()),
        ));
    }
    Ok(out)
}

/// Decodes bytes that should be text: UTF-8 (with or without BOM), or
/// UTF-16 with a BOM. Anything else is an input error naming the byte.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(CorpusError::input(
                path,
                format!("invalid {} text", enc.name()),
            ));
        }
        return Ok(cow.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(CorpusError::input(
            path,
            format!(
                "not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .with_help("convert the file to UTF-8, e.g. `iconv -f SHIFT_JIS -t UTF-8`")),
    }
}

/// Joins text blocks into a document: each block is normalised (NFC, and
/// whitespace collapsed unless `keep_lines`), empty blocks dropped, blocks
/// separated by a blank line. Returns the text and the paragraph spans.
pub fn assemble(blocks: impl IntoIterator<Item = (String, bool)>) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut pos = 0usize;
    for (block, keep_lines) in blocks {
        let norm = normalize_text(&block);
        let cleaned = if keep_lines {
            norm.lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            collapse_whitespace(&norm)
        };
        let cleaned = cleaned.trim_matches('\n');
        if cleaned.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            pos += 2;
        }
        let len = cleaned.chars().count();
        text.push_str(cleaned);
        spans.push((pos, pos + len));
        pos += len;
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect(Path::new("a.PDF"), b""), Some(Format::Pdf));
        assert_eq!(
            Format::detect(Path::new("a"), b"%PDF-1.4"),
            Some(Format::Pdf)
        );
        assert_eq!(
            Format::detect(Path::new("a"), b"<!DOCTYPE html><p>x"),
            Some(Format::Html)
        );
        assert_eq!(Format::detect(Path::new("a"), b"plain"), Some(Format::Text));
        assert_eq!(
            Format::detect(Path::new("a.bin"), &[0xff, 0xfe, 0xfd, 0x00, 0x80]),
            None
        );
    }

    #[test]
    fn assembles_blocks() {
        let (t, s) = assemble(vec![
            ("a  b\n c".to_string(), false),
            ("  ".into(), false),
            ("x\n\ny".into(), true),
        ]);
        assert_eq!(t, "a b c\n\nx\ny");
        assert_eq!(s, vec![(0, 5), (7, 10)]);
    }

    #[test]
    fn decodes_utf16_and_rejects_latin1() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("hi".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode_text(Path::new("x"), &utf16).ok().as_deref(),
            Some("hi")
        );
        let e = decode_text(Path::new("f.txt"), b"caf\xe9")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("f.txt: error: not valid UTF-8"), "{e}");
    }
}
