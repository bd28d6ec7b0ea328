//! Golden tests of the exchange model's `decide` reading against Decide's
//! own runs (foarsitter/decide-exchange-model, equal-gain model with
//! `ALLOW_RANDOM` off, 10 rounds) on its three examples, converted to
//! scenarios in `data/decide/` (attribution in `data/decide/README.md`).
//!
//! Decide computes in 28-digit decimal arithmetic, domei in binary floating
//! point. The two agree to ~1e-13 exchange after exchange until Decide
//! settles a decision on a decimal rounding residue — an exact tie in gain
//! between two mathematically equal exchanges, or a mean that an earlier
//! exchange put exactly on a partner's position — and may part ways from
//! there. The tests check the agreement up to that point, as measured (the
//! first-round exchanges, and every round's means and voting positions of
//! the leading rounds that agree), and print the deviations after it.

use domei_engines::{
    ExchangeExplanation, ExchangeReading, ExchangeStep, Explanation, Forecast, ModelId, Options,
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

fn run(s: &Scenario, reading: ExchangeReading) -> Vec<Forecast> {
    let opts = Options {
        exchange_reading: reading,
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
    /// Leading rounds whose means and voting positions all agree.
    rounds: usize,
    /// Largest |difference| of a round-10 mean, 0–100 scale.
    final_mean: f64,
}

fn agreement(name: &str) -> Agreement {
    let (s, expected) = load(name);
    let f = run(&s, ExchangeReading::Decide);
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
        rounds,
        final_mean,
    };
    // The continuous reading against the same run, for comparison.
    let c = run(&s, ExchangeReading::Continuous);
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
        "{name}: first-round exchanges identical to Decide's: {} of {}; rounds identical: {} of {}; \
         round-10 means: max |Δ| {:.3} (continuous reading: {:.3}) on a 0–100 scale",
        a.exchanges,
        a.of,
        a.rounds,
        rounds_want.len(),
        a.final_mean,
        continuous
    );
    a
}

#[test]
fn decide_sample_data() {
    let a = agreement("sample_data");
    assert_eq!(a.exchanges, a.of, "every first-round exchange");
    assert!(a.rounds >= 4, "rounds 1–4 identical, got {}", a.rounds);
}

#[test]
fn decide_copenhagen() {
    let a = agreement("copenhagen");
    assert_eq!(a.exchanges, a.of, "every first-round exchange");
    assert!(a.rounds >= 1, "round 1 identical, got {}", a.rounds);
}

#[test]
fn decide_cop21() {
    let a = agreement("cop21");
    assert!(
        a.exchanges >= 46,
        "first 46 exchanges identical, got {}",
        a.exchanges
    );
}
