//! End to end: what `domei serve`'s pages carry: the protective headers on
//! every response, an HTML 404, and escaping of stored text on every page.
//! Each test runs the real binary on a database and corpus of its own.

mod serve_common;

use serde_json::json;
use serve_common::{run_body, Response, Sandbox, BUNDLED};

/// Asserts the headers every response carries, and that a page's policy
/// lets scripts come only from the server.
#[track_caller]
fn assert_protected(path: &str, r: &Response) {
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{path}"
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
    // Other sites learn nothing of the workbench's addresses.
    let referrer = r.header("referrer-policy");
    assert!(
        matches!(referrer, Some("same-origin" | "no-referrer")),
        "{path}: Referrer-Policy {referrer:?}"
    );
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'none'"), "{path}: CSP {csp:?}");
    assert!(
        csp.contains("frame-ancestors 'none'"),
        "{path}: CSP {csp:?}"
    );
    let script = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"));
    if r.header("content-type")
        .is_some_and(|t| t.starts_with("text/html"))
        && r.header("content-disposition").is_none()
    {
        assert_eq!(script, Some("script-src 'self'"), "{path}: CSP {csp:?}");
    }
    assert!(!csp.contains("unsafe-eval"), "{path}: CSP {csp:?}");
    if let Some(s) = script {
        assert!(!s.contains("unsafe-inline"), "{path}: CSP {csp:?}");
    }
}

#[test]
fn every_page_carries_the_protective_headers() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = server.client();
    c.post_json("/api/runs", &run_body()).expect(201);
    let pages = [
        ("/", 303),
        ("/scenarios", 200),
        (&format!("/scenarios/{BUNDLED}"), 200),
        (&format!("/scenarios/{BUNDLED}/history"), 200),
        (&format!("/scenarios/{BUNDLED}/diff?from=1&to=1"), 200),
        (
            &format!("/scenarios/{BUNDLED}/value?path=us-admin.capability"),
            200,
        ),
        ("/runs", 200),
        ("/runs/1", 200),
        ("/compare?a=1&b=1", 200),
        ("/login", 200),
        ("/corpus", 200),
        ("/runs/999", 404),
        ("/scenarios/nope", 404),
    ];
    for (path, status) in pages {
        let r = c.get(path).expect(status);
        if status != 303 {
            let ct = r.header("content-type").unwrap_or_default();
            assert!(ct.starts_with("text/html"), "{path}: {ct}");
        }
        assert_protected(path, &r);
    }
    for path in [
        "/api/scenarios",
        "/api/runs/1",
        "/api/nope",
        "/api/openapi.json",
    ] {
        assert_protected(path, &c.get(path));
    }
    // The briefing is a self-contained download: inline CSS, no script.
    for path in ["/api/runs/1/brief?format=html", "/runs/1/brief.html"] {
        let r = c.get(path).expect(200);
        assert_protected(path, &r);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            !csp.contains("script-src"),
            "{path}: the briefing runs no script: {csp}"
        );
        assert!(r
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")));
    }
}

