//! Normalising and tokenising text for matching, with a way back to the
//! original bytes.
//!
//! - **Normalisation.** The text is split into clusters (a character and the
//!   combining marks after it, including the half-width voiced marks ﾞ ﾟ);
//!   each cluster is NFKC-normalised (full-width Latin `ＧＤＰ` → `GDP`,
//!   half-width katakana `ｶﾞ` → `ガ`) and lower-cased. Katakana and hiragana
//!   stay as written. Every normalised character remembers the byte range of
//!   the cluster it came from.
//! - **Words.** A word is a run of letters and digits outside the CJK
//!   scripts, with apostrophes inside it (`Japan's`, `Japan’s`); each is
//!   stemmed with the Snowball English stemmer. Two words are *adjacent* when
//!   only spaces, tabs, line breaks or hyphens separate them: a phrase
//!   matches across `climate-change` or a line break, not across a comma.
//! - **CJK.** Han, hiragana and katakana are not split into words; Japanese
//!   terms are found by substring search on the normalised characters.

use std::ops::Range;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

// Characters of the CJK scripts, matched by substring: one definition,
// `domei_i18n::script`.
use domei_i18n::is_cjk;

/// Characters left out when matching Japanese terms: spaces, line breaks
/// and the middle dot `・` (`グローバル・ガバナンス` = `グローバルガバナンス`).
pub fn skipped_in_japanese(c: char) -> bool {
    c.is_whitespace() || c == '・'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Normalised text: characters and, for each, the original byte range.
#[derive(Debug, Clone, Default)]
pub struct Normalised {
    /// The normalised characters.
    pub chars: Vec<char>,
    /// For each character, its byte range in the original text.
    pub origin: Vec<Range<usize>>,
}

/// NFKC + lower case, cluster by cluster (see the module docs).
pub fn normalise(text: &str) -> Normalised {
    let mut out = Normalised::default();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(i, m)) = it.peek() {
            if is_combining_mark(m) || m == '\u{ff9e}' || m == '\u{ff9f}' {
                end = i + m.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        for n in text[start..end].nfkc() {
            let n = if n == '\u{2019}' { '\'' } else { n };
            for l in n.to_lowercase() {
                out.chars.push(l);
                out.origin.push(start..end);
            }
        }
    }
    out
}

/// What separates a word from the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// Only spaces, a line break or hyphens.
    Tight,
    /// Other punctuation inside a sentence (commas, slashes, brackets...).
    Loose,
    /// A sentence end (`.` `!` `?` `。` ...), a blank line, or no word before.
    Break,
}

/// One word of the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Range in the normalised characters.
    pub range: Range<usize>,
    /// The word's Snowball stem.
    pub stem: String,
    /// What separates it from the word before.
    pub gap: Gap,
}

/// The English stemmer domei uses everywhere in the framing check.
pub fn stemmer() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::English)
}

/// The words of `n`, stemmed.
pub fn words(n: &Normalised) -> Vec<Word> {
    let st = stemmer();
    let cs = &n.chars;
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    let mut gap = Gap::Break;
    let mut newlines = 0;
    while i < cs.len() {
        let c = cs[i];
        if is_word_char(c) {
            let start = i;
            while i < cs.len()
                && (is_word_char(cs[i])
                    || (cs[i] == '\'' && i + 1 < cs.len() && is_word_char(cs[i + 1])))
            {
                i += 1;
            }
            let word: String = cs[start..i].iter().collect();
            out.push(Word {
                range: start..i,
                stem: st.stem(&word).into_owned(),
                gap,
            });
            gap = Gap::Tight;
            newlines = 0;
            continue;
        }
        if c == '\n' {
            newlines += 1;
        }
        let this = if newlines >= 2
            || matches!(c, '.' | '!' | '?' | ';' | ':' | '。' | '！' | '？')
            || is_cjk(c)
        {
            Gap::Break
        } else if c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}') {
            Gap::Tight
        } else {
            Gap::Loose
        };
        gap = gap.max(this);
        i += 1;
    }
    out
}

/// A lexicon phrase as stems, each with the loosest gap it accepts before it
/// (the first word's is ignored): `Tight` where the phrase has only spaces or
/// hyphens, `Loose` where it has other punctuation ("diversity, equity").
pub fn phrase(text: &str) -> Option<Vec<(String, Gap)>> {
    let ws = words(&normalise(text));
    (!ws.is_empty()).then(|| {
        ws.into_iter()
            .map(|w| {
                (
                    w.stem,
                    if w.gap == Gap::Break {
                        Gap::Loose
                    } else {
                        w.gap
                    },
                )
            })
            .collect()
    })
}

/// Stems of a lexicon phrase, or `None` when it has no words.
pub fn phrase_stems(text: &str) -> Option<Vec<String>> {
    phrase(text).map(|p| p.into_iter().map(|(s, _)| s).collect())
}

/// How many words the text counts for the score: English words plus half
/// the CJK characters (rounded up), a rough Japanese word count.
pub fn word_count(n: &Normalised) -> usize {
    let cjk = n.chars.iter().filter(|&&c| is_cjk(c)).count();
    words(n).len() + cjk.div_ceil(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_and_case_and_keeps_origins() {
        let n = normalise("ＧＤＰ ｶﾞ");
        let s: String = n.chars.iter().collect();
        assert_eq!(s, "gdp ガ");
        assert_eq!(n.origin[4], 10..16); // ｶﾞ: two 3-byte characters, one cluster
    }

    #[test]
    fn words_are_stemmed_and_joined_only_across_spaces_and_hyphens() {
        let ws = words(&normalise(
            "Climate-changes, Sustainable\nDevelopments and Japan’s. Next\n\nline",
        ));
        let stems: Vec<&str> = ws.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(
            stems,
            ["climat", "chang", "sustain", "develop", "and", "japan", "next", "line"]
        );
        let gaps: Vec<Gap> = ws.iter().map(|w| w.gap).collect();
        use Gap::*;
        assert_eq!(
            gaps,
            [Break, Tight, Loose, Tight, Tight, Tight, Break, Break]
        );
        assert_eq!(
            phrase("diversity, equity"),
            Some(vec![("divers".into(), Loose), ("equiti".into(), Loose)])
        );
        assert_eq!(
            phrase_stems("climate change"),
            Some(vec!["climat".into(), "chang".into()])
        );
        assert_eq!(phrase_stems("気候変動"), None);
    }

    #[test]
    fn counts_japanese_by_characters() {
        assert_eq!(word_count(&normalise("気候変動対策 is key")), 3 + 2); // 6 CJK characters count as 3 words
    }
}
