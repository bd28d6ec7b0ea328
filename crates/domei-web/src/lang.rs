//! The workbench's language: `?lang=en|ja` on any page switches it and is
//! remembered in a cookie (`domei_lang`, a year); without either, the
//! browser's first `Accept-Language`. Pages read it with [`current`] while
//! a request is handled (a task-local set by [`choose`]); the JSON API
//! never depends on it.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use domei_i18n::Lang;

/// The cookie that remembers the language.
pub const COOKIE: &str = "domei_lang";

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being handled (English outside one).
pub fn current() -> Lang {
    LANG.try_with(|l| *l).unwrap_or(Lang::En)
}

/// `lang=...` in a query string.
fn from_query(q: &str) -> Option<Lang> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
}

/// The `domei_lang` cookie.
fn from_cookie(req: &Request) -> Option<Lang> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| Lang::parse(v))
}

/// The browser's first preferred language, when it is one of ours.
fn from_accept(req: &Request) -> Option<Lang> {
    let v = req.headers().get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let first = v.split(',').next()?.split(';').next()?;
    Lang::parse(first)
}

/// Middleware: chooses the request's language, runs the handler with it,
/// and remembers an explicit choice in the cookie.
pub async fn choose(req: Request, next: Next) -> Response {
    let asked = req.uri().query().and_then(from_query);
    let lang = asked
        .or_else(|| from_cookie(&req))
        .or_else(|| from_accept(&req))
        .unwrap_or(Lang::En);
    let mut resp = LANG.scope(lang, next.run(req)).await;
    if let Some(l) = asked {
        let cookie = format!(
            "{COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            l.code()
        );
        if let Ok(v) = header::HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values() {
        assert_eq!(from_query("lang=ja"), Some(Lang::Ja));
        assert_eq!(from_query("version=2&lang=en"), Some(Lang::En));
        assert_eq!(from_query("lang=xx"), None);
        assert_eq!(from_query("language=ja"), None);
    }

    #[tokio::test]
    async fn current_is_scoped() {
        assert_eq!(current(), Lang::En);
        LANG.scope(Lang::Ja, async { assert_eq!(current(), Lang::Ja) })
            .await;
    }
}
