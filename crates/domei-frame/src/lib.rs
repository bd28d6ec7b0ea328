//! The framing check: which words of a draft statement an audience is likely
//! to reject, what to say instead, and on what evidence.
//!
//! A *lexicon* (`framing.toml`, docs/seeds-analyses.md) lists per audience
//! actor the terms likely to trigger rejection and their preferred
//! alternatives, each entry citing evidence or recording a judgement.
//! [`read()`] validates it; [`check()`] flags a draft (English with Snowball
//! stemming and multi-word phrases, Japanese by substring on NFKC-normalised
//! text; see [`text`]) and scores it; [`present`] prints the result.

#![warn(missing_docs)]

pub mod check;
pub mod present;
pub mod read;
pub mod text;

pub use check::{check, Flag, Report};
pub use read::read;

use domei_parts::Citation;
use domei_scenario::{EvidenceRef, Loc};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// The language of a term, which decides how it is matched.
pub enum Lang {
    /// Words, stemmed; phrases match on consecutive stems.
    En,
    /// Substring of the normalised text.
    Ja,
}

/// How a term is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Consecutive word stems, each with the loosest gap it accepts before
    /// it ([`text::phrase`]).
    Stems(Vec<(String, text::Gap)>),
    /// Normalised characters without spaces and `・`, matched as a
    /// substring of the draft's normalised characters (spaces, line breaks
    /// and `・` in the draft are skipped too).
    Chars(Vec<char>),
}

#[derive(Debug, Clone, PartialEq)]
/// One lexicon term an audience is likely to reject.
pub struct Term {
    /// The term as written in the lexicon.
    pub term: String,
    /// Its language.
    pub lang: Lang,
    /// How it is found in a draft.
    pub pattern: Pattern,
    /// How strongly the term is likely to trigger rejection (default 1).
    pub weight: f64,
    /// Preferred alternatives, best first (may be empty).
    pub prefer: Vec<String>,
    /// Why the audience rejects it (optional prose).
    pub why: String,
    /// Evidence that the audience rejects it.
    pub evidence: Vec<EvidenceRef>,
    /// The analyst's judgement, when the entry rests on one.
    pub judgement: Option<String>,
    /// Where the entry is in the lexicon file.
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
/// One audience of the lexicon: an actor and the terms it is likely to reject.
pub struct Audience {
    /// Actor id of the scenario.
    pub actor: String,
    /// Other names accepted by `--audience`.
    pub aliases: Vec<String>,
    /// Display name.
    pub name: String,
    /// Its terms, in lexicon order.
    pub terms: Vec<Term>,
    /// Where the audience is in the lexicon file.
    pub loc: Loc,
}

/// A validated framing lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    /// The lexicon file it was read from.
    pub path: PathBuf,
    /// Lexicon id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the lexicon covers (may be empty).
    pub description: String,
    /// Its audiences, in file order.
    pub audiences: Vec<Audience>,
}

impl Lexicon {
    /// The audience named `name` (actor id or alias, ignoring ASCII case).
    pub fn audience(&self, name: &str) -> Option<&Audience> {
        let name = name.trim();
        self.audiences.iter().find(|a| {
            a.actor.eq_ignore_ascii_case(name)
                || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(name))
        })
    }

    /// Every audience name `--audience` accepts.
    pub fn audience_names(&self) -> Vec<String> {
        self.audiences
            .iter()
            .flat_map(|a| std::iter::once(a.actor.clone()).chain(a.aliases.iter().cloned()))
            .collect()
    }

    /// Every evidence reference of the lexicon with its file and location.
    pub fn citations(&self) -> Vec<Citation> {
        let mut out = Vec::new();
        for a in &self.audiences {
            for t in &a.terms {
                out.extend(Citation::all(
                    &self.path,
                    &format!("audience {}, term {:?}", a.actor, t.term),
                    &t.evidence,
                ));
            }
        }
        out
    }
}

/// Every evidence reference of `lexicon` with its file and location (for
/// `domei evidence check`).
pub fn citations(lexicon: &Lexicon) -> Vec<Citation> {
    lexicon.citations()
}

#[cfg(test)]
mod tests;
