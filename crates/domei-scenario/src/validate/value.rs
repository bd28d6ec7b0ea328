//! The rules of one sourced value and of its evidence references, shared
//! by `scenario.toml` and every scenario part.

use crate::diag::{msg, Arg, Diagnostic, Diagnostics, Msg};
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
    check_value_in(
        path,
        &name.into(),
        v,
        bounds.map(|(lo, hi, what)| (lo, hi, what.into())),
        divide_by,
        diags,
    )
}

/// [`check_value`] with the value's name and the bounds' description as
/// message arguments (a catalogue message, shown in the diagnostic's
/// language, or plain text).
pub(crate) fn check_value_in(
    path: &Path,
    name: &Arg,
    v: &DraftValue,
    bounds: Option<(f64, f64, Arg)>,
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
                    msg!(
                        "diag-not-finite",
                        name = name.clone(),
                        key = label,
                        got = x.to_string()
                    ),
                    msg!("diag-not-finite-help"),
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
                    msg!(
                        "diag-range-reversed",
                        name = name.clone(),
                        low = lo.to_string(),
                        high = hi.to_string()
                    ),
                    msg!("diag-range-reversed-help"),
                );
                return None;
            }
            Some((lo, hi))
        }
        (Some(_), None) | (None, Some(_)) => {
            c.err(
                v.loc,
                msg!("diag-range-half", name = name.clone()),
                msg!("diag-range-half-help"),
            );
            return None;
        }
        (None, None) => None,
    };
    let value = match (v.value, range) {
        (Some(x), Some((lo, hi))) if x < lo || x > hi => {
            c.err(
                v.loc,
                msg!(
                    "diag-value-outside-range",
                    name = name.clone(),
                    value = x.to_string(),
                    low = lo.to_string(),
                    high = hi.to_string()
                ),
                msg!("diag-value-outside-range-help"),
            );
            return None;
        }
        (Some(x), _) => x,
        (None, Some((lo, hi))) => (lo + hi) / 2.0,
        (None, None) => {
            c.err(
                v.loc,
                msg!("diag-no-number", name = name.clone()),
                msg!("diag-no-number-help"),
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
                msg!(
                    "diag-outside-bounds",
                    name = name.clone(),
                    got = shown,
                    what = what,
                    lo = blo.to_string(),
                    hi = bhi.to_string()
                ),
                msg!(
                    "diag-outside-bounds-help",
                    lo = blo.to_string(),
                    hi = bhi.to_string()
                ),
            );
            return None;
        }
    }
    let evidence = v
        .evidence
        .iter()
        .filter_map(|r| check_reference_in(path, name, r, c.diags))
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
    check_reference_in(path, &name.into(), r, diags)
}

/// [`check_reference`] with the value's name as a message argument.
fn check_reference_in(
    path: &Path,
    name: &Arg,
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
                    msg!(
                        "diag-bad-support",
                        name = name.clone(),
                        got = format!("{s:?}")
                    ),
                    msg!("diag-bad-support-help"),
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
                    msg!(
                        "diag-bad-voice",
                        name = name.clone(),
                        got = format!("{s:?}")
                    ),
                    msg!("diag-bad-voice-help"),
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
                msg!(
                    "diag-bad-review",
                    name = name.clone(),
                    got = format!("{s:?}")
                ),
                msg!("diag-bad-review-help"),
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
                msg!(
                    "diag-bad-passage",
                    name = name.clone(),
                    passage = format!("{:?}", r.passage)
                ),
                msg!("diag-bad-passage-help"),
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
    pub(super) fn err(&mut self, loc: Loc, message: Msg, help: Msg) {
        self.diags
            .push(Diagnostic::from_msg(self.path, loc, message).help_msg(help));
    }
}
