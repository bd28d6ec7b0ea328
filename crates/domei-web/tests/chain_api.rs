//! The decision chain and the engagement plan from the workbench, in
//! process (tower's `oneshot`), on SQLite and on PostgreSQL (when
//! `DOMEI_TEST_POSTGRES_URL` is set): runs of kind `events` and `plan`
//! made through the API and the strategy page equal the library functions
//! `domei events` and `domei plan` call, store the part file's text and
//! recompute the same; the chain's forecasts are `domei forecast`'s median
//! of the models; their tables download as CSV; a comparison says why they
//! cannot be compared; a broken file is shown beside the form by line, the
//! form kept.

mod common;

use axum::http::StatusCode;
use common::*;
use domei_store::testing::TestDb;
use serde_json::{json, Value};

const ID: &str = BUNDLED_ID;

both_backends!(
    a_decision_chain_is_the_clis_stored_and_recomputed,
    a_plan_is_the_clis_and_downloads_as_csv,
    a_broken_part_file_is_shown_beside_its_form_by_line,
);

fn bundled() -> domei_scenario::Scenario {
    domei_store::scenarios::parse_scenario(BUNDLED).unwrap()
}

const EVENTS: &str = include_str!("../../../scenarios/japan-us-2025/events.toml");
const PLAN: &str = include_str!("../../../scenarios/japan-us-2025/plan.toml");

