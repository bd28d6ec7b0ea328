//! Stored simulations and briefings of stored runs, end to end on the real
//! binary: `simulate` storing its run (and `--no-store`, `--database`),
//! `runs list|show|diff` reading simulation runs, and `brief --run ID` of a
//! forecast run and of a simulation run — including a run whose stored
//! results no longer match what domei computes. Each test uses databases of
//! its own, on SQLite and — when `DOMEI_TEST_POSTGRES_URL` is set — on
//! PostgreSQL too. Kept fast: 200 draws, the cheap models.

mod common;
use common::db::*;
use common::*;
use domei_store::testing::TestDb;
use serde_json::{json, Value};
use std::path::Path;

fn json_of(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_slice(&ok(db, args).stdout).unwrap()
}

fn runs(db: &TestDb) -> Vec<Value> {
    json_of(db, &["runs", "list", "--format", "json"])
        .as_array()
        .unwrap()
        .clone()
}

/// A simulation of the bundled scenario: 200 draws, two cheap models.
const SIMULATE: [&str; 7] = [
    "simulate",
    "-n",
    "200",
    "-m",
    "compromise,median",
    "--seed",
    "7",
];

/// Decimals that suit a scale (as domei-report prints forecasts).
fn fmt(x: f64, issue: &Value) -> String {
    let r = issue["scale"]["max"].as_f64().unwrap() - issue["scale"]["min"].as_f64().unwrap();
    let d = if r <= 10.0 {
        2
    } else if r <= 200.0 {
        1
    } else {
        0
    };
    format!("{x:.d$}")
}

#[test]
fn simulate_stores_a_run_that_runs_list_show_and_diff_read() {
    for db in databases() {
        let mut args = SIMULATE.to_vec();
        args.extend(["--format", "json"]);
        let o = ok(&db, &args);
        let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            stderr(&o).contains("stored run 1 (scenario japan-us-2025 v1)"),
            "{}",
            stderr(&o)
        );

        let list = runs(&db);
        assert_eq!(list.len(), 1);
        let r = &list[0];
        assert_eq!(
            (r["kind"].as_str(), r["seed"].as_u64(), r["status"].as_str()),
            (Some("simulate"), Some(7), Some("completed"))
        );
        assert_eq!(r["models"], json!(["compromise", "median"]));
        let p = &r["parameters"];
        assert_eq!(
            (p["rounds"].as_u64(), p["seed"].as_u64()),
            (Some(10), Some(7))
        );
        assert_eq!(p["monte_carlo"]["draws"], 200);
        assert_eq!(p["monte_carlo"]["seed"], 7);
        assert_eq!(p["monte_carlo"]["dist"], "triangular");
        assert_eq!(p["monte_carlo"]["bins"], 20);
        assert_eq!(p["monte_carlo"]["perturbation"]["position"], 0.05);

        // The stored results are the printed simulate document.
        let shown = json_of(&db, &["runs", "show", "1", "--format", "json"]);
        assert_eq!(shown["results"]["issues"], printed["issues"]);
        assert_eq!(shown["results"]["draws"], 200);
        let table = stdout(&ok(&db, &["runs", "show", "1"]));
        let issue = &printed["issues"][0];
        let f = &issue["forecasts"][0];
        let cell = format!(
            "{} ({}–{})",
            fmt(f["point"].as_f64().unwrap(), issue),
            fmt(f["p10"].as_f64().unwrap(), issue),
            fmt(f["p90"].as_f64().unwrap(), issue)
        );
        assert!(
            table.contains("run 1: simulate of scenario japan-us-2025 v1")
                && table.contains("over 200 Monte Carlo draws")
                && table.contains(&cell),
            "{cell} missing from:\n{table}"
        );

        // A forecast of the same models: the diff compares point forecasts.
        ok(
            &db,
            &["forecast", "-m", "compromise,median", "--format", "csv"],
        );
        let d = json_of(&db, &["runs", "diff", "1", "2", "--format", "json"]);
        let rows = d["forecasts"].as_array().unwrap();
        assert_eq!(rows.len(), 2 * printed["issues"].as_array().unwrap().len());
        assert!(
            rows.iter()
                .all(|r| r["before"].is_number() && r["change"].as_f64() == Some(0.0)),
            "{d}"
        );
        assert_eq!(d["parameters_changed"], true);
        assert!(json_of(
            &db,
            &["runs", "diff", "1", "2", "--changed", "--format", "json"]
        )["forecasts"]
            .as_array()
            .unwrap()
            .is_empty());
        let text = stdout(&ok(&db, &["runs", "diff", "2", "1"]));
        assert!(
            text.contains("japan-us-2025 v1 in both") && text.contains("defense-spending"),
            "{text}"
        );

        // --keep-draws prints every draw; the stored run leaves them out.
        let o = ok(
            &db,
            &[
                "simulate",
                "-n",
                "50",
                "-m",
                "compromise",
                "--keep-draws",
                "--format",
                "json",
            ],
        );
        let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            printed["issues"][0]["forecasts"][0]["draws"]
                .as_array()
                .map(Vec::len),
            Some(50)
        );
        assert!(stderr(&o).contains("stored run 3 "), "{}", stderr(&o));
        let shown = json_of(&db, &["runs", "show", "3", "--format", "json"]);
        let stored = &shown["results"]["issues"][0]["forecasts"][0];
        assert!(stored.get("draws").is_none(), "{stored}");
        assert_eq!(stored["p50"], printed["issues"][0]["forecasts"][0]["p50"]);
    }
}

