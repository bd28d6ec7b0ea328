//! Text normalisation: how stored text is made canonical, and how quotes are
//! compared with passages.
//!
//! Stored text is Unicode **NFC**, not NFKC: NFKC would rewrite full-width
//! characters (`％`, `ＧＤＰ`, half-width katakana) and ligatures in the
//! author's text, and a verbatim quote from a Japanese document must be
//! checkable against what the document actually says. Width differences are
//! folded only where they do not change the record: in the search tokenizer
//! (see [`crate::tokenize`]) and in the quote key below.

use unicode_normalization::UnicodeNormalization;

/// Canonical form of a document's text: NFC; CRLF and lone CR become LF; a
/// leading byte-order mark is dropped; control characters other than tab and
/// newline are removed; trailing spaces and tabs are trimmed from every line;
/// trailing blank lines are dropped.
pub fn normalize_text(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut unixed = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                unixed.push('\n');
            }
            // Unicode line and paragraph separators, form feed: line breaks.
            '\u{2028}' | '\u{2029}' | '\u{000c}' | '\u{0085}' => unixed.push('\n'),
            '\n' | '\t' => unixed.push(c),
            c if c.is_control() => {}
            // Zero-width characters and soft hyphens carry no text.
            '\u{200b}' | '\u{feff}' | '\u{00ad}' => {}
            c => unixed.push(c),
        }
    }
    let nfc: String = unixed.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for line in nfc.split('\n') {
        out.push_str(line.trim_end_matches([' ', '\t', '\u{3000}', '\u{a0}']));
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out
}

/// Collapses every run of whitespace into one space and trims both ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Maps one character for quote comparison: quote marks to `'` or `"`, dashes
/// and minus signs to `-`, full-width ASCII to ASCII, every kind of space to
/// a plain space. Everything else is unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2035}'
        | '\u{ff07}' | '`' | '\u{00b4}' | '\u{2039}' | '\u{203a}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{2036}'
        | '\u{ff02}' | '\u{00ab}' | '\u{00bb}' | '\u{301d}' | '\u{301e}' | '\u{301f}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' | '\u{2e3a}' | '\u{2e3b}' => '-',
        c if c.is_whitespace() => ' ',
        // Full-width ASCII variants (U+FF01..U+FF5E) to ASCII.
        c @ '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    }
}

/// The key under which quotes and passages are compared: NFC, [`fold_char`]
/// on every character, whitespace runs collapsed to one space, ends trimmed.
pub fn quote_key(s: &str) -> String {
    let folded: String = s.nfc().map(fold_char).collect();
    collapse_whitespace(&folded)
}

/// [`quote_key`] together with, for each character of the key, the index
/// (in characters) of the source character it came from. Used to turn a match
/// found in the key back into a span of the original text.
pub fn quote_key_with_map(s: &str) -> (Vec<char>, Vec<usize>) {
    let mut key = Vec::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in s.chars().enumerate() {
        let f = fold_char(c);
        if f == ' ' {
            if !key.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(sp) = pending_space.take() {
            key.push(' ');
            map.push(sp);
        }
        key.push(f);
        map.push(i);
    }
    (key, map)
}

/// Does `quote` occur in `passage`, after both are put through [`quote_key`]?
/// An empty quote never matches.
pub fn quote_matches(passage: &str, quote: &str) -> bool {
    let q = quote_key(quote);
    !q.is_empty() && quote_key(passage).contains(&q)
}

/// Number of characters (Unicode scalar values) in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The substring of `s` between character offsets `start` and `end`.
pub fn char_slice(s: &str, start: usize, end: usize) -> &str {
    let mut idx = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let b0 = idx.nth(start).unwrap_or(s.len());
    let b1 = if end > start {
        idx.nth(end - start - 1).unwrap_or(s.len())
    } else {
        b0
    };
    &s[b0..b1.max(b0)]
}

/// Character offsets → byte offsets of one string, for offsets asked for
/// in increasing order (paragraph after paragraph): each call continues
/// from the last, so slicing a whole document costs one pass over it
/// (calling [`char_slice`] per paragraph rescans from the start each time,
/// which is quadratic in the document's length). An offset before the last
/// one restarts from the beginning.
pub struct CharCursor<'a> {
    s: &'a str,
    chars: usize,
    bytes: usize,
}

impl<'a> CharCursor<'a> {
    /// A cursor at the start of `s`.
    pub fn new(s: &'a str) -> Self {
        CharCursor {
            s,
            chars: 0,
            bytes: 0,
        }
    }

    /// The byte offset of character offset `c` (the end of `s` past it).
    pub fn byte(&mut self, c: usize) -> usize {
        if c < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let rest = &self.s[self.bytes..];
        let mut it = rest.char_indices();
        while self.chars < c {
            match it.next() {
                Some(_) => {
                    self.chars += 1;
                    self.bytes = self.s.len() - it.as_str().len();
                }
                None => {
                    self.bytes = self.s.len();
                    break;
                }
            }
        }
        self.bytes
    }

    /// The substring between character offsets `start` and `end`, as
    /// [`char_slice`].
    pub fn slice(&mut self, start: usize, end: usize) -> &'a str {
        let b0 = self.byte(start);
        let b1 = if end > start { self.byte(end) } else { b0 };
        &self.s[b0..b1.max(b0)]
    }
}

/// Byte offset → character offset in `s`.
pub fn byte_to_char(s: &str, byte: usize) -> usize {
    let byte = byte.min(s.len());
    s.char_indices().take_while(|(i, _)| *i < byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_slices_as_char_slice_does() {
        let s = "日本 abc 語\nx";
        let n = s.chars().count();
        let mut c = CharCursor::new(s);
        for (a, b) in [(0, 2), (1, 5), (3, 3), (4, n), (n, n + 3), (0, 1), (2, 100)] {
            assert_eq!(c.slice(a, b), char_slice(s, a, b), "{a}..{b}");
        }
    }

    #[test]
    fn normalises_line_endings_and_trailing_space() {
        assert_eq!(normalize_text("\u{feff}a  \r\nb\rc\t\n\n\n"), "a\nb\nc");
        assert_eq!(normalize_text("x\u{0}y"), "xy");
    }

    #[test]
    fn nfc_keeps_full_width_characters() {
        // e + combining acute composes; full-width percent stays.
        assert_eq!(normalize_text("e\u{301} ３％"), "\u{e9} ３％");
    }

    #[test]
    fn quote_key_folds_quotes_dashes_and_space() {
        assert_eq!(
            quote_key("  “certainty”\u{a0}of  a — counter–attack’s "),
            "\"certainty\" of a - counter-attack's"
        );
        assert!(quote_matches(
            "Trump’s “deal” — now",
            "Trump's \"deal\" - now"
        ));
        assert!(!quote_matches("abc", ""));
        assert!(!quote_matches("abc", "abd"));
    }

    #[test]
    fn key_map_points_back_to_source() {
        let (key, map) = quote_key_with_map("  a  “b”");
        let k: String = key.iter().collect();
        assert_eq!(k, "a \"b\"");
        assert_eq!(map, vec![2, 3, 5, 6, 7]);
    }

    #[test]
    fn char_slicing() {
        let s = "日本abc";
        assert_eq!(char_slice(s, 1, 3), "本a");
        assert_eq!(char_slice(s, 4, 99), "c");
        assert_eq!(char_slice(s, 9, 12), "");
        assert_eq!(byte_to_char(s, 6), 2);
    }
}
