#!/usr/bin/env bash
# Load test of `domei serve` against a release build. Not part of the test
# suite (the suite runs the same test, crates/domei-cli/tests/serve_load.rs,
# against the test build with 500 reads and 50 forecasts).
#
# Builds `domei` in release mode, then runs the load test against it: a
# fresh server on loopback (SQLite), READS read requests (scenario list and
# page, run list, a run's page and charts, the OpenAPI document) and
# FORECASTS forecasts of the bundled scenario with every model, CONCURRENCY
# connections at once. Prints throughput and latency percentiles for reads
# and forecasts; fails if any request fails or the whole load takes longer
# than DEADLINE seconds.
#
# Usage: bench/load.sh
#        READS=5000 FORECASTS=200 CONCURRENCY=550 DEADLINE=300 WARM=1 bench/load.sh
#
# WARM=1 views the run once before the load (its recomputation is then
# cached). Keep FORECASTS and CONCURRENCY below 256: the server refuses
# (503) more runs waiting at once, by design. The server's listen backlog is
# 4096 (capped by net.core.somaxconn).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
echo "== building domei (release)"
cargo build --release --quiet -p domei-cli
DOMEI_BIN="$(cd "$target/release" && pwd)/domei"
export DOMEI_BIN
export DOMEI_LOAD_READS="${READS:-5000}"
export DOMEI_LOAD_FORECASTS="${FORECASTS:-200}"
export DOMEI_LOAD_CONCURRENCY="${CONCURRENCY:-550}"
export DOMEI_LOAD_DEADLINE_SECS="${DEADLINE:-300}"
export DOMEI_LOAD_WARM="${WARM:-0}"
echo "== load test against $DOMEI_BIN"
cargo test --quiet -p domei-cli --test serve_load concurrent_reads_and_forecasts_all_succeed -- --nocapture
