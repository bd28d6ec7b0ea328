//! One dispatch, one median (issue 14): on every issue of the bundled
//! scenario, the median of models that `domei forecast` prints is the one
//! `domei plan` (the forecast before any action), `domei events` (a
//! decision chain's link) and `domei brief` (each issue's section) print —
//! to the last digit, grouped issues included. The JSON outputs are
//! compared exactly, the tables and the briefing as printed.

mod common;
use common::*;
use serde_json::Value;

/// Runs `domei ARGS`, asserts that it succeeded and returns its output.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

const SCENARIO: &str = "scenarios/japan-us-2025/scenario.toml";

/// One bundled issue with the median of models `domei forecast` computed.
struct Issue {
    id: String,
    unit: String,
    min: f64,
    max: f64,
    median: f64,
}

impl Issue {
    /// The median as every English table prints a value on this issue's
    /// scale.
    fn printed(&self) -> String {
        domei_scenario::fmt_on_scale(self.median, self.min, self.max)
    }
}

fn json(args: &[&str]) -> Value {
    let out = ok(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}\n{out}"))
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Every issue of `domei forecast --format json` with the median of its
/// models' point forecasts (domei-run's one definition).
fn forecast_medians() -> Vec<Issue> {
    let doc = json(&["forecast", "--format", "json", "--no-store"]);
    doc["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            let values = i["forecasts"]
                .as_array()
                .expect("forecasts")
                .iter()
                .filter_map(|f| f["value"].as_f64());
            let id = i["id"].as_str().expect("id").to_string();
            Issue {
                median: domei_run::median_of_models(values)
                    .unwrap_or_else(|| panic!("no model forecast {id}")),
                id,
                unit: i["unit"].as_str().expect("unit").to_string(),
                min: num(&i["scale"]["min"]),
                max: num(&i["scale"]["max"]),
            }
        })
        .collect()
}

/// A scenario folder holding a copy of the bundled scenario and `part`.
fn folder(tag: &str, part: &str, text: &str) -> TempDir {
    let d = TempDir::new(tag);
    d.write(
        "scenario.toml",
        std::fs::read(repo().join(SCENARIO)).unwrap(),
    );
    d.write(part, text);
    d
}

/// A plan whose one action touches every issue (a capability changes an
/// actor's weight everywhere), for japan-gov, which takes a stance on every
/// bundled issue: its ranking reports every issue's forecast before any
/// action.
const PLAN: &str = r#"[plan]
id = "every-issue"
for = "japan-gov"

[[actions]]
id = "weight"
title = "More weight for japan-gov"
target = "japan-gov"
issues = []
owner = "test"
due = "2025-06-30"
status = "planned"
judgement = "a test of the forecast the plan reads"
effect = [{ edit = "japan-gov.capability", shift = { value = 1, low = 0, high = 2, judgement = "j" } }]
"#;

/// A decision chain with one node per issue, each linked to its issue's
/// median of models across the whole scale.
fn events(issues: &[Issue]) -> String {
    let mut t = String::from("[events]\nid = \"every-issue\"\n");
    for (k, i) in issues.iter().enumerate() {
        t.push_str(&format!(
            "\n[[nodes]]\nid = \"n{k}\"\nactor = \"japan-gov\"\n\
             from_issue = {{ issue = \"{}\", x0 = {}, x1 = {}, \
             p0 = {{ value = 0.1, judgement = \"j\" }}, p1 = {{ value = 0.9, judgement = \"j\" }} }}\n",
            i.id, i.min, i.max
        ));
    }
    t
}

#[test]
fn forecast_plan_events_and_brief_print_the_same_median_of_models_on_every_bundled_issue() {
    let issues = forecast_medians();
    assert_eq!(issues.len(), 13, "the bundled scenario's issues");

    // forecast: the table's "nearest labelled point" section prints the
    // median of every issue (each has labelled points).
    let table = ok(&["forecast", "--no-store"]);
    let (_, section) = table
        .split_once("Nearest labelled point to the models' median forecast:")
        .unwrap_or_else(|| panic!("no median section:\n{table}"));
    for i in &issues {
        let row = section
            .lines()
            .find(|l| l.split_whitespace().next() == Some(i.id.as_str()))
            .unwrap_or_else(|| panic!("{}: no median row:\n{section}", i.id));
        assert_eq!(
            row.split_whitespace().nth(1),
            Some(i.printed().as_str()),
            "forecast table, {}: {row}",
            i.id
        );
    }

    // plan: the forecast before any action, on every issue.
    let d = folder("median-plan", "plan.toml", PLAN);
    let plan = json(&[
        "plan",
        d.path().to_str().unwrap(),
        "--draws",
        "1",
        "--format",
        "json",
    ]);
    let moves = plan["actions"][0]["moves"].as_array().expect("moves");
    for i in &issues {
        let m = moves
            .iter()
            .find(|m| m["issue"] == i.id.as_str())
            .unwrap_or_else(|| panic!("plan: no forecast of {}: {plan}", i.id));
        assert_eq!(num(&m["before"]), i.median, "plan, {}", i.id);
    }

    // events: every link's forecast at the point values.
    let d = folder("median-events", "events.toml", &events(&issues));
    let ev = json(&[
        "events",
        d.path().to_str().unwrap(),
        "--draws",
        "1",
        "--format",
        "json",
    ]);
    let links = ev["links"].as_array().expect("links");
    assert_eq!(links.len(), issues.len(), "{ev}");
    for i in &issues {
        let l = links
            .iter()
            .find(|l| l["issue"] == i.id.as_str())
            .unwrap_or_else(|| panic!("events: no link on {}: {ev}", i.id));
        assert_eq!(l["model"], "all", "{l}");
        assert_eq!(num(&l["forecast"]), i.median, "events, {}", i.id);
    }

    // brief: each issue's section says "their median is X UNIT", in the
    // scenario's order.
    let d = TempDir::new("median-brief");
    let out = d.path().join("brief.html");
    ok(&[
        "brief",
        "--full",
        "--draws",
        "0",
        "--no-sensitivity",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    let said: Vec<&str> = html.split("their median is ").skip(1).collect();
    assert_eq!(said.len(), issues.len(), "one median per issue section");
    for (i, rest) in issues.iter().zip(&said) {
        let want = format!("{} {}", i.printed(), i.unit);
        assert!(
            rest.starts_with(want.trim()),
            "brief, {}: want {want:?}, printed {:?}",
            i.id,
            rest.chars().take(80).collect::<String>()
        );
    }
}
