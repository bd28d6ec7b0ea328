//! The web workbench in a real browser: starts `domei serve` on a free
//! loopback port with a store and a corpus of its own, and runs
//! `tests/browser/workbench.mjs` (playwright-core driving the system's
//! Chromium) against it: the scenario grid, forecasts and their charts, the
//! evidence panel, editing a value, comparing runs, a simulation with its
//! progress, the briefing downloads (opening with their Bottom line),
//! attaching corpus evidence, names carrying HTML, and the headline on the
//! run page with an outcome recorded on the ledger page and scored there.
//! Screenshots go to `TARGET/screenshots/`.
//!
//! Needs node and Chromium (`/usr/bin/chromium`, or `DOMEI_CHROMIUM`):
//! without them the test is skipped, or fails when `CI` is set.
//! `tests/browser/node_modules` is installed with `npm ci` when missing
//! (`scripts/test` does that too).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn browser_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/browser"))
        .canonicalize()
        .expect("tests/browser exists")
}

/// Skips the test (returns `None`) or, under CI, fails it.
fn unavailable(why: &str) -> Option<()> {
    if std::env::var_os("CI").is_some() {
        panic!("{why} (CI is set, so the browser test may not be skipped)");
    }
    eprintln!("skipped: {why}");
    None
}

fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("DOMEI_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    p.is_file().then_some(p)
}

fn works(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads `r` to its end on a thread of its own.
fn drain<R: Read + Send + 'static>(r: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut r) = r {
            let _ = r.read_to_string(&mut s);
        }
        s
    })
}

/// Runs `c` to its end or until `limit`, then kills it (with the processes
/// it started: node's Chromium). Returns whether it succeeded, and its
/// stdout and stderr.
fn run_with_timeout(mut c: Command, limit: Duration) -> (bool, String, String) {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut c, 0);
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {c:?}: {e}"));
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let start = Instant::now();
    let ok = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s.success();
        }
        if start.elapsed() > limit {
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (out, mut err) = (out.join().unwrap(), err.join().unwrap());
    if start.elapsed() > limit {
        err.push_str(&format!("\n(killed after {} s)", limit.as_secs()));
    }
    (ok, out, err)
}

/// `npm ci` in tests/browser when playwright-core is not installed there.
fn node_modules() -> Option<()> {
    let dir = browser_dir();
    if dir
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        return Some(());
    }
    if !works("npm", "--version") {
        return unavailable("npm not found, and tests/browser/node_modules is missing");
    }
    eprintln!("installing tests/browser/node_modules (npm ci)");
    let mut c = Command::new("npm");
    c.args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    let (ok, out, err) = run_with_timeout(c, Duration::from_secs(300));
    if !ok {
        return unavailable(&format!(
            "npm ci in {} failed:\n{out}\n{err}",
            dir.display()
        ));
    }
    Some(())
}

/// Where screenshots go: `CARGO_TARGET_DIR` (or the target folder this
/// test's binaries are in) `/screenshots`.
fn screenshots() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(t) => common::repo().join(t),
        None => Path::new(env!("CARGO_BIN_EXE_domei"))
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| common::repo().join("target")),
    };
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "png") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    dir
}

