//! The headline forecast and calibrated ranges of a scenario's forecast.
//!
//! [`calibrate`] applies a [`Calibration`] (by default the bundled one) to a
//! [`ScenarioForecast`]: it runs the models the headline needs that the
//! forecast lacks, measures every model's input-uncertainty band with the
//! calibration's own Monte Carlo settings (draws, seed, distribution,
//! perturbation — the band is one of the calibration's inputs, so it is
//! measured as it was when fitted; the scenario's own ranges are drawn from
//! as in any simulation), and sets each issue's `headline` and per-model
//! `intervals`. The draws are the calibration's, capped so that a forecast
//! stays quick on large tables: at most [`BAND_BUDGET`] issue-draws in all
//! (and at least [`MIN_BAND_DRAWS`] draws) — 200 draws for the bundled
//! scenario's 13 issues, 19 for DEU III's 252 (a noisier band estimate, which
//! enters σ only in quadrature with the model error). Deterministic: the same scenario, models and calibration
//! give the same headline on any thread count.

use crate::montecarlo::McOptions;
use crate::prepare::prepare;
use crate::sample::{Dist, Perturbation};
use domei_calib::Calibration;
use domei_engines::{ModelId, Options};
use domei_run::ScenarioForecast;
use domei_scenario::Scenario;

/// Most issue-draws (draws × issues) of the band's Monte Carlo.
pub const BAND_BUDGET: u64 = 5000;
/// Fewest draws of the band's Monte Carlo.
pub const MIN_BAND_DRAWS: u64 = 10;

/// The Monte Carlo settings recorded in `cal`, for a scenario of `issues`
/// issues (draws capped as in the module docs).
pub fn mc_options(cal: &Calibration, issues: usize) -> McOptions {
    let m = &cal.monte_carlo;
    let cap = (BAND_BUDGET / (issues.max(1) as u64)).max(MIN_BAND_DRAWS);
    McOptions {
        draws: m.draws.min(cap),
        seed: m.seed,
        dist: if m.distribution == "uniform" {
            Dist::Uniform
        } else {
            Dist::Triangular
        },
        perturbation: Perturbation {
            position: m.perturb_position,
            salience: m.perturb_salience,
            capability: m.perturb_capability,
        },
        bins: 20,
        keep_draws: false,
    }
}

/// Sets the headline and the per-model ranges of every issue of `f` (a
/// forecast of `s` with `opts`).
pub fn calibrate(s: &Scenario, f: &mut ScenarioForecast, cal: &Calibration, opts: &Options) {
    // The calibrated models among those asked for, plus whatever the
    // headline needs.
    let covered = cal.models();
    let mut models: Vec<ModelId> = f
        .models
        .iter()
        .copied()
        .filter(|m| covered.contains(m))
        .collect();
    for m in cal.stack().models() {
        if !models.contains(&m) {
            models.push(m);
        }
    }
    let prep = prepare(s, &models, opts, Some(&mc_options(cal, s.issues.len())));
    for ifc in &mut f.issues {
        let issue = &s.issues[ifc.issue];
        let values: Vec<Option<f64>> = ifc.results.iter().map(|r| r.value()).collect();
        let c = cal.apply(
            &prep.inputs[ifc.issue],
            issue.min,
            issue.max,
            &f.models,
            &values,
        );
        ifc.headline = c.headline;
        ifc.intervals = c.intervals;
    }
}
