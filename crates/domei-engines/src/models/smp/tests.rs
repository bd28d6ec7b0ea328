//! Tests of the SMP, beside it: hand-worked pieces, the choices of the
//! module docs, and KTAB's own reference runs.

use super::core::{utility, Actors};
use super::election::{condorcet, risk_attitudes};
use super::ktab::{self, Row};
use super::*;
use crate::problem::tests::problem;

/// Final positions (actor × dimension, 0–100) of a run, and the forecasts.
fn finals(ps: &[Problem], opts: &Options) -> (Vec<Vec<f64>>, Vec<Forecast>) {
    let f = run(ps, opts).unwrap();
    let n = ps[0].players.len();
    let pos = (0..n)
        .map(|i| {
            f.iter()
                .map(|fk| {
                    fk.rounds
                        .last()
                        .map_or(ps[0].players[i].position, |r| r.positions[i])
                })
                .collect()
        })
        .collect();
    (pos, f)
}

fn explanation(f: &Forecast) -> &SmpExplanation {
    match &f.explanation {
        Explanation::Smp(e) => e,
        _ => panic!("wrong explanation"),
    }
}

/// Compares a run with a KTAB reference log; returns the largest |Δ| of the
/// final positions and of the final probabilities.
fn against_ktab<const D: usize>(
    rows: &[Row],
    file_order: bool,
    finals_ktab: &[[f64; D]],
    prob: &[f64],
    rounds: u32,
) -> (f64, f64) {
    let ps = ktab::problems(rows, file_order);
    let (pos, f) = finals(&ps, &Options::default());
    assert_eq!(f[0].rounds.len() as u32, rounds, "rounds");
    // The value-only path of the Monte Carlo draws gives the same values.
    let alone = values(&ps, &Options::default()).unwrap();
    let full: Vec<u64> = f.iter().map(|fk| fk.value.to_bits()).collect();
    assert_eq!(alone.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), full);
    let mut worst: f64 = 0.0;
    for (got, want) in pos.iter().zip(finals_ktab) {
        for (g, w) in got.iter().zip(want) {
            worst = worst.max((g - w).abs());
        }
    }
    // Winning probabilities, printed to four decimals by KTAB.
    let mut worst_p: f64 = 0.0;
    for opt in &explanation(&f[0]).outcome {
        for id in &opt.players {
            let i = ps[0].players.iter().position(|p| &p.id == id).unwrap();
            worst_p = worst_p.max((opt.probability - prob[i]).abs());
        }
    }
    (worst, worst_p)
}

/// KTAB's `20170530_ref-SOE-Pol-Comp.txt`: 27 rounds, and every final
/// position equal to the log's (printed to 1e-4 on 0–100; the positions are
/// multiples of 0.01, so equal means equal up to float noise). In KTAB's
/// actor order the final probabilities match the printed four decimals too;
/// in id order the groups of (nearly) equal final positions are represented
/// by another member, which moves the probabilities by up to 1.6e-3.
#[test]
fn ktab_soe_pol_comp() {
    for (file_order, tolerance) in [(true, 5e-5), (false, 2e-3)] {
        let (worst, worst_p) = against_ktab(
            &ktab::SOE_POL_COMP,
            file_order,
            &ktab::SOE_POL_COMP_FINAL,
            &ktab::SOE_POL_COMP_PROB,
            ktab::SOE_POL_COMP_ROUNDS,
        );
        assert!(worst < 1e-9, "max |Δ| = {worst}");
        assert!(worst_p <= tolerance, "max |Δp| = {worst_p}");
    }
}

/// KTAB's `20170530_ref-dummyData_3Dim.txt`: 10 rounds, same final
/// positions and probabilities whatever the order.
#[test]
fn ktab_dummy_3dim() {
    for file_order in [true, false] {
        let (worst, worst_p) = against_ktab(
            &ktab::DUMMY_3DIM,
            file_order,
            &ktab::DUMMY_3DIM_FINAL,
            &ktab::DUMMY_3DIM_PROB,
            ktab::DUMMY_3DIM_ROUNDS,
        );
        assert!(
            worst < 1e-9 && worst_p <= 5e-5,
            "max |Δ| = {worst}, |Δp| = {worst_p}"
        );
    }
}

