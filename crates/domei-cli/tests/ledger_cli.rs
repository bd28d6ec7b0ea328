//! End-to-end tests of the forecast ledger through the real binary:
//! `domei outcome record|list` and `domei ledger`, on SQLite and — when
//! `DOMEI_TEST_POSTGRES_URL` is set — on PostgreSQL. The scores are checked
//! by hand.

mod common;
use common::db::*;
use common::*;
use domei_store::testing::TestDb;
use serde_json::{json, Value};

const SCENARIO: &str = include_str!("../../../tests/fixtures/small-scenario.toml");

fn json_of(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_slice(&ok(db, args).stdout).unwrap()
}

/// Fails with exit 2 and a message containing `want`.
fn refused(db: &TestDb, args: &[&str], want: &str) {
    let o = exec(db, args);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{args:?}:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(want),
        "{args:?}: {:?} lacks {want:?}",
        stderr(&o)
    );
}

/// Stores a forecast run of scenario `t` v1 made on 2025-01-01 whose
/// results carry a headline with ranges: headline 6 (50% 5.5–6.5, 80% 5–7,
/// 95% 4–8), compromise 5 with an 80% range 4–6, median not run.
fn store_dated_run(db: &TestDb) -> i64 {
    let loc = db.location();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let store = domei_store::Store::open(&loc).await.unwrap();
        let made = time::OffsetDateTime::from_unix_timestamp(1_735_689_600).unwrap(); // 2025-01-01
        let run = domei_store::NewRun {
            kind: "forecast".into(),
            models: vec!["compromise".into(), "median".into()],
            parameters: json!({"rounds": 10, "options": {}, "seed": null}),
            seed: None,
            domei_version: "0.1.0".into(),
            started_at: made,
            finished_at: Some(made),
            status: domei_store::RunStatus::Completed,
            results: Some(
                domei_store::Results::encode(&json!({"issues": [{"id": "x",
                    "headline": {"value": 6.0, "intervals": {"50": [5.5, 6.5], "80": [5.0, 7.0], "95": [4.0, 8.0]}, "calibration": "test@1"},
                    "forecasts": [
                        {"model": "compromise", "value": 5.0, "intervals": {"80": [4.0, 6.0]}},
                        {"model": "median", "value": null, "error": "not run"}
                    ]}]}))
                .unwrap(),
            ),
            rounds: vec![],
        };
        let at = domei_store::ScenarioRef { id: "t".into(), version: 1 };
        let id = store.save_run(&at, &run).await.unwrap();
        store.close().await;
        id
    })
}

