//! Progress on standard error for the commands that can take more than a
//! second: a bar with the elapsed time and an estimate of the time left
//! where the work is counted (Monte Carlo draws, sensitivity runs, the
//! models' runs of a backtest or a calibration), a
//! spinner with the elapsed time otherwise. Only when standard error is a
//! terminal: piped or redirected, nothing is written, so logs and scripts
//! see exactly what they saw before. Drawn by indicatif (rate-limited,
//! erased when done).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// What a bar shows: counted work with an estimate, or only that work is
/// going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counted,
    Spinner,
}

fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Counted => {
            "{msg} [{bar:30}] {pos}/{len} ({percent}%) {elapsed_precise}, about {eta} left"
        }
        Kind::Spinner => "{spinner} {msg} {elapsed_precise}",
    }
}

/// A bar or a spinner on standard error, or nothing when standard error is
/// not a terminal. Erased when dropped.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Whether progress is drawn: standard error is a terminal.
    fn enabled() -> bool {
        std::io::stderr().is_terminal()
    }

    fn make(kind: Kind, msg: &str, total: u64, on: bool) -> Progress {
        if !on {
            return Progress { bar: None };
        }
        let bar = match kind {
            Kind::Counted => {
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            }
            Kind::Spinner => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        // The templates are fixed strings checked by the tests below.
        if let Ok(style) = ProgressStyle::with_template(template(kind)) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(msg.to_string());
        if kind == Kind::Spinner {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        // Drawn at once, so that even a short run shows what it is doing.
        bar.tick();
        Progress { bar: Some(bar) }
    }

    /// A bar over `total` units (e.g. draws), with an estimate of the time
    /// left; move it with [`Progress::report`].
    pub fn counted(msg: &str, total: u64) -> Progress {
        Progress::make(Kind::Counted, msg, total, Progress::enabled())
    }

    /// A spinner with the elapsed time, for work that is not counted.
    pub fn spinner(msg: &str) -> Progress {
        Progress::make(Kind::Spinner, msg, 0, Progress::enabled())
    }

    /// `done` of `total` units are done (the `progress` callback of
    /// domei-runs and domei-sim; callable from any thread).
    pub fn report(&self, done: u64, total: u64) {
        if let Some(b) = &self.bar {
            if b.length() != Some(total) {
                b.set_length(total);
            }
            // Reports never go down (domei_sim::progress::Ticker); a
            // lower one would only come from a second counted phase.
            b.set_position(done);
        }
    }

    /// Reports `done` of `total` as [`Progress::report`]; once everything
    /// counted is done, says `then` (the uncounted work that follows).
    pub fn report_then(&self, done: u64, total: u64, then: &str) {
        self.report(done, total);
        if let (Some(b), true) = (&self.bar, done >= total) {
            b.set_message(then.to_string());
        }
    }

    /// Whether anything is drawn.
    #[cfg(test)]
    fn drawn(&self) -> bool {
        self.bar.is_some()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_valid_and_the_counted_one_has_an_estimate() {
        for k in [Kind::Counted, Kind::Spinner] {
            assert!(ProgressStyle::with_template(template(k)).is_ok(), "{k:?}");
        }
        assert!(template(Kind::Counted).contains("{eta}"));
        assert!(template(Kind::Spinner).contains("{elapsed_precise}"));
    }

    #[test]
    fn nothing_is_drawn_when_off_and_reports_are_ignored() {
        let p = Progress::make(Kind::Counted, "draws", 10, false);
        assert!(!p.drawn());
        p.report(5, 10);
    }

    #[test]
    fn reports_move_the_bar() {
        // A hidden target: the bar's state without drawing anything.
        let p = Progress::make(Kind::Counted, "draws", 100, true);
        let b = p.bar.as_ref().unwrap();
        b.set_draw_target(ProgressDrawTarget::hidden());
        p.report(40, 100);
        assert_eq!((b.position(), b.length()), (40, Some(100)));
        p.report(100, 200);
        assert_eq!((b.position(), b.length()), (100, Some(200)));
        p.report_then(150, 200, "next");
        assert_eq!(b.message(), "draws");
        p.report_then(200, 200, "next");
        assert_eq!((b.position(), b.message().as_str()), (200, "next"));
    }
}
