//! `whatif` messages on the bundled scenario, and the glossary's hint for a
//! Japanese query with no hit.

mod common;
use common::{run, stderr, stdout};

#[test]
fn edit_paths_keep_ids_with_dashes_and_bounds_are_short() {
    let o = run(&["whatif", "--set", "us-admin.defense-spending.position=9"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "error: us-admin.defense-spending.position would be 9, outside its domain: from 1 to 3.5"
    );
    let o = run(&["whatif", "--set", "japan-gov.capability=-5"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("japan-gov.capability would be -5"), "{e}");
    assert!(e.contains("greater than 0 and at most 1e100"), "{e}");
    assert!(e.len() < 200, "{e}");
}

#[test]
fn a_coalition_says_why_a_forecast_did_not_move() {
    let args = [
        "whatif",
        "--coalition",
        "japan-gov,eu,asean",
        "--on",
        "multilateral-trade-coalition",
        "--model",
        "compromise,median,nash",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(!t.contains("-0.0") && !t.contains("+0.0"), "{t}");
    assert!(
        t.contains("compromise on multilateral-trade-coalition is unchanged: a coalition cannot move the weighted mean"),
        "{t}"
    );
    assert!(
        t.contains("nash on multilateral-trade-coalition is unchanged: the bloc (at 56.8)"),
        "{t}"
    );
    // The median moves: no sentence for it.
    assert!(!t.contains("median on multilateral-trade-coalition"), "{t}");
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&run(&json))).unwrap();
    let reasons: Vec<(&str, &str)> = v["unmoved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["model"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [("compromise", "weighted-mean"), ("nash", "one-side")]
    );
}

#[test]
fn a_japanese_query_without_hits_suggests_english_terms() {
    let o = run(&["corpus", "search", "駐留経費"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("no passage matches"), "{t}");
    assert!(
        t.contains("the glossary's English terms closest to it: host nation support"),
        "{t}"
    );
    // With the English term, passages are found.
    let o = run(&["corpus", "search", "host nation support", "--limit", "1"]);
    assert!(
        stdout(&o).contains("[host] [nation] [support]"),
        "{}",
        stdout(&o)
    );
}
