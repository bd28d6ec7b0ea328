//! Every fuzz target of `fuzz/`, on stable Rust, in the test suite: its kept
//! corpus (`fuzz/corpus/<target>/`, every file) is replayed, then a fixed
//! number of inputs mutated from it with a fixed seed (`domei_fuzz_targets::
//! mutate`) are run. Deterministic: the same inputs on every run, so the
//! test cannot fail by chance; a failure names its target, seed and index
//! and writes the input to `target/fuzz-failures/<target>/`, to be added to
//! the corpus with the fix.
//!
//! `DOMEI_FUZZ_ITERATIONS=N` runs N mutations per target instead of the
//! default (chosen for about 2–3 s per target in a debug build on the
//! 2-core development machine); `DOMEI_FUZZ_SEED=S` explores other inputs.

use domei_fuzz_targets::mutate::{mutate, Rng};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The fixed seed (mixed with the target's name).
const SEED: u64 = 0xd0e1_f022_5eed;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The kept corpus of `target`, in file-name order.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (every target keeps a corpus)", dir.display()))
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("a readable corpus file"))
        })
        .collect()
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number"))
    })
}

/// Runs `input` through `target`; a panic fails the test after saving the
/// input.
fn check(target: &str, body: fn(&[u8]), input: &[u8], what: &str) {
    let outcome = std::panic::catch_unwind(|| body(input));
    if let Err(payload) = outcome {
        let dir = root().join("target/fuzz-failures").join(target);
        let file = dir.join(what.replace([' ', '/'], "-"));
        let saved = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&file, input))
            .map(|_| file.display().to_string())
            .unwrap_or_else(|e| format!("(not saved: {e})"));
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("fuzz target {target} panicked on {what}: {message}; input saved to {saved}");
    }
}

fn replay(target: &str, default_iterations: u64) {
    let body = domei_fuzz_targets::target(target).expect("a known target");
    let kept = corpus(target);
    assert!(!kept.is_empty(), "fuzz/corpus/{target}/ is empty");
    let start = Instant::now();
    for (name, input) in &kept {
        check(target, body, input, &format!("corpus file {name}"));
    }
    let inputs: Vec<Vec<u8>> = kept.into_iter().map(|(_, x)| x).collect();
    let iterations = env_u64("DOMEI_FUZZ_ITERATIONS").unwrap_or(default_iterations);
    let seed = env_u64("DOMEI_FUZZ_SEED").unwrap_or(SEED)
        ^ target
            .bytes()
            .fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    let mut rng = Rng::new(seed);
    for i in 0..iterations {
        let input = mutate(&mut rng, &inputs);
        check(target, body, &input, &format!("seed {seed} mutation {i}"));
    }
    eprintln!(
        "{target}: {} corpus files and {iterations} mutations in {:.1} s",
        inputs.len(),
        start.elapsed().as_secs_f64()
    );
}

/// One test per target (so they run in parallel), with its default number
/// of mutations.
macro_rules! targets {
    ($($name:ident: $iterations:expr,)*) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name), $iterations);
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let here: Vec<&str> = vec![$(stringify!($name)),*];
            let all: Vec<&str> = domei_fuzz_targets::TARGETS.iter().map(|(n, _)| *n).collect();
            assert_eq!(here, all);
        }
    };
}

targets! {
    ingest_text: 20000,
    ingest_markdown: 6000,
    ingest_html: 9000,
    ingest_pdf: 20000,
    quantities: 25000,
    scenario_toml: 25000,
    scenario_csv: 15000,
    scenario_ktab: 15000,
    scenario_deu3: 6000,
    scenario_decide: 8000,
    scenario_ktab_xml: 6000,
    value_edit: 15000,
    parts_events: 2000,
    parts_plan: 1300,
    parts_frame: 2000,
    evidence_migrate: 8000,
}

/// Every binary of `fuzz/` is a target here, and every target has one.
#[test]
fn the_cargo_fuzz_binaries_are_the_targets() {
    let dir = root().join("fuzz/fuzz_targets");
    let mut bins: Vec<String> = std::fs::read_dir(&dir)
        .expect("fuzz/fuzz_targets")
        .map(|e| {
            let p = e.expect("an entry").path();
            p.file_stem()
                .expect("a file")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    bins.sort();
    let mut all: Vec<String> = domei_fuzz_targets::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    all.sort();
    assert_eq!(bins, all);
    let manifest =
        std::fs::read_to_string(root().join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
    for name in &all {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let body = std::fs::read_to_string(dir.join(format!("{name}.rs"))).expect("a target");
        assert!(
            body.contains(&format!("domei_fuzz_targets::{name}(data)")),
            "fuzz/fuzz_targets/{name}.rs does not call its body"
        );
    }
}
