//! The sizes domei accepts and the memory a run may use, in one place for
//! the command line and the workbench (docs/cli.md and docs/server.md,
//! "Limits", list them).
//!
//! Two kinds of limit:
//!
//! - **Counts** ([`Limit`]): actors, issues, stances, table cells, dimensions, draws,
//!   threads, folds, rounds, input bytes. Fixed; each is checked where the
//!   value enters (the scenario validator, flag parsing, the API) before any
//!   work starts, and a value outside `min..=max` is refused, never quietly
//!   changed.
//! - **Memory and work** ([`Budget`]): before a run starts, its memory and
//!   its work (the engines' innermost operations, for the point forecast,
//!   the headline's band draws and a simulation's draws) are estimated from
//!   the input's size alone (`domei_engines::cost`, summed by domei-run and
//!   domei-runs) and compared with the budget: memory by default half of
//!   the machine's, or `DOMEI_MEMORY_BUDGET` / `--memory-budget`; work by
//!   default [`DEFAULT_WORK`] (a few minutes of one core), or
//!   `DOMEI_WORK_BUDGET` / `--work-budget`.
//!
//! The only I/O here is reading the machine's memory size
//! (`/proc/meminfo`) and the environment variables, in
//! [`Budget::from_env`].

#![warn(missing_docs)]

use std::fmt;

/// A limit on a count: values outside `min..=max` are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Its name in the documentation and in JSON errors (`actors`).
    pub name: &'static str,
    /// What is counted, for messages ("actors in a scenario").
    pub what: &'static str,
    /// The smallest value accepted (inclusive).
    pub min: u64,
    /// The largest value accepted (inclusive).
    pub max: u64,
    /// What to do instead, said after the refusal.
    pub hint: &'static str,
}

/// Actors in one scenario.
pub const ACTORS: Limit = Limit {
    name: "actors",
    what: "actors in a scenario",
    min: 1,
    max: 10_000,
    hint: "BDM and SMP compare every pair of actors (memory grows as the square of their number): merge minor actors into groups, or split the scenario",
};
/// Issues in one scenario.
pub const ISSUES: Limit = Limit {
    name: "issues",
    what: "issues in a scenario",
    min: 1,
    max: 2_000,
    hint: "split the scenario into several",
};
/// Stances (rows of a CSV or DEU III table) in one scenario.
pub const STANCES: Limit = Limit {
    name: "stances",
    what: "stances (rows) in a scenario",
    min: 1,
    max: 200_000,
    hint: "split the scenario into several",
};
/// Cells of a scenario's actors × issues table (every stance there is or
/// could be; the validated scenario keeps the whole table).
pub const TABLE: Limit = Limit {
    name: "table",
    what: "cells in the actors × issues table of a scenario",
    min: 1,
    max: 500_000,
    hint: "split the scenario into several with fewer actors or issues each",
};
/// Issues negotiated together by one multi-issue model run (SMP's
/// dimensions; the exchange model's issues): the issues of one group, or
/// all the issues without a group.
pub const DIMENSIONS: Limit = Limit {
    name: "dimensions",
    what: "issues negotiated together (one group) by the smp and exchange models",
    min: 1,
    max: 100,
    hint: "give the issues `group`s of at most 100, or leave smp and exchange out (--model)",
};
/// Monte Carlo draws.
pub const DRAWS: Limit = Limit {
    name: "draws",
    what: "Monte Carlo draws",
    min: 1,
    max: 10_000_000,
    hint: "percentiles are stable to the histogram's resolution long before that",
};
/// Monte Carlo draws of one simulation started from the workbench (larger
/// ones: `domei simulate`).
pub const WORKBENCH_DRAWS: Limit = Limit {
    name: "workbench_draws",
    what: "Monte Carlo draws of a workbench simulation",
    min: 1,
    max: 100_000,
    hint: "run larger simulations with `domei simulate` (they are stored like the workbench's)",
};
/// Worker threads.
pub const THREADS: Limit = Limit {
    name: "threads",
    what: "worker threads",
    min: 1,
    max: 256,
    hint: "omit --threads to use every core",
};
/// Folds of a cross-validation (also at most the number of dossiers).
pub const FOLDS: Limit = Limit {
    name: "folds",
    what: "cross-validation folds",
    min: 2,
    max: 1_000,
    hint: "each fold holds out whole dossiers: at most one fold per dossier",
};
/// Rounds of the iterative models (BDM; SMP's most rounds).
pub const ROUNDS: Limit = Limit {
    name: "rounds",
    what: "rounds of the iterative models",
    min: 1,
    max: 1_000,
    hint: "the models settle in far fewer rounds",
};
/// Bytes of one scenario input file, or of a scenario posted to the
/// workbench.
pub const INPUT_BYTES: Limit = Limit {
    name: "input_bytes",
    what: "bytes in a scenario input",
    min: 0,
    max: 16 * 1024 * 1024,
    hint: "is this the right file? Split very large tables into several scenarios",
};

