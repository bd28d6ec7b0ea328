//! HTML: text of block elements, one paragraph each; `script`, `style`,
//! `noscript`, `template` and `svg` dropped; metadata from `<title>`,
//! `<meta>` (author, description, citation_*, dc.*, og:*) and `<html lang>`.
//!
//! Uses html5ever's spec-compliant tokenizer (entities, malformed markup,
//! raw-text elements) without building a tree: text extraction needs only
//! the tag sequence.

use super::{assemble, guard, meta, Extracted, Format, Metadata};
use crate::error::{CorpusError, Result};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;
use std::path::Path;

/// Reads an HTML file's text and metadata; `path` names it in errors.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let html = decode_html(path, bytes)?;
    guard::catch(path, "HTML", || Ok(extract_str(&html)))
}

/// Extracts paragraphs and metadata from decoded HTML.
pub fn extract_str(html: &str) -> Extracted {
    let sink = Sink::default();
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while let TokenizerResult::Script(_) = tok.feed(&input) {}
    tok.end();
    let mut st = tok.sink.state.into_inner();
    st.flush();
    let (text, paragraphs) = assemble(st.blocks);
    let mut m = st.meta;
    if m.title.is_none() {
        m.title = Some(st.title.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty());
    }
    if m.language.is_none() {
        m.language = meta::guess_language(&text);
    }
    Extracted {
        format: Format::Html,
        text,
        paragraphs,
        meta: m,
    }
}

/// Decodes HTML bytes: BOM, else UTF-8, else the `charset` declared in the
/// first 4 KiB, else windows-1252 (the HTML standard's default).
pub fn decode_html(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let label = head.find("charset=").map(|i| {
        head[i + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect::<String>()
    });
    let enc = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let (cow, _, had_errors) = enc.decode(bytes);
    if had_errors && enc == encoding_rs::UTF_8 {
        return Err(CorpusError::input(
            path,
            "HTML declares UTF-8 but is not valid UTF-8",
        ));
    }
    Ok(cow.into_owned())
}

const BLOCK: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "td",
    "th",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
    "title",
    "option",
    "center",
];
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head-ignored",
    "iframe",
    "object",
];

#[derive(Default)]
struct Sink {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    blocks: Vec<(String, bool)>,
    cur: String,
    skip: Vec<String>,
    pre: usize,
    in_title: bool,
    title: String,
    meta: Metadata,
    brs: usize,
}

impl State {
    fn flush(&mut self) {
        if !self.cur.trim().is_empty() {
            let keep = self.pre > 0;
            self.blocks.push((std::mem::take(&mut self.cur), keep));
        }
        self.cur.clear();
        self.brs = 0;
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if !self.skip.is_empty() {
            if !start && self.skip.last().map(String::as_str) == Some(name) {
                self.skip.pop();
            }
            return TokenSinkResult::Continue;
        }
        if SKIP.contains(&name) {
            if start && !tag.self_closing {
                self.skip.push(name.to_string());
                return match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" | "iframe" => TokenSinkResult::RawData(RawKind::Rawtext),
                    _ => TokenSinkResult::Continue,
                };
            }
            return TokenSinkResult::Continue;
        }
        match name {
            "title" => {
                self.in_title = start;
                return if start {
                    TokenSinkResult::RawData(RawKind::Rcdata)
                } else {
                    TokenSinkResult::Continue
                };
            }
            "textarea" if start => return TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" if start => return TokenSinkResult::Plaintext,
            "meta" => self.meta_tag(tag),
            "link"
                if attr(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    && self.meta.url.is_none() =>
            {
                self.meta.url = attr(tag, "href");
            }
            "html" if start => {
                if let Some(l) = attr(tag, "lang").filter(|l| !l.is_empty()) {
                    self.meta.language = Some(l);
                }
            }
            "br" => {
                self.brs += 1;
                if self.brs >= 2 {
                    self.flush();
                } else {
                    self.cur.push('\n');
                }
                return TokenSinkResult::Continue;
            }
            _ => {}
        }
        if BLOCK.contains(&name) {
            self.flush();
            if name == "pre" {
                if start {
                    self.pre += 1;
                } else {
                    self.pre = self.pre.saturating_sub(1);
                }
            }
        } else if matches!(name, "td" | "th") {
            self.cur.push(' ');
        }
        TokenSinkResult::Continue
    }

