//! Differences between two versions of a scenario: a unified line diff of
//! the TOML text, and a semantic summary of what changed (actors and issues
//! added or removed, values changed: `actor.issue.field old → new`),
//! computed by parsing both versions. Pure: the store diffs the versions
//! it keeps with it, and any caller can diff two texts.

use crate::{Scenario, Value};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One semantic change. `old` is `None` for something added, `new` for
/// something removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: `scenario.name`, `actor:ID`, `issue:ID`,
    /// `ISSUE.scale`, `ACTOR.capability`, `ACTOR.ISSUE.salience`,
    /// `ACTOR.ISSUE.position.evidence`, …
    pub path: String,
    /// The old value as text; `None` when added.
    pub old: Option<String>,
    /// The new value as text; `None` when removed.
    pub new: Option<String>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.old, &self.new) {
            (None, Some(n)) => write!(f, "{}: added ({n})", self.path),
            (Some(o), None) => write!(f, "{}: removed (was {o})", self.path),
            (Some(o), Some(n)) => write!(f, "{}: {o} → {n}", self.path),
            (None, None) => write!(f, "{}: changed", self.path),
        }
    }
}

/// The difference between two versions of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioDiff {
    /// The scenario's id.
    pub scenario_id: String,
    /// The older version's number in the store.
    pub from: i64,
    /// The newer version's number in the store.
    pub to: i64,
    /// Unified diff of the TOML text (empty when identical).
    pub unified: String,
    /// The semantic summary; `None` when a version no longer parses (see
    /// `semantic_error`).
    pub changes: Option<Vec<Change>>,
    /// Why the semantic summary is missing, when [`ScenarioDiff::changes`] is `None`.
    pub semantic_error: Option<String>,
}

/// A scenario text parsed as the store reads one: from `scenario.toml`,
/// default requirements; the error is the diagnostics as text.
fn parse_scenario(text: &str) -> Result<Scenario, String> {
    let path = std::path::Path::new("scenario.toml");
    crate::from_toml_str(path, text, crate::Requirements::default())
        .map_err(|d| format!("the scenario is not valid:\n{d}"))
}

/// Diffs two scenario texts (version numbers only label the output).
pub fn diff_texts(id: &str, from: i64, to: i64, old: &str, new: &str) -> ScenarioDiff {
    let unified = if old == new {
        String::new()
    } else {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("{id} v{from}"), &format!("{id} v{to}"))
            .to_string()
    };
    let (changes, semantic_error) = match (parse_scenario(old), parse_scenario(new)) {
        (Ok(a), Ok(b)) => (Some(semantic(&a, &b)), None),
        (Err(e), _) => (None, Some(format!("version {from}: {e}"))),
        (_, Err(e)) => (None, Some(format!("version {to}: {e}"))),
    };
    ScenarioDiff {
        scenario_id: id.to_string(),
        from,
        to,
        unified,
        changes,
        semantic_error,
    }
}

/// `x` in its shortest exact form (`0.7`, `3`, `1e-9`).
fn num(x: f64) -> String {
    format!("{x}")
}

fn value(v: &Value) -> String {
    match v.range {
        Some((lo, hi)) => format!("{} [{}–{}]", num(v.value), num(lo), num(hi)),
        None => num(v.value),
    }
}

fn push(out: &mut Vec<Change>, path: String, old: Option<String>, new: Option<String>) {
    if old != new {
        out.push(Change { path, old, new });
    }
}

