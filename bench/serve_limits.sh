#!/usr/bin/env bash
# The workbench's limits against a release build, measured: the figures
# behind docs/server.md, "Limits (measured)". Not part of the test suite
# (crates/domei-cli/tests/serve_limits.rs checks the refusals and the
# closing of idle connections, not the times).
#
# Starts `domei serve` on a free loopback port under /usr/bin/time -v (for
# the server's peak memory) with a fresh SQLite store, then:
#   1. POSTs a 58,000-actor scenario (about 4 MB of TOML) to /api/scenarios:
#      the time to the refusal and its status and message;
#   2. stores a 3,000-actor scenario and asks for a BDM run (refused before
#      it is queued when its estimate exceeds the budget) and a compromise
#      run (runs);
#   3. opens 1,000 connections that send nothing, serves normal requests
#      meanwhile (counting failures and the slowest), and records when the
#      server closes each idle connection;
# and prints the server's peak resident memory over all of it.
#
# Usage: bench/serve_limits.sh             (builds target/release/domei)
#        DOMEI_BIN=target/debug/domei bench/serve_limits.sh
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
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$BIN" "$work" "${BUDGET:-}" <<'PY'
import json, os, re, socket, subprocess, sys, time, urllib.request, urllib.error

bin_, work, budget = sys.argv[1], sys.argv[2], sys.argv[3]

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

port = free_port()
base = f"http://127.0.0.1:{port}"
env = dict(os.environ, DOMEI_DATABASE_URL=os.path.join(work, "store.sqlite"),
           DOMEI_CORPUS=os.path.join(work, "corpus"))
args = ["/usr/bin/time", "-v", bin_, "serve", "--addr", f"127.0.0.1:{port}"]
if budget:
    args += ["--memory-budget", budget]
log = open(os.path.join(work, "serve.log"), "w+")
srv = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)

def request(method, path, body=None, timeout=120):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    t = time.time()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode(), time.time() - t
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.time() - t

for _ in range(600):
    try:
        if request("GET", "/api/health", timeout=2)[0] == 200:
            break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit("the server did not start")

def rss_mb():
    # The server is the child of /usr/bin/time.
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(srv.pid)], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split()) // 1024

def many_actors(n):
    t = [f'[scenario]\nid = "many{n}"\nname = "Many"\n\n[[issues]]\nid = "x"\nscale = {{ min = 0, max = 100 }}\n']
    for a in range(n):
        t.append(f'[[actors]]\nid = "a{a}"\ncapability = {1 + a % 7}\n[[stances]]\nactor = "a{a}"\nissue = "x"\nposition = {a % 101}\nsalience = 0.5\n')
    return "".join(t)

def compact(n):
    # The same scenario in inline tables: 58,000 actors fit in the 4 MiB
    # body limit, so the refusal is the `actors` limit's.
    t = [f'[scenario]\nid = "compact{n}"\nname = "Many"\n\n[[issues]]\nid = "x"\nscale = {{ min = 0, max = 100 }}\n\n']
    t.append("actors = [\n" + "".join(f'{{id="a{a}",capability={1 + a % 7}}},\n' for a in range(n)) + "]\n")
    t.append("stances = [\n" + "".join(f'{{actor="a{a}",issue="x",position={a % 101},salience=0.5}},\n' for a in range(n)) + "]\n")
    return "".join(t)

def message(text):
    try:
        return json.loads(text)["error"]["message"][:160]
    except Exception:
        return text[:160]

print(f"server up, {rss_mb()} MB resident")
for huge in (many_actors(58_000), compact(58_000)):
    st, text, secs = request("POST", "/api/scenarios", {"toml": huge})
    print(f"58,000 actors ({len(huge) / 2**20:.1f} MiB of TOML): {st} in {secs:.3f} s: {message(text)}; server now {rss_mb()} MB")

st, text, secs = request("POST", "/api/scenarios", {"toml": many_actors(3_000)})
print(f"3,000 actors stored: {st} in {secs:.3f} s; server now {rss_mb()} MB")
for model in ("bdm", "compromise"):
    st, text, secs = request("POST", "/api/runs", {"scenario": "many3000", "models": [model]})
    extra = message(text) if st >= 400 else f"estimate {json.loads(text).get('estimate')}"
    print(f"3,000 actors, {model}: {st} in {secs:.3f} s: {extra}; server now {rss_mb()} MB")

print("1,000 idle connections:")
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(1000)]
opened = time.time()
served, failed, slowest = 0, 0, 0.0
while time.time() - opened < 8:
    try:
        st, _, secs = request("GET", "/api/scenarios", timeout=10)
        served += st == 200; failed += st != 200; slowest = max(slowest, secs)
    except Exception:
        failed += 1
    time.sleep(0.2)
print(f"  meanwhile {served} requests served, {failed} failed, slowest {slowest:.3f} s; server {rss_mb()} MB")
closed_at = []
for s in idle:
    s.settimeout(max(0.01, opened + 30 - time.time()))
    try:
        s.recv(512)
        closed_at.append(time.time() - opened)
    except (ConnectionResetError, BrokenPipeError):
        closed_at.append(time.time() - opened)
    except socket.timeout:
        pass
    s.close()
if closed_at:
    print(f"  {len(closed_at)} of 1000 closed by the server, between {min(closed_at):.1f} s and {max(closed_at):.1f} s after opening")
else:
    print("  none closed within 30 s")
st, _, secs = request("GET", "/api/health")
print(f"  afterwards /api/health: {st} in {secs:.3f} s")

srv.send_signal(2)
try:
    srv.wait(timeout=60)
except subprocess.TimeoutExpired:
    print("(the server was still finishing runs 60 s after SIGINT; killed)")
    subprocess.run(["pkill", "-KILL", "-P", str(srv.pid)])
    srv.wait()
log.seek(0)
out = log.read()
m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out)
print(f"server peak resident memory over the whole run: {int(m.group(1)) // 1024 if m else '?'} MB")
PY
