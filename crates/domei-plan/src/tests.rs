use super::*;
use domei_engines::ModelId;
use domei_parts::ModelChoice;
use domei_scenario::{from_toml_str, Requirements, Scenario};
use std::path::Path;

const SCENARIO: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "j"
capability = 1
[[actors]]
id = "u"
capability = 1
[[issues]]
id = "x"
scale = { min = 0, max = 10 }
[[stances]]
actor = "j"
issue = "x"
position = 0
salience = 0.5
[[stances]]
actor = "u"
issue = "x"
position = 10
salience = 0.5
"#;

const PLAN: &str = r#"
[plan]
id = "p"
for = "j"

[[actions]]
id = "move"
title = "Move u"
target = "u"
issues = ["x"]
owner = "o"
due = "2025-06-30"
status = "planned"
judgement = "test"
effect = [{ edit = "u.x.position", shift = { value = -2, low = -4, high = 0, judgement = "test" } }]

[[actions]]
id = "calm"
title = "Calm u"
target = "u"
issues = ["x"]
owner = "o"
due = "2025-06-30"
status = "in-progress"
judgement = "test"
effect = [{ edit = "u.x.salience", shift = { value = -0.25, low = -0.4, high = 0, judgement = "test" } }]

[[actions]]
id = "old"
title = "Already done"
target = "u"
issues = ["x"]
owner = "o"
due = "2025-01-31"
status = "done"
judgement = "test"
effect = [{ edit = "u.x.position", set = { value = 6, judgement = "test" } }]
"#;

fn scenario() -> Scenario {
    from_toml_str(Path::new("s.toml"), SCENARIO, Requirements::default()).unwrap()
}

fn settings(draws: u64) -> Settings {
    Settings {
        draws,
        seed: 3,
        model: ModelChoice::One(ModelId::Compromise),
        for_actor: None,
        include_done: false,
    }
}

fn action<'a>(r: &'a Ranking, id: &str) -> &'a rank::ActionReport {
    r.actions.iter().find(|a| a.id == id).unwrap()
}

#[test]
fn gains_match_the_hand_calculation() {
    let plan = read(Path::new("plan.toml"), PLAN, &scenario()).unwrap();
    let r = rank(&plan, &scenario(), &settings(50)).unwrap();
    // Compromise forecast = weighted mean, weights capability × salience.
    // Before: (0.5·0 + 0.5·10) / 1 = 5; gap = 0.5 · |5 − 0| / 10 = 0.25.
    assert!((r.gap_before - 0.25).abs() < 1e-12);
    // move: u at 8 → forecast 4 → gap 0.2 → gain 0.05 (20% of the gap).
    let m = action(&r, "move");
    assert!((m.gain - 0.05).abs() < 1e-12 && (m.gain_pct - 20.0).abs() < 1e-9);
    // calm: u's weight 0.25 → forecast 10·0.25 / 0.75 = 3.333 → gap 0.1667 → gain 0.0833.
    let c = action(&r, "calm");
    assert!((c.gain - 0.25 / 3.0).abs() < 1e-12);
    // old (done): set u at 6 → forecast 3 → gain 0.1; ranked, not combined.
    let o = action(&r, "old");
    assert!((o.gain - 0.1).abs() < 1e-12 && !o.combined && o.marginal.is_none());
    assert_eq!(
        r.actions.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["old", "calm", "move"]
    );
    // Together: u at 8 with weight 0.25 → forecast 8·0.25 / 0.75 = 2.667 → gap 0.1333 → gain 0.1167,
    // less than the sum 0.05 + 0.0833 = 0.1333: the effects interact (−0.0167).
    assert!((r.combined.gain - (0.25 - 0.5 * (8.0 / 3.0) / 10.0)).abs() < 1e-12);
    assert!((r.combined.interaction - (r.combined.gain - 0.05 - 0.25 / 3.0)).abs() < 1e-12);
    assert!(r.combined.interaction < 0.0);
    // Marginal contributions: combined minus combined without the action.
    assert!((m.marginal.unwrap() - (r.combined.gain - 0.25 / 3.0)).abs() < 1e-12);
    assert!((c.marginal.unwrap() - (r.combined.gain - 0.05)).abs() < 1e-12);
    // Monte Carlo: the shift is drawn in [-4, 0], so the gain lies in [0, 0.1].
    assert!(
        m.mc.p10 >= 0.0 && m.mc.p90 <= 0.1 + 1e-12 && m.mc.p10 < m.mc.p90,
        "{:?}",
        m.mc
    );
}

