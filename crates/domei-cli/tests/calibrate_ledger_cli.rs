//! `domei calibrate --ledger` end to end through the real binary, on SQLite
//! and — when `DOMEI_TEST_POSTGRES_URL` is set — on PostgreSQL: refused
//! below the minimum (naming the count and the minimum, nothing written),
//! a calibration checked by hand, and that calibration used by `forecast
//! --calibration`; and the same minimum for `calibrate --deu3`.

mod common;
use common::db::*;
use common::*;
use domei_store::testing::{Kind, TestDb};
use serde_json::Value;
use std::process::Output;

/// 30 issues on 0–100 where both actors hold 50: every model forecasts 50,
/// the positions do not disperse and the models do not disagree.
fn hand_scenario() -> String {
    let mut s = String::from(
        "[scenario]\nid = \"h\"\nname = \"By hand\"\n\n[[actors]]\nid = \"a\"\ncapability = 2\n\n[[actors]]\nid = \"b\"\ncapability = 1\n",
    );
    for i in 1..=30 {
        s += &format!("\n[[issues]]\nid = \"i{i:02}\"\nscale = {{ min = 0, max = 100 }}\n");
    }
    for i in 1..=30 {
        for a in ["a", "b"] {
            s += &format!(
                "\n[[stances]]\nactor = \"{a}\"\nissue = \"i{i:02}\"\nposition = 50\nsalience = 1\n"
            );
        }
    }
    s
}

/// Calibrates on the ledger without input perturbation (no band: σ is the
/// model error alone).
fn calibrate(db: &TestDb, out: &str) -> Output {
    exec(
        db,
        &[
            "calibrate",
            "--ledger",
            "-o",
            out,
            "--perturb-position",
            "0",
            "--perturb-salience",
            "0",
            "--perturb-capability",
            "0",
        ],
    )
}

fn record(db: &TestDb, issue: &str, value: &str, date: &str) {
    ok(
        db,
        &[
            "outcome", "record", "h", issue, value, "--date", date, "--source", "test",
        ],
    );
}

#[test]
fn calibrate_ledger_needs_30_resolved_issues_and_fits_what_a_hand_computation_gives() {
    for db in databases() {
        let dir = TempDir::new("calibrate-ledger");
        let file = dir.write("scenario.toml", hand_scenario());
        let out = dir.path().join("team.toml");
        let out_s = out.to_str().unwrap();

        // A forecast stored now: the witness that each issue was forecast.
        ok(
            &db,
            &["forecast", file.to_str().unwrap(), "--model", "compromise"],
        );
        // Outcomes alternate 40 and 60 around the forecast 50 (|error| 10).
        for i in 1..=29 {
            let v = if i % 2 == 1 { "40" } else { "60" };
            record(&db, &format!("i{i:02}"), v, "2099-01-01");
        }
        // Resolved before the forecast was made: it does not count.
        record(&db, "i30", "60", "2020-01-01");
        let o = calibrate(&db, out_s);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("has 29 resolved issues") && e.contains("at least 30 are needed"),
            "{e}"
        );
        assert!(!out.exists(), "nothing is written below the minimum");
        // Restricted to an unknown scenario: a usage error.
        let o = exec(
            &db,
            &["calibrate", "--ledger", "--scenario", "nope", "-o", out_s],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("\"nope\""), "{}", stderr(&o));
        assert!(!out.exists());

        // The 30th issue resolved later (a new version of its outcome).
        record(&db, "i30", "60", "2099-01-01");
        let o = calibrate(&db, out_s);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("team@1, fitted on 30 issues"),
            "{}",
            stderr(&o)
        );
        let cal =
            domei_calib::Calibration::from_toml(&std::fs::read_to_string(&out).unwrap()).unwrap();
        // By hand: every member forecasts 50, so every specification errs by
        // 10 on every issue and the simplest, compromise, is kept. The scale's
        // terms D and P are 0 on every issue, so only its base is fitted:
        // the mean |error|, 10. Every score |error|/σ is 1, so every
        // conformal quantile is 1 (30 scores: the 95% one is the 30th of 30).
        let h = &cal.headline;
        assert_eq!(h.spec, "compromise");
        assert_eq!(h.weights, vec![1.0]);
        assert_eq!(
            (h.scale.base, h.scale.disagreement, h.scale.dispersion),
            (10.0, 0.0, 0.0)
        );
        assert_eq!(
            (h.quantiles.q50, h.quantiles.q80, h.quantiles.q95),
            (1.0, 1.0, 1.0)
        );
        // Provenance.
        assert_eq!(cal.data.file, "ledger");
        assert_eq!(cal.data.issues, 30);
        let l = cal.data.ledger.as_ref().unwrap();
        let backend = match db.kind {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
        };
        assert_eq!(l.store, backend);
        assert_eq!(l.through, "2099-01-01");
        assert_eq!(l.grouping, "issue");
        assert_eq!(l.issues.len(), 30);
        assert_eq!(l.issues[0], "h@1/i01 = 40 on 2099-01-01");
        assert_eq!(l.issues[29], "h@1/i30 = 60 on 2099-01-01");
        // Cross-validated: error 10 everywhere, each range [40, 60] holds.
        let cv = &cal.cv.headline;
        assert_eq!(
            (cv.n, cv.mae, cv.coverage80, cv.width80),
            (30, 10.0, 1.0, 20.0)
        );
        // The same again: the file is reproducible.
        let first = std::fs::read(&out).unwrap();
        assert_eq!(calibrate(&db, out_s).status.code(), Some(0));
        assert_eq!(std::fs::read(&out).unwrap(), first);

        // Round trip: a forecast with this calibration. The small scenario's
        // compromise is 5 on 0–10; σ = 10 on 0–100 is 1 in its units and
        // every quantile is 1, so every range is [4, 6].
        let small = repo().join("tests/fixtures/small-scenario.toml");
        let o = ok(
            &db,
            &[
                "forecast",
                small.to_str().unwrap(),
                "--no-store",
                "--format",
                "json",
                "--calibration",
                out_s,
            ],
        );
        let f: Value = serde_json::from_slice(&o.stdout).unwrap();
        let hl = &f["issues"][0]["headline"];
        assert_eq!(hl["calibration"], "team@1");
        assert_eq!(hl["value"], 5.0);
        for l in ["50", "80", "95"] {
            assert_eq!(hl["intervals"][l], serde_json::json!([4.0, 6.0]), "{l}");
        }
    }
}

