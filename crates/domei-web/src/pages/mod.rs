//! The workbench's HTML pages: server-rendered (maud escapes every
//! interpolated string), charts as inline SVG from domei-charts, and one
//! small script (`/static/workbench.js`) for live progress.

pub mod build;
pub mod chain;
pub mod compare;
pub mod corpus;
pub mod downloads;
pub mod history;
pub mod layout;
pub mod ledger;
pub mod runs;
pub mod scenarios;
pub mod stance;
pub mod strategy;
pub mod value;

use crate::state::Shared;
use axum::routing::{get, post};
use axum::Router;

/// The workbench's HTML routes, to merge into the server's router.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(scenarios::home))
        .route("/scenarios", get(scenarios::list).post(scenarios::import))
        .route("/scenarios/{id}", get(scenarios::view))
        .route("/scenarios/{id}/history", get(scenarios::history))
        .route("/scenarios/{id}/diff", get(scenarios::diff))
        .route("/scenarios/{id}/runs", post(runs::start))
        .route("/scenarios/{id}/value", get(value::view).post(value::save))
        .route("/scenarios/{id}/evidence", post(value::attach))
        .route("/new", get(build::new_form).post(build::create))
        .route("/new/import", post(build::import))
        .route("/scenarios/{id}/build", get(build::view).post(build::save))
        .route(
            "/scenarios/{id}/stance",
            get(stance::form).post(stance::save),
        )
        .route("/jobs/{id}", get(runs::job))
        .route("/jobs/{id}/cancel", post(runs::cancel))
        .route(
            "/scenarios/{id}/strategy",
            get(strategy::form).post(strategy::start),
        )
        .route("/runs/{id}/label", post(runs::label))
        .route("/runs/{id}/run.json", get(downloads::run_json))
        .route("/runs/{id}/tables/{file}", get(downloads::table_csv))
        .route("/runs/{id}/charts/{file}", get(downloads::chart_file))
        .route("/compare.csv", get(downloads::compare_csv))
        .route("/runs", get(runs::list))
        .route("/runs/{id}", get(runs::view))
        .route("/runs/{id}/history", get(history::view))
        .route("/runs/{id}/history.csv", get(history::csv))
        .route("/runs/{id}/history.svg", get(history::svg))
        .route("/runs/{id}/history.png", get(history::png))
        .route("/runs/{id}/brief.html", get(runs::brief_html))
        .route("/runs/{id}/brief.pdf", get(runs::brief_pdf))
        .route("/compare", get(compare::compare))
        .route("/ledger", get(ledger::view))
        .route("/ledger/outcomes", post(ledger::record))
        .route("/corpus", get(corpus::search))
        .route("/passages/{citation}", get(corpus::passage))
        .route("/login", get(layout::login_form).post(layout::login))
        .route("/logout", post(layout::logout))
        .route("/static/workbench.css", get(layout::css))
        .route("/static/workbench.js", get(layout::js))
        .route("/static/ipaexg.ttf", get(layout::font))
}

/// Formats a number for people: up to 3 decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A form body as key–value pairs (repeated keys kept, for checkboxes).
pub type Pairs = Vec<(String, String)>;

/// The first value of `key`.
pub fn field<'a>(p: &'a Pairs, key: &str) -> Option<&'a str> {
    p.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Every value of `key`.
pub fn fields<'a>(p: &'a Pairs, key: &str) -> Vec<&'a str> {
    p.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// An optional number field: empty is `None`; anything else must parse.
pub fn number_field(p: &Pairs, key: &str) -> Result<Option<f64>, crate::error::WebError> {
    match field(p, key).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| {
                crate::error::WebError::BadRequest(format!("{key}: {v:?} is not a number"))
            }),
    }
}

/// An optional integer field.
pub fn int_field<T: std::str::FromStr>(
    p: &Pairs,
    key: &str,
) -> Result<Option<T>, crate::error::WebError> {
    match field(p, key).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<T>().map(Some).map_err(|_| {
            crate::error::WebError::BadRequest(format!("{key}: {v:?} is not a whole number"))
        }),
    }
}

/// `/passages/DOC%23pN`: a link to a cited passage.
pub fn passage_href(citation: &str) -> String {
    format!(
        "/passages/{}",
        citation
            .replace('%', "%25")
            .replace('#', "%23")
            .replace('?', "%3F")
            .replace('/', "%2F")
    )
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An issue's scale for a table header: `1–3.5 % of GDP`, or the unit alone
/// when it already states the scale (`0–100 (depth of cooperation)`).
pub fn scale_label(i: &domei_scenario::Issue) -> String {
    let range = format!("{}–{}", num(i.min), num(i.max));
    if i.unit.starts_with(&range) {
        i.unit.clone()
    } else {
        format!("{range} {}", i.unit).trim().to_string()
    }
}

/// `x` with the decimals that suit issue `i`'s scale.
pub fn on_scale(x: f64, i: &domei_scenario::Issue) -> String {
    domei_report::fmt_on_scale(x, i.min, i.max)
}