#[test]
fn removing_an_action_changes_the_combined_gain_by_its_marginal_contribution() {
    let s = scenario();
    let plan = read(Path::new("plan.toml"), PLAN, &s).unwrap();
    let full = rank(&plan, &s, &settings(200)).unwrap();
    let without = rank(&plan.without("move"), &s, &settings(200)).unwrap();
    let marginal = action(&full, "move").marginal_mc.unwrap();
    let (a, b) = (full.combined.mc.unwrap(), without.combined.mc.unwrap());
    // Common random numbers: "calm" draws the same amounts in both runs, so the
    // difference of the means is the mean marginal contribution up to rounding.
    assert!(
        ((a.mean - b.mean) - marginal.mean).abs() < 1e-12,
        "{} vs {}",
        a.mean - b.mean,
        marginal.mean
    );
    assert!(
        ((full.combined.gain - without.combined.gain) - action(&full, "move").marginal.unwrap())
            .abs()
            < 1e-12
    );
}

#[test]
fn include_done_counts_done_actions() {
    let s = scenario();
    let plan = read(Path::new("plan.toml"), PLAN, &s).unwrap();
    let r = rank(
        &plan,
        &s,
        &Settings {
            include_done: true,
            ..settings(10)
        },
    )
    .unwrap();
    assert_eq!(r.combined.actions, ["move", "calm", "old"]);
    // In file order: u at 8, weight 0.25, then set to 6 → forecast 6·0.25/0.75 = 2 → gain 0.25 − 0.1 = 0.15.
    assert!((r.combined.gain - 0.15).abs() < 1e-12);
}

fn error_of(text: &str) -> String {
    read(Path::new("plan.toml"), text, &scenario())
        .unwrap_err()
        .to_string()
}

#[test]
fn validation_errors_name_the_line() {
    for (from, to, says) in [
        (
            "edit = \"u.x.position\"",
            "edit = \"u.x.mood\"",
            "plan.toml:15:20: error: action move: bad edit path \"u.x.mood\"",
        ),
        (
            "edit = \"u.x.position\"",
            "edit = \"uu.x.position\"",
            "names unknown actor \"uu\"",
        ),
        (
            "issues = [\"x\"]\nowner = \"o\"\ndue = \"2025-06-30\"\nstatus = \"planned\"",
            "issues = [\"y\"]\nowner = \"o\"\ndue = \"2025-06-30\"\nstatus = \"planned\"",
            "plan.toml:10:11: error: action move: unknown issue \"y\"",
        ),
        (
            "status = \"planned\"",
            "status = \"ongoing\"",
            "plan.toml:13:10: error: action move: unknown status \"ongoing\"",
        ),
        (
            "due = \"2025-06-30\"\nstatus = \"planned\"",
            "due = \"2025-02-30\"\nstatus = \"planned\"",
            "due date \"2025-02-30\" is not a date",
        ),
        (
            "shift = { value = -2, low = -4, high = 0, judgement = \"test\" }",
            "shift = { value = -12, judgement = \"test\" }",
            "outside the largest possible shift",
        ),
        (
            "shift = { value = -2, low = -4, high = 0, judgement = \"test\" }",
            "shift = { value = -2 }",
            "neither evidence nor judgement",
        ),
        (
            "target = \"u\"",
            "target = \"usa\"",
            "unknown actor \"usa\"",
        ),
        (
            "id = \"calm\"",
            "id = \"move\"",
            "duplicate action id \"move\"",
        ),
    ] {
        assert!(PLAN.contains(from), "{from}");
        let e = error_of(&PLAN.replacen(from, to, 1));
        assert!(e.contains(says), "expected {says:?} in:\n{e}");
    }
    let e = error_of(&PLAN.replace("value = 6,", "value = 16,"));
    assert!(
        e.contains("set: 16 lies outside the value's domain 0..10"),
        "{e}"
    );
}

#[test]
fn the_bundled_plan_loads_and_ranks() {
    let s = from_toml_str(
        Path::new("scenarios/japan-us-2025/scenario.toml"),
        include_str!("../../../scenarios/japan-us-2025/scenario.toml"),
        Requirements::default(),
    )
    .unwrap();
    let plan = read(
        Path::new("scenarios/japan-us-2025/plan.toml"),
        include_str!("../../../scenarios/japan-us-2025/plan.toml"),
        &s,
    )
    .unwrap();
    assert!(plan.actions.len() >= 12);
    let r = rank(
        &plan,
        &s,
        &Settings {
            draws: 5,
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(r.for_actor, "japan-gov");
    assert!(r.actions.windows(2).all(|w| w[0].gain >= w[1].gain));
    assert!(plan.citations().iter().all(|c| c.evidence.loc.line > 0));
    println!("{}", present::table(&r, domei_i18n::Lang::En));
}
