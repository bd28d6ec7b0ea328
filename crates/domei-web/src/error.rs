//! Errors of the server, and how each becomes a response: JSON under
//! `/api/` ([`ApiError`]), an HTML page elsewhere ([`PageError`]).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domei_store::StoreError;

/// What went wrong, with the status it maps to.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WebError {
    /// 400: the request is malformed (a bad parameter, an unparsable body).
    #[error("{0}")]
    BadRequest(String),
    /// 401: a write (or, when reads are closed, any request) without a
    /// valid token.
    #[error("a valid API token is required (Authorization: Bearer TOKEN; `domei token create` makes one)")]
    Unauthorized,
    /// 403: a cross-site write.
    #[error("{0}")]
    Forbidden(String),
    /// 404.
    #[error("{0}")]
    NotFound(String),
    /// 409: the scenario changed since the edited version.
    #[error("{0}")]
    Conflict(String),
    /// 422: well-formed but invalid (a scenario that fails validation, a
    /// quote that is not in its passage).
    #[error("{0}")]
    Invalid(String),
    /// 422: a change whose problems each concern one field of a form (a
    /// value path, an entry, `scenario`, `file`): shown beside the field on
    /// a page, listed as `fields` in the API's error.
    #[error("{}", fields_message(.0))]
    Fields(Vec<crate::service::FieldError>),
    /// 413: beyond one of domei's limits (docs/server.md, "Limits"): a
    /// scenario too large, a run needing more memory than the budget.
    #[error("{0}")]
    TooLarge(String),
    /// 421: a request naming a host this server does not answer for (DNS
    /// rebinding protection on loopback).
    #[error("{0}")]
    Misdirected(String),
    /// 503: too busy or a service (the corpus) unavailable.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a failure of the server or its database.
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    /// The HTTP status the error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Invalid(_) | WebError::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Misdirected(_) => StatusCode::MISDIRECTED_REQUEST,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short machine-readable code, stable in the API.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::BadRequest(_) => "bad_request",
            WebError::Unauthorized => "unauthorized",
            WebError::Forbidden(_) => "forbidden",
            WebError::NotFound(_) => "not_found",
            WebError::Conflict(_) => "conflict",
            WebError::Invalid(_) | WebError::Fields(_) => "invalid",
            WebError::TooLarge(_) => "too_large",
            WebError::Misdirected(_) => "misdirected",
            WebError::Unavailable(_) => "unavailable",
            WebError::Internal(_) => "internal",
        }
    }
}

/// `field: message` for each problem, one per line.
fn fields_message(f: &[crate::service::FieldError]) -> String {
    f.iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        match e {
            StoreError::NotFound(_) => WebError::NotFound(e.to_string()),
            StoreError::InvalidScenario(_) => WebError::Invalid(e.to_string()),
            StoreError::Conflict { .. } => WebError::Conflict(e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<domei_limits::LimitError> for WebError {
    fn from(e: domei_limits::LimitError) -> WebError {
        if e.too_large() {
            WebError::TooLarge(e.to_string())
        } else {
            WebError::Invalid(e.to_string())
        }
    }
}

impl From<crate::edit::EditError> for WebError {
    fn from(e: crate::edit::EditError) -> WebError {
        use crate::edit::EditError as E;
        match e {
            E::Path(_) => WebError::BadRequest(e.to_string()),
            E::NotFound(_) => WebError::NotFound(e.to_string()),
            E::Toml(_) | E::Invalid(_) => WebError::Invalid(e.to_string()),
        }
    }
}

impl From<domei_corpus::CorpusError> for WebError {
    fn from(e: domei_corpus::CorpusError) -> WebError {
        use domei_corpus::CorpusError as E;
        match e {
            E::NotFound(m) => WebError::NotFound(m),
            E::Invalid(m) => WebError::BadRequest(m),
            E::Input { message, .. } => WebError::Invalid(message),
            E::Storage(m) => WebError::Unavailable(format!("evidence corpus: {m}")),
        }
    }
}

impl From<domei_runs::JobError> for WebError {
    fn from(e: domei_runs::JobError) -> WebError {
        WebError::Invalid(e.to_string())
    }
}

/// A [`WebError`] answered as `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let mut body = serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}});
        if let WebError::Fields(f) = &e {
            body["error"]["fields"] = serde_json::json!(f);
        }
        let mut r = (e.status(), axum::Json(body)).into_response();
        if matches!(e, WebError::Unauthorized) {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"domei\""),
            );
        }
        r
    }
}

