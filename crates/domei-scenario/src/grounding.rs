//! The evidence rules read on a validated scenario (issue 12's grounding):
//! short quotes, unrated references, context-only values and review marks
//! — the warnings `domei check` prints and the errors `--strict` adds — and
//! the `--strict` rule that every value cites evidence or records
//! judgement. The hard rules of a reference (its fields' values, a position
//! resting only on context or recommendation) stay in [`crate::validate`](mod@crate::validate),
//! the one validator.

use crate::diag::{msg, Diagnostic, Diagnostics};
use crate::model::{EvidenceRef, Loc, Scenario, Support, Voice};
use std::path::Path;

/// A quote shorter than this many words (in text written with spaces) is
/// flagged as too short to carry meaning on its own.
pub const MIN_QUOTE_WORDS: usize = 6;
/// A quote shorter than this many characters is flagged in any script.
pub const MIN_QUOTE_CHARS: usize = 30;

/// True when a quote is shorter than a meaningful clause: fewer than
/// [`MIN_QUOTE_CHARS`] characters, or, in text written with spaces, fewer than
/// [`MIN_QUOTE_WORDS`] words. ("has become unstable", "is political
/// courage" are short; "urged a rapid increase to three percent of GDP" is not.)
pub fn is_short_quote(quote: &str) -> bool {
    let q = quote.trim();
    let chars = q.chars().count();
    let words = q.split_whitespace().count();
    chars < MIN_QUOTE_CHARS || (words > 1 && words < MIN_QUOTE_WORDS)
}

/// What the evidence rules found beyond the validator's hard errors: errors
/// (which fail `check --strict` and `evidence check --strict`) and warnings.
#[derive(Debug, Clone, Default)]
pub struct Grounding {
    /// Breaches of the evidence rules that are errors.
    pub errors: Diagnostics,
    /// Breaches that are warnings.
    pub warnings: Vec<Diagnostic>,
    /// References whose support or voice is not rated, as (file, where).
    pub unrated: Vec<(std::path::PathBuf, Loc)>,
    strict: bool,
}

impl Grounding {
    /// `strict`: the `--strict` rules are errors (else warnings or nothing).
    pub fn new(strict: bool) -> Self {
        Grounding {
            strict,
            ..Default::default()
        }
    }

    fn strict_or_warn(&mut self, d: Diagnostic) {
        if self.strict {
            self.errors.push(d);
        } else {
            self.warnings.push(d.warning());
        }
    }

    /// The evidence rules for the references of one sourced item (`what`,
    /// written at `loc` of `file`): short quotes are warned about; under
    /// strict, a value whose only support is `context`, an unrated reference
    /// and a reference marked `review = "needed"` are errors (otherwise
    /// warnings; unrated references are summarised by [`Grounding::finish`]).
    pub fn refs(&mut self, file: &Path, what: &str, refs: &[EvidenceRef], loc: Loc) {
        if !refs.is_empty() && refs.iter().all(|r| r.support == Support::Context) {
            self.strict_or_warn(
                Diagnostic::from_msg(file, loc, msg!("diag-context-only", name = what))
                    .help_msg(msg!("diag-context-only-help")),
            );
        }
        for r in refs {
            if let Some(q) = r.quote.as_deref().filter(|q| is_short_quote(q)) {
                self.warnings.push(
                    Diagnostic::from_msg(
                        file,
                        r.loc,
                        msg!(
                            "diag-short-quote",
                            name = what,
                            quote = format!("{q:?}"),
                            words = MIN_QUOTE_WORDS.to_string(),
                            chars = MIN_QUOTE_CHARS.to_string()
                        ),
                    )
                    .help_msg(msg!("diag-short-quote-help"))
                    .warning(),
                );
            }
            if r.needs_review {
                self.strict_or_warn(
                    Diagnostic::from_msg(
                        file,
                        r.loc,
                        msg!("diag-review-needed", name = what, passage = r.passage()),
                    )
                    .help_msg(msg!("diag-review-needed-help")),
                );
            }
            if r.support == Support::Unrated || r.voice == Voice::Unrated {
                self.unrated.push((file.to_path_buf(), r.loc));
                if self.strict {
                    let missing = match (r.support, r.voice) {
                        (Support::Unrated, Voice::Unrated) => "diag-unrated-both",
                        (Support::Unrated, _) => "diag-unrated-support",
                        _ => "diag-unrated-voice",
                    };
                    self.errors.push(
                        Diagnostic::from_msg(
                            file,
                            r.loc,
                            msg!("diag-unrated", name = what, passage = r.passage())
                                .arg("missing", crate::diag::Msg::new(missing)),
                        )
                        .help_msg(msg!("diag-unrated-help")),
                    );
                }
            }
        }
    }

    /// The rules for every value of a scenario, plus (strict) the rule that
    /// every value cites evidence or records judgement.
    pub fn scenario(&mut self, s: &Scenario) {
        let path = s
            .origin
            .as_ref()
            .map(|o| o.path.clone())
            .unwrap_or_default();
        for (vp, v) in s.values() {
            let name = s.value_name(vp);
            self.refs(&path, &name, &v.evidence, v.loc);
        }
        if self.strict {
            for d in strict_check(s).0 {
                self.errors.push(d);
            }
        }
    }

    /// Errors (sorted) and warnings, the unrated references summarised in
    /// one warning per file when not strict.
    pub fn finish(mut self) -> (Diagnostics, Vec<Diagnostic>) {
        if !self.strict {
            let mut files: Vec<&std::path::PathBuf> = self.unrated.iter().map(|(f, _)| f).collect();
            files.sort();
            files.dedup();
            for f in files {
                let locs: Vec<Loc> = self
                    .unrated
                    .iter()
                    .filter(|(g, _)| g == f)
                    .map(|(_, l)| *l)
                    .collect();
                self.warnings.push(
                    Diagnostic::from_msg(
                        f,
                        locs[0],
                        msg!("diag-unrated-summary", n = locs.len().to_string()),
                    )
                    .help_msg(msg!("diag-unrated-summary-help"))
                    .warning(),
                );
            }
        }
        self.errors
            .0
            .sort_by(|a, b| (&a.file, a.loc).cmp(&(&b.file, b.loc)));
        (self.errors, self.warnings)
    }
}

/// The `--strict` rule: every value must cite evidence or record judgement.
pub fn strict_check(s: &Scenario) -> Diagnostics {
    let path = s
        .origin
        .as_ref()
        .map(|o| o.path.clone())
        .unwrap_or_default();
    let mut d = Diagnostics::default();
    for (vp, v) in s.values() {
        if !v.is_sourced() {
            d.push(
                Diagnostic::from_msg(
                    &path,
                    v.loc,
                    msg!("diag-unsourced", name = s.value_name(vp)),
                )
                .help_msg(msg!("diag-unsourced-help")),
            );
        }
    }
    d
}
