//! What a backtest and a calibration share: every model's point forecast
//! on every issue of a table, the input-uncertainty bands of its Monte
//! Carlo draws, and the calibration's inputs and rows; with the units of
//! that work, for a progress bar ([`units`], [`prepare_ticking`]).

use crate::draws::all_draws;
use crate::montecarlo::McOptions;
use crate::progress::Ticker;
use domei_calib::cv::Row;
use domei_calib::features::{to_unit, IssueInput};
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// [p10, p90] of the finite draws.
fn band(draws: &[f64]) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = draws.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some((quantile(&v, 0.1), quantile(&v, 0.9)))
}

/// Point forecasts of `models` on every issue of `s` (None where a model
/// cannot run), issue-major.
fn points(s: &Scenario, models: &[ModelId], opts: &Options) -> Vec<Vec<Option<f64>>> {
    domei_run::forecast(s, models, opts)
        .issues
        .iter()
        .map(|i| i.results.iter().map(|r| r.value()).collect())
        .collect()
}

/// A table's forecasts, bands and calibration inputs.
pub struct Prepared {
    /// Point forecasts, issue-major, in the issue's units.
    pub points: Vec<Vec<Option<f64>>>,
    /// Input-uncertainty bands [p10, p90] on 0–100 (empty without Monte
    /// Carlo).
    pub bands: Vec<Vec<Option<(f64, f64)>>>,
    /// Per issue, what the calibration sees.
    pub inputs: Vec<IssueInput>,
}

/// Runs `models` on `s` (and its Monte Carlo draws when `mc` is given).
pub fn prepare(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    mc: Option<&McOptions>,
) -> Prepared {
    prepare_ticking(s, models, opts, mc, &Ticker::silent())
}

/// The units of work [`prepare_ticking`] adds to its ticker: one per group
/// of issues negotiated together ([`domei_run::partition`]) for the point
/// forecasts, and one per group per Monte Carlo draw.
pub fn units(s: &Scenario, mc: Option<&McOptions>) -> u64 {
    let groups = domei_run::partition(s.issues.len(), &domei_run::groups(s)).len() as u64;
    groups * (1 + mc.map_or(0, |m| m.draws))
}

/// [`prepare`], adding [`units`]`(s, mc)` to `ticker` as the work is done
/// (the point forecasts at once when they are made, then each group's run
/// on each draw).
pub fn prepare_ticking(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    mc: Option<&McOptions>,
    ticker: &Ticker,
) -> Prepared {
    let lean = Options {
        explain: false,
        ..opts.clone()
    };
    let points = points(s, models, &lean);
    ticker.add(units(s, None));
    let draws = mc.map(|mc| all_draws(s, models, &lean, mc, ticker));
    let bands: Vec<Vec<Option<(f64, f64)>>> = match &draws {
        Some(d) => d
            .values
            .iter()
            .enumerate()
            .map(|(i, per)| {
                let (lo, hi) = (s.issues[i].min, s.issues[i].max);
                per.iter()
                    .map(|v| band(v).map(|(a, b)| (to_unit(a, lo, hi), to_unit(b, lo, hi))))
                    .collect()
            })
            .collect(),
        None => Vec::new(),
    };
    let inputs = (0..s.issues.len())
        .map(|i| {
            let p = domei_run::problem(s, i);
            let f: Vec<(ModelId, f64)> = models
                .iter()
                .zip(&points[i])
                .filter_map(|(&m, v)| Some((m, (*v)?)))
                .collect();
            // Band widths back in the issue's units (IssueInput normalises).
            let range = s.issues[i].range();
            let b: Vec<(ModelId, f64)> = bands
                .get(i)
                .map(|bs| {
                    models
                        .iter()
                        .zip(bs)
                        .filter_map(|(&m, b)| b.map(|(lo, hi)| (m, (hi - lo) / 100.0 * range)))
                        .collect()
                })
                .unwrap_or_default();
            IssueInput::new(&p, &f, &b)
        })
        .collect();
    Prepared {
        points,
        bands,
        inputs,
    }
}

/// The issues of `s` with a recorded outcome, as calibration rows (inputs
/// and outcome on 0–100, dossier as group), with their indices.
pub fn rows(s: &Scenario, prepared: &Prepared) -> (Vec<usize>, Vec<Row>) {
    s.issues
        .iter()
        .enumerate()
        .filter_map(|(i, issue)| {
            let y = issue.outcome?;
            Some((
                i,
                Row {
                    input: prepared.inputs[i].clone(),
                    outcome: to_unit(y, issue.min, issue.max),
                    group: issue.group.clone().unwrap_or_else(|| issue.id.clone()),
                },
            ))
        })
        .unzip()
}
