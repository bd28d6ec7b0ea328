//! What a job will cost, checked before it starts: the limits of
//! domei-limits on its parameters, its estimated memory (the point
//! forecast's, [`domei_run::cost`], plus one lean run per core for the
//! headline's band and, for a simulation, one per worker thread) against
//! the memory budget, and its estimated work (the point forecast, the
//! band's lean point run and draws of every model the headline needs, a
//! simulation's draws) against the work budget.

use crate::{Job, Kind};
use domei_engines::Options;
use domei_limits::{Budget, LimitError, DIMENSIONS, DRAWS, ROUNDS};
use domei_scenario::Scenario;
use domei_sim::stats::FINE_BINS;
use serde::Serialize;

/// A job's estimated cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// Bytes held at the peak.
    pub memory_bytes: u64,
    /// Innermost operations of the engines (to compare jobs, not a time).
    pub work: u64,
}

impl Job {
    /// The estimated cost of this job on `s` with `threads` worker threads
    /// (simulations run one draw per thread at a time); `keep_draws` as in
    /// [`crate::compute_keeping_draws`].
    pub fn estimate(&self, s: &Scenario, threads: usize, keep_draws: bool) -> Estimate {
        self.cost(s, threads, keep_draws).0
    }

    fn cost(
        &self,
        s: &Scenario,
        threads: usize,
        keep_draws: bool,
    ) -> (Estimate, domei_run::RunCost) {
        let point = domei_run::cost(s, &self.models, &self.options());
        let mut memory = point.memory;
        let mut work = point.work;
        // Every job also measures the headline's input-uncertainty band
        // (domei_sim::headline): the calibration's Monte Carlo draws of the
        // job's models and the headline's own, one lean run per core at a
        // time (the draws run on the global thread pool, whatever
        // `threads` says).
        {
            let cal = domei_calib::Calibration::bundled();
            let mut models = self.models.clone();
            for m in cal.stack().models() {
                if !models.contains(&m) {
                    models.push(m);
                }
            }
            let lean = Options {
                explain: false,
                ..self.options()
            };
            let draw = domei_run::cost(s, &models, &lean);
            let band = domei_sim::headline::mc_options(cal, s.issues.len());
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let at_once = (threads.max(cores) as u64).min(band.draws.max(1));
            memory = memory.saturating_add(at_once.saturating_mul(draw.memory));
            // A lean point run of those models, then one per draw.
            work = work.saturating_add(draw.work.saturating_mul(band.draws.saturating_add(1)));
        }
        if let (Kind::Simulate, Some(mc)) = (self.kind, self.params.monte_carlo) {
            let lean = Options {
                explain: false,
                ..self.options()
            };
            let draw = domei_run::cost(s, &self.models, &lean);
            let slots = (s.issues.len() as u64).saturating_mul(self.models.len() as u64);
            // Per (issue, model): the statistics' fine histogram; per
            // batch of draws, their values; with `keep_draws`, every draw.
            let stats = slots.saturating_mul(FINE_BINS as u64 * 8 + 256);
            let batch = slots.saturating_mul(64 * 64 * 8);
            let kept = if keep_draws {
                slots.saturating_mul(mc.draws).saturating_mul(16)
            } else {
                0
            };
            memory = memory
                .saturating_add((threads.max(1) as u64).saturating_mul(draw.memory))
                .saturating_add(stats)
                .saturating_add(batch)
                .saturating_add(kept);
            work = work.saturating_add(draw.work.saturating_mul(mc.draws));
        }
        (
            Estimate {
                memory_bytes: memory,
                work,
            },
            point,
        )
    }

    /// Checks this job's parameters against their limits and its estimated
    /// memory on `s` against `budget`, before anything runs; returns the
    /// estimate.
    pub fn check(
        &self,
        s: &Scenario,
        threads: usize,
        keep_draws: bool,
        budget: &Budget,
    ) -> Result<Estimate, LimitError> {
        ROUNDS.check(u64::from(self.params.rounds))?;
        if let Some(mc) = self.params.monte_carlo {
            DRAWS.check(mc.draws)?;
        }
        let (est, point) = self.cost(s, threads, keep_draws);
        if self.models.iter().any(|m| m.joint()) {
            DIMENSIONS.check_usize(point.dimensions)?;
        }
        let largest = &point.largest;
        let models: Vec<&str> = self.models.iter().map(|m| m.as_str()).collect();
        let what = format!(
            "{} of {} with {} (largest run: {largest})",
            self.kind.as_str(),
            s.id,
            models.join(", ")
        );
        budget.check(est.memory_bytes, what.clone())?;
        budget.check_work(est.work, what, point.costliest)?;
        Ok(est)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::McParams;
    use domei_engines::ModelId;
    use domei_limits::BudgetSource;

    fn scenario(actors: usize) -> Scenario {
        let mut t = String::from(
            "[scenario]\nid = \"big\"\nname = \"Big\"\n\n[[issues]]\nid = \"x\"\nscale = { min = 0, max = 100 }\n\n",
        );
        for a in 0..actors {
            t.push_str(&format!(
                "[[actors]]\nid = \"a{a}\"\ncapability = 1\n\n[[stances]]\nactor = \"a{a}\"\nissue = \"x\"\nposition = {}\nsalience = 0.5\n\n",
                a % 100
            ));
        }
        domei_scenario::from_toml_str(std::path::Path::new("big.toml"), &t, Default::default())
            .unwrap()
    }

    #[test]
    fn memory_beyond_the_budget_is_refused_before_running() {
        let s = scenario(3000);
        let budget = Budget {
            bytes: 200_000_000,
            source: BudgetSource::Flag,
            ..Budget::machine(None)
        };
        let job = Job::forecast(vec![ModelId::Bdm], Options::default(), false);
        let e = job.check(&s, 1, false, &budget).unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("bdm on issue x") && m.contains("--memory-budget"),
            "{m}"
        );
        // 3000² × 6 f64 ≈ 432 MB of working matrices, for the forecast and
        // for each of the headline band's draws running at once (one per
        // core).
        let est = job.estimate(&s, 1, false);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        assert!(
            (400_000_000 * (1 + cores)..600_000_000 * (1 + cores)).contains(&est.memory_bytes),
            "{est:?}"
        );
        // The compromise model is linear: it fits.
        let job = Job::forecast(vec![ModelId::Compromise], Options::default(), false);
        assert!(job.check(&s, 1, false, &budget).is_ok());
        // A simulation pays one lean run per thread on top.
        let sim = Job::simulate(vec![ModelId::Bdm], Options::default(), McParams::default());
        assert!(sim.estimate(&s, 8, false).memory_bytes > est.memory_bytes + 7 * 400_000_000);
    }
}
