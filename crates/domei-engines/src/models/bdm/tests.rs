//! Tests of the BDM model, beside it: hand-worked utilities and the
//! car-emissions replication.

use super::*;
use crate::problem::tests::problem;

/// The car-emissions case: Bueno de Mesquita (1994), as tabulated by
/// Scholz, Calbert & Smith (2011). The same rows are in
/// `data/bdm1994/car-emissions.csv`; `csv_matches_embedded_rows` checks it.
pub(crate) const CAR_EMISSIONS: [(&str, f64, f64, f64); 10] = [
    ("Netherlands", 0.08, 4.0, 0.8),
    ("Belgium", 0.08, 7.0, 0.4),
    ("Luxembourg", 0.03, 4.0, 0.2),
    ("Germany", 0.16, 4.0, 0.8),
    ("France", 0.16, 10.0, 0.6),
    ("Italy", 0.16, 10.0, 0.6),
    ("UK", 0.16, 10.0, 0.9),
    ("Ireland", 0.05, 7.0, 0.1),
    ("Denmark", 0.05, 4.0, 1.0),
    ("Greece", 0.08, 7.0, 0.7),
];

pub(crate) fn car_emissions() -> Problem {
    problem(&CAR_EMISSIONS, 4.0, 10.0)
}

#[test]
fn csv_matches_embedded_rows() {
    let csv = include_str!("../../../../../data/bdm1994/car-emissions.csv");
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), CAR_EMISSIONS.len());
    for (row, &(id, c, x, s)) in rows.iter().zip(&CAR_EMISSIONS) {
        assert_eq!(row[0], id);
        assert_eq!(row[1].parse::<f64>().unwrap(), c);
        assert_eq!(row[2].parse::<f64>().unwrap(), x);
        assert_eq!(row[3].parse::<f64>().unwrap(), s);
    }
}

/// The car case against the published sequences.
///
/// Scholz et al. (2011), rounds 1–8, printed to one decimal:
///   median 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6
///   mean   7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6
/// jmckib/bdm-scholz-expected-utility-model: medians 8.416, 9.611, 9.962,
/// means 7.461, 7.553 for rounds 1–3 / 1–2.
///
/// This reading (see the module docs) matches jmckib's five figures to
/// ±0.0005 (they print three decimals). Against Scholz et al. it is within
/// ±0.1 of every printed figure except the round-2 median (9.611 against
/// 9.9, the value jmckib's replication gets too). All ten rounds are also
/// asserted against this engine's own values to 1e-3, so any change to the
/// equations or to the offer rule fails here.
#[test]
fn car_emissions_matches_published_sequence() {
    let f = run(&car_emissions(), &Options::default()).unwrap();
    assert_eq!(f.rounds.len(), 10);
    let medians: Vec<f64> = f.rounds.iter().map(|r| r.median).collect();
    let means: Vec<f64> = f.rounds.iter().map(|r| r.mean).collect();

    // jmckib, to the three printed decimals.
    for (got, want) in medians.iter().zip([8.416, 9.611, 9.962]) {
        assert!(
            (got - want).abs() <= 0.0005,
            "median {got} vs jmckib {want}"
        );
    }
    for (got, want) in means.iter().zip([7.461, 7.553]) {
        assert!((got - want).abs() <= 0.0005, "mean {got} vs jmckib {want}");
    }

    // Scholz et al., ±0.1 (one printed decimal), round 2 median excepted.
    let scholz_median = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6];
    let scholz_mean = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6];
    for t in 0..8 {
        if t != 1 {
            assert!(
                (medians[t] - scholz_median[t]).abs() <= 0.1,
                "round {} median {}",
                t + 1,
                medians[t]
            );
        }
        assert!(
            (means[t] - scholz_mean[t]).abs() <= 0.1,
            "round {} mean {}",
            t + 1,
            means[t]
        );
    }
    assert!(
        (medians[1] - 9.9).abs() > 0.1,
        "the known round-2 divergence has gone: update the docs"
    );

    // Our own sequence, rounds 1–10, to 1e-3.
    let ours_median = [
        8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4720, 8.8246, 9.6711, 9.6711, 7.0,
    ];
    let ours_mean = [
        7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724, 7.3250, 7.2421,
    ];
    for t in 0..10 {
        assert!(
            (medians[t] - ours_median[t]).abs() <= 1e-3,
            "round {} median {}",
            t + 1,
            medians[t]
        );
        assert!(
            (means[t] - ours_mean[t]).abs() <= 1e-3,
            "round {} mean {}",
            t + 1,
            means[t]
        );
    }
    assert_eq!(f.value, medians[9]);
}

