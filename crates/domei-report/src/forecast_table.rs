//! The table `domei forecast` prints for people.

use domei_i18n::{tr, tr_args, Lang};
use domei_run::ScenarioForecast;
use domei_scenario::{Issue, Scenario};
use std::fmt::Write;

/// Renders rows as aligned columns; `align[c]` is 'l' or 'r' (columns past
/// the end of `align` are right-aligned). Widths are terminal columns
/// (Japanese characters take two).
pub fn render(rows: &[Vec<String>], align: &str) -> String {
    let align: Vec<char> = align.chars().collect();
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| domei_i18n::display_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = width[c].saturating_sub(domei_i18n::display_width(cell));
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
fn nearest_anchor(issue: &Issue, x: f64, lang: Lang) -> Option<String> {
    issue
        .nearest_anchor(x)
        .map(|a| format!("{} = {}", crate::fmt_value(issue, a.value, lang), a.label))
}

/// The model's name in the table's header.
pub fn model_name(m: domei_engines::ModelId, lang: Lang) -> String {
    use domei_engines::ModelId as M;
    tr(
        lang,
        match m {
            M::Compromise => "report-model-compromise",
            M::Median => "report-model-median",
            M::Bdm => "report-model-bdm",
            M::Nash => "report-model-nash",
            M::Smp => "report-model-smp",
            M::Exchange => "report-model-exchange",
        },
    )
}

/// The forecast table in English.
pub fn forecast_table(s: &Scenario, f: &ScenarioForecast) -> String {
    forecast_table_lang(s, f, Lang::En)
}

/// The forecast table in `lang`: headers and notes from the catalogue; the
/// scenario's texts as `s` has them (load it in `lang`,
/// `domei_scenario::load_lang`). In Japanese the issue column shows the
/// issue's name rather than its id, and yen amounts read in 兆円/億円.
pub fn forecast_table_lang(s: &Scenario, f: &ScenarioForecast, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", s.name, s.id);
    if !s.question.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr_args(lang, "report-question", &[("question", s.question.clone())])
        );
    }
    let _ = writeln!(out);
    let calibration = f
        .issues
        .iter()
        .find_map(|i| i.headline.as_ref())
        .map(|h| h.calibration.clone());
    let mut head = vec![
        tr(lang, "report-issue"),
        tr(lang, "report-unit"),
        tr(lang, "report-scale"),
        tr(lang, "report-status-quo"),
    ];
    if calibration.is_some() {
        head.push(tr(lang, "report-headline"));
        head.push(tr(lang, "report-range80"));
    }
    head.extend(f.models.iter().map(|m| match lang {
        Lang::En => m.as_str().to_string(),
        Lang::Ja => model_name(*m, lang),
    }));
    head.push(tr(lang, "report-spread"));
    let na = tr(lang, "report-na");
    // The issue as the table names it: its id in English, its name in
    // Japanese.
    let label = |issue: &Issue| match lang {
        Lang::En => issue.id.clone(),
        Lang::Ja => issue.name.clone(),
    };
    let mut rows = vec![head];
    let mut notes = Vec::new();
    let mut anchors = Vec::new();
    let mut disagreements = Vec::new();
    for ifc in &f.issues {
        let issue = &s.issues[ifc.issue];
        let (lo, hi) = (issue.min, issue.max);
        let fv = |x: f64| crate::fmt_value(issue, x, lang);
        let mut row = vec![
            label(issue),
            issue.unit.clone(),
            format!("{}–{}", fv(lo), fv(hi)),
            issue
                .status_quo
                .as_ref()
                .map_or("–".into(), |v| fv(v.value)),
        ];
        if calibration.is_some() {
            match &ifc.headline {
                Some(h) => {
                    row.push(fv(h.value));
                    row.push(format!(
                        "{}–{}",
                        fv(h.intervals.p80.0),
                        fv(h.intervals.p80.1)
                    ));
                }
                None => {
                    row.push(na.clone());
                    row.push("–".into());
                }
            }
        }
        if let Some(d) = crate::disagreement_lang(issue, ifc, lang) {
            disagreements.push(format!("{}: {d}", label(issue)));
        }
        for r in &ifc.results {
            match r.value() {
                Some(v) => row.push(fv(v)),
                None => {
                    row.push(na.clone());
                    if let domei_run::ModelResult::Skipped { model, error, .. } = r {
                        notes.push(format!("{} / {model}: {error}", label(issue)));
                    }
                }
            }
        }
        row.push(ifc.spread().map_or("–".into(), fv));
        rows.push(row);
        if let Some(m) = ifc.median_of_models() {
            if let Some(a) = nearest_anchor(issue, m, lang) {
                anchors.push(vec![label(issue), fv(m), a]);
            }
        }
    }
    out.push_str(&render(&rows, "ll"));
    if let Some(c) = &calibration {
        let _ = writeln!(
            out,
            "\n{}",
            tr_args(
                lang,
                "report-headline-note",
                &[("calibration", c.to_string())]
            )
        );
    }
    if !disagreements.is_empty() {
        let _ = writeln!(out, "\n{}", tr(lang, "report-disagreements"));
        for d in disagreements {
            let _ = writeln!(out, "  {d}");
        }
    }
    if !anchors.is_empty() {
        let _ = writeln!(out, "\n{}", tr(lang, "report-nearest-anchor"));
        let mut rows = vec![vec![
            tr(lang, "report-issue"),
            tr(lang, "report-median"),
            tr(lang, "report-anchor"),
        ]];
        rows.extend(anchors);
        out.push_str(
            &render(&rows, "lrl")
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>(),
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", tr(lang, "report-not-forecast"));
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
