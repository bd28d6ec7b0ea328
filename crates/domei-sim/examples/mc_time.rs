//! Times the Monte Carlo of a scenario, for profiling the engines' per-draw
//! cost (`bench/mc_compare.sh` times the real `domei simulate` instead).
//!
//! `cargo run --release -p domei-sim --example mc_time -- DIR DRAWS SEED MODELS [THREADS]`
//!
//! MODELS is a comma-separated list (`all` for every model). Prints the
//! simulation result as JSON on stdout (compare two builds with `cmp`) and
//! the wall time and milliseconds per draw on stderr.

use std::path::Path;
use std::time::Instant;

use domei_engines::{ModelId, Options};
use domei_sim::{simulate, McOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: mc_time DIR DRAWS SEED MODELS [THREADS]");
        std::process::exit(2);
    }
    let s = match domei_scenario::load(Path::new(&args[0])) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e:?}", args[0]);
            std::process::exit(2);
        }
    };
    let parse = |k: usize| -> u64 {
        args[k].parse().unwrap_or_else(|_| {
            eprintln!("argument {}: not a number: {}", k + 1, args[k]);
            std::process::exit(2)
        })
    };
    let (draws, seed) = (parse(1), parse(2));
    let models: Vec<ModelId> = if args[3] == "all" {
        ModelId::ALL.to_vec()
    } else {
        args[3]
            .split(',')
            .map(|m| {
                m.parse().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(2)
                })
            })
            .collect()
    };
    let threads = args.get(4).map_or(0, |_| parse(4) as usize);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
    let mc = McOptions {
        draws,
        seed,
        ..McOptions::default()
    };
    let t0 = Instant::now();
    let r = pool.install(|| simulate(&s, &models, &Options::default(), &mc, &|_, _| {}));
    let secs = t0.elapsed().as_secs_f64();
    match serde_json::to_string(&r) {
        Ok(j) => println!("{j}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
    eprintln!(
        "{} draws: {secs:.3} s wall, {:.4} ms per draw",
        draws,
        secs * 1e3 / draws as f64
    );
}
