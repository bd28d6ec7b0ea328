#!/usr/bin/env bash
# Memory and time of large scenarios and hostile inputs, against a release
# build: the figures behind docs/cli.md, "Limits". Not part of the test
# suite (the e2e tests check the refusals, not the times).
#
# For each size N (actors, one issue; and N actors × 5 issues in one group
# for the multi-issue models) and model, runs `domei forecast --no-store`
# and prints the peak resident memory (kernel's maxrss), the wall time and
# domei's own estimates of memory and work (`--memory-budget 1` and
# `--work-budget 1` make it refuse and print them; the work budget is
# lifted with `--work-budget none` for the timed run, so that the rate of
# operations per second can be read off); then the refusal of a
# 58,000-actor scenario as simple CSV and as TOML, the default forecast
# (every model) of 3,000 actors, the hostile PDFs of
# crates/domei-cli/tests/corpus_hostile.rs, and ingesting 20 MB of text.
#
# Usage: bench/limits.sh
#        SIZES="500 1000 2000 3000" MODELS="compromise median nash bdm smp exchange" bench/limits.sh
#        DOMEI_BIN=target/debug/domei bench/limits.sh   (no build; the engines
#        are optimised in debug builds too, so memory is the same)
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
if [ -n "${DOMEI_BIN:-}" ]; then
  BIN="$DOMEI_BIN"
else
  echo "== building domei (release)"
  cargo build --release --quiet -p domei-cli
  BIN="$(cd "$target/release" && pwd)/domei"
fi
SIZES="${SIZES:-500 1000 2000 3000}"
MODELS="${MODELS:-compromise median nash bdm smp exchange}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$BIN" "$work" "$SIZES" "$MODELS" <<'PY'
import os, re, subprocess, sys, zlib

bin_, work, sizes, models = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()

def measured(args, env=None):
    # maxrss of children is cumulative-max in this process: measure each run
    # in its own python child process.
    code = (
        "import os,resource,subprocess,sys,time\n"
        "t=time.time();p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)\n"
        "s=time.time()-t;r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024\n"
        "print(p.returncode,f'{s:.2f}',f'{r:.0f}');sys.stderr.write(p.stderr.decode(errors='replace'))\n"
    )
    e = dict(os.environ, DOMEI_CORPUS=os.path.join(work, "corpus"), **(env or {}))
    p = subprocess.run([sys.executable, "-c", code, bin_] + args, capture_output=True, env=e)
    rc, secs, mb = p.stdout.decode().split()
    return int(rc), float(secs), int(mb), p.stderr.decode(errors="replace")

def scenario(n, issues, path):
    lines = ["[scenario]", 'id = "bench"', ""]
    for d in range(issues):
        lines += ["[[issues]]", f'id = "i{d}"', "scale = { min = 0, max = 100 }", ""]
    for a in range(n):
        lines += ["[[actors]]", f'id = "a{a}"', f"capability = {1 + a % 7}", ""]
        for d in range(issues):
            lines += ["[[stances]]", f'actor = "a{a}"', f'issue = "i{d}"',
                      f"position = {(a * 37 + d * 11) % 101}", f"salience = {0.2 + (a % 5) / 10}", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))

def estimate(path, model):
    rc, _, _, err = measured(["forecast", "--no-store", "--model", model, "--memory-budget", "1", "--work-budget", "none", path])
    m = re.search(r"need about ([0-9.]+ [kMGT]?B)", err)
    rc, _, _, err = measured(["forecast", "--no-store", "--model", model, "--work-budget", "1", path])
    w = re.search(r"take about ([0-9.e+]+) operations", err)
    return f"{m.group(1) if m else '?'}  {w.group(1) if w else '?'} ops"

print(f"{'actors':>7} {'issues':>6} {'model':<10} {'exit':>4} {'seconds':>8} {'peak MB':>8}  estimate (memory, work)")
for n in sizes:
    for issues in (1, 5):
        path = os.path.join(work, f"s{n}x{issues}.toml")
        scenario(int(n), issues, path)
        for m in models:
            if issues == 5 and m not in ("smp", "exchange"):
                continue
            rc, secs, mb, err = measured(["forecast", "--no-store", "--model", m, "--work-budget", "none", path])
            print(f"{n:>7} {issues:>6} {m:<10} {rc:>4} {secs:>8.2f} {mb:>8}  {estimate(path, m)}", flush=True)
            if rc not in (0, 2):
                print(err[-2000:])

print("\n== a 58,000-actor simple CSV (forecast, all models; workbench: see serve_limits.rs)")
huge = os.path.join(work, "huge.csv")
with open(huge, "w") as f:
    f.write("actor,capability,position,salience\n")
    for i in range(58000):
        f.write(f"actor {i},{1 + i % 7},{i % 101},0.5\n")
rc, secs, mb, err = measured(["forecast", "--no-store", huge])
print(f"exit {rc}, {secs:.2f} s, peak {mb} MB: {err.strip().splitlines()[0] if err.strip() else ''}")

huge_toml = os.path.join(work, "huge.toml")
scenario(58000, 1, huge_toml)
rc, secs, mb, err = measured(["forecast", "--no-store", huge_toml])
print(f"58,000-actor TOML ({os.path.getsize(huge_toml) / 1e6:.1f} MB): exit {rc}, {secs:.2f} s, peak {mb} MB: {err.strip().splitlines()[0] if err.strip() else ''}")

print("\n== the default forecast (every model) of 3,000 actors")
s3000 = os.path.join(work, "s3000x1.toml")
if not os.path.exists(s3000):
    scenario(3000, 1, s3000)
rc, secs, mb, err = measured(["forecast", "--no-store", s3000])
print(f"exit {rc}, {secs:.2f} s, peak {mb} MB: {err.strip().splitlines()[0][:200] if err.strip() else ''}")

print("\n== hostile PDFs (corpus add)")
def pdf(objs):
    out = bytearray(b"%PDF-1.4\n"); offs = []
    for k, body in enumerate(objs):
        offs.append(len(out)); out += f"{k+1} 0 obj\n".encode() + body + b"\nendobj\n"
    x = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for o in offs: out += f"{o:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)
def stream(d, data): return f"<< {d} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
cat = b"<< /Type /Catalog /Pages 2 0 R >>"
bomb = zlib.compress(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n" * 6_000_000, 9)
pdfs = {
    "tree-cycle.pdf": pdf([cat, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                          stream("", b"BT (x) Tj ET")]),
    "parent-cycle.pdf": pdf([cat, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>", stream("", b"BT (x) Tj ET")]),
    "flate-bomb.pdf": pdf([cat, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                          stream("/Filter /FlateDecode", bomb)]),
}
for name, data in pdfs.items():
    p = os.path.join(work, name)
    open(p, "wb").write(data)
    rc, secs, mb, err = measured(["corpus", "add", p])
    print(f"{name:<18} {len(data)//1024:>6} KB: exit {rc}, {secs:.2f} s, peak {mb} MB")

print("\n== 20 MB of plain text (corpus add)")
text = os.path.join(work, "big.txt")
with open(text, "w") as f:
    words = "the alliance negotiates tariffs and host nation support with partners".split()
    line, size = [], 0
    while size < 20 << 20:
        s = " ".join(words[(size // 7 + k) % len(words)] for k in range(12)) + ".\n"
        f.write(s); size += len(s)
rc, secs, mb, err = measured(["corpus", "add", text])
print(f"big.txt 20 MB: exit {rc}, {secs:.2f} s, peak {mb} MB")
PY