/// Largest total of the actors' capabilities (the high ends of their
/// ranges). The models add capabilities (times saliences) up; only their
/// ratios matter, so a scenario beyond this is refused rather than left
/// to overflow.
pub const MAX_CAPABILITY_TOTAL: f64 = 1e100;

/// Every count limit, in the order of the documentation.
pub const ALL: [Limit; 11] = [
    ACTORS,
    ISSUES,
    STANCES,
    TABLE,
    DIMENSIONS,
    DRAWS,
    WORKBENCH_DRAWS,
    THREADS,
    FOLDS,
    ROUNDS,
    INPUT_BYTES,
];

impl Limit {
    /// `value` when it lies in `min..=max`, else the error naming this limit.
    pub fn check(&self, value: u64) -> Result<u64, LimitError> {
        if value < self.min {
            Err(LimitError::TooFew {
                limit: *self,
                value,
            })
        } else if value > self.max {
            Err(LimitError::TooMany {
                limit: *self,
                value,
            })
        } else {
            Ok(value)
        }
    }

    /// [`Limit::check`] for a `usize`.
    pub fn check_usize(&self, value: usize) -> Result<usize, LimitError> {
        self.check(u64::try_from(value).unwrap_or(u64::MAX))
            .map(|_| value)
    }
}

/// A value outside its limit, or a run beyond the memory budget.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LimitError {
    #[error("too many {}: {value}, more than the limit of {} (`{}`); {}", limit.what, limit.max, limit.name, limit.hint)]
    /// More than [`Limit::max`].
    TooMany {
        /// The limit exceeded.
        limit: Limit,
        /// The value given.
        value: u64,
    },
    #[error("{} must be at least {} (`{}`), got {value}", limit.what, limit.min, limit.name)]
    /// Fewer than [`Limit::min`].
    TooFew {
        /// The limit not reached.
        limit: Limit,
        /// The value given.
        value: u64,
    },
    #[error("{what} would need about {} of memory, more than the budget of {} ({}); raise it with {} if the machine has the memory, or use a smaller input or fewer models", human(*needed), human(budget.bytes), budget.source, budget.how_to_raise())]
    /// The run's estimated memory is over [`Budget::bytes`].
    Memory {
        /// What was refused, for the message ("forecast of s").
        what: String,
        /// Estimated bytes the run would need.
        needed: u64,
        /// The budget it was checked against.
        budget: Budget,
    },
    #[error("{what} would take about {} operations, more than the work budget (`work`) of {} ({}; about {} of one core); leave out the costliest model ({largest}) with --model, use a smaller input, or raise the budget with {} (e.g. 1e14, or `none`) to wait for it", ops(*needed), ops(budget.work), budget.work_source, minutes(budget.work), budget.how_to_raise_work())]
    /// The run's estimated operations are over [`Budget::work`].
    Work {
        /// What was refused, for the message ("forecast of s").
        what: String,
        /// The run that does most of the work ("smp on issue x").
        largest: String,
        /// Estimated operations of the whole run (the engines' cost model).
        needed: u64,
        /// The budget it was checked against.
        budget: Budget,
    },
}

/// The default work budget: operations of the engines' cost model
/// (`domei_engines::cost`). At the rate measured on the development
/// machine ([`OPS_PER_SECOND`]) about five minutes of one core.
pub const DEFAULT_WORK: u64 = 300 * OPS_PER_SECOND;

/// Operations of the engines' cost model per second of one core in a
/// release build, roughly: the bundled scenario's Monte Carlo is estimated
/// at 4.0e6 operations a draw and runs at about 0.9 ms of CPU a draw
/// (docs/cli.md, "Performance"), so about 4e9 per second (a debug build is
/// about ten times slower: BDM on 3,000 actors, 1.6e10 operations, took
/// 33 s there). Only to say roughly how long a budget is; the estimate is
/// an upper bound.
pub const OPS_PER_SECOND: u64 = 4_000_000_000;

