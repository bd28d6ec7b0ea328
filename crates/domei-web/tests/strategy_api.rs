//! Strategy runs, cancel, downloads, labels and the comparison's "changed
//! only" in process (tower's `oneshot`), on SQLite and on PostgreSQL (when
//! `DOMEI_TEST_POSTGRES_URL` is set): a what-if and best responses made
//! through the API equal the library's (domei-strategy, the CLI's), are
//! stored and comparable; a queued and a running simulation are cancelled
//! and store nothing; every table downloads as CSV and every chart as SVG
//! and PNG; runs are named and annotated.

mod common;

use axum::http::StatusCode;
use common::*;
use domei_engines::{ModelId, Options};
use domei_store::testing::TestDb;
use serde_json::{json, Value};

const ID: &str = BUNDLED_ID;

both_backends!(
    a_whatif_is_the_librarys_stored_and_comparable,
    a_coalition_that_moves_nothing_says_why_on_its_page,
    best_responses_are_the_librarys_and_download_as_csv,
    bad_analyses_are_refused_and_store_nothing,
    queued_and_running_simulations_are_cancelled_and_store_nothing,
    tables_and_charts_download_and_runs_are_named,
    comparison_shows_changed_only_with_units,
);

fn bundled() -> domei_scenario::Scenario {
    domei_store::scenarios::parse_scenario(BUNDLED).unwrap()
}

