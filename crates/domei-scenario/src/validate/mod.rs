//! Every rule a scenario must satisfy, checked in one pass.
//!
//! [`validate`] turns a [`Draft`] from any reader into a [`Scenario`],
//! collecting every problem it finds (not just the first) as a located
//! [`Diagnostic`] with a hint on how to fix it. Nothing downstream re-checks
//! these rules; engines rely on them (see ARCHITECTURE.md, "Invariants").

use crate::diag::{Diagnostic, Diagnostics};
use crate::draft::{Draft, DraftValue};
use crate::model::{Actor, Anchor, EvidenceRef, Issue, Loc, Origin, Scenario, Stance, Value};
use std::collections::HashMap;

mod value;

use value::Sink;
pub use value::{check_reference, check_value};

/// What the models about to run need beyond the always-checked rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct Requirements {
    /// Every issue must have a status quo (e.g. Nash bargaining).
    pub status_quo: bool,
    /// Name of the model needing it, for the message.
    pub status_quo_for: Option<&'static str>,
    /// A work in progress (a scenario the workbench is building and
    /// stores version by version): the rules that make a scenario runnable
    /// rather than well-formed — at least one actor, issue and stance, every
    /// issue with a stance of salience > 0 — are not checked. Every other
    /// rule is. A run checks the whole scenario (`draft: false`).
    pub draft: bool,
}

/// True for ids of the form `[A-Za-z0-9][A-Za-z0-9_-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

struct Checker<'a> {
    draft: &'a Draft,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn err(&mut self, loc: Loc, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(&self.draft.path, loc, message).help(help));
    }

    fn check_id(&mut self, what: &str, id: &str, loc: Loc) {
        if !is_valid_id(id) {
            self.err(
                loc,
                format!("{what} id {id:?} is not a valid id"),
                "ids start with a letter or digit and contain only letters, digits, '-' and '_'",
            );
        }
    }

    /// Checks a value's numbers (finite, range order, bounds) and references.
    /// `bounds` is `(lo, hi, description)`; returns the value when usable.
    fn value(
        &mut self,
        name: &str,
        v: &DraftValue,
        bounds: Option<(f64, f64, &str)>,
        divide_by: f64,
    ) -> Option<Value> {
        check_value(
            &self.draft.path,
            name,
            v,
            bounds,
            divide_by,
            &mut self.diags,
        )
    }
}

/// The limits on a scenario's size (domei-limits: actors, issues, stances,
/// table cells), each refused with the limit's name and a hint.
fn size_limits(draft: &Draft) -> Result<(), Diagnostics> {
    use domei_limits::{ACTORS, ISSUES, STANCES, TABLE};
    let (a, i) = (draft.actors.len(), draft.issues.len());
    let mut diags = Diagnostics::default();
    for (limit, n) in [
        (ACTORS, a),
        (ISSUES, i),
        (STANCES, draft.stances.len()),
        (TABLE, a.saturating_mul(i)),
    ] {
        if n as u64 > limit.max {
            diags.push(crate::format::prescan::too_many(
                &draft.path,
                draft.header_loc,
                limit,
                n as u64,
                "",
            ));
        }
    }
    diags.into_result()
}

