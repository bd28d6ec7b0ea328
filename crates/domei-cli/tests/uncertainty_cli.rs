//! simulate, sensitivity, backtest, whatif and best-response end to end.
//! Each expected direction of change is argued from the model's equations.

mod common;
use common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{:?}: {}", args, stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&o)))
}

fn forecast_of<'a>(v: &'a Value, issue: &str, model: &str) -> &'a Value {
    let i = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == issue || i["issue"] == issue)
        .unwrap_or_else(|| panic!("{issue}"));
    let list = i.get("forecasts").or_else(|| i.get("changes")).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == model)
        .unwrap()
}

#[test]
fn simulate_json_is_byte_identical_across_thread_counts() {
    let base = [
        "simulate",
        "--draws",
        "400",
        "--seed",
        "7",
        "--format",
        "json",
        "--model",
        "compromise,median,nash",
    ];
    let one = run(&[&base[..], &["--threads", "1"]].concat());
    let two = run(&[&base[..], &["--threads", "2"]].concat());
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout);
    let v: Value = serde_json::from_slice(&one.stdout).unwrap();
    let f = forecast_of(&v, "defense-spending", "compromise");
    let (p10, p50, p90) = (
        f["p10"].as_f64().unwrap(),
        f["p50"].as_f64().unwrap(),
        f["p90"].as_f64().unwrap(),
    );
    assert!(p10 <= p50 && p50 <= p90 && p10 < p90, "{f}");
    assert_eq!(f["n"], 400);
    assert_eq!(
        f["histogram"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["count"].as_u64().unwrap())
            .sum::<u64>(),
        400
    );
    let other = run(&[
        "simulate",
        "--draws",
        "400",
        "--seed",
        "8",
        "--format",
        "json",
        "--model",
        "compromise",
    ]);
    assert_ne!(one.stdout, other.stdout);
}

