//! The rules of one sourced value and of its evidence references, shared
//! by `scenario.toml` and every scenario part.

use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{DraftRef, DraftValue};
use crate::model::{EvidenceRef, Loc, Support, Value, Voice};
use std::path::Path;

/// The rules of one sourced value, shared by `scenario.toml` and every
/// scenario part (events, plan, framing): numbers finite, a range needs both
/// ends with `low <= high`, the point within the range (the midpoint when only
/// a range is given), everything within `bounds` (`(lo, hi, what)`), and
/// every reference checked by [`check_reference`]. Values are divided by
/// `divide_by` (saliences written on 0..100). Problems go to `diags`; the
/// value is returned when usable.
pub fn check_value(
    path: &Path,
    name: &str,
    v: &DraftValue,
    bounds: Option<(f64, f64, &str)>,
    divide_by: f64,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let mut c = Sink { path, diags };
    let mut ok = true;
    for (label, x) in [("value", v.value), ("low", v.low), ("high", v.high)] {
        if let Some(x) = x {
            if !x.is_finite() {
                c.err(
                    v.loc,
                    format!("{name}: {label} is {x}"),
                    "write a finite number",
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let range = match (v.low, v.high) {
        (Some(lo), Some(hi)) => {
            if lo > hi {
                c.err(
                    v.loc,
                    format!("{name}: range low {lo} is greater than high {hi}"),
                    "swap low and high",
                );
                return None;
            }
            Some((lo, hi))
        }
        (Some(_), None) | (None, Some(_)) => {
            c.err(
                v.loc,
                format!("{name}: a range needs both low and high"),
                "give both `low` and `high`, or neither",
            );
            return None;
        }
        (None, None) => None,
    };
    let value = match (v.value, range) {
        (Some(x), Some((lo, hi))) if x < lo || x > hi => {
            c.err(
                v.loc,
                format!("{name}: value {x} lies outside its range {lo}..{hi}"),
                "the point value must lie within low..high",
            );
            return None;
        }
        (Some(x), _) => x,
        (None, Some((lo, hi))) => (lo + hi) / 2.0,
        (None, None) => {
            c.err(
                v.loc,
                format!("{name}: no number given"),
                "give `value`, or `low` and `high`",
            );
            return None;
        }
    };
    if let Some((blo, bhi, what)) = bounds {
        let (lo, hi) = range.unwrap_or((value, value));
        if lo < blo || hi > bhi {
            let shown = if range.is_some() {
                format!("{lo}..{hi}")
            } else {
                format!("{value}")
            };
            c.err(
                v.loc,
                format!("{name}: {shown} lies outside {what} {blo}..{bhi}"),
                format!("use a number within {blo}..{bhi}"),
            );
            return None;
        }
    }
    let evidence = v
        .evidence
        .iter()
        .filter_map(|r| check_reference(path, name, r, c.diags))
        .collect();
    let d = divide_by;
    Some(Value {
        value: value / d,
        range: range.map(|(lo, hi)| (lo / d, hi / d)),
        evidence,
        judgement: v.judgement.clone().filter(|j| !j.trim().is_empty()),
        loc: v.loc,
    })
}

/// The rules of one evidence reference, shared by `scenario.toml` and every
/// scenario part: `passage` of the form `DOC#LOCATOR`; `support`, `voice`
/// and `review`, when written, one of their documented values (absent
/// `support`/`voice` read as `unrated`).
pub fn check_reference(
    path: &Path,
    name: &str,
    r: &DraftRef,
    diags: &mut Diagnostics,
) -> Option<EvidenceRef> {
    let mut c = Sink { path, diags };
    let support = match &r.support {
        None => Some(Support::Unrated),
        Some((s, loc)) => {
            let v = Support::parse(s);
            if v.is_none() {
                c.err(
                    *loc,
                    format!("{name}: support {s:?} is not one of states, implies, context, unrated"),
                    "`states`: the passage gives the value explicitly; `implies`: it follows with the reasoning in `judgement`; `context`: background only (docs/scenario-format.md, \"Support and voice\")",
                );
            }
            v
        }
    };
    let voice = match &r.voice {
        None => Some(Voice::Unrated),
        Some((s, loc)) => {
            let v = Voice::parse(s);
            if v.is_none() {
                c.err(
                    *loc,
                    format!("{name}: voice {s:?} is not one of actor, observer, recommendation, unrated"),
                    "`actor`: the actor or its officials; `observer`: an author describing the actor; `recommendation`: what an author wants done (docs/scenario-format.md, \"Support and voice\")",
                );
            }
            v
        }
    };
    let needs_review = match &r.review {
        None => false,
        Some((s, _)) if s == "needed" => true,
        Some((s, loc)) => {
            c.err(
                *loc,
                format!("{name}: review {s:?} is not \"needed\""),
                "`review = \"needed\"` marks a reference to re-read after its value changed; remove the key once confirmed",
            );
            false
        }
    };
    let parsed = r.passage.split_once('#').filter(|(doc, loc)| {
        !doc.is_empty()
            && !loc.is_empty()
            && !doc.chars().any(char::is_whitespace)
            && !loc.chars().any(|c| c.is_whitespace() || c == '#')
    });
    match (parsed, support, voice) {
        (Some((doc, locator)), Some(support), Some(voice)) => Some(EvidenceRef {
            doc: doc.to_string(),
            locator: locator.to_string(),
            quote: r.quote.clone().filter(|q| !q.trim().is_empty()),
            quote_ja: r.quote_ja.clone().filter(|q| !q.trim().is_empty()),
            support,
            voice,
            needs_review,
            loc: r.loc,
        }),
        (Some(_), _, _) => None,
        (None, _, _) => {
            c.err(
                r.loc,
                format!(
                    "{name}: evidence reference {:?} is not of the form DOC#LOCATOR",
                    r.passage
                ),
                "write e.g. \"004_b3e4016961f00b53#p12\" (document id, '#', passage locator)",
            );
            None
        }
    }
}

/// Where the free checking functions report to.
pub(super) struct Sink<'a> {
    pub(super) path: &'a Path,
    pub(super) diags: &'a mut Diagnostics,
}

impl Sink<'_> {
    pub(super) fn err(&mut self, loc: Loc, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.path, loc, message).help(help));
    }
}
