//! PDF: the text layer, page by page (pdf-extract over lopdf, pure Rust).
//!
//! Paragraph rule: pdf-extract writes a line break when the baseline moves
//! down by a line, and an empty line when it jumps by more than 1.5 times
//! the font size (a paragraph gap). On each page, blank lines separate
//! paragraphs and the lines inside one are joined with spaces (a line ending
//! in a hyphen is joined without a space, keeping the hyphen). A page whose
//! text has no blank line at all gives one paragraph per line. A page break
//! always ends a paragraph. A PDF whose pages yield no text is reported as
//! having no text layer (scanned images need OCR first).

use super::{assemble, guard, meta, pdf_limits, Extracted, Format, Metadata};
use crate::error::{CorpusError, Result};
use lopdf::{Document, Object};
use std::path::Path;

/// Reads a PDF's text layer and metadata; `path` names it in errors.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    guard::catch(path, "PDF", || extract_inner(path, bytes))
}

fn extract_inner(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    // Bombs first, before lopdf decompresses anything (pdf_limits).
    pdf_limits::scan_raw(path, bytes)?;
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        CorpusError::input(path, format!("malformed PDF: {e}"))
            .with_help("check that the file is a complete PDF (re-download or re-export it)")
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(
            CorpusError::input(path, "the PDF is encrypted with a password")
                .with_help("save an unencrypted copy and add that"),
        );
    }
    // Cycles, page count, content size and operators, before pdf-extract
    // follows the page tree (it loops forever on a cyclic Parent chain).
    pdf_limits::check_document(path, &doc)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(CorpusError::input(path, "the PDF has no pages"));
    }
    let mut page_texts = Vec::with_capacity(pages.len());
    let mut failures = 0usize;
    let started = std::time::Instant::now();
    let mut chars = 0usize;
    for &n in pages.keys() {
        let mut s = String::new();
        let mut out = pdf_extract::PlainTextOutput::new(&mut s);
        if pdf_extract::output_doc_page(&doc, &mut out, n).is_err() {
            failures += 1;
        }
        chars += s.chars().count();
        page_texts.push(s);
        if chars > pdf_limits::MAX_CHARS {
            return Err(CorpusError::input(
                path,
                format!(
                    "refused PDF: more than {} characters of text by page {n}",
                    pdf_limits::MAX_CHARS
                ),
            )
            .with_help("split the document, or add its text as .txt"));
        }
        if started.elapsed() > pdf_limits::BUDGET {
            return Err(CorpusError::input(
                path,
                format!(
                    "refused PDF: reading its text took more than {} s (stopped at page {n} of {})",
                    pdf_limits::BUDGET.as_secs(),
                    pages.len()
                ),
            )
            .with_help("split the document, or add its text as .txt"));
        }
    }
    let blocks: Vec<(String, bool)> = page_texts
        .iter()
        .flat_map(|t| page_paragraphs(t))
        .map(|p| (p, false))
        .collect();
    let (text, paragraphs) = assemble(blocks);
    if paragraphs.is_empty() {
        let why = if failures == pages.len() {
            format!("no text could be read from the PDF's {} page(s): its content streams could not be decoded", pages.len())
        } else {
            format!("the PDF has no text layer: its {} page(s) contain no extractable text (a scanned image?)", pages.len())
        };
        return Err(CorpusError::input(path, why)
            .with_help("run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and add the result"));
    }
    let mut m = info_metadata(&doc);
    if m.language.is_none() {
        m.language = meta::guess_language(&text);
    }
    Ok(Extracted {
        format: Format::Pdf,
        text,
        paragraphs,
        meta: m,
    })
}

/// Paragraphs of one page's extracted text (see the module docs).
pub fn page_paragraphs(page: &str) -> Vec<String> {
    let norm = crate::normalize::normalize_text(page);
    let lines: Vec<&str> = norm.lines().map(str::trim).collect();
    let has_blank = lines.iter().any(|l| l.is_empty());
    let nonempty = lines.iter().filter(|l| !l.is_empty()).count();
    if !has_blank && nonempty > 1 {
        return lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for l in lines {
        if l.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() && !cur.ends_with('-') {
            cur.push(' ');
        }
        cur.push_str(l);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Title, author, subject-less metadata from the document information
/// dictionary.
fn info_metadata(doc: &Document) -> Metadata {
    let mut m = Metadata::default();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_object(*id).ok(),
            o => Some(o),
        })
        .and_then(|o| o.as_dict().ok());
    let Some(info) = info else { return m };
    let get = |k: &[u8]| {
        info.get(k)
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(pdf_text_string)
            .filter(|s| !s.trim().is_empty())
    };
    m.title = get(b"Title");
    if let Some(a) = get(b"Author") {
        m.authors = meta::split_authors(&a);
    }
    m.date = get(b"CreationDate").map(|d| pdf_date(&d));
    m
}

/// Decodes a PDF text string: UTF-16BE with a byte-order mark, UTF-8 with a
/// BOM, else PDFDocEncoding (treated as Latin-1, which it matches for
/// printable characters).
pub fn pdf_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| c as char).collect()
}

/// `D:20250331120000+09'00'` → `2025-03-31`; other strings unchanged.
fn pdf_date(d: &str) -> String {
    let s = d.trim().trim_start_matches("D:");
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    match digits.len() {
        n if n >= 8 => format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]),
        n if n >= 6 => format!("{}-{}", &digits[0..4], &digits[4..6]),
        4 => digits,
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::char_slice;
    use crate::pdfgen;

    #[test]
    fn paragraph_rules() {
        assert_eq!(page_paragraphs("a b\nc-\nd\n\ne\n"), vec!["a b c-d", "e"]);
        assert_eq!(
            page_paragraphs("one\ntwo\nthree"),
            vec!["one", "two", "three"]
        );
        assert_eq!(page_paragraphs("  \n"), Vec::<String>::new());
    }

    #[test]
    fn reads_generated_pdf() {
        let pdf = pdfgen::simple_pdf(
            &[
                vec![
                    "The first paragraph talks about host nation support and burden sharing."
                        .to_string(),
                    "Second paragraph: 3% of GDP.".into(),
                ],
                vec!["Page two.".into()],
            ],
            Some("Test Title"),
        );
        let e = extract(Path::new("t.pdf"), &pdf).unwrap_or_else(|e| panic!("{e}"));
        let paras: Vec<&str> = e
            .paragraphs
            .iter()
            .map(|&(s, t)| char_slice(&e.text, s, t))
            .collect();
        assert_eq!(
            paras,
            vec![
                "The first paragraph talks about host nation support and burden sharing.",
                "Second paragraph: 3% of GDP.",
                "Page two."
            ]
        );
        assert_eq!(e.meta.title.as_deref(), Some("Test Title"));
    }

    #[test]
    fn no_text_layer_is_reported() {
        let e = extract(Path::new("scan.pdf"), &pdfgen::image_only_pdf())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("scan.pdf") && e.contains("no text layer"), "{e}");
    }

    #[test]
    fn garbage_is_an_input_error() {
        for bytes in [
            &b"%PDF-1.4\ngarbage"[..],
            b"",
            b"%PDF-",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ] {
            let e = extract(Path::new("bad.pdf"), bytes);
            assert!(matches!(e, Err(CorpusError::Input { .. })), "{e:?}");
        }
    }

    #[test]
    fn dates_and_strings() {
        assert_eq!(pdf_date("D:20250331120000+09'00'"), "2025-03-31");
        assert_eq!(pdf_text_string(&[0xfe, 0xff, 0x65, 0xe5]), "日");
    }
}
