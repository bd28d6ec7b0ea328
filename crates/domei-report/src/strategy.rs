//! Presenters for what-ifs and best responses.

use crate::fmt_on_scale;
use crate::forecast_table::render;
use domei_scenario::Scenario;
use domei_strategy::{IssueChange, Limits, Response};
use serde_json::{json, Value};
use std::fmt::Write;

pub fn whatif_json(s: &Scenario, what: &[String], changes: &[IssueChange]) -> Value {
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "scenario": {"id": s.id, "name": s.name},
        "whatif": what,
        "issues": changes,
    })
}

pub fn whatif_table(s: &Scenario, what: &[String], changes: &[IssueChange]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}): what if {}\n", s.name, s.id, what.join("; "));
    let mut rows = vec![["issue", "model", "before", "after", "change"]
        .map(String::from)
        .to_vec()];
    for ic in changes {
        let Some(issue) = s.issues.iter().find(|i| i.id == ic.issue) else {
            continue;
        };
        let f =
            |x: Option<f64>| x.map_or("n/a".to_string(), |x| fmt_on_scale(x, issue.min, issue.max));
        for (k, c) in ic.changes.iter().enumerate() {
            // A change that rounds to zero on the scale's decimals is no
            // change ("·", never "-0.0" or "+0.0").
            let ch = c.change.map_or("n/a".to_string(), |d| {
                let shown = fmt_on_scale(d, issue.min, issue.max);
                if shown.chars().all(|c| c == '0' || c == '.') {
                    "·".to_string()
                } else if d > 0.0 {
                    format!("+{shown}")
                } else {
                    shown
                }
            });
            rows.push(vec![
                if k == 0 {
                    ic.issue.clone()
                } else {
                    String::new()
                },
                c.model.as_str().into(),
                f(c.before),
                f(c.after),
                ch,
            ]);
        }
    }
    out.push_str(&render(&rows, "ll"));
    out
}

pub fn best_response_json(s: &Scenario, actor: &str, lim: &Limits, r: &[Response]) -> Value {
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "scenario": {"id": s.id, "name": s.name},
        "actor": actor,
        "limits": lim,
        "responses": r,
    })
}

pub fn best_response_table(s: &Scenario, actor: &str, lim: &Limits, r: &[Response]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): best response of {actor} — stated position within ±{:.0}% of the scale of its ideal, salience {}–{}\n",
        s.name,
        s.id,
        lim.max_shift * 100.0,
        lim.min_salience,
        lim.max_salience
    );
    let mut rows = vec![[
        "issue",
        "model",
        "ideal",
        "forecast now",
        "state",
        "salience",
        "forecast then",
        "gain",
    ]
    .map(String::from)
    .to_vec()];
    for x in r {
        let Some(issue) = s.issues.iter().find(|i| i.id == x.issue) else {
            continue;
        };
        let f = |v: f64| fmt_on_scale(v, issue.min, issue.max);
        rows.push(vec![
            x.issue.clone(),
            x.model.as_str().into(),
            f(x.ideal),
            f(x.baseline),
            f(x.best_position),
            format!("{:.2} (now {:.2})", x.best_salience, x.current_salience),
            f(x.best_forecast),
            if x.gain > 1e-9 {
                format!("{} ({:.1}% of scale)", f(x.gain), x.gain_share * 100.0)
            } else {
                "none".into()
            },
        ]);
    }
    out.push_str(&render(&rows, "ll"));
    out
}
