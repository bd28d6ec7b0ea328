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
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
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
