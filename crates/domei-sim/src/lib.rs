//! Uncertainty over scenarios: Monte Carlo ranges ([`montecarlo`]),
//! one-at-a-time sensitivity ([`sensitivity()`]) and backtests on recorded
//! decisions with a fitted ensemble ([`backtest()`], [`ensemble`]).
//!
//! Everything here is a pure function of a validated scenario and options:
//! no I/O. Randomness comes only from ChaCha8 streams seeded by the caller,
//! so results are reproducible and independent of the thread count.
#![warn(missing_docs)]

pub mod backtest;
pub mod calibrate;
pub mod draws;
pub mod ensemble;
pub mod headline;
pub mod montecarlo;
pub mod prepare;
pub mod progress;
pub mod sample;
pub mod sensitivity;
pub mod stats;

pub use backtest::{backtest, BacktestOptions, BacktestReport, Metrics};
pub use montecarlo::{simulate, simulate_until, McOptions, SimResult};
pub use sample::{Dist, Perturbation};
pub use sensitivity::{sensitivity, sensitivity_with_progress, Tornado};