    fn meta_tag(&mut self, tag: &Tag) {
        let key = attr(tag, "name")
            .or_else(|| attr(tag, "property"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = attr(tag, "content")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
        else {
            return;
        };
        let m = &mut self.meta;
        match key.as_str() {
            "citation_title" | "dc.title" | "og:title" => m.title = Some(content),
            "author" | "citation_author" | "dc.creator" => {
                for a in meta::split_authors(&content) {
                    if !m.authors.contains(&a) {
                        m.authors.push(a);
                    }
                }
            }
            "citation_publisher" | "dc.publisher" | "og:site_name" | "publisher"
                if m.publisher.is_none() =>
            {
                m.publisher = Some(content)
            }
            "citation_date"
            | "citation_publication_date"
            | "dc.date"
            | "article:published_time"
            | "date"
                if m.date.is_none() =>
            {
                m.date = Some(content)
            }
            "og:url" | "citation_public_url" | "dc.identifier" if m.url.is_none() => {
                m.url = Some(content)
            }
            "dc.language" | "citation_language" => m.language = Some(content),
            _ => {}
        }
    }
}

fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Ok(mut st) = self.state.try_borrow_mut() else {
            return TokenSinkResult::Continue;
        };
        match token {
            Token::TagToken(tag) => st.tag(&tag),
            Token::CharacterTokens(t) => {
                if st.in_title {
                    st.title.push_str(&t);
                } else if st.skip.is_empty() {
                    if !t.trim().is_empty() {
                        st.brs = 0;
                    }
                    st.cur.push_str(&t);
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::char_slice;

    fn paras(html: &str) -> (Vec<String>, Metadata) {
        let e = extract_str(html);
        (
            e.paragraphs
                .iter()
                .map(|&(s, t)| char_slice(&e.text, s, t).to_string())
                .collect(),
            e.meta,
        )
    }

    #[test]
    fn blocks_are_paragraphs_and_scripts_dropped() {
        let (p, m) = paras(
            "<!doctype html><html lang=en><head><title> The  Title </title><meta name=author content=\"A. Person\">\
             <style>p { color: red }</style><script>if (a<b) { document.write('<p>x</p>') }</script></head>\
             <body><h1>Heading &amp; more</h1><div>Loose div text<p>First <b>para</b>\n graph.</p></div>\
             <ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>\
             <pre>line 1\n\nline 2</pre>text<br><br>after breaks</body></html>",
        );
        assert_eq!(
            p,
            vec![
                "Heading & more",
                "Loose div text",
                "First para graph.",
                "one",
                "two",
                "a",
                "b",
                "line 1\nline 2",
                "text",
                "after breaks"
            ]
        );
        assert_eq!(m.title.as_deref(), Some("The Title"));
        assert_eq!(m.authors, vec!["A. Person"]);
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn malformed_markup_does_not_panic() {
        for s in [
            "<",
            "<p",
            "<<>>",
            "</p></div>",
            "<script>",
            "<title>",
            "&#xffffffff;",
            "<p \u{0}>",
            "<!--",
            "<svg><p>x",
        ] {
            let _ = extract_str(s);
        }
        let (p, _) = paras("<p>caf&eacute; &#26085;&#26412; &bogus; 5 &lt; 6");
        assert_eq!(p, vec!["café 日本 &bogus; 5 < 6"]);
    }

    #[test]
    fn decodes_declared_charset() {
        let bytes = b"<meta charset=\"shift_jis\"><p>\x93\xfa\x96\x7b</p>";
        let s = decode_html(Path::new("x.html"), bytes).ok();
        assert!(s.is_some_and(|s| s.contains("日本")));
    }
}