/// A [`WebError`] answered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        error_page(
            e.status(),
            &e.to_string(),
            matches!(e, WebError::Unauthorized),
        )
    }
}

/// The HTML page of an error with `status` and `message`.
fn error_page(status: StatusCode, message: &str, login: bool) -> Response {
    let page = crate::pages::layout::page(
        &format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ),
        maud::html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p.error role="alert" { (message) }
            @if login { p { a href="/login" { "Sign in with an API token" } } }
            p { a href="/scenarios" { "Back to the scenarios" } }
        },
    );
    (status, page).into_response()
}

/// The stable code of an error status no [`WebError`] produces (the
/// framework's and the HTTP layer's refusals).
fn status_code_name(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        409 => "conflict",
        413 => "too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        421 => "misdirected",
        422 => "invalid",
        431 => "headers_too_large",
        503 => "unavailable",
        s if s >= 500 => "internal",
        _ => "error",
    }
}

/// Longest URI (path and query) a request may have: longer ones get 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of headers a request may have: more get 431.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Middleware: every error response in its documented shape. Under
/// `/api/`, a response with an error status that is not already JSON
/// (axum's rejections of bad JSON, a wrong content type or path
/// parameters; 405; the body limit's 413; the timeout's 408) becomes
/// `{"error": {"code", "message"}}` with the framework's text as message;
/// elsewhere one that is not HTML becomes the HTML error page. Oversized
/// URIs (414) and headers (431) are refused here in the same shapes.
pub async fn shape(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let header_len: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    let refused = if uri_len > MAX_URI_BYTES {
        Some((
            StatusCode::URI_TOO_LONG,
            format!("the URI is {uri_len} bytes, more than the limit of {MAX_URI_BYTES}"),
        ))
    } else if header_len > MAX_HEADER_BYTES {
        Some((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the headers are {header_len} bytes, more than the limit of {MAX_HEADER_BYTES}"
            ),
        ))
    } else {
        None
    };
    if let Some((status, message)) = refused {
        return if api {
            api_error(status, status_code_name(status), &message)
        } else {
            error_page(status, &message, false)
        };
    }
    let r = next.run(req).await;
    let status = r.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let ctype = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let ours = if api {
        ctype.starts_with("application/json")
    } else {
        ctype.starts_with("text/html")
    };
    if ours {
        return r;
    }
    let (parts, body) = r.into_parts();
    // The framework's messages are one short line; more is not read.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut out = if api {
        api_error(status, status_code_name(status), &message)
    } else {
        error_page(status, &message, false)
    };
    // Keep what the framework said besides the body (e.g. `Allow` on 405).
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().entry(k).or_insert(v.clone());
        }
    }
    out
}

/// Middleware (on every route, inside the routing so that the route is
/// known): a panic in a handler becomes a 500 in the documented shape —
/// `{"error": {"code": "internal", "message": "internal error in METHOD
/// ROUTE (please report)"}}` under `/api/`, the HTML error page elsewhere —
/// instead of a dropped connection; what panicked goes to the server's log
/// (standard error), never to the client.
pub async fn catch_panics(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use futures_util::FutureExt;
    let api = req.uri().path().starts_with("/api/");
    let handler = format!(
        "{} {}",
        req.method(),
        req.extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or_else(|| req.uri().path().to_string(), |m| m.as_str().to_string())
    );
    let uri = req.uri().clone();
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(r) => r,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            eprintln!("error: internal error in {handler} (request {uri}): panicked: {detail}");
            let message = format!("internal error in {handler} (please report)");
            let status = StatusCode::INTERNAL_SERVER_ERROR;
            if api {
                api_error(status, "internal", &message)
            } else {
                error_page(status, &message, false)
            }
        }
    }
}

fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"error": {"code": code, "message": message}});
    (status, axum::Json(body)).into_response()
}

/// Results of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
/// Results of page handlers.
pub type PageResult<T> = Result<T, PageError>;
