//! Monte Carlo, sensitivity and backtest on the bundled scenario and DEU III.

use domei_engines::{ModelId, Options};
use domei_scenario::{load, Scenario};
use domei_sim::*;
use std::path::Path;

fn repo(p: &str) -> Scenario {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)).unwrap()
}

fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
}

#[test]
fn same_seed_same_result_whatever_the_thread_count() {
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 700,
        seed: 42,
        ..McOptions::default()
    };
    let models = [ModelId::Compromise, ModelId::Median, ModelId::Nash];
    let one = pool(1).install(|| simulate(&s, &models, &Options::default(), &mc, &|_, _| {}));
    let two = pool(2).install(|| simulate(&s, &models, &Options::default(), &mc, &|_, _| {}));
    let three = pool(3).install(|| simulate(&s, &models, &Options::default(), &mc, &|_, _| {}));
    let j = |r: &SimResult| serde_json::to_string(r).unwrap();
    assert_eq!(j(&one), j(&two));
    assert_eq!(j(&one), j(&three));
    let other = simulate(
        &s,
        &models,
        &Options::default(),
        &McOptions {
            seed: 43,
            ..mc.clone()
        },
        &|_, _| {},
    );
    assert_ne!(j(&one), j(&other));
}

#[test]
fn percentiles_are_ordered_and_inside_the_scale() {
    let s = repo("scenarios/japan-us-2025");
    let r = simulate(
        &s,
        &ModelId::ALL,
        &Options::default(),
        &McOptions {
            draws: 300,
            ..McOptions::default()
        },
        &|_, _| {},
    );
    for is in &r.issues {
        let issue = &s.issues[is.issue];
        for m in &is.models {
            let sm = &m.summary;
            assert_eq!(sm.n + sm.failed, 300);
            let (p10, p50, p90) = (sm.p10.unwrap(), sm.p50.unwrap(), sm.p90.unwrap());
            assert!(
                issue.min <= p10 && p10 <= p50 && p50 <= p90 && p90 <= issue.max,
                "{} {:?}",
                issue.id,
                sm
            );
            assert_eq!(sm.histogram.iter().map(|b| b.count).sum::<u64>(), sm.n);
        }
    }
}

#[test]
fn no_uncertainty_gives_the_point_forecast() {
    // Car emissions has no ranges; with no perturbation every draw is the point.
    let s = repo("data/bdm1994/car-emissions.csv");
    let mc = McOptions {
        draws: 50,
        perturbation: Perturbation::NONE,
        ..McOptions::default()
    };
    let r = simulate(
        &s,
        &[ModelId::Compromise, ModelId::Median],
        &Options::default(),
        &mc,
        &|_, _| {},
    );
    let point = domei_run::forecast(
        &s,
        &[ModelId::Compromise, ModelId::Median],
        &Options::default(),
    );
    for (j, m) in r.issues[0].models.iter().enumerate() {
        let x = point.issues[0].results[j].value().unwrap();
        assert!(
            (m.summary.p10.unwrap() - x).abs() < 1e-9 && (m.summary.p90.unwrap() - x).abs() < 1e-9
        );
        assert_eq!(m.summary.sd, Some(0.0));
    }
}

#[test]
fn kept_draws_match_the_summary() {
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 130,
        keep_draws: true,
        ..McOptions::default()
    };
    let r = simulate(
        &s,
        &[ModelId::Compromise],
        &Options::default(),
        &mc,
        &|_, _| {},
    );
    let m = &r.issues[0].models[0];
    let d: Vec<f64> = m
        .draws
        .as_ref()
        .unwrap()
        .iter()
        .flatten()
        .copied()
        .collect();
    assert_eq!(d.len(), 130);
    let mean = d.iter().sum::<f64>() / 130.0;
    assert!((mean - m.summary.mean.unwrap()).abs() < 1e-9);
}

/// Raising an actor's salience gives it more weight in the weighted mean, so
/// the compromise moves toward its position: the tornado's salience bar for
/// the actor farthest above the forecast must rise from low to high.
#[test]
fn sensitivity_directions_follow_the_weighted_mean() {
    let s = repo("scenarios/japan-us-2025");
    let t = sensitivity(
        &s,
        &[ModelId::Compromise],
        &Options::default(),
        &Perturbation::default(),
    );
    let i = s.issue_index("defense-spending").unwrap();
    let tor = t.iter().find(|t| t.issue == i).unwrap();
    let base = tor.base.unwrap();
    let p = domei_run::problem(&s, i);
    for b in tor
        .bars
        .iter()
        .filter(|b| b.field == sensitivity::Field::Salience)
    {
        let pos = p.players.iter().find(|x| x.id == b.actor).unwrap().position;
        if (pos - base).abs() > 1e-6 {
            assert_eq!(
                b.forecast_high > b.forecast_low,
                pos > base,
                "{} at {pos} vs base {base}",
                b.actor
            );
        }
    }
    assert!(tor.bars.windows(2).all(|w| w[0].swing >= w[1].swing));
}

