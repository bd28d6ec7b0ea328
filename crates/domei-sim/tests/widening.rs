//! Property: weaker evidence never narrows the interval a value is drawn
//! from (docs/scenario-format.md, "Support and voice"). Fixed seed: the
//! runner's generator is seeded explicitly, so the cases are the same on
//! every run.

use domei_scenario::{EvidenceRef, Strength, Support, Value, Voice};
use domei_sim::sample::{capability_spread, widening, Spread};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

/// A value with the given point, optional range and evidence of `strength`.
fn value(x: f64, range: Option<(f64, f64)>, strength: Strength) -> Value {
    let mut v = Value::point(x);
    v.range = range;
    let r = |support, voice| {
        let mut r = EvidenceRef::new("D", "p1", Some("a quote long enough to carry a clause"));
        r.support = support;
        r.voice = voice;
        r
    };
    match strength {
        Strength::CitedStates => v.evidence = vec![r(Support::States, Voice::Actor)],
        Strength::CitedImplies => v.evidence = vec![r(Support::Implies, Voice::Observer)],
        Strength::CitedUnrated => v.evidence = vec![r(Support::Unrated, Voice::Unrated)],
        Strength::Judgement => v.judgement = Some("reasoning".into()),
        Strength::Uncited => {}
    }
    assert_eq!(v.strength(), strength);
    v
}

/// 512 cases from a fixed seed, or as `scripts/proptest-soak` asks.
fn runner() -> TestRunner {
    domei_testkit::runner(512, 42)
}

#[test]
fn weaker_support_never_narrows_a_range() {
    let strat = (
        0.0f64..1.0,
        0.0f64..1.0,
        0.0f64..1.0,
        0.0f64..0.5,
        any::<bool>(),
    );
    runner()
        .run(&strat, |(a, b, c, half, ranged)| {
            let mut xs = [a, b, c];
            xs.sort_by(f64::total_cmp);
            let (lo, x, hi) = (xs[0], xs[1], xs[2]);
            let range = ranged.then_some((lo, hi));
            let mut prev: Option<Spread> = None;
            for s in Strength::ALL {
                let v = value(x, range, s);
                let sp = Spread::for_value(&v, half, 0.0, 1.0, true);
                prop_assert!(sp.lo >= 0.0 && sp.hi <= 1.0 && sp.lo <= sp.mode && sp.mode <= sp.hi);
                let base = Spread::for_value(&v, half, 0.0, 1.0, false);
                prop_assert!(
                    sp.lo <= base.lo && sp.hi >= base.hi,
                    "{s:?} narrowed {base:?} to {sp:?}"
                );
                if let Some(p) = prev {
                    prop_assert!(sp.lo <= p.lo && sp.hi >= p.hi, "{s:?}: {sp:?} inside {p:?}");
                }
                prev = Some(sp);
                // Capabilities too.
                let cap = value(
                    1.0 + 99.0 * x,
                    range.map(|(l, h)| (1.0 + 99.0 * l, 1.0 + 99.0 * h)),
                    s,
                );
                let wide = capability_spread(&cap, half, true);
                let narrow = capability_spread(&cap, half, false);
                prop_assert!(wide.lo > 0.0 && wide.lo <= narrow.lo && wide.hi >= narrow.hi);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_factors_are_as_documented() {
    assert_eq!(widening(Strength::CitedStates), 1.0);
    assert_eq!(widening(Strength::CitedImplies), 1.5);
    for s in [
        Strength::CitedUnrated,
        Strength::Judgement,
        Strength::Uncited,
    ] {
        assert_eq!(widening(s), 2.0);
    }
    let v = value(0.5, Some((0.4, 0.6)), Strength::Judgement);
    let sp = Spread::for_value(&v, 0.0, 0.0, 1.0, true);
    assert!(
        (sp.lo - 0.3).abs() < 1e-12 && (sp.hi - 0.7).abs() < 1e-12,
        "{sp:?}"
    );
    let v = value(0.5, Some((0.4, 0.6)), Strength::CitedImplies);
    let sp = Spread::for_value(&v, 0.0, 0.0, 1.0, true);
    assert!(
        (sp.lo - 0.35).abs() < 1e-12 && (sp.hi - 0.65).abs() < 1e-12,
        "{sp:?}"
    );
    // Clipped to the domain.
    let v = value(0.9, None, Strength::Uncited);
    let sp = Spread::for_value(&v, 0.1, 0.0, 1.0, true);
    assert!((sp.lo - 0.7).abs() < 1e-12 && sp.hi == 1.0, "{sp:?}");
}
