//! Drawing scenario inputs for Monte Carlo runs.
//!
//! Each value is drawn from an interval `[lo, hi]` around its point value
//! (the mode):
//!
//! - a value with a range (`low`/`high` in the scenario, where sources
//!   disagree) is drawn from that range;
//! - a point value is drawn from a perturbation around it: positions
//!   ± `position` × (scale max − min), saliences ± `salience` (absolute, on
//!   0–1), capabilities ± `capability` × value (relative). Intervals are
//!   clipped to the value's domain (the issue's scale, [0, 1], > 0).
//!
//! The distribution on `[lo, hi]` is uniform or triangular with its mode at
//! the point value ([`Dist`]). Capabilities are drawn once per draw and shared
//! by every issue (an actor is strong or weak everywhere at once); positions
//! and saliences are drawn per stance, independently. Status quos are drawn
//! from their range when they have one and otherwise kept fixed: a status quo
//! is a fact, not an estimate.
//!
//! **Evidence strength widens the interval** (docs/scenario-format.md,
//! "Support and voice"). In a scenario read from domei's TOML, each interval
//! is widened about its mode by a factor set by how strongly the value is
//! grounded ([`domei_scenario::Strength`]): `lo' = mode − f·(mode − lo)`,
//! `hi' = mode + f·(hi − mode)`, clipped to the value's domain, with
//! f = 1 for a value a passage states (`cited-states`),
//! f = [`WIDEN_IMPLIES`] (1.5) for one a passage implies (`cited-implies`),
//! f = [`WIDEN_JUDGEMENT`] (2) for everything else: judgement only, evidence
//! that is only context or a recommendation, references not yet rated, and
//! uncited values. Since f never decreases as support weakens and the
//! original interval lies inside the domain, weaker support never narrows an
//! interval. Imported data sets (CSV, KTAB, DEU III) carry no evidence fields:
//! their values are data, not judgement, and are not widened. A point status
//! quo has no width and stays fixed. Capabilities are clipped at half their
//! lowest written value (a capability stays > 0).

use domei_engines::{Player, Problem};
use domei_scenario::{Scenario, Strength, Value};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

/// Shape of the distribution drawn on each value's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Dist {
    /// Uniform on the interval.
    Uniform,
    /// Triangular with its mode at the point value.
    #[default]
    Triangular,
}

/// How far point values are perturbed (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Perturbation {
    /// Fraction of the issue's scale (max − min), each side.
    pub position: f64,
    /// Absolute, on the 0–1 salience scale, each side.
    pub salience: f64,
    /// Relative to the value, each side (kept below 1 so capability stays > 0).
    pub capability: f64,
}

impl Default for Perturbation {
    fn default() -> Self {
        Perturbation {
            position: 0.05,
            salience: 0.10,
            capability: 0.10,
        }
    }
}

impl Perturbation {
    /// No perturbation: values without a range stay at their point.
    pub const NONE: Perturbation = Perturbation {
        position: 0.0,
        salience: 0.0,
        capability: 0.0,
    };
}

/// An interval and the mode within it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Lower end of the interval.
    pub lo: f64,
    /// The most likely value (the point value).
    pub mode: f64,
    /// Upper end of the interval.
    pub hi: f64,
}

impl Spread {
    /// The interval a value is drawn from: its range if it has one, else its
    /// point ± `half`, clipped to `[dom_lo, dom_hi]`.
    pub fn of(v: &Value, half: f64, dom_lo: f64, dom_hi: f64) -> Spread {
        match v.range {
            Some((lo, hi)) => Spread {
                lo,
                mode: v.value,
                hi,
            },
            None => Spread {
                lo: (v.value - half).max(dom_lo).min(v.value),
                mode: v.value,
                hi: (v.value + half).min(dom_hi).max(v.value),
            },
        }
    }

    /// The interval widened about its mode by `factor` (>= 1), clipped to
    /// `[dom_lo, dom_hi]` but never inside the original interval.
    pub fn widen(self, factor: f64, dom_lo: f64, dom_hi: f64) -> Spread {
        let f = factor.max(1.0);
        Spread {
            lo: (self.mode - f * (self.mode - self.lo))
                .max(dom_lo)
                .min(self.lo),
            mode: self.mode,
            hi: (self.mode + f * (self.hi - self.mode))
                .min(dom_hi)
                .max(self.hi),
        }
    }

