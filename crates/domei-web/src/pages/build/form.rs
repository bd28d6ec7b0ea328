//! The builder's forms: the inputs of a value (its number, judgement and
//! cited passage), each problem drawn beside the input it concerns, and a
//! posted form read back into a [`Change`].

use super::super::{field, num, number_field, passage_href, Pairs};
use crate::edit::{AnchorIn, EvidenceIn};
use crate::service::{Change, FieldError, SourcedIn};
use domei_i18n::{tr, tr_args};
use domei_scenario::Issue;
use maud::{html, Markup};

/// The form a failed change came from: its `op` and `key` (which actor or
/// issue), what the user typed, and the problems.
#[derive(Default)]
pub(super) struct Kept {
    pub(super) op: String,
    pub(super) key: String,
    pub(super) values: Pairs,
    pub(super) errors: Vec<FieldError>,
}

impl Kept {
    pub(super) fn is(&self, op: &str, key: &str) -> bool {
        self.op == op && self.key == key
    }
}

/// One form being drawn: where its values and problems come from.
pub(super) struct F<'k> {
    pub(super) kept: Option<&'k Kept>,
    pub(super) inputs: &'static [&'static str],
}

impl<'k> F<'k> {
    pub(super) fn new(k: &'k Kept, op: &str, key: &str, inputs: &'static [&'static str]) -> F<'k> {
        F {
            kept: k.is(op, key).then_some(k),
            inputs,
        }
    }

    /// What the user typed in `name`, else `default`.
    pub(super) fn val(&self, name: &str, default: &str) -> String {
        match self.kept {
            Some(k) => field(&k.values, name).unwrap_or_default().to_string(),
            None => default.to_string(),
        }
    }

    /// The input a problem concerns (`None`: the form as a whole); a
    /// problem with a value's cited passage goes beside its quote.
    pub(super) fn input_for(&self, e: &FieldError) -> Option<String> {
        let input = self.entry_input(&e.field)?;
        Some(match e.part.as_deref() {
            Some("evidence") => format!("{input}_quote"),
            _ => input.to_string(),
        })
    }

    pub(super) fn entry_input(&self, f: &str) -> Option<&'static str> {
        let last = f.rsplit('.').next().unwrap_or(f);
        let want = match last {
            "scale" => "min",
            "scenario" if self.inputs.contains(&"id") => "id",
            "scenario" => "name",
            x => x,
        };
        let found = self.inputs.iter().find(|i| **i == want).copied();
        found.or_else(|| {
            (!f.contains('.') && self.inputs.contains(&"id"))
                .then_some("id")
                .filter(|_| f != "scenario")
        })
    }

    /// The problems beside input `name`.
    pub(super) fn errs(&self, name: &str) -> Markup {
        let Some(k) = self.kept else {
            return html! {};
        };
        html! {
            @for e in k.errors.iter().filter(|e| self.input_for(e).as_deref() == Some(name)) {
                (problem(e, name))
            }
        }
    }

    /// The problems of no input of the form, at its top.
    pub(super) fn top(&self) -> Markup {
        let Some(k) = self.kept else {
            return html! {};
        };
        html! {
            @for e in k.errors.iter().filter(|e| self.input_for(e).is_none()) {
                (problem(e, ""))
            }
        }
    }

    pub(super) fn invalid(&self, name: &str) -> Option<&'static str> {
        self.kept
            .filter(|k| {
                k.errors
                    .iter()
                    .any(|e| self.input_for(e).as_deref() == Some(name))
            })
            .map(|_| "true")
    }
}

/// One problem, with its fix and, for a quote, the closest passage.
pub(in crate::pages) fn problem(e: &FieldError, input: &str) -> Markup {
    let l = crate::lang::current();
    html! {
        div.field-error role="alert" data-field=(e.field) data-input=(input) {
            p.error { (e.message_in(l)) }
            @if let Some(h) = e.help_in(l) { p.fix { (tr(l, "web-build-fix")) " " (h) } }
            @if let Some(c) = &e.closest {
                p.closest data-testid="closest" {
                    (tr(l, "web-build-closest")) " "
                    a href=(passage_href(&c.passage)) { (c.passage) } ": "
                    q { (c.excerpt) }
                }
            }
        }
    }
}

