//! The forecast ledger (`domei ledger`) as a table for people and as CSV
//! (one row per scored forecast); its JSON is [`domei_ledger::Ledger`]
//! serialised as it is.

use crate::forecast_table::render;
use domei_i18n::{tr, Lang};
use domei_ledger::Ledger;

/// `yes`, `no`, or `–` without a range.
fn held(x: Option<bool>, lang: Lang) -> String {
    match x {
        Some(true) => tr(lang, "report-yes"),
        Some(false) => tr(lang, "report-no"),
        None => "–".into(),
    }
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or("–".into(), f)
}

/// The made date of a forecast, `2025-06-01`.
fn day(t: time::OffsetDateTime) -> String {
    let d = t.to_offset(time::UtcOffset::UTC).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Scored forecasts, then the per-model summary.
pub fn ledger_table(l: &Ledger, lang: Lang) -> String {
    if l.forecasts.is_empty() {
        return tr(lang, "report-ledger-empty");
    }
    let mut rows = vec![[
        "report-run",
        "report-made",
        "report-scenario",
        "report-issue",
        "report-model",
        "report-forecast",
        "report-outcome",
        "report-abs-error",
        "report-in50",
        "report-in80",
        "report-in95",
    ]
    .map(|k| tr(lang, k))
    .to_vec()];
    for s in &l.forecasts {
        rows.push(vec![
            s.run.to_string(),
            day(s.made),
            s.scenario.clone(),
            s.issue.clone(),
            s.model.clone(),
            format!("{:.2}", s.value),
            format!("{:.2}", s.outcome),
            format!("{:.2}", s.abs_error),
            held(s.in50, lang),
            held(s.in80, lang),
            held(s.in95, lang),
        ]);
    }
    let mut out = render(&rows, "rllll");
    out.push_str(&format!("\n{}\n", tr(lang, "report-ledger-per-model")));
    let mut rows = vec![[
        "report-model",
        "report-n",
        "report-mae",
        "report-coverage80",
        "report-interval-score80",
    ]
    .map(|k| tr(lang, k))
    .to_vec()];
    for m in &l.summary {
        rows.push(vec![
            m.model.clone(),
            m.n.to_string(),
            format!("{:.2}", m.mae),
            opt(m.coverage80, |c| format!("{:.0}%", c * 100.0)),
            opt(m.interval_score80, |x| format!("{x:.2}")),
        ]);
    }
    out.push_str(&render(&rows, "l"));
    out
}

/// The column names of [`ledger_csv`], in order.
pub const LEDGER_HEADER: [&str; 11] = [
    "run",
    "scenario",
    "issue",
    "made",
    "model",
    "value",
    "outcome",
    "abs_error",
    "in50",
    "in80",
    "in95",
];

/// One row per scored forecast, the columns of the JSON's `forecasts[]`
/// (`in50`… `true`, `false` or empty).
pub fn ledger_csv(l: &Ledger) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let b = |x: Option<bool>| x.map_or(String::new(), |x| x.to_string());
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(LEDGER_HEADER);
    for s in &l.forecasts {
        let made = s
            .made
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let _ = w.write_record([
            s.run.to_string(),
            s.scenario.clone(),
            s.issue.clone(),
            made,
            s.model.clone(),
            s.value.to_string(),
            s.outcome.to_string(),
            s.abs_error.to_string(),
            b(s.in50),
            b(s.in80),
            b(s.in95),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