fn rows(ledger: &Value, run: i64) -> Vec<&Value> {
    ledger["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["run"] == run)
        .collect()
}

#[test]
fn outcomes_are_versioned_and_the_ledger_scores_forecasts_made_before_them() {
    for db in databases() {
        let dir = TempDir::new("ledger");
        let file = dir.write("scenario.toml", SCENARIO);
        let file = file.to_str().unwrap();
        // A real forecast, stored now: compromise = (2·0.5·2 + 1·1·8) / (2·0.5 + 1·1) = 5.
        let f = json_of(
            &db,
            &[
                "forecast",
                file,
                "--model",
                "compromise",
                "--format",
                "json",
            ],
        );
        assert_eq!(f["issues"][0]["forecasts"][0]["value"], 5.0);
        let now_run = json_of(&db, &["runs", "list", "--format", "json"])[0]["id"]
            .as_i64()
            .unwrap();
        let old_run = store_dated_run(&db);

        // Nothing resolved: an empty ledger.
        let l = json_of(&db, &["ledger", "--format", "json"]);
        assert_eq!(l, json!({"forecasts": [], "summary": []}));

        // Resolved on 2025-06-01: only the run of 2025-01-01 came before.
        let o = json_of(
            &db,
            &[
                "outcome",
                "record",
                "t",
                "x",
                "7.5",
                "--date",
                "2025-06-01",
                "--source",
                "Council minutes, 1 June 2025",
                "--format",
                "json",
            ],
        );
        assert_eq!(
            (
                o["version"].as_i64(),
                o["date"].as_str(),
                o["value"].as_f64()
            ),
            (Some(1), Some("2025-06-01"), Some(7.5))
        );
        let l = json_of(&db, &["ledger", "--scenario", "t", "--format", "json"]);
        assert!(rows(&l, now_run).is_empty(), "made after the outcome: {l}");
        // By hand: headline 6 vs 7.5 → error 1.5; 50% (5.5–6.5) and 80% (5–7)
        // miss, 95% (4–8) holds; interval score 2 + 10 × 0.5 = 7.
        // compromise 5 → error 2.5; its 80% range 4–6 misses: 2 + 10 × 1.5 = 17.
        assert_eq!(
            l,
            json!({
                "forecasts": [
                    {"run": old_run, "scenario": "t", "issue": "x", "made": "2025-01-01T00:00:00Z", "model": "headline", "value": 6.0, "outcome": 7.5, "abs_error": 1.5, "in50": false, "in80": false, "in95": true},
                    {"run": old_run, "scenario": "t", "issue": "x", "made": "2025-01-01T00:00:00Z", "model": "compromise", "value": 5.0, "outcome": 7.5, "abs_error": 2.5, "in50": null, "in80": false, "in95": null}
                ],
                "summary": [
                    {"model": "headline", "n": 1, "mae": 1.5, "coverage80": 0.0, "interval_score80": 7.0},
                    {"model": "compromise", "n": 1, "mae": 2.5, "coverage80": 0.0, "interval_score80": 17.0}
                ]
            }),
            "on {:?}",
            db.kind
        );

        // Recorded again (a later date, value 6.5): version 2 counts, and now
        // the forecast made today counts too.
        let o = json_of(
            &db,
            &[
                "outcome",
                "record",
                "t",
                "x",
                "6.5",
                "--date",
                "2099-01-01",
                "--source",
                "corrected",
                "--format",
                "json",
            ],
        );
        assert_eq!(o["version"], 2);
        let l = json_of(&db, &["ledger", "--format", "json"]);
        let old = rows(&l, old_run);
        assert_eq!(old.len(), 2);
        assert_eq!(
            (
                old[0]["abs_error"].as_f64(),
                old[0]["in80"].as_bool(),
                old[0]["in50"].as_bool()
            ),
            (Some(0.5), Some(true), Some(true))
        );
        let now: Vec<&Value> = rows(&l, now_run)
            .into_iter()
            .filter(|r| r["model"] == "compromise")
            .collect();
        assert_eq!(now.len(), 1, "{l}");
        assert_eq!(
            (now[0]["value"].as_f64(), now[0]["abs_error"].as_f64()),
            (Some(5.0), Some(1.5))
        );
        let compromise = l["summary"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == "compromise")
            .unwrap();
        // Errors 1.5 (old run) and 1.5 (today's run): MAE 1.5.
        assert_eq!(
            (compromise["n"].as_u64(), compromise["mae"].as_f64()),
            (Some(2), Some(1.5))
        );

        // History kept; the list shows the latest.
        let latest = json_of(&db, &["outcome", "list", "--format", "json"]);
        assert_eq!(latest.as_array().unwrap().len(), 1);
        assert_eq!(latest[0]["value"], 6.5);
        let all = json_of(
            &db,
            &[
                "outcome",
                "list",
                "--history",
                "--scenario",
                "t",
                "--format",
                "json",
            ],
        );
        assert_eq!(
            all.as_array()
                .unwrap()
                .iter()
                .map(|o| o["version"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(all[0]["source"], "Council minutes, 1 June 2025");
        let table = stdout(&ok(&db, &["outcome", "list"]));
        assert!(
            table.contains("corrected") && table.contains("2099-01-01"),
            "{table}"
        );

        // Table and CSV say the same.
        let table = stdout(&ok(&db, &["ledger"]));
        assert!(
            table.contains("headline") && table.contains("80% interval score"),
            "{table}"
        );
        let csv = stdout(&ok(&db, &["ledger", "--format", "csv"]));
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(
            head,
            [
                "run",
                "scenario",
                "issue",
                "made",
                "model",
                "value",
                "outcome",
                "abs_error",
                "in50",
                "in80",
                "in95"
            ]
        );
        let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(recs.len(), l["forecasts"].as_array().unwrap().len());
        let old: Vec<&csv::StringRecord> = recs
            .iter()
            .filter(|r| r[0] == old_run.to_string())
            .collect();
        assert_eq!(old.len(), 2);
        assert_eq!(
            (&old[0][4], &old[0][7], &old[0][9]),
            ("headline", "0.5", "true")
        );
        assert_eq!(&old[1][9], "false"); // compromise: 6.5 outside 4–6
        assert_eq!(&old[1][8], ""); // no 50% range
    }
}

/// `outcome record EXTRA...`.
fn rec<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["outcome", "record"];
    a.extend_from_slice(extra);
    a
}

#[test]
fn bad_outcomes_exit_2_and_record_nothing() {
    for db in databases() {
        let dir = TempDir::new("ledger-bad");
        let file = dir.write("scenario.toml", SCENARIO);
        ok(
            &db,
            &["forecast", file.to_str().unwrap(), "--model", "compromise"],
        );
        refused(
            &db,
            &rec(&["t", "x", "5", "--date", "2025-13-01", "--source", "s"]),
            "invalid date \"2025-13-01\"",
        );
        refused(
            &db,
            &rec(&["t", "x", "5", "--date", "2025-02-30", "--source", "s"]),
            "no such day",
        );
        refused(
            &db,
            &rec(&["t", "x", "5", "--date", "yesterday", "--source", "s"]),
            "expected YYYY-MM-DD",
        );
        refused(
            &db,
            &rec(&["t", "x", "5", "--date", "2025-7-1", "--source", "s"]),
            "YYYY-MM-DD",
        );
        refused(
            &db,
            &rec(&["t", "y", "5", "--date", "2025-07-01", "--source", "s"]),
            "has no issue \"y\"",
        );
        refused(
            &db,
            &rec(&["t", "x", "10.5", "--date", "2025-07-01", "--source", "s"]),
            "off the scale",
        );
        refused(
            &db,
            &rec(&["t", "x", "-1", "--date", "2025-07-01", "--source", "s"]),
            "off the scale",
        );
        refused(
            &db,
            &rec(&["nope", "x", "5", "--date", "2025-07-01", "--source", "s"]),
            "scenario \"nope\" not found",
        );
        refused(
            &db,
            &rec(&["t", "x", "5", "--date", "2025-07-01", "--source", "  "]),
            "--source is empty",
        );
        refused(
            &db,
            &rec(&["t", "x", "five", "--date", "2025-07-01", "--source", "s"]),
            "invalid value",
        );
        refused(&db, &rec(&["t", "x", "5", "--source", "s"]), "--date");
        assert_eq!(
            json_of(&db, &["outcome", "list", "--history", "--format", "json"]),
            json!([])
        );
        refused(
            &db,
            &["ledger", "--scenario", "nope"],
            "scenario \"nope\" not found",
        );
        refused(&db, &["ledger", "--format", "xml"], "invalid value");
        // The ends of the scale are on it.
        ok(
            &db,
            &rec(&["t", "x", "10", "--date", "2025-07-01", "--source", "s"]),
        );
        ok(
            &db,
            &rec(&["t", "x", "0", "--date", "2025-07-01", "--source", "s"]),
        );
    }
}
