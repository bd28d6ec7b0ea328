//! Presenters: forecast results as a table for people, and as JSON and CSV
//! for programs (their shapes are documented in docs/cli.md and do not
//! change silently).
//!
//! Presenters read a `Scenario` and its `ScenarioForecast`; they never
//! compute a forecast themselves.

#![warn(missing_docs)]

pub mod forecast_csv;
pub mod forecast_table;
pub mod history;
pub mod ledger;
pub mod sim;
pub mod strategy;
pub mod tables_csv;

pub use forecast_csv::forecast_csv;
pub use forecast_table::{forecast_table, forecast_table_lang};
pub use history::{history_csv, history_table};
pub use ledger::{ledger_csv, ledger_table};

/// How values on a scale are printed (one rule, domei-scenario's).
pub use domei_scenario::{decimals, fmt_on_scale};

/// `x` on `issue`'s scale for people reading `lang`: in Japanese, a yen
/// amount in 兆円/億円 (domei_i18n::ja); otherwise with the decimals that
/// suit the scale.
pub fn fmt_value(issue: &domei_scenario::Issue, x: f64, lang: domei_i18n::Lang) -> String {
    match lang {
        domei_i18n::Lang::Ja => domei_i18n::ja::yen_value(x, &issue.unit)
            .unwrap_or_else(|| fmt_on_scale(x, issue.min, issue.max)),
        domei_i18n::Lang::En => fmt_on_scale(x, issue.min, issue.max),
    }
}

/// [`disagreement`] in `lang`.
pub fn disagreement_lang(
    issue: &domei_scenario::Issue,
    ifc: &domei_run::IssueForecast,
    lang: domei_i18n::Lang,
) -> Option<String> {
    let d = ifc.disagreement()?;
    let (spread, (lo80, hi80), lowest, highest) = (d.spread, d.p80, d.lowest, d.highest);
    // In Japanese a yen amount carries its unit (8,000億円).
    let yen = lang == domei_i18n::Lang::Ja && domei_i18n::ja::yen_factor(&issue.unit).is_some();
    let f = |x: f64| fmt_value(issue, x, lang);
    let unit = if issue.unit.is_empty() || yen {
        String::new()
    } else {
        format!(" {}", issue.unit)
    };
    Some(domei_i18n::tr_args(
        lang,
        "report-disagreement",
        &[
            ("spread", f(spread)),
            ("unit", unit),
            ("low", f(lo80)),
            ("high", f(hi80)),
            ("lowest", forecast_table::model_name(lowest.0, lang)),
            ("lowest-value", f(lowest.1)),
            ("highest", forecast_table::model_name(highest.0, lang)),
            ("highest-value", f(highest.1)),
        ],
    ))
}

/// The models' disagreement sentence (one wording, domei-run's: the
/// results documents carry it too).
pub use domei_run::disagreement;