/// `n` operations for people: `3.2e12`.
fn ops(n: u64) -> String {
    if n == u64::MAX {
        "unlimited".into()
    } else {
        format!("{:.1e}", n as f64)
    }
}

/// How long `n` operations take at [`OPS_PER_SECOND`], for people.
fn minutes(n: u64) -> String {
    let s = n as f64 / OPS_PER_SECOND as f64;
    if s >= 7200.0 {
        format!("{:.0} hours", s / 3600.0)
    } else if s >= 120.0 {
        format!("{:.0} minutes", s / 60.0)
    } else {
        format!("{s:.0} s")
    }
}

impl LimitError {
    /// The limit's name (`actors`, ..., `memory`), for JSON errors.
    pub fn limit(&self) -> &'static str {
        match self {
            LimitError::TooMany { limit, .. } | LimitError::TooFew { limit, .. } => limit.name,
            LimitError::Memory { .. } => "memory",
            LimitError::Work { .. } => "work",
        }
    }

    /// True when the value is too large (HTTP 413 rather than 422).
    pub fn too_large(&self) -> bool {
        !matches!(self, LimitError::TooFew { .. })
    }
}

/// Where a memory budget came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetSource {
    /// Half of the machine's memory (`total`, when it could be read).
    Machine {
        /// The machine's memory in bytes; `None` when it could not be read.
        total: Option<u64>,
    },
    /// The `DOMEI_MEMORY_BUDGET` environment variable.
    Env,
    /// The `--memory-budget` flag.
    Flag,
}

impl fmt::Display for BudgetSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BudgetSource::Machine { total: Some(t) } => {
                write!(f, "half of this machine's {}", human(*t))
            }
            BudgetSource::Machine { total: None } => {
                write!(f, "the default when the machine's memory is unknown")
            }
            BudgetSource::Env => write!(f, "from {}", Budget::ENV),
            BudgetSource::Flag => write!(f, "from --memory-budget"),
        }
    }
}

/// Where a work budget came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkSource {
    /// [`DEFAULT_WORK`].
    Default,
    /// The `DOMEI_WORK_BUDGET` environment variable.
    Env,
    /// The `--work-budget` flag.
    Flag,
}

impl fmt::Display for WorkSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkSource::Default => write!(f, "the default"),
            WorkSource::Env => write!(f, "from {}", Budget::WORK_ENV),
            WorkSource::Flag => write!(f, "from --work-budget"),
        }
    }
}

/// The memory one run may use, and the work it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Most bytes of memory one run may use.
    pub bytes: u64,
    /// Where [`Budget::bytes`] came from.
    pub source: BudgetSource,
    /// Most operations (`domei_engines::cost`'s `work`) of one run.
    pub work: u64,
    /// Where [`Budget::work`] came from.
    pub work_source: WorkSource,
}

/// The budget when the machine's memory cannot be read.
const UNKNOWN_MACHINE_BUDGET: u64 = 2 << 30;

impl Budget {
    /// The environment variable that sets the memory budget.
    pub const ENV: &'static str = "DOMEI_MEMORY_BUDGET";
    /// The environment variable that sets the work budget.
    pub const WORK_ENV: &'static str = "DOMEI_WORK_BUDGET";

    /// Half of `total` bytes of memory (2 GiB when unknown), and the
    /// default work budget.
    pub fn machine(total: Option<u64>) -> Budget {
        Budget {
            bytes: total.map_or(UNKNOWN_MACHINE_BUDGET, |t| t / 2),
            source: BudgetSource::Machine { total },
            work: DEFAULT_WORK,
            work_source: WorkSource::Default,
        }
    }

    /// `flag` when given, else `DOMEI_MEMORY_BUDGET` when set, else half of
    /// this machine's memory; the work budget from `DOMEI_WORK_BUDGET` or
    /// the default. An unreadable value is an error naming it.
    pub fn from_env(flag: Option<&str>) -> Result<Budget, String> {
        Self::from_flags(flag, None)
    }