#[test]
fn an_unknown_page_gets_an_html_404() {
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = server.client();
    let r = c.get("/no-such-page").expect(404);
    assert_protected("/no-such-page", &r);
    let ct = r.header("content-type").unwrap_or_default();
    assert!(
        ct.starts_with("text/html"),
        "/no-such-page: {ct}: {}",
        r.text()
    );
    // Unknown API paths keep their JSON error.
    let r = c.get("/api/no-such-endpoint").expect(404);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

/// Text that breaks out of an element and out of an attribute.
const PAYLOAD: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;
/// How it reads escaped (the start of it).
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

/// A scenario with [`PAYLOAD`] in every free-text field.
fn hostile_scenario() -> String {
    r#"[scenario]
id = "xss"
name = 'P'
question = 'P'
description = 'P'

[[actors]]
id = "a"
name = 'P'
description = 'P'
capability = { value = 2, judgement = 'P' }

[[actors]]
id = "b"
name = 'P (b)'
capability = 1

[[issues]]
id = "x"
name = 'P'
unit = 'P'
description = 'P'
scale = { min = 0, max = 10 }
anchors = [{ value = 5, label = 'P' }]
status_quo = { value = 5, judgement = 'P' }

[[stances]]
actor = "a"
issue = "x"
position = { value = 2, low = 1, high = 3, judgement = 'P' }
salience = { value = 0.5, judgement = 'P' }

[[stances]]
actor = "b"
issue = "x"
position = 8
salience = 1
"#
    .replace('P', PAYLOAD)
}

#[test]
fn stored_text_is_escaped_on_every_page() {
    let toml = hostile_scenario();
    assert!(toml.contains("position = {"), "keys untouched:\n{toml}");
    let sb = Sandbox::sqlite();
    let server = sb.serve_loopback();
    let c = server.client();
    c.post_json("/api/scenarios", &json!({"toml": toml, "message": PAYLOAD}))
        .expect(201);
    // A second version whose judgement and message carry the payload (the
    // diff page shows the text).
    c.post_json(
        "/api/scenarios/xss/values",
        &json!({"path": "b.capability", "change": {"judgement": PAYLOAD}, "message": PAYLOAD}),
    )
    .expect(201);
    let f = c
        .post_json("/api/runs", &json!({"scenario": "xss"}))
        .expect(201)
        .json();
    let s = c
        .post_json(
            "/api/runs?wait=true",
            &json!({"scenario": "xss", "kind": "simulate", "draws": 200}),
        )
        .expect(201)
        .json();
    let (f, s) = (
        f["run"].as_i64().unwrap_or(0),
        s["run"].as_i64().unwrap_or(0),
    );
    let q = serve_common::http::form_encode(PAYLOAD);
    // (path, whether the page shows the stored text)
    let pages = [
        ("/scenarios".to_string(), true),
        ("/scenarios/xss".into(), true),
        ("/scenarios/xss?version=1".into(), true),
        ("/scenarios/xss/history".into(), true),
        ("/scenarios/xss/diff?from=1&to=2".into(), true),
        ("/scenarios/xss/value?path=a.capability".into(), true),
        ("/scenarios/xss/value?path=b.capability".into(), true),
        ("/scenarios/xss/value?path=x.status_quo".into(), true),
        ("/scenarios/xss/value?path=a.x.position".into(), true),
        ("/scenarios/xss/value?path=a.x.salience".into(), true),
        (
            format!("/scenarios/xss/value?path=a.capability&q={q}"),
            true,
        ),
        (format!("/runs/{f}"), true),
        (format!("/runs/{s}"), true),
        ("/runs".into(), false),
        (format!("/compare?a={f}&b={s}"), false),
        (format!("/api/runs/{f}/brief?format=html"), true),
        (format!("/runs/{s}/brief.html"), true),
        (format!("/corpus?q={q}"), true),
    ];
    for (path, shows) in &pages {
        let r = c.get(path).expect(200);
        assert_escaped(path, &r, *shows);
    }
    // Text from the request itself, echoed in an error page.
    for path in [
        format!("/scenarios/{q}"),
        format!("/scenarios/xss/value?path={q}"),
        format!("/passages/{q}"),
    ] {
        let r = c.get(&path);
        assert!(r.status >= 400, "{path}: {}", r.status);
        assert_escaped(&path, &r, false);
    }
}

#[track_caller]
fn assert_escaped(path: &str, r: &Response, shows: bool) {
    let body = r.text();
    for raw in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
        assert!(
            !body.contains(raw),
            "{path}: the raw {raw:?} is in the page:\n{}",
            around(&body, raw)
        );
    }
    if shows {
        assert!(
            body.contains(ESCAPED),
            "{path}: the escaped text is missing"
        );
    }
}

/// The text around the first `needle` in `hay`.
fn around(hay: &str, needle: &str) -> String {
    let i = hay.find(needle).unwrap_or(0);
    let (mut a, mut b) = (i.saturating_sub(200), (i + 200).min(hay.len()));
    while !hay.is_char_boundary(a) {
        a -= 1;
    }
    while !hay.is_char_boundary(b) {
        b += 1;
    }
    hay[a..b].to_string()
}
