//! domei's web workbench: `domei serve`.
//!
//! An axum server over the same crates the CLI uses: scenarios and runs
//! from domei-store, runs made and recomputed by domei-runs, charts from
//! domei-charts, briefings from domei-brief, evidence from domei-corpus.
//!
//! | module | owns |
//! |---|---|
//! | [`service`] | the operations pages and API share (read/edit scenarios, start/view/compare runs, corpus, briefing) |
//! | [`edit`] | editing one value in a scenario's TOML in place (domei-scenario's, re-exported) |
//! | [`queue`] | running forecasts and simulations in the background, with progress |
//! | [`api`] | the JSON API under `/api/` |
//! | [`openapi`] | its OpenAPI document |
//! | [`pages`] | the HTML pages |
//! | [`access`] | known hosts on loopback, tokens off loopback, cross-site refusal, protective headers, request log |
//! | [`conn`] | accepting connections: header timeout, per-client cap |
//! | [`state`](mod@state) | shared state: store, corpus, run queue, run cache |
//!
//! The server does no computation of its own: every number comes from the
//! engines through domei-runs, exactly as on the command line.
#![warn(missing_docs)]

pub mod access;
pub mod api;
pub mod conn;
pub use domei_scenario::edit;
pub mod error;
pub mod lang; // the workbench's language (domei-i18n)
pub mod openapi;
pub mod pages;
pub mod queue;
pub mod service;
pub mod state;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use state::{Access, AppState, CorpusHandle, RunCache, Shared};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body (a scenario's TOML is the largest thing posted).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// Longest a request may take (a forecast waits for its run; simulations
/// run in the background and are not bound by this).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// Off loopback: reads without a token.
    pub open_reads: bool,
    /// The evidence corpus folder.
    pub corpus: PathBuf,
    /// The memory one run may use; runs estimated to need more are refused
    /// with 413 before they are queued.
    pub memory_budget: domei_limits::Budget,
    /// Host names accepted besides the loopback names and the bound
    /// address (`--allow-host`).
    pub allowed_hosts: Vec<String>,
}

/// The state for `config` over `store`.
pub fn state(store: domei_store::Store, config: &Config) -> Shared {
    Arc::new(AppState {
        store,
        queue: Arc::new(queue::Queue::default()),
        access: Access {
            loopback: config.addr.ip().is_loopback(),
            open_reads: config.open_reads,
        },
        corpus: CorpusHandle::new(config.corpus.clone()),
        runs: RunCache::new(16),
        parsed: state::Lru::new(32),
        budget: config.memory_budget,
        hosts: config.addr.ip().is_loopback().then(|| {
            let bound = match config.addr.ip() {
                std::net::IpAddr::V6(ip) => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            ["127.0.0.1", "localhost", "[::1]", bound.as_str()]
                .into_iter()
                .map(str::to_string)
                .chain(config.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()))
                .collect()
        }),
    })
}

/// Every route with its middleware.
pub fn router(st: Shared) -> Router {
    use axum::middleware::{from_fn, from_fn_with_state};
    use tower_http::timeout::TimeoutLayer;
    let routes = Router::new().merge(api::routes()).merge(pages::routes());
    #[cfg(test)]
    let routes = routes.merge(tests::panicking_routes());
    routes
        // Inside the routing, so that a panic names its route.
        .route_layer(from_fn(error::catch_panics))
        .fallback(not_found)
        .layer(from_fn(lang::choose))
        .layer(from_fn_with_state(st.clone(), access::guard))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(from_fn(error::shape))
        .layer(from_fn(access::headers))
        .layer(from_fn(access::log))
        .with_state(st)
}

/// 404: JSON under `/api/`, an HTML page elsewhere.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        error::ApiError(error::WebError::NotFound(
            "no such API endpoint; see /api/openapi.json".into(),
        ))
        .into_response()
    } else {
        error::PageError(error::WebError::NotFound(format!(
            "no page at {}",
            uri.path()
        )))
        .into_response()
    }
}

