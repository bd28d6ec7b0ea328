//! The history against the engines' traces, model by model.

use super::*;
use crate::forecast;
use domei_engines::ExchangeReading;
use domei_scenario::{from_toml_str, Requirements};
use std::path::Path;

/// Three actors on two issues with opposite priorities: a cares about x,
/// b about y, c about both.
const S: &str = r#"
[scenario]
id = "t"
name = "t"
[[actors]]
id = "a"
capability = 2
[[actors]]
id = "b"
capability = 2
[[actors]]
id = "c"
capability = 3
[[issues]]
id = "x"
scale = { min = 0, max = 100 }
[[issues]]
id = "y"
scale = { min = 0, max = 10 }
[[stances]]
actor = "a"
issue = "x"
position = 0
salience = 0.9
[[stances]]
actor = "a"
issue = "y"
position = 0
salience = 0.1
[[stances]]
actor = "b"
issue = "x"
position = 100
salience = 0.1
[[stances]]
actor = "b"
issue = "y"
position = 10
salience = 0.9
[[stances]]
actor = "c"
issue = "x"
position = 60
salience = 0.5
[[stances]]
actor = "c"
issue = "y"
position = 3
salience = 0.5
"#;

fn scenario() -> Scenario {
    from_toml_str(Path::new("t.toml"), S, Requirements::default()).unwrap()
}

/// Every round's positions are the forecast's and every move joins the
/// previous round's position to this one's.
fn check_positions(h: &History, f: &Forecast, initial: &[f64]) {
    assert_eq!(h.rounds.len(), f.rounds.len());
    let mut before: Vec<f64> = initial.to_vec();
    assert_eq!(
        h.initial.iter().map(|a| a.position).collect::<Vec<_>>(),
        before
    );
    for (hr, fr) in h.rounds.iter().zip(&f.rounds) {
        assert_eq!(hr.round, fr.round);
        assert_eq!(
            hr.actors.iter().map(|a| a.position).collect::<Vec<_>>(),
            fr.positions
        );
        let moved: Vec<&str> = hr
            .actors
            .iter()
            .zip(&before)
            .filter(|(a, b)| a.position != **b)
            .map(|(a, _)| a.id.as_str())
            .collect();
        let listed: Vec<&str> = hr.moves.iter().map(|m| m.actor.as_str()).collect();
        // The joint models' positions go through [0, 1] and back; anything
        // within 1e-9 of the scale is not a move.
        for m in &hr.moves {
            assert!(moved.contains(&m.actor.as_str()), "{} listed", m.actor);
            let a = hr.actors.iter().position(|a| a.id == m.actor).unwrap();
            assert_eq!(m.from, before[a]);
            assert_eq!(m.to, hr.actors[a].position);
            assert!(!m.because.is_empty());
            assert!(m.because.contains(&m.actor), "{}", m.because);
        }
        assert!(listed.len() <= moved.len());
        before = fr.positions.clone();
    }
}

#[test]
fn bdm_moves_are_the_engines_with_the_accepted_offers() {
    let s = scenario();
    let h = history(&s, 0, ModelId::Bdm, &Options::default()).unwrap();
    let f = domei_engines::run(ModelId::Bdm, &problem(&s, 0), &Options::default()).unwrap();
    check_positions(&h, &f, &[0.0, 100.0, 60.0]);
    let Explanation::Bdm(e) = &f.explanation else {
        panic!("not BDM")
    };
    let mut total = 0;
    for ((hr, fr), er) in h.rounds.iter().zip(&f.rounds).zip(&e.rounds) {
        assert_eq!(hr.moves.len(), fr.moves.len());
        for (m, em) in hr.moves.iter().zip(&fr.moves) {
            total += 1;
            assert_eq!(
                (m.actor.as_str(), m.from, m.to),
                (em.player.as_str(), em.from, em.to)
            );
            let Cause::Offer {
                challenger,
                outcome,
                eu_actor,
                eu_challenger,
            } = &m.cause
            else {
                panic!("BDM cause {:?}", m.cause)
            };
            assert_eq!((challenger, *outcome), (&em.partner, em.outcome));
            let offer = er
                .offers
                .iter()
                .find(|o| o.accepted && o.target == m.actor)
                .unwrap();
            assert_eq!(
                (offer.eu_target, offer.eu_challenger),
                (*eu_actor, *eu_challenger)
            );
            assert!(m.because.contains(challenger.as_str()));
        }
    }
    assert!(total > 0, "the case should move someone");
}

