//! What a PDF may cost before its text is extracted: the checks that keep
//! a hostile file (a page tree that points back to itself, a flate bomb,
//! millions of drawing operators, a form that draws itself) from hanging
//! or exhausting memory. Every limit is checked before pdf-extract sees
//! the document, from the raw bytes and lopdf's object graph:
//!
//! 1. [`scan_raw`]: every zlib stream in the file is inflated as a stream
//!    (nothing kept) and measured: one stream at most [`MAX_STREAM`], all
//!    of them [`MAX_INFLATED`] — before lopdf decompresses object streams.
//! 2. [`check_document`]: the page tree is walked with a visited set (a
//!    cycle, a page whose `Parent` chain loops, more than [`MAX_PAGES`]
//!    pages or [`MAX_DEPTH`] levels are refused); every page's content and
//!    the form XObjects it draws (recursively, a form drawing itself
//!    refused) are measured after all their filters: at most
//!    [`MAX_PAGE_CONTENT`] bytes and [`MAX_OPERATORS`] operators per
//!    document, counting a form once per time it is drawn.
//!
//! During extraction ([`super::pdf`]) the extracted characters are capped
//! at [`MAX_CHARS`] and the time at [`BUDGET`], checked after each page.

use crate::error::{CorpusError, Result};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// Most pages of one document.
pub const MAX_PAGES: usize = 5_000;
/// Deepest page tree or nesting of forms.
pub const MAX_DEPTH: usize = 64;
/// Largest single decompressed stream.
pub const MAX_STREAM: u64 = 64 << 20;
/// Most decompressed bytes of all the file's zlib streams together.
pub const MAX_INFLATED: u64 = 512 << 20;
/// Most decompressed content (drawing instructions) of one page, forms
/// included as drawn.
pub const MAX_PAGE_CONTENT: u64 = 16 << 20;
/// Most drawing operators of one document, forms counted as drawn.
pub const MAX_OPERATORS: u64 = 2_000_000;
/// Most characters extracted from one document.
pub const MAX_CHARS: usize = 20_000_000;
/// Longest extraction of one document (checked after each page).
pub const BUDGET: Duration = Duration::from_secs(30);
/// Largest stream compressed with something other than FlateDecode that
/// is decoded (LZW can expand ~2,700 times).
const MAX_OTHER_FILTER_INPUT: usize = 16 << 10;

fn refuse(path: &Path, why: String) -> CorpusError {
    CorpusError::input(path, format!("refused PDF: {why}"))
        .with_help("this file exceeds what domei reads from one PDF (docs/cli.md, \"corpus add\"); if it is genuine, split it or save its text as .txt and add that")
}

/// The decompressed length of zlib data, up to `cap` (`cap + 1` when
/// longer); `None` when `data` is not zlib data. Nested zlib layers (a
/// stream compressed twice) are measured through.
fn inflated_len(data: &[u8], cap: u64) -> Option<u64> {
    if !is_zlib_header(data) {
        return None;
    }
    // Is the first layer's output itself zlib? Peek at its first bytes.
    let mut head = [0u8; 2];
    let nested = flate2::read::ZlibDecoder::new(data)
        .read_exact(&mut head)
        .is_ok()
        && is_zlib_header(&head);
    let mut sink = std::io::sink();
    let n = if nested {
        let inner = flate2::read::ZlibDecoder::new(flate2::read::ZlibDecoder::new(data));
        std::io::copy(&mut inner.take(cap + 1), &mut sink)
    } else {
        std::io::copy(
            &mut flate2::read::ZlibDecoder::new(data).take(cap + 1),
            &mut sink,
        )
    };
    // A truncated or corrupt stream still yields what it decoded.
    Some(n.unwrap_or(0))
}

fn is_zlib_header(d: &[u8]) -> bool {
    d.len() >= 2 && d[0] & 0x0f == 8 && (u16::from(d[0]) * 256 + u16::from(d[1])) % 31 == 0
}

