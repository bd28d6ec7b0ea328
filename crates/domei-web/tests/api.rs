//! The JSON API in process (tower's `oneshot`, no socket), on SQLite and
//! on PostgreSQL (when `DOMEI_TEST_POSTGRES_URL` is set; scripts/with-postgres
//! sets it): edits with conflicts and validation, evidence checks, runs,
//! charts, comparison, briefings, errors, the OpenAPI document.

mod common;

use axum::http::StatusCode;
use common::{app_bundled, call_full, App, BUNDLED_ID};
use domei_store::testing::TestDb;
use serde_json::{json, Value};

const ID: &str = BUNDLED_ID;

/// Status, JSON (or null) and body bytes of a request.
async fn call(
    a: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, Vec<u8>) {
    let (status, v, bytes, _, _) = call_full(a, method, uri, body).await;
    (status, v, bytes)
}

both_backends!(
    an_edit_saves_a_version_and_changes_the_forecast,
    stale_and_invalid_edits_change_nothing,
    evidence_must_quote_its_passage,
    runs_charts_comparison_and_briefing,
    errors_are_json_with_codes,
    a_stance_is_added_and_moves_the_forecast,
    outcomes_are_recorded_and_the_ledger_scores_runs,
);

async fn outcomes_are_recorded_and_the_ledger_scores_runs(db: TestDb) {
    let a = app_bundled(&db).await;
    let r1 = run_forecast(&a, &["compromise"]).await;
    let (_, run, _) = call(&a, "GET", &format!("/api/runs/{r1}"), None).await;
    let v = run["results"]["issues"][0]["forecasts"][0]["value"]
        .as_f64()
        .unwrap();
    assert_eq!(run["results"]["issues"][0]["id"], "defense-spending");
    let body = |issue: &str, value: f64, date: &str| json!({"scenario": ID, "issue": issue, "value": value, "date": date, "source": "API test"});
    // Resolved in 2099: the run made today counts.
    let (s, o, _) = call(
        &a,
        "POST",
        "/api/outcomes",
        Some(body("defense-spending", 2.0, "2099-01-01")),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{o}");
    assert_eq!(
        (o["version"].as_i64(), o["date"].as_str()),
        (Some(1), Some("2099-01-01"))
    );
    let (s, l, _) = call(&a, "GET", &format!("/api/ledger?scenario={ID}"), None).await;
    assert_eq!(s, StatusCode::OK, "{l}");
    let row = l["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["run"] == r1 && f["model"] == "compromise")
        .unwrap();
    assert_eq!(row["issue"], "defense-spending");
    assert!(
        (row["abs_error"].as_f64().unwrap() - (v - 2.0).abs()).abs() < 1e-12,
        "{row}"
    );
    let sum = l["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "compromise")
        .unwrap();
    assert_eq!(sum["n"], 1);
    // Bad inputs record nothing: a malformed date (400), an unknown issue or
    // a value off the scale (422), an unknown scenario (404).
    let (s, e, _) = call(
        &a,
        "POST",
        "/api/outcomes",
        Some(body("defense-spending", 2.0, "2025-13-01")),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("YYYY-MM-DD"));
    let (s, _, _) = call(
        &a,
        "POST",
        "/api/outcomes",
        Some(body("nope", 2.0, "2025-07-01")),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, _) = call(
        &a,
        "POST",
        "/api/outcomes",
        Some(body("defense-spending", 9.0, "2025-07-01")),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _, _) = call(&a, "POST", "/api/outcomes", Some(json!({"scenario": "nope", "issue": "x", "value": 1.0, "date": "2025-07-01", "source": "s"}))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = call(&a, "GET", "/api/ledger?scenario=nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, list, _) = call(&a, "GET", "/api/outcomes?history=true", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    // The pages: the ledger, and the run page's headline column.
    let (s, _, page) = call(&a, "GET", "/ledger", None).await;
    assert_eq!(s, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("data-testid=\"ledger\"") && page.contains("API test"),
        "{page}"
    );
    let (s, _, page) = call(&a, "GET", &format!("/runs/{r1}"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8(page)
        .unwrap()
        .contains("data-testid=\"headline\""));
}

async fn a_stance_is_added_and_moves_the_forecast(db: TestDb) {
    let a = app_bundled(&db).await;
    let r1 = run_forecast(&a, &["compromise"]).await;
    let uri = format!("/api/scenarios/{ID}/stances");
    let body = |actor: &str, base: i64| json!({"actor": actor, "issue": "host-nation-support", "position": 0.0, "salience": 0.9, "judgement": "API test: Beijing wants US forces out", "base_version": base});
    let (s, saved, _) = call(&a, "POST", &uri, Some(body("china", 1))).await;
    assert_eq!(s, StatusCode::CREATED, "{saved}");
    assert_eq!(saved["scenario"]["version"], 2);
    // Again: the stance exists (422); unknown actor (404); stale base (409).
    let (s, e, _) = call(&a, "POST", &uri, Some(body("china", 2))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _, _) = call(&a, "POST", &uri, Some(body("martians", 2))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = call(&a, "POST", &uri, Some(body("asean", 1))).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // A salience above 1 fails validation in the store: 422, nothing saved.
    let (s, _, _) = call(&a, "POST", &uri, Some(json!({"actor": "asean", "issue": "host-nation-support", "position": 0.0, "salience": 3.0, "judgement": "j"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, hist, _) = call(&a, "GET", &format!("/api/scenarios/{ID}/versions"), None).await;
    assert_eq!(hist.as_array().unwrap().len(), 2);
    let r2 = run_forecast(&a, &["compromise"]).await;
    let (_, before, _) = call(&a, "GET", &format!("/api/runs/{r1}"), None).await;
    let (_, after, _) = call(&a, "GET", &format!("/api/runs/{r2}"), None).await;
    let (x, y) = (
        forecast_of(&before, "host-nation-support", "compromise"),
        forecast_of(&after, "host-nation-support", "compromise"),
    );
    assert!(
        y < x - 1.0,
        "an actor at 0 should pull the forecast down: {x} → {y}"
    );
}

fn forecast_of(run: &Value, issue: &str, model: &str) -> f64 {
    run["results"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == issue)
        .unwrap()["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == model)
        .unwrap()["value"]
        .as_f64()
        .unwrap()
}

async fn run_forecast(a: &App, models: &[&str]) -> i64 {
    let (s, job, _) = call(
        a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": ID, "models": models})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{job}");
    assert_eq!(job["state"], "done");
    job["run"].as_i64().unwrap()
}

async fn an_edit_saves_a_version_and_changes_the_forecast(db: TestDb) {
    let a = app_bundled(&db).await;
    let r1 = run_forecast(&a, &["compromise"]).await;
    let (_, before, _) = call(&a, "GET", &format!("/api/runs/{r1}"), None).await;
    let path = "japan-gov.defense-spending.salience";
    let (s, saved, _) = call(
        &a,
        "POST",
        &format!("/api/scenarios/{ID}/values"),
        Some(json!({"path": path, "base_version": 1, "change": {"value": 0.05, "clear_range": true}, "message": "what if Tokyo cared little"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{saved}");
    assert_eq!(saved["scenario"]["version"], 2);
    // Only the edited value's lines changed.
    let (_, d, _) = call(
        &a,
        "GET",
        &format!("/api/scenarios/{ID}/diff?from=1&to=2"),
        None,
    )
    .await;
    let changes: Vec<String> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    assert!(changes.iter().all(|c| c.starts_with(path)), "{changes:?}");
    let (_, hist, _) = call(&a, "GET", &format!("/api/scenarios/{ID}/versions"), None).await;
    // The edited value's citations are marked for review (issue 12), and the
    // version's message says so after the analyst's own.
    assert_eq!(
        hist[1]["message"],
        "what if Tokyo cared little; 2 citation(s) marked for review"
    );
    let r2 = run_forecast(&a, &["compromise"]).await;
    let (_, after, _) = call(&a, "GET", &format!("/api/runs/{r2}"), None).await;
    assert_eq!(after["scenario"]["version"], 2);
    let (x, y) = (
        forecast_of(&before, "defense-spending", "compromise"),
        forecast_of(&after, "defense-spending", "compromise"),
    );
    assert!((x - y).abs() > 1e-6, "the forecast did not move: {x} → {y}");
    // The new version parses with the edited value.
    let (_, v2, _) = call(&a, "GET", &format!("/api/scenarios/{ID}"), None).await;
    assert_eq!(v2["version"], 2);
}

async fn stale_and_invalid_edits_change_nothing(db: TestDb) {
    let a = app_bundled(&db).await;
    let edit = |base: i64, change: Value| json!({"path": "us-admin.us-tariff-japan.salience", "base_version": base, "change": change});
    let uri = format!("/api/scenarios/{ID}/values");
    // An unknown stance: 404.
    let (s, e, _) = call(
        &a,
        "POST",
        &uri,
        Some(json!({"path": "us-admin.nope.salience", "change": {"value": 0.5}})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    // A salience above 1 fails validation: 422, with the reason.
    let (s, e, _) = call(&a, "POST", &uri, Some(json!({"path": "japan-gov.defense-spending.salience", "change": {"value": 7.0, "clear_range": true}}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "invalid");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("salience"),
        "{e}"
    );
    // A bad path: 400; an unknown field: 4xx.
    let (s, _, _) = call(
        &a,
        "POST",
        &uri,
        Some(json!({"path": "nonsense", "change": {"value": 1}})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _, _) = call(
        &a,
        "POST",
        &uri,
        Some(json!({"path": "us-admin.capability", "change": {"valeu": 1}})),
    )
    .await;
    assert!(s.is_client_error());
    // Two editors from version 1: the second is refused.
    let (s, _, _) = call(
        &a,
        "POST",
        &uri,
        Some(json!({"path": "us-admin.capability", "base_version": 1, "change": {"value": 90}})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, e, _) = call(&a, "POST", &uri, Some(edit(1, json!({"value": 0.2})))).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (_, hist, _) = call(&a, "GET", &format!("/api/scenarios/{ID}/versions"), None).await;
    assert_eq!(hist.as_array().unwrap().len(), 2, "{hist}");
}

async fn evidence_must_quote_its_passage(db: TestDb) {
    let a = app_bundled(&db).await;
    let uri = format!("/api/scenarios/{ID}/evidence");
    let path = "us-admin.host-nation-support.salience";
    let (_, sc, _) = call(&a, "GET", &format!("/api/scenarios/{ID}"), None).await;
    let has = |doc: &Value| {
        doc["toml"]
            .as_str()
            .unwrap()
            .contains("exceeds 800 billion yen annually")
    };
    assert!(!sc.is_null());
    // A quote that is not in the passage: 422, no version.
    let (s, e, _) = call(&a, "POST", &uri, Some(json!({"path": path, "passage": "004_b3e4016961f00b53#p61", "quote": "Japan will pay everything"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // A passage that does not exist: 422 too.
    let (s, _, _) = call(
        &a,
        "POST",
        &uri,
        Some(json!({"path": path, "passage": "004_b3e4016961f00b53#p9999"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, hist, _) = call(&a, "GET", &format!("/api/scenarios/{ID}/versions"), None).await;
    assert_eq!(hist.as_array().unwrap().len(), 1);
    // A verbatim quote: cited.
    let (s, e, _) = call(&a, "POST", &uri, Some(json!({"path": path, "passage": "004_b3e4016961f00b53#p61", "quote": "exceeds 800 billion yen annually"}))).await;
    if s != StatusCode::CREATED {
        // The stance may not exist under this id; the test names its need.
        panic!("attach failed: {s} {e}");
    }
    let (_, latest, _) = call(&a, "GET", &format!("/api/scenarios/{ID}"), None).await;
    assert!(has(&latest));
    // The passage itself resolves through the API.
    let (s, p, _) = call(
        &a,
        "GET",
        "/api/corpus/passages/004_b3e4016961f00b53%23p61",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert!(p["text"].as_str().unwrap().contains("800 billion yen"));
    let (s, docs, _) = call(&a, "GET", "/api/corpus/documents", None).await;
    assert_eq!(s, StatusCode::OK, "{docs}");
    assert!(docs.as_array().unwrap().iter().any(|d| d["id"] == "004_b3e4016961f00b53" && d["sha256"].as_str().unwrap().len() == 64), "{docs}");
    let (s, hits, _) = call(
        &a,
        "GET",
        "/api/corpus/search?q=host%20nation%20support",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["passage"] == "004_b3e4016961f00b53#p61"),
        "{hits}"
    );
}

async fn runs_charts_comparison_and_briefing(db: TestDb) {
    let a = app_bundled(&db).await;
    let r1 = run_forecast(&a, &["compromise", "bdm"]).await;
    let (s, job, _) = call(&a, "POST", "/api/runs?wait=true", Some(json!({"scenario": ID, "kind": "simulate", "models": ["compromise"], "draws": 300, "seed": 7}))).await;
    assert_eq!(s, StatusCode::CREATED, "{job}");
    let r2 = job["run"].as_i64().unwrap();
    let (_, j, _) = call(&a, "GET", &format!("/api/jobs/{}", job["id"]), None).await;
    assert_eq!(
        (j["state"].as_str(), j["done"].as_u64(), j["total"].as_u64()),
        (Some("done"), Some(300), Some(300))
    );
    let (_, list, _) = call(&a, "GET", &format!("/api/runs?scenario={ID}"), None).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["kind"], "simulate");
    assert_eq!(list[0]["parameters"]["monte_carlo"]["draws"], 300);
    let (_, rounds, _) = call(&a, "GET", &format!("/api/runs/{r1}/rounds"), None).await;
    assert!(rounds
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["model"] == "bdm"));
    let (_, ch, _) = call(&a, "GET", &format!("/api/runs/{r2}/charts"), None).await;
    assert_eq!(ch["reproduced"], true);
    let kinds: std::collections::BTreeSet<&str> = ch["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains("positions") && kinds.contains("distribution") && kinds.contains("tornado"),
        "{kinds:?}"
    );
    let (_, ch1, _) = call(&a, "GET", &format!("/api/runs/{r1}/charts"), None).await;
    assert!(ch1["charts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "rounds"));
    let (_, cmp, _) = call(&a, "GET", &format!("/api/compare?a={r1}&b={r2}"), None).await;
    let row = cmp["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["issue"] == "defense-spending" && r["model"] == "compromise")
        .unwrap()
        .clone();
    assert_eq!(
        row["delta"].as_f64(),
        Some(0.0),
        "same scenario, same point forecast: {row}"
    );
    assert!(cmp["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["model"] == "bdm" && r["b"].is_null()));
    let (s, _, html) = call(
        &a,
        "GET",
        &format!("/api/runs/{r2}/brief?format=html"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<!DOCTYPE html>") && html.contains("004_b3e4016961f00b53"));
    let (s, _, pdf) = call(&a, "GET", &format!("/api/runs/{r1}/brief?format=pdf"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"));
}

async fn errors_are_json_with_codes(db: TestDb) {
    let a = app_bundled(&db).await;
    for (m, uri, body, want) in [
        ("GET", "/api/runs/999", None, StatusCode::NOT_FOUND),
        ("GET", "/api/scenarios/nope", None, StatusCode::NOT_FOUND),
        ("GET", "/api/nothing-here", None, StatusCode::NOT_FOUND),
        ("GET", "/api/jobs/42", None, StatusCode::NOT_FOUND),
        (
            "GET",
            "/api/corpus/search?q=%20",
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/api/runs",
            Some(json!({"scenario": ID, "kind": "guess"})),
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/api/runs",
            Some(json!({"scenario": ID, "models": ["oracle"]})),
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            "/api/runs",
            Some(json!({"scenario": ID, "kind": "simulate", "draws": 100_000_000u64})),
            // Beyond the `workbench_draws` limit (docs/server.md, "Limits").
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "POST",
            "/api/runs",
            Some(json!({"scenario": "nope"})),
            StatusCode::NOT_FOUND,
        ),
        (
            "POST",
            "/api/scenarios",
            Some(json!({"toml": "[scenario]\nid = 3"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "GET",
            "/api/runs/1/brief?format=docx",
            None,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (s, v, _) = call(&a, m, uri, body).await;
        assert_eq!(s, want, "{m} {uri}: {v}");
        if s != StatusCode::BAD_REQUEST || !v.is_null() {
            assert!(
                v["error"]["code"].is_string() || uri.contains("brief"),
                "{m} {uri}: {v}"
            );
        }
    }
    let (s, doc, _) = call(&a, "GET", "/api/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
}
