//! Shared by the web crate's build tests: an app in process over a test
//! store (tower's `oneshot`, no socket), requests with a JSON or a form body,
//! and `both_backends!`, which turns each `async fn NAME(db: TestDb)` into a
//! test on SQLite (`sqlite::NAME`) and one on PostgreSQL (`postgres::NAME`).
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domei_store::testing::TestDb;
use domei_web::{router, state, Config};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The router over a test store, with a corpus folder of its own.
pub struct App {
    app: axum::Router,
    _corpus: tempfile::TempDir,
}

pub async fn app(db: &TestDb) -> App {
    app_with(db, None).await
}

/// The bundled scenario's file, and its id.
pub const BUNDLED: &str = include_str!("../../../../scenarios/japan-us-2025/scenario.toml");
pub const BUNDLED_ID: &str = "japan-us-2025";

/// The router over a test store holding the bundled scenario
/// (japan-us-2025), as `domei serve` starts.
pub async fn app_bundled(db: &TestDb) -> App {
    app_with(db, Some(BUNDLED)).await
}

async fn app_with(db: &TestDb, scenario: Option<&str>) -> App {
    let store = db.open().await;
    if let Some(toml) = scenario {
        domei_web::ensure_scenario(&store, toml).await.unwrap();
    }
    let corpus = tempfile::tempdir().unwrap();
    let cfg = Config {
        addr: "127.0.0.1:8080".parse().unwrap(),
        open_reads: false,
        corpus: corpus.path().join("corpus"),
        memory_budget: domei_limits::Budget::machine(Some(8 << 30)),
        allowed_hosts: Vec::new(),
    };
    App {
        app: router(state(store, &cfg)),
        _corpus: corpus,
    }
}

/// The response to a request with a JSON body (`Some`), a form body
/// (`form`) or none.
async fn respond(
    a: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
    form: Option<&str>,
) -> axum::http::Response<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080");
    let body = match (body, form) {
        (Some(b), _) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        (None, Some(f)) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f.to_string())
        }
        (None, None) => Body::empty(),
    };
    a.app
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap()
}

/// A response header as text ("" when absent).
fn header_of(r: &axum::http::Response<Body>, name: header::HeaderName) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A request with a JSON body (`Some`) or a form body (`form`): status,
/// body as text and where it redirects.
pub async fn send(
    a: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
    form: Option<&str>,
) -> (StatusCode, String, Option<String>) {
    let r = respond(a, method, uri, body, form).await;
    let status = r.status();
    let location = r
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (
        status,
        String::from_utf8_lossy(&bytes).into_owned(),
        location,
    )
}

/// A GET's status, body bytes and `(content type, content disposition)`.
pub async fn download(a: &App, uri: &str) -> (StatusCode, Vec<u8>, (String, String)) {
    let (status, _, bytes, ctype, disp) = call_full(a, "GET", uri, None).await;
    (status, bytes, (ctype, disp))
}

/// `(status, JSON or null, body bytes, content type, content disposition)`
/// of a request with a JSON body or none.
pub async fn call_full(
    a: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, Vec<u8>, String, String) {
    let r = respond(a, method, uri, body, None).await;
    let status = r.status();
    let (ctype, disp) = (
        header_of(&r, header::CONTENT_TYPE),
        header_of(&r, header::CONTENT_DISPOSITION),
    );
    let bytes = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v, bytes, ctype, disp)
}

/// A GET's status and body as text.
pub async fn text(a: &App, uri: &str) -> (StatusCode, String) {
    let (s, _, b, _, _) = call_full(a, "GET", uri, None).await;
    (s, String::from_utf8(b).unwrap())
}

/// A POST of a form body: its status and where it redirects ("" if not).
pub async fn post_form(a: &App, uri: &str, body: &str) -> (StatusCode, String) {
    let (status, _, location) = send(a, "POST", uri, None, Some(body)).await;
    (status, location.unwrap_or_default())
}

pub async fn call(a: &App, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (s, text, _) = send(a, method, uri, body, None).await;
    (s, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn change(a: &App, id: &str, c: Value) -> (StatusCode, Value) {
    call(
        a,
        "POST",
        &format!("/api/scenarios/{id}/changes"),
        Some(json!({"change": c})),
    )
    .await
}

pub async fn latest(a: &App, id: &str) -> i64 {
    let (_, v) = call(a, "GET", &format!("/api/scenarios/{id}"), None).await;
    v["version"].as_i64().unwrap()
}

/// A form body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(domei_store::testing::TestDb::sqlite()).await }
        )* }
        mod postgres { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                match domei_store::testing::TestDb::postgres() {
                    Some(db) => super::$name(db).await,
                    None => eprintln!("skipped: DOMEI_TEST_POSTGRES_URL is not set"),
                }
            }
        )* }
    };
}
