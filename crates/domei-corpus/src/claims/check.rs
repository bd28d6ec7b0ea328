//! Checking claims against each other and against reference figures.
//!
//! - **Implied figures.** Two claims in one passage that state the same
//!   amount two ways imply a third figure: a percentage of a base linked to
//!   an amount of money ("3% of GDP (requiring 18 trillion yen annually)")
//!   implies the base (18 trillion ÷ 3% = 600 trillion yen); the same amount
//!   in yen and dollars implies an exchange rate. "Linked" means adjacent in
//!   the text: at most 40 characters apart, in the same sentence, with
//!   nothing between them but brackets, punctuation and words such as
//!   "requiring", "or", "about", "equivalent to", "i.e.".
//! - **Reference figures.** Implied figures whose quantity and unit match an
//!   entry of the reference table are compared with it; a relative deviation
//!   beyond the entry's tolerance is flagged.
//! - **Contradictions.** Claims of different documents with the same kind,
//!   unit, base (`of`), period (`per`) and subject (`about`, loosely
//!   normalised) whose values differ by more than the tolerance, and
//!   implied figures of the same quantity that do, are flagged. Ranges that
//!   overlap and bounds ("more than X") that are compatible are not.

use super::reference::{ReferenceFigure, ReferenceTable};
use super::{Claim, ClaimKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// An implied figure compared with the reference figure it matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefComparison {
    /// Reference figure id, as in the reference table.
    pub id: String,
    /// Reference figure name.
    pub name: String,
    /// Reference value in base units.
    pub value: f64,
    /// Unit of the base units (`JPY`, `USD`, `percent`, ...).
    pub unit: String,
    /// The year the reference figure is for, when given.
    pub year: Option<String>,
    /// Where the reference figure comes from.
    pub source: String,
    /// (implied − reference) / reference.
    pub deviation: f64,
    /// Relative tolerance applied (the figure's, or the table's default).
    pub tolerance: f64,
    /// Whether |deviation| is at most `tolerance`.
    pub within_tolerance: bool,
    /// Exchange rate used when the implied figure was in another currency.
    pub converted_at: Option<f64>,
}

/// A figure implied by two linked claims of one passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Implied {
    /// Document id.
    pub doc: String,
    /// The passage both claims are in (`DOC#pN`).
    pub passage: String,
    /// What is implied: the base of the percentage (`GDP`), or `exchange
    /// rate`.
    pub quantity: String,
    /// The two claims, as written.
    pub from: (String, String),
    /// How it was computed, e.g. `18 trillion yen / 3%`.
    pub derivation: String,
    /// In base units of `unit`.
    pub value: f64,
    /// Unit of `value` (`JPY`, `USD`, ...).
    pub unit: String,
    /// Rate period of the figure (`year`), when stated.
    pub per: Option<String>,
    /// The matching reference figure's comparison; `None` when none matches.
    pub reference: Option<RefComparison>,
}

/// One side of a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The passage (`DOC#pN`).
    pub passage: String,
    /// The claim as written.
    pub text: String,
    /// The value in base units.
    pub value: f64,
    /// The claim's qualifier (`approximately`, `more-than`, ...), when any.
    pub qualifier: Option<String>,
}

/// Two documents disagreeing about the same quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contradiction {
    /// `claim` (stated figures) or `implied` (figures implied by pairs).
    pub basis: String,
    /// What the quantity is (subject, base and period as far as known).
    pub quantity: String,
    /// Unit of both values.
    pub unit: String,
    /// What the first document says.
    pub a: Side,
    /// What the second document says.
    pub b: Side,
    /// |a − b| / max(|a|, |b|).
    pub difference: f64,
}

