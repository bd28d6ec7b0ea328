//! Every Monte Carlo draw's forecast kept, computed in parallel over draws
//! *and* groups of issues: what backtests and calibration need (a few
//! hundred draws of a table of many small negotiations, such as the 95
//! dossiers of DEU III), where parallelising over draws alone leaves cores
//! idle.
//!
//! Draw `k` uses ChaCha8 stream `k` of the seed and [`Sampler::draw`] as
//! [`crate::montecarlo::simulate`] does, so a draw's inputs — and each
//! model's forecast on them — are the same as there. The models run on each
//! group of issues negotiated together ([`domei_run::partition`]) on its
//! own; groups are independent (joint models see one group at a time, the
//! others one issue), so the results are those of one run over all issues.
//! Work items are collected in a fixed order: the result does not depend on
//! the thread count.

use crate::montecarlo::McOptions;
use crate::progress::Ticker;
use crate::sample::Sampler;
use domei_engines::{ModelId, Options, Problem};
use domei_scenario::Scenario;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;

/// Every draw's forecast: `values[i][j][d]` is model `j`'s forecast on issue
/// `i` in draw `d` (NaN where the model could not run).
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    /// `values[issue][model][draw]`, NaN where the model could not run.
    pub values: Vec<Vec<Vec<f64>>>,
}

/// Draws per work item of the sampling step.
const SAMPLE_BLOCK: u64 = 16;

/// Runs `models` on `mc.draws` draws of `s`'s inputs and keeps every
/// forecast, through the engines' value-only path (no rounds or
/// explanations; the values are those of the full runs).
/// Adds one unit to `ticker` per group of issues per draw as each is run.
pub fn all_draws(
    s: &Scenario,
    models: &[ModelId],
    opts: &Options,
    mc: &McOptions,
    ticker: &Ticker,
) -> Draws {
    let sampler = Sampler::new(s, &mc.perturbation, mc.dist);
    let n = s.issues.len();
    let parts = domei_run::partition(n, &domei_run::groups(s));
    // Sampling is cheap but not free (one allocation per player): blocks in
    // parallel, collected in draw order.
    let blocks = mc.draws.div_ceil(SAMPLE_BLOCK);
    let problems: Vec<Vec<Problem>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let (d0, d1) = (b * SAMPLE_BLOCK, ((b + 1) * SAMPLE_BLOCK).min(mc.draws));
            (d0..d1)
                .map(|d| {
                    let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
                    rng.set_stream(d);
                    sampler.draw(&mut rng)
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let items: Vec<(usize, usize)> = (0..problems.len())
        .flat_map(|d| (0..parts.len()).map(move |g| (d, g)))
        .collect();
    let results: Vec<Vec<Vec<f64>>> = items
        .par_iter()
        .map(|&(d, g)| {
            // One group's problems, negotiated together: the engines'
            // value-only path (bit-identical to `run_problems`' values).
            let ps: Vec<&Problem> = parts[g].iter().map(|&i| &problems[d][i]).collect();
            let one = [(0..ps.len()).collect::<Vec<usize>>()];
            let mut out = vec![f64::NAN; ps.len() * models.len()];
            domei_run::run_problem_values(models, &ps, &one, opts, &mut out);
            ticker.add(1);
            out.chunks(models.len().max(1))
                .map(<[f64]>::to_vec)
                .collect()
        })
        .collect();
    let draws = problems.len();
    let mut values = vec![vec![Vec::with_capacity(draws); models.len()]; n];
    for (&(_, g), per_issue) in items.iter().zip(results) {
        for (&i, per_model) in parts[g].iter().zip(per_issue) {
            for (j, x) in per_model.into_iter().enumerate() {
                values[i][j].push(x);
            }
        }
    }
    Draws { values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::simulate;
    use domei_scenario::{from_toml_str, Requirements};
    use std::path::Path;

    const S: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "a"
capability = 3
[[actors]]
id = "b"
capability = 1
[[actors]]
id = "c"
capability = 2
[[issues]]
id = "x"
scale = { min = 0, max = 10 }
group = "g1"
[[issues]]
id = "y"
scale = { min = 0, max = 1 }
status_quo = 0.5
[[issues]]
id = "z"
scale = { min = 0, max = 100 }
group = "g1"
[[stances]]
actor = "a"
issue = "x"
position = 2
salience = 1
[[stances]]
actor = "b"
issue = "x"
position = 10
salience = 0.6
[[stances]]
actor = "c"
issue = "y"
position = 1
salience = 0.5
[[stances]]
actor = "a"
issue = "y"
position = 0.2
salience = 0.9
[[stances]]
actor = "c"
issue = "z"
position = 80
salience = 0.5
[[stances]]
actor = "b"
issue = "z"
position = 10
salience = 0.7
"#;

    #[test]
    fn same_draws_as_the_monte_carlo_on_any_thread_count() {
        let s = from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap();
        let models = ModelId::ALL;
        let mc = McOptions {
            draws: 70,
            seed: 5,
            keep_draws: true,
            ..McOptions::default()
        };
        let sim = simulate(&s, &models, &Options::default(), &mc, &|_, _| {});
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| all_draws(&s, &models, &Options::default(), &mc, &Ticker::silent()));
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| all_draws(&s, &models, &Options::default(), &mc, &Ticker::silent()));
        // Bit for bit (NaN where a model could not run is not equal to itself).
        let bits = |d: &Draws| -> Vec<u64> {
            d.values
                .iter()
                .flatten()
                .flatten()
                .map(|x| x.to_bits())
                .collect()
        };
        assert_eq!(bits(&one), bits(&two));
        for (i, is) in sim.issues.iter().enumerate() {
            for (j, m) in is.models.iter().enumerate() {
                let kept: Vec<f64> = m
                    .draws
                    .as_ref()
                    .unwrap()
                    .iter()
                    .map(|x| x.unwrap_or(f64::NAN))
                    .collect();
                let got = &one.values[i][j];
                assert_eq!(kept.len(), got.len());
                for (a, b) in kept.iter().zip(got) {
                    assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
                }
            }
        }
    }
}
