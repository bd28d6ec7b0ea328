//! Access rules and protective headers, as middleware.
//!
//! - Bound to loopback: no login. Bound to any other address: every request
//!   that changes something (any method but GET, HEAD, OPTIONS) needs a
//!   valid token, and so do reads unless the server runs with
//!   `--open-reads`. A token comes as `Authorization: Bearer TOKEN` (API
//!   clients) or in the `domei_token` cookie that `/login` sets (browsers).
//!   Tokens are checked against their stored hashes; no token is ever
//!   logged or echoed.
//! - Writes from another site are refused on any address (`Origin` not this
//!   host, or `Sec-Fetch-Site: cross-site`), so a web page cannot drive a
//!   workbench running on the analyst's machine.
//! - Every response carries a Content-Security-Policy (scripts and styles
//!   only from this server; no frames, no plugins), `X-Content-Type-Options:
//!   nosniff`, `Referrer-Policy: same-origin` and `X-Frame-Options: DENY`.

use crate::error::{ApiError, PageError, WebError};
use crate::state::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The cookie `/login` sets.
pub const COOKIE: &str = "domei_token";

/// The pages' policy: the one script and stylesheet come from this server,
/// charts are inline SVG, nothing else loads.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The briefing's policy: its CSS is inline (the file is self-contained);
/// it runs no script at all.
pub const BRIEF_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

fn is_write(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token a request carries, if any.
pub fn token(h: &HeaderMap) -> Option<String> {
    if let Some(v) = h.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let v = v.trim();
        if let Some(t) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            return Some(t.trim().to_string());
        }
    }
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim().to_string())
}

/// Whether a write comes from another site. Browsers say so in
/// `Sec-Fetch-Site` (trusted when present: `same-origin` and `none` — typed
/// by the user — pass); older ones only in `Origin`, which must then name
/// this host. A request with neither is not a browser's cross-origin
/// request (curl, scripts) and passes.
fn cross_site(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

/// Paths open to anyone: the sign-in page, static assets, health.
fn public(path: &str) -> bool {
    path == "/login" || path.starts_with("/static/") || path == "/api/health"
}

fn refuse(api: bool, e: WebError) -> Response {
    if api {
        ApiError(e).into_response()
    } else {
        PageError(e).into_response()
    }
}

/// The host name a request names (`Host`, or the URI's authority), in
/// lowercase and without its port; `None` when it names none.
fn host_name(req: &Request) -> Option<String> {
    let raw = match req.headers().get(header::HOST) {
        Some(v) => v.to_str().ok().unwrap_or("\u{0}").to_string(),
        None => req.uri().authority()?.as_str().to_string(),
    };
    let raw = raw.trim().to_ascii_lowercase();
    // `[::1]:8080` keeps its brackets; `name:8080` loses its port.
    let name = match raw.rfind(']') {
        Some(end) => raw[..=end].to_string(),
        None => raw.split(':').next().unwrap_or("").to_string(),
    };
    Some(name.trim_end_matches('.').to_string())
}

/// The access middleware.
pub async fn guard(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = path.starts_with("/api/");
    // On loopback, only requests naming a known host: a web page that
    // rebinds its own name to 127.0.0.1 names itself, and is refused
    // before anything is read or changed.
    if let Some(hosts) = &st.hosts {
        if let Some(name) = host_name(&req) {
            if !hosts.contains(&name) {
                return refuse(
                    api,
                    WebError::Misdirected(format!(
                        "this workbench does not answer for host {name:?}: it answers for {}; start it with --allow-host NAME to add a name",
                        hosts.join(", ")
                    )),
                );
            }
        }
    }
    let write = is_write(req.method());
    if write && cross_site(req.headers()) {
        return refuse(
            api,
            WebError::Forbidden("cross-site requests may not change anything".into()),
        );
    }
    if !public(&path) && st.access.needs_token(write) {
        let ok = match token(req.headers()) {
            // Checking a token only reads; its use is recorded in the
            // background (at most once a minute), so a request never waits
            // for a write lock held by a long run write.
            Some(t) => match st.store.find_token(&t).await {
                Ok(Some(tok)) => {
                    if domei_store::Store::token_use_is_stale(&tok) {
                        let store = st.store.clone();
                        tokio::spawn(async move {
                            let _ = store.record_token_use(tok.id).await;
                        });
                    }
                    true
                }
                Ok(None) => false,
                Err(e) => {
                    return refuse(
                        api,
                        WebError::Internal(format!("cannot check the token: {e}")),
                    )
                }
            },
            None => false,
        };
        if !ok {
            return refuse(api, WebError::Unauthorized);
        }
    }
    next.run(req).await
}

/// Adds the protective headers to every response (a response that set its
/// own Content-Security-Policy keeps it).
pub async fn headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Same-origin requests keep their Referer (and browsers then send a
    // real Origin on form posts); other sites get neither.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// Logs each request's method, path (without its query), status and time
/// on stderr. Never headers or bodies, so never a token.
pub async fn log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let t = std::time::Instant::now();
    let r = next.run(req).await;
    if std::env::var_os("DOMEI_QUIET").is_none() {
        eprintln!(
            "{method} {path} {} {:.1} ms",
            r.status().as_u16(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(*k, HeaderValue::from_str(v).unwrap());
        }
        m
    }

    #[test]
    fn tokens_come_from_the_header_or_the_cookie() {
        assert_eq!(
            token(&h(&[("authorization", "Bearer abc")])).as_deref(),
            Some("abc")
        );
        assert_eq!(
            token(&h(&[("cookie", "x=1; domei_token=tok; y=2")])).as_deref(),
            Some("tok")
        );
        assert_eq!(token(&h(&[("authorization", "Basic abc")])), None);
        assert_eq!(token(&h(&[])), None);
    }

    #[test]
    fn cross_site_writes_are_recognised() {
        assert!(!cross_site(&h(&[("host", "127.0.0.1:8080")])));
        assert!(!cross_site(&h(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(cross_site(&h(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(cross_site(&h(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "null")
        ])));
        assert!(cross_site(&h(&[
            ("host", "127.0.0.1:8080"),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