/// The cross-check of a corpus's claims (`domei claims --check`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimsReport {
    /// Number of claims looked at.
    pub claims_checked: usize,
    /// Relative difference above which two figures contradict.
    pub tolerance: f64,
    /// Figures implied by linked claims, each checked against the reference table.
    pub implied: Vec<Implied>,
    /// Documents disagreeing about the same quantity.
    pub contradictions: Vec<Contradiction>,
    /// The reference figures used, with their sources.
    pub reference: Vec<ReferenceFigure>,
}

impl ClaimsReport {
    /// Number of findings outside tolerance (reference deviations and
    /// contradictions).
    pub fn flagged(&self) -> usize {
        self.implied
            .iter()
            .filter(|i| i.reference.as_ref().is_some_and(|r| !r.within_tolerance))
            .count()
            + self.contradictions.len()
    }
}

/// Are claims `a` (earlier) and `b` (later) of `text` linked (see module docs)?
pub fn linked(text: &str, a: &Claim, b: &Claim) -> bool {
    if b.span.0 < a.span.1 || b.span.0 - a.span.1 > 40 {
        return false;
    }
    let gap: String = text
        .chars()
        .skip(a.span.1)
        .take(b.span.0 - a.span.1)
        .collect();
    if gap.contains(". ") || gap.contains(';') || gap.contains('。') {
        return false;
    }
    let words: String = gap
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '=' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    const LINK: &[&str] = &[
        "requiring",
        "requires",
        "or",
        "about",
        "roughly",
        "around",
        "approximately",
        "some",
        "i.e.",
        "ie",
        "which",
        "is",
        "equivalent",
        "equal",
        "to",
        "amounting",
        "worth",
        "that",
        "=",
        "totaling",
        "totalling",
        "of",
        "nearly",
        "annually",
        "a",
        "year",
        "per",
        "yearly",
        "at",
    ];
    words.split_whitespace().all(|w| LINK.contains(&w))
}

fn fmt_money(v: f64, unit: &str) -> String {
    let (d, s) = if v.abs() >= 1e12 {
        (1e12, " trillion")
    } else if v.abs() >= 1e9 {
        (1e9, " billion")
    } else if v.abs() >= 1e6 {
        (1e6, " million")
    } else {
        (1.0, "")
    };
    let x = v / d;
    let num = if (x - x.round()).abs() < 0.05 {
        format!("{}", x.round())
    } else {
        format!("{x:.1}")
    };
    match unit {
        "JPY" => format!("{num}{s} yen"),
        "USD" => format!("${num}{s}"),
        u => format!("{num}{s} {u}"),
    }
}

/// Formats a value in base units for people: `600 trillion yen`, `150.0 JPY/USD`, `3%`.
pub fn format_value(v: f64, unit: &str) -> String {
    match unit {
        "JPY" | "USD" | "EUR" | "GBP" | "CNY" | "KRW" => fmt_money(v, unit),
        "percent" => format!("{}%", trim_num(v)),
        "percentage-points" => format!("{} percentage points", trim_num(v)),
        u => format!("{} {u}", trim_num(v)),
    }
}

fn trim_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn compare(
    value: f64,
    unit: &str,
    quantity: &str,
    table: &ReferenceTable,
) -> Option<RefComparison> {
    let direct = table
        .figures
        .iter()
        .find(|f| f.unit == unit && f.matches(quantity));
    let (fig, v, conv): (&ReferenceFigure, f64, Option<f64>) = match direct {
        Some(f) => (f, value, None),
        None => {
            let fx = table.jpy_per_usd()?.normalized();
            let (target, conv_v) = match unit {
                "USD" => ("JPY", value * fx),
                "JPY" => ("USD", value / fx),
                _ => return None,
            };
            let f = table
                .figures
                .iter()
                .find(|f| f.unit == target && f.matches(quantity))?;
            (f, conv_v, Some(fx))
        }
    };
    let r = fig.normalized();
    if r == 0.0 {
        return None;
    }
    let deviation = (v - r) / r;
    let tol = table.tolerance_for(fig);
    Some(RefComparison {
        id: fig.id.clone(),
        name: fig.name.clone(),
        value: r,
        unit: fig.unit.clone(),
        year: fig.year.clone(),
        source: fig.source.clone(),
        deviation: (deviation * 1000.0).round() / 1000.0,
        tolerance: tol,
        within_tolerance: deviation.abs() <= tol,
        converted_at: conv,
    })
}