/// Stores the bundled scenario's text when the store has no scenario of
/// that id yet, so that a fresh workbench opens on it.
pub async fn ensure_scenario(
    store: &domei_store::Store,
    toml: &str,
) -> Result<(), error::WebError> {
    let s = domei_store::scenarios::parse_scenario(toml)?;
    match store.scenario_version(&s.id, None).await {
        Ok(_) => Ok(()),
        Err(domei_store::StoreError::NotFound(_)) => {
            store.save_scenario(toml, Some("bundled scenario")).await?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Serves until Ctrl-C or SIGTERM. `ready` is called with the bound
/// address (the port is chosen by the system when `config.addr` has port 0).
pub async fn serve(
    store: domei_store::Store,
    config: Config,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = listen(config.addr)?;
    let bound = listener.local_addr()?;
    let st = state(
        store,
        &Config {
            addr: bound,
            ..config
        },
    );
    let app = router(st.clone());
    // Record the corpus's documents in the store in the background (the
    // first opening seeds the corpus, which takes a moment).
    let st2 = st.clone();
    tokio::spawn(async move {
        if let Err(e) = service::sync_corpus(&st2).await {
            eprintln!("warning: the corpus's documents were not recorded in the store: {e}");
        }
    });
    ready(bound);
    conn::serve(listener, app, shutdown()).await?;
    st.store.clone().close().await;
    Ok(())
}

/// Connections the kernel may queue before the server accepts them.
/// tokio's `TcpListener::bind` asks for 128; a burst of more clients than
/// that overflows the queue and some are reset (SYN cookies) or stall for
/// a retransmit. The kernel caps this at `net.core.somaxconn`.
const BACKLOG: u32 = 4096;

fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use tower::ServiceExt;

    /// Routes that panic, for the tests only (never in the product): one
    /// under `/api/`, one page.
    pub(crate) fn panicking_routes() -> Router<Shared> {
        async fn boom() -> &'static str {
            panic!("deliberate panic of a test route")
        }
        Router::new()
            .route("/api/test-only/panic/{n}", axum::routing::get(boom))
            .route("/test-only/panic", axum::routing::get(boom))
    }

    async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
        let req = Request::builder()
            .uri(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .expect("a valid request");
        let r = app.clone().oneshot(req).await.expect("infallible");
        let status = r.status();
        let ctype = r.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("ASCII")
            .to_string();
        let body = axum::body::to_bytes(r.into_body(), 1 << 20)
            .await
            .expect("a body");
        (status, ctype, String::from_utf8_lossy(&body).into_owned())
    }

    /// A panicking handler answers 500 in the documented shape, naming its
    /// route and nothing of the panic; the server keeps answering.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panic_in_a_handler_is_an_internal_error() {
        {
            let db = domei_store::testing::TestDb::sqlite();
            let corpus = tempfile::tempdir().expect("a temporary folder");
            let cfg = Config {
                addr: "127.0.0.1:8080".parse().expect("an address"),
                open_reads: false,
                corpus: corpus.path().join("corpus"),
                memory_budget: domei_limits::Budget::machine(Some(1 << 30)),
                allowed_hosts: Vec::new(),
            };
            let app = router(state(db.open().await, &cfg));

            let (status, ctype, body) = get(&app, "/api/test-only/panic/7").await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(ctype.starts_with("application/json"), "{ctype}");
            let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
            assert_eq!(
                v,
                serde_json::json!({"error": {
                    "code": "internal",
                    "message": "internal error in GET /api/test-only/panic/{n} (please report)"
                }})
            );

            let (status, ctype, body) = get(&app, "/test-only/panic").await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(ctype.starts_with("text/html"), "{ctype}");
            assert!(body.contains("internal error in GET /test-only/panic (please report)"));
            assert!(
                !body.contains("deliberate"),
                "the panic's detail stays in the log"
            );

            let (status, _, body) = get(&app, "/api/health").await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
}
