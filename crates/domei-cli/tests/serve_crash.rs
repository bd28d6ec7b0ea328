//! End to end: `domei serve` killed (SIGKILL) while it writes a run, inside
//! the run's transaction. On restart the store holds exactly what was
//! committed before — the earlier runs intact, no trace of the killed one —
//! and new runs are stored as usual. On SQLite, and on PostgreSQL when
//! `DOMEI_TEST_POSTGRES_URL` is set (`scripts/with-postgres` sets it).
//!
//! The store's test hook `DOMEI_TEST_PAUSE_IN_RUN_WRITE=FILE` makes a run
//! write create FILE and then wait inside its transaction, after the run's
//! row and before its round logs: the test kills the server there.

mod serve_common;

use domei_store::testing::Kind;
use serde_json::{json, Value};
use serve_common::{wait_for_file, wait_for_job, Sandbox, BUNDLED};
use std::time::Duration;

/// Every stored run, newest first (`GET /api/runs`).
fn runs(c: &serve_common::Client) -> Vec<Value> {
    c.get("/api/runs?limit=1000")
        .expect(200)
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn ids(runs: &[Value]) -> Vec<i64> {
    runs.iter().filter_map(|r| r["id"].as_i64()).collect()
}

fn simulate_body() -> Value {
    json!({"scenario": BUNDLED, "kind": "simulate", "models": ["compromise"], "draws": 2000})
}

fn killed_during_a_run_write(kind: Kind) {
    let Some(sb) = Sandbox::new(kind) else {
        eprintln!("skipped: DOMEI_TEST_POSTGRES_URL is not set (scripts/with-postgres sets it)");
        return;
    };

    // Two forecasts, stored normally. (bdm is iterative: the runs have
    // round logs to compare after the crash.)
    let mut first = sb.serve_loopback();
    let c = first.client();
    let mut before = Vec::new();
    for _ in 0..2 {
        let j = c
            .post_json(
                "/api/runs",
                &json!({"scenario": BUNDLED, "models": ["compromise", "bdm"]}),
            )
            .expect(201)
            .json();
        let id = j["run"].as_i64().expect("a stored run");
        let run = c.get(&format!("/api/runs/{id}")).expect(200).json();
        let rounds = c.get(&format!("/api/runs/{id}/rounds")).expect(200).json();
        assert!(
            rounds.as_array().is_some_and(|r| !r.is_empty()),
            "bdm logs its rounds"
        );
        before.push((id, run, rounds));
    }
    assert_eq!(before.iter().map(|b| b.0).collect::<Vec<_>>(), [1, 2]);
    first.kill();

    // A simulation, killed inside its run's transaction.
    let marker = sb.path().join("paused");
    let marker_text = marker.to_str().expect("a UTF-8 temp path");
    let mut second = sb.serve(
        &["--addr", "127.0.0.1:0"],
        &[(domei_store::PAUSE_HOOK_ENV, marker_text)],
    );
    let c = second.client();
    let j = c
        .post_json("/api/runs?wait=false", &simulate_body())
        .expect(202)
        .json();
    let job = j["id"].as_u64().expect("a job id");
    wait_for_file(&marker, Duration::from_secs(60));
    // Paused mid-write: the job is not done, and readers do not see the
    // uncommitted run.
    assert_eq!(
        c.get(&format!("/api/jobs/{job}")).expect(200).json()["state"],
        "running"
    );
    assert_eq!(ids(&runs(&c)), [2, 1]);
    second.kill();

    // Restarted: exactly the two earlier runs, intact.
    let third = sb.serve_loopback();
    let c = third.client();
    let listed = runs(&c);
    assert_eq!(ids(&listed), [2, 1], "{listed:?}");
    assert!(listed
        .iter()
        .all(|r| r["kind"] == "forecast" && r["status"] == "completed"));
    assert_eq!(
        c.get("/api/runs?kind=simulate").expect(200).json(),
        json!([]),
        "no trace of the killed simulation"
    );
    for (id, run, rounds) in &before {
        let now = c.get(&format!("/api/runs/{id}")).expect(200).json();
        assert_eq!(&now, run, "run {id} changed");
        assert!(now["results"]["issues"]
            .as_array()
            .is_some_and(|i| !i.is_empty()));
        let now = c.get(&format!("/api/runs/{id}/rounds")).expect(200).json();
        assert_eq!(&now, rounds, "round logs of run {id} changed");
        c.get(&format!("/runs/{id}")).expect(200);
    }
    let cli = sb.domei_json(&["runs", "list", "--limit", "0"]);
    assert_eq!(cli.as_array().map(Vec::len), Some(2), "{cli}");

    // And a new simulation is stored as usual.
    let r = c.post_json("/api/runs?wait=false", &simulate_body());
    let done = match r.status {
        201 => r.json(),
        202 => wait_for_job(
            &c,
            r.json()["id"].as_u64().expect("a job id"),
            Duration::from_secs(60),
        ),
        s => panic!("POST /api/runs: {s}: {}", r.text()),
    };
    assert_eq!(done["state"], "done", "{done}");
    let id = done["run"].as_i64().expect("a stored run");
    eprintln!("{kind:?}: the simulation after the crash is stored as run {id}");
    // SQLite reuses the rolled-back id; a PostgreSQL sequence does not.
    match kind {
        Kind::Sqlite => assert_eq!(id, 3),
        Kind::Postgres => assert!(id >= 3, "{id}"),
    }
    let run = c.get(&format!("/api/runs/{id}")).expect(200).json();
    assert_eq!(
        (run["kind"].as_str(), run["status"].as_str()),
        (Some("simulate"), Some("completed"))
    );
    assert!(run["results"].is_object(), "{run}");
    assert_eq!(ids(&runs(&c)), [id, 2, 1]);
}

#[test]
fn sqlite_killed_during_a_run_write_keeps_earlier_runs_and_loses_only_that_run() {
    killed_during_a_run_write(Kind::Sqlite);
}

#[test]
fn postgres_killed_during_a_run_write_keeps_earlier_runs_and_loses_only_that_run() {
    killed_during_a_run_write(Kind::Postgres);
}
