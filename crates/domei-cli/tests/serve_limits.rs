//! End to end: what `domei serve` refuses and how (docs/server.md,
//! "Limits"): foreign Host names on loopback (DNS rebinding), idle and
//! slow connections, oversized scenarios and runs, and every error under
//! /api as JSON. Loopback only; every wait is bounded.

mod serve_common;

use serde_json::json;
use serve_common::{http, Sandbox, BUNDLED};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Sends `raw` (a whole request) and reads the response to the end.
fn raw(addr: std::net::SocketAddr, raw: &[u8]) -> http::Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // Written from another thread while this one reads: the server may
    // answer (413) and close before taking all of a large body.
    let mut w = s.try_clone().unwrap();
    let mut buf = Vec::new();
    std::thread::scope(|sc| {
        sc.spawn(move || {
            let _ = w.write_all(raw);
        });
        let _ = s.read_to_end(&mut buf);
    });
    http::parse(&buf).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&buf)))
}

fn scenario_count(c: &http::Client) -> usize {
    c.get("/api/scenarios")
        .expect(200)
        .json()
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn a_foreign_host_on_loopback_is_refused_and_changes_nothing() {
    let sb = Sandbox::sqlite();
    let srv = sb.serve(
        &["--addr", "127.0.0.1:0", "--allow-host", "workbench.test"],
        &[],
    );
    let c = srv.client();
    let before = scenario_count(&c);
    let port = srv.addr.port();
    let small = include_str!("../../../tests/fixtures/small-scenario.toml");
    let body = serde_json::to_vec(&json!({"toml": small})).unwrap();
    for host in [
        format!("rebind.attacker.example:{port}"),
        "rebind.attacker.example".to_string(),
        format!("127.0.0.1.attacker.example:{port}"),
    ] {
        let req = format!(
            "POST /api/scenarios HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut all = req.into_bytes();
        all.extend_from_slice(&body);
        let r = raw(srv.addr, &all);
        assert_eq!(r.status, 421, "{host}: {}", r.text());
        assert_eq!(r.json()["error"]["code"], "misdirected", "{}", r.text());
        let r = raw(
            srv.addr,
            format!("GET /api/scenarios HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(r.status, 421, "{host}");
        let r = raw(
            srv.addr,
            format!("GET /scenarios HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(r.status, 421);
        assert!(r
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html"));
    }
    assert_eq!(
        scenario_count(&c),
        before,
        "a refused write changed the store"
    );
    // Known names pass: loopback names, the bound address, --allow-host.
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "workbench.test".to_string(),
        format!("WORKBENCH.test:{port}"),
    ] {
        let r = raw(
            srv.addr,
            format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(r.status, 200, "{host}: {}", r.text());
    }
}

#[test]
fn idle_and_slow_connections_are_closed_while_requests_keep_working() {
    let sb = Sandbox::sqlite();
    let srv = sb.serve_loopback();
    let c = srv.client();
    // 1,000 connections that send nothing, and one that sends a header
    // line every 2 s (never finishing its head).
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(srv.addr).unwrap())
        .collect();
    let mut slow = TcpStream::connect(srv.addr).unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    // Normal requests keep working meanwhile.
    let mut served = 0;
    while started.elapsed() < Duration::from_secs(6) {
        c.get("/api/health").expect(200);
        served += 1;
        if slow.write_all(b"X-Slow: 1\r\n").is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(served >= 5);
    // Every idle connection is closed by the server after the header
    // timeout (10 s, docs/server.md): a read sees the end of the stream.
    let deadline = started + Duration::from_secs(25);
    for (k, mut s) in idle.into_iter().chain([slow]).enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        s.set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .unwrap();
        let mut buf = [0u8; 512];
        match s.read(&mut buf) {
            // Closed, possibly after a 408 response.
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!(
                "connection {k} still open after {:?}: {e}",
                started.elapsed()
            ),
        }
    }
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "closed too early"
    );
    c.get("/api/health").expect(200);
}

#[test]
fn every_error_under_api_is_json_and_elsewhere_html() {
    let sb = Sandbox::sqlite();
    let srv = sb.serve_loopback();
    let c = srv.client();
    let host = c.host();
    let post = |path: &str, ctype: &str, body: &str| {
        raw(
            srv.addr,
            format!(
                "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
    };
    let long_uri = format!("/api/runs?x={}", "a".repeat(10_000));
    let big_header = format!(
        "GET /api/health HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(70_000)
    );
    let cases: Vec<(&str, http::Response, u16)> = vec![
        (
            "bad JSON",
            post("/api/runs", "application/json", "{not json"),
            400,
        ),
        (
            "wrong content type",
            post("/api/runs", "text/plain", r#"{"scenario": "x"}"#),
            415,
        ),
        ("bad path parameter", c.get("/api/runs/abc"), 400),
        ("no such endpoint", c.get("/api/nothing"), 404),
        (
            "wrong method",
            raw(
                srv.addr,
                format!(
                    "DELETE /api/scenarios HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                )
                .as_bytes(),
            ),
            405,
        ),
        (
            "body too large",
            post("/api/scenarios", "application/json", &"x".repeat(5 << 20)),
            413,
        ),
        ("URI too long", c.get(&long_uri), 414),
        (
            "headers too large",
            raw(srv.addr, big_header.as_bytes()),
            431,
        ),
    ];
    for (what, r, status) in cases {
        assert_eq!(r.status, status, "{what}: {}", r.text());
        let j = r.json();
        assert!(
            j["error"]["code"].is_string() && j["error"]["message"].is_string(),
            "{what}: {j}"
        );
    }
    // Outside /api the same refusals are HTML pages.
    for r in [
        c.get("/runs/abc"),
        raw(
            srv.addr,
            format!("DELETE /scenarios HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        ),
    ] {
        assert!(r.status >= 400, "{}", r.text());
        let ct = r.header("content-type").unwrap_or("");
        assert!(ct.starts_with("text/html"), "{} {ct}", r.status);
    }
}

/// A scenario of `n` actors on one issue, as TOML.
fn many_actors(n: usize) -> String {
    let mut t = format!(
        "[scenario]\nid = \"many{n}\"\nname = \"Many\"\n\n[[issues]]\nid = \"x\"\nscale = {{ min = 0, max = 100 }}\n\n"
    );
    for a in 0..n {
        t.push_str(&format!(
            "[[actors]]\nid = \"a{a}\"\ncapability = {}\n[[stances]]\nactor = \"a{a}\"\nissue = \"x\"\nposition = {}\nsalience = 0.5\n",
            1 + a % 7,
            a % 101
        ));
    }
    t
}

#[test]
fn oversized_scenarios_and_runs_are_refused_before_any_work() {
    let sb = Sandbox::sqlite();
    let srv = sb.serve(&["--addr", "127.0.0.1:0", "--memory-budget", "100M"], &[]);
    let c = srv.client();
    // 12,000 actors: over the `actors` limit (and under the body limit).
    let r = c.post_json("/api/scenarios", &json!({"toml": many_actors(12_000)}));
    assert!(matches!(r.status, 413 | 422), "{}", r.text());
    assert!(r.text().contains("`actors`"), "{}", r.text());
    // 3,000 actors are stored, but BDM on them needs ~430 MB: 413 before
    // the run is queued, naming the budget.
    c.post_json("/api/scenarios", &json!({"toml": many_actors(3_000)}))
        .expect(201);
    let r = c.post_json(
        "/api/runs",
        &json!({"scenario": "many3000", "models": ["bdm"]}),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    let j = r.json();
    assert_eq!(j["error"]["code"], "too_large");
    let m = j["error"]["message"].as_str().unwrap_or("");
    assert!(m.contains("memory") && m.contains("--memory-budget"), "{m}");
    // The compromise model fits; its job reports the estimate.
    let r = c
        .post_json(
            "/api/runs",
            &json!({"scenario": "many3000", "models": ["compromise"]}),
        )
        .expect(201);
    let j = r.json();
    assert!(
        j["estimate"]["memory_bytes"].as_u64().unwrap_or(0) > 0,
        "{j}"
    );
    // Counts outside their limits.
    for (body, limit) in [
        (json!({"scenario": BUNDLED, "rounds": 0}), "`rounds`"),
        (
            json!({"scenario": BUNDLED, "kind": "simulate", "draws": 1_000_000}),
            "`workbench_draws`",
        ),
    ] {
        let r = c.post_json("/api/runs", &body);
        assert!(matches!(r.status, 413 | 422), "{}", r.text());
        assert!(r.text().contains(limit), "{}", r.text());
    }
}

/// The server's peak resident memory so far (`VmHWM`), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/PID/status");
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib * 1024
}

#[test]
fn a_58000_actor_scenario_is_refused_before_it_is_parsed_in_little_memory() {
    let sb = Sandbox::sqlite();
    let srv = sb.serve_loopback();
    let c = srv.client();
    let before = scenario_count(&c);
    // 58,000 actors (6 MB): past the 4 MiB body limit, refused unread; 30,000
    // (3.3 MB): within it, refused by the scenario reader's count of its
    // tables before the TOML is parsed.
    for (n, says) in [(58_000, "too_large"), (30_000, ":80009:1:")] {
        let toml = many_actors(n);
        let started = Instant::now();
        let r = c.post_json("/api/scenarios", &json!({"toml": toml}));
        let took = started.elapsed();
        let rss = peak_rss(srv.pid());
        eprintln!(
            "POST of {n} actors ({} bytes): {} in {:.2} s, server peak {} MB",
            toml.len(),
            r.status,
            took.as_secs_f64(),
            rss >> 20
        );
        // 413 for the body, 422 for the scenario (as any invalid one).
        assert!(matches!(r.status, 413 | 422), "{}", r.text());
        assert!(r.text().contains(says), "{}", r.text());
        if n == 30_000 {
            let m = r.json()["error"]["message"]
                .as_str()
                .unwrap_or("")
                .to_string();
            // The 10,001st actor's table: line 9 + 8 × 10,000.
            assert!(m.contains("30000") && m.contains("`actors`"), "{m}");
        }
        assert!(rss < 200_000_000, "server peak memory {rss} bytes");
    }
    assert_eq!(scenario_count(&c), before, "a refused scenario was stored");
}
