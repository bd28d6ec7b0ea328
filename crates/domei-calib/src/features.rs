//! What the calibration sees of an issue, on the issue's scale normalised
//! to 0–100: every model's forecast, the status quo, the dispersion of the
//! actors' positions, the models' disagreement and each model's
//! input-uncertainty band, and the alternatives on the table (the actors'
//! positions and the status quo). Nothing specific to one data set (no
//! procedure or voting rule), so a calibration applies to any scenario.

use domei_engines::{ModelId, Problem};

/// Index of a model in [`ModelId::ALL`].
pub fn model_index(m: ModelId) -> usize {
    ModelId::ALL.iter().position(|&x| x == m).unwrap_or(0)
}

/// One issue, normalised to 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueInput {
    /// Each model's forecast, indexed as [`ModelId::ALL`]; `None` where it
    /// did not run.
    pub forecasts: [Option<f64>; 6],
    /// Each model's input-uncertainty band width (p90 − p10 of its forecast
    /// over Monte Carlo draws); `None` without Monte Carlo.
    pub bands: [Option<f64>; 6],
    /// The issue's status quo on 0–100; `None` when it has none.
    pub status_quo: Option<f64>,
    /// Standard deviation of the positions weighted by capability ×
    /// salience.
    pub dispersion: f64,
    /// The alternatives on the table: the distinct positions of the actors
    /// with salience > 0 and the status quo, ascending.
    pub alternatives: Vec<f64>,
}

/// `x` of a scale `[min, max]` on 0–100.
pub fn to_unit(x: f64, min: f64, max: f64) -> f64 {
    (x - min) / (max - min) * 100.0
}

/// `u` on 0–100 back to the scale `[min, max]`.
pub fn from_unit(u: f64, min: f64, max: f64) -> f64 {
    min + u / 100.0 * (max - min)
}

impl IssueInput {
    /// The input of issue `p` given the models' forecasts and (optionally)
    /// their band widths, all in the issue's units.
    pub fn new(p: &Problem, forecasts: &[(ModelId, f64)], bands: &[(ModelId, f64)]) -> IssueInput {
        let (min, max) = (p.min, p.max);
        let mut f = [None; 6];
        for &(m, v) in forecasts {
            if v.is_finite() {
                f[model_index(m)] = Some(to_unit(v, min, max).clamp(0.0, 100.0));
            }
        }
        let mut b = [None; 6];
        for &(m, w) in bands {
            if w.is_finite() {
                b[model_index(m)] = Some((w / (max - min) * 100.0).clamp(0.0, 100.0));
            }
        }
        let weights: Vec<(f64, f64)> = p
            .players
            .iter()
            .map(|pl| (pl.capability * pl.salience, to_unit(pl.position, min, max)))
            .collect();
        let total: f64 = weights.iter().map(|(w, _)| w).sum();
        let dispersion = if total > 0.0 {
            let mean = weights.iter().map(|(w, x)| w * x).sum::<f64>() / total;
            (weights
                .iter()
                .map(|(w, x)| w * (x - mean).powi(2))
                .sum::<f64>()
                / total)
                .sqrt()
        } else {
            0.0
        };
        let status_quo = p.status_quo.map(|v| to_unit(v, min, max).clamp(0.0, 100.0));
        let mut alternatives: Vec<f64> = p
            .players
            .iter()
            .filter(|pl| pl.salience > 0.0)
            .map(|pl| to_unit(pl.position, min, max).clamp(0.0, 100.0))
            .chain(status_quo)
            .filter(|v| v.is_finite())
            .collect();
        alternatives.sort_by(f64::total_cmp);
        alternatives.dedup();
        IssueInput {
            forecasts: f,
            bands: b,
            status_quo,
            dispersion,
            alternatives,
        }
    }

    /// Model `m`'s forecast; `None` where it did not run.
    pub fn forecast(&self, m: ModelId) -> Option<f64> {
        self.forecasts[model_index(m)]
    }

    /// Model `m`'s input-uncertainty band width; `None` without Monte Carlo.
    pub fn band(&self, m: ModelId) -> Option<f64> {
        self.bands[model_index(m)]
    }

    /// The alternative nearest `v` (the lower on a tie); `None` when there
    /// is none.
    pub fn nearest_alternative(&self, v: f64) -> Option<f64> {
        let mut best: Option<f64> = None;
        for &a in &self.alternatives {
            if best.is_none_or(|b| (a - v).abs() < (b - v).abs()) {
                best = Some(a);
            }
        }
        best
    }

    /// Highest minus lowest forecast across the models that ran.
    pub fn disagreement(&self) -> f64 {
        let v: Vec<f64> = self.forecasts.iter().flatten().copied().collect();
        if v.is_empty() {
            return 0.0;
        }
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        hi - lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domei_engines::Player;

    #[test]
    fn normalises_to_0_100() {
        let p = Problem {
            players: vec![
                Player {
                    id: "a".into(),
                    capability: 1.0,
                    position: 1.0,
                    salience: 1.0,
                },
                Player {
                    id: "b".into(),
                    capability: 1.0,
                    position: 3.0,
                    salience: 1.0,
                },
            ],
            min: 1.0,
            max: 3.0,
            status_quo: Some(1.5),
        };
        let x = IssueInput::new(
            &p,
            &[(ModelId::Compromise, 2.0), (ModelId::Median, 3.0)],
            &[(ModelId::Compromise, 0.2)],
        );
        assert_eq!(x.forecast(ModelId::Compromise), Some(50.0));
        assert_eq!(x.forecast(ModelId::Bdm), None);
        assert_eq!(x.status_quo, Some(25.0));
        assert!((x.band(ModelId::Compromise).unwrap() - 10.0).abs() < 1e-9);
        assert!((x.dispersion - 50.0).abs() < 1e-9);
        assert_eq!(x.disagreement(), 50.0);
        assert_eq!(x.alternatives, vec![0.0, 25.0, 100.0]);
        assert_eq!(x.nearest_alternative(60.0), Some(25.0));
        assert_eq!(x.nearest_alternative(62.5), Some(25.0), "tie: the lower");
        assert_eq!(from_unit(25.0, 1.0, 3.0), 1.5);
    }
}