#[test]
fn simulate_no_store_stores_nothing_and_database_errors_keep_the_output() {
    for db in databases() {
        let mut args = SIMULATE.to_vec();
        args.push("--no-store");
        let o = ok(&db, &args);
        assert!(stdout(&o).contains("defense-spending"));
        assert!(!stderr(&o).contains("stored"), "{}", stderr(&o));
        assert!(runs(&db).is_empty());
        assert!(json_of(&db, &["scenarios", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .is_empty());
    }

    // A bad --database: exit 2 before any work, nothing printed.
    let o = run(&["simulate", "-n", "200", "--database", "mysql://h/db"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unsupported scheme"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    // A corrupt file: the simulation is printed, then the error, exit 3.
    let dir = TempDir::new("simulate-corrupt");
    let bad = dir.write("bad.sqlite", "not a database ".repeat(100));
    let mut args = SIMULATE.to_vec();
    args.extend(["--database", bad.to_str().unwrap()]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stdout(&o).contains("defense-spending"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("the simulation was not stored"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

/// `<td class="num">…</td>` cells of every model's point forecast (and,
/// for a simulation, its 80% range) in a stored results document.
fn cells(results: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for issue in results["issues"].as_array().unwrap() {
        for f in issue["forecasts"].as_array().unwrap() {
            let point = f.get("value").unwrap_or(&f["point"]);
            if let Some(x) = point.as_f64() {
                out.push(format!("<td class=\"num\">{}</td>", fmt(x, issue)));
            }
            if let (Some(lo), Some(hi)) = (f["p10"].as_f64(), f["p90"].as_f64()) {
                out.push(format!(
                    "<td class=\"num\">{}–{}</td>",
                    fmt(lo, issue),
                    fmt(hi, issue)
                ));
            }
        }
    }
    out
}

fn html(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn brief_of_a_stored_forecast_and_of_a_stored_simulation() {
    for db in databases() {
        let dir = TempDir::new("brief-run");
        ok(
            &db,
            &["forecast", "-m", "compromise,median", "--format", "csv"],
        );
        ok(&db, &SIMULATE);

        // A forecast run: its forecasts, no Monte Carlo.
        let out = dir.path().join("forecast.html");
        let o = ok(
            &db,
            &[
                "brief",
                "--run",
                "1",
                "--full",
                "-o",
                out.to_str().unwrap(),
                "--no-sensitivity",
            ],
        );
        assert!(stdout(&o).contains("wrote"), "{}", stdout(&o));
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
        let h = html(&out);
        let stored = &json_of(&db, &["runs", "show", "1", "--format", "json"])["results"];
        for cell in cells(stored) {
            assert!(h.contains(&cell), "{cell} missing");
        }
        assert!(h.contains("stored run 1 (forecast, version 1)"));
        assert!(
            h.contains("Monte Carlo not run") && !h.contains("input-uncertainty band (p10–p90)")
        );
        assert!(h.contains("Sensitivity not run"));

        // A simulation run: its forecasts and Monte Carlo ranges, and the
        // sensitivity of its first model.
        let out = dir.path().join("simulate.html");
        ok(
            &db,
            &["brief", "--run", "2", "--full", "-o", out.to_str().unwrap()],
        );
        let h = html(&out);
        let stored = &json_of(&db, &["runs", "show", "2", "--format", "json"])["results"];
        let want = cells(stored);
        assert!(want.len() > 40, "{want:?}");
        for cell in want {
            assert!(h.contains(&cell), "{cell} missing");
        }
        assert!(h.contains("stored run 2 (simulate, version 1)"));
        assert!(
            h.contains("input-uncertainty band (p10–p90)") && !h.contains("Sensitivity not run")
        );
    }
}

#[test]
fn brief_run_usage_errors_exit_2_and_write_nothing() {
    let db = TestDb::sqlite();
    let dir = TempDir::new("brief-run-bad");
    let out = dir.path().join("b.html");
    let o = cmd(&db, &["brief", "--run", "99", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("run 99 not found"), "{}", stderr(&o));

    ok(&db, &["forecast", "-m", "compromise", "--format", "csv"]);
    for extra in [
        &["scenarios/japan-us-2025"][..],
        &["--draws", "200"],
        &["--seed", "2"],
        &["--model", "median"],
        &["--rounds", "3"],
    ] {
        let mut args = vec!["brief", "--run", "1", "-o", out.to_str().unwrap()];
        args.extend(extra);
        let o = cmd(&db, &args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
    }
    let o = cmd(
        &db,
        &[
            "brief",
            "--run",
            "1",
            "-o",
            out.to_str().unwrap(),
            "--actor",
            "nobody",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no actor \"nobody\""), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Stores a copy of run `id` whose first stored forecast is changed, as if
/// an older domei had computed it; returns the copy's id.
fn store_altered_copy(url: &str, id: i64) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let loc = domei_store::Location::parse(url).unwrap();
        let store = domei_store::Store::open(&loc).await.unwrap();
        let run = store.get_run(id).await.unwrap();
        let at = &run.info.scenario;
        let text = store
            .scenario_version(&at.id, Some(at.version))
            .await
            .unwrap()
            .toml;
        let mut doc = run.results.unwrap();
        doc["issues"][0]["forecasts"][0]["value"] = json!(2.2222);
        let copy = domei_store::NewRun {
            kind: run.info.kind,
            models: run.info.models,
            parameters: run.info.parameters,
            seed: run.info.seed,
            domei_version: "0.0.1".into(),
            started_at: run.info.started_at,
            finished_at: run.info.finished_at,
            status: run.info.status,
            results: Some(domei_store::Results::encode(&doc).unwrap()),
            rounds: Vec::new(),
        };
        let (_, new) = store
            .save_run_with_scenario(&text, None, &copy)
            .await
            .unwrap();
        store.close().await;
        new
    })
}

#[test]
fn brief_of_a_run_that_computes_differently_now_says_so() {
    let db = TestDb::sqlite();
    let dir = TempDir::new("brief-run-differs");
    ok(&db, &["forecast", "-m", "compromise", "--format", "csv"]);
    let altered = store_altered_copy(&db.url, 1).to_string();
    let out = dir.path().join("b.html");
    let o = ok(
        &db,
        &[
            "brief",
            "--run",
            &altered,
            "-o",
            out.to_str().unwrap(),
            "--no-sensitivity",
        ],
    );
    assert!(
        stderr(&o).contains("warning: The forecasts computed again")
            && stderr(&o).contains("domei 0.0.1"),
        "{}",
        stderr(&o)
    );
    let h = html(&out);
    assert!(
        h.contains(&format!(
            "differ from those stored with run {altered} (made by domei 0.0.1)"
        )),
        "note missing"
    );
    // The briefing shows the values computed now, not the altered one.
    assert!(!h.contains("<td class=\"num\">2.22</td>"));
}
