//! End to end: the limits (docs/cli.md, "Limits") hold on the real binary.
//! Huge inputs are generated here, never committed; each run's peak memory
//! is read from the kernel (`wait4`), not guessed.

mod common;

use common::{domei, stderr, stdout, TempDir};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The child is reaped by `wait4` (for its peak memory), not `wait()`.
#[allow(clippy::zombie_processes)]
/// Runs `c` to completion, killing it after `limit`; returns its output and
/// its peak resident memory in bytes.
fn run_measured(mut c: Command, limit: Duration) -> (Output, u64) {
    use std::io::Read;
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdin(std::process::Stdio::null());
    let mut child = c.spawn().expect("spawn domei");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let started = Instant::now();
    let (status, rss) = loop {
        let mut st: libc::c_int = 0;
        // SAFETY: plain system call on our own child; `ru` is written by it.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut st, libc::WNOHANG, &mut ru) };
        if r == pid {
            break (st, ru.ru_maxrss as u64 * 1024);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{c:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    use std::os::unix::process::ExitStatusExt;
    let out = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    };
    (out, rss)
}

/// A simple CSV of `n` actors on one issue.
fn simple_csv(dir: &Path, name: &str, n: usize) -> std::path::PathBuf {
    let mut t = String::from("actor,capability,position,salience\n");
    for i in 0..n {
        t.push_str(&format!("actor {i},{},{},0.5\n", 1 + i % 7, i % 101));
    }
    let p = dir.join(name);
    std::fs::write(&p, t).unwrap();
    p
}

#[test]
fn a_58000_actor_scenario_is_refused_at_once_in_little_memory() {
    let dir = TempDir::new("limits-huge");
    let csv = simple_csv(&dir.0, "huge.csv", 58_000);
    let mut c = domei();
    c.args(["forecast", "--no-store"]).arg(&csv);
    let (o, rss) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("huge.csv") && e.contains("58000") && e.contains("`actors`"),
        "{e}"
    );
    assert!(rss < 200_000_000, "peak memory {rss} bytes");
    assert!(stdout(&o).is_empty());
}

/// A TOML scenario of `n` actors on one issue (`[[actors]]` and
/// `[[stances]]` tables, 8 lines per actor after 8 lines of header: actor
/// `k`'s table on line 9 + 8k).
fn many_actors_toml(dir: &Path, name: &str, n: usize) -> std::path::PathBuf {
    many_actors_toml_on(dir, name, n, &["x"])
}

/// `n` actors with a stance on each of `issues`, negotiated together (one
/// group) when there are several.
fn many_actors_toml_on(dir: &Path, name: &str, n: usize, issues: &[&str]) -> std::path::PathBuf {
    let mut t = String::from("[scenario]\nid = \"many\"\nname = \"Many\"\n\n");
    for id in issues {
        t.push_str(&format!(
            "[[issues]]\nid = \"{id}\"\nscale = {{ min = 0, max = 100 }}\n"
        ));
        if issues.len() > 1 {
            t.push_str("group = \"g\"\n");
        }
        t.push('\n');
    }
    for a in 0..n {
        t.push_str(&format!(
            "[[actors]]\nid = \"a{a}\"\ncapability = {}\n",
            1 + a % 7
        ));
        for (d, id) in issues.iter().enumerate() {
            t.push_str(&format!(
                "[[stances]]\nactor = \"a{a}\"\nissue = \"{id}\"\nposition = {}\nsalience = 0.5\n",
                (a + 11 * d) % 101
            ));
        }
    }
    let p = dir.join(name);
    std::fs::write(&p, t).unwrap();
    p
}

#[test]
fn a_58000_actor_toml_is_refused_before_it_is_parsed() {
    let dir = TempDir::new("limits-huge-toml");
    let toml = many_actors_toml(&dir.0, "huge.toml", 58_000);
    let size = std::fs::metadata(&toml).unwrap().len();
    assert!(size > 4_500_000, "{size}");
    for cmd in ["forecast", "check"] {
        let mut c = domei();
        c.arg(cmd);
        if cmd == "forecast" {
            c.arg("--no-store");
        }
        c.arg(&toml);
        let started = Instant::now();
        let (o, rss) = run_measured(c, Duration::from_secs(120));
        eprintln!(
            "{cmd}: {:.2} s, peak {} MB",
            started.elapsed().as_secs_f64(),
            rss >> 20
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        // The 10,001st actor's table, on line 9 + 8 × 10,000.
        assert!(
            e.contains("huge.toml:80009:1:") && e.contains("58000") && e.contains("`actors`"),
            "{e}"
        );
        assert!(rss < 200_000_000, "peak memory {rss} bytes");
    }
}

#[test]
fn a_3000_actor_forecast_of_every_model_is_refused_for_its_work() {
    let dir = TempDir::new("limits-work");
    let toml = many_actors_toml(&dir.0, "k3000.toml", 3_000);
    // Every model: SMP compares every pair for every actor each round
    // (n³), hours at 3,000 actors, with the headline band's draws on top.
    let mut c = domei();
    c.args(["forecast", "--no-store"]).arg(&toml);
    let (o, rss) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("`work`") && e.contains("smp on issue x") && e.contains("--work-budget"),
        "{e}"
    );
    assert!(rss < 200_000_000, "peak memory {rss} bytes");
    assert!(stdout(&o).is_empty());
    // BDM alone is refused too: its probabilities sum over every third
    // party for every pair of players (n³ a round), and the headline's band
    // runs it 21 times more on perturbed, all distinct, positions — about
    // 25 minutes at 3,000 actors (57 s at 1,000: docs/cli.md, "Limits").
    let mut c = domei();
    c.args(["forecast", "--no-store", "--model", "bdm"])
        .arg(&toml);
    let (o, _) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("`work`") && e.contains("bdm on issue x"), "{e}");
    // The compromise model (linear) fits the default budget; a smaller
    // work budget, from the flag or the environment, refuses it the same
    // way.
    for how in [vec!["--work-budget", "1e4"], vec![]] {
        let mut c = domei();
        c.args(["forecast", "--no-store", "--model", "compromise"])
            .args(&how)
            .arg(&toml)
            .env("DOMEI_WORK_BUDGET", "1e4");
        let (o, _) = run_measured(c, Duration::from_secs(120));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("compromise on issue x"),
            "{}",
            stderr(&o)
        );
    }
    let mut c = domei();
    c.args(["forecast", "--no-store", "--model", "compromise"])
        .arg(&toml);
    let (o, _) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = domei()
        .args(["forecast", "--no-store", "--work-budget", "lots"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--work-budget"), "{}", stderr(&o));
}

#[test]
fn exchange_on_a_thousand_actors_and_five_issues_is_refused_at_once() {
    // Decide's reading lists every candidate exchange of a round (2.5
    // million here: 1.28 GB) and looks at the list again after each
    // executed exchange; unrefused, the run took more than 14 minutes and
    // was stopped. Now refused before it starts, by the memory or the work
    // budget, whichever the machine trips first.
    let dir = TempDir::new("limits-exchange");
    let toml = many_actors_toml_on(&dir.0, "wide.toml", 1000, &["i0", "i1", "i2", "i3", "i4"]);
    let mut c = domei();
    c.args(["forecast", "--no-store", "--model", "exchange"])
        .arg(&toml);
    let started = Instant::now();
    let (o, rss) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        (e.contains("`work`") || e.contains("of memory, more than the budget"))
            && e.contains("exchange on the 5 issues negotiated with i0"),
        "{e}"
    );
    assert!(rss < 200_000_000, "peak memory {rss} bytes");
    assert!(stdout(&o).is_empty());
    eprintln!("refused in {:.2} s", started.elapsed().as_secs_f64());
}