#[test]
fn smp_moves_are_adopted_bargains() {
    let s = scenario();
    let h = history(&s, 1, ModelId::Smp, &Options::default()).unwrap();
    // The same run as the forecast's: both issues together.
    let f = forecast(&s, &[ModelId::Smp], &Options::default());
    let fc = f.issues[1].results[0].forecast().unwrap();
    check_positions(&h, fc, &[0.0, 10.0, 3.0]);
    let Explanation::Smp(e) = &fc.explanation else {
        panic!("not SMP")
    };
    let mut total = 0;
    for (hr, er) in h.rounds.iter().zip(&e.rounds) {
        for m in &hr.moves {
            total += 1;
            let Cause::Bargain {
                initiator,
                receiver,
                probability,
                ..
            } = &m.cause
            else {
                panic!("SMP cause {:?}", m.cause)
            };
            let b = er
                .bargains
                .iter()
                .find(|b| &b.initiator == initiator && &b.receiver == receiver)
                .unwrap();
            assert_eq!(b.probability, *probability);
            // The actor lands where the bargain puts it.
            let lands = if *initiator == m.actor {
                assert!(b.adopted_by_initiator);
                b.initiator_position
            } else {
                assert!(b.adopted_by_receiver && *receiver == m.actor);
                b.receiver_position
            };
            assert!((lands - m.to).abs() < 1e-9, "{lands} vs {}", m.to);
        }
    }
    assert!(total > 0, "the case should move someone");
}

#[test]
fn exchange_moves_are_exchanges_or_the_between_round_rule() {
    let s = scenario();
    for reading in [ExchangeReading::Decide, ExchangeReading::Continuous] {
        let opts = Options {
            exchange_reading: reading,
            ..Options::default()
        };
        let f = forecast(&s, &[ModelId::Exchange], &opts);
        for issue in 0..2 {
            let h = history(&s, issue, ModelId::Exchange, &opts).unwrap();
            let fc = f.issues[issue].results[0].forecast().unwrap();
            let initial: Vec<f64> = problem(&s, issue)
                .players
                .iter()
                .map(|p| p.position)
                .collect();
            check_positions(&h, fc, &initial);
            let exchanges: usize = h
                .rounds
                .iter()
                .flat_map(|r| &r.moves)
                .filter(|m| matches!(m.cause, Cause::Exchange { .. }))
                .count();
            assert!(exchanges > 0, "{reading:?} issue {issue}: no exchange");
            for m in h.rounds.iter().flat_map(|r| &r.moves) {
                if let Cause::Exchange {
                    partner,
                    partner_issue,
                    ..
                } = &m.cause
                {
                    assert_ne!(partner, &m.actor);
                    assert_ne!(partner_issue, &s.issues[issue].id);
                    assert!(m.because.contains(partner_issue.as_str()), "{}", m.because);
                }
            }
        }
    }
}

#[test]
fn models_without_rounds_are_refused_by_name() {
    let s = scenario();
    for m in [ModelId::Compromise, ModelId::Median, ModelId::Nash] {
        let e = history(&s, 0, m, &Options::default()).unwrap_err();
        assert_eq!(e, HistoryError::NoRounds { model: m });
        let text = e.to_string();
        assert!(text.contains("bdm, smp and exchange"), "{text}");
    }
}

#[test]
fn a_forecast_without_explanations_has_no_causes() {
    let s = scenario();
    let lean = Options {
        explain: false,
        ..Options::default()
    };
    let f = domei_engines::run(ModelId::Bdm, &problem(&s, 0), &lean).unwrap();
    let e = of_forecast(&s, 0, &f).unwrap_err();
    assert!(matches!(e, HistoryError::NoTrace { round: 1, .. }), "{e:?}");
}

#[test]
fn sentences_in_both_languages_name_the_actors() {
    let s = scenario();
    let h = history(&s, 0, ModelId::Bdm, &Options::default()).unwrap();
    let m = &h.rounds[0].moves[0];
    let ja = m.because_in(Lang::Ja, ScaleOf::of(&s.issues[0]));
    assert_ne!(ja, m.because);
    assert!(ja.contains(&m.actor));
    assert!(!ja.starts_with("history-"), "{ja}");
    assert!(!m.because.starts_with("history-"), "{}", m.because);
}

#[test]
fn histories_of_every_issue_are_the_single_issue_ones() {
    let s = scenario();
    for m in MODELS_WITH_ROUNDS {
        let all = histories(&s, m, &Options::default());
        assert_eq!(all.len(), 2);
        for (i, h) in all.into_iter().enumerate() {
            assert_eq!(h.unwrap(), history(&s, i, m, &Options::default()).unwrap());
        }
    }
    assert!(histories(&s, ModelId::Median, &Options::default())
        .iter()
        .all(|h| h.is_err()));
}
