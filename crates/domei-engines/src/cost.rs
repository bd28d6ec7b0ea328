//! What a model run costs, known before it starts: an upper estimate of the
//! memory it allocates and of the work it does, from the size of its input
//! alone. Callers (the CLI, the workbench) compare these with their budgets
//! before running anything, so that an input too large for the machine is
//! refused instead of exhausting memory.
//!
//! Memory is counted from the allocations each model makes (see each
//! model's file): BDM and SMP keep a few n×n matrices of `f64` (n players),
//! so their memory grows as n²; BDM's explanation keeps every offer of
//! every round (up to n(n−1) per round), which is why it dominates when
//! explanations are asked for. Exchange's round-based (Decide) reading
//! lists every candidate exchange of a round — up to n²/4 per pair of
//! issues — so its memory grows as n²d². The others are linear in n.
//!
//! Work counts the innermost operations (one utility, one dyad and third
//! party, one candidate exchange looked at), weighted so that one unit is
//! about a quarter of a nanosecond of one core of a release build — the rate
//! behind the default work budget (`domei-limits`) — on the development
//! machine: BDM's probabilities sum over every third party for every pair of
//! players (n³ per round: 1,000 players, 22 runs of 10 rounds, 57 s,
//! `bench/limits.sh`), and Decide's reading looks at every listed exchange
//! again after each executed one: about 2 ns a look while the list is in
//! the caches (the bundled scenario; 100 players on five issues), 7 ns once
//! it has left them (200 players: a 40 MB list), so 8 units a look for a
//! list of up to 16 MB and 32 beyond. Estimates are upper bounds from the
//! input's size alone (every round run, every player at a distinct
//! position, the most exchanges allowed).

use crate::forecast::Offer;
use crate::{ModelId, Options};

/// Bytes of a player's id and its allocation (ids are short; this covers
/// 32-byte ids with the allocator's overhead).
const ID_BYTES: u64 = 48;
/// Bytes per player of a problem and of a round's positions, per issue.
const PER_PLAYER: u64 = 128;

/// Bytes of Decide's candidate list up to which a look at one candidate
/// is counted as 8 units (about 2 ns measured: the bundled scenario, 100
/// actors on five issues), beyond it 32 (200 actors on five issues, a
/// 40 MB list: 7 ns).
const DECIDE_CACHED_LIST: u64 = 16 << 20;

/// The cost of one run of `model` on a problem (or, for the multi-issue
/// models, a group of `issues` problems) with `players` players.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cost {
    /// Bytes allocated while the run lasts and freed when it returns.
    pub working: u64,
    /// Bytes of the forecast it returns (rounds, explanation), kept by the
    /// caller.
    pub kept: u64,
    /// Innermost operations (an order of magnitude, not a time).
    pub work: u64,
}

impl Cost {
    /// Upper estimate of the bytes allocated at once during the run.
    pub fn peak(&self) -> u64 {
        self.working.saturating_add(self.kept)
    }
}

