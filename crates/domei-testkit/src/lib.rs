//! What the property tests of every domei crate share (a dev-dependency
//! only): one configuration, so that the suite gives the same result on
//! every run (CI included) and `scripts/proptest-soak` can still explore.
#![warn(missing_docs)]

use proptest::test_runner::{Config, RngSeed};

/// `cases` cases from the fixed `seed`, unless the environment asks for
/// others: `PROPTEST_RNG_SEED` (a random seed of the soak; proptest reads
/// it) and `PROPTEST_CASES` (another number of cases per run). See
/// docs/cli.md, "Tests".
pub fn seeded(cases: u32, seed: u64) -> Config {
    let mut c = Config::with_cases(cases);
    if c.rng_seed == RngSeed::Random {
        c.rng_seed = RngSeed::Fixed(seed);
    }
    if let Some(n) = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        c.cases = n;
    }
    c
}

/// A runner of [`seeded`]`(cases, seed)`, for the tests that drive proptest
/// by hand (`runner.run(&strategy, |value| …)`) rather than through the
/// `proptest!` macro.
pub fn runner(cases: u32, seed: u64) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(seeded(cases, seed))
}
