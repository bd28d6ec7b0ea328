//! Shared by the store's tests: scenario texts, a sample run, and
//! `both_backends!`, which turns each `async fn NAME(db: TestDb)` into a test
//! on SQLite (`sqlite::NAME`) and one on PostgreSQL (`postgres::NAME`).
#![allow(dead_code)]

use domei_store::{NewRun, Results, RoundLog, RunStatus};
use time::OffsetDateTime;

/// Writes one test per backend for each named `async fn(TestDb)`. The
/// PostgreSQL test is skipped without `DOMEI_TEST_POSTGRES_URL`, and fails
/// without it when `CI` is set.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(domei_store::testing::TestDb::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match domei_store::testing::TestDb::postgres() {
                        Some(db) => super::$name(db).await,
                        None => eprintln!("skipped: DOMEI_TEST_POSTGRES_URL is not set (scripts/with-postgres sets it)"),
                    }
                }
            )*
        }
    };
}

pub const SCENARIO: &str = include_str!("../../../../tests/fixtures/small-scenario.toml");

/// [`SCENARIO`] with a different id (another scenario).
pub fn other_scenario() -> String {
    SCENARIO.replacen("id = \"t\"", "id = \"u\"", 1).replacen(
        "name = \"Test\"",
        "name = \"Other\"",
        1,
    )
}

/// A fixed instant with microseconds, as both backends keep them.
pub fn at(secs: i64, micros: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap() + time::Duration::microseconds(micros)
}

/// A run with results and `rounds` round logs.
pub fn sample_run(kind: &str, rounds: usize) -> NewRun {
    NewRun {
        kind: kind.into(),
        models: vec!["compromise".into(), "bdm".into()],
        parameters: serde_json::json!({ "rounds": 10, "options": { "bdm_q": 1.0 }, "seed": null }),
        seed: Some(u64::MAX - 6),
        domei_version: "0.1.0".into(),
        started_at: at(1_750_000_000, 123_456),
        finished_at: Some(at(1_750_000_001, 654_321)),
        status: RunStatus::Completed,
        results: Some(Results::encode(&serde_json::json!({
            "domei_version": "0.1.0",
            "scenario": { "id": "t", "name": "Test" },
            "models": ["compromise", "bdm"],
            "issues": [{ "id": "x", "forecasts": [
                { "model": "compromise", "value": 4.333333333333333 },
                { "model": "bdm", "value": 0.1, "rounds": [{ "round": 1, "median": 2.0, "mean": 1e-7 }] }
            ], "spread": 4.233333333333333 }]
        }))
        .unwrap()),
        rounds: (0..rounds)
            .map(|i| RoundLog {
                issue_id: format!("x{}", i / 10),
                model: "bdm".into(),
                round: (i % 10) as i64 + 1,
                median: i as f64 / 3.0,
                mean: 1.0 / (i as f64 + 7.0),
                positions: vec![2.0, 8.0 - i as f64 * 1e-3, 0.1],
            })
            .collect(),
    }
}