/// Step 1: every `stream` of the raw file measured as zlib data.
pub fn scan_raw(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut total = 0u64;
    let mut at = 0;
    while let Some(k) = find(&bytes[at..], b"stream") {
        let kw = at + k;
        at = kw + 6;
        // `endstream` contains `stream`: skip it.
        if kw >= 3 && &bytes[kw - 3..kw] == b"end" {
            continue;
        }
        let mut start = at;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) != Some(&b'\n') {
            continue;
        }
        start += 1;
        let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |e| start + e);
        if let Some(n) = inflated_len(&bytes[start..end], MAX_STREAM) {
            if n > MAX_STREAM {
                return Err(refuse(
                    path,
                    format!(
                        "a stream at byte {start} decompresses to more than {} MB (a compression bomb?)",
                        MAX_STREAM >> 20
                    ),
                ));
            }
            total += n;
            if total > MAX_INFLATED {
                return Err(refuse(
                    path,
                    format!(
                        "its streams decompress to more than {} MB in all",
                        MAX_INFLATED >> 20
                    ),
                ));
            }
        }
        at = end.max(at);
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The cost of drawing one content stream (a page's or a form's).
#[derive(Clone, Copy, Default)]
struct Drawn {
    bytes: u64,
    operators: u64,
}

struct Checker<'a> {
    doc: &'a Document,
    path: &'a Path,
    /// Forms measured already (as drawn, with what they draw).
    forms: HashMap<ObjectId, Drawn>,
    /// Forms being measured (a form met again here draws itself).
    open: Vec<ObjectId>,
}

/// Step 2: the page tree, the pages' `Parent` chains, and every page's
/// content and forms. Returns the number of pages.
pub fn check_document(path: &Path, doc: &Document) -> Result<usize> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok());
    let Some(root) = root else {
        return Ok(0);
    };
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // (node, depth); depth-first in document order.
    let mut stack = vec![(root, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            return Err(refuse(
                path,
                format!(
                    "its page tree has a cycle (object {} {} is reached twice)",
                    id.0, id.1
                ),
            ));
        }
        if depth > MAX_DEPTH {
            return Err(refuse(
                path,
                format!("its page tree is more than {MAX_DEPTH} levels deep"),
            ));
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        match node.get_type().ok() {
            Some(b"Page") => {
                pages.push(id);
                if pages.len() > MAX_PAGES {
                    return Err(refuse(path, format!("it has more than {MAX_PAGES} pages")));
                }
            }
            _ => {
                let kids = node
                    .get_deref(b"Kids", doc)
                    .and_then(Object::as_array)
                    .map(|k| k.as_slice())
                    .unwrap_or(&[]);
                for kid in kids.iter().rev() {
                    if let Ok(k) = kid.as_reference() {
                        stack.push((k, depth + 1));
                    }
                }
            }
        }
    }
    let mut c = Checker {
        doc,
        path,
        forms: HashMap::new(),
        open: Vec::new(),
    };
    let mut operators = 0u64;
    for &page in &pages {
        let dict = doc
            .get_dictionary(page)
            .map_err(|e| refuse(path, e.to_string()))?;
        parent_chain(path, doc, page, dict)?;
        let resources = inherited(doc, dict, b"Resources");
        let mut drawn = Drawn::default();
        for sid in doc.get_page_contents(page) {
            if let Ok(s) = doc.get_object(sid).and_then(Object::as_stream) {
                let d = c.stream(s, resources, 0)?;
                drawn.bytes += d.bytes;
                drawn.operators += d.operators;
            }
        }
        if drawn.bytes > MAX_PAGE_CONTENT {
            return Err(refuse(
                path,
                format!(
                    "a page's drawing instructions decompress to more than {} MB",
                    MAX_PAGE_CONTENT >> 20
                ),
            ));
        }
        operators += drawn.operators;
        if operators > MAX_OPERATORS {
            return Err(refuse(
                path,
                format!("it has more than {MAX_OPERATORS} drawing operators"),
            ));
        }
    }
    Ok(pages.len())
}

