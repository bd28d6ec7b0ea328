//! Flagging a draft and scoring it.
//!
//! Every term of the audience is looked for in the draft (see [`crate::text`]
//! for normalisation, stemming and phrases). Where matches overlap, the one
//! starting first wins, and of those the longest: "sustainable development
//! goals" is one flag, not two. In Markdown files (`.md`, `.markdown`)
//! fenced code blocks are skipped.
//!
//! **Score.** `words` counts English words plus half the CJK characters.
//! `per_100_words = 100 × Σ weight of the flags / words`, and
//! `score = max(0, 100 − 20 × per_100_words)`, rounded to one decimal: a
//! clean draft scores 100, one default-weight flag per 100 words scores 80,
//! five or more per 100 words score 0.

use crate::text::{normalise, skipped_in_japanese, word_count, words, Normalised};
use crate::{Audience, Lang, Pattern};
use domei_scenario::diag::LineIndex;
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Serialize)]
/// One piece of evidence behind a flag.
pub struct Citation {
    /// `DOC#LOCATOR`.
    pub passage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The quoted passage, when the lexicon gives one.
    pub quote: Option<String>,
}

/// One flagged phrase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// Line of the phrase in the draft, from 1.
    pub line: u32,
    /// Column of the phrase in the draft, from 1.
    pub col: u32,
    /// The phrase as written in the draft.
    pub text: String,
    /// The lexicon term it matched.
    pub term: String,
    /// The term's language.
    pub lang: Lang,
    /// The term's weight (default 1).
    pub weight: f64,
    /// Preferred alternatives, best first.
    pub prefer: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    /// Why the audience rejects it (empty: not given).
    pub why: String,
    /// The evidence the lexicon cites for the term.
    pub evidence: Vec<Citation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The analyst's judgement, when the entry rests on one.
    pub judgement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// The result of checking one draft for one audience ([`check()`]).
pub struct Report {
    /// The draft's path, as given.
    pub file: String,
    /// The audience's actor id.
    pub audience: String,
    /// The audience's display name.
    pub audience_name: String,
    /// The lexicon's path, as given.
    pub lexicon: String,
    /// Words in the draft (two CJK characters count as one word).
    pub words: usize,
    /// The flagged phrases, in order of position in the draft.
    pub flags: Vec<Flag>,
    /// Σ weight of the flags.
    pub weighted_flags: f64,
    /// `100 × weighted_flags / words`.
    pub per_100_words: f64,
    /// `max(0, 100 − 20 × per_100_words)`, one decimal: 100 for a clean draft.
    pub score: f64,
}

/// Byte ranges of fenced code blocks (```` ``` ```` or `~~~`) in Markdown.
fn fences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let mark = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (open, mark) {
            (None, Some(m)) => open = Some((pos, m)),
            (Some((start, m)), Some(m2)) if m == m2 => {
                out.push(start..pos + line.len());
                open = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some((start, _)) = open {
        out.push(start..text.len());
    }
    out
}

/// Flags `text` (the draft, read from `file`) for audience `aud`.
pub fn check(file: &str, text: &str, aud: &Audience, lexicon: &str, markdown: bool) -> Report {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let n: Normalised = normalise(text);
    let ws = words(&n);
    let skip = if markdown { fences(text) } else { Vec::new() };
    // For Japanese terms: the characters without spaces and `・`, with their index.
    let compact: Vec<(char, usize)> = n
        .chars
        .iter()
        .enumerate()
        .filter(|(_, &c)| !skipped_in_japanese(c))
        .map(|(i, &c)| (c, i))
        .collect();

    // (start char, end char, term index) of every match.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (ti, t) in aud.terms.iter().enumerate() {
        match &t.pattern {
            Pattern::Stems(stems) => {
                for w0 in 0..ws.len() {
                    let ok = stems.iter().enumerate().all(|(k, (st, gap))| {
                        ws.get(w0 + k)
                            .is_some_and(|w| &w.stem == st && (k == 0 || w.gap <= *gap))
                    });
                    if ok {
                        found.push((ws[w0].range.start, ws[w0 + stems.len() - 1].range.end, ti));
                    }
                }
            }
            Pattern::Chars(chars) => {
                if chars.len() <= compact.len() {
                    for i in 0..=(compact.len() - chars.len()) {
                        if compact[i..i + chars.len()]
                            .iter()
                            .zip(chars)
                            .all(|(a, b)| a.0 == *b)
                        {
                            found.push((compact[i].1, compact[i + chars.len() - 1].1 + 1, ti));
                        }
                    }
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for f in found {
        let byte = n.origin[f.0].start;
        if skip.iter().any(|r| r.contains(&byte)) {
            continue;
        }
        match kept.last() {
            Some(prev) if prev.1 > f.0 => {} // overlaps a match kept before
            _ => kept.push(f),
        }
    }

    let idx = LineIndex::new(text);
    let flags: Vec<Flag> = kept
        .iter()
        .map(|&(s, e, ti)| {
            let t = &aud.terms[ti];
            let bytes = n.origin[s].start..n.origin[e - 1].end;
            let loc = idx.loc(bytes.start);
            Flag {
                line: loc.line,
                col: loc.col,
                text: text[bytes].to_string(),
                term: t.term.clone(),
                lang: t.lang,
                weight: t.weight,
                prefer: t.prefer.clone(),
                why: t.why.clone(),
                evidence: t
                    .evidence
                    .iter()
                    .map(|r| Citation {
                        passage: r.passage(),
                        quote: r.quote.clone(),
                    })
                    .collect(),
                judgement: t.judgement.clone(),
            }
        })
        .collect();
    let words = word_count(&n);
    let weighted: f64 = flags.iter().map(|f| f.weight).sum();
    let per_100 = 100.0 * weighted / words.max(1) as f64;
    let score = ((100.0 - 20.0 * per_100).max(0.0) * 10.0).round() / 10.0;
    Report {
        file: file.to_string(),
        audience: aud.actor.clone(),
        audience_name: aud.name.clone(),
        lexicon: lexicon.to_string(),
        words,
        flags,
        weighted_flags: weighted,
        per_100_words: per_100,
        score,
    }
}