#[test]
fn distance_and_utility_by_hand() {
    // Saliences 0.3, 0.4; from (0, 0) to (1, 0.5):
    // δ² = (0.09·1 + 0.16·0.25) / (0.09 + 0.16) = 0.13 / 0.25 = 0.52.
    let a = Actors::new(vec![100.0], vec![0.3, 0.4], 2);
    let delta = a.distance(0, &[0.0, 0.0], &[1.0, 0.5]);
    assert!((delta * delta - 0.52).abs() < 1e-12);
    // u(δ, 1) = 1 − δ²; u(δ, 0) = 1 − δ; u(δ, −½) = (1 − δ)(1 − δ/2).
    assert!((utility(delta, 1.0) - 0.48).abs() < 1e-12);
    assert!((utility(0.4, 0.0) - 0.6).abs() < 1e-12);
    assert!((utility(0.4, -0.5) - 0.48).abs() < 1e-12);
    // An actor that cares about nothing is indifferent.
    let z = Actors::new(vec![1.0], vec![0.0, 0.0], 2);
    assert_eq!(z.distance(0, &[0.0, 0.0], &[1.0, 1.0]), 0.0);
}

#[test]
fn condorcet_election_by_hand() {
    // Voters of weight 1 and 2; voter 0 prefers a by 0.5, voter 1 prefers b
    // by 0.1: C(a:b) = 0.5, C(b:a) = 0.2 (plus 1e-8 each), so
    // P(a > b) = 5/7 and P(a) = (½·5/7) / (½·5/7 + ½·2/7) = 5/7.
    let u = [[0.9, 0.4], [0.5, 0.6]];
    let p = condorcet(2, &[1.0, 2.0], |k, o| u[k][o]);
    assert!((p[0] - 5.0 / 7.0).abs() < 1e-7, "{p:?}");
    assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
}

#[test]
fn risk_attitudes_by_hand() {
    // (3p − (p_max + 2 p_min)) / (2 (p_max − p_min)), p_max 0.5, p_min 0.2.
    let r = risk_attitudes(&[0.5, 0.3, 0.2]);
    for (got, want) in r.iter().zip([1.0, 0.0, -0.5]) {
        assert!((got - want).abs() < 1e-12, "{r:?}");
    }
    assert_eq!(risk_attitudes(&[0.25; 4]), [0.0; 4]);
}

#[test]
fn everyone_at_one_position_stays_there() {
    let p = problem(
        &[
            ("a", 1.0, 4.0, 0.5),
            ("b", 3.0, 4.0, 0.9),
            ("c", 2.0, 4.0, 0.1),
        ],
        0.0,
        10.0,
    );
    let f = run(&[p], &Options::default()).unwrap();
    assert_eq!(f[0].value, 4.0);
    assert_eq!(
        f[0].rounds.len(),
        2,
        "stops at KTAB's minimum of two rounds"
    );
    assert!(explanation(&f[0]).converged);
}

