//! Text measurement with the bundled font and line breaking: words break at
//! spaces, CJK text between any two characters (except before closing
//! punctuation), and a word wider than the line between characters.

use std::collections::HashMap;
use ttf_parser::Face;

/// Widths of characters in the bundled font.
pub struct Metrics<'a> {
    face: Face<'a>,
    upem: f32,
    cache: std::cell::RefCell<HashMap<char, Option<(u16, f32)>>>,
}

impl<'a> Metrics<'a> {
    /// Metrics of the font in `data` (a TrueType/OpenType file); `None` when it
    /// cannot be parsed.
    pub fn new(data: &'a [u8]) -> Option<Metrics<'a>> {
        let face = Face::parse(data, 0).ok()?;
        let upem = face.units_per_em() as f32;
        Some(Metrics {
            face,
            upem,
            cache: Default::default(),
        })
    }

    /// Glyph id and advance (at size 1) of `c`, or `None` when the font has
    /// no glyph for it.
    fn glyph(&self, c: char) -> Option<(u16, f32)> {
        if let Some(a) = self.cache.borrow().get(&c) {
            return *a;
        }
        let g = self
            .face
            .glyph_index(c)
            .and_then(|g| Some((g.0, self.face.glyph_hor_advance(g)? as f32 / self.upem)));
        self.cache.borrow_mut().insert(c, g);
        g
    }

    fn advance(&self, c: char) -> Option<f32> {
        self.glyph(c).map(|g| g.1)
    }

    /// The glyphs of `s`, one per character, with their advances: a simple
    /// left-to-right shaping (no kerning or ligatures), which is what the
    /// line breaking measured. Characters without a glyph are drawn as the
    /// font's missing glyph; callers [`fold`](Self::fold) text first.
    pub fn glyphs(&self, s: &str) -> Vec<krilla::text::KrillaGlyph> {
        s.char_indices()
            .map(|(i, c)| {
                let (g, adv) = self.glyph(c).unwrap_or((0, 0.5));
                krilla::text::KrillaGlyph::new(
                    krilla::text::GlyphId::new(g as u32),
                    adv,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// Whether the font can print `c` (control characters count as printable).
    pub fn has_glyph(&self, c: char) -> bool {
        c.is_control() || self.advance(c).is_some()
    }

    /// Width of `s` as drawn, that is after [`fold`](Self::fold).
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars()
            .map(|c| match self.advance(c) {
                _ if c.is_control() && c != '\n' && c != '\t' => 0.0,
                Some(a) if !folded_anyway(c) && c != '\n' && c != '\t' => a,
                _ => fallback(c)
                    .chars()
                    .map(|f| self.advance(f).unwrap_or(0.5))
                    .sum(),
            })
            .sum::<f32>()
            * size
    }

    /// `s` with characters the font lacks replaced by look-alikes (or `?`),
    /// so nothing is drawn as an empty box.
    pub fn fold(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c == '\n' || c == '\t' {
                out.push(' ');
            } else if c.is_control() {
            } else if folded_anyway(c) {
                out.push_str(fallback(c));
            } else if self.has_glyph(c) {
                out.push(c);
            } else {
                out.push_str(fallback(c));
            }
        }
        out
    }
}

/// `s` cut with an ellipsis to fit `max` points at `size`.
pub fn truncate_to(m: &Metrics, s: &str, size: f32, max: f32) -> String {
    if m.width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = m.width("…", size);
    for c in s.chars() {
        let cw = m.width(&c.to_string(), size);
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Characters replaced even though the font has them: its curly quotes are
/// full-width (Japanese style); straight ones sit better in Latin text.
fn folded_anyway(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’')
}

/// An ASCII stand-in for a character the font lacks.
pub fn fallback(c: char) -> &'static str {
    match c {
        '≥' => ">=",
        '≤' => "<=",
        '≠' => "!=",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '“' | '”' | '„' => "\"",
        '‘' | '’' | '‚' => "'",
        '…' => "...",
        '→' => "->",
        '←' => "<-",
        '\u{a0}' | '\u{2009}' | '\u{202f}' | '\n' | '\t' => " ",
        _ => "?",
    }
}

// Characters drawn one em wide, between which a line may break: one
// definition, `domei_i18n::script`.
use domei_i18n::is_wide;

/// Characters that must not start a line (Japanese kinsoku, JIS X 4051's
/// line-start prohibitions: closing brackets, commas and full stops,
/// middle dots, iteration marks, the prolonged sound mark and small kana;
/// and Latin closing punctuation).
fn no_break_before(c: char) -> bool {
    "、。，．・：；？！ー）」』】〕〉》］｝〙〗｠’”'\")]}.,;:!?%％‐゠–〜～ヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
        .contains(c)
}

/// Characters that must not end a line (Japanese opening brackets): the
/// atom after one does not break before it.
fn no_break_after(c: char) -> bool {
    "（「『【〔〈《［｛〘〖｟".contains(c)
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Its style: `layout::CITE`, `layout::GREY` or anything else for body text.
    pub style: u8,
}

/// One atom of line breaking: a word, a space or a CJK character.
#[derive(Debug, Clone)]
struct Atom {
    text: String,
    style: u8,
    space: bool,
    /// A line may break before this atom.
    breakable: bool,
}

fn atoms(runs: &[Run]) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    for r in runs {
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut Vec<Atom>, breakable: bool| {
            if !word.is_empty() {
                out.push(Atom {
                    text: std::mem::take(word),
                    style: r.style,
                    space: false,
                    breakable,
                });
            }
        };
        let mut word_breakable = true;
        for c in r.text.chars() {
            if c == ' ' {
                flush(&mut word, &mut out, word_breakable);
                out.push(Atom {
                    text: " ".into(),
                    style: r.style,
                    space: true,
                    breakable: true,
                });
                word_breakable = true;
            } else if is_wide(c) || no_break_after(c) {
                flush(&mut word, &mut out, word_breakable);
                let after_opening = out.last().is_some_and(ends_opening);
                out.push(Atom {
                    text: c.to_string(),
                    style: r.style,
                    space: false,
                    breakable: !no_break_before(c) && !after_opening,
                });
                word_breakable = true;
            } else {
                if word.is_empty() {
                    // A word glued to the previous atom (no space between,
                    // e.g. a marker after a word) does not break before it;
                    // nor does one right after an opening bracket.
                    word_breakable = out.last().is_none_or(|a| a.space || is_cjk_atom(a))
                        && !no_break_before(c)
                        && !out.last().is_some_and(ends_opening);
                }
                word.push(c);
            }
        }
        flush(&mut word, &mut out, word_breakable);
    }
    out
}

fn ends_opening(a: &Atom) -> bool {
    a.text.chars().next_back().is_some_and(no_break_after)
}

fn is_cjk_atom(a: &Atom) -> bool {
    a.text.chars().next().is_some_and(is_wide)
}

/// Breaks styled runs into lines at most `width` wide; `measure(text,
/// style)` gives a width. Each line is a list of runs (adjacent atoms of one
/// style merged), without leading or trailing spaces.
pub fn wrap(runs: &[Run], width: f32, measure: &dyn Fn(&str, u8) -> f32) -> Vec<Vec<Run>> {
    let mut lines: Vec<Vec<Atom>> = vec![Vec::new()];
    let mut w = 0.0;
    for a in atoms(runs) {
        let aw = measure(&a.text, a.style);
        // `lines` starts with one line and only ever grows, so the last
        // line always exists.
        let line = lines
            .last_mut()
            .expect("lines always holds the current line");
        if a.space {
            if !line.is_empty() {
                w += aw;
                line.push(a);
            }
            continue;
        }
        if w + aw <= width || line.is_empty() && aw <= width {
            w += aw;
            line.push(a);
            continue;
        }
        // Does not fit: move the unbreakable tail (glued atoms) to a new line.
        let mut tail = vec![a];
        if !tail[0].breakable {
            while let Some(prev) = line.pop() {
                let stop = prev.breakable || prev.space;
                tail.insert(0, prev);
                if stop {
                    break;
                }
            }
            if line.iter().all(|x| x.space) {
                // Nothing to break at: keep the glued atoms on this line.
                line.append(&mut tail);
                w = line.iter().map(|x| measure(&x.text, x.style)).sum();
                continue;
            }
        }
        while line.last().is_some_and(|x| x.space) {
            line.pop();
        }
        while tail.first().is_some_and(|x| x.space) {
            tail.remove(0);
        }
        let mut next: Vec<Atom> = Vec::new();
        w = 0.0;
        for t in tail {
            let tw = measure(&t.text, t.style);
            if tw > width {
                // Too wide for any line: cut between characters.
                let mut piece = String::new();
                for c in t.text.chars() {
                    let cw = measure(&c.to_string(), t.style);
                    if w + cw > width && !(piece.is_empty() && next.is_empty()) {
                        if !piece.is_empty() {
                            next.push(Atom {
                                text: std::mem::take(&mut piece),
                                style: t.style,
                                space: false,
                                breakable: true,
                            });
                        }
                        lines.push(std::mem::take(&mut next));
                        w = 0.0;
                    }
                    piece.push(c);
                    w += cw;
                }
                if !piece.is_empty() {
                    next.push(Atom {
                        text: piece,
                        style: t.style,
                        space: false,
                        breakable: true,
                    });
                }
            } else {
                w += tw;
                next.push(t);
            }
        }
        lines.push(next);
    }
    lines
        .into_iter()
        .map(|mut l| {
            while l.last().is_some_and(|x| x.space) {
                l.pop();
            }
            let mut out: Vec<Run> = Vec::new();
            for a in l {
                match out.last_mut() {
                    Some(r) if r.style == a.style => r.text.push_str(&a.text),
                    _ => out.push(Run {
                        text: a.text,
                        style: a.style,
                    }),
                }
            }
            out
        })
        .filter(|l: &Vec<Run>| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(s: &str, _: u8) -> f32 {
        s.chars().map(|c| if is_wide(c) { 2.0 } else { 1.0 }).sum()
    }

    fn texts(lines: &[Vec<Run>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect()
    }

    #[test]
    fn measures_text_as_drawn() {
        let m = Metrics::new(super::super::FONT).unwrap();
        for s in ["“quoted” text ≥ 2 — 日本政府", "a\tb\nc", "plain"] {
            let folded = m.fold(s);
            assert!(
                (m.width(s, 10.0) - m.width(&folded, 10.0)).abs() < 1e-3,
                "{s:?}"
            );
            assert!(folded.chars().all(|c| m.has_glyph(c)), "{folded:?}");
        }
        assert_eq!(m.fold("“a” ≥ b"), "\"a\" >= b");
        assert_eq!(m.glyphs("日本").len(), 2);
    }

    #[test]
    fn breaks_at_spaces() {
        let l = wrap(
            &[Run {
                text: "the quick brown fox jumps".into(),
                style: 0,
            }],
            10.0,
            &mono,
        );
        assert_eq!(texts(&l), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn breaks_cjk_between_characters_but_not_before_closing_punctuation() {
        let l = wrap(
            &[Run {
                text: "日本政府は交渉する。".into(),
                style: 0,
            }],
            8.0,
            &mono,
        );
        assert_eq!(texts(&l), ["日本政府", "は交渉す", "る。"]);
    }

    /// Kinsoku: no line starts with a closing bracket, comma, full stop or
    /// small kana, and none ends with an opening bracket.
    #[test]
    fn japanese_line_breaking_rules() {
        let w = |t: &str, width: f32| {
            texts(&wrap(
                &[Run {
                    text: t.into(),
                    style: 0,
                }],
                width,
                &mono,
            ))
        };
        // 「 would end the first line: it moves down with the word it opens.
        assert_eq!(
            w("日本の「同盟」です", 6.0),
            ["日本の", "「同", "盟」で", "す"]
        );
        assert_eq!(w("日本の「同盟」", 8.0), ["日本の", "「同盟」"]);
        // っ and ョ may not start a line.
        assert_eq!(w("あいうっと", 6.0), ["あい", "うっと"]);
        assert_eq!(w("ミッションです", 4.0), ["ミッ", "ショ", "ンで", "す"]);
        // 、 and 」 stay with what precedes them.
        for width in [4.0, 6.0, 8.0, 10.0] {
            for line in w(
                "在日米軍駐留経費負担、日米地位協定。「台湾有事」、防衛費。",
                width,
            ) {
                let first = line.chars().next().unwrap();
                assert!(!"、。」".contains(first), "{width}: {line}");
                assert!(!line.ends_with('「'), "{width}: {line}");
            }
        }
    }

    #[test]
    fn cuts_words_longer_than_a_line() {
        let l = wrap(
            &[Run {
                text: "004_b3e4016961f00b53#p59".into(),
                style: 0,
            }],
            10.0,
            &mono,
        );
        assert_eq!(texts(&l), ["004_b3e401", "6961f00b53", "#p59"]);
    }

    #[test]
    fn keeps_markers_with_their_word_and_styles_apart() {
        let runs = [
            Run {
                text: "status quo 1.80".into(),
                style: 0,
            },
            Run {
                text: "[12]".into(),
                style: 2,
            },
            Run {
                text: ". next".into(),
                style: 0,
            },
        ];
        let l = wrap(&runs, 12.0, &mono);
        assert_eq!(texts(&l), ["status quo", "1.80[12].", "next"]);
        assert_eq!(l[1].len(), 3);
    }
}
