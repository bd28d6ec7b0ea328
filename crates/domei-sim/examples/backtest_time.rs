//! Times the steps of a backtest, for profiling (`bench/mc_compare.sh`
//! times the real `domei backtest` instead).
//!
//! `cargo run --release -p domei-sim --example backtest_time -- FILE [DRAWS] [THREADS]`
//!
//! Runs, with `domei backtest`'s defaults (all models, seed 1, 10 outer
//! and 5 inner folds), the Monte Carlo draws and point forecasts alone
//! (`prepare`) and then the whole backtest, and prints their wall times on
//! stderr and the report's MAE per model on stdout (compare two builds).

use std::path::Path;
use std::time::Instant;

use domei_engines::{ModelId, Options};
use domei_sim::prepare::prepare;
use domei_sim::{backtest, BacktestOptions, McOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: backtest_time FILE [DRAWS] [THREADS]");
        std::process::exit(2);
    };
    let parse = |k: usize, default: u64| -> u64 {
        args.get(k).map_or(default, |a| {
            a.parse().unwrap_or_else(|_| {
                eprintln!("argument {}: not a number: {a}", k + 1);
                std::process::exit(2)
            })
        })
    };
    let (draws, threads) = (parse(1, 200), parse(2, 0) as usize);
    let s = match domei_scenario::load(Path::new(file)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{file}: {e:?}");
            std::process::exit(2);
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
    let bt = BacktestOptions {
        models: ModelId::ALL.to_vec(),
        opts: Options::default(),
        mc: (draws > 0).then(|| McOptions {
            draws,
            seed: 1,
            keep_draws: true,
            ..McOptions::default()
        }),
        folds: 10,
        inner_folds: 5,
        fold_seed: 0,
    };
    pool.install(|| {
        let t0 = Instant::now();
        let p = prepare(&s, &bt.models, &bt.opts, bt.mc.as_ref());
        let t1 = t0.elapsed().as_secs_f64();
        let r = backtest(&s, None, &bt);
        let t2 = t0.elapsed().as_secs_f64() - t1;
        for m in &r.models {
            println!("{} {:?} {:?}", m.model, m.metrics.mae, m.metrics.coverage80);
        }
        eprintln!(
            "{} issues: prepare {t1:.3} s wall; backtest {t2:.3} s wall ({:.3} s after its prepare)",
            p.inputs.len(),
            t2 - t1
        );
    });
}