/// Figures implied by linked pairs of claims within each passage.
/// `texts` maps a passage (`DOC#pN`) to its text.
pub fn implied(
    claims: &[Claim],
    texts: &BTreeMap<String, String>,
    table: &ReferenceTable,
) -> Vec<Implied> {
    let mut out = Vec::new();
    let mut by_passage: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_passage.entry(c.passage.as_str()).or_default().push(c);
    }
    for (passage, cs) in by_passage {
        let Some(text) = texts.get(passage) else {
            continue;
        };
        for w in cs.windows(2) {
            let (a, b) = (w[0], w[1]);
            if !linked(text, a, b) {
                continue;
            }
            let (pct, money) = match (a.kind, b.kind) {
                (ClaimKind::Percent, ClaimKind::Money) => (Some(a), b),
                (ClaimKind::Money, ClaimKind::Percent) => (Some(b), a),
                (ClaimKind::Money, ClaimKind::Money) => (None, a),
                _ => continue,
            };
            if let Some(p) = pct {
                let (Some(base), true) = (p.of.as_ref(), p.normalized > 0.0) else {
                    continue;
                };
                let pv = p
                    .normalized_range
                    .map_or(p.normalized, |(lo, hi)| (lo + hi) / 2.0);
                let mv = money
                    .normalized_range
                    .map_or(money.normalized, |(lo, hi)| (lo + hi) / 2.0);
                let value = mv / (pv / 100.0);
                out.push(Implied {
                    doc: a.doc.clone(),
                    passage: passage.to_string(),
                    quantity: base.clone(),
                    from: (a.text.clone(), b.text.clone()),
                    derivation: format!("{} / {}%", fmt_money(mv, &money.unit), trim_num(pv)),
                    value,
                    unit: money.unit.clone(),
                    per: money.per.clone().or_else(|| p.per.clone()),
                    reference: compare(value, &money.unit, base, table),
                });
            } else {
                let (jpy, usd) = match (a.unit.as_str(), b.unit.as_str()) {
                    ("JPY", "USD") => (a, b),
                    ("USD", "JPY") => (b, a),
                    _ => continue,
                };
                if usd.normalized <= 0.0 {
                    continue;
                }
                let value = jpy.normalized / usd.normalized;
                out.push(Implied {
                    doc: a.doc.clone(),
                    passage: passage.to_string(),
                    quantity: "exchange rate".into(),
                    from: (a.text.clone(), b.text.clone()),
                    derivation: format!(
                        "{} / {}",
                        fmt_money(jpy.normalized, "JPY"),
                        fmt_money(usd.normalized, "USD")
                    ),
                    value,
                    unit: "JPY/USD".into(),
                    per: None,
                    reference: compare(value, "JPY/USD", "exchange rate", table),
                });
            }
        }
    }
    out
}

fn subject_key(s: &str) -> String {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.to_lowercase())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    w.as_str(),
                    "the" | "a" | "an" | "japan's" | "its" | "their" | "of"
                )
        })
        .collect();
    let mut words = words;
    if let Some(last) = words.last_mut() {
        if last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") {
            last.pop();
        }
    }
    words.join(" ")
}