#[test]
fn backtest_reproduces_the_reference_compromise_mae() {
    let s = repo("data/deu3/dev.tsv");
    let bt = BacktestOptions {
        models: vec![ModelId::Compromise, ModelId::Median],
        opts: Options::default(),
        mc: None,
        folds: 10,
        inner_folds: 5,
        fold_seed: 0,
    };
    let r = backtest(&s, None, &bt);
    let c = &r.models[0];
    assert_eq!((c.model.as_str(), c.metrics.n), ("compromise", 247));
    assert!(
        (c.metrics.mae.unwrap() - 23.83).abs() < 0.005,
        "{:?}",
        c.metrics
    );
    let sq = r.models.iter().find(|m| m.model == "status_quo").unwrap();
    assert_eq!(sq.metrics.n, 184);
    assert!(
        (sq.metrics.mae.unwrap() - 49.79).abs() < 0.005,
        "{:?}",
        sq.metrics
    );
    let med = &r.models[1];
    assert!(
        (med.metrics.mae.unwrap() - 28.09).abs() < 0.005,
        "{:?}",
        med.metrics
    );
    assert!(c.by_procedure.values().map(|m| m.n).sum::<usize>() == 247);
    let e = r.ensemble.as_ref().unwrap();
    assert_eq!(e.method, "cross-validation");
    assert!((e.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn backtest_intervals_and_fit_file() {
    let s = repo("data/deu3/dev.tsv");
    let bt = BacktestOptions {
        models: vec![ModelId::Compromise, ModelId::Median],
        opts: Options::default(),
        mc: Some(McOptions {
            draws: 40,
            ..McOptions::default()
        }),
        folds: 5,
        inner_folds: 5,
        fold_seed: 0,
    };
    let r = backtest(&s, Some(&s), &bt);
    for m in r
        .models
        .iter()
        .filter(|m| !["status_quo", "ensemble"].contains(&m.model.as_str()))
    {
        let c = m.metrics.coverage80.unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(m.metrics.width80.unwrap() > 0.0);
        assert!(m.metrics.interval_score80.unwrap() >= m.metrics.width80.unwrap());
        if m.model != "headline" && m.model != "plain_conformal" {
            let b = m.metrics.input_band_coverage.unwrap();
            assert!((0.0..=1.0).contains(&b));
        }
    }
    assert_eq!(r.ensemble.as_ref().unwrap().method, "fit-file");
    assert_eq!(r.headline.as_ref().unwrap().method, "fit-file");
}

/// The multi-issue models run per group of issues in every draw; the
/// result is still byte-identical whatever the thread count.
#[test]
fn joint_models_are_deterministic_across_threads() {
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 150,
        seed: 7,
        ..McOptions::default()
    };
    let models = [ModelId::Smp, ModelId::Exchange, ModelId::Compromise];
    let run = |n| pool(n).install(|| simulate(&s, &models, &Options::default(), &mc, &|_, _| {}));
    let j = |r: &SimResult| serde_json::to_string(r).unwrap();
    let one = j(&run(1));
    assert_eq!(one, j(&run(2)));
    assert_eq!(one, j(&run(3)));
}

/// With nothing drawn, every draw of a joint model is its point forecast:
/// the draws group the issues as `domei_run::forecast` does, and skipping
/// the explanations (Monte Carlo does) changes no value.
#[test]
fn joint_draws_without_uncertainty_are_the_point_forecast() {
    let s = repo("data/deu3/dev.tsv");
    let models = [ModelId::Exchange];
    let mc = McOptions {
        draws: 3,
        perturbation: Perturbation::NONE,
        keep_draws: true,
        ..McOptions::default()
    };
    let r = simulate(&s, &models, &Options::default(), &mc, &|_, _| {});
    let point = domei_run::forecast(&s, &models, &Options::default());
    let mut traded = 0;
    for (is, ps) in r.issues.iter().zip(&point.issues) {
        let x = ps.results[0].value().unwrap();
        for d in is.models[0].draws.as_ref().unwrap() {
            assert_eq!(d.unwrap().to_bits(), x.to_bits(), "issue {}", is.issue);
        }
        if let Some(domei_engines::Explanation::Exchange(e)) =
            ps.results[0].forecast().map(|f| &f.explanation)
        {
            traded += usize::from(!e.exchanges.is_empty());
        }
    }
    assert!(traded > 0, "some DEU III dossier should see an exchange");
}

#[test]
fn sensitivity_reruns_the_whole_group_for_joint_models() {
    let s = repo("scenarios/japan-us-2025");
    let opts = Options {
        smp_max_rounds: 20,
        ..Options::default()
    };
    let t = sensitivity(&s, &[ModelId::Smp], &opts, &Perturbation::default());
    let point = domei_run::forecast(&s, &[ModelId::Smp], &opts);
    assert_eq!(t.len(), s.issues.len());
    for tor in &t {
        assert_eq!(tor.base, point.issues[tor.issue].results[0].value());
        assert!(tor.bars.windows(2).all(|w| w[0].swing >= w[1].swing));
    }
    assert!(t.iter().any(|tor| !tor.bars.is_empty()));
}

/// Every model at once, on 1, 2 and 4 threads, with a number of draws that
/// leaves the last work item short: byte-identical results.
#[test]
fn all_models_are_identical_on_1_2_and_4_threads() {
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 2 * montecarlo::BLOCK + 37,
        seed: 7,
        keep_draws: true,
        ..McOptions::default()
    };
    let run =
        |n| pool(n).install(|| simulate(&s, &ModelId::ALL, &Options::default(), &mc, &|_, _| {}));
    let j = |r: &SimResult| serde_json::to_string(r).unwrap();
    let one = j(&run(1));
    assert_eq!(one, j(&run(2)));
    assert_eq!(one, j(&run(4)));
}

/// A draw is the point forecast's engines run on the drawn problems: each
/// kept draw equals `run_problems` on the same stream's problems.
#[test]
fn draws_are_the_full_runs_on_the_drawn_problems() {
    use domei_sim::sample::Sampler;
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 5,
        seed: 3,
        keep_draws: true,
        ..McOptions::default()
    };
    let r = simulate(&s, &ModelId::ALL, &Options::default(), &mc, &|_, _| {});
    let sampler = Sampler::new(&s, &mc.perturbation, mc.dist);
    let groups = domei_run::groups(&s);
    let mut reused = Vec::new();
    for d in 0..mc.draws {
        let mut rng = ChaCha8Rng::seed_from_u64(mc.seed);
        rng.set_stream(d);
        let problems = sampler.draw(&mut rng);
        let mut again = ChaCha8Rng::seed_from_u64(mc.seed);
        again.set_stream(d);
        sampler.draw_into(&mut again, &mut reused);
        assert_eq!(problems, reused, "draw_into differs from draw");
        let full = domei_run::run_problems(&ModelId::ALL, &problems, &groups, &Options::default());
        for (i, results) in full.iter().enumerate() {
            for (m, res) in results.iter().enumerate() {
                let kept = r.issues[i].models[m].draws.as_ref().unwrap()[d as usize];
                assert_eq!(kept.map(f64::to_bits), res.value().map(f64::to_bits));
            }
        }
    }
}

