//! End to end: who may do what on `domei serve` (tokens off loopback,
//! closed or open reads, cross-site writes refused), the body limit, and a
//! server that cannot start. The protective headers and escaping of stored
//! text are in `serve_pages.rs`. Each test runs the real binary on a
//! database and corpus of its own.

mod serve_common;

use serde_json::{json, Value};
use serve_common::{run_body, Client, Response, Sandbox, BUNDLED};
use std::time::Duration;

/// A valid edit of the bundled scenario (one value).
fn edit_body() -> Value {
    json!({"path": "us-admin.capability", "change": {"value": 90}, "message": "access test"})
}

/// A small valid scenario (`id = "t"`).
const SMALL: &str = include_str!("../../../tests/fixtures/small-scenario.toml");

/// Every kind of change, through the API and through the pages' forms:
/// `(what, response)`.
fn attempt_writes(c: &Client) -> Vec<(&'static str, Response)> {
    vec![
        (
            "POST /api/scenarios/ID/values",
            c.post_json(&format!("/api/scenarios/{BUNDLED}/values"), &edit_body()),
        ),
        ("POST /api/runs", c.post_json("/api/runs", &run_body())),
        (
            "POST /api/scenarios",
            c.post_json("/api/scenarios", &json!({"toml": SMALL})),
        ),
        (
            "POST /scenarios/ID/value (form)",
            c.post_form(
                &format!("/scenarios/{BUNDLED}/value"),
                &[("path", "us-admin.capability"), ("value", "80")],
            ),
        ),
        (
            "POST /scenarios/ID/runs (form)",
            c.post_form(
                &format!("/scenarios/{BUNDLED}/runs"),
                &[("kind", "forecast"), ("models", "compromise")],
            ),
        ),
        (
            "POST /scenarios (form)",
            c.post_form("/scenarios", &[("toml", SMALL)]),
        ),
    ]
}

/// Asserts every response is `status`; API errors carry the JSON error
/// `code`, and a 401 from the API says how to authenticate.
#[track_caller]
fn assert_all(responses: &[(&str, Response)], status: u16, code: &str) {
    for (what, r) in responses {
        assert_eq!(r.status, status, "{what}: {}", r.text());
        if what.contains("/api/") {
            assert_eq!(r.json()["error"]["code"], code, "{what}");
            if status == 401 {
                let h = r.header("www-authenticate").unwrap_or_default();
                assert!(h.starts_with("Bearer"), "{what}: WWW-Authenticate {h:?}");
            }
        }
    }
}

/// (versions of the bundled scenario, runs stored, scenarios stored), as
/// the command line sees the database.
fn store_counts(sb: &Sandbox) -> (usize, usize, usize) {
    let n = |v: Value| v.as_array().map_or(0, Vec::len);
    (
        n(sb.domei_json(&["scenarios", "history", BUNDLED])),
        n(sb.domei_json(&["runs", "list", "--limit", "0"])),
        n(sb.domei_json(&["scenarios", "list"])),
    )
}

/// A well-formed token whose secret is wrong, and other wrong tokens.
fn wrong_tokens(good: &str) -> Vec<String> {
    let last = good.chars().last().unwrap_or('0');
    let flipped = if last == '0' { '1' } else { '0' };
    vec![
        format!("{}{flipped}", &good[..good.len() - 1]),
        format!("domei_1_{}", "0".repeat(64)),
        "domei_999_abc".into(),
        "not-a-token".into(),
        String::new(),
    ]
}

