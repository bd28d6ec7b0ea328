#!/usr/bin/env bash
# Performance comparison (issue 5, part 6). Not part of the test suite.
#
#  1. BDM: domei's engine against bench/bdm_reference.py, a direct Python
#     transcription of the same equations, on the car-emissions case (10
#     rounds). Checks that every round's median and mean and the final
#     positions agree, and prints the ratio of run times measured in this
#     run (fastest of several runs each; the Rust time is per run, from
#     batches of thousands).
#  2. Exchange: domei's exchange model, decide and continuous readings, on
#     Decide's example cop21 (data/decide/cop21), beside Decide's own time for
#     the same 10 rounds as recorded when the golden values were made (Decide
#     itself is not run here).
#  3. SMP: domei's SMP against KTAB's own C++ `smpc`, on KTAB's examples
#     SOE-Pol-Comp.csv and dummyData-a040.csv, when KTAB_SMPC points to an
#     smpc binary (built separately; nothing here builds it). KTAB_DOC is
#     the directory holding KTAB's example CSVs (default: the `doc`
#     directory beside the binary, as in KTAB's examples/smp). Prints the
#     largest and mean |difference| of the final positions and the ratio of
#     run times (smpc with --logmin, whole process; domei: load + run).
#
# Usage: bench/compare.sh
#        KTAB_SMPC=/path/to/smpc [KTAB_DOC=dir] [KTAB_RUNS=n] bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
echo "== building the timing examples (release)"
cargo build --release --quiet -p domei-engines --example bdm_time
cargo build --release --quiet -p domei-run --example smp_time
cargo build --release --quiet -p domei-run --example exchange_time
bin="$target/release/examples"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo
echo "== BDM, car-emissions case, 10 rounds"
car="data/bdm1994/car-emissions.csv"
"$bin/bdm_time" "$car" 10 20000 > "$work/rust.json"
python3 bench/bdm_reference.py "$car" --rounds 10 --repeat 3 --json > "$work/py.json" 2>/dev/null
python3 bench/bdm_reference.py "$car" --rounds 10 --repeat 5 --hoist --json > "$work/py_hoist.json" 2>/dev/null
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
rust = json.load(open(f"{work}/rust.json"))
for name, label in [("py", "as written (D recomputed per probability)"), ("py_hoist", "D computed once per pass")]:
    py = json.load(open(f"{work}/{name}.json"))
    diff = 0.0
    for a, b in zip(rust["rounds"], py["rounds"]):
        diff = max(diff, abs(a["median"] - b["median"]), abs(a["mean"] - b["mean"]))
    for k, v in rust["positions"].items():
        diff = max(diff, abs(v - py["positions"][k]))
    same = len(rust["rounds"]) == len(py["rounds"]) and diff <= 1e-9
    print(f"python, {label}: {py['seconds']:.4f} s per run")
    print(f"  numbers {'identical to 1e-9' if same else 'DIFFER'} (max |difference| {diff:.1e})")
    print(f"  domei {rust['seconds'] * 1e6:.1f} µs per run (fastest batch of {rust['runs'] // 20})")
    print(f"  ratio python / domei: {py['seconds'] / rust['seconds']:,.0f}x")
EOF

echo
echo "== Exchange model, Decide's example cop21"
"$bin/exchange_time" data/decide/cop21 5

echo
echo "== SMP against KTAB's smpc"
if [ -z "${KTAB_SMPC:-}" ]; then
  echo "skipped: set KTAB_SMPC to a KTAB smpc binary (and KTAB_DOC to KTAB's examples/smp/doc) to run it"
  exit 0
fi
doc="${KTAB_DOC:-$(dirname "$KTAB_SMPC")/doc}"
runs="${KTAB_RUNS:-1}"
for name in SOE-Pol-Comp dummyData-a040; do
  csv="$doc/$name.csv"
  if [ ! -f "$csv" ]; then
    echo "$name: $csv not found (set KTAB_DOC)"
    continue
  fi
  "$bin/smp_time" "$csv" 20 > "$work/domei-$name.json"
  python3 - "$KTAB_SMPC" "$csv" "$runs" "$work" "$name" <<'EOF'
import json, os, re, subprocess, sys, time
smpc, csv, runs, work, name = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
best, out = float("inf"), ""
for k in range(max(1, runs)):
    d = os.path.join(work, f"ktab-{name}-{k}")
    os.makedirs(d)
    t0 = time.perf_counter()
    p = subprocess.run([smpc, "--logmin", "--csv", csv, "--connstr", "Driver=QSQLITE;Database=test"],
                       cwd=d, capture_output=True, text=True)
    best = min(best, time.perf_counter() - t0)
    out = p.stdout + p.stderr
    for f in os.listdir(d):  # with a logger config in the directory the log goes to a file
        if f.endswith("_log.txt"):
            out = open(os.path.join(d, f)).read()
lines = [re.sub(r"^.*?\] ", "", l) if "INFO" in l else l for l in out.splitlines()]
final = {}
for i, l in enumerate(lines):
    m = re.match(r"\s*postn\s+(\d+)\s*,", l)
    if m and i + 1 < len(lines):
        final[int(m.group(1))] = [float(v) for v in lines[i + 1].split()]
states = re.findall(r"There were (\d+) states", out)
domei = json.load(open(os.path.join(work, f"domei-{name}.json")))
diffs = [abs(a - b) for i, row in enumerate(domei["positions"]) for a, b in zip(row, final.get(i, [float("nan")] * len(row)))]
if not final or any(d != d for d in diffs):
    print(f"{name}: could not read KTAB's final positions (smpc exit {p.returncode})")
    sys.exit(0)
print(f"{name}: {len(domei['actors'])} actors, {len(domei['positions'][0])} dimension(s)")
print(f"  KTAB smpc: {best:.3f} s (fastest of {max(1, runs)}), {int(states[0]) - 1 if states else '?'} rounds")
print(f"  domei smp: {domei['seconds'] * 1e3:.2f} ms (fastest of {domei['runs']}), {domei['rounds']} rounds")
print(f"  final positions: max |Δ| {max(diffs):.2e}, mean |Δ| {sum(diffs) / len(diffs):.2e} (0-100 scale)")
print(f"  ratio KTAB / domei: {best / domei['seconds']:,.0f}x")
EOF
done
