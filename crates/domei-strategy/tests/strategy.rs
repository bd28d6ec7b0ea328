//! What-ifs on the bundled scenario; each expected direction is argued from
//! the model's equations.

use domei_engines::{ModelId, Options};
use domei_scenario::{load, Scenario};
use domei_strategy::*;
use std::path::Path;

fn bundled() -> Scenario {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/japan-us-2025")).unwrap()
}

fn value(s: &Scenario, issue: &str, m: ModelId) -> f64 {
    let i = s.issue_index(issue).unwrap();
    domei_engines::run(m, &domei_run::problem(s, i), &Options::default())
        .unwrap()
        .value
}

/// Compromise = Σ c·s·x / Σ c·s, so ∂/∂s_k = c_k (x_k − mean) / Σ c·s:
/// raising the salience of an actor above the mean raises the forecast.
#[test]
fn salience_edit_moves_the_compromise_toward_the_actor() {
    let s = bundled();
    let i = s.issue_index("defense-spending").unwrap();
    let us = s.actor_index("us-admin").unwrap();
    let mean = value(&s, "defense-spending", ModelId::Compromise);
    let x = s.stance(us, i).unwrap().position.value;
    assert!(x > mean);
    let e: Edit = "us-admin.defense-spending.salience=1".parse().unwrap();
    let after = edit::apply(&s, &[e]).unwrap();
    assert!(value(&after, "defense-spending", ModelId::Compromise) > mean);
    let (_, _, changes) = compare(&s, &after, &[ModelId::Compromise], &Options::default());
    let c = changes
        .iter()
        .find(|c| c.issue == "defense-spending")
        .unwrap();
    assert!(c.changes[0].change.unwrap() > 0.0);
    assert!(changes
        .iter()
        .filter(|c| c.issue != "defense-spending")
        .all(|c| c.changes[0].change == Some(0.0)));
}

#[test]
fn edits_are_checked() {
    let s = bundled();
    for bad in [
        "us-admin.defense-spending.salience=1.5",
        "us-admin.defense-spending.position=9",
        "nobody.capability=1",
        "us-admin.nothing.salience=1",
        "us-admin.capability=0",
    ] {
        let e: Edit = bad.parse().unwrap();
        assert!(edit::apply(&s, &[e]).is_err(), "{bad}");
    }
    // Shifts move ranges with the point.
    let e: Edit = "japan-gov.defense-spending.position+=0.2".parse().unwrap();
    let a = edit::apply(&s, &[e]).unwrap();
    let (j, i) = (
        s.actor_index("japan-gov").unwrap(),
        s.issue_index("defense-spending").unwrap(),
    );
    let (b, c) = (s.stance(j, i).unwrap(), a.stance(j, i).unwrap());
    assert!((c.position.value - b.position.value - 0.2).abs() < 1e-12);
}

/// A coalition replaces its members' stances on the issue with one bloc of
/// their summed capability at their weighted mean position. For the weighted
/// median the bloc's weight lies at one point, so pooling behind a position
/// below the US's pulls the median down or leaves it: it can never push it
/// above the separate members' median when every member stands below it.
#[test]
fn coalition_pools_capability_behind_a_joint_position() {
    let s = bundled();
    // The Japanese actors all stand at 0 on the tariff (the EU and ASEAN have no
    // stance on it since the re-audit of issue 12).
    let members: Vec<String> = ["japan-gov", "japan-business", "japan-restraint-advocates"]
        .map(String::from)
        .to_vec();
    let on = vec!["us-tariff-japan".to_string()];
    let after = coalition::apply(&s, &members, &on).unwrap();
    let i = s.issue_index("us-tariff-japan").unwrap();
    let bloc = after.actors.len() - 1;
    let cap: f64 = members
        .iter()
        .map(|m| s.actors[s.actor_index(m).unwrap()].capability.value)
        .sum();
    assert!((after.actors[bloc].capability.value - cap).abs() < 1e-9);
    for m in &members {
        assert!(after.stance(after.actor_index(m).unwrap(), i).is_none());
    }
    let bloc_pos = after.stance(bloc, i).unwrap().position.value;
    let positions: Vec<f64> = members
        .iter()
        .map(|m| {
            s.stance(s.actor_index(m).unwrap(), i)
                .unwrap()
                .position
                .value
        })
        .collect();
    assert!(
        positions.iter().cloned().fold(f64::INFINITY, f64::min) <= bloc_pos
            && bloc_pos <= positions.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
    );
    // The median with the bloc is no higher than without it when all members sit below the old median.
    let before = value(&s, "us-tariff-japan", ModelId::Median);
    assert!(
        positions.iter().all(|&p| p <= before),
        "members {positions:?} vs median {before}"
    );
    assert!(value(&after, "us-tariff-japan", ModelId::Median) <= before + 1e-9);
    assert!(coalition::apply(&s, &members[..1], &on).is_err());
}

