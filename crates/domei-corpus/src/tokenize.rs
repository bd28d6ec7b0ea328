//! The search tokenizer: words for alphabetic scripts, overlapping bigrams
//! for CJK, so Japanese is searchable without a dictionary.
//!
//! - A run of letters, digits and combining marks (not CJK) is one word,
//!   width-folded and compatibility-normalised (NFKC: `ＧＤＰ` → `GDP`,
//!   `ﬁ` → `fi`), lower-cased and stemmed (English Snowball) by the filters
//!   the analyzer adds.
//! - A run of CJK characters (Han, Hiragana, Katakana incl. half-width,
//!   Hangul) gives every overlapping 2-gram; a 1-character run gives that
//!   character. A 2-character query is then one term, and a longer one a
//!   phrase of bigrams, which matches exactly where the run occurs.
//! - Everything else separates tokens.
//!
//! Offsets are byte offsets into the original text, as tantivy requires, so
//! snippets highlight the text as stored.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// Name under which the analyzer is registered with the index.
pub const ANALYZER: &str = "domei";

/// The analyzer used for passage text and queries.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

// Characters tokenised as CJK bigrams: the CJK letters (one definition,
// `domei_i18n::script`).
use domei_i18n::is_cjk;

fn is_word_char(c: char) -> bool {
    !is_cjk(c) && (c.is_alphanumeric() || is_mark(c))
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036f | 0x1ab0..=0x1aff | 0x20d0..=0x20ff | 0xfe20..=0xfe2f)
}

/// The tantivy tokenizer of the module docs: words, and overlapping
/// bigrams for CJK runs.
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    token: Token,
}

/// The tokens of one text, as [`CjkBigramTokenizer`] yields them.
pub struct CjkBigramStream<'a> {
    text: &'a str,
    /// Byte offset where scanning resumes.
    pos: usize,
    /// Pending CJK run: (byte offset, char) pairs, and the next bigram index.
    run: Vec<(usize, char)>,
    run_next: usize,
    token: &'a mut Token,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream<'a> {
        self.token.reset();
        CjkBigramStream {
            text,
            pos: 0,
            run: Vec::new(),
            run_next: 0,
            token: &mut self.token,
        }
    }
}

impl CjkBigramStream<'_> {
    fn emit(&mut self, from: usize, to: usize, text: String) {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text = text;
        self.token.position_length = 1;
    }

    fn next_from_run(&mut self) -> bool {
        let n = self.run.len();
        if n == 1 && self.run_next == 0 {
            let (off, c) = self.run[0];
            let text: String = c.to_string().nfkc().collect();
            self.run_next = 1;
            self.emit(off, off + c.len_utf8(), text);
            return true;
        }
        if n >= 2 && self.run_next + 1 < n {
            let (o1, c1) = self.run[self.run_next];
            let (o2, c2) = self.run[self.run_next + 1];
            let text: String = [c1, c2].iter().collect::<String>().nfkc().collect();
            self.run_next += 1;
            self.emit(o1, o2 + c2.len_utf8(), text);
            return true;
        }
        self.run.clear();
        self.run_next = 0;
        false
    }
}

impl TokenStream for CjkBigramStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.run.is_empty() && self.next_from_run() {
            return true;
        }
        let text = self.text;
        while self.pos < text.len() {
            let rest = &text[self.pos..];
            let Some(c) = rest.chars().next() else { break };
            if is_cjk(c) {
                let start = self.pos;
                for (i, ch) in rest.char_indices() {
                    if !is_cjk(ch) {
                        break;
                    }
                    self.run.push((start + i, ch));
                }
                self.pos = self
                    .run
                    .last()
                    .map_or(start + c.len_utf8(), |&(o, ch)| o + ch.len_utf8());
                if self.next_from_run() {
                    return true;
                }
                continue;
            }
            if is_word_char(c) {
                let start = self.pos;
                let end = rest
                    .char_indices()
                    .find(|&(_, ch)| !is_word_char(ch))
                    .map_or(text.len(), |(i, _)| start + i);
                self.pos = end;
                let word = &text[start..end];
                let folded: String = if word.is_ascii() {
                    word.to_string()
                } else {
                    word.nfkc().collect()
                };
                self.emit(start, end, folded);
                return true;
            }
            self.pos += c.len_utf8();
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The analyzed terms of `text` (for query building and tests).
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_stemmed() {
        assert_eq!(
            terms("Host-nation supports, U.S. forces’ stationing"),
            vec!["host", "nation", "support", "u", "s", "forc", "station"]
        );
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(
            terms("日米同盟の強化"),
            vec!["日米", "米同", "同盟", "盟の", "の強", "強化"]
        );
        assert_eq!(terms("米 GDP比3％"), vec!["米", "gdp", "比", "3"]);
        assert_eq!(terms("ＧＤＰ ｶﾀｶﾅ"), vec!["gdp", "カタ", "タカ", "カナ"]);
    }

    #[test]
    fn offsets_point_into_source() {
        let text = "a 防衛費 b";
        let mut a = analyzer();
        let mut s = a.token_stream(text);
        let mut spans = Vec::new();
        while s.advance() {
            let t = s.token();
            spans.push(text[t.offset_from..t.offset_to].to_string());
        }
        assert_eq!(spans, vec!["a", "防衛", "衛費", "b"]);
    }
}
