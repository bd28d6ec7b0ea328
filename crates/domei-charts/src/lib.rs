//! Server-side SVG charts: pure functions from plain chart data to a
//! `String` of SVG. No I/O, no scripts, no external fonts or resources.
//!
//! | chart | data | render |
//! |---|---|---|
//! | positions by actor on an issue's scale | [`PositionsChart`] | [`positions_svg`] |
//! | iterative models round by round | [`RoundsChart`] | [`rounds_svg`] |
//! | Monte Carlo distribution | [`DistributionChart`] | [`distribution_svg`] |
//! | tornado of one-at-a-time sensitivity | [`TornadoChart`] | [`tornado_svg`] |
//!
//! [`build`] fills the chart data from domei's results (scenario, forecast,
//! Monte Carlo, sensitivity); the web workbench and the briefing
//! (domei-brief) share both.
//!
//! Every chart is accessible: `role="img"` with a `<title>` and a `<desc>`
//! that states the figures in words, text labels on every series, and a
//! colour-blind-safe palette where each series also has its own symbol
//! ([`style`]). Every user-supplied string is XML-escaped. Output is
//! deterministic (fixed number formatting, no hash order), so it is tested
//! against golden files. Element ids derive from each chart's `id`, which
//! must be unique on a page.
#![warn(missing_docs)]

pub mod build;
pub mod distribution;
pub mod positions;
pub mod rounds;
pub mod style;
pub mod svg;
pub mod tornado;

pub use distribution::{distribution_svg, DistributionChart, Strip};
pub use positions::{positions_svg, ActorPoint, Mark, PositionsChart, ScaleAnchor};
pub use rounds::{history_svg, rounds_svg, Line, RoundsChart};
pub use tornado::{tornado_svg, TornadoBar, TornadoChart};