#[test]
fn simulate_table_and_bad_flags() {
    let o = run(&["simulate", "--draws", "100"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("p10") && stdout(&o).contains("us-tariff-japan"));
    assert_eq!(run(&["simulate", "--draws", "0"]).status.code(), Some(2));
    assert_eq!(
        run(&["simulate", "--perturb-salience", "2"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["simulate", "--threads", "0"]).status.code(), Some(2));
}

/// Compromise = Σ c·s·x / Σ c·s: raising actor k's salience moves the forecast
/// toward x_k, so each salience bar's forecast rises from low to high exactly
/// when the actor's position lies above the base forecast.
#[test]
fn sensitivity_bars_point_the_way_the_weighted_mean_says() {
    let v = json(&[
        "sensitivity",
        "--format",
        "json",
        "--issue",
        "defense-spending",
    ]);
    let t = &v["issues"][0];
    let base = t["base"].as_f64().unwrap();
    let f = json(&[
        "forecast",
        "--format",
        "json",
        "--explain",
        "--model",
        "compromise",
    ]);
    let players = forecast_of(&f, "defense-spending", "compromise")["explanation"]["players"]
        .as_array()
        .unwrap()
        .clone();
    let bars = t["bars"].as_array().unwrap();
    assert!(!bars.is_empty());
    let mut checked = 0;
    for b in bars.iter().filter(|b| b["field"] == "salience") {
        let pos = players.iter().find(|p| p["player"] == b["actor"]).unwrap()["position"]
            .as_f64()
            .unwrap();
        let up = b["forecast_high"].as_f64().unwrap() > b["forecast_low"].as_f64().unwrap();
        assert_eq!(up, pos > base, "{b}");
        checked += 1;
    }
    assert!(checked >= 3);
    let swings: Vec<f64> = bars.iter().map(|b| b["swing"].as_f64().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn backtest_json_has_the_documented_shape_and_reference_mae() {
    let v = json(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--model",
        "compromise,median",
        "--draws",
        "30",
        "--format",
        "json",
    ]);
    let models = v["models"].as_array().unwrap();
    let c = models.iter().find(|m| m["model"] == "compromise").unwrap();
    assert_eq!(c["n"], 247);
    assert!((c["mae"].as_f64().unwrap() - 23.83).abs() < 0.005, "{c}");
    for k in ["rmse", "median_ae", "coverage80"] {
        assert!(c[k].is_number(), "{k}: {c}");
    }
    assert!(models.iter().any(|m| m["model"] == "ensemble"));
    assert!(models.iter().any(|m| m["model"] == "status_quo"));
    assert!(c["by_procedure"]["COD"]["n"].as_u64().unwrap() > 0);
    assert!(c["by_voting_rule"].as_object().unwrap().len() >= 2);
    let t = run(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--draws",
        "0",
        "--model",
        "compromise,median",
    ]);
    assert!(
        stdout(&t).contains("MAE (80% coverage) by procedure"),
        "{}",
        stdout(&t)
    );
}

/// Same argument as for sensitivity: a higher salience for the US
/// administration, whose position lies above the weighted mean on defense
/// spending, raises the compromise forecast there and changes no other issue.
#[test]
fn whatif_salience_edit_moves_only_its_issue() {
    let v = json(&[
        "whatif",
        "--set",
        "us-admin.defense-spending.salience=1",
        "--model",
        "compromise",
        "--format",
        "json",
    ]);
    assert!(
        forecast_of(&v, "defense-spending", "compromise")["change"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    for i in v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["issue"] != "defense-spending")
    {
        assert_eq!(i["changes"][0]["change"].as_f64().unwrap(), 0.0, "{i}");
    }
    let bad = run(&["whatif", "--set", "us-admin.defense-spending.salience=3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("outside its domain: from 0 to 1"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(run(&["whatif"]).status.code(), Some(2));
}

/// The weighted median puts all of a bloc's weight at one point: when the
/// members all stand below the median, pooling them can only pull the median
/// down or leave it.
#[test]
fn whatif_coalition_does_not_raise_the_median_tariff() {
    let v = json(&[
        "whatif",
        "--coalition",
        "japan-gov,japan-business,japan-restraint-advocates",
        "--on",
        "us-tariff-japan",
        "--model",
        "median",
        "--format",
        "json",
    ]);
    let c = forecast_of(&v, "us-tariff-japan", "median");
    assert!(
        c["after"].as_f64().unwrap() <= c["before"].as_f64().unwrap() + 1e-9,
        "{c}"
    );
    assert_eq!(
        run(&["whatif", "--coalition", "japan-gov,eu"])
            .status
            .code(),
        Some(2)
    );
}

/// Linkage matters only to models that negotiate issues jointly; the
/// per-issue models must report no change.
#[test]
fn whatif_linkage_leaves_per_issue_models_unchanged() {
    let v = json(&[
        "whatif",
        "--link",
        "us-tariff-japan,defense-spending",
        "--model",
        "compromise,median,bdm",
        "--format",
        "json",
    ]);
    for i in v["issues"].as_array().unwrap() {
        for c in i["changes"].as_array().unwrap() {
            assert_eq!(c["change"].as_f64().unwrap(), 0.0, "{i}");
        }
    }
}

/// ∂mean/∂x_k = c_k s_k / Σ c·s > 0, and ∂mean/∂s_k has the sign of x_k − mean:
/// an actor above the compromise gains by stating the highest allowed position
/// with the highest salience.
#[test]
fn best_response_goes_up_for_an_actor_above_the_forecast() {
    let v = json(&[
        "best-response",
        "us-admin",
        "--issue",
        "defense-spending",
        "--model",
        "compromise",
        "--format",
        "json",
    ]);
    let r = &v["responses"][0];
    let (ideal, base, best) = (
        r["ideal"].as_f64().unwrap(),
        r["baseline"].as_f64().unwrap(),
        r["best_forecast"].as_f64().unwrap(),
    );
    assert!(
        ideal > base && best > base && r["gain"].as_f64().unwrap() > 0.0,
        "{r}"
    );
    assert!(r["best_position"].as_f64().unwrap() > ideal);
    assert_eq!(r["best_salience"].as_f64().unwrap(), 1.0);
    assert_eq!(run(&["best-response", "nobody"]).status.code(), Some(2));
}