#[test]
fn a_dominant_actor_pulls_the_others() {
    // One strong, committed actor against two weak ones: bargains move the
    // weak ones toward it, and the forecast sits near it.
    let p = problem(
        &[
            ("big", 10.0, 80.0, 0.9),
            ("b", 1.0, 20.0, 0.5),
            ("c", 1.0, 30.0, 0.5),
        ],
        0.0,
        100.0,
    );
    let f = run(&[p], &Options::default()).unwrap();
    let last = f[0].rounds.last().unwrap();
    assert!(
        last.positions[1] > 20.0 && last.positions[2] > 30.0,
        "{:?}",
        last.positions
    );
    assert!(f[0].value > 55.0, "{}", f[0].value);
    let e = explanation(&f[0]);
    let total: f64 = e.outcome.iter().map(|o| o.probability).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

/// Choice 1: an actor without a stance on an issue does not care about it
/// (salience 0) and starts at the weighted mean of the others there; it
/// still counts in the election on the issues it does hold a stance on.
#[test]
fn absent_actor_starts_at_the_weighted_mean() {
    let x = problem(
        &[
            ("a", 1.0, 0.0, 0.5),
            ("b", 1.0, 100.0, 0.5),
            ("c", 1.0, 50.0, 0.5),
        ],
        0.0,
        100.0,
    );
    let y = problem(&[("a", 1.0, 0.0, 0.5), ("b", 3.0, 100.0, 0.5)], 0.0, 100.0);
    let j = Joint::new(&[x.clone(), y.clone()]).unwrap();
    let (actors, pos) = setup(&j);
    // c on y: at (1·0.5·0 + 3·0.5·1) / (0.5 + 1.5) = 0.75, salience 0.
    assert_eq!(pos[2 * 2 + 1], 0.75);
    assert_eq!(actors.sal[2 * 2 + 1], 0.0);
    // Its capability is its mean over the issues it is on; the largest is 100:
    // a 1, b 2, c 1 → 50, 100, 50.
    assert_eq!(actors.cap, [50.0, 100.0, 50.0]);
    let f = run(&[x, y], &Options::default()).unwrap();
    // y's rounds list its two players only.
    assert!(f[1].rounds.iter().all(|r| r.positions.len() == 2));
    assert!((0.0..=100.0).contains(&f[1].value));
}

/// Choice 3: saliences summing to more than 1 are divided by their sum.
#[test]
fn saliences_over_one_are_rescaled() {
    let x = problem(&[("a", 1.0, 0.0, 0.9), ("b", 1.0, 100.0, 0.3)], 0.0, 100.0);
    let y = problem(&[("a", 1.0, 0.0, 0.6), ("b", 1.0, 100.0, 0.3)], 0.0, 100.0);
    let (actors, _) = setup(&Joint::new(&[x, y]).unwrap());
    assert!((actors.sal[0] - 0.6).abs() < 1e-12 && (actors.sal[1] - 0.4).abs() < 1e-12);
    assert_eq!(&actors.sal[2..], [0.3, 0.3]);
}

#[test]
fn explain_false_changes_nothing_but_the_explanation() {
    let ps = ktab::problems(&ktab::SOE_POL_COMP, false);
    let full = run(&ps, &Options::default()).unwrap();
    let lean = run(
        &ps,
        &Options {
            explain: false,
            ..Options::default()
        },
    )
    .unwrap();
    for (a, b) in full.iter().zip(&lean) {
        assert_eq!(a.value.to_bits(), b.value.to_bits());
        assert_eq!(a.rounds, b.rounds);
        assert!(!explanation(a).rounds.is_empty());
        assert!(explanation(b).rounds.is_empty());
        assert_eq!(explanation(a).outcome, explanation(b).outcome);
    }
    // The first round's bargains, as KTAB's log shows them: actor 1 (LK)
    // targets 5 (XS) with P = 0.8974, expected gain 0.4826.
    let e = explanation(&full[0]);
    let lk = e.rounds[0]
        .bargains
        .iter()
        .find(|b| b.initiator == "LK")
        .unwrap();
    assert_eq!(lk.receiver, "XS");
    assert!((lk.probability - 0.8974).abs() < 5e-5 && (lk.expected_gain - 0.4826).abs() < 5e-5);
    assert!((lk.initiator_position - 44.80).abs() < 1e-9);
}

#[test]
fn round_limit_and_options() {
    let ps = ktab::problems(&ktab::SOE_POL_COMP, false);
    let f = run(
        &ps,
        &Options {
            smp_max_rounds: 3,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(f[0].rounds.len(), 3);
    assert!(!explanation(&f[0]).converged);
    for bad in [
        Options {
            smp_max_rounds: 0,
            ..Options::default()
        },
        Options {
            smp_stop_ratio: f64::NAN,
            ..Options::default()
        },
    ] {
        assert!(matches!(
            run(&ps, &bad),
            Err(EngineError::InvalidOption { .. })
        ));
    }
    // `run` on one issue is a one-dimensional SMP.
    let one = crate::run(ModelId::Smp, &ps[0], &Options::default()).unwrap();
    assert_eq!(one.model, ModelId::Smp);
    assert!(serde_json::to_value(&one).unwrap()["explanation"]["model"] == "smp");
}

/// Choice 5: a case found by the property tests. Two indifferent actors
/// (salience 0) make equally good targets, exactly in theory; capabilities
/// times 7.3 must not let rounding pick a different one.
#[test]
fn ties_do_not_depend_on_the_units_of_capability() {
    let rows = [
        ("p0", 0.001, 81.89048763740152, 0.0),
        ("p1", 0.001, 131.9980144271752, 0.0),
        ("p2", 0.001, 31.782960847627844, 0.1758372085875689),
        (
            "p3",
            63.721384042248864,
            31.782960847627844,
            0.3685501997370599,
        ),
        (
            "p4",
            82.75165715023525,
            106.94425103228836,
            0.8747323722868401,
        ),
        ("p5", 49.705076816753895, 106.94425103228836, 1.0),
        (
            "p6",
            47.91935245817417,
            81.89048763740152,
            0.7820697177266026,
        ),
        (
            "p7",
            21.87540592173307,
            31.782960847627844,
            0.6994003938735381,
        ),
        (
            "p8",
            32.80044502782113,
            56.836724242514684,
            0.6158291953785527,
        ),
    ];
    let p = problem(&rows, 31.782960847627844, 131.9980144271752);
    let mut q = p.clone();
    for pl in &mut q.players {
        pl.capability *= 7.3;
    }
    let (a, b) = (
        run(&[p], &Options::default()).unwrap(),
        run(&[q], &Options::default()).unwrap(),
    );
    assert_eq!(a[0].rounds.len(), b[0].rounds.len());
    for (ra, rb) in a[0].rounds.iter().zip(&b[0].rounds) {
        assert_eq!(ra.positions, rb.positions);
    }
    assert!((a[0].value - b[0].value).abs() < 1e-9);
}
