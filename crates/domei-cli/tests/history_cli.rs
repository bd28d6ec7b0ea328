//! `domei history` end to end on the real binary: BDM's first round of the
//! car-emissions case worked out by hand in this file from the model's
//! equations (crates/domei-engines/src/models/bdm.rs, module docs) and
//! compared with what the binary reports; every format; SMP and exchange;
//! models without rounds; bad issues; `forecast --explain` as a table.

mod common;
use common::*;
use serde_json::Value;

const CAR: &str = "data/bdm1994/car-emissions.csv";

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&o)))
}

/// The car-emissions case (Bueno de Mesquita 1994; the rows of
/// data/bdm1994/car-emissions.csv): actor, capability, position, salience.
const ROWS: [(&str, f64, f64, f64); 10] = [
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

/// Actor `k`'s id: the CSV reader makes ids of the names in lower case.
fn id(k: usize) -> String {
    ROWS[k].0.to_lowercase()
}

/// A move of round 1 as worked out by hand: actor, challenger, outcome,
/// new position, E^i(U_ij), E^i(U_ji).
#[derive(Debug)]
struct HandMove {
    actor: String,
    challenger: String,
    outcome: &'static str,
    to: f64,
    eu_actor: f64,
    eu_challenger: f64,
}

/// Round 1 of BDM on the car case, straight from the equations (Q = 1, so
/// the no-challenge term is U^sq; the scale of an imported CSV runs from
/// the lowest to the highest position, L = 6).
fn round_one_by_hand() -> (Vec<HandMove>, Vec<f64>) {
    let n = ROWS.len();
    let x: Vec<f64> = ROWS.iter().map(|r| r.2).collect();
    let s: Vec<f64> = ROWS.iter().map(|r| r.3).collect();
    let w: Vec<f64> = ROWS.iter().map(|r| r.1 * r.3).collect();
    let l = 10.0 - 4.0;
    let delta = |a: usize, b: usize| (x[a] - x[b]).abs() / l;
    // v_k(a, b) = w_k (δ_kb^{r_k} − δ_ka^{r_k}); P_ab = Σ_k max(0, v_k) / D,
    // D = Σ_k Σ_a Σ_b |v_k(a, b)|.
    let probabilities = |r: &[f64]| -> Vec<Vec<f64>> {
        let v =
            |k: usize, a: usize, b: usize| w[k] * (delta(k, b).powf(r[k]) - delta(k, a).powf(r[k]));
        let mut d = 0.0;
        for k in 0..n {
            for a in 0..n {
                for b in 0..n {
                    d += v(k, a, b).abs();
                }
            }
        }
        (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| (0..n).map(|k| v(k, a, b).max(0.0)).sum::<f64>() / d)
                    .collect()
            })
            .collect()
    };
    // E(U_ct) estimated with exponent r: challenger c, target t.
    let eu = |p: &Vec<Vec<f64>>, c: usize, t: usize, r: f64| {
        let d = delta(c, t);
        let us = 2.0 - 4.0 * (0.5 - 0.5 * d).powf(r);
        let uf = 2.0 - 4.0 * (0.5 + 0.5 * d).powf(r);
        let usq = 2.0 - 4.0 * 0.5f64.powf(r);
        s[t] * (p[c][t] * us + (1.0 - p[c][t]) * uf) + (1.0 - s[t]) * us - usq
    };
    // Security levels in the risk-neutral pass, then risk exponents.
    let p1 = probabilities(&[1.0; 10]);
    let sec: Vec<f64> = (0..n)
        .map(|i| (0..n).filter(|&j| j != i).map(|j| eu(&p1, j, i, 1.0)).sum())
        .collect();
    let (max, min) = (
        sec.iter().copied().fold(f64::MIN, f64::max),
        sec.iter().copied().fold(f64::MAX, f64::min),
    );
    let r: Vec<f64> = sec
        .iter()
        .map(|&v| {
            let big_r = (2.0 * v - max - min) / (max - min);
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect();
    let p = probabilities(&r);
    // Offers to each target i; the best by the model's choice rule:
    // conflict, then compromise (smallest EU-weighted position), then
    // capitulation (smallest move); ties to the lowest position, then id.
    let mut canonical: Vec<usize> = (0..n).collect();
    canonical.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(id(a).cmp(&id(b))));
    let mut moves = Vec::new();
    let mut after = x.clone();
    for i in 0..n {
        // (rank, key, challenger, outcome, position, a, b)
        let mut best: Option<(u8, f64, usize, &str, f64, f64, f64)> = None;
        for &j in &canonical {
            if x[j] == x[i] {
                continue;
            }
            let a = eu(&p, i, j, r[i]);
            let b = eu(&p, j, i, r[i]);
            let cand = if b > a && a > 0.0 {
                (0, (x[j] - x[i]).abs(), "conflict", x[j])
            } else if a < 0.0 && b > 0.0 && b > -a {
                let to = x[i] + (x[j] - x[i]) * (a / b).abs();
                (1, (-a * x[i] + b * x[j]) / (b - a), "compromise", to)
            } else if a < 0.0 && b > 0.0 {
                (2, (x[j] - x[i]).abs(), "capitulation", x[j])
            } else {
                continue;
            };
            if best.is_none_or(|bst| (cand.0, cand.1) < (bst.0, bst.1)) {
                best = Some((cand.0, cand.1, j, cand.2, cand.3, a, b));
            }
        }
        if let Some((_, _, j, outcome, to, a, b)) = best {
            after[i] = to;
            moves.push(HandMove {
                actor: id(i),
                challenger: id(j),
                outcome,
                to,
                eu_actor: a,
                eu_challenger: b,
            });
        }
    }
    (moves, after)
}