    /// The interval Monte Carlo and the sensitivity analysis use for `v`:
    /// [`Spread::of`], widened by [`widening`] when `widen` (a scenario with
    /// evidence fields, see [`widens`]).
    pub fn for_value(v: &Value, half: f64, dom_lo: f64, dom_hi: f64, widen: bool) -> Spread {
        let sp = Spread::of(v, half, dom_lo, dom_hi);
        if widen {
            sp.widen(widening(v.strength()), dom_lo, dom_hi)
        } else {
            sp
        }
    }

    /// A draw on the interval, from the uniform variate `u` in [0, 1).
    pub fn sample(&self, dist: Dist, u: f64) -> f64 {
        let Spread { lo, mode, hi } = *self;
        if hi <= lo {
            return mode;
        }
        let x = match dist {
            Dist::Uniform => lo + u * (hi - lo),
            Dist::Triangular => {
                // Inverse CDF of the triangular distribution (lo, mode, hi).
                let fc = (mode - lo) / (hi - lo);
                if u < fc {
                    lo + (u * (hi - lo) * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * (hi - lo) * (hi - mode)).sqrt()
                }
            }
        };
        x.clamp(lo, hi)
    }
}

/// Widening factor for a value a passage implies.
pub const WIDEN_IMPLIES: f64 = 1.5;
/// Widening factor for a value resting on judgement (or unrated evidence,
/// or nothing).
pub const WIDEN_JUDGEMENT: f64 = 2.0;

/// The factor an interval is widened by for the strength of its evidence
/// (see the module docs).
pub fn widening(s: Strength) -> f64 {
    match s {
        Strength::CitedStates => 1.0,
        Strength::CitedImplies => WIDEN_IMPLIES,
        Strength::CitedUnrated | Strength::Judgement | Strength::Uncited => WIDEN_JUDGEMENT,
    }
}

/// True when the scenario's values are widened by their evidence: scenarios
/// that record evidence or judgement for at least one value. Imported data
/// sets (simple CSV, KTAB, DEU III) carry none, so their values are data and
/// are not widened. The rule reads the scenario's content, not the file it
/// came from, so a scenario stored and read back (its TOML text in the
/// store) widens exactly as the file did, and a stored run recomputes to the
/// same figures.
pub fn widens(s: &Scenario) -> bool {
    s.values()
        .iter()
        .any(|(_, v)| !v.evidence.is_empty() || v.judgement.is_some())
}

/// The interval of an actor's capability (shared by Monte Carlo and the
/// sensitivity analysis): point ± `c` × value, widened down to no less than
/// half the lowest written value.
pub fn capability_spread(v: &Value, c: f64, widen: bool) -> Spread {
    let c = c.clamp(0.0, 0.99);
    let sp = Spread::of(v, c * v.value, v.low() * (1.0 - c), f64::INFINITY);
    let sp = Spread {
        lo: sp.lo.max(f64::MIN_POSITIVE),
        ..sp
    };
    if widen {
        let floor = (v.low() * 0.5).min(sp.lo).max(f64::MIN_POSITIVE);
        sp.widen(widening(v.strength()), floor, f64::INFINITY)
    } else {
        sp
    }
}

/// A uniform variate in [0, 1) from 53 random bits.
pub fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[derive(Debug, Clone)]
struct StanceSpread {
    actor: usize,
    position: Spread,
    salience: Spread,
}

#[derive(Debug, Clone)]
struct IssueSpread {
    min: f64,
    max: f64,
    status_quo: Option<Spread>,
    stances: Vec<StanceSpread>,
}

/// Precomputed intervals for every value of a scenario; draws problems.
#[derive(Debug, Clone)]
pub struct Sampler {
    dist: Dist,
    actor_ids: Vec<String>,
    capability: Vec<Spread>,
    issues: Vec<IssueSpread>,
}

