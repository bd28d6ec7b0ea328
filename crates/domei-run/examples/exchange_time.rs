//! Times domei's exchange model — the decide reading in Decide's decimal
//! arithmetic and in binary (the default), and the continuous reading — on a
//! scenario, beside
//! Decide's own time on the same example when the scenario's folder has the
//! `expected.json` of `data/decide/` (Decide's run, measured when the golden
//! values were made; Decide itself is not run here).
//!
//! `cargo run --release -p domei-run --example exchange_time -- [DIR] [RUNS]`
//!
//! DIR defaults to `data/decide/cop21`; RUNS (default 5) runs of each
//! reading, load and run timed together, the fastest kept.

use std::path::{Path, PathBuf};
use std::time::Instant;

use domei_engines::{run_joint, ExchangeArith, ExchangeReading, ModelId, Options};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "data/decide/cop21".into()));
    let runs: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let time =
        |reading: ExchangeReading, arith: Option<ExchangeArith>| -> Result<(f64, u32), String> {
            let mut best = f64::INFINITY;
            let mut executed = 0;
            for _ in 0..runs {
                let t0 = Instant::now();
                let s = domei_scenario::load(Path::new(&dir)).map_err(|e| format!("{e:?}"))?;
                let ps = domei_run::problems(&s);
                let opts = Options {
                    exchange_reading: reading,
                    exchange_arith: arith,
                    ..Options::default()
                };
                let f = run_joint(ModelId::Exchange, &ps, &opts).map_err(|e| e.to_string())?;
                best = best.min(t0.elapsed().as_secs_f64());
                if let domei_engines::Explanation::Exchange(e) = &f[0].explanation {
                    executed = e.exchanges_executed;
                }
            }
            Ok((best, executed))
        };
    let mut rows = Vec::new();
    let variants = [
        (
            "decide --exchange-arith decimal",
            ExchangeReading::Decide,
            Some(ExchangeArith::Decimal),
        ),
        (
            "decide (binary, the default)",
            ExchangeReading::Decide,
            None,
        ),
        ("continuous", ExchangeReading::Continuous, None),
    ];
    for (name, reading, arith) in variants {
        match time(reading, arith) {
            Ok((t, n)) => rows.push((name, t, n)),
            Err(e) => {
                eprintln!("exchange_time: {e}");
                std::process::exit(1);
            }
        }
    }
    let decide = std::fs::read_to_string(dir.join("expected.json"))
        .ok()
        .and_then(|t| {
            let v: serde_json::Value = serde_json::from_str(&t).ok()?;
            Some((
                v["decide_seconds"].as_f64()?,
                v["decide_python"].as_str()?.to_string(),
            ))
        });
    println!("{}: fastest of {runs} runs (load + run)", dir.display());
    for (name, t, n) in &rows {
        println!("  domei --exchange-reading {name:<31} {t:>9.4} s  ({n} exchanges)");
    }
    if let Some((d, py)) = decide {
        let (_, t_decide, _) = rows[0];
        println!("  Decide (Python {py}, 10 rounds, in-process, as recorded) {d:>7.2} s");
        println!(
            "  ratio Decide / domei decide reading (decimal): {:.0}x",
            d / t_decide
        );
    }
    let (_, td, _) = rows[0];
    let (_, tb, _) = rows[1];
    let (_, tc, _) = rows[2];
    println!(
        "  ratio decide (decimal) / continuous reading: {:.2}",
        td / tc
    );
    println!(
        "  ratio decide (binary) / continuous reading: {:.2}",
        tb / tc
    );
}