fn compatible(
    a: &Side,
    a_range: Option<(f64, f64)>,
    b: &Side,
    b_range: Option<(f64, f64)>,
    tol: f64,
) -> bool {
    let (alo, ahi) = a_range.unwrap_or((a.value, a.value));
    let (blo, bhi) = b_range.unwrap_or((b.value, b.value));
    if alo <= bhi * (1.0 + tol)
        && blo <= ahi * (1.0 + tol)
        && (a_range.is_some() || b_range.is_some())
    {
        return true;
    }
    let ok_bound = |q: Option<&str>, x: f64, y: f64| match q {
        Some("more-than" | "at-least") => y >= x * (1.0 - tol),
        Some("less-than" | "up-to") => y <= x * (1.0 + tol),
        _ => false,
    };
    if ok_bound(a.qualifier.as_deref(), a.value, b.value)
        || ok_bound(b.qualifier.as_deref(), b.value, a.value)
    {
        return true;
    }
    let tol = if a.qualifier.as_deref() == Some("approximately")
        || b.qualifier.as_deref() == Some("approximately")
    {
        tol * 2.0
    } else {
        tol
    };
    rel_diff(a.value, b.value) <= tol
}

fn rel_diff(a: f64, b: f64) -> f64 {
    let m = a.abs().max(b.abs());
    if m == 0.0 {
        0.0
    } else {
        (a - b).abs() / m
    }
}

/// Claims and implied figures of different documents that disagree.
pub fn contradictions(claims: &[Claim], implied: &[Implied], tol: f64) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let mut groups: BTreeMap<(String, String, String, String, String), Vec<&Claim>> =
        BTreeMap::new();
    for c in claims {
        if matches!(c.kind, ClaimKind::Year | ClaimKind::FiscalYear)
            || matches!(c.qualifier.as_deref(), Some("from" | "to"))
        {
            continue;
        }
        let Some(about) = c
            .about
            .as_deref()
            .map(subject_key)
            .filter(|k| !k.is_empty())
        else {
            continue;
        };
        let key = (
            c.kind.name().to_string(),
            c.unit.clone(),
            c.of.as_deref().map(subject_key).unwrap_or_default(),
            c.per.clone().unwrap_or_default(),
            about,
        );
        groups.entry(key).or_default().push(c);
    }
    for ((_, unit, of, per, about), cs) in &groups {
        for (i, a) in cs.iter().enumerate() {
            for b in &cs[i + 1..] {
                if a.doc == b.doc {
                    continue;
                }
                let sa = Side {
                    passage: a.passage.clone(),
                    text: a.text.clone(),
                    value: a.normalized,
                    qualifier: a.qualifier.clone(),
                };
                let sb = Side {
                    passage: b.passage.clone(),
                    text: b.text.clone(),
                    value: b.normalized,
                    qualifier: b.qualifier.clone(),
                };
                if compatible(&sa, a.normalized_range, &sb, b.normalized_range, tol) {
                    continue;
                }
                let mut quantity = about.clone();
                if !of.is_empty() {
                    quantity.push_str(&format!(" (of {of})"));
                }
                if !per.is_empty() {
                    quantity.push_str(&format!(" per {per}"));
                }
                out.push(Contradiction {
                    basis: "claim".into(),
                    quantity,
                    unit: unit.clone(),
                    difference: (rel_diff(sa.value, sb.value) * 1000.0).round() / 1000.0,
                    a: sa,
                    b: sb,
                });
            }
        }
    }
    for (i, a) in implied.iter().enumerate() {
        for b in &implied[i + 1..] {
            if a.doc == b.doc
                || a.unit != b.unit
                || subject_key(&a.quantity) != subject_key(&b.quantity)
            {
                continue;
            }
            let d = rel_diff(a.value, b.value);
            if d > tol {
                out.push(Contradiction {
                    basis: "implied".into(),
                    quantity: a.quantity.clone(),
                    unit: a.unit.clone(),
                    a: Side {
                        passage: a.passage.clone(),
                        text: format!("{} ({})", a.from.0, a.from.1),
                        value: a.value,
                        qualifier: None,
                    },
                    b: Side {
                        passage: b.passage.clone(),
                        text: format!("{} ({})", b.from.0, b.from.1),
                        value: b.value,
                        qualifier: None,
                    },
                    difference: (d * 1000.0).round() / 1000.0,
                });
            }
        }
    }
    out
}