async fn strategy(a: &App, body: Value) -> i64 {
    let (s, job) = call(a, "POST", "/api/strategy", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{job}");
    assert_eq!(job["state"], "done", "{job}");
    job["run"].as_i64().unwrap()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

async fn a_decision_chain_is_the_clis_stored_and_recomputed(db: TestDb) {
    let a = app_bundled(&db).await;
    let given = ["us-asks-japan=yes"];
    let run = strategy(
        &a,
        json!({"scenario": ID, "analysis": "events", "text": EVENTS, "draws": 60, "seed": 3,
               "paths": 4, "given": [], "edits": []}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    assert_eq!(stored["kind"], "events");
    assert_eq!(stored["results"]["version"], 1);
    assert_eq!(stored["parameters"]["text"], EVENTS);
    // The library's analysis, as `domei events -n 60 -s 3 --paths 4` computes it.
    let s = bundled();
    let ev = domei_events::read(std::path::Path::new("events.toml"), EVENTS, &s).unwrap();
    let mc = domei_events::McSettings {
        draws: 60,
        seed: 3,
        top_paths: 4,
        given: Vec::new(),
    };
    let want = domei_events::analyse(&ev, &s, &mc).unwrap();
    assert_eq!(
        stored["results"]["chain"],
        serde_json::to_value(&want).unwrap()
    );
    assert!(!want.nodes.is_empty() && !want.paths.is_empty());
    // The chain's linked forecasts are `domei forecast`'s median of the
    // models (one dispatch).
    let (s2, job) = call(&a, "POST", "/api/runs", Some(json!({"scenario": ID}))).await;
    assert_eq!(s2, StatusCode::CREATED, "{job}");
    let f = job["run"].as_i64().unwrap();
    let (_, fc) = call(&a, "GET", &format!("/api/runs/{f}"), None).await;
    let mut checked = 0;
    for link in want.links.iter().filter(|l| String::from(l.model) == "all") {
        let issue = fc["results"]["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == link.issue.as_str())
            .unwrap();
        let values: Vec<f64> = issue["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["value"].as_f64())
            .collect();
        let m = median(values);
        assert!(
            (m - link.forecast).abs() < 1e-9,
            "{}: {m} vs {}",
            link.issue,
            link.forecast
        );
        checked += 1;
    }
    assert!(
        checked > 0,
        "the bundled chain reads the median of the models"
    );
    // Its page shows the tables and says it was recomputed the same.
    let (st, html) = text(&a, &format!("/runs/{run}")).await;
    assert_eq!(st, StatusCode::OK, "{html}");
    for t in [
        "events-outcomes",
        "events-paths",
        "events-links",
        "events-swing",
    ] {
        assert!(
            html.contains(&format!("data-testid=\"{t}\"")),
            "{t} missing"
        );
    }
    assert!(html.contains("recomputed from the store: same results"));
    let link = &want.links[0];
    assert!(html.contains(&format!("{:.2}", link.forecast)));
    // Both tables download as CSV, with the library's numbers.
    let (st, csv) = text(&a, &format!("/runs/{run}/tables/outcomes.csv")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        csv.starts_with("node,name,kind,result,outcome,p,p10,p50,p90\n"),
        "{csv}"
    );
    let o = &want.nodes[0].outcomes[0];
    assert!(csv.contains(&format!(",{},{},", o.outcome, o.p)), "{csv}");
    assert_eq!(
        csv.lines().count(),
        1 + want.nodes.iter().map(|n| n.outcomes.len()).sum::<usize>()
    );
    let (st, csv) = text(&a, &format!("/runs/{run}/tables/paths.csv")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(csv.lines().count(), 1 + want.paths.len());
    // Compared with a forecast, the answer says why it cannot be.
    let (st, cmp) = call(&a, "GET", &format!("/api/compare?a={f}&b={run}"), None).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{cmp}");
    assert!(cmp.to_string().contains("decision chain"), "{cmp}");
    // A condition and an edit go through; a condition naming no node is refused.
    let cond = strategy(
        &a,
        json!({"scenario": ID, "analysis": "events", "text": EVENTS, "draws": 20, "seed": 1,
               "paths": 3, "given": given, "edits": ["us-admin.us-tariff-japan.salience=0.3"]}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{cond}"), None).await;
    assert_eq!(stored["results"]["chain"]["given"], json!(given));
    assert_eq!(
        stored["results"]["what_if"],
        json!(["us-admin.us-tariff-japan.salience=0.3"])
    );
    let (st, err) = call(
        &a,
        "POST",
        "/api/strategy",
        Some(
            json!({"scenario": ID, "analysis": "events", "text": EVENTS, "draws": 20,
                    "seed": 1, "paths": 3, "given": ["no-such-node=yes"]}),
        ),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err.to_string().contains("no-such-node"), "{err}");
    // The page's form starts from the text last used for this scenario.
    let (_, page) = text(&a, &format!("/scenarios/{ID}/strategy")).await;
    assert!(
        page.contains("data-testid=\"events-form\"") && page.contains("data-testid=\"plan-form\"")
    );
    let first = EVENTS.lines().find(|l| l.starts_with("id")).unwrap();
    assert!(page.contains(&first.replace('"', "&quot;")), "{first}");
}

async fn a_plan_is_the_clis_and_downloads_as_csv(db: TestDb) {
    let a = app_bundled(&db).await;
    let run = strategy(
        &a,
        json!({"scenario": ID, "analysis": "plan", "text": PLAN, "draws": 20, "seed": 2,
               "model": "all"}),
    )
    .await;
    let (_, stored) = call(&a, "GET", &format!("/api/runs/{run}"), None).await;
    assert_eq!(stored["kind"], "plan");
    assert_eq!(stored["parameters"]["text"], PLAN);
    let s = bundled();
    let plan = domei_plan::read(std::path::Path::new("plan.toml"), PLAN, &s).unwrap();
    let st = domei_plan::Settings {
        draws: 20,
        seed: 2,
        model: "all".parse().unwrap(),
        for_actor: None,
        include_done: false,
    };
    let want = domei_plan::rank(&plan, &s, &st).unwrap();
    assert_eq!(
        stored["results"]["ranking"],
        serde_json::to_value(&want).unwrap()
    );
    let (code, html) = text(&a, &format!("/runs/{run}")).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(
        html.contains("data-testid=\"plan-actions\"")
            && html.contains("data-testid=\"plan-moves\"")
    );
    assert!(html.contains("recomputed from the store: same results"));
    assert!(html.contains(&want.actions[0].title));
    let (code, csv) = text(&a, &format!("/runs/{run}/tables/actions.csv")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(csv.starts_with("rank,action,title,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + want.actions.len());
    assert!(
        csv.contains(&format!(",{},", want.actions[0].gain)),
        "{csv}"
    );
    // An unknown actor and model are refused with their reason.
    for (body, word) in [
        (
            json!({"scenario": ID, "analysis": "plan", "text": PLAN, "draws": 5, "seed": 1, "model": "all", "for": "nobody"}),
            "nobody",
        ),
        (
            json!({"scenario": ID, "analysis": "plan", "text": PLAN, "draws": 5, "seed": 1, "model": "oracle"}),
            "oracle",
        ),
    ] {
        let (code, err) = call(&a, "POST", "/api/strategy", Some(body)).await;
        assert!(code.is_client_error(), "{code} {err}");
        assert!(err.to_string().contains(word), "{err}");
    }
    let (_, runs) = call(&a, "GET", "/api/runs", None).await;
    assert_eq!(
        runs.to_string().matches("\"kind\":\"plan\"").count(),
        1,
        "{runs}"
    );
}

async fn a_broken_part_file_is_shown_beside_its_form_by_line(db: TestDb) {
    let a = app_bundled(&db).await;
    // Line 3 is not TOML.
    let broken = "[events]\nid = \"x\"\nname = no-such-issue\n";
    let body = form(&[
        ("analysis", "events"),
        ("version", "1"),
        ("draws", "10"),
        ("seed", "1"),
        ("paths", "3"),
        ("text", broken),
    ]);
    let (status, html, _) = send(
        &a,
        "POST",
        &format!("/scenarios/{ID}/strategy"),
        None,
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("data-testid=\"events-problems\""), "{html}");
    assert!(html.contains("data-line=\""), "{html}");
    assert!(html.contains("events.toml, line "), "{html}");
    // The form is kept: the broken text is back in its text area.
    assert!(html.contains("no-such-issue"), "{html}");
    // Nothing was stored.
    let (_, runs) = call(&a, "GET", "/api/runs", None).await;
    assert!(!runs.to_string().contains("\"events\""), "{runs}");
    // A good form starts the run and opens its progress page.
    let (st, loc) = post_form(
        &a,
        &format!("/scenarios/{ID}/strategy"),
        &form(&[
            ("analysis", "plan"),
            ("version", "1"),
            ("draws", "5"),
            ("seed", "1"),
            ("model", "median"),
            ("text", PLAN),
        ]),
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{loc}");
    assert!(loc.starts_with("/jobs/"), "{loc}");
}
