//! Load: `domei serve` (the real binary, on loopback) answers many reads
//! and forecasts sent all at once, every one of them successfully, within
//! a deadline; prints throughput and latency percentiles (`--nocapture`
//! shows them).
//!
//! By default 500 reads (the scenario list and page, the run list, a run's
//! page and charts, the OpenAPI document) and 50 forecasts of the bundled
//! scenario with every model, each on a connection of its own, all opened
//! at once. Bigger runs, e.g. against a release build:
//!
//! ```text
//! cargo build --release -p domei-cli
//! DOMEI_BIN=target/release/domei DOMEI_LOAD_READS=5000 DOMEI_LOAD_FORECASTS=200 \
//!   DOMEI_LOAD_CONCURRENCY=1000 cargo test -p domei-cli --test serve_load -- --nocapture
//! ```
//!
//! (`bench/load.sh` does this.) Settings, from the environment:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `DOMEI_BIN` | the `domei` binary | the one cargo built |
//! | `DOMEI_LOAD_READS` | read requests | 500 |
//! | `DOMEI_LOAD_FORECASTS` | forecasts (`POST /api/runs`, waiting for the run) | 50 |
//! | `DOMEI_LOAD_CONCURRENCY` | connections open at once (client threads) | all requests |
//! | `DOMEI_LOAD_DEADLINE_SECS` | the whole load's time limit | 120 |
//!
//! The server refuses (503) more than 256 runs waiting or running at once,
//! by design: keep `DOMEI_LOAD_FORECASTS` (or the concurrency) below that.

mod serve_common;

use serde_json::json;
use serve_common::{Client, Sandbox, BUNDLED};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// `name` from the environment as a number, or `default`.
fn setting(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a whole number")),
        _ => default,
    }
}

/// The reads, in turn.
const READS: [&str; 6] = [
    "/api/scenarios",
    "/scenarios/japan-us-2025",
    "/api/runs",
    "/runs/1",
    "/api/runs/1/charts",
    "/api/openapi.json",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read(usize),
    Forecast,
}

/// One request's outcome.
struct Done {
    kind: Kind,
    /// Since the common start.
    started: Duration,
    finished: Duration,
    result: Result<u16, String>,
}

/// The requests in the order the clients take them: `forecasts` spread
/// evenly among `reads`.
fn plan(reads: usize, forecasts: usize) -> Vec<Kind> {
    let total = reads + forecasts;
    let mut r = 0;
    (0..total)
        .map(|i| {
            if (i + 1) * forecasts / total != i * forecasts / total {
                Kind::Forecast
            } else {
                r += 1;
                Kind::Read((r - 1) % READS.len())
            }
        })
        .collect()
}