/// The headline and its ranges are the same for a seed whatever the thread
/// count, and every range is nested, on the scale and holds its point.
#[test]
fn headline_is_reproducible_and_its_ranges_hold_their_points() {
    let s = repo("scenarios/japan-us-2025");
    let cal = domei_calib::Calibration::bundled();
    let models = ModelId::ALL;
    let run = |n| {
        pool(n).install(|| {
            let mut f = domei_run::forecast(&s, &models, &Options::default());
            headline::calibrate(&s, &mut f, cal, &Options::default());
            f
        })
    };
    let one = run(1);
    let two = run(2);
    let j = |f: &domei_run::ScenarioForecast| serde_json::to_string(f).unwrap();
    assert_eq!(j(&one), j(&two));
    for ifc in &one.issues {
        let issue = &s.issues[ifc.issue];
        let h = ifc.headline.as_ref().unwrap();
        assert_eq!(h.calibration, cal.id());
        let mut all = vec![(h.value, h.intervals)];
        for (r, iv) in ifc.results.iter().zip(&ifc.intervals) {
            if let (Some(v), Some(iv)) = (r.value(), iv) {
                all.push((v, *iv));
            }
        }
        for (v, iv) in all {
            let mut prev = (v, v);
            for l in domei_calib::Level::ALL {
                let (lo, hi) = iv.get(l);
                assert!(issue.min <= lo && hi <= issue.max);
                assert!(lo <= prev.0 && prev.1 <= hi, "{iv:?} around {v}");
                prev = (lo, hi);
            }
        }
    }
}

