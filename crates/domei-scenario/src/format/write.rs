//! Writes a scenario as `scenario.toml` (what `domei import` produces).
//!
//! The layout follows docs/scenario-format.md so the result reads like a
//! hand-written file; reading it back gives the same scenario.

use crate::model::{Scenario, Value};
use std::fmt::Write;

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn num(x: f64) -> String {
    format!("{x:?}")
}

/// Writes `value` as `key = N` when it is a bare number, else as a sub-table
/// `[table.key]`.
fn value(out: &mut String, table: &str, key: &str, v: &Value) {
    if v.range.is_none() && v.evidence.is_empty() && v.judgement.is_none() {
        let _ = writeln!(out, "{key} = {}", num(v.value));
        return;
    }
    let _ = writeln!(out, "\n[{table}.{key}]");
    let _ = writeln!(out, "value = {}", num(v.value));
    if let Some((lo, hi)) = v.range {
        let _ = writeln!(out, "low = {}\nhigh = {}", num(lo), num(hi));
    }
    if let Some(j) = &v.judgement {
        let _ = writeln!(out, "judgement = {}", q(j));
    }
    if !v.evidence.is_empty() {
        out.push_str("evidence = [\n");
        for r in &v.evidence {
            let mut fields = vec![format!("passage = {}", q(&r.passage()))];
            if let Some(quote) = &r.quote {
                fields.push(format!("quote = {}", q(quote)));
            }
            // Written only when rated, so a round trip keeps "unrated" as
            // the documented default rather than inventing the keys.
            if r.support != crate::model::Support::Unrated {
                fields.push(format!("support = {}", q(r.support.name())));
            }
            if r.voice != crate::model::Voice::Unrated {
                fields.push(format!("voice = {}", q(r.voice.name())));
            }
            if r.needs_review {
                fields.push("review = \"needed\"".to_string());
            }
            let _ = writeln!(out, "  {{ {} }},", fields.join(", "));
        }
        out.push_str("]\n");
    }
}

/// The scenario as TOML text.
pub fn to_toml(s: &Scenario) -> String {
    let mut out = String::new();
    if let Some(o) = &s.origin {
        let _ = writeln!(
            out,
            "# Imported by domei from {} ({}).",
            o.path.display(),
            o.format.name()
        );
    }
    let _ = writeln!(out, "[scenario]\nid = {}\nname = {}", q(&s.id), q(&s.name));
    if !s.question.is_empty() {
        let _ = writeln!(out, "question = {}", q(&s.question));
    }
    if !s.description.is_empty() {
        let _ = writeln!(out, "description = {}", q(&s.description));
    }
    for a in &s.actors {
        let _ = writeln!(
            out,
            "\n[[actors]]\nid = {}\nname = {}",
            q(&a.id),
            q(&a.name)
        );
        if !a.description.is_empty() {
            let _ = writeln!(out, "description = {}", q(&a.description));
        }
        value(&mut out, "actors", "capability", &a.capability);
    }
    for i in &s.issues {
        let _ = writeln!(
            out,
            "\n[[issues]]\nid = {}\nname = {}\nunit = {}",
            q(&i.id),
            q(&i.name),
            q(&i.unit)
        );
        let _ = writeln!(
            out,
            "scale = {{ min = {}, max = {} }}",
            num(i.min),
            num(i.max)
        );
        if !i.description.is_empty() {
            let _ = writeln!(out, "description = {}", q(&i.description));
        }
        if let Some(g) = &i.group {
            let _ = writeln!(out, "group = {}", q(g));
        }
        if let Some(o) = i.outcome {
            let _ = writeln!(out, "outcome = {}", num(o));
        }
        if !i.anchors.is_empty() {
            out.push_str("anchors = [\n");
            for an in &i.anchors {
                let _ = writeln!(
                    out,
                    "  {{ value = {}, label = {} }},",
                    num(an.value),
                    q(&an.label)
                );
            }
            out.push_str("]\n");
        }
        if !i.meta.is_empty() {
            let fields: Vec<String> = i
                .meta
                .iter()
                .map(|(k, v)| format!("{} = {}", q(k), q(v)))
                .collect();
            let _ = writeln!(out, "meta = {{ {} }}", fields.join(", "));
        }
        if let Some(sq) = &i.status_quo {
            value(&mut out, "issues", "status_quo", sq);
        }
    }
    for (a, row) in s.stances.iter().enumerate() {
        for (i, st) in row.iter().enumerate() {
            let Some(st) = st else { continue };
            let _ = writeln!(
                out,
                "\n[[stances]]\nactor = {}\nissue = {}",
                q(&s.actors[a].id),
                q(&s.issues[i].id)
            );
            // Bare numbers first: TOML keys after a sub-table header would belong to it.
            let simple =
                |v: &Value| v.range.is_none() && v.evidence.is_empty() && v.judgement.is_none();
            let mut parts = [("position", &st.position), ("salience", &st.salience)];
            parts.sort_by_key(|(_, v)| !simple(v));
            for (key, v) in parts {
                value(&mut out, "stances", key, v);
            }
        }
    }
    out
}
