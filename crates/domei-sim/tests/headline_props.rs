//! The headline over random scenarios (fixed seed): every model run by the
//! engines, the input-uncertainty bands measured by the calibration's Monte
//! Carlo, then the headline and every model's ranges — nested, on the
//! issue's scale, holding their point — for the bundled calibration and for
//! a stack that weighs several members.

use domei_calib::stack::Member;
use domei_calib::{Calibration, Level};
use domei_engines::{ModelId, Options};
use domei_sim::headline;
use proptest::prelude::*;

type Stance = (f64, f64); // position on 0–1 of the scale, salience
type Issue = ((f64, f64), Option<f64>, Vec<Stance>); // (min, width), status quo, stances

/// A scenario's TOML: 2–5 actors, 1–3 issues on random scales, each actor
/// with a stance on every issue.
fn scenario() -> impl Strategy<Value = String> {
    (2usize..=5).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.05f64..10.0, n),
            proptest::collection::vec(
                (
                    (-500.0f64..500.0, 0.5f64..1000.0),
                    proptest::option::of(0.0f64..=1.0),
                    proptest::collection::vec((0.0f64..=1.0, 0.05f64..=1.0), n),
                ),
                1..=3,
            ),
        )
            .prop_map(|(caps, issues): (Vec<f64>, Vec<Issue>)| {
                let mut t = String::from("[scenario]\nid = \"r\"\nname = \"Random\"\n");
                for (k, c) in caps.iter().enumerate() {
                    t += &format!("\n[[actors]]\nid = \"a{k}\"\ncapability = {c}\n");
                }
                for (i, ((min, width), sq, _)) in issues.iter().enumerate() {
                    t += &format!(
                        "\n[[issues]]\nid = \"i{i}\"\nscale = {{ min = {min}, max = {} }}\n",
                        min + width
                    );
                    if let Some(u) = sq {
                        t += &format!("status_quo = {}\n", min + u * width);
                    }
                }
                for (i, ((min, width), _, stances)) in issues.iter().enumerate() {
                    for (k, (u, s)) in stances.iter().enumerate() {
                        t += &format!(
                            "\n[[stances]]\nactor = \"a{k}\"\nissue = \"i{i}\"\nposition = {}\nsalience = {s}\n",
                            min + u * width
                        );
                    }
                }
                t
            })
    })
}

/// The bundled calibration with a headline over several members.
fn stacked() -> Calibration {
    let mut c = Calibration::bundled().clone();
    c.name = "stacked".into();
    c.headline.members = vec![
        Member::Compromise,
        Member::Median,
        Member::Smp,
        Member::Nash,
        Member::StatusQuo,
        Member::Midpoint,
    ];
    c.headline.weights = vec![0.4, 0.2, 0.1, 0.1, 0.1, 0.1];
    c
}

#[test]
fn headline_ranges_hold_their_point_on_random_scenarios() {
    let mut runner = domei_testkit::runner(24, 33);
    let cals = [Calibration::bundled().clone(), stacked()];
    let opts = Options::default();
    runner
        .run(&scenario(), |text| {
            let s = domei_scenario::from_toml_str(
                std::path::Path::new("random.toml"),
                &text,
                domei_scenario::Requirements::default(),
            )
            .unwrap_or_else(|d| panic!("{d}\n{text}"));
            for cal in &cals {
                let mut f = domei_run::forecast(&s, &ModelId::ALL, &opts);
                headline::calibrate(&s, &mut f, cal, &opts);
                for ifc in &f.issues {
                    let issue = &s.issues[ifc.issue];
                    // Compromise always runs, so there is always a headline.
                    let h = ifc.headline.as_ref().expect("a headline");
                    assert_eq!(h.calibration, cal.id());
                    let mut all = vec![(h.value, h.intervals)];
                    for (r, iv) in ifc.results.iter().zip(&ifc.intervals) {
                        match (r.value(), iv) {
                            (Some(v), Some(iv)) => all.push((v, *iv)),
                            (None, None) => {}
                            (v, iv) => panic!("value {v:?} with ranges {iv:?}"),
                        }
                    }
                    for (v, iv) in all {
                        assert!(issue.min <= v && v <= issue.max, "{v} off the scale");
                        let mut prev = (v, v);
                        for l in Level::ALL {
                            let (lo, hi) = iv.get(l);
                            assert!(
                                issue.min <= lo && hi <= issue.max,
                                "{iv:?} off [{}, {}]\n{text}",
                                issue.min,
                                issue.max
                            );
                            assert!(
                                lo <= prev.0 && prev.1 <= hi,
                                "{iv:?} not nested around {v}\n{text}"
                            );
                            prev = (lo, hi);
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