impl Sampler {
    /// A sampler of `s`'s inputs: every value's interval (its range, or its point perturbed by `p`) drawn with `dist`.
    pub fn new(s: &Scenario, p: &Perturbation, dist: Dist) -> Sampler {
        let widen = widens(s);
        let capability = s
            .actors
            .iter()
            .map(|a| capability_spread(&a.capability, p.capability, widen))
            .collect();
        let issues = s
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| IssueSpread {
                min: issue.min,
                max: issue.max,
                status_quo: issue
                    .status_quo
                    .as_ref()
                    .map(|v| Spread::for_value(v, 0.0, issue.min, issue.max, widen)),
                stances: (0..s.actors.len())
                    .filter_map(|a| {
                        let st = s.stance(a, i)?;
                        Some(StanceSpread {
                            actor: a,
                            position: Spread::for_value(
                                &st.position,
                                p.position * issue.range(),
                                issue.min,
                                issue.max,
                                widen,
                            ),
                            salience: Spread::for_value(&st.salience, p.salience, 0.0, 1.0, widen),
                        })
                    })
                    .collect(),
            })
            .collect();
        Sampler {
            dist,
            actor_ids: s.actors.iter().map(|a| a.id.clone()).collect(),
            capability,
            issues,
        }
    }

    /// Number of issues in the scenario sampled.
    pub fn issue_count(&self) -> usize {
        self.issues.len()
    }

    /// One draw: a problem per issue. The order of random numbers is fixed
    /// (capabilities, then per issue its status quo and stances in order), so
    /// the same generator state gives the same problems.
    pub fn draw(&self, rng: &mut impl RngCore) -> Vec<Problem> {
        let caps: Vec<f64> = self
            .capability
            .iter()
            .map(|c| c.sample(self.dist, unit(rng)))
            .collect();
        self.issues
            .iter()
            .map(|is| {
                let status_quo = is.status_quo.map(|sq| sq.sample(self.dist, unit(rng)));
                let players = is
                    .stances
                    .iter()
                    .map(|st| Player {
                        id: self.actor_ids[st.actor].clone(),
                        capability: caps[st.actor],
                        position: st.position.sample(self.dist, unit(rng)),
                        salience: st.salience.sample(self.dist, unit(rng)),
                    })
                    .collect();
                Problem {
                    players,
                    min: is.min,
                    max: is.max,
                    status_quo,
                }
            })
            .collect()
    }
}

impl Sampler {
    /// As [`Sampler::draw`] (the same random numbers in the same order, the
    /// same problems), but into `out`, reusing its problems when it holds
    /// one per issue (as after an earlier draw of this sampler).
    pub fn draw_into(&self, rng: &mut impl RngCore, out: &mut Vec<Problem>) {
        let fits = out.len() == self.issues.len()
            && out
                .iter()
                .zip(&self.issues)
                .all(|(p, is)| p.players.len() == is.stances.len());
        if !fits {
            *out = self.draw(rng);
            return;
        }
        let caps: Vec<f64> = self
            .capability
            .iter()
            .map(|c| c.sample(self.dist, unit(rng)))
            .collect();
        for (p, is) in out.iter_mut().zip(&self.issues) {
            p.status_quo = is.status_quo.map(|sq| sq.sample(self.dist, unit(rng)));
            for (pl, st) in p.players.iter_mut().zip(&is.stances) {
                pl.capability = caps[st.actor];
                pl.position = st.position.sample(self.dist, unit(rng));
                pl.salience = st.salience.sample(self.dist, unit(rng));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_inverse_cdf_hits_the_ends_and_mode() {
        let s = Spread {
            lo: 0.0,
            mode: 2.0,
            hi: 10.0,
        };
        assert_eq!(s.sample(Dist::Triangular, 0.0), 0.0);
        assert!((s.sample(Dist::Triangular, 0.2) - 2.0).abs() < 1e-12);
        assert!((s.sample(Dist::Triangular, 1.0 - 1e-15) - 10.0).abs() < 1e-6);
        assert_eq!(s.sample(Dist::Uniform, 0.5), 5.0);
        let point = Spread {
            lo: 3.0,
            mode: 3.0,
            hi: 3.0,
        };
        assert_eq!(point.sample(Dist::Triangular, 0.7), 3.0);
    }

    #[test]
    fn triangular_mean_is_a_third_of_the_sum() {
        let s = Spread {
            lo: 1.0,
            mode: 2.0,
            hi: 6.0,
        };
        let n = 100_000;
        let mean: f64 = (0..n)
            .map(|k| s.sample(Dist::Triangular, (k as f64 + 0.5) / n as f64))
            .sum::<f64>()
            / n as f64;
        assert!((mean - 3.0).abs() < 1e-3, "{mean}");
    }

    #[test]
    fn spreads_are_clipped_to_the_domain() {
        let v = Value::point(0.95);
        let sp = Spread::of(&v, 0.1, 0.0, 1.0);
        assert_eq!((sp.lo, sp.hi), (0.85, 1.0));
        let mut r = Value::point(5.0);
        r.range = Some((2.0, 9.0));
        assert_eq!(
            Spread::of(&r, 0.1, 0.0, 10.0),
            Spread {
                lo: 2.0,
                mode: 5.0,
                hi: 9.0
            }
        );
    }
}