/// A text input with its label and problems.
pub(super) fn text(f: &F, label: &str, name: &str, default: &str, required: bool) -> Markup {
    html! {
        label data-input=(name) { (label) " "
            input type="text" name=(name) value=(f.val(name, default)) required[required] aria-invalid=[f.invalid(name)];
        }
        (f.errs(name))
    }
}

/// A number input bounded by `bounds` (the issue's scale, 0–1 for
/// salience).
pub(super) fn number(
    f: &F,
    label: &str,
    name: &str,
    default: &str,
    bounds: (Option<f64>, Option<f64>),
    required: bool,
) -> Markup {
    html! {
        label data-input=(name) { (label) " "
            input type="number" step="any" name=(name) min=[bounds.0.map(num)] max=[bounds.1.map(num)]
                value=(f.val(name, default)) required[required] aria-invalid=[f.invalid(name)];
        }
        (f.errs(name))
    }
}

/// A value's inputs: the number, and what it rests on — the analyst's
/// judgement and/or a cited passage with its verbatim quote.
pub(super) fn sourced(
    f: &F,
    label: &str,
    name: &str,
    bounds: (Option<f64>, Option<f64>),
    required: bool,
) -> Markup {
    let l = crate::lang::current();
    let j = format!("{name}_judgement");
    let p = format!("{name}_passage");
    let q = format!("{name}_quote");
    html! {
        fieldset.sourced data-value=(name) {
            legend { (label) }
            (number(f, &tr(l, "web-build-value"), name, "", bounds, required))
            label.wide { (tr(l, "web-build-judgement")) " "
                textarea name=(j) rows="2" cols="60" { (f.val(&j, "")) }
            }
            span.or { (tr(l, "web-build-or-cite")) }
            label { (tr(l, "web-build-passage")) " "
                input type="text" name=(p) value=(f.val(&p, "")) placeholder="004_b3e4016961f00b53#p12" size="30";
            }
            label.wide { (tr(l, "web-build-quote")) " "
                textarea name=(q) rows="2" cols="60" aria-invalid=[f.invalid(&q)] { (f.val(&q, "")) }
            }
            (f.errs(&q))
        }
    }
}