fn send(c: &Client, k: Kind) -> Result<u16, String> {
    let r = match k {
        Kind::Read(i) => c.send("GET", READS[i], &[], &[]),
        Kind::Forecast => c.send(
            "POST",
            "/api/runs",
            &[("Content-Type", "application/json")],
            json!({"scenario": BUNDLED}).to_string().as_bytes(),
        ),
    };
    match r {
        Ok(r) if r.ok() => Ok(r.status),
        Ok(r) => Err(format!(
            "{} {}",
            r.status,
            serve_common::http::excerpt(&r.text())
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// The `p`-th percentile (0–100) of sorted `v` (nearest rank).
fn percentile(v: &[Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Prints count, throughput and latency percentiles of `done`.
fn report(label: &str, done: &[&Done]) {
    let mut lat: Vec<Duration> = done.iter().map(|d| d.finished - d.started).collect();
    lat.sort();
    let first = done.iter().map(|d| d.started).min().unwrap_or_default();
    let last = done.iter().map(|d| d.finished).max().unwrap_or_default();
    let span = (last - first).as_secs_f64().max(1e-9);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "{label:>24}: {:5} requests in {span:7.2} s = {:8.1} req/s; latency p50 {:8.1} ms, p90 {:8.1} ms, p99 {:8.1} ms, max {:8.1} ms",
        done.len(),
        done.len() as f64 / span,
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 90.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default()),
    );
}

/// One load: what to send, and how.
struct Load {
    reads: usize,
    forecasts: usize,
    /// Client threads, each with one connection open at a time.
    concurrency: usize,
    deadline: Duration,
    /// View run 1 once before the load (its recomputation is then cached).
    warm: bool,
    /// Send each forecast's head and body in two writes.
    split: bool,
}

impl Load {
    /// The defaults, overridden by the `DOMEI_LOAD_*` settings.
    fn from_env() -> Load {
        let reads = setting("DOMEI_LOAD_READS", 500) as usize;
        let forecasts = setting("DOMEI_LOAD_FORECASTS", 50) as usize;
        let total = (reads + forecasts).max(1);
        Load {
            reads,
            forecasts,
            concurrency: (setting("DOMEI_LOAD_CONCURRENCY", total as u64) as usize).clamp(1, total),
            deadline: Duration::from_secs(setting("DOMEI_LOAD_DEADLINE_SECS", 120)),
            warm: setting("DOMEI_LOAD_WARM", 0) != 0,
            split: setting("DOMEI_LOAD_SPLIT", 0) != 0,
        }
    }

    /// Starts a server, sends the load, prints the figures, and asserts
    /// that every request succeeded within the deadline and every forecast
    /// stored its run.
    fn run(&self) {
        let total = self.reads + self.forecasts;
        let sb = Sandbox::sqlite();
        let server = sb.serve_loopback();
        let mut c = server.client().timeout(self.deadline);
        // Run 1, whose page and charts are among the reads.
        let first = c
            .post_json("/api/runs", &json!({"scenario": BUNDLED}))
            .expect(201)
            .json();
        assert_eq!(first["run"], 1);
        if self.warm {
            c.get("/runs/1").expect(200);
        }
        if self.split {
            c = c.split_writes();
        }

        let plan = Arc::new(plan(self.reads, self.forecasts));
        let next = Arc::new(AtomicUsize::new(0));
        let results = Arc::new(Mutex::new(Vec::with_capacity(total)));
        let gate = Arc::new(Barrier::new(self.concurrency + 1));
        let mut clients = Vec::with_capacity(self.concurrency);
        for _ in 0..self.concurrency {
            let (plan, next, results, gate, c) = (
                plan.clone(),
                next.clone(),
                results.clone(),
                gate.clone(),
                c.clone(),
            );
            let t = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    gate.wait();
                    let t0 = Instant::now();
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&kind) = plan.get(i) else { break };
                        let started = t0.elapsed();
                        let result = send(&c, kind);
                        mine.push(Done {
                            kind,
                            started,
                            finished: t0.elapsed(),
                            result,
                        });
                    }
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .extend(mine);
                })
                .expect("a client thread");
            clients.push(t);
        }
        gate.wait();
        let start = Instant::now();
        for t in clients {
            t.join().expect("a client thread panicked");
        }
        let wall = start.elapsed();

        let done = std::mem::take(&mut *results.lock().unwrap_or_else(|p| p.into_inner()));
        assert_eq!(done.len(), total);
        eprintln!(
            "load on {} ({}): {} reads + {} forecasts, {} at once{}{}, {} cores",
            server.url,
            serve_common::bin().display(),
            self.reads,
            self.forecasts,
            self.concurrency,
            if self.warm {
                ", run 1 viewed before"
            } else {
                ""
            },
            if self.split {
                ", head and body in two writes"
            } else {
                ""
            },
            std::thread::available_parallelism().map_or(0, |n| n.get()),
        );
        let of = |f: &dyn Fn(Kind) -> bool| done.iter().filter(|d| f(d.kind)).collect::<Vec<_>>();
        report("reads", &of(&|k| k != Kind::Forecast));
        for (i, path) in READS.iter().enumerate() {
            report(&format!("  {path}"), &of(&|k| k == Kind::Read(i)));
        }
        report("forecasts", &of(&|k| k == Kind::Forecast));
        report("all", &of(&|_| true));
        eprintln!("wall time {:.2} s", wall.as_secs_f64());

        let errors: Vec<String> = done
            .iter()
            .filter_map(|d| {
                let e = d.result.as_ref().err()?;
                Some(format!(
                    "{:?} at {:.3} s: {e}",
                    d.kind,
                    d.finished.as_secs_f64()
                ))
            })
            .collect();
        assert!(
            errors.is_empty(),
            "{} of {total} requests failed, e.g.:\n{}",
            errors.len(),
            errors
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(
            wall <= self.deadline,
            "the load took {wall:?}, more than {:?}",
            self.deadline
        );
        let want = |k: Kind| if k == Kind::Forecast { 201 } else { 200 };
        assert!(done.iter().all(|d| d.result == Ok(want(d.kind))));
        let stored = c.get("/api/runs?limit=1000").expect(200).json();
        assert_eq!(
            stored.as_array().map(Vec::len),
            Some(self.forecasts + 1),
            "every forecast stored its run"
        );
    }
}

#[test]
fn concurrent_reads_and_forecasts_all_succeed() {
    Load::from_env().run();
}

/// A burst of connections larger than a listen backlog of 128 (tokio's
/// default, which the server once used) overflows the accept queue; the
/// kernel then answers with SYN cookies, and a client whose first data
/// segment was dropped meanwhile is reset when its second segment (the
/// body) fails the cookie check (`netstat -s`: "invalid SYN cookies
/// received", "resets sent"). The server now listens with a backlog of
/// 4096; this burst of requests sent in two segments must all succeed.
#[test]
fn a_burst_of_two_segment_requests_all_succeed() {
    Load {
        split: true,
        ..Load::from_env()
    }
    .run();
}

#[test]
fn the_plan_spreads_forecasts_among_reads() {
    let p = plan(10, 5);
    assert_eq!(p.len(), 15);
    assert_eq!(p.iter().filter(|k| **k == Kind::Forecast).count(), 5);
    assert_eq!(p[0], Kind::Read(0));
    assert_eq!(plan(0, 3), [Kind::Forecast; 3]);
    assert_eq!(plan(2, 0), [Kind::Read(0), Kind::Read(1)]);
}
