//! Progress of parallel work, reported in steps of about 1%.
//!
//! Workers add the units they finish ([`Ticker::add`]) from any thread; the
//! caller's `report(done, total)` is called whenever at least one step
//! (1% of the total, at least one unit) has been done since the last
//! report, and once at the end. Reports are made under one lock, so
//! `done` never goes down from one report to the next and the last report
//! is `(total, total)`. The lock is taken once per work item (a block of
//! draws), which costs nothing next to the item itself.

use std::sync::Mutex;

/// Steps per run: reports at about every 1%.
pub const STEPS: u64 = 100;

/// Counts units of work done by any thread and calls `report(done, total)` at about every 1% ([`STEPS`]).
pub struct Ticker<'a> {
    total: u64,
    step: u64,
    /// Units done and units done at the last report.
    state: Mutex<(u64, u64)>,
    report: &'a (dyn Fn(u64, u64) + Sync),
}

impl<'a> Ticker<'a> {
    /// A ticker over `total` units that reports through `report`.
    pub fn new(total: u64, report: &'a (dyn Fn(u64, u64) + Sync)) -> Ticker<'a> {
        Ticker {
            total,
            step: (total / STEPS).max(1),
            state: Mutex::new((0, 0)),
            report,
        }
    }

    /// A ticker that reports nothing, for work nobody watches.
    pub fn silent() -> Ticker<'static> {
        fn nothing(_: u64, _: u64) {}
        Ticker::new(0, &nothing)
    }

    /// `n` more units are done.
    pub fn add(&self, n: u64) {
        // A poisoned lock only means a report panicked on another thread;
        // the counts are still whole numbers, so carry on with them.
        let mut g = self.state.lock().unwrap_or_else(|p| p.into_inner());
        g.0 = (g.0 + n).min(self.total);
        if g.0 - g.1 >= self.step || (g.0 == self.total && g.1 < self.total) {
            g.1 = g.0;
            (self.report)(g.0, self.total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    fn reports(total: u64, chunks: &[u64]) -> Vec<(u64, u64)> {
        let seen = Mutex::new(Vec::new());
        let report = |d, t| seen.lock().unwrap().push((d, t));
        let t = Ticker::new(total, &report);
        for &c in chunks {
            t.add(c);
        }
        seen.into_inner().unwrap()
    }

    #[test]
    fn reports_every_percent_and_the_end() {
        // 10,000 draws in blocks of 16: a report at least every 100 draws.
        let r = reports(10_000, &vec![16; 625]);
        assert_eq!(r.last(), Some(&(10_000, 10_000)));
        assert!((85..=101).contains(&r.len()), "{} reports", r.len());
        let mut last = 0;
        for &(d, t) in &r {
            assert_eq!(t, 10_000);
            assert!(d > last && d - last <= 100 + 16, "{last} -> {d}");
            last = d;
        }
    }

    #[test]
    fn small_totals_report_each_unit_and_nothing_after_the_end() {
        assert_eq!(reports(3, &[1, 1, 1]), [(1, 3), (2, 3), (3, 3)]);
        // A last block larger than what is left does not overshoot.
        assert_eq!(reports(5, &[4, 4]), [(4, 5), (5, 5)]);
        assert!(reports(0, &[]).is_empty());
    }

    #[test]
    fn parallel_reports_never_go_down() {
        let seen = Mutex::new(Vec::new());
        let report = |d, _| seen.lock().unwrap().push(d);
        let t = Ticker::new(4_000, &report);
        (0..250).into_par_iter().for_each(|_| t.add(16));
        let r = seen.into_inner().unwrap();
        assert!(r.windows(2).all(|w| w[0] < w[1]), "{r:?}");
        assert_eq!(r.last(), Some(&4_000));
        assert!(r.len() >= 80, "{} reports", r.len());
    }
}
