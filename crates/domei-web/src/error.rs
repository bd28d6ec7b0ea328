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
    /// 503: too busy or a service (the corpus) unavailable.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a failure of the server or its database.
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
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
            WebError::Invalid(_) => "invalid",
            WebError::Unavailable(_) => "unavailable",
            WebError::Internal(_) => "internal",
        }
    }
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

impl From<domei_jobs::JobError> for WebError {
    fn from(e: domei_jobs::JobError) -> WebError {
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
        let body = serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}});
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
        let status = e.status();
        let login = matches!(e, WebError::Unauthorized);
        let page = crate::pages::layout::page(
            &format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            ),
            maud::html! {
                h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
                p.error role="alert" { (e.to_string()) }
                @if login { p { a href="/login" { "Sign in with an API token" } } }
                p { a href="/scenarios" { "Back to the scenarios" } }
            },
        );
        (status, page).into_response()
    }
}

/// Results of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
pub type PageResult<T> = Result<T, PageError>;
