//! Which characters are East Asian: the one definition the corpus's
//! tokenizer, the framing check, the charts, the briefing's line breaker and
//! the terminal tables share.
//!
//! Two questions, two functions, one range table each:
//!
//! - [`is_cjk`]: a *letter* of the CJK scripts — Han ideographs (the
//!   unified block, extensions A and B onwards, compatibility ideographs),
//!   hiragana, katakana (with the phonetic extensions and the half-width
//!   forms), hangul (syllables and jamo), and the ideographic marks 々 〆 〇
//!   that behave as kanji. Text in these scripts has no spaces between
//!   words: the corpus indexes it as character bigrams, the framing check
//!   matches it by substring. Punctuation is not a letter: `。` and `「` are
//!   not CJK here.
//! - [`is_wide`]: a character drawn two columns wide in a terminal and one
//!   em wide in a proportional layout — Unicode's East Asian Wide and
//!   Fullwidth classes (UAX #11) in the blocks domei meets: hangul jamo, CJK
//!   radicals and punctuation (`、。「」`), kana, CJK compatibility,
//!   ideographs, Yi, hangul syllables, vertical and compatibility forms,
//!   full-width ASCII (`（）％`) and signs, and the supplementary ideographic
//!   planes. Between two wide characters a Japanese line may break.
//!
//! Every CJK letter is wide except the half-width katakana (`ｱ`), which is
//! a letter drawn one column wide.

/// The blocks of CJK letters ([`is_cjk`]), as inclusive code point ranges.
pub const CJK_LETTERS: &[(u32, u32)] = &[
    (0x1100, 0x11FF),   // Hangul Jamo
    (0x3005, 0x3007),   // 々 〆 〇
    (0x3040, 0x309F),   // Hiragana
    (0x30A0, 0x30FF),   // Katakana
    (0x31F0, 0x31FF),   // Katakana phonetic extensions
    (0x3400, 0x4DBF),   // CJK Extension A
    (0x4E00, 0x9FFF),   // CJK Unified Ideographs
    (0xAC00, 0xD7AF),   // Hangul syllables
    (0xF900, 0xFAFF),   // CJK Compatibility Ideographs
    (0xFF66, 0xFF9F),   // Half-width katakana
    (0x20000, 0x2FFFF), // CJK Extensions B onwards (plane 2)
];

/// The blocks of wide characters ([`is_wide`]), as inclusive ranges.
pub const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F),   // Hangul Jamo (leading consonants)
    (0x2E80, 0x303E),   // CJK radicals, ideographic description, CJK symbols and punctuation
    (0x3041, 0x33FF), // Hiragana, katakana, bopomofo, hangul compatibility jamo, CJK compatibility
    (0x3400, 0x4DBF), // CJK Extension A
    (0x4E00, 0x9FFF), // CJK Unified Ideographs
    (0xA000, 0xA4CF), // Yi
    (0xAC00, 0xD7A3), // Hangul syllables
    (0xF900, 0xFAFF), // CJK Compatibility Ideographs
    (0xFE30, 0xFE4F), // CJK compatibility forms
    (0xFF00, 0xFF60), // Full-width ASCII
    (0xFFE0, 0xFFE6), // Full-width signs
    (0x20000, 0x3FFFD), // Supplementary and tertiary ideographic planes
];

fn within(table: &[(u32, u32)], c: char) -> bool {
    let u = c as u32;
    table.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// True for a letter of the CJK scripts (see the module's documentation):
/// text written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    within(CJK_LETTERS, c)
}

/// True for a character two terminal columns (one em) wide (see the
/// module's documentation).
pub fn is_wide(c: char) -> bool {
    within(WIDE, c)
}

/// The columns `s` takes in a terminal: two for each [`is_wide`]
/// character, one for the rest; aligns tables that mix Japanese and Latin
/// text.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// `s` followed by spaces up to `width` terminal columns ([`display_width`]):
/// a left-aligned cell of a fixed-width table.
pub fn pad_end(s: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(s));
    format!("{s}{}", " ".repeat(pad))
}

/// Spaces and then `s`, `width` terminal columns in all: a right-aligned cell.
pub fn pad_start(s: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(s));
    format!("{}{s}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_letters() {
        for c in "日本語かなカタカナｱｶﾞ々〆〇한국어𠮷ㇰ".chars() {
            assert!(is_cjk(c), "{c} U+{:04X}", c as u32);
        }
        for c in "abcÉé1２、。「」（）・ー　 ".chars() {
            // `ー` and `・` are in the katakana block: letters.
            assert_eq!(is_cjk(c), "ー・".contains(c), "{c} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn padding_counts_terminal_columns() {
        assert_eq!(pad_end("争点", 6), "争点  ");
        assert_eq!(pad_start("争点", 6), "  争点");
        assert_eq!(pad_end("abc", 2), "abc");
        assert_eq!(display_width(&pad_start("確率", 8)), 8);
    }

    #[test]
    fn wide_characters() {
        for c in "日本かなカナ、。「」（）％１　한𠮷ー・".chars() {
            assert!(is_wide(c), "{c} U+{:04X}", c as u32);
        }
        for c in "aZ9 .,%()éÅ—–…ｱﾞ".chars() {
            assert!(!is_wide(c), "{c} U+{:04X}", c as u32);
        }
    }

    /// Every CJK letter is wide but the half-width katakana, the trailing
    /// hangul jamo (vowels and final consonants combine into one wide
    /// syllable; alone they are narrow) and two unassigned code points
    /// (U+3040, U+D7A4–U+D7AF) the letter blocks include.
    #[test]
    fn letters_are_wide_but_half_width_forms() {
        for &(lo, hi) in CJK_LETTERS {
            for u in lo..=hi.min(lo + 0x3000) {
                let Some(c) = char::from_u32(u) else { continue };
                let narrow = (0xFF66..=0xFF9F).contains(&u)
                    || (0x1160..=0x11FF).contains(&u)
                    || u == 0x3040
                    || (0xD7A4..=0xD7AF).contains(&u);
                assert_eq!(is_wide(c), !narrow, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn ranges_are_ordered_and_disjoint() {
        for table in [CJK_LETTERS, WIDE] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:X?}");
            }
        }
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("争点"), 4);
        assert_eq!(display_width("ｱｲ"), 2);
    }
}
