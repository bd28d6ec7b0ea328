//! Golden tests of the exchange model's `decide` reading against Decide's
//! own runs (foarsitter/decide-exchange-model, equal-gain model with
//! `ALLOW_RANDOM` off, 10 rounds) on its three examples, converted to
//! scenarios in `data/decide/` (attribution in `data/decide/README.md`).
//!
//! The reading computes in Decide's arithmetic (28-digit decimals, rounded
//! half to even after every operation), so it settles mathematically equal
//! gains and means standing exactly on a position by the same residues as
//! Decide: every first-round exchange (pairs, issues, positions, gains) and
//! every round's weighted mean and voting position on every issue agree to
//! 1e-6 (on a 0–100 scale; gains in Decide's units). The same rules in
//! binary arithmetic (`exchange_arith = binary`) part from Decide at the
//! first such residue; their gap is printed for comparison.

use domei_engines::{
    ExchangeArith, ExchangeExplanation, ExchangeReading, ExchangeStep, Explanation, Forecast,
    ModelId, Options,
};
use domei_scenario::{Requirements, Scenario};
use serde_json::Value;
use std::path::PathBuf;

/// Within this (0–100 scale per issue; gains in Decide's units) a number
/// agrees with Decide's.
const SAME: f64 = 1e-6;

fn load(name: &str) -> (Scenario, Value) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/decide")
        .join(name);
    let s = domei_scenario::load_with(&dir, Requirements::default())
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .scenario;
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    (s, serde_json::from_str(&text).unwrap())
}

fn run(s: &Scenario, reading: ExchangeReading, arith: Option<ExchangeArith>) -> Vec<Forecast> {
    let opts = Options {
        exchange_reading: reading,
        exchange_arith: arith,
        ..Options::default()
    };
    domei_engines::run_joint(ModelId::Exchange, &domei_run::problems(s), &opts).unwrap()
}

fn explanation(f: &Forecast) -> &ExchangeExplanation {
    match &f.explanation {
        Explanation::Exchange(e) => e,
        _ => panic!("not an exchange explanation"),
    }
}

struct Agreement {
    /// Leading first-round exchanges identical to Decide's.
    exchanges: usize,
    /// Decide's first-round exchanges.
    of: usize,
    /// domei's first-round exchanges.
    got: usize,
    /// Leading rounds whose means and voting positions all agree.
    rounds: usize,
    /// Largest |difference| of a round-10 mean, 0–100 scale.
    final_mean: f64,
}

fn agreement(name: &str, arith: Option<ExchangeArith>) -> Agreement {
    let (s, expected) = load(name);
    let f = run(&s, ExchangeReading::Decide, arith);
    let width = |d: usize| s.issues[d].max - s.issues[d].min;
    let issue_of = |id: &str| s.issues.iter().position(|i| i.id == id).unwrap();
    let num = |v: &Value| v.as_f64().unwrap();

    // The first round's exchanges in order (each is listed under both its
    // issues; take it once, under p).
    let mut got: Vec<&ExchangeStep> = f
        .iter()
        .flat_map(|fc| {
            let e = explanation(fc);
            e.exchanges
                .iter()
                .filter(move |x| x.round == 1 && x.issue_p == e.issue)
        })
        .collect();
    got.sort_by_key(|x| x.step);
    let want = expected["first_round_exchanges"].as_array().unwrap();
    let same_step = |g: &ExchangeStep, w: &Value| {
        let (p, q) = (
            issue_of(w["issue_p"].as_str().unwrap()),
            issue_of(w["issue_q"].as_str().unwrap()),
        );
        (g.actor_i.as_str(), g.actor_j.as_str(), g.issue_p, g.issue_q)
            == (
                w["actor_i"].as_str().unwrap(),
                w["actor_j"].as_str().unwrap(),
                p,
                q,
            )
            && [
                (g.i_from, "i_from", q),
                (g.i_to, "i_to", q),
                (g.j_from, "j_from", p),
                (g.j_to, "j_to", p),
            ]
            .iter()
            .all(|&(v, k, d)| (v - num(&w[k])).abs() / width(d) * 100.0 < SAME)
            && (g.gain * 100.0 - num(&w["gain"])).abs() < SAME
    };
    let exchanges = got
        .iter()
        .zip(want)
        .take_while(|(g, w)| same_step(g, w))
        .count();

    let rounds_want = expected["rounds"].as_array().unwrap();
    let mut rounds = 0;
    let mut final_mean: f64 = 0.0;
    for (t, r) in rounds_want.iter().enumerate() {
        let mut worst: f64 = 0.0;
        for (issue, mean) in r["mean"].as_object().unwrap() {
            let d = issue_of(issue);
            let e = (f[d].rounds[t].mean - num(mean)).abs() / width(d) * 100.0;
            worst = worst.max(e);
            if t + 1 == rounds_want.len() {
                let v = (f[d].value - num(mean)).abs() / width(d) * 100.0;
                final_mean = final_mean.max(e).max(v);
            }
        }
        for (issue, actors) in r["positions"].as_object().unwrap() {
            let d = issue_of(issue);
            let state = &explanation(&f[d]).rounds[t];
            assert_eq!(state.round as usize, t + 1);
            for (actor, x) in actors.as_object().unwrap() {
                let p = state.positions.iter().find(|p| &p.actor == actor).unwrap();
                worst = worst.max((p.position - num(x)).abs() / width(d) * 100.0);
            }
        }
        if worst < SAME && rounds == t {
            rounds += 1;
        }
    }
    let a = Agreement {
        exchanges,
        of: want.len(),
        got: got.len(),
        rounds,
        final_mean,
    };
    // The continuous reading against the same run, for comparison.
    let c = run(&s, ExchangeReading::Continuous, None);
    let last = rounds_want.last().unwrap();
    let continuous = last["mean"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(issue, mean)| {
            let d = issue_of(issue);
            (c[d].value - num(mean)).abs() / width(d) * 100.0
        })
        .fold(0.0, f64::max);
    eprintln!(
        "{name} ({arith:?}): first-round exchanges identical to Decide's: {} of {}; rounds identical: {} of {}; \
         round-10 means: max |Δ| {:.3e} (continuous reading: {:.3}) on a 0–100 scale",
        a.exchanges,
        a.of,
        a.rounds,
        rounds_want.len(),
        a.final_mean,
        continuous
    );
    a
}

/// The Done-when of issue 17: the same first-round exchanges, and every
/// round's means (round 10 included) and voting positions to 1e-6.
fn assert_as_decide(name: &str) {
    // The decide reading with Decide's arithmetic (the reading's default
    // arithmetic is binary, for speed).
    let a = agreement(name, Some(ExchangeArith::Decimal));
    assert_eq!(
        (a.exchanges, a.got),
        (a.of, a.of),
        "{name}: every first-round exchange, and no other"
    );
    assert_eq!(a.rounds, 10, "{name}: every round's means and positions");
    assert!(a.final_mean < SAME, "{name}: round 10, {}", a.final_mean);
    // The binary arithmetic, for comparison (printed; it may part ways).
    agreement(name, Some(ExchangeArith::Binary));
}

#[test]
fn decide_sample_data() {
    assert_as_decide("sample_data");
}

#[test]
fn decide_copenhagen() {
    assert_as_decide("copenhagen");
}

#[test]
fn decide_cop21() {
    assert_as_decide("cop21");
}