#[test]
fn calibrate_needs_exactly_one_source() {
    let dir = TempDir::new("calibrate-source");
    let out = dir.path().join("x.toml");
    let o = run(&["calibrate", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&[
        "calibrate",
        "--ledger",
        "--deu3",
        "data/deu3/dev.tsv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn calibrate_deu3_below_the_minimum_is_refused_naming_the_file() {
    let dir = TempDir::new("calibrate-few");
    let dev = std::fs::read_to_string(repo().join("data/deu3/dev.tsv")).unwrap();
    // Header, capability row and 25 issues: at most 25 with an outcome.
    let few: String = dev.lines().take(27).map(|l| format!("{l}\n")).collect();
    let file = dir.write("few.tsv", few);
    let out = dir.path().join("few.toml");
    let o = run(&[
        "calibrate",
        "--deu3",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("few.tsv") && e.contains("too few to calibrate on (at least 30 needed"),
        "{e}"
    );
    assert!(!out.exists());
}

/// `backtest --fold-seed`: another split of the same dossiers. The models'
/// own points do not depend on the split, the cross-validated ranges do,
/// and a seed gives the same report every time.
#[test]
fn backtest_fold_seed_repeats_the_cross_validation_on_another_split() {
    let bt = |seed: &str| -> Value {
        let o = run(&[
            "backtest",
            "--deu3",
            "data/deu3/dev.tsv",
            "--model",
            "compromise,median",
            "--draws",
            "0",
            "--folds",
            "4",
            "--inner-folds",
            "3",
            "--fold-seed",
            seed,
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let row = |v: &Value, name: &str| -> Value {
        v["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == name)
            .unwrap()
            .clone()
    };
    let (a, b) = (bt("0"), bt("7"));
    assert_eq!(b["headline"]["chosen"].as_array().unwrap().len(), 4);
    assert_eq!(row(&a, "compromise")["mae"], row(&b, "compromise")["mae"]);
    assert_ne!(
        row(&a, "compromise")["interval_score80"],
        row(&b, "compromise")["interval_score80"],
        "another split gives other out-of-fold ranges"
    );
    assert_eq!(bt("7"), b);
}
