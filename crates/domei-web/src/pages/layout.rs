//! The page frame, static assets and the sign-in page (used off loopback).

use crate::access::COOKIE;
use crate::error::{PageResult, WebError};
use crate::state::Shared;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domei_i18n::{tr, Lang};
use maud::{html, Markup, DOCTYPE};

const CSS: &str = include_str!("../../assets/workbench.css");
const JS: &str = include_str!("../../assets/workbench.js");

/// A whole page, in the request's language (crate::lang): the frame's
/// words from the catalogue, a switch to the other language.
pub fn page(title: &str, body: Markup) -> Markup {
    let l = crate::lang::current();
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — domei" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/static/workbench.css";
                script src="/static/workbench.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/scenarios" { "domei " span lang="ja" { "同盟" } }
                    nav aria-label=(tr(l, "web-nav-label")) {
                        a href="/scenarios" { (tr(l, "web-nav-scenarios")) }
                        a href="/runs" { (tr(l, "web-nav-runs")) }
                        a href="/ledger" { (tr(l, "web-nav-ledger")) }
                        a href="/corpus" { (tr(l, "web-nav-evidence")) }
                        a href="/api/openapi.json" { "API" }
                    }
                    nav.lang aria-label=(tr(l, "web-lang-label")) data-testid="lang-switch" {
                        @for other in Lang::ALL {
                            @if other == l {
                                span aria-current="true" lang=(other.code()) { (tr(other, "web-lang-name")) }
                            } @else {
                                a href={ "?lang=" (other.code()) } hreflang=(other.code()) lang=(other.code()) data-lang=(other.code()) { (tr(other, "web-lang-name")) }
                            }
                        }
                    }
                }
                main { (body) }
                footer { "domei " (env!("CARGO_PKG_VERSION")) " · " (tr(l, "web-footer")) }
            }
        }
    }
}

/// The bundled Japanese font (IPAexGothic, the briefing's; IPA Font
/// License), for pages with Japanese text on systems without a CJK font.
/// The stylesheet loads it only for Japanese characters (`unicode-range`).
pub async fn font() -> Response {
    (
        [
            (header::CONTENT_TYPE, "font/ttf"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        domei_brief::pdf::FONT,
    )
        .into_response()
}

/// `GET /static/workbench.css`: the workbench's style sheet.
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        CSS,
    )
        .into_response()
}

/// `GET /static/workbench.js`: the workbench's script.
pub async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        JS,
    )
        .into_response()
}

/// `GET /login`: the sign-in form (an access token).
pub async fn login_form(State(st): State<Shared>) -> Markup {
    let l = crate::lang::current();
    page(
        &domei_i18n::tr(l, "web-login-title"),
        html! {
            h1 { (domei_i18n::tr(l, "web-login-title")) }
            @if st.access.loopback {
                p { (domei_i18n::tr(l, "web-login-loopback")) }
            } @else {
                p { (domei_i18n::tr(l, "web-login-paste")) " " code { "domei token create" } (domei_i18n::tr(l, "web-login-paste-end")) }
                form method="post" action="/login" {
                    label { (domei_i18n::tr(l, "web-login-token")) " " input type="password" name="token" autocomplete="off" required; }
                    button type="submit" { (domei_i18n::tr(l, "web-login-title")) }
                }
            }
        },
    )
}

/// The sign-in form's fields.
#[derive(serde::Deserialize)]
pub struct LoginForm {
    token: String,
}

/// `POST /login`: checks the token and sets the session cookie.
pub async fn login(State(st): State<Shared>, Form(f): Form<LoginForm>) -> PageResult<Response> {
    let t = f.token.trim();
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_graphic())
        && st.store.find_token(t).await?.is_some();
    if !ok {
        return Err(WebError::Unauthorized.into());
    }
    let cookie = format!("{COOKIE}={t}; HttpOnly; SameSite=Strict; Path=/");
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/scenarios")).into_response())
}

/// `POST /logout`: clears the session cookie.
pub async fn logout() -> Response {
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response()
}
