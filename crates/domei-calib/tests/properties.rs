//! Properties of the calibrated ranges over random issues (fixed seed):
//! nested, inside the scale, containing their point, for the bundled
//! calibration and for every model.

use domei_calib::features::IssueInput;
use domei_calib::{Calibration, Level};
use domei_engines::{ModelId, Player, Problem};
use proptest::prelude::*;

fn issue() -> impl Strategy<Value = (Problem, Vec<Option<f64>>, Vec<f64>)> {
    (
        -1000.0f64..1000.0,
        0.001f64..2000.0,
        proptest::collection::vec((0.01f64..10.0, 0.0f64..=1.0, 0.0f64..=1.0), 1..8),
        proptest::collection::vec(proptest::option::of(0.0f64..=1.0), 6),
        proptest::collection::vec(0.0f64..=1.0, 6),
        proptest::option::of(0.0f64..=1.0),
    )
        .prop_map(|(min, width, players, fs, bands, sq)| {
            let max = min + width;
            let at = |u: f64| min + u * width;
            let p = Problem {
                players: players
                    .iter()
                    .enumerate()
                    .map(|(k, &(c, x, s))| Player {
                        id: format!("a{k}"),
                        capability: c,
                        position: at(x),
                        salience: s,
                    })
                    .collect(),
                min,
                max,
                status_quo: sq.map(at),
            };
            (
                p,
                fs.iter().map(|f| f.map(at)).collect(),
                bands.iter().map(|b| b * width).collect(),
            )
        })
}

fn check(cal: &Calibration, p: &Problem, values: &[Option<f64>], bands: &[f64]) {
    let models = ModelId::ALL;
    let fs: Vec<(ModelId, f64)> = models
        .iter()
        .zip(values)
        .filter_map(|(&m, v)| Some((m, (*v)?)))
        .collect();
    let bs: Vec<(ModelId, f64)> = models.iter().copied().zip(bands.iter().copied()).collect();
    let x = IssueInput::new(p, &fs, &bs);
    let c = cal.apply(&x, p.min, p.max, &models, values);
    let mut all: Vec<(f64, domei_calib::Intervals)> = Vec::new();
    if let Some(h) = &c.headline {
        all.push((h.value, h.intervals));
        assert_eq!(h.calibration, cal.id());
    } else {
        // Only when neither a headline member nor the compromise ran.
        assert!(values[0].is_none());
    }
    for (v, iv) in values.iter().zip(&c.intervals) {
        match (v, iv) {
            (Some(v), Some(iv)) => all.push((*v, *iv)),
            (None, None) => {}
            (Some(_), None) => assert!(cal.models.is_empty()),
            (None, Some(_)) => panic!("ranges for a model that did not run"),
        }
    }
    for (v, iv) in all {
        let mut prev = (v, v);
        for l in Level::ALL {
            let (lo, hi) = iv.get(l);
            assert!(
                p.min <= lo && hi <= p.max,
                "{l:?} {iv:?} outside [{}, {}]",
                p.min,
                p.max
            );
            assert!(iv.contains(l, v), "point {v} outside {l:?} {iv:?}");
            assert!(lo <= prev.0 && prev.1 <= hi, "not nested: {iv:?}");
            prev = (lo, hi);
        }
    }
}

#[test]
fn ranges_are_nested_inside_the_scale_and_contain_their_point() {
    let mut runner = domei_testkit::runner(512, 31);
    let cal = Calibration::bundled();
    runner
        .run(&issue(), |(p, values, bands)| {
            check(cal, &p, &values, &bands);
            Ok(())
        })
        .unwrap();
}

/// Any valid calibration, not only the bundled one: a stack over every
/// member with random weights, a random snapping distance, random
/// scales and quantiles (the 95% one possibly infinite, as conformal
/// quantiles of too few scores are).
fn calibration() -> impl Strategy<Value = Calibration> {
    (
        proptest::collection::vec(0u32..=10, 8),
        (0.0f64..20.0, 0.0f64..2.0, 0.0f64..2.0),
        (0.0f64..3.0, 0.0f64..3.0, 0.0f64..3.0, any::<bool>()),
        0.0f64..60.0,
    )
        .prop_map(|(w, (base, dis, disp), (a, b, c, inf), snap)| {
            use domei_calib::stack::Member;
            let mut cal = Calibration::bundled().clone();
            let members = vec![
                Member::Compromise,
                Member::Median,
                Member::Bdm,
                Member::Nash,
                Member::Smp,
                Member::Exchange,
                Member::StatusQuo,
                Member::Midpoint,
            ];
            let total: u32 = w.iter().sum();
            let weights: Vec<f64> = if total == 0 {
                let mut v = vec![0.0; 8];
                v[7] = 1.0;
                v
            } else {
                w.iter().map(|&x| f64::from(x) / f64::from(total)).collect()
            };
            let mut q = [a, b, c];
            q.sort_by(f64::total_cmp);
            cal.name = "random".into();
            cal.headline.members = members;
            cal.headline.weights = weights;
            cal.headline.snap = snap;
            cal.headline.scale.base = base;
            cal.headline.scale.disagreement = dis;
            cal.headline.scale.dispersion = disp;
            cal.headline.quantiles.q50 = q[0];
            cal.headline.quantiles.q80 = q[1];
            cal.headline.quantiles.q95 = if inf { f64::INFINITY } else { q[2] };
            cal
        })
}

#[test]
fn any_stack_gives_ranges_nested_inside_the_scale_around_its_point() {
    let mut runner = domei_testkit::runner(512, 32);
    runner
        .run(&(calibration(), issue()), |(cal, (p, values, bands))| {
            check(&cal, &p, &values, &bands);
            Ok(())
        })
        .unwrap();
}
