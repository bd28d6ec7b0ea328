//! Monte Carlo forecasts: run the models on many draws of the inputs.
//!
//! Draw `k` uses its own ChaCha8 stream (seed `seed`, stream `k`), so every
//! draw is the same whatever thread computes it. Draws are computed in
//! parallel in fixed blocks of [`BLOCK`] and their forecasts folded into the
//! statistics in draw order: results are byte-identical for a given seed
//! whatever the number of threads, and memory stays flat in the number of
//! draws (only one batch of blocks is held at a time) unless the caller asks
//! to keep every draw.
//!
//! Each draw runs the models through [`domei_run::run_problem_values`] (the
//! values of [`domei_run::run_problems`], bit-identical): per-issue models
//! on each issue, the multi-issue models (SMP, exchange) once per group of
//! issues negotiated together, on that draw's inputs. Draws build no rounds
//! or explanations, which changes no value; each work item reuses its
//! problems from draw to draw.

use crate::sample::{Dist, Perturbation, Sampler};
use crate::stats::{Acc, Summary};
use domei_engines::{ModelId, Options};
use domei_scenario::Scenario;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;
use serde::Serialize;

/// Draws per parallel work item: small enough that the threads finish a
/// batch together (the last block of a batch keeps one thread busy alone),
/// large enough that a work item outweighs its scheduling.
pub const BLOCK: u64 = 16;
/// Blocks computed between two folds into the statistics (4096 draws).
const BATCH: u64 = 256;

/// How to run a Monte Carlo simulation.
#[derive(Debug, Clone, Serialize)]
pub struct McOptions {
    /// Number of draws (each draws every input once and runs every model).
    pub draws: u64,
    /// Seed of the ChaCha8 streams (the same seed gives the same results on any thread count).
    pub seed: u64,
    /// Shape of the distribution drawn on each value's interval.
    pub dist: Dist,
    /// How far point values without a range are perturbed.
    pub perturbation: Perturbation,
    /// Bars of the reported histogram over each issue's scale.
    pub bins: usize,
    /// Keep every draw's forecast (memory grows with draws).
    #[serde(skip)]
    pub keep_draws: bool,
}

impl Default for McOptions {
    fn default() -> Self {
        McOptions {
            draws: 1000,
            seed: 1,
            dist: Dist::Triangular,
            perturbation: Perturbation::default(),
            bins: 20,
            keep_draws: false,
        }
    }
}

/// One model's distribution on one issue.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSim {
    /// The model.
    pub model: ModelId,
    /// Its forecast's distribution over the draws.
    pub summary: Summary,
    /// Every draw's forecast in draw order (null where the model failed);
    /// only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws: Option<Vec<Option<f64>>>,
}

/// One issue's distributions, one per model.
#[derive(Debug, Clone, Serialize)]
pub struct IssueSim {
    /// Index of the issue in the scenario.
    pub issue: usize,
    /// One per model that was asked for, in the order asked.
    pub models: Vec<ModelSim>,
}

/// The result of a Monte Carlo simulation.
#[derive(Debug, Clone, Serialize)]
pub struct SimResult {
    /// The options it ran with.
    pub options: McOptions,
    /// The models run, in order.
    pub models: Vec<ModelId>,
    /// One per issue, in the scenario's order.
    pub issues: Vec<IssueSim>,
}

/// Runs `models` on `mc.draws` draws of `s`'s inputs. `progress(done, total)`
/// is called from the worker threads as draws finish, at about every 1% of
/// the draws and at the end, with `done` increasing
/// ([`crate::progress::Ticker`]).
pub fn simulate(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    mc: &McOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> SimResult {
    match simulate_until(s, models, opts, mc, progress, &|| false) {
        Some(r) => r,
        // `simulate_until` returns None only when `stop` says so, and this
        // one never does.
        None => unreachable!("a simulation that is never stopped completes"),
    }
}

/// As [`simulate`], but stops early and returns `None` once `stop()` is
/// true (a cancelled job): it is asked before every block of draws, so a
/// stop takes effect within one block per thread. `stop` must stay true
/// once it has been true. Nothing of a stopped simulation is returned.
pub fn simulate_until(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    mc: &McOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<SimResult> {
    let sampler = Sampler::new(s, &mc.perturbation, mc.dist);
    let parts = domei_run::partition(s.issues.len(), &domei_run::groups(s));
    let lean = Options {
        explain: false,
        ..opts.clone()
    };
    let n_issues = sampler.issue_count();
    let n_models = models.len();
    let mut accs: Vec<Acc> = (0..n_issues)
        .flat_map(|i| (0..n_models).map(move |_| i))
        .map(|i| Acc::new(s.issues[i].min, s.issues[i].max))
        .collect();
    let mut kept: Vec<Vec<Option<f64>>> = if mc.keep_draws {
        vec![Vec::new(); n_issues * n_models]
    } else {
        Vec::new()
    };
    let blocks = mc.draws.div_ceil(BLOCK);
    let ticker = crate::progress::Ticker::new(mc.draws, progress);
    let mut b0 = 0;
    while b0 < blocks {
        let b1 = (b0 + BATCH).min(blocks);
        // Each block: its draws' forecasts, draw-major, NaN where a model failed.
        let batch: Vec<Vec<f64>> = (b0..b1)
            .into_par_iter()
            .map(|b| {
                if stop() {
                    return Vec::new();
                }
                let (d0, d1) = (b * BLOCK, ((b + 1) * BLOCK).min(mc.draws));
                let per_draw = n_issues * n_models;
                let mut out = vec![f64::NAN; ((d1 - d0) as usize) * per_draw];
                let mut problems = Vec::new();
                for (d, slot) in (d0..d1).zip(out.chunks_exact_mut(per_draw)) {
                    let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
                    rng.set_stream(d);
                    sampler.draw_into(&mut rng, &mut problems);
                    domei_run::run_problem_values(models, &problems, &parts, &lean, slot);
                }
                ticker.add(d1 - d0);
                out
            })
            .collect();
        // A block skipped above left the batch incomplete: stop here.
        if stop() {
            return None;
        }
        for block in &batch {
            for (k, &x) in block.iter().enumerate() {
                let slot = k % (n_issues * n_models);
                accs[slot].push(x);
                if mc.keep_draws {
                    kept[slot].push(x.is_finite().then_some(x));
                }
            }
        }
        b0 = b1;
    }
    let mut kept = kept.into_iter();
    let issues = (0..n_issues)
        .map(|i| IssueSim {
            issue: i,
            models: models
                .iter()
                .enumerate()
                .map(|(j, &model)| ModelSim {
                    model,
                    summary: accs[i * n_models + j].summary(mc.bins),
                    draws: kept.next(),
                })
                .collect(),
        })
        .collect();
    Some(SimResult {
        options: mc.clone(),
        models: models.to_vec(),
        issues,
    })
}