#[test]
fn car_emissions_round_one_moves() {
    let f = run(
        &car_emissions(),
        &Options {
            rounds: 1,
            ..Options::default()
        },
    )
    .unwrap();
    let moves: Vec<(&str, Outcome, &str, f64)> = f.rounds[0]
        .moves
        .iter()
        .map(|m| (m.player.as_str(), m.outcome, m.partner.as_str(), m.to))
        .collect();
    assert_eq!(moves.len(), 3);
    assert_eq!(
        (moves[0].0, moves[0].1, moves[0].2),
        ("Belgium", Outcome::Compromise, "France")
    );
    assert!((moves[0].3 - 8.4159).abs() < 1e-3);
    assert_eq!(moves[1], ("Luxembourg", Outcome::Conflict, "Belgium", 7.0));
    assert_eq!(moves[2], ("Ireland", Outcome::Conflict, "Luxembourg", 4.0));
    let Explanation::Bdm(e) = &f.explanation else {
        panic!("wrong explanation")
    };
    assert_eq!(e.initial_median, 7.0);
    assert!((e.initial_mean - 5.003 / 0.677).abs() < 1e-12);
    assert_eq!(e.rounds[0].median_before, 7.0);
    for r in &e.rounds[0].risk_exponents {
        assert!((0.5..=2.0).contains(r));
    }
    assert_eq!(e.rounds[0].offers.iter().filter(|o| o.accepted).count(), 3);
}

#[test]
fn least_move_rule_diverges_from_round_four() {
    let opts = Options {
        rounds: 5,
        bdm_offer_rule: BdmOfferRule::LeastMove,
        ..Options::default()
    };
    let f = run(&car_emissions(), &opts).unwrap();
    let medians: Vec<f64> = f.rounds.iter().map(|r| r.median).collect();
    for (got, want) in medians.iter().zip([8.4159, 9.6109, 9.9620, 10.0, 10.0]) {
        assert!((got - want).abs() <= 1e-3, "{medians:?}");
    }
}