/// Checks every rule and builds the scenario, or returns all diagnostics.
pub fn validate(draft: &Draft, req: Requirements) -> Result<Scenario, Diagnostics> {
    // Sizes first: the validated scenario keeps an actors × issues table,
    // so a table beyond the limits is refused before it is built.
    size_limits(draft)?;
    let mut c = Checker {
        draft,
        diags: Diagnostics::default(),
    };
    let sal = draft.salience_scale;

    let id = draft.id.clone().unwrap_or_default();
    if id.is_empty() {
        c.err(
            draft.header_loc,
            "the scenario has no id",
            "add `id = \"...\"` under [scenario]",
        );
    } else {
        c.check_id("scenario", &id, draft.header_loc);
    }
    for (l, loc) in &draft.languages {
        if !matches!(l.as_str(), "en" | "ja") {
            c.err(
                *loc,
                format!("unknown language {l:?}"),
                "languages lists \"en\" and/or \"ja\" (docs/scenario-format.md, \"Languages\")",
            );
        }
    }
    let complete = !req.draft;
    if complete && draft.actors.is_empty() {
        c.err(
            draft.header_loc,
            "the scenario has no actors",
            "add at least one [[actors]] entry",
        );
    }
    if complete && draft.issues.is_empty() {
        c.err(
            draft.header_loc,
            "the scenario has no issues",
            "add at least one [[issues]] entry",
        );
    }
    if complete && draft.stances.is_empty() && !draft.actors.is_empty() && !draft.issues.is_empty()
    {
        c.err(
            draft.header_loc,
            "the scenario has no stances",
            "add [[stances]] giving actors' positions on issues",
        );
    }

    // Actors.
    let mut capability_total = 0.0f64;
    let mut total_reported = false;
    let mut actor_ix: HashMap<&str, usize> = HashMap::new();
    let mut actors = Vec::new();
    for a in &draft.actors {
        c.check_id("actor", &a.id, a.loc);
        if actor_ix.contains_key(a.id.as_str()) {
            c.err(
                a.loc,
                format!("duplicate actor id {:?}", a.id),
                "give every actor its own id",
            );
            continue;
        }
        let name = format!("actor {}: capability", a.id);
        let capability = match &a.capability {
            None => {
                c.err(
                    a.loc,
                    format!("actor {:?} has no capability", a.id),
                    "add `capability = ...` (a number > 0)",
                );
                None
            }
            Some(v) => c.value(&name, v, None, 1.0),
        };
        let capability = capability.filter(|v| {
            let bad = v.low() <= 0.0;
            if bad {
                c.err(
                    v.loc,
                    format!("{name} must be > 0, got {}", v.low()),
                    "capabilities are relative weights; use a positive number",
                );
            }
            !bad
        });
        // The models add capabilities up: their total must stay far from
        // overflow (only ratios matter, so nothing is lost by rescaling).
        if let Some(v) = &capability {
            capability_total += v.high();
            if capability_total > domei_limits::MAX_CAPABILITY_TOTAL && !total_reported {
                total_reported = true;
                c.err(
                    v.loc,
                    format!(
                        "{name}: the capabilities add up to more than {:e} here (`capability_total`)",
                        domei_limits::MAX_CAPABILITY_TOTAL
                    ),
                    "capabilities are relative weights: divide them all by the same large number",
                );
            }
        }
        actor_ix.insert(&a.id, actors.len());
        actors.push(capability.map(|capability| {
            Actor {
                id: a.id.clone(),
                name: a
                    .name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| a.id.clone()),
                description: a.description.clone().unwrap_or_default(),
                capability,
                loc: a.loc,
            }
        }));
    }

    // Issues.
    let mut issue_ix: HashMap<&str, usize> = HashMap::new();
    let mut issues = Vec::new();
    for i in &draft.issues {
        c.check_id("issue", &i.id, i.loc);
        if issue_ix.contains_key(i.id.as_str()) {
            c.err(
                i.loc,
                format!("duplicate issue id {:?}", i.id),
                "give every issue its own id",
            );
            continue;
        }
        issue_ix.insert(&i.id, issues.len());
        let scale = match (i.min, i.max) {
            (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() && lo < hi => Some((lo, hi)),
            (Some(lo), Some(hi)) => {
                c.err(
                    i.scale_loc,
                    format!("issue {:?}: scale {lo}..{hi} is empty or not finite", i.id),
                    "write `scale = { min = ..., max = ... }` with min < max",
                );
                None
            }
            _ => {
                c.err(
                    i.scale_loc,
                    format!("issue {:?} has no scale", i.id),
                    "add `scale = { min = ..., max = ... }`",
                );
                None
            }
        };
        let Some((lo, hi)) = scale else {
            issues.push(None);
            continue;
        };
        let what = format!("issue {:?}'s scale", i.id);
        let status_quo = i.status_quo.as_ref().and_then(|v| {
            c.value(
                &format!("issue {}: status_quo", i.id),
                v,
                Some((lo, hi, &what)),
                1.0,
            )
        });
        if req.status_quo && i.status_quo.is_none() {
            let model = req.status_quo_for.unwrap_or("the chosen model");
            c.err(i.loc, format!("issue {:?} has no status quo, which {model} needs", i.id), "add [issues.status_quo] with the current state on the issue's scale, or choose another model");
        }
        let mut anchors = Vec::new();
        for an in &i.anchors {
            if !an.value.is_finite() || an.value < lo || an.value > hi {
                c.err(
                    an.loc,
                    format!(
                        "issue {:?}: anchor {} ({:?}) lies outside the scale {lo}..{hi}",
                        i.id, an.value, an.label
                    ),
                    "anchors label points on the scale; move it inside or widen the scale",
                );
            } else {
                anchors.push(Anchor {
                    value: an.value,
                    label: an.label.clone(),
                });
            }
        }
        anchors.sort_by(|a, b| a.value.total_cmp(&b.value));
        let outcome = match i.outcome {
            Some((x, loc)) if !x.is_finite() || x < lo || x > hi => {
                c.err(
                    loc,
                    format!(
                        "issue {:?}: outcome {x} lies outside the scale {lo}..{hi}",
                        i.id
                    ),
                    "an outcome is a point on the issue's scale",
                );
                None
            }
            o => o.map(|(x, _)| x),
        };
        issues.push(Some(Issue {
            id: i.id.clone(),
            name: i
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| i.id.clone()),
            description: i.description.clone().unwrap_or_default(),
            unit: i.unit.clone().unwrap_or_default(),
            min: lo,
            max: hi,
            anchors,
            status_quo,
            outcome,
            group: i.group.clone(),
            meta: i.meta.clone(),
            loc: i.loc,
        }));
    }

    // Stances. Values are checked even when the actor or issue is unknown,
    // so one pass reports everything.
    let mut stances: Vec<Vec<Option<Stance>>> = vec![vec![None; issues.len()]; actors.len()];
    let mut seen: HashMap<(usize, usize), Loc> = HashMap::new();
    let mut mentioned = vec![false; issues.len()];
    for s in &draft.stances {
        let a = actor_ix.get(s.actor.as_str()).copied();
        let i = issue_ix.get(s.issue.as_str()).copied();
        if a.is_none() {
            let known: Vec<&str> = draft.actors.iter().map(|a| a.id.as_str()).collect();
            c.err(
                s.actor_loc,
                format!("unknown actor {:?}", s.actor),
                suggest("actor", &s.actor, &known),
            );
        }
        if i.is_none() {
            let known: Vec<&str> = draft.issues.iter().map(|i| i.id.as_str()).collect();
            c.err(
                s.issue_loc,
                format!("unknown issue {:?}", s.issue),
                suggest("issue", &s.issue, &known),
            );
        }
        if let Some(i) = i {
            mentioned[i] = true;
        }
        if let (Some(a), Some(i)) = (a, i) {
            if let Some(first) = seen.insert((a, i), s.loc) {
                c.err(
                    s.loc,
                    format!(
                        "a second stance for actor {:?} on issue {:?} (the first is at line {})",
                        s.actor, s.issue, first.line
                    ),
                    "keep one stance per actor and issue",
                );
                continue;
            }
        }
        let label = format!("{}.{}", s.actor, s.issue);
        let scale = i
            .and_then(|i| issues[i].as_ref())
            .map(|is| (is.min, is.max, format!("issue {:?}'s scale", is.id)));
        let position = match &s.position {
            None => {
                c.err(
                    s.loc,
                    format!("{label}: no position"),
                    "add a position on the issue's scale",
                );
                None
            }
            Some(v) => c.value(
                &format!("{label}.position"),
                v,
                scale.as_ref().map(|(lo, hi, w)| (*lo, *hi, w.as_str())),
                1.0,
            ),
        };
        if let Some(p) = &position {
            position_needs_judgement(
                &mut Sink {
                    path: &draft.path,
                    diags: &mut c.diags,
                },
                &format!("{label}.position"),
                p,
            );
        }
        let salience = match &s.salience {
            None => {
                c.err(
                    s.loc,
                    format!("{label}: no salience"),
                    format!("add a salience between 0 and {sal}"),
                );
                None
            }
            Some(v) => c.value(
                &format!("{label}.salience"),
                v,
                Some((0.0, sal, "the salience range")),
                sal,
            ),
        };
        if let (Some(a), Some(i), Some(position), Some(salience), Some(_)) =
            (a, i, position, salience, &scale)
        {
            if actors[a].is_some() {
                stances[a][i] = Some(Stance {
                    position,
                    salience,
                    loc: s.loc,
                });
            }
        }
    }

    // Every issue needs someone who cares about it. Skip when earlier errors
    // already explain a missing stance.
    let errors_so_far = !c.diags.is_empty();
    for (i, issue) in issues.iter().enumerate() {
        let Some(issue) = issue.as_ref().filter(|_| complete) else {
            continue;
        };
        let cared = stances
            .iter()
            .any(|row| row[i].as_ref().is_some_and(|s| s.salience.value > 0.0));
        if !mentioned[i] {
            c.err(
                issue.loc,
                format!("issue {:?} has no stances", issue.id),
                "give at least one actor a position and salience on it, or remove the issue",
            );
        } else if !cared && !errors_so_far {
            c.err(
                issue.loc,
                format!("issue {:?}: every actor's salience is 0", issue.id),
                "at least one actor must care about an issue (salience > 0)",
            );
        }
    }

    c.diags.into_result()?;
    // With no diagnostics every entry is Some; the filter_map cannot drop any.
    Ok(Scenario {
        id,
        name: draft
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| draft.id.clone().unwrap_or_default()),
        question: draft.question.clone().unwrap_or_default(),
        description: draft.description.clone().unwrap_or_default(),
        actors: actors.into_iter().flatten().collect(),
        issues: issues.into_iter().flatten().collect(),
        stances,
        origin: Some(Origin {
            path: draft.path.clone(),
            format: draft.format,
        }),
    })
}

fn suggest(what: &str, got: &str, known: &[&str]) -> String {
    let close = known
        .iter()
        .min_by_key(|k| edit_distance(got, k))
        .filter(|k| edit_distance(got, k) <= 3);
    match close {
        Some(k) => format!("did you mean {k:?}? Known {what}s: {}", known.join(", ")),
        None => format!("known {what}s: {}", known.join(", ")),
    }
}

/// Levenshtein distance in characters: the "did you mean" hints of the
/// scenario and of its parts.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A position whose evidence is only `context` and/or an author's
/// `recommendation` counts as judgement: it must carry a `judgement` text.
fn position_needs_judgement(c: &mut Sink, name: &str, v: &Value) {
    if !v.evidence.is_empty()
        && v.evidence.iter().all(EvidenceRef::counts_as_judgement)
        && v.judgement.is_none()
    {
        c.err(
            v.loc,
            format!("{name}: its evidence is only context or an author's recommendation, which counts as judgement, but it records no judgement"),
            "add `judgement = \"...\"` with your reasoning, or cite a passage that states or implies the actor's position (support = \"states\" or \"implies\", voice = \"actor\" or \"observer\")",
        );
    }
}

#[cfg(test)]
mod tests;
