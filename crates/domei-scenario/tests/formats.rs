//! Each reader on real and hand-made files, the TOML round trip, and the
//! validator's messages.

use domei_scenario::format::write::to_toml;
use domei_scenario::{from_toml_str, load, load_with, Requirements, Scenario};
use std::path::{Path, PathBuf};

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn tmp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("domei-scenario-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Same scenario, ignoring where it was read from.
fn same(a: &Scenario, b: &Scenario) -> bool {
    serde_json::to_value(a).unwrap() == serde_json::to_value(b).unwrap()
}

#[test]
fn car_emissions_csv() {
    let s = load(&repo("data/bdm1994/car-emissions.csv")).unwrap();
    assert_eq!(s.actors.len(), 10);
    assert_eq!(s.issues.len(), 1);
    assert_eq!((s.issues[0].min, s.issues[0].max), (4.0, 10.0));
    let uk = s.actor_index("uk").unwrap();
    let st = s.stance(uk, 0).unwrap();
    assert_eq!((st.position.value, st.salience.value), (10.0, 0.9));
    assert_eq!(s.actors[uk].capability.value, 0.16);
}

#[test]
fn deu3_table() {
    let s = load(&repo("data/deu3/dev.tsv")).unwrap();
    assert_eq!(s.actors.len(), 30);
    assert_eq!(s.issues.len(), 252);
    assert_eq!(s.issues.iter().filter(|i| i.outcome.is_some()).count(), 247);
    assert_eq!(
        s.issues.iter().filter(|i| i.status_quo.is_some()).count(),
        189
    );
    assert_eq!(s.actors[0].id, "com");
    assert_eq!(s.actors[0].capability.value, 4.1);
    // First issue d00060i1: Commission position 100, salience 80 -> 0.8.
    let i = s.issue_index("d00060i1").unwrap();
    let com = s.stance(0, i).unwrap();
    assert_eq!((com.position.value, com.salience.value), (100.0, 0.8));
    assert_eq!(s.issues[i].meta["voting_rule"], "QMV");
    assert_eq!(s.issues[i].group.as_deref(), Some("d00060"));
    // A recorded position without salience counts as 50.
    let defaults = s
        .stances
        .iter()
        .flatten()
        .flatten()
        .filter(|st| st.salience.value == 0.5)
        .count();
    assert!(defaults >= 40, "{defaults}");
}

const KTAB: &str = "Quirky scenario ,\"A test, with a comma\",3,2,\n\
Actor,Description,Influence,Pos A,Sal A,Pos B,Sal B, \n\
A1, First actor,  100.0, 30,24.0,20,48.0, \n\
\"A2\",\"Second, quoted\",60.2,45,44.7,65,41.3\n\
A3,Third,35,30,80,15,65.1,\n";

#[test]
fn ktab_csv_with_quirks() {
    let p = tmp_file("quirky.csv", KTAB);
    let l = load_with(&p, Requirements::default()).unwrap();
    let s = &l.scenario;
    assert_eq!(s.name, "Quirky scenario");
    assert_eq!(s.actors.len(), 3);
    assert_eq!(s.issues.len(), 2);
    assert_eq!(s.actors[1].id, "a2");
    assert_eq!(s.actors[1].capability.value, 60.2);
    assert_eq!(s.stance(0, 1).unwrap().position.value, 20.0);
    assert!((s.stance(0, 1).unwrap().salience.value - 0.48).abs() < 1e-12);
    // A3's saliences sum to 145.1: rescaled to 100 with a warning.
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(
        l.warnings[0].to_string().contains(":5:"),
        "{}",
        l.warnings[0]
    );
    let a3 = s.stance(2, 0).unwrap().salience.value + s.stance(2, 1).unwrap().salience.value;
    assert!((a3 - 1.0).abs() < 1e-12);
}

#[test]
fn toml_round_trip_of_every_importer() {
    for f in ["data/deu3/dev.tsv", "data/bdm1994/car-emissions.csv"] {
        let s = load(&repo(f)).unwrap();
        let text = to_toml(&s);
        let back = from_toml_str(Path::new("x.toml"), &text, Requirements::default())
            .unwrap_or_else(|e| panic!("{f}: {e}\n{}", &text[..2000.min(text.len())]));
        assert!(same(&s, &back), "{f} changed in the round trip");
    }
    let s = load(&tmp_file("rt.csv", KTAB)).unwrap();
    let back = from_toml_str(Path::new("x.toml"), &to_toml(&s), Requirements::default()).unwrap();
    assert!(same(&s, &back));
}

const GOOD: &str = r#"
[scenario]
id = "t"
name = "Test"

[[actors]]
id = "a"
capability = 2

[[actors]]
id = "b"
capability = { value = 1.0, low = 0.5, high = 1.5, judgement = "guess" }

[[issues]]
id = "x"
unit = "%"
scale = { min = 0, max = 10 }
anchors = [{ value = 5, label = "middle" }]

[issues.status_quo]
value = 3
evidence = ["004_b3e4016961f00b53#p12"]

[[stances]]
actor = "a"
issue = "x"
position = 2
salience = 0.5

[[stances]]
actor = "b"
issue = "x"
salience = 1

[stances.position]
low = 6
high = 8
evidence = [{ passage = "003_2b65af7bab35098d#p4", quote = "three percent" }]
"#;

#[test]
fn toml_values_ranges_and_references() {
    let s = from_toml_str(
        Path::new("good.toml"),
        GOOD,
        Requirements {
            status_quo: true,
            status_quo_for: None,
            draft: false,
        },
    )
    .unwrap();
    let b = s.stance(1, 0).unwrap();
    assert_eq!(b.position.value, 7.0);
    assert_eq!(b.position.range, Some((6.0, 8.0)));
    assert_eq!(b.position.evidence[0].doc, "003_2b65af7bab35098d");
    assert_eq!(b.position.evidence[0].locator, "p4");
    assert_eq!(
        b.position.evidence[0].quote.as_deref(),
        Some("three percent")
    );
    assert_eq!(b.position.evidence[0].loc.line, 38);
    assert_eq!(
        s.issues[0].status_quo.as_ref().unwrap().evidence[0].locator,
        "p12"
    );
    let strict = domei_scenario::strict_check(&s);
    // a.capability, a.x.position, a.x.salience, b.x.salience are bare numbers.
    assert_eq!(strict.len(), 4, "{strict}");
}

#[test]
fn all_errors_reported_at_once_with_lines() {
    let bad = GOOD
        .replace("capability = 2", "capability = -2")
        .replace("position = 2\n", "position = 12\n")
        .replace("salience = 1\n", "salience = 1.5\n")
        .replace("actor = \"b\"", "actor = \"bb\"");
    let err = from_toml_str(Path::new("bad.toml"), &bad, Requirements::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("bad.toml:8:14: error: actor a: capability must be > 0"),
        "{text}"
    );
    assert!(
        text.contains("bad.toml:27:12: error: a.x.position: 12 lies outside"),
        "{text}"
    );
    assert!(text.contains("unknown actor \"bb\""), "{text}");
    assert!(text.contains("did you mean \"b\"?"), "{text}");
    assert!(
        text.contains(
            "bad.toml:33:12: error: bb.x.salience: 1.5 lies outside the salience range 0..1"
        ),
        "{text}"
    );
    assert_eq!(err.len(), 4, "{text}");
}

#[test]
fn missing_status_quo_only_when_required() {
    let no_sq = GOOD.replace(
        "[issues.status_quo]\nvalue = 3\nevidence = [\"004_b3e4016961f00b53#p12\"]\n",
        "",
    );
    assert!(from_toml_str(Path::new("s.toml"), &no_sq, Requirements::default()).is_ok());
    let req = Requirements {
        status_quo: true,
        status_quo_for: Some("nash"),
        draft: false,
    };
    let err = from_toml_str(Path::new("s.toml"), &no_sq, req)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("issue \"x\" has no status quo, which nash needs"),
        "{err}"
    );
}