#[test]
fn off_loopback_every_request_needs_a_valid_token() {
    let sb = Sandbox::sqlite();
    let token = sb.create_token("t");
    let mut server = sb.serve(&["--addr", "0.0.0.0:0"], &[]);
    let anon = server.client();

    // Without a token: every change refused, and every read (reads are
    // closed by default); the sign-in page, assets and health stay open.
    assert_all(&attempt_writes(&anon), 401, "unauthorized");
    for path in [
        "/api/scenarios",
        "/api/runs",
        "/api/openapi.json",
        &format!("/api/scenarios/{BUNDLED}"),
    ] {
        let r = anon.get(path).expect(401);
        assert!(r.header("www-authenticate").is_some(), "{path}");
    }
    for path in [
        "/scenarios",
        &format!("/scenarios/{BUNDLED}"),
        "/runs",
        "/corpus",
    ] {
        let r = anon.get(path).expect(401);
        assert!(
            r.text().contains("/login"),
            "{path}: the page offers to sign in"
        );
    }
    for path in [
        "/login",
        "/static/workbench.css",
        "/static/workbench.js",
        "/api/health",
    ] {
        anon.get(path).expect(200);
    }

    // Wrong tokens, in the header or the cookie: the same.
    for bad in wrong_tokens(&token) {
        for c in [anon.bearer(&bad), anon.cookie(&bad)] {
            assert_all(&attempt_writes(&c), 401, "unauthorized");
            c.get("/api/scenarios").expect(401);
        }
        let r = anon.post_form("/login", &[("token", &bad)]);
        assert_eq!(r.status, 401, "login with {bad:?}");
        assert!(r.header("set-cookie").is_none());
    }
    assert_eq!(
        store_counts(&sb),
        (1, 0, 1),
        "refused requests changed nothing"
    );

    // A valid token as `Authorization: Bearer`.
    let api = anon.bearer(&token);
    api.get("/api/scenarios").expect(200);
    api.get(&format!("/scenarios/{BUNDLED}")).expect(200);
    let v = api
        .post_json(&format!("/api/scenarios/{BUNDLED}/values"), &edit_body())
        .expect(201)
        .json();
    assert_eq!(v["scenario"]["version"], 2);
    let run = api.post_json("/api/runs", &run_body()).expect(201).json();
    assert_eq!(
        (run["state"].as_str(), run["run"].as_i64()),
        (Some("done"), Some(1))
    );
    api.post_json("/api/scenarios", &json!({"toml": SMALL}))
        .expect(201);
    // …but not from another site, token or not.
    let r = api
        .with_header("Origin", "http://evil.example")
        .post_json("/api/runs", &run_body())
        .expect(403);
    assert_eq!(r.json()["error"]["code"], "forbidden");

    // A browser: /login sets the cookie; the pages' forms then work.
    let r = anon.post_form("/login", &[("token", &token)]).expect(303);
    let cookie = r.header("set-cookie").unwrap_or_default().to_string();
    assert!(
        cookie.starts_with(&format!("domei_token={token};")),
        "{cookie}"
    );
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "cookie without {attr}: {cookie}");
    }
    let browser = anon.cookie(&token);
    let r = browser
        .post_form(
            &format!("/scenarios/{BUNDLED}/value"),
            &[
                ("path", "us-admin.capability"),
                ("base_version", "2"),
                ("value", "80"),
                ("message", "from the page"),
            ],
        )
        .expect(303);
    assert_eq!(
        r.header("location"),
        Some(format!("/scenarios/{BUNDLED}?saved=3").as_str())
    );
    let r = browser
        .post_form(
            &format!("/scenarios/{BUNDLED}/runs"),
            &[("kind", "forecast"), ("models", "compromise")],
        )
        .expect(303);
    let job: u64 = r
        .header("location")
        .and_then(|l| l.strip_prefix("/jobs/"))
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| panic!("not a job: {:?}", r.header("location")));
    let j = serve_common::wait_for_job(&api, job, Duration::from_secs(60));
    assert_eq!(
        (j["state"].as_str(), j["run"].as_i64()),
        (Some("done"), Some(2))
    );
    browser.get("/runs/2").expect(200);
    assert_eq!(store_counts(&sb), (3, 2, 2));

    // A token revoked while the server runs stops working at once.
    let other = sb.create_token("revoked");
    let id = other.split('_').nth(1).expect("domei_ID_SECRET");
    anon.bearer(&other).get("/api/runs").expect(200);
    sb.domei(&["token", "revoke", id]);
    anon.bearer(&other).get("/api/runs").expect(401);
    anon.cookie(&other)
        .post_json("/api/runs", &run_body())
        .expect(401);
    api.get("/api/runs").expect(200);

    // The token never reaches the log (nor do the wrong ones).
    assert!(server.stop(), "the server stops on SIGTERM");
    let log = server.stderr();
    assert!(
        log.contains("POST /api/runs 401"),
        "requests are logged: {log}"
    );
    for t in [&token, &other] {
        let secret = t.rsplit('_').next().unwrap_or_default();
        assert!(
            !log.contains(secret),
            "a token is in the server's log:\n{log}"
        );
    }
    for bad in wrong_tokens(&token).iter().filter(|t| t.len() > 8) {
        assert!(!log.contains(bad.as_str()), "{bad} is in the log");
    }
}

#[test]
fn open_reads_open_reads_only() {
    let sb = Sandbox::sqlite();
    let token = sb.create_token("t");
    let server = sb.serve(&["--addr", "0.0.0.0:0", "--open-reads"], &[]);
    let anon = server.client();
    for path in [
        "/api/scenarios".to_string(),
        format!("/api/scenarios/{BUNDLED}"),
        "/api/runs".into(),
        "/api/openapi.json".into(),
        "/scenarios".into(),
        format!("/scenarios/{BUNDLED}"),
        format!("/scenarios/{BUNDLED}/value?path=us-admin.capability"),
        "/runs".into(),
    ] {
        anon.get(&path).expect(200);
    }
    assert_all(&attempt_writes(&anon), 401, "unauthorized");
    assert_all(
        &attempt_writes(&anon.bearer(&wrong_tokens(&token)[0])),
        401,
        "unauthorized",
    );
    assert_eq!(
        store_counts(&sb),
        (1, 0, 1),
        "refused requests changed nothing"
    );
    anon.bearer(&token)
        .post_json("/api/runs", &run_body())
        .expect(201);
}

