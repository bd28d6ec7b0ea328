//! Splitting a document's normalised text into passages.
//!
//! Every paragraph is a passage `pN`. A paragraph longer than
//! [`LONG_PARAGRAPH`] characters is also split into sentence-bounded chunks
//! `pN.1`, `pN.2`, ... of roughly equal length (about [`CHUNK_TARGET`]
//! characters each); the search index holds the chunks of long paragraphs and
//! the whole of short ones, so a hit never points at a wall of text.

use crate::locator::Locator;
use crate::normalize::CharCursor;
use serde::Serialize;

/// Paragraphs longer than this (in characters) are also split into chunks.
pub const LONG_PARAGRAPH: usize = 1200;
/// Target chunk length in characters.
pub const CHUNK_TARGET: usize = 800;

/// One passage of one version of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// Where the passage is in its document version (`pN` or `pN.M`).
    pub locator: Locator,
    /// Character offset of the first character in the normalised document
    /// text (inclusive).
    pub start: usize,
    /// Character offset one past the last character (exclusive).
    pub end: usize,
    /// The passage's normalised text.
    pub text: String,
    /// True for the units the search index holds (short paragraphs, and the
    /// chunks of long ones).
    pub searchable: bool,
}

/// Builds the passages of a document from its normalised text and its
/// paragraph spans (character offsets, in order).
pub fn split_passages(text: &str, paragraphs: &[(usize, usize)]) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut cursor = CharCursor::new(text);
    for (i, &(start, end)) in paragraphs.iter().enumerate() {
        let para = (i + 1) as u32;
        let ptext = cursor.slice(start, end).to_string();
        let len = end.saturating_sub(start);
        let chunks = if len > LONG_PARAGRAPH {
            chunk_bounds(&ptext)
        } else {
            Vec::new()
        };
        out.push(Passage {
            locator: Locator::para(para),
            start,
            end,
            text: ptext.clone(),
            searchable: chunks.len() < 2,
        });
        if chunks.len() >= 2 {
            let mut within = CharCursor::new(&ptext);
            for (j, (cs, ce)) in chunks.into_iter().enumerate() {
                let t = within.slice(cs, ce).trim_end();
                out.push(Passage {
                    locator: Locator::chunk(para, (j + 1) as u32),
                    start: start + cs,
                    end: start + cs + t.chars().count(),
                    text: t.to_string(),
                    searchable: true,
                });
            }
        }
    }
    out
}

/// Sentence spans of `text` as character offsets `(start, end)`; together
/// they cover the text. A sentence ends after `.`, `!`, `?` (followed by
/// closing quotes or brackets, then whitespace and a character that is not a
/// lower-case letter or digit, and not after a known abbreviation or single
/// letter such as the `S` of `U.S.`), or after `。`, `！`, `？`.
pub fn sentence_bounds(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let mut end_at = None;
        if matches!(c, '。' | '！' | '？') {
            let mut j = i + 1;
            while j < n && is_closer(chars[j]) {
                j += 1;
            }
            end_at = Some(j);
        } else if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < n && is_closer(chars[j]) {
                j += 1;
            }
            if j < n && chars[j].is_whitespace() {
                let mut k = j;
                while k < n && chars[k].is_whitespace() {
                    k += 1;
                }
                let next_ok = k >= n || !(chars[k].is_lowercase() || chars[k].is_ascii_digit());
                if next_ok && !(c == '.' && is_abbreviation(&chars[start..i])) {
                    end_at = Some(k);
                }
            }
        }
        if let Some(e) = end_at {
            if e > start {
                out.push((start, e));
                start = e;
            }
            i = e;
        } else {
            i += 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
    out
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '」' | '』' | '）')
}

/// True when the word right before a period is an abbreviation.
fn is_abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace() && **c != '(')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let last = word.rsplit('.').next().unwrap_or("");
    if last.chars().count() == 1 && last.chars().all(|c| c.is_alphabetic()) {
        return true; // "U.S.", "J. Smith"
    }
    const ABBR: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "fig", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "sen",
        "rep", "gov", "lt", "col", "inc", "ltd", "co", "corp", "jr", "sr", "approx", "cf", "al",
        "vol",
    ];
    let lw = word.to_lowercase();
    ABBR.contains(&lw.as_str())
}

/// Chunk spans (character offsets into the paragraph) made of whole
/// sentences, each close to `len / ceil(len / CHUNK_TARGET)` characters.
/// Sentences longer than [`LONG_PARAGRAPH`] are cut at whitespace.
pub fn chunk_bounds(text: &str) -> Vec<(usize, usize)> {
    let len = text.chars().count();
    let pieces = split_long_sentences(text, sentence_bounds(text));
    let n_chunks = len.div_ceil(CHUNK_TARGET).max(1);
    let target = len / n_chunks;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (s, e) in pieces {
        cur = Some(match cur {
            None => (s, e),
            Some((cs, _)) => (cs, e),
        });
        if let Some((cs, ce)) = cur {
            if ce - cs >= target {
                out.push((cs, ce));
                cur = None;
            }
        }
    }
    if let Some((cs, ce)) = cur {
        // A short tail joins the previous chunk.
        match out.last_mut() {
            Some(last) if ce - cs < target / 3 => last.1 = ce,
            _ => out.push((cs, ce)),
        }
    }
    out
}

fn split_long_sentences(text: &str, bounds: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (s, e) in bounds {
        let mut s = s;
        while e - s > LONG_PARAGRAPH {
            let limit = s + CHUNK_TARGET;
            let cut = (s + CHUNK_TARGET / 2..limit)
                .rev()
                .find(|&k| chars[k].is_whitespace())
                .map(|k| k + 1)
                .unwrap_or(limit);
            out.push((s, cut));
            s = cut;
        }
        out.push((s, e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::char_slice;

    #[test]
    fn sentences_respect_abbreviations() {
        let t = "The U.S. and Japan met. They agreed! Then e.g. more? Yes. 日本。米国";
        let s: Vec<&str> = sentence_bounds(t)
            .iter()
            .map(|&(a, b)| char_slice(t, a, b))
            .collect();
        assert_eq!(
            s,
            vec![
                "The U.S. and Japan met. ",
                "They agreed! ",
                "Then e.g. more? ",
                "Yes. ",
                "日本。",
                "米国"
            ]
        );
    }

    #[test]
    fn long_paragraphs_get_chunks() {
        let sentence = "This sentence is about the alliance and its costs today. ";
        let para = sentence.repeat(30); // ~1710 chars
        let text = format!("Short one.\n{}", para.trim_end());
        let p2 = (11, text.chars().count());
        let ps = split_passages(&text, &[(0, 10), p2]);
        assert_eq!(ps[0].locator, Locator::para(1));
        assert!(ps[0].searchable);
        assert_eq!(ps[1].locator, Locator::para(2));
        assert!(!ps[1].searchable);
        let chunks: Vec<&Passage> = ps.iter().filter(|p| p.locator.chunk.is_some()).collect();
        assert!(chunks.len() >= 2);
        assert_eq!(chunks[0].start, 11);
        assert_eq!(chunks.last().map(|c| c.end), Some(p2.1));
        for c in &chunks {
            assert!(c.text.ends_with('.'), "{}", c.text);
            assert!(c.text.chars().count() <= LONG_PARAGRAPH);
        }
    }

    #[test]
    fn giant_sentence_is_cut_at_whitespace() {
        let para = "word ".repeat(700);
        let b = chunk_bounds(para.trim_end());
        assert!(b.len() >= 3);
        assert!(b.iter().all(|(s, e)| e - s <= LONG_PARAGRAPH));
    }
}
