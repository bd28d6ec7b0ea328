#!/usr/bin/env bash
# Monte Carlo speed against the previous engine path (issue 11, item 6). Not
# part of the test suite.
#
# Builds `domei` in release mode from this work tree and from BASE (default
# `main`: a git worktree in a temporary directory, built in this target
# directory so that the third-party crates are shared; the baseline binary is
# kept as target/mc-compare/domei-<commit>, so later runs skip that build, or
# give one with OLD_BIN), then on the bundled scenario:
#
#  1. `domei simulate --draws DRAWS --seed SEED --format json --no-store`
#     with all six models on THREADS worker threads: wall and CPU (user +
#     system) seconds of each binary, fastest of RUNS by wall time, and the
#     ratios old / new. The two JSON documents must be byte-identical.
#  2. Per model, on one thread, MODEL_DRAWS draws: CPU milliseconds per draw
#     (a 1-draw run is subtracted, so start-up does not count), old, new and
#     the ratio; outputs byte-identical.
#  3. `domei forecast --format json --no-store` (the README's main command,
#     with the headline and its ranges): wall and CPU seconds, fastest of
#     RUNS, old, new and the ratio; byte-identical.
#  4. With INSTR=1 (needs valgrind): instructions executed by `domei
#     simulate --draws INSTR_DRAWS` (default 200, all models, 1 thread)
#     under callgrind, old, new and the ratio — a count that does not
#     depend on the machine's load, for a shared or busy machine where
#     wall and CPU times are noisy.
#  5. Unless BACKTEST=0: `domei backtest --deu3 data/deu3/dev.tsv --draws
#     BACKTEST_DRAWS --format json` (default 20 draws, the backtest's own
#     default since 3 December 2026 — given explicitly, so that a build
#     from before, whose default was 200, runs the same backtest; both
#     exchange readings) on THREADS threads: wall and CPU seconds of one run
#     each, the ratio; byte-identical.
#
# On a machine shared with other work, wall times are noisy; CPU times less
# so. For instruction counts, which do not depend on the load, run the
# profiling example under valgrind:
#   cargo build --release -p domei-sim --example mc_time
#   valgrind --tool=callgrind target/release/examples/mc_time scenarios/japan-us-2025 100 7 smp 1
#
# Usage: bench/mc_compare.sh
#        BASE=<commit> OLD_BIN=<domei binary> DRAWS=10000 SEED=7 THREADS=2 RUNS=3 MODEL_DRAWS=2000 INSTR=0 INSTR_DRAWS=200 BACKTEST=1 BACKTEST_DRAWS=20 bench/mc_compare.sh
# The load average is printed with each section: compare the ratios, which
# are measured side by side, rather than absolute times across sessions.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

base="${BASE:-main}"
draws="${DRAWS:-10000}"
seed="${SEED:-7}"
threads="${THREADS:-2}"
runs="${RUNS:-3}"
model_draws="${MODEL_DRAWS:-2000}"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CARGO_TARGET_DIR="$target"

work="$(mktemp -d)"
tree=""
cleanup() {
  if [ -n "$tree" ]; then git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${OLD_BIN:-}" ]; then
  old="$OLD_BIN"
  echo "== baseline: $old"
else
  commit="$(git -C "$root" rev-parse --verify "$base^{commit}")"
  old="$target/mc-compare/domei-$commit"
  if [ ! -x "$old" ]; then
    echo "== building the baseline ($base = ${commit:0:12}, release)"
    tree="$work/base"
    git -C "$root" worktree add --detach --quiet "$tree" "$commit"
    (cd "$tree" && cargo build --release --quiet -p domei-cli)
    mkdir -p "$target/mc-compare"
    cp "$target/release/domei" "$old"
  fi
  echo "== baseline: $base (${commit:0:12})"
fi
echo "== building this tree (release)"
cargo build --release --quiet -p domei-cli
new="$work/domei-new"
cp "$target/release/domei" "$new"

# time_cmd OUT CMD...: runs CMD with stdout to OUT; prints "wall cpu" in seconds.
time_cmd() {
  local out="$1"
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$out"
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/time"
}

# best OUT RUNS CMD...: the run with the lowest wall time: "wall cpu".
best() {
  local out="$1" n="$2"
  shift 2
  local b="" t
  for _ in $(seq "$n"); do
    t="$(time_cmd "$out" "$@")"
    if [ -z "$b" ] || awk -v a="${t% *}" -v b="${b% *}" 'BEGIN { exit !(a < b) }'; then b="$t"; fi
  done
  echo "$b"
}

same() {
  if cmp -s "$1" "$2"; then echo "byte-identical"; else echo "DIFFERENT"; fi
}

echo
echo "== domei simulate --draws $draws --seed $seed (all models, $threads threads, fastest of $runs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
sim=(simulate --draws "$draws" --seed "$seed" --format json --no-store --threads "$threads")
o="$(best "$work/old.json" "$runs" "$old" "${sim[@]}")"
n="$(best "$work/new.json" "$runs" "$new" "${sim[@]}")"
read -r ow oc <<< "$o"
read -r nw nc <<< "$n"
awk -v ow="$ow" -v oc="$oc" -v nw="$nw" -v nc="$nc" 'BEGIN {
  printf "  old: %7.3f s wall %7.3f s CPU\n", ow, oc
  printf "  new: %7.3f s wall %7.3f s CPU\n", nw, nc
  printf "  ratio old / new: %.2fx wall, %.2fx CPU\n", ow / nw, oc / nc
}'
echo "  JSON output: $(same "$work/old.json" "$work/new.json")"
status=0
cmp -s "$work/old.json" "$work/new.json" || status=1