#[test]
fn bdm_round_one_of_the_car_case_matches_the_hand_computation() {
    let (hand, after) = round_one_by_hand();
    assert!(
        hand.len() >= 3,
        "the car case moves several countries in round 1: {hand:?}"
    );
    let h = json(&[
        "history",
        CAR,
        "--issue",
        "car-emissions",
        "--model",
        "bdm",
        "--format",
        "json",
    ]);
    assert_eq!(h["issue"], "car-emissions");
    assert_eq!(h["model"], "bdm");
    let rounds = h["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 10);
    let r1 = &rounds[0];
    assert_eq!(r1["round"], 1);
    // Every country's position after round 1.
    let actors = r1["actors"].as_array().unwrap();
    assert_eq!(actors.len(), ROWS.len());
    for (k, (a, want)) in actors.iter().zip(&after).enumerate() {
        assert_eq!(a["id"], id(k));
        let got = a["position"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{}: {got} vs {want}", id(k));
    }
    // The moves, one by one.
    let moves = r1["moves"].as_array().unwrap();
    assert_eq!(moves.len(), hand.len(), "{moves:#?}\nvs\n{hand:#?}");
    for (m, want) in moves.iter().zip(&hand) {
        assert_eq!(m["actor"], want.actor);
        let from = ROWS[(0..ROWS.len()).find(|&k| id(k) == want.actor).unwrap()].2;
        assert_eq!(m["from"].as_f64(), Some(from));
        assert!((m["to"].as_f64().unwrap() - want.to).abs() < 1e-9, "{m}");
        let c = &m["cause"];
        assert_eq!(c["kind"], "offer");
        assert_eq!(c["challenger"], want.challenger, "{m}");
        assert_eq!(c["outcome"], want.outcome, "{m}");
        assert!(
            (c["eu_actor"].as_f64().unwrap() - want.eu_actor).abs() < 1e-9,
            "{m}"
        );
        assert!(
            (c["eu_challenger"].as_f64().unwrap() - want.eu_challenger).abs() < 1e-9,
            "{m}"
        );
        let because = m["because"].as_str().unwrap();
        assert!(
            because.contains(&want.actor) && because.contains(&want.challenger),
            "{because}"
        );
        let word = match want.outcome {
            "capitulation" => "capitulated",
            other => other,
        };
        assert!(because.contains(word), "{because}");
    }
}

#[test]
fn every_format_of_the_car_case() {
    // Table: positions by round and the sentences.
    let o = run(&["history", CAR, "--issue", "car-emissions"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("under bdm: 10 rounds"), "{t}");
    assert!(
        t.contains("Positions by round") && t.contains("Moves and why"),
        "{t}"
    );
    assert!(t.contains("Round 1:"), "{t}");
    let h = json(&[
        "history",
        CAR,
        "--issue",
        "car-emissions",
        "--format",
        "json",
    ]);
    for m in h["rounds"][0]["moves"].as_array().unwrap() {
        assert!(t.contains(m["because"].as_str().unwrap()), "{t}");
    }
    // CSV: a header, then one row per country per round (round 0 first).
    let o = run(&[
        "history",
        CAR,
        "--issue",
        "car-emissions",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "issue,model,round,actor,position,moved,from,to,cause,partner,because"
    );
    assert_eq!(lines.len(), 1 + 10 * 11);
    assert!(
        lines[1].starts_with("car-emissions,bdm,0,netherlands,4,false"),
        "{}",
        lines[1]
    );
    let moved = h["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["moves"].as_array().unwrap().len())
        .sum::<usize>();
    assert_eq!(lines.iter().filter(|l| l.contains(",true,")).count(), moved);
    // Japanese table: the same moves, in Japanese.
    let o = run(&["history", CAR, "--issue", "car-emissions", "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ja = stdout(&o);
    assert!(
        ja.contains("回ごとの立場") && ja.contains("動きとその理由"),
        "{ja}"
    );
}

#[test]
fn smp_and_exchange_on_real_inputs() {
    // SMP on the bundled scenario: every move is an adopted bargain.
    let h = json(&[
        "history",
        "--issue",
        "defense-spending",
        "--model",
        "smp",
        "--format",
        "json",
    ]);
    assert_eq!(h["model"], "smp");
    let moves: Vec<&Value> = h["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["moves"].as_array().unwrap())
        .collect();
    assert!(!moves.is_empty());
    for m in &moves {
        assert_eq!(m["cause"]["kind"], "bargain", "{m}");
        let p = m["cause"]["probability"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(m["because"].as_str().unwrap().contains("bargain"));
    }
    // Exchange on Decide's copenhagen example.
    let h = json(&[
        "history",
        "data/decide/copenhagen",
        "--issue",
        first_issue("data/decide/copenhagen").as_str(),
        "--model",
        "exchange",
        "--format",
        "json",
    ]);
    let kinds: Vec<String> = h["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["moves"].as_array().unwrap())
        .map(|m| m["cause"]["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.iter().any(|k| k == "exchange"), "{kinds:?}");
    assert!(kinds
        .iter()
        .all(|k| k == "exchange" || k == "between_rounds"));
    let o = run(&[
        "history",
        "data/decide/copenhagen",
        "--issue",
        &first_issue("data/decide/copenhagen"),
        "--model",
        "exchange",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(",exchange,"));
}

/// The first issue id of a scenario, from `forecast --format json`.
fn first_issue(input: &str) -> String {
    let f = json(&[
        "forecast",
        input,
        "--model",
        "compromise",
        "--format",
        "json",
        "--no-store",
    ]);
    f["issues"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn models_without_rounds_and_unknown_issues_are_usage_errors() {
    for m in ["median", "compromise", "nash"] {
        let o = run(&["history", "--issue", "defense-spending", "--model", m]);
        assert_eq!(o.status.code(), Some(2), "{m}");
        let e = stderr(&o);
        assert!(
            e.contains("has no rounds") && e.contains("bdm, smp, exchange"),
            "{e}"
        );
        assert!(stdout(&o).is_empty());
    }
    let o = run(&["history", "--issue", "no-such-issue"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("no issue `no-such-issue`") && e.contains("defense-spending"),
        "{e}"
    );
    let o = run(&["history", "--issue", "defense-spending", "--model", "bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown model `bogus`"));
    // --issue is required.
    let o = run(&["history"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn forecast_explain_table_prints_the_histories() {
    let o = run(&[
        "forecast",
        CAR,
        "--model",
        "bdm,median",
        "--explain",
        "--no-store",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    let h = run(&["history", CAR, "--issue", "car-emissions"]);
    assert!(t.contains(&stdout(&h)), "{t}");
    // Without --explain, no history.
    let o = run(&["forecast", CAR, "--model", "bdm", "--no-store"]);
    assert!(!stdout(&o).contains("Moves and why"));
}
