//! The headline forecast and calibrated ranges end to end: the shipped
//! calibration is what `domei calibrate` produces; calibrate → forecast
//! round trip; forecast table, JSON and CSV; backtest's proper scores;
//! bad calibration files.

mod common;
use common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{:?}: {}", args, stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&o)))
}

fn ranges(v: &Value) -> [(f64, f64); 3] {
    ["50", "80", "95"].map(|l| {
        let r = &v[l];
        (r[0].as_f64().unwrap(), r[1].as_f64().unwrap())
    })
}

/// Nested, inside the scale, containing the point.
fn check_ranges(value: f64, iv: &Value, min: f64, max: f64) {
    let r = ranges(iv);
    let mut prev = (value, value);
    for (lo, hi) in r {
        assert!(min <= lo && hi <= max, "{iv} outside [{min}, {max}]");
        assert!(
            lo <= prev.0 && prev.1 <= hi,
            "not nested around {value}: {iv}"
        );
        prev = (lo, hi);
    }
}

#[test]
fn shipped_calibration_is_what_calibrate_produces_and_forecast_uses_it() {
    let dir = TempDir::new("calibrate");
    let out = dir.path().join("deu3-dev.toml");
    let o = run(&[
        "calibrate",
        "--deu3",
        "data/deu3/dev.tsv",
        "-o",
        out.to_str().unwrap(),
        "--cal-version",
        "4",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("deu3-dev@4"), "{}", stderr(&o));
    let made = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string(repo().join("calibration/deu3-dev.toml")).unwrap();
    // The same fit; only the version asked for differs.
    assert_eq!(made, shipped.replace("\nversion = 3\n", "\nversion = 4\n"));
    assert!(made.contains("doi:10.34810/data53"));

    // Round trip: forecast with the new file names it and gives the
    // bundled calibration's numbers (the same fit).
    let a = json(&["forecast", "--format", "json", "--no-store"]);
    let b = json(&[
        "forecast",
        "--format",
        "json",
        "--no-store",
        "--calibration",
        out.to_str().unwrap(),
    ]);
    for (x, y) in a["issues"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["issues"].as_array().unwrap())
    {
        assert_eq!(x["headline"]["calibration"], "deu3-dev@3");
        assert_eq!(y["headline"]["calibration"], "deu3-dev@4");
        assert_eq!(x["headline"]["value"], y["headline"]["value"]);
        assert_eq!(x["headline"]["intervals"], y["headline"]["intervals"]);
    }

    // A format 1 file (before `headline.snap`) is still read: its headline
    // is the stack's point, here the compromise forecast.
    assert!(shipped.contains("\nformat = 2\n") && shipped.contains("\nsnap = "));
    let mut old = String::new();
    for l in shipped
        .replace("\nformat = 2\n", "\nformat = 1\n")
        .lines()
        .filter(|l| !l.starts_with("snap = "))
    {
        old.push_str(l);
        old.push('\n');
    }
    let old_path = dir.path().join("old.toml");
    std::fs::write(&old_path, old).unwrap();
    let c = json(&[
        "forecast",
        "--format",
        "json",
        "--no-store",
        "--calibration",
        old_path.to_str().unwrap(),
    ]);
    for i in c["issues"].as_array().unwrap() {
        let compromise = i["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["model"] == "compromise")
            .unwrap();
        let (h, v) = (
            i["headline"]["value"].as_f64().unwrap(),
            compromise["value"].as_f64().unwrap(),
        );
        assert!((h - v).abs() <= 1e-9 * (1.0 + v.abs()), "{i}");
    }
}

#[test]
fn forecast_leads_with_the_headline_in_table_json_and_csv() {
    let v = json(&["forecast", "--format", "json", "--no-store"]);
    for i in v["issues"].as_array().unwrap() {
        let (min, max) = (
            i["scale"]["min"].as_f64().unwrap(),
            i["scale"]["max"].as_f64().unwrap(),
        );
        let h = &i["headline"];
        let value = h["value"].as_f64().unwrap();
        check_ranges(value, &h["intervals"], min, max);
        assert_eq!(h["calibration"], "deu3-dev@3");
        assert!(i["disagreement"].is_null() || i["disagreement"].is_string());
        for f in i["forecasts"].as_array().unwrap() {
            match f["value"].as_f64() {
                Some(x) => check_ranges(x, &f["intervals"], min, max),
                None => assert!(f.get("intervals").is_none()),
            }
        }
        // The sentence appears exactly when the models' spread exceeds the
        // 80% range.
        let r = ranges(&h["intervals"])[1];
        let spread = i["spread"].as_f64().unwrap();
        assert_eq!(
            i["disagreement"].is_string(),
            spread > r.1 - r.0 + 1e-9,
            "{i}"
        );
    }
    // Reproducible: the same numbers again.
    let again = json(&["forecast", "--format", "json", "--no-store"]);
    assert_eq!(v["issues"], again["issues"]);

    let t = stdout(&run(&["forecast", "--no-store"]));
    let head = t.lines().find(|l| l.starts_with("issue")).unwrap();
    let cols: Vec<&str> = head.split("  ").filter(|c| !c.is_empty()).collect();
    assert_eq!(
        cols[..6].iter().map(|c| c.trim()).collect::<Vec<_>>(),
        [
            "issue",
            "unit",
            "scale",
            "status quo",
            "headline",
            "80% range"
        ],
        "{t}"
    );
    assert!(t.contains("calibration deu3-dev@3"), "{t}");

    let c = stdout(&run(&["forecast", "--format", "csv", "--no-store"]));
    let mut r = csv::Reader::from_reader(c.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[9..],
        [
            "lo50",
            "hi50",
            "lo80",
            "hi80",
            "lo95",
            "hi95",
            "calibration"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let heads: Vec<&csv::StringRecord> = rows.iter().filter(|x| &x[6] == "headline").collect();
    assert_eq!(heads.len(), v["issues"].as_array().unwrap().len());
    assert!(heads.iter().all(|x| &x[15] == "deu3-dev@3"));
}

#[test]
fn simulate_json_carries_the_headline() {
    let v = json(&[
        "simulate",
        "--draws",
        "64",
        "--model",
        "compromise,median",
        "--format",
        "json",
        "--no-store",
    ]);
    for i in v["issues"].as_array().unwrap() {
        assert_eq!(i["headline"]["calibration"], "deu3-dev@3");
        assert!(i["forecasts"][0]["intervals"]["80"].is_array(), "{i}");
    }
}

#[test]
fn backtest_json_has_the_headline_row_with_proper_scores() {
    let v = json(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--model",
        "compromise,median,exchange",
        "--draws",
        "10",
        "--format",
        "json",
    ]);
    let models = v["models"].as_array().unwrap();
    for name in ["headline", "plain_conformal", "compromise"] {
        let m = models
            .iter()
            .find(|m| m["model"] == name)
            .unwrap_or_else(|| panic!("{name}"));
        for k in [
            "coverage50",
            "coverage80",
            "coverage95",
            "width80",
            "interval_score80",
            "crps",
            "mae",
        ] {
            assert!(m[k].is_number(), "{name}.{k}: {m}");
        }
        let (c50, c80, c95) = (
            m["coverage50"].as_f64().unwrap(),
            m["coverage80"].as_f64().unwrap(),
            m["coverage95"].as_f64().unwrap(),
        );
        assert!(c50 <= c80 && c80 <= c95, "{m}");
        assert_eq!(m["pit_histogram"].as_array().unwrap().len(), 10);
        assert_eq!(
            m["pit_histogram"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .sum::<u64>(),
            247
        );
        assert!(m["reliability"].as_array().unwrap().len() >= 3);
        assert!(m["by_procedure"]["COD"]["coverage80"].is_number());
    }
    let c = models.iter().find(|m| m["model"] == "compromise").unwrap();
    assert!(c["input_band_coverage"].is_number());
    assert_eq!(v["headline"]["method"], "nested-cross-validation");
    assert_eq!(v["headline"]["chosen"].as_array().unwrap().len(), 10);
    // --fit: fitted on one table, scored on another.
    let f = json(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--fit",
        "data/deu3/dev.tsv",
        "--model",
        "compromise,median",
        "--draws",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(f["headline"]["method"], "fit-file");
    assert!(f["headline"]["weights"].is_array());
}

/// The backtest scores the headline as it ships: by default its Monte Carlo
/// draws the bundled calibration's (which `calibrate` writes by default), so
/// the input-uncertainty band, one of the headline's inputs, is measured as
/// it was when the calibration was fitted.
#[test]
fn backtest_draws_by_default_what_the_calibration_was_fitted_with() {
    let v = json(&[
        "backtest",
        "--deu3",
        "data/deu3/dev.tsv",
        "--model",
        "compromise",
        "--format",
        "json",
    ]);
    let shipped = std::fs::read_to_string(repo().join("calibration/deu3-dev.toml")).unwrap();
    let section = &shipped[shipped
        .find("[monte_carlo]")
        .expect("a [monte_carlo] section")..];
    let draws: u64 = section
        .lines()
        .find_map(|l| l.strip_prefix("draws = "))
        .and_then(|d| d.trim().parse().ok())
        .expect("[monte_carlo] draws");
    assert_eq!(v["draws"].as_u64(), Some(draws), "{}", v["draws"]);
    let c = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "compromise")
        .unwrap();
    assert!(c["input_band_coverage"].is_number(), "{c}");
}

#[test]
fn a_bad_calibration_file_is_an_input_error_naming_the_file() {
    let dir = TempDir::new("badcal");
    let p = dir.write("bad.toml", "format = 1\nname = \"x\"\nversion = \"one\"\n");
    let o = run(&[
        "forecast",
        "--no-store",
        "--calibration",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("line"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = run(&[
        "forecast",
        "--no-store",
        "--calibration",
        dir.path().join("missing.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.toml"));
}