/// What changed from `a` to `b`, in the order of `b`'s file (removed things
/// after the rest of their kind).
pub fn semantic(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let mut out = Vec::new();
    push(
        &mut out,
        "scenario.name".into(),
        Some(a.name.clone()),
        Some(b.name.clone()),
    );
    push(
        &mut out,
        "scenario.question".into(),
        Some(a.question.clone()),
        Some(b.question.clone()),
    );
    push(
        &mut out,
        "scenario.description".into(),
        Some(a.description.clone()),
        Some(b.description.clone()),
    );

    let old_actors: HashMap<&str, usize> = a
        .actors
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    for actor in &b.actors {
        match old_actors.get(actor.id.as_str()) {
            None => push(
                &mut out,
                format!("actor:{}", actor.id),
                None,
                Some(actor.name.clone()),
            ),
            Some(&i) => push(
                &mut out,
                format!("{}.name", actor.id),
                Some(a.actors[i].name.clone()),
                Some(actor.name.clone()),
            ),
        }
    }
    for actor in a.actors.iter().filter(|x| b.actor_index(&x.id).is_none()) {
        push(
            &mut out,
            format!("actor:{}", actor.id),
            Some(actor.name.clone()),
            None,
        );
    }

    let old_issues: HashMap<&str, usize> = a
        .issues
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    for issue in &b.issues {
        let Some(&i) = old_issues.get(issue.id.as_str()) else {
            push(
                &mut out,
                format!("issue:{}", issue.id),
                None,
                Some(issue.name.clone()),
            );
            continue;
        };
        let o = &a.issues[i];
        let id = &issue.id;
        push(
            &mut out,
            format!("{id}.name"),
            Some(o.name.clone()),
            Some(issue.name.clone()),
        );
        push(
            &mut out,
            format!("{id}.unit"),
            Some(o.unit.clone()),
            Some(issue.unit.clone()),
        );
        let scale = |x: &crate::Issue| format!("{}–{}", num(x.min), num(x.max));
        push(
            &mut out,
            format!("{id}.scale"),
            Some(scale(o)),
            Some(scale(issue)),
        );
        let anchors = |x: &crate::Issue| {
            x.anchors
                .iter()
                .map(|an| format!("{} = {}", num(an.value), an.label))
                .collect::<Vec<_>>()
                .join("; ")
        };
        push(
            &mut out,
            format!("{id}.anchors"),
            Some(anchors(o)),
            Some(anchors(issue)),
        );
        push(
            &mut out,
            format!("{id}.outcome"),
            o.outcome.map(num),
            issue.outcome.map(num),
        );
    }
    for issue in a.issues.iter().filter(|x| b.issue_index(&x.id).is_none()) {
        push(
            &mut out,
            format!("issue:{}", issue.id),
            Some(issue.name.clone()),
            None,
        );
    }

    // Every value, by its name (`ACTOR.ISSUE.salience`, ...).
    let named = |s: &Scenario| -> Vec<(String, Value)> {
        s.values()
            .into_iter()
            .map(|(p, v)| (s.value_name(p), v.clone()))
            .collect()
    };
    let (old_values, new_values) = (named(a), named(b));
    let old_map: BTreeMap<&str, &Value> = old_values.iter().map(|(n, v)| (n.as_str(), v)).collect();
    let new_map: BTreeMap<&str, &Value> = new_values.iter().map(|(n, v)| (n.as_str(), v)).collect();
    for (name, v) in &new_values {
        match old_map.get(name.as_str()) {
            None => push(&mut out, name.clone(), None, Some(value(v))),
            Some(o) => {
                push(&mut out, name.clone(), Some(value(o)), Some(value(v)));
                let refs = |x: &Value| {
                    x.evidence
                        .iter()
                        .map(|e| e.passage())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if o.evidence != v.evidence {
                    out.push(Change {
                        path: format!("{name}.evidence"),
                        old: Some(refs(o)),
                        new: Some(refs(v)),
                    });
                }
                push(
                    &mut out,
                    format!("{name}.judgement"),
                    o.judgement.clone(),
                    v.judgement.clone(),
                );
            }
        }
    }
    for (name, v) in &old_values {
        if !new_map.contains_key(name.as_str()) {
            push(&mut out, name.clone(), Some(value(v)), None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"[scenario]
id = "t"
name = "T"

[[actors]]
id = "a"
capability = 2

[[actors]]
id = "b"
capability = 1

[[issues]]
id = "x"
scale = { min = 0, max = 10 }

[[stances]]
actor = "a"
issue = "x"
position = 2
salience = 0.5

[[stances]]
actor = "b"
issue = "x"
position = 8
salience = 1
"#;

    #[test]
    fn names_the_changed_value() {
        let b = A.replacen("salience = 0.5", "salience = 0.9", 1);
        let d = diff_texts("t", 1, 2, A, &b);
        assert!(
            d.unified.contains("-salience = 0.5") && d.unified.contains("+salience = 0.9"),
            "{}",
            d.unified
        );
        let c = d.changes.unwrap();
        assert_eq!(
            c,
            [Change {
                path: "a.x.salience".into(),
                old: Some("0.5".into()),
                new: Some("0.9".into())
            }]
        );
        assert_eq!(c[0].to_string(), "a.x.salience: 0.5 → 0.9");
    }

    #[test]
    fn reports_added_and_removed_actors_and_stances() {
        let b = A
            .replacen(
                "[[actors]]\nid = \"b\"\ncapability = 1\n",
                "[[actors]]\nid = \"c\"\ncapability = 1\n",
                1,
            )
            .replacen("actor = \"b\"", "actor = \"c\"", 1);
        let c = semantic(&parse_scenario(A).unwrap(), &parse_scenario(&b).unwrap());
        let paths: Vec<&str> = c.iter().map(|c| c.path.as_str()).collect();
        for p in [
            "actor:c",
            "actor:b",
            "c.capability",
            "c.x.position",
            "b.x.salience",
        ] {
            assert!(paths.contains(&p), "{p} in {paths:?}");
        }
        assert!(c.iter().any(|c| c.path == "actor:b" && c.new.is_none()));
    }

    #[test]
    fn identical_texts_have_no_changes() {
        let d = diff_texts("t", 1, 1, A, A);
        assert!(d.unified.is_empty());
        assert_eq!(d.changes, Some(vec![]));
    }
}