/// The value a form's inputs named `name…` describe (`None`: left empty
/// where optional).
pub(super) fn sourced_of(p: &Pairs, name: &str, errors: &mut Vec<FieldError>) -> Option<SourcedIn> {
    let l = crate::lang::current();
    let value = match number_field(p, name) {
        Ok(v) => v,
        Err(_) => {
            errors.push(FieldError::new(name, tr(l, "web-build-not-a-number")));
            return None;
        }
    };
    let get = |k: &str| {
        field(p, &format!("{name}_{k}"))
            .map(|v| v.replace("\r\n", "\n").trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let evidence: Vec<EvidenceIn> = get("passage")
        .map(|passage| EvidenceIn {
            passage,
            quote: get("quote"),
        })
        .into_iter()
        .collect();
    Some(SourcedIn {
        value: value?,
        judgement: get("judgement"),
        evidence,
    })
}

/// A required number of a form.
pub(super) fn required(p: &Pairs, name: &str, errors: &mut Vec<FieldError>) -> f64 {
    let l = crate::lang::current();
    match number_field(p, name) {
        Ok(Some(x)) => x,
        Ok(None) => {
            errors.push(FieldError::new(name, tr(l, "web-build-required")));
            f64::NAN
        }
        Err(_) => {
            errors.push(FieldError::new(name, tr(l, "web-build-not-a-number")));
            f64::NAN
        }
    }
}

/// `VALUE = LABEL`, one anchor a line.
pub(super) fn anchors_of(p: &Pairs, errors: &mut Vec<FieldError>) -> Vec<AnchorIn> {
    let l = crate::lang::current();
    let mut out = Vec::new();
    for line in field(p, "anchors").unwrap_or_default().lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line
            .split_once('=')
            .and_then(|(v, lab)| Some((v.trim().parse::<f64>().ok()?, lab.trim())))
        {
            Some((value, label)) if value.is_finite() && !label.is_empty() => out.push(AnchorIn {
                value,
                label: label.to_string(),
            }),
            _ => errors.push(
                FieldError::new(
                    "anchors",
                    tr_args(l, "web-build-bad-anchor", &[("line", line.to_string())]),
                )
                .help(tr(l, "web-build-anchor-help")),
            ),
        }
    }
    out
}

pub(super) fn anchors_text(i: &Issue) -> String {
    i.anchors
        .iter()
        .map(|a| format!("{} = {}", num(a.value), a.label))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn s(p: &Pairs, k: &str) -> String {
    field(p, k).unwrap_or_default().trim().to_string()
}

/// The change a builder form describes, or the problems of its inputs.
pub(super) fn change_of(p: &Pairs) -> Result<Change, Vec<FieldError>> {
    let mut e = Vec::new();
    let c = match s(p, "op").as_str() {
        "create" => Change::Create {
            name: s(p, "name"),
            question: s(p, "question"),
        },
        "header" => Change::Header {
            name: s(p, "name"),
            question: s(p, "question"),
        },
        "add_actor" => {
            let cap = sourced_of(p, "capability", &mut e);
            if cap.is_none() && e.is_empty() {
                e.push(FieldError::new(
                    "capability",
                    tr(crate::lang::current(), "web-build-required"),
                ));
            }
            Change::AddActor {
                id: s(p, "id"),
                name: s(p, "name"),
                description: String::new(),
                capability: cap.unwrap_or_default(),
            }
        }
        "edit_actor" => Change::EditActor {
            actor: s(p, "key"),
            id: s(p, "id"),
            name: s(p, "name"),
            description: s(p, "description"),
        },
        "remove_actor" => Change::RemoveActor { actor: s(p, "key") },
        "add_issue" | "edit_issue" => {
            let (min, max) = (required(p, "min", &mut e), required(p, "max", &mut e));
            let anchors = anchors_of(p, &mut e);
            if s(p, "op") == "edit_issue" {
                Change::EditIssue {
                    issue: s(p, "key"),
                    id: s(p, "id"),
                    name: s(p, "name"),
                    unit: s(p, "unit"),
                    min,
                    max,
                    anchors,
                    description: s(p, "description"),
                }
            } else {
                Change::AddIssue {
                    id: s(p, "id"),
                    name: s(p, "name"),
                    unit: s(p, "unit"),
                    min,
                    max,
                    anchors,
                    description: String::new(),
                    status_quo: sourced_of(p, "status_quo", &mut e),
                }
            }
        }
        "remove_issue" => Change::RemoveIssue { issue: s(p, "key") },
        "add_stance" => {
            let pos = sourced_of(p, "position", &mut e);
            let sal = sourced_of(p, "salience", &mut e);
            for (name, v) in [("position", &pos), ("salience", &sal)] {
                if v.is_none() && !e.iter().any(|x| x.field == name) {
                    e.push(FieldError::new(
                        name,
                        tr(crate::lang::current(), "web-build-required"),
                    ));
                }
            }
            Change::AddStance {
                actor: s(p, "actor"),
                issue: s(p, "key"),
                position: pos.unwrap_or_default(),
                salience: sal.unwrap_or_default(),
            }
        }
        op => {
            return Err(vec![FieldError::new(
                "scenario",
                format!("unknown change {op:?}"),
            )])
        }
    };
    if e.is_empty() {
        Ok(c)
    } else {
        Err(e)
    }
}