    /// [`Budget::from_env`] with the `--work-budget` flag too.
    pub fn from_flags(memory: Option<&str>, work: Option<&str>) -> Result<Budget, String> {
        let mut b = match (memory, std::env::var(Self::ENV)) {
            (Some(v), _) => parse_bytes(v)
                .map(|bytes| Budget {
                    bytes,
                    source: BudgetSource::Flag,
                    ..Budget::machine(None)
                })
                .map_err(|e| format!("--memory-budget: {e}"))?,
            (None, Ok(v)) => parse_bytes(&v)
                .map(|bytes| Budget {
                    bytes,
                    source: BudgetSource::Env,
                    ..Budget::machine(None)
                })
                .map_err(|e| format!("{}: {e}", Self::ENV))?,
            (None, Err(_)) => Budget::machine(total_memory()),
        };
        match (work, std::env::var(Self::WORK_ENV)) {
            (Some(v), _) => {
                b.work = parse_ops(v).map_err(|e| format!("--work-budget: {e}"))?;
                b.work_source = WorkSource::Flag;
            }
            (None, Ok(v)) => {
                b.work = parse_ops(&v).map_err(|e| format!("{}: {e}", Self::WORK_ENV))?;
                b.work_source = WorkSource::Env;
            }
            (None, Err(_)) => {}
        }
        Ok(b)
    }

    fn how_to_raise_work(&self) -> &'static str {
        match self.work_source {
            WorkSource::Flag => "--work-budget",
            _ => "--work-budget or DOMEI_WORK_BUDGET",
        }
    }

    /// Ok when `needed` operations fit the work budget; else the error
    /// naming `what` and its `largest` run.
    pub fn check_work(
        &self,
        needed: u64,
        what: impl Into<String>,
        largest: impl Into<String>,
    ) -> Result<(), LimitError> {
        if needed <= self.work {
            Ok(())
        } else {
            Err(LimitError::Work {
                what: what.into(),
                largest: largest.into(),
                needed,
                budget: *self,
            })
        }
    }

    fn how_to_raise(&self) -> &'static str {
        match self.source {
            BudgetSource::Flag => "--memory-budget",
            _ => "--memory-budget or DOMEI_MEMORY_BUDGET (e.g. 8G)",
        }
    }

    /// Ok when `needed` bytes fit; else the error naming `what`.
    pub fn check(&self, needed: u64, what: impl Into<String>) -> Result<(), LimitError> {
        if needed <= self.bytes {
            Ok(())
        } else {
            Err(LimitError::Memory {
                what: what.into(),
                needed,
                budget: *self,
            })
        }
    }
}

/// The machine's memory (`MemTotal` of `/proc/meminfo`), when readable.
pub fn total_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    meminfo_total(&text)
}

fn meminfo_total(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line
        .trim_start_matches("MemTotal:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

/// Parses a size: a number of bytes, optionally with a suffix K, M, G or T
/// (powers of 1024; `KB`, `KiB`, `MB`, ... mean the same), e.g. `512M`,
/// `8G`, `1.5GiB`. Zero is refused.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.trim_end_matches('b').trim_end_matches('i');
    let mult: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => {
            return Err(format!(
                "{s:?} is not a size (write e.g. 512M, 8G or 8589934592)"
            ))
        }
    };
    let x: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (write e.g. 512M, 8G or 8589934592)"))?;
    let bytes = x * mult as f64;
    if !(1.0..1.8e19).contains(&bytes) {
        return Err(format!("{s:?}: the size must be between 1 byte and 16 EiB"));
    }
    Ok(bytes as u64)
}

/// Parses a work budget: a number of operations (`2e12`,
/// `3000000000000`), or `none` / `unlimited` for no limit. Zero is
/// refused.
pub fn parse_ops(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("unlimited") {
        return Ok(u64::MAX);
    }
    match t.parse::<f64>() {
        Ok(x) if (1.0..1.8e19).contains(&x) => Ok(x as u64),
        _ => Err(format!(
            "{s:?} is not a number of operations (write e.g. 1e13, or none)"
        )),
    }
}

/// `bytes` for people: `512 B`, `3.2 MB`, `27 GB` (powers of 1000).
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    let (v, unit) = if b >= 1e12 {
        (b / 1e12, "TB")
    } else if b >= 1e9 {
        (b / 1e9, "GB")
    } else if b >= 1e6 {
        (b / 1e6, "MB")
    } else if b >= 1e3 {
        (b / 1e3, "kB")
    } else {
        return format!("{bytes} B");
    };
    if v >= 100.0 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

#[cfg(test)]
mod tests;