/// A simulation told to stop returns nothing and draws no further block
/// once told (stopped here by its own first progress report, so the test
/// does not depend on timing: whatever the progress granularity, the draws
/// reported never reach the total); one never told to stop equals
/// `simulate`.
#[test]
fn a_stopped_simulation_returns_nothing_and_stops_drawing() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let s = repo("scenarios/japan-us-2025");
    let mc = McOptions {
        draws: 5000,
        seed: 3,
        ..McOptions::default()
    };
    let models = [ModelId::Compromise];
    let stop = AtomicBool::new(false);
    let most = AtomicU64::new(0);
    let r = simulate_until(
        &s,
        &models,
        &Options::default(),
        &mc,
        &|done, _| {
            most.fetch_max(done, Ordering::SeqCst);
            stop.store(true, Ordering::SeqCst);
        },
        &|| stop.load(Ordering::SeqCst),
    );
    assert!(r.is_none());
    let most = most.load(Ordering::SeqCst);
    assert!(most > 0 && most < mc.draws, "{most} of {} draws", mc.draws);
    let small = McOptions { draws: 100, ..mc };
    let full = simulate_until(
        &s,
        &models,
        &Options::default(),
        &small,
        &|_, _| {},
        &|| false,
    )
    .expect("never stopped");
    let plain = simulate(&s, &models, &Options::default(), &small, &|_, _| {});
    assert_eq!(
        serde_json::to_string(&full).unwrap(),
        serde_json::to_string(&plain).unwrap()
    );
}

/// Reports of a ticker over `total` units, collected.
fn ticked(total: u64, work: impl FnOnce(&progress::Ticker)) -> Vec<(u64, u64)> {
    let seen = std::sync::Mutex::new(Vec::new());
    let report = |d, t| seen.lock().unwrap().push((d, t));
    work(&progress::Ticker::new(total, &report));
    seen.into_inner().unwrap()
}

/// A backtest's and a calibration's progress counts every unit of their
/// work: the reports climb to exactly the total they announce, and
/// counting changes nothing in the result.
#[test]
fn backtest_and_calibration_progress_reaches_their_totals() {
    let s = repo("data/deu3/dev.tsv");
    let groups = domei_run::partition(s.issues.len(), &domei_run::groups(&s)).len() as u64;
    let bt = BacktestOptions {
        models: vec![ModelId::Compromise],
        opts: Options::default(),
        mc: Some(McOptions {
            draws: 8,
            keep_draws: true,
            ..McOptions::default()
        }),
        folds: 5,
        inner_folds: 3,
        fold_seed: 0,
    };
    let total = backtest::backtest_units(&s, Some(&s), &bt);
    assert_eq!(total, 2 * groups * (1 + 8));
    let mut r = None;
    let seen = ticked(total, |t| {
        r = Some(backtest::backtest_ticking(&s, Some(&s), &bt, t))
    });
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert!(seen.len() >= 50, "{} reports", seen.len());
    let j = |r: &BacktestReport| serde_json::to_string(r).unwrap();
    assert_eq!(j(&r.unwrap()), j(&backtest(&s, Some(&s), &bt)));

    let co = calibrate::CalibrateOptions {
        opts: Options::default(),
        mc: McOptions {
            draws: 4,
            ..McOptions::default()
        },
        outer_folds: 3,
        inner_folds: 3,
        name: "t".into(),
        version: 1,
        file: String::new(),
        sha256: String::new(),
        attribution: String::new(),
    };
    let total = calibrate::calibrate_units(&s, &co);
    assert_eq!(total, groups * (1 + 4));
    let seen = ticked(total, |t| {
        calibrate::calibrate_ticking(&s, &co, t).unwrap();
    });
    assert_eq!(seen.last(), Some(&(total, total)));
    // On the ledger, each scenario version's models run once.
    let r = |version, issue| calibrate::Resolved {
        scenario: &s,
        version,
        issue,
        outcome: 0.0,
        date: "2026-01-01".into(),
    };
    let resolved = [r(1, 0), r(1, 1), r(2, 0), r(1, 2)];
    assert_eq!(calibrate::ledger_units(&resolved, &co), 2 * total);
}
