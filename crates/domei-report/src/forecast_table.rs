//! The table `domei forecast` prints for people.

use crate::fmt_on_scale;
use domei_run::ScenarioForecast;
use domei_scenario::{Issue, Scenario};
use std::fmt::Write;

/// Renders rows as aligned columns; `align[c]` is 'l' or 'r' (columns past
/// the end of `align` are right-aligned).
pub fn render(rows: &[Vec<String>], align: &str) -> String {
    let align: Vec<char> = align.chars().collect();
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = width[c].saturating_sub(cell.chars().count());
            if c > 0 {
                line.push_str("  ");
            }
            if align.get(c) == Some(&'l') {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The anchor closest to `x`, as "VALUE = label".
fn nearest_anchor(issue: &Issue, x: f64) -> Option<String> {
    issue.nearest_anchor(x).map(|a| {
        format!(
            "{} = {}",
            fmt_on_scale(a.value, issue.min, issue.max),
            a.label
        )
    })
}

pub fn forecast_table(s: &Scenario, f: &ScenarioForecast) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", s.name, s.id);
    if !s.question.is_empty() {
        let _ = writeln!(out, "Question: {}", s.question);
    }
    let _ = writeln!(out);
    let calibration = f
        .issues
        .iter()
        .find_map(|i| i.headline.as_ref())
        .map(|h| h.calibration.clone());
    let mut head = vec![
        "issue".to_string(),
        "unit".into(),
        "scale".into(),
        "status quo".into(),
    ];
    if calibration.is_some() {
        head.push("headline".into());
        head.push("80% range".into());
    }
    head.extend(f.models.iter().map(|m| m.as_str().to_string()));
    head.push("spread".into());
    let mut rows = vec![head];
    let mut notes = Vec::new();
    let mut anchors = Vec::new();
    let mut disagreements = Vec::new();
    for ifc in &f.issues {
        let issue = &s.issues[ifc.issue];
        let (lo, hi) = (issue.min, issue.max);
        let mut row = vec![
            issue.id.clone(),
            issue.unit.clone(),
            format!("{}–{}", fmt_on_scale(lo, lo, hi), fmt_on_scale(hi, lo, hi)),
            issue
                .status_quo
                .as_ref()
                .map_or("–".into(), |v| fmt_on_scale(v.value, lo, hi)),
        ];
        if calibration.is_some() {
            match &ifc.headline {
                Some(h) => {
                    row.push(fmt_on_scale(h.value, lo, hi));
                    row.push(format!(
                        "{}–{}",
                        fmt_on_scale(h.intervals.p80.0, lo, hi),
                        fmt_on_scale(h.intervals.p80.1, lo, hi)
                    ));
                }
                None => {
                    row.push("n/a".into());
                    row.push("–".into());
                }
            }
        }
        if let Some(d) = crate::disagreement(issue, ifc) {
            disagreements.push(format!("{}: {d}", issue.id));
        }
        for r in &ifc.results {
            match r.value() {
                Some(v) => row.push(fmt_on_scale(v, lo, hi)),
                None => {
                    row.push("n/a".into());
                    if let domei_run::ModelResult::Skipped { model, error, .. } = r {
                        notes.push(format!("{} / {model}: {error}", issue.id));
                    }
                }
            }
        }
        row.push(ifc.spread().map_or("–".into(), |x| fmt_on_scale(x, lo, hi)));
        rows.push(row);
        if let Some(m) = ifc.median_of_models() {
            if let Some(a) = nearest_anchor(issue, m) {
                anchors.push(vec![issue.id.clone(), fmt_on_scale(m, lo, hi), a]);
            }
        }
    }
    out.push_str(&render(&rows, "ll"));
    if let Some(c) = &calibration {
        let _ = writeln!(
            out,
            "\nheadline: domei's calibrated forecast (calibration {c}); 80% range: where the outcome should fall 4 times in 5 (model error and input uncertainty; 50% and 95% ranges, and each model's, in --format json)"
        );
    }
    if !disagreements.is_empty() {
        let _ = writeln!(out, "\nWhere the models disagree:");
        for d in disagreements {
            let _ = writeln!(out, "  {d}");
        }
    }
    if !anchors.is_empty() {
        let _ = writeln!(
            out,
            "\nNearest labelled point to the models' median forecast:"
        );
        let mut rows = vec![vec!["issue".to_string(), "median".into(), "anchor".into()]];
        rows.extend(anchors);
        out.push_str(
            &render(&rows, "lrl")
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>(),
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\nNot forecast:");
        for n in notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_run::median_of_models as median;

    #[test]
    fn render_aligns() {
        let t = render(
            &[
                vec!["a".into(), "1.5".into()],
                vec!["long".into(), "10.25".into()],
            ],
            "l",
        );
        assert_eq!(t, "a       1.5\nlong  10.25\n");
    }

    #[test]
    fn median_of_values() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
