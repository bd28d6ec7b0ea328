//! The architecture's dependency rules hold in this workspace, and the
//! check fails on a forbidden dependency.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn metadata() -> Value {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
            "--manifest-path",
        ])
        .arg(root().join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// `m` with a normal dependency of `from` on `to` added.
fn with_dependency(mut m: Value, from: &str, to: &str) -> Value {
    let p = m["packages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["name"] == from)
        .unwrap_or_else(|| panic!("{from} is a workspace package"));
    p["dependencies"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": to, "kind": null}));
    m
}

#[test]
fn the_workspace_keeps_its_dependency_rules() {
    let v = domei_tidy::violations(&metadata()).unwrap();
    assert!(v.is_empty(), "{}", v.join("\n"));
}

#[test]
fn a_forbidden_dependency_is_reported() {
    let m = metadata();
    for (from, to, rule) in [
        (
            "domei-engines",
            "domei-scenario",
            "the engines depend on no other domei crate",
        ),
        (
            "domei-store",
            "domei-engines",
            "the store depends on domei-scenario only",
        ),
        (
            "domei-report",
            "domei-store",
            "presenters do not depend on the store",
        ),
        (
            "domei-runs",
            "domei-report",
            "the run layer does not depend on the presenters",
        ),
    ] {
        let v = domei_tidy::violations(&with_dependency(m.clone(), from, to)).unwrap();
        assert!(
            v.iter()
                .any(|x| x.starts_with(&format!("{from} depends on {to}")) && x.contains(rule)),
            "{from} → {to}: {v:?}"
        );
    }
    // Through another crate: the run layer reaching a presenter via domei-sim.
    let v =
        domei_tidy::violations(&with_dependency(m.clone(), "domei-sim", "domei-charts")).unwrap();
    assert!(
        v.iter()
            .any(|x| x.starts_with("domei-runs depends on domei-charts")),
        "{v:?}"
    );
    // Test-only dependencies do not count.
    let mut dev = m;
    let p = dev["packages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["name"] == "domei-engines")
        .unwrap();
    p["dependencies"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "domei-scenario", "kind": "dev"}));
    assert!(domei_tidy::violations(&dev).unwrap().is_empty());
}

#[test]
fn a_synthetic_metadata_document_is_checked_too() {
    let pkg = |name: &str, deps: &[&str]| json!({"name": name, "dependencies": deps.iter().map(|d| json!({"name": d, "kind": null})).collect::<Vec<_>>()});
    let names = [
        "domei-engines",
        "domei-store",
        "domei-report",
        "domei-charts",
        "domei-brief",
        "domei-runs",
        "domei-scenario",
        "domei-run",
        "domei-sim",
        "domei-strategy",
        "domei-calib",
    ];
    let mut packages: Vec<Value> = names.iter().map(|n| pkg(n, &[])).collect();
    let clean = json!({"packages": packages.clone()});
    assert!(domei_tidy::violations(&clean).unwrap().is_empty());
    packages[0] = pkg("domei-engines", &["serde", "domei-limits"]);
    let v = domei_tidy::violations(&json!({"packages": packages})).unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].starts_with("domei-engines depends on domei-limits"));
    // A crate a rule names must exist (a rename is noticed).
    let v = domei_tidy::violations(&json!({"packages": [pkg("domei-engines", &[])]})).unwrap();
    assert!(v
        .iter()
        .any(|x| x.starts_with("domei-store: not in the workspace")));
    assert!(domei_tidy::violations(&json!({})).is_err());
}
