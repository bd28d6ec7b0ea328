//! Reads and validates `plan.toml` against its scenario. Every rule of
//! docs/seeds-analyses.md ("plan.toml", "Rules checked on load") lives here;
//! all problems are reported at once, each with file, line, column and a hint.

use crate::{Action, Change, Effect, Plan, Status};
use domei_parts::{parse, suggest, RawRef, RawValue, Reader};
use domei_scenario::{Diagnostics, Scenario};
use domei_strategy::edit::{Edit, Target};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::HashSet;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    plan: Option<Spanned<HeaderT>>,
    #[serde(default)]
    actions: Vec<Spanned<ActionT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderT {
    id: Option<Spanned<String>>,
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "for")]
    for_actor: Option<Spanned<String>>,
    scenario: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionT {
    id: Spanned<String>,
    title: Option<String>,
    description: Option<String>,
    target: Option<Spanned<String>>,
    #[serde(default)]
    issues: Vec<Spanned<String>>,
    #[serde(default)]
    effect: Vec<Spanned<EffectT>>,
    owner: Option<String>,
    due: Option<Spanned<toml::Value>>,
    status: Option<Spanned<String>>,
    #[serde(default)]
    evidence: Vec<Spanned<RawRef>>,
    judgement: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EffectT {
    edit: Spanned<String>,
    shift: Option<Spanned<RawValue>>,
    set: Option<Spanned<RawValue>>,
}

/// Parses and validates `text` (the contents of `path`) for scenario `s`.
pub fn read(path: &Path, text: &str, s: &Scenario) -> Result<Plan, Diagnostics> {
    // Japanese forms (`name_ja`, ...) are read in the English view, which
    // keeps every line (domei_scenario::lang); locations index this text.
    let viewed = domei_scenario::lang::view(text, domei_scenario::lang::Lang::En);
    let text = viewed.as_str();
    let file: FileT = parse(path, text)?;
    let (mut r, hloc, h) = Reader::new(path, text).header("plan", file.plan)?;
    let id = r.header_id("plan", hloc, h.id.as_ref());
    r.scenario_id("plan.toml", h.scenario.as_ref(), &s.id);
    if let Some(f) = &h.for_actor {
        actor(&mut r, s, "[plan] for", f);
    }

    let mut seen = HashSet::new();
    let mut actions = Vec::new();
    for at in &file.actions {
        let a = at.get_ref();
        let loc = r.at(&a.id);
        let aid = a.id.get_ref().clone();
        r.check_id("action", &aid, loc);
        if !seen.insert(aid.clone()) {
            r.err(
                loc,
                format!("duplicate action id {aid:?}"),
                "give every action its own id",
            );
        }
        let name = format!("action {aid}");
        let text = |r: &mut Reader, key: &str, v: &Option<String>| -> String {
            let t = v.clone().unwrap_or_default();
            if t.trim().is_empty() {
                r.err(
                    loc,
                    format!("{name} has no {key}"),
                    format!("add `{key} = \"...\"`"),
                );
            }
            t
        };
        let title = text(&mut r, "title", &a.title);
        let owner = text(&mut r, "owner", &a.owner);
        let target = match &a.target {
            Some(t) => {
                actor(&mut r, s, &format!("{name}: target"), t);
                t.get_ref().clone()
            }
            None => {
                r.err(
                    loc,
                    format!("{name} has no target"),
                    "add `target = \"ACTOR\"`: the actor the action is aimed at",
                );
                String::new()
            }
        };
        let mut issues = Vec::new();
        for i in &a.issues {
            if s.issue_index(i.get_ref()).is_none() {
                unknown_issue(&mut r, s, &name, i);
            } else if issues.contains(i.get_ref()) {
                r.err(
                    r.at(i),
                    format!("{name}: issue {:?} is listed twice", i.get_ref()),
                    "list each issue once",
                );
            }
            issues.push(i.get_ref().clone());
        }
        let due = match &a.due {
            Some(d) => check_date(&mut r, &name, d),
            None => {
                r.err(
                    loc,
                    format!("{name} has no due date"),
                    "add `due = \"YYYY-MM-DD\"`",
                );
                String::new()
            }
        };
        let status = match a
            .status
            .as_ref()
            .map(|st| (st.get_ref().as_str(), r.at(st)))
        {
            Some(("planned", _)) => Status::Planned,
            Some(("in-progress" | "in progress" | "in_progress", _)) => Status::InProgress,
            Some(("done", _)) => Status::Done,
            Some(("dropped", _)) => Status::Dropped,
            Some((other, at)) => {
                r.err(
                    at,
                    format!("{name}: unknown status {other:?}"),
                    "use \"planned\", \"in-progress\", \"done\" or \"dropped\"",
                );
                Status::Planned
            }
            None => {
                r.err(
                    loc,
                    format!("{name} has no status"),
                    "add `status = \"planned\"` (or in-progress, done, dropped)",
                );
                Status::Planned
            }
        };
        let evidence = r.refs(&name, &a.evidence);
        let judgement = a.judgement.clone().filter(|j| !j.trim().is_empty());
        r.require_source(&name, &evidence, judgement.as_deref(), loc);
        let effects = a
            .effect
            .iter()
            .filter_map(|e| effect(&mut r, s, &name, &issues, e))
            .collect();
        actions.push(Action {
            id: aid,
            title,
            description: a.description.clone().unwrap_or_default(),
            target,
            issues,
            effects,
            owner,
            due,
            status,
            evidence,
            judgement,
            loc,
        });
    }
    if actions.is_empty() {
        r.err(hloc, "the plan has no actions", "add [[actions]] entries");
    }
    r.finish()?;
    let for_actor = h.for_actor.map(Spanned::into_inner);
    Ok(Plan {
        path: path.to_path_buf(),
        id,
        name: h.name.unwrap_or_default(),
        description: h.description.unwrap_or_default(),
        for_actor,
        actions,
    })
}

fn actor(r: &mut Reader, s: &Scenario, what: &str, a: &Spanned<String>) -> Option<usize> {
    let found = s.actor_index(a.get_ref());
    if found.is_none() {
        let hint = suggest(a.get_ref(), s.actors.iter().map(|a| a.id.as_str())).map_or(
            format!("actors are the ids of the scenario's [[actors]] ({})", s.id),
            |c| format!("did you mean {c:?}?"),
        );
        r.err(
            r.at(a),
            format!("{what}: unknown actor {:?}", a.get_ref()),
            hint,
        );
    }
    found
}

fn unknown_issue(r: &mut Reader, s: &Scenario, name: &str, i: &Spanned<String>) {
    let hint = suggest(i.get_ref(), s.issues.iter().map(|i| i.id.as_str())).map_or(
        format!("issues are the ids of the scenario's [[issues]] ({})", s.id),
        |c| format!("did you mean {c:?}?"),
    );
    r.err(
        r.at(i),
        format!("{name}: unknown issue {:?}", i.get_ref()),
        hint,
    );
}

/// `YYYY-MM-DD` (a string or a TOML date) with a real month and day.
fn check_date(r: &mut Reader, name: &str, d: &Spanned<toml::Value>) -> String {
    let text = match d.get_ref() {
        toml::Value::String(t) => t.clone(),
        toml::Value::Datetime(dt) => dt.to_string(),
        other => other.to_string(),
    };
    let parts: Vec<&str> = text.split('-').collect();
    let ok = match parts.as_slice() {
        [y, m, dd] if y.len() == 4 && m.len() == 2 && dd.len() == 2 => {
            match (y.parse::<u32>(), m.parse::<u32>(), dd.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(dd)) if (1..=12).contains(&m) => {
                    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                    let days = [
                        31,
                        if leap { 29 } else { 28 },
                        31,
                        30,
                        31,
                        30,
                        31,
                        31,
                        30,
                        31,
                        30,
                        31,
                    ][(m - 1) as usize];
                    (1..=days).contains(&dd)
                }
                _ => false,
            }
        }
        _ => false,
    };
    if !ok {
        r.err(
            r.at(d),
            format!("{name}: due date {text:?} is not a date YYYY-MM-DD"),
            "write e.g. `due = \"2025-06-30\"`",
        );
    }
    text
}