echo
echo "== per model: CPU ms per draw ($model_draws draws, 1 thread, start-up subtracted)"
printf "  %-11s %9s %9s %7s  %s\n" model old new ratio output
for m in compromise median bdm nash smp exchange; do
  one=(simulate --draws 1 --seed "$seed" --format json --no-store --threads 1 --model "$m")
  many=(simulate --draws "$model_draws" --seed "$seed" --format json --no-store --threads 1 --model "$m")
  o0="$(best "$work/o1.json" 1 "$old" "${one[@]}")"
  n0="$(best "$work/n1.json" 1 "$new" "${one[@]}")"
  o1="$(best "$work/om.json" 1 "$old" "${many[@]}")"
  n1="$(best "$work/nm.json" 1 "$new" "${many[@]}")"
  eq="$(same "$work/om.json" "$work/nm.json")"
  cmp -s "$work/om.json" "$work/nm.json" || status=1
  awk -v m="$m" -v d="$model_draws" -v o0="${o0#* }" -v n0="${n0#* }" -v o1="${o1#* }" -v n1="${n1#* }" -v eq="$eq" 'BEGIN {
    o = (o1 - o0) * 1000 / (d - 1); n = (n1 - n0) * 1000 / (d - 1)
    if (o < 0) o = 0; if (n < 0) n = 0
    r = (n > 0) ? sprintf("%.2fx", o / n) : "-"
    printf "  %-11s %9.4f %9.4f %7s  %s\n", m, o, n, r, eq
  }'
done

# side_by_side TITLE OLD NEW: prints "wall cpu" pairs and their ratios.
side_by_side() {
  local ow oc nw nc
  read -r ow oc <<< "$2"
  read -r nw nc <<< "$3"
  awk -v ow="$ow" -v oc="$oc" -v nw="$nw" -v nc="$nc" 'BEGIN {
    printf "  old: %7.3f s wall %7.3f s CPU\n", ow, oc
    printf "  new: %7.3f s wall %7.3f s CPU\n", nw, nc
    printf "  ratio old / new: %.2fx wall, %.2fx CPU\n", ow / nw, oc / nc
  }'
}

echo
echo "== domei forecast --format json --no-store (fastest of $runs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
fc=(forecast --format json --no-store)
o="$(best "$work/fo.json" "$runs" "$old" "${fc[@]}")"
n="$(best "$work/fn.json" "$runs" "$new" "${fc[@]}")"
side_by_side forecast "$o" "$n"
echo "  JSON output: $(same "$work/fo.json" "$work/fn.json")"
cmp -s "$work/fo.json" "$work/fn.json" || status=1

if [ "${INSTR:-0}" != 0 ]; then
  instr_draws="${INSTR_DRAWS:-200}"
  echo
  echo "== instructions: domei simulate --draws $instr_draws --seed $seed (all models, 1 thread, callgrind)"
  # instructions BIN OUT: the "refs" count callgrind prints on exit.
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" simulate --draws "$instr_draws" \
      --seed "$seed" --format json --no-store --threads 1 > "$2" 2> "$work/callgrind.log"
    awk '/refs:/ { gsub(",", "", $NF); print $NF }' "$work/callgrind.log"
  }
  oi="$(instructions "$old" "$work/io.json")"
  ni="$(instructions "$new" "$work/in.json")"
  awk -v o="$oi" -v n="$ni" 'BEGIN {
    printf "  old: %14.0f instructions\n  new: %14.0f instructions\n  ratio old / new: %.2fx\n", o, n, o / n
  }'
  echo "  JSON output: $(same "$work/io.json" "$work/in.json")"
  cmp -s "$work/io.json" "$work/in.json" || status=1
fi

if [ "${BACKTEST:-1}" != 0 ]; then
  echo
  bt_draws="${BACKTEST_DRAWS:-20}"
  echo "== domei backtest --deu3 data/deu3/dev.tsv --draws $bt_draws --format json --threads $threads (one run each; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  bt=(backtest --deu3 data/deu3/dev.tsv --draws "$bt_draws" --format json --threads "$threads")
  o="$(best "$work/bo.json" 1 "$old" "${bt[@]}")"
  n="$(best "$work/bn.json" 1 "$new" "${bt[@]}")"
  side_by_side backtest "$o" "$n"
  echo "  JSON output: $(same "$work/bo.json" "$work/bn.json")"
  cmp -s "$work/bo.json" "$work/bn.json" || status=1
fi
exit "$status"
