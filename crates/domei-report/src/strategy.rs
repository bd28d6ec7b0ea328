//! Presenters for what-ifs and best responses.

use crate::fmt_on_scale;
use crate::forecast_table::render;
use domei_i18n::{tr, tr_args, Lang};
use domei_scenario::Scenario;
use domei_strategy::{IssueChange, Limits, Response};
use serde_json::{json, Value};
use std::fmt::Write;

/// `domei whatif --format json`: the edits `what` and each issue's change.
pub fn whatif_json(s: &Scenario, what: &[String], changes: &[IssueChange]) -> Value {
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "scenario": {"id": s.id, "name": s.name},
        "whatif": what,
        "issues": changes,
    })
}

/// `domei whatif` for people: each issue's forecast before and after the
/// edits `what`, in `lang`.
pub fn whatif_table(s: &Scenario, what: &[String], changes: &[IssueChange], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        tr_args(
            lang,
            "report-whatif-title",
            &[
                ("name", s.name.clone()),
                ("id", s.id.clone()),
                ("what", what.join("; "))
            ]
        )
    );
    let mut rows = vec![[
        "report-issue",
        "report-model",
        "report-before",
        "report-after",
        "report-change",
    ]
    .map(|k| tr(lang, k))
    .to_vec()];
    let na = tr(lang, "report-na");
    for ic in changes {
        let Some(issue) = s.issues.iter().find(|i| i.id == ic.issue) else {
            continue;
        };
        let f = |x: Option<f64>| x.map_or(na.clone(), |x| fmt_on_scale(x, issue.min, issue.max));
        for (k, c) in ic.changes.iter().enumerate() {
            // A change that rounds to zero on the scale's decimals is no
            // change ("·", never "-0.0" or "+0.0").
            let ch = c.change.map_or(na.clone(), |d| {
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
                crate::forecast_table::model_name(c.model, lang),
                f(c.before),
                f(c.after),
                ch,
            ]);
        }
    }
    out.push_str(&render(&rows, "ll"));
    out
}

/// `domei best-response --format json`: `actor`'s best moves within `lim`.
pub fn best_response_json(s: &Scenario, actor: &str, lim: &Limits, r: &[Response]) -> Value {
    json!({
        "domei_version": env!("CARGO_PKG_VERSION"),
        "scenario": {"id": s.id, "name": s.name},
        "actor": actor,
        "limits": lim,
        "responses": r,
    })
}

/// `domei best-response` for people: `actor`'s best moves within `lim`,
/// in `lang`.
pub fn best_response_table(
    s: &Scenario,
    actor: &str,
    lim: &Limits,
    r: &[Response],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        tr_args(
            lang,
            "report-br-title",
            &[
                ("name", s.name.clone()),
                ("id", s.id.clone()),
                ("actor", actor.to_string()),
                ("shift", format!("{:.0}", lim.max_shift * 100.0)),
                ("min", lim.min_salience.to_string()),
                ("max", lim.max_salience.to_string()),
            ]
        )
    );
    let mut rows = vec![[
        "report-issue",
        "report-model",
        "report-ideal",
        "report-forecast-now",
        "report-state",
        "report-salience",
        "report-forecast-then",
        "report-gain",
    ]
    .map(|k| tr(lang, k))
    .to_vec()];
    for x in r {
        let Some(issue) = s.issues.iter().find(|i| i.id == x.issue) else {
            continue;
        };
        let f = |v: f64| fmt_on_scale(v, issue.min, issue.max);
        rows.push(vec![
            x.issue.clone(),
            crate::forecast_table::model_name(x.model, lang),
            f(x.ideal),
            f(x.baseline),
            f(x.best_position),
            tr_args(
                lang,
                "report-br-salience",
                &[
                    ("best", format!("{:.2}", x.best_salience)),
                    ("now", format!("{:.2}", x.current_salience)),
                ],
            ),
            f(x.best_forecast),
            if x.gain > 1e-9 {
                tr_args(
                    lang,
                    "report-br-gain",
                    &[
                        ("gain", f(x.gain)),
                        ("share", format!("{:.1}", x.gain_share * 100.0)),
                    ],
                )
            } else {
                tr(lang, "report-none")
            },
        ]);
    }
    out.push_str(&render(&rows, "ll"));
    out
}

/// The sentence saying why a coalition left a forecast where it was
/// (`domei_strategy::coalition::explain`), in `lang`: the what-if table of
/// the CLI and the workbench's what-if page print it.
pub fn unmoved_sentence(
    issue: &domei_scenario::Issue,
    u: &domei_strategy::coalition::UnmovedForecast,
    lang: Lang,
) -> String {
    use domei_strategy::coalition::Unmoved;
    let key = match u.reason {
        Unmoved::WeightedMean => "cli-coalition-unmoved-mean",
        Unmoved::OneSide => "cli-coalition-unmoved-one-side",
        Unmoved::NotDecisive => "cli-coalition-unmoved-not-decisive",
    };
    domei_i18n::tr_args(
        lang,
        key,
        &[
            ("model", u.model.as_str().to_string()),
            ("issue", issue.id.clone()),
            (
                "bloc",
                u.bloc
                    .map(|x| fmt_on_scale(x, issue.min, issue.max))
                    .unwrap_or_default(),
            ),
            ("forecast", fmt_on_scale(u.forecast, issue.min, issue.max)),
        ],
    )
}