fn effect(
    r: &mut Reader,
    s: &Scenario,
    name: &str,
    issues: &[String],
    e: &Spanned<EffectT>,
) -> Option<Effect> {
    let loc = r.at(e);
    let e = e.get_ref();
    let path = e.edit.get_ref().trim().to_string();
    let at = r.at(&e.edit);
    let parsed: Edit = match format!("{path}=0").parse() {
        Ok(p) if !path.contains('=') => p,
        _ => {
            r.err(at, format!("{name}: bad edit path {path:?}"), "write ACTOR.ISSUE.position, ACTOR.ISSUE.salience, ACTOR.capability or ISSUE.status_quo (the amount goes in `shift` or `set`)");
            return None;
        }
    };
    let actor = match parsed.target {
        Target::StatusQuo => None,
        _ => match s.actor_index(&parsed.actor) {
            Some(a) => Some(a),
            None => {
                let hint = suggest(&parsed.actor, s.actors.iter().map(|a| a.id.as_str())).map_or(
                    "actors are the ids of the scenario's [[actors]]".to_string(),
                    |c| format!("did you mean {c:?}?"),
                );
                r.err(
                    at,
                    format!(
                        "{name}: edit {path:?} names unknown actor {:?}",
                        parsed.actor
                    ),
                    hint,
                );
                return None;
            }
        },
    };
    let issue = match parsed.target {
        Target::Capability => None,
        _ => match s.issue_index(&parsed.issue) {
            Some(i) => Some(i),
            None => {
                let hint = suggest(&parsed.issue, s.issues.iter().map(|i| i.id.as_str())).map_or(
                    "issues are the ids of the scenario's [[issues]]".to_string(),
                    |c| format!("did you mean {c:?}?"),
                );
                r.err(
                    at,
                    format!(
                        "{name}: edit {path:?} names unknown issue {:?}",
                        parsed.issue
                    ),
                    hint,
                );
                return None;
            }
        },
    };
    if let Some(i) = issue {
        if !issues.contains(&s.issues[i].id) {
            r.err(
                at,
                format!(
                    "{name}: edit {path:?} changes issue {:?}, which the action does not list",
                    s.issues[i].id
                ),
                format!("add {:?} to the action's `issues`", s.issues[i].id),
            );
        }
    }
    if let (Some(a), Some(i), Target::Position | Target::Salience) = (actor, issue, parsed.target) {
        if s.stance(a, i).is_none() {
            r.err(
                at,
                format!(
                    "{name}: {} has no stance on {} in the scenario",
                    s.actors[a].id, s.issues[i].id
                ),
                "add the stance to scenario.toml first, or edit another actor's value",
            );
            return None;
        }
    }
    let (change, raw) = match (&e.shift, &e.set) {
        (Some(x), None) => (Change::Shift, x),
        (None, Some(x)) => (Change::Set, x),
        _ => {
            r.err(
                loc,
                format!("{name}: effect {path:?} needs exactly one of `shift` and `set`"),
                "e.g. `shift = { value = -2, low = -4, high = 0, judgement = \"...\" }`",
            );
            return None;
        }
    };
    let draft = Effect {
        path: path.clone(),
        target: parsed.target,
        actor,
        issue,
        change,
        amount: domei_scenario::Value::point(0.0),
        loc,
    };
    let (cur, lo, hi) = crate::apply::current(s, &draft)?;
    let bounds = match change {
        Change::Set => (lo, hi, "the value's domain"),
        Change::Shift if hi.is_finite() => (-(hi - lo), hi - lo, "the largest possible shift"),
        Change::Shift => (f64::MIN, f64::MAX, "finite numbers"),
    };
    let what = format!(
        "{name}: {path} {}",
        if change == Change::Set {
            "set"
        } else {
            "shift"
        }
    );
    let amount = r.value(&what, raw, Some(bounds))?;
    if change == Change::Shift {
        let after = cur + amount.value;
        if after < lo || after > hi {
            r.err(r.at(raw), format!("{what}: the point shift takes {path} from {cur} to {after}, outside {lo}..{hi}"), "shift by less; ranges may reach past the domain (draws are clamped), the point value may not");
        }
    }
    Some(Effect { amount, ..draft })
}
