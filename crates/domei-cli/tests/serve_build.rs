//! End to end: building a scenario from nothing on the real `domei serve`
//! (issue 13) — the API's changes and imports, the pages' forms with their
//! problems beside the inputs, a run of the built scenario, and off
//! loopback, changes refused without a token.

mod serve_common;

use serde_json::json;
use serve_common::{Client, Sandbox};

const KTAB: &str = "SOE-Pol-Comp,China policy,4,2\n\
Actor,Description,Power,Pos dim1,Sal dim1,Pos dim2,Sal dim2\n\
XJ,Xi,100,30,24,20,48\n\
LK,Li,60.2,45,44.7,65,41.3\n\
ZG,Z,35,30,28.9,15,65.1\n\
MK,M,35,45,20.6,45,49.4\n";

#[test]
fn a_scenario_is_built_imported_and_run_over_http() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = Client::new(server.addr);
    let change =
        |op: serde_json::Value| c.post_json("/api/scenarios/pact/changes", &json!({"change": op}));
    change(json!({"op": "create", "name": "Pact", "question": "Will it hold?"})).expect(201);
    // Through the pages' forms, as a browser sends them.
    let r = c.post_form(
        "/scenarios/pact/build",
        &[
            ("op", "add_actor"),
            ("id", "a"),
            ("name", "A"),
            ("capability", "2"),
            ("capability_judgement", "the larger side"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    change(
        json!({"op": "add_actor", "id": "b", "capability": {"value": 1, "judgement": "smaller"}}),
    )
    .expect(201);
    change(json!({"op": "add_issue", "id": "x", "name": "X", "min": 0, "max": 100, "status_quo": {"value": 50, "judgement": "today"}})).expect(201);
    // A stance off the scale: the page again with the problem beside the
    // position and the form as typed, nothing saved.
    let r = c.post_form(
        "/scenarios/pact/build",
        &[
            ("op", "add_stance"),
            ("key", "x"),
            ("actor", "a"),
            ("position", "140"),
            ("position_judgement", "asks a lot"),
            ("salience", "0.5"),
            ("salience_judgement", "cares"),
        ],
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let page = r.text();
    assert!(
        page.contains("data-field=\"a.x.position\" data-input=\"position\""),
        "{page}"
    );
    assert!(
        page.contains("lies outside") && page.contains("use a number within 0..100"),
        "{page}"
    );
    assert!(page.contains("value=\"140\""), "{page}");
    assert!(!page.contains("scenario.toml:"), "{page}");
    for (actor, p) in [("a", 80), ("b", 20)] {
        change(json!({"op": "add_stance", "actor": actor, "issue": "x", "position": {"value": p, "judgement": "stated"}, "salience": {"value": 0.5, "judgement": "stated"}})).expect(201);
    }
    let v = c.get("/api/scenarios/pact").expect(200).json();
    assert_eq!(v["version"], 6, "{v}");
    let job = c
        .post_json("/api/runs", &json!({"scenario": "pact"}))
        .expect(201)
        .json();
    assert_eq!(job["state"], "done", "{job}");
    // A KTAB file, imported as `domei import` reads it.
    let saved = c
        .post_json("/api/import", &json!({"filename": "soe.csv", "text": KTAB}))
        .expect(201)
        .json();
    let id = saved["scenario"]["id"].as_str().unwrap().to_string();
    let s = c.get(&format!("/api/scenarios/{id}")).expect(200).json();
    assert_eq!(s["scenario"]["actors"].as_array().unwrap().len(), 4);
    let text = sb.domei(&["scenarios", "show", &id]);
    assert!(text.contains("[[actors]]"), "{text}");
}

#[test]
fn off_loopback_a_change_needs_a_token() {
    let sb = Sandbox::sqlite();
    let token = sb.create_token("builder");
    let server = sb.serve(&["--addr", "0.0.0.0:0"], &[]);
    let c = Client::new(server.addr);
    let body = json!({"change": {"op": "create", "name": "N"}});
    c.post_json("/api/scenarios/n/changes", &body).expect(401);
    c.post_json("/api/import", &json!({"filename": "s.csv", "text": KTAB}))
        .expect(401);
    c.bearer(&token)
        .post_json("/api/scenarios/n/changes", &body)
        .expect(201);
}