#[test]
fn hand_worked_two_player_utilities() {
    // Two players at the ends of [0, 10], r = 1, Q = 1: U^s = 2δ = 2,
    // U^f = −2, U^sq = 0. P: voter a gives w_a·(1 − 0) to a; voter b the
    // same to b; D sums |v| over both ordered pairs: 2·(w_a + w_b).
    let p = problem(&[("a", 1.0, 0.0, 0.5), ("b", 3.0, 10.0, 0.5)], 0.0, 10.0);
    let mut m = Model::new(2, 10.0, 1.0);
    let x = [0.0, 10.0];
    let w = [0.5, 1.5];
    let s = [0.5, 0.5];
    m.set_positions(&x);
    m.probabilities(&w, None);
    assert!((m.prob(0, 1) - 0.5 / 4.0).abs() < 1e-12);
    assert!((m.prob(1, 0) - 1.5 / 4.0).abs() < 1e-12);
    // E(U_ab) = 0.5(0.125·2 − 0.875·2) + 0.5·2 = 0.25
    // E(U_ba) = 0.5(0.375·2 − 0.625·2) + 0.5·2 = 0.75
    m.estimates_for(m.pos_of[0], 1.0);
    let (ab, ba) = m.dyad(0, 1, &x, &s, 1.0, 5.0);
    assert!((ab - 0.25).abs() < 1e-12 && (ba - 0.75).abs() < 1e-12);
    // Security: a is threatened more (0.75 > 0.25) → R_a = 1, r_a = 0.5;
    // R_b = −1, r_b = 2.
    let r = risk_exponents(&m.security(&x, &w, &s, 5.0));
    assert!((r[0] - 0.5).abs() < 1e-12 && (r[1] - 2.0).abs() < 1e-12);
    // Round 1: both expect to gain; a (expecting less) loses the conflict.
    let f = run(
        &p,
        &Options {
            rounds: 1,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(f.rounds[0].positions, [10.0, 10.0]);
    assert_eq!(f.rounds[0].moves[0].outcome, Outcome::Conflict);
    assert_eq!(f.value, 10.0);
}

#[test]
fn classification_regions() {
    let r = BdmOfferRule::Replication;
    assert_eq!(
        classify(0.2, 0.5, 0.0, 1.0, r).unwrap().outcome,
        Outcome::Conflict
    );
    let c = classify(-0.2, 0.8, 0.0, 1.0, r).unwrap();
    assert_eq!(c.outcome, Outcome::Compromise);
    assert!((c.position - 0.25).abs() < 1e-12);
    // Replication key: (0.2·0 + 0.8·1) / 1.0
    assert!((c.key - 0.8).abs() < 1e-12);
    assert_eq!(
        classify(-0.8, 0.2, 0.0, 1.0, r).unwrap().outcome,
        Outcome::Capitulation
    );
    assert!(classify(-0.1, -0.2, 0.0, 1.0, r).is_none());
    assert!(classify(0.5, 0.2, 0.0, 1.0, r).is_none());
}

#[test]
fn q_below_one_uses_better_and_worse_utilities() {
    // With Q < 1 the no-challenge term depends on T; the run must stay finite.
    let opts = Options {
        bdm_q: 0.5,
        ..Options::default()
    };
    let f = run(&car_emissions(), &opts).unwrap();
    assert!(f
        .rounds
        .iter()
        .all(|r| r.median.is_finite() && (4.0..=10.0).contains(&r.median)));
    // Hand check of the term: challenger at 0, target at 10, μ at 2 on
    // [0, 10], r = 1: T = 1 (μ nearer), U^b = 2 − 4(0.5 − 0.25·1.2) = 1.2,
    // U^sq = 0 → 0.5·0 + 0.5·1.2 = 0.6.
    let m = Model::new(2, 10.0, 0.5);
    assert!((m.no_challenge(0.0, 10.0, 2.0, 1.0, 0.0) - 0.6).abs() < 1e-12);
    // μ at 10: T = 0, U^w = 2 − 4(0.5 + 0.25·2) = −2 → −1.
    assert!((m.no_challenge(0.0, 10.0, 10.0, 1.0, 0.0) + 1.0).abs() < 1e-12);
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let one = problem(&[("a", 1.0, 3.0, 1.0)], 0.0, 10.0);
    let f = run(&one, &Options::default()).unwrap();
    assert_eq!(f.value, 3.0);
    let same = problem(&[("a", 1.0, 3.0, 1.0), ("b", 2.0, 3.0, 0.0)], 0.0, 10.0);
    assert_eq!(run(&same, &Options::default()).unwrap().value, 3.0);
    let zero_rounds = Options {
        rounds: 0,
        ..Options::default()
    };
    let f = run(&car_emissions(), &zero_rounds).unwrap();
    assert!(f.rounds.is_empty());
    assert_eq!(f.value, 7.0);
    let bad_q = Options {
        bdm_q: 1.5,
        ..Options::default()
    };
    assert!(matches!(
        run(&car_emissions(), &bad_q),
        Err(EngineError::InvalidOption { .. })
    ));
}

#[test]
fn serialises_rounds_in_the_agreed_shape() {
    let f = run(
        &car_emissions(),
        &Options {
            rounds: 2,
            ..Options::default()
        },
    )
    .unwrap();
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["model"], "bdm");
    assert_eq!(json["rounds"][0]["round"], 1);
    assert!(json["rounds"][1]["median"].is_f64());
    assert!(json["rounds"][1]["mean"].is_f64());
    assert_eq!(json["explanation"]["model"], "bdm");
    assert_eq!(json["explanation"]["offer_rule"], "replication");
    assert_eq!(json["rounds"][0]["moves"][0]["outcome"], "compromise");
}

/// `explain: false` drops the offer lists and nothing else: values, rounds
/// (with their moves) and every other explained number are bit-identical.
#[test]
fn explain_false_only_drops_the_offers() {
    let full = run(&car_emissions(), &Options::default()).unwrap();
    let lean = run(
        &car_emissions(),
        &Options {
            explain: false,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(full.value.to_bits(), lean.value.to_bits());
    assert_eq!(full.rounds, lean.rounds);
    let (Explanation::Bdm(a), Explanation::Bdm(b)) = (&full.explanation, &lean.explanation) else {
        panic!("wrong explanation")
    };
    assert!(a.rounds.iter().any(|r| !r.offers.is_empty()));
    for (ra, rb) in a.rounds.iter().zip(&b.rounds) {
        assert!(rb.offers.is_empty());
        assert_eq!(
            (
                ra.median_before,
                &ra.security,
                &ra.risk_exponents,
                ra.stalemates
            ),
            (
                rb.median_before,
                &rb.security,
                &rb.risk_exponents,
                rb.stalemates
            )
        );
    }
}

/// The value-only path of the Monte Carlo draws cuts a run short once its
/// positions repeat; the value is the full run's, bit for bit, for any
/// number of rounds (the car case settles into a repeating state).
#[test]
fn value_alone_is_the_full_runs_value() {
    let p = car_emissions();
    for rounds in [0, 1, 2, 5, 10, 17, 40, 101] {
        for rule in [BdmOfferRule::Replication, BdmOfferRule::LeastMove] {
            let o = Options {
                rounds,
                bdm_offer_rule: rule,
                explain: false,
                ..Options::default()
            };
            let full = run(&p, &o).unwrap().value;
            assert_eq!(
                value(&p, &o).unwrap().to_bits(),
                full.to_bits(),
                "{rounds} rounds"
            );
        }
    }
}