#[test]
fn loopback_needs_no_token_but_refuses_cross_site_writes() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = server.client();
    let same_origin = format!("http://{}", c.host());

    // Another site: refused on loopback too, whichever way it says so.
    for (k, v) in [
        ("Origin", "http://evil.example"),
        ("Origin", "null"),
        ("Origin", "http://127.0.0.1.evil.example"),
        ("Origin", "http://127.0.0.1:1"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Site", "same-site"),
    ] {
        assert_all(&attempt_writes(&c.with_header(k, v)), 403, "forbidden");
        // Reads from anywhere are fine (the browser keeps the answer from
        // the other site's script).
        c.with_header(k, v).get("/api/scenarios").expect(200);
    }
    assert_eq!(
        store_counts(&sb),
        (1, 0, 1),
        "refused requests changed nothing"
    );

    // No token needed; the same site (or no Origin, a program) may write.
    let r = c
        .with_header("Origin", &same_origin)
        .post_json(&format!("/api/scenarios/{BUNDLED}/values"), &edit_body())
        .expect(201);
    assert_eq!(r.json()["scenario"]["version"], 2);
    c.with_header("Sec-Fetch-Site", "same-origin")
        .post_json("/api/runs", &run_body())
        .expect(201);
    c.post_json("/api/scenarios", &json!({"toml": SMALL}))
        .expect(201);
    assert_eq!(store_counts(&sb), (2, 1, 2));
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = server.client();
    let big = "x".repeat(5 * 1024 * 1024);
    let json_body = json!({"toml": big}).to_string();
    let r = c
        .send(
            "POST",
            "/api/scenarios",
            &[("Content-Type", "application/json")],
            json_body.as_bytes(),
        )
        .expect("a response");
    assert_eq!(r.status, 413, "{}", r.text());
    let form_body = format!("toml={big}");
    let r = c
        .send(
            "POST",
            "/scenarios",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            form_body.as_bytes(),
        )
        .expect("a response");
    assert_eq!(r.status, 413, "{}", r.text());
    // The server is still there, and nothing was stored.
    c.get("/api/health").expect(200);
    assert_eq!(store_counts(&sb), (1, 0, 1));
}

#[test]
fn the_test_client_reads_plain_and_chunked_responses() {
    use serve_common::http::{form_encode, parse};
    let r = parse(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A: b\r\n\r\nokEXTRA").unwrap();
    assert_eq!((r.status, r.text().as_str()), (201, "ok"));
    assert_eq!(r.header("X-a"), Some("b"));
    let r = parse(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.text(), "abcde");
    assert!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort").is_err());
    assert_eq!(form_encode("a b&c=<"), "a+b%26c%3D%3C");
}

/// Off loopback, the first use of a token in a minute records it (an
/// UPDATE of `tokens.last_used_at`): on SQLite that waits for any write
/// transaction in progress, up to the 30 s busy timeout, and fails the
/// request with 500 ("cannot check the token: … database is locked")
/// after it — for reads too. Here a run's write is held open by the
/// store's test hook; a read with a token not used yet must still be
/// answered at once.
#[test]
fn authenticated_reads_do_not_wait_for_a_run_write() {
    let sb = Sandbox::sqlite();
    let writer = sb.create_token("writer");
    let reader = sb.create_token("reader");
    let marker = sb.path().join("paused");
    let server = sb.serve(
        &["--addr", "0.0.0.0:0"],
        &[(
            domei_store::PAUSE_HOOK_ENV,
            marker.to_str().expect("a UTF-8 path"),
        )],
    );
    server
        .client()
        .bearer(&writer)
        .post_json("/api/runs?wait=false", &run_body())
        .expect(202);
    serve_common::wait_for_file(&marker, Duration::from_secs(60));
    let quick = server
        .client()
        .bearer(&reader)
        .timeout(Duration::from_secs(5));
    let t = std::time::Instant::now();
    let r = quick
        .send("GET", "/api/scenarios", &[], &[])
        .unwrap_or_else(|e| panic!("no answer within 5 s ({e})"));
    assert_eq!(r.status, 200, "after {:?}: {}", t.elapsed(), r.text());
}

/// An address already in use, or a bad database URL, is a usage error
/// (exit 2) with a message naming it; nothing is served.
#[test]
fn an_address_in_use_or_a_bad_database_exits_2() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let addr = server.addr.to_string();
    let out = sb
        .command()
        .args(["serve", "--addr", &addr])
        .output()
        .expect("run domei serve");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot serve on {addr}")), "{err}");
    assert!(out.stdout.is_empty());
    let out = sb
        .command()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database",
            "mysql://nope",
        ])
        .output()
        .expect("run domei serve");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
}