#[test]
fn a_run_beyond_the_memory_budget_is_refused_before_it_starts() {
    let dir = TempDir::new("limits-budget");
    let csv = simple_csv(&dir.0, "k3000.csv", 3_000);
    // BDM keeps six 3000×3000 matrices (~430 MB): over a 100 MB budget.
    for how in [
        vec!["--memory-budget", "100M"],
        vec![], // from DOMEI_MEMORY_BUDGET
    ] {
        let mut c = domei();
        c.args(["forecast", "--no-store", "--model", "bdm"])
            .args(&how)
            .arg(&csv)
            .env("DOMEI_MEMORY_BUDGET", "100M");
        let (o, rss) = run_measured(c, Duration::from_secs(120));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("bdm on issue") && e.contains("memory") && e.contains("--memory-budget"),
            "{e}"
        );
        assert!(rss < 200_000_000, "peak memory {rss} bytes");
    }
    // The compromise model is linear in the actors: it runs.
    let mut c = domei();
    c.args([
        "forecast",
        "--no-store",
        "--model",
        "compromise",
        "--memory-budget",
        "100M",
    ])
    .arg(&csv);
    let (o, _) = run_measured(c, Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // An unreadable budget is a usage error.
    let o = domei()
        .args(["forecast", "--no-store", "--memory-budget", "lots"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--memory-budget"), "{}", stderr(&o));
}

#[test]
fn counts_outside_their_limits_are_refused_not_changed() {
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["simulate", "--no-store", "--threads", "100000"],
            "`threads`",
        ),
        (
            vec!["simulate", "--no-store", "--threads", "0"],
            "`threads`",
        ),
        (vec!["simulate", "--no-store", "--draws", "0"], "`draws`"),
        (
            vec!["simulate", "--no-store", "--draws", "20000000"],
            "`draws`",
        ),
        (
            vec!["forecast", "--no-store", "--rounds", "5000"],
            "`rounds`",
        ),
        (
            vec![
                "backtest",
                "--deu3",
                "data/deu3/dev.tsv",
                "--folds",
                "0",
                "-n",
                "0",
            ],
            "`folds`",
        ),
        (
            vec![
                "backtest",
                "--deu3",
                "data/deu3/dev.tsv",
                "--folds",
                "3000",
                "-n",
                "0",
            ],
            "`folds`",
        ),
    ];
    for (args, limit) in cases {
        let o = domei().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(limit), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    // More folds than dossiers names the number of dossiers.
    let o = domei()
        .args([
            "backtest",
            "--deu3",
            "data/deu3/dev.tsv",
            "--folds",
            "3000",
            "-n",
            "0",
        ])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("dossiers"), "{}", stderr(&o));
}

