//! End-to-end tests of the store through the real binary: `forecast`
//! storing its run, `runs`, `scenarios`, `token`, error exits, and a SIGKILL
//! in the middle of a run write. Each test uses databases of its own, on
//! SQLite and — when `DOMEI_TEST_POSTGRES_URL` is set — on PostgreSQL too.

mod common;
use common::db::*;
use common::*;
use domei_store::testing::TestDb;
use serde_json::Value;
use std::time::{Duration, Instant};

const SCENARIO: &str = include_str!("../../../tests/fixtures/small-scenario.toml");

fn json_of(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_slice(&ok(db, args).stdout).unwrap()
}

fn run_ids(db: &TestDb) -> Vec<i64> {
    json_of(db, &["runs", "list", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn forecast_stores_a_run_that_runs_list_and_show_show() {
    for db in databases() {
        let o = ok(
            &db,
            &[
                "forecast",
                "--model",
                "compromise,bdm",
                "--format",
                "json",
                "--explain",
            ],
        );
        // stdout stays a clean JSON document; the run id goes to stderr.
        let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            stderr(&o).contains("stored run 1 (scenario japan-us-2025 v1)"),
            "{}",
            stderr(&o)
        );

        let list = json_of(&db, &["runs", "list", "--format", "json"]);
        assert_eq!(list.as_array().unwrap().len(), 1);
        let r = &list[0];
        assert_eq!(
            (r["id"].as_i64(), r["kind"].as_str(), r["status"].as_str()),
            (Some(1), Some("forecast"), Some("completed"))
        );
        assert_eq!(
            r["scenario"],
            serde_json::json!({ "id": "japan-us-2025", "version": 1 })
        );
        assert_eq!(r["models"], serde_json::json!(["compromise", "bdm"]));
        assert_eq!(r["parameters"]["rounds"], 10);
        let table = stdout(&ok(&db, &["runs", "list"]));
        assert!(
            table.contains("japan-us-2025 v1") && table.contains("compromise,bdm"),
            "{table}"
        );

        let shown = json_of(&db, &["runs", "show", "1", "--format", "json"]);
        assert_eq!(shown["id"], 1);
        let stored = &shown["results"];
        assert_eq!(stored["scenario"]["id"], "japan-us-2025");
        for (a, b) in stored["issues"]
            .as_array()
            .unwrap()
            .iter()
            .zip(printed["issues"].as_array().unwrap())
        {
            assert_eq!(a["id"], b["id"]);
            for (fa, fb) in a["forecasts"]
                .as_array()
                .unwrap()
                .iter()
                .zip(b["forecasts"].as_array().unwrap())
            {
                assert_eq!((&fa["model"], &fa["value"]), (&fb["model"], &fb["value"]));
                assert_eq!(
                    fa["explanation"], fb["explanation"],
                    "results keep the --explain document"
                );
                assert!(fa["explanation"].is_object());
            }
        }
        let table = stdout(&ok(&db, &["runs", "show", "1"]));
        assert!(
            table.contains("run 1: forecast of scenario japan-us-2025 v1")
                && table.contains("defense-spending"),
            "{table}"
        );

        // The same scenario again: same version, next run.
        let o = ok(&db, &["forecast", "--model", "median", "--format", "csv"]);
        assert!(
            stderr(&o).contains("stored run 2 (scenario japan-us-2025 v1)"),
            "{}",
            stderr(&o)
        );
        assert_eq!(run_ids(&db), [2, 1]);
        // Without --explain, the results leave the explanations out.
        let shown = json_of(&db, &["runs", "show", "2", "--format", "json"]);
        assert_eq!(shown["parameters"]["explain"], false);
        assert!(shown["results"]["issues"][0]["forecasts"][0]
            .get("explanation")
            .is_none());
        assert!(shown["results"]["issues"][0]["forecasts"][0]["value"].is_number());
        assert_eq!(
            json_of(&db, &["runs", "list", "--limit", "1", "--format", "json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert!(json_of(
            &db,
            &["runs", "list", "--scenario", "other", "--format", "json"]
        )
        .as_array()
        .unwrap()
        .is_empty());

        let missing = cmd(&db, &["runs", "show", "99"]).output().unwrap();
        assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
        assert!(
            stderr(&missing).contains("run 99 not found"),
            "{}",
            stderr(&missing)
        );
    }
}

#[test]
fn no_store_stores_nothing() {
    for db in databases() {
        let o = ok(&db, &["forecast", "--model", "compromise", "--no-store"]);
        assert!(!stderr(&o).contains("stored"), "{}", stderr(&o));
        assert!(run_ids(&db).is_empty());
        assert!(json_of(&db, &["scenarios", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .is_empty());
    }
}

#[test]
fn runs_diff_shows_an_edited_salience() {
    for db in databases() {
        let dir = TempDir::new("runs-diff");
        let file = dir.write("s.toml", SCENARIO);
        let f = file.to_str().unwrap();
        ok(&db, &["forecast", f, "--model", "compromise,median"]);
        dir.write(
            "s.toml",
            SCENARIO.replacen("salience = 0.5", "salience = 0.9", 1),
        );
        let o = ok(&db, &["forecast", f, "--model", "compromise,median"]);
        assert!(
            stderr(&o).contains("stored run 2 (scenario t v2)"),
            "{}",
            stderr(&o)
        );

        let text = stdout(&ok(&db, &["runs", "diff", "1", "2"]));
        assert!(text.contains("scenario:   t v1 → t v2"), "{text}");
        assert!(text.contains("a.x.salience: 0.5 → 0.9"), "{text}");
        // compromise: (2·0.5·2 + 1·1·8) / 2 = 5.00 → (2·0.9·2 + 8) / 2.8 = 4.14.
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>()
                    == ["x", "compromise", "5.00", "4.14", "-0.86"]),
            "{text}"
        );

        let d = json_of(
            &db,
            &["runs", "diff", "1", "2", "--format", "json", "--changed"],
        );
        assert_eq!(d["same_scenario_version"], false);
        assert_eq!(d["scenario_diff"]["changes"][0]["path"], "a.x.salience");
        let rows = d["forecasts"].as_array().unwrap();
        assert!(
            rows.iter().all(|r| r["change"].as_f64().unwrap() != 0.0),
            "{d}"
        );
        assert!(rows.iter().any(|r| r["model"] == "compromise"));

        // Two runs of one version: no scenario changes, forecasts unchanged.
        ok(&db, &["forecast", f, "--model", "compromise,median"]);
        let text = stdout(&ok(&db, &["runs", "diff", "2", "3"]));
        assert!(
            text.contains("t v2 in both") && !text.contains("Scenario changes"),
            "{text}"
        );
    }
}

#[test]
fn sigkill_in_a_run_write_keeps_earlier_runs_and_leaves_no_partial_run() {
    for db in databases() {
        let dir = TempDir::new("sigkill");
        let file = dir.write("s.toml", SCENARIO);
        let f = file.to_str().unwrap();
        ok(&db, &["forecast", f, "--model", "compromise,bdm"]);
        assert_eq!(run_ids(&db), [1]);

        // A new scenario version and a run with BDM round logs: the write
        // pauses inside its transaction (after the run's row), and is killed.
        dir.write(
            "s.toml",
            SCENARIO.replacen("salience = 0.5", "salience = 0.7", 1),
        );
        let marker = dir.path().join("paused");
        let mut child = cmd(
            &db,
            &[
                "forecast",
                f,
                "--model",
                "compromise,bdm",
                "--format",
                "json",
            ],
        )
        .env(domei_store::PAUSE_HOOK_ENV, &marker)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
        let start = Instant::now();
        while !marker.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the run write never paused"
            );
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "domei exited ({status}) before pausing: {}",
                    stderr(&child.wait_with_output().unwrap())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(!status.success());

        // The earlier run is intact; neither the run nor its scenario version
        // was written.
        assert_eq!(run_ids(&db), [1]);
        let history = json_of(&db, &["scenarios", "history", "t", "--format", "json"]);
        assert_eq!(history.as_array().unwrap().len(), 1);
        let shown = json_of(&db, &["runs", "show", "1", "--format", "json"]);
        assert_eq!(shown["results"]["issues"][0]["id"], "x");

        // And the store still works.
        let o = ok(&db, &["forecast", f, "--model", "compromise,bdm"]);
        assert!(stderr(&o).contains("(scenario t v2)"), "{}", stderr(&o));
        assert_eq!(run_ids(&db).len(), 2);
    }
}

#[test]
fn bad_database_values_exit_2_and_broken_databases_exit_3() {
    // A bad value: nothing computed, nothing printed.
    for args in [
        &["runs", "list"][..],
        &["forecast", "--model", "compromise"],
        &["token", "list"],
    ] {
        let o = domei()
            .env("DOMEI_DATABASE_URL", "mysql://h/db")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("invalid database") && stderr(&o).contains("unsupported scheme"),
            "{}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    let o = run(&["runs", "list", "--database", "/no/such/folder/x.sqlite"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));

    // A corrupt file: the forecast is printed, then the store error, exit 3.
    let dir = TempDir::new("corrupt");
    let bad = dir.write("bad.sqlite", "not a database ".repeat(100));
    let o = run(&[
        "forecast",
        "--model",
        "compromise",
        "--database",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("defense-spending"),
        "the forecast is not lost: {}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("the forecast was not stored")
            && stderr(&o).contains("not a usable SQLite database"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    let o = run(&["runs", "list", "--database", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));

    // An unreachable server.
    let o = run(&[
        "runs",
        "list",
        "--database",
        "postgres://u:pw@127.0.0.1:1/db",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot open the database") && !stderr(&o).contains(":pw@"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn scenarios_save_history_show_and_diff() {
    for db in databases() {
        let dir = TempDir::new("scenarios");
        let file = dir.write("s.toml", SCENARIO);
        let f = file.to_str().unwrap();
        assert_eq!(
            stdout(&ok(&db, &["scenarios", "save", f, "-m", "first"])).trim(),
            "saved t v1"
        );
        assert_eq!(
            stdout(&ok(&db, &["scenarios", "save", f])).trim(),
            "unchanged: t v1 has the same text"
        );
        dir.write(
            "s.toml",
            SCENARIO.replacen("position = 8", "position = 7", 1),
        );
        assert_eq!(
            stdout(&ok(&db, &["scenarios", "save", f, "-m", "b moves"])).trim(),
            "saved t v2"
        );

        let h = stdout(&ok(&db, &["scenarios", "history", "t"]));
        assert!(h.contains("first") && h.contains("b moves"), "{h}");
        assert_eq!(
            stdout(&ok(&db, &["scenarios", "show", "t", "-v", "1"])),
            SCENARIO
        );
        let d = stdout(&ok(&db, &["scenarios", "diff", "t", "1", "2"]));
        assert!(
            d.contains("b.x.position: 8 → 7") && d.contains("-position = 8\n+position = 7"),
            "{d}"
        );
        let list = stdout(&ok(&db, &["scenarios", "list"]));
        assert!(list.contains("Test"), "{list}");

        // Other formats are stored as canonical TOML.
        let o = ok(
            &db,
            &["scenarios", "save", "data/bdm1994/car-emissions.csv"],
        );
        let id = stdout(&o)
            .trim()
            .strip_prefix("saved ")
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        assert!(stdout(&ok(&db, &["scenarios", "show", &id])).contains("[[actors]]"));

        let missing = cmd(&db, &["scenarios", "diff", "t", "1", "5"])
            .output()
            .unwrap();
        assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
        let invalid = cmd(&db, &["scenarios", "save", "no/such.toml"])
            .output()
            .unwrap();
        assert_eq!(invalid.status.code(), Some(2), "{}", stderr(&invalid));
    }
}

#[test]
fn tokens_are_shown_once_listed_and_revoked() {
    for db in databases() {
        let o = ok(&db, &["token", "create", "--label", "ci"]);
        let token = stdout(&o).trim().to_string();
        assert!(token.starts_with("domei_1_") && token.len() > 60, "{token}");
        assert!(stderr(&o).contains("shown only this once"));
        let list = stdout(&ok(&db, &["token", "list"]));
        assert!(
            list.contains("ci") && list.contains("active") && !list.contains(&token[8..]),
            "{list}"
        );
        assert_eq!(
            stdout(&ok(&db, &["token", "revoke", "1"])).trim(),
            "revoked token 1"
        );
        let again = cmd(&db, &["token", "revoke", "1"]).output().unwrap();
        assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
        let list = json_of(&db, &["token", "list", "--format", "json"]);
        assert!(list[0]["revoked_at"].is_string(), "{list}");
    }
}
