//! The exchange model's readings end to end on the real binary:
//! `--exchange-reading` and the switches on `forecast` (Decide's example
//! copenhagen, against Decide's own first round in data/decide), the
//! explanation's rounds and positions, the stored parameters, bad values,
//! and the backtest reporting both readings.

mod common;
use common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&o)))
}

fn exchange_entry(issue: &Value) -> &Value {
    issue["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "exchange")
        .unwrap()
}

#[test]
fn decide_reading_gives_decides_rounds_on_copenhagen() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("data/decide/copenhagen/expected.json")).unwrap(),
    )
    .unwrap();
    // Decide's first round, and every round's means (data/decide/README.md).
    let first = &expected["rounds"][0];
    let base = [
        "forecast",
        "data/decide/copenhagen",
        "--model",
        "exchange",
        "--format",
        "json",
        "--explain",
        "--no-store",
    ];
    // decide is the default reading; Decide's arithmetic is the switch
    // `--exchange-arith decimal` (the default arithmetic is binary).
    let mut exact = base.to_vec();
    exact.extend(["--exchange-arith", "decimal"]);
    let v = json(&exact);
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 7);
    for issue in issues {
        let id = issue["id"].as_str().unwrap();
        let f = exchange_entry(issue);
        for (t, r) in expected["rounds"].as_array().unwrap().iter().enumerate() {
            let want = r["mean"][id].as_f64().unwrap();
            let got = f["rounds"][t]["mean"].as_f64().unwrap();
            assert!(
                (got - want).abs() < 1e-6,
                "{id} round {}: {got} vs Decide's {want}",
                t + 1
            );
        }
        let last = expected["rounds"][9]["mean"][id].as_f64().unwrap();
        assert!((f["value"].as_f64().unwrap() - last).abs() < 1e-6, "{id}");
        let e = &f["explanation"];
        assert_eq!(e["rules"]["arith"], "decimal");
        assert_eq!(e["rules"]["sides"], "round");
        assert_eq!(e["rules"]["cap"], "adjusted");
        assert_eq!(e["rules"]["rounds"], 10);
        let rounds = e["rounds"].as_array().unwrap();
        assert_eq!(rounds.len(), 10);
        assert_eq!(f["rounds"].as_array().unwrap().len(), 10);
        // Every actor's voting position after round 1, as Decide has it.
        for p in rounds[0]["positions"].as_array().unwrap() {
            let actor = p["actor"].as_str().unwrap();
            let want = first["positions"][id][actor].as_f64().unwrap();
            assert!(
                (p["position"].as_f64().unwrap() - want).abs() < 1e-6,
                "{id} {actor}"
            );
        }
        assert_eq!(rounds[0]["exchanges"], first["exchanges"]);
        assert!(e["exchanges"][0]["round"].as_u64() == Some(1));
    }
    // Decide's rules in binary arithmetic: the default.
    let b = json(&base);
    let e = &exchange_entry(&b["issues"][0])["explanation"];
    assert_eq!(e["rules"]["arith"], "binary");
    assert_eq!(e["rules"]["sides"], "round");
    // The continuous reading, and one switch on its own.
    let mut args = base.to_vec();
    args.extend(["--exchange-reading", "continuous"]);
    let c = json(&args);
    let e = &exchange_entry(&c["issues"][0])["explanation"];
    assert_eq!(e["rules"]["sides"], "exchange");
    assert_eq!(e["rules"]["rounds"], 1);
    assert_eq!(e["rounds"].as_array().unwrap().len(), 1);
    args.extend(["--exchange-rounds", "3"]);
    let c3 = json(&args);
    let e = &exchange_entry(&c3["issues"][0])["explanation"];
    assert_eq!(e["rules"]["sides"], "exchange");
    assert_eq!(e["rounds"].as_array().unwrap().len(), 3);
}

#[test]
fn the_reading_is_stored_and_bad_values_are_refused() {
    let db = sandbox().join("exchange-reading.sqlite");
    let db = db.to_str().unwrap();
    let o = run(&[
        "forecast",
        "data/decide/sample_data",
        "--model",
        "exchange",
        "--exchange-reading",
        "continuous",
        "--database",
        db,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shown = json(&["runs", "show", "1", "--format", "json", "--database", db]);
    let text = shown.to_string();
    assert!(
        text.contains(r#""exchange_reading":"continuous""#),
        "{text}"
    );
    for bad in [
        &["--exchange-reading", "stokman"][..],
        &["--exchange-rounds", "0"],
        &["--exchange-sides", "sometimes"],
        &["--exchange-arith", "float"],
    ] {
        let mut args = vec!["forecast", "data/decide/sample_data", "--no-store"];
        args.extend(bad);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
    }
}

#[test]
fn backtest_reports_both_readings() {
    let v = json(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--model",
        "compromise,exchange",
        "--draws",
        "0",
        "--format",
        "json",
    ]);
    let models: Vec<&str> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    let k = models.iter().position(|m| *m == "exchange").unwrap();
    assert_eq!(models[k + 1], "exchange-continuous", "{models:?}");
    let mae = |name: &str| {
        v["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == name)
            .unwrap()["mae"]
            .as_f64()
            .unwrap()
    };
    assert!(mae("exchange") != mae("exchange-continuous"));
    assert!(!v["ensemble"]["models"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "exchange-continuous"));
}
