//! The limits of domei-limits as the command line applies them: the
//! `--memory-budget` and `--work-budget` flags, count flags checked before any work, and a job's
//! estimated memory checked against the budget before it runs.

use crate::error::CliError;
use domei_limits::{Budget, Limit, LimitError};
use domei_runs::{Estimate, Job};
use domei_scenario::Scenario;

/// The memory budget flag, shared by the commands that run models.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BudgetArgs {
    /// Most memory a run may use, e.g. 4G or 512M [default: half of this
    /// machine's memory, or DOMEI_MEMORY_BUDGET]. A run estimated to need
    /// more is refused before it starts (exit 2).
    #[arg(long, value_name = "SIZE")]
    pub memory_budget: Option<String>,
    /// Most work a run may do, in the engines' estimated operations, e.g.
    /// 1e13, or none [default: 1.2e12, about five minutes of one core, or
    /// DOMEI_WORK_BUDGET]. A run estimated to need more is refused before
    /// it starts (exit 2).
    #[arg(long, value_name = "OPS")]
    pub work_budget: Option<String>,
}

impl BudgetArgs {
    pub fn budget(&self) -> Result<Budget, CliError> {
        Budget::from_flags(self.memory_budget.as_deref(), self.work_budget.as_deref())
            .map_err(CliError::Usage)
    }
}

impl From<LimitError> for CliError {
    fn from(e: LimitError) -> CliError {
        CliError::Usage(e.to_string())
    }
}

/// `value` of `--flag` within `limit`.
pub fn count(limit: Limit, flag: &str, value: u64) -> Result<u64, CliError> {
    limit
        .check(value)
        .map_err(|e| CliError::Usage(format!("--{flag}: {e}")))
}

/// The worker threads a command will use: `--threads` within its limit,
/// or every core.
pub fn threads(flag: Option<usize>) -> Result<usize, CliError> {
    match flag {
        Some(n) => count(domei_limits::THREADS, "threads", n as u64).map(|_| n),
        None => Ok(rayon::current_num_threads()),
    }
}

/// Checks `job` on `s` (limits, estimated memory) before it runs.
pub fn check_job(
    job: &Job,
    s: &Scenario,
    threads: usize,
    keep_draws: bool,
    budget: &Budget,
) -> Result<Estimate, CliError> {
    Ok(job.check(s, threads, keep_draws, budget)?)
}

/// A count flag's value parsed and checked against `limit` (for clap's
/// `value_parser`: an out-of-range value is a usage error, exit 2).
fn parse(limit: Limit, s: &str) -> Result<u64, String> {
    let v: u64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number"))?;
    limit.check(v).map_err(|e| e.to_string())
}

/// `--rounds` (domei-limits `rounds`).
pub fn rounds(s: &str) -> Result<u32, String> {
    parse(domei_limits::ROUNDS, s).map(|v| v as u32)
}

/// `--draws` (domei-limits `draws`).
pub fn draws(s: &str) -> Result<u64, String> {
    parse(domei_limits::DRAWS, s)
}

/// `--threads` (domei-limits `threads`).
pub fn threads_flag(s: &str) -> Result<usize, String> {
    parse(domei_limits::THREADS, s).map(|v| v as usize)
}

/// `--folds` (domei-limits `folds`).
pub fn folds(s: &str) -> Result<usize, String> {
    parse(domei_limits::FOLDS, s).map(|v| v as usize)
}

/// For the commands that make many forecasts of `s` (sensitivity, what-if,
/// best response, events, plans), up to one per worker thread at a time:
/// checks that many forecasts of `models` fit the memory budget
/// (`DOMEI_MEMORY_BUDGET` or half of the machine).
pub fn check_forecasts(
    s: &Scenario,
    models: &[domei_engines::ModelId],
    opts: &domei_engines::Options,
) -> Result<(), CliError> {
    let job = Job::forecast(models.to_vec(), opts.clone(), false);
    let budget = Budget::from_env(None).map_err(CliError::Usage)?;
    let one = job.check(s, 1, false, &budget)?;
    let threads = rayon::current_num_threads() as u64;
    budget.check(
        one.memory_bytes.saturating_mul(threads),
        format!("{threads} forecasts of {} at once (one per thread)", s.id),
    )?;
    Ok(())
}