/// A page's `Parent` chain, which pdf-extract follows for inherited
/// resources: refused when it loops or is too long.
fn parent_chain(path: &Path, doc: &Document, page: ObjectId, dict: &Dictionary) -> Result<()> {
    let mut seen = vec![page];
    let mut cur = dict;
    while let Ok(p) = cur.get(b"Parent").and_then(Object::as_reference) {
        if seen.contains(&p) || seen.len() > MAX_DEPTH {
            return Err(refuse(
                path,
                format!(
                    "the Parent chain of page object {} {} loops back on itself",
                    page.0, page.1
                ),
            ));
        }
        seen.push(p);
        match doc.get_dictionary(p) {
            Ok(d) => cur = d,
            Err(_) => break,
        }
    }
    Ok(())
}

/// `key` of `dict` or of its nearest ancestor that has it (the chain is
/// checked by [`parent_chain`] first, and bounded here too).
fn inherited<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let mut cur = dict;
    for _ in 0..=MAX_DEPTH {
        if let Ok(o) = cur.get(key) {
            return match o {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                o => o.as_dict().ok(),
            };
        }
        let p = cur.get(b"Parent").and_then(Object::as_reference).ok()?;
        cur = doc.get_dictionary(p).ok()?;
    }
    None
}

impl<'a> Checker<'a> {
    /// The cost of drawing content stream `s` with `resources`, the forms
    /// it draws included.
    fn stream(
        &mut self,
        s: &'a Stream,
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<Drawn> {
        let doc: &'a Document = self.doc;
        let content = self.decoded(s)?;
        let mut drawn = Drawn {
            bytes: content.len() as u64,
            operators: 0,
        };
        let xobjects = resources.and_then(|r| match r.get(b"XObject").ok()? {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            o => o.as_dict().ok(),
        });
        let mut last_name: Option<Vec<u8>> = None;
        for tok in Tokens::new(&content) {
            match tok {
                Tok::Name(n) => last_name = Some(n.to_vec()),
                Tok::Operator(op) => {
                    drawn.operators += 1;
                    if op == b"Do" {
                        if let (Some(name), Some(x)) = (last_name.take(), xobjects) {
                            if let Ok(id) = x.get(&name).and_then(Object::as_reference) {
                                let d = self.form(id, resources, depth + 1)?;
                                drawn.bytes += d.bytes;
                                drawn.operators += d.operators;
                            }
                        }
                    }
                    if drawn.operators > MAX_OPERATORS || drawn.bytes > MAX_PAGE_CONTENT {
                        // Over a limit already: the caller reports it.
                        return Ok(drawn);
                    }
                }
                Tok::Other => {}
            }
        }
        Ok(drawn)
    }

    /// The cost of drawing form XObject `id` (images cost nothing here).
    fn form(&mut self, id: ObjectId, outer: Option<&'a Dictionary>, depth: usize) -> Result<Drawn> {
        if let Some(d) = self.forms.get(&id) {
            return Ok(*d);
        }
        if self.open.contains(&id) {
            return Err(refuse(
                self.path,
                format!("form object {} {} draws itself", id.0, id.1),
            ));
        }
        if depth > MAX_DEPTH {
            return Err(refuse(
                self.path,
                format!("its forms are nested more than {MAX_DEPTH} deep"),
            ));
        }
        let doc: &'a Document = self.doc;
        let Ok(s) = doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(Drawn::default());
        };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(Drawn::default());
        }
        let resources = match s.dict.get(b"Resources") {
            Ok(Object::Reference(r)) => doc.get_dictionary(*r).ok(),
            Ok(o) => o.as_dict().ok(),
            Err(_) => outer,
        };
        self.open.push(id);
        let d = self.stream(s, resources, depth)?;
        self.open.pop();
        self.forms.insert(id, d);
        Ok(d)
    }

    /// `s`'s content after all its filters, refused beyond the limits.
    fn decoded(&self, s: &Stream) -> Result<Vec<u8>> {
        let filters = s.filters().unwrap_or_default();
        if filters.is_empty() {
            return Ok(s.content.clone());
        }
        if filters.iter().all(|f| *f == b"FlateDecode") {
            let n = inflated_len(&s.content, MAX_PAGE_CONTENT).unwrap_or(0);
            if n > MAX_PAGE_CONTENT {
                return Err(refuse(
                    self.path,
                    format!(
                        "a page's drawing instructions decompress to more than {} MB",
                        MAX_PAGE_CONTENT >> 20
                    ),
                ));
            }
        } else if s.content.len() > MAX_OTHER_FILTER_INPUT {
            return Err(refuse(
                self.path,
                format!(
                    "a content stream of {} KB uses a filter other than FlateDecode ({})",
                    s.content.len() >> 10,
                    filters
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        // Within the limits: decode as pdf-extract will.
        Ok(s.decompressed_content()
            .unwrap_or_else(|_| s.content.clone()))
    }
}

/// Tokens of a content stream, enough to count operators and see the name
/// before each `Do`: strings, hex strings, comments and arrays' contents
/// are skipped over; a bare word is an operator.
enum Tok<'a> {
    Name(&'a [u8]),
    Operator(&'a [u8]),
    Other,
}

struct Tokens<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Tokens<'a> {
    fn new(s: &'a [u8]) -> Self {
        Tokens { s, i: 0 }
    }
}

fn is_delim(c: u8) -> bool {
    c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c)
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        while self.i < s.len() && s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
        let c = *s.get(self.i)?;
        let start = self.i;
        self.i += 1;
        match c {
            b'(' => {
                // A literal string: balanced parentheses, backslash escapes.
                let mut depth = 1;
                while self.i < s.len() && depth > 0 {
                    match s[self.i] {
                        b'\\' => self.i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    self.i += 1;
                }
                Some(Tok::Other)
            }
            b'<' if s.get(self.i) == Some(&b'<') => {
                self.i += 1;
                Some(Tok::Other)
            }
            b'<' => {
                while self.i < s.len() && s[self.i] != b'>' {
                    self.i += 1;
                }
                self.i += 1;
                Some(Tok::Other)
            }
            b'%' => {
                while self.i < s.len() && s[self.i] != b'\n' && s[self.i] != b'\r' {
                    self.i += 1;
                }
                Some(Tok::Other)
            }
            b'/' => {
                while self.i < s.len() && !is_delim(s[self.i]) {
                    self.i += 1;
                }
                Some(Tok::Name(&s[start + 1..self.i]))
            }
            _ if is_delim(c) => Some(Tok::Other),
            _ => {
                while self.i < s.len() && !is_delim(s[self.i]) {
                    self.i += 1;
                }
                let w = &s[start..self.i];
                let numeric = w
                    .iter()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
                if numeric || w == b"true" || w == b"false" || w == b"null" {
                    Some(Tok::Other)
                } else if w == b"BI" {
                    // Inline image data runs to `EI`: skip it.
                    match find(&s[self.i..], b"EI") {
                        Some(k) => self.i += k + 2,
                        None => self.i = s.len(),
                    }
                    Some(Tok::Operator(w))
                } else {
                    Some(Tok::Operator(w))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_names_are_told_apart() {
        let ops: Vec<String> =
            Tokens::new(b"BT /F1 12 Tf (a (b) \\) Do) Tj ET /Fm0 Do % Do\n<41> Tj")
                .filter_map(|t| match t {
                    Tok::Operator(o) => Some(String::from_utf8_lossy(o).into_owned()),
                    Tok::Name(n) => Some(format!("/{}", String::from_utf8_lossy(n))),
                    Tok::Other => None,
                })
                .collect();
        assert_eq!(ops, ["BT", "/F1", "Tf", "Tj", "ET", "/Fm0", "Do", "Tj"]);
    }

    #[test]
    fn inflated_length_is_capped_and_sees_through_double_compression() {
        use std::io::Write;
        let z = |d: &[u8]| {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(d).unwrap();
            e.finish().unwrap()
        };
        let big = vec![b'x'; 10 << 20];
        assert_eq!(inflated_len(&z(&big), 1 << 30), Some(10 << 20));
        assert_eq!(inflated_len(&z(&big), 1000), Some(1001));
        assert_eq!(inflated_len(&z(&z(&big)), 1 << 30), Some(10 << 20));
        assert_eq!(inflated_len(b"BT ET", 100), None);
    }
}