#[test]
fn linkage_groups_issues_into_one_package() {
    let s = bundled();
    let link = vec![
        "us-tariff-japan".to_string(),
        "defense-spending".to_string(),
    ];
    let after = linkage::apply(&s, &link).unwrap();
    let g = |s: &Scenario, id: &str| s.issues[s.issue_index(id).unwrap()].group.clone();
    assert_eq!(g(&after, "us-tariff-japan"), g(&after, "defense-spending"));
    assert!(g(&after, "us-tariff-japan")
        .unwrap()
        .starts_with("package:"));
    // Per-issue models do not see linkage.
    let (_, _, changes) = compare(
        &s,
        &after,
        &[ModelId::Compromise, ModelId::Median],
        &Options::default(),
    );
    assert!(changes
        .iter()
        .all(|c| c.changes.iter().all(|x| x.change == Some(0.0))));
}

/// For the compromise model the forecast rises with an actor's stated
/// position (∂/∂x_k = c_k s_k / Σ c·s > 0) and, when the actor sits above the
/// forecast, with its salience; so an actor above the forecast does best by
/// stating the highest position allowed with the highest salience, and
/// gains.
#[test]
fn best_response_of_an_actor_above_the_compromise() {
    let s = bundled();
    let r = best_response(
        &s,
        "us-admin",
        &["defense-spending".to_string()],
        &[ModelId::Compromise],
        &Options::default(),
        &Limits::default(),
    )
    .unwrap();
    let x = &r[0];
    assert!(x.ideal > x.baseline);
    let i = s.issue_index("defense-spending").unwrap();
    let top = (x.ideal + 0.25 * s.issues[i].range()).min(s.issues[i].max);
    assert!((x.best_position - top).abs() < 1e-9, "{x:?}");
    assert!((x.best_salience - 1.0).abs() < 1e-9);
    assert!(x.gain > 0.0 && x.best_forecast > x.baseline);
    // With no room to move there is no gain.
    let none = Limits {
        max_shift: 0.0,
        min_salience: x.current_salience,
        max_salience: x.current_salience,
        ..Limits::default()
    };
    let r0 = best_response(
        &s,
        "us-admin",
        &["defense-spending".to_string()],
        &[ModelId::Compromise],
        &Options::default(),
        &none,
    )
    .unwrap();
    assert_eq!(r0[0].gain, 0.0);
}

/// A coalition that moves nothing says why, model by model: the
/// compromise model by construction; the others because every member
/// stands on one side of the forecast. Moved forecasts get no sentence.
#[test]
fn a_coalition_that_moves_nothing_says_why() {
    let s = bundled();
    let members: Vec<String> = ["japan-gov", "japan-business", "japan-restraint-advocates"]
        .map(String::from)
        .to_vec();
    let on = vec!["us-tariff-japan".to_string()];
    let after = coalition::apply(&s, &members, &on).unwrap();
    let models = [ModelId::Compromise, ModelId::Median];
    let opts = domei_engines::Options::default();
    let (_, _, changes) = domei_strategy::compare(&s, &after, &models, &opts);
    let why = coalition::explain(&s, &after, &members, &on, &changes);
    let moved = |m: ModelId| {
        changes
            .iter()
            .find(|c| c.issue == "us-tariff-japan")
            .and_then(|c| c.changes.iter().find(|x| x.model == m))
            .and_then(|x| x.change)
            .map(f64::abs)
            .unwrap()
    };
    // The compromise model cannot move: its sentence says so.
    assert!(moved(ModelId::Compromise) < 1e-9);
    let c = why.iter().find(|u| u.model == ModelId::Compromise).unwrap();
    assert_eq!(c.issue, "us-tariff-japan");
    assert_eq!(c.reason, coalition::Unmoved::WeightedMean);
    // Every explained forecast is one that did not move, on the coalition's issue only.
    for u in &why {
        assert_eq!(u.issue, "us-tariff-japan");
        assert!(moved(u.model) < 1e-6, "{u:?}");
        assert!(u.bloc.is_some(), "the bloc stands on the issue");
    }
    if moved(ModelId::Median) < 1e-6 {
        let m = why.iter().find(|u| u.model == ModelId::Median).unwrap();
        assert_eq!(m.reason, coalition::Unmoved::OneSide);
    } else {
        assert!(!why.iter().any(|u| u.model == ModelId::Median));
    }
}