/// `domei serve`, killed when dropped (also when the test panics).
struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let log = dir.join("serve.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_domei"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .current_dir(common::repo())
            .env("DOMEI_DATABASE_URL", dir.join("domei.sqlite"))
            .env("DOMEI_CORPUS", dir.join("corpus"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start domei serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            for _ in lines {} // keep the pipe open and drained
        });
        let mut server = Server {
            child,
            url: String::new(),
            log,
        };
        let first = rx.recv_timeout(Duration::from_secs(60));
        let line = match first {
            Ok(Some(Ok(l))) => l,
            other => panic!(
                "domei serve printed no address ({other:?}); its log:\n{}",
                server.log_text()
            ),
        };
        server.url = line
            .strip_prefix("domei workbench: ")
            .unwrap_or_else(|| panic!("unexpected first line from domei serve: {line:?}"))
            .trim()
            .to_string();
        assert!(
            server.url.starts_with("http://127.0.0.1:"),
            "{}",
            server.url
        );
        server
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn workbench_in_chromium() {
    let Some(chrome) = prerequisites() else {
        return;
    };
    let shots = screenshots();
    let dir = common::TempDir::new("browser");
    let server = Server::start(dir.path());

    let started = Instant::now();
    let mut c = Command::new("node");
    c.arg(browser_dir().join("workbench.mjs"))
        .arg(&server.url)
        .arg(&shots)
        .current_dir(browser_dir())
        .env("DOMEI_CHROMIUM", &chrome);
    let (ok, out, err) = run_with_timeout(c, Duration::from_secs(240));
    println!("{out}");
    eprintln!("{err}");
    println!(
        "browser test took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    if !ok {
        let log = server.log_text();
        let tail: Vec<&str> = log.lines().rev().take(60).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!(
            "the browser test failed (see above); the last lines of domei serve's log:\n{}",
            tail.join("\n")
        );
    }
    // The server is still up after everything the browser did.
    let mut c = Command::new("node");
    c.args([
        "-e",
        "fetch(process.argv[1] + 'api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
        &server.url,
    ]);
    let (alive, _, e) = run_with_timeout(c, Duration::from_secs(20));
    assert!(
        alive,
        "the server stopped answering: {e}\n{}",
        server.log_text()
    );
}

/// What one browser test script needs: node, Chromium and playwright-core
/// (`None`: skipped, or a failure under CI).
fn prerequisites() -> Option<PathBuf> {
    if !works("node", "--version") {
        return unavailable("node not found").and(None);
    }
    let Some(chrome) = chromium() else {
        return unavailable(&format!(
            "Chromium not found at {} (DOMEI_CHROMIUM, default /usr/bin/chromium)",
            std::env::var("DOMEI_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
        ))
        .and(None);
    };
    node_modules()?;
    Some(chrome)
}

/// Runs `tests/browser/SCRIPT.mjs` against a fresh `domei serve` (its own
/// store and corpus), with screenshots in `TARGET/screenshots-SCRIPT/`
/// (emptied first); the script must print `PASS SCRIPT` within `limit`
/// and leave every file of `shots`. Returns without running when node,
/// Chromium or playwright-core is missing (outside CI).
fn run_script(script: &str, limit: Duration, shots: &[&str]) {
    let Some(chrome) = prerequisites() else {
        return;
    };
    // A folder of its own: the workbench test clears `screenshots/`.
    let dir = Path::new(env!("CARGO_BIN_EXE_domei"))
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| common::repo().join("target"), Path::to_path_buf)
        .join(format!("screenshots-{script}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tmp = common::TempDir::new(&format!("browser-{script}"));
    let server = Server::start(tmp.path());
    let started = Instant::now();
    let mut c = Command::new("node");
    c.arg(browser_dir().join(format!("{script}.mjs")))
        .arg(&server.url)
        .arg(&dir)
        .current_dir(browser_dir())
        .env("DOMEI_CHROMIUM", &chrome);
    let (ok, out, err) = run_with_timeout(c, limit);
    println!("{out}");
    eprintln!("{err}");
    println!(
        "{script}.mjs took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    assert!(
        ok && out.contains(&format!("PASS {script}")),
        "the {script} browser test failed; domei serve's log:\n{}",
        server.log_text()
    );
    for f in shots {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
}

/// The language switch (issue 15): `tests/browser/lang.mjs` switches the
/// scenario page to Japanese and back, checking the grid's headers, the
/// scenario's Japanese names, the served Japanese font and that the choice
/// persists; then visits the run page (its charts), the runs list, a
/// comparison, the ledger, the corpus, a passage and a value's evidence in
/// Japanese; screenshots (`lang-en.png`, `lang-ja*.png`, `lang-en-again.png`)
/// go to `TARGET/screenshots-lang/`.
#[test]
fn workbench_language_switch() {
    run_script(
        "lang",
        Duration::from_secs(180),
        &[
            "lang-en.png",
            "lang-ja.png",
            "lang-ja-run.png",
            "lang-ja-runs.png",
            "lang-ja-compare.png",
            "lang-ja-ledger.png",
            "lang-ja-corpus.png",
            "lang-ja-passage.png",
            "lang-ja-value.png",
            "lang-en-again.png",
        ],
    );
}

/// Why each actor moved (issue 13): `tests/browser/history.mjs` starts a
/// BDM forecast, checks the round logs' actor ids, opens an issue's history
/// from the run page, checks its chart and move table against the API's
/// history, then follows one actor alone; screenshots `history-all.png`
/// and `history-actor.png` go to `TARGET/screenshots-history/`.
#[test]
fn workbench_history() {
    run_script(
        "history",
        Duration::from_secs(180),
        &["history-all.png", "history-actor.png"],
    );
}

/// The analyst's whole loop (issue 13's done-when): `tests/browser/loop.mjs`
/// builds a 3-actor, 2-issue scenario from nothing on a fresh workbench (a
/// quote that is not verbatim shows its problem beside its field, and is
/// fixed), uploads a KTAB CSV, forecasts the built scenario, runs a
/// what-if (checked by hand) and best responses on it, opens one actor's
/// history, and downloads its chart as SVG and PNG and the what-if's and
/// the history's tables as CSV, checking their content; screenshots
/// `loop-*.png` go to `TARGET/screenshots-loop/`.
#[test]
fn analyst_loop_in_chromium() {
    run_script(
        "loop",
        Duration::from_secs(300),
        &[
            "loop-1-created.png",
            "loop-3-issues.png",
            "loop-4-problem.png",
            "loop-5-stances.png",
            "loop-6-ktab.png",
            "loop-7-forecast.png",
            "loop-8-whatif.png",
            "loop-9-best-response.png",
            "loop-10-history.png",
            "loop-history-chart.svg",
        ],
    );
}

/// Strategy on the page, downloads, named runs and cancel (issue 13):
/// `tests/browser/strategy.mjs` runs a what-if and best responses from the
/// strategy page, names a forecast run, downloads a chart as SVG (and PNG)
/// and the forecast table as CSV and checks them against the stored run,
/// compares with "changed only", cancels a long simulation, and runs the
/// decision chain from its form (a broken file first, shown by line); its
/// screenshots (`strategy-*.png`) go to `TARGET/screenshots-strategy/`.
#[test]
fn workbench_strategy_in_chromium() {
    run_script(
        "strategy",
        Duration::from_secs(420),
        &[
            "strategy-forms.png",
            "strategy-whatif.png",
            "strategy-best-response.png",
            "strategy-named-run.png",
            "strategy-compare.png",
            "strategy-progress.png",
            "strategy-cancelled.png",
            "strategy-events-error.png",
            "strategy-events.png",
        ],
    );
}