async fn strategy(a: &App, body: Value) -> i64 {
    let (s, job) = call(a, "POST", "/api/strategy", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{job}");
    assert_eq!(job["state"], "done");
    job["run"].as_i64().unwrap()
}

async fn a_whatif_is_the_librarys_stored_and_comparable(db: TestDb) {
    let a = app_bundled(&db).await;
    let edit = "us-admin.us-tariff-japan.salience=0.3";
    let models = ["compromise", "median", "bdm"];
    let run = strategy(
        &a,
        json!({"scenario": ID, "analysis": "whatif", "edits": [edit], "models": models}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    assert_eq!(stored["kind"], "whatif");
    assert_eq!(stored["results"]["version"], 1);
    assert_eq!(stored["parameters"]["edits"], json!([edit]));
    // The library's what-if, as `domei whatif --set` computes it.
    let s = bundled();
    let after = domei_strategy::edit::apply(&s, &[edit.parse().unwrap()]).unwrap();
    let ms = [ModelId::Compromise, ModelId::Median, ModelId::Bdm];
    let (_, _, changes) = domei_strategy::compare(&s, &after, &ms, &Options::default());
    assert_eq!(
        stored["results"]["changes"],
        serde_json::to_value(&changes).unwrap()
    );
    let tariff = changes
        .iter()
        .find(|c| c.issue == "us-tariff-japan")
        .unwrap();
    assert!(tariff
        .changes
        .iter()
        .any(|c| c.change.unwrap().abs() > 1e-6));
    // Its page shows the changes and says it was recomputed the same.
    let (st, html) = text(&a, &format!("/runs/{run}")).await;
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(html.contains("data-testid=\"whatif-changes\"") && html.contains(edit));
    assert!(html.contains("recomputed from the store: same results"));
    // Comparable with a forecast: the changed issue differs, the others do not.
    let (s2, job) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": ID, "models": models})),
    )
    .await;
    assert_eq!(s2, StatusCode::CREATED);
    let f = job["run"].as_i64().unwrap();
    let (s3, cmp) = call(&a, "GET", &format!("/api/compare?a={f}&b={run}"), None).await;
    assert_eq!(s3, StatusCode::OK, "{cmp}");
    let rows = cmp["rows"].as_array().unwrap();
    let changed: Vec<&str> = rows
        .iter()
        .filter(|r| r["changed"] == true)
        .map(|r| r["issue"].as_str().unwrap())
        .collect();
    assert!(
        !changed.is_empty() && changed.iter().all(|i| *i == "us-tariff-japan"),
        "{changed:?}"
    );
    // The page form starts the same analysis and opens its progress page.
    let (st, loc) = post_form(
        &a,
        &format!("/scenarios/{ID}/strategy"),
        &format!(
            "analysis=whatif&version=1&edits={}&models=compromise",
            edit.replace('=', "%3D")
        ),
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{loc}");
    assert!(loc.starts_with("/jobs/"), "{loc}");
    let (_, page) = text(&a, &format!("/scenarios/{ID}/strategy")).await;
    for t in ["whatif-form", "best-response-form", "sensitivity-form"] {
        assert!(page.contains(t), "{t} missing");
    }
}

async fn a_coalition_that_moves_nothing_says_why_on_its_page(db: TestDb) {
    let a = app_bundled(&db).await;
    let run = strategy(
        &a,
        json!({"scenario": ID, "analysis": "whatif",
               "coalition": ["japan-gov", "japan-business", "japan-restraint-advocates"],
               "on": ["us-tariff-japan"], "models": ["compromise", "median"]}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    let unmoved = stored["results"]["unmoved"].as_array().unwrap();
    let c = unmoved.iter().find(|u| u["model"] == "compromise").unwrap();
    assert_eq!(c["issue"], "us-tariff-japan");
    let (_, html) = text(&a, &format!("/runs/{run}")).await;
    assert!(html.contains("data-testid=\"coalition-unmoved\""));
    // The compromise cannot move by construction, and the page says so.
    assert_eq!(c["reason"], "weighted-mean");
    assert!(html.contains("data-reason=\"weighted-mean\""));
    assert!(html.contains("cannot move the weighted mean"));
}

async fn best_responses_are_the_librarys_and_download_as_csv(db: TestDb) {
    let a = app_bundled(&db).await;
    let run = strategy(
        &a,
        json!({"scenario": ID, "analysis": "best_response", "actor": "japan-gov",
               "issues": ["defense-spending", "us-tariff-japan"], "models": ["compromise", "median", "smp"]}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    let s = bundled();
    let want = domei_strategy::best_response(
        &s,
        "japan-gov",
        &["defense-spending".into(), "us-tariff-japan".into()],
        &[ModelId::Compromise, ModelId::Median],
        &Options::default(),
        &domei_strategy::Limits::default(),
    )
    .unwrap();
    assert_eq!(
        stored["results"]["responses"],
        serde_json::to_value(&want).unwrap()
    );
    assert_eq!(stored["results"]["left_out"], json!(["smp"]));
    let (st, _, csv, ctype, disp) = call_full(
        &a,
        "GET",
        &format!("/runs/{run}/tables/responses.csv"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    assert!(disp.contains(&format!("run-{run}-responses.csv")), "{disp}");
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("issue,unit,model,ideal,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + want.len());
    let first = &want[0];
    assert!(
        lines[1].starts_with(&format!("{},", first.issue))
            && lines[1].contains(&format!(",{},", first.best_forecast)),
        "{}",
        lines[1]
    );
    // A table the run does not have is 404.
    let (st, _) = text(&a, &format!("/runs/{run}/tables/forecasts.csv")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

async fn bad_analyses_are_refused_and_store_nothing(db: TestDb) {
    let a = app_bundled(&db).await;
    for (body, code, words) in [
        (
            json!({"scenario": ID, "analysis": "whatif", "edits": ["us-admin.us-tariff-japan.position=999"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "outside",
        ),
        (
            json!({"scenario": ID, "analysis": "whatif", "edits": ["nobody.capability=2"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown actor",
        ),
        (
            json!({"scenario": ID, "analysis": "whatif"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing to compare",
        ),
        (
            json!({"scenario": ID, "analysis": "best_response", "actor": "nobody"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown actor",
        ),
        (
            json!({"scenario": ID, "analysis": "best_response", "actor": "japan-gov", "models": ["smp"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "per-issue",
        ),
        (
            json!({"scenario": ID, "analysis": "mood"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            json!({"scenario": "nope", "analysis": "sensitivity"}),
            StatusCode::NOT_FOUND,
            "nope",
        ),
    ] {
        let (s, e) = call(&a, "POST", "/api/strategy", Some(body.clone())).await;
        assert_eq!(s, code, "{body} → {e}");
        assert!(
            e["error"]["message"].as_str().unwrap_or("").contains(words),
            "{body} → {e}"
        );
    }
    let (_, runs) = call(&a, "GET", "/api/runs", None).await;
    assert_eq!(runs, json!([]));
}

async fn queued_and_running_simulations_are_cancelled_and_store_nothing(db: TestDb) {
    let a = app_bundled(&db).await;
    // Simulations run one at a time: the second waits behind the first.
    let big = json!({"scenario": ID, "kind": "simulate", "draws": 100000, "seed": 1});
    let (s1, j1) = call(&a, "POST", "/api/runs?wait=false", Some(big.clone())).await;
    assert_eq!(s1, StatusCode::ACCEPTED, "{j1}");
    let id1 = j1["id"].as_u64().unwrap();
    // Until the first holds the simulations' only slot (it runs for minutes).
    let mut state = Value::Null;
    for _ in 0..3000 {
        state = call(&a, "GET", &format!("/api/jobs/{id1}"), None).await.1["state"].clone();
        if state != "queued" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(state, "running");
    let (_, running) = call(&a, "GET", &format!("/api/jobs/{id1}"), None).await;
    assert!(running["elapsed_seconds"].as_f64().is_some(), "{running}");
    let (s2, j2) = call(&a, "POST", "/api/runs?wait=false", Some(big)).await;
    assert_eq!(s2, StatusCode::ACCEPTED, "{j2}");
    let id2 = j2["id"].as_u64().unwrap();
    let (_, q) = call(&a, "GET", &format!("/api/jobs/{id2}"), None).await;
    assert_eq!(q["state"], "queued");
    let (s, c2) = call(&a, "POST", &format!("/api/jobs/{id2}/cancel"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (c2["state"].as_str(), c2["done"].as_u64()),
        (Some("cancelled"), Some(0))
    );
    // The first is running (or about to): cancelled between blocks of draws.
    let (s, c1) = call(&a, "POST", &format!("/api/jobs/{id1}/cancel"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(c1["state"], "cancelled", "{c1}");
    assert!(c1["done"].as_u64().unwrap() < 100000, "{c1}");
    assert!(c1["run"].is_null());
    let (_, runs) = call(&a, "GET", "/api/runs", None).await;
    assert_eq!(runs, json!([]), "a cancelled job stores nothing");
    // Cancelling again changes nothing; an unknown job is 404.
    let (_, again) = call(&a, "POST", &format!("/api/jobs/{id1}/cancel"), None).await;
    assert_eq!(again["state"], "cancelled");
    let (s, _) = call(&a, "POST", "/api/jobs/999999/cancel", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The job page says so; a finished forecast is not cancelled.
    let (_, page) = text(&a, &format!("/jobs/{id1}")).await;
    assert!(page.contains("data-testid=\"cancelled\""), "{page}");
    let (_, done) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": ID, "models": ["compromise"]})),
    )
    .await;
    let (_, after) = call(
        &a,
        "POST",
        &format!("/api/jobs/{}/cancel", done["id"]),
        None,
    )
    .await;
    assert_eq!(after["state"], "done");
}

async fn tables_and_charts_download_and_runs_are_named(db: TestDb) {
    let a = app_bundled(&db).await;
    let (_, job) = call(
        &a,
        "POST",
        "/api/runs?wait=true",
        Some(json!({"scenario": ID, "kind": "simulate", "models": ["compromise", "bdm"], "draws": 64, "seed": 3})),
    )
    .await;
    let run = job["run"].as_i64().unwrap();
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    // Forecast table: one row per issue, each model's point and band.
    let (st, csv) = text(&a, &format!("/runs/{run}/tables/forecasts.csv")).await;
    assert_eq!(st, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "issue,name,unit,min,max,headline,headline_lo80,headline_hi80,compromise,compromise_p10,compromise_p90,bdm,bdm_p10,bdm_p90"
    );
    let issues = stored["results"]["issues"].as_array().unwrap();
    assert_eq!(lines.len(), 1 + issues.len());
    let point = issues[0]["forecasts"][0]["point"].as_f64().unwrap();
    assert!(lines[1].starts_with("defense-spending,"), "{}", lines[1]);
    assert!(
        lines[1].contains(&format!(",{point},")),
        "{} lacks {point}",
        lines[1]
    );
    // Round history.
    let (_, rounds) = text(&a, &format!("/runs/{run}/tables/rounds.csv")).await;
    assert!(rounds.starts_with("issue,model,round,median,mean,positions\n"));
    assert!(rounds.lines().skip(1).all(|l| l.contains(",bdm,")));
    // The run's JSON.
    let (st, j, _, _, disp) = call_full(&a, "GET", &format!("/runs/{run}/run.json"), None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(disp.contains("attachment"));
    assert_eq!(j["results"], stored["results"]);
    // Every chart as SVG and PNG.
    let (_, charts) = call(&a, "GET", &format!("/api/runs/{run}/charts"), None).await;
    let charts = charts["charts"].as_array().unwrap();
    assert!(charts.len() >= 3);
    for c in charts.iter().take(4) {
        let id = c["id"].as_str().unwrap();
        let (st, _, svg, ctype, _) =
            call_full(&a, "GET", &format!("/runs/{run}/charts/{id}.svg"), None).await;
        assert_eq!((st, ctype.as_str()), (StatusCode::OK, "image/svg+xml"));
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains(c["svg"].as_str().unwrap()));
        let (st, _, png, ctype, _) =
            call_full(&a, "GET", &format!("/runs/{run}/charts/{id}.png"), None).await;
        assert_eq!((st, ctype.as_str()), (StatusCode::OK, "image/png"), "{id}");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.len() > 2000, "{id}: {} bytes", png.len());
    }
    let (st, _) = text(&a, &format!("/runs/{run}/charts/nope.svg")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = text(
        &a,
        &format!(
            "/runs/{run}/charts/{}.gif",
            charts[0]["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Named and annotated (API), shown on its page and in the run list.
    let (s, l) = call(
        &a,
        "PUT",
        &format!("/api/runs/{run}/label"),
        Some(json!({"name": "baseline <b>", "note": "before the summit"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{l}");
    assert_eq!(l["name"], "baseline <b>");
    let (_, got) = call(&a, "GET", &format!("/api/runs/{run}/label"), None).await;
    assert_eq!(got, l);
    let (_, page) = text(&a, &format!("/runs/{run}")).await;
    assert!(page.contains("baseline &lt;b&gt;") && page.contains("before the summit"));
    assert!(!page.contains("baseline <b>"), "the name is escaped");
    let (_, list) = text(&a, "/runs").await;
    assert!(list.contains("data-testid=\"run-name\"") && list.contains("baseline &lt;b&gt;"));
    // The page's form; too long; unknown run.
    let (st, loc) = post_form(&a, &format!("/runs/{run}/label"), "name=renamed&note=").await;
    assert_eq!(
        (st, loc.as_str()),
        (StatusCode::SEE_OTHER, format!("/runs/{run}").as_str())
    );
    let (_, got) = call(&a, "GET", &format!("/api/runs/{run}/label"), None).await;
    assert_eq!(
        (got["name"].as_str(), got["note"].is_null()),
        (Some("renamed"), true)
    );
    let (s, _) = call(
        &a,
        "PUT",
        &format!("/api/runs/{run}/label"),
        Some(json!({"name": "x".repeat(201)})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = call(
        &a,
        "PUT",
        "/api/runs/9999/label",
        Some(json!({"name": "x"})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn comparison_shows_changed_only_with_units(db: TestDb) {
    let a = app_bundled(&db).await;
    let (_, j1) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": ID, "models": ["compromise", "median"]})),
    )
    .await;
    let (s, _) = call(
        &a,
        "POST",
        &format!("/api/scenarios/{ID}/values"),
        Some(json!({"path": "japan-gov.defense-spending.salience", "base_version": 1, "change": {"value": 0.05, "clear_range": true}})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, j2) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": ID, "models": ["compromise", "median"]})),
    )
    .await;
    let (r1, r2) = (j1["run"].as_i64().unwrap(), j2["run"].as_i64().unwrap());
    let (_, cmp) = call(&a, "GET", &format!("/api/compare?a={r1}&b={r2}"), None).await;
    let rows = cmp["rows"].as_array().unwrap();
    let changed = rows.iter().filter(|r| r["changed"] == true).count();
    assert!(
        changed >= 1 && changed < rows.len(),
        "{changed} of {}",
        rows.len()
    );
    let ds = rows
        .iter()
        .find(|r| r["issue"] == "defense-spending")
        .unwrap();
    assert_eq!(ds["unit"], "% of GDP");
    let (_, all) = text(&a, &format!("/compare?a={r1}&b={r2}")).await;
    let (_, only) = text(&a, &format!("/compare?a={r1}&b={r2}&changed=1")).await;
    let count = |h: &str| h.matches("<tr data-issue=").count();
    assert_eq!(count(&all), rows.len());
    assert_eq!(count(&only), changed);
    assert!(
        only.contains("data-testid=\"show-all\"") && all.contains("data-testid=\"changed-only\"")
    );
    assert!(all.contains("% of GDP"));
    assert!(
        !all.contains(">-0<") && !all.contains(">-0.0"),
        "no negative zero"
    );
    let (_, csv) = text(&a, &format!("/compare.csv?a={r1}&b={r2}&changed=1")).await;
    assert_eq!(csv.lines().count(), 1 + changed);
    assert!(csv.starts_with("issue,name,unit,model,a,b,b_minus_a\n"));
}