/// The cost of running `model` on `issues` problems negotiated together
/// (1 for a per-issue model) with `players` players in all, under `opts`.
/// Saturates instead of overflowing.
pub fn cost(model: ModelId, players: usize, issues: usize, opts: &Options) -> Cost {
    let n = players as u64;
    let d = issues.max(1) as u64;
    let nn = n.saturating_mul(n);
    let f64s = |k: u64| k.saturating_mul(8);
    // The players' copies, ids and order (every model makes some).
    let base = n.saturating_mul(d).saturating_mul(PER_PLAYER + ID_BYTES);
    match model {
        ModelId::Compromise | ModelId::Median | ModelId::Nash => Cost {
            working: base,
            kept: base,
            // Nash searches a grid of the scale for each player.
            work: n.saturating_mul(if model == ModelId::Nash { 1000 } else { 1 }),
        },
        ModelId::Bdm => {
            let rounds = u64::from(opts.rounds);
            // Every round's positions, security levels and moves.
            let per_round = n.saturating_mul(PER_PLAYER + 2 * ID_BYTES);
            // With explanations, every offer of every round: up to n(n−1).
            let offers = if opts.explain {
                let one = std::mem::size_of::<Offer>() as u64 + 2 * ID_BYTES;
                nn.saturating_mul(one)
            } else {
                0
            };
            Cost {
                // Six n×n matrices of the working state (bdm.rs, `Model`).
                working: base.saturating_add(f64s(nn.saturating_mul(6))),
                kept: rounds.saturating_mul(per_round.saturating_add(offers)),
                // Each pair of players, its probability summed over every
                // third party.
                work: rounds.saturating_mul(nn).saturating_mul(n.max(8)),
            }
        }
        ModelId::Smp => {
            let rounds = u64::from(opts.smp_max_rounds);
            let per_round = n
                .saturating_mul(d)
                .saturating_mul(16)
                .saturating_add(n.saturating_mul(PER_PLAYER + 2 * ID_BYTES));
            Cost {
                // Two states (delta and rhi each), the proposals' and the
                // resolution's matrices and the bargains' values
                // (smp/core.rs).
                working: base.saturating_add(f64s(nn.saturating_mul(7))),
                kept: rounds.saturating_mul(per_round),
                // Each actor's estimates of everyone (n²) for each actor,
                // and each bargain valued by everyone over everyone.
                work: rounds
                    .saturating_mul(nn)
                    .saturating_mul(n.saturating_add(d))
                    .saturating_mul(2),
            }
        }
        ModelId::Exchange => {
            let exchanges = u64::from(opts.exchange_max_exchanges);
            let rules = opts.exchange_rules();
            // Every exchange keeps the voting positions of every issue.
            let trajectory = f64s(exchanges.saturating_mul(n).saturating_mul(d));
            let steps = if opts.explain {
                exchanges.saturating_mul(256)
            } else {
                0
            };
            let working = base.saturating_add(f64s(n.saturating_mul(d).saturating_mul(4)));
            let kept = trajectory.saturating_add(steps);
            match rules.sides {
                crate::ExchangeSides::Round => {
                    // Decide's list: on each pair of issues, the actors on
                    // one side of both means trade with those on the other
                    // (at most n²/4 pairs).
                    let half = (n / 2).saturating_mul(n - n / 2);
                    let candidates = half.saturating_mul(d.saturating_mul(d - 1) / 2);
                    let executed = candidates.min(exchanges);
                    let list = candidates
                        .saturating_mul(crate::models::exchange::candidate_bytes(rules.arith));
                    // A look costs about 2 ns while the list stays in the
                    // caches, 7 ns and more once it has left them.
                    let per_look = if list <= DECIDE_CACHED_LIST { 8 } else { 32 };
                    Cost {
                        working: working.saturating_add(list),
                        kept,
                        // Each round: the list built, then looked at again
                        // after each executed exchange.
                        work: u64::from(rules.rounds)
                            .saturating_mul(candidates)
                            .saturating_mul(executed.saturating_add(1))
                            .saturating_mul(per_look),
                    }
                }
                crate::ExchangeSides::Exchange => Cost {
                    working,
                    kept,
                    // Every pair of actors on every pair of issues, per
                    // exchange.
                    work: exchanges
                        .saturating_add(1)
                        .saturating_mul(nn)
                        .saturating_mul(d.saturating_mul(d)),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_models_grow_as_the_square_and_saturate() {
        let o = Options::default();
        let a = cost(ModelId::Bdm, 1000, 1, &o).peak();
        let b = cost(ModelId::Bdm, 2000, 1, &o).peak();
        assert!(b > 3 * a && b < 5 * a, "{a} {b}");
        // BDM without explanations: the six matrices dominate.
        let lean = Options {
            explain: false,
            ..o.clone()
        };
        let m = cost(ModelId::Bdm, 10_000, 1, &lean).peak();
        assert!((4_800_000_000..6_000_000_000).contains(&m), "{m}");
        assert_eq!(cost(ModelId::Smp, usize::MAX, 3, &o).peak(), u64::MAX);
        assert!(cost(ModelId::Compromise, 1000, 1, &o).peak() < 1_000_000);
    }

    #[test]
    fn decides_list_is_counted_and_grows_as_n_squared_d_squared() {
        let o = Options {
            explain: false,
            ..Options::default()
        };
        // One issue: no pair of issues, no list.
        let one = cost(ModelId::Exchange, 1000, 1, &o);
        assert!(one.working < 10_000_000, "{one:?}");
        // 1,000 actors on five issues: 2.5 million candidates, over a GB
        // (a run held 1.28 GB when it was stopped after 14 minutes).
        let five = cost(ModelId::Exchange, 1000, 5, &o);
        assert!(
            (1_000_000_000..2_000_000_000).contains(&five.working),
            "{five:?}"
        );
        let wide = cost(ModelId::Exchange, 2000, 5, &o);
        assert!(wide.working > 3 * five.working, "{wide:?}");
        // Work: a list out of the caches costs four times as much a look.
        let small = cost(ModelId::Exchange, 10, 4, &o);
        assert_eq!(small.work, 10 * 150 * 151 * 8);
        assert!(five.work > 10 * 2_500_000 * 1001 * 32 - 1);
        // The continuous reading keeps no list.
        let cont = Options {
            exchange_reading: crate::ExchangeReading::Continuous,
            ..o.clone()
        };
        assert!(cost(ModelId::Exchange, 1000, 5, &cont).working < 10_000_000);
    }
}