#[test]
fn special_files_are_refused_without_blocking_or_reading_forever() {
    let dir = TempDir::new("limits-special");
    let fifo = dir.0.join("pipe.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = dir.0.join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for p in [&fifo, &zero] {
        for cmd in ["check", "forecast"] {
            let mut c = domei();
            c.arg(cmd).arg(p);
            if cmd == "forecast" {
                c.arg("--no-store");
            }
            let (o, rss) = run_measured(c, Duration::from_secs(60));
            assert_eq!(o.status.code(), Some(2), "{cmd} {p:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
            assert!(rss < 200_000_000);
        }
    }
}

const SMALL: &str = include_str!("../../../tests/fixtures/small-scenario.toml");

#[test]
fn capabilities_that_overflow_are_refused_and_so_are_edits_that_would() {
    let dir = TempDir::new("limits-overflow");
    let csv = dir.0.join("big.csv");
    std::fs::write(
        &csv,
        "actor,capability,position,salience\na,1.7e308,10,0.5\nb,1.7e308,90,0.5\nc,1,50,1\n",
    )
    .unwrap();
    for cmd in [
        vec!["forecast", "--no-store"],
        vec!["simulate", "--no-store", "-n", "50"],
    ] {
        let o = domei().args(&cmd).arg(&csv).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("`capability_total`"), "{}", stderr(&o));
    }
    let toml = dir.0.join("s.toml");
    std::fs::write(&toml, SMALL).unwrap();
    let o = domei()
        .args([
            "whatif",
            "--set",
            "a.capability+=1e308",
            "--set",
            "a.capability+=1e308",
        ])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

/// A what-if whose edits leave no model able to forecast anything (every
/// salience 0) exits 2 with the reason and prints no table of "n/a"; one
/// edit that leaves something to forecast still exits 0.
#[test]
fn a_whatif_after_which_nothing_can_be_forecast_exits_2() {
    let dir = TempDir::new("limits-whatif-na");
    let toml = dir.0.join("s.toml");
    std::fs::write(&toml, SMALL).unwrap();
    let o = domei()
        .args([
            "whatif",
            "--set",
            "a.x.salience=0",
            "--set",
            "b.x.salience=0",
        ])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no model can forecast any issue"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let o = domei()
        .args(["whatif", "--set", "a.x.salience=0"])
        .arg(&toml)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).is_empty());
}

