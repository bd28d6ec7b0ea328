//! An issue's history downloads from its page (issue 13, exports): the
//! history as CSV (`domei history --format csv`'s: every actor, every
//! round, each move with its cause) and the positions chart as SVG and
//! PNG, of everyone or of one actor; on SQLite and on PostgreSQL (when
//! `DOMEI_TEST_POSTGRES_URL` is set).

mod common;

use axum::http::StatusCode;
use common::*;
use domei_store::testing::TestDb;
use serde_json::json;

both_backends!(history_downloads_as_csv_svg_and_png);

const ISSUE: &str = "defense-spending";

async fn history_downloads_as_csv_svg_and_png(db: TestDb) {
    let a = app_bundled(&db).await;
    let (st, job) = call(
        &a,
        "POST",
        "/api/runs?wait=true",
        Some(json!({"scenario": "japan-us-2025", "models": ["bdm", "median"]})),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{job}");
    let run = job["run"].as_i64().unwrap();
    let (_, h) = call(
        &a,
        "GET",
        &format!("/api/runs/{run}/history?issue={ISSUE}&model=bdm"),
        None,
    )
    .await;
    let rounds = h["rounds"].as_array().unwrap();
    let moves: Vec<&serde_json::Value> = rounds
        .iter()
        .flat_map(|r| r["moves"].as_array().unwrap())
        .collect();
    assert!(!moves.is_empty(), "nobody moved on {ISSUE}");
    let actors = h["initial"].as_array().unwrap().len();

    // The page links the three files, the chart's with the chosen actor.
    let mover = moves[0]["actor"].as_str().unwrap();
    let q = format!("issue={ISSUE}&model=bdm");
    let (st, page, _) = send(
        &a,
        "GET",
        &format!("/runs/{run}/history?{q}&actor={mover}"),
        None,
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    for href in [
        format!("/runs/{run}/history.csv?{q}\""),
        format!("/runs/{run}/history.svg?{q}&actor={mover}\""),
        format!("/runs/{run}/history.png?{q}&actor={mover}\""),
    ] {
        // As written in an attribute.
        let href = href.replace('&', "&amp;");
        assert!(page.contains(&href), "no link {href}");
    }

    // CSV: the header, one row per actor per round (round 0 the start), a
    // `true` in `moved` for each move of the API's history.
    let (st, csv, (ctype, disp)) = download(&a, &format!("/runs/{run}/history.csv?{q}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    assert_eq!(
        disp,
        format!("attachment; filename=\"run-{run}-history-{ISSUE}-bdm.csv\"")
    );
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        domei_report::history::HISTORY_CSV_HEADER.join(",")
    );
    assert_eq!(lines.len(), 1 + actors * (1 + rounds.len()), "{csv}");
    let moved = lines
        .iter()
        .filter(|l| l.split(',').nth(5) == Some("true"))
        .count();
    assert_eq!(moved, moves.len());
    let first = format!(
        "{ISSUE},bdm,{},{mover},",
        rounds
            .iter()
            .find(|r| !r["moves"].as_array().unwrap().is_empty())
            .unwrap()["round"]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&first) && l.contains(",true,")),
        "no row {first}…true"
    );

    // The chart of one actor as SVG (its title names the actor) and PNG.
    let (st, svg, (ctype, disp)) =
        download(&a, &format!("/runs/{run}/history.svg?{q}&actor={mover}")).await;
    assert_eq!((st, ctype.as_str()), (StatusCode::OK, "image/svg+xml"));
    assert!(disp.ends_with(&format!("-{mover}.svg\"")), "{disp}");
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.starts_with("<?xml") && svg.contains("<svg"),
        "{svg:.200}"
    );
    assert!(svg.contains(&format!("— {mover}</title>")), "{svg:.400}");
    assert!(svg.contains(&format!("aria-label=\"{mover}\"")));
    let (st, png, (ctype, _)) = download(&a, &format!("/runs/{run}/history.png?{q}")).await;
    assert_eq!((st, ctype.as_str()), (StatusCode::OK, "image/png"));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 2000);

    // An issue the run does not have.
    let (st, _, _) = download(&a, &format!("/runs/{run}/history.svg?issue=nope&model=bdm")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}
