//! Numeric claims: the quantities a paper states, with what they are about.
//!
//! [`extract()`] finds percentages ("3% of GDP", "three percent", "10 to 20
//! percent"), money with scale words and currencies ("18 trillion yen",
//! "$1 trillion", "18兆円"), years and fiscal years ("by 2027", "FY2027"),
//! durations ("five-minute", "50 years") and counts ("28 member states").
//! [`check`] relates them: pairs that imply a third figure (3% of GDP = 18
//! trillion yen ⇒ GDP ≈ 600 trillion yen), comparisons with a table of
//! reference figures, and claims in different documents that disagree.

mod about;
pub mod check;
pub mod extract;
mod lexer;
pub mod reference;

use crate::corpus::Corpus;
use crate::error::{CorpusError, Result};
use serde::Serialize;
use std::collections::BTreeMap;

pub use check::{ClaimsReport, Contradiction, Implied, RefComparison};
pub use extract::extract;
pub use reference::{ReferenceFigure, ReferenceTable};

/// What kind of quantity a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// Percentages ("3% of GDP").
    Percent,
    /// Percentage points ("by 2 percentage points").
    PercentagePoints,
    /// Amounts of money in a currency ("18 trillion yen").
    Money,
    /// Calendar years ("in 2027").
    Year,
    /// Fiscal years ("FY2027").
    FiscalYear,
    /// Lengths of time ("five years").
    Duration,
    /// Plain counts ("54,000 troops").
    Count,
}

impl ClaimKind {
    /// The kind's name in JSON and `--kind` (`percent`, `fiscal-year`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Percent => "percent",
            ClaimKind::PercentagePoints => "percentage-points",
            ClaimKind::Money => "money",
            ClaimKind::Year => "year",
            ClaimKind::FiscalYear => "fiscal-year",
            ClaimKind::Duration => "duration",
            ClaimKind::Count => "count",
        }
    }
}

/// One quantity stated in one passage. Field names are part of the JSON
/// output (`domei claims --format json`) and stable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Document id.
    pub doc: String,
    /// Document version the passage is from.
    pub version: u32,
    /// `DOC#pN`.
    pub passage: String,
    /// The passage's locator alone (`pN`).
    pub locator: String,
    /// What kind of quantity.
    pub kind: ClaimKind,
    /// The claim as written, e.g. `3% of GDP`, `18 trillion yen annually`.
    pub text: String,
    /// `[start, end)` character offsets of `text` in the passage.
    pub span: (usize, usize),
    /// `[start, end)` character offsets in the normalised document text.
    pub doc_span: (usize, usize),
    /// The number as written (18 for "18 trillion yen"; the low end of a
    /// range).
    pub value: f64,
    /// `(low, high)` for ranges ("10 to 20 percent").
    pub range: Option<(f64, f64)>,
    /// `percent`, `percentage-points`, `JPY`, `USD`, `EUR`, `GBP`, `CNY`,
    /// `KRW`, `year`, `fiscal-year`, `count`, or a time unit for durations
    /// (`minute`, `year`, ...).
    pub unit: String,
    /// Scale word as written (`trillion`, `billion`, `million`,
    /// `thousand`, `兆`, `億`, `万`).
    pub scale: Option<String>,
    /// The value in base units: yen, dollars, percent, the year, the count.
    pub normalized: f64,
    /// `range` in base units, like `normalized`.
    pub normalized_range: Option<(f64, f64)>,
    /// For percentages: what it is a percentage of (`GDP`).
    pub of: Option<String>,
    /// Rate period: `year` for "annually", "a year", "per year".
    pub per: Option<String>,
    /// `approximately`, `more-than`, `less-than`, `at-least`, `up-to`,
    /// `from`, `to` (the two ends of a change "from X to Y").
    pub qualifier: Option<String>,
    /// The nearby noun phrase the quantity describes (heuristic).
    pub about: Option<String>,
}

/// Which claims to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Only claims of this document id.
    pub doc: Option<String>,
    /// Case-insensitive substring of `about`, `of` or `text`.
    pub about: Option<String>,
    /// Only claims of this kind.
    pub kind: Option<ClaimKind>,
}

impl ClaimFilter {
    /// Whether `c` passes every condition set.
    pub fn accepts(&self, c: &Claim) -> bool {
        if self.kind.is_some_and(|k| k != c.kind) {
            return false;
        }
        if let Some(a) = &self.about {
            let a = a.to_lowercase();
            let hay = [c.about.as_deref(), c.of.as_deref(), Some(c.text.as_str())];
            if !hay.iter().flatten().any(|h| h.to_lowercase().contains(&a)) {
                return false;
            }
        }
        true
    }
}

impl Corpus {
    /// Claims in the whole paragraphs of the latest version of each
    /// document (or of `filter.doc`), in document and passage order.
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<Claim>> {
        let docs = match &filter.doc {
            Some(d) => {
                let info = self.document(d, None)?.ok_or_else(|| {
                    CorpusError::NotFound(format!("document `{d}` is not in the corpus"))
                })?;
                vec![info]
            }
            None => self.documents()?,
        };
        let mut out = Vec::new();
        for d in docs {
            for p in self.passages(&d.id, d.version)? {
                if p.locator.chunk.is_some() {
                    continue;
                }
                for c in extract(&p.text) {
                    let claim = Claim {
                        doc: d.id.clone(),
                        version: d.version,
                        passage: format!("{}#{}", d.id, p.locator),
                        locator: p.locator.to_string(),
                        doc_span: (p.start + c.span.0, p.start + c.span.1),
                        ..c
                    };
                    if filter.accepts(&claim) {
                        out.push(claim);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Checks all claims of the corpus: implied figures (compared with the
    /// reference table) and contradictions between documents. `tolerance`
    /// overrides the table's default relative tolerance.
    pub fn check_claims(
        &self,
        table: &ReferenceTable,
        tolerance: Option<f64>,
    ) -> Result<ClaimsReport> {
        let claims = self.claims(&ClaimFilter::default())?;
        let mut texts = BTreeMap::new();
        for d in self.documents()? {
            for p in self.passages(&d.id, d.version)? {
                if p.locator.chunk.is_none() {
                    texts.insert(format!("{}#{}", d.id, p.locator), p.text);
                }
            }
        }
        let implied = check::implied(&claims, &texts, table);
        let tol = tolerance.unwrap_or(table.tolerance);
        let contradictions = check::contradictions(&claims, &implied, tol);
        Ok(ClaimsReport {
            claims_checked: claims.len(),
            tolerance: tol,
            implied,
            contradictions,
            reference: table.figures.clone(),
        })
    }
}