#[test]
fn japanese_actor_names_get_ids_and_keep_their_names_in_every_importer() {
    let dir = TempDir::new("limits-unicode");
    let simple = dir.0.join("simple.csv");
    std::fs::write(
        &simple,
        "actor,capability,position,salience\n日本,3,20,0.9\n米国,5,80,0.7\nASEAN,1,50,0.4\n",
    )
    .unwrap();
    let ktab = dir.0.join("ktab.csv");
    std::fs::write(
        &ktab,
        "日米,test,2,1,\nActor,Description,Power,Tariff Position,Tariff Salience,\n日本,政府,30,20,80,\n米国,政権,50,80,60,\n",
    )
    .unwrap();
    let deu3 = std::fs::read_to_string(common::repo().join("data/deu3/dev.tsv")).unwrap();
    // Rename the Commission's columns to a Japanese code.
    let mut lines = deu3.lines();
    let header = lines
        .next()
        .unwrap()
        .replace("\tpcom\t", "\tp日本\t")
        .replace("\tscom\t", "\ts日本\t");
    assert!(header.contains("p日本"), "the DEU III header changed");
    let tsv = dir.0.join("jp.tsv");
    let mut t = header;
    for l in lines {
        t.push('\n');
        t.push_str(l);
    }
    std::fs::write(&tsv, t).unwrap();
    for (file, id, name) in [
        (&simple, "u65e5-u672c", "日本"),
        (&ktab, "u65e5-u672c", "日本"),
        (&tsv, "u65e5-u672c", "日本"),
    ] {
        let o = domei()
            .args(["import", "-o"])
            .arg(dir.0.join(format!(
                "out-{}",
                file.file_stem().unwrap().to_str().unwrap()
            )))
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{file:?}: {}", stderr(&o));
        let out = std::fs::read_to_string(
            dir.0
                .join(format!(
                    "out-{}",
                    file.file_stem().unwrap().to_str().unwrap()
                ))
                .join("scenario.toml"),
        )
        .unwrap();
        assert!(out.contains(&format!("id = \"{id}\"")), "{file:?}: {out}");
        assert!(out.contains(name), "{file:?}: the name is lost");
        let o = domei()
            .args(["forecast", "--no-store", "--model", "compromise"])
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{file:?}: {}", stderr(&o));
    }
}

#[test]
fn a_panic_is_an_internal_error_with_its_detail_logged() {
    let dir = TempDir::new("limits-panic");
    let log = dir.0.join("errors.log");
    let o = domei()
        .args(["check"])
        .env("DOMEI_TEST_PANIC", "1")
        .env("DOMEI_ERROR_LOG", &log)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("internal error in `domei check` (please report it"),
        "{e}"
    );
    assert!(!e.contains("panicked"), "{e}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("DOMEI_TEST_PANIC"), "{logged}");
}
