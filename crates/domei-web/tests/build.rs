//! Building a scenario from nothing, in process (tower's `oneshot`), on
//! SQLite and on PostgreSQL (when `DOMEI_TEST_POSTGRES_URL` is set): the
//! JSON API's changes and imports, problems named by field (with the
//! closest passage for a quote that is not verbatim), and the pages that
//! keep the form and show each problem beside its input.

mod common;

use axum::http::StatusCode;
use common::*;
use domei_store::testing::TestDb;
use serde_json::{json, Value};

both_backends!(
    a_scenario_is_built_from_nothing_and_runs,
    problems_are_named_by_field_and_nothing_is_saved,
    files_are_imported_through_the_cli_loader,
    pages_keep_the_form_and_show_problems_beside_inputs,
);

/// A passage of the first seed paper and a quote verbatim in it.
const PASSAGE: &str = "001_983274cfa627c9ed#p9";
const QUOTE: &str = "increasing the defense budget from 1% to 2% of GDP by 2027";

fn judged(value: f64, why: &str) -> Value {
    json!({"value": value, "judgement": why})
}

async fn a_scenario_is_built_from_nothing_and_runs(db: TestDb) {
    let a = app(&db).await;
    let (s, v) = change(
        &a,
        "alliance",
        json!({"op": "create", "name": "Alliance costs", "question": "Who pays?"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["scenario"]["version"], 1);
    // Not runnable yet: the run says what is missing.
    let (s, e) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": "alliance"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("the scenario has no actors"),
        "{e}"
    );

    for (id, cap) in [("us", 100.0), ("jp", 40.0), ("cn", 60.0)] {
        let (s, v) = change(&a, "alliance", json!({"op": "add_actor", "id": id, "name": id.to_uppercase(), "capability": judged(cap, "relative weight")})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    // An issue whose status quo cites a passage, verified in the corpus.
    let (s, v) = change(&a, "alliance", json!({"op": "add_issue", "id": "defense", "name": "Defense spending", "unit": "% of GDP", "min": 1.0, "max": 3.5,
        "anchors": [{"value": 2.0, "label": "2% by FY2027"}],
        "status_quo": {"value": 1.8, "evidence": [{"passage": PASSAGE, "quote": QUOTE}]}})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = change(&a, "alliance", json!({"op": "add_issue", "id": "tariff", "name": "Tariff", "unit": "%", "min": 0.0, "max": 25.0})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    for (actor, issue, p) in [
        ("us", "defense", 3.0),
        ("jp", "defense", 2.0),
        ("cn", "defense", 1.0),
        ("us", "tariff", 25.0),
        ("jp", "tariff", 0.0),
        ("cn", "tariff", 10.0),
    ] {
        let (s, v) = change(&a, "alliance", json!({"op": "add_stance", "actor": actor, "issue": issue, "position": judged(p, "stated"), "salience": judged(0.6, "often raised")})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    // Rename an actor: its stances follow; the TOML stays readable.
    let (s, v) = change(
        &a,
        "alliance",
        json!({"op": "edit_actor", "actor": "cn", "id": "china", "name": "China"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, g) = call(&a, "GET", "/api/scenarios/alliance", None).await;
    assert_eq!(g["version"], 13);
    let toml = g["toml"].as_str().unwrap();
    assert!(
        toml.contains("actor = \"china\"") && !toml.contains("\"cn\""),
        "{toml}"
    );
    assert!(
        toml.contains(&format!("passage = \"{PASSAGE}\", quote = \"{QUOTE}\"")),
        "{toml}"
    );
    assert_eq!(g["scenario"]["actors"].as_array().unwrap().len(), 3);
    let (_, h) = call(&a, "GET", "/api/scenarios/alliance/versions", None).await;
    assert_eq!(h[12]["message"], "actor cn renamed china");
    // Now it runs, with every model.
    let (s, j) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": "alliance"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{j}");
    // Removing an actor removes its stances.
    let (s, v) = change(
        &a,
        "alliance",
        json!({"op": "remove_actor", "actor": "china"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, g) = call(&a, "GET", "/api/scenarios/alliance", None).await;
    assert!(!g["toml"].as_str().unwrap().contains("china"));
}

async fn problems_are_named_by_field_and_nothing_is_saved(db: TestDb) {
    let a = app(&db).await;
    change(&a, "s", json!({"op": "create", "name": "S"})).await;
    change(
        &a,
        "s",
        json!({"op": "add_actor", "id": "us", "capability": judged(1.0, "j")}),
    )
    .await;
    change(
        &a,
        "s",
        json!({"op": "add_issue", "id": "x", "min": 0.0, "max": 10.0}),
    )
    .await;
    let before = latest(&a, "s").await;
    let fields = |e: &Value| -> Vec<(String, String)> {
        e["error"]["fields"]
            .as_array()
            .unwrap_or(&Vec::new())
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // A capability below zero: the validator's rule, beside its field, with its fix.
    let (s, e) = change(
        &a,
        "s",
        json!({"op": "add_actor", "id": "jp", "capability": judged(-1.0, "j")}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "invalid");
    let f = &e["error"]["fields"][0];
    assert_eq!(f["field"], "jp.capability", "{e}");
    assert!(
        f["message"].as_str().unwrap().contains("must be > 0"),
        "{e}"
    );
    assert!(
        f["help"].as_str().unwrap().contains("positive number"),
        "{e}"
    );
    assert!(
        !e.to_string().contains("scenario.toml"),
        "no file location for a web user: {e}"
    );
    // Neither evidence nor judgement.
    let (s, e) = change(
        &a,
        "s",
        json!({"op": "add_actor", "id": "jp", "capability": {"value": 1.0}}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(
        fields(&e),
        vec![(
            "jp.capability".to_string(),
            "jp.capability has no evidence reference".to_string()
        )]
    );
    // A position off the scale and a quote that is not verbatim, together;
    // the quote gets the closest passage.
    let bad = QUOTE.replace("2027", "2028");
    let (s, e) = change(
        &a,
        "s",
        json!({"op": "add_stance", "actor": "us", "issue": "x",
        "position": {"value": 11.0, "judgement": "j"},
        "salience": {"value": 0.5, "evidence": [{"passage": PASSAGE, "quote": bad}]}}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let f = fields(&e);
    assert!(
        f.iter()
            .any(|(k, m)| k == "us.x.position" && m.contains("lies outside")),
        "{f:?}"
    );
    let q = e["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "us.x.salience")
        .unwrap();
    assert!(
        q["message"]
            .as_str()
            .unwrap()
            .contains("cannot be cited as given"),
        "{q}"
    );
    assert_eq!(q["closest"]["passage"], PASSAGE, "{q}");
    assert!(
        q["closest"]["excerpt"]
            .as_str()
            .unwrap()
            .contains("to 2% of GDP by 202"),
        "{q}"
    );
    // A duplicate id, an existing scenario, an unknown actor.
    let (_, e) = change(
        &a,
        "s",
        json!({"op": "add_actor", "id": "us", "capability": judged(1.0, "j")}),
    )
    .await;
    assert_eq!(fields(&e)[0].0, "us", "{e}");
    assert!(fields(&e)[0].1.contains("duplicate actor id"), "{e}");
    let (s, e) = change(&a, "s", json!({"op": "create", "name": "again"})).await;
    assert_eq!(
        (s, fields(&e)[0].0.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "scenario"),
        "{e}"
    );
    let (s, _) = change(&a, "s", json!({"op": "remove_actor", "actor": "nobody"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(latest(&a, "s").await, before, "nothing saved");
}

const KTAB: &str = "SOE-Pol-Comp,China policy,4,2\n\
Actor,Description,Power,Pos dim1,Sal dim1,Pos dim2,Sal dim2\n\
XJ,Xi,100,30,24,20,48\n\
LK,Li,60.2,45,44.7,65,41.3\n\
ZG,Z,35,30,28.9,15,65.1\n\
MK,M,35,45,20.6,45,49.4\n";

async fn files_are_imported_through_the_cli_loader(db: TestDb) {
    let a = app(&db).await;
    let (s, v) = call(
        &a,
        "POST",
        "/api/import",
        Some(json!({"filename": "soe.csv", "text": KTAB})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["scenario"]["id"].as_str().unwrap().to_string();
    let (_, g) = call(&a, "GET", &format!("/api/scenarios/{id}"), None).await;
    assert_eq!(g["scenario"]["actors"].as_array().unwrap().len(), 4, "{g}");
    assert_eq!(g["scenario"]["issues"].as_array().unwrap().len(), 2, "{g}");
    // It runs as imported.
    let (s, j) = call(
        &a,
        "POST",
        "/api/runs",
        Some(json!({"scenario": id, "models": ["compromise"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{j}");
    // A simple CSV too.
    let simple = "actor,capability,position,salience\nA,1,10,0.5\nB,2,40,0.9\n";
    let (s, v) = call(
        &a,
        "POST",
        "/api/import",
        Some(json!({"filename": "votes.csv", "text": simple})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // The DEU III table.
    let deu = include_str!("../../../data/deu3/dev.tsv");
    let (s, v) = call(
        &a,
        "POST",
        "/api/import",
        Some(json!({"filename": "dev.tsv", "text": deu})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id3 = v["scenario"]["id"].as_str().unwrap().to_string();
    let (_, g) = call(&a, "GET", &format!("/api/scenarios/{id3}"), None).await;
    assert!(
        g["scenario"]["issues"].as_array().unwrap().len() > 50,
        "{}",
        g["scenario"]["issues"]
    );
    // A bad row is named by line and column of the user's own file.
    let broken = KTAB.replace("60.2", "lots");
    let (s, e) = call(
        &a,
        "POST",
        "/api/import",
        Some(json!({"filename": "soe.csv", "text": broken})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let f = &e["error"]["fields"][0];
    assert_eq!(f["field"], "file");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("soe.csv, line 4, column"),
        "{e}"
    );
    // A name without a format.
    let (s, e) = call(
        &a,
        "POST",
        "/api/import",
        Some(json!({"filename": "soe", "text": KTAB})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["error"]["fields"][0]["help"]
            .as_str()
            .unwrap()
            .contains(".tsv"),
        "{e}"
    );
}

async fn pages_keep_the_form_and_show_problems_beside_inputs(db: TestDb) {
    let a = app(&db).await;
    let (s, body, _) = send(&a, "GET", "/new", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        body.contains("data-testid=\"create-form\"")
            && body.contains("data-testid=\"import-form\"")
    );
    // An invalid id: the page again, the form as typed, the problem beside the id.
    let (s, body, _) = send(
        &a,
        "POST",
        "/new",
        None,
        Some(&form(&[
            ("op", "create"),
            ("id", "bad id!"),
            ("name", "My <scenario>"),
            ("question", "Why?"),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("data-input=\"id\""), "{body}");
    assert!(body.contains("is not a valid id"), "{body}");
    assert!(
        body.contains("value=\"My &lt;scenario&gt;\""),
        "the form keeps what was typed: {body}"
    );
    assert!(!body.contains("scenario.toml:"), "{body}");
    // Created: to the builder; the scenario's page says what it lacks
    // before it can run, instead of the run form.
    let not_yet = |body: &str| {
        body.contains("data-testid=\"not-runnable\"") && !body.contains("data-testid=\"run-form\"")
    };
    let (s, _, loc) = send(
        &a,
        "POST",
        "/new",
        None,
        Some(&form(&[
            ("op", "create"),
            ("id", "web1"),
            ("name", "Web one"),
            ("question", ""),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(loc.as_deref(), Some("/scenarios/web1/build?saved=1"));
    let (_, body, _) = send(&a, "GET", "/scenarios/web1", None, None).await;
    assert!(
        not_yet(&body) && body.contains("the scenario has no actors"),
        "{body}"
    );
    let post = |pairs: Vec<(&'static str, String)>| {
        let mut p: Vec<(&str, String)> = vec![("base_version", String::new())];
        p.extend(pairs);
        let pp: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form(&pp)
    };
    let (s, _, _) = send(
        &a,
        "POST",
        "/scenarios/web1/build",
        None,
        Some(&post(vec![
            ("op", "add_actor".into()),
            ("id", "us".into()),
            ("name", "US".into()),
            ("capability", "10".into()),
            ("capability_judgement", "large".into()),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = send(
        &a,
        "POST",
        "/scenarios/web1/build",
        None,
        Some(&post(vec![
            ("op", "add_issue".into()),
            ("id", "x".into()),
            ("min", "0".into()),
            ("max", "10".into()),
            ("anchors", "5 = middle".into()),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // The stance form's inputs carry the issue's scale.
    let (_, body, _) = send(&a, "GET", "/scenarios/web1/build", None, None).await;
    assert!(
        body.contains("name=\"position\" min=\"0\" max=\"10\""),
        "{body}"
    );
    // A position off the scale: beside the position, with the fix; the rest kept.
    let (s, body, _) = send(
        &a,
        "POST",
        "/scenarios/web1/build",
        None,
        Some(&post(vec![
            ("op", "add_stance".into()),
            ("key", "x".into()),
            ("actor", "us".into()),
            ("position", "12".into()),
            ("position_judgement", "said so".into()),
            ("salience", "0.5".into()),
            ("salience_judgement", "cares".into()),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let at = body
        .find("data-field=\"us.x.position\" data-input=\"position\"")
        .expect("the problem beside the position");
    assert!(body[at..].contains("use a number within 0..10"), "{body}");
    assert!(body.contains(">said so</textarea>"), "{body}");
    assert!(!body.contains("scenario.toml:"), "{body}");
    // The value page too: a salience above 1 comes back beside the form,
    // with what was typed and the validator's fix.
    send(
        &a,
        "POST",
        "/scenarios/web1/build",
        None,
        Some(&post(vec![
            ("op", "add_stance".into()),
            ("key", "x".into()),
            ("actor", "us".into()),
            ("position", "6".into()),
            ("position_judgement", "said so".into()),
            ("salience", "0.5".into()),
            ("salience_judgement", "cares".into()),
        ])),
    )
    .await;
    let (s, body, _) = send(
        &a,
        "POST",
        "/scenarios/web1/value",
        None,
        Some(&form(&[
            ("path", "us.x.salience"),
            ("value", "7"),
            ("judgement", "cares"),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("data-field=\"us.x.salience\""), "{body}");
    assert!(body.contains("name=\"value\" value=\"7\""), "{body}");
    assert!(body.contains("use a number within 0..1"), "{body}");
    assert!(!body.contains("scenario.toml:"), "{body}");
    // In Japanese.
    let (_, body, _) = send(&a, "GET", "/new?lang=ja", None, None).await;
    assert!(
        body.contains("新しいシナリオ") && body.contains("ファイルを取り込む"),
        "{body}"
    );
    // An upload with a problem: beside the file input.
    let (s, body, _) = send(
        &a,
        "POST",
        "/new/import",
        None,
        Some(&form(&[
            ("op", "import"),
            ("filename", "soe.csv"),
            ("text", &KTAB.replace("60.2", "lots")),
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("data-input=\"file\""), "{body}");
    assert!(body.contains("soe.csv, line 4"), "{body}");
}
